"""`eventwatch export` writes to standard output unless --out names a file, and stops quietly when its reader
does (`eventwatch export --format csv | head -3`): checked through a real pipe, since only a real pipe breaks."""

from __future__ import annotations

import csv
import io
import shlex
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from eventwatch.cli import app
from eventwatch.store import open_store

runner = CliRunner()
EVENTWATCH = [sys.executable, "-c", "from eventwatch.cli import app; app(prog_name='eventwatch')"]


def test_standard_output_is_the_default(demo_db: str) -> None:
    result = runner.invoke(app, ["export", "--db", demo_db, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    with open_store(demo_db) as store:
        assert len(rows) == 1 + store.count_events()
    assert "exported" in result.stderr and "standard output" in result.stderr


def test_parquet_still_needs_a_file(demo_db: str) -> None:
    result = runner.invoke(app, ["export", "--db", demo_db, "--format", "parquet"])
    assert result.exit_code == 2 and "--out" in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "gdelt"])
def test_a_reader_that_stops_early_ends_the_export_quietly(demo_db: str, fmt: str) -> None:
    # The demo's export is well over a pipe's 64 KB buffer, so the writer is still writing when the reader
    # goes: the pipe breaks for certain, not by timing.
    command = [*EVENTWATCH, "export", "--db", demo_db, "--format", fmt, "--batch", "7"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        first = [process.stdout.readline() for _ in range(3)]
        process.stdout.close()  # what `head -3` does after its third line
        errors = process.stderr.read().decode()
        status = process.wait(timeout=120)
    assert all(line.endswith(b"\n") for line in first)
    assert status == 0, errors
    assert errors == "", errors  # no traceback, no "Exception ignored … BrokenPipeError", no summary


def test_through_a_shell_pipe_into_head(demo_db: str) -> None:
    line = shlex.join([*EVENTWATCH, "export", "--db", demo_db, "--format", "csv"]) + " | head -3"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", line], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 3 and done.stdout.startswith("id,date,")
    assert done.stderr == ""
