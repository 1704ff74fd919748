"""Main text and metadata from an HTML page: trafilatura first, readability as the fallback."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from rashomon.errors import ParseError

__all__ = ["ParsedPage", "parse_html"]

logger = logging.getLogger(__name__)

# htmldate discards dates after today by default; archives, test fixtures and scenario
# exercises carry later ones, and a wrong date is flagged downstream rather than dropped here.
DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True, "max_date": "2099-12-31"}


@dataclass(frozen=True, slots=True)
class ParsedPage:
    """What a page gives: main text, title, outlet, author, URL and publication date (ISO)."""

    text: str
    title: str = ""
    outlet: str = ""
    author: str = ""
    url: str = ""
    published: str | None = None


def parse_html(html: str, source: str = "<html>") -> ParsedPage:
    """Extract the article body and metadata from ``html``.

    Raises:
        ParseError: if no article text can be found.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        date_extraction_params=DATE_PARAMS,
    )
    text = getattr(doc, "text", None) or ""
    meta = {k: getattr(doc, k, None) for k in ("title", "sitename", "author", "url", "date")} if doc else {}
    if len(text.strip()) < 40:
        text = _readability_text(html) or text
    if not text.strip():
        raise ParseError(
            source, "no article text found in the HTML", "save the article page itself, not an index"
        )
    published = meta.get("date")
    if not published:
        published = _find_date(html)
    return ParsedPage(
        text=text,
        title=str(meta.get("title") or ""),
        outlet=str(meta.get("sitename") or ""),
        author=str(meta.get("author") or ""),
        url=str(meta.get("url") or ""),
        published=str(published)[:10] if published else None,
    )


def _readability_text(html: str) -> str:
    try:
        from readability import Document
    except ImportError:  # pragma: no cover - a declared dependency
        return ""
    try:
        summary = Document(html).summary(html_partial=True)
    except Exception:  # lxml raises ParserError on pages with no content ("Document is empty")
        logger.debug("readability failed", exc_info=True)
        return ""
    text = re.sub(r"<(p|br|div|h\d|li)[^>]*>", "\n", summary)
    text = re.sub(r"<[^>]+>", "", text)
    import html as html_lib

    return html_lib.unescape(text)


def _find_date(html: str) -> str | None:
    try:
        from htmldate import find_date

        found = find_date(html, **DATE_PARAMS)
    except Exception:  # htmldate raises assorted errors on odd pages; a missing date is fine
        logger.debug("htmldate failed", exc_info=True)
        return None
    return str(found) if found else None
