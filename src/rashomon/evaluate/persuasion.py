"""Suite ``persuasion``: SemEval-2021 task 6 (persuasion techniques in meme texts), test split.

Subtask 1 is scored with micro-F1 over (text, technique) pairs; subtask 2 with the task's
span F1, which gives partial credit for overlapping spans of the same technique
(Da San Martino et al., 2019, "Fine-Grained Analysis of Propaganda in News Articles"):

    P = Σ_pred Σ_gold same technique |pred ∩ gold| / |pred|   ÷ number of predicted spans
    R = Σ_pred Σ_gold same technique |pred ∩ gold| / |gold|   ÷ number of gold spans

Our subtask-1 answer is the set of techniques of the spans we find (what the report shows),
not a separate text classifier. The test split is read here only, to evaluate.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from rashomon.analyze.persuasion import (
    TECHNIQUE_SLUGS,
    TECHNIQUES,
    PersuasionModel,
    load_persuasion_model,
    predict_persuasion,
)
from rashomon.evaluate.core import EvalContext, EvalResult, Score, evaluator, prf

__all__ = ["label_micro_f1", "load_task2", "score_persuasion", "span_prf"]

Span = tuple[int, int, str]

# Best official test figures of the shared task (Dimitrov et al., 2021, "SemEval-2021 Task 6:
# Detection of Persuasion Techniques in Texts and Images", SemEval 2021, ACL Anthology
# 2021.semeval-1.7): subtask 1 was won by MinD (micro-F1 0.593; Tian et al., 2021),
# subtask 2 by Volta (span F1 0.482; Gupta et al., 2021, 2021.semeval-1.149, whose abstract
# gives 57.0 / 48.2 / 52.1 for subtasks 1-3). Both fine-tune BERT-family transformers.
PEER_TASK1 = ("MinD, SemEval-2021 task 6 winner (fine-tuned transformers)", 0.593)
PEER_TASK2 = ("Volta, SemEval-2021 task 6 winner (fine-tuned transformers)", 0.482)


def load_task2(path: Path) -> list[dict[str, Any]]:
    """Read a task-2 file: ``[{id, text, labels: [{start, end, technique, text_fragment}]}]``."""
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def span_prf(
    gold: Mapping[str, Sequence[Span]], pred: Mapping[str, Sequence[Span]], technique: str | None = None
) -> tuple[float, float, float]:
    """Return the task's span precision, recall and F1 (only ``technique`` when given).

    ``gold`` and ``pred`` map a text id to its (start, end, technique) spans.
    """
    p_num = r_num = 0.0
    p_den = r_den = 0
    for tid in set(gold) | set(pred):
        g = [s for s in gold.get(tid, ()) if technique is None or s[2] == technique]
        p = [s for s in pred.get(tid, ()) if technique is None or s[2] == technique]
        p_den += len(p)
        r_den += len(g)
        for ps, pe, pt in p:
            for gs, ge, gt in g:
                if pt != gt:
                    continue
                inter = max(0, min(pe, ge) - max(ps, gs))
                if inter:
                    p_num += inter / (pe - ps)
                    r_num += inter / (ge - gs)
    precision = p_num / p_den if p_den else 0.0
    recall = r_num / r_den if r_den else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision > 0 and recall > 0 else 0.0
    if not p_den and not r_den:
        f1 = 1.0
    return precision, recall, f1


def label_micro_f1(gold: Mapping[str, Iterable[str]], pred: Mapping[str, Iterable[str]]) -> float:
    """Return micro-F1 over (text id, technique) pairs, as subtask 1 scores it."""
    tp = fp = fn = 0
    for tid in set(gold) | set(pred):
        g, p = set(gold.get(tid, ())), set(pred.get(tid, ()))
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
    return prf(tp, fp, fn)[2]


def score_persuasion(
    model: PersuasionModel,
    items: Sequence[Mapping[str, Any]],
    techniques: Iterable[str] | None = None,
    patterns: bool = True,
) -> dict[str, Any]:
    """Predict ``items`` and return task-1 micro-F1, task-2 P/R/F1 and per-technique F1.

    Predictions are the model's for ``techniques`` (all by default), plus the patterns' unless
    ``patterns`` is false.
    """
    wanted = tuple(techniques) if techniques is not None else None
    gold: dict[str, list[Span]] = {}
    pred: dict[str, list[Span]] = {}
    for item in items:
        tid = str(item["id"])
        gold[tid] = [(int(lab["start"]), int(lab["end"]), lab["technique"]) for lab in item["labels"]]
        pred[tid] = [
            (s.start, s.end, s.technique) for s in predict_persuasion(model, item["text"], wanted, patterns)
        ]
    p, r, f = span_prf(gold, pred)
    task1 = label_micro_f1(
        {k: {s[2] for s in v} for k, v in gold.items()}, {k: {s[2] for s in v} for k, v in pred.items()}
    )
    per = {t: span_prf(gold, pred, t)[2] for t in TECHNIQUES}
    return {"task1_micro_f1": task1, "task2_p": p, "task2_r": r, "task2_f1": f, "per_technique": per}


@evaluator("persuasion")
def evaluate_persuasion(ctx: EvalContext) -> list[EvalResult]:
    """Score the bundled persuasion model on the SemEval-2021 task 6 test split."""
    started = time.perf_counter()
    folder = ctx.dataset("semeval2021-task6")
    items = load_task2(folder / "test_set_task2.txt")
    if ctx.limit:
        items = items[: ctx.limit]
    model = load_persuasion_model()
    full = score_persuasion(model, items)
    shown = score_persuasion(model, items, [t for t in model.techniques if t not in model.hidden])
    n_spans = sum(len(i["labels"]) for i in items)
    res = EvalResult("persuasion", f"SemEval-2021 task 6 test ({len(items)} meme texts, {n_spans} spans)")
    res.scores = [
        Score(
            "persuasion.semeval21_test.task1_micro_f1",
            "task 1 micro-F1 (techniques per text)",
            full["task1_micro_f1"],
            PEER_TASK1[0],
            PEER_TASK1[1],
            len(items),
        ),
        Score(
            "persuasion.semeval21_test.task2_f1",
            "task 2 span F1 (all techniques)",
            full["task2_f1"],
            PEER_TASK2[0],
            PEER_TASK2[1],
            n_spans,
        ),
        Score(
            "persuasion.semeval21_test.task2_precision", "task 2 span precision", full["task2_p"], n=n_spans
        ),
        Score("persuasion.semeval21_test.task2_recall", "task 2 span recall", full["task2_r"], n=n_spans),
        Score(
            "persuasion.semeval21_test.task2_f1_shown",
            "task 2 span F1 (techniques shown by default)",
            shown["task2_f1"],
            n=n_spans,
        ),
    ]
    for name in TECHNIQUES:
        n = sum(1 for i in items for lab in i["labels"] if lab["technique"] == name)
        if n:
            res.scores.append(
                Score(
                    f"persuasion.semeval21_test.f1_{TECHNIQUE_SLUGS[name]}",
                    f"  span F1: {name}" + (" [hidden]" if name in model.hidden else ""),
                    full["per_technique"][name],
                    n=n,
                )
            )
    res.notes = [
        "Texts are meme captions, not news: figures here say little about news articles.",
        "Our model is a linear tagger + segment classifier (scripts/train_persuasion.py, trained on "
        "train+dev); the peers fine-tuned transformers. Hidden by default: " + ", ".join(model.hidden) + ".",
        "Task 1 is scored from the techniques of our predicted spans (all techniques, hidden included).",
    ]
    res.seconds = time.perf_counter() - started
    return [res]
