"""Which database errors mean the store cannot be written at all, rather than that one article could not be.

A run that meets a full disk or a read-only file would otherwise analyse every remaining document and fail to
store each one. The decision is made from the driver's own error: SQLite's result code (Python 3.11 exposes it
as ``sqlite_errorcode``; the primary code is its low byte, so every extended READONLY_* or IOERR_* code
counts) and PostgreSQL's SQLSTATE. The message is read only when a SQLite error carries no code.
"""

from __future__ import annotations

from eventwatch.errors import StoreError, StoreUnwritable

# SQLite primary result codes (https://sqlite.org/rescode.html) → reason.
_SQLITE_CODES = {
    3: "denied",  # SQLITE_PERM
    8: "read-only",  # SQLITE_READONLY and its extended codes (READONLY_DIRECTORY, _DBMOVED, _CANTLOCK, …)
    10: "io",  # SQLITE_IOERR: the file system failed a read or write
    11: "damaged",  # SQLITE_CORRUPT
    13: "full",  # SQLITE_FULL: disk full, or the max_page_count limit reached
    14: "unavailable",  # SQLITE_CANTOPEN: the file (or its journal) cannot be opened or created
    23: "denied",  # SQLITE_AUTH
    26: "damaged",  # SQLITE_NOTADB
}
_SQLITE_MESSAGES = (
    ("database or disk is full", "full"),
    ("readonly database", "read-only"),
    ("unable to open database file", "unavailable"),
    ("disk i/o error", "io"),
    ("database disk image is malformed", "damaged"),
    ("file is not a database", "damaged"),
)
# PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html) → reason.
_PG_STATES = {
    "53100": "full",  # disk_full
    "25006": "read-only",  # read_only_sql_transaction: a hot standby, or default_transaction_read_only
    "42501": "denied",  # insufficient_privilege
    "XX001": "damaged",  # data_corrupted
    "XX002": "damaged",  # index_corrupted
}
_PG_CLASSES = {
    "53": "resources",  # insufficient resources: out of memory, too many connections, a configured limit
    "58": "io",  # system error: an I/O error on the server
    "28": "denied",  # invalid authorization specification
}


def unwritable_reason(exc: BaseException) -> str | None:
    """Why no write can succeed (a reason key of StoreUnwritable), or None when the error is the transaction's
    own (a constraint violated by this article's data, a lock conflict) and the next article may well succeed.

    ``exc`` is a DB-API error or an SQLAlchemy error wrapping one (its ``orig``)."""
    orig = getattr(exc, "orig", None) or exc
    sqlstate = getattr(orig, "sqlstate", None)
    if isinstance(sqlstate, str):
        return _PG_STATES.get(sqlstate) or _PG_CLASSES.get(sqlstate[:2])
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return _SQLITE_CODES.get(code & 0xFF)
    if type(orig).__module__ == "sqlite3":
        message = str(orig).lower()
        return next((reason for part, reason in _SQLITE_MESSAGES if part in message), None)
    return None


def store_error(context: str, exc: BaseException) -> StoreError:
    """The error to raise for a failed store operation: StoreUnwritable when it will recur, else StoreError.

    An unwritable store is told by the driver's message alone ("database or disk is full"): SQLAlchemy's
    adds the statement and its parameters, a whole article's text, which says nothing about a full disk."""
    reason = unwritable_reason(exc)
    if reason is None:
        return StoreError(f"{context}: {exc}")
    return StoreUnwritable(reason, f"{context}: {getattr(exc, 'orig', None) or exc}")
