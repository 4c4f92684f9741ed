"""``eventwatch demo``: ingest the bundled demo corpus into a store of its own and print what was coded."""

from __future__ import annotations

import shlex
from typing import Annotated

import typer

from eventwatch.cli.common import DB_ENV, DEMO_DB, DemoDbOption, console, fail, open_store
from eventwatch.errors import EventwatchError


def demo(
    db: DemoDbOption = DEMO_DB,
    limit: Annotated[int, typer.Option(help="How many events to print.")] = 60,
) -> None:
    """Ingest the bundled demo corpus and print the coded events."""
    from eventwatch.cli.render import print_events, print_summary
    from eventwatch.datafiles import data_folder
    from eventwatch.pipeline.run import ingest_paths  # here: it imports spaCy, which reads do not need

    corpus = data_folder("demo")
    try:
        with open_store(db, create=True) as store:
            summary = ingest_paths([corpus], store)
            counts = store.counts()
            records = store.query_events(limit=limit)
    except EventwatchError as exc:
        fail(exc)
    print_summary(console, summary, counts)
    print_events(console, records, "table")
    # The next step spelled out: the other commands read $EVENTWATCH_DB (else events.db), not the demo's store.
    console.print(f"\nStore: {db}. Next, point every command at it:\n  export {DB_ENV}={shlex.quote(db)}\n"
                  "then try: eventwatch events --actor PRK --type THREATEN; eventwatch show ARTICLE_ID "
                  f"(or give each command --db {shlex.quote(db)})", soft_wrap=True, highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
