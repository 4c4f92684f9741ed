"""The root `eventwatch` command: options every command shares (--verbose), ``version``, and each command
group's ``register``, in the order `eventwatch --help` lists them."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from eventwatch import __version__
from eventwatch.cli import (
    actors,
    demo,
    doctor,
    escalation,
    evaluate,
    export,
    feeds,
    ingest,
    reading,
    serve,
    tokens,
    watch,
)
from eventwatch.cli.common import console

app = typer.Typer(help="eventwatch: raw news pages → coded, dated, source-linked events.", no_args_is_help=True)


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every skip.")] = False) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR, format="%(levelname)s %(message)s")


@app.command()
def version() -> None:
    """Print the version."""
    console.print(__version__)


for group in (ingest, reading, actors, serve, evaluate, demo, export, escalation, doctor, feeds, watch, tokens):
    group.register(app)
