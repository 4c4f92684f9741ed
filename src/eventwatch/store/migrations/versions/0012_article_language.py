"""Each article's language (BCP 47: en, ko, ru, uk, und-Latn…), told from its text at ingest.

Revision ID: 0012
Revises: 0011

Articles stored before this revision keep NULL: they were all coded as English, and telling their language now
would need every stored text read again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both backends (SQLite has dropped columns since 3.35): a batch migration would copy the
# articles table, and SQLite refuses to drop the original while events and mentions point at it.
def upgrade() -> None:
    op.add_column("articles", sa.Column("language", sa.String(), nullable=True))


def downgrade() -> None:
    op.drop_column("articles", "language")
