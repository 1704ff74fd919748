"""Third-party outlet ratings, read at run time from a folder the user points to.

Rashomon ships no ratings. When ``$RASHOMON_RATINGS`` (or the ``path`` argument) names a
folder holding the News-Media-Reliability release (Burdisso et al., NAACL 2024:
``golden_truth_dataset.csv`` and/or ``mbfc.csv``), an article's outlet is looked up by the
domain of its URL and shown as what it is: a dated rating by someone else ("rated
*unreliable* by NewsGuard, 2018–19"), kept apart from Rashomon's own signals. No folder,
no file or an unknown domain simply means no rating.
"""

from __future__ import annotations

import csv
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["RATINGS_ENV", "OutletRating", "RatingsTable", "domain_of", "load_ratings"]

logger = logging.getLogger(__name__)

#: Environment variable naming the ratings folder (or one of its CSV files).
RATINGS_ENV = "RASHOMON_RATINGS"
VIA = "News-Media-Reliability (Burdisso et al., NAACL 2024)"
# Who gave a golden_truth label and when, as that release documents it.
_RATERS = {
    "mbfc": ("Media Bias/Fact Check", "before June 2024"),
    "newsguard": ("NewsGuard", "2018–19"),
    "wikipedia": ("Wikipedia: Reliable sources/Perennial sources", "2024"),
    "manual": ("a list of unreliable sites collected from research papers", "2024"),
}
_LABELS = {"1": "reliable", "0": "mixed", "-1": "unreliable", "-2": "blacklisted (Wikipedia)"}


@dataclass(frozen=True, slots=True)
class OutletRating:
    """One rating of one outlet by a third party, with its date and the dataset it came through."""

    domain: str
    rater: str
    rating: str
    as_of: str
    via: str = VIA
    details: tuple[tuple[str, str], ...] = ()

    def sentence(self) -> str:
        """Return the rating as a sentence: "rated reliable by NewsGuard (2018–19)"."""
        extra = "; ".join(f"{k} {v}" for k, v in self.details if v)
        return f"rated {self.rating} by {self.rater} ({self.as_of}){': ' + extra if extra else ''}"


def domain_of(url: str) -> str:
    """Return the host of ``url`` without ``www.`` (``""`` for no URL)."""
    if not url:
        return ""
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return re.sub(r"^(?:www\d?|m|amp)\.", "", host.casefold())


@dataclass
class RatingsTable:
    """Ratings by domain, as loaded; empty when no ratings folder is configured."""

    by_domain: dict[str, list[OutletRating]] = field(default_factory=dict)
    source: str = ""

    def __len__(self) -> int:
        return len(self.by_domain)

    def lookup(self, url: str = "", outlet: str = "") -> list[OutletRating]:
        """Return the ratings of the outlet of ``url`` (its domain, then the parent domains).

        ``outlet`` is tried as a bare domain ("reuters.com") when there is no URL.
        """
        host = domain_of(url) or (outlet.casefold().strip() if "." in outlet else "")
        parts = host.split(".")
        for i in range(len(parts) - 1):
            found = self.by_domain.get(".".join(parts[i:]))
            if found:
                return found
        return []


def _read_csv(path: Path) -> Iterable[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def _add(table: RatingsTable, rating: OutletRating) -> None:
    table.by_domain.setdefault(rating.domain, []).append(rating)


@lru_cache(maxsize=4)
def _load(folder: str) -> RatingsTable:
    root = Path(folder)
    files = [root] if root.is_file() else [root / "golden_truth_dataset.csv", root / "mbfc.csv"]
    table = RatingsTable(source=str(root))
    for path in files:
        if not path.is_file():
            continue
        try:
            rows = list(_read_csv(path))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            logger.warning("ratings file %s could not be read (%s); no ratings from it", path, exc)
            continue
        for row in rows:
            if "reliability_label" in row:
                rater, when = _RATERS.get(row.get("label_source", ""), ("an unnamed rater", "unknown date"))
                score = row.get("newsguard_score") or ""
                _add(
                    table,
                    OutletRating(
                        row["domain"].casefold(),
                        rater,
                        _LABELS.get(row["reliability_label"], row["reliability_label"]),
                        when,
                        details=(("score", score),) if score else (),
                    ),
                )
            elif "factual_reporting" in row and row.get("source"):
                facts = row.get("factual_reporting", "")
                _add(
                    table,
                    OutletRating(
                        row["source"].casefold(),
                        "Media Bias/Fact Check",
                        f"{facts} factual reporting"
                        if facts
                        else row.get("mbfc_credibility_rating", "unrated"),
                        "before June 2024",
                        details=(
                            ("bias", row.get("bias", "")),
                            ("credibility", row.get("mbfc_credibility_rating", "")),
                        ),
                    ),
                )
    # Media Bias/Fact Check appears in both files; keep one rating per rater and domain.
    for domain, ratings in table.by_domain.items():
        seen: dict[str, OutletRating] = {}
        for r in ratings:
            if r.rater not in seen or len(r.details) > len(seen[r.rater].details):
                seen[r.rater] = r
        table.by_domain[domain] = list(seen.values())
    return table


def load_ratings(path: str | Path | None = None) -> RatingsTable:
    """Load ratings from ``path``, else from ``$RASHOMON_RATINGS``; empty when neither is set or found."""
    where = str(path) if path else os.environ.get(RATINGS_ENV, "")
    if not where or not Path(where).exists():
        if where:
            logger.info("no ratings at %s; outlet ratings are left out", where)
        return RatingsTable()
    return _load(str(Path(where).resolve()))
