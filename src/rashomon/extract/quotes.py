"""Quotes and reported speech: who said what, with the source, cue and content spans of each.

Direct quotes are found by their quotation marks (straight and curly double quotes, and curly
single quotes told apart from apostrophes), including quotes that run across sentences and
line breaks, partial quotes ("called the incident ‘a provocation …’") and quotes whose speaker
was named a sentence or two before. Reported speech ("X warned that …", "X called the attacks
terrorism", "according to leaked reports obtained by Gazeta.ru, …") is read from the dependency
parse where one is present, and from surface patterns otherwise. Speakers are resolved to
entities, with types and credentials, by :mod:`rashomon.extract.speakers`.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from rashomon.extract.quotes_v1 import QuoteOptionsV1, extract_quotes_v1
from rashomon.extract.speakers import (
    SpeakerPhrase,
    find_appositive,
    resolve_speaker,
    source_chain,
    source_phrase_after,
    source_phrase_before,
)
from rashomon.model import Document, Evidence, Quote, Speaker, Token, record_id
from rashomon.registry import stage

__all__ = [
    "QuoteOptions",
    "QuoteOptionsV1",
    "extract_quotes",
    "extract_quotes_v1",
    "find_quoted_spans",
    "reporting_cues",
]

logger = logging.getLogger(__name__)

#: Cue words that introduce a direct quote next to it ("…," said X; X said: "…").
DIRECT_CUES = (
    "said|says|say|added|adds|warned|warns|told|tells|stated|states|claimed|claims|argued|argues|"
    "noted|notes|explained|explains|insisted|insists|declared|declares|announced|announces|wrote|"
    "writes|asked|asks|stressed|stresses|emphasized|emphasised|remarked|replied|continued|recalled|"
    "admitted|acknowledged|conceded|cautioned|predicted|urged|tweeted|posted|concluded|suggested|"
    "agreed|complained|countered|responded|observed|maintained|added|shouted|told reporters|"
    "according to|tells|insist|warn|argue|believe|believes|write|wrote in|said in a statement"
)
_CUE_WORD = re.compile(rf"(?:{DIRECT_CUES})\b", re.I)
# Verbs that put a quoted fragment in someone's mouth mid-sentence ("calling the incident ‘…’").
_FRAGMENT_CUES = re.compile(
    r"\b(?P<cue>call(?:s|ed|ing)?|describ(?:es|ed|ing|e)|spoke of|speaks of|speaking of|"
    r"bill(?:s|ed)|term(?:s|ed)|label(?:s|led|ed)|dubb(?:ed|ing)|brand(?:s|ed)|"
    r"expressed|expressing|demand(?:s|ed|ing)|promis(?:ed|ing)|vow(?:s|ed)|pledg(?:ed|ing)|"
    r"urg(?:es|ed|ing)|warn(?:s|ed|ing)|said|says|saying|told|accus(?:ed|ing)|"
    r"denounc(?:ed|ing)|condemn(?:ed|ing)|insist(?:s|ed|ing)|claim(?:s|ed|ing)|"
    r"declar(?:ed|ing)|stress(?:ed|ing)|acknowledg(?:ed|ing)|according to|"
    r"threaten(?:s|ed|ing)?|report(?:s|ed|ing)|reveal(?:s|ed|ing)|"
    r"ha(?:ve|s|d) (?:been )?(?:instructed|ordered|asked|told) to)\b",
    re.I,
)
_DOUBLE = re.compile(r"“(?P<c>[^“”]{1,1500}?)”|\"(?P<s>[^\"“”]{1,1500}?)\"")
# An opening ‘ follows a line start, a space, a bracket or a dash; a closing ’ is followed by
# a space, punctuation or the end (so "They’re" and "Washington’s" are apostrophes).
_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–“-]))‘(?P<c>[^‘]{1,1500}?)’(?=[\s,.;:!?)\]—–”-]|$)")
_QUOTE_MARKS = '“”"‘’'

# Calibrated on PolNeAR train/dev and the demo corpus: two-word quotations attributed by a cue
# ("leave no survivors", "deep concern") are real; unattributed ones are scare quotes.
MIN_QUOTE_WORDS = 2
# Calibrated on the demo corpus and seed 001: an unattributed quote of five words or more is
# a statement worth keeping with its speaker unknown; shorter ones are scare quotes or titles.
MIN_UNATTRIBUTED_WORDS = 5
# Calibrated on the demo corpus (L11): a short quote this close (in characters) after an attributed
# one, with no cue of its own, continues it.
CONTINUATION_GAP = 40
# A quote with no cue inherits the speaker of a quote or person named this many sentences back.
SPEAKER_LOOKBACK_SENTENCES = 2
# Reporting verbs whose cue precision on PolNeAR train is at least this become cues of reported
# speech (see scripts/train_cues.py, data/models/reporting_cues.json); 0.20 gave the best
# relation F1 (overlap) on the first 40 PolNeAR dev articles (0.05: .546, 0.1: .557, 0.2: .569, 0.3: .565).
CUE_MIN_PRECISION = 0.20


@dataclass(frozen=True, slots=True)
class QuoteOptions:
    """Options of quote and reported-speech extraction.

    Attributes:
        min_words: Attributed quotations shorter than this are dropped.
        min_unattributed_words: Quotations with no speaker found shorter than this are scare
            quotes or titles, not quotes.
        lookback_sentences: How far back a quote with no cue may find its speaker.
        reported_speech: Also extract reported (indirect) speech.
        cue_min_precision: Reporting verbs whose cue precision (PolNeAR train) is below this
            do not introduce reported speech.
    """

    min_words: int = MIN_QUOTE_WORDS
    min_unattributed_words: int = MIN_UNATTRIBUTED_WORDS
    lookback_sentences: int = SPEAKER_LOOKBACK_SENTENCES
    reported_speech: bool = True
    cue_min_precision: float = CUE_MIN_PRECISION


# ------------------------------------------------------------------ quoted spans


def find_quoted_spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of quoted passages' contents, in text order, without overlaps.

    A passage may run across line breaks but not across a blank line (a paragraph break).
    """
    spans: list[tuple[int, int]] = []
    for m in _DOUBLE.finditer(text):
        g = "c" if m.group("c") is not None else "s"
        spans.append((m.start(g), m.end(g)))
    spans += [(m.start("c"), m.end("c")) for m in _SINGLE.finditer(text)]
    spans.sort(key=lambda se: (se[0], -se[1]))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if "\n\n" in text[s:e] or (out and s < out[-1][1]):
            continue
        out.append((s, e))
    return out


