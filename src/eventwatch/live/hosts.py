"""The pages waiting to be fetched, handed to workers host by host.

A worker asks for the next page it may fetch now: one whose host has fewer than ``per_host`` requests in flight
and whose politeness gap (the fetcher's, including Crawl-delay) has passed. Of those, the freshest goes first (the
page with the highest ``priority``: the live poller gives the time it first saw the entry), so a story that just
broke is not queued behind a backlog of older ones; hosts with pages of equal priority take turns, so a host with
a hundred new items, or one whose pages hang, never holds a worker while another host's page could go. A page to
be retried later waits in a heap, not in a thread.
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
        self._ready: dict[str, list[tuple[float, int, T]]] = {}  # per host, a heap of (-priority, order, page)
        self._turn: deque[str] = deque()  # hosts with ready pages, in the order they get their turn
        self._later: list[tuple[float, int, str, float, T]] = []  # (monotonic time, order, host, priority, page)
        self._order = itertools.count()
        self._busy: Counter[str] = Counter()

    def put(self, host: str, item: T, at: float | None = None, priority: float = 0.0) -> None:
        """Queue a page for its host, to be fetched now or not before the monotonic time ``at``; of the pages
        that may go, the highest ``priority`` goes first."""
        with self._cond:
            if at is not None and at > time.monotonic():
                heapq.heappush(self._later, (at, next(self._order), host, priority, item))
            else:
                self._add(host, item, priority)
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

    def wake(self) -> None:
        with self._cond:
            self._cond.notify_all()

    # -- internals --------------------------------------------------------------------------------

    def _add(self, host: str, item: T, priority: float) -> None:
        pages = self._ready.get(host)
        if pages is None:
            pages = self._ready[host] = []
            self._turn.append(host)
        heapq.heappush(pages, (-priority, next(self._order), item))

    def _release_due(self) -> None:
        now = time.monotonic()
        while self._later and self._later[0][0] <= now:
            _, _, host, priority, item = heapq.heappop(self._later)
            self._add(host, item, priority)

    def _pick(self) -> tuple[tuple[str, T] | None, float]:
        """The freshest page whose host may go now (hosts in turn order break ties); else how long to wait
        before looking again."""
        nap = MAX_NAP
        if self._later:
            nap = min(nap, self._later[0][0] - time.monotonic())
        best: tuple[float, int] | None = None  # (-priority, position in turn)
        for position, host in enumerate(self._turn):
            if self._busy[host] >= self.per_host:
                continue
            gap = self._ready_in(host)
            if gap > 0:
                nap = min(nap, gap)
                continue
            key = (self._ready[host][0][0], position)
            if best is None or key < best:
                best = key
        if best is None:
            return None, nap
        host = self._turn[best[1]]
        pages = self._ready[host]
        _, _, item = heapq.heappop(pages)
        del self._turn[best[1]]
        if pages:
            self._turn.append(host)  # its next page waits for the other hosts' turn
        else:
            del self._ready[host]
        self._busy[host] += 1
        return (host, item), nap
