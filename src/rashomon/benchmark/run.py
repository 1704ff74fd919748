"""``rashomon bench``: throughput, memory and store size of the pipeline against the bare parse.

For each corpus size N the benchmark measures, each in a fresh process:

* the **bare parse**: spaCy ``nlp.pipe`` over the same texts with the same pipeline
  components and the same number of processes, doing nothing with the result. Nothing
  built on this parser can run faster, so it is the limit of this design;
* the **whole pipeline**: ``Pipeline.run`` into a new store (ingest, duplicate detection,
  every article stage in worker processes, storage, corpus stages), with the seconds of
  each stage;
* for the largest N, an **incremental** run adding 100 new articles to that store.

The figures go to a JSON file (``benchmarks/results/bench.json``) so that later runs can be
compared; the previous file's figures are printed beside the new ones.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rashomon.benchmark.corpus import CorpusSpec, write_corpus
from rashomon.benchmark.measure import Measurement, load_average, measure

__all__ = ["BenchOptions", "format_results", "run_benchmark"]

#: The issue's target: the whole pipeline runs at least at this share of the bare parse.
TARGET_RATIO = 0.5
#: The issue's target: peak memory at 10k articles within this factor of that at 1k.
TARGET_MEMORY_GROWTH = 1.3
#: Articles added to the largest store to measure an incremental run.
INCREMENT = 100

Log = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class BenchOptions:
    """What to measure.

    Attributes:
        sizes: Corpus sizes (articles) to measure, each from scratch.
        words: Approximate words per generated article.
        workers: Worker processes for the pipeline and ``n_process`` for the bare parse.
        corpus: Read articles from this file or folder instead of generating them (the first
            N of it for each size).
        incremental: Measure adding :data:`INCREMENT` articles to the largest store.
        output: JSON file for the results (``None`` writes none).
        config_path: A configuration file for the pipeline (default: the embedded one).
        seed: Seed of the generated corpus.
        workdir: Folder for corpora and stores (default: a temporary folder, removed after).
        ray: Also run the Ray engine on this many articles with 1 worker, then with ``workers``
            (0: not at all).
    """

    sizes: tuple[int, ...] = (100, 1000)
    words: int = 600
    workers: int = 2
    corpus: str | None = None
    incremental: bool = True
    output: str | None = "benchmarks/results/bench.json"
    config_path: str | None = None
    seed: int = 7
    workdir: str | None = None
    ray: int = 0


# ----------------------------------------------------------------- measured tasks
# Top-level functions: each runs in its own spawned process (see ``measure``).


def _read_texts(corpus: str, limit: int) -> list[str]:
    from rashomon.config import load_config
    from rashomon.ingest import Ingested, read_inputs
    from rashomon.pipeline import load_builtin_stages

    load_builtin_stages()
    texts: list[str] = []
    for item in read_inputs([corpus], load_config().ingest):
        if isinstance(item, Ingested):
            texts.append(item.article.text)
            if len(texts) >= limit:
                break
    return texts


def _first_articles(source: str, n: int, path: Path) -> Path:
    """Copy the first ``n`` articles of ``source`` (any input the pipeline reads) to a JSON Lines file."""
    from rashomon.config import load_config
    from rashomon.ingest import Ingested, read_inputs
    from rashomon.pipeline import load_builtin_stages

    load_builtin_stages()
    with path.open("w", encoding="utf-8") as fh:
        written = 0
        for item in read_inputs([source], load_config().ingest):
            if isinstance(item, Ingested) and written < n:
                a = item.article
                row = {
                    "text": a.text,
                    "title": a.title,
                    "url": a.url,
                    "outlet": a.outlet,
                    "published": a.published,
                }
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                written += 1
    return path


def bare_parse_task(corpus: str, limit: int, n_process: int, model: str, batch_size: int) -> dict[str, Any]:
    """Parse the texts of ``corpus`` with ``nlp.pipe`` and nothing else; return the counts and seconds."""
    import time

    from rashomon.nlp.parse import load_model

    texts = _read_texts(corpus, limit)
    nlp = load_model(model)
    progress, update = _progress()
    started = time.perf_counter()
    sentences = 0
    with progress:
        for done, doc in enumerate(nlp.pipe(texts, batch_size=batch_size, n_process=n_process), start=1):
            sentences += int((doc.to_array("SENT_START") == 1).sum())
            update("bare parse", done, len(texts))
    return {"seconds": time.perf_counter() - started, "articles": len(texts), "sentences": sentences}


def pipeline_task(corpus: str, db: str, overrides: dict[str, Any], config_path: str | None) -> dict[str, Any]:
    """Run the whole pipeline on ``corpus`` into the store ``db``; return the run's figures."""
    import time

    from rashomon.config import load_config
    from rashomon.pipeline import Pipeline, load_builtin_stages
    from rashomon.store import open_store

    load_builtin_stages()
    pipeline = Pipeline(load_config(config_path, overrides))
    progress, update = _progress()
    with open_store(db) as store, progress:
        started = time.perf_counter()
        report = pipeline.run([corpus], store, update)
        seconds = time.perf_counter() - started
    size = sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*"))
    return {"seconds": seconds, "stats": report.stats(), "store_bytes": size, "ok": report.ok}


