"""`eventwatch watch …` (watchlists) and `eventwatch alerts …` (what they raised, and sending it).

``run_alerts_after_ingest`` is what ingest and feed polls call when they stored something.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from eventwatch.cli.common import DEFAULT_DB, DbOption, console, err, fail, open_or_fail, parse_date, parse_interval
from eventwatch.errors import EventwatchError

# The store (SQLAlchemy) and the watch modules (pydantic, yaml, httpx) are imported by the commands that use
# them: every other command, and `eventwatch --help`, imports this module only to register these.
if TYPE_CHECKING:
    from eventwatch.store import Store
    from eventwatch.watch.alerts import AlertRun
    from eventwatch.watch.spec import WatchSpec

watch_app = typer.Typer(help="Watchlists: standing questions whose new answers become alerts.", no_args_is_help=True)
alerts_app = typer.Typer(help="Alerts raised by watches: list them, send what is due, retry failures.",
                         no_args_is_help=True)
Many = Annotated[list[str] | None, typer.Option()]


@watch_app.command("add")
def add(
    name: Annotated[str | None, typer.Argument(help="The watch's name (omit with --file).")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="A YAML file of watches to add.")] = None,
    actor: Annotated[list[str] | None, typer.Option(
        metavar="CODE|NAME", help='Who acts: actor code prefix (PRK, USAMIL) or name ("North Korea").')] = None,
    target: Annotated[list[str] | None, typer.Option(
        metavar="CODE|NAME", help="Whom it is done to: actor code prefix or name.")] = None,
    plover_type: Annotated[list[str] | None, typer.Option("--type", help="PLOVER event type.")] = None,
    mode: Annotated[list[str] | None, typer.Option(help="Event mode (missile-test, …).")] = None,
    modality: Annotated[list[str] | None, typer.Option(help="asserted (the default), planned, threatened, "
                                                            "negated, hypothetical; any for every modality.")]
    = None,
    place: Annotated[list[str] | None, typer.Option(help="Place-name substring or country code.")] = None,
    bbox: Annotated[str | None, typer.Option(help="west,south,east,north in degrees.")] = None,
    min_intensity: Annotated[float | None, typer.Option(help="Minimum magnitude on the 0–10 scale.")] = None,
    keyword: Annotated[list[str] | None, typer.Option(help="Word or phrase of the evidence or title.")] = None,
    jsonl: Annotated[Path | None, typer.Option(help="Append alerts to this JSON-lines file.")] = None,
    webhook: Annotated[str | None, typer.Option(help="POST alerts (JSON) to this URL.")] = None,
    webhook_secret_env: Annotated[str | None, typer.Option(help="Env variable with the HMAC secret.")] = None,
    email: Annotated[list[str] | None, typer.Option(help="E-mail alerts to this address.")] = None,
    smtp: Annotated[str, typer.Option(help="SMTP server host:port for --email.")] = "localhost:25",
    email_from: Annotated[str, typer.Option(help="Sender address for --email.")] = "eventwatch@localhost",
    console_alerts: Annotated[bool, typer.Option("--console", help="Print alerts (default without others).")]
    = False,
    no_updates: Annotated[bool, typer.Option("--no-updates", help="Do not alert again when more outlets "
                                             "report an alerted event.")] = False,
    max_per_hour: Annotated[int, typer.Option(help="More alerts than this in an hour are summarised.")] = 20,
    replace: Annotated[bool, typer.Option(help="Replace a watch of the same name (without it, a name that "
                                               "exists is refused: exit status 1).")] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Add a watch from options, or every watch of a YAML file (--file). A watch matches asserted events (what
    happened) unless --modality says otherwise (--modality any: threats, plans, denials too)."""
    from eventwatch.watch.spec import load_watches, parse_watch

    try:
        if file is not None:
            if name is not None:
                raise typer.BadParameter("give a NAME or --file, not both")
            specs = load_watches(file)
        elif name is None:
            raise typer.BadParameter("give the watch a NAME, or --file watches.yaml")
        else:
            channels: list[Any] = (["console"] if console_alerts else []) + ([{"jsonl": str(jsonl)}] if jsonl else [])
            if webhook:
                channels.append({"webhook": webhook, "secret_env": webhook_secret_env})
            if email:
                channels.append({"email": email, "smtp": smtp, "sender": email_from})
            data: dict[str, Any] = {
                "name": name, "actors": _codes(actor, "--actor"), "targets": _codes(target, "--target"),
                "types": plover_type or [],
                "modes": mode or [], "places": place or [],
                "min_intensity": min_intensity, "keywords": keyword or [], "on_update": not no_updates,
                "max_alerts_per_hour": max_per_hour, "channels": channels or ["console"]}
            if modality:  # else the spec's default (asserted)
                data["modalities"] = modality
            if bbox:
                data["bbox"] = _bbox(bbox)
            specs = [parse_watch(data)]
    except EventwatchError as exc:
        fail(exc)
    with open_or_fail(db, create=True) as store:
        _save_watches(store, specs, replace)


