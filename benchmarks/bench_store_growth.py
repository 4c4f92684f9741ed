"""Does storing an article cost the same with a large store as with an empty one? (issue 15)

    python benchmarks/bench_store_growth.py --copies 5000 --copy-batch 500 [--copies-analysed 20]
    python benchmarks/bench_store_growth.py --copies 0 --distinct 100000 --distinct-batch 5000

(a) Syndication: one generated wire story of ``--words`` words republished ``--copies`` times by different
outlets (another title and trailer, a paragraph cut or added, punctuation changed). Each copy goes through the
whole pipeline (analysis, then the save, in one process); its events merge into the same stored events, which
gather thousands of mentions. Printed per batch: whole-ingest rate and the rate of the saves alone.
``--copies-analysed N`` analyses N copies once and stores each again under other outlets' addresses: the same
saves, without hours of analysis.

(b) Growth: ``--distinct`` distinct articles. Analysing 100,000 articles takes hours on this machine and would
hide the store's share, so a pool of ``--pool`` generated articles is analysed once and each stored article is a
distinct variant of one of them: its own id, address, content hash and fingerprint, and its publication and event
dates moved by a day per round of the pool (so its events are new occurrences or merge with other articles' of
that day, as in a real desk's feed). Printed per batch: the rate of the saves and the store's size.

Both end with the last batch's rate against the first's; the target is at least 90 %.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import article
from memory_sampler import current_rss_mb
from syndication import ADDED, TRAILERS

from eventwatch.dedup.signature import signature as fingerprint
from eventwatch.errors import DocumentError
from eventwatch.model import RawDocument
from eventwatch.pipeline.run import IngestRun, IngestSummary
from eventwatch.pipeline.stages import Result, process
from eventwatch.store import Store, open_store

TARGET = 0.90


def republished(original: RawDocument, index: int, rng: random.Random) -> RawDocument:
    """An outlet's copy of the wire story: its own title, address and trailer, sometimes a paragraph cut or one
    added, and punctuation changed."""
    body = original.content.split("\n\n(story")[0]
    paragraphs = body.split("\n\n")
    if len(paragraphs) > 3 and rng.random() < 0.4:
        paragraphs.pop(rng.randrange(1, len(paragraphs)))
    if rng.random() < 0.4:
        paragraphs.append(rng.choice(ADDED).format(a="Lee", b="Park", c="Kim", r="military", p="Seoul"))
    if rng.random() < 0.5:
        paragraphs = [p.replace(", and", " and").replace("—", "-") for p in paragraphs]
    outlet = f"outlet{index % 700}"
    text = "\n\n".join(paragraphs) + "\n\n" + "\n".join(rng.choice(TRAILERS)) + "\n"
    return RawDocument(text, "text", f"copy:{index}", url=f"https://{outlet}.example.net/world/{index}",
                       title=f"{outlet}: story {index}", published=original.published, source=outlet)


def timed_batches(total: int, size: int, step: Callable[[int], tuple[float, float]],
                  describe: Callable[[], str]) -> list[float]:
    """Run ``step`` for 0..total-1 in batches; each step returns its save's wall and CPU seconds. Prints each
    batch; returns each batch's saves per CPU second, which a second process on the machine disturbs far less
    than the wall clock (both are printed)."""
    rates = []
    for start in range(0, total, size):
        began, wall_saving, cpu_saving = time.perf_counter(), 0.0, 0.0
        for index in range(start, min(total, start + size)):
            wall, cpu = step(index)
            wall_saving += wall
            cpu_saving += cpu
        wall = time.perf_counter() - began
        done = min(total, start + size) - start
        rates.append(done / cpu_saving)
        print(f"  {start + done:7d}: {done / wall:6.1f} articles/s whole; saves {done / wall_saving:6.1f}/s wall, "
              f"{done / cpu_saving:6.1f}/s CPU; {describe()}, RSS {current_rss_mb():.0f} MB", flush=True)
    return rates


def verdict(name: str, rates: list[float]) -> bool:
    ratio = rates[-1] / rates[0]
    ok = ratio >= TARGET
    print(f"[{name}] saves per CPU second: first batch {rates[0]:.1f}/s, last {rates[-1]:.1f}/s = {ratio:.0%} of "
          f"the first (target ≥ {TARGET:.0%}): {'met' if ok else 'NOT met'}", flush=True)
    return ok


def syndication(store: Store, copies: int, batch: int, words: int, analysed: int = 0) -> bool:
    """``analysed``: 0 analyses every copy (the whole pipeline); N analyses N copies once and stores each again
    under another outlet's address, which measures the saves alone N times faster."""
    rng = random.Random(15)
    wire = article(0, rng, words)
    run = IngestRun(store)
    pool = [process(republished(wire, index, rng)) for index in range(analysed)]

    def step(index: int) -> tuple[float, float]:
        result = process(republished(wire, index, rng)) if not pool else _readdressed(pool[index % len(pool)], index)
        began = time.perf_counter(), time.process_time()
        run.save(result)
        return time.perf_counter() - began[0], time.process_time() - began[1]

    how = f"each of {analysed} analysed copies stored again" if pool else "each analysed"
    print(f"[copies] {copies} copies of one {words}-word story ({how}), batches of {batch}", flush=True)
    rates = timed_batches(copies, batch, step, lambda: _size(store, run.summary))
    return verdict("copies", rates)


