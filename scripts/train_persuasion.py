"""Train the persuasion-technique model on SemEval-2021 task 6 (train, dev) and write its weights.

Usage::

    PYTHONPATH=src python scripts/train_persuasion.py [--data ../shared/data/semeval2021-task6]
        [--news ../shared/data/polnear] [--out src/rashomon/data/models/persuasion]

Steps (the SemEval test split is never read here):

1. 5-fold cross-validation over the *training* texts (with PolNeAR news paragraphs as
   low-weight negatives in every training fold) gives out-of-fold probabilities of a token
   tagger and of a segment classifier for every technique.
2. Per technique, the granularity (token or segment) and the probability threshold with the
   best out-of-fold span F1 are kept.
3. Each threshold is then raised until the technique marks at most ``NEWS_BUDGET`` spans per
   1,000 words of other, held-apart PolNeAR news: the memes are nearly all propaganda, news
   mostly is not, and thresholds set on memes alone fire all over sober wire copy.
4. A technique whose out-of-fold span F1 at that threshold is below ``HIDE_BELOW_F1`` (or that
   has fewer than ``MIN_SUPPORT`` training spans) is hidden by default.
5. Models fitted on the training texts are scored on the dev set (reported only); the final
   models are fitted on train + dev, calibrated the same way and saved (float32 weights in
   ``.npz``, vocabularies, thresholds and figures in ``.json``).

Takes a few minutes of CPU on two cores.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from rashomon.analyze.persuasion import (
    HIDE_BELOW_F1,
    TECHNIQUES,
    PersuasionModel,
    _runs,
    segment_features,
    split_segments,
    token_features,
    tokenize,
)
from rashomon.analyze.persuasion_patterns import PATTERNS, find_pattern_spans
from rashomon.evaluate.persuasion import load_task2, score_persuasion, span_prf

ROOT = Path(__file__).resolve().parents[1]
SEED = 13
FOLDS = 5
# Regularisation (inverse strength) of both logistic regressions, picked from {0.3, 1, 3} by
# out-of-fold span F1 on the training texts (support-weighted mean 0.308 / 0.313 / 0.303).
TOKEN_C = 1.0
SEGMENT_C = 1.0
# A technique with fewer training spans than this is hidden by default whatever its F1:
# its cross-validated figure rests on a handful of texts.
MIN_SUPPORT = 10
# A segment is a positive example of a technique when a gold span covers this share of it.
SEGMENT_COVER = 0.5
# A feature seen in fewer training texts than this is dropped (keeps the weights small).
MIN_DF = 2
# Unweighted classes: probabilities keep the base rate, so a news word the memes never showed
# scores low (with "balanced" weights it scored near 0.5 and fired everywhere).
CLASS_WEIGHT: str | None = None
NEWS_PUBLISHERS = ("nyt", "wash-post", "usa-today", "politico")
# PolNeAR train articles used as negatives, and further ones used only to calibrate thresholds.
NEWS_ARTICLES = 40
NEWS_CALIBRATION = 20
NEWS_WEIGHT = 0.3
# At most this many spans of one technique per 1,000 words of wire-style news. Careful readers
# mark some loaded language even there, so the budget is not zero; with seven techniques shown
# it caps the rate at a few spans per 1,000 words where the meme thresholds gave ~45.
NEWS_BUDGET = 1.0
THRESHOLDS = [round(x, 2) for x in np.arange(0.05, 0.95, 0.05)]
CALIBRATION_THRESHOLDS = [*THRESHOLDS, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999]


def news_paragraphs(
    folder: Path, split: str, negatives: int, calibration: int, weight: float
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Paragraphs of PolNeAR ``split`` articles from wire-style publishers: negatives and a calibration set.

    Hard news from these publishers rarely uses the techniques. As low-weight negatives they
    teach the model that ordinary news vocabulary ("coast guard", "spokesperson") is not
    persuasion, which the meme texts alone cannot; a disjoint set of articles then sets how
    often each technique may fire on such news (``NEWS_BUDGET``).
    """
    meta = (folder / "metadata.tsv").read_text(encoding="utf-8").splitlines()
    rows = [row.split("\t") for row in meta[1:]]
    names = sorted(r[1] for r in rows if r[0] == split and r[4] in NEWS_PUBLISHERS)
    order = [names[i] for i in np.random.default_rng(SEED).permutation(len(names))]

    def paragraphs(picked: list[str], w: float) -> list[dict[str, Any]]:
        items = []
        for name in sorted(picked):
            text = (folder / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
            for k, para in enumerate(p for p in text.split("\n\n") if p.strip()):
                items.append({"id": f"{name}#{k}", "text": para.strip(), "labels": [], "weight": w})
        return items

    return paragraphs(order[:negatives], weight), paragraphs(order[negatives : negatives + calibration], 1.0)


def gold_spans(item: dict[str, Any]) -> list[tuple[int, int, str]]:
    return [(int(x["start"]), int(x["end"]), x["technique"]) for x in item["labels"]]


class Featurized:
    """Token and segment feature lists, labels and weights of a list of texts."""

    def __init__(self, items: list[dict[str, Any]]) -> None:
        self.items = items
        self.tok_w: list[float] = []
        self.seg_w: list[float] = []
        self.tokens = [tokenize(i["text"]) for i in items]
        self.segments = [split_segments(i["text"]) for i in items]
        self.tok_feats: list[list[str]] = []
        self.tok_doc: list[int] = []
        self.tok_y: list[list[int]] = []
        self.seg_feats: list[list[str]] = []
        self.seg_doc: list[int] = []
        self.seg_y: list[list[int]] = []
        for d, item in enumerate(items):
            spans = gold_spans(item)
            toks = self.tokens[d]
            for i, (s, e, _) in enumerate(toks):
                self.tok_feats.append(token_features(toks, i))
                self.tok_doc.append(d)
                self.tok_w.append(float(item.get("weight", 1.0)))
                self.tok_y.append(
                    [int(any(t == name and s < ge and e > gs for gs, ge, t in spans)) for name in TECHNIQUES]
                )
            for s, e in self.segments[d]:
                self.seg_feats.append(segment_features(item["text"][s:e]))
                self.seg_doc.append(d)
                self.seg_w.append(float(item.get("weight", 1.0)))
                row = []
                for name in TECHNIQUES:
                    cover = sum(max(0, min(e, ge) - max(s, gs)) for gs, ge, t in spans if t == name)
                    row.append(int(cover >= SEGMENT_COVER * (e - s)))
                self.seg_y.append(row)


def build_vocab(feats: list[list[str]], docs: list[int], rows: list[int]) -> dict[str, int]:
    df: Counter[str] = Counter()
    seen: dict[int, set[str]] = {}
    for r in rows:
        seen.setdefault(docs[r], set()).update(feats[r])
    for fs in seen.values():
        df.update(fs)
    return {f: i for i, f in enumerate(sorted(f for f, c in df.items() if c >= MIN_DF))}


def token_matrix(feats: list[list[str]], rows: list[int], vocab: dict[str, int]) -> sparse.csr_matrix:
    indptr, indices = [0], []
    for r in rows:
        cols = sorted({vocab[f] for f in feats[r] if f in vocab})
        indices.extend(cols)
        indptr.append(len(indices))
    data = np.ones(len(indices))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab)))


