"""Analyze: credibility signals, persuasion techniques, stances and escalation."""

from rashomon.analyze.anomalies import AnomalyOptions, find_anomalies
from rashomon.analyze.credibility import CredibilityOptions, score_credibility
from rashomon.analyze.escalation import EscalationOptions, escalation_series, flag_escalation
from rashomon.analyze.persuasion import PersuasionOptions, detect_persuasion, find_persuasion
from rashomon.analyze.stances import StanceOptions, derive_stances, stance_graph, write_graphml

__all__ = [
    "AnomalyOptions",
    "CredibilityOptions",
    "EscalationOptions",
    "PersuasionOptions",
    "StanceOptions",
    "derive_stances",
    "detect_persuasion",
    "escalation_series",
    "find_anomalies",
    "find_persuasion",
    "flag_escalation",
    "score_credibility",
    "stance_graph",
    "write_graphml",
]
