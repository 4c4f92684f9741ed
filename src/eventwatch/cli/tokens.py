"""`eventwatch token …`: the tokens that may write through the API (create, list, revoke).

The secret is printed once, at creation, and only its digest is stored (store/tokens.py), so a lost token is
revoked and replaced, never recovered.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from eventwatch.cli.common import DEFAULT_DB, DbOption, console, err, fail, open_store
from eventwatch.errors import EventwatchError

# store.tokens (SQLAlchemy) is imported by the commands that use it, not by `eventwatch --help`.

token_app = typer.Typer(help="API tokens for the write routes: create, list, revoke.", no_args_is_help=True)


@token_app.command("create")
def create(
    name: Annotated[str, typer.Option("--name", help="Who or what uses it (e.g. 'newsroom-crawler').")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Create a token and print its secret (shown this once; only a digest of it is stored)."""
    from eventwatch.store.tokens import MAX_NAME_LENGTH, create_token

    if not name.strip() or len(name.strip()) > MAX_NAME_LENGTH:
        raise typer.BadParameter(f"--name must have 1 to {MAX_NAME_LENGTH} characters")
    try:
        with open_store(db, create=True) as store:
            record, secret = create_token(store, name)
    except EventwatchError as exc:
        fail(exc)
    err.print(f"token {record.id} ({escape(record.name)}) created; send it as 'Authorization: Bearer …'. "
              "It is shown only now:")
    print(secret)  # alone on stdout, so that `eventwatch token create … > file` keeps just the secret


@token_app.command("list")
def list_(db: DbOption = DEFAULT_DB) -> None:
    """Every token: name, when created, last used and revoked (never the secret: it is not stored)."""
    from eventwatch.store.tokens import list_tokens

    try:
        with open_store(db) as store:
            records = list_tokens(store)
    except EventwatchError as exc:
        fail(exc)
    table = Table("id", "name", "created", "last used", "revoked")
    for r in records:
        table.add_row(str(r.id), escape(r.name), f"{r.created_at:%Y-%m-%d %H:%M}",
                      f"{r.last_used_at:%Y-%m-%d %H:%M}" if r.last_used_at else "never",
                      f"{r.revoked_at:%Y-%m-%d %H:%M}" if r.revoked_at else "")
    console.print(table if records else "no tokens (eventwatch token create --name NAME)")


@token_app.command("revoke")
def revoke(token_id: Annotated[int, typer.Argument(help="The token's id (from `token list`).", min=1, max=2**31 - 1)],
           db: DbOption = DEFAULT_DB) -> None:
    """Revoke a token: the API refuses it from the next request on."""
    from eventwatch.store.tokens import revoke_token

    try:
        with open_store(db) as store:
            done = revoke_token(store, token_id)
    except EventwatchError as exc:
        fail(exc)
    if not done:
        err.print(f"[red]error:[/red] no active token {token_id}")
        raise typer.Exit(1)
    console.print(f"token {token_id} revoked")


def register(app: typer.Typer) -> None:
    app.add_typer(token_app, name="token")
