"""Russian coding speed (lang/ru): model loading once, then seconds per article through the whole pipeline.

    python benchmarks/bench_russian.py              # the ten test articles, 5 rounds

The articles are tests/russian_articles.py (short wire-style pieces written for the tests), each given to
``process`` as a RawDocument, so the time includes cleaning, language detection, natasha's parse and coding.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

from eventwatch.model import RawDocument
from eventwatch.pipeline.stages import process
from russian_articles import ARTICLES, PUBLISHED


def _run(text: str) -> float:
    start = time.perf_counter()
    process(RawDocument(content=text, kind="text", origin="bench", published=PUBLISHED))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    first = _run(ARTICLES[0])
    times = [_run(text) for _ in range(args.rounds) for text in ARTICLES]
    chars = statistics.mean(len(a) for a in ARTICLES)
    print(f"first article (loads natasha, pymorphy3, the gazetteer): {first:.2f} s")
    print(f"warm: median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms per article "
          f"({chars:.0f} characters on average, {len(times)} runs)")
    joined = "\n\n".join(ARTICLES)  # one longer article, nearer a real story's length
    long = [_run(joined) for _ in range(args.rounds)]
    print(f"the ten as one article ({len(joined)} characters): median {statistics.median(long) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
