"""The pipeline: ingest inputs, run the article stages in batches, store, then run the corpus stages.

Typical use::

    from rashomon import Pipeline, open_store

    with open_store("crisis.db") as store:
        report = Pipeline().run(["articles/"], store)
        print(report.summary())

Guarantees: the records of a batch of analysed articles are written in one all-or-nothing
transaction, together with each article's "analysed" mark, so a run killed at any point
resumes where it stopped (the articles of an interrupted batch are simply analysed again);
articles already analysed under the same configuration are skipped, so a re-run duplicates
nothing; a bad input or a stage failure on one article is recorded and the rest of the batch
goes on.

Speed: with ``[run] n_process = N`` (``--workers N``) the article stages run in N worker
processes, each loading the stages and the spaCy model once, started as soon as the run
has new work so that their start-up overlaps ingestion. The parent process reads inputs,
stores results and never holds more than a few batches: pending articles are read from
the store a page at a time. Each run's report carries the CPU seconds spent in every stage
(summed over workers) and in storing, and the wall-clock seconds of each phase (see
``docs/performance.md``).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Protocol

from rashomon.config import Config, dump_config, load_config
from rashomon.errors import ConfigError, StageError
from rashomon.ingest import Ingested, NearDuplicateIndex, minhash_of, read_inputs
from rashomon.ingest.duplicates import signature_bytes
from rashomon.model import ANNOTATION_KINDS, Article, Document, Rejection, kind_of
from rashomon.registry import StageSpec, get_stage, registered_stages
from rashomon.store import RecordRow, Store

__all__ = ["Analyzed", "Engine", "Pipeline", "RunReport", "WorkerPool", "load_builtin_stages"]

logger = logging.getLogger(__name__)

#: Packages whose modules register the built-in stages, in data-flow order.
STAGE_PACKAGES = ("rashomon.nlp", "rashomon.extract", "rashomon.fuse", "rashomon.analyze")

#: ``progress(phase, done, total)`` — phases: ``ingest``, ``analyze``, ``fuse``.
Progress = Callable[[str, int, int], None]


class Engine(Protocol):
    """Something that runs the article stages over a store's pending articles elsewhere.

    :meth:`Pipeline.run` ingests and runs the corpus stages itself, and hands the phase in
    between to an engine when given one (``rashomon.engines.ray_engine.RayEngine`` runs it
    on a Ray cluster). An engine stores every result with ``store.save_article_records``
    under ``pipeline.config.article_hash()``, as :meth:`Pipeline.analyze` does.
    """

    def analyze(
        self, pipeline: Pipeline, store: Store, run_id: str, report: RunReport, progress: Progress | None
    ) -> None:
        """Analyse every pending article of ``store`` and store the results; count them in ``report``."""


def load_builtin_stages() -> list[StageSpec]:
    """Import the stage packages so that their stages register; return every registered stage."""
    for name in STAGE_PACKAGES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return registered_stages()


@dataclass
class RunReport:
    """What a run did: counts of each outcome, rejections with their fixes, and timings."""

    run_id: str
    new_articles: int = 0
    already_stored: int = 0
    near_duplicates: int = 0
    analyzed: int = 0
    sentences: int = 0
    skipped: int = 0
    failed: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    corpus_records: dict[str, int] = field(default_factory=dict)
    corpus_input: str = ""
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether every input was accepted and every article analysed."""
        return not self.rejected and not self.failed

    def summary(self) -> str:
        """Return a one-line human summary of the run."""
        parts = [
            f"{self.new_articles} new article{'s' * (self.new_articles != 1)}",
            f"{self.already_stored} already stored",
            f"{self.near_duplicates} near-duplicate{'s' * (self.near_duplicates != 1)}",
            f"{self.analyzed} analyzed",
        ]
        if self.failed:
            parts.append(f"{self.failed} failed")
        parts.append(f"{len(self.rejected)} rejected")
        return ", ".join(parts)

    def stats(self) -> dict[str, Any]:
        """Return the figures as a JSON-ready mapping (stored with the run)."""
        return {
            "new_articles": self.new_articles,
            "already_stored": self.already_stored,
            "near_duplicates": self.near_duplicates,
            "analyzed": self.analyzed,
            "sentences": self.sentences,
            "skipped": self.skipped,
            "failed": self.failed,
            "rejected": len(self.rejected),
            "corpus_records": self.corpus_records,
            "corpus_input": self.corpus_input,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }


