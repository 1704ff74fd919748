"""Parquet shards of articles as an input source."""

import datetime as dt
from pathlib import Path

import pytest

from rashomon.config import IngestOptions
from rashomon.ingest import Ingested, read_inputs
from rashomon.model import Rejection

pa = pytest.importorskip("pyarrow", reason="Parquet input needs the scale extra (pyarrow)")
pq = pytest.importorskip("pyarrow.parquet")


def test_parquet_rows_become_articles_and_bad_rows_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "shard-0001.parquet"
    table = pa.table(
        {
            "text": ["Veltria closed the strait.", None, "Ostmark recalled its ambassador."],
            "title": ["Strait closed", "empty", ""],
            "url": ["https://a.example/1", "", "https://b.example/2"],
            "published": [dt.date(2031, 3, 4), None, dt.date(2031, 3, 5)],
        }
    )
    pq.write_table(table, path, row_group_size=2)
    items = list(read_inputs([path], IngestOptions(default_outlet="Wire")))
    assert [type(i).__name__ for i in items] == ["Ingested", "Rejection", "Ingested"]
    first, rejected, last = items
    assert isinstance(first, Ingested)
    assert isinstance(last, Ingested)
    assert isinstance(rejected, Rejection)
    assert (first.article.title, first.article.published, first.article.outlet) == (
        "Strait closed",
        "2031-03-04",
        "Wire",
    )
    assert (first.article.source, first.article.format) == (f"{path}#0", "parquet")
    assert last.article.source == f"{path}#2"
    assert (rejected.source, rejected.reason) == (f"{path}#1", "no 'text' field")


def test_parquet_without_a_text_column_is_rejected_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"body": ["x"]}), path)
    [rejected] = list(read_inputs([path], IngestOptions()))
    assert isinstance(rejected, Rejection)
    assert rejected.reason == "no 'text' column"
    assert rejected.fix.startswith("give it a text column")


def test_parquet_export_reads_back_as_the_same_articles(tmp_path: Path) -> None:
    from rashomon.export import export_store
    from rashomon.ingest import article_id
    from rashomon.model import Article
    from rashomon.store import SQLiteStore

    store = SQLiteStore(tmp_path / "a.db")
    text = "Veltria closed the strait on Monday."
    store.add_article(Article(article_id(text), text, title="Closed", outlet="Wire", published="2031-03-04"))
    export_store(store, "parquet", tmp_path / "out")
    store.close()
    [item] = list(read_inputs([tmp_path / "out" / "articles.parquet"], IngestOptions()))
    assert isinstance(item, Ingested)
    assert (item.article.id, item.article.title, item.article.outlet) == (article_id(text), "Closed", "Wire")
