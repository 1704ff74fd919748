"""Anomalies only the whole corpus shows: misspelt or borrowed names, and numbers the accounts dispute.

``name_anomaly``
    ``label="misspelling"``: an article spells a known figure's name wrongly ("Pete Hegsett",
    "Aurel Brant", "Brandtt"); ``label="other_identity"``: a name close to a known figure's is
    presented as someone else ("Norwegian journalist Henrik Hegset"). Read from the fused
    actors of ``fuse.actors.v1`` (merged misspellings, ``namesake:`` flags) when that stage
    ran, else from names attested in at least two independent articles. An article that says
    the two are different people ("no relation to …") is not flagged.
``number_conflict``
    an account's figure for an event (dead, missing, troops, …) that no reading of another
    independent account's figure for the same event allows ("12 dead" vs "at least 20"),
    read over the event clusters of ``fuse.events`` when present, else over events of one
    type dated within a day of each other that share a participant. Every side of a
    disagreement gets a signal: none is picked as right.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import JaroWinkler

from rashomon.extract.entities import strip_title
from rashomon.model import (
    Article,
    CorpusView,
    Count,
    Entity,
    Event,
    EventCluster,
    Evidence,
    FusedActor,
    Mention,
    Signal,
    evidence_for,
    record_id,
)
from rashomon.registry import stage

__all__ = ["AnomalyOptions", "count_interval", "counts_conflict", "find_anomalies"]

# Surnames at least this similar (Jaro-Winkler, case-folded) but not equal are a near-miss
# spelling. The figure the actor fusion uses too; JW("Hegseth", "Hegsett") = 0.94 and
# JW("Brandt", "Brant") = 0.97, while JW("Lopez", "Lisk") = 0.6.
NAME_SIMILARITY = 0.9
# Hedged figures are read as ranges: "nearly 40" as 34–40, "about 40" as 36–44.
_NEAR = {"nearly": (0.85, 1.0), "almost": (0.85, 1.0), "close to": (0.85, 1.0)}
_ABOUT = ("about", "around", "approximately", "roughly", "some", "an estimated", "estimated")
_AT_LEAST = ("at least", "more than", "over", "as many as", "upwards of")
_AT_MOST = ("at most", "up to", "fewer than", "less than", "under", "no more than")
# Exact figures further apart than this share of the larger disagree (12 vs 20 do, 100 vs 102 do not).
COUNT_TOLERANCE = 0.05
_UNIT_GROUPS = {
    "dead": "killed",
    "deaths": "killed",
    "killed": "killed",
    "wounded": "injured",
    "hurt": "injured",
}
_DISCLAIMER = re.compile(
    r"\b(?:no\s+relation|not\s+related|unrelated|not\s+to\s+be\s+confused|namesake|no\s+kin)\b", re.I
)


@dataclass(frozen=True, slots=True)
class AnomalyOptions:
    """Options of the corpus anomalies.

    Attributes:
        names: Flag misspelt names and names presented as someone else.
        numbers: Flag figures that contradict other accounts of the same event.
        name_similarity: Surname similarity (Jaro-Winkler) from which two names are a near miss.
        count_tolerance: Share of the larger figure by which two exact figures may differ.
    """

    names: bool = True
    numbers: bool = True
    name_similarity: float = NAME_SIMILARITY
    count_tolerance: float = COUNT_TOLERANCE


# --------------------------------------------------------------------------- names


def _fold(name: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", name)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _tokens(name: str) -> list[str]:
    name = re.sub(r"['’]s?\b", "", name)
    return [t for t in re.split(r"[\s.]+", _fold(name)) if t and t not in ("dr", "mr", "mrs", "ms", "the")]


def _near_miss(a: str, b: str, threshold: float) -> bool:
    return a != b and min(len(a), len(b)) >= 4 and JaroWinkler.similarity(a, b) >= threshold


def _disclaimed(article: Article, entity: Entity) -> bool:
    """Whether a sentence naming the person says they are someone else ("Brand, who is no relation to …")."""
    words = _tokens(entity.name)
    if not words:
        return False
    surname = re.compile(rf"\b{re.escape(entity.name.split()[-1])}\b")
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", article.text):
        if surname.search(sentence) and _DISCLAIMER.search(sentence):
            return True
    return False


def _name_signal(
    article: Article,
    entity: Entity,
    label: str,
    detail: str,
    record_ids: tuple[str, ...],
    mentions: Sequence[Mention] | None = None,
    variant: str = "",
) -> Signal:
    chosen = entity.mentions if mentions is None else mentions
    evidence = tuple(evidence_for(article, m.start, m.end, m.sentence_index) for m in chosen)
    return Signal(
        id=record_id("sig", article.id, "name_anomaly", label, entity.id, variant),
        article_id=article.id,
        kind="name_anomaly",
        evidence=evidence,
        label=label,
        detail=detail,
        record_ids=record_ids,
    )


def _misspelt(words: Sequence[str], canon: Sequence[str], person: bool, threshold: float) -> bool:
    """Whether ``words`` spell ``canon`` with one near-miss word (a surname, or one word of a name)."""
    if not words or not canon:
        return False
    if person:
        return _near_miss(words[-1], canon[-1], threshold)
    if len(words) != len(canon) or len(words) < 2:
        return False
    diff = [(a, b) for a, b in zip(words, canon, strict=True) if a != b]
    if len(diff) != 1:
        return False
    a, b = diff[0]
    # Organisation names are longer and looser ("Cartel de los Sols" for "… Soles"), but a word
    # that only adds an ending is a form of the other ("Island"/"Islands", "America"/"American").
    return not (a.startswith(b) or b.startswith(a)) and _near_miss(a, b, threshold - 0.05)


def _misspelt_mentions(
    entity: Entity, canonical: str, person: bool, options: AnomalyOptions
) -> dict[str, list[Mention]]:
    """Mentions of an entity resolved to ``canonical`` that spell it wrongly, by spelling."""
    canon = _tokens(canonical)
    found: dict[str, list[Mention]] = defaultdict(list)
    for m in entity.mentions:
        words = _tokens(strip_title(m.text))
        if _misspelt(words, canon, person, options.name_similarity):
            found[words[-1] if person else " ".join(words)].append(m)
    return found


def _names_from_actors(
    actors: Sequence[FusedActor],
    entities: Mapping[str, Entity],
    articles: Mapping[str, Article],
    options: AnomalyOptions,
) -> Iterator[Signal]:
    """Names as written against the canonical names the actor dictionary and fusion settled on.

    A misspelling shows either as a mention of an entity resolved to a dictionary actor
    ("Pete Hegsett" resolved to Pete Hegseth) or as an entity fusion merged into an actor of
    another spelling ("Brandtt" into Aurel Brandt); a ``namesake:`` flag marks a name close to a
    known figure's that is presented as someone else.
    """
    actor_of = {eid: a for a in actors for eid in a.entity_ids}
    for ent in entities.values():
        article = articles.get(ent.article_id)
        if article is None or _disclaimed(article, ent):
            continue
        actor = actor_of.get(ent.id)
        person = ent.type == "PERSON" or (actor is not None and actor.type in ("person", "PERSON"))
        if not person and ent.type not in ("ORG", "NORP"):
            continue  # places are spelt many ways on purpose (exonyms); not a credibility signal
        namesake = [f for f in actor.flags if f.startswith("namesake")] if actor else []
        if namesake and person:
            yield _name_signal(
                article, ent, "other_identity", namesake[0], (actor.id, ent.id) if actor else (ent.id,)
            )
            continue
        canonical = actor.name if actor and (actor.dictionary_id or len(actor.entity_ids) > 1) else ""
        if ent.dictionary_id and not canonical:
            canonical = ent.name
        if not canonical:
            continue
        ids = (actor.id, ent.id) if actor else (ent.id,)
        if _misspelt(_tokens(ent.name), _tokens(canonical), person, options.name_similarity):
            yield _name_signal(
                article, ent, "misspelling", f"'{ent.name}' is a misspelling of {canonical}", ids
            )
            continue
        for variant, mentions in _misspelt_mentions(ent, canonical, person, options).items():
            shown = mentions[0].text
            yield _name_signal(
                article,
                ent,
                "misspelling",
                f"'{shown}' is a misspelling of {canonical}",
                ids,
                mentions,
                variant,
            )


def _names_from_entities(
    entities: Sequence[Entity], articles: Mapping[str, Article], options: AnomalyOptions
) -> Iterator[Signal]:
    """Without fused actors: compare each person's name with names attested in two independent articles."""
    people = [e for e in entities if e.type == "PERSON" and e.article_id in articles]
    attested: dict[str, set[str]] = defaultdict(set)
    display: dict[str, str] = {}
    for e in people:
        key = " ".join(_tokens(e.name))
        if len(key.split()) >= 2 or e.dictionary_id:
            a = articles[e.article_id]
            attested[key].add(a.duplicate_of or a.id)
            display.setdefault(key, e.name)
    known = {k for k, arts in attested.items() if len(arts) >= 2}
    known |= {" ".join(_tokens(e.name)) for e in people if e.dictionary_id}
    for e in people:
        words = _tokens(e.name)
        key = " ".join(words)
        if not words or key in known or e.dictionary_id:
            continue
        for ref in sorted(known):
            rw = ref.split()
            if not _near_miss(words[-1], rw[-1], options.name_similarity):
                continue
            article = articles[e.article_id]
            if _disclaimed(article, e):
                break
            same_given = len(words) == 1 or len(rw) == 1 or words[0] == rw[0]
            label = "misspelling" if same_given else "other_identity"
            detail = (
                f"'{e.name}' is a misspelling of {display.get(ref, ref)}"
                if same_given
                else f"'{e.name}' is close to {display.get(ref, ref)} but names someone else"
            )
            yield _name_signal(article, e, label, detail, (e.id,))
            break


