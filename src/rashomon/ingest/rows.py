"""Articles from JSON-like rows (JSON Lines, Parquet), each row checked and rejected with a fix."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from rashomon.config import IngestOptions
from rashomon.ingest.normalize import article_id, normalize_text
from rashomon.model import Article, Rejection

__all__ = ["ROW_FIELDS", "article_from_row"]

#: The fields a row may carry; only ``text`` is required (``date`` is read as ``published``).
ROW_FIELDS = ("text", "title", "url", "outlet", "author", "published")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def article_from_row(row: Any, where: str, fmt: str, options: IngestOptions) -> Article | Rejection:
    """Return the article a row describes, or a :class:`Rejection` naming the fix.

    Args:
        row: A mapping with at least a non-empty ``text``; ``published`` (or ``date``) is an
            ISO date string, or a date/datetime (Parquet date and timestamp columns).
        where: The row's source, as ``file:line`` or ``file#row``.
        fmt: The input format recorded on the article (``jsonl``, ``parquet``).
        options: Ingest options (the outlet recorded when a row names none).
    """
    if not isinstance(row, Mapping) or not isinstance(row.get("text"), str) or not row["text"].strip():
        return Rejection(where, "no 'text' field", 'give each row {"text": ..., "title": ..., "url": ...}')
    published = row.get("published") or row.get("date")
    if isinstance(published, dt.date):
        published = published.isoformat()
    if published is not None and not (isinstance(published, str) and _ISO_DATE.match(published)):
        return Rejection(where, f"'published' is not an ISO date ({published!r})", "write it as YYYY-MM-DD")
    body = normalize_text(str(row["text"]))
    return Article(
        id=article_id(body),
        text=body,
        title=str(row.get("title") or ""),
        source=where,
        url=str(row.get("url") or ""),
        outlet=str(row.get("outlet") or options.default_outlet),
        author=str(row.get("author") or ""),
        published=published[:10] if published else None,
        format=fmt,
    )
