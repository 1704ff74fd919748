"""The evaluation gate: score every suite and fail when a score drops below its floor.

Usage::

    python eval/gate.py                  # score, compare with eval/baseline.json, exit 1 on regression
    python eval/gate.py --update         # re-pin gold hashes and raise floors to today's scores
    python eval/gate.py --update --allow-regression --reason "…"   # lower a floor, with a stated reason

Floors live in ``eval/baseline.json`` as ``{"floors": {key: value}, "gold_sha256": {file: digest}}``;
for a score where lower is better (its ``Score.higher_is_better`` is false) the value is a ceiling.
A floor is only lowered with ``--allow-regression`` and a reason, which is kept in the file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from rashomon.errors import EvalError
from rashomon.evaluate import format_results, load_evaluators, run_eval
from rashomon.evaluate.core import default_context

HERE = Path(__file__).resolve().parent
BASELINE = HERE / "baseline.json"
# Scores move by less than this between identical runs (thread scheduling in the parser,
# floating-point sums); a drop within it is noise, not a regression.
EPSILON = 0.005


def gold_hashes() -> dict[str, str]:
    return {
        str(p.relative_to(HERE)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((HERE / "gold").rglob("*"))
        if p.is_file()
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("suites", nargs="*", help="suites to run (default: every suite with floors)")
    parser.add_argument("--update", action="store_true")
    parser.add_argument("--allow-regression", action="store_true")
    parser.add_argument("--reason", default="")
    parser.add_argument("--data", default=None, help="shared data folder (default ../shared/data)")
    args = parser.parse_args()

    baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {"floors": {}, "gold_sha256": {}}
    floors: dict[str, float] = baseline.get("floors", {})
    suites = args.suites or sorted({k.split(".")[0] for k in floors} or load_evaluators())
    context = default_context(args.data)
    results = []
    for name in suites:
        try:
            results.extend(run_eval(name, context))
        except EvalError as exc:
            if not context.data_dir.exists():
                print(f"skipped {name}: {exc}")
                continue
            raise
    print(format_results(results))
    scores = {s.key: s.value for r in results for s in r.scores}
    # A score where lower is better (false positives per sentence) has a ceiling, not a floor.
    lower_better = {s.key for r in results for s in r.scores if not s.higher_is_better}

    def worse(key: str, value: float, bound: float) -> bool:
        return value > bound + EPSILON if key in lower_better else value < bound - EPSILON

    def better(key: str, value: float, bound: float) -> bool:
        return value < bound if key in lower_better else value > bound

    failed = []
    for key, floor in sorted(floors.items()):
        if key not in scores:
            continue
        if worse(key, scores[key], floor):
            sign = ">" if key in lower_better else "<"
            failed.append(
                f"{key}: {scores[key]:.4f} {sign} {'ceiling' if sign == '>' else 'floor'} {floor:.4f}"
            )
    changed = gold_hashes() != baseline.get("gold_sha256", {})
    if args.update:
        lowered = [k for k in floors if k in scores and worse(k, scores[k], floors[k])]
        if lowered and not (args.allow_regression and args.reason):
            print("refusing to lower floors without --allow-regression --reason:", ", ".join(lowered))
            return 1
        for key, value in scores.items():
            if key in floors or key in {s.key for r in results for s in r.scores}:
                floors[key] = (
                    round(value, 4)
                    if key not in floors or better(key, value, floors[key]) or key in lowered
                    else floors[key]
                )
        baseline["floors"] = dict(sorted(floors.items()))
        baseline["gold_sha256"] = gold_hashes()
        if lowered:
            baseline.setdefault("lowered", []).append({"keys": lowered, "reason": args.reason})
        BASELINE.write_text(json.dumps(baseline, indent=2) + "\n")
        print(f"updated {BASELINE.name}: {len(floors)} floors")
        return 0
    if changed:
        print(
            "gold files changed since the floors were set: run eval/gate.py --update and explain the change"
        )
        return 1
    if failed:
        print("REGRESSION:\n  " + "\n  ".join(failed))
        return 1
    print(f"gate passed: {sum(k in scores for k in floors)} floors checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
