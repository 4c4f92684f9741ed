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
    from eventwatch.ingest.http import FetchPolicy
    from eventwatch.live.settings import LiveSettings
    from eventwatch.live.stats import PollSummary
    from eventwatch.store.repository import Store

MAX_FAILED_SHOWN = 20  # a poll of hundreds of feeds during an outage: the rest by reason
PROGRESS_EVERY = 60.0  # seconds between a live poller's progress lines

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


STATES = ("pending", "stored", "unusable", "failed")


def _when(value: dt.datetime | None) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S") if value else "—"


@feeds_app.command("status")
def status(db: DbOption = DEFAULT_DB,
           limit: Annotated[int, typer.Option(min=1, help="Failed pages listed, most recent first.")] = 20) -> None:
    """Each feed's last poll, failures in a row and its items by state; then the pages given up on, with why."""
    from eventwatch.store.feed_items import failed_items, item_states
    from eventwatch.store.feeds import list_feeds

    with open_or_fail(db) as store:
        try:
            feeds, states = list_feeds(store), item_states(store)
            total, failed = failed_items(store, limit)
        except EventwatchError as exc:
            fail(exc)
    if not feeds:
        console.print("no feeds; add one with: eventwatch feeds add URL")
        return
    table = Table("url", "last polled (UTC)", "status", "failures", "next try (UTC)", *STATES)
    for f in feeds:
        counts = states.get(f.id, {})
        table.add_row(escape(f.url), _when(f.last_polled_at), f.last_status or "—", str(f.failures),
                      _when(f.next_poll_at) if f.failures else "—", *(str(counts.get(s, 0)) for s in STATES))
    console.print(table)
    if not total:
        console.print("no failed pages")
        return
    console.print(f"[red]{total} failed pages[/red] (retry them with: eventwatch feeds retry)")
    listing = Table("page", "feed", "reason", "attempts", "first seen (UTC)")
    for item in failed:
        listing.add_row(escape(item.item_url), escape(item.feed_url), escape(item.reason or "—"), str(item.attempts),
                        _when(item.first_seen))
    console.print(listing)


@feeds_app.command("retry")
def retry(feed: Annotated[str | None, typer.Argument(help="Only this feed's failed pages (its URL as added).")]
          = None, db: DbOption = DEFAULT_DB) -> None:
    """Queue the failed pages again, with a fresh allowance of retries; the next poll fetches them."""
    from eventwatch.store.feed_items import retry_failed
    from eventwatch.store.feeds import get_feed

    with open_or_fail(db) as store:
        try:
            if feed is not None and get_feed(store, feed) is None:
                fail(EventwatchError(f"no such feed: {feed}"))
            count = retry_failed(store, feed)
        except EventwatchError as exc:
            fail(exc)
    console.print(f"{count} failed pages queued again" + ("" if count else " (none had failed)"))


