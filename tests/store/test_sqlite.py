from pathlib import Path

import pytest

from rashomon.errors import StoreError
from rashomon.model import Article, Entity, Evidence, Mention, Rejection
from rashomon.store import SQLiteStore, open_store
from rashomon.store.sqlite import migrations

# Every test here that takes the `store` fixture runs on SQLite and on PostgreSQL.
pytestmark = pytest.mark.all_backends

TEXT = "Maria Lopez spoke. Lopez left."


def _article() -> Article:
    return Article(id="art_0000000000000001", text=TEXT, title="T", outlet="O", published="2031-03-04")


def _entity(name: str = "Maria Lopez") -> Entity:
    ev = (
        Evidence("art_0000000000000001", 0, 0, 11, "Maria Lopez"),
        Evidence("art_0000000000000001", 1, 19, 24, "Lopez"),
    )
    mentions = (Mention("Maria Lopez", 0, 11, 0, "PERSON"), Mention("Lopez", 19, 24, 1, "PERSON"))
    return Entity("ent_1", "art_0000000000000001", name, "PERSON", ("Maria Lopez", "Lopez"), mentions, ev)


def test_store_adds_article_once(store: SQLiteStore) -> None:
    assert store.add_article(_article()) is True
    assert store.add_article(_article()) is False
    assert store.counts()["articles"] == 1
    assert store.get_article("art_0000000000000001") == _article()


def test_store_round_trips_records_with_evidence(store: SQLiteStore) -> None:
    store.add_article(_article())
    run = store.start_run("[pipeline]\n")
    store.save_article_records(
        "art_0000000000000001", [("extract.entities.v1", _entity())], "h1", run, [(0, 18), (19, 30)]
    )
    [ent] = store.records("entity")
    assert ent == _entity()
    assert store.sentences("art_0000000000000001") == [(0, 18), (19, 30)]
    spans = store.evidence_in("art_0000000000000001")
    assert [(s["start"], s["end"], s["kind"]) for s in spans] == [(0, 11, "entity"), (19, 24, "entity")]


def test_store_replaces_an_articles_records_on_reanalysis(store: SQLiteStore) -> None:
    store.add_article(_article())
    run = store.start_run("")
    store.save_article_records("art_0000000000000001", [("s", _entity())], "h1", run)
    store.save_article_records("art_0000000000000001", [("s", _entity("M. Lopez"))], "h2", run)
    assert [e.name for e in store.records("entity")] == ["M. Lopez"]
    assert len(store.evidence_in("art_0000000000000001")) == 2
    assert [s.analyzed_hash for s in store.stored_articles()] == ["h2"]


def test_store_corpus_stage_replacement_keeps_article_records(store: SQLiteStore) -> None:
    store.add_article(_article())
    run = store.start_run("")
    store.save_article_records("art_0000000000000001", [("s", _entity())], "h1", run)
    other = Entity("ent_2", "art_0000000000000001", "X", "ORG", (), (), ())
    assert store.replace_stage_records("fuse.x.v1", [other], run) == 1
    assert store.replace_stage_records("fuse.x.v1", [], run) == 0
    assert [e.id for e in store.records("entity")] == ["ent_1"]


def test_store_records_rejections_once(store: SQLiteStore) -> None:
    r = Rejection("a.txt", "empty file", "remove it")
    store.add_rejection(r)
    store.add_rejection(r)
    assert store.rejections() == [r]


def test_store_rejects_unknown_kind(store: SQLiteStore) -> None:
    with pytest.raises(StoreError, match="unknown record kind 'bogus'"):
        list(store.records("bogus"))


def test_store_applies_every_migration_once(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    SQLiteStore(path).close()
    s = SQLiteStore(path)
    assert s.schema_version() == max(v for v, _, _ in migrations("sqlite"))
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    s.close()


def test_store_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("these are my notes, not a database" * 50)
    with pytest.raises(StoreError, match=r"cannot open .* as a Rashomon database"):
        open_store(str(bad))
    assert bad.read_text().startswith("these are my notes")


def test_store_transaction_rolls_back_on_error(store: SQLiteStore) -> None:
    store.add_article(_article())
    run = store.start_run("")
    with pytest.raises(StoreError, match="object from s has no id"):
        store.save_article_records("art_0000000000000001", [("s", _entity()), ("s", object())], "h1", run)
    assert list(store.records("entity")) == []
    assert [s.analyzed_hash for s in store.stored_articles()] == [None]
    if isinstance(store, SQLiteStore):
        assert not store.conn.in_transaction
