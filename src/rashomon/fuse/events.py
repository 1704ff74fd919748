"""Event clusters: reports of the same real-world event across articles, disagreement kept as data.

:func:`cluster_events` groups :class:`~rashomon.model.Event` records that describe one event — the
same (or a compatible) PLOVER type, dates compatible given their precision, shared actors, place,
wording — into :class:`~rashomon.model.EventCluster` records. For each cluster it lists the
independent sources that report the event (near-copies count once with their original), the
sources that deny or negate it, and, per field (date, counts, actors, place, modality, type), every
value the accounts give with the articles that give it. Nothing is averaged.

How it scales: events are sorted by date and each is compared only with the most recent
``max_candidates`` clusters of each of its blocks — (type group, actor), (type group, place) and
(type group, day ± tolerance) — never with all others; a new event joins the best-scoring cluster
above ``min_score`` or starts its own. Sorting dominates: O(n log n) for n events (see
``benchmarks/fuse.py``). Comparing with a cluster's *seed* date (not a chain of neighbours) keeps
daily incidents between the same actors apart.

Incremental re-fusion: given the clusters of an earlier run (``previous``), only clusters that share
a block with a new or removed event are rebuilt; every other cluster is returned unchanged.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from rashomon.fuse.corroboration import (
    NEGATIVE_MODALITIES,
    canonical_sources,
    count_range,
    divergence_entry,
    format_count,
    normalize_unit,
)
from rashomon.fuse.embeddings import Encoder, get_encoder
from rashomon.model import (
    ActorRef,
    Article,
    CorpusView,
    Event,
    EventCluster,
    Evidence,
    FusedActor,
    record_id,
)
from rashomon.registry import stage

__all__ = [
    "COMPATIBLE_TYPES",
    "EventFusionOptions",
    "RefusionPlan",
    "cluster_events",
    "fuse_events",
    "plan_refusion",
]

logger = logging.getLogger(__name__)

STAGE = "fuse.events.v1"

#: PLOVER types that different outlets use for the same incident; they share a block and may
#: cluster (at a lower score). A vessel "seized" in one account is "attacked" in another.
COMPATIBLE_TYPES: dict[str, str] = {"COERCE": "ASSAULT"}

# Score weights and threshold. Calibrated on the hand-built cases in tests/fuse/test_events.py and
# the demo corpus answer key (docs/demo-corpus.md: Incident A told by eight outlets with a denial,
# Incident B ten days later between the same states must stay apart); the synthetic benchmark in
# benchmarks/fuse.py reports the pairwise precision/recall they reach. Retune together.
WEIGHTS = {"date": 0.30, "actors": 0.25, "place": 0.15, "text": 0.15, "trigger": 0.05, "counts": 0.10}
MIN_SCORE = 0.55
# A cross-type link (ASSAULT ~ COERCE) must clear the threshold by this much more.
CROSS_TYPE_PENALTY = 0.10
# Names a cluster keeps for fuzzy actor matching (bounds the work per comparison).
MAX_NAMES = 24


@dataclass(frozen=True, slots=True)
class EventFusionOptions:
    """How event reports are matched.

    Attributes:
        date_tolerance_days: Day-precise dates this many days apart can still be one event
            (time zones, "the night of 3 to 4 March", an outlet's wrong day).
        undated_window_days: An undated report is taken to describe something in this many days
            before its article's publication.
        min_score: A report joins a cluster only at or above this score (0..1).
        max_candidates: Clusters compared per block (the most recent ones); bounds the work per event.
        encoder: Text encoder for the reports' sentences: ``auto``, ``minilm``, ``hashing`` or
            ``none`` (no text similarity; structured fields only).
        incremental: Reuse the stored clusters of an earlier run that no new report touches.
    """

    date_tolerance_days: int = 1
    undated_window_days: int = 7
    min_score: float = MIN_SCORE
    max_candidates: int = 8
    encoder: str = "auto"
    incremental: bool = True


DEFAULT_OPTIONS = EventFusionOptions()

_NON_WORD = re.compile(r"[^\w]+")
_STOP = frozenset({"the", "a", "an", "of", "s", "its", "their", "his", "her", "in", "on", "at", "from", "to"})
# A reference that starts like a count ("Twelve people", "at least 20 people") names victims by
# number, not an actor; the figure is in ``Event.counts``.
_COUNT_LIKE = re.compile(
    r"^(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty\S*|"
    r"thirty\S*|forty\S*|fifty\S*|sixty\S*|seventy\S*|eighty\S*|ninety\S*|dozens?|hundreds?|"
    r"thousands?|several|scores|at|nearly|almost|about|around|more|over|some|up)\b"
)
# Share of a reference's name words found in one name the cluster already holds for a fuzzy
# match ("fishing boat" ⊂ "Ostmark fishing boat in the Sarn Strait"); checked on the demo corpus.
NAME_CONTAINMENT = 0.6
# Reports of the same type whose PLOVER modes differ ("withdraw" an ambassador vs "discontinue"
# trade) are usually different events; a penalty, not a veto, because modes are extracted.
MODE_PENALTY = 0.15
_FAR = 10**7  # an open date bound, in days


def _method(options: EventFusionOptions) -> str:
    blob = json.dumps(dataclasses.asdict(options), sort_keys=True)
    return f"{STAGE}:{hashlib.sha256(blob.encode()).hexdigest()[:12]}"


def _norm(text: str) -> str:
    words = _NON_WORD.sub(" ", text.lower().replace("’", "'").replace("'s ", " ")).split()
    return " ".join(w for w in words if w not in _STOP)


def _day(value: str | None) -> tuple[int, int] | None:
    """Return the (first, last) day ordinals that an ISO date of day, month or year precision covers."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value[:10].split("-")]
        if len(parts) == 3:
            d = dt.date(*parts).toordinal()
            return d, d
        if len(parts) == 2:
            first = dt.date(parts[0], parts[1], 1)
            nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return first.toordinal(), nxt.toordinal() - 1
        if len(parts) == 1:
            return dt.date(parts[0], 1, 1).toordinal(), dt.date(parts[0], 12, 31).toordinal()
    except ValueError:
        return None
    return None


@dataclass(slots=True)
class _Profile:
    """What matching needs of one event, computed once."""

    index: int
    event: Event
    source: str
    group: str
    lo: int
    hi: int
    precise: bool
    refs: tuple[frozenset[str], ...]
    names: tuple[frozenset[str], ...]
    keys: frozenset[str]
    place: str
    place_tokens: frozenset[str]
    counts: dict[str, list[tuple[float, float]]]
    trigger: str
    negative: bool
    register: tuple[tuple[str, ...], ...] = ()
    lookup: tuple[tuple[str, ...], ...] = ()


def _ref_keys(ref: ActorRef, fused: Mapping[str, str]) -> frozenset[str]:
    keys = set()
    if ref.entity_id and ref.entity_id in fused:
        keys.add("f:" + fused[ref.entity_id])
    if ref.code:
        keys.add("c:" + ref.code.upper())
    name = _norm(ref.name)
    if name:
        keys.add("n:" + name)
    return frozenset(keys)


def _best_key(keys: frozenset[str]) -> str | None:
    for prefix in ("f:", "c:", "n:"):
        found = sorted(k for k in keys if k.startswith(prefix))
        if found:
            return found[0]
    return None


def _profile(
    index: int,
    event: Event,
    canonical: Mapping[str, str],
    published: Mapping[str, str | None],
    fused: Mapping[str, str],
    options: EventFusionOptions,
) -> _Profile:
    group = COMPATIBLE_TYPES.get(event.type, event.type)
    span = _day(event.date) if event.date_precision not in ("invalid", "duration") else None
    precise = span is not None and span[0] == span[1]
    if span is None:
        pub = _day(published.get(event.article_id))
        span = (pub[0] - options.undated_window_days, pub[1]) if pub else (-_FAR, _FAR)
    kept = [r for r in (*event.actors, *event.recipients) if not _COUNT_LIKE.match(_norm(r.name))]
    pairs = [(k, frozenset(_norm(r.name).split())) for r, k in ((r, _ref_keys(r, fused)) for r in kept) if k]
    refs = tuple(k for k, _ in pairs)
    names = tuple(n for _, n in pairs)
    keys = frozenset().union(*refs) if refs else frozenset()
    place = _norm(event.place)
    counts: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in event.counts:
        counts[normalize_unit(c.unit)].append(count_range(c))
    trigger = _norm(event.trigger)[:5]
    prof = _Profile(
        index=index,
        event=event,
        source=canonical.get(event.article_id, event.article_id),
        group=group,
        lo=span[0],
        hi=span[1],
        precise=precise,
        refs=refs,
        names=names,
        keys=keys,
        place=place,
        place_tokens=frozenset(place.split()),
        counts=dict(counts),
        trigger=trigger,
        negative=event.modality in NEGATIVE_MODALITIES,
    )
    register: list[tuple[str, ...]] = []
    for ref in refs:
        best = _best_key(ref)
        if best:
            register.append(("a", group, best))
    if place:
        register.append(("p", group, place))
    lookup = list(register)
    if precise:
        register.append(("d", group, str(span[0])))
        tol = options.date_tolerance_days
        lookup += [("d", group, str(d)) for d in range(span[0] - tol, span[1] + tol + 1)]
    if not register:
        # Nothing to block on: fall back to the type alone (bounded by max_candidates).
        register.append(("g", group))
        lookup.append(("g", group))
    prof.register = tuple(dict.fromkeys(register))
    prof.lookup = tuple(dict.fromkeys(lookup))
    return prof


class _Cluster:
    """A cluster under construction: its seed's date and everything members have added."""

    __slots__ = (
        "counts",
        "group",
        "keys",
        "members",
        "modes",
        "names",
        "places",
        "precise",
        "registered",
        "scores",
        "span",
        "tokens",
        "triggers",
        "types",
        "vec",
    )

    def __init__(self, seed: _Profile, vec: NDArray[np.float32] | None) -> None:
        self.members: list[_Profile] = [seed]
        self.scores: list[float] = [1.0]
        self.group = seed.group
        self.span, self.precise = (seed.lo, seed.hi), seed.precise
        self.keys: set[str] = set(seed.keys)
        self.names: set[frozenset[str]] = {n for n in seed.names if n}
        self.modes: set[str] = {seed.event.mode} if seed.event.mode else set()
        self.places: set[str] = {seed.place} if seed.place else set()
        self.tokens: set[str] = set(seed.place_tokens)
        self.counts: dict[str, list[tuple[float, float]]] = {u: list(r) for u, r in seed.counts.items()}
        self.triggers: set[str] = {seed.trigger} if seed.trigger else set()
        self.types: set[str] = {seed.event.type}
        self.vec = None if vec is None else vec.copy()
        self.registered: set[tuple[str, ...]] = set()

    def add(self, prof: _Profile, score: float, vec: NDArray[np.float32] | None) -> None:
        self.members.append(prof)
        self.scores.append(score)
        if not self.precise and prof.precise:
            # The first day-precise report anchors an imprecisely dated seed.
            self.span, self.precise = (prof.lo, prof.hi), True
        self.keys.update(prof.keys)
        if len(self.names) < MAX_NAMES:
            self.names.update(n for n in prof.names if n)
        if prof.event.mode:
            self.modes.add(prof.event.mode)
        if prof.place:
            self.places.add(prof.place)
            self.tokens.update(prof.place_tokens)
        for unit, ranges in prof.counts.items():
            self.counts.setdefault(unit, []).extend(ranges)
        if prof.trigger:
            self.triggers.add(prof.trigger)
        self.types.add(prof.event.type)
        if vec is not None and self.vec is not None:
            self.vec += vec


def _score(prof: _Profile, cl: _Cluster, vec: NDArray[np.float32] | None, tol: int) -> float:
    """Return how well ``prof`` fits ``cl`` (0..1), or -1 when a hard constraint fails."""
    lo, hi = cl.span
    gap = max(prof.lo, lo) - min(prof.hi, hi)
    if gap > tol:
        return -1.0
    # Both day-precise: same day, or within the tolerance; otherwise merely compatible.
    if prof.precise and cl.precise:
        date = 1.0 if gap <= 0 else 0.7
    else:
        # Compatible but imprecise: undated reports must earn their place with actors and words.
        date = 0.5 if prof.precise or cl.precise else 0.3
    if prof.refs:
        matched = sum(
            1
            for ref, name in zip(prof.refs, prof.names, strict=True)
            if ref & cl.keys
            or (name and any(len(name & n) >= NAME_CONTAINMENT * len(name) for n in cl.names))
        )
        actors = matched / len(prof.refs)
    else:
        actors = 0.5
    if prof.place and cl.places:
        place = 1.0 if prof.place in cl.places else 0.7 if prof.place_tokens & cl.tokens else 0.0
    else:
        place = 0.5
    if prof.refs and cl.keys and actors == 0.0 and place == 0.0:
        return -1.0  # different actors in a different place: not the same event
    if vec is not None and cl.vec is not None:
        norm = float(np.linalg.norm(cl.vec))
        text = max(0.0, float(vec @ cl.vec) / norm) if norm else 0.5
    else:
        text = 0.5
    trigger = (1.0 if prof.trigger in cl.triggers else 0.5) if prof.trigger and cl.triggers else 0.5
    shared = [u for u in prof.counts if u in cl.counts]
    if shared:
        agree = any(
            a[0] <= b[1] and b[0] <= a[1] for u in shared for a in prof.counts[u] for b in cl.counts[u]
        )
        counts = 1.0 if agree else 0.0
    else:
        counts = 0.5
    total = (
        WEIGHTS["date"] * date
        + WEIGHTS["actors"] * actors
        + WEIGHTS["place"] * place
        + WEIGHTS["text"] * text
        + WEIGHTS["trigger"] * trigger
        + WEIGHTS["counts"] * counts
    )
    if prof.event.type not in cl.types:
        total -= CROSS_TYPE_PENALTY
    if prof.event.mode and cl.modes and prof.event.mode not in cl.modes:
        total -= MODE_PENALTY
    return total


def _sentence(event: Event) -> str:
    return " ".join(e.text for e in event.evidence) or event.trigger


def _cluster_profiles(
    profiles: Sequence[_Profile], options: EventFusionOptions, encoder: Encoder | None
) -> list[_Cluster]:
    # Day-precise reports first (in date order) so that they seed the clusters; month-precise and
    # undated reports then join the event they fit.
    order = sorted(profiles, key=lambda p: (not p.precise, p.lo, p.hi, p.event.article_id, p.event.id))
    vecs: dict[int, NDArray[np.float32]] = {}
    if encoder is not None and order:
        matrix = encoder.encode([_sentence(p.event) for p in order])
        vecs = {p.index: matrix[i] for i, p in enumerate(order)}
    blocks: dict[tuple[str, ...], list[_Cluster]] = defaultdict(list)
    clusters: list[_Cluster] = []
    tol = options.date_tolerance_days
    for prof in order:
        vec = vecs.get(prof.index)
        seen: set[int] = set()
        best: _Cluster | None = None
        best_score = options.min_score
        for key in prof.lookup:
            for cl in reversed(blocks.get(key, ())[-options.max_candidates :]):
                if id(cl) in seen or cl.group != prof.group:
                    continue
                seen.add(id(cl))
                s = _score(prof, cl, vec, tol)
                if s >= best_score and (best is None or s > best_score):
                    best, best_score = cl, s
        if best is None:
            best = _Cluster(prof, vec)
            clusters.append(best)
        else:
            best.add(prof, best_score, vec)
        for key in prof.register:
            if key not in best.registered:
                best.registered.add(key)
                blocks[key].append(best)
    return clusters


def _dedup_refs(
    refs: Iterable[ActorRef], fused: Mapping[str, str], canonical: Mapping[str, FusedActor]
) -> tuple[ActorRef, ...]:
    """One reference per actor; a fused actor appears under its canonical name and code."""
    out: dict[str, ActorRef] = {}
    for ref in refs:
        if _COUNT_LIKE.match(_norm(ref.name)):
            continue
        key = _best_key(_ref_keys(ref, fused)) or ref.name
        actor = canonical.get(fused.get(ref.entity_id or "", ""))
        if actor is not None:
            ref = dataclasses.replace(ref, name=actor.name, code=ref.code or actor.code)
        out.setdefault(key, ref)
    return tuple(out.values())


def _side_by_side(values: Mapping[str, set[str]]) -> tuple[str, ...]:
    return tuple(divergence_entry(v, ids) for v, ids in sorted(values.items()))


def _divergences(members: Sequence[_Profile]) -> dict[str, tuple[str, ...]]:
    fields_: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for p in members:
        ev, aid = p.event, p.event.article_id
        if ev.date:
            precision = "" if p.precise else f" ({ev.date_precision or 'imprecise'})"
            fields_["date"][ev.date + precision].add(aid)
        for c in ev.counts:
            fields_[f"counts:{normalize_unit(c.unit)}"][format_count(c)].add(aid)
        if ev.actors:
            fields_["actors"]["; ".join(sorted({r.name for r in ev.actors}))].add(aid)
        if ev.recipients:
            fields_["recipients"]["; ".join(sorted({r.name for r in ev.recipients}))].add(aid)
        if ev.place:
            fields_["place"][ev.place].add(aid)
        fields_["modality"][ev.modality].add(aid)
        fields_["type"][ev.type].add(aid)
    return {name: _side_by_side(values) for name, values in sorted(fields_.items()) if len(values) > 1}


def _cluster_date(members: Sequence[_Profile]) -> str | None:
    """The date most independent sources give (ties: the earliest); the others stay in divergences."""
    sources: dict[str, set[str]] = defaultdict(set)
    for p in members:
        if p.event.date and p.precise:
            sources[p.event.date].add(p.source)
    if not sources:
        dates = sorted(p.event.date for p in members if p.event.date)
        return dates[0] if dates else None
    return min(sources, key=lambda d: (-len(sources[d]), d))


def _record(
    cl: _Cluster, fused: Mapping[str, str], canonical: Mapping[str, FusedActor], method: str
) -> EventCluster:
    members = cl.members
    events = [p.event for p in members]
    types = Counter(e.type for e in events)
    evidence: list[Evidence] = []
    for e in events:
        evidence.extend(e.evidence)
    return EventCluster(
        id=record_id("ecl", members[0].event.id),
        type=max(types, key=lambda t: (types[t], t == members[0].event.type)),
        event_ids=tuple(e.id for e in events),
        sources=tuple(sorted({p.source for p in members if not p.negative})),
        evidence=tuple(evidence),
        disputed_by=tuple(sorted({p.source for p in members if p.negative})),
        divergences=_divergences(members),
        date=_cluster_date(members),
        actors=_dedup_refs((r for e in events for r in e.actors), fused, canonical),
        recipients=_dedup_refs((r for e in events for r in e.recipients), fused, canonical),
        score=round(sum(cl.scores) / len(cl.scores), 4),
        article_ids=tuple(sorted({e.article_id for e in events})),
        method=method,
    )


@dataclass(frozen=True, slots=True)
class RefusionPlan:
    """What an incremental re-fusion does: clusters kept as they are, and events clustered afresh.

    ``refuse`` holds indices into the events passed to :func:`plan_refusion`.
    """

    kept: tuple[EventCluster, ...]
    refuse: tuple[int, ...]
    affected_blocks: int = 0


def _fused_map(actors: Iterable[FusedActor]) -> dict[str, str]:
    return {eid: a.id for a in actors for eid in a.entity_ids}


def _profiles(
    events: Sequence[Event],
    articles: Iterable[Article],
    fused: Mapping[str, str],
    options: EventFusionOptions,
) -> list[_Profile]:
    articles = list(articles)
    canonical = canonical_sources(articles)
    published = {a.id: a.published for a in articles}
    return [_profile(i, e, canonical, published, fused, options) for i, e in enumerate(events)]


def _plan(
    profiles: Sequence[_Profile], previous: Sequence[EventCluster], method: str, tol: int
) -> tuple[list[EventCluster], list[int], int]:
    """Split ``previous`` into clusters kept as they are and events to cluster afresh.

    A cluster is touched when one of its members shares a block key with a new event (or with a
    surviving member of a cluster that lost an event) *and* lies within the date tolerance of it:
    blocks are per actor or place across the whole timeline, so the date keeps a new report from
    reopening the same actors' incidents of other weeks.
    """
    by_id = {p.event.id: p for p in profiles}
    usable = [c for c in previous if c.method == method]
    clustered = {eid for c in usable for eid in c.event_ids}
    windows: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)

    def open_window(p: _Profile, keys: Iterable[tuple[str, ...]]) -> None:
        for key in keys:
            windows[key].append((p.lo - tol, p.hi + tol))

    new = [p for p in profiles if p.event.id not in clustered]
    for p in new:
        open_window(p, (*p.lookup, *p.register))
    for c in usable:
        if any(eid not in by_id for eid in c.event_ids):
            for eid in c.event_ids:
                if eid in by_id:
                    open_window(by_id[eid], by_id[eid].register)

    def touched(m: _Profile) -> bool:
        return any(
            lo <= m.hi and m.lo <= hi for key in (*m.register, *m.lookup) for lo, hi in windows.get(key, ())
        )

    kept: list[EventCluster] = []
    refuse: list[int] = [p.index for p in new]
    for c in usable:
        members = [by_id.get(eid) for eid in c.event_ids]
        present = [m for m in members if m is not None]
        if len(present) < len(members) or any(touched(m) for m in present):
            refuse.extend(m.index for m in present)
        else:
            kept.append(c)
    return kept, sorted(set(refuse)), len(windows)


