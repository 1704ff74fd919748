"""Train the check-worthiness model shipped in ``src/rashomon/data/models/checkworthy.npz``.

Data (train splits only; see ``../shared/data/claimbuster/README.md``):

* ClaimBuster ``two_class/train.json`` (7,976 sentences). ``kfold_25ncs.csv`` is never read: it
  overlaps ``test.json``.
* CLEF CheckThat! 2019 task 1 ``CT19-T1-Training.csv`` (16,421 sentences, 19 transcripts). CLEF
  2020 is never read: its train split holds ≈29 % of the CLEF 2019 test sentences.

Dev sets are carved out of train: a seeded 10 % of ``train.json`` and three whole CLEF 2019
transcripts. The regularisation strength and the two decision thresholds are picked on them,
then the model is refitted on all the train data and saved with its dev figures.

Usage::

    python scripts/train_checkworthiness.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression

from rashomon.extract.checkworthy import build_features

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "rashomon" / "data" / "models" / "checkworthy.npz"
SEED = 13
DEV_TRANSCRIPTS = 3
C_GRID = (0.5, 1.0, 2.0, 4.0, 8.0)


def load_claimbuster(path: Path) -> tuple[list[str], list[int]]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [r["text"] for r in rows], [int(r["label"]) for r in rows]


def load_clef19(path: Path) -> tuple[list[str], list[int], list[str]]:
    texts, labels, files = [], [], []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            texts.append(row["text"])
            labels.append(int(row["label"]))
            files.append(row["file_name"])
    return texts, labels, files


def average_precision(scores: np.ndarray, labels: np.ndarray) -> float:
    order = np.argsort(-scores, kind="stable")
    hits, total = 0, 0.0
    for rank, i in enumerate(order, start=1):
        if labels[i]:
            hits += 1
            total += hits / rank
    return total / max(int(labels.sum()), 1)


def mean_ap(scores: np.ndarray, labels: np.ndarray, groups: list[str]) -> float:
    aps = []
    for g in sorted(set(groups)):
        idx = np.array([i for i, x in enumerate(groups) if x == g])
        if labels[idx].sum():
            aps.append(average_precision(scores[idx], labels[idx]))
    return float(np.mean(aps)) if aps else 0.0


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    best = (0.5, 0.0)
    for t in np.linspace(0.05, 0.95, 91):
        pred = scores >= t
        tp = float((pred & (labels == 1)).sum())
        p = tp / max(pred.sum(), 1)
        r = tp / max(labels.sum(), 1)
        f = 2 * p * r / (p + r) if p + r else 0.0
        if f > best[1]:
            best = (float(t), f)
    return best


def fit(texts: list[str], labels: list[int], c: float) -> tuple[TfidfTransformer, LogisticRegression]:
    x = build_features(texts)
    tfidf = TfidfTransformer(sublinear_tf=True)
    xt = tfidf.fit_transform(x)
    clf = LogisticRegression(C=c, class_weight="balanced", max_iter=2000, solver="liblinear")
    clf.fit(xt, labels)
    return tfidf, clf


def predict(model: tuple[TfidfTransformer, LogisticRegression], texts: list[str]) -> np.ndarray:
    tfidf, clf = model
    return np.asarray(clf.predict_proba(tfidf.transform(build_features(texts)))[:, 1])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    args = parser.parse_args()
    base = Path(args.data) / "claimbuster"
    started = time.perf_counter()
    cb_x, cb_y = load_claimbuster(base / "two_class" / "train.json")
    cl_x, cl_y, cl_f = load_clef19(base / "clef19" / "CT19-T1-Training.csv")

    rng = random.Random(SEED)
    cb_idx = list(range(len(cb_x)))
    rng.shuffle(cb_idx)
    cb_dev = set(cb_idx[: len(cb_idx) // 10])
    transcripts = sorted(set(cl_f))
    rng.shuffle(transcripts)
    cl_dev_files = set(transcripts[:DEV_TRANSCRIPTS])

    tr_x = [t for i, t in enumerate(cb_x) if i not in cb_dev] + [
        t for t, f in zip(cl_x, cl_f, strict=True) if f not in cl_dev_files
    ]
    tr_y = [y for i, y in enumerate(cb_y) if i not in cb_dev] + [
        y for y, f in zip(cl_y, cl_f, strict=True) if f not in cl_dev_files
    ]
    dcb_x = [cb_x[i] for i in sorted(cb_dev)]
    dcb_y = np.array([cb_y[i] for i in sorted(cb_dev)])
    dcl = [i for i, f in enumerate(cl_f) if f in cl_dev_files]
    dcl_x, dcl_y, dcl_f = [cl_x[i] for i in dcl], np.array([cl_y[i] for i in dcl]), [cl_f[i] for i in dcl]

    results = []
    for c in C_GRID:
        model = fit(tr_x, tr_y, c)
        s_cb, s_cl = predict(model, dcb_x), predict(model, dcl_x)
        t_cb, f_cb = best_threshold(s_cb, dcb_y)
        t_cl, f_cl = best_threshold(s_cl, dcl_y)
        m = mean_ap(s_cl, dcl_y, dcl_f)
        results.append((f_cb + m, c, t_cb, f_cb, t_cl, f_cl, m))
        print(
            f"C={c}: ClaimBuster dev F1 {f_cb:.3f} (t={t_cb:.2f}); "
            f"CLEF19 dev F1 {f_cl:.3f} (t={t_cl:.2f}) MAP {m:.3f}"
        )
    _, c, t_cb, f_cb, t_cl, f_cl, m = max(results)
    final = fit(cb_x + cl_x, cb_y + cl_y, c)
    tfidf, clf = final
    info = {
        "trained_on": "ClaimBuster two_class/train.json + CLEF CheckThat! 2019 T1 training",
        "model": "logistic regression (liblinear, balanced classes) on hashed TF-IDF word 1-2-grams "
        "and char_wb 3-5-grams",
        "C": c,
        "thresholds": {"claimbuster": round(t_cb, 3), "clef": round(t_cl, 3)},
        "dev": {
            "claimbuster_f1": round(f_cb, 4),
            "clef19_f1": round(f_cl, 4),
            "clef19_map": round(m, 4),
            "claimbuster_dev": "seeded 10% of train.json",
            "clef19_dev": sorted(cl_dev_files),
        },
        "seconds": round(time.perf_counter() - started, 1),
    }
    idf = np.asarray(tfidf.idf_, dtype=np.float32)
    coef = np.asarray(clf.coef_.ravel(), dtype=np.float32)
    keep = np.nonzero(coef)[0]
    print(f"non-zero coefficients: {len(keep)} of {len(coef)}")
    np.savez_compressed(
        OUT, idf=idf, coef=coef, intercept=np.float64(clf.intercept_[0]), info=np.array(json.dumps(info))
    )
    print(json.dumps(info, indent=1))
    print(f"saved {OUT} ({OUT.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
