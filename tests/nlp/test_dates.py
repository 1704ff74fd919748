import pytest

from rashomon.nlp.dates import find_dates


@pytest.mark.parametrize(
    ("text", "anchor", "value", "precision"),
    [
        ("On November 7, a strike", "2025-11-20", "2025-11-07", "day"),
        ("the September 2 attack", "2025-11-20", "2025-09-02", "day"),
        ("on December 28 last", "2026-01-05", "2025-12-28", "day"),  # a past December, not next year's
        ("on 2 September 2025", None, "2025-09-02", "day"),
        ("in November 2025", None, "2025-11", "month"),
        ("since 1986", None, "1986", "year"),
        ("yesterday", "2025-11-20", "2025-11-19", "day"),
        ("last Tuesday", "2025-11-20", "2025-11-18", "day"),
        ("next week", "2025-11-20", "2025-11-24", "range"),
        ("in just three months", "2025-11-20", "2025-08-22", "duration"),
        ("September 2", None, "XXXX-09-02", "day"),
        ("November 19, 22025", "2025-11-20", None, "invalid"),
        ("February 30, 2025", None, None, "invalid"),
    ],
)
def test_dates_resolve_against_publication(
    text: str, anchor: str | None, value: str | None, precision: str
) -> None:
    [found] = find_dates(text, anchor=anchor)
    assert (found.value, found.precision) == (value, precision)
    assert text[found.start : found.end] == found.text


def test_dates_duration_keeps_days_and_end() -> None:
    [found] = find_dates("in just three months", anchor="2025-11-20")
    assert found.duration_days == 90
    assert found.end_value == "2025-11-20"


def test_dates_keep_longest_overlapping_match() -> None:
    found = find_dates("On November 7, 2025, and in 1989.")
    assert [f.text for f in found] == ["November 7, 2025", "in 1989"]