# ------------------------------------------------------------------------- numbers


def count_interval(count: Count) -> tuple[float, float]:
    """Return the (low, high) range a count allows: "at least 20" → (20, ∞), "nearly 40" → (34, 40)."""
    if count.low is not None and count.high is not None and count.low != count.high:
        return float(count.low), float(count.high)
    v = float(count.value)
    q = count.qualifier.lower().strip()
    if q in _NEAR:
        lo, hi = _NEAR[q]
        return v * lo, v * hi
    if q in _ABOUT:
        return v * 0.9, v * 1.1
    if q in _AT_LEAST:
        return v, math.inf
    if q in _AT_MOST:
        return 0.0, v
    return v, v


def counts_conflict(a: Count, b: Count, tolerance: float = COUNT_TOLERANCE) -> bool:
    """Return whether no reading of ``a`` agrees with any reading of ``b`` (ranges do not meet)."""
    alo, ahi = count_interval(a)
    blo, bhi = count_interval(b)
    slack = tolerance * max(a.value, b.value)
    return alo > bhi + slack or blo > ahi + slack


def _unit(count: Count) -> str:
    return _UNIT_GROUPS.get(count.unit, count.unit)


def _count_span(article: Article, event: Event, count: Count) -> Evidence | None:
    """Find where ``count.text`` is written: in the event's evidence first, else anywhere."""
    if not count.text:
        return None
    for ev in event.evidence:
        sentence_start = article.text.rfind("\n", 0, ev.start) + 1
        sentence_end = article.text.find("\n", ev.end)
        sentence_end = len(article.text) if sentence_end < 0 else sentence_end
        at = article.text.find(count.text, sentence_start, sentence_end)
        if at >= 0:
            return evidence_for(article, at, at + len(count.text), ev.sentence_index)
    at = article.text.find(count.text)
    return evidence_for(article, at, at + len(count.text)) if at >= 0 else None


