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


def country_totals(store: Store, where: EventFilter) -> list[dict[str, Any]]:
    return [{"country": t.country, "country_numeric": iso_numeric(t.country), "name": t.name, "lat": t.lat,
             "lon": t.lon, "events": t.events} for t in store.country_totals(where)]


def feature_collection(store: Store, where: EventFilter, limit: int, country_places: CountryPlaces,
                       count_cap: int) -> dict[str, Any]:
    """With ``country_places="points"`` every placed event may be a point (each says whether it is country-level);
    with ``"totals"`` the points are the events placed more precisely, and the rest are counted per country.
    The points are counted up to ``count_cap`` only (a page of a million does not need the exact figure)."""
    points_filter = replace(where, place_level="finer" if country_places == "totals" else "any")
    records = store.query_events(where=points_filter, sort="-date", limit=limit + 1)  # one more: were there more?
    points_total = store.count_events(points_filter, cap=count_cap)
    collection: dict[str, Any] = {
        "type": "FeatureCollection", "features": [feature(r) for r in records[:limit]], "limit": limit,
        "capped": len(records) > limit, "points_total": points_total,
        "points_total_is_capped": points_total >= count_cap}
    country_events = 0
    if country_places == "totals":
        collection["countries"] = country_totals(store, where)
        country_events = sum(c["events"] for c in collection["countries"])
    collection["total"] = points_total + country_events
    collection["total_is_capped"] = collection["points_total_is_capped"]
    return collection
