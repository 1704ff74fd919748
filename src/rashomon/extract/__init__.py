"""Extract: per-article records with evidence — entities, quotes, events, claims."""

from rashomon.extract.actors import ActorOptions, resolve_actors
from rashomon.extract.entities import EntityOptions, group_entities
from rashomon.extract.quotes import QuoteOptions, extract_quotes

__all__ = [
    "ActorOptions",
    "EntityOptions",
    "QuoteOptions",
    "extract_quotes",
    "group_entities",
    "resolve_actors",
]
