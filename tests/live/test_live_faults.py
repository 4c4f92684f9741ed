"""The live poller under each fault, against loopback servers: a page that answers 404 before it is live, one that
always fails (5xx), a hung page and a hung feed, robots.txt that changes, the per-host limits and gap kept across
polls, a feed that keeps failing, a restart with items pending, and the model loaded before the first request."""

from __future__ import annotations

import itertools
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "ingest"))
from test_feeds import KYIV, TAIPEI, TOKYO, Feed
from test_http import FAST, SEOUL, Hit, Site

import eventwatch.live.pages as live_pages
from eventwatch.live.runner import LiveRunner
from eventwatch.live.settings import LiveSettings
from eventwatch.pipeline.feeds import poll
from eventwatch.store.feed_items import failed_items, item_states, retry_failed
from eventwatch.store.feeds import add_feed, get_feed

QUICK = LiveSettings(interval=0.2, first_retry=0.2, max_retry_gap=0.5, retry_for=30.0, feed_backoff=5.0,
                     refresh_feeds=0.5, feed_workers=4, page_workers=4)
HTML = {"Content-Type": "text/html; charset=utf-8"}


@contextmanager
def live(store, settings: LiveSettings = QUICK, policy=FAST) -> Iterator[LiveRunner]:
    runner = LiveRunner(store, settings, policy)
    runner.start()
    try:
        yield runner
    finally:
        runner.stop()