def segment_idf(feats: list[list[str]], rows: list[int], vocab: dict[str, int]) -> np.ndarray:
    df = np.zeros(len(vocab))
    for r in rows:
        for c in {vocab[f] for f in feats[r] if f in vocab}:
            df[c] += 1
    return np.log((1 + len(rows)) / (1 + df)) + 1.0


def segment_matrix(
    feats: list[list[str]], rows: list[int], vocab: dict[str, int], idf: np.ndarray
) -> sparse.csr_matrix:
    indptr, indices, data = [0], [], []
    for r in rows:
        counts = Counter(vocab[f] for f in feats[r] if f in vocab)
        cols = sorted(counts)
        vals = np.array([(1 + math.log(counts[c])) * idf[c] for c in cols])
        norm = np.linalg.norm(vals) if cols else 0.0
        indices.extend(cols)
        data.extend(vals / norm if norm else vals)
        indptr.append(len(indices))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab)))


def fit_rows(X: sparse.csr_matrix, Y: np.ndarray, C: float, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One logistic regression per technique; a technique with no positive row gets -10 bias."""
    coef = np.zeros((len(TECHNIQUES), X.shape[1]))
    bias = np.full(len(TECHNIQUES), -10.0)
    for k in range(len(TECHNIQUES)):
        y = Y[:, k]
        if y.sum() == 0 or y.sum() == len(y):
            continue
        clf = LogisticRegression(C=C, max_iter=2000, solver="liblinear", class_weight=CLASS_WEIGHT)
        clf.fit(X, y, sample_weight=w)
        coef[k] = clf.coef_[0]
        bias[k] = clf.intercept_[0]
    return coef, bias


def fit_models(data: Featurized, docs: set[int]) -> dict[str, Any]:
    tok_rows = [r for r, d in enumerate(data.tok_doc) if d in docs]
    seg_rows = [r for r, d in enumerate(data.seg_doc) if d in docs]
    tv = build_vocab(data.tok_feats, data.tok_doc, tok_rows)
    sv = build_vocab(data.seg_feats, data.seg_doc, seg_rows)
    idf = segment_idf(data.seg_feats, seg_rows, sv)
    tc, tb = fit_rows(
        token_matrix(data.tok_feats, tok_rows, tv),
        np.array([data.tok_y[r] for r in tok_rows]),
        TOKEN_C,
        np.array([data.tok_w[r] for r in tok_rows]),
    )
    sc, sb = fit_rows(
        segment_matrix(data.seg_feats, seg_rows, sv, idf),
        np.array([data.seg_y[r] for r in seg_rows]),
        SEGMENT_C,
        np.array([data.seg_w[r] for r in seg_rows]),
    )
    return {"tv": tv, "tc": tc, "tb": tb, "sv": sv, "idf": idf, "sc": sc, "sb": sb}


def as_model(m: dict[str, Any], granularity: dict[str, str], thresholds: dict[str, float]) -> PersuasionModel:
    return PersuasionModel(
        techniques=TECHNIQUES,
        granularity=granularity,
        thresholds=thresholds,
        token_vocab=m["tv"],
        token_coef=m["tc"],
        token_bias=m["tb"],
        segment_vocab=m["sv"],
        segment_idf=m["idf"],
        segment_coef=m["sc"],
        segment_bias=m["sb"],
    )


def spans_from(
    units: list[Any], probs: np.ndarray, threshold: float, name: str, text: str
) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.technique) for s in _runs(units, probs, threshold, name, text)]


def unit_probs(
    model: PersuasionModel, tokens: list[Any], segments: list[Any], text: str
) -> tuple[np.ndarray, np.ndarray]:
    tok = model.token_scores(tokens) if tokens else np.zeros((0, len(TECHNIQUES)))
    seg = model.segment_scores(text, segments) if segments else np.zeros((0, len(TECHNIQUES)))
    return tok, seg


class OutOfFold:
    """Out-of-fold token and segment probabilities of the labelled texts (the first ``n`` items)."""

    def __init__(self, data: Featurized, n: int) -> None:
        self.data, self.n = data, n
        order = np.random.default_rng(SEED).permutation(n)
        folds = [set(order[i::FOLDS].tolist()) for i in range(FOLDS)]
        everything = set(range(len(data.items)))
        self.tok: dict[int, np.ndarray] = {}
        self.seg: dict[int, np.ndarray] = {}
        for k, held in enumerate(folds):
            t0 = time.perf_counter()
            m = as_model(fit_models(data, everything - held), {}, {})
            for d in held:
                self.tok[d], self.seg[d] = unit_probs(
                    m, data.tokens[d], data.segments[d], data.items[d]["text"]
                )
            print(f"  fold {k + 1}/{FOLDS}: {time.perf_counter() - t0:.1f}s", file=sys.stderr)
        self.gold = {str(d): gold_spans(data.items[d]) for d in range(n)}

    def f1(self, k: int, mode: str, threshold: float) -> float:
        """Out-of-fold span F1 of technique ``k`` at ``mode`` and ``threshold``."""
        name = TECHNIQUES[k]
        pred = {}
        for d in range(self.n):
            units = self.data.tokens[d] if mode == "token" else self.data.segments[d]
            probs = self.tok[d][:, k] if mode == "token" else self.seg[d][:, k]
            pred[str(d)] = spans_from(units, probs, threshold, name, self.data.items[d]["text"])
        return span_prf(self.gold, pred, name)[2]

    def best(self) -> tuple[dict[str, str], dict[str, float], dict[str, float]]:
        """Per technique the granularity and threshold with the best out-of-fold span F1."""
        granularity: dict[str, str] = {}
        thresholds: dict[str, float] = {}
        best_f1: dict[str, float] = {}
        for k, name in enumerate(TECHNIQUES):
            best = ("off", 0.5, 0.0)
            for mode in ("token", "segment"):
                for th in THRESHOLDS:
                    f = self.f1(k, mode, th)
                    if f > best[2] + 1e-9:
                        best = (mode, th, f)
            granularity[name], thresholds[name], best_f1[name] = best
        return granularity, thresholds, best_f1


def calibrate_on_news(
    model: PersuasionModel, news: list[dict[str, Any]], floor: dict[str, float]
) -> tuple[dict[str, float], dict[str, float]]:
    """Raise each threshold until the technique marks at most ``NEWS_BUDGET`` spans per 1,000 news words.

    Returns the thresholds and the rate (spans per 1,000 words) each reaches on ``news``.
    """
    words = sum(len(item["text"].split()) for item in news) or 1
    probs = []
    for item in news:
        toks, segs = tokenize(item["text"]), split_segments(item["text"])
        probs.append((toks, segs, *unit_probs(model, toks, segs, item["text"]), item["text"]))
    thresholds: dict[str, float] = {}
    rates: dict[str, float] = {}
    for k, name in enumerate(TECHNIQUES):
        mode = model.granularity.get(name, "off")
        if mode == "off":
            thresholds[name], rates[name] = floor[name], 0.0
            continue
        for th in [t for t in CALIBRATION_THRESHOLDS if t >= floor[name]] or [floor[name]]:
            n = sum(
                len(
                    spans_from(
                        t if mode == "token" else s, tp[:, k] if mode == "token" else sp[:, k], th, name, text
                    )
                )
                for t, s, tp, sp, text in probs
            )
            thresholds[name], rates[name] = th, 1000 * n / words
            if rates[name] <= NEWS_BUDGET:
                break
    return thresholds, rates


def measure_patterns(items: list[dict[str, Any]], news: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per technique, how the patterns do: precision and recall on labelled texts, rate on news."""
    made: Counter[str] = Counter()
    right: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for item in items:
        spans = find_pattern_spans(item["text"])
        truth = gold_spans(item)
        for gs, ge, gt in truth:
            gold[gt] += 1
            found[gt] += any(t == gt and s < ge and gs < e for s, e, t in spans)
        for s, e, t in spans:
            made[t] += 1
            right[t] += any(gt == t and s < ge and gs < e for gs, ge, gt in truth)
    words = sum(len(item["text"].split()) for item in news) or 1
    on_news: Counter[str] = Counter(t for item in news for _, _, t in find_pattern_spans(item["text"]))
    return {
        name: {
            "spans": made[name],
            "precision": round(right[name] / made[name], 3) if made[name] else 0.0,
            "recall": round(found[name] / gold[name], 3) if gold[name] else 0.0,
            "news_spans_per_1000_words": round(1000 * on_news[name] / words, 2),
        }
        for name in PATTERNS
    } | {"Repetition": _repetition_figures(items, news, words)}


def _repetition_figures(
    items: list[dict[str, Any]], news: list[dict[str, Any]], words: int
) -> dict[str, float]:
    made = right = 0
    for item in items:
        truth = gold_spans(item)
        for s, e, t in find_pattern_spans(item["text"]):
            if t == "Repetition":
                made += 1
                right += any(gt == t and s < ge and gs < e for gs, ge, gt in truth)
    n = sum(1 for item in news for *_, t in find_pattern_spans(item["text"]) if t == "Repetition")
    return {
        "spans": made,
        "precision": round(right / made, 3) if made else 0.0,
        "news_spans_per_1000_words": round(1000 * n / words, 2),
    }


def remeasure_patterns(out: Path, folder: Path, news_folder: Path) -> int:
    """Refresh only the pattern figures in a model's JSON (the patterns do not depend on the weights)."""
    train = load_task2(folder / "training_set_task2.txt")
    dev = load_task2(folder / "dev_set_task2.txt")
    _, calibration = news_paragraphs(news_folder, "train", NEWS_ARTICLES, NEWS_CALIBRATION, NEWS_WEIGHT)
    meta = out.with_suffix(".json")
    payload = json.loads(meta.read_text(encoding="utf-8"))
    payload["figures"]["patterns"] = measure_patterns(train + dev, calibration)
    meta.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(json.dumps(payload["figures"]["patterns"], indent=1), file=sys.stderr)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "semeval2021-task6"))
    parser.add_argument("--news", default=str(ROOT.parent / "shared" / "data" / "polnear"))
    parser.add_argument("--out", default=str(ROOT / "src" / "rashomon" / "data" / "models" / "persuasion"))
    parser.add_argument(
        "--patterns-only", action="store_true", help="only re-measure the patterns of the model at --out"
    )
    args = parser.parse_args()
    folder = Path(args.data)
    if args.patterns_only:
        return remeasure_patterns(Path(args.out), folder, Path(args.news))
    started = time.perf_counter()
    train = load_task2(folder / "training_set_task2.txt")
    dev = load_task2(folder / "dev_set_task2.txt")
    negatives, calibration = news_paragraphs(
        Path(args.news), "train", NEWS_ARTICLES, NEWS_CALIBRATION, NEWS_WEIGHT
    )
    support = Counter(lab["technique"] for item in train for lab in item["labels"])

    print(
        f"cross-validating on {len(train)} training texts (+{len(negatives)} news paragraphs)",
        file=sys.stderr,
    )
    train_data = Featurized(train + negatives)
    oof = OutOfFold(train_data, len(train))
    granularity, meme_thresholds, meme_f1 = oof.best()

    on_train = as_model(
        fit_models(train_data, set(range(len(train_data.items)))), granularity, meme_thresholds
    )
    thresholds, _ = calibrate_on_news(on_train, calibration, meme_thresholds)
    cv_f1 = {
        name: oof.f1(k, granularity[name], thresholds[name]) if granularity[name] != "off" else 0.0
        for k, name in enumerate(TECHNIQUES)
    }
    hidden = tuple(t for t in TECHNIQUES if cv_f1[t] < HIDE_BELOW_F1 or support[t] < MIN_SUPPORT)
    for name in TECHNIQUES:
        print(
            f"  {name:<52} {granularity[name]:<8} meme th={meme_thresholds[name]:.2f} "
            f"F1={meme_f1[name]:.3f}  news-calibrated th={thresholds[name]:.3f} F1={cv_f1[name]:.3f}"
            f"{'  [hidden]' if name in hidden else ''}",
            file=sys.stderr,
        )
    on_train.thresholds = thresholds
    shown = [t for t in TECHNIQUES if t not in hidden]
    dev_all = score_persuasion(on_train, dev, patterns=False)
    dev_shown = score_persuasion(on_train, dev, shown, patterns=False)
    dev_combined = score_persuasion(on_train, dev, shown)
    print(
        f"dev (model fitted on train): task1 micro-F1 {dev_all['task1_micro_f1']:.3f}, "
        f"task2 span F1 {dev_all['task2_f1']:.3f} (shown techniques only: {dev_shown['task2_f1']:.3f}; "
        f"shown + patterns: {dev_combined['task2_f1']:.3f})",
        file=sys.stderr,
    )

    both = Featurized(train + dev + negatives)
    final = as_model(fit_models(both, set(range(len(both.items)))), granularity, meme_thresholds)
    final.thresholds, rates = calibrate_on_news(final, calibration, meme_thresholds)
    final.hidden = hidden
    shown_rate = sum(rates[t] for t in shown)
    final.figures = {
        "trained_on": (
            f"SemEval-2021 task 6 train ({len(train)}) + dev ({len(dev)}) texts; "
            f"{len(negatives)} PolNeAR train news paragraphs as weight-{NEWS_WEIGHT} negatives"
        ),
        "meme_thresholds": meme_thresholds,
        "cv_span_f1_meme_thresholds": {t: round(v, 4) for t, v in meme_f1.items()},
        "cv_span_f1": {t: round(v, 4) for t, v in cv_f1.items()},
        "news_spans_per_1000_words": {t: round(v, 2) for t, v in rates.items()},
        "news_spans_per_1000_words_shown": round(shown_rate, 2),
        "dev_task1_micro_f1": round(dev_all["task1_micro_f1"], 4),
        "dev_task2_span_f1": round(dev_all["task2_f1"], 4),
        "dev_task2_span_f1_shown": round(dev_shown["task2_f1"], 4),
        "dev_task2_span_f1_shown_with_patterns": round(dev_combined["task2_f1"], 4),
        "patterns": measure_patterns(train + dev, calibration),
        "hide_below_f1": HIDE_BELOW_F1,
        "train_support": {t: support[t] for t in TECHNIQUES},
        "settings": {
            "token_c": TOKEN_C,
            "segment_c": SEGMENT_C,
            "class_weight": CLASS_WEIGHT,
            "min_df": MIN_DF,
            "min_support": MIN_SUPPORT,
            "news_budget": NEWS_BUDGET,
            "news_articles": NEWS_ARTICLES,
            "news_calibration_articles": NEWS_CALIBRATION,
            "folds": FOLDS,
            "seed": SEED,
        },
    }
    # Techniques switched off carry no weights; zero them so the file stays small when compressed.
    for k, name in enumerate(TECHNIQUES):
        if granularity[name] != "token":
            final.token_coef[k] = 0.0
        if granularity[name] != "segment":
            final.segment_coef[k] = 0.0
    npz, meta = final.save(args.out)
    print(
        json.dumps({k: v for k, v in final.figures.items() if "thresholds" not in k}, indent=1),
        file=sys.stderr,
    )
    print(
        f"wrote {npz} ({npz.stat().st_size // 1024} KiB) and {meta} ({meta.stat().st_size // 1024} KiB) "
        f"in {time.perf_counter() - started:.0f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
