"""The documentation in a real browser: Debian's Chromium, headless, driven by Playwright.

Pages are served from a local server on loopback; every request the pages make is recorded and must stay
on loopback. Screenshots of the reference page and a disorder diagram are saved in build/screenshots/.
"""

from __future__ import annotations

import functools
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
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


@pytest.fixture(scope="module")
def live_endpoint(fresh_build, tmp_path_factory):
    """`myo serve` as a user runs it, on a free loopback port, serving the fresh build; stopped with Ctrl-C."""
    from myoclonus_ontology.endpoint import free_port, sparql_select
    from myoclonus_ontology.errors import BuildError

    root = tmp_path_factory.mktemp("serve-root")
    (root / "build").symlink_to(fresh_build)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "myoclonus_ontology.cli", "--root", str(root), "serve",
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stderr.read()
            try:
                sparql_select(url, "ASK {}", accept="application/sparql-results+json", timeout=2)
                break
            except BuildError:
                assert time.monotonic() < deadline, "myo serve did not answer within 60 s"
                time.sleep(0.2)
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_the_endpoint_allows_cross_origin_requests(live_endpoint, site):
    request = urllib.request.Request(live_endpoint, data=b"ASK {}", method="POST", headers={
        "Content-Type": "application/sparql-query", "Origin": site})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers.get("Access-Control-Allow-Origin") in ("*", site)


def test_the_query_page_asks_the_live_endpoint_from_another_origin_and_shows_the_answer(project, fresh_build, site,
                                                                                        browser, live_endpoint):
    from myoclonus_ontology.queries import rows_from_csv

    assert urllib.parse.urlsplit(site).port != urllib.parse.urlsplit(live_endpoint).port  # a cross-origin request
    page = browser.new_page()
    page.goto(f"{site}/docs/query.html?" + urllib.parse.urlencode({"endpoint": live_endpoint, "question": "cq02"}))
    assert "clonazepam" not in page.locator("#answer").inner_text()      # nothing is asked before the click
    assert "MYO:0000315" in page.locator("#sparql").inner_text()
    page.click("#run")
    page.wait_for_selector("#answer td")
    rows = page.locator("#answer tr").all()[1:]
    shown = [tuple(cell.inner_text() for cell in row.locator("td").all()) for row in rows]
    header = [cell.inner_text() for cell in page.locator("#answer th").all()]
    expected_header, expected = rows_from_csv((fresh_build / "queries" / "cq02-first-choice-drug.csv")
                                              .read_text(encoding="utf-8"))
    assert header == expected_header and sorted(shown) == sorted(expected)
    assert any("clonazepam" in row for row in shown)
    assert page.locator("#status").inner_text().endswith("row" if len(shown) == 1 else "rows")
    page.screenshot(path=str(_shots(project) / "query-page.png"), full_page=True)
    page.close()


def _shots(project) -> Path:
    shots = project.build / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    return shots
