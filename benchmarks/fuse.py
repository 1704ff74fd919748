"""Scaling benchmark for event fusion: 1k, 10k and 100k synthetic event reports.

Usage::

    PYTHONPATH=src python benchmarks/fuse.py [--sizes 1000 10000 100000] [--encoder hashing]

Generates reports of synthetic real-world events the way news tells them — several outlets per
event, dates off by a day or given only to the month, actors named with or without a code, places
left out, conflicting figures, denials, syndicated copies — times :func:`cluster_events` at each
size, fits the growth exponent of time against n, checks it against n log n, scores the clusters
against the known truth (B³ and pairwise precision/recall) and writes
``benchmarks/results/fuse.json``. Also times an incremental re-fusion after 1 % new reports.

The density of the synthetic corpus is constant (about 60 reports a day), so a larger n is a longer
crisis, as in a real archive, rather than more reports of the same days.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from rashomon.evaluate.conll import b_cubed
from rashomon.fuse.events import EventFusionOptions, cluster_events
from rashomon.model import ActorRef, Article, Count, Event, Evidence

HERE = Path(__file__).resolve().parent
OUT = HERE / "results" / "fuse.json"

TYPES = ["ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "SANCTION", "PROTEST", "ACCUSE", "REJECT",
         "REQUEST", "CONSULT", "AGREE", "SUPPORT", "AID", "COOPERATE", "RETREAT", "CONCEDE"]  # fmt: skip
TRIGGERS = {t: [t.lower(), t.lower() + "ed", "reported " + t.lower()] for t in TYPES}
COUNTRIES = [f"C{i:02d}" for i in range(60)]
SECTORS = ["GOV", "MIL", "CIV", "REB", "POL"]
REPORTS_PER_DAY = 60
BASE = 738000  # a day ordinal (2021-07-…)


def actor_pool(rng: random.Random) -> list[tuple[str, str, list[str]]]:
    pool = []
    for c in COUNTRIES:
        for s in SECTORS:
            name = f"{c} {s.lower()} body"
            pool.append((name, c + s, [name, f"the {name}", f"{c}'s {s.lower()}", name.upper()]))
    rng.shuffle(pool)
    return pool


def generate(n: int, seed: int = 7) -> tuple[list[Event], list[Article], list[str]]:
    """Return ``n`` reports, their articles, and the true event of each report."""
    rng = random.Random(seed)
    actors = actor_pool(rng)
    places = [f"Place {i}" for i in range(400)]
    days = max(10, n // REPORTS_PER_DAY)
    events: list[Event] = []
    articles: list[Article] = []
    truth: list[str] = []
    real = 0
    while len(events) < n:
        real += 1
        etype = rng.choice(TYPES)
        day = BASE + rng.randrange(days)
        src, dst = rng.sample(actors, 2)
        place = rng.choice(places)
        toll = rng.randint(1, 60)
        for _ in range(min(n - len(events), rng.choice([1, 1, 2, 3, 4, 5, 6, 8]))):
            i = len(events)
            aid = f"art{i:07d}"
            precision, date_day = "day", day
            r = rng.random()
            if r < 0.12:
                date_day = day + rng.choice([-1, 1])
            date: str | None = _iso(date_day)
            if 0.12 <= r < 0.20:
                precision, date = "month", _iso(date_day)[:7]
            elif 0.20 <= r < 0.28:
                precision, date = "", None
            a_name = rng.choice(src[2])
            refs = (ActorRef(a_name, src[1] if rng.random() < 0.7 else ""),)
            recips = (
                (ActorRef(rng.choice(dst[2]), dst[1] if rng.random() < 0.7 else ""),)
                if rng.random() < 0.85
                else ()
            )
            counts: tuple[Count, ...] = ()
            if etype == "ASSAULT" and rng.random() < 0.7:
                value = max(1, round(toll * rng.choice([1, 1, 1, 0.6, 1.5, 2])))
                counts = (Count(value, "killed", rng.choice(["", "", "at least", "nearly"])),)
            trigger = rng.choice(TRIGGERS[etype])
            where = place if rng.random() < 0.7 else "the area"
            text = f"{a_name} {trigger} {recips[0].name if recips else 'others'} in {where}."
            duplicate_of = None
            if articles and rng.random() < 0.05:
                duplicate_of = articles[rng.randrange(max(0, len(articles) - 50), len(articles))].id
            articles.append(
                Article(aid, text, published=_iso(day + rng.randint(0, 2)), duplicate_of=duplicate_of)
            )
            events.append(
                Event(
                    id=f"ev{i:07d}",
                    article_id=aid,
                    type=etype if rng.random() > 0.03 else ("COERCE" if etype == "ASSAULT" else etype),
                    actors=refs,
                    recipients=recips,
                    evidence=(Evidence(aid, 0, 0, len(text), text),),
                    date=date,
                    date_precision=precision,
                    place=place if rng.random() < 0.7 else "",
                    counts=counts,
                    modality="denied" if rng.random() < 0.04 else "asserted",
                    trigger=trigger,
                )
            )
            truth.append(f"real{real}")
    return events, articles, truth


def _iso(day: int) -> str:
    import datetime as dt

    return dt.date.fromordinal(day).isoformat()


def quality(clusters: list, truth: list[str], events: list[Event]) -> dict[str, float]:
    index = {e.id: truth[i] for i, e in enumerate(events)}
    gold: dict[str, list[str]] = defaultdict(list)
    for eid, t in index.items():
        gold[t].append(eid)
    response = [list(c.event_ids) for c in clusters]
    b3 = b_cubed(list(gold.values()), response)
    tp = sum(n * (n - 1) // 2 for c in clusters for n in _counts(index, c.event_ids).values())
    pred_pairs = sum(len(c.event_ids) * (len(c.event_ids) - 1) // 2 for c in clusters)
    gold_pairs = sum(len(g) * (len(g) - 1) // 2 for g in gold.values())
    return {
        "b3_precision": round(b3.precision, 4),
        "b3_recall": round(b3.recall, 4),
        "b3_f1": round(b3.f1, 4),
        "pairwise_precision": round(tp / pred_pairs, 4) if pred_pairs else 1.0,
        "pairwise_recall": round(tp / gold_pairs, 4) if gold_pairs else 1.0,
    }


def _counts(index: dict[str, str], ids: tuple[str, ...]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for eid in ids:
        out[index[eid]] += 1
    return out


def run(sizes: list[int], encoder: str) -> dict[str, object]:
    options = EventFusionOptions(encoder=encoder)
    # Warm up once (imports, the encoder) so the smallest size is not charged for them.
    warm_events, warm_articles, _ = generate(50)
    cluster_events(warm_events, warm_articles, options=options)
    rows = []
    for n in sizes:
        events, articles, truth = generate(n)
        started, cpu = time.perf_counter(), time.process_time()
        clusters = cluster_events(events, articles, options=options)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
        # Incremental: hold back 1 % of reports (the latest articles), fuse, then add them.
        k = max(1, n // 100)
        held = set(range(n - k, n))
        first = cluster_events(
            [e for i, e in enumerate(events) if i not in held],
            [a for i, a in enumerate(articles) if i not in held],
            options=options,
        )
        cpu = time.process_time()
        cluster_events(events, articles, previous=first, options=options)
        incremental = time.process_time() - cpu
        row = {
            "events": n,
            "cpu_seconds": round(cpu_seconds, 3),
            "wall_seconds": round(seconds, 3),
            "events_per_cpu_second": round(n / cpu_seconds),
            "clusters": len(clusters),
            "true_events": len(set(truth)),
            "incremental_cpu_seconds_after_1pct_new": round(incremental, 3),
            **quality(clusters, truth, events),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    ns = np.array([r["events"] for r in rows], dtype=float)
    # CPU time, not wall time: the machine is shared, and waiting for a core is not our cost.
    ts = np.array([r["cpu_seconds"] for r in rows], dtype=float)
    exponent = float(np.polyfit(np.log(ns), np.log(ts), 1)[0]) if len(rows) > 1 else float("nan")
    nlogn = [float(t / (n * math.log(n))) for n, t in zip(ns, ts, strict=True)]
    # No worse than n log n: time per (n log n) must not grow from the smallest to the largest size
    # (25 % allowed for timer noise and cache effects on a shared machine).
    within = bool(nlogn[-1] <= 1.25 * nlogn[0]) if len(rows) > 1 else True
    return {
        "benchmark": "event fusion (fuse.events.v1, cluster_events)",
        "encoder": encoder,
        "sizes": rows,
        "fitted_exponent": round(exponent, 3),
        "cpu_seconds_per_n_log_n": [f"{x:.3e}" for x in nlogn],
        "no_worse_than_n_log_n": within,
        "machine": {
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", nargs="+", type=int, default=[1_000, 10_000, 100_000])
    parser.add_argument("--encoder", default="hashing", help="hashing (default), minilm or none")
    parser.add_argument("--output", default=str(OUT))
    args = parser.parse_args()
    result = run(args.sizes, args.encoder)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    ok = result["no_worse_than_n_log_n"]
    print(f"fitted exponent {result['fitted_exponent']}; no worse than n log n: {ok}")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
