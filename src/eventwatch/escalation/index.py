"""The escalation index: a daily series of conflict and cooperation between actors, its baseline, and spikes.

Pure functions over plain records (``EventPoint``): the store fetches the points (``store/escalation.py``),
this module does the arithmetic, so it runs unchanged in the CLI, the API or a notebook.

Choices, and why:

* **Scope.** Actors are code prefixes, as everywhere in the store (PRK matches PRK, PRKMIL, PRKGOV…). A pair
  means the dyad in both directions (PRK→USA and USA→PRK) unless ``directed``; a single actor means the events
  it *initiates* (it is the source), whoever the target — being attacked is not escalating.
* **What counts.** Each merged event counts once, whatever its number of reports (it is already deduplicated
  across reports; weighting by mentions would measure coverage, not conflict). Modalities ``asserted`` (it
  happened) and ``threatened`` (a threat, which is itself an act of escalation) count; ``planned``,
  ``negated`` and ``hypothetical`` do not: a meeting agreed for next month, a denied launch or "would respond"
  describe no act on that day. Aggregates ("70 missiles in 2022") count once, like any report.
* **Days.** Only events dated to the day go into the daily series; week/month/year-precision events cannot be
  placed on a day and are counted separately (``undated_to_day``). Days with nothing are zeros.
* **Intensity** is the event's PLOVER score (−10…+10, the Goldstein-style scale): conflict is the summed
  |intensity| of negative events, cooperation the summed intensity of positive ones; neutral events (0) are
  counted but weigh nothing. Per day there is also a breakdown by PLOVER type (signed intensity) and by CAMEO
  quad class of the event's root (01–05 verbal cooperation, 06–08 material cooperation, 09–13 verbal
  conflict, 14–20 material conflict; event counts).
* **Baseline.** Each side (conflict, cooperation) of each day is compared with the ``window`` days before it
  (default 30, excluding the day): median and MAD, robust z = 0.6745·(x − median)/MAD. Days of the window
  before the store's first event are not history (nothing was being collected), so a day needs at least half
  a window of covered history to get a z at all.
* **Scale floor.** Event series are sparse: when most days are empty the MAD is 0 and any event would be an
  infinite z. The scale used is therefore the larger of MAD/0.6745 and a compound-Poisson floor,
  sqrt((λ + 2)·E[I²]), where λ is the window's mean number of events per day on that side and E[I²] the mean
  squared intensity of those events (25, i.e. one event of intensity 5, when the window has none). sqrt(λ·E[I²])
  is the standard deviation of a day's total if events arrived at random at that rate; the + 2 widens it for
  the Poisson's long upper tail at low rates, which a normal 3.5σ understates. Measured on seeded random
  histories (``benchmarks/calibrate_escalation.py``): with a floor of λ = 1 and no allowance, 3 of 30
  series at 0.5 events a day and 11 of 30 at 1 a day showed a false spike; with + 2, none of 180 series at
  0.5–8 events a day, while a burst of three strikes is still found in 29 of 30 series at 0.5–1 a day
  (four events: 30 of 30 up to 2 a day). In a quiet series a single ordinary event scores z < 1.
* **Spikes** are days with z ≥ ``threshold`` (default 3.5) and a total ≥ ``min_intensity`` (default 10: at
  least two ordinary events' worth). Each carries the events that drove it: that day's events on that side,
  largest |intensity| first, with their share of the day's total.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from eventwatch.escalation.defaults import DEFAULT_MIN_INTENSITY, DEFAULT_THRESHOLD, DEFAULT_WINDOW
from eventwatch.escalation.yearly_records import Record, find_records

if TYPE_CHECKING:  # annotations only: the index itself needs no SQLAlchemy
    from eventwatch.store import Store
    from eventwatch.store.escalation import EventPoint, YearCount

Side = Literal["conflict", "cooperation"]
SIDES: tuple[Side, ...] = ("conflict", "cooperation")
COUNTED_MODALITIES = frozenset({"asserted", "threatened"})
TYPICAL_EVENT_INTENSITY = 5.0  # the scale floor's event size when the window holds no event of that side
MAD_TO_SD = 0.6745  # MAD of a normal distribution, in standard deviations
POISSON_TAIL_ALLOWANCE = 2.0  # added to the daily event rate in the scale floor (see the notes above)
MAX_DRIVERS = 10
QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


@dataclass(frozen=True)
class Scope:
    actor: str
    target: str | None = None
    directed: bool = False

    def describe(self) -> str:
        if self.target is None:
            return f"{self.actor} as source (events it initiates, any target)"
        if self.directed:
            return f"{self.actor} → {self.target} (one direction)"
        return f"{self.actor} ↔ {self.target} (both directions)"


def quad_class(cameo_root: str) -> int:
    """GDELT's QuadClass of a CAMEO root: 01–05 → 1, 06–08 → 2, 09–13 → 3, 14–20 → 4."""
    root = int(cameo_root)
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def side_of(intensity: float) -> Side | None:
    return "conflict" if intensity < 0 else "cooperation" if intensity > 0 else None


