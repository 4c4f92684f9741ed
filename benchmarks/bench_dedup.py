"""Near-duplicate detection: precision/recall on generated copies, and cost at scale (LSH in the store).

    python benchmarks/bench_dedup.py --stories 1000 --copies 2 --scale 100000

Part 1 stores every original, its perturbed copies and a same-story report by another outlet (a hard
negative) through ``Store.save`` on SQLite, and scores the duplicate links the store made. It also prints
the similarity rule's precision/recall for other thresholds (signatures compared directly, no LSH).
Part 2 stores ``--scale`` distinct generated articles through the same path (clean, segment, MinHash, band
lookup, insert) and prints the time per batch, which stays flat when lookups are indexed rather than
compared with every stored article, and the resident memory, which stays bounded.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from syndication import copy, page, same_story_elsewhere, story

from eventwatch.dedup.signature import DEFAULT_THRESHOLD, signature, similarity
from eventwatch.store import open_store
from eventwatch.text.article import build_article


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def quality(stories: int, copies: int, seed: int) -> None:
    rng = random.Random(seed)
    originals, positives, negatives = [], [], []
    for i in range(stories):
        item = story(rng)
        originals.append(page(item, item.paragraphs, f"wire-{i}", rng.choice([["Source link"], ["Share this:"]])))
        positives += [(copy(item, rng, f"copy{k}-{i}"), i) for k in range(copies)]
        negatives.append((same_story_elsewhere(item, rng, f"other-{i}"), i))
        negatives.append((same_story_elsewhere(item, rng, f"followup-{i}", shared=2), i))
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "dedup.db")) as store:
        ids, sigs = [], []
        for raw in originals:
            article = build_article(raw)
            sig = signature(article.text)
            ids.append(store.save(article, [], [], signature=sig).article_id)
            sigs.append(sig)
        tp = fp = fn = 0
        by_kind: dict[str, list[int]] = {}
        sims_pos, sims_neg = [], []
        for (raw, what), i in positives:
            article = build_article(raw)
            sig = signature(article.text)
            saved = store.save(article, [], [], signature=sig)
            sims_pos.append(similarity(sig, sigs[i]))
            hit = saved.duplicate_of == ids[i]
            tp += hit
            fn += not hit
            fp += saved.duplicate_of is not None and not hit
            for kind in what.split("+"):
                by_kind.setdefault(kind, [0, 0])[0 if hit else 1] += 1
        negatives_flagged = 0
        for raw, i in negatives:
            article = build_article(raw)
            sig = signature(article.text)
            saved = store.save(article, [], [], signature=sig)
            sims_neg.append(similarity(sig, sigs[i]))
            negatives_flagged += saved.duplicate_of is not None
        fp += negatives_flagged
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(f"[quality] {stories} originals, {len(positives)} perturbed copies, {len(negatives)} same-story reports "
          f"by other outlets and follow-ups reusing 1-2 paragraphs (hard negatives); threshold {DEFAULT_THRESHOLD}")
    print(f"[quality] through the store (LSH): precision {precision:.4f}  recall {recall:.4f}  "
          f"(tp {tp}, fp {fp} of which {negatives_flagged} hard negatives, fn {fn})")
    for kind, (hit, miss) in sorted(by_kind.items()):
        print(f"[quality]   copies with {kind:18s}: recall {hit / (hit + miss):.4f} ({hit}/{hit + miss})")
    print(f"[quality] similarity to the original: copies min {min(sims_pos):.3f} mean "
          f"{sum(sims_pos) / len(sims_pos):.3f}; hard negatives max {max(sims_neg):.3f} mean "
          f"{sum(sims_neg) / len(sims_neg):.3f}")
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        t_p = sum(s >= threshold for s in sims_pos)
        f_p = sum(s >= threshold for s in sims_neg)
        print(f"[quality]   rule 'similarity >= {threshold}': precision {t_p / max(1, t_p + f_p):.4f} "
              f"recall {t_p / len(sims_pos):.4f}")


def scale(total: int, batch: int, seed: int) -> None:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "scale.db")) as store:
        started = time.perf_counter()
        flagged = 0
        for first in range(0, total, batch):
            t0 = time.perf_counter()
            for i in range(first, min(total, first + batch)):
                item = story(rng)
                article = build_article(page(item, item.paragraphs, f"s-{i}", ["Source link"]))
                flagged += store.save(article, [], [], signature=signature(article.text)).duplicate_of is not None
            seconds = time.perf_counter() - t0
            print(f"[scale] {min(total, first + batch):7d} stored: last {batch} took {seconds:6.2f} s "
                  f"({batch / seconds:6.0f} articles/s), RSS {rss_mb():6.0f} MB", flush=True)
        size = sum(f.stat().st_size for f in Path(tmp).iterdir()) / 1e6
        print(f"[scale] {total} articles in {time.perf_counter() - started:.0f} s; {flagged} flagged as "
              f"duplicates (all distinct, so false positives); store {size:.0f} MB; peak RSS "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    quality(args.stories, args.copies, args.seed)
    if args.scale:
        scale(args.scale, args.batch, args.seed + 1)


if __name__ == "__main__":
    main()
