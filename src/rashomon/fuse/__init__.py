"""Fuse: cross-document records — one actor, one event, one claim cluster across many accounts."""

from rashomon.fuse.actors import FusionOptions, fuse_actors

__all__ = ["FusionOptions", "fuse_actors"]
