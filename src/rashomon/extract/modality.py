"""How a sentence presents an event, and who inside the text says so.

:func:`modality_of` reads the cues around an event's trigger in the dependency tree —
negation, denial, conditionals and questions, threats, plans, "alleged", "unconfirmed" —
and returns one :class:`~rashomon.model.Modality` value with the cues that decided it.
:func:`source_of` finds the in-text source: "according to leaked intelligence reports
obtained by Gazeta.ru", the subject of a governing "said" or "reported", the holder of a
belief ("a number of experts believe").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rashomon.extract.deptree import SentenceTree
from rashomon.extract.lexicon import BELIEF_VERBS, DENY_VERBS, PLAN_VERBS, SPEECH_VERBS
from rashomon.model import Modality, Token

__all__ = ["InTextSource", "ModalityCues", "modality_of", "source_of", "source_type_of"]

#: When several cues apply, the first in this order wins: what did not happen outranks what
#: may not have, which outranks what is yet to happen, which outranks who vouches for it.
PRECEDENCE = (
    Modality.DENIED,
    Modality.NEGATED,
    Modality.HYPOTHETICAL,
    Modality.THREATENED,
    Modality.PLANNED,
    Modality.UNCONFIRMED,
    Modality.ALLEGED,
    Modality.ASSERTED,
)

_NEG = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})
_HYPO_MODALS = frozenset({"could", "might", "may", "should", "must"})
_FUTURE = frozenset({"will", "shall", "'ll", "wo"})
_HEDGE_ALLEGED = frozenset(
    {"alleged", "allegedly", "reportedly", "purportedly", "supposedly", "suspected", "claimed", "apparent"}
)
_HEDGE_UNCONFIRMED = frozenset({"unconfirmed", "unverified", "uncorroborated"})
_CONFIRM_VERBS = frozenset({"confirm", "verify", "corroborate"})
_HYPO_WORDS = frozenset({"potential", "possible", "hypothetical", "prospective", "any", "risk", "prospect"})
_THREAT_VERBS = frozenset({"threaten", "warn", "vow"})
_COND_MARKS = frozenset({"if", "unless", "whether", "lest"})
# How far up the tree a governing verb may sit and still set the modality of an event (a
# chain longer than this crosses into unrelated clauses). Calibrated on the seed articles
# and the demo corpus (development text, not a test split).
MAX_GOVERNOR_HOPS = 4

_ANONYMOUS = frozenset(
    [
        "official",
        "officials",
        "source",
        "sources",
        "insider",
        "insiders",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "aide",
        "aides",
        "diplomat",
        "diplomats",
    ]
)
_COLLECTIVE = frozenset(
    [
        "experts",
        "expert",
        "analysts",
        "analyst",
        "observers",
        "critics",
        "residents",
        "witnesses",
        "people",
        "many",
        "some",
        "most",
        "number",
        "others",
        "commentators",
    ]
)
_DOCUMENT = frozenset(
    [
        "report",
        "reports",
        "document",
        "documents",
        "statement",
        "note",
        "video",
        "footage",
        "data",
        "intelligence",
        "cable",
        "cables",
        "leak",
        "leaks",
        "memo",
        "filing",
        "letter",
        "release",
    ]
)


@dataclass(frozen=True, slots=True)
class ModalityCues:
    """The modality given to an event and the words that decided it."""

    modality: str
    cues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class InTextSource:
    """A source named inside the text for an event: its words, type, cue and span (0-based, end-exclusive)."""

    text: str
    source_type: str
    cue: str
    start: int
    end: int


def _governors(tree: SentenceTree, trigger: Token) -> list[Token]:
    """Return the heads above ``trigger`` that can govern it, nearest first."""
    out = []
    for h in tree.ancestors(trigger):
        out.append(h)
        if len(out) >= MAX_GOVERNOR_HOPS:
            break
    return out


def _lemma(t: Token) -> str:
    return (t.lemma or t.text).lower()


def modality_of(tree: SentenceTree, trigger: Token, sentence_text: str = "") -> ModalityCues:
    """Return the modality of the event triggered by ``trigger`` and its cues.

    Args:
        tree: The sentence's dependency tree.
        trigger: The event's trigger token (a verb or an event noun).
        sentence_text: The sentence, for sentence-wide cues (a question mark).
    """
    found: dict[Modality, list[str]] = {}

    def add(m: Modality, cue: str) -> None:
        found.setdefault(m, []).append(cue)

    own = tree.children(trigger)
    for k in own:
        low = k.text.lower()
        if k.dep == "neg" or (k.dep == "det" and low in ("no", "neither")) or low in ("never",):
            add(Modality.NEGATED, k.text)
        elif k.dep in ("aux", "auxpass") and low in _HYPO_MODALS:
            add(Modality.HYPOTHETICAL, k.text)
        elif k.dep in ("aux", "auxpass") and low in _FUTURE:
            add(Modality.PLANNED, k.text)
        elif low in _HEDGE_UNCONFIRMED:
            add(Modality.UNCONFIRMED, k.text)
        elif low in _HEDGE_ALLEGED:
            add(Modality.ALLEGED, k.text)
        elif (low in _HYPO_WORDS and k.dep in ("amod", "det", "compound")) or (
            k.dep == "mark" and low in _COND_MARKS
        ):
            add(Modality.HYPOTHETICAL, k.text)
        elif k.dep == "amod" and _lemma(k) in PLAN_VERBS | {"planned", "proposed", "intended", "expected"}:
            add(Modality.PLANNED, k.text)
    # "unconfirmed by U.S. officials", "though not confirmed": an adjectival or clausal modifier.
    for k in own:
        if (
            k.dep in ("acl", "advcl", "amod", "relcl")
            and _lemma(k) in _CONFIRM_VERBS
            and any(n.dep == "neg" for n in tree.children(k))
        ):
            add(Modality.UNCONFIRMED, f"not {k.text}")
        if k.dep in ("acl", "advcl", "amod", "appos") and k.text.lower() in _HEDGE_UNCONFIRMED:
            add(Modality.UNCONFIRMED, k.text)
    # "The alleged strike, though unconfirmed by U.S. officials, has sparked …": a hedge on
    # the clause whose subject the event noun is.
    head = tree.head(trigger)
    if head is not None and trigger.dep in ("nsubj", "nsubjpass") and trigger.pos in ("NOUN", "PROPN"):
        for k in tree.children(head, "advcl", "acomp", "amod", "advmod"):
            low = k.text.lower()
            if low in _HEDGE_UNCONFIRMED:
                add(Modality.UNCONFIRMED, k.text)
            elif low in _HEDGE_ALLEGED:
                add(Modality.ALLEGED, k.text)
    # A subject or object introduced by "no"/"any" ("No vessel fired", "any attack would").
    for k in tree.children(trigger, "nsubj", "nsubjpass", "dobj"):
        for d in tree.children(k, "det"):
            if d.text.lower() in ("no", "neither"):
                add(Modality.NEGATED, d.text)
    # Governing verbs: "denied carrying out", "threatened to strike", "plans to deploy",
    # "if … attacks", "experts believe …".
    previous = trigger
    for h in _governors(tree, trigger):
        lemma = _lemma(h)
        rel = previous.dep
        if rel in ("xcomp", "ccomp", "pcomp", "pobj", "dobj", "advcl", "acl", "conj", "relcl"):
            if lemma in DENY_VERBS:
                add(Modality.DENIED, h.text)
            elif lemma in _THREAT_VERBS:
                add(Modality.THREATENED, h.text)
            elif lemma in PLAN_VERBS:
                add(Modality.PLANNED, h.text)
            elif lemma in BELIEF_VERBS or lemma in ("claim", "allege", "accuse", "suspect"):
                add(Modality.ALLEGED, h.text)
            if (
                rel in ("ccomp", "xcomp", "advcl", "conj")
                and any(k.dep == "neg" for k in tree.children(h))
                and lemma not in SPEECH_VERBS | BELIEF_VERBS
            ):
                add(Modality.NEGATED, h.text)
            for k in tree.children(h, "aux"):
                if k.text.lower() in _HYPO_MODALS and rel in ("xcomp",):
                    add(Modality.HYPOTHETICAL, k.text)
        if rel == "advcl" and any(k.text.lower() in _COND_MARKS for k in tree.children(previous, "mark")):
            add(Modality.HYPOTHETICAL, "if")
        if rel == "pobj" and h.text.lower() == "without":
            add(Modality.NEGATED, h.text)
        previous = h
    # A condition on the clause the trigger heads ("If the government escalates … by attacking").
    for k in tree.children(trigger, "mark"):
        if k.text.lower() in _COND_MARKS:
            add(Modality.HYPOTHETICAL, k.text)
    if sentence_text.rstrip(" ’”\"'").endswith("?"):
        add(Modality.HYPOTHETICAL, "?")
    for m in PRECEDENCE:
        if m in found:
            return ModalityCues(m.value, tuple(found[m]))
    return ModalityCues(Modality.ASSERTED.value)


def source_type_of(words: list[str], named: bool) -> str:
    """Classify an in-text source from its words: named, anonymous, collective, document, official."""
    lower = [w.lower() for w in words]
    head = lower[-1] if lower else ""
    if any(w in _DOCUMENT for w in lower):
        return "document"
    if named:
        return "named"
    if "number" in lower or head in _COLLECTIVE:
        return "collective"
    if head in _ANONYMOUS:
        return "anonymous"
    return "official"


def _np(tree: SentenceTree, head: Token) -> list[Token]:
    """The noun phrase of a source head, without trailing clauses and punctuation."""
    toks = tree.subtree(head, stop=frozenset({"relcl", "punct", "advcl", "ccomp", "parataxis", "appos"}))
    while toks and toks[0].dep in ("det", "punct") and toks[0].text.lower() in ("the", "a", "an", ",", "—"):
        toks = toks[1:]
    return toks


def source_of(
    tree: SentenceTree, trigger: Token, text: str, named_spans: tuple[tuple[int, int], ...] = ()
) -> InTextSource | None:
    """Return the source the sentence gives for the event at ``trigger``, if it names one.

    Args:
        tree: The sentence's dependency tree.
        trigger: The event's trigger token.
        text: The article text (offsets are article-wide).
        named_spans: Spans of named-person or organisation mentions (a source overlapping one is ``named``).
    """

    def make(head: Token, cue: str) -> InTextSource:
        toks = _np(tree, head)
        start, end = tree.span(toks)
        named = any(s < end and start < e for s, e in named_spans)
        return InTextSource(text[start:end], source_type_of([t.text for t in toks], named), cue, start, end)

    # "according to X" anywhere in the sentence.
    for t in tree:
        if t.text.lower() == "according":
            to = tree.child(t, "prep") or (tree.token(t.i + 1) if tree.parsed else None)
            obj = tree.child(to, "pobj") if to is not None else None
            if obj is not None:
                return make(obj, "according to")
    if not tree.parsed:
        m = re.search(r"\baccording to ([^,.;]+)", text[tree.tokens[0].start : tree.tokens[-1].end], re.I)
        if m:
            start = tree.tokens[0].start + m.start(1)
            end = tree.tokens[0].start + m.end(1)
            words = m.group(1).split()
            named = any(s < end and start < e for s, e in named_spans)
            return InTextSource(text[start:end], source_type_of(words, named), "according to", start, end)
        return None
    # A governing speech, report or belief verb.
    for h in _governors(tree, trigger):
        lemma = _lemma(h)
        if lemma in SPEECH_VERBS or lemma in BELIEF_VERBS:
            subj = tree.child(h, "nsubj") or tree.child(h, "agent")
            if subj is not None and subj.dep == "agent":
                subj = tree.child(subj, "pobj")
            if subj is not None and subj.i != trigger.i and subj.pos != "PRON":
                return make(subj, h.text)
    return None
