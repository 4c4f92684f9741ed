"""Running tallies: a save's cost no longer grows with the history of the events it touches.

Revision ID: 0010
Revises: 0009

``event_votes`` (the merge's vote per detail value) and ``event_outlets`` (the outlets that reported an event)
let a save add its reports to an event instead of recounting all of its mentions; ``story_pairs`` lets an
article find the story it shares two events with by one seek per pair. ``article_bands.copy`` lets copies be
compared with their original first, and ``(content_hash, url)`` finds a stored copy with one seek. Existing
stores are filled from their mentions: the pairs and outlets in SQL, the votes by ``store.tallies.rewrite``
(the same recount ``doctor --repair`` runs), chunk by chunk.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PAIRS = """
INSERT INTO story_pairs (first_event_id, second_event_id, article_id)
SELECT a.event_id, b.event_id, MIN(a.article_id)
FROM mentions a JOIN mentions b ON a.article_id = b.article_id AND a.event_id < b.event_id
JOIN events ea ON ea.id = a.event_id JOIN events eb ON eb.id = b.event_id
WHERE ea.aggregate = :no AND eb.aggregate = :no
GROUP BY a.event_id, b.event_id
"""


def upgrade() -> None:
    _create_tables()
    with op.batch_alter_table("article_bands") as batch:
        batch.add_column(sa.Column("copy", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.drop_index("ix_article_bands_key")
        batch.create_index("ix_article_bands_key_copy", ["key", "copy"])
    with op.batch_alter_table("articles") as batch:
        batch.drop_index("ix_articles_content_hash")
        batch.create_index("ix_articles_content_hash_url", ["content_hash", "url"])
    bind = op.get_bind()
    bind.execute(sa.text("UPDATE article_bands SET copy = :yes WHERE article_id IN "
                         "(SELECT id FROM articles WHERE duplicate_of IS NOT NULL)"), {"yes": True})
    bind.execute(sa.text(PAIRS), {"no": False})
    _fill_tallies(bind)


def _create_tables() -> None:
    op.create_table(
        "event_votes",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("detail", sa.String(), nullable=False),
        sa.Column("value_hash", sa.String(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("votes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name="fk_event_votes_event_id_events",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", "detail", "value_hash", name="pk_event_votes"),
    )
    op.create_table(
        "event_outlets",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("outlet", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name="fk_event_outlets_event_id_events",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", "outlet", name="pk_event_outlets"),
    )
    op.create_table(
        "story_pairs",
        sa.Column("first_event_id", sa.Integer(), nullable=False),
        sa.Column("second_event_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["first_event_id"], ["events.id"], name="fk_story_pairs_first_event_id_events",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["second_event_id"], ["events.id"],
                                name="fk_story_pairs_second_event_id_events", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_story_pairs_article_id_articles",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("first_event_id", "second_event_id", name="pk_story_pairs"),
    )
    op.create_index("ix_story_pairs_article_id", "story_pairs", ["article_id"])


def _fill_tallies(bind: sa.Connection) -> None:
    # The application's own recount, so that a migrated store holds exactly what new saves would have built.
    from eventwatch.store import tallies

    session = Session(bind=bind)
    for ids in tallies.all_event_ids(session):
        tallies.rewrite(session, ids)
    session.flush()


def downgrade() -> None:
    op.drop_table("story_pairs")
    op.drop_table("event_outlets")
    op.drop_table("event_votes")
    with op.batch_alter_table("articles") as batch:
        batch.drop_index("ix_articles_content_hash_url")
        batch.create_index("ix_articles_content_hash", ["content_hash"])
    with op.batch_alter_table("article_bands") as batch:
        batch.drop_index("ix_article_bands_key_copy")
        batch.drop_column("copy")
        batch.create_index("ix_article_bands_key", ["key"])
