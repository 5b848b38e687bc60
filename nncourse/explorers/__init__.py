"""One interactive explorer per chapter, each a function that returns an ``Explorer``.

Call one as the last line of a notebook cell to show it::

    from nncourse.explorers import perceptron_explorer
    perceptron_explorer()

In Jupyter the controls are live ipywidgets; on the course website the same
output is an interactive plotly figure that needs no kernel (see ``base``).
Needs ipywidgets (live view) and, in the browser, plotly.js:
installed with nncourse.
"""

from .activations import activation_explorer
from .approximation import approximation_explorer
from .architecture import architecture_explorer
from .backprop import backprop_explorer
from .backprop_steps import backprop_steps_explorer
from .base import Dropdown, Explorer, Slider
from .bumps import bump_explorer
from .initialization import initialization_explorer
from .optimizers import optimizer_explorer
from .perceptron import perceptron_explorer, perceptron_rule_explorer
from .practice import mlp_explorer
from .regularization import regularization_explorer

#: chapter file name (without .md) -> the explorers it shows
EXPLORERS = {
    "01-perceptron": [perceptron_rule_explorer, perceptron_explorer],
    "02-activation-functions": [activation_explorer],
    "03-forward-propagation": [architecture_explorer],
    "04-backpropagation": [backprop_explorer, backprop_steps_explorer],
    "05-gradient-descent": [optimizer_explorer],
    "06-initialization": [initialization_explorer],
    "07-regularization": [regularization_explorer],
    "08-mlps-in-practice": [mlp_explorer],
    "09-beyond-the-mlp": [approximation_explorer, bump_explorer],
}

__all__ = [
    "EXPLORERS",
    "Dropdown",
    "Explorer",
    "Slider",
    "perceptron_explorer",
    "perceptron_rule_explorer",
    "activation_explorer",
    "architecture_explorer",
    "backprop_explorer",
    "backprop_steps_explorer",
    "optimizer_explorer",
    "initialization_explorer",
    "regularization_explorer",
    "mlp_explorer",
    "approximation_explorer",
    "bump_explorer",
]
