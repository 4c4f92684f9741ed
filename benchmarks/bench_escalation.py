"""Escalation index latency over a large store: one actor pair (and one actor) over five years of days.

    python benchmarks/bench_escalation.py --events 1000000

Fills a SQLite store with bench_api.py's generated events (20 countries × 5 roles, 16 types, 5 years), then
times ``escalation_index`` (the store queries, the daily series, baselines, spikes, records and the evidence
of spike drivers) and ``GET /api/escalation`` through the ASGI app, and prints the median and worst times.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from bench_api import fill
from fastapi.testclient import TestClient

from eventwatch.api import create_app
from eventwatch.escalation.index import escalation_index
from eventwatch.store import open_store

SINCE, UNTIL = dt.date(2020, 1, 1), dt.date(2024, 12, 4)  # the generated events' five years
SCOPES = {"PRK ↔ USA (both directions)": ("PRK", "USA", False), "PRKMIL → USA (one way)": ("PRKMIL", "USA", True),
          "PRK (events it initiates)": ("PRK", None, False)}


def timed(run, repeat: int) -> tuple[float, float, float]:
    """(median wall ms, worst wall ms, median CPU ms): on a shared machine the CPU time is the steadier figure."""
    run()  # warm the page cache for this shape
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), max(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--db", help="keep the generated store here (filled only when it is new)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(args.db or str(Path(tmp) / "escalation.db"))
        if not store.counts()["events"]:
            started = time.perf_counter()
            fill(store, args.events, args.articles)
            print(f"filled {args.events} events in {time.perf_counter() - started:.0f} s")
        client = TestClient(create_app(store))
        print(f"{'scope, 2020-01-01 … 2024-12-04':34s} {'events':>7s} {'days':>5s} {'spikes':>6s} "
              f"{'function ms: p50 max cpu':>26s} {'API ms: p50 max cpu':>22s}")
        for label, (actor, target, directed) in SCOPES.items():
            def run(actor=actor, target=target, directed=directed):
                return escalation_index(store, actor, target, directed=directed, since=SINCE, until=UNTIL)
            index = run()
            params = {"actor": actor, "since": SINCE.isoformat(), "until": UNTIL.isoformat(), "directed": directed,
                      **({"target": target} if target else {})}

            def call(params=params):
                response = client.get("/api/escalation", params=params)
                assert response.status_code == 200, response.text
            function_ms, api_ms = timed(run, args.repeat), timed(call, args.repeat)
            print(f"{label:34s} {sum(d.events for d in index.days):7d} {len(index.days):5d} {len(index.spikes):6d} "
                  f"{function_ms[0]:13.0f} {function_ms[1]:5.0f} {function_ms[2]:5.0f} "
                  f"{api_ms[0]:11.0f} {api_ms[1]:5.0f} {api_ms[2]:5.0f}")
        store.close()


if __name__ == "__main__":
    main()
