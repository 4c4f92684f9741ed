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
