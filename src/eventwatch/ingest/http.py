"""Fetch news pages over HTTP, politely and defensively, as RawDocuments (or typed skips).

News sites are fetched by the thousand, so every request goes through one ``Fetcher`` that keeps the rules a
well-behaved crawler owes a site: at most ``per_host`` requests in flight to a host and request starts at least
``delay`` seconds apart (``Crawl-delay`` in robots.txt can raise it), kept for as long as the Fetcher lives (the
live poller keeps one across polls); robots.txt obeyed and cached until it expires (ingest/robots.py); a stable
User-Agent. Failures are reported as DocumentError with a stable reason ("http-404", "timeout",
"unreachable", "robots", "too-large", "content-type", "redirect-loop", ...) so a run counts them instead of
stopping. "unreachable" is a host that could not be connected to at all (no such name, connection refused, no
route, no answer to connect); "connection" a connection that broke once made.
Transient failures (timeouts, connection errors, 429, 5xx) are retried with exponential backoff first.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from eventwatch import __version__
from eventwatch.errors import DocumentError
from eventwatch.ingest.concurrency import map_concurrently
from eventwatch.ingest.decode import content_type
from eventwatch.ingest.page import read_page
from eventwatch.ingest.robots import ROBOTS_MAX_BYTES, RobotsAnswer, RobotsCache, RobotsTiming
from eventwatch.model import DocumentKind, RawDocument

log = logging.getLogger("eventwatch.http")

USER_AGENT = f"eventwatch/{__version__} (+https://github.com/eventwatch)"
PAGE_TYPES: dict[str, DocumentKind] = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Reasons worth trying again on a later run: the page may well be there next time.
TRANSIENT_REASONS = frozenset({"timeout", "unreachable", "connection", "cancelled", "robots-unreachable",
                               "http-429"})


def is_transient(error: DocumentError) -> bool:
    """Whether a later attempt may succeed (so a feed item should not be marked as done)."""
    return error.reason in TRANSIENT_REASONS or error.reason.startswith("http-5")


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how patiently to fetch. The defaults suit real news sites; tests shrink the times."""

    per_host: int = 2  # requests in flight to one host name (all its ports)
    delay: float = 1.0  # minimum seconds between request starts to one host
    connect_timeout: float = 10.0
    read_timeout: float = 30.0  # between bytes
    total_timeout: float = 120.0  # one attempt, headers and body: a server dripping bytes cannot hold us
    retries: int = 3  # further attempts after a timeout, connection error, 429 or 5xx
    backoff: float = 1.0  # the first retry waits this long, each later one twice the previous
    max_retry_after: float = 120.0  # a server's Retry-After is obeyed up to this many seconds
    max_bytes: int = 10_000_000  # a page body (decompressed) larger than this is skipped as "too-large"
    max_redirects: int = 5
    max_crawl_delay: float = 30.0  # a robots.txt Crawl-delay above this is capped
    workers: int = 8  # requests in flight overall
    robots: bool = True
    robots_ttl: float = 3600.0  # robots.txt is asked again (conditionally) after this; max-age can shorten it
    use_env_proxies: bool = True  # HTTP(S)_PROXY / NO_PROXY from the environment
    user_agent: str = USER_AGENT

    def __post_init__(self) -> None:
        if min(self.per_host, self.workers, self.max_bytes) < 1 or min(self.retries, self.max_redirects) < 0:
            raise ValueError("per_host, workers and max_bytes must be ≥ 1, retries and max_redirects ≥ 0")
        if min(self.delay, self.backoff, self.max_retry_after, self.max_crawl_delay) < 0:
            raise ValueError("delays and backoff must not be negative")
        if min(self.connect_timeout, self.read_timeout, self.total_timeout, self.robots_ttl) <= 0:
            raise ValueError("timeouts and robots_ttl must be positive")


