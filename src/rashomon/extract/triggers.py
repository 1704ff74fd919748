"""Event triggers: the words that name an event, coded in CAMEO, and how they fold together.

A trigger is a verb the verb table codes (PETRARCH2's CAMEO dictionary read as lemma +
argument patterns, overridden by this project's own codes for crisis verbs), an event noun
("airstrikes", "deployment", "designation") or a light verb whose object names the event
("carried out … airstrikes", "declared their support"). :func:`fold_triggers` then keeps
one trigger per event: the complement of a verbal event is its content ("threatened to
strike" is one THREATEN); a relative clause or apposition on an event noun describes the
same event ("airstrikes …, attacks that have killed …"); purposes and conditions belong to
the event they hang on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rashomon.extract.deptree import SentenceTree
from rashomon.extract.lexicon import (
    ACCUSATION_NOUNS,
    EMBEDDING_VERBS,
    LIGHT_VERBS,
    NOUN_MODIFIERS,
    NOUN_TRIGGERS,
    OBJECT_CODES,
    SPEECH_VERBS,
    VERB_CODES,
)
from rashomon.extract.plover import cameo_to_plover
from rashomon.extract.verbdict import ArgumentBags, VerbTable
from rashomon.model import ActorRef, Token

__all__ = [
    "VERBAL_TYPES",
    "Candidate",
    "find_triggers",
    "fold_triggers",
    "is_conditional",
    "is_event_noun",
    "is_future",
    "is_operation",
    "is_pronoun",
    "lemma_of",
    "noun_code",
    "verb_lemma",
]

# Confidence of each way of finding an event. Set by hand from the share of correct events
# per method on the development quarter of the PLOVER gold records and the seed articles
# (development data only, never the held-out records).
CONFIDENCE_PATTERN = 0.9
CONFIDENCE_VERB = 0.8
CONFIDENCE_LIGHT = 0.8
CONFIDENCE_NOUN = 0.65

_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "them", "him", "her", "us"})


def is_operation(text: str) -> bool:
    """Named operations ("Operation Southern Spear") are events' names, not actors."""
    return text.lower().startswith(("operation ", "the operation "))


