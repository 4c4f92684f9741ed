"""Running tallies: what a save adds equals a recount of all mentions, whatever order the articles came in,
on both backends; a store migrated from revision 0009 gets the same tallies as one built by saves."""

from __future__ import annotations

import random

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.orm import Session

from eventwatch.pipeline.stages import Result, process
from eventwatch.store import Store, open_store, tallies
from eventwatch.store.engine import alembic_config
from eventwatch.store.schema import EventRow
from store.ingest_helpers import corpus
from store.test_store_merging import results, save


@pytest.fixture(scope="module")
def reports() -> list[Result]:
    """Demo articles, a copy and an aggregate, plus generated wire copy with syndicated copies (which merge)."""
    generated = [process(doc) for doc in corpus(originals=6, copies=5, resends=0, seed=3, words=220)]
    return [*results().values(), *generated]


# The pairs and the story of the article standing for each (any article reporting the pair is in that story).
PAIRS = ("SELECT first_event_id, second_event_id, cluster_id FROM story_pairs "
         "JOIN articles ON articles.id = article_id "
         "ORDER BY 1, 2")


def by_key(store: Store) -> dict[str, tuple]:
    """Every event's stored tallies, outlets and details, keyed by what identifies it across stores."""
    with Session(store.engine) as session:
        keys = dict(session.query(EventRow.id, EventRow.merge_key).all())
        ids = sorted(keys)
        stored = tallies._stored(session, ids)
        outlets = tallies._outlets(session, ids)
        details = tallies._details(session, ids)
    return {keys[i]: (stored[i], frozenset(outlets.get(i, ())), tuple(sorted(details[i].items()))) for i in ids}


def mismatched(store: Store) -> list[int]:
    with Session(store.engine) as session:
        return [i for ids in tallies.all_event_ids(session) for i in tallies.differing(session, ids)]


def saved_in(order: list[int], reports: list[Result], location: str = ":memory:") -> Store:
    store = open_store(location)
    for index in order:
        save(store, reports[index])
    return store


@pytest.fixture(scope="module")
def reference(reports) -> dict[str, tuple]:
    with saved_in(list(range(len(reports))), reports) as store:
        assert mismatched(store) == []
        found = by_key(store)
    assert any(t.mentions > 1 for t, _, _ in found.values()), "the corpus must merge reports"
    assert any(t.sources > 1 for t, _, _ in found.values())
    return found


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.randoms(use_true_random=False))
def test_any_order_gives_the_recount_and_the_same_tallies(reports, reference, order: random.Random):
    shuffled = list(range(len(reports)))
    order.shuffle(shuffled)
    with saved_in(shuffled, reports) as store:
        assert mismatched(store) == []
        assert by_key(store) == reference


def test_every_backend_keeps_the_same_tallies(new_store, reports, reference):
    store = new_store("tallies")
    for result in reversed(reports):
        save(store, result)
    assert mismatched(store) == []
    assert by_key(store) == reference


def test_a_store_migrated_from_0009_gets_the_tallies_saves_build(tmp_path, reports, reference):
    db = str(tmp_path / "old.db")
    with saved_in(list(range(len(reports))), reports, db) as store:
        with store.engine.connect() as conn:
            pairs_before = conn.execute(text(PAIRS)).all()
            copies_before = conn.execute(text("SELECT article_id, copy FROM article_bands ORDER BY 1, 2, 1")).all()
        cfg = alembic_config(store.engine.url)
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0009")
            # A 0009 store's events carry counts but nothing of the votes: spoil them to see the recount.
            conn.execute(text("UPDATE events SET num_mentions = 1, num_sources = 1"))
    with open_store(db) as store:
        assert mismatched(store) == []
        assert by_key(store) == reference
        with store.engine.connect() as conn:
            assert conn.execute(text(PAIRS)).all() == pairs_before
            assert conn.execute(text("SELECT article_id, copy FROM article_bands ORDER BY 1, 2, 1")).all() \
                == copies_before
