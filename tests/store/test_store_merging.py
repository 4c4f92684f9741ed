"""Event merging, near-duplicate copies, stories and related stories, through the store."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest

from eventwatch.ingest import iter_documents
from eventwatch.pipeline.stages import Result, process
from eventwatch.store import Store

DEMO = Path(__file__).parents[2] / "src/eventwatch/data/demo"
NAMES = ["01-nk-srbm-launch", "18-nk-srbm-launch-aggregator-copy", "19-nk-srbm-launch-second-outlet",
         "15-farmers-protest-brussels"]
AGGREGATE = ("SEOUL — North Korea fired more than 70 ballistic missiles in 2022, a record, according to a tally "
             "by South Korea's military. On March 14, North Korea fired two short-range ballistic missiles "
             "toward its eastern waters, the Joint Chiefs of Staff said.")


def results() -> dict[str, Result]:
    found = {}
    for name in NAMES:
        raw = next(iter(iter_documents(DEMO / f"{name}.txt")))
        found[name] = process(raw)
    from eventwatch.model import RawDocument

    found["tally"] = process(RawDocument(AGGREGATE, "text", "tally", url="https://other.example.org/tally",
                                         published=dt.date(2023, 3, 20), source="Other Wire"))
    return found


@pytest.fixture(scope="module")
def analysed() -> dict[str, Result]:
    return results()


def save(store: Store, result: Result):
    return store.save(result.article, result.events, result.actors, places=result.places, quotes=result.quotes,
                      signature=result.signature, terms=result.terms)


def snapshot(store: Store) -> set:
    """Everything about the stored events that must not depend on ingest order."""
    found = set()
    for r in store.query_events(limit=10_000):
        evidence = tuple(sorted(m.sentence for m in store.mentions_of(r.id)))
        found.add((r.plover_type, r.mode, r.source_actor, r.target_actor, r.date_label, r.modality, r.aggregate,
                   r.place.id if r.place else None, r.place_basis, r.reported_by, r.quantity_text,
                   r.num_mentions, r.num_articles, r.num_sources, r.first_seen, r.last_seen, evidence))
    return found


def test_any_ingest_order_gives_the_same_events(new_store, analysed):
    snapshots = []
    orders = list(itertools.permutations(analysed))
    for number, order in enumerate([orders[0], orders[-1], orders[len(orders) // 2], orders[7]]):
        with new_store(f"order{number}") as store:
            for name in order:
                save(store, analysed[name])
            snapshots.append(snapshot(store))
            clusters = {a: store.get_article(analysed[a].article.id).cluster_id for a in analysed}
        # stories are named by their smallest article id, so they do not depend on order either
        assert clusters[NAMES[0]] == clusters[NAMES[1]] == clusters[NAMES[2]] != clusters[NAMES[3]]
    assert all(s == snapshots[0] for s in snapshots[1:])


def test_a_copy_adds_mentions_not_events_and_another_outlet_merges(new_store, analysed):
    with new_store() as store:
        original = save(store, analysed[NAMES[0]])
        events_before = store.counts()["events"]
        copy = save(store, analysed[NAMES[1]])
        assert copy.duplicate_of == original.article_id and copy.similarity >= store.duplicate_threshold
        assert copy.new_events == 0 and store.counts()["events"] == events_before
        second = save(store, analysed[NAMES[2]])
        assert second.duplicate_of is None
        launches = [r for r in store.query_events(plover_type="MOBILIZE", since=dt.date(2023, 3, 14),
                                                  until=dt.date(2023, 3, 14)) if r.num_articles == 3]
        assert len(launches) == 1
        launch = launches[0]
        assert (launch.num_mentions, launch.num_sources) == (3, 3) and launch.source_actor == "PRKMIL"
        assert launch.first_seen == launch.last_seen == dt.date(2023, 3, 14)
        outlets = {m.outlet for m in store.mentions_of(launch.id)}
        assert outlets == {"Example News Wire", "Daily Aggregator", "Tokyo Ledger"}
        assert [a.id for a in store.duplicates_of(original.article_id)] == [copy.article_id]


def test_aggregates_never_merge_into_single_occurrences(new_store, analysed):
    with new_store() as store:
        save(store, analysed[NAMES[0]])
        save(store, analysed["tally"])
        tallies = [r for r in store.query_events(plover_type="MOBILIZE") if r.aggregate]
        assert tallies and all(r.num_mentions >= 1 and r.date_precision == "year" for r in tallies)
        single = [r for r in store.query_events(plover_type="MOBILIZE", since=dt.date(2023, 3, 14),
                                                until=dt.date(2023, 3, 14)) if r.num_articles == 2]
        assert single and not single[0].aggregate


def test_related_stories_and_story_labels(new_store, analysed):
    with new_store() as store:
        for result in analysed.values():
            save(store, result)
        original = analysed[NAMES[0]].article.id
        related = store.related(original)
        ids = [r.article_id for r in related]
        assert ids[:2] and set(ids[:2]) == {analysed[NAMES[1]].article.id, analysed[NAMES[2]].article.id}
        assert related[0].duplicate and related[0].shared_events >= 5
        assert analysed[NAMES[3]].article.id not in ids[:3]  # farmers in Brussels are not related
        stories = store.stories()
        assert len(stories) == 1 and stories[0].articles == 3 and stories[0].label
        json.dumps([s.label for s in stories])


def test_a_failed_save_leaves_the_merged_events_as_they_were(new_store, analysed, monkeypatch):
    from eventwatch.store import stories

    with new_store() as store:
        save(store, analysed[NAMES[0]])
        before = snapshot(store), store.counts()

        def broken(*args, **kwargs):
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(stories, "assign_story", broken)
        with pytest.raises(Exception, match="disk on fire"):
            save(store, analysed[NAMES[2]])
        assert (snapshot(store), store.counts()) == before


def test_a_tie_between_two_reports_does_not_depend_on_order(new_store, analysed):
    # The original says Seoul's military reported the launch, the Tokyo outlet says Japan's ministry did.
    pair = [analysed[NAMES[0]], analysed[NAMES[2]]]
    seen = []
    for number, order in enumerate([pair, pair[::-1]]):
        with new_store(f"tie{number}") as store:
            for result in order:
                save(store, result)
            seen.append(snapshot(store))
            reporters = {r.reported_by for r in store.query_events(plover_type="MOBILIZE") if r.num_articles == 2}
            assert len(reporters) == 1
    assert seen[0] == seen[1]


def test_the_same_text_at_another_address_is_a_copy_and_another_source(new_store):
    from dataclasses import replace

    raw = next(iter(iter_documents(DEMO / f"{NAMES[0]}.txt")))
    elsewhere = replace(raw, url="https://mirror.example.net/nk-missiles", source="Mirror Site", origin="mirror")
    with new_store() as store:
        first = save(store, process(raw))
        assert save(store, process(raw)).created is False  # the same page again changes nothing
        assert store.has_article(process(raw).article.content_hash, raw.url)
        mirror = save(store, process(elsewhere))
        assert mirror.created and mirror.duplicate_of == first.article_id and mirror.similarity == 1.0
        assert mirror.new_events == 0
        launch = max(store.query_events(plover_type="MOBILIZE"), key=lambda r: r.num_sources)
        assert (launch.num_articles, launch.num_sources) == (2, 2)
