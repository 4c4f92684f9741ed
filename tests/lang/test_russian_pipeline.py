"""Russian articles through the whole pipeline: language told from the text, coded by lang/ru."""

from __future__ import annotations

import pytest

pytest.importorskip("natasha")

from eventwatch.errors import DocumentError
from eventwatch.lang import CODERS
from eventwatch.model import RawDocument
from eventwatch.pipeline.stages import process
from russian_articles import ARTICLES, PUBLISHED


def _raw(text: str) -> RawDocument:
    return RawDocument(content=text, kind="text", origin="test.txt", url="https://example.org/ru", published=PUBLISHED)


def test_a_russian_article_is_coded_end_to_end() -> None:
    result = process(_raw(ARTICLES[0]))
    assert result.article.language == "ru" and result.coded
    event = next(e for e in result.events if e.plover_type == "ASSAULT")
    assert (event.source_actor, event.target_actor, event.reported_by) == ("UKRMIL", "RUS", "RUSGOV")
    assert event.date == PUBLISHED.replace(day=11) and event.date_precision == "day"
    assert event.place is not None and event.place.country == "RUS"
    assert event.evidence.url == "https://example.org/ru"
    text = result.article.text
    assert text[event.evidence.trigger_start:event.evidence.trigger_end] == "сбили"
    assert {a.code for a in result.actors} >= {"RUSGOV", "UKRMIL"}


@pytest.mark.parametrize("text", ARTICLES, ids=[f"article-{i}" for i in range(len(ARTICLES))])
def test_every_article_gives_events_whose_offsets_point_into_its_text(text: str) -> None:
    result = process(_raw(text))
    assert result.article.language == "ru"
    assert result.events
    for event in result.events:
        ev = event.evidence
        assert result.article.text[ev.start:ev.end] == ev.sentence
        assert ev.start <= ev.trigger_start < ev.trigger_end <= ev.end


def test_the_reporter_of_a_claim_is_not_its_source() -> None:
    result = process(_raw(ARTICLES[8]))
    retreat = next(e for e in result.events if e.plover_type == "RETREAT")
    assert (retreat.source_actor, retreat.reported_by) == ("RUSMIL", "UKRMIL")
    assert retreat.date_precision == "week"


def test_a_missing_extra_is_a_skip_that_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(CODERS, "ru", ("eventwatch.lang.no_such_package", "ru"))
    with pytest.raises(DocumentError) as raised:
        process(_raw(ARTICLES[0]))
    assert raised.value.reason == "missing-extra" and "eventwatch[ru]" in str(raised.value)


def test_ukrainian_is_not_read_as_russian() -> None:
    text = ("Українські військові збили над Харківщиною п'ять російських безпілотників, повідомили у Повітряних "
            "силах. Зеленський провів переговори з Рубіо.")
    result = process(_raw(text))
    assert result.article.language == "uk"
    assert not result.coded and result.events == []
