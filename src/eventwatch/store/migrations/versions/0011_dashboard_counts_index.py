"""The (plover_type, date) index made covering for the dashboard's counts: (type, modality, date, date
precision, intensity).

Revision ID: 0011
Revises: 0010

The dashboard's home counts every event of the store per type, per modality and per day (facets and timeline).
Through the old index each of a million events cost a lookup of its table row; with these columns in the index,
in this order, the counts read the index alone and in the order they group by (type, modality, day), with no sort.
A query by type and date still seeks by type; the date range is then checked inside the index.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ["plover_type", "modality", "date", "date_precision", "intensity"]


def upgrade() -> None:
    op.drop_index("ix_events_plover_type_date", table_name="events")
    op.create_index("ix_events_type_modality_date", "events", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_events_type_modality_date", table_name="events")
    op.create_index("ix_events_plover_type_date", "events", ["plover_type", "date"])
