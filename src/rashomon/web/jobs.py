"""Pipeline jobs started from the workbench: uploaded or pasted articles, and refreshes after overrides.

Jobs run one at a time on a background thread (the pipeline is one writer; readers go on
meanwhile on their own connections) and report progress as they go, so a page can show it.
Uploaded files are kept under ``uploads_dir/<job id>/`` and become the articles' ``source``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import threading
import uuid
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rashomon.config import Config, load_config
from rashomon.pipeline import Pipeline, load_builtin_stages
from rashomon.store import Store

__all__ = ["Job", "JobRunner", "PastedArticle", "safe_filename"]

logger = logging.getLogger(__name__)

# Finished jobs kept for their pages; older ones are forgotten (their articles stay stored).
MAX_KEPT_JOBS = 200
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def safe_filename(name: str, fallback: str = "upload.txt") -> str:
    """Return ``name`` reduced to a plain file name: no folders, no odd characters, no leading dot."""
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = _UNSAFE.sub("_", base).strip("._")[:100]
    return cleaned or fallback


@dataclass(frozen=True, slots=True)
class PastedArticle:
    """Article text pasted into the workbench, with what the user knows about it."""

    text: str
    title: str = ""
    outlet: str = ""
    published: str | None = None
    url: str = ""
    author: str = ""


@dataclass
class Job:
    """A pipeline job and its progress (``status``: queued, running, done or failed)."""

    id: str
    kind: str
    inputs: list[str]
    status: str = "queued"
    phase: str = ""
    done: int = 0
    total: int = 0
    created: str = field(default_factory=_now)
    started: str | None = None
    finished: str | None = None
    summary: str = ""
    new_articles: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, str]] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the job as a JSON-ready dictionary."""
        return asdict(self)


class JobRunner:
    """Runs pipeline jobs over one store, one at a time, on a background thread.

    Args:
        store: The store the jobs write to.
        config: The pipeline configuration; ``None`` loads the defaults at the first job.
        uploads_dir: Where uploaded files are kept (one folder per job).
    """

    def __init__(self, store: Store, config: Config | None, uploads_dir: Path) -> None:
        self.store = store
        self.config = config
        self.uploads_dir = uploads_dir
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rashomon-job")

    def _pipeline(self) -> Pipeline:
        load_builtin_stages()
        if self.config is None:
            self.config = load_config()
        return Pipeline(self.config)

    def get(self, job_id: str) -> Job | None:
        """Return job ``job_id``, or ``None`` if unknown (or long forgotten)."""
        with self._lock:
            return self._jobs.get(job_id)

    def jobs(self) -> list[Job]:
        """Return the kept jobs, newest first."""
        with self._lock:
            return list(reversed(self._jobs.values()))

    def _add(self, job: Job) -> Job:
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > MAX_KEPT_JOBS:
                self._jobs.popitem(last=False)
        return job

    def ingest(self, files: list[tuple[str, bytes]], pasted: list[PastedArticle]) -> Job:
        """Save ``files`` and ``pasted`` articles under a new job folder and queue the pipeline on them."""
        job_id = "job_" + uuid.uuid4().hex[:12]
        folder = self.uploads_dir / job_id
        folder.mkdir(parents=True, exist_ok=True)
        inputs = []
        used: set[str] = set()
        for name, data in files:
            stem, dot, suffix = safe_filename(name).rpartition(".")
            candidate, n = f"{stem}{dot}{suffix}", 1
            while candidate in used:
                n += 1
                candidate = f"{stem}-{n}{dot}{suffix}"
            used.add(candidate)
            (folder / candidate).write_bytes(data)
            inputs.append(candidate)
        if pasted:
            lines = [
                json.dumps({k: v for k, v in asdict(p).items() if v}, ensure_ascii=False) for p in pasted
            ]
            (folder / "pasted.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
            inputs.append("pasted.jsonl")
        job = self._add(Job(job_id, "ingest", inputs))
        self._pool.submit(self._run, job, folder)
        return job

    def refresh(self, reason: str) -> Job:
        """Queue a run that ingests nothing and re-runs the corpus stages (after an override)."""
        job = self._add(Job("job_" + uuid.uuid4().hex[:12], "refresh", [reason]))
        self._pool.submit(self._run, job, None)
        return job

    def _run(self, job: Job, folder: Path | None) -> None:
        job.status, job.started = "running", _now()

        def progress(phase: str, done: int, total: int) -> None:
            job.phase, job.done, job.total = phase, done, total

        try:
            before = {h["id"] for h in self.store.article_headers()}
            report = self._pipeline().run([folder] if folder else [], self.store, progress)
            after = self.store.article_headers()
            job.new_articles = [
                {"id": h["id"], "title": h.get("title") or "", "outlet": h.get("outlet") or ""}
                for h in after
                if h["id"] not in before
            ]
            job.rejected = [{"source": r.source, "reason": r.reason, "fix": r.fix} for r in report.rejected]
            job.summary = report.summary()
            job.status = "done"
        except Exception as exc:  # a job must end with a status the page can show
            logger.exception("job %s failed", job.id)
            job.error = f"{type(exc).__name__}: {exc}"
            job.status = "failed"
        finally:
            job.finished = _now()

    def wait(self, job_id: str, timeout: float = 60.0) -> Job | None:
        """Block until job ``job_id`` has finished (for scripts and tests); return it."""
        done = threading.Event()

        def check() -> None:
            done.set()

        self._pool.submit(check)
        done.wait(timeout)
        return self.get(job_id)

    def shutdown(self) -> None:
        """Stop taking jobs and wait for the running one."""
        self._pool.shutdown(wait=True, cancel_futures=True)
