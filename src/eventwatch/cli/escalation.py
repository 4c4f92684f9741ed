"""The ``eventwatch escalation`` command: an actor's or pair's conflict/cooperation series with sparklines,
its spikes and the events that drove them, and yearly records.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from eventwatch.cli.common import (
    DEFAULT_DB,
    DbOption,
    TableOrJson,
    actor_code,
    console,
    err,
    fail,
    open_store,
    parse_date,
)
from eventwatch.errors import EventwatchError
from eventwatch.escalation.defaults import DEFAULT_MIN_INTENSITY, DEFAULT_THRESHOLD, DEFAULT_WINDOW

if TYPE_CHECKING:  # the index (and its arithmetic) is imported when the command runs, not for --help
    from eventwatch.escalation.index import Day, EscalationIndex

BARS = "▁▂▃▄▅▆▇█"
SPARK_WIDTH = 100
DAILY_ROWS_UP_TO = 92  # longer spans are summarised by ISO week


def sparkline(values: list[float], width: int = SPARK_WIDTH) -> str:
    """One bar per value, or per run of values summed when there are more than ``width``; zero is a blank, so
    quiet stretches read as gaps and the smallest real value still shows as ▁."""
    if not values:
        return ""
    per = -(-len(values) // width)  # ceiling division
    sums = [sum(values[i:i + per]) for i in range(0, len(values), per)]
    top = max(sums)
    if top <= 0:
        return " " * len(sums)
    return "".join(" " if v <= 0 else BARS[min(len(BARS) - 1, int(v / top * (len(BARS) - 1) + 0.999))]
                   for v in sums)


def escalation(
    actor: Annotated[str, typer.Argument(metavar="ACTOR", help=(
        'Actor code prefix or name, e.g. PRK or "North Korea" (alone: the events it initiates).'))],
    target: Annotated[str | None, typer.Argument(metavar="[TARGET]", help="The other side of the pair, e.g. USA.")]
    = None,
    since: Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD (default: a year before --until).")]
    = None,
    until: Annotated[str | None, typer.Option(help="Last day, YYYY-MM-DD (default: the latest event).")] = None,
    db: DbOption = DEFAULT_DB,
    window: Annotated[int, typer.Option(min=2, max=365, help="Baseline: days before each day.")] = DEFAULT_WINDOW,
    threshold: Annotated[float, typer.Option(min=0.1, help="Robust z-score of a spike.")] = DEFAULT_THRESHOLD,
    min_intensity: Annotated[float, typer.Option(min=0, help="A spike's least daily total.")]
    = DEFAULT_MIN_INTENSITY,
    directed: Annotated[bool, typer.Option("--directed", help="Only ACTOR → TARGET, not both directions.")]
    = False,
    format_: Annotated[TableOrJson, typer.Option("--format", help="table or json.")] = TableOrJson.table,
) -> None:
    """Daily conflict and cooperation intensity of an actor or pair, baseline, spikes (with the events that
    drove them) and record years."""
    from eventwatch.escalation.index import escalation_index

    if directed and target is None:
        raise typer.BadParameter("--directed needs a TARGET")
    first, last = parse_date(since, "--since"), parse_date(until, "--until")
    actor, target = actor_code(actor, "ACTOR") or actor, actor_code(target, "TARGET")
    try:
        with open_store(db) as store:
            index = escalation_index(store, actor, target, directed=directed, since=first, until=last,
                                     window=window, threshold=threshold, min_intensity=min_intensity)
    except (EventwatchError, ValueError) as exc:
        fail(exc)
    nothing = nothing_found(index, db) if index.empty else None
    if format_ is TableOrJson.json:
        from eventwatch.escalation.shape import index_out

        print(index_out(index).model_dump_json(indent=2))
        if nothing:
            err.print(nothing, markup=False, highlight=False)  # beside the JSON, which stays JSON
    elif nothing:
        console.print(nothing, markup=False, highlight=False)
    else:
        print_index(console, index)


def nothing_found(index: EscalationIndex, db: str) -> str:
    """One plain line for a scope without events in the period: an empty series would only show zeros (and,
    for a scope never seen, a year before today rather than anything in the store)."""
    scope = index.scope
    if scope.target is None:
        who = f"initiated by {scope.actor}"
    elif scope.directed:
        who = f"from {scope.actor} to {scope.target}"
    else:
        who = f"between {scope.actor} and {scope.target}"
    if index.scope_latest is None:
        return f"no events {who} in the store ({db})"
    return (f"no events {who} from {index.since} to {index.until}; the latest is dated {index.scope_latest} "
            f"(try --until {index.scope_latest})")


def print_index(out: Console, index: EscalationIndex) -> None:
    out.print(f"[bold]{escape(index.scope.describe())}[/bold], {index.since} … {index.until}: baseline "
              f"{index.window} days, spike at robust z ≥ {index.threshold:g} and ≥ {index.min_intensity:g}/day")
    days = index.days
    per = -(-len(days) // SPARK_WIDTH)
    unit = "1 day" if per == 1 else f"{per} days"
    for side in ("conflict", "cooperation"):
        values = [d.total(side) for d in days]
        out.print(f"{side:12s} {sparkline(values)}  peak {max(values, default=0):g}/day (one bar = {unit})",
                  highlight=False, markup=False)
    out.print(_series_table(days))
    _print_spikes(out, index)
    for record in index.records:
        out.print(f"[bold]record:[/bold] {escape(record.describe())}")
    if index.undated_to_day:
        parts = ", ".join(f"{p} {n}" for p, n in sorted(index.undated_to_day.items()))
        out.print(f"Not in the days (dated only to a {'/'.join(sorted(index.undated_to_day))}): {parts}")
    if index.not_counted:
        parts = ", ".join(f"{m} {n}" for m, n in sorted(index.not_counted.items()))
        out.print(f"Not counted (modality): {parts}")


def _series_table(days: list[Day]) -> Table:
    weekly = len(days) > DAILY_ROWS_UP_TO
    table = Table("week of" if weekly else "day", "events", "conflict", "cooperation", "net", "main types",
                  title="weekly totals" if weekly else "daily series")
    groups: dict[dt.date, list[Day]] = {}
    for day in days:
        key = day.date - dt.timedelta(days=day.date.weekday()) if weekly else day.date
        groups.setdefault(key, []).append(day)
    quiet = 0
    for start, group in groups.items():
        if not any(d.events for d in group):
            quiet += 1  # the sparkline shows the quiet stretches; rows are for what happened
            continue
        by_type: dict[str, float] = {}
        for day in group:
            for kind, value in day.by_type.items():
                by_type[kind] = by_type.get(kind, 0.0) + value
        main = ", ".join(f"{k} {v:+.1f}" for k, v in sorted(by_type.items(), key=lambda kv: -abs(kv[1]))[:3])
        conflict, cooperation = sum(d.conflict for d in group), sum(d.cooperation for d in group)
        table.add_row(start.isoformat(), str(sum(d.events for d in group)), f"{conflict:.1f}", f"{cooperation:.1f}",
                      f"{cooperation - conflict:+.1f}", main)
    if quiet:
        table.caption = f"{quiet} {'weeks' if weekly else 'days'} without events not shown"
    return table


def _print_spikes(out: Console, index: EscalationIndex) -> None:
    if not index.spikes:
        out.print("No spikes.")
        return
    for spike in index.spikes:
        line = spike.baseline
        out.print(f"[bold red]spike[/bold red] {spike.date} {spike.side} {spike.value:g} (baseline median "
                  f"{line.median:g}, scale {line.scale:g}, z {line.z:g}); driven by:")
        for driver in spike.drivers:
            event = driver.event
            what = f"{event.plover_type}/{event.mode}" if event.mode else event.plover_type
            out.print(f"  #{event.id} {event.date} {event.source or '?'}→{event.target or '?'} {what} "
                      f"({event.modality}) {event.intensity:+g} = {driver.share:.0%}", markup=False, highlight=False)
            if driver.sentence:
                out.print(f"      “{driver.sentence}” {driver.url or ''}", markup=False, highlight=False)
        if spike.more_drivers:
            out.print(f"  … and {spike.more_drivers} more events that day")


def register(app: typer.Typer) -> None:
    """Add ``escalation`` to the eventwatch command line."""
    app.command("escalation")(escalation)
