"""The outbox of changed events: written inside a save's transaction, read by the alert run (watch/alerts.py).

Its own module because ``Store.save`` calls it and store/watches.py (which reads it) needs the Store class.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from eventwatch.store.schema import EventChangeRow, WatchRow


def queue_changes(session: Session, event_ids: Iterable[int]) -> None:
    """Note the events a save created or changed, when anyone is watching (else nobody would read them)."""
    ids = sorted(set(event_ids))
    # max(id) is read off the end of the primary key (one seek), where `LIMIT 1` is planned as a scan.
    if not ids or session.scalar(select(func.max(WatchRow.id))) is None:
        return
    now = dt.datetime.now(dt.UTC)
    session.execute(insert(EventChangeRow.__table__), [{"event_id": i, "changed_at": now} for i in ids])
