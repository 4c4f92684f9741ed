"""The browser tests' shared fixtures: one headless Chromium per module, and the dashboard over the session's
read-only demo store."""

from __future__ import annotations

import pytest
from browser_support import CHROMIUM, FLAGS
from playwright.sync_api import sync_playwright

from eventwatch.api import create_app
from live_server import running


@pytest.fixture(scope="module")
def server(demo_db):
    with running(create_app(demo_db)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield chromium
        chromium.close()
