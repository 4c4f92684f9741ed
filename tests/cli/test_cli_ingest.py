"""`eventwatch ingest` ending early: a store that cannot be written stops it with exit status 3, Ctrl-C with 130;
both print the summary of what was stored, and leave every stored article whole."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event
from typer.testing import CliRunner

from eventwatch.cli import app
from eventwatch.model import RawDocument
from eventwatch.store.integrity import diagnose_location
from store.ingest_helpers import EVENTWATCH, snapshot, stored_articles

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
from generate import corpus

runner = CliRunner()
STOP_BOUND = 10.0  # seconds; generous for a loaded 2-core machine (measured: well under 2 s)


def write_jsonl(docs: list[RawDocument], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for doc in docs:
            out.write(json.dumps({"text": doc.content, "url": doc.url, "title": doc.title, "source": doc.source,
                                  "published": doc.published.isoformat() if doc.published else None}) + "\n")
    return path


@pytest.fixture(scope="module")
def articles() -> list[RawDocument]:
    return list(corpus(24, seed=5, words=250))


@pytest.fixture
def full_disk() -> Iterator[dict[str, int]]:
    """``full_disk[path] = n``: from the next connection on, the SQLite file at ``path`` may grow by ``n``
    pages only; SQLite then raises its own "database or disk is full" (SQLITE_FULL)."""
    caps: dict[str, int] = {}

    def cap(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        file = cursor.execute("PRAGMA database_list").fetchone()[2]
        if file in caps:
            used = cursor.execute("PRAGMA page_count").fetchone()[0]
            cursor.execute(f"PRAGMA max_page_count = {used + caps[file]}")
        cursor.close()

    event.listen(Engine, "connect", cap)
    yield caps
    event.remove(Engine, "connect", cap)


def test_a_full_disk_stops_the_run_with_status_3_and_keeps_what_was_stored(tmp_path, articles, full_disk):
    db = tmp_path / "full.db"
    first = runner.invoke(app, ["ingest", str(write_jsonl(articles[:3], tmp_path / "first.jsonl")),
                                "--db", str(db), "-q", "--no-alerts"])
    assert first.exit_code == 0 and "3 stored" in first.output, first.output
    before = snapshot(str(db))
    full_disk[str(db.resolve())] = 12
    rest = write_jsonl(articles[3:], tmp_path / "rest.jsonl")
    result = runner.invoke(app, ["ingest", str(rest), "--db", str(db), "-q"])
    assert result.exit_code == 3, result.output
    assert "stopped: the store cannot be written (full)" in result.output
    assert "database or disk is full" in result.output and "store-error" not in result.output
    read, stored = map(int, re.search(r"(\d+) documents read: (\d+) stored", result.output).groups())
    assert read == stored + 1 < len(articles) - 3  # stopped at the first failure
    diagnosis = diagnose_location(str(db))
    assert diagnosis.clean, diagnosis.problems
    assert diagnosis.counts["articles"] == 3 + stored
    after = snapshot(str(db))["articles"]
    assert {key: after[key] for key in before["articles"]} == before["articles"], "an earlier article changed"


def test_a_read_only_store_stops_the_run_before_anything_is_written(tmp_path, articles):
    db = tmp_path / "ro.db"
    assert runner.invoke(app, ["ingest", str(write_jsonl(articles[:2], tmp_path / "a.jsonl")), "--db", str(db),
                               "-q", "--no-alerts"]).exit_code == 0
    before = snapshot(str(db))
    # SQLite's read-only open (as for a file on read-only media; tests/store/test_store_readonly.py mounts one)
    read_only = f"sqlite:///file:{db}?mode=ro&uri=true"
    result = runner.invoke(app, ["ingest", str(write_jsonl(articles[2:6], tmp_path / "b.jsonl")), "--db", read_only,
                                 "-q"])
    assert result.exit_code == 3, result.output
    assert "1 documents read: 0 stored" in result.output
    assert "stopped: the store cannot be written (read-only)" in result.output
    assert "Store now holds 2 articles" in result.output
    assert snapshot(str(db)) == before


@pytest.fixture(scope="module")
def big_jsonl(tmp_path_factory) -> Path:
    """More articles than any run here gets through before it is interrupted."""
    return write_jsonl(list(corpus(600, seed=9, words=250)), tmp_path_factory.mktemp("big") / "big.jsonl")


@pytest.mark.parametrize("workers", [[], ["--workers", "2"]], ids=["one-process", "dask"])
def test_ctrl_c_stops_the_run_at_once_with_its_summary(tmp_path, big_jsonl, workers):
    db = str(tmp_path / "interrupted.db")
    # As from a terminal: a run started in the background (CI's, nohup's) would pass SIGINT on ignored.
    run = subprocess.Popen([EVENTWATCH, "ingest", str(big_jsonl), "--db", db, "--quiet", *workers],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 300
    while stored_articles(db) < 3:
        assert run.poll() is None, f"the ingest ended before it was interrupted: {run.communicate()}"
        assert time.monotonic() < deadline, "the ingest stored too little in time"
        time.sleep(0.05)
    assert run.poll() is None
    sent = time.monotonic()
    run.send_signal(signal.SIGINT)
    try:
        out, err = run.communicate(timeout=STOP_BOUND)
    except subprocess.TimeoutExpired:
        run.kill()
        pytest.fail(f"did not stop within {STOP_BOUND} s of SIGINT: {run.communicate()}")
    print(f"stopped {time.monotonic() - sent:.2f} s after SIGINT ({workers or 'one process'})")
    assert run.returncode == 130, (out, err)
    assert "interrupted (Ctrl-C)" in out, out
    stored = int(re.search(r"documents read: (\d+) stored", out).group(1))
    diagnosis = diagnose_location(db)
    assert diagnosis.clean, diagnosis.problems  # no article half-stored: each has its events and mentions
    held = diagnosis.counts["articles"]
    assert f"Store now holds {held} articles" in out
    # The summary counts a save once it has returned; SIGINT landing between its commit and that count
    # (microseconds of a ~0.1 s cycle) would leave it one short.
    assert held - stored in (0, 1) and held >= 3
