"""Gather the report's data from the store and render it as HTML or Markdown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from rashomon.errors import ConfigError
from rashomon.model import Article
from rashomon.report.sections import SECTIONS, Section
from rashomon.store import Store

__all__ = ["ReportData", "build_report", "render_html", "render_markdown", "write_report"]


@dataclass
class ReportData:
    """Everything a report shows: the articles, their sentences, and each section's data."""

    title: str
    generated: str
    articles: list[Article]
    sentences: dict[str, list[tuple[int, int, int]]]
    sections: list[tuple[Section, Any]] = field(default_factory=list)


def _sentence_spans(store: Store, article: Article) -> list[tuple[int, int, int]]:
    """Sentence (index, start, end) of ``article``, the targets of evidence links."""
    return [(i, s, e) for i, (s, e) in enumerate(store.sentences(article.id))]


def build_report(store: Store, title: str = "Rashomon report") -> ReportData:
    """Collect every registered section's data from ``store``."""
    articles = list(store.articles())
    ctx: dict[str, Any] = {"articles": articles, "by_id": {a.id: a for a in articles}}
    data = ReportData(
        title=title,
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        articles=articles,
        sentences={a.id: _sentence_spans(store, a) for a in articles},
    )
    for sec in SECTIONS:
        value = sec.collect(store, ctx)
        if value is not None:
            data.sections.append((sec, value))
    return data


def _evidence_anchor(ev: Any) -> str:
    """Return the in-page anchor of the sentence holding evidence ``ev`` (a record or a dict)."""
    if isinstance(ev, dict):
        return f"#{ev['article_id']}-s{ev['sentence_index']}"
    return f"#{ev.article_id}-s{ev.sentence_index}"


def _env(autoescape: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("rashomon.report", "templates"),
        autoescape=select_autoescape(["html.j2"]) if autoescape else False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["ev_link"] = _evidence_anchor
    return env


def render_html(data: ReportData) -> str:
    """Render ``data`` as one self-contained HTML page (inline CSS, no network needed)."""
    env = _env(True)
    return env.get_template("report.html.j2").render(
        report=data, by_id={a.id: a for a in data.articles}, segments=_segments
    )


def render_markdown(data: ReportData) -> str:
    """Render ``data`` as Markdown."""
    env = _env(False)
    return env.get_template("report.md.j2").render(report=data, by_id={a.id: a for a in data.articles})


def _segments(article: Article, spans: list[tuple[int, int, int]]) -> list[tuple[int | None, str]]:
    """Split ``article.text`` into (sentence index or None, text) pieces for anchoring."""
    out: list[tuple[int | None, str]] = []
    pos = 0
    for index, start, end in spans:
        if start < pos:
            continue
        if start > pos:
            out.append((None, article.text[pos:start]))
        out.append((index, article.text[start:end]))
        pos = end
    if pos < len(article.text):
        out.append((None, article.text[pos:]))
    return out


def write_report(store: Store, path: str | Path, title: str = "Rashomon report") -> Path:
    """Write the report of ``store`` to ``path``: ``.html`` or ``.md`` by its suffix.

    Raises:
        ConfigError: for any other suffix.
    """
    out = Path(path)
    if out.suffix.lower() not in (".html", ".htm", ".md"):
        raise ConfigError(f"report path {out} must end in .html or .md")
    data = build_report(store, title)
    text = render_markdown(data) if out.suffix.lower() == ".md" else render_html(data)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out
