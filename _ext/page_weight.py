"""A chapter's text before its figures: every image in a page's body loads lazily.

A chapter holds up to a dozen figures (PNG, 100-270 KB each); the browser fetched
them all on first load, before the reader had scrolled to any. With
``loading="lazy"`` it fetches each image as it nears the screen, so a reader on a
slow connection gets the text first, and no page transfers more than about 3 MB
on its first load (tests/test_site.py measures it). The explorers defer their own
data and plotly.js the same way (nncourse/explorers/static/nncourse-explorer.js).
"""

import re

# an <img> that does not say how it loads already
IMAGE = re.compile(r"<img(?![^>]*\bloading=)")


def load_images_lazily(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body:
        context["body"] = IMAGE.sub('<img loading="lazy" decoding="async"', body)


def setup(app):
    app.connect("html-page-context", load_images_lazily)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
