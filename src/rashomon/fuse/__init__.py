"""Fuse: cross-document records — one actor, one event, one claim cluster across many accounts."""
