"""Whole-pipeline throughput and peak memory: clean → segment → analyse → code → store (SQLite), one core.

    python benchmarks/bench_pipeline.py --articles 1000
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

from eventwatch.coding.coder import code_events
from eventwatch.nlp.analyse import analyse
from eventwatch.runner import ingest_documents
from eventwatch.store import open_store
from eventwatch.text.article import build_article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=600)
    args = parser.parse_args()
    docs = list(corpus(args.articles, words=args.words))
    words = sum(len(d.content.split()) for d in docs)
    # Warm the process-wide dictionaries and matchers once, as any long-running ingest does.
    code_events(analyse(build_article(docs[0])))

    started = time.perf_counter()
    events = 0
    for doc in docs:
        events += len(code_events(analyse(build_article(doc))))
    analysis_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "bench.db")) as store:
        started = time.perf_counter()
        summary = ingest_documents(iter(docs), store)
        total_seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"articles: {len(docs)}  mean words/article: {words / len(docs):.0f}")
    print(f"analysis only (clean+segment+nlp+code): {len(docs) / analysis_seconds:.1f} articles/s, "
          f"{events} events ({events / len(docs):.1f}/article)")
    print(f"end to end incl. SQLite store: {len(docs) / total_seconds:.1f} articles/s, "
          f"{summary.stored} stored, {summary.events} events, {sum(summary.skipped.values())} skipped")
    print(f"peak resident memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
