"""The page queue hands out pages host by host: within the per-host limit, past each host's politeness gap,
hosts taking turns, and pages due later only when due."""

from __future__ import annotations

import threading
import time

from eventwatch.live.hosts import HostQueue

NEVER = threading.Event()


def test_a_busy_host_does_not_hold_back_another_hosts_pages() -> None:
    queue: HostQueue[str] = HostQueue(per_host=1)
    for n in range(3):
        queue.put("slow.example", f"slow-{n}")
    queue.put("fast.example", "fast-0")
    first = queue.take(NEVER, timeout=0.1)
    second = queue.take(NEVER, timeout=0.1)
    assert first == ("slow.example", "slow-0") and second == ("fast.example", "fast-0")
    assert queue.take(NEVER, timeout=0.1) is None  # slow.example has its one request in flight
    queue.done("slow.example")
    assert queue.take(NEVER, timeout=0.1) == ("slow.example", "slow-1")
    assert queue.waiting() == (1, 0, 2)


def test_per_host_allows_that_many_in_flight() -> None:
    queue: HostQueue[int] = HostQueue(per_host=3)
    for n in range(5):
        queue.put("wire.example", n)
    taken = [queue.take(NEVER, timeout=0.05) for _ in range(4)]
    assert [t[1] if t else None for t in taken] == [0, 1, 2, None]


def test_hosts_take_turns() -> None:
    queue: HostQueue[str] = HostQueue(per_host=10)
    for n in range(3):
        for host in ("a", "b"):
            queue.put(host, f"{host}{n}")
    order = [queue.take(NEVER, timeout=0.05)[1] for _ in range(6)]
    assert order == ["a0", "b0", "a1", "b1", "a2", "b2"]


def test_a_host_inside_its_gap_waits_while_others_go() -> None:
    gaps = {"polite.example": 0.3}
    queue: HostQueue[str] = HostQueue(per_host=2, ready_in=lambda host: max(0.0, gaps.get(host, 0.0)))
    queue.put("polite.example", "p")
    queue.put("other.example", "o")
    assert queue.take(NEVER, timeout=0.05) == ("other.example", "o")
    assert queue.take(NEVER, timeout=0.05) is None
    gaps["polite.example"] = 0.0
    assert queue.take(NEVER, timeout=0.6) == ("polite.example", "p")


def test_a_page_due_later_is_handed_out_only_when_due() -> None:
    queue: HostQueue[str] = HostQueue(per_host=1)
    queue.put("wire.example", "retry", at=time.monotonic() + 0.3)
    assert queue.waiting() == (0, 1, 0)
    started = time.monotonic()
    assert queue.take(NEVER, timeout=0.05) is None
    assert queue.take(NEVER, timeout=2) == ("wire.example", "retry")
    assert 0.25 <= time.monotonic() - started < 1.5


def test_stop_wakes_a_waiting_worker() -> None:
    queue: HostQueue[str] = HostQueue(per_host=1)
    stop = threading.Event()
    got: list[object] = []
    worker = threading.Thread(target=lambda: got.append(queue.take(stop)))
    worker.start()
    time.sleep(0.1)
    stop.set()
    queue.wake()
    worker.join(2)
    assert not worker.is_alive() and got == [None]


def test_the_freshest_page_goes_first_past_a_backlog() -> None:
    queue: HostQueue[str] = HostQueue(per_host=5)
    for n in range(3):
        for host in ("a", "b"):
            queue.put(host, f"old-{host}{n}", priority=1.0)
    queue.put("c", "breaking", priority=2.0)
    queue.put("a", "breaking-on-a", priority=2.0)
    order = [queue.take(NEVER, timeout=0.05)[1] for _ in range(4)]
    assert order == ["breaking-on-a", "breaking", "old-b0", "old-a0"]  # equal priorities: hosts in turn
