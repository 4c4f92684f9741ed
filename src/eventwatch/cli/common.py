"""What every command module shares: the consoles, the --db option, the event filter options, date, interval and
filter checks, and the one way to fail.

It imports no other command module, so that each of them can import it and none has to import another to get
these (the package has no import circle: tests/cli/test_cli_layout.py).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from enum import Enum
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from eventwatch.errors import EventwatchError
from eventwatch.store.location import DB_ENV, require_store
from eventwatch.store.location import DEFAULT_DB as DEFAULT_DB  # the commands' --db default, from here
from eventwatch.store.location import DEMO_DB as DEMO_DB

if TYPE_CHECKING:
    from eventwatch.store import Store
    from eventwatch.store.event_query import EventFilter

# Output: the terminal's width, or COLUMNS when set; 160 columns when piped, so that tables are not cut to the 80
# of a terminal that is not there.
console = Console(width=None if Console().is_terminal or os.environ.get("COLUMNS", "").isdigit() else 160)
err = Console(stderr=True)

# Every command but `demo` takes its store from $EVENTWATCH_DB when --db is not given (`demo` fills a store of
# its own: pointed at the user's store by the variable, it would mix the demo articles into it).
DbOption = Annotated[str, typer.Option("--db", envvar=DB_ENV, show_envvar=True, metavar="PATH|URL",
                                       help="SQLite file or SQLAlchemy URL of the store.")]
DemoDbOption = Annotated[str, typer.Option("--db", metavar="PATH|URL", help=(
    f"SQLite file or SQLAlchemy URL (the demo's own store; ${DB_ENV} is not used)."))]

# The event filters of `events` and `export` (EventFilter's fields, as the commands spell them).
ActorOption = Annotated[str | None, typer.Option(
    metavar="CODE|NAME", help='Source or target: code prefix (PRK) or name ("North Korea"); see `eventwatch actors`.')]
SourceOption = Annotated[str | None, typer.Option(metavar="CODE|NAME", help="Source actor: code prefix or name.")]
TargetOption = Annotated[str | None, typer.Option(metavar="CODE|NAME", help="Target actor: code prefix or name.")]
TypeOption = Annotated[str | None, typer.Option("--type", metavar="TYPE", help="PLOVER type, e.g. THREATEN.")]
ModeOption = Annotated[str | None, typer.Option(metavar="MODE", help="Mode, e.g. missile-test.")]
ModalityOption = Annotated[str | None, typer.Option(metavar="MODALITY",
                                                   help="asserted|planned|threatened|negated|hypothetical")]
SinceOption = Annotated[str | None, typer.Option(metavar="DATE", help="First date, YYYY-MM-DD.")]
UntilOption = Annotated[str | None, typer.Option(metavar="DATE", help="Last date, YYYY-MM-DD.")]
PlaceOption = Annotated[str | None, typer.Option(metavar="PLACE",
                                                help="Place name (substring) or country code, e.g. Yongbyon, PRK.")]


class TableOrJson(str, Enum):
    table = "table"
    json = "json"


def parse_date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{name} must be YYYY-MM-DD, got {value!r}") from exc


_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(value: str) -> float:
    """'30s', '15m', '1h', '1d' or plain seconds ('90') → seconds; ValueError otherwise."""
    match = _INTERVAL.match(value)
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"interval must look like 30s, 15m, 1h or 1d, got {value!r}")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]


def check_type_and_modality(plover_type: str | None, modality: str | None) -> None:
    from eventwatch.model import MODALITIES, PLOVER_TYPES

    if plover_type and plover_type.upper() not in PLOVER_TYPES:
        raise typer.BadParameter(f"--type must be one of {', '.join(PLOVER_TYPES)}")
    if modality and modality not in MODALITIES:
        raise typer.BadParameter(f"--modality must be one of {', '.join(MODALITIES)}")


def event_filter(actor: str | None, source: str | None, target: str | None, plover_type: str | None,
                 mode: str | None, modality: str | None, since: str | None, until: str | None, place: str | None,
                 q: str | None = None) -> EventFilter:
    """The filter options as the store takes them: actor names resolved to codes (exit 2 with suggestions when
    a name is unknown or ambiguous), codes upper-cased, dates parsed (BadParameter if not dates)."""
    from eventwatch.store.event_query import EventFilter  # SQLAlchemy: not for `--help`

    return EventFilter(
        actor=actor_code(actor, "--actor"), source=actor_code(source, "--source"),
        target=actor_code(target, "--target"), plover_type=plover_type.upper() if plover_type else None,
        mode=mode, modality=modality, since=parse_date(since, "--since"), until=parse_date(until, "--until"),
        place=place, q=q,
    )


def actor_code(value: str | None, option: str) -> str | None:
    """The code an actor option means ("North Korea" → PRK, said on stderr); a code stays a code."""
    from eventwatch.actor_names import ActorNameError, resolve_actor

    if not value:
        return None
    try:
        code = resolve_actor(value)
    except ActorNameError as exc:
        fail(exc)
    if code != value.strip().upper():
        err.print(f"{option} {value!r} → {code}", markup=False, highlight=False)
    return code


def fail(exc: Exception) -> NoReturn:
    """A clear message on stderr (store text escaped, not read as markup) and exit status 2."""
    # Not wrapped to the terminal: paths and commands in the message must stay whole to be copied.
    err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
    raise typer.Exit(2)


def open_store(url_or_path: str, duplicate_threshold: float | None = None, *, create: bool = False) -> Store:
    """The store at ``url_or_path``. Only the commands that write data pass ``create=True``: for every other one a
    SQLite file that does not exist is refused (``require_store``), with nothing created, instead of being opened
    as a new, empty store. ``duplicate_threshold``: ingest's option; None is the store's default.

    ``eventwatch.store.open_store`` is imported here, when a command first opens a store: SQLAlchemy takes a good
    part of a second to import, which `eventwatch --help` and `eventwatch version` need not pay."""
    if not create:
        require_store(url_or_path)
    from eventwatch.store import open_store as open_the_store

    if duplicate_threshold is None:
        return open_the_store(url_or_path)
    return open_the_store(url_or_path, duplicate_threshold)


def open_or_fail(db: str, *, create: bool = False) -> Store:
    """The store at ``db`` (see ``open_store``), or the clear message and exit status 2 of ``fail``."""
    try:
        return open_store(db, create=create)
    except EventwatchError as exc:
        fail(exc)


def require_store_or_fail(db: str) -> None:
    """For the commands that read a store without opening it through ``open_store`` (serve, doctor, backup)."""
    try:
        require_store(db)
    except EventwatchError as exc:
        fail(exc)
