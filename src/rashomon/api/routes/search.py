"""Full-text search across articles, quotes and claims (FTS5 on SQLite, tsvector on PostgreSQL)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from rashomon.api.deps import StoreDep
from rashomon.store import queries as q

__all__ = ["router"]

router = APIRouter(prefix="/api/search", tags=["search"])


@router.get("")
def search(store: StoreDep, flt: Annotated[q.SearchFilter, Query()]) -> q.SearchPage:
    """Return hits for ``q``: words all match, "a phrase", ``or``, ``-exclude``; best first.

    Each hit's ``snippet`` is a list of ``{text, match}`` pieces.
    """
    return q.search(store, flt)
