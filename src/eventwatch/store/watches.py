"""Watches, the outbox of changed events, alerts and their deliveries (revision 0007).

Each public function runs in its own short transaction (``Store.transaction``), so an alert run stopped half-way
keeps every alert it recorded and every delivery it finished; ``queue_changes`` runs inside a save's. What an
alert *is* and when a watch matches lives in ``eventwatch.watch``; this module only keeps the state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eventwatch.store.queries import as_utc, event_record, event_select
from eventwatch.store.records import EventRecord
from eventwatch.store.schema import (
    AlertDeliveryRow,
    AlertRow,
    ArticleRow,
    EventChangeRow,
    EventRow,
    MentionRow,
    WatchRow,
)

if TYPE_CHECKING:  # the Store saves through queue_changes below: importing it here would be a cycle
    from eventwatch.store.repository import Store

PENDING, SENDING, DELIVERED, FAILED = "pending", "sending", "delivered", "failed"
_STATE = "watch state"  # what the store was doing, in its errors


@dataclass(frozen=True)
class WatchRecord:
    id: int
    name: str
    spec: dict[str, Any]
    created_at: dt.datetime


@dataclass(frozen=True)
class Change:
    id: int
    event_id: int
    changed_at: dt.datetime


@dataclass(frozen=True)
class NewAlert:
    """An alert to record, with the channels (index, kind) it goes to; none when it is suppressed."""

    watch_id: int
    event_id: int | None
    kind: str
    num_sources: int
    payload: dict[str, Any]
    suppressed: bool
    channels: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class AlertRecord:
    id: int
    watch_id: int
    watch: str
    event_id: int | None
    kind: str
    num_sources: int
    created_at: dt.datetime
    suppressed: bool
    summary_id: int | None
    payload: dict[str, Any]
    deliveries: tuple[DeliveryRecord, ...] = ()


@dataclass(frozen=True)
class DeliveryRecord:
    id: int
    alert_id: int
    channel: int
    kind: str
    status: str
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str | None
    delivered_at: dt.datetime | None


@dataclass(frozen=True)
class DueDelivery:
    """A delivery claimed for sending: what to send, and through which channel of which watch."""

    delivery: DeliveryRecord
    payload: dict[str, Any]
    spec: dict[str, Any]
    resumed: bool  # it was claimed before by a sender that never finished (a crash mid-send)


# -- watches -----------------------------------------------------------------------------------------

def add_watch(store: Store, name: str, spec: dict[str, Any], replace: bool = False,
              now: dt.datetime | None = None) -> tuple[WatchRecord, bool]:
    """Store a watch; (record, True) when added or replaced, (the stored one, False) when the name is taken."""
    with store.transaction(_STATE) as session:
        row = session.scalar(select(WatchRow).where(WatchRow.name == name))
        if row is not None and not replace:
            return _watch(row), False
        if row is None:
            row = WatchRow(name=name, spec=spec, created_at=now or _now())
            session.add(row)
        else:
            row.spec = spec
        session.flush()
        return _watch(row), True


def list_watches(store: Store) -> list[WatchRecord]:
    with store.transaction(_STATE) as session:
        return [_watch(row) for row in session.scalars(select(WatchRow).order_by(WatchRow.name))]


def get_watch(store: Store, name: str) -> WatchRecord | None:
    with store.transaction(_STATE) as session:
        row = session.scalar(select(WatchRow).where(WatchRow.name == name))
        return None if row is None else _watch(row)


def remove_watch(store: Store, name: str) -> bool:
    """Remove a watch with its alerts and deliveries; False when there is no such watch."""
    with store.transaction(_STATE) as session:
        removed = session.execute(delete(WatchRow).where(WatchRow.name == name)).rowcount
        if removed and session.scalar(select(WatchRow.id).limit(1)) is None:
            session.execute(delete(EventChangeRow))  # nobody is watching: the outbox has no reader
        return bool(removed)


# -- the outbox: filled inside each save, read by the alert run (watch/alerts.py) ----------------------

def queue_changes(session: Session, event_ids: Iterable[int]) -> None:
    """Note the events a save created or changed, inside its transaction, when anyone is watching (else nobody
    would read them)."""
    ids = sorted(set(event_ids))
    # max(id) is read off the end of the primary key (one seek), where `LIMIT 1` is planned as a scan.
    if not ids or session.scalar(select(func.max(WatchRow.id))) is None:
        return
    now = _now()
    session.execute(insert(EventChangeRow.__table__), [{"event_id": i, "changed_at": now} for i in ids])


def pending_changes(store: Store, limit: int = 1000) -> list[Change]:
    with store.transaction(_STATE) as session:
        rows = session.execute(select(EventChangeRow).order_by(EventChangeRow.id).limit(limit)).scalars()
        return [Change(r.id, r.event_id, as_utc(r.changed_at)) for r in rows]


def events_by_id(store: Store, event_ids: Iterable[int]) -> dict[int, EventRecord]:
    ids = sorted(set(event_ids))
    if not ids:
        return {}
    with store.transaction(_STATE) as session:
        rows = session.execute(event_select(None).where(EventRow.id.in_(ids)))
        return {record.id: record for record in (event_record(*row) for row in rows)}


def outlets_of(store: Store, event_id: int, limit: int = 10) -> list[dict[str, Any]]:
    """The event's reports, one per article, earliest first: outlet, title, URL, publication date."""
    stmt = (select(ArticleRow.outlet, ArticleRow.title, func.min(MentionRow.url), ArticleRow.published)
            .join(ArticleRow, ArticleRow.id == MentionRow.article_id).where(MentionRow.event_id == event_id)
            .group_by(ArticleRow.id, ArticleRow.outlet, ArticleRow.title, ArticleRow.published)
            .order_by(ArticleRow.published, ArticleRow.id).limit(limit))
    with store.transaction(_STATE) as session:
        return [{"outlet": outlet, "title": title, "url": url,
                 "published": published.isoformat() if published else None}
                for outlet, title, url, published in session.execute(stmt)]


