"""The shared vocabulary: the records every stage reads and writes.

Every record is a frozen, slotted dataclass. Records that say something about the
world (entities, events, quotes, claims, signals, stances and the fused records
built from them) carry ``evidence``: a tuple of :class:`Evidence`, each pointing at
a span of an article's text with 0-based, end-exclusive character offsets, so that
``article.text[e.start:e.end] == e.text`` always holds.

Records are plain data. :func:`to_dict` and :func:`from_dict` convert them to and
from JSON-ready dictionaries; the store, the export and the Ray engine use these.

:class:`Document` is the one mutable type here: the working container that the
article stages annotate in turn (like a spaCy ``Doc``). Its attribute names are
the names stages declare in ``requires`` and ``assigns``.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Protocol, TypeVar

from pydantic import TypeAdapter

__all__ = [
    "ANNOTATION_KINDS",
    "RECORD_KINDS",
    "ActorRef",
    "Article",
    "Attribution",
    "Claim",
    "ClaimCluster",
    "CorpusView",
    "Count",
    "Document",
    "Entity",
    "Event",
    "EventCluster",
    "Evidence",
    "FusedActor",
    "Mention",
    "Modality",
    "Quote",
    "Rejection",
    "Role",
    "Sentence",
    "Signal",
    "Speaker",
    "Stance",
    "TimeExpression",
    "Token",
    "evidence_for",
    "from_dict",
    "iter_evidence",
    "kind_of",
    "record_id",
    "to_dict",
]


class Modality(enum.StrEnum):
    """How a text presents an event or claim: the epistemic status it is given."""

    ASSERTED = "asserted"
    ALLEGED = "alleged"
    UNCONFIRMED = "unconfirmed"
    DENIED = "denied"
    THREATENED = "threatened"
    PLANNED = "planned"
    HYPOTHETICAL = "hypothetical"
    NEGATED = "negated"


def record_id(prefix: str, *parts: object) -> str:
    """Return a stable id: ``prefix`` plus 16 hex digits of a SHA-256 over ``parts``.

    The same inputs always give the same id, which is what makes re-runs idempotent.
    """
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


# --------------------------------------------------------------------------- text


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of an article that supports a record.

    Offsets are 0-based and end-exclusive into ``Article.text``;
    ``sentence_index`` is the 0-based index of the sentence holding ``start``.
    """

    article_id: str
    sentence_index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Article:
    """One news account as ingested: its text and what is known about where it came from.

    ``id`` is derived from the normalised text (see ``ingest.normalize``), so the same
    article read twice has the same id. ``published`` is an ISO-8601 date (or ``None``);
    ``duplicate_of`` names the article this one is a near-copy of (syndication, repost).
    """

    id: str
    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    outlet: str = ""
    author: str = ""
    published: str | None = None
    format: str = "txt"
    language: str = "en"
    duplicate_of: str | None = None
    duplicate_score: float | None = None


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not become an article, with the reason and the fix."""

    source: str
    reason: str
    fix: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article; offsets into ``Article.text`` (end-exclusive)."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Token:
    """One token with its parse, model-independent so stages can be tested by hand.

    ``head`` is the index of the syntactic head within the article (its own index for
    a root); ``sentence`` is the index of its sentence; ``ent_type`` is the named-entity
    label when the token is inside an entity, else ``""``.
    """

    i: int
    start: int
    end: int
    text: str
    lemma: str = ""
    pos: str = ""
    tag: str = ""
    dep: str = ""
    head: int = -1
    sentence: int = 0
    ent_type: str = ""
    ent_iob: str = "O"
    whitespace: str = " "


@dataclass(frozen=True, slots=True)
class Mention:
    """A span naming something: a named entity, a title, a role noun or a pronoun.

    ``type`` follows spaCy/OntoNotes labels (PERSON, ORG, GPE, NORP, LOC, FAC, …) or
    ``ROLE`` for role nouns such as "the Secretary of War".
    """

    text: str
    start: int
    end: int
    sentence_index: int
    type: str
    entity_id: str | None = None


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A date or duration in the text, resolved against the article's date where possible.

    ``value`` is ISO-8601 (``2025-09-02``, ``2025-09``, ``2025``) or ``None`` when it
    cannot be resolved; ``precision`` is one of ``day``, ``month``, ``year``,
    ``duration``, ``range``, ``invalid``; ``end_value`` closes a range; ``duration_days``
    is set for durations ("three months" → 90).
    """

    text: str
    start: int
    end: int
    sentence_index: int
    value: str | None
    precision: str
    end_value: str | None = None
    duration_days: int | None = None
    anchor: str | None = None


