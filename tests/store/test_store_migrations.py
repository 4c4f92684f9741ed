"""The schema comes from Alembic; these tests keep the migrations and the ORM models in step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, create_engine, inspect, text
from sqlalchemy.engine import Engine

from eventwatch.errors import StoreError
from eventwatch.store import open_store
from eventwatch.store.engine import alembic_config, head_revision, migrations_dir
from eventwatch.store.schema import Base
from eventwatch.store.search import include_name

COUNTED = {"articles", "actors", "actor_mentions", "events", "mentions", "places", "place_mentions", "quotes",
           "event_quotes"}
# The latest revision: every test below expects a new store to reach it.
HEAD = "0014"
# Index tables, feed subscriptions (0006), watches and alerts (0007), API tokens (0008): not part of the
# store's counts.
TABLES = COUNTED | {"article_bands", "article_terms", "feeds", "feed_items", "watches", "event_changes", "alerts",
                  "event_votes", "event_outlets", "story_pairs",
                  "alert_deliveries", "api_tokens"}


def ours(engine: Engine) -> set[str]:
    """Table names, without SQLite's full-text tables (made by hand in revision 0005)."""
    return {t for t in inspect(engine).get_table_names() if not t.startswith("search_")}


def snapshot(engine: Engine) -> dict[str, Any]:
    """Everything the inspector reports about our tables, in a comparable form."""
    insp = inspect(engine)
    result: dict[str, Any] = {}
    for table in sorted(t for t in insp.get_table_names() if t != "alembic_version" and not t.startswith("search_")):
        pk = insp.get_pk_constraint(table)
        result[table] = {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"], c.get("primary_key", 0))
                for c in insp.get_columns(table)
            ],
            "pk": (pk.get("name"), tuple(pk["constrained_columns"])),
            "fks": sorted(
                (
                    fk.get("name") or "",
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    tuple(fk["referred_columns"]),
                    (fk.get("options") or {}).get("ondelete") or "",
                )
                for fk in insp.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (ix["name"] or "", tuple(ix["column_names"]), bool(ix["unique"]))
                for ix in insp.get_indexes(table)
            ),
            "uniques": sorted(
                (uq.get("name") or "", tuple(uq["column_names"])) for uq in insp.get_unique_constraints(table)
            ),
        }
    return result


def orm_engine(path: Path, metadata: MetaData = Base.metadata) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    metadata.create_all(engine)
    return engine


def test_fresh_database_reaches_head(tmp_path: Path) -> None:
    db = tmp_path / "nested" / "dir" / "events.db"
    with open_store(str(db)) as store:
        assert db.exists()
        assert store.schema_version() == head_revision() == HEAD
        assert ours(store.engine) == TABLES | {"alembic_version"}
        assert store.counts() == dict.fromkeys(COUNTED, 0)


def test_reopening_is_a_no_op(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    with open_store(str(db)) as store, store.engine.begin() as conn:
        conn.execute(text("INSERT INTO actors (code) VALUES ('USAGOV')"))
        before = conn.execute(text("SELECT type, name, sql FROM sqlite_master ORDER BY name")).all()
    with open_store(f"sqlite:///{db}") as store:
        assert store.schema_version() == HEAD
        with store.engine.connect() as conn:
            after = conn.execute(text("SELECT type, name, sql FROM sqlite_master ORDER BY name")).all()
            versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        assert store.counts()["actors"] == 1
    assert after == before
    assert versions == [HEAD]


def test_orm_and_migration_produce_the_same_schema(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "migrated.db")) as store:
        migrated = snapshot(store.engine)
    from_orm = snapshot(orm_engine(tmp_path / "orm.db"))
    assert set(migrated) == TABLES
    assert migrated == from_orm


def test_autogenerate_sees_no_difference(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "events.db")) as store, store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_snapshot_notices_a_drift(tmp_path: Path) -> None:
    # Guards the guard: a column added on the ORM side must show up as a difference.
    drifted = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(drifted)
    drifted.tables["actors"].append_column(Column("extra", Integer))
    with open_store(str(tmp_path / "migrated.db")) as store:
        migrated = snapshot(store.engine)
    assert migrated != snapshot(orm_engine(tmp_path / "orm.db", drifted))


def test_sqlite_pragmas(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "events.db")) as store, store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        with pytest.raises(Exception, match="FOREIGN KEY"):
            conn.execute(
                text(
                    "INSERT INTO actor_mentions (article_id, code, start, \"end\", text, sentence, resolved)"
                    " VALUES ('nope', 'nope', 0, 1, 'x', 0, 0)"
                )
            )


