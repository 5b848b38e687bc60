r"""Chapter 9's explorer: one hidden layer approximating a function as it grows wider.

Pick a target function on [-2, 2] and a number of hidden units; the figure
shows the target and a 1-N-1 tanh network trained on it, and, if asked, the
term $v_j \tanh(w_j x + b_j)$ each hidden unit adds to the output.

Every network is really trained, with the recipe of
``nnlib.approximation.fit_one_hidden_layer`` (full-batch Adam, 2000 steps on
201 points, seed 0): 4 targets times 7 widths, 28 trainings of a second or
less each, done once per session (``fitted_weights`` caches them) when the
page is built. No closed-form shortcut is used, so what you see is what
gradient descent found, including where it fell short of what the network
could represent.
"""

import numpy as np

from nnlib.approximation import (
    DOMAIN,
    TARGETS,
    domain_grid,
    fitted_weights,
    one_hidden_layer,
    unit_contributions,
)
from nnlib.figure_style import INK

from .base import Dropdown, Explorer, Slider

WIDTHS = (1, 2, 4, 8, 16, 32, 64)
TARGET_COLOR, FIT_COLOR, UNIT_COLOR = "#555555", "#0072B2", "#E69F00"
Y_RANGE = (-1.7, 2.6)
CONTRIBUTION_POINTS = 81  # a coarser grid for the thin per-unit curves keeps the page small


def trained_network(target, units):
    """The 1-``units``-1 network trained on ``target`` (from the session's cache)."""
    model = one_hidden_layer(units)
    model.set_weights(fitted_weights(target, units))
    return model


def approximation_figure(target="sine", units=8, contributions=False):
    """The target, the trained network's output and optionally each unit's contribution."""
    units = int(units)
    label, function = TARGETS[target]
    model = trained_network(target, units)
    x = domain_grid()
    y, y_hat = function(x)[:, 0], model.predict(x)[:, 0]
    mse, largest = float(np.mean((y_hat - y) ** 2)), float(np.max(np.abs(y_hat - y)))

    unit_x, unit_y = [None], [None]
    if contributions:
        coarse = domain_grid(CONTRIBUTION_POINTS)
        terms = unit_contributions(model, coarse)
        unit_x = np.tile(np.append(coarse[:, 0], np.nan), units)
        unit_y = np.concatenate([np.append(column, np.nan) for column in terms.T])
    n_weights = model.count_params()
    summary = (
        f"{units} hidden unit{'s' if units > 1 else ''}, {n_weights} weights: "
        f"mean squared error {mse:.2g}, largest error {largest:.2f}"
    )
    data = [
        {
            "type": "scatter",
            "x": unit_x,
            "y": unit_y,
            "mode": "lines",
            "name": "each unit's term",
            "line": {"color": UNIT_COLOR, "width": 1},
            "opacity": 0.8,
            "hoverinfo": "skip",
            "showlegend": bool(contributions),
        },
        {
            "type": "scatter",
            "x": x[:, 0],
            "y": y,
            "mode": "lines",
            "name": f"target {label}",
            "line": {"color": TARGET_COLOR, "width": 2.5, "dash": "dash"},
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "x": x[:, 0],
            "y": y_hat,
            "mode": "lines",
            "name": "network",
            "line": {"color": FIT_COLOR, "width": 3},
            "hovertemplate": "x %{x:.2f}<br>output %{y:.3f}<extra></extra>",
        },
        {
            "type": "scatter",
            "x": [DOMAIN[0] + 0.05],
            "y": [Y_RANGE[1] - 0.2],
            "mode": "text",
            "text": [summary],
            "textposition": "middle right",
            "textfont": {"size": 14, "color": INK},
            "hoverinfo": "skip",
            "showlegend": False,
        },
    ]
    layout = {
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": {"color": INK},
        "height": 440,
        "margin": {"l": 55, "r": 20, "t": 40, "b": 50},
        "title": {
            "text": "One hidden layer of tanh units, trained by gradient descent",
            "font": {"size": 14},
        },
        "legend": {"orientation": "h", "x": 0, "y": -0.16, "bgcolor": "rgba(255,255,255,0.8)"},
        "xaxis": {"title": {"text": "x"}, "range": list(DOMAIN), "gridcolor": "#E5E5E5", "zeroline": False},
        "yaxis": {
            "title": {"text": "output"},
            "range": list(Y_RANGE),
            "gridcolor": "#E5E5E5",
            "zeroline": False,
        },
    }
    description = f"{label}: {summary}" + ("; each unit's term shown" if contributions else "")
    return {"data": data, "layout": layout, "description": description}


def approximation_explorer():
    """A target function and a number of hidden units: watch one hidden layer approximate it."""
    return Explorer(
        controls=[
            Dropdown(
                "target", "target", [(f"{name}: {label}", name) for name, (label, _) in TARGETS.items()]
            ),
            Slider("units", "hidden units", WIDTHS, default=4, format="{:.0f}"),
            Dropdown("contributions", "each unit's term", [("hidden", False), ("shown", True)]),
        ],
        figure=approximation_figure,
        height=460,
    )
