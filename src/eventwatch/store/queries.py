"""Row → record conversion and the shared event query, used by the repository."""

from __future__ import annotations

import datetime as dt
from typing import Any, overload

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from eventwatch.model import Dateline
from eventwatch.store.records import ArticleRecord, EventRecord, PlaceRecord, QuoteRecord
from eventwatch.store.schema import ArticleRow, EventRow, MentionRow, PlaceRow, QuoteRow


def event_select(article_id: str | None) -> Select[Any]:
    """Events joined to one mention each (see EventRecord) and that mention's article."""
    first = aliased(MentionRow)
    first_id = select(func.min(first.id)).where(first.event_id == EventRow.id)
    if article_id is not None:
        first_id = first_id.where(first.article_id == article_id)
    return (
        select(EventRow, MentionRow, ArticleRow.title, ArticleRow.source, PlaceRow)
        .join(MentionRow, MentionRow.event_id == EventRow.id)
        .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
        .outerjoin(PlaceRow, PlaceRow.id == EventRow.place_id)
        .where(MentionRow.id == first_id.correlate(EventRow).scalar_subquery())
    )


def page_of_events(where_applied: Select[Any], order: tuple, limit: int, offset: int) -> Select[Any]:
    """Filter, sort and cut the page on the events table alone, then join each event's first mention, article
    and place for just that page: joining before the LIMIT would look up a mention for every matching event."""
    page = where_applied.order_by(*order).limit(limit).offset(offset).subquery()
    return event_select(None).join(page, page.c.id == EventRow.id).order_by(*order)


def event_record(event: EventRow, mention: MentionRow, title: str | None, source: str | None,
                 place: PlaceRow | None = None) -> EventRecord:
    return EventRecord(
        id=event.id,
        source_actor=event.source_actor,
        target_actor=event.target_actor,
        plover_type=event.plover_type,
        mode=event.mode,
        cameo_root=event.cameo_root,
        intensity=event.intensity,
        modality=event.modality,
        aggregate=event.aggregate,
        quantity_text=event.quantity_text,
        quantity_value=event.quantity_value,
        quantity_unit=event.quantity_unit,
        quantity_qualifier=event.quantity_qualifier,
        date=event.date,
        date_precision=event.date_precision,
        confidence=event.confidence,
        first_article_id=event.first_article_id,
        source_text=event.source_text,
        target_text=event.target_text,
        reported_by=event.reported_by,
        reported_by_text=event.reported_by_text,
        reported_via=event.reported_via,
        claim=event.claim,
        place=None if place is None else PlaceRecord(place.id, place.name, place.kind, place.precision,
                                                     place.country, place.lat, place.lon),
        place_basis=event.place_basis,
        place_text=event.place_text,
        num_mentions=event.num_mentions,
        num_articles=event.num_articles,
        num_sources=event.num_sources,
        first_seen=event.first_seen,
        last_seen=event.last_seen,
        article_id=mention.article_id,
        sentence_index=mention.sentence_index,
        sentence=mention.sentence,
        start=mention.start,
        end=mention.end,
        trigger_start=mention.trigger_start,
        trigger_end=mention.trigger_end,
        url=mention.url,
        article_title=title,
        article_source=source,
    )


@overload
def as_utc(value: dt.datetime) -> dt.datetime: ...


@overload
def as_utc(value: dt.datetime | None) -> dt.datetime | None: ...


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """A stored time as timezone-aware UTC: SQLite drops the offset, and only UTC is ever written."""
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


def article_record(row: ArticleRow) -> ArticleRecord:
    dateline = None
    if row.dateline_place is not None:
        dateline = Dateline(
            place=row.dateline_place, start=row.dateline_start or 0, end=row.dateline_end or 0
        )
    return ArticleRecord(
        id=row.id,
        content_hash=row.content_hash,
        url=row.url,
        title=row.title,
        published=row.published,
        source=row.source,
        origin=row.origin,
        text=row.text,
        dateline=dateline,
        debris_removed=row.debris_removed,
        ingested_at=as_utc(row.ingested_at),
        sentences=tuple((int(s), int(e), int(p)) for s, e, p in row.sentences),
        outlet=row.outlet,
        duplicate_of=row.duplicate_of,
        similarity=row.similarity,
        cluster_id=row.cluster_id,
        language=row.language,
    )


def quote_record(row: QuoteRow) -> QuoteRecord:
    return QuoteRecord(row.id, row.article_id, row.sentence, row.start, row.end, row.text, row.kind, row.speaker,
                       row.speaker_text)
