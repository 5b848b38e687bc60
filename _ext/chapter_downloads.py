"""Offer each chapter page's notebook and student notebook for download.

``make book`` writes ``notebooks/<chapter>.ipynb`` (the chapter as a notebook)
and ``student/<chapter>.ipynb`` (without solutions) before Sphinx runs. This
extension puts two download links under each chapter's title; Sphinx copies
the files into the site and marks the links ``download``, so a browser saves
the file instead of showing its JSON.
"""

from docutils import nodes
from sphinx import addnodes

DOWNLOADS = [
    ("the notebook", "/notebooks/{stem}.ipynb"),
    ("the student notebook (exercises without solutions)", "/student/{stem}.ipynb"),
]


def download_link(docname, target, label):
    """A link that downloads ``target`` (a path from the source root), as Sphinx's {download} role makes."""
    reference = addnodes.download_reference(
        "",
        "",
        reftarget=target,
        refdoc=docname,
        refexplicit=True,
        refdomain="",
        reftype="download",
    )
    reference += nodes.inline(label, label)
    return reference


def download_links(docname, labels=None):
    """``[link to the notebook, link to the student notebook]`` of the chapter ``docname``."""
    stem = docname.split("/")[-1]
    labels = labels or [label for label, _ in DOWNLOADS]
    return [
        download_link(docname, target.format(stem=stem), label)
        for label, (_, target) in zip(labels, DOWNLOADS)
    ]


def add_download_links(app, doctree):
    docname = app.env.docname
    if not docname.startswith("chapters/"):
        return
    paragraph = nodes.paragraph(classes=["chapter-downloads"])
    paragraph += nodes.Text("Download this chapter as ")
    for index, reference in enumerate(download_links(docname)):
        if index:
            paragraph += nodes.Text(" or as ")
        paragraph += reference
    paragraph += nodes.Text(".")
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None:
        section.insert(1, paragraph)  # just under the title


def setup(app):
    # before Sphinx's own collector (priority 500) copies the files download links point to
    app.connect("doctree-read", add_download_links, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
