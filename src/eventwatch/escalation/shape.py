"""The escalation index's one JSON form: the API's ``GET /api/escalation`` answers with it and the CLI's
``--format json`` prints it.

Pydantic models (for the API's schema and validation) with no FastAPI, so the CLI prints them without loading
the web stack.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from eventwatch.escalation.index import QUADS, SIDES, Baseline, EscalationIndex, Spike


class BaselineOut(BaseModel):
    median: float = Field(description="median of the trailing window's daily totals")
    scale: float = Field(description="spread used for z, in standard deviations: max(MAD/0.6745, floor)")
    z: float = Field(description="robust z-score of the day's total")
    spike_level: float = Field(description="the least total that would have been a spike (threshold, minimum)")


class DayOut(BaseModel):
    date: dt.date
    events: int
    conflict: float = Field(description="summed |intensity| of the day's negative events")
    cooperation: float = Field(description="summed intensity of the day's positive events")
    net: float
    by_type: dict[str, float] = Field(description="summed signed intensity per PLOVER type")
    by_quad: dict[str, int] = Field(description="events per CAMEO quad class")
    conflict_baseline: BaselineOut | None
    cooperation_baseline: BaselineOut | None


class DriverOut(BaseModel):
    id: int
    date: dt.date
    source: str | None
    target: str | None
    type: str
    mode: str | None
    modality: str
    intensity: float
    share: float = Field(description="of the day's total on the spike's side")
    evidence: str | None
    url: str | None
    article_id: str | None


class SpikeOut(BaseModel):
    date: dt.date
    side: str
    value: float
    baseline: BaselineOut
    drivers: list[DriverOut]
    more_drivers: int


class RecordOut(BaseModel):
    type: str
    mode: str | None
    year: int
    events: int
    previous_events: int
    previous_year: int
    partial: bool = Field(description="the year is not over: the count may still grow")
    description: str


class EscalationOut(BaseModel):
    actor: str
    target: str | None
    directed: bool
    scope: str
    since: dt.date
    until: dt.date
    window: int
    threshold: float
    min_intensity: float
    days: list[DayOut]
    spikes: list[SpikeOut]
    records: list[RecordOut]
    undated_to_day: dict[str, int] = Field(description="events in the period dated only to a week/month/year")
    not_counted: dict[str, int] = Field(description="events in the period left out for their modality")


def _baseline(line: Baseline | None) -> BaselineOut | None:
    return None if line is None else BaselineOut(median=line.median, scale=line.scale, z=line.z,
                                                 spike_level=line.spike_level)


def _spike(spike: Spike) -> SpikeOut:
    drivers = [DriverOut(id=d.event.id, date=d.event.date, source=d.event.source, target=d.event.target,
                         type=d.event.plover_type, mode=d.event.mode, modality=d.event.modality,
                         intensity=d.event.intensity, share=d.share, evidence=d.sentence, url=d.url,
                         article_id=d.article_id) for d in spike.drivers]
    return SpikeOut(date=spike.date, side=spike.side, value=spike.value,
                    baseline=_baseline(spike.baseline), drivers=drivers, more_drivers=spike.more_drivers)


def index_out(index: EscalationIndex) -> EscalationOut:
    conflict, cooperation = (index.baselines[side] for side in SIDES)
    days = [DayOut(date=d.date, events=d.events, conflict=d.conflict, cooperation=d.cooperation, net=d.net,
                   by_type=d.by_type, by_quad={QUADS[q]: n for q, n in sorted(d.by_quad.items())},
                   conflict_baseline=_baseline(c), cooperation_baseline=_baseline(p))
            for d, c, p in zip(index.days, conflict, cooperation, strict=True)]
    records = [RecordOut(type=r.plover_type, mode=r.mode, year=r.year, events=r.events,
                         previous_events=r.previous_events, previous_year=r.previous_year, partial=r.partial,
                         description=r.describe()) for r in index.records]
    scope = index.scope
    return EscalationOut(actor=scope.actor, target=scope.target, directed=scope.directed, scope=scope.describe(),
                         since=index.since, until=index.until, window=index.window, threshold=index.threshold,
                         min_intensity=index.min_intensity, days=days, spikes=[_spike(s) for s in index.spikes],
                         records=records, undated_to_day=index.undated_to_day, not_counted=index.not_counted)
