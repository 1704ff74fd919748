"""Cross-document mention coreference: document groups, pairwise link scores, average-link clusters.

The text linker behind ``rashomon eval coref``: given mentions (an event trigger or an entity
phrase, its head lemma, its sentence and the lemmas of what co-occurs with it), it

1. groups documents that tell the same story (TF-IDF cosine, average link) — mentions in
   different groups never corefer, which is what keeps the work far from all-pairs;
2. scores every pair of mentions inside a group with a logistic model over a few features
   (same head lemma, contextual span similarity, sentence similarity, argument overlap…);
3. merges mentions bottom-up while the average link probability between two clusters stays at or
   above the model's threshold.

The model's weights and thresholds are data (``data/models/coref_links.json``), written by
``scripts/train_coref.py`` from the ECB+ train and dev topics.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from rashomon.fuse.embeddings import Encoder

__all__ = [
    "FEATURES",
    "LinkMention",
    "LinkModel",
    "ScoredGroup",
    "chains_from_scores",
    "cluster_documents",
    "cluster_mentions",
    "lemma_baseline",
    "load_link_models",
    "pair_features",
    "score_groups",
]

#: Pair features, in the order the model's weights use.
FEATURES = (
    "same_lemma",
    "same_prefix",
    "same_text",
    "span_cosine",
    "sentence_cosine",
    "argument_overlap",
    "same_document",
    "pronoun",
    "lemma_x_span",
)

MODEL_FILE = "coref_links.json"


@dataclass(frozen=True, slots=True)
class LinkMention:
    """A mention to link: what it is, where it sits, and what co-occurs with it.

    ``span`` is the mention's 0-based, end-exclusive character offsets into ``context`` (its
    sentence); ``arguments`` holds the lemmas of co-occurring mentions of the other kind
    (participants, places and times for an event; predicates for an entity).
    """

    id: str
    doc: str
    lemma: str
    text: str
    context: str
    span: tuple[int, int]
    arguments: frozenset[str] = frozenset()
    pronoun: bool = False


@dataclass(frozen=True, slots=True)
class LinkModel:
    """A logistic pair model with its clustering thresholds.

    ``threshold`` is the least average link probability at which two clusters merge;
    ``doc_threshold`` the least average TF-IDF cosine at which two document groups merge.
    """

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float
    doc_threshold: float
    notes: Mapping[str, object] = field(default_factory=dict)

    def probability(self, feats: NDArray[np.float64]) -> NDArray[np.float64]:
        """Return the link probability for a ``(..., len(features))`` feature array."""
        z = feats @ np.asarray(self.weights) + self.bias
        out: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-z))
        return out

    def to_json(self) -> dict[str, object]:
        """Return the model as a JSON-ready mapping."""
        return {
            "features": list(self.features),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "threshold": self.threshold,
            "doc_threshold": self.doc_threshold,
            "notes": dict(self.notes),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> LinkModel:
        """Build a model from :meth:`to_json` output."""
        feats = tuple(str(f) for f in data["features"])  # type: ignore[attr-defined]
        if feats != FEATURES:
            raise ValueError(f"link model features {feats} differ from {FEATURES}; retrain it")
        return cls(
            features=feats,
            weights=tuple(float(w) for w in data["weights"]),  # type: ignore[attr-defined]
            bias=float(data["bias"]),  # type: ignore[arg-type]
            threshold=float(data["threshold"]),  # type: ignore[arg-type]
            doc_threshold=float(data["doc_threshold"]),  # type: ignore[arg-type]
            notes=dict(data.get("notes", {})),  # type: ignore[call-overload, attr-defined]
        )


def load_link_models(path: str | Path | None = None, encoder: str = "minilm") -> dict[str, LinkModel]:
    """Load the shipped (or the given) link models for ``encoder``: ``{"events": …, "entities": …}``.

    The features depend on the encoder, so each encoder has its own weights and thresholds.

    Raises:
        ValueError: when the file holds no models for ``encoder``.
    """
    if path is None:
        text = resources.files("rashomon").joinpath("data", "models", MODEL_FILE).read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    data = json.loads(text)
    if encoder not in data:
        raise ValueError(f"no coreference link models for encoder {encoder!r}; run scripts/train_coref.py")
    return {kind: LinkModel.from_json(m) for kind, m in data[encoder].items()}


def _average_link(distance: NDArray[np.float64], max_distance: float) -> list[int]:
    """Return a cluster label per row of a square distance matrix (average link, cut at ``max_distance``)."""
    n = distance.shape[0]
    if n == 1:
        return [0]
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(np.clip(distance, 0.0, None), checks=False), method="average")
    return [int(x) for x in fcluster(tree, t=max_distance, criterion="distance")]


def cluster_documents(texts: Mapping[str, str], threshold: float) -> list[list[str]]:
    """Group documents whose TF-IDF cosine (average link) is at least ``threshold``.

    Returns:
        Groups of document ids, each sorted, in order of their first id.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids = sorted(texts)
    if len(ids) < 2:
        return [ids] if ids else []
    # Word 1–3-grams seen in at least two documents: shared names and phrases ("Lindsay Lohan",
    # "rehab centre") separate two stories of one kind better than single words (pairwise F1 vs
    # the gold subtopics of ECB+ train+dev: 0.835 with words, 0.895 with 1–3-grams).
    vectorizer = TfidfVectorizer(
        stop_words="english", sublinear_tf=True, ngram_range=(1, 3), min_df=2 if len(ids) > 10 else 1
    )
    try:
        matrix = vectorizer.fit_transform([texts[i] for i in ids])
    except ValueError:  # no term survives (tiny or empty texts): every document stands alone
        return [[d] for d in ids]
    sim = (matrix @ matrix.T).toarray()
    labels = _average_link(1.0 - sim, 1.0 - threshold)
    groups: dict[int, list[str]] = defaultdict(list)
    for doc, label in zip(ids, labels, strict=True):
        groups[label].append(doc)
    return sorted(groups.values())


