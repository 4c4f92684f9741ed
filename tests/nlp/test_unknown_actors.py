"""Actors no dictionary lists: coded from a title, an apposition or an organisation's own words."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from eventwatch.model import ActorMention, Analysis, Event, Evidence, RawDocument
from eventwatch.nlp.actors import recognise_actors
from eventwatch.nlp.analyse import SentenceFilter, analyse
from eventwatch.nlp.dictionary import get_actor_dictionary
from eventwatch.nlp.unknown_actors import recognise_unknown_actors
from eventwatch.store.schema import ActorRow
from eventwatch.text.article import build_article

STORY = (
    "YEREVAN, Armenia — Armenian Foreign Minister Ararat Mirzoyan flew to Brussels on Tuesday for talks on "
    "the border. The talks were tense, diplomats said. Mirzoyan met European envoys before the session ended."
)


def run(text: str, worth_parsing: SentenceFilter | None = None) -> Analysis:
    return analyse(build_article(RawDocument(text, "text", "t")), worth_parsing=worth_parsing)


def named(analysis: Analysis) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.code, m.name) for m in analysis.actors if m.name is not None]


def test_a_title_before_the_name_gives_country_and_role() -> None:
    analysis = run(STORY)
    assert ("Armenian Foreign Minister", "ARMGOV") in [(m.text, m.code) for m in analysis.actors]
    assert ("Ararat Mirzoyan", "ARMGOV", "Ararat Mirzoyan") in named(analysis)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mirzoyan, Armenia's foreign minister, told reporters the crossing would reopen.",
         ("Mirzoyan", "ARMGOV")),
        ("Armenia's foreign minister, Ararat Mirzoyan, said the crossing would reopen.",
         ("Ararat Mirzoyan", "ARMGOV")),
        ("Talks stalled after Kenyan opposition leader Raila Odinga walked out on Friday.",
         ("Raila Odinga", "KENOPP")),
        ("Fighting flared in Congo, where rebel commander Bertrand Bisimwa vowed to hold the town.",
         ("Bertrand Bisimwa", "CODREB")),
        ("NAIROBI, Kenya — Police chief Japheth Koome banned the march on Sunday.",
         ("Japheth Koome", "KENCOP")),
        ("Sudanese rebel commander Mohamed Hamdan rejected the truce on Friday.", ("Mohamed Hamdan", "SDNREB")),
        ("Seoul's national security adviser, Chang Ho-jin, said the drills would go ahead.",
         ("Chang Ho-jin", "KORGOV")),
    ],
)
def test_titles_and_appositions(text: str, expected: tuple[str, str]) -> None:
    assert (*expected, expected[0]) in named(run(text))


def test_the_code_carries_to_a_later_bare_surname_in_an_unparsed_sentence() -> None:
    analysis = run(STORY, worth_parsing=lambda words: "flew" in words)
    later = analysis.article.sentences[2]
    assert 2 not in analysis.parses and 0 in analysis.parses
    carried = [m for m in analysis.actors if m.sentence == later.index and m.text == "Mirzoyan"]
    assert [(m.code, m.name, m.resolved) for m in carried] == [("ARMGOV", "Ararat Mirzoyan", True)]


def test_a_surname_inside_another_name_is_someone_else() -> None:
    analysis = run("Armenian Foreign Minister Ararat Mirzoyan arrived. Anna Mirzoyan, a teacher, was not there.")
    assert [m.text for m in analysis.actors if "Mirzoyan" in m.text] == ["Ararat Mirzoyan"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ghana's Electoral Commission postponed the count by a week.",
         ("Electoral Commission", "GHAGOV", "Electoral Commission")),
        ("The Electoral Commission of Ghana postponed the count by a week.",
         ("Electoral Commission", "GHAGOV", "Electoral Commission of Ghana")),
        ("The Kenyan rights group Haki Africa condemned the arrests in Mombasa.",
         ("Haki Africa", "KENCVL", "Haki Africa")),
        ("The vote was delayed, and Haki Africa, a Kenyan rights group, protested.",
         ("Haki Africa", "KENCVL", "Haki Africa")),
        ("Members of the ruling Serbian Progressive Party attacked the students.",
         ("Progressive Party", "SRBPTY", "Progressive Party")),
    ],
)
def test_an_organisation_keeps_its_name_and_the_country_the_text_gives_it(text: str, expected: tuple) -> None:
    assert expected in named(run(text))


def test_an_organisation_without_a_country_is_left_out() -> None:
    analysis = run("The rights group Amani Watch said on Tuesday that it had documented forty arrests.")
    assert all("Amani" not in m.text for m in analysis.actors)


def test_a_place_or_a_date_before_an_apposition_is_no_actor() -> None:
    analysis = run("In Yerevan, Armenia's foreign minister said nothing. On Monday, the army said it had moved.")
    assert not any(m.name for m in analysis.actors)


def test_new_mentions_never_overlap_known_ones_and_index_the_article_text() -> None:
    text = STORY + " Kenyan President William Ruto, who met Mirzoyan, said Ghana's Electoral Commission erred."
    analysis = run(text)
    known = recognise_actors(analysis.article, analysis.doc)
    new = recognise_unknown_actors(analysis.article, analysis.doc, analysis.parses, known)
    assert {m.text for m in new} >= {"Ararat Mirzoyan", "William Ruto", "Mirzoyan", "Electoral Commission"}
    for mention in new:
        assert analysis.article.text[mention.start:mention.end] == mention.text
        sentence = analysis.article.sentences[mention.sentence]
        assert sentence.start <= mention.start < sentence.end
        assert not any(mention.start < k.end and k.start < mention.end for k in known)
    assert not any(a.start < b.end and b.start < a.end for a in new for b in new if a is not b)


def _event(analysis: Analysis, mention: ActorMention) -> Event:
    sentence = analysis.article.sentences[mention.sentence]
    evidence = Evidence(sentence.text, sentence.index, sentence.start, sentence.end, mention.start, mention.end,
                        None)
    return Event(mention.code, None, "CONSULT", None, "04", 1.0, "asserted", dt.date(2024, 5, 7), "day", evidence)


def test_the_store_keeps_and_lists_the_new_actor_with_its_name(new_store) -> None:
    analysis = run(STORY)
    person = next(m for m in analysis.actors if m.text == "Ararat Mirzoyan")
    with new_store("unknown") as store:
        store.save(analysis.article, [_event(analysis, person)], analysis.actors,
                   get_actor_dictionary().country_names)
        with store.engine.connect() as conn:
            rows = {r.code: r.name for r in conn.execute(select(ActorRow))}
        listed = {a.code: a.name for a in store.actors("ARM")}
    assert rows["ARMGOV"] == "Ararat Mirzoyan"
    assert listed == {"ARMGOV": "Ararat Mirzoyan"}
