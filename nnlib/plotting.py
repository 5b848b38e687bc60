"""Plots for the chapters: decision boundaries, learning curves, activation
functions, network diagrams and per-layer histograms.

matplotlib is an optional dependency (``pip install nnlib[plot]``): ``import
nnlib`` does not import it, ``import nnlib.plotting`` does.

Every function draws on ``ax`` when one is given, otherwise on a new figure
sized for a book page, labels its axes and returns what it drew on. Figures
get an opaque white background: a transparent one would show black labels on
the dark theme of the course website.
"""

import math

import numpy as np

try:
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator
except ImportError:
    raise ImportError(
        "nnlib.plotting needs matplotlib. Install it with pip install matplotlib "
        "(or pip install nnlib[plot])."
    ) from None

from . import activations as activations_module
from ._decision_boundary import plot_decision_boundary
from ._network_diagram import draw_network
from ._validation import as_float_array, check_positive_int
from .figure_style import BACKGROUND, CLASS_COLORS, TRAINING_COLOR, VALIDATION_COLOR, make_opaque, new_axes
from .model import Sequential


def plot_history(history, metrics=("loss",), ax=None):
    """Learning curves: each metric per epoch, on the training and the validation data.

    ``history`` is what ``fit`` returns (a ``History``), its ``.history``
    dict, or a model that was trained. ``metrics`` names the logged values to
    draw ("loss", "accuracy", ...); each is drawn with its ``val_``
    counterpart when that was logged. Epochs count from 1.

    With one metric, draws on one Axes and returns it. With several, draws
    one subplot per metric side by side and returns the array of Axes (its
    figure is ``axes[0].figure``); pass ``ax`` as a sequence of as many Axes
    to draw on your own.
    """
    logs = history
    while not isinstance(logs, dict) and hasattr(logs, "history"):  # model -> History -> dict
        logs = logs.history
    if not isinstance(logs, dict):
        raise TypeError(
            f"plot_history takes the History that fit returns or its .history dict, "
            f"got {type(history).__name__}."
        )
    metrics = (metrics,) if isinstance(metrics, str) else tuple(metrics)
    if not metrics:
        raise ValueError("metrics is empty: name at least one logged value, such as 'loss'.")
    for metric in metrics:
        if metric not in logs:
            raise ValueError(
                f"The history has no {metric!r}; it holds: {', '.join(logs) or 'nothing'}. Metrics "
                f"are logged when the model is compiled with metrics=[{metric!r}]."
            )

    if ax is None and len(metrics) == 1:
        axes = [new_axes(None, figsize=(5.5, 3.5))]
    elif ax is None:
        _, axes = plt.subplots(
            1,
            len(metrics),
            figsize=(min(7, 3.5 * len(metrics)), 3.2),
            layout="constrained",
            facecolor=BACKGROUND,
        )
    else:
        axes = list(np.ravel(ax))
        if len(axes) != len(metrics):
            raise ValueError(f"{len(metrics)} metrics need {len(metrics)} Axes, but ax holds {len(axes)}.")
        make_opaque(axes[0].figure)

    for metric, axis in zip(metrics, axes):
        curves = [(metric, "training", TRAINING_COLOR, "-")]
        if not metric.startswith("val_") and f"val_{metric}" in logs:
            curves.append((f"val_{metric}", "validation", VALIDATION_COLOR, "--"))
        elif metric.startswith("val_"):
            curves = [(metric, "validation", VALIDATION_COLOR, "--")]
        for key, label, color, linestyle in curves:
            values = np.asarray(logs[key], dtype=float)
            epochs = np.arange(1, len(values) + 1)
            marker = "o" if len(values) <= 25 else None  # a lone epoch still shows
            axis.plot(
                epochs,
                values,
                color=color,
                linestyle=linestyle,
                marker=marker,
                markersize=4,
                linewidth=1.8,
                label=label,
            )
        axis.set_xlabel("epoch")
        axis.set_ylabel(metric.removeprefix("val_").replace("_", " "))
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axis.grid(color="#dddddd", linewidth=0.6)
        axis.legend(facecolor=BACKGROUND)
    return axes[0] if len(metrics) == 1 else np.asarray(axes)


# Activation functions


