"""The benchmark scripts are not a package: put benchmarks/ on the path so their modules can be imported."""

import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))


@pytest.fixture(scope="module")
def small_event_db(tmp_path_factory) -> Path:
    """A store of a few hundred generated events, filled the way the 1 M-event benchmark fills its store."""
    from bench_load import prepare_store

    db = tmp_path_factory.mktemp("load") / "events.db"
    prepare_store(db, events=400, articles=40, reuse=False)
    return db
