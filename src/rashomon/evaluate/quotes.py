"""Quote attribution on PolNeAR: source, cue and content spans, exact and overlap matching.

``rashomon eval quotes`` parses PolNeAR's test articles with the pinned spaCy model, runs
``extract.quotes.v2`` and scores its attribution relations against the gold ones. Beside it:
the figures of the PolNeAR paper (Newell, Margolin & Ruths, LREC 2018), and textacy's
direct-quotation extractor run on the same parses (textacy itself when it is installed, else a
faithful re-implementation of its rules, as the note says).

Matching: a predicted relation matches a gold one *by overlap* when their cues, contents and
sources (or the absence of one) overlap; *exactly* when all three spans are equal after
trimming spaces and the punctuation ``, ; : .`` at their edges. Each gold relation is matched
at most once. For direct quotes the content span includes its quotation marks, as in PolNeAR.
"""

from __future__ import annotations

import csv
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rashomon.errors import EvalError
from rashomon.evaluate.core import EvalContext, EvalResult, Score, evaluator, prf
from rashomon.model import Article, Document, Quote

__all__ = ["GoldDoc", "Relation", "load_split", "match_relations", "quote_relation", "score_relations"]

Span = tuple[int, int]
_TRIM = " \n\t\xa0,;:."
_MARKS = '“”"‘’'


@dataclass(frozen=True, slots=True)
class Relation:
    """One attribution: fragments of its source, cue and content (0-based, end-exclusive)."""

    source: tuple[Span, ...]
    cue: tuple[Span, ...]
    content: tuple[Span, ...]


@dataclass
class GoldDoc:
    """A PolNeAR article with its gold attribution relations."""

    name: str
    text: str
    relations: list[Relation] = field(default_factory=list)


def _spans(field_: str) -> tuple[Span, ...]:
    out = []
    for part in field_.split(";"):
        a, b = part.split()[-2:]
        out.append((int(a), int(b)))
    return tuple(out)


def parse_ann(lines: Iterable[str]) -> list[Relation]:
    """Parse a brat standoff ``.ann`` file of PolNeAR into relations (unlinked spans dropped)."""
    spans: dict[str, tuple[str, tuple[Span, ...]]] = {}
    events: list[dict[str, list[str]]] = []
    for line in lines:
        if re.match(r"^T\d+\t", line):
            tid, info = line.split("\t")[:2]
            label = info.split()[0]
            spans[tid] = (label, _spans(info[len(label) :]))
        elif re.match(r"^E\d+\t", line):
            roles: dict[str, list[str]] = {}
            for item in line.split("\t")[1].split():
                role, ref = item.split(":")
                roles.setdefault(re.sub(r"\d+$", "", role), []).append(ref)
            events.append(roles)
    out = []
    for roles in events:

        def get(role: str, r: dict[str, list[str]] = roles) -> tuple[Span, ...]:
            return tuple(s for ref in r.get(role, []) if ref in spans for s in spans[ref][1])

        cue = get("Cue")
        content = get("Content")
        if cue and content:
            out.append(Relation(get("Source"), cue, content))
    return out