@lru_cache(maxsize=1)
def reporting_cues() -> dict[str, float]:
    """Return the shipped reporting-cue lexicon: lower-case word → cue precision on PolNeAR train."""
    path = resources.files("rashomon").joinpath("data/models/reporting_cues.json")
    data: dict[str, float] = json.loads(path.read_text(encoding="utf-8"))["words"]
    return data


# ------------------------------------------------------------------ helpers


def _sentence_bounds(doc: Document, offset: int) -> tuple[int, int]:
    s = doc.sentence_at(offset)
    return s.start, s.end


def _trim(text: str, start: int, end: int, chars: str = " \n\t\xa0,;:") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _is_titleish(content: str) -> bool:
    words = [w for w in re.findall(r"[\w’'-]+", content) if w.lower() not in _SMALL_WORDS]
    return bool(words) and all(w[0].isupper() for w in words) and len(words) <= 6


_SMALL_WORDS = frozenset(
    ["a", "an", "the", "of", "on", "in", "and", "or", "for", "to", "de", "del", "los", "las", "la", "le"]
)


@dataclass(slots=True)
class _Found:
    """A quote under construction: spans as offsets, speaker once resolved."""

    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: SpeakerPhrase | None
    credentials: tuple[int, int] | None
    direct: bool
    partial: bool
    method: str
    speaker: Speaker | None = None


# ------------------------------------------------------------------ direct quotes


def _cue_after(doc: Document, q_end: int) -> _Found | None:
    """Match "…," said X / "…," X said / "…," X told reporters after a closing mark at ``q_end``."""
    text = doc.text
    pos = q_end + 1
    m = re.match(r"[ \t,;—–-]*", text[pos:])
    pos += m.end() if m else 0
    cue = _CUE_WORD.match(text, pos)
    if cue:
        phrase = source_phrase_after(text, cue.end())
        if phrase is None:
            return None
        app = find_appositive(text, phrase.end)
        return _Found((0, 0), (cue.start(), cue.end()), phrase, app, True, False, "quotes.v2:direct")
    seg_end = min(len(text), pos + 90)
    m2 = re.match(
        r"(?P<np>[^,.;:“”\"‘’\n]{1,80}?)\s+(?P<cue>" + DIRECT_CUES + r")\b", text[pos:seg_end], re.I
    )
    if m2:
        np_end = pos + m2.end("np")
        phrase = source_phrase_before(text, np_end, pos)
        if phrase is None or phrase.start != pos:
            return None
        app = find_appositive(text, pos + m2.end("cue"))
        cue_span = (pos + m2.start("cue"), pos + m2.end("cue"))
        return _Found((0, 0), cue_span, phrase, app, True, False, "quotes.v2:direct")
    return None


