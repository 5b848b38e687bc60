"""The PDF's LaTeX set-up, on top of sphinx-jupyterbook-latex's.

sphinx-jupyterbook-latex (which Jupyter Book's pdflatex builder loads) turns
the table of contents' captions into parts, runs XeLaTeX, for Unicode, and
sets its own document class, ``jupyterBook.cls``. That class loads the
``bbm`` package for blackboard-bold macros (``\\RR``, ``\\NN``, ...) that the
book never uses; ``bbm`` is only in Debian's texlive-fonts-extra, about 1 GB.
So the LaTeX build gets a stand-in ``bbm.sty`` beside the book, which gives
``\\mathbbm`` as amssymb's ``\\mathbb``, and the PDF needs only the smaller
TeX Live packages the Makefile installs.

Two more settings: code and its output are set in DejaVu Sans Mono, which has
the check marks (✓, ✗) the exercise checks print, where Sphinx's FreeMono
has not; and the index is sorted by makeindex, which TeX Live has, not by
xindy, a package of its own.
"""

from pathlib import Path

from sphinx.builders.latex import LaTeXBuilder
from sphinx.builders.latex.constants import XELATEX_DEFAULT_FONTPKG

BBM_STAND_IN = r"""\NeedsTeXFormat{LaTeX2e}
\ProvidesPackage{bbm}[2026/01/01 stand-in: mathbbm as amssymb's mathbb (see _ext/latex_book.py)]
\RequirePackage{amssymb}
\newcommand{\mathbbm}{\mathbb}
"""


MONO = "\\setmonofont{FreeMono}["


def latex_settings(app, config):
    fonts = XELATEX_DEFAULT_FONTPKG[: XELATEX_DEFAULT_FONTPKG.index(MONO)]
    fonts += "\\setmonofont{DejaVu Sans Mono}[Scale=MatchLowercase]\n"
    config.latex_elements = {**config.latex_elements, "fontpkg": fonts}
    config.latex_use_xindy = False


def write_bbm_stand_in(app):
    if isinstance(app.builder, LaTeXBuilder):
        Path(app.outdir).mkdir(parents=True, exist_ok=True)
        (Path(app.outdir) / "bbm.sty").write_text(BBM_STAND_IN)


def setup(app):
    app.connect("config-inited", latex_settings)
    app.connect("builder-inited", write_bbm_stand_in)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
