"""Calibrate the claim-clustering similarity threshold of each encoder on ECB+ train + dev topics.

Usage::

    PYTHONPATH=src python scripts/calibrate_claims.py [--data ../shared/data]

A proxy for "these two sentences state the same thing": two sentences from different documents
of one topic that report a coreferent event (they share a cross-document event instance, e.g. the
same arrest, the same earthquake); pairs that share none are negatives. The script prints, per
encoder, the F1-best cosine threshold and the lowest threshold whose precision reaches
``TARGET_PRECISION``; ``MIN_SIMILARITY`` in ``fuse/claims.py`` records the latter. The ECB+ test
topics are never read.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

import numpy as np

from rashomon.evaluate.coref import DEV_TOPICS, TRAIN_TOPICS, load_ecbplus
from rashomon.fuse.embeddings import available_encoders, get_encoder

ROOT = Path(__file__).resolve().parents[1]
# Sharing an event is looser than stating the same thing, so the F1-best threshold of this proxy
# merges too much; a wrong merge turns two different statements into a false "contradiction".
# The shipped threshold is the lowest one at which the proxy's precision reaches this target.
TARGET_PRECISION = 0.9


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    args = parser.parse_args()
    corpus = load_ecbplus(Path(args.data) / "ecbplus", TRAIN_TOPICS + DEV_TOPICS)
    events: dict[tuple[str, int], set[str]] = defaultdict(set)
    sizes: dict[str, set[str]] = defaultdict(set)
    for m in corpus.of_kind("events"):
        if not m.gold.startswith(("single:", "intra:")):
            events[(m.doc, m.sentence)].add(m.gold)
            sizes[m.gold].add(m.doc)
    keys = sorted(corpus.sentences)
    texts = [" ".join(corpus.sentences[k]) for k in keys]
    topic = [k[0].split("_")[0] for k in keys]
    labels = [frozenset(g for g in events.get(k, ()) if len(sizes[g]) > 1) for k in keys]
    pairs_i, pairs_j, gold = [], [], []
    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            if topic[i] == topic[j] and keys[i][0] != keys[j][0]:
                pairs_i.append(i)
                pairs_j.append(j)
                gold.append(bool(labels[i] & labels[j]))
    y = np.array(gold)
    print(f"{len(y)} sentence pairs across documents within topics, {int(y.sum())} positive")
    for name in available_encoders():
        vecs = get_encoder(name).encode(texts)
        cos = np.einsum("ij,ij->i", vecs[pairs_i], vecs[pairs_j])
        best = (0.0, 0.0, 0.0, 0.0)
        precise: tuple[float, float, float, float] | None = None
        for t in np.arange(0.10, 0.99, 0.01):
            pred = cos >= t
            tp = float((pred & y).sum())
            p = tp / pred.sum() if pred.sum() else 0.0
            r = tp / y.sum() if y.sum() else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            if f > best[1]:
                best = (round(float(t), 2), f, p, r)
            if abs(t * 20 - round(t * 20)) < 1e-6 and t >= 0.3:
                print(f"  {name} t={t:.2f} precision {p:.3f} recall {r:.3f}")
            if precise is None and p >= TARGET_PRECISION:
                precise = (round(float(t), 2), f, p, r)
        t, f, p, r = best
        print(f"{name}: F1-best threshold {t} (F1 {f:.3f}, precision {p:.3f}, recall {r:.3f})")
        if precise is not None:
            t, f, p, r = precise
            print(
                f"{name}: lowest threshold with precision >= {TARGET_PRECISION}: {t} "
                f"(F1 {f:.3f}, precision {p:.3f}, recall {r:.3f})"
            )


if __name__ == "__main__":
    main()
