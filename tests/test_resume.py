"""A run killed with SIGKILL mid-way resumes without loss or duplicates (issue 8)."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rashomon.benchmark.corpus import CorpusSpec, write_corpus
from rashomon.store import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = 200


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "HF_HUB_OFFLINE": "1",
        "RASHOMON_DB": "",
    }


def _command(corpus: Path, db: Path, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "rashomon",
        "analyze",
        str(corpus),
        "--db",
        str(db),
        "--workers",
        str(workers),
    ]


def _analysed(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(
                conn.execute("SELECT count(*) FROM articles WHERE analyzed_hash IS NOT NULL").fetchone()[0]
            )
    except sqlite3.Error:
        return 0


def _contents(db: Path) -> tuple[dict[str, int], list[str], int]:
    store = SQLiteStore(db)
    try:
        counts = store.counts()
        ids = sorted(r[0] for r in store.conn.execute("SELECT id FROM records"))
        evidence = store.conn.execute("SELECT count(*) FROM evidence").fetchone()[0]
        assert store.analysis_status(_hash(store))[1] == 0
    finally:
        store.close()
    return counts, ids, evidence


def _hash(store: SQLiteStore) -> str:
    [digest] = {r[0] for r in store.conn.execute("SELECT analyzed_hash FROM articles")}
    return str(digest)


@pytest.mark.slow
@pytest.mark.issue(8)
@pytest.mark.parametrize("workers", [2])  # the worker path; storage is the same with 1
def test_run_killed_with_sigkill_resumes_without_loss_or_duplicates(tmp_path: Path, workers: int) -> None:
    corpus = write_corpus(CorpusSpec(n=ARTICLES, words=50, seed=3), tmp_path / "corpus.jsonl")
    killed, clean = tmp_path / "killed.db", tmp_path / "clean.db"

    proc = subprocess.Popen(
        _command(corpus, killed, workers), env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120  # worker start-up is slow on a busy machine
    while _analysed(killed) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert 0 < _analysed(killed) < ARTICLES, "the run was not stopped mid-way"

    resumed = subprocess.run(_command(corpus, killed, workers), env=_env(), capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stdout.startswith("0 new articles"), resumed.stdout
    done = subprocess.run(_command(corpus, clean, workers), env=_env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr

    assert _contents(killed) == _contents(clean)
