"""Both store back ends: search, new read methods, concurrency, and PostgreSQL-specific behaviour.

Tests taking ``store`` run on SQLite and on PostgreSQL (``all_backends``); a throwaway
PostgreSQL server is started for the session (see ``postgres_server`` in conftest).
"""

import threading
from pathlib import Path

import pytest

from rashomon.errors import StoreError
from rashomon.model import Article, Attribution, Claim, Evidence, Quote, Speaker
from rashomon.store import SQLiteStore, Store, open_store
from rashomon.store.search import fts5_query
from rashomon.store.sqlite import migrations

pytestmark = pytest.mark.all_backends

TEXTS = {
    "a1": "Naval strikes on the Harn Bank killed twelve fishermen, the coast guard said.",
    "a2": "The ministry denied that any vessel struck a fishing boat near Harn Island.",
    "a3": "Opinion: the butchers of Vessen must answer for the Harn Bank massacre.",
}


def _article(key: str, **kw: object) -> Article:
    return Article(id=f"art_{key}", text=TEXTS[key], title=f"Title {key}", outlet="Wire", **kw)  # type: ignore[arg-type]


def _quote(article: Article, content: str, speaker: str) -> Quote:
    start = article.text.index(content)
    ev = Evidence(article.id, 0, start, start + len(content), content)
    return Quote(f"quo_{article.id}", article.id, Speaker(name=speaker), "said", content, True, (ev,))


def _claim(article: Article, text: str) -> Claim:
    start = article.text.index(text)
    ev = Evidence(article.id, 0, start, start + len(text), text)
    return Claim(f"clm_{article.id}", article.id, text, Attribution(article.id), (ev,))


@pytest.fixture
def searchable(store: Store) -> Store:
    run = store.start_run("")
    for key in TEXTS:
        article = _article(key, published="2031-03-0" + key[-1])
        store.add_article(article)
        records: list[tuple[str, object]] = []
        if key == "a1":
            records = [("q", _quote(article, "killed twelve fishermen", "Ingrid Solvik"))]
        if key == "a2":
            records = [("c", _claim(article, "any vessel struck a fishing boat"))]
        store.save_article_records(article.id, records, "h", run, [(0, len(article.text))])
    return store


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("harn", {"art_a1", "art_a2", "art_a3"}),
        ("strike", {"art_a1"}),  # stemmed: "strikes" matches, "struck" does not
        ('"Harn Bank"', {"art_a1", "art_a3"}),
        ("harn -opinion", {"art_a1", "art_a2"}),
        ("massacre or denied", {"art_a2", "art_a3"}),
        ("Solvik", {"quo_art_a1"}),
        ("fishermen twelve", {"art_a1", "quo_art_a1"}),
        ("", set()),
        ('NEAR(harn bank) OR "unbalanced', set()),
        ("title:x AND ) (", set()),
        ("-harn", set()),
    ],
)
def test_store_search_reads_queries_alike(searchable: Store, query: str, expected: set[str]) -> None:
    result = searchable.search(query, limit=50)
    assert {h.id for h in result.hits} == expected
    assert result.total == len(expected)


def test_store_search_snippets_mark_matches_and_kinds_filter(searchable: Store) -> None:
    result = searchable.search("twelve", kinds=("quote",))
    [hit] = result.hits
    assert (hit.kind, hit.article_id, hit.title, hit.outlet) == ("quote", "art_a1", "Title a1", "Wire")
    assert "\x02twelve\x03" in hit.snippet
    assert result.by_kind == {"article": 1, "quote": 1}
    assert result.total == 1


def test_store_search_follows_replaced_and_deleted_records(searchable: Store) -> None:
    run = searchable.start_run("")
    article = _article("a1")
    searchable.save_article_records(
        article.id, [("q", _quote(article, "the coast guard said", "Solvik"))], "h2", run
    )
    assert {h.id for h in searchable.search("twelve").hits} == {"art_a1"}
    assert {h.id for h in searchable.search("guard", kinds=("quote",)).hits} == {"quo_art_a1"}
    searchable.save_article_records(article.id, [], "h3", run)
    assert searchable.search("guard", kinds=("quote",)).hits == []


