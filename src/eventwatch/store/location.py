"""Where the store is, and refusing to read one that is not there.

Opening a SQLite file that does not exist creates an empty store, which is right for ingest and wrong for a
read: a mistyped ``--db`` would then print "0 events" and leave an empty ``events.db`` behind. So a command that
only reads asks ``require_store`` first, which names the missing file and the stores that do exist nearby.

Only the standard library at import time: every command reads its ``--db`` default from here, including
`eventwatch --help`, which must not pay for SQLAlchemy (tests/test_startup.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from eventwatch.errors import StoreError

DB_ENV = "EVENTWATCH_DB"
DEFAULT_DB = "events.db"
DEMO_DB = "eventwatch-demo.db"
STORE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
MAX_LISTED = 10  # a folder of many databases: the first few say enough


class MissingStore(StoreError):
    """A command that only reads was pointed at a SQLite store file that does not exist."""


def default_location() -> str:
    """$EVENTWATCH_DB, else events.db (what --db means when it is not given)."""
    return os.environ.get(DB_ENV) or DEFAULT_DB


def sqlite_file(location: str) -> Path | None:
    """The file of a SQLite store given as a path or sqlite:// URL; None for other backends, for an in-memory
    store and for SQLite URI filenames (file:…), whose existence their own parameters decide."""
    text = location.strip()
    if "://" in text:
        if not text.lower().startswith("sqlite"):
            return None
        from eventwatch.store.engine import to_url  # SQLAlchemy parses URLs; only paid for a sqlite:// one

        text = to_url(text).database or ""
    if text in ("", ":memory:") or text.startswith("file:"):
        return None
    return Path(text).expanduser()


def require_store(location: str) -> None:
    """Nothing when ``location`` is a store that can be read (or not a SQLite file at all); MissingStore, with
    what to do instead, when it names a SQLite file that does not exist. Creates nothing either way."""
    path = sqlite_file(location)
    if path is None or path.exists():
        return
    raise MissingStore(missing_store_message(location, path))


def missing_store_message(location: str, path: Path) -> str:
    import shlex  # the suggested export line is pasted into a shell: a path with a space must stay one word

    origin = f" (from ${DB_ENV})" if os.environ.get(DB_ENV) == location else ""
    where = "" if path.is_absolute() else f" in {Path.cwd()}"
    lines = [f"no store at {path}{where}{origin}: nothing was created, since this command only reads."]
    found = nearby_stores(path)
    if found:
        lines.append("Stores nearby:")
        lines += [f"  {_shown(p)}" + (f"  ({count:,} event{'' if count == 1 else 's'})" if count is not None else "")
                  for p, count in found]
        usable = [p for p, count in found if count is not None] or [found[0][0]]
        lines += ["Point at one with --db PATH, or for every command:",
                  f"  export {DB_ENV}={shlex.quote(_shown(usable[0]))}"]
    else:
        lines.append(f"No store in {Path.cwd()}" + (f" or {path.parent}" if _other_folder(path) else "") + ".")
    lines += [f"Make one: eventwatch demo (the bundled demo articles, into {DEMO_DB})",
              "      or: eventwatch ingest FILES… --db PATH (your own articles)"]
    return "\n".join(lines)


def nearby_stores(path: Path) -> list[tuple[Path, int | None]]:
    """SQLite files in the current folder and beside ``path``, with their event counts where they can be read
    (None for a file that is not an eventwatch store or cannot be opened)."""
    folders = [Path.cwd()]
    if _other_folder(path):
        folders.append(path.parent)
    found: list[Path] = []
    for folder in folders:
        try:
            found += sorted(p for p in folder.iterdir() if p.suffix.lower() in STORE_SUFFIXES and p.is_file())
        except OSError:  # a folder we may not list: nothing to suggest from it
            continue
    return [(p, event_count(p)) for p in found[:MAX_LISTED]]


def event_count(path: Path) -> int | None:
    """How many events a SQLite store holds, or None when it is not an eventwatch store or cannot be read.

    Creates no file: a read-only connection to a WAL store makes its -wal and -shm files when they are absent,
    so a store without them (closed cleanly: everything is in the main file) is opened as immutable instead."""
    import sqlite3  # only when a store is missing: not for every command's start

    live = Path(f"{path}-wal").exists()
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?{'mode=ro' if live else 'immutable=1'}", uri=True,
                                     timeout=0.5)
    except sqlite3.Error:
        return None
    try:
        return int(connection.execute("SELECT count(*) FROM events").fetchone()[0])
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def _other_folder(path: Path) -> bool:
    try:
        return path.parent.is_dir() and path.parent.resolve() != Path.cwd().resolve()
    except OSError:
        return False


def _shown(path: Path) -> str:
    """A path relative to the current folder when it is inside it, as the user would type it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
