"""The factory uvicorn's worker processes call (``eventwatch serve --workers N``): settings from the environment."""

from fastapi.testclient import TestClient

from eventwatch.api.app import DB_ENV, TOKEN_ENV, app_from_environment


def test_worker_app_serves_the_store_named_in_the_environment(demo_db, monkeypatch):
    monkeypatch.setenv(DB_ENV, str(demo_db))
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    with TestClient(app_from_environment()) as client:
        events = client.get("/api/events", params={"limit": 5})
        assert events.status_code == 200 and events.json()["events"]
        assert client.post("/api/articles", json={}).status_code == 403  # no token: writing stays disabled


def test_worker_app_takes_the_token_from_the_environment(demo_db, monkeypatch):
    monkeypatch.setenv(DB_ENV, str(demo_db))
    monkeypatch.setenv(TOKEN_ENV, "worker-token")
    with TestClient(app_from_environment()) as client:
        assert client.post("/api/articles", json={}).status_code == 401


def test_worker_app_takes_the_limits_and_cors_from_serve(demo_db, monkeypatch):
    import json

    from eventwatch.api.app import SETTINGS_ENV

    monkeypatch.setenv(DB_ENV, str(demo_db))
    monkeypatch.setenv(SETTINGS_ENV, json.dumps({"max_body": 1000, "rate_limit": 2, "write_rate_limit": 1,
                                                 "cors_origins": ["https://desk.example.org"]}))
    with TestClient(app_from_environment()) as client:
        first = client.get("/api/actors", headers={"Origin": "https://desk.example.org"})
        assert first.headers["access-control-allow-origin"] == "https://desk.example.org"
        assert client.get("/api/actors").status_code == 200
        assert client.get("/api/actors").status_code == 429
        assert client.post("/api/articles", content=b"x" * 2000,
                           headers={"content-type": "application/json"}).status_code == 413


def test_worker_app_refuses_a_missing_store_and_defaults_like_the_cli(tmp_path, monkeypatch):
    import pytest

    from eventwatch.store.location import MissingStore

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(DB_ENV, raising=False)
    with pytest.raises(MissingStore, match=r"no store at events\.db"):
        app_from_environment()  # $EVENTWATCH_DB unset: events.db, as for every command
    monkeypatch.setenv(DB_ENV, str(tmp_path / "typo.db"))
    with pytest.raises(MissingStore, match=r"typo\.db"):
        app_from_environment()
    assert list(tmp_path.iterdir()) == []
