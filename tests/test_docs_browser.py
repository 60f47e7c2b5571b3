"""The documentation in a real browser: Debian's Chromium, headless, driven by Playwright.

Pages are served from a local server on loopback; every request the pages make is recorded and must stay
on loopback. Screenshots of the reference page and a disorder diagram are saved in build/screenshots/.
"""

from __future__ import annotations

import functools
import re
import threading
import urllib.parse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(fresh_build):
    handler = functools.partial(QuietHandler, directory=str(fresh_build))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).is_file(), "Debian's chromium is missing: `make setup` installs it"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def page_names(fresh_build) -> list[str]:
    return sorted(p.name for p in (fresh_build / "docs").glob("*.html"))


def test_every_page_renders_with_its_headings_diagrams_and_links(project, fresh_build, site, browser):
    requests: list[str] = []
    context = browser.new_context()
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    ids_cache: dict[str, set[str]] = {}
    broken = []
    for name in page_names(fresh_build):
        url = f"{site}/docs/{name}"
        response = page.goto(url)
        assert response is not None and response.ok, name
        assert page.locator("h1").first.is_visible(), f"{name} has no visible heading"
        for image in page.locator("img").all():
            if not image.evaluate("i => i.complete && i.naturalWidth > 0"):
                broken.append(f"{name}: image {image.get_attribute('src')} did not load")
        for href in sorted({a.get_attribute("href") for a in page.locator("a[href]").all()}):
            target = urllib.parse.urljoin(url, href)
            if not target.startswith(site):
                continue  # a link out (to a term IRI or the NINDS pages) is not fetched by the page
            document, _, fragment = target.partition("#")
            if document not in ids_cache:
                reply = context.request.get(document)
                if not reply.ok:
                    broken.append(f"{name}: link {href} -> HTTP {reply.status}")
                    ids_cache[document] = set()
                    continue
                ids_cache[document] = set(re.findall(r'\bid="([^"]+)"', reply.text())) if document.endswith(
                    ".html") else set()
            if fragment and fragment not in ids_cache[document]:
                broken.append(f"{name}: anchor {href} not found")
    context.close()
    assert broken == []
    outside = sorted({u for u in requests if not u.startswith(site)})
    assert outside == [], "pages must not fetch anything from the network"
    assert len(page_names(fresh_build)) >= 45


def test_diagrams_render_in_the_browser(fresh_build, site, browser):
    page = browser.new_page()
    page.goto(f"{site}/docs/disorder-MYO_0001001.html")
    diagram = page.locator("img.diagram")
    assert diagram.evaluate("i => i.naturalWidth") > 300
    page.goto(f"{site}/docs/diagrams/MYO_0001001.svg")
    text = page.locator("svg").evaluate("svg => svg.textContent")
    assert "opsoclonus myoclonus" in text and "corticosteroid" in text and "characteristic" in text
    page.close()


def test_screenshots_of_the_reference_page_and_a_disorder_diagram(project, site, browser):
    shots = project.build / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site}/docs/reference.html")
    assert page.locator("h2", has_text="Classes").is_visible()
    page.screenshot(path=str(shots / "reference.png"))
    page.goto(f"{site}/docs/disorder-MYO_0001001.html")
    page.screenshot(path=str(shots / "disorder-opsoclonus-myoclonus.png"), full_page=True)
    page.goto(f"{site}/docs/index.html")
    page.screenshot(path=str(shots / "index.png"))
    page.close()
    for name in ("reference.png", "disorder-opsoclonus-myoclonus.png", "index.png"):
        assert (shots / name).stat().st_size > 10_000
