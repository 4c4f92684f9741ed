"""GET /api/escalation over a generated history: the same index as the function, validated parameters."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from escalation_history import START, background, burst, store_events
from eventwatch.api import create_app
from eventwatch.escalation.index import escalation_index
from eventwatch.escalation.shape import index_out

SPIKE_DAY = START + dt.timedelta(days=60)


@pytest.fixture
def history(new_store):
    store = new_store()
    store_events(store, background(21, days=80, rate=1.0) + burst(SPIKE_DAY))
    return store, TestClient(create_app(store), raise_server_exceptions=False)


def test_the_endpoint_returns_what_the_function_computes(history):
    store, client = history
    params = {"actor": "prk", "target": "USA", "since": "2022-02-01", "until": "2022-03-21", "window": 20}
    response = client.get("/api/escalation", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    expected = index_out(escalation_index(store, "PRK", "USA", since=dt.date(2022, 2, 1),
                                          until=dt.date(2022, 3, 21), window=20))
    assert body == expected.model_dump(mode="json")
    assert [(s["date"], s["side"]) for s in body["spikes"]] == [(SPIKE_DAY.isoformat(), "conflict")]
    assert all(d["evidence"] and d["url"] for d in body["spikes"][0]["drivers"])
    assert len(body["days"]) == 49 and body["scope"].startswith("PRK ↔ USA")
    one_way = client.get("/api/escalation", params={**params, "actor": "USA", "target": "PRK", "directed": True})
    assert one_way.status_code == 200 and one_way.json()["spikes"] == []


BAD = [
    {},
    {"actor": "PRK;DROP"},
    {"actor": "PRK", "directed": True},
    {"actor": "PRK", "window": 1},
    {"actor": "PRK", "threshold": 0},
    {"actor": "PRK", "since": "2022-03-01", "until": "2022-02-01"},
    {"actor": "PRK", "since": "2000-01-01", "until": "2022-02-01"},
    {"actor": "PRK", "since": "yesterday"},
    {"actor": "PRK", "since": "0001-01-01"},
    {"actor": "PRK", "since": "1950-01-01"},  # until defaults to the latest event: too long a period
    {"actor": "PRK", "since": "2030-01-01"},  # after the default until
]


def test_bad_parameters_are_json_errors(history):
    _, client = history
    for params in BAD:
        response = client.get("/api/escalation", params=params)
        assert response.status_code == 422 and "error" in response.json(), params
