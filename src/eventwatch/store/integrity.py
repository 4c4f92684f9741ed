"""Is the store whole? Checks of everything a crash, a bad restore or a hand edit could leave inconsistent.

Each check is a function over a Session that returns the problems it found (none when all is well), so a test
can damage a store in one way and see exactly that one problem reported. ``repair`` fixes only what can be
recomputed from rows that are themselves sound: event counts (from their mentions) and the search index (from
the articles and mentions). Missing or dangling rows are reported, never guessed at: restore a backup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, exists, func, or_, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, aliased

from eventwatch.errors import StoreError
from eventwatch.store import search, tallies
from eventwatch.store.engine import (
    current_revision,
    head_revision,
    is_sqlite_memory,
    make_engine,
    take_writer_lock,
    to_url,
)
from eventwatch.store.failures import store_error, unwritable_reason
from eventwatch.store.schema import (
    ActorMentionRow,
    ActorRow,
    AlertDeliveryRow,
    AlertRow,
    ArticleBandRow,
    ArticleRow,
    ArticleTermRow,
    EventChangeRow,
    EventQuoteRow,
    EventRow,
    MentionRow,
    PlaceMentionRow,
    PlaceRow,
    QuoteRow,
    WatchRow,
)

EXAMPLES = 5
_NOTES = "eventwatch_notes"  # key in Session.info


@dataclass(frozen=True)
class Problem:
    check: str  # stable key, e.g. "mentions-without-event"
    what: str  # what is wrong, for a person
    count: int
    examples: tuple[str, ...]  # a few ids of the rows concerned
    repairable: bool = False  # ``repair`` can fix it


Check = Callable[[Session], list[Problem]]


def _problem(check: str, what: str, ids: list, repairable: bool = False) -> list[Problem]:
    if not ids:
        return []
    return [Problem(check, what, len(ids), tuple(str(i) for i in ids[:EXAMPLES]), repairable)]


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


# -- the database engine's own checks ----------------------------------------------------------------------


def sqlite_integrity(session: Session) -> list[Problem]:
    """SQLite's page-level check (b-trees, indexes against their tables) and FTS5's own consistency check."""
    if _dialect(session) != "sqlite":
        return []
    found = [row[0] for row in session.execute(text("PRAGMA integrity_check")) if row[0] != "ok"]
    problems = _problem("sqlite-integrity", "SQLite integrity_check failed", found)
    for table in search.SEARCH_TABLES:
        try:
            # FTS5's command syntax: an INSERT naming the table itself; it raises when the index is corrupt.
            with session.begin_nested():
                session.execute(text(f"INSERT INTO {table}({table}) VALUES ('integrity-check')"))
        except SQLAlchemyError as exc:
            if unwritable_reason(exc) == "read-only":
                # The check is written as an INSERT, which a read-only store refuses before FTS5 looks at the
                # index: that says nothing about the index. (SQLite 3.44+ also checks FTS5 in integrity_check.)
                note(session, f"full-text table {table}: FTS5's integrity-check not run, the store is read-only")
                continue
            problems += _problem("search-index-corrupt", f"full-text table {table} is corrupt: {exc}"[:300],
                                 [table], repairable=True)
    return problems


def note(session: Session, text: str) -> None:
    """Record something a check could not do, which is not damage (read by ``diagnose``)."""
    session.info.setdefault(_NOTES, []).append(text)


def sqlite_foreign_keys(session: Session) -> list[Problem]:
    """SQLite enforces foreign keys only per connection when asked; rows written without it can dangle."""
    if _dialect(session) != "sqlite":
        return []
    rows = session.execute(text("PRAGMA foreign_key_check")).all()
    return _problem("foreign-keys", "rows whose foreign key points nowhere (PRAGMA foreign_key_check)",
                    [f"{table} row {rowid} → {parent}" for table, rowid, parent, _ in rows])


def schema_at_head(session: Session) -> list[Problem]:
    current, head = current_revision(session.get_bind()), head_revision()
    if current == head:
        return []
    return [Problem("schema-revision", f"schema is at revision {current}, this eventwatch expects {head}", 1,
                    (str(current),))]


# -- rows that point nowhere, or that nothing points to -----------------------------------------------------

# (check key, what, child's id column, child's reference column, parent's key column)
_REFERENCES = [
    ("mentions-without-event", "mentions of a missing event", MentionRow.id, MentionRow.event_id, EventRow.id),
    ("mentions-without-article", "mentions in a missing article", MentionRow.id, MentionRow.article_id,
     ArticleRow.id),
    ("actor-mentions-without-article", "actor mentions in a missing article", ActorMentionRow.id,
     ActorMentionRow.article_id, ArticleRow.id),
    ("actor-mentions-without-actor", "actor mentions of an unknown actor code", ActorMentionRow.id,
     ActorMentionRow.code, ActorRow.code),
    ("place-mentions-without-article", "place mentions in a missing article", PlaceMentionRow.id,
     PlaceMentionRow.article_id, ArticleRow.id),
    ("place-mentions-without-place", "place mentions of a missing place", PlaceMentionRow.id,
     PlaceMentionRow.place_id, PlaceRow.id),
    ("quotes-without-article", "quotes in a missing article", QuoteRow.id, QuoteRow.article_id, ArticleRow.id),
    ("event-quotes-without-event", "quote links of a missing event", EventQuoteRow.quote_id,
     EventQuoteRow.event_id, EventRow.id),
    ("event-quotes-without-quote", "quote links to a missing quote", EventQuoteRow.event_id,
     EventQuoteRow.quote_id, QuoteRow.id),
    ("duplicate-of-missing", "copies whose original (duplicate_of) is missing", ArticleRow.id,
     ArticleRow.duplicate_of, ArticleRow.id),
    ("events-first-article-missing", "events whose first reporting article is missing", EventRow.id,
     EventRow.first_article_id, ArticleRow.id),
    ("events-source-actor-missing", "events whose source actor is not in actors", EventRow.id, EventRow.source_actor,
     ActorRow.code),
    ("events-target-actor-missing", "events whose target actor is not in actors", EventRow.id, EventRow.target_actor,
     ActorRow.code),
    ("events-place-missing", "events whose place is not in places", EventRow.id, EventRow.place_id, PlaceRow.id),
    ("fingerprints-without-article", "LSH band rows of a missing article", ArticleBandRow.key,
     ArticleBandRow.article_id, ArticleRow.id),
    ("terms-without-article", "key terms of a missing article", ArticleTermRow.term, ArticleTermRow.article_id,
     ArticleRow.id),
    # Watch state (revision 0007): an alert or delivery pointing nowhere would be sent for nothing, or never.
    ("outbox-without-event", "outbox entries of a missing event", EventChangeRow.id, EventChangeRow.event_id,
     EventRow.id),
    ("alerts-without-watch", "alerts of a missing watch", AlertRow.id, AlertRow.watch_id, WatchRow.id),
    ("alerts-without-event", "alerts of a missing event", AlertRow.id, AlertRow.event_id, EventRow.id),
    ("deliveries-without-alert", "deliveries of a missing alert", AlertDeliveryRow.id, AlertDeliveryRow.alert_id,
     AlertRow.id),
]


def dangling_references(session: Session) -> list[Problem]:
    """The foreign keys checked by query, on every backend (PostgreSQL enforces them, unless disabled)."""
    problems: list[Problem] = []
    for check, what, child_id, reference, parent_key in _REFERENCES:
        # An alias, so that a table referring to itself (duplicate_of → articles.id) is still two tables.
        parent = getattr(aliased(parent_key.class_), parent_key.key)
        stmt = (select(child_id).where(reference.is_not(None), ~exists().where(parent == reference))
                .order_by(child_id))
        problems += _problem(check, what, list(session.scalars(stmt)))
    return problems


def events_without_mentions(session: Session) -> list[Problem]:
    stmt = select(EventRow.id).where(~exists().where(MentionRow.event_id == EventRow.id)).order_by(EventRow.id)
    return _problem("events-without-mentions", "events with no report (no mention)", list(session.scalars(stmt)))


def articles_without_fingerprint(session: Session) -> list[Problem]:
    """An article saved whole has its LSH band rows; without them its copies would go unrecognised."""
    stmt = (select(ArticleRow.id).where(ArticleRow.minhash.is_not(None),
                                        ~exists().where(ArticleBandRow.article_id == ArticleRow.id))
            .order_by(ArticleRow.id))
    return _problem("articles-without-fingerprint", "articles missing their near-duplicate band rows",
                    list(session.scalars(stmt)))


# -- stored figures against what they summarise -------------------------------------------------------------


def event_counts(session: Session) -> list[Problem]:
    """Each event's running tallies (counts, first/last seen, outlets, detail votes and the details they elect)
    against a recount of its mentions."""
    return _problem("event-counts", "events whose tallies (counts, first/last seen, outlets, votes) disagree "
                    "with their mentions", miscounted_events(session), repairable=True)


def miscounted_events(session: Session) -> list[int]:
    return [i for ids in tallies.all_event_ids(session) for i in tallies.differing(session, ids)]


def offsets(session: Session) -> list[Problem]:
    """Offsets inside their article's text; a mention's sentence is the text at its offsets."""
    problems: list[Problem] = []
    bad_sentences = []
    for article_id, length, sentences in session.execute(
            select(ArticleRow.id, func.length(ArticleRow.text), ArticleRow.sentences).order_by(ArticleRow.id)):
        if not isinstance(sentences, list) or not all(
                isinstance(s, list) and len(s) == 3 and 0 <= s[0] <= s[1] <= length for s in sentences):
            bad_sentences.append(article_id)
    problems += _problem("sentence-offsets", "articles whose sentence offsets fall outside their text",
                         bad_sentences)
    length = func.length(ArticleRow.text)
    outside = or_(MentionRow.start < 0, MentionRow.end > length, MentionRow.start > MentionRow.end,
                  MentionRow.trigger_start < MentionRow.start, MentionRow.trigger_end > MentionRow.end)
    problems += _problem("mention-offsets", "mentions whose offsets fall outside their article's text",
                         list(session.scalars(select(MentionRow.id).join(ArticleRow).where(outside)
                                              .order_by(MentionRow.id))))
    # SQL substr is 1-based; only compared where the offsets are sound, so each problem is reported once.
    piece = func.substr(ArticleRow.text, MentionRow.start + 1, MentionRow.end - MentionRow.start)
    problems += _problem("mention-sentence", "mentions whose sentence is not the article text at their offsets",
                         list(session.scalars(select(MentionRow.id).join(ArticleRow)
                                              .where(~outside, piece != MentionRow.sentence)
                                              .order_by(MentionRow.id))))
    for check, model in (("actor-mention-offsets", ActorMentionRow), ("place-mention-offsets", PlaceMentionRow),
                         ("quote-offsets", QuoteRow)):
        stmt = (select(model.id).join(ArticleRow, ArticleRow.id == model.article_id)
                .where(or_(model.start < 0, model.end > length, model.start > model.end)).order_by(model.id))
        problems += _problem(check, f"{model.__tablename__} whose offsets fall outside their article's text",
                             list(session.scalars(stmt)))
    return problems


# -- the full-text index -------------------------------------------------------------------------------------


def search_index(session: Session) -> list[Problem]:
    """SQLite: every article indexed exactly once and every mention's evidence once, no stale rows.
    PostgreSQL: the GIN indexes exist and are valid (the server keeps their content in step itself)."""
    if _dialect(session) == "sqlite":
        return _fts_in_sync(session)
    rows = dict(session.execute(text(
        "SELECT c.relname, i.indisvalid AND i.indisready FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE c.relname IN ('ix_search_articles', 'ix_search_evidence')")).all())
    broken = [name for name in ("ix_search_articles", "ix_search_evidence") if not rows.get(name)]
    return _problem("search-index", "full-text GIN indexes missing or invalid", broken, repairable=True)


def _fts_in_sync(session: Session) -> list[Problem]:
    per_article = dict(session.execute(text(
        "SELECT article_id, count(*) FROM search_articles GROUP BY article_id")).all())
    stored = set(session.scalars(select(ArticleRow.id)))
    wrong = sorted(a for a in stored if per_article.get(a, 0) != 1)
    stale = sorted(a for a in per_article if a not in stored)
    problems = _problem("search-articles", "articles not indexed exactly once for full-text search", wrong,
                        repairable=True)
    problems += _problem("search-articles-stale", "full-text rows of articles that are not stored", stale,
                         repairable=True)
    indexed = {int(e): n for e, n in session.execute(text(
        "SELECT event_id, count(*) FROM search_evidence GROUP BY event_id"))}
    mentioned = dict(session.execute(select(MentionRow.event_id, func.count()).group_by(MentionRow.event_id)).all())
    wrong_events = sorted(e for e, n in mentioned.items() if indexed.get(e, 0) != n)
    stale_events = sorted(e for e in indexed if e not in mentioned)
    problems += _problem("search-evidence", "events whose evidence is not indexed once per mention", wrong_events,
                         repairable=True)
    problems += _problem("search-evidence-stale", "full-text rows of evidence no mention carries", stale_events,
                         repairable=True)
    return problems


CHECKS: list[Check] = [sqlite_integrity, sqlite_foreign_keys, schema_at_head, dangling_references,
                       events_without_mentions, articles_without_fingerprint, event_counts, offsets, search_index]


def run_checks(session: Session, checks: list[Check] | None = None) -> list[Problem]:
    found: list[Problem] = []
    for check in checks or CHECKS:
        try:
            found += check(session)
        except SQLAlchemyError as exc:
            # A store too damaged to query ("database disk image is malformed") is itself the finding.
            session.rollback()
            name = check.__name__.replace("_", "-")
            reason = getattr(exc, "orig", None) or exc
            found.append(Problem(f"{name}-failed", f"the check could not run: {reason}"[:300], 1, (name,)))
    return found


# -- repair -------------------------------------------------------------------------------------------------


def repair(session: Session, problems: list[Problem]) -> list[str]:
    """Fix the repairable problems inside the caller's transaction; returns what was done."""
    take_writer_lock(session.connection())
    done: list[str] = []
    keys = {p.check for p in problems if p.repairable}
    if "event-counts" in keys:
        ids = miscounted_events(session)
        for start in range(0, len(ids), tallies.CHUNK):
            tallies.rewrite(session, ids[start:start + tallies.CHUNK])
        done.append(f"recomputed counts and details of {len(ids)} events from their mentions")
    if keys & {"search-articles", "search-articles-stale", "search-evidence", "search-evidence-stale",
               "search-index-corrupt", "search-index"}:
        rebuild_search_index(session)
        done.append("rebuilt the full-text index")
    return done


