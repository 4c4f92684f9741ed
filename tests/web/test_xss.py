"""Article text is untrusted: an article full of script payloads, opened on every dashboard page in Chromium,
must show them as text and run none of them; and the normal pages must raise no CSP violation or console error."""

from __future__ import annotations

import httpx
import pytest
from browser_support import ARTIFACTS, CHROMIUM, FLAGS, require_chromium

from eventwatch.api import create_app
from live_server import running

require_chromium()

from playwright.sync_api import sync_playwright  # noqa: E402

TOKEN = "xss-test-token"
SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=1;alert(1)">'
SVG = '"><svg onload="window.__xss=1;alert(2)">'
FRAME = '<iframe src="javascript:window.__xss=1"></iframe>'
WIRE = f"""SEOUL, May 6 (Wire) — North Korea fired two short-range ballistic missiles {SCRIPT} into the East Sea on
Monday, South Korea's Joint Chiefs of Staff said.

"We will answer any provocation {IMG} with overwhelming force," Kim Yo Jong said in a statement carried by KCNA.

The missiles were launched from the Sunan area {SVG} near Pyongyang, the military said.

Japan's defense ministry said it protested {FRAME} to Pyongyang through diplomatic channels.

You May Also Like
"""
ORIGINAL = {"text": WIRE, "title": f"North Korea fires missiles {SCRIPT} {IMG}", "source": f"Wire {SVG}",
            "url": "javascript:window.__xss=1;alert(4)//", "published": "2024-05-06"}
COPY = {**ORIGINAL, "title": f"Copy {SVG} of the launch", "source": f"Aggregator {IMG}",
        "url": "https://aggregator.example.net/launch",
        "text": WIRE.replace("(Wire)", "(Aggregator)") + "Source link\n"}
# Watches the page: any script that a payload managed to start sets __xss or opens a dialog; the CSP reports
# anything it had to block (which would mean the page tried to insert markup).
WATCH = "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(" \
        "e.violatedDirective + ' ' + e.blockedURI));"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    db = tmp_path_factory.mktemp("xss") / "hostile.db"
    with running(create_app(str(db), token=TOKEN, rate_limit=0)) as url:
        stored = httpx.post(f"{url}/api/articles", json=[ORIGINAL, COPY], headers={"Authorization": f"Bearer {TOKEN}"},
                            timeout=120).json()["results"]
        assert all(r["stored"] for r in stored) and stored[1]["duplicate_of"] == stored[0]["article_id"]
        yield url, stored[0]["article_id"], stored[1]["article_id"]


@pytest.fixture(scope="module")
def page_watch():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        problems: dict[str, list[str]] = {"dialogs": [], "errors": [], "console": []}
        page.on("dialog", lambda dialog: (problems["dialogs"].append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda exc: problems["errors"].append(str(exc)))
        page.on("console", lambda msg: problems["console"].append(msg.text) if msg.type == "error" else None)
        page.add_init_script(WATCH)
        yield page, problems
        browser.close()


def assert_inert(page, problems, where: str, expected_console: str | None = None) -> None:
    page.wait_for_timeout(300)  # time for an onerror/onload to fire, had one been inserted
    if expected_console:
        problems["console"] = [m for m in problems["console"] if expected_console not in m]
    assert page.evaluate("window.__xss") is None, where
    assert problems == {"dialogs": [], "errors": [], "console": []}, where
    assert page.evaluate("window.__csp") == [], where
    assert page.locator("#detail script, #overview script, img[src='x'], svg[onload], iframe").count() == 0, where
    assert page.locator("a[href^='javascript'], a[href^='JAVASCRIPT'], a[href^='data:']").count() == 0, where


def test_payloads_show_as_text_and_never_run(hostile_server, page_watch):
    url, original, copy = hostile_server
    page, problems = page_watch

    page.goto(url + "/")  # the overview: timeline, map, table of evidence
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)
    assert_inert(page, problems, "overview")
    assert SCRIPT in page.locator("#events tbody").inner_text()

    page.goto(url + "/#/?q=script")  # search results
    page.wait_for_function("() => document.body.dataset.ready === '1' && document.querySelectorAll('#events tbody tr')"
                           ".length > 0", timeout=20_000)
    assert_inert(page, problems, "search")
    assert SCRIPT in page.locator("#events td.evidence").first.inner_text()

    page.locator("#events tbody tr").first.click()  # the event page: every report, evidence in the article
    page.wait_for_selector("#article-text", timeout=20_000)
    assert_inert(page, problems, "event page")
    detail = page.locator("#detail").inner_text()
    assert SCRIPT in detail and f"Wire {SVG}" in detail and f"Aggregator {IMG}" in detail

    page.goto(f"{url}/#/article/{original}")  # title, outlet, javascript: URL, text, quotes, related stories
    page.wait_for_selector("#article-text", timeout=20_000)
    assert_inert(page, problems, "article page")
    detail = page.locator("#detail").inner_text()
    assert ORIGINAL["title"] in detail and ORIGINAL["url"] in detail and FRAME in detail
    assert f"Copy {SVG} of the launch" in detail  # the copy, listed among related stories

    page.goto(f"{url}/#/article/{copy}")
    page.wait_for_selector("#article-text", timeout=20_000)
    assert_inert(page, problems, "copy's page")
    assert page.locator("#detail a[href='https://aggregator.example.net/launch']").count() == 1  # http(s) links stay
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-xss-article.png"), full_page=True)

    page.goto(f"{url}/#/actor/PRKMIL")
    page.wait_for_selector("#actor-title", timeout=20_000)
    assert_inert(page, problems, "actor page")
    assert SCRIPT in page.locator("#detail").inner_text()

    page.goto(f"{url}/#/actor/{IMG}")  # a payload in the address itself: refused by the API, shown as text
    page.wait_for_selector("#detail .error", timeout=20_000)
    # The API's refusals (422) are logged by the browser as failed loads; nothing else may be.
    assert_inert(page, problems, "hostile route", expected_console="status of 422")
    assert page.locator("#detail").inner_text() == "Could not load: invalid request"


def test_docs_page_draws_offline_under_its_own_policy(hostile_server, page_watch):
    url, _original, _copy = hostile_server
    docs = httpx.get(f"{url}/docs").headers["content-security-policy"]
    assert "https:" not in docs and "'sha256-" in docs
    page, problems = page_watch
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort())
    page.goto(f"{url}/docs")
    # Swagger UI is served from the package: with every other host unreachable it still draws the API's
    # operations, and its inline start-up script runs by its hash with nothing blocked by the policy.
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator(".swagger-ui .opblock").count() > 10
    assert page.evaluate("window.__csp") == [], problems
    assert not problems["errors"], problems
