"""``eventwatch serve``: the REST API and the dashboard over a store, in one process or several."""

from __future__ import annotations

import json
import logging
import os
from typing import Annotated

import typer

from eventwatch.cli.common import DEFAULT_DB, DbOption, console, fail, require_store_or_fail
from eventwatch.errors import EventwatchError


def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    token: Annotated[str | None, typer.Option(envvar="EVENTWATCH_API_TOKEN", show_envvar=True,
                                              help="An API token for the write routes, besides stored ones.")]
    = None,
    max_body: Annotated[str, typer.Option(help="Largest request body (bytes, or e.g. 12MB, 500KB).")] = "12MB",
    rate_limit: Annotated[int | None, typer.Option(envvar="EVENTWATCH_RATE_LIMIT", show_envvar=True, min=0,
                                                   help="Reads per minute per client (default 600; 0: no "
                                                        "rate limiting at all).")] = None,
    write_rate_limit: Annotated[int | None, typer.Option(min=0, help="Writes per minute per client "
                                                                     "(default 60; 0: unlimited).")] = None,
    cors_origin: Annotated[list[str] | None, typer.Option(help="A web origin allowed to call the API from a "
                                                               "browser (repeatable); none by default.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Server processes (each with its own store connection).")] = 1,
) -> None:
    """Serve the REST API (docs at /docs) and the dashboard (at /) over the store."""
    require_store_or_fail(db)  # before importing the server: a wrong --db is told at once
    import uvicorn

    from eventwatch.api import create_app
    from eventwatch.api.app import DB_ENV, SETTINGS_ENV, TOKEN_ENV
    from eventwatch.api.limits import parse_size

    try:
        application = create_app(db, token=token, max_body=parse_size(max_body), rate_limit=rate_limit,
                                 write_rate_limit=write_rate_limit, cors_origins=cors_origin or ())
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    except EventwatchError as exc:
        fail(exc)
    console.print(f"eventwatch on http://{host}:{port}/ (API docs at /docs; writing needs a stored token"
                  f"{' or the given one' if token else ''})")
    # uvicorn configures only its own loggers: the API's (accepted/refused writes, 413s, 429s) go beside them.
    api_log = logging.getLogger("eventwatch.api")
    if not api_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
        api_log.addHandler(handler)
        api_log.setLevel(logging.INFO)
        api_log.propagate = False  # not again through the root handler of --verbose
    if workers == 1:
        uvicorn.run(application, host=host, port=port, log_level="info")
        return
    # Several processes need an importable factory rather than this app object; the app built above has
    # already checked the store and the settings, which reach the workers through the environment.
    application.state.store.close()
    os.environ[DB_ENV] = db
    os.environ[SETTINGS_ENV] = json.dumps({"max_body": parse_size(max_body), "rate_limit": rate_limit,
                                           "write_rate_limit": write_rate_limit, "cors_origins": cors_origin or []})
    if token:
        os.environ[TOKEN_ENV] = token
    uvicorn.run("eventwatch.api.app:app_from_environment", factory=True, workers=workers, host=host, port=port,
                log_level="info")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
