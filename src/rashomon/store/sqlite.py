"""The embedded SQLite store (WAL mode, one transaction per article, schema migrations)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from rashomon.errors import StoreError
from rashomon.model import RECORD_KINDS, Article, Rejection, from_dict, iter_evidence, kind_of, to_dict
from rashomon.store.base import SEARCH_KINDS, RecordRow, SearchHit, SearchResult, Store, StoredArticle
from rashomon.store.search import fts5_query

__all__ = ["SQLiteStore", "migrations"]

logger = logging.getLogger(__name__)

_ARTICLE_COLUMNS = (
    "id, text, title, source, url, outlet, author, published, format, language, duplicate_of, duplicate_score"
)

#: Articles read per query when streaming the pending ones (bounded memory, few round trips).
PAGE_SIZE = 256


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def migrations(dialect: str) -> list[tuple[int, str, str]]:
    """Return ``(version, name, sql)`` for every migration of ``dialect``, in order."""
    folder = resources.files("rashomon.store").joinpath("migrations", dialect)
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".sql"):
            out.append((int(entry.name.split("_", 1)[0]), entry.name, entry.read_text(encoding="utf-8")))
    return out


class SQLiteStore(Store):
    """A :class:`~rashomon.store.base.Store` in one SQLite file.

    Args:
        path: The database file (created with its folder if missing), or ``:memory:``.
    """

    def __init__(self, path: str | Path) -> None:
        self.url = str(path)
        if str(path) != ":memory:":
            p = Path(path)
            if p.exists() and p.is_dir():
                raise StoreError(f"{p} is a folder; give a database file path such as {p / 'rashomon.db'}")
            p.parent.mkdir(parents=True, exist_ok=True)
        # One connection per thread: a served store is read by many request threads while a
        # pipeline job writes from another (WAL lets readers go on during a write). The check
        # is off only so that close() may close every thread's connection from one thread.
        self._path = str(path)
        if self._path == ":memory:":
            # Separate connections to ":memory:" would each see an empty database; a named
            # shared-cache memory database is one database for every thread's connection.
            self._path = f"file:rashomon-{uuid.uuid4().hex}?mode=memory&cache=shared"
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        try:
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self.close()
            raise StoreError(
                f"cannot open {path} as a Rashomon database ({exc}); give a new file path"
            ) from None

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self._path,
            isolation_level=None,
            check_same_thread=False,
            timeout=30,
            uri=self._path.startswith("file:"),
        )
        conn.row_factory = sqlite3.Row
        if not self._path.startswith("file:"):
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        # REPLACE must fire delete triggers so that the search index drops replaced rows.
        conn.execute("PRAGMA recursive_triggers=ON")
        with self._lock:
            self._all.append(conn)
        return conn

    # ------------------------------------------------------------------ plumbing
    def _migrate(self) -> None:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)"
        )
        done = {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}
        for version, name, sql in migrations("sqlite"):
            if version in done:
                continue
            with self._tx():
                # Another process may have applied it while this one waited for the lock.
                applied = "SELECT 1 FROM schema_migrations WHERE version = ?"
                if self.conn.execute(applied, (version,)).fetchone():
                    continue
                logger.info("applying migration %s", name)
                for statement in _statements(sql):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, _now()))

    def _tx(self) -> _Transaction:
        return _Transaction(self.conn)

    def generation(self) -> int:
        """Return a number that every committed write to articles, records or overrides increases."""
        row = self.conn.execute("SELECT value FROM store_generation WHERE id = 1").fetchone()
        return int(row[0])

    def schema_version(self) -> int:
        """Return the newest applied migration version."""
        row = self.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    def close(self) -> None:
        """Close every thread's connection."""
        with self._lock:
            conns, self._all = self._all, []
        for conn in conns:
            conn.close()
        self._local = threading.local()

    # ---------------------------------------------------------------------- runs
    def start_run(self, config_text: str) -> str:
        """Record a new run with its resolved configuration; return its id."""
        run_id = "run_" + uuid.uuid4().hex[:12]
        self.conn.execute(
            "INSERT INTO runs (id, started_at, config) VALUES (?, ?, ?)", (run_id, _now(), config_text)
        )
        return run_id

    def finish_run(self, run_id: str, status: str, stats: Mapping[str, Any]) -> None:
        """Mark ``run_id`` finished."""
        self.conn.execute(
            "UPDATE runs SET finished_at = ?, status = ?, stats = ? WHERE id = ?",
            (_now(), status, json.dumps(dict(stats), default=str), run_id),
        )

    def runs(self) -> list[dict[str, Any]]:
        """Return every run, newest first."""
        rows = self.conn.execute("SELECT * FROM runs ORDER BY started_at DESC, rowid DESC").fetchall()
        return [{**dict(r), "stats": json.loads(r["stats"])} for r in rows]

    # ------------------------------------------------------------------ articles
    def add_article(self, article: Article, raw: bytes | None = None, minhash: bytes | None = None) -> bool:
        """Store ``article`` unless its id is present; return whether it was new."""
        with self._tx():
            seq = self.conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM articles").fetchone()[0]
            cur = self.conn.execute(
                f"INSERT OR IGNORE INTO articles ({_ARTICLE_COLUMNS}, raw, minhash, ingested_at, seq) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article.id,
                    article.text,
                    article.title,
                    article.source,
                    article.url,
                    article.outlet,
                    article.author,
                    article.published,
                    article.format,
                    article.language,
                    article.duplicate_of,
                    article.duplicate_score,
                    raw,
                    minhash,
                    _now(),
                    seq,
                ),
            )
        return cur.rowcount == 1

    def set_duplicate(self, article_id: str, duplicate_of: str | None, score: float | None) -> None:
        """Link ``article_id`` as a near-copy of ``duplicate_of``."""
        self.conn.execute(
            "UPDATE articles SET duplicate_of = ?, duplicate_score = ? WHERE id = ?",
            (duplicate_of, score, article_id),
        )

    @staticmethod
    def _article(row: sqlite3.Row) -> Article:
        return Article(**{k: row[k] for k in _ARTICLE_COLUMNS.split(", ")})

    def get_article(self, article_id: str) -> Article | None:
        """Return the article ``article_id``, or ``None``."""
        row = self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return None if row is None else self._article(row)

    def articles(self, ids: Sequence[str] | None = None) -> Iterator[Article]:
        """Yield stored articles in ingestion order (only ``ids`` when given)."""
        if ids is None:
            cur = self.conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY seq")
            for row in cur:
                yield self._article(row)
            return
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks}) ORDER BY seq", chunk
            ).fetchall()
            yield from (self._article(r) for r in rows)

    def article_headers(self) -> list[dict[str, Any]]:
        """Return every article's metadata without its text, in ingestion order."""
        columns = _ARTICLE_COLUMNS.replace("id, text, ", "id, ")
        rows = self.conn.execute(
            f"SELECT {columns}, length(text) AS length, analyzed_hash IS NOT NULL AS analyzed, ingested_at "
            "FROM articles ORDER BY seq"
        ).fetchall()
        return [{**dict(r), "analyzed": bool(r["analyzed"])} for r in rows]

    def stored_articles(self) -> Iterator[StoredArticle]:
        """Yield every article with its analysis status, in ingestion order."""
        cur = self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS}, analyzed_hash, ingested_at FROM articles ORDER BY seq"
        )
        for row in cur:
            yield StoredArticle(self._article(row), row["analyzed_hash"], row["ingested_at"])

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """Yield ``(article_id, minhash bytes)`` for every article that has a signature."""
        for row in self.conn.execute(
            "SELECT id, minhash FROM articles WHERE minhash IS NOT NULL ORDER BY seq"
        ):
            yield row[0], row[1]

    def add_rejection(self, rejection: Rejection, run_id: str | None = None) -> None:
        """Record that an input was rejected (once per source and reason)."""
        self.conn.execute(
            "INSERT INTO rejections (source, reason, fix, run_id, rejected_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (source, reason) "
            "DO UPDATE SET run_id = excluded.run_id, rejected_at = excluded.rejected_at",
            (rejection.source, rejection.reason, rejection.fix, run_id, _now()),
        )

    def rejections(self) -> list[Rejection]:
        """Return every recorded rejection."""
        rows = self.conn.execute("SELECT source, reason, fix FROM rejections ORDER BY source").fetchall()
        return [Rejection(r[0], r[1], r[2]) for r in rows]

    # ------------------------------------------------------------------- records
    def _insert(self, stage: str, record: object, article_id: str | None, run_id: str, scope: str) -> None:
        rid = getattr(record, "id", None)
        if not rid:
            raise StoreError(f"{type(record).__name__} from {stage} has no id; every stored record needs one")
        payload = to_dict(record)
        self.conn.execute(
            "INSERT OR REPLACE INTO records (id, kind, stage, scope, article_id, run_id, payload) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (rid, kind_of(record), stage, scope, article_id, run_id, json.dumps(payload, ensure_ascii=False)),
        )
        self.conn.execute("DELETE FROM evidence WHERE record_id = ?", (rid,))
        self.conn.executemany(
            'INSERT INTO evidence (record_id, seq, article_id, sentence_index, start, "end", text) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (rid, i, e.article_id, e.sentence_index, e.start, e.end, e.text)
                for i, e in enumerate(iter_evidence([record]))
            ],
        )

    def save_article_records(
        self,
        article_id: str,
        records: Iterable[tuple[str, object]],
        analyzed_hash: str,
        run_id: str,
        sentences: Sequence[tuple[int, int]] = (),
    ) -> None:
        """Replace the per-article records of ``article_id`` in one transaction."""
        with self._tx():
            self.conn.execute("DELETE FROM records WHERE article_id = ? AND scope = 'article'", (article_id,))
            for stage, record in records:
                self._insert(stage, record, article_id, run_id, "article")
            self.conn.execute(
                "UPDATE articles SET analyzed_hash = ?, analyzed_run = ?, sentences = ? WHERE id = ?",
                (analyzed_hash, run_id, json.dumps([list(s) for s in sentences]), article_id),
            )

    def save_article_rows(
        self,
        article_id: str,
        rows: Sequence[RecordRow],
        analyzed_hash: str,
        run_id: str,
        sentences: Sequence[tuple[int, int]] = (),
    ) -> None:
        """Replace the per-article records of ``article_id`` with serialised ``rows`` in one transaction."""
        unique = list({r.id: r for r in rows}.values())  # a repeated id keeps its last row, as REPLACE does
        with self._tx():
            self.conn.execute("DELETE FROM records WHERE article_id = ? AND scope = 'article'", (article_id,))
            self.conn.executemany(
                "INSERT OR REPLACE INTO records (id, kind, stage, scope, article_id, run_id, payload) "
                "VALUES (?, ?, ?, 'article', ?, ?, ?)",
                [(r.id, r.kind, r.stage, article_id, run_id, r.payload) for r in unique],
            )
            self.conn.executemany("DELETE FROM evidence WHERE record_id = ?", [(r.id,) for r in unique])
            self.conn.executemany(
                'INSERT INTO evidence (record_id, seq, article_id, sentence_index, start, "end", text) '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(r.id, i, *e) for r in unique for i, e in enumerate(r.evidence)],
            )
            self.conn.execute(
                "UPDATE articles SET analyzed_hash = ?, analyzed_run = ?, sentences = ? WHERE id = ?",
                (analyzed_hash, run_id, json.dumps([list(s) for s in sentences]), article_id),
            )

    def sentences(self, article_id: str) -> list[tuple[int, int]]:
        """Return the (start, end) offsets of the sentences of ``article_id``."""
        row = self.conn.execute("SELECT sentences FROM articles WHERE id = ?", (article_id,)).fetchone()
        return [] if row is None or not row[0] else [(s, e) for s, e in json.loads(row[0])]

    def replace_stage_records(self, stage: str, records: Iterable[object], run_id: str) -> int:
        """Replace every record produced by corpus stage ``stage``; return how many were written."""
        n = 0
        with self._tx():
            self.conn.execute("DELETE FROM records WHERE stage = ?", (stage,))
            for record in records:
                self._insert(stage, record, getattr(record, "article_id", None), run_id, "corpus")
                n += 1
        return n

    def _select(self, kind: str, article_id: str | None) -> Iterator[sqlite3.Row]:
        if kind not in RECORD_KINDS:
            raise StoreError(f"unknown record kind {kind!r}; known kinds: {', '.join(RECORD_KINDS)}")
        if article_id is None:
            yield from self.conn.execute("SELECT payload FROM records WHERE kind = ? ORDER BY rowid", (kind,))
        else:
            yield from self.conn.execute(
                "SELECT payload FROM records WHERE kind = ? AND article_id = ? ORDER BY rowid",
                (kind, article_id),
            )

    def records(self, kind: str, article_id: str | None = None) -> Iterator[Any]:
        """Yield the stored records of ``kind`` as model records."""
        cls = RECORD_KINDS.get(kind)
        for row in self._select(kind, article_id):
            yield from_dict(cls, json.loads(row[0]))  # type: ignore[arg-type]

    def record_dicts(self, kind: str, article_id: str | None = None) -> Iterator[dict[str, Any]]:
        """Yield the stored records of ``kind`` as dictionaries."""
        for row in self._select(kind, article_id):
            yield json.loads(row[0])

    def get_record(self, record_id: str) -> dict[str, Any] | None:
        """Return one record as a dictionary with its ``kind``, or ``None``."""
        row = self.conn.execute("SELECT kind, payload FROM records WHERE id = ?", (record_id,)).fetchone()
        return None if row is None else {"kind": row[0], **json.loads(row[1])}

    def find_record(self, record_id: str) -> tuple[str, dict[str, Any]] | None:
        """Return ``(kind, record as a dictionary)`` for ``record_id``, or ``None``."""
        row = self.conn.execute("SELECT kind, payload FROM records WHERE id = ?", (record_id,)).fetchone()
        return None if row is None else (row[0], json.loads(row[1]))

    def evidence_in(self, article_id: str) -> list[dict[str, Any]]:
        """Return every evidence span in ``article_id`` with the record id and kind it supports."""
        rows = self.conn.execute(
            'SELECT e.record_id, r.kind, e.sentence_index, e.start, e."end", e.text FROM evidence e '
            'JOIN records r ON r.id = e.record_id WHERE e.article_id = ? ORDER BY e.start, e."end"',
            (article_id,),
        ).fetchall()
        return [dict(r) for r in rows]

    def counts(self) -> dict[str, int]:
        """Return the number of articles, rejections and records of each kind."""
        out = {
            "articles": self.conn.execute("SELECT count(*) FROM articles").fetchone()[0],
            "duplicates": self.conn.execute(
                "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"
            ).fetchone()[0],
            "rejections": self.conn.execute("SELECT count(*) FROM rejections").fetchone()[0],
        }
        for kind in RECORD_KINDS:
            out[kind] = 0
        for kind, n in self.conn.execute("SELECT kind, count(*) FROM records GROUP BY kind"):
            out[kind] = n
        return out

    def counts_by_article(self) -> dict[str, dict[str, int]]:
        """Return, for each article with records, the number of its records of each kind."""
        out: dict[str, dict[str, int]] = {}
        for article_id, kind, n in self.conn.execute(
            "SELECT article_id, kind, count(*) FROM records WHERE article_id IS NOT NULL "
            "GROUP BY article_id, kind"
        ):
            out.setdefault(article_id, {})[kind] = n
        return out

    # -------------------------------------------------------------------- search
    def search(
        self, query: str, kinds: Sequence[str] = SEARCH_KINDS, limit: int = 20, offset: int = 0
    ) -> SearchResult:
        """Search articles, quotes and claims for ``query`` (FTS5, BM25 ranking)."""
        match = fts5_query(query)
        wanted = [k for k in kinds if k in SEARCH_KINDS]
        if match is None or not wanted:
            return SearchResult([], 0, {})
        by_kind: dict[str, int] = dict(
            self.conn.execute(
                "SELECT kind, count(*) FROM search_index WHERE search_index MATCH ? GROUP BY kind", (match,)
            ).fetchall()
        )
        marks = ",".join("?" * len(wanted))
        # Title matches weigh twice body matches (bm25 takes one weight per column).
        rows = self.conn.execute(
            "SELECT search_index.kind, search_index.id, search_index.article_id, "
            "coalesce(a.title, '') AS title, coalesce(a.outlet, '') AS outlet, a.published, "
            "snippet(search_index, -1, char(2), char(3), '…', 24) AS snippet, "
            "bm25(search_index, 0, 0, 0, 2.0, 1.0) AS rank "
            "FROM search_index LEFT JOIN articles a ON a.id = search_index.article_id "
            f"WHERE search_index MATCH ? AND search_index.kind IN ({marks}) "
            "ORDER BY rank LIMIT ? OFFSET ?",
            (match, *wanted, limit, offset),
        ).fetchall()
        hits = [SearchHit(**dict(r)) for r in rows]
        return SearchResult(hits, sum(by_kind.get(k, 0) for k in wanted), by_kind)

    # ----------------------------------------------------------------- overrides
    def add_override(self, kind: str, subject: str, obj: str, action: str, note: str = "") -> None:
        """Record a user decision that re-runs must respect."""
        self.conn.execute(
            "INSERT OR IGNORE INTO overrides (kind, subject, object, action, note, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (kind, subject, obj, action, note, _now()),
        )

    def overrides(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Return recorded overrides."""
        if kind is None:
            rows = self.conn.execute("SELECT * FROM overrides ORDER BY id").fetchall()
        else:
            rows = self.conn.execute("SELECT * FROM overrides WHERE kind = ? ORDER BY id", (kind,)).fetchall()
        return [dict(r) for r in rows]

    # ---------------------------------------------------------------- bulk work
    def batch(self) -> _Transaction:
        """Return one ``BEGIN IMMEDIATE`` … ``COMMIT`` around every write inside it (all or nothing)."""
        return self._tx()

    def analysis_status(self, analyzed_hash: str) -> tuple[int, int]:
        """Return ``(stored, pending)``: all articles, and those not analysed under ``analyzed_hash``."""
        row = self.conn.execute(
            "SELECT count(*), coalesce(sum(analyzed_hash IS NOT ?), 0) FROM articles", (analyzed_hash,)
        ).fetchone()
        return int(row[0]), int(row[1])

    def pending_articles(self, analyzed_hash: str) -> Iterator[Article]:
        """Yield, in ingestion order, the articles not analysed under ``analyzed_hash``, a page at a time."""
        after = 0
        while True:
            rows = self.conn.execute(
                f"SELECT {_ARTICLE_COLUMNS}, seq FROM articles "
                "WHERE seq > ? AND analyzed_hash IS NOT ? ORDER BY seq LIMIT ?",
                (after, analyzed_hash, PAGE_SIZE),
            ).fetchall()
            if not rows:
                return
            after = rows[-1]["seq"]
            yield from (self._article(r) for r in rows)


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on error (the connection is in autocommit mode)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.nested = False

    def __enter__(self) -> _Transaction:
        self.nested = self.conn.in_transaction
        if not self.nested:
            self.conn.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if self.nested:
            return
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")


def _statements(sql: str) -> list[str]:
    """Split a migration into statements; a trigger's ``BEGIN … END`` stays whole."""
    out: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        if not buffer and line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            out.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        out.append(buffer.strip())
    return out
