import pytest

from rashomon.extract.counts import find_counts, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("15,000", 15000),
        ("twenty-five", 25),
        ("Forty thousand", 40000),
        ("1.5 million", 1_500_000),
        ("twelve", 12),
    ],
)
def test_counts_parse_numbers_in_digits_and_words(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "US forces carried out more than 20 airstrikes, attacks that have killed nearly 100 civilians.",
            [
                (20, "strikes", "more than", "more than 20 airstrikes"),
                (100, "killed", "nearly", "nearly 100 civilians"),
            ],
        ),
        (
            "The coast guard confirmed 12 dead and nine missing.",
            [(12, "killed", "", "12 dead"), (9, "missing", "", "nine missing")],
        ),
        ("At least 20 people were killed.", [(20, "killed", "at least", "At least 20 people")]),
        ("Twenty-five survivors were brought ashore.", [(25, "survivors", "", "Twenty-five survivors")]),
        ("Brandt ordered the call-up of 15,000 reservists.", [(15000, "troops", "", "15,000 reservists")]),
        ("Four patrol vessels would take part.", [(4, "vessels", "", "Four patrol vessels")]),
        ("three of its sailors were killed", [(3, "killed", "", "three of its sailors")]),
        ("two survivors of the attack were targeted and eliminated", [(2, "killed", "", "two survivors")]),
    ],
)
def test_counts_keep_value_unit_qualifier_and_phrase(
    sentence: str, expected: list[tuple[float, str, str, str]]
) -> None:
    found = [(c.count.value, c.count.unit, c.count.qualifier, c.count.text) for c in find_counts(sentence)]
    assert found == expected


def test_counts_read_vague_quantities_as_ranges() -> None:
    [span] = find_counts("tens of thousands of troops were deployed")
    assert (span.count.low, span.count.high, span.count.unit) == (20000, 90000, "troops")


def test_counts_read_explicit_ranges() -> None:
    [span] = find_counts("between 20 and 30 people were injured")
    assert (span.count.value, span.count.low, span.count.high, span.count.unit) == (20, 20, 30, "injured")


@pytest.mark.parametrize(
    "sentence",
    [
        "Talks collapsed in 2024.",
        "It lasted three months.",
        "Title 18, Section 2441 applies.",
        "The strait is 40 kilometres wide.",
    ],
)
def test_counts_ignore_years_durations_and_measures(sentence: str) -> None:
    assert find_counts(sentence) == []


def test_counts_offsets_point_into_the_article() -> None:
    text = "Intro. Nearly 40 fishermen were killed."
    [span] = find_counts(text[7:], offset=7)
    assert text[span.start : span.end] == "Nearly 40 fishermen"


def test_counts_skip_excluded_date_spans() -> None:
    text = "On September 2 two boats sank."
    assert [c.count.value for c in find_counts(text, 0, ((3, 14),))] == [2]
