"""Cleaning and segmentation are on the per-article hot path: keep them cheap."""

from __future__ import annotations

import time
from pathlib import Path

from eventwatch.model import RawDocument
from eventwatch.text import clean, segment

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "text" / "long_wire_story.txt"
# The target is well under 2 ms per ~600-word article; the bound here is loose so a slow or busy
# test machine does not fail the suite, while a per-call setup cost (building a pipeline, loading
# the YAML again) still would.
MAX_MS = 10.0


def test_clean_and_segment_speed() -> None:
    raw = RawDocument(FIXTURE.read_text(encoding="utf-8"), "text", "speed")
    assert 550 <= len(raw.content.split()) <= 700
    segment(clean(raw).text)  # warm caches (rules are compiled once per process)
    runs = 200
    start = time.perf_counter()
    for _ in range(runs):
        segment(clean(raw).text)
    per_call_ms = (time.perf_counter() - start) / runs * 1000
    assert per_call_ms < MAX_MS, f"{per_call_ms:.2f} ms per article"
