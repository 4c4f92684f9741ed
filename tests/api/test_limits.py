"""Request limits: body size (declared and streamed) and per-client rate limits with separate read/write budgets."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from eventwatch.api import create_app, limits
from eventwatch.api.limits import RateLimits, parse_size
from live_server import running

ARTICLE = {"text": "SEOUL — North Korea fired a cruise missile toward the Yellow Sea on Monday, the Joint Chiefs of "
                   "Staff said.", "url": "https://limits.example.org/a", "published": "2024-05-06"}


@pytest.fixture
def clock(monkeypatch):
    """The limiter's clock, moved by hand."""
    now = [1000.0]
    monkeypatch.setattr(limits, "clock", lambda: now[0])
    return now


def raw_request(base: str, head: str, body: bytes = b"", timeout: float = 10) -> bytes:
    """Send a request by hand (so nothing fills in or checks the framing) and read the response's first bytes."""
    address = urlsplit(base)
    with socket.create_connection((address.hostname, address.port), timeout=timeout) as conn:
        conn.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += conn.recv(4096)
        header, _, content = answer.partition(b"\r\n\r\n")
        length = int(next(line.split(b":")[1] for line in header.split(b"\r\n")
                          if line.lower().startswith(b"content-length")))
        while len(content) < length:
            content += conn.recv(4096)
        return header + b"\r\n\r\n" + content


def test_declared_and_streamed_bodies_over_the_limit_are_refused_before_being_read(demo_db):
    app = create_app(str(demo_db), token="t", max_body=1024, rate_limit=0)
    with running(app) as base:
        # Declares 100 MB and sends none of it: the answer comes at once, from the header alone.
        answer = raw_request(base, "POST /api/articles HTTP/1.1\nHost: x\nContent-Type: application/json\n"
                                   "Authorization: Bearer t\nContent-Length: 104857600\n")
        assert answer.startswith(b"HTTP/1.1 413") and b'"error"' in answer
        # Chunked, no length: one 2 KB chunk and the body never finishes; refused once past 1 KB.
        answer = raw_request(base, "POST /api/articles HTTP/1.1\nHost: x\nContent-Type: application/json\n"
                                   "Authorization: Bearer t\nTransfer-Encoding: chunked\n",
                             b"800\r\n" + b" " * 2048 + b"\r\n")
        assert answer.startswith(b"HTTP/1.1 413") and b"larger than 1024 bytes" in answer
        assert b"x-content-type-options: nosniff" in answer.lower()
        # An upload streamed the same way.
        answer = raw_request(base, "POST /api/articles/upload HTTP/1.1\nHost: x\nAuthorization: Bearer t\n"
                                   "Content-Type: multipart/form-data; boundary=b\nTransfer-Encoding: chunked\n",
                             b"800\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"
                             + b"x" * 1950 + b"\r\n")
        assert answer.startswith(b"HTTP/1.1 413")


def test_bodies_within_the_limit_go_through(demo_db, tmp_path):
    client = TestClient(create_app(str(demo_db), token="t", max_body=4096, rate_limit=0))
    assert client.post("/api/articles", json=ARTICLE).status_code == 401  # reached the route's token check
    big = {**ARTICLE, "text": ARTICLE["text"] + " " * 5000}
    refused = client.post("/api/articles", json=big, headers={"Authorization": "Bearer t"})
    assert refused.status_code == 413 and refused.json()["error"].startswith("the request body is larger")
    streamed = client.post("/api/articles", content=(b" " * 1000 for _ in range(6)),
                           headers={"Authorization": "Bearer t", "Content-Type": "application/json"})
    assert streamed.status_code == 413
    bad = client.post("/api/articles", content=b"{}", headers={"Content-Length": "ten"})
    assert bad.status_code == 400


