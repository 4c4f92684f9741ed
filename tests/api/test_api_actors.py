"""Actors by name in the API: `?actor=North Korea` is PRK, an unknown or ambiguous name a 422 with suggestions,
and `/api/actors?q=` searches the dictionary's names (the dashboard's `prefix` use is unchanged)."""

from __future__ import annotations

import pytest


def ids(client, **params) -> list[int]:
    page = client.get("/api/events", params={"limit": 500, **params})
    assert page.status_code == 200, page.text
    return [e["id"] for e in page.json()["events"]]


@pytest.mark.parametrize(("name", "code"), [("North Korea", "PRK"), ("south korea", "KOR"),
                                            ("United Nations", "IGOUNO"), ("Kim Jong Un", "PRKGOV")])
def test_a_name_filters_like_its_code(client, name: str, code: str) -> None:
    assert ids(client, actor=name) == ids(client, actor=code)
    assert ids(client, source=name) == ids(client, source=code)
    assert client.get("/api/timeline", params={"actor": name}).json() == client.get(
        "/api/timeline", params={"actor": code}).json()
    assert ids(client, actor="PRK")


@pytest.mark.parametrize(("name", "first"), [("Korea", ["PRK", "KOR"]), ("Nroth Korea", ["PRK", "KOR"])])
def test_an_ambiguous_or_unknown_name_is_a_422_with_suggestions(client, name: str, first: list[str]) -> None:
    response = client.get("/api/events", params={"actor": name})
    assert response.status_code == 422
    body = response.json()
    assert name in body["error"] and [s["code"] for s in body["suggestions"][:2]] == first
    assert body["suggestions"][0] == {"code": "PRK", "name": "North Korea", "kind": "country"}


def test_actors_search_by_name_with_stored_counts(client) -> None:
    found = client.get("/api/actors", params={"q": "korea", "limit": 10}).json()
    assert [a["code"] for a in found[:2]] == ["PRK", "KOR"] and found[0]["name"] == "North Korea"
    assert len({a["code"] for a in found}) == len(found) <= 10
    stored = {a["code"]: a for a in client.get("/api/actors", params={"limit": 1000}).json()}
    assert found[0]["as_source"] == stored["PRK"]["as_source"] and found[0]["kind"] == "country"
    person = client.get("/api/actors", params={"q": "Kim Jong Un"}).json()[0]
    assert (person["code"], person["name"], person["kind"]) == ("PRKGOV", "Kim Jong Un", "person")
    assert client.get("/api/actors", params={"q": "zzyzx"}).json() == []
    # The dashboard asks by prefix for one code's name: that answer keeps its shape.
    one = client.get("/api/actors", params={"prefix": "PRK", "limit": 1}).json()
    assert set(one[0]) >= {"code", "name", "country", "as_source", "as_target"}