def _cue_before(doc: Document, q_start: int, floor: int) -> _Found | None:
    """Match X said: "…" / X said "…" / X added, "…" right before an opening mark at ``q_start``."""
    text = doc.text
    before = text[floor : q_start - 1]
    m = re.search(
        rf"(?P<cue>{DIRECT_CUES})(?:\s+(?:reporters|journalists|the\s+\w+|[A-Z]\w+|us|me|him|her|them))?"
        r"(?:\s+(?:on|in|at)\s+[\w’' ]{1,40})?\s*[:,]?\s*$",
        before,
        re.I,
    )
    if not m:
        return None
    if m.group("cue").lower() in _NOUNABLE and not re.search(r"[:,]\s*$", before):
        return None
    cue_start = floor + m.start("cue")
    phrase = source_phrase_before(text, cue_start, floor)
    if phrase is None:
        return None
    app = None
    tail = text[phrase.end : cue_start]
    if tail.startswith(","):
        app = find_appositive(text, phrase.end)
    return _Found((0, 0), (cue_start, floor + m.end("cue")), phrase, app, True, False, "quotes.v2:direct")


def _subject_of_sentence(doc: Document, floor: int, limit: int) -> SpeakerPhrase | None:
    """The subject noun phrase of the sentence starting at ``floor`` (parse first, then surface)."""
    toks = [t for t in doc.tokens if floor <= t.start < limit]
    if toks and any(t.dep for t in toks):
        for t in toks:
            if t.dep in {"nsubj", "nsubjpass"} and doc.tokens[t.head].dep == "ROOT":
                s, e = _subtree_span(doc.tokens, t, stop_at_comma=True)
                return SpeakerPhrase(*_trim(doc.text, s, e))
    m = re.match(r"\s*(?:(?:In|On|At|After|Before|During)\b[^,]{0,60},\s*)?", doc.text[floor:limit])
    start = floor + (m.end() if m else 0)
    m2 = re.match(
        r"(?P<np>(?:[A-Z][\w.’'-]*\s+|[a-z]+[’']s\s+|(?:the|a|an|most|some|many|several)\s+)*"
        r"(?:[a-z-]+\s+){0,3}?[\w.’'-]+?)\s+(?:has|have|had|was|were|is|are|\w+ed|\w+s)\b",
        doc.text[start:limit],
    )
    if not m2:
        return None
    return SpeakerPhrase(*_trim(doc.text, start, start + m2.end("np")))


def _fragment_cue(doc: Document, q_start: int, floor: int) -> _Found | None:
    """Attribute a mid-sentence quote through the nearest cue before it ("calling the incident ‘…’")."""
    text = doc.text
    before = text[floor : q_start - 1]
    cues = list(_FRAGMENT_CUES.finditer(before))
    if not cues:
        return None
    cue = cues[-1]
    cue_start, cue_end = floor + cue.start("cue"), floor + cue.end("cue")
    phrase = None
    if not cue.group("cue").lower().endswith("ing") and not cue.group("cue").lower().startswith("according"):
        phrase = source_phrase_before(text, cue_start, floor)
        if phrase is not None and phrase.text(text).split()[0].lower() in {"it", "which", "this", "that"}:
            phrase = None
    if cue.group("cue").lower() == "according to":
        phrase = source_phrase_after(text, cue_end)
    # "billed by US Secretary of Defense Pete Hegsett as a “humanitarian mission.”"
    by = re.search(
        r"\bby\s+(?P<np>[A-Z][^,;:“”\"‘’]{1,80}?)\s+as(?:\s+(?:an?|the))?\s*$", text[cue_end : q_start - 1]
    )
    if by:
        s = cue_end + by.start("np")
        phrase = SpeakerPhrase(*_trim(text, s, cue_end + by.end("np")))
    if phrase is None:
        phrase = _subject_of_sentence(doc, floor, cue_start)
    if phrase is None:
        return None
    return _Found((0, 0), (cue_start, cue_end), phrase, None, True, True, "quotes.v2:partial")


