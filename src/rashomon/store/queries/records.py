"""The store at a glance, any record by id or kind, and where a record is best shown."""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import Field

from rashomon.model import ANNOTATION_KINDS, RECORD_KINDS
from rashomon.store.base import Store
from rashomon.store.queries._common import Corpus, Filter, Page, paginate

__all__ = ["RecordFilter", "locate_record", "overview", "records"]

#: Plural names (as in the export files and URLs) → stored record kind.
PLURALS = ANNOTATION_KINDS


class RecordFilter(Filter):
    """Which records of one kind to list."""

    article_id: str | None = Field(default=None, description="Only records of this article.")


def kind_name(name: str) -> str | None:
    """Return the stored kind for ``name`` (``quote`` or ``quotes``), or ``None`` if unknown."""
    if name in RECORD_KINDS:
        return name
    return PLURALS.get(name)


def records(store: Store, kind: str, flt: RecordFilter | None = None) -> Page:
    """Return a page of the stored records of ``kind`` (a stored kind name), in storage order."""
    flt = flt or RecordFilter()
    return paginate(list(store.record_dicts(kind, flt.article_id)), flt)


def overview(store: Store) -> dict[str, Any]:
    """Return what the store holds: counts, date range, outlets, event types and recent runs."""
    headers = store.article_headers()
    dates = sorted(h["published"] for h in headers if h.get("published"))
    corpus = Corpus(store)
    runs = store.runs()[:5]
    return {
        "counts": store.counts(),
        "first": dates[0] if dates else None,
        "last": dates[-1] if dates else None,
        "outlets": dict(Counter(h.get("outlet") or "" for h in headers).most_common()),
        "event_types": dict(Counter(e.get("type", "") for e in corpus.records("event")).most_common()),
        "runs": [{k: v for k, v in r.items() if k != "config"} for r in runs],
        "rejections": [
            {"source": r.source, "reason": r.reason, "fix": r.fix} for r in store.rejections()[:20]
        ],
        "schema_version": store.schema_version(),
    }


def locate_record(store: Store, record_id: str) -> dict[str, Any] | None:
    """Return where record ``record_id`` is shown: ``page`` (event, claim, actor, article) and ids.

    Events and claims open their cluster's page when one holds them; entities open their
    actor; everything else opens its article at the sentence of its first evidence span.
    """
    found = store.find_record(record_id)
    if found is None:
        return None
    kind, record = found
    evidence = record.get("evidence") or []
    where: dict[str, Any] = {
        "kind": kind,
        "id": record_id,
        "article_id": record.get("article_id") or (evidence[0]["article_id"] if evidence else None),
        "sentence_index": evidence[0]["sentence_index"] if evidence else None,
    }
    corpus = Corpus(store)
    if kind in ("event", "event_cluster"):
        return {**where, "page": "event"}
    if kind in ("claim", "claim_cluster"):
        return {**where, "page": "claim"}
    if kind == "actor":
        return {**where, "page": "actor"}
    if kind == "entity":
        for actor in corpus.actors():
            if record_id in actor.get("entity_ids", []):
                return {**where, "page": "actor", "id": actor["id"]}
    return {**where, "page": "article"} if where["article_id"] else None
