"""Claims as clusters: who supports a claim, who contradicts it, and whether the support is independent.

Fused :class:`~rashomon.model.ClaimCluster` records are the items; a claim no cluster holds
(or every claim, before fusion has run) is listed on its own as a single-source item.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field

from rashomon.store.base import Store
from rashomon.store.queries._common import Corpus, Filter, Page, paginate

__all__ = ["ClaimFilter", "ClaimView", "claim_items", "claim_view", "claims"]

#: ``disputed``: some account contradicts it; ``single-source``: one independent source
#: (near-copies collapsed); ``corroborated``: two or more independent sources, none contradicting.
STATUSES = ("disputed", "single-source", "corroborated")


class ClaimFilter(Filter):
    """Which claims the list shows."""

    status: Literal["all", "disputed", "single-source", "corroborated"] = Field(
        default="all", description="disputed, single-source, corroborated, or all."
    )
    q: str | None = Field(default=None, max_length=200, description="Words the claim text contains.")
    kind: str | None = Field(default=None, description="factual, opinion or prediction.")
    modality: str | None = Field(default=None, description="asserted, alleged, unconfirmed, denied, …")
    min_sources: int = Field(default=0, ge=0, le=1000, description="Minimum number of independent sources.")


@dataclass
class ClaimView:
    """One claim cluster with its supporting and contradicting claims, each with its source and evidence."""

    item: dict[str, Any]
    supports: list[dict[str, Any]]
    contradicts: list[dict[str, Any]]
    cluster: dict[str, Any] | None = None
    focus: str | None = None


def _status(contradicts: list[str], independent: int) -> str:
    if contradicts:
        return "disputed"
    return "single-source" if independent <= 1 else "corroborated"


def _item(corpus: Corpus, record: dict[str, Any], members: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    if kind == "claim_cluster":
        supports = list(record.get("supports") or [])
        contradicts = list(record.get("contradicts") or [])
        article_ids = list(record.get("article_ids") or dict.fromkeys(m["article_id"] for m in members))
        independent = int(record.get("independent_sources") or corpus.independent_sources(article_ids))
        text = record.get("text") or (members[0]["text"] if members else "")
    else:
        supports, contradicts = [record["id"]], []
        article_ids = [record["article_id"]]
        independent = corpus.independent_sources(article_ids)
        text = record.get("text", "")
    outlets = list(dict.fromkeys(corpus.header(a).get("outlet") or "" for a in article_ids))
    return {
        "id": record["id"],
        "kind": kind,
        "text": text,
        "claim_ids": [m["id"] for m in members],
        "n_claims": len(members),
        "supports": supports,
        "contradicts": contradicts,
        "independent_sources": independent,
        "article_ids": article_ids,
        "outlets": [o for o in outlets if o],
        "status": _status(contradicts, independent),
        "kinds": sorted({m.get("kind") or "factual" for m in members}),
        "modalities": sorted({m.get("modality") or "asserted" for m in members}),
        "checkworthiness": max((float(m.get("checkworthiness") or 0.0) for m in members), default=0.0),
        "divergences": dict(record.get("divergences") or {}),
        "reasons": dict(record.get("reasons") or {}),
    }


def claim_items(corpus: Corpus) -> list[dict[str, Any]]:
    """Every claim item: one per cluster, plus one per claim that no cluster holds."""
    return corpus.memo("claim_items", lambda: _claim_items(corpus))


def _claim_items(corpus: Corpus) -> list[dict[str, Any]]:
    by_id = corpus.by_id("claim")
    covered: set[str] = set()
    items = []
    for cluster in corpus.records("claim_cluster"):
        members = [by_id[c] for c in cluster.get("claim_ids", []) if c in by_id]
        covered.update(cluster.get("claim_ids", []))
        items.append(_item(corpus, cluster, members, "claim_cluster"))
    for claim in by_id.values():
        if claim["id"] not in covered:
            items.append(_item(corpus, claim, [claim], "claim"))
    order = {s: i for i, s in enumerate(STATUSES)}
    items.sort(key=lambda i: (order[i["status"]], -i["independent_sources"], -i["checkworthiness"], i["id"]))
    return items


def claims(store: Store, flt: ClaimFilter | None = None) -> Page:
    """Return the page of claim items that ``flt`` selects: disputed first, then by independent sources.

    Facet ``status`` counts every item by status.
    """
    flt = flt or ClaimFilter()
    items = claim_items(Corpus(store))
    words = (flt.q or "").lower().split()
    chosen = [
        i
        for i in items
        if (flt.status == "all" or i["status"] == flt.status)
        and all(w in i["text"].lower() for w in words)
        and (not flt.kind or flt.kind.lower() in i["kinds"])
        and (not flt.modality or flt.modality.lower() in i["modalities"])
        and i["independent_sources"] >= flt.min_sources
    ]
    return paginate(chosen, flt, {"status": dict(Counter(i["status"] for i in items))})


def _member(corpus: Corpus, claim: dict[str, Any]) -> dict[str, Any]:
    return {
        "claim": claim,
        "article": corpus.header(claim["article_id"]),
        "contexts": corpus.contexts(claim.get("evidence", []), limit=2),
    }


def claim_view(store: Store, claim_id: str) -> ClaimView | None:
    """Return the claim item ``claim_id`` (a cluster or a claim) with its claims side by side.

    The id of a claim that a cluster holds opens the cluster, with ``focus`` on that claim.
    """
    corpus = Corpus(store)
    items = claim_items(corpus)
    item = next((i for i in items if i["id"] == claim_id), None)
    focus = None
    if item is None:
        item = next((i for i in items if claim_id in i["claim_ids"]), None)
        focus = claim_id
    if item is None:
        return None
    by_id = corpus.by_id("claim")
    contradicting = set(item["contradicts"])
    supports = [_member(corpus, by_id[c]) for c in item["claim_ids"] if c not in contradicting]
    contradicts = [_member(corpus, by_id[c]) for c in item["claim_ids"] if c in contradicting]
    return ClaimView(item, supports, contradicts, corpus.by_id("claim_cluster").get(item["id"]), focus)
