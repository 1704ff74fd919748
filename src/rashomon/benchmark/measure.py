"""Measurements of one task in a fresh process: wall time, CPU time and peak memory.

Each measured task runs in its own spawned process so that its peak resident memory is its
own (``VmHWM`` in ``/proc/self/status``, the high-water mark of the resident set) and not
that of whatever ran before it. The worker processes a task starts are measured too: the
operating system reports the largest peak among the children a process has waited for.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["Measurement", "measure", "peak_rss_mb"]


@dataclass(frozen=True, slots=True)
class Measurement:
    """What one task cost.

    Attributes:
        wall_s: Wall-clock seconds of the task itself (process start and imports excluded).
        cpu_s: CPU seconds (user + system) of the task's process and of the workers it waited for.
        peak_rss_mb: Peak resident memory of the task's process (MiB).
        worker_peak_rss_mb: Largest peak resident memory among its worker processes (MiB; 0 if none).
        workers: How many worker processes it ran.
    """

    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    worker_peak_rss_mb: float
    workers: int

    @property
    def total_peak_rss_mb(self) -> float:
        """Peak memory of the process plus every worker at its largest peak (an upper bound, MiB)."""
        return self.peak_rss_mb + self.workers * self.worker_peak_rss_mb


def peak_rss_mb() -> float:
    """Return this process's peak resident memory so far in MiB (``VmHWM``; ``ru_maxrss`` elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _child(conn: Connection, func: Callable[..., Any], args: tuple[Any, ...], workers: int) -> None:
    try:
        cpu, started = _cpu(), time.perf_counter()
        result = func(*args)
        wall = time.perf_counter() - started
        worker_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 if workers else 0.0
        conn.send(("ok", result, Measurement(wall, _cpu() - cpu, peak_rss_mb(), worker_peak, workers)))
    except BaseException as exc:  # the parent re-raises it with the task's name
        conn.send(("error", f"{type(exc).__name__}: {exc}", None))
    finally:
        conn.close()


def measure(func: Callable[..., Any], *args: Any, workers: int = 0) -> tuple[Any, Measurement]:
    """Run ``func(*args)`` in a fresh spawned process and return its result with what it cost.

    ``func`` times its own work: when it returns a mapping with ``"seconds"``, that replaces
    the wall time measured around it (so a task can leave its set-up, such as loading a
    model, out of its figure).

    Raises:
        RuntimeError: if the task failed or its process died.
    """
    ctx = get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, func, args, workers))
    proc.start()
    child.close()
    try:
        status, result, measurement = parent.recv()
    except EOFError:
        proc.join()
        raise RuntimeError(
            f"{func.__name__} died (exit code {proc.exitcode}); see the output above"
        ) from None
    proc.join()
    if status != "ok":
        raise RuntimeError(f"{func.__name__} failed: {result}")
    if isinstance(result, dict) and "seconds" in result:
        m = measurement
        measurement = Measurement(
            float(result["seconds"]), m.cpu_s, m.peak_rss_mb, m.worker_peak_rss_mb, m.workers
        )
    return result, measurement


def load_average() -> float:
    """Return the one-minute load average (0 where the platform has none)."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return 0.0
