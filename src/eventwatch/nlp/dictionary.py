"""The actor dictionary: countries, people, organisations, role nouns and references, loaded from data/actors.

Loaded once per process (``get_actor_dictionary``); the matchers built here are shared by every article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from spacy.matcher import PhraseMatcher

# Re-exported: the NLP modules import them from here.
from eventwatch.actor_codes import NON_COUNTRY_PREFIXES as NON_COUNTRY_PREFIXES
from eventwatch.actor_codes import country_of as country_of
from eventwatch.actor_codes import role_of as role_of
from eventwatch.datafiles import data_rows, data_yaml
from eventwatch.nlp.language import get_nlp

EntryKind = Literal["country", "adjective", "capital", "person", "org", "role", "reference"]

@dataclass(frozen=True)
class Entry:
    kind: EntryKind
    phrase: str
    code: str  # country code, full actor code, or role code for role nouns
    name: str  # canonical name
    surname: str | None = None
    ambiguous: bool = False
    pair: bool = False
    requires: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()


@dataclass
class ActorDictionary:
    entries: list[Entry]
    names: PhraseMatcher  # case-sensitive proper names
    nouns: PhraseMatcher  # case-insensitive role nouns
    anaphors: frozenset[str]
    country_names: dict[str, str] = field(default_factory=dict)  # code -> display name
    places: dict[str, str] = field(default_factory=dict)  # lower-case country or capital name -> country code
    bare_roles: frozenset[str] = frozenset()  # role codes whose bare noun refers to the last-named country
    adjectival: frozenset[str] = frozenset()  # role nouns that qualify a following name instead

    def country_of_place(self, place: str) -> str | None:
        """'Seoul, South Korea' → KOR: the last part of a dateline that names a country or a capital."""
        for part in reversed([p.strip().lower() for p in place.split(",")]):
            if part in self.places:
                return self.places[part]
        return None

    def display_name(self, code: str) -> str | None:
        return self.country_names.get(code)


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _apostrophe_variants(phrase: str) -> list[str]:
    # Scraped text mixes straight and curly apostrophes; the tokenizer keeps them as written.
    return [phrase, phrase.replace("'", "’")] if "'" in phrase else [phrase]


def _country_entries() -> tuple[list[Entry], dict[str, str]]:
    entries: list[Entry] = []
    names: dict[str, str] = {}
    for row in data_rows("actors", "countries.csv"):
        code, name = row["code"].strip(), row["name"].strip()
        names[code] = name
        for phrase in [name, *_split(row.get("aliases"))]:
            entries.append(Entry("country", phrase.removeprefix("the "), code, name))
        for phrase in _split(row.get("adjectives")):
            entries.append(Entry("adjective", phrase, code, name))
        for phrase in _split(row.get("capitals")):
            entries.append(Entry("capital", phrase.removeprefix("the "), code, name))
    return entries, names


def _named_entries() -> list[Entry]:
    entries: list[Entry] = []
    for item in data_yaml("actors", "people.yaml", default=[]):
        for phrase in [item["name"], *(item.get("aliases") or [])]:
            entries.append(Entry("person", phrase, item["code"], item["name"], surname=item.get("surname")))
    for item in data_yaml("actors", "organisations.yaml", default=[]):
        for phrase in [item["name"], *(item.get("aliases") or [])]:
            entries.append(
                Entry("org", phrase.removeprefix("the "), item["code"], item["name"],
                      ambiguous=bool(item.get("ambiguous")))
            )
    return entries


def _noun_entries() -> tuple[list[Entry], frozenset[str], frozenset[str], frozenset[str]]:
    roles = data_yaml("actors", "roles.yaml")
    entries = [
        Entry("role", noun, role, noun) for role, nouns in roles["roles"].items() for noun in nouns
    ]
    for ref in data_yaml("actors", "references.yaml")["references"]:
        entries.append(
            Entry("reference", ref["phrase"], "", ref["phrase"], pair=bool(ref.get("pair")),
                  requires=tuple(ref.get("requires") or ()), codes=tuple(ref.get("codes") or ()))
        )
    return entries, *(frozenset(roles.get(key) or ()) for key in ("anaphors", "bare_roles", "adjectival"))


@lru_cache(maxsize=1)
def get_actor_dictionary() -> ActorDictionary:
    nlp = get_nlp()
    country_entries, country_names = _country_entries()
    proper = country_entries + _named_entries()
    nouns, anaphors, bare_roles, adjectival = _noun_entries()
    entries = proper + nouns
    names = PhraseMatcher(nlp.vocab, attr="ORTH")
    lowered = PhraseMatcher(nlp.vocab, attr="LOWER")
    for index, entry in enumerate(entries):
        # References such as "the North" are case-sensitive on the name, not on "the".
        if entry.kind == "reference":
            variants = [entry.phrase, entry.phrase[:1].upper() + entry.phrase[1:]]
            names.add(str(index), list(nlp.tokenizer.pipe(variants)))
        elif entry.kind == "role":
            lowered.add(str(index), [nlp.make_doc(entry.phrase)])
        else:
            names.add(str(index), list(nlp.tokenizer.pipe(_apostrophe_variants(entry.phrase))))
    places = {e.phrase.lower(): e.code for e in country_entries if e.kind in ("country", "capital")}
    return ActorDictionary(entries, names, lowered, anaphors, country_names, places, bare_roles, adjectival)


@lru_cache(maxsize=1)
def role_nouns() -> dict[str, str]:
    """One-word role nouns and their role codes ("journalists" → MED), for people named only by their role."""
    return {e.phrase.lower(): e.code for e in get_actor_dictionary().entries
            if e.kind == "role" and " " not in e.phrase}
