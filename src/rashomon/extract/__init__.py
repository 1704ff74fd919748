"""Extract: per-article records with evidence — entities, quotes, events, claims."""

from rashomon.extract.actors import ActorOptions, resolve_actors
from rashomon.extract.claims import ClaimOptions, extract_claims
from rashomon.extract.entities import EntityOptions, group_entities
from rashomon.extract.events import EventOptions, extract_events
from rashomon.extract.quotes import QuoteOptions, extract_quotes
from rashomon.extract.quotes_v1 import QuoteOptionsV1, extract_quotes_v1

__all__ = [
    "ActorOptions",
    "ClaimOptions",
    "EntityOptions",
    "EventOptions",
    "QuoteOptions",
    "QuoteOptionsV1",
    "extract_claims",
    "extract_events",
    "extract_quotes",
    "extract_quotes_v1",
    "group_entities",
    "resolve_actors",
]
