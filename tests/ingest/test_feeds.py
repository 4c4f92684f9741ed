"""Feeds end to end against the loopback server: subscribe, poll (conditional GET, only new entries fetched,
politely), store through the runner, record items; on SQLite and on PostgreSQL via ``new_store``."""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import hashlib
import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select
from test_http import FAST, SEOUL, Hit, Reply, Site, wire_page
from test_http_unreachable import free_port
from typer.testing import CliRunner

import eventwatch.cli.feeds as cli_feeds
import eventwatch.ingest.http as http
from eventwatch.cli import app
from eventwatch.cli.common import parse_interval
from eventwatch.ingest.feeds import parse_feed
from eventwatch.ingest.http import Fetcher, FetchPolicy
from eventwatch.live.settings import LiveSettings
from eventwatch.pipeline.feeds import poll
from eventwatch.pipeline.run import ingest_documents
from eventwatch.store.feed_items import Entry, item_states, record_seen
from eventwatch.store.feeds import add_feed, get_feed, list_feeds, remove_feed
from eventwatch.store.schema import FeedItemRow

KYIV = wire_page("Russia launches drone attack on Kyiv", [
    "KYIV, Ukraine — Russia launched dozens of drones at Kyiv overnight, Ukraine's air force said on Sunday, "
    "adding that air defences shot down most of them over the capital region.",
    "Debris from downed drones damaged two apartment buildings in the city's Darnytskyi district, the head of "
    "the city military administration said.",
], "2024-05-19")
TOKYO = wire_page("Japan and the Philippines sign defense pact", [
    "TOKYO — Japan and the Philippines signed a defense pact on Monday that allows their troops to train in "
    "each other's countries, officials said.",
    "The agreement was signed in Manila by the two countries' defense ministers, Japan's foreign ministry "
    "said in a statement.",
], "2024-07-08")
TAIPEI = wire_page("China stages drills around Taiwan", [
    "TAIPEI, Taiwan — China's military launched large-scale drills around Taiwan on Thursday, Taiwan's defense "
    "ministry said, sending warships and fighter jets close to the island.",
    "Taiwan condemned the drills and said it had dispatched its own forces to monitor the Chinese ships.",
], "2024-05-23")
PAGES = {"/news/seoul-missiles.html": SEOUL, "/news/kyiv.html": KYIV, "/news/tokyo.html": TOKYO,
         "/news/taipei.html": TAIPEI}


@dataclass
class Feed:
    """A feed served with validators: RSS with ETag and Last-Modified, Atom with Last-Modified only."""

    site: Site
    path: str
    atom: bool = False
    links: list[str] = field(default_factory=list)
    version: int = 1

    def __post_init__(self) -> None:
        self.site.routes[self.path] = self.reply

    def add(self, link: str) -> None:
        self.links.insert(0, link)
        self.version += 1

    def body(self) -> bytes:
        if self.atom:
            entries = "".join(f"<entry><title>Story {n}</title><link href=\"{link}\"/><id>{link}</id>"
                              f"<updated>2024-05-2{n}T08:00:00Z</updated></entry>" for n, link in enumerate(self.links))
            return (f"<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
                    f"<title>Wire Atom</title><id>urn:wire</id><updated>2024-05-23T08:00:00Z</updated>{entries}"
                    f"</feed>").encode()
        items = "".join(f"<item><title>Story {n}</title><link>{link}</link><guid>{link}</guid>"
                        f"<pubDate>Thu, 2{n} May 2024 08:00:00 GMT</pubDate></item>"
                        for n, link in enumerate(self.links))
        return (f"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Wire RSS</title>"
                f"<link>{self.site.url('/')}</link><description>World news</description>{items}</channel></rss>"
                ).encode()

    def validators(self) -> tuple[str | None, str]:
        when = dt.datetime(2024, 5, 1, tzinfo=dt.UTC) + dt.timedelta(hours=self.version)
        modified = email.utils.format_datetime(when, usegmt=True)
        return (None if self.atom else f'"v{self.version}-{hashlib.sha1(self.body()).hexdigest()[:8]}"'), modified

    def reply(self, hit: Hit) -> Reply:
        etag, modified = self.validators()
        asked = {k.lower(): v for k, v in hit.headers.items()}
        headers = {"Last-Modified": modified, **({"ETag": etag} if etag else {})}
        if (etag and asked.get("if-none-match") == etag) or (
                "if-none-match" not in asked and asked.get("if-modified-since") == modified):
            return 304, headers, b""
        ctype = "application/atom+xml" if self.atom else "application/rss+xml; charset=utf-8"
        return 200, {"Content-Type": ctype, **headers}, self.body()


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    for path, html in PAGES.items():
        server.page(path, html)
    yield server
    server.close()


