"""Articles: the list with their record counts, and one article's text with every record highlighted.

The article view cuts the text into paragraphs, sentences and pieces: a piece is a run of
text covered by the same set of evidence spans, so overlapping records (an entity inside a
quote inside a claim) render without nesting problems, each piece naming its records.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import Field

from rashomon.store.base import Store
from rashomon.store.queries._common import DATE_PATTERN, Corpus, Filter, Page, outlet_key, paginate

__all__ = ["ARTICLE_KINDS", "ArticleFilter", "ArticleView", "article_view", "articles", "record_label"]

#: Record kinds highlighted in an article's text (fused records repeat their members' spans).
ARTICLE_KINDS = ("entity", "event", "quote", "claim", "signal", "stance")
# Longest record label in the article's side list.
LABEL_CHARS = 160


class ArticleFilter(Filter):
    """Which articles the list shows."""

    outlet: str | None = Field(default=None, description="Outlet name, exactly as listed on /sources.")
    q: str | None = Field(default=None, max_length=200, description="Words the title contains.")
    date_from: str | None = Field(
        default=None, pattern=DATE_PATTERN, description="Earliest date (YYYY[-MM[-DD]])."
    )
    date_to: str | None = Field(
        default=None, pattern=DATE_PATTERN, description="Latest date (YYYY[-MM[-DD]])."
    )


@dataclass
class ArticleView:
    """One article: its metadata and text cut into highlighted pieces, and its records by kind."""

    article: dict[str, Any]
    paragraphs: list[list[dict[str, Any]]]
    records: dict[str, list[dict[str, Any]]]
    highlight: str | None = None
    copies: list[dict[str, Any]] = field(default_factory=list)
    original: dict[str, Any] | None = None
    clusters: dict[str, str] = field(default_factory=dict)


def articles(store: Store, flt: ArticleFilter | None = None) -> Page:
    """Return the page of article headers that ``flt`` selects, newest first, with record counts."""
    flt = flt or ArticleFilter()
    corpus = Corpus(store)
    counts = corpus.memo("counts_by_article", store.counts_by_article)
    words = (flt.q or "").lower().split()
    chosen = []
    headers = list(corpus.headers.values())
    for h in headers:
        date = h.get("published") or ""
        if flt.outlet and outlet_key(h.get("outlet")) != flt.outlet:
            continue
        if words and not all(w in (h.get("title") or "").lower() for w in words):
            continue
        if flt.date_from and (not date or date[: len(flt.date_from)] < flt.date_from):
            continue
        if flt.date_to and (not date or date[: len(flt.date_to)] > flt.date_to):
            continue
        chosen.append({**h, "counts": counts.get(h["id"], {})})
    chosen.sort(key=lambda h: (h.get("published") or "", h["id"]), reverse=True)
    outlets = Counter(outlet_key(h.get("outlet")) for h in headers)
    return paginate(chosen, flt, {"outlets": dict(outlets.most_common())})


def record_label(kind: str, r: dict[str, Any]) -> str:
    """Return a one-line description of record ``r`` of ``kind`` for lists and tooltips."""
    if kind == "entity":
        label = f"{r.get('name', '')} ({r.get('type', '')})"
    elif kind == "event":
        actors = ", ".join(a.get("name", "") for a in r.get("actors", []))
        recipients = ", ".join(a.get("name", "") for a in r.get("recipients", []))
        label = f"{r.get('type', '')}: {actors or '?'}" + (f" → {recipients}" if recipients else "")
        if r.get("modality") and r["modality"] != "asserted":
            label += f" [{r['modality']}]"
    elif kind == "quote":
        speaker = (r.get("speaker") or {}).get("name") or "unidentified speaker"
        label = f"{speaker}: “{r.get('content', '')}”"
    elif kind == "claim":
        label = r.get("text", "")
    elif kind == "signal":
        label = " · ".join(x for x in (r.get("kind"), r.get("label"), r.get("detail")) if x)
    elif kind == "stance":
        source = r.get("source_name") or r.get("source", "")
        target = r.get("target_name") or r.get("target", "")
        label = f"{source} {r.get('polarity', '')}s {target}"
    else:
        label = r.get("name") or r.get("text") or r.get("id", "")
    label = " ".join(label.split())
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _pieces(
    text: str, sentences: list[tuple[int, int]], spans: list[dict[str, Any]], highlight: set[str]
) -> list[list[dict[str, Any]]]:
    """Cut ``text`` into paragraphs of sentence runs of pieces, each piece with the records covering it.

    A paragraph is a list of runs ``{"sentence": index or None, "anchor": bool, "pieces": […]}``;
    the first run of each sentence is its ``anchor`` (evidence links land there). A piece is
    ``{"text", "start", "end"}`` plus ``records``, ``kinds`` and ``hl`` when evidence covers it.
    """
    cuts = {0, len(text)}
    for s, e in sentences:
        cuts.update((s, e))
    for i, ch in enumerate(text):
        if ch == "\n":
            cuts.update((i, i + 1))
    valid = [
        sp
        for sp in spans
        if 0 <= sp["start"] < sp["end"] <= len(text) and text[sp["start"] : sp["end"]] == sp["text"]
    ]
    for sp in valid:
        cuts.update((sp["start"], sp["end"]))
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    starts = [s for s, _ in sentences]
    paragraphs: list[list[dict[str, Any]]] = [[]]
    anchored: set[int] = set()
    for a, b in itertools.pairwise(bounds):
        chunk = text[a:b]
        if chunk == "\n":
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        i = bisect.bisect_right(starts, a) - 1
        sentence = i if 0 <= i < len(sentences) and sentences[i][1] > a else None
        covering = [sp for sp in valid if sp["start"] <= a and sp["end"] >= b]
        piece: dict[str, Any] = {"text": chunk, "start": a, "end": b}
        if covering:
            ids = list(dict.fromkeys(sp["record_id"] for sp in covering))
            piece["records"] = ids
            piece["kinds"] = sorted({sp["kind"] for sp in covering})
            piece["hl"] = bool(highlight.intersection(ids))
        runs = paragraphs[-1]
        if runs and runs[-1]["sentence"] == sentence:
            runs[-1]["pieces"].append(piece)
        else:
            anchor = sentence is not None and sentence not in anchored
            if anchor:
                anchored.add(sentence)  # type: ignore[arg-type]
            runs.append({"sentence": sentence, "anchor": anchor, "pieces": [piece]})
    return [p for p in paragraphs if p]


def article_view(store: Store, article_id: str, highlight: str | None = None) -> ArticleView | None:
    """Return article ``article_id`` with its text cut into highlighted pieces and its records.

    ``highlight`` names a record (or a fused record holding this article's records) whose
    evidence pieces get ``hl: true``, as when the reader follows an evidence link.
    """
    article = store.get_article(article_id)
    if article is None:
        return None
    corpus = Corpus(store)
    header = corpus.headers.get(article_id, {})
    spans = [sp for sp in store.evidence_in(article_id) if sp["kind"] in ARTICLE_KINDS]
    highlighted: set[str] = set()
    clusters: dict[str, str] = {}
    for kind in ("event_cluster", "claim_cluster"):
        for c in corpus.records(kind):
            members = c.get("event_ids") or c.get("claim_ids") or []
            for m in members:
                clusters[m] = c["id"]
            if highlight == c["id"]:
                highlighted.update(members)
    if highlight:
        highlighted.add(highlight)
    records: dict[str, list[dict[str, Any]]] = {}
    for kind in ARTICLE_KINDS:
        for r in store.record_dicts(kind, article_id):
            ev = r.get("evidence") or []
            records.setdefault(kind, []).append(
                {
                    "id": r["id"],
                    "kind": kind,
                    "label": record_label(kind, r),
                    "sentence": ev[0]["sentence_index"] if ev else None,
                    "start": ev[0]["start"] if ev else None,
                    "cluster": clusters.get(r["id"]),
                    "actor_id": r.get("actor_id"),
                    "record": r,
                }
            )
    sentences = store.sentences(article_id)
    copies = [h for h in corpus.headers.values() if h.get("duplicate_of") == article_id]
    original = corpus.headers.get(article.duplicate_of) if article.duplicate_of else None
    return ArticleView(
        article={**header, **{f: getattr(article, f) for f in article.__slots__}},
        paragraphs=_pieces(article.text, sentences, spans, highlighted),
        records=records,
        highlight=highlight,
        copies=copies,
        original=original,
        clusters=clusters,
    )
