"""GET /api/timeline for the dashboard's panel (issue 18, item 2): the interval chosen from the range, bars of
day-dated events only with empty periods as zero bars, coarse-dated events counted and listed apart, and
conflict/cooperation as the escalation index defines them. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from fastapi.testclient import TestClient

from escalation_history import START, Generated, background, store_events
from eventwatch.api import create_app
from eventwatch.escalation.index import COUNTED_MODALITIES, side_of
from eventwatch.store import periods
from eventwatch.store.periods import choose_interval, next_period


def day_event(day: dt.date, kind: str = "ASSAULT", intensity: float = -9.5, modality: str = "asserted",
              source: str = "PRKMIL") -> Generated:
    return Generated(day, source, "USA", kind, None, "19", intensity, modality)


def coarse_event(day: dt.date, precision: str, kind: str) -> Generated:
    return Generated(day, "CHNGOV", "USA", kind, None, "04", 1.5, "asserted", precision=precision)


def timeline(client: TestClient, **params) -> dict:
    response = client.get("/api/timeline", params={"interval": "auto", **params})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def spread(new_store):
    """Day-dated events at START, +60, +400 and +1500 days; a year-dated one nine years earlier and a
    month-dated one in between."""
    store = new_store()
    events = [day_event(START + dt.timedelta(days=d)) for d in (0, 60, 400, 1500)]
    events += [coarse_event(dt.date(2013, 1, 1), "year", "CONSULT"),
               coarse_event(dt.date(2023, 5, 1), "month", "AGREE")]
    store_events(store, events)
    return TestClient(create_app(store), raise_server_exceptions=False)


def test_the_interval_follows_the_span_of_day_dated_events(spread):
    def chosen(days: int) -> str:
        return timeline(spread, until=(START + dt.timedelta(days=days)).isoformat())["interval"]

    assert chosen(60) == "day" and chosen(400) == "week" and timeline(spread)["interval"] == "month"
    assert [choose_interval(START, START + dt.timedelta(days=d)) for d in (0, 92, 93, 731, 732, 40 * 366 + 1)] == [
        "day", "day", "week", "week", "month", "year"]


def test_coarse_dated_events_are_counted_and_listed_not_drawn(spread):
    body = timeline(spread)
    bars = body["bars"]
    assert bars[0]["period"] == "2022-01-01" and bars[-1]["period"] == "2026-02-01"  # START + 1500 days
    assert sum(b["events"] for b in bars) == 4
    assert body["coarse"] == {"year": 1, "month": 1}
    assert [(e["date"], e["precision"], e["type"], e["source"]) for e in body["coarse_events"]] == [
        ("2013", "year", "CONSULT", "CHNGOV"), ("2023-05", "month", "AGREE", "CHNGOV")]
    # The original buckets still hold every event, by its stored date.
    assert sum(b["events"] for b in body["buckets"]) == 6
    assert {b["period"] for b in body["buckets"]} >= {"2013-01-01", "2023-05-01"}
    # A range holding only the coarse events: nothing drawn, both listed.
    only_coarse = timeline(spread, since="2010-01-01", until="2021-12-31")
    assert only_coarse["bars"] == [] and only_coarse["coarse"] == {"year": 1}


def test_empty_periods_are_zero_bars(spread):
    for until_day, interval in ((60, "day"), (400, "week"), (1500, "month")):
        body = timeline(spread, until=(START + dt.timedelta(days=until_day)).isoformat())
        periods = [dt.date.fromisoformat(b["period"]) for b in body["bars"]]
        assert body["interval"] == interval
        assert all(next_period(a, interval) == b for a, b in itertools.pairwise(periods))
        assert sum(1 for b in body["bars"] if b["events"]) == 2 + (until_day >= 400) + (until_day >= 1500)
        empty = [b for b in body["bars"] if not b["events"]]
        assert empty and all(b["by_type"] == {} and b["conflict"] == b["cooperation"] == 0 for b in empty)
    week = timeline(spread, until=(START + dt.timedelta(days=400)).isoformat())["bars"]
    assert week[0]["label"] == "week of 2021-12-27"  # the Monday before 2022-01-01
    # START + 400 days is Sunday 2023-02-05, in the week of Monday 2023-01-30: 57 weeks after the first.
    assert week[-1]["label"] == "week of 2023-01-30" and len(week) == 58


def test_conflict_and_cooperation_are_the_escalation_index_sides(new_store):
    store = new_store()
    events = background(7, days=80, rate=2.0)
    store_events(store, events)
    body = timeline(TestClient(create_app(store)))
    assert body["interval"] == "day"
    expected: dict[str, dict[str, float]] = {}
    for e in events:
        sides = expected.setdefault(e.day.isoformat(), {"conflict": 0.0, "cooperation": 0.0, "events": 0})
        sides["events"] += 1
        side = side_of(e.intensity) if e.modality in COUNTED_MODALITIES else None
        if side:
            sides[side] += abs(e.intensity)
    got = {b["period"]: {"conflict": b["conflict"], "cooperation": b["cooperation"], "events": b["events"]}
           for b in body["bars"] if b["events"]}
    assert got == expected  # intensities are halves: the sums are exact
    assert any(e.modality not in COUNTED_MODALITIES for e in events)  # planned and denied acts were left out
    assert sum(b["events"] for b in body["bars"]) == len(events)
    per_type: dict[str, int] = {}
    for e in events:
        per_type[e.plover_type] = per_type.get(e.plover_type, 0) + 1
    drawn: dict[str, int] = {}
    for b in body["bars"]:
        for kind, n in b["by_type"].items():
            drawn[kind] = drawn.get(kind, 0) + n
    assert drawn == per_type


def test_explicit_intervals_keep_their_meaning(spread):
    body = spread.get("/api/timeline", params={"interval": "year"}).json()
    assert body["interval"] == "year" and [b["label"] for b in body["bars"]] == ["2022", "2023", "2024", "2025", "2026"]
    assert sum(b["events"] for b in body["buckets"]) == 6
    assert spread.get("/api/timeline", params={"interval": "fortnight"}).status_code == 422


def test_too_many_empty_periods_are_not_filled(spread, monkeypatch):
    """Days over four years with the cap lowered to ten periods: only the days that have events come back."""
    monkeypatch.setattr(periods, "MAX_FILLED", 10)
    bars = spread.get("/api/timeline", params={"interval": "day"}).json()["bars"]
    assert [b["events"] for b in bars] == [1, 1, 1, 1]
    monkeypatch.setattr(periods, "MAX_FILLED", 2000)
    spread.app.state.answers.clear()  # the same request's answer is kept while the store is unchanged
    assert len(spread.get("/api/timeline", params={"interval": "day"}).json()["bars"]) == 1501
