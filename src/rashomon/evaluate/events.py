"""Evaluation suite ``events``: the event coder against the field's gold sets and peers.

Four datasets under ``../shared/data`` (read for evaluation only):

``plover_gsr``
    The 322 PLOVER gold-standard records (CAMEO-manual example sentences re-coded in PLOVER
    0.5b1; legacy labels mapped to the current 16 types). A sentence is **coded right** when
    one of our events has the gold type, an actor matching a gold actor and a recipient
    matching a gold recipient (none when the gold has none, other than a reciprocal
    co-actor). **False positives per sentence**: events whose type is not the gold type.
    Every fourth record (index ≡ 0 mod 4, 81 sentences) was used to develop the rules; the
    figure reported is on the other 241 (held out), the development quarter in a note.
    Peer: UD-PETRARCH, 68 % coded right with 23 % false positives.
``conflibert_cameo``
    CAMEO five-way sentence class on the ConfliBERT test split (451 sentences): the shipped
    sentence classifier (trained on the train split only), and the rule coder's own reading
    (class of its most confident event; no event → statement). Peers: ConfliBERT 87.9,
    BERT 86.4 (Hu et al., NAACL 2022).
``petrarch_validation``
    PETRARCH2's unit-test records, coded with the suite's own (fictional) dictionaries: a
    sentence passes when the set of (source, target, CAMEO code) triples equals the expected
    one. The suite exercises PETRARCH's pattern language; the peer passes all by design.
``ngec_synthetic``
    PLOVER type macro-F1 on held-out headline templates of the NGEC synthetic stories
    (LLM-written text with pseudo-labels, never evidence of accuracy on real news). Peer:
    NGEC's public classifiers, macro-F1 0.52 — on different data.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rashomon.evaluate.core import EvalContext, EvalResult, Score, evaluator
from rashomon.extract.eventclass import load_event_classifier, story_text
from rashomon.extract.events import EventOptions, code_events
from rashomon.extract.plover import LEGACY_TYPES, PLOVER_TYPES, penta_class
from rashomon.extract.verbdict import parse_verb_dictionary
from rashomon.model import Article, Document

__all__ = [
    "annotate",
    "evaluate_events",
    "gsr_dev_split",
    "ngec_split",
    "read_conflibert",
    "read_gsr",
    "score_gsr",
]

SUITE = "events"
#: Records of the PLOVER gold standard used to develop the rules: index ≡ 0 (mod 4).
GSR_DEV_EVERY = 4
#: NGEC headline templates held out for evaluation: the first hex digit of md5(title) ≡ 0 (mod 5).
NGEC_HOLDOUT_MOD = 5
#: Sentences of each held-out synthetic story the rule coder reads (its lead names the event).
NGEC_LEAD_SENTENCES = 2
#: The coder reads every second held-out story (the parse of all 1,284 leads would take the
#: suite past the gate's three minutes on a two-core machine); the classifier reads them all.
NGEC_CODER_EVERY = 2


# ------------------------------------------------------------------------- data


def read_gsr(path: Path) -> list[dict[str, Any]]:
    """Return the PLOVER gold-standard records (the DOCUMENT header dropped)."""
    records: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return [r for r in records if r.get("event") != "DOCUMENT"]


def gsr_dev_split(records: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Split the gold records into (development quarter, held-out rest)."""
    dev = [r for i, r in enumerate(records) if i % GSR_DEV_EVERY == 0]
    held = [r for i, r in enumerate(records) if i % GSR_DEV_EVERY != 0]
    return dev, held


def read_conflibert(path: Path) -> tuple[list[str], list[int]]:
    """Return the sentences and labels of a ConfliBERT ``cameo_class`` TSV file."""
    sentences: list[str] = []
    labels: list[int] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        text, _, label = line.rstrip("\r").rpartition("\t")
        sentences.append(text)
        labels.append(int(label))
    return sentences, labels


