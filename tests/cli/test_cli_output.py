"""What `eventwatch events` prints for a person at a terminal: one line per event sized to the console, ids to
follow (events → event ID → show ARTICLE_ID), `--wide` for everything; JSON and CSV unchanged."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from eventwatch.cli import app
from eventwatch.cli.common import console

runner = CliRunner()


def rows(db: str, *args: str) -> list[dict]:
    listed = runner.invoke(app, ["events", "--db", db, "--format", "json", *args])
    assert listed.exit_code == 0, listed.output
    return json.loads(listed.output)


@pytest.mark.parametrize("width", [80, 120])
def test_wide_is_a_block_per_event_that_fits_the_console(demo_db: str, width: int, monkeypatch) -> None:
    monkeypatch.setattr(console, "width", width)
    expected = rows(demo_db, "--limit", "9")
    lines = runner.invoke(app, ["events", "--db", demo_db, "--limit", "9", "--wide"]).output.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    heads = [line for line in lines if line and not line.startswith(" ")][1:]
    assert [head.split()[:2] for head in heads] == [[str(r["id"]), r["date"]] for r in expected]
    assert len(lines) < 9 * 8  # the 12-column table took 684 lines at 80 columns


@pytest.mark.parametrize("width", [80, 120])
def test_one_line_per_event_sized_to_the_console(demo_db: str, width: int, monkeypatch) -> None:
    monkeypatch.setattr(console, "width", width)
    expected = rows(demo_db, "--limit", "9")
    result = runner.invoke(app, ["events", "--db", demo_db, "--limit", "9"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 9 + 2  # a header, the events, a footer
    assert all(cell_len(line) <= width for line in lines), [line for line in lines if cell_len(line) > width]
    for line, row in zip(lines[1:-1], expected, strict=True):
        assert line.split()[:2] == [str(row["id"]), row["date"]]
        assert row["type"] in line and (row["source"] or "—") in line
    long = [(line, row) for line, row in zip(lines[1:-1], expected, strict=True) if len(row["evidence"]) > width]
    assert long and all("…" in line for line, _ in long)
    assert "9 events" in lines[-1]


def test_the_columns_environment_variable_sizes_piped_output(demo_db: str) -> None:
    env = {**os.environ, "COLUMNS": "80"}
    done = subprocess.run([sys.executable, "-c", "from eventwatch.cli import app; app()", "events", "--db", demo_db,
                           "--limit", "5"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 5 + 2 and max(cell_len(line) for line in lines) <= 80


def test_wide_shows_every_column_and_the_whole_evidence(demo_db: str, monkeypatch) -> None:
    monkeypatch.setattr(console, "width", 200)
    longest = max(rows(demo_db, "--limit", "500"), key=lambda r: len(r["evidence"]))
    assert len(longest["evidence"]) > 200
    wide = runner.invoke(app, ["events", "--db", demo_db, "--wide", "--limit", "500"]).output
    assert "reported by" in wide and longest["article_id"] in wide
    assert " ".join(longest["evidence"].split()) in " ".join(wide.split())  # wrapped, but whole


def test_ids_lead_from_events_to_event_to_article(demo_db: str) -> None:
    launch = max(rows(demo_db, "--type", "MOBILIZE", "--limit", "500"), key=lambda r: r["num_sources"])
    listed = runner.invoke(app, ["events", "--db", demo_db, "--type", "MOBILIZE", "--limit", "500"]).output
    assert re.search(rf"^\s*{launch['id']} ", listed, flags=re.MULTILINE)
    shown = runner.invoke(app, ["event", str(launch["id"]), "--db", demo_db]).output
    article_ids = re.findall(r"article ([0-9a-f]{16})", shown)
    assert launch["article_id"] in article_ids and len(article_ids) == launch["num_mentions"]
    article = runner.invoke(app, ["show", article_ids[-1], "--db", demo_db])
    assert article.exit_code == 0 and f"id {article_ids[-1]}" in article.output
    stories = runner.invoke(app, ["stories", "--db", demo_db]).output
    assert launch["article_id"] in stories
    related = runner.invoke(app, ["related", launch["article_id"], "--db", demo_db]).output
    assert re.search(r"\b[0-9a-f]{16}\b", related)


def test_json_and_csv_keep_their_shape(demo_db: str) -> None:
    first = rows(demo_db, "--limit", "1")[0]
    assert list(first)[:6] == ["id", "date", "precision", "source", "type", "mode"] and "evidence" in first
    csv_out = runner.invoke(app, ["events", "--db", demo_db, "--format", "csv", "--limit", "2"]).output
    assert csv_out.splitlines()[0].startswith("id,date,precision,source,type") and len(csv_out.splitlines()) == 3


def _command_paths(command, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [path]
    for name, sub in getattr(command, "commands", {}).items():
        found += _command_paths(sub, (*path, name))
    return found


def test_every_help_text_shows_plain_metavars() -> None:
    import typer.main

    paths = _command_paths(typer.main.get_command(app))
    assert ("ingest",) in paths and ("watch", "add") in paths and len(paths) > 25
    for path in paths:
        shown = runner.invoke(app, [*path, "--help"], terminal_width=200).output
        assert not re.search(r"<[a-z][^>]*>|\{[a-z_]+\}|\[(?!ARGS\])[A-Z_]+\]\.\.\.", shown), (path, shown)
    ingest = runner.invoke(app, ["ingest", "--help"], terminal_width=200).output
    assert "ingest [OPTIONS] PATHS..." in ingest and re.search(r"--db\s+PATH\|URL", ingest)
    events = runner.invoke(app, ["events", "--help"], terminal_width=200).output
    assert re.search(r"--since\s+DATE", events) and re.search(r"--actor\s+CODE\|NAME", events)
    assert re.search(r"--wide\s+The full table", events)  # a flag takes no value: no metavar