# ----------------------------------------------------------------------- per article


@dataclass(frozen=True, slots=True)
class Role:
    """A dated role an actor holds ("Secretary of Defense", 2025-01-25 to ``None``)."""

    title: str
    start: str | None = None
    end: str | None = None
    code: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """One actor, place or thing as named within one article, with all its mentions.

    ``name`` is the canonical name where the actor dictionary knows it, else the fullest
    mention. ``code`` is a CAMEO-style actor code (``USAMIL``, ``VENGOV``) where known.
    ``actor_id`` links to the cross-article :class:`FusedActor` once fusion has run.
    """

    id: str
    article_id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: tuple[Mention, ...]
    evidence: tuple[Evidence, ...]
    code: str = ""
    country: str = ""
    sector: str = ""
    dictionary_id: str | None = None
    actor_id: str | None = None
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True, slots=True)
class ActorRef:
    """A participant in an event: the name as given, its code and the entity it resolved to."""

    name: str
    code: str = ""
    entity_id: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Count:
    """A number the text gives for an event, kept with its qualifier.

    ``value`` is the number ("nearly 100" → 100), ``qualifier`` the hedge ("nearly",
    "more than", "at least", "" for exact), ``unit`` what is counted (killed, injured,
    vessels, troops, strikes, survivors, …), ``text`` the phrase as written.
    """

    value: float
    unit: str
    qualifier: str = ""
    text: str = ""
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who reports something: the article (always) and, where stated, a source inside it.

    ``source`` is the in-text source ("leaked intelligence reports obtained by
    Gazeta.ru"), ``source_type`` one of ``outlet``, ``named``, ``anonymous``,
    ``collective``, ``document``, ``official``.
    """

    article_id: str
    source: str = ""
    source_type: str = "outlet"
    entity_id: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, when, where and how many, as one article tells it.

    ``type`` is one of the 16 PLOVER event types (``ASSAULT``, ``MOBILIZE``, …) and
    ``mode`` its PLOVER mode where one applies; ``cameo`` is the matching CAMEO root code;
    ``intensity`` a conflict–cooperation score (negative = conflict, −10..+10).
    """

    id: str
    article_id: str
    type: str
    actors: tuple[ActorRef, ...]
    recipients: tuple[ActorRef, ...]
    evidence: tuple[Evidence, ...]
    mode: str = ""
    cameo: str = ""
    intensity: float = 0.0
    date: str | None = None
    date_precision: str = ""
    date_text: str = ""
    place: str = ""
    country: str = ""
    counts: tuple[Count, ...] = ()
    modality: str = Modality.ASSERTED.value
    reported_by: tuple[Attribution, ...] = ()
    trigger: str = ""
    confidence: float = 1.0
    method: str = ""


@dataclass(frozen=True, slots=True)
class Speaker:
    """The source of a quote: its name as written, the entity it resolved to, its credentials.

    ``type`` is ``person``, ``organization``, ``state``, ``anonymous``, ``collective``
    or ``document``; ``credentials`` the stated qualification ("a geopolitical analyst
    at the International Security Institute").
    """

    name: str
    entity_id: str | None = None
    type: str = "person"
    credentials: str = ""
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """Something a source said, directly (in quotation marks) or as reported speech.

    ``evidence`` holds the content span first; ``speaker_evidence`` and ``cue_evidence``
    hold the spans of the speaker and the cue ("said", "warned", "according to").
    """

    id: str
    article_id: str
    speaker: Speaker
    cue: str
    content: str
    direct: bool
    evidence: tuple[Evidence, ...]
    speaker_evidence: tuple[Evidence, ...] = ()
    cue_evidence: tuple[Evidence, ...] = ()
    partial: bool = False
    chain: tuple[str, ...] = ()
    method: str = ""


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement worth checking, linked to who asserts it and how firmly.

    ``asserted_by`` is the outlet itself or a quoted source; ``modality`` says how it
    is put (asserted, alleged, unconfirmed, …); ``kind`` is ``factual``, ``opinion``
    or ``prediction``; ``checkworthiness`` a probability in [0, 1].
    """

    id: str
    article_id: str
    text: str
    asserted_by: Attribution
    evidence: tuple[Evidence, ...]
    kind: str = "factual"
    modality: str = Modality.ASSERTED.value
    hedges: tuple[str, ...] = ()
    checkworthiness: float = 0.0
    quote_id: str | None = None
    entity_ids: tuple[str, ...] = ()
    event_ids: tuple[str, ...] = ()
    numbers: tuple[Count, ...] = ()


@dataclass(frozen=True, slots=True)
class Signal:
    """A credibility or persuasion signal about an article: evidence, never a verdict.

    ``kind`` names the signal (``untraceable_source``, ``anonymous_source``,
    ``impossible_date``, ``name_anomaly``, ``persuasion``, ``outlet_rating``, …);
    ``label`` refines it (the technique, the rating); ``detail`` says what was seen.
    """

    id: str
    article_id: str
    kind: str
    evidence: tuple[Evidence, ...]
    label: str = ""
    detail: str = ""
    score: float = 1.0
    record_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Stance:
    """One actor's position toward another (``support`` or ``oppose``), with its basis."""

    id: str
    source: str
    target: str
    polarity: str
    evidence: tuple[Evidence, ...]
    date: str | None = None
    source_name: str = ""
    target_name: str = ""
    article_id: str | None = None
    basis: tuple[str, ...] = ()
    weight: float = 1.0


# --------------------------------------------------------------------------- fused


@dataclass(frozen=True, slots=True)
class FusedActor:
    """One canonical actor across articles, merging per-article entities.

    ``entity_ids`` lists what was merged, ``scores`` the merge score of each (same
    order); ``flags`` holds warnings such as a name close to a known figure's that is
    presented as someone else. Evidence is the union of the merged entities'.
    """

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    entity_ids: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    code: str = ""
    country: str = ""
    sector: str = ""
    roles: tuple[Role, ...] = ()
    scores: tuple[float, ...] = ()
    flags: tuple[str, ...] = ()
    dictionary_id: str | None = None


@dataclass(frozen=True, slots=True)
class EventCluster:
    """One real-world event as several accounts tell it; disagreement kept as data.

    ``sources`` are the independent article ids that report it (near-copies count once),
    ``disputed_by`` those that deny or dispute it; ``divergences`` maps a field (``counts``,
    ``date``, ``actors``, ``modality``) to the values the accounts give, side by side.
    ``article_ids`` lists every reporting article, near-copies included; ``method`` names the
    stage and options digest that built the cluster (re-fusion reuses only matching clusters).
    """

    id: str
    type: str
    event_ids: tuple[str, ...]
    sources: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    disputed_by: tuple[str, ...] = ()
    divergences: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    date: str | None = None
    actors: tuple[ActorRef, ...] = ()
    recipients: tuple[ActorRef, ...] = ()
    score: float = 1.0
    article_ids: tuple[str, ...] = ()
    method: str = ""


@dataclass(frozen=True, slots=True)
class ClaimCluster:
    """Equivalent claims from different sources, with who supports and who contradicts.

    Never resolved silently: ``supports`` and ``contradicts`` list claim ids;
    ``independent_sources`` counts articles after collapsing near-copies.
    ``text`` is the claim the others are compared with (the most independently supported
    wording); ``reasons`` says, per contradicting claim id, why it contradicts; ``divergences``
    maps a field (``numbers:killed``) to the values the claims give, side by side.
    """

    id: str
    claim_ids: tuple[str, ...]
    supports: tuple[str, ...]
    contradicts: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    text: str = ""
    independent_sources: int = 0
    article_ids: tuple[str, ...] = ()
    contradicting_sources: int = 0
    divergences: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    reasons: Mapping[str, str] = field(default_factory=dict)
    event_cluster_ids: tuple[str, ...] = ()
    method: str = ""


#: Record kinds as stored and exported: kind name → class. The export writes one
#: ``<kind>s.jsonl`` file per entry.
RECORD_KINDS: dict[str, type] = {
    "entity": Entity,
    "event": Event,
    "quote": Quote,
    "claim": Claim,
    "signal": Signal,
    "stance": Stance,
    "actor": FusedActor,
    "event_cluster": EventCluster,
    "claim_cluster": ClaimCluster,
}

_KIND_BY_CLASS = {cls: kind for kind, cls in RECORD_KINDS.items()}

#: Annotation names used in stage contracts (``requires``/``assigns``) → stored record kind.
ANNOTATION_KINDS: dict[str, str] = {
    "entities": "entity",
    "events": "event",
    "quotes": "quote",
    "claims": "claim",
    "signals": "signal",
    "stances": "stance",
    "actors": "actor",
    "event_clusters": "event_cluster",
    "claim_clusters": "claim_cluster",
}

R = TypeVar("R")


def kind_of(record: object) -> str:
    """Return the stored kind name of ``record`` (``"event"`` for an :class:`Event`)."""
    try:
        return _KIND_BY_CLASS[type(record)]
    except KeyError:
        raise TypeError(f"{type(record).__name__} is not a stored record kind") from None


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def _adapter(cls: type) -> TypeAdapter[Any]:
    adapter = _ADAPTERS.get(cls)
    if adapter is None:
        adapter = _ADAPTERS[cls] = TypeAdapter(cls)
    return adapter


def to_dict(record: object) -> dict[str, Any]:
    """Convert a record to a JSON-ready dictionary (tuples become lists)."""
    result: dict[str, Any] = _adapter(type(record)).dump_python(record, mode="json")
    return result


def from_dict(cls: type[R], data: Mapping[str, Any]) -> R:
    """Build a record of class ``cls`` from a dictionary made by :func:`to_dict`.

    Unknown keys are ignored so that older code can read newer stores.
    """
    known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    result: R = _adapter(cls).validate_python({k: v for k, v in data.items() if k in known})
    return result


# ----------------------------------------------------------------------- documents


@dataclass(slots=True)
class Document:
    """An article being annotated by the article stages, in pipeline order.

    Attributes are the annotation names stages ``require`` and ``assign``:
    ``text`` (from ingest), ``sentences``/``tokens``/``mentions`` (nlp),
    ``dates``, ``entities``, ``quotes``, ``events``, ``claims``, ``signals``, ``stances``.
    ``assigned`` records which have been set, so ``Pipeline.check`` can be verified at run time.
    """

    article: Article
    sentences: tuple[Sentence, ...] = ()
    tokens: tuple[Token, ...] = ()
    mentions: tuple[Mention, ...] = ()
    dates: tuple[TimeExpression, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    signals: tuple[Signal, ...] = ()
    stances: tuple[Stance, ...] = ()
    assigned: set[str] = field(default_factory=lambda: {"text", "article"})
    origins: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The article text that every offset points into."""
        return self.article.text

    def sentence_at(self, offset: int) -> Sentence:
        """Return the sentence containing character ``offset`` (the last one if past the end)."""
        lo, hi = 0, len(self.sentences) - 1
        if hi < 0:
            return Sentence(0, 0, len(self.text), self.text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentences[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.sentences[lo]

    def evidence(self, start: int, end: int) -> Evidence:
        """Return :class:`Evidence` for ``text[start:end]`` in this article."""
        return evidence_for(self.article, start, end, self.sentence_at(start).index)

    def records(self) -> list[object]:
        """Return every stored record this document holds, in a stable order."""
        out: list[object] = []
        for name in ("entities", "events", "quotes", "claims", "signals", "stances"):
            out.extend(getattr(self, name))
        return out


def evidence_for(article: Article, start: int, end: int, sentence_index: int = 0) -> Evidence:
    """Return :class:`Evidence` for ``article.text[start:end]``.

    Raises:
        ValueError: if the offsets fall outside the text or ``start > end``.
    """
    if not 0 <= start <= end <= len(article.text):
        raise ValueError(
            f"evidence offsets {start}:{end} fall outside article {article.id} "
            f"(length {len(article.text)}); compute offsets against Article.text"
        )
    return Evidence(article.id, sentence_index, start, end, article.text[start:end])


def iter_evidence(records: Iterable[object]) -> Iterable[Evidence]:
    """Yield every :class:`Evidence` of every record (all evidence-tuple fields)."""
    for record in records:
        for f in fields(record):  # type: ignore[arg-type]
            value = getattr(record, f.name)
            if isinstance(value, tuple) and value and isinstance(value[0], Evidence):
                yield from value


class CorpusView(Protocol):
    """What a corpus stage may read: every stored article and record (the store provides it)."""

    def articles(self) -> Iterable[Article]:
        """Yield every stored article."""
        ...

    def records(self, kind: str) -> Iterable[Any]:
        """Yield every stored record of ``kind`` (``"entity"``, ``"event"``, …)."""
        ...

    def overrides(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Return the user's recorded decisions (``{"kind", "subject", "object", "action"}``)."""
        ...
