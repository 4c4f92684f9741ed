"""Load test of the running server: ``GET /api/events`` over 1 M stored events, through real HTTP on loopback.

    python benchmarks/bench_load.py --db /tmp/eventwatch-1m.db            # builds the store (minutes), then runs
    python benchmarks/bench_load.py --db /tmp/eventwatch-1m.db --reuse    # reuses a store built before

The store is filled as in bench_api.py. ``eventwatch serve`` runs as a subprocess on 127.0.0.1 (a free port,
with 1 and then 2 uvicorn workers, $EVENTWATCH_RATE_LIMIT=0 so a rate limiter does not shape the figures);
the load comes from a separate client process (httpx, asyncio): a bounded number of requests with a time cap,
first a mix of the query shapes at several concurrencies, then each shape alone. Every non-2xx answer or
connection error is an error and is printed. Client and server CPU use are reported beside the figures (on a
small machine they share the cores), and the server's CPU milliseconds per request, which a busy machine does
not inflate the way it inflates latency.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from urllib.parse import urlencode

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).parent))

from bench_api import QUERIES
from load_driver import LoadResult, run_load

from eventwatch.store import open_store

RATE_LIMIT_ENV = "EVENTWATCH_RATE_LIMIT"  # "0" disables the API's rate limiter


@dataclass(frozen=True)
class Server:
    url: str
    process: psutil.Process

    def cpu_seconds(self) -> float:
        """User + system CPU of the server and its worker processes so far."""
        total = 0.0
        for proc in [self.process, *self.process.children(recursive=True)]:
            try:
                times = proc.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
        return total


def events_paths(limit: int = 50) -> dict[str, str]:
    """The query shapes of bench_api.py as request paths."""
    return {label: "/api/events?" + urlencode({"limit": limit, **params}) for label, params in QUERIES.items()}


def prepare_store(path: Path, events: int, articles: int, reuse: bool) -> None:
    if path.exists() and reuse:
        with open_store(str(path)) as store:
            stored = store.counts()["events"]
        if stored == events:
            print(f"reusing {path}: {stored} events")
            return
        print(f"{path} holds {stored} events, not {events}: rebuilding")
    for stale in path.parent.glob(path.name + "*"):  # the database and its -wal/-shm files
        stale.unlink()
    from bench_api import fill  # only here: the client process imports this module too

    started = time.perf_counter()
    with open_store(str(path)) as store:
        fill(store, events, articles)
    print(f"filled {events} events into {path} in {time.perf_counter() - started:.0f} s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_command(db: Path, port: int, workers: int) -> list[str]:
    script = Path(sys.executable).with_name("eventwatch")
    if not script.exists():
        found = shutil.which("eventwatch")
        if found is None:
            raise SystemExit("the eventwatch command is not installed next to this Python or on PATH")
        script = Path(found)
    return [str(script), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(workers)]


@contextmanager
def running_server(db: Path, workers: int = 1, log_path: Path | None = None,
                   ready_within: float = 120.0) -> Iterator[Server]:
    """``eventwatch serve`` in its own process group; yields once the events endpoint answers."""
    port = free_port()
    env = {**os.environ, RATE_LIMIT_ENV: "0"}
    env.pop("EVENTWATCH_API_TOKEN", None)  # read-only server: the write routes are not under test
    log_path = log_path or db.with_name(db.name + f".server-{workers}w.log")
    with open(log_path, "w") as log:
        process = subprocess.Popen(serve_command(db, port, workers), env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(url, process, log_path, ready_within)
        yield Server(url, psutil.Process(process.pid))
    finally:
        stop(process)


def wait_until_ready(url: str, process: subprocess.Popen, log_path: Path, within: float) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log_path.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/api/events?limit=1", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass  # not listening yet
        time.sleep(0.2)
    raise RuntimeError(f"server not ready within {within:.0f} s:\n{log_path.read_text()[-2000:]}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)  # uvicorn's supervisor and its workers share the group
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


HEADER = (f"{'scenario':46s} {'C':>3s} {'reqs':>5s} {'err':>4s} {'req/s':>7s} {'p50':>7s} {'p90':>7s} {'p99':>7s} "
          f"{'max':>7s} {'client':>6s} {'server':>6s} {'srv ms/req':>10s}")


def report(result: LoadResult, server_cpu_seconds: float) -> str:
    if not result.latencies_ms:
        return f"{result.scenario:46s} {result.concurrency:3d} {result.requests:5d} {len(result.errors):4d} none ok"
    cut = " (time cap)" if result.cut_by_time else ""
    return (f"{result.scenario:46s} {result.concurrency:3d} {result.requests:5d} {len(result.errors):4d} "
            f"{result.per_second:7.1f} {result.percentile(50):7.1f} {result.percentile(90):7.1f} "
            f"{result.percentile(99):7.1f} {max(result.latencies_ms):7.1f} "
            f"{100 * result.client_cpu_share:5.0f}% {100 * server_cpu_seconds / result.wall_seconds:5.0f}% "
            f"{1000 * server_cpu_seconds / result.requests:10.1f}{cut}")


def measure(client: ProcessPoolExecutor, server: Server, scenario: str, paths: list[str], total: int,
            concurrency: int, max_seconds: float) -> LoadResult:
    cpu_before = server.cpu_seconds()
    result = client.submit(run_load, server.url, paths, total, concurrency, max_seconds, scenario).result()
    print(report(result, server.cpu_seconds() - cpu_before), flush=True)
    for reason, count in result.error_summary():
        print(f"    error ×{count}: {reason}")
    return result


def run(db: Path, workers: int, args: argparse.Namespace) -> list[LoadResult]:
    paths = events_paths()
    results = []
    with running_server(db, workers) as server, \
            ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as client:
        print(f"\n== eventwatch serve --workers {workers} at {server.url}; client in its own process ==")
        # Warm the page cache for every shape (and, with several workers, most of them) before timing.
        client.submit(run_load, server.url, list(paths.values()), 4 * len(paths), workers, 300, "warm-up").result()
        # CPU per request is the figure that survives a busy machine: a starved server answers slowly
        # but spends the same CPU per answer, so 1000 / (ms per request) is what one free core would serve.
        print(HEADER + "   (latencies in ms; CPU as % of one core)")
        for concurrency in args.concurrency:
            results.append(measure(client, server, "mix of all shapes", list(paths.values()), args.requests,
                                   concurrency, args.max_seconds))
        for label, path in paths.items():
            results.append(measure(client, server, label, [path], args.class_requests, args.class_concurrency,
                                   args.class_max_seconds))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="SQLite file for the generated store")
    parser.add_argument("--reuse", action="store_true", help="reuse --db when it already holds --events events")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=2000, help="requests per mixed-load run")
    parser.add_argument("--max-seconds", type=float, default=90, help="time cap per mixed-load run")
    parser.add_argument("--concurrency", type=lambda s: [int(c) for c in s.split(",")], default=[1, 8, 32])
    parser.add_argument("--class-requests", type=int, default=200, help="requests per single-shape run")
    parser.add_argument("--class-concurrency", type=int, default=8)
    parser.add_argument("--class-max-seconds", type=float, default=30)
    parser.add_argument("--workers", type=lambda s: [int(w) for w in s.split(",")], default=[1, 2])
    args = parser.parse_args()

    prepare_store(args.db, args.events, args.articles, args.reuse)
    print(f"machine: {os.cpu_count()} cores shared by client, server and anything else running; "
          f"load average {os.getloadavg()[0]:.1f} at start")
    errors = 0
    for workers in args.workers:
        errors += sum(len(r.errors) for r in run(args.db, workers, args))
    print(f"\ntotal errors: {errors}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
