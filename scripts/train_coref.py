"""Train the cross-document link models of ``fuse/coref.py`` on ECB+ train topics, tune on dev.

Usage::

    PYTHONPATH=src python scripts/train_coref.py [--data ../shared/data] [--encoders minilm hashing]

For each encoder and each mention kind (events, entities) it

1. fits a logistic regression on every mention pair inside a gold subtopic of the 25 train topics
   (label: same gold cluster);
2. picks the document-grouping threshold (TF-IDF cosine, average link) that best recovers the
   gold subtopics of train + dev (pairwise F1 over document pairs);
3. picks the link threshold that maximises CoNLL F1 on the 8 dev topics, with documents grouped by
   that predicted clustering.

It writes ``src/rashomon/data/models/coref_links.json`` (a few KB) and prints the figures reached.
The ECB+ test topics are never read. CPU time: about a minute per encoder on a laptop core.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from rashomon.evaluate.conll import score_coref
from rashomon.evaluate.coref import (
    DEV_TOPICS,
    TRAIN_TOPICS,
    EcbCorpus,
    _parse_sentences,
    link_mentions,
    load_ecbplus,
)
from rashomon.fuse.coref import (
    FEATURES,
    LinkModel,
    chains_from_scores,
    cluster_documents,
    pair_features,
    score_groups,
)
from rashomon.fuse.embeddings import get_encoder

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "rashomon" / "data" / "models" / "coref_links.json"
LINK_GRID = [round(x, 2) for x in np.arange(0.20, 0.91, 0.05)]
DOC_GRID = [round(x, 2) for x in np.arange(0.05, 0.51, 0.025)]


def subtopic_of(corpus: EcbCorpus) -> dict[str, str]:
    return {m.doc: m.subtopic for m in corpus.mentions}


def doc_threshold(corpus: EcbCorpus) -> tuple[float, float]:
    gold = subtopic_of(corpus)
    docs = sorted(d for d in corpus.texts if d in gold)
    texts = {d: corpus.texts[d] for d in docs}
    best = (0.0, 0.0)
    for t in DOC_GRID:
        label = {d: i for i, g in enumerate(cluster_documents(texts, t)) for d in g}
        tp = fp = fn = 0
        for a, b in itertools.combinations(docs, 2):
            same_gold, same_pred = gold[a] == gold[b], label[a] == label[b]
            tp += same_gold and same_pred
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best[1]:
            best = (t, f1)
    return best


def training_pairs(
    corpus: EcbCorpus, kind: str, encoder_name: str, parses: dict
) -> tuple[np.ndarray, np.ndarray]:
    encoder = get_encoder(encoder_name)
    mentions = link_mentions(corpus, kind, parses)
    gold = {m.id: m.gold for m in corpus.of_kind(kind)}
    sub = {m.id: m.subtopic for m in corpus.of_kind(kind)}
    span = encoder.encode_spans([m.context for m in mentions], [m.span for m in mentions])
    sent = encoder.encode([m.context for m in mentions])
    groups: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        groups[sub[m.id]].append(i)
    xs, ys = [], []
    for rows in groups.values():
        sel = [mentions[i] for i in rows]
        feats = pair_features(sel, span[rows], sent[rows])
        iu = np.triu_indices(len(rows), k=1)
        xs.append(feats[iu])
        labels = np.array([[gold[a.id] == gold[b.id] for b in sel] for a in sel])
        ys.append(labels[iu])
    return np.concatenate(xs), np.concatenate(ys).astype(int)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--encoders", nargs="+", default=["minilm", "hashing"])
    parser.add_argument(
        "--keep-weights",
        action="store_true",
        help="reuse the pair weights in the model file; retune thresholds",
    )
    args = parser.parse_args()
    root = Path(args.data) / "ecbplus"
    train = load_ecbplus(root, TRAIN_TOPICS)
    dev = load_ecbplus(root, DEV_TOPICS)
    both = EcbCorpus(
        train.mentions + dev.mentions, {**train.sentences, **dev.sentences}, {}, {**train.texts, **dev.texts}
    )
    doc_t, doc_f1 = doc_threshold(both)
    print(f"document grouping: threshold {doc_t} (pairwise F1 {doc_f1:.3f} vs gold subtopics, train+dev)")
    dev_groups = cluster_documents(dev.texts, doc_t)
    dev_parses = _parse_sentences(dev)
    train_parses = {} if args.keep_weights else _parse_sentences(train)
    existing = json.loads(OUT.read_text()) if OUT.exists() else {}
    for enc in args.encoders:
        encoder = get_encoder(enc)
        models: dict[str, dict[str, object]] = {}
        for kind in ("events", "entities"):
            started = time.perf_counter()
            if args.keep_weights and enc in existing:
                old = LinkModel.from_json(existing[enc][kind])
                base = LinkModel(FEATURES, old.weights, old.bias, 0.5, doc_t)
                n_pairs = int(old.notes.get("train_pairs", 0))  # type: ignore[call-overload]
                n_pos = int(old.notes.get("train_positive", 0))  # type: ignore[call-overload]
            else:
                x, y = training_pairs(train, kind, enc, train_parses)
                lr = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced").fit(x, y)
                coef = tuple(float(w) for w in lr.coef_[0])
                base = LinkModel(FEATURES, coef, float(lr.intercept_[0]), 0.5, doc_t)
                n_pairs, n_pos = len(y), int(y.sum())
            dev_mentions = link_mentions(dev, kind, dev_parses)
            gold = dev.gold_clusters(kind)
            scored = score_groups(dev_mentions, base, encoder, dev_groups)
            best_t, best_f = 0.5, -1.0
            for t in LINK_GRID:
                f = score_coref(gold, chains_from_scores(scored, t)).conll
                if f > best_f:
                    best_t, best_f = t, f
            model = LinkModel(
                base.features,
                base.weights,
                base.bias,
                best_t,
                doc_t,
                {
                    "trained_on": "ECB+ train topics (25), pairs within gold subtopics",
                    "tuned_on": "ECB+ dev topics (8), predicted document groups",
                    "train_pairs": n_pairs,
                    "train_positive": n_pos,
                    "dev_conll_f1": round(best_f, 4),
                    "doc_grouping_f1_train_dev": round(doc_f1, 4),
                },
            )
            models[kind] = model.to_json()
            weights = ", ".join(f"{f}={w:+.2f}" for f, w in zip(FEATURES, model.weights, strict=True))
            print(
                f"{enc} {kind}: {n_pairs} train pairs ({n_pos} positive); dev CoNLL F1 {best_f:.4f} "
                f"at link threshold {best_t}; {time.perf_counter() - started:.0f}s\n  {weights}"
            )
        existing[enc] = models
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(existing, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
