"""API tokens in the store (revision 0008), on every backend: only digests at rest, revocation, last use."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from eventwatch.store.schema import ApiTokenRow
from eventwatch.store.tokens import (
    create_token,
    has_active_tokens,
    list_tokens,
    revoke_token,
    token_digest,
    use_token,
)


def test_tokens_are_stored_as_digests_used_and_revoked(new_store):
    store = new_store("tokens")
    assert not has_active_tokens(store) and list_tokens(store) == []
    crawler, secret = create_token(store, "  newsroom crawler ")
    other, other_secret = create_token(store, "analyst")
    assert crawler.name == "newsroom crawler" and crawler.active and crawler.last_used_at is None
    assert secret.startswith("ew_") and len(secret) >= 40 and secret != other_secret
    with store.engine.connect() as conn:
        rows = conn.execute(select(ApiTokenRow.__table__)).all()
    stored = " ".join(str(value) for row in rows for value in row)
    assert secret not in stored and other_secret not in stored
    assert token_digest(secret) in stored  # what is kept instead

    before = dt.datetime.now(dt.UTC)
    used = use_token(store, token_digest(secret))
    assert used is not None and used.id == crawler.id and used.last_used_at >= before
    assert use_token(store, token_digest(secret + "x")) is None
    assert use_token(store, token_digest("ew_" + "A" * 43)) is None
    listed = {t.id: t for t in list_tokens(store)}
    assert listed[crawler.id].last_used_at is not None and listed[other.id].last_used_at is None

    assert revoke_token(store, crawler.id) and not revoke_token(store, crawler.id)
    assert not revoke_token(store, 999_999)
    assert use_token(store, token_digest(secret)) is None
    assert has_active_tokens(store)  # the analyst's is still active
    assert revoke_token(store, other.id) and not has_active_tokens(store)
    assert all(t.revoked_at is not None for t in list_tokens(store))


def test_token_names_are_checked(new_store):
    store = new_store("names")
    for bad in ("", "   ", "x" * 101):
        with pytest.raises(ValueError):
            create_token(store, bad)
