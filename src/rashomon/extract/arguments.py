"""Event arguments: actors, recipients and themes read from the dependency parse.

Subject or agent → actors; object and ``against/on/with/to`` phrases → recipients; what is
mobilized or suspended → themes. Each participant resolves to the article's entities (their
actor codes come from the actor stage) or to a sector noun ("officials" → GOV), and a
recipient missing from the clause is looked for in what a verbal event is about ("demanded
that the US cancel …" → the US).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from rashomon.extract.deptree import SentenceTree
from rashomon.extract.lexicon import (
    EMBEDDING_VERBS,
    NOUN_TRIGGERS,
    PLACE_HEADS,
    SECTOR_NOUNS,
    TARGET_NOUNS,
    WEAPON_NOUNS,
)
from rashomon.extract.triggers import (
    VERBAL_TYPES,
    Candidate,
    is_event_noun,
    is_operation,
    is_pronoun,
    lemma_of,
)
from rashomon.extract.verbdict import VerbTable
from rashomon.model import ActorRef, Document, Entity, Event, Mention, Token

__all__ = [
    "ACTOR_MENTIONS",
    "PLACE_MENTIONS",
    "ArgContext",
    "all_refs",
    "context_actors",
    "dedupe",
    "entity_by_span",
    "is_civilian",
    "is_definite",
    "mentions_in",
    "participants",
    "ref_for",
    "same_actor",
]

ACTOR_MENTIONS = frozenset({"PERSON", "ORG", "GPE", "NORP", "ROLE"})


PLACE_MENTIONS = frozenset({"GPE", "LOC", "FAC"})


_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "them", "him", "her", "us"})


_RELATIVE = frozenset({"that", "which", "who", "whom"})


# Prepositions that introduce a recipient, per type family ("" = any type).
_RECIPIENT_PREPS: dict[str, frozenset[str]] = {
    "": frozenset({"against", "on", "upon", "at", "toward", "towards", "into"}),
    "SUPPORT": frozenset({"for", "to", "with", "behind"}),
    "AID": frozenset({"to", "for"}),
    "AGREE": frozenset({"with", "to"}),
    "CONSULT": frozenset({"with", "to", "between"}),
    "COOPERATE": frozenset({"with"}),
    "SANCTION": frozenset({"with", "from", "to", "between"}),
    "REQUEST": frozenset({"to", "from"}),
    "RETREAT": frozenset({"from", "to", "with"}),
    "ACCUSE": frozenset({"of"}),
    "ASSAULT": frozenset({"of"}),
    "COERCE": frozenset({"of", "with"}),
    "REJECT": frozenset({"from"}),
}


_ARG_STOP = frozenset({"relcl", "acl", "advcl", "appos", "punct", "cc", "conj", "parataxis", "ccomp"})


_INNER_STOP = frozenset({"relcl", "acl", "advcl", "appos", "parataxis", "ccomp"})


@dataclass
class ArgContext:
    """Article-wide lookups the sentence coder uses."""

    doc: Document
    table: VerbTable
    entity_of: dict[str, Entity]
    mentions: tuple[Mention, ...]
    quoted: tuple[tuple[int, int], ...] = ()
    actor_code: Callable[[str], str] | None = None
    by_sentence: dict[int, list[Mention]] = field(default_factory=dict)
    entity_at: dict[tuple[int, int], Entity] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for m in self.mentions:
            self.by_sentence.setdefault(m.sentence_index, []).append(m)
        for ent in self.doc.entities:
            for m in ent.mentions:
                self.entity_at[(m.start, m.end)] = ent

    def in_quote(self, offset: int) -> bool:
        """Whether ``offset`` lies inside quotation marks."""
        return any(s <= offset < e for s, e in self.quoted)

    def near(self, start: int, end: int) -> list[Mention]:
        """The mentions of the sentences that ``start``–``end`` touches."""
        first = self.doc.sentence_at(start).index
        last = self.doc.sentence_at(max(start, end - 1)).index
        if first == last:
            return self.by_sentence.get(first, [])
        return [m for i in range(first, last + 1) for m in self.by_sentence.get(i, [])]


#: Heads of phrases that name what someone said or wrote, not an actor ("UN reports",
#: "the White House's claims").
_ABSTRACT_HEADS = frozenset(
    [
        "report",
        "reports",
        "document",
        "documents",
        "claim",
        "claims",
        "statement",
        "statements",
        "narrative",
        "allegation",
        "allegations",
        "account",
        "accounts",
        "word",
        "words",
        "remark",
        "remarks",
        "comment",
        "comments",
        "data",
        "evidence",
        "footage",
        "video",
    ]
)


_QUANTITY_HEADS = frozenset(
    [
        "ten",
        "tens",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "dozen",
        "dozens",
        "number",
        "group",
        "some",
        "many",
        "most",
        "all",
        "part",
        "majority",
        "handful",
    ]
)


def _real_head(tree: SentenceTree, t: Token) -> Token:
    """The noun a quantity phrase counts: "tens of thousands of troops" → "troops"."""
    for _ in range(3):
        if lemma_of(t) not in _QUANTITY_HEADS and t.pos != "NUM":
            return t
        of = next((p for p in tree.children(t, "prep") if p.text.lower() == "of"), None)
        obj = tree.child(of, "pobj") if of is not None else None
        if obj is None:
            return t
        t = obj
    return t


def _np_tokens(tree: SentenceTree, head: Token) -> list[Token]:
    toks = [head]
    for k in tree.children(head):
        if k.dep not in _ARG_STOP:
            toks.extend(tree.subtree(k, stop=_INNER_STOP))
    toks.sort(key=lambda t: t.i)
    # Keep "officials in Colombia" and "the Republic of Lunesse" but not "vessels in
    # international waters" for other heads.
    if lemma_of(head) not in SECTOR_NOUNS:
        keep_of = head.pos == "PROPN"
        toks = [t for t in toks if not _under_prep(tree, t, head, keep_of)]
    while toks and (toks[0].dep == "det" or toks[0].pos == "PUNCT" or toks[0].text in ("“", '"', "‘")):
        toks = toks[1:]
    while toks and (toks[-1].pos == "PUNCT" or toks[-1].dep in ("case", "punct")):
        toks = toks[:-1]
    return toks or [head]


def _under_prep(tree: SentenceTree, t: Token, head: Token, keep_of: bool = False) -> bool:
    for h in [t, *tree.ancestors(t)]:
        if h.i == head.i:
            return False
        if h.dep == "prep" and not (keep_of and h.text.lower() == "of" and tree.head(h) == head):
            return True
    return False


def mentions_in(
    ctx: ArgContext, start: int, end: int, types: frozenset[str] = ACTOR_MENTIONS
) -> list[Mention]:
    """The mentions of ``types`` that overlap ``start``–``end`` (named operations excluded)."""
    return [
        m
        for m in ctx.near(start, end)
        if m.start < end and start < m.end and m.type in types and not is_operation(m.text)
    ]


def actor_ref(ctx: ArgContext, tree: SentenceTree, head: Token, allow_things: bool = False) -> list[ActorRef]:
    """Return the actor(s) named by the noun phrase headed by ``head`` (none when it names none).

    With ``ctx.actor_code`` set, each actor's code comes from it (applied to the words as written).
    """
    refs = _actor_ref(ctx, tree, head, allow_things)
    if ctx.actor_code is None:
        return refs
    text = ctx.doc.text
    return [
        replace(
            r,
            code=ctx.actor_code(
                text[r.start : r.end] if r.start is not None and r.end is not None else r.name
            ),
        )
        for r in refs
    ]


def _actor_ref(
    ctx: ArgContext, tree: SentenceTree, head: Token, allow_things: bool = False
) -> list[ActorRef]:
    """Return the actor(s) named by the noun phrase headed by ``head`` (none when it names none)."""
    if is_pronoun(head):
        return []
    real = _real_head(tree, head)
    if _is_time(real) or (real.pos in ("VERB", "AUX") and tree.parsed):
        return []  # a date, or a clause ("defending Venezuela does not mean …")
    toks = (
        _np_tokens(tree, head)
        if real is head
        else [*_np_tokens(tree, head), *tree.subtree(real, stop=_ARG_STOP)]
    )
    head = real
    lemma = lemma_of(head)
    if lemma in _ABSTRACT_HEADS or (head.pos == "PROPN" and lemma in PLACE_HEADS):
        return []
    start, end = tree.span(toks)
    text = ctx.doc.text
    if is_operation(text[start:end]):
        return []
    mentions = mentions_in(ctx, start, end)
    sector = SECTOR_NOUNS.get(lemma)
    if sector is None and head.text.lower() in SECTOR_NOUNS:
        sector = SECTOR_NOUNS[head.text.lower()]
    if lemma in TARGET_NOUNS and not mentions:
        # "a camp for Congolese refugees": the people the thing is for.
        for p in tree.children(head, "prep"):
            obj = tree.child(p, "pobj")
            if p.text.lower() in ("for", "of", "in") and obj is not None:
                inner = actor_ref(ctx, tree, obj)
                if inner and any(r.entity_id for r in inner):
                    return inner
    if not mentions:
        # "the opposition newspaper La Prensa": the name in apposition.
        for k in tree.children(head, "appos"):
            named = mentions_in(ctx, *tree.span(tree.subtree(k)))
            if named:
                return [ref_for(ctx, named[0], named[0].text, named[0].start, named[0].end, "")]
    if mentions:
        containing = [m for m in mentions if m.start <= head.start and head.end <= m.end]
        if containing:
            m = max(containing, key=lambda m: m.end - m.start)
            return [ref_for(ctx, m, text[start:end], start, end, "", canonical=True)]
        coordinated = any(t.dep in ("conj", "cc") for t in toks)
        if sector is not None and len(mentions) > 1 and coordinated:
            return [ref_for(ctx, m, m.text, m.start, m.end, sector) for m in mentions]
        order = {"GPE": 0, "NORP": 1, "ORG": 2, "ROLE": 3, "PERSON": 4, "LOC": 5}
        m = min(mentions, key=lambda m: (order.get(m.type, 9), m.start))
        return [ref_for(ctx, m, text[start:end], start, end, sector or "")]
    if sector is not None or head.pos == "PROPN" or (allow_things and lemma in TARGET_NOUNS):
        return [ActorRef(text[start:end], sector or "", None, start, end)]
    return []


_TIME_WORDS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "tomorrow",
        "tonight",
        "week",
        "month",
        "year",
        "morning",
        "evening",
        "night",
        "weekend",
    ]
)


def _is_time(t: Token) -> bool:
    return t.ent_type in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY") or (
        t.text.lower() in _TIME_WORDS
    )


def ref_for(
    ctx: ArgContext, m: Mention, name: str, start: int, end: int, sector: str, canonical: bool = False
) -> ActorRef:
    """An :class:`ActorRef` for mention ``m``: its entity's name and code, with ``sector`` appended.

    A country-level code ("USA") with a sector noun ("forces" → MIL) becomes "USAMIL"; an
    entity without a code keeps the sector alone ("GOV"). With ``canonical`` (the phrase is
    the mention, give or take a determiner) the entity's canonical name is used.
    """
    ent = ctx.entity_of.get(m.entity_id or "") if m.entity_id else None
    if ent is None:
        ent = entity_by_span(ctx, m)
    code = ""
    if ent is not None:
        code = ent.code
        name = ent.name if canonical or (start == m.start and end == m.end) else name
        if sector and code and len(code) == 3:
            code = code + sector
        elif sector and not code:
            code = (ent.country or "") + sector
    elif sector:
        code = sector
    return ActorRef(name.strip(), code, ent.id if ent else None, start, end)


def entity_by_span(ctx: ArgContext, m: Mention) -> Entity | None:
    """The entity whose mentions include ``m``."""
    return ctx.entity_at.get((m.start, m.end))


def subject_of(tree: SentenceTree, verb: Token) -> Token | None:
    """The subject of ``verb``, inherited through coordination, control and relative clauses."""
    seen = 0
    v: Token | None = verb
    while v is not None and seen < 4:
        subj = tree.child(v, "nsubj", "csubj")
        if subj is not None:
            if subj.text.lower() in _RELATIVE and v.dep in ("relcl", "acl"):
                return tree.head(v)
            return subj
        if v.dep in ("conj", "xcomp", "advcl", "pcomp", "acl", "prep", "relcl", "acomp"):
            v = tree.head(v)
            seen += 1
            continue
        if v.dep in ("dobj", "pobj") and lemma_of(v) in _MESSAGE_NOUNS:
            # "issued a statement urging North Korea …": the statement's issuer urges.
            v = tree.head(v)
            seen += 1
            continue
        return None
    return None


#: Nouns for what an actor issues; a clause on them ("a statement urging …") is the actor's act.
_MESSAGE_NOUNS = frozenset(
    ["statement", "report", "letter", "resolution", "declaration", "communique", "message", "note", "decree"]
)


def _resolve_pronoun(
    ctx: ArgContext, tree: SentenceTree, pron: Token, previous: list[Event]
) -> list[ActorRef]:
    """Resolve a subject pronoun: the governing clause's subject, else the last event's actor.

    Inside a quotation the speaker's "they" is someone else, so no resolution is tried.
    """
    if ctx.in_quote(pron.start) or pron.text.lower() not in _PRONOUNS:
        return []
    for h in tree.ancestors(pron):
        if h.pos in ("VERB", "AUX"):
            outer = subject_of(tree, h) if h.i != pron.head else None
            if outer is not None and outer.i != pron.i and outer.pos != "PRON":
                refs = all_refs(ctx, tree, outer)
                if refs:
                    return [replace(r, start=pron.start, end=pron.end) for r in refs]
    if pron.text.lower() in ("he", "she", "they") and previous:
        last = previous[-1]
        sentence = tree.tokens[0].sentence
        if last.actors and sentence - last.evidence[0].sentence_index <= 1:
            return [replace(a, start=pron.start, end=pron.end) for a in last.actors]
    return []


def all_refs(ctx: ArgContext, tree: SentenceTree, head: Token, allow_things: bool = False) -> list[ActorRef]:
    """The actors of ``head`` and of every phrase coordinated with it ("Russia and China")."""
    out: list[ActorRef] = []
    for h in tree.conjuncts(head):
        out.extend(actor_ref(ctx, tree, h, allow_things))
    return out


def participants(
    ctx: ArgContext, tree: SentenceTree, c: Candidate, previous: list[Event]
) -> tuple[list[ActorRef], list[ActorRef], list[Token]]:
    """Return actors, recipients and themes (what is mobilized or suspended) of ``c``."""
    actors: list[ActorRef] = []
    recipients: list[ActorRef] = []
    themes: list[Token] = []
    fam = (
        frozenset({"against", "toward", "towards"})
        if c.type == "MOBILIZE"
        else _RECIPIENT_PREPS.get(c.type, frozenset()) | _RECIPIENT_PREPS[""]
    )

    def add_preps(owner: Token, recip: list[ActorRef]) -> None:
        for p in tree.children(owner, "prep", "dative"):
            if p.text.lower() in fam:
                obj = tree.child(p, "pobj")
                if obj is not None:
                    recip.extend(all_refs(ctx, tree, obj))
            elif p.text.lower() == "by" and c.kind == "noun":
                obj = tree.child(p, "pobj")
                if obj is not None:
                    actors.extend(all_refs(ctx, tree, obj))

    if c.kind in ("verb", "light"):
        verb = c.anchor
        passive = tree.is_passive(verb)
        if passive:
            agent = tree.child(verb, "agent")
            obj = tree.child(agent, "pobj") if agent is not None else None
            if obj is not None:
                actors.extend(all_refs(ctx, tree, obj))
            if c.kind == "verb":
                subj = tree.child(verb, "nsubjpass")
                if subj is not None and subj.text.lower() in _RELATIVE and verb.dep in ("relcl", "acl"):
                    subj = tree.head(verb)
                if subj is not None:
                    if c.type == "MOBILIZE":
                        themes.extend(tree.conjuncts(subj))
                    else:
                        recipients.extend(all_refs(ctx, tree, subj, allow_things=c.type == "ASSAULT"))
        else:
            subj = subject_of(tree, verb)
            if subj is not None:
                if is_pronoun(subj):
                    actors.extend(_resolve_pronoun(ctx, tree, subj, previous))
                elif lemma_of(subj) in NOUN_TRIGGERS and subj.i != c.token.i:
                    # "the attacks killed …": the event noun's own actor.
                    sub = Candidate(subj, subj, c.code, c.type, c.mode, "noun", 0.0, [subj])
                    actors.extend(participants(ctx, tree, sub, previous)[0])
                else:
                    actors.extend(all_refs(ctx, tree, subj))
                    if (
                        not actors
                        and c.type == "ASSAULT"
                        and lemma_of(_real_head(tree, subj)) in WEAPON_NOUNS
                    ):
                        # "a car bomb in Kiev killed …": the weapon stands for an unnamed attacker.
                        toks = _np_tokens(tree, subj)
                        start, end = tree.span(toks)
                        actors.append(ActorRef(ctx.doc.text[start:end], "", None, start, end))
            if c.kind == "verb":
                for obj in tree.children(verb, "dobj", "dative", "attr"):
                    if c.type == "MOBILIZE":
                        themes.extend(tree.conjuncts(obj))
                        add_preps(obj, recipients)  # "launched an operation against militants"
                        continue
                    if c.type in VERBAL_TYPES and is_event_noun(tree, obj):
                        continue  # "condemned the U.S. strikes": the recipient is who struck
                    refs = all_refs(ctx, tree, obj, allow_things=c.type == "ASSAULT")
                    recipients.extend(refs)
                    if not refs:
                        for part_tok in (obj, *tree.children(obj, "compound")):
                            add_preps(part_tok, recipients)
        add_preps(verb, recipients)
        if c.kind == "light":
            add_preps(c.token, recipients)
            if c.token.dep == "compound" and tree.head(c.token) is not None:
                add_preps(tree.head(c.token), recipients)  # type: ignore[arg-type]
            _noun_modifier_actors(ctx, tree, c.token, actors)
            for p in tree.children(c.token, "prep"):
                if p.text.lower() == "of" and c.type == "MOBILIZE":
                    obj = tree.child(p, "pobj")
                    if obj is not None:
                        themes.extend(tree.conjuncts(obj))
    else:
        noun = c.token
        _noun_modifier_actors(ctx, tree, noun, actors)
        add_preps(noun, recipients)
        for p in tree.children(noun, "prep"):
            if p.text.lower() == "of" and c.type == "MOBILIZE":
                obj = tree.child(p, "pobj")
                if obj is not None:
                    themes.extend(tree.conjuncts(obj))
        if not actors:
            actors.extend(_possessor_before(ctx, tree, noun))
        if not actors:
            actors.extend(_climb_for_actor(ctx, tree, noun))
    for part in c.parts:
        if part.pos == "VERB":
            if tree.is_passive(part):
                subj = tree.child(part, "nsubjpass")
                if subj is not None:
                    recipients.extend(all_refs(ctx, tree, subj, allow_things=True))
            for obj in tree.children(part, "dobj"):
                recipients.extend(all_refs(ctx, tree, obj, allow_things=c.type == "ASSAULT"))
            add_preps(part, recipients)
    if c.type == "MOBILIZE" and not actors and themes:
        for th in themes:
            actors.extend(actor_ref(ctx, tree, th, allow_things=True))
    # Content of a verbal event: "condemned the attack by X" → recipient X; "called the
    # attacks … terrorism" → the attackers; "mobilized … for a war against Iraq" → Iraq.
    for inner in c.absorbed:
        if c.type in ("MOBILIZE", "PROTEST") and not recipients:
            inner_actors, inner_recipients, _ = participants(ctx, tree, inner, previous)
            # A protest's target is whom it demands from, or whoever did what it protests.
            recipients.extend(
                inner_recipients if c.type == "MOBILIZE" or inner.kind != "noun" else inner_actors
            )
            continue
        if inner.kind == "noun" and not recipients and inner.depth <= 2:
            inner_actors = participants(ctx, tree, inner, previous)[0]
            recipients.extend(inner_actors)
            if not inner_actors and is_definite(tree, inner.token):
                recipients.extend(context_actors(previous, inner.type))
    if not recipients and (
        c.type in VERBAL_TYPES or (lemma_of(c.anchor) in EMBEDDING_VERBS and c.type != "MOBILIZE")
    ):
        recipients.extend(_content_recipients(ctx, tree, c, actors))
    if not recipients and c.type == "THREATEN":
        # "threatened to stop negotiations if the United States goes ahead": the one who must comply.
        for k in tree.children(c.anchor, "advcl"):
            for cond_subj in tree.children(k, "nsubj"):
                recipients.extend(all_refs(ctx, tree, cond_subj))
        for k in tree.children(c.anchor, "xcomp"):
            for cond in tree.children(k, "advcl"):
                if any(m.text.lower() in ("if", "unless") for m in tree.children(cond, "mark")):
                    for cond_subj in tree.children(cond, "nsubj"):
                        recipients.extend(all_refs(ctx, tree, cond_subj))
    if not recipients and c.type in ("ASSAULT", "COERCE") and c.kind == "verb":
        # "opened fire to disperse … demonstrators": the purpose clause names the target.
        for k in tree.children(c.anchor, "advcl", "xcomp"):
            if k.pos == "VERB":
                for obj in tree.children(k, "dobj"):
                    recipients.extend(all_refs(ctx, tree, obj))
    actors = dedupe(actors)
    recipients = [r for r in dedupe(recipients) if not any(same_actor(r, a) for a in actors)]
    return actors, recipients, themes


_CONTENT_PREPS = frozenset(
    {"between", "to", "with", "against", "on", "at", "into", "of", "by", "for", "from", "toward", "towards"}
)


def _content_recipients(
    ctx: ArgContext, tree: SentenceTree, c: Candidate, actors: list[ActorRef]
) -> list[ActorRef]:
    """Recipients named inside what a verbal event is about.

    "demanded that the US cancel …" → the US; "offered to hand over to Great Britain …" →
    Great Britain; "promised to continue military aid to Mozambique" → Mozambique;
    "rejected recent calls by Belarus's rulers" → Belarus's rulers. The nearest level of the
    content that names anyone wins; a place ("a curfew in Algiers") is used last.
    """
    start: list[Token] = []
    for owner in (c.anchor, c.token):
        start.extend(tree.children(owner, "xcomp", "ccomp", "dobj", "acl"))
        for p in tree.children(owner, "prep"):
            if p.text.lower() in ("to", "for", "on", "over"):
                start.extend(tree.children(p, "pobj", "pcomp"))
    level = [t for t in start if t.i != c.token.i]
    places: list[ActorRef] = []
    for _ in range(3):
        found: list[ActorRef] = []
        nxt: list[Token] = []
        for node in level:
            if node.pos in ("VERB", "AUX"):
                for subj in tree.children(node, "nsubj", "nsubjpass"):
                    if c.type == "THREATEN" or is_event_noun(tree, subj):
                        continue  # the threatener's own side; "any attack on X would be met …"
                    found.extend(all_refs(ctx, tree, subj))
                for obj in tree.children(node, "dobj"):
                    refs = all_refs(ctx, tree, obj)
                    found.extend(refs)
                    if not refs:
                        nxt.append(obj)
                nxt.extend(tree.children(node, "xcomp", "ccomp"))
                owners = [node]
            else:
                refs = all_refs(ctx, tree, node)
                found.extend(refs)
                owners = [] if refs else [node]
                nxt.extend(tree.children(node, "acl", "relcl"))
            for owner in owners:
                for p in tree.children(owner, "prep", "agent", "dative"):
                    pobj = tree.child(p, "pobj")
                    if pobj is None:
                        continue
                    if p.text.lower() in _CONTENT_PREPS:
                        refs = all_refs(ctx, tree, pobj)
                        found.extend(refs)
                        if not refs:
                            nxt.append(pobj)
                    elif p.text.lower() == "in":
                        places.extend(
                            ref_for(ctx, m, m.text, m.start, m.end, "")
                            for m in mentions_in(
                                ctx, pobj.start, tree.span(tree.subtree(pobj))[1], PLACE_MENTIONS - {"FAC"}
                            )
                        )
        found = [r for r in dedupe(found) if not any(same_actor(r, a) for a in actors)]
        if found:
            return found
        level = nxt
        if not level:
            break
    return [r for r in dedupe(places) if not any(same_actor(r, a) for a in actors)]


def _noun_modifier_actors(ctx: ArgContext, tree: SentenceTree, noun: Token, actors: list[ActorRef]) -> None:
    """Actors written as modifiers of an event noun: "Washington's offensive", "US strikes"."""
    found: list[Mention] = []
    for k in tree.children(noun, "poss", "compound", "nmod", "amod"):
        if k.dep == "poss":
            if k.pos == "PRON":
                continue
            actors.extend(all_refs(ctx, tree, k))
            continue
        span = tree.span(tree.subtree(k))
        found.extend(m for m in mentions_in(ctx, *span) if m.type in ("GPE", "NORP", "ORG", "PERSON", "ROLE"))
    # "US military presence": the widest mention ("US military") rather than also its part ("US").
    widest = [
        m for m in found if not any(o is not m and o.start <= m.start and m.end <= o.end for o in found)
    ]
    actors.extend(ref_for(ctx, m, m.text, m.start, m.end, "", canonical=True) for m in dict.fromkeys(widest))


def _climb_for_actor(ctx: ArgContext, tree: SentenceTree, noun: Token) -> list[ActorRef]:
    """Look up an actorless event noun's noun-phrase chain for an actor.

    "The growing US military presence … from the deployment of …": the deployment is the US's.
    """
    t = noun
    for _ in range(6):
        h = tree.head(t)
        if h is None or h.pos not in ("NOUN", "ADP") or t.dep not in ("pobj", "prep", "conj", "compound"):
            return []
        if h.pos == "NOUN":
            found: list[ActorRef] = []
            _noun_modifier_actors(ctx, tree, h, found)
            if found:
                return found
        t = h
    return []


def _possessor_before(ctx: ArgContext, tree: SentenceTree, noun: Token) -> list[ActorRef]:
    """The "X's" right before an event noun, read from the words when the parse attaches it elsewhere.

    "the Trump administration’s direct threats": the administration.
    """
    i = noun.i - 1
    while tree.token(i) is not None and tree.token(i).pos in ("ADJ", "ADV"):  # type: ignore[union-attr]
        i -= 1
    mark = tree.token(i)
    owner = tree.token(i - 1)
    if mark is None or owner is None or mark.text not in ("’s", "'s", "’", "'"):
        return []
    return actor_ref(ctx, tree, owner)


def is_definite(tree: SentenceTree, noun: Token) -> bool:
    """Whether ``noun`` has a definite determiner ("the attack", "these strikes")."""
    return any(
        d.text.lower() in ("the", "this", "that", "these", "those", "such")
        for d in tree.children(noun, "det")
    )


def context_actors(previous: list[Event], type_: str) -> list[ActorRef]:
    """The actors of the latest earlier event of ``type_`` that resolved to an entity."""
    for ev in reversed(previous):
        if ev.type == type_ and ev.actors and any(a.entity_id for a in ev.actors):
            return list(ev.actors)
    return []


def same_actor(a: ActorRef, b: ActorRef) -> bool:
    """Whether two references name the same actor (same entity, or the same words at the same place)."""
    if a.entity_id or b.entity_id:
        return a.entity_id == b.entity_id
    return a.start == b.start and a.end == b.end and a.name == b.name


def dedupe(refs: Iterable[ActorRef]) -> list[ActorRef]:
    """``refs`` without repeats, in order."""
    out: list[ActorRef] = []
    for r in refs:
        if not any(same_actor(r, o) for o in out):
            out.append(r)
    return out


def is_civilian(ctx: ArgContext, ref: ActorRef) -> bool:
    """Whether an actor is civilians rather than a state: "workers", or a people named by nationality."""
    if ref.code.endswith("CVL"):
        return True
    ent = ctx.entity_of.get(ref.entity_id or "")
    return bool(ent is not None and ent.type == "NORP" and not ref.code)
