"""Place mentions: which gazetteer names in an article are used as places, and which place each one means.

A name counts as a place when its context says so — a locative word before it ("in", "near", "off",
"north of", "the … area"), a qualifier after it ("Paris, Texas"), or a curated security place that is
never anything else ("the Yellow Sea", "Punggye-ri"). A country or capital that names an actor
("Seoul condemned…") is not a place. Same-named places are told apart by context: an explicit qualifier,
the dateline's country and state, the countries the story is about, and then population.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from eventwatch.datafiles import data_yaml
from eventwatch.model import ActorMention, Article, Place, PlaceMention
from eventwatch.nlp.actors import sentence_locator
from eventwatch.nlp.dictionary import country_of
from eventwatch.nlp.gazetteer import Candidate, Gazetteer, get_gazetteer, name_key


@dataclass(frozen=True)
class PlaceWords:
    locative: frozenset[str]  # words after which a name is where something happens
    of_heads: frozenset[str]  # words that make a following "of" locative: "north of", "the city of"
    city_locative: frozenset[str]  # extra words that make a city (not a country) a place: "attacks on Kyiv"
    modifiers: frozenset[str]  # words allowed between the locative word and the name: "the", "northern"
    nouns: frozenset[str]  # place nouns after a name: "the Pyongyang area", "Donetsk region"


@lru_cache(maxsize=1)
def get_place_words() -> PlaceWords:
    data = data_yaml("places", "place_words.yaml")
    return PlaceWords(*(frozenset(w.lower() for w in data[k]) for k in ("locative", "of_heads", "city_locative",
                                                                        "modifiers", "nouns")))


@dataclass
class _Found:
    span: Span
    readings: list[Candidate]
    qualifier: list[Candidate] | None = None  # "Texas" in "Paris, Texas"
    end: int = 0  # token end including the qualifier


def dateline_place(article: Article, gazetteer: Gazetteer | None = None) -> Place | None:
    """'SEOUL, South Korea' → Seoul; 'WASHINGTON' → Washington, D.C.: datelines name cities first."""
    if article.dateline is None:
        return None
    gazetteer = gazetteer or get_gazetteer()
    parts = [p.strip() for p in article.dateline.place.split(",") if p.strip()]
    if not parts:
        return None
    readings = gazetteer.lookup(parts[0])
    qualifier = [c for part in parts[1:] for c in gazetteer.lookup(part)]
    if not readings:
        return qualifier[0].place if qualifier else None
    cities = [c for c in readings if c.place.kind == "city"] or readings
    if qualifier:
        fitting = [c for c in cities if _qualifies(c, qualifier)]
        cities = fitting or cities
    return max(cities, key=lambda c: c.prior).place


def recognise_places(article: Article, doc: Doc, actors: list[ActorMention],
                     gazetteer: Gazetteer | None = None) -> list[PlaceMention]:
    gazetteer = gazetteer or get_gazetteer()
    words = get_place_words()
    found = _matches(doc, gazetteer)
    dateline = article.dateline
    actor_chars = _Cover([(m.start, m.end) for m in actors])
    kept: list[_Found] = []
    index = 0
    while index < len(found):
        item = found[index]
        index += 1
        if dateline is not None and item.span.start_char < dateline.end:
            continue  # where the reporter filed from, not where anything happened
        nxt = found[index] if index < len(found) else None
        if nxt is not None and _is_qualifier(doc, item, nxt):
            item.qualifier, item.end = nxt.readings, nxt.span.end
            index += 1
        if _used_as_place(doc, item, actor_chars, words):
            kept.append(item)
    context = _Context.build(article, actors, kept, gazetteer)
    locate = sentence_locator(article)
    mentions = []
    for item in kept:
        best = max(item.readings, key=lambda c: context.score(c, item.qualifier))
        start, end = item.span.start_char, doc[item.end - 1].idx + len(doc[item.end - 1].text)
        mentions.append(PlaceMention(start, end, article.text[start:end], best.place, locate(start)))
    return mentions


def _matches(doc: Doc, gazetteer: Gazetteer) -> list[_Found]:
    spans = [Span(doc, s, e) for _, s, e in gazetteer.matcher(doc)]
    found = []
    for span in filter_spans(spans):
        readings = gazetteer.by_name.get(name_key(span.text), [])
        if readings:
            found.append(_Found(span, readings, end=span.end))
    return found


def _is_qualifier(doc: Doc, item: _Found, nxt: _Found) -> bool:
    """'Paris, Texas' / 'Kyiv, Ukraine': a country or US state right after a comma."""
    if nxt.span.start != item.span.end + 1 or doc[item.span.end].text != ",":
        return False
    qualifier = [c for c in nxt.readings if c.place.kind in ("country", "us-state")]
    # Only when some reading fits: "France, Albania and Norway" is a list of countries, not a French town.
    return any(c.place.kind != "country" and _qualifies(c, qualifier) for c in item.readings)


def _qualifies(candidate: Candidate, qualifier: list[Candidate]) -> bool:
    for q in qualifier:
        if q.place.kind == "us-state" and candidate.admin == q.admin:
            return True
        if q.place.kind == "country" and candidate.place.country == q.place.country:
            return True
    return False


class _Cover:
    """Whether some span covers a range, in log time: a page naming thousands of places and actors must not
    cost places × actors comparisons."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.max_end: list[int] = []  # the furthest end among the spans starting at or before each one
        for _, end in spans:
            self.max_end.append(max(end, self.max_end[-1]) if self.max_end else end)

    def covers(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start)
        return i > 0 and self.max_end[i - 1] >= end


