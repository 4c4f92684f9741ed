"""The ``eventwatch export`` command: every matching event to csv, jsonl, parquet or the GDELT event table."""

from __future__ import annotations

import os
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from eventwatch.cli.common import (
    DEFAULT_DB,
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
    open_store,
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
    out: Annotated[str, typer.Option("--out", help="File to write; - (the default) is standard output, which "
                                                   "parquet cannot use.")] = "-",
    db: DbOption = DEFAULT_DB,
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
    """Export every matching event, oldest first, streaming (memory holds one batch), to standard output unless
    --out names a file; a reader that stops early (`| head`) ends the export quietly."""
    # Imported here: pyarrow and the store are only needed when the command runs, not for `--help`.
    from eventwatch.export import export_events

    check_type_and_modality(type_, modality)
    to_stdout = out == "-"
    if to_stdout and format_ is ExportFormat.parquet:
        raise typer.BadParameter("parquet is binary: give --out a file name", param_hint="--out")
    where = event_filter(actor, source, target, type_, mode, modality, since, until, place, q)
    started = time.perf_counter()
    try:
        with open_store(db) as store:
            # sys.stdout is looked up now, not at import, so that a redirected stdout (tests, pipes) is used.
            count = export_events(store, where, format_.value, sys.stdout if to_stdout else Path(out), batch)
            if to_stdout:
                sys.stdout.flush()
    except BrokenPipeError:
        _reader_went_away()
    except (EventwatchError, OSError, ValueError) as exc:
        fail(exc)
    seconds = time.perf_counter() - started
    err.print(f"exported {count} events as {format_.value} to {'standard output' if to_stdout else out} "
               f"in {seconds:.2f} s")


def _reader_went_away() -> NoReturn:
    """The reader closed the pipe (`| head`): it has what it wanted, so stop without a word and with status 0.
    Python would still try to flush stdout at exit and report the same broken pipe ("Exception ignored …"),
    so stdout is pointed at /dev/null first."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # a stdout without a file descriptor (a test's capture) has nothing to flush
        pass
    raise typer.Exit(0)


def register(app: typer.Typer) -> None:
    """Add ``export`` to the eventwatch command line."""
    app.command("export")(export)
