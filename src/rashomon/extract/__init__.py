"""Extract: per-article records with evidence — entities, quotes, events, claims."""

from rashomon.extract.entities import EntityOptions, group_entities
from rashomon.extract.quotes import QuoteOptions, extract_quotes

__all__ = ["EntityOptions", "QuoteOptions", "extract_quotes", "group_entities"]
