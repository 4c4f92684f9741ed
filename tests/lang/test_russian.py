"""The Russian coder on wire-style sentences written for these tests, annotated by hand before the coder ran.
Published on Thursday 12 March 2026, so "в понедельник" is 9 March and "на прошлой неделе" starts on 2 March."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("natasha")

from eventwatch.lang import Coded
from eventwatch.lang.ru import code_article
from eventwatch.model import Event, RawDocument
from eventwatch.text.article import build_article

PUBLISHED = dt.date(2026, 3, 12)


def coded_article(text: str) -> Coded:
    # One sentence may hold none of the letters that tell Russian from other Cyrillic text (ы, э, ъ), so the
    # sentence tests say the language; the end-to-end tests (test_russian_pipeline.py) let the pipeline tell it.
    article = build_article(RawDocument(content=text, kind="text", origin="test", published=PUBLISHED))
    assert article.language == "ru"  # a short Russian sentence is told as Russian (lang/detect.py)
    return code_article(article)


def coded(text: str) -> list[Event]:
    return coded_article(text).events


def only(text: str, plover: str) -> Event:
    events = [e for e in coded(text) if e.plover_type == plover]
    assert events, f"no {plover} in {[(e.plover_type, e.source_actor) for e in coded(text)]}"
    return events[0]


# (sentence, type, source, target, reported_by, modality, date, precision)
CASES = [
    ("В понедельник российские военные сбили над Курской областью пять украинских беспилотников, "
     "сообщили в Минобороны России.", "ASSAULT", "UKRMIL", "RUSMIL", "RUSGOV", "asserted", dt.date(2026, 3, 9), "day"),
    ("Как заявил Песков, Кремль не намерен вести переговоры с Киевом.",
     "CONSULT", "RUSGOV", "UKR", "RUSGOV", "negated", PUBLISHED, "day"),
    ("По данным ВСУ, российская армия нанесла ракетный удар по Одессе.",
     "ASSAULT", "RUSMIL", "UKR", "UKRMIL", "asserted", PUBLISHED, "day"),
    ("Захарова осудила удар ВСУ по Белгороду.", "ACCUSE", "RUSGOV", "UKRMIL", None, "asserted", PUBLISHED, "day"),
    ("Лавров во вторник встретился с Фиданом в Анкаре.",
     "CONSULT", "RUSGOV", "TURGOV", None, "asserted", dt.date(2026, 3, 10), "day"),
    ("Путин посетит Пхеньян в июне, сообщил Ушаков.",
     "AGREE", "RUSGOV", "PRK", "RUSGOV", "planned", dt.date(2026, 6, 1), "month"),
    ("Зеленский обвинил Москву в срыве переговоров.",
     "ACCUSE", "UKRGOV", "RUS", None, "asserted", PUBLISHED, "day"),
    ("Евросоюз ввёл новые санкции против России.", "SANCTION", "IGOEEC", "RUS", None, "asserted", PUBLISHED, "day"),
    ("США пригрозили ввести новые санкции против Китая.",
     "THREATEN", "USAGOV", "CHN", None, "threatened", PUBLISHED, "day"),
    ("Россия и Украина обменялись пленными в пятницу.",
     "RETREAT", "RUSGOV", "UKRGOV", None, "asserted", dt.date(2026, 3, 6), "day"),
    # a country's ambassador or diplomat is its government, as with data/actors/roles.yaml in English
    ("МИД России вызвал посла Молдавии.", "ACCUSE", "RUSGOV", "MDAGOV", None, "asserted", PUBLISHED, "day"),
    ("Накануне Пентагон объявил о новом пакете военной помощи Украине.",
     "AID", "USAMIL", "UKR", None, "asserted", dt.date(2026, 3, 11), "day"),
    ("Ким Чен Ын в субботу провёл испытание новой баллистической ракеты.",
     "MOBILIZE", "PRKGOV", None, None, "asserted", dt.date(2026, 3, 7), "day"),
    ("Генсек ООН Антониу Гутерриш призвал стороны к прекращению огня.",
     "REQUEST", "IGOUNO", None, None, "asserted", PUBLISHED, "day"),
    ("Украина отвергла предложение России о перемирии.",
     "REJECT", "UKRGOV", "RUS", None, "asserted", PUBLISHED, "day"),
    ("Российские войска отступили от Херсона на прошлой неделе.",
     "RETREAT", "RUSMIL", None, None, "asserted", dt.date(2026, 3, 2), "week"),
    ("Сегодня ВСУ атаковали беспилотниками Курскую область, заявил губернатор Хинштейн.",
     "ASSAULT", "UKRMIL", "RUS", "RUSGOV", "asserted", PUBLISHED, "day"),
    ("7 марта российская авиация нанесла удар по позициям ВСУ под Покровском.",
     "ASSAULT", "RUSMIL", "UKRMIL", None, "asserted", dt.date(2026, 3, 7), "day"),
    ("Во вторник Сибига провёл телефонный разговор с Рубио.",
     "CONSULT", "UKRGOV", "USAGOV", None, "asserted", dt.date(2026, 3, 10), "day"),
    ("В марте Германия передала Украине зенитные системы.",
     "AID", "DEUGOV", "UKR", None, "asserted", dt.date(2026, 3, 1), "month"),
    ("Польша выслала российского дипломата.", "SANCTION", "POLGOV", "RUSGOV", None, "asserted", PUBLISHED, "day"),
    ("Как сообщает ТАСС, Северная Корея в этом году провела учения.",
     "MOBILIZE", "PRKMIL", None, "RUSMED", "asserted", dt.date(2026, 1, 1), "year"),
    ("Песков опроверг, что Путин встречался с Зеленским.",
     "CONSULT", "RUSGOV", "UKRGOV", "RUSGOV", "negated", PUBLISHED, "day"),
    ("Кремль планирует провести переговоры с Вашингтоном в апреле.",
     "AGREE", "RUSGOV", "USA", None, "planned", dt.date(2026, 4, 1), "month"),
    ("Если Киев атакует Крым, Москва ответит, заявил Медведев.",
     "ASSAULT", "UKRMIL", None, "RUSGOV", "hypothetical", PUBLISHED, "day"),
    ("Российские ПВО вчера перехватили три ракеты над Белгородской областью.",
     "ASSAULT", "RUSMIL", None, None, "asserted", dt.date(2026, 3, 11), "day"),
]


@pytest.mark.parametrize(("text", "plover", "source", "target", "reporter", "mood", "date", "precision"), CASES,
                         ids=[c[0][:40] for c in CASES])
def test_sentence(text: str, plover: str, source: str, target: str | None, reporter: str | None, mood: str,
                  date: dt.date, precision: str) -> None:
    event = only(text, plover)
    assert (event.source_actor, event.target_actor) == (source, target)
    assert event.reported_by == reporter
    assert event.modality == mood
    assert (event.date, event.date_precision) == (date, precision)


def test_there_are_at_least_25_sentences() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("text", [c[0] for c in CASES if c[4] is not None])
def test_the_reporter_is_never_the_source_of_a_reported_act(text: str) -> None:
    for event in coded(text):
        if event.reported_by and event.reported_by_text:
            assert event.source_text != event.reported_by_text


def test_declined_names_are_found_through_their_lemmas() -> None:
    result = coded_article("Представитель Кремля раскритиковал заявление Зеленского и Генштаба ВСУ.")
    codes = {(a.text, a.code) for a in result.actors}
    assert ("Кремля", "RUSGOV") in codes
    assert ("Зеленского", "UKRGOV") in codes
    assert ("Генштаба ВСУ", "UKRMIL") in codes


def test_evidence_and_place_point_into_the_russian_text() -> None:
    text = "Вчера российские военные сбили над Белгородской областью два беспилотника ВСУ."
    article = build_article(RawDocument(content=text, kind="text", origin="test", published=PUBLISHED))
    event = next(e for e in code_article(article).events if e.plover_type == "ASSAULT")
    body = article.text
    assert body[event.evidence.trigger_start:event.evidence.trigger_end] == "сбили"
    assert body[event.evidence.start:event.evidence.end] == event.evidence.sentence
    assert event.place is not None and event.place.name == "Belgorod region"
    assert event.place_text == "Белгородской областью"
    assert event.cameo_root == "19" and event.intensity < 0


def test_a_condemnation_does_not_take_the_place_of_the_act_it_condemns() -> None:
    event = only("Захарова осудила удар ВСУ по Белгороду.", "ACCUSE")
    assert event.place is None


def test_a_planned_visit_on_a_weekday_is_the_next_such_day() -> None:
    event = only("Лавров посетит Пекин в пятницу, сообщили в МИД России.", "AGREE")
    assert (event.date, event.modality, event.reported_by) == (dt.date(2026, 3, 13), "planned", "RUSGOV")
    assert event.place is not None and event.place.name == "Beijing"


def test_a_count_is_kept_on_an_act_of_force() -> None:
    event = only("Российские военные сбили более 30 украинских беспилотников.", "ASSAULT")
    assert event.quantity is not None
    assert (event.quantity.value, event.quantity.unit, event.quantity.qualifier) == (30.0, "drone", "more than")


@pytest.mark.parametrize(("text", "source", "reporter"), [
    ("Украинские военные обстреляли Горловку, говорится в заявлении МИД России.", "UKRMIL", "RUSGOV"),
    ("Как сообщает Интерфакс, Кремль пригрозил ответить на конфискацию активов.", "RUSGOV", "RUSMED"),
    ("Украина атаковала Москву беспилотниками, передает ТАСС.", "UKRMIL", "RUSMED"),
])
def test_forms_of_attribution(text: str, source: str, reporter: str) -> None:
    event = coded(text)[0]
    assert (event.source_actor, event.reported_by) == (source, reporter)


def test_a_drill_has_no_target() -> None:
    event = only("Министр обороны Белоусов провёл учения Черноморского флота.", "MOBILIZE")
    assert (event.source_actor, event.target_actor, event.mode) == ("RUSGOV", None, "military-exercise")


def test_a_place_found_by_ner_and_not_listed_is_looked_up_by_its_latin_spelling() -> None:
    event = only("ВСУ обстреляли Энергодар.", "ASSAULT")
    assert event.place is not None and (event.place.name, event.place.country) == ("Enerhodar", "UKR")


def test_a_capital_that_acts_in_a_condition_is_not_the_place() -> None:
    event = only("Трамп пригрозил России новыми санкциями, если Москва не согласится на перемирие.", "THREATEN")
    assert (event.source_actor, event.target_actor, event.modality) == ("USAGOV", "RUS", "threatened")
    assert event.place is None


def test_a_recipient_subject_is_the_target_and_the_giver_the_source() -> None:
    event = only("Украина получила от США систему Patriot.", "AID")
    assert (event.source_actor, event.target_actor) == ("USAGOV", "UKR")


def test_downed_drones_are_their_owners_attack_on_the_country_where_they_fell() -> None:
    event = only("Средства ПВО ночью перехватили семь украинских беспилотников над Курской областью.", "ASSAULT")
    assert (event.source_actor, event.target_actor) == ("UKRMIL", "RUS")


def test_a_shelled_town_gives_the_attacks_target_country() -> None:
    event = only("Российские войска обстреляли Херсон из артиллерии.", "ASSAULT")
    assert (event.source_actor, event.target_actor) == ("RUSMIL", "UKR")


def test_an_agreement_reached_on_a_weekday_is_dated_back() -> None:
    event = only("Во вторник Москва и Баку согласовали новый маршрут поставок газа.", "AGREE")
    assert event.date == dt.date(2026, 3, 10)


def test_a_subject_pronoun_stands_for_the_last_sentences_official() -> None:
    events = coded("Сергей Лавров прибыл в Минск. Он осудил новые санкции Евросоюза против Белоруссии.")
    accuse = [e for e in events if e.plover_type == "ACCUSE"]
    assert accuse and accuse[0].source_actor == "RUSGOV"


def test_the_sides_are_those_of_the_last_event_between_two_countries() -> None:
    events = coded("Лавров провел переговоры с Фиданом в Анкаре. Стороны договорились о новых поставках зерна.")
    agree = {(e.source_actor, e.target_actor) for e in events if e.plover_type == "AGREE"}
    assert agree == {("RUSGOV", "TURGOV"), ("TURGOV", "RUSGOV")}


def test_since_the_start_of_a_month_is_that_month() -> None:
    from eventwatch.lang.ru.dates import find_date
    found = find_date("С начала февраля над регионом сбиты 90 дронов.", PUBLISHED)
    assert found is not None and found[0] == (dt.date(2026, 2, 1), "month")


def test_the_same_day_is_the_day_an_earlier_sentence_named() -> None:
    events = coded("В понедельник Лавров провел переговоры с Фиданом в Анкаре. "
                   "В тот же день Захарова осудила удар ВСУ по Белгороду.")
    accuse = only_of(events, "ACCUSE")
    assert accuse.date == dt.date(2026, 3, 9)


def only_of(events: list[Event], plover: str) -> Event:
    return next(e for e in events if e.plover_type == plover)


def test_the_ministry_that_reports_a_kill_is_not_its_author() -> None:
    events = coded("Минобороны России сообщило, что средства ПВО перехватили и уничтожили 20 украинских "
                   "беспилотников над Курской областью.")
    assert {(e.source_actor, e.target_actor) for e in events if e.plover_type == "ASSAULT"} == {("UKRMIL", "RUS")}
