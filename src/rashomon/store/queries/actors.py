"""Canonical actors, one actor's appearances, and the stance network.

Fused :class:`~rashomon.model.FusedActor` records are the actors; before fusion has run,
:meth:`Corpus.actors` groups per-article entities into provisional ones.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import Field

from rashomon.store.base import Store
from rashomon.store.queries._common import Corpus, Filter, Page, paginate
from rashomon.store.queries.events import event_items

__all__ = ["ActorFilter", "ActorView", "StanceGraph", "actor_items", "actor_view", "actors", "stance_graph"]


class ActorFilter(Filter):
    """Which actors the list shows."""

    q: str | None = Field(default=None, max_length=200, description="Part of a name or alias.")
    type: str | None = Field(default=None, description="Entity type: PERSON, ORG, GPE, NORP, LOC, …")
    flagged: bool | None = Field(
        default=None, description="Only actors with (true) or without (false) flags."
    )


@dataclass
class ActorView:
    """One actor: the entities merged into it and every event, quote, claim and stance it is in."""

    item: dict[str, Any]
    entities: list[dict[str, Any]]
    events: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    stances: list[dict[str, Any]]
    overrides: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class StanceGraph:
    """Who supports or opposes whom: actors as nodes, stances (aggregated per pair) as edges."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]


def actor_items(corpus: Corpus) -> list[dict[str, Any]]:
    """Every actor with its article and mention counts, most widely reported first."""
    return corpus.memo("actor_items", lambda: _actor_items(corpus))


def _actor_items(corpus: Corpus) -> list[dict[str, Any]]:
    records = corpus.actors()
    entities = corpus.by_id("entity")
    items = []
    for actor in records:
        article_ids = list(
            dict.fromkeys(entities[e]["article_id"] for e in actor.get("entity_ids", []) if e in entities)
        )
        roles = list(
            {(r.get("title"), r.get("start"), r.get("end")): r for r in actor.get("roles", [])}.values()
        )
        items.append(
            {
                "id": actor["id"],
                "name": actor.get("name", ""),
                "type": actor.get("type", ""),
                "aliases": list(actor.get("aliases", [])),
                "code": actor.get("code", ""),
                "country": actor.get("country", ""),
                "roles": roles,
                "flags": list(actor.get("flags", [])),
                "entity_ids": list(actor.get("entity_ids", [])),
                "scores": list(actor.get("scores", [])),
                "article_ids": article_ids,
                "n_articles": len(article_ids),
                "n_mentions": len(actor.get("evidence", [])),
                "provisional": bool(actor.get("provisional")),
            }
        )
    items.sort(key=lambda i: (-i["n_articles"], -i["n_mentions"], i["name"].lower()))
    return items


def actors(store: Store, flt: ActorFilter | None = None) -> Page:
    """Return the page of actors that ``flt`` selects; facet ``types`` counts every actor by type."""
    flt = flt or ActorFilter()
    items = actor_items(Corpus(store))
    q = (flt.q or "").lower()
    chosen = [
        i
        for i in items
        if (not q or any(q in a.lower() for a in [i["name"], *i["aliases"]]))
        and (not flt.type or i["type"].upper() == flt.type.upper())
        and (flt.flagged is None or bool(i["flags"]) == flt.flagged)
    ]
    return paginate(chosen, flt, {"types": dict(Counter(i["type"] for i in items).most_common())})