def rebuild_search_index(session: Session) -> None:
    if _dialect(session) != "sqlite":
        # The definitions of revision 0005, so a dropped index comes back as it was made.
        session.execute(text("CREATE INDEX IF NOT EXISTS ix_search_articles ON articles USING gin "
                             "(to_tsvector('english', coalesce(title, '') || ' ' || text))"))
        session.execute(text("CREATE INDEX IF NOT EXISTS ix_search_evidence ON mentions USING gin "
                             "(to_tsvector('english', sentence))"))
        session.execute(text("REINDEX INDEX ix_search_articles"))
        session.execute(text("REINDEX INDEX ix_search_evidence"))
        return
    for table in search.SEARCH_TABLES:
        session.execute(text(f"DELETE FROM {table}"))
    session.execute(text("INSERT INTO search_articles (article_id, title, text) "
                         "SELECT id, coalesce(title, ''), text FROM articles"))
    session.execute(text("INSERT INTO search_evidence (event_id, sentence) SELECT event_id, sentence FROM mentions"))

# -- the whole store --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Diagnosis:
    backend: str
    revision: str | None
    counts: dict[str, int]
    problems: list[Problem]
    repaired: list[str]
    notes: tuple[str, ...] = ()  # checks that could not run, for a reason that is not damage

    @property
    def clean(self) -> bool:
        return not self.problems


