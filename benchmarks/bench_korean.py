"""Korean coder speed: the ten wire-style articles of ko_articles.yaml through pipeline/stages.process, after one
warm-up article (Kiwi's model and the gazetteer load once per process).

    .venv/bin/python benchmarks/bench_korean.py --rounds 5
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import yaml

from eventwatch.model import RawDocument
from eventwatch.pipeline.stages import process


def _documents() -> list[RawDocument]:
    raw = yaml.safe_load((Path(__file__).parent / "ko_articles.yaml").read_text(encoding="utf-8"))
    return [RawDocument(a["text"], "text", f"ko-{i}", published=a["published"]) for i, a in enumerate(raw)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--show", action="store_true", help="print each article's events")
    args = parser.parse_args()
    documents = _documents()
    started = time.perf_counter()
    process(documents[0])
    print(f"first article (loads Kiwi and the gazetteer): {time.perf_counter() - started:.2f} s")
    started, events = time.perf_counter(), 0
    for _ in range(args.rounds):
        for document in documents:
            result = process(document)
            events += len(result.events)
            if args.show and _ == 0:
                for e in result.events:
                    print(document.origin, e.source_actor, e.plover_type, e.mode, e.target_actor, e.modality,
                          e.date_label, e.reported_by, e.place.name if e.place else "")
    elapsed = time.perf_counter() - started
    count = args.rounds * len(documents)
    print(f"{count} articles, {events // args.rounds} events per round: {1000 * elapsed / count:.1f} ms per article")


if __name__ == "__main__":
    main()
