"""Dropping a PostgreSQL test database (importable by any test: tests/ is on sys.path via its conftest)."""

from __future__ import annotations

import time

from sqlalchemy import Engine, text
from sqlalchemy.exc import ProgrammingError

_ATTEMPTS = 20


def drop_database(engine: Engine, database: str) -> None:
    """DROP DATABASE … WITH (FORCE) on an AUTOCOMMIT engine. FORCE cannot end an autovacuum worker that has just
    started on the database (the test role may not signal it); it finishes within moments, so try again."""
    for attempt in range(_ATTEMPTS):
        try:
            with engine.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            return
        except ProgrammingError:
            if attempt == _ATTEMPTS - 1:
                raise
            time.sleep(0.5)
