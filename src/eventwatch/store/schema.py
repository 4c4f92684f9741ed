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
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from eventwatch.store.schema_base import Base
from eventwatch.store.schema_service import (  # noqa: F401  (re-exported: one place to import every table from)
    AlertDeliveryRow,
    AlertRow,
    ApiTokenRow,
    EventChangeRow,
    FeedItemRow,
    FeedRow,
    WatchRow,
)

# Three-letter prefixes that name an organisation type rather than a country, so they carry no country.
NON_COUNTRY_PREFIXES = frozenset({"IGO", "NGO", "NAT", "IMG", "MNC", "INT", "UIS"})


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
    # Revision 0012: BCP 47, told from the text (lang/detect.py); NULL for articles stored before it.
    language: Mapped[str | None] = mapped_column(String)

    __table_args__ = (
        # Not unique since revision 0004: the same text at another address is a republished copy.
        # Revision 0010: with the address, so that "is this copy stored?" is one seek however many copies exist.
        Index("ix_articles_content_hash_url", "content_hash", "url"),
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
    # Revision 0010: the article is itself a copy. Originals are looked up first, so that the 5,000th copy of a
    # wire story is compared with its original, not with the 4,999 copies before it.
    copy: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    __table_args__ = (Index("ix_article_bands_article_id", "article_id"),
                      Index("ix_article_bands_key_copy", "key", "copy"))


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
        # Revision 0011: covering, in the order the facets group by (type, modality): counted from the index alone.
        Index("ix_events_type_modality_date", "plover_type", "modality", "date", "date_precision", "intensity"),
        Index("ix_events_source_actor_date", "source_actor", "date"),
        Index("ix_events_target_actor_date", "target_actor", "date"),
        # Revision 0009: an actor pair's events (the escalation index) as one seek per (source, target) code pair.
        Index("ix_events_source_actor_target_actor_date", "source_actor", "target_actor", "date"),
        Index("ix_events_date", "date"),
        # Revision 0013: the timeline's counts per day, precision and type read from the index alone.
        Index("ix_events_timeline", "date", "date_precision", "plover_type", "modality", "intensity"),
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


class EventVoteRow(Base):
    """How many of an event's mentions say each value of a detail group (revision 0010).

    The merge's running vote: a save adds its mentions' votes, so the merged details never need the event's
    whole history. ``value`` is the group's values as a JSON list; ``value_hash`` keys it (texts can be long)."""

    __tablename__ = "event_votes"

    event_id: Mapped[int] = mapped_column(Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    detail: Mapped[str] = mapped_column(String, primary_key=True)  # a group of dedup.merging.GROUPS
    value_hash: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)
    votes: Mapped[int] = mapped_column(Integer, nullable=False)


class EventOutletRow(Base):
    """The outlets that reported an event (revision 0010): num_sources counts them without a scan."""

    __tablename__ = "event_outlets"

    event_id: Mapped[int] = mapped_column(Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    outlet: Mapped[str] = mapped_column(String, primary_key=True)  # the article's outlet, else its id


class StoryPairRow(Base):
    """Two single-occurrence events reported by one article, and the first article that did (revision 0010).

    Articles sharing two such events are one story; every article reporting the pair is already in the story of
    the one recorded here, so joining a story is one seek per pair instead of a count over all mentions."""

    __tablename__ = "story_pairs"

    first_event_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    second_event_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    article_id: Mapped[str] = mapped_column(String, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False)

    __table_args__ = (Index("ix_story_pairs_article_id", "article_id"),)


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