def ray_task(corpus: str, db: str, workers: int, output: str, config_path: str | None) -> dict[str, Any]:
    """Run the pipeline with the Ray engine (a local Ray instance of ``workers`` CPUs); return its figures."""
    import os
    import time

    from rashomon.config import load_config
    from rashomon.engines.ray_engine import RayEngine, RayOptions
    from rashomon.pipeline import Pipeline, load_builtin_stages
    from rashomon.store import open_store

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    load_builtin_stages()
    pipeline = Pipeline(load_config(config_path))
    engine = RayEngine(RayOptions(workers=workers, output=output))
    with open_store(db) as store:
        started = time.perf_counter()
        report = pipeline.run([corpus], store, engine=engine)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "stats": report.stats()}


def _progress() -> tuple[Any, Callable[[str, int, int], None]]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(
        TextColumn("{task.description:>10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
        disable=not sys.stderr.isatty(),
    )
    tasks: dict[str, Any] = {}

    def update(phase: str, done: int, total: int) -> None:
        if phase not in tasks:
            tasks[phase] = progress.add_task(phase, total=total or None)
        progress.update(tasks[phase], completed=done, total=total or None)

    return progress, update


# ------------------------------------------------------------------------ driver


def _rate(count: float, seconds: float) -> float:
    return round(count / seconds, 2) if seconds > 0 else 0.0


def _memory(m: Measurement) -> dict[str, float]:
    return {
        "peak_rss_mb": round(m.peak_rss_mb, 1),
        "worker_peak_rss_mb": round(m.worker_peak_rss_mb, 1),
        "total_peak_rss_mb": round(m.total_peak_rss_mb, 1),
    }


def _pipeline_figures(result: dict[str, Any], m: Measurement, articles: int) -> dict[str, Any]:
    stats = result["stats"]
    seconds = stats["seconds"]
    sentences = stats["sentences"]
    analyzed = stats["analyzed"] or 1
    phases = {k: seconds.get(k, 0.0) for k in ("ingest", "analyze", "corpus")}
    stages = {
        name: {
            "seconds": round(s, 3),
            "articles_per_s": _rate(analyzed, s),
            "sentences_per_s": _rate(sentences, s),
        }
        for name, s in seconds.items()
        if name not in phases
    }
    return {
        "seconds": round(m.wall_s, 2),
        "articles_per_s": _rate(articles, m.wall_s),
        "sentences_per_s": _rate(sentences, m.wall_s),
        "cpu_s": round(m.cpu_s, 1),
        "cpu_s_per_article": round(m.cpu_s / max(articles, 1), 4),
        **_memory(m),
        "store_mb_per_1k": round(result["store_bytes"] / 1e6 / max(articles, 1) * 1000, 2),
        "phases": {k: round(v, 2) for k, v in phases.items()},
        "stages": stages,
        "counts": {
            k: stats[k] for k in ("new_articles", "near_duplicates", "analyzed", "failed", "rejected")
        },
    }


def _measure_size(n: int, options: BenchOptions, workdir: Path, log: Log) -> tuple[dict[str, Any], str]:
    from rashomon.config import load_config
    from rashomon.nlp.parse import ParseOptions
    from rashomon.pipeline import load_builtin_stages

    load_builtin_stages()
    config = load_config(options.config_path)
    parse = config.options_for("nlp.spacy.v1") or ParseOptions()
    path = workdir / f"c{n}.jsonl"
    if options.corpus:
        corpus = str(_first_articles(options.corpus, n, path))
    else:
        corpus = str(write_corpus(CorpusSpec(n=n, words=options.words, seed=options.seed), path))
    load_before = load_average()
    log(f"N={n:,}: bare parse (n_process={options.workers}) …")
    bare, bm = measure(
        bare_parse_task, corpus, n, options.workers, parse.model, parse.batch_size, workers=options.workers
    )
    articles, sentences = bare["articles"], bare["sentences"]
    log(f"N={articles:,}: whole pipeline ({options.workers} workers) …")
    db = str(workdir / f"bench-{n}.db")
    overrides = {"run": {"n_process": options.workers}}
    result, pm = measure(pipeline_task, corpus, db, overrides, options.config_path, workers=options.workers)
    pipe = _pipeline_figures(result, pm, articles)
    figures = {
        "articles": articles,
        "sentences": sentences,
        "bare_parse": {
            "n_process": options.workers,
            "seconds": round(bm.wall_s, 2),
            "articles_per_s": _rate(articles, bm.wall_s),
            "sentences_per_s": _rate(sentences, bm.wall_s),
            "cpu_s": round(bm.cpu_s, 1),
            **_memory(bm),
        },
        "pipeline": {"workers": options.workers, **pipe},
        "ratio_to_bare": round(pipe["articles_per_s"] / max(_rate(articles, bm.wall_s), 1e-9), 3),
        # The same ratio from CPU time: what an idle machine would show, whatever else ran here.
        "cpu_ratio_to_bare": round(bm.cpu_s / max(pm.cpu_s, 1e-9), 3),
        "load_average": [load_before, load_average()],
    }
    return figures, db


def _measure_increment(n: int, db: str, options: BenchOptions, workdir: Path, log: Log) -> dict[str, Any]:
    log(f"incremental: {INCREMENT} new articles into the {n:,}-article store …")
    spec = CorpusSpec(n=INCREMENT, words=options.words, seed=options.seed, start=n)
    corpus = str(write_corpus(spec, workdir / f"c{n}+{INCREMENT}.jsonl"))
    overrides = {"run": {"n_process": options.workers}}
    result, m = measure(pipeline_task, corpus, db, overrides, options.config_path, workers=options.workers)
    stats = result["stats"]
    return {
        "store_articles": n,
        "added": INCREMENT,
        "analyzed": stats["analyzed"],
        "skipped": stats["skipped"],
        "seconds": round(m.wall_s, 2),
        "phases": {k: round(stats["seconds"].get(k, 0.0), 2) for k in ("ingest", "analyze", "corpus")},
        "corpus_stages": {k: v for k, v in stats["seconds"].items() if k in stats["corpus_records"]},
        **_memory(m),
    }


def _measure_ray(options: BenchOptions, workdir: Path, log: Log) -> dict[str, Any]:
    n = options.ray
    spec = CorpusSpec(n=n, words=options.words, seed=options.seed)
    corpus = str(write_corpus(spec, workdir / f"ray{n}.jsonl"))
    out: dict[str, Any] = {"articles": n, "runs": []}
    for workers in sorted({1, options.workers}):
        log(f"Ray engine: {n:,} articles, {workers} worker{'s' * (workers > 1)} …")
        db, shards = str(workdir / f"ray{n}-{workers}.db"), str(workdir / f"ray{n}-{workers}.shards")
        result, m = measure(ray_task, corpus, db, workers, shards, options.config_path)
        analyzed = result["stats"]["analyzed"]
        analyze_s = result["stats"]["seconds"]["analyze"]
        out["runs"].append(
            {
                "workers": workers,
                "seconds": round(m.wall_s, 2),
                "analyze_seconds": round(analyze_s, 2),
                "articles_per_s": _rate(analyzed, m.wall_s),
                "analyze_articles_per_s": _rate(analyzed, analyze_s),
                "cpu_s": round(m.cpu_s, 1),
            }
        )
    runs = out["runs"]
    if len(runs) == 2:
        out["speedup"] = round(
            runs[1]["analyze_articles_per_s"] / max(runs[0]["analyze_articles_per_s"], 1e-9), 2
        )
    out["load_average"] = load_average()
    return out


def run_benchmark(options: BenchOptions, log: Log | None = None) -> dict[str, Any]:
    """Measure every size in ``options``; write and return the results.

    Args:
        options: Sizes, corpus, workers and output; see :class:`BenchOptions`.
        log: Called with a line of text as each measurement starts.

    Returns:
        The results, as written to ``options.output``.
    """
    from importlib.metadata import version

    log = log or (lambda line: None)
    own_dir = options.workdir is None
    workdir = Path(options.workdir or tempfile.mkdtemp(prefix="rashomon-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": _cpus(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "spacy": version("spacy"),
        },
        "options": {k: v for k, v in asdict(options).items() if k not in ("output", "workdir")},
        "sizes": [],
    }
    try:
        db = ""
        for n in sorted(options.sizes):
            figures, db = _measure_size(n, options, workdir, log)
            results["sizes"].append(figures)
        if options.incremental and db and not options.corpus:
            results["incremental"] = _measure_increment(max(options.sizes), db, options, workdir, log)
        if options.ray:
            results["ray"] = _measure_ray(options, workdir, log)
    finally:
        if own_dir:
            shutil.rmtree(workdir, ignore_errors=True)
    results["summary"] = _summary(results)
    if options.output:
        _write(results, Path(options.output))
    return results


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _summary(results: dict[str, Any]) -> dict[str, Any]:
    sizes = results["sizes"]
    if not sizes:
        return {}
    largest = sizes[-1]
    pipe = largest["pipeline"]
    out: dict[str, Any] = {
        "ratio_to_bare": largest["ratio_to_bare"],
        "ratio_target_met": largest["ratio_to_bare"] >= TARGET_RATIO,
        "articles_per_s": pipe["articles_per_s"],
        "articles_per_day": int(pipe["articles_per_s"] * 86_400),
        # CPU seconds per article hardly depend on other load on the machine; a day of two
        # fully available cores divided by them is the capacity of an idle 2-core machine.
        "articles_per_day_idle_2_cores": int(2 * 86_400 / max(pipe["cpu_s_per_article"], 1e-9)),
    }
    by_n = {s["articles"]: s for s in sizes}
    if 1000 in by_n and 10_000 in by_n:
        growth = by_n[10_000]["pipeline"]["total_peak_rss_mb"] / by_n[1000]["pipeline"]["total_peak_rss_mb"]
        out["memory_growth_1k_to_10k"] = round(growth, 3)
        out["memory_target_met"] = growth <= TARGET_MEMORY_GROWTH
    return out


def _write(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def load_previous(path: str | None) -> dict[str, Any] | None:
    """Return the results stored at ``path`` by an earlier run, or ``None``."""
    if not path or not Path(path).is_file():
        return None
    try:
        data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return data


def _row(label: str, seconds: float, articles: float, sentences: float) -> str:
    return f"{label:<36}{seconds:>9.1f}{articles:>12.2f}{sentences:>13.0f}"


def _format_size(size: dict[str, Any], cpus: int, old: dict[str, Any] | None) -> list[str]:
    n, sents, pipe, bare = size["articles"], size["sentences"], size["pipeline"], size["bare_parse"]
    load = size["load_average"]
    lines = [
        f"N = {n:,} articles, {sents:,} sentences (load average {load[0]:.1f} → {load[1]:.1f}, {cpus} CPUs)",
        f"{'stage (CPU: one core) / phase (wall)':<36}{'seconds':>9}{'articles/s':>12}{'sentences/s':>13}",
    ]
    for name, st in pipe["stages"].items():
        label = "store (CPU, main process)" if name == "store" else f"{name} (CPU)"
        lines.append(_row(label, st["seconds"], st["articles_per_s"], st["sentences_per_s"]))
    for phase in ("ingest", "corpus"):
        secs = pipe["phases"][phase]
        lines.append(_row(f"{phase} (phase, wall)", secs, _rate(n, secs), _rate(sents, secs)))
    label = f"whole pipeline ({pipe['workers']} workers, wall)"
    lines.append(_row(label, pipe["seconds"], pipe["articles_per_s"], pipe["sentences_per_s"]))
    label = f"bare nlp.pipe (n_process={bare['n_process']}, wall)"
    lines.append(_row(label, bare["seconds"], bare["articles_per_s"], bare["sentences_per_s"]))
    ratio = size["ratio_to_bare"]
    verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
    lines.append(f"pipeline / bare parse: {ratio:.2f} (target ≥ {TARGET_RATIO}: {verdict})")
    if "cpu_ratio_to_bare" in size:
        lines.append(f"  the same from CPU time (an idle machine): {size['cpu_ratio_to_bare']:.2f}")
    if old:
        was = old["pipeline"]["articles_per_s"]
        lines.append(f"  previous run: pipeline {was:.2f} articles/s, ratio {old['ratio_to_bare']:.2f}")
    workers = f"{pipe['workers']} × worker {pipe['worker_peak_rss_mb']:,.0f}"
    lines.append(
        f"peak memory: pipeline {pipe['total_peak_rss_mb']:,.0f} MiB (main {pipe['peak_rss_mb']:,.0f} "
        f"+ {workers}); bare parse {bare['total_peak_rss_mb']:,.0f} MiB"
    )
    lines.append(
        f"CPU {pipe['cpu_s_per_article'] * 1000:.0f} ms per article; "
        f"store {pipe['store_mb_per_1k']:.1f} MB per 1k articles"
    )
    return lines


def format_results(results: dict[str, Any], previous: dict[str, Any] | None = None) -> str:
    """Return the results as text tables (one per corpus size), with the previous figures beside."""
    before = {s["articles"]: s for s in (previous or {}).get("sizes", [])}
    lines: list[str] = []
    for size in results["sizes"]:
        lines += ["", *_format_size(size, results["machine"]["cpus"], before.get(size["articles"]))]
    inc = results.get("incremental")
    if inc:
        ph = inc["phases"]
        lines += [
            "",
            f"incremental: +{inc['added']} articles into a {inc['store_articles']:,}-article store "
            f"in {inc['seconds']:.1f} s",
            f"  ingest {ph['ingest']:.1f} s, analyze {ph['analyze']:.1f} s, "
            f"corpus stages {ph['corpus']:.1f} s; {inc['analyzed']} analysed, {inc['skipped']} skipped",
        ]
    ray = results.get("ray")
    if ray:
        lines += [
            "",
            f"Ray engine, {ray['articles']:,} articles, local instance "
            f"(load average {ray['load_average']:.1f}):",
        ]
        for run in ray["runs"]:
            lines.append(
                f"  {run['workers']} worker(s): {run['seconds']:.1f} s in all, analysis phase "
                f"{run['analyze_seconds']:.1f} s = {run['analyze_articles_per_s']:.2f} articles/s"
            )
        if "speedup" in ray:
            lines.append(f"  speedup from 1 to {ray['runs'][1]['workers']} workers: {ray['speedup']:.2f}×")
    summary = results.get("summary") or {}
    if "memory_growth_1k_to_10k" in summary:
        verdict = "met" if summary["memory_target_met"] else "NOT met"
        growth = summary["memory_growth_1k_to_10k"]
        lines.append(f"peak memory 10k / 1k: {growth:.2f} (target ≤ {TARGET_MEMORY_GROWTH}: {verdict})")
    if summary:
        lines.append(
            f"one machine per day at this rate: {summary['articles_per_day']:,} articles "
            f"({summary['articles_per_day_idle_2_cores']:,} on 2 idle cores, from CPU time)"
        )
    return "\n".join(lines).lstrip("\n") + "\n"


def parse_sizes(text: str) -> tuple[int, ...]:
    """Parse ``"100,1k,10k"`` into ``(100, 1000, 10000)``."""
    out: list[int] = []
    for part in text.split(","):
        part = part.strip().lower()
        if not part:
            continue
        factor = 1000 if part.endswith("k") else 1
        out.append(int(float(part.rstrip("k")) * factor))
    return tuple(out)


def options_from(sizes: Sequence[int], **kwargs: Any) -> BenchOptions:
    """Build :class:`BenchOptions` from CLI values, dropping the ones not given."""
    return BenchOptions(sizes=tuple(sizes), **{k: v for k, v in kwargs.items() if v is not None})