def page_hits(site: Site) -> dict[str, int]:
    return {p: site.count(p) for p in PAGES if site.count(p)}


def test_poll_stores_new_items_then_sends_validators_and_fetches_only_what_is_new(new_store, site: Site) -> None:
    store = new_store()
    rss = Feed(site, "/feeds/world.rss", links=[site.url("/news/seoul-missiles.html"), site.url("/news/kyiv.html")])
    atom = Feed(site, "/feeds/asia.atom", atom=True, links=["/news/tokyo.html", "/news/kyiv.html#comments"])
    for path in ("/feeds/world.rss", "/feeds/asia.atom"):
        assert add_feed(store, site.url(path))[1]
    polite = FetchPolicy(**{**FAST.__dict__, "delay": 0.1})

    first = poll(store, polite)
    assert (first.feeds, first.not_modified, first.items_new, first.fetched) == (2, 0, 4, 3)
    assert first.ingest.stored == 3 and first.ingest.events > 0 and not first.ingest.skipped
    assert page_hits(site) == dict.fromkeys(["/news/seoul-missiles.html", "/news/kyiv.html", "/news/tokyo.html"], 1)
    starts = sorted(h.start for h in site.hits)  # one poll, one host: every request 0.1 s after the last
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.1 * 0.9
    total, articles = store.list_articles()
    assert total == 3 and {a.url for a in articles} == {site.url(p) for p in PAGES if p != "/news/taipei.html"}
    world, asia = list_feeds(store)
    assert (world.title, world.etag, world.last_status, world.items_seen) == ("Wire RSS", rss.validators()[0], "ok", 2)
    assert asia.etag is None and asia.last_modified == atom.validators()[1]
    assert world.last_polled_at is not None and world.last_polled_at.utcoffset() == dt.timedelta(0)
    with store.engine.connect() as conn:
        hashes = dict(conn.execute(select(FeedItemRow.item_url, FeedItemRow.content_hash)).all())
    assert all(hashes.values()) and site.url("/news/kyiv.html") in hashes  # the fragment was dropped

    second = poll(store, FAST)
    assert (second.feeds, second.not_modified, second.fetched, second.ingest.documents) == (2, 2, 0, 0)
    sent = {k.lower(): v for k, v in [h for h in site.hits if h.path == "/feeds/world.rss"][-1].headers.items()}
    assert (sent["if-none-match"], sent["if-modified-since"]) == (world.etag, world.last_modified)
    sent = {k.lower(): v for k, v in [h for h in site.hits if h.path == "/feeds/asia.atom"][-1].headers.items()}
    assert "if-none-match" not in sent and sent["if-modified-since"] == asia.last_modified
    assert [f.last_status for f in list_feeds(store)] == ["not-modified", "not-modified"]

    rss.add(site.url("/news/taipei.html"))
    third = poll(store, FAST)
    assert (third.not_modified, third.items_new, third.fetched, third.ingest.stored) == (1, 1, 1, 1)
    assert page_hits(site) == dict.fromkeys(PAGES, 1)  # each page fetched exactly once over three polls
    assert get_feed(store, site.url("/feeds/world.rss")).items_seen == 3


def test_an_item_already_stored_is_not_fetched_again(new_store, site: Site) -> None:
    store = new_store()
    with Fetcher(FAST) as fetcher:
        doc = fetcher.fetch(site.url("/news/seoul-missiles.html"))
    assert ingest_documents([doc], store).stored == 1
    Feed(site, "/feeds/world.rss", links=[site.url("/news/seoul-missiles.html"), site.url("/news/tokyo.html")])
    add_feed(store, site.url("/feeds/world.rss"))
    summary = poll(store, FAST)
    assert (summary.items_new, summary.already_stored, summary.fetched, summary.ingest.stored) == (2, 1, 1, 1)
    assert page_hits(site) == {"/news/seoul-missiles.html": 1, "/news/tokyo.html": 1}
    stored = {a.url: a.content_hash for a in store.list_articles()[1]}
    with store.engine.connect() as conn:
        recorded = dict(conn.execute(select(FeedItemRow.item_url, FeedItemRow.content_hash)).all())
    assert recorded == stored


