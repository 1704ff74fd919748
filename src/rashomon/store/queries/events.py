"""The timeline of events and one event's accounts side by side.

Fused :class:`~rashomon.model.EventCluster` records are the timeline's items; an event that
no cluster holds (or every event, before fusion has run) is listed on its own as a
one-account item, so the timeline shows whatever the store has.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import Field

from rashomon.store.base import Store
from rashomon.store.queries._common import DATE_PATTERN, Corpus, Filter, Page, paginate

__all__ = ["EventFilter", "EventView", "event_items", "event_view", "timeline"]

# Longest account summary on a timeline card; the full sentence is on the event page.
SUMMARY_CHARS = 280


class EventFilter(Filter):
    """Which events the timeline shows."""

    actor: str | None = Field(
        default=None, description="Actor id, entity id, or part of a participant's name."
    )
    type: str | None = Field(default=None, description="PLOVER event type, e.g. ASSAULT.")
    date_from: str | None = Field(
        default=None, pattern=DATE_PATTERN, description="Earliest date (YYYY[-MM[-DD]])."
    )
    date_to: str | None = Field(
        default=None, pattern=DATE_PATTERN, description="Latest date (YYYY[-MM[-DD]])."
    )
    modality: str | None = Field(default=None, description="Only events some account gives this modality.")
    min_sources: int = Field(default=0, ge=0, le=1000, description="Minimum number of independent sources.")
    disputed: bool | None = Field(
        default=None, description="Only disputed (true) or undisputed (false) events."
    )


@dataclass
class EventView:
    """One event: its timeline item, every account side by side, who disputes it, where accounts differ."""

    item: dict[str, Any]
    accounts: list[dict[str, Any]]
    disputes: list[dict[str, Any]]
    divergences: list[dict[str, Any]]
    cluster: dict[str, Any] | None = None
    focus: str | None = None
    overrides: list[dict[str, Any]] = field(default_factory=list)


def _names(refs: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    for ref in refs:
        name = (ref.get("name") or "").strip()
        if name and name not in out:
            out.append(name)
    return out


def _keys(refs: list[dict[str, Any]]) -> set[str]:
    keys = set()
    for ref in refs:
        if ref.get("entity_id"):
            keys.add(ref["entity_id"])
        if ref.get("name"):
            keys.add(ref["name"].lower())
    return keys


def _summary(event: dict[str, Any]) -> str:
    evidence = event.get("evidence") or []
    text = " ".join((evidence[0]["text"] if evidence else event.get("trigger", "")).split())
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rstrip() + "…"


def _item(
    corpus: Corpus, record: dict[str, Any], accounts: list[dict[str, Any]], kind: str
) -> dict[str, Any]:
    first = accounts[0] if accounts else record
    actors = record.get("actors") or [a for e in accounts for a in e.get("actors", [])]
    recipients = record.get("recipients") or [r for e in accounts for r in e.get("recipients", [])]
    if kind == "event_cluster":
        sources = list(record.get("sources") or [])
        n_sources = len(sources)
    else:
        sources = [record["article_id"]]
        n_sources = corpus.independent_sources(sources)
    dates = sorted(e["date"] for e in accounts if e.get("date"))
    article_ids = list(dict.fromkeys([*record.get("article_ids", []), *(e["article_id"] for e in accounts)]))
    outlets = list(dict.fromkeys(corpus.header(a).get("outlet") or "" for a in article_ids))
    keys = _keys(actors) | _keys(recipients)
    for e in accounts:
        keys |= _keys(e.get("actors", [])) | _keys(e.get("recipients", []))
    return {
        "id": record["id"],
        "kind": kind,
        "type": record.get("type") or first.get("type", ""),
        "mode": first.get("mode", ""),
        "cameo": first.get("cameo", ""),
        "date": record.get("date") or (dates[0] if dates else None),
        "place": next((e["place"] for e in accounts if e.get("place")), ""),
        "actors": _names(actors),
        "recipients": _names(recipients),
        "sources": sources,
        "n_sources": n_sources,
        "n_accounts": len(accounts),
        "disputed_by": list(record.get("disputed_by") or []),
        "modalities": sorted({e.get("modality") or "asserted" for e in accounts}),
        "outlets": [o for o in outlets if o],
        "article_ids": article_ids,
        "event_ids": [e["id"] for e in accounts],
        "divergences": dict(record.get("divergences") or {}),
        "intensity": first.get("intensity", 0.0),
        "summary": _summary(first),
        "_keys": keys,
    }


def event_items(corpus: Corpus) -> list[dict[str, Any]]:
    """Every timeline item: one per event cluster, plus one per event that no cluster holds."""
    return corpus.memo("event_items", lambda: _event_items(corpus))


def _event_items(corpus: Corpus) -> list[dict[str, Any]]:
    events = corpus.by_id("event")
    covered: set[str] = set()
    items = []
    for cluster in corpus.records("event_cluster"):
        accounts = [events[e] for e in cluster.get("event_ids", []) if e in events]
        covered.update(cluster.get("event_ids", []))
        items.append(_item(corpus, cluster, accounts, "event_cluster"))
    for event in events.values():
        if event["id"] not in covered:
            items.append(_item(corpus, event, [event], "event"))
    items.sort(key=lambda i: (i["date"] or "9999", i["type"], i["id"]))
    return items


def _actor_keys(corpus: Corpus, actor: str) -> tuple[set[str], str]:
    """Return the exact keys an actor filter matches (ids, aliases) and the lowercase text for substrings."""
    found = next((a for a in corpus.actors() if a["id"] == actor), None)
    if found is not None:
        keys = set(found.get("entity_ids", [])) | {a.lower() for a in found.get("aliases", [])}
        return keys | {found.get("name", "").lower()}, ""
    return {actor}, actor.lower()


def _matches(item: dict[str, Any], flt: EventFilter, actor_keys: set[str], actor_text: str) -> bool:
    if flt.type and item["type"].upper() != flt.type.upper():
        return False
    if flt.modality and flt.modality.lower() not in item["modalities"]:
        return False
    if item["n_sources"] < flt.min_sources:
        return False
    if flt.disputed is not None and bool(item["disputed_by"]) != flt.disputed:
        return False
    date = item["date"] or ""
    if flt.date_from and (not date or date[: len(flt.date_from)] < flt.date_from):
        return False
    if flt.date_to and (not date or date[: len(flt.date_to)] > flt.date_to):
        return False
    if flt.actor:
        exact = bool(actor_keys & item["_keys"])
        partial = bool(actor_text) and any(actor_text in k for k in item["_keys"])
        if not (exact or partial):
            return False
    return True


def _public(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if not k.startswith("_")}


def timeline(store: Store, flt: EventFilter | None = None) -> Page:
    """Return the page of timeline items that ``flt`` selects, oldest first (undated last).

    Facets: ``types`` and ``modalities`` (counts over every item, for filter menus) and
    ``by_date`` (counts per date over the filtered items, for the timeline strip).
    """
    flt = flt or EventFilter()
    corpus = Corpus(store)
    items = event_items(corpus)
    keys, text = _actor_keys(corpus, flt.actor) if flt.actor else (set(), "")
    chosen = [_public(i) for i in items if _matches(i, flt, keys, text)]
    by_date = Counter(i["date"][:10] for i in chosen if i["date"])
    facets = {
        "types": dict(Counter(i["type"] for i in items).most_common()),
        "modalities": dict(Counter(m for i in items for m in i["modalities"]).most_common()),
        "by_date": [{"date": d, "n": n} for d, n in sorted(by_date.items())],
        "undated": sum(1 for i in chosen if not i["date"]),
    }
    return paginate(chosen, flt, facets)


def _divergences(item: dict[str, Any], accounts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of field → value per account: the cluster's own divergences, else computed from accounts."""
    rows = [{"field": k, "values": list(v)} for k, v in item["divergences"].items()]
    if rows or len(accounts) < 2:
        return rows
    fields: dict[str, Callable[[dict[str, Any]], str]] = {
        "date": lambda e: e["event"].get("date") or "",
        "modality": lambda e: e["event"].get("modality") or "",
        "counts": lambda e: "; ".join(
            " ".join(str(x) for x in (c.get("qualifier"), _num(c.get("value")), c.get("unit")) if x)
            for c in e["event"].get("counts", [])
        ),
        "actors": lambda e: ", ".join(_names(e["event"].get("actors", []))),
    }
    for name, get in fields.items():
        values = [get(a) for a in accounts]
        if len(set(values)) > 1:
            rows.append({"field": name, "values": values, "computed": True})
    return rows


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if value is not None else ""


