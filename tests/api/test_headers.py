"""Security headers on every kind of response, the /docs policy, and CORS: off by default, on for named origins."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eventwatch.api import create_app
from eventwatch.api.headers import check_origin, tile_source
from eventwatch.cli import app as cli

ORIGIN = "https://analyst.example.org"


def assert_secured(response, where: str) -> dict[str, str]:
    headers = response.headers
    assert headers.get("x-content-type-options") == "nosniff", where
    assert headers.get("x-frame-options") == "DENY", where
    assert headers.get("referrer-policy") == "no-referrer", where
    policy = dict(part.strip().split(" ", 1) for part in headers["content-security-policy"].split(";"))
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'", where
    assert policy["base-uri"] == "'none'" and policy["default-src"] == "'self'", where
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"], where
    return policy


def test_every_kind_of_response_carries_the_headers(demo_db, monkeypatch):
    app = create_app(str(demo_db), token="t", max_body=2048, rate_limit=1)
    addresses = iter(range(1, 100))

    def fresh() -> TestClient:  # a client of its own, so that only the one meant to be rate limited is
        return TestClient(app, raise_server_exceptions=False, client=(f"10.0.0.{next(addresses)}", 1))

    limited = fresh()
    limited.get("/api/stories")
    seen = {
        "dashboard": fresh().get("/"),
        "static file": fresh().get("/static/app.js"),
        "vendored file": fresh().get("/static/vendor/leaflet/leaflet.css"),
        "API read": fresh().get("/api/stories"),
        "not found": fresh().get("/api/nothing-here"),
        "invalid": fresh().get("/api/events", params={"limit": 0}),
        "unauthorised": fresh().post("/api/articles", json={"text": "x"}),
        "too large": fresh().post("/api/articles", content=b"{" + b" " * 4000 + b"}",
                                  headers={"Content-Type": "application/json"}),
        "rate limited": limited.get("/api/stories"),
        "schema": fresh().get("/openapi.json"),
    }
    assert seen["dashboard"].status_code == 200 and seen["rate limited"].status_code == 429
    assert [seen[k].status_code for k in ("not found", "invalid", "unauthorised", "too large")] == [404, 422, 401, 413]
    for where, response in seen.items():
        policy = assert_secured(response, where)
        assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'", where
        assert policy["img-src"] == "'self' data:", where

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(app.state.store, "stories", broken)
    crashed = fresh().get("/api/stories")
    assert crashed.status_code == 500 and crashed.json() == {"error": "internal error"}
    assert_secured(crashed, "server error")


def test_docs_get_their_own_policy_and_the_map_its_tile_host(demo_db):
    client = TestClient(create_app(str(demo_db), rate_limit=0))
    docs = client.get("/docs")
    policy = assert_secured(docs, "docs")
    assert "'sha256-" in policy["script-src"] and "https:" not in policy["script-src"]
    assert "SwaggerUIBundle" in docs.text and "https://" not in docs.text  # nothing from a CDN: works offline
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"):
        assert f"/static/vendor/swagger-ui/{asset}" in docs.text
        assert client.get(f"/static/vendor/swagger-ui/{asset}").status_code == 200, asset
    assert client.get("/redoc").status_code == 404
    tiles = client.get("/", params={"tiles": "https://{s}.tile.example.org/{z}/{x}/{y}.png"})
    assert assert_secured(tiles, "tiles")["img-src"] == "'self' data: https://*.tile.example.org"
    hostile = client.get("/", params={"tiles": "https://x.org; script-src 'unsafe-inline'"})
    assert assert_secured(hostile, "hostile tiles")["img-src"] == "'self' data:"
    assert tile_source("http://tiles.local:8080/{z}/{x}/{y}.png") == "http://tiles.local:8080"
    for bad in ("javascript:alert(1)", "https://a.org'/x", "//a.org/x", "https://user@a.org/x", "data:x"):
        assert tile_source(bad) is None, bad


def test_cors_is_off_by_default(demo_db):
    client = TestClient(create_app(str(demo_db), rate_limit=0))
    plain = client.get("/api/stories", headers={"Origin": ORIGIN})
    assert plain.status_code == 200 and "access-control-allow-origin" not in plain.headers
    preflight = client.options("/api/articles", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST",
                                                         "Access-Control-Request-Headers": "authorization"})
    assert preflight.status_code == 405
    assert not any(name.startswith("access-control-") for name in preflight.headers)


def test_cors_for_named_origins_only(demo_db):
    client = TestClient(create_app(str(demo_db), rate_limit=0, cors_origins=[ORIGIN]))
    allowed = client.get("/api/stories", headers={"Origin": ORIGIN})
    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    assert "access-control-allow-credentials" not in allowed.headers
    other = client.get("/api/stories", headers={"Origin": "https://evil.example.net"})
    assert other.status_code == 200 and "access-control-allow-origin" not in other.headers
    ask = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization,content-type"}
    preflight = client.options("/api/articles", headers={"Origin": ORIGIN, **ask})
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == ORIGIN
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert_secured(preflight, "preflight")
    refused = client.options("/api/articles", headers={"Origin": "https://evil.example.net", **ask})
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers
    for bad in ("*", "https://a.org/path", "ftp://a.org", "null", "https://a.org:70000"):
        with pytest.raises(ValueError):
            check_origin(bad)


def test_serve_passes_its_options_to_the_app(demo_db, monkeypatch):
    import uvicorn

    served = {}
    monkeypatch.setattr(uvicorn, "run", lambda application, **kwargs: served.update(app=application, **kwargs))
    result = CliRunner().invoke(cli, ["serve", "--db", str(demo_db), "--cors-origin", ORIGIN, "--max-body", "1KB",
                                      "--rate-limit", "2"])
    assert result.exit_code == 0, result.output
    client = TestClient(served["app"])
    assert client.get("/api/stories", headers={"Origin": ORIGIN}).headers["access-control-allow-origin"] == ORIGIN
    assert client.post("/api/articles", content=b" " * 2000).status_code == 413
    assert [client.get("/api/stories").status_code for _ in range(2)] == [200, 429]
    monkeypatch.setenv("EVENTWATCH_RATE_LIMIT", "0")
    assert CliRunner().invoke(cli, ["serve", "--db", str(demo_db)]).exit_code == 0
    assert all(TestClient(served["app"]).get("/api/stories").status_code == 200 for _ in range(5))
    bad = CliRunner().invoke(cli, ["serve", "--db", str(demo_db), "--cors-origin", "*"])
    assert bad.exit_code == 2 and "CORS origin" in bad.output
