"""The Korean coder's data (data/lang/ko/), read once per process."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from eventwatch.datafiles import data_mapping
from eventwatch.errors import DictionaryError
from eventwatch.model import PLOVER_TYPES


@dataclass(frozen=True)
class Trigger:
    lemma: str
    type: str
    mode: str | None = None
    needs_target: bool = False
    joint: str | None = None
    future: str | None = None
    symmetric: bool = False
    modality: str | None = None
    promised_only: bool = False  # only a promise (대응할 것, 대응하겠다) on a condition or at a target is the act


@dataclass(frozen=True)
class ActorName:
    name: str
    codes: tuple[str, ...]  # several for a group (한미)
    kind: str  # country, group, organisation, institution, person


@dataclass
class Lexicon:
    triggers: dict[str, list[Trigger]]  # lemma → its entries, in file order
    names: dict[str, ActorName]  # every Korean actor name
    institutions: dict[str, ActorName]  # 외무성 → (GOV,): the role a preceding country name takes
    places: dict[str, str]  # Korean place name → English gazetteer name
    short_references: dict[str, str]  # 통신 → 조선중앙통신, once the article has named it
    cues: dict[str, Any] = field(default_factory=dict)

    @property
    def longest_trigger(self) -> int:
        return max(len(lemma) for lemma in self.triggers)


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    triggers: dict[str, list[Trigger]] = {}
    for raw in data_mapping("lang", "ko", "triggers.yaml")["entries"]:
        entry = Trigger(**raw)
        if entry.type not in PLOVER_TYPES:
            raise DictionaryError(f"data/lang/ko/triggers.yaml: {entry.lemma} has unknown type {entry.type}")
        triggers.setdefault(entry.lemma, []).append(entry)
    actors = data_mapping("lang", "ko", "actors.yaml")
    roles = {name: ActorName(name, (role,), "institution") for role, names in actors["institutions"].items()
             for name in names}
    return Lexicon(triggers, _names(actors), roles, data_mapping("lang", "ko", "places.yaml"),
                   actors.get("short_references") or {}, data_mapping("lang", "ko", "cues.yaml"))


def _names(actors: dict[str, Any]) -> dict[str, ActorName]:
    names: dict[str, ActorName] = {}
    for kind, section in (("country", "countries"), ("organisation", "organisations"), ("person", "people")):
        for code, spellings in actors[section].items():
            names.update({name: ActorName(name, (code,), kind) for name in spellings})
    for name, codes in actors["groups"].items():
        names[name] = ActorName(name, tuple(codes), "group")
    return names
