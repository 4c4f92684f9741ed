"""Near-duplicate fingerprints: copies of a story stay similar, different stories do not."""

from __future__ import annotations

import pytest

from eventwatch.dedup.signature import DEFAULT_THRESHOLD, band_keys, bands, shingles, signature, similarity

STORY = [
    "SEOUL, South Korea (AP) — North Korea fired two short-range ballistic missiles toward its eastern waters on "
    "Tuesday, South Korea's military said, a day after the allies opened their largest drills in years.",
    "The missiles were launched from the Jangyon area between 7:41 a.m. and 7:51 a.m. and flew about 620 "
    "kilometers before splashing down, according to the Joint Chiefs of Staff.",
    "\"Our military has strengthened surveillance and vigilance,\" the Joint Chiefs said in a text message.",
    "Japan's defense ministry said the missiles appeared to have landed outside its exclusive economic zone.",
    "It was the North's third weapons demonstration in less than a week, after cruise missiles on Sunday.",
    "The exercise, known as Freedom Shield, began Monday and is scheduled to run for 11 days, the allies said.",
    "North Korea views such drills as rehearsals for an invasion and has warned of overwhelming countermeasures.",
    "Nuclear diplomacy between Pyongyang and Washington has been stalled since a summit collapsed in 2019.",
]
OTHER = [
    "BRUSSELS — Thousands of farmers drove tractors into the Belgian capital on Thursday to protest cheap imports "
    "and red tape, blocking roads around the European Parliament as EU leaders met nearby.",
    "Police fired water cannon at protesters who set fire to tyres and hurled eggs at the building's facade.",
    "The farmers say a trade deal with South American countries would undercut their prices.",
    "EU leaders agreed to loosen some environmental rules and promised to speed up subsidy payments.",
]


def text(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def test_shingles_ignore_case_punctuation_and_spacing():
    assert shingles("North Korea fired, two missiles!") == shingles("north  korea fired two MISSILES")
    assert shingles("") == set()
    assert shingles("one two") == {b"one two"}


@pytest.mark.parametrize("copy", [
    text(STORY).replace("—", "-").replace('"', "“", 1).replace(",", "", 3),  # punctuation changes
    text(STORY[:5] + STORY[6:]),  # a paragraph cut
    text([*STORY, "The report could not be independently verified, the agency added in a later update."]),
    text([*STORY[1:], "Copyright 2023 The Associated Press. All rights reserved."]),  # lede cut, line added
    text(STORY).upper(),
])
def test_perturbed_copies_are_above_the_threshold(copy):
    assert similarity(signature(text(STORY)), signature(copy)) >= DEFAULT_THRESHOLD


def test_different_stories_and_a_shared_quote_are_below_it():
    assert similarity(signature(text(STORY)), signature(text(OTHER))) < 0.1
    # Another outlet's story about the same launch, quoting the same statement, is not a copy.
    second = ["TOKYO — North Korea launched two missiles on Tuesday, Japan's government said, as the allies drilled.",
              STORY[2], "Tokyo lodged a protest through its embassy in Beijing, the chief cabinet secretary said.",
              "Prime Minister Fumio Kishida will host President Yoon Suk Yeol on Thursday for a summit."]
    assert similarity(signature(text(STORY)), signature(text(second))) < DEFAULT_THRESHOLD / 2


def test_similar_signatures_share_a_band_key_and_dissimilar_ones_do_not():
    a, b = signature(text(STORY)), signature(text(STORY[:7]))
    assert set(band_keys(a, DEFAULT_THRESHOLD)) & set(band_keys(b, DEFAULT_THRESHOLD))
    c = signature(text(OTHER))
    assert not set(band_keys(a, DEFAULT_THRESHOLD)) & set(band_keys(c, DEFAULT_THRESHOLD))


def test_banding_follows_the_threshold_and_rejects_nonsense():
    b, r = bands(0.6)
    assert b * r <= 128 and b > 1
    assert bands(0.8)[1] > r  # a stricter threshold means longer bands
    with pytest.raises(ValueError):
        bands(1.5)
    assert similarity(b"", b"") == 0.0
