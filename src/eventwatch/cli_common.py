"""What every command module shares: the --db option, date and filter checks, and the one way to fail.

Its own module (not cli.py) so that cli_feeds and cli_export can use it while cli.py imports them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from eventwatch.dedup.signature import DEFAULT_THRESHOLD
from eventwatch.errors import EventwatchError

if TYPE_CHECKING:
    from eventwatch.store import Store

err = Console(stderr=True)
DbOption = Annotated[str, typer.Option("--db", help="SQLite file or SQLAlchemy URL.")]


def parse_date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{name} must be YYYY-MM-DD, got {value!r}") from exc


def check_type_and_modality(plover_type: str | None, modality: str | None) -> None:
    from eventwatch.model import MODALITIES, PLOVER_TYPES

    if plover_type and plover_type.upper() not in PLOVER_TYPES:
        raise typer.BadParameter(f"--type must be one of {', '.join(PLOVER_TYPES)}")
    if modality and modality not in MODALITIES:
        raise typer.BadParameter(f"--modality must be one of {', '.join(MODALITIES)}")


def fail(exc: Exception) -> NoReturn:
    """A clear message on stderr (store text escaped, not read as markup) and exit status 2."""
    err.print(f"[red]error:[/red] {escape(str(exc))}")
    raise typer.Exit(2)


def open_store(url_or_path: str, duplicate_threshold: float = DEFAULT_THRESHOLD) -> Store:
    """``eventwatch.store.open_store``, imported when a command first opens a store: SQLAlchemy takes a good
    part of a second to import, which `eventwatch --help` and `eventwatch version` need not pay."""
    from eventwatch.store import open_store as open_the_store

    return open_the_store(url_or_path, duplicate_threshold)


def open_or_fail(db: str) -> Store:
    """The store at ``db``, or the clear message and exit status 2 of ``fail``."""
    try:
        return open_store(db)
    except EventwatchError as exc:
        fail(exc)
