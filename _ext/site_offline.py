"""Keep the website self-contained and its console clean.

- Jupyter Book always loads sphinx-thebe, which writes a configuration script
  naming unpkg.com (twice, which also raises a console error), although
  launch buttons are off. Its scripts and style are dropped from every page.
- The theme needs a default color mode, or its script logs an error on the
  first visit.
"""


def _is_thebe(asset):
    return "thebe" in str(asset).lower() or "THEBE" in getattr(asset, "attributes", {}).get("body", "")


def drop_thebe(app, pagename, templatename, context, doctree):
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not _is_thebe(asset)]


def set_default_mode(app, config):
    config.html_context = {**config.html_context, "default_mode": "auto"}


def setup(app):
    app.connect("config-inited", set_default_mode)
    app.connect("html-page-context", drop_thebe)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
