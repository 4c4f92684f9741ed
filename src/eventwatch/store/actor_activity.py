"""What one actor did and what was done to it, counted by the database: per counterpart code, and per period by
the sign of the intensity and the modality (which the caller turns into the escalation index's sides).

The actor is a code prefix, as in every filter (PRK takes in PRKGOV, PRKMIL…). Each direction is its own query
on the expanded codes, an index seek on ``(source_actor, …)`` or ``(target_actor, …)``: an OR of the two
directions is planned by SQLite as a scan of the whole events table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from eventwatch.store.aggregates import _period
from eventwatch.store.event_query import _prefix
from eventwatch.store.schema import EventRow

Direction = Literal["did", "done_to"]


@dataclass(frozen=True)
class PairCount:
    direction: Direction  # did: the actor was the source; done_to: the target
    other: str | None  # the other side's code (None: an event without a target)
    events: int


@dataclass(frozen=True)
class PeriodCount:
    direction: Direction
    period: dt.date
    sign: int  # of the intensity: -1, 0 or 1
    modality: str
    events: int


@dataclass(frozen=True)
class ActorActivity:
    pairs: list[PairCount]
    periods: list[PeriodCount]


# Per direction: (the actor's column, the other side's column).
SIDES: dict[Direction, tuple] = {"did": (EventRow.source_actor, EventRow.target_actor),
                                 "done_to": (EventRow.target_actor, EventRow.source_actor)}


def actor_activity(session: Session, actor: str, interval: str = "month") -> ActorActivity:
    pairs: list[PairCount] = []
    periods: list[PeriodCount] = []
    period = _period(session, interval).label("period")
    sign = case((EventRow.intensity < 0, -1), (EventRow.intensity > 0, 1), else_=0).label("sign")
    for direction, (own, other) in SIDES.items():
        where = _prefix(session, own, actor)
        by_other = select(other, func.count()).where(where).group_by(other)
        pairs += [PairCount(direction, code, int(n)) for code, n in session.execute(by_other)]
        by_period = (select(period, sign, EventRow.modality, func.count()).where(where)
                     .group_by(period, sign, EventRow.modality))
        periods += [PeriodCount(direction, _day(day), int(s), modality, int(n))
                    for day, s, modality, n in session.execute(by_period)]
    return ActorActivity(pairs, periods)


def _day(value) -> dt.date:
    # SQLite's date() gives text, PostgreSQL a date.
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
