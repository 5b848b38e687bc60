r"""Chapter 5's explorer: an optimizer and its learning rate, on a loss surface of two weights.

The left panel is a contour map of the loss, darker where it is lower, with
the path of ``STEPS`` updates from the surface's starting point. The right
panel is the excess loss at each step, the loss minus the lowest loss of
the surface, on a log scale: a straight falling line is steady (linear) convergence, a flat
line above zero is a stop in a local minimum or a crawl.

The paths come from nnlib's own optimizers (``nnlib.loss_surfaces.descend``),
so they are the steps training would take with the same settings.

Both contour maps are drawn in every state, each on its own pair of axes
laid over the other; the layout of a surface puts the other one's axes out
of view. So each contour map is stored once in the page, not once per state.
"""

from functools import cache

import numpy as np

from nnlib.figure_style import INK
from nnlib.loss_surfaces import SURFACES, descend
from nnlib.optimizers import SGD, Adam, RMSprop

from .base import Dropdown, Explorer, Slider

STEPS = 200
LEARNING_RATES = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)

#: dropdown label -> a function of the learning rate that makes the optimizer
OPTIMIZERS = {
    "SGD": lambda learning_rate: SGD(learning_rate),
    "momentum (0.9)": lambda learning_rate: SGD(learning_rate, momentum=0.9),
    "Nesterov (0.9)": lambda learning_rate: SGD(learning_rate, momentum=0.9, nesterov=True),
    "RMSprop": lambda learning_rate: RMSprop(learning_rate),
    "Adam": lambda learning_rate: Adam(learning_rate),
}

PATH, START, MINIMUM = "#D55E00", INK, "#009E73"  # Okabe-Ito vermillion, ink, green
CONTOUR_SCALE = [[0.0, "#2B6A9E"], [0.35, "#7FB2D9"], [0.7, "#D3E5F3"], [1.0, "#FFFFFF"]]
GAP_RANGE = (-8, 2)  # log10 of the loss above the lowest loss, as shown
FLOOR = 10.0 ** (GAP_RANGE[0] - 1)  # a gap of 0 is drawn here, below the axis
AXES = {"bowl": ("x", "y"), "valleys": ("x2", "y2")}
OUT_OF_VIEW = [1e5, 1e5 + 1]  # an axis range that shows nothing of a surface
PANEL_TOP = 0.76  # the panels fill the figure up to here; the text sits above


@cache
def path_of(surface, optimizer, learning_rate):
    """The path of ``STEPS`` updates (an array ``(n, 2)``, n <= STEPS + 1) and its losses."""
    chosen = SURFACES[surface]
    with np.errstate(over="ignore", invalid="ignore"):
        path = descend(OPTIMIZERS[optimizer](learning_rate), chosen, steps=STEPS)
        losses = chosen(path)
    return path, losses


def contour_trace(surface):
    """The contour map of one surface on its own axes, the same in every state."""
    chosen = SURFACES[surface]
    w1, w2, loss = chosen.grid(resolution=61)
    x_axis, y_axis = AXES[surface]
    return {
        "type": "contour",
        "x": w1,
        "y": w2,
        "z": np.log10(loss - chosen.lowest + 0.01),
        "xaxis": x_axis,
        "yaxis": y_axis,
        "colorscale": CONTOUR_SCALE,
        "showscale": False,
        "autocontour": False,
        "contours": {"start": -2, "end": 2, "size": 0.25},
        "line": {"color": "#8FA9C0", "width": 0.6},
        "hoverinfo": "skip",
    }


def minima_trace(surface):
    """Green stars on the minima of one surface, labelled."""
    chosen = SURFACES[surface]
    x_axis, y_axis = AXES[surface]
    return {
        "type": "scatter",
        "x": [point[0] for point, _ in chosen.minima],
        "y": [point[1] for point, _ in chosen.minima],
        "xaxis": x_axis,
        "yaxis": y_axis,
        "mode": "markers+text",
        "text": [label for _, label in chosen.minima],
        "textposition": "bottom center",
        "textfont": {"size": 12, "color": INK},
        "marker": {"symbol": "star", "size": 15, "color": MINIMUM, "line": {"color": "white", "width": 1}},
        "hoverinfo": "skip",
    }


def start_trace(surface):
    """A ring at the starting point of one surface."""
    chosen = SURFACES[surface]
    x_axis, y_axis = AXES[surface]
    return {
        "type": "scatter",
        "x": [chosen.start[0]],
        "y": [chosen.start[1]],
        "xaxis": x_axis,
        "yaxis": y_axis,
        "mode": "markers+text",
        "text": ["start"],
        "textposition": "top center",
        "textfont": {"size": 12, "color": INK},
        "marker": {"symbol": "circle-open", "size": 13, "color": START, "line": {"width": 2.5}},
        "hoverinfo": "skip",
    }


