"""Whole-pipeline throughput and peak memory: clean → segment → analyse → code → store (SQLite), one core.

    python benchmarks/bench_pipeline.py --articles 1000
    python benchmarks/bench_pipeline.py --soak 100000 --batch 5000   # ingest at scale: time and RSS over the run

The soak generates articles as it goes (never holding the corpus), stores them with duplicate detection and
event merging, and prints each batch's throughput and current resident memory; a background thread samples
the current RSS every few seconds, and the run ends with a leak verdict (slope of RSS over articles in the
second half of the run, and the last batch against the first). Ctrl-C stops early with the figures so far.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import corpus
from memory_sampler import MemorySample, MemorySampler, ProgressCounter, leak_verdict

from eventwatch.coding.coder import code_events
from eventwatch.coding.lexicon import get_lexicon
from eventwatch.nlp.analyse import analyse
from eventwatch.nlp.language import get_nlp, model_name
from eventwatch.pipeline.run import ingest_documents
from eventwatch.store import open_store
from eventwatch.text.article import build_article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=650)
    parser.add_argument("--soak", type=int, default=0, help="instead: ingest this many articles in batches")
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--sample-every", type=float, default=5.0, help="seconds between RSS samples (soak)")
    args = parser.parse_args()
    if args.soak:
        soak(args.soak, args.batch, args.words, args.sample_every)
        return
    docs = list(corpus(args.articles, words=args.words))
    articles = [build_article(d) for d in docs]
    words = sum(len(a.text.split()) for a in articles)
    worth = get_lexicon().may_hold_event
    # Warm the process-wide model, dictionaries and matchers once, as any long-running ingest does.
    code_events(analyse(articles[0], worth_parsing=worth))

    started = time.perf_counter()
    for _ in get_nlp().pipe([a.text for a in articles], batch_size=64):
        pass
    pipe_seconds = time.perf_counter() - started

    started = time.perf_counter()
    events = parsed = sentences = 0
    for doc in docs:
        analysis = analyse(build_article(doc), worth_parsing=worth)
        events += len(code_events(analysis))
        parsed += len(analysis.parses)
        sentences += len(analysis.article.sentences)
    analysis_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "bench.db")) as store:
        started = time.perf_counter()
        summary = ingest_documents(iter(docs), store)
        total_seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"articles: {len(docs)}  mean words/article (clean body): {words / len(docs):.0f}  model: {model_name()}")
    print(f"plain nlp.pipe of the model over the same clean bodies: {len(docs) / pipe_seconds:.1f} articles/s")
    print(f"analysis (clean+segment+recognisers+parse+code): {len(docs) / analysis_seconds:.1f} articles/s, "
          f"{events} events ({events / len(docs):.1f}/article), {parsed}/{sentences} sentences parsed")
    print(f"end to end incl. SQLite store: {len(docs) / total_seconds:.1f} articles/s, "
          f"{summary.stored} stored, {summary.events} events, {sum(summary.skipped.values())} skipped")
    print(f"peak resident memory: {peak_mb:.0f} MB")


def soak(total: int, batch: int, words: int, interval: float) -> None:
    """Ingest ``total`` articles; Ctrl-C (SIGINT) stops early and still prints the figures so far."""
    documents = corpus(total, words=words)
    progress = ProgressCounter()
    batch_rss: list[float] = []
    print("[rss] columns: seconds, articles done, current RSS MB", flush=True)
    with (tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "soak.db")) as store,
          MemorySampler(progress, interval, on_sample=print_sample) as sampler):
        started = time.perf_counter()
        try:
            while progress.done < total:
                size = min(batch, total - progress.done)
                t0 = time.perf_counter()
                summary = ingest_documents(progress.count(next(documents) for _ in range(size)), store)
                seconds = time.perf_counter() - t0
                counts = store.counts()
                batch_rss.append(sampler.mark().rss_mb)
                print(f"[soak] {progress.done:7d} articles: last {size} at {size / seconds:5.1f} articles/s, "
                      f"{summary.new_events} new events of {summary.events}, {summary.near_duplicates} copies, "
                      f"store {counts['events']} events / {counts['mentions']} mentions, "
                      f"RSS now {batch_rss[-1]:.0f} MB, {time.perf_counter() - started:.0f} s", flush=True)
        except KeyboardInterrupt:
            print(f"[soak] CUT SHORT at {progress.done} of {total} articles", flush=True)
        db_mb = sum(f.stat().st_size for f in Path(tmp).iterdir()) / 1e6
        elapsed = time.perf_counter() - started
    print(f"[soak] {progress.done} articles in {elapsed:.0f} s ({progress.done / elapsed:.1f} articles/s); "
          f"store {db_mb:.0f} MB; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if len(batch_rss) >= 2:
        print(f"[soak] {leak_verdict(sampler.samples, batch_rss).describe()}")


def print_sample(sample: MemorySample) -> None:
    print(f"[rss] {sample.seconds:8.1f} {sample.articles:7d} {sample.rss_mb:8.1f}", flush=True)


if __name__ == "__main__":
    main()
