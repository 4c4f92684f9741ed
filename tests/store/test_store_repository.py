from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from eventwatch.errors import StoreError
from eventwatch.model import (
    ActorMention,
    Article,
    Dateline,
    Event,
    Evidence,
    Place,
    PlaceMention,
    Quantity,
    Quote,
    Sentence,
)
from eventwatch.store import Store, saving
from eventwatch.store.schema import ActorRow

EMPTY = {"articles": 0, "events": 0, "actors": 0, "mentions": 0, "actor_mentions": 0, "places": 0,
         "place_mentions": 0, "quotes": 0, "event_quotes": 0}


def make_article(
    text: str, *, url: str | None = "https://example.org/a", article_id: str | None = None
) -> Article:
    digest = hashlib.sha256(text.encode()).hexdigest()
    sentences, pos = [], 0
    for i, part in enumerate(text.split(". ")):
        start = text.index(part, pos)
        sentences.append(Sentence(index=i, start=start, end=start + len(part), text=part, paragraph=i // 2))
        pos = start + len(part)
    return Article(
        id=article_id or digest[:16],
        content_hash=digest,
        text=text,
        url=url,
        title=f"Title of {text[:10]}",
        published=dt.date(2024, 3, 1),
        source="Wire",
        origin="test.jsonl:1",
        dateline=Dateline(place="SEOUL", start=0, end=5),
        sentences=sentences,
        debris_removed=2,
    )


def make_event(
    article: Article,
    source: str | None,
    target: str | None,
    *,
    plover_type: str = "ASSAULT",
    date: dt.date = dt.date(2024, 3, 1),
    sentence: int = 0,
    mode: str | None = None,
    modality: str = "asserted",
    quantity: Quantity | None = None,
    url: str | None = None,
) -> Event:
    s = article.sentences[sentence]
    return Event(
        source_actor=source,
        target_actor=target,
        plover_type=plover_type,
        mode=mode,
        cameo_root="19",
        intensity=-9.0,
        modality=modality,  # type: ignore[arg-type]
        date=date,
        date_precision="day",
        evidence=Evidence(
            sentence=s.text,
            sentence_index=s.index,
            start=s.start,
            end=s.end,
            trigger_start=s.start + 1,
            trigger_end=s.start + 3,
            url=url,
        ),
        quantity=quantity,
        source_text="the North",
        target_text="the South",
        confidence=0.8,
    )


def mention(code: str, sentence: int = 0, name: str | None = None) -> ActorMention:
    return ActorMention(start=0, end=5, text=code.lower(), code=code, sentence=sentence, name=name)


@pytest.fixture
def store(new_store) -> Iterator[Store]:
    with new_store("events") as s:
        yield s


def save(store: Store, article: Article, events: list[Event], **kw: object) -> tuple[str, bool]:
    codes = sorted({c for e in events for c in (e.source_actor, e.target_actor) if c})
    saved = store.save(article, events, [mention(c) for c in codes], **kw)  # type: ignore[arg-type]
    return saved.article_id, saved.created


# -- saving ------------------------------------------------------------------------------------------


def test_save_and_idempotency_by_content_hash(store: Store) -> None:
    article = make_article("Seoul said the North fired missiles. The South protested")
    events = [make_event(article, "PRKMIL", "KORGOV"), make_event(article, "KORGOV", "PRK", sentence=1)]
    assert not store.has_article(article.content_hash)
    assert save(store, article, events) == (article.id, True)
    assert store.has_article(article.content_hash)
    expected = {**EMPTY, "articles": 1, "events": 2, "actors": 3, "mentions": 2, "actor_mentions": 3}
    assert store.counts() == expected

    assert save(store, article, events) == (article.id, False)
    # Same content under another id (e.g. a different id scheme) still resolves to the stored article.
    twin = make_article(article.text, article_id="someotherid")
    assert save(store, twin, events) == (article.id, False)
    assert store.counts() == expected


def test_saved_fields_round_trip(store: Store) -> None:
    article = make_article("Troops moved. More than 300 soldiers crossed")
    qty = Quantity(start=14, end=27, text="More than 300", value=300.0, unit="soldiers",
                   qualifier="more than", sentence=1)
    event = make_event(article, "RUSMIL", "UKR", sentence=1, quantity=qty, mode="ground", url=None)
    save(store, article, [event])
    [rec] = store.query_events()
    assert (rec.source_actor, rec.target_actor, rec.plover_type, rec.mode) == (
        "RUSMIL", "UKR", "ASSAULT", "ground")
    assert (rec.cameo_root, rec.intensity, rec.modality, rec.aggregate) == ("19", -9.0, "asserted", False)
    assert (rec.quantity_text, rec.quantity_value, rec.quantity_unit, rec.quantity_qualifier) == (
        "More than 300", 300.0, "soldiers", "more than")
    assert (rec.date, rec.date_precision, rec.date_label, rec.confidence) == (
        dt.date(2024, 3, 1), "day", "2024-03-01", 0.8)
    assert (rec.source_text, rec.target_text, rec.first_article_id) == ("the North", "the South", article.id)
    s = article.sentences[1]
    assert (rec.sentence, rec.sentence_index, rec.start, rec.end) == (s.text, 1, s.start, s.end)
    assert (rec.trigger_start, rec.trigger_end) == (s.start + 1, s.start + 3)
    assert rec.url == article.url  # no evidence URL: falls back to the article's
    assert (rec.article_id, rec.article_title, rec.article_source) == (article.id, article.title, "Wire")


def test_actors_are_split_and_named_first_seen(store: Store) -> None:
    a1 = make_article("First story. About the UN")
    store.save(
        a1,
        [make_event(a1, "PRKMIL", "IGOUNO")],
        [mention("PRKMIL"), mention("IGOUNO", name="United Nations"), mention("USA")],
        actor_names={"PRKMIL": "North Korean military"},
    )
    a2 = make_article("Second story. Names again")
    store.save(
        a2,
        [make_event(a2, "PRKMIL", "USA")],
        [mention("PRKMIL", name="KPA"), mention("USA", name="United States")],
    )
    with store.engine.connect() as conn:
        rows = {r.code: (r.country, r.role, r.name) for r in conn.execute(select(ActorRow))}
    assert rows == {
        "PRKMIL": ("PRK", "MIL", "North Korean military"),  # not overwritten by "KPA"
        "IGOUNO": (None, "UNO", "United Nations"),
        "USA": ("USA", None, "United States"),  # name filled in when first seen
    }


def test_failure_mid_save_leaves_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    article = make_article("The North fired. The South answered")
    events = [make_event(article, "PRKMIL", "KORGOV")]
    original = saving.insert_events

    def insert_then_fail(*args: object) -> None:
        original(*args)  # type: ignore[arg-type]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(saving, "insert_events", insert_then_fail)
    with pytest.raises(StoreError, match="disk on fire"):
        save(store, article, events)
    assert store.counts() == EMPTY
    assert not store.has_article(article.content_hash)
    assert store.get_article(article.id) is None

    monkeypatch.undo()
    assert save(store, article, events) == (article.id, True)
    assert store.counts()["events"] == 1


def test_database_error_rolls_back_and_keeps_earlier_data(store: Store) -> None:
    first = make_article("Kept story. Stays")
    save(store, first, [make_event(first, "USAGOV", "CHN")])
    before = store.counts()
    article = make_article("Broken story. Fails")
    bad = make_event(article, "RUSGOV", "UKR")
    bad.plover_type = None  # type: ignore[assignment]  # NOT NULL violation at flush time
    with pytest.raises(StoreError):
        save(store, article, [make_event(article, "RUSGOV", "UKR"), bad])
    assert store.counts() == before
    assert not store.has_article(article.content_hash)


def test_invalid_input_is_rejected(store: Store) -> None:
    article = make_article("Some story. Here")
    long_root = make_event(article, "USA", "CHN")
    long_root.cameo_root = "190"
    with pytest.raises(StoreError, match="CAMEO root"):
        save(store, article, [long_root])
    with pytest.raises(StoreError, match="actor code"):
        store.save(article, [make_event(article, "", "CHN")], [])
    save(store, article, [make_event(article, "USA", "CHN")])
    clash = make_article("Different text. Same id", article_id=article.id)
    with pytest.raises(StoreError, match="already used"):
        save(store, clash, [])
    assert store.counts()["articles"] == 1


# -- querying ----------------------------------------------------------------------------------------


@pytest.fixture
def filled(store: Store) -> Store:
    a = make_article("Alpha one. Alpha two. Alpha three")
    b = make_article("Bravo one. Bravo two")
    save(store, a, [
        make_event(a, "PRKMIL", "KORGOV", date=dt.date(2024, 1, 10)),
        make_event(a, "KORGOV", "PRKGOV", plover_type="ACCUSE", date=dt.date(2024, 1, 5), sentence=1),
        make_event(a, "USAGOV", "CHNGOV", plover_type="CONSULT", date=dt.date(2024, 2, 1), sentence=2,
                   mode="phone", modality="planned"),
    ])
    save(store, b, [
        make_event(b, "PRK", None, plover_type="MOBILIZE", date=dt.date(2024, 3, 1)),
        make_event(b, None, "IGOUNO", plover_type="REQUEST", date=dt.date(2024, 1, 10), sentence=1),
    ])
    return store


def pairs(records: list) -> list[tuple[str | None, str | None]]:
    return [(r.source_actor, r.target_actor) for r in records]


def test_query_orders_by_date_then_id(filled: Store) -> None:
    records = filled.query_events()
    assert [r.date for r in records] == sorted(r.date for r in records)
    assert pairs(records) == [
        ("KORGOV", "PRKGOV"), ("PRKMIL", "KORGOV"), (None, "IGOUNO"), ("USAGOV", "CHNGOV"), ("PRK", None)
    ]


def test_actor_filters_match_prefixes(filled: Store) -> None:
    assert pairs(filled.query_events(actor="PRK")) == [
        ("KORGOV", "PRKGOV"), ("PRKMIL", "KORGOV"), ("PRK", None)]
    assert pairs(filled.query_events(source="PRK")) == [("PRKMIL", "KORGOV"), ("PRK", None)]
    assert pairs(filled.query_events(target="PRK")) == [("KORGOV", "PRKGOV")]
    assert pairs(filled.query_events(actor="PRKMIL")) == [("PRKMIL", "KORGOV")]
    assert pairs(filled.query_events(actor="KOR", target="PRK")) == [("KORGOV", "PRKGOV")]
    assert filled.query_events(actor="P_K") == []  # LIKE wildcards are escaped
    assert filled.query_events(actor="%") == []


def test_type_mode_modality_and_date_filters(filled: Store) -> None:
    assert pairs(filled.query_events(plover_type="ACCUSE")) == [("KORGOV", "PRKGOV")]
    assert pairs(filled.query_events(mode="phone")) == [("USAGOV", "CHNGOV")]
    assert pairs(filled.query_events(modality="planned")) == [("USAGOV", "CHNGOV")]
    in_range = filled.query_events(since=dt.date(2024, 1, 10), until=dt.date(2024, 2, 1))
    assert pairs(in_range) == [("PRKMIL", "KORGOV"), (None, "IGOUNO"), ("USAGOV", "CHNGOV")]  # inclusive
    assert filled.query_events(since=dt.date(2024, 3, 2)) == []
    assert pairs(filled.query_events(until=dt.date(2024, 1, 5))) == [("KORGOV", "PRKGOV")]


def test_pagination(filled: Store) -> None:
    everything = filled.query_events()
    pages = [filled.query_events(limit=2, offset=o) for o in (0, 2, 4, 6)]
    assert [len(p) for p in pages] == [2, 2, 1, 0]
    assert [r.id for p in pages for r in p] == [r.id for r in everything]
    assert filled.query_events(limit=0) == []
    with pytest.raises(ValueError):
        filled.query_events(offset=-1)


def test_article_filter_and_events_for_article(filled: Store) -> None:
    b = make_article("Bravo one. Bravo two")
    assert pairs(filled.query_events(article_id=b.id)) == [(None, "IGOUNO"), ("PRK", None)]
    in_text_order = filled.events_for_article(b.id)
    assert pairs(in_text_order) == [("PRK", None), (None, "IGOUNO")]
    assert all(r.article_id == b.id and b.text[r.start:r.end] == r.sentence for r in in_text_order)
    assert filled.events_for_article("unknown") == []


# -- articles -----------------------------------------------------------------------------------------


def test_get_article_by_id_and_prefix(store: Store) -> None:
    article = make_article("Seoul story. With two paragraphs. And a third sentence")
    save(store, article, [])
    record = store.get_article(article.id)
    assert record is not None
    assert (record.id, record.content_hash, record.text, record.title) == (
        article.id, article.content_hash, article.text, article.title)
    assert (record.url, record.published, record.source, record.origin, record.debris_removed) == (
        article.url, article.published, article.source, article.origin, 2)
    assert record.dateline == Dateline(place="SEOUL", start=0, end=5)
    assert record.sentences == tuple((s.start, s.end, s.paragraph) for s in article.sentences)
    assert record.ingested_at.tzinfo is not None
    assert abs(dt.datetime.now(dt.UTC) - record.ingested_at) < dt.timedelta(minutes=5)
    rebuilt = record.to_article()
    assert rebuilt.sentences == article.sentences
    first, second, third = article.sentences
    assert [(p.start, p.end) for p in rebuilt.paragraphs] == [
        (first.start, second.end), (third.start, len(article.text))]

    assert store.get_article(article.id[:6]) == record
    assert store.get_article(article.id[:5]) is None  # too short to be taken as a prefix
    assert store.get_article("zzzzzzzz") is None


def test_ambiguous_prefix_is_an_error(store: Store) -> None:
    save(store, make_article("One text. A", article_id="abcdef01"), [])
    save(store, make_article("Two text. B", article_id="abcdef02"), [])
    with pytest.raises(StoreError, match="ambiguous"):
        store.get_article("abcdef")
    record = store.get_article("abcdef02")
    assert record is not None and record.text == "Two text. B"


def test_article_without_dateline_or_sentences(store: Store) -> None:
    article = make_article("plain", url=None)
    article.dateline = None
    article.sentences = []
    save(store, article, [])
    record = store.get_article(article.id)
    assert record is not None
    assert (record.dateline, record.sentences, record.url) == (None, (), None)


def test_places_quotes_and_attribution_round_trip(store: Store) -> None:
    article = make_article("The North fired missiles from Sunan. Kim said the tests would go on")
    sunan = Place("ew:sunan", "Sunan", "PRK", 39.2, 125.67, "site", "launch-site")
    quote = Quote(start=40, end=60, text=article.text[40:60], sentence=1, kind="direct", speaker="PRKGOV",
                  speaker_text="Kim")
    unlinked = Quote(start=5, end=10, text=article.text[5:10], sentence=0, kind="partial")
    event = make_event(article, "PRKMIL", None, plover_type="MOBILIZE")
    event.place, event.place_basis, event.place_text = sunan, "sentence", "Sunan"
    event.reported_by, event.reported_by_text, event.reported_via, event.claim = (
        "KORMED", "Yonhap", "KORMIL", "third-party")
    event.quotes = [quote]
    other = make_event(article, "KORGOV", "PRKMIL", plover_type="ACCUSE", sentence=1)
    mentions = [PlaceMention(30, 35, "Sunan", sunan, 0)]
    save(store, article, [event, other], places=mentions, quotes=[quote, unlinked])
    counts = store.counts()
    assert (counts["places"], counts["place_mentions"], counts["quotes"], counts["event_quotes"]) == (1, 1, 2, 1)
    launch, accusation = store.events_for_article(article.id)
    assert launch.place is not None and (launch.place.name, launch.place.lat, launch.place_basis) == (
        "Sunan", 39.2, "sentence")
    assert (launch.reported_by, launch.reported_by_text, launch.reported_via, launch.claim) == (
        "KORMED", "Yonhap", "KORMIL", "third-party")
    assert [(q.text, q.speaker) for q in launch.quotes] == [(quote.text, "PRKGOV")]
    assert accusation.place is None and accusation.quotes == ()
    assert [q.kind for q in store.quotes_for_article(article.id)] == ["partial", "direct"]
    assert [r.id for r in store.query_events(place="sun")] == [launch.id]
    assert [r.id for r in store.query_events(place="PRK")] == [launch.id]
    assert store.query_events(place="Yongbyon") == []