def outcome(surface, path, losses):
    """A short sentence on where the path ended."""
    steps = len(path) - 1
    if steps < STEPS or not np.all(np.isfinite(losses)) or losses[-1] > 1e6:
        return f"diverged: a weight passed \u00b11000 at step {steps}"
    chosen = SURFACES[surface]
    gap = losses[-1] - chosen.lowest
    for point, label in chosen.minima:
        if np.linalg.norm(path[-1] - point) < 0.05 and np.linalg.norm(path[-1] - path[-2]) < 1e-3:
            return f"reached the {label} (loss {losses[-1]:.3g})"
    return f"not settled after {STEPS} steps: loss {losses[-1]:.3g} ({gap:.2g} above the lowest)"


def optimizer_figure(surface="bowl", optimizer="SGD", learning_rate=0.1):
    """Contours with the optimizer's path (left) and the loss at each step (right)."""
    path, losses = path_of(surface, optimizer, float(learning_rate))
    chosen = SURFACES[surface]
    x_axis, y_axis = AXES[surface]
    with np.errstate(invalid="ignore"):
        gap = np.where(np.isfinite(losses), np.maximum(losses - chosen.lowest, FLOOR), np.nan)
    data = [contour_trace(name) for name in AXES]
    data += [minima_trace(name) for name in AXES]
    data += [start_trace(name) for name in AXES]
    data.append(
        {
            "type": "scatter",
            "x": path[:, 0],
            "y": path[:, 1],
            "xaxis": x_axis,
            "yaxis": y_axis,
            "mode": "lines+markers",
            "line": {"color": PATH, "width": 1.8},
            "marker": {"size": 4, "color": PATH},
            "hoverinfo": "x+y",
        }
    )
    data.append(
        {
            "type": "scatter",
            "x": np.arange(len(gap)),
            "y": gap,
            "xaxis": "x3",
            "yaxis": "y3",
            "mode": "lines",
            "line": {"color": PATH, "width": 2},
            "hoverinfo": "x+y",
        }
    )
    data.append(
        {
            "type": "scatter",
            "x": [0],
            "y": [1],
            "xaxis": "x4",
            "yaxis": "y4",
            "mode": "text",
            "text": [
                f"<b>{chosen.name}</b>: L = {chosen.formula}<br>"
                f"<b>{optimizer}</b>, learning rate {learning_rate:g}<br>"
                f"{outcome(surface, path, losses)}"
            ],
            "textposition": "bottom right",
            "textfont": {"size": 13, "color": INK},
            "hoverinfo": "skip",
        }
    )
    description = f"{chosen.name}: {outcome(surface, path, losses)}"
    return {"data": data, "layout": layout(surface), "description": description}


def layout(surface):
    """The same for every optimizer and learning rate; only the surface's axes come into view."""
    grid = {"gridcolor": "#E5E5E5", "zeroline": False, "linecolor": "#999999", "mirror": True}
    shown = {}
    for name, (x_axis, y_axis) in AXES.items():
        chosen = SURFACES[name]
        visible = name == surface
        x_key, y_key = x_axis.replace("x", "xaxis"), y_axis.replace("y", "yaxis")
        shown[x_key] = {
            **grid,
            "domain": [0, 0.56],
            "anchor": y_axis,
            "visible": visible,
            "range": list(chosen.w1_range) if visible else OUT_OF_VIEW,
            "dtick": 1,
            "title": {"text": "w\u2081"},
        }
        shown[y_key] = {
            **grid,
            "domain": [0, PANEL_TOP],
            "anchor": x_axis,
            "visible": visible,
            "range": list(chosen.w2_range) if visible else OUT_OF_VIEW,
            "dtick": 1,
            "title": {"text": "w\u2082", "standoff": 4},
        }
        if x_axis != "x":
            shown[x_key]["overlaying"] = "x"
            shown[y_key]["overlaying"] = "y"
    return {
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": {"color": INK, "size": 13},
        "showlegend": False,
        "height": 460,
        "margin": {"l": 55, "r": 15, "t": 20, "b": 50},
        **shown,
        "xaxis3": {
            **grid,
            "domain": [0.68, 1],
            "anchor": "y3",
            "range": [0, STEPS],
            "title": {"text": "step"},
        },
        "yaxis3": {
            **grid,
            "domain": [0, PANEL_TOP],
            "anchor": "x3",
            "type": "log",
            "range": list(GAP_RANGE),
            "exponentformat": "power",
            "title": {"text": "excess loss", "standoff": 2},
        },
        # an invisible strip across the top, for the text that describes the state
        "xaxis4": {"domain": [0, 1], "anchor": "y4", "range": [0, 1], "visible": False},
        "yaxis4": {"domain": [PANEL_TOP + 0.03, 1], "anchor": "x4", "range": [0, 1], "visible": False},
    }


def optimizer_explorer():
    """Pick a surface, an optimizer and a learning rate; see the path and the loss."""
    return Explorer(
        controls=[
            Dropdown(
                "surface",
                "surface",
                [("elongated bowl (convex)", "bowl"), ("two valleys (not convex)", "valleys")],
            ),
            Dropdown("optimizer", "optimizer", list(OPTIMIZERS)),
            Slider("learning_rate", "learning rate", LEARNING_RATES, default=0.1),
        ],
        figure=optimizer_figure,
        height=480,
    )
