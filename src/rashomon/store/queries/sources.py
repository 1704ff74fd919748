"""Sourcing profiles per outlet and per article: how each account sources what it says.

A profile counts what the extractors found (quotes, claims, signals, persuasion spans)
and gives shares; it is evidence for a reader, never a verdict on an outlet.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from rashomon.store.base import Store
from rashomon.store.queries._common import Corpus, outlet_key

__all__ = ["SourceView", "profile_articles", "source_view", "sources"]

#: Speaker types that name no traceable source.
UNNAMED_SPEAKERS = frozenset({"anonymous", "collective"})
#: Attribution types that count as a named, traceable source for a claim.
NAMED_SOURCES = frozenset({"named", "official", "document"})
#: Signal kinds that mark persuasion spans (shown highlighted on the outlet page).
PERSUASION_KINDS = frozenset({"persuasion"})
#: Signal kinds that carry a third party's rating of the outlet (shown apart, attributed).
RATING_KINDS = frozenset({"outlet_rating"})


@dataclass
class SourceView:
    """One outlet: its profile, each article's profile, its signals and persuasion spans."""

    outlet: dict[str, Any]
    articles: list[dict[str, Any]]
    signals: list[dict[str, Any]]
    persuasion: list[dict[str, Any]]
    ratings: list[dict[str, Any]] = field(default_factory=list)


def _empty() -> dict[str, Any]:
    return {
        "quotes": 0,
        "direct_quotes": 0,
        "unnamed_speakers": 0,
        "claims": 0,
        "named_claims": 0,
        "hedged_claims": 0,
        "opinion_claims": 0,
        "events": 0,
        "signals": 0,
        "persuasion": 0,
        "signal_kinds": {},
        "claim_sources": {},
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _finish(p: dict[str, Any]) -> dict[str, Any]:
    p["shares"] = {
        "direct_quotes": _share(p["direct_quotes"], p["quotes"]),
        "unnamed_speakers": _share(p["unnamed_speakers"], p["quotes"]),
        "named_claims": _share(p["named_claims"], p["claims"]),
        "hedged_claims": _share(p["hedged_claims"], p["claims"]),
        "opinion_claims": _share(p["opinion_claims"], p["claims"]),
    }
    return p


def profile_articles(corpus: Corpus) -> dict[str, dict[str, Any]]:
    """Return article id → its sourcing profile (counts, and ``shares`` where a count allows)."""
    return corpus.memo("profiles", lambda: _profile_articles(corpus))


def _profile_articles(corpus: Corpus) -> dict[str, dict[str, Any]]:
    profiles: dict[str, dict[str, Any]] = defaultdict(_empty)
    for q in corpus.records("quote"):
        p = profiles[q["article_id"]]
        p["quotes"] += 1
        p["direct_quotes"] += bool(q.get("direct"))
        speaker = q.get("speaker") or {}
        p["unnamed_speakers"] += speaker.get("type") in UNNAMED_SPEAKERS or not speaker.get("name")
    for c in corpus.records("claim"):
        p = profiles[c["article_id"]]
        p["claims"] += 1
        source_type = (c.get("asserted_by") or {}).get("source_type") or "outlet"
        p["claim_sources"][source_type] = p["claim_sources"].get(source_type, 0) + 1
        p["named_claims"] += source_type in NAMED_SOURCES
        p["hedged_claims"] += bool(c.get("hedges")) or (c.get("modality") or "asserted") != "asserted"
        p["opinion_claims"] += c.get("kind") == "opinion"
    for e in corpus.records("event"):
        profiles[e["article_id"]]["events"] += 1
    for s in corpus.records("signal"):
        p = profiles[s["article_id"]]
        p["signals"] += 1
        p["persuasion"] += s.get("kind") in PERSUASION_KINDS
        p["signal_kinds"][s["kind"]] = p["signal_kinds"].get(s["kind"], 0) + 1
    return {aid: _finish(p) for aid, p in profiles.items()}


def _sum(profiles: list[dict[str, Any]]) -> dict[str, Any]:
    total = _empty()
    for p in profiles:
        for k, v in p.items():
            if isinstance(v, int):
                total[k] += v
            elif k in ("signal_kinds", "claim_sources"):
                for name, n in v.items():
                    total[k][name] = total[k].get(name, 0) + n
    return _finish(total)


def _outlets(corpus: Corpus) -> dict[str, dict[str, Any]]:
    return corpus.memo("outlets", lambda: _outlet_profiles(corpus))


def _outlet_profiles(corpus: Corpus) -> dict[str, dict[str, Any]]:
    profiles = profile_articles(corpus)
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for header in corpus.headers.values():
        grouped[outlet_key(header.get("outlet"))].append(header)
    out = {}
    for name, headers in grouped.items():
        dates = sorted(h["published"] for h in headers if h.get("published"))
        profile = _sum([profiles.get(h["id"], _finish(_empty())) for h in headers])
        out[name] = {
            "outlet": name,
            "n_articles": len(headers),
            "n_copies": sum(1 for h in headers if h.get("duplicate_of")),
            "first": dates[0] if dates else None,
            "last": dates[-1] if dates else None,
            "profile": profile,
            "article_ids": [h["id"] for h in headers],
        }
    return out


def sources(store: Store) -> list[dict[str, Any]]:
    """Return every outlet with its sourcing profile, most articles first."""
    outlets = _outlets(Corpus(store))
    return sorted(outlets.values(), key=lambda o: (-o["n_articles"], o["outlet"].lower()))


def source_view(store: Store, outlet: str) -> SourceView | None:
    """Return outlet ``outlet`` (as listed by :func:`sources`) with its articles and signals."""
    corpus = Corpus(store)
    shared = _outlets(corpus).get(outlet)
    if shared is None:
        return None
    found = dict(shared)  # the shared profile is cached: add this view's counts to a copy
    profiles = profile_articles(corpus)
    ids = set(found["article_ids"])
    articles = [
        {**corpus.headers[aid], "profile": profiles.get(aid, _finish(_empty()))}
        for aid in found["article_ids"]
    ]
    signals: list[dict[str, Any]] = []
    persuasion: list[dict[str, Any]] = []
    ratings: list[dict[str, Any]] = []
    for s in corpus.records("signal"):
        if s["article_id"] not in ids:
            continue
        entry: dict[str, Any] = {
            "signal": s,
            "article": corpus.header(s["article_id"]),
            "contexts": corpus.contexts(s["evidence"]),
        }
        if s.get("kind") in RATING_KINDS:
            ratings.append(entry)
        elif s.get("kind") in PERSUASION_KINDS:
            persuasion.append(entry)
        else:
            signals.append(entry)
    found["signal_counts"] = dict(Counter(e["signal"]["kind"] for e in signals).most_common())
    found["technique_counts"] = dict(
        Counter(e["signal"].get("label") or "?" for e in persuasion).most_common()
    )
    return SourceView(found, articles, signals, persuasion, ratings)
