"""One interactive explorer per chapter, each a function that returns an ``Explorer``.

Call one as the last line of a notebook cell to show it::

    from nnlib.explorers import perceptron_explorer
    perceptron_explorer()

In Jupyter the controls are live ipywidgets; on the course website the same
output is an interactive plotly figure that needs no kernel (see ``base``).
Needs ipywidgets (live view) and, in the browser, plotly.js:
``pip install nnlib[widgets]``.
"""

from .base import Dropdown, Explorer, Slider
from .perceptron import perceptron_explorer

#: chapter file name (without .md) -> the explorers it shows
EXPLORERS = {
    "01-perceptron": [perceptron_explorer],
}

__all__ = ["EXPLORERS", "Dropdown", "Explorer", "Slider", "perceptron_explorer"]
