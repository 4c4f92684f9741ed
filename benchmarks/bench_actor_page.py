"""Actor page latency over a large store: ``GET /api/actors/{code}`` and one counterpart's escalation summary.

    python benchmarks/bench_actor_page.py --events 1000000

Fills a SQLite store with bench_api.py's generated events (20 countries × 5 roles, 16 types, 5 years), then times
the actor page's requests through the ASGI app: a country (PRK: every PRK… code, each direction its own query), one
of its role codes, and the escalation summary of one pair, which the page asks for once per counterpart shown.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bench_api import fill
from fastapi.testclient import TestClient

from eventwatch.api import create_app
from eventwatch.store import open_store

PATHS = {"country PRK": "/api/actors/PRK", "role PRKMIL": "/api/actors/PRKMIL",
         "country USA by year": "/api/actors/USA?interval=year",
         "pair summary PRK ↔ USA": "/api/actors/PRK/escalation/USA"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "actors.db"))
        started = time.perf_counter()
        fill(store, args.events, args.articles)
        print(f"filled {args.events} events in {time.perf_counter() - started:.0f} s")
        client = TestClient(create_app(store, rate_limit=0))
        print(f"{'request':32s} {'p50 ms':>8s} {'max ms':>8s}")
        for label, path in PATHS.items():
            client.get(path)  # warm the page cache for this shape
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, response.text
            print(f"{label:32s} {statistics.median(times):8.1f} {max(times):8.1f}")
        store.close()


if __name__ == "__main__":
    main()
