"""Telling an article's language from its letters (lang/detect.py), offline."""

from __future__ import annotations

import pytest

from eventwatch.lang.detect import CODED_LANGUAGES, detect_language

# Written for these tests in the style of each language's wire copy.
KOREAN = ("북한이 15일 오전 평양 순안 일대에서 동해상으로 단거리 탄도미사일 1발을 발사했다고 합동참모본부가 밝혔다. "
          "합참은 미사일의 비행거리와 고도 등 세부 제원을 분석하고 있다고 전했다.")
RUSSIAN = ("Министерство обороны России заявило в понедельник, что силы противовоздушной обороны уничтожили "
           "двенадцать беспилотников над Белгородской областью. Пострадавших нет, сообщил губернатор.")
UKRAINIAN = ("Повітряні сили Збройних сил України повідомили у вівторок, що збили чотирнадцять ударних дронів "
             "над південними областями. Інформація про постраждалих уточнюється, заявили в обласній адміністрації.")
FRENCH = ("Le ministère sud-coréen de la Défense a indiqué jeudi que la Corée du Nord avait tiré deux missiles "
          "balistiques vers la mer de l'Est, selon un communiqué publié dans la matinée.")
SPANISH = ("El gobierno de Corea del Sur informó el jueves que el ejército del Norte disparó dos misiles "
           "balísticos hacia el mar, según un comunicado de la oficina presidencial.")
ENGLISH = ("SEOUL — North Korea fired a short-range ballistic missile into the sea off its east coast on Tuesday, "
           "South Korea's military said, days after Pyongyang warned of countermeasures against the allies' drills.")


@pytest.mark.parametrize(("text", "language"), [
    (KOREAN, "ko"), (RUSSIAN, "ru"), (UKRAINIAN, "uk"), (FRENCH, "fr"), (SPANISH, "es"), (ENGLISH, "en"),
    ("朝鲜周四向东部海域发射了两枚短程弹道导弹，日本防卫省表示，导弹落在专属经济区外。", "zh"),
    ("北朝鮮は木曜日、短距離弾道ミサイル2発を東の海域に向けて発射したと防衛省が発表した。", "ja"),
    ("قالت وزارة الدفاع إن الجيش اعترض صاروخين أطلقا باتجاه المدينة صباح الخميس", "und-Arab"),
])
def test_each_language_is_told_from_its_letters(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_english_with_foreign_names_and_quotes_stays_english() -> None:
    text = ENGLISH + ' The KCNA statement, titled "조선중앙통신 논평", called the drills a "провокация".'
    assert detect_language(text) == "en"
    # A short English headline with few function words is English, not "some other Latin-script language".
    assert detect_language("Seoul, Washington begin largest joint drills in years") == "en"


def test_a_korean_story_quoting_english_is_korean() -> None:
    assert detect_language(KOREAN + " 미 국무부는 'deeply concerned'라는 입장을 밝혔다.") == "ko"


@pytest.mark.parametrize("text", ["", "12:30 GMT", "— — —", "2026-03-05"])
def test_too_few_letters_is_undetermined_and_read_as_english(text: str) -> None:
    assert detect_language(text) == "und"
    assert "und" in CODED_LANGUAGES and "en" in CODED_LANGUAGES
    assert not {"ko", "ru", "uk", "fr"} & CODED_LANGUAGES


@pytest.mark.parametrize(("text", "language"), [("북한이 미사일을 발사했다.", "ko"), ("朝鲜发射了导弹。", "zh"),
                                                ("합참 발표", "und")])
def test_a_short_sentence_in_a_syllabic_script_is_told(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(("text", "language"), [
    ("Минобороны сообщило о перехвате трех беспилотников над Курской областью.", "ru"),  # no ы э ъ ё
    ("Міністерство оборони повідомило про збиття трьох дронів.", "uk"),
    ("Министарство одбране Србије саопштило је да су војници спремни.", "und-Cyrl"),  # Serbian ј
])
def test_cyrillic_without_russian_only_letters(text: str, language: str) -> None:
    assert detect_language(text) == language
