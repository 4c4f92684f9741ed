"""Merge keys and the merged event's voted details."""

from __future__ import annotations

import datetime as dt

from eventwatch.dedup.merging import coded, consensus, merge_key
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


def test_consensus_is_the_majority_and_ties_go_to_the_earliest_report():
    votes = [((dt.date(2023, 3, 15), "b", 0), coded(event("PRKGOV", reported_by="KORMIL"))),
             ((dt.date(2023, 3, 14), "a", 0), coded(event("PRKMIL", reported_by="JPNGOV"))),
             ((dt.date(2023, 3, 16), "c", 0), coded(event("PRKMIL", reported_by="KORMIL")))]
    merged = consensus(votes)
    assert merged["source_actor"] == "PRKMIL" and merged["reported_by"] == "KORMIL"
    # the same votes in any order give the same answer
    assert consensus(list(reversed(votes))) == merged
    tie = consensus(votes[:2])
    assert tie["source_actor"] == "PRKMIL"  # the report of the 14th came first


def test_a_stated_place_outvotes_inferred_ones():
    stated, inferred = coded(event()), coded(event())
    stated.update(place_id="ew:sunan", place_basis="sentence", place_text="Sunan")
    inferred.update(place_id="cc:PRK", place_basis="actor-country")
    merged = consensus([((1,), inferred), ((2,), inferred), ((3,), stated)])
    assert (merged["place_id"], merged["place_basis"]) == ("ew:sunan", "sentence")
