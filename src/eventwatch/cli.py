"""Command line: thin wrappers that parse options and call the runner, the store and the renderers."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from eventwatch import __version__
from eventwatch.cli_common import DbOption, check_type_and_modality, err, open_store
from eventwatch.cli_common import fail as _fail
from eventwatch.cli_common import parse_date as _date
from eventwatch.dedup.signature import DEFAULT_THRESHOLD
from eventwatch.errors import EventwatchError

app = typer.Typer(help="eventwatch: raw news pages → coded, dated, source-linked events.", no_args_is_help=True)
console = Console(width=None if Console().is_terminal else 160)


T = TypeVar("T")


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _require(value: T | None, message: str) -> T:
    """The looked-up record, or a clear error and exit status 2 when it is not in the store."""
    if value is None:
        _fail(EventwatchError(message))
    return value


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every skip.")] = False) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR, format="%(levelname)s %(message)s")


@app.command()
def version() -> None:
    """Print the version."""
    console.print(__version__)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of .txt, .html/.htm and .jsonl articles.")],
    db: DbOption = "events.db",
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD (single text file).")] = None,
    url: Annotated[str | None, typer.Option(help="Source URL (single text file).")] = None,
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
    from eventwatch.pipeline.run import IngestEnded, store_totals

    published_date = _date(published, "--published")
    if (published or url) and (len(paths) != 1 or paths[0].is_dir()):
        raise typer.BadParameter("--published and --url apply to a single file")
    if no_db and parquet is None:
        raise typer.BadParameter("--no-db needs --parquet")
    scaled = bool(workers or dask or parquet)
    from eventwatch.ingest import documents_in  # here: they import spaCy, which reads do not need
    from eventwatch.pipeline.run import ingest_paths
    ended: IngestEnded | None = None
    try:
        with (nullcontext() if no_db else open_store(db, duplicate_threshold)) as store, Progress(
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
        _fail(exc)
    from eventwatch.render import print_summary

    print_summary(console, summary, counts)
    if ended is not None:
        import atexit
        import gc

        atexit.register(gc.freeze)  # exit's last collections would walk the language model: ~1 s after Ctrl-C
        raise typer.Exit(ended.exit_status)
    if not (no_db or no_alerts):
        try:
            with open_store(db) as store:
                run_alerts_after_ingest(store)
        except EventwatchError as exc:
            _fail(exc)


@app.command()
def events(
    db: DbOption = "events.db",
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
    limit: Annotated[int, typer.Option(min=1, max=100000)] = 200,
    format_: Annotated[OutputFormat, typer.Option("--format", help="table, json or csv.")] = OutputFormat.table,
) -> None:
    """List coded events with their evidence."""
    check_type_and_modality(type_, modality)
    try:
        with open_store(db) as store:
            records = store.query_events(
                actor=actor.upper() if actor else None, source=source.upper() if source else None,
                target=target.upper() if target else None, plover_type=type_.upper() if type_ else None,
                mode=mode, modality=modality, since=_date(since, "--since"), until=_date(until, "--until"),
                place=place, limit=limit,
            )
    except EventwatchError as exc:
        _fail(exc)
    from eventwatch.render import print_events

    print_events(console, records, format_.value)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix of 6+ characters).")],
    db: DbOption = "events.db",
) -> None:
    """Show the clean article with each event's evidence highlighted."""
    try:
        with open_store(db) as store:
            article = _require(store.get_article(article_id), f"no article {article_id!r} in {db}")
            records = store.events_for_article(article.id)
            quotes = store.quotes_for_article(article.id)
    except EventwatchError as exc:
        _fail(exc)
    from eventwatch.render import print_article

    print_article(console, article, records, quotes)


@app.command()
def event(
    event_id: Annotated[int, typer.Argument(help="Event id (the first column of `eventwatch events`).")],
    db: DbOption = "events.db",
) -> None:
    """Show one merged event with every report of it: sentence, article, outlet, date and URL."""
    try:
        with open_store(db) as store:
            record = _require(store.get_event(event_id), f"no event {event_id} in {db}")
            mentions = store.mentions_of(event_id)
    except EventwatchError as exc:
        _fail(exc)
    from eventwatch.render import print_event

    print_event(console, record, mentions)


