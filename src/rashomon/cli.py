"""The ``rashomon`` command line: each command parses its arguments, calls one library function, prints.

Run ``rashomon --help`` or ``rashomon COMMAND --help`` for examples.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import click

from rashomon.config import dump_config, load_config
from rashomon.errors import RashomonError
from rashomon.export import FORMATS, export_store
from rashomon.pipeline import Engine, Pipeline, RunReport, load_builtin_stages
from rashomon.report import write_report
from rashomon.store import Store, open_store

__all__ = ["cli", "main"]

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_DB = "rashomon.db"


def db_option(func: F) -> F:
    """Add ``--db``: the store to use (a SQLite file path or a postgresql:// URL)."""
    return click.option(
        "--db",
        default=DEFAULT_DB,
        show_default=True,
        envvar="RASHOMON_DB",
        help="Store: a SQLite file path or a postgresql://… URL (env RASHOMON_DB).",
    )(func)


def config_option(func: F) -> F:
    """Add ``--config``: a TOML file overriding the embedded defaults."""
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="TOML file overriding the defaults (see `rashomon config`).",
    )(func)


def _errors(func: F) -> F:
    """Turn Rashomon's errors into one ``Error: …`` line and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RashomonError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rashomon")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """Rashomon: many conflicting news accounts of a crisis in, one sourced picture out.

    Every record it extracts (entity, quote, event, claim, signal, stance) carries its
    evidence: the article, sentence and character offsets it came from.

    Example:

    \b
        rashomon analyze articles/ --db crisis.db
        rashomon report --db crisis.db -o report.html
        rashomon export --db crisis.db --format jsonl -o out/
    """
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(
        level=max(level, logging.DEBUG), format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


def _progress_bar() -> tuple[Any, Callable[[str, int, int], None]]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(
        TextColumn("{task.description:>8}"),
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


def _print_run(report: RunReport, db: str) -> None:
    for r in report.rejected:
        click.echo(f"Rejected {r.source}: {r.reason}; {r.fix}", err=True)
    click.echo(f"{report.summary()}; stored in {db}")


def run_pipeline(
    paths: tuple[str, ...],
    db: str,
    config_path: str | None,
    overrides: dict[str, Any] | None = None,
    engine: Engine | None = None,
) -> RunReport:
    """Analyse ``paths`` into the store ``db`` with a progress bar; return the run report."""
    load_builtin_stages()
    pipeline = Pipeline(load_config(config_path, overrides))
    progress, update = _progress_bar()
    with open_store(db) as store, progress:
        return pipeline.run(paths, store, update, engine)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@config_option
@click.option(
    "--workers", type=int, default=None, help="Worker processes for the article stages (default 1)."
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default=None,
    help="Where the article stages run: here (local) or on Ray Data (default: [run] engine).",
)
@click.option(
    "--ray-address",
    default=None,
    envvar="RAY_ADDRESS",
    help="Ray cluster to use with --engine ray (env RAY_ADDRESS; default: a local instance).",
)
@click.option(
    "--ray-output",
    default=None,
    help="Folder for the Parquet result shards of --engine ray (default: DB.ray beside the store).",
)
@_errors
def analyze(
    paths: tuple[str, ...],
    db: str,
    config_path: str | None,
    workers: int | None,
    engine: str | None,
    ray_address: str | None,
    ray_output: str | None,
) -> None:
    """Ingest articles and extract everything: files, folders or globs of .txt .md .html .jsonl.

    Re-running on the same files changes nothing; a run that was killed resumes.
    Exit status 2 when any input was rejected (each is listed with its fix).

    Example:

    \b
        rashomon analyze ../shared/corpus/seeds/*.txt --db crisis.db
        rashomon analyze feeds/2025-11-07.jsonl pages/ --db crisis.db --workers 2
        rashomon analyze crawl/*.warc.gz shards/*.parquet --db news.db --engine ray --workers 8
    """
    load_builtin_stages()
    run: dict[str, Any] = {k: v for k, v in {"n_process": workers, "engine": engine}.items() if v}
    overrides = {"run": run} if run else None
    chosen = engine or load_config(config_path).run.engine
    runner: Engine | None = None
    if chosen == "ray":
        from rashomon.engines.ray_engine import RayEngine, RayOptions

        output = ray_output or f"{db}.ray"
        runner = RayEngine(RayOptions(address=ray_address, workers=workers or 2, output=output))
    report = run_pipeline(paths, db, config_path, overrides, runner)
    _print_run(report, db)
    if not report.ok:
        sys.exit(2)


@cli.command()
@db_option
@click.option("-o", "--output", default="report.html", show_default=True, help="Output file: .html or .md.")
@click.option("--title", default="Rashomon report", show_default=True, help="Title of the report.")
@_errors
def report(db: str, output: str, title: str) -> None:
    """Write a self-contained report (HTML or Markdown) of the store.

    Example:

    \b
        rashomon report --db crisis.db -o report.html
        rashomon report --db crisis.db -o report.md
    """
    _require_db(db)
    with open_store(db) as store:
        path = write_report(store, output, title)
    click.echo(f"Wrote {path}")


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("-o", "--output", default="export", show_default=True, help="Output folder.")
@_errors
def export(db: str, fmt: str, output: str) -> None:
    """Export every record kind to one file each (articles, entities, events, quotes, …).

    Every record except articles carries evidence offsets into its article's text.

    Example:

    \b
        rashomon export --db crisis.db --format jsonl -o out/
        rashomon export --db crisis.db --format parquet -o out/
    """
    _require_db(db)
    with open_store(db) as store:
        written = export_store(store, fmt, output)
    click.echo(f"Wrote {sum(written.values())} records in {len(written)} files to {output}")


def token_option(func: F) -> F:
    """Add ``--token`` (repeatable) and ``--read-only``: who may add articles and record overrides."""
    func = click.option(
        "--read-only", is_flag=True, help="Refuse every write (no ingest, no overrides) whatever the tokens."
    )(func)
    return click.option(
        "--token",
        "tokens",
        multiple=True,
        help="Write token for ingest and overrides (repeatable; env RASHOMON_API_TOKENS, comma-separated). "
        "Without one, a random token is made and its login link printed.",
    )(func)


@cli.command()
@click.option("--db", default=None, help="Store to use (default: a fresh demo.db in --output's folder).")
@click.option("-o", "--output", default="demo-report.html", show_default=True, help="Report file.")
@click.option(
    "--serve/--no-serve", default=True, show_default=True, help="Serve the workbench after the report."
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--open/--no-open",
    "open_browser",
    default=None,
    help="Open the workbench in a browser (default: when a display is available).",
)
@token_option
@_errors
def demo(
    db: str | None,
    output: str,
    serve: bool,
    host: str,
    port: int,
    open_browser: bool | None,
    tokens: tuple[str, ...],
    read_only: bool,
) -> None:
    """Analyse the bundled demo corpus, write the report, then open the workbench on it.

    Example:


    \b
        rashomon demo                 # report, then the workbench at http://127.0.0.1:8000 until Ctrl-C
        rashomon demo --no-serve      # stop after the report
    """
    db = db or str(Path(output).parent / "demo.db")
    corpus = Path(str(resources.files("rashomon").joinpath("data", "demo")))
    report_ = run_pipeline((str(corpus),), db, None)
    _print_run(report_, db)
    with open_store(db) as store:
        path = write_report(store, output, "Rashomon demo: the Sarn Strait crisis")
    click.echo(f"Wrote {path}")
    if serve:
        _serve(db, host, port, tokens, read_only, _has_display() if open_browser is None else open_browser)


def _has_display() -> bool:
    import os

    return sys.platform in ("darwin", "win32") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def _serve(
    db: str, host: str, port: int, tokens: tuple[str, ...], read_only: bool, open_browser: bool = False
) -> None:
    import os

    try:
        import uvicorn

        from rashomon.api import create_app
        from rashomon.web.security import TOKENS_ENV, new_token
    except ImportError:
        raise click.ClickException("serving needs the web extra: pip install 'rashomon[web]'") from None
    given = list(tokens) or [t for t in os.environ.get(TOKENS_ENV, "").split(",") if t.strip()]
    made = None if given or read_only else new_token()
    chosen = [] if read_only else given or [made or ""]
    try:
        app = create_app(open_store(db), tokens=chosen)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    base = f"http://{host}:{port}"
    click.echo(f"Serving {db} on {base} (Ctrl-C to stop)")
    if read_only:
        click.echo("Read-only: adding articles and overrides are disabled.")
    elif made:
        click.echo(f"To add articles from this browser, open {base}/login?token={made}")
    else:
        click.echo(f"Write access: log in at {base}/login with your token.")
    if open_browser:
        import threading
        import webbrowser

        url = f"{base}/login?token={made}" if made else base
        threading.Timer(1.0, webbrowser.open, (url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@token_option
@_errors
def serve(db: str, host: str, port: int, tokens: tuple[str, ...], read_only: bool) -> None:
    """Serve the workbench and the HTTP API over a store (SQLite file or postgresql:// URL).

    Reading is open; adding articles and recording overrides need a write token.

    Example:


    \b
        rashomon serve --db crisis.db --port 8000
        rashomon serve --db postgresql://rashomon@dbhost/crisis --host 0.0.0.0 --token "$TOKEN"
    """
    _require_db(db)
    _serve(db, host, port, tokens, read_only)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def stages(as_json: bool) -> None:
    """List the registered stages with what they require and assign.

    Example:

    \b
        rashomon stages
    """
    specs = load_builtin_stages()
    if as_json:
        rows = [
            {
                "name": s.name,
                "scope": s.scope,
                "requires": list(s.requires),
                "assigns": list(s.assigns),
                "summary": s.summary,
            }
            for s in specs
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    for s in specs:
        click.echo(f"{s.name:<28} {s.scope:<8} {', '.join(s.requires) or '-':<28} -> {', '.join(s.assigns)}")


@cli.command("config")
@config_option
@_errors
def config_cmd(config_path: str | None) -> None:
    """Print the fully resolved configuration (defaults merged with --config).

    Example:

    \b
        rashomon config > my.toml    # edit, then: rashomon analyze … --config my.toml
    """
    load_builtin_stages()
    click.echo(dump_config(load_config(config_path)), nl=False)


@cli.command("eval")
@click.argument("suite", default="all")
@click.option("--data", default=None, help="Shared data folder (default ../shared/data or $RASHOMON_DATA).")
@click.option("--limit", type=int, default=None, help="At most this many items per dataset (quick runs).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@_errors
def eval_cmd(suite: str, data: str | None, limit: int | None, as_json: bool) -> None:
    """Score a stage on gold data, beside the published figures of its peers.

    Example:

    \b
        rashomon eval events
        rashomon eval quotes --limit 20
        rashomon eval all --json > scores.json
    """
    from rashomon.evaluate import format_results, run_eval
    from rashomon.evaluate.core import default_context

    results = run_eval(suite, default_context(data, limit))
    if as_json:
        import dataclasses

        click.echo(json.dumps([dataclasses.asdict(r) for r in results], indent=2))
    else:
        click.echo(format_results(results), nl=False)


@cli.command("export-gdelt")
@db_option
@click.option("-o", "--output", default="gdelt_events.tsv", show_default=True, help="Output file.")
@click.option("--csv", "as_csv", is_flag=True, help="Comma-separated instead of tab-separated.")
@_errors
def export_gdelt(db: str, output: str, as_csv: bool) -> None:
    r"""Export the events as a GDELT-style event table (GDELT 1.0 columns, then Rashomon's).

    One row per event as one article tells it, with CAMEO codes, PLOVER type and mode,
    modality, who reports it and its evidence offsets.

    Example:
    \b
        rashomon export-gdelt --db crisis.db -o gdelt_events.tsv
        rashomon export-gdelt --db crisis.db --csv -o gdelt_events.csv
    """
    from rashomon.export_gdelt import write_gdelt

    _require_db(db)
    with open_store(db) as store:
        n = write_gdelt(store, output, "csv" if as_csv else "tsv")
    click.echo(f"Wrote {n} events to {output}")


@cli.command()
@click.option(
    "--sizes", default="100,1k", show_default=True, help="Corpus sizes to measure, e.g. 100,1k,10k."
)
@click.option("--words", type=int, default=600, show_default=True, help="Words per generated article.")
@click.option("--workers", type=int, default=2, show_default=True, help="Worker processes (and n_process).")
@click.option("--corpus", default=None, help="Measure on these articles instead of generated ones.")
@click.option(
    "--incremental/--no-incremental", default=True, show_default=True, help="Also add 100 articles."
)
@click.option(
    "-o", "--output", default="benchmarks/results/bench.json", show_default=True, help="Results JSON file."
)
@click.option("--workdir", default=None, help="Keep corpora and stores in this folder (default: temporary).")
@click.option(
    "--ray",
    "ray_articles",
    type=int,
    default=0,
    help="Also time the Ray engine on N articles, 1 vs --workers.",
)
@config_option
@_errors
def bench(
    sizes: str,
    words: int,
    workers: int,
    corpus: str | None,
    incremental: bool,
    output: str,
    workdir: str | None,
    ray_articles: int,
    config_path: str | None,
) -> None:
    """Measure throughput, peak memory and store size per stage against the bare spaCy parse.

    Each size runs from scratch in fresh processes: the bare ``nlp.pipe`` parse (the limit
    of this design), then the whole pipeline. The results go to --output, and the previous
    results in that file are printed beside the new ones.

    Example:

    \b
        rashomon bench                       # 100 and 1k generated articles
        rashomon bench --sizes 1k,10k --words 600 -o benchmarks/results/bench.json
        rashomon bench --corpus ../shared/corpus/seeds --sizes 3 --no-incremental
        rashomon bench --sizes 100 --ray 200        # and the Ray engine, 1 vs 2 workers
    """
    from rashomon.benchmark.run import format_results, load_previous, options_from, parse_sizes, run_benchmark

    options = options_from(
        parse_sizes(sizes),
        words=words,
        workers=workers,
        corpus=corpus,
        incremental=incremental,
        output=output,
        workdir=workdir,
        ray=ray_articles,
        config_path=config_path,
    )
    previous = load_previous(output)
    results = run_benchmark(options, log=lambda line: click.echo(line, err=True))
    click.echo(format_results(results, previous), nl=False)
    click.echo(f"Wrote {output}")


@cli.command()
@db_option
@click.option("-o", "--output", default="stances.graphml", show_default=True, help="GraphML file to write.")
@click.option(
    "--level",
    type=click.Choice(["state", "actor"]),
    default=None,
    help="Derive the stances afresh with parties rolled up to states or kept as actors (default: as stored).",
)
@_errors
def graph(db: str, output: str, level: str | None) -> None:
    r"""Export the stance network (who supports or opposes whom) as GraphML for Gephi.

    Each edge carries its polarity (support/oppose, sign ±1), weight, count, first and last
    date, the articles and the evidence text behind it.

    Example:
    \b
        rashomon graph --db crisis.db -o stances.graphml
        rashomon graph --db crisis.db --level actor -o actors.graphml
    """
    from rashomon.analyze.stances import export_stance_graph

    _require_db(db)
    with open_store(db) as store:
        result = export_stance_graph(store, output, level)
    click.echo(f"Wrote {len(result.nodes)} parties and {len(result.edges)} stance edges to {output}")


def _require_db(db: str) -> None:
    if "://" not in db and not Path(db).exists():
        raise click.ClickException(
            f"no store at {db}; create one with: rashomon analyze ARTICLES... --db {db}"
        )


def open_existing(db: str) -> Store:
    """Open an existing store, failing with the command that creates one."""
    _require_db(db)
    return open_store(db)


def main() -> None:
    """Run the command line."""
    cli(prog_name="rashomon")


@cli.group()
def actors() -> None:
    """List the canonical actors fused across articles, and correct the fusion.

    A split or merge is stored in the database and respected by every later run.

    Example:

    \b
        rashomon actors list --db crisis.db --flagged
        rashomon actors split --db crisis.db "Aurel Brandt" "Aurel Brand"
        rashomon actors merge --db crisis.db "Elena Varga" "E. Varga"
    """


@actors.command("list")
@db_option
@click.option("--flagged", is_flag=True, help="Only actors with a flag (namesakes, user overrides).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines instead of text.")
@_errors
def actors_list(db: str, flagged: bool, as_json: bool) -> None:
    """List fused actors: name, code, type, articles, aliases and flags.

    Example:

    \b
        rashomon actors list --db crisis.db
        rashomon actors list --db crisis.db --json | jq .name
    """
    from rashomon.model import to_dict

    with open_existing(db) as store:
        rows = [a for a in store.records("actor") if a.flags or not flagged]
    for a in rows:
        if as_json:
            click.echo(json.dumps(to_dict(a), ensure_ascii=False))
            continue
        n = len({ev.article_id for ev in a.evidence})
        code = f" [{a.code}]" if a.code else ""
        click.echo(f"{a.name}{code} {a.type}, {n} article{'s' * (n != 1)}: {' · '.join(a.aliases)}")
        for flag in a.flags:
            click.echo(f"    ! {flag}")


def _actor_override(
    db: str, config_path: str | None, name_a: str, name_b: str, action: str, note: str
) -> None:
    from rashomon.fuse.actors import FusionOptions, apply_override

    load_builtin_stages()
    options = load_config(config_path).options_for("fuse.actors.v1") or FusionOptions()
    with open_existing(db) as store:
        actors_ = apply_override(store, name_a, name_b, action, note, options)
    verb = "Split" if action == "split" else "Merged"
    n = len(actors_)
    click.echo(f"{verb} {name_a!r} and {name_b!r}; {n} actor{'s' * (n != 1)} in {db}")


@actors.command("split")
@click.argument("name_a")
@click.argument("name_b")
@db_option
@config_option
@click.option("--note", default="", help="Why (kept with the override).")
@_errors
def actors_split(db: str, config_path: str | None, name_a: str, name_b: str, note: str) -> None:
    """Undo a wrong merge: keep the actors named NAME_A and NAME_B apart, now and on every re-run.

    Example:

    \b
        rashomon actors split --db crisis.db "Aurel Brandt" "Brandtt" --note "another man"
    """
    _actor_override(db, config_path, name_a, name_b, "split", note)


@actors.command("merge")
@click.argument("name_a")
@click.argument("name_b")
@db_option
@config_option
@click.option("--note", default="", help="Why (kept with the override).")
@_errors
def actors_merge(db: str, config_path: str | None, name_a: str, name_b: str, note: str) -> None:
    """Force a missed merge: treat the actors named NAME_A and NAME_B as one, now and on every re-run.

    Example:

    \b
        rashomon actors merge --db crisis.db "Elena Varga" "E. Varga"
    """
    _actor_override(db, config_path, name_a, name_b, "merge", note)