def _direct_quotes(doc: Document, options: QuoteOptions) -> list[_Found]:
    text = doc.text
    out: list[_Found] = []
    for start, end in find_quoted_spans(text):
        c_start, c_end = _trim(text, start, end)
        content = text[c_start:c_end]
        n_words = len(content.split())
        if n_words < options.min_words and not re.search(r"\w", content):
            continue
        floor, _ = _sentence_bounds(doc, max(start - 2, 0))
        para = text.rfind("\n", 0, max(start - 1, 0)) + 1
        floor = max(floor, para)
        prefix = text[floor : start - 1]
        mid_sentence = bool(re.search(r"[\w,]\s*$", prefix)) and not re.search(r"[:]\s*$", prefix)
        found = _cue_after(doc, end)
        if found is None or (mid_sentence and found.method == "quotes.v2:direct" and _has_cue(prefix)):
            before = _cue_before(doc, start, floor)
            if before is not None:
                found = before
            elif mid_sentence:
                found = _fragment_cue(doc, start, floor) or found
        if found is None:
            # A short quote straight after an attributed one continues it
            # (‘…,’ she said. ‘Brandt is not bluffing.’).
            follows = (
                bool(out) and out[-1].cue is not None and 0 <= start - out[-1].content[1] <= CONTINUATION_GAP
            )
            short = n_words < (options.min_words if follows else options.min_unattributed_words)
            if short or _is_titleish(content):
                continue
            found = _Found((0, 0), None, None, None, True, False, "quotes.v2:continued")
        elif n_words < options.min_words or _is_titleish(content):
            continue
        found.content = (c_start, c_end)
        # A quote after "said", "told reporters:" is whole; one set into the writer's own sentence is partial.
        found.partial = found.partial or (
            mid_sentence and not re.search(rf"(?:{DIRECT_CUES})\W*$", prefix, re.I)
        )
        out.append(found)
    return out


def _has_cue(prefix: str) -> bool:
    return bool(_FRAGMENT_CUES.search(prefix))


# ------------------------------------------------------------------ reported speech


def _subtree_span(tokens: Sequence[Token], root: Token, stop_at_comma: bool = False) -> tuple[int, int]:
    """Character span of ``root``'s subtree (contiguous hull).

    With ``stop_at_comma``, only the stretch between separators (, — ( ) :) that holds ``root``
    is kept: "KALDHAVN, Ostmark — Ostmark's foreign minister" → "Ostmark's foreign minister",
    "Dr. Elena Varga, a security analyst …" → "Dr. Elena Varga".
    """
    members = sorted(_subtree(tokens, root), key=lambda t: t.i)
    if stop_at_comma:
        seps = {",", "—", "–", "(", ")", ":", ";", "--"}
        left = [t.i for t in members if t.text in seps and t.i < root.i]
        right = [t.i for t in members if t.text in seps and t.i > root.i]
        lo_i = max(left) + 1 if left else members[0].i
        hi_i = min(right) - 1 if right else members[-1].i
        members = [t for t in members if lo_i <= t.i <= hi_i] or [root]
    return min(t.start for t in members), max(t.end for t in members)


def _subtree(tokens: Sequence[Token], root: Token) -> list[Token]:
    sent = [t for t in tokens if t.sentence == root.sentence]
    children: dict[int, list[Token]] = {}
    for t in sent:
        if t.head != t.i:
            children.setdefault(t.head, []).append(t)
    out, stack = [], [root]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(children.get(t.i, ()))
    return out


def _children(tokens: Sequence[Token], head: Token) -> list[Token]:
    return [t for t in tokens if t.head == head.i and t.i != head.i and t.sentence == head.sentence]


_SUBJ = {"nsubj", "nsubjpass", "csubj"}


def _find_subject(tokens: Sequence[Token], verb: Token) -> Token | None:
    """The subject of ``verb``, climbing through participles, conjuncts and clauses ("…, calling X")."""
    seen = 0
    v: Token | None = verb
    while v is not None and seen < 4:
        kids = _children(tokens, v)
        subjects = [k for k in kids if k.dep in {"nsubj", "csubj"}]
        before = [k for k in subjects if k.i < v.i]
        if subjects:
            # "KALDHAVN, Ostmark — Ostmark's foreign minister warned": the nearer subject is the speaker.
            return max(before, key=lambda k: k.i) if before else subjects[0]
        passive = next((k for k in kids if k.dep == "nsubjpass"), None)
        agent = next((k for k in kids if k.dep == "agent"), None)
        if passive is not None and agent is not None:
            pobj = next((k for k in _children(tokens, agent) if k.dep == "pobj"), None)
            if pobj is not None:
                return pobj
        if v.dep in {"advcl", "conj", "xcomp", "acl", "relcl"} and v.head != v.i:
            v = tokens[v.head]
            seen += 1
            continue
        return None
    return None


