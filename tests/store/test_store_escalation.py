"""The escalation index over a real store (SQLite and PostgreSQL): generated histories saved through Store.save."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from escalation_history import START, Generated, background, burst, points, sentence_of, store_events
from eventwatch.escalation.index import Scope, build_index, escalation_index

SPIKE_DAY = START + dt.timedelta(days=90)
SINCE, UNTIL = START + dt.timedelta(days=30), START + dt.timedelta(days=119)
TODAY = dt.date(2026, 1, 1)


@pytest.fixture
def tense_store(new_store):
    """120 days of ordinary PRK–USA events, a burst of North Korean strikes and launches on SPIKE_DAY, and a
    month-precision report that cannot be placed on a day."""
    events = background(11, days=120, rate=1.0) + burst(SPIKE_DAY)
    events.append(replace(burst(SPIKE_DAY)[0], day=SPIKE_DAY.replace(day=1), precision="month", burst=False))
    store = new_store()
    store_events(store, events)
    return store, events


def test_the_stored_burst_is_flagged_and_explained_with_its_evidence(tense_store):
    store, events = tense_store
    index = escalation_index(store, "prk", "usa", since=SINCE, until=UNTIL, today=TODAY)
    assert [(s.date, s.side) for s in index.spikes] == [(SPIKE_DAY, "conflict")]
    drivers = index.spikes[0].drivers
    expected = {sentence_of(e) for e in events if e.day == SPIKE_DAY and e.intensity < 0 and e.precision == "day"
                and e.modality in ("asserted", "threatened")}
    assert {d.sentence for d in drivers} == expected
    assert {sentence_of(e) for e in events if e.burst} <= expected
    assert all(d.url == f"https://wire.example.org/{SPIKE_DAY}" and d.article_id for d in drivers)
    assert index.undated_to_day == {"month": 1}
    # The store gives the series the generated points give (merging and the query lose nothing).
    from_store = index
    from_points = build_index(points(events), [], Scope("PRK", "USA"), SINCE, UNTIL, START, TODAY)
    assert [(d.date, d.events, d.conflict, d.cooperation, d.by_type, d.by_quad) for d in from_store.days] == [
        (d.date, d.events, d.conflict, d.cooperation, d.by_type, d.by_quad) for d in from_points.days]
    assert from_store.not_counted == from_points.not_counted and from_store.not_counted


def test_direction_single_actor_scopes_and_default_period(tense_store):
    store, events = tense_store
    run = lambda actor, target=None, directed=False: escalation_index(  # noqa: E731
        store, actor, target, directed=directed, since=SINCE, until=UNTIL, today=TODAY)
    assert [s.date for s in run("PRK", "USA", True).spikes] == [SPIKE_DAY]
    assert run("USA", "PRK", True).spikes == []  # the burst was one way
    assert [s.date for s in run("PRK").spikes] == [SPIKE_DAY]  # PRK initiated it
    assert run("USA").spikes == []  # being attacked is not escalating
    one_way = sum(d.events for d in run("USA", "PRK", True).days)
    other_way = sum(d.events for d in run("PRK", "USA", True).days)
    assert one_way + other_way == sum(d.events for d in run("PRK", "USA").days) and one_way and other_way
    assert sum(d.events for d in run("USAMIL", "PRK", True).days) < one_way  # a prefix narrows it
    with pytest.raises(ValueError):
        run("PRK", None, True)
    index = escalation_index(store, "PRK", "USA", today=TODAY)
    assert index.until == max(e.day for e in events) and index.since == START  # the store began there
    assert (escalation_index(store, "PRK", "USA", until=dt.date(2023, 6, 1), today=TODAY).since
            == dt.date(2022, 6, 2))


def launch(day: dt.date) -> Generated:
    return Generated(day, "PRKMIL", "USA", "MOBILIZE", "missile-test", "15", -6.5, "asserted")


def test_a_record_year_of_launches_is_flagged_against_the_whole_store(new_store):
    store = new_store()
    per_year = {2019: 3, 2020: 2, 2021: 5, 2022: 5}  # 2021 beats 2019; 2022 only ties it
    store_events(store, [launch(dt.date(year, 3, 1) + dt.timedelta(days=7 * n))
                         for year, n_launches in per_year.items() for n in range(n_launches)])
    index = escalation_index(store, "PRK", since=dt.date(2021, 1, 1), until=dt.date(2022, 12, 31), today=TODAY)
    assert [(r.year, r.events, r.previous_events, r.previous_year) for r in index.records] == [(2021, 5, 3, 2019)]
    later = escalation_index(store, "PRK", "USA", since=dt.date(2022, 1, 1), until=dt.date(2022, 12, 31),
                             today=dt.date(2022, 6, 1))
    assert later.records == []
    assert escalation_index(store, "USA", since=dt.date(2019, 1, 1), until=dt.date(2022, 12, 31),
                            today=TODAY).records == []


def test_a_pair_whose_prefixes_overlap_counts_each_event_once(new_store):
    store = new_store()
    arrests = [Generated(dt.date(2021, 3, day), "PRKMIL", "PRKGOV", "COERCE", "arrest", "17", -7.0, "asserted")
               for day in range(1, 6)]
    store_events(store, [*arrests, launch(dt.date(2020, 5, 1))])  # the launch is PRK → USA: not in PRK–PRK
    index = escalation_index(store, "PRK", "PRK", since=dt.date(2021, 1, 1), until=dt.date(2021, 12, 31),
                             today=TODAY)  # both directions are the same events here
    assert sum(d.events for d in index.days) == 5 and sum(d.conflict for d in index.days) == 35.0
    data = store.escalation_data("PRK", "PRK", False, dt.date(2021, 1, 1), dt.date(2021, 12, 31), ("asserted",))
    assert [(c.year, c.plover_type, c.events) for c in data.year_counts] == [(2021, "COERCE", 5)]
