"""The load benchmark's driver and server harness, on a tiny store, so the benchmark code cannot rot."""

import asyncio

import httpx
import pytest
from bench_load import events_paths, prepare_store, running_server
from load_driver import drive, percentile, run_load

from eventwatch.api import create_app
from eventwatch.store import open_store


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(100, 0, -1)]  # unsorted on purpose
    assert percentile(values, 50) == 50.0
    assert percentile(values, 99) == 99.0
    assert percentile(values, 100) == 100.0
    assert percentile([7.0], 99) == 7.0
    with pytest.raises(ValueError):
        percentile([], 50)


def _drive_in_process(db, paths, total, concurrency, max_seconds=30.0):
    async def go():
        with open_store(str(db)) as store:
            transport = httpx.ASGITransport(app=create_app(store))
            async with httpx.AsyncClient(transport=transport, base_url="http://eventwatch.test") as client:
                return await drive(client, paths, total, concurrency, max_seconds=max_seconds, scenario="smoke")

    return asyncio.run(go())


def test_every_query_shape_answers_without_errors_and_figures_come_from_timings(small_event_db):
    paths = list(events_paths().values())
    result = _drive_in_process(small_event_db, paths, total=3 * len(paths), concurrency=4)

    assert result.errors == []
    assert result.requests == 3 * len(paths) and not result.cut_by_time
    assert all(latency > 0 for latency in result.latencies_ms)
    p50, p90, p99 = result.percentile(50), result.percentile(90), result.percentile(99)
    assert p50 in result.latencies_ms and p99 in result.latencies_ms
    assert min(result.latencies_ms) <= p50 <= p90 <= p99 <= max(result.latencies_ms)
    assert result.per_second == pytest.approx(result.requests / result.wall_seconds)


def test_bad_answers_are_counted_as_errors_with_their_reason(small_event_db):
    good = "/api/events?limit=5"
    bad = "/api/events?bbox=not-a-box"
    result = _drive_in_process(small_event_db, [good, bad], total=10, concurrency=2)

    assert result.requests == 10
    assert len(result.errors) == 5 and len(result.latencies_ms) == 5
    assert all(reason.startswith("HTTP 4") and "bbox=not-a-box" in reason for reason in result.errors)


def test_time_cap_ends_the_run_before_the_request_count(small_event_db):
    result = _drive_in_process(small_event_db, ["/api/events?limit=5"], total=100_000, concurrency=2,
                               max_seconds=0.5)
    assert result.cut_by_time and 0 < result.requests < 100_000
    assert result.wall_seconds < 5  # the requests in flight at the cap finish; no new ones start


def test_the_real_server_process_serves_the_load_on_loopback(small_event_db):
    with running_server(small_event_db, workers=1, ready_within=60) as server:
        assert server.url.startswith("http://127.0.0.1:")
        result = run_load(server.url, list(events_paths().values()), total=24, concurrency=4, max_seconds=30)
        assert server.cpu_seconds() > 0
    assert result.errors == [] and result.requests == 24
    assert result.percentile(50) <= result.percentile(99)


def test_a_store_is_reused_only_when_it_holds_the_asked_number_of_events(small_event_db, capsys):
    prepare_store(small_event_db, events=400, articles=40, reuse=True)
    assert "reusing" in capsys.readouterr().out
    with open_store(str(small_event_db)) as store:
        assert store.counts()["events"] == 400
