"""Fuse: cross-document records — one actor, one event, one claim cluster across many accounts."""

from rashomon.fuse.actors import FusionOptions, fuse_actors
from rashomon.fuse.claims import ClaimFusionOptions, cluster_claims, fuse_claims
from rashomon.fuse.corroboration import Consensus, Corroboration, consensus, corroborate
from rashomon.fuse.events import EventFusionOptions, cluster_events, fuse_events, plan_refusion

__all__ = [
    "ClaimFusionOptions",
    "Consensus",
    "Corroboration",
    "EventFusionOptions",
    "FusionOptions",
    "cluster_claims",
    "cluster_events",
    "consensus",
    "corroborate",
    "fuse_actors",
    "fuse_claims",
    "fuse_events",
    "plan_refusion",
]
