r"""Speakers: the source phrase of a quote resolved to a person, organisation, state, group or document.

Given the span of a source phrase as written ("retired U.S.\\nGeneral Thomas Carter", "a spokesperson
for the French Ministry of Foreign Affairs", "a number of experts", "leaked intelligence reports
obtained by Gazeta.ru", "he"), :func:`resolve_speaker` returns a :class:`~rashomon.model.Speaker`
with the entity it names, its type (``person``, ``organization``, ``state``, ``anonymous``,
``collective``, ``document``), its stated credentials and, for reports passed on by someone
else, the source chain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rashomon.model import Document, Entity, Mention, Speaker

__all__ = [
    "SpeakerPhrase",
    "entity_speaker_type",
    "find_appositive",
    "resolve_speaker",
    "source_phrase_after",
    "source_phrase_before",
]

#: Abbreviations whose period does not end a phrase ("Dr.\nMaria Lopez", "retired U.S.\nGeneral").
ABBREVIATIONS = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "adm",
        "maj",
        "sen",
        "rep",
        "gov",
        "pres",
        "st",
        "jr",
        "sr",
        "no",
        "vs",
        "mt",
        "ft",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "u.s.a",
        "d.c",
        "a.m",
        "p.m",
        "inc",
        "corp",
        "co",
        "ltd",
    ]
)
_PRONOUNS = {"he": "person", "she": "person", "they": "collective", "we": "collective", "i": "person"}
#: Nouns that make a source a document rather than a person ("leaked intelligence reports").
DOCUMENT_NOUNS = frozenset(
    [
        "report",
        "reports",
        "document",
        "documents",
        "statement",
        "statements",
        "note",
        "notes",
        "memo",
        "memos",
        "cable",
        "cables",
        "letter",
        "letters",
        "filing",
        "filings",
        "study",
        "studies",
        "survey",
        "surveys",
        "poll",
        "polls",
        "analysis",
        "assessment",
        "assessments",
        "data",
        "record",
        "records",
        "footage",
        "video",
        "videos",
        "images",
        "dossier",
        "leak",
        "leaks",
        "tweet",
        "post",
        "release",
        "communique",
        "communiqué",
        "transcript",
        "transcripts",
        "intelligence",
    ]
)
#: Plural heads that name unnamed groups ("most analysts", "French officials").
COLLECTIVE_NOUNS = frozenset(
    [
        "experts",
        "analysts",
        "officials",
        "observers",
        "critics",
        "diplomats",
        "residents",
        "witnesses",
        "lawmakers",
        "advisors",
        "advisers",
        "commentators",
        "scholars",
        "researchers",
        "economists",
        "leaders",
        "ministers",
        "authorities",
        "governments",
        "activists",
        "relatives",
        "families",
        "rescuers",
        "investigators",
        "sources",
        "insiders",
        "people",
        "politicians",
        "voters",
        "members",
        "journalists",
        "reporters",
        "commanders",
        "generals",
        "soldiers",
        "fishermen",
        "supporters",
        "opponents",
        "protesters",
        "specialists",
        "circles",
    ]
)
#: Heads that stand for an unnamed individual or for unnamed sources.
ANONYMOUS_HEADS = frozenset(
    [
        "source",
        "sources",
        "insider",
        "insiders",
        "official",
        "aide",
        "person",
        "deckhand",
        "witness",
        "resident",
        "diplomat",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "officer",
        "someone",
    ]
)
_ROLE_WORDS = frozenset(
    [
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "official",
        "representative",
        "envoy",
        "ambassador",
        "chairman",
        "chairwoman",
        "chair",
        "director",
        "head",
        "chief",
        "minister",
        "secretary",
        "adviser",
        "advisor",
        "analyst",
    ]
)
_DETERMINERS = re.compile(
    r"^(?:a|an|the|one|some|several|many|most|few|two|three|four|five|other|another|"
    r"a number of|a group of|a handful of|a few|a senior|senior|top)\b",
    re.I,
)
_CHAIN = re.compile(
    r"\b(?:obtained|seen|published|cited|quoted|leaked|reported|released|shared|circulated|"
    r"reviewed)\s+by\s+(?P<by>(?:the\s+)?[A-Z][\w.’'&-]*(?:\s+[A-Z][\w.’'&-]*)*)"
)
_WORD = re.compile(r"[\w’'.&-]+")


@dataclass(frozen=True, slots=True)
class SpeakerPhrase:
    """A source phrase found in the text: offsets into the article, end-exclusive."""

    start: int
    end: int

    def text(self, text: str) -> str:
        """Return the phrase as written."""
        return text[self.start : self.end]


def _is_abbreviation(text: str, period: int) -> bool:
    """Whether the period at ``period`` closes an abbreviation or an initial, not a sentence."""
    m = re.search(r"([\w.]+)$", text[max(0, period - 12) : period])
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def phrase_end(text: str, start: int, limit: int) -> int:
    """Return where a source phrase starting at ``start`` ends: at , ; : ( or a sentence-final period."""
    i = start
    stop = min(limit, len(text))
    while i < stop:
        ch = text[i]
        if ch in ',;:()“”"‘?!—–':
            break
        if ch == "’" and (i + 1 >= len(text) or not text[i + 1].isalpha()):
            break
        if ch == "." and not _is_abbreviation(text, i):
            break
        if ch == "\n" and (i + 1 < len(text) and text[i + 1] == "\n"):
            break
        i += 1
    while i > start and text[i - 1].isspace():
        i -= 1
    return i


def source_phrase_after(text: str, start: int, max_words: int = 12) -> SpeakerPhrase | None:
    """Return the source phrase that starts at ``start`` (after an inverted cue: "said Dr. Maria Lopez").

    The phrase runs to the first comma, colon or sentence-final period; a period after an
    abbreviation ("Dr.", "U.S.") does not end it, even when a line break follows.
    """
    while start < len(text) and text[start].isspace():
        start += 1
    end = phrase_end(text, start, start + 160)
    if end <= start:
        return None
    words = _WORD.findall(text[start:end])
    if not words or len(words) > max_words:
        return None
    first = words[0]
    if not (
        first[0].isupper()
        or first.lower() in _PRONOUNS
        or first.lower() in _PREMODS
        or _DETERMINERS.match(text[start:end])
    ):
        return None
    return SpeakerPhrase(start, end)


#: Words between a source and its cue that belong to neither ("Clinton had told", "Trump now says").
_AUX = frozenset(
    [
        "has",
        "have",
        "had",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "also",
        "then",
        "now",
        "once",
        "again",
        "previously",
        "later",
        "would",
        "will",
        "could",
        "did",
        "does",
        "do",
        "not",
        "never",
        "reportedly",
        "repeatedly",
        "publicly",
        "privately",
        "has'",
        "first",
        "further",
        "already",
        "still",
        "recently",
        "yesterday",
        "today",
    ]
)
_CONNECT = frozenset(
    ["of", "for", "at", "the", "and", "de", "da", "del", "van", "von", "al", "on", "in", "to"]
)
_QUANT = frozenset(
    [
        "a",
        "an",
        "the",
        "most",
        "many",
        "some",
        "several",
        "few",
        "other",
        "another",
        "all",
        "two",
        "three",
        "four",
        "five",
        "one",
    ]
)
_ORG_HEADS = frozenset(
    [
        "ministry",
        "government",
        "administration",
        "office",
        "navy",
        "army",
        "military",
        "police",
        "department",
        "agency",
        "council",
        "committee",
        "campaign",
        "team",
        "press",
        "media",
        "newspaper",
        "website",
        "outlet",
        "channel",
        "association",
        "union",
        "coalition",
        "party",
        "group",
        "court",
        "embassy",
        "force",
        "forces",
        "guard",
        "tank",
    ]
)
_PREMODS = frozenset(
    [
        "former",
        "retired",
        "acting",
        "senior",
        "top",
        "deputy",
        "chief",
        "foreign",
        "defense",
        "defence",
        "military",
        "legal",
        "regional",
        "local",
        "western",
        "independent",
        "journalist",
        "analyst",
        "and",
        "interim",
        "veteran",
        "leading",
        "prominent",
    ]
)


def _bare(word: str) -> str:
    return re.sub(r"(?:[’']s|[’'])$", "", word.strip('.,;:!?()[]“”"‘’')).lower()


def source_phrase_before(text: str, end: int, floor: int) -> SpeakerPhrase | None:
    """Return the noun phrase that ends at ``end`` (before a cue: "Dalvang said", "French officials said").

    ``floor`` bounds the search (the sentence start). Auxiliaries and adverbs between the phrase
    and the cue ("Clinton had told") are skipped; opening determiners and quantifiers ("a number
    of experts", "most analysts") belong to the phrase.
    """
    toks = [(floor + m.start(), floor + m.end(), m.group()) for m in re.finditer(r"\S+", text[floor:end])]
    while toks and (
        (toks[-1][2].lower() in _AUX) or (toks[-1][2].startswith("(") and toks[-1][2].endswith(")"))
    ):
        toks.pop()
    if not toks or toks[-1][2][-1] in ",;:)—–":
        return None
    last = toks[-1][2]
    low = _bare(last)
    if low in _PRONOUNS or low == "it":
        return SpeakerPhrase(toks[-1][0], toks[-1][1])
    nouns = COLLECTIVE_NOUNS | ANONYMOUS_HEADS | DOCUMENT_NOUNS | _ROLE_WORDS | _ORG_HEADS
    if not (last[0].isupper() or low in nouns):
        return None
    i = len(toks) - 1
    start = toks[i][0]
    lowercase_head = not last[0].isupper()
    while i > 0:
        prev = toks[i - 1][2]
        if prev[-1] in ',;:)(—–“”"‘’' or (prev.endswith("’") and len(prev) == 1):
            break
        p = _bare(prev)
        if (
            prev[0].isupper()
            or (p in _CONNECT and i - 2 >= 0 and toks[i - 2][2][:1].isupper() and toks[i][2][:1].isupper())
            or p in _QUANT
            or p in {"number", "handful", "group"}
            or (lowercase_head and re.fullmatch(r"[a-z-]+", prev) and p not in _STOP and i >= len(toks) - 4)
            or p in _PREMODS
        ):
            pass
        else:
            break
        i -= 1
        start = toks[i][0]
    first = next(k for k, t in enumerate(toks) if t[0] == start)
    while first < len(toks) - 1 and _bare(toks[first][2]) in {"and", "of", "for", "at", "on", "in", "to"}:
        first += 1
    start = toks[first][0]
    if _bare(text[start:end]) == "the":
        return None
    e = toks[-1][1]
    if len(text[start:e].split()) > 14:
        return None
    return SpeakerPhrase(start, e)


_STOP = frozenset(
    [
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "while",
        "where",
        "because",
        "but",
        "and",
        "or",
        "if",
        "as",
        "than",
        "so",
        "then",
        "this",
        "these",
        "those",
        "it",
        "its",
        "there",
        "here",
        "not",
        "no",
    ]
)


_APPOSITIVE = re.compile(
    r"^,\s*(?P<app>(?:a|an|the|who|whose|one of|former|retired|chief|head of|now|then|[a-z]+ of)\b[^,;.”\"’]*"
    r"(?:\.(?=\w)[^,;.”\"’]*)*)"
)


def find_appositive(text: str, end: int) -> tuple[int, int] | None:
    """Return the span of a credential apposition right after a name (", a geopolitical analyst at …")."""
    m = _APPOSITIVE.match(text[end : end + 200])
    if not m:
        return None
    s = end + m.start("app")
    e = end + m.end("app")
    # Let abbreviations inside the appositive pass ("the U.S. Navy").
    while e < len(text) and text[e] == "." and _is_abbreviation(text, e):
        more = re.match(r"\.[^,;.”\"’]*", text[e : e + 120])
        if not more or len(more.group(0)) <= 1:
            break
        e += len(more.group(0))
    while e > s and text[e - 1] in " \n.":
        e -= 1
    if len(text[s:e].split()) < 2:
        return None
    return s, e


def entity_speaker_type(ent_type: str) -> str:
    """Map a mention/entity type to a speaker type."""
    return {
        "PERSON": "person",
        "ORG": "organization",
        "GPE": "state",
        "NORP": "collective",
        "ROLE": "person",
    }.get(ent_type, "organization")


def _mentions_in(doc: Document, start: int, end: int) -> list[tuple[Mention, Entity | None]]:
    by_mention: dict[tuple[int, int], Entity] = {}
    for ent in doc.entities:
        for m in ent.mentions:
            by_mention[(m.start, m.end)] = ent
    out = []
    for m in doc.mentions:
        if m.start < end and m.end > start:
            out.append((m, by_mention.get((m.start, m.end))))
    return out


def _person_by_name(entities: Iterable[Entity], name: str) -> Entity | None:
    """Find a person entity whose name ends with the last word of ``name`` ("Dr. Lopez" → Maria Lopez)."""
    words = [w for w in re.findall(r"[\w’'-]+", name) if w[0].isupper()]
    if not words:
        return None
    last = words[-1].casefold()
    for ent in entities:
        if ent.type == "PERSON" and ent.name.split() and ent.name.split()[-1].casefold() == last:
            return ent
    return None


_TYPE_RANK = {"PERSON": 0, "ORG": 1, "GPE": 2, "NORP": 3, "FAC": 4, "LOC": 5}


def _head_word(phrase: str) -> str:
    """The head noun of a phrase: its last word before a preposition ("reports obtained by" → reports)."""
    core = re.sub(r"\s*\([^)]*\)", "", phrase)
    core = re.sub(
        r"^(?:an?|the)\s+(?:number|group|handful|couple|majority|few)\s+of\s+", "", core, flags=re.I
    )
    core = re.split(r"\s+(?:for|of|at|from|in|with|close to|obtained|who|that|on)\s+", core, maxsplit=1)[0]
    words = re.findall(r"[\w’'-]+", core)
    return words[-1].casefold() if words else ""


def resolve_speaker(
    doc: Document,
    phrase: SpeakerPhrase,
    credentials_span: tuple[int, int] | None = None,
    previous: Sequence[Speaker] = (),
) -> Speaker:
    """Resolve the source phrase ``phrase`` of ``doc`` to a :class:`Speaker`.

    Args:
        doc: The annotated document (mentions and entities set).
        phrase: The source phrase as found.
        credentials_span: An apposition after the phrase stating credentials, if any.
        previous: Speakers resolved earlier in the article, most recent last; pronouns
            ("he", "she") resolve to the most recent named person among them.

    Returns:
        The speaker, with ``start``/``end`` set to the phrase offsets.
    """
    text = doc.text
    raw = phrase.text(text)
    flat = " ".join(raw.split())
    low = flat.casefold()
    credentials = " ".join(text[slice(*credentials_span)].split()) if credentials_span else ""

    if low in _PRONOUNS:
        for sp in reversed(previous):
            if sp.type == "person" and sp.entity_id and low in {"he", "she", "i"}:
                return Speaker(sp.name, sp.entity_id, sp.type, sp.credentials, phrase.start, phrase.end)
            if low in {"they", "we"} and sp.type in {"organization", "state", "collective"}:
                return Speaker(sp.name, sp.entity_id, sp.type, sp.credentials, phrase.start, phrase.end)
        return Speaker(flat, None, _PRONOUNS[low], credentials, phrase.start, phrase.end)

    head = _head_word(flat)
    chain: list[str] = []
    chain_match = _CHAIN.search(flat)
    if head in DOCUMENT_NOUNS or chain_match:
        if chain_match:
            chain.append(chain_match.group("by"))
        return Speaker(flat, None, "document", credentials, phrase.start, phrase.end)

    found = _mentions_in(doc, phrase.start, phrase.end)
    found.sort(key=lambda me: (_TYPE_RANK.get(me[0].type, 9), me[0].start))
    person = next((me for me in found if me[0].type == "PERSON"), None)
    if person is not None and re.match(r"[’']s\b", text[person[0].end : person[0].end + 3]):
        # "Veltria's foreign ministry": a name in the possessive owns the speaker, it is not the speaker.
        kind = "organization" if head in _ORG_HEADS else "person"
        return Speaker(flat, None, kind, credentials, phrase.start, phrase.end)
    if person is not None:
        mention, ent = person
        ent = ent or _person_by_name(doc.entities, mention.text)
        name = ent.name if ent else " ".join(mention.text.split())
        pre = text[phrase.start : mention.start]
        pre = " ".join(re.sub(r"^(?:the|a|an)\s+", "", pre.strip(), flags=re.I).split())
        pre = re.sub(r"(?:^|\s)(?:Dr|Mr|Mrs|Ms|Prof)\.?$", "", pre).strip()
        creds = "; ".join(c for c in (pre.strip(" ,"), credentials) if c)
        return Speaker(name, ent.id if ent else None, "person", creds, phrase.start, phrase.end)

    starts_det = bool(_DETERMINERS.match(flat))
    if head in COLLECTIVE_NOUNS and not (head in ANONYMOUS_HEADS and head in {"sources", "insiders"}):
        ent = found[0][1] if found else None
        return Speaker(flat, ent.id if ent else None, "collective", credentials, phrase.start, phrase.end)
    if head in ANONYMOUS_HEADS or head in {"sources", "insiders"}:
        org = next((me for me in found if me[0].type in {"ORG", "GPE", "NORP"}), None)
        if org is not None and head in _ROLE_WORDS:
            mention, ent = org
            role = text[phrase.start : mention.start].strip()
            role = re.sub(r"\s+(?:for|of|at|from)(?:\s+the)?$", "", role, flags=re.I)
            creds = "; ".join(c for c in (" ".join(role.split()), credentials) if c)
            name = ent.name if ent else " ".join(mention.text.split())
            kind = entity_speaker_type(mention.type)
            return Speaker(name, ent.id if ent else None, kind, creds, phrase.start, phrase.end)
        return Speaker(flat, None, "anonymous", credentials, phrase.start, phrase.end)

    if person is None and flat[:1].isupper() and len(flat.split()) <= 2:
        named = _person_by_name(doc.entities, flat)
        if named is not None:
            return Speaker(named.name, named.id, "person", credentials, phrase.start, phrase.end)
    if found and re.search(r"\s(?:and|&)\s", flat) and len({me[0].text for me in found}) > 1:
        return Speaker(flat, None, "collective", credentials, phrase.start, phrase.end)
    if found:
        mention, ent = found[0]
        name = ent.name if ent else " ".join(mention.text.split())
        kind = entity_speaker_type(mention.type)
        # "Venezuela’s foreign ministry", "the Mexican government": an organisation of a state.
        if mention.type in {"GPE", "NORP"} and re.search(
            r"\b(?:ministry|government|administration|office|navy|army|military|embassy|department|"
            r"tank|institute|agency|council|party|campaign|coast guard|admiralty)\b",
            low,
        ):
            return Speaker(
                flat, ent.id if ent else None, "organization", credentials, phrase.start, phrase.end
            )
        return Speaker(name, ent.id if ent else None, kind, credentials, phrase.start, phrase.end)

    ent = _person_by_name(doc.entities, flat) if flat[:1].isupper() and not starts_det else None
    if ent is not None:
        return Speaker(ent.name, ent.id, "person", credentials, phrase.start, phrase.end)
    if re.search(r"\b(?:ministry|government|administration|office|navy|army|police|agency|council)\b", low):
        return Speaker(flat, None, "organization", credentials, phrase.start, phrase.end)
    if starts_det or flat[:1].islower():
        kind = "collective" if head.endswith("s") else "anonymous"
        return Speaker(flat, None, kind, credentials, phrase.start, phrase.end)
    return Speaker(_strip_title(flat), None, "person", credentials, phrase.start, phrase.end)


def source_chain(phrase: str) -> tuple[str, ...]:
    """Return the chain of a passed-on source ("reports obtained by Gazeta.ru" → reports, Gazeta.ru)."""
    m = _CHAIN.search(phrase)
    if not m:
        return ()
    first = phrase[: m.start()].strip()
    first = re.sub(r"\s+(?:that\s+were|which\s+were)$", "", first)
    return (" ".join(first.split()), m.group("by").strip())


def _strip_title(name: str) -> str:
    return re.sub(
        r"^(?:(?:retired|former|acting)\s+)?(?:(?:U\.S\.|US)\s+)?"
        r"(?:Dr|Mr|Mrs|Ms|Prof|Gen|General|Col|Colonel|Capt|Captain|Adm|Admiral|Sen|Rep|Gov)\.?\s+",
        "",
        name,
    )
