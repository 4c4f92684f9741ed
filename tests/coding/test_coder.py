"""The coder on hand-written wire copy: who did what to whom, when, with what modality."""

from pipeline_helpers import run_text, summary

WORKED_EXAMPLE = """TOKYO — North Korea fired two short-range ballistic missiles toward its eastern waters \
on Thursday, \
Japan's defense ministry said, as South Korean and U.S. troops began a 10-day field exercise. On Tuesday, Kim Yo \
Jong, the sister of leader Kim Jong Un, warned that the North would take "resolute countermeasures" if the allies \
went ahead with the drills. The United States and South Korea agreed last month to expand their annual exercises. \
China's foreign ministry urged all sides to exercise restraint. Diplomacy has been stalled since 2019.
Source link
You May Also Like
Markets rally as inflation cools
Stocks rallied on Wednesday after…
Army fires on protesters in capital
Soldiers opened fire on Tuesday as…
"""


def test_worked_example_codes_what_an_analyst_codes():
    result = run_text(WORKED_EXAMPLE, "2023-03-16")
    got = summary(result)
    expected = {
        ("PRKMIL", "MOBILIZE", "missile-test", None, "2023-03-16", "asserted"),
        ("KORMIL", "COOPERATE", "military-exercise", "USAMIL", "2023-03-16", "asserted"),
        ("USAMIL", "COOPERATE", "military-exercise", "KORMIL", "2023-03-16", "asserted"),
        ("PRKGOV", "THREATEN", "military-threat", "KOR", "2023-03-14", "threatened"),
        ("PRKGOV", "THREATEN", "military-threat", "USA", "2023-03-14", "threatened"),
        ("USAGOV", "AGREE", None, "KORGOV", "2023-02", "planned"),
        ("KORGOV", "AGREE", None, "USAGOV", "2023-02", "planned"),
        ("CHNGOV", "REQUEST", "change", None, "2023-03-16", "asserted"),  # PLOVER mode: a change of behaviour
    }
    assert got == expected
    launch = next(e for e in result.events if e.plover_type == "MOBILIZE")
    assert launch.quantity is not None and launch.quantity.value == 2
    assert launch.reported_by == "JPNMIL" or launch.reported_by.startswith("JPN")
    assert launch.evidence.url == "https://news.example.com/test"


def test_every_event_points_at_its_evidence_and_none_comes_from_the_trailer():
    result = run_text(WORKED_EXAMPLE, "2023-03-16")
    text = result.article.text
    assert "You May Also Like" not in text and "Army fires" not in text
    for event in result.events:
        ev = event.evidence
        assert text[ev.start:ev.end] == ev.sentence
        assert ev.start <= ev.trigger_start < ev.trigger_end <= ev.end
        assert event.intensity <= 10 and event.intensity >= -10


def test_aggregate_count_over_a_year():
    result = run_text("SEOUL — North Korea fired more than 70 ballistic missiles in 2022, a record.", "2023-01-05")
    (event,) = result.events
    assert event.aggregate and event.date_label == "2022" and event.date_precision == "year"
    assert event.quantity.value == 70 and event.quantity.qualifier == "more than"


def test_passive_voice_negation_and_hypothetical():
    text = ("SEOUL, South Korea — Two cruise missiles were launched by North Korea on Monday, the Joint Chiefs of "
            "Staff said. North Korea did not fire any missiles on Tuesday. Officials said North Korea could "
            "conduct a nuclear test at any time.")
    got = summary(run_text(text, "2024-01-24"))
    assert ("PRKMIL", "MOBILIZE", "missile-test", None, "2024-01-22", "asserted") in got
    assert ("PRKMIL", "MOBILIZE", "missile-test", None, "2024-01-23", "negated") in got
    assert ("PRKMIL", "MOBILIZE", "nuclear-test", None, "2024-01-24", "hypothetical") in got


def test_condemnation_targets_the_author_of_the_act_and_lists_of_actors_give_one_event_each():
    text = ("TOKYO — North Korea launched an intercontinental ballistic missile on Wednesday. "
            "The United States, Japan and South Korea condemned the launch.")
    got = {(s, t, target) for s, t, _, target, _, _ in summary(run_text(text, "2023-07-12"))}
    assert {("USAGOV", "ACCUSE", "PRKMIL"), ("JPNGOV", "ACCUSE", "PRKMIL"), ("KORGOV", "ACCUSE", "PRKMIL")} <= got


def test_background_states_and_attribution_actors_are_not_events():
    text = ("SEOUL — Nuclear talks between the two Koreas have been stalled since 2019, officials said. "
            "North Korea has not conducted a nuclear test since 2017.")
    # The stalled talks are a state; the test that did not happen is a negated act (as the gold codes it).
    got = summary(run_text(text, "2023-05-02"))
    assert got == {("PRKMIL", "MOBILIZE", "nuclear-test", None, "2023-05-02", "negated")}


def test_order_to_the_military_is_planned_and_coded_to_the_government():
    text = ("SEOUL — Kim Jong Un ordered his military to hold more frequent drills to prepare for war, "
            "state media reported on Friday.")
    got = summary(run_text(text, "2023-03-10"))
    assert ("PRKGOV", "MOBILIZE", "military-exercise", None, "2023-03-10", "planned") in got


def test_future_meeting_is_agree_and_past_talks_are_consult():
    text = ("WASHINGTON — Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in Beijing on "
            "Monday. The two leaders will meet again next month, officials said.")
    got = summary(run_text(text, "2023-06-20"))
    assert ("USAGOV", "CONSULT", None, "CHNGOV", "2023-06-19", "asserted") in got
    assert any(t == "AGREE" and m == "planned" and d == "2023-07" for _, t, _, _, d, m in got)
