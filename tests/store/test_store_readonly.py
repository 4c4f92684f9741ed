"""A store on read-only media is read without a single write: the read commands work, doctor does not call it
corrupt, ingest stops with exit status 3, and the file is byte for byte what it was.

The folder is made read-only for real: by chmod when the tests run as an ordinary user, and as root (which
chmod does not stop) by a read-only bind mount in a private mount namespace (``unshare``). Where neither is
possible those tests skip; the in-process tests still open stores read-only through SQLite's ``mode=ro``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
from alembic import command
from typer.testing import CliRunner

from eventwatch.cli import app
from eventwatch.errors import StoreError
from eventwatch.store import open_store
from eventwatch.store.engine import alembic_config, head_revision
from eventwatch.store.readonly import IMMUTABLE, READ_ONLY, read_only_mode
from store.ingest_helpers import corpus, write_folder

COMMANDS = Path(__file__).with_name("readonly_commands.py")
Run = Callable[[list[list[str]]], dict]


@cache
def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "--map-root-user", "--mount", "true"], capture_output=True, check=False)
    return probe.returncode == 0


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[tuple[Path, Run]]:
    """A folder to put a store in, and a function running eventwatch commands (readonly_commands.py) with the
    folder read-only; it checks that no file in the folder changed."""
    folder = tmp_path / "media"
    folder.mkdir()
    as_root = os.geteuid() == 0
    if as_root and not _unshare_works():
        pytest.skip("root ignores chmod, and no private mount namespace is available for a read-only mount")

    def run(commands: list[list[str]]) -> dict:
        before = _digest(folder)
        argv = [sys.executable, str(COMMANDS), str(folder / "store.db"), json.dumps(commands)]
        if as_root:
            # $0 is the folder, "$@" the command: bind the folder onto itself read-only, then run.
            argv = ["unshare", "--map-root-user", "--mount", "sh", "-c",
                    'mount --bind -o ro "$0" "$0" && exec "$@"', str(folder), *argv]
        else:
            for path in folder.iterdir():
                path.chmod(0o444)
            folder.chmod(0o555)
        try:
            done = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=600)
        finally:
            if not as_root:
                folder.chmod(0o755)
                for path in folder.iterdir():
                    path.chmod(0o644)
        assert done.returncode == 0, done.stderr
        assert _digest(folder) == before, "a file of the read-only store changed"
        return json.loads(done.stdout.strip().splitlines()[-1])

    yield folder, run


def make_store(folder: Path, articles: int = 3) -> str:
    db = str(folder / "store.db")
    docs = corpus(originals=articles, copies=0, resends=0, seed=4, words=200)
    result = CliRunner().invoke(app, ["ingest", str(write_folder(docs, folder.parent / "in")), "--db", db, "-q",
                                      "--no-alerts"])
    assert result.exit_code == 0 and f"{articles} stored" in result.output, result.output
    return db


def read_commands(db: str, article_id: str, event_id: int, new_input: Path) -> list[list[str]]:
    return [["doctor", "--db", db], ["events", "--db", db, "--format", "json"], ["show", article_id, "--db", db],
            ["event", str(event_id), "--db", db], ["related", article_id, "--db", db],
            ["stories", "--db", db, "--min-articles", "1"],
            ["export", "--format", "csv", "--out", "-", "--db", db], ["ingest", str(new_input), "--db", db, "-q"]]


def check_read_commands(results: list[dict], events: int) -> None:
    doctor, listed, shown, one_event, related, stories, exported, ingest = results
    assert doctor["exit"] == 0, doctor["output"]
    assert "clean" in doctor["output"] and "corrupt" not in doctor["output"]
    assert "not checked: full-text table search_articles" in doctor["output"]
    assert listed["exit"] == 0 and len(json.loads(listed["output"])) == events
    assert shown["exit"] == 0 and "events" in shown["output"], shown["output"]
    assert one_event["exit"] == 0, one_event["output"]
    assert related["exit"] == 0, related["output"]
    assert stories["exit"] == 0 and "stories" in stories["output"], stories["output"]
    assert exported["exit"] == 0 and len(exported["output"].splitlines()) > events, exported["output"][-500:]
    assert ingest["exit"] == 3, ingest["output"]
    assert "stopped: the store cannot be written (read-only)" in ingest["output"]
    assert "0 stored" in ingest["output"] and "Store now holds 3 articles" in ingest["output"]


def first_event(db: str) -> tuple[str, int, int]:
    with open_store(db) as store:
        records = store.query_events(limit=10_000)
    return records[0].article_id, records[0].id, len(records)


def new_article(tmp_path: Path) -> Path:
    return write_folder(corpus(originals=1, copies=0, resends=0, seed=99, words=200), tmp_path / "new")


def test_a_closed_store_on_read_only_media_opens_immutable(read_only, tmp_path: Path) -> None:
    folder, run = read_only
    db = make_store(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["store.db"]  # closed cleanly: no -wal, no -shm
    article_id, event_id, events = first_event(db)
    found = run(read_commands(db, article_id, event_id, new_article(tmp_path)))
    assert found["mode"] == IMMUTABLE
    check_read_commands(found["results"], events)


def test_a_store_whose_last_commits_are_in_its_wal_is_read_whole(read_only, tmp_path: Path) -> None:
    """As left by a crash or copied while open: -wal and -shm beside it, the newest article only in the -wal."""
    folder, run = read_only
    db = make_store(folder, articles=2)
    keeper = sqlite3.connect(db)  # holds the WAL open, so closing the store neither checkpoints nor deletes it
    keeper.execute("SELECT count(*) FROM articles").fetchone()
    try:
        docs = corpus(originals=3, copies=0, resends=0, seed=4, words=200)[2:]
        with open_store(db) as store:
            from eventwatch.pipeline.run import ingest_documents

            assert ingest_documents(docs, store).stored == 1
        assert Path(f"{db}-wal").stat().st_size > 0
        copy = tmp_path / "copy"
        copy.mkdir()
        for name in ("store.db", "store.db-wal", "store.db-shm"):
            shutil.copy(folder / name, copy / name)
    finally:
        keeper.close()
    for path in folder.iterdir():
        path.unlink()
    for path in copy.iterdir():
        shutil.copy(path, folder / path.name)
    with sqlite3.connect(f"file:{copy / 'store.db'}?immutable=1", uri=True) as main_file_only:
        assert main_file_only.execute("SELECT count(*) FROM articles").fetchone()[0] == 2, "not in the -wal"
    article_id, event_id, events = first_event(str(copy / "store.db"))
    found = run(read_commands(db, article_id, event_id, new_article(tmp_path)))
    assert found["mode"] == READ_ONLY
    check_read_commands(found["results"], events)


def test_a_writable_or_new_file_is_opened_for_writing(tmp_path: Path) -> None:
    assert read_only_mode(tmp_path / "new.db") is None
    db = make_store(tmp_path / "here")
    assert read_only_mode(Path(db)) is None
    with open_store(db) as store:
        assert not store.read_only


def test_opening_read_only_reads_and_writes_nothing(tmp_path: Path) -> None:
    db = make_store(tmp_path / "store")
    main_file = Path(db).read_bytes()
    with open_store(db, read_only=True) as store:
        assert store.read_only
        assert store.counts()["articles"] == 3 and store.query_events(limit=5)
    assert Path(db).read_bytes() == main_file


def test_a_read_only_store_behind_the_schema_is_refused_not_migrated(tmp_path: Path) -> None:
    db = make_store(tmp_path / "old")
    with open_store(db) as store:
        cfg = alembic_config(store.engine.url)
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "-1")
        old = store.schema_version()
    assert old != head_revision()
    with pytest.raises(StoreError, match=f"read-only here and its schema is at revision {old}"):
        open_store(db, read_only=True)
    with sqlite3.connect(db) as raw:  # untouched: at the old revision until it is opened for writing
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == old
    with open_store(db) as store:
        assert store.schema_version() == head_revision()
