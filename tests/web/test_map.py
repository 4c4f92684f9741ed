"""Issue 18 item 3 in Chromium: the map's clusters, legend, hatched country shapes for events placed only at a
country (with a popup that filters to the country), and the cap stated when the points are cut."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from pathlib import Path

from browser_support import ARTIFACTS, open_page, require_chromium

from eventwatch.api import create_app
from geo_store import make_geo_store
from live_server import running

require_chromium()

ATLAS = Path(__file__).parents[2] / "src/eventwatch/web/static/vendor/world-atlas/countries-110m.json"


def geojson(server: str, **params: object) -> dict:
    query = urllib.parse.urlencode({"countries": "totals", "limit": 2000, **params})
    with urllib.request.urlopen(f"{server}/api/events.geojson?{query}") as response:
        return json.load(response)


def atlas_ids() -> set[str]:
    atlas = json.loads(ATLAS.read_text())
    return {g["id"] for g in atlas["objects"]["countries"]["geometries"] if "id" in g}


def test_clusters_legend_and_hatched_countries(server, browser):
    data = geojson(server)
    page, errors = open_page(browser, server + "/#/", 1300)
    shaped = [c for c in data["countries"] if c["country_numeric"] in atlas_ids()]
    assert shaped, "the demo has events placed only at a country"
    assert page.locator("#map path.country-total").count() == len(shaped) + page.locator(".country-mark").count()
    # Every point is either in a cluster or drawn alone, never more than the API sent.
    clustered = sum(int(t.replace(",", "")) for t in page.locator("#map .event-cluster").all_inner_texts())
    assert page.locator("#map .event-cluster").count() >= 1
    assert 0 < clustered + page.locator("#map path.event-point").count() <= len(data["features"])
    legend_types = page.locator("#map-legend .legend-types li").evaluate_all("items => items.map(i => i.dataset.type)")
    assert set(legend_types) == {f["properties"]["type"] for f in data["features"]}
    legend = page.locator("#map-legend").inner_text()
    assert "named in the sentence" in legend and "inferred" in legend and "only at the country" in legend
    note = page.locator("#map-note").inner_text()
    assert note.startswith(f"{data['total']:,} placed events")
    assert f"{sum(c['events'] for c in data['countries']):,} of them only at a country" in note
    assert ("showing the newest" in note) == data["capped"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#map").locator("xpath=..").screenshot(path=str(ARTIFACTS / "map.png"))

    top = data["countries"][0]
    page.locator("#map path.country-total").nth(0).dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    match = re.match(r"(.+) — (\d+) events? placed only at the country", popup.inner_text())
    assert match, popup.inner_text()
    country = next(c for c in data["countries"] if c["name"] == match.group(1))
    assert int(match.group(2)) == country["events"] and top["events"] >= country["events"]
    popup.locator("a").dispatch_event("click")
    page.wait_for_function("(code) => location.hash.includes('country=' + code) && "
                           "document.body.dataset.ready === '1'", arg=country["country"])
    assert page.locator("input[name=country]").input_value() == country["country"]
    page.wait_for_function("(n) => document.querySelectorAll('#map path.country-total').length === n",
                           arg=len(geojson(server, country=country["country"])["countries"]))
    assert errors == []


def test_the_cap_is_stated_at_800_pixels(server, browser):
    data = geojson(server, limit=5)
    assert data["capped"], "the demo has more than five precisely placed events"
    page, errors = open_page(browser, server + "/?map_limit=5#/", 800)
    note = page.locator("#map-note").inner_text()
    assert f"showing the newest 5 of {data['points_total']:,} with a finer place" in note
    assert note.startswith(f"{data['total']:,} placed events")
    clustered = sum(int(t) for t in page.locator("#map .event-cluster").all_inner_texts())
    assert clustered + page.locator("#map path.event-point").count() <= 5
    # The map and its legend fit the narrow window: nothing spills past the right edge.
    box, legend = page.locator("#map").bounding_box(), page.locator("#map-legend").bounding_box()
    assert box["x"] + box["width"] <= 800 and legend["x"] + legend["width"] <= box["x"] + box["width"]
    assert legend["height"] < box["height"]
    page.locator("#map").locator("xpath=..").screenshot(path=str(ARTIFACTS / "map-800.png"))  # with its note
    assert errors == []


def test_a_country_without_a_shape_gets_a_labelled_ring(browser, tmp_path):
    # The hand-made store: Russia and France have shapes, Kosovo (XKX, no ISO number) has none; three finer places.
    with running(create_app(make_geo_store(str(tmp_path / "geo.db")))) as url:
        page, errors = open_page(browser, url + "/?map_limit=2#/", 1000)
        assert page.locator("#map path.country-total").count() == 3  # two shapes and one ring
        assert page.locator("#map path.country-mark").count() == 1
        assert page.locator("#map .country-mark-label").inner_text() == "Kosovo: 1 (country only)"
        assert page.locator("#map-note").inner_text() == ("10 placed events · 7 of them only at a country (hatched) · "
                                                          "showing the newest 2 of 3 with a finer place")
        page.locator("#map").screenshot(path=str(ARTIFACTS / "map-ring.png"))
        page.locator("#map path.country-mark").dispatch_event("click")
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert popup.inner_text().startswith("Kosovo — 1 event placed only at the country")
        assert "the dashed ring marks it" in popup.inner_text()
        assert popup.locator("a").get_attribute("href") == "#/?country=XKX"
        assert errors == []