@dataclass
class Day:
    date: dt.date
    events: int = 0
    conflict: float = 0.0
    cooperation: float = 0.0
    by_type: dict[str, float] = field(default_factory=dict)  # summed signed intensity per PLOVER type
    by_quad: dict[int, int] = field(default_factory=dict)  # event count per CAMEO quad class
    # The day's counted events by side (neutral ones are in neither), kept for baselines and explanations.
    sides: dict[str, list[EventPoint]] = field(default_factory=lambda: {"conflict": [], "cooperation": []},
                                                repr=False)

    @property
    def net(self) -> float:
        return round(self.cooperation - self.conflict, 3)

    def total(self, side: Side) -> float:
        return self.conflict if side == "conflict" else self.cooperation

    def on_side(self, side: Side) -> list[EventPoint]:
        return self.sides[side]


@dataclass(frozen=True)
class Baseline:
    """What a day of one side is compared with: the trailing window's median, the scale, and the z."""

    median: float
    scale: float  # in standard-deviation units: max(MAD/0.6745, compound-Poisson floor)
    z: float
    spike_level: float  # the least total that would have been a spike (threshold and minimum)


@dataclass(frozen=True)
class Driver:
    event: EventPoint
    share: float  # of the day's total on the spike's side
    sentence: str | None = None  # evidence, filled in by the caller that can read the store
    url: str | None = None
    article_id: str | None = None


@dataclass(frozen=True)
class Spike:
    date: dt.date
    side: Side
    value: float
    baseline: Baseline
    drivers: tuple[Driver, ...]
    more_drivers: int  # events of that day and side beyond the listed drivers


@dataclass
class EscalationIndex:
    scope: Scope
    since: dt.date
    until: dt.date
    window: int
    threshold: float
    min_intensity: float
    days: list[Day]
    baselines: dict[Side, list[Baseline | None]]
    spikes: list[Spike]
    records: list[Record]
    undated_to_day: dict[str, int]  # events in the period dated only to the week/month/year, by precision
    not_counted: dict[str, int]  # events in the period left out for their modality, by modality
    scope_latest: dt.date | None = None  # the scope's latest event in the whole store (None: it has none)

    @property
    def empty(self) -> bool:
        """No event of the scope in the period at all: not in the days, not dated coarser, not left out."""
        return not (any(d.events for d in self.days) or self.undated_to_day or self.not_counted)


def daily_series(points: list[EventPoint], first: dt.date, last: dt.date) -> list[Day]:
    """Zero-filled days first..last of the counted events dated to the day (``left_out`` counts the rest)."""
    days = [Day(first + dt.timedelta(days=i)) for i in range((last - first).days + 1)]
    for point in points:
        if not first <= point.date <= last or point.modality not in COUNTED_MODALITIES or point.precision != "day":
            continue
        day = days[(point.date - first).days]
        day.events += 1
        side = side_of(point.intensity)
        if side is not None:
            day.sides[side].append(point)
        if side == "conflict":
            day.conflict += -point.intensity
        elif side == "cooperation":
            day.cooperation += point.intensity
        day.by_type[point.plover_type] = day.by_type.get(point.plover_type, 0.0) + point.intensity
        quad = quad_class(point.cameo_root)
        day.by_quad[quad] = day.by_quad.get(quad, 0) + 1
    for day in days:
        day.conflict, day.cooperation = round(day.conflict, 3), round(day.cooperation, 3)
        day.by_type = {k: round(v, 3) for k, v in sorted(day.by_type.items())}
    return days


