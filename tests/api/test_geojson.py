"""GET /api/events.geojson on a hand-made store: the cap is stated when it is hit (and only then), events placed
only at a country carry their country's codes or are counted per country, and precise places are unchanged."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from eventwatch.api import create_app, reading
from geo_store import fill_geo_store


@pytest.fixture
def geo(new_store) -> TestClient:  # on SQLite, and on PostgreSQL when the tests have one (tests/conftest.py)
    return TestClient(create_app(fill_geo_store(new_store("geo")), rate_limit=0))


def get(client: TestClient, **params) -> dict:
    response = client.get("/api/events.geojson", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_country_totals_leave_points_for_finer_places(geo):
    body = get(geo, countries="totals", limit=100)
    assert [f["properties"]["place"] for f in body["features"]] == ["Sinpo", "Kharkiv", "Kharkiv"]  # newest first
    assert not any(f["properties"]["country_level"] for f in body["features"])
    assert {(c["country"], c["country_numeric"], c["name"], c["events"]) for c in body["countries"]} == {
        ("RUS", "643", "Russia", 4), ("FRA", "250", "France", 2), ("XKX", None, "Kosovo", 1)}
    assert body["countries"][0]["country"] == "RUS"  # most events first
    assert body["total"] == 10 and body["points_total"] == 3  # the unplaced event is in neither
    assert body["capped"] is False and body["total_is_capped"] is False


def test_precise_places_keep_their_coordinates_and_gain_their_country(geo):
    sinpo = get(geo, countries="totals", type="MOBILIZE")["features"][0]
    assert sinpo["geometry"]["coordinates"] == [128.18, 40.03]
    expected = {"place": "Sinpo", "place_precision": "site", "place_basis": "sentence", "country_level": False,
                "country": "PRK", "country_numeric": "408"}
    assert {k: sinpo["properties"][k] for k in expected} == expected


def test_the_cap_is_stated_when_hit_and_not_otherwise(geo):
    capped = get(geo, countries="totals", limit=2)
    assert capped["capped"] is True and len(capped["features"]) == 2 and capped["limit"] == 2
    assert capped["points_total"] == 3 and capped["total"] == 10
    exact = get(geo, countries="totals", limit=3)
    assert exact["capped"] is False and len(exact["features"]) == 3
    every_point = get(geo, limit=10)
    assert every_point["capped"] is False and every_point["points_total"] == every_point["total"] == 10
    assert get(geo, limit=9)["capped"] is True


def test_points_mode_marks_country_level_places(geo):
    body = get(geo, limit=100)
    assert "countries" not in body and len(body["features"]) == 10
    by_place = {f["properties"]["place"]: f["properties"] for f in body["features"]}
    assert by_place["Russia"]["country_level"] is True and by_place["Russia"]["country_numeric"] == "643"
    assert by_place["Kosovo"]["country_level"] is True and by_place["Kosovo"]["country_numeric"] is None
    assert by_place["Kharkiv"]["country_level"] is False and by_place["Kharkiv"]["country"] == "UKR"


def test_country_totals_follow_the_filter(geo):
    assaults = get(geo, countries="totals", type="ASSAULT")
    assert [(c["country"], c["events"]) for c in assaults["countries"]] == [("RUS", 2)]
    assert assaults["total"] == 4 and assaults["points_total"] == 2
    russia = get(geo, countries="totals", place="RUS")
    assert [(c["country"], c["events"]) for c in russia["countries"]] == [("RUS", 4)] and not russia["features"]
    assert get(geo, countries="totals", since="2024-03-21")["countries"] == []


def test_a_count_past_the_cap_says_so(geo, monkeypatch):
    monkeypatch.setattr(reading, "COUNT_CAP", 2)
    body = get(geo, limit=1)  # every placed event a point: counted up to the cap only
    assert body["points_total"] == body["total"] == 2
    assert body["points_total_is_capped"] is True and body["total_is_capped"] is True and body["capped"] is True
    totals = get(geo, countries="totals", limit=1)  # one GROUP BY per place: exact, whatever the cap
    assert totals["points_total"] == 3 and totals["total"] == 10 and totals["capped"] is True
    assert totals["points_total_is_capped"] is False and totals["total_is_capped"] is False


def test_bad_country_mode_is_refused(geo):
    assert geo.get("/api/events.geojson", params={"countries": "centroids"}).status_code == 422


def test_the_country_filter_matches_the_country_code_alone(geo):
    # "place" takes three letters as a name part too: KHA is in "Kharkiv"; "country" is only ever a country code.
    assert geo.get("/api/events", params={"place": "KHA"}).json()["total"] == 2
    assert geo.get("/api/events", params={"country": "KHA"}).json()["total"] == 0
    ukraine = geo.get("/api/events", params={"country": "ukr"}).json()
    assert ukraine["total"] == 2 and {e["place"] for e in ukraine["events"]} == {"Kharkiv"}
    russia = get(geo, countries="totals", country="RUS")
    assert [(c["country"], c["events"]) for c in russia["countries"]] == [("RUS", 4)]
    assert geo.get("/api/events", params={"country": "Russia"}).status_code == 422
