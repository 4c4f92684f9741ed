"""Operating figures: how long `doctor` (every integrity check) and `backup` take on a store of N generated articles.

    python benchmarks/bench_operations.py --articles 1000 [--db postgresql://…]   # SQLite in a temp dir by default
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import corpus

from eventwatch.pipeline.run import ingest_documents
from eventwatch.store import open_store
from eventwatch.store.backup import backup_sqlite, sqlite_path
from eventwatch.store.integrity import diagnose_location


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--db", help="store to fill (default: a new SQLite file in a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        location = args.db or str(Path(tmp) / "ops.db")
        with open_store(location) as store:
            started = time.perf_counter()
            ingest_documents(corpus(args.articles), store)
            ingest_seconds = time.perf_counter() - started
        started = time.perf_counter()
        diagnosis = diagnose_location(location)
        doctor_seconds = time.perf_counter() - started
        counts = diagnosis.counts
        print(f"store: {counts['articles']} articles, {counts['events']} events, {counts['mentions']} mentions "
              f"(ingested in {ingest_seconds:.1f} s)")
        print(f"doctor: {doctor_seconds:.2f} s, {'clean' if diagnosis.clean else diagnosis.problems}")
        source = sqlite_path(location)
        if source is not None:
            started = time.perf_counter()
            result = backup_sqlite(source, Path(tmp) / "backup.db")
            print(f"backup (copy + every check of the copy): {time.perf_counter() - started:.2f} s, "
                  f"{result.size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
