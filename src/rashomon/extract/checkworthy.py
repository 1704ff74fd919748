"""Check-worthiness: how much a sentence is worth fact-checking, from a small shipped linear model.

The model (``data/models/checkworthy.npz``, trained by ``scripts/train_checkworthiness.py`` on the
ClaimBuster and CLEF CheckThat! 2019 *train* splits) is a logistic regression over hashed,
TF-IDF-weighted word uni/bigrams and character n-grams. It loads once per process and scores
thousands of sentences a second on one CPU core.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

__all__ = ["CheckworthyModel", "build_features", "load_checkworthy_model", "score_checkworthiness"]

logger = logging.getLogger(__name__)

MODEL_PATH = "data/models/checkworthy.npz"
#: Hashing space shared by training and scoring; changing it invalidates the shipped model.
N_FEATURES = 2**18


def build_features(texts: Sequence[str]) -> Any:
    """Return the hashed term-count matrix (words 1–2-grams plus character 3–5-grams) of ``texts``."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import HashingVectorizer

    words = HashingVectorizer(
        n_features=N_FEATURES,
        ngram_range=(1, 2),
        alternate_sign=False,
        norm=None,
        lowercase=True,
        token_pattern=r"(?u)\b\w[\w'’.%$-]*\b",
    )
    chars = HashingVectorizer(
        n_features=N_FEATURES,
        analyzer="char_wb",
        ngram_range=(3, 5),
        alternate_sign=False,
        norm=None,
        lowercase=True,
    )
    return hstack([words.transform(texts), chars.transform(texts)]).tocsr()


@dataclass(frozen=True)
class CheckworthyModel:
    """A trained check-worthiness model: IDF weights, coefficients, intercept and thresholds.

    ``thresholds`` maps a setting (``claimbuster``: news-like sentences; ``clef``: debate
    transcripts, where check-worthy sentences are rare) to the probability above which a
    sentence is called check-worthy; each was tuned on a dev split carved from train.
    """

    idf: Any
    coef: Any
    intercept: float
    thresholds: dict[str, float]
    info: dict[str, Any]

    def predict_proba(self, texts: Sequence[str]) -> Any:
        """Return the probability that each text is check-worthy (a numpy array)."""
        if not texts:
            return np.zeros(0)
        x = build_features(texts).astype(np.float64)
        x.data = 1.0 + np.log(x.data)  # sublinear tf, as TfidfTransformer(sublinear_tf=True)
        x = x.multiply(self.idf).tocsr()
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        z = np.asarray(x @ self.coef).ravel() / norms + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


@lru_cache(maxsize=1)
def load_checkworthy_model() -> CheckworthyModel:
    """Load the shipped model once per process."""
    ref = resources.files("rashomon").joinpath(MODEL_PATH)
    with resources.as_file(ref) as path, np.load(path, allow_pickle=False) as data:
        info = json.loads(str(data["info"]))
        model = CheckworthyModel(
            idf=data["idf"].astype(np.float64),
            coef=data["coef"].astype(np.float64),
            intercept=float(data["intercept"]),
            thresholds={k: float(v) for k, v in info["thresholds"].items()},
            info=info,
        )
    logger.info("loaded check-worthiness model (%s)", info.get("trained_on", "?"))
    return model


def score_checkworthiness(texts: Sequence[str]) -> list[float]:
    """Return the check-worthiness probability of each of ``texts`` (0–1)."""
    return [float(p) for p in load_checkworthy_model().predict_proba(list(texts))]
