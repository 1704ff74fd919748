"""Claims: clusters with support, contradiction and independence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from rashomon.api.deps import StoreDep
from rashomon.store import queries as q

__all__ = ["router"]

router = APIRouter(prefix="/api/claims", tags=["claims"])


@router.get("")
def list_claims(store: StoreDep, flt: Annotated[q.ClaimFilter, Query()]) -> q.Page:
    """Return a page of claim items: disputed first, then by independent sources."""
    return q.claims(store, flt)


@router.get("/{claim_id}")
def get_claim(store: StoreDep, claim_id: str) -> q.ClaimView:
    """Return one claim item with its supporting and contradicting claims, each with its evidence."""
    view = q.claim_view(store, claim_id)
    if view is None:
        raise HTTPException(404, f"no claim {claim_id!r}; list them at /api/claims")
    return view
