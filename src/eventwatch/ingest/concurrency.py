"""Run a function over many items in threads, within an overall limit and a limit per key (a host)."""

from __future__ import annotations

import queue
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")


def map_concurrently(fn: Callable[[T], R], items: Iterable[T], workers: int, key: Callable[[T], str],
                     per_key: int) -> Iterator[tuple[T, R]]:
    """(item, fn(item)) pairs in completion order, with at most ``workers`` calls running and at most
    ``per_key`` per key (host). Items are handed out round-robin over keys, so a thread never sits blocked
    on a busy host while another host's work waits.

    Each call runs in a daemon thread: when the consumer stops (Ctrl-C), items not started are dropped and
    the process can exit without waiting out the read timeouts of requests still in flight.
    """
    queues: dict[str, deque[T]] = {}
    for item in items:
        queues.setdefault(key(item), deque()).append(item)
    turn = deque(queues)
    busy: Counter[str] = Counter()
    done: queue.SimpleQueue[tuple[str, T, R | None, BaseException | None]] = queue.SimpleQueue()

    def run(k: str, item: T) -> None:
        try:
            done.put((k, item, fn(item), None))
        except BaseException as exc:  # handed to the consumer, which re-raises it
            done.put((k, item, None, exc))

    running = 0
    while turn or running:
        started = True
        while started and turn and running < workers:  # as many as the limits allow, not one per completion
            started = False
            for _ in range(len(turn)):
                if not turn or running >= workers:
                    break
                k = turn[0]
                turn.rotate(-1)
                if busy[k] >= per_key:
                    continue
                item = queues[k].popleft()
                if not queues[k]:
                    del queues[k]
                    turn.remove(k)
                busy[k] += 1
                running += 1
                started = True
                threading.Thread(target=run, args=(k, item), name="eventwatch-fetch", daemon=True).start()
        k, item, result, error = done.get()
        busy[k] -= 1
        running -= 1
        if error is not None:
            raise error
        yield item, cast(R, result)  # None only together with an error
