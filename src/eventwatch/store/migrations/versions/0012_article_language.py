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


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("language", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("language")
