r"""Chapter 6's explorer: how the activations of a deep network spread, layer by layer.

Pick a depth, a width, an initialization and an activation. A stack of
that many Dense layers of that many units (and as many input features),
started with that initialization and zero biases, gets a batch of
standard-normal inputs. The top panel draws, for every layer, the
standard deviation of its activations and the typical norm of its kernel's
gradient (``nnlib.signal_propagation``); the bottom panels draw histograms of
the activations of four layers: the first, two in between and the last, all
on the same bins. A spread that stays put is a network that can learn; one
that shrinks to a spike at zero, piles up at the ends of tanh or sigmoid, or
runs off to huge numbers is the trouble of chapter 6. The zeros and
constant schemes start every unit of a layer with the same weights, so
every unit of a layer computes the same value for every input (the
histograms' captions say so): the symmetry that random initialization
breaks.

Every figure is precomputed: the activations once per (initialization,
activation, width) for the deepest network (the first ``k`` layers of a
deep stack hold the same weights as a stack of depth ``k``), the gradients
once per depth.
"""

from functools import cache

import numpy as np

from nnlib.figure_style import INK
from nnlib.initializers import Constant, RandomNormal, RandomUniform
from nnlib.signal_propagation import deep_mlp, gradient_norms

from .base import Dropdown, Explorer, Slider

WIDTHS = (10, 30, 100)  # units per layer (and input features)
N_SAMPLES = 300  # inputs whose activations fill the histograms
N_GRADIENT_SAMPLES = 8  # samples whose gradient norms are averaged
DEPTHS = (4, 6, 8, 10, 15, 20)
N_BINS = 40
SEED = 0

#: label -> what deep_mlp is given as kernel_initializer
SCHEMES = {
    "Xavier (Glorot uniform)": "glorot_uniform",
    "He (He normal)": "he_normal",
    "uniform on [-1, 1]": "uniform_pm1",
    "small normal (std 0.01)": "small_normal",
    "zeros": "zeros",
    "constant (every weight 0.01)": "constant",
}
CONSTANT = 0.01  # the constant scheme's weight: the small normal's std, without the randomness
ACTIVATIONS = ("tanh", "relu", "sigmoid")
STD_COLOR, GRADIENT_COLOR, BAR_COLOR = "#0072B2", "#D55E00", "#0072B2"
HEIGHT = 500


def make_initializer(scheme):
    """The initializer of a scheme name ("glorot_uniform", "uniform_pm1", ...)."""
    if scheme == "uniform_pm1":
        return RandomUniform(-1.0, 1.0)
    if scheme == "small_normal":
        return RandomNormal(stddev=0.01)
    if scheme == "constant":
        return Constant(CONSTANT)
    return scheme


def inputs(width):
    """The batch every network of ``width`` units sees: standard-normal rows
    ``(N_SAMPLES, width)``, and random targets for the loss."""
    rng = np.random.default_rng(SEED + 1)
    x = rng.normal(size=(N_SAMPLES, width))
    y = rng.normal(size=(N_SAMPLES, 1))
    return x, y


@cache
def layer_activations(scheme, activation, width=100):
    """The activations of every layer of the deepest stack: a list of ``(N_SAMPLES, width)`` arrays."""
    x, _ = inputs(width)
    model = deep_mlp(max(DEPTHS), width, activation, make_initializer(scheme), n_inputs=width, seed=SEED)
    with np.errstate(all="ignore"):  # exploding stacks overflow on purpose
        return list(model.layer_outputs(x).values())


@cache
def layer_gradient_norms(scheme, activation, depth, width=100):
    """The typical kernel-gradient norm of each hidden layer of a stack of ``depth`` layers."""
    x, y = inputs(width)
    model = deep_mlp(
        depth, width, activation, make_initializer(scheme), n_inputs=width, n_outputs=1, seed=SEED
    )
    model.compile(optimizer="sgd", loss="mse")
    with np.errstate(all="ignore"):
        norms = gradient_norms(model, x[:N_GRADIENT_SAMPLES], y[:N_GRADIENT_SAMPLES])
    return norms[:depth]  # the output layer's kernel is not one of the stack's


