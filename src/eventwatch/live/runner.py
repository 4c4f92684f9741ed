"""The live poller: feeds on their own schedules, pages fetched as soon as an entry is seen, analysis and storing
as pages arrive, all at once. One slow feed or hung page holds one worker, never the others.

Three kinds of threads share one polite ``Fetcher`` (per-host gap, Crawl-delay and robots.txt kept for the whole
run): feed workers (conditional GET of a due feed; new entries recorded ``pending`` in the store, then queued),
page workers (take the next page a host allows now, fetch it, hand it on; a failure is retried with backoff for a
bounded time, then recorded as failed), and one analyser (the ingest loop of pipeline/run.py, article by article).
The model is loaded before the first feed is asked. ``run_once`` is one pass: each feed polled once, every page
it brings fetched and stored, and what must wait for a retry left pending in the store for the next run.
"""

from __future__ import annotations

import datetime as dt
import heapq
import logging
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from eventwatch.errors import StoreUnwritable
from eventwatch.ingest.http import Fetcher, FetchPolicy
from eventwatch.live.pages import PageWork
from eventwatch.live.settings import LiveSettings
from eventwatch.live.stats import PollSummary
from eventwatch.live.subscriptions import FeedPolls
from eventwatch.store.feed_items import pending_items
from eventwatch.store.feeds import FeedRecord, list_feeds
from eventwatch.store.repository import Store

log = logging.getLogger("eventwatch.live")

__all__ = ["LiveRunner", "PollSummary"]


class LiveRunner:
    def __init__(self, store: Store, settings: LiveSettings | None = None, policy: FetchPolicy | None = None,
                 once: bool = False) -> None:
        self.store = store
        self.settings = s = settings or LiveSettings()
        self.once = once
        policy = policy or FetchPolicy()
        # Live, a failed request is retried by the queue, later, without holding a worker through its backoff.
        self.fetcher = Fetcher(policy if once else replace(policy, retries=0))
        self.summary = PollSummary()
        self.stop_event = threading.Event()
        self.fatal: StoreUnwritable | None = None
        self.pages = PageWork(store, s, self.fetcher, self.summary, self.stop_event, once)
        self.feeds = FeedPolls(store, s, self.fetcher, self.summary, self.pages.add_new)
        self._due: list[tuple[float, int]] = []  # (monotonic time, feed id)
        self._known: dict[int, FeedRecord] = {}
        self._polling: set[int] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._threads: list[threading.Thread] = []
        self._pool = ThreadPoolExecutor(s.feed_workers, thread_name_prefix="eventwatch-feed")

    # -- running --------------------------------------------------------------------------------------

    def start(self) -> None:
        """Load the model, queue the pages left pending by an earlier run, and start every worker."""
        self.pages.warm_up()
        self._refresh_feeds()
        for item in pending_items(self.store):
            self.pages.add_pending(item)
        threads = [threading.Thread(target=self._dispatch, name="eventwatch-feeds", daemon=True),
                   threading.Thread(target=self._analyse, name="eventwatch-analyse", daemon=True)]
        threads += [threading.Thread(target=self.pages.fetch_loop, name=f"eventwatch-page-{n}", daemon=True)
                    for n in range(self.settings.page_workers)]
        for thread in threads:
            thread.start()
        self._threads = threads

    def stop(self, wait: float = 5.0) -> None:
        """Stop taking work; what was being analysed is finished or rolled back, pending items stay pending."""
        self.stop_event.set()
        self._wake.set()
        self.pages.queue.wake()
        deadline = time.monotonic() + wait
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._pool.shutdown(wait=False, cancel_futures=True)
        self.fetcher.close()

    def run_once(self) -> PollSummary:
        """Poll every feed once and store what it brings; returns when nothing is left to do now."""
        self.start()
        try:
            while not self.idle() and not self.stop_event.is_set():
                time.sleep(0.02)
        finally:
            self.stop()
        if self.fatal is not None:
            raise self.fatal
        return self.summary

    def feeds_known(self) -> list[FeedRecord]:
        with self._lock:
            return list(self._known.values())

    def idle(self) -> bool:
        """Nothing polling, nothing due, no page ready or in flight, nothing waiting for analysis."""
        with self._lock:
            feeds_busy = bool(self._polling) or (self.once and bool(self._due))
        ready, _later, in_flight = self.pages.queue.waiting()
        return not feeds_busy and not ready and not in_flight and self.pages.fetched.unfinished_tasks == 0

    # -- feeds ------------------------------------------------------------------------------------------

    def _refresh_feeds(self) -> None:
        now_wall, now = dt.datetime.now(dt.UTC), time.monotonic()
        records = {f.id: f for f in list_feeds(self.store)}
        with self._lock:
            for feed_id, record in records.items():
                if feed_id not in self._known:
                    wait = 0.0
                    if not self.once and record.next_poll_at is not None:  # a failing feed's backoff survives
                        wait = max(0.0, (record.next_poll_at - now_wall).total_seconds())
                    heapq.heappush(self._due, (now + wait, feed_id))
                if feed_id not in self._polling:  # one being polled keeps the record its poll will return
                    self._known[feed_id] = record
            for gone in set(self._known) - set(records):
                del self._known[gone]

    def _dispatch(self) -> None:
        refresh_at = time.monotonic() + self.settings.refresh_feeds
        while not self.stop_event.is_set():
            now = time.monotonic()
            if not self.once and now >= refresh_at:
                self._refresh_feeds()
                refresh_at = now + self.settings.refresh_feeds
            nap = min(0.5, refresh_at - now)
            with self._lock:
                while self._due and len(self._polling) < self.settings.feed_workers:
                    at, feed_id = self._due[0]
                    if at > now:
                        nap = min(nap, at - now)
                        break
                    heapq.heappop(self._due)
                    record = self._known.get(feed_id)
                    if record is not None and feed_id not in self._polling:
                        self._polling.add(feed_id)
                        self._pool.submit(self._poll, record)
            self._wake.wait(max(nap, 0.005))
            self._wake.clear()

    def _poll(self, record: FeedRecord) -> None:
        try:
            record = self.feeds.poll(record)
        except StoreUnwritable as exc:
            self._fail(exc)
        except Exception:  # a bug costs this poll of this feed, not the poller
            log.exception("polling %s failed", record.url)
        finally:
            with self._lock:
                self._polling.discard(record.id)
                if record.id in self._known:
                    self._known[record.id] = record
                    if not self.once:
                        gap = self.settings.feed_gap(record.failures)
                        heapq.heappush(self._due, (time.monotonic() + gap, record.id))
            self._wake.set()

    # -- analysis ---------------------------------------------------------------------------------------

    def _analyse(self) -> None:
        while not self.stop_event.is_set():
            try:
                fetched = self.pages.fetched.get(timeout=0.2)
            except queue.Empty:
                continue
            page, raw = fetched.page, fetched.raw
            try:
                self.pages.analyse(page, raw)
            except StoreUnwritable as exc:
                self._fail(exc)
            except Exception:
                log.exception("analysing %s failed", page.entry.url)
            finally:
                self.pages.fetched.task_done()

    def _fail(self, exc: StoreUnwritable) -> None:
        """The store cannot be written: every further article would fail the same way, so the poller stops."""
        log.error("stopping: the store cannot be written: %s", exc)
        self.fatal = exc
        self.stop_event.set()
        self._wake.set()

