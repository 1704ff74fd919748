"""Events: who did what to whom, when, where and how many, coded in PLOVER with CAMEO roots.

For each sentence the extractor

1. finds **triggers**: verbs coded by the verb table (PETRARCH2's CAMEO dictionary read as
   lemma + argument patterns, with this project's own codes for crisis verbs), event nouns
   ("airstrikes", "deployment", "designation") and light verbs whose object names the event
   ("carried out … airstrikes", "declared their support");
2. folds triggers together: the complement of a verbal event is its content, not a second
   event ("threatened to strike" is one THREATEN); a relative clause or apposition on an
   event noun describes the same event ("airstrikes …, attacks that have killed …");
3. reads **arguments** from the dependency parse: subject/agent → actors, object and
   ``against/on/with/to`` phrases → recipients, resolved to the article's entities (their
   actor codes come from the actor stage) or to sector nouns ("officials" → GOV);
4. adds **when** (the sentence's resolved time expression nearest the trigger), **where**
   (a place in an ``in/at/off/near`` phrase), **how many** (:mod:`.counts`), **modality**
   and the **in-text source** (:mod:`.modality`), and evidence for the sentence.

Across the article, a later definite mention ("the alleged strike, though unconfirmed")
joins the earlier event it refers to, adding its evidence and its modality, and an attack
with no actor in its sentence takes the actor of the same kind of event just before it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from rashomon.extract.arguments import (
    ACTOR_MENTIONS,
    PLACE_MENTIONS,
    ArgContext,
    context_actors,
    dedupe,
    entity_by_span,
    is_civilian,
    is_definite,
    participants,
    ref_for,
)
from rashomon.extract.counts import EVENT_UNITS, CountSpan, find_counts
from rashomon.extract.deptree import SentenceTree
from rashomon.extract.eventclass import load_event_classifier
from rashomon.extract.lexicon import VERB_CODES
from rashomon.extract.modality import PRECEDENCE, modality_of, source_of
from rashomon.extract.plover import (
    cameo_root,
    cameo_to_plover,
    intensity,
    penta_class,
    plover_to_cameo,
    quad_of,
)
from rashomon.extract.triggers import (
    Candidate,
    find_triggers,
    fold_triggers,
    is_conditional,
    is_event_noun,
    is_future,
    lemma_of,
)
from rashomon.extract.verbdict import VerbTable, load_verb_table
from rashomon.model import (
    ActorRef,
    Attribution,
    Count,
    Document,
    Event,
    Evidence,
    Mention,
    Modality,
    Sentence,
    TimeExpression,
    Token,
    record_id,
)
from rashomon.registry import stage

__all__ = ["CodedEvent", "EventOptions", "code_events", "code_sentence", "extract_events"]

logger = logging.getLogger(__name__)


# Confidence of each way of finding an event. Set by hand from the share of correct events
# per method on the development quarter of the PLOVER gold records and the seed articles
# (see eval/README: development data only, never the held-out records).
CONFIDENCE_PATTERN = 0.9


CONFIDENCE_VERB = 0.8


CONFIDENCE_LIGHT = 0.8


CONFIDENCE_NOUN = 0.65


CONTEXT_ACTOR_PENALTY = 0.15


#: How many sentences back an actorless attack may borrow the actor of the same kind of event.
CONTEXT_WINDOW = 3


#: Types whose actor a news story often leaves to the previous sentence ("… were targeted and
#: eliminated"): only these borrow the actor of the same kind of event just before.
#: Event nouns that name a campaign rather than an event unless someone is on the receiving end.
_OPEN_ENDED = frozenset({"war", "fighting", "warfare", "offensive", "fight", "campaign"})
_CONTEXT_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE"})
_COOPERATIVE_FUTURE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT"})


_PLACE_PREPS = frozenset(
    {"in", "at", "near", "off", "along", "across", "over", "inside", "to", "into", "around"}
)


_MODE_WORDS: dict[str, dict[str, frozenset[str]]] = {
    "ASSAULT": {
        "drone": frozenset({"DRONE", "DRONES", "UAV"}),
        "aerial": frozenset(
            {"AIRSTRIKE", "AIRSTRIKES", "AIR", "AIRCRAFT", "JET", "JETS", "WARPLANE", "BOMBER"}
        ),
        "heavy-weapons": frozenset(
            {"ARTILLERY", "MISSILE", "MISSILES", "ROCKET", "ROCKETS", "TANK", "SHELL"}
        ),
        "explosives": frozenset({"BOMB", "IED", "EXPLOSIVE", "EXPLOSIVES", "MINE"}),
        "firearms": frozenset({"GUNFIRE", "GUNMEN", "RIFLE", "SHOT", "SHOOT", "GUN"}),
    },
    "MOBILIZE": {
        "troops": frozenset(
            {"TROOPS", "TROOP", "SOLDIERS", "FORCES", "RESERVISTS", "MARINES", "BRIGADES", "PERSONNEL"}
        ),
        "weapons": frozenset(
            {
                "CARRIER",
                "WARSHIPS",
                "WARSHIP",
                "FRIGATES",
                "FRIGATE",
                "VESSELS",
                "SHIPS",
                "CORVETTES",
                "MISSILES",
            }
        ),
        "police": frozenset({"POLICE", "POLICEMEN"}),
        "militia": frozenset({"MILITIA", "MILITIAS"}),
    },
}


@dataclass(frozen=True, slots=True)
class EventOptions:
    """Options of event extraction.

    Attributes:
        nominal: Also code event nouns ("the deployment of …", "US strikes").
        context_actor: Let an actorless event take the actor of the same kind of event in the
            ``context_window`` sentences before it.
        context_window: See ``context_actor``.
        require_participant: Drop events with neither an actor nor a recipient.
        classifier: Blend the shipped sentence classifier into each event's confidence.
        keep_uncoded: Keep triggers whose code has no PLOVER type (type ``UNCODED``); for
            scoring against CAMEO-only gold data.
        own_lexicon: Use this project's verb codes and constructions on top of the verb
            table (off to code with another dictionary alone).
    """

    nominal: bool = True
    context_actor: bool = True
    context_window: int = CONTEXT_WINDOW
    require_participant: bool = True
    classifier: bool = True
    keep_uncoded: bool = False
    own_lexicon: bool = True


def _date_for(
    sentence: Sentence,
    dates: Sequence[TimeExpression],
    trigger: Token,
    tree: SentenceTree | None = None,
    c: Candidate | None = None,
) -> TimeExpression | None:
    """The resolved date the sentence attaches to the event.

    With a parse: a date inside the event's own phrase or clause, or one attached to the verb
    that governs an event noun ("On November 7, … reported on … a new strike"). Without one:
    the date nearest the trigger.
    """
    usable = [
        d
        for d in dates
        if d.sentence_index == sentence.index and d.value and d.precision in ("day", "month", "year", "range")
    ]
    if not usable:
        return None
    if tree is None or c is None or not tree.parsed:
        return min(usable, key=lambda d: abs(d.start - trigger.start))
    spans: list[tuple[int, int]] = []
    stop = frozenset({"relcl", "ccomp", "advcl", "conj", "parataxis", "acl"})
    for t in (c.anchor, c.token, *c.parts):
        spans.append(tree.span(tree.subtree(t, stop=stop)))
    if c.kind == "noun":
        for h in list(tree.ancestors(c.token))[:3]:
            if h.pos in ("VERB", "AUX"):
                for k in tree.children(h, "prep", "npadvmod", "advmod"):
                    spans.append(tree.span(tree.subtree(k)))
                break
    inside = [d for d in usable if any(a <= d.start and d.end <= b for a, b in spans)]
    if not inside:
        return None
    return min(inside, key=lambda d: abs(d.start - trigger.start))


def _place_for(ctx: ArgContext, tree: SentenceTree, c: Candidate) -> tuple[str, str]:
    owners = [c.anchor, c.token, *c.parts]
    for owner in owners:
        for p in tree.children(owner, "prep"):
            if p.text.lower() not in _PLACE_PREPS:
                continue
            obj = tree.child(p, "pobj")
            if obj is None:
                continue
            span = tree.span(tree.subtree(obj))
            for m in ctx.mentions:
                if m.type in PLACE_MENTIONS and span[0] <= m.start and m.end <= span[1]:
                    ent = ctx.entity_of.get(m.entity_id or "") if m.entity_id else entity_by_span(ctx, m)
                    country = ""
                    if ent is not None:
                        country = ent.country or (ent.code if len(ent.code) == 3 else "")
                    return re.sub(r"^(?:the|The)\s+", "", " ".join(m.text.split())), country
    return "", ""


def _mode_for(tree: SentenceTree, c: Candidate, themes: list[Token]) -> str:
    if c.mode or c.type not in _MODE_WORDS:
        return c.mode
    words: set[str] = set()
    for t in [c.token, c.anchor, *c.parts]:
        words |= tree.words(tree.subtree(t, stop=frozenset({"relcl", "ccomp", "advcl"})))
    for th in themes:
        words |= tree.words(tree.subtree(th))
    for mode, cues in _MODE_WORDS[c.type].items():
        if words & cues:
            return mode
    return ""


def _trigger_text(doc: Document, c: Candidate) -> str:
    toks = sorted({t.i: t for t in [*c.trigger_tokens, *c.parts]}.values(), key=lambda t: t.i)
    return " … ".join(doc.text[t.start : t.end] for t in toks)


def code_sentence(
    ctx: ArgContext,
    sentence: Sentence,
    tokens: Sequence[Token],
    options: EventOptions,
    previous: list[Event],
) -> list[tuple[Candidate, Event]]:
    """Code the events of one sentence; ``previous`` holds the article's earlier events."""
    doc = ctx.doc
    dateline = _DATELINE.match(sentence.text)
    if dateline:
        tokens = _drop_dateline(tokens, sentence.start + dateline.end())
    tree = SentenceTree.build(tokens)
    if not tree.parsed:
        return _code_unparsed(ctx, sentence, tree, options, previous)
    cands = fold_triggers(
        tree, find_triggers(tree, ctx.table, options.nominal, options.keep_uncoded, options.own_lexicon)
    )
    date_spans = tuple((d.start, d.end) for d in doc.dates if d.sentence_index == sentence.index)
    counts = find_counts(sentence.text, sentence.start, date_spans)
    named = tuple((m.start, m.end) for m in ctx.mentions if m.type in ("PERSON", "ORG"))
    out: list[tuple[Candidate, Event]] = []
    for c in cands:
        actors, recipients, themes = participants(ctx, tree, c, previous)
        mode = _mode_for(tree, c, themes)
        type_ = c.type
        method = f"events.v1:{c.kind}"
        conf = c.confidence
        cues = modality_of(tree, c.anchor, sentence.text)
        if c.kind == "noun" and cues.modality == Modality.ASSERTED.value:
            cues = modality_of(tree, c.token, sentence.text)
        modality = cues.modality
        future = is_future(tree, c.anchor)
        # PLOVER codes promised cooperation as AGREE ("will support", "would meet", "is willing
        # to withdraw"), and a conflictual step promised on a condition as THREATEN ("will
        # boycott … unless the president agrees to step down").
        if type_ in _COOPERATIVE_FUTURE and future:
            type_, mode = "AGREE", ""
            if modality in (Modality.PLANNED.value, Modality.HYPOTHETICAL.value):
                modality = Modality.ASSERTED.value
        elif future and _quad(type_) >= 3 and type_ != "THREATEN" and is_conditional(tree, c.anchor):
            type_, mode = "THREATEN", ""
            modality = Modality.ASSERTED.value
        if type_ == "COERCE" and mode == "restrict" and actors and all(is_civilian(ctx, a) for a in actors):
            type_, mode = "PROTEST", "obstruct"  # civilians blocking a road protest; a state restricts
        if c.kind == "verb" and c.anchor.dep in ("relcl", "acl") and c.merged_into is None:
            head = tree.head(c.anchor)
            if head is not None and not is_event_noun(tree, head):
                continue  # a clause that describes someone ("…, who has vowed not to …")
        c.anaphoric = (
            c.kind == "noun" and is_definite(tree, c.token) and not actors and not recipients and not themes
        )
        if (
            options.context_actor
            and not actors
            and recipients
            and not c.anaphoric
            and type_ in _CONTEXT_TYPES
        ):
            borrowed = context_actors(previous[-8:], type_) if _within(previous, sentence, options) else []
            if borrowed:
                actors = borrowed
                conf -= CONTEXT_ACTOR_PENALTY
                method += "+context-actor"
        if c.anaphoric:
            out.append((c, _bare_event(doc, sentence, c, type_, mode, modality)))
            continue
        if options.require_participant and not actors and not recipients:
            continue
        if not c.curated and (not (actors and recipients) or c.anchor.dep in ("relcl", "acl")):
            # The general verb table over-codes common verbs ("bill", "reinforce"); like PETRARCH,
            # its readings count only between two actors, and not in a clause that describes
            # someone ("…, who has advised the Pentagon").
            continue
        if c.kind in ("verb", "light") and not tree.is_passive(c.anchor) and not actors:
            continue  # no one does it: a generic gerund or infinitive ("opposing US intervention …")
        if c.kind == "noun" and not actors and not _specific(ctx, recipients, c, tree, sentence):
            continue
        if c.kind == "noun" and lemma_of(c.token) in _OPEN_ENDED and not recipients:
            continue  # "the war against terrorism", "the fight on drugs": a campaign, not an event
        source = source_of(tree, c.anchor, doc.text, named)
        if source is None and c.kind == "noun":
            source = source_of(tree, c.token, doc.text, named)
        reported = [Attribution(doc.article.id)]
        if source is not None:
            ent_id = next(
                (
                    m.entity_id
                    for m in ctx.mentions
                    if m.start < source.end and source.start < m.end and m.entity_id
                ),
                None,
            )
            reported.append(Attribution(doc.article.id, source.text, source.source_type, ent_id))
            if modality == Modality.ASSERTED.value and (
                source.source_type in ("anonymous", "collective")
                or (source.source_type == "document" and "leak" in source.text.lower())
                or source.cue.lower() in ("claimed", "alleged", "claims", "alleges")
            ):
                modality = Modality.ALLEGED.value
        te = _date_for(sentence, doc.dates, c.anchor, tree, c)
        place, country = _place_for(ctx, tree, c)
        event_counts = _counts_for(tree, c, counts, len(cands))
        own = cameo_to_plover(c.code)
        # The trigger's own CAMEO code when the type stands; the type's code when a rule changed it.
        cameo = cameo_root(
            c.code if own is not None and own[0] == type_ else plover_to_cameo(type_, mode) or c.code
        )
        ev = Event(
            id=record_id("evt", doc.article.id, sentence.index, c.token.start, type_),
            article_id=doc.article.id,
            type=type_,
            actors=tuple(actors),
            recipients=tuple(recipients),
            evidence=(doc.evidence(sentence.start, sentence.end),),
            mode=mode,
            cameo=cameo,
            intensity=intensity(type_, mode),
            date=te.value if te else None,
            date_precision=te.precision if te else "",
            date_text=te.text if te else "",
            place=place,
            country=country,
            counts=tuple(event_counts),
            modality=modality,
            reported_by=tuple(reported),
            trigger=_trigger_text(doc, c),
            confidence=round(max(conf, 0.05), 2),
            method=method,
        )
        out.append((c, ev))
    return _merge_same_sentence(out)