def _same_event_groups(events: Sequence[Event], clusters: Sequence[EventCluster]) -> list[list[Event]]:
    by_id = {e.id: e for e in events}
    if clusters:
        return [[by_id[i] for i in c.event_ids if i in by_id] for c in clusters]
    groups: list[list[Event]] = []
    for e in sorted(events, key=lambda e: (e.type, e.date or "")):
        if not e.counts or not e.date:
            continue
        for g in groups:
            head = g[0]
            if (
                head.type == e.type
                and head.date
                and _days_apart(head.date, e.date) <= 1
                and _share_actor(head, e)
            ):
                g.append(e)
                break
        else:
            groups.append([e])
    return groups


def _days_apart(a: str, b: str) -> int:
    try:
        return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)
    except ValueError:
        return 99


def _share_actor(a: Event, b: Event) -> bool:
    names = {r.entity_id or r.code or r.name.casefold() for r in (*a.actors, *a.recipients)}
    others = {r.entity_id or r.code or r.name.casefold() for r in (*b.actors, *b.recipients)}
    return bool(names & others) or bool(a.place and a.place == b.place)


def _number_signals(
    groups: Iterable[list[Event]], articles: Mapping[str, Article], options: AnomalyOptions
) -> Iterator[Signal]:
    for group in groups:
        by_unit: dict[str, list[tuple[Event, Count]]] = defaultdict(list)
        for e in group:
            if e.article_id not in articles:
                continue
            for c in e.counts:
                by_unit[_unit(c)].append((e, c))
        for unit, items in by_unit.items():
            for e, c in items:
                a = articles[e.article_id]
                mine = a.duplicate_of or a.id
                against = [
                    (o, oc)
                    for o, oc in items
                    if (articles[o.article_id].duplicate_of or o.article_id) != mine
                    and counts_conflict(c, oc, options.count_tolerance)
                ]
                if not against:
                    continue
                span = _count_span(a, e, c)
                if span is None:
                    continue
                others = sorted({oc.text or f"{oc.value:g}" for _, oc in against})
                outlets = sorted({articles[o.article_id].outlet or o.article_id for o, _ in against})
                yield Signal(
                    id=record_id("sig", a.id, "number_conflict", unit, span.start, span.end),
                    article_id=a.id,
                    kind="number_conflict",
                    evidence=(span,),
                    label=unit,
                    detail=(
                        f"'{c.text}' ({unit}) disagrees with {'; '.join(others)} "
                        f"in other accounts of the same event ({', '.join(outlets)})"
                    ),
                    record_ids=(e.id, *dict.fromkeys(o.id for o, _ in against)),
                )


