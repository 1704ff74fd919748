"""Persuasion techniques, each with the span that uses it: ``Signal(kind="persuasion")``.

The taxonomy is the one of SemEval-2021 task 6 (20 techniques: loaded language, name
calling, smears, doubt, appeal to fear, flag-waving, slogans, whataboutism, …). A small
linear model, trained by ``scripts/train_persuasion.py`` on the task's training and
development texts and shipped as ``data/models/persuasion.npz`` + ``persuasion.json``,
finds them in two ways, chosen per technique by cross-validation on the training data:

``token``
    a tagger marks the words that carry the technique (loaded language, name calling:
    spans of one to three words), and runs of marked words become spans;
``segment``
    a classifier labels whole sentences or lines (smears, doubt, whataboutism: spans of
    a sentence or more); neighbouring segments with the same technique are merged.

The training texts are meme captions, not news articles, so the model transfers to news
only in part. Techniques whose cross-validated span F1 stays below
``HIDE_BELOW_F1`` are *hidden by default* (the model file lists them, with their
figures); ``PersuasionOptions(show_hidden=True)`` shows them anyway.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from rashomon.analyze.persuasion_patterns import find_pattern_spans
from rashomon.errors import ConfigError
from rashomon.model import Document, Signal, record_id
from rashomon.registry import stage

__all__ = [
    "HIDE_BELOW_F1",
    "TECHNIQUES",
    "TECHNIQUE_SLUGS",
    "PersuasionModel",
    "PersuasionOptions",
    "PersuasionSpan",
    "detect_persuasion",
    "find_persuasion",
    "load_persuasion_model",
    "predict_persuasion",
    "segment_features",
    "split_segments",
    "token_features",
    "tokenize",
]

#: The 20 techniques of SemEval-2021 task 6 (subtasks 1 and 2), as the task names them.
TECHNIQUES: tuple[str, ...] = (
    "Appeal to authority",
    "Appeal to fear/prejudice",
    "Black-and-white Fallacy/Dictatorship",
    "Causal Oversimplification",
    "Doubt",
    "Exaggeration/Minimisation",
    "Flag-waving",
    "Glittering generalities (Virtue)",
    "Loaded Language",
    "Misrepresentation of Someone's Position (Straw Man)",
    "Name calling/Labeling",
    "Obfuscation, Intentional vagueness, Confusion",
    "Presenting Irrelevant Data (Red Herring)",
    "Reductio ad hitlerum",
    "Repetition",
    "Slogans",
    "Smears",
    "Thought-terminating cliché",
    "Whataboutism",
    "Bandwagon",
)

#: Stable labels for ``Signal.label`` and for options (``hidden = ["smears"]``).
TECHNIQUE_SLUGS: dict[str, str] = {
    "Appeal to authority": "appeal_to_authority",
    "Appeal to fear/prejudice": "appeal_to_fear",
    "Black-and-white Fallacy/Dictatorship": "black_and_white",
    "Causal Oversimplification": "causal_oversimplification",
    "Doubt": "doubt",
    "Exaggeration/Minimisation": "exaggeration_minimisation",
    "Flag-waving": "flag_waving",
    "Glittering generalities (Virtue)": "glittering_generalities",
    "Loaded Language": "loaded_language",
    "Misrepresentation of Someone's Position (Straw Man)": "straw_man",
    "Name calling/Labeling": "name_calling",
    "Obfuscation, Intentional vagueness, Confusion": "obfuscation",
    "Presenting Irrelevant Data (Red Herring)": "red_herring",
    "Reductio ad hitlerum": "reductio_ad_hitlerum",
    "Repetition": "repetition",
    "Slogans": "slogans",
    "Smears": "smears",
    "Thought-terminating cliché": "thought_terminating_cliche",
    "Whataboutism": "whataboutism",
    "Bandwagon": "bandwagon",
}
_BY_SLUG = {slug: name for name, slug in TECHNIQUE_SLUGS.items()}

# A technique whose span F1 (5-fold cross-validation on the SemEval-2021 task 6 training
# texts, scripts/train_persuasion.py) is below this is hidden unless the user asks for it:
# below it, most of what the model marks for that technique is wrong.
HIDE_BELOW_F1 = 0.2

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
# Segments end at a line break or after sentence punctuation followed by space.
_SEGMENT_END = re.compile(r"\n+|(?<=[.!?])[\"”’']?\s+")


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Return the (start, end, text) of every word and punctuation token of ``text``."""
    return [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]


