"""Who may write: a bearer token that is either stored (``eventwatch token create``; only its SHA-256 digest is
kept, see store/tokens.py) and not revoked, or the one given at start-up ($EVENTWATCH_API_TOKEN / --token)."""

from __future__ import annotations

import hmac
import logging

from fastapi import HTTPException

from eventwatch.store import Store
from eventwatch.store.tokens import has_active_tokens, token_digest, use_token

log = logging.getLogger("eventwatch.api")
MAX_REMEMBERED = 1000


class Authenticator:
    def __init__(self, store: Store, startup_token: str | None) -> None:
        self.store = store
        # Only the digest of the start-up token is kept in memory, like the stored ones.
        self._startup = token_digest(startup_token) if startup_token else None
        self._accepted: dict[str, str] = {}  # digest → a name for rate limiting and logs

    def require(self, secret: str | None) -> str:
        """The accepted token's name; 403 when no token exists at all (writing is off), 401 otherwise."""
        digest = token_digest(secret) if secret else None
        if digest is not None and self._startup is not None and hmac.compare_digest(digest, self._startup):
            return self._accept(digest, "startup-token")
        if digest is not None:
            record = use_token(self.store, digest)  # also stamps last_used_at
            if record is not None:
                return self._accept(digest, f"token-{record.id}")
        if self._startup is None and not has_active_tokens(self.store):
            raise HTTPException(403, "writing is disabled: create a token (eventwatch token create) or start "
                                     "the server with an API token")
        log.warning("refused a write: %s", "no token" if secret is None else "unknown or revoked token")
        raise HTTPException(401, "a valid API token is required (Authorization: Bearer …)")

    def known(self, secret: str) -> str | None:
        """The name of a token accepted before (for per-token rate limits); None for any other string."""
        return self._accepted.get(token_digest(secret))

    def _accept(self, digest: str, name: str) -> str:
        log.info("write accepted from %s", name)  # the token's name, never the secret
        if len(self._accepted) >= MAX_REMEMBERED:
            self._accepted.clear()
        self._accepted[digest] = name
        return name