def test_in_memory_store_keeps_its_schema_across_sessions() -> None:
    for location in ("sqlite://", ":memory:"):
        with open_store(location) as store:
            assert store.schema_version() == HEAD
            assert store.counts()["events"] == 0


def test_unknown_revision_is_a_store_error(tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    open_store(str(db)).close()
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match="9999"):
        open_store(str(db))


def test_downgrade_to_base_and_back(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "events.db")) as store:
        cfg = alembic_config(store.engine.url)
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
        assert set(inspect(store.engine).get_table_names()) == {"alembic_version"}
        assert store.schema_version() is None
    with open_store(str(tmp_path / "events.db")) as store:
        assert store.schema_version() == HEAD
        assert ours(store.engine) == TABLES | {"alembic_version"}


def test_bad_locations_raise_store_error() -> None:
    with pytest.raises(StoreError):
        open_store("   ")
    with pytest.raises(StoreError):
        open_store("nosuchdialect://x/y")


def test_migrations_ship_inside_the_package() -> None:
    root = migrations_dir()
    assert (root / "env.py").is_file()
    assert (root / "script.py.mako").is_file()
    assert (root / "versions" / "0001_initial.py").is_file()
    assert root.parent == Path(__import__("eventwatch.store").store.__file__).parent


def test_a_store_at_the_first_revision_upgrades_and_keeps_its_rows(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with open_store(str(db)) as store:
        cfg = alembic_config(store.engine.url)
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
            conn.execute(text("INSERT INTO actors (code) VALUES ('PRKMIL')"))
        assert "reported_by" not in {c["name"] for c in inspect(store.engine).get_columns("events")}
    with open_store(str(db)) as store:
        assert store.schema_version() == HEAD
        columns = {c["name"] for c in inspect(store.engine).get_columns("events")}
        assert {"reported_by", "place_id", "claim", "reported_via"} <= columns
        assert {"places", "quotes", "event_quotes", "place_mentions"} <= set(inspect(store.engine).get_table_names())
        assert store.counts()["actors"] == 1


def test_revision_0004_merges_the_events_two_articles_share(tmp_path: Path) -> None:
    db = tmp_path / "pre-merge.db"
    with open_store(str(db)) as store:
        cfg = alembic_config(store.engine.url)
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0003")
            conn.execute(text("INSERT INTO actors (code) VALUES ('PRKMIL'), ('PRKGOV')"))
            for n, (article, source, published) in enumerate(
                    [("a1", "Wire A", "2023-03-14"), ("a2", "Wire B", "2023-03-15")], start=1):
                conn.execute(text(
                    "INSERT INTO articles (id, content_hash, url, source, origin, text, debris_removed, "
                    "ingested_at, sentences, published) VALUES (:id, :h, :u, :s, 'test', :t, 0, "
                    "'2024-01-01 00:00:00', '[[0, 10, 0]]', :p)"),
                    {"id": article, "h": article * 8, "u": f"https://{article}.example.org/x", "s": source,
                     "t": f"North Korea fired a missile on Tuesday, story {n}.", "p": published})
                conn.execute(text(
                    "INSERT INTO events (id, source_actor, plover_type, mode, cameo_root, intensity, modality, "
                    "aggregate, date, date_precision, confidence, first_article_id) VALUES (:id, :src, "
                    "'MOBILIZE', 'missile-test', '15', -5.5, 'asserted', 0, '2023-03-14', 'day', 0.8, :a)"),
                    {"id": n, "src": "PRKMIL" if n == 1 else "PRKGOV", "a": article})
                conn.execute(text(
                    "INSERT INTO mentions (event_id, article_id, sentence_index, sentence, start, \"end\", "
                    "trigger_start, trigger_end) VALUES (:e, :a, 0, 's', 0, 10, 0, 5)"), {"e": n, "a": article})
    with open_store(str(db)) as store:
        assert store.schema_version() == HEAD
        (event,) = store.query_events()
        assert (event.num_mentions, event.num_articles, event.num_sources) == (2, 2, 2)
        assert (str(event.first_seen), str(event.last_seen)) == ("2023-03-14", "2023-03-15")
        assert store.counts()["events"] == 1 and store.counts()["mentions"] == 2
        article = store.get_article("a1")
        assert article is not None and article.cluster_id == "a1" and article.outlet == "Wire A"


def test_every_backend_migrates_down_to_nothing_and_up_again(new_store) -> None:
    store = new_store("roundtrip")
    cfg = alembic_config(store.engine.url)
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert ours(store.engine) <= {"alembic_version"}
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert ours(store.engine) == TABLES | {"alembic_version"}
    assert store.schema_version() == head_revision()
