"""Export events as a GDELT-style event table (TSV or CSV), for tools that read GDELT 1.0 files.

The first 58 columns follow the GDELT 1.0 event table in its post-2013 layout
(``GLOBALEVENTID`` … ``SOURCEURL``); Rashomon's own fields follow (PLOVER type and mode,
modality, who reports the event, the counts and the evidence), so nothing the store knows
is lost. Differences from GDELT, by design:

* one row per event *as one article tells it* (``NumArticles`` = 1); near-copies are
  flagged by ``DuplicateOf`` rather than merged;
* ``GoldsteinScale`` holds the PLOVER conflict–cooperation score of the event's type and mode
  (the same −10..+10 scale);
* ``SQLDATE`` is the event's own date when its sentence gives a day, else the article's
  publication date (``DateSource`` says which); ``AvgTone`` and geocoordinates are empty.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rashomon.errors import ConfigError
from rashomon.model import ActorRef, Article, Event
from rashomon.store import Store

__all__ = ["GDELT_COLUMNS", "RASHOMON_COLUMNS", "gdelt_rows", "write_gdelt"]

_ACTOR_FIELDS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO_FIELDS = (
    "Geo_Type",
    "Geo_FullName",
    "Geo_CountryCode",
    "Geo_ADM1Code",
    "Geo_Lat",
    "Geo_Long",
    "Geo_FeatureID",
)

#: The GDELT 1.0 event table columns, in order.
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1{f}" for f in _GEO_FIELDS),
    *(f"Actor2{f}" for f in _GEO_FIELDS),
    *(f"Action{f}" for f in _GEO_FIELDS),
    "DATEADDED",
    "SOURCEURL",
)
#: Rashomon's columns after the GDELT ones.
RASHOMON_COLUMNS: tuple[str, ...] = (
    "EventId",
    "ArticleId",
    "PloverType",
    "PloverMode",
    "Modality",
    "ReportedBy",
    "Counts",
    "DateSource",
    "DateText",
    "Trigger",
    "Confidence",
    "DuplicateOf",
    "Evidence",
)
_SECTORS = frozenset(
    [
        "GOV",
        "MIL",
        "COP",
        "REB",
        "CRM",
        "CVL",
        "MED",
        "JUD",
        "LEG",
        "OPP",
        "BUS",
        "EDU",
        "REL",
        "IGO",
        "NGO",
        "SPY",
        "UAF",
        "IMG",
        "PTY",
        "ELI",
        "REF",
        "LAB",
        "HLH",
        "AGR",
        "ENV",
    ]
)


def _quad(cameo: str) -> str:
    """GDELT QuadClass: 1 verbal and 2 material cooperation, 3 verbal and 4 material conflict."""
    root = int(cameo[:2]) if cameo[:2].isdigit() else 0
    if not 1 <= root <= 20:
        return ""
    return "1" if root <= 5 else "2" if root <= 8 else "3" if root <= 13 else "4"


def _actor(ref: ActorRef | None) -> list[str]:
    if ref is None:
        return [""] * len(_ACTOR_FIELDS)
    code = ref.code
    country = code[:3] if len(code) >= 3 and code[:3] not in _SECTORS else ""
    rest = code[len(country) :]
    types = [rest[i : i + 3] for i in range(0, len(rest), 3) if rest[i : i + 3] in _SECTORS][:3]
    types += [""] * (3 - len(types))
    return [code, ref.name.replace("\n", " ").upper(), country, "", "", "", "", *types]


def _date(ev: Event, article: Article | None) -> tuple[str, str]:
    if ev.date and ev.date_precision == "day" and ev.date[:4].isdigit():
        return ev.date, "text"
    if article is not None and article.published:
        return article.published[:10], "published"
    return "", ""


def _row(gid: int, ev: Event, article: Article | None) -> dict[str, Any]:
    iso, source = _date(ev, article)
    sqldate = iso.replace("-", "") if iso else ""
    code = ev.cameo + "0" if len(ev.cameo) == 2 else ev.cameo
    fraction = ""
    if len(sqldate) == 8:
        year, month, day = int(sqldate[:4]), int(sqldate[4:6]), int(sqldate[6:8])
        fraction = f"{year + ((month - 1) * 30 + day) / 365:.4f}"
    geo_action = ["", "", "", "", "", "", ""]
    if ev.place:
        geo_action = ["", ev.place, ev.country, "", "", "", ""]
    row: dict[str, Any] = dict(
        zip(
            GDELT_COLUMNS,
            [
                gid,
                sqldate,
                sqldate[:6],
                sqldate[:4],
                fraction,
                *_actor(ev.actors[0] if ev.actors else None),
                *_actor(ev.recipients[0] if ev.recipients else None),
                1,
                code,
                code[:3],
                ev.cameo,
                _quad(ev.cameo),
                ev.intensity,
                len(ev.evidence),
                1,
                1,
                "",
                *[""] * len(_GEO_FIELDS),
                *[""] * len(_GEO_FIELDS),
                *geo_action,
                (article.published or "")[:10].replace("-", "") if article is not None else "",
                article.url if article is not None else "",
            ],
            strict=True,
        )
    )
    row.update(
        {
            "EventId": ev.id,
            "ArticleId": ev.article_id,
            "PloverType": ev.type,
            "PloverMode": ev.mode,
            "Modality": ev.modality,
            "ReportedBy": "; ".join(
                f"{a.source} ({a.source_type})" if a.source else f"article ({a.source_type})"
                for a in ev.reported_by
            ),
            "Counts": "; ".join(f"{c.qualifier} {c.value:g} {c.unit}".strip() for c in ev.counts),
            "DateSource": source,
            "DateText": ev.date_text,
            "Trigger": ev.trigger,
            "Confidence": ev.confidence,
            "DuplicateOf": (article.duplicate_of or "") if article is not None else "",
            "Evidence": json.dumps(
                [{"start": e.start, "end": e.end, "sentence_index": e.sentence_index} for e in ev.evidence]
            ),
        }
    )
    return row


def gdelt_rows(store: Store) -> Iterator[dict[str, Any]]:
    """Yield one GDELT-style row per stored event, in article then text order."""
    articles = {a.id: a for a in store.articles()}
    events = sorted(
        store.records("event"), key=lambda e: (e.article_id, e.evidence[0].start if e.evidence else 0)
    )
    for gid, ev in enumerate(events, start=1):
        yield _row(gid, ev, articles.get(ev.article_id))


def write_gdelt(store: Store, path: str | Path, fmt: str = "tsv") -> int:
    """Write the store's events as a GDELT-style table to ``path``; return the rows written.

    Args:
        store: The store to read.
        path: The output file (``gdelt_events.tsv``).
        fmt: ``tsv`` (GDELT's own layout, with a header row) or ``csv``.

    Raises:
        ConfigError: for another format.
    """
    if fmt not in ("tsv", "csv"):
        raise ConfigError(f"unknown GDELT export format {fmt!r}; use tsv or csv")
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(
            fh,
            fieldnames=[*GDELT_COLUMNS, *RASHOMON_COLUMNS],
            delimiter="\t" if fmt == "tsv" else ",",
            lineterminator="\n",
        )
        writer.writeheader()
        for row in gdelt_rows(store):
            writer.writerow({k: str(v).replace("\t", " ").replace("\n", " ") for k, v in row.items()})
            n += 1
    return n
