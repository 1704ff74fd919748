"""Ingest: files, folders, globs and feeds become :class:`~rashomon.model.Article` records."""

from rashomon.ingest.duplicates import NearDuplicateIndex, minhash_of
from rashomon.ingest.files import Ingested, expand_paths, read_inputs
from rashomon.ingest.normalize import article_id, normalize_text

__all__ = [
    "Ingested",
    "NearDuplicateIndex",
    "article_id",
    "expand_paths",
    "minhash_of",
    "normalize_text",
    "read_inputs",
]