def event_view(store: Store, event_id: str) -> EventView | None:
    """Return the event ``event_id`` (a cluster, or a single event) with its accounts side by side.

    An id of an event that a cluster holds opens the cluster, with ``focus`` on that account.
    """
    corpus = Corpus(store)
    items = event_items(corpus)
    item = next((i for i in items if i["id"] == event_id), None)
    focus = None
    if item is None:
        item = next((i for i in items if event_id in i["event_ids"]), None)
        focus = event_id
    if item is None:
        return None
    events = corpus.by_id("event")
    accounts: list[dict[str, Any]] = []
    for eid in item["event_ids"]:
        event = events[eid]
        header = corpus.header(event["article_id"])
        accounts.append(
            {
                "event": event,
                "article": header,
                "contexts": corpus.contexts(event.get("evidence", [])),
                "disputes": event["article_id"] in item["disputed_by"] or event.get("modality") == "denied",
            }
        )
    accounts.sort(key=lambda a: (a["article"].get("published") or "9999", a["article"].get("outlet") or ""))
    disputes = [corpus.header(a) for a in item["disputed_by"]]
    cluster = corpus.by_id("event_cluster").get(item["id"])
    overrides = [
        o for o in store.overrides() if {o["subject"], o["object"]} & {item["id"], *item["event_ids"]}
    ]
    return EventView(
        item=_public(item),
        accounts=accounts,
        disputes=disputes,
        divergences=_divergences(item, accounts),
        cluster=cluster,
        focus=focus,
        overrides=overrides,
    )
