"""Request limits: the size of a request body, and how fast one client may call.

Both are plain ASGI middleware so that a refusal costs nothing: an oversized body is refused from its
Content-Length before any of it is read, or as soon as a streamed (chunked) body passes the limit; a client
over its budget is refused before routing, validation or the store.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_MAX_BODY = 12 * 1024 * 1024  # uploads are at most 10 MB; multipart framing and JSON escaping add some
DEFAULT_READS_PER_MINUTE = 600
DEFAULT_WRITES_PER_MINUTE = 60
RATE_LIMIT_ENV = "EVENTWATCH_RATE_LIMIT"  # reads per minute per client; 0 turns rate limiting off
MAX_TRACKED_CLIENTS = 10_000
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
log = logging.getLogger("eventwatch.api")


_UNITS = {"": 1, "B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}


def parse_size(text: str) -> int:
    """'12MB', '500KB', '1048576' → bytes (binary units); ValueError otherwise."""
    match = re.fullmatch(r"\s*(\d+)\s*([KMG]?B?)\s*", text.upper())
    if not match or match.group(2) not in _UNITS or int(match.group(1)) < 1:
        raise ValueError(f"a size is a number of bytes, or like 500KB or 12MB; got {text!r}")
    return int(match.group(1)) * _UNITS[match.group(2)]


async def send_json(send: Send, status: int, body: dict, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    data = json.dumps(body).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": data})


class BodyTooLarge(HTTPException):
    """Raised from receive(); an HTTPException, so FastAPI's body parsing lets it through as a 413 instead of
    turning it into 'error parsing the body'."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes")


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BODY) -> None:
        if max_bytes < 1:
            raise ValueError("the body size limit must be at least 1 byte")
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await send_json(send, 400, {"error": "Content-Length is not a number"})
                return
            if int(declared) > self.max_bytes:
                log.info("refused a %s-byte body from %s", declared, _address(scope))
                await send_json(send, 413, {"error": str(BodyTooLarge(self.max_bytes).detail)})
                return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge as exc:  # raised where nothing turned it into a response
            if started:
                raise
            log.info("refused a streamed body over %d bytes from %s", self.max_bytes, _address(scope))
            await send_json(send, 413, {"error": str(exc.detail)})


def clock() -> float:
    """The limiter's clock (a module function, so that tests can replace it)."""
    return time.monotonic()


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBucket:
    """Per-client token buckets: each client may spend ``per_minute`` requests at once and gets them back at
    ``per_minute / 60`` a second. Memory is bounded: past MAX_TRACKED_CLIENTS, buckets that have refilled
    completely (clients quiet for a minute) are forgotten, which changes nothing for them; under a flood of
    addresses, the least recently seen half is forgotten too (they start again with a full budget)."""

    def __init__(self, per_minute: int) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._buckets: dict[str, _Bucket] = {}

    def take(self, client: str) -> float:
        """0 when the request may go ahead (one token spent), else the seconds until it may."""
        now = clock()
        bucket = self._buckets.get(client)
        if bucket is None:
            if len(self._buckets) >= MAX_TRACKED_CLIENTS:
                self._forget_idle(now)
            bucket = self._buckets[client] = _Bucket(self.capacity, now)
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.rate

    def _forget_idle(self, now: float) -> None:
        refill = self.capacity / self.rate  # seconds for an empty bucket to fill: a minute
        kept = {k: b for k, b in self._buckets.items() if now - b.updated < refill}
        if len(kept) >= MAX_TRACKED_CLIENTS:  # a flood of addresses: forget the least recent half
            kept = dict(sorted(kept.items(), key=lambda item: item[1].updated)[len(kept) // 2:])
        self._buckets = kept


@dataclass(frozen=True)
class RateLimits:
    """Requests per minute per client; 0 = unlimited. Reads are GET/HEAD/OPTIONS (API, dashboard, files)."""

    reads: int = DEFAULT_READS_PER_MINUTE
    writes: int = DEFAULT_WRITES_PER_MINUTE

    @classmethod
    def resolve(cls, reads: int | None, writes: int | None) -> RateLimits | None:
        """Arguments first, then $EVENTWATCH_RATE_LIMIT for reads, then the defaults; None: no limiting
        (reads set to 0 turns the whole limiter off, which is what a load benchmark wants)."""
        if reads is None:
            env = os.environ.get(RATE_LIMIT_ENV, "").strip()
            if env and not env.isdigit():
                raise ValueError(f"{RATE_LIMIT_ENV} must be a whole number of requests per minute, got {env!r}")
            reads = int(env) if env else DEFAULT_READS_PER_MINUTE
        writes = DEFAULT_WRITES_PER_MINUTE if writes is None else writes
        if reads < 0 or writes < 0:
            raise ValueError("rate limits must be 0 (off) or more requests per minute")
        return None if reads == 0 else cls(reads, writes)


class RateLimiter:
    """429 with Retry-After once a client has spent its budget. A client is its bearer token when that token
    has been accepted before (``known_token``), else its address, so inventing tokens buys no extra budget."""

    def __init__(self, app: ASGIApp, limits: RateLimits, known_token: Callable[[str], str | None]) -> None:
        self.app = app
        self.known_token = known_token
        self.reads = TokenBucket(limits.reads)
        self.writes = TokenBucket(limits.writes) if limits.writes else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        buckets = self.reads if scope["method"] in SAFE_METHODS else self.writes
        client = self.client_of(scope)
        wait = buckets.take(client) if buckets is not None else 0.0
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            log.info("rate limit: %s %s from %s refused for %d s", scope["method"], scope["path"], client, seconds)
            await send_json(send, 429, {"error": f"too many requests: try again in {seconds} s"},
                            [(b"retry-after", str(seconds).encode())])
            return
        await self.app(scope, receive, send)

    def client_of(self, scope: Scope) -> str:
        authorization = _header(scope, b"authorization") or ""
        scheme, _, secret = authorization.partition(" ")
        if scheme.lower() == "bearer" and secret:
            known = self.known_token(secret.strip())
            if known is not None:
                return f"token:{known}"
        return f"address:{_address(scope)}"


def _address(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None
