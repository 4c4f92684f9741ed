"""Property tests of the date resolver: never an exception, offsets inside the sentence, and every resolved
date a real date at a known precision, near the publication date unless the expression states its year."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwatch.model import PRECISIONS
from eventwatch.nlp.dates import MAX_AGO_DAYS, find_dates

EXPRESSIONS = st.sampled_from([
    "on Monday", "Tuesday", "late Sunday night", "last Friday", "this coming Saturday", "next Wednesday",
    "yesterday", "today", "tomorrow", "overnight", "earlier today", "last week", "next week", "this weekend",
    "last month", "next month", "the following year", "in December", "in early March", "since January",
    "in 2022", "since 2019", "by 2050", "so far this year", "so far in 2023", "two days ago", "a week ago",
    "several months ago", "99 years ago", "101 years ago", "2,000 years ago", "12,000 days ago", "0 days ago",
    "99999 days ago", "March 16", "Dec. 5", "5 December", "Feb. 29", "February 30", "March 16, 2023",
    "16 March 2023", "March 2023", "2023-03-16", "2023-02-29", "2023-13-45", "1999-12-31", "Jan. 31st",
    "will", "is expected to", "said", ",", ".", " ", "\u200f", "—",
])
SENTENCE = st.lists(st.one_of(EXPRESSIONS, st.text(max_size=12)), max_size=25).map(" ".join)
_STATED_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def check(text: str, published: dt.date, offset: int) -> list:
    found = find_dates(text, published, offset=offset, sentence=3)
    previous_end = offset
    for mention in found:
        assert offset <= mention.start < mention.end <= offset + len(text)
        assert text[mention.start - offset:mention.end - offset] == mention.text
        assert mention.start >= previous_end  # sorted, never overlapping
        previous_end = mention.end
        assert isinstance(mention.value, dt.date) and mention.precision in PRECISIONS
        assert mention.sentence == 3
    return found


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SENTENCE, st.dates(), st.integers(0, 10_000))
def test_any_sentence_and_any_publication_date_resolve_without_error(text: str, published: dt.date,
                                                                     offset: int) -> None:
    check(text, published, offset)  # dt.date.min and max included: arithmetic past them is not a date


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SENTENCE, st.dates(dt.date(1950, 1, 1), dt.date(2050, 12, 31)))
def test_resolved_dates_are_near_the_publication_date_unless_the_year_is_stated(text: str,
                                                                                published: dt.date) -> None:
    for mention in check(text, published, 0):
        stated = _STATED_YEAR.findall(mention.text)
        if stated:
            assert mention.value.year == int(stated[-1])
        else:
            # Relative expressions: within "N ago"'s reach back and a year and a bit forward.
            assert -MAX_AGO_DAYS - 366 <= (mention.value - published).days <= 2 * 366
        if mention.precision == "week":
            assert mention.value.weekday() == 0  # a week is named by its Monday
        if mention.precision in ("month", "year"):
            assert mention.value.day == 1 and (mention.precision == "month" or mention.value.month == 1)