@dataclass(frozen=True)
class Response:
    """A finished GET after redirects: the final URL, the status, headers, and the body (2xx only)."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes = b""


@dataclass(frozen=True)
class _Ask:
    """What one logical GET wants, carried through redirects and retries."""

    origin: str  # the URL first asked for: errors name it
    headers: dict[str, str]
    accept: Callable[[str | None], bool] | None  # vets the media type of a 2xx before its body is read
    max_bytes: int
    truncate: bool = False  # keep the first max_bytes of a longer body instead of refusing it (robots.txt)


class _Cancelled(Exception):
    """The fetcher was closed while this request waited."""


class _HostGate:
    """Politeness for one host: at most ``limit`` requests in flight, request starts ``delay`` seconds apart."""

    def __init__(self, limit: int, delay: float) -> None:
        self._slots = threading.BoundedSemaphore(limit)
        self._lock = threading.Lock()
        self._next_start = 0.0
        self._last_start = 0.0
        self.delay = delay

    def slow_down(self, delay: float) -> None:
        """At least ``delay`` between starts from now on, counted from the last start (robots Crawl-delay)."""
        with self._lock:
            if delay > self.delay:
                self.delay = delay
                self._next_start = max(self._next_start, self._last_start + delay)

    def ready_in(self) -> float:
        with self._lock:
            return max(0.0, self._next_start - time.monotonic())

    @contextmanager
    def slot(self, stop: threading.Event) -> Iterator[None]:
        while not self._slots.acquire(timeout=0.1):
            if stop.is_set():
                raise _Cancelled
        try:
            while True:  # the next start is counted from when this one really starts, not when it was due,
                with self._lock:  # so a late wake-up never brings two requests closer than the delay
                    now = time.monotonic()
                    due = self._next_start - now
                    if due <= 0:
                        self._last_start, self._next_start = now, now + self.delay
                        break
                if stop.wait(due):
                    raise _Cancelled
            yield
        finally:
            self._slots.release()


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class Fetcher:
    """One HTTP client with per-host politeness, a robots.txt cache and retries; thread-safe.

    Use as a context manager; ``close()`` also cancels requests that are waiting for their turn or a retry.
    """

    def __init__(self, policy: FetchPolicy | None = None, transport: httpx.BaseTransport | None = None) -> None:
        self.policy = p = policy or FetchPolicy()
        timeout = httpx.Timeout(connect=p.connect_timeout, read=p.read_timeout, write=p.read_timeout,
                                pool=p.connect_timeout)
        self._client = httpx.Client(headers={"User-Agent": p.user_agent}, timeout=timeout, follow_redirects=False,
                                    trust_env=p.use_env_proxies, transport=transport)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._gates: dict[str, _HostGate] = {}
        ttl = p.robots_ttl
        self._robots = RobotsCache(p.user_agent, RobotsTiming(ttl, min(60.0, ttl), max(86400.0, ttl), min(60.0, ttl)),
                                   self._ask_robots, self._crawl_delay)

    def close(self) -> None:
        self._stop.set()
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- public -------------------------------------------------------------------------------------

    def fetch(self, url: str) -> RawDocument:
        """One page as a RawDocument (kind "html" or "text", url = final URL, origin = ``url``).

        Raises DocumentError for anything that is not a readable text page.
        """
        response = self.get(url, {"Accept": "text/html,application/xhtml+xml,text/plain;q=0.9"},
                            accept=lambda media: media is None or media in PAGE_TYPES)
        if not 200 <= response.status < 300:
            raise DocumentError(url, f"http-{response.status}")
        media, charset = content_type(response.headers.get("content-type"))
        kind: DocumentKind = PAGE_TYPES[media] if media else _sniff_kind(response.body)
        return read_page(response.body, kind, url, charset=charset, blank="the page has no text", url=response.url)

    def fetch_many(self, urls: Iterable[str]) -> Iterator[RawDocument | DocumentError]:
        """Each URL's page or error, in completion order, fetched concurrently within the per-host limits."""
        for _url, result in map_concurrently(self._fetch_or_error, urls, self.policy.workers, host_of,
                                             self.policy.per_host):
            yield result

    def get(self, url: str, headers: dict[str, str] | None = None,
            accept: Callable[[str | None], bool] | None = None, max_bytes: int | None = None) -> Response:
        """One GET with redirects (each hop checked against robots.txt), politeness and retries.

        ``accept(media_type)`` vets a 2xx response before its body is read ("content-type" when False).
        Returns 2xx, 304 and final 4xx responses; raises DocumentError for the rest.
        """
        if urlsplit(url).scheme not in ("http", "https") or not host_of(url):
            raise DocumentError(url, "bad-url", "only http(s) URLs with a host can be fetched")
        try:
            return self._follow(url, _Ask(url, headers or {}, accept, max_bytes or self.policy.max_bytes))
        except _Cancelled:
            raise DocumentError(url, "cancelled", "the fetcher was closed") from None

    def ready_in(self, host: str) -> float:
        """Seconds until the politeness gap lets a request to this host start (0 when it may now)."""
        return self._host_gate(host.lower()).ready_in()

    @property
    def robots_requests(self) -> int:
        """robots.txt requests made so far (each origin's first, then one per expiry)."""
        return self._robots.requests

    # -- internals ----------------------------------------------------------------------------------

    def _fetch_or_error(self, url: str) -> RawDocument | DocumentError:
        try:
            return self.fetch(url)
        except DocumentError as exc:
            return exc
        except Exception as exc:  # a bug must cost one page, not the run; it is logged and counted
            log.exception("fetching %s failed", url)
            return DocumentError(url, "fetch-error", repr(exc)[:200])

    def _follow(self, url: str, ask: _Ask, robots: bool = True) -> Response:
        origin, seen = ask.origin, {url}
        for _hop in range(self.policy.max_redirects + 1):
            if robots and self.policy.robots:
                self._robots.check(url, origin)
            response = self._with_retries(url, ask)
            if response.status not in REDIRECTS:
                return response
            location = response.headers.get("location")
            if not location:
                raise DocumentError(origin, f"http-{response.status}", "redirect without a Location")
            url = str(httpx.URL(url).join(location).copy_with(fragment=None))
            if urlsplit(url).scheme not in ("http", "https"):
                raise DocumentError(origin, "bad-url", f"redirected to {url[:200]}")
            if url in seen:
                raise DocumentError(origin, "redirect-loop", f"back to {url[:200]}")
            seen.add(url)
        raise DocumentError(origin, "too-many-redirects", f"more than {self.policy.max_redirects}")

    def _with_retries(self, url: str, ask: _Ask) -> Response:
        p, origin = self.policy, ask.origin
        for attempt in range(p.retries + 1):
            wait_for = p.backoff * 2 ** attempt
            try:
                response = self._once(url, ask)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:  # before their base classes below
                error = DocumentError(origin, "unreachable", f"{host_of(url)}: {_cause(exc)}"[:200])
            except httpx.TimeoutException as exc:
                error = DocumentError(origin, "timeout", f"{type(exc).__name__} at {url[:200]}")
            except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError) as exc:
                error = DocumentError(origin, "connection", f"{type(exc).__name__}: {exc}"[:200])
            except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
                raise DocumentError(origin, "bad-url", str(exc)[:200]) from exc
            except httpx.DecodingError as exc:
                raise DocumentError(origin, "bad-response", str(exc)[:200]) from exc
            else:
                if response.status != 429 and not 500 <= response.status < 600:
                    return response
                error = DocumentError(origin, f"http-{response.status}", f"after {attempt + 1} attempt(s)")
                asked = _retry_after(response.headers.get("retry-after"), p.max_retry_after)
                wait_for = max(wait_for, asked or 0.0)
            if attempt == p.retries:
                raise error
            log.info("retrying %s in %.2fs: %s", url, wait_for, error.reason)
            if self._stop.wait(wait_for):
                raise _Cancelled
        raise AssertionError("unreachable")  # the loop returns or raises

    def _once(self, url: str, ask: _Ask) -> Response:
        with self._gate(url).slot(self._stop):
            started = time.monotonic()
            with self._client.stream("GET", url, headers=ask.headers) as response:
                return self._read(response, ask, started)

    def _read(self, response: httpx.Response, ask: _Ask, started: float) -> Response:
        if not 200 <= response.status_code < 300:
            return Response(str(response.url), response.status_code, response.headers)
        media, limit = content_type(response.headers.get("content-type"))[0], ask.max_bytes
        if ask.accept is not None and not ask.accept(media):
            raise DocumentError(ask.origin, "content-type", media or "none")
        declared = response.headers.get("content-length", "")
        if not ask.truncate and declared.isdigit() and int(declared) > limit:
            raise DocumentError(ask.origin, "too-large", f"Content-Length {declared} > {limit}")
        body = bytearray()
        for chunk in response.iter_bytes():  # decompressed: the limit also stops a gzip bomb
            body += chunk
            if len(body) > limit:
                if ask.truncate:
                    del body[limit:]
                    break
                raise DocumentError(ask.origin, "too-large", f"more than {limit} bytes")
            if time.monotonic() - started > self.policy.total_timeout:
                raise httpx.ReadTimeout("total timeout exceeded")
        return Response(str(response.url), response.status_code, response.headers, bytes(body))

    def _gate(self, url: str) -> _HostGate:
        return self._host_gate(host_of(url))

    def _host_gate(self, host: str) -> _HostGate:
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = _HostGate(self.policy.per_host, self.policy.delay)
            return gate

    def _ask_robots(self, url: str, headers: dict[str, str]) -> RobotsAnswer:
        try:
            response = self._follow(url, _Ask(url, headers, None, ROBOTS_MAX_BYTES, truncate=True), robots=False)
        except DocumentError as exc:
            if is_transient(exc):
                return RobotsAnswer(0, {}, error=exc)
            return RobotsAnswer(404, {})  # a redirect loop or chain counts as unavailable, like a 404
        return RobotsAnswer(response.status, {k.lower(): v for k, v in response.headers.items()}, response.body)

    def _crawl_delay(self, site: str, seconds: float) -> None:
        self._gate(site).slow_down(min(seconds, self.policy.max_crawl_delay))


def _cause(exc: Exception) -> str:
    """The operating system's words for a failed connect ("Connection refused", "Name or service not known"),
    without httpx's wrapping; the exception's type when it has none."""
    text = str(exc).strip()
    return text.split("] ", 1)[-1] if text.startswith("[Errno") else text or type(exc).__name__


def _sniff_kind(body: bytes) -> DocumentKind:
    head = body[:512].lstrip().lower()
    return "html" if head.startswith((b"<!doctype html", b"<html", b"<?xml")) else "text"


def _retry_after(value: str | None, cap: float) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), capped; None when absent or bad."""
    if not value:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        seconds = (when - dt.datetime.now(dt.UTC)).total_seconds()
    return min(max(seconds, 0.0), cap)


def fetch_documents(urls: Iterable[str], policy: FetchPolicy | None = None) -> Iterator[RawDocument | DocumentError]:
    """Fetch many pages concurrently, honouring the policy's per-host limits; one result per URL."""
    with Fetcher(policy) as fetcher:
        yield from fetcher.fetch_many(urls)
