"""``eventwatch doctor``, ``backup`` and ``restore``: check a store's integrity, copy it safely, put a copy back.

Exit status: doctor 0 when the store is whole, 1 when it found damage; backup and restore 0 on a checked copy;
2 (``fail``) when the command cannot run at all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from eventwatch.cli.common import DEFAULT_DB, DbOption, TableOrJson, console, err, fail, require_store_or_fail
from eventwatch.errors import EventwatchError


def doctor(
    db: DbOption = DEFAULT_DB,
    format_: Annotated[TableOrJson, typer.Option("--format", help="table or json.")] = TableOrJson.table,
    repair: Annotated[bool, typer.Option("--repair", help="Recompute event counts and rebuild the full-text "
                                                          "index when they are out of step (nothing else).")]
    = False,
) -> None:
    """Check the store: database integrity, foreign keys, orphan rows, event counts against their mentions,
    offsets against article text, full-text index in step, schema revision. Exit 1 when damage is found."""
    from eventwatch.store.integrity import diagnose_location

    require_store_or_fail(db)
    try:
        diagnosis = diagnose_location(db, fix=repair)
    except EventwatchError as exc:
        fail(exc)
    if format_ is TableOrJson.json:
        console.print_json(json.dumps({
            "backend": diagnosis.backend, "revision": diagnosis.revision, "clean": diagnosis.clean,
            "counts": diagnosis.counts, "repaired": diagnosis.repaired, "notes": list(diagnosis.notes),
            "problems": [{"check": p.check, "what": p.what, "count": p.count, "examples": list(p.examples),
                          "repairable": p.repairable} for p in diagnosis.problems]}))
    else:
        for done in diagnosis.repaired:
            console.print(f"[green]repaired:[/green] {escape(done)}")
        for text in diagnosis.notes:
            console.print(f"[yellow]not checked:[/yellow] {escape(text)}")
        console.print(f"{diagnosis.backend} store at revision {diagnosis.revision}: "
                      + ", ".join(f"{n} {name}" for name, n in diagnosis.counts.items()))
        if diagnosis.clean:
            console.print("[green]clean[/green]: every check passed")
        else:
            table = Table("check", "problem", "rows", "e.g.", "--repair")
            for p in diagnosis.problems:
                table.add_row(p.check, escape(p.what), str(p.count), escape(", ".join(p.examples)),
                              "yes" if p.repairable else "no")
            console.print(table)
    if not diagnosis.clean:
        raise typer.Exit(1)


def backup(
    path: Annotated[Path, typer.Argument(help="File to write the backup to.")],
    db: DbOption = DEFAULT_DB,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing backup file.")] = False,
    pg_dump: Annotated[bool, typer.Option("--pg-dump", help="PostgreSQL: run pg_dump (custom format) instead of "
                                                            "printing the commands.")] = False,
) -> None:
    """Back up the store. SQLite: an online copy (safe while an ingest writes), checked before it is kept.
    PostgreSQL: prints the pg_dump/pg_restore commands and exits 1, or runs pg_dump with --pg-dump."""
    from eventwatch.store.backup import backup_sqlite, pg_commands, run_pg_dump, shown, sqlite_path

    require_store_or_fail(db)
    try:
        source = sqlite_path(db)
        if source is None:
            if pg_dump:
                size = run_pg_dump(db, path, force)
                console.print(f"pg_dump wrote {path} ({size:,} bytes); restore it with pg_restore (eventwatch backup "
                              "without --pg-dump prints the command)")
                return
            dump, restore, env = pg_commands(db, path)
            password = " (password: set PGPASSWORD or use ~/.pgpass)" if env else ""
            console.print(f"PostgreSQL stores are backed up with PostgreSQL's own tools{password}:\n"
                          f"  {escape(shown(dump))}\n"
                          f"restore into an empty database of that name (or any other, changing --dbname) with:\n"
                          f"  {escape(shown(restore))}\n"
                          "or run `eventwatch backup PATH --db URL --pg-dump` to have eventwatch run pg_dump.")
            raise typer.Exit(1)
        result = backup_sqlite(source, path, force)
    except EventwatchError as exc:
        fail(exc)
    counts = result.diagnosis.counts
    console.print(f"backed up {source} to {path}: {result.size:,} bytes, checked clean; "
                  f"{counts['articles']} articles, {counts['events']} events, {counts['mentions']} mentions")


def restore(
    backup_file: Annotated[Path, typer.Argument(help="A backup made by `eventwatch backup`.")],
    db: DbOption = DEFAULT_DB,
    force: Annotated[bool, typer.Option("--force", help="Replace the content of an existing store.")] = False,
) -> None:
    """Copy a SQLite backup into the store, after checking it; stop every ingest on the store first."""
    from eventwatch.store.backup import restore_sqlite, sqlite_path

    try:
        target = sqlite_path(db)
        if target is None:
            raise EventwatchError("restore a PostgreSQL store with pg_restore (see `eventwatch backup --help`)")
        diagnosis = restore_sqlite(backup_file, target, force)
    except EventwatchError as exc:
        fail(exc)
    if not diagnosis.clean:
        err.print(f"[red]the restored store fails its checks[/red]: run eventwatch doctor --db {escape(db)}")
        raise typer.Exit(1)
    counts = diagnosis.counts
    console.print(f"restored {backup_file} into {target}: checked clean; {counts['articles']} articles, "
                  f"{counts['events']} events")


def register(app: typer.Typer) -> None:
    """Add ``doctor``, ``backup`` and ``restore`` to the eventwatch command line."""
    app.command("doctor")(doctor)
    app.command("backup")(backup)
    app.command("restore")(restore)
