r"""Chapter 9's second explorer: build the approximation by hand, one bump at a time.

Nielsen's visual proof of universality (*Neural Networks and Deep
Learning*, chapter 4): two steep sigmoid units with the same weight, one
stepping up at $s$ and one at $t$, make a bump when the output layer adds
the first with weight $h$ and the second with weight $-h$,

$$
h\,\sigma\big(k (x - s)\big) - h\,\sigma\big(k (x - t)\big) \approx
\begin{cases} h & s < x < t \\ 0 & \text{elsewhere.} \end{cases}
$$

The domain [-2, 2] is cut into ``N_BUMPS`` intervals, one bump each, and
the reader sets each bump's height with a slider to approximate
$\sin(\pi x)$. The figure draws each bump, their sum (the network's output)
and, for comparison, what training finds with the same number of hidden
units: the 1-8-1 tanh network of ``nnlib.approximation.fitted_weights``,
which ``approximation_explorer`` shows too. The hand-built network is an
nnlib ``Sequential`` whose ``predict`` gives every curve drawn.
"""

from functools import cache

import numpy as np

from nnlib.approximation import DOMAIN, TARGETS, domain_grid, fitted_weights, one_hidden_layer
from nnlib.figure_style import INK
from nnlib.layers import Dense
from nnlib.model import Sequential

from .base import Explorer, Slider

TARGET = "sine"
N_BUMPS = 4  # two hidden units each: 8, as many as the trained network has
HEIGHTS = (-0.9, -0.6, -0.3, 0.0, 0.3, 0.6, 0.9)
STEEPNESS = 50.0  # k, in units of 1 / (the width of a bump)
EDGES = np.linspace(*DOMAIN, N_BUMPS + 1)
N_DRAWN = 81  # points of the drawn curves (a regular grid: x0 and dx, no x list)
TARGET_COLOR, SUM_COLOR, BUMP_COLOR, TRAINED_COLOR = "#555555", "#0072B2", "#E69F00", "#009E73"
BUMP_FILL = "rgba(230, 159, 0, 0.3)"  # the orange, light: the sum stays readable over it
Y_RANGE = (-1.6, 1.9)


def bump_weights(heights, edges=EDGES, steepness=STEEPNESS):
    r"""``[kernel_1 (1, 2N), bias_1 (2N,), kernel_2 (2N, 1), bias_2 (1,)]`` of the bumps.

    Bump $i$ is the pair of hidden units $\sigma(k(x - e_i))$ and
    $\sigma(k(x - e_{i+1}))$, with output weights $h_i$ and $-h_i$; $k$ is
    ``steepness`` divided by the width of a bump. For
    ``Sequential([Dense(2N, "sigmoid"), Dense(1)])``.
    """
    heights = np.asarray(heights, dtype=float)
    if heights.shape != (len(edges) - 1,):
        raise ValueError(f"Give one height per bump: {len(edges) - 1} heights, not shape {heights.shape}.")
    k = steepness / (edges[1] - edges[0])
    steps = np.ravel(np.column_stack([edges[:-1], edges[1:]]))  # s_1, t_1, s_2, t_2, ...
    signs = np.tile([1.0, -1.0], len(heights))
    return [
        np.full((1, steps.size), k),
        -k * steps,
        (np.repeat(heights, 2) * signs).reshape(-1, 1),
        np.zeros(1),
    ]


def bump_network(heights):
    """The hand-built 1-(2N)-1 sigmoid network with the bumps of ``heights``."""
    model = Sequential([Dense(2 * len(heights), activation="sigmoid", input_shape=(1,)), Dense(1)])
    model.set_weights(bump_weights(heights))
    return model


@cache
def drawn(heights):
    """The bump network's output on the drawn grid (a tuple, so that a state can share it)."""
    return tuple(np.round(bump_network(heights).predict(domain_grid(N_DRAWN))[:, 0], 3))


@cache
def mean_squared_error(heights):
    """Of the bump network against the target on the trained network's 201 training points."""
    x = domain_grid()
    return float(np.mean((bump_network(heights).predict(x)[:, 0] - TARGETS[TARGET][1](x)[:, 0]) ** 2))


