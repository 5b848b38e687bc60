r"""Chapter 2's explorer: an activation function $f(z)$ and its slope $f'(z)$, together.

Pick a function and how wide a range of $z$ to look at; for Leaky ReLU and
ELU also pick $\alpha$. The top panel draws $f(z)$, grayed where the
function is *saturated*: where $|f'(z)| < 0.01$, so that almost no gradient
passes through it. The bottom panel draws $f'(z)$. Three lines of text give
the formula, the range of outputs, the largest slope, and the share of the
range shown that is saturated.

The functions and their derivatives are nnlib's own (``nnlib.activations``),
so the explorer draws exactly what the library computes.
"""

import numpy as np

from nnlib import activations
from nnlib.figure_style import INK

from .base import Dropdown, Explorer, Slider, plain_text

SATURATED = 0.01  # |f'(z)| below this counts as saturated
N_POINTS = 121  # samples of z across the range (odd, so that z = 0 is one of them)
F_COLOR, SLOPE_COLOR, SATURATED_COLOR = "#0072B2", "#D55E00", "#AAAAAA"
GRID = "#E5E5E5"
HEIGHT = 440

#: the dropdown's choices: (label, key)
FUNCTIONS = [
    ("sigmoid", "sigmoid"),
    ("tanh", "tanh"),
    ("ReLU", "relu"),
    ("Leaky ReLU", "leaky_relu"),
    ("ELU", "elu"),
    ("identity", "identity"),
    ("step", "step"),
]

#: each function's formula and range of outputs, for the text line
DESCRIPTIONS = {
    "sigmoid": ("\u03c3(z) = 1 / (1 + e<sup>\u2212z</sup>)", "outputs in (0, 1)"),
    "tanh": ("tanh(z)", "outputs in (\u22121, 1)"),
    "relu": ("max(0, z)", "outputs in [0, \u221e)"),
    "leaky_relu": ("z if z > 0, else \u03b1z", "outputs in (\u2212\u221e, \u221e)"),
    "elu": ("z if z > 0, else \u03b1(e<sup>z</sup> \u2212 1)", "outputs in (\u2212\u03b1, \u221e)"),
    "identity": ("z", "outputs in (\u2212\u221e, \u221e)"),
    "step": ("1 if z \u2265 0, else 0", "outputs 0 or 1"),
}

USES_ALPHA = {"leaky_relu", "elu"}


def activation_for(function, alpha):
    """nnlib's activation object for a dropdown key (``alpha`` is used by Leaky ReLU and ELU)."""
    if function == "leaky_relu":
        return activations.LeakyReLU(alpha=alpha)
    if function == "elu":
        return activations.ELU(alpha=alpha)
    return activations.get(function)


def saturated_share(slope):
    """The fraction of the points where ``|slope| < SATURATED``."""
    return float(np.mean(np.abs(slope) < SATURATED))


def activation_figure(function="elu", z_max=10.0, alpha=1.0):
    """$f$ (top, grayed where saturated) and $f'$ (bottom) on $[-z_{max}, z_{max}]$."""
    activation = activation_for(function, alpha)
    z = np.linspace(-z_max, z_max, N_POINTS)
    a = activation.forward(z)
    slope = activation.derivative(z)
    saturated = np.abs(slope) < SATURATED
    shape = "hv" if function == "step" else "linear"  # a jump, not a steep ramp
    spacing = {"x0": -z_max, "dx": z[1] - z[0]}  # evenly spaced z: no x array to store

    formula, outputs = DESCRIPTIONS[function]
    if function in USES_ALPHA and alpha == 0:  # no slope below 0: ReLU, in effect
        outputs = DESCRIPTIONS["relu"][1]
    name = dict((key, label) for label, key in FUNCTIONS)[function]
    if function in USES_ALPHA:
        name += f", \u03b1 = {alpha:g}"
    text = (
        f"<b>{name}</b>: {formula}<br>"
        f"{outputs}; largest slope f\u2032 = {np.max(slope):.3g}<br>"
        f"saturated (gray, |f\u2032| < {SATURATED:g}) on {saturated_share(slope):.0%} of the range"
    )

    data = [
        {
            "type": "scatter",
            "mode": "lines",
            **spacing,
            "y": a,
            "xaxis": "x",
            "yaxis": "y",
            "line": {"color": F_COLOR, "width": 3, "shape": shape},
            "name": "f(z)",
            "hovertemplate": "z = %{x:.2f}<br>f(z) = %{y:.3g}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "lines",
            **spacing,
            "y": np.where(saturated, a, None),
            "xaxis": "x",
            "yaxis": "y",
            "connectgaps": False,
            "line": {"color": SATURATED_COLOR, "width": 6, "shape": shape},
            "name": "saturated",
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "mode": "lines",
            **spacing,
            "y": slope,
            "xaxis": "x2",
            "yaxis": "y2",
            "line": {"color": SLOPE_COLOR, "width": 3, "shape": shape},
            "name": "f\u2032(z)",
            "hovertemplate": "z = %{x:.2f}<br>f\u2032(z) = %{y:.3g}<extra></extra>",
        },
        {
            "type": "scatter",
            "mode": "text",
            "x": [0],
            "y": [0.5],
            "xaxis": "x3",
            "yaxis": "y3",
            "text": [text],
            "textposition": "middle right",
            "textfont": {"size": 13, "color": INK},
            "hoverinfo": "skip",
        },
    ]
    axis = {"gridcolor": GRID, "zerolinecolor": "#BBBBBB", "automargin": True}
    layout = {
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": {"color": INK},
        "showlegend": False,
        "height": HEIGHT,
        "margin": {"l": 55, "r": 15, "t": 10, "b": 45},
        "xaxis": {**axis, "domain": [0, 1], "anchor": "y", "matches": "x2", "showticklabels": False},
        "yaxis": {**axis, "domain": [0.45, 0.8], "title": {"text": "f(z)"}},
        "xaxis2": {**axis, "domain": [0, 1], "anchor": "y2", "title": {"text": "z"}},
        "yaxis2": {**axis, "domain": [0, 0.37], "title": {"text": "f\u2032(z)"}},
        "xaxis3": {"domain": [0, 1], "anchor": "y3", "range": [0, 1], "visible": False, "fixedrange": True},
        "yaxis3": {"domain": [0.83, 1], "range": [0, 1], "visible": False, "fixedrange": True},
    }
    return {"data": data, "layout": layout, "description": plain_text(text)}


def activation_explorer():
    """Pick an activation function, a range of z and (for Leaky ReLU and ELU) alpha; see f and f'."""
    return Explorer(
        controls=[
            Dropdown("function", "function", FUNCTIONS, default="elu"),
            Slider("z_max", "range of z: \u00b1", [2, 5, 10, 20], default=10),
            Slider("alpha", "\u03b1 (Leaky ReLU, ELU)", [0, 0.01, 0.05, 0.1, 0.2, 0.5, 1, 2], default=1),
        ],
        figure=activation_figure,
        height=HEIGHT,
    )