def left_out(points: list[EventPoint], first: dt.date, last: dt.date) -> tuple[dict[str, int], dict[str, int]]:
    """Events dated first..last that are not in the days: (by precision, for counted modalities dated only
    to a week/month/year; by modality, for those not counted)."""
    coarse: Counter[str] = Counter()
    uncounted: Counter[str] = Counter()
    for point in points:
        if first <= point.date <= last:
            if point.modality not in COUNTED_MODALITIES:
                uncounted[point.modality] += 1
            elif point.precision != "day":
                coarse[point.precision] += 1
    return dict(coarse), dict(uncounted)


def baselines(days: list[Day], side: Side, window: int, covered_from: int = 0, threshold: float = DEFAULT_THRESHOLD,
              min_intensity: float = 0.0) -> list[Baseline | None]:
    """Per day, the baseline of the ``window`` days before it (see the module's notes); None when fewer than
    half a window of them are covered (at or after index ``covered_from``). Full windows are computed
    together (numpy): five years of days cost milliseconds rather than a Python loop of medians."""
    # numpy is imported here, when a series is computed, not by whoever imports the index's types.
    import numpy as np
    from numpy.lib.stride_tricks import sliding_window_view

    totals = np.array([d.total(side) for d in days], dtype=float)
    on_side = [d.on_side(side) for d in days]
    # Cumulative sums give each window's event count and summed squared intensity by subtraction.
    events = np.concatenate(([0.0], np.cumsum([len(p) for p in on_side])))
    squares = np.concatenate(([0.0], np.cumsum([sum(e.intensity ** 2 for e in p) for p in on_side])))
    starts = np.maximum(np.arange(len(days)) - window, covered_from)
    found: list[Baseline | None] = [None] * len(days)
    full = np.flatnonzero(np.arange(len(days)) - window >= covered_from)
    if full.size:
        history = sliding_window_view(totals, window)[full - window]
        medians = np.median(history, axis=1)
        mads = np.median(np.abs(history - medians[:, None]), axis=1)
        value, count, square = totals.tolist(), events.tolist(), squares.tolist()  # plain floats: faster per item
        for i, median, mad in zip(full.tolist(), medians.tolist(), mads.tolist(), strict=True):
            found[i] = _baseline(value[i], median, mad, window, count[i] - count[i - window],
                                 square[i] - square[i - window], threshold, min_intensity)
    for i in range(len(days)):  # the first days after collection began: shorter windows
        start = int(starts[i])
        if found[i] is not None or i - start < max(1, window // 2):
            continue
        history = totals[start:i]
        median = float(np.median(history))
        found[i] = _baseline(float(totals[i]), median, float(np.median(np.abs(history - median))), i - start,
                             float(events[i] - events[start]), float(squares[i] - squares[start]), threshold,
                             min_intensity)
    return found


def _baseline(value: float, median: float, mad: float, days: int, events: float, squares: float,
              threshold: float, min_intensity: float) -> Baseline:
    mean_square = squares / events if events else TYPICAL_EVENT_INTENSITY ** 2
    floor = math.sqrt((events / days + POISSON_TAIL_ALLOWANCE) * mean_square)
    scale = max(mad / MAD_TO_SD, floor)
    return Baseline(round(median, 3), round(scale, 3), round((value - median) / scale, 2),
                    round(max(median + threshold * scale, min_intensity), 3))


def detect_spikes(days: list[Day], side: Side, lines: list[Baseline | None], threshold: float = DEFAULT_THRESHOLD,
                  min_intensity: float = DEFAULT_MIN_INTENSITY, max_drivers: int = MAX_DRIVERS) -> list[Spike]:
    spikes = []
    for day, line in zip(days, lines, strict=True):
        value = day.total(side)
        if line is None or line.z < threshold or value < min_intensity:
            continue
        drivers = sorted(day.on_side(side), key=lambda p: (-abs(p.intensity), p.id))
        spikes.append(Spike(day.date, side, value, line,
                            tuple(Driver(p, round(abs(p.intensity) / value, 3)) for p in drivers[:max_drivers]),
                            max(0, len(drivers) - max_drivers)))
    return spikes


def build_index(points: list[EventPoint], year_counts: list[YearCount], scope: Scope, since: dt.date,
                until: dt.date, covered_since: dt.date | None, today: dt.date, window: int = DEFAULT_WINDOW,
                threshold: float = DEFAULT_THRESHOLD, min_intensity: float = DEFAULT_MIN_INTENSITY) -> EscalationIndex:
    """The index for since..until. ``points`` must include the ``window`` days before ``since`` (the first
    days' baselines); ``covered_since`` is the store's first event date (None: empty store); ``year_counts``
    covers the whole store (records are judged against every earlier year)."""
    if until < since:
        raise ValueError("until must not be before since")
    if window < 2:
        raise ValueError("window must be at least 2 days")
    lead_in = since - dt.timedelta(days=window)
    days = daily_series(points, lead_in, until)
    covered_from = 0 if covered_since is None else max(0, (covered_since - lead_in).days)
    lines = {side: baselines(days, side, window, covered_from, threshold, min_intensity)[window:] for side in SIDES}
    shown = days[window:]
    spikes = [s for side in SIDES for s in detect_spikes(shown, side, lines[side], threshold, min_intensity)]
    spikes.sort(key=lambda s: (s.date, s.side))
    coarse, uncounted = left_out(points, since, until)  # for the period shown, not the lead-in
    records = find_records(year_counts, since.year, until.year, today)
    return EscalationIndex(scope, since, until, window, threshold, min_intensity, shown, lines, spikes, records,
                           coarse, uncounted)


def with_evidence(spike: Spike, evidence: dict[int, tuple[str | None, str | None, str | None]]) -> Spike:
    """The spike with each driver's (sentence, url, article_id) from ``evidence``, keyed by event id."""
    drivers = tuple(replace(d, sentence=evidence[d.event.id][0], url=evidence[d.event.id][1],
                            article_id=evidence[d.event.id][2]) if d.event.id in evidence else d
                    for d in spike.drivers)
    return replace(spike, drivers=drivers)


def escalation_index(store: Store, actor: str, target: str | None = None, *, directed: bool = False,
                     since: dt.date | None = None, until: dt.date | None = None, window: int = DEFAULT_WINDOW,
                     threshold: float = DEFAULT_THRESHOLD, min_intensity: float = DEFAULT_MIN_INTENSITY,
                     today: dt.date | None = None, max_days: int | None = None) -> EscalationIndex:
    """The index from a store: ``until`` defaults to the scope's latest event (today when it has none),
    ``since`` to a year before ``until`` or the store's first event, whichever is later. Spike drivers get the
    evidence of their first report. Raises ValueError for a period out of order, or longer than ``max_days``."""
    today = today or dt.datetime.now(dt.UTC).date()
    actor, target = actor.upper(), target.upper() if target else None
    if directed and target is None:
        raise ValueError("directed needs a target: a single actor is always the source")
    if since is None or until is None:
        known = store.escalation_data(actor, target, directed, dt.date.max, dt.date.min, ())
        until = until or known.latest or today
        # A year back, but not into the time before the store collected anything: that would be a flat line.
        since = since or max(until - dt.timedelta(days=364), min(known.covered_since or until, until))
    if until < since:
        raise ValueError(f"until ({until}) must not be before since ({since})")
    if max_days is not None and (until - since).days >= max_days:
        raise ValueError(f"since..until spans more than {max_days} days")
    if since.toordinal() <= window:
        raise ValueError("since is too early for the baseline window")
    data = store.escalation_data(actor, target, directed, since - dt.timedelta(days=window), until,
                                 tuple(sorted(COUNTED_MODALITIES)))
    index = build_index(data.points, data.year_counts, Scope(actor, target, directed), since, until,
                        data.covered_since, today, window, threshold, min_intensity)
    evidence = store.first_evidence(sorted({d.event.id for s in index.spikes for d in s.drivers}))
    index.spikes = [with_evidence(s, evidence) for s in index.spikes]
    index.scope_latest = data.latest
    return index
