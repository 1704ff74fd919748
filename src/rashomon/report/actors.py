"""The "Actors" report section: canonical actors across articles, with aliases, codes, roles and flags."""

from __future__ import annotations

from typing import Any

from rashomon.report.sections import section
from rashomon.store import Store

__all__ = ["collect_actors"]

#: Evidence links shown per actor (the export and the API carry all of them).
MAX_EVIDENCE_LINKS = 6


@section("actors", "Actors", 30)
def collect_actors(store: Store, ctx: dict[str, Any]) -> dict[str, Any] | None:
    """Fused actors named in two articles or more, or flagged, each with its evidence; the rest counted."""
    rows = []
    singles = 0
    for actor in store.records("actor"):
        articles = sorted({ev.article_id for ev in actor.evidence})
        if len(articles) < 2 and not actor.flags and not actor.dictionary_id:
            singles += 1
            continue
        per_article: dict[str, Any] = {}
        for ev in actor.evidence:
            per_article.setdefault(ev.article_id, ev)
        rows.append(
            {
                "actor": actor,
                "articles": len(articles),
                "evidence": list(per_article.values())[:MAX_EVIDENCE_LINKS],
                "merged": sum(1 for s in actor.scores if s < 1.0),
                "lowest": min(actor.scores, default=1.0),
            }
        )
    if not rows:
        return None
    rows.sort(key=lambda r: (not r["actor"].flags, -r["articles"], r["actor"].name))
    return {"rows": rows, "singles": singles, "flagged": sum(1 for r in rows if r["actor"].flags)}