def _readdressed(result: Result, index: int) -> Result:
    outlet = f"outlet{index % 700}"
    unique = hashlib.sha256(f"copy {index}".encode()).hexdigest()
    return dataclasses.replace(result, article=dataclasses.replace(
        result.article, id=unique[:16], url=f"https://{outlet}.example.net/world/{index}", source=outlet))


def variants(pool: list[Result], total: int) -> Iterator[Result]:
    for index in range(total):
        base = pool[index % len(pool)]
        shift = dt.timedelta(days=index // len(pool))
        unique = hashlib.sha256(f"variant {index}".encode()).hexdigest()
        text_rng = random.Random(index)
        noise = " ".join(f"w{text_rng.randrange(10**9)}" for _ in range(60))
        article_ = dataclasses.replace(
            base.article, id=unique[:16], content_hash=unique, url=f"https://desk.example.org/{index}",
            published=base.article.published + shift if base.article.published else None)
        events = [dataclasses.replace(e, date=e.date + shift) for e in base.events]
        yield dataclasses.replace(base, article=article_, events=events, signature=fingerprint(noise))


def growth(store: Store, total: int, batch: int, pool_size: int, words: int) -> bool:
    print(f"[distinct] analysing a pool of {pool_size} generated articles…", flush=True)
    rng = random.Random(9)
    pool = []
    for index in range(pool_size):
        try:
            pool.append(process(article(index + 1, rng, words)))
        except DocumentError:
            continue
    run = IngestRun(store)
    stream = variants(pool, total)

    def step(_index: int) -> tuple[float, float]:
        result = next(stream)
        began = time.perf_counter(), time.process_time()
        run.save(result)
        return time.perf_counter() - began[0], time.process_time() - began[1]

    print(f"[distinct] {total} distinct articles, batches of {batch}", flush=True)
    rates = timed_batches(total, batch, step, lambda: _size(store, run.summary))
    return verdict("distinct", rates)


def _size(store: Store, summary: IngestSummary) -> str:
    counts = store.counts()
    return (f"stored {summary.stored} ({summary.near_duplicates} copies, {sum(summary.skipped.values())} skipped), "
            f"{counts['events']} events, {counts['mentions']} mentions")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=5000)
    parser.add_argument("--copy-batch", type=int, default=500)
    parser.add_argument("--copies-analysed", type=int, default=0,
                        help="analyse this many copies once and store them again (0: analyse every copy)")
    parser.add_argument("--distinct", type=int, default=0)
    parser.add_argument("--distinct-batch", type=int, default=5000)
    parser.add_argument("--pool", type=int, default=300)
    parser.add_argument("--words", type=int, default=465)
    parser.add_argument("--db", type=Path, help="store location (default: a temporary SQLite file)")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        if args.copies:
            with open_store(str(args.db or Path(tmp) / "copies.db")) as store:
                ok &= syndication(store, args.copies, args.copy_batch, args.words, args.copies_analysed)
        if args.distinct:
            with open_store(str(args.db or Path(tmp) / "distinct.db")) as store:
                ok &= growth(store, args.distinct, args.distinct_batch, args.pool, args.words)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
