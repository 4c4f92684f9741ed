"""Engine creation and schema migrations for the store."""

from __future__ import annotations

import ast
import re
import time
from contextlib import suppress
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from eventwatch.errors import StoreError
from eventwatch.extras import require
from eventwatch.store.readonly import READ_ONLY, READ_ONLY_OPTION, connector, read_only_mode

# alembic is imported only where a store is migrated or its revision checked: importing it costs about a
# quarter of a second, which every command that opens a store already at head would pay (upgrade's fast path).
if TYPE_CHECKING:
    from alembic.config import Config

_MEMORY = {"", ":memory:"}
# How long a SQLite writer waits for another process's write transaction before "database is locked". One
# article's transaction takes tens of milliseconds; the margin covers a loaded machine and a WAL checkpoint.
SQLITE_BUSY_SECONDS = 30.0
# Waiting for the write lock is split into waits this long (ms), so that Ctrl-C is seen between them.
LOCK_SLICE_MS = 200
_SQLITE_BUSY = 5  # SQLite's result code for "database is locked"
# Key of the PostgreSQL advisory lock every store write transaction takes (any fixed 64-bit number).
PG_WRITER_LOCK = 0x657665_6E7477


def to_url(url_or_path: str) -> URL:
    """'events.db', '~/data/ew.db' or ':memory:' → SQLite URL; anything with '://' is an SQLAlchemy URL."""
    text = url_or_path.strip()
    if not text:
        raise StoreError("empty store location")
    if "://" in text:
        try:
            url = make_url(text)
        except Exception as exc:  # ArgumentError, ValueError for malformed ports, ...
            raise StoreError(f"bad database URL {text!r}: {exc}") from exc
        # A plain postgresql:// URL means the driver we ship (psycopg 3), not SQLAlchemy's default psycopg2.
        return url.set(drivername="postgresql+psycopg") if url.drivername in ("postgresql", "postgres") else url
    if text == ":memory:":
        return URL.create("sqlite", database=":memory:")
    return URL.create("sqlite", database=str(Path(text).expanduser()))


def is_sqlite_memory(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and (url.database or "") in _MEMORY


def make_engine(url: URL, read_only: bool | None = None) -> Engine:
    """Engine with the settings the store relies on; creates the parent dir of a SQLite file.

    A SQLite file this process cannot write (read-only file, directory or medium) is opened read-only, and so
    is any file with ``read_only=True``; see store/readonly.py. ``readonly.is_read_only`` tells which."""
    kwargs: dict[str, Any] = {}
    mode = None
    if url.get_backend_name() == "sqlite":
        if is_sqlite_memory(url):
            # Every new connection to :memory: is a new, empty database; one shared connection keeps
            # the migrated schema visible to all sessions.
            kwargs["poolclass"] = StaticPool
            kwargs["connect_args"] = {"check_same_thread": False}
        else:
            kwargs["connect_args"] = {"timeout": SQLITE_BUSY_SECONDS}
            mode = _sqlite_mode(url, read_only)
            if mode is not None and not _is_uri(url):
                kwargs["creator"] = connector(Path(url.database or "").expanduser(), mode, SQLITE_BUSY_SECONDS)
            elif not _is_uri(url):
                try:
                    Path(url.database or "").expanduser().parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(f"cannot create directory for {url.database}: {exc}") from exc
    if url.drivername == "postgresql+psycopg":
        require("psycopg", "a PostgreSQL store")  # an optional extra: say which, not "no module named psycopg"
    try:
        engine = create_engine(url, execution_options={READ_ONLY_OPTION: mode is not None}, **kwargs)
    except Exception as exc:  # unknown dialect, missing driver
        shown = url.render_as_string(hide_password=True)
        raise StoreError(f"cannot create engine for {shown}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect_read_only if mode else _sqlite_on_connect)
    return engine


def _is_uri(url: URL) -> bool:
    return (url.database or "").startswith("file:")


def _sqlite_mode(url: URL, read_only: bool | None) -> str | None:
    """The URI parameter that makes the connection read-only, or None to open the file for writing."""
    if _is_uri(url):  # the caller's own URI (sqlite:///file:…?mode=ro&uri=true): read-only if it says so
        return READ_ONLY if url.query.get("mode") == "ro" or url.query.get("immutable") == "1" else None
    if read_only:
        return READ_ONLY
    return None if read_only is False else read_only_mode(Path(url.database or "").expanduser())


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores foreign keys (and hence ON DELETE CASCADE) unless asked, per connection. WAL lets
    # readers (`eventwatch query`) run while a long ingest is writing.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def _sqlite_on_connect_read_only(dbapi_connection: Any, _record: Any) -> None:
    # Setting the journal mode would write the file header; a store is made WAL when it is first written.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def take_writer_lock(connection: Connection) -> None:
    """Make this transaction the store's only writer until it ends; call it before its first statement.

    SQLite: BEGIN IMMEDIATE takes the write lock up front (waiting up to the busy timeout), instead of a
    deferred transaction that reads, then fails with "database is locked" when it tries to write after another
    process has committed. PostgreSQL: a transaction-level advisory lock. Serial writers make two concurrent
    ingests equivalent to one after the other, so merging, copies and stories come out as a single run's;
    the analysis, outside the transaction, still runs in parallel.
    """
    if connection.dialect.name == "sqlite":
        _begin_immediate(connection)
    elif connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_WRITER_LOCK})


