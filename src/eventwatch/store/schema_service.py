"""Tables of the services around the events: feeds polled, watches and their alerts, API tokens.

Like every table, created only by the Alembic migrations (see schema.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from eventwatch.store.schema_base import Base


class FeedRow(Base):
    """A subscribed RSS/Atom feed and what its last poll left: the validators for the next conditional GET."""

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    url: Mapped[str] = mapped_column(String, nullable=False)
    title: Mapped[str | None] = mapped_column(Text)
    # Sent back verbatim as If-None-Match / If-Modified-Since (revision 0006).
    etag: Mapped[str | None] = mapped_column(String)
    last_modified: Mapped[str | None] = mapped_column(String)
    last_polled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_status: Mapped[str | None] = mapped_column(String)  # "ok", "not-modified", "partial" or a skip reason
    items_seen: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # Consecutive polls that failed, and when the next is due: a feed that keeps failing backs off (0014).
    failures: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    next_poll_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("url", name="uq_feeds_url"),)


class FeedItemRow(Base):
    """A feed entry's page, recorded when first seen: ``pending`` until it is ``stored`` (or was already),
    ``unusable`` for good (robots, not a text page), or ``failed`` after its retries (revision 0014)."""

    __tablename__ = "feed_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    feed_id: Mapped[int] = mapped_column(Integer, ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False)
    item_url: Mapped[str] = mapped_column(String, nullable=False)
    content_hash: Mapped[str | None] = mapped_column(String)  # of the stored article; None when unusable
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)  # the retries' start
    status: Mapped[str] = mapped_column(String, nullable=False, default="stored", server_default="stored")
    reason: Mapped[str | None] = mapped_column(String)  # the last failure: "http-404", "timeout: …"
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    title: Mapped[str | None] = mapped_column(Text)  # the feed's, for a page that declares none
    published: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (UniqueConstraint("feed_id", "item_url", name="uq_feed_items_feed_id_item_url"),
                      Index("ix_feed_items_status_next", "status", "next_attempt_at"))


class WatchRow(Base):
    """A standing question ("tell me when North Korea launches again") and where to send the answers."""

    __tablename__ = "watches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String, nullable=False)
    spec: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)  # watch.spec.WatchSpec, as JSON
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)

    __table_args__ = (UniqueConstraint("name", name="uq_watches_name"),)


class EventChangeRow(Base):
    """Outbox of events created or changed by a save, written in the save's own transaction (revision 0007).

    Only written while some watch exists; the alert run reads and deletes the rows it has dealt with, so a
    crash between saving and alerting loses nothing."""

    __tablename__ = "event_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[int] = mapped_column(Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class AlertRow(Base):
    """One alert of a watch: an event that matched it (``new``), the same event reported by more outlets
    (``update``), or a ``summary`` of the alerts a rate-limited storm suppressed."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    watch_id: Mapped[int] = mapped_column(Integer, ForeignKey("watches.id", ondelete="CASCADE"), nullable=False)
    event_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("events.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String, nullable=False)
    # The event's outlet count when alerted: (watch, event, num_sources) is unique, which is what makes an
    # alert happen once however often the same change is looked at.
    num_sources: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    suppressed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    summary_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("alerts.id", ondelete="SET NULL"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)

    __table_args__ = (
        UniqueConstraint("watch_id", "event_id", "num_sources", name="uq_alerts_watch_event_sources"),
        Index("ix_alerts_watch_id_created_at", "watch_id", "created_at"),
        Index("ix_alerts_event_id", "event_id"),
    )


class AlertDeliveryRow(Base):
    """An alert's delivery to one of its watch's channels, with the state that survives restarts."""

    __tablename__ = "alert_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    alert_id: Mapped[int] = mapped_column(Integer, ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False)
    channel: Mapped[int] = mapped_column(Integer, nullable=False)  # index into the watch's channels
    kind: Mapped[str] = mapped_column(String, nullable=False)  # console, jsonl, webhook, email
    status: Mapped[str] = mapped_column(String, nullable=False)  # pending, sending, delivered, failed
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # When it is next due; while 'sending', when the claim lapses (a crashed sender's delivery is retried).
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("alert_id", "channel", name="uq_alert_deliveries_alert_channel"),
        Index("ix_alert_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
    )


class ApiTokenRow(Base):
    """A token allowed to write through the API. Only the SHA-256 digest of the secret is stored (revision
    0008): the secret is 32 random bytes, so the digest cannot be reversed or guessed and needs no salt."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String, nullable=False)
    digest: Mapped[str] = mapped_column(String(64), nullable=False)  # hex SHA-256 of the secret
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("digest", name="uq_api_tokens_digest"),)
