"""The local Dask cluster of an ingest: Ctrl-C is the driver's (workers ignore SIGINT), and a run on it stops at
an unwritable store like a single-process run, with its summary, after closing the cluster."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from eventwatch.pipeline.dask import ingest_dask
from eventwatch.pipeline.run import IngestStopped, ingest_paths
from eventwatch.scale.cluster import dask_client
from eventwatch.store import open_store

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
from generate import corpus

DEMO = Path(__file__).parents[2] / "src/eventwatch/data/demo"


def test_local_workers_ignore_sigint() -> None:
    with dask_client(1, None) as client:
        [pid] = client.run(os.getpid).values()
        os.kill(pid, signal.SIGINT)  # what Ctrl-C in a terminal sends to the whole process group
        time.sleep(0.5)
        assert client.submit(sum, [1, 2], pure=False).result(timeout=30) == 3
        assert list(client.run(os.getpid).values()) == [pid], "the worker died or was restarted"


def test_a_run_on_the_cluster_stops_when_the_store_cannot_be_written(tmp_path: Path) -> None:
    db = str(tmp_path / "ro.db")
    with open_store(db) as store:
        ingest_paths([DEMO], store)
        before = store.counts()
    with open_store(f"sqlite:///file:{db}?mode=ro&uri=true") as store, pytest.raises(IngestStopped) as raised:
        ingest_dask(iter(corpus(12, seed=2, words=150)), store, workers=2, batch=4)
    summary = raised.value.summary
    assert raised.value.cause.reason == "read-only" and summary.stored == 0 and not summary.skipped
    assert summary.ended is not None and "readonly database" in summary.ended
    with open_store(db) as store:
        assert store.counts() == before