@feeds_app.command("poll")
def poll_(
    db: DbOption = DEFAULT_DB,
    every: Annotated[str | None, typer.Option(
        help="Keep polling, each feed at this interval (at least 10s: 30s, 15m, 1h) until Ctrl-C.")] = None,
    delay: Annotated[float, typer.Option(min=0.0, help="Seconds between requests to one host.")] = 1.0,
    per_host: Annotated[int, typer.Option(min=1, help="Requests in flight to one host.")] = 2,
    max_bytes: Annotated[int, typer.Option(min=1, help="Largest page body fetched, in bytes.")] = 10_000_000,
    timeout: Annotated[float, typer.Option(min=0.1, help="Read timeout in seconds.")] = 30.0,
    feed_workers: Annotated[int, typer.Option(min=1, help="Feed requests in flight.")] = 32,
    page_workers: Annotated[int, typer.Option(min=1, help="Page requests in flight.")] = 32,
    retry_for: Annotated[str, typer.Option(
        help="Retry a page that fails (404, 5xx, timeout) with growing waits for this long, then record it as "
             "failed (see `feeds status`, `feeds retry`).")] = "6h",
) -> None:
    """Fetch every feed (conditional GET) and store the pages of its new entries; with --every, live: feeds on
    their own schedules, pages fetched and analysed as soon as they appear."""
    from eventwatch.ingest.http import FetchPolicy
    from eventwatch.live.settings import MIN_INTERVAL, LiveSettings

    interval = _interval(every, "--every", minimum=MIN_INTERVAL) if every is not None else 60.0
    settings = LiveSettings(interval=interval, feed_workers=feed_workers, page_workers=page_workers,
                            retry_for=_interval(retry_for, "--retry-for"))
    policy = FetchPolicy(per_host=per_host, delay=delay, max_bytes=max_bytes, read_timeout=timeout)
    with open_or_fail(db) as store:
        try:
            if every is None:
                from eventwatch.pipeline.feeds import poll  # the NLP pipeline (spaCy), httpx, feedparser

                print_poll_summary(poll(store, policy, settings))
                run_alerts_after_ingest(store)
            else:
                _poll_live(store, settings, policy)
        except KeyboardInterrupt:  # what was stored stays; pages not yet stored stay pending for the next poll
            err.print("stopped")
        except EventwatchError as exc:
            fail(exc)


def _interval(value: str, option: str, minimum: float = 0.0) -> float:
    try:
        seconds = parse_interval(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from exc
    if seconds < minimum:
        raise typer.BadParameter(f"at least {minimum:g}s: polling a feed more often gains nothing and burdens "
                                 f"its site, got {value!r}", param_hint=option)
    return seconds


def _poll_live(store: Store, settings: LiveSettings, policy: FetchPolicy) -> None:
    """Run the live poller until Ctrl-C, with a progress line (and the watches' alerts) every so often."""
    from eventwatch.live.runner import LiveRunner

    runner = LiveRunner(store, settings, policy)
    stored = 0
    try:
        err.print("loading the model…")
        runner.start()
        err.print(f"polling {len(runner.feeds_known())} feeds every {settings.interval:g}s; Ctrl-C to stop")
        while runner.fatal is None:
            _wait(PROGRESS_EVERY)
            print_poll_summary(runner.summary, stamped=True)
            if runner.summary.ingest.stored > stored:
                stored = runner.summary.ingest.stored
                run_alerts_after_ingest(store)
    finally:
        runner.stop()
        print_poll_summary(runner.summary, stamped=True)  # what the run did, also after Ctrl-C
    if runner.fatal is not None:
        fail(runner.fatal)


def _wait(seconds: float) -> None:
    """Between progress lines (a seam for tests)."""
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
        f"{s.retry_later} to retry later, {sum(s.gave_up.values())} failed after retrying", soft_wrap=True
    )
    # Each failed feed by name: "which feed is down, and why" is what a poll's reader acts on.
    for url, reason, detail in s.failed_feeds[-MAX_FAILED_SHOWN:]:
        console.print(f"  feed failed: {escape(url)}: [red]{reason}[/red]" + (f" ({escape(detail)})" if detail else ""),
                      soft_wrap=True)
    if len(s.failed_feeds) > MAX_FAILED_SHOWN:
        rest = Counter(reason for _, reason, _ in s.failed_feeds[:-MAX_FAILED_SHOWN])
        console.print("  … and " + ", ".join(f"{n} × {reason}" for reason, n in sorted(rest.items())))
    for label, counts in (("skipped", i.skipped), ("unusable", s.unusable), ("failed after retrying", s.gave_up)):
        for reason, count in sorted(counts.items()):
            example = i.skipped_examples.get(reason) if label == "skipped" else None
            console.print(f"  {label} {count} × {reason}" + (f": e.g. {escape(example)}" if example else ""))


def register(app: typer.Typer) -> None:
    app.add_typer(feeds_app, name="feeds")
