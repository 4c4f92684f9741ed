"""Filtering and sorting events: one description of a query, shared by the CLI, the API and the exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, and_, false, or_, select
from sqlalchemy.orm import Session

from eventwatch.store import search
from eventwatch.store.schema import ActorRow, EventRow, PlaceRow

# Sort keys a caller may ask for; each is a column and a tie-breaker, so pages never overlap.
SORTS = {
    "date": (EventRow.date.asc(), EventRow.id.asc()),
    "-date": (EventRow.date.desc(), EventRow.id.desc()),
    "intensity": (EventRow.intensity.asc(), EventRow.id.asc()),
    "-intensity": (EventRow.intensity.desc(), EventRow.id.desc()),
    "mentions": (EventRow.num_mentions.asc(), EventRow.id.asc()),
    "-mentions": (EventRow.num_mentions.desc(), EventRow.id.desc()),
}


MAX_EXPANDED_CODES = 300


def _range(column, prefix: str):
    """Codes starting with prefix as a range ('PRK' <= code < 'PRL'): LIKE 'PRK%' cannot use an index on
    SQLite, whose LIKE ignores case."""
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column >= prefix, column < upper)


def _prefix(session: Session, column, prefix: str):
    """The known codes with this prefix ('PRK' → PRK, PRKGOV, PRKMIL, …), so that an index on (code, date)
    is entered once per code and the date range is a seek too; a range when there are too many."""
    if not prefix:
        return column.is_not(None)
    codes = session.scalars(select(ActorRow.code).where(_range(ActorRow.code, prefix))
                            .limit(MAX_EXPANDED_CODES + 1)).all()
    if len(codes) > MAX_EXPANDED_CODES:
        return _range(column, prefix)
    return column.in_(codes) if codes else false()


PLACE_LEVELS = ("any", "country", "finer")


def _place_level(level: str):
    """An IN over the places rather than a join to them: no join is added to the query for it."""
    if level not in PLACE_LEVELS:
        raise ValueError(f"place_level must be one of {', '.join(PLACE_LEVELS)}")
    if level == "any":
        return EventRow.place_id.is_not(None)
    places = select(PlaceRow.id).where(PlaceRow.precision == "country" if level == "country"
                                       else PlaceRow.precision != "country")
    return EventRow.place_id.in_(places)


@dataclass(frozen=True)
class EventFilter:
    """Every given filter must hold. ``actor`` matches source or target, ``source``/``target`` one side; all
    three are code prefixes ('PRK' matches 'PRKMIL'). ``since``/``until`` are inclusive and compare the stored
    date (the first day of a week/month/year). ``place`` is a place-name substring or, as three letters, the
    place's country; ``country`` is the place's country code alone (RUS, never "Brussels"); ``bbox`` is (west,
    south, east, north) in degrees; ``q`` searches the evidence text.
    ``place_level`` keeps events with a place ("any"), placed only at a country ("country"), or placed more
    precisely than a country ("finer") — the map draws the last as points and the others as country shapes."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    plover_type: str | None = None
    mode: str | None = None
    modality: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    place: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    q: str | None = None
    aggregate: bool | None = None
    place_level: str | None = None
    country: str | None = None

    def apply(self, stmt: Select, session: Session) -> Select:
        if self.actor:
            stmt = stmt.where(or_(_prefix(session, EventRow.source_actor, self.actor),
                                  _prefix(session, EventRow.target_actor, self.actor)))
        if self.source:
            stmt = stmt.where(_prefix(session, EventRow.source_actor, self.source))
        if self.target:
            stmt = stmt.where(_prefix(session, EventRow.target_actor, self.target))
        for column, value in ((EventRow.plover_type, self.plover_type), (EventRow.mode, self.mode),
                              (EventRow.modality, self.modality), (EventRow.aggregate, self.aggregate)):
            if value is not None:
                stmt = stmt.where(column == value)
        if self.since is not None:
            stmt = stmt.where(EventRow.date >= self.since)
        if self.until is not None:
            stmt = stmt.where(EventRow.date <= self.until)
        if self.place:
            by_name = PlaceRow.name.icontains(self.place, autoescape=True)
            stmt = stmt.where(or_(by_name, PlaceRow.country == self.place.upper()) if len(self.place) == 3
                              else by_name)
        if self.country:
            stmt = stmt.where(PlaceRow.country == self.country.upper())
        if self.bbox is not None:
            west, south, east, north = self.bbox
            stmt = stmt.where(PlaceRow.lat.between(south, north))
            # A box across the antimeridian has west > east.
            stmt = stmt.where(PlaceRow.lon.between(west, east) if west <= east
                              else or_(PlaceRow.lon >= west, PlaceRow.lon <= east))
        if self.place_level is not None:
            stmt = stmt.where(_place_level(self.place_level))
        if self.q:
            matching = search.matching_events(session, self.q)
            if matching is not None:
                stmt = stmt.where(EventRow.id.in_(matching))
        return stmt

    @property
    def needs_place(self) -> bool:
        return bool(self.place) or bool(self.country) or self.bbox is not None