def _used_as_place(doc: Doc, item: _Found, actor_chars: _Cover, words: PlaceWords) -> bool:
    span = item.span
    if item.qualifier:
        return True
    kinds = {c.place.kind for c in item.readings}
    locative = _locative_before(doc, span.start, words.locative, words)
    if not locative and kinds - {"country"} and _locative_before(doc, span.start, words.city_locative, words):
        locative = True
    # "the Pyongyang area", "Donetsk region"; a country before such a noun is an adjective ("the Russia border").
    noun_after = bool(kinds - {"country"}) and item.end < len(doc) and doc[item.end].lower_ in words.nouns
    # An actor name that covers the whole place name is the actor ("Seoul condemned"); a longer place name
    # containing an actor's name is the place ("the Taiwan Strait").
    overlaps_actor = actor_chars.covers(span.start_char, span.end_char)
    if overlaps_actor:
        return locative or noun_after
    curated = any(c.place.id.startswith("ew:") for c in item.readings)
    return curated or locative or noun_after


def _locative_before(doc: Doc, start: int, locative: frozenset[str], words: PlaceWords) -> bool:
    """A locative word before the name, past determiners and directions ('off the southern tip of')."""
    i = start - 1
    skipped = 0
    while i >= 0 and skipped <= 4:
        word = doc[i].lower_
        if word in locative or (word == "of" and i > 0 and doc[i - 1].lower_ in words.of_heads):
            return True
        if word not in words.modifiers:
            return False
        i -= 1
        skipped += 1
    return False


class _Context:
    """What the story is about, for telling Georgia from Georgia and Paris from Paris, Texas."""

    def __init__(self, home: Place | None, countries: Counter[str], states: set[str]) -> None:
        self.home = home
        self.countries = countries
        self.states = states

    @classmethod
    def build(cls, article: Article, actors: list[ActorMention], kept: list[_Found],
              gazetteer: Gazetteer) -> _Context:
        home = dateline_place(article, gazetteer)
        countries: Counter[str] = Counter(c for m in actors if (c := country_of(m.code)) and len(c) == 3)
        states: set[str] = set()
        home_readings = gazetteer.lookup(home.name) if home else []
        for candidate in home_readings:
            if candidate.place.id == (home.id if home else None) and candidate.admin:
                states.add(candidate.admin)
        for item in kept:
            if len(item.readings) == 1:  # unambiguous places tell where the story is
                only = item.readings[0]
                if only.place.country:
                    countries[only.place.country] += 1
                if only.admin:
                    states.add(only.admin)
        return cls(home, countries, states)

    def score(self, candidate: Candidate, qualifier: list[Candidate] | None) -> float:
        place = candidate.place
        score = candidate.prior
        if qualifier and _qualifies(candidate, qualifier):
            score += 5.0
        if self.home is not None and place.country == self.home.country:
            score += 1.2
        if place.country:
            score += 0.25 * min(self.countries[place.country], 3)
        if candidate.admin and candidate.admin in self.states:
            score += 2.0
        return score
