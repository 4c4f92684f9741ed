"""The pages waiting to be fetched, handed to workers host by host.

A worker asks for the next page it may fetch now: one whose host has fewer than ``per_host`` requests in flight
and whose politeness gap (the fetcher's, including Crawl-delay) has passed. Hosts take turns, so a host with a
hundred new items, or one whose pages hang, never holds a worker while another host's page could go; a page to be
retried later waits in a heap, not in a thread.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

MAX_NAP = 0.5  # a waiting worker looks again at least this often (stop requests, a gap that has passed)


class HostQueue(Generic[T]):
    def __init__(self, per_host: int, ready_in: Callable[[str], float] | None = None) -> None:
        self.per_host = per_host
        self._ready_in = ready_in or (lambda host: 0.0)
        self._cond = threading.Condition()
        self._ready: dict[str, deque[T]] = {}
        self._turn: deque[str] = deque()  # hosts with ready pages, in the order they get their turn
        self._later: list[tuple[float, int, str, T]] = []  # (monotonic time, tie-break, host, page)
        self._order = itertools.count()
        self._busy: Counter[str] = Counter()

    def put(self, host: str, item: T, at: float | None = None) -> None:
        """Queue a page for its host, to be fetched now or not before the monotonic time ``at``."""
        with self._cond:
            if at is not None and at > time.monotonic():
                heapq.heappush(self._later, (at, next(self._order), host, item))
            else:
                self._add(host, item)
            self._cond.notify()

    def take(self, stop: threading.Event, timeout: float | None = None) -> tuple[str, T] | None:
        """The next (host, page) a worker may fetch now; None when ``stop`` is set or ``timeout`` passed.
        Call ``done(host)`` when its request is over."""
        give_up = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while not stop.is_set():
                self._release_due()
                found, nap = self._pick()
                if found is not None:
                    return found
                if give_up is not None:
                    if time.monotonic() >= give_up:
                        return None
                    nap = min(nap, give_up - time.monotonic())
                self._cond.wait(max(nap, 0.001))
        return None

    def done(self, host: str) -> None:
        with self._cond:
            self._busy[host] -= 1
            if self._busy[host] <= 0:
                del self._busy[host]
            self._cond.notify_all()

    def waiting(self) -> tuple[int, int, int]:
        """(pages ready, pages waiting for a later time, requests in flight)."""
        with self._cond:
            return sum(len(q) for q in self._ready.values()), len(self._later), sum(self._busy.values())

    def drop_later(self) -> list[T]:
        """Take out every page queued for a later time (a one-pass poll leaves those to its next run)."""
        with self._cond:
            items = [item for _, _, _, item in self._later]
            self._later.clear()
            return items

    def wake(self) -> None:
        with self._cond:
            self._cond.notify_all()

    # -- internals --------------------------------------------------------------------------------

    def _add(self, host: str, item: T) -> None:
        queue = self._ready.get(host)
        if queue is None:
            queue = self._ready[host] = deque()
            self._turn.append(host)
        queue.append(item)

    def _release_due(self) -> None:
        now = time.monotonic()
        while self._later and self._later[0][0] <= now:
            _, _, host, item = heapq.heappop(self._later)
            self._add(host, item)

    def _pick(self) -> tuple[tuple[str, T] | None, float]:
        """The first host in turn that may go now, and its page; else how long to wait before looking again."""
        nap = MAX_NAP
        if self._later:
            nap = min(nap, self._later[0][0] - time.monotonic())
        for _ in range(len(self._turn)):
            host = self._turn[0]
            self._turn.rotate(-1)
            if self._busy[host] >= self.per_host:
                continue
            gap = self._ready_in(host)
            if gap > 0:
                nap = min(nap, gap)
                continue
            queue = self._ready[host]
            item = queue.popleft()
            if not queue:
                del self._ready[host]
                self._turn.remove(host)
            self._busy[host] += 1
            return (host, item), nap
        return None, nap
