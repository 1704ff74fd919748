"""Shared fixtures: hand-built documents (no model), a fresh store, no network, the shared data."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from rashomon.ingest import article_id, normalize_text
from rashomon.model import Article, Document, Mention, Sentence, Token
from rashomon.store import SQLiteStore, Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
DEMO = ROOT / "src" / "rashomon" / "data" / "demo"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--slow", action="store_true", default=False, help="also run tests that load real models"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="loads real models; run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


_SENT = re.compile(r"[^.!?]+(?:[.!?]+[’”\"']?|$)")
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*\.?|[^\w\s]")


def build_document(
    text: str,
    mentions: Sequence[tuple[str, str]] = (),
    published: str | None = None,
    title: str = "",
    outlet: str = "",
) -> Document:
    """Build an annotated document by hand: sentences split on . ! ?, tokens by regex, given mentions."""
    text = normalize_text(text)
    article = Article(id=article_id(text), text=text, title=title, outlet=outlet, published=published)
    sentences = []
    for m in _SENT.finditer(text):
        chunk = m.group(0)
        start = m.start() + (len(chunk) - len(chunk.lstrip()))
        end = m.end() - (len(chunk) - len(chunk.rstrip()))
        if end > start:
            sentences.append(Sentence(len(sentences), start, end, text[start:end]))
    sent_of = lambda off: max([s.index for s in sentences if s.start <= off] or [0])  # noqa: E731
    tokens = tuple(
        Token(i, t.start(), t.end(), t.group(0), sentence=sent_of(t.start()))
        for i, t in enumerate(_TOKEN.finditer(text))
    )
    found: list[Mention] = []
    cursor: dict[str, int] = {}
    for surface, etype in mentions:
        start = text.index(surface, cursor.get(surface, 0))
        cursor[surface] = start + len(surface)
        found.append(Mention(surface, start, start + len(surface), sent_of(start), etype))
    doc = Document(
        article,
        sentences=tuple(sentences),
        tokens=tokens,
        mentions=tuple(sorted(found, key=lambda m: m.start)),
    )
    doc.assigned.update({"sentences", "tokens", "mentions"})
    return doc


@pytest.fixture
def make_article() -> Callable[..., Document]:
    """Build a :class:`Document` by hand (see :func:`build_document`)."""
    return build_document


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Tests marked all_backends run once per store back end (the PostgreSQL run is marked postgres).
    if "store" in metafunc.fixturenames and metafunc.definition.get_closest_marker("all_backends"):
        metafunc.parametrize(
            "store", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
        )


@pytest.fixture
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh store: SQLite in a temporary folder, or a fresh PostgreSQL database (all_backends)."""
    if getattr(request, "param", "sqlite") == "postgres":
        from rashomon.store.postgres import PostgresStore

        s: Store = PostgresStore(request.getfixturevalue("postgres_database"))
    else:
        s = SQLiteStore(tmp_path / "test.db")
    yield s
    s.close()


def _service_missing(reason: str) -> None:
    """Skip a test whose service is missing, or fail it where CI requires every service."""
    if os.environ.get("RASHOMON_REQUIRE_SERVICES"):
        pytest.fail(f"{reason} (RASHOMON_REQUIRE_SERVICES is set, so this is an error)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _postgres_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return versions[-1].parent if versions else None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server URL: $RASHOMON_TEST_POSTGRES, else a throwaway cluster on 127.0.0.1.

    The cluster is made with Debian's initdb/pg_ctl in a temporary folder (as the ``postgres``
    user when running as root, since initdb refuses root) and removed at the end of the session.
    """
    if os.environ.get("RASHOMON_TEST_POSTGRES"):
        yield os.environ["RASHOMON_TEST_POSTGRES"].rstrip("/")
        return
    bindir = _postgres_bin()
    if bindir is None:
        _service_missing("no PostgreSQL binaries (apt-get install postgresql) and no $RASHOMON_TEST_POSTGRES")
    assert bindir is not None
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="rashomon-pg-"))
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            _service_missing("running as root without runuser: cannot start PostgreSQL as another user")
        shutil.chown(folder, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    data = folder / "data"
    initdb = [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8"]
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off"
    pg_ctl = [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-w"]
    try:
        subprocess.run(
            [*as_user, *initdb, "--locale=C.UTF-8", "--no-sync"], check=True, capture_output=True, timeout=120
        )
        start = [*as_user, *pg_ctl, "-o", options, "start"]
        subprocess.run(start, check=True, capture_output=True, timeout=60)
    except (subprocess.SubprocessError, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(folder, ignore_errors=True)
        _service_missing(f"could not start a throwaway PostgreSQL server: {exc} {detail.decode()[-300:]}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*as_user, *pg_ctl, "-m", "immediate", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_database(postgres_server: str) -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database, dropped after the test."""
    psycopg = pytest.importorskip("psycopg", reason="the postgres extra is not installed")
    name = "rashomon_test_" + uuid.uuid4().hex[:12]
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield f"{postgres_server}/{name}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A headless Chromium (Debian's, driven by Playwright; ``playwright install`` is never run)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (dev extra)")
    path = os.environ.get("RASHOMON_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        _service_missing("no Chromium (apt-get install chromium, or set $RASHOMON_CHROMIUM)")
    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=flags)
        yield browser
        browser.close()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any attempt to open a network connection."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("test tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture
