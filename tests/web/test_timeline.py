"""Issue 18, item 2 in Chromium: the timeline panel's stacked bars with a legend of type names, the interval
chosen from the range, conflict and cooperation as two series, and the coarse-dated events listed, not drawn."""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
import urllib.request

from browser_support import ARTIFACTS, open_page, require_chromium

require_chromium()

WORDS = {"day": "per day", "week": "per week", "month": "per month", "year": "per year"}


def timeline(server: str, **params: object) -> dict:
    query = urllib.parse.urlencode({**params, "interval": "auto"})
    with urllib.request.urlopen(f"{server}/api/timeline?{query}") as response:
        return json.load(response)


def legend_labels(page, chart: str) -> list[str]:
    return [t.strip() for t in page.locator(f"#{chart} .u-legend .u-series .u-label").all_inner_texts()]


def legend_value(page, chart: str, n: int) -> str:
    return page.locator(f"#{chart} .u-legend .u-series").nth(n).locator(".u-value").inner_text().strip()


def test_bars_legend_interval_sides_and_coarse_list(server, browser):
    expected = timeline(server)
    page, errors = open_page(browser, server + "/", height=1100)
    assert page.locator("#timeline-types canvas").count() == 1
    assert page.locator("#timeline-sides canvas").count() == 1
    drawn_types = {t for bar in expected["bars"] for t, n in bar["by_type"].items() if n}
    assert set(legend_labels(page, "timeline-types")) == drawn_types | {"period"}
    assert legend_labels(page, "timeline-sides") == ["period", "cooperation", "conflict"]
    assert legend_value(page, "timeline-types", 0) == ""  # no "--" before a bar is hovered

    note = page.locator("#timeline-note").inner_text()
    drawn = sum(bar["events"] for bar in expected["bars"])
    assert WORDS[expected["interval"]] in note and note.startswith(f"{drawn} day-dated events")

    coarse = sum(expected["coarse"].values())
    assert coarse > 0  # the demo has events dated only to a month or year
    assert page.locator("#timeline-coarse p").inner_text().startswith(f"{coarse} events dated only to the")
    hrefs = [a.get_attribute("href") for a in page.locator("#timeline-coarse li a").all()]
    assert hrefs == [f"#/event/{e['id']}" for e in expected["coarse_events"]]

    # Hovering the busiest bar names its period and shows its counts and both sides.
    busiest = max(range(len(expected["bars"])), key=lambda i: expected["bars"][i]["events"])
    bar = expected["bars"][busiest]
    box = page.locator("#timeline-types .u-over").bounding_box()
    x = box["x"] + box["width"] * (busiest + 0.5) / len(expected["bars"])
    page.mouse.move(x, box["y"] + box["height"] - 5)
    page.wait_for_function("(label) => document.querySelector('#timeline-types .u-legend .u-value')"
                           ".textContent === label", arg=bar["label"])
    labels = legend_labels(page, "timeline-types")
    counts = {label: legend_value(page, "timeline-types", i) for i, label in enumerate(labels)}
    assert {t: int(counts[t]) for t in drawn_types} == {t: bar["by_type"].get(t, 0) for t in drawn_types}
    assert float(legend_value(page, "timeline-sides", 2)) == bar["conflict"]  # the synced cursor
    assert float(legend_value(page, "timeline-sides", 1)) == bar["cooperation"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#timeline").locator("..").screenshot(path=str(ARTIFACTS / "timeline.png"))

    page.locator("#timeline-coarse li a").first.click()
    page.wait_for_function("(id) => location.hash === '#/event/' + id", arg=expected["coarse_events"][0]["id"])
    assert errors == []


def test_a_short_range_is_drawn_per_day_and_fits_800_pixels(server, browser):
    everything = timeline(server)
    busiest = max(everything["bars"], key=lambda bar: bar["events"])["period"]
    since = dt.date.fromisoformat(busiest)
    params = {"since": since.isoformat(), "until": (since + dt.timedelta(days=60)).isoformat()}
    expected = timeline(server, **params)
    assert expected["interval"] == "day" and len(expected["bars"]) <= 61
    page, errors = open_page(browser, f"{server}/#/?{urllib.parse.urlencode(params)}", width=800, height=1100)
    note = page.locator("#timeline-note").inner_text()
    assert "per day" in note
    assert page.locator("#timeline-types .u-legend .u-series").count() > 1
    # Nothing in the panel sticks out of it sideways (the panel itself fits the window).
    overflow = page.evaluate("""() => { const panel = document.querySelector('#timeline').parentElement
        .getBoundingClientRect(); return [panel.right, ...[...document.querySelectorAll('#timeline *')]
        .map((e) => e.getBoundingClientRect().right - panel.right)]; }""")
    assert overflow[0] <= 800 and max(overflow[1:]) <= 0.5
    page.locator("#timeline").locator("..").screenshot(path=str(ARTIFACTS / "timeline-800.png"))

    # Two columns at 1300 px: a narrower panel, and the charts follow it (without a new request).
    before = page.locator("#timeline-types .uplot").bounding_box()["width"]
    page.set_viewport_size({"width": 1300, "height": 1100})
    page.wait_for_function("""() => [...document.querySelectorAll('#timeline .uplot')].every((chart) =>
        Math.abs(chart.getBoundingClientRect().width - chart.parentElement.clientWidth) < 2)""")
    assert page.locator("#timeline-types .uplot").bounding_box()["width"] < before - 100
    assert errors == []
