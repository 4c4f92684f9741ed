"""One poll of one feed: a conditional GET, its new entries recorded ``pending`` and handed to the page workers,
and the feed's state saved (validators, title, consecutive failures and when it is next due)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import replace

from eventwatch.errors import DocumentError
from eventwatch.ingest.feeds import fetch_feed, parse_feed
from eventwatch.ingest.http import Fetcher
from eventwatch.live.settings import LiveSettings
from eventwatch.live.stats import PollSummary
from eventwatch.store.feed_items import Entry, record_seen
from eventwatch.store.feeds import FeedRecord, update_feed
from eventwatch.store.repository import Store

log = logging.getLogger("eventwatch.feeds")


class FeedPolls:
    def __init__(self, store: Store, settings: LiveSettings, fetcher: Fetcher, summary: PollSummary,
                 on_new: Callable[[list[Entry]], None]) -> None:
        self.store = store
        self.settings = settings
        self.fetcher = fetcher
        self.summary = summary
        self.on_new = on_new

    def poll(self, feed: FeedRecord) -> FeedRecord:
        """Poll ``feed`` once; the record as it now stands (validators, failures)."""
        result = fetch_feed(self.fetcher, feed.url, feed.etag, feed.last_modified)
        if isinstance(result, DocumentError):
            return self._failed(feed, result)
        if result.status == 304:
            self.summary.count("feeds")
            self.summary.count("not_modified")
            return self._save(feed, "not-modified")
        try:
            parsed = parse_feed(result.body, result.url, result.headers.get("content-type"))
        except DocumentError as exc:
            return self._failed(feed, exc)
        entries = [Entry(e.url, e.title, e.published) for e in parsed.entries]
        new = record_seen(self.store, feed.id, entries)  # in the store before the validators move on
        self.summary.count("feeds")
        self.summary.count("items_new", len(new))
        if new:
            self.on_new(new)
        etag, modified = result.validators
        return self._save(replace(feed, title=parsed.title or feed.title, etag=etag, last_modified=modified),
                          "ok", validators=(etag, modified))

    def _failed(self, feed: FeedRecord, error: DocumentError) -> FeedRecord:
        log.warning("feed %s", error)
        self.summary.feed_failed(feed.url, error.reason, error.detail)
        return self._save(feed, error.reason, failures=feed.failures + 1)

    def _save(self, feed: FeedRecord, status: str, validators: tuple[str | None, str | None] | None = None,
              failures: int = 0) -> FeedRecord:
        now = dt.datetime.now(dt.UTC)
        next_poll = now + dt.timedelta(seconds=self.settings.feed_gap(failures)) if failures else None
        update_feed(self.store, feed.id, status, polled_at=now, title=feed.title, validators=validators,
                    failures=failures, next_poll_at=next_poll)
        return replace(feed, last_status=status, last_polled_at=now, failures=failures, next_poll_at=next_poll)
