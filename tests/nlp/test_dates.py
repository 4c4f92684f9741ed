import datetime as dt

import pytest

from eventwatch.nlp.dates import find_dates

THURSDAY = dt.date(2023, 3, 16)


def resolve(text: str, published: dt.date = THURSDAY) -> tuple[dt.date, str]:
    found = find_dates(text, published)
    assert found, f"no date found in {text!r}"
    return found[0].value, found[0].precision


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("The missiles were fired on Thursday.", dt.date(2023, 3, 16), "day"),
        ("On Tuesday, she warned of countermeasures.", dt.date(2023, 3, 14), "day"),
        ("It fired a rocket Monday.", dt.date(2023, 3, 13), "day"),
        ("The drills ended last Thursday.", dt.date(2023, 3, 9), "day"),
        ("The allies agreed last month to expand drills.", dt.date(2023, 2, 1), "month"),
        ("Talks were held last week.", dt.date(2023, 3, 6), "week"),
        ("It conducted a test in December.", dt.date(2022, 12, 1), "month"),
        ("It fired 70 missiles in 2022.", dt.date(2022, 1, 1), "year"),
        ("Another launch took place earlier this month.", dt.date(2023, 3, 1), "month"),
        ("The ministry said yesterday that it would respond.", dt.date(2023, 3, 15), "day"),
        ("The drills began on March 13.", dt.date(2023, 3, 13), "day"),
        ("The summit was held on Dec. 5.", dt.date(2022, 12, 5), "day"),
        ("It tested a warhead on 2 February 2021.", dt.date(2021, 2, 2), "day"),
        ("Officials met three days ago.", dt.date(2023, 3, 13), "day"),
        ("The envoy visited in January 2020.", dt.date(2020, 1, 1), "month"),
    ],
)
def test_past_expressions_resolve_against_publication_date(text, expected, precision):
    assert resolve(text) == (expected, precision)


def test_same_weekday_as_publication_is_that_day_and_future_tense_looks_forward():
    assert resolve("North Korea fired a missile on Thursday.")[0] == THURSDAY
    assert resolve("The two leaders will meet on Monday.")[0] == dt.date(2023, 3, 20)
    assert resolve("The ministers will meet next week.") == (dt.date(2023, 3, 20), "week")
    assert resolve("The exercise is scheduled to start in April.")[0] == dt.date(2023, 4, 1)


def test_monday_in_a_tuesday_story_is_the_day_before():
    assert resolve("Pyongyang fired a missile on Monday.", dt.date(2023, 3, 14))[0] == dt.date(2023, 3, 13)


def test_offsets_point_into_the_text_and_background_since_is_kept_as_text():
    text = "Diplomacy has been stalled since 2019, and on Friday talks resumed."
    found = find_dates(text, THURSDAY, offset=100)
    assert [text[d.start - 100:d.end - 100] for d in found] == [d.text for d in found]
    assert found[0].text == "since 2019"


def test_impossible_dates_are_ignored():
    assert find_dates("The report cited February 30 as the date.", THURSDAY) == []


def test_ago_reads_the_whole_number_and_stops_at_a_century():
    assert find_dates("The city was founded 2,000 years ago.", THURSDAY) == []  # not "000 years ago"
    assert find_dates("The lake formed 12,000 days ago.", THURSDAY) == []
    assert find_dates("The site was first used 300 years ago.", THURSDAY) == []
    assert resolve("The treaty was signed 70 years ago.") == (dt.date(1953, 1, 1), "year")
