"""The Russian coder on context across sentences and on idioms: the act a statement answers, veiled threats,
expulsions. Sentences written for these tests in wire style, annotated by hand before the coder ran."""

from __future__ import annotations

import pytest

pytest.importorskip("natasha")

from test_russian import coded, only, only_of


def test_a_condemned_attack_names_its_author_as_the_target() -> None:
    events = coded("Российские войска нанесли ракетный удар по Одессе. Премьер-министр Польши Дональд Туск осудил "
                   "удар.")
    accuse = only_of(events, "ACCUSE")
    assert (accuse.source_actor, accuse.target_actor) == ("POLGOV", "RUSMIL")


def test_an_answer_to_sanctions_threatens_who_imposed_them() -> None:
    events = coded("Евросоюз ввел новые санкции против России. Захарова предупредила, что Москва ответит на санкции.")
    threat = only_of(events, "THREATEN")
    assert (threat.source_actor[:3], threat.target_actor) == ("RUS", "IGOEEC")


@pytest.mark.parametrize("second", [
    "Как заявил Песков, удары по жителям Курской области не останутся без ответа.",
    "Песков заявил, что атаки на российские города не останутся безнаказанными.",
])
def test_a_veiled_threat_is_the_speakers_against_the_attacker(second: str) -> None:
    events = coded("ВСУ атаковали беспилотниками Курскую область. " + second)
    threat = only_of(events, "THREATEN")
    assert (threat.source_actor, threat.target_actor[:3], threat.modality) == ("RUSGOV", "UKR", "threatened")


def test_persona_non_grata_is_an_expulsion() -> None:
    event = only("Власти Польши объявили персоной нон грата российского дипломата.", "SANCTION")
    assert (event.source_actor, event.target_actor, event.mode) == ("POLGOV", "RUSGOV", "expel")


def test_brussels_stands_for_the_european_union() -> None:
    event = only("Кремль раскритиковал решение Брюсселя.", "ACCUSE")
    assert event.target_actor == "IGOEEC"


def test_a_package_of_restrictions_is_a_sanction() -> None:
    event = only("Совет ЕС утвердил новый пакет ограничений против России.", "SANCTION")
    assert (event.source_actor, event.target_actor) == ("IGOEEC", "RUS")


def test_a_region_the_gazetteer_lacks_has_coordinates_of_its_own() -> None:
    event = only("ВСУ обстреляли приграничные села Брянской области.", "ASSAULT")
    assert event.place is not None and (event.place.name, event.place.country) == ("Bryansk region", "RUS")
    assert (event.target_actor, round(event.place.lat)) == ("RUS", 53)


def test_a_town_of_the_front_is_a_place_of_its_country() -> None:
    event = only("Российские войска нанесли удар по Кривому Рогу.", "ASSAULT")
    assert event.place is not None and (event.place.name, event.place.country) == ("Kryvyy Rih", "UKR")


def test_the_condemned_attack_is_the_one_named_by_the_same_word() -> None:
    events = coded("Российские войска нанесли ракетный удар по Одессе. Ночью над Курской областью сбиты пять "
                   "украинских беспилотников. Президент Франции Эммануэль Макрон осудил удар.")
    accuse = only_of(events, "ACCUSE")
    assert accuse.target_actor == "RUSMIL"


def test_a_missile_that_hits_a_town_is_an_attack_on_its_country() -> None:
    event = only("Две российские ракеты попали в центр Харькова.", "ASSAULT")
    assert (event.source_actor, event.target_actor) == ("RUSMIL", "UKR")


def test_a_mediator_consults_both_sides_of_the_exchange() -> None:
    events = coded("Россия и Украина в среду провели обмен пленными, посредниками выступили Объединенные Арабские "
                   "Эмираты.")
    consult = {(e.source_actor, e.target_actor) for e in events if e.plover_type == "CONSULT"}
    assert {("AREGOV", "RUSGOV"), ("AREGOV", "UKRGOV")} <= consult


def test_a_visit_to_a_capital_is_a_visit_to_its_country() -> None:
    event = only("Министр иностранных дел Турции Хакан Фидан прибыл с визитом в Тегеран.", "CONSULT")
    assert (event.source_actor, event.target_actor) == ("TURGOV", "IRN")


