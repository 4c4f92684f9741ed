"""`eventwatch actors` and actor names in `--actor`/`--source`/`--target` (events, export)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from eventwatch.cli import app

runner = CliRunner()


def events(db: str, *args: str) -> list[dict]:
    result = runner.invoke(app, ["events", "--db", db, "--format", "json", "--limit", "500", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_actors_lists_codes_and_names_matching_a_query() -> None:
    result = runner.invoke(app, ["actors", "korea"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["PRK", "country", "North"] and lines[1].split()[:3] == ["KOR", "country", "South"]
    assert "Korean People's Army" in result.output and "events" not in lines[0]
    people = runner.invoke(app, ["actors", "Kim Jong Un"]).output.splitlines()
    assert people[0].split()[:2] == ["PRKGOV", "person"]
    everything = runner.invoke(app, ["actors", "--limit", "5"]).output.splitlines()
    assert len(everything) == 6 and "--limit" in everything[-1]


def test_actors_counts_stored_events_when_given_a_store(demo_db: str) -> None:
    result = runner.invoke(app, ["actors", "north korea", "--db", demo_db])
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0].split()
    assert first[:2] == ["PRK", "country"] and int(first[2]) == len(events(demo_db, "--actor", "PRK"))


def test_an_actor_name_filters_like_its_code(demo_db: str) -> None:
    by_code = events(demo_db, "--actor", "PRK")
    named = runner.invoke(app, ["events", "--db", demo_db, "--format", "json", "--limit", "500",
                                "--actor", "North Korea"])
    assert named.exit_code == 0 and json.loads(named.stdout) == by_code and by_code
    assert "→ PRK" in named.stderr
    assert events(demo_db, "--source", "United Nations") == events(demo_db, "--source", "IGOUNO")
    assert events(demo_db, "--source", "Kim Jong Un", "--target", "South Korea") == events(
        demo_db, "--source", "PRKGOV", "--target", "KOR")


@pytest.mark.parametrize(("value", "expected"), [("Korea", "South Korea"), ("Nroth Korea", "did you mean")])
def test_an_ambiguous_or_unknown_name_exits_2_with_suggestions(demo_db: str, value: str, expected: str) -> None:
    for command in (["events"], ["export", "--format", "jsonl", "--out", "-"]):
        result = runner.invoke(app, [*command, "--db", demo_db, "--actor", value])
        assert result.exit_code == 2, result.output
        assert expected in result.output and "PRK" in result.output and "North Korea" in result.output


def test_escalation_and_watches_take_names_too(demo_db: str, tmp_path) -> None:
    by_name = runner.invoke(app, ["escalation", "North Korea", "South Korea", "--db", demo_db, "--format", "json"])
    by_code = runner.invoke(app, ["escalation", "PRK", "KOR", "--db", demo_db, "--format", "json"])
    assert by_name.exit_code == 0 and by_code.exit_code == 0, by_name.output
    assert json.loads(by_name.stdout) == json.loads(by_code.stdout)
    db = str(tmp_path / "w.db")
    added = runner.invoke(app, ["watch", "add", "launches", "--actor", "North Korea", "--target", "Japan",
                                "--db", db])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["watch", "list", "--db", db])
    assert "PRK" in listed.output and "JPN" in listed.output
    unknown = runner.invoke(app, ["watch", "add", "x", "--actor", "Nroth Korea", "--db", db])
    assert unknown.exit_code == 2 and "PRK" in unknown.output
