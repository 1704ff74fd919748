"""Analyze: credibility signals, persuasion techniques, stances and escalation."""
