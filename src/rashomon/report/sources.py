"""Report section "sources": per outlet and article, how the account sources and argues.

For each outlet: its third-party ratings when a ratings folder is configured (attributed and
dated, apart from Rashomon's own findings), the pooled sourcing profile, and per article the
profile, the credibility signals with their evidence, and the persuasion techniques
highlighted in the sentences that use them.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rashomon.analyze.persuasion import TECHNIQUE_SLUGS, load_persuasion_model
from rashomon.analyze.ratings import OutletRating, load_ratings
from rashomon.errors import ConfigError
from rashomon.model import Article, Signal
from rashomon.report.sections import section
from rashomon.store import Store

__all__ = ["KIND_TITLES", "ArticleSources", "OutletSources", "collect_sources", "highlight"]

#: Display titles of the signal kinds, in the order the report lists them.
KIND_TITLES = {
    "untraceable_source": "Untraceable sources",
    "anonymous_source": "Anonymous and collective sources",
    "impossible_date": "Impossible dates",
    "inconsistent_date": "Inconsistent dates",
    "name_anomaly": "Name anomalies",
    "role_anomaly": "Role anomalies",
    "number_conflict": "Figures other accounts contradict",
    "escalation": "Escalation steps reported here",
}
_NAMES = {slug: name for name, slug in TECHNIQUE_SLUGS.items()}


@dataclass
class ArticleSources:
    """One article's profile, signals by kind and highlighted persuasion sentences."""

    article: Article
    profile: dict[str, Any]
    signals: dict[str, list[Signal]]
    techniques: dict[str, int]
    highlighted: list[tuple[int, list[tuple[str, tuple[str, ...]]]]]


@dataclass
class OutletSources:
    """One outlet: its ratings, pooled profile and articles."""

    name: str
    ratings: list[OutletRating]
    profile: dict[str, Any]
    articles: list[ArticleSources] = field(default_factory=list)


def highlight(
    text: str, start: int, end: int, spans: list[tuple[int, int, str]]
) -> list[tuple[str, tuple[str, ...]]]:
    """Cut ``text[start:end]`` into pieces, each with the technique labels whose spans cover it."""
    cuts = {start, end}
    for s, e, _ in spans:
        cuts.update(x for x in (s, e) if start < x < end)
    points = sorted(cuts)
    out = []
    for a, b in itertools.pairwise(points):
        labels = tuple(sorted({lab for s, e, lab in spans if s <= a and b <= e}))
        out.append((text[a:b], labels))
    return out


def _pool(profiles: list[dict[str, Any]]) -> dict[str, Any]:
    statements = sum(int(p.get("statements", 0)) for p in profiles)
    named = sum(int(p.get("named_traceable", 0)) for p in profiles)
    anonymous = sum(int(p.get("anonymous", 0)) for p in profiles)
    units = sum(int(p.get("units", 0)) for p in profiles)

    def weighted(key: str) -> float:
        return (
            round(sum(float(p.get(key, 0)) * int(p.get("units", 0)) for p in profiles) / units, 3)
            if units
            else 0.0
        )

    return {
        "statements": statements,
        "named_traceable": named,
        "anonymous": anonymous,
        "named_share": round(named / statements, 3) if statements else 0.0,
        "anonymous_share": round(anonymous / statements, 3) if statements else 0.0,
        "hedged_share": weighted("hedged_share"),
        "opinion_share": weighted("opinion_share"),
    }


def _hidden_techniques() -> list[str]:
    try:
        return sorted(load_persuasion_model().hidden)
    except ConfigError:
        return []


@section("sources", "Sources: how each account argues", 60)
def collect_sources(store: Store, ctx: dict[str, Any]) -> dict[str, Any] | None:
    """Per outlet and article: ratings, sourcing profile, signals and highlighted techniques."""
    by_article: dict[str, list[Signal]] = defaultdict(list)
    for s in store.records("signal"):
        by_article[s.article_id].append(s)
    if not by_article:
        return None
    ratings = load_ratings()
    outlets: dict[str, OutletSources] = {}
    for article in ctx["articles"]:
        signals = by_article.get(article.id, [])
        if article.duplicate_of and not signals:
            continue
        name = article.outlet or "(unknown outlet)"
        outlet = outlets.get(name)
        if outlet is None:
            outlet = outlets[name] = OutletSources(name, ratings.lookup(article.url, article.outlet), {})
        profile: dict[str, Any] = {}
        kinds: dict[str, list[Signal]] = defaultdict(list)
        spans: list[tuple[int, int, str]] = []
        for s in signals:
            if s.kind == "sourcing_profile":
                profile = json.loads(s.detail or "{}")
            elif s.kind == "persuasion":
                spans.extend((ev.start, ev.end, _NAMES.get(s.label, s.label)) for ev in s.evidence)
            else:
                kinds[s.kind].append(s)
        ordered = {
            k: sorted(kinds[k], key=lambda s: s.evidence[0].start if s.evidence else 0)
            for k in KIND_TITLES
            if k in kinds
        }
        ordered.update({k: v for k, v in kinds.items() if k not in KIND_TITLES})
        sentences = store.sentences(article.id) or [(0, len(article.text))]
        highlighted = []
        for i, (s, e) in enumerate(sentences):
            inside = [sp for sp in spans if sp[0] < e and s < sp[1]]
            if inside:
                highlighted.append((i, highlight(article.text, s, e, inside)))
        techniques: dict[str, int] = defaultdict(int)
        for _, _, label in spans:
            techniques[label] += 1
        outlet.articles.append(
            ArticleSources(article, profile, ordered, dict(sorted(techniques.items())), highlighted)
        )
    for outlet in outlets.values():
        outlet.profile = _pool([a.profile for a in outlet.articles if a.profile])
    return {
        "outlets": sorted(outlets.values(), key=lambda o: o.name.casefold()),
        "kind_titles": KIND_TITLES,
        "hidden": _hidden_techniques(),
        "ratings_source": ratings.source,
    }
