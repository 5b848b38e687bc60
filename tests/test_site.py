"""The website as a reader sees it: built strictly, then visited page by page
in a real browser (Debian's Chromium driven by Playwright), served from
127.0.0.1 with nothing fetched from anywhere else.

The build is the one ``make book`` runs. Screenshots of every page, at desktop
and phone width and in dark mode, are saved in ``_build/screenshots/``.
"""

import fcntl
import functools
import http.server
import json
import os
import subprocess
import threading
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
BUILD_LOCK = ROOT / "_build" / "site-build.lock"
CHROMIUM = "/usr/bin/chromium"

# Console messages a page may log, each with the reason it is harmless.
ALLOWED_CONSOLE_ERRORS = {}


@pytest.fixture(scope="module")
def site():
    """The built website. ``NNLIB_BUILT_SITE`` reuses a site already built elsewhere."""
    if os.environ.get("NNLIB_BUILT_SITE"):
        return Path(os.environ["NNLIB_BUILT_SITE"])
    # the book's figures need the notebook backend, not a backend set for the tests
    env = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}
    # make test keeps this file on one worker (--dist loadfile). Should two
    # workers ever build at once, they would race in the same _build folder:
    # the lock makes the second wait for the first, then find little to redo.
    BUILD_LOCK.parent.mkdir(exist_ok=True)
    with open(BUILD_LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = subprocess.run(
            ["make", "book"], cwd=ROOT, capture_output=True, text=True, timeout=1800, env=env
        )
    assert result.returncode == 0, (
        "the strict book build failed:\n" + result.stdout[-6000:] + result.stderr[-3000:]
    )
    return SITE


def pages(site):
    """Every HTML page of the site, as paths relative to its root."""
    skip = ("_static", "_sources", "_downloads", "_images", "_vendor")
    return sorted(
        str(path.relative_to(site))
        for path in site.rglob("*.html")
        if path.relative_to(site).parts[0] not in skip
    )


class Links(HTMLParser):
    """The hrefs, srcs and element ids of one HTML page."""

    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for key in ("href", "src"):
            if attrs.get(key):
                self.links.append((tag, attrs[key]))


def parse(path):
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def server(site):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: make test installs Debian's chromium package"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


DESKTOP = 1200  # the narrowest width with both sidebars, so the narrowest text column


def visit(browser, server, page_path, width=DESKTOP, color_scheme="light"):
    """Open a page; return it with the requests it made and the console errors it logged."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=color_scheme, accept_downloads=True
    )
    page = context.new_page()
    record = {"requests": [], "failed": [], "errors": [], "bad_status": []}
    page.on("request", lambda request: record["requests"].append(request.url))
    page.on("requestfailed", lambda request: record["failed"].append(request.url))
    page.on(
        "response",
        lambda response: (
            record["bad_status"].append(f"{response.status} {response.url}")
            if response.status >= 400
            else None
        ),
    )
    page.on(
        "console",
        lambda message: (
            record["errors"].append(f"{message.text} ({message.location.get('url')})")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: record["errors"].append(str(error)))
    page.goto(server + page_path, wait_until="load")
    page.wait_for_load_state("networkidle")  # index.html redirects to the intro
    if page.evaluate("() => !!window.MathJax && !!window.MathJax.startup"):
        page.evaluate("() => window.MathJax.startup.promise")
    page.wait_for_timeout(300)
    return context, page, record


def screenshot_name(page_path, suffix):
    return SCREENSHOTS / (page_path.replace("/", "__").removesuffix(".html") + f"-{suffix}.png")


@pytest.fixture(scope="module")
def visits(site, server, browser):
    """Every page visited once at desktop width, with its record; screenshots taken."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found = {}
    for page_path in pages(site):
        context, page, record = visit(browser, server, page_path)
        page.screenshot(path=screenshot_name(page_path, "desktop"), full_page=True)
        record["math"] = page.evaluate("() => document.querySelectorAll('mjx-container').length")
        record["math_errors"] = page.evaluate("() => document.querySelectorAll('mjx-merror').length")
        record["has_math"] = page.evaluate(
            "() => document.querySelectorAll('.math, span.math, div.math').length"
        )
        record["images"] = page.evaluate(
            """() => Array.from(document.querySelectorAll('article img')).map(img => ({
                src: img.currentSrc || img.src,
                loaded: img.complete && img.naturalWidth > 0,
                alt: img.alt}))"""
        )
        record["code_scrolls"] = (
            page.evaluate("""() => Array.from(document.querySelectorAll('div.cell_input pre'))
            .filter(pre => pre.scrollWidth > pre.clientWidth).map(pre => pre.textContent.split('\\n')[0])""")
        )
        found[page_path] = record
        context.close()
    return found


def test_every_page_is_visited(site, visits):
    assert {"intro.html", "chapters/01-perceptron.html", "search.html"} <= set(visits)
    assert len([p for p in visits if p.startswith("chapters/")]) == len(
        list((ROOT / "chapters").glob("*.md"))
    )


def test_no_page_requests_anything_from_another_host(visits):
    for page_path, record in visits.items():
        foreign = [
            url
            for url in record["requests"]
            if urlparse(url).hostname not in ("127.0.0.1", None) and not url.startswith(("data:", "blob:"))
        ]
        assert not foreign, f"{page_path} requested {foreign}"


def test_no_request_fails(visits):
    for page_path, record in visits.items():
        assert not record["failed"] and not record["bad_status"], (
            f"{page_path}: {record['failed'] + record['bad_status']}"
        )


def test_the_site_root_serves_a_favicon(server):
    # Browsers ask for /favicon.ico on pages without an icon link (index.html,
    # which redirects): a 404 there shows in the console, now and then.
    with urllib.request.urlopen(server + "favicon.ico") as response:
        assert response.status == 200
        assert response.read(4) == b"\x00\x00\x01\x00"  # an ICO file


def test_no_page_logs_a_console_error(visits):
    for page_path, record in visits.items():
        unexpected = [e for e in record["errors"] if not any(a in e for a in ALLOWED_CONSOLE_ERRORS)]
        assert not unexpected, f"{page_path}: {unexpected}"


def test_math_is_rendered_wherever_a_page_has_math(visits):
    for page_path, record in visits.items():
        if record["has_math"]:
            assert record["math"] >= record["has_math"] > 0, f"{page_path}: math not rendered"
            assert record["math_errors"] == 0, f"{page_path}: MathJax errors"


def test_no_code_cell_scrolls_sideways_at_desktop_width(visits):
    scrolling = {page: record["code_scrolls"] for page, record in visits.items() if record["code_scrolls"]}
    assert not scrolling, f"code cells wider than the column at {DESKTOP} px (first lines shown): {scrolling}"


def test_every_image_loads_and_has_alt_text(visits):
    for page_path, record in visits.items():
        for image in record["images"]:
            assert image["loaded"], f"{page_path}: image {image['src']} did not load"
            assert image["alt"].strip(), f"{page_path}: image {image['src']} has no alt text"


def test_no_internal_link_or_anchor_is_broken(site):
    parsed = {page: parse(site / page) for page in pages(site)}
    for page, links in parsed.items():
        for tag, link in links.links:
            url = urlparse(link)
            if url.scheme in ("http", "https", "mailto", "data", "javascript") or link.startswith("//"):
                continue
            target = unquote(urljoin("/" + page, url.path).lstrip("/")) if url.path else page
            path = site / target
            if path.is_dir():
                path = path / "index.html"
            assert path.exists(), f"{page}: {tag} {link} points to a missing file"
            if url.fragment and path.suffix == ".html":
                ids = (
                    parsed[str(path.relative_to(site))].ids
                    if str(path.relative_to(site)) in parsed
                    else parse(path).ids
                )
                assert url.fragment in ids, f"{page}: {link} points to a missing anchor"


def test_explorers_respond_to_every_control(site, server, browser):
    checked = 0
    for page_path in pages(site):
        if 'class="nncourse-explorer"' not in (site / page_path).read_text(encoding="utf-8"):
            continue
        context, page, _ = visit(browser, server, page_path)
        for explorer in page.locator(".nncourse-explorer").all():
            explorer.scroll_into_view_if_needed()
            page.wait_for_function("e => e.dataset.state !== undefined", arg=explorer.element_handle())
            assert explorer.locator(".main-svg").count() > 0, f"{page_path}: the explorer drew nothing"
            for control in explorer.locator("[data-control]").all():
                before = explorer.get_attribute("data-state")
                if control.evaluate("e => e.tagName") == "SELECT":
                    # by index: an option's label can equal another option's value
                    current = control.evaluate("e => e.selectedIndex")
                    control.select_option(index=1 if current == 0 else 0)
                else:
                    low, high = control.get_attribute("min"), control.get_attribute("max")
                    current = control.input_value()
                    control.fill(low if current != low else high)
                page.wait_for_timeout(100)
                assert explorer.get_attribute("data-state") != before, (
                    f"{page_path}: moving {control.get_attribute('data-control')} changed nothing"
                )
                checked += 1
        explorer_count = page.locator(".nncourse-explorer").count()
        page.screenshot(path=screenshot_name(page_path, "explored"), full_page=False)
        context.close()
        assert explorer_count > 0
    assert checked > 0


def test_every_solution_opens_when_asked(site, server, browser):
    opened = 0
    for page_path in pages(site):
        if not page_path.startswith("chapters/"):
            continue
        context, page, _ = visit(browser, server, page_path)
        solutions = page.locator("div.solution.dropdown")
        assert solutions.count() >= 3, f"{page_path}: fewer than three exercises with solutions"
        for index in range(solutions.count()):
            solution = solutions.nth(index)
            body = solution.locator(".solution-content, section").first
            assert not body.is_visible(), f"{page_path}: solution {index + 1} is open before it is asked for"
            solution.locator("button.toggle-button").first.click()
            page.wait_for_timeout(150)
            assert body.is_visible(), f"{page_path}: solution {index + 1} does not open"
            opened += 1
        context.close()
    assert opened > 0


def test_search_finds_backpropagation(server, browser, site):
    context, page, _ = visit(browser, server, "search.html?q=backpropagation")
    page.wait_for_selector("#search-results li", timeout=15000)
    results = page.locator("#search-results li a").evaluate_all("links => links.map(a => a.href)")
    context.close()
    assert any("04-backpropagation" in href for href in results), results


def test_each_chapter_offers_its_notebook_and_student_notebook_as_downloads(site, server, browser):
    for page_path in pages(site):
        if not page_path.startswith("chapters/"):
            continue
        context, page, _ = visit(browser, server, page_path)
        links = page.locator("p.chapter-downloads a[download]")
        assert links.count() == 2, page_path
        for index in range(2):
            with page.expect_download() as download:
                links.nth(index).click()
            notebook = json.loads(Path(download.value.path()).read_text())
            assert notebook["nbformat"] == 4 and notebook["cells"], page_path
            text = json.dumps(notebook)
            if index == 0:  # the chapter itself, solutions included
                assert "solution-start" in text, page_path
            else:
                first_cell = "".join(notebook["cells"][0]["source"])
                assert "solution-start" not in text and "student notebook" in first_cell, page_path
        context.close()


def test_pages_work_at_phone_width(site, server, browser):
    for page_path in pages(site):
        context, page, record = visit(browser, server, page_path, width=390)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        page.screenshot(path=screenshot_name(page_path, "phone"), full_page=True)
        context.close()
        assert overflow <= 1, f"{page_path}: the page is {overflow}px wider than a phone screen"


def test_dark_mode_keeps_figures_on_a_white_card(site, server, browser):
    for page_path in pages(site):
        if not page_path.startswith("chapters/"):
            continue
        context, page, _ = visit(browser, server, page_path, color_scheme="dark")
        assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
        backgrounds = page.evaluate("""() => Array.from(document.querySelectorAll('.cell_output img')).map(
            img => getComputedStyle(img).backgroundColor)""")
        page.screenshot(path=screenshot_name(page_path, "dark"), full_page=True)
        context.close()
        assert backgrounds and all(color == "rgb(255, 255, 255)" for color in backgrounds), page_path
