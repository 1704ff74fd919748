"""Near-duplicate detection with MinHash LSH: syndicated copies and reposts are linked, not merged."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

__all__ = ["DuplicateMatch", "NearDuplicateIndex", "minhash_of", "signature_bytes"]

_NON_WORD = re.compile(r"[\W_]+")
# Fixed so that signatures stored in the database stay comparable across runs.
SEED = 1
SCHEME = "affine32"
# How far below the decision threshold the LSH banding proposes candidates.
LSH_MARGIN = 0.3


def _shingles(text: str, size: int) -> list[bytes]:
    flat = _NON_WORD.sub(" ", text.lower()).strip()
    if len(flat) <= size:
        return [flat.encode("utf-8")]
    return [flat[i : i + size].encode("utf-8") for i in range(len(flat) - size + 1)]


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> Any:
    # Drawn from SEED on every MinHash built without them (a RandomState each time); the
    # same for every signature, so drawn once and shared (saves time and 1 KiB a signature).
    return MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME).permutations


def minhash_of(text: str, num_perm: int = 128, shingle_size: int = 5) -> MinHash:
    """Return the MinHash of ``text``'s character shingles (case and punctuation folded)."""
    mh = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME, permutations=_permutations(num_perm))
    mh.update_batch(_shingles(text, shingle_size))
    return mh


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """An earlier article that a new one nearly copies, with the estimated Jaccard similarity."""

    article_id: str
    similarity: float


class NearDuplicateIndex:
    """An LSH index of article signatures that answers "which earlier article is this a copy of?".

    Args:
        threshold: Estimated Jaccard similarity above which two articles are near-copies.
        num_perm: MinHash permutations; must match the signatures added.
    """

    def __init__(self, threshold: float = 0.8, num_perm: int = 128) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        # The LSH bands only propose candidates; a lower banding threshold misses fewer true
        # copies (its false candidates are dropped by the exact estimate in ``match``).
        self._lsh = MinHashLSH(threshold=max(0.3, threshold - LSH_MARGIN), num_perm=num_perm)
        self._sigs: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def add(self, article_id: str, signature: MinHash) -> None:
        """Index ``signature`` under ``article_id`` (ignored if already indexed)."""
        if article_id in self._sigs:
            return
        self._sigs[article_id] = signature
        self._lsh.insert(article_id, signature)

    def add_bytes(self, article_id: str, blob: bytes) -> None:
        """Index a signature stored with :func:`signature_bytes`."""
        values = np.frombuffer(blob, dtype=np.uint64)
        signature = MinHash(
            num_perm=self.num_perm,
            seed=SEED,
            hashvalues=values,
            scheme=SCHEME,
            permutations=_permutations(self.num_perm),
        )
        self.add(article_id, signature)

    def match(self, signature: MinHash, exclude: str | None = None) -> DuplicateMatch | None:
        """Return the most similar indexed article at or above the threshold, or ``None``.

        Ties go to the smallest id so the answer does not depend on insertion order.
        """
        best: DuplicateMatch | None = None
        for other in self._lsh.query(signature):
            if other == exclude:
                continue
            sim = float(signature.jaccard(self._sigs[other]))
            if sim < self.threshold:
                continue
            if best is None or (sim, -_rank(other)) > (best.similarity, -_rank(best.article_id)):
                best = DuplicateMatch(other, round(sim, 4))
        return best


def _rank(article_id: str) -> int:
    return int(article_id.rsplit("_", 1)[-1], 16)


def signature_bytes(signature: MinHash) -> bytes:
    """Return ``signature`` as bytes for storage."""
    return np.asarray(signature.hashvalues, dtype=np.uint64).tobytes()
