"""Feed subscriptions (table ``feeds``, revisions 0006 and 0014); their entries' states are feed_items.py.

Each function runs in its own short transaction (``Store.transaction``), so a poll that is stopped half-way keeps
every item it recorded and nothing half-written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from eventwatch.errors import StoreError
from eventwatch.store.queries import as_utc
from eventwatch.store.repository import Store
from eventwatch.store.schema import ArticleRow, FeedRow

# PostgreSQL's B-tree entries are limited to about 2.7 kB; longer URLs cannot be in a unique index, and are not
# real article addresses anyway (tracking junk), so they are refused rather than stored.
MAX_URL_LENGTH = 2048
_SUBJECT = "feeds"  # what the store was doing, in its errors


@dataclass(frozen=True)
class FeedRecord:
    id: int
    url: str
    title: str | None
    etag: str | None
    last_modified: str | None
    last_polled_at: dt.datetime | None  # timezone-aware UTC
    last_status: str | None
    items_seen: int
    failures: int = 0  # consecutive polls that failed
    next_poll_at: dt.datetime | None = None  # UTC; when a feed that failed is asked again


def check_url(url: str) -> str:
    """The URL stripped, or ValueError when it cannot be fetched (not http(s), no host, too long)."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    if len(url) > MAX_URL_LENGTH:
        raise ValueError(f"URL longer than {MAX_URL_LENGTH} characters")
    return url


def add_feed(store: Store, url: str) -> tuple[FeedRecord, bool]:
    """Subscribe to a feed; (record, True) when added, (the existing record, False) when already there."""
    url = check_url(url)
    for attempt in (1, 2):  # a second attempt reads the row a concurrent writer just added
        try:
            with store.transaction(_SUBJECT) as session:
                row = session.scalar(select(FeedRow).where(FeedRow.url == url))
                if row is not None:
                    return _record(row), False
                row = FeedRow(url=url, items_seen=0)
                session.add(row)
                session.flush()
                return _record(row), True
        except StoreError as exc:
            if attempt == 2 or not isinstance(exc.__cause__, IntegrityError):
                raise
    raise AssertionError("unreachable")


def get_feed(store: Store, url: str) -> FeedRecord | None:
    with store.transaction(_SUBJECT) as session:
        row = session.scalar(select(FeedRow).where(FeedRow.url == url.strip()))
        return None if row is None else _record(row)


def list_feeds(store: Store) -> list[FeedRecord]:
    """Every subscribed feed, in the order they were added."""
    with store.transaction(_SUBJECT) as session:
        return [_record(row) for row in session.scalars(select(FeedRow).order_by(FeedRow.id))]


def remove_feed(store: Store, url: str) -> bool:
    """Unsubscribe (its recorded items go too); False when there was no such feed. Stored articles stay."""
    with store.transaction(_SUBJECT) as session:
        return session.execute(delete(FeedRow).where(FeedRow.url == url.strip())).rowcount > 0


def update_feed(store: Store, feed_id: int, status: str, polled_at: dt.datetime | None = None,
                title: str | None = None, validators: tuple[str | None, str | None] | None = None,
                failures: int | None = None, next_poll_at: dt.datetime | None = None) -> None:
    """After a poll: its status and time; the title when the feed gave one; (ETag, Last-Modified) when given
    (left as they were otherwise); its consecutive failures and next poll when given."""
    values: dict[str, object] = {"last_status": status, "last_polled_at": polled_at or dt.datetime.now(dt.UTC)}
    if failures is not None:
        values["failures"], values["next_poll_at"] = failures, next_poll_at
    if title:
        values["title"] = title
    if validators is not None:
        values["etag"], values["last_modified"] = validators
    with store.transaction(_SUBJECT) as session:
        session.execute(update(FeedRow).where(FeedRow.id == feed_id).values(**values))


def stored_hash(store: Store, *, article_id: str | None = None, url: str | None = None) -> str | None:
    """The content hash of the stored article with this id, else of one stored at this URL; None if neither."""
    with store.transaction(_SUBJECT) as session:
        if article_id is not None:
            digest = session.scalar(select(ArticleRow.content_hash).where(ArticleRow.id == article_id))
            if digest is not None:
                return digest
        if url is None:
            return None
        stmt = (select(ArticleRow.content_hash).where(ArticleRow.url == url)
                .order_by(ArticleRow.ingested_at.desc()).limit(1))
        return session.scalar(stmt)



def _record(row: FeedRow) -> FeedRecord:
    return FeedRecord(row.id, row.url, row.title, row.etag, row.last_modified, as_utc(row.last_polled_at),
                      row.last_status, row.items_seen, row.failures or 0, as_utc(row.next_poll_at))
