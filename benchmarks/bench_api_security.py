"""What the protections cost per request, and how cheap a refusal is.

    python benchmarks/bench_api_security.py --requests 2000

Over the demo store, through the ASGI app (FastAPI's test client): the median time of a small API read and of
a static file with the rate limiter off and on (security headers and the body limit are always on), and of a
refused request (429 from the limiter, 413 from a declared oversized body).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eventwatch.api import create_app
from eventwatch.cli import app as cli


def median_ms(client: TestClient, requests: int, method: str, path: str, **kwargs) -> tuple[float, int]:
    times, status = [], 0
    for _ in range(requests):
        start = time.perf_counter()
        status = client.request(method, path, **kwargs).status_code
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    db = str(Path(tempfile.mkdtemp(prefix="ew-bench-sec-")) / "demo.db")
    assert CliRunner().invoke(cli, ["demo", "--db", db]).exit_code == 0
    off = TestClient(create_app(db, token="t", rate_limit=0))
    on = TestClient(create_app(db, token="t", rate_limit=10**9, write_rate_limit=10**9))
    spent = TestClient(create_app(db, token="t", rate_limit=1))
    spent.get("/api/stories")
    rows = [
        ("GET /api/stories?limit=1, limiter off", off, "GET", "/api/stories", {"params": {"limit": 1}}),
        ("GET /api/stories?limit=1, limiter on", on, "GET", "/api/stories", {"params": {"limit": 1}}),
        ("GET /static/app.js, limiter off", off, "GET", "/static/app.js", {}),
        ("GET /static/app.js, limiter on", on, "GET", "/static/app.js", {}),
        ("refused: over the rate limit", spent, "GET", "/api/stories", {}),
        ("refused: Content-Length 100 MB", off, "POST", "/api/articles",
         {"content": b"{}", "headers": {"Content-Length": str(100 * 1024 * 1024)}}),
    ]
    print(f"{'request':45} {'median ms':>10} status  ({args.requests} requests each)")
    for label, client, method, path, kwargs in rows:
        ms, status = median_ms(client, args.requests, method, path, **kwargs)
        print(f"{label:45} {ms:10.3f} {status}")


if __name__ == "__main__":
    main()
