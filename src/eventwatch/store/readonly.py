"""Opening a SQLite store that this process cannot write: a read-only file, directory or medium.

A plain open of such a store fails before anything is read: the store runs migrations (a write transaction),
and WAL mode needs the ``-wal`` and ``-shm`` files beside the database, which SQLite creates on first use and
deletes when the last connection closes. SQLite (3.22+) reads a WAL database read-only (``mode=ro``) when those
files exist or can be created; when neither is possible (a read-only directory after a clean close) only
``immutable=1`` opens it, which promises SQLite that nobody changes the file while it is open — true of
read-only media; there is no ``-wal`` then, so nothing committed is missed.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine

from eventwatch.errors import StoreError

# An engine-wide execution option (any key is allowed) saying the engine opens its database read-only.
READ_ONLY_OPTION = "eventwatch_read_only"
READ_ONLY = "mode=ro"
IMMUTABLE = "immutable=1"


def read_only_mode(path: Path) -> str | None:
    """How to open the SQLite file at ``path``: None when this process can write it (or it does not exist
    yet), else the URI parameter, READ_ONLY or IMMUTABLE."""
    if not path.is_file():
        return None
    wal, shm = (Path(f"{path}-{suffix}") for suffix in ("wal", "shm"))
    directory = os.access(path.parent, os.W_OK)
    sidecars = wal.exists() and shm.exists()
    if os.access(path, os.W_OK) and (directory or (sidecars and os.access(wal, os.W_OK)
                                                  and os.access(shm, os.W_OK))):
        return None
    if directory or sidecars:
        return READ_ONLY
    if wal.exists():
        # Its commits are only in the -wal, which SQLite cannot read without a -shm it may create here.
        raise StoreError(f"{path} is read-only here and has a write-ahead log ({wal.name}) but no {shm.name}: "
                         "copy the store to writable storage to read it")
    return IMMUTABLE


def connector(path: Path, mode: str, timeout: float) -> Callable[[], sqlite3.Connection]:
    """A DB-API connect function opening ``path`` with the URI parameter ``mode``."""
    uri = f"file:{quote(str(path.resolve()))}?{mode}"

    def connect() -> sqlite3.Connection:
        # What SQLAlchemy passes for a file database itself: its pool hands connections between threads.
        return sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=False)

    return connect


def is_read_only(engine: Engine) -> bool:
    """Whether ``engine`` was opened read-only (by make_engine), so that nothing may try to write through it."""
    return bool(engine.get_execution_options().get(READ_ONLY_OPTION))
