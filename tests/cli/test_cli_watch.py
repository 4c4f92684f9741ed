"""The watch and alert commands end to end: add a watch, ingest, see the alert once, test and remove it."""

import json
from pathlib import Path

from typer.testing import CliRunner

from eventwatch.cli import app

runner = CliRunner()
DEMO = Path(__file__).parents[2] / "src/eventwatch/data/demo"


def test_watch_add_ingest_alerts_once_then_test_and_remove(tmp_path: Path):
    db, sink = str(tmp_path / "w.db"), tmp_path / "alerts.jsonl"
    added = runner.invoke(app, ["watch", "add", "launches", "--actor", "PRK", "--type", "MOBILIZE",
                                "--mode", "missile-test", "--jsonl", str(sink), "--db", db])
    assert added.exit_code == 0, added.output
    assert "actor PRK; type MOBILIZE; mode missile-test" in added.output
    twice = runner.invoke(app, ["watch", "add", "launches", "--actor", "USA", "--db", db])
    assert twice.exit_code == 1 and "launches exists already" in twice.stderr and "--replace" in twice.stderr
    listed = runner.invoke(app, ["watch", "list", "--db", db, "--format", "json"])
    assert [w["name"] for w in json.loads(listed.output)] == ["launches"]

    first = DEMO / "01-nk-srbm-launch.txt"
    ingested = runner.invoke(app, ["ingest", str(first), "--db", db, "-q"])
    assert ingested.exit_code == 0, ingested.output
    assert "deliveries:" in ingested.output and "0 failed" in ingested.output
    alerts = [json.loads(line) for line in sink.read_text().splitlines()]
    assert alerts and all(a["event"]["type"] == "MOBILIZE" and a["event"]["source"].startswith("PRK")
                          for a in alerts)
    assert runner.invoke(app, ["ingest", str(first), "--db", db, "-q"]).exit_code == 0
    assert runner.invoke(app, ["alerts", "run", "--db", db]).exit_code == 0
    assert len(sink.read_text().splitlines()) == len(alerts)  # nothing new: nothing sent again

    shown = runner.invoke(app, ["alerts", "list", "--db", db, "--format", "json"])
    assert {d["status"] for a in json.loads(shown.output) for d in a["deliveries"]} == {"delivered"}
    tested = runner.invoke(app, ["watch", "test", "launches", "--db", db])
    assert tested.exit_code == 0 and f"{len(alerts)} matching event(s)" in tested.output
    assert runner.invoke(app, ["watch", "remove", "launches", "--db", db]).exit_code == 0
    assert runner.invoke(app, ["watch", "remove", "launches", "--db", db]).exit_code == 2


def test_watch_file_with_an_error_names_the_watch_and_field(tmp_path: Path):
    path = tmp_path / "w.yaml"
    path.write_text("- name: bad\n  types: [LAUNCH]\n", encoding="utf-8")
    result = runner.invoke(app, ["watch", "add", "--file", str(path), "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 2
    assert "watch bad" in result.output and "types" in result.output


def test_an_existing_name_is_refused_and_a_file_is_added_whole_or_not_at_all(tmp_path: Path):
    db = str(tmp_path / "w.db")
    assert runner.invoke(app, ["watch", "add", "a", "--db", db]).exit_code == 0
    path = tmp_path / "w.yaml"
    path.write_text("watches:\n  - name: b\n  - name: a\n    actors: [PRK]\n", encoding="utf-8")
    refused = runner.invoke(app, ["watch", "add", "--file", str(path), "--db", db])
    assert refused.exit_code == 1 and "watch a exists already" in refused.stderr
    assert "nothing was added" in refused.stderr
    listed = runner.invoke(app, ["watch", "list", "--db", db, "--format", "json"])
    assert [w["name"] for w in json.loads(listed.output)] == ["a"]
    replaced = runner.invoke(app, ["watch", "add", "--file", str(path), "--db", db, "--replace"])
    assert replaced.exit_code == 0, replaced.output
    listed = json.loads(runner.invoke(app, ["watch", "list", "--db", db, "--format", "json"]).output)
    assert [(w["name"], w["actors"]) for w in listed] == [("a", ["PRK"]), ("b", [])]


def test_watch_add_matches_asserted_events_unless_asked_for_more(tmp_path: Path):
    db = str(tmp_path / "w.db")
    plain = runner.invoke(app, ["watch", "add", "plain", "--actor", "PRK", "--db", db])
    assert plain.exit_code == 0 and "modality asserted" in plain.output
    every = runner.invoke(app, ["watch", "add", "every", "--modality", "any", "--db", db])
    assert every.exit_code == 0 and "modality any" in every.output
    listed = {w["name"]: w["modalities"] for w in json.loads(
        runner.invoke(app, ["watch", "list", "--db", db, "--format", "json"]).output)}
    assert listed == {"plain": ["asserted"], "every": []}
    shown = runner.invoke(app, ["watch", "add", "--help"], env={"COLUMNS": "200"})
    assert "asserted (the default)" in shown.output and "any for every modality" in shown.output
