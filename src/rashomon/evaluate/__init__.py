"""Evaluation on gold data, printed beside the published figures of the field's peers.

Each suite registers with :func:`evaluator` and returns :class:`EvalResult` rows.
``rashomon eval NAME`` runs one suite; ``eval/gate.py`` runs them all and compares every
score with its floor in ``eval/baseline.json``.

Test splits under ``../shared/data`` are read here for evaluation only: nothing in this
package trains, tunes or picks a rule on them.
"""

from rashomon.evaluate.core import (
    EVALUATORS,
    EvalContext,
    EvalResult,
    Score,
    evaluator,
    format_results,
    load_evaluators,
    prf,
    run_eval,
)

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
