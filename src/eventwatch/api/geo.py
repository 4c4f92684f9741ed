"""The map's data (GET /api/events.geojson): the newest placed events as GeoJSON points, how many there are in all
(so a map can say when it shows only some), and, on request, events placed only at a country as one count per
country instead of a point at its centroid, which would look as precise as a city."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Any, Literal

import pycountry

from eventwatch.api import models
from eventwatch.store import Store
from eventwatch.store.aggregates import PlaceTotal
from eventwatch.store.event_query import EventFilter
from eventwatch.store.records import EventRecord

CountryPlaces = Literal["points", "totals"]
PROPERTIES = ("id", "date", "type", "mode", "source", "target", "intensity", "place", "place_precision",
              "place_basis", "num_sources")


@cache
def iso_numeric(alpha3: str | None) -> str | None:
    """ISO 3166 numeric code ("643" for RUS), the id of the country's shape in world-atlas; None for codes
    without one (Kosovo's XKX) or a place without a country."""
    if not alpha3:
        return None
    country = pycountry.countries.get(alpha_3=alpha3)
    return country.numeric if country is not None else None


def feature(record: EventRecord) -> dict[str, Any]:
    event = models.event_out(record)
    properties = {k: getattr(event, k) for k in PROPERTIES}
    properties.update(country_level=event.place_precision == "country", country=event.place_country,
                      country_numeric=iso_numeric(event.place_country))
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [event.lon, event.lat]},
            "properties": properties}


def country_totals(places: list[PlaceTotal]) -> list[dict[str, Any]]:
    """The country-level places' counts summed per country, most events first (a country-precision place with no
    code stands alone, under its own name)."""
    totals: dict[str, dict[str, Any]] = {}
    for p in places:
        if p.precision != "country":
            continue
        entry = totals.setdefault(p.country or p.place_id, {
            "country": p.country, "country_numeric": iso_numeric(p.country), "name": p.name, "lat": p.lat,
            "lon": p.lon, "events": 0})
        entry["events"] += p.events
    return sorted(totals.values(), key=lambda c: (-c["events"], c["country"] or c["name"]))


def _points(store: Store, where: EventFilter, limit: int, total: int, count_cap: int) -> dict[str, Any]:
    # One more than the limit tells whether there were more; none at all when they are known to be none, since a
    # search for the newest of zero matching events reads every event by date.
    records = store.query_events(where=where, sort="-date", limit=limit + 1) if total else []
    return {"type": "FeatureCollection", "features": [feature(r) for r in records[:limit]], "limit": limit,
            "capped": len(records) > limit, "points_total": total, "points_total_is_capped": total >= count_cap}


def feature_collection(store: Store, where: EventFilter, limit: int, country_places: CountryPlaces,
                       count_cap: int) -> dict[str, Any]:
    """With ``country_places="points"`` every placed event may be a point (each says whether it is country-level),
    counted up to ``count_cap`` only; with ``"totals"`` the points are the events placed more precisely, and the
    rest are counted per country, both exactly, from one GROUP BY place."""
    if country_places == "points":
        placed = replace(where, place_level="any")
        collection = _points(store, placed, limit, store.count_events(placed, cap=count_cap), count_cap)
        return collection | {"total": collection["points_total"],
                             "total_is_capped": collection["points_total_is_capped"]}
    places = store.place_totals(where)
    finer = sum(p.events for p in places if p.precision != "country")
    collection = _points(store, replace(where, place_level="finer"), limit, finer, finer + 1)
    collection["countries"] = country_totals(places)
    total = finer + sum(c["events"] for c in collection["countries"])
    return collection | {"total": total, "total_is_capped": False}
