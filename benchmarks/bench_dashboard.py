"""The dashboard's home page on a large store: time from navigation until every view is drawn, in Chromium.

    python benchmarks/bench_dashboard.py --events 1000000 [--db /tmp/dash.db]

Fills a store with generated events (as bench_api.py does; an existing ``--db`` is reused as it is), serves it
with ``eventwatch serve`` in its own process, and loads the home page in headless Chromium (Debian's, as the
browser tests use) ``--repeat`` times: the first load is cold (the server's first queries), later ones warm.
"Ready" is the dashboard's own signal (``body[data-ready=1]``): the facets, timeline, map and table are drawn.
It also prints each API call the home page makes, timed on its own through HTTP, and the time to compute the
home page's counts from nothing (what the server does as it starts, and again at most every 30 s while another
process writes to the store: api/answers.py), in this process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench_api import fill

from eventwatch.store import open_store

CHROMIUM = os.environ.get("EVENTWATCH_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
PORT = 8791


def ensure_store(db: Path, events: int, articles: int) -> None:
    store = open_store(str(db))  # upgrades an older store to the current revision
    try:
        if store.count_events(cap=1) == 0:
            started = time.perf_counter()
            fill(store, events, articles)
            print(f"filled {events:,} events in {time.perf_counter() - started:.0f} s")
        print(f"store: {db} ({db.stat().st_size / 2**20:,.0f} MiB), {store.count_events(cap=events + 1):,} events")
    finally:
        store.close()


def serve(db: Path) -> subprocess.Popen:
    command = [str(Path(sys.executable).with_name("eventwatch")), "serve", "--db", str(db), "--port", str(PORT),
               "--rate-limit", "0"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"the server did not start: {server.stderr.read().decode()[-2000:]}")


def time_page_loads(repeat: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1300, "height": 1000})
            started = time.perf_counter()
            page.goto(f"http://127.0.0.1:{PORT}/")
            page.wait_for_selector("body[data-ready='1']", timeout=120_000)
            times.append(time.perf_counter() - started)
            page.close()
        browser.close()
    return times


def api_calls_of_the_home(page_log: list[str]) -> None:
    for path in page_log:
        started = time.perf_counter()
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}") as response:
            size = len(response.read())
        print(f"  {path:60s} {(time.perf_counter() - started) * 1000:7.0f} ms {size / 1024:8.0f} KiB")


def home_requests() -> list[str]:
    """The API requests the home page makes, as the browser made them."""
    from playwright.sync_api import sync_playwright

    seen: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page()
        page.on("request", lambda r: seen.append(r.url.split(str(PORT), 1)[1]) if "/api/" in r.url else None)
        page.goto(f"http://127.0.0.1:{PORT}/")
        page.wait_for_selector("body[data-ready='1']", timeout=120_000)
        browser.close()
    return seen


def cold_counts(db: Path) -> None:
    """The home page's three counts computed from scratch, as the server's warm-up does (api/answers.py)."""
    from eventwatch.api import geo
    from eventwatch.escalation.index import COUNTED_MODALITIES
    from eventwatch.store.event_query import EventFilter

    store = open_store(str(db))
    everything = EventFilter()
    jobs = {"facets": lambda: store.facets(everything),
            "timeline (auto)": lambda: store.timeline_view(everything, "auto", tuple(sorted(COUNTED_MODALITIES))),
            "map (country totals + newest 2,000 points)":
                lambda: geo.feature_collection(store, everything, 2000, "totals", 10_000)}
    total = 0.0
    for label, job in jobs.items():
        started = time.perf_counter()
        job()
        took = time.perf_counter() - started
        total += took
        print(f"  {label:50s} {took * 1000:7.0f} ms")
    print(f"  {'all three, one after the other':50s} {total * 1000:7.0f} ms")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/eventwatch-bench-dashboard.db"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ensure_store(args.db, args.events, args.articles)
    print("the home page's counts computed from nothing (the server's warm-up):")
    cold_counts(args.db)
    server = serve(args.db)
    try:
        times = time_page_loads(args.repeat)
        print(f"home page ready (s): first {times[0]:.2f}, median of the rest "
              f"{statistics.median(times[1:] or times):.2f}, max {max(times):.2f}; all: "
              + json.dumps([round(t, 2) for t in times]))
        print("the home page's API calls, each alone:")
        api_calls_of_the_home(home_requests())
    finally:
        server.terminate()
        server.wait(timeout=20)
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
