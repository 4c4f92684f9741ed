"""The whole `eventwatch ingest` command against the NLP pipeline alone, on the same texts (issue 15).

    python benchmarks/bench_whole_command.py --copies 1000 --words 465 [--profile out.prof]

Writes a JSONL of ``--copies`` republished copies of one generated wire story (other outlets, titles, trailers,
a paragraph cut or added), then times, one after the other:
  1. `eventwatch ingest FILE --db NEW --quiet --no-alerts` as a fresh process, start-up included;
  2. the trained English pipeline alone (`nlp.pipe` over the same texts, every component, model load excluded),
     in a fresh process.
The target is (1) ≤ 2 × (2). ``--profile`` runs (1) under cProfile and prints where the time goes.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_store_growth import republished
from generate import article

EVENTWATCH = str(Path(sys.executable).parent / "eventwatch")
PIPE_ONLY = """
import json, sys, time
from eventwatch.nlp.language import get_nlp
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = get_nlp()
started = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=64):
    pass
print(time.perf_counter() - started)
"""


def write_copies(path: Path, copies: int, words: int) -> int:
    rng = random.Random(21)
    wire = article(0, rng, words)
    with path.open("w", encoding="utf-8") as out:
        for index in range(copies):
            doc = republished(wire, index, rng)
            out.write(json.dumps({"text": doc.content, "url": doc.url, "title": doc.title, "source": doc.source,
                                  "published": doc.published.isoformat()}) + "\n")
    return len(wire.content.split("\n\n(story")[0].split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=1000)
    parser.add_argument("--words", type=int, default=465)
    parser.add_argument("--profile", type=Path, help="also run the ingest under cProfile, saving to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "copies.jsonl"
        words = write_copies(source, args.copies, args.words)
        started = time.perf_counter()
        run = subprocess.run([EVENTWATCH, "ingest", str(source), "--db", str(Path(tmp) / "w.db"), "--quiet",
                              "--no-alerts"], capture_output=True, text=True)
        whole = time.perf_counter() - started
        if run.returncode != 0:
            sys.exit(f"ingest failed ({run.returncode}): {run.stderr[-2000:]}")
        pipe = float(subprocess.run([sys.executable, "-c", PIPE_ONLY, str(source)], capture_output=True,
                                    text=True, check=True).stdout.split()[-1])
        print(f"{args.copies} copies of a {words}-word story (JSONL)")
        print(f"eventwatch ingest, start-up included: {whole:.1f} s ({args.copies / whole:.1f} articles/s)")
        print(f"NLP pipeline alone (nlp.pipe, all components, load excluded): {pipe:.1f} s "
              f"({args.copies / pipe:.1f} articles/s)")
        ratio = whole / pipe
        print(f"ratio {ratio:.2f} (target ≤ 2.00): {'met' if ratio <= 2 else 'NOT met'}")
        print(run.stdout.strip().splitlines()[0] if run.stdout.strip() else "")
        if args.profile:
            subprocess.run([sys.executable, "-m", "cProfile", "-o", str(args.profile), EVENTWATCH, "ingest",
                            str(source), "--db", str(Path(tmp) / "p.db"), "--quiet", "--no-alerts"],
                           capture_output=True, check=True)
            import pstats

            pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
