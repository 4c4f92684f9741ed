"""Issue 18, items 4 and 6 in Chromium: the table's sortable columns, page size, state in the URL and download links
of the current filter; the event page's id, actor links, map, quotes, reporter and links to every report."""

from __future__ import annotations

import pytest
from browser_support import ARTIFACTS, READY, api_get, require_chromium

require_chromium()






def column(page, n: int) -> list[str]:
    return [t.strip() for t in page.locator(f"#events tbody tr td:nth-child({n})").all_inner_texts()]


def wait_for_hash_and_table(page, part: str) -> None:
    page.wait_for_function("(part) => location.hash.includes(part) && document.body.dataset.ready === '1'", arg=part)


def test_sort_page_size_and_downloads_live_in_the_url(server, browser):
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "/#/?actor=PRK")
    page.wait_for_selector(READY, timeout=20_000)
    assert page.locator("#events tbody tr").count() == 50

    page.select_option("#page-size", "25")
    wait_for_hash_and_table(page, "size=25")
    page.wait_for_function("() => document.querySelectorAll('#events tbody tr').length === 25")
    assert "actor=PRK" in page.evaluate("location.hash")  # the filter is kept

    page.click("#events th[data-sort='intensity'] button")
    wait_for_hash_and_table(page, "sort=-intensity")
    page.wait_for_function("() => document.querySelector('#events th[data-sort=intensity]')"
                           ".getAttribute('aria-sort') === 'descending'")
    values = [float(v) for v in column(page, 6)]
    assert values == sorted(values, reverse=True) and len(values) == 25
    page.click("#events th[data-sort='intensity'] button")
    wait_for_hash_and_table(page, "sort=intensity")
    page.wait_for_function("() => document.querySelector('#events th[data-sort=intensity]')"
                           ".getAttribute('aria-sort') === 'ascending'")
    values = [float(v) for v in column(page, 6)]
    assert values == sorted(values)

    page.click("#events th[data-sort='mentions'] button")
    wait_for_hash_and_table(page, "sort=-mentions")
    page.wait_for_function("() => document.querySelector('#events th[data-sort=mentions]')"
                           ".getAttribute('aria-sort') === 'descending'")
    mentions = [int(v.split("/")[0]) for v in column(page, 7)]
    assert mentions == sorted(mentions, reverse=True)

    page.click("#next")
    wait_for_hash_and_table(page, "page=2")
    page.wait_for_function("() => document.querySelector('#table-note').textContent.includes('26–')")
    # A bookmarked URL shows the same page: same sort, size and page, the filter in the form.
    url = page.url
    second = browser.new_page(viewport={"width": 1300, "height": 1000})
    second.goto(url)
    second.wait_for_selector(READY, timeout=20_000)
    assert "26–" in second.locator("#table-note").inner_text()
    assert second.locator("#page-size").input_value() == "25"
    assert second.locator("#filter-actor").input_value() == "PRK"
    assert column(second, 1) == column(page, 1)

    # The downloads carry the filter (not the page, size or sort: they hold every matching event).
    csv_href = page.locator("#download-csv").get_attribute("href")
    jsonl_href = page.locator("#download-jsonl").get_attribute("href")
    assert csv_href == "/api/events.csv?actor=PRK"
    assert jsonl_href == "/api/events.jsonl?actor=PRK"
    with page.expect_download() as info:
        page.click("#download-csv")
    lines = open(info.value.path(), encoding="utf-8").read().splitlines()  # noqa: SIM115
    total = api_get(server, "events", actor="PRK", limit=1)["total"]
    assert total > 25 and len(lines) >= total + 1  # header + every row (quoted newlines may add lines)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "table-sorted-paged.png"), full_page=True)

    page.fill("#search", "missile")
    page.click("#apply")
    wait_for_hash_and_table(page, "q=missile")
    assert "page=" not in page.evaluate("location.hash")  # new filters start at the first page
    assert "sort=-mentions" in page.evaluate("location.hash") and "size=25" in page.evaluate("location.hash")
    page.wait_for_function("() => document.querySelector('#download-csv').getAttribute('href').includes('q=missile')")
    assert errors == []


def find_event(server: str, country_level: bool) -> dict:
    """A demo event with a place (at the wanted precision), quotes and a reporter; the one with most reports."""
    best = None
    for e in api_get(server, "events", limit=500)["events"]:
        if e["lat"] is None or (e["place_precision"] == "country") != country_level or not e["quotes"]:
            continue
        detail = api_get(server, f"events/{e['id']}")
        if best is None or len({m["article_id"] for m in detail["mentions"]}) > len(
                {m["article_id"] for m in best["mentions"]}):
            best = detail
    assert best is not None
    return best


@pytest.mark.parametrize("country_level", [False, True], ids=["precise", "country"])
def test_event_page_shows_id_actor_links_map_quotes_and_reports(server, browser, country_level):
    event = find_event(server, country_level)
    page = browser.new_page(viewport={"width": 1100, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/#/event/{event['id']}")
    page.wait_for_selector("#article-text mark.evidence", timeout=20_000)
    assert page.locator("#event-id").inner_text() == f"#{event['id']}"
    actor_links = page.locator("#event-title a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    expected = [f"#/actor/{code}" for code in (event["source"], event["target"]) if code]
    assert actor_links == expected
    marker = "path.country-place" if country_level else "path.precise-place"
    page.wait_for_selector(f"#event-map {marker}", timeout=10_000)
    page.wait_for_function("() => document.querySelectorAll('#event-map path.leaflet-interactive').length > 10")
    note = page.locator("#event-place-note").inner_text()
    assert ("Country-level place" in note) == country_level
    quotes = page.locator("#event-quotes blockquote").all_inner_texts()
    distinct = {(q["text"], q["speaker"], q["speaker_text"]) for q in event["quotes"]}  # one per article: once
    assert len(quotes) == len(distinct) and event["quotes"][0]["text"] in quotes[0]
    if event["reported_by"]:
        assert event["reported_by"] in page.locator("#event-reporter").inner_text()
    report_links = page.locator("#event-reports li > a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert report_links == list(dict.fromkeys(f"#/article/{m['article_id']}" for m in event["mentions"]))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"event-page-{'country' if country_level else 'precise'}.png"),
                    full_page=True)
    if expected:
        page.locator("#event-title a").first.click()
        page.wait_for_selector("#actor-title", timeout=20_000)
    assert errors == []


def test_the_event_and_article_pages_fit_800_pixels(server, browser):
    event = api_get(server, "events", limit=1, sort="-mentions")["events"][0]
    page = browser.new_page(viewport={"width": 800, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/#/event/{event['id']}")
    page.wait_for_selector("#article-text mark.evidence", timeout=20_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 800
    article = api_get(server, f"events/{event['id']}")["mentions"][0]["article_id"]
    page.goto(f"{server}/#/article/{article}")
    page.wait_for_selector("#article-text", timeout=20_000)
    assert page.locator("#article-language").inner_text() == "en"  # told from the text (issue 19)
    assert page.evaluate("document.documentElement.scrollWidth") <= 800
    page.screenshot(path=str(ARTIFACTS / "event-800.png"))
    assert errors == []