def test_reads_are_limited_per_client_and_recover(demo_db, clock):
    app = create_app(str(demo_db), rate_limit=3, write_rate_limit=2)
    client = TestClient(app)
    assert [client.get("/api/stories").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/events")
    assert refused.status_code == 429 and "too many requests" in refused.json()["error"]
    assert refused.headers["retry-after"] == "20"  # 3 a minute: one back every 20 s
    assert client.get("/").status_code == 429  # the dashboard and its files count as reads too
    other = TestClient(app, client=("10.1.2.3", 5000))
    assert other.get("/api/stories").status_code == 200  # another address has its own budget
    clock[0] += 19
    assert client.get("/api/stories").status_code == 429
    clock[0] += 1
    assert client.get("/api/stories").status_code == 200
    assert client.get("/api/stories").status_code == 429
    clock[0] += 60
    assert [client.get("/api/stories").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_writes_have_their_own_budget_and_a_known_token_is_its_own_client(demo_db, tmp_path, clock):
    import shutil

    db = tmp_path / "copy.db"
    shutil.copy(demo_db, db)
    client = TestClient(create_app(str(db), token="secret-1", rate_limit=2, write_rate_limit=2))
    assert [client.get("/api/stories").status_code for _ in range(3)] == [200, 200, 429]
    good = {"Authorization": "Bearer secret-1"}
    # Reads are spent, writes are not. Until first accepted, a token is counted against its address.
    assert client.post("/api/articles", json=ARTICLE, headers=good).status_code == 200
    # Once accepted, the token is the client, with budgets of its own.
    assert client.get("/api/stories", headers=good).status_code == 200
    assert [client.post("/api/articles", json=ARTICLE, headers=good).status_code for _ in range(3)] == [200, 200, 429]
    # Invented tokens buy nothing: they count against the address, which has one write left.
    made_up = [client.post("/api/articles", json=ARTICLE, headers={"Authorization": f"Bearer guess-{n}"})
               for n in range(3)]
    assert [r.status_code for r in made_up] == [401, 429, 429]
    assert client.get("/api/stories", headers={"Authorization": "Bearer guess-9"}).status_code == 429


def test_the_environment_variable_sets_reads_and_zero_turns_limiting_off(demo_db, monkeypatch, clock):
    monkeypatch.setenv(limits.RATE_LIMIT_ENV, "2")
    client = TestClient(create_app(str(demo_db)))
    assert [client.get("/api/stories").status_code for _ in range(3)] == [200, 200, 429]
    assert TestClient(create_app(str(demo_db), rate_limit=5)).get("/api/stories").status_code == 200
    monkeypatch.setenv(limits.RATE_LIMIT_ENV, "0")
    assert RateLimits.resolve(None, None) is None
    client = TestClient(create_app(str(demo_db)))
    assert all(client.get("/api/stories").status_code == 200 for _ in range(30))
    monkeypatch.setenv(limits.RATE_LIMIT_ENV, "lots")
    with pytest.raises(ValueError, match="EVENTWATCH_RATE_LIMIT"):
        create_app(str(demo_db))
    monkeypatch.delenv(limits.RATE_LIMIT_ENV)
    assert RateLimits.resolve(None, None) == RateLimits(600, 60)
    assert RateLimits.resolve(100, 0) == RateLimits(100, 0)


def test_the_limiter_forgets_clients_within_its_memory_bound(monkeypatch, clock):
    monkeypatch.setattr(limits, "MAX_TRACKED_CLIENTS", 4)
    bucket = limits.TokenBucket(per_minute=1)
    for n in range(10):
        assert bucket.take(f"address:10.0.0.{n}") == 0
        clock[0] += 1
    assert len(bucket._buckets) <= 4
    assert bucket.take("address:10.0.0.9") > 0  # the most recent clients are still remembered
    clock[0] += 120
    bucket.take("address:10.0.0.99")
    assert len(bucket._buckets) <= 2  # quiet for two minutes: all full again, forgotten


def test_sizes_on_the_command_line():
    assert parse_size("12MB") == 12 * 1024 * 1024 and parse_size("500kb") == 512_000 and parse_size("99") == 99
    for bad in ("", "0", "-5", "12 parsecs", "1.5MB"):
        with pytest.raises(ValueError):
            parse_size(bad)
