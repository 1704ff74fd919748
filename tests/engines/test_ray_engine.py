"""The Ray Data engine: result shards round-trip, and a local Ray run stores what a local run stores."""

import json
import os
from pathlib import Path

import pytest

from rashomon.config import load_config
from rashomon.errors import StageError
from rashomon.model import Entity, Evidence, Mention
from rashomon.pipeline import Analyzed, Pipeline, RunReport, load_builtin_stages
from rashomon.store import RecordRow, SQLiteStore

pa = pytest.importorskip("pyarrow", reason="the Ray engine needs the scale extra")
pq = pytest.importorskip("pyarrow.parquet")

from rashomon.engines.ray_engine import RayEngine, RayOptions, load_shards, results_table  # noqa: E402

ARTICLE = "art_0000000000000001"


def _entity() -> Entity:
    ev = (Evidence(ARTICLE, 0, 0, 11, "Maria Lopez"),)
    return Entity(
        "ent_1",
        ARTICLE,
        "Maria Lopez",
        "PERSON",
        ("Maria Lopez",),
        (Mention("Maria Lopez", 0, 11, 0, "PERSON"),),
        ev,
    )


def _pipeline() -> Pipeline:
    load_builtin_stages()
    return Pipeline(load_config())


def test_result_shards_load_records_sentences_and_failures(tmp_path: Path, store: SQLiteStore) -> None:
    from rashomon.model import Article

    pipeline = _pipeline()
    store.add_article(Article(ARTICLE, "Maria Lopez spoke."))
    store.add_article(Article("art_0000000000000002", "boom"))
    failed = StageError("extract.quotes.v1", "art_0000000000000002", "RuntimeError: exploded")
    results = [
        Analyzed(ARTICLE, [RecordRow.of("extract.entities.v1", _entity())], [(0, 18)]),
        Analyzed("art_0000000000000002", error=failed),
    ]
    table = results_table(results, pipeline.config.article_hash(), {"nlp.spacy.v1": 1.5})
    pq.write_table(table, tmp_path / "part-00000.parquet")
    run = store.start_run("")
    report = RunReport(run)
    assert load_shards(pipeline, store, [tmp_path / "part-00000.parquet"], run, report) == 2
    assert list(store.records("entity")) == [_entity()]
    assert store.sentences(ARTICLE) == [(0, 18)]
    assert (report.analyzed, report.failed, report.sentences) == (1, 1, 1)
    assert report.rejected[0].reason == str(failed)
    assert report.seconds["nlp.spacy.v1"] == 1.5
    assert store.analysis_status(pipeline.config.article_hash()) == (2, 1)


def test_result_shards_of_another_configuration_are_skipped(tmp_path: Path, store: SQLiteStore) -> None:
    from rashomon.model import Article

    pipeline = _pipeline()
    store.add_article(Article(ARTICLE, "Maria Lopez spoke."))
    table = results_table([Analyzed(ARTICLE, [], [])], "0123456789abcdef")
    pq.write_table(table, tmp_path / "old.parquet")
    run = store.start_run("")
    assert load_shards(pipeline, store, [tmp_path / "old.parquet"], run, RunReport(run)) == 0
    assert store.analysis_status(pipeline.config.article_hash()) == (1, 1)


def _store_contents(store: SQLiteStore) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    records = sorted((r[0], r[1]) for r in store.conn.execute("SELECT id, payload FROM records"))
    articles = sorted((r[0], r[1]) for r in store.conn.execute("SELECT id, sentences FROM articles"))
    return records, articles


@pytest.mark.slow
@pytest.mark.issue(8)
@pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.*")  # Ray's own settings, not ours
def test_ray_engine_stores_what_the_local_run_stores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("ray", reason="the Ray engine needs the scale extra")
    monkeypatch.setenv("RAY_USAGE_STATS_ENABLED", "0")
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    from rashomon.benchmark.corpus import CorpusSpec, generate_articles

    rows = list(generate_articles(CorpusSpec(n=12, words=60, seed=5)))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows[:6]))
    pq.write_table(pa.Table.from_pylist(rows[6:]), tmp_path / "in" / "b.parquet")

    pipeline = _pipeline()
    local, on_ray = SQLiteStore(tmp_path / "local.db"), SQLiteStore(tmp_path / "ray.db")
    try:
        expected = pipeline.run([tmp_path / "in"], local)
        engine = RayEngine(RayOptions(workers=2, output=str(tmp_path / "shards"), shard_articles=4))
        report = pipeline.run([tmp_path / "in"], on_ray, engine=engine)
        assert (report.new_articles, report.analyzed, report.failed) == (expected.new_articles, 12, 0)
        assert _store_contents(on_ray) == _store_contents(local)
        shards = sorted((tmp_path / "shards" / report.run_id).glob("part-*.parquet"))
        assert shards
        assert sum(pq.read_metadata(s).num_rows for s in shards) == 12
        # A second run finds nothing to do and does not start Ray.
        again = pipeline.run([tmp_path / "in"], on_ray, engine=engine)
        assert (again.analyzed, again.skipped) == (0, 12)
    finally:
        local.close()
        on_ray.close()
    assert "RAY_ADDRESS" not in os.environ
