"""SQL and full-text injection through every filter of every read route, on SQLite and PostgreSQL.

Each hostile string must give a 422 or a normal answer (never a 500), leave the store exactly as it was, and
when answered, return what the string taken literally selects: a place filter with quotes in it matches
places whose names contain those quotes (none), search syntax is just words, and so on.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from eventwatch.actor_names import resolve_actor
from eventwatch.api import create_app
from eventwatch.pipeline.run import ingest_paths
from eventwatch.store.schema import Base

DEMO = Path(__file__).parents[2] / "src/eventwatch/data/demo"
HOSTILE = [
    "' OR 1=1 --",
    "' OR '1'='1",
    '"; DROP TABLE events; --',
    "'); DELETE FROM articles; --",
    "%' UNION SELECT id, text, url FROM articles --",
    "1; SELECT pg_sleep(3)",
    "Korea' AND 1=(SELECT COUNT(*) FROM events) --",
    "NEAR(missile launch)",
    '"',
    "*",
    "missile*",
    "sentence:missile",
    "zzyzx OR missile",
    "^missile",
    "%",
    "_",
    "\\",
    "a\x00b",
    "\x00",
    "x" * 5000,
    "Pyöngyang 北朝鮮 ミサイル",
    "PRK",
    "Sea",
]
EVENT_FILTERS = ["actor", "source", "target", "type", "mode", "modality", "since", "until", "place", "bbox", "q",
                 "aggregate"]
_WORDS = re.compile(r"\w+", re.UNICODE)


@pytest.fixture
def served(new_store):
    store = new_store("injection")
    ingest_paths([DEMO], store)
    return store, TestClient(create_app(store, rate_limit=0), raise_server_exceptions=False)


def fingerprint(store) -> tuple[dict[str, int], str]:
    """Row counts of every ORM table and a digest of all their rows, in primary-key order."""
    counts, digest = {}, hashlib.sha256()
    with store.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            counts[table.name] = len(rows)
            digest.update(repr([tuple(map(str, row)) for row in rows]).encode())
    return counts, digest.hexdigest()


def ask(client: TestClient, path: str, params: dict | None = None, allowed=(200, 422)):
    response = client.get(path, params=params)
    assert response.status_code in allowed, (path, params, response.status_code, response.text[:300])
    assert "error" in response.json() if response.status_code != 200 else True
    return response


def literal_words(text: str) -> str:
    return " ".join(_WORDS.findall(text))


def ids(page: dict) -> set[int]:
    return {e["id"] for e in page["events"]}


def expected_events(everything: list[dict], name: str, value: str) -> set[int] | None:
    """What the filter selects when the value is taken literally; None where only a 422 is right."""
    if name in ("actor", "source", "target"):
        prefix = resolve_actor(value)  # a name is its code (issue 17); a code is taken literally
        sides = {"actor": ("source", "target"), "source": ("source",), "target": ("target",)}[name]
        return {e["id"] for e in everything if any((e[s] or "").startswith(prefix) for s in sides)}
    if name == "place":
        return {e["id"] for e in everything if value.lower() in (e["place"] or "").lower()
                or (len(value) == 3 and e["place_country"] == value.upper())}
    if name == "mode":
        return {e["id"] for e in everything if e["mode"] == value}
    return None


def test_hostile_filters_change_nothing_and_match_literally(served):
    store, client = served
    before = fingerprint(store)
    everything = ask(client, "/api/events", {"limit": 500}).json()["events"]
    assert len(everything) == store.counts()["events"] > 100
    answered = refused = 0
    for value in HOSTILE:
        for name in EVENT_FILTERS:
            page = ask(client, "/api/events", {name: value, "limit": 500})
            geo = ask(client, "/api/events.geojson", {name: value})
            timeline = ask(client, "/api/timeline", {name: value, "interval": "year"})
            assert page.status_code == geo.status_code == timeline.status_code
            if page.status_code == 422:
                refused += 1
                continue
            answered += 1
            found = ids(page.json())
            if name == "q":  # search syntax is only words: the same as searching the bare words
                bare = literal_words(value)
                assert found == ids(ask(client, "/api/events", {"q": bare, "limit": 500} if bare else
                                        {"limit": 500}).json()), value
            else:
                assert found == expected_events(everything, name, value), (name, value)
            placed = {e["id"] for e in page.json()["events"] if e["place"]}
            assert {f["properties"]["id"] for f in geo.json()["features"]} == placed
            assert sum(b["events"] for b in timeline.json()["buckets"]) == len(found)
        for name in ("sort", "limit", "offset"):
            ask(client, "/api/events", {name: value}, allowed=(422,))
        ask(client, "/api/timeline", {"interval": value}, allowed=(422,))
        for path in (f"/api/events/{quote(value, safe='')}", f"/api/articles/{quote(value, safe='')}"):
            ask(client, path, allowed=(404, 422))
    assert answered > 20 and refused > 100  # both kinds of outcome were exercised
    assert fingerprint(store) == before


def test_search_syntax_is_never_an_operator(served):
    _store, client = served
    missile = ask(client, "/api/events", {"q": "missile", "limit": 500}).json()
    assert missile["total"] > 0
    # As operators these would match the missile events; as words, no evidence holds "zzyzx".
    for value in ("zzyzx OR missile", "NEAR(zzyzx missile)", "zzyzx* OR missile*", "missile NOT zzyzx zzyzx"):
        assert ask(client, "/api/events", {"q": value}).json()["total"] == 0, value
    assert ask(client, "/api/events", {"q": "missile OR 1=1 --", "limit": 500}).json()["total"] <= missile["total"]


def test_hostile_article_search_and_other_lists(served):
    store, client = served
    before = fingerprint(store)
    for value in HOSTILE:
        found = ask(client, "/api/articles", {"q": value, "limit": 500})
        if found.status_code == 200:
            bare = literal_words(value)
            plain = ask(client, "/api/articles", {"q": bare, "limit": 500} if bare else {"limit": 500}).json()
            assert found.json()["total"] == plain["total"], value
        actors = ask(client, "/api/actors", {"prefix": value, "limit": 1000})
        if actors.status_code == 200:
            assert all(a["code"].startswith(value.upper()) for a in actors.json())
        for name in ("limit", "min_articles"):
            ask(client, "/api/stories", {name: value}, allowed=(422,))
    assert fingerprint(store) == before


def test_undecodable_and_oversized_query_strings(served):
    _store, client = served
    for raw in ("place=%ED%A0%80", "q=%FF%FE", "place=%C0%27%20OR%201%3D1", "q=" + "%27" * 3000,
                "actor=P%00RK", "bbox=1%2C2%2C3%2C4%00"):
        response = client.get(f"/api/events?{raw}")
        assert response.status_code in (200, 422), (raw, response.text[:200])
