"""ORM tables of the event store.

This module is the reference for what the tables look like, but the database itself is only ever created
by the Alembic migrations in ``store/migrations``; ``tests/store/test_migrations.py`` fails if the two
drift apart. Any change here therefore needs a new migration revision.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Explicit constraint names keep the migrations deterministic and let later revisions drop or alter a
# constraint by name (SQLite batch mode and PostgreSQL both need that).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Three-letter prefixes that name an organisation type rather than a country, so they carry no country.
NON_COUNTRY_PREFIXES = frozenset({"IGO", "NGO", "NAT", "IMG", "MNC", "INT", "UIS"})


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String, nullable=False)
    url: Mapped[str | None] = mapped_column(String)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String)
    origin: Mapped[str] = mapped_column(String, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    dateline_place: Mapped[str | None] = mapped_column(String)
    dateline_start: Mapped[int | None] = mapped_column(Integer)
    dateline_end: Mapped[int | None] = mapped_column(Integer)
    debris_removed: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    # [[start, end, paragraph], ...] in sentence order, so `show` can re-render without re-analysis.
    sentences: Mapped[list[Any]] = mapped_column(JSON, nullable=False)
    # Revision 0004: the outlet (source, else the URL's host), near-duplicate fingerprint and links, story.
    outlet: Mapped[str | None] = mapped_column(String)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    duplicate_of: Mapped[str | None] = mapped_column(String, ForeignKey("articles.id"))
    similarity: Mapped[float | None] = mapped_column(Float)  # estimated Jaccard to duplicate_of
    cluster_id: Mapped[str | None] = mapped_column(String)

    __table_args__ = (
        # Not unique since revision 0004: the same text at another address is a republished copy.
        Index("ix_articles_content_hash", "content_hash"),
        Index("ix_articles_cluster_id", "cluster_id"),
        Index("ix_articles_duplicate_of", "duplicate_of"),
    )


class ArticleBandRow(Base):
    """LSH band keys of an article's MinHash: articles sharing a key are near-duplicate candidates."""

    __tablename__ = "article_bands"

    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    article_id: Mapped[str] = mapped_column(
        String, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )

    __table_args__ = (Index("ix_article_bands_article_id", "article_id"), Index("ix_article_bands_key", "key"))


class ArticleTermRow(Base):
    __tablename__ = "article_terms"

    article_id: Mapped[str] = mapped_column(
        String, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    term: Mapped[str] = mapped_column(String, primary_key=True)
    weight: Mapped[float] = mapped_column(Float, nullable=False)

    __table_args__ = (Index("ix_article_terms_term", "term"),)


class ActorRow(Base):
    __tablename__ = "actors"

    code: Mapped[str] = mapped_column(String, primary_key=True)
    country: Mapped[str | None] = mapped_column(String)
    role: Mapped[str | None] = mapped_column(String)
    name: Mapped[str | None] = mapped_column(String)


class ActorMentionRow(Base):
    __tablename__ = "actor_mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(
        String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
    )
    code: Mapped[str] = mapped_column(String, ForeignKey("actors.code"), nullable=False)
    start: Mapped[int] = mapped_column(Integer, nullable=False)
    end: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    sentence: Mapped[int] = mapped_column(Integer, nullable=False)
    resolved: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    __table_args__ = (
        Index("ix_actor_mentions_code", "code"),
        Index("ix_actor_mentions_article_id", "article_id"),
    )


