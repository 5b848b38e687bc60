"""The website as a reader sees it: built strictly, then visited page by page
in a real browser (Debian's Chromium driven by Playwright), served from
127.0.0.1 with nothing fetched from anywhere else.

The build is the one ``make book`` runs (the PDF of the book included).
Screenshots of every page, at desktop and phone width and in dark mode, are
saved in ``_build/screenshots/``; what each page weighs and how long it takes
to load, in ``_build/page-weight.txt``.

Accessibility is checked by axe-core (pinned in package-lock.json, served from
the build's ``_static/axe-core``, injected into each page by the tests: no page
loads it by itself) against WCAG 2.1 A and AA, in light and dark mode.
"""

import email.utils
import fcntl
import functools
import gzip
import http.server
import json
import os
import re
import subprocess
import threading
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "screenshots"
BUILD_LOCK = ROOT / "_build" / "site-build.lock"
BUILT_STAMP = ROOT / "_build" / "site-built-by-run"
CHROMIUM = "/usr/bin/chromium"

PDF = ROOT / "_build" / "pdf" / "neural-networks-from-scratch.pdf"

# Console messages a page may log, each with the reason it is harmless.
ALLOWED_CONSOLE_ERRORS = {}

# What axe-core checks: WCAG 2.0 and 2.1, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Rules not run, each with the reason.
AXE_DISABLED_RULES = {}
# No page transfers more than this on its first load, explorers' data and
# plotly.js included, counted as the test server sends them (text gzip-compressed,
# as GitHub Pages sends it: see Host).
MAX_PAGE_BYTES = 3 * 1024 * 1024


@pytest.fixture(scope="module")
def site():
    """The built website, built once per test run. ``NNLIB_BUILT_SITE`` reuses a
    site already built elsewhere."""
    if os.environ.get("NNLIB_BUILT_SITE"):
        return Path(os.environ["NNLIB_BUILT_SITE"])
    # the book's figures need the notebook backend, not a backend set for the tests
    env = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}
    # Two files use the site (this one and test_answer_boxes.py), on two workers.
    # The first to take the lock builds; the second waits, then finds the stamp
    # of this run and builds nothing. A second build while the first worker
    # visits pages would rewrite them under it: Sphinx writes its default
    # _static/pygments.css before the theme puts back its accessible one, and
    # a page visited then fails axe-core's contrast rule.
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", str(os.getpid()))
    BUILD_LOCK.parent.mkdir(exist_ok=True)
    with open(BUILD_LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if BUILT_STAMP.exists() and BUILT_STAMP.read_text() == run:
            return SITE
        BUILT_STAMP.unlink(missing_ok=True)
        result = subprocess.run(
            ["make", "book"], cwd=ROOT, capture_output=True, text=True, timeout=1800, env=env
        )
        assert result.returncode == 0, (
            "the strict book build failed:\n" + result.stdout[-6000:] + result.stderr[-3000:]
        )
        BUILT_STAMP.write_text(run)
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


# What a static host compresses (GitHub Pages, which publishes the site, sends
# text with gzip to a browser that accepts it; images and fonts are compressed already).
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


class Host(http.server.SimpleHTTPRequestHandler):
    """The site's files served as GitHub Pages serves them: text gzip-compressed when
    the browser accepts it, with Last-Modified, so that a browser's cache revalidates
    (a 304 without a body) rather than fetching again. Quiet: no log line per request."""

    gzipped = {}  # path -> (mtime, compressed bytes), shared by the server's threads

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.translate_path(self.path)
        kind = self.guess_type(path)
        if not (
            os.path.isfile(path)
            and kind.startswith(COMPRESSED_TYPES)
            and "gzip" in self.headers.get("Accept-Encoding", "")
        ):
            return super().do_GET()
        modified = int(os.stat(path).st_mtime)
        since = self.headers.get("If-Modified-Since")
        try:
            unchanged = since is not None and email.utils.parsedate_to_datetime(since).timestamp() >= modified
        except (TypeError, ValueError):
            unchanged = False
        if unchanged:
            self.send_response(304)
            self.end_headers()
            return
        cached = self.gzipped.get(path)
        if cached is None or cached[0] != modified:
            cached = (modified, gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0))
            self.gzipped[path] = cached
        body = cached[1]
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(modified))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server(site):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Host, directory=str(site)))
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


