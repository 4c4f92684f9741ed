"""Event merging: which reports describe the same occurrence, and what the merged event says.

Two reports are the same event when they agree on the PLOVER type and mode, the countries of source and
target, the date at its precision, the modality, and whether the report is an aggregate ("70 missiles in
2022" never merges with one launch). Those make the merge key; grouping by an exact key (rather than by
pairwise tolerance) is what makes merging independent of ingest order. The merged event's details (actor
roles, place, quantity, reporter) are the most common among its mentions, ties going to the alphabetically
first value, so they too do not depend on the order articles arrive in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from eventwatch.actor_codes import country_of
from eventwatch.model import STATED_PLACE_BASES, Event


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


# Details that vote together, so a role is never paired with another report's text.
GROUPS: dict[str, tuple[str, ...]] = {
    "source": ("source_actor", "source_text"),
    "target": ("target_actor", "target_text"),
    "reporter": ("reported_by", "reported_by_text", "reported_via", "claim"),
    "quantity": ("quantity_text", "quantity_value", "quantity_unit", "quantity_qualifier"),
    "place": ("place_id", "place_basis", "place_text"),
}
NUMERIC = frozenset({"quantity_value", "confidence"})
Tallies = dict[str, dict[tuple, int]]  # group -> value tuple -> how many mentions say it


def tally(mentions: Iterable[dict[str, Any]]) -> Tallies:
    """Vote counts per group from mentions' coded details (the store counts the same with GROUP BY)."""
    tallies: Tallies = {name: Counter() for name in GROUPS}
    for coded_ in mentions:
        for name, fields in GROUPS.items():
            tallies[name][normalise(fields, tuple(coded_.get(f) for f in fields))] += 1
    return tallies


def normalise(fields: tuple[str, ...], values: tuple) -> tuple:
    # Numbers come back from JSON as floats, ints or text depending on the database; vote on one form.
    return tuple(float(v) if f in NUMERIC and v is not None else v for f, v in zip(fields, values, strict=True))


def consensus(tallies: Tallies) -> dict[str, Any]:
    """The merged event's details: in each group the most common value that says something; a stated place
    beats any number of inferred ones; ties go to the alphabetically first value. Only counts matter, so the
    result is the same whatever order the reports arrived in."""
    merged: dict[str, Any] = {}
    for name, fields in GROUPS.items():
        votes = tallies.get(name) or {}
        if name == "place":
            votes = {v: n for v, n in votes.items() if v[1] in STATED_PLACE_BASES} or votes
        merged.update(zip(fields, _pick(votes) if votes else (None,) * len(fields), strict=True))
    return merged


def _pick(votes: dict[tuple, int]) -> tuple:
    informative = {v: n for v, n in votes.items() if any(x is not None for x in v)} or votes
    best = max(informative.values())
    return min((v for v, n in informative.items() if n == best),
               key=lambda v: tuple("" if x is None else str(x) for x in v))
