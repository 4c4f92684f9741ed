"""`eventwatch doctor`: a clean store is clean; each kind of damage is reported as exactly that, on both backends."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import contextmanager

import pytest
from sqlalchemy import Connection, inspect, text
from typer.testing import CliRunner

from eventwatch.cli import app
from eventwatch.store import Store
from eventwatch.store.integrity import diagnose
from store.test_store_merging import results, save


@pytest.fixture(scope="module")
def analysed():
    return results()


@pytest.fixture
def filled(new_store, analysed):
    """A store of four demo articles (one a near-duplicate copy) and a tally: merged events, quotes, places."""
    store: Store = new_store()
    for result in analysed.values():
        save(store, result)
    return store


@contextmanager
def unchecked(store: Store, *tables: str):
    """A connection on which foreign keys of these tables are not enforced, as after a crash of a careless tool."""
    with store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        else:
            for table in tables:
                for fk in inspect(conn).get_foreign_keys(table):
                    conn.exec_driver_sql(f'ALTER TABLE {table} DROP CONSTRAINT "{fk["name"]}"')
        yield conn
        conn.commit()
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")


def one(conn: Connection, sql: str):
    return conn.execute(text(sql)).scalar_one()


def merged_event(conn: Connection) -> int:
    """An event reported by more than one mention."""
    return one(conn, "SELECT event_id FROM mentions GROUP BY event_id HAVING count(*) > 1 ORDER BY event_id LIMIT 1")


def sqlite_only(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


def lose_an_events_mentions(store: Store) -> set[str]:
    with store.engine.begin() as conn:
        event = merged_event(conn)
        conn.execute(text("DELETE FROM mentions WHERE event_id = :e"), {"e": event})
        if sqlite_only(conn):
            conn.execute(text("DELETE FROM search_evidence WHERE event_id = :e"), {"e": event})
    return {"events-without-mentions"}


def miscount_an_event(store: Store) -> set[str]:
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE events SET num_mentions = num_mentions + 1, last_seen = NULL "
                          "WHERE id = :e"), {"e": merged_event(conn)})
    return {"event-counts"}


def skew_a_vote(store: Store) -> set[str]:
    """A running tally off by some votes, as after a save that was half applied by hand."""
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE event_votes SET votes = votes + 3 WHERE event_id = :e AND detail = 'source'"),
                     {"e": merged_event(conn)})
    return {"event-counts"}


def forget_an_outlet(store: Store) -> set[str]:
    with store.engine.begin() as conn:
        event = merged_event(conn)
        outlet = one(conn, f"SELECT min(outlet) FROM event_outlets WHERE event_id = {event}")
        conn.execute(text("DELETE FROM event_outlets WHERE event_id = :e AND outlet = :o"), {"e": event, "o": outlet})
    return {"event-counts"}


def mention_of_missing_event(store: Store) -> set[str]:
    with unchecked(store, "mentions") as conn:
        conn.execute(text("INSERT INTO mentions (event_id, article_id, sentence_index, sentence, start, \"end\", "
                          "trigger_start, trigger_end, url, coded) SELECT 999999, article_id, sentence_index, "
                          "sentence, start, \"end\", trigger_start, trigger_end, url, coded FROM mentions "
                          "WHERE id = (SELECT min(id) FROM mentions)"))
        # Not in the search index either: one finding of that kind on SQLite, where the index is ours to keep.
        return {"mentions-without-event"} | ({"foreign-keys", "search-evidence"} if sqlite_only(conn) else set())


def copy_of_missing_original(store: Store) -> set[str]:
    with unchecked(store, "articles") as conn:
        conn.execute(text("UPDATE articles SET duplicate_of = 'gone' WHERE id = (SELECT min(id) FROM articles)"))
        return {"duplicate-of-missing"} | ({"foreign-keys"} if sqlite_only(conn) else set())


def dangling_quote_link(store: Store) -> set[str]:
    with unchecked(store, "event_quotes") as conn:
        conn.execute(text("INSERT INTO event_quotes (event_id, quote_id) SELECT min(id), 999999 FROM events"))
        return {"event-quotes-without-quote"} | ({"foreign-keys"} if sqlite_only(conn) else set())


def actor_mentions_of_missing_article(store: Store) -> set[str]:
    with unchecked(store, "actor_mentions") as conn:
        conn.execute(text("UPDATE actor_mentions SET article_id = 'gone' WHERE id = (SELECT min(id) FROM "
                          "actor_mentions)"))
        return {"actor-mentions-without-article"} | ({"foreign-keys"} if sqlite_only(conn) else set())


def alert_of_missing_watch(store: Store) -> set[str]:
    import datetime as dt

    with unchecked(store, "alerts") as conn:
        conn.execute(text("INSERT INTO alerts (watch_id, event_id, kind, num_sources, created_at, suppressed, "
                          "payload) VALUES (999999, NULL, 'summary', 0, :at, :no, '{}')"),
                     {"at": dt.datetime.now(dt.UTC), "no": False})
        return {"alerts-without-watch"} | ({"foreign-keys"} if sqlite_only(conn) else set())


def tamper_with_evidence(store: Store) -> set[str]:
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE mentions SET sentence = 'Something else entirely.' WHERE id = "
                          "(SELECT min(id) FROM mentions)"))
    return {"mention-sentence"}


def mention_past_the_text(store: Store) -> set[str]:
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE mentions SET \"end\" = 10000000, trigger_end = 10000000 WHERE id = "
                          "(SELECT max(id) FROM mentions)"))
    return {"mention-offsets"}


def sentences_past_the_text(store: Store) -> set[str]:
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE articles SET sentences = :s WHERE id = (SELECT min(id) FROM articles)"),
                     {"s": json.dumps([[0, 10_000_000, 0]])})
    return {"sentence-offsets"}


def unindex_an_article(store: Store) -> set[str]:
    with store.engine.begin() as conn:
        if sqlite_only(conn):
            conn.execute(text("DELETE FROM search_articles WHERE article_id = (SELECT min(id) FROM articles)"))
            return {"search-articles"}
        conn.execute(text("DROP INDEX ix_search_articles"))
        return {"search-index"}


def schema_behind(store: Store) -> set[str]:
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0005'"))
    return {"schema-revision"}


DAMAGE: list[Callable[[Store], set[str]]] = [
    lose_an_events_mentions, miscount_an_event, skew_a_vote, forget_an_outlet, mention_of_missing_event,
    copy_of_missing_original,
    dangling_quote_link, actor_mentions_of_missing_article, alert_of_missing_watch, tamper_with_evidence,
    mention_past_the_text, sentences_past_the_text, unindex_an_article, schema_behind,
]
REPAIRABLE = {miscount_an_event, skew_a_vote, forget_an_outlet, unindex_an_article}


def test_a_whole_store_is_clean(filled):
    diagnosis = diagnose(filled.engine)
    assert diagnosis.clean, diagnosis.problems
    assert diagnosis.counts["articles"] == 5 and diagnosis.counts["events"] > 10


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__)
def test_each_damage_is_reported_as_exactly_that(filled, damage):
    expected = damage(filled)
    diagnosis = diagnose(filled.engine)
    assert {p.check for p in diagnosis.problems} == expected
    assert all(p.count >= 1 and p.examples for p in diagnosis.problems)
    fixable = {p.check for p in diagnosis.problems if p.repairable}
    assert bool(fixable) == (damage in REPAIRABLE or "search-evidence" in expected)
    repaired = diagnose(filled.engine, fix=True)
    assert bool(repaired.repaired) == bool(fixable)
    # Only what can be recomputed is repaired; missing and dangling rows stay reported.
    assert {p.check for p in repaired.problems} == expected - fixable


def test_doctor_command_exit_status_and_json(filled):
    runner = CliRunner()
    location = filled.engine.url.render_as_string(hide_password=False)
    clean = runner.invoke(app, ["doctor", "--db", location])
    assert clean.exit_code == 0, clean.output
    assert "clean" in clean.output
    miscount_an_event(filled)
    damaged = runner.invoke(app, ["doctor", "--db", location, "--format", "json"])
    assert damaged.exit_code == 1
    report = json.loads(damaged.output)
    assert not report["clean"] and [p["check"] for p in report["problems"]] == ["event-counts"]
    assert report["problems"][0]["count"] == 1 and report["problems"][0]["repairable"]
    fixed = runner.invoke(app, ["doctor", "--db", location, "--repair"])
    assert fixed.exit_code == 0 and "recomputed" in fixed.output


def test_a_corrupted_sqlite_file_is_reported_not_crashed_on(tmp_path, analysed):
    from eventwatch.store import open_store

    path = tmp_path / "broken.db"
    with open_store(str(path)) as store:
        for result in analysed.values():
            save(store, result)
    size = path.stat().st_size
    with path.open("r+b") as f:  # garbage over the middle of the file: b-tree pages, not the header
        f.seek(size // 2)
        f.write(b"\xde\xad\xbe\xef" * 2048)
    result = CliRunner().invoke(app, ["doctor", "--db", str(path)])
    assert result.exit_code == 1, result.output
    assert "sqlite-integrity" in result.output or "failed" in result.output