# Verbs that PolNeAR's political news uses for attribution ("fired back", "hit out at") but that in
# crisis reporting are mostly physical acts ("fired on the trawler", "struck the wheelhouse").
_NOT_SPEECH = frozenset(
    [
        "fire",
        "strike",
        "open",
        "hit",
        "kill",
        "shoot",
        "seize",
        "launch",
        "deploy",
        "attack",
        "sink",
        "be",
        "have",
        "do",
        "acknowledge",
    ]
)
# Cue words that are also nouns ("the Ostmark claims “…”"): before a quote they need : or , to count.
_NOUNABLE = frozenset(
    [
        "claims",
        "claim",
        "notes",
        "states",
        "remarks",
        "warns",
        "writes",
        "believes",
        "believe",
        "insist",
        "warn",
        "argue",
        "write",
    ]
)


# Verbs whose object is the addressee or a topic, not what was said ("told reporters", "asked him").
_NO_OBJECT_CONTENT = frozenset(
    [
        "tell",
        "tells",
        "told",
        "telling",
        "ask",
        "asks",
        "asked",
        "asking",
        "talk",
        "talks",
        "talked",
        "talking",
        "find",
        "found",
        "finds",
        "say",
        "says",
        "said",
        "saying",
    ]
)


def _cue_span(tokens: Sequence[Token], verb: Token) -> tuple[int, int]:
    """The cue: the verb with its auxiliaries, negation and adverbs before it, and a particle after."""
    lo, hi = verb.start, verb.end
    kids = _children(tokens, verb)
    i = verb.i - 1
    while i >= 0:
        t = tokens[i]
        if t.head == verb.i and t.dep in {"aux", "auxpass", "neg", "advmod"} and t.sentence == verb.sentence:
            lo = t.start
            i -= 1
            continue
        break
    j = verb.i + 1
    while j < len(tokens):
        t = tokens[j]
        if t.head == verb.i and (t.dep == "prt" or (t.dep == "npadvmod" and t.text[:1].isupper())):
            hi = t.end
            j += 1
            continue
        break
    del kids
    return lo, hi


def _content_of(tokens: Sequence[Token], verb: Token) -> tuple[int, int] | None:
    kids = _children(tokens, verb)
    comp = next((k for k in kids if k.dep == "ccomp"), None)
    if comp is None:
        comp = next((k for k in kids if k.dep == "xcomp"), None)
    if comp is not None:
        members = _subtree(tokens, comp)
        if not members:
            return None
        return min(t.start for t in members), max(t.end for t in members)
    # "called the attacks terrorism", "described the strikes as …", "spoke of …"
    low = verb.text.lower()
    objs = [k for k in kids if k.dep in {"dobj", "oprd", "attr"} or (k.dep == "prep" and k.i > verb.i)]
    objs = [k for k in objs if k.dep != "prep" or k.text.lower() in {"as", "of", "about", "on"}]
    if low.startswith(("call", "nam", "label", "term", "dub", "brand")) and not any(
        k.dep == "oprd" or (k.dep == "prep" and k.text.lower() == "as") for k in kids
    ):
        return None
    if low in _NO_OBJECT_CONTENT:
        return None
    if objs:
        members = [t for k in objs for t in _subtree(tokens, k)]
        return min(t.start for t in members), max(t.end for t in members)
    return None


