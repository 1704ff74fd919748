"""Escalation: per pair of parties, a daily conflict–cooperation series and the rungs they climb.

Each event between two parties adds its PLOVER intensity (``Event.intensity``, or the type's
default below when the extractor left it at 0) to the pair's point for that day; the events
behind each point are kept. One real event told by several articles counts once (per event
cluster when ``fuse.events`` ran, else per pair, day and type). An event with no recipient
(a mobilisation) counts toward every pair its actor is in conflict with.

The ladder is statements → sanctions → mobilisation → force. When a pair reaches a rung
above every rung it stood on before (sanctions or higher), ``analyze.escalation.v1`` stores a
``Signal(kind="escalation")`` on the article of the event that took it there.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rashomon.analyze.parties import Party, PartyResolver
from rashomon.model import Article, CorpusView, Event, EventCluster, Signal, record_id
from rashomon.registry import stage

__all__ = [
    "DEFAULT_INTENSITY",
    "LADDER",
    "EscalationOptions",
    "EscalationPoint",
    "EscalationSeries",
    "EscalationStep",
    "daily_range",
    "escalation_series",
    "flag_escalation",
]

#: The rungs, lowest first; index 0 is no conflict at all.
LADDER = ("none", "statements", "sanctions", "mobilisation", "force")
RUNG = {
    "ACCUSE": 1,
    "REJECT": 1,
    "THREATEN": 1,
    "PROTEST": 1,
    "SANCTION": 2,
    "MOBILIZE": 3,
    "COERCE": 4,
    "ASSAULT": 4,
}
# Conflict–cooperation intensity (−10 … +10) of each PLOVER type when the event carries none:
# set by hand from the Goldstein (1992) weights of the CAMEO roots each type gathers
# (e.g. 18 assault −9 … −10, 15 force posture −7.2, 16 reduce relations −4 … −7, 11 disapprove −2).
DEFAULT_INTENSITY = {
    "AGREE": 4.0,
    "CONSULT": 1.0,
    "SUPPORT": 3.5,
    "CONCEDE": 5.0,
    "COOPERATE": 6.0,
    "AID": 7.0,
    "RETREAT": 5.0,
    "REQUEST": 1.0,
    "ACCUSE": -3.0,
    "REJECT": -4.0,
    "THREATEN": -6.0,
    "PROTEST": -5.0,
    "SANCTION": -6.5,
    "MOBILIZE": -7.0,
    "COERCE": -7.5,
    "ASSAULT": -10.0,
}
_SKIP_MODALITIES = frozenset({"denied", "negated", "hypothetical"})
# Planned or threatened force is a statement, not force.
_VERBAL_MODALITIES = frozenset({"threatened", "planned"})


@dataclass(frozen=True, slots=True)
class EscalationOptions:
    """Options of the escalation series and ladder flags.

    Attributes:
        level: ``state`` rolls actors up to their state; ``actor`` keeps each actor.
        min_rung: The lowest rung whose first reach is flagged (2 = sanctions).
    """

    level: str = "state"
    min_rung: int = 2


@dataclass(frozen=True, slots=True)
class EscalationPoint:
    """One day of one pair: summed intensity, the highest rung, and the events behind it."""

    date: str
    intensity: float
    rung: int
    event_ids: tuple[str, ...]
    types: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EscalationStep:
    """A pair reaching a rung above all it stood on before."""

    date: str
    from_rung: int
    to_rung: int
    event_ids: tuple[str, ...]

    @property
    def label(self) -> str:
        """The step as ``from->to`` rung names (``statements->force``)."""
        return f"{LADDER[self.from_rung]}->{LADDER[self.to_rung]}"


@dataclass
class EscalationSeries:
    """The daily series of one (unordered) pair of parties, with its ladder steps."""

    a: Party
    b: Party
    points: list[EscalationPoint] = field(default_factory=list)
    steps: list[EscalationStep] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The pair's display name."""
        return f"{self.a.name} – {self.b.name}"


def _is_day(value: str | None) -> bool:
    return bool(value) and len(value or "") == 10 and (value or "")[:4].isdigit()


def _day(event: Event, cluster_date: str | None) -> str | None:
    """The day an event happened: its own date, else its cluster's; never the article's date.

    A report published days later ("Nearly forty … are dead") would otherwise put an old
    attack on the day it was written about.
    """
    if _is_day(event.date):
        return event.date
    return cluster_date if _is_day(cluster_date) else None


def _intensity(event: Event) -> float:
    return event.intensity if event.intensity else DEFAULT_INTENSITY.get(event.type, 0.0)


def _rung(event: Event) -> int:
    rung = RUNG.get(event.type, 0)
    if rung > 1 and event.modality in _VERBAL_MODALITIES:
        return 1
    return rung


