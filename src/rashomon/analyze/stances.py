"""Who supports or opposes whom: ``Stance`` records from events and attributed statements.

Three sources of edges, each kept with its date, evidence and basis:

* **events** — a PLOVER cooperation type (agree, support, cooperate, aid) from actor to
  recipient is ``support``; a conflict type (accuse, reject, threaten, protest, sanction,
  coerce, assault) is ``oppose``. Denied, negated and hypothetical events give no edge.
* **quotes and claims** — the speaker (or asserting source) toward each party named in what
  they said, with the polarity of the stance words nearest that party ("Lunesse stands with
  Ostmark" → support; "a violation of international law" → oppose). An attack *on* a party
  ("an attack on Ostmark's fishermen") makes the speaker its supporter, not its opponent.
* **sentences** — "Russia and China have declared their support for Venezuela", "Brazil,
  Colombia and Mexico … oppose …": parties named before a stance verb toward a party after it.

Parties are rolled up to states by default (see :mod:`rashomon.analyze.parties`).
:func:`stance_graph` aggregates the records into a graph and :func:`write_graphml` writes
it for Gephi.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rashomon.analyze.parties import Party, PartyResolver
from rashomon.model import (
    Article,
    Claim,
    CorpusView,
    Entity,
    Event,
    Evidence,
    Quote,
    Stance,
    evidence_for,
    record_id,
)
from rashomon.registry import stage

__all__ = [
    "StanceEdge",
    "StanceGraph",
    "StanceOptions",
    "derive_stances",
    "export_stance_graph",
    "stance_graph",
    "text_polarity",
    "write_graphml",
]

#: PLOVER event types read as one side supporting the other.
SUPPORT_TYPES = frozenset({"AGREE", "SUPPORT", "COOPERATE", "AID"})
#: PLOVER event types read as one side opposing the other.
OPPOSE_TYPES = frozenset({"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "COERCE", "ASSAULT"})
_NO_STANCE_MODALITIES = frozenset({"denied", "negated", "hypothetical"})

_SUPPORT_CUES = re.compile(
    r"\b(?:stands?\s+with|standing\s+with|stood\s+with|in\s+solidarity\s+with|solidarity|support(?:s|ed|ing)?"
    r"(?:\s+for)?|back(?:s|ed|ing)?|backer|thank(?:s|ed)?|welcom(?:e|es|ed|ing)|ally|allies|"
    r"every\s+right\s+to|right\s+(?:of\s+nations\s+)?to\s+defend|principled\s+stand|engage\s+constructively|"
    r"assured\s+\w+\s+of\s+its\s+support|sided\s+with|defen[cs]e\s+of)\b",
    re.I,
)
_OPPOSE_CUES = re.compile(
    r"\b(?:condemn(?:s|ed|ing)?|illegal|unlawful|violation|violat(?:es|ed|ing)|unacceptable|threat(?:s|en|ens|ened)?|"
    r"aggression|unfriendly\s+act|fabrication|blackmail\w*|shelter\w*\s+terrorists|slander|provocation|"
    r"oppos(?:e|es|ed|ing)|reject(?:s|ed|ing)?|accus(?:e|es|ed|ing)|appalled|deep\s+concern|one-sided|"
    r"premature|piracy|butchers?|murder(?:ers?|ed)?|lies|hostile|terrorism|denounc\w+|criticis\w+|criticiz\w+|"
    r"blam(?:e|es|ed|ing)|sanction(?:s|ed)?|imposed\s+sanctions|froze|freezing|recalled|suspended|"
    r"war\s+crime|interference|hegemony|bull(?:y|ies)|regime)\b",
    re.I,
)
# "an attack on X", "aggression against X": X is the victim, and the speaker sides with X.
_VICTIM_BEFORE = re.compile(
    r"\b(?:attacks?|aggression|strikes?|violence|pressure|threats?|fired|firing)\s+(?:on|against|upon)\s+(?:the\s+)?$",
    re.I,
)
# Only cues this close (characters) to a party name decide the polarity toward it.
CUE_WINDOW = 90
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[’”\"']?|$)")
_QUOTED = re.compile(r"[“\"][^“”\"]*[”\"]|(?<![\w])‘[^‘’]*’(?![\w])")


def text_polarity(text: str, start: int, end: int) -> tuple[str, int] | None:
    """Return the polarity (support/oppose) toward the party at ``text[start:end]``, and where its cue is.

    The nearest stance cue within ``CUE_WINDOW`` characters decides; a party that is the
    object of an attack ("an attack on Ostmark") is supported.
    """
    if _VICTIM_BEFORE.search(text[max(0, start - 40) : start]):
        return "support", max(0, start - 1)
    best: tuple[int, str, int] | None = None
    lo, hi = max(0, start - CUE_WINDOW), min(len(text), end + CUE_WINDOW)
    for pattern, polarity in ((_SUPPORT_CUES, "support"), (_OPPOSE_CUES, "oppose")):
        for m in pattern.finditer(text, lo, hi):
            distance = start - m.end() if m.end() <= start else m.start() - end
            if distance < 0:
                continue
            if m.end() <= start and re.match(r"\s+by\b", text[m.end() : start]):
                continue  # "backed by Russia": Russia is the one backing, not the one backed
            if best is None or distance < best[0]:
                best = (distance, polarity, m.start())
    return (best[1], best[2]) if best else None


@dataclass(frozen=True, slots=True)
class StanceOptions:
    """Options of stance derivation.

    Attributes:
        level: ``state`` rolls actors up to their state; ``actor`` keeps each actor.
        from_events: Derive stances from PLOVER event types.
        from_statements: Derive stances from quotes, claims and stance sentences.
    """

    level: str = "state"
    from_events: bool = True
    from_statements: bool = True


@dataclass
class _Context:
    article: Article
    resolver: PartyResolver
    mentions: list[tuple[int, int, Party]]
    sentences: list[tuple[int, int]]


def _stance(
    ctx: _Context,
    source: Party,
    target: Party,
    polarity: str,
    evidence: tuple[Evidence, ...],
    basis: str,
    date: str | None,
    weight: float = 1.0,
) -> Stance:
    first = evidence[0]
    return Stance(
        id=record_id("stn", ctx.article.id, source.key, target.key, polarity, first.start, first.end),
        source=source.key,
        target=target.key,
        polarity=polarity,
        evidence=evidence,
        date=date or ctx.article.published,
        source_name=source.name,
        target_name=target.name,
        article_id=ctx.article.id,
        basis=(basis,),
        weight=weight,
    )


def _sentence_index(ctx: _Context, offset: int) -> int:
    for i, (s, e) in enumerate(ctx.sentences):
        if s <= offset < e:
            return i
    return 0


def _evidence(ctx: _Context, start: int, end: int) -> Evidence:
    return evidence_for(ctx.article, start, end, _sentence_index(ctx, start))


def _from_events(ctx: _Context, events: Iterable[Event]) -> Iterator[Stance]:
    for e in events:
        if e.modality in _NO_STANCE_MODALITIES or not e.evidence:
            continue
        polarity = "support" if e.type in SUPPORT_TYPES else "oppose" if e.type in OPPOSE_TYPES else ""
        if not polarity:
            continue
        for a in e.actors:
            source = ctx.resolver.of_ref(a)
            for r in e.recipients:
                target = ctx.resolver.of_ref(r)
                # Both sides must be actors the dictionary, fusion or a state resolved: "its
                # ambassador", "any warship" or "15,000 reservists" are no side to take.
                if source and target and source.known and target.known and source.key != target.key:
                    yield _stance(
                        ctx,
                        source,
                        target,
                        polarity,
                        e.evidence,
                        f"event:{e.id}:{e.type}",
                        e.date,
                        max(1.0, abs(e.intensity)) if e.intensity else 1.0,
                    )


def _targets(
    ctx: _Context, start: int, end: int, source: Party, skip: tuple[int, int] | None = None
) -> Iterator[tuple[Party, int, int]]:
    for s, e, party in ctx.mentions:
        if not party.known or party.key == source.key or (skip and s < skip[1] and skip[0] < e):
            continue
        if s >= start and e <= end:
            yield party, s, e


def _from_statement(
    ctx: _Context,
    source: Party,
    span: tuple[int, int],
    skip: tuple[int, int] | None,
    basis: str,
    content: tuple[int, int] | None = None,
) -> Iterator[Stance]:
    """Stances of ``source`` toward the parties named in ``content`` (else anywhere in ``span``).

    With a quote, parties inside the quoted words count; when none is named there, those
    between the speaker and the quote do ("Caldor said Veltria had ‘every right …’").
    """
    text = ctx.article.text
    seen: set[str] = set()
    targets = list(_targets(ctx, span[0], span[1], source, skip))
    if content is not None:
        inside = [t for t in targets if content[0] <= t[1] and t[2] <= content[1]]
        between = [t for t in targets if t[2] <= content[0] and (skip is None or t[1] >= skip[1])]
        targets = inside or between
    for target, s, e in targets:
        found = text_polarity(text, s, e)
        if found is None or target.key in seen:
            continue
        seen.add(target.key)
        yield _stance(ctx, source, target, found[0], (_evidence(ctx, *span),), basis, ctx.article.published)


def _quote_span(ctx: _Context, q: Quote) -> tuple[int, int]:
    """The quote's sentence(s): the content and the attribution around it."""
    start = q.evidence[0].start
    end = q.evidence[-1].end
    for s, e in ctx.sentences:
        if s <= start < e:
            start = s
        if s < end <= e:
            end = e
    return start, end


