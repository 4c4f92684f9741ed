"""What a poller did, counted as it goes (thread-safe), and how long its items took to be stored."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

from eventwatch.pipeline.run import IngestSummary

MAX_LATENCIES = 100_000  # a poller running for weeks keeps only its most recent latencies


@dataclass
class PollSummary:
    feeds: int = 0  # feed polls made
    not_modified: int = 0  # answered 304
    feed_errors: Counter[str] = field(default_factory=Counter)  # polls that failed, by reason
    failed_feeds: list[tuple[str, str, str]] = field(default_factory=list)  # each of them: (url, reason, detail)
    items_new: int = 0  # entries not recorded before
    already_stored: int = 0  # of those, pages already in the store at that URL: settled without a fetch
    fetched: int = 0  # page requests made
    retry_later: int = 0  # page attempts that failed for now: the page is tried again after a backoff
    gave_up: Counter[str] = field(default_factory=Counter)  # pages recorded as failed after their retries
    unusable: Counter[str] = field(default_factory=Counter)  # pages that can never be stored (robots, not text)
    ingest: IngestSummary = field(default_factory=IngestSummary)  # stored, duplicates, skipped by reason
    latencies: list[float] = field(default_factory=list)  # seconds from an entry first seen to its page stored
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def feed_failed(self, url: str, reason: str, detail: str) -> None:
        with self.lock:
            self.feeds += 1
            self.feed_errors[reason] += 1
            self.failed_feeds.append((url, reason, detail))
            del self.failed_feeds[:-1000]  # the most recent ones are the ones a reader acts on

    def count(self, name: str, n: int = 1) -> None:
        with self.lock:
            setattr(self, name, getattr(self, name) + n)

    def tally(self, name: str, reason: str) -> None:
        with self.lock:
            getattr(self, name)[reason] += 1

    def stored_after(self, seconds: float) -> None:
        with self.lock:
            self.latencies.append(seconds)
            del self.latencies[:-MAX_LATENCIES]
