"""Merge keys and the merged event's voted details."""

from __future__ import annotations

import datetime as dt

from eventwatch.dedup.merging import coded, consensus, merge_key, tally
from eventwatch.model import Event, Evidence


def event(source="PRKMIL", target=None, date=dt.date(2023, 3, 14), precision="day", aggregate=False,
          modality="asserted", plover_type="MOBILIZE", mode="missile-test", reported_by=None) -> Event:
    return Event(source, target, plover_type, mode, "15", -5.5, modality, date, precision,
                 Evidence("s", 0, 0, 1, 0, 1, None), aggregate=aggregate, reported_by=reported_by)


def test_reports_of_one_launch_share_a_key_whatever_the_role():
    assert merge_key(event("PRKMIL")) == merge_key(event("PRKGOV"))
    assert merge_key(event()) != merge_key(event(date=dt.date(2023, 3, 15)))
    assert merge_key(event()) != merge_key(event(modality="hypothetical"))
    assert merge_key(event()) != merge_key(event(mode="military-exercise"))
    assert merge_key(event()) != merge_key(event(target="JPN"))


def test_an_aggregate_never_merges_with_a_single_occurrence():
    year = event(date=dt.date(2022, 1, 1), precision="year", aggregate=True)
    single = event(date=dt.date(2022, 1, 1), precision="year")
    assert merge_key(year) != merge_key(single)


def test_consensus_is_the_majority_and_ties_do_not_depend_on_order():
    reports = [coded(event("PRKGOV", reported_by="KORMIL")), coded(event("PRKMIL", reported_by="JPNGOV")),
               coded(event("PRKMIL", reported_by="KORMIL"))]
    merged = consensus(tally(reports))
    assert merged["source_actor"] == "PRKMIL" and merged["reported_by"] == "KORMIL"
    assert consensus(tally(reversed(reports))) == merged
    tie = consensus(tally(reports[:2]))
    assert (tie["source_actor"], tie["reported_by"]) == ("PRKGOV", "JPNGOV")  # alphabetically first
    assert consensus(tally(reports[1::-1])) == tie


def test_a_stated_place_outvotes_inferred_ones_and_silence_does_not_vote():
    stated, inferred, silent = coded(event()), coded(event()), coded(event())
    stated.update(place_id="ew:sunan", place_basis="sentence", place_text="Sunan")
    inferred.update(place_id="cc:PRK", place_basis="actor-country")
    merged = consensus(tally([inferred, inferred, stated]))
    assert (merged["place_id"], merged["place_basis"]) == ("ew:sunan", "sentence")
    quantity = coded(event())
    quantity.update(quantity_text="two missiles", quantity_value=2, quantity_unit="missile")
    assert consensus(tally([silent, silent, quantity]))["quantity_value"] == 2.0
