"""`eventwatch feeds …`: subscribe to RSS/Atom feeds and poll them into the store, once or every so often."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from eventwatch.cli.common import DEFAULT_DB, DbOption, console, err, fail, open_or_fail, parse_interval
from eventwatch.cli.watch import run_alerts_after_ingest
from eventwatch.errors import EventwatchError

# The store (SQLAlchemy) and the fetching and NLP behind polling are imported by the commands that use them:
# `eventwatch --help` and every other command import this module only to register these.
if TYPE_CHECKING:
    from eventwatch.pipeline.feeds import PollSummary

MAX_FAILED_SHOWN = 20  # a poll of hundreds of feeds during an outage: the rest by reason

feeds_app = typer.Typer(help="RSS/Atom feeds: add, list, remove, and poll them into the store.",
                        no_args_is_help=True)


@feeds_app.command("add")
def add(url: Annotated[str, typer.Argument(help="The feed's http(s) URL.")], db: DbOption = DEFAULT_DB) -> None:
    """Subscribe to a feed (adding it twice changes nothing)."""
    from eventwatch.store.feeds import add_feed

    with open_or_fail(db, create=True) as store:
        try:
            record, created = add_feed(store, url)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from exc
        except EventwatchError as exc:
            fail(exc)
    console.print(f"{'added' if created else 'already subscribed'}: {escape(record.url)}")


@feeds_app.command("list")
def list_(db: DbOption = DEFAULT_DB) -> None:
    """The subscribed feeds and how their last poll went."""
    from eventwatch.store.feeds import list_feeds

    with open_or_fail(db) as store:
        try:
            records = list_feeds(store)
        except EventwatchError as exc:
            fail(exc)
    if not records:
        console.print("no feeds; add one with: eventwatch feeds add URL")
        return
    table = Table("url", "title", "last polled (UTC)", "status", "items")
    for r in records:
        polled = r.last_polled_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S") if r.last_polled_at else "never"
        table.add_row(escape(r.url), escape(r.title or ""), polled, r.last_status or "—", str(r.items_seen))
    console.print(table)


@feeds_app.command("remove")
def remove(url: Annotated[str, typer.Argument(help="The feed's URL as added.")], db: DbOption = DEFAULT_DB) -> None:
    """Unsubscribe from a feed; the articles already stored from it stay."""
    from eventwatch.store.feeds import remove_feed

    with open_or_fail(db) as store:
        try:
            removed = remove_feed(store, url)
        except EventwatchError as exc:
            fail(exc)
    if not removed:
        fail(EventwatchError(f"no such feed: {url}"))
    console.print(f"removed: {escape(url)}")


@feeds_app.command("poll")
def poll_(
    db: DbOption = DEFAULT_DB,
    every: Annotated[str | None, typer.Option(help="Poll again at this interval (30s, 15m, 1h) until Ctrl-C.")]
    = None,
    delay: Annotated[float, typer.Option(min=0.0, help="Seconds between requests to one host.")] = 1.0,
    per_host: Annotated[int, typer.Option(min=1, help="Requests in flight to one host.")] = 2,
    max_bytes: Annotated[int, typer.Option(min=1, help="Largest page body fetched, in bytes.")] = 10_000_000,
    timeout: Annotated[float, typer.Option(min=0.1, help="Read timeout in seconds.")] = 30.0,
) -> None:
    """Fetch every feed (conditional GET) and store the pages of its new entries; with --every, forever."""
    from eventwatch.ingest.http import FetchPolicy
    from eventwatch.pipeline.feeds import poll  # the NLP pipeline (spaCy), httpx, feedparser

    try:
        interval = parse_interval(every) if every is not None else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--every") from exc
    policy = FetchPolicy(per_host=per_host, delay=delay, max_bytes=max_bytes, read_timeout=timeout)
    with open_or_fail(db) as store:
        try:
            while True:
                started = time.monotonic()
                summary = poll(store, policy)
                print_poll_summary(summary, every is not None)
                run_alerts_after_ingest(store)
                if interval is None:
                    break
                _wait(max(0.0, interval - (time.monotonic() - started)))
        except KeyboardInterrupt:
            err.print("stopped")
        except EventwatchError as exc:
            fail(exc)


def _wait(seconds: float) -> None:
    """Between polls (a seam for tests)."""
    time.sleep(seconds)


def print_poll_summary(summary: PollSummary, stamped: bool = False) -> None:
    s, i = summary, summary.ingest
    head = f"[{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%S}Z] " if stamped else ""
    failed = sum(s.feed_errors.values())
    console.print(
        f"{head}[bold]{s.feeds}[/bold] feeds polled: {s.not_modified} not modified, {failed} failed; "
        f"{s.items_new} new items ({s.already_stored} already stored, {s.fetched} fetched): "
        f"[green]{i.stored} pages stored[/green] ({i.events} events, {i.new_events} new), "
        f"{i.duplicates} already stored, [yellow]{sum(i.skipped.values())} skipped[/yellow], "
        f"{s.retry_later} to retry next poll"
    )
    # Each failed feed by name: "which feed is down, and why" is what a poll's reader acts on.
    for url, reason, detail in s.failed_feeds[:MAX_FAILED_SHOWN]:
        console.print(f"  feed failed: {escape(url)}: [red]{reason}[/red]" + (f" ({escape(detail)})" if detail else ""),
                      soft_wrap=True)
    if len(s.failed_feeds) > MAX_FAILED_SHOWN:
        rest = Counter(reason for _, reason, _ in s.failed_feeds[MAX_FAILED_SHOWN:])
        console.print("  … and " + ", ".join(f"{n} × {reason}" for reason, n in sorted(rest.items())))
    for reason, count in sorted(i.skipped.items()):
        console.print(f"  skipped {count} × {reason}: e.g. {escape(i.skipped_examples[reason])}")


def register(app: typer.Typer) -> None:
    app.add_typer(feeds_app, name="feeds")