def escalation_series(
    events: Iterable[Event],
    resolver: PartyResolver,
    articles: Mapping[str, Article],
    clusters: Sequence[EventCluster] = (),
    min_rung: int = 2,
) -> list[EscalationSeries]:
    """Build the daily series of every pair of parties in ``events``, most eventful pair first."""
    cluster_of = {eid: c.id for c in clusters for eid in c.event_ids}
    cluster_date = {eid: c.date for c in clusters for eid in c.event_ids}
    published: dict[str, str | None] = {}
    usable = []
    for e in events:
        article = articles.get(e.article_id)
        if article is None or article.duplicate_of or e.modality in _SKIP_MODALITIES:
            continue
        day = _day(e, cluster_date.get(e.id))
        if day:
            usable.append((day, e))
            published[e.id] = article.published
    # Who has been in conflict with whom by each day, for events without a recipient.
    adversaries: dict[str, list[tuple[str, str]]] = defaultdict(list)
    parties: dict[str, Party] = {}
    for day, e in usable:
        if RUNG.get(e.type, 0) == 0:
            continue
        for a in e.actors:
            pa = resolver.of_ref(a)
            for r in e.recipients:
                pr = resolver.of_ref(r)
                if pa and pr and pa.known and pr.known and pa.key != pr.key:
                    adversaries[pa.key].append((day, pr.key))
                    adversaries[pr.key].append((day, pa.key))
                    parties[pa.key], parties[pr.key] = pa, pr
    # (pair, day) → {dedupe key: (intensity, rung, type, [event ids])}
    grid: dict[tuple[tuple[str, str], str], dict[str, tuple[float, int, str, list[str]]]] = defaultdict(dict)
    for day, e in usable:
        pairs: set[tuple[str, str]] = set()
        for a in e.actors:
            pa = resolver.of_ref(a)
            if pa is None or not pa.known:
                continue
            parties.setdefault(pa.key, pa)
            targets = [t for t in (resolver.of_ref(r) for r in e.recipients) if t and t.known]
            if e.recipients:
                keys = [t.key for t in targets]
            else:
                keys = sorted({k for d, k in adversaries.get(pa.key, ()) if d <= day})
            for t in targets:
                parties.setdefault(t.key, t)
            pairs |= {tuple(sorted((pa.key, k))) for k in keys if k != pa.key}  # type: ignore[misc]
        for pair in pairs:
            dedupe = cluster_of.get(e.id) or e.type
            cell = grid[(pair, day)]
            if dedupe in cell:
                cell[dedupe][3].append(e.id)
            else:
                cell[dedupe] = (_intensity(e), _rung(e), e.type, [e.id])
    by_pair: dict[tuple[str, str], list[EscalationPoint]] = defaultdict(list)
    for (pair, day), cell in grid.items():
        by_pair[pair].append(
            EscalationPoint(
                date=day,
                intensity=round(sum(v[0] for v in cell.values()), 3),
                rung=max(v[1] for v in cell.values()),
                event_ids=tuple(i for v in cell.values() for i in v[3]),
                types=tuple(sorted({v[2] for v in cell.values()})),
            )
        )
    out = []
    for (ka, kb), points in by_pair.items():
        points.sort(key=lambda p: p.date)
        series = EscalationSeries(parties[ka], parties[kb], points)
        top = 0
        for p in points:
            if p.rung > top:
                if p.rung >= min_rung:
                    # The earliest report first: it is the one the step is shown on.
                    behind = tuple(
                        sorted(
                            (i for v in grid[((ka, kb), p.date)].values() if v[1] == p.rung for i in v[3]),
                            key=lambda i: (published.get(i) or "9999", i),
                        )
                    )
                    series.steps.append(EscalationStep(p.date, top, p.rung, behind))
                top = p.rung
        out.append(series)
    out.sort(key=lambda s: (-sum(len(p.event_ids) for p in s.points), s.label))
    return out


def daily_range(series: EscalationSeries) -> list[str]:
    """Return every day from the series' first point to its last (ISO dates)."""
    if not series.points:
        return []
    first = dt.date.fromisoformat(series.points[0].date)
    last = dt.date.fromisoformat(series.points[-1].date)
    return [(first + dt.timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]


DEFAULT_OPTIONS = EscalationOptions()


@stage("analyze.escalation.v1", scope="corpus", assigns=("signals",))
def flag_escalation(corpus: CorpusView, options: EscalationOptions = DEFAULT_OPTIONS) -> list[Signal]:
    """Flag each time a pair of parties climbs to a new rung of the escalation ladder.

    Args:
        corpus: The stored articles, entities, events (and fused actors and event clusters).
        options: See :class:`EscalationOptions`.

    Returns:
        One ``Signal(kind="escalation")`` per step, on the article of the first event that made
        it, ``label`` the step (``statements->force``) and ``record_ids`` the events behind it.
    """
    articles = {a.id: a for a in corpus.articles()}
    events = {e.id: e for e in corpus.records("event")}
    resolver = PartyResolver(corpus.records("entity"), corpus.records("actor"), options.level)
    clusters = list(corpus.records("event_cluster"))
    out = []
    for series in escalation_series(events.values(), resolver, articles, clusters, options.min_rung):
        for step in series.steps:
            first = events[step.event_ids[0]]
            out.append(
                Signal(
                    id=record_id("sig", "escalation", series.a.key, series.b.key, step.date, step.to_rung),
                    article_id=first.article_id,
                    kind="escalation",
                    evidence=first.evidence,
                    label=step.label,
                    detail=(
                        f"{series.label}: {LADDER[step.from_rung]} → {LADDER[step.to_rung]} on {step.date} "
                        f"({first.type.lower()}, {len(step.event_ids)} report(s))"
                    ),
                    score=float(step.to_rung),
                    record_ids=step.event_ids,
                )
            )
    return out
