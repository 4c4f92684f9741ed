"""Facet counts for the dashboard's filters: how many events of the current filter fall in each PLOVER type and
each modality. Each facet ignores its own filter, so with type=ASSAULT chosen the type facet still shows what
choosing THREATEN instead would give (the usual faceted-search convention)."""

from __future__ import annotations

import dataclasses
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eventwatch.store.event_query import EventFilter
from eventwatch.store.schema import EventRow, PlaceRow

FACETS = ("type", "modality")


def facet_counts(session: Session, where: EventFilter) -> dict[str, list[tuple[str, int]]]:
    """{facet: [(value, events)]}, most events first. One pass: the events are counted per (type, modality) under
    every filter but those two, and each facet then applies the other's choice (on 1 M events one pass over the
    covering index instead of two)."""
    others = dataclasses.replace(where, plover_type=None, modality=None)
    count = func.count(EventRow.id)
    stmt = select(EventRow.plover_type, EventRow.modality, count)
    if others.needs_place:
        stmt = stmt.join(PlaceRow, PlaceRow.id == EventRow.place_id)
    stmt = others.apply(stmt, session).group_by(EventRow.plover_type, EventRow.modality)
    by_type: Counter[str] = Counter()
    by_modality: Counter[str] = Counter()
    for kind, modality, n in session.execute(stmt):
        if where.modality in (None, modality):
            by_type[kind] += n
        if where.plover_type in (None, kind):
            by_modality[modality] += n
    return {"type": _ranked(by_type), "modality": _ranked(by_modality)}


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(((value, int(n)) for value, n in counts.items() if value is not None and n),
                  key=lambda item: (-item[1], item[0]))
