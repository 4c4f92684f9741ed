"""How often the escalation index calls noise a spike, and how often it finds a real burst.

    python benchmarks/calibrate_escalation.py --seeds 30

Uses the generated PRK–USA histories of the tests (tests/escalation_history.py): 200 days of ordinary events
(threats, accusations, launches, sanctions, calls, statements of support; a Poisson number a day at several
rates, random direction), computed as plain points (no store). Prints false spikes per series of pure noise,
and the share of series in which a burst of the first n serious events (air, artillery and drone strikes,
a missile test, troop moves, a seizure) on day 120 is flagged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))

from escalation_history import CONFLICT_BURST, START, background, burst, points
from eventwatch.escalation.index import Scope, build_index

SINCE, UNTIL, TODAY = START + dt.timedelta(days=30), START + dt.timedelta(days=199), dt.date(2026, 1, 1)
SPIKE_DAY = START + dt.timedelta(days=120)


def spikes(events):
    return build_index(points(events), [], Scope("PRK", "USA"), SINCE, UNTIL, START, TODAY).spikes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=30)
    args = parser.parse_args()
    seeds = range(args.seeds)
    print(f"{'events/day':>10s}  {'false spikes (series with one)':>32s}  " +
          "  ".join(f"burst of {n}" for n in range(2, 7)))
    for rate in (0.5, 1.0, 2.0, 3.0, 5.0, 8.0):
        false = [len(spikes(background(seed, 200, rate))) for seed in seeds]
        found = []
        for n in range(2, 7):
            hits = sum(any(s.date == SPIKE_DAY and s.side == "conflict"
                           for s in spikes(background(seed, 200, rate) + burst(SPIKE_DAY, CONFLICT_BURST[:n])))
                       for seed in seeds)
            found.append(f"{hits:>4d}/{len(seeds):<5d}")
        print(f"{rate:10.1f}  {sum(false):>14d} ({sum(1 for f in false if f):d} of {len(seeds)} series)      " +
              "  ".join(found))


if __name__ == "__main__":
    main()
