"""The event store: saving analysed articles and querying coded events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from eventwatch.errors import StoreError
from eventwatch.model import ActorMention, Article, Event
from eventwatch.store.engine import current_revision, make_engine, to_url, upgrade
from eventwatch.store.queries import article_record, event_record, event_select
from eventwatch.store.records import ArticleRecord, EventRecord
from eventwatch.store.schema import (
    ActorMentionRow,
    ActorRow,
    ArticleRow,
    EventRow,
    MentionRow,
    split_actor_code,
)

MIN_ID_PREFIX = 6
# A second attempt absorbs the one expected conflict: another writer storing the same article or a new
# actor code between our read and our insert. More failures mean a real problem.
_SAVE_ATTEMPTS = 2


def open_store(url_or_path: str) -> Store:
    """Open (creating and migrating as needed) the store at a path or SQLAlchemy URL."""
    engine = make_engine(to_url(url_or_path))
    try:
        upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine)


class Store:
    """Holds the engine; every public method runs in its own short transaction.

    Use ``open_store`` rather than constructing this directly: the constructor does not migrate.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        # Records are built inside the session, so nothing needs to survive expiry after commit.
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def url(self) -> str:
        return self._engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def schema_version(self) -> str | None:
        return current_revision(self._engine)

    # -- writing ------------------------------------------------------------------------------------

    def save_article(
        self,
        article: Article,
        events: list[Event],
        actor_mentions: list[ActorMention],
        actor_names: dict[str, str] | None = None,
    ) -> tuple[str, bool]:
        """Store an article with its events and actor mentions, atomically.

        Returns ``(id, True)`` when stored, or ``(existing_id, False)`` when an article with the same
        content hash is already there (nothing is written then). Raises StoreError, leaving nothing
        behind, on any failure.
        """
        try:
            names = _actor_names(actor_mentions, actor_names)
            codes = _used_codes(events, actor_mentions)
            _validate(article, events, codes)
        except StoreError:
            raise
        except Exception as exc:  # e.g. an Event without evidence
            raise StoreError(f"{article.origin}: cannot save article {article.id}: {exc}") from exc

        for attempt in range(1, _SAVE_ATTEMPTS + 1):
            try:
                with self._sessions.begin() as session:
                    existing = _existing_article(session, article)
                    if existing is not None:
                        return existing, False
                    _insert_article(session, article)
                    _upsert_actors(session, codes, names)
                    _insert_actor_mentions(session, article.id, actor_mentions)
                    _insert_events(session, article, events)
                return article.id, True
            except IntegrityError as exc:
                if attempt < _SAVE_ATTEMPTS:
                    continue
                raise StoreError(f"{article.origin}: cannot save article {article.id}: {exc}") from exc
            except StoreError:
                raise
            except Exception as exc:
                raise StoreError(f"{article.origin}: cannot save article {article.id}: {exc}") from exc
        raise AssertionError("unreachable")  # the loop always returns or raises

    # -- reading ------------------------------------------------------------------------------------

    def has_article(self, content_hash: str) -> bool:
        with self._reading() as session:
            stmt = select(ArticleRow.id).where(ArticleRow.content_hash == content_hash).limit(1)
            return session.scalar(stmt) is not None

    def query_events(
        self,
        actor: str | None = None,
        source: str | None = None,
        target: str | None = None,
        plover_type: str | None = None,
        mode: str | None = None,
        modality: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        article_id: str | None = None,
        limit: int = 1000,
        offset: int = 0,
    ) -> list[EventRecord]:
        """Events matching every given filter, ordered by (date, id).

        ``actor`` matches the source or the target, ``source``/``target`` only their side; all three
        are code prefixes ('PRK' matches 'PRKMIL'). ``since``/``until`` are inclusive and compare the
        stored date, which is the first day of the period for week/month/year precision.
        """
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must not be negative")
        stmt = event_select(article_id)
        if actor:
            stmt = stmt.where(
                or_(
                    EventRow.source_actor.startswith(actor, autoescape=True),
                    EventRow.target_actor.startswith(actor, autoescape=True),
                )
            )
        if source:
            stmt = stmt.where(EventRow.source_actor.startswith(source, autoescape=True))
        if target:
            stmt = stmt.where(EventRow.target_actor.startswith(target, autoescape=True))
        if plover_type is not None:
            stmt = stmt.where(EventRow.plover_type == plover_type)
        if mode is not None:
            stmt = stmt.where(EventRow.mode == mode)
        if modality is not None:
            stmt = stmt.where(EventRow.modality == modality)
        if since is not None:
            stmt = stmt.where(EventRow.date >= since)
        if until is not None:
            stmt = stmt.where(EventRow.date <= until)
        stmt = stmt.order_by(EventRow.date, EventRow.id).limit(limit).offset(offset)
        with self._reading() as session:
            return [event_record(*row) for row in session.execute(stmt)]

    def events_for_article(self, article_id: str) -> list[EventRecord]:
        """All events with a mention in the article, in text order; offsets point into its text."""
        stmt = event_select(article_id).order_by(
            MentionRow.start, MentionRow.trigger_start, EventRow.id
        )
        with self._reading() as session:
            return [event_record(*row) for row in session.execute(stmt)]

    def get_article(self, article_id: str) -> ArticleRecord | None:
        """The article with this id, or with this unique id prefix (at least 6 characters).

        Raises StoreError when a prefix matches more than one article.
        """
        with self._reading() as session:
            row = session.get(ArticleRow, article_id)
            if row is None and len(article_id) >= MIN_ID_PREFIX:
                stmt = select(ArticleRow).where(ArticleRow.id.startswith(article_id, autoescape=True))
                rows = session.scalars(stmt.order_by(ArticleRow.id).limit(2)).all()
                if len(rows) > 1:
                    raise StoreError(f"article id prefix {article_id!r} is ambiguous")
                row = rows[0] if rows else None
            return None if row is None else article_record(row)

    def counts(self) -> dict[str, int]:
        tables: dict[str, Any] = {
            "articles": ArticleRow,
            "events": EventRow,
            "actors": ActorRow,
            "mentions": MentionRow,
            "actor_mentions": ActorMentionRow,
        }
        with self._reading() as session:
            return {
                name: session.scalar(select(func.count()).select_from(model)) or 0
                for name, model in tables.items()
            }

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        try:
            with self._sessions() as session:
                yield session
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read store {self.url}: {exc}") from exc