class EventRow(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_actor: Mapped[str | None] = mapped_column(String, ForeignKey("actors.code"))
    target_actor: Mapped[str | None] = mapped_column(String, ForeignKey("actors.code"))
    plover_type: Mapped[str] = mapped_column(String, nullable=False)
    mode: Mapped[str | None] = mapped_column(String)
    cameo_root: Mapped[str] = mapped_column(String(2), nullable=False)
    intensity: Mapped[float] = mapped_column(Float, nullable=False)
    modality: Mapped[str] = mapped_column(String, nullable=False)
    aggregate: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    quantity_text: Mapped[str | None] = mapped_column(String)
    quantity_value: Mapped[float | None] = mapped_column(Float)
    quantity_unit: Mapped[str | None] = mapped_column(String)
    quantity_qualifier: Mapped[str | None] = mapped_column(String)
    date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    date_precision: Mapped[str] = mapped_column(String, nullable=False)
    confidence: Mapped[float] = mapped_column(Float, nullable=False)
    # No cascade: once events are shared between articles (issue 5), deleting the article that first
    # reported an event must not silently delete the event.
    first_article_id: Mapped[str] = mapped_column(String, ForeignKey("articles.id"), nullable=False)
    source_text: Mapped[str | None] = mapped_column(Text)
    target_text: Mapped[str | None] = mapped_column(Text)
    # Who claims the event ("Japan's defense ministry said" → JPNGOV); a plain code, not a FK (revision 0002).
    reported_by: Mapped[str | None] = mapped_column(String)
    # Revision 0003: who said it, in the words of the text, and through whom; where it happened.
    reported_by_text: Mapped[str | None] = mapped_column(Text)
    reported_via: Mapped[str | None] = mapped_column(String)
    claim: Mapped[str | None] = mapped_column(String)
    place_id: Mapped[str | None] = mapped_column(String, ForeignKey("places.id"))
    place_basis: Mapped[str | None] = mapped_column(String)
    place_text: Mapped[str | None] = mapped_column(Text)
    # Revision 0004: one event for all its reports (GDELT's NumMentions / NumSources / NumArticles).
    merge_key: Mapped[str] = mapped_column(String, nullable=False)
    num_mentions: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    num_articles: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    num_sources: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    first_seen: Mapped[dt.date | None] = mapped_column(Date)  # earliest publication date of a mention
    last_seen: Mapped[dt.date | None] = mapped_column(Date)

    __table_args__ = (
        Index("ix_events_merge_key", "merge_key", unique=True),
        Index("ix_events_place_id", "place_id"),
        Index("ix_events_plover_type_date", "plover_type", "date"),
        Index("ix_events_source_actor_date", "source_actor", "date"),
        Index("ix_events_target_actor_date", "target_actor", "date"),
        # Revision 0009: an actor pair's events (the escalation index) as one seek per (source, target) code pair.
        Index("ix_events_source_actor_target_actor_date", "source_actor", "target_actor", "date"),
        Index("ix_events_date", "date"),
    )


class MentionRow(Base):
    """One report of an event in one article (GDELT's 'mentions' table)."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False
    )
    article_id: Mapped[str] = mapped_column(
        String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
    )
    sentence_index: Mapped[int] = mapped_column(Integer, nullable=False)
    sentence: Mapped[str] = mapped_column(Text, nullable=False)
    start: Mapped[int] = mapped_column(Integer, nullable=False)
    end: Mapped[int] = mapped_column(Integer, nullable=False)
    trigger_start: Mapped[int] = mapped_column(Integer, nullable=False)
    trigger_end: Mapped[int] = mapped_column(Integer, nullable=False)
    url: Mapped[str | None] = mapped_column(String)
    # Revision 0004: what this report says of the event (actors, place, reporter, quantity), for the merge vote.
    coded: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_mentions_event_id", "event_id"),
        Index("ix_mentions_article_id", "article_id"),
    )


class PlaceRow(Base):
    """A gazetteer place that some event or mention refers to (only those are stored)."""

    __tablename__ = "places"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(String, nullable=False)
    kind: Mapped[str] = mapped_column(String, nullable=False)
    precision: Mapped[str] = mapped_column(String, nullable=False)
    country: Mapped[str | None] = mapped_column(String)
    lat: Mapped[float] = mapped_column(Float, nullable=False)
    lon: Mapped[float] = mapped_column(Float, nullable=False)

    __table_args__ = (Index("ix_places_country", "country"),)


class PlaceMentionRow(Base):
    __tablename__ = "place_mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(
        String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
    )
    place_id: Mapped[str] = mapped_column(String, ForeignKey("places.id"), nullable=False)
    start: Mapped[int] = mapped_column(Integer, nullable=False)
    end: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    sentence: Mapped[int] = mapped_column(Integer, nullable=False)

    __table_args__ = (
        Index("ix_place_mentions_article_id", "article_id"),
        Index("ix_place_mentions_place_id", "place_id"),
    )


class QuoteRow(Base):
    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(
        String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
    )
    sentence: Mapped[int] = mapped_column(Integer, nullable=False)
    start: Mapped[int] = mapped_column(Integer, nullable=False)
    end: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    kind: Mapped[str] = mapped_column(String, nullable=False)
    speaker: Mapped[str | None] = mapped_column(String)
    speaker_text: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_quotes_article_id", "article_id"), Index("ix_quotes_speaker", "speaker"))


class EventQuoteRow(Base):
    """Which quotes support which events (a threat carries its quoted words)."""

    __tablename__ = "event_quotes"

    event_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    quote_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("quotes.id", ondelete="CASCADE"), primary_key=True
    )

    __table_args__ = (Index("ix_event_quotes_quote_id", "quote_id"),)


def split_actor_code(code: str) -> tuple[str | None, str | None]:
    """CAMEO-style code → (country, role): 'PRKMIL' → ('PRK', 'MIL'), 'IGOUNO' → (None, 'UNO')."""
    head, rest = code[:3], code[3:] or None
    if head in NON_COUNTRY_PREFIXES:
        return None, rest
    return head, rest


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

    __table_args__ = (UniqueConstraint("url", name="uq_feeds_url"),)


class FeedItemRow(Base):
    """A feed entry's page that has been dealt with (stored, already stored, or permanently unusable)."""

    __tablename__ = "feed_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    feed_id: Mapped[int] = mapped_column(Integer, ForeignKey("feeds.id", ondelete="CASCADE"), nullable=False)
    item_url: Mapped[str] = mapped_column(String, nullable=False)
    content_hash: Mapped[str | None] = mapped_column(String)  # of the stored article; None when unusable
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)

    __table_args__ = (UniqueConstraint("feed_id", "item_url", name="uq_feed_items_feed_id_item_url"),)


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
