"""The dashboard's reads on both backends (SQLite and PostgreSQL): the facets and the CSV/JSON downloads of the
current filter, over a generated history stored through the real Store."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

from fastapi.testclient import TestClient

from escalation_history import background, store_events
from eventwatch.api import create_app


def _client(new_store):
    store = new_store()
    history = background(7, days=60, rate=1.5)
    store_events(store, history)
    return TestClient(create_app(store, rate_limit=0), raise_server_exceptions=False), history


def test_facets_count_the_stored_events_per_type_and_modality(new_store):
    client, history = _client(new_store)
    facets = client.get("/api/facets").json()
    assert dict((f["value"], f["events"]) for f in facets["type"]) == Counter(e.plover_type for e in history)
    assert dict((f["value"], f["events"]) for f in facets["modality"]) == Counter(e.modality for e in history)
    threats = client.get("/api/facets", params={"type": "MOBILIZE"}).json()
    assert threats["type"] == facets["type"]  # the chosen facet still offers the others
    assert dict((f["value"], f["events"]) for f in threats["modality"]) == Counter(
        e.modality for e in history if e.plover_type == "MOBILIZE")


def test_downloads_stream_every_event_of_the_filter(new_store):
    client, history = _client(new_store)
    expected = sum(e.plover_type == "MOBILIZE" for e in history)
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv", params={"type": "MOBILIZE"}).text)))
    assert len(rows) == expected and all(r["type"] == "MOBILIZE" for r in rows)
    lines = client.get("/api/events.jsonl", params={"type": "MOBILIZE"}).text.splitlines()
    assert sorted(json.loads(line)["id"] for line in lines) == sorted(int(r["id"]) for r in rows)
