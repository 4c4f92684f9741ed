"""The event store: saving analysed articles and querying coded events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from eventwatch.dedup.signature import DEFAULT_THRESHOLD, check_threshold
from eventwatch.dedup.signature import signature as fingerprint
from eventwatch.errors import StoreError
from eventwatch.model import ActorMention, Article, Event, PlaceMention, Quote
from eventwatch.store import aggregates, escalation, retry, saving, search, stories, watches
from eventwatch.store.dashboard_reads import DashboardReads
from eventwatch.store.engine import current_revision, make_engine, require_head, take_writer_lock, to_url, upgrade
from eventwatch.store.event_query import SORTS, EventFilter
from eventwatch.store.failures import store_error
from eventwatch.store.queries import article_record, event_record, event_select, page_of_events, quote_record
from eventwatch.store.readonly import is_read_only
from eventwatch.store.records import ArticleRecord, EventRecord, MentionRecord, QuoteRecord, StoryRecord
from eventwatch.store.schema import (
    ActorMentionRow,
    ActorRow,
    ArticleRow,
    EventQuoteRow,
    EventRow,
    MentionRow,
    PlaceMentionRow,
    PlaceRow,
    QuoteRow,
)

MIN_ID_PREFIX = 6


@dataclass(frozen=True)
class Saved:
    article_id: str
    created: bool  # False: the same content was already stored (nothing written)
    duplicate_of: str | None = None  # the original this article is a near-duplicate copy of
    similarity: float | None = None
    cluster_id: str | None = None
    new_events: int = 0  # events this article added (the rest merged into stored events)


def open_store(url_or_path: str, duplicate_threshold: float = DEFAULT_THRESHOLD,
               read_only: bool | None = None) -> Store:
    """Open (creating and migrating as needed) the store at a path or SQLAlchemy URL.

    A SQLite file this process cannot write is opened read-only (``read_only=True`` asks for that), and is not
    migrated: it must be at the schema's head. Reading works as usual; a write raises StoreUnwritable.

    ``duplicate_threshold``: the estimated Jaccard similarity of shingles at which a new article counts as a
    near-duplicate copy of a stored one. Keep it fixed for a store: band keys are computed for it.
    """
    check_threshold(duplicate_threshold)
    engine = make_engine(to_url(url_or_path), read_only)
    try:
        if is_read_only(engine):
            require_head(engine)  # reading needs no write; migrating would be one
        else:
            upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, duplicate_threshold)


class Store(DashboardReads):
    """Holds the engine; every public method runs in its own short transaction.

    Use ``open_store`` rather than constructing this directly: the constructor does not migrate.
    """

    def __init__(self, engine: Engine, duplicate_threshold: float = DEFAULT_THRESHOLD) -> None:
        self._engine = engine
        self.duplicate_threshold = duplicate_threshold
        # Records are built inside the session, so nothing needs to survive expiry after commit.
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def read_only(self) -> bool:
        return is_read_only(self._engine)

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

    def save(
        self,
        article: Article,
        events: list[Event],
        actor_mentions: list[ActorMention],
        actor_names: dict[str, str] | None = None,
        places: list[PlaceMention] | None = None,
        quotes: list[Quote] | None = None,
        signature: bytes | None = None,
        terms: dict[str, float] | None = None,
    ) -> Saved:
        """Store an article with its events, actor and place mentions and quotes, atomically: a near-duplicate
        copy is linked to its original; events that describe stored occurrences become mentions of them; the
        article joins its story cluster. When the same content is already stored at this address nothing is
        written (``created`` is False). Raises StoreError, leaving nothing behind, on any failure."""
        try:
            names = saving.actor_names(actor_mentions, actor_names)
            codes = saving.used_codes(events, actor_mentions)
            saving.validate(article, events, codes)
            sig = signature if signature is not None else fingerprint(article.text)
        except StoreError:
            raise
        except Exception as exc:  # e.g. an Event without evidence
            raise StoreError(f"{article.origin}: cannot save article {article.id}: {exc}") from exc

        for attempt in retry.attempts():
            try:
                with self._sessions.begin() as session:
                    take_writer_lock(session.connection())
                    existing = saving.existing_article(session, article)
                    if existing is not None:
                        return Saved(existing, False)
                    original = stories.find_original(session, sig, self.duplicate_threshold)
                    saving.insert_article(session, article, sig, original)
                    stories.insert_fingerprint(session, article.id, sig, self.duplicate_threshold,
                                               copy=original is not None)
                    stories.insert_terms(session, article.id, terms or {})
                    saving.upsert_actors(session, codes, names)
                    saving.insert_actor_mentions(session, article.id, actor_mentions)
                    saving.upsert_places(session, saving.used_places(events, places or []))
                    saving.insert_place_mentions(session, article.id, places or [])
                    quote_ids = saving.insert_quotes(session, article.id, saving.all_quotes(events, quotes or []))
                    touched, new_events = saving.insert_events(session, article, events, quote_ids)
                    watches.queue_changes(session, touched)
                    cluster = stories.assign_story(session, article.id, original[0] if original else None,
                                                   touched)
                return Saved(article.id, True, original[0] if original else None,
                             original[1] if original else None, cluster, new_events)
            except SQLAlchemyError as exc:
                if retry.worth_retrying(exc) and attempt.retry():
                    continue
                raise store_error(f"{article.origin}: cannot save article {article.id}", exc) from exc
            except StoreError:
                raise
            except Exception as exc:
                raise StoreError(f"{article.origin}: cannot save article {article.id}: {exc}") from exc
        raise AssertionError("unreachable")  # the loop always returns or raises

    # -- reading ------------------------------------------------------------------------------------

    def has_article(self, content_hash: str, url: str | None = None) -> bool:
        """Whether this content is stored at this address (any address when either is unknown)."""
        return self.stored_article(content_hash, url) is not None

    def stored_article(self, content_hash: str, url: str | None = None) -> str | None:
        """The id of the article with this content at this address (any address when either is unknown): the one
        a save of it would find, and leave as it is."""
        with self._reading() as session:
            return saving.stored_copy(session, content_hash, url)

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
        place: str | None = None,
        limit: int = 1000,
        offset: int = 0,
        *,
        where: EventFilter | None = None,
        sort: str = "date",
    ) -> list[EventRecord]:
        """Events matching every given filter (see EventFilter; ``where`` gives them all at once), sorted by
        ``sort`` (a key of SORTS, default date then id)."""
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must not be negative")
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}")
        where = where or EventFilter(actor, source, target, plover_type, mode, modality, since, until, place)
        with self._reading() as session:
            if article_id is not None:
                stmt = where.apply(event_select(article_id), session)
                stmt = stmt.order_by(*SORTS[sort]).limit(limit).offset(offset)
            else:
                ids = select(EventRow.id)
                if where.needs_place:
                    ids = ids.join(PlaceRow, PlaceRow.id == EventRow.place_id)
                stmt = page_of_events(where.apply(ids, session), SORTS[sort], limit, offset)
            return _with_quotes(session, [event_record(*row) for row in session.execute(stmt)])

    def count_events(self, where: EventFilter | None = None, cap: int | None = None) -> int:
        """How many events match; with ``cap``, counting stops there (a page of a million matches does not
        need the exact figure, and counting them all would cost more than the page itself)."""
        where = where or EventFilter()
        with self._reading() as session:
            ids = select(EventRow.id)
            if where.needs_place:
                ids = ids.join(PlaceRow, PlaceRow.id == EventRow.place_id)
            ids = where.apply(ids, session)
            if cap is not None:
                ids = ids.limit(cap)
            return session.scalar(select(func.count()).select_from(ids.subquery())) or 0

    def events_for_article(self, article_id: str) -> list[EventRecord]:
        """All events with a mention in the article, in text order; offsets point into its text."""
        stmt = event_select(article_id).order_by(
            MentionRow.start, MentionRow.trigger_start, EventRow.id
        )
        with self._reading() as session:
            return _with_quotes(session, [event_record(*row) for row in session.execute(stmt)])

    def quotes_for_article(self, article_id: str) -> list[QuoteRecord]:
        stmt = select(QuoteRow).where(QuoteRow.article_id == article_id).order_by(QuoteRow.start)
        with self._reading() as session:
            return [quote_record(row) for row in session.scalars(stmt)]

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

    def get_event(self, event_id: int) -> EventRecord | None:
        stmt = event_select(None).where(EventRow.id == event_id)
        with self._reading() as session:
            found = _with_quotes(session, [event_record(*row) for row in session.execute(stmt)])
        return found[0] if found else None

    def mentions_of(self, event_id: int) -> list[MentionRecord]:
        """Every report of the event, earliest published first: the evidence of the merged event."""
        stmt = (select(MentionRow, ArticleRow.title, ArticleRow.outlet, ArticleRow.published)
                .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
                .where(MentionRow.event_id == event_id)
                .order_by(ArticleRow.published, MentionRow.article_id, MentionRow.start))
        with self._reading() as session:
            return [MentionRecord(m.event_id, m.article_id, m.sentence_index, m.sentence, m.start, m.end,
                                  m.trigger_start, m.trigger_end, m.url, title, outlet, published)
                    for m, title, outlet, published in session.execute(stmt)]

    def related(self, article_id: str, limit: int = 10) -> list[stories.Related]:
        with self._reading() as session:
            return stories.related(session, article_id, limit)

    def duplicates_of(self, article_id: str) -> list[ArticleRecord]:
        """The stored near-duplicate copies of an original."""
        stmt = select(ArticleRow).where(ArticleRow.duplicate_of == article_id).order_by(ArticleRow.id)
        with self._reading() as session:
            return [article_record(row) for row in session.scalars(stmt)]

    def stories(self, limit: int = 20, min_articles: int = 2) -> list[StoryRecord]:
        """Story clusters, largest first, each labelled with the key terms its articles share."""
        size = func.count(ArticleRow.id)
        stmt = (select(ArticleRow.cluster_id, size, func.min(ArticleRow.published), func.max(ArticleRow.published))
                .group_by(ArticleRow.cluster_id).having(size >= min_articles)
                .order_by(size.desc(), ArticleRow.cluster_id).limit(limit))
        with self._reading() as session:
            found = []
            for cluster_id, count, first, last in session.execute(stmt).all():
                members = session.execute(select(ArticleRow.id, ArticleRow.title)
                                          .where(ArticleRow.cluster_id == cluster_id)
                                          .order_by(ArticleRow.published, ArticleRow.id).limit(5)).all()
                found.append(StoryRecord(cluster_id, stories.story_label(session, cluster_id), count, first,
                                         last, tuple(t or "" for _, t in members), tuple(i for i, _ in members)))
            return found

    def escalation_data(self, actor: str, target: str | None, directed: bool, first: dt.date, last: dt.date,
                        counted_modalities: tuple[str, ...]) -> escalation.EscalationData:
        """What the escalation index needs of an actor (events it initiates) or a pair (see store/escalation.py)."""
        with self._reading() as session:
            return escalation.escalation_data(session, actor, target, directed, first, last, counted_modalities)

    def first_evidence(self, event_ids: list[int]) -> dict[int, tuple[str, str | None, str]]:
        """Each event's first report: event id → (sentence, url, article id)."""
        with self._reading() as session:
            return escalation.first_evidence(session, event_ids)

    def actors(self, prefix: str | None = None, limit: int = 100) -> list[aggregates.ActorCount]:
        with self._reading() as session:
            return aggregates.actor_counts(session, prefix, limit)

    def list_articles(self, q: str | None = None, limit: int = 50, offset: int = 0) -> tuple[int, list[ArticleRecord]]:
        """(how many match, one page of them), newest first; ``q`` searches titles and text."""
        with self._reading() as session:
            stmt = select(ArticleRow)
            if q:
                matching = search.matching_articles(session, q)
                if matching is not None:
                    stmt = stmt.where(ArticleRow.id.in_(matching))
            total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            page = stmt.order_by(ArticleRow.published.desc(), ArticleRow.id).limit(limit).offset(offset)
            return total, [article_record(row) for row in session.scalars(page)]

    def counts(self) -> dict[str, int]:
        tables: dict[str, Any] = {
            "articles": ArticleRow,
            "events": EventRow,
            "actors": ActorRow,
            "mentions": MentionRow,
            "actor_mentions": ActorMentionRow,
            "places": PlaceRow,
            "place_mentions": PlaceMentionRow,
            "quotes": QuoteRow,
            "event_quotes": EventQuoteRow,
        }
        with self._reading() as session:
            return {
                name: session.scalar(select(func.count()).select_from(model)) or 0
                for name, model in tables.items()
            }

    # -- sessions -----------------------------------------------------------------------------------

    @contextmanager
    def transaction(self, subject: str) -> Iterator[Session]:
        """One short transaction for the store's side tables (feeds, tokens, watches), committed on success and
        rolled back on error, from the sessions the Store's own methods use and with their error mapping: a
        database error is a StoreError naming ``subject`` ('feeds', 'API tokens'), StoreUnwritable when it will
        recur."""
        with self._errors(f"{subject} in store {self.url}"), self._sessions.begin() as session:
            yield session

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        with self._errors(f"cannot read store {self.url}"), self._sessions() as session:
            yield session

    @staticmethod
    @contextmanager
    def _errors(context: str) -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as exc:
            raise store_error(context, exc) from exc


def _with_quotes(session: Session, records: list[EventRecord]) -> list[EventRecord]:
    """Attach each event's supporting quotes (one query for the whole page of events)."""
    if not records:
        return records
    stmt = (select(EventQuoteRow.event_id, QuoteRow).join(QuoteRow, QuoteRow.id == EventQuoteRow.quote_id)
            .where(EventQuoteRow.event_id.in_([r.id for r in records])).order_by(QuoteRow.start))
    by_event: dict[int, list[QuoteRecord]] = {}
    for event_id, row in session.execute(stmt):
        by_event.setdefault(event_id, []).append(quote_record(row))
    return [replace(r, quotes=tuple(by_event[r.id])) if r.id in by_event else r for r in records]