def _from_quotes(ctx: _Context, quotes: Iterable[Quote], claims: Iterable[Claim]) -> Iterator[Stance]:
    for q in quotes:
        source = ctx.resolver.of_entity(q.speaker.entity_id)
        if source is None or not q.evidence:
            continue
        speaker = (q.speaker.start, q.speaker.end) if q.speaker.start is not None and q.speaker.end else None
        content = (q.evidence[0].start, q.evidence[-1].end)
        yield from _from_statement(ctx, source, _quote_span(ctx, q), speaker, f"quote:{q.id}", content)
    for c in claims:
        if c.quote_id or not c.evidence:
            continue
        source = ctx.resolver.of_entity(c.asserted_by.entity_id)
        if source is None:
            continue
        ev = c.evidence[0]
        yield from _from_statement(ctx, source, (ev.start, ev.end), None, f"claim:{c.id}")


_STANCE_VERB = re.compile(
    r"\b(?:(?:have|has|had)\s+)?(?:(?:declared|expressed|voiced|pledged|reaffirmed)\s+(?:their|its|his|her)\s+"
    r"(?P<sup1>support|backing|solidarity)\s+(?:for|with)|(?P<sup2>backs|backed|stands\s+with|sided\s+with|"
    r"thanked|welcomed)|(?P<opp>condemned|denounced|accused|criticised|criticized|blamed|opposes|opposed|oppose|"
    r"rejected|imposed\s+sanctions\s+on|sanctioned|suspended\s+\w+\s+cooperation\s+with|"
    r"recalled\s+its\s+ambassador\s+from|warned|threatened))\b",
    re.I,
)


