"""The ``eventwatch export`` command: every matching event to csv, jsonl, parquet or the GDELT event table."""

from __future__ import annotations

import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from eventwatch.cli.common import (
    ActorOption,
    DbOption,
    ModalityOption,
    ModeOption,
    PlaceOption,
    SinceOption,
    SourceOption,
    TargetOption,
    TypeOption,
    UntilOption,
    check_type_and_modality,
    err,
    event_filter,
    fail,
)
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
    db: DbOption = "events.db",
    actor: ActorOption = None,
    source: SourceOption = None,
    target: TargetOption = None,
    type_: TypeOption = None,
    mode: ModeOption = None,
    modality: ModalityOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    place: PlaceOption = None,
    q: Annotated[str | None, typer.Option("--q", help="Words of the evidence sentence (full-text search).")] = None,
    batch: Annotated[int, typer.Option(min=1, max=1_000_000, help="Events fetched and written at a time.")]
    = 10_000,
) -> None:
    """Export every matching event, oldest first, streaming (memory holds one batch)."""
    # Imported here: pyarrow and the store are only needed when the command runs, not for `--help`.
    from eventwatch.export import export_events
    from eventwatch.store import open_store

    check_type_and_modality(type_, modality)
    to_stdout = out == "-"
    if to_stdout and format_ is ExportFormat.parquet:
        raise typer.BadParameter("parquet is binary: give --out a file name")
    where = event_filter(actor, source, target, type_, mode, modality, since, until, place, q)
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
