"""``eventwatch demo``: ingest the bundled demo corpus into a store of its own and print what was coded."""

from __future__ import annotations

from typing import Annotated

import typer

from eventwatch.cli.common import DbOption, console, fail, open_store
from eventwatch.errors import EventwatchError


def demo(
    db: DbOption = "eventwatch-demo.db",
    limit: Annotated[int, typer.Option(help="How many events to print.")] = 60,
) -> None:
    """Ingest the bundled demo corpus and print the coded events."""
    from eventwatch.cli.render import print_events, print_summary
    from eventwatch.datafiles import data_folder
    from eventwatch.pipeline.run import ingest_paths  # here: it imports spaCy, which reads do not need

    corpus = data_folder("demo")
    try:
        with open_store(db) as store:
            summary = ingest_paths([corpus], store)
            counts = store.counts()
            records = store.query_events(limit=limit)
    except EventwatchError as exc:
        fail(exc)
    print_summary(console, summary, counts)
    print_events(console, records, "table")
    console.print(f"\nStore: {db}. Try: eventwatch events --db {db} --actor PRK --type THREATEN; "
                  f"eventwatch show ARTICLE_ID --db {db}")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