def test_unusable_items_are_settled_and_failing_ones_stay_pending_until_a_later_poll(new_store, site: Site) -> None:
    # Since revision 0014 a 404 is retried like a 5xx (the page may not be live yet), and the feed's validators
    # are saved even while items are pending: they are in the store, so a 304 loses nothing.
    store = new_store()
    links = [site.url(p) for p in ("/missing", "/private/secret.html", "/logo.png", "/broken", "/news/tokyo.html")]
    Feed(site, "/feeds/world.rss", links=links)
    add_feed(store, site.url("/feeds/world.rss"))
    soon = LiveSettings(first_retry=0.01)
    first = poll(store, FAST, soon)
    assert first.ingest.stored == 1 and first.retry_later == 2
    assert first.unusable == {"robots": 1, "content-type": 1} and not first.ingest.skipped
    feed = get_feed(store, site.url("/feeds/world.rss"))
    assert (feed.last_status, feed.items_seen) == ("ok", 5) and feed.etag
    assert item_states(store)[feed.id] == {"pending": 2, "stored": 1, "unusable": 2}
    site.page("/broken", TAIPEI)  # the server has recovered
    site.page("/missing", KYIV)  # and the page that was listed before it was live is there
    second = poll(store, FAST, soon)
    assert second.not_modified == 1 and second.fetched == 2 and second.ingest.stored == 2
    assert site.count("/missing") == 2 and site.count("/broken") == FAST.retries + 2
    assert item_states(store)[feed.id] == {"stored": 3, "unusable": 2}
    third = poll(store, FAST, soon)
    assert (third.not_modified, third.fetched) == (1, 0)


def test_feeds_that_cannot_be_read_say_why(new_store, site: Site) -> None:
    store = new_store()
    site.page("/private/feed.rss", b"<rss/>", "application/rss+xml")
    for path in ("/feeds/gone.rss", "/news/seoul-missiles.html", "/private/feed.rss", "/logo.png"):
        add_feed(store, site.url(path))
    summary = poll(store, FAST)
    assert summary.feed_errors == {"http-404": 1, "feed-parse": 1, "robots": 1, "content-type": 1}
    assert [f.last_status for f in list_feeds(store)] == ["http-404", "feed-parse", "robots", "content-type"]
    assert summary.fetched == 0 and site.count("/private/feed.rss") == 0


def test_subscriptions_add_list_remove(new_store) -> None:
    store = new_store()
    record, created = add_feed(store, " https://wire.example.org/world.rss ")
    assert created and record.url == "https://wire.example.org/world.rss" and record.items_seen == 0
    assert add_feed(store, "https://wire.example.org/world.rss") == (record, False)
    add_feed(store, "https://wire.example.org/asia.atom")
    assert [f.url for f in list_feeds(store)] == ["https://wire.example.org/world.rss",
                                                  "https://wire.example.org/asia.atom"]
    for bad in ("ftp://wire.example.org/x", "not a url", "https://" + "x" * 3000):
        with pytest.raises(ValueError):
            add_feed(store, bad)
    items = [Entry("https://wire.example.org/a"), Entry("https://wire.example.org/b")]
    assert len(record_seen(store, record.id, items)) == 2
    assert len(record_seen(store, record.id, [Entry("https://wire.example.org/a")])) == 0
    assert get_feed(store, record.url).items_seen == 2
    assert remove_feed(store, record.url) and not remove_feed(store, record.url)
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(FeedItemRow)).scalar() == 0  # cascaded
    assert [f.url for f in list_feeds(store)] == ["https://wire.example.org/asia.atom"]


def test_parse_feed_resolves_links_and_reads_dates() -> None:
    body = (b"<?xml version='1.0'?><rss version='2.0'><channel><title> Wire </title>"
            b"<item><title>A</title><link>/news/a.html#top</link><pubDate>Thu, 16 May 2024 08:00:00 GMT</pubDate>"
            b"</item><item><title>A again</title><link>https://wire.example.org/news/a.html</link></item>"
            b"<item><title>mail</title><link>mailto:desk@wire.example.org</link></item>"
            b"<item><title>none</title></item></channel></rss>")
    parsed = parse_feed(body, "https://wire.example.org/feeds/world.rss")
    assert parsed.title == "Wire"
    (entry,) = parsed.entries
    assert (entry.url, entry.title, str(entry.published)) == ("https://wire.example.org/news/a.html", "A",
                                                              "2024-05-16")


