"""Full-text search: SQLite FTS5 tables kept beside the rows, or PostgreSQL's text search over GIN indexes.

User text never reaches the query language unescaped: it is cut into words, and each word becomes a quoted
FTS5 string (or a plainto_tsquery argument on PostgreSQL), so operators and quotes in it mean nothing.
"""

from __future__ import annotations

import re

from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import Session

from eventwatch.store.schema import ArticleRow, MentionRow

SEARCH_TABLES = ("search_articles", "search_evidence")  # SQLite only; not ORM tables (see migration 0005)
_WORDS = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


def include_name(name: str | None, type_: str, _parents: dict) -> bool:
    """For Alembic: the SQLite search tables (and FTS5's shadow tables) are made by revision 0005, not the ORM."""
    return not (type_ == "table" and name is not None and name.startswith("search_"))


def fts_query(q: str) -> str | None:
    words = _WORDS.findall(q)[:MAX_TERMS]
    return " ".join(f'"{w}"' for w in words) if words else None


def is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def index_article(session: Session, article_id: str, title: str | None, body: str) -> None:
    if is_sqlite(session):
        session.execute(text("INSERT INTO search_articles (article_id, title, text) VALUES (:a, :t, :b)"),
                        {"a": article_id, "t": title or "", "b": body})


def index_evidence(session: Session, rows: list[tuple[int, str]]) -> None:
    if rows and is_sqlite(session):
        session.execute(text("INSERT INTO search_evidence (event_id, sentence) VALUES (:e, :s)"),
                        [{"e": e, "s": s} for e, s in rows])


def matching_events(session: Session, q: str) -> Select | None:
    """Event ids whose evidence matches q, as a subquery; None when q has no words."""
    return _matching(session, q, "search_evidence", "event_id", MentionRow.event_id,
                     func.to_tsvector("english", MentionRow.sentence))


def matching_articles(session: Session, q: str) -> Select | None:
    """Article ids whose title or text matches q, as a subquery; None when q has no words."""
    return _matching(session, q, "search_articles", "article_id", ArticleRow.id,
                     func.to_tsvector("english", func.coalesce(ArticleRow.title, "") + " " + ArticleRow.text))


def _matching(session: Session, q: str, fts_table: str, fts_id: str, pg_id, pg_vector) -> Select | None:
    query = fts_query(q)
    if query is None:
        return None
    if is_sqlite(session):
        return select(text(fts_id)).select_from(text(fts_table)).where(
            text(f"{fts_table} MATCH :q").bindparams(q=query))
    words = " ".join(_WORDS.findall(q)[:MAX_TERMS])
    return select(pg_id).where(pg_vector.op("@@")(func.plainto_tsquery("english", words)))
