"""The life of a feed entry's page in the store (table ``feed_items``, revision 0014): recorded ``pending`` when a
feed first lists it, then ``stored``, ``unusable`` for good, or ``failed`` once its retries ran out; ``feeds retry``
makes failed ones pending again. Because pending entries are in the store, a poller that is stopped or crashes
picks them up again at its next start: no entry is lost between a feed listing it and its page being stored.

One URL listed by several feeds has a row per feed; settling the URL settles all of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from eventwatch.errors import StoreError
from eventwatch.store.queries import as_utc
from eventwatch.store.repository import Store
from eventwatch.store.schema import FeedItemRow, FeedRow

_SUBJECT = "feed items"
OPEN = ("pending",)  # states still to be worked on
STATES = ("pending", "stored", "unusable", "failed")


@dataclass(frozen=True)
class Entry:
    """A feed entry as the store keeps it: the page URL, and the feed's title and date for it."""

    url: str
    title: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True)
class PendingItem:
    entry: Entry
    attempts: int
    first_seen: dt.datetime  # the retries' bounded time counts from here (UTC)
    next_attempt: dt.datetime | None  # UTC; None: now


@dataclass(frozen=True)
class FailedItem:
    feed_url: str
    item_url: str
    reason: str | None
    attempts: int
    first_seen: dt.datetime
    last_tried: dt.datetime | None


def record_seen(store: Store, feed_id: int, entries: Iterable[Entry],
                now: dt.datetime | None = None) -> list[Entry]:
    """Record the feed's entries not recorded before as pending; returns those new ones. Idempotent."""
    wanted = {e.url: e for e in entries}
    if not wanted:
        return []
    now = now or dt.datetime.now(dt.UTC)
    for attempt in (1, 2):  # a concurrent poll of the same feed may insert the same item between our steps
        try:
            with store.transaction(_SUBJECT) as session:
                known = set(session.scalars(select(FeedItemRow.item_url).where(
                    FeedItemRow.feed_id == feed_id, FeedItemRow.item_url.in_(list(wanted)))))
                new = [e for url, e in wanted.items() if url not in known]
                session.add_all(FeedItemRow(feed_id=feed_id, item_url=e.url, seen_at=now, status="pending",
                                            attempts=0, title=e.title, published=e.published) for e in new)
                session.flush()
                total = select(func.count()).where(FeedItemRow.feed_id == feed_id).scalar_subquery()
                session.execute(update(FeedRow).where(FeedRow.id == feed_id).values(items_seen=total))
                return new
        except StoreError as exc:
            if attempt == 2 or not isinstance(exc.__cause__, IntegrityError):
                raise
    raise AssertionError("unreachable")


def settle(store: Store, url: str, status: str, content_hash: str | None = None, reason: str | None = None) -> int:
    """Close an entry's page everywhere it is open: ``stored`` (with the article's hash), ``unusable`` or
    ``failed`` (with the reason). Returns the rows changed."""
    if status not in STATES or status == "pending":
        raise ValueError(f"not a final state: {status!r}")
    with store.transaction(_SUBJECT) as session:
        result = session.execute(update(FeedItemRow).where(
            FeedItemRow.item_url == url, FeedItemRow.status.in_(OPEN)).values(
            status=status, content_hash=content_hash, reason=reason, next_attempt_at=None))
        return result.rowcount


def defer(store: Store, url: str, reason: str, next_attempt: dt.datetime) -> None:
    """One more failed attempt at an entry's page, to be tried again at ``next_attempt``."""
    with store.transaction(_SUBJECT) as session:
        session.execute(update(FeedItemRow).where(
            FeedItemRow.item_url == url, FeedItemRow.status.in_(OPEN)).values(
            attempts=FeedItemRow.attempts + 1, reason=reason[:300], next_attempt_at=next_attempt))


def pending_items(store: Store) -> list[PendingItem]:
    """Every open entry, once per URL (its earliest sighting), for a poller starting up."""
    with store.transaction(_SUBJECT) as session:
        rows = session.execute(select(
            FeedItemRow.item_url, FeedItemRow.title, FeedItemRow.published, FeedItemRow.attempts,
            FeedItemRow.seen_at, FeedItemRow.next_attempt_at).where(
            FeedItemRow.status.in_(OPEN)).order_by(FeedItemRow.seen_at, FeedItemRow.id)).all()
    found: dict[str, PendingItem] = {}
    for url, title, published, attempts, seen, next_at in rows:
        found.setdefault(url, PendingItem(Entry(url, title, published), attempts, as_utc(seen), as_utc(next_at)))
    return list(found.values())


def failed_items(store: Store, limit: int = 200) -> tuple[int, list[FailedItem]]:
    """How many entries failed for good, and the most recent ``limit`` of them with their feed and reason."""
    with store.transaction(_SUBJECT) as session:
        total = session.scalar(select(func.count()).select_from(FeedItemRow).where(FeedItemRow.status == "failed"))
        rows = session.execute(
            select(FeedRow.url, FeedItemRow.item_url, FeedItemRow.reason, FeedItemRow.attempts,
                   FeedItemRow.seen_at, FeedItemRow.next_attempt_at)
            .join(FeedRow, FeedRow.id == FeedItemRow.feed_id).where(FeedItemRow.status == "failed")
            .order_by(FeedItemRow.seen_at.desc(), FeedItemRow.id.desc()).limit(limit)).all()
    return total or 0, [FailedItem(f, u, r, a, as_utc(s), as_utc(t)) for f, u, r, a, s, t in rows]


def item_states(store: Store) -> dict[int, dict[str, int]]:
    """Per feed id, how many of its entries are in each state."""
    with store.transaction(_SUBJECT) as session:
        rows = session.execute(select(FeedItemRow.feed_id, FeedItemRow.status, func.count())
                               .group_by(FeedItemRow.feed_id, FeedItemRow.status)).all()
    states: dict[int, dict[str, int]] = {}
    for feed_id, status, count in rows:
        states.setdefault(feed_id, {})[status] = count
    return states


def retry_failed(store: Store, feed_url: str | None = None, now: dt.datetime | None = None) -> int:
    """Make failed entries pending again, with a fresh allowance of retries from now; only those of one feed
    when ``feed_url`` is given. Returns how many."""
    now = now or dt.datetime.now(dt.UTC)
    condition = FeedItemRow.status == "failed"
    if feed_url is not None:
        condition = condition & FeedItemRow.feed_id.in_(select(FeedRow.id).where(FeedRow.url == feed_url.strip()))
    with store.transaction(_SUBJECT) as session:
        return session.execute(update(FeedItemRow).where(condition).values(
            status="pending", attempts=0, seen_at=now, next_attempt_at=None)).rowcount
