"""Two small text classifiers that back the event coder: CAMEO five-way class and PLOVER type.

Each is a word n-gram TF-IDF vocabulary with a linear model, trained by
``scripts/train_events.py`` (ConfliBERT CAMEO train split; NGEC synthetic stories on
non-held-out templates) and shipped as ``data/models/event_classifier.npz``. They are
cheap (a sparse dot product per sentence) and need no torch.

The event stage blends the five-way probability of an event's CAMEO class into its
confidence; ``rashomon eval events`` scores both on their held-out data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

__all__ = ["EventClassifier", "LinearTextModel", "load_event_classifier", "story_text"]

#: Characters of a story the story-level classifier reads (its lead carries the event).
STORY_CHARS = 1200


def story_text(text: str) -> str:
    """The part of a story the story-level classifier reads."""
    return text[:STORY_CHARS]


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return out


@dataclass
class LinearTextModel:
    """A TF-IDF vocabulary and a linear model over it.

    Attributes:
        vocabulary: The n-grams, in feature order.
        idf: Inverse document frequency of each feature.
        coef: One row of weights per label.
        intercept: One bias per label.
        labels: The label of each row.
        ngram_max: Longest n-gram in the vocabulary.
    """

    vocabulary: tuple[str, ...]
    idf: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    labels: tuple[str, ...]
    ngram_max: int = 1

    def _vectorizer(self) -> Any:
        vec = getattr(self, "_vec", None)
        if vec is None:
            from sklearn.feature_extraction.text import TfidfVectorizer

            vec = TfidfVectorizer(
                vocabulary={w: i for i, w in enumerate(self.vocabulary)},
                ngram_range=(1, self.ngram_max),
                sublinear_tf=True,
            )
            vec.idf_ = self.idf
            self._vec = vec
        return vec

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Return the linear scores, one row per text and one column per label."""
        if not texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        x = self._vectorizer().transform(list(texts))
        out: np.ndarray = np.asarray(x @ self.coef.T) + self.intercept
        return out

    def proba(self, texts: Sequence[str]) -> np.ndarray:
        """Return the scores turned into probabilities (softmax), one row per text."""
        return _softmax(self.scores(texts))

    def predict(self, texts: Sequence[str]) -> list[str]:
        """Return the best label of each text."""
        return [self.labels[i] for i in self.scores(texts).argmax(axis=1)]


@dataclass(frozen=True)
class EventClassifier:
    """The two shipped models: ``penta`` (labels "0"–"4") and ``plover`` (the 16 types)."""

    penta: LinearTextModel
    plover: LinearTextModel

    def penta_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Return P(class) for the five CAMEO classes (0 statement … 4 conflict), one row per text."""
        proba = self.penta.proba(texts)
        order = [self.penta.labels.index(str(k)) for k in range(5)]
        out: np.ndarray = proba[:, order]
        return out


def _model(z: Any, prefix: str) -> LinearTextModel:
    return LinearTextModel(
        vocabulary=tuple(str(w) for w in z[f"{prefix}_vocabulary"]),
        idf=z[f"{prefix}_idf"].astype(np.float64),
        coef=z[f"{prefix}_coef"].astype(np.float32),
        intercept=z[f"{prefix}_intercept"].astype(np.float32),
        labels=tuple(str(x) for x in z[f"{prefix}_labels"]),
        ngram_max=int(z[f"{prefix}_ngram_max"]),
    )


@lru_cache(maxsize=1)
def load_event_classifier() -> EventClassifier | None:
    """Load the shipped classifiers once per process (``None`` when the weights are absent)."""
    path = resources.files("rashomon").joinpath("data", "models", "event_classifier.npz")
    if not path.is_file():
        return None
    with path.open("rb") as fh, np.load(fh, allow_pickle=False) as z:
        return EventClassifier(_model(z, "penta"), _model(z, "plover"))
