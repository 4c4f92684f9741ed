"""Actors and places named in a parsed Russian sentence, matched on lemmas so declined forms are found
("Минобороны России", "Зеленского", "над Белгородской областью")."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from eventwatch.datafiles import data_mapping, data_yaml
from eventwatch.lang.ru.dictionaries import ActorName, Lexicon
from eventwatch.lang.ru.parse import ParsedSentence, Token, plain
from eventwatch.model import Place
from eventwatch.nlp.gazetteer import get_gazetteer


@dataclass(frozen=True)
class Mention:
    first: int  # token indices [first, last] in the sentence
    last: int
    code: str
    name: str | None
    capital: bool
    start: int  # offsets into Article.text
    end: int

    def covers(self, index: int) -> bool:
        return self.first <= index <= self.last


@dataclass(frozen=True)
class PlaceName:
    first: int
    last: int
    place: Place
    start: int
    end: int


def _matches(tokens: list[Token], at: int, words: tuple[str, ...]) -> bool:
    if at + len(words) > len(tokens):
        return False
    return all(word in tokens[at + k].forms for k, word in enumerate(words))


def _longest(tokens: list[Token], at: int, names: list[ActorName]) -> ActorName | None:
    return next((n for n in names if _matches(tokens, at, n.words)), None)


def find_actors(sentence: ParsedSentence, lexicon: Lexicon) -> list[Mention]:
    found, tokens, at = [], sentence.tokens, 0
    while at < len(tokens):
        candidates = [n for form in tokens[at].forms for n in lexicon.actors.get(form, [])]
        best = _longest(tokens, at, sorted(candidates, key=lambda n: -len(n.words)))
        if best is None:
            at += 1
            continue
        last = at + len(best.words) - 1
        found.append(Mention(at, last, best.code, best.name, best.capital, tokens[at].start, tokens[last].end))
        at = last + 1
    return found


@lru_cache(maxsize=512)
def _place(english: str) -> Place | None:
    readings = get_gazetteer().lookup(english)
    return readings[0].place if readings else None


@lru_cache(maxsize=1)
def _own_places() -> dict[tuple[str, ...], Place]:
    """Regions and towns the shared gazetteer lacks, with coordinates of their own (data/lang/ru/regions.yaml)."""
    found = {}
    for e in data_yaml("lang", "ru", "regions.yaml", default=[]):
        slug = latin(e["name"]).lower().replace(" ", "-")
        found[tuple(e["ru"].split())] = Place(f"ru:{slug}", e["name"], e["country"], float(e["lat"]),
                                              float(e["lon"]), e.get("precision", "region"), e.get("kind", "province"))
    return found


def _resolve(words: tuple[str, ...], english: str | None) -> Place | None:
    own = _own_places().get(words)
    return own if own is not None else _place(english) if english else None


def find_places(sentence: ParsedSentence, lexicon: Lexicon) -> list[PlaceName]:
    found, tokens = [], sentence.tokens
    names: dict[tuple[str, ...], str | None] = {**dict.fromkeys(_own_places()), **lexicon.places}
    longest_first = sorted(names.items(), key=lambda kv: -len(kv[0]))
    at = 0
    while at < len(tokens):
        hit = next(((words, en) for words, en in longest_first if _matches(tokens, at, words)), None)
        place = _resolve(*hit) if hit else None
        if hit is None or place is None:
            at += 1
            continue
        last = at + len(hit[0]) - 1
        found.append(PlaceName(at, last, place, tokens[at].start, tokens[last].end))
        at = last + 1
    found += _coordinated_regions(sentence, names, found)
    return found + _recognised(sentence, found)


def _coordinated_regions(sentence: ParsedSentence, names: dict[tuple[str, ...], str | None],
                         listed: list[PlaceName]) -> list[PlaceName]:
    """"над Брянской, Курской и Белгородской областями": each adjective joined to a region noun is a region."""
    found, tokens, taken = [], sentence.tokens, {i for p in listed for i in range(p.first, p.last + 1)}
    for token in tokens:
        head = token
        for _ in range(4):  # bounded: natasha's parse may hold a cycle
            if head.rel != "conj" or head.head < 0:
                break
            head = tokens[head.head]
        if token.pos != "ADJ" or token.index in taken or head.rel != "amod" or head.head < 0:
            continue
        noun = tokens[head.head].lemma
        words = next((w for f in token.forms if (w := (f, noun)) in names), None)
        place = _resolve(words, names[words]) if words else None
        if place is not None:
            found.append(PlaceName(token.index, token.index, place, token.start, token.end))
    return found


@lru_cache(maxsize=1)
def _letters() -> dict[str, str]:
    return {k: str(v) for k, v in data_mapping("lang", "ru", "transliteration.yaml").items()}


def latin(name: str) -> str:
    letters = _letters()
    return " ".join(w.capitalize() for w in "".join(letters.get(c, c) for c in plain(name)).split())


def _recognised(sentence: ParsedSentence, listed: list[PlaceName]) -> list[PlaceName]:
    """Places natasha's NER finds that places.yaml does not list, by their Latin spelling in the gazetteer."""
    found = []
    for start, end, normal in sentence.locations:
        if any(p.start < end and start < p.end for p in listed):
            continue
        place = _place(latin(normal))
        inside = [t.index for t in sentence.tokens if start <= t.start < end]
        if place is not None and inside:
            found.append(PlaceName(inside[0], inside[-1], place, start, end))
    return found
