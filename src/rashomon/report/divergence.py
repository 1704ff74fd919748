"""The report's "Where accounts diverge" section: each fused event and claim, its accounts side by side.

For every event cluster told by more than one article (or disputed), one row per account — the
outlet, what it says happened and how firmly (modality), the date, figures, actors and place it
gives, and its evidence — then each field on which the accounts differ, every value with the
outlets that give it. Claim clusters follow: the claim, who supports it, who contradicts it and
why. Values are never averaged; near-copies are marked as copies and counted once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rashomon.fuse.corroboration import NEGATIVE_MODALITIES as NEGATIVE
from rashomon.fuse.corroboration import format_count, parse_divergence
from rashomon.model import Article, Claim, ClaimCluster, Event, EventCluster, Evidence
from rashomon.report.sections import section
from rashomon.store import Store

__all__ = ["Account", "ClaimView", "EventView", "collect_divergence"]

_FIELD_LABELS = {
    "date": "Date",
    "actors": "Who acted",
    "recipients": "Against whom",
    "place": "Place",
    "modality": "How it is told",
    "type": "Kind of event",
}


@dataclass
class Account:
    """One article's account of a fused event or claim, as a table row."""

    article: Article
    copy_of: Article | None
    role: str
    modality: str
    says: str
    date: str = ""
    figures: str = ""
    actors: str = ""
    place: str = ""
    reason: str = ""
    evidence: tuple[Evidence, ...] = ()


@dataclass
class Divergence:
    """A field on which accounts differ: each value with the articles that give it."""

    label: str
    values: list[tuple[str, list[Article]]]


@dataclass
class EventView:
    """A fused event as the section shows it."""

    cluster: EventCluster
    headline: str
    sources: list[Article]
    disputed_by: list[Article]
    accounts: list[Account] = field(default_factory=list)
    divergences: list[Divergence] = field(default_factory=list)


@dataclass
class ClaimView:
    """A claim cluster as the section shows it."""

    cluster: ClaimCluster
    accounts: list[Account] = field(default_factory=list)
    divergences: list[Divergence] = field(default_factory=list)


def _label(name: str) -> str:
    if name.startswith(("counts:", "numbers:")):
        return f"Figures ({name.split(':', 1)[1]})"
    return _FIELD_LABELS.get(name, name.capitalize())


def _divergences(raw: Mapping[str, Sequence[str]], by_id: Mapping[str, Article]) -> list[Divergence]:
    out = []
    for name, entries in raw.items():
        values = []
        for entry in entries:
            value, ids = parse_divergence(entry)
            values.append((value, [by_id[i] for i in ids if i in by_id]))
        out.append(Divergence(_label(name), values))
    return out


def _refs(refs: Sequence[Any]) -> str:
    return "; ".join(dict.fromkeys(r.name for r in refs if r.name))


def _event_account(event: Event, by_id: Mapping[str, Article], disputes: bool) -> Account | None:
    article = by_id.get(event.article_id)
    if article is None:
        return None
    date = event.date or ""
    if date and event.date_precision and event.date_precision != "day":
        date += f" ({event.date_precision})"
    actors = _refs(event.actors)
    if event.recipients:
        actors = f"{actors or '?'} → {_refs(event.recipients)}"
    return Account(
        article=article,
        copy_of=by_id.get(article.duplicate_of or ""),
        role="disputes" if disputes else "reports",
        modality=event.modality,
        says=event.evidence[0].text if event.evidence else event.trigger,
        date=date,
        figures="; ".join(format_count(c) for c in event.counts),
        actors=actors,
        place=event.place,
        evidence=event.evidence,
    )


def _headline(cluster: EventCluster) -> str:
    who = _refs(cluster.actors)
    whom = _refs(cluster.recipients)
    parts = [cluster.type.capitalize()]
    if who or whom:
        parts.append(f"— {who or '?'}{f' → {whom}' if whom else ''}")
    if cluster.date:
        parts.append(f"({cluster.date})")
    return " ".join(parts)


def _event_views(store: Store, by_id: Mapping[str, Article]) -> list[EventView]:
    clusters = [c for c in store.records("event_cluster") if len(c.article_ids) > 1 or c.disputed_by]
    if not clusters:
        return []
    events = {e.id: e for e in store.records("event")}
    views = []
    for c in clusters:
        view = EventView(
            cluster=c,
            headline=_headline(c),
            sources=[by_id[a] for a in c.sources if a in by_id],
            disputed_by=[by_id[a] for a in c.disputed_by if a in by_id],
            divergences=_divergences(c.divergences, by_id),
        )
        for eid in c.event_ids:
            event = events.get(eid)
            account = None if event is None else _event_account(event, by_id, event.modality in NEGATIVE)
            if account is not None:
                view.accounts.append(account)
        view.accounts.sort(key=lambda a: (a.role, a.article.published or "", a.article.outlet))
        views.append(view)
    views.sort(key=lambda v: (-len(v.sources) - len(v.disputed_by), v.cluster.date or "", v.cluster.id))
    return views


def _claim_views(store: Store, by_id: Mapping[str, Article]) -> list[ClaimView]:
    clusters = [c for c in store.records("claim_cluster") if len(c.article_ids) > 1]
    if not clusters:
        return []
    claims: dict[str, Claim] = {c.id: c for c in store.records("claim")}
    views = []
    for c in clusters:
        view = ClaimView(cluster=c, divergences=_divergences(c.divergences, by_id))
        for role, ids in (("supports", c.supports), ("contradicts", c.contradicts)):
            for cid in ids:
                claim = claims.get(cid)
                article = by_id.get(claim.article_id) if claim else None
                if claim is None or article is None:
                    continue
                source = claim.asserted_by.source
                view.accounts.append(
                    Account(
                        article=article,
                        copy_of=by_id.get(article.duplicate_of or ""),
                        role=role,
                        modality=claim.modality,
                        says=claim.text,
                        actors=source,
                        reason=c.reasons.get(cid, ""),
                        evidence=claim.evidence,
                    )
                )
        views.append(view)
    views.sort(
        key=lambda v: (-(v.cluster.independent_sources + v.cluster.contradicting_sources), v.cluster.id)
    )
    return views


@section("divergence", "Where accounts diverge", 30)
def collect_divergence(store: Store, ctx: dict[str, Any]) -> dict[str, Any] | None:
    """Fused events and claims told by several articles, each account side by side with its source."""
    by_id: Mapping[str, Article] = ctx["by_id"]
    events = _event_views(store, by_id)
    claims = _claim_views(store, by_id)
    if not events and not claims:
        return None
    return {"events": events, "claims": claims}