def _save_watches(store: Store, specs: list[WatchSpec], replace: bool) -> None:
    """Add (or with ``replace``, save) the watches; a name that exists already is refused with exit status 1.
    Every name is checked before any is added, so that a file is added whole or not at all."""
    from eventwatch.store import watches as state

    taken = [] if replace else [s.name for s in specs if state.get_watch(store, s.name) is not None]
    for spec in specs if not taken else []:
        _, added = state.add_watch(store, spec.name, spec.model_dump(mode="json"), replace=replace)
        if not added:  # added by someone else since the check
            taken.append(spec.name)
            continue
        console.print(f"watch [bold]{escape(spec.name)}[/bold] {'saved' if replace else 'added'}: "
                      f"{escape(_criteria(spec))}")
    if taken:
        many = len(taken) > 1
        err.print(f"[red]error:[/red] {'watches' if many else 'watch'} {escape(', '.join(taken))} "
                  f"{'exist' if many else 'exists'} already: give --replace to change {'them' if many else 'it'}, "
                  "or another name" + ("" if len(taken) == len(specs) else " (nothing was added)"), soft_wrap=True)
        raise typer.Exit(1)


@watch_app.command("list")
def list_(db: DbOption = DEFAULT_DB,
          output: Annotated[str, typer.Option("--format", help="table or json")] = "table") -> None:
    """The watches, with their criteria and channels."""
    from eventwatch.store import watches as state
    from eventwatch.watch.spec import WatchSpec

    with open_or_fail(db) as store:
        watches = state.list_watches(store)
    if output == "json":
        print(json.dumps([{"name": w.name, "created_at": w.created_at.isoformat(), **w.spec} for w in watches],
                         indent=2))
        return
    table = Table("name", "criteria", "channels", "since")
    for w in watches:
        spec = WatchSpec.model_validate(w.spec)
        table.add_row(escape(w.name), escape(_criteria(spec)), escape(_channels(spec)), f"{w.created_at:%Y-%m-%d}")
    console.print(table if watches else "no watches (add one: eventwatch watch add NAME --actor PRK …)")


@watch_app.command("remove")
def remove(name: str, db: DbOption = DEFAULT_DB) -> None:
    """Remove a watch and its alerts."""
    from eventwatch.store import watches as state

    with open_or_fail(db) as store:
        if not state.remove_watch(store, name):
            fail(EventwatchError(f"no watch named {name!r}"))
    console.print(f"watch {escape(name)} removed")


@watch_app.command("test")
def test(name: str, db: DbOption = DEFAULT_DB,
         since: Annotated[str | None, typer.Option(help="Look at stored events from YYYY-MM-DD.")] = None,
         until: Annotated[str | None, typer.Option(help="… up to YYYY-MM-DD.")] = None,
         limit: Annotated[int, typer.Option(min=1, max=10_000)] = 20,
         send_test: Annotated[bool, typer.Option("--send", help="Send the latest match through every channel "
                                                  "(marked as a test; nothing is recorded).")] = False) -> None:
    """Which stored events the watch matches (a dry run: no alert is recorded)."""
    from eventwatch.store import watches as state
    from eventwatch.store.event_query import EventFilter
    from eventwatch.watch.alerts import event_summary
    from eventwatch.watch.channels import DeliveryFailed, describe, send
    from eventwatch.watch.spec import WatchSpec

    with open_or_fail(db) as store:
        watch = state.get_watch(store, name)
        if watch is None:
            fail(EventwatchError(f"no watch named {name!r}"))
        spec = WatchSpec.model_validate(watch.spec)
        where = EventFilter(since=parse_date(since, "--since"), until=parse_date(until, "--until"))
        found, offset = [], 0
        while len(found) < limit:
            page = store.query_events(where=where, sort="-date", limit=1000, offset=offset)
            found += [e for e in page if spec.matches(e)]
            if len(page) < 1000:
                break
            offset += 1000
        found = found[:limit]
        for event in found:
            console.print(escape(describe({"watch": name, "kind": "new", "event": event_summary(event)})[0]))
        console.print(f"{len(found)} matching event(s) shown (newest first)")
        if send_test and found:
            payload = {"watch": name, "kind": "test", "event": event_summary(found[0]),
                       "created_at": dt.datetime.now(dt.UTC).isoformat()}
            for i, channel in enumerate(spec.channels):
                try:
                    send(channel, payload, f"test:{i}", console=sys.stdout)
                    console.print(f"test alert sent via {channel.kind}")
                except DeliveryFailed as exc:
                    err.print(f"[red]test alert via {channel.kind} failed:[/red] {escape(str(exc))}")


@alerts_app.command("run")
def run(db: DbOption = DEFAULT_DB,
        every: Annotated[str | None, typer.Option(help="Keep running: every 30s, 5m, 1h … (Ctrl-C stops).")] = None,
        max_attempts: Annotated[int, typer.Option(min=1, max=100)] = 6) -> None:
    """Record the alerts of everything stored since the last run and send what is due (retries included)."""
    from eventwatch.watch.alerts import run_alerts

    pause = parse_interval(every) if every else None
    with open_or_fail(db) as store:
        try:
            while True:
                print_run(run_alerts(store, max_attempts=max_attempts, console=sys.stdout))
                if pause is None:
                    break
                time.sleep(pause)
        except KeyboardInterrupt:
            err.print("stopped")
        except EventwatchError as exc:
            fail(exc)


