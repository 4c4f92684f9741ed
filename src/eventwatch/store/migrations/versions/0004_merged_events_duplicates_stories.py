"""One event for all its reports; near-duplicate articles, story clusters and key terms.

Revision ID: 0004
Revises: 0003

Existing events are given their merge key; events of different articles that share a key are merged into
the oldest one (their mentions move to it), so the unique index holds. Existing articles get their outlet,
MinHash and LSH bands, and a story cluster of their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import urlparse

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("outlet", sa.String(), nullable=True))
        batch.add_column(sa.Column("minhash", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("duplicate_of", sa.String(), nullable=True))
        batch.add_column(sa.Column("similarity", sa.Float(), nullable=True))
        batch.add_column(sa.Column("cluster_id", sa.String(), nullable=True))
        batch.create_foreign_key("fk_articles_duplicate_of_articles", "articles", ["duplicate_of"], ["id"])
        batch.create_index("ix_articles_cluster_id", ["cluster_id"])
        batch.drop_index("ix_articles_content_hash")
        batch.create_index("ix_articles_content_hash", ["content_hash"])
        batch.create_index("ix_articles_duplicate_of", ["duplicate_of"])
    op.create_table(
        "article_bands",
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_article_bands_article_id_articles",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("band", "key", "article_id", name="pk_article_bands"),
    )
    op.create_index("ix_article_bands_article_id", "article_bands", ["article_id"])
    op.create_index("ix_article_bands_key", "article_bands", ["key"])
    op.create_table(
        "article_terms",
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("term", sa.String(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name="fk_article_terms_article_id_articles",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", "term", name="pk_article_terms"),
    )
    op.create_index("ix_article_terms_term", "article_terms", ["term"])
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("merge_key", sa.String(), nullable=True))
        for name in ("num_mentions", "num_articles", "num_sources"):
            batch.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("first_seen", sa.Date(), nullable=True))
        batch.add_column(sa.Column("last_seen", sa.Date(), nullable=True))
    with op.batch_alter_table("mentions") as batch:
        batch.add_column(sa.Column("coded", sa.JSON(), nullable=True))
    _backfill(op.get_bind())
    with op.batch_alter_table("events") as batch:
        batch.alter_column("merge_key", existing_type=sa.String(), nullable=False)
        batch.create_index("ix_events_merge_key", ["merge_key"], unique=True)


def _backfill(conn: sa.Connection) -> None:
    # Imported here: the revision module is loaded by Alembic for every command, the analysis code only now.
    from eventwatch.dedup.merging import key_of
    from eventwatch.dedup.signature import DEFAULT_THRESHOLD, band_keys, signature
    from eventwatch.store.records import date_label

    articles = conn.execute(sa.text("SELECT id, text, source, url, published FROM articles")).all()
    published: dict[str, dt.date | None] = {}
    for article_id, text, source, url, day in articles:
        sig = signature(text)
        outlet = source or (urlparse(url).hostname if url else None)
        conn.execute(sa.text("UPDATE articles SET outlet = :o, minhash = :m, cluster_id = :id WHERE id = :id"),
                     {"o": outlet, "m": sig, "id": article_id})
        conn.execute(sa.text("INSERT INTO article_bands (band, key, article_id) VALUES (:b, :k, :id)"),
                     [{"b": b, "k": k, "id": article_id} for b, k in band_keys(sig, DEFAULT_THRESHOLD)])
        published[article_id] = day if isinstance(day, dt.date) or day is None else dt.date.fromisoformat(str(day))
    events = conn.execute(sa.text(
        "SELECT id, plover_type, mode, source_actor, target_actor, date, date_precision, modality, aggregate "
        "FROM events ORDER BY id")).all()
    keeper: dict[str, int] = {}
    for event_id, kind, mode, source, target, day, precision, modality, aggregate in events:
        day = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day))
        key = key_of(kind, mode, source, target, date_label(day, precision), modality, bool(aggregate))
        if key in keeper:
            conn.execute(sa.text("UPDATE mentions SET event_id = :k WHERE event_id = :e"),
                         {"k": keeper[key], "e": event_id})
            conn.execute(sa.text("DELETE FROM event_quotes WHERE event_id = :e"), {"e": event_id})
            conn.execute(sa.text("DELETE FROM events WHERE id = :e"), {"e": event_id})
            continue
        keeper[key] = event_id
        conn.execute(sa.text("UPDATE events SET merge_key = :k WHERE id = :e"), {"k": key, "e": event_id})
    for event_id in keeper.values():
        rows = conn.execute(sa.text(
            "SELECT m.article_id, a.outlet FROM mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.event_id = :e"), {"e": event_id}).all()
        days = [published[a] for a, _ in rows if published.get(a)]
        conn.execute(sa.text(
            "UPDATE events SET num_mentions = :m, num_articles = :a, num_sources = :s, first_seen = :f, "
            "last_seen = :l WHERE id = :e"),
            {"m": len(rows), "a": len({a for a, _ in rows}), "s": len({o or a for a, o in rows}) or 1,
             "f": min(days) if days else None, "l": max(days) if days else None, "e": event_id})


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_merge_key")
        for name in ("last_seen", "first_seen", "num_sources", "num_articles", "num_mentions", "merge_key"):
            batch.drop_column(name)
    with op.batch_alter_table("mentions") as batch:
        batch.drop_column("coded")
    op.drop_table("article_terms")
    op.drop_table("article_bands")
    with op.batch_alter_table("articles") as batch:
        batch.drop_index("ix_articles_duplicate_of")
        batch.drop_index("ix_articles_cluster_id")
        batch.drop_index("ix_articles_content_hash")
        batch.create_index("ix_articles_content_hash", ["content_hash"], unique=True)
        batch.drop_constraint("fk_articles_duplicate_of_articles", type_="foreignkey")
        for name in ("cluster_id", "similarity", "duplicate_of", "minhash", "outlet"):
            batch.drop_column(name)
