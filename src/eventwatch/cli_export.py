"""The ``eventwatch export`` command: every matching event to csv, jsonl, parquet or the GDELT event table.

Kept out of cli.py (which imports this module at its end and calls ``register``) so that the export's
options live beside nothing else; it imports nothing from cli.py, so either module can be imported first.
"""

from __future__ import annotations

import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from eventwatch.cli_common import check_type_and_modality, err, fail, parse_date
from eventwatch.errors import EventwatchError


class ExportFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"
    gdelt = "gdelt"


def export(
    format_: Annotated[ExportFormat, typer.Option("--format", help="csv, jsonl, parquet or gdelt (GDELT 2.0 "
                                                                   "event table: 61 tab-separated columns).")],
    out: Annotated[str, typer.Option("--out", help="File to write, or - for standard output (not parquet).")],
    db: Annotated[str, typer.Option("--db", help="SQLite file or SQLAlchemy URL.")] = "events.db",
    actor: Annotated[str | None, typer.Option(help="Source or target code prefix, e.g. PRK.")] = None,
    source: Annotated[str | None, typer.Option(help="Source actor code prefix.")] = None,
    target: Annotated[str | None, typer.Option(help="Target actor code prefix.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. THREATEN.")] = None,
    mode: Annotated[str | None, typer.Option(help="Mode, e.g. missile-test.")] = None,
    modality: Annotated[str | None, typer.Option(help="asserted|planned|threatened|negated|hypothetical")] = None,
    since: Annotated[str | None, typer.Option(help="First date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last date, YYYY-MM-DD.")] = None,
    place: Annotated[str | None, typer.Option(help="Place name (substring) or country code, e.g. Yongbyon, PRK.")]
    = None,
    q: Annotated[str | None, typer.Option("--q", help="Words of the evidence sentence (full-text search).")] = None,
    batch: Annotated[int, typer.Option(min=1, max=1_000_000, help="Events fetched and written at a time.")]
    = 10_000,
) -> None:
    """Export every matching event, oldest first, streaming (memory holds one batch)."""
    # Imported here: pyarrow and the store are only needed when the command runs, not for `--help`.
    from eventwatch.export import export_events
    from eventwatch.store import open_store
    from eventwatch.store.event_query import EventFilter

    check_type_and_modality(type_, modality)
    to_stdout = out == "-"
    if to_stdout and format_ is ExportFormat.parquet:
        raise typer.BadParameter("parquet is binary: give --out a file name")
    where = EventFilter(
        actor=actor.upper() if actor else None, source=source.upper() if source else None,
        target=target.upper() if target else None, plover_type=type_.upper() if type_ else None, mode=mode,
        modality=modality, since=parse_date(since, "--since"), until=parse_date(until, "--until"), place=place, q=q,
    )
    started = time.perf_counter()
    try:
        with open_store(db) as store:
            # sys.stdout is looked up now, not at import, so that a redirected stdout (tests, pipes) is used.
            count = export_events(store, where, format_.value, sys.stdout if to_stdout else Path(out), batch)
    except (EventwatchError, OSError, ValueError) as exc:
        fail(exc)
    if to_stdout:
        sys.stdout.flush()
    seconds = time.perf_counter() - started
    err.print(f"exported {count} events as {format_.value} to {'standard output' if to_stdout else out} "
               f"in {seconds:.2f} s")


def register(app: typer.Typer) -> None:
    """Add ``export`` to the eventwatch command line."""
    app.command("export")(export)
