"""Report sections on who is quoted and what is claimed.

``quotes``: per article, who is quoted, how often and with what credentials, each quote with its
evidence; per source, everything it said across the corpus. ``claims``: the check-worthy claims,
most check-worthy first, each with who asserts it, its hedges and its evidence.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rashomon.report.sections import section
from rashomon.store import Store

__all__ = ["collect_claims", "collect_quotes"]

#: Claims shown in the report: the most check-worthy first, at most this many.
MAX_CLAIMS = 200


def _source_key(q: Any) -> tuple[str, str]:
    sp = q.speaker
    return (sp.entity_id or sp.name.casefold() or "(unidentified)", sp.name or "(speaker not identified)")


@section("quotes", "Quotes and sources", 50)
def collect_quotes(store: Store, ctx: dict[str, Any]) -> dict[str, Any] | None:
    """Quotes per article with a who-is-quoted summary, and every statement of each source."""
    by_article: dict[str, list[Any]] = defaultdict(list)
    for q in store.records("quote"):
        by_article[q.article_id].append(q)
    if not by_article:
        return None
    order = {a.id: i for i, a in enumerate(ctx["articles"])}
    articles = []
    for aid, quotes in sorted(by_article.items(), key=lambda kv: order.get(kv[0], 0)):
        quotes.sort(key=lambda q: q.evidence[0].start)
        who: dict[tuple[str, str], dict[str, Any]] = {}
        for q in quotes:
            key = _source_key(q)
            row = who.setdefault(
                key, {"name": key[1], "type": q.speaker.type, "credentials": "", "count": 0, "direct": 0}
            )
            row["count"] += 1
            row["direct"] += int(q.direct)
            if len(q.speaker.credentials) > len(row["credentials"]):
                row["credentials"] = q.speaker.credentials
        summary = sorted(who.values(), key=lambda r: (-r["count"], r["name"]))
        articles.append({"article_id": aid, "who": summary, "quotes": quotes})
    sources: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for _, quotes in by_article.items():
        for q in quotes:
            if q.speaker.name:
                sources[_source_key(q)].append(q)
    per_source = [
        {
            "name": key[1],
            "type": qs[0].speaker.type,
            "credentials": max((q.speaker.credentials for q in qs), key=len),
            "articles": len({q.article_id for q in qs}),
            "quotes": sorted(qs, key=lambda q: (order.get(q.article_id, 0), q.evidence[0].start)),
        }
        for key, qs in sources.items()
    ]
    per_source.sort(key=lambda r: (-len(r["quotes"]), r["name"]))
    return {"articles": articles, "sources": per_source}


@section("claims", "Claims worth checking", 55)
def collect_claims(store: Store, ctx: dict[str, Any]) -> dict[str, Any] | None:
    """Claims, most check-worthy first, with who asserts them, hedges and kind."""
    claims = list(store.records("claim"))
    if not claims:
        return None
    claims.sort(key=lambda c: (-c.checkworthiness, c.article_id, c.evidence[0].start))
    kinds: dict[str, int] = defaultdict(int)
    for c in claims:
        kinds[c.kind] += 1
    return {"claims": claims[:MAX_CLAIMS], "total": len(claims), "kinds": dict(kinds)}
