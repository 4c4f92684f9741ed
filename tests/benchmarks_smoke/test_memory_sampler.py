"""The soak's memory sampler and leak verdict: real RSS readings, and a verdict that follows the numbers."""

import mmap
import time

import pytest
from memory_sampler import LeakVerdict, MemorySample, MemorySampler, ProgressCounter, current_rss_mb, leak_verdict


def _series(start_mb, mb_per_10k, articles=100_000, step=5_000):
    return [MemorySample(float(n), n, start_mb + mb_per_10k * n / 10_000) for n in range(0, articles + 1, step)]


def test_current_rss_rises_when_memory_is_held_and_is_not_the_peak():
    # An anonymous mapping, not a Python object: malloc may hand back pages that are already resident.
    size = 64 * 2**20
    before = current_rss_mb()
    held = mmap.mmap(-1, size)
    for offset in range(0, size, mmap.PAGESIZE):
        held[offset] = 1  # touch every page so it becomes resident
    during = current_rss_mb()
    assert during - before > 50
    held.close()
    assert current_rss_mb() < during - 50  # the peak would not come down


def test_flat_memory_after_warm_up_is_no_leak():
    warm_up = [MemorySample(float(n), n, 200 + n / 100) for n in range(0, 40_000, 5_000)]  # caches filling
    plateau = [MemorySample(float(n), n, 520.0 + (n // 5_000) % 2) for n in range(40_000, 100_001, 5_000)]
    verdict = leak_verdict(warm_up + plateau, [250.0, 520.0, 521.0])
    assert verdict.flat
    assert abs(verdict.slope_mb_per_10k) < 0.5
    assert "FLAT" in verdict.describe()


def test_steady_growth_is_reported_as_a_possible_leak():
    verdict = leak_verdict(_series(300, mb_per_10k=20), [310.0, 500.0])
    assert not verdict.flat
    assert verdict.slope_mb_per_10k == pytest.approx(20)
    assert "GROWING" in verdict.describe() and "+190 MB" in verdict.describe()


def test_a_verdict_needs_progress_in_the_second_half():
    with pytest.raises(ValueError):
        leak_verdict([MemorySample(0.0, 0, 100.0), MemorySample(1.0, 10, 100.0)] * 1
                     + [MemorySample(2.0, 10, 101.0)], [100.0])


def test_sampler_records_progress_counted_from_the_document_stream():
    progress = ProgressCounter()
    seen = []
    with MemorySampler(progress, interval=0.01, on_sample=seen.append) as sampler:
        for _ in progress.count(range(30)):
            time.sleep(0.002)
    assert progress.done == 30
    assert sampler.samples[0].articles == 0 and sampler.samples[-1].articles == 30
    assert len(sampler.samples) >= 3 and seen == sampler.samples
    assert all(s.rss_mb > 0 for s in sampler.samples)
    assert isinstance(leak_verdict(sampler.samples, [1.0, 1.0]), LeakVerdict)
