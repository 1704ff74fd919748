from pathlib import Path

import pytest

from rashomon.config import IngestOptions
from rashomon.evaluate.persuasion import label_micro_f1, span_prf
from rashomon.evaluate.signals import (
    article_for,
    load_gold,
    occurrences,
    score_signals,
    score_stances,
)
from rashomon.ingest import read_inputs
from rashomon.model import Article, Rejection, Signal, Stance, evidence_for

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "eval" / "gold" / "signals.jsonl"


def _articles(folder: Path) -> list[Article]:
    return [i.article for i in read_inputs([folder], IngestOptions()) if not isinstance(i, Rejection)]


@pytest.mark.parametrize("corpus", ["demo", "seeds"])
def test_signals_gold_texts_occur_in_their_articles(
    corpus: str, demo_corpus: Path, request: pytest.FixtureRequest
) -> None:
    folder = demo_corpus if corpus == "demo" else request.getfixturevalue("seeds")
    articles = _articles(folder)
    gold = [g for g in load_gold(GOLD) if g.corpus == corpus]
    assert gold
    for g in gold:
        article = article_for(g.corpus, g.doc, articles)
        assert article is not None, g.doc
        for text in (g.text, *g.alt):
            assert occurrences(article.text, text), (g.doc, text)
        if g.kind == "stance":
            assert g.source
            assert g.target
            assert g.polarity in ("support", "oppose")


def test_signals_gold_covers_every_kind_the_issue_names() -> None:
    kinds = {g.kind for g in load_gold(GOLD)}
    assert {
        "untraceable_source",
        "anonymous_source",
        "impossible_date",
        "name_anomaly",
        "number_conflict",
        "stance",
    } <= kinds


@pytest.mark.parametrize(
    ("text", "needle", "found"),
    [
        ("said Dr.\nMaria Lopez, a", "Dr. Maria Lopez", [(5, 20)]),
        ("a b a b", "a b", [(0, 3), (4, 7)]),
        ("x", "y", []),
    ],
)
def test_signals_occurrences_match_across_line_breaks(
    text: str, needle: str, found: list[tuple[int, int]]
) -> None:
    assert occurrences(text, needle) == found


def test_signals_scoring_counts_overlaps_per_kind(tmp_path: Path) -> None:
    article = Article(
        "a1",
        "Insiders say it. Most analysts agree. On March 16, 20031 nothing.",
        source="x/articles.jsonl:11",
    )
    gold_file = tmp_path / "g.jsonl"
    gold_file.write_text(
        '{"corpus": "demo", "doc": "L11", "kind": "anonymous_source", "text": "Insiders say"}\n'
        '{"corpus": "demo", "doc": "L11", "kind": "anonymous_source", "text": "Most analysts"}\n'
        '{"corpus": "demo", "doc": "L11", "kind": "stance", "source": ["Lunesse"], "target": ["Veltria"], '
        '"polarity": "oppose", "text": "x"}\n',
        encoding="utf-8",
    )
    gold = load_gold(gold_file)
    ev = lambda s, e: evidence_for(article, s, e)  # noqa: E731
    signals = [
        Signal("s1", "a1", "anonymous_source", (ev(0, 8),)),
        Signal("s2", "a1", "anonymous_source", (ev(31, 36),)),
        Signal("s3", "a1", "impossible_date", (ev(40, 55),)),
    ]
    scores = score_signals(gold, signals, {"demo/L11": article})
    assert scores["anonymous_source"] == (1, 2, 1, 2)
    assert scores["impossible_date"] == (0, 1, 0, 0)
    stances = [
        Stance(
            "t1",
            "k1",
            "k2",
            "oppose",
            (ev(0, 8),),
            source_name="Republic of Lunesse",
            target_name="Veltria",
            article_id="a1",
        ),
        Stance(
            "t2",
            "k1",
            "k2",
            "support",
            (ev(0, 8),),
            source_name="Lunesse",
            target_name="Veltria",
            article_id="a1",
        ),
    ]
    assert score_stances(gold, stances, {"demo/L11": article}) == (1, 2, 1, 1)


def test_persuasion_span_f1_gives_partial_credit() -> None:
    gold = {"t": [(0, 10, "Smears")]}
    assert span_prf(gold, {"t": [(0, 10, "Smears")]}) == (1.0, 1.0, 1.0)
    p, r, _ = span_prf(gold, {"t": [(0, 5, "Smears"), (20, 30, "Smears")]})
    assert (p, r) == (pytest.approx(0.5), pytest.approx(0.5))
    assert span_prf(gold, {"t": [(0, 10, "Doubt")]})[2] == 0.0


def test_persuasion_task1_micro_f1() -> None:
    assert label_micro_f1(
        {"a": {"Doubt", "Smears"}, "b": set()}, {"a": {"Doubt"}, "b": {"Slogans"}}
    ) == pytest.approx(0.5)
