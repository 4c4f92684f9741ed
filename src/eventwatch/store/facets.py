"""Facet counts for the dashboard's filters: how many events of the current filter fall in each PLOVER type and
each modality. Each facet ignores its own filter, so with type=ASSAULT chosen the type facet still shows what
choosing THREATEN instead would give (the usual faceted-search convention)."""

from __future__ import annotations

import dataclasses

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eventwatch.store.event_query import EventFilter
from eventwatch.store.schema import EventRow, PlaceRow

# facet name → (the EventFilter field it narrows, the column it counts)
FACETS = {"type": ("plover_type", EventRow.plover_type), "modality": ("modality", EventRow.modality)}


def facet_counts(session: Session, where: EventFilter, facet: str) -> list[tuple[str, int]]:
    """(value, events) for every value of ``facet`` among the events matching ``where`` without its own filter,
    most events first."""
    field, column = FACETS[facet]
    others = dataclasses.replace(where, **{field: None})
    count = func.count(EventRow.id)
    stmt = select(column, count)
    if others.needs_place:
        stmt = stmt.join(PlaceRow, PlaceRow.id == EventRow.place_id)
    stmt = others.apply(stmt, session).group_by(column).order_by(count.desc(), column)
    return [(value, int(n)) for value, n in session.execute(stmt) if value is not None]