def _according_to(doc: Document, tokens: Sequence[Token], acc: Token) -> _Found | None:
    """Read "According to X, …" / "…, according to X": the source is X, the content the rest."""
    to = next((t for t in _children(tokens, acc) if t.text.lower() == "to"), None)
    if to is None:
        return None
    pobj = next((t for t in _children(tokens, to) if t.dep == "pobj"), None)
    if pobj is None:
        return None
    s_lo, s_hi = _subtree_span(tokens, pobj, stop_at_comma=True)
    head = tokens[acc.head] if acc.head != acc.i else acc
    clause = [
        t for t in _subtree(tokens, head) if t.i < acc.i or t.i > max(x.i for x in _subtree(tokens, acc))
    ]
    if not clause:
        return None
    before = [t for t in clause if t.i < acc.i]
    after = [t for t in clause if t.i > acc.i]
    part = after if len(after) >= len(before) else before
    part = [t for t in part if t.text not in {",", ".", "—"}]
    if len(part) < 3:
        return None
    c_lo, c_hi = min(t.start for t in part), max(t.end for t in part)
    cue_end = to.end
    phrase = SpeakerPhrase(*_trim(doc.text, s_lo, s_hi))
    app = find_appositive(doc.text, phrase.end)
    if app is not None and app[0] < c_hi and c_lo < app[1]:
        app = None
    return _Found((c_lo, c_hi), (acc.start, cue_end), phrase, app, False, False, "quotes.v2:according")


def _reported_from_parse(doc: Document, options: QuoteOptions, taken: list[tuple[int, int]]) -> list[_Found]:
    tokens = doc.tokens
    cues = reporting_cues()
    out: list[_Found] = []
    for tok in tokens:
        low = tok.text.lower()
        if low == "according" and tok.i + 1 < len(tokens) and tokens[tok.i + 1].text.lower() == "to":
            found = _according_to(doc, tokens, tok)
            if found is not None and not _inside(found.content, taken):
                out.append(found)
            continue
        if tok.pos not in {"VERB", "AUX"} or cues.get(tok.text.lower(), 0.0) < options.cue_min_precision:
            continue
        if (tok.pos == "AUX" and tok.lemma.lower() not in {"say"}) or tok.lemma.lower() in _NOT_SPEECH:
            continue
        if any(s <= tok.start < e for s, e in taken):
            continue
        content = _content_of(tokens, tok)
        if content is None:
            continue
        subj = _find_subject(tokens, tok)
        if subj is None or subj.text.lower() in {"it", "there", "which", "that", "who"}:
            continue
        s_lo, s_hi = _subtree_span(tokens, subj, stop_at_comma=True)
        if s_lo <= tok.start < s_hi:
            continue
        app = None
        _full_lo, full_hi = _subtree_span(tokens, subj)
        if full_hi > s_hi:
            app = find_appositive(doc.text, s_hi)
        c_lo, c_hi = _trim(doc.text, *content)
        if c_hi - c_lo < 3:
            continue
        cue_lo, cue_hi = _cue_span(tokens, tok)
        phrase = SpeakerPhrase(*_trim(doc.text, s_lo, s_hi))
        out.append(_Found((c_lo, c_hi), (cue_lo, cue_hi), phrase, app, False, False, "quotes.v2:reported"))
    return out


_REPORTED_RE = re.compile(
    r"(?P<cue>said|says|warned|warns|believe|believes|claimed|claims|argued|argues|insisted|insists|"
    r"suggested|suggest|revealed|reported|stressed|announced|acknowledged|admitted|told\s+\w+|"
    r"urged|denied|denies|fear|fears|feared|expect|expects|concluded|noted|estimated|"
    r"have\s+revealed|has\s+warned|have\s+warned|has\s+said|have\s+said|called|described)"
    r"(?:\s+on\s+\w+)?\s+(?:that\s+)?",
)


def _reported_from_text(doc: Document, taken: list[tuple[int, int]]) -> list[_Found]:
    """Surface patterns for documents without a parse: "X said (that) …", "According to X, …"."""
    text = doc.text
    out: list[_Found] = []
    for sent in doc.sentences:
        s_text = text[sent.start : sent.end]
        acc = re.match(r"\s*According to (?P<src>[^,]{2,120}),\s*(?P<content>.+)$", s_text, re.S)
        if acc:
            src = SpeakerPhrase(*_trim(text, sent.start + acc.start("src"), sent.start + acc.end("src")))
            content = _trim(text, sent.start + acc.start("content"), sent.end, " \n\t,;:.")
            cue = (sent.start + acc.start(), sent.start + acc.start() + len("According to"))
            if not _inside(content, taken):
                out.append(_Found(content, cue, src, None, False, False, "quotes.v2:according"))
            continue
        for m in _REPORTED_RE.finditer(s_text):
            cue_start = sent.start + m.start("cue")
            if any(s <= cue_start < e for s, e in taken):
                continue
            phrase = source_phrase_before(text, cue_start, sent.start)
            if phrase is None:
                continue
            content = _trim(text, sent.start + m.end(), sent.end, " \n\t,;:.")
            if len(text[slice(*content)].split()) < 3:
                continue
            out.append(
                _Found(
                    content,
                    (cue_start, sent.start + m.end("cue")),
                    phrase,
                    None,
                    False,
                    False,
                    "quotes.v2:reported",
                )
            )
            break
    return out


