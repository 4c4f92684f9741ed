"""Place recognition and disambiguation: which names are places, and which same-named place is meant."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwatch.errors import DocumentError
from eventwatch.model import RawDocument
from eventwatch.nlp.analyse import analyse
from eventwatch.nlp.gazetteer import get_gazetteer
from eventwatch.text.article import build_article


def places(text: str) -> list[tuple[str, str, str | None]]:
    """(text, place name, country) of each place mention."""
    article = build_article(RawDocument(text, "text", "t", published=dt.date(2024, 5, 2)))
    return [(p.text, p.place.name, p.place.country) for p in analyse(article).places]


def place_of(text: str, name: str):
    article = build_article(RawDocument(text, "text", "t", published=dt.date(2024, 5, 2)))
    analysis = analyse(article)
    hits = [p.place for p in analysis.places if p.text.startswith(name)]
    assert hits, [(p.text, p.place.name) for p in analysis.places]
    return hits[0]


def test_gazetteer_has_countries_states_cities_and_security_places():
    gazetteer = get_gazetteer()
    assert gazetteer.country_place("PRKMIL").name == "North Korea"
    for name in ("Punggye-ri", "Yongbyon", "Sunan", "Yellow Sea", "Taiwan Strait", "Crimea", "Gaza Strip",
                 "Strait of Hormuz", "Georgia", "Paris", "Tongchang-ri", "Donbas"):
        assert gazetteer.lookup(name), name
    kinds = {c.place.kind for c in gazetteer.lookup("Georgia")}
    assert {"country", "us-state"} <= kinds
    assert len(gazetteer.by_name) > 25_000


def test_sites_seas_and_straits_are_places_without_a_preposition():
    found = places("TOKYO — The Yellow Sea and the Taiwan Strait saw heavy naval traffic on Thursday.")
    names = {name for _, name, _ in found}
    assert {"Yellow Sea", "Taiwan Strait"} <= names


def test_capital_as_actor_is_not_a_place_but_in_the_capital_is():
    found = places("SEOUL — Pyongyang rejected the offer. Officials met in Pyongyang on Monday.")
    assert [(t, c) for t, _, c in found] == [("Pyongyang", "PRK")]


def test_country_as_actor_is_not_a_place():
    assert places("KYIV — Russia launched drones overnight.") == []
    assert [n for _, n, _ in places("KYIV — Fighting raged in Ukraine on Monday.")] == ["Ukraine"]


def test_dateline_is_not_a_place_mention_but_is_the_home_place():
    article = build_article(RawDocument("SEOUL, South Korea — Officials met on Monday.", "text", "t"))
    analysis = analyse(article)
    assert analysis.places == []
    assert analysis.dateline_place is not None and analysis.dateline_place.name == "Seoul"
    assert analysis.dateline_place.country == "KOR"


def test_washington_dateline_is_the_capital_not_the_state():
    article = build_article(RawDocument("WASHINGTON — The Pentagon said on Monday it was ready.", "text", "t"))
    home = analyse(article).dateline_place
    assert home is not None and home.kind == "city" and home.country == "USA"
    assert abs(home.lat - 38.9) < 0.3


@pytest.mark.parametrize(
    ("text", "name", "country", "kind"),
    [
        # Georgia the country: a story from Tbilisi about Russia.
        ("TBILISI — Protesters rallied in Georgia on Sunday against a law modelled on Russia's, "
         "and Georgian police detained dozens.", "Georgia", "GEO", "country"),
        # Georgia the US state: a story filed from Atlanta.
        ("ATLANTA — Storms knocked out power across Georgia on Sunday, the governor's office said.",
         "Georgia", "USA", "us-state"),
        # No context at all: the country is the likelier reading.
        ("Heavy rain fell in Georgia on Sunday.", "Georgia", "GEO", "country"),
    ],
)
def test_georgia_is_told_apart_by_context(text, name, country, kind):
    place = place_of(text, name)
    assert (place.country, place.kind) == (country, kind)


def test_paris_france_versus_paris_texas():
    assert place_of("Farmers protested in Paris on Monday.", "Paris").country == "FRA"
    texas = place_of("A rally was held in Paris, Texas, on Monday.", "Paris")
    assert texas.country == "USA" and abs(texas.lon - -95.55) < 0.5
    # A Texas story: the state named elsewhere in the article pulls Paris to Texas.
    dallas = place_of("DALLAS — Storms hit Texas on Monday, and a shelter opened in Paris.", "Paris")
    assert dallas.country == "USA"


def test_words_that_are_also_towns_are_not_places():
    assert places("Nice words were spoken in March, and Police said Split votes were expected.") == []


def test_place_nouns_after_the_name_make_it_a_place():
    assert ("Pyongyang", "PRK") in {(t, c) for t, _, c in places(
        "SEOUL — The missiles were launched from the Pyongyang area, the military said.")}
    found = places("KYIV — Heavy fighting was reported in the Donetsk region on Tuesday.")
    assert any(name.startswith("Donetsk") and country == "UKR" for _, name, country in found)


def test_offsets_point_at_the_names():
    text = "SEOUL — North Korea fired two missiles from Sunan toward the East Sea on Thursday."
    article = build_article(RawDocument(text, "text", "t"))
    for mention in analyse(article).places:
        assert article.text[mention.start:mention.end] == mention.text
    assert {p.place.name for p in analyse(article).places} >= {"Sunan"}


def test_a_list_of_countries_is_not_a_city_with_its_country():
    assert places("The session was requested by the United States, Britain, France, Albania and Norway.") == []


_WORDS = st.sampled_from(["in", "Paris", "Georgia", ",", "Texas", "the", "Yellow", "Sea", "near", "Sunan", "off",
                          "north", "of", "Seoul", "said", ".", "\u200f", "Kyiv", "area", "—", "SEOUL", "\n\n"])


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=40))
def test_any_text_gives_valid_place_mentions(words):
    text = " ".join(words)
    try:
        article = build_article(RawDocument(text, "text", "t"))
    except DocumentError:  # no body left after cleaning: a typed skip, not a places problem
        return
    for mention in analyse(article).places:
        assert 0 <= mention.start < mention.end <= len(article.text)
        assert article.text[mention.start:mention.end] == mention.text
        assert -90 <= mention.place.lat <= 90 and -180 <= mention.place.lon <= 180
