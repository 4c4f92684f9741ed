"""The commands that read the store: ``events`` (filtered, as a table, JSON or CSV), ``show`` (an article with
its evidence), ``event`` (one merged event and its reports), ``related`` and ``stories``."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, TypeVar

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
    console,
    event_filter,
    fail,
    open_store,
)
from eventwatch.errors import EventwatchError

T = TypeVar("T")


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _require(value: T | None, message: str) -> T:
    """The looked-up record, or a clear error and exit status 2 when it is not in the store."""
    if value is None:
        fail(EventwatchError(message))
    return value


def events(
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
    limit: Annotated[int, typer.Option(min=1, max=100000)] = 200,
    format_: Annotated[OutputFormat, typer.Option("--format", help="table, json or csv.")] = OutputFormat.table,
    wide: Annotated[bool, typer.Option("--wide", help="The full table: every column, the whole evidence.")]
    = False,
) -> None:
    """List coded events with their evidence: one line each (--wide: every column)."""
    check_type_and_modality(type_, modality)
    try:
        with open_store(db) as store:
            where = event_filter(actor, source, target, type_, mode, modality, since, until, place)
            records = store.query_events(where=where, limit=limit)
    except EventwatchError as exc:
        fail(exc)
    from eventwatch.cli.render import print_events

    print_events(console, records, format_.value, wide)


def show(
    article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix of 6+ characters).")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Show the clean article with each event's evidence highlighted."""
    try:
        with open_store(db) as store:
            article = _require(store.get_article(article_id), f"no article {article_id!r} in {db}")
            records = store.events_for_article(article.id)
            quotes = store.quotes_for_article(article.id)
    except EventwatchError as exc:
        fail(exc)
    from eventwatch.cli.render import print_article

    print_article(console, article, records, quotes)


def event(
    event_id: Annotated[int, typer.Argument(help="Event id (the first column of `eventwatch events`).")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Show one merged event with every report of it: sentence, article, outlet, date and URL."""
    try:
        with open_store(db) as store:
            record = _require(store.get_event(event_id), f"no event {event_id} in {db}")
            mentions = store.mentions_of(event_id)
    except EventwatchError as exc:
        fail(exc)
    from eventwatch.cli.render import print_event

    print_event(console, record, mentions)


def related(
    article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix of 6+ characters).")],
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
    format_: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = OutputFormat.table,
) -> None:
    """The stored articles most related to this one (shared events, shared rare key terms)."""
    try:
        with open_store(db) as store:
            article = _require(store.get_article(article_id), f"no article {article_id!r} in {db}")
            found = store.related(article.id, limit)
    except EventwatchError as exc:
        fail(exc)
    if format_ is OutputFormat.json:
        import dataclasses
        import json

        console.print_json(json.dumps([dataclasses.asdict(r) for r in found], default=str, ensure_ascii=False))
        return
    from eventwatch.cli.render import print_related

    print_related(console, article, found)


def stories(
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    min_articles: Annotated[int, typer.Option(min=1, help="Smallest story to list.")] = 2,
) -> None:
    """Story clusters: articles about the same occurrences (and their copies), with a label of shared terms."""
    try:
        with open_store(db) as store:
            found = store.stories(limit, min_articles)
    except EventwatchError as exc:
        fail(exc)
    from eventwatch.cli.render import print_stories

    print_stories(console, found)


def register(app: typer.Typer) -> None:
    app.command("events")(events)
    app.command("show")(show)
    app.command("event")(event)
    app.command("related")(related)
    app.command("stories")(stories)
