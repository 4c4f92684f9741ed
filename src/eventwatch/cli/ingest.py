"""``eventwatch ingest``: read files or folders into the store (serially or on a Dask cluster, optionally to
Parquet), print the summary, then run the watches' alerts."""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from eventwatch.cli.common import DEFAULT_DB, DbOption, console, err, fail, open_store, parse_date
from eventwatch.cli.watch import run_alerts_after_ingest
from eventwatch.dedup.signature import DEFAULT_THRESHOLD
from eventwatch.errors import EventwatchError

if TYPE_CHECKING:
    from eventwatch.pipeline.run import IngestSummary


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of .txt, .html/.htm and .jsonl articles.")],
    db: DbOption = DEFAULT_DB,
    published: Annotated[str | None, typer.Option(
        metavar="DATE", help="Publication date YYYY-MM-DD of every document that states none of its own.")] = None,
    url: Annotated[str | None, typer.Option(metavar="URL", help="Source URL (single text file).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    duplicate_threshold: Annotated[float, typer.Option(
        min=0.05, max=0.99, help="Shingle similarity at which an article is a near-duplicate copy.")]
    = DEFAULT_THRESHOLD,
    workers: Annotated[int, typer.Option(min=0, max=512, help="Analyse on a local Dask cluster of N workers.")] = 0,
    dask: Annotated[str | None, typer.Option(help="Analyse on a Dask cluster: scheduler address tcp://…")] = None,
    parquet: Annotated[Path | None, typer.Option(help="Also write the events to a month-partitioned Parquet folder.")]
    = None,
    no_db: Annotated[bool, typer.Option("--no-db", help="Write only Parquet (needs --parquet).")] = False,
    no_alerts: Annotated[bool, typer.Option("--no-alerts", help="Do not run the watches' alerts afterwards.")]
    = False,
) -> None:
    """Ingest articles into the store; re-ingesting the same article changes nothing, a near-duplicate copy
    adds mentions to its original's events, and reports of a stored event merge into it. Exit status 3: the
    store cannot be written (disk full, read-only, …), the run stopped; 130: interrupted (Ctrl-C); either way
    the summary counts what was stored, each article whole."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from eventwatch.pipeline.run import IngestEnded, store_totals

    published_date = parse_date(published, "--published")
    if url and (len(paths) != 1 or paths[0].is_dir()):
        raise typer.BadParameter("--url applies to a single file")
    if no_db and parquet is None:
        raise typer.BadParameter("--no-db needs --parquet")
    scaled = bool(workers or dask or parquet)
    from eventwatch.ingest import documents_in  # here: they import spaCy, which reads do not need
    from eventwatch.pipeline.run import ingest_paths
    ended: IngestEnded | None = None
    try:
        with (nullcontext() if no_db else open_store(db, duplicate_threshold, create=True)) as store, Progress(
            TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(), console=err, disable=quiet, transient=True,
        ) as progress:
            task = progress.add_task("ingest", total=None, rate="")
            started = dt.datetime.now()

            def tick() -> None:
                progress.advance(task)
                seconds = (dt.datetime.now() - started).total_seconds() or 1e-9
                done = progress.tasks[0].completed
                progress.update(task, rate=f"{done / seconds:.0f} docs/s")

            try:
                if scaled:
                    from eventwatch.pipeline.dask import ingest_dask

                    summary = ingest_dask(documents_in(paths, published_date, url), store, parquet,
                                          workers=workers, scheduler=dask, on_document=tick)
                else:
                    summary = ingest_paths(paths, store, published_date, url, on_document=tick)
            except IngestEnded as exc:  # unwritable store or Ctrl-C: still report what was stored
                summary, ended = exc.summary, exc
            counts = store_totals(store, summary) if store is not None else {
                "events written to Parquet": summary.events}
    except EventwatchError as exc:
        fail(exc)
    from eventwatch.cli.render import print_summary

    print_summary(console, summary, counts)
    if ended is not None:
        import atexit
        import gc

        atexit.register(gc.freeze)  # exit's last collections would walk the language model: ~1 s after Ctrl-C
        raise typer.Exit(ended.exit_status)
    if (why := nothing_stored(summary)) is not None:
        err.print(f"[red]error:[/red] {why}")
        raise typer.Exit(1)
    if not (no_db or no_alerts):
        try:
            with open_store(db) as store:
                run_alerts_after_ingest(store)
        except EventwatchError as exc:
            fail(exc)


# What to do about the skips that most often leave a first run with nothing stored.
_REMEDIES = {
    "no-date": "give their date with --published YYYY-MM-DD (or a .meta.json sidecar, a JSONL 'published' field)",
    "not-found": "check the path",
    "unsupported": "article files are .txt, .html, .htm, .jsonl, .warc and .warc.gz",
}


def nothing_stored(summary: IngestSummary) -> str | None:
    """Why a run that read no article or skipped every one stored nothing; None when it stored or found stored."""
    if summary.stored or summary.duplicates:
        return None
    if not summary.documents:
        return "nothing stored: no article files found (.txt, .html, .htm, .jsonl, .warc, .warc.gz)"
    reasons = ", ".join(f"{reason} × {count}" for reason, count in summary.skipped.most_common())
    remedies = "; ".join(_REMEDIES[r] for r in summary.skipped if r in _REMEDIES)
    return f"nothing stored: all {summary.documents} documents were skipped ({reasons})" + (
        f": {remedies}" if remedies else "")


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