# Between a stance verb and its object only a few words, none starting a new clause
# ("warned Veltria" yes; "warned that Veltria would …" no: Veltria is not the one warned).
_OBJECT_GAP = re.compile(r"^[^,;:—–\"“”‘’()]{0,40}$")
_CLAUSE_WORDS = re.compile(r"\b(?:that|said|says|and|but|while|who|which|would|will|to)\b", re.I)
# Between the subject and its verb: a title, an apposition, "have repeatedly", but no other verb.
_SUBJECT_GAP = 80


_PRONOUN_GAP = re.compile(r"\b(?:they|it|he|she|which|who)\b", re.I)


def _run_length(text: str, mentions: list[tuple[int, int, Party]]) -> int:
    """How many of ``mentions``, from the first, form one coordinated run ("X, Y and Z")."""
    n = 1
    for (_, e, _p), (s, _e, _q) in itertools.pairwise(mentions):
        if re.fullmatch(r"(?:['’]s)?(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+)", text[e:s]):
            n += 1
        else:
            break
    return n


def _subjects(ctx: _Context, clause_start: int, cue_start: int) -> list[Party]:
    """The parties named in the subject before a stance verb: the last run of mentions before it."""
    text = ctx.article.text
    before = [(s, e, p) for s, e, p in ctx.mentions if clause_start <= s and e <= cue_start]
    if not before:
        return []
    if _PRONOUN_GAP.search(text[before[-1][1] : cue_start]):
        # "Brazil, Colombia, and Mexico, three actors with … Caracas, have made it clear that they
        # oppose …": the subject is the run that opens the clause, not the last name before the verb.
        first = before[0]
        if text[clause_start : first[0]].strip(" \n\t“\"‘'"):
            return []
        before = [b for b in before if b[0] <= first[0] + _SUBJECT_GAP]
        before = before[: _run_length(text, before)]
    elif cue_start - before[-1][1] > _SUBJECT_GAP:
        return []
    run = [before[-1]]
    for s, e, p in reversed(before[:-1]):
        gap = text[e : run[0][0]]
        if re.fullmatch(r"(?:['’]s)?(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s+)", gap):
            run.insert(0, (s, e, p))
        else:
            break
    # Datelines ("KALDHAVN, Ostmark (Coastal Wire) —") are where, not who.
    return [p for s, _, p in run if "—" not in text[s:cue_start] and "(" not in text[s:cue_start]]


