"""Full-text search across articles, quotes and claims, with highlighted snippets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from rashomon.store.base import MARK_END, MARK_START, SEARCH_KINDS, Store
from rashomon.store.queries._common import Filter

__all__ = ["SearchFilter", "SearchPage", "search", "snippet_pieces"]


class SearchFilter(Filter):
    """What to search for, and in which kinds of text."""

    q: str = Field(
        default="", max_length=500, description='Words (all must match), "a phrase", or, -exclude.'
    )
    kind: Literal["all", "article", "quote", "claim"] = Field(default="all", description="Limit to one kind.")
    limit: int = Field(default=20, ge=1, le=200, description="Hits per page (1–200).")


@dataclass
class SearchPage:
    """A page of search hits: each with its article, outlet, date and a snippet cut into pieces."""

    q: str
    kind: str
    hits: list[dict[str, object]]
    total: int
    by_kind: dict[str, int]
    limit: int
    offset: int


def snippet_pieces(snippet: str) -> list[dict[str, object]]:
    """Split a store snippet into ``{"text", "match"}`` pieces (matched terms have ``match: true``)."""
    pieces: list[dict[str, object]] = []
    rest = snippet
    while rest:
        start = rest.find(MARK_START)
        if start < 0:
            pieces.append({"text": rest, "match": False})
            break
        if start:
            pieces.append({"text": rest[:start], "match": False})
        end = rest.find(MARK_END, start)
        end = len(rest) if end < 0 else end
        pieces.append({"text": rest[start + 1 : end], "match": True})
        rest = rest[end + 1 :]
    return [p for p in pieces if p["text"]]


def search(store: Store, flt: SearchFilter) -> SearchPage:
    """Search the store's articles, quotes and claims for ``flt.q``, best match first."""
    kinds = SEARCH_KINDS if flt.kind == "all" else (flt.kind,)
    result = store.search(flt.q, kinds, flt.limit, flt.offset)
    hits: list[dict[str, object]] = [
        {
            "kind": h.kind,
            "id": h.id,
            "article_id": h.article_id,
            "title": h.title,
            "outlet": h.outlet,
            "published": h.published,
            "snippet": snippet_pieces(h.snippet),
            "rank": h.rank,
        }
        for h in result.hits
    ]
    return SearchPage(flt.q, flt.kind, hits, result.total, result.by_kind, flt.limit, flt.offset)
