"""The shared-server store: the same :class:`~rashomon.store.base.Store` on PostgreSQL (psycopg 3).

Open it with ``open_store("postgresql://user@host/db")`` or ``--db postgresql://…``. The
schema comes from ``migrations/postgres/`` (the same tables as the SQLite store, plus
generated ``tsvector`` columns for full-text search). Each thread gets its own connection,
so a server's request threads read while a pipeline job writes; every article's records
are written in one transaction, and readers see either all of them or none.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any

try:
    import psycopg
    from psycopg.rows import dict_row
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(f"{exc}; install the extra: pip install 'rashomon[postgres]'") from None

from rashomon.errors import StoreError
from rashomon.model import RECORD_KINDS, Article, Rejection, from_dict, iter_evidence, kind_of, to_dict
from rashomon.store.base import (
    MARK_END,
    MARK_START,
    SEARCH_KINDS,
    SearchHit,
    SearchResult,
    Store,
    StoredArticle,
)
from rashomon.store.search import fts5_query
from rashomon.store.sqlite import migrations

__all__ = ["PostgresStore"]

logger = logging.getLogger(__name__)

_ARTICLE_FIELDS = (
    "id",
    "text",
    "title",
    "source",
    "url",
    "outlet",
    "author",
    "published",
    "format",
    "language",
    "duplicate_of",
    "duplicate_score",
)
_ARTICLE_COLUMNS = ", ".join(_ARTICLE_FIELDS)
#: Articles read per query when streaming the pending ones (bounded memory, few round trips).
PAGE_SIZE = 256
# A lock id of our own, so two processes opening a new database migrate it one at a time.
_MIGRATION_LOCK = 0x5241_5348
# ts_headline options: the same excerpt length and markers as SQLite's snippet().
_HEADLINE = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, MaxFragments=1"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class PostgresStore(Store):
    """A :class:`~rashomon.store.base.Store` in a PostgreSQL database.

    Args:
        url: A libpq connection URL (``postgresql://user:password@host:5432/dbname``).

    Raises:
        StoreError: if the server cannot be reached or the schema cannot be migrated.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()
        self._all: list[psycopg.Connection[dict[str, Any]]] = []
        self._lock = threading.Lock()
        try:
            self._migrate()
        except psycopg.Error as exc:
            self.close()
            raise StoreError(
                f"cannot use PostgreSQL at {_redact(url)} ({str(exc).strip()}); check that the server "
                "runs and the URL names an existing database you may write to"
            ) from None

    # ------------------------------------------------------------------ plumbing
    @property
    def conn(self) -> psycopg.Connection[dict[str, Any]]:
        """This thread's connection (opened on first use, in autocommit mode)."""
        conn: psycopg.Connection[dict[str, Any]] | None = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            conn = psycopg.connect(self.url, autocommit=True, row_factory=dict_row)
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def _tx(self) -> AbstractContextManager[Any]:
        return self.conn.transaction()

    def _migrate(self) -> None:
        with self._tx():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)"
            )
            done = {r["version"] for r in self.conn.execute("SELECT version FROM schema_migrations")}
            for version, name, sql in migrations("postgres"):
                if version in done:
                    continue
                logger.info("applying migration %s", name)
                self.conn.execute(sql.encode("utf-8"))
                self.conn.execute(
                    "INSERT INTO schema_migrations VALUES (%s, %s, %s)", (version, name, _now())
                )

    def generation(self) -> int:
        """Return a number that every committed write to articles, records or overrides increases."""
        row = self.conn.execute("SELECT value FROM store_generation WHERE id = 1").fetchone()
        return int(row["value"]) if row else 0

    def schema_version(self) -> int:
        """Return the newest applied migration version."""
        row = self.conn.execute("SELECT max(version) AS v FROM schema_migrations").fetchone()
        return int(row["v"] or 0) if row else 0

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
            "INSERT INTO runs (id, started_at, config) VALUES (%s, %s, %s)", (run_id, _now(), config_text)
        )
        return run_id

    def finish_run(self, run_id: str, status: str, stats: Mapping[str, Any]) -> None:
        """Mark ``run_id`` finished."""
        self.conn.execute(
            "UPDATE runs SET finished_at = %s, status = %s, stats = %s WHERE id = %s",
            (_now(), status, json.dumps(dict(stats), default=str), run_id),
        )

    def runs(self) -> list[dict[str, Any]]:
        """Return every run, newest first."""
        rows = self.conn.execute(
            "SELECT id, started_at, finished_at, status, config, stats FROM runs "
            "ORDER BY started_at DESC, seq DESC"
        ).fetchall()
        return [{**r, "stats": json.loads(r["stats"])} for r in rows]

    # ------------------------------------------------------------------ articles
    def add_article(self, article: Article, raw: bytes | None = None, minhash: bytes | None = None) -> bool:
        """Store ``article`` unless its id is present; return whether it was new."""
        cur = self.conn.execute(
            f"INSERT INTO articles ({_ARTICLE_COLUMNS}, raw, minhash, ingested_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (id) DO NOTHING",
            (*(getattr(article, f) for f in _ARTICLE_FIELDS), raw, minhash, _now()),
        )
        return cur.rowcount == 1

    def set_duplicate(self, article_id: str, duplicate_of: str | None, score: float | None) -> None:
        """Link ``article_id`` as a near-copy of ``duplicate_of``."""
        self.conn.execute(
            "UPDATE articles SET duplicate_of = %s, duplicate_score = %s WHERE id = %s",
            (duplicate_of, score, article_id),
        )

    @staticmethod
    def _article(row: Mapping[str, Any]) -> Article:
        return Article(**{k: row[k] for k in _ARTICLE_FIELDS})

    def get_article(self, article_id: str) -> Article | None:
        """Return the article ``article_id``, or ``None``."""
        row = self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = %s", (article_id,)
        ).fetchone()
        return None if row is None else self._article(row)

    def articles(self, ids: Sequence[str] | None = None) -> Iterator[Article]:
        """Yield stored articles in ingestion order (only ``ids`` when given)."""
        if ids is None:
            rows = self.conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY seq").fetchall()
        else:
            rows = self.conn.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ANY(%s) ORDER BY seq", (list(ids),)
            ).fetchall()
        yield from (self._article(r) for r in rows)

    def article_headers(self) -> list[dict[str, Any]]:
        """Return every article's metadata without its text, in ingestion order."""
        columns = ", ".join(f for f in _ARTICLE_FIELDS if f != "text")
        rows = self.conn.execute(
            f"SELECT {columns}, length(text) AS length, analyzed_hash IS NOT NULL AS analyzed, ingested_at "
            "FROM articles ORDER BY seq"
        ).fetchall()
        return [dict(r) for r in rows]

    def stored_articles(self) -> Iterator[StoredArticle]:
        """Yield every article with its analysis status, in ingestion order."""
        rows = self.conn.execute(
            f"SELECT {_ARTICLE_COLUMNS}, analyzed_hash, ingested_at FROM articles ORDER BY seq"
        ).fetchall()
        for row in rows:
            yield StoredArticle(self._article(row), row["analyzed_hash"], row["ingested_at"])

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """Yield ``(article_id, minhash bytes)`` for every article that has a signature."""
        rows = self.conn.execute(
            "SELECT id, minhash FROM articles WHERE minhash IS NOT NULL ORDER BY seq"
        ).fetchall()
        for row in rows:
            yield row["id"], bytes(row["minhash"])

    def add_rejection(self, rejection: Rejection, run_id: str | None = None) -> None:
        """Record that an input was rejected (once per source and reason)."""
        self.conn.execute(
            "INSERT INTO rejections (source, reason, fix, run_id, rejected_at) VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT (source, reason) "
            "DO UPDATE SET run_id = excluded.run_id, rejected_at = excluded.rejected_at",
            (rejection.source, rejection.reason, rejection.fix, run_id, _now()),
        )

    def rejections(self) -> list[Rejection]:
        """Return every recorded rejection."""
        rows = self.conn.execute("SELECT source, reason, fix FROM rejections ORDER BY source").fetchall()
        return [Rejection(r["source"], r["reason"], r["fix"]) for r in rows]

    # ------------------------------------------------------------------- records
    def _insert(self, stage: str, record: object, article_id: str | None, run_id: str, scope: str) -> None:
        rid = getattr(record, "id", None)
        if not rid:
            raise StoreError(f"{type(record).__name__} from {stage} has no id; every stored record needs one")
        payload = json.dumps(to_dict(record), ensure_ascii=False)
        # Delete then insert (not ON CONFLICT UPDATE): a replaced record moves to the end of the
        # insertion order, as SQLite's INSERT OR REPLACE does; its evidence goes by cascade.
        self.conn.execute("DELETE FROM records WHERE id = %s", (rid,))
        self.conn.execute(
            "INSERT INTO records (id, kind, stage, scope, article_id, run_id, payload) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s)",
            (rid, kind_of(record), stage, scope, article_id, run_id, payload),
        )
        rows = [
            (rid, i, e.article_id, e.sentence_index, e.start, e.end, e.text)
            for i, e in enumerate(iter_evidence([record]))
        ]
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(
                    'INSERT INTO evidence (record_id, seq, article_id, sentence_index, start, "end", text) '
                    "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    rows,
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
            self.conn.execute(
                "DELETE FROM records WHERE article_id = %s AND scope = 'article'", (article_id,)
            )
            for stage, record in records:
                self._insert(stage, record, article_id, run_id, "article")
            self.conn.execute(
                "UPDATE articles SET analyzed_hash = %s, analyzed_run = %s, sentences = %s WHERE id = %s",
                (analyzed_hash, run_id, json.dumps([list(s) for s in sentences]), article_id),
            )

    def sentences(self, article_id: str) -> list[tuple[int, int]]:
        """Return the (start, end) offsets of the sentences of ``article_id``."""
        row = self.conn.execute("SELECT sentences FROM articles WHERE id = %s", (article_id,)).fetchone()
        if row is None or not row["sentences"]:
            return []
        return [(s, e) for s, e in json.loads(row["sentences"])]

    def replace_stage_records(self, stage: str, records: Iterable[object], run_id: str) -> int:
        """Replace every record produced by corpus stage ``stage``; return how many were written."""
        n = 0
        with self._tx():
            self.conn.execute("DELETE FROM records WHERE stage = %s", (stage,))
            for record in records:
                self._insert(stage, record, getattr(record, "article_id", None), run_id, "corpus")
                n += 1
        return n

    def _payloads(self, kind: str, article_id: str | None) -> list[str]:
        if kind not in RECORD_KINDS:
            raise StoreError(f"unknown record kind {kind!r}; known kinds: {', '.join(RECORD_KINDS)}")
        if article_id is None:
            rows = self.conn.execute(
                "SELECT payload FROM records WHERE kind = %s ORDER BY seq", (kind,)
            ).fetchall()
        else:
            rows = self.conn.execute(
                "SELECT payload FROM records WHERE kind = %s AND article_id = %s ORDER BY seq",
                (kind, article_id),
            ).fetchall()
        return [r["payload"] for r in rows]

    def records(self, kind: str, article_id: str | None = None) -> Iterator[Any]:
        """Yield the stored records of ``kind`` as model records."""
        payloads = self._payloads(kind, article_id)
        cls = RECORD_KINDS[kind]
        for payload in payloads:
            yield from_dict(cls, json.loads(payload))

    def record_dicts(self, kind: str, article_id: str | None = None) -> Iterator[dict[str, Any]]:
        """Yield the stored records of ``kind`` as dictionaries."""
        payloads = self._payloads(kind, article_id)
        for payload in payloads:
            yield json.loads(payload)

    def get_record(self, record_id: str) -> dict[str, Any] | None:
        """Return one record as a dictionary with its ``kind``, or ``None``."""
        row = self.conn.execute("SELECT kind, payload FROM records WHERE id = %s", (record_id,)).fetchone()
        return None if row is None else {"kind": row["kind"], **json.loads(row["payload"])}

    def find_record(self, record_id: str) -> tuple[str, dict[str, Any]] | None:
        """Return ``(kind, record as a dictionary)`` for ``record_id``, or ``None``."""
        row = self.conn.execute("SELECT kind, payload FROM records WHERE id = %s", (record_id,)).fetchone()
        return None if row is None else (row["kind"], json.loads(row["payload"]))

    def evidence_in(self, article_id: str) -> list[dict[str, Any]]:
        """Return every evidence span in ``article_id`` with the record id and kind it supports."""
        rows = self.conn.execute(
            'SELECT e.record_id, r.kind, e.sentence_index, e.start, e."end", e.text FROM evidence e '
            "JOIN records r ON r.id = e.record_id WHERE e.article_id = %s "
            'ORDER BY e.start, e."end", r.seq, e.seq',
            (article_id,),
        ).fetchall()
        return [dict(r) for r in rows]

    def counts(self) -> dict[str, int]:
        """Return the number of articles, rejections and records of each kind."""
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM articles) AS articles, "
            "(SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL) AS duplicates, "
            "(SELECT count(*) FROM rejections) AS rejections"
        ).fetchone()
        out: dict[str, int] = {k: int(v) for k, v in (row or {}).items()}
        for kind in RECORD_KINDS:
            out[kind] = 0
        for r in self.conn.execute("SELECT kind, count(*) AS n FROM records GROUP BY kind"):
            out[r["kind"]] = int(r["n"])
        return out

    def counts_by_article(self) -> dict[str, dict[str, int]]:
        """Return, for each article with records, the number of its records of each kind."""
        out: dict[str, dict[str, int]] = {}
        for r in self.conn.execute(
            "SELECT article_id, kind, count(*) AS n FROM records WHERE article_id IS NOT NULL "
            "GROUP BY article_id, kind"
        ):
            out.setdefault(r["article_id"], {})[r["kind"]] = int(r["n"])
        return out

    # -------------------------------------------------------------------- search
    def search(
        self, query: str, kinds: Sequence[str] = SEARCH_KINDS, limit: int = 20, offset: int = 0
    ) -> SearchResult:
        """Search articles, quotes and claims for ``query`` (``websearch_to_tsquery``, ``ts_rank``)."""
        wanted = [k for k in kinds if k in SEARCH_KINDS]
        # The same reading as SQLite's: a query with no word to look for (only "-word") finds nothing.
        if fts5_query(query) is None or not wanted:
            return SearchResult([], 0, {})
        matches = (
            "WITH q AS (SELECT websearch_to_tsquery('english', %(q)s) AS q), "
            "m AS ("
            "  SELECT 'article' AS kind, a.id, a.id AS article_id, ts_rank(a.search, q.q) AS score, "
            "         a.title || E'\\n' || a.text AS body, a.seq AS ord "
            "  FROM articles a, q WHERE a.search @@ q.q "
            "  UNION ALL "
            "  SELECT r.kind, r.id, r.article_id, ts_rank(r.search, q.q) AS score, "
            "         coalesce((r.payload::jsonb #>> '{speaker,name}') || ': ', '') "
            "         || coalesce(r.payload::jsonb ->> 'content', r.payload::jsonb ->> 'text', '') AS body, "
            "         r.seq AS ord "
            "  FROM records r, q WHERE r.search @@ q.q"
            ") "
        )
        params: dict[str, Any] = {"q": query, "kinds": wanted, "limit": limit, "offset": offset}
        by_kind = {
            r["kind"]: int(r["n"])
            for r in self.conn.execute(matches + "SELECT kind, count(*) AS n FROM m GROUP BY kind", params)
        }
        rows = self.conn.execute(
            matches + "SELECT m.kind, m.id, m.article_id, coalesce(a.title, '') AS title, "
            "coalesce(a.outlet, '') AS outlet, a.published, "
            "ts_headline('english', m.body, q.q, %(headline)s) AS snippet, -m.score AS rank "
            "FROM m CROSS JOIN q LEFT JOIN articles a ON a.id = m.article_id "
            "WHERE m.kind = ANY(%(kinds)s) ORDER BY m.score DESC, m.ord LIMIT %(limit)s OFFSET %(offset)s",
            {**params, "headline": _HEADLINE},
        ).fetchall()
        hits = [SearchHit(**r) for r in rows]
        return SearchResult(hits, sum(by_kind.get(k, 0) for k in wanted), by_kind)

    # ----------------------------------------------------------------- overrides
    def add_override(self, kind: str, subject: str, obj: str, action: str, note: str = "") -> None:
        """Record a user decision that re-runs must respect."""
        self.conn.execute(
            "INSERT INTO overrides (kind, subject, object, action, note, created_at) "
            "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (kind, subject, obj, action, note, _now()),
        )

    def overrides(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Return recorded overrides."""
        if kind is None:
            rows = self.conn.execute(
                "SELECT id, kind, subject, object, action, note, created_at FROM overrides ORDER BY id"
            ).fetchall()
        else:
            rows = self.conn.execute(
                "SELECT id, kind, subject, object, action, note, created_at FROM overrides "
                "WHERE kind = %s ORDER BY id",
                (kind,),
            ).fetchall()
        return [dict(r) for r in rows]

    # ---------------------------------------------------------------- bulk work
    def batch(self) -> AbstractContextManager[Any]:
        """Return one transaction around every write inside it (all or nothing; inner ones nest)."""
        return self._tx()

    def analysis_status(self, analyzed_hash: str) -> tuple[int, int]:
        """Return ``(stored, pending)``: all articles, and those not analysed under ``analyzed_hash``."""
        row = self.conn.execute(
            "SELECT count(*) AS stored, count(*) FILTER (WHERE analyzed_hash IS DISTINCT FROM %s) AS pending "
            "FROM articles",
            (analyzed_hash,),
        ).fetchone()
        return (int(row["stored"]), int(row["pending"])) if row else (0, 0)

    def pending_articles(self, analyzed_hash: str) -> Iterator[Article]:
        """Yield, in ingestion order, the articles not analysed under ``analyzed_hash``, a page at a time."""
        after = 0
        while True:
            rows = self.conn.execute(
                f"SELECT {_ARTICLE_COLUMNS}, seq FROM articles "
                "WHERE seq > %s AND analyzed_hash IS DISTINCT FROM %s ORDER BY seq LIMIT %s",
                (after, analyzed_hash, PAGE_SIZE),
            ).fetchall()
            if not rows:
                return
            after = rows[-1]["seq"]
            yield from (self._article(r) for r in rows)


def _redact(url: str) -> str:
    """Return ``url`` with any password replaced by ``***``."""
    scheme, sep, rest = url.partition("://")
    creds, at, host = rest.rpartition("@")
    if not at or ":" not in creds:
        return url
    return f"{scheme}{sep}{creds.split(':', 1)[0]}:***@{host}"
