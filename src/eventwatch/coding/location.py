"""Where an event happened.

In order: a place named in the event's own clause; a place named by a later sentence that restates the
act ("The missiles were launched from the Sunan area"); the dateline, when the story is local to the event
(filed from the country that acts, or that is attacked or visited); else the source actor's country.
Only the first two are stated by the text; the others are inferences and are labelled as such.
"""

from __future__ import annotations

import re

from eventwatch.model import Event, Place, PlaceMention
from eventwatch.nlp.dictionary import country_of
from eventwatch.nlp.gazetteer import get_gazetteer

# Types whose target's country is where the act takes place: an attack on Ukraine happens in Ukraine.
TARGET_LOCAL_TYPES = frozenset({"ASSAULT", "COERCE", "CONSULT", "AID"})
_PRECISION_RANK = {"site": 0, "city": 1, "region": 2, "country": 3}
# A place before the trigger is more often the subject's home than the act's place: "Seoul's ... in Seoul".
_BEFORE_PENALTY = 40
_ORIGIN_WORDS = ("from ", "near ", "in ", "at ")
# Between the act and a place, a relative clause describes something else ("fired missiles on Wednesday,
# extending a string of tests that has raised tensions on the Korean Peninsula").
_DETACHED = re.compile(r"\b(?:that|which|who|whose)\b", re.IGNORECASE)


def place_in_clause(text: str, places: list[PlaceMention], trigger: tuple[int, int],
                    clause: tuple[int, int], hidden: list[tuple[int, int]], spoken: bool) -> PlaceMention | None:
    """The place mention nearest the trigger inside its clause, outside any attribution. ``spoken``: the act
    is a statement (a condemnation, demand, threat), which happens where its clause says, not nearby."""
    usable = [p for p in places if clause[0] <= p.start < clause[1]
              and not any(s <= p.start < e for s, e in hidden)
              and not (p.start > trigger[1] and _DETACHED.search(text, trigger[1], p.start))
              and not (spoken and p.end <= trigger[0] and _earlier_phrase(text, clause[0], p, trigger[0]))]
    if not usable:
        return None

    def cost(p: PlaceMention) -> tuple[float, int]:
        after = p.start >= trigger[1]
        distance = p.start - trigger[1] if after else trigger[0] - p.end + _BEFORE_PENALTY
        lead = text[max(0, p.start - 12):p.start].lower()
        if any(w in lead for w in _ORIGIN_WORDS):
            distance -= 10  # "launched from Sunan", "drills near Jeju": the act's own place
        return distance, _PRECISION_RANK[p.place.precision]

    best = min(usable, key=cost)
    if best.place.precision == "country":
        # "signed in Pyongyang … on Putin's first visit to North Korea": the finer place in that country.
        finer = [p for p in usable if p.place.country == best.place.country and p.place.precision != "country"]
        if finer:
            return min(finer, key=cost)
    return best


def _earlier_phrase(text: str, clause_start: int, place: PlaceMention, trigger_start: int) -> bool:
    """A place before the act and past a comma belongs to an earlier phrase ('held an exercise south of Jeju
    Island, drills that Pyongyang condemned'), unless it opens the sentence ('In Moscow, the ministry said')."""
    if "," not in text[place.end:trigger_start]:
        return False
    return len(text[clause_start:place.start].split()) > 3


def is_local(event: Event, home: Place | None) -> bool:
    if home is None or home.country is None:
        return False
    countries = {country_of(event.source_actor)}
    if event.plover_type in TARGET_LOCAL_TYPES:
        countries.add(country_of(event.target_actor))
    return home.country in countries


def set_stated(event: Event, mention: PlaceMention, basis: str) -> None:
    event.place, event.place_basis, event.place_text = mention.place, basis, mention.text  # type: ignore[assignment]


def fill_unstated(events: list[Event], home: Place | None) -> None:
    """Give every event without a stated place the dateline (local story) or its source's country."""
    gazetteer = get_gazetteer()
    for event in events:
        if event.place is not None:
            continue
        if is_local(event, home):
            event.place, event.place_basis = home, "dateline"
            continue
        country = gazetteer.country_place(country_of(event.source_actor))
        if country is not None:
            event.place, event.place_basis = country, "actor-country"
