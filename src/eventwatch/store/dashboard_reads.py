"""The Store's reads of counts over many events, for the dashboard and the API: timelines, facets, map totals, an
actor's activity, and the store's generation (which tells a kept answer whether the store has changed since)."""

from __future__ import annotations

from contextlib import AbstractContextManager

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eventwatch.store import aggregates, periods
from eventwatch.store.actor_activity import ActorActivity, actor_activity
from eventwatch.store.event_query import EventFilter
from eventwatch.store.facets import facet_counts
from eventwatch.store.schema import EventRow, MentionRow


class DashboardReads:
    """Mixed into Store, whose ``_reading`` gives a read session."""

    def _reading(self) -> AbstractContextManager[Session]:  # pragma: no cover - Store's
        raise NotImplementedError

    def generation(self) -> tuple[int, int]:
        """(newest event id, newest report id): every save that adds or merges an event adds a report, so this
        changes with every change to the events; two seeks on primary keys."""
        with self._reading() as session:
            return (session.scalar(select(func.max(EventRow.id))) or 0,
                    session.scalar(select(func.max(MentionRow.id))) or 0)

    def timeline(self, where: EventFilter | None = None, interval: str = "month") -> list[aggregates.Bucket]:
        with self._reading() as session:
            return aggregates.timeline(session, where or EventFilter(), interval)

    def place_totals(self, where: EventFilter | None = None) -> list[aggregates.PlaceTotal]:
        with self._reading() as session:
            return aggregates.place_totals(session, where or EventFilter())

    def timeline_view(self, where: EventFilter, interval: str, counted_modalities: tuple[str, ...]
                      ) -> periods.TimelineView:
        """The dashboard's timeline: bars of day-dated events, coarse-dated ones apart (see store/periods.py)."""
        with self._reading() as session:
            return periods.timeline_view(session, where, interval, counted_modalities)

    def facets(self, where: EventFilter | None = None) -> dict[str, list[tuple[str, int]]]:
        """Events per PLOVER type and per modality for the filters (each facet without its own filter)."""
        with self._reading() as session:
            return facet_counts(session, where or EventFilter())

    def actor_activity(self, actor: str, interval: str = "month") -> ActorActivity:
        with self._reading() as session:
            return actor_activity(session, actor, interval)


