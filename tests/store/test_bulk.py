"""The store's bulk operations used by the pipeline: batches, status counts, paged pending articles."""

import pytest

from rashomon.model import Article, Entity
from rashomon.store import SQLiteStore, Store, sqlite

# The bulk operations behave the same on both back ends.
pytestmark = pytest.mark.all_backends


def _article(i: int) -> Article:
    return Article(id=f"art_{i:016x}", text=f"Article number {i}.")


def _entity(i: int) -> Entity:
    return Entity(f"ent_{i}", f"art_{i:016x}", "X", "ORG", (), (), ())


def test_store_batch_commits_every_write_together(store: SQLiteStore) -> None:
    run = store.start_run("")
    for i in range(3):
        store.add_article(_article(i))
    with store.batch():
        for i in range(3):
            store.save_article_records(f"art_{i:016x}", [("s", _entity(i))], "h1", run)
    assert store.analysis_status("h1") == (3, 0)
    assert store.counts()["entity"] == 3


def test_store_batch_writes_nothing_when_it_fails(store: SQLiteStore) -> None:
    run = store.start_run("")
    for i in range(3):
        store.add_article(_article(i))

    def killed_mid_batch() -> None:
        with store.batch():
            store.save_article_records("art_0000000000000000", [("s", _entity(0))], "h1", run)
            store.save_article_records("art_0000000000000001", [("s", _entity(1))], "h1", run)
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        killed_mid_batch()
    assert store.analysis_status("h1") == (3, 3)
    assert store.counts()["entity"] == 0


def test_store_pending_articles_page_in_order_while_results_are_written(
    store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite, "PAGE_SIZE", 2)
    monkeypatch.setattr(f"{type(store).__module__}.PAGE_SIZE", 2)
    run = store.start_run("")
    for i in range(7):
        store.add_article(_article(i))
    store.save_article_records("art_0000000000000003", [], "h1", run)
    seen = []
    for article in store.pending_articles("h1"):
        seen.append(article.id)
        store.save_article_records(article.id, [], "h1", run)  # as the pipeline does between pages
    assert seen == [f"art_{i:016x}" for i in (0, 1, 2, 4, 5, 6)]
    assert store.analysis_status("h1") == (7, 0)
    assert store.analysis_status("h2") == (7, 7)


def test_store_default_bulk_methods_agree_with_the_sqlite_ones(store: SQLiteStore) -> None:
    run = store.start_run("")
    for i in range(4):
        store.add_article(_article(i))
    store.save_article_records("art_0000000000000002", [], "h1", run)
    assert Store.analysis_status(store, "h1") == store.analysis_status("h1") == (4, 3)
    assert list(Store.pending_articles(store, "h1")) == list(store.pending_articles("h1"))


def _quote_entity() -> Entity:
    from rashomon.model import Evidence, Mention

    text = "Article number 0."
    ev = (
        Evidence("art_0000000000000000", 0, 0, 7, "Article"),
        Evidence("art_0000000000000000", 0, 8, 14, "number"),
    )
    return Entity("ent_q", "art_0000000000000000", text, "ORG", (), (Mention("Article", 0, 7, 0, "ORG"),), ev)


@pytest.mark.parametrize("rows", [True, False])
def test_store_rows_and_records_store_the_same(store: SQLiteStore, rows: bool) -> None:
    from rashomon.store import RecordRow

    run = store.start_run("")
    store.add_article(_article(0))
    records = [("s", _entity(0)), ("s", _quote_entity()), ("s", _quote_entity())]  # a repeated id
    if rows:
        store.save_article_rows(_article(0).id, [RecordRow.of(*r) for r in records], "h1", run, [(0, 17)])
    else:
        store.save_article_records(_article(0).id, records, "h1", run, [(0, 17)])
    assert list(store.records("entity")) == [_entity(0), _quote_entity()]
    assert [(e["record_id"], e["start"]) for e in store.evidence_in(_article(0).id)] == [
        ("ent_q", 0),
        ("ent_q", 8),
    ]
    assert store.sentences(_article(0).id) == [(0, 17)]
    assert store.analysis_status("h1") == (1, 0)


def test_store_default_rows_method_goes_through_records(store: SQLiteStore) -> None:
    from rashomon.store import RecordRow

    run = store.start_run("")
    store.add_article(_article(0))
    Store.save_article_rows(store, _article(0).id, [RecordRow.of("s", _quote_entity())], "h1", run)
    assert list(store.records("entity")) == [_quote_entity()]
    assert RecordRow.of("s", _quote_entity()).record() == _quote_entity()
