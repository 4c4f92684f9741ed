"""Korean date expressions (이날, 전날, 지난 7일, 오는 15일, 3월 5일, 지난주, 지난달, 올해) resolved against the
publication date, each at its precision."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from eventwatch.datafiles import data_mapping
from eventwatch.model import Precision

# (지난|오는)? (N월)? N일 — a bare day of the month is the most recent such day (wire style); 오는 looks ahead.
# 3일간, 5일 일정, 4일 동안, 2일 만에: a number of days, not a day.
# [평양 4월 8일발 조선중앙통신]: 발 right after the day marks the dateline, the filing day, not an act's.
_DURATION = r"(?![가-힣]*간|\s*(?:일정|동안|만에|째)|발)"
# 지난달 25일, 다음 달 3일: a day of the month before or after the publication's.
_DAY = re.compile(r"(?:(?P<rel>지난달|지난 달|이달|다음 달|다음달)\s*)?(?:(?P<dir>지난|오는)\s*)?"
                  r"(?:(?P<month>\d{1,2})월\s*)?(?P<day>\d{1,2})일" + _DURATION)
_MONTHS = {"지난달": -1, "지난 달": -1, "이달": 0, "다음 달": 1, "다음달": 1}
# 지난해 체결한 조약: a year or month right before a verb's adnominal form dates that relative clause only.
_RELATIVE = re.compile(r"\s+[가-힣]+(?:한|된|했던|되었던|던)\s")


@dataclass(frozen=True)
class KoDate:
    start: int
    end: int
    text: str
    value: dt.date
    precision: Precision


@lru_cache(maxsize=1)
def _words() -> dict[str, dict]:
    return data_mapping("lang", "ko", "dates.yaml")["words"]


def find_dates(text: str, published: dt.date, offset: int = 0) -> list[KoDate]:
    """The dates in ``text`` (a sentence starting at ``offset`` in the article), in order."""
    found = [d for m in _DAY.finditer(text) if (d := _day(m, published, offset))]
    taken = [(d.start, d.end) for d in found]
    for word, rule in sorted(_words().items(), key=lambda kv: -len(kv[0])):
        for m in re.finditer(re.escape(word), text):
            start, end = offset + m.start(), offset + m.end()
            if any(s < end and start < e for s, e in taken):
                continue
            if rule["precision"] in ("month", "year") and _RELATIVE.match(text, m.end()):
                continue
            taken.append((start, end))
            found.append(KoDate(start, end, word, *_relative(rule, published)))
    return sorted(found, key=lambda d: d.start)


def _day(m: re.Match[str], published: dt.date, offset: int) -> KoDate | None:
    day, month, way = int(m["day"]), int(m["month"]) if m["month"] else None, m["dir"]
    if m["rel"]:
        months = published.year * 12 + published.month - 1 + _MONTHS[m["rel"]]
        try:
            value: dt.date | None = dt.date(months // 12, months % 12 + 1, day)
        except ValueError:
            return None
        return KoDate(offset + m.start(), offset + m.end(), m.group(), value, "day")
    value = _nearest(published, month, day, ahead=way == "오는")
    if value is None:
        return None
    return KoDate(offset + m.start(), offset + m.end(), m.group(), value, "day")


def _nearest(published: dt.date, month: int | None, day: int, ahead: bool) -> dt.date | None:
    """The date with that day (and month) nearest the publication date on the stated side of it."""
    step = 1 if ahead else -1
    year, mon = published.year, month or published.month
    for _ in range(13):
        try:
            value = dt.date(year, mon, day)
        except ValueError:
            value = None
        if value is not None and (value >= published if ahead else value <= published):
            return value
        if month is not None:
            year += step
        else:
            mon, year = (mon + step - 1) % 12 + 1, year + (mon + step - 1) // 12
    return None


def _relative(rule: dict, published: dt.date) -> tuple[dt.date, Precision]:
    precision: Precision = rule["precision"]
    if precision == "day":
        return published + dt.timedelta(days=rule["days"]), precision
    if precision == "week":
        monday = published - dt.timedelta(days=published.weekday())
        return monday + dt.timedelta(weeks=rule["weeks"]), precision
    if precision == "month":
        months = published.year * 12 + published.month - 1 + rule["months"]
        return dt.date(months // 12, months % 12 + 1, 1), precision
    return dt.date(published.year + rule["years"], 1, 1), precision
