"""Backups of a store: SQLite's online backup API (consistent while an ingest writes), pg_dump for PostgreSQL.

A SQLite backup is written beside its destination under a temporary name, checked (``PRAGMA integrity_check``
and every ``integrity`` check), and only then renamed into place, so a failed or interrupted backup never
leaves a file that looks like a good one. A restore copies a checked backup into the store through the same
API, which writes through SQLite's own pager: the destination's WAL stays coherent, where copying the file
over it would not.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from eventwatch.errors import StoreError
from eventwatch.store.engine import SQLITE_BUSY_SECONDS, is_sqlite_memory, make_engine, to_url
from eventwatch.store.integrity import Diagnosis, diagnose


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int  # bytes
    diagnosis: Diagnosis  # of the copy


def sqlite_path(location: str) -> Path | None:
    """The file of a SQLite store, or None for another backend."""
    url = to_url(location)
    if url.get_backend_name() != "sqlite":
        return None
    if is_sqlite_memory(url) or (url.database or "").startswith("file:"):
        raise StoreError("only a SQLite store in a plain file can be backed up or restored this way")
    return Path(url.database or "")


def check_file(path: Path) -> Diagnosis:
    """Every integrity check on a SQLite file, without migrating or otherwise changing it."""
    engine = make_engine(to_url(str(path)))
    try:
        return diagnose(engine)
    finally:
        engine.dispose()


def backup_sqlite(source: Path, target: Path, force: bool = False) -> BackupResult:
    """Copy a live SQLite store to ``target`` and check the copy. Safe while another process writes: the copy
    is one consistent snapshot (taken in a single step, as a reader, which does not block writers in WAL)."""
    if not source.is_file():
        raise StoreError(f"no SQLite store at {source}")
    if target.exists() and not force:
        raise StoreError(f"{target} exists; give --force to overwrite it")
    if target.resolve() == source.resolve():
        raise StoreError("the backup must not be the store itself")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        _copy(source, partial)
        diagnosis = check_file(partial)
        if not diagnosis.clean:
            raise StoreError(f"the copy of {source} fails its checks: "
                             + "; ".join(f"{p.check} ({p.count})" for p in diagnosis.problems))
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(target, target.stat().st_size, diagnosis)


def restore_sqlite(backup: Path, target: Path, force: bool = False) -> Diagnosis:
    """Copy a checked backup into the store at ``target`` (replacing its content with ``force``)."""
    if not backup.is_file():
        raise StoreError(f"no backup at {backup}")
    before = check_file(backup)
    if not before.clean:
        raise StoreError(f"{backup} fails its checks; not restoring it: "
                         + "; ".join(f"{p.check} ({p.count})" for p in before.problems))
    if target.exists() and not force:
        raise StoreError(f"{target} exists; give --force to replace its content with the backup")
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(backup, target)
    return check_file(target)


def _copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(source, timeout=SQLITE_BUSY_SECONDS)
    dst = sqlite3.connect(target, timeout=SQLITE_BUSY_SECONDS)
    try:
        # pages=-1: all pages in one step under one read transaction, so concurrent commits cannot make
        # the copy restart or mix two states.
        src.backup(dst, pages=-1)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot copy {source} to {target}: {exc}") from exc
    finally:
        dst.close()
        src.close()


# -- PostgreSQL ----------------------------------------------------------------------------------------------


def pg_commands(location: str, target: Path) -> tuple[list[str], list[str], dict[str, str]]:
    """(pg_dump command, pg_restore command, environment) for a postgresql:// store; the password goes in the
    environment (PGPASSWORD), never on a command line that `ps` shows."""
    url = to_url(location)
    if url.get_backend_name() != "postgresql":
        raise StoreError(f"not a PostgreSQL store: {url.render_as_string(hide_password=True)}")
    connection = _pg_options(url)
    dump = ["pg_dump", *connection, "--format=custom", "--no-owner", f"--file={target}", url.database or ""]
    restore = ["pg_restore", *connection, "--no-owner", "--clean", "--if-exists", f"--dbname={url.database}",
               str(target)]
    env = {"PGPASSWORD": url.password} if url.password else {}
    return dump, restore, env


def _pg_options(url: URL) -> list[str]:
    options = []
    if url.host:
        options.append(f"--host={url.host}")
    if url.port:
        options.append(f"--port={url.port}")
    if url.username:
        options.append(f"--username={url.username}")
    return options


def shown(command: list[str]) -> str:
    return shlex.join(command)


def run_pg_dump(location: str, target: Path, force: bool = False) -> int:
    """Run pg_dump (custom format, restorable with pg_restore); returns the dump's size in bytes."""
    if target.exists() and not force:
        raise StoreError(f"{target} exists; give --force to overwrite it")
    if shutil.which("pg_dump") is None:
        raise StoreError("pg_dump is not on PATH (install the PostgreSQL client tools)")
    dump, _, env = pg_commands(location, target)
    done = subprocess.run(dump, env={**os.environ, **env}, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise StoreError(f"pg_dump failed: {done.stderr.strip()[:500]}")
    return target.stat().st_size
