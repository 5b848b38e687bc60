r"""Chapter 8's explorer: how wide, how deep and how strongly regularized an MLP should be.

A small network is trained on 100 noisy "two moons" points for every setting
of the controls: the units in each hidden layer, the number of hidden layers
and the strength $\lambda$ of an L2 penalty $\lambda \sum W^2$ on every
kernel (Keras's ``regularizers.L2``). The figure shades the predicted
probability of class 1 over the plane, draws the 0.5 contour (the decision
boundary) and shows the training points and 100 test points from the same
distribution, with both accuracies. Large networks without a penalty bend
around single training points; the penalty smooths them again.
"""

from functools import cache, lru_cache

import numpy as np

from nnlib import layers, optimizers, regularizers
from nnlib.datasets import moons
from nnlib.figure_style import INK
from nnlib.model import Sequential

from .base import Explorer, Slider

N_TRAIN = 100  # small, so that a large network can overfit
NOISE = 0.3
EPOCHS = 250  # full-batch Adam steps
LEARNING_RATE = 0.03
X_RANGE, Y_RANGE = (-1.75, 2.75), (-1.35, 1.85)
GRID_SHAPE = (33, 46)  # rows (x2), columns (x1) of the shaded grid
CLASS_COLORS = ("#0072B2", "#E69F00")  # class 0, class 1 (as nnlib.plotting)
SHADES = [[0.0, "#B3D4EC"], [0.5, "#FFFFFF"], [1.0, "#F9DDA6"]]  # pale class colors

UNITS = (2, 4, 8, 16, 32)
HIDDEN_LAYERS = (1, 2, 3)
L2_STRENGTHS = (0.0, 0.001, 0.003, 0.01)


@lru_cache(maxsize=1)
def moons_data():
    """``(x_train, y_train, x_test, y_test)``: 100 training and 100 test points of noisy moons."""
    x, y = moons(n_samples=2 * N_TRAIN, noise=NOISE, seed=0)
    return x[:N_TRAIN], y[:N_TRAIN], x[N_TRAIN:], y[N_TRAIN:]


@lru_cache(maxsize=1)
def plane_grid():
    """The grid the probabilities are shaded on: ``(x1 values, x2 values, points (n, 2))``."""
    x1 = np.linspace(*X_RANGE, GRID_SHAPE[1])
    x2 = np.linspace(*Y_RANGE, GRID_SHAPE[0])
    mesh1, mesh2 = np.meshgrid(x1, x2)
    return x1, x2, np.column_stack([mesh1.ravel(), mesh2.ravel()])


def build_model(units, hidden_layers, l2, seed=0):
    """A compiled ``2 - units x hidden_layers - 1`` ReLU network with an L2 penalty on each kernel."""
    penalty = regularizers.L2(l2) if l2 > 0 else None
    model = Sequential(
        [layers.Input((2,))]
        + [layers.Dense(units, activation="relu", kernel_regularizer=penalty) for _ in range(hidden_layers)]
        + [layers.Dense(1, activation="sigmoid", kernel_regularizer=penalty)],
        seed=seed,
    )
    model.compile(optimizer=optimizers.Adam(LEARNING_RATE), loss="binary_crossentropy", metrics=["accuracy"])
    return model


@cache
def trained(units, hidden_layers, l2):
    """Train one setting (cached); return the grid of probabilities, both accuracies and the size."""
    x_train, y_train, x_test, y_test = moons_data()
    model = build_model(units, hidden_layers, l2)
    model.fit(x_train, y_train, epochs=EPOCHS, batch_size=N_TRAIN, shuffle=False, verbose=0)
    probabilities = model.predict(plane_grid()[2], batch_size=4096)[:, 0]
    train_accuracy = model.evaluate(x_train, y_train, batch_size=N_TRAIN)[1]
    test_accuracy = model.evaluate(x_test, y_test, batch_size=N_TRAIN)[1]
    grid = np.round(probabilities.reshape(GRID_SHAPE), 2)
    return grid, train_accuracy, test_accuracy, model.count_params()


def mlp_figure(units=16, hidden_layers=2, l2=0.0):
    """The plane shaded by the network's probability of class 1, with the data and the accuracies."""
    grid, train_accuracy, test_accuracy, n_params = trained(int(units), int(hidden_layers), float(l2))
    x_train, y_train, x_test, y_test = moons_data()
    x1, x2, _ = plane_grid()
    data = [
        {
            "type": "contour",
            "x": x1,
            "y": x2,
            "z": grid,
            "zmin": 0,
            "zmax": 1,
            "colorscale": SHADES,
            "showscale": False,
            "hoverinfo": "skip",
            "contours": {"start": 0.5, "end": 0.5, "size": 1, "coloring": "heatmap"},
            "line": {"color": INK, "width": 2},
        },
        _points(x_train, y_train, "circle", 9),
        _points(x_test, y_test, "circle-open", 8),
        _legend_entry("training points", "circle"),
        _legend_entry("test points", "circle-open"),
        {
            "type": "scatter",
            "x": [X_RANGE[0] + 0.05],
            "y": [Y_RANGE[1] - 0.05],
            "mode": "text",
            "text": [
                f"training accuracy {train_accuracy:.2f}, test accuracy {test_accuracy:.2f}"
                f"<br>{n_params:,} parameters"
            ],
            "textposition": "bottom right",
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
        "margin": {"l": 50, "r": 20, "t": 40, "b": 50},
        "title": {
            "text": "Shading: P(class 1). Line: P = 0.5",
            "x": 0.02,
            "xanchor": "left",
            "font": {"size": 14},
        },
        "legend": {"orientation": "h", "x": 0, "y": -0.16, "bgcolor": "rgba(255,255,255,0.8)"},
        "xaxis": {"title": {"text": "x\u2081"}, "range": list(X_RANGE), "showgrid": False, "zeroline": False},
        "yaxis": {"title": {"text": "x\u2082"}, "range": list(Y_RANGE), "showgrid": False, "zeroline": False},
    }
    description = (
        f"training accuracy {train_accuracy:.2f}, test accuracy {test_accuracy:.2f}, {n_params:,} parameters"
    )
    return {"data": data, "layout": layout, "description": description}


def _points(x, y, symbol, size):
    """Points colored by class: filled circles (training) or rings (test)."""
    filled = symbol == "circle"
    return {
        "type": "scatter",
        "x": x[:, 0],
        "y": x[:, 1],
        "mode": "markers",
        "showlegend": False,
        "marker": {
            "symbol": symbol,
            "size": size,
            "color": [CLASS_COLORS[label] for label in y],
            "line": {"color": "white" if filled else None, "width": 1 if filled else 2},
        },
        "text": [f"class {label}" for label in y],
        "hoverinfo": "text",
    }


def _legend_entry(name, symbol):
    """A legend item in ink for a kind of point (the points themselves are colored by class)."""
    return {
        "type": "scatter",
        "x": [None],
        "y": [None],
        "mode": "markers",
        "name": name,
        "marker": {"symbol": symbol, "size": 9, "color": INK, "line": {"width": 2}},
        "hoverinfo": "skip",
    }


def mlp_explorer():
    """Sliders for the hidden units per layer, the number of hidden layers and the L2 strength."""
    return Explorer(
        controls=[
            Slider("units", "units per hidden layer", UNITS, default=32, format="{:.0f}"),
            Slider("hidden_layers", "hidden layers", HIDDEN_LAYERS, default=2, format="{:.0f}"),
            Slider("l2", "L2 strength \u03bb", L2_STRENGTHS, default=0.0, format="{:g}"),
        ],
        figure=mlp_figure,
        height=440,
    )
