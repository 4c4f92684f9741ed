"""The Russian data files (data/lang/ru), read once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from eventwatch.datafiles import data_mapping, data_rows, data_yaml
from eventwatch.errors import DictionaryError
from eventwatch.model import PLOVER_TYPES

_DIR = ("lang", "ru")


@dataclass(frozen=True)
class Trigger:
    lemma: str
    type: str
    pos: str | None = None  # "verb" | "noun" | None for either
    mode: str | None = None
    needs: frozenset[str] = frozenset()
    absorbs: bool = False
    symmetric: bool = False
    received: bool = False  # the subject is the recipient, the giver is "от X" ("получила от США")
    intercepts: bool = False  # "ПВО сбили украинские дроны": the weapon's owner attacked, the defender was hit
    speaker: bool = False  # a veiled threat ("не останутся безнаказанными"): the one who says it is its source


@dataclass(frozen=True)
class ActorName:
    words: tuple[str, ...]  # lemma sequence
    code: str
    name: str | None  # canonical English name in data/actors
    capital: bool = False  # a capital city: an actor only as subject or object, else a place


@dataclass
class Lexicon:
    triggers: dict[str, list[Trigger]]
    actors: dict[str, list[ActorName]]  # first word → names starting with it, longest first
    cues: dict[str, frozenset[str]]
    places: dict[tuple[str, ...], str]  # lemma sequence → English gazetteer name
    adjectives: dict[str, str] = field(default_factory=dict)  # "российский" → RUS


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    actors, adjectives = _actors()
    cues = {k: frozenset(v) for k, v in data_mapping(*_DIR, "cues.yaml").items()}
    places = {tuple(k.split()): str(v) for k, v in data_mapping(*_DIR, "places.yaml").items()}
    return Lexicon(_triggers(), actors, cues, places, adjectives)


def _triggers() -> dict[str, list[Trigger]]:
    raw = data_mapping(*_DIR, "triggers.yaml")
    classes: dict[str, list[str]] = raw["classes"]
    found: dict[str, list[Trigger]] = {}
    for entry in raw["entries"]:
        found.setdefault(entry["lemma"], []).append(_trigger(entry, classes))
    return found


def _trigger(entry: dict[str, Any], classes: dict[str, list[str]]) -> Trigger:
    if entry["type"] not in PLOVER_TYPES:
        raise DictionaryError(f"data/lang/ru/triggers.yaml: unknown type {entry['type']!r}")
    needs = entry.get("needs")
    if needs and needs not in classes:
        raise DictionaryError(f"data/lang/ru/triggers.yaml: unknown class {needs!r}")
    return Trigger(entry["lemma"], entry["type"], entry.get("pos"), entry.get("mode"),
                   frozenset(classes[needs]) if needs else frozenset(),
                   bool(entry.get("absorbs")), bool(entry.get("symmetric")), bool(entry.get("received")),
                   bool(entry.get("intercepts")), bool(entry.get("speaker")))


def _actors() -> tuple[dict[str, list[ActorName]], dict[str, str]]:
    names: list[ActorName] = []
    for entry in data_yaml(*_DIR, "actors.yaml", default=[]):
        names += [ActorName(tuple(n.split()), entry["code"], entry.get("en")) for n in entry["ru"]]
    adjectives: dict[str, str] = {}
    countries: list[tuple[tuple[str, ...], str]] = []
    for row in data_rows(*_DIR, "countries.csv"):
        countries += [(tuple(n.split()), row["code"]) for n in _cell(row["names"])]
        names += [ActorName(tuple(n.split()), row["code"], None) for n in _cell(row["names"])]
        names += [ActorName(tuple(n.split()), row["code"], None, capital=True) for n in _cell(row["capitals"])]
        adjectives.update({a: row["code"] for a in _cell(row["adjectives"])})
    names += [ActorName((a,), code, None) for a, code in adjectives.items()]
    names += _institutions(countries, adjectives)
    by_first: dict[str, list[ActorName]] = {}
    for name in names:
        by_first.setdefault(name.words[0], []).append(name)
    for group in by_first.values():
        group.sort(key=lambda n: -len(n.words))
    return by_first, adjectives


def _institutions(countries: list[tuple[tuple[str, ...], str]], adjectives: dict[str, str]) -> list[ActorName]:
    """"МИД Турции" → TURGOV, "польские военные" → POLMIL (data/lang/ru/institutions.yaml)."""
    table = data_mapping(*_DIR, "institutions.yaml")
    found = [ActorName((word, *country), code + role, None)
             for word, role in table["after_country_name"].items() for country, code in countries]
    found += [ActorName((adjective, word), code + role, None)
              for word, role in table["before_country_adjective"].items() for adjective, code in adjectives.items()]
    return found


def _cell(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]
