"""One session idiom: the side tables (feeds, tokens, watch state) run in ``Store.transaction``, as the Store's own
writes do, so they commit, roll back and type their errors the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from eventwatch.errors import StoreError, StoreUnwritable
from eventwatch.store import open_store
from eventwatch.store.feeds import add_feed, list_feeds
from eventwatch.store.schema import FeedRow
from eventwatch.store.tokens import create_token
from eventwatch.store.watches import add_watch
from store.ingest_helpers import cap_growth


def test_a_transaction_commits_on_success_and_rolls_back_on_any_error(new_store) -> None:
    store = new_store("tx")
    with store.transaction("feeds") as session:
        session.add(FeedRow(url="https://example.org/kept.xml", items_seen=0))
    with pytest.raises(RuntimeError), store.transaction("feeds") as session:
        session.add(FeedRow(url="https://example.org/dropped.xml", items_seen=0))
        session.flush()
        raise RuntimeError("stopped half-way")
    with store.transaction("feeds") as session:
        assert list(session.scalars(select(FeedRow.url))) == ["https://example.org/kept.xml"]


def test_a_database_error_names_what_was_being_done_and_the_store(new_store) -> None:
    store = new_store("named")
    with pytest.raises(StoreError, match=r"^API tokens in store .*no_such_table") as raised, \
            store.transaction("API tokens") as session:
        session.execute(text("SELECT * FROM no_such_table"))
    assert not isinstance(raised.value, StoreUnwritable)


def test_a_full_store_is_unwritable_for_the_side_tables_too(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "full.db")) as store:
        add_feed(store, "https://example.org/first.xml")
        cap_growth(store, 0)
        with pytest.raises(StoreUnwritable) as raised:
            for n in range(2000):  # each row fits in a page already there until one needs a new page
                add_watch(store, f"watch {n}", {"actor": "PRK", "note": "x" * 500})
        assert raised.value.reason == "full"
        with pytest.raises(StoreUnwritable):
            for n in range(2000):
                create_token(store, f"token {n} " + "y" * 80)
        assert [f.url for f in list_feeds(store)] == ["https://example.org/first.xml"]
