"""robots.txt for a long-lived fetcher: read once per origin, kept until it expires, then asked again with a
conditional GET, so a feed polled every 30 s costs its site one robots.txt request an hour, mostly answered 304.

RFC 9309: a missing robots.txt (4xx) allows everything; an unreachable one (5xx, network) allows nothing, and
is asked again after a short wait rather than for the rest of the run; a copy already read is kept in use while
its site is unreachable, up to 24 hours past its expiry (the RFC's bound on a cached copy).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from eventwatch.errors import DocumentError

ROBOTS_MAX_BYTES = 512_000  # RFC 9309: a crawler must parse at least the first 500 KiB
STALE_LIMIT = 24 * 3600.0  # a copy is used at most this long past its expiry while the site is unreachable
_MAX_AGE = re.compile(r"max-age\s*=\s*(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class RobotsAnswer:
    """What asking for robots.txt gave: an HTTP status with headers and body, or the transient error."""

    status: int
    headers: dict[str, str]
    body: bytes = b""
    error: DocumentError | None = None


@dataclass(frozen=True)
class RobotsTiming:
    ttl: float = 3600.0  # how long a robots.txt is used before asking again (Cache-Control max-age can lower it)
    min_ttl: float = 60.0  # a max-age below this is raised to it
    max_ttl: float = 86400.0  # and one above this lowered to it
    unreachable_ttl: float = 60.0  # after an unreachable robots.txt, ask again this much later


class _Entry:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.parser: RobotFileParser | None = None
        self.read_until = 0.0  # monotonic: ask again after this
        self.validators: dict[str, str] = {}  # If-None-Match / If-Modified-Since for the next ask
        self.failure: DocumentError | None = None  # the last ask failed and no usable copy is kept


class RobotsCache:
    """robots.txt per origin (scheme://host:port), thread-safe: one ask per origin at a time.

    ``ask(url, headers)`` fetches robots.txt (no robots check of its own); ``on_delay(site, seconds)`` is told a
    Crawl-delay. ``requests`` counts the asks, for the tests and the benchmark.
    """

    def __init__(self, user_agent: str, timing: RobotsTiming, ask: Callable[[str, dict[str, str]], RobotsAnswer],
                 on_delay: Callable[[str, float], None]) -> None:
        self.user_agent = user_agent
        self.timing = timing
        self._ask = ask
        self._on_delay = on_delay
        self._lock = threading.Lock()
        self._entries: dict[str, _Entry] = {}
        self.requests = 0

    def check(self, url: str, origin: str) -> None:
        """Raise DocumentError ("robots", or the reason robots.txt could not be read) unless ``url`` may be
        fetched; ``origin`` is the URL first asked for, which errors name."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc.lower()}"
        with self._lock:
            entry = self._entries.setdefault(site, _Entry())
        with entry.lock:
            if time.monotonic() >= entry.read_until:
                self._refresh(site, entry)
        if entry.failure is not None:
            raise DocumentError(origin, entry.failure.reason, entry.failure.detail)
        assert entry.parser is not None
        if not entry.parser.can_fetch(self.user_agent, url):
            raise DocumentError(origin, "robots", f"disallowed by {site}/robots.txt")

    def _refresh(self, site: str, entry: _Entry) -> None:
        self.requests += 1
        answer = self._ask(f"{site}/robots.txt", dict(entry.validators) if entry.parser else {})
        now = time.monotonic()
        if answer.error is not None:
            self._unreachable(site, entry, answer.error, now)
            return
        entry.failure = None
        if answer.status == 304 and entry.parser is not None:
            entry.read_until = now + self._ttl(answer.headers)
            return
        parser = RobotFileParser(f"{site}/robots.txt")
        if 200 <= answer.status < 300:
            parser.parse(answer.body.decode("utf-8", errors="replace").splitlines())
            delay = parser.crawl_delay(self.user_agent)
            if delay:
                self._on_delay(site, float(delay))
            entry.validators = _validators(answer.headers)
        else:
            parser.allow_all = True
            entry.validators = {}
        entry.parser = parser
        entry.read_until = now + self._ttl(answer.headers)

    def _unreachable(self, site: str, entry: _Entry, error: DocumentError, now: float) -> None:
        if entry.parser is not None and now - entry.read_until < STALE_LIMIT:
            entry.read_until = now + self.timing.unreachable_ttl  # keep the copy read before, ask again soon
            return
        if error.reason != "unreachable":  # the host answered: it is its robots.txt that is missing
            error = DocumentError(error.origin, "robots-unreachable", f"{site}/robots.txt: {error.reason}")
        entry.parser, entry.failure = None, error
        entry.read_until = now + self.timing.unreachable_ttl

    def _ttl(self, headers: dict[str, str]) -> float:
        t = self.timing
        found = _MAX_AGE.search(headers.get("cache-control", ""))
        return min(max(float(found.group(1)), t.min_ttl), t.max_ttl) if found else t.ttl


def _validators(headers: dict[str, str]) -> dict[str, str]:
    sent = {}
    if headers.get("etag"):
        sent["If-None-Match"] = headers["etag"]
    if headers.get("last-modified"):
        sent["If-Modified-Since"] = headers["last-modified"]
    return sent
