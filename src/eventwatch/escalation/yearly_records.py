"""Records: the year an actor (or pair) did something more often than in any earlier year in the store.

"Most missile tests in a calendar year: 12 in 2022, previous record 7 in 2019." Counts are per PLOVER type and
mode, of single (non-aggregate) events that happened — modality asserted, or threatened for threats — at any
date precision (a month-precision launch still belongs to its year). "70 missiles in 2022" is an aggregate
report and is never counted: it would count one report, not seventy launches, and double-count the launches
also reported singly.

A year is a record when its count exceeds every earlier year's, there was an earlier record to beat (at least
one such event in an earlier year: the first year an actor is ever seen doing something is not a record) and
the count reaches ``min_count`` (three launches beating two is noise, not news).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: importing the store module would load SQLAlchemy
    from eventwatch.store.escalation import YearCount

MIN_RECORD_COUNT = 3


@dataclass(frozen=True)
class Record:
    plover_type: str
    mode: str | None
    year: int
    events: int
    previous_events: int  # the record it beat
    previous_year: int
    partial: bool  # the year is not over yet: the count may still grow

    @property
    def what(self) -> str:
        return f"{self.plover_type}/{self.mode}" if self.mode else self.plover_type

    def describe(self) -> str:
        so_far = f" so far ({self.year} is not over)" if self.partial else ""
        return (f"most {self.what} events in a calendar year: {self.events} in {self.year}{so_far}, "
                f"previous record {self.previous_events} in {self.previous_year}")


def find_records(counts: list[YearCount], first_year: int, last_year: int, today: dt.date,
                 min_count: int = MIN_RECORD_COUNT) -> list[Record]:
    """Records set in ``first_year``..``last_year``, judged against every earlier year in ``counts`` (which
    must therefore cover the whole store, not only the years shown). Largest margin first."""
    by_kind: dict[tuple[str, str | None], dict[int, int]] = defaultdict(dict)
    for count in counts:
        years = by_kind[(count.plover_type, count.mode)]
        years[count.year] = years.get(count.year, 0) + count.events
    found = []
    for (kind, mode), years in by_kind.items():
        best, best_year = 0, 0
        for year in sorted(years):
            events = years[year]
            if events > best:
                if best >= 1 and events >= min_count and first_year <= year <= last_year:
                    found.append(Record(kind, mode, year, events, best, best_year, year >= today.year))
                best, best_year = events, year
    return sorted(found, key=lambda r: (-(r.events - r.previous_events), r.year, r.plover_type, r.mode or ""))
