"""Run the article stages on Ray Data, on this machine or a Ray cluster, and load the results.

``rashomon analyze --engine ray`` ingests the inputs into the store as usual (duplicate
detection and rejections stay in one place), then hands the pending articles to Ray Data:

1. the articles go into Ray's object store as Arrow blocks, read from the store a page at
   a time, so the driver never holds them all;
2. ``map_batches`` runs :class:`ArticleAnalyzer`, a callable class, on a fixed pool of
   actors: each actor builds the pipeline once (spaCy and every stage model loaded once per
   worker) and analyses batches of ``[run] batch_size`` articles;
3. the driver streams the results back and writes them as Parquet shards
   (``<output>/<run id>/part-NNNNN.parquet``: one row per article with its records as JSON),
   then loads each shard into the store in one all-or-nothing transaction;
4. the pipeline then runs the corpus stages (fusion) over the store as usual.

Nothing here needs a shared file system: articles travel through Ray's object store and
results come back to the driver. Point it at a cluster with ``--ray-address`` or the
``RAY_ADDRESS`` environment variable (``ray://head:10001`` or ``auto``); every node needs
Rashomon installed (or a ``runtime_env``), see ``docs/performance.md``. Without an address
a local Ray instance is started with one CPU per worker.

Shards written by another run or machine load with :func:`load_shards`.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rashomon.config import Config
from rashomon.errors import ConfigError, StageError
from rashomon.model import Article
from rashomon.pipeline import Analyzed, Pipeline, Progress, RunReport
from rashomon.store import RecordRow, Store

__all__ = ["ArticleAnalyzer", "RayEngine", "RayOptions", "load_shards"]

logger = logging.getLogger(__name__)

#: Columns of a result shard, one row per article.
RESULT_COLUMNS = ("article_id", "analyzed_hash", "records", "sentences", "error_stage", "error", "seconds")


@dataclass(frozen=True, slots=True)
class RayOptions:
    """How to run on Ray.

    Attributes:
        address: A Ray cluster (``ray://head:10001``, ``auto``); ``None`` uses ``RAY_ADDRESS``
            or starts a local instance.
        workers: Actors running the article stages (one CPU each).
        output: Folder for the result shards (a subfolder per run).
        block_articles: Articles per block handed to Ray (the unit of scheduling).
        shard_articles: Articles per result shard (and per store transaction).
    """

    address: str | None = None
    workers: int = 2
    output: str = "rashomon-ray"
    block_articles: int = 128
    shard_articles: int = 256


class ArticleAnalyzer:
    """The callable class that Ray Data runs on each actor: the pipeline, built once, over Arrow batches.

    Args:
        config: The resolved configuration; the actor builds its pipeline from it.
    """

    def __init__(self, config: Config) -> None:
        self.pipeline = Pipeline(config)
        self.digest = config.article_hash()

    def __call__(self, batch: Any) -> Any:
        """Analyse a batch (an Arrow table of articles) and return a table of results."""
        articles = [Article(**row) for row in batch.to_pylist()]
        timings: dict[str, float] = {}
        results = self.pipeline.analyze_batch(articles, timings)
        return results_table(results, self.digest, timings)


def _article_schema() -> Any:
    import pyarrow as pa

    types = {"duplicate_score": pa.float64()}
    return pa.schema([(f.name, types.get(f.name, pa.string())) for f in dataclasses.fields(Article)])


def articles_table(articles: Iterable[Article]) -> Any:
    """Return ``articles`` as an Arrow table, one column per :class:`Article` field."""
    import pyarrow as pa

    return pa.Table.from_pylist([dataclasses.asdict(a) for a in articles], schema=_article_schema())


def results_table(results: list[Analyzed], digest: str, timings: dict[str, float] | None = None) -> Any:
    """Return analysed articles as an Arrow table (records as JSON; the batch's seconds on its first row)."""
    import pyarrow as pa

    rows = []
    for i, r in enumerate(results):
        records = [[row.id, row.kind, row.stage, row.payload, row.evidence] for row in r.rows]
        rows.append(
            {
                "article_id": r.article_id,
                "analyzed_hash": digest,
                "records": json.dumps(records, ensure_ascii=False),
                "sentences": json.dumps(r.sentences),
                "error_stage": r.error.stage if r.error else None,
                "error": str(r.error) if r.error else None,
                "seconds": json.dumps(timings if i == 0 and timings else {}),
            }
        )
    schema = pa.schema([(c, pa.string()) for c in RESULT_COLUMNS])
    return pa.Table.from_pylist(rows, schema=schema)


def _analyzed(row: dict[str, Any]) -> Analyzed:
    if row["error"] is not None:
        prefix = f"{row['error_stage']} failed on article {row['article_id']}: "
        error = StageError(row["error_stage"], row["article_id"], row["error"].removeprefix(prefix))
        return Analyzed(row["article_id"], error=error)
    rows = [
        RecordRow(rid, kind, stage, payload, tuple((e[0], e[1], e[2], e[3], e[4]) for e in evidence))
        for rid, kind, stage, payload, evidence in json.loads(row["records"])
    ]
    sentences = [(int(s), int(e)) for s, e in json.loads(row["sentences"])]
    return Analyzed(row["article_id"], rows, sentences)


def load_table(pipeline: Pipeline, store: Store, table: Any, run_id: str, report: RunReport) -> int:
    """Store the results in ``table`` in one transaction; return how many rows were stored.

    Rows analysed under another configuration than ``pipeline``'s are skipped (and logged).
    """
    digest = pipeline.config.article_hash()
    stored = 0
    with store.batch():
        for row in table.to_pylist():
            if row["analyzed_hash"] != digest:
                logger.warning("%s was analysed under another configuration; skipped", row["article_id"])
                continue
            for name, seconds in json.loads(row["seconds"]).items():
                report.seconds[name] = report.seconds.get(name, 0.0) + seconds
            pipeline.store_result(store, _analyzed(row), run_id, report)
            stored += 1
    return stored


def load_shards(
    pipeline: Pipeline, store: Store, paths: Iterable[str | Path], run_id: str, report: RunReport
) -> int:
    """Load result shards (written by :class:`RayEngine` here or elsewhere) into ``store``.

    Each shard is loaded in one transaction, so a load that is interrupted can be run again.

    Returns:
        The number of articles stored.
    """
    import pyarrow.parquet as pq

    return sum(load_table(pipeline, store, pq.read_table(p), run_id, report) for p in paths)


def _chunks(articles: Iterator[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class RayEngine:
    """Runs the article stages of a :class:`~rashomon.pipeline.Pipeline` on Ray Data.

    Args:
        options: Cluster address, workers, output folder; see :class:`RayOptions`.
    """

    def __init__(self, options: RayOptions | None = None) -> None:
        self.options = options or RayOptions()

    def _connect(self) -> tuple[Any, bool]:
        try:
            import ray
        except ImportError:
            raise ConfigError("the Ray engine needs Ray: pip install 'rashomon[scale]'") from None
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        if ray.is_initialized():
            return ray, False
        address = self.options.address or os.environ.get("RAY_ADDRESS")
        if address:
            ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
        else:
            ray.init(
                num_cpus=self.options.workers,
                include_dashboard=False,
                logging_level=logging.WARNING,
                log_to_driver=False,
            )
        return ray, True

    def analyze(
        self, pipeline: Pipeline, store: Store, run_id: str, report: RunReport, progress: Progress | None
    ) -> None:
        """Analyse every pending article of ``store`` on Ray and load the results into it."""
        digest = pipeline.config.article_hash()
        stored, todo = store.analysis_status(digest)
        report.skipped = stored - todo
        if not todo:
            return
        ray, started = self._connect()
        try:
            from ray.data import ActorPoolStrategy, DataContext

            DataContext.get_current().enable_progress_bars = False
            logging.getLogger("ray.data").setLevel(logging.ERROR)
            # Blocks are what Ray schedules: at least two per worker keeps every actor busy.
            per_block = max(1, min(self.options.block_articles, -(-todo // (2 * self.options.workers))))
            chunks = _chunks(pipeline.pending(store), per_block)
            refs = [ray.put(articles_table(chunk)) for chunk in chunks]
            results = ray.data.from_arrow_refs(refs).map_batches(
                ArticleAnalyzer,
                fn_constructor_args=(pipeline.config,),
                batch_size=pipeline.config.run.batch_size,
                batch_format="pyarrow",
                compute=ActorPoolStrategy(size=self.options.workers),
                num_cpus=1,
            )
            out = Path(self.options.output) / run_id
            out.mkdir(parents=True, exist_ok=True)
            tables: list[Any] = []
            done = 0
            for batch in results.iter_batches(batch_format="pyarrow", batch_size=None):
                tables.append(batch)
                if sum(t.num_rows for t in tables) >= self.options.shard_articles:
                    done += _write_and_load(tables, out, pipeline, store, run_id, report)
                    tables = []
                    if progress:
                        progress("analyze", done, todo)
            if tables:
                done += _write_and_load(tables, out, pipeline, store, run_id, report)
                if progress:
                    progress("analyze", done, todo)
        finally:
            if started:
                ray.shutdown()


def _write_and_load(
    tables: list[Any], out: Path, pipeline: Pipeline, store: Store, run_id: str, report: RunReport
) -> int:
    """Write ``tables`` as the next shard in ``out``, then load it into ``store``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.concat_tables(tables)
    pq.write_table(table, out / f"part-{len(list(out.glob('part-*.parquet'))):05d}.parquet")
    return load_table(pipeline, store, table, run_id, report)
