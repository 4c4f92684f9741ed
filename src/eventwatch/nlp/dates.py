"""Time expressions resolved against the article's publication date.

Wire copy is written in the past tense about the last few days: "on Monday" in a Thursday story means this
week's Monday, and in a Monday story it means that same day. Future-tense sentences ("will meet on Friday",
"next week") resolve forward. Each expression becomes a DateMention with a precision.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from eventwatch.model import Article, DateMention, Precision

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "several": 3, "a few": 3}

# How far back "N days/weeks/months/years ago" may reach and still date an event.
MAX_AGO_DAYS = 100 * 366
AGO_UNIT_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_FUTURE_CUES = re.compile(
    r"\b(will|'ll|shall|plans? to|planned to|planning to|is set to|are set to|scheduled|expected to|"
    r"intends? to|going to|is to|are to|due to)\b", re.IGNORECASE)

# Order matters: longer, more specific forms first; a span already taken is not matched again.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    ("month_day_year", re.compile(rf"\b{_MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?,? {_YEAR}\b")),
    ("day_month_year", re.compile(rf"\b(?P<day>\d{{1,2}}) {_MONTH},? {_YEAR}\b")),
    ("month_year", re.compile(rf"\b(?:in |of |during |since |until |by )?(?:early |mid-|late )?{_MONTH},? {_YEAR}\b")),
    ("month_day", re.compile(rf"\b{_MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,? (?:19|20)\d\d)")),
    ("day_month", re.compile(rf"\b(?P<day>\d{{1,2}}) {_MONTH}\b")),
    ("relative_weekday", re.compile(rf"\b(?P<rel>last|this|next|this past|this coming) {_WEEKDAY}\b", re.I)),
    ("weekday", re.compile(rf"\b(?:on |early |late |by |until |from |since )?{_WEEKDAY}"
                           r"(?: (?:morning|afternoon|evening|night))?\b")),
    # Not after a digit group: "2,000 years ago" is not "000 years ago".
    ("ago", re.compile(r"(?<![\d,.])\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few) "
                       r"(?P<unit>days?|weeks?|months?|years?) ago\b", re.I)),
    ("day_word", re.compile(r"\b(?P<word>yesterday|today|tonight|tomorrow|overnight|this morning|"
                            r"this afternoon|this evening|earlier today|earlier in the day)\b", re.I)),
    ("week", re.compile(r"\b(?P<rel>last|this|next|earlier this|later this|past|previous|the previous|"
                        r"the following) (?P<unit>week|weekend|month|year)\b", re.I)),
    ("in_month", re.compile(rf"\b(?P<prep>(?i:in|since|during|until|by|from|last|next|this|early|late|mid-))"
                            rf" (?:early |late |mid-)?{_MONTH}(?!\w)")),
    ("year", re.compile(rf"\b(?P<prep>(?i:in|since|during|of|by|until|from|throughout|for|before|after|as of))"
                        rf" (?:the year |early |late |mid-)?{_YEAR}\b")),
    ("so_far", re.compile(r"\b(?:so far )?this year\b|\bso far in (?P<year>(?:19|20)\d\d)\b", re.I)),
]


def _month_number(text: str) -> int:
    return MONTHS[text.rstrip(".").lower()]


def _weekday_date(published: dt.date, weekday: int, future: bool) -> dt.date:
    if future:
        return published + dt.timedelta(days=(weekday - published.weekday()) % 7 or 7)
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _shift_month(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def _day_in_year(published: dt.date, month: int, day: int, future: bool) -> dt.date | None:
    """A month and day with no year: the occurrence nearest the publication date in the sentence's tense."""
    try:
        candidate = dt.date(published.year, month, day)
    except ValueError:
        return None
    if not future and candidate > published + dt.timedelta(days=7):
        candidate = candidate.replace(year=candidate.year - 1)
    elif future and candidate < published - dt.timedelta(days=7):
        candidate = candidate.replace(year=candidate.year + 1)
    return candidate


def _month_in_year(published: dt.date, month: int, future: bool, prep: str) -> dt.date:
    year = published.year
    if prep == "last" or (not future and month > published.month):
        year -= 1
    if prep == "next" or (future and month < published.month):
        year += 1
    return dt.date(year, month, 1)


