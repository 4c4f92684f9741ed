"""HTTP fetching against a real loopback server: politeness (per-host delay and concurrency, robots.txt),
retries with backoff, every skip reason, redirects and charset handling. Nothing leaves 127.0.0.0/8.

``Site`` (the server) and the wire-copy pages are reused by test_feeds.py.
"""

from __future__ import annotations

import itertools
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from eventwatch.errors import DocumentError
from eventwatch.ingest.decode import UndecodableError, content_type, decode_body
from eventwatch.ingest.http import (
    USER_AGENT,
    Fetcher,
    FetchPolicy,
    _retry_after,
    fetch_documents,
)
from eventwatch.model import RawDocument

# Tiny times keep the suite fast; the rules they exercise are the same at production scale.
FAST = FetchPolicy(delay=0.0, connect_timeout=0.5, read_timeout=0.5, retries=2, backoff=0.05,
                   max_retry_after=0.2, max_bytes=50_000, use_env_proxies=False)
ROBOTS = "User-agent: *\nDisallow: /private/\n"


def wire_page(title: str, paragraphs: list[str], published: str = "2024-05-16") -> str:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (f"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title>\n"
            f"<meta property=\"article:published_time\" content=\"{published}T09:00:00Z\"></head>\n"
            f"<body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\n"
            f"<article><h1>{title}</h1>\n{body}</article><footer>© Wire Service</footer></body></html>\n")


SEOUL = wire_page("North Korea fires two short-range ballistic missiles", [
    "SEOUL — North Korea fired two short-range ballistic missiles into the sea off its east coast on Thursday, "
    "South Korea's Joint Chiefs of Staff said.",
    "The missiles were launched from the Sunan area of Pyongyang and flew about 350 kilometres before landing "
    "outside Japan's exclusive economic zone, the Joint Chiefs of Staff said in a statement.",
    "South Korea's military said it had strengthened its surveillance and was maintaining a full readiness "
    "posture in close coordination with the United States.",
    "Japan's defense ministry said it had lodged a protest with North Korea through diplomatic channels in "
    "Beijing, calling the launches a threat to the peace and security of the region.",
])
# French wire copy with accents, for the charset cases (é is 0xE9 in windows-1252, C3 A9 in UTF-8).
PARIS = wire_page("Le président réunit son gouvernement", [
    "PARIS — Le président français a réuni jeudi son gouvernement à l'Élysée après une série de "
    "manifestations, a déclaré le porte-parole du gouvernement.",
    "« Nous avons décidé de prolonger le dialogue avec les syndicats », a précisé le ministre de "
    "l'Économie, qui s'est exprimé devant la presse à la sortie du conseil des ministres.",
])
CURLY = PARIS.replace("« Nous", "“Nous").replace("syndicats »", "syndicats”")
PLAIN = ("KYIV, Ukraine — Russia launched a wave of drones at Kyiv overnight, Ukraine's air force said on "
         "Sunday, adding that air defences shot down most of them.\n")


@dataclass
class Hit:
    path: str
    host: str
    start: float
    headers: dict[str, str]
    end: float = 0.0


Reply = tuple[int, dict[str, str], bytes]


