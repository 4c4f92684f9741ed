"""`eventwatch backup` and `restore`: a checked copy equal to the store, table by table, also while an ingest
writes; PostgreSQL through pg_dump/pg_restore."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from typer.testing import CliRunner

from eventwatch.cli import app
from eventwatch.store import open_store
from eventwatch.store.backup import pg_commands
from eventwatch.store.engine import to_url
from eventwatch.store.integrity import diagnose_location
from eventwatch.text.article import article_id
from store.ingest_helpers import fresh_location, snapshot, start_ingest, stored_articles
from store.test_store_merging import results, save

runner = CliRunner()


@pytest.fixture(scope="module")
def analysed():
    return results()


@pytest.fixture
def store_file(tmp_path, analysed) -> Path:
    path = tmp_path / "events.db"
    with open_store(str(path)) as store:
        for result in analysed.values():
            save(store, result)
    return path


def tables(location: str) -> dict[str, list]:
    """Every row of every table (the SQLite full-text tables and their shadow tables included), sorted."""
    engine = create_engine(to_url(location))
    try:
        with engine.connect() as conn:
            return {name: sorted((tuple(row) for row in conn.execute(text(f'SELECT * FROM "{name}"'))), key=repr)
                    for name in inspect(conn).get_table_names()}
    finally:
        engine.dispose()


def test_backup_is_checked_and_equals_the_store(store_file, tmp_path):
    copy = tmp_path / "backup.db"
    done = runner.invoke(app, ["backup", str(copy), "--db", str(store_file)])
    assert done.exit_code == 0, done.output
    assert "checked clean" in done.output and "5 articles" in done.output
    original = tables(str(store_file))
    assert len(original["articles"]) == 5 and original["search_evidence"]
    assert tables(str(copy)) == original
    assert runner.invoke(app, ["doctor", "--db", str(copy)]).exit_code == 0
    assert not list(tmp_path.glob(".*partial*")), "the temporary copy was left behind"


def test_backup_does_not_overwrite_without_force(store_file, tmp_path):
    copy = tmp_path / "backup.db"
    copy.write_bytes(b"precious")
    refused = runner.invoke(app, ["backup", str(copy), "--db", str(store_file)])
    assert refused.exit_code == 2 and "--force" in refused.output
    assert copy.read_bytes() == b"precious"
    forced = runner.invoke(app, ["backup", str(copy), "--db", str(store_file), "--force"])
    assert forced.exit_code == 0 and tables(str(copy)) == tables(str(store_file))


def test_backups_taken_while_an_ingest_writes_are_consistent(inputs, clean_run, tmp_path):
    folder, total = inputs
    location = str(tmp_path / "live.db")
    writer = start_ingest(folder, location)
    taken = []
    try:
        deadline = time.monotonic() + 300
        while writer.poll() is None and len(taken) < 3 and time.monotonic() < deadline:
            if Path(location).exists() and stored_articles(location) > 3 * len(taken):
                copy = tmp_path / f"during-{len(taken)}.db"
                done = runner.invoke(app, ["backup", str(copy), "--db", location])
                assert done.exit_code == 0, done.output
                taken.append(copy)
            time.sleep(0.05)
        assert taken, "the ingest finished before any backup was taken"
        assert writer.poll() is None or len(taken) > 1, "no backup overlapped the writer"
    finally:
        _, stderr = writer.communicate(timeout=300)
    assert writer.returncode == 0, stderr
    for copy in taken:
        diagnosis = diagnose_location(str(copy))
        assert diagnosis.clean, diagnosis.problems
        partial = snapshot(str(copy))
        # Whole articles, each exactly as the finished run stored it.
        assert partial["articles"] == {k: v for k, v in clean_run["articles"].items() if k in partial["articles"]}
    assert snapshot(location) == clean_run and clean_run["article_rows"] == total


def test_restore_puts_a_backup_back(store_file, tmp_path, analysed):
    copy = tmp_path / "backup.db"
    assert runner.invoke(app, ["backup", str(copy), "--db", str(store_file)]).exit_code == 0
    saved = tables(str(store_file))
    with open_store(str(store_file)) as store:  # the store moves on after the backup
        result = next(iter(analysed.values()))
        url = "https://late.example.com/story"
        late = replace(result, article=replace(result.article, url=url,
                                               id=article_id(result.article.content_hash, url)))
        save(store, late)
    assert tables(str(store_file)) != saved
    refused = runner.invoke(app, ["restore", str(copy), "--db", str(store_file)])
    assert refused.exit_code == 2 and "--force" in refused.output
    done = runner.invoke(app, ["restore", str(copy), "--db", str(store_file), "--force"])
    assert done.exit_code == 0, done.output
    assert tables(str(store_file)) == saved
    fresh = tmp_path / "elsewhere" / "restored.db"
    assert runner.invoke(app, ["restore", str(copy), "--db", str(fresh)]).exit_code == 0
    assert tables(str(fresh)) == saved
    assert runner.invoke(app, ["doctor", "--db", str(fresh)]).exit_code == 0


def test_a_damaged_backup_is_not_restored(store_file, tmp_path):
    copy = tmp_path / "backup.db"
    assert runner.invoke(app, ["backup", str(copy), "--db", str(store_file)]).exit_code == 0
    engine = create_engine(to_url(str(copy)))
    with engine.begin() as conn:
        conn.execute(text("UPDATE events SET num_mentions = 99"))
    engine.dispose()
    target = tmp_path / "target.db"
    refused = runner.invoke(app, ["restore", str(copy), "--db", str(target)])
    assert refused.exit_code == 2 and "event-counts" in refused.output
    assert not target.exists()


def test_postgresql_backup_guidance_and_pg_dump_round_trip(tmp_path, analysed):
    with fresh_location("postgresql", tmp_path) as location:
        with open_store(location) as store:
            for result in analysed.values():
                save(store, result)
        dump = tmp_path / "events.dump"
        guidance = runner.invoke(app, ["backup", str(dump), "--db", location])
        assert guidance.exit_code == 1 and "pg_dump" in guidance.output and "pg_restore" in guidance.output
        password = to_url(location).password
        shown = " ".join(guidance.output.split())
        assert password and f":{password}@" not in shown and f"PGPASSWORD={password}" not in shown
        assert not dump.exists()
        if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
            pytest.skip("pg_dump/pg_restore not installed")
        done = runner.invoke(app, ["backup", str(dump), "--db", location, "--pg-dump"])
        assert done.exit_code == 0, done.output
        with fresh_location("postgresql", tmp_path) as restored:
            _, restore, env = pg_commands(location, dump)
            target_db = to_url(restored).database
            restore = [f"--dbname={target_db}" if arg.startswith("--dbname=") else arg for arg in restore]
            subprocess.run(restore, env={**os.environ, **env}, check=True, capture_output=True)
            assert tables(restored) == tables(location)
            assert runner.invoke(app, ["doctor", "--db", restored]).exit_code == 0
