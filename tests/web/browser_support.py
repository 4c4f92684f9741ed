"""What the browser tests share: Debian's Chromium (skipped without it unless CI requires it), its flags, and
where screenshots go."""

from __future__ import annotations

import json
import os
import shutil
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("EVENTWATCH_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).parents[2] / "artifacts"
# Without these, Chromium keeps trying to reach Google's services, which a closed network refuses.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]


def require_chromium() -> None:
    """Skip the calling test module when there is no Chromium (an error when EVENTWATCH_REQUIRE_BROWSER is set)."""
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        if os.environ.get("EVENTWATCH_REQUIRE_BROWSER"):
            raise RuntimeError(f"EVENTWATCH_REQUIRE_BROWSER is set but there is no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (CI installs Debian's chromium)", allow_module_level=True)


READY = "body[data-ready='1']"  # set by the dashboard when every view of the URL is drawn


def api_get(server: str, path: str, **params: object) -> dict:
    """A JSON answer of the API under test, to compare the page with."""
    query = urllib.parse.urlencode(params)
    with urllib.request.urlopen(f"{server}/api/{path}{'?' + query if query else ''}") as response:
        return json.load(response)


def open_page(browser, url: str, width: int = 1300, height: int = 1000):
    """A new page at ``url`` once the dashboard has drawn every view, and the list its script errors go to."""
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    page.wait_for_selector(READY, timeout=20_000)
    return page, errors
