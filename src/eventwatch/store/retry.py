"""When a failed write transaction is worth another attempt: conflicts with another writer, not bad data.

Writers take the store's writer lock (``engine.take_writer_lock``), so conflicts are rare; what remains is a
writer that does not take it (an older eventwatch on the same store), a busy timeout running out on a loaded
machine, or PostgreSQL resolving a deadlock or a serialization failure by aborting one side. Each of these
clears when the whole transaction runs again a moment later; anything else is raised at once.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

ATTEMPTS = 5
# unique violation, serialization failure, deadlock detected, lock not available
_PG_TRANSIENT = frozenset({"23505", "40001", "40P01", "55P03"})
_SQLITE_TRANSIENT = ("database is locked", "database table is locked", "database is busy",
                     "unique constraint failed")
_BASE_DELAY = 0.05  # seconds; doubled per attempt, with jitter so two retrying writers do not collide again


@dataclass
class Attempt:
    number: int

    def retry(self) -> bool:
        """Whether another attempt follows (after a short randomised back-off)."""
        if self.number >= ATTEMPTS:
            return False
        time.sleep(random.uniform(0, _BASE_DELAY * 2 ** self.number))
        return True


def attempts() -> Iterator[Attempt]:
    return (Attempt(n) for n in range(1, ATTEMPTS + 1))


def worth_retrying(exc: SQLAlchemyError) -> bool:
    if not isinstance(exc, IntegrityError | OperationalError):
        return False
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate in _PG_TRANSIENT
    message = str(exc.orig).lower()
    return any(part in message for part in _SQLITE_TRANSIENT)
