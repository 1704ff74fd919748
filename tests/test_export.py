import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from rashomon.errors import ConfigError
from rashomon.export import EXPORT_FILES, export_store
from rashomon.model import Article, Evidence, Quote, Speaker
from rashomon.store import SQLiteStore

TEXT = "“We fired warning shots,” said Maria Lopez."


@pytest.fixture
def filled(store: SQLiteStore) -> SQLiteStore:
    store.add_article(
        Article(id="art_1", text=TEXT, title="T", outlet="Coastal Wire", published="2031-03-04")
    )
    copy = Article(id="art_2", text=TEXT + " More.", duplicate_of="art_1", duplicate_score=0.9)
    store.add_article(copy)
    quote = Quote(
        "quo_1",
        "art_1",
        Speaker("Maria Lopez", "ent_1"),
        "said",
        "We fired warning shots,",
        True,
        (Evidence("art_1", 0, 1, 24, TEXT[1:24]),),
    )
    store.save_article_records("art_1", [("extract.quotes.v1", quote)], "h", store.start_run(""))
    return store


def test_export_jsonl_follows_the_contract(filled: SQLiteStore, tmp_path: Path) -> None:
    written = export_store(filled, "jsonl", tmp_path)
    assert set(written) == {f"{stem}.jsonl" for stem in EXPORT_FILES}
    assert written["quotes.jsonl"] == 1
    assert written["events.jsonl"] == 0
    articles = [json.loads(line) for line in (tmp_path / "articles.jsonl").read_text().splitlines()]
    assert [a["duplicate_of"] for a in articles] == [None, "art_1"]
    assert {"id", "text", "title", "source", "outlet", "published", "duplicate_of"} <= set(articles[0])
    [quote] = [json.loads(line) for line in (tmp_path / "quotes.jsonl").read_text().splitlines()]
    assert quote["speaker"] == {
        "name": "Maria Lopez",
        "entity_id": "ent_1",
        "type": "person",
        "credentials": "",
        "start": None,
        "end": None,
    }
    [ev] = quote["evidence"]
    assert TEXT[ev["start"] : ev["end"]] == ev["text"] == "We fired warning shots,"


def test_export_csv_keeps_nested_fields_as_json(filled: SQLiteStore, tmp_path: Path) -> None:
    export_store(filled, "csv", tmp_path)
    with (tmp_path / "quotes.csv").open() as fh:
        [row] = list(csv.DictReader(fh))
    assert json.loads(row["evidence"])[0]["start"] == 1
    assert row["direct"] == "True"


def test_export_parquet_round_trips(filled: SQLiteStore, tmp_path: Path) -> None:
    export_store(filled, "parquet", tmp_path)
    table = pq.read_table(tmp_path / "articles.parquet")
    assert table.num_rows == 2
    assert table.column("outlet").to_pylist() == ["Coastal Wire", ""]
    assert pq.read_table(tmp_path / "events.parquet").num_rows == 0


def test_export_rejects_unknown_format(filled: SQLiteStore, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown export format 'xml'; use one of jsonl, csv, parquet"):
        export_store(filled, "xml", tmp_path)
