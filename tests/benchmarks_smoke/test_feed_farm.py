"""The live poller against a small feed farm (benchmarks/feed_farm.py, the 500-feed benchmark's server, in its own
process): every storable item becomes queryable, the hung and failing hosts hold nothing else up, unchanged feeds
answer 304 and robots.txt is asked once per host."""

from __future__ import annotations

import time

from bench_live import Probe, deliverable
from feed_farm import FarmPlan, FeedFarm

from eventwatch.ingest.http import FetchPolicy
from eventwatch.live.runner import LiveRunner
from eventwatch.live.settings import LiveSettings
from eventwatch.store import open_store
from eventwatch.store.feeds import add_feed

PLAN = FarmPlan(feeds=12, items=8, duration=4.0, warmup=2.0, initial_items=1, hung_hosts=1, failing_hosts=1,
                hung_pages=1, late_pages=1, late_for=1.5, seed=3)


def test_every_storable_item_of_the_farm_becomes_queryable(tmp_path) -> None:
    db_url = f"sqlite:///{tmp_path / 'live.db'}"
    settings = LiveSettings(interval=1.0, first_retry=1.0, retry_for=60.0)
    policy = FetchPolicy(read_timeout=3.0, connect_timeout=3.0, delay=0.2, use_env_proxies=False)
    with FeedFarm(PLAN) as farm, open_store(db_url) as store:
        for url in farm.feed_urls():
            add_feed(store, url)
        runner = LiveRunner(store, settings, policy)
        runner.start()
        probe = Probe(db_url, every=0.1)
        probe.start()
        items = farm.items()
        storable = [i for i in items if i.fault in ("", "late")]
        deadline = time.time() + 90
        while time.time() < deadline and not all(i.page_url in probe.first_seen for i in storable):
            time.sleep(0.2)
        time.sleep(2.5)  # a couple more polls of every feed, all unchanged
        stats = farm.stats()
        runner.stop()
        probe.halt.set()
    new = [i for i in items if i.appear_at > 0]
    assert deliverable(new) == len([i for i in storable if i.appear_at > 0])
    assert all(i.page_url in probe.first_seen for i in storable), "a storable item never became queryable"
    assert not any(i.page_url in probe.first_seen for i in items if i.fault in ("hung-host", "failing-host"))
    latencies = [probe.first_seen[i.page_url] - (farm.started_at + i.appear_at) for i in new if i.fault == ""]
    assert latencies and max(latencies) < 15  # a 1 s interval: seconds, not a pass over every feed
    assert stats["feed-304"] > stats["feed-200"] > 0
    assert stats.get("robots-200", 0) + stats.get("robots-304", 0) <= PLAN.feeds  # once per host, not per poll
    assert runner.summary.ingest.stored == len(storable)
