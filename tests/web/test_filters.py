"""Issue 18, item 1 in Chromium: actor autocomplete, a date range with presets, type and modality facets with
counts, a bad value shown next to its field with nothing else changed, and every view's state in the URL."""

from __future__ import annotations

import datetime as dt
import urllib.parse

from browser_support import ARTIFACTS, api_get, open_page, require_chromium

require_chromium()





def wait_for(page, part: str) -> None:
    page.wait_for_function("(part) => decodeURIComponent(location.hash.replace(/[+]/g, ' ')).includes(part) && "
                           "document.body.dataset.ready === '1'", arg=part)


def cells(page, n: int) -> list[str]:
    return [t.strip() for t in page.locator(f"#events tbody tr td:nth-child({n})").all_inner_texts()]


def test_an_actor_typed_by_name_is_suggested_and_filters_every_view(server, browser):
    page, errors = open_page(browser, server + "/")
    page.fill("#filter-actor", "North Kor")
    page.wait_for_function("() => [...document.querySelectorAll('#actor-suggestions option')]"
                           ".some((o) => o.value === 'PRK')")
    label = page.locator("#actor-suggestions option[value='PRK']").get_attribute("label") or \
        page.locator("#actor-suggestions option[value='PRK']").inner_text()
    assert "North Korea" in label and "events" in label

    page.fill("#filter-actor", "North Korea")
    page.click("#apply")
    wait_for(page, "actor=North Korea")
    total = api_get(server, "events", actor="PRK", limit=1)["total"]
    page.wait_for_function("(n) => document.querySelector('#table-note').textContent.startsWith(n + ' events')",
                           arg=str(total))
    rows = page.locator("#events tbody tr").count()
    assert rows == min(50, total)
    assert sum(c.startswith("PRK") for c in cells(page, 2) + cells(page, 4)) >= rows
    # The facets count the same events the table does.
    type_counts = page.locator("#facet-type .chip .count").all_inner_texts()
    assert sum(int(c.replace(",", "")) for c in type_counts) == total
    assert page.locator(".field-error").count() == 0
    assert "Could not load" not in page.locator("body").inner_text()
    assert errors == []


def test_a_bad_value_is_shown_next_to_its_field_and_nothing_else_changes(server, browser):
    page, errors = open_page(browser, server + "/#/?type=ASSAULT")
    before_hash = page.evaluate("location.hash")
    before_note = page.locator("#table-note").inner_text()
    before_map = page.locator("#map-note").inner_text()

    page.fill("#filter-actor", "Nowhereland")
    page.click("#apply")
    note = page.locator(".field-error[data-field='actor']")
    note.wait_for(timeout=10_000)
    assert "Nowhereland" in note.inner_text()
    assert page.locator("#filter-actor").get_attribute("aria-invalid") == "true"
    assert page.evaluate("location.hash") == before_hash
    assert page.locator("#table-note").inner_text() == before_note
    assert page.locator("#map-note").inner_text() == before_map

    page.fill("#filter-actor", "")
    page.fill("input[name='since']", "2024-05-01")
    page.fill("input[name='until']", "2024-04-01")
    page.click("#apply")
    page.locator(".field-error[data-field='until']").wait_for(timeout=10_000)
    assert page.locator(".field-error[data-field='actor']").count() == 0  # the old message went
    assert page.evaluate("location.hash") == before_hash
    page.screenshot(path=str(ARTIFACTS / "filters-error.png"))

    # A URL edited by hand with a type that does not exist: said next to the filters, not at the foot of the page.
    page.goto(f"{server}/#/?type=BOMBARD")
    page.locator(".field-error[data-field='type']").wait_for(timeout=10_000)
    assert "Could not load" not in page.locator("#detail").inner_text()
    assert errors == []