def until(condition: Callable[[], bool], timeout: float = 20.0) -> float:
    """Seconds it took for ``condition`` to hold; fails the test after ``timeout``."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, "timed out"
        time.sleep(0.02)
    return time.monotonic() - started


def states(store, url: str) -> dict[str, int]:
    return item_states(store).get(get_feed(store, url).id, {})


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    yield server
    server.close()


def hanging(seconds: float, body: str = SEOUL) -> Callable[[Hit], tuple[int, dict[str, str], bytes]]:
    return lambda hit: (time.sleep(seconds), (200, HTML, body.encode()))[1]


def test_a_page_that_is_404_until_it_goes_live_is_stored(new_store, site: Site) -> None:
    store = new_store()
    site.routes["/news/late.html"] = lambda hit: ((404, {}, b"not yet") if site.served["/news/late.html"] <= 2
                                                  else (200, HTML, KYIV.encode()))
    Feed(site, "/feeds/world.rss", links=[site.url("/news/late.html")])
    add_feed(store, site.url("/feeds/world.rss"))
    with live(store) as runner:
        until(lambda: runner.summary.ingest.stored == 1)
    assert site.count("/news/late.html") == 3 and runner.summary.retry_later == 2
    assert states(store, site.url("/feeds/world.rss")) == {"stored": 1}


def test_a_page_that_always_fails_is_given_up_on_listed_and_retried_on_demand(new_store, site: Site) -> None:
    store = new_store()
    site.page("/news/broken.html", "down for maintenance", "text/plain", status=503)
    site.page("/news/tokyo.html", TOKYO)
    rss = Feed(site, "/feeds/world.rss", links=[site.url("/news/broken.html"), site.url("/news/tokyo.html")])
    feed_url = site.url("/feeds/world.rss")
    add_feed(store, feed_url)
    with live(store, replace(QUICK, retry_for=1.0)) as runner:
        until(lambda: sum(runner.summary.gave_up.values()) == 1)
        polls = site.count("/feeds/world.rss")
        until(lambda: site.count("/feeds/world.rss") >= polls + 2)
    assert runner.summary.gave_up == {"http-503": 1} and runner.summary.ingest.stored == 1
    assert 3 <= site.count("/news/broken.html") <= 8  # backoff 0.2, 0.4, 0.5 … within one second, then no more
    assert runner.summary.not_modified >= 2  # the failing page never kept its feed off 304
    total, (failed,) = failed_items(store)
    assert total == 1 and failed.item_url == site.url("/news/broken.html") and failed.feed_url == feed_url
    assert failed.reason.startswith("http-503") and failed.attempts >= 2
    site.page("/news/broken.html", TAIPEI)  # fixed: the analyst puts it back in the queue
    assert retry_failed(store, feed_url) == 1 and retry_failed(store) == 0
    rss.version += 0  # the feed itself is unchanged: the page comes from the store's pending list
    assert poll(store, FAST, QUICK).ingest.stored == 1
    assert states(store, feed_url) == {"stored": 2}


def test_a_hung_page_holds_neither_its_hosts_other_pages_nor_other_hosts(new_store, site: Site) -> None:
    store, other = new_store(), Site()
    try:
        site.routes["/news/hung.html"] = hanging(30)
        site.page("/news/kyiv.html", KYIV)
        other.page("/news/tokyo.html", TOKYO)
        Feed(site, "/feeds/a.rss", links=[site.url("/news/hung.html"), site.url("/news/kyiv.html")])
        Feed(other, "/feeds/b.rss", links=[other.url("/news/tokyo.html")])
        add_feed(store, site.url("/feeds/a.rss"))
        add_feed(store, other.url("/feeds/b.rss"))
        policy = replace(FAST, read_timeout=1.0, per_host=2)
        with live(store, policy=policy) as runner:
            took = until(lambda: runner.summary.ingest.stored == 2)
            assert took < 5  # both good pages, while the hung one times out and waits for its retry
            until(lambda: runner.summary.retry_later >= 1)
        assert states(store, site.url("/feeds/a.rss")) == {"pending": 1, "stored": 1}
    finally:
        other.close()


def test_a_hung_feed_does_not_delay_another_feeds_items(new_store, site: Site) -> None:
    store, stuck = new_store(), Site()
    try:
        stuck.routes["/feeds/stuck.rss"] = hanging(30)
        site.page("/news/kyiv.html", KYIV)
        add_feed(store, stuck.url("/feeds/stuck.rss"))
        Feed(site, "/feeds/world.rss", links=[site.url("/news/kyiv.html")])
        add_feed(store, site.url("/feeds/world.rss"))
        with live(store, policy=replace(FAST, read_timeout=5.0)) as runner:
            assert until(lambda: runner.summary.ingest.stored == 1) < 4
        assert stuck.count("/feeds/stuck.rss") == 1
    finally:
        stuck.close()


def test_robots_txt_is_kept_until_it_expires_then_asked_again_conditionally(new_store) -> None:
    store, site = new_store(), Site(robots=None)
    rules = {"text": "User-agent: *\nAllow: /\n", "etag": '"r1"'}

    def robots(hit: Hit) -> tuple[int, dict[str, str], bytes]:
        if hit.headers.get("If-None-Match") == rules["etag"]:
            return 304, {"ETag": rules["etag"]}, b""
        return 200, {"Content-Type": "text/plain", "ETag": rules["etag"]}, rules["text"].encode()

    try:
        site.routes["/robots.txt"] = robots
        site.page("/news/kyiv.html", KYIV)
        site.page("/news/tokyo.html", TOKYO)
        rss = Feed(site, "/feeds/world.rss", links=[site.url("/news/kyiv.html")])
        add_feed(store, site.url("/feeds/world.rss"))
        with live(store, policy=replace(FAST, robots_ttl=0.5)) as runner:
            until(lambda: runner.summary.ingest.stored == 1)
            until(lambda: site.count("/robots.txt") >= 3)
            asked = [h for h in site.hits if h.path == "/robots.txt"]
            assert "If-None-Match" not in asked[0].headers and asked[1].headers["If-None-Match"] == '"r1"'
            polls = site.count("/feeds/world.rss")
            assert site.count("/robots.txt") <= polls  # not once per poll: once per expiry
            rules.update(text="User-agent: *\nDisallow: /news/\n", etag='"r2"')
            changed = time.monotonic()  # the change is seen once the cached copy expires, within robots_ttl
            until(lambda: any(h.path == "/robots.txt" and h.start > changed for h in site.hits))
            rss.add(site.url("/news/tokyo.html"))
            until(lambda: runner.summary.unusable.get("robots", 0) == 1)
        assert site.count("/news/tokyo.html") == 0
        assert states(store, site.url("/feeds/world.rss")) == {"stored": 1, "unusable": 1}
    finally:
        site.close()


@pytest.mark.parametrize("per_host", [1, 3])
def test_per_host_limits_how_many_pages_of_one_host_are_fetched_at_once(new_store, site: Site, per_host) -> None:
    store = new_store()
    links = []
    for n in range(3):
        site.routes[f"/news/slow-{n}.html"] = hanging(1.0, [SEOUL, KYIV, TOKYO][n])
        links.append(site.url(f"/news/slow-{n}.html"))
    Feed(site, "/feeds/world.rss", links=links)
    add_feed(store, site.url("/feeds/world.rss"))
    with live(store, policy=replace(FAST, per_host=per_host, read_timeout=5.0)) as runner:
        until(lambda: runner.summary.fetched == 3 and site.active == 0 and
              all(site.count(p) for p in (f"/news/slow-{n}.html" for n in range(3))))
    pages = [h for h in site.hits if h.path.startswith("/news/slow-")]
    span = max(h.end for h in pages) - min(h.start for h in pages)
    assert site.max_active == per_host
    assert (2.9 < span < 4.5) if per_host == 1 else (0.9 < span < 1.8)


def test_the_gap_between_requests_to_a_host_is_kept_across_polls(new_store, site: Site) -> None:
    store = new_store()
    Feed(site, "/feeds/world.rss", links=[])
    Feed(site, "/feeds/asia.rss", links=[])
    for path in ("/feeds/world.rss", "/feeds/asia.rss"):
        add_feed(store, site.url(path))
    with live(store, replace(QUICK, interval=0.05), replace(FAST, delay=0.25)):
        until(lambda: len(site.hits) >= 9)
    starts = sorted(h.start for h in site.hits)
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.25 * 0.9


def test_a_feed_that_keeps_failing_backs_off(new_store, site: Site) -> None:
    store = new_store()
    site.page("/feeds/down.rss", "oops", "text/plain", status=500)
    Feed(site, "/feeds/world.rss", links=[])
    for path in ("/feeds/down.rss", "/feeds/world.rss"):
        add_feed(store, site.url(path))
    with live(store, replace(QUICK, interval=0.1)):
        time.sleep(2.0)
    healthy, down = site.count("/feeds/world.rss"), site.count("/feeds/down.rss")
    assert healthy >= 8 and down <= 5  # 0.1 s between polls when healthy; 0.2, 0.4, 0.8 … after failures
    feed = get_feed(store, site.url("/feeds/down.rss"))
    assert feed.failures == down and feed.last_status == "http-500" and feed.next_poll_at is not None


def test_items_pending_when_a_poller_stops_are_taken_up_by_the_next(new_store, site: Site) -> None:
    store = new_store()
    site.page("/news/kyiv.html", "busy", "text/plain", status=503)
    Feed(site, "/feeds/world.rss", links=[site.url("/news/kyiv.html")])
    add_feed(store, site.url("/feeds/world.rss"))
    first = poll(store, FAST, replace(QUICK, first_retry=0.01))
    assert first.retry_later == 1 and first.ingest.stored == 0
    site.page("/news/kyiv.html", KYIV)
    with live(store) as runner:  # the feed answers 304: the page comes from the store's pending items
        until(lambda: runner.summary.ingest.stored == 1)
    assert runner.summary.items_new == 0 and runner.summary.not_modified >= 1


def test_the_model_is_loaded_before_the_first_feed_is_asked(new_store, site: Site, monkeypatch) -> None:
    store = new_store()
    Feed(site, "/feeds/world.rss", links=[])
    add_feed(store, site.url("/feeds/world.rss"))
    requests_at_load: list[int] = []
    loaded = threading.Event()
    warm = live_pages.warm_up

    def warm_up() -> None:
        requests_at_load.append(len(site.hits))
        warm()
        loaded.set()

    monkeypatch.setattr(live_pages, "warm_up", warm_up)
    with live(store):
        until(lambda: site.count("/feeds/world.rss") >= 1)
    assert requests_at_load == [0] and loaded.is_set()


def test_a_store_error_while_settling_a_page_costs_an_attempt_not_the_page(new_store, site: Site,
                                                                             monkeypatch) -> None:
    from eventwatch.errors import StoreError

    store = new_store()
    site.page("/news/kyiv.html", KYIV)
    Feed(site, "/feeds/world.rss", links=[site.url("/news/kyiv.html")])
    add_feed(store, site.url("/feeds/world.rss"))
    real_settle, real_defer, calls = live_pages.settle, live_pages.defer, []

    def failing(real):
        def call(*args, **kwargs):
            calls.append(real.__name__)
            if len(calls) <= 2:  # the store is briefly down: settling fails, and so does recording the failure
                raise StoreError("database is locked")
            return real(*args, **kwargs)
        return call

    monkeypatch.setattr(live_pages, "settle", failing(real_settle))
    monkeypatch.setattr(live_pages, "defer", failing(real_defer))
    with live(store):
        until(lambda: states(store, site.url("/feeds/world.rss")) == {"stored": 1})
    assert calls[:2] == ["settle", "defer"] and site.count("/news/kyiv.html") == 1  # stored once, settled later