def load_split(root: Path, split: str, limit: int | None = None) -> list[GoldDoc]:
    """Load PolNeAR ``split`` (``train``, ``dev`` or ``test``), first listed annotator per article.

    Raises:
        EvalError: when the split folder is missing.
    """
    folder = root / split
    if not folder.is_dir():
        raise EvalError(f"PolNeAR split {split!r} not found at {folder}; pass --data DIR")
    first: dict[str, str] = {}
    with (root / "metadata.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["compartment"] == split:
                first[row["filename"]] = row["annotators"].split("|")[0]
    docs = []
    for name in sorted(first)[: limit or None]:
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        ann = folder / "attributions" / f"{name}_{first[name]}.ann"
        rels = parse_ann(ann.read_text(encoding="utf-8").splitlines()) if ann.exists() else []
        docs.append(GoldDoc(name, text, rels))
    return docs


# ------------------------------------------------------------------ matching


def _hull(spans: Sequence[Span]) -> Span | None:
    return (min(s for s, _ in spans), max(e for _, e in spans)) if spans else None


def _trimmed(text: str, span: Span | None) -> Span | None:
    if span is None:
        return None
    s, e = span
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return s, e


def _overlap(a: Span | None, b: Span | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a[0] < b[1] and b[0] < a[1]


def _norm(text: str, rel: Relation) -> tuple[Span | None, Span | None, Span | None]:
    return (
        _trimmed(text, _hull(rel.source)),
        _trimmed(text, _hull(rel.cue)),
        _trimmed(text, _hull(rel.content)),
    )


def match_relations(text: str, gold: Sequence[Relation], pred: Sequence[Relation], exact: bool) -> int:
    """Return how many predicted relations match a distinct gold relation."""
    g = [_norm(text, r) for r in gold]
    used = [False] * len(g)
    tp = 0
    for p in (_norm(text, r) for r in pred):
        for i, gr in enumerate(g):
            if used[i]:
                continue
            ok = p == gr if exact else all(_overlap(a, b) for a, b in zip(p, gr, strict=True))
            if ok:
                used[i] = True
                tp += 1
                break
    return tp


def _element_tp(text: str, gold: Sequence[Relation], pred: Sequence[Relation], idx: int, exact: bool) -> int:
    g = [x for x in (_norm(text, r)[idx] for r in gold) if x is not None]
    p = [x for x in (_norm(text, r)[idx] for r in pred) if x is not None]
    used = [False] * len(g)
    tp = 0
    for ps in p:
        for i, gs in enumerate(g):
            if not used[i] and (ps == gs if exact else _overlap(ps, gs)):
                used[i] = True
                tp += 1
                break
    return tp


@dataclass
class Tally:
    """Counts over a corpus: true positives per criterion, and gold/predicted totals per element."""

    tp: dict[str, int] = field(default_factory=dict)
    gold: dict[str, int] = field(default_factory=dict)
    pred: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, tp: int, gold: int, pred: int) -> None:
        """Add counts for ``key``."""
        self.tp[key] = self.tp.get(key, 0) + tp
        self.gold[key] = self.gold.get(key, 0) + gold
        self.pred[key] = self.pred.get(key, 0) + pred

    def prf(self, key: str) -> tuple[float, float, float]:
        """Precision, recall, F1 of ``key``."""
        tp = self.tp.get(key, 0)
        return prf(tp, self.pred.get(key, 0) - tp, self.gold.get(key, 0) - tp)


def score_relations(tally: Tally, text: str, gold: Sequence[Relation], pred: Sequence[Relation]) -> None:
    """Add one document's relation and element counts to ``tally``."""
    for mode, exact in (("overlap", False), ("exact", True)):
        tally.add(f"relation.{mode}", match_relations(text, gold, pred, exact), len(gold), len(pred))
        for idx, name in enumerate(("source", "cue", "content")):
            ng = sum(1 for r in gold if _norm(text, r)[idx] is not None)
            np_ = sum(1 for r in pred if _norm(text, r)[idx] is not None)
            tally.add(f"{name}.{mode}", _element_tp(text, gold, pred, idx, exact), ng, np_)


def quote_relation(text: str, q: Quote) -> Relation:
    """Turn a :class:`Quote` into a relation; a direct quote's content takes in its quotation marks."""
    s, e = q.evidence[0].start, q.evidence[0].end
    if q.direct and not q.partial:
        while s > 0 and text[s - 1] in _MARKS + " ":
            s -= 1
            if text[s] in _MARKS:
                break
        e2 = e
        while e2 < len(text) and text[e2] in ",.!?" + _MARKS:
            e2 += 1
            if text[e2 - 1] in _MARKS:
                e = e2
                break
    source = tuple((ev.start, ev.end) for ev in q.speaker_evidence[:1]) if q.speaker_evidence else ()
    cue = tuple((ev.start, ev.end) for ev in q.cue_evidence)
    return Relation(source, cue, ((s, e),))


# ------------------------------------------------------------------ systems


def _annotate(sdoc: Any, name: str) -> Document:
    from rashomon.extract.entities import group_entities
    from rashomon.nlp.parse import doc_to_annotations

    ann = doc_to_annotations(sdoc)
    doc = Document(Article(id=name, text=sdoc.text), **ann)
    doc.entities = group_entities(doc)
    return doc


def rashomon_relations(sdoc: Any, name: str) -> list[Relation]:
    """Our relations for one parsed article."""
    from rashomon.extract.quotes import DEFAULT_OPTIONS, find_quotes

    doc = _annotate(sdoc, name)
    return [quote_relation(doc.text, q) for q in find_quotes(doc, DEFAULT_OPTIONS) if q.cue_evidence]


_TEXTACY_REPORTING = frozenset(
    [
        "according",
        "accuse",
        "acknowledge",
        "add",
        "admit",
        "agree",
        "allege",
        "announce",
        "argue",
        "ask",
        "assert",
        "believe",
        "blame",
        "charge",
        "cite",
        "claim",
        "complain",
        "concede",
        "conclude",
        "confirm",
        "contend",
        "criticize",
        "declare",
        "decline",
        "deny",
        "describe",
        "disagree",
        "disclose",
        "estimate",
        "explain",
        "fear",
        "hope",
        "insist",
        "maintain",
        "mention",
        "note",
        "observe",
        "order",
        "predict",
        "promise",
        "recall",
        "recommend",
        "reply",
        "report",
        "say",
        "state",
        "stress",
        "suggest",
        "tell",
        "testify",
        "think",
        "urge",
        "warn",
        "worry",
        "write",
    ]
)


def textacy_relations(sdoc: Any) -> list[Relation]:
    """Direct quotations by textacy's rules (``textacy.extract.triples.direct_quotations``).

    Uses textacy when it is importable; otherwise applies the same rules here: quotation-mark
    tokens paired in order (the document is skipped when their number is odd), contents of
    fewer than four tokens or all in title case dropped, the nearest reporting verb outside any
    quotation in the adjacent sentences taken as the cue, and its active subject (with
    compounds and conjuncts) as the speaker.
    """
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        direct_quotations = None
    out: list[Relation] = []
    if direct_quotations is not None:
        try:
            for dq in direct_quotations(sdoc):
                src = tuple((t.idx, t.idx + len(t.text)) for t in dq.speaker)
                cue = tuple((t.idx, t.idx + len(t.text)) for t in dq.cue)
                out.append(Relation(src, cue, ((dq.content.start_char, dq.content.end_char),)))
        except ValueError:
            return []
        return out
    return _textacy_rules(sdoc)


def _textacy_rules(sdoc: Any) -> list[Relation]:
    q_idx = [t.i for t in sdoc if t.is_quote]
    if len(q_idx) % 2:
        return []
    pairs = list(zip(q_idx[::2], q_idx[1::2], strict=True))
    sents = list(sdoc.sents)
    out: list[Relation] = []
    for qs, qe in pairs:
        content = sdoc[qs : qe + 1]
        words = [t for t in content if not (t.is_punct or t.is_stop)]
        if len(content) < 4 or all(t.is_title for t in words):
            continue
        window = [
            s for s in sents if (s.start < qs and s.end >= qs - 1) or (s.start <= qe + 1 and s.end > qe)
        ]
        cands = [
            t
            for s in window
            for t in s
            if t.pos_ == "VERB"
            and t.lemma_ in _TEXTACY_REPORTING
            and not any(a <= t.i <= b for a, b in pairs)
        ]
        cands.sort(key=lambda t: min(abs(t.i - qs), abs(t.i - qe)))
        for cue in cands:
            subj = next((c for c in cue.children if c.dep_ in {"nsubj", "csubj"}), None)
            if subj is None:
                continue
            speaker = [subj, *subj.conjuncts]
            speaker += [c for tok in list(speaker) for c in tok.children if c.dep_ == "compound"]
            verb = [cue, *(c for c in cue.children if c.dep_ in {"aux", "auxpass", "neg"})]
            out.append(
                Relation(
                    tuple((t.idx, t.idx + len(t.text)) for t in sorted(speaker, key=lambda t: t.i)),
                    tuple((t.idx, t.idx + len(t.text)) for t in sorted(verb, key=lambda t: t.i)),
                    ((content.start_char, content.end_char),),
                )
            )
            break
    return out


# ------------------------------------------------------------------ the suite

#: PolNeAR paper (Newell, Margolin & Ruths, LREC 2018): the corpus paper reports human agreement,
#: no automatic extractor; its figures are the ceiling a system is measured against.
PAPER_AGREEMENT = 0.923
PAPER_ALPHA = 0.754


def run_polnear(
    context: EvalContext, split: str = "test", systems: Sequence[str] = ("rashomon", "textacy")
) -> dict[str, Tally]:
    """Parse ``split`` once and score each system in ``systems``; return a tally per system."""
    from rashomon.nlp.parse import load_model

    docs = load_split(context.dataset("polnear"), split, context.limit)
    nlp = load_model()
    makers: dict[str, Callable[[Any], list[Relation]]] = {
        "rashomon": lambda sd: rashomon_relations(sd, "polnear"),
        "textacy": textacy_relations,
    }
    tallies = {name: Tally() for name in systems}
    for gd, sdoc in zip(docs, nlp.pipe([d.text for d in docs], batch_size=16), strict=True):
        for name in systems:
            score_relations(tallies[name], gd.text, gd.relations, makers[name](sdoc))
    return tallies


@evaluator("quotes")
def evaluate_quotes(context: EvalContext) -> list[EvalResult]:
    """Score quote attribution on the PolNeAR test split beside the paper and textacy's rules."""
    started = time.perf_counter()
    tallies = run_polnear(context)
    ours, base = tallies["rashomon"], tallies["textacy"]
    try:
        import textacy  # noqa: F401

        base_name = "textacy 0.13 direct_quotations"
    except ImportError:
        base_name = "textacy's direct_quotations rules (re-implemented; textacy not installed)"
    n = ours.gold.get("relation.overlap", 0)
    res = EvalResult("quotes", f"PolNeAR test ({n} gold relations)")
    for mode in ("overlap", "exact"):
        p, r, f = ours.prf(f"relation.{mode}")
        bp, br, bf = base.prf(f"relation.{mode}")
        res.scores += [
            Score(f"quotes.polnear.relation_{mode}_p", f"relation P ({mode})", p, base_name, bp, n),
            Score(f"quotes.polnear.relation_{mode}_r", f"relation R ({mode})", r, base_name, br, n),
            Score(
                f"quotes.polnear.relation_{mode}_f1",
                f"relation F1 ({mode})",
                f,
                base_name if mode == "exact" else "PolNeAR paper: inter-annotator agreement",
                bf if mode == "exact" else PAPER_AGREEMENT,
                n,
            ),
        ]
        if mode == "overlap":
            res.scores.append(
                Score(
                    "quotes.polnear.textacy_overlap_f1",
                    "textacy relation F1 (overlap)",
                    bf,
                    base_name,
                    None,
                    n,
                )
            )
        for name in ("source", "cue", "content"):
            _, _, ef = ours.prf(f"{name}.{mode}")
            _, _, bef = base.prf(f"{name}.{mode}")
            res.scores.append(
                Score(
                    f"quotes.polnear.{name}_{mode}_f1",
                    f"{name} F1 ({mode})",
                    ef,
                    base_name,
                    bef,
                    ours.gold.get(f"{name}.{mode}", 0),
                )
            )
    res.notes = [
        "Peer (paper): Newell, Margolin & Ruths, 'An attribution relations corpus for political news', "
        f"LREC 2018 — attribution-wise inter-annotator agreement {PAPER_AGREEMENT:.3f}, token-wise "
        f"Krippendorff's alpha {PAPER_ALPHA:.3f}; the paper reports no automatic extractor, so human "
        "agreement is the figure beside ours.",
        f"Baseline: {base_name}, direct quotations only, on the same spaCy parses.",
        "Gold: first annotator listed in metadata.tsv; unlinked spans dropped. Relations without a "
        "source in gold match only predictions without one.",
    ]
    if context.limit:
        res.notes.append(f"subset: first {context.limit} test articles by file name")
    res.seconds = time.perf_counter() - started
    return [res]