def plot_activation(activation, z=None, ax=None, show_derivative=True):
    """Draw an activation function $f(z)$ and, dashed, its derivative $f'(z)$.

    ``activation`` is a name ("relu"), a class or an object from
    ``nnlib.activations``; ``z`` the points to evaluate (1-D, default 401
    points from -5 to 5). Returns the Axes.
    """
    function = activations_module.get(activation)
    if isinstance(function, activations_module.Softmax):
        raise ValueError(
            "Softmax is not elementwise: each output depends on the whole row, so there is no "
            "single curve f(z) to draw. Plot one output while one input varies instead, e.g. "
            "softmax(np.column_stack([z, np.zeros_like(z)]))[:, 0] (which equals sigmoid(z)), "
            "or a bar chart of softmax(z) for one vector z."
        )
    if z is None:
        z = np.linspace(-5, 5, 401)
    z = as_float_array(z, "z")
    if z.ndim != 1:
        raise ValueError(f"z must be a 1-D array of points, got shape {z.shape}.")
    z = np.sort(z)

    ax = new_axes(ax, figsize=(5, 3.5))
    ax.axhline(0, color="#aaaaaa", linewidth=0.8, zorder=0)
    ax.axvline(0, color="#aaaaaa", linewidth=0.8, zorder=0)
    ax.plot(z, function.forward(z), color=CLASS_COLORS[0], linewidth=2.2, label="$f(z)$")
    if show_derivative:
        ax.plot(
            z, function.derivative(z), color=CLASS_COLORS[4], linewidth=1.8, linestyle="--", label="$f'(z)$"
        )
    name = repr(function).removesuffix("()")
    ax.set_title(name)
    ax.set_xlabel("$z$")
    ax.set_ylabel("$f(z)$, $f'(z)$" if show_derivative else "$f(z)$")
    ax.grid(color="#eeeeee", linewidth=0.6)
    ax.legend(facecolor=BACKGROUND)
    return ax


# Per-layer histograms


def plot_layer_histograms(values_by_layer, ax=None, bins=50, title=None, xlabel="activation"):
    """One histogram per layer, side by side, with each layer's mean and standard deviation.

    ``values_by_layer`` is a dict ``{layer name: array}`` (such as
    ``layer_activations`` returns) or a list of arrays (titled layer 1,
    layer 2, ...); arrays of any shape are flattened. All histograms share
    the same bins and x axis, so a distribution that shrinks from layer to
    layer (vanishing activations) shows as a narrowing spike. Up to six
    layers sit in one row, more wrap into rows of five.

    Returns the array of Axes, one per layer; pass ``ax`` as a sequence of
    at least that many Axes to draw on your own.
    """
    if isinstance(values_by_layer, dict):
        items = list(values_by_layer.items())
    elif isinstance(values_by_layer, (list, tuple)):
        items = [(f"layer {index}", values) for index, values in enumerate(values_by_layer, start=1)]
    else:
        raise TypeError(
            f"values_by_layer must be a dict {{name: array}} or a list of arrays, got "
            f"{type(values_by_layer).__name__}."
        )
    if not items:
        raise ValueError("values_by_layer is empty: pass at least one layer's values.")
    items = [
        (str(name), as_float_array(np.ravel(values), f"the values of {name!r}")) for name, values in items
    ]
    bins = check_positive_int(bins, "bins")

    n_layers = len(items)
    n_columns = n_layers if n_layers <= 6 else 5
    n_rows = math.ceil(n_layers / n_columns)
    if ax is None:
        fig, grid = plt.subplots(
            n_rows,
            n_columns,
            figsize=(min(7.5, 1.5 * n_columns + 0.6), 2.3 * n_rows + 0.3),
            sharex=True,
            squeeze=False,
            layout="constrained",
            facecolor=BACKGROUND,
        )
        for unused in grid.flat[n_layers:]:
            unused.remove()
        axes = list(grid.flat[:n_layers])
        bottom_row = [axis for index, axis in enumerate(axes) if index + n_columns >= n_layers]
        first_column = axes[::n_columns]
    else:
        axes = list(np.ravel(ax))
        if len(axes) < n_layers:
            raise ValueError(f"{n_layers} layers need {n_layers} Axes, but ax holds {len(axes)}.")
        axes = axes[:n_layers]
        fig = axes[0].figure
        make_opaque(fig)
        bottom_row = first_column = axes

    low = min(values.min() for _, values in items)
    high = max(values.max() for _, values in items)
    if low == high:
        low, high = low - 0.5, high + 0.5
    edges = np.linspace(low, high, bins + 1)  # the same bins for every layer, so they compare
    for axis, (name, values) in zip(axes, items):
        axis.hist(values, bins=edges, color=CLASS_COLORS[0], edgecolor=CLASS_COLORS[0])
        mean = f"{values.mean():.2f}".replace("-0.00", "0.00")  # no "-0.00035": two decimals do
        axis.set_title(f"{name}\nmean {mean}\nstd {values.std():.2g}", fontsize=8.5)
        axis.set_yticks([])
        axis.tick_params(axis="x", labelsize=8)
        axis.set_xlim(low, high)
    for axis in bottom_row:
        axis.set_xlabel(xlabel, fontsize=9)
    for axis in first_column:
        axis.set_ylabel("count", fontsize=9)
    if title is not None:
        fig.suptitle(title)
    return np.asarray(axes)


def layer_activations(model, x):
    """Every layer's output for ``x``, in inference mode: ``model.layer_outputs(x)``.

    Made for ``plot_layer_histograms(layer_activations(model, x))``.
    """
    if not isinstance(model, Sequential):
        raise TypeError(f"layer_activations takes an nnlib Sequential, got {type(model).__name__}.")
    return model.layer_outputs(x)


__all__ = [
    "draw_network",
    "layer_activations",
    "plot_activation",
    "plot_decision_boundary",
    "plot_history",
    "plot_layer_histograms",
]
