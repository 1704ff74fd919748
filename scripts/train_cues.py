"""Learn the reporting-cue lexicon of reported speech from PolNeAR's train split.

For every word that appears inside a gold cue span, count how often it is a cue and how often
it occurs at all in the train texts; its precision is the ratio. Words seen as a cue at least
``MIN_COUNT`` times are written to ``src/rashomon/data/models/reporting_cues.json``.
Only the train split is read (dev is for tuning ``CUE_MIN_PRECISION``, test for evaluation).

Usage::

    python scripts/train_cues.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from rashomon.evaluate.quotes import load_split

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "rashomon" / "data" / "models" / "reporting_cues.json"
# A word must have been a cue this often in train to enter the lexicon (rarer ones are noise).
MIN_COUNT = 5
_FUNCTION = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "by",
        "in",
        "on",
        "at",
        "for",
        "with",
        "as",
        "and",
        "or",
        "that",
        "this",
        "it",
        "is",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "not",
        "no",
        "his",
        "her",
        "their",
        "its",
        "my",
        "our",
        "your",
        "first",
        "also",
    ]
)
_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    args = parser.parse_args()
    docs = load_split(Path(args.data) / "polnear", "train")
    as_cue: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for doc in docs:
        cue_positions: set[int] = set()
        for rel in doc.relations:
            for s, e in rel.cue:
                for m in _WORD.finditer(doc.text[s:e]):
                    cue_positions.add(s + m.start())
        for m in _WORD.finditer(doc.text):
            w = m.group(0).lower()
            total[w] += 1
            if m.start() in cue_positions:
                as_cue[w] += 1
    words = {
        w: round(as_cue[w] / total[w], 3)
        for w in sorted(as_cue)
        if as_cue[w] >= MIN_COUNT and w not in _FUNCTION
    }
    OUT.write_text(
        json.dumps(
            {
                "source": "PolNeAR v1.0.0 train split (840 articles): cue precision = times inside a "
                "gold cue span / times in the text",
                "min_count": MIN_COUNT,
                "words": words,
            },
            indent=0,
            sort_keys=True,
        )
        + "\n"
    )
    print(f"wrote {len(words)} cue words to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
