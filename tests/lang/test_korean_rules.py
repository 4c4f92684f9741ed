"""Rules of the Korean coder added for issue 19's dev errors, each on sentences written for these tests (not news
copy): who speaks in a demand after an evaluation, what a quoted accusation targets, which sentences keep the
date before them, comma lists and partners of mutual acts."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("kiwipiepy")

from eventwatch.lang.ko import code_article
from eventwatch.model import Event, RawDocument
from eventwatch.text.article import build_article

PUBLISHED = dt.date(2026, 3, 7)


def coded(text: str) -> list[Event]:
    return code_article(build_article(RawDocument(text, "text", "test", published=PUBLISHED))).events


def _triples(text: str) -> set[tuple[str, str, str | None]]:
    return {(e.source_actor, e.plover_type, e.target_actor) for e in coded(text)}


def test_a_demand_after_an_evaluation_is_the_evaluators() -> None:
    # 국방부는 …지적하면서 북한은 …해야 한다고 촉구했다: 북한 is addressed, 국방부 demands
    triples = _triples("국방부는 북한의 발표가 사실과 다르다고 지적하면서 북한은 무력 시위를 멈추고 협상에 복귀해야 "
                       "한다고 촉구했다.")
    assert ("KORGOV", "REQUEST", "PRK") in triples
    assert not any(s.startswith("PRK") and t == "REQUEST" for s, t, _ in triples)


def test_the_subject_of_a_quoted_accusation_is_its_target() -> None:
    triples = _triples("외교부는 중러 간 군사 밀착은 지역 안정을 해치는 행위라고 비판하며 양국에 자제를 촉구했다.")
    assert {("KORGOV", "ACCUSE", "CHN"), ("KORGOV", "ACCUSE", "RUS")} <= triples


def test_the_speaker_of_a_single_quoted_accusation_stays_its_source() -> None:
    triples = _triples("북한 외무성은 담화에서 미국의 해상 훈련을 “노골적인 전쟁 도발”이라고 비난했다.")
    assert ("PRKGOV", "ACCUSE", "USA") in triples
    assert not any(s.startswith("USA") for s, _, _ in triples)


def test_a_sentence_without_a_date_word_is_dated_to_publication() -> None:
    events = coded("북한이 5일 동해상으로 탄도미사일 1발을 발사했다. 정부는 북한의 도발을 강하게 규탄했다.")
    dates = {e.plover_type: e.date_label for e in events}
    assert dates == {"MOBILIZE": "2026-03-05", "ACCUSE": "2026-03-07"}


def test_this_occasion_keeps_the_date_of_the_sentence_before() -> None:
    events = coded("김정은 국무위원장은 5일 신형 방사포 시험사격을 참관했다. "
                   "김 위원장은 이 자리에서 남측을 맹비난했다.")
    assert {e.plover_type: e.date_label for e in events}["ACCUSE"] == "2026-03-05"


def test_a_comma_list_before_with_names_the_partners() -> None:
    events = coded("해군은 미국, 호주와 중국 잠수함 관련 정보를 실시간으로 공유하고 있다.")
    targets = {e.target_actor for e in events if e.source_actor == "KORMIL"}
    assert {t[:3] for t in targets} == {"USA", "AUS"}


def test_a_dateline_day_is_not_an_acts_day() -> None:
    events = coded("[평양 3월 7일발 조선중앙통신] 조선인민군 포병부대들이 6일 해안포 사격훈련을 진행하였다.")
    assert [e.date_label for e in events] == ["2026-03-06"]


def test_gunfire_at_no_one_named_is_a_show_of_force() -> None:
    assert ("PRKMIL", "MOBILIZE", None) in _triples("북한군은 이날 오전 서해 완충구역 안으로 해안포 포사격을 했다.")


def test_north_korean_names_for_the_south() -> None:
    triples = _triples("괴뢰군부는 미국과 함께 동해에서 련합해상훈련을 벌리고있다.")
    assert ("KORMIL", "COOPERATE", "USA") in triples
    assert ("PRKMED", "ACCUSE", "KOR") in _triples("조선중앙통신은 남조선의 무력증강책동을 규탄하였다.")


def test_acts_that_may_happen_are_hypothetical_and_each_counts() -> None:
    events = coded("정보당국은 북한이 다음 달 정찰위성 발사나 8차 핵실험을 강행할 가능성이 높다고 분석했다.")
    assert {(e.mode, e.modality) for e in events if e.plover_type == "MOBILIZE"} == {
        ("missile-test", "hypothetical"), ("nuclear-test", "hypothetical")}


def test_a_possible_act_with_su_itda() -> None:
    events = coded("군은 북한이 훈련 기간 무인기 침투나 미사일 발사에 나설 수 있다고 보고 대비하고 있다.")
    assert any(e.plover_type == "MOBILIZE" and e.modality == "hypothetical" and e.source_actor == "PRKMIL"
               for e in events)


def test_a_spokesman_named_once_speaks_for_his_ministry_later() -> None:
    triples = _triples("일본 외무성 대변인은 이날 정례 회견을 열었다. 대변인은 또 한국의 해양 조사를 강하게 비난했다.")
    assert ("JPNGOV", "ACCUSE", "KOR") in triples


def test_both_sides_are_the_last_meeting_parties() -> None:
    triples = _triples("왕이 외교부장은 이날 베이징에서 라브로프 러시아 외무장관과 회담했다. "
                       "양측은 에너지 분야 협력을 확대하기로 합의했다.")
    assert {("CHNGOV", "AGREE", "RUSGOV"), ("RUSGOV", "AGREE", "CHNGOV")} <= triples


def test_the_next_day_counts_from_the_act_told_before() -> None:
    events = coded("중국 군용기 2대가 지난달 20일 이어도 상공의 방공식별구역에 진입했다. "
                   "외교부는 이튿날 주한 중국대사관 관계자를 불러 항의했다.")
    assert {e.plover_type: e.date_label for e in events}["ACCUSE"] == "2026-02-21"


def test_a_year_in_a_relative_clause_does_not_date_the_sentence() -> None:
    events = coded("러시아 대표단은 5일 평양에서 북한 국방성과 회담했다. "
                   "양측은 회담에서 지난해 체결한 협정에 따라 군사 협력을 늘리기로 합의했다.")
    assert {e.date_label for e in events if e.plover_type == "AGREE"} == {"2026-03-05"}


def test_a_promised_refusal_to_talk_is_a_rejection() -> None:
    triples = _triples("북한 외무성은 담화에서 “일본과는 어떤 협상도 하지 않을 것”이라고 밝혔다.")
    assert ("PRKGOV", "REJECT", "JPN") in triples
    assert not any(t == "CONSULT" for _, t, _ in triples)


def test_a_warning_after_a_condition_is_aimed_at_its_subject() -> None:
    triples = _triples("국방부 당국자는 “중국이 불법 조업을 멈추지 않는다면 단속을 더욱 강화해 나갈 것”이라고 "
                       "경고했다.")
    assert ("KORGOV", "THREATEN", "CHN") in triples


def test_a_channel_is_not_a_target() -> None:
    triples = _triples("한국 정부는 유엔 대표부 채널을 통해 북한에 강력히 항의했다.")
    assert ("KORGOV", "ACCUSE", "PRK") in triples
    assert not any(t and t.startswith("IGO") for _, _, t in triples)


def test_a_genitive_governs_a_coordination() -> None:
    triples = _triples("시진핑 주석은 “러시아의 안보와 발전 이익을 지지할 것”이라고 말했다.")
    assert ("CHNGOV", "SUPPORT", "RUS") in triples


def test_what_an_accusation_is_about_is_its_target() -> None:
    triples = _triples("중국 외교부 대변인은 미국 구축함이 대만해협을 통과한 데 대해 “도발 행위”라고 비판했다.")
    assert ("CHNGOV", "ACCUSE", "USA") in triples
    assert not any(s.startswith("USA") for s, t, _ in triples if t == "ACCUSE")


def test_an_auxiliary_verb_does_not_end_the_clause() -> None:
    triples = _triples("해군은 “일본과 잠수함 탐지 정보를 실시간으로 공유하고 있다”고 밝혔다.")
    assert ("KORMIL", "COOPERATE", "JPN") in triples


def test_listing_for_sanctions_names_the_sanctioned_country() -> None:
    triples = _triples("정부는 이란의 무기 거래에 관여한 기관 3곳을 독자 제재 대상으로 지정했다.")
    assert ("KORGOV", "SANCTION", "IRN") in triples


def test_condemning_this_drill_targets_its_parties() -> None:
    triples = _triples("한미 양국 군은 18일 연합연습에 돌입했다. "
                       "북한 외무성은 이번 연습을 “침략 예행연습”이라고 비난했다.")
    assert {("PRKGOV", "ACCUSE", "KORMIL"), ("PRKGOV", "ACCUSE", "USAMIL")} <= triples


def test_this_occasion_skips_a_year_told_in_between() -> None:
    events = coded("김정은 국무위원장은 5일 쇼이구 서기와 회담했다. 러시아는 지난해 북한에 원유를 지원했다. "
                   "김 위원장은 회담에서 러시아와의 협력을 지지한다고 말했다.")
    assert {e.date_label for e in events if e.plover_type == "SUPPORT"} == {"2026-03-05"}


def test_a_comma_list_of_subjects_acts_together() -> None:
    triples = _triples("한국, 미국, 일본은 이날 제주 남방 해상에서 연합해상훈련을 실시했다.")
    assert {("KORMIL", "COOPERATE", "JPNMIL"), ("JPNMIL", "COOPERATE", "USAMIL")} <= triples


def test_a_response_promised_on_a_condition_is_a_threat() -> None:
    triples = _triples("북한 국방성은 “일본이 정찰기 비행을 계속한다면 단호한 군사적 조치로 대응할 것”이라고 밝혔다.")
    assert ("PRKGOV", "THREATEN", "JPN") in triples


def test_a_response_done_is_no_event() -> None:
    assert coded("정부는 관계 부처 합동으로 사이버 공격에 대응하고 있다.") == []


def test_a_report_inside_a_report_keeps_the_inner_act() -> None:
    # 통신은 총참모부가 “…대응할 것”이라고 밝혔다고 보도했다: the act is 대응, not 밝히다
    triples = _triples("조선중앙통신은 국방성이 담화를 내고 “남조선이 도발을 계속한다면 강력히 대응할 것”이라고 "
                       "밝혔다고 보도했다.")
    assert ("PRKGOV", "THREATEN", "KOR") in triples


def test_border_fortification_is_mobilisation() -> None:
    triples = _triples("합참은 북한군이 군사분계선 일대에서 지뢰 매설 작업을 계속하고 있다고 밝혔다.")
    assert ("PRKMIL", "MOBILIZE", None) in triples


def test_sharing_with_a_partner_is_coded_from_the_speaker() -> None:
    triples = _triples("합참은 일본과 북한 미사일 경보 정보를 실시간으로 공유하고 있다고 밝혔다.")
    assert ("KORMIL", "COOPERATE", "JPN") in triples
    assert not any(s.startswith("JPN") for s, _, _ in triples)


def test_sides_named_together_share_with_each_other() -> None:
    triples = _triples("한미일 3국은 이날 북한 미사일 경보 정보를 실시간으로 공유하기 시작했다.")
    assert {("KORGOV", "COOPERATE", "USAGOV"), ("USAGOV", "COOPERATE", "KORGOV")} <= triples
    assert not any(t == "PRK" for _, _, t in triples)


def test_a_leaders_order_is_the_act_planned() -> None:
    events = coded("김정은 국무위원장은 해군 부대들이 실전과 같은 기동훈련을 정례적으로 조직할 데 대한 과업을 "
                   "제시했다.")
    assert {(e.source_actor, e.plover_type, e.modality) for e in events} == {("PRKGOV", "MOBILIZE", "planned")}


def test_that_day_is_the_leads_day() -> None:
    events = coded("북한이 5일 동해상으로 탄도미사일 2발을 발사했다. "
                   "정부는 이날 국가안전보장회의를 열고 북한을 규탄했다.")
    assert {e.plover_type: e.date_label for e in events}["ACCUSE"] == "2026-03-05"
