"""What every read query shares: the page shape, filter parsing, a per-call index and evidence context."""

from __future__ import annotations

import bisect
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rashomon.model import record_id
from rashomon.store.base import Store

__all__ = [
    "DATE_PATTERN",
    "UNKNOWN_OUTLET",
    "Corpus",
    "Filter",
    "Page",
    "evidence_context",
    "independent_count",
    "outlet_key",
    "paginate",
]

#: Dates in filters: a year, a month or a day, ISO-8601 (``2031``, ``2031-03``, ``2031-03-04``).
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
#: How an article with no outlet is listed among the sources.
UNKNOWN_OUTLET = "(no outlet)"
# Longest evidence sentence shown whole; longer ones are cut around the span.
MAX_CONTEXT_CHARS = 600
# Where a store keeps what the queries derived from it: (generation, {key: value}).
_CACHE_ATTR = "_rashomon_query_cache"
_CACHE_LOCK = threading.Lock()
T = TypeVar("T")


class Filter(BaseModel):
    """Base of every filter: paging, and empty form fields read as "not given".

    An HTML form submits ``?type=&min_sources=`` for fields left blank; those must not
    fail validation, so empty strings are dropped before validation and defaults apply.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    limit: int = Field(default=50, ge=1, le=500, description="Items per page (1–500).")
    offset: int = Field(default=0, ge=0, description="Items to skip (for the next page: offset + limit).")

    @model_validator(mode="before")
    @classmethod
    def _drop_blank(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}
        return data

    def active(self) -> dict[str, Any]:
        """Return the filters that are set (paging excluded), for echoing back and for links."""
        defaults = type(self)()
        return {
            k: v
            for k, v in self.model_dump().items()
            if k not in ("limit", "offset") and v != getattr(defaults, k)
        }


@dataclass
class Page:
    """One page of items with the total that matched, the filters applied and facet counts."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int
    filters: dict[str, Any] = field(default_factory=dict)
    facets: dict[str, Any] = field(default_factory=dict)


def paginate(items: list[dict[str, Any]], flt: Filter, facets: dict[str, Any] | None = None) -> Page:
    """Cut ``items`` to the page ``flt`` asks for."""
    return Page(
        items=items[flt.offset : flt.offset + flt.limit],
        total=len(items),
        limit=flt.limit,
        offset=flt.offset,
        filters=flt.active(),
        facets=facets or {},
    )


def outlet_key(outlet: str | None) -> str:
    """Return the name an outlet is listed under (articles without one share a placeholder)."""
    return (outlet or "").strip() or UNKNOWN_OUTLET


class Corpus:
    """Records and article headers for one query call, shared with later calls while nothing changes.

    What a call loads or derives is kept on the store, tagged with :meth:`Store.generation`;
    a later call reuses it only if the generation is still the same, so a page never shows
    data older than the store's. Values taken from here are shared: never modify them.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        generation = store.generation()
        with _CACHE_LOCK:
            cached: tuple[int, dict[Any, Any]] | None = getattr(store, _CACHE_ATTR, None)
            if cached is None or cached[0] != generation:
                cached = (generation, {})
                setattr(store, _CACHE_ATTR, cached)
        self._memo = cached[1]
        self._texts: dict[str, tuple[str, list[tuple[int, int]]]] = {}

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Return the value kept under ``key`` for this generation, computing it the first time."""
        if key not in self._memo:
            self._memo.setdefault(key, compute())
        value: T = self._memo[key]
        return value

    @property
    def headers(self) -> dict[str, dict[str, Any]]:
        """Article id → article metadata (no text), in ingestion order."""
        return self.memo("headers", lambda: {h["id"]: h for h in self.store.article_headers()})

    def records(self, kind: str) -> list[dict[str, Any]]:
        """Every stored record of ``kind`` as a dictionary, in storage order."""
        return self.memo(("records", kind), lambda: list(self.store.record_dicts(kind)))

    def by_id(self, kind: str) -> dict[str, dict[str, Any]]:
        """Record id → record of ``kind``."""
        return self.memo(("by_id", kind), lambda: {r["id"]: r for r in self.records(kind)})

    def actors(self) -> list[dict[str, Any]]:
        """Fused actors; before fusion has run, provisional ones grouped from entities.

        A provisional actor gathers the per-article entities that share a type and a name;
        it has ``provisional: true`` and an id derived from the two.
        """
        return self.memo("actors", lambda: self.records("actor") or _provisional(self.records("entity")))

    def header(self, article_id: str | None) -> dict[str, Any]:
        """The header of ``article_id`` (a placeholder for an unknown id, so pages still render)."""
        found = self.headers.get(article_id or "")
        if found is not None:
            return found
        return {"id": article_id or "", "title": "", "outlet": "", "published": None, "missing": True}

    def text(self, article_id: str) -> tuple[str, list[tuple[int, int]]]:
        """The text of ``article_id`` and its sentence offsets (empty for an unknown article)."""
        if article_id not in self._texts:
            article = self.store.get_article(article_id)
            self._texts[article_id] = (
                ("", []) if article is None else (article.text, self.store.sentences(article_id))
            )
        return self._texts[article_id]

    def contexts(self, evidence: list[dict[str, Any]], limit: int = 3) -> list[dict[str, Any]]:
        """Return the sentence around each of the first ``limit`` evidence spans (``evidence_context``)."""
        out = []
        for ev in evidence[:limit]:
            text, sentences = self.text(ev["article_id"])
            out.append(evidence_context(text, sentences, ev))
        return out

    def independent_sources(self, article_ids: list[str]) -> int:
        """Count ``article_ids`` with near-copies collapsed onto their originals."""
        return independent_count(article_ids, self.headers)


