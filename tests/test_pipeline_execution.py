"""How the pipeline drives its stages: batches, per-stage seconds, streaming of pending articles."""

import json
from pathlib import Path

from rashomon.config import load_config
from rashomon.model import CorpusView, Document
from rashomon.pipeline import Pipeline, load_builtin_stages
from rashomon.registry import stage
from rashomon.store import SQLiteStore

SEEN: list[int] = []


@stage("extract.testtally.v1", requires=("text",), assigns=("signals",))
def _tally(doc: Document, options: None = None) -> tuple[()]:
    SEEN.append(len(doc.text))
    return ()


FUSED: list[int] = []


@stage("fuse.testtally.v1", requires=("signals",), assigns=("actors",), scope="corpus")
def _fuse_tally(corpus: CorpusView, options: None = None) -> list[object]:
    FUSED.append(len(list(corpus.articles())))
    return []


def _pipeline(batch_size: int, *stages: str) -> Pipeline:
    load_builtin_stages()
    names = ["extract.testtally.v1", *stages]
    overrides = {"pipeline": {"stages": names}, "run": {"batch_size": batch_size}}
    return Pipeline(load_config(overrides=overrides))


def _corpus(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"text": f"Article {i} says something."}) + "\n" for i in range(n)))
    return path


def test_pipeline_reports_seconds_per_stage_and_storage(tmp_path: Path, store: SQLiteStore) -> None:
    report = _pipeline(2).run([_corpus(tmp_path, 5)], store)
    assert (report.new_articles, report.analyzed, report.failed) == (5, 5, 0)
    assert {"ingest", "analyze", "corpus", "store", "extract.testtally.v1"} <= set(report.seconds)
    assert report.stats()["seconds"]["extract.testtally.v1"] >= 0


def test_pipeline_analyses_only_what_is_pending(tmp_path: Path, store: SQLiteStore) -> None:
    pipeline = _pipeline(2)
    pipeline.run([_corpus(tmp_path, 3)], store)
    SEEN.clear()
    report = pipeline.run([_corpus(tmp_path, 5)], store)
    assert (report.new_articles, report.already_stored, report.analyzed, report.skipped) == (2, 3, 2, 3)
    assert len(SEEN) == 2
    assert list(pipeline.pending(store)) == []


def test_pipeline_progress_counts_every_pending_article(tmp_path: Path, store: SQLiteStore) -> None:
    calls: list[tuple[str, int, int]] = []
    _pipeline(2).run([_corpus(tmp_path, 5)], store, lambda *a: calls.append(a))
    assert [c for c in calls if c[0] == "analyze"] == [
        ("analyze", 2, 5),
        ("analyze", 4, 5),
        ("analyze", 5, 5),
    ]


def test_pipeline_skips_the_corpus_stages_when_nothing_changed(tmp_path: Path, store: SQLiteStore) -> None:
    pipeline = _pipeline(2, "fuse.testtally.v1")
    FUSED.clear()
    pipeline.run([_corpus(tmp_path, 3)], store)
    pipeline.run([_corpus(tmp_path, 3)], store)
    assert FUSED == [3]  # the second run had nothing new to fuse
    store.add_override("actor", "A", "B", "split")
    pipeline.run([_corpus(tmp_path, 3)], store)
    pipeline.run([_corpus(tmp_path, 4)], store)
    assert FUSED == [3, 3, 4]