def seeds() -> Path:
    """The three seed articles in ../shared (skipped in a clone without it)."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is absent (a user's clone); the demo corpus tests still run")
    return SEEDS


@pytest.fixture
def demo_corpus() -> Path:
    """The bundled demo corpus."""
    return DEMO


WORKBENCH = ROOT / "tests" / "data" / "workbench.json"
WRITE_TOKEN = "test-write-token"
_FUSED_STAGES = {
    "actor": "fuse.actors.v1",
    "event_cluster": "fuse.events.seed",
    "claim_cluster": "fuse.claims.seed",
}


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in _SENT.finditer(text):
        chunk = m.group(0)
        start = m.start() + (len(chunk) - len(chunk.lstrip()))
        end = m.end() - (len(chunk) - len(chunk.rstrip()))
        if end > start:
            spans.append((start, end))
    return spans


def _swap(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, list):
        return [_swap(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _swap(v, ids) for k, v in value.items()}
    return value


def load_workbench(store: Store) -> dict[str, str]:
    """Ingest the demo corpus with no stages, then add the records of tests/data/workbench.json.

    Returns the article key (source file name, with ``:line`` for JSON Lines) → article id.
    """
    from collections import defaultdict

    from rashomon.config import load_config
    from rashomon.model import RECORD_KINDS, evidence_for, from_dict
    from rashomon.pipeline import Pipeline, load_builtin_stages

    load_builtin_stages()
    # Ingest only, and mark the seeded articles analysed under this stage-less configuration,
    # so that a test app running the same configuration analyses only what it adds.
    ingest_only = Pipeline(load_config(overrides={"pipeline": {"stages": []}}))
    ingest_only.run([DEMO], store)
    analyzed = ingest_only.config.article_hash()
    articles = {Path(a.source).name: a for a in store.articles()}
    ids = {key: a.id for key, a in articles.items()}
    sentences = {a.id: _sentences(a.text) for a in articles.values()}
    spec = json.loads(WORKBENCH.read_text(encoding="utf-8"))
    made: dict[str, dict[str, Any]] = {}
    per_article: dict[str, list[tuple[str, object]]] = defaultdict(list)
    fused: dict[str, list[object]] = defaultdict(list)
    for raw in spec["records"]:
        r = dict(raw)
        kind = r.pop("kind")
        if "kind_" in r:
            r["kind"] = r.pop("kind_")
        key = r.pop("article", None)
        r = _swap(r, ids)
        if key:
            article = articles[key]
            r["article_id"] = article.id
            starts = [s for s, _ in sentences[article.id]]
            for field in ("evidence", "speaker_evidence", "cue_evidence"):
                spans = []
                for phrase in r.get(field, []):
                    start = article.text.index(phrase)
                    index = max([i for i, s in enumerate(starts) if s <= start] or [0])
                    spans.append(evidence_for(article, start, start + len(phrase), index))
                if field in r:
                    r[field] = [{f: getattr(e, f) for f in e.__slots__} for e in spans]
            if kind == "entity":
                r["mentions"] = [{**e, "type": r["type"]} for e in r["evidence"]]
                for m in r["mentions"]:
                    m.pop("article_id")
        else:
            members = r.get("event_ids") or r.get("claim_ids") or r.get("entity_ids") or []
            r["evidence"] = [e for m in members for e in made[m]["evidence"]]
        made[r["id"]] = r
        record = from_dict(RECORD_KINDS[kind], r)
        if kind in _FUSED_STAGES:
            fused[kind].append(record)
        else:
            per_article[r["article_id"]].append((f"seed.{kind}", record))
    run = store.start_run("# workbench seed\n")
    for aid, records in per_article.items():
        store.save_article_records(aid, records, analyzed, run, sentences[aid])
    for aid in set(ids.values()) - set(per_article):
        store.save_article_records(aid, [], analyzed, run, sentences[aid])
    for kind, records in fused.items():
        store.replace_stage_records(_FUSED_STAGES[kind], records, run)
    store.finish_run(run, "ok", {"seeded": len(made)})
    return ids


@pytest.fixture(scope="session")
def workbench_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the demo corpus and the hand-made workbench records (built once)."""
    path = tmp_path_factory.mktemp("workbench") / "workbench.db"
    with SQLiteStore(path) as s:
        load_workbench(s)
    return path


@pytest.fixture
def workbench(workbench_db: Path, tmp_path: Path) -> Iterator[Store]:
    """A fresh copy of the workbench store, free to write to."""
    copy = tmp_path / "workbench.db"
    shutil.copy(workbench_db, copy)
    s = SQLiteStore(copy)
    yield s
    s.close()


@pytest.fixture
def client(workbench: Store) -> Iterator[Any]:
    """An in-process HTTP client for the app over the workbench store, with one write token."""
    testclient = pytest.importorskip("fastapi.testclient", reason="the web extra is not installed")
    from rashomon.api import create_app

    with testclient.TestClient(create_app(workbench, tokens=[WRITE_TOKEN])) as c:
        yield c


@pytest.fixture
def seeded(store: Store) -> Store:
    """The ``store`` fixture (either back end under all_backends) with the workbench records loaded."""
    load_workbench(store)
    return store
