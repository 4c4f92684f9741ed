"""Issue 18, item 5 in Chromium: the actor page titles a code by its proper name, charts what it did and what was done
to it, lists its counterparts as links to their pages with an escalation summary, and dates events at their
stored precision (a year-precision event shows as its year, never as YYYY-01-01)."""

from __future__ import annotations

import re

from browser_support import ARTIFACTS, api_get, require_chromium

from eventwatch.actor_titles import actor_title

require_chromium()

PAGE_READY = "#actor-page[data-ready='1']"
ESCALATIONS_READY = "#actor-page[data-escalations='1']"




def open_actor(browser, server: str, code: str, width: int = 1300):
    page = browser.new_page(viewport={"width": width, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/#/actor/{code}")
    page.wait_for_selector(PAGE_READY, timeout=20_000)
    page.wait_for_selector(ESCALATIONS_READY, timeout=30_000)
    return page, errors


def a_year_precision_event(server: str) -> dict:
    """An event of the demo store dated only to a year that is among the ten latest its source's page lists."""
    for event in api_get(server, "events", limit=500)["events"]:
        if event["precision"] == "year" and event["source"]:
            latest = api_get(server, "events", source=event["source"], limit=10)["events"]
            if any(e["id"] == event["id"] for e in latest):
                return event
    raise AssertionError("the demo store has no year-precision event among its source's latest")


def test_the_title_charts_and_counterparts(server, browser) -> None:
    page, errors = open_actor(browser, server, "PRK")
    expected = actor_title("PRK").name
    assert page.locator("#actor-title").inner_text() == f"{expected} (PRK)"
    stored = api_get(server, "actors", prefix="PRK", limit=1)[0]["name"]  # what the old title showed after the code
    assert stored == expected or stored not in page.locator("#actor-title").inner_text()
    assert page.locator("#actor-chart-did canvas").count() == 1
    assert page.locator("#actor-chart-done-to canvas").count() == 1

    data = api_get(server, "actors/PRK")
    rows = page.locator("#actor-counterparts tr.counterpart")
    assert rows.count() == len(data["counterparts"]) > 0
    hrefs = page.locator("#actor-counterparts a.counterpart-link").evaluate_all("(as) => as.map((a) => a.hash)")
    assert hrefs == [f"#/actor/{c['code']}" for c in data["counterparts"]]
    cells = page.locator("#actor-counterparts .pair-escalation").all_inner_texts()
    assert all(cell.startswith("last ") and "conflict" in cell for cell in cells), cells
    summary = page.locator("#actor-summary").inner_text()
    assert f"{data['as_source']} events as source" in summary and f"{data['as_target']} events as target" in summary
    canvas = page.locator("#actor-chart-did .u-over")
    canvas.hover(position={"x": canvas.bounding_box()["width"] - 5, "y": 20})
    legend_period = page.locator("#actor-chart-did .u-legend .u-series").first.locator(".u-value").inner_text()
    assert re.fullmatch(r"\d{4}-\d{2}", legend_period), legend_period  # a month, not a first-of-month day
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "actor.png"), full_page=True)

    # Each pair's "chart" link opens the overview's escalation panel on that pair (its state is in the URL).
    other = data["counterparts"][0]["code"]
    page.click(f"#actor-counterparts tr.counterpart[data-code='{other}'] a.escalation-link")
    page.wait_for_function("(other) => document.querySelector('#escalation-note').textContent.includes(other) && "
                           "document.body.dataset.ready === '1'", arg=other)
    assert page.locator("#escalation-actor").input_value() == "PRK"
    assert page.locator("#escalation-chart canvas").count() >= 1
    page.go_back()
    page.wait_for_selector(ESCALATIONS_READY, timeout=20_000)

    page.click(f"#actor-counterparts a[href='#/actor/{data['counterparts'][0]['code']}']")
    page.wait_for_function("(code) => location.hash === '#/actor/' + code && document.querySelector("
                           "'#actor-page[data-ready=\"1\"]') && document.querySelector('#actor-title')"
                           ".textContent.includes('(' + code + ')')", arg=data["counterparts"][0]["code"])
    assert errors == []


def test_a_role_code_is_titled_by_its_country_not_a_person(server, browser) -> None:
    page, errors = open_actor(browser, server, "PRKGOV")
    title = page.locator("#actor-title").inner_text()
    assert title == f"{actor_title('PRKGOV').name} (PRKGOV)" and title.startswith(f"{actor_title('PRK').name} — ")
    people = [name for name in api_get(server, "actors/PRKGOV")["includes"] if name in title]
    assert people == [] and errors == []
    assert page.locator("#actor-about a").get_attribute("href") == "#/actor/PRK"


def test_year_precision_dates_show_as_the_year(server, browser) -> None:
    event = a_year_precision_event(server)
    page, errors = open_actor(browser, server, event["source"])
    shown = page.locator(f"#actor-latest-did a[href='#/event/{event['id']}']").inner_text()
    assert shown == event["day"][:4] and event["day"].endswith("-01-01")
    # Every listed date is the event's label at its precision: none is a first-of-period day of a coarser one.
    listed = api_get(server, "events", source=event["source"], limit=10)["events"]
    links = page.locator("#actor-latest-did a[href^='#/event/']")
    texts = dict(zip(links.evaluate_all("(as) => as.map((a) => Number(a.hash.split('/').pop()))"),
                     links.all_inner_texts(), strict=True))
    assert texts == {e["id"]: e["date"] for e in listed}
    coarse = [texts[e["id"]] for e in listed if e["precision"] != "day"]
    assert coarse and not any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) for text in coarse)
    assert errors == []


def test_usable_at_800_pixels(server, browser) -> None:
    page, errors = open_actor(browser, server, "PRK", width=800)
    assert page.evaluate("document.documentElement.scrollWidth") <= 800
    box = page.locator("#actor-chart-did canvas").bounding_box()
    assert box is not None and box["width"] <= 800
    page.screenshot(path=str(ARTIFACTS / "actor-800.png"), full_page=True)
    assert errors == []
