"""Offer each chapter page's notebook and student notebook, and the whole book
as a PDF, for download.

``make book`` writes ``notebooks/<chapter>.ipynb`` (the chapter as a notebook),
``student/<chapter>.ipynb`` (without solutions) and the PDF (``make pdf``)
before Sphinx builds the site. This extension puts the download links under
each chapter's title, and the PDF's under the title of the book's first page;
Sphinx copies the files into the site and marks the links ``download``, so a
browser saves the file instead of showing its JSON. The PDF itself has no
download links (it is built first, and would point to itself).
"""

from docutils import nodes
from sphinx import addnodes

DOWNLOADS = [
    ("the notebook", "/notebooks/{stem}.ipynb"),
    ("the student notebook (exercises without solutions)", "/student/{stem}.ipynb"),
]
#: the PDF of the whole book, as make pdf writes it (see the Makefile)
PDF = "/_build/pdf/neural-networks-from-scratch.pdf"
PDF_LABEL = "the whole book as a PDF (solutions in an appendix)"


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
    if app.builder.format != "html":
        return
    if docname == app.config.root_doc:
        paragraph = nodes.paragraph(classes=["chapter-downloads"])
        paragraph += [nodes.Text("Download "), download_link(docname, PDF, PDF_LABEL), nodes.Text(".")]
    elif docname.startswith("chapters/"):
        paragraph = nodes.paragraph(classes=["chapter-downloads"])
        paragraph += nodes.Text("Download this chapter as ")
        for index, reference in enumerate(download_links(docname)):
            if index:
                paragraph += nodes.Text(" or as ")
            paragraph += reference
        paragraph += [nodes.Text(", or "), download_link(docname, PDF, PDF_LABEL), nodes.Text(".")]
    else:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None:
        section.insert(1, paragraph)  # just under the title


def setup(app):
    # before Sphinx's own collector (priority 500) copies the files download links point to
    app.connect("doctree-read", add_download_links, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
