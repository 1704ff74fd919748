"""Read Parquet shards of articles (one row per article, as written by ``rashomon export`` or a crawler).

A shard has a string ``text`` column and any of ``title``, ``url``, ``outlet``, ``author``
and ``published`` (or ``date``: an ISO string, a date or a timestamp). Rows are read a
record batch at a time, so a shard of any size is read in bounded memory; a row without
text is rejected on its own, with its row number.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from rashomon.config import IngestOptions
from rashomon.errors import ParseError
from rashomon.ingest.files import Ingested
from rashomon.ingest.rows import ROW_FIELDS, article_from_row
from rashomon.model import Rejection

__all__ = ["read_parquet"]

logger = logging.getLogger(__name__)

#: Rows read at a time.
BATCH_ROWS = 1024


def read_parquet(path: Path, options: IngestOptions) -> Iterator[Ingested | Rejection]:
    """Yield an article or a rejection for every row of the Parquet file ``path``.

    Raises:
        ParseError: if pyarrow is missing, the file is not Parquet, or it has no ``text`` column.
    """
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ParseError(
            str(path), "reading Parquet needs pyarrow", "pip install 'rashomon[scale]'"
        ) from None
    try:
        shard = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several kinds for a damaged or foreign file
        raise ParseError(str(path), f"not a Parquet file ({exc})", "re-write it with pyarrow") from None
    names = set(shard.schema_arrow.names)
    if "text" not in names:
        raise ParseError(
            str(path), "no 'text' column", f"give it a text column (and any of {', '.join(ROW_FIELDS[1:])})"
        )
    columns = [c for c in (*ROW_FIELDS, "date") if c in names]
    row = 0
    for batch in shard.iter_batches(batch_size=BATCH_ROWS, columns=columns):
        for values in batch.to_pylist():
            article = article_from_row(values, f"{path}#{row}", "parquet", options)
            yield article if isinstance(article, Rejection) else Ingested(article)
            row += 1
