"""Counted things in a Korean clause (탄도미사일 2발, 어선 2척, 10여 차례): a number, its counter, a qualifier."""

from __future__ import annotations

from eventwatch.lang.ko.morph import Morph
from eventwatch.lang.ko.resources import Lexicon
from eventwatch.model import Quantity


def quantities(morphs: list[Morph], text: str, sentence: int, lexicon: Lexicon) -> list[Quantity]:
    counters, about = lexicon.cues["counters"], set(lexicon.cues["about_words"])
    found = []
    for i, morph in enumerate(morphs):
        if morph.tag != "SN" or not morph.form.replace(".", "", 1).isdigit():
            continue
        rest = morphs[i + 1:i + 3]
        fuzzy = bool(rest) and rest[0].form in about  # 10여 차례
        counter = next((m for m in rest if m.form in counters), None)
        if counter is None:
            continue
        before = morphs[i - 1].form if i else ""
        qualifier = "about" if fuzzy or before in about or _after(rest, counter, about) else None
        found.append(Quantity(morph.start, counter.end, text[morph.start:counter.end], float(morph.form),
                              counters[counter.form], qualifier, sentence))
    return found


def _after(rest: list[Morph], counter: Morph, about: set[str]) -> bool:
    return any(m.form in about for m in rest if m.start >= counter.end)