# --------------------------------------------------------------------------- stage

DEFAULT_OPTIONS = AnomalyOptions()


@stage("analyze.anomalies.v1", scope="corpus", assigns=("signals",))
def find_anomalies(corpus: CorpusView, options: AnomalyOptions = DEFAULT_OPTIONS) -> list[Signal]:
    """Find misspelt or borrowed names and disputed figures across the stored articles.

    Args:
        corpus: The stored articles and records (fused actors and event clusters when present).
        options: See :class:`AnomalyOptions`.

    Returns:
        ``name_anomaly`` and ``number_conflict`` signals, each on the article it concerns and
        with evidence in that article.
    """
    articles = {a.id: a for a in corpus.articles()}
    out: list[Signal] = []
    if options.names:
        entities = list(corpus.records("entity"))
        actors = list(corpus.records("actor"))
        if actors:
            out.extend(_names_from_actors(actors, {e.id: e for e in entities}, articles, options))
        else:
            out.extend(_names_from_entities(entities, articles, options))
    if options.numbers:
        events = [e for e in list(corpus.records("event")) if e.counts]
        clusters = list(corpus.records("event_cluster"))
        out.extend(_number_signals(_same_event_groups(events, clusters), articles, options))
    seen: set[str] = set()
    return [s for s in out if not (s.id in seen or seen.add(s.id))]  # type: ignore[func-returns-value]
