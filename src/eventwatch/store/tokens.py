"""API tokens (table ``api_tokens``, revision 0008): made by `eventwatch token create`, checked by the API.

The secret is shown once and never stored: only its SHA-256 digest is. A slow, salted password hash is for
secrets people choose, which an attacker holding the database can guess; these are 32 random bytes (256 bits),
so no guess can reach one from its digest, and one fast digest keeps each write request cheap and lets the
digest itself be the (unique, indexed) lookup key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import exists, select, update

from eventwatch.store.queries import as_utc
from eventwatch.store.repository import Store
from eventwatch.store.schema import ApiTokenRow

SECRET_BYTES = 32
SECRET_PREFIX = "ew_"  # makes a leaked token recognisable in logs and by secret scanners
MAX_NAME_LENGTH = 100
_SUBJECT = "API tokens"  # what the store was doing, in its errors


@dataclass(frozen=True)
class TokenRecord:
    id: int
    name: str
    created_at: dt.datetime  # timezone-aware UTC, like the other times
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(store: Store, name: str) -> tuple[TokenRecord, str]:
    """A new token named ``name``: its record and its secret (which only the caller ever sees)."""
    name = name.strip()
    if not 1 <= len(name) <= MAX_NAME_LENGTH:
        raise ValueError(f"a token name has 1 to {MAX_NAME_LENGTH} characters")
    secret = SECRET_PREFIX + secrets.token_urlsafe(SECRET_BYTES)
    with store.transaction(_SUBJECT) as session:
        row = ApiTokenRow(name=name, digest=token_digest(secret), created_at=dt.datetime.now(dt.UTC))
        session.add(row)
        session.flush()
        return _record(row), secret


def list_tokens(store: Store) -> list[TokenRecord]:
    with store.transaction(_SUBJECT) as session:
        return [_record(row) for row in session.scalars(select(ApiTokenRow).order_by(ApiTokenRow.id))]


def revoke_token(store: Store, token_id: int) -> bool:
    """Revoke (kept, marked with the time); False when there is no such token or it was already revoked."""
    with store.transaction(_SUBJECT) as session:
        done = session.execute(update(ApiTokenRow).where(ApiTokenRow.id == token_id,
                                                         ApiTokenRow.revoked_at.is_(None))
                               .values(revoked_at=dt.datetime.now(dt.UTC)))
        return done.rowcount > 0


def has_active_tokens(store: Store) -> bool:
    with store.transaction(_SUBJECT) as session:
        return bool(session.scalar(select(exists().where(ApiTokenRow.revoked_at.is_(None)))))


def use_token(store: Store, digest: str) -> TokenRecord | None:
    """The active token with this digest, its last_used_at set to now; None when there is none.

    Found by its digest, then compared again in constant time: the lookup's timing could at most tell how much
    of a digest matched, and a digest of a random secret does not lead back to the secret."""
    with store.transaction(_SUBJECT) as session:
        row = session.scalar(select(ApiTokenRow).where(ApiTokenRow.digest == digest,
                                                       ApiTokenRow.revoked_at.is_(None)))
        if row is None or not hmac.compare_digest(row.digest, digest):
            return None
        row.last_used_at = dt.datetime.now(dt.UTC)
        session.flush()
        return _record(row)



def _record(row: ApiTokenRow) -> TokenRecord:
    return TokenRecord(row.id, row.name, as_utc(row.created_at), as_utc(row.last_used_at), as_utc(row.revoked_at))