@dataclass
class Site:
    """A loopback HTTP/1.1 server with fixture pages; it logs every request and counts requests in flight."""

    host: str = "127.0.0.1"
    robots: str | None = ROBOTS  # None: robots.txt is a 404
    hits: list[Hit] = field(default_factory=list)
    routes: dict[str, Callable[[Hit], Reply]] = field(default_factory=dict)
    served: Counter[str] = field(default_factory=Counter)
    active: int = 0
    max_active: int = 0

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = 5
            disable_nagle_algorithm = True  # else headers and body wait out the client's delayed ACK (40 ms)

            def do_GET(self) -> None:  # the name http.server looks for
                site.handle(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((self.host, 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()
        self.add_defaults()

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def count(self, path: str) -> int:
        return sum(1 for h in self.hits if h.path == path)

    def page(self, path: str, body: str | bytes, ctype: str = "text/html; charset=utf-8", status: int = 200,
             **headers: str) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = lambda hit: (status, {"Content-Type": ctype, **headers}, data)

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        path = request.path
        hit = Hit(path, request.headers.get("Host", ""), time.monotonic(), dict(request.headers.items()))
        with self.lock:
            self.hits.append(hit)
            self.served[path] += 1
            self.active += 1
            self.max_active = max(self.max_active, self.active)
        try:
            if path == "/big-stream":
                return self._stream(request, hit)
            route = self.routes.get(path)
            status, headers, body = route(hit) if route else (404, {"Content-Type": "text/plain"}, b"not found")
        finally:
            with self.lock:  # before answering, so a client that already has its reply never sees us busy
                self.active -= 1
                hit.end = time.monotonic()
        try:
            request.send_response(status)
            for name, value in {"Content-Length": str(len(body)), **headers}.items():
                request.send_header(name, value)
            request.end_headers()
            request.wfile.write(body)
        except OSError:
            request.close_connection = True  # the client gave up (timeout, too large): nothing to do

    def _stream(self, request: BaseHTTPRequestHandler, hit: Hit) -> None:
        """A body with no Content-Length that goes on and on: the client must stop reading by itself."""
        with self.lock:
            self.active -= 1
        request.close_connection = True
        try:
            request.send_response(200)
            request.send_header("Content-Type", "text/html")
            request.send_header("Connection", "close")
            request.end_headers()
            for _ in range(64):
                request.wfile.write(b"<p>" + b"filler " * 4000 + b"</p>\n")
        except OSError:
            pass

    def add_defaults(self) -> None:
        if self.robots is not None:
            self.page("/robots.txt", self.robots, "text/plain")
        self.page("/news/seoul-missiles.html", SEOUL)
        self.page("/news/kyiv.txt", PLAIN, "text/plain; charset=utf-8")
        self.page("/private/secret.html", SEOUL)
        self.page("/missing", "gone", "text/plain", status=404)
        self.page("/broken", "oops", "text/plain", status=500)
        self.page("/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
        self.page("/big", "<p>" + "word " * 20_000 + "</p>")
        self.page("/mislabelled-cp1252", PARIS.encode("cp1252"), "text/html; charset=utf-8")
        self.page("/mislabelled-utf8", PARIS.encode("utf-8"), "text/html; charset=iso-8859-1")
        self.page("/declared-cp1252", CURLY.encode("cp1252"), "text/html; charset=windows-1252")
        self.page("/meta-cp1252", CURLY.replace('charset="utf-8"', 'charset="windows-1252"').encode("cp1252"),
                  "text/html")
        self.page("/loop/a", "", status=302, Location="/loop/b")
        self.page("/loop/b", "", status=302, Location=self.url("/loop/a"))
        self.page("/chain/1", "", status=301, Location="/chain/2")
        self.page("/chain/2", "", status=302, Location="3")  # relative to /chain/2
        self.page("/chain/3", "", status=307, Location="/news/seoul-missiles.html#top")
        for n in range(10):
            self.page(f"/endless/{n}", "", status=302, Location=f"/endless/{n + 1}")
        for n in range(8):
            self.routes[f"/pause/{n}"] = lambda hit: (time.sleep(0.25), (200, {"Content-Type": "text/html"},
                                                                          SEOUL.encode()))[1]
        self.routes["/slow"] = lambda hit: (time.sleep(1.5), (200, {"Content-Type": "text/html"}, b"late"))[1]
        self.routes["/flaky"] = lambda hit: ((500, {}, b"try again") if self.served["/flaky"] <= 2
                                             else (200, {"Content-Type": "text/html"}, SEOUL.encode()))
        self.routes["/busy"] = lambda hit: ((429, {"Retry-After": "120"}, b"slow down") if self.served["/busy"] == 1
                                            else (200, {"Content-Type": "text/html"}, SEOUL.encode()))


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    yield server
    server.close()


def fetch(site: Site, path: str, policy: FetchPolicy = FAST) -> RawDocument:
    with Fetcher(policy) as fetcher:
        return fetcher.fetch(site.url(path))


def failure(site: Site, path: str, policy: FetchPolicy = FAST) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        fetch(site, path, policy)
    return info.value


def test_an_article_page_arrives_as_html_with_its_metadata(site: Site) -> None:
    doc = fetch(site, "/news/seoul-missiles.html")
    assert doc.kind == "html" and doc.url == doc.origin == site.url("/news/seoul-missiles.html")
    assert "SEOUL — North Korea fired two short-range ballistic missiles" in doc.content
    assert doc.title == "North Korea fires two short-range ballistic missiles"
    assert str(doc.published) == "2024-05-16"
    (hit,) = [h for h in site.hits if h.path == "/news/seoul-missiles.html"]
    assert hit.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("eventwatch/") and USER_AGENT.endswith("(+https://github.com/eventwatch)")


def test_plain_text_is_a_text_document(site: Site) -> None:
    doc = fetch(site, "/news/kyiv.txt")
    assert doc.kind == "text" and doc.content == PLAIN


@pytest.mark.parametrize(("path", "reason"), [
    ("/missing", "http-404"),
    ("/broken", "http-500"),
    ("/logo.png", "content-type"),
    ("/private/secret.html", "robots"),
    ("/loop/a", "redirect-loop"),
    ("/endless/0", "too-many-redirects"),
    ("/big", "too-large"),  # Content-Length says so: refused before reading
    ("/big-stream", "too-large"),  # no length: read until the limit, then stop
])
def test_every_failure_has_its_reason(site: Site, path: str, reason: str) -> None:
    assert failure(site, path).reason == reason


def test_what_is_not_retried_is_asked_once_and_robots_blocks_before_asking(site: Site) -> None:
    for path in ("/missing", "/logo.png", "/private/secret.html"):
        failure(site, path)
    assert site.count("/missing") == 1 and site.count("/logo.png") == 1
    assert site.count("/private/secret.html") == 0


def test_a_page_slower_than_the_read_timeout_times_out_after_retrying(site: Site) -> None:
    started = time.monotonic()
    error = failure(site, "/slow", FetchPolicy(**{**FAST.__dict__, "retries": 1}))
    assert error.reason == "timeout"
    assert site.count("/slow") == 2
    assert time.monotonic() - started < 1.5  # two read timeouts of 0.5 s and a backoff, not the page's 1.5 s each


def test_always_500_is_reported_after_every_retry_with_growing_backoff(site: Site) -> None:
    error = failure(site, "/broken")
    assert error.reason == "http-500" and "3 attempt" in error.detail
    starts = [h.start for h in site.hits if h.path == "/broken"]
    assert len(starts) == FAST.retries + 1
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert gaps[0] >= FAST.backoff * 0.95 and gaps[1] >= 2 * FAST.backoff * 0.95


def test_500_then_200_succeeds_on_a_retry(site: Site) -> None:
    doc = fetch(site, "/flaky")
    assert "SEOUL —" in doc.content and site.count("/flaky") == 3


def test_retry_after_is_obeyed_up_to_the_cap(site: Site) -> None:
    started = time.monotonic()
    doc = fetch(site, "/busy")  # the server asks for 120 s; the policy caps waits at 0.2 s
    assert "SEOUL —" in doc.content
    first, second = (h.start for h in site.hits if h.path == "/busy")
    assert second - first >= FAST.max_retry_after * 0.95
    assert time.monotonic() - started < 1.0


def test_a_redirect_chain_ends_at_the_final_url(site: Site) -> None:
    doc = fetch(site, "/chain/1")
    assert doc.origin == site.url("/chain/1")
    assert doc.url == site.url("/news/seoul-missiles.html")  # relative hops resolved, fragment dropped
    assert [site.count(f"/chain/{n}") for n in (1, 2, 3)] == [1, 1, 1]


@pytest.mark.parametrize("path", ["/mislabelled-cp1252", "/mislabelled-utf8", "/declared-cp1252", "/meta-cp1252"])
def test_charsets_declared_wrongly_or_only_in_the_page_decode_right(site: Site, path: str) -> None:
    doc = fetch(site, path)
    assert "Le président français a réuni jeudi son gouvernement à l'Élysée" in doc.content
    assert "Ã" not in doc.content and "\ufffd" not in doc.content
    if "cp1252" in path and path != "/mislabelled-cp1252":
        assert "“Nous avons décidé" in doc.content  # 0x93 is a curly quote in windows-1252, not a C1 control


def test_decode_body_rules() -> None:
    text = "Séoul “quote”"
    assert decode_body(text.encode("cp1252"), "iso-8859-1", html=False) == text  # the WHATWG reading of latin-1
    assert decode_body(text.encode("utf-8"), "iso-8859-1", html=False) == text  # valid UTF-8 wins
    assert decode_body(text.encode("utf-16"), "utf-16", html=False) == text
    assert decode_body(text.encode("utf-8"), "no-such-charset", html=False) == text
    with pytest.raises(UndecodableError):
        decode_body(b"\x00\x01\x02binary" * 50, "iso-8859-1", html=False)
    assert content_type('text/html; charset="UTF-8"') == ("text/html", "UTF-8")
    assert content_type(None) == (None, None)
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 10.0) == 0.0  # a date in the past: no wait
    assert _retry_after("30", 10.0) == 10.0 and _retry_after("soon", 10.0) is None


def test_robots_txt_is_fetched_once_per_host(site: Site) -> None:
    paths = ["/news/seoul-missiles.html", "/news/kyiv.txt", "/private/secret.html", "/chain/1"] * 3
    results = list(fetch_documents([site.url(p) for p in paths], FAST))
    assert len(results) == len(paths)
    assert site.count("/robots.txt") == 1
    assert Counter(r.reason for r in results if isinstance(r, DocumentError)) == {"robots": 3}


def test_robots_missing_allows_everything_and_unreachable_blocks(site: Site) -> None:
    open_site = Site(robots=None)
    try:
        assert fetch(open_site, "/private/secret.html").kind == "html"
    finally:
        open_site.close()
    site.page("/robots.txt", "busy", "text/plain", status=503)
    assert failure(site, "/news/seoul-missiles.html").reason == "robots-unreachable"
    assert site.count("/news/seoul-missiles.html") == 0


def test_per_host_delay_is_honoured_on_the_server_side(site: Site) -> None:
    policy = FetchPolicy(**{**FAST.__dict__, "delay": 0.1})
    urls = [site.url("/news/seoul-missiles.html"), site.url("/news/kyiv.txt"), site.url("/chain/1")]
    results = list(fetch_documents(urls, policy))
    assert all(isinstance(r, RawDocument) for r in results)
    starts = sorted(h.start for h in site.hits)  # robots.txt and every redirect hop included
    assert len(starts) == 1 + 2 + 4
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    # The server stamps a request when its handler thread runs; on a loaded machine one stamp can come late,
    # which lengthens one gap and shortens the next by as much (seen in CI: 0.115 then 0.085). So each request
    # must start at least k delays after the first (the client keeps the pace overall), and no gap may be
    # short by more than such scheduling jitter.
    assert all(start - starts[0] >= k * 0.1 * 0.95 for k, start in enumerate(starts)), gaps
    assert min(gaps) >= 0.1 * 0.75, gaps


def test_crawl_delay_in_robots_raises_the_delay() -> None:
    slow_site = Site(robots="User-agent: eventwatch\nCrawl-delay: 5\n")  # capped at 0.2 s by the policy
    try:
        urls = [slow_site.url("/news/seoul-missiles.html"), slow_site.url("/news/kyiv.txt")]
        list(fetch_documents(urls, FetchPolicy(**{**FAST.__dict__, "max_crawl_delay": 0.2})))
        starts = sorted(h.start for h in slow_site.hits)  # robots.txt, then the two pages
        gaps = [b - a for a, b in itertools.pairwise(starts)]
        assert len(starts) == 3 and min(gaps) >= 0.2 * 0.9 and max(gaps) < 1.0
    finally:
        slow_site.close()


def test_concurrency_is_limited_per_host_not_overall(site: Site) -> None:
    try:
        other = Site(host="127.0.0.2")
    except OSError:
        pytest.skip("127.0.0.2 is not a loopback address here")
    try:
        urls = [s.url(f"/pause/{n}") for n in range(6) for s in (site, other)]
        started = time.monotonic()
        results = list(fetch_documents(urls, FetchPolicy(**{**FAST.__dict__, "per_host": 2})))
        elapsed = time.monotonic() - started
        assert all(isinstance(r, RawDocument) for r in results)
        assert site.max_active == other.max_active == 2
        # Both hosts ran side by side: 6 pages of 0.25 s, two at a time, on each host at once.
        overlap = [(h.start, h.end) for s in (site, other) for h in s.hits if h.path.startswith("/pause/")]
        assert max(sum(1 for a, b in overlap if a <= t < b) for t, _ in overlap) == 4
        assert elapsed < 6 * 0.25  # not one request at a time
    finally:
        other.close()


def test_connection_errors_and_bad_urls_are_typed() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with Fetcher(FetchPolicy(**{**FAST.__dict__, "retries": 1, "robots": False})) as fetcher:
        with pytest.raises(DocumentError) as info:
            fetcher.fetch(f"http://127.0.0.1:{port}/x")
        assert info.value.reason == "unreachable" and "Connection refused" in info.value.detail
        with pytest.raises(DocumentError) as info:
            fetcher.fetch("ftp://127.0.0.1/file.txt")
        assert info.value.reason == "bad-url"


def test_closing_the_fetcher_cancels_a_request_waiting_to_retry(site: Site) -> None:
    fetcher = Fetcher(FetchPolicy(**{**FAST.__dict__, "backoff": 30.0}))
    outcome: list[DocumentError] = []
    worker = threading.Thread(target=lambda: outcome.extend(fetcher.fetch_many([site.url("/broken")])))
    worker.start()
    while site.count("/broken") == 0:
        time.sleep(0.01)
    started = time.monotonic()
    fetcher.close()
    worker.join(5)
    assert not worker.is_alive() and time.monotonic() - started < 1.0
    assert [e.reason for e in outcome] == ["cancelled"]


def test_policy_rejects_nonsense() -> None:
    for bad in ({"per_host": 0}, {"delay": -1.0}, {"read_timeout": 0.0}, {"max_bytes": 0}):
        with pytest.raises(ValueError):
            FetchPolicy(**bad)
