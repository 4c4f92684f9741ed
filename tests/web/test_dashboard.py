"""The dashboard in a real browser (Debian's Chromium, headless, driven by Playwright) over the demo store."""

from __future__ import annotations

from browser_support import ARTIFACTS, require_chromium

require_chromium()


def test_filter_by_actor_open_an_event_and_see_its_evidence(server, browser):
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)
    assert page.locator("#events tbody tr").count() == 50
    assert page.locator("#timeline canvas").count() >= 1  # the chart was drawn
    assert page.locator("#map path.leaflet-interactive").count() > 100  # country outlines, offline

    unfiltered = page.locator("#table-note").text_content()
    page.fill("#filter-actor", "PRK")
    page.click("#apply")
    page.wait_for_function("() => location.hash.includes('actor=PRK')")
    # The table has reloaded when its note (the count of events) is no longer the unfiltered one.
    page.wait_for_function("(before) => document.querySelector('#table-note').textContent.match(/^\\d+ events/) && "
                           "document.querySelector('#table-note').textContent !== before", arg=unfiltered)
    sources_and_targets = page.locator("#events tbody tr td:nth-child(2), #events tbody tr td:nth-child(4)")
    cells = [c.strip() for c in sources_and_targets.all_inner_texts()]
    rows = page.locator("#events tbody tr").count()
    assert rows > 0
    assert sum(c.startswith("PRK") for c in cells) >= rows  # each row has PRK on one side
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-prk.png"), full_page=True)

    trigger = page.locator("#events tbody tr").first.locator("mark.trigger").inner_text()
    page.locator("#events tbody tr").first.click()
    page.wait_for_selector("#article-text mark.evidence", timeout=20_000)
    assert page.locator("#event-title").inner_text()
    marked = page.locator("#article-text mark.trigger").all_inner_texts()
    assert trigger in marked
    evidence = page.locator("#article-text mark.evidence").first.inner_text()
    assert trigger in evidence and len(evidence) > len(trigger)
    page.screenshot(path=str(ARTIFACTS / "dashboard-event.png"), full_page=True)

    page.goto(server + "/#/actor/PRKGOV")
    page.wait_for_selector("#actor-title", timeout=20_000)
    assert "events as source" in page.locator("#detail").inner_text()
    page.fill("#search", "ballistic")
    page.click("#apply")
    page.wait_for_function("() => location.hash.includes('q=ballistic')")
    page.wait_for_function("() => document.body.dataset.ready === '1' && document.querySelectorAll('#events tbody tr')"
                           ".length > 0")
    assert all("ballistic" in t.lower() for t in page.locator("#events td.evidence").all_inner_texts())
    assert errors == []


def test_detail_pages_replace_the_overview(server, browser):
    page = browser.new_page()
    page.goto(server + "/#/actor/PRKMIL")
    page.wait_for_selector("#actor-title", timeout=20_000)
    assert not page.locator("#overview").is_visible()
    page.goto(server + "/#/")
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)
    assert page.locator("#overview").is_visible() and not page.locator("#detail").is_visible()