def _from_sentences(ctx: _Context) -> Iterator[Stance]:
    text = ctx.article.text
    for s, e in ctx.sentences:
        quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(text, s, e)]
        for m in _STANCE_VERB.finditer(text, s, e):
            if any(qs <= m.start() < qe for qs, qe in quoted) or re.search(
                r"[”\"’],?\s*$", text[s : m.start()]
            ):
                continue  # inside a quote, or the inverted attribution of one ("…,' warned X")
            clause_start = max(
                s, text.rfind(";", s, m.start()) + 1, *(qe for qs, qe in quoted if qe <= m.start())
            )
            subjects = _subjects(ctx, clause_start, m.start())
            objects = [
                p
                for ps, _pe, p in ctx.mentions
                if p.known
                and m.end() <= ps < e
                and _OBJECT_GAP.match(text[m.end() : ps])
                and not _CLAUSE_WORDS.search(text[m.end() : ps])
                and not re.match(r"\s*by\b", text[m.end() : ps])  # passive: "backed by Caldor"
            ]
            if not subjects or not objects:
                continue
            polarity = "oppose" if m.group("opp") else "support"
            target = objects[0]
            for subject in dict.fromkeys(subjects):
                if subject.key != target.key:
                    yield _stance(
                        ctx,
                        subject,
                        target,
                        polarity,
                        (_evidence(ctx, s, e),),
                        "sentence",
                        ctx.article.published,
                    )


def _sentences(corpus: CorpusView, article: Article) -> list[tuple[int, int]]:
    stored = getattr(corpus, "sentences", None)
    if callable(stored):
        spans = list(stored(article.id))
        if spans:
            return [(int(s), int(e)) for s, e in spans]
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(article.text) if m.group(0).strip()]


def _party_mentions(entities: Sequence[Entity], resolver: PartyResolver) -> list[tuple[int, int, Party]]:
    out: list[tuple[int, int, Party]] = []
    for ent in entities:
        party = resolver.of_entity(ent.id)
        if party is None or ent.type not in ("PERSON", "ORG", "GPE", "NORP", "ROLE"):
            continue
        out.extend((m.start, m.end, party) for m in ent.mentions)
    return sorted(out, key=lambda x: x[0])


DEFAULT_OPTIONS = StanceOptions()


@stage("analyze.stances.v1", scope="corpus", assigns=("stances",))
def derive_stances(corpus: CorpusView, options: StanceOptions = DEFAULT_OPTIONS) -> list[Stance]:
    """Derive who supports or opposes whom from every stored event, quote, claim and sentence.

    Args:
        corpus: The stored articles and records.
        options: See :class:`StanceOptions`.

    Returns:
        One :class:`Stance` per statement or event, with its date, evidence and basis
        (``event:<id>:<TYPE>``, ``quote:<id>``, ``claim:<id>`` or ``sentence``).
    """
    entities = list(corpus.records("entity"))
    resolver = PartyResolver(entities, corpus.records("actor"), options.level)
    by_article: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for kind in ("entity", "event", "quote", "claim"):
        records = entities if kind == "entity" else corpus.records(kind)
        for r in records:
            by_article[r.article_id][kind].append(r)
    out: dict[str, Stance] = {}
    for article in corpus.articles():
        if article.duplicate_of:
            continue
        recs = by_article.get(article.id, {})
        ctx = _Context(
            article, resolver, _party_mentions(recs.get("entity", []), resolver), _sentences(corpus, article)
        )
        found: list[Stance] = []
        if options.from_events:
            found += _from_events(ctx, recs.get("event", []))
        if options.from_statements:
            found += _from_quotes(ctx, recs.get("quote", []), recs.get("claim", []))
            found += _from_sentences(ctx)
        for st in found:
            key = f"{st.article_id}|{st.source}|{st.target}|{st.polarity}|{st.evidence[0].sentence_index}"
            out.setdefault(key, st)
    return list(out.values())


