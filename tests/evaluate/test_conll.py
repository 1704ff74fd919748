"""Coreference metrics against the reference CoNLL scorer's published test cases.

Cases and expected values are those of conll/reference-coreference-scorers, test/TestCases.README
(letters are mention ids; a capital letter repeats its lower-case mention).
"""

from __future__ import annotations

import pytest

from rashomon.evaluate.conll import b_cubed, ceaf_e, clusters_from_labels, muc, score_coref


def parse(spec: str) -> list[list[str]]:
    return [list(part) for part in spec.split()]


KEY = "a bc def"


@pytest.mark.parametrize(
    ("key", "response", "recall", "precision"),
    [
        (KEY, "a bc def", 1.0, 1.0),  # TC-A-1
        (KEY, "a de", 7 / 18, 1.0),  # TC-A-2
        (KEY, "a bcx defy z", 1.0, 55 / 108),  # TC-A-3
        (KEY, "a bcx dy z", 5 / 9, 17 / 42),  # TC-A-4
        (KEY, "a b c d e f", 3 / 6, 1.0),  # TC-A-10
        (KEY, "abcdef", 1.0, 7 / 18),  # TC-A-11
        (KEY, "a x y c d e z", 13 / 36, 4 / 7),  # TC-A-12
        (KEY, "axycdez", 17 / 36, 6 / 49),  # TC-A-13
        ("12345 67 89ABC", "12345 6789ABC", 1.0, 16 / 21),  # TC-D-1
        ("12345 67 89ABC", "1234589ABC 67", 1.0, 7 / 12),  # TC-E-1
    ],
)
def test_b_cubed_matches_reference_cases(key: str, response: str, recall: float, precision: float) -> None:
    got = b_cubed(parse(key), parse(response))
    assert got.recall == pytest.approx(recall)
    assert got.precision == pytest.approx(precision)


@pytest.mark.parametrize(
    ("key", "response", "recall", "precision"),
    [
        (KEY, "a bc def", 1.0, 1.0),  # TC-A-1
        (KEY, "a de", 1 / 3, 1.0),  # TC-A-2
        (KEY, "a bcx defy z", 1.0, 3 / 5),  # TC-A-3
        (KEY, "a bcx dy z", 1 / 3, 1 / 3),  # TC-A-4
        (KEY, "a b c d e f", 0.0, 0.0),  # TC-A-10
        (KEY, "abcdef", 1.0, 3 / 5),  # TC-A-11
        (KEY, "axycdez", 1 / 3, 1 / 6),  # TC-A-13
        ("12345 67 89ABC", "12345 6789ABC", 1.0, 9 / 10),  # TC-D-1
        ("ABCD", "AB CD", 2 / 3, 1.0),  # TC-F-1
        ("AB CD", "ABCD", 1.0, 2 / 3),  # TC-G-1
        ("BCDEGHJ", "ABC DEF GHI", 3 / 6, 3 / 6),  # TC-K-1
        ("ABC DEFG", "AB CD FGH", 2 / 5, 2 / 4),  # TC-L-1
        ("a b c d e f", "a b c d e f", 0.0, 0.0),  # TC-N-1: no links anywhere
    ],
)
def test_muc_matches_reference_cases(key: str, response: str, recall: float, precision: float) -> None:
    got = muc(parse(key), parse(response))
    assert got.recall == pytest.approx(recall)
    assert got.precision == pytest.approx(precision)


@pytest.mark.parametrize(
    ("key", "response", "recall", "precision"),
    [
        (KEY, "a bc def", 1.0, 1.0),  # TC-A-1
        (KEY, "a de", 1.8 / 3, 1.8 / 2),  # TC-A-2
        (KEY, "a bcx defy z", (1 + 4 / 5 + 6 / 7) / 3, (1 + 4 / 5 + 6 / 7) / 4),  # TC-A-3
        (KEY, "a bcx dy z", 2.2 / 3, 2.2 / 4),  # TC-A-4
        (KEY, "a bcx dy Bz", 2.2 / 3, 2.2 / 4),  # TC-A-6 (B overlaps an unaligned entity)
        ("a b c d e f", "a b c d e f", 1.0, 1.0),  # TC-N-1
    ],
)
def test_ceaf_e_matches_reference_cases(key: str, response: str, recall: float, precision: float) -> None:
    got = ceaf_e(parse(key), parse(response))
    assert got.recall == pytest.approx(recall)
    assert got.precision == pytest.approx(precision)


def test_b_cubed_counts_a_repeated_response_mention_once() -> None:
    # TC-A-7: {a} {bcxB} {dy} {z} de-duplicates to {a} {bcx} {dy} {z}.
    key = [["a"], ["b", "c"], ["d", "e", "f"]]
    response = [["a"], ["b", "c", "x", "b"], ["d", "y"], ["z"]]
    got = b_cubed(key, response)
    assert got.recall == pytest.approx(5 / 9)
    assert got.precision == pytest.approx(17 / 42)


def test_conll_f1_is_the_mean_of_the_three_f1() -> None:
    scores = score_coref(parse(KEY), parse("a bcx dy z"))
    expected = (scores.muc.f1 + scores.b3.f1 + scores.ceafe.f1) / 3
    assert scores.conll == pytest.approx(expected)
    assert scores.b3.f1 == pytest.approx(0.4683, abs=1e-4)  # TC-A-4 BCUB=.4683
    assert scores.ceafe.f1 == pytest.approx(0.6285, abs=1e-3)


def test_perfect_response_scores_one_everywhere() -> None:
    assert score_coref(parse(KEY), parse("def bc a")).conll == pytest.approx(1.0)


def test_empty_response_scores_zero() -> None:
    assert score_coref(parse(KEY), []).conll == 0.0


def test_clusters_from_labels_groups_mentions() -> None:
    got = clusters_from_labels({"m1": "x", "m2": "y", "m3": "x"})
    assert sorted(map(sorted, got)) == [["m1", "m3"], ["m2"]]