def test_facets_choose_a_type_and_a_modality_with_counts(server, browser):
    page, errors = open_page(browser, server + "/")
    facets = api_get(server, "facets")
    chips = page.locator("#facet-type .chip")
    assert chips.count() == len(facets["type"])
    first = facets["type"][0]
    chip = page.locator(f"#facet-type .chip[data-value='{first['value']}']")
    assert int(chip.locator(".count").inner_text().replace(",", "")) == first["events"]
    chip.click()
    wait_for(page, f"type={first['value']}")
    assert set(t.split("/")[0] for t in cells(page, 3)) == {first["value"]}
    assert page.locator(f"#facet-type .chip[data-value='{first['value']}']").get_attribute("aria-pressed") == "true"
    # The modality facet now counts only this type's events; choosing one narrows the table to its count.
    modality = api_get(server, "facets", type=first["value"])["modality"][0]
    page.locator(f"#facet-modality .chip[data-value='{modality['value']}']").click()
    wait_for(page, f"modality={modality['value']}")
    page.wait_for_function("(n) => document.querySelector('#table-note').textContent.startsWith(n + ' events')",
                           arg=str(modality["events"]))
    # A second click on the chosen chip lifts that filter.
    page.locator(f"#facet-type .chip[data-value='{first['value']}']").click()
    page.wait_for_function("() => !location.hash.includes('type=') && document.body.dataset.ready === '1'")
    assert "modality=" in page.evaluate("location.hash")
    assert errors == []


def test_date_presets_stay_relative_in_the_url(server, browser):
    page, errors = open_page(browser, server + "/")
    page.select_option("#date-preset", "30d")
    wait_for(page, "last=30d")
    expected = (dt.datetime.now(dt.UTC) - dt.timedelta(days=30)).date()
    since = dt.date.fromisoformat(page.locator("input[name='since']").input_value())
    assert abs((since - expected).days) <= 1
    assert "since=" not in page.evaluate("location.hash")  # a shared link stays "the last 30 days"
    page.select_option("#date-preset", "")
    page.wait_for_function("() => !location.hash.includes('last=') && document.body.dataset.ready === '1'")
    assert page.locator("input[name='since']").input_value() == ""
    assert errors == []


def test_a_bookmarked_view_comes_back_whole(server, browser):
    view = "#/?actor=RUS&type=ASSAULT&sort=-intensity&size=25&esc=RUS&esc_target=UKR"
    page, errors = open_page(browser, f"{server}/{view}")
    assert page.locator("#filter-actor").input_value() == "RUS"
    assert page.locator("#facet-type .chip[aria-pressed='true']").get_attribute("data-value") == "ASSAULT"
    assert page.locator("#page-size").input_value() == "25"
    assert page.locator("#events th[data-sort='intensity']").get_attribute("aria-sort") == "descending"
    page.wait_for_function("() => document.querySelector('#escalation-note').textContent.includes('RUS')")
    assert page.locator("#escalation-actor").input_value() == "RUS"
    assert page.locator("#escalation-target").input_value() == "UKR"

    # A new escalation pair goes into the URL beside the filters, and a new filter keeps the pair.
    page.fill("#escalation-target", "USA")
    page.click("#escalation-show")
    wait_for(page, "esc_target=USA")
    page.fill("#filter-actor", "PRK")
    page.click("#apply")
    wait_for(page, "actor=PRK")
    hash_ = urllib.parse.unquote(page.evaluate("location.hash"))
    assert "esc=RUS" in hash_ and "esc_target=USA" in hash_ and "sort=-intensity" in hash_
    assert errors == []


def test_the_filters_are_usable_at_800_pixels(server, browser):
    whole, _ = open_page(browser, server + "/#/", width=800)  # every event: the widest table
    assert whole.evaluate("document.documentElement.scrollWidth") <= 800  # nothing pushes the page sideways
    page, errors = open_page(browser, server + "/#/?actor=PRK", width=800)
    assert page.evaluate("document.documentElement.scrollWidth") <= 800
    for selector in ("#filter-actor", "#date-preset", "#apply", "#facet-type .chip"):
        box = page.locator(selector).first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 800, selector
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "filters-800px.png"))
    assert errors == []
