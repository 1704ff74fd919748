"""Read WARC files (web archives such as Common Crawl News) into articles, one per archived news page.

Common Crawl News publishes its crawl as ``.warc.gz`` files of ``response`` records: the
HTTP response of each page, headers and HTML. Each HTML page with status 200 becomes an
article through the same extraction as a local ``.html`` file (trafilatura, then
readability), keeping the raw HTML; the record's target URI is the article's URL when the
page names none, its host the outlet, and the crawl date its date when the page gives none.
``conversion`` records (the plain text of WET files) and ``resource`` records (archived
files) are read too.

Records that are not pages — ``warcinfo``, ``request``, ``metadata``, redirects, images,
robots.txt — are skipped; an HTML page with no article text is rejected with its offset, as
``archive.warc.gz#OFFSET`` (the byte offset of the record, as Common Crawl's index gives it).
Needs ``warcio`` (``pip install 'rashomon[scale]'``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rashomon.config import IngestOptions
from rashomon.errors import ParseError
from rashomon.ingest.files import Ingested
from rashomon.ingest.html import parse_html
from rashomon.ingest.normalize import article_id, normalize_text
from rashomon.model import Article, Rejection

__all__ = ["read_warc"]

logger = logging.getLogger(__name__)

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def read_warc(path: Path, options: IngestOptions) -> Iterator[Ingested | Rejection]:
    """Yield an article or a rejection for every news page archived in the WARC file ``path``.

    Raises:
        ParseError: if warcio is missing or the file is not a WARC archive.
    """
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        raise ParseError(
            str(path), "reading WARC files needs warcio", "pip install 'rashomon[scale]'"
        ) from None
    pages = 0
    with path.open("rb") as fh:
        if not fh.read(5).startswith((b"\x1f\x8b", b"WARC/")):
            raise ParseError(str(path), "not a WARC archive", "give a .warc or .warc.gz file")
        fh.seek(0)
        records = ArchiveIterator(fh)
        try:
            for record in records:
                item = _read_record(record, lambda: f"{path}#{records.get_record_offset()}", options)
                if item is not None:
                    pages += 1
                    yield item
        except ArchiveLoadFailed as exc:
            raise ParseError(
                str(path), f"not a WARC archive ({exc})", "give a .warc or .warc.gz file"
            ) from None
    logger.info("%s: %d pages", path, pages)


def _read_record(
    record: Any, source: Callable[[], str], options: IngestOptions
) -> Ingested | Rejection | None:
    kind = record.rec_type
    if kind not in ("response", "resource", "conversion"):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    crawled = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
    if kind == "response":
        if record.http_headers is None or record.http_headers.get_statuscode() != "200":
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    is_html = "html" in content_type.lower()
    if not is_html and "text/plain" not in content_type.lower():
        return None
    data = record.content_stream().read()
    where = source()  # the record's offset is known once its content has been read
    if len(data) > options.max_bytes:
        return Rejection(
            where,
            f"page is {len(data) / 1e6:.1f} MB, over the {options.max_bytes / 1e6:g} MB limit",
            "raise [ingest] max_bytes in your config",
        )
    text = _decode(data, content_type)
    host = urlsplit(uri).hostname or ""
    if not is_html:
        body = normalize_text(text)
        if not body:
            return Rejection(where, "no text in the record", "remove the record or give it text")
        article = Article(
            id=article_id(body),
            text=body,
            source=where,
            url=uri,
            outlet=options.default_outlet or _outlet(host),
            published=crawled,
            format="warc",
        )
        return Ingested(article)
    try:
        page = parse_html(text, source=where)
    except ParseError as exc:
        return Rejection(where, exc.reason, exc.fix)
    body = normalize_text(page.text)
    article = Article(
        id=article_id(body),
        text=body,
        title=page.title,
        source=where,
        url=page.url or uri,
        outlet=page.outlet or options.default_outlet or _outlet(host),
        author=page.author,
        published=page.published or crawled,
        format="warc",
    )
    return Ingested(article, raw=data)


def _decode(data: bytes, content_type: str) -> str:
    match = _CHARSET.search(content_type)
    encoding = match.group(1) if match else "utf-8"
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:  # an unknown charset name
        return data.decode("utf-8", errors="replace")


def _outlet(host: str) -> str:
    return host.removeprefix("www.")
