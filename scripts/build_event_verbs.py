"""Build the shipped verb → CAMEO table from PETRARCH2's CAMEO verb-pattern dictionary.

Usage::

    python scripts/build_event_verbs.py [--source ../shared/data/petrarch2/dictionaries/CAMEO.2.0.txt]

Writes ``src/rashomon/data/models/event_verbs.json``. The dictionary is MIT-licensed
(Copyright (c) 2015 Open Event Data Alliance); its licence text travels in the table's
``notice`` field.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from rashomon.extract.verbdict import parse_verb_dictionary

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "petrarch2" / "dictionaries" / "CAMEO.2.0.txt"
TARGET = ROOT / "src" / "rashomon" / "data" / "models" / "event_verbs.json"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--target", type=Path, default=TARGET)
    args = parser.parse_args()
    text = args.source.read_text(encoding="utf-8", errors="replace")
    licence = re.search(r"# The MIT License \(MIT\)(.*?)# LAST UPDATE", text, re.S)
    notice = (
        "Derived from the PETRARCH2 CAMEO verb-pattern dictionary (CAMEO.2.0.txt, "
        "github.com/openeventdata/petrarch2). "
        + ("The MIT License (MIT)" + re.sub(r"\n#\s?", "\n", licence.group(1)).rstrip() if licence else "")
    )
    table = parse_verb_dictionary(text, notice)
    args.target.parent.mkdir(parents=True, exist_ok=True)
    args.target.write_text(json.dumps(table.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")
    n_patterns = sum(len(b) for b in table.patterns)
    print(
        f"{len(table.verbs)} verbs, {len(table.patterns)} blocks, {n_patterns} patterns, "
        f"{len(table.synsets)} synsets -> {args.target} ({args.target.stat().st_size // 1024} KiB)"
    )


if __name__ == "__main__":
    main()
