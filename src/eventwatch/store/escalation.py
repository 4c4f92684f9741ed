"""What the escalation index reads: the compact events of an actor or pair, yearly counts, first evidence.

Only the columns the arithmetic needs are fetched (no mention join): five years of a busy actor are tens of
thousands of events, and evidence is only wanted for the few events that drive a spike (``first_evidence``).
Actor prefixes are expanded to the known codes (as ``EventFilter`` does), so each side is an index seek on
``(source_actor, date)`` / ``(target_actor, date)`` with the date range.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from eventwatch.store.aggregates import _period
from eventwatch.store.event_query import _prefix
from eventwatch.store.schema import EventRow, MentionRow


class EventPoint(NamedTuple):
    """One merged event as the escalation index sees it (no evidence). A named tuple rather than a frozen
    dataclass: a busy actor's five years are ~50,000 of them, built straight from result rows."""

    id: int
    date: dt.date
    precision: str
    source: str | None
    target: str | None
    plover_type: str
    mode: str | None
    cameo_root: str
    intensity: float
    modality: str
    aggregate: bool = False


@dataclass(frozen=True)
class YearCount:
    """How many counted events of one PLOVER type and mode a scope had in one calendar year."""

    year: int
    plover_type: str
    mode: str | None
    events: int


@dataclass(frozen=True)
class EscalationData:
    points: list[EventPoint]  # every event of the scope dated first..last, any modality and precision
    year_counts: list[YearCount]  # single asserted/threatened events of the scope, whole store
    covered_since: dt.date | None  # the store's first event date (any actor): when collection began
    latest: dt.date | None  # the scope's latest event date


def scope_conditions(session: Session, actor: str, target: str | None, directed: bool) -> list:
    """One condition per direction: a single actor, the events it initiates; a pair, actor → target and, unless
    directed, target → actor. Each direction is queried on its own: SQLite plans an OR of the two as a scan
    of the events table (6 s for a pair over 1 M events), each alone as an index seek (0.2 s)."""
    source_is_actor = _prefix(session, EventRow.source_actor, actor)
    if target is None:
        return [source_is_actor]
    one_way = and_(source_is_actor, _prefix(session, EventRow.target_actor, target))
    if directed:
        return [one_way]
    return [one_way, and_(_prefix(session, EventRow.source_actor, target),
                          _prefix(session, EventRow.target_actor, actor))]


def escalation_data(session: Session, actor: str, target: str | None, directed: bool, first: dt.date,
                    last: dt.date, counted_modalities: tuple[str, ...]) -> EscalationData:
    """An empty period (first after last) fetches only ``covered_since`` and ``latest``. Yearly counts run to
    the end of ``last``'s year (records are judged on whole years; later years do not matter)."""
    directions = scope_conditions(session, actor, target, directed)
    covered_since = session.scalar(select(func.min(EventRow.date)))
    latests = [session.scalar(select(func.max(EventRow.date)).where(where)) for where in directions]
    latest = max((d for d in latests if d is not None), default=None)
    if first > last:
        return EscalationData([], [], covered_since, latest)
    through = dt.date(last.year, 12, 31)
    if target is None:
        # One actor: its index range holds only its events, so the database counts the years cheaply.
        where = directions[0]
        year = _period(session, "year").label("year")
        counts = (select(year, EventRow.plover_type, EventRow.mode, func.count(EventRow.id))
                  .where(where, EventRow.date <= through, EventRow.modality.in_(counted_modalities),
                         EventRow.aggregate.is_(False))
                  .group_by(year, EventRow.plover_type, EventRow.mode))
        year_counts = [YearCount(_year(y), kind, mode, int(count)) for y, kind, mode, count in session.execute(counts)]
        return EscalationData(_points(session, where, first, last), year_counts, covered_since, latest)
    # A pair: each direction's index range holds all the source's events, the target tested row by row, so a
    # second pass for the yearly counts would cost as much again; one pass over the history (few rows match)
    # gives both. Keyed by id: an event matching both directions (PRK and PRKMIL) is kept once.
    history = {p.id: p for where in directions for p in _points(session, where, None, through)}
    years = Counter((p.date.year, p.plover_type, p.mode) for p in history.values()
                    if p.modality in counted_modalities and not p.aggregate)
    points = sorted((p for p in history.values() if first <= p.date <= last), key=lambda p: (p.date, p.id))
    return EscalationData(points, [YearCount(y, kind, mode, n) for (y, kind, mode), n in years.items()],
                          covered_since, latest)


def _points(session: Session, where, first: dt.date | None, last: dt.date) -> list[EventPoint]:
    stmt = (select(EventRow.id, EventRow.date, EventRow.date_precision, EventRow.source_actor, EventRow.target_actor,
                   EventRow.plover_type, EventRow.mode, EventRow.cameo_root, EventRow.intensity, EventRow.modality,
                   EventRow.aggregate)
            .where(where, EventRow.date <= last).order_by(EventRow.date, EventRow.id))
    if first is not None:
        stmt = stmt.where(EventRow.date >= first)
    return [EventPoint._make(row) for row in session.execute(stmt)]


def first_evidence(session: Session, event_ids: list[int]) -> dict[int, tuple[str, str | None, str]]:
    """Each event's first report (lowest mention id): event id → (sentence, url, article id)."""
    if not event_ids:
        return {}
    first = (select(func.min(MentionRow.id)).where(MentionRow.event_id.in_(event_ids))
             .group_by(MentionRow.event_id))
    stmt = select(MentionRow.event_id, MentionRow.sentence, MentionRow.url, MentionRow.article_id).where(
        MentionRow.id.in_(first))
    return {event_id: (sentence, url, article) for event_id, sentence, url, article in session.execute(stmt)}


def _year(value) -> int:
    # SQLite's date() gives text, PostgreSQL a date.
    return value.year if isinstance(value, dt.date) else int(str(value)[:4])
