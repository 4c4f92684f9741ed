"""Counts and measures: "more than 70 ballistic missiles", "two short-range missiles", "tens of thousands of
troops", "about 350 kilometers" → value + unit + qualifier."""

from __future__ import annotations

import re
from functools import lru_cache

from eventwatch.datafiles import data_yaml
from eventwatch.model import Article, Quantity

_UNITS = (
    r"(?:short-range |medium-range |long-range |intermediate-range |intercontinental |submarine-launched |"
    r"ballistic |cruise |hypersonic |strategic |tactical |guided |suspected |new |more |additional |"
    r"military |naval |combat |attack |armed |unmanned |chinese |russian |american |ukrainian |israeli |"
    r"north korean |south korean |u\.s\. )*"
    r"(?P<unit>missiles?|rockets?|projectiles?|icbms?|shells?|rounds|drones?|troops|soldiers|personnel|"
    r"sailors|warships?|ships?|vessels?|boats?|aircraft|jets?|fighter jets?|warplanes?|bombers?|tanks?|"
    r"people|civilians|protesters|demonstrators|workers|farmers|tractors|prisoners|hostages|detainees|"
    r"refugees|kilometers|kilometres|km|miles|nautical miles|meters|metres|tons|tonnes|"
    r"launchers?|artillery pieces|weapons|warheads?|times|sorties|launches|tests|attacks|strikes)\b"
)
_QUALIFIER = (r"(?P<qualifier>more than|over|at least|about|around|roughly|nearly|almost|up to|some|"
              r"fewer than|less than|an estimated|approximately|as many as|dozens of|a total of)")
_NUMBER_WORDS = {
    "one": 1, "a single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "a dozen": 12, "dozens": 24, "scores": 40, "hundreds": 200,
    "thousands": 2000, "tens of thousands": 20000, "hundreds of thousands": 200000, "several": 3,
    # lower bounds: "dozens" is at least two dozen, "tens of thousands" at least 20,000
    "a pair of": 2, "a barrage of": 0,
}
_NUMBER = (r"(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?: (?:million|billion|thousand))?|"
           + "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True)) + ")")
_PATTERN = re.compile(rf"\b(?:{_QUALIFIER} )?{_NUMBER}(?: of)? {_UNITS}", re.IGNORECASE)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def _value(number: str) -> float | None:
    lowered = number.lower()
    if lowered in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[lowered]) or None
    parts = lowered.replace(",", "").split()
    try:
        value = float(parts[0])
    except ValueError:
        return None
    return value * _SCALE[parts[1]] if len(parts) > 1 else value


@lru_cache(maxsize=1)
def _norms() -> tuple[dict[str, str], dict[str, str | None], frozenset[str]]:
    data = data_yaml("quantities.yaml")
    return data["units"], data["qualifiers"], frozenset(data["vague_counts"])


def find_quantities(text: str, offset: int = 0, sentence: int = 0) -> list[Quantity]:
    """Counts and measures in ``text``, normalised: canonical unit, canonical qualifier, numeric value."""
    units, qualifiers, vague = _norms()
    found = []
    for m in _PATTERN.finditer(text):
        value = _value(m.group("number"))
        if value is None:
            continue
        said = (m.group("qualifier") or "").lower()
        qualifier = qualifiers.get(said, said or None)
        if m.group("number").lower() in vague:
            qualifier = qualifier or "at least"
        unit = m.group("unit").lower()
        found.append(Quantity(offset + m.start(), offset + m.end(), m.group(0), value,
                              units.get(unit, unit), qualifier, sentence))
    return found


def recognise_quantities(article: Article) -> list[Quantity]:
    found: list[Quantity] = []
    for sentence in article.sentences:
        found.extend(find_quantities(sentence.text, sentence.start, sentence.index))
    return found