def units_identical(a):
    """Whether every unit of a layer's output ``(n_samples, units)`` has the same value
    for every sample (to round-off), the mark of a layer whose units started alike."""
    with np.errstate(all="ignore"):
        spread = np.ptp(a, axis=1)
        scale = np.maximum(1.0, np.abs(a).max(axis=1))
    return bool(np.all(spread <= 1e-9 * scale))


def shown_layers(depth):
    """The four layers whose histograms are drawn: the first, two in between, the last."""
    return [1, 1 + round((depth - 1) / 3), 1 + round(2 * (depth - 1) / 3), depth]


def _positive(values):
    """Values for a log axis: zeros and non-finite numbers become gaps (None)."""
    return [float(v) if np.isfinite(v) and v > 0 else None for v in values]


def initialization_figure(depth=10, width=100, scheme="glorot_uniform", activation="tanh"):
    """The figure for one setting of the controls (plotly JSON as a dict)."""
    depth, width = int(depth), int(width)
    activations = layer_activations(scheme, activation, width)[:depth]
    layers = list(range(1, depth + 1))
    stds = np.array([a.std() for a in activations])
    norms = layer_gradient_norms(scheme, activation, depth, width)
    identical = [units_identical(a) for a in activations]
    data = [
        # the inputs' std, for reference; and two invisible points, off to the left of the
        # x range, that keep at least four decades on the log axis
        {
            "type": "scatter",
            "x": [0.5, max(DEPTHS) + 0.5],
            "y": [1, 1],
            "mode": "lines",
            "name": "1, the std of the inputs",
            "line": {"color": "#999999", "width": 1.5, "dash": "dot"},
            "hoverinfo": "skip",
            "xaxis": "x",
            "yaxis": "y",
        },
        {
            "type": "scatter",
            "x": [0, 0],
            "y": [1e-2, 1e2],
            "mode": "markers",
            "marker": {"opacity": 0},
            "showlegend": False,
            "hoverinfo": "skip",
            "xaxis": "x",
            "yaxis": "y",
        },
        {
            "type": "scatter",
            "x": layers,
            "y": _positive(stds),
            "mode": "lines+markers",
            "name": "std of the activations",
            "line": {"color": STD_COLOR, "width": 2.5},
            "marker": {"size": 6},
            "xaxis": "x",
            "yaxis": "y",
        },
        {
            "type": "scatter",
            "x": layers,
            "y": _positive(norms),
            "mode": "lines+markers",
            "name": "norm of the kernel's gradient",
            "line": {"color": GRADIENT_COLOR, "width": 2.5, "dash": "dash"},
            "marker": {"size": 6, "symbol": "square"},
            "xaxis": "x",
            "yaxis": "y",
        },
    ]
    flat = "every activation of each layer is the same number (std 0)" if not np.any(stds) else ""
    if flat and not np.any(norms):
        flat += " and every gradient is 0"
    data.append(
        {
            # what a log axis cannot draw, said in words
            "type": "scatter",
            "mode": "text",
            "x": [(max(DEPTHS) + 1) / 2],
            "y": [1],
            "text": [flat],
            "textposition": "top center",
            "textfont": {"size": 13, "color": INK},
            "showlegend": False,
            "hoverinfo": "skip",
            "xaxis": "x",
            "yaxis": "y",
        }
    )
    chosen = shown_layers(depth)
    values = [activations[layer - 1].ravel() for layer in chosen]
    finite = np.concatenate([v[np.isfinite(v)] for v in values])
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 1.0)
    if high - low < 1e-12 * max(1.0, abs(high)):
        low, high = low - 0.5, high + 0.5
    edges = np.linspace(low, high, N_BINS + 1)
    centers = (edges[:-1] + edges[1:]) / 2
    for panel, v in enumerate(values, start=2):
        counts, _ = np.histogram(v[np.isfinite(v)], bins=edges)
        share = counts / max(1, v.size)
        data.append(
            {
                "type": "bar",
                "x": centers,
                "y": share,
                "width": edges[1] - edges[0],
                "marker": {"color": BAR_COLOR, "line": {"width": 0}},
                "showlegend": False,
                "hovertemplate": "%{x:.3g}: %{y:.1%}<extra></extra>",
                "xaxis": f"x{panel}",
                "yaxis": f"y{panel}",
            }
        )
    for panel, (layer, v) in enumerate(zip(chosen, values), start=2):
        data.append(
            {
                "type": "scatter",
                "mode": "text",
                "x": [0.5],
                "y": [1.0],
                "showlegend": False,
                "text": [
                    f"layer {layer}"
                    + (", all units equal" if identical[layer - 1] else "")
                    + f"<br>std {np.std(v):.2g}"
                ],
                "textposition": "bottom center",
                "textfont": {"size": 12, "color": INK},
                "hoverinfo": "skip",
                "xaxis": f"x{panel + 4}",
                "yaxis": f"y{panel + 4}",
            }
        )
    spread = "; ".join(f"layer {layer} std {np.std(v):.2g}" for layer, v in zip(chosen, values))
    if all(identical):
        spread += f"; in every layer all {width} units compute the same value"
    return {"data": data, "layout": _layout(), "description": spread}


