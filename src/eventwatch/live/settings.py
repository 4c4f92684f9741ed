"""How a live poller paces itself: feed intervals and backoff, worker counts, and how long a page is retried."""

from __future__ import annotations

from dataclasses import dataclass

# Below this a feed would be asked more often than any newsroom publishes, and its site would see a crawler that
# ignores it; the command refuses such an --every with this figure in its message.
MIN_INTERVAL = 10.0


@dataclass(frozen=True)
class LiveSettings:
    """The defaults suit a few hundred feeds on a small machine; the tests shrink the times."""

    interval: float = 60.0  # seconds from the end of one poll of a feed to its next
    feed_workers: int = 32  # feed requests in flight (each host's own limit still applies)
    page_workers: int = 32  # page requests in flight
    retry_for: float = 6 * 3600.0  # a page that keeps failing (404, 5xx, timeout) is retried this long, then failed
    first_retry: float = 10.0  # the first retry of a page waits this long, each later one twice the previous
    max_retry_gap: float = 1800.0  # …up to this
    feed_backoff: float = 3600.0  # a failing feed's interval doubles with each failure, up to this
    fetched_queue: int = 64  # pages fetched and waiting for analysis: the fetchers pause when it is full
    refresh_feeds: float = 30.0  # subscriptions added or removed while running are noticed this often

    def __post_init__(self) -> None:
        if min(self.feed_workers, self.page_workers, self.fetched_queue) < 1:
            raise ValueError("worker counts and the fetched queue must be at least 1")
        if min(self.interval, self.first_retry, self.max_retry_gap, self.feed_backoff, self.refresh_feeds) <= 0:
            raise ValueError("intervals and backoffs must be positive")
        if self.retry_for < 0:
            raise ValueError("retry_for must not be negative")

    def retry_gap(self, attempts: int) -> float:
        """The wait before a page's next attempt, after ``attempts`` failed ones (≥ 1)."""
        return min(self.first_retry * 2 ** max(attempts - 1, 0), self.max_retry_gap)

    def feed_gap(self, failures: int) -> float:
        """The wait before a feed's next poll after ``failures`` consecutive failed ones (0: the interval)."""
        return min(self.interval * 2 ** failures, max(self.feed_backoff, self.interval))