def diagnose(engine: Engine, fix: bool = False) -> Diagnosis:
    """Run every check; with ``fix``, repair what can be repaired (in one transaction) and check again."""
    with Session(engine) as session:
        problems = run_checks(session)
        notes = tuple(session.info.get(_NOTES, ()))
    done: list[str] = []
    if fix and any(p.repairable for p in problems):
        try:
            with Session(engine) as session, session.begin():
                done = repair(session, problems)
        except SQLAlchemyError as exc:
            raise store_error("cannot repair the store", exc) from exc
        with Session(engine) as session:
            problems = run_checks(session)
    with Session(engine) as session:
        counts = table_counts(session)
    return Diagnosis(engine.dialect.name, current_revision(engine), counts, problems, done, notes)


def table_counts(session: Session) -> dict[str, int]:
    models = (ArticleRow, EventRow, MentionRow, ActorRow, ActorMentionRow, PlaceRow, PlaceMentionRow, QuoteRow,
              EventQuoteRow, ArticleBandRow, ArticleTermRow)
    return {m.__tablename__: session.scalar(select(func.count()).select_from(m)) or 0 for m in models}


def diagnose_location(location: str, fix: bool = False) -> Diagnosis:
    """``diagnose`` a store by path or URL without migrating it (a store behind its schema is a finding)."""
    url = to_url(location)
    if url.get_backend_name() == "sqlite" and not is_sqlite_memory(url) and not Path(url.database or "").is_file():
        raise StoreError(f"no SQLite store at {url.database}")
    engine = make_engine(url)
    try:
        return diagnose(engine, fix)
    finally:
        engine.dispose()
