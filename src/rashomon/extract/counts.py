"""How many: numbers the text gives for an event, kept with their hedges and units.

"nearly 100 civilians" → ``Count(100, "killed", "nearly")`` when the sentence says they
were killed; "more than 20 airstrikes" → ``Count(20, "strikes", "more than")``;
"tens of thousands of troops" → ``Count(20000, "troops", "tens of thousands", low=20000,
high=90000)``; "12 dead and nine missing" → two counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rashomon.model import Count

__all__ = ["EVENT_UNITS", "CountSpan", "find_counts", "parse_number"]

_UNITS_SMALL = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Vague quantities: (low, high) as the words are usually read.
_VAGUE = {
    "tens of thousands": (20_000, 90_000),
    "hundreds of thousands": (200_000, 900_000),
    "thousands": (2_000, 9_000),
    "hundreds": (200, 900),
    "dozens": (24, 99),
    "scores": (40, 99),
    "a dozen": (12, 12),
}
_QUALIFIERS = (
    "more than",
    "fewer than",
    "less than",
    "at least",
    "at most",
    "up to",
    "as many as",
    "as few as",
    "close to",
    "nearly",
    "almost",
    "about",
    "around",
    "approximately",
    "roughly",
    "some",
    "over",
    "under",
    "an estimated",
    "estimated",
    "only",
    "just",
)

_WORD_NUM = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[-\s](?:{'|'.join(k for k in _UNITS_SMALL if _UNITS_SMALL[k] < 10)}))?"
    rf"|{'|'.join(sorted(_UNITS_SMALL, key=len, reverse=True))})"
    rf"(?:\s+(?:{'|'.join(_SCALES)}))*"
)
_DIGIT_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER = (
    rf"(?P<vague>{'|'.join(re.escape(v) for v in sorted(_VAGUE, key=len, reverse=True))})"
    rf"|(?P<digits>(?:{_DIGIT_NUM})(?:\s+(?:{'|'.join(_SCALES)}))?)"
    rf"|(?P<words>{_WORD_NUM})"
)
_QUAL = rf"(?P<qual>{'|'.join(re.escape(q) for q in _QUALIFIERS)})\s+"
_RANGE = (
    rf"(?:\s*(?:-|–|to|and|or)\s*(?P<high>"
    rf"{'|'.join(re.escape(v) for v in sorted(_VAGUE, key=len, reverse=True))}|{_DIGIT_NUM}|{_WORD_NUM}))?"
)
_COUNT = re.compile(
    rf"(?<![\w.,-])(?:between\s+)?(?:{_QUAL})?(?:{_NUMBER}){_RANGE}"
    rf"(?P<of>\s+of(?:\s+(?:the|its|their|his|her|our|those|these))?)?",
    re.I,
)
_NEXT_WORD = re.compile(r"\s+([A-Za-z][\w’'-]*)")
#: Words scanned after a number for its unit noun ("four patrol vessels", "Forty thousand Veltrian troops").
UNIT_LOOKAHEAD = 4
_BARE_STATE = re.compile(
    rf"(?<![\w.,-])(?:{_QUAL})?(?:{_NUMBER})(?:\s+(?:are|were|remain|remained|still|reported|confirmed))*"
    rf"\s+(?P<unit>dead|killed|injured|wounded|missing|hurt)\b",
    re.I,
)

#: Unit nouns → the unit recorded (people nouns get their unit from the verb around them).
_PEOPLE = frozenset(
    [
        "people",
        "person",
        "persons",
        "civilians",
        "civilian",
        "fishermen",
        "fisherman",
        "sailors",
        "sailor",
        "crew",
        "crewmen",
        "crewmembers",
        "men",
        "women",
        "children",
        "passengers",
        "migrants",
        "refugees",
        "residents",
        "villagers",
        "protesters",
        "demonstrators",
        "officers",
        "policemen",
        "journalists",
        "workers",
        "members",
        "victims",
        "individuals",
        "nationals",
        "citizens",
        "militants",
        "fighters",
        "rebels",
        "guerrillas",
        "combatants",
        "students",
        "teachers",
        "survivors",
        "bodies",
        "hostages",
        "prisoners",
        "detainees",
    ]
)
_UNIT_NOUNS = {
    **dict.fromkeys(
        ["troops", "soldiers", "reservists", "personnel", "marines", "servicemembers", "forces", "sailors"],
        "troops",
    ),
    **dict.fromkeys(
        ["strikes", "airstrikes", "attacks", "raids", "bombings", "missiles", "rockets", "shells"], "strikes"
    ),
    **dict.fromkeys(
        [
            "vessels",
            "boats",
            "ships",
            "trawlers",
            "warships",
            "frigates",
            "corvettes",
            "destroyers",
            "carriers",
            "submarines",
        ],
        "vessels",
    ),
    **dict.fromkeys(["aircraft", "jets", "planes", "fighters", "helicopters", "drones"], "aircraft"),
    **dict.fromkeys(["brigades", "battalions", "divisions", "units"], "units"),
    "survivors": "survivors",
    "bodies": "killed",
    "hostages": "hostages",
    "prisoners": "prisoners",
    "detainees": "detained",
}
_NOT_UNITS = frozenset(
    [
        "years",
        "year",
        "months",
        "month",
        "weeks",
        "week",
        "days",
        "day",
        "hours",
        "hour",
        "minutes",
        "minute",
        "seconds",
        "decades",
        "centuries",
        "percent",
        "per",
        "cent",
        "times",
        "km",
        "kilometres",
        "kilometers",
        "miles",
        "metres",
        "meters",
        "feet",
        "nautical",
        "dollars",
        "euros",
        "pounds",
        "tonnes",
        "tons",
        "barrels",
        "o'clock",
        "am",
        "pm",
        "a.m",
        "p.m",
        "gmt",
        "utc",
    ]
)
_STATE_WORDS = (
    ("killed", "killed dead died die dies eliminated murdered slain executed drowned perished lost"),
    ("injured", "injured wounded hurt"),
    ("missing", "missing"),
    ("arrested", "arrested detained captured held"),
    ("displaced", "displaced"),
    ("survivors", "rescued survived survivors"),
)
_STATE = {w: unit for unit, words in _STATE_WORDS for w in words.split()}
#: Units worth attaching to an event (a count of "actors" or "clips" is not an event's size).
EVENT_UNITS = frozenset(
    [
        "killed",
        "injured",
        "missing",
        "arrested",
        "detained",
        "displaced",
        "survivors",
        "troops",
        "strikes",
        "vessels",
        "aircraft",
        "units",
        "people",
        "hostages",
        "prisoners",
    ]
)
# A verb this many words before a number ("killed nearly 100 civilians") or after its noun
# ("… survivors were targeted and eliminated") sets a people count's unit. Calibrated on the
# seed articles and the demo corpus (development data; not a test split).
STATE_WINDOW_BEFORE = 3
STATE_WINDOW_AFTER = 7


@dataclass(frozen=True, slots=True)
class CountSpan:
    """A :class:`Count` with where it sits in the text (0-based, end-exclusive offsets)."""

    count: Count
    start: int
    end: int


def _words_value(text: str) -> float | None:
    total = 0.0
    current = 0.0
    seen = False
    for w in re.split(r"[\s-]+", text.lower()):
        if w in _UNITS_SMALL:
            current += _UNITS_SMALL[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w in _SCALES:
            scale = _SCALES[w]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(text: str) -> float | None:
    """Return the value of a number written in digits or words ("15,000", "twenty-five", "1.5 million")."""
    text = text.strip().lower()
    m = re.fullmatch(rf"({_DIGIT_NUM})(?:\s+({'|'.join(_SCALES)}))?", text)
    if m:
        value = float(m.group(1).replace(",", ""))
        return value * _SCALES[m.group(2)] if m.group(2) else value
    return _words_value(text)


def _state_near(text: str, before_end: int, after_start: int) -> str:
    """Return the unit that a verb near the count implies ("killed"), or ""."""
    clause = re.split(r"[;:.,()]", text[:before_end])[-1]
    before = re.findall(r"[A-Za-z]+", clause)[-STATE_WINDOW_BEFORE:]
    for w in reversed(before):
        if w.lower() in ("killed", "killing", "kill", "kills", "murdered", "left", "deaths", "death"):
            return "killed"
        if w.lower() in ("injured", "injuring", "wounded", "wounding"):
            return "injured"
    after = re.findall(r"[A-Za-z]+", text[after_start:])[:STATE_WINDOW_AFTER]
    for w in after:
        if w.lower() in _STATE:
            return _STATE[w.lower()]
        if w.lower() in ("but", "while", "which", "who", "whom"):
            break
    return ""


def _span_value(m: re.Match[str]) -> tuple[float, float | None, float | None, str] | None:
    """Return (value, low, high, qualifier) of a count match."""
    qual = (m.group("qual") or "").lower()
    if m.group("vague"):
        low, top = _VAGUE[m.group("vague").lower()]
        raw_high = m.groupdict().get("high")
        if raw_high and raw_high.lower() in _VAGUE:
            top = _VAGUE[raw_high.lower()][1]
        return float(low), float(low), float(top), (qual + " " if qual else "") + m.group("vague").lower()
    raw = m.group("digits") or m.group("words")
    value = parse_number(raw)
    if value is None:
        return None
    raw_high = m.groupdict().get("high")
    high: float | None = parse_number(raw_high) if raw_high else None
    if raw_high and raw_high.lower() in _VAGUE:
        high = float(_VAGUE[raw_high.lower()][1])
    if high is not None and high > value:
        return value, value, high, qual or "between"
    return value, None, None, qual


def find_counts(text: str, offset: int = 0, excluded: tuple[tuple[int, int], ...] = ()) -> list[CountSpan]:
    """Find counts in ``text`` (one sentence), with offsets shifted by ``offset``.

    Args:
        text: The sentence text.
        offset: The sentence's start in the article (added to every span).
        excluded: Article spans to skip (dates: "September 2", "1989").

    Returns:
        Counts in text order; each is a number with a unit noun or a state ("12 dead").
    """
    out: list[CountSpan] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        a, b = s + offset, e + offset
        return not any(a < xe and xs < b for xs, xe in (*excluded, *taken))

    for m in _BARE_STATE.finditer(text):
        parsed = _span_value(m)
        if parsed is None or not free(m.start(), m.end()):
            continue
        value, low, high, qual = parsed
        unit = _STATE[m.group("unit").lower()]
        out.append(
            CountSpan(Count(value, unit, qual, m.group(0), low, high), m.start() + offset, m.end() + offset)
        )
        taken.append((m.start() + offset, m.end() + offset))
    for m in _COUNT.finditer(text):
        parsed = _span_value(m)
        if parsed is None or not free(m.start(), m.end()):
            continue
        value, low, high, qual = parsed
        # The unit is the first known unit noun among the next few words ("four patrol
        # vessels"); an unknown noun counts only as a plural right after the number.
        following: list[tuple[str, int]] = []
        pos = m.end()
        for _ in range(UNIT_LOOKAHEAD):
            w = _NEXT_WORD.match(text, pos)
            if not w:
                break
            following.append((w.group(1).lower(), w.end()))
            pos = w.end()
        hit = next(((w, e) for w, e in following if w in _UNIT_NOUNS or w in _PEOPLE or w in _STATE), None)
        if hit is None:
            continue  # only known units: "2441 applies" and "20 clips" are not an event's size
        noun, phrase_end = hit
        if noun in _NOT_UNITS or not noun.isalpha() or (1900 <= value <= 2100 and not qual):
            continue
        phrase = text[m.start() : phrase_end]
        if noun in _PEOPLE:
            unit = (
                _state_near(text, m.start(), phrase_end)
                or _UNIT_NOUNS.get(noun)
                or _STATE.get(noun, "people")
            )
        elif noun in _STATE:
            unit = _STATE[noun]
        else:
            unit = _UNIT_NOUNS.get(noun, noun)
        out.append(
            CountSpan(Count(value, unit, qual, phrase, low, high), m.start() + offset, phrase_end + offset)
        )
        taken.append((m.start() + offset, phrase_end + offset))
    out.sort(key=lambda c: c.start)
    return out
