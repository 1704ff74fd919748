"""Read files, folders and globs (.txt, .md, .html, .jsonl) into articles, rejecting bad input clearly.

Each input yields either an :class:`Ingested` article or a
:class:`~rashomon.model.Rejection` that names the file, what is wrong and the fix;
one bad file never stops the batch.
"""

from __future__ import annotations

import glob
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rashomon.config import IngestOptions
from rashomon.errors import ParseError
from rashomon.ingest.html import parse_html
from rashomon.ingest.normalize import article_id, normalize_text
from rashomon.ingest.rows import article_from_row
from rashomon.model import Article, Rejection

__all__ = ["FORMATS", "Ingested", "expand_paths", "format_of", "read_inputs", "read_path"]

logger = logging.getLogger(__name__)

#: File suffix → format name.
FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".warc": "warc",
    ".warc.gz": "warc",
}
_FIX_FORMAT = "convert it to .txt, .md, .html, .jsonl, .parquet or .warc(.gz)"
# A title is a short first line followed by more text; longer first lines are body text.
MAX_TITLE_CHARS = 200


@dataclass(frozen=True, slots=True)
class Ingested:
    """An article read from an input, with the raw bytes kept for re-extraction (HTML)."""

    article: Article
    raw: bytes | None = None


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Rejection]]:
    """Expand files, folders (recursively, known suffixes only) and glob patterns.

    Returns:
        The files in a stable order, and a rejection for each path that matched nothing.
    """
    files: list[Path] = []
    missing: list[Rejection] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and format_of(f) is not None))
        elif p.is_file():
            files.append(p)
        elif any(ch in str(raw) for ch in "*?["):
            matched = sorted(Path(m) for m in glob.glob(str(raw), recursive=True) if Path(m).is_file())
            if not matched:
                missing.append(Rejection(str(raw), "pattern matched no file", "check the pattern"))
            files.extend(matched)
        else:
            missing.append(Rejection(str(raw), "no such file or folder", "check the path"))
    seen: set[Path] = set()
    unique = [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))]  # type: ignore[func-returns-value]
    return unique, missing


def read_inputs(
    paths: Iterable[str | Path], options: IngestOptions | None = None
) -> Iterator[Ingested | Rejection]:
    """Yield an :class:`Ingested` article or a :class:`Rejection` for every input in ``paths``."""
    options = options or IngestOptions()
    files, missing = expand_paths(paths)
    yield from missing
    for path in files:
        try:
            yield from read_path(path, options)
        except ParseError as exc:
            logger.warning("rejected %s", exc)
            yield Rejection(exc.source, exc.reason, exc.fix)


def format_of(path: Path) -> str | None:
    """Return the input format of ``path`` from its suffix (``.warc.gz`` counts as one), or ``None``."""
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return "warc"
    return FORMATS.get(path.suffix.lower())


def _read_container(path: Path, fmt: str, options: IngestOptions) -> Iterator[Ingested | Rejection]:
    if fmt == "parquet":
        from rashomon.ingest.parquet import read_parquet

        yield from read_parquet(path, options)
        return
    from rashomon.ingest.warc import read_warc

    yield from read_warc(path, options)


def _decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise ParseError(str(path), "empty file", "remove it or give it article text")
    head = data[:8192]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 20:
        raise ParseError(str(path), "binary file, not text", _FIX_FORMAT)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(
            str(path), f"not valid UTF-8 (byte {exc.start})", "re-save it as UTF-8 (iconv -t UTF-8)"
        ) from None


def read_path(path: Path, options: IngestOptions) -> Iterator[Ingested | Rejection]:
    """Read one file; JSON Lines files may yield several articles and per-line rejections.

    Raises:
        ParseError: if the whole file is unusable (empty, binary, oversized, unknown format).
    """
    fmt = format_of(path)
    if fmt is None:
        raise ParseError(str(path), f"unknown format {path.suffix or '(no suffix)'!r}", _FIX_FORMAT)
    if fmt in ("parquet", "warc"):
        # Files of many articles (shards, crawl archives): the size limit applies to each one.
        yield from _read_container(path, fmt, options)
        return
    if fmt == "jsonl" and not _starts_utf16(path):
        # Feeds can be large: read them a line at a time, with the size limit per line.
        yield from _stream_jsonl(path, options)
        return
    size = path.stat().st_size
    if size > options.max_bytes:
        raise ParseError(
            str(path),
            f"file is {size / 1e6:.1f} MB, over the {options.max_bytes / 1e6:g} MB limit",
            "split it, or raise [ingest] max_bytes in your config",
        )
    data = path.read_bytes()
    text = _decode(path, data)
    if fmt == "jsonl":
        yield from _read_jsonl(path, text, options)
        return
    if fmt == "html":
        parsed = parse_html(text, source=str(path))
        body = normalize_text(parsed.text)
        article = Article(
            id=article_id(body),
            text=body,
            title=parsed.title,
            source=str(path),
            url=parsed.url,
            outlet=parsed.outlet or options.default_outlet,
            author=parsed.author,
            published=parsed.published,
            format="html",
        )
        yield Ingested(article, raw=data)
        return
    body = normalize_text(_strip_markdown(text) if fmt == "md" else text)
    if not body:
        raise ParseError(str(path), "no text after removing markup", "give the file article text")
    title, published, outlet = _title_and_date(body)
    yield Ingested(
        Article(
            id=article_id(body),
            text=body,
            title=title,
            source=str(path),
            outlet=outlet or options.default_outlet,
            published=published,
            format=fmt,
        )
    )