@alerts_app.command("list")
def list_alerts(db: DbOption = DEFAULT_DB, watch: Annotated[str | None, typer.Option()] = None,
                status: Annotated[str | None, typer.Option(help="pending, sending, delivered or failed")] = None,
                limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
                output: Annotated[str, typer.Option("--format", help="table or json")] = "table") -> None:
    """Alerts newest first, with each channel's delivery state."""
    from eventwatch.store import watches as state
    from eventwatch.watch.channels import describe

    with open_or_fail(db) as store:
        alerts = state.list_alerts(store, watch, status, limit)
    if output == "json":
        print(json.dumps([{"id": a.id, "watch": a.watch, "kind": a.kind, "event_id": a.event_id,
                           "num_sources": a.num_sources, "created_at": a.created_at.isoformat(),
                           "suppressed": a.suppressed, "summary_id": a.summary_id,
                           "deliveries": [{"channel": d.kind, "status": d.status, "attempts": d.attempts,
                                           "last_error": d.last_error} for d in a.deliveries],
                           "payload": a.payload} for a in alerts], indent=2, ensure_ascii=False))
        return
    table = Table("id", "watch", "kind", "alert", "deliveries")
    for a in alerts:
        subject = describe(a.payload)[0] if a.kind != "test" else ""
        deliveries = ", ".join(f"{d.kind} {d.status}" + (f" ({d.attempts}×: {d.last_error})" if d.last_error else "")
                               for d in a.deliveries) or ("suppressed" if a.suppressed else "—")
        table.add_row(str(a.id), escape(a.watch), a.kind, escape(subject), escape(deliveries))
    console.print(table if alerts else "no alerts")


@alerts_app.command("retry")
def retry(db: DbOption = DEFAULT_DB, watch: Annotated[str | None, typer.Option()] = None) -> None:
    """Queue failed deliveries again (after fixing their cause), then send them."""
    from eventwatch.store import watches as state
    from eventwatch.watch.alerts import run_alerts

    with open_or_fail(db) as store:
        count = state.retry_failed(store, dt.datetime.now(dt.UTC), watch)
        console.print(f"{count} failed deliveries queued again")
        print_run(run_alerts(store, console=sys.stdout))


def run_alerts_after_ingest(store: Store) -> None:
    """After storing articles: alert on what the watches match (a no-op without watches)."""
    from eventwatch.pipeline.run import alert_after_ingest

    try:
        run = alert_after_ingest(store, console=sys.stdout)
    except EventwatchError as exc:
        err.print(f"[red]alerts:[/red] {escape(str(exc))}")
        return
    if run is not None:
        print_run(run)


def print_run(run: AlertRun) -> None:
    if not (run.alerts or run.suppressed or run.summaries or run.delivered or run.retrying or run.failed):
        return
    console.print(f"alerts: {run.alerts} new, {run.suppressed} held back by rate limits, {run.summaries} "
                  f"summaries; deliveries: {run.delivered} sent, {run.retrying} to retry, {run.failed} failed")
    for line in run.errors:
        err.print(f"[red]delivery:[/red] {escape(line)}")


def _bbox(value: str) -> list[float]:
    try:
        parts = [float(p) for p in value.split(",")]
    except ValueError:
        parts = []
    if len(parts) != 4:
        raise typer.BadParameter("--bbox is west,south,east,north")
    return parts


def _criteria(spec: WatchSpec) -> str:
    from eventwatch.watch.spec import ANY_MODALITY  # loaded already: ``spec`` is one

    parts = [f"{label} {'|'.join(values)}" for label, values in (
        ("actor", spec.actors), ("target", spec.targets), ("type", spec.types), ("mode", spec.modes),
        ("modality", spec.modalities or [ANY_MODALITY]), ("place", spec.places), ("keyword", spec.keywords))
        if values]
    if spec.bbox:
        parts.append("bbox " + ",".join(f"{v:g}" for v in spec.bbox))
    if spec.min_intensity is not None:
        parts.append(f"|intensity| ≥ {spec.min_intensity:g}")
    return "; ".join(parts) or "every event"


def _channels(spec: WatchSpec) -> str:
    shown = []
    for c in spec.channels:
        detail = {"jsonl": getattr(c, "path", ""), "webhook": getattr(c, "url", ""),
                  "email": ", ".join(getattr(c, "to", []))}.get(c.kind, "")
        shown.append(f"{c.kind} {detail}".strip())
    return "; ".join(shown)


def register(app: typer.Typer) -> None:
    app.add_typer(watch_app, name="watch")
    app.add_typer(alerts_app, name="alerts")


def _codes(values: list[str] | None, option: str) -> list[str]:
    """Actor names given to a watch resolved to their codes, as the event filters do."""
    from eventwatch.cli.common import actor_code

    return [code for value in values or [] if (code := actor_code(value, option))]
