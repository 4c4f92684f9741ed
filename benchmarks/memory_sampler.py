"""Resident memory over a long run: a background sampler and a leak verdict from the samples.

The peak (``ru_maxrss``) only ever rises, so it cannot tell a leak from a one-off high-water mark such as
loading the gazetteer; the CURRENT resident set, sampled against the work done, can: a leak keeps rising
after warm-up, a healthy process goes flat.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20


def current_rss_mb() -> float:
    """Resident set size now (second field of /proc/self/statm, in pages)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_MB


@dataclass(frozen=True)
class MemorySample:
    seconds: float  # since the sampler started
    articles: int  # articles ingested when the sample was taken
    rss_mb: float


class ProgressCounter:
    """Counts items as they are pulled from an iterator, so samples taken mid-batch know the progress."""

    def __init__(self) -> None:
        self.done = 0

    def count(self, items):
        for item in items:
            yield item
            self.done += 1


class MemorySampler:
    """Samples current RSS every ``interval`` seconds on a daemon thread, plus on demand (``mark``)."""

    def __init__(self, progress: ProgressCounter, interval: float = 5.0,
                 on_sample: Callable[[MemorySample], None] | None = None) -> None:
        self.progress = progress
        self.on_sample = on_sample
        self.interval = interval
        self.samples: list[MemorySample] = []
        self._started = time.perf_counter()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def __enter__(self) -> MemorySampler:
        self.mark()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.mark()

    def mark(self) -> MemorySample:
        sample = MemorySample(time.perf_counter() - self._started, self.progress.done, current_rss_mb())
        with self._lock:
            self.samples.append(sample)
        if self.on_sample:
            self.on_sample(sample)
        return sample

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.mark()


@dataclass(frozen=True)
class LeakVerdict:
    slope_mb_per_10k: float  # least-squares slope of RSS over articles, second half of the run
    second_half_samples: int
    first_batch_mb: float
    last_batch_mb: float
    threshold_mb_per_10k: float

    @property
    def flat(self) -> bool:
        return self.slope_mb_per_10k <= self.threshold_mb_per_10k

    def describe(self) -> str:
        word = "FLAT (no leak)" if self.flat else "GROWING (possible leak)"
        return (f"leak verdict: {word} — second-half slope {self.slope_mb_per_10k:+.2f} MB per 10k articles over "
                f"{self.second_half_samples} samples (threshold {self.threshold_mb_per_10k:.1f}); RSS after first "
                f"batch {self.first_batch_mb:.0f} MB, after last batch {self.last_batch_mb:.0f} MB "
                f"({self.last_batch_mb - self.first_batch_mb:+.0f} MB)")


def leak_verdict(samples: list[MemorySample], batch_rss_mb: list[float],
                 threshold_mb_per_10k: float = 5.0) -> LeakVerdict:
    """Judge growth after warm-up: the first half absorbs caches filling up, the second half must be flat."""
    total = max(s.articles for s in samples)
    tail = [s for s in samples if s.articles >= total / 2]
    if len({s.articles for s in tail}) < 2:
        raise ValueError("need samples at two or more progress points in the second half to fit a slope")
    slope, _ = statistics.linear_regression([s.articles for s in tail], [s.rss_mb for s in tail])
    return LeakVerdict(slope * 10_000, len(tail), batch_rss_mb[0], batch_rss_mb[-1], threshold_mb_per_10k)