def visit(browser, server, page_path, width=DESKTOP, color_scheme="light", context=None):
    """Open a page; return it with the requests it made and the console errors it logged.

    In a new browser context (an empty cache) unless ``context`` is given."""
    if context is None:
        context = browser.new_context(
            viewport={"width": width, "height": 900}, color_scheme=color_scheme, accept_downloads=True
        )
    page = context.new_page()
    page.set_default_navigation_timeout(90_000)  # the machine may be busy: a slow page is not a broken one
    record = {"requests": [], "failed": [], "errors": [], "bad_status": [], "request_objects": []}
    page.on("request", lambda request: record["requests"].append(request.url))
    page.on("request", lambda request: record["request_objects"].append(request))
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
    started = time.perf_counter()
    page.goto(server + page_path, wait_until="load")
    page.wait_for_load_state("networkidle")  # index.html redirects to the intro
    if page.evaluate("() => !!window.MathJax && !!window.MathJax.startup"):
        page.evaluate("() => window.MathJax.startup.promise")
    record["seconds_to_settle"] = time.perf_counter() - started
    page.wait_for_timeout(300)
    return context, page, record


def transferred(record, start=0):
    """Bytes the page received (bodies and headers) for its requests from ``start`` on,
    as Playwright counts them; and the largest few, for a report."""
    sizes = {}
    for request in record["request_objects"][start:]:
        if request.url.startswith(("data:", "blob:")):
            continue
        try:
            size = request.sizes()
        except Exception:  # a request that never got a response is reported by test_no_request_fails
            continue
        sizes[request.url] = (
            sizes.get(request.url, 0) + size["responseBodySize"] + size["responseHeadersSize"]
        )
    return sum(sizes.values()), sorted(sizes.items(), key=lambda item: -item[1])[:4]


def start_explorers(page):
    """Scroll to each explorer, as a reader would, and wait until it has drawn."""
    explorers = page.locator(".nncourse-explorer")
    for index in range(explorers.count()):
        explorer = explorers.nth(index)
        explorer.scroll_into_view_if_needed()
        page.wait_for_function("e => e.dataset.state !== undefined", arg=explorer.element_handle())
    page.wait_for_load_state("networkidle")
    return explorers.count()


def load_every_image(page):
    """Scroll to each image of the page (they load lazily: _ext/page_weight.py) and
    wait until it has loaded, or failed to."""
    images = page.locator("article img")
    for index in range(images.count()):
        images.nth(index).scroll_into_view_if_needed()
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('article img')).every(img => img.complete)"
    )
    page.evaluate("() => window.scrollTo(0, 0)")


def axe_violations(page, server):
    """axe-core's findings on the page as it is now, one line each."""
    page.add_script_tag(url=server + "_static/axe-core/axe.min.js")
    results = page.evaluate(
        """([tags, disabled]) => axe.run(document, {
            runOnly: {type: "tag", values: tags},
            rules: Object.fromEntries(disabled.map(rule => [rule, {enabled: false}])),
            resultTypes: ["violations"],
        })""",
        [AXE_TAGS, list(AXE_DISABLED_RULES)],
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + "; ".join(
            " ".join(node["target"]) + (f" [{node['failureSummary'].splitlines()[-1].strip()}]")
            for node in violation["nodes"][:5]
        )
        + (f" and {len(violation['nodes']) - 5} more" if len(violation["nodes"]) > 5 else "")
        for violation in results["violations"]
    ]


def screenshot_name(page_path, suffix):
    return SCREENSHOTS / (page_path.replace("/", "__").removesuffix(".html") + f"-{suffix}.png")


