"""The timeline as the dashboard draws it: bars of events per day, week, month or year, conflict and cooperation
per bar, and the events dated too coarsely to be drawn, counted and listed apart.

Only events dated to the day go into bars. A month- or year-precision event is stored on the first day of its
period; drawn on that day it would invent a date and, far from the rest, stretch the axis over empty years.
The interval can be chosen from the span of the day-dated events (``choose_interval``). Everything comes from
one grouping of the matching events (per day, precision and type, then per period), plus two one-row seeks
for the span and a short listing of coarse events when there are any: no per-event work in Python.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from eventwatch.model import date_label
from eventwatch.store.aggregates import Bucket, _period
from eventwatch.store.event_query import EventFilter
from eventwatch.store.schema import EventRow, PlaceRow

# The automatic interval, from the day-dated events' span (last day − first day): up to about a quarter by
# day (≤ 93 bars), up to two years by week (≤ 106 bars), up to forty years by month, beyond that by year.
AUTO_SPANS = ((92, "day"), (731, "week"), (40 * 366, "month"))
# Gaps are filled with empty bars up to this many periods; a caller asking for days over centuries gets only
# the periods that have events rather than a response of millions of zeros.
MAX_FILLED = 20_000
COARSE_LISTED = 20


@dataclass
class Bar:
    """One period's day-dated events: counts per PLOVER type, and the escalation index's two sides (summed
    |intensity| of counted negative events, summed intensity of counted positive ones)."""

    period: dt.date  # first day of the day/ISO week/month/year
    label: str  # 2024-03-05, week of 2024-03-04, 2024-03 or 2024
    events: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    conflict: float = 0.0
    cooperation: float = 0.0


@dataclass(frozen=True)
class CoarseEvent:
    id: int
    date: str  # at its precision: 2023-W11, 2023-03 or 2023
    precision: str
    plover_type: str
    source: str | None
    target: str | None


@dataclass(frozen=True)
class TimelineView:
    interval: str
    buckets: list[Bucket]  # every matching event by its stored date's period (the original /api/timeline)
    bars: list[Bar]  # day-dated events only, empty periods included
    coarse: dict[str, int]  # events dated only to the week/month/year, per precision: not in bars
    coarse_events: list[CoarseEvent]  # the first COARSE_LISTED of them, oldest first


def choose_interval(first: dt.date, last: dt.date) -> str:
    span = (last - first).days
    return next((interval for limit, interval in AUTO_SPANS if span <= limit), "year")


def period_label(period: dt.date, interval: str) -> str:
    if interval == "week":
        return f"week of {period.isoformat()}"
    return date_label(period, interval)


def next_period(period: dt.date, interval: str) -> dt.date:
    if interval == "day":
        return period + dt.timedelta(days=1)
    if interval == "week":
        return period + dt.timedelta(days=7)
    if interval == "month":
        return dt.date(period.year + period.month // 12, period.month % 12 + 1, 1)
    return dt.date(period.year + 1, 1, 1)


def _matching(stmt: Select, session: Session, where: EventFilter) -> Select:
    if where.needs_place:
        stmt = stmt.join(PlaceRow, PlaceRow.id == EventRow.place_id)
    return where.apply(stmt, session)


def day_span(session: Session, where: EventFilter) -> tuple[dt.date, dt.date] | None:
    """First and last day of the matching day-dated events: two seeks along the date index, not a scan."""
    ends = []
    for order in (EventRow.date.asc(), EventRow.date.desc()):
        stmt = _matching(select(EventRow.date).where(EventRow.date_precision == "day"), session, where)
        ends.append(session.scalar(stmt.order_by(order).limit(1)))
    return None if ends[0] is None else (ends[0], ends[1])


def _grouped(session: Session, where: EventFilter, interval: str, counted_modalities: tuple[str, ...]) -> list:
    """(period, precision, type, events, intensity, conflict, cooperation) rows. Grouped per stored day first,
    which reads ix_events_timeline in its order with no sort (revision 0011), then per period: a GROUP BY on the
    period expression straight away would sort every matching event."""
    counted = EventRow.modality.in_(counted_modalities)
    conflict = func.sum(case((and_(counted, EventRow.intensity < 0), -EventRow.intensity), else_=0.0))
    cooperation = func.sum(case((and_(counted, EventRow.intensity > 0), EventRow.intensity), else_=0.0))
    keys = (EventRow.date, EventRow.date_precision, EventRow.plover_type)
    days = select(*keys, func.count(EventRow.id).label("events"), func.sum(EventRow.intensity).label("intensity"),
                  conflict.label("conflict"), cooperation.label("cooperation"))
    days = _matching(days, session, where).group_by(*keys).subquery()
    period = _period(session, interval, days.c.date).label("period")
    outer = (period, days.c.date_precision, days.c.plover_type)
    stmt = (select(*outer, func.sum(days.c.events), func.sum(days.c.intensity), func.sum(days.c.conflict),
                   func.sum(days.c.cooperation)).group_by(*outer).order_by(period, days.c.plover_type))
    return [(day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)), *rest)
            for day, *rest in session.execute(stmt)]


def _buckets(rows: list) -> list[Bucket]:
    """The original timeline: every precision together, per period and type."""
    totals: dict[tuple[dt.date, str], list[float]] = {}
    for period, _, kind, count, intensity, _, _ in rows:
        total = totals.setdefault((period, kind), [0, 0.0])
        total[0] += count
        total[1] += float(intensity or 0.0)
    return [Bucket(period, kind, int(count), round(intensity, 3))
            for (period, kind), (count, intensity) in sorted(totals.items())]


def _bars(rows: list, interval: str) -> list[Bar]:
    bars: dict[dt.date, Bar] = {}
    for period, precision, kind, count, _, conflict, cooperation in rows:
        if precision != "day":
            continue
        bar = bars.setdefault(period, Bar(period, period_label(period, interval)))
        bar.events += count
        bar.by_type[kind] = bar.by_type.get(kind, 0) + count
        bar.conflict += float(conflict or 0.0)
        bar.cooperation += float(cooperation or 0.0)
    for bar in bars.values():
        bar.conflict, bar.cooperation = round(bar.conflict, 3), round(bar.cooperation, 3)
    return _filled(bars, interval)


def _filled(bars: dict[dt.date, Bar], interval: str) -> list[Bar]:
    """Every period from the first bar to the last, empty ones as zero bars (so no chart joins across gaps)."""
    if not bars:
        return []
    periods, last = [min(bars)], max(bars)
    while periods[-1] < last and len(periods) <= MAX_FILLED:
        periods.append(next_period(periods[-1], interval))
    if len(periods) > MAX_FILLED:
        return [bars[p] for p in sorted(bars)]
    return [bars.get(p) or Bar(p, period_label(p, interval)) for p in periods]


def coarse_events(session: Session, where: EventFilter, limit: int = COARSE_LISTED) -> list[CoarseEvent]:
    columns = (EventRow.id, EventRow.date, EventRow.date_precision, EventRow.plover_type, EventRow.source_actor,
               EventRow.target_actor)
    stmt = _matching(select(*columns).where(EventRow.date_precision != "day"), session, where)
    return [CoarseEvent(id, date_label(day, precision), precision, kind, source, target)
            for id, day, precision, kind, source, target in
            session.execute(stmt.order_by(EventRow.date, EventRow.id).limit(limit))]


def timeline_view(session: Session, where: EventFilter, interval: str,
                  counted_modalities: tuple[str, ...]) -> TimelineView:
    """``interval`` is day, week, month, year, or auto (chosen from the day-dated events' span)."""
    if interval == "auto":
        span = day_span(session, where)
        interval = choose_interval(*span) if span else "month"
    rows = _grouped(session, where, interval, counted_modalities)
    coarse: dict[str, int] = {}
    for _, precision, _, count, *_ in rows:
        if precision != "day":
            coarse[precision] = coarse.get(precision, 0) + count
    listed = coarse_events(session, where) if coarse else []
    return TimelineView(interval, _buckets(rows), _bars(rows, interval), coarse, listed)