#: A wire dateline opening a story ("KALDHAVN, Ostmark (Coastal Wire) — "): not part of any argument.
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,},[^—–\n]{0,60}?\s[—–]{1,2}\s|^[A-Z][A-Z .'’-]{2,}\s[—–]{1,2}\s")


def _drop_dateline(tokens: Sequence[Token], cut: int) -> list[Token]:
    """Drop a dateline's tokens, keeping a subject the parser hung on the dateline.

    "VESSEN — The Defence Minister, Aurel Brandt, … ordered": the apposed name becomes the subject.
    """
    dropped = {t.i: t for t in tokens if t.start < cut}
    kept = [t for t in tokens if t.start >= cut]
    if not kept:
        return list(tokens)
    heirs: dict[int, Token] = {}
    for t in kept:
        h = dropped.get(t.head)
        if h is not None and h.dep in ("nsubj", "nsubjpass") and t.dep == "appos":
            best = heirs.get(h.i)
            if best is None or (t.ent_type == "PERSON" and best.ent_type != "PERSON"):
                heirs[h.i] = t
    promoted = {t.i: (h.dep, h.head) for h_i, t in heirs.items() for h in (dropped[h_i],)}
    return [replace(t, dep=promoted[t.i][0], head=promoted[t.i][1]) if t.i in promoted else t for t in kept]


def _merge_same_sentence(out: list[tuple[Candidate, Event]]) -> list[tuple[Candidate, Event]]:
    """Fold an actorless attack into another attack of the same sentence.

    "A trawler was struck …, killing twelve people" is one event, not two.
    """
    kept: list[tuple[Candidate, Event]] = []
    for cand, ev in out:
        host = next(
            (
                (i, k)
                for i, k in enumerate(kept)
                if k[1].id
                and ev.id
                and k[1].type == ev.type == "ASSAULT"
                and (not ev.actors or not k[1].actors)
            ),
            None,
        )
        if host is None:
            kept.append((cand, ev))
            continue
        i, (hc, he) = host
        merged = replace(
            he,
            actors=he.actors or ev.actors,
            recipients=tuple(dedupe([*he.recipients, *ev.recipients])),
            counts=tuple(dict.fromkeys([*he.counts, *ev.counts])),
            trigger=f"{he.trigger} … {ev.trigger}",
            date=he.date or ev.date,
            date_precision=he.date_precision or ev.date_precision,
            date_text=he.date_text or ev.date_text,
            place=he.place or ev.place,
            country=he.country or ev.country,
        )
        kept[i] = (hc, merged)
    return kept


def _specific(
    ctx: ArgContext, recipients: list[ActorRef], c: Candidate, tree: SentenceTree, sentence: Sentence
) -> bool:
    """Whether an event noun without an actor still names a particular event.

    It does with a named recipient, a date or a source ("a new strike targeting a ship",
    reported on November 7).
    """
    if any(r.entity_id for r in recipients):
        return True
    if _date_for(sentence, ctx.doc.dates, c.token, tree, c) is not None:
        return True
    return source_of(tree, c.token, ctx.doc.text) is not None


def _quad(type_: str) -> int:
    return quad_of(type_)


def _within(previous: list[Event], sentence: Sentence, options: EventOptions) -> bool:
    return (
        bool(previous) and sentence.index - previous[-1].evidence[0].sentence_index <= options.context_window
    )


def _bare_event(
    doc: Document, sentence: Sentence, c: Candidate, type_: str, mode: str, modality: str
) -> Event:
    """An anaphoric mention ("the alleged strike"): kept only to join an earlier event."""
    return Event(
        id="",
        article_id=doc.article.id,
        type=type_,
        actors=(),
        recipients=(),
        evidence=(doc.evidence(sentence.start, sentence.end),),
        mode=mode,
        modality=modality,
        trigger=doc.text[c.token.start : c.token.end],
    )


def _counts_for(tree: SentenceTree, c: Candidate, counts: list[CountSpan], n_events: int) -> list[Count]:
    """Counts inside the event's clause (or every count when the sentence has one event)."""
    counts = [s for s in counts if s.count.unit in EVENT_UNITS]
    if n_events <= 1:
        return [s.count for s in counts]
    spans: list[tuple[int, int]] = []
    for t in [c.anchor, c.token, *c.parts]:
        spans.append(tree.span(tree.subtree(t, stop=frozenset({"ccomp", "advcl", "parataxis"}))))
    return [s.count for s in counts if any(a <= s.start and s.end <= b for a, b in spans)]


def _code_unparsed(
    ctx: ArgContext, sentence: Sentence, tree: SentenceTree, options: EventOptions, previous: list[Event]
) -> list[tuple[Candidate, Event]]:
    """Code a sentence without a parse: one event per coded verb, actors by position.

    Used for hand-built documents and any text the parser did not reach. The nearest actor
    mention before the verb is the actor, the nearest after it the recipient.
    """
    doc = ctx.doc
    out: list[tuple[Candidate, Event]] = []
    mentions = [m for m in ctx.mentions if m.sentence_index == sentence.index and m.type in ACTOR_MENTIONS]
    counts = find_counts(sentence.text, sentence.start)
    for t in tree:
        lemma = _simple_lemma(t.text)
        code = VERB_CODES.get(lemma, "")
        if not code:
            continue
        plover = cameo_to_plover(code)
        if plover is None:
            continue
        type_, mode = plover
        before = [m for m in mentions if m.end <= t.start]
        after = [m for m in mentions if m.start >= t.end]
        actors = (
            [ref_for(ctx, before[-1], before[-1].text, before[-1].start, before[-1].end, "")]
            if before
            else []
        )
        recips = [ref_for(ctx, after[0], after[0].text, after[0].start, after[0].end, "")] if after else []
        if options.require_participant and not actors and not recips:
            continue
        cues = modality_of(tree, t, sentence.text)
        reported = [Attribution(doc.article.id)]
        src = source_of(tree, t, doc.text, ())
        if src is not None:
            reported.append(Attribution(doc.article.id, src.text, src.source_type))
        te = _date_for(sentence, doc.dates, t)
        ev = Event(
            id=record_id("evt", doc.article.id, sentence.index, t.start, type_),
            article_id=doc.article.id,
            type=type_,
            actors=tuple(actors),
            recipients=tuple(recips),
            evidence=(doc.evidence(sentence.start, sentence.end),),
            mode=mode,
            cameo=cameo_root(code),
            intensity=intensity(type_, mode),
            date=te.value if te else None,
            date_precision=te.precision if te else "",
            date_text=te.text if te else "",
            counts=tuple(c.count for c in counts),
            modality=cues.modality,
            reported_by=tuple(reported),
            trigger=t.text,
            confidence=CONFIDENCE_NOUN,
            method="events.v1:unparsed",
        )
        cand = Candidate(t, t, code, type_, mode, "verb", CONFIDENCE_NOUN, [t])
        out.append((cand, ev))
        break
    return out


def _simple_lemma(word: str) -> str:
    w = word.lower()
    for suffix, repl in (("ied", "y"), ("ed", ""), ("es", ""), ("s", ""), ("ing", "")):
        if w.endswith(suffix) and w[: -len(suffix)] + repl in VERB_CODES:
            return w[: -len(suffix)] + repl
        if w.endswith(suffix) and w[: -len(suffix)] + "e" in VERB_CODES and suffix in ("ed", "ing"):
            return w[: -len(suffix)] + "e"
    return w


def _stronger(a: str, b: str) -> str:
    order = [m.value for m in PRECEDENCE]
    return a if order.index(a) <= order.index(b) else b


#: Event nouns that may refer back to one another ("the strike" … "the attack").
_ATTACK_WORDS = frozenset({"attack", "strike", "airstrike", "raid", "bombing", "assault", "incident"})


def _joinable(a: str, b: str) -> bool:
    return a == b or (a in _ATTACK_WORDS and b in _ATTACK_WORDS)


def _join_anaphora(
    events: list[Event], lemmas: list[str], plurals: list[bool], anaphor: Event, lemma: str, plural: bool
) -> None:
    """Attach an anaphoric mention to the latest earlier event it can refer to (modality, evidence).

    The earlier event must be of the same type and named by the same or a synonymous noun;
    a plural mention ("the attacks") prefers an event named in the plural ("airstrikes").
    """
    same_type = [
        k for k in range(len(events)) if events[k].type == anaphor.type and _joinable(lemmas[k], lemma)
    ]
    matching = [k for k in same_type if plurals[k] == plural]
    for k in reversed(matching or same_type):
        ev = events[k]
        if ev.type == anaphor.type:
            evidence: tuple[Evidence, ...] = ev.evidence
            if all(e.start != anaphor.evidence[0].start for e in evidence):
                evidence = (*evidence, *anaphor.evidence)
            modality = (
                _stronger(anaphor.modality, ev.modality) if anaphor.modality != "asserted" else ev.modality
            )
            events[k] = replace(ev, evidence=evidence, modality=modality)
            return


def _context(
    doc: Document, table: VerbTable | None = None, actor_code: Callable[[str], str] | None = None
) -> ArgContext:
    entity_of = {e.id: e for e in doc.entities}
    mentions: list[Mention] = []
    seen: set[tuple[int, int]] = set()
    for e in doc.entities:
        for m in e.mentions:
            mentions.append(m)
            seen.add((m.start, m.end))
    mentions.extend(m for m in doc.mentions if (m.start, m.end) not in seen)
    mentions.sort(key=lambda m: (m.start, -m.end))
    return ArgContext(
        doc,
        table or load_verb_table(),
        entity_of,
        tuple(mentions),
        _quoted_spans(doc.text),
        actor_code=actor_code,
    )


_QUOTED = re.compile(r"[“\"][^“”\"]{2,}?[”\"]|(?:(?<=^)|(?<=[\s(\[—–-]))‘.+?’(?=[\s,.;:!?)\]—–-]|$)", re.S)


def _quoted_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of quoted passages (straight and curly quotes), for pronoun resolution."""
    return tuple((m.start(), m.end()) for m in _QUOTED.finditer(text))


DEFAULT_OPTIONS = EventOptions()


class CodedEvent(NamedTuple):
    """An event with the full CAMEO code its trigger received (``Event.cameo`` keeps the root)."""

    event: Event
    code: str


def code_events(
    doc: Document,
    options: EventOptions = DEFAULT_OPTIONS,
    table: VerbTable | None = None,
    actor_code: Callable[[str], str] | None = None,
) -> list[CodedEvent]:
    """Code the events of ``doc``, optionally with another verb table and actor coder.

    Args:
        doc: An annotated document (see :func:`extract_events`).
        options: See :class:`EventOptions`.
        table: A verb table to use instead of the shipped one (the PETRARCH validation
            suite brings its own dictionaries).
        actor_code: Maps an actor's words to a code, overriding the entities' codes.

    Returns:
        The events with their full CAMEO codes, in text order.
    """
    ctx = _context(doc, table, actor_code)
    by_sentence: dict[int, list[Token]] = {}
    for t in doc.tokens:
        by_sentence.setdefault(t.sentence, []).append(t)
    events: list[Event] = []
    codes: list[str] = []
    plurals: list[bool] = []
    lemmas: list[str] = []
    for sentence in doc.sentences:
        tokens = [t for t in by_sentence.get(sentence.index, []) if t.text.strip()]
        if not tokens:
            continue
        for cand, ev in code_sentence(ctx, sentence, tokens, options, events):
            plural = cand.token.tag in ("NNS", "NNPS")
            if not ev.id:
                _join_anaphora(events, lemmas, plurals, ev, lemma_of(cand.token), plural)
            else:
                events.append(ev)
                codes.append(cand.code)
                plurals.append(plural)
                lemmas.append(lemma_of(cand.token))
    if options.classifier:
        events = _blend_confidence(doc, events)
    return [CodedEvent(e, c) for e, c in zip(events, codes, strict=True)]


# Weight of the sentence classifier's probability for an event's CAMEO class in its
# confidence (the rest is the rule's own confidence). Set by hand; the classifier reached
# 0.83 accuracy in cross-validation on ConfliBERT train (scripts/train_events.py).
CLASSIFIER_WEIGHT = 0.4


def _blend_confidence(doc: Document, events: list[Event]) -> list[Event]:
    """Mix the five-way sentence classifier's view into each event's confidence."""
    model = load_event_classifier()
    if model is None or not events:
        return events
    sentences = sorted({e.evidence[0].sentence_index for e in events})
    proba = model.penta_proba([doc.sentences[i].text for i in sentences])
    row = {index: proba[k] for k, index in enumerate(sentences)}
    out = []
    for ev in events:
        cls = penta_class(ev.cameo)
        if cls < 0:
            out.append(ev)
            continue
        p = float(row[ev.evidence[0].sentence_index][cls])
        out.append(
            replace(ev, confidence=round((1 - CLASSIFIER_WEIGHT) * ev.confidence + CLASSIFIER_WEIGHT * p, 2))
        )
    return out


@stage(
    "extract.events.v1",
    requires=("sentences", "tokens", "mentions", "entities", "dates"),
    assigns=("events",),
)
def extract_events(doc: Document, options: EventOptions = DEFAULT_OPTIONS) -> tuple[Event, ...]:
    """Find and code the events of ``doc``: PLOVER type and mode, CAMEO root, participants.

    Args:
        doc: A document whose sentences, tokens (with their parse), mentions, entities and
            dates are set.
        options: See :class:`EventOptions`.

    Returns:
        Events in text order; each carries the sentence(s) it came from as evidence, its
        modality, and who reports it (the article, and the source the sentence names).
    """
    return tuple(c.event for c in code_events(doc, options))
