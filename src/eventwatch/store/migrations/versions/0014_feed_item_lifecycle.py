"""Feed items that are not lost: each entry is recorded when first seen and keeps its state until it is settled.

Revision ID: 0014
Revises: 0013

Before, an entry was recorded only once dealt with, a page that failed for now kept its feed's validators from
being saved (so the feed was fetched in full every poll), and a 404 was recorded as done for good. Now every entry
is recorded as ``pending`` when the feed lists it, with the feed's title and date for it, and moves to
``stored``, ``unusable`` (robots, not a text page) or, after its retries with backoff, ``failed`` with the reason;
``feeds retry`` puts failed ones back. Feeds keep their consecutive failures and the time of their next poll, so
one that keeps failing backs off. Existing rows were all dealt with: stored when they have a content hash.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ITEM_COLUMNS = ("status", "reason", "attempts", "next_attempt_at", "title", "published")


# Plain ALTER TABLE on both backends, as in 0012.
def upgrade() -> None:
    op.add_column("feed_items", sa.Column("status", sa.String(), nullable=False, server_default="stored"))
    op.add_column("feed_items", sa.Column("reason", sa.String(), nullable=True))
    op.add_column("feed_items", sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("feed_items", sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("feed_items", sa.Column("title", sa.Text(), nullable=True))
    op.add_column("feed_items", sa.Column("published", sa.Date(), nullable=True))
    op.execute("UPDATE feed_items SET status = 'unusable' WHERE content_hash IS NULL")
    op.create_index("ix_feed_items_status_next", "feed_items", ["status", "next_attempt_at"])
    op.add_column("feeds", sa.Column("failures", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("feeds", sa.Column("next_poll_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("feeds", "next_poll_at")
    op.drop_column("feeds", "failures")
    op.drop_index("ix_feed_items_status_next", table_name="feed_items")
    for column in reversed(_ITEM_COLUMNS):
        op.drop_column("feed_items", column)