# ---------------------------------------------------------------------------- graph


@dataclass
class StanceEdge:
    """All stances from one party to another with one polarity, aggregated."""

    source: str
    target: str
    polarity: str
    stances: list[Stance] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many statements or events support this edge."""
        return len(self.stances)

    @property
    def weight(self) -> float:
        """The summed weight of the stances."""
        return sum(s.weight for s in self.stances)

    @property
    def dates(self) -> list[str]:
        """The dates of the stances, sorted."""
        return sorted(s.date for s in self.stances if s.date)

    @property
    def articles(self) -> list[str]:
        """The articles the stances come from."""
        return sorted({s.article_id for s in self.stances if s.article_id})


@dataclass
class StanceGraph:
    """Parties (key → name) and the aggregated edges between them."""

    nodes: dict[str, str]
    edges: list[StanceEdge]


def stance_graph(stances: Iterable[Stance]) -> StanceGraph:
    """Aggregate stances into one edge per (source, target, polarity)."""
    nodes: dict[str, str] = {}
    edges: dict[tuple[str, str, str], StanceEdge] = {}
    for s in stances:
        nodes.setdefault(s.source, s.source_name or s.source)
        nodes.setdefault(s.target, s.target_name or s.target)
        edges.setdefault(
            (s.source, s.target, s.polarity), StanceEdge(s.source, s.target, s.polarity)
        ).stances.append(s)
    ordered = sorted(edges.values(), key=lambda e: (-e.count, nodes[e.source], nodes[e.target], e.polarity))
    return StanceGraph(nodes, ordered)


def write_graphml(graph: StanceGraph, path: str | Path) -> Path:
    """Write ``graph`` as GraphML (for Gephi): nodes with names, edges with polarity, weight and dates.

    Edge attributes: ``polarity`` (support/oppose), ``sign`` (+1/-1), ``weight``, ``count``,
    ``first_date``, ``last_date``, ``articles`` and ``evidence`` (the first statements' text).
    """
    ns = "http://graphml.graphdrawing.org/xmlns"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}graphml")
    keys = [
        ("label", "node", "string"),
        ("polarity", "edge", "string"),
        ("sign", "edge", "int"),
        ("weight", "edge", "double"),
        ("count", "edge", "int"),
        ("first_date", "edge", "string"),
        ("last_date", "edge", "string"),
        ("articles", "edge", "string"),
        ("evidence", "edge", "string"),
    ]
    for name, target, kind in keys:
        ET.SubElement(
            root, f"{{{ns}}}key", id=name, attrib={"for": target, "attr.name": name, "attr.type": kind}
        )
    g = ET.SubElement(root, f"{{{ns}}}graph", id="stances", edgedefault="directed")
    for key, name in sorted(graph.nodes.items()):
        node = ET.SubElement(g, f"{{{ns}}}node", id=key)
        ET.SubElement(node, f"{{{ns}}}data", key="label").text = name
    for i, edge in enumerate(graph.edges):
        el = ET.SubElement(g, f"{{{ns}}}edge", id=f"e{i}", source=edge.source, target=edge.target)
        dates = edge.dates
        values = {
            "polarity": edge.polarity,
            "sign": "1" if edge.polarity == "support" else "-1",
            "weight": f"{edge.weight:g}",
            "count": str(edge.count),
            "first_date": dates[0] if dates else "",
            "last_date": dates[-1] if dates else "",
            "articles": " ".join(edge.articles),
            "evidence": " | ".join(s.evidence[0].text for s in edge.stances[:3]),
        }
        for k, v in values.items():
            ET.SubElement(el, f"{{{ns}}}data", key=k).text = v
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return out


def export_stance_graph(corpus: CorpusView, path: str | Path, level: str | None = None) -> StanceGraph:
    """Write the stance network of ``corpus`` to ``path`` as GraphML and return the graph.

    Args:
        corpus: A store (or any corpus view) holding stances, or the records to derive them from.
        path: The ``.graphml`` file to write.
        level: ``None`` uses the stored stances; ``state`` or ``actor`` derives them afresh at that level.
    """
    stances = (
        list(corpus.records("stance"))
        if level is None
        else derive_stances(corpus, StanceOptions(level=level))
    )
    graph = stance_graph(stances)
    write_graphml(graph, path)
    return graph