@cache
def trained():
    """The trained 1-8-1 tanh network: its output on the drawn grid and its mean squared error."""
    model = one_hidden_layer(2 * N_BUMPS)
    model.set_weights(fitted_weights(TARGET, 2 * N_BUMPS))
    x = domain_grid()
    error = float(np.mean((model.predict(x)[:, 0] - TARGETS[TARGET][1](x)[:, 0]) ** 2))
    return model.predict(domain_grid(N_DRAWN))[:, 0], error


def _curve(y, name, color, width, dash="solid", legend=True):
    return {
        "type": "scatter",
        "mode": "lines",
        "x0": DOMAIN[0],
        "dx": (DOMAIN[1] - DOMAIN[0]) / (N_DRAWN - 1),
        "y": list(y),
        "name": name,
        "line": {"color": color, "width": width, "dash": dash},
        "showlegend": legend,
        "hoverinfo": "skip",
    }


@cache
def _bump_trace(index, height):
    """Bump ``index`` alone, as nnlib computes it (a network with that one bump)."""
    heights = tuple(height if i == index else 0.0 for i in range(N_BUMPS))
    trace = _curve(drawn(heights), "each bump", BUMP_COLOR, 1, legend=index == 0)
    return {**trace, "fill": "tozeroy", "fillcolor": BUMP_FILL}


@cache
def _fixed_traces():
    x = domain_grid(N_DRAWN)
    label, function = TARGETS[TARGET]
    trained_y, _ = trained()
    return (
        _curve(function(x)[:, 0], f"target {label}", TARGET_COLOR, 2.5, "dash"),
        _curve(trained_y, f"trained 1-{2 * N_BUMPS}-1 tanh network", TRAINED_COLOR, 2, "dot"),
    )


def bump_figure(**heights):
    """The bumps of heights ``h1`` ... ``hN``, their sum, the target and the trained fit."""
    names = [f"h{i + 1}" for i in range(N_BUMPS)]
    if sorted(heights) != sorted(names):
        raise TypeError(f"bump_figure takes one height per bump, {', '.join(names)}; got {sorted(heights)}.")
    chosen = tuple(float(heights[name]) for name in names)
    error = mean_squared_error(chosen)
    _, trained_error = trained()
    summary = (
        f"{N_BUMPS} bumps, {2 * N_BUMPS} sigmoid units set by hand: mean squared error {error:.3f}<br>"
        f"trained network, {2 * N_BUMPS} tanh units: mean squared error {trained_error:.2g}"
    )
    data = [_bump_trace(i, h) for i, h in enumerate(chosen)]
    data += list(_fixed_traces())
    data.append(_curve(drawn(chosen), "sum of the bumps (the network's output)", SUM_COLOR, 3))
    data.append(
        {
            "type": "scatter",
            "x": [DOMAIN[0] + 0.05],
            "y": [Y_RANGE[1] - 0.05],
            "mode": "text",
            "text": [summary],
            "textposition": "bottom right",
            "textfont": {"size": 13, "color": INK},
            "hoverinfo": "skip",
            "showlegend": False,
        }
    )
    description = summary.replace("<br>", "; ")
    return {"data": data, "layout": _layout(), "description": description}


@cache
def _layout():
    grid = {"gridcolor": "#E5E5E5", "zeroline": False}
    return {
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "font": {"color": INK},
        "height": 460,
        "margin": {"l": 55, "r": 20, "t": 40, "b": 50},
        "title": {"text": "Bumps made of pairs of steep sigmoid units, set by hand", "font": {"size": 14}},
        "legend": {"orientation": "h", "x": 0, "y": -0.16, "font": {"size": 12}},
        "xaxis": {
            **grid,
            "title": {"text": "x"},
            "range": list(DOMAIN),
            "tickvals": list(EDGES),
        },
        "yaxis": {**grid, "title": {"text": "output"}, "range": list(Y_RANGE)},
    }


def bump_explorer():
    """A slider for the height of each bump; the sum approximates the sine, beside a trained fit."""
    edges = [f"{e:g}" for e in EDGES]
    return Explorer(
        controls=[
            Slider(
                f"h{i + 1}",
                f"height on [{edges[i]}, {edges[i + 1]}]",
                HEIGHTS,
                default=0.6 if i % 2 == 0 else -0.6,
                format="{:+.1f}",
            )
            for i in range(N_BUMPS)
        ],
        figure=bump_figure,
        height=460,
    )
