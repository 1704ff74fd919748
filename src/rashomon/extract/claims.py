"""Claims: statements worth checking, each with who asserts it, how firmly, and what it mentions.

A claim is a sentence of the article, or the content of a quote or reported statement within
it, that states something checkable: a number, an event, who is responsible, a legal
characterisation. Each claim carries the source asserting it (the outlet itself, or the quoted
source with ``quote_id``), its hedges ("alleged", "unconfirmed by U.S. officials", "reportedly")
and modality, its kind (``factual``, ``opinion`` or ``prediction``), the numbers and entities it
mentions, and a check-worthiness probability from :mod:`rashomon.extract.checkworthy`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rashomon.extract.checkworthy import score_checkworthiness
from rashomon.model import Attribution, Claim, Count, Document, Modality, Quote, record_id
from rashomon.registry import stage

__all__ = ["ClaimOptions", "extract_claims", "find_hedges", "find_numbers", "label_kind", "label_modality"]

# Calibrated on the ClaimBuster dev split (10 % of train.json, see the model's info): a sentence
# scoring at least this is worth checking even with no number, event or legal term in it.
MIN_CHECKWORTHINESS = 0.56
# Sentences shorter than this (in words) are headings, bylines or fragments, not claims.
MIN_CLAIM_WORDS = 5

_HEDGES = re.compile(
    r"\b(?:alleged(?:ly)?|reported(?:ly)?|purported(?:ly)?|supposed(?:ly)?|apparent(?:ly)?|"
    r"unconfirmed(?:\s+by\s+[^,;\n]{2,40}?(?=\s*[,;]|\.?\s*$))?|unverified|suspected|"
    r"(?:could|can|was|were|has|have)\s+not\s+(?:be\s+)?(?:independently\s+)?(?:verif(?:y|ied)|confirm(?:ed)?)|"
    r"not\s+(?:been\s+)?(?:independently\s+)?(?:verified|confirmed)|claimed|said\s+to|believed\s+to|"
    r"appears?\s+to|seems?\s+to|may\s+have|might\s+have|possibly|probably|likely|"
    r"according\s+to|sources?\s+(?:say|said|close\s+to)|it\s+is\s+(?:understood|believed|thought)|"
    r"so-called|widely\s+acknowledged|has\s+not\s+seen)\b",
    re.I,
)
_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied)|reject(?:s|ed)?|refut(?:es|ed)|dismiss(?:es|ed)|did\s+not\s+take\s+place|"
    r"fabricat(?:ion|ed)|no\s+\w+\s+(?:vessel|ship|force|troops?)\s+(?:fired|attacked)|never\s+happened)\b",
    re.I,
)
_THREAT = re.compile(
    r"\b(?:threat(?:en(?:s|ed)?)?|would\s+be\s+met\s+with\s+force|will\s+respond|warn(?:s|ed)?\s+that|"
    r"would\s+sink|ultimatum)\b",
    re.I,
)
_PLAN = re.compile(
    r"\b(?:plans?\s+to|planning|preparing|will\s+(?:deploy|launch|send|begin|start)|is\s+set\s+to)\b", re.I
)
_HYPOTHETICAL = re.compile(r"^\s*(?:if|should|unless|were)\b|\b(?:if|unless)\b[^,]{3,80},", re.I)
_PREDICTION = re.compile(
    r"\b(?:will|would|could|might|may|is\s+likely\s+to|are\s+likely\s+to|is\s+expected\s+to|"
    r"are\s+expected\s+to|is\s+poised\s+to|risk(?:s)?\s+of|could\s+lead|is\s+going\s+to|"
    r"remains\s+to\s+be\s+seen|tomorrow\s+it\s+may)\b",
    re.I,
)
_OPINION = re.compile(
    r"\b(?:I\s+(?:think|believe|feel)|we\s+(?:believe|stand|must)|should|must|ought\s+to|"
    r"(?:it|this)\s+is\s+(?:not\s+)?(?:just|merely|simply|clearly|obviously)|"
    r"rightly|wrongly|shameful|outrageous|absurd|blindness|imperial|hegemony|"
    r"in\s+(?:my|our)\s+view|the\s+fact\s+is|clearly|obviously|undoubtedly|"
    r"no\s+nation\s+can|there\s+is\s+no\s+sign)\b",
    re.I,
)
# Words that make a sentence checkable without a number: events, responsibility, law.
_CHECKABLE = re.compile(
    r"\b(?:killed|dead|died|wounded|injured|attack(?:ed|s)?|strikes?|struck|fired|sank|sunk|seized|"
    r"deployed|launched|arrested|executed|bomb(?:ed|ing)?|invaded|invasion|sanctions?|designated|"
    r"responsible|blamed?|accused|ordered|approved|carried\s+out|war\s+crimes?|illegal|unlawful|"
    r"violation\s+of|international\s+law|genocide|terroris[mt]s?|massacre|extrajudicial|"
    r"Title\s+\d+|Section\s+\d+|Code|treaty|convention|resolution)\b",
    re.I,
)
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozens": 24,
    "hundreds": 200,
    "thousands": 2000,
    "tens of thousands": 20000,
    "hundreds of thousands": 200000,
    "millions": 2000000,
}
_NUMBER = re.compile(
    r"(?P<qual>\b(?:nearly|almost|about|around|approximately|roughly|some|over|more\s+than|fewer\s+than|"
    r"less\s+than|at\s+least|at\s+most|up\s+to|as\s+many\s+as|close\s+to)\s+)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    r"(?:tens|hundreds)\s+of\s+thousands|dozens|hundreds|thousands|millions|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen)"
    r"(?P<mult>\s+(?:thousand|million|billion|hundred))?"
    r"(?:\s+of)?\s+(?P<unit>(?:[a-z-]+\s+){0,2}?(?:people|civilians|soldiers|sailors|troops|fishermen|"
    r"crew|vessels?|ships?|boats?|airstrikes?|strikes?|attacks?|clips|bodies|survivors|dead|killed|"
    r"injured|wounded|missing|reservists|frigates|corvettes|brigades|months|weeks|days|years|"
    r"officers|men|women|children|refugees|migrants|casualties|victims|deaths|states|countries|"
    r"kilometres|kilometers|miles|percent|%|dollars|hours)\b)?",
    re.I,
)
_YEARISH = re.compile(r"^(?:1[89]\d\d|20\d\d|2\d{4})$")


@dataclass(frozen=True, slots=True)
class ClaimOptions:
    """Options of claim extraction.

    Attributes:
        min_checkworthiness: Sentences scoring below this become claims only when they state a
            number, an event, a responsibility or a legal characterisation, or are quoted.
        min_words: Shorter sentences are not claims.
    """

    min_checkworthiness: float = MIN_CHECKWORTHINESS
    min_words: int = MIN_CLAIM_WORDS


def find_hedges(text: str) -> tuple[str, ...]:
    """Return the hedging expressions in ``text`` ("alleged", "unconfirmed by U.S. officials", …)."""
    return tuple(dict.fromkeys(" ".join(m.group(0).split()).rstrip(".") for m in _HEDGES.finditer(text)))


def label_modality(text: str, hedges: tuple[str, ...]) -> str:
    """Return how ``text`` presents its statement (a :class:`~rashomon.model.Modality` value)."""
    low = " ".join(hedges).lower()
    if _DENIAL.search(text):
        return Modality.DENIED.value
    if "unconfirmed" in low or ("not" in low and ("verif" in low or "confirm" in low)) or "unverified" in low:
        return Modality.UNCONFIRMED.value
    if any(
        h.lower().startswith(("alleged", "suspected", "purported", "supposed", "so-called")) for h in hedges
    ):
        return Modality.ALLEGED.value
    if _HYPOTHETICAL.search(text):
        return Modality.HYPOTHETICAL.value
    if _THREAT.search(text):
        return Modality.THREATENED.value
    if _PLAN.search(text):
        return Modality.PLANNED.value
    if hedges:
        return Modality.ALLEGED.value
    return Modality.ASSERTED.value


def label_kind(text: str) -> str:
    """Return ``prediction``, ``opinion`` or ``factual`` for ``text``."""
    if _OPINION.search(text):
        return "opinion"
    if _PREDICTION.search(text):
        return "prediction"
    return "factual"


def _to_number(num: str, mult: str) -> float | None:
    low = " ".join(num.lower().split())
    if low in _NUMBER_WORDS:
        value = float(_NUMBER_WORDS[low])
    elif "-" in low and low.split("-")[0] in _NUMBER_WORDS:
        a, b = low.split("-", 1)
        value = float(_NUMBER_WORDS[a] + _NUMBER_WORDS.get(b, 0))
    else:
        try:
            value = float(low.replace(",", ""))
        except ValueError:
            return None
    scale = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "hundred": 1e2}.get(mult.strip().lower(), 1.0)
    return value * scale


def find_numbers(text: str) -> tuple[Count, ...]:
    """Return the counts stated in ``text`` ("more than 20 airstrikes", "nearly 100 civilians")."""
    out = []
    for m in _NUMBER.finditer(text):
        num = m.group("num")
        unit = " ".join((m.group("unit") or "").split())
        if _YEARISH.match(num) and not unit:
            continue
        if num.lower() in _NUMBER_WORDS and num.lower() in {"one"} and not unit:
            continue
        if not unit and not m.group("qual") and not re.search(r"\d", num):
            continue
        value = _to_number(num, m.group("mult") or "")
        if value is None:
            continue
        qual = " ".join((m.group("qual") or "").split()).lower()
        out.append(Count(value, unit.split()[-1].lower() if unit else "", qual, " ".join(m.group(0).split())))
    return tuple(out)


def _source_type(quote: Quote) -> str:
    kind = quote.speaker.type
    if kind == "person" and quote.speaker.name:
        return "named"
    if kind in {"organization", "state"}:
        return "official"
    if kind in {"anonymous", "collective", "document"}:
        return kind
    return "anonymous"


def _claim_spans(doc: Document) -> list[tuple[int, int, Quote | None]]:
    """Candidate spans: each quote's content, and each sentence (minus any quoted part inside it)."""
    spans: list[tuple[int, int, Quote | None]] = []
    for q in doc.quotes:
        ev = q.evidence[0]
        spans.append((ev.start, ev.end, q))
    for sent in doc.sentences:
        if any(s <= sent.start and sent.end <= e for s, e, _ in spans):
            continue
        spans.append((sent.start, sent.end, None))
    spans.sort(key=lambda x: (x[0], x[1]))
    return spans


