"""The evaluation registry, result records, and shared scoring helpers."""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rashomon.errors import EvalError

__all__ = [
    "EVALUATORS",
    "EvalContext",
    "EvalResult",
    "Score",
    "evaluator",
    "format_results",
    "load_evaluators",
    "prf",
    "run_eval",
]


@dataclass(frozen=True, slots=True)
class Score:
    """One figure: our value, and the peer's published value on the same (or stated) data.

    ``key`` is the stable name the gate's floors use (``events.plover_gsr.correct``).
    """

    key: str
    label: str
    value: float
    peer: str = ""
    peer_value: float | None = None
    n: int = 0
    higher_is_better: bool = True


@dataclass
class EvalResult:
    """The scores of one suite on one dataset, with notes on what differs from the peers' setting."""

    suite: str
    dataset: str
    scores: list[Score] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class EvalContext:
    """Where evaluation data lives and how much of it to use.

    Attributes:
        data_dir: The shared data folder (``../shared/data`` by default, or ``$RASHOMON_DATA``).
        gold_dir: The repository's own gold files (``eval/gold``).
        limit: Evaluate on at most this many items per dataset (``None`` for all), for quick runs.
    """

    data_dir: Path
    gold_dir: Path
    limit: int | None = None

    def dataset(self, name: str) -> Path:
        """Return the folder of shared dataset ``name``.

        Raises:
            EvalError: naming the expected location when it is missing.
        """
        path = self.data_dir / name
        if not path.exists():
            raise EvalError(f"dataset {name!r} not found at {path}; pass --data DIR or set RASHOMON_DATA")
        return path


Suite = Callable[[EvalContext], list[EvalResult]]
EVALUATORS: dict[str, Suite] = {}


def evaluator(name: str) -> Callable[[Suite], Suite]:
    """Register the decorated function as evaluation suite ``name`` (``rashomon eval NAME``)."""

    def decorate(func: Suite) -> Suite:
        EVALUATORS[name] = func
        return func

    return decorate


def load_evaluators() -> dict[str, Suite]:
    """Import every module of this package so that its suites register; return them."""
    import rashomon.evaluate as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        if info.name != "core":
            importlib.import_module(f"rashomon.evaluate.{info.name}")
    return EVALUATORS


def default_context(data_dir: str | Path | None = None, limit: int | None = None) -> EvalContext:
    """Build the context: ``data_dir``, else ``$RASHOMON_DATA``, else ``../shared/data`` beside the repo."""
    repo = Path(__file__).resolve().parents[3]
    if data_dir is None:
        data_dir = os.environ.get("RASHOMON_DATA") or repo.parent / "shared" / "data"
    return EvalContext(Path(data_dir), repo / "eval" / "gold", limit)


def run_eval(name: str, context: EvalContext | None = None) -> list[EvalResult]:
    """Run suite ``name`` (or ``all``) and return its results.

    Raises:
        EvalError: for an unknown suite, naming the known ones.
    """
    suites = load_evaluators()
    context = context or default_context()
    if name == "all":
        return [r for n in sorted(suites) for r in suites[n](context)]
    if name not in suites:
        raise EvalError(
            f"unknown evaluation {name!r}; choose from {', '.join(sorted(suites)) or '(none)'} or all"
        )
    return suites[name](context)


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Return precision, recall and F1 from counts (0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def format_results(results: list[EvalResult]) -> str:
    """Render results as aligned text tables: our figure beside the peer's."""
    lines: list[str] = []
    for res in results:
        lines.append(f"{res.suite} — {res.dataset}" + (f"  ({res.seconds:.1f}s)" if res.seconds else ""))
        width = max([len(s.label) for s in res.scores] + [10])
        lines.append(f"  {'metric':<{width}}  {'Rashomon':>9}  {'n':>6}  peer (published)")
        for s in res.scores:
            peer = f"{s.peer_value:.3f}  {s.peer}" if s.peer_value is not None else s.peer
            lines.append(f"  {s.label:<{width}}  {s.value:>9.3f}  {s.n:>6}  {peer}")
        lines.extend(f"  note: {n}" for n in res.notes)
        lines.append("")
    return "\n".join(lines)