def actor_view(store: Store, actor_id: str) -> ActorView | None:
    """Return actor ``actor_id`` (or the actor holding entity ``actor_id``) with its appearances."""
    corpus = Corpus(store)
    items = actor_items(corpus)
    item = next((i for i in items if i["id"] == actor_id), None) or next(
        (i for i in items if actor_id in i["entity_ids"]), None
    )
    if item is None:
        return None
    ids = set(item["entity_ids"]) | {item["id"]}
    names = {a.lower() for a in [item["name"], *item["aliases"]]}
    entities = corpus.by_id("entity")
    scores = dict(zip(item["entity_ids"], item["scores"], strict=False))
    merged = []
    for eid in item["entity_ids"]:
        entity = entities.get(eid)
        if entity is None:
            continue
        written = [n for n in dict.fromkeys([*entity.get("aliases", []), entity.get("name", "")]) if n]
        own = item["name"].casefold()
        others = [n for n in written if n.casefold() != own]
        merged.append(
            {
                "id": eid,
                "name": entity.get("name", ""),
                "aliases": entity.get("aliases", []),
                # The most specific name this group was written under that is not the actor's own:
                # what a split override names (overrides go by name, like `rashomon actors split`).
                "split_name": max(others, key=len) if others else None,
                "n_mentions": len(entity.get("mentions", [])),
                "score": scores.get(eid),
                "article": corpus.header(entity["article_id"]),
                "contexts": corpus.contexts(entity.get("evidence", []), limit=1),
            }
        )
    events = [
        {k: v for k, v in e.items() if not k.startswith("_")}
        for e in event_items(corpus)
        if e["_keys"] & (ids | names)
    ]
    quotes = [
        {"quote": q, "article": corpus.header(q["article_id"]), "contexts": corpus.contexts(q["evidence"], 1)}
        for q in corpus.records("quote")
        if q.get("speaker", {}).get("entity_id") in ids
        or (q.get("speaker", {}).get("name") or "").lower() in names
    ]
    claims = [
        {"claim": c, "article": corpus.header(c["article_id"])}
        for c in corpus.records("claim")
        if set(c.get("entity_ids", [])) & ids or (c.get("asserted_by") or {}).get("entity_id") in ids
    ]
    stances = [
        s
        for s in corpus.records("stance")
        if {s.get("source"), s.get("target")} & ids
        or {(s.get("source_name") or "").lower(), (s.get("target_name") or "").lower()} & names
    ]
    # Actor overrides name actors (``rashomon actors split NAME_A NAME_B``); older ones may hold ids.
    overrides = [
        o
        for o in store.overrides("actor")
        if {o["subject"], o["object"]} & ids or {o["subject"].lower(), o["object"].lower()} & names
    ]
    return ActorView(item, merged, events, quotes, claims, stances, overrides)


def stance_graph(store: Store) -> StanceGraph:
    """Return the stance network: one edge per (source, target, polarity) with its stances' weight.

    Each edge keeps the ids, dates and first evidence span of the stances behind it.
    """
    corpus = Corpus(store)
    actor_names = {a["id"]: a.get("name", "") for a in corpus.records("actor")}
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for s in corpus.records("stance"):
        ends = []
        for side in ("source", "target"):
            key = s.get(side) or s.get(f"{side}_name") or "?"
            label = actor_names.get(key) or s.get(f"{side}_name") or key
            node = nodes.setdefault(
                key, {"id": key, "label": label, "degree": 0, "actor": key in actor_names}
            )
            node["degree"] += 1
            ends.append(key)
        edge = edges.setdefault(
            (ends[0], ends[1], s.get("polarity", "")),
            {
                "source": ends[0],
                "target": ends[1],
                "polarity": s.get("polarity", ""),
                "weight": 0.0,
                "count": 0,
                "dates": [],
                "stance_ids": [],
                "evidence": [],
            },
        )
        edge["weight"] += float(s.get("weight", 1.0))
        edge["count"] += 1
        edge["stance_ids"].append(s["id"])
        if s.get("date") and s["date"] not in edge["dates"]:
            edge["dates"].append(s["date"])
        if s.get("evidence") and len(edge["evidence"]) < 3:
            edge["evidence"].append(s["evidence"][0])
    for edge in edges.values():
        edge["dates"].sort()
    return StanceGraph(
        sorted(nodes.values(), key=lambda n: (-n["degree"], n["label"])),
        sorted(edges.values(), key=lambda e: (-e["weight"], e["source"], e["target"])),
    )