def independent_count(article_ids: list[str], headers: dict[str, dict[str, Any]]) -> int:
    """Count distinct articles after mapping each near-copy to the article it copies."""
    roots = set()
    for aid in article_ids:
        seen = set()
        while aid in headers and headers[aid].get("duplicate_of") and aid not in seen:
            seen.add(aid)
            aid = headers[aid]["duplicate_of"]
        roots.add(aid)
    return len(roots)


def evidence_context(text: str, sentences: list[tuple[int, int]], ev: dict[str, Any]) -> dict[str, Any]:
    """Return the sentence holding evidence ``ev``, split into the text before, the span and after.

    The result has ``before``, ``match``, ``after`` (strings), the evidence offsets, its
    ``sentence_index`` and ``article_id``, and ``stale`` when the stored offsets no longer
    point at the evidence text (the article changed): then only the stored text is shown.
    """
    start, end = int(ev["start"]), int(ev["end"])
    base = {
        "article_id": ev["article_id"],
        "sentence_index": int(ev.get("sentence_index") or 0),
        "start": start,
        "end": end,
    }
    if not (0 <= start <= end <= len(text)) or text[start:end] != ev["text"]:
        return {**base, "before": "", "match": ev["text"], "after": "", "stale": True}
    starts = [s for s, _ in sentences]
    i = bisect.bisect_right(starts, start) - 1
    if 0 <= i < len(sentences) and sentences[i][1] > start:
        s0, s1 = sentences[i]
        base["sentence_index"] = i
    else:
        s0 = max(text.rfind("\n", 0, start) + 1, 0)
        nl = text.find("\n", end)
        s1 = len(text) if nl < 0 else nl
    s0, s1 = min(s0, start), max(s1, end)
    before, after = text[s0:start], text[end:s1]
    room = max(MAX_CONTEXT_CHARS - (end - start), 80) // 2
    if len(before) > room:
        before = "…" + before[-room:].lstrip()
    if len(after) > room:
        after = after[:room].rstrip() + "…"
    return {**base, "before": before, "match": text[start:end], "after": after, "stale": False}


def _provisional(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for entity in entities:
        groups[(entity.get("type", ""), " ".join(entity.get("name", "").lower().split()))].append(entity)
    out = []
    for (etype, key), members in groups.items():
        names = Counter(m["name"] for m in members)
        aliases = sorted({a for m in members for a in m.get("aliases", [])} | set(names))
        out.append(
            {
                "id": record_id("act", etype, key),
                "name": names.most_common(1)[0][0],
                "type": etype,
                "aliases": aliases,
                "entity_ids": [m["id"] for m in members],
                "code": next((m["code"] for m in members if m.get("code")), ""),
                "country": next((m["country"] for m in members if m.get("country")), ""),
                "roles": [r for m in members for r in m.get("roles", [])],
                "scores": [],
                "flags": [],
                "evidence": [ev for m in members for ev in m.get("evidence", [])],
                "provisional": True,
            }
        )
    return out
