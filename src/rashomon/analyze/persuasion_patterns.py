"""Persuasion techniques written as patterns, from the definitions of the SemEval propaganda taxonomy.

The linear model of :mod:`rashomon.analyze.persuasion` learnt its words from meme captions and
misses the vocabulary of a news column ("murdered in the black water", "Butcher Brandt").
These patterns restate the task's definitions (Da San Martino et al., 2019, "Fine-Grained
Analysis of Propaganda in News Articles", Table 1) in words a news text uses: emotionally
charged words (loaded language), an epithet before a name (name calling), "every true
Ostmarker" (flag-waving), "where was your … when …" (whataboutism), "either … or … / there
is no middle road" (black-and-white), "nobody believes …" (doubt), a refrain said twice
(repetition), "make no mistake" (thought-terminating cliché), "if we …, … will …"
(appeal to fear). ``scripts/train_persuasion.py`` measures each on the task's training texts
and on wire-style news (figures in the model file); they are never tuned on a test split.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

__all__ = ["PATTERNS", "find_pattern_spans"]

# Words whose point is the feeling they carry, not what they describe. Plain news words for
# violence ("attack", "killed", "strike") are not here: wire copy uses them soberly.
_LOADED = (
    r"massacres?|slaughter(?:ed|ing)?|butcher(?:s|ed|y)?|murder(?:ed|ous|ers?)|bloodbath|bloodthirsty|"
    r"atrocit(?:y|ies)|barbaric|barbarians?|savages?|savagery|monstrous|monsters?|evil|vile|heinous|"
    r"despicable|disgusting|shameful|shameless(?:ly)?|disgrace(?:ful)?|outrageous|horror|horrific|"
    r"piracy|pirates|thugs?|gangsters?|liars?|brazen(?:ly)?|cynical(?:ly)?|sham|farce|hoax|"
    r"puppets?|lackeys?|stooges?|tyrann(?:y|ical)|tyrants?|warmongers?|warmongering|plunder(?:ed|ing)?|"
    r"rape[sd]?|genocid(?:e|al)|bullies|bullying|cowards?|cowardly|traitors?|treacherous|criminals|"
    r"terrori[sz](?:e|ed|ing)|nightmare|catastroph(?:e|ic)|apocalyptic|insane|insanity|crazed|sinister|"
    r"ruthless(?:ly)?|reckless(?:ly)?|diabolical|wicked|fascists?|nazis?|imperialists?|regime"
)
_EPITHET = r"Butcher|Butchers|Crooked|Lyin['’]?|Sleepy|Crazy|Little|Dictator|Tyrant|Comrade|Killer|Bloody"

#: Technique name → patterns; the span is the whole match, or its ``span`` group when present.
PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "Loaded Language": (re.compile(rf"\b(?:{_LOADED})\b", re.I),),
    "Name calling/Labeling": (
        re.compile(rf"\b(?:{_EPITHET})\s+(?:of\s+)?[A-Z][\w’'-]+"),
        re.compile(rf"\bthe\s+(?:{_EPITHET.lower()})\s+of\s+[A-Z][\w’'-]+", re.I),
        re.compile(
            r"\b(?:a|the|this|that)\s+(?:\w+\s+)?(?P<span>regime|junta|thugs|gang|mafia|cabal|clique)\b"
            r"(?!\s+(?:change|leader|official))",
            re.I,
        ),
        re.compile(
            r"\b(?:with|against|by|of)\s+(?P<span>murderers|criminals|terrorists|bandits|thugs)\b", re.I
        ),
    ),
    "Flag-waving": (
        re.compile(
            r"\b(?i:every|any|no)\s+(?i:true|real|loyal|patriotic)\s+[A-Z][\w’'-]+[^.!?\n]{0,60}[.!?]?",
        ),
        re.compile(
            r"\b(?:our|my)\s+(?:grand(?:fathers|mothers|parents)|forefathers|ancestors|homeland|motherland|"
            r"fatherland|flag|heroes|nation)\b[^.!?\n]{0,80}[.!?]?",
            re.I,
        ),
        re.compile(r"\b[A-Z][\w’'-]+\s+has\s+never\s+(?:bowed|bent|knelt|surrendered)[^.!?\n]{0,60}[.!?]?"),
    ),
    "Appeal to fear/prejudice": (
        re.compile(
            r"\bif\s+we\s+(?:do\s+not|don['’]t|fail\s+to|blink|wait|hesitate|give\s+in|back\s+down)\b"
            r"[^.!?\n]{0,160}\b(?:will|would)\b[^.!?\n]{0,120}",
            re.I,
        ),
        re.compile(
            r"\bbefore\s+it\s+is\s+too\s+late\b|\bit\s+will\s+be\s+(?:our|your)\s+children\b[^.!?\n]{0,60}",
            re.I,
        ),
    ),
    "Whataboutism": (
        re.compile(
            r"\b(?:where|what)\s+(?:was|were)\s+(?:your|their|his|her|the)\b[^?\n]{0,100}\bwhen\b[^?\n]{0,120}\?",
            re.I,
        ),
        re.compile(r"\bwhat\s+about\s+(?:the|when|their|your)\b[^?\n]{0,120}\?", re.I),
    ),
    "Black-and-white Fallacy/Dictatorship": (
        re.compile(r"\beither\s+we\b[^.!?\n]{3,80}\bor\s+we\b[^.!?\n]{3,80}[.!?]?", re.I),
        re.compile(
            r"\bthere\s+is\s+no\s+(?:middle\s+(?:road|ground|way)|third\s+way|other\s+choice)\b", re.I
        ),
        re.compile(r"\byou\s+are\s+either\s+with\s+us\s+or\b[^.!?\n]{0,40}", re.I),
    ),
    "Doubt": (
        re.compile(
            r"\b(?:nobody|no\s+one)\s+(?:in\s+[A-Z][\w’'-]+\s+)?(?:believes|trusts|takes\s+seriously)\b"
            r"[^.!?\n]{0,100}",
            re.I,
        ),
        re.compile(r"\bso-called\s+[\w’'-]+(?:\s+[\w’'-]+)?", re.I),
        re.compile(
            r"\b(?:can|should)\s+(?:we|anyone)\s+(?:really\s+)?(?:trust|believe)\b[^?\n]{0,100}\?", re.I
        ),
    ),
    "Thought-terminating cliché": (
        re.compile(
            r"\b(?:make\s+no\s+mistake|enough\s+is\s+enough|it\s+is\s+what\s+it\s+is|end\s+of\s+story|"
            r"plain\s+and\s+simple|the\s+choice\s+is\s+simple|spare\s+us\s+your\s+\w+)\b",
            re.I,
        ),
    ),
}

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")


def _refrains(text: str) -> Iterator[tuple[int, int, str]]:
    """Repetition: two sentences in a row opening with the same three words ("Not one more …")."""
    sentences = [(m.start(), m.end(), m.group(0).strip()) for m in _SENTENCE.finditer(text)]
    for (s1, e1, a), (s2, e2, b) in itertools.pairwise(sentences):
        wa, wb = a.casefold().split(), b.casefold().split()
        if len(wa) < 3 or len(wb) < 3 or wa[:3] != wb[:3] or text[e1:s2].count("\n") > 1:
            continue
        start = s1 + (len(text[s1:e1]) - len(text[s1:e1].lstrip()))
        yield start, e2, "Repetition"


def find_pattern_spans(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, technique) of every pattern match in ``text``, without duplicates."""
    found: set[tuple[int, int, str]] = set()
    for name, patterns in PATTERNS.items():
        for pattern in patterns:
            for m in pattern.finditer(text):
                if "span" in pattern.groupindex and m.group("span"):
                    found.add((m.start("span"), m.end("span"), name))
                else:
                    s, e = m.start(), m.end()
                    piece = text[s:e]
                    found.add((s, s + len(piece.rstrip(" ,;:")), name))
    found.update(_refrains(text))
    # A span inside a longer one of the same technique says nothing more ("Butchers of Vessen").
    return sorted(
        (s, e, t)
        for s, e, t in found
        if not any(t == t2 and s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2, t2 in found)
    )
