"""Dates and durations in the text, resolved against the article's publication date.

"On November 7", "September 2", "three months", "last Tuesday" and the like.

Values are ISO-8601 at the precision the text gives (``2025-09-02``, ``2025-09``,
``2025``). Without a publication date a day keeps its month and day and an unknown
year (``XXXX-09-02``, as in TimeML). Years that cannot be right ("22025") are kept with
precision ``invalid`` so that later stages can flag them.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from rashomon.model import Document, Sentence, TimeExpression
from rashomon.registry import stage

__all__ = ["DateOptions", "find_dates", "resolve_dates"]

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    d: i
    for i, d in enumerate(
        [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ]
    )
}
NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
NUMBER_WORDS.update({"a": 1, "an": 1, "several": 3, "a few": 3, "thirty": 30, "forty": 40, "fifty": 50})
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3650}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>\d{4,6})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_NUM = r"(?P<num>\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAY}(?:\s*,\s*{_YEAR})?\b", re.I)),
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:\s*,?\s*{_YEAR})?\b", re.I)),
    ("my", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b", re.I)),
    (
        "year",
        re.compile(
            r"\b(?:in|since|from|until|by|of|after|before|during)\s+(?P<year>1[89]\d\d|20\d\d)\b", re.I
        ),
    ),
    ("rel", re.compile(r"\b(?P<rel>today|yesterday|tomorrow)\b", re.I)),
    ("relunit", re.compile(r"\b(?P<dir>last|this|next|past|coming)\s+(?P<unit>week|month|year)\b", re.I)),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<dir>last|this|next)\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
            re.I,
        ),
    ),
    (
        "duration",
        re.compile(
            rf"\b(?:(?:in|for|over|within|during|after)\s+)?(?:just\s+|the\s+(?:past|last)\s+)?{_NUM}\s+(?P<unit>day|week|month|year|decade)s?\b",
            re.I,
        ),
    ),
    ("recent", re.compile(r"\b(?:in\s+)?recent\s+(?P<unit>day|week|month|year)s\b", re.I)),
]
# A four-to-six digit year outside this range is taken as a typing error, not a date.
MIN_YEAR, MAX_YEAR = 1800, 2100


@dataclass(frozen=True, slots=True)
class DateOptions:
    """Options of date resolution.

    Attributes:
        max_future_days: A month-and-day without a year is put in the publication year
            unless that lands more than this many days after publication; then the year
            before (news reports mostly look back).
    """

    max_future_days: int = 30


def _num(text: str) -> int | None:
    t = text.lower()
    return int(t) if t.isdigit() else NUMBER_WORDS.get(t)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _resolve(
    kind: str, m: re.Match[str], anchor: dt.date | None, options: DateOptions
) -> tuple[str | None, str, str | None, int | None]:
    g = m.groupdict()
    if kind in ("iso", "mdy", "dmy", "my"):
        month = int(g["month"]) if kind == "iso" else MONTHS[g["month"].lower().rstrip(".")]
        year_text = g.get("year")
        if year_text is not None:
            year = int(year_text)
            if not MIN_YEAR <= year <= MAX_YEAR:
                return None, "invalid", None, None
            if kind == "my":
                return f"{year:04d}-{month:02d}", "month", None, None
            d = _safe_date(year, month, int(g["day"]))
            return (d.isoformat(), "day", None, None) if d else (None, "invalid", None, None)
        day = int(g["day"])
        if anchor is None:
            return (
                (f"XXXX-{month:02d}-{day:02d}", "day", None, None)
                if 1 <= day <= 31
                else (None, "invalid", None, None)
            )
        d = _safe_date(anchor.year, month, day)
        if d is None:
            return None, "invalid", None, None
        if (d - anchor).days > options.max_future_days:
            d = _safe_date(anchor.year - 1, month, day) or d
        return d.isoformat(), "day", None, None
    if kind == "year":
        return g["year"], "year", None, None
    if kind == "duration":
        n = _num(g["num"])
        if n is None:
            return None, "duration", None, None
        days = n * UNIT_DAYS[g["unit"].lower()]
        if anchor is None:
            return None, "duration", None, days
        return (anchor - dt.timedelta(days=days)).isoformat(), "duration", anchor.isoformat(), days
    if anchor is None:
        return None, "relative", None, None
    if kind == "rel":
        delta = {"today": 0, "yesterday": -1, "tomorrow": 1}[g["rel"].lower()]
        return (anchor + dt.timedelta(days=delta)).isoformat(), "day", None, None
    if kind == "recent":
        days = 3 * UNIT_DAYS[g["unit"].lower()]
        return (anchor - dt.timedelta(days=days)).isoformat(), "range", anchor.isoformat(), None
    if kind == "relunit":
        unit, direction = g["unit"].lower(), g["dir"].lower()
        step = {"last": -1, "past": -1, "this": 0, "next": 1, "coming": 1}[direction]
        if unit == "year":
            return str(anchor.year + step), "year", None, None
        if unit == "month":
            y, mth = divmod(anchor.year * 12 + anchor.month - 1 + step, 12)
            return f"{y:04d}-{mth + 1:02d}", "month", None, None
        start = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=step)
        return start.isoformat(), "range", (start + dt.timedelta(days=6)).isoformat(), None
    # weekday: the most recent such day before the anchor unless "next"
    wd = WEEKDAYS[g["wd"].lower()]
    direction = (g.get("dir") or "").lower()
    if direction == "next":
        delta = (wd - anchor.weekday()) % 7 or 7
    else:
        delta = -((anchor.weekday() - wd) % 7 or (7 if direction == "last" else 0))
    return (anchor + dt.timedelta(days=delta)).isoformat(), "day", None, None


def find_dates(
    text: str,
    sentences: tuple[Sentence, ...] = (),
    anchor: str | None = None,
    options: DateOptions = DateOptions(),
) -> list[TimeExpression]:
    """Find and resolve every date expression in ``text``; overlapping matches keep the longest."""
    anchor_date = None
    if anchor:
        try:
            anchor_date = dt.date.fromisoformat(anchor[:10])
        except ValueError:
            anchor_date = None
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in _PATTERNS:
        found.extend((m.start(), m.end(), kind, m) for m in pattern.finditer(text))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    starts = [s.start for s in sentences]
    out: list[TimeExpression] = []
    last_end = -1
    for start, end, kind, m in found:
        if start < last_end:
            continue
        value, precision, end_value, days = _resolve(kind, m, anchor_date, options)
        sent = max(bisect_right(starts, start) - 1, 0) if starts else 0
        out.append(TimeExpression(m.group(0), start, end, sent, value, precision, end_value, days, anchor))
        last_end = end
    return out


def _iter_expressions(doc: Document, options: DateOptions) -> Iterator[TimeExpression]:
    yield from find_dates(doc.text, doc.sentences, doc.article.published, options)


DEFAULT_OPTIONS = DateOptions()


@stage("nlp.dates.v1", requires=("text", "sentences"), assigns=("dates",))
def resolve_dates(doc: Document, options: DateOptions = DEFAULT_OPTIONS) -> tuple[TimeExpression, ...]:
    """Find date expressions in ``doc`` and resolve them against its publication date.

    Args:
        doc: A document with sentences.
        options: See :class:`DateOptions`.

    Returns:
        Every date, duration and relative time expression, in text order.
    """
    return tuple(_iter_expressions(doc, options))