def _layout():
    axis = {"gridcolor": "#E5E5E5", "zeroline": False, "linecolor": "#888888", "showline": True}
    layout = {
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": {"color": INK, "size": 12},
        "height": HEIGHT,
        "margin": {"l": 60, "r": 15, "t": 40, "b": 50},
        "bargap": 0,
        "legend": {
            "orientation": "h",
            "x": 0,
            "y": 1.01,
            "xanchor": "left",
            "yanchor": "bottom",
            "font": {"size": 11},
        },
        "xaxis": {
            **axis,
            "domain": [0, 1],
            "anchor": "y",
            "range": [0.5, max(DEPTHS) + 0.5],
            "dtick": 2,
            "title": {"text": "layer", "standoff": 2},
        },
        "yaxis": {
            **axis,
            "domain": [0.6, 1],
            "anchor": "x",
            "type": "log",
            "exponentformat": "power",
            "title": {"text": "size (log scale)"},
        },
    }
    gap = 0.03
    width = (1 - 3 * gap) / 4
    for panel in range(2, 6):
        left = (panel - 2) * (width + gap)
        domain = [left, left + width]
        layout[f"xaxis{panel}"] = {
            **axis,
            "domain": domain,
            "anchor": f"y{panel}",
            "nticks": 4,
            "exponentformat": "power",
            "tickfont": {"size": 10},
            "title": {"text": "activation", "standoff": 2, "font": {"size": 11}},
        }
        layout[f"yaxis{panel}"] = {
            **axis,
            "domain": [0, 0.36],
            "anchor": f"x{panel}",
            "showticklabels": panel == 2,
            "tickformat": ".0%",
            "rangemode": "tozero",
            "title": {"text": "share of values" if panel == 2 else ""},
        }
        # an invisible axis over each histogram holds its caption at a fixed place
        layout[f"xaxis{panel + 4}"] = {
            "domain": domain,
            "anchor": f"y{panel + 4}",
            "range": [0, 1],
            "visible": False,
            "fixedrange": True,
        }
        layout[f"yaxis{panel + 4}"] = {
            "domain": [0.37, 0.46],
            "anchor": f"x{panel + 4}",
            "range": [0, 1],
            "visible": False,
            "fixedrange": True,
        }
    return layout


def initialization_explorer():
    """Depth, width, initialization and activation: watch each layer's activations spread or collapse."""
    return Explorer(
        controls=[
            Slider("depth", "layers", DEPTHS, default=10, format="{:.0f}"),
            Slider("width", "units per layer", WIDTHS, default=100, format="{:.0f}"),
            Dropdown("scheme", "initialization", list(SCHEMES.items())),
            Dropdown("activation", "activation", list(ACTIVATIONS)),
        ],
        figure=initialization_figure,
        height=HEIGHT,
    )
