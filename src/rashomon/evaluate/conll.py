"""Coreference metrics: MUC, B³, CEAF-e and their mean, the CoNLL F1.

Definitions follow the reference CoNLL-2012 scorer (Pradhan et al., 2014): clusters are sets of
mention ids; a key mention missing from the response (or a response mention missing from the
key) counts against recall (precision) exactly as the reference scorer counts it; singletons are
kept; a mention listed twice in a response counts once.

- MUC (Vilain et al., 1995): links needed to join each key cluster, minus those the response
  partition leaves out; precision swaps key and response.
- B³ (Bagga and Baldwin, 1998): per mention, the overlap of its key and response clusters.
- CEAF-e (Luo, 2005): the best one-to-one alignment of key and response clusters under
  φ₄(K, R) = 2|K ∩ R| / (|K| + |R|), found with the Hungarian algorithm.

The unit tests check these against the reference scorer's published test cases.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

__all__ = ["PRF", "CorefScores", "b_cubed", "ceaf_e", "clusters_from_labels", "muc", "score_coref"]

Clusters = Sequence[Collection[Hashable]]


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1 of one metric (each in [0, 1])."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall (0 when both are 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class CorefScores:
    """MUC, B³ and CEAF-e of one response against one key, and their mean F1 (CoNLL F1)."""

    muc: PRF
    b3: PRF
    ceafe: PRF

    @property
    def conll(self) -> float:
        """The CoNLL F1: the unweighted mean of the MUC, B³ and CEAF-e F1."""
        return (self.muc.f1 + self.b3.f1 + self.ceafe.f1) / 3


def _dedup(clusters: Clusters) -> list[frozenset[Hashable]]:
    """Drop repeated mentions (first occurrence wins) and empty clusters."""
    seen: set[Hashable] = set()
    out: list[frozenset[Hashable]] = []
    for cluster in clusters:
        fresh = [m for m in cluster if m not in seen]
        seen.update(fresh)
        if fresh:
            out.append(frozenset(fresh))
    return out


def _owner(clusters: list[frozenset[Hashable]]) -> dict[Hashable, int]:
    return {m: i for i, c in enumerate(clusters) for m in c}


def _muc_recall(key: list[frozenset[Hashable]], response: list[frozenset[Hashable]]) -> tuple[float, float]:
    owner = _owner(response)
    num = den = 0.0
    for cluster in key:
        # Each mention the response does not hold is a partition of its own.
        parts = {owner.get(m, ("missing", m)) for m in cluster}
        num += len(cluster) - len(parts)
        den += len(cluster) - 1
    return num, den


def muc(key: Clusters, response: Clusters) -> PRF:
    """Return MUC precision and recall of ``response`` against ``key``.

    Singleton clusters have no links, so they affect neither side (0/0 counts as 0).
    """
    k, r = _dedup(key), _dedup(response)
    rn, rd = _muc_recall(k, r)
    pn, pd = _muc_recall(r, k)
    return PRF(pn / pd if pd else 0.0, rn / rd if rd else 0.0)


def _b3_side(a: list[frozenset[Hashable]], b: list[frozenset[Hashable]]) -> float:
    owner = _owner(b)
    total = sum(len(c) for c in a)
    if not total:
        return 0.0
    acc = 0.0
    for cluster in a:
        overlaps: dict[int, int] = {}
        for m in cluster:
            j = owner.get(m)
            if j is not None:
                overlaps[j] = overlaps.get(j, 0) + 1
        acc += sum(n * n for n in overlaps.values()) / len(cluster)
    return acc / total


def b_cubed(key: Clusters, response: Clusters) -> PRF:
    """Return B³ precision and recall of ``response`` against ``key``."""
    k, r = _dedup(key), _dedup(response)
    return PRF(_b3_side(r, k), _b3_side(k, r))


def ceaf_e(key: Clusters, response: Clusters) -> PRF:
    """Return entity-based CEAF (φ₄) precision and recall of ``response`` against ``key``."""
    k, r = _dedup(key), _dedup(response)
    if not k or not r:
        return PRF(0.0, 0.0)
    owner = _owner(r)
    sim = np.zeros((len(k), len(r)))
    for i, cluster in enumerate(k):
        for m in cluster:
            j = owner.get(m)
            if j is not None:
                sim[i, j] += 1
    sizes_k = np.array([len(c) for c in k], dtype=float)[:, None]
    sizes_r = np.array([len(c) for c in r], dtype=float)[None, :]
    phi = 2 * sim / (sizes_k + sizes_r)
    rows, cols = linear_sum_assignment(phi, maximize=True)
    best = float(phi[rows, cols].sum())
    return PRF(best / len(r), best / len(k))


def score_coref(key: Clusters, response: Clusters) -> CorefScores:
    """Return MUC, B³ and CEAF-e of ``response`` against ``key`` (and through them the CoNLL F1)."""
    return CorefScores(muc(key, response), b_cubed(key, response), ceaf_e(key, response))


def clusters_from_labels(labels: dict[Hashable, Hashable]) -> list[set[Hashable]]:
    """Group mention ids by cluster label: ``{mention: label}`` → list of clusters (sorted by label)."""
    groups: dict[Hashable, set[Hashable]] = {}
    for mention, label in labels.items():
        groups.setdefault(label, set()).add(mention)
    return [groups[k] for k in sorted(groups, key=str)]
