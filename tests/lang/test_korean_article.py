"""A Korean article through the pipeline (pipeline/stages.process), the Korean relative dates, and the skip that
names the 'ko' extra when Kiwi is not installed."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

pytest.importorskip("kiwipiepy")

from eventwatch.errors import DocumentError
from eventwatch.lang import coder_for
from eventwatch.lang.ko.dates import find_dates
from eventwatch.model import RawDocument
from eventwatch.pipeline.stages import process
from eventwatch.text.article import build_article

PUBLISHED = dt.date(2026, 3, 7)
# Written for this test in wire style; not news copy.
ARTICLE = (
    "북한이 7일 오전 평양 순안 일대에서 동해상으로 단거리 탄도미사일 2발을 발사했다고 합동참모본부가 밝혔다. "
    "합참은 미사일의 비행거리와 고도 등 세부 제원을 분석하고 있다고 설명했다.\n\n"
    "외교부는 이날 대변인 논평을 내고 북한의 탄도미사일 발사를 강력히 규탄했다. "
    "일본 방위성도 미사일이 일본 배타적경제수역 밖에 떨어진 것으로 보인다고 밝혔다.\n\n"
    "앞서 북한은 지난달 서해상에서 순항미사일을 시험발사했다. "
    "한미 양국은 오는 10일부터 연합훈련을 실시할 예정이다."
)


def test_a_korean_article_is_coded_through_the_pipeline() -> None:
    result = process(RawDocument(ARTICLE, "text", "ko-test", url="https://news.example.org/ko", published=PUBLISHED))
    assert result.article.language == "ko" and result.coded
    seen = {(e.source_actor, e.plover_type, e.target_actor, e.reported_by, e.date_label, e.modality)
            for e in result.events}
    assert ("PRKMIL", "MOBILIZE", None, "KORMIL", "2026-03-07", "asserted") in seen
    assert ("KORGOV", "ACCUSE", "PRK", None, "2026-03-07", "asserted") in seen
    assert ("PRKMIL", "MOBILIZE", None, None, "2026-02", "asserted") in seen
    assert ("KORMIL", "COOPERATE", "USAMIL", None, "2026-03-10", "planned") in seen or \
           ("KORMIL", "AGREE", "USAMIL", None, "2026-03-10", "planned") in seen
    launch = next(e for e in result.events if e.reported_by == "KORMIL")
    assert launch.place is not None and launch.place.name == "Sunan" and launch.place_text == "평양 순안"
    assert launch.cameo_root == "15" and launch.intensity == pytest.approx(-6.5)
    assert launch.quantity is not None and (launch.quantity.value, launch.quantity.unit) == (2.0, "missile")
    assert not launch.aggregate


def test_condemning_it_targets_the_authors_of_the_last_act_of_force() -> None:
    text = ("북한이 7일 오전 동해상으로 탄도미사일을 발사했다고 합동참모본부가 밝혔다. "
            "미국 국무부는 이를 강력히 규탄했다.")
    events = process(RawDocument(text, "text", "ko-antecedent", published=PUBLISHED)).events
    assert ("USAGOV", "ACCUSE", "PRKMIL") in {(e.source_actor, e.plover_type, e.target_actor) for e in events}


def test_a_dateline_is_not_the_place_of_the_act() -> None:
    text = "서울 — 북한이 7일 오전 평양 순안 일대에서 동해상으로 단거리 탄도미사일 1발을 발사했다고 합참이 밝혔다."
    [event] = process(RawDocument(text, "text", "ko-dateline", published=PUBLISHED)).events
    assert event.place is not None and event.place.name == "Sunan"


def test_a_short_reference_is_an_actor_once_the_full_name_was_given() -> None:
    text = ("조선중앙통신은 북한군이 전날 서해상에서 포사격훈련을 실시했다고 보도했다. "
            "통신은 김정은 위원장이 훈련을 참관했다고 전했다.")
    events = process(RawDocument(text, "text", "ko-short", published=PUBLISHED)).events
    assert {e.reported_by for e in events} == {"PRKMED"}
    alone = "통신은 김정은 위원장이 미사일 발사를 참관했다고 전했다. 북한은 올해 여러 차례 미사일을 쐈다."
    assert all(e.reported_by is None for e in process(RawDocument(alone, "text", "ko-alone",
                                                                  published=PUBLISHED)).events)


def test_many_launches_over_a_year_are_one_aggregate_event() -> None:
    text = "북한은 올해 들어 탄도미사일을 10여 차례 발사했다. 합참은 이 가운데 대부분이 동해상에 떨어졌다고 밝혔다."
    [event] = process(RawDocument(text, "text", "ko-year", published=PUBLISHED)).events
    assert event.date_label == "2026" and event.aggregate
    assert event.quantity is not None and (event.quantity.value, event.quantity.qualifier) == (10.0, "about")


def test_offsets_point_into_the_korean_text() -> None:
    result = process(RawDocument(ARTICLE, "text", "ko-test", published=PUBLISHED))
    text = result.article.text
    for event in result.events:
        evidence = event.evidence
        assert text[evidence.start:evidence.end] == evidence.sentence
        assert evidence.start <= evidence.trigger_start < evidence.trigger_end <= evidence.end
    for mention in result.actors + result.places:
        assert text[mention.start:mention.end] == mention.text
    assert {"합동참모본부", "외교부"} <= {m.text for m in result.actors}


def test_an_undated_sentence_keeps_the_date_before_it() -> None:
    result = process(RawDocument(ARTICLE, "text", "ko-test", published=PUBLISHED))
    accuse = next(e for e in result.events if e.plover_type == "ACCUSE")
    assert accuse.date == PUBLISHED  # 이날


@pytest.mark.parametrize(("words", "value", "precision"), [
    ("이날", "2026-03-07", "day"),
    ("전날", "2026-03-06", "day"),
    ("7일", "2026-03-07", "day"),
    ("지난 28일", "2026-02-28", "day"),  # the 28th has not come yet this month: last month's
    ("오는 15일", "2026-03-15", "day"),
    ("오는 2일", "2026-04-02", "day"),
    ("12월 30일", "2025-12-30", "day"),
    ("지난주", "2026-02-23", "week"),
    ("다음 주", "2026-03-09", "week"),
    ("지난달", "2026-02-01", "month"),
    ("올해", "2026-01-01", "year"),
    ("지난해", "2025-01-01", "year"),
])
def test_relative_dates(words: str, value: str, precision: str) -> None:
    found = find_dates(f"북한은 {words} 오전 미사일을 발사했다.", PUBLISHED)
    assert [(d.value.isoformat(), d.precision) for d in found] == [(value, precision)]


def test_three_days_is_a_duration_not_a_date() -> None:
    assert find_dates("훈련은 3일간 진행된다.", PUBLISHED) == []
    assert find_dates("양국은 5일 일정의 연합훈련에 들어갔다.", PUBLISHED) == []
    assert find_dates("대표단은 4일 동안 머물렀다.", PUBLISHED) == []


def test_without_kiwi_korean_is_a_skip_naming_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in sys.modules if n.startswith("eventwatch.lang.ko")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "kiwipiepy", None)  # import kiwipiepy now raises ImportError
    article = build_article(RawDocument(ARTICLE, "text", "ko-test", published=PUBLISHED))
    with pytest.raises(DocumentError) as raised:
        coder_for(article)
    assert raised.value.reason == "missing-extra" and "eventwatch[ko]" in str(raised.value)
