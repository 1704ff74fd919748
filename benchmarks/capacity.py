"""How many articles a day one machine handles, and how many Ray workers a daily volume needs.

Reads the figures ``rashomon bench`` wrote (``benchmarks/results/bench.json`` by default) and
prints a capacity table. Per-worker throughput comes from CPU time per article (which hardly
depends on what else runs on the machine); the driver's share (ingest, storing results, the
corpus stages) is what one process must keep up with however many workers analyse.

    python benchmarks/capacity.py                       # the default volumes
    python benchmarks/capacity.py --daily 250000 --daily 2000000
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

DAY = 86_400
#: Ray workers rarely reach their one-worker rate times N; the measured 1 → 2 speedup on
#: this machine sets the efficiency when present, else this share is assumed.
DEFAULT_EFFICIENCY = 0.9


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("results", nargs="?", default="benchmarks/results/bench.json")
    parser.add_argument("--daily", type=int, action="append", help="Articles a day to plan for (repeatable).")
    args = parser.parse_args()
    results = json.loads(Path(args.results).read_text(encoding="utf-8"))
    size = max(results["sizes"], key=lambda s: s["articles"])
    pipe = size["pipeline"]
    n = size["articles"]
    # CPU seconds per article of the whole run (driver and workers): what a worker must spend,
    # counted generously since the driver's share is in it too.
    worker_s = pipe["cpu_s_per_article"]
    store_s = pipe["stages"].get("store", {}).get("seconds", 0.0)
    driver_s = (pipe["phases"]["ingest"] + store_s + pipe["phases"]["corpus"]) / n
    ray = results.get("ray") or {}
    efficiency = min(1.0, ray["speedup"] / 2) if "speedup" in ray else DEFAULT_EFFICIENCY
    print(f"from {args.results} (N = {n:,}, {results['machine']['cpus']} CPUs)")
    print(f"CPU per article: {worker_s * 1000:.0f} ms -> {DAY / worker_s:,.0f} articles/day per worker")
    print(
        f"driver (ingest, storing, corpus stages): {driver_s * 1000:.1f} ms per article "
        f"-> at most {DAY / max(driver_s, 1e-9):,.0f} articles/day through one store"
    )
    print(
        f"this machine, {pipe['workers']} workers, measured: {pipe['articles_per_s'] * DAY:,.0f} articles/day"
    )
    print(f"Ray scaling efficiency used: {efficiency:.2f}")
    for daily in args.daily or [100_000, 250_000, 1_000_000, 5_000_000]:
        workers = math.ceil(daily * worker_s / (DAY * efficiency))
        note = "" if daily * driver_s <= DAY else "  (more than one driver keeps up with: shard the input)"
        print(f"  {daily:>10,} articles/day -> {workers:>4} Ray workers (1 CPU each){note}")


if __name__ == "__main__":
    main()
