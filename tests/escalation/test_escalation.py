"""The escalation index's arithmetic on generated histories: real spikes are found and explained, noise is not."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from escalation_history import COOPERATION_BURST, START, background, burst, points
from eventwatch.escalation.index import (
    Scope,
    build_index,
    daily_series,
    left_out,
    quad_class,
)
from eventwatch.escalation.yearly_records import find_records
from eventwatch.store.escalation import EventPoint, YearCount

SINCE = START + dt.timedelta(days=30)
UNTIL = START + dt.timedelta(days=199)
TODAY = dt.date(2026, 1, 1)
SPIKE_DAY = START + dt.timedelta(days=120)


def index_of(events, **options):
    return build_index(points(events), [], Scope("PRK", "USA"), SINCE, UNTIL, START, TODAY, **options)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_burst_of_attacks_is_a_conflict_spike_explained_by_that_days_events(seed):
    events = background(seed, rate=1.0) + burst(SPIKE_DAY)
    index = index_of(events)
    assert [(s.date, s.side) for s in index.spikes] == [(SPIKE_DAY, "conflict")]
    spike = index.spikes[0]
    stored = points(events)
    that_day = {p.id for p in stored if p.date == SPIKE_DAY and p.intensity < 0
                and p.modality in ("asserted", "threatened")}
    burst_ids = {p.id for p, e in zip(stored, events, strict=True) if e.burst}
    assert {d.event.id for d in spike.drivers} == that_day
    assert burst_ids <= that_day
    assert [abs(d.event.intensity) for d in spike.drivers] == sorted((abs(d.event.intensity) for d in spike.drivers),
                                                                     reverse=True)
    assert spike.value == pytest.approx(sum(abs(d.event.intensity) for d in spike.drivers))
    assert sum(d.share for d in spike.drivers) == pytest.approx(1.0, abs=0.01)
    assert spike.baseline.z >= 3.5 and spike.value >= spike.baseline.spike_level


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("rate", [0.5, 1.0, 3.0])
def test_random_background_alone_has_no_spike(seed, rate):
    index = index_of(background(seed, rate=rate))
    assert sum(d.events for d in index.days) > 0  # the noise is really there
    assert index.spikes == []


def test_a_cooperation_surge_is_a_cooperation_spike():
    events = background(4, rate=1.0) + burst(SPIKE_DAY, COOPERATION_BURST, "USAGOV", "PRKGOV")
    index = index_of(events)
    assert [(s.date, s.side) for s in index.spikes] == [(SPIKE_DAY, "cooperation")]
    assert all(d.event.intensity > 0 for d in index.spikes[0].drivers)


def test_one_ordinary_event_in_a_quiet_series_is_not_a_spike_but_a_surge_is():
    quiet = [replace(burst(SPIKE_DAY)[3], day=START + dt.timedelta(days=40))]  # one missile test
    assert index_of(quiet).spikes == []
    surge = quiet + burst(SPIKE_DAY)[:3]  # three air, artillery and drone strikes on one day
    assert [s.date for s in index_of(surge).spikes] == [SPIKE_DAY]


def test_the_threshold_and_minimum_are_respected():
    events = background(5, rate=1.0) + burst(SPIKE_DAY)
    assert index_of(events, threshold=50).spikes == []
    high_bar = index_of(events, min_intensity=1000)
    assert high_bar.spikes == []
    assert all(line is None or line.spike_level >= 1000 for line in high_bar.baselines["conflict"])


def test_days_are_zero_filled_with_sides_types_and_quads():
    day = dt.date(2023, 3, 5)
    stored = [EventPoint(1, day, "day", "PRKMIL", "USA", "MOBILIZE", "missile-test", "15", -6.5, "asserted"),
              EventPoint(2, day, "day", "USAGOV", "PRKGOV", "CONSULT", "phone", "04", 1.5, "asserted"),
              EventPoint(3, day, "day", "PRKGOV", "USAGOV", "THREATEN", "military-threat", "13", -3.5, "threatened"),
              EventPoint(4, day, "day", "PRKGOV", "USAGOV", "REQUEST", "meet", "10", 0.0, "asserted")]
    days = daily_series(stored, day - dt.timedelta(days=2), day + dt.timedelta(days=1))
    assert [d.events for d in days] == [0, 0, 4, 0]
    busy = days[2]
    assert (busy.conflict, busy.cooperation, busy.net) == (10.0, 1.5, -8.5)
    assert busy.by_type == {"CONSULT": 1.5, "MOBILIZE": -6.5, "REQUEST": 0.0, "THREATEN": -3.5}
    assert busy.by_quad == {4: 1, 1: 1, 3: 2}
    assert busy.on_side("conflict") == [stored[0], stored[2]] and busy.on_side("cooperation") == [stored[1]]
    assert left_out(stored, day, day) == ({}, {})


def test_quad_classes_follow_cameo_roots():
    assert [quad_class(f"{r:02d}") for r in (1, 5, 6, 8, 9, 13, 14, 20)] == [1, 1, 2, 2, 3, 3, 4, 4]


def test_coarse_dates_and_uncounted_modalities_are_left_out_of_days_but_counted():
    events = background(6, rate=1.0)
    month = replace(burst(SPIKE_DAY)[0], precision="month", day=SPIKE_DAY.replace(day=1))
    year = replace(burst(SPIKE_DAY)[1], precision="year", day=dt.date(2022, 1, 1))  # before since: not in period
    index = index_of(events + [month, year] + [replace(e, precision="week") for e in burst(SPIKE_DAY)[2:4]])
    assert index.undated_to_day == {"month": 1, "week": 2}
    assert sum(d.events for d in index.days) == sum(
        1 for e in events if SINCE <= e.day <= UNTIL and e.modality in ("asserted", "threatened"))
    assert index.spikes == []  # the coarse burst cannot make a day spike
    assert set(index.not_counted) == {"planned", "negated"}
    assert index.not_counted["planned"] == sum(1 for e in events if SINCE <= e.day <= UNTIL and e.modality == "planned")


def test_baseline_needs_half_a_window_of_collected_history():
    events = burst(START + dt.timedelta(days=3))  # the store's very first day, three days after it began
    index = build_index(points(events), [], Scope("PRK", "USA"), START, START + dt.timedelta(days=40),
                        START, TODAY)
    lines = index.baselines["conflict"]
    assert lines[:15] == [None] * 15 and all(line is not None for line in lines[15:])
    assert index.spikes == []  # no history to call it unusual against


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError):
        build_index([], [], Scope("PRK"), UNTIL, SINCE, START, TODAY)
    with pytest.raises(ValueError):
        build_index([], [], Scope("PRK"), SINCE, UNTIL, START, TODAY, window=1)


def launches(*per_year):
    return [YearCount(year, "MOBILIZE", "missile-test", n) for year, n in per_year]


def test_a_record_year_is_flagged_only_when_every_earlier_year_is_beaten():
    counts = launches((2019, 7), (2020, 4), (2021, 7), (2022, 12), (2023, 12), (2024, 3))
    records = find_records(counts, 2019, 2024, TODAY)
    assert [(r.year, r.events, r.previous_events, r.previous_year, r.partial) for r in records] == [
        (2022, 12, 7, 2019, False)]  # 2021 only ties 2019, 2023 only ties 2022; 2019 had nothing to beat
    assert records[0].describe() == ("most MOBILIZE/missile-test events in a calendar year: 12 in 2022, "
                                     "previous record 7 in 2019")
    assert find_records(counts, 2023, 2024, TODAY) == []  # shown years only, judged against all


def test_a_record_in_the_current_year_is_partial_and_small_counts_are_not_records():
    records = find_records(launches((2024, 5), (2025, 6)), 2025, 2025, dt.date(2025, 6, 30))
    assert records[0].partial and "so far" in records[0].describe()
    assert find_records(launches((2023, 1), (2024, 2)), 2020, 2025, TODAY) == []
    assert find_records([*launches((2023, 4)), YearCount(2024, "MOBILIZE", "troops", 5)], 2020, 2025, TODAY) == []
