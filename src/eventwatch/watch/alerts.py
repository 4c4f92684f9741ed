"""The alert run: turn stored changes into alerts, once, and deliver them, surviving restarts.

1. Every save notes the events it created or changed in the store's outbox (same transaction).
2. ``run_alerts`` reads the outbox, matches each changed event against every watch, and records an alert when
   the event is new to the watch, or — with ``on_update`` — is now reported by more outlets than when it was
   last alerted. Alerts are unique per (watch, event, outlet count), so re-reading a change is harmless.
3. A watch past ``max_alerts_per_hour`` has further alerts recorded as suppressed; each run sends one summary
   of those instead.
4. Due deliveries are claimed, sent, and recorded as delivered, retried later with exponential backoff, or
   failed after ``max_attempts`` (then listed by ``eventwatch alerts list --status failed``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TextIO

from eventwatch.store import Store
from eventwatch.store import watches as state
from eventwatch.store.records import EventRecord
from eventwatch.watch.channels import DeliveryFailed, send
from eventwatch.watch.spec import WatchSpec

log = logging.getLogger("eventwatch.alerts")
RATE_WINDOW = dt.timedelta(hours=1)
CLAIM_LEASE = dt.timedelta(minutes=5)  # a sender silent this long is taken to have crashed
FIRST_RETRY = dt.timedelta(minutes=1)
LAST_RETRY = dt.timedelta(hours=1)
MAX_ATTEMPTS = 6
BATCH = 500


@dataclass
class AlertRun:
    changes: int = 0  # outbox entries read
    alerts: int = 0  # alerts recorded (sent or to be sent)
    suppressed: int = 0  # held back by a watch's rate limit
    summaries: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)  # one line per failed delivery attempt


def run_alerts(store: Store, *, now: dt.datetime | None = None, deliver: bool = True,
               max_attempts: int = MAX_ATTEMPTS, console: TextIO | None = None) -> AlertRun:
    """One pass: record the alerts of everything stored since the last pass, then send what is due."""
    now = now or dt.datetime.now(dt.UTC)
    run = AlertRun()
    watches = [(w, WatchSpec.model_validate(w.spec)) for w in state.list_watches(store)]
    while True:
        changes = state.pending_changes(store, BATCH)
        if not changes:
            break
        run.changes += len(changes)
        alerts = _alerts_for(store, watches, changes, now, run)
        state.record_alerts(store, alerts, [c.id for c in changes], now)
        if len(changes) < BATCH:
            break
    for watch, spec in watches:
        _summarise(store, watch, spec, now, run)
    if deliver:
        deliver_due(store, now=now, max_attempts=max_attempts, console=console, run=run)
    return run


def deliver_due(store: Store, *, now: dt.datetime | None = None, max_attempts: int = MAX_ATTEMPTS,
                console: TextIO | None = None, run: AlertRun | None = None) -> AlertRun:
    now = now or dt.datetime.now(dt.UTC)
    run = run or AlertRun()
    for due in state.claim_due(store, now, CLAIM_LEASE):
        delivery = due.delivery
        spec = WatchSpec.model_validate(due.spec)
        key = f"{delivery.alert_id}:{delivery.channel}"
        try:
            if delivery.channel >= len(spec.channels):
                raise DeliveryFailed("the watch no longer has this channel", retryable=False)
            send(spec.channels[delivery.channel], {"alert_id": delivery.alert_id, **due.payload}, key,
                 resumed=due.resumed, console=console)
        except DeliveryFailed as exc:
            attempts = delivery.attempts + 1
            retry_at = now + backoff(attempts) if exc.retryable and attempts < max_attempts else None
            status = state.finish_delivery(store, delivery.id, now, str(exc), retry_at)
            message = f"alert {delivery.alert_id} ({spec.name}) via {delivery.kind}, attempt {attempts}: {exc}"
            run.errors.append(message)
            if status == state.FAILED:
                run.failed += 1
                log.error("delivery failed for good: %s", message)
            else:
                run.retrying += 1
                log.warning("delivery failed, retrying at %s: %s", retry_at, message)
            continue
        state.finish_delivery(store, delivery.id, now)
        run.delivered += 1
    return run


def backoff(attempts: int) -> dt.timedelta:
    """1 min, 2, 4, 8, … up to an hour, after the n-th failed attempt."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LAST_RETRY)


