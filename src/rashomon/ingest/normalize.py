"""Text normalisation and stable article ids: the offsets of every record point into this text."""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["article_id", "normalize_text"]

_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_MANY_BLANK = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    r"""Return ``text`` in the form Rashomon stores and offsets point into.

    Unicode NFC, no byte-order mark, ``\\n`` line endings, no trailing spaces on lines,
    at most one blank line in a row, no leading or trailing whitespace. Curly quotes and
    dashes are kept: they are evidence (and quote detection reads them).
    """
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = _TRAILING_SPACE.sub("\n", text)
    text = _MANY_BLANK.sub("\n\n", text)
    return text.strip()


def article_id(text: str) -> str:
    """Return the stable id of an article with normalised ``text``: ``art_`` + 16 hex digits.

    Derived from the text alone, so the same story read from two files (or twice) is one
    article, whatever its metadata.
    """
    return "art_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
