"""Events: the timeline, and one event's accounts side by side."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from rashomon.api.deps import StoreDep
from rashomon.store import queries as q

__all__ = ["router"]

router = APIRouter(prefix="/api/events", tags=["events"])


@router.get("")
def list_events(store: StoreDep, flt: Annotated[q.EventFilter, Query()]) -> q.Page:
    """Return a page of timeline items (fused events, and events no cluster holds), oldest first."""
    return q.timeline(store, flt)


@router.get("/{event_id}")
def get_event(store: StoreDep, event_id: str) -> q.EventView:
    """Return one event (cluster or single event) with every account, disputes and divergences."""
    view = q.event_view(store, event_id)
    if view is None:
        raise HTTPException(404, f"no event {event_id!r}; list them at /api/events")
    return view
