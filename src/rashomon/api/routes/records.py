"""Read endpoints for articles and every record kind."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query

from rashomon.api.deps import StoreDep
from rashomon.export import EXPORT_FILES, iter_export

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["records"])


@router.get("/counts")
def get_counts(store: StoreDep) -> dict[str, int]:
    """Return how many articles, rejections and records of each kind the store holds."""
    return store.counts()


@router.get("/articles/{article_id}")
def get_article(article_id: str, store: StoreDep) -> dict[str, Any]:
    """Return one article with its sentences and every evidence span in it."""
    article = store.get_article(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id}; list them at /api/articles")
    return {
        "article": {f: getattr(article, f) for f in article.__slots__},
        "sentences": store.sentences(article_id),
        "evidence": store.evidence_in(article_id),
    }


@router.get("/{kind}")
def list_records(
    kind: str,
    store: StoreDep,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    """Return a page of records of ``kind`` (``articles``, ``entities``, ``events``, ``quotes``, …)."""
    if kind not in EXPORT_FILES:
        raise HTTPException(404, f"unknown record kind {kind!r}; use one of {', '.join(EXPORT_FILES)}")
    rows = []
    for i, row in enumerate(iter_export(store, kind)):
        if i >= offset + limit:
            break
        if i >= offset:
            rows.append(row)
    return {"kind": kind, "offset": offset, "limit": limit, "items": rows}