def plan_refusion(
    events: Sequence[Event],
    articles: Iterable[Article],
    previous: Sequence[EventCluster],
    actors: Iterable[FusedActor] = (),
    options: EventFusionOptions = DEFAULT_OPTIONS,
) -> RefusionPlan:
    """Say which earlier clusters a re-fusion keeps and which events it clusters afresh.

    A cluster is rebuilt when one of its events is gone or when it shares a block (type group with
    an actor, a place or a nearby day) with a new event within the date tolerance; every other
    cluster is kept.
    Clusters made under other options (``EventCluster.method``) are never reused.
    """
    profiles = _profiles(events, articles, _fused_map(actors), options)
    kept, refuse, touched = _plan(profiles, previous, _method(options), options.date_tolerance_days)
    return RefusionPlan(tuple(kept), tuple(refuse), touched)


def cluster_events(
    events: Sequence[Event],
    articles: Iterable[Article],
    actors: Iterable[FusedActor] = (),
    previous: Sequence[EventCluster] | None = None,
    options: EventFusionOptions = DEFAULT_OPTIONS,
    encoder: Encoder | None = None,
) -> list[EventCluster]:
    """Group reports of the same real-world event across articles.

    Args:
        events: Every event of the corpus (each article's extraction).
        articles: The corpus's articles (for ``duplicate_of`` and publication dates).
        actors: Fused actors, when actor resolution has run: their ids link actor references
            that name one actor differently.
        previous: Clusters of an earlier run over (part of) the same corpus; with
            ``options.incremental``, clusters that no new or removed event touches are kept as they
            are and only the rest is re-clustered (see :func:`plan_refusion`).
        options: Matching tolerances and threshold; see :class:`EventFusionOptions`.
        encoder: The text encoder for report sentences; by default ``options.encoder``.

    Returns:
        One :class:`EventCluster` per real-world event (singletons included), ordered by date.
    """
    actors = list(actors)
    fused = _fused_map(actors)
    canonical = {a.id: a for a in actors}
    profiles = _profiles(events, articles, fused, options)
    method = _method(options)
    kept: list[EventCluster] = []
    todo: Sequence[_Profile] = profiles
    if previous and options.incremental:
        kept, refuse, touched = _plan(profiles, previous, method, options.date_tolerance_days)
        todo = [profiles[i] for i in refuse]
        logger.info(
            "re-fusing %d of %d events (%d clusters kept, %d blocks touched)",
            len(todo),
            len(profiles),
            len(kept),
            touched,
        )
    if encoder is None and options.encoder != "none":
        encoder = get_encoder(options.encoder)
    built = [_record(c, fused, canonical, method) for c in _cluster_profiles(todo, options, encoder)]
    return sorted([*kept, *built], key=lambda c: (c.date or "", c.id))


@stage(STAGE, requires=("events",), assigns=("event_clusters",), scope="corpus")
def fuse_events(corpus: CorpusView, options: EventFusionOptions = DEFAULT_OPTIONS) -> list[EventCluster]:
    """Cluster the corpus's event reports into one record per real-world event.

    Args:
        corpus: The stored corpus: its articles, events, fused actors and earlier clusters.
        options: See :class:`EventFusionOptions`.

    Returns:
        Event clusters with their independent sources, disputes and divergences.
    """
    previous = list(corpus.records("event_cluster")) if options.incremental else None
    return cluster_events(
        list(corpus.records("event")),
        corpus.articles(),
        actors=list(corpus.records("actor")),
        previous=previous,
        options=options,
    )
