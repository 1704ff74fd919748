"""Names as actor resolution compares them: folded text, word tokens, person-name parts, similarity.

Folding maps every spelling to one comparable form: ASCII transliteration (``anyascii``:
"Amélie" → "amelie", "Небензя" → "nebenzia"), case-folded, curly apostrophes made straight and
dotted acronyms closed up ("U.S." → "us"). Tokens keep their character offsets, so a match
found on folded tokens maps back to an exact span of the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
from anyascii import anyascii
from rapidfuzz.distance import JaroWinkler

from rashomon.extract.entities import strip_title

__all__ = [
    "NameComparison",
    "NameParts",
    "Tok",
    "block_keys",
    "compare_person_names",
    "first_names_compatible",
    "fold",
    "jaro_winkler",
    "name_parts",
    "shape_of",
    "shape_ok",
    "tokenize",
]

_TOKEN = re.compile(r"\w+(?:[-.]\w+)*|['’]s\b|[^\w\s]")
_ACRONYM = re.compile(r"(?:[a-z]\.)+[a-z]?\.?")
_SPACES = re.compile(r"\s+")
#: Abbreviations whose full stop belongs to the word ("St. Kitts", "Dr. Lopez"), not the sentence.
_ABBREVIATIONS = frozenset(
    [
        "st",
        "dr",
        "mr",
        "mrs",
        "ms",
        "gen",
        "jr",
        "sr",
        "lt",
        "col",
        "capt",
        "adm",
        "prof",
        "sen",
        "rep",
        "gov",
        "no",
        "vs",
        "cmdr",
        "maj",
        "sgt",
    ]
)
#: Surname particles: "Lula da Silva" has the surname "da silva", "Ursula von der Leyen" "von der leyen".
_PARTICLES = frozenset(
    [
        "da",
        "de",
        "del",
        "della",
        "dos",
        "das",
        "do",
        "di",
        "du",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "bin",
        "ibn",
        "al",
        "el",
        "ter",
    ]
)
#: Words that say nothing about which organisation is meant, left out of blocking keys.
_STOPWORDS = frozenset(
    ["the", "of", "and", "for", "de", "del", "los", "las", "la", "el", "al", "in", "on", "to", "a", "an"]
)


@dataclass(frozen=True, slots=True)
class Tok:
    """A word token: offsets into the text it came from (end-exclusive), its text and folded form."""

    start: int
    end: int
    text: str
    norm: str


@lru_cache(maxsize=1 << 17)
def fold(text: str) -> str:
    """Return ``text`` transliterated to ASCII, case-folded, single-spaced, acronyms closed up."""
    return " ".join(_norm(t) for t in _TOKEN.findall(_SPACES.sub(" ", text)) if _norm(t) != ".")


def _norm(token: str) -> str:
    if token in ("'s", "’s"):
        return "'s"
    folded = anyascii(token).casefold().replace("’", "'")
    if "." in folded and _ACRONYM.fullmatch(folded):
        folded = folded.replace(".", "")
    return folded


def tokenize(text: str) -> list[Tok]:
    """Split ``text`` into word, possessive and punctuation tokens with their offsets.

    A full stop directly after an abbreviation or a dotted acronym joins that token
    ("U.S." is one token), so that punctuation left standing marks a real boundary.
    """
    toks: list[Tok] = []
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        if word == "." and toks:
            prev = toks[-1]
            if prev.end == m.start() and (
                "." in prev.text
                or prev.norm in _ABBREVIATIONS
                or (len(prev.text) == 1 and prev.text.isupper())
            ):
                toks[-1] = Tok(prev.start, m.end(), prev.text + ".", prev.norm)
                continue
        toks.append(Tok(m.start(), m.end(), word, _norm(word)))
    return toks


def shape_of(word: str) -> str:
    """Return how a dictionary word must be written in a text to match it.

    ``A`` for an acronym (written in capitals: "US" must not match the pronoun "us"),
    ``C`` for a capitalised word (a name: "Petro" but not "petro"), ``l`` for a
    lower-case word that matches in any case ("armed forces").
    """
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "A"
    if letters and letters[0].isupper():
        return "C"
    return "l"


def shape_ok(shape: str, word: str) -> bool:
    """Return whether ``word`` as written in a text satisfies dictionary shape ``shape``."""
    if shape == "l":
        return True
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return True
    if shape == "A":
        return all(c.isupper() for c in letters)
    return letters[0].isupper()


def jaro_winkler(a: str, b: str) -> float:
    """Return the Jaro-Winkler similarity (0–1) of the folded forms of ``a`` and ``b``."""
    return float(JaroWinkler.similarity(fold(a), fold(b)))


@dataclass(frozen=True, slots=True)
class NameParts:
    """A person's name split for comparison: folded given names and folded surname."""

    given: tuple[str, ...]
    surname: str

    @property
    def full(self) -> str:
        """The folded full name."""
        return " ".join((*self.given, self.surname)).strip()


