"""Full-text search over articles and evidence: SQLite FTS5 tables, PostgreSQL GIN indexes.

Revision ID: 0005
Revises: 0004

On SQLite the search tables (``search_articles``, ``search_evidence``) hold a copy of the searchable text and
are written with each article (``store/search.py``); on PostgreSQL expression indexes over
``to_tsvector('english', …)`` serve the same queries with nothing extra to write.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE search_articles USING fts5(article_id UNINDEXED, title, text, "
                   "tokenize = 'porter unicode61')")
        op.execute("CREATE VIRTUAL TABLE search_evidence USING fts5(event_id UNINDEXED, sentence, "
                   "tokenize = 'porter unicode61')")
        op.execute("INSERT INTO search_articles (article_id, title, text) SELECT id, coalesce(title, ''), text "
                   "FROM articles")
        op.execute("INSERT INTO search_evidence (event_id, sentence) SELECT event_id, sentence FROM mentions")
    else:
        op.execute("CREATE INDEX ix_search_articles ON articles USING gin "
                   "(to_tsvector('english', coalesce(title, '') || ' ' || text))")
        op.execute("CREATE INDEX ix_search_evidence ON mentions USING gin (to_tsvector('english', sentence))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_evidence")
        op.execute("DROP TABLE search_articles")
    else:
        op.execute("DROP INDEX ix_search_evidence")
        op.execute("DROP INDEX ix_search_articles")
