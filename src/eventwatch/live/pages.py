"""The pages of feed entries: fetched by host as politeness allows, analysed and stored one by one, and settled in
the store. A page that fails in a way that may pass (404 before the page is live, 5xx, timeout, a hung server, a
store error) is retried with growing waits for ``retry_for`` after it was first seen, then recorded as failed
with its reason; one that can never be stored (robots, not a text page, no article in it) is recorded unusable.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import queue
import threading
import time
from dataclasses import dataclass, field, replace

from eventwatch.errors import DocumentError, StoreUnwritable
from eventwatch.ingest.http import Fetcher, host_of, is_transient
from eventwatch.live.hosts import HostQueue
from eventwatch.live.settings import LiveSettings
from eventwatch.live.stats import PollSummary
from eventwatch.model import RawDocument
from eventwatch.pipeline.run import IngestRun, Outcome
from eventwatch.pipeline.stages import warm_up
from eventwatch.store.feed_items import Entry, PendingItem, defer, settle
from eventwatch.store.feeds import stored_hash
from eventwatch.store.repository import Store

log = logging.getLogger("eventwatch.live")

# Worth another try later: the page may not be live yet (404), the site may be down or refusing us for now.
RETRIED = frozenset({"http-404", "http-403", "http-408", "fetch-error", "store-error"})


@dataclass(frozen=True)
class Page:
    entry: Entry
    attempts: int  # failed attempts so far
    first_seen: dt.datetime  # UTC, when a feed first listed it: the retries' bounded time counts from here
    seen: float  # monotonic, when this poller first had it: the start of its latency


@dataclass(frozen=True, order=True)
class _Fetched:
    rank: float  # minus the time the entry was first seen: the freshest first
    order: int
    page: Page = field(compare=False)
    raw: RawDocument = field(compare=False)


class PageWork:
    def __init__(self, store: Store, settings: LiveSettings, fetcher: Fetcher, summary: PollSummary,
                 stop: threading.Event, once: bool) -> None:
        self.store = store
        self.settings = settings
        self.fetcher = fetcher
        self.summary = summary
        self.stop = stop
        self.once = once
        self.queue: HostQueue[Page] = HostQueue(fetcher.policy.per_host, fetcher.ready_in)
        # Fetched pages wait for the analyser freshest first, like the pages waiting to be fetched (hosts.py).
        self.fetched: queue.PriorityQueue[_Fetched] = queue.PriorityQueue(settings.fetched_queue)
        self._order = itertools.count()
        self.run = IngestRun(store, on_outcome=self._settled)
        summary.ingest = self.run.summary
        self._open: set[str] = set()  # URLs queued, in flight or being analysed: one of each at a time
        self._lock = threading.Lock()
        self._analysing: Page | None = None

    def warm_up(self) -> None:
        """Load the model and lexicons now rather than on the first item."""
        started = time.monotonic()
        warm_up()
        log.info("model loaded in %.1fs", time.monotonic() - started)

    # -- queueing ---------------------------------------------------------------------------------------

    def add_new(self, entries: list[Entry]) -> None:
        now, seen = dt.datetime.now(dt.UTC), time.monotonic()
        for entry in entries:
            self._queue(Page(entry, 0, now, seen))

    def add_pending(self, item: PendingItem) -> None:
        """An entry left pending by an earlier run: now, or at its next attempt."""
        at = None
        if item.next_attempt is not None:
            wait = (item.next_attempt - dt.datetime.now(dt.UTC)).total_seconds()
            if wait > 0:
                if self.once:
                    return  # not due yet: a later run takes it
                at = time.monotonic() + wait
        self._queue(Page(item.entry, item.attempts, item.first_seen, time.monotonic()), at)

    def _queue(self, page: Page, at: float | None = None) -> None:
        with self._lock:
            if page.entry.url in self._open:
                return
            self._open.add(page.entry.url)
        self.queue.put(host_of(page.entry.url), page, at, priority=page.seen)

    def _close(self, page: Page) -> None:
        with self._lock:
            self._open.discard(page.entry.url)

    # -- fetching ---------------------------------------------------------------------------------------

    def fetch_loop(self) -> None:
        while not self.stop.is_set():
            taken = self.queue.take(self.stop, timeout=0.5)
            if taken is None:
                continue
            host, page = taken
            try:
                self._fetch(page)
            except Exception:  # a bug or the store failing costs one attempt at one page, never the worker
                log.exception("fetching %s failed", page.entry.url)
                self.recover(page, DocumentError(page.entry.url, "fetch-error", "see the log"))
            finally:
                self.queue.done(host)

    def recover(self, page: Page, error: DocumentError) -> None:
        """After an unexpected failure: the page is retried like any failed one; if even recording that fails
        (the store is down), it is queued again in memory, still pending in the store."""
        try:
            self._failed(page, error)
        except Exception:
            log.exception("recording the failure of %s failed; retrying it later", page.entry.url)
            self.queue.put(host_of(page.entry.url), page, time.monotonic() + self.settings.first_retry,
                           priority=page.seen)

    def _fetch(self, page: Page) -> None:
        entry = page.entry
        digest = stored_hash(self.store, url=entry.url)
        if digest is not None:  # stored before, by another feed or an ingest: nothing to fetch
            self.summary.count("already_stored")
            settle(self.store, entry.url, "stored", digest)
            self._close(page)
            return
        self.summary.count("fetched")
        try:
            raw = self.fetcher.fetch(entry.url)
        except DocumentError as exc:
            self._failed(page, exc)
            return
        raw = replace(raw, title=raw.title or entry.title, published=raw.published or entry.published)
        while not self.stop.is_set():  # analysis is behind: wait for room rather than fetch ever further ahead
            try:
                self.fetched.put(_Fetched(-page.seen, next(self._order), page, raw), timeout=0.5)
                return
            except queue.Full:
                continue

    def _failed(self, page: Page, error: DocumentError) -> None:
        url = page.entry.url
        if not (is_transient(error) or error.reason in RETRIED):
            self.summary.tally("unusable", error.reason)
            settle(self.store, url, "unusable", reason=_why(error))
            self._close(page)
            return
        elapsed = (dt.datetime.now(dt.UTC) - page.first_seen).total_seconds()
        if elapsed >= self.settings.retry_for:
            log.warning("giving up on %s after %d attempts: %s", url, page.attempts + 1, error)
            self.summary.tally("gave_up", error.reason)
            settle(self.store, url, "failed", reason=_why(error))
            self._close(page)
            return
        attempts = page.attempts + 1
        wait = min(self.settings.retry_gap(attempts), self.settings.retry_for - elapsed)
        self.summary.count("retry_later")
        defer(self.store, url, _why(error), dt.datetime.now(dt.UTC) + dt.timedelta(seconds=wait))
        if self.once:
            self._close(page)  # left pending in the store, for the next run
            return
        self.queue.put(host_of(url), replace(page, attempts=attempts), time.monotonic() + wait, priority=page.seen)

    # -- analysis ---------------------------------------------------------------------------------------

    def analyse(self, page: Page, raw: RawDocument) -> None:
        """Analyse and store one page (in the analyser thread); ``_settled`` records its outcome."""
        self._analysing = page
        try:
            self.run.summary.documents += 1
            self.run.ingest(raw)
        except StoreUnwritable:
            raise  # the poller stops: every further article would fail the same way
        except Exception:
            log.exception("analysing or storing %s failed", page.entry.url)
            self.recover(page, DocumentError(page.entry.url, "store-error", "see the log"))
        finally:
            self._analysing = None

    def _settled(self, outcome: Outcome) -> None:
        page = self._analysing
        assert page is not None
        error = outcome.skipped
        if error is not None:
            self._failed(page, error)
            return
        digest = stored_hash(self.store, article_id=outcome.article_id, url=page.entry.url)
        settle(self.store, page.entry.url, "stored", digest)
        self.summary.stored_after(time.monotonic() - page.seen)
        self._close(page)


def _why(error: DocumentError) -> str:
    return f"{error.reason}: {error.detail}" if error.detail else error.reason
