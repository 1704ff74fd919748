"""The benchmark's corpus generator, measurements and report (the measured runs themselves are not tested)."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rashomon.benchmark.corpus import CorpusSpec, generate_articles, write_corpus
from rashomon.benchmark.measure import measure, peak_rss_mb
from rashomon.benchmark.run import _summary, format_results, load_previous, parse_sizes
from rashomon.cli import cli
from rashomon.config import IngestOptions
from rashomon.ingest import Ingested, read_inputs


def test_corpus_is_deterministic_and_continues_where_it_stopped() -> None:
    first = list(generate_articles(CorpusSpec(n=30, words=120)))
    assert first == list(generate_articles(CorpusSpec(n=30, words=120)))
    assert list(generate_articles(CorpusSpec(n=10, words=120, start=20))) == first[20:]
    assert first != list(generate_articles(CorpusSpec(n=30, words=120, seed=8)))


@pytest.mark.parametrize("words", [60, 600])
def test_corpus_articles_read_like_news(words: int) -> None:
    articles = list(generate_articles(CorpusSpec(n=20, words=words)))
    for a in articles:
        n = len(a["text"].split())
        assert words <= n < words + 120
        assert a["published"].startswith("2031-")
        assert "—" in a["text"].split("\n")[0]  # a dateline
    text = " ".join(a["text"] for a in articles)
    assert "“" in text
    assert " said" in text
    assert any(ch.isdigit() for ch in text)


def test_corpus_has_syndicated_near_copies() -> None:
    articles = list(generate_articles(CorpusSpec(n=200, words=100, duplicate_rate=0.1)))
    copies = [i for i, a in enumerate(articles) if "republished by" in a["text"]]
    assert 5 <= len(copies) <= 40
    for i in copies:
        body = articles[i]["text"].rsplit("\n", 1)[0]  # the copy drops the original's last paragraph
        assert any(a["text"].startswith(body + "\n") for a in articles[:i])


@pytest.mark.parametrize("name", ["corpus.jsonl", "folder"])
def test_written_corpus_is_read_by_the_ingester(tmp_path: Path, name: str) -> None:
    path = write_corpus(CorpusSpec(n=5, words=80), tmp_path / name)
    items = list(read_inputs([path], IngestOptions()))
    assert len(items) == 5
    assert all(isinstance(i, Ingested) for i in items)


@pytest.mark.parametrize(
    ("text", "sizes"), [("100,1k,10k", (100, 1000, 10000)), ("2.5k", (2500,)), ("5,", (5,))]
)
def test_bench_parses_sizes(text: str, sizes: tuple[int, ...]) -> None:
    assert parse_sizes(text) == sizes


def _allocate(mib: int) -> dict[str, float]:
    block = bytearray(mib * 1024 * 1024)
    return {"seconds": 0.25, "size": float(len(block))}


def test_measure_reports_the_tasks_own_figures_and_peak_memory() -> None:
    result, m = measure(_allocate, 64)
    assert result["size"] == 64 * 1024 * 1024
    assert m.wall_s == 0.25  # the task's own figure replaces the wall time around it
    assert m.peak_rss_mb >= 64
    assert m.total_peak_rss_mb == m.peak_rss_mb
    assert peak_rss_mb() > 0


def _fail() -> None:
    raise ValueError("no corpus")


def test_measure_raises_the_tasks_error() -> None:
    with pytest.raises(RuntimeError, match="_fail failed: ValueError: no corpus"):
        measure(_fail)


def _results(ratio: float, peak_1k: float, peak_10k: float) -> dict[str, object]:
    def size(n: int, peak: float) -> dict[str, object]:
        pipe = {
            "workers": 2,
            "seconds": n / 5,
            "articles_per_s": 5.0,
            "sentences_per_s": 190.0,
            "cpu_s_per_article": 0.3,
            "peak_rss_mb": 200.0,
            "worker_peak_rss_mb": (peak - 200) / 2,
            "total_peak_rss_mb": peak,
            "store_mb_per_1k": 80.0,
            "phases": {"ingest": 1.0, "analyze": n / 5, "corpus": 2.0},
            "stages": {"nlp.spacy.v1": {"seconds": n / 6, "articles_per_s": 6.0, "sentences_per_s": 228.0}},
        }
        bare = {
            "n_process": 2,
            "seconds": n / 10 * ratio,
            "articles_per_s": 5.0 / ratio,
            "sentences_per_s": 1.0,
        }
        bare["total_peak_rss_mb"] = 400.0
        return {
            "articles": n,
            "sentences": n * 38,
            "bare_parse": bare,
            "pipeline": pipe,
            "ratio_to_bare": ratio,
            "cpu_ratio_to_bare": 0.66,
            "load_average": [1.0, 1.5],
        }

    results: dict[str, object] = {
        "machine": {"cpus": 2},
        "sizes": [size(1000, peak_1k), size(10_000, peak_10k)],
    }
    results["summary"] = _summary(results)
    return results


@pytest.mark.parametrize(
    ("ratio", "peak_10k", "verdicts"),
    [
        (0.6, 1100.0, ("ratio", "met", "memory", "met")),
        (0.4, 1500.0, ("ratio", "NOT met", "memory", "NOT met")),
    ],
)
def test_bench_report_states_each_target(ratio: float, peak_10k: float, verdicts: tuple[str, ...]) -> None:
    results = _results(ratio, 1000.0, peak_10k)
    text = format_results(results)
    assert f"pipeline / bare parse: {ratio:.2f} (target ≥ 0.5: {verdicts[1]})" in text
    assert f"peak memory 10k / 1k: {peak_10k / 1000:.2f} (target ≤ 1.3: {verdicts[3]})" in text
    assert "one machine per day at this rate: 432,000 articles" in text
    assert results["summary"]["articles_per_day_idle_2_cores"] == 576_000  # type: ignore[index]


def test_bench_report_shows_the_previous_figures(tmp_path: Path) -> None:
    before = _results(0.55, 1000.0, 1100.0)
    path = tmp_path / "bench.json"
    path.write_text(json.dumps(before))
    text = format_results(_results(0.6, 1000.0, 1100.0), load_previous(str(path)))
    assert "previous run: pipeline 5.00 articles/s, ratio 0.55" in text
    assert load_previous(str(tmp_path / "missing.json")) is None


def test_bench_command_has_help() -> None:
    result = CliRunner().invoke(cli, ["bench", "--help"])
    assert result.exit_code == 0
    assert "--sizes" in result.output