_COLON_LINE = re.compile(r"^(?P<src>[A-Z][^:\n“”\"‘’]{1,60}?):[ \t]+(?P<content>[^\n]{8,})$", re.M)
_SPEAKER_HEADS = re.compile(
    r"\b(?:think tank|official|officials|minister|ministry|spokesperson|spokesman|president|"
    r"government|experts|analysts|source|sources|report|poll)\b",
    re.I,
)


def _colon_attributions(doc: Document, taken: list[tuple[int, int]]) -> list[_Found]:
    """Headline and transcript attributions: "Pence: Flowers won't be at debate", "WALLACE: Let's start …"."""
    text = doc.text
    out = []
    for m in _COLON_LINE.finditer(text):
        src = m.group("src").strip()
        if len(src.split()) > 6 or re.match(r"(?:From|In|On|At|To|For|With|By|After|Before)\b", src):
            continue
        s, e = _trim(text, m.start("src"), m.end("src"))
        named = any(mm.start < e and s < mm.end for mm in doc.mentions if mm.type in _SOURCE_TYPES)
        if not (named or src.isupper() or _SPEAKER_HEADS.search(src)):
            continue
        content = _trim(text, m.start("content"), m.end("content"))
        if _inside(content, taken):
            continue
        colon = m.end("src")
        out.append(
            _Found(content, (colon, colon + 1), SpeakerPhrase(s, e), None, False, False, "quotes.v2:colon")
        )
    return out


_SOURCE_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def _inside(span: tuple[int, int], taken: Iterable[tuple[int, int]]) -> bool:
    """Whether half or more of ``span`` lies inside the spans ``taken``."""
    size = max(span[1] - span[0], 1)
    covered = sum(max(0, min(span[1], e) - max(span[0], s)) for s, e in taken)
    return covered * 2 >= size


# ------------------------------------------------------------------ assembly


def _resolve_all(doc: Document, found: list[_Found], options: QuoteOptions) -> list[_Found]:
    """Resolve speakers in text order; quotes with no cue inherit the latest speaker nearby."""
    found.sort(key=lambda f: f.content[0])
    resolved: list[Speaker] = []
    last: _Found | None = None
    for f in found:
        if f.source is not None:
            f.speaker = resolve_speaker(doc, f.source, f.credentials, resolved)
        else:
            f.speaker = _inherit(doc, f, last, options)
        if f.speaker is not None and f.speaker.name:
            resolved.append(f.speaker)
        if f.direct:
            last = f
    # Credentials given once ("Dr. Maria Lopez, a geopolitical analyst at …") hold for later quotes.
    creds: dict[str, str] = {}
    for f in found:
        sp = f.speaker
        if (
            sp is not None
            and sp.entity_id
            and _cred_rank(sp.credentials) > _cred_rank(creds.get(sp.entity_id, ""))
        ):
            creds[sp.entity_id] = sp.credentials
    for f in found:
        sp = f.speaker
        if sp is not None and sp.entity_id in creds and sp.credentials in creds[sp.entity_id]:
            f.speaker = replace(sp, credentials=creds[sp.entity_id])
    return found


def _cred_rank(credentials: str) -> tuple[bool, int]:
    """Prefer a stated title or role ("a security analyst at …") to a relative clause ("who says …")."""
    return (bool(credentials) and not credentials.startswith(("who ", "whose ")), len(credentials))


def _inherit(doc: Document, f: _Found, last: _Found | None, options: QuoteOptions) -> Speaker | None:
    sent = doc.sentence_at(f.content[0]).index
    window_start = doc.sentences[max(0, sent - options.lookback_sentences)].start if doc.sentences else 0
    after = last.content[1] if last is not None else -1
    # A person named after the previous quote (and before this one) is the likelier speaker.
    persons = [
        (m, e)
        for e in doc.entities
        if e.type == "PERSON"
        for m in e.mentions
        if max(window_start, after) <= m.start < f.content[0] - 1
    ]
    if persons:
        m, e = max(persons, key=lambda me: me[0].start)
        return Speaker(e.name, e.id, "person", "", m.start, m.end)
    if last is not None and last.speaker is not None and last.speaker.name:
        last_sent = doc.sentence_at(last.content[0]).index
        if sent - last_sent <= options.lookback_sentences + 1:
            sp = last.speaker
            return Speaker(sp.name, sp.entity_id, sp.type, sp.credentials)
    return None


