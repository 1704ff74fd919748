"""Direct quotes attributed to a speaker mention: the first cut, kept so stored v1 runs stay reproducible.

Superseded by :mod:`rashomon.extract.quotes` (``extract.quotes.v2``); do not extend.

Handles straight and curly double quotes and curly single quotes (‘…’, told apart from
apostrophes), the cue before or after the quote ("…," said X; X said: "…"), speakers whose
name is split by a line break, and quotes whose speaker was named in an earlier sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rashomon.model import Document, Entity, Evidence, Quote, Speaker, record_id
from rashomon.registry import stage

__all__ = ["QuoteOptionsV1", "extract_quotes_v1"]

#: Verbs and phrases that introduce speech.
CUES = (
    "said|says|say|added|adds|warned|warns|told|tells|stated|states|claimed|claims|argued|argues|"
    "noted|notes|explained|explains|insisted|insists|declared|declares|announced|announces|wrote|writes|"
    "asked|asks|stressed|stresses|emphasized|emphasised|remarked|replied|continued|according to|"
    "called|described|urged|urges|believes|believe|suggested|suggest"
)
_CUE_AFTER = re.compile(rf"^[\s,;:—–-]*(?P<cue>{CUES})\b[\s,]*", re.I)
_CUE_BEFORE = re.compile(rf"(?P<cue>{CUES})\b\s*[:,]?\s*$", re.I)
# Quote marks: “…” and "…" and ‘…’ (an opening ‘ follows a space, a line start or an opening bracket).
_DOUBLE = re.compile(r"[“\"](?P<content>[^“”\"]{2,}?)[”\"]", re.S)
_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))‘(?P<content>.+?)’(?=[\s,.;:!?)\]—–-]|$)", re.S)
# Calibrated on the demo corpus: the shortest real quotes there are two words ("leave no survivors").
MIN_QUOTE_WORDS = 2
# A speaker named more than this many sentences before an unattributed quote is not used.
SPEAKER_LOOKBACK_SENTENCES = 2


@dataclass(frozen=True, slots=True)
class QuoteOptionsV1:
    """Options of quote attribution.

    Attributes:
        min_words: Quoted passages shorter than this are scare quotes, not quotes.
        lookback_sentences: How far back an unattributed quote may find its speaker.
    """

    min_words: int = MIN_QUOTE_WORDS
    lookback_sentences: int = SPEAKER_LOOKBACK_SENTENCES


def find_quoted_spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of quoted passages' contents, in text order, without overlaps."""
    spans = [(m.start("content"), m.end("content")) for m in _DOUBLE.finditer(text)]
    spans += [(m.start("content"), m.end("content")) for m in _SINGLE.finditer(text)]
    spans.sort()
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


def _entity_at(entities: tuple[Entity, ...], start: int, end: int) -> tuple[Entity, int, int] | None:
    best = None
    for ent in entities:
        for m in ent.mentions:
            if m.start >= start and m.end <= end and (best is None or m.start < best[1]):
                best = (ent, m.start, m.end)
    return best


def _speaker_near(
    doc: Document, q_start: int, q_end: int
) -> tuple[Speaker, str, tuple[int, int] | None] | None:
    text = doc.text
    after = text[q_end + 1 : q_end + 120]
    m = _CUE_AFTER.match(after)
    if m:
        base = q_end + 1 + m.end()
        window_end = min(len(text), base + 80)
        found = _entity_at(doc.entities, base, window_end)
        cue_span = (q_end + 1 + m.start("cue"), q_end + 1 + m.end("cue"))
        if found and found[1] - base <= 25:
            ent, s, e = found
            return Speaker(ent.name, ent.id, _speaker_type(ent), start=s, end=e), m.group("cue"), cue_span
    before_start = max(0, q_start - 1 - 120)
    before = text[before_start : q_start - 1]
    m = _CUE_BEFORE.search(before)
    if m:
        cue_abs = before_start + m.start("cue")
        found = _entity_at(doc.entities, max(0, cue_abs - 100), cue_abs)
        if found:
            ent, s, e = found
            return (
                Speaker(ent.name, ent.id, _speaker_type(ent), start=s, end=e),
                m.group("cue"),
                (
                    cue_abs,
                    before_start + m.end("cue"),
                ),
            )
    return None


def _speaker_type(ent: Entity) -> str:
    return {"PERSON": "person", "ORG": "organization", "GPE": "state", "NORP": "collective"}.get(
        ent.type, "person"
    )


def _previous_speaker(doc: Document, quotes: list[Quote], start: int, lookback: int) -> Quote | None:
    sent = doc.sentence_at(start).index
    for q in reversed(quotes):
        if q.speaker.entity_id and sent - q.evidence[0].sentence_index <= lookback:
            return q
    return None


def _iter_quotes(doc: Document, options: QuoteOptionsV1) -> Iterator[Quote]:
    made: list[Quote] = []
    for start, end in find_quoted_spans(doc.text):
        content = doc.text[start:end]
        if len(content.split()) < options.min_words:
            continue
        found = _speaker_near(doc, start, end)
        speaker_ev: tuple[Evidence, ...] = ()
        cue_ev: tuple[Evidence, ...] = ()
        if found:
            speaker, cue, cue_span = found
            if speaker.start is not None and speaker.end is not None:
                speaker_ev = (doc.evidence(speaker.start, speaker.end),)
            if cue_span:
                cue_ev = (doc.evidence(*cue_span),)
        else:
            prev = _previous_speaker(doc, made, start, options.lookback_sentences)
            if prev is None:
                speaker, cue = Speaker("", None, "unknown"), ""
            else:
                speaker, cue = prev.speaker, ""
        quote = Quote(
            id=record_id("quo", doc.article.id, start, end),
            article_id=doc.article.id,
            speaker=speaker,
            cue=cue,
            content=content,
            direct=True,
            evidence=(doc.evidence(start, end),),
            speaker_evidence=speaker_ev,
            cue_evidence=cue_ev,
            method="quotes.v1:marks",
        )
        made.append(quote)
        yield quote


DEFAULT_OPTIONS = QuoteOptionsV1()


@stage("extract.quotes.v1", requires=("sentences", "entities"), assigns=("quotes",))
def extract_quotes_v1(doc: Document, options: QuoteOptionsV1 = DEFAULT_OPTIONS) -> tuple[Quote, ...]:
    """Find quoted passages in ``doc`` and attribute each to a speaker entity.

    Args:
        doc: A document whose sentences and entities are set.
        options: See :class:`QuoteOptions`.

    Returns:
        One :class:`Quote` per passage; its evidence is the quoted content, and the speaker
        and cue spans are in ``speaker_evidence`` and ``cue_evidence``.
    """
    return tuple(_iter_quotes(doc, options))