def alerted_sources(store: Store, watch_id: int, event_ids: Iterable[int]) -> dict[int, int]:
    """For each event already alerted by the watch, the highest outlet count it was alerted at."""
    ids = sorted(set(event_ids))
    if not ids:
        return {}
    with store.transaction(_STATE) as session:
        stmt = (select(AlertRow.event_id, func.max(AlertRow.num_sources))
                .where(AlertRow.watch_id == watch_id, AlertRow.event_id.in_(ids)).group_by(AlertRow.event_id))
        return {event_id: n for event_id, n in session.execute(stmt)}


def recent_alert_count(store: Store, watch_id: int, since: dt.datetime) -> int:
    """Alerts the watch has sent (not suppressed, not summaries) since then: the rate limit's measure."""
    with store.transaction(_STATE) as session:
        return session.scalar(select(func.count()).select_from(AlertRow).where(
            AlertRow.watch_id == watch_id, AlertRow.created_at >= since, AlertRow.kind != "summary",
            AlertRow.suppressed.is_(False))) or 0


def record_alerts(store: Store, alerts: Iterable[NewAlert], handled: Iterable[int],
                  now: dt.datetime | None = None) -> list[int]:
    """Record alerts with one pending delivery per channel, and drop the handled changes, in one transaction.

    An alert already recorded (the same watch, event and outlet count, e.g. by a concurrent run) is skipped,
    which is what makes each alert happen once. Returns the ids of the alerts recorded."""
    now = now or _now()
    made: list[int] = []
    with store.transaction(_STATE) as session:
        for alert in alerts:
            try:
                with session.begin_nested():
                    made.append(_insert_alert(session, alert, now))
            except IntegrityError:
                continue
        ids = list(handled)
        if ids:
            session.execute(delete(EventChangeRow).where(EventChangeRow.id.in_(ids)))
    return made


def unsummarised(store: Store, watch_id: int) -> list[AlertRecord]:
    """Suppressed alerts of the watch that no summary covers yet, oldest first."""
    with store.transaction(_STATE) as session:
        stmt = (select(AlertRow, WatchRow.name).join(WatchRow, WatchRow.id == AlertRow.watch_id)
                .where(AlertRow.watch_id == watch_id, AlertRow.suppressed.is_(True), AlertRow.summary_id.is_(None))
                .order_by(AlertRow.id))
        return [_alert(row, name) for row, name in session.execute(stmt)]


def record_summary(store: Store, summary: NewAlert, covered: Iterable[int], now: dt.datetime | None = None) -> int:
    """Record a summary alert and mark the suppressed alerts it covers, in one transaction."""
    with store.transaction(_STATE) as session:
        summary_id = _insert_alert(session, summary, now or _now())
        session.execute(update(AlertRow).where(AlertRow.id.in_(list(covered)), AlertRow.summary_id.is_(None))
                        .values(summary_id=summary_id))
        return summary_id


# -- deliveries --------------------------------------------------------------------------------------

def claim_due(store: Store, now: dt.datetime, lease: dt.timedelta, limit: int = 200) -> list[DueDelivery]:
    """Claim the deliveries due now: pending ones whose time has come, and 'sending' ones whose sender's claim
    lapsed (it crashed mid-send). The claim is a conditional UPDATE, so two runs never send the same one."""
    due = or_(and_(AlertDeliveryRow.status == PENDING, AlertDeliveryRow.next_attempt_at <= now),
              and_(AlertDeliveryRow.status == SENDING, AlertDeliveryRow.next_attempt_at <= now))
    claimed: list[DueDelivery] = []
    with store.transaction(_STATE) as session:
        stmt = (select(AlertDeliveryRow, AlertRow.payload, WatchRow.spec)
                .join(AlertRow, AlertRow.id == AlertDeliveryRow.alert_id)
                .join(WatchRow, WatchRow.id == AlertRow.watch_id)
                .where(due).order_by(AlertDeliveryRow.id).limit(limit))
        candidates = session.execute(stmt).all()
    for row, payload, spec in candidates:
        with store.transaction(_STATE) as session:
            won = session.execute(
                update(AlertDeliveryRow)
                .where(AlertDeliveryRow.id == row.id, AlertDeliveryRow.status == row.status,
                       AlertDeliveryRow.next_attempt_at == row.next_attempt_at)
                .values(status=SENDING, next_attempt_at=now + lease)).rowcount
        if won:
            claimed.append(DueDelivery(_delivery(row), payload, spec, resumed=row.status == SENDING))
    return claimed


