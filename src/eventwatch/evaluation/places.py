"""Scoring an event's place against gold's free-text place ("south of Jeju Island", "Pyongyang area").

Gold names where an event happened only when the text says so, so: a gold ``null`` is matched by a
prediction that does not claim a stated place (an inferred dateline or actor-country place is fine); a gold
place is matched by a stated prediction that is the same gazetteer place, or lies within
``NEAR_KM`` of a place the gold text names ("Sunan" for "Pyongyang area"), or, when the gold text names no
gazetteer place ("central front"), whose words overlap gold's.
"""

from __future__ import annotations

import math
from functools import lru_cache

from spacy.tokens import Span
from spacy.util import filter_spans

from eventwatch.model import STATED_PLACE_BASES, Event, Place
from eventwatch.nlp.gazetteer import get_gazetteer, name_key
from eventwatch.nlp.language import get_nlp

NEAR_KM = 60.0


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance (haversine)."""
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@lru_cache(maxsize=4096)
def places_named(text: str) -> tuple[Place, ...]:
    """Every reading of every gazetteer name in a gold place string."""
    gazetteer = get_gazetteer()
    doc = get_nlp().make_doc(text)
    spans = filter_spans([Span(doc, s, e) for _, s, e in gazetteer.matcher(doc)])
    return tuple(c.place for span in spans for c in gazetteer.by_name.get(name_key(span.text), []))


def same_place(event: Event, gold: str | None) -> bool:
    stated = event.place is not None and event.place_basis in STATED_PLACE_BASES
    if gold is None:
        return not stated
    if not stated or event.place is None:
        return False
    named = places_named(gold)
    if named:
        return any(p.id == event.place.id or distance_km(p, event.place) <= NEAR_KM for p in named)
    words = {w for w in gold.lower().split() if len(w) > 3}
    return bool(words & set((event.place_text or event.place.name).lower().split()))
