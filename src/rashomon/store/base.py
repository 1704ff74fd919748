"""The store interface that every back end implements, and :func:`open_store` that picks one."""

from __future__ import annotations

import abc
import contextlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from rashomon.errors import StoreError
from rashomon.model import RECORD_KINDS, Article, Rejection, from_dict, iter_evidence, kind_of, to_dict

__all__ = [
    "MARK_END",
    "MARK_START",
    "SEARCH_KINDS",
    "RecordRow",
    "SearchHit",
    "SearchResult",
    "Store",
    "StoredArticle",
    "open_store",
]

#: What full-text search covers: whole articles (title and text), quotes and claims.
SEARCH_KINDS = ("article", "quote", "claim")
#: Characters that bracket each matched term in :attr:`SearchHit.snippet` (never in article text).
MARK_START = "\x02"
MARK_END = "\x03"


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored, with its analysis status."""

    article: Article
    analyzed_hash: str | None
    ingested_at: str


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One full-text search match.

    ``snippet`` is an excerpt of the matching text with each matched term between
    :data:`MARK_START` and :data:`MARK_END`; ``rank`` orders hits, lower is better.
    """

    kind: str
    id: str
    article_id: str
    title: str
    outlet: str
    published: str | None
    snippet: str
    rank: float


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A page of search hits, the total number of matches and the matches per kind."""

    hits: list[SearchHit]
    total: int
    by_kind: dict[str, int]


@dataclass(frozen=True, slots=True)
class RecordRow:
    """A record serialised for storage, made where the record was made (a worker process).

    Strings and tuples cross process boundaries far faster than record objects, and the
    serialising work is done in parallel rather than by the one process that writes.

    Attributes:
        id: The record's id.
        kind: Its kind (``"quote"``, ``"claim"``…).
        stage: The stage that produced it.
        payload: The record as JSON (:func:`~rashomon.model.to_dict`).
        evidence: ``(article_id, sentence_index, start, end, text)`` of each evidence span.
    """

    id: str
    kind: str
    stage: str
    payload: str
    evidence: tuple[tuple[str, int, int, int, str], ...] = ()

    @classmethod
    def of(cls, stage: str, record: object) -> RecordRow:
        """Serialise ``record`` produced by ``stage``.

        Raises:
            StoreError: if the record has no id.
        """
        rid = getattr(record, "id", None)
        if not rid:
            raise StoreError(f"{type(record).__name__} from {stage} has no id; every stored record needs one")
        evidence = tuple(
            (e.article_id, e.sentence_index, e.start, e.end, e.text) for e in iter_evidence([record])
        )
        return cls(rid, kind_of(record), stage, json.dumps(to_dict(record), ensure_ascii=False), evidence)

    def record(self) -> Any:
        """Return the record this row holds."""
        return from_dict(RECORD_KINDS[self.kind], json.loads(self.payload))


class Store(abc.ABC):
    """What the pipeline, report, export, API and web UI need from a database.

    Writes are transactional per article: :meth:`save_article_records` replaces all of an
    article's per-article records at once, so a run killed mid-way leaves every article
    either fully analysed or untouched.
    """

    url: str

    # -- runs
    @abc.abstractmethod
    def start_run(self, config_text: str) -> str:
        """Record a new run with its resolved configuration; return its id."""

    @abc.abstractmethod
    def finish_run(self, run_id: str, status: str, stats: Mapping[str, Any]) -> None:
        """Mark ``run_id`` finished with ``status`` (``ok``, ``partial``, ``failed``) and its figures."""

    @abc.abstractmethod
    def runs(self) -> list[dict[str, Any]]:
        """Return every run, newest first."""

    # -- articles
    @abc.abstractmethod
    def add_article(self, article: Article, raw: bytes | None = None, minhash: bytes | None = None) -> bool:
        """Store ``article`` unless its id is present; return whether it was new."""

    @abc.abstractmethod
    def set_duplicate(self, article_id: str, duplicate_of: str | None, score: float | None) -> None:
        """Link ``article_id`` as a near-copy of ``duplicate_of`` (or unlink with ``None``)."""

    @abc.abstractmethod
    def get_article(self, article_id: str) -> Article | None:
        """Return the article ``article_id``, or ``None``."""

    @abc.abstractmethod
    def articles(self, ids: Sequence[str] | None = None) -> Iterator[Article]:
        """Yield stored articles in ingestion order (only ``ids`` when given)."""

    @abc.abstractmethod
    def article_headers(self) -> list[dict[str, Any]]:
        """Return every article's metadata without its text, in ingestion order.

        Each dictionary has the :class:`Article` fields except ``text``, plus ``length``
        (characters of text), ``analyzed`` (whether any run analysed it) and ``ingested_at``.
        """

    @abc.abstractmethod
    def stored_articles(self) -> Iterator[StoredArticle]:
        """Yield every article with its analysis status, in ingestion order."""

    @abc.abstractmethod
    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """Yield ``(article_id, minhash bytes)`` for every article that has a signature."""

    @abc.abstractmethod
    def add_rejection(self, rejection: Rejection, run_id: str | None = None) -> None:
        """Record that an input was rejected (once per source and reason)."""

    @abc.abstractmethod
    def rejections(self) -> list[Rejection]:
        """Return every recorded rejection."""

    # -- records
    @abc.abstractmethod
    def save_article_records(
        self,
        article_id: str,
        records: Iterable[tuple[str, object]],
        analyzed_hash: str,
        run_id: str,
        sentences: Sequence[tuple[int, int]] = (),
    ) -> None:
        """Replace the per-article records of ``article_id`` in one transaction.

        ``records`` are ``(stage name, record)`` pairs.

        ``sentences`` are the (start, end) offsets of the article's sentences, kept so that
        every evidence span can link to its whole sentence.
        """

    @abc.abstractmethod
    def sentences(self, article_id: str) -> list[tuple[int, int]]:
        """Return the (start, end) offsets of the sentences of ``article_id`` (empty before analysis)."""

    @abc.abstractmethod
    def replace_stage_records(self, stage: str, records: Iterable[object], run_id: str) -> int:
        """Replace every record produced by corpus stage ``stage``; return how many were written."""

    @abc.abstractmethod
    def records(self, kind: str, article_id: str | None = None) -> Iterator[Any]:
        """Yield the stored records of ``kind`` (as model records), optionally of one article."""

    @abc.abstractmethod
    def record_dicts(self, kind: str, article_id: str | None = None) -> Iterator[dict[str, Any]]:
        """Yield the stored records of ``kind`` as JSON-ready dictionaries."""

    @abc.abstractmethod
    def get_record(self, record_id: str) -> dict[str, Any] | None:
        """Return one record as a dictionary with its ``kind``, or ``None``."""

    @abc.abstractmethod
    def find_record(self, record_id: str) -> tuple[str, dict[str, Any]] | None:
        """Return ``(kind, record as a dictionary)`` for ``record_id``, or ``None``.

        Unlike :meth:`get_record`, the stored kind never collides with a record field
        that is itself called ``kind`` (claims and signals have one).
        """

    @abc.abstractmethod
    def evidence_in(self, article_id: str) -> list[dict[str, Any]]:
        """Return every evidence span in ``article_id`` with the record id and kind it supports."""

    @abc.abstractmethod
    def counts(self) -> dict[str, int]:
        """Return the number of articles, rejections and records of each kind."""

    @abc.abstractmethod
    def counts_by_article(self) -> dict[str, dict[str, int]]:
        """Return, for each article with records, the number of its records of each kind."""

    # -- search
    @abc.abstractmethod
    def search(
        self, query: str, kinds: Sequence[str] = SEARCH_KINDS, limit: int = 20, offset: int = 0
    ) -> SearchResult:
        """Search articles, quotes and claims for ``query``, best match first.

        ``query`` is what a user types: words (all must match, stemmed), ``"quoted
        phrases"``, ``or`` between alternatives and ``-word`` to exclude. Input that
        holds no word gives no hits, never an error.
        """

    # -- overrides
    @abc.abstractmethod
    def add_override(self, kind: str, subject: str, obj: str, action: str, note: str = "") -> None:
        """Record a user decision (for example ``split`` two actors) that re-runs must respect."""

    @abc.abstractmethod
    def overrides(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Return recorded overrides."""

    @abc.abstractmethod
    def generation(self) -> int:
        """Return a number that every committed write to articles, records or overrides increases.

        Equal numbers mean nothing changed in between, so a reader may keep what it derived.
        """

    @abc.abstractmethod
    def schema_version(self) -> int:
        """Return the newest applied migration version."""

    @abc.abstractmethod
    def close(self) -> None:
        """Close the connection."""

    # -- bulk work (the pipeline's defaults here are correct for any back end; SQL ones override)
    def batch(self) -> AbstractContextManager[object]:
        """Return a context in which writes are committed together: all of them, or none.

        The pipeline stores a batch of analysed articles inside one; a run killed during
        the batch leaves every article of it unanalysed, so a re-run redoes exactly those.
        """
        return contextlib.nullcontext()

    def save_article_rows(
        self,
        article_id: str,
        rows: Sequence[RecordRow],
        analyzed_hash: str,
        run_id: str,
        sentences: Sequence[tuple[int, int]] = (),
    ) -> None:
        """Replace the per-article records of ``article_id`` with serialised ``rows`` (one transaction).

        The same as :meth:`save_article_records`; back ends write the rows as they are.
        """
        self.save_article_records(
            article_id, [(r.stage, r.record()) for r in rows], analyzed_hash, run_id, sentences
        )

    def analysis_status(self, analyzed_hash: str) -> tuple[int, int]:
        """Return ``(stored, pending)``: all articles, and those not analysed under ``analyzed_hash``."""
        stored = pending = 0
        for item in self.stored_articles():
            stored += 1
            pending += item.analyzed_hash != analyzed_hash
        return stored, pending

    def pending_articles(self, analyzed_hash: str) -> Iterator[Article]:
        """Yield, in ingestion order, the articles not analysed under ``analyzed_hash``.

        The articles are read a page at a time, so memory does not grow with the store, and
        writes between pages (the pipeline storing results) are allowed.
        """
        for item in self.stored_articles():
            if item.analyzed_hash != analyzed_hash:
                yield item.article

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(url: str) -> Store:
    """Open the store at ``url``: a file path (SQLite) or ``postgresql://…``.

    Raises:
        StoreError: if the back end is unknown or cannot be opened.
    """
    if url.startswith(("postgresql://", "postgres://")):
        try:
            from rashomon.store.postgres import PostgresStore  # type: ignore[import-not-found,unused-ignore]
        except ImportError as exc:
            raise StoreError(
                f"PostgreSQL store unavailable ({exc}); install the extra: pip install 'rashomon[postgres]'"
            ) from None
        store: Store = PostgresStore(url)
        return store
    from rashomon.store.sqlite import SQLiteStore

    path = url.removeprefix("sqlite:///").removeprefix("sqlite://")
    return SQLiteStore(path)
