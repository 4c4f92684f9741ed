"""Bounded HTTP load against the events endpoint: a fixed number of requests, a time cap, C in flight.

Pure Python (httpx, asyncio). Each request's latency is timed on the client; any non-2xx answer or transport
error counts as an error and is kept with its reason. The client's own CPU time is measured too, so a report
can show whether the client (rather than the server) was the bottleneck.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx


@dataclass(frozen=True)
class LoadResult:
    scenario: str
    concurrency: int
    planned: int  # requests asked for; fewer are sent when the time cap ends the run first
    latencies_ms: list[float]  # of the requests answered 2xx
    errors: list[str] = field(default_factory=list)  # one reason per failed request
    wall_seconds: float = 0.0
    client_cpu_seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies_ms) + len(self.errors)

    @property
    def cut_by_time(self) -> bool:
        return self.requests < self.planned

    @property
    def per_second(self) -> float:
        return self.requests / self.wall_seconds if self.wall_seconds else 0.0

    @property
    def client_cpu_share(self) -> float:
        """Client CPU seconds per wall second: near 1.0 means the (single-threaded) client was saturated."""
        return self.client_cpu_seconds / self.wall_seconds if self.wall_seconds else 0.0

    def percentile(self, p: float) -> float:
        return percentile(self.latencies_ms, p)

    def error_summary(self) -> list[tuple[str, int]]:
        return Counter(self.errors).most_common()


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value with at least p % of the values at or below it."""
    if not values:
        raise ValueError("no latencies to take a percentile of")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


async def drive(client: httpx.AsyncClient, paths: list[str], total: int, concurrency: int, max_seconds: float,
                scenario: str = "") -> LoadResult:
    """Send ``total`` GETs cycling through ``paths`` with ``concurrency`` in flight; stop early at ``max_seconds``."""
    latencies: list[float] = []
    errors: list[str] = []
    issued = 0
    started = time.perf_counter()
    cpu_started = time.process_time()
    deadline = started + max_seconds

    async def user() -> None:
        nonlocal issued
        while issued < total and time.perf_counter() < deadline:
            path = paths[issued % len(paths)]
            issued += 1  # single-threaded event loop: no race between the test and the increment
            t0 = time.perf_counter()
            try:
                response = await client.get(path)
                await response.aread()
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__}: {exc} ({path})")
                continue
            elapsed_ms = (time.perf_counter() - t0) * 1000
            if 200 <= response.status_code < 300:
                latencies.append(elapsed_ms)
            else:
                errors.append(f"HTTP {response.status_code}: {response.text[:120]} ({path})")

    await asyncio.gather(*(user() for _ in range(concurrency)))
    return LoadResult(scenario, concurrency, total, latencies, errors, time.perf_counter() - started,
                      time.process_time() - cpu_started)


def run_load(base_url: str, paths: list[str], total: int, concurrency: int, max_seconds: float,
             scenario: str = "") -> LoadResult:
    """Entry point for the client process: its own event loop and connection pool (keep-alive, C connections)."""

    async def main() -> LoadResult:
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        async with httpx.AsyncClient(base_url=base_url, timeout=120.0, limits=limits) as client:
            return await drive(client, paths, total, concurrency, max_seconds, scenario)

    return asyncio.run(main())