def pair_features(
    mentions: Sequence[LinkMention], span_vecs: NDArray[np.float32], sentence_vecs: NDArray[np.float32]
) -> NDArray[np.float64]:
    """Return the ``(n, n, len(FEATURES))`` feature array of every ordered pair of ``mentions``."""
    n = len(mentions)
    lemmas = np.array([m.lemma.lower() for m in mentions], dtype=object)
    texts = np.array([m.text.lower() for m in mentions], dtype=object)
    prefixes = np.array([m.lemma.lower()[:4] for m in mentions], dtype=object)
    docs = np.array([m.doc for m in mentions], dtype=object)
    pron = np.array([m.pronoun for m in mentions])
    span_cos = np.clip(span_vecs @ span_vecs.T, -1.0, 1.0).astype(np.float64)
    sent_cos = np.clip(sentence_vecs @ sentence_vecs.T, -1.0, 1.0).astype(np.float64)
    args = np.zeros((n, n))
    for i in range(n):
        ai = mentions[i].arguments
        if not ai:
            continue
        for j in range(i + 1, n):
            aj = mentions[j].arguments
            if aj:
                args[i, j] = args[j, i] = len(ai & aj) / len(ai | aj)
    same_lemma = (lemmas[:, None] == lemmas[None, :]).astype(float)
    feats = np.stack(
        [
            same_lemma,
            (prefixes[:, None] == prefixes[None, :]).astype(float),
            (texts[:, None] == texts[None, :]).astype(float),
            span_cos,
            sent_cos,
            args,
            (docs[:, None] == docs[None, :]).astype(float),
            (pron[:, None] | pron[None, :]).astype(float),
            same_lemma * span_cos,
        ],
        axis=-1,
    )
    return feats


@dataclass(frozen=True, slots=True)
class ScoredGroup:
    """The mentions of one document group and their symmetric link probabilities."""

    mentions: tuple[LinkMention, ...]
    probabilities: NDArray[np.float64]


def score_groups(
    mentions: Sequence[LinkMention],
    model: LinkModel,
    encoder: Encoder,
    doc_groups: Sequence[Sequence[str]] | None = None,
) -> list[ScoredGroup]:
    """Score every pair of mentions inside each document group (no pair across groups is scored).

    Args:
        mentions: The mentions to link.
        model: Pair weights (see :func:`load_link_models`).
        encoder: Encodes the mention spans in context and their sentences.
        doc_groups: Groups of document ids within which mentions may corefer; by default every
            document is in one group. A mention whose document is in no group stands alone.
    """
    if not mentions:
        return []
    span_vecs = encoder.encode_spans([m.context for m in mentions], [m.span for m in mentions])
    sent_vecs = encoder.encode([m.context for m in mentions])
    group_of: dict[str, int] = {}
    for gi, docs in enumerate(doc_groups or [sorted({m.doc for m in mentions})]):
        for d in docs:
            group_of[d] = gi
    by_group: dict[int, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_group[group_of.get(m.doc, -1 - i)].append(i)
    out = []
    for _, rows in sorted(by_group.items()):
        sub = tuple(mentions[i] for i in rows)
        prob = model.probability(pair_features(sub, span_vecs[rows], sent_vecs[rows]))
        out.append(ScoredGroup(sub, (prob + prob.T) / 2))
    return out


def chains_from_scores(groups: Sequence[ScoredGroup], threshold: float) -> list[list[str]]:
    """Cut each scored group into chains: average link probability at least ``threshold``."""
    out: list[list[str]] = []
    for g in groups:
        labels = _average_link(1.0 - g.probabilities.copy(), 1.0 - threshold)
        chains: dict[int, list[str]] = defaultdict(list)
        for m, label in zip(g.mentions, labels, strict=True):
            chains[label].append(m.id)
        out.extend(chains.values())
    return out


def cluster_mentions(
    mentions: Sequence[LinkMention],
    model: LinkModel,
    encoder: Encoder,
    doc_groups: Sequence[Sequence[str]] | None = None,
) -> list[list[str]]:
    """Cluster ``mentions`` into coreference chains across documents.

    Args:
        mentions: The mentions to link.
        model: Pair weights and thresholds (see :func:`load_link_models`).
        encoder: Encodes the mention spans in context and their sentences.
        doc_groups: Groups of document ids within which mentions may corefer; by default every
            document is in one group.

    Returns:
        Clusters of mention ids (singletons included).
    """
    return chains_from_scores(score_groups(mentions, model, encoder, doc_groups), model.threshold)


def lemma_baseline(
    mentions: Sequence[LinkMention], doc_groups: Sequence[Sequence[str]] | None = None
) -> list[list[str]]:
    """Cluster mentions that share a head lemma within a document group (the field's baseline)."""
    group_of = {d: gi for gi, docs in enumerate(doc_groups or []) for d in docs}
    chains: dict[tuple[int, str], list[str]] = defaultdict(list)
    for i, m in enumerate(mentions):
        chains[(group_of.get(m.doc, -1 - i), m.lemma.lower())].append(m.id)
    return list(chains.values())
