"""The SQLite writer lock waits for another writer in short slices: it still gets the lock, still gives up after
SQLITE_BUSY_SECONDS, and Ctrl-C reaches a process that is waiting for it (one C-level 30 s wait hid it)."""

from __future__ import annotations

import _thread
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from eventwatch.store import engine as store_engine
from eventwatch.store.engine import make_engine, take_writer_lock, to_url, upgrade


@pytest.fixture
def migrated(tmp_path: Path) -> Iterator[tuple[Engine, Path]]:
    path = tmp_path / "locked.db"
    engine = make_engine(to_url(str(path)))
    upgrade(engine)
    yield engine, path
    engine.dispose()


@pytest.fixture
def other_writer(migrated) -> Iterator[sqlite3.Connection]:
    """Another process's write transaction on the store (a second connection holding BEGIN IMMEDIATE)."""
    holder = sqlite3.connect(migrated[1], isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    yield holder
    if holder.in_transaction:
        holder.execute("ROLLBACK")
    holder.close()


def busy_timeout(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one()


def test_the_lock_is_taken_once_the_other_writer_commits(migrated, other_writer) -> None:
    engine, _ = migrated
    threading.Timer(0.6, other_writer.execute, ["COMMIT"]).start()
    with engine.connect() as conn:
        started = time.monotonic()
        take_writer_lock(conn)
        assert time.monotonic() - started >= 0.5  # it did wait, across several slices
        conn.exec_driver_sql("CREATE TABLE written_under_the_lock (a)")
        conn.commit()
    assert busy_timeout(engine) == store_engine.SQLITE_BUSY_SECONDS * 1000


def test_the_wait_still_ends_in_database_is_locked(migrated, other_writer, monkeypatch) -> None:
    engine, _ = migrated
    monkeypatch.setattr(store_engine, "SQLITE_BUSY_SECONDS", 0.7)
    with engine.connect() as conn, pytest.raises(OperationalError, match="database is locked"):
        take_writer_lock(conn)
    assert busy_timeout(engine) == 700  # the full wait is back for the connection's other statements


def test_ctrl_c_reaches_a_process_waiting_for_the_lock(migrated, other_writer) -> None:
    engine, _ = migrated
    # interrupt_main delivers SIGINT's KeyboardInterrupt to this (the main) thread, as a Ctrl-C would.
    interrupt = threading.Timer(0.5, _thread.interrupt_main)
    # A run started in the background (CI's, nohup's) inherits SIGINT ignored, and interrupt_main then does
    # nothing: handle it here as an interactive Python would.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    started = time.monotonic()
    try:
        with engine.connect() as conn, pytest.raises(KeyboardInterrupt):
            interrupt.start()
            take_writer_lock(conn)
    finally:
        interrupt.cancel()
        signal.signal(signal.SIGINT, previous)
    # Bounded well below SQLITE_BUSY_SECONDS (30 s), which is how long one wait inside SQLite took to see it.
    assert time.monotonic() - started < 5
