"""Actors: canonical actors, one actor's appearances, and the stance network."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from rashomon.api.deps import StoreDep
from rashomon.store import queries as q

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["actors"])


@router.get("/actors")
def list_actors(store: StoreDep, flt: Annotated[q.ActorFilter, Query()]) -> q.Page:
    """Return a page of actors, most widely reported first."""
    return q.actors(store, flt)


@router.get("/actors/{actor_id}")
def get_actor(store: StoreDep, actor_id: str) -> q.ActorView:
    """Return one actor (or the actor holding an entity id) with its events, quotes, claims and stances."""
    view = q.actor_view(store, actor_id)
    if view is None:
        raise HTTPException(404, f"no actor {actor_id!r}; list them at /api/actors")
    return view


@router.get("/stances/graph")
def get_stance_graph(store: StoreDep) -> q.StanceGraph:
    """Return the stance network: actors as nodes, stances aggregated per (source, target, polarity)."""
    return q.stance_graph(store)