def ngec_split(rows: Sequence[dict[str, str]]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Split NGEC synthetic stories by headline template into (train, held-out)."""
    train: list[dict[str, str]] = []
    held: list[dict[str, str]] = []
    for r in rows:
        digit = int(hashlib.md5(r["title"].encode("utf-8")).hexdigest()[0], 16)
        (held if digit % NGEC_HOLDOUT_MOD == 0 else train).append(r)
    return train, held


@lru_cache(maxsize=1)
def _pipeline() -> Any:
    """The article stages up to the event stage (quotes, claims and later stages skipped)."""
    from rashomon.config import load_config
    from rashomon.pipeline import Pipeline, load_builtin_stages
    from rashomon.registry import get_stage

    load_builtin_stages()
    config = load_config()
    needed = {"sentences", "tokens", "mentions", "entities", "dates"}
    stages = []
    for name in config.stages:
        spec = get_stage(name)
        if spec.scope == "corpus":
            continue
        if name == "extract.events.v1" or set(spec.assigns) & needed or name.startswith("extract.actors"):
            stages.append(name)
    return Pipeline(load_config(overrides={"pipeline": {"stages": stages}}))


def annotate(texts: Sequence[str]) -> list[Document]:
    """Run the stages up to and including the event stage over plain sentences."""
    articles = [Article(id=f"eval{i}", text=t) for i, t in enumerate(texts)]
    docs: list[Document] = _pipeline().annotate_many(articles)
    return docs


# ------------------------------------------------------------------------- PLOVER GSR


def _actors(field_value: Any) -> list[str]:
    return [a["actorText"] for a in field_value] if isinstance(field_value, list) else []


def _matches(ref: Any, gold: Sequence[str], text: str) -> bool:
    """Whether an :class:`ActorRef` is one of the gold actors (overlapping span or contained name)."""
    for g in gold:
        k = text.lower().find(g.lower())
        if (
            k >= 0
            and ref.start is not None
            and ref.end is not None
            and ref.start < k + len(g)
            and k < ref.end
        ):
            return True
        gn, rn = g.lower(), ref.name.lower()
        if gn and (gn in rn or (len(rn) > 2 and rn in gn)):
            return True
    return False


@dataclass(frozen=True, slots=True)
class GsrScore:
    """Figures of the coder on a set of gold records."""

    n: int
    correct: float
    type_accuracy: float
    fp_per_sentence: float


def score_gsr(records: Sequence[dict[str, Any]], docs: Sequence[Document]) -> GsrScore:
    """Score coded documents against their gold records (same order)."""
    correct = typed = fp = 0
    for r, doc in zip(records, docs, strict=True):
        gold_type = LEGACY_TYPES.get(r["event"], (r["event"], ""))[0]
        sources, targets = _actors(r.get("source")), _actors(r.get("target"))
        ok = type_ok = False
        for ev in doc.events:
            if ev.type != gold_type:
                fp += 1
                continue
            type_ok = True
            actor_ok = any(_matches(a, sources, r["text"]) for a in ev.actors) if sources else not ev.actors
            if targets:
                recipient_ok = any(_matches(x, targets, r["text"]) for x in ev.recipients)
            else:
                recipient_ok = all(_matches(x, sources, r["text"]) for x in ev.recipients)
            ok = ok or (actor_ok and recipient_ok)
        correct += ok
        typed += type_ok
    n = len(records) or 1
    return GsrScore(len(records), correct / n, typed / n, fp / n)


def _plover_gsr(ctx: EvalContext) -> EvalResult:
    started = time.perf_counter()
    records = read_gsr(ctx.dataset("plover") / "PLOVER_GSR_CAMEO.txt")
    dev, held = gsr_dev_split(records)
    if ctx.limit:
        held = held[: ctx.limit]
    docs = annotate([r["text"] for r in held + dev])
    main = score_gsr(held, docs[: len(held)])
    dev_score = score_gsr(dev, docs[len(held) :])
    peer = "UD-PETRARCH (PLOVER GSR, as cited in issue 3)"
    res = EvalResult(SUITE, f"plover_gsr (held-out {main.n} of {len(records)} records)")
    res.scores = [
        Score(
            f"{SUITE}.plover_gsr.correct",
            "coded right (type, actor, recipient)",
            main.correct,
            peer,
            0.68,
            main.n,
        ),
        Score(
            f"{SUITE}.plover_gsr.fp_per_sentence",
            "false-positive events per sentence (lower is better)",
            main.fp_per_sentence,
            peer,
            0.23,
            main.n,
            higher_is_better=False,
        ),
        Score(
            f"{SUITE}.plover_gsr.type_accuracy",
            "gold type among our events",
            main.type_accuracy,
            "",
            None,
            main.n,
        ),
    ]
    res.notes = [
        "target: >= 0.80 coded right with <= 0.10 false positives per sentence",
        f"development quarter ({dev_score.n} records, index % {GSR_DEV_EVERY} == 0, used to write the "
        f"rules): coded right {dev_score.correct:.3f}, false positives {dev_score.fp_per_sentence:.3f}",
        "labels of PLOVER 0.5b1 mapped: DEMAND→REQUEST, DISAPPROVE/INVESTIGATE→ACCUSE, FIGHT→ASSAULT",
    ]
    res.seconds = time.perf_counter() - started
    return res


# ------------------------------------------------------------------------- ConfliBERT


def _rule_class(doc: Document) -> int:
    """The coder's own five-way reading: its most confident event's class, statement when none."""
    classes = [(e.confidence, penta_class(e.cameo)) for e in doc.events if penta_class(e.cameo) >= 0]
    return max(classes)[1] if classes else 0


def _conflibert(ctx: EvalContext) -> EvalResult:
    started = time.perf_counter()
    sentences, labels = read_conflibert(ctx.dataset("conflibert") / "cameo_class" / "test.tsv")
    if ctx.limit:
        sentences, labels = sentences[: ctx.limit], labels[: ctx.limit]
    n = len(labels)
    res = EvalResult(SUITE, f"conflibert_cameo (test split, {n} sentences)")
    model = load_event_classifier()
    peer = "ConfliBERT (Hu et al. 2022); BERT 0.864"
    docs = annotate(sentences)
    rule = [_rule_class(d) if d.events else -1 for d in docs]
    clf = [int(k) for k in model.penta_proba(sentences).argmax(axis=1)] if model is not None else [0] * n
    # The system's reading: the class of the coder's most confident event; the sentence
    # classifier where the coder finds none. Chosen on the PLOVER development quarter (coder
    # 0.84, classifier 0.64, combined 0.91), not on this test split.
    combined = [r if r >= 0 else c for r, c in zip(rule, clf, strict=True)]

    def accuracy(pred: Sequence[int]) -> float:
        return sum(p == y for p, y in zip(pred, labels, strict=True)) / (n or 1)

    res.scores = [
        Score(
            f"{SUITE}.conflibert_cameo.accuracy",
            "5-class accuracy (coder, classifier fallback)",
            accuracy(combined),
            peer,
            0.879,
            n,
        ),
        Score(
            f"{SUITE}.conflibert_cameo.rule_accuracy",
            "5-class accuracy (coder alone; no event = statement)",
            accuracy([max(r, 0) for r in rule]),
            "",
            None,
            n,
        ),
        Score(
            f"{SUITE}.conflibert_cameo.classifier_accuracy",
            "5-class accuracy (sentence classifier alone)",
            accuracy(clf),
            "",
            None,
            n,
        ),
    ]
    res.notes = [
        "classes: 0 statement/appeal, 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
        "4 material conflict (inferred label names; see the dataset README)",
        "the classifier is trained on the train split only (scripts/train_events.py)",
    ]
    res.seconds = time.perf_counter() - started
    return res


# ------------------------------------------------------------------------- PETRARCH validation


@dataclass(frozen=True, slots=True)
class _ValidationRecord:
    id: str
    text: str
    expected: frozenset[tuple[str, str, str]]


def _read_validation(path: Path) -> list[_ValidationRecord]:
    text = path.read_text(encoding="utf-8", errors="replace")
    out = []
    for attrs, body in re.findall(r"<Sentence ([^>]*)>(.*?)</Sentence>", text, re.S):
        if 'category="ERROR"' in attrs:
            continue
        m = re.search(r"<Text>(.*?)</Text>", body, re.S)
        if not m:
            continue
        expected: set[tuple[str, str, str]] = set()
        for coding in re.findall(r"<EventCoding ([^>]*)>", body):
            if "noevents" in coding:
                continue
            a = dict(re.findall(r'(\w+)="([^"]*)"', coding))
            if {"sourcecode", "targetcode", "eventcode"} <= set(a):
                expected.add((a["sourcecode"], a["targetcode"], a["eventcode"]))
        ident = re.search(r'id="([^"]*)"', attrs)
        out.append(
            _ValidationRecord(
                ident.group(1) if ident else "", " ".join(m.group(1).split()), frozenset(expected)
            )
        )
    return out


def _phrase_dict(path: Path, agents: bool = False) -> dict[tuple[str, ...], str]:
    """Read a PETRARCH actor or agent dictionary: phrase (upper-case words) → code."""
    out: dict[tuple[str, ...], str] = {}
    current = ""
    pending: list[tuple[str, ...]] = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("<!") or line.startswith("!") or line.startswith("<"):
            continue
        m = re.search(r"\[~?([A-Za-z0-9]+)[^\]]*\]", line)
        phrase = re.sub(r"\[.*", "", line).strip()
        phrase = re.sub(r"\{[^}]*\}", "", phrase).strip()
        if phrase.startswith("+"):
            words = tuple(w for w in re.split(r"[_\s]+", phrase[1:].upper()) if w)
            if words and current:
                out[words] = current
            continue
        words = tuple(w for w in re.split(r"[_\s]+", phrase.upper()) if w)
        if m:
            current = m.group(1).upper()
            for p in pending:
                out[p] = current
            pending = []
            if words:
                out[words] = current
        elif words:
            pending.append(words)
    return out


def _actor_coder(
    actors: dict[tuple[str, ...], str], agents: dict[tuple[str, ...], str]
) -> Callable[[str], str]:
    def find(words: list[str], table: dict[tuple[str, ...], str]) -> str:
        best = ""
        size = 0
        for n in range(min(6, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                key = tuple(words[i : i + n])
                for cand in (key, tuple(w.rstrip("S") for w in key)):
                    if cand in table and n > size:
                        best, size = table[cand], n
        return best

    def code(text: str) -> str:
        words = [w for w in re.split(r"[^A-Za-z0-9'-]+", text.upper().replace("'S", "")) if w]
        actor = find(words, actors)
        agent = find(words, agents)
        if actor and agent and not actor.endswith(agent):
            return actor + agent
        return actor or agent

    return code


def _petrarch(ctx: EvalContext) -> EvalResult:
    started = time.perf_counter()
    root = ctx.dataset("petrarch2")
    records = _read_validation(root / "validation" / "PETR.UnitTest.records.xml")
    if ctx.limit:
        records = records[: ctx.limit]
    dicts = root / "dictionaries"
    table = parse_verb_dictionary(
        (dicts / "PETR.Validate.verbs.txt").read_text(encoding="utf-8", errors="replace")
    )
    coder = _actor_coder(
        _phrase_dict(dicts / "PETR.Validate.actors.txt"),
        _phrase_dict(dicts / "PETR.Validate.agents.txt", True),
    )
    docs = annotate([r.text for r in records])
    # The suite's own dictionaries alone: no event nouns, none of this project's verb codes.
    options = EventOptions(nominal=False, keep_uncoded=True, classifier=False, own_lexicon=False)
    passed = found = expected = 0
    for rec, doc in zip(records, docs, strict=True):
        produced: set[tuple[str, str, str]] = set()
        for coded in code_events(doc, options, table, coder):
            for a in coded.event.actors or ():
                for r in coded.event.recipients or ():
                    if a.code and r.code:
                        produced.add((a.code, r.code, coded.code))
        passed += produced == set(rec.expected)
        found += len(produced & rec.expected)
        expected += len(rec.expected)
    n = len(records)
    res = EvalResult(SUITE, f"petrarch_validation (PETR.UnitTest.records, {n} sentences)")
    res.scores = [
        Score(
            f"{SUITE}.petrarch_validation.pass_rate",
            "sentences coded exactly as expected",
            passed / (n or 1),
            "PETRARCH2 (its own unit tests)",
            1.0,
            n,
        ),
        Score(
            f"{SUITE}.petrarch_validation.coding_recall",
            "expected (source, target, code) triples found",
            found / (expected or 1),
            "",
            None,
            expected,
        ),
    ]
    res.notes = [
        "coded with the suite's own PETR.Validate verb, actor and agent dictionaries; the suite tests "
        "PETRARCH's pattern language (compounds, synsets, dates) with fictional actors",
    ]
    res.seconds = time.perf_counter() - started
    return res


# ------------------------------------------------------------------------- NGEC synthetic


def _macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> float:
    scores = []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, pred, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘])")


def _ngec(ctx: EvalContext) -> EvalResult:
    started = time.perf_counter()
    path = ctx.dataset("ngec") / "gpt_synthetic_events_2023-10-19_19.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    _, held = ngec_split(rows)
    if ctx.limit:
        held = held[: ctx.limit]
    gold = [r["label"] for r in held]
    labels = sorted(PLOVER_TYPES)
    res = EvalResult(SUITE, f"ngec_synthetic (held-out templates, {len(held)} stories)")
    model = load_event_classifier()
    peer = "NGEC public classifiers (different data)"
    clf = (
        model.plover.predict([story_text(r["text"]) for r in held]) if model is not None else [""] * len(held)
    )
    sub = list(range(0, len(held), NGEC_CODER_EVERY))
    leads = [" ".join(_SENT.split(held[i]["text"].strip())[:NGEC_LEAD_SENTENCES]) for i in sub]
    docs = annotate(leads)
    rule = [max(d.events, key=lambda e: e.confidence).type if d.events else "" for d in docs]
    # The system's reading of a story: the coder's most confident event in its lead, else the
    # story classifier.
    combined = [r or clf[i] for r, i in zip(rule, sub, strict=True)]
    sub_gold = [gold[i] for i in sub]
    res.scores = [
        Score(
            f"{SUITE}.ngec_synthetic.macro_f1",
            "PLOVER type macro-F1 (coder, classifier fallback)",
            _macro_f1(sub_gold, combined, labels),
            peer,
            0.52,
            len(sub),
        ),
        Score(
            f"{SUITE}.ngec_synthetic.rule_macro_f1",
            "PLOVER type macro-F1 (event coder alone, story lead)",
            _macro_f1(sub_gold, rule, labels),
            "",
            None,
            len(sub),
        ),
        Score(
            f"{SUITE}.ngec_synthetic.classifier_macro_f1",
            "PLOVER type macro-F1 (story classifier alone)",
            _macro_f1(gold, clf, labels),
            "",
            None,
            len(held),
        ),
    ]
    res.notes = [
        "LLM-written stories with pseudo-labels from their headline templates: "
        "not evidence of accuracy on real news",
        f"held out: templates with md5(title)[0] % {NGEC_HOLDOUT_MOD} == 0; "
        "the classifier trains on the others; "
        f"the coder reads every {NGEC_CODER_EVERY}nd held-out story (time budget)",
    ]
    res.seconds = time.perf_counter() - started
    return res


@evaluator(SUITE)
def evaluate_events(ctx: EvalContext) -> list[EvalResult]:
    """Score the event coder on the PLOVER gold records, ConfliBERT, PETRARCH's suite and NGEC."""
    return [_plover_gsr(ctx), _conflibert(ctx), _petrarch(ctx), _ngec(ctx)]
