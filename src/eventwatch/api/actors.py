"""``GET /api/actors/{code}``: the dashboard's actor page: the code's proper name, what it did and what was done to
it per month (split into the escalation index's conflict and cooperation sides), and its main counterparts;
``GET /api/actors/{code}/escalation/{other}``: a short escalation summary of one pair, asked per counterpart
(a pair's index reads the pair's whole history, so the page asks for the few it shows, not the API for all)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field

from eventwatch.actor_codes import country_of
from eventwatch.actor_names import actor_names
from eventwatch.actor_titles import actor_title
from eventwatch.escalation.index import COUNTED_MODALITIES, escalation_index, side_of
from eventwatch.store import Store
from eventwatch.store.actor_activity import ActorActivity, PeriodCount

router = APIRouter()
CodePath = Annotated[str, Path(min_length=3, max_length=20, pattern=r"^[A-Za-z]{3,20}$")]
MAX_COUNTERPARTS = 10
MAX_INCLUDES = 8
MAX_PERIODS = 1200  # a century of months: more would be a store with nonsense dates, not a chart


def _store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(_store)]


class Counterpart(BaseModel):
    code: str
    name: str
    kind: str
    by_actor: int = Field(description="events the page's actor did to this counterpart")
    to_actor: int = Field(description="events this counterpart did to the page's actor")


class Sides(BaseModel):
    conflict: list[int]
    cooperation: list[int]
    other: list[int] = Field(description="neutral (intensity 0), or not an act: planned, negated, hypothetical")


class ActorPage(BaseModel):
    code: str
    name: str
    kind: str = Field(description="country, organisation, role (a country's government, military…) or unknown")
    country: str | None
    country_name: str | None
    role: str | None
    role_label: str | None
    includes: list[str] = Field(description="dictionary names coded with exactly this code (organs, people)")
    as_source: int
    as_target: int
    without_target: int = Field(description="events it did that name no target")
    interval: str
    periods: list[dt.date] = Field(description="first day of each period, first to last event, none skipped")
    did: Sides
    done_to: Sides
    counterparts: list[Counterpart]


class LastSpike(BaseModel):
    date: dt.date
    side: str
    value: float


class PairEscalation(BaseModel):
    actor: str
    other: str
    since: dt.date
    until: dt.date
    recent_days: int
    recent_conflict: float = Field(description="summed |intensity| of conflict in the last recent_days")
    recent_cooperation: float
    spikes: int
    conflict_spikes: int
    last_spike: LastSpike | None
    undated_to_day: int


@router.get("/actors/{code}", response_model=ActorPage, responses={404: {"description": "no such actor"}},
            summary="One actor: proper name, what it did and what was done to it over time, main counterparts")
def get_actor(store: StoreDep, code: CodePath,
              interval: Annotated[Literal["month", "year"], Query()] = "month") -> ActorPage:
    code = code.upper()
    title = actor_title(code)
    activity = store.actor_activity(code, interval)
    totals = Counter[str]()
    for pair in activity.pairs:
        totals[pair.direction] += pair.events
    if not totals and title.kind == "unknown":
        raise HTTPException(404, f"no actor {code}: no events and no dictionary entry")
    periods = _periods(activity.periods, interval)
    return ActorPage(code=code, name=title.name, kind=title.kind, country=title.country,
                     country_name=title.country_name, role=title.role, role_label=title.role_label,
                     includes=_includes(code), as_source=totals["did"], as_target=totals["done_to"],
                     without_target=sum(p.events for p in activity.pairs if p.direction == "did" and not p.other),
                     interval=interval, periods=periods, did=_sides(activity.periods, "did", periods),
                     done_to=_sides(activity.periods, "done_to", periods),
                     counterparts=counterparts(code, activity))


def _includes(code: str) -> list[str]:
    names = dict.fromkeys(a.name for a in actor_names() if a.code == code and a.kind != "country")
    return list(names)[:MAX_INCLUDES]


def counterpart_of(actor: str, other: str | None) -> str | None:
    """The counterpart an event's other side counts for: its country (USAMIL → USA), or the full code when it is
    of the actor's own country (PRKGOV's counterpart PRKMIL); None for no target or the actor itself."""
    if not other or other.startswith(actor):
        return None
    home = country_of(other)
    return other if home == country_of(actor) else home


def counterparts(actor: str, activity: ActorActivity) -> list[Counterpart]:
    by_actor: Counter[str] = Counter()
    to_actor: Counter[str] = Counter()
    for pair in activity.pairs:
        key = counterpart_of(actor, pair.other)
        if key:
            (by_actor if pair.direction == "did" else to_actor)[key] += pair.events
    ranked = sorted(set(by_actor) | set(to_actor), key=lambda k: (-(by_actor[k] + to_actor[k]), k))
    found = []
    for key in ranked[:MAX_COUNTERPARTS]:
        title = actor_title(key)
        found.append(Counterpart(code=key, name=title.name, kind=title.kind, by_actor=by_actor[key],
                                 to_actor=to_actor[key]))
    return found


def _periods(counts: list[PeriodCount], interval: str) -> list[dt.date]:
    if not counts:
        return []
    first, last = min(c.period for c in counts), max(c.period for c in counts)
    step = 1 if interval == "month" else 12
    periods = []
    month = first.year * 12 + first.month - 1
    while month <= last.year * 12 + last.month - 1 and len(periods) < MAX_PERIODS:
        periods.append(dt.date(month // 12, month % 12 + 1, 1))
        month += step
    return periods


def _sides(counts: list[PeriodCount], direction: str, periods: list[dt.date]) -> Sides:
    """The escalation index's sides: an act (asserted or threatened) with negative intensity is conflict,
    positive cooperation; the rest is other."""
    at = {period: i for i, period in enumerate(periods)}
    series = {"conflict": [0] * len(periods), "cooperation": [0] * len(periods), "other": [0] * len(periods)}
    for count in counts:
        if count.direction != direction or count.period not in at:
            continue
        side = side_of(count.sign) if count.modality in COUNTED_MODALITIES else None
        series[side or "other"][at[count.period]] += count.events
    return Sides(**series)


@router.get("/actors/{code}/escalation/{other}", response_model=PairEscalation,
            summary="The escalation index of a pair (both directions) in a few numbers, for the actor page")
def get_pair_escalation(store: StoreDep, code: CodePath, other: CodePath) -> PairEscalation:
    index = escalation_index(store, code, other)
    recent = index.days[-index.window:]
    last = index.spikes[-1] if index.spikes else None
    return PairEscalation(
        actor=code.upper(), other=other.upper(), since=index.since, until=index.until, recent_days=len(recent),
        recent_conflict=round(sum(d.conflict for d in recent), 3),
        recent_cooperation=round(sum(d.cooperation for d in recent), 3), spikes=len(index.spikes),
        conflict_spikes=sum(1 for s in index.spikes if s.side == "conflict"),
        last_spike=LastSpike(date=last.date, side=last.side, value=last.value) if last else None,
        undated_to_day=sum(index.undated_to_day.values()))