Resolved = tuple[dt.date, Precision] | None


def _resolve(kind: str, m: re.Match[str], published: dt.date, future: bool) -> Resolved:
    g = m.groupdict()
    if kind == "iso":
        return dt.date(int(g["year"]), int(g["m"]), int(g["d"])), "day"
    if kind in ("month_day_year", "day_month_year"):
        return dt.date(int(g["year"]), _month_number(g["month"]), int(g["day"])), "day"
    if kind == "month_year":
        return dt.date(int(g["year"]), _month_number(g["month"]), 1), "month"
    if kind in ("month_day", "day_month"):
        day = _day_in_year(published, _month_number(g["month"]), int(g["day"]), future)
        return (day, "day") if day else None
    if kind == "relative_weekday":
        weekday = WEEKDAYS.index(g["weekday"].lower())
        rel = g["rel"].lower()
        if rel == "last":
            back = (published.weekday() - weekday) % 7 or 7
            return published - dt.timedelta(days=back), "day"
        if rel in ("next", "this coming"):
            return _weekday_date(published, weekday, True), "day"
        return _weekday_date(published, weekday, future), "day"
    if kind == "weekday":
        weekday = WEEKDAYS.index(g["weekday"].lower())
        return _weekday_date(published, weekday, future), "day"
    if kind == "ago":
        n = int(g["n"]) if g["n"].isdigit() else NUMBER_WORDS.get(g["n"].lower(), 1)
        unit = g["unit"].lower().rstrip("s")
        if n * AGO_UNIT_DAYS[unit] > MAX_AGO_DAYS:
            return None  # "300 years ago" is history, not the date of a reported event
        if unit == "day":
            return published - dt.timedelta(days=n), "day"
        if unit == "week":
            return _monday(published - dt.timedelta(weeks=n)), "week"
        if unit == "month":
            return _shift_month(published, -n), "month"
        return dt.date(published.year - n, 1, 1), "year"
    if kind == "day_word":
        word = g["word"].lower()
        offset = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
        return published + dt.timedelta(days=offset), "day"
    if kind == "week":
        rel, unit = g["rel"].lower(), g["unit"].lower()
        step = -1 if rel in ("last", "past", "previous", "the previous") else 1 if rel in (
            "next", "the following") else 0
        if unit == "week":
            return _monday(published) + dt.timedelta(weeks=step), "week"
        if unit == "weekend":
            saturday = _weekday_date(published, 5, step > 0 or (step == 0 and future))
            return _monday(saturday), "week"
        if unit == "month":
            return _shift_month(published, step), "month"
        return dt.date(published.year + step, 1, 1), "year"
    if kind == "in_month":
        return _month_in_year(published, _month_number(g["month"]), future, g["prep"].lower()), "month"
    if kind == "year":
        return dt.date(int(g["year"]), 1, 1), "year"
    if kind == "so_far":
        year = int(g["year"]) if g.get("year") else published.year
        return dt.date(year, 1, 1), "year"
    return None


def find_dates(text: str, published: dt.date, offset: int = 0, sentence: int = 0,
               future: bool | None = None) -> list[DateMention]:
    """All time expressions in ``text`` (one sentence), resolved; offsets are shifted by ``offset``."""
    if future is None:
        future = bool(_FUTURE_CUES.search(text))
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _RULES:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            try:
                resolved = _resolve(kind, m, published, future)
            except (ValueError, OverflowError):
                resolved = None  # "February 30" and friends: not a date
            if resolved is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(DateMention(offset + m.start(), offset + m.end(), m.group(0), resolved[0],
                                     resolved[1], sentence))
    found.sort(key=lambda d: d.start)
    return found


def recognise_dates(article: Article, published: dt.date,
                    is_future: Callable[[str], bool] | None = None) -> list[DateMention]:
    mentions: list[DateMention] = []
    for sentence in article.sentences:
        future = is_future(sentence.text) if is_future else None
        mentions.extend(find_dates(sentence.text, published, sentence.start, sentence.index, future))
    return mentions


def is_background(mention: DateMention) -> bool:
    """'since 2019' marks how long a state has lasted, not when an event happened."""
    return mention.text.lower().startswith(("since", "until", "by "))
