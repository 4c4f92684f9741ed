"""``eventwatch escalation`` on a generated history: sparklines, the spike and its evidence, JSON, errors."""

from __future__ import annotations

import datetime as dt
import json

from typer.testing import CliRunner

from escalation_history import START, background, burst, sentence_of, store_events
from eventwatch.cli import app
from eventwatch.cli.escalation import BARS, sparkline
from eventwatch.store import open_store

runner = CliRunner()
SPIKE_DAY = START + dt.timedelta(days=60)


def test_sparkline_scales_to_the_peak_and_sums_long_series():
    assert sparkline([0, 1, 2, 4, 8]) == " ▂▃▅█"
    assert sparkline([0, 0]) == "  " and sparkline([]) == ""
    long = sparkline([1.0] * 250, width=100)
    assert len(long) == 84 and set(long) <= set(BARS)  # three days a bar; the last bar holds one day


def test_escalation_command_prints_series_spike_evidence_and_json(tmp_path):
    db = str(tmp_path / "e.db")
    spike = burst(SPIKE_DAY)
    with open_store(db) as store:
        store_events(store, background(31, days=80, rate=1.0) + spike)
    table = runner.invoke(app, ["escalation", "PRK", "USA", "--since", "2022-02-01", "--until", "2022-03-21",
                                "--db", db, "--window", "20"])
    assert table.exit_code == 0, table.output
    conflict_line = next(line for line in table.output.splitlines() if line.startswith("conflict"))
    assert "█" in conflict_line and set(conflict_line.split()[1]) <= set(BARS)
    assert f"spike {SPIKE_DAY} conflict" in table.output
    assert all(sentence_of(e) in table.output for e in spike)
    assert "PRK ↔ USA (both directions)" in table.output

    as_json = runner.invoke(app, ["escalation", "PRK", "USA", "--since", "2022-02-01", "--until", "2022-03-21",
                                  "--db", db, "--window", "20", "--format", "json"])
    body = json.loads(as_json.output)
    assert [s["date"] for s in body["spikes"]] == [SPIKE_DAY.isoformat()] and len(body["days"]) == 49

    assert runner.invoke(app, ["escalation", "PRK", "--directed", "--db", db]).exit_code != 0
    bad = runner.invoke(app, ["escalation", "PRK", "--since", "2022-03-01", "--until", "2022-01-01", "--db", db])
    assert bad.exit_code == 2 and "until" in bad.output


def test_a_scope_without_events_is_said_in_one_line(tmp_path):
    db = str(tmp_path / "e.db")
    with open_store(db) as store:
        store_events(store, background(31, days=40, rate=1.0))
    never = runner.invoke(app, ["escalation", "PRK", "NZL", "--db", db])
    assert never.exit_code == 0, never.output
    assert never.stdout == f"no events between PRK and NZL in the store ({db})\n"
    alone = runner.invoke(app, ["escalation", "NZL", "--db", db])
    assert alone.stdout == f"no events initiated by NZL in the store ({db})\n"

    elsewhere = runner.invoke(app, ["escalation", "PRK", "USA", "--directed", "--since", "2000-06-01",
                                    "--until", "2000-12-31", "--db", db])
    assert elsewhere.exit_code == 0 and len(elsewhere.stdout.splitlines()) == 1
    assert elsewhere.stdout.startswith("no events from PRK to USA from 2000-06-01 to 2000-12-31; the latest is ")

    as_json = runner.invoke(app, ["escalation", "PRK", "NZL", "--db", db, "--format", "json"])
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout)["spikes"] == []  # still the index's JSON, nothing mixed into it
    assert "no events between PRK and NZL" in as_json.stderr