def _begin_immediate(connection: Connection) -> None:
    """BEGIN IMMEDIATE, waiting up to SQLITE_BUSY_SECONDS for another writer in slices of LOCK_SLICE_MS.

    SQLite's busy handler sleeps inside one C call, where Python cannot raise KeyboardInterrupt: one 30 s wait
    kept an interrupted ingest that was waiting for the lock from stopping for up to 30 s. The driver
    (pysqlite, legacy transaction control) starts no transaction before a SELECT, so this is the transaction's
    BEGIN; its COMMIT/ROLLBACK end it as usual."""
    deadline = time.monotonic() + SQLITE_BUSY_SECONDS
    connection.exec_driver_sql(f"PRAGMA busy_timeout = {LOCK_SLICE_MS}")
    try:
        while True:
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except OperationalError as exc:
                if getattr(exc.orig, "sqlite_errorcode", None) != _SQLITE_BUSY or time.monotonic() > deadline:
                    raise
    finally:
        # Other statements on this pooled connection keep the full wait. A connection that cannot take even
        # this is broken, and the error that broke it is the one to report.
        with suppress(SQLAlchemyError):
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_SECONDS * 1000)}")


def migrations_dir() -> Path:
    # Resolved from the installed package, not the working directory, so it works after `pip install .`.
    return Path(str(resources.files("eventwatch.store").joinpath("migrations")))


def alembic_config(url: URL | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    # Config values go through ConfigParser interpolation, where a bare '%' is an error.
    cfg.set_main_option("script_location", str(migrations_dir()).replace("%", "%%"))
    if url is not None:
        rendered = url.render_as_string(hide_password=False)
        cfg.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    return cfg


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


# A revision script's own id and its parent(s), as the migration template writes them.
_REVISION_ASSIGNMENT = re.compile(r"^(revision|down_revision)\b[^=\n]*=(.*)$", re.MULTILINE)


@lru_cache(maxsize=1)
def script_head() -> str | None:
    """The one head of the migration scripts, read from their text without importing alembic; None when that
    is not clear-cut (several heads, a script written some other way), and then alembic decides."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (migrations_dir() / "versions").glob("*.py"):
        found = dict(match.groups() for match in _REVISION_ASSIGNMENT.finditer(path.read_text("utf-8")))
        try:
            revision = ast.literal_eval(found["revision"].strip())
            down = ast.literal_eval(found["down_revision"].strip())
        except (KeyError, ValueError, SyntaxError):
            return None
        if not isinstance(revision, str) or not (down is None or isinstance(down, str | tuple | list)):
            return None
        revisions.add(revision)
        parents.update([down] if isinstance(down, str) else down or ())
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _at_head(engine: Engine) -> bool:
    """Whether the store records exactly the scripts' head revision: then there is nothing to migrate."""
    head = script_head()
    if head is None:
        return False
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False  # a new store
        stored = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return stored == [head]


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision``; a no-op when it is already there."""
    try:
        if revision == "head" and _at_head(engine):
            return
    except Exception as exc:  # not a database, a server down: the same error the migration would have raised
        raise StoreError(f"cannot migrate store {_display(engine)}: {exc}") from exc
    from alembic import command

    cfg = alembic_config(engine.url)
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as connection:
            if sqlite:
                # Batch migrations rebuild tables (copy, drop, rename); with foreign keys enforced, dropping a
                # referenced table fails. SQLite only honours this pragma outside a transaction.
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.commit()
            try:
                with connection.begin():
                    # Two processes opening a new store at once: the second waits, then finds it at head.
                    take_writer_lock(connection)
                    cfg.attributes["connection"] = connection
                    command.upgrade(cfg, revision)
                    if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                        raise StoreError("the migrated store has rows whose foreign keys point nowhere")
            finally:
                if sqlite:
                    connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                    connection.commit()
    except StoreError:
        raise
    except Exception as exc:
        raise StoreError(f"cannot migrate store {_display(engine)}: {exc}") from exc


def require_head(engine: Engine) -> None:
    """A store opened read-only cannot be migrated: refuse it, clearly, unless it is already at head."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        raise StoreError(f"{_display(engine)} is read-only here and its schema is at revision {current}; this "
                         f"eventwatch needs {head}: open it once with write access to migrate it")


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except Exception as exc:
        raise StoreError(f"cannot read schema version of {_display(engine)}: {exc}") from exc


def _display(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)