@lru_cache(maxsize=1 << 17)
def name_parts(name: str) -> NameParts:
    """Split a person's name into given names and surname, after removing titles.

    Surname particles stay with the surname ("Lula da Silva" → given ``("lula",)``,
    surname ``"da silva"``).
    """
    words = [w for w in fold(strip_title(name)).split() if w not in ("'s", "'", ",")]
    if not words:
        return NameParts((), "")
    cut = len(words) - 1
    while cut > 1 and words[cut - 1] in _PARTICLES:
        cut -= 1
    return NameParts(tuple(words[:cut]), " ".join(words[cut:]))


def first_names_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool | None:
    """Say whether two lists of given names can belong to one person.

    Returns ``None`` when either is empty (nothing to compare), ``True`` when the first
    given names agree (equal, one an initial of the other, or spellings of one name such
    as "Vassily"/"Vasily" or "Pete"/"Peter"), and ``False`` when they differ ("Henrik"/"Pete").
    """
    if not a or not b:
        return None
    x, y = a[0].rstrip("."), b[0].rstrip(".")
    if x == y:
        return True
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    # Calibrated on the alias lists of data/actors/*.toml (transliterations such as
    # Vassily/Vasily score 0.97, Pete/Peter 0.96; different names such as Henrik/Pete 0.47,
    # Maria/Mario 0.87). Retune with scripts/eval_actors.py.
    return float(JaroWinkler.similarity(x, y)) >= GIVEN_NAME_SIMILARITY


#: Jaro-Winkler above which two given names are taken as spellings of one name.
GIVEN_NAME_SIMILARITY = 0.9


def block_keys(name: str, person: bool) -> set[str]:
    """Return the blocking keys of a name: candidates for fuzzy comparison share at least one.

    For a person: the first three letters, the first letter with the last two, and the
    Metaphone code of the surname. For other names: the same keys for the first and last
    significant words. Comparing only
    within blocks keeps fusion near-linear instead of comparing every pair of names.
    """
    if person:
        words = [name_parts(name).surname.split()[-1]] if name_parts(name).surname else []
    else:
        sig = [w for w in fold(name).split() if w not in _STOPWORDS and w.isalnum() and len(w) > 1]
        words = [sig[0], sig[-1]] if sig else []
    keys: set[str] = set()
    for w in words:
        keys.add("p:" + w[:3])
        # First letter and ending: catches a typing error among the first letters ("Hgeseth").
        keys.add("e:" + w[:1] + w[-2:])
        code = jellyfish.metaphone(w)
        if code:
            keys.add("m:" + code[:3])
    return keys


#: Jaro-Winkler of folded surnames above which two surnames may be one name misspelt or
#: transliterated. Calibrated on the alias lists of data/actors/*.toml and the demo corpus
#: answer key (Hegsett/Hegseth 0.94, Brant/Brandt 0.97, Nebenzya/Nebenzia 0.95); different
#: surnames such as Rubin/Rubio (0.92) are kept apart by requiring supporting evidence as well.
SURNAME_SIMILARITY = 0.9


@dataclass(frozen=True, slots=True)
class NameComparison:
    """How a person's name compares with a known person's names.

    ``surname`` is the best Jaro-Winkler similarity of the surnames; ``given`` is ``True``
    when the given names agree, ``False`` when they conflict ("Henrik" vs "Pete"), ``None``
    when one side has none; ``exact`` when the folded full name equals a known name.
    """

    surname: float
    given: bool | None
    exact: bool

    @property
    def compatible(self) -> bool:
        """Whether the names can be one person's: surnames close enough, given names not in conflict."""
        return self.exact or (self.surname >= SURNAME_SIMILARITY and self.given is not False)


def compare_person_names(name: str, known: tuple[str, ...] | list[str]) -> NameComparison:
    """Compare ``name`` with the names ``known`` for one person (canonical name and aliases).

    Given names are compared only against known names that have them, so "Henrik Hegset"
    conflicts with "Pete Hegseth" even though the alias "Hegseth" has no given name.
    """
    parts = name_parts(name)
    folded = parts.full
    best = 0.0
    given_votes: list[bool] = []
    exact = False
    for other in known:
        op = name_parts(other)
        if not op.surname or not parts.surname:
            continue
        exact = exact or op.full == folded
        # Compare whole surnames and their last words: "Silva" against "da Silva".
        sim = max(
            float(JaroWinkler.similarity(parts.surname, op.surname)),
            float(JaroWinkler.similarity(parts.surname.split()[-1], op.surname.split()[-1])),
        )
        best = max(best, sim)
        verdict = first_names_compatible(parts.given, op.given)
        if verdict is not None and sim >= SURNAME_SIMILARITY:
            given_votes.append(verdict)
    given = (True in given_votes) if given_votes else None
    return NameComparison(best, given, exact)
