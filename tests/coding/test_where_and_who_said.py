"""Event places (stated, restated, dateline, actor country), reported_by chains, claims, and supporting quotes."""

from __future__ import annotations

from pipeline_helpers import run_text


def events_of(result, plover_type: str):
    found = [e for e in result.events if e.plover_type == plover_type]
    assert found, [(e.source_actor, e.plover_type) for e in result.events]
    return found


def test_place_named_in_the_sentence():
    result = run_text("SEOUL — North Korea fired two short-range ballistic missiles from Sunan on Thursday, "
                      "South Korea's Joint Chiefs of Staff said.", "2024-05-03")
    launch = events_of(result, "MOBILIZE")[0]
    assert launch.place is not None and launch.place.name == "Sunan"
    assert (launch.place_basis, launch.place.precision, launch.place.country) == ("sentence", "site", "PRK")
    assert abs(launch.place.lat - 39.2) < 0.2


def test_place_from_a_later_sentence_restating_the_act():
    text = ("SEOUL — North Korea fired several ballistic missiles into the sea on Monday, the military said.\n\n"
            "The missiles were launched from the Tongchang-ri area and flew about 300 kilometers, it said.")
    launch = events_of(run_text(text, "2024-03-18"), "MOBILIZE")
    assert len(launch) == 1
    assert (launch[0].place_text, launch[0].place.kind, launch[0].place_basis) == (
        "Tongchang-ri", "launch-site", "restatement")


def test_dateline_for_a_local_event_and_actor_country_otherwise():
    text = ("SEOUL, South Korea — South Korea's Foreign Ministry condemned the launch on Tuesday. "
            "North Korea fired a missile on Monday, the Joint Chiefs of Staff said.")
    result = run_text(text, "2024-03-19")
    condemnation = events_of(result, "ACCUSE")[0]
    assert (condemnation.place.name, condemnation.place_basis) == ("Seoul", "dateline")
    launch = events_of(result, "MOBILIZE")[0]
    assert (launch.place.name, launch.place_basis, launch.place.precision) == (
        "North Korea", "actor-country", "country")


def test_the_capital_as_actor_does_not_become_the_place():
    result = run_text("TOKYO — Pyongyang threatened on Friday to strike U.S. bases in Japan.", "2024-05-03")
    threat = events_of(result, "THREATEN")[0]
    assert threat.place is None or threat.place.name != "Pyongyang" or threat.place_basis != "sentence"


def test_nested_attribution_keeps_the_outermost_reporter_and_the_cited_source():
    text = ("SEOUL — Yonhap, citing the Joint Chiefs of Staff, said North Korea fired a cruise missile "
            "toward the Yellow Sea on Sunday.")
    launch = events_of(run_text(text, "2024-05-05"), "MOBILIZE")[0]
    assert (launch.reported_by, launch.reported_via) == ("KORMED", "KORMIL")
    assert launch.reported_by_text == "Yonhap"
    assert launch.claim == "third-party"
    assert launch.place.name == "Yellow Sea"


def test_reported_citing_at_the_end_of_the_sentence():
    text = ("SEOUL — North Korea fired two ballistic missiles on Sunday, Yonhap news agency reported, citing "
            "South Korea's military.")
    launch = events_of(run_text(text, "2024-05-05"), "MOBILIZE")[0]
    assert (launch.reported_by, launch.reported_via) == ("KORMED", "KORMIL")


def test_state_media_and_adversary_claims_are_distinguishable():
    own = events_of(run_text("SEOUL — North Korea test-fired a new cruise missile on Sunday, the official Korean "
                             "Central News Agency reported.", "2024-05-06"), "MOBILIZE")[0]
    other = events_of(run_text("SEOUL — North Korea test-fired a new cruise missile on Sunday, South Korea's "
                               "Joint Chiefs of Staff said.", "2024-05-06"), "MOBILIZE")[0]
    assert (own.reported_by, own.claim) == ("PRKMED", "own-media")
    assert (other.reported_by, other.claim) == ("KORMIL", "third-party")


def test_according_to_and_a_bare_country_reporter():
    launch = events_of(run_text("TOKYO — North Korea launched a ballistic missile on Thursday, according to "
                                "Japan's defense ministry.", "2024-05-03"), "MOBILIZE")[0]
    assert launch.reported_by == "JPNGOV" and launch.reported_by_text == "Japan's defense ministry"
    said = events_of(run_text("SEOUL — North Korea said on Friday it had test-fired a new solid-fuel missile "
                              "on Thursday.", "2024-05-03"), "MOBILIZE")[0]
    assert said.reported_by == "PRKGOV" and said.claim == "own-side"


def test_a_speaker_condemning_is_not_its_own_reporter():
    result = run_text("TOKYO — Japan's defense minister condemned the launch on Friday, the ministry said.",
                      "2024-05-03")
    assert events_of(result, "ACCUSE")[0].reported_by is None


def test_threats_carry_their_quoted_words():
    text = ("SEOUL — Kim Yo Jong, the sister of leader Kim Jong Un, warned on Saturday that Seoul would face "
            "\"resolute countermeasures\" if the drills went ahead, KCNA said.")
    threat = events_of(run_text(text, "2024-05-04"), "THREATEN")[0]
    assert [q.text for q in threat.quotes] == ["resolute countermeasures"]
    assert threat.quotes[0].speaker == threat.source_actor


def test_a_condemnation_does_not_take_the_place_of_the_act_it_condemns():
    text = ("SEOUL — South Korea's navy and a U.S. carrier group held a combined exercise in waters south of "
            "Jeju Island on Monday, drills that Pyongyang condemned as \"a grave provocation.\"")
    result = run_text(text, "2024-05-07")
    drill = events_of(result, "COOPERATE")[0]
    assert drill.place.name == "Jeju Island" and drill.place_basis == "sentence"
    condemnation = events_of(result, "ACCUSE")[0]
    assert condemnation.place_basis not in ("sentence", "restatement")


def test_a_place_in_a_relative_clause_is_not_the_act_s_place():
    text = ("SEOUL — North Korea fired cruise missiles on Wednesday, extending a string of tests that has "
            "raised tensions on the Korean Peninsula.")
    launch = events_of(run_text(text, "2024-05-08"), "MOBILIZE")[0]
    assert launch.place_basis == "actor-country"
