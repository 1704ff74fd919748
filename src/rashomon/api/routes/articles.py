"""Articles: the list, and one article with its text cut into highlighted pieces."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from rashomon.api.deps import StoreDep
from rashomon.store import queries as q

__all__ = ["router"]

router = APIRouter(prefix="/api/articles", tags=["articles"])


@router.get("")
def list_articles(store: StoreDep, flt: Annotated[q.ArticleFilter, Query()]) -> q.Page:
    """Return a page of article headers (no text), newest first, with record counts per kind."""
    return q.articles(store, flt)


@router.get("/{article_id}")
def get_article(store: StoreDep, article_id: str, hl: str | None = None) -> q.ArticleView:
    """Return one article: metadata, text as highlighted pieces per paragraph, and its records by kind.

    ``hl`` names a record whose evidence pieces are marked ``hl: true``.
    """
    view = q.article_view(store, article_id, hl)
    if view is None:
        raise HTTPException(404, f"no article {article_id!r}; list them at /api/articles")
    return view
