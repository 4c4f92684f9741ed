"""Security headers on every response (API, dashboard, static files, errors), the API docs page, and which
web origins CORS may allow.

Article text is untrusted, and the dashboard shows it. The dashboard only ever inserts it as text, and the
Content-Security-Policy is the second line: scripts and styles only from this server (no inline code, no
eval), no plugins, no <base> rewriting, and no framing by other sites (clickjacking).
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import parse_qs, urlsplit

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DASHBOARD_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
FIXED_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]
# Swagger UI's files are vendored (web/static/vendor/swagger-ui, not FastAPI's default CDN): /docs works offline.
DOCS_FILES = "/static/vendor/swagger-ui"
# A tile host as Leaflet writes it: optional "{s}." subdomain placeholder, then a plain host name.
_TILE_HOST = re.compile(r"^(\{s\}\.)?([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*)$")


def policy_text(policy: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in policy.items())


def tile_source(template: str) -> str | None:
    """The CSP source for a Leaflet tile URL template ('https://{s}.tile.example.org/{z}/{x}/{y}.png' →
    'https://*.tile.example.org'), or None when it is not a plain http(s) host: nothing from the query string
    reaches the header unchecked, so a crafted ?tiles= cannot add directives."""
    parts = urlsplit(template)
    netloc = parts.netloc
    host, _, port = netloc.partition(":") if not netloc.startswith("[") else (netloc, "", "")
    match = _TILE_HOST.match(host)
    if parts.scheme not in ("http", "https") or match is None or (port and not port.isdigit()) or "@" in netloc:
        return None
    name = ("*." if match.group(1) else "") + match.group(2)
    return f"{parts.scheme}://{name}{':' + port if port else ''}"


def check_origin(origin: str) -> str:
    """A web origin for CORS ('https://analyst.example.org' or with a port), else ValueError: no paths, no
    wildcards, since allowing every origin would let any site's scripts read the API with a user's network."""
    origin = origin.strip().rstrip("/")
    parts = urlsplit(origin)
    host = parts.hostname or ""
    if (parts.scheme not in ("http", "https") or not _TILE_HOST.match(host) or host.startswith("{")
            or parts.path or parts.query or parts.fragment or parts.username):
        raise ValueError(f"a CORS origin is scheme://host[:port], got {origin!r}")
    parts.port  # noqa: B018 - raises ValueError for a bad port
    return origin


def dashboard_policy(scope: Scope) -> str:
    """The policy for this request: the page itself may add the tile host its ?tiles= parameter names (images
    only); every other response gets the fixed policy."""
    policy = dict(DASHBOARD_POLICY)
    if scope.get("path") == "/" and scope.get("query_string"):
        query = parse_qs(scope["query_string"].decode("latin-1"))
        source = tile_source(query.get("tiles", [""])[0])
        if source:
            policy["img-src"] += " " + source
    return policy_text(policy)


class SecurityHeaders:
    """Adds the headers to every HTTP response that does not set its own CSP (only /docs does)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in FIXED_HEADERS if name not in present]
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", dashboard_policy(scope).encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def add_docs(app: FastAPI) -> None:
    """Swagger UI at /docs under its own policy: its files from this server (vendored) and only its one inline
    start-up script, allowed by hash (not 'unsafe-inline'). The app must be made with docs_url=None."""
    page = get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} API",
                               swagger_js_url=f"{DOCS_FILES}/swagger-ui-bundle.js",
                               swagger_css_url=f"{DOCS_FILES}/swagger-ui.css",
                               swagger_favicon_url=f"{DOCS_FILES}/favicon-32x32.png")
    html = page.body.decode("utf-8")
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()}'"
                      for code in re.findall(r"<script>(.*?)</script>", html, re.DOTALL))
    policy = policy_text({**DASHBOARD_POLICY, "script-src": f"'self' {hashes}"})

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(html, headers={"Content-Security-Policy": policy})