class Pipeline:
    """An ordered list of registered stages with their resolved options.

    Args:
        config: A resolved configuration; ``None`` loads the embedded defaults.

    Raises:
        ConfigError: if the stage order cannot work (see :meth:`check`).
    """

    def __init__(self, config: Config | None = None) -> None:
        load_builtin_stages()
        self.config = config or load_config()
        self.specs = [get_stage(name) for name in self.config.stages]
        self.check()

    @property
    def article_specs(self) -> list[StageSpec]:
        """The stages that run per article or per batch of articles, in order."""
        return [s for s in self.specs if s.scope != "corpus"]

    @property
    def corpus_specs(self) -> list[StageSpec]:
        """The stages that run over the whole stored corpus, in order."""
        return [s for s in self.specs if s.scope == "corpus"]

    def check(self) -> None:
        """Prove, before anything runs, that every stage's inputs are produced by an earlier stage.

        Raises:
            ConfigError: naming the first unmet requirement and the stage that would meet it.
        """
        available = {"text", "article"}
        seen_corpus = False
        for spec in self.specs:
            if spec.scope == "corpus":
                seen_corpus = True
            elif seen_corpus:
                raise ConfigError(
                    f"{spec.name} runs per article but comes after a corpus stage; "
                    "move it before the fuse/analyze corpus stages in [pipeline].stages"
                )
            for need in spec.requires:
                if need not in available:
                    # A stage that refines an annotation (requires and assigns it) cannot provide it.
                    providers = [
                        s.name for s in registered_stages() if need in s.assigns and need not in s.requires
                    ]
                    fix = f"add {providers[0]!r} before it" if providers else "add a stage that assigns it"
                    raise ConfigError(f"{spec.name} needs {need!r}; {fix} in [pipeline].stages.")
            available.update(spec.assigns)

    # ------------------------------------------------------------------ phases
    def ingest(
        self,
        paths: Iterable[str | Path],
        store: Store,
        run_id: str,
        report: RunReport,
        progress: Progress | None = None,
        on_new: Callable[[], None] | None = None,
    ) -> None:
        """Read ``paths`` into ``store``: new articles, near-duplicate links and rejections.

        ``on_new`` is called after each new article is stored (the run uses it to start its
        worker processes as soon as there is work for them).
        """
        opts = self.config.ingest
        index = NearDuplicateIndex(opts.near_duplicate_threshold, opts.num_perm)
        for aid, blob in store.signatures():
            index.add_bytes(aid, blob)
        for done, item in enumerate(read_inputs(paths, opts), start=1):
            if isinstance(item, Rejection):
                store.add_rejection(item, run_id)
                report.rejected.append(item)
            else:
                self._ingest_one(item, store, index, report)
                if on_new is not None and report.new_articles:
                    on_new()
            if progress:
                progress("ingest", done, 0)

    def _ingest_one(self, item: Ingested, store: Store, index: NearDuplicateIndex, report: RunReport) -> None:
        article = item.article
        opts = self.config.ingest
        signature = minhash_of(article.text, opts.num_perm, opts.shingle_size)
        match = index.match(signature, exclude=article.id)
        if match is not None:
            article = _with_duplicate(article, match.article_id, match.similarity)
        if store.add_article(article, item.raw, signature_bytes(signature)):
            report.new_articles += 1
            index.add(article.id, signature)
            if match is not None:
                report.near_duplicates += 1
                logger.info(
                    "%s is a near-copy of %s (%.2f)", article.source, match.article_id, match.similarity
                )
        else:
            report.already_stored += 1

    def pending(self, store: Store) -> Iterator[Article]:
        """Yield the stored articles not yet analysed under this configuration, a page at a time."""
        return store.pending_articles(self.config.article_hash())

    def analyze(
        self,
        store: Store,
        run_id: str,
        report: RunReport,
        progress: Progress | None = None,
        workers: WorkerPool | None = None,
    ) -> None:
        """Run the article stages over every pending article, storing each batch in one transaction.

        Args:
            store: The store to read pending articles from and write records to.
            run_id: The run the records belong to.
            report: Counts and seconds are added to it.
            progress: Called as ``progress("analyze", done, total)``.
            workers: Started worker processes; ``None`` starts them here when ``[run] n_process``
                asks for more than one and there is more than one batch of work.
        """
        digest = self.config.article_hash()
        stored, todo = store.analysis_status(digest)
        report.skipped = stored - todo
        if not todo:
            return
        own = None
        if workers is None and self.config.run.n_process > 1 and todo > self.config.run.batch_size:
            workers = own = WorkerPool(self.config)
        timings: dict[str, float] = {}
        done = 0
        try:
            for results in self._analyzed(self.pending(store), timings, workers):
                started = time.process_time()
                with store.batch():
                    for result in results:
                        self._store_one(store, result, digest, run_id, report)
                timings["store"] = timings.get("store", 0.0) + time.process_time() - started
                done += len(results)
                if progress:
                    progress("analyze", done, todo)
        finally:
            if own is not None:
                own.close()
            for name, seconds in timings.items():
                report.seconds[name] = report.seconds.get(name, 0.0) + seconds

    def analyze_batch(
        self, articles: list[Article], timings: dict[str, float] | None = None
    ) -> list[Analyzed]:
        """Run the article stages over ``articles``; one article's failure does not fail the others.

        Args:
            articles: Articles analysed together (the parser batches them).
            timings: If given, the seconds spent in each stage are added to it.

        Returns:
            One :class:`Analyzed` per article, in order: its records, or the error that stopped it.
        """
        return _analyze_batch(self, articles, timings)

    def store_result(self, store: Store, result: Analyzed, run_id: str, report: RunReport) -> None:
        """Store one article's results (or its failure as a rejection) and count it in ``report``."""
        self._store_one(store, result, self.config.article_hash(), run_id, report)

    def _store_one(self, store: Store, result: Analyzed, digest: str, run_id: str, report: RunReport) -> None:
        if result.error is not None:
            report.failed += 1
            rejection = Rejection(result.article_id, str(result.error), "report it with the article attached")
            store.add_rejection(rejection, run_id)
            report.rejected.append(rejection)
            return
        store.save_article_rows(result.article_id, result.rows, digest, run_id, result.sentences)
        report.analyzed += 1
        report.sentences += len(result.sentences)

    def _analyzed(
        self, articles: Iterable[Article], timings: dict[str, float], workers: WorkerPool | None
    ) -> Iterator[list[Analyzed]]:
        """Yield the analysed batches of ``articles`` in order, in-process or from ``workers``."""
        batches = _batched(articles, self.config.run.batch_size)
        if workers is None:
            for batch in batches:
                yield _analyze_batch(self, batch, timings)
            return
        # At most two batches per worker are in flight, so memory stays flat however large
        # the corpus; results come back in submission order.
        pending: list[Future[tuple[list[Analyzed], dict[str, float]]]] = [
            workers.submit(batch) for batch in islice(batches, 2 * workers.size)
        ]
        while pending:
            results, spent = pending.pop(0).result()
            for name, seconds in spent.items():
                timings[name] = timings.get(name, 0.0) + seconds
            nxt = next(batches, None)
            if nxt is not None:
                pending.append(workers.submit(nxt))
            yield results

    def annotate_many(
        self, articles: Sequence[Article], timings: dict[str, float] | None = None
    ) -> list[Document]:
        """Run the article stages over ``articles`` and return the annotated documents.

        Args:
            articles: The articles to annotate, parsed together.
            timings: If given, the CPU seconds spent in each stage are added to it, by stage name
                (CPU rather than wall-clock time, so that a busy machine does not inflate them).

        Raises:
            StageError: if a stage fails on an article.
        """
        docs = [Document(a) for a in articles]
        for spec in self.article_specs:
            options = self.config.options_for(spec.name)
            started = time.process_time()
            if spec.scope == "batch":
                for doc, values in zip(docs, spec.func(docs, options), strict=True):
                    _assign(doc, spec, values)
            else:
                for doc in docs:
                    try:
                        value = spec.func(doc, options)
                    except Exception as exc:
                        raise StageError(spec.name, doc.article.id, f"{type(exc).__name__}: {exc}") from exc
                    _assign(doc, spec, value if len(spec.assigns) != 1 else {spec.assigns[0]: value})
            if timings is not None:
                timings[spec.name] = timings.get(spec.name, 0.0) + time.process_time() - started
        return docs

    def annotate(self, article: Article) -> Document:
        """Run the article stages over one article and return the annotated document."""
        return self.annotate_many([article])[0]

    def run_corpus(
        self, store: Store, run_id: str, report: RunReport, progress: Progress | None = None
    ) -> None:
        """Run the corpus stages in order, each replacing its previous output in the store."""
        for i, spec in enumerate(self.corpus_specs, start=1):
            started = time.process_time()
            records = list(spec.func(store, self.config.options_for(spec.name)))
            report.corpus_records[spec.name] = store.replace_stage_records(spec.name, records, run_id)
            report.seconds[spec.name] = time.process_time() - started
            if progress:
                progress("fuse", i, len(self.corpus_specs))

    def corpus_input(self, store: Store) -> str:
        """Return a digest of what the corpus stages read: options, files, analysed articles, overrides.

        A run whose digest equals that of the last completed run has nothing new to fuse,
        so :meth:`run` skips the corpus stages (their stored output is still current). Files
        named in a stage's options (dictionaries, models) count by size and modification time.
        """
        digest = self.config.article_hash()
        state = {
            "stages": [
                [s.name, repr(options), _files_in(options)]
                for s in self.corpus_specs
                for options in [self.config.options_for(s.name)]
            ],
            "articles": [digest, *store.analysis_status(digest)],
            "overrides": store.overrides(),
        }
        return hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()[:16]

    def run(
        self,
        paths: Iterable[str | Path],
        store: Store,
        progress: Progress | None = None,
        engine: Engine | None = None,
    ) -> RunReport:
        """Ingest ``paths`` into ``store``, analyse what is new, and refresh the corpus stages.

        Args:
            paths: Files, folders or globs to read.
            store: Where articles and records go.
            progress: Called as ``progress(phase, done, total)``.
            engine: Runs the article stages instead of this process and its workers.
        """
        run_id = store.start_run(dump_config(self.config))
        report = RunReport(run_id)
        status = "failed"
        local = engine is None and self.config.run.n_process > 1
        workers = WorkerPool(self.config, start=False) if local else None
        try:
            if workers is not None and store.analysis_status(self.config.article_hash())[1]:
                workers.start()  # work left by an interrupted run: start loading models now
            started = time.perf_counter()
            self.ingest(paths, store, run_id, report, progress, workers.start if workers else None)
            report.seconds["ingest"] = time.perf_counter() - started
            started = time.perf_counter()
            if engine is not None:
                engine.analyze(self, store, run_id, report, progress)
            else:
                self.analyze(
                    store, run_id, report, progress, workers if workers and workers.started else None
                )
            report.seconds["analyze"] = time.perf_counter() - started
            if workers is not None:
                workers.close()
            started = time.perf_counter()
            report.corpus_input = self.corpus_input(store)
            if _last_corpus_input(store) != report.corpus_input:
                self.run_corpus(store, run_id, report, progress)
            else:
                logger.info("nothing changed since the last run: corpus stages skipped")
            report.seconds["corpus"] = time.perf_counter() - started
            status = "ok" if report.ok else "partial"
        finally:
            if workers is not None:
                workers.close()
            store.finish_run(run_id, status, report.stats())
        return report


