"""``eventwatch actors [QUERY]``: the actor codes and names of the dictionary (countries, organisations, people),
searched by name, alias or code, with how many stored events each code takes part in when a store is given.

The names come from data/actors through ``actor_names`` (no spaCy), so that looking a code up is instant.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from eventwatch.cli.common import console, fail, open_store
from eventwatch.errors import EventwatchError

COUNT_CAP = 100_000  # beyond this a listing says "100000+": counting further would only make it slower

StoreOption = Annotated[str | None, typer.Option(
    "--db", envvar="EVENTWATCH_DB", metavar="PATH|URL",
    help="A store to count each code's events in (SQLite file or SQLAlchemy URL); none: no counts.")]


def _counts(db: str, codes: set[str]) -> dict[str, int]:
    """Code → how many stored events `--actor CODE` finds (as a prefix, on either side), up to COUNT_CAP each."""
    from eventwatch.store.event_query import EventFilter  # SQLAlchemy: not for `--help`

    try:
        with open_store(db) as store:
            return {code: store.count_events(EventFilter(actor=code), cap=COUNT_CAP) for code in codes}
    except EventwatchError as exc:
        fail(exc)


def actors(
    query: Annotated[str | None, typer.Argument(
        metavar="QUERY", help="Part of a name, alias or code, any case (korea, Kim Jong, IGO).")] = None,
    db: StoreOption = None,
    limit: Annotated[int, typer.Option(min=1, max=100_000, metavar="N", help="Actors to list at most.")] = 50,
) -> None:
    """List actor codes and names (countries, organisations, people), best matches of QUERY first."""
    from eventwatch.actor_names import search_actors

    found = search_actors(query or "")
    stored = _counts(db, {a.code for a in found[:limit]}) if db else None
    code_width = max([4, *(len(a.code) for a in found[:limit])])
    for actor in found[:limit]:
        line = Text.assemble((actor.code.ljust(code_width), "bold"), " ", (actor.kind.ljust(12), "dim"), " ")
        if stored is not None:
            count = stored[actor.code]
            line.append(f"{count:>6}{'+' if count >= COUNT_CAP else ' '}events  ")
        line.append(actor.name)
        if actor.aliases:
            line.append(" (" + ", ".join(actor.aliases[:4]) + (", …" if len(actor.aliases) > 4 else "") + ")",
                        "dim")
        console.print(line, no_wrap=True, overflow="ellipsis", crop=True)
    shown = min(limit, len(found))
    more = f"; --limit {len(found)} for all" if shown < len(found) else ""
    console.print(Text(f"{shown} of {len(found)} actors{more}. Filter events by code or name: "
                       "eventwatch events --actor CODE|NAME", style="dim"))


def register(app: typer.Typer) -> None:
    app.command("actors")(actors)
