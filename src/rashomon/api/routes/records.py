"""The store at a glance, runs, rejections, and any record by kind or id."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from rashomon.api.deps import StoreDep
from rashomon.model import RECORD_KINDS
from rashomon.store import queries as q

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["records"])


@router.get("/overview")
def get_overview(store: StoreDep) -> dict[str, Any]:
    """Return counts, date range, outlets, event types, recent runs and rejections."""
    return q.overview(store)


@router.get("/counts")
def get_counts(store: StoreDep) -> dict[str, int]:
    """Return how many articles, rejections and records of each kind the store holds."""
    return store.counts()


@router.get("/runs")
def list_runs(store: StoreDep) -> list[dict[str, Any]]:
    """Return every pipeline run with its resolved configuration and figures, newest first."""
    return store.runs()


@router.get("/rejections")
def list_rejections(store: StoreDep) -> list[dict[str, str]]:
    """Return every input the pipeline rejected, with the reason and the fix."""
    return [{"source": r.source, "reason": r.reason, "fix": r.fix} for r in store.rejections()]


def _kind(name: str) -> str:
    kind = q.kind_name(name)
    if kind is None:
        raise HTTPException(404, f"unknown record kind {name!r}; use one of {', '.join(RECORD_KINDS)}")
    return kind


@router.get("/records/{kind}")
def list_records(store: StoreDep, kind: str, flt: Annotated[q.RecordFilter, Query()]) -> q.Page:
    """Return a page of stored records of ``kind`` (``event`` or ``events``, ``quote``, …) as stored."""
    return q.records(store, _kind(kind), flt)


@router.get("/records/{kind}/{record_id}")
def get_record(store: StoreDep, kind: str, record_id: str) -> dict[str, Any]:
    """Return one stored record of ``kind``, and ``location``: the page that shows it."""
    wanted = _kind(kind)
    found = store.find_record(record_id)
    if found is None or found[0] != wanted:
        raise HTTPException(404, f"no {wanted} {record_id!r}; list them at /api/records/{wanted}")
    return {"kind": wanted, "record": found[1], "location": q.locate_record(store, record_id)}