def split_segments(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of the sentences and lines of ``text``, trimmed of outer spaces."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _SEGMENT_END.finditer(text):
        _add_trimmed(text, pos, m.start() if m.group(0).isspace() else m.end(), out)
        pos = m.end()
    _add_trimmed(text, pos, len(text), out)
    return out


def _add_trimmed(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped or not any(c.isalnum() for c in stripped):
        return
    lead = len(piece) - len(piece.lstrip())
    out.append((start + lead, start + lead + len(stripped)))


def _shape(word: str) -> str:
    if not any(c.isalpha() for c in word):
        return "digit" if any(c.isdigit() for c in word) else "punct"
    if word.isupper():
        return "upper"
    return "title" if word[:1].isupper() else "lower"


def token_features(tokens: Sequence[tuple[int, int, str]], i: int) -> list[str]:
    """Return the feature names of token ``i``: the word, its neighbours, affixes, shape and bigrams."""
    words = [t[2].lower() for t in tokens]
    w = words[i]
    feats = [f"w={w}", f"suf3={w[-3:]}", f"pre3={w[:3]}", f"shape={_shape(tokens[i][2])}"]
    for k in (-2, -1, 1, 2):
        j = i + k
        feats.append(f"w{k:+d}={words[j] if 0 <= j < len(words) else '<s>'}")
    prev = words[i - 1] if i > 0 else "<s>"
    nxt = words[i + 1] if i + 1 < len(words) else "</s>"
    feats += [f"b-={prev}_{w}", f"b+={w}_{nxt}", "bias"]
    return feats


def segment_features(text: str) -> list[str]:
    """Return the feature names of a segment: its lower-cased words and word bigrams, and marks."""
    words = [t[2].lower() for t in tokenize(text)]
    feats = [f"u={w}" for w in words]
    feats += [f"b={a}_{b}" for a, b in itertools.pairwise(words)]
    if "!" in text:
        feats.append("mark=!")
    if "?" in text:
        feats.append("mark=?")
    return feats


@dataclass(frozen=True, slots=True)
class PersuasionSpan:
    """One technique found in a text: ``text[start:end]`` uses ``technique`` with ``score``.

    ``method`` is ``model`` (the trained tagger or classifier) or ``pattern`` (a pattern from
    :mod:`rashomon.analyze.persuasion_patterns`, score 1).
    """

    start: int
    end: int
    technique: str
    score: float
    method: str = "model"


def _sigmoid(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    result: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-x))
    return result


@dataclass
class PersuasionModel:
    """A trained persuasion-technique model: a token tagger and a segment classifier.

    Attributes:
        techniques: Technique names, in the row order of the weight matrices.
        granularity: Per technique, ``token``, ``segment`` or ``off`` (never predicted).
        thresholds: Per technique, the probability above which a token or segment is marked.
        token_vocab: Token feature name → column.
        token_coef: Token tagger weights, one row per technique.
        token_bias: Token tagger intercepts.
        segment_vocab: Segment feature name → column.
        segment_idf: Inverse document frequency per segment feature.
        segment_coef: Segment classifier weights, one row per technique.
        segment_bias: Segment classifier intercepts.
        hidden: Techniques not shown by default (cross-validated F1 below ``HIDE_BELOW_F1``).
        figures: What training measured, per technique and overall (for the docs and report).
    """

    techniques: tuple[str, ...]
    granularity: dict[str, str]
    thresholds: dict[str, float]
    token_vocab: dict[str, int]
    token_coef: npt.NDArray[np.float64]
    token_bias: npt.NDArray[np.float64]
    segment_vocab: dict[str, int]
    segment_idf: npt.NDArray[np.float64]
    segment_coef: npt.NDArray[np.float64]
    segment_bias: npt.NDArray[np.float64]
    hidden: tuple[str, ...] = ()
    figures: dict[str, Any] = field(default_factory=dict)

    # ----------------------------------------------------------------- scoring
    def token_scores(self, tokens: Sequence[tuple[int, int, str]]) -> npt.NDArray[np.float64]:
        """Return a (tokens × techniques) matrix of token-level probabilities."""
        scores = np.zeros((len(tokens), len(self.techniques)))
        for i in range(len(tokens)):
            cols = [self.token_vocab[f] for f in token_features(tokens, i) if f in self.token_vocab]
            scores[i] = self.token_coef[:, cols].sum(axis=1) + self.token_bias
        return _sigmoid(scores)

    def segment_vector(self, text: str) -> tuple[list[int], npt.NDArray[np.float64]]:
        """Return the sparse tf-idf vector (columns, values) of a segment, L2-normalised."""
        counts: dict[int, int] = {}
        for f in segment_features(text):
            col = self.segment_vocab.get(f)
            if col is not None:
                counts[col] = counts.get(col, 0) + 1
        cols = sorted(counts)
        values = np.array([(1.0 + math.log(counts[c])) * self.segment_idf[c] for c in cols])
        norm = float(np.linalg.norm(values)) if cols else 0.0
        return cols, (values / norm if norm else values)

    def segment_scores(self, text: str, segments: Sequence[tuple[int, int]]) -> npt.NDArray[np.float64]:
        """Return a (segments × techniques) matrix of segment-level probabilities."""
        scores = np.zeros((len(segments), len(self.techniques)))
        for i, (s, e) in enumerate(segments):
            cols, values = self.segment_vector(text[s:e])
            scores[i] = self.segment_coef[:, cols] @ values + self.segment_bias
        return _sigmoid(scores)

    def predict(self, text: str, techniques: Iterable[str] | None = None) -> list[PersuasionSpan]:
        """Return the technique spans of ``text`` (all techniques, or only ``techniques``).

        Offsets are 0-based, end-exclusive character offsets into ``text``.
        """
        wanted = set(self.techniques if techniques is None else techniques)
        out: list[PersuasionSpan] = []
        tokens = tokenize(text)
        segments = split_segments(text)
        token_p = self.token_scores(tokens) if tokens else np.zeros((0, len(self.techniques)))
        segment_p = self.segment_scores(text, segments) if segments else np.zeros((0, len(self.techniques)))
        for k, name in enumerate(self.techniques):
            mode = self.granularity.get(name, "off")
            if name not in wanted or mode == "off":
                continue
            threshold = self.thresholds[name]
            if mode == "token":
                out.extend(_runs(tokens, token_p[:, k], threshold, name, text))
            else:
                out.extend(_runs(segments, segment_p[:, k], threshold, name, text))
        out.sort(key=lambda s: (s.start, s.end, s.technique))
        return out

    # ------------------------------------------------------------- persistence
    def save(self, stem: str | Path) -> tuple[Path, Path]:
        """Write the weights to ``stem.npz`` (float32) and the rest to ``stem.json``."""
        stem = Path(stem)
        npz, meta = stem.with_suffix(".npz"), stem.with_suffix(".json")
        np.savez_compressed(
            npz,
            token_coef=self.token_coef.astype(np.float32),
            token_bias=self.token_bias.astype(np.float32),
            segment_idf=self.segment_idf.astype(np.float32),
            segment_coef=self.segment_coef.astype(np.float32),
            segment_bias=self.segment_bias.astype(np.float32),
        )
        payload = {
            "techniques": list(self.techniques),
            "granularity": self.granularity,
            "thresholds": self.thresholds,
            "hidden": list(self.hidden),
            "figures": self.figures,
            "token_features": sorted(self.token_vocab, key=self.token_vocab.__getitem__),
            "segment_features": sorted(self.segment_vocab, key=self.segment_vocab.__getitem__),
        }
        meta.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        return npz, meta

    @classmethod
    def load(cls, stem: str | Path) -> PersuasionModel:
        """Read a model written by :meth:`save` (``stem.npz`` and ``stem.json``).

        Raises:
            ConfigError: if either file is missing, naming the training script.
        """
        stem = Path(stem)
        npz, meta = stem.with_suffix(".npz"), stem.with_suffix(".json")
        if not npz.exists() or not meta.exists():
            raise ConfigError(
                f"persuasion model {stem}.npz/.json not found; train one with scripts/train_persuasion.py "
                "or leave model_path empty to use the bundled model"
            )
        payload = json.loads(meta.read_text(encoding="utf-8"))
        with np.load(npz) as arrays:
            weights = {k: arrays[k].astype(np.float64) for k in arrays.files}
        return cls(
            techniques=tuple(payload["techniques"]),
            granularity=dict(payload["granularity"]),
            thresholds={k: float(v) for k, v in payload["thresholds"].items()},
            token_vocab={f: i for i, f in enumerate(payload["token_features"])},
            token_coef=weights["token_coef"],
            token_bias=weights["token_bias"],
            segment_vocab={f: i for i, f in enumerate(payload["segment_features"])},
            segment_idf=weights["segment_idf"],
            segment_coef=weights["segment_coef"],
            segment_bias=weights["segment_bias"],
            hidden=tuple(payload.get("hidden", ())),
            figures=dict(payload.get("figures", {})),
        )


def _runs(
    units: Sequence[tuple[int, int] | tuple[int, int, str]],
    probs: npt.NDArray[np.float64],
    threshold: float,
    technique: str,
    text: str,
) -> list[PersuasionSpan]:
    """Merge consecutive units scoring at least ``threshold`` into spans (only spaces between them)."""
    spans: list[PersuasionSpan] = []
    start = end = -1
    best = 0.0
    for unit, p in zip(units, probs, strict=True):
        s, e = unit[0], unit[1]
        if p >= threshold:
            if start >= 0 and not text[end:s].strip(" \t\n,;:-—–"):
                end, best = e, max(best, float(p))
                continue
            if start >= 0:
                spans.append(PersuasionSpan(start, end, technique, best))
            start, end, best = s, e, float(p)
        elif start >= 0:
            spans.append(PersuasionSpan(start, end, technique, best))
            start = -1
    if start >= 0:
        spans.append(PersuasionSpan(start, end, technique, best))
    return spans


def _bundled_stem() -> Path:
    return Path(str(resources.files("rashomon").joinpath("data", "models", "persuasion")))


@lru_cache(maxsize=4)
def load_persuasion_model(path: str = "") -> PersuasionModel:
    """Load (once per process) the model at ``path`` (a stem, no suffix), or the bundled one."""
    return PersuasionModel.load(path or _bundled_stem())


@dataclass(frozen=True, slots=True)
class PersuasionOptions:
    """Options of persuasion-technique detection.

    Attributes:
        model_path: Stem of a model trained by ``scripts/train_persuasion.py`` (``""``: bundled).
        show_hidden: Also report the techniques the model detects too poorly to show by default.
        hidden: Technique labels (``"smears"``) to hide in addition to the model's own list.
        min_score: Drop spans whose probability is below this (0 keeps the model's thresholds).
        patterns: Also mark the techniques the definitional patterns find (shown whatever
            the model's hidden list says, since they are measured apart).
    """

    model_path: str = ""
    show_hidden: bool = False
    hidden: tuple[str, ...] = ()
    min_score: float = 0.0
    patterns: bool = True


def find_persuasion(text: str, options: PersuasionOptions | None = None) -> list[PersuasionSpan]:
    """Return the persuasion-technique spans of ``text`` that ``options`` lets through.

    Raises:
        ConfigError: for an unknown technique label in ``options.hidden``.
    """
    options = options or PersuasionOptions()
    unknown = [h for h in options.hidden if h not in _BY_SLUG]
    if unknown:
        raise ConfigError(
            f"unknown persuasion technique(s) {', '.join(unknown)}; use labels such as "
            f"{', '.join(sorted(_BY_SLUG)[:4])}, …"
        )
    model = load_persuasion_model(options.model_path)
    user_hidden = {_BY_SLUG[h] for h in options.hidden}
    blocked = user_hidden if options.show_hidden else user_hidden | set(model.hidden)
    spans = predict_persuasion(
        model, text, [t for t in model.techniques if t not in blocked], options.patterns
    )
    return [s for s in spans if s.score >= options.min_score and s.technique not in user_hidden]


def predict_persuasion(
    model: PersuasionModel, text: str, techniques: Iterable[str] | None = None, patterns: bool = True
) -> list[PersuasionSpan]:
    """Return the model's spans for ``techniques`` plus, with ``patterns``, the pattern spans.

    A model span overlapping a pattern span of the same technique gives way to it.
    """
    spans = model.predict(text, techniques)
    if not patterns:
        return spans
    found = [PersuasionSpan(s, e, t, 1.0, "pattern") for s, e, t in find_pattern_spans(text)]
    kept = [
        s
        for s in spans
        if not any(p.technique == s.technique and p.start < s.end and s.start < p.end for p in found)
    ]
    return sorted([*kept, *found], key=lambda s: (s.start, s.end, s.technique))


DEFAULT_OPTIONS = PersuasionOptions()


@stage("analyze.persuasion.v1", requires=("sentences",), assigns=("signals",))
def detect_persuasion(doc: Document, options: PersuasionOptions = DEFAULT_OPTIONS) -> tuple[Signal, ...]:
    """Find persuasion techniques in ``doc``, each as a signal with the span that uses it.

    Args:
        doc: A document (sentences set; the model splits its own segments).
        options: See :class:`PersuasionOptions`.

    Returns:
        The document's earlier signals followed by one ``Signal(kind="persuasion")`` per span,
        ``label`` the technique's slug, ``score`` the model's probability.
    """
    new = []
    for span in find_persuasion(doc.text, options):
        slug = TECHNIQUE_SLUGS[span.technique]
        new.append(
            Signal(
                id=record_id("sig", doc.article.id, "persuasion", slug, span.start, span.end),
                article_id=doc.article.id,
                kind="persuasion",
                evidence=(doc.evidence(span.start, span.end),),
                label=slug,
                detail=f"{span.technique} ({span.method})",
                score=round(span.score, 4),
            )
        )
    return (*doc.signals, *new)