def _files_in(options: Any) -> list[list[Any]]:
    """Return ``[path, size, mtime]`` for every existing file an options object names."""
    values: list[Any] = []
    if options is not None and hasattr(options, "__dataclass_fields__"):
        for name in options.__dataclass_fields__:
            value = getattr(options, name)
            values.extend(value if isinstance(value, tuple | list) else [value])
    out = []
    for value in values:
        if isinstance(value, str | Path) and str(value) and Path(value).is_file():
            stat = Path(value).stat()
            out.append([str(value), stat.st_size, stat.st_mtime_ns])
    return out


def _last_corpus_input(store: Store) -> str | None:
    """Return the corpus input digest of the newest run that finished its corpus stages."""
    for run in store.runs():
        if run.get("status") in ("ok", "partial"):
            value = (run.get("stats") or {}).get("corpus_input")
            return str(value) if value else None
    return None


def _with_duplicate(article: Article, of: str, score: float) -> Article:
    from dataclasses import replace

    return replace(article, duplicate_of=of, duplicate_score=score)


def _assign(doc: Document, spec: StageSpec, values: Any) -> None:
    for name in spec.assigns:
        if name not in values:
            raise StageError(spec.name, doc.article.id, f"returned no value for {name!r}")
        value = tuple(values[name])
        setattr(doc, name, value)
        doc.assigned.add(name)
        if name in ANNOTATION_KINDS:
            # A record is credited to the stage that first produced it; a later stage that
            # re-assigns the same annotation (actors refining entities) keeps that credit.
            for record in value:
                doc.origins.setdefault(getattr(record, "id", ""), spec.name)


