"""Agreement between accounts: who supports, who contradicts, and which support is independent.

:func:`corroborate` returns a :class:`Corroboration` — ``(claim_ids, supports, contradicts)`` plus
the independent sources on each side and, for every contradicting claim, the reason. It never picks
a winner silently: the claims are compared with an *anchor* (the wording the most independent
sources agree with), every disagreeing claim is listed with why it disagrees, and every value is
kept. :func:`consensus` computes a single value only where one value has strictly more independent
sources than any other, and always lists what it outweighed.

Independence: an article with ``duplicate_of`` set counts as the article it copies (syndication,
reposts), and two accounts whose wording is a near-copy (word-trigram Jaccard at or above
``NEAR_COPY_JACCARD``) count once, whichever outlets carry them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from rashomon.model import Article, Claim, Count, Modality

__all__ = [
    "NEAR_COPY_JACCARD",
    "NEGATIVE_MODALITIES",
    "Consensus",
    "Corroboration",
    "canonical_sources",
    "claim_counts",
    "consensus",
    "corroborate",
    "count_range",
    "counts_conflict",
    "format_count",
    "independent_groups",
    "is_negative",
    "normalize_unit",
    "parse_counts",
]

#: Modalities under which an account disputes, rather than reports, what it describes.
NEGATIVE_MODALITIES = frozenset({Modality.DENIED.value, Modality.NEGATED.value})

# Wire copies re-edited by a second outlet keep ≥ 0.8 of their word trigrams (the demo corpus's
# L4/L5 pair shares 0.84 of its word 5-shingles; sentences are shorter, trigrams looser); claims
# that merely report the same fact in their own words share < 0.5 (hand-checked on the demo corpus).
NEAR_COPY_JACCARD = 0.8

# A denial of what is stated, not any negation word: "denied that…", "a fabrication", "did not
# take place", "no vessel fired", "nobody was killed". A stray "not" elsewhere in a long sentence
# ("would not tolerate") does not make a claim contradict one that lacks it.
_NEGATION = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|fabricat\w*|untrue|false(?:ly|hood)?|"
    r"(?:did|does|do)\s+not\s+(?:take\s+place|happen|occur|exist)|never\s+happened|"
    r"(?:nobody|no\s+one|none)\s+(?:was|were|had\s+been|has\s+been)?\s*\w+|"
    r"no\s+(?:[\w-]+\s+){0,2}(?:fired|attacked|shot|killed|struck|hit|opened|engaged|entered|"
    r"sank|was|were|has|had))\b",
    re.IGNORECASE,
)

#: Canonical unit for the words news uses for the same count.
UNIT_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(
        ("killed", "dead", "deaths", "death", "died", "dying", "fatalities", "bodies", "lives", "toll"),
        "killed",
    ),
    **dict.fromkeys(("injured", "wounded", "hurt", "injuries", "casualties"), "injured"),
    **dict.fromkeys(("missing", "lost", "unaccounted"), "missing"),
    **dict.fromkeys(("survivors", "survived", "rescued"), "survivors"),
    **dict.fromkeys(("troops", "soldiers", "reservists", "personnel", "sailors"), "troops"),
    **dict.fromkeys(("vessels", "ships", "boats", "warships", "frigates", "trawlers"), "vessels"),
    **dict.fromkeys(("arrested", "arrests", "detained", "detentions"), "arrested"),
    **dict.fromkeys(("displaced", "refugees", "evacuated"), "displaced"),
}

# How far a hedged figure reaches, as multiples of the stated value. "Nearly 40" is read as
# 34–40 and "about 40" as 34–46: the ±15 % band used by conflict-data coders for approximate
# fatality figures; "at least 20" is open above. Checked against the demo corpus's figures.
_QUALIFIER_SPANS: dict[str, tuple[float, float]] = {
    "": (1.0, 1.0),
    "exactly": (1.0, 1.0),
    "at least": (1.0, math.inf),
    "more than": (1.0, math.inf),
    "over": (1.0, math.inf),
    "upwards of": (1.0, math.inf),
    "nearly": (0.85, 1.0),
    "almost": (0.85, 1.0),
    "close to": (0.85, 1.0),
    "just under": (0.85, 1.0),
    "about": (0.85, 1.15),
    "around": (0.85, 1.15),
    "approximately": (0.85, 1.15),
    "roughly": (0.85, 1.15),
    "some": (0.85, 1.15),
    "an estimated": (0.85, 1.15),
    "up to": (0.0, 1.0),
    "at most": (0.0, 1.0),
    "fewer than": (0.0, 1.0),
    "less than": (0.0, 1.0),
    "under": (0.0, 1.0),
}

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12, "dozens": 24,
}  # fmt: skip
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_NUMBER = (
    rf"\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{_TENS}-(?:one|two|three|four|five|six|seven|eight|nine)"
    r"|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
)
_QUALIFIERS = "|".join(sorted((q for q in _QUALIFIER_SPANS if q), key=len, reverse=True))
_UNITS = "|".join(sorted(UNIT_SYNONYMS, key=len, reverse=True))
_COUNT = re.compile(
    rf"\b(?:(?P<qual>{_QUALIFIERS})\s+)?(?P<num>{_NUMBER})(?P<thousand>\s+thousand)?"
    rf"(?P<gap>(?:\s+[\w'’-]+){{0,3}}?)\s+(?:(?:are|were|was|have\s+been|had\s+been|now|"
    rf"feared|reported|confirmed|believed)\s+)*(?P<unit>{_UNITS})\b",
    re.IGNORECASE,
)


_OUTCOME = re.compile(
    r"\s+(?:(?:were|was|are|have\s+been|had\s+been|now|reportedly|feared)\s+)+"
    r"(killed|dead|died|injured|wounded|hurt|missing|detained|arrested)\b",
    re.IGNORECASE,
)


def normalize_unit(unit: str) -> str:
    """Return the canonical unit for ``unit`` ("dead", "deaths" → "killed"); unknown units pass through."""
    word = unit.strip().lower()
    return UNIT_SYNONYMS.get(word, UNIT_SYNONYMS.get(word.split()[-1] if word else "", word))


def count_range(count: Count) -> tuple[float, float]:
    """Return the closed interval of values that ``count`` allows, from its bounds or its qualifier."""
    if count.low is not None or count.high is not None:
        lo = count.low if count.low is not None else count.value
        hi = count.high if count.high is not None else count.value
        return (min(lo, hi), max(lo, hi))
    lo_f, hi_f = _QUALIFIER_SPANS.get(count.qualifier.strip().lower(), (1.0, 1.0))
    return (count.value * lo_f, count.value * hi_f)


def format_count(count: Count) -> str:
    """Return a count as read: ``"at least 20 killed"``."""
    value = f"{count.value:g}"
    qual = f"{count.qualifier} " if count.qualifier else ""
    return f"{qual}{value} {normalize_unit(count.unit)}".strip()


def _number(text: str) -> float | None:
    t = text.lower().replace(",", "")
    if "-" in t:
        tens, _, unit = t.partition("-")
        return float(_WORD_NUMBERS.get(tens, 0) + _WORD_NUMBERS.get(unit, 0)) or None
    if t in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[t])
    try:
        return float(t)
    except ValueError:
        return None


def parse_counts(text: str) -> tuple[Count, ...]:
    """Find counted figures in ``text`` ("at least 20 people were killed" → 20 killed, "at least").

    A fallback for records whose extractor left ``numbers``/``counts`` empty; it reads
    ``[qualifier] number [up to three words] [verb] unit``.
    """
    out: list[Count] = []
    for m in _COUNT.finditer(text):
        value = _number(m.group("num"))
        if value is None:
            continue
        if m.group("thousand"):
            value *= 1000
        qual = (m.group("qual") or "").lower()
        unit = normalize_unit(m.group("unit"))
        # "three of its sailors were killed" counts the killed, not the sailors.
        outcome = _OUTCOME.match(text, m.end())
        if outcome:
            unit = normalize_unit(outcome.group(1))
        out.append(Count(value, unit, qual, m.group(0)))
    return tuple(out)


def counts_conflict(a: Iterable[Count], b: Iterable[Count]) -> list[str]:
    """Return one reason per unit on which the two sets of figures cannot both be true.

    Two figures for the same unit conflict when the intervals they allow do not overlap
    ("12 killed" vs "at least 20 killed"); "at least 20" and "27" do not conflict.
    """
    by_unit: dict[str, list[Count]] = {}
    for c in b:
        by_unit.setdefault(normalize_unit(c.unit), []).append(c)
    reasons: list[str] = []
    for ca in a:
        unit = normalize_unit(ca.unit)
        others = by_unit.get(unit)
        if not others:
            continue
        lo_a, hi_a = count_range(ca)
        if all(count_range(cb)[1] < lo_a or count_range(cb)[0] > hi_a for cb in others):
            reason = f"{unit}: {format_count(ca)} vs {', '.join(format_count(cb) for cb in others)}"
            if reason not in reasons:
                reasons.append(reason)
    return reasons


def is_negative(text: str, modality: str) -> bool:
    """Return whether an account disputes what it states (denied/negated modality or a negation cue)."""
    return modality in NEGATIVE_MODALITIES or bool(_NEGATION.search(text))


def canonical_sources(articles: Iterable[Article]) -> dict[str, str]:
    """Map each article id to the original it copies (following ``duplicate_of`` chains), or itself."""
    parent = {a.id: a.duplicate_of for a in articles}
    out: dict[str, str] = {}
    for aid in parent:
        root, seen = aid, {aid}
        while (nxt := parent.get(root)) and nxt not in seen:
            seen.add(nxt)
            root = nxt
        out[aid] = root
    return out


def _trigrams(text: str) -> frozenset[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < 3:
        return frozenset({tuple(words)})
    return frozenset(tuple(words[i : i + 3]) for i in range(len(words) - 2))


def independent_groups(
    accounts: Sequence[tuple[str, str]], canonical: Mapping[str, str], near_copy: float = NEAR_COPY_JACCARD
) -> list[list[int]]:
    """Group accounts that are not independent of one another.

    Args:
        accounts: ``(article_id, text)`` per account.
        canonical: Article id → the original it copies (see :func:`canonical_sources`).
        near_copy: Word-trigram Jaccard at or above which two texts are near-copies.

    Returns:
        Lists of indices into ``accounts``; each list is one independent source.
    """
    n = len(accounts)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_of_root: dict[str, int] = {}
    for i, (aid, _) in enumerate(accounts):
        root = canonical.get(aid, aid)
        if root in first_of_root:
            parent[find(i)] = find(first_of_root[root])
        else:
            first_of_root[root] = i
    grams = [_trigrams(text) for _, text in accounts]
    for i in range(n):
        for j in range(i + 1, n):
            if find(i) == find(j) or not grams[i] or not grams[j]:
                continue
            inter = len(grams[i] & grams[j])
            if inter and inter / len(grams[i] | grams[j]) >= near_copy:
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values())


@dataclass(frozen=True, slots=True)
class Corroboration:
    """How the claims of one cluster relate: who supports, who contradicts, and why.

    ``anchor`` is the claim the others are compared with; ``supports`` holds it and every claim
    that agrees with it, ``contradicts`` every claim that does not, with ``reasons[claim_id]``
    saying why (a denial, a conflicting figure). ``independent_supports`` and
    ``independent_contradicts`` hold one article id per independent source on each side.
    ``divergences`` maps ``numbers:<unit>`` to each figure given, with the articles that give it.
    """

    claim_ids: tuple[str, ...]
    supports: tuple[str, ...]
    contradicts: tuple[str, ...]
    anchor: str = ""
    independent_supports: tuple[str, ...] = ()
    independent_contradicts: tuple[str, ...] = ()
    reasons: Mapping[str, str] = field(default_factory=dict)
    divergences: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def claim_counts(claim: Claim) -> tuple[Count, ...]:
    """The claim's figures, read for what they count: "Twelve people were killed" → 12 killed.

    Extractors often record the counted noun as the unit ("people", "fishermen"); the text says
    what happened to them, so figures parsed from the text come first and the extractor's fill in
    values the parse missed.
    """
    parsed = parse_counts(claim.text)
    seen = {c.value for c in parsed}
    return parsed + tuple(n for n in claim.numbers if n.value not in seen)


def _disagreement(a: Claim, b: Claim) -> str:
    """Return why ``b`` contradicts ``a`` ("" when it does not)."""
    neg_a = is_negative(a.text, a.modality)
    neg_b = is_negative(b.text, b.modality)
    if neg_a != neg_b:
        return "denies it" if neg_b else "asserts what the anchor denies"
    conflicts = counts_conflict(claim_counts(b), claim_counts(a))
    return "conflicting figure — " + "; ".join(conflicts) if conflicts else ""


def _sources_of(indices: Sequence[int], groups: list[list[int]], claims: Sequence[Claim]) -> tuple[str, ...]:
    chosen = set(indices)
    return tuple(sorted({claims[g[0]].article_id for g in groups if chosen.intersection(g)}))


def divergence_entry(value: str, article_ids: Iterable[str]) -> str:
    """Format one side-by-side value: ``"<value> | <article id> <article id>"``."""
    return f"{value} | {' '.join(sorted(set(article_ids)))}"


def parse_divergence(entry: str) -> tuple[str, tuple[str, ...]]:
    """Split a divergence entry made by :func:`divergence_entry` into value and article ids."""
    value, _, ids = entry.rpartition(" | ")
    return (value, tuple(ids.split())) if value else (entry, ())


def corroborate(
    claims: Sequence[Claim],
    articles: Mapping[str, Article] | None = None,
    anchor_id: str | None = None,
    near_copy: float = NEAR_COPY_JACCARD,
) -> Corroboration:
    """Compare equivalent claims and say which support and which contradict, and why.

    Args:
        claims: Claims already judged equivalent (one cluster), in any order.
        articles: Article id → article, for ``duplicate_of`` (near-copies count once) and dates.
        anchor_id: Compare with this claim; by default the claim whose position has the most
            independent sources (ties: the earliest published, then the smallest id).
        near_copy: Word-trigram Jaccard at or above which two claim texts are one source.

    Returns:
        A :class:`Corroboration`; every claim is in exactly one of ``supports``/``contradicts``.
    """
    articles = articles or {}
    if not claims:
        return Corroboration((), (), ())
    canonical = canonical_sources(articles.values())
    groups = independent_groups([(c.article_id, c.text) for c in claims], canonical, near_copy)
    group_of = {i: gi for gi, g in enumerate(groups) for i in g}
    n = len(claims)
    agree = [[not _disagreement(claims[i], claims[j]) for j in range(n)] for i in range(n)]
    if anchor_id is not None and any(c.id == anchor_id for c in claims):
        anchor = next(i for i, c in enumerate(claims) if c.id == anchor_id)
    else:

        def rank(i: int) -> tuple[int, int, str, str]:
            support = len({group_of[j] for j in range(n) if agree[i][j]})
            asserted = int(claims[i].modality == Modality.ASSERTED.value)
            published = articles.get(claims[i].article_id)
            date = published.published if published and published.published else "9999"
            return (-support, -asserted, date, claims[i].id)

        anchor = min(range(n), key=rank)
    sup = [j for j in range(n) if agree[anchor][j]]
    con = [j for j in range(n) if not agree[anchor][j]]
    reasons = {claims[j].id: _disagreement(claims[anchor], claims[j]) for j in con}
    by_value: dict[str, dict[str, set[str]]] = {}
    for c in claims:
        for count in claim_counts(c):
            unit = normalize_unit(count.unit)
            by_value.setdefault(unit, {}).setdefault(format_count(count), set()).add(c.article_id)
    divergences = {
        f"numbers:{unit}": tuple(divergence_entry(v, ids) for v, ids in sorted(values.items()))
        for unit, values in sorted(by_value.items())
        if len(values) > 1
    }
    return Corroboration(
        claim_ids=tuple(c.id for c in claims),
        supports=tuple(claims[j].id for j in sup),
        contradicts=tuple(claims[j].id for j in con),
        anchor=claims[anchor].id,
        independent_supports=_sources_of(sup, groups, claims),
        independent_contradicts=_sources_of(con, groups, claims),
        reasons=reasons,
        divergences=divergences,
    )


@dataclass(frozen=True, slots=True)
class Consensus:
    """A value most independent sources give, with every value it outweighed and their sources.

    ``value`` is ``None`` when no value has strictly more independent sources than every other:
    then nothing is resolved and ``outweighed`` holds all the values.
    """

    value: str | None
    supported_by: tuple[str, ...]
    outweighed: Mapping[str, tuple[str, ...]]


def consensus(values: Mapping[str, Iterable[str]], canonical: Mapping[str, str] | None = None) -> Consensus:
    """Return the value given by the most independent sources, citing what it outweighed.

    Args:
        values: Each value → the article ids that give it.
        canonical: Article id → the original it copies; copies count once with their original.
    """
    canonical = canonical or {}
    support = {v: tuple(sorted({canonical.get(a, a) for a in ids})) for v, ids in values.items()}
    if not support:
        return Consensus(None, (), {})
    ranked = sorted(support.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    if len(ranked) > 1 and len(ranked[0][1]) == len(ranked[1][1]):
        return Consensus(None, (), dict(ranked))
    best, sources = ranked[0]
    return Consensus(best, sources, dict(ranked[1:]))
