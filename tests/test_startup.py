"""Start-up: `eventwatch --help` and the read commands must not import what only ingest, serve or eval need.

What a command imports is a behaviour, checked here in a fresh interpreter for each command (the test
process itself has long imported everything). How long start-up takes is measured, not tested:
benchmarks/bench_startup.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eventwatch.store import open_store
from eventwatch.store.engine import head_revision, script_head
from small_store import make_small_store

# The NLP pipeline, near-duplicate hashing, scaling, the web server, HTML extraction: never needed to read.
HEAVY = ("spacy", "thinc", "datasketch", "numpy", "scipy", "dask", "distributed", "pyarrow", "fastapi",
         "uvicorn", "starlette", "trafilatura", "lxml", "feedparser", "dateparser", "eventwatch.pipeline.run",
         "eventwatch.pipeline", "eventwatch.nlp.dictionary")
# Reading a store that is already at the head revision needs no migration machinery either.
READ_HEAVY = (*HEAVY, "alembic")
# Nothing at all of the store for the commands that open none.
NO_STORE_HEAVY = (*READ_HEAVY, "sqlalchemy")

# Runs one command as the `eventwatch` script would, then reports which of the given modules it imported.
RUN_AND_REPORT = """
import json, sys
watched = json.loads(sys.argv[1])
from eventwatch.cli import app
code = 0
try:
    app(sys.argv[2:], prog_name="eventwatch")
except SystemExit as stop:
    code = stop.code or 0
print("IMPORTED " + json.dumps({"code": code, "heavy": sorted(m for m in watched if m in sys.modules)}))
"""


def run_cli(args: list[str], watched: tuple[str, ...]) -> tuple[int, list[str], str]:
    """(exit status, which watched modules were imported, output) of one command in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", RUN_AND_REPORT, json.dumps(watched), *args],
                          capture_output=True, text=True, timeout=300, check=False)
    report = [line for line in done.stdout.splitlines() if line.startswith("IMPORTED ")]
    assert report, f"no report; stdout: {done.stdout[-2000:]}\nstderr: {done.stderr[-2000:]}"
    found = json.loads(report[-1].removeprefix("IMPORTED "))
    return found["code"], found["heavy"], done.stdout + done.stderr


def test_importing_the_cli_imports_nothing_heavy() -> None:
    code = f"import json, sys; import eventwatch.cli; print(json.dumps([m for m in {NO_STORE_HEAVY!r} " \
           f"if m in sys.modules]))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


@pytest.mark.parametrize("args", [["--help"], ["version"], ["events", "--help"], ["watch", "--help"],
                                  ["actors", "korea"]])
def test_help_and_version_open_no_store(args: list[str]) -> None:
    code, heavy, output = run_cli(args, NO_STORE_HEAVY)
    assert code == 0, output
    assert heavy == []


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, int]:
    """A store of one article and one event (no NLP): (path, article id, event id)."""
    path = str(tmp_path_factory.mktemp("startup") / "small.db")
    return path, *make_small_store(path)


@pytest.mark.parametrize("command", [
    ["events"], ["events", "--format", "json"], ["events", "--format", "csv"], ["show", "{article}"],
    ["event", "{event}"], ["stories", "--min-articles", "1"], ["related", "{article}"], ["watch", "list"],
    ["alerts", "list"], ["feeds", "list"], ["token", "list"], ["events", "--actor", "North Korea"], ["actors", "Kim"],
])
def test_read_commands_import_no_nlp_and_no_migrations(small_store: tuple[str, str, int], command: list[str]) -> None:
    path, article_id, event_id = small_store
    args = [part.format(article=article_id, event=event_id) for part in command] + ["--db", path]
    code, heavy, output = run_cli(args, READ_HEAVY)
    assert code == 0, output
    assert heavy == []


# The analytic and export read commands: the escalation index computes its baselines with numpy (the one heavy
# module it needs); export writes csv, jsonl and the GDELT table without pyarrow (parquet alone needs it).
@pytest.mark.parametrize(("command", "needed"), [
    (["export", "--format", "csv"], ()), (["export", "--format", "gdelt"], ()),
    (["escalation", "PRK"], ("numpy",)), (["escalation", "PRK", "KOR", "--format", "json"], ("numpy",)),
    (["actors"], ()),  # where the command exists (issue 17)
])
def test_export_escalation_and_actors_import_only_what_they_need(small_store: tuple[str, str, int],
                                                                  command: list[str], needed: tuple[str, ...]) -> None:
    from eventwatch.cli import app

    if command[0] not in {c.name or c.callback.__name__ for c in app.registered_commands}:
        pytest.skip(f"no `eventwatch {command[0]}` command here")
    code, heavy, output = run_cli([*command, "--db", small_store[0]], tuple(m for m in READ_HEAVY if m not in needed))
    assert code == 0, output
    assert heavy == []


def test_a_missing_store_is_refused_before_the_store_code_loads(tmp_path: Path) -> None:
    code, heavy, output = run_cli(["events", "--db", str(tmp_path / "typo.db")], NO_STORE_HEAVY)
    assert code == 2 and "no store at" in output
    assert heavy == []


def test_the_read_command_reads_the_store(small_store: tuple[str, str, int]) -> None:
    path, article_id, _ = small_store
    code, _, output = run_cli(["events", "--format", "json", "--db", path], ())
    rows = json.loads(output[:output.index("IMPORTED ")])
    assert code == 0 and [(r["source"], r["type"], r["article_id"]) for r in rows] == [("PRKMIL", "ASSAULT",
                                                                                          article_id)]


def test_the_migration_head_read_without_alembic_is_alembics() -> None:
    # Opening a store compares its revision with this head and skips alembic when they are equal.
    assert script_head() == head_revision() is not None


def test_a_store_behind_the_head_is_still_migrated(tmp_path: Path) -> None:
    from alembic import command

    from eventwatch.store.engine import alembic_config, make_engine, to_url

    db = str(tmp_path / "old.db")
    with open_store(db) as store, store.engine.begin() as connection:
        config = alembic_config(store.engine.url)
        config.attributes["connection"] = connection
        command.downgrade(config, "-1")
    engine = make_engine(to_url(db))
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() != head_revision()
    finally:
        engine.dispose()
    with open_store(db) as store:
        assert store.schema_version() == head_revision()
