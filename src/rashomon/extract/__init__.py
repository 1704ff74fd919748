"""Extract: per-article records with evidence — entities, quotes, events, claims."""

from rashomon.extract.actors import ActorOptions, resolve_actors
from rashomon.extract.entities import EntityOptions, group_entities
from rashomon.extract.events import EventOptions, extract_events
from rashomon.extract.quotes import QuoteOptions, extract_quotes

__all__ = [
    "ActorOptions",
    "EntityOptions",
    "EventOptions",
    "QuoteOptions",
    "extract_events",
    "extract_quotes",
    "group_entities",
    "resolve_actors",
]