# -- save_article steps (module level so tests can break one of them mid-transaction) -------------------


def _actor_names(mentions: Iterable[ActorMention], explicit: dict[str, str] | None) -> dict[str, str]:
    # Explicit names win over names carried by mentions; within each, the first one seen wins.
    names: dict[str, str] = {code: name for code, name in (explicit or {}).items() if name}
    for mention in mentions:
        if mention.name:
            names.setdefault(mention.code, mention.name)
    return names


def _used_codes(events: Iterable[Event], mentions: Iterable[ActorMention]) -> list[str]:
    codes: dict[str, None] = {}  # ordered set, so inserts happen in a stable order
    for event in events:
        for code in (event.source_actor, event.target_actor):
            if code is not None:
                codes[code] = None
    for mention in mentions:
        codes[mention.code] = None
    return list(codes)


def _validate(article: Article, events: Iterable[Event], codes: Iterable[str]) -> None:
    # Checked here rather than left to the database because SQLite does not enforce lengths, and
    # the store should accept and reject the same data whatever the backend.
    for code in codes:
        if not isinstance(code, str) or not code.strip():
            raise StoreError(f"{article.origin}: invalid actor code {code!r}")
    for event in events:
        if len(event.cameo_root) > 2:
            raise StoreError(f"{article.origin}: CAMEO root {event.cameo_root!r} is longer than 2 characters")


def _existing_article(session: Session, article: Article) -> str | None:
    stmt = select(ArticleRow.id, ArticleRow.content_hash).where(
        or_(ArticleRow.content_hash == article.content_hash, ArticleRow.id == article.id)
    )
    rows = session.execute(stmt).all()
    for row_id, content_hash in rows:
        if content_hash == article.content_hash:
            return row_id
    if rows:
        raise StoreError(f"{article.origin}: article id {article.id} already used by different content")
    return None


def _insert_article(session: Session, article: Article) -> None:
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
        )
    )
    session.flush()


def _upsert_actors(session: Session, codes: list[str], names: dict[str, str]) -> None:
    # Select-then-insert instead of a dialect-specific ON CONFLICT keeps this portable; a concurrent
    # insert of the same code surfaces as IntegrityError and save_article retries once.
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


def _insert_actor_mentions(session: Session, article_id: str, mentions: Iterable[ActorMention]) -> None:
    # Core executemany, not ORM objects: an article carries dozens of mentions and this is the ingest hot path.
    rows = [
        {"article_id": article_id, "code": m.code, "start": m.start, "end": m.end, "text": m.text,
         "sentence": m.sentence, "resolved": m.resolved}
        for m in mentions
    ]
    if rows:
        session.execute(insert(ActorMentionRow.__table__), rows)


def _insert_events(session: Session, article: Article, events: Iterable[Event]) -> None:
    events = list(events)
    if not events:
        return
    rows = []
    for event in events:
        quantity = event.quantity
        rows.append({
            "source_actor": event.source_actor, "target_actor": event.target_actor,
            "plover_type": event.plover_type, "mode": event.mode, "cameo_root": event.cameo_root,
            "intensity": event.intensity, "modality": event.modality, "aggregate": event.aggregate,
            "quantity_text": quantity.text if quantity else None,
            "quantity_value": quantity.value if quantity else None,
            "quantity_unit": quantity.unit if quantity else None,
            "quantity_qualifier": quantity.qualifier if quantity else None,
            "date": event.date, "date_precision": event.date_precision, "confidence": event.confidence,
            "first_article_id": article.id, "source_text": event.source_text, "target_text": event.target_text,
            "reported_by": event.reported_by,
        })
    # One executemany, then read the ids back: the article is new, so its events are exactly the rows with
    # its first_article_id, and ids grow in insertion order. (RETURNING degrades to a statement per row.)
    session.execute(insert(EventRow.__table__), rows)
    ids = session.scalars(
        select(EventRow.id).where(EventRow.first_article_id == article.id).order_by(EventRow.id)
    ).all()
    session.execute(insert(MentionRow.__table__), [
        {"event_id": event_id, "article_id": article.id, "sentence_index": ev.sentence_index,
         "sentence": ev.sentence, "start": ev.start, "end": ev.end, "trigger_start": ev.trigger_start,
         "trigger_end": ev.trigger_end, "url": ev.url if ev.url is not None else article.url}
        for event_id, ev in zip(ids, (e.evidence for e in events), strict=True)
    ])
