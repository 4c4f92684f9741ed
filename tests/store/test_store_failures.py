"""A store that cannot be written is told apart from an article that cannot be stored, from the driver's error.

The SQLite errors are raised by the real engine (a full database through ``max_page_count``, a read-only
connection, a missing directory, a file that is not a database); the PostgreSQL ones by a real server when one
is configured (a database set read-only), and otherwise by psycopg's own error classes for their SQLSTATE.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError, OperationalError

from eventwatch.errors import StoreError, StoreUnwritable
from eventwatch.store import open_store
from eventwatch.store.failures import store_error, unwritable_reason
from eventwatch.store.integrity import diagnose_location
from store.ingest_helpers import cap_growth
from store.test_store_repository import make_article, make_event, save


def sqlite_error(tmp_path: Path, statements: list[str], uri: str | None = None) -> sqlite3.Error:
    """The error the real engine raises for the last of ``statements`` on the database file ``t.db``."""
    path = tmp_path / "t.db"
    setup = sqlite3.connect(path)
    setup.execute("CREATE TABLE IF NOT EXISTS t (a TEXT UNIQUE)")
    setup.commit()
    setup.close()
    connection = sqlite3.connect(uri or str(path), uri=uri is not None, timeout=0)
    try:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    except sqlite3.Error as exc:
        return exc
    finally:
        connection.close()
    raise AssertionError("no error")


def test_sqlite_full_and_read_only_recur(tmp_path: Path) -> None:
    # max_page_count caps the file at its current size: the engine's own SQLITE_FULL, as on a full disk.
    full = sqlite_error(tmp_path, ["PRAGMA max_page_count = 2", "INSERT INTO t VALUES (zeroblob(100000))"])
    assert "database or disk is full" in str(full)
    assert unwritable_reason(full) == "full"
    read_only = sqlite_error(tmp_path, ["INSERT INTO t VALUES ('x')"], uri=f"file:{tmp_path / 't.db'}?mode=ro")
    assert unwritable_reason(read_only) == "read-only"


def test_sqlite_unopenable_and_damaged_files_recur(tmp_path: Path) -> None:
    with pytest.raises(sqlite3.OperationalError) as missing:
        sqlite3.connect(tmp_path / "no" / "such" / "dir.db")
    assert unwritable_reason(missing.value) == "unavailable"
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all " * 500)
    with pytest.raises(sqlite3.DatabaseError) as damaged:
        sqlite3.connect(garbage).execute("SELECT * FROM sqlite_master").fetchall()
    assert unwritable_reason(damaged.value) == "damaged"


def test_an_articles_own_errors_do_not_recur(tmp_path: Path) -> None:
    duplicate = sqlite_error(tmp_path, ["INSERT INTO t VALUES ('x')", "INSERT INTO t VALUES ('x')"])
    assert isinstance(duplicate, sqlite3.IntegrityError)
    assert unwritable_reason(duplicate) is None
    holder = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        locked = sqlite_error(tmp_path, ["BEGIN IMMEDIATE"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "locked" in str(locked) and unwritable_reason(locked) is None  # the retry loop's business


def test_a_sqlite_error_without_a_code_is_read_by_its_message() -> None:
    assert unwritable_reason(sqlite3.OperationalError("database or disk is full")) == "full"
    assert unwritable_reason(sqlite3.OperationalError("attempt to write a readonly database")) == "read-only"
    assert unwritable_reason(sqlite3.OperationalError("no such table: t")) is None


@pytest.mark.parametrize(("sqlstate", "reason"), [
    ("53100", "full"), ("53200", "resources"), ("25006", "read-only"), ("42501", "denied"), ("58030", "io"),
    ("XX001", "damaged"), ("23505", None), ("23502", None), ("40001", None), ("40P01", None),
])
def test_postgresql_sqlstates(sqlstate: str, reason: str | None) -> None:
    orig = psycopg.errors.lookup(sqlstate)("server message")
    assert orig.sqlstate == sqlstate
    wrapped = OperationalError("INSERT …", {}, orig)
    assert unwritable_reason(wrapped) == reason
    error = store_error("a.txt: cannot save article 1", wrapped)
    assert isinstance(error, StoreUnwritable) == (reason is not None)


def test_the_unwritable_message_is_the_drivers_not_the_statement() -> None:
    wrapped = OperationalError("INSERT INTO articles … a whole article's text …", {"text": "long"},
                               sqlite3.OperationalError("database or disk is full"))
    error = store_error("x.jsonl:3: cannot save article ab12", wrapped)
    assert isinstance(error, StoreUnwritable) and error.reason == "full"
    assert str(error) == "x.jsonl:3: cannot save article ab12: database or disk is full"
    constraint = store_error("x", IntegrityError("INSERT …", {}, sqlite3.IntegrityError("NOT NULL failed")))
    assert type(constraint) is StoreError and "INSERT" in str(constraint)


# -- Store.save ------------------------------------------------------------------------------------------


def test_a_full_store_raises_unwritable_and_keeps_what_it_had(tmp_path: Path) -> None:
    location = str(tmp_path / "full.db")
    with open_store(location) as store:
        first = make_article("Kept story. Stays whole")
        save(store, first, [make_event(first, "USAGOV", "CHN")])
        before = store.counts()
        cap_growth(store, 0)
        big = make_article("A long story. " + "Words upon words. " * 2000)
        with pytest.raises(StoreUnwritable, match="database or disk is full") as raised:
            save(store, big, [make_event(big, "RUSGOV", "UKR")])
        assert raised.value.reason == "full"
        assert store.counts() == before
        assert not store.has_article(big.content_hash)
    assert diagnose_location(location).clean


def test_a_constraint_violation_stays_an_articles_own_error(new_store) -> None:
    store = new_store("own")
    article = make_article("Broken story. Fails")
    bad = make_event(article, "RUSGOV", "UKR")
    bad.plover_type = None  # type: ignore[assignment]  # NOT NULL violation at flush time
    with pytest.raises(StoreError) as raised:
        save(store, article, [bad])
    assert not isinstance(raised.value, StoreUnwritable)


def test_a_read_only_store_raises_unwritable(new_store) -> None:
    """SQLite: the file opened read-only. PostgreSQL: the database set read-only, as a hot standby is."""
    store = new_store("ro")
    first = make_article("Kept story. Stays whole")
    save(store, first, [make_event(first, "USAGOV", "CHN")])
    before = store.counts()
    location = store.engine.url.render_as_string(hide_password=False)
    store.close()
    if new_store.backend == "sqlite":
        reopened = open_store(store.engine.url.database or "", read_only=True)
    else:
        admin = create_engine(store.engine.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{store.engine.url.database}" SET default_transaction_read_only = on'))
        admin.dispose()
        reopened = open_store(location)
    with reopened:
        second = make_article("Refused story. Not stored")
        with pytest.raises(StoreUnwritable) as raised:
            save(reopened, second, [make_event(second, "RUSGOV", "UKR")])
        assert raised.value.reason == "read-only"
        assert reopened.counts() == before
