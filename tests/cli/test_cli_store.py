"""Which store a command uses: --db, else $EVENTWATCH_DB, else events.db; a command that only reads refuses a
SQLite file that does not exist (naming the stores nearby, creating nothing); the commands that write data
create it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwatch.cli import app
from eventwatch.store.location import DB_ENV, event_count, require_store, sqlite_file
from small_store import make_small_store

runner = CliRunner()

READ_COMMANDS = [
    ["events"], ["event", "1"], ["show", "abcdef12"], ["related", "abcdef12"], ["stories"],
    ["export", "--format", "csv"], ["escalation", "PRK"], ["serve"], ["doctor"], ["backup", "copy.db"],
    ["watch", "list"], ["watch", "test", "w"], ["watch", "remove", "w"], ["alerts", "list"], ["alerts", "run"],
    ["alerts", "retry"], ["feeds", "list"], ["feeds", "remove", "https://example.org/feed"], ["feeds", "poll"],
    ["token", "list"], ["token", "revoke", "1"],
]


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "small.db"
    make_small_store(str(path))
    return path


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_read_command_refuses_a_missing_store_and_creates_nothing(tmp_path: Path, small_db: Path,
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     command: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(small_db, tmp_path / "eventwatch-demo.db")
    before = _files(tmp_path)
    result = runner.invoke(app, [*command, "--db", "data/typo.db"])
    assert result.exit_code == 2, result.output
    assert "no store at data/typo.db" in result.stderr and result.stdout == ""
    assert "eventwatch-demo.db  (1 event)\n" in result.stderr  # the store that does exist, with its size
    assert "export EVENTWATCH_DB=eventwatch-demo.db" in result.stderr and "eventwatch demo" in result.stderr
    assert _files(tmp_path) == before  # no file, no data/ folder, no -wal or -shm beside the listed store


def test_the_default_store_is_refused_too_and_the_message_says_how_to_make_one(tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["events"])
    assert result.exit_code == 2
    assert "no store at events.db" in result.stderr and f"No store in {tmp_path}" in result.stderr
    assert "eventwatch ingest FILES… --db PATH" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_stores_beside_the_given_path_are_listed(tmp_path: Path, small_db: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(small_db, data / "news.db")
    (data / "notes.db").write_text("not a database")
    result = runner.invoke(app, ["events", "--db", str(data / "nwes.db")])
    assert result.exit_code == 2
    assert "data/news.db  (1 event)\n" in result.stderr
    assert "  data/notes.db\n" in result.stderr  # listed, without a count: not an eventwatch store
    assert "export EVENTWATCH_DB=data/news.db" in result.stderr


def test_the_suggested_export_line_can_be_pasted_as_it_is(tmp_path: Path, small_db: Path,
                                                          monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(small_db, tmp_path / "my store.db")
    result = runner.invoke(app, ["events", "--db", "my-store.db"])
    assert "  export EVENTWATCH_DB='my store.db'\n" in result.stderr


def test_eventwatch_db_is_the_default_and_db_wins(tmp_path: Path, small_db: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(DB_ENV, str(small_db))
    listed = runner.invoke(app, ["events", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert '"PRKMIL"' in listed.stdout
    assert runner.invoke(app, ["escalation", "PRK", "--format", "json"]).exit_code == 0
    wins = runner.invoke(app, ["events", "--db", "elsewhere.db"])
    assert wins.exit_code == 2 and "no store at elsewhere.db" in wins.stderr
    monkeypatch.setenv(DB_ENV, "missing.db")
    told = runner.invoke(app, ["events"])
    assert told.exit_code == 2 and "no store at missing.db" in told.stderr and f"(from ${DB_ENV})" in told.stderr


@pytest.mark.parametrize("command", [["events"], ["serve"], ["watch", "list"], ["export"], ["doctor"]])
def test_help_shows_the_environment_variable(command: list[str]) -> None:
    shown = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0
    assert f"env var: {DB_ENV}" in shown.stdout


def test_demo_keeps_its_own_store_and_says_how_to_point_at_it() -> None:
    shown = runner.invoke(app, ["demo", "--help"], env={"COLUMNS": "200"})
    assert "eventwatch-demo.db" in shown.stdout and f"env var: {DB_ENV}" not in shown.stdout


@pytest.mark.parametrize("command", [
    ["watch", "add", "w", "--actor", "PRK"], ["feeds", "add", "https://example.org/feed.xml"],
    ["token", "create", "--name", "crawler"],
])
def test_commands_that_write_data_create_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   command: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(DB_ENV, str(tmp_path / "new" / "store.db"))
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output
    assert event_count(tmp_path / "new" / "store.db") == 0


def test_only_sqlite_files_are_checked(tmp_path: Path) -> None:
    assert sqlite_file("postgresql://u:p@localhost/db") is None
    assert sqlite_file(":memory:") is None and sqlite_file("sqlite://") is None
    assert sqlite_file(f"sqlite:///{tmp_path}/a.db") == tmp_path / "a.db"
    assert sqlite_file("~/x.db") == Path.home() / "x.db"
    require_store("postgresql://u:p@localhost/db")  # never refused here: the server says what is missing
