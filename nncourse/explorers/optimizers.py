r"""Chapter 5's explorer: an optimizer, its momentum and its learning rate, on a loss surface of two weights.

The left panel is a contour map of the loss, darker where it is lower, with
the path of ``STEPS`` updates from the surface's starting point. The right
panel is the excess loss at each step, the loss minus the lowest loss of
the surface, on a log scale: a straight falling line is steady (linear) convergence, a flat
line above zero is a stop in a local minimum or a crawl.

The paths come from nnlib's own optimizers (``nnlib.loss_surfaces.descend``),
so they are the steps training would take with the same settings. The
momentum control sets $\mu$ (Keras's ``momentum``, distill's $\beta$) of
the momentum and Nesterov optimizers; the others have none and ignore it.
On the tilted bowl it shows what Goh's "Why Momentum Really Works" shows:
more momentum speeds the slow direction up, until its oscillation no
longer dies out within the steps drawn.

Every contour map is drawn in every state, each on its own pair of axes
laid over the others; the layout of a surface puts the other ones' axes out
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
MOMENTA = (0.0, 0.5, 0.9, 0.99)

#: dropdown label -> a function of the learning rate and the momentum that makes the optimizer
OPTIMIZERS = {
    "SGD": lambda learning_rate, momentum: SGD(learning_rate),
    "momentum": lambda learning_rate, momentum: SGD(learning_rate, momentum=momentum),
    "Nesterov": lambda learning_rate, momentum: SGD(learning_rate, momentum=momentum, nesterov=True),
    "RMSprop": lambda learning_rate, momentum: RMSprop(learning_rate),
    "Adam": lambda learning_rate, momentum: Adam(learning_rate),
}
USES_MOMENTUM = ("momentum", "Nesterov")

PATH, START, MINIMUM = "#D55E00", INK, "#009E73"  # Okabe-Ito vermillion, ink, green
CONTOUR_SCALE = [[0.0, "#2B6A9E"], [0.35, "#7FB2D9"], [0.7, "#D3E5F3"], [1.0, "#FFFFFF"]]
GAP_RANGE = (-8, 2)  # log10 of the loss above the lowest loss, as shown
FLOOR = 10.0 ** (GAP_RANGE[0] - 1)  # a gap of 0 is drawn here, below the axis
AXES = {"bowl": ("x", "y"), "tilted": ("x5", "y5"), "valleys": ("x2", "y2")}
# Positions to this many decimals and losses to this many digits: finer than
# the screen shows, and a third smaller a page than plotly's usual four digits.
POSITION_DECIMALS, GAP_DIGITS = 3, 3
OUT_OF_VIEW = [1e5, 1e5 + 1]  # an axis range that shows nothing of a surface
LEFT_THE_MAP = "; it leaves the map (\u00d7 on its edge)"  # said in the figure; the caption says how far
PANEL_TOP = 0.76  # the panels fill the figure up to here; the text sits above


@cache
def path_of(surface, optimizer, learning_rate, momentum=0.9):
    """The path of ``STEPS`` updates (an array ``(n, 2)``, n <= STEPS + 1) and its losses.

    ``momentum`` matters to the momentum and Nesterov optimizers only."""
    chosen = SURFACES[surface]
    momentum = momentum if optimizer in USES_MOMENTUM else 0.0  # one path for the others
    with np.errstate(over="ignore", invalid="ignore"):
        path = descend(OPTIMIZERS[optimizer](learning_rate, momentum), chosen, steps=STEPS)
        losses = chosen(path)
    return path, losses


@cache
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


@cache
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


@cache
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
    if diverged(path, losses):
        return f"diverged: a weight passed \u00b11000 at step {steps}"
    chosen = SURFACES[surface]
    gap = losses[-1] - chosen.lowest
    for point, label in chosen.minima:
        if np.linalg.norm(path[-1] - point) < 0.05 and np.linalg.norm(path[-1] - path[-2]) < 1e-3:
            return f"reached the {label} (loss {losses[-1]:.3g})"
    return f"not settled after {STEPS} steps: loss {losses[-1]:.3g} ({gap:.2g} above the lowest)"


def diverged(path, losses):
    return len(path) - 1 < STEPS or not np.all(np.isfinite(losses)) or losses[-1] > 1e6


def outside(surface, path):
    """The points of a path that lie outside its surface's map, moved onto the map's edge
    (where the drawn path is cut off): an array ``(n, 2)``, empty when the path stays in."""
    chosen = SURFACES[surface]
    low = np.array([chosen.w1_range[0], chosen.w2_range[0]])
    high = np.array([chosen.w1_range[1], chosen.w2_range[1]])
    away = np.any((path < low) | (path > high), axis=1)
    return np.clip(path[away], low, high)


def left_the_map(surface, path):
    """A few words on how far the path went off the map, or "" if it stayed on it."""
    chosen = SURFACES[surface]
    parts = []
    for k, (name, (low, high)) in enumerate([("w\u2081", chosen.w1_range), ("w\u2082", chosen.w2_range)]):
        smallest, largest = path[:, k].min(), path[:, k].max()
        if smallest < low:
            parts.append(f"{name} down to {smallest:.2f}")
        if largest > high:
            parts.append(f"{name} up to {largest:.2f}")
    return f"; it leaves the map ({', '.join(parts)})" if parts else ""


def optimizer_name(optimizer, momentum):
    """ "momentum, β = 0.9"; "momentum, β = 0 (plain gradient descent)"; "Adam"."""
    if optimizer not in USES_MOMENTUM:
        return optimizer
    return f"{optimizer}, \u03b2 = {momentum:g}" + (" (plain gradient descent)" if momentum == 0 else "")


def optimizer_figure(surface="tilted", optimizer="momentum", momentum=0.9, learning_rate=0.1):
    """Contours with the optimizer's path (left) and the loss at each step (right)."""
    momentum, learning_rate = float(momentum), float(learning_rate)
    path, losses = path_of(surface, optimizer, learning_rate, momentum)
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
            "x": np.round(path[:, 0], POSITION_DECIMALS),
            "y": np.round(path[:, 1], POSITION_DECIMALS),
            "xaxis": x_axis,
            "yaxis": y_axis,
            "mode": "lines+markers",
            "line": {"color": PATH, "width": 1.8},
            "marker": {"size": 4, "color": PATH},
            "hoverinfo": "x+y",
        }
    )
    # where the path leaves the map, marks on the edge say so (a diverged path says it in words)
    off = outside(surface, path) if not diverged(path, losses) else np.empty((0, 2))
    data.append(
        {
            "type": "scatter",
            "x": np.round(off[:, 0], POSITION_DECIMALS) if len(off) else [None],
            "y": np.round(off[:, 1], POSITION_DECIMALS) if len(off) else [None],
            "xaxis": x_axis,
            "yaxis": y_axis,
            "mode": "markers",
            "marker": {
                "size": 9,
                "symbol": "x-thin-open",
                "color": PATH,
                "line": {"width": 2, "color": PATH},
            },
            "cliponaxis": False,
            "hoverinfo": "skip",
        }
    )
    note = left_the_map(surface, path) if len(off) else ""
    data.append(
        {
            "type": "scatter",
            "x0": 0,
            "dx": 1,
            "y": [float(f"{value:.{GAP_DIGITS}g}") if np.isfinite(value) else None for value in gap],
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
                f"<b>{optimizer_name(optimizer, momentum)}</b>, learning rate {learning_rate:g}<br>"
                f"{outcome(surface, path, losses)}{LEFT_THE_MAP if note else ''}"
            ],
            "textposition": "bottom right",
            "textfont": {"size": 13, "color": INK},
            "hoverinfo": "skip",
        }
    )
    unused = "" if optimizer in USES_MOMENTUM else f" ({optimizer} has no momentum \u03b2)"
    description = f"{chosen.name}: {outcome(surface, path, losses)}{note}{unused}"
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
    """Pick a surface, an optimizer, its momentum and a learning rate; see the path and the loss."""
    return Explorer(
        controls=[
            Dropdown(
                "surface",
                "surface",
                [
                    ("elongated bowl (convex)", "bowl"),
                    ("tilted bowl (convex)", "tilted"),
                    ("two valleys (not convex)", "valleys"),
                ],
                default="tilted",
            ),
            Dropdown("optimizer", "optimizer", list(OPTIMIZERS), default="momentum"),
            Slider("momentum", "momentum \u03b2", MOMENTA, default=0.9),
            Slider("learning_rate", "learning rate", LEARNING_RATES, default=0.1),
        ],
        figure=optimizer_figure,
        height=480,
    )