def test_store_article_headers_and_counts(searchable: Store) -> None:
    headers = searchable.article_headers()
    assert [h["id"] for h in headers] == ["art_a1", "art_a2", "art_a3"]
    assert "text" not in headers[0]
    assert (headers[0]["length"], headers[0]["analyzed"], headers[0]["published"]) == (
        len(TEXTS["a1"]),
        True,
        "2031-03-01",
    )
    assert searchable.counts_by_article() == {"art_a1": {"quote": 1}, "art_a2": {"claim": 1}}


def test_store_find_record_keeps_kind_apart_from_fields(searchable: Store) -> None:
    found = searchable.find_record("clm_art_a2")
    assert found is not None
    kind, record = found
    assert (kind, record["kind"]) == ("claim", "factual")
    assert searchable.find_record("nope") is None


def test_store_serves_readers_while_a_writer_commits(searchable: Store) -> None:
    """Readers on other threads see each article's records all or nothing, never an error."""
    article = _article("a3")
    errors: list[BaseException] = []
    seen: set[int] = set()
    stop = threading.Event()

    def write() -> None:
        try:
            run = searchable.start_run("")
            for i in range(30):
                quotes = [("q", _quote(article, "butchers of Vessen", f"Speaker {i}"))]
                claims = [("c", _claim(article, "must answer for the Harn Bank massacre"))]
                searchable.save_article_records(article.id, quotes + claims if i % 2 else [], f"h{i}", run)
        except BaseException as exc:
            errors.append(exc)
        finally:
            stop.set()

    def read() -> None:
        try:
            while not stop.is_set():
                n = searchable.counts_by_article().get(article.id, {})
                seen.add(sum(n.values()))
                searchable.search("butchers")
                list(searchable.record_dicts("quote"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write)] + [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert seen <= {0, 2}


def test_sqlite_store_gives_each_thread_its_own_connection(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "t.db")
    conns: list[object] = []
    t = threading.Thread(target=lambda: conns.append(store.conn))
    t.start()
    t.join()
    assert conns[0] is not store.conn
    store.close()


def test_sqlite_memory_store_is_one_database_across_threads() -> None:
    store = SQLiteStore(":memory:")
    store.add_article(_article("a1"))
    counts: list[int] = []
    t = threading.Thread(target=lambda: counts.append(store.counts()["articles"]))
    t.start()
    t.join()
    assert counts == [1]
    store.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("harn bank", '("harn") AND ("bank")'),
        ('"Harn Bank" or trawler -opinion', '("Harn Bank" OR "trawler") NOT "opinion"'),
        ("Ostmark's", '("Ostmark s")'),
        ("* : ( ) NEAR", '("NEAR")'),
        ("-only", None),
    ],
)
def test_fts5_query_requotes_every_term(text: str, expected: str | None) -> None:
    assert fts5_query(text) == expected


@pytest.mark.postgres
def test_postgres_applies_migrations_once(postgres_database: str) -> None:
    from rashomon.store.postgres import PostgresStore

    first = open_store(postgres_database)
    assert isinstance(first, PostgresStore)
    first.close()
    second = PostgresStore(postgres_database)
    assert second.schema_version() == max(v for v, _, _ in migrations("postgres"))
    assert second.schema_version() == max(v for v, _, _ in migrations("sqlite"))
    second.close()


@pytest.mark.postgres
def test_postgres_error_names_the_fix_without_the_password(postgres_server: str) -> None:
    url = postgres_server.replace("postgres@", "postgres:s3cret@") + "/no_such_database"
    with pytest.raises(StoreError) as err:
        open_store(url)
    assert "s3cret" not in str(err.value)
    assert "check that the server runs and the URL names an existing database" in str(err.value)


def test_store_generation_moves_with_every_write(searchable: Store) -> None:
    seen = [searchable.generation()]
    searchable.add_override("actor", "Name A", "Name B", "split")
    seen.append(searchable.generation())
    searchable.save_article_records("art_a3", [], "h9", searchable.start_run(""))
    seen.append(searchable.generation())
    searchable.set_duplicate("art_a2", "art_a1", 0.9)
    seen.append(searchable.generation())
    list(searchable.record_dicts("quote"))
    searchable.search("harn")
    assert searchable.generation() == seen[-1]
    assert seen == sorted(set(seen))