def _alerts_for(store: Store, watches: list[tuple[state.WatchRecord, WatchSpec]], changes: list[state.Change],
                now: dt.datetime, run: AlertRun) -> list[state.NewAlert]:
    events = state.events_by_id(store, (c.event_id for c in changes))
    alerts: list[state.NewAlert] = []
    for watch, spec in watches:
        # Events stored before the watch existed are history, not news: `watch test` shows those.
        changed = {c.event_id for c in changes if c.changed_at >= watch.created_at and c.event_id in events}
        matched = [events[i] for i in sorted(changed) if spec.matches(events[i])]
        if not matched:
            continue
        alerted = state.alerted_sources(store, watch.id, (e.id for e in matched))
        sent = state.recent_alert_count(store, watch.id, now - RATE_WINDOW)
        for event in matched:
            before = alerted.get(event.id)
            if before is None:
                kind = "new"
            elif spec.on_update and event.num_sources > before:
                kind = "update"
            else:
                continue
            suppressed = sent >= spec.max_alerts_per_hour
            sent += not suppressed
            run.alerts += not suppressed
            run.suppressed += suppressed
            channels = () if suppressed else tuple((i, c.kind) for i, c in enumerate(spec.channels))
            alerts.append(state.NewAlert(watch.id, event.id, kind, event.num_sources,
                                         _payload(store, spec.name, kind, event, now), suppressed, channels))
    return alerts


def _summarise(store: Store, watch: state.WatchRecord, spec: WatchSpec, now: dt.datetime, run: AlertRun) -> None:
    held = state.unsummarised(store, watch.id)
    if not held:
        return
    by_type = Counter(a.payload["event"]["type"] for a in held)
    strongest = sorted(held, key=lambda a: (-abs(a.payload["event"]["intensity"]), a.id))[:10]
    payload = {"watch": spec.name, "kind": "summary", "created_at": now.isoformat(),
               "summary": {"suppressed": len(held), "limit": spec.max_alerts_per_hour,
                           "since": held[0].created_at.isoformat(), "until": held[-1].created_at.isoformat(),
                           "by_type": dict(by_type.most_common()),
                           "events": [a.payload["event"] for a in strongest]}}
    channels = tuple((i, c.kind) for i, c in enumerate(spec.channels))
    summary = state.NewAlert(watch.id, None, "summary", 0, payload, False, channels)
    state.record_summary(store, summary, [a.id for a in held], now)
    run.summaries += 1


def _payload(store: Store, watch: str, kind: str, event: EventRecord, now: dt.datetime) -> dict[str, Any]:
    return {"watch": watch, "kind": kind, "created_at": now.isoformat(), "event": event_summary(event),
            "reports": state.outlets_of(store, event.id)}


def event_summary(event: EventRecord) -> dict[str, Any]:
    place = event.place
    return {
        "id": event.id, "date": event.date_label, "date_precision": event.date_precision,
        "source": event.source_actor, "target": event.target_actor, "type": event.plover_type,
        "mode": event.mode, "modality": event.modality, "cameo_root": event.cameo_root,
        "intensity": event.intensity, "quantity": event.quantity_text, "reported_by": event.reported_by,
        "place": None if place is None else {"id": place.id, "name": place.name, "country": place.country,
                                             "lat": place.lat, "lon": place.lon},
        "sentence": event.sentence, "url": event.url, "article_id": event.article_id,
        "article_title": event.article_title, "num_sources": event.num_sources,
        "num_mentions": event.num_mentions, "first_seen": event.first_seen.isoformat() if event.first_seen else None,
    }
