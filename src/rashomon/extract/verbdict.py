"""Verb → CAMEO code table: read from a PETRARCH-format verb dictionary, matched over a parse.

The shipped table (``data/models/event_verbs.json``) is derived by
``scripts/build_event_verbs.py`` from the CAMEO verb-pattern dictionary of PETRARCH2.

NOTICE: the derived table carries data from the PETRARCH2 ``CAMEO.2.0.txt`` dictionary,
Copyright (c) 2015 Open Event Data Alliance, released under the MIT License; the licence
text is kept in the table's ``notice`` field.

A verb dictionary groups verbs into blocks with a default code and patterns such as
``- * (WITH {&CAR &WEAPON}) [1832]``: words before ``*`` are heads of the subject, words
after it are object heads or ``(PREPOSITION object)`` phrases, and ``&NAME`` refers to a
synonym set. This module keeps that structure and matches it against bags of lemmas taken
from a dependency parse, rather than against PETRARCH's constituency trees.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

__all__ = [
    "ArgumentBags",
    "VerbEntry",
    "VerbPattern",
    "VerbTable",
    "load_verb_table",
    "parse_verb_dictionary",
]

#: Placeholder code of verbs and patterns that produce no event.
NULL_CODE = ""

_CODE = re.compile(r"\[([^\]]*)\]\s*$")
_GROUP = re.compile(r"\{[^}]*\}|\([^)]*\)|\S+")


@dataclass(frozen=True, slots=True)
class VerbPattern:
    """One pattern of a verb block: subject words, object words and (preposition, words) items.

    Each item is a phrase (a tuple of words); ``&NAME`` words refer to a synonym set.
    """

    pre: tuple[tuple[str, ...], ...]
    post: tuple[tuple[str, ...], ...]
    preps: tuple[tuple[str, tuple[str, ...]], ...]
    code: str

    @property
    def size(self) -> int:
        """How many words the pattern requires: longer patterns are more specific."""
        return (
            sum(len(p) for p in self.pre)
            + sum(len(p) for p in self.post)
            + sum(1 + len(w) for _, w in self.preps)
        )


@dataclass(frozen=True, slots=True)
class VerbEntry:
    """A verb (lemma, with the words that must follow or precede it) and its block."""

    lemma: str
    after: tuple[str, ...]
    before: tuple[str, ...]
    code: str
    block: int


@dataclass(frozen=True, slots=True)
class ArgumentBags:
    """Upper-case words around a verb, as a parse gives them.

    Attributes:
        subject: Words of the subject phrase.
        objects: Words of the direct object, attribute and complement phrases.
        preps: Preposition → words of its object, for each prepositional phrase on the verb
            (and on its direct object).
    """

    subject: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    preps: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass
class VerbTable:
    """Verbs, their blocks' patterns and the synonym sets, ready for matching."""

    verbs: dict[str, list[VerbEntry]]
    patterns: list[list[VerbPattern]]
    synsets: dict[str, list[tuple[str, ...]]]
    notice: str = ""

    @cached_property
    def verbs_lower(self) -> frozenset[str]:
        """The table's verb lemmas in lower case."""
        return frozenset(v.lower() for v in self.verbs)

    def _has(self, phrase: tuple[str, ...], bag: frozenset[str]) -> bool:
        for word in phrase:
            if word.startswith("&"):
                options = self.synsets.get(word[1:], [])
                if not any(all(w in bag for w in opt) for opt in options):
                    return False
            elif word not in bag:
                return False
        return True

    def _matches(self, pattern: VerbPattern, bags: ArgumentBags) -> bool:
        if not all(self._has(p, bags.subject) for p in pattern.pre):
            return False
        if not all(self._has(p, bags.objects) for p in pattern.post):
            return False
        for prep, words in pattern.preps:
            bag = bags.preps.get(prep)
            if bag is None or not self._has(words, bag):
                return False
        return True

    def entries(
        self, lemma: str, following: Iterable[str] = (), preceding: Iterable[str] = ()
    ) -> list[VerbEntry]:
        """Return the entries of ``lemma`` whose multi-word parts match the words around it.

        Args:
            lemma: The verb's lemma, any case.
            following: Upper-case words after the verb (its particle first, then the next words).
            preceding: Upper-case words before the verb, nearest first.
        """
        after = tuple(following)
        before = tuple(preceding)
        out = []
        for e in self.verbs.get(lemma.upper(), []):
            if e.after and after[: len(e.after)] != e.after:
                continue
            if e.before and before[: len(e.before)] != tuple(reversed(e.before)):
                continue
            out.append(e)
        # Multi-word verbs ("carry out", "call off") are more specific than the bare verb.
        out.sort(key=lambda e: -(len(e.after) + len(e.before)))
        return out

    @cached_property
    def _ranked(self) -> list[list[tuple[VerbPattern, frozenset[str], frozenset[str]]]]:
        """Each block's patterns, most specific first, with the plain words and prepositions they need."""
        out = []
        for block in self.patterns:
            ranked = sorted(block, key=lambda p: -p.size)
            out.append(
                [
                    (
                        p,
                        frozenset(
                            w
                            for phrase in (*p.pre, *p.post, *(ws for _, ws in p.preps))
                            for w in phrase
                            if not w.startswith("&")
                        ),
                        frozenset(pr for pr, _ in p.preps),
                    )
                    for p in ranked
                ]
            )
        return out

    def code(self, entry: VerbEntry, bags: ArgumentBags) -> tuple[str, VerbPattern | None]:
        """Return the code of ``entry`` for the given arguments and the pattern that decided it.

        The most specific matching pattern of the entry's block wins; with none, the
        entry's own code applies (``""`` meaning no event).
        """
        everything = bags.subject | bags.objects | frozenset().union(*bags.preps.values())
        preps = frozenset(bags.preps)
        for pattern, words, needed_preps in self._ranked[entry.block]:
            # Cheap test first: every plain word and preposition must occur somewhere.
            if words <= everything and needed_preps <= preps and self._matches(pattern, bags):
                return pattern.code, pattern
        return entry.code, None

    def to_json(self) -> dict[str, Any]:
        """Return the table as JSON-ready data (what ``scripts/build_event_verbs.py`` writes)."""
        verbs: dict[str, list[list[Any]]] = {
            lemma: [[list(e.after), list(e.before), e.code, e.block] for e in entries]
            for lemma, entries in sorted(self.verbs.items())
        }
        blocks = [
            [
                [
                    [list(p) for p in pat.pre],
                    [list(p) for p in pat.post],
                    [[pr, list(w)] for pr, w in pat.preps],
                    pat.code,
                ]
                for pat in block
            ]
            for block in self.patterns
        ]
        return {
            "notice": self.notice,
            "synsets": {k: [list(p) for p in v] for k, v in sorted(self.synsets.items())},
            "verbs": verbs,
            "blocks": blocks,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> VerbTable:
        """Rebuild a table written by :meth:`to_json`."""
        verbs = {
            lemma: [VerbEntry(lemma, tuple(a), tuple(b), code, block) for a, b, code, block in entries]
            for lemma, entries in data["verbs"].items()
        }
        patterns = [
            [
                VerbPattern(
                    tuple(tuple(p) for p in pre),
                    tuple(tuple(p) for p in post),
                    tuple((pr, tuple(w)) for pr, w in preps),
                    code,
                )
                for pre, post, preps, code in block
            ]
            for block in data["blocks"]
        ]
        synsets = {k: [tuple(p) for p in v] for k, v in data["synsets"].items()}
        return cls(verbs, patterns, synsets, data.get("notice", ""))


def _clean_code(raw: str) -> str:
    """Return the event code of a ``[...]`` field: ``---`` and empty mean no event."""
    raw = raw.strip()
    if ":" in raw:
        first, _, second = raw.partition(":")
        raw = first or second
    raw = raw.strip()
    if not raw or raw.startswith("-"):
        return NULL_CODE
    return raw


def _words(phrase: str) -> tuple[str, ...]:
    """Split a dictionary phrase (``NEW_&TIETYPES_RELATIONS``, ``{AIR STRIKE}``) into upper-case words."""
    phrase = phrase.strip("{}() ")
    out: list[str] = []
    for w in re.split(r"[\s_]+", phrase):
        w = w.strip().upper()
        if not w or any(c in w for c in "$+%^*"):
            continue
        out.extend(p for p in w.split("-") if p)
    return tuple(out)


def _parse_pattern(body: str, code: str) -> VerbPattern | None:
    """Parse the part of a pattern line between ``-`` and its code."""
    if "*" not in body:
        return None
    left, _, right = body.partition("*")
    pre = tuple(w for w in (_words(g) for g in _GROUP.findall(left)) if w)
    post: list[tuple[str, ...]] = []
    preps: list[tuple[str, tuple[str, ...]]] = []
    for group in _GROUP.findall(right):
        if group.startswith("("):
            inner = group.strip("() ").split(None, 1)
            if not inner:
                continue
            prep = inner[0].strip("_").upper()
            preps.append((prep, _words(inner[1]) if len(inner) > 1 else ()))
        else:
            words = _words(group)
            if words:
                post.append(words)
    return VerbPattern(pre, tuple(post), tuple(preps), code)


def _verb_entry(line: str, block_code: str, block: int) -> VerbEntry | None:
    """Parse a verb line (``+GUN_DOWN {…} [193]``, ``WIRE_+TAP``, ``KILL``) of block ``block``."""
    m = _CODE.search(line)
    code = _clean_code(m.group(1)) if m else block_code
    head = re.sub(r"\{[^}]*\}", " ", line[: m.start()] if m else line).split()
    if not head:
        return None
    parts = [p for p in head[0].split("_") if p]
    if not parts:
        return None
    verb_i = next((i for i, p in enumerate(parts) if p.startswith("+")), 0)
    words = [p.lstrip("+").upper() for p in parts]
    if not all(re.fullmatch(r"[A-Z'.-]+", w) for w in words):
        return None
    return VerbEntry(words[verb_i], tuple(words[verb_i + 1 :]), tuple(words[:verb_i]), code, block)


def parse_verb_dictionary(text: str, notice: str = "") -> VerbTable:
    """Parse a PETRARCH verb-pattern dictionary into a :class:`VerbTable`.

    Synonym sets (``&NAME`` then ``+word`` lines), verb blocks (``--- NAME [code] ---``),
    verb lines and ``-`` pattern lines are read; transformations (``~``) and XML-style
    comments are skipped.
    """
    synsets: dict[str, list[tuple[str, ...]]] = {}
    verbs: dict[str, list[VerbEntry]] = {}
    patterns: list[list[VerbPattern]] = []
    current_syn: str | None = None
    block = -1
    block_code = NULL_CODE
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        stripped = line.strip()
        if not stripped or stripped.startswith("<!--") or stripped.startswith("~"):
            current_syn = None if not stripped else current_syn
            continue
        if stripped.startswith("&"):
            current_syn = stripped[1:].split()[0].rstrip("_").upper()
            synsets.setdefault(current_syn, [])
            continue
        if stripped.startswith("+") and current_syn is not None:
            item = stripped[1:].strip()
            words = (item.rstrip("_").upper(),) if item.startswith("&") else _words(item)
            if words:
                synsets[current_syn].append(words)
            continue
        if stripped.startswith("---"):
            current_syn = None
            m = re.search(r"\[([^\]]*)\]", stripped)
            block_code = _clean_code(m.group(1)) if m else NULL_CODE
            patterns.append([])
            block = len(patterns) - 1
            continue
        current_syn = None
        if block < 0:
            continue
        if stripped.startswith("-"):
            m = _CODE.search(stripped)
            if not m:
                continue
            pattern = _parse_pattern(stripped[1 : m.start()], _clean_code(m.group(1)))
            if pattern is not None:
                patterns[block].append(pattern)
            continue
        entry = _verb_entry(stripped, block_code, block)
        if entry is not None:
            verbs.setdefault(entry.lemma, []).append(entry)
    # Nested synonym sets (+&TIETYPES inside &ACCORDSYN) are expanded one level deep.
    for name, phrases in synsets.items():
        expanded: list[tuple[str, ...]] = []
        for p in phrases:
            if len(p) == 1 and p[0].startswith("&"):
                expanded.extend(synsets.get(p[0][1:].rstrip("_"), []))
            else:
                expanded.append(p)
        synsets[name] = expanded
    return VerbTable(verbs, patterns, synsets, notice)


@lru_cache(maxsize=1)
def load_verb_table() -> VerbTable:
    """Load the shipped verb table (``rashomon/data/models/event_verbs.json``) once per process."""
    text = (
        resources.files("rashomon").joinpath("data", "models", "event_verbs.json").read_text(encoding="utf-8")
    )
    return VerbTable.from_json(json.loads(text))