VERBAL_TYPES = frozenset(
    {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"}
)


@dataclass
class Candidate:
    """A trigger being turned into an event."""

    token: Token
    anchor: Token
    code: str
    type: str
    mode: str
    kind: str
    confidence: float
    trigger_tokens: list[Token]
    parts: list[Token] = field(default_factory=list)
    absorbed: list[Candidate] = field(default_factory=list)
    actors: list[ActorRef] = field(default_factory=list)
    recipients: list[ActorRef] = field(default_factory=list)
    themes: list[Token] = field(default_factory=list)
    merged_into: Candidate | None = None
    anaphoric: bool = False
    method: str = ""
    curated: bool = True
    depth: int = 0


def lemma_of(t: Token) -> str:
    """The lower-case lemma of ``t`` (its text when it has none)."""
    return (t.lemma or t.text).lower()


def is_pronoun(t: Token) -> bool:
    """A personal pronoun ("they", but not "US", whose lemma is "us")."""
    return t.pos == "PRON" or (not t.pos and t.text.lower() in _PRONOUNS)


_KNOWN_VERBS: frozenset[str] = frozenset()


def verb_lemma(t: Token, known: frozenset[str] | set[str] | dict[str, object]) -> str:
    """The lemma of a verb, repaired when the tagger's lemma is not a known verb ("staged" → "stag")."""
    lemma = lemma_of(t)
    if lemma in known:
        return lemma
    w = t.text.lower()
    for cand in (w, w[:-1], w[:-2], w[:-2] + "e", w[:-3], w[:-3] + "e", w[:-3] + "y", w[:-1] + "e"):
        if cand and cand in known and (w.startswith(cand[:-1]) or w.startswith(cand)):
            return cand
    return lemma


def _bags(tree: SentenceTree, verb: Token) -> ArgumentBags:
    """The words around ``verb`` that the verb table's patterns look at."""
    subj = tree.child(verb, "nsubj", "nsubjpass")
    subject = tree.words(tree.subtree(subj)) if subj is not None else frozenset()
    objects: set[str] = set()
    preps: dict[str, set[str]] = {}
    for k in tree.children(verb):
        if k.dep in ("dobj", "obj", "attr", "oprd", "dative", "xcomp", "acomp", "npadvmod", "advmod"):
            objects |= tree.words(tree.subtree(k, stop=frozenset({"relcl", "prep"})))
            for p in tree.children(k, "prep"):
                obj = tree.child(p, "pobj")
                preps.setdefault(p.text.upper(), set()).update(
                    tree.words(tree.subtree(obj)) if obj is not None else ()
                )
        elif k.dep in ("prep", "agent", "dative"):
            obj = tree.child(k, "pobj", "pcomp")
            preps.setdefault(k.text.upper(), set()).update(
                tree.words(tree.subtree(obj)) if obj is not None else ()
            )
        elif k.dep == "prt":
            objects.add(k.text.upper())
    return ArgumentBags(subject, frozenset(objects), {p: frozenset(w) for p, w in preps.items()})


def _verb_code(
    tree: SentenceTree, verb: Token, table: VerbTable, own: bool = True
) -> tuple[str, float, bool]:
    """Return the CAMEO code of ``verb`` in context ("" for none), its confidence, and its origin.

    The third value says whether this project's own lists (rather than the general verb
    table) gave the code; with ``own`` false, only the table is read.
    """
    lemma = verb_lemma(verb, _ALL_VERBS)
    if lemma not in _ALL_VERBS:
        lemma = verb_lemma(verb, table.verbs_lower)
    following = [k.text.upper() for k in tree.children(verb, "prt")]
    nxt = tree.token(verb.i + 1)
    if nxt is not None:
        following.append(nxt.text.upper())
    prev = tree.token(verb.i - 1)
    preceding = [prev.text.upper()] if prev is not None else []
    bags = _bags(tree, verb)
    curated = VERB_CODES.get(lemma) if own else None
    for entry in table.entries(lemma, following, preceding):
        code, pattern = table.code(entry, bags)
        if curated is not None and not entry.after and not entry.before:
            # This project's reading wins unless a table pattern refines it within the same
            # PLOVER type, or says the verb is no event here ("killed in an accident").
            same = pattern is not None and (not code or _plover_type(code) == _plover_type(curated))
            return (code, CONFIDENCE_PATTERN, True) if same else (curated, CONFIDENCE_VERB, True)
        if pattern is not None:
            return code, CONFIDENCE_PATTERN, False
        return code, CONFIDENCE_VERB, False
    return curated or "", CONFIDENCE_VERB, True


def _plover_type(code: str) -> str:
    hit = cameo_to_plover(code)
    return hit[0] if hit else ""


def _special_verb(tree: SentenceTree, verb: Token) -> str | None:
    """Codes that depend on a construction rather than the verb: "call for", "call X Y", "warn that"."""
    lemma = verb_lemma(verb, _ALL_VERBS)
    dobj = tree.child(verb, "dobj")
    if dobj is not None:
        for obj in (dobj, *tree.children(dobj, "compound"), *tree.children(dobj, "conj")):
            code = OBJECT_CODES.get((lemma, lemma_of(obj))) or OBJECT_CODES.get((lemma, obj.text.lower()))
            if code is not None:
                return code
        if lemma in ("provide", "give", "donate", "pledge", "earmark", "allocate", "grant") and any(
            t.ent_type == "MONEY" for t in tree.subtree(dobj)
        ):
            return "070"  # "provided $340 million for assistance": aid
    if lemma == "call" and any(k.text.lower() == "up" for k in tree.children(verb, "prt")):
        return "154"  # "called up 15,000 reservists"
    if lemma == "ask" and any(p.text.lower() == "about" for p in tree.children(verb, "prep")):
        return ""
    if (
        lemma == "fire"
        and dobj is not None
        and any(k.text.lower() == "warning" for k in tree.children(dobj, "compound", "amod"))
    ):
        return "138"  # warning shots threaten force rather than use it
    if (
        lemma in ("launch", "begin", "start", "conduct")
        and dobj is not None
        and (dobj.text.lower() == "operation" or is_operation(doc_text_of(tree, dobj)))
    ):
        return "154"  # "launched Operation Northern Shield"
    if lemma == "call":
        if any(p.text.lower() in ("for", "on", "upon") for p in tree.children(verb, "prep")):
            return "020"  # "called for", "called on X to": an appeal
        dobjs = tree.children(verb, "dobj")
        for k in tree.children(verb, "oprd", "xcomp", "attr", "ccomp", "dobj"):
            words = {w.lower() for w in tree.words(tree.subtree(k))}
            if k.dep == "dobj" and k is dobjs[0]:
                words -= {lemma_of(k), k.text.lower()}
            if words & ACCUSATION_NOUNS:
                return "111"
        return ""
    if lemma in ("describe", "label", "brand", "term", "characterize", "characterise"):
        for k in tree.children(verb):
            words = {w.lower() for w in tree.words(tree.subtree(k))}
            if k.dep in ("prep", "oprd", "xcomp", "attr", "ccomp") and words & ACCUSATION_NOUNS:
                return "111"
        return "" if lemma == "describe" else None
    if lemma == "warn":
        # A warning is a threat when the warner's side is to act ("would sink any warship",
        # "would be met with force"), a condemnation when it calls something a violation or
        # a mistake, and a mere pessimistic comment (no PLOVER event) otherwise.
        comp = tree.child(verb, "ccomp")
        if comp is None:
            return "130"
        if lemma_of(comp) == "be" and not tree.children(comp, "auxpass"):
            words = {w.lower() for w in tree.words(tree.subtree(comp))}
            return "111" if words & ACCUSATION_NOUNS else ""
        if tree.is_passive(comp):
            return "130"
        subj = tree.child(comp, "nsubj")
        if subj is not None and (subj.text.lower() in ("we", "it", "they", "i") or subj.pos == "PROPN"):
            return "130"
        return ""
    if lemma == "open" and dobj is not None and lemma_of(dobj) == "fire":
        return "193"
    if lemma in ("end", "halt", "suspend", "abandon", "stop") and dobj is not None:
        noun = (
            dobj
            if is_event_noun(tree, dobj)
            else next((k for k in tree.children(dobj, "compound") if is_event_noun(tree, k)), None)
        )
        inner = noun_code(tree, noun) if noun is not None else None
        if inner is not None and inner[0][:2] == "04":
            return "164"  # halting talks or mediation reduces relations
        if lemma == "end":
            return ""
    if lemma in ("demonstrate", "show") and (dobj is not None or tree.child(verb, "ccomp") is not None):
        return ""  # "have demonstrated that …": showing, not a protest
    if lemma == "order" and dobj is not None and tree.child(verb, "xcomp") is not None:
        return "172"  # ordering someone to do something is coercion
    if lemma == "prepare" and _military_subject(tree, verb):
        return "154"
    if lemma in SPEECH_VERBS:
        comp = tree.child(verb, "ccomp")
        if comp is not None and any(
            k.text.lower() in ("must", "should") for k in tree.children(comp, "aux", "auxpass")
        ):
            return "100"  # "X said that Y must …" asks Y to act
    return None


def doc_text_of(tree: SentenceTree, head: Token) -> str:
    """The words of ``head``'s phrase joined by their spacing ("Operation Northern Shield")."""
    toks = tree.subtree(head, stop=frozenset({"relcl", "acl", "prep", "punct"}))
    return "".join(t.text + t.whitespace for t in toks).strip()


_MILITARY_WORDS = frozenset(
    {"army", "military", "troops", "forces", "navy", "soldiers", "marines", "pentagon"}
)


def _military_subject(tree: SentenceTree, verb: Token) -> bool:
    subj = tree.child(verb, "nsubj")
    if subj is None:
        return False
    return any(w.lower() in _MILITARY_WORDS for w in tree.words(tree.subtree(subj)))


def _noun_lemma(tree: SentenceTree, noun: Token) -> str:
    """The lemma of an event noun, joining a hyphenated compound the tokenizer split ("call-up")."""
    dash, nxt = tree.token(noun.i + 1), tree.token(noun.i + 2)
    if (
        dash is not None
        and nxt is not None
        and dash.text == "-"
        and not noun.whitespace
        and not dash.whitespace
    ):
        joined = f"{noun.text.lower()}-{nxt.text.lower()}"
        if joined in NOUN_TRIGGERS:
            return joined
    return lemma_of(noun)


def noun_code(tree: SentenceTree, noun: Token) -> tuple[str, str] | None:
    """Return (CAMEO code, mode) of an event noun, or ``None``."""
    lemma = _noun_lemma(tree, noun)
    if lemma not in NOUN_TRIGGERS:
        return None
    for k in tree.children(noun, "compound", "amod", "nmod"):
        hit = NOUN_MODIFIERS.get((lemma_of(k), lemma))
        if hit is not None:
            return hit
    return NOUN_TRIGGERS[lemma], ""


def is_event_noun(tree: SentenceTree, t: Token) -> bool:
    """Whether ``t`` is a noun that names an event ("airstrikes", "the call-up")."""
    if t.pos not in ("NOUN", "PROPN", "VERB") and tree.parsed:
        return False
    if t.pos == "VERB" and _noun_lemma(tree, t) == lemma_of(t):
        return False  # a verb only when it is the first half of a split compound ("call-up")
    if t.ent_type in ("ORG", "PERSON", "GPE", "EVENT", "LAW", "WORK_OF_ART", "FAC"):
        return False
    return _noun_lemma(tree, t) in NOUN_TRIGGERS


_ALL_VERBS = frozenset(VERB_CODES) | LIGHT_VERBS | SPEECH_VERBS | EMBEDDING_VERBS


def find_triggers(
    tree: SentenceTree,
    table: VerbTable,
    nominal: bool = True,
    keep_uncoded: bool = False,
    own_lexicon: bool = True,
) -> list[Candidate]:
    """Return the event triggers of one sentence, each with its CAMEO code and PLOVER type.

    Args:
        tree: The sentence's dependency tree.
        table: The verb table.
        nominal: Also return event nouns and light verbs.
        keep_uncoded: Keep triggers whose code has no PLOVER type (type ``UNCODED``).
        own_lexicon: Use this project's verb codes and constructions on top of the table
            (off to code with another dictionary alone, as the PETRARCH suite asks).
    """
    out: list[Candidate] = []
    used: set[int] = set()
    for t in tree:
        if t.i in used:
            continue
        if t.text.lower() == "according":
            continue  # "according to X" names a source, not an agreement
        is_verb = t.pos == "VERB" or (not tree.parsed and lemma_of(t) in VERB_CODES)
        if is_verb and tree.parsed:
            lemma = verb_lemma(t, _ALL_VERBS)
            obj = None
            if lemma in LIGHT_VERBS and nominal:
                obj = tree.child(t, "dobj") or (tree.child(t, "nsubjpass") if tree.is_passive(t) else None)
            if obj is not None and not is_event_noun(tree, obj):
                # "launched a mediation effort": the event noun is a modifier of the object.
                inner = next((k for k in tree.children(obj, "compound") if is_event_noun(tree, k)), None)
                if inner is not None:
                    obj = inner
            if obj is not None and is_event_noun(tree, obj):
                code_mode = noun_code(tree, obj)
                light = (
                    _make(t, obj, code_mode[0], code_mode[1], "light", CONFIDENCE_LIGHT, [t, obj])
                    if code_mode
                    else None
                )
                if light is not None:
                    out.append(light)
                    used.add(obj.i)
                    continue
            special = _special_verb(tree, t) if own_lexicon else None
            if special is not None:
                code, conf, curated = special, CONFIDENCE_PATTERN, True
            else:
                code, conf, curated = _verb_code(tree, t, table, own_lexicon)
            if code:
                cand = _make(t, t, code, "", "verb", conf, [t], keep_uncoded)
                if cand is not None:
                    cand.curated = curated
                    out.append(cand)
            continue
        if is_verb:
            code = VERB_CODES.get(lemma_of(t), "")
            if code:
                cand = _make(t, t, code, "", "verb", CONFIDENCE_VERB, [t], keep_uncoded)
                if cand is not None:
                    out.append(cand)
            continue
        if nominal and is_event_noun(tree, t):
            code_mode = noun_code(tree, t)
            if code_mode is not None:
                cand = _make(t, t, code_mode[0], code_mode[1], "noun", CONFIDENCE_NOUN, [t])
                if cand is not None:
                    out.append(cand)
    return [c for c in out if c is not None]


def _make(
    anchor: Token,
    token: Token,
    code: str,
    mode: str,
    kind: str,
    conf: float,
    trigger: list[Token],
    keep_uncoded: bool = False,
) -> Candidate | None:
    plover = cameo_to_plover(code)
    if plover is None:
        if not keep_uncoded or not code:
            return None
        plover = ("UNCODED", "")
    type_, code_mode = plover
    return Candidate(token, anchor, code, type_, mode or code_mode, kind, conf, trigger)


def path_to(tree: SentenceTree, low: Token, high: Token, hops: int = 5) -> list[Token] | None:
    """Return the tokens from ``low`` up to ``high`` (exclusive) when ``high`` governs ``low``."""
    path = [low]
    for h in tree.ancestors(low):
        if h.i == high.i:
            return path
        path.append(h)
        if len(path) > hops:
            return None
    return None


def fold_triggers(tree: SentenceTree, cands: list[Candidate]) -> list[Candidate]:
    """Absorb complements into verbal events and merge clauses that describe one event."""
    by_token = {c.token.i: c for c in cands}
    by_anchor = {c.anchor.i: c for c in cands}
    for c in cands:
        for other in cands:
            if other is c or other.merged_into is not None:
                continue
            # Relative clause or apposition on an event noun: the same event.
            if c.kind == "verb" and other.kind in ("noun", "light") and c.type == other.type:
                head = tree.head(c.anchor)
                if head is not None and c.anchor.dep in ("relcl", "acl") and head.i == other.token.i:
                    c.merged_into = other
                    other.parts.append(c.anchor)
                    break
            if (
                c.kind == "noun"
                and other.kind in ("noun", "light")
                and c.type == other.type
                and c.token.dep in ("appos", "conj")
            ):
                head = tree.head(c.token)
                if head is not None and head.i == other.token.i:
                    c.merged_into = other
                    other.parts.append(c.token)
                    break
    # "Recent US Predator attacks … have killed …": the verb tells what the attacks did.
    for c in cands:
        if c.merged_into is None and c.kind == "verb":
            subj = tree.child(c.anchor, "nsubj")
            host = by_token.get(subj.i) if subj is not None else None
            if host is not None and host is not c and host.type == c.type and host.merged_into is None:
                c.merged_into = host
                host.parts.append(c.anchor)
    # One act of force told in several clauses: "opened fire …, killing one person".
    for c in cands:
        if (
            c.merged_into is None
            and c.kind == "verb"
            and c.type == "ASSAULT"
            and c.anchor.dep
            in (
                "advcl",
                "conj",
                "xcomp",
            )
        ):
            head = tree.head(c.anchor)
            host = by_anchor.get(head.i) if head is not None else None
            negated = any(
                k.dep == "neg" or k.text.lower() in ("nobody", "no one", "none")
                for k in tree.children(c.anchor)
            )
            if (
                host is not None
                and host is not c
                and host.merged_into is None
                and host.type == "ASSAULT"
                and not negated
            ):
                c.merged_into = host
                host.parts.append(c.anchor)
    # "The army prepared to resume shelling …": the preparation is the event, the attack its aim.
    for c in cands:
        if c.merged_into is None and c.type == "ASSAULT":
            for h in list(tree.ancestors(c.anchor))[:3]:
                host = by_anchor.get(h.i)
                if host is not None and host.type == "MOBILIZE" and lemma_of(host.anchor) == "prepare":
                    c.merged_into = host
                    c.depth = 1
                    host.absorbed.append(c)
                    break
    # Coordinated verbs of the same type inside a merged clause ("targeted and eliminated").
    for c in cands:
        if c.merged_into is None and c.kind == "verb" and c.anchor.dep == "conj":
            head = tree.head(c.anchor)
            host = by_anchor.get(head.i) if head is not None else None
            if host is not None and host.merged_into is not None and host.type == c.type:
                c.merged_into = host.merged_into
                host.merged_into.parts.append(c.anchor)
    # Purposes and conditions belong to the event they hang on: "staged demonstrations … to
    # demand reforms", "resigned … to allow elections", "a hunger strike in protest of X's
    # refusal", "will boycott … unless the president agrees".
    for c in cands:
        if c.merged_into is not None:
            continue
        head = tree.head(c.anchor)
        host = by_anchor.get(head.i) if head is not None else None
        if host is None or host is c or host.merged_into is not None:
            continue
        purpose = c.anchor.dep in ("advcl", "xcomp") and any(
            k.text.lower() == "to" for k in tree.children(c.anchor, "aux")
        )
        condition = c.anchor.dep == "advcl" and any(
            m.text.lower() in ("if", "unless") for m in tree.children(c.anchor, "mark")
        )
        if purpose or (condition and is_future(tree, host.anchor)):
            c.merged_into = host
            c.depth = 1
            host.absorbed.append(c)
    for c in cands:
        if c.merged_into is None and c.kind == "noun":
            for h in list(tree.ancestors(c.token))[:4]:
                host = by_anchor.get(h.i) or by_token.get(h.i)
                if host is not None and host is not c and host.type == "PROTEST":
                    c.merged_into = host
                    c.depth = 2
                    host.absorbed.append(c)
                    break
    # Complements of verbal events: "threatened to strike", "condemned an attack by X".
    for c in cands:
        if c.merged_into is not None:
            continue
        for h in tree.ancestors(c.token):
            host = by_anchor.get(h.i) or by_token.get(h.i)
            if host is None or host is c or host.merged_into is not None:
                continue
            path = path_to(tree, c.token, h)
            if path is None:
                break
            rels = {p.dep for p in path}
            if rels & {"nsubj", "csubj", "expl"}:
                break  # inside the subject of a clause, not what the host event is about
            content = {"xcomp", "ccomp", "dobj", "pobj", "pcomp", "acl", "attr", "oprd", "nsubjpass"}
            if (host.type in VERBAL_TYPES or lemma_of(host.anchor) in EMBEDDING_VERBS) and rels & content:
                c.merged_into = host
                c.depth = len(path)
                host.absorbed.append(c)
                break
            if c.kind == "noun" and host.type == "MOBILIZE" and c.type == "ASSAULT" and "pobj" in rels:
                # "mobilized reservists for a possible war against Iraq": the purpose, not an attack.
                c.merged_into = host
                c.depth = len(path)
                host.absorbed.append(c)
                break
            if c.kind == "noun" and host.type == c.type and rels & {"dobj", "pobj", "nsubjpass"}:
                # "launched an attack" handled as light verb; "the attack" inside the object of
                # another attack is the same event mentioned twice.
                c.merged_into = host
                break
            break
    return [c for c in cands if c.merged_into is None]


_WILLING = frozenset({"willing", "ready", "prepared", "eager", "determined"})


def is_future(tree: SentenceTree, verb: Token) -> bool:
    """Whether ``verb`` is promised rather than done: "will …", "would …", "is willing to …"."""
    if any(k.text.lower() in ("will", "would", "'ll", "shall", "wo") for k in tree.children(verb, "aux")):
        return True
    head = tree.head(verb)
    return bool(verb.dep == "xcomp" and head is not None and head.text.lower() in _WILLING)


def is_conditional(tree: SentenceTree, verb: Token) -> bool:
    """Whether an "if"/"unless" clause hangs on ``verb``."""
    return any(
        m.text.lower() in ("if", "unless")
        for k in tree.children(verb, "advcl")
        for m in tree.children(k, "mark")
    )
