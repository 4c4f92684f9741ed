"""Watches and alerts: watchlists, the outbox of changed events, alerts and their deliveries.

Revision ID: 0007
Revises: 0006

``event_changes`` is filled by the save transaction itself (only while a watch exists), so an alert run that
starts after a crash still sees every event stored before it. ``alerts`` is unique on (watch, event, outlet
count): the same change never alerts twice. ``alert_deliveries`` keeps each channel's delivery state (attempts,
next retry, errors), so a restart neither re-sends what was delivered nor forgets what failed.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "watches",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_watches"),
        sa.UniqueConstraint("name", name="uq_watches_name"),
    )
    op.create_table(
        "event_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name="fk_event_changes_event_id_events",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_event_changes"),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("watch_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("num_sources", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.Column("summary_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["watch_id"], ["watches.id"], name="fk_alerts_watch_id_watches", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name="fk_alerts_event_id_events", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["summary_id"], ["alerts.id"], name="fk_alerts_summary_id_alerts",
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_alerts"),
        sa.UniqueConstraint("watch_id", "event_id", "num_sources", name="uq_alerts_watch_event_sources"),
    )
    op.create_index("ix_alerts_watch_id_created_at", "alerts", ["watch_id", "created_at"])
    op.create_index("ix_alerts_event_id", "alerts", ["event_id"])
    op.create_table(
        "alert_deliveries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"], name="fk_alert_deliveries_alert_id_alerts",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_alert_deliveries"),
        sa.UniqueConstraint("alert_id", "channel", name="uq_alert_deliveries_alert_channel"),
    )
    op.create_index("ix_alert_deliveries_status_next_attempt_at", "alert_deliveries", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_table("alert_deliveries")
    op.drop_table("alerts")
    op.drop_table("event_changes")
    op.drop_table("watches")
