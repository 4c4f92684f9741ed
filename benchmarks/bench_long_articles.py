"""Analysis time by article length: why text/article.py skips articles over MAX_ARTICLE_CHARS as too-long.

    python benchmarks/bench_long_articles.py                       # 25k … 400k characters
    python benchmarks/bench_long_articles.py --sizes 50000 200000

Each article is the generated wire copy of benchmarks/generate.py joined until it reaches the size (so the
density of actors, triggers and dates is that of news), analysed once (clean + segment + NLP + coding) after
one warm-up article, with the limit lifted for the measurement. Linear cost shows as a flat characters/s.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import article

import eventwatch.text.article as article_module
from eventwatch.pipeline.stages import process
from eventwatch.text.clean import clean


def long_article(chars: int, seed: int = 11):
    """Generated stories' clean bodies (their trailers would end the article) joined up to ``chars``."""
    rng = random.Random(seed)
    first = article(0, rng, 600)
    parts, total, index = [], 0, 0
    while total < chars:
        body = clean(article(index, rng, 600)).text
        parts.append(body)
        total += len(body) + 2
        index += 1
    text = "\n\n".join(parts)[:chars].rsplit(". ", 1)[0] + "."
    return dataclasses.replace(first, content=text, title="long", origin=f"long-{chars}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 50_000, 100_000, 200_000, 400_000])
    args = parser.parse_args()
    limit = getattr(article_module, "MAX_ARTICLE_CHARS", 0)  # 0: a version without the limit
    article_module.MAX_ARTICLE_CHARS = max(args.sizes) * 2
    process(long_article(5_000))  # dictionaries and the gazetteer load once per process
    print(f"limit today: {limit:,} characters\n{'characters':>12} {'sentences':>10} {'events':>8} "
          f"{'seconds':>8} {'chars/s':>9}")
    for size in args.sizes:
        doc = long_article(size)
        started = time.perf_counter()
        result = process(doc)
        seconds = time.perf_counter() - started
        print(f"{len(result.article.text):>12,} {len(result.article.sentences):>10,} {len(result.events):>8,} "
              f"{seconds:>8.2f} {len(result.article.text) / seconds:>9,.0f}")


if __name__ == "__main__":
    main()