@app.command()
def related(
    article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix of 6+ characters).")],
    db: DbOption = "events.db",
    limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
    format_: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = OutputFormat.table,
) -> None:
    """The stored articles most related to this one (shared events, shared rare key terms)."""
    try:
        with open_store(db) as store:
            article = _require(store.get_article(article_id), f"no article {article_id!r} in {db}")
            found = store.related(article.id, limit)
    except EventwatchError as exc:
        _fail(exc)
    if format_ is OutputFormat.json:
        import dataclasses
        import json

        console.print_json(json.dumps([dataclasses.asdict(r) for r in found], default=str, ensure_ascii=False))
        return
    from eventwatch.render import print_related

    print_related(console, article, found)


@app.command()
def stories(
    db: DbOption = "events.db",
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    min_articles: Annotated[int, typer.Option(min=1, help="Smallest story to list.")] = 2,
) -> None:
    """Story clusters: articles about the same occurrences (and their copies), with a label of shared terms."""
    try:
        with open_store(db) as store:
            found = store.stories(limit, min_articles)
    except EventwatchError as exc:
        _fail(exc)
    from eventwatch.render import print_stories

    print_stories(console, found)


@app.command()
def serve(
    db: DbOption = "events.db",
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    token: Annotated[str | None, typer.Option(envvar="EVENTWATCH_API_TOKEN", show_envvar=True,
                                              help="An API token for the write routes, besides stored ones.")]
    = None,
    max_body: Annotated[str, typer.Option(help="Largest request body (bytes, or e.g. 12MB, 500KB).")] = "12MB",
    rate_limit: Annotated[int | None, typer.Option(envvar="EVENTWATCH_RATE_LIMIT", show_envvar=True, min=0,
                                                   help="Reads per minute per client (default 600; 0: no "
                                                        "rate limiting at all).")] = None,
    write_rate_limit: Annotated[int | None, typer.Option(min=0, help="Writes per minute per client "
                                                                     "(default 60; 0: unlimited).")] = None,
    cors_origin: Annotated[list[str] | None, typer.Option(help="A web origin allowed to call the API from a "
                                                               "browser (repeatable); none by default.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Server processes (each with its own store connection).")] = 1,
) -> None:
    """Serve the REST API (docs at /docs) and the dashboard (at /) over the store."""
    import uvicorn

    from eventwatch.api import create_app
    from eventwatch.api.app import DB_ENV, SETTINGS_ENV, TOKEN_ENV
    from eventwatch.api.limits import parse_size

    try:
        application = create_app(db, token=token, max_body=parse_size(max_body), rate_limit=rate_limit,
                                 write_rate_limit=write_rate_limit, cors_origins=cors_origin or ())
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    except EventwatchError as exc:
        _fail(exc)
    console.print(f"eventwatch on http://{host}:{port}/ (API docs at /docs; writing needs a stored token"
                  f"{' or the given one' if token else ''})")
    # uvicorn configures only its own loggers: the API's (accepted/refused writes, 413s, 429s) go beside them.
    api_log = logging.getLogger("eventwatch.api")
    if not api_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
        api_log.addHandler(handler)
        api_log.setLevel(logging.INFO)
        api_log.propagate = False  # not again through the root handler of --verbose
    if workers == 1:
        uvicorn.run(application, host=host, port=port, log_level="info")
        return
    # Several processes need an importable factory rather than this app object; the app built above has
    # already checked the store and the settings, which reach the workers through the environment.
    application.state.store.close()
    os.environ[DB_ENV] = db
    os.environ[SETTINGS_ENV] = json.dumps({"max_body": parse_size(max_body), "rate_limit": rate_limit,
                                           "write_rate_limit": write_rate_limit, "cors_origins": cors_origin or []})
    if token:
        os.environ[TOKEN_ENV] = token
    uvicorn.run("eventwatch.api.app:app_from_environment", factory=True, workers=workers, host=host, port=port,
                log_level="info")


