"""The dashboard's escalation panel in headless Chromium over a generated history with one burst of strikes."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from escalation_history import START, background, burst, sentence_of, store_events
from eventwatch.api import create_app
from eventwatch.store import open_store

CHROMIUM = os.environ.get("EVENTWATCH_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).parents[2] / "artifacts"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]
SPIKE_DAY = START + dt.timedelta(days=70)

if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
    if os.environ.get("EVENTWATCH_REQUIRE_BROWSER"):
        raise RuntimeError(f"EVENTWATCH_REQUIRE_BROWSER is set but there is no Chromium at {CHROMIUM}")
    pytest.skip(f"no Chromium at {CHROMIUM} (CI installs Debian's chromium)", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("web") / "history.db"
    with open_store(str(db)) as store:
        store_events(store, background(41, days=100, rate=1.0) + burst(SPIKE_DAY))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    instance = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not instance.started and time.time() < deadline:
        time.sleep(0.05)
    assert instance.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


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