def finish_delivery(store: Store, delivery_id: int, now: dt.datetime, error: str | None = None,
                    retry_at: dt.datetime | None = None) -> str:
    """Record how a claimed delivery went: delivered (no error), pending again at ``retry_at``, or failed."""
    if error is None:
        values: dict[str, Any] = {"status": DELIVERED, "delivered_at": now, "last_error": None}
    elif retry_at is not None:
        values = {"status": PENDING, "next_attempt_at": retry_at, "last_error": error[:2000]}
    else:
        values = {"status": FAILED, "last_error": error[:2000]}
    with store.transaction(_STATE) as session:
        session.execute(update(AlertDeliveryRow).where(AlertDeliveryRow.id == delivery_id)
                        .values(attempts=AlertDeliveryRow.attempts + 1, **values))
    return values["status"]


def retry_failed(store: Store, now: dt.datetime, watch: str | None = None) -> int:
    """Put failed deliveries back in the queue (after the cause was fixed); how many."""
    with store.transaction(_STATE) as session:
        stmt = update(AlertDeliveryRow).where(AlertDeliveryRow.status == FAILED)
        if watch is not None:
            ids = select(AlertRow.id).join(WatchRow, WatchRow.id == AlertRow.watch_id).where(WatchRow.name == watch)
            stmt = stmt.where(AlertDeliveryRow.alert_id.in_(ids))
        return session.execute(stmt.values(status=PENDING, attempts=0, next_attempt_at=now)).rowcount


def list_alerts(store: Store, watch: str | None = None, status: str | None = None,
                limit: int = 50) -> list[AlertRecord]:
    """Alerts newest first, with their deliveries; ``status`` keeps alerts with a delivery in that state."""
    with store.transaction(_STATE) as session:
        stmt = select(AlertRow, WatchRow.name).join(WatchRow, WatchRow.id == AlertRow.watch_id)
        if watch is not None:
            stmt = stmt.where(WatchRow.name == watch)
        if status is not None:
            stmt = stmt.where(AlertRow.id.in_(select(AlertDeliveryRow.alert_id)
                                              .where(AlertDeliveryRow.status == status)))
        rows = session.execute(stmt.order_by(AlertRow.id.desc()).limit(limit)).all()
        deliveries: dict[int, list[DeliveryRecord]] = {}
        if rows:
            found = session.scalars(select(AlertDeliveryRow).where(
                AlertDeliveryRow.alert_id.in_([row.id for row, _ in rows])).order_by(AlertDeliveryRow.channel))
            for d in found:
                deliveries.setdefault(d.alert_id, []).append(_delivery(d))
        return [_alert(row, name, tuple(deliveries.get(row.id, ()))) for row, name in rows]


# -- helpers -----------------------------------------------------------------------------------------

def _insert_alert(session: Session, alert: NewAlert, now: dt.datetime) -> int:
    row = AlertRow(watch_id=alert.watch_id, event_id=alert.event_id, kind=alert.kind,
                   num_sources=alert.num_sources, created_at=now, suppressed=alert.suppressed,
                   payload=alert.payload)
    session.add(row)
    session.flush()
    if alert.channels:
        session.execute(insert(AlertDeliveryRow.__table__), [
            {"alert_id": row.id, "channel": index, "kind": kind, "status": PENDING, "attempts": 0,
             "next_attempt_at": now} for index, kind in alert.channels])
    return row.id


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _watch(row: WatchRow) -> WatchRecord:
    return WatchRecord(row.id, row.name, dict(row.spec), as_utc(row.created_at))


def _delivery(row: AlertDeliveryRow) -> DeliveryRecord:
    return DeliveryRecord(row.id, row.alert_id, row.channel, row.kind, row.status, row.attempts,
                          as_utc(row.next_attempt_at), row.last_error,
                          as_utc(row.delivered_at))


def _alert(row: AlertRow, watch: str, deliveries: tuple[DeliveryRecord, ...] = ()) -> AlertRecord:
    return AlertRecord(row.id, row.watch_id, watch, row.event_id, row.kind, row.num_sources,
                       as_utc(row.created_at), row.suppressed, row.summary_id, dict(row.payload), deliveries)


