"""Fixes for what axe-core finds on the theme's and extensions' own markup (WCAG 2.1 AA).

The site's tests run axe-core on every page in light and dark mode
(tests/test_site.py). What it found outside the chapters' content is fixed here:

- Two of the theme's components named buttons with words they do not show
  (WCAG 2.5.3, Label in Name); ``templates/`` holds our versions, which take
  the place of the theme's files of the same name: the search field
  shows "Search Ctrl+K" but was named "Search"; the color-mode button's icons
  carried titles ("Light", ...) that its name, "Color mode", does not hold.
- The bibliography's entries had the ARIA role ``doc-biblioentry``, which
  ARIA has deprecated, inside a ``role="list"`` that then had no list item:
  they become ``listitem`` (what DPUB-ARIA 1.1 says to use instead).
- A hidden code cell's toggle (myst-nb) was named "Toggle hidden content"
  while it shows "Show code cell source": it is named by what it shows.

Colors (links, the code highlighting, the explorers' card) are in
``_assets/course.css``.
"""

import re
from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates"

BODY_FIXES = [
    (re.compile(r'role="doc-biblioentry"'), 'role="listitem"'),
    (re.compile(r'<summary aria-label="Toggle hidden content">'), "<summary>"),
]


def add_templates(app, config):
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def fix_body(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body:
        for pattern, replacement in BODY_FIXES:
            body = pattern.sub(replacement, body)
        context["body"] = body


def setup(app):
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", fix_body)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
