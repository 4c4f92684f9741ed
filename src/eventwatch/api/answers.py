"""The dashboard's counts over the whole store (facets, timeline, map totals), kept between requests.

On a million events these counts read every event (0.1–0.5 s each) while a page of the table is one seek, so
the home page would take over a second for every visitor. Each answer is kept with the store's generation (its
newest event and report ids: every save that adds or merges an event adds a report) and given again while the
store has not changed. When another process has changed it (a feed poll, a CLI ingest), an answer up to
``STALE_FOR`` seconds old is still given: under a live feed the store changes every few seconds, and counts a few
seconds behind the table are worth a fast page. Past that it is computed again in the background, the old answer
given meanwhile, so a count lags another process's writes by at most ``STALE_FOR`` plus one computation (~1 s on
a million events). With ``stale_for=0`` every change is computed before answering. A write through this API drops
every kept answer, so a client always reads its own writes. ``warm`` computes the home page's answers when the
server starts.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from eventwatch.store import Store

log = logging.getLogger("eventwatch.api")
STALE_FOR = 30.0  # seconds an answer may lag a store that changed
KEPT = 256  # answers kept (the most recently used)


@dataclass
class _Answer:
    value: Any
    generation: tuple[int, int]
    made: float


class Answers:
    def __init__(self, store: Store, stale_for: float = STALE_FOR, kept: int = KEPT) -> None:
        self.store, self.stale_for, self.kept = store, stale_for, kept
        self._answers: OrderedDict[Hashable, _Answer] = OrderedDict()
        self._lock = threading.Lock()
        self.refreshing: dict[Hashable, threading.Thread] = {}  # answers being computed again in the background

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The kept answer for ``key`` if still good (see the module docstring), else ``compute()``'s, kept.
        A kept answer older than ``stale_for`` of a store another process changed is still given once more while
        it is computed again in the background, so no visitor waits for the counts of a busy store."""
        generation = self.store.generation()
        with self._lock:
            kept = self._answers.get(key)
            if kept is not None:
                fresh = kept.generation == generation or time.monotonic() - kept.made < self.stale_for
                if fresh or key in self.refreshing or self.stale_for > 0:
                    if not fresh and key not in self.refreshing:
                        self._refresh(key, compute, generation)
                    self._answers.move_to_end(key)
                    return kept.value
        value = compute()
        self._keep(key, value, generation)
        return value

    def _keep(self, key: Hashable, value: Any, generation: tuple[int, int]) -> None:
        with self._lock:
            self._answers[key] = _Answer(value, generation, time.monotonic())
            self._answers.move_to_end(key)
            while len(self._answers) > self.kept:
                self._answers.popitem(last=False)

    def _refresh(self, key: Hashable, compute: Callable[[], Any], generation: tuple[int, int]) -> None:
        """Compute ``key`` again in a thread (called with the lock held)."""
        def run() -> None:
            try:
                self._keep(key, compute(), generation)
            except Exception:  # the kept answer stays; the next request past the lag tries again
                log.exception("refreshing a dashboard count failed")
            finally:
                with self._lock:
                    self.refreshing.pop(key, None)

        thread = threading.Thread(target=run, name="eventwatch-refresh", daemon=True)
        self.refreshing[key] = thread
        thread.start()

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()


def warm(jobs: list[Callable[[], Any]]) -> threading.Thread:
    """Run the home page's computations in the background, so its first visitor does not wait for them."""
    def run() -> None:
        started = time.perf_counter()
        for job in jobs:
            try:
                job()
            except Exception:  # a store that cannot be read now will say so to the first request instead
                log.exception("warming the dashboard's counts failed")
                return
        log.info("dashboard counts ready in %.1f s", time.perf_counter() - started)

    thread = threading.Thread(target=run, name="eventwatch-warm", daemon=True)
    thread.start()
    return thread
