"""The short transaction that the store's side tables (feeds, tokens, …) run each operation in, like the
Store's own methods: committed on success, rolled back on error, database errors raised as StoreError."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from eventwatch.errors import StoreError

if TYPE_CHECKING:
    from eventwatch.store.repository import Store


@contextmanager
def transaction(store: Store, subject: str) -> Iterator[Session]:
    """One transaction; ``subject`` names what was being done in the error ('feeds', 'API tokens')."""
    try:
        with Session(store.engine, expire_on_commit=False) as session, session.begin():
            yield session
    except SQLAlchemyError as exc:
        raise StoreError(f"{subject} in store {store.url}: {exc}") from exc


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """A stored time as timezone-aware UTC: SQLite drops the offset, and only UTC is ever written."""
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value
