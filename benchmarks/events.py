"""Throughput of the event stage (``extract.events.v1``) in sentences per second.

The corpus (the bundled demo articles, plus the seed articles in ../shared when present) is
parsed once; the event stage alone is then timed over it ``--repeat`` times, so the figure
is the stage's own cost, not the parser's. The parse rate is printed beside it for scale.

Usage::

    python benchmarks/events.py [--repeat 5]

Writes ``benchmarks/results/events.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

from rashomon.config import IngestOptions, load_config
from rashomon.ingest.files import read_inputs
from rashomon.model import Article, Document
from rashomon.pipeline import Pipeline, load_builtin_stages

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "rashomon" / "data" / "demo"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
RESULT = ROOT / "benchmarks" / "results" / "events.json"


def _articles() -> list[Article]:
    paths = [str(DEMO)] + ([str(SEEDS)] if SEEDS.is_dir() else [])
    return [item.article for item in read_inputs(paths, IngestOptions()) if hasattr(item, "article")]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5, help="times the event stage runs over the corpus")
    args = parser.parse_args()
    load_builtin_stages()
    from rashomon.extract.events import extract_events
    from rashomon.nlp.parse import load_model

    stages = ["nlp.spacy.v1", "nlp.dates.v1", "extract.entities.v1"]
    stages += [s for s in load_config().stages if s.startswith("extract.actors")]
    pipeline = Pipeline(load_config(overrides={"pipeline": {"stages": stages}}))
    articles = _articles()
    load_model()
    started = time.perf_counter()
    docs: list[Document] = pipeline.annotate_many(articles)
    parse_seconds = time.perf_counter() - started
    sentences = sum(len(d.sentences) for d in docs)
    extract_events(docs[0])  # load the verb table and the classifier before timing
    started = time.perf_counter()
    events = 0
    for _ in range(args.repeat):
        events = sum(len(extract_events(d)) for d in docs)
    seconds = time.perf_counter() - started
    result = {
        "stage": "extract.events.v1",
        "articles": len(docs),
        "sentences": sentences,
        "events": events,
        "repeat": args.repeat,
        "seconds": round(seconds, 3),
        "sentences_per_second": round(sentences * args.repeat / seconds, 1),
        "articles_per_second": round(len(docs) * args.repeat / seconds, 1),
        "parse_and_annotate_sentences_per_second": round(sentences / parse_seconds, 1),
        "cpu_count": os.cpu_count(),
        # The machine is shared: a load above the core count slows every figure here.
        "load_average_1min": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"extract.events.v1: {result['sentences_per_second']} sentences/s "
        f"({result['articles_per_second']} articles/s) over {sentences} sentences × {args.repeat}; "
        f"parse+dates+entities: {result['parse_and_annotate_sentences_per_second']} sentences/s"
    )
    print(f"wrote {RESULT}")


if __name__ == "__main__":
    main()