def _reported_in(doc: Document, start: int, end: int) -> Quote | None:
    """The quote whose cue or source lies in the sentence ``start:end`` ("X said …" sentences)."""
    for q in doc.quotes:
        ev = q.evidence[0]
        if ev.start < end and start < ev.end and (ev.end - ev.start) * 2 >= (end - start):
            return q
    return None


def find_claims(doc: Document, options: ClaimOptions = ClaimOptions()) -> list[Claim]:
    """Return the claims of ``doc`` in text order (see the module docstring)."""
    text = doc.text
    spans = _claim_spans(doc)
    candidates = [(s, e, q) for s, e, q in spans if len(text[s:e].split()) >= options.min_words]
    if not candidates:
        return []
    scores = score_checkworthiness([" ".join(text[s:e].split()) for s, e, _ in candidates])
    outlet = doc.article.outlet or doc.article.source
    claims = []
    for (s, e, quote), score in zip(candidates, scores, strict=True):
        body = text[s:e]
        numbers = find_numbers(body)
        checkable = bool(numbers) or bool(_CHECKABLE.search(body))
        if quote is None:
            quote = _reported_in(doc, s, e)
            if quote is not None and quote.evidence[0].start == s and quote.evidence[0].end == e:
                continue
        if score < options.min_checkworthiness and not checkable and quote is None:
            continue
        if quote is not None:
            asserted = Attribution(
                doc.article.id, quote.speaker.name, _source_type(quote), quote.speaker.entity_id
            )
        else:
            asserted = Attribution(doc.article.id, outlet, "outlet")
        context = text[doc.sentence_at(s).start : max(e, doc.sentence_at(max(e - 1, s)).end)]
        hedges = find_hedges(context)
        entity_ids = tuple(
            dict.fromkeys(ent.id for ent in doc.entities for m in ent.mentions if s <= m.start and m.end <= e)
        )
        event_ids = tuple(ev.id for ev in doc.events if any(x.start < e and s < x.end for x in ev.evidence))
        claims.append(
            Claim(
                id=record_id("clm", doc.article.id, s, e),
                article_id=doc.article.id,
                text=" ".join(body.split()),
                asserted_by=asserted,
                evidence=(doc.evidence(s, e),),
                kind=label_kind(body),
                modality=label_modality(context, hedges),
                hedges=hedges,
                checkworthiness=round(score, 4),
                quote_id=quote.id if quote is not None else None,
                entity_ids=entity_ids,
                event_ids=event_ids,
                numbers=numbers,
            )
        )
    return claims


DEFAULT_OPTIONS = ClaimOptions()


@stage("extract.claims.v1", requires=("sentences", "entities", "quotes"), assigns=("claims",))
def extract_claims(doc: Document, options: ClaimOptions = DEFAULT_OPTIONS) -> tuple[Claim, ...]:
    """Find the claims worth checking in ``doc``, each linked to who asserts it.

    Args:
        doc: A document whose sentences, entities and quotes are set (events too, if an event
            stage ran before this one).
        options: See :class:`ClaimOptions`.

    Returns:
        One :class:`Claim` per checkable sentence or quoted statement, with its evidence span.
    """
    return tuple(find_claims(doc, options))
