"""Publication dates written as text: 'Published: March 16, 2023', 'Updated 2023-03-16 09:12'."""

from __future__ import annotations

import datetime as dt
import re

# How many non-blank lines at the top of a scraped text may carry the date line.
HEAD_LINES = 8
MAX_LINE_CHARS = 100

_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
# Full names, three-letter abbreviations and the AP's "Sept".
_MONTHS = {name: i for i, full in enumerate(_MONTH_NAMES, 1) for name in (full, full[:3])} | {"sept": 9}
_LABEL = (
    r"(?P<label>(?:first |last |originally )?(?:published|updated|posted|modified|date)(?: on| at)?)\s*:?\s*"
)
_WEEKDAY = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?,?\s+"
)
_DMY = r"(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>[a-z]{3,9})\.?,?\s+(?P<y1>\d{4})"
_MDY = r"(?P<m2>[a-z]{3,9})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4})"
_ISO = r"(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})(?:[t ]\d{2}:\d{2}\S*)?"
_DATE_LINE = re.compile(
    rf"^\s*(?:{_LABEL})?(?:{_WEEKDAY})?(?:{_DMY}|{_MDY}|{_ISO})(?P<rest>.*)$", re.IGNORECASE
)
# After a bare date only a time and a zone may follow ("16 March 2023, 09:12 GMT").
_TIME_ONLY = re.compile(
    r"^[\s,|@–—-]*(?:at\s*)?(?:\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?)?\s*(?:\(?[a-z]{2,5}\)?)?\s*$",
    re.IGNORECASE,
)


def parse_date_line(line: str) -> tuple[dt.date, int] | None:
    """The date on a dateline-like line and its rank (0 published, 1 bare date, 2 updated)."""
    if len(line) > MAX_LINE_CHARS:
        return None
    m = _DATE_LINE.match(line)
    if m is None:
        return None
    label = (m.group("label") or "").lower()
    if not label and not _TIME_ONLY.match(m.group("rest")):
        return None
    date = _to_date(m)
    if date is None:
        return None
    rank = 2 if any(w in label for w in ("updated", "modified", "last")) else (0 if label else 1)
    return date, rank


def find_published(text: str) -> dt.date | None:
    """Best-effort publication date from the first HEAD_LINES non-blank lines of a scraped text;
    a 'Published' line beats a bare date, which beats an 'Updated' line."""
    best: tuple[int, dt.date] | None = None
    seen = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        seen += 1
        if seen > HEAD_LINES:
            break
        found = parse_date_line(line.strip())
        if found and (best is None or found[1] < best[0]):
            best = (found[1], found[0])
    return best[1] if best else None


def parse_iso_date(value: str) -> dt.date:
    """'2023-03-16', '2023-03-16T09:12:00Z' or '2023-03-16 09:12' → date; ValueError otherwise."""
    value = value.strip()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()


def _to_date(m: re.Match[str]) -> dt.date | None:
    if m.group("y1"):
        year, month, day = m.group("y1"), _MONTHS.get(m.group("m1").lower()), m.group("d1")
    elif m.group("y2"):
        year, month, day = m.group("y2"), _MONTHS.get(m.group("m2").lower()), m.group("d2")
    else:
        year, month, day = m.group("y3"), int(m.group("m3")), m.group("d3")
    if month is None:
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
