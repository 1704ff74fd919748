"""Export the store as one file per record kind: JSON Lines, CSV or Parquet.

The contract (``docs/export.md``): ``articles``, ``entities``, ``events``, ``quotes``,
``claims``, ``signals``, ``stances`` (and the fused ``actors``, ``event_clusters``,
``claim_clusters``), each record with an ``id``, and every record except articles with
``evidence``: a list of ``{article_id, sentence_index, start, end, text}`` whose offsets
are 0-based and end-exclusive into the article's ``text``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rashomon.errors import ConfigError
from rashomon.model import RECORD_KINDS
from rashomon.store import Store

__all__ = ["EXPORT_FILES", "FORMATS", "export_store", "iter_export"]

FORMATS = ("jsonl", "csv", "parquet")

#: File stem → stored record kind (``None`` for articles).
EXPORT_FILES: dict[str, str | None] = {
    "articles": None,
    "entities": "entity",
    "events": "event",
    "quotes": "quote",
    "claims": "claim",
    "signals": "signal",
    "stances": "stance",
    "actors": "actor",
    "event_clusters": "event_cluster",
    "claim_clusters": "claim_cluster",
}
assert {k for k in EXPORT_FILES.values() if k} == set(RECORD_KINDS), "every record kind needs an export file"

ARTICLE_FIELDS = (
    "id",
    "title",
    "source",
    "url",
    "outlet",
    "author",
    "published",
    "format",
    "language",
    "duplicate_of",
    "duplicate_score",
    "text",
)


def iter_export(store: Store, stem: str) -> Iterator[dict[str, Any]]:
    """Yield the export rows of one file (``"articles"``, ``"events"``, …)."""
    kind = EXPORT_FILES[stem]
    if kind is None:
        for article in store.articles():
            yield {f: getattr(article, f) for f in ARTICLE_FIELDS}
        return
    yield from store.record_dicts(kind)


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in row.items()}


def export_store(store: Store, fmt: str, out_dir: str | Path) -> dict[str, int]:
    """Write every record kind of ``store`` to ``out_dir`` in ``fmt``; return rows written per file.

    CSV and Parquet hold nested fields (evidence, actors, counts) as JSON text columns.

    Raises:
        ConfigError: for an unknown format, or a missing optional dependency (Parquet).
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for stem in EXPORT_FILES:
        rows = iter_export(store, stem)
        path = out / f"{stem}.{fmt}"
        if fmt == "jsonl":
            n = 0
            with path.open("w", encoding="utf-8") as fh:
                for row in rows:
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                    n += 1
        elif fmt == "csv":
            n = _write_csv(path, rows)
        else:
            n = _write_parquet(path, rows)
        written[path.name] = n
    return written


def _write_csv(path: Path, rows: Iterator[dict[str, Any]]) -> int:
    flat = [_flat(r) for r in rows]
    columns: list[str] = list(dict.fromkeys(k for r in flat for k in r)) or ["id"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerows(flat)
    return len(flat)


def _write_parquet(path: Path, rows: Iterator[dict[str, Any]]) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ConfigError(
            "Parquet export needs pyarrow; pip install 'rashomon[scale]' or use --format jsonl"
        ) from None
    flat = [_flat(r) for r in rows]
    columns = list(dict.fromkeys(k for r in flat for k in r)) or ["id"]
    table = (
        pa.table({c: [_cell(r.get(c)) for r in flat] for c in columns})
        if flat
        else pa.table({"id": pa.array([], pa.string())})
    )
    pq.write_table(table, path)
    return len(flat)


def _cell(value: Any) -> Any:
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)
