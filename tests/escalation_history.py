"""Generated actor-pair histories for the escalation index tests: a seeded background of ordinary events,
optionally with a burst on chosen days, as plain points or stored through the real Store."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
from dataclasses import dataclass

from eventwatch.model import Article, Event, Evidence, Sentence
from eventwatch.store import Store
from eventwatch.store.escalation import EventPoint

START = dt.date(2022, 1, 1)
# (type, mode, CAMEO root, intensity, modality): what an ordinary day between two tense states looks like.
ORDINARY = [
    ("THREATEN", "military-threat", "13", -3.5, "threatened"),
    ("ACCUSE", "disapprove", "11", -2.0, "asserted"),
    ("MOBILIZE", "weapons", "15", -6.5, "asserted"),
    ("REJECT", "meet", "12", -2.0, "asserted"),
    ("SANCTION", "discontinue", "16", -6.0, "asserted"),
    ("REQUEST", "meet", "10", 0.0, "asserted"),
    ("CONSULT", "phone", "04", 1.5, "asserted"),
    ("SUPPORT", None, "05", 5.0, "asserted"),
    ("AGREE", None, "03", 2.5, "planned"),  # planned: never counted
    ("MOBILIZE", "weapons", "15", -6.5, "negated"),  # a denied launch: never counted
]
CONFLICT_BURST = [
    ("ASSAULT", "aerial", "19", -9.5, "asserted"),
    ("ASSAULT", "heavy-weapons", "19", -9.5, "asserted"),
    ("ASSAULT", "drone", "19", -9.5, "asserted"),
    ("MOBILIZE", "missile-test", "15", -6.5, "asserted"),
    ("MOBILIZE", "troops", "15", -6.5, "asserted"),
    ("COERCE", "seize", "17", -7.0, "asserted"),
]
COOPERATION_BURST = [
    ("COOPERATE", "military-exercise", "06", 9.5, "asserted"),
    ("AID", None, "07", 10.0, "asserted"),
    ("RETREAT", "release", "08", 6.5, "asserted"),
    ("CONSULT", "visit", "04", 4.0, "asserted"),
    ("SUPPORT", None, "05", 5.0, "asserted"),
]
DIRECTIONS = [("PRKMIL", "USA"), ("PRKGOV", "USAGOV"), ("USAGOV", "PRKGOV"), ("USAMIL", "PRK")]


@dataclass(frozen=True)
class Generated:
    day: dt.date
    source: str
    target: str
    plover_type: str
    mode: str | None
    cameo_root: str
    intensity: float
    modality: str
    precision: str = "day"
    burst: bool = False

    @property
    def key(self) -> tuple:
        # What the store's merge key compares: such events would become one stored event.
        return (self.plover_type, self.mode, self.source[:3], self.target[:3], self.day, self.modality,
                self.precision)


def _poisson(rng: random.Random, rate: float) -> int:
    limit, n, p = math.exp(-rate), 0, rng.random()
    while p > limit:
        n += 1
        p *= rng.random()
    return n


def background(seed: int, days: int = 200, rate: float = 1.0, start: dt.date = START) -> list[Generated]:
    """A Poisson(rate) number of ordinary events a day, random direction; same-key events are dropped (the
    store would merge them) so what is generated is what is stored."""
    rng = random.Random(seed)
    found: dict[tuple, Generated] = {}
    for offset in range(days):
        for _ in range(_poisson(rng, rate)):
            kind, mode, root, intensity, modality = rng.choice(ORDINARY)
            source, target = rng.choice(DIRECTIONS)
            event = Generated(start + dt.timedelta(days=offset), source, target, kind, mode, root, intensity,
                              modality)
            found.setdefault(event.key, event)
    return list(found.values())


def burst(day: dt.date, kinds=CONFLICT_BURST, source: str = "PRKMIL", target: str = "USA") -> list[Generated]:
    return [Generated(day, source, target, kind, mode, root, intensity, modality, burst=True)
            for kind, mode, root, intensity, modality in kinds]


def points(events: list[Generated]) -> list[EventPoint]:
    """As the store would return them, ids in generation order."""
    return [EventPoint(i + 1, e.day, e.precision, e.source, e.target, e.plover_type, e.mode, e.cameo_root,
                       e.intensity, e.modality) for i, e in enumerate(events)]


def sentence_of(event: Generated) -> str:
    what = f"{event.plover_type.lower()} ({event.mode or 'no mode'})"
    return f"Officials said {event.source} took {what} action against {event.target} on {event.day}"


def store_events(store: Store, events: list[Generated]) -> None:
    """One wire article per day, each event with its own evidence sentence, saved through Store.save."""
    by_day: dict[dt.date, list[Generated]] = {}
    for event in events:
        by_day.setdefault(event.day, []).append(event)
    for day, todays in sorted(by_day.items()):
        lines = [sentence_of(e) for e in todays]
        text = f"SEOUL — Tensions on the peninsula, {day}. " + ". ".join(lines) + ". Source link"
        digest = hashlib.sha256(text.encode()).hexdigest()
        sentences, pos = [], 0
        for i, line in enumerate(lines):
            start = text.index(line, pos)
            sentences.append(Sentence(i, start, start + len(line), line, 0))
            pos = start + len(line)
        url = f"https://wire.example.org/{day}"
        article = Article(digest[:16], digest, text, url, f"Peninsula tensions {day}", day, "Example Wire",
                          f"generated:{day}", sentences=sentences)
        coded = [Event(e.source, e.target, e.plover_type, e.mode, e.cameo_root, e.intensity, e.modality,  # type: ignore[arg-type]
                       e.day, e.precision,  # type: ignore[arg-type]
                       Evidence(s.text, s.index, s.start, s.end, s.start, s.start + 9, url))
                 for e, s in zip(todays, sentences, strict=True)]
        store.save(article, coded, [])
