"""Single process vs Dask: pages/s, speed-up and peak memory per worker on generated wire copy.

    python benchmarks/bench_dask.py --articles 4000 --workers 2

Both runs analyse the same generated articles; ``--store`` also stores them (the driver is then the single
writer and usually the bottleneck), otherwise the events go to month-partitioned Parquet only, which shows
the analysis' own scaling. Worker start-up (loading the dictionaries and the gazetteer) is included.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import corpus

from eventwatch.pipeline.dask import ingest_dask
from eventwatch.store import open_store


def run(n: int, workers: int, store_results: bool, tmp: Path, label: str) -> float:
    store = open_store(str(tmp / f"{label}.db")) if store_results else None
    peaks: dict[str, float] = {}
    started = time.perf_counter()
    summary = ingest_dask(corpus(n), store, tmp / f"{label}-parquet", workers=workers, worker_peaks=peaks)
    seconds = time.perf_counter() - started
    if store is not None:
        store.close()
    print(f"{label:>16s}: {n} articles in {seconds:6.1f} s = {n / seconds:6.1f} articles/s "
          f"({summary.events} events)" + (f"; peak RSS per worker: {', '.join(f'{v:.0f} MB' for v in peaks.values())}"
                                          if peaks else ""), flush=True)
    return n / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--store", action="store_true", help="also store in SQLite (single writer)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        single = run(args.articles, 0, args.store, Path(tmp), "single process")
        scaled = run(args.articles, args.workers, args.store, Path(tmp), f"dask {args.workers} workers")
    print(f"speed-up: {scaled / single:.2f}x on {args.workers} workers; driver peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
