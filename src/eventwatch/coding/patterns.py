"""Event patterns and cue words, loaded from data/coding and compiled into one PhraseMatcher."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml
from spacy.matcher import PhraseMatcher

from eventwatch.errors import DictionaryError
from eventwatch.model import MODALITIES, PLOVER_TYPES
from eventwatch.nlp.language import get_nlp


@dataclass(frozen=True)
class ModeRule:
    words: frozenset[str]
    mode: str
    cameo: str | None = None


@dataclass(frozen=True)
class Pattern:
    id: str
    type: str
    cameo: str
    mode: str | None = None
    requires: frozenset[str] = frozenset()
    requires_for: dict[str, frozenset[str]] = field(default_factory=dict)  # trigger head → required words
    excludes: frozenset[str] = frozenset()
    excludes_before: frozenset[str] = frozenset()
    window: int = 8
    absorbs: bool = False
    symmetric: bool = False
    counterpart: bool = False
    civilian_type: str | None = None
    joint: str | None = None
    future: str | None = None
    targets: bool = True
    modality: str | None = None
    modes: tuple[ModeRule, ...] = ()


@dataclass(frozen=True)
class Trigger:
    pattern: Pattern
    phrase: str
    head: str  # base form of the verb or the noun as listed, for requires_for
    is_noun: bool


@dataclass
class Cues:
    reporting_verbs: frozenset[str]
    attribution_openers: tuple[tuple[str, ...], ...]
    citing_words: frozenset[str]
    elaborating_verbs: frozenset[str]
    negation: frozenset[str]
    hypothetical: frozenset[str]
    planned: frozenset[str]
    order_verbs: frozenset[str]
    clause_breaks: frozenset[str]
    perfect_aux: frozenset[str]


@dataclass
class PatternBook:
    triggers: list[Trigger]
    matcher: PhraseMatcher
    cues: Cues


def _load(name: str) -> dict:
    try:
        return yaml.safe_load(resources.files("eventwatch").joinpath("data", "coding", name).read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DictionaryError(f"cannot load data/coding/{name}: {exc}") from exc


def _inflect_word(word: str, irregular: dict[str, list[str]]) -> set[str]:
    forms = {word, *irregular.get(word, [])}
    if word.endswith("e"):
        forms |= {word + "s", word + "d", word[:-1] + "ing"}
    elif word.endswith("y") and word[-2:-1] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied", word + "ing"}
    elif word.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {word + "es", word + "ed", word + "ing"}
    else:
        forms |= {word + "s", word + "ed", word + "ing"}
    return forms


def inflect(phrase: str, irregular: dict[str, list[str]]) -> set[str]:
    """All forms of a verb phrase: phrasal verbs inflect their first word, hyphenated verbs their last part."""
    words = phrase.split()
    if len(words) == 1 and "-" in phrase:
        prefix, _, last = phrase.rpartition("-")
        return {f"{prefix}-{form}" for form in _inflect_word(last, irregular)}
    return {" ".join([form, *words[1:]]) for form in _inflect_word(words[0], irregular)}


def _pattern(raw: dict) -> Pattern:
    if raw["type"] not in PLOVER_TYPES:
        raise DictionaryError(f"pattern {raw['id']}: unknown PLOVER type {raw['type']}")
    if raw.get("modality") and raw["modality"] not in MODALITIES:
        raise DictionaryError(f"pattern {raw['id']}: unknown modality {raw['modality']}")
    lower = lambda items: frozenset(str(i).lower() for i in items or ())  # noqa: E731
    return Pattern(
        id=raw["id"], type=raw["type"], cameo=str(raw["cameo"]), mode=raw.get("mode"),
        requires=lower(raw.get("requires")),
        requires_for={k: lower(v) for k, v in (raw.get("requires_for") or {}).items()},
        excludes=lower(raw.get("excludes")), excludes_before=lower(raw.get("excludes_before")),
        window=int(raw.get("window", 8)),
        absorbs=bool(raw.get("absorbs")), symmetric=bool(raw.get("symmetric")),
        counterpart=bool(raw.get("counterpart")), civilian_type=raw.get("civilian_type"), joint=raw.get("joint"),
        future=raw.get("future"), targets=raw.get("targets", True) is not False, modality=raw.get("modality"),
        modes=tuple(ModeRule(lower(m["words"]), m["mode"], m.get("cameo")) for m in raw.get("modes") or ()),
    )


@lru_cache(maxsize=1)
def get_pattern_book() -> PatternBook:
    nlp = get_nlp()
    data = _load("patterns.yaml")
    cue_data = _load("cues.yaml")
    irregular = {k: list(v) for k, v in (data.get("irregular_verbs") or {}).items()}
    triggers: list[Trigger] = []
    for raw in data["patterns"]:
        pattern = _pattern(raw)
        for verb in raw.get("verbs") or ():
            for form in sorted(inflect(verb, irregular)):
                triggers.append(Trigger(pattern, form, verb.split()[0], False))
        for noun in raw.get("nouns") or ():
            triggers.append(Trigger(pattern, noun, noun, True))
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for index, trigger in enumerate(triggers):
        matcher.add(str(index), [nlp.make_doc(trigger.phrase)])
    words = lambda key: frozenset(cue_data.get(key) or ())  # noqa: E731
    cues = Cues(
        reporting_verbs=words("reporting_verbs"),
        attribution_openers=tuple(tuple(p.split()) for p in cue_data.get("attribution_openers") or ()),
        citing_words=words("citing_words"), elaborating_verbs=words("elaborating_verbs"),
        negation=words("negation"), hypothetical=words("hypothetical"), planned=words("planned"),
        order_verbs=words("order_verbs"), clause_breaks=words("clause_breaks"),
        perfect_aux=words("perfect_aux"),
    )
    return PatternBook(triggers, matcher, cues)
