"""The dashboard's escalation panel in headless Chromium over a generated history with one burst of strikes."""

from __future__ import annotations

import datetime as dt

import pytest
from browser_support import ARTIFACTS, CHROMIUM, FLAGS, require_chromium

from escalation_history import START, background, burst, sentence_of, store_events
from eventwatch.api import create_app
from eventwatch.store import open_store
from live_server import running

SPIKE_DAY = START + dt.timedelta(days=70)
require_chromium()

from playwright.sync_api import sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("web") / "history.db"
    with open_store(str(db)) as store:
        store_events(store, background(41, days=100, rate=1.0) + burst(SPIKE_DAY))
    with running(create_app(str(db))) as url:
        yield url


def test_the_panel_charts_the_pair_and_lists_the_spike_with_its_events(server):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1300, "height": 1400})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(server + "/")
        page.wait_for_selector("body[data-ready='1']", timeout=20_000)
        page.fill("#escalation-actor", "prk")
        page.fill("#escalation-target", "USA")
        page.click("#escalation-show")
        page.wait_for_selector("#escalation[data-ready='1']", timeout=20_000)
        assert "PRK ↔ USA" in page.locator("#escalation-note").inner_text()
        assert page.locator("#escalation-chart canvas").count() >= 1
        spikes = page.locator("#escalation-spikes li.spike")
        assert spikes.count() == 1 and spikes.first.inner_text().startswith(f"{SPIKE_DAY} conflict")
        evidence = spikes.first.locator(".driver-evidence").all_inner_texts()
        assert all(any(sentence_of(e) in text for text in evidence) for e in burst(SPIKE_DAY))
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator("#escalation").screenshot(path=str(ARTIFACTS / "dashboard-escalation.png"))
        spikes.first.locator("li.driver a").first.click()
        page.wait_for_selector("#event-title", timeout=20_000)
        assert "ASSAULT" in page.locator("#event-title").inner_text()
        assert errors == []
        browser.close()
