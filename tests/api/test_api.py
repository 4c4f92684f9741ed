"""The REST API over the demo store: filters, paging, detail pages, timelines, GeoJSON, errors, ingest."""

from __future__ import annotations

import shutil

from fastapi.testclient import TestClient

from eventwatch.api import create_app


def test_events_filters_paging_and_sorting(client):
    everything = client.get("/api/events", params={"limit": 500}).json()
    assert everything["total"] == len(everything["events"]) > 100
    prk = client.get("/api/events", params={"actor": "prk", "type": "THREATEN", "limit": 500}).json()
    assert prk["total"] > 0 and all(e["type"] == "THREATEN" for e in prk["events"])
    assert all("PRK" in (e["source"] or "") + (e["target"] or "") for e in prk["events"])
    page1 = client.get("/api/events", params={"limit": 5, "sort": "-date"}).json()["events"]
    page2 = client.get("/api/events", params={"limit": 5, "offset": 5, "sort": "-date"}).json()["events"]
    assert not {e["id"] for e in page1} & {e["id"] for e in page2}
    assert [e["day"] for e in page1 + page2] == sorted((e["day"] for e in page1 + page2), reverse=True)
    ranged = client.get("/api/events", params={"since": "2023-03-01", "until": "2023-03-31", "limit": 500}).json()
    assert ranged["total"] > 0 and all("2023-03-01" <= e["day"] <= "2023-03-31" for e in ranged["events"])
    loud = client.get("/api/events", params={"sort": "-mentions", "limit": 1}).json()["events"][0]
    assert loud["num_mentions"] >= 3


def test_text_search_and_bounding_box(client):
    found = client.get("/api/events", params={"q": "ballistic missiles", "limit": 500}).json()
    assert found["total"] > 0
    assert all("ballistic" in e["evidence"].lower() for e in found["events"])
    assert client.get("/api/events", params={"q": "zzyzx quokka"}).json()["total"] == 0
    korea = client.get("/api/events", params={"bbox": "124,33,131,43", "limit": 500}).json()
    assert korea["total"] > 0 and all(124 <= e["lon"] <= 131 and 33 <= e["lat"] <= 43 for e in korea["events"])
    articles = client.get("/api/articles", params={"q": "tractors"}).json()
    assert articles["total"] >= 1 and any("armer" in (a["title"] or "") for a in articles["articles"])


def test_one_event_one_article_actors_timeline_geojson_stories(client):
    # The launch of 14 March 2023, reported by the three copies of one wire story (the 2022 tally of launches is
    # mentioned by a fourth article too, so "most mentioned" alone would pick that one).
    launch = client.get("/api/events", params={"sort": "-mentions", "limit": 1, "type": "MOBILIZE",
                                               "since": "2023-03-14", "until": "2023-03-14"}).json()["events"][0]
    detail = client.get(f"/api/events/{launch['id']}").json()
    assert len(detail["mentions"]) == detail["num_mentions"] == 3
    article = client.get(f"/api/articles/{launch['article_id']}").json()
    for span in article["highlights"]:
        assert article["text"][span["start"]:span["end"]]
        assert span["start"] <= span["trigger_start"] < span["trigger_end"] <= span["end"]
    assert article["related"] and article["related"][0]["shared_events"] >= 1
    actors = client.get("/api/actors", params={"prefix": "PRK"}).json()
    assert actors and all(a["code"].startswith("PRK") for a in actors)
    timeline = client.get("/api/timeline", params={"interval": "month", "source": "PRK"}).json()
    assert timeline["buckets"] and all(b["period"].endswith("-01") for b in timeline["buckets"])
    weeks = client.get("/api/timeline", params={"interval": "week"}).json()["buckets"]
    import datetime as dt

    assert all(dt.date.fromisoformat(b["period"]).weekday() == 0 for b in weeks)
    geo = client.get("/api/events.geojson", params={"type": "MOBILIZE"}).json()
    assert geo["type"] == "FeatureCollection" and geo["features"]
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert client.get("/api/stories").json()[0]["articles"] == 3