def _records_of(pipeline: Pipeline, doc: Document) -> list[tuple[str, Any]]:
    """Return each stored record of ``doc`` once, with the stage that produced it.

    Several stages may assign the same annotation (``extract.actors.v1`` refines the
    entities; credibility and persuasion both add signals): the final value is stored once.
    """
    names = dict.fromkeys(n for spec in pipeline.article_specs for n in spec.assigns if n in ANNOTATION_KINDS)
    out: list[tuple[str, Any]] = []
    seen: set[str] = set()
    for name in names:
        for record in getattr(doc, name):
            kind_of(record)  # every stored annotation must be a record kind
            rid = getattr(record, "id", "")
            if rid in seen:
                continue
            seen.add(rid)
            out.append((doc.origins.get(rid, name), record))
    return out


@dataclass(frozen=True, slots=True)
class Analyzed:
    """The outcome of the article stages on one article: its records, or the error that stopped it.

    Records travel serialised (:class:`~rashomon.store.RecordRow`): the worker that made them
    does that work, and rows cross process boundaries much faster than record objects.
    """

    article_id: str
    rows: list[RecordRow] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    error: StageError | None = None


def _batched(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch


def _analyze_batch(
    pipeline: Pipeline, batch: list[Article], timings: dict[str, float] | None = None
) -> list[Analyzed]:
    try:
        docs = pipeline.annotate_many(batch, timings)
    except StageError as exc:
        if len(batch) == 1:
            logger.warning("%s", exc)
            return [Analyzed(batch[0].id, error=exc)]
        # Retry one by one so that one bad article does not fail its whole batch.
        return [item for article in batch for item in _analyze_batch(pipeline, [article], timings)]
    return [
        Analyzed(
            doc.article.id,
            [RecordRow.of(stage, record) for stage, record in _records_of(pipeline, doc)],
            [(s.start, s.end) for s in doc.sentences],
        )
        for doc in docs
    ]


class WorkerPool:
    """Worker processes that each hold a :class:`Pipeline` (stages and models loaded once).

    Args:
        config: The configuration every worker builds its pipeline from.
        start: Start the processes now; otherwise on the first :meth:`start`.
    """

    def __init__(self, config: Config, start: bool = True) -> None:
        self.config = config
        self.size = max(1, config.run.n_process)
        self._pool: ProcessPoolExecutor | None = None
        if start:
            self.start()

    @property
    def started(self) -> bool:
        """Whether the processes were started."""
        return self._pool is not None

    def start(self) -> None:
        """Start the processes (once) and have each load its models in the background."""
        if self._pool is not None:
            return
        self._pool = ProcessPoolExecutor(
            self.size, mp_context=get_context("spawn"), initializer=_init_worker, initargs=(self.config,)
        )
        # The pool starts a process per submitted task; these make all of them start now.
        for _ in range(self.size):
            self._pool.submit(_worker_ready)

    def submit(self, batch: list[Article]) -> Future[tuple[list[Analyzed], dict[str, float]]]:
        """Analyse ``batch`` in a worker; the future gives its results and the seconds per stage."""
        self.start()
        assert self._pool is not None
        return self._pool.submit(_worker_batch, batch)

    def close(self) -> None:
        """Stop the processes (after their current work)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


_WORKER: Pipeline | None = None

#: How often a worker checks that the process that started it is still alive.
PARENT_CHECK_SECONDS = 1.0

#: A tiny article each worker analyses on start, so that it loads its models before real work.
_WARM_UP = Article(id="art_0000000000000000", text="Maria Lopez said on Monday that talks would resume.")


def _init_worker(config: Config) -> None:
    global _WORKER
    # A parent killed with SIGKILL cannot stop its workers, and they would wait for work
    # forever; each one watches its parent and exits when it is gone.
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    _WORKER = Pipeline(config)
    try:
        _WORKER.annotate_many([_WARM_UP])
    except StageError:  # a stage that rejects this text will report itself on real articles
        logger.debug("warm-up failed", exc_info=True)


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _worker_ready() -> bool:
    return _WORKER is not None


def _worker_batch(batch: list[Article]) -> tuple[list[Analyzed], dict[str, float]]:
    assert _WORKER is not None, "worker not initialised"
    timings: dict[str, float] = {}
    return _analyze_batch(_WORKER, batch, timings), timings
