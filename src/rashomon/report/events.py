"""The report's event timeline: events grouped by date, each with who says so and its evidence."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rashomon.extract.plover import PLOVER_TYPES
from rashomon.model import Count, Event
from rashomon.report.sections import section
from rashomon.store import Store

__all__ = ["TimelineRow", "collect_events", "format_count"]

#: Shown instead of a date for events whose sentence gives none.
UNDATED = "undated"


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One event as the timeline shows it."""

    event: Event
    actors: str
    recipients: str
    counts: str
    sources: str
    outlet: str
    quad: str


def format_count(count: Count) -> str:
    """Return a count as a reader would say it: "nearly 100 killed", "20–30 injured"."""
    value = f"{count.value:,.0f}" if count.value == int(count.value) else f"{count.value:,}"
    if count.low is not None and count.high is not None and count.high != count.low:
        value = f"{count.low:,.0f}–{count.high:,.0f}"
        # A vague quantity ("tens of thousands") is already said by the range.
        qualifier = "" if count.qualifier == "between" or count.qualifier.endswith("s") else count.qualifier
        return f"{qualifier} {value} {count.unit}".strip()
    return f"{count.qualifier + ' ' if count.qualifier else ''}{value} {count.unit}"


def _names(refs: tuple[Any, ...]) -> str:
    return ", ".join(f"{r.name} ({r.code})" if r.code else r.name for r in refs) or "—"


@section("events", "Events timeline", 30)
def collect_events(store: Store, ctx: dict[str, Any]) -> dict[str, Any] | None:
    """Events by date (undated last), each with actors, type, counts, modality and sources."""
    by_date: dict[str, list[TimelineRow]] = defaultdict(list)
    by_id = ctx["by_id"]
    for ev in store.records("event"):
        article = by_id.get(ev.article_id)
        outlet = (article.outlet or article.title or article.source) if article is not None else ev.article_id
        sources = "; ".join(f"{a.source} ({a.source_type})" for a in ev.reported_by if a.source)
        quad = PLOVER_TYPES[ev.type].quad if ev.type in PLOVER_TYPES else 0
        by_date[ev.date or UNDATED].append(
            TimelineRow(
                ev,
                _names(ev.actors),
                _names(ev.recipients),
                "; ".join(format_count(c) for c in ev.counts),
                sources,
                outlet,
                ("coop" if quad in (1, 2) else "conflict") if quad else "",
            )
        )
    if not by_date:
        return None
    order = sorted(d for d in by_date if d != UNDATED)
    if UNDATED in by_date:
        order.append(UNDATED)
    days = [(d, sorted(by_date[d], key=lambda r: (r.event.type, -r.event.confidence))) for d in order]
    return {"days": days, "total": sum(len(v) for v in by_date.values())}