def test_bad_input_gets_a_json_error_not_a_server_error(client):
    for params in ({"limit": 0}, {"type": "EXPLODE"}, {"since": "yesterday"}, {"bbox": "1,2,3"},
                   {"bbox": "0,50,10,40"}, {"actor": "'; DROP TABLE events; --"}, {"sort": "random"}):
        response = client.get("/api/events", params=params)
        assert response.status_code == 422, (params, response.text)
        assert "error" in response.json()
    assert client.get("/api/events/0").status_code == 422
    missing = client.get("/api/events/987654")
    assert missing.status_code == 404 and missing.json() == {"error": "no event 987654"}
    assert client.get("/api/articles/nosuchthing").status_code == 404
    assert client.get("/api/events", params={"q": '"unbalanced AND (NEAR'}).status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "eventwatch"
    assert client.get("/docs").status_code == 200


def test_ingest_needs_the_token_and_stores_the_article(demo_db, tmp_path, api_token):
    db = tmp_path / "copy.db"
    shutil.copy(demo_db, db)
    client = TestClient(create_app(str(db), token=api_token))
    article = {"text": "SEOUL — North Korea fired a cruise missile toward the Yellow Sea on Monday, the Joint "
                       "Chiefs of Staff said.", "url": "https://api.example.org/new", "published": "2024-05-06",
               "source": "API Wire"}
    assert client.post("/api/articles", json=article).status_code == 401
    assert client.post("/api/articles", json=article, headers={"Authorization": "Bearer wrong"}).status_code == 401
    ok = client.post("/api/articles", json=article, headers={"Authorization": f"Bearer {api_token}"}).json()
    assert ok["results"][0]["stored"] and ok["results"][0]["events"] >= 1
    again = client.post("/api/articles", json=[article], headers={"Authorization": f"Bearer {api_token}"}).json()
    assert again["results"][0]["stored"] is False
    bad = client.post("/api/articles", json={"url": "x"}, headers={"Authorization": f"Bearer {api_token}"})
    assert bad.status_code == 422
    upload = client.post("/api/articles/upload", headers={"Authorization": f"Bearer {api_token}"},
                         files={"file": ("page.txt", b"\x00\x01\x02" * 400, "text/plain")}).json()
    assert upload["results"][0]["stored"] is False and upload["results"][0]["skipped"].startswith("binary")
    assert client.get("/api/events", params={"q": "cruise Yellow", "since": "2024-05-06"}).json()["total"] >= 1
    no_token = TestClient(create_app(str(db), token=""))
    assert no_token.post("/api/articles", json=article).status_code == 403


def test_the_api_answers_the_same_on_every_backend(new_store, demo_db):
    from pathlib import Path

    from eventwatch.pipeline.run import ingest_paths

    store = new_store("api")
    ingest_paths([Path(__file__).parents[2] / "src/eventwatch/data/demo"], store)
    client = TestClient(create_app(store))
    # The same corpus stored through the CLI into SQLite (the session's demo store) is the reference.
    reference = TestClient(create_app(str(demo_db), rate_limit=0))
    for params in ({"limit": 1}, {"q": "ballistic missiles"}, {"type": "ASSAULT"}, {"actor": "PRK"}):
        expected = reference.get("/api/events", params=params).json()["total"]
        assert client.get("/api/events", params=params).json()["total"] == expected > 0
    assert client.get("/api/articles", params={"q": "tractors"}).json()["total"] == 1
    weeks = client.get("/api/timeline", params={"interval": "week", "actor": "PRK"}).json()["buckets"]
    assert weeks and sum(b["events"] for b in weeks) == client.get(
        "/api/events", params={"actor": "PRK"}).json()["total"]
    assert client.get("/api/stories").json()[0]["articles"] == 3