def test_cli_add_list_poll_remove(tmp_path, site: Site, monkeypatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    db, runner = str(tmp_path / "feeds.db"), CliRunner()
    Feed(site, "/feeds/world.rss", links=[site.url("/news/seoul-missiles.html"), site.url("/missing")])
    feed_url = site.url("/feeds/world.rss")
    assert "added" in runner.invoke(app, ["feeds", "add", feed_url, "--db", db]).output
    assert "already subscribed" in runner.invoke(app, ["feeds", "add", feed_url, "--db", db]).output
    assert runner.invoke(app, ["feeds", "add", "ftp://x", "--db", db]).exit_code == 2
    result = runner.invoke(app, ["feeds", "poll", "--db", db, "--delay", "0", "--per-host", "2", "--max-bytes",
                                 "100000", "--timeout", "2"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert "1 feeds polled" in result.output and "1 pages stored" in result.output
    assert "1 to retry later" in result.output  # a 404 may be a page not live yet (revision 0014)
    listing = runner.invoke(app, ["feeds", "list", "--db", db]).output
    assert "Wire RSS" in listing and "ok" in listing
    assert runner.invoke(app, ["feeds", "remove", feed_url, "--db", db]).exit_code == 0
    assert runner.invoke(app, ["feeds", "remove", feed_url, "--db", db]).exit_code == 2
    assert "no feeds" in runner.invoke(app, ["feeds", "list", "--db", db]).output


def test_cli_poll_every_runs_live_until_ctrl_c(tmp_path, site: Site, monkeypatch) -> None:
    waits: list[float] = []

    def report_then_interrupt(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 1:  # the live poller works while the command waits between progress lines
            deadline = time.monotonic() + 20
            while site.count("/news/kyiv.html") == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(1.0)
        else:
            raise KeyboardInterrupt

    monkeypatch.setattr(cli_feeds, "_wait", report_then_interrupt)
    db = str(tmp_path / "feeds.db")
    Feed(site, "/feeds/world.rss", links=[site.url("/news/kyiv.html")])
    CliRunner().invoke(app, ["feeds", "add", site.url("/feeds/world.rss"), "--db", db])
    result = CliRunner().invoke(app, ["feeds", "poll", "--db", db, "--every", "15m", "--delay", "0"])
    assert result.exit_code == 0, result.output
    assert "1 pages stored" in result.output and "stopped" in result.output
    assert waits == [cli_feeds.PROGRESS_EVERY] * 2 and site.count("/news/kyiv.html") == 1
    assert CliRunner().invoke(app, ["feeds", "poll", "--db", db, "--every", "soon"]).exit_code == 2
    too_often = CliRunner().invoke(app, ["feeds", "poll", "--db", db, "--every", "2s"], env={"COLUMNS": "200"})
    assert too_often.exit_code == 2 and "at least 10s" in too_often.output


def test_intervals() -> None:
    assert [parse_interval(v) for v in ("30s", "15m", "1h", "1d", "90", "1.5m")] == [
        30, 900, 3600, 86400, 90, 90]
    for bad in ("", "0s", "15 minutes", "-1m"):
        with pytest.raises(ValueError):
            parse_interval(bad)


def test_cli_poll_names_each_unreachable_feed(tmp_path, monkeypatch) -> None:
    # The CLI's policy without retries: an unreachable host is retried with backoff, which is seconds.
    monkeypatch.setattr(http, "FetchPolicy", functools.partial(FetchPolicy, retries=0, connect_timeout=2.0))
    db, runner = str(tmp_path / "feeds.db"), CliRunner()
    refused, unknown = f"http://127.0.0.1:{free_port()}/feed.xml", "http://no-such-host.invalid/feed.xml"
    for url in (refused, unknown):
        assert runner.invoke(app, ["feeds", "add", url, "--db", db]).exit_code == 0
    result = runner.invoke(app, ["feeds", "poll", "--db", db, "--delay", "0"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "2 failed" in result.output
    assert f"feed failed: {refused}: unreachable (127.0.0.1: Connection refused)" in result.output
    assert f"feed failed: {unknown}: unreachable (no-such-host.invalid: " in result.output
    listing = runner.invoke(app, ["feeds", "list", "--db", db], env={"COLUMNS": "200"}).output
    assert listing.count("unreachable") == 2
