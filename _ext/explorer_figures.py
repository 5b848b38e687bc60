"""The explorers on the website and in the PDF.

An explorer's output in a chapter is a block of HTML that holds its spec:
every state of its figure, computed when the chapter ran (see
``nncourse/explorers/base.py``), often hundreds of kilobytes.

- On the website the spec leaves the page for a JSON file of its own,
  ``_static/explorers/<hash>.json`` (named by its content, so a new spec is a
  new name and no cache serves an old one). The page keeps the explorer's
  place, its caption and a ``data-spec`` link; the explorers' script fetches
  the file when the explorer nears the screen. A reader on a slow connection
  gets the chapter's text first.
- In the PDF the explorer is a figure of its default state, drawn by
  plotly.js itself (``Plotly.toImage``) in Debian's Chromium, driven by
  Playwright as in the site's tests: the same script, fonts and colors as
  the website, nothing downloaded (kaleido would need a browser of its own or
  a second way of finding this one). Its caption says what it shows, as the
  website's caption does. The images are cached by content in the LaTeX
  build's folder, so a rebuild draws only what changed.

This runs before myst-nb picks one output format per builder (its
``SelectMimeType`` post-transform, priority 4).
"""

import base64
import hashlib
import html
import json
import posixpath
import re
import threading
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

CHROMIUM = "/usr/bin/chromium"
PLOTLY = "plotly-cartesian.min.js"  # copied into _vendor by the Makefile
SPEC = re.compile(r'<script type="application/json" class="nncourse-explorer-spec">(.*?)</script>\n?', re.S)
CAPTION = re.compile(r'<p class="nncourse-explorer-caption"[^>]*>(.*?)</p>', re.S)
IMAGE_WIDTH = 760  # CSS pixels, drawn at twice that: about the text width of the PDF at 200 dpi


def explorer_html(bundle):
    """The raw HTML node of an explorer in a mime bundle of myst-nb, or None."""
    for container in bundle.children:
        if container.get("mime_type") != "text/html":
            continue
        for raw in container.findall(nodes.raw):
            if 'class="nncourse-explorer-spec"' in raw.astext():
                return raw
    return None


def spec_name(spec_json):
    return hashlib.sha256(spec_json.encode()).hexdigest()[:16]


class ExplorerFigures(SphinxPostTransform):
    default_priority = 3  # before myst-nb's SelectMimeType (4)

    def run(self, **kwargs):
        bundles = [
            node
            for node in self.document.findall(nodes.container)
            if node.get("nb_element") == "mime_bundle" and explorer_html(node) is not None
        ]
        for bundle in bundles:
            raw = explorer_html(bundle)
            if self.app.builder.format == "html":
                self.move_spec_to_a_file(raw)
            elif self.app.builder.format == "latex":
                bundle.replace_self(self.static_figure(raw))

    def move_spec_to_a_file(self, raw):
        text = raw.astext()
        spec_json = SPEC.search(text).group(1).replace("<\\/", "</")
        name = f"{spec_name(spec_json)}.json"
        target = Path(self.app.builder.outdir) / "_static" / "explorers" / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(spec_json, encoding="utf-8")
        page = self.app.builder.get_target_uri(self.env.docname)
        link = posixpath.relpath(f"_static/explorers/{name}", posixpath.dirname(page) or ".")
        text = SPEC.sub("", text).replace(
            '<div class="nncourse-explorer"', f'<div class="nncourse-explorer" data-spec="{link}"', 1
        )
        raw.replace_self(nodes.raw("", text, format="html"))

    def static_figure(self, raw):
        text = raw.astext()
        spec_json = SPEC.search(text).group(1).replace("<\\/", "</")
        caption = html.unescape(CAPTION.search(text).group(1))
        name = f"explorer-{spec_name(spec_json)}.png"
        target = Path(self.app.builder.outdir) / name
        if not target.exists():
            data, layout = default_state(json.loads(spec_json))
            target.write_bytes(render_png(data, layout, plotly_js(self.app)))
        figure = nodes.figure(classes=["nncourse-explorer-figure"])
        figure += nodes.image(uri=name, candidates={"*": name}, alt=caption, width="100%")
        text = f"The explorer at its first setting ({caption}). On the website its controls move."
        figure += nodes.caption("", nodes.Text(text))
        return figure


def default_state(spec):
    """The traces and layout of the state the controls start at, as the page's script finds them."""
    k = 0
    for control in spec["controls"]:
        k = k * len(control["labels"]) + control["default"]
    state = spec["states"][k]
    return [spec["pool"][i] for i in state["data"]], spec["pool"][state["layout"]]


def plotly_js(app):
    for folder in app.config.html_static_path:
        path = Path(app.srcdir) / folder / PLOTLY
        if path.exists():
            return path
    raise FileNotFoundError(f"{PLOTLY} is in none of html_static_path: run `make vendor` first")


def render_png(data, layout, plotly_path):
    """A PNG of one plotly figure, drawn in Chromium (in a thread of its own, where
    Playwright's synchronous API finds no event loop running)."""
    result = {}

    def draw():
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
                )
                page = browser.new_page()
                page.set_content("<!doctype html><html><body><div id='plot'></div></body></html>")
                page.add_script_tag(path=str(plotly_path))
                url = page.evaluate(
                    """async ([data, layout, width]) => {
                        const plot = document.getElementById('plot');
                        await Plotly.newPlot(plot, data, {...layout, width: width}, {staticPlot: true});
                        return Plotly.toImage(plot, {format: 'png', width: width,
                                                     height: layout.height || 450, scale: 2});
                    }""",
                    [data, layout, IMAGE_WIDTH],
                )
                browser.close()
            result["png"] = base64.b64decode(url.split(",", 1)[1])
        except Exception as error:  # reported in the build's thread below
            result["error"] = error

    thread = threading.Thread(target=draw)
    thread.start()
    thread.join()
    if "error" in result:
        raise RuntimeError(f"could not draw an explorer's figure in {CHROMIUM}: {result['error']}")
    return result["png"]


def setup(app):
    app.add_post_transform(ExplorerFigures)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
