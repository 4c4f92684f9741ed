"""``GET /api/escalation``: the escalation index of an actor or a pair, in its JSON shape (escalation/shape.py)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from eventwatch.escalation.index import DEFAULT_MIN_INTENSITY, DEFAULT_THRESHOLD, DEFAULT_WINDOW, escalation_index
from eventwatch.escalation.shape import EscalationOut, index_out
from eventwatch.store import Store

router = APIRouter()
MAX_DAYS = 3660  # ten years of days in one response
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


def _store(request: Request) -> Store:
    return request.app.state.store


@router.get("/escalation", response_model=EscalationOut,
            summary="Daily conflict/cooperation series of an actor or pair, its baseline, spikes and records")
def get_escalation(
    store: Annotated[Store, Depends(_store)],
    actor: Annotated[str, Query(min_length=1, max_length=20, pattern=r"^[A-Za-z]{1,20}$",
                                description="code prefix; alone, the events it initiates")],
    target: Annotated[str | None, Query(max_length=20, pattern=r"^[A-Za-z]{1,20}$",
                                        description="the other side of the pair")] = None,
    since: Annotated[dt.date | None, Query(description="default: a year before until")] = None,
    until: Annotated[dt.date | None, Query(description="default: the scope's latest event")] = None,
    window: Annotated[int, Query(ge=2, le=365, description="baseline days before each day")] = DEFAULT_WINDOW,
    threshold: Annotated[float, Query(gt=0, le=100, description="robust z of a spike")] = DEFAULT_THRESHOLD,
    min_intensity: Annotated[float, Query(ge=0, le=10_000)] = DEFAULT_MIN_INTENSITY,
    directed: Annotated[bool, Query(description="only actor → target")] = False,
) -> EscalationOut:
    if directed and not target:
        raise HTTPException(422, "directed needs a target")
    if any(day is not None and not EARLIEST <= day <= LATEST for day in (since, until)):
        raise HTTPException(422, f"since and until must lie between {EARLIEST} and {LATEST}")
    try:
        index = escalation_index(store, actor, target, directed=directed, since=since, until=until,
                                 window=window, threshold=threshold, min_intensity=min_intensity,
                                 max_days=MAX_DAYS)
    except ValueError as exc:  # since after until (perhaps the default until), or too long a period
        raise HTTPException(422, str(exc)) from exc
    return index_out(index)
