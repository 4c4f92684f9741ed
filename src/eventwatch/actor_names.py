"""Actor names → codes, for people who filter by "North Korea" rather than PRK: the one resolution that the
command line (`--actor`, `eventwatch actors`) and the API (`?actor=`, `/api/actors?q=`) share.

It reads the actor dictionary's data files (data/actors) directly, without spaCy: `nlp.dictionary` builds
matchers for the pipeline, which a filter does not need.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from eventwatch.actor_codes import NON_COUNTRY_PREFIXES
from eventwatch.errors import EventwatchError

Kind = Literal["country", "organisation", "person"]
_LETTERS = re.compile(r"^[A-Za-z]{1,20}$")
_SUGGESTIONS = 8
_KINDS = ("country", "organisation", "person")


@dataclass(frozen=True)
class ActorName:
    code: str
    name: str
    kind: Kind
    aliases: tuple[str, ...] = ()
    ambiguous: bool = False  # the dictionary's own mark: a name several countries use ("Joint Chiefs of Staff")

    def phrases(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class ActorNameError(EventwatchError, ValueError):
    """A name that is no actor's, or several actors': the message lists codes with names to choose from."""

    def __init__(self, value: str, suggestions: list[ActorName], ambiguous: bool) -> None:
        self.value, self.suggestions, self.ambiguous = value, suggestions, ambiguous
        listed = "".join(f"\n  {s.code:<9} {s.name}" for s in suggestions)
        if ambiguous and len({s.code for s in suggestions}) == 1:
            message = f"{value!r} is a name several countries use; give a code. The dictionary's default:{listed}"
        elif ambiguous:
            message = f"{value!r} names several actors; give a code or a fuller name:{listed}"
        else:
            message = f"no actor code or name {value!r}" + (f"; did you mean:{listed}" if listed else
                                                             " (eventwatch actors lists them)")
        super().__init__(message)


def _key(text: str) -> str:
    """Case, a leading "the", curly apostrophes and spacing do not distinguish names."""
    text = " ".join(text.replace("’", "'").split()).lower()
    return text.removeprefix("the ")


@lru_cache(maxsize=1)
def actor_names() -> tuple[ActorName, ...]:
    """Every named actor of the dictionary: countries, then organisations, then people."""
    from eventwatch.datafiles import data_rows, data_yaml  # YAML: not for `eventwatch --help`

    found: list[ActorName] = []
    for row in data_rows("actors", "countries.csv"):
        aliases = [part.strip() for column in ("aliases", "adjectives", "capitals")
                   for part in (row.get(column) or "").split("|") if part.strip()]
        found.append(ActorName(row["code"].strip(), row["name"].strip(), "country", tuple(aliases)))
    for file, kind in (("organisations.yaml", "organisation"), ("people.yaml", "person")):
        for item in data_yaml("actors", file, default=[]):
            found.append(ActorName(str(item["code"]), item["name"], kind,  # type: ignore[arg-type]
                                   tuple(item.get("aliases") or ()), bool(item.get("ambiguous"))))
    return tuple(found)


@lru_cache(maxsize=1)
def _codes() -> frozenset[str]:
    return frozenset(a.code for a in actor_names()) | NON_COUNTRY_PREFIXES


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    return frozenset(a.code for a in actor_names() if a.kind == "country") | NON_COUNTRY_PREFIXES


def is_code(value: str) -> bool:
    """A known code or the start of one (PRK, prkmil, IGO), or a code-shaped word written in capitals whose first
    three letters are a country's (SYRREB: coded from a title, in no dictionary)."""
    if not _LETTERS.match(value):
        return False
    upper = value.upper()
    if any(code.startswith(upper) for code in _codes()):
        return True
    return value.isupper() and upper[:3] in _countries() and len(upper) % 3 == 0


def _exact(value: str) -> list[ActorName]:
    key = _key(value)
    return [a for a in actor_names() if any(_key(p) == key for p in a.phrases())]


def search_actors(query: str) -> list[ActorName]:
    """Actors whose code, name or alias contains ``query`` (case-insensitive): exact matches first, then codes
    and names that start with it, then the rest; countries before organisations before people."""
    key, upper = _key(query), query.strip().upper()
    if not key:
        return list(actor_names())
    ranked: list[tuple[int, int, ActorName]] = []
    for order, actor in enumerate(actor_names()):
        keys = [_key(p) for p in actor.phrases()]
        if actor.code == upper or key in keys:
            rank = 0
        elif actor.code.startswith(upper) or any(k.startswith(key) or f" {key}" in k for k in keys):
            rank = 1  # the code's or a word's start: "korea" finds North Korea before "Koreanist"
        elif upper in actor.code or any(key in k for k in keys):
            rank = 2
        else:
            continue
        ranked.append((rank, _KINDS.index(actor.kind), order, actor))
    return [item[-1] for item in sorted(ranked, key=lambda item: item[:3])]


def _by_code(actors: list[ActorName]) -> list[ActorName]:
    """One actor per code, the first (best-ranked) of each."""
    seen: dict[str, ActorName] = {}
    for actor in actors:
        seen.setdefault(actor.code, actor)
    return list(seen.values())


def resolve_actor(value: str) -> str:
    """The actor code a filter value means: a code stays a code (upper-cased); a name or alias of one actor, or a
    part of names that all share one code, becomes that code. ActorNameError when the name is unknown or names
    actors of several codes (the dictionary's ambiguous names too), with codes and names to suggest."""
    value = value.strip()
    if _LETTERS.match(value) and value.upper() in _codes():
        return value.upper()
    exact = _exact(value)
    if exact and not any(a.ambiguous for a in exact) and len({a.code for a in exact}) == 1:
        return exact[0].code
    if not exact and is_code(value):
        return value.upper()
    found = _by_code(exact + search_actors(value))
    if len(found) == 1 and not found[0].ambiguous:
        return found[0].code
    if found:
        raise ActorNameError(value, found[:_SUGGESTIONS], ambiguous=True)
    raise ActorNameError(value, _close(value), ambiguous=False)


def _close(value: str) -> list[ActorName]:
    """Actors whose names are spelt like ``value`` ("Nroth Korea" → North Korea)."""
    by_phrase: dict[str, ActorName] = {}
    for actor in actor_names():
        for phrase in actor.phrases():
            by_phrase.setdefault(_key(phrase), actor)
    close = difflib.get_close_matches(_key(value), list(by_phrase), n=_SUGGESTIONS, cutoff=0.75)
    return _by_code([by_phrase[c] for c in close])


def resolve_optional(value: str | None) -> str | None:
    return resolve_actor(value) if value else None
