"""Live polling at scale: 500 feeds on 500 loopback hosts (feed_farm.py, in its own process), new items appearing at
random times, a few hosts that hang, a few whose pages always fail, pages that hang and pages that are 404 for a
while after their item appears. The live poller runs at its defaults (except ``--interval``) into a SQLite store.

Measured: for every item that can be stored, the time from its appearance on the farm to it and its events being
queryable in the store (a probe queries the store every 0.25 s; an article and its events are saved in one
transaction; the few pages in which the coder finds no event are counted apart), p50 / p95 / max; what became
of the items that cannot be stored; requests by kind (304s, robots.txt); model load time; then CPU and resident
memory while idle over all the feeds (every item appeared, only 304s and hung hosts left).

    python benchmarks/bench_live.py                     # 500 feeds, 300 items over 300 s, 60 s idle
    python benchmarks/bench_live.py --feeds 50 --items 20 --duration 30 --idle 10   # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from feed_farm import FarmPlan, FeedFarm, PlannedItem
from memory_sampler import current_rss_mb
from sqlalchemy import text

from eventwatch.ingest.http import FetchPolicy
from eventwatch.live.runner import LiveRunner
from eventwatch.live.settings import LiveSettings
from eventwatch.store import open_store
from eventwatch.store.feeds import add_feed

# An article and its events are saved in one transaction: once its URL is here, its events are queryable too.
QUERYABLE = text("SELECT a.url, EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = a.id) FROM articles a")


class Probe(threading.Thread):
    """Asks the store which pages are stored, every ``every`` seconds, and notes when each first was and whether
    any event was coded in it."""

    def __init__(self, db_url: str, every: float = 0.25) -> None:
        super().__init__(daemon=True, name="probe")
        self.store = open_store(db_url)
        self.every = every
        self.first_seen: dict[str, float] = {}
        self.with_events: set[str] = set()
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.wait(self.every):
            with self.store.engine.connect() as conn:
                rows = conn.execute(QUERYABLE).all()
            now = time.time()
            for url, has_events in rows:
                self.first_seen.setdefault(url, now)
                if has_events:
                    self.with_events.add(url)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


def main() -> None:
    args = parse_args()
    plan = FarmPlan(feeds=args.feeds, items=args.items, duration=args.duration, warmup=args.warmup, seed=args.seed,
                    initial_items=args.initial)
    settings = LiveSettings(interval=args.interval)
    policy = FetchPolicy(use_env_proxies=False)
    workdir = Path(tempfile.mkdtemp(prefix="bench-live-"))
    db_url = f"sqlite:///{workdir / 'live.db'}"
    with FeedFarm(plan) as farm, open_store(db_url) as store:
        for url in farm.feed_urls():
            add_feed(store, url)
        runner = LiveRunner(store, settings, policy)
        started = time.monotonic()
        runner.start()
        model_load = time.monotonic() - started
        probe = Probe(db_url)
        probe.start()
        items = [i for i in farm.items() if i.appear_at > 0]
        end_of_items = farm.started_at + plan.warmup + plan.duration
        wait_until(lambda: time.time() > end_of_items + args.drain
                   or delivered(items, probe, farm.started_at) == deliverable(items))
        idle = measure_idle(args.idle)
        stats = farm.stats()
        runner.stop()
        probe.halt.set()
    report(args, items, probe, farm.started_at, model_load, idle, stats, runner)


def deliverable(items: list[PlannedItem]) -> int:
    return sum(1 for i in items if i.fault in ("", "late"))


def delivered(items: list[PlannedItem], probe: Probe, start: float) -> int:
    return sum(1 for i in items if i.page_url in probe.first_seen)


def wait_until(done, step: float = 1.0) -> None:
    while not done():
        time.sleep(step)


def measure_idle(seconds: float) -> dict[str, float]:
    cpu, wall = cpu_seconds(), time.monotonic()
    rss = [current_rss_mb()]
    while time.monotonic() - wall < seconds:
        time.sleep(min(1.0, seconds))
        rss.append(current_rss_mb())
    spent = time.monotonic() - wall
    return {"seconds": round(spent, 1), "cpu_percent": round(100 * (cpu_seconds() - cpu) / spent, 1),
            "rss_mb": round(statistics.mean(rss), 1), "rss_max_mb": round(max(rss), 1)}


def report(args, items, probe, start, model_load, idle, stats, runner) -> None:
    latencies = [probe.first_seen[i.page_url] - (start + i.appear_at) for i in items
                 if i.fault in ("", "late") and i.page_url in probe.first_seen]
    late = [probe.first_seen[i.page_url] - (start + i.appear_at) for i in items
            if i.fault == "late" and i.page_url in probe.first_seen]
    missing = Counter(i.fault or "healthy" for i in items if i.page_url not in probe.first_seen)
    s = runner.summary
    result = {
        "machine": f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the end",
        "feeds": args.feeds, "items": len(items), "deliverable": deliverable(items), "delivered": len(latencies),
        "interval_s": args.interval, "model_load_s": round(model_load, 2),
        "latency_s": {"p50": round(percentile(latencies, 0.5), 1), "p95": round(percentile(latencies, 0.95), 1),
                      "max": round(max(latencies, default=float("nan")), 1)},
        "late_pages_latency_s": [round(x, 1) for x in sorted(late)],
        "not_queryable_by_fault": dict(missing),
        "stored_without_events": sum(1 for i in items if i.page_url in probe.first_seen
                                     and i.page_url not in probe.with_events),
        "poller": {"feed_polls": s.feeds, "not_modified": s.not_modified, "feed_errors": dict(s.feed_errors),
                   "pages_fetched": s.fetched, "retries_scheduled": s.retry_later, "gave_up": dict(s.gave_up),
                   "stored": s.ingest.stored, "events": s.ingest.events, "skipped": dict(s.ingest.skipped),
                   "robots_requests": runner.fetcher.robots_requests},
        "farm_requests": stats, "idle": idle,
    }
    print(json.dumps(result, indent=2))
    ok = result["latency_s"]["p95"] < 60 and len(latencies) == deliverable(items)
    print(f"p95 {result['latency_s']['p95']} s (target < 60 s); {len(latencies)}/{deliverable(items)} storable "
          f"items queryable: {'OK' if ok else 'NOT MET'}")
    if not ok:
        sys.exit(1)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--duration", type=float, default=300.0, help="seconds over which the items appear")
    parser.add_argument("--warmup", type=float, default=20.0)
    parser.add_argument("--interval", type=float, default=30.0, help="seconds between polls of one feed")
    parser.add_argument("--drain", type=float, default=120.0, help="seconds allowed after the last item appears")
    parser.add_argument("--idle", type=float, default=60.0, help="seconds of idle polling measured at the end")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--initial", type=int, default=0,
                        help="items each feed already lists at the start (a backlog analysed before new items)")
    return parser.parse_args()


if __name__ == "__main__":
    main()