_MONTHS = "january february march april may june july august september october november december".split()
_BYLINE_DATE = re.compile(
    r"\b(?:(?P<iso>\d{4}-\d{2}-\d{2})|(?P<d1>\d{1,2})\s+(?P<m1>[A-Za-z]+)\s+(?P<y1>\d{4})"
    r"|(?P<m2>[A-Za-z]+)\s+(?P<d2>\d{1,2}),?\s+(?P<y2>\d{4}))\b"
)
# A byline is a short line under the title: "Outlet — 2031-03-09", "Outlet | Section | 8 March 2031".
MAX_BYLINE_CHARS = 120


def _byline_date(line: str) -> str | None:
    m = _BYLINE_DATE.search(line)
    if not m:
        return None
    if m.group("iso"):
        return m.group("iso")
    day, month, year = (
        (m.group("d1"), m.group("m1"), m.group("y1"))
        if m.group("d1")
        else (
            m.group("d2"),
            m.group("m2"),
            m.group("y2"),
        )
    )
    names = [i for i, name in enumerate(_MONTHS, start=1) if name.startswith(month.lower()[:3])]
    if not names or not 1 <= int(day) <= 31:
        return None
    return f"{int(year):04d}-{names[0]:02d}-{int(day):02d}"


def _title_and_date(body: str) -> tuple[str, str | None, str]:
    """Return the title, the byline's ISO date and the byline's outlet (each may be empty)."""
    first, _, rest = body.partition("\n")
    title = first.strip() if rest.strip() and len(first) <= MAX_TITLE_CHARS else ""
    published, outlet = None, ""
    second = rest.lstrip("\n").partition("\n")[0].strip()
    if title and len(second) < MAX_BYLINE_CHARS and not second.endswith(".") and len(second.split()) <= 12:
        published = _byline_date(second)
        if published:
            head = re.split(r"\s+[—–|-]\s+|\s*\|\s*|,\s+", second, maxsplit=1)[0].strip(" *_")
            if head and not _BYLINE_DATE.search(head) and len(head.split()) <= 6:
                outlet = head
    return title, published, outlet


_MD_RULES = [
    (re.compile(r"^#{1,6}\s+", re.M), ""),  # headings
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images → alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links → text
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"\1"),  # italics
    (re.compile(r"^>\s?", re.M), ""),  # block quotes
    (re.compile(r"^\s*[-*+]\s+", re.M), ""),  # bullets
    (re.compile(r"`([^`]*)`"), r"\1"),  # code
]


def _strip_markdown(text: str) -> str:
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    return text


def _starts_utf16(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) in (b"\xff\xfe", b"\xfe\xff")


def _stream_jsonl(path: Path, options: IngestOptions) -> Iterator[Ingested | Rejection]:
    """Read a UTF-8 JSON Lines file line by line (memory does not grow with the file)."""
    with path.open("rb") as fh:
        _decode(path, fh.read(8192))  # empty or binary: the whole file is rejected
        fh.seek(0)
        any_line = False
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            any_line = True
            where = f"{path}:{lineno}"
            if len(raw) > options.max_bytes:
                yield Rejection(
                    where,
                    f"line is {len(raw) / 1e6:.1f} MB, over the {options.max_bytes / 1e6:g} MB limit",
                    "split it, or raise [ingest] max_bytes in your config",
                )
                continue
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield Rejection(
                    where, f"not valid UTF-8 (byte {exc.start})", "re-save it as UTF-8 (iconv -t UTF-8)"
                )
                continue
            yield from _jsonl_line(where, line, options)
    if not any_line:
        raise ParseError(str(path), "no lines in JSON Lines file", "give it one JSON object per line")


def _jsonl_line(where: str, line: str, options: IngestOptions) -> Iterator[Ingested | Rejection]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        yield Rejection(where, f"malformed JSON ({exc.msg})", "fix the line or remove it")
        return
    article = article_from_row(obj, where, "jsonl", options)
    yield article if isinstance(article, Rejection) else Ingested(article)


def _read_jsonl(path: Path, text: str, options: IngestOptions) -> Iterator[Ingested | Rejection]:
    any_line = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        any_line = True
        yield from _jsonl_line(f"{path}:{lineno}", line, options)
    if not any_line:
        raise ParseError(str(path), "no lines in JSON Lines file", "give it one JSON object per line")
