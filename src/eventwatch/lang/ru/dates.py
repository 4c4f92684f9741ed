"""Dates in Russian sentences, resolved against the publication date with their precision."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from eventwatch.datafiles import data_mapping
from eventwatch.model import Precision

Resolved = tuple[dt.date, Precision]
_DATES = data_mapping("lang", "ru", "dates.yaml")
_WEEKDAYS: dict[str, int] = _DATES["weekdays"]
_MONTHS: dict[str, int] = _DATES["months"]
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _weekday(published: dt.date, m: re.Match[str], future: bool) -> Resolved:
    weekday = _WEEKDAYS[m["wd"]]
    if future:
        return published + dt.timedelta(days=(weekday - published.weekday()) % 7 or 7), "day"
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7), "day"


def _day_month(published: dt.date, m: re.Match[str], future: bool) -> Resolved | None:
    year = int(m["year"]) if m["year"] else published.year
    try:
        day = dt.date(year, _MONTHS[m["month"]], int(m["day"]))
    except ValueError:
        return None
    if not m["year"] and not future and day > published + dt.timedelta(days=7):
        day = day.replace(year=year - 1)
    return day, "day"


def _month(published: dt.date, m: re.Match[str], future: bool) -> Resolved:
    month = _MONTHS[m["month"]]
    year = int(m["year"]) if m["year"] else published.year
    if not m["year"] and not future and month > published.month:
        year -= 1
    return dt.date(year, month, 1), "month"


def _last_month(published: dt.date) -> dt.date:
    return (published.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


# (pattern, resolver); earlier patterns win where they overlap ("7 марта" before "в марте").
_PATTERNS: list[tuple[re.Pattern[str], Callable[[dt.date, re.Match[str], bool], Resolved | None]]] = [
    (re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})(?:\s+(?P<year>\d{{4}})\s+года)?"), _day_month),
    (re.compile(rf"\bв(?:о)?\s+(?:эт[оиу][тйм]?\s+|прошл\w+\s+)?(?P<wd>{_WEEKDAY})\b"), _weekday),
    (re.compile(r"\b(?:накануне|вчера)\b"), lambda p, m, f: (p - dt.timedelta(days=1), "day")),
    (re.compile(r"\bпозавчера\b"), lambda p, m, f: (p - dt.timedelta(days=2), "day")),
    (re.compile(r"\b(?:сегодня|в течение суток|этой ночью|минувшей ночью|ночью)\b"), lambda p, m, f: (p, "day")),
    (re.compile(r"\bзавтра\b"), lambda p, m, f: (p + dt.timedelta(days=1), "day")),
    (re.compile(r"\bна прошлой неделе\b"), lambda p, m, f: (_monday(p) - dt.timedelta(days=7), "week")),
    (re.compile(r"\bна (?:этой|текущей) неделе\b"), lambda p, m, f: (_monday(p), "week")),
    (re.compile(r"\bна следующей неделе\b"), lambda p, m, f: (_monday(p) + dt.timedelta(days=7), "week")),
    (re.compile(rf"\bв\s+(?P<month>{_MONTH})(?:\s+(?P<year>\d{{4}})\s+года)?"), _month),
    (re.compile(rf"\bс начала\s+(?P<month>{_MONTH})(?:\s+(?P<year>\d{{4}})\s+года)?"), _month),
    (re.compile(r"\bв прошлом месяце\b"), lambda p, m, f: (_last_month(p), "month")),
    (re.compile(r"\bв (?:этом|текущем) году\b"), lambda p, m, f: (dt.date(p.year, 1, 1), "year")),
    (re.compile(r"\bв прошлом году\b"), lambda p, m, f: (dt.date(p.year - 1, 1, 1), "year")),
    (re.compile(r"\bв (?P<year>\d{4}) году\b"), lambda p, m, f: (dt.date(int(m["year"]), 1, 1), "year")),
]


def find_date(text: str, published: dt.date, future: bool = False) -> tuple[Resolved, int, int] | None:
    """The first date the text names (its value, precision and offsets in ``text``), or None."""
    lowered = text.lower()
    found = []
    for order, (pattern, resolve) in enumerate(_PATTERNS):
        for m in pattern.finditer(lowered):
            value = resolve(published, m, future)
            if value is not None:
                found.append((m.start(), order, value, m.end()))
    if not found:
        return None
    start, _, value, end = min(found)
    return value, start, end
