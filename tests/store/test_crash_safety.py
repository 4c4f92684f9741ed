"""An ingest killed with SIGKILL at a random moment, then run again, leaves the store a clean run would.

Each seed waits until the killed run has stored a random number of articles (so the kill lands while it is
storing, not while it starts up), adds a random few milliseconds, and kills it. The store is checked right
after the kill (SQLite's WAL is replayed on open) and after the restarted run finishes. The killed runs are
`eventwatch ingest` processes; the restarts and the clean run use the runner in this process (what the command
calls), which saves a pipeline start-up per seed.
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from eventwatch.store.integrity import diagnose_location
from store.ingest_helpers import fresh_location, ingest_to_completion, snapshot, start_ingest, stored_articles

SEEDS = [1, 2, 3, 4]


def kill_while_storing(folder: Path, location: str, total: int, rng: random.Random) -> int:
    """Start an ingest, kill -9 it after it has stored a random number of articles; returns that number."""
    target = rng.randrange(1, total - 8)
    run = start_ingest(folder, location)
    deadline = time.monotonic() + 240
    while stored_articles(location) < target:
        assert run.poll() is None, f"the ingest ended before it was killed: {run.communicate()}"
        assert time.monotonic() < deadline, "the ingest stored too little in time"
        time.sleep(0.01)
    time.sleep(rng.uniform(0, 0.05))
    assert run.poll() is None, "the ingest finished before the kill: the seed tested nothing"
    os.kill(run.pid, signal.SIGKILL)
    run.wait(timeout=30)
    assert run.returncode == -signal.SIGKILL
    return target


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_killed_ingests_restart_to_the_clean_runs_store(backend, inputs, clean_run, tmp_path):
    folder, total = inputs
    seeds = SEEDS if backend == "sqlite" else SEEDS[:1]
    assert clean_run["article_rows"] == total
    for seed in seeds:
        with fresh_location(backend, tmp_path) as location:
            at_least = kill_while_storing(folder, location, total, random.Random(seed))
            if backend == "sqlite":
                assert Path(location + "-wal").exists(), "the killed run left no WAL: was it in WAL mode?"
            # Straight after the kill: whole articles only, nothing half-written, nothing to repair.
            after_kill = diagnose_location(location)
            assert after_kill.clean, (seed, after_kill.problems)
            assert at_least <= after_kill.counts["articles"] < total
            partial = snapshot(location)
            assert {k: v for k, v in clean_run["articles"].items() if k in partial["articles"]} \
                == partial["articles"], f"seed {seed}: an article stored before the kill is incomplete"

            ingest_to_completion(folder, location)
            final = snapshot(location)
            assert final == clean_run, f"seed {seed}: the restarted store differs from a clean run"
            assert diagnose_location(location).clean