def _merge(direct: list[_Found], reported: list[_Found]) -> list[_Found]:
    """Drop reported candidates that restate a direct quote; fold partial quotes into their clause."""
    out = list(direct)
    for r in reported:
        clash = [d for d in direct if d.content[0] < r.content[1] and r.content[0] < d.content[1]]
        if not clash:
            out.append(r)
            continue
        # A partial quote inside a reported clause with the same cue: keep the clause, marked partial.
        inner = [
            d
            for d in clash
            if d.partial and r.content[0] <= d.content[0] - 1 and d.content[1] <= r.content[1]
        ]
        if inner and len(inner) == len(clash):
            out = [o for o in out if all(o is not d for d in inner)]
            r.partial = True
            r.direct = True
            out.append(r)
    return out


def _to_quote(doc: Document, f: _Found) -> Quote:
    speaker = f.speaker or Speaker("", None, "unknown")
    text = doc.text
    speaker_ev: tuple[Evidence, ...] = ()
    if f.source is not None:
        speaker_ev = (doc.evidence(f.source.start, f.source.end),)
        if f.credentials is not None:
            speaker_ev += (doc.evidence(*f.credentials),)
    elif speaker.start is not None and speaker.end is not None:
        speaker_ev = (doc.evidence(speaker.start, speaker.end),)
    cue_ev = (doc.evidence(*f.cue),) if f.cue else ()
    cue = " ".join(text[slice(*f.cue)].split()) if f.cue else ""
    chain = source_chain(" ".join(f.source.text(text).split())) if f.source is not None else ()
    if speaker.start is None and f.source is not None:
        speaker = replace(speaker, start=f.source.start, end=f.source.end)
    return Quote(
        id=record_id("quo", doc.article.id, *f.content),
        article_id=doc.article.id,
        speaker=speaker,
        cue=cue,
        content=text[slice(*f.content)],
        direct=f.direct,
        evidence=(doc.evidence(*f.content),),
        speaker_evidence=speaker_ev,
        cue_evidence=cue_ev,
        partial=f.partial,
        chain=chain,
        method=f.method,
    )


def find_quotes(doc: Document, options: QuoteOptions) -> list[Quote]:
    """Return every direct quote and reported statement of ``doc``, in text order."""
    direct = _direct_quotes(doc, options)
    reported: list[_Found] = []
    if options.reported_speech:
        taken = [d.content for d in direct]
        cue_spans = [d.cue for d in direct if d.cue is not None and not d.partial]
        has_parse = any(t.dep for t in doc.tokens)
        reported = (
            _reported_from_parse(doc, options, cue_spans)
            if has_parse
            else _reported_from_text(doc, cue_spans)
        )
        # A reported clause that is itself a direct quote ("X said: “…”") is the same statement.
        reported = [r for r in reported if not any(r.content == t for t in taken)]
        reported += _colon_attributions(doc, taken + [r.content for r in reported])
    found = _resolve_all(doc, _merge(direct, reported), options)
    quotes = [_to_quote(doc, f) for f in found]
    seen: set[str] = set()
    unique = []
    for q in quotes:
        if q.id not in seen:
            seen.add(q.id)
            unique.append(q)
    return unique


DEFAULT_OPTIONS = QuoteOptions()


@stage("extract.quotes.v2", requires=("sentences", "tokens", "entities"), assigns=("quotes",))
def extract_quotes(doc: Document, options: QuoteOptions = DEFAULT_OPTIONS) -> tuple[Quote, ...]:
    """Find direct quotes and reported speech in ``doc``, each attributed to a resolved speaker.

    Args:
        doc: A document whose sentences, tokens (with a parse, where available) and entities are set.
        options: See :class:`QuoteOptions`.

    Returns:
        One :class:`Quote` per statement in text order; its ``evidence`` is the content span,
        ``speaker_evidence`` the source phrase (then its credentials, if stated) and
        ``cue_evidence`` the cue.
    """
    return tuple(find_quotes(doc, options))
