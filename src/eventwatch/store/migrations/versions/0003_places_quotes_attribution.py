"""Places (gazetteer entries and their mentions), quotes and their links to events, attribution details.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    _places()
    _place_mentions()
    _quotes()
    _event_quotes()
    _event_attribution()


def _places() -> None:
    op.create_table(
        "places",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("precision", sa.String(), nullable=False),
        sa.Column("country", sa.String(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_places"),
    )
    op.create_index("ix_places_country", "places", ["country"])


def _place_mentions() -> None:
    op.create_table(
        "place_mentions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("place_id", sa.String(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sentence", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_place_mentions_article_id_articles",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], name="fk_place_mentions_place_id_places"),
        sa.PrimaryKeyConstraint("id", name="pk_place_mentions"),
    )
    op.create_index("ix_place_mentions_article_id", "place_mentions", ["article_id"])
    op.create_index("ix_place_mentions_place_id", "place_mentions", ["place_id"])


def _quotes() -> None:
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("sentence", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("speaker", sa.String(), nullable=True),
        sa.Column("speaker_text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_quotes_article_id_articles",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_quotes"),
    )
    op.create_index("ix_quotes_article_id", "quotes", ["article_id"])
    op.create_index("ix_quotes_speaker", "quotes", ["speaker"])


def _event_quotes() -> None:
    op.create_table(
        "event_quotes",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name="fk_event_quotes_event_id_events",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["quote_id"], ["quotes.id"], name="fk_event_quotes_quote_id_quotes",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", "quote_id", name="pk_event_quotes"),
    )
    op.create_index("ix_event_quotes_quote_id", "event_quotes", ["quote_id"])


def _event_attribution() -> None:
    """The place and attribution columns of an event."""
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("reported_by_text", sa.Text(), nullable=True))
        batch.add_column(sa.Column("reported_via", sa.String(), nullable=True))
        batch.add_column(sa.Column("claim", sa.String(), nullable=True))
        batch.add_column(sa.Column("place_id", sa.String(), nullable=True))
        batch.add_column(sa.Column("place_basis", sa.String(), nullable=True))
        batch.add_column(sa.Column("place_text", sa.Text(), nullable=True))
        batch.create_foreign_key("fk_events_place_id_places", "places", ["place_id"], ["id"])
        batch.create_index("ix_events_place_id", ["place_id"])


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_place_id")
        batch.drop_constraint("fk_events_place_id_places", type_="foreignkey")
        for column in ("place_text", "place_basis", "place_id", "claim", "reported_via", "reported_by_text"):
            batch.drop_column(column)
    op.drop_table("event_quotes")
    op.drop_table("quotes")
    op.drop_table("place_mentions")
    op.drop_table("places")
