"""The steps of saving one article, each run inside the caller's transaction.

Module level, not methods, so that tests can break one of them mid-transaction and check that nothing is left.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from eventwatch.errors import StoreError
from eventwatch.model import ActorMention, Article, Event, Place, PlaceMention, Quote
from eventwatch.store import search, tallies
from eventwatch.store.event_merge import save_events
from eventwatch.store.schema import (
    ActorMentionRow,
    ActorRow,
    ArticleRow,
    PlaceMentionRow,
    PlaceRow,
    QuoteRow,
    split_actor_code,
)


def actor_names(mentions: Iterable[ActorMention], explicit: dict[str, str] | None) -> dict[str, str]:
    # Explicit names win over names carried by mentions; within each, the first one seen wins.
    names: dict[str, str] = {code: name for code, name in (explicit or {}).items() if name}
    for mention in mentions:
        if mention.name:
            names.setdefault(mention.code, mention.name)
    return names


def used_codes(events: Iterable[Event], mentions: Iterable[ActorMention]) -> list[str]:
    codes: dict[str, None] = {}  # ordered set, so inserts happen in a stable order
    for event in events:
        for code in (event.source_actor, event.target_actor):
            if code is not None:
                codes[code] = None
    for mention in mentions:
        codes[mention.code] = None
    return list(codes)


def validate(article: Article, events: Iterable[Event], codes: Iterable[str]) -> None:
    # Checked here rather than left to the database because SQLite does not enforce lengths, and
    # the store should accept and reject the same data whatever the backend.
    for code in codes:
        if not isinstance(code, str) or not code.strip():
            raise StoreError(f"{article.origin}: invalid actor code {code!r}")
    for event in events:
        if len(event.cameo_root) > 2:
            raise StoreError(f"{article.origin}: CAMEO root {event.cameo_root!r} is longer than 2 characters")


def existing_article(session: Session, article: Article) -> str | None:
    """The stored article with this content at this address (or with no address on either side)."""
    found = stored_copy(session, article.content_hash, article.url)
    if found is not None:
        return found
    if session.scalar(select(ArticleRow.id).where(ArticleRow.id == article.id)) is not None:
        raise StoreError(f"{article.origin}: article id {article.id} already used by different content")
    return None


def stored_copy(session: Session, content_hash: str, url: str | None) -> str | None:
    """An article with this content at this address, or stored with none; any address when ``url`` is None.

    Each lookup is one seek on (content_hash, url): "url = ? OR url IS NULL" in one query would be planned on the
    hash alone and read every stored copy of a text republished at a thousand addresses."""
    same = select(ArticleRow.id).where(ArticleRow.content_hash == content_hash)
    lookups = [same] if url is None else [same.where(ArticleRow.url == url), same.where(ArticleRow.url.is_(None))]
    for lookup in lookups:
        if (found := session.scalar(lookup.limit(1))) is not None:
            return found
    return None


def insert_article(session: Session, article: Article, sig: bytes | None = None,
                   original: tuple[str, float] | None = None) -> None:
    dateline = article.dateline
    sentences = sorted(article.sentences, key=lambda s: s.index)
    session.add(
        ArticleRow(
            id=article.id,
            content_hash=article.content_hash,
            url=article.url,
            title=article.title,
            published=article.published,
            source=article.source,
            origin=article.origin,
            text=article.text,
            dateline_place=dateline.place if dateline else None,
            dateline_start=dateline.start if dateline else None,
            dateline_end=dateline.end if dateline else None,
            debris_removed=article.debris_removed,
            ingested_at=dt.datetime.now(dt.UTC),
            sentences=[[s.start, s.end, s.paragraph] for s in sentences],
            outlet=tallies.outlet_of(article),
            minhash=sig,
            duplicate_of=original[0] if original else None,
            similarity=original[1] if original else None,
            cluster_id=article.id,
            language=article.language,
        )
    )
    session.flush()
    search.index_article(session, article.id, article.title, article.text)



def upsert_actors(session: Session, codes: list[str], names: dict[str, str]) -> None:
    # Select-then-insert instead of a dialect-specific ON CONFLICT keeps this portable; a concurrent
    # insert of the same code (by a writer without the writer lock) is an IntegrityError, which Store.save retries.
    if not codes:
        return
    known = dict(session.execute(select(ActorRow.code, ActorRow.name).where(ActorRow.code.in_(codes))).all())
    for code in codes:
        if code not in known:
            country, role = split_actor_code(code)
            session.add(ActorRow(code=code, country=country, role=role, name=names.get(code)))
        elif known[code] is None and code in names:
            session.execute(
                update(ActorRow)
                .where(ActorRow.code == code, ActorRow.name.is_(None))
                .values(name=names[code])
            )
    session.flush()


def insert_actor_mentions(session: Session, article_id: str, mentions: Iterable[ActorMention]) -> None:
    # Core executemany, not ORM objects: an article carries dozens of mentions and this is the ingest hot path.
    rows = [
        {"article_id": article_id, "code": m.code, "start": m.start, "end": m.end, "text": m.text,
         "sentence": m.sentence, "resolved": m.resolved}
        for m in mentions
    ]
    if rows:
        session.execute(insert(ActorMentionRow.__table__), rows)


def used_places(events: Iterable[Event], mentions: Iterable[PlaceMention]) -> list[Place]:
    places: dict[str, Place] = {}
    for event in events:
        if event.place is not None:
            places.setdefault(event.place.id, event.place)
    for mention in mentions:
        places.setdefault(mention.place.id, mention.place)
    return list(places.values())


def upsert_places(session: Session, places: list[Place]) -> None:
    # Gazetteer entries never change within a release, so an existing row is left as it is.
    if not places:
        return
    known = set(session.scalars(select(PlaceRow.id).where(PlaceRow.id.in_([p.id for p in places]))).all())
    new = [{"id": p.id, "name": p.name, "kind": p.kind, "precision": p.precision, "country": p.country,
            "lat": p.lat, "lon": p.lon} for p in places if p.id not in known]
    if new:
        session.execute(insert(PlaceRow.__table__), new)


def insert_place_mentions(session: Session, article_id: str, mentions: Iterable[PlaceMention]) -> None:
    rows = [{"article_id": article_id, "place_id": m.place.id, "start": m.start, "end": m.end, "text": m.text,
             "sentence": m.sentence} for m in mentions]
    if rows:
        session.execute(insert(PlaceMentionRow.__table__), rows)


def all_quotes(events: Iterable[Event], quotes: Iterable[Quote]) -> list[Quote]:
    found: dict[tuple[int, int], Quote] = {(q.start, q.end): q for q in quotes}
    for event in events:
        for quote in event.quotes:
            found.setdefault((quote.start, quote.end), quote)
    return sorted(found.values(), key=lambda q: q.start)


def insert_quotes(session: Session, article_id: str, quotes: list[Quote]) -> dict[tuple[int, int], int]:
    """Insert the article's quotes; returns (start, end) → row id, for linking events to them."""
    if not quotes:
        return {}
    session.execute(insert(QuoteRow.__table__), [
        {"article_id": article_id, "sentence": q.sentence, "start": q.start, "end": q.end, "text": q.text,
         "kind": q.kind, "speaker": q.speaker, "speaker_text": q.speaker_text} for q in quotes])
    rows = session.execute(select(QuoteRow.id, QuoteRow.start, QuoteRow.end).where(QuoteRow.article_id == article_id))
    return {(start, end): row_id for row_id, start, end in rows}


def insert_events(session: Session, article: Article, events: Iterable[Event],
                  quote_ids: dict[tuple[int, int], int] | None = None) -> tuple[list[int], int]:
    """New events, or mentions of stored ones (see event_merge): (ids of the events touched, how many new)."""
    return save_events(session, article, events, quote_ids)
