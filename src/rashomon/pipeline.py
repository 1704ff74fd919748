"""The pipeline: ingest inputs, run the article stages in batches, store, then run the corpus stages.

Typical use::

    from rashomon import Pipeline, open_store

    with open_store("crisis.db") as store:
        report = Pipeline().run(["articles/"], store)
        print(report.summary())

Guarantees: each article's records are written in one transaction, so a run killed at any
point resumes where it stopped; articles already analysed under the same configuration
are skipped, so a re-run duplicates nothing; a bad input or a stage failure on one article
is recorded and the rest of the batch goes on.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from rashomon.config import Config, dump_config, load_config
from rashomon.errors import ConfigError, StageError
from rashomon.ingest import Ingested, NearDuplicateIndex, minhash_of, read_inputs
from rashomon.ingest.duplicates import signature_bytes
from rashomon.model import ANNOTATION_KINDS, Article, Document, Rejection, kind_of
from rashomon.registry import StageSpec, get_stage, registered_stages
from rashomon.store import Store

__all__ = ["Pipeline", "RunReport", "load_builtin_stages"]

logger = logging.getLogger(__name__)

#: Packages whose modules register the built-in stages, in data-flow order.
STAGE_PACKAGES = ("rashomon.nlp", "rashomon.extract", "rashomon.fuse", "rashomon.analyze")

#: ``progress(phase, done, total)`` — phases: ``ingest``, ``analyze``, ``fuse``.
Progress = Callable[[str, int, int], None]


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
    skipped: int = 0
    failed: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    corpus_records: dict[str, int] = field(default_factory=dict)
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
            "skipped": self.skipped,
            "failed": self.failed,
            "rejected": len(self.rejected),
            "corpus_records": self.corpus_records,
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
    ) -> None:
        """Read ``paths`` into ``store``: new articles, near-duplicate links and rejections."""
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

    def pending(self, store: Store) -> list[Article]:
        """Return stored articles not yet analysed under this configuration."""
        digest = self.config.article_hash()
        return [s.article for s in store.stored_articles() if s.analyzed_hash != digest]

    def analyze(self, store: Store, run_id: str, report: RunReport, progress: Progress | None = None) -> None:
        """Run the article stages over every pending article, storing each in one transaction."""
        todo = self.pending(store)
        report.skipped = sum(1 for _ in store.stored_articles()) - len(todo)
        digest = self.config.article_hash()
        for done, result in enumerate(self._analyzed(todo), start=1):
            if result.error is not None:
                report.failed += 1
                rejection = Rejection(
                    result.article_id, str(result.error), "report it with the article attached"
                )
                store.add_rejection(rejection, run_id)
                report.rejected.append(rejection)
            else:
                store.save_article_records(
                    result.article_id, result.records, digest, run_id, result.sentences
                )
                report.analyzed += 1
            if progress:
                progress("analyze", done, len(todo))

    def _analyzed(self, articles: Sequence[Article]) -> Iterator[Analyzed]:
        size = self.config.run.batch_size
        batches = [list(articles[i : i + size]) for i in range(0, len(articles), size)]
        workers = self.config.run.n_process
        if workers <= 1 or len(batches) <= 1:
            for batch in batches:
                yield from _analyze_batch(self, batch)
            return
        # Worker processes each load the stages (and the spaCy model) once; at most two batches
        # per worker are in flight so memory stays flat however large the corpus.
        with ProcessPoolExecutor(
            workers, mp_context=get_context("spawn"), initializer=_init_worker, initargs=(self.config,)
        ) as pool:
            pending: list[Future[list[Analyzed]]] = []
            queue = iter(batches)
            for batch in queue:
                pending.append(pool.submit(_worker_batch, batch))
                if len(pending) >= 2 * workers:
                    break
            while pending:
                yield from pending.pop(0).result()
                nxt = next(queue, None)
                if nxt is not None:
                    pending.append(pool.submit(_worker_batch, nxt))

    def annotate_many(self, articles: Sequence[Article]) -> list[Document]:
        """Run the article stages over ``articles`` and return the annotated documents.

        Raises:
            StageError: if a stage fails on an article.
        """
        docs = [Document(a) for a in articles]
        for spec in self.article_specs:
            options = self.config.options_for(spec.name)
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
        return docs

    def annotate(self, article: Article) -> Document:
        """Run the article stages over one article and return the annotated document."""
        return self.annotate_many([article])[0]

    def run_corpus(
        self, store: Store, run_id: str, report: RunReport, progress: Progress | None = None
    ) -> None:
        """Run the corpus stages in order, each replacing its previous output in the store."""
        for i, spec in enumerate(self.corpus_specs, start=1):
            started = time.perf_counter()
            records = list(spec.func(store, self.config.options_for(spec.name)))
            report.corpus_records[spec.name] = store.replace_stage_records(spec.name, records, run_id)
            report.seconds[spec.name] = time.perf_counter() - started
            if progress:
                progress("fuse", i, len(self.corpus_specs))

    def run(self, paths: Iterable[str | Path], store: Store, progress: Progress | None = None) -> RunReport:
        """Ingest ``paths`` into ``store``, analyse what is new, and refresh the corpus stages."""
        run_id = store.start_run(dump_config(self.config))
        report = RunReport(run_id)
        status = "failed"
        try:
            started = time.perf_counter()
            self.ingest(paths, store, run_id, report, progress)
            report.seconds["ingest"] = time.perf_counter() - started
            started = time.perf_counter()
            self.analyze(store, run_id, report, progress)
            report.seconds["analyze"] = time.perf_counter() - started
            started = time.perf_counter()
            self.run_corpus(store, run_id, report, progress)
            report.seconds["corpus"] = time.perf_counter() - started
            status = "ok" if report.ok else "partial"
        finally:
            store.finish_run(run_id, status, report.stats())
        return report


def _with_duplicate(article: Article, of: str, score: float) -> Article:
    from dataclasses import replace

    return replace(article, duplicate_of=of, duplicate_score=score)


def _assign(doc: Document, spec: StageSpec, values: Any) -> None:
    for name in spec.assigns:
        if name not in values:
            raise StageError(spec.name, doc.article.id, f"returned no value for {name!r}")
        setattr(doc, name, tuple(values[name]))
        doc.assigned.add(name)


def _records_of(pipeline: Pipeline, doc: Document) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for spec in pipeline.article_specs:
        for name in spec.assigns:
            if name in ANNOTATION_KINDS:
                out.extend((spec.name, r) for r in getattr(doc, name))
    for _, record in out:
        kind_of(record)  # every stored annotation must be a record kind
    return out


@dataclass(frozen=True, slots=True)
class Analyzed:
    """The outcome of the article stages on one article: its records, or the error that stopped it."""

    article_id: str
    records: list[tuple[str, Any]] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    error: StageError | None = None


def _analyze_batch(pipeline: Pipeline, batch: list[Article]) -> list[Analyzed]:
    try:
        docs = pipeline.annotate_many(batch)
    except StageError as exc:
        if len(batch) == 1:
            logger.warning("%s", exc)
            return [Analyzed(batch[0].id, error=exc)]
        # Retry one by one so that one bad article does not fail its whole batch.
        return [item for article in batch for item in _analyze_batch(pipeline, [article])]
    return [
        Analyzed(doc.article.id, _records_of(pipeline, doc), [(s.start, s.end) for s in doc.sentences])
        for doc in docs
    ]


_WORKER: Pipeline | None = None


def _init_worker(config: Config) -> None:
    global _WORKER
    _WORKER = Pipeline(config)


def _worker_batch(batch: list[Article]) -> list[Analyzed]:
    assert _WORKER is not None, "worker not initialised"
    return _analyze_batch(_WORKER, batch)
