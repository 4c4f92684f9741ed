"""An index on (source_actor, target_actor, date) for the escalation index of an actor pair.

Revision ID: 0009
Revises: 0008

Without it a pair was read through ``(source_actor, date)``: every event of the busier source actor, its target
tested row by row, so a pair cost as much as its source's whole history.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_events_source_actor_target_actor_date", "events", ["source_actor", "target_actor", "date"])


def downgrade() -> None:
    op.drop_index("ix_events_source_actor_target_actor_date", table_name="events")