@app.command("eval")
def eval_(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of NNN.txt|html + NNN.meta.json + NNN.gold.yaml.")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the full report as JSON.")] = None,
    min_f1: Annotated[float | None, typer.Option(help="Exit with status 1 when overall F1 is below this.")] = None,
    show_errors: Annotated[int, typer.Option(help="How many false positives/negatives to list.")] = 200,
    min_type_recall: Annotated[float | None, typer.Option(
        help="Sentence sets: exit with status 1 when type recall is below this.")] = None,
    min_full_recall: Annotated[float | None, typer.Option(
        help="Sentence sets: exit with status 1 when type + source + target recall is below this.")] = None,
) -> None:
    """Score the pipeline against a gold corpus (articles, or a folder of gold sentences): P/R/F1 overall and
    per type, exactness, FP/FN lists."""
    from eventwatch.evaluation.gold import load_gold
    from eventwatch.evaluation.report import print_report
    from eventwatch.evaluation.score import evaluate
    from eventwatch.evaluation.sentences import is_sentence_folder

    if not gold_dir.is_dir():
        raise typer.BadParameter(f"{gold_dir} is not a folder")
    if is_sentence_folder(gold_dir):
        _eval_sentences(gold_dir, json_out, show_errors, min_type_recall, min_full_recall)
        return
    try:
        articles = load_gold(gold_dir)
    except EventwatchError as exc:
        _fail(exc)
    report = evaluate(articles)
    print_report(console, report, show_errors)
    if json_out:
        import json

        json_out.write_text(json.dumps(report.as_dict(), indent=2, ensure_ascii=False), "utf-8")
    if min_f1 is not None and report.overall.f1 < min_f1:
        err.print(f"[red]overall event F1 {report.overall.f1:.3f} is below the floor {min_f1:.3f}[/red]")
        raise typer.Exit(1)


def _eval_sentences(folder: Path, json_out: Path | None, show_errors: int, min_type: float | None,
                    min_full: float | None) -> None:
    from eventwatch.evaluation.report import print_sentence_report
    from eventwatch.evaluation.sentences import evaluate_sentences, load_sentences

    try:
        report = evaluate_sentences(load_sentences(folder))
    except EventwatchError as exc:
        _fail(exc)
    print_sentence_report(console, report, show_errors)
    if json_out:
        import json

        json_out.write_text(json.dumps(report.as_dict(), indent=2, ensure_ascii=False), "utf-8")
    for name, value, floor in (("type recall", report.type_recall, min_type),
                               ("type + source + target recall", report.full_recall, min_full)):
        if floor is not None and value < floor:
            err.print(f"[red]{name} {value:.3f} is below the floor {floor:.3f}[/red]")
            raise typer.Exit(1)


@app.command()
def demo(
    db: DbOption = "eventwatch-demo.db",
    limit: Annotated[int, typer.Option(help="How many events to print.")] = 60,
) -> None:
    """Ingest the bundled demo corpus and print the coded events."""
    from importlib import resources

    from eventwatch.pipeline.run import ingest_paths  # here: it imports spaCy, which reads do not need
    from eventwatch.render import print_events, print_summary

    corpus = Path(str(resources.files("eventwatch").joinpath("data", "demo")))
    try:
        with open_store(db) as store:
            summary = ingest_paths([corpus], store)
            counts = store.counts()
            records = store.query_events(limit=limit)
    except EventwatchError as exc:
        _fail(exc)
    print_summary(console, summary, counts)
    print_events(console, records, "table")
    console.print(f"\nStore: {db}. Try: eventwatch events --db {db} --actor PRK --type THREATEN; "
                  f"eventwatch show ARTICLE_ID --db {db}")


from eventwatch.cli_feeds import feeds_app  # noqa: E402

app.add_typer(feeds_app, name="feeds")

from eventwatch.cli_export import register as _register_export  # noqa: E402
from eventwatch.cli_watch import alerts_app, run_alerts_after_ingest, watch_app  # noqa: E402

app.add_typer(watch_app, name="watch")
app.add_typer(alerts_app, name="alerts")

_register_export(app)

from eventwatch.cli_tokens import register as _register_tokens  # noqa: E402

_register_tokens(app)

from eventwatch.cli_escalation import register as _register_escalation  # noqa: E402

_register_escalation(app)

from eventwatch.cli_doctor import register as _register_doctor  # noqa: E402

_register_doctor(app)