@pytest.fixture(scope="module")
def visits(site, server, browser):
    """Every page visited once at desktop width, with its record: what it weighs on its
    first load (before and after its explorers are scrolled to), axe-core's findings
    once its explorers have drawn; screenshots taken."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found = {}
    for page_path in pages(site):
        context, page, record = visit(browser, server, page_path)
        record["text_bytes"], _ = transferred(record)
        record["timing"] = page.evaluate("""() => {
            const n = performance.getEntriesByType("navigation")[0];
            return {dom: n.domContentLoadedEventEnd, load: n.loadEventEnd};
        }""")
        record["requests_before_explorers"] = len(record["requests"])
        record["explorers"] = start_explorers(page)
        record["total_bytes"], record["largest"] = transferred(record)
        record["lazy_images"] = page.evaluate(
            "() => Array.from(document.querySelectorAll('article img'))"
            ".filter(img => img.loading === 'lazy').length"
        )
        load_every_image(page)
        record["axe"] = axe_violations(page, server)
        page.screenshot(path=screenshot_name(page_path, "desktop"), full_page=True)
        record["math"] = page.evaluate("() => document.querySelectorAll('mjx-container').length")
        record["math_without_mathml"] = page.evaluate(
            "() => Array.from(document.querySelectorAll('mjx-container'))"
            ".filter(m => !m.querySelector('mjx-assistive-mml math')).length"
        )
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
    write_page_weight_report(found)
    return found


def write_page_weight_report(found):
    lines = [
        "page | first load, text (KB, gzip) | with explorers (KB, gzip) | DOMContentLoaded (ms) | load (ms)"
        " | largest (KB, gzip)",
        "--- | ---: | ---: | ---: | ---: | ---",
    ]
    for page_path, record in found.items():
        largest = ", ".join(
            f"{urlparse(url).path.rsplit('/', 1)[-1]} {size // 1024}" for url, size in record["largest"]
        )
        lines.append(
            f"{page_path} | {record['text_bytes'] // 1024} | {record['total_bytes'] // 1024} | "
            f"{record['timing']['dom']:.0f} | {record['timing']['load']:.0f} | {largest}"
        )
    (ROOT / "_build" / "page-weight.txt").write_text("\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def dark_visits(site, server, browser):
    """Every page in dark mode (the theme follows the reader's color scheme), its
    explorers drawn: axe-core's findings and the figures' backgrounds; screenshots."""
    found = {}
    for page_path in pages(site):
        context, page, _ = visit(browser, server, page_path, color_scheme="dark")
        start_explorers(page)
        load_every_image(page)
        found[page_path] = {
            "theme": page.evaluate("() => document.documentElement.dataset.theme"),
            "axe": axe_violations(page, server),
            "backgrounds": page.evaluate("""() => Array.from(document.querySelectorAll('.cell_output img'))
                .map(img => getComputedStyle(img).backgroundColor)"""),
        }
        page.screenshot(path=screenshot_name(page_path, "dark"), full_page=True)
        context.close()
    return found


def test_axe_finds_no_wcag_violation_on_any_page_in_light_mode(visits):
    found = {page: record["axe"] for page, record in visits.items() if record["axe"]}
    assert not found, "axe-core (WCAG 2.1 A and AA), light mode:\n" + "\n".join(
        f"{page}: {line}" for page, lines in found.items() for line in lines
    )


def test_axe_finds_no_wcag_violation_on_any_page_in_dark_mode(dark_visits):
    assert all(record["theme"] == "dark" for record in dark_visits.values())
    found = {page: record["axe"] for page, record in dark_visits.items() if record["axe"]}
    assert not found, "axe-core (WCAG 2.1 A and AA), dark mode:\n" + "\n".join(
        f"{page}: {line}" for page, lines in found.items() for line in lines
    )


def test_axe_runs_the_wcag_rules_it_is_asked_to(site, server, browser):
    """A check that could not fail proves nothing: on a page with a known fault
    (an image without alt text, a button without a name, gray text on white),
    the same call reports each."""
    context, page, _ = visit(browser, server, "intro.html")
    page.evaluate("""() => {
        const main = document.querySelector("main") || document.body;
        main.insertAdjacentHTML("afterbegin",
            '<img src="_static/favicon.svg"><button></button>'
            + '<p style="color:#bbb;background:#fff">faint</p>');
    }""")
    found = " ".join(axe_violations(page, server))
    context.close()
    for rule in ("image-alt", "button-name", "color-contrast"):
        assert rule in found, f"axe-core missed {rule}: {found}"


def test_no_page_transfers_more_than_3_mb_on_first_load(visits):
    heavy = {
        page: f"{record['total_bytes'] / 2**20:.2f} MB ({record['largest']})"
        for page, record in visits.items()
        if record["total_bytes"] > MAX_PAGE_BYTES
    }
    assert not heavy, f"pages over {MAX_PAGE_BYTES / 2**20:.0f} MB: {heavy}"


def test_a_chapter_loads_its_figures_as_the_reader_scrolls_to_them(visits):
    chapters = {page: record for page, record in visits.items() if page.startswith("chapters/")}
    assert all(record["images"] for record in chapters.values())
    for page_path, record in chapters.items():
        assert record["lazy_images"] == len(record["images"]), page_path


def test_a_chapter_loads_its_text_before_its_explorers_data(visits):
    """Until the reader scrolls to an explorer, neither plotly.js nor the explorer's
    data is fetched: a slow connection brings the text first."""
    for page_path, record in visits.items():
        if not record["explorers"]:
            continue
        before = record["requests"][: record["requests_before_explorers"]]
        assert not [url for url in before if "plotly" in url or "/explorers/" in url], (page_path, before)
        after = record["requests"][record["requests_before_explorers"] :]
        assert any("plotly" in url for url in after) and any("/_static/explorers/" in url for url in after)
        assert record["total_bytes"] > record["text_bytes"]


def test_plotly_is_fetched_once_and_then_cached(site, server, browser):
    context, page, first = visit(browser, server, "chapters/01-perceptron.html")
    start_explorers(page)
    plotly_bytes, _ = transferred(
        {"request_objects": [r for r in first["request_objects"] if "plotly" in r.url]}
    )
    page.close()
    page_two, second = visit(browser, server, "chapters/02-activation-functions.html", context=context)[1:]
    start_explorers(page_two)
    again, _ = transferred({"request_objects": [r for r in second["request_objects"] if "plotly" in r.url]})
    context.close()
    # 1.5 MB as a file, about 0.5 MB gzip-compressed; then a 304 at most
    assert plotly_bytes > 300_000 and again < 10_000, (plotly_bytes, again)


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


def test_every_formula_carries_mathml_for_assistive_technology(visits):
    """MathJax's assistive-mml extension (in the vendored tex-chtml.js, on by
    default) puts a hidden MathML copy of each formula beside what it draws:
    screen readers read the MathML."""
    assert sum(record["math"] for record in visits.values()) > 100
    for page_path, record in visits.items():
        assert record["math_without_mathml"] == 0, f"{page_path}: formulas without MathML"


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
        links = page.locator('p.chapter-downloads a[download][href$=".ipynb"]')
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
        load_every_image(page)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        page.screenshot(path=screenshot_name(page_path, "phone"), full_page=True)
        context.close()
        assert overflow <= 1, f"{page_path}: the page is {overflow}px wider than a phone screen"


def test_dark_mode_keeps_figures_on_a_white_card(dark_visits):
    for page_path, record in dark_visits.items():
        if page_path.startswith("chapters/"):
            backgrounds = record["backgrounds"]
            assert backgrounds and all(color == "rgb(255, 255, 255)" for color in backgrounds), page_path


def test_every_explorer_control_works_from_the_keyboard(site, server, browser):
    """Tab reaches each control in turn; an arrow key moves it; the control has a
    name from its <label>; the caption (a polite live region, which also names the
    figure) then says the new value and what the figure shows."""
    checked = 0
    for page_path in pages(site):
        if 'class="nncourse-explorer"' not in (site / page_path).read_text(encoding="utf-8"):
            continue
        context, page, _ = visit(browser, server, page_path)
        start_explorers(page)
        for explorer in page.locator(".nncourse-explorer").all():
            caption = explorer.locator(".nncourse-explorer-caption")
            assert caption.get_attribute("aria-live") == "polite", page_path
            plot = explorer.locator(".nncourse-explorer-plot")
            assert plot.get_attribute("role") == "img", page_path
            assert plot.get_attribute("aria-labelledby") == caption.get_attribute("id"), page_path
            # start the Tab order just before the explorer's controls
            explorer.evaluate("e => { e.tabIndex = -1; e.focus(); e.removeAttribute('tabindex'); }")
            for control in explorer.locator("[data-control]").all():
                page.keyboard.press("Tab")
                assert control.evaluate("e => e === document.activeElement"), (
                    f"{page_path}: Tab does not reach {control.get_attribute('data-control')}"
                )
                name = control.evaluate("e => e.labels.length === 1 ? e.labels[0].textContent : ''")
                role = "combobox" if control.evaluate("e => e.tagName") == "SELECT" else "slider"
                assert name.strip() and explorer.get_by_role(role, name=name, exact=True).count() == 1, (
                    f"{page_path}: {control.get_attribute('data-control')} has no accessible name of its own"
                )
                before, said = explorer.get_attribute("data-state"), caption.text_content()
                if role == "slider":
                    at_end = control.input_value() == control.get_attribute("max")
                    page.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
                    value = control.get_attribute("aria-valuetext")
                else:
                    at_end = control.evaluate("e => e.selectedIndex === e.options.length - 1")
                    page.keyboard.press("ArrowUp" if at_end else "ArrowDown")
                    value = control.evaluate("e => e.options[e.selectedIndex].textContent")
                page.wait_for_timeout(50)
                assert explorer.get_attribute("data-state") != before, (
                    f"{page_path}: an arrow key does not move {name}"
                )
                now = caption.text_content()
                assert now != said and f"{name} = {value}" in now, (page_path, said, now)
                checked += 1
        context.close()
    assert checked > 0


def pdf_text():
    return subprocess.run(
        ["pdftotext", "-layout", str(PDF), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_pdf_holds_every_chapter_and_then_the_solutions(site):
    """make book builds the PDF (make pdf) first. Each chapter's title is in it, in
    order, then the appendix of solutions, with every exercise's solution."""
    assert PDF.exists() and PDF.read_bytes()[:5] == b"%PDF-"
    text = pdf_text()
    body = text[text.index("Neural Networks from Scratch") :]
    titles = [
        re.search(r"^# (.+)$", path.read_text(encoding="utf-8"), re.M).group(1)
        for path in sorted((ROOT / "chapters").glob("*.md"))
    ]
    position = 0
    # the contents list the titles once; the chapters themselves come after it
    contents_end = body.index("Solutions")
    for title in titles:
        found = body.find(title, contents_end)
        assert found > position, f"chapter {title!r} missing or out of order in the PDF"
        position = found
    # the appendix's title page, as LaTeX sets it: "APPENDIX A", then "SOLUTIONS"
    heading = re.search(r"APPENDIX\s+A\s+SOLUTIONS", body[position:])
    assert heading, "no appendix of solutions after the last chapter"
    appendix = position + heading.start()
    solutions = sum(
        path.read_text(encoding="utf-8").count("{solution-start}")
        for path in (ROOT / "chapters").glob("*.md")
    )
    assert body[appendix:].count("Solution to Exercise") == solutions
    assert body[:appendix].count("The solution is in the appendix, on page") == solutions


def test_the_pdf_shows_each_explorer_as_a_figure(site):
    text = " ".join(pdf_text().split())
    chapters = len(list((ROOT / "chapters").glob("*.md")))
    explorers = sum(
        len(re.findall(r"^\w+_explorer\(", path.read_text(encoding="utf-8"), re.M))
        for path in (ROOT / "chapters").glob("*.md")
    )
    assert explorers >= chapters
    assert text.count("The explorer at its first setting") == explorers
    images = subprocess.run(["pdfimages", "-list", str(PDF)], capture_output=True, text=True, check=True)
    assert len(images.stdout.splitlines()) - 2 >= chapters


def test_the_site_offers_the_pdf_for_download(site, server, browser):
    for page_path in ("intro.html", "chapters/01-perceptron.html"):
        context, page, _ = visit(browser, server, page_path)
        link = page.locator("p.chapter-downloads a[download]", has_text="PDF")
        assert link.count() == 1, page_path
        with page.expect_download() as download:
            link.click()
        assert Path(download.value.path()).read_bytes() == PDF.read_bytes(), page_path
        context.close()
