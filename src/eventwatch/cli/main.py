"""The root `eventwatch` command: options every command shares (--verbose), ``version``, and each command
group's ``register``, in the order `eventwatch --help` lists them."""

from __future__ import annotations

import logging
import re
from typing import Annotated

import click
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

# Typer's names of types (<str>, <int range>, <list[Path]>) and its braces around required arguments ({paths})
# read as noise in help texts: shown instead are the plain metavars a command line has always used.
_PLAIN = {"str": "TEXT", "int": "N", "int range": "N", "float": "NUMBER", "float range": "NUMBER", "path": "PATH",
          "file": "FILE", "directory": "DIR", "datetime": "DATE"}


def _plain_metavars() -> None:
    from typer import core

    if not hasattr(core._TyperParameter, "display_type"):  # older typer: click's plain metavars already
        return
    typer_type = core._TyperParameter.display_type

    def display_type(self: core._TyperParameter, ctx: click.Context) -> str:
        if getattr(self, "is_flag", False) or getattr(self, "count", False):
            return ""
        label = re.sub(r"^list\[(.*)\]$", r"\1", typer_type(self, ctx).strip("<>"))
        return _PLAIN.get(label, label if "|" in label else label.upper())

    def usage_name(self: core.TyperArgument) -> str:
        name = self.metavar or self.name.upper()
        return (name if self.required else f"[{name}]") + ("..." if self.nargs != 1 else "")

    core._TyperParameter.display_type = display_type
    core.TyperArgument._usage_display_name = usage_name


_plain_metavars()
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
