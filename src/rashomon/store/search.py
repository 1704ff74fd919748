"""Turn what a user types into a safe SQLite FTS5 query.

The syntax is the one PostgreSQL's ``websearch_to_tsquery`` accepts, so both back ends read
a query the same way: words must all match, ``"quoted words"`` match as a phrase, ``or``
between two terms accepts either, and ``-word`` excludes. Every term is re-quoted, so no
input can inject FTS5 syntax (``NEAR``, column filters, ``*``) or cause a syntax error.
"""

from __future__ import annotations

import re

__all__ = ["fts5_query"]

_TOKEN = re.compile(r'-?"[^"]*"?|\S+')
_WORD = re.compile(r"\w+")


def _term(words: list[str]) -> str:
    return '"' + " ".join(words) + '"'


def fts5_query(text: str) -> str | None:
    """Return the FTS5 ``MATCH`` expression for ``text``, or ``None`` when it holds no word.

    Example:
        ``fts5_query('strike "Harn Bank" or trawler -opinion')`` gives
        ``'("strike") AND ("Harn Bank" OR "trawler") NOT "opinion"'``.
    """
    groups: list[list[str]] = []
    excluded: list[str] = []
    pending_or = False
    for token in _TOKEN.findall(text):
        negative = token.startswith("-") and len(token) > 1
        body = token[1:] if negative else token
        if body.lower() == "or" and not negative:
            pending_or = bool(groups)
            continue
        words = _WORD.findall(body)
        if not words:
            continue
        term = _term(words)
        if negative:
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    if not groups:
        return None
    query = " AND ".join("(" + " OR ".join(group) + ")" for group in groups)
    return query + "".join(f" NOT {term}" for term in excluded)
