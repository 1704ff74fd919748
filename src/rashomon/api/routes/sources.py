"""Sources: per-outlet and per-article sourcing profiles, signals and persuasion spans."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from rashomon.api.deps import StoreDep
from rashomon.store import queries as q

__all__ = ["router"]

router = APIRouter(prefix="/api/sources", tags=["sources"])


@router.get("")
def list_sources(store: StoreDep) -> list[dict[str, Any]]:
    """Return every outlet with its sourcing profile, most articles first."""
    return q.sources(store)


@router.get("/{outlet:path}")
def get_source(store: StoreDep, outlet: str) -> q.SourceView:
    """Return one outlet (name as listed, URL-encoded) with per-article profiles and signals."""
    view = q.source_view(store, outlet)
    if view is None:
        raise HTTPException(404, f"no outlet {outlet!r}; list them at /api/sources")
    return view