def test_declining_to_comment_is_no_rejection() -> None:
    assert not [e for e in coded("В Кремле отказались комментировать публикацию.") if e.plover_type == "REJECT"]


def test_the_background_of_talks_is_no_side_of_them() -> None:
    events = coded("Переговоры министров прошли на фоне атаки украинских беспилотников.")
    assert not [e for e in events if e.plover_type == "CONSULT" and e.target_actor]


def test_a_subject_the_parser_hangs_on_a_later_verb_still_acts() -> None:
    event = only("Украинские беспилотники в ночь на субботу атаковали Тамбов, в результате падения обломков "
                 "возник пожар.", "ASSAULT")
    assert (event.source_actor, event.target_actor) == ("UKRMIL", "RUS")


def test_the_attack_inside_a_veiled_threat_is_not_coded_again() -> None:
    events = coded("ВСУ атаковали Белгород. Песков заявил, что атаки на российские города не останутся "
                   "безнаказанными.")
    assert [e.plover_type for e in events if e.evidence.sentence.startswith("Песков")] == ["THREATEN"]


def test_a_side_of_ongoing_talks_acts_toward_the_other_side() -> None:
    events = coded("Делегации России и Украины провели переговоры в Женеве. Украинская сторона отвергла "
                   "предложенные условия.")
    reject = only_of(events, "REJECT")
    assert (reject.source_actor, reject.target_actor[:3]) == ("UKRGOV", "RUS")


def test_a_promise_of_more_strikes_is_a_threat() -> None:
    events = coded("Российские войска нанесли удар по Львову. Зеленский пообещал, что Украина будет и дальше "
                   "наносить удары по российским нефтебазам.")
    threat = only_of(events, "THREATEN")
    assert (threat.source_actor, threat.target_actor[:3]) == ("UKRGOV", "RUS")


def test_the_sides_that_agree_are_the_main_dyad_not_a_thanked_mediator() -> None:
    events = coded("Россия и Украина провели обмен пленными. Зеленский поблагодарил Турцию за содействие. "
                   "Стороны договорились о новом обмене.")
    agree = {(e.source_actor[:3], e.target_actor[:3]) for e in events if e.plover_type == "AGREE"}
    assert agree == {("RUS", "UKR"), ("UKR", "RUS")}


def test_each_coordinated_region_adjective_is_a_region() -> None:
    events = coded("Президент Украины Зеленский провел переговоры с Трампом. Российские ПВО за сутки уничтожили "
                   "30 украинских беспилотников над Брянской и Курской областями.")
    downed = only_of(events, "ASSAULT")
    assert (downed.source_actor, downed.target_actor[:3]) == ("UKRMIL", "RUS")  # not the dyad of the talks
    assert downed.place is not None and downed.place.country == "RUS"


def test_talks_that_may_take_place_are_hypothetical_and_the_dyads() -> None:
    events = coded("Делегации России и Украины провели переговоры в Женеве. Следующая встреча может состояться "
                   "в Стамбуле.")
    later = [e for e in events if e.evidence.sentence.startswith("Следующая") and e.plover_type == "CONSULT"]
    assert {(e.source_actor[:3], e.target_actor[:3], e.modality) for e in later} == {
        ("RUS", "UKR", "hypothetical"), ("UKR", "RUS", "hypothetical")}


def test_a_promise_to_hand_over_bodies_is_a_planned_concession() -> None:
    event = only("Россия в одностороннем порядке передаст Украине тела погибших военнослужащих.", "CONCEDE")
    assert (event.source_actor[:3], event.target_actor, event.modality) == ("RUS", "UKR", "planned")


def test_the_country_diplomats_are_expelled_from_expels_them() -> None:
    event = only("В ответ из России высылаются три сотрудника посольства Польши.", "SANCTION")
    assert (event.source_actor, event.target_actor) == ("RUSGOV", "POLGOV")


def test_the_sources_own_forces_inside_a_rejected_call_are_no_target() -> None:
    event = only("Кремль отверг призывы Евросоюза к выводу российских войск.", "REJECT")
    targets = {e.target_actor for e in coded("Кремль отверг призывы Евросоюза к выводу российских войск.")
               if e.plover_type == "REJECT"}
    assert event.source_actor == "RUSGOV" and targets == {"IGOEEC"}
