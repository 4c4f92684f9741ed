"""GET /api/events.csv and /api/events.jsonl: every matching event (not one page), the filters of /api/events,
as an attachment, streamed through the export writers."""

from __future__ import annotations

import csv
import io
import json

from eventwatch.export.formats import FIELDS


def _total(client, **params) -> int:
    page = client.get("/api/events", params={**params, "limit": 1}).json()
    assert not page["total_is_capped"]
    return page["total"]


def test_csv_download_has_every_row_and_parses(client):
    response = client.get("/api/events.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == 'attachment; filename="events.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    total = _total(client)
    assert total > 50  # more than one page of the table, so "all rows" is tested
    assert len(rows) == total
    assert tuple(rows[0]) == FIELDS
    assert len({row["id"] for row in rows}) == total
    assert isinstance(json.loads(rows[0]["quotes"]), list)


def test_downloads_apply_the_filters(client):
    params = {"actor": "RUS", "type": "ASSAULT"}
    expected = {e["id"] for e in client.get("/api/events", params={**params, "limit": 500}).json()["events"]}
    assert expected
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv", params=params).text)))
    assert {int(row["id"]) for row in rows} == expected
    assert all(row["type"] == "ASSAULT" for row in rows)
    response = client.get("/api/events.jsonl", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    assert response.headers["content-disposition"] == 'attachment; filename="events.jsonl"'
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert {line["id"] for line in lines} == expected


def test_download_of_nothing_and_of_a_bad_filter(client):
    empty = client.get("/api/events.csv", params={"q": "zzzqqqnothingmatches"})
    assert empty.status_code == 200
    assert empty.text.strip().split(",")[0] == "id"  # the header alone: an empty table, not an empty file
    assert client.get("/api/events.jsonl", params={"q": "zzzqqqnothingmatches"}).text == ""
    bad = client.get("/api/events.csv", params={"type": "NOPE"})
    assert bad.status_code == 422
    assert "error" in bad.json()
