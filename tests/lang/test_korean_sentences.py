"""The Korean coder on single wire-style sentences written for these tests (not news copy), each annotated by
hand with the event it states: type, mode, source, target, reporter, date, modality and place."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("kiwipiepy")

from eventwatch.lang.ko import code_article
from eventwatch.model import Event, RawDocument
from eventwatch.text.article import build_article

PUBLISHED = dt.date(2026, 3, 7)  # a Saturday, in ISO week 10

# (sentence, expected fields of one of its events); "targets" lists every target the sentence's events name.
CASES: list[tuple[str, dict]] = [
    ("러시아 국방부 대표단이 이날 평양을 방문해 북한 국방성과 회담했다고 조선중앙통신이 보도했다.",
     {"type": "CONSULT", "source": "RUSGOV", "target": "PRKGOV", "reported_by": "PRKMED"}),
    ("해군은 서해 북방한계선 일대의 대비태세를 한층 강화했다.",
     {"type": "MOBILIZE", "source": "KORMIL"}),
    ("중국 국가안보회의 관계자가 이날 평양을 방문해 북한 외무성과 회담했다.",
     {"type": "CONSULT", "source": "CHNGOV", "target": "PRKGOV"}),
    ("외교부는 러시아가 주도하는 결의안 초안을 비판했다.",
     {"type": "ACCUSE", "source": "KORGOV"}),
    ("한미 양국 군은 이날 동해상에서 연합 대잠수함 훈련을 시작했다.",
     {"type": "COOPERATE", "source": "KORMIL", "target": "USAMIL"}),
    ("김정은 국무위원장은 이날 신형 방사포 시험사격을 참관했다. 외교부는 유감을 표명했다. 김 위원장은 한국을 비난했다.",
     {"type": "ACCUSE", "source": "PRKGOV", "target": "KOR"}),
    ("외교부는 중국은 불법 조업 어선을 즉각 철수시키고 재발 방지에 나서야 한다고 촉구했다.",
     {"type": "REQUEST", "source": "KORGOV", "target": "CHN"}),
    ("국방부 장관은 “북한은 무력 시위를 멈추고 대화에 복귀하라”고 요구했다.",
     {"type": "REQUEST", "source": "KORGOV", "target": "PRK"}),
    ("북한 국방성은 “일본이 정찰 활동을 멈추지 않는다면 단호히 대응할 것”이라고 위협했다.",
     {"type": "THREATEN", "source": "PRKGOV", "target": "JPN", "modality": "threatened"}),
    ("북한이 7일 오전 동해상으로 단거리 탄도미사일 2발을 발사했다고 합동참모본부가 밝혔다.",
     {"type": "MOBILIZE", "mode": "missile-test", "source": "PRKMIL", "reported_by": "KORMIL", "date": "2026-03-07",
      "place": "Sea of Japan"}),
    ("조선중앙통신은 김정은 국무위원장이 전날 신형 순항미사일 시험발사를 참관했다고 보도했다.",
     {"type": "MOBILIZE", "mode": "missile-test", "source": "PRKGOV", "reported_by": "PRKMED", "date": "2026-03-06"}),
    ("외교부는 북한의 탄도미사일 발사를 강력히 규탄했다.",
     {"type": "ACCUSE", "source": "KORGOV", "target": "PRK", "reported_by": None}),
    ("김여정 노동당 부부장은 한미 연합훈련에 대해 \"대가를 치르게 될 것\"이라고 경고했다.",
     {"type": "THREATEN", "source": "PRKGOV", "targets": {"KOR", "USA"}, "modality": "threatened"}),
    ("북한은 이번 주 미사일을 발사하지 않았다.",
     {"type": "MOBILIZE", "source": "PRKMIL", "modality": "negated", "date": "2026-W10"}),
    ("한국과 미국은 다음 주 연합훈련을 실시할 예정이다.",
     {"type": "AGREE", "source": "KORMIL", "target": "USAMIL", "modality": "planned", "date": "2026-W11"}),
    ("합참에 따르면 북한군은 지난 5일 서해 북방한계선 인근에서 해안포 사격훈련을 실시했다.",
     {"type": "MOBILIZE", "mode": "military-exercise", "source": "PRKMIL", "reported_by": "KORMIL",
      "date": "2026-03-05", "modality": "asserted", "place": "Yellow Sea"}),
    ("통일부는 북측에 이산가족 상봉을 위한 회담을 제의했다.",
     {"type": "AGREE", "source": "KORGOV", "target": "PRK"}),
    ("미국 재무부는 북한 정찰총국 관계자 3명을 제재한다고 발표했다.",
     {"type": "SANCTION", "source": "USAGOV", "target": "PRKSPY"}),
    ("러시아 외무부는 한미 연합훈련을 비난했다.",
     {"type": "ACCUSE", "source": "RUSGOV", "targets": {"KOR", "USA"}}),
    ("중국 외교부 대변인은 정례 브리핑에서 한반도 정세와 관련해 대화를 촉구했다.",
     {"type": "REQUEST", "source": "CHNGOV", "place": "Korean Peninsula"}),
    ("북한은 지난달 평양에서 대규모 열병식을 진행했다.",
     {"type": "MOBILIZE", "mode": "parade", "source": "PRKMIL", "date": "2026-02", "place": "Pyongyang"}),
    ("일본 방위성은 북한이 탄도미사일을 발사했다고 밝혔다.",
     {"type": "MOBILIZE", "source": "PRKMIL", "reported_by": "JPNGOV"}),
    ("주한미군은 이날 평택 기지에서 패트리엇 포대를 추가 배치했다.",
     {"type": "MOBILIZE", "source": "USAMIL", "date": "2026-03-07", "place": "Pyeongtaek"}),
    ("북한 외무성은 담화를 통해 미국의 대북제재를 규탄했다.",
     {"type": "ACCUSE", "source": "PRKGOV", "target": "USA"}),
    ("윤석열 대통령은 지난 4일 기시다 후미오 일본 총리와 전화통화를 했다.",
     {"type": "CONSULT", "mode": "phone", "source": "KORGOV", "target": "JPNGOV", "date": "2026-03-04"}),
    ("북한군은 오는 15일 서해상에서 해상사격훈련을 할 계획이라고 조선중앙통신이 전했다.",
     {"type": "AGREE", "source": "PRKMIL", "reported_by": "PRKMED", "modality": "planned", "date": "2026-03-15"}),
    ("합참은 북한이 동창리 일대에서 정찰위성을 쏘아 올렸다고 밝혔다.",
     {"type": "MOBILIZE", "source": "PRKMIL", "reported_by": "KORMIL", "place": "Sohae Satellite Launching Station"}),
    ("북한 외무성은 미국의 대화 제의를 일축했다.",
     {"type": "REJECT", "source": "PRKGOV", "target": "USA"}),
    ("중국과 러시아는 유엔 안보리의 대북 추가 제재 결의안 채택에 반대했다.",
     {"type": "REJECT", "source": "RUSGOV"}),
    ("북한은 억류했던 한국인 선교사 2명을 석방했다.",
     {"type": "RETREAT", "mode": "release", "source": "PRKGOV"}),
    ("김정은 위원장은 지난주 러시아를 방문해 푸틴 대통령과 회담했다.",
     {"type": "CONSULT", "mode": "visit", "source": "PRKGOV", "date": "2026-W09"}),
    ("유엔 안보리는 이날 북한의 대륙간탄도미사일 발사와 관련해 긴급회의를 열었다.",
     {"type": "CONSULT", "source": "IGOUNO"}),
    ("해경은 서해에서 불법 조업을 하던 중국 어선 2척을 나포했다.",
     {"type": "COERCE", "mode": "seize", "source": "KORMIL", "target": "CHN", "place": "Yellow Sea"}),
    ("외교부는 이날 주한 러시아 대사를 초치해 항의했다.",
     {"type": "ACCUSE", "source": "KORGOV", "target": "RUS"}),
    ("백악관은 북한과의 대화를 지지한다고 말했다.",
     {"type": "SUPPORT", "source": "USAGOV", "target": "PRK"}),
    ("북한은 이날 예고했던 정찰위성 발사를 하지 않았다.",
     {"type": "MOBILIZE", "source": "PRKMIL", "modality": "negated"}),
    ("미국은 북한이 대화에 복귀할 경우 제재를 완화할 수 있다고 밝혔다.",
     {"type": "CONCEDE", "source": "USAGOV", "modality": "hypothetical"}),
    ("북한은 올해 들어 탄도미사일을 10여 차례 발사했다.",
     {"type": "MOBILIZE", "source": "PRKMIL", "date": "2026"}),
    ("북한군 병사 2명이 군사분계선을 넘어와 우리 군이 경고사격을 했다.",
     {"type": "MOBILIZE", "source": "KORMIL", "place": "Demilitarized Zone"}),
    ("미국과 일본은 북한의 핵 개발을 막기 위해 협력을 강화하기로 했다.",
     {"type": "COOPERATE", "source": "USAGOV", "target": "JPNGOV", "targets": {"USAGOV", "JPNGOV"}}),
    ("북한 국방성은 미국의 전략폭격기 전개를 강하게 비난하는 담화를 냈다.",
     {"type": "ACCUSE", "source": "PRKGOV", "target": "USA"}),
    ("북한이 동해상으로 순항미사일을 발사했다고 밝혔다.",  # no one named says so: no reporter
     {"type": "MOBILIZE", "source": "PRKMIL", "reported_by": None, "place": "Sea of Japan"}),
    ("북한은 한국이 도발하면 한국을 공격하겠다고 밝혔다.",  # force promised on a condition is a threat
     {"type": "THREATEN", "source": "PRKGOV", "target": "KOR", "modality": "threatened", "reported_by": None}),
    ("한국 정부는 우크라이나에 인도적 지원을 제공하기로 했다.",  # 인도적 is not India
     {"type": "AID", "source": "KORGOV", "target": "UKR", "targets": {"UKR"}}),
    ("합참은 \"북한의 도발에 압도적으로 대응할 것\"이라고 경고했다.",
     {"type": "THREATEN", "source": "KORMIL", "target": "PRK", "reported_by": None}),
    ("러시아와 북한은 지난해 포괄적 전략적 동반자 관계 조약에 서명했다.",
     {"type": "SUPPORT", "source": "RUSGOV", "target": "PRKGOV", "date": "2025"}),
]


def coded(sentence: str) -> list[Event]:
    article = build_article(RawDocument(sentence, "text", "test", published=PUBLISHED))
    assert article.language == "ko"  # a short Korean sentence is told as Korean (lang/detect.py)
    return code_article(article).events


def _matches(event: Event, expected: dict) -> bool:
    actual = {"type": event.plover_type, "mode": event.mode, "source": event.source_actor,
              "target": event.target_actor, "reported_by": event.reported_by, "date": event.date_label,
              "modality": event.modality, "place": event.place.name if event.place else None}
    return all(actual[key] == value for key, value in expected.items() if key != "targets")


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[str(i) for i in range(len(CASES))])
def test_sentence_is_coded_as_annotated(sentence: str, expected: dict) -> None:
    events = coded(sentence)
    assert any(_matches(e, expected) for e in events), [(e.source_actor, e.plover_type, e.target_actor) for e in events]
    if "targets" in expected:
        assert {e.target_actor for e in events} == expected["targets"]


@pytest.mark.parametrize("sentence", [s for s, e in CASES if e.get("reported_by")])
def test_the_reporter_is_never_the_source(sentence: str) -> None:
    events = coded(sentence)
    assert events and all(e.source_actor != e.reported_by for e in events)


@pytest.mark.parametrize("sentence", [
    "합참은 북한군의 동향을 면밀히 감시하고 있다고 밝혔다.",  # watching is no event
    "정부는 이날 오후 국무회의를 마친 뒤 브리핑을 했다.",  # nor is a briefing
    "북한은 열병식 준비 현장에서 대남 선전을 계속했다.",  # 계속 carries 선전, not the parade named before it
    "한국과 일본이 연합훈련을 실시한다면 상황은 달라질 것이다.",  # a condition supposes, it reports nothing
])
def test_sentences_without_an_event(sentence: str) -> None:
    assert coded(sentence) == []
