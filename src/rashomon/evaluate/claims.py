"""Check-worthiness on ClaimBuster and CLEF CheckThat! 2019 task 1, beside the published results.

``rashomon eval claims`` scores the shipped model (``extract.checkworthy``) on the two test
splits: F1 of the check-worthy class at the model's dev-tuned thresholds, and, for CLEF 2019,
the task's official measure, mean average precision over transcripts. Nothing here trains or
tunes: the thresholds were fixed on dev splits carved from train.
"""

from __future__ import annotations

import csv
import json
import time
from collections import defaultdict

import numpy as np

from rashomon.evaluate.core import EvalContext, EvalResult, Score, evaluator, prf

__all__ = ["average_precision", "evaluate_claims", "mean_average_precision"]

#: Best primary run of CLEF CheckThat! 2019 task 1 (Copenhagen), MAP on the test transcripts
#: (Atanasova et al., "Overview of the CLEF-2019 CheckThat! Lab … Task 1: Check-Worthiness").
CLEF19_BEST_MAP = 0.1660


def average_precision(scores: list[float], labels: list[int]) -> float:
    """Average precision of one ranked list (0 when it has no positive)."""
    order = np.argsort(-np.asarray(scores), kind="stable")
    hits, total = 0, 0.0
    for rank, i in enumerate(order, start=1):
        if labels[i]:
            hits += 1
            total += hits / rank
    positives = sum(labels)
    return total / positives if positives else 0.0


def mean_average_precision(scores: list[float], labels: list[int], groups: list[str]) -> float:
    """MAP over the groups (transcripts) that have at least one positive."""
    by: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        by[g].append(i)
    aps = [
        average_precision([scores[i] for i in idx], [labels[i] for i in idx])
        for idx in by.values()
        if any(labels[i] for i in idx)
    ]
    return float(np.mean(aps)) if aps else 0.0


def _f1(scores: list[float], labels: list[int], threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and y)
    fp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and not y)
    fn = sum(1 for s, y in zip(scores, labels, strict=True) if s < threshold and y)
    return prf(tp, fp, fn)


@evaluator("claims")
def evaluate_claims(context: EvalContext) -> list[EvalResult]:
    """Score check-worthiness on the ClaimBuster and CLEF 2019 test splits."""
    from rashomon.extract.checkworthy import load_checkworthy_model

    model = load_checkworthy_model()
    base = context.dataset("claimbuster")
    results = []

    started = time.perf_counter()
    rows = json.loads((base / "two_class" / "test.json").read_text(encoding="utf-8"))[: context.limit or None]
    texts, labels = [r["text"] for r in rows], [int(r["label"]) for r in rows]
    scores = [float(x) for x in model.predict_proba(texts)]
    p, r, f = _f1(scores, labels, model.thresholds["claimbuster"])
    res = EvalResult("claims", f"ClaimBuster test.json ({len(rows)} sentences, {sum(labels)} check-worthy)")
    res.scores = [
        Score("claims.claimbuster.precision", "check-worthy precision", p, n=len(rows)),
        Score("claims.claimbuster.recall", "check-worthy recall", r, n=len(rows)),
        Score("claims.claimbuster.f1", "check-worthy F1", f, n=len(rows)),
        Score(
            "claims.claimbuster.ap",
            "average precision",
            average_precision(scores, labels),
            n=len(rows),
        ),
    ]
    res.notes = [
        "Peer: Meng et al., 'Gradient-based adversarial training on transformer networks for detecting "
        "check-worthy factual claims' (arXiv 2002.07725) report CFS F1 on ClaimBuster by 4-fold "
        "cross-validation over kfold_25ncs (which contains most of test.json), not on this split; "
        "their figure is not comparable and is left out.",
        f"Threshold {model.thresholds['claimbuster']:.2f}, tuned on a 10% dev split of train.json.",
    ]
    res.seconds = time.perf_counter() - started
    results.append(res)

    started = time.perf_counter()
    with (base / "clef19" / "CT19-T1-Test.csv").open(encoding="utf-8") as fh:
        rows2 = list(csv.DictReader(fh))[: context.limit or None]
    texts = [r["text"] for r in rows2]
    labels = [int(r["label"]) for r in rows2]
    groups = [r["file_name"] for r in rows2]
    scores = [float(x) for x in model.predict_proba(texts)]
    p, r, f = _f1(scores, labels, model.thresholds["clef"])
    res = EvalResult(
        "claims", f"CLEF CheckThat! 2019 T1 test ({len(rows2)} sentences, {len(set(groups))} transcripts)"
    )
    res.scores = [
        Score(
            "claims.clef19.map",
            "MAP (official measure)",
            mean_average_precision(scores, labels, groups),
            "CheckThat! 2019 best primary run (Copenhagen)",
            CLEF19_BEST_MAP,
            len(rows2),
        ),
        Score("claims.clef19.precision", "check-worthy precision", p, n=len(rows2)),
        Score("claims.clef19.recall", "check-worthy recall", r, n=len(rows2)),
        Score("claims.clef19.f1", "check-worthy F1", f, n=len(rows2)),
    ]
    res.notes = [
        "Peer: Atanasova et al., Overview of the CLEF-2019 CheckThat! Lab, Task 1 (CEUR-WS Vol-2380): "
        "best primary MAP 0.166; the lab ranks by MAP and publishes no F1.",
        f"Threshold {model.thresholds['clef']:.2f}, tuned on three CLEF 2019 training transcripts held out.",
        (
            "Trained on CT19-T1-Training.csv and ClaimBuster train.json only (CLEF 2020 train "
            "overlaps this test)."
        ),
    ]
    res.seconds = time.perf_counter() - started
    results.append(res)
    return results
