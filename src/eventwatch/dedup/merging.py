"""Event merging: which reports describe the same occurrence, and what the merged event says.

Two reports are the same event when they agree on the PLOVER type and mode, the countries of source and
target, the date at its precision, the modality, and whether the report is an aggregate ("70 missiles in
2022" never merges with one launch). Those make the merge key; grouping by an exact key (rather than by
pairwise tolerance) is what makes merging independent of ingest order. The merged event's details (actor
roles, place, quantity, reporter) are the most common among its mentions, ties going to the earliest
published report, so they too do not depend on the order articles arrive in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from eventwatch.model import STATED_PLACE_BASES, Event
from eventwatch.nlp.dictionary import country_of

# What each mention says about its event, kept so that the merged event can be recomputed from all of them.
VOTED = ("source_actor", "target_actor", "source_text", "target_text", "reported_by", "reported_by_text",
         "reported_via", "claim", "quantity_text", "quantity_value", "quantity_unit", "quantity_qualifier",
         "place_id", "place_basis", "place_text", "confidence")


def merge_key(event: Event) -> str:
    return key_of(event.plover_type, event.mode, event.source_actor, event.target_actor, event.date_label,
                  event.modality, event.aggregate)


def key_of(plover_type: str, mode: str | None, source: str | None, target: str | None, date_label: str,
           modality: str, aggregate: bool) -> str:
    parts = (plover_type, mode or "", country_of(source) or "", country_of(target) or "", date_label, modality,
             "aggregate" if aggregate else "single")
    return "|".join(parts)


def coded(event: Event) -> dict[str, Any]:
    """The per-mention attributes of an event, as stored with the mention."""
    quantity = event.quantity
    return {
        "source_actor": event.source_actor, "target_actor": event.target_actor,
        "source_text": event.source_text, "target_text": event.target_text,
        "reported_by": event.reported_by, "reported_by_text": event.reported_by_text,
        "reported_via": event.reported_via, "claim": event.claim,
        "quantity_text": quantity.text if quantity else None, "quantity_value": quantity.value if quantity else None,
        "quantity_unit": quantity.unit if quantity else None,
        "quantity_qualifier": quantity.qualifier if quantity else None,
        "place_id": event.place.id if event.place else None, "place_basis": event.place_basis,
        "place_text": event.place_text, "confidence": event.confidence,
    }


def consensus(mentions: Iterable[tuple[tuple, dict[str, Any]]]) -> dict[str, Any]:
    """Merged attributes from (order key, coded) pairs, the order key saying which report came first."""
    ordered = [c for _, c in sorted(mentions, key=lambda m: m[0])]
    if not ordered:
        return {}
    merged: dict[str, Any] = {}
    # Actors, reporter and quantity vote as groups, so a role is never paired with another report's text.
    for group in (("source_actor", "source_text"), ("target_actor", "target_text"),
                  ("reported_by", "reported_by_text", "reported_via", "claim"),
                  ("quantity_text", "quantity_value", "quantity_unit", "quantity_qualifier")):
        merged.update(zip(group, _vote([tuple(c.get(k) for k in group) for c in ordered]), strict=True))
    stated = [c for c in ordered if c.get("place_basis") in STATED_PLACE_BASES]
    place_votes = [(c.get("place_id"), c.get("place_basis"), c.get("place_text")) for c in (stated or ordered)]
    merged.update(zip(("place_id", "place_basis", "place_text"), _vote(place_votes), strict=True))
    merged["confidence"] = max(float(c.get("confidence") or 0.0) for c in ordered)
    return merged


def _vote(values: list[tuple]) -> tuple:
    """The most common value that says something (not all None); ties go to the earliest."""
    informative = [v for v in values if any(x is not None for x in v)] or values
    counts = Counter(informative)
    best = max(counts.values())
    return next(v for v in informative if counts[v] == best)
