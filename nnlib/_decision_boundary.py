"""``plot_decision_boundary``: the regions a classifier gives each class, and the data on top.

Part of ``nnlib.plotting`` (import it from there).
"""

import numpy as np

from ._validation import as_float_array, check_positive_int
from .figure_style import BACKGROUND, INK, class_colors, new_axes, tint
from .model import Sequential


def plot_decision_boundary(model_or_predict, X, y, ax=None, resolution=200, title=None):
    """Shade the class a classifier predicts over the plane, and show the data on top.

    ``model_or_predict`` is one of:

    - an nnlib ``Sequential``: its ``predict`` output is thresholded at 0.5
      when it has one unit (a sigmoid output; at 0 if the loss was compiled
      with ``from_logits=True``) and turned into labels with ``argmax`` when
      it has several (a softmax output);
    - an object with a ``predict`` method, such as a ``Perceptron`` or a
      scikit-learn classifier;
    - a function from ``X`` (shape ``(n, 2)``) to labels ``(n,)`` or to
      probabilities ``(n,)``, ``(n, 1)`` or ``(n, n_classes)``, read as above.

    ``X`` has shape ``(n_samples, 2)``; ``y`` holds the integer labels,
    shape ``(n_samples,)``. The grid covers ``X`` plus a 15% margin with
    ``resolution`` points along each axis. Returns the Axes.
    """
    X = as_float_array(X, "X")
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(
            f"plot_decision_boundary draws the plane of two features, so X must have shape "
            f"(n_samples, 2), but it has shape {X.shape}. Pick two columns, e.g. X[:, :2]."
        )
    y = _check_labels(y, len(X))
    resolution = check_positive_int(resolution, "resolution")
    if resolution < 2:
        raise ValueError(f"resolution must be at least 2 points per axis, got {resolution}.")
    predict = _label_function(model_or_predict)

    low, high = X.min(axis=0), X.max(axis=0)
    margin = np.where(high > low, 0.15 * (high - low), 0.5)
    x1, x2 = np.meshgrid(
        np.linspace(low[0] - margin[0], high[0] + margin[0], resolution),
        np.linspace(low[1] - margin[1], high[1] + margin[1], resolution),
    )
    grid = np.column_stack([x1.ravel(), x2.ravel()])
    predicted = predict(grid)
    if predicted.shape != (len(grid),):
        raise ValueError(
            f"The model gave {predicted.shape} predictions for {len(grid)} grid points; it "
            f"should give one label or probability row per point."
        )

    # Colour by position in the sorted labels, so labels such as -1/1 work too.
    classes = np.union1d(np.unique(y), np.unique(predicted))
    colors = class_colors(len(classes))
    region = np.searchsorted(classes, predicted).reshape(x1.shape)
    ax = new_axes(ax, figsize=(6, 4.5))
    levels = np.arange(len(classes) + 1) - 0.5
    ax.contourf(x1, x2, region, levels=levels, colors=[tint(color) for color in colors])
    if region.min() != region.max():
        ax.contour(x1, x2, region, levels=levels[1:-1], colors=INK, linewidths=1.0)
    size = 70 if len(X) <= 50 else 30 if len(X) <= 500 else 12
    for index, label in enumerate(classes):
        chosen = y == label
        if chosen.any():
            ax.scatter(
                X[chosen, 0],
                X[chosen, 1],
                s=size,
                color=colors[index],
                edgecolors=INK,
                linewidths=0.5,
                label=f"class {label}",
                zorder=3,
            )
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="best", framealpha=0.9, facecolor=BACKGROUND)
    if title is not None:
        ax.set_title(title)
    return ax


def _label_function(model_or_predict):
    """Turn a model, an estimator or a function into ``grid -> labels``."""
    if isinstance(model_or_predict, Sequential):
        model = model_or_predict
        threshold = 0.0 if getattr(model.loss, "from_logits", False) else 0.5
        return lambda grid: _as_labels(model.predict(grid, batch_size=8192), threshold, outputs=True)
    if callable(getattr(model_or_predict, "predict", None)):
        return lambda grid: _as_labels(model_or_predict.predict(grid))
    if callable(model_or_predict):
        return lambda grid: _as_labels(model_or_predict(grid))
    raise TypeError(
        f"plot_decision_boundary needs a model with a predict method (an nnlib Sequential, a "
        f"Perceptron, a scikit-learn classifier) or a function of X, got "
        f"{type(model_or_predict).__name__}."
    )


def _as_labels(output, threshold=0.5, outputs=False):
    """Labels from predictions: argmax of several columns, a threshold on one column of scores.

    A flat output of whole numbers is taken as labels already, unless
    ``outputs`` says it comes from a network's output layer.
    """
    output = np.asarray(output)
    if output.ndim == 2 and output.shape[1] > 1:
        return output.argmax(axis=1)
    if output.ndim == 2:
        output = output[:, 0]
    if not outputs and (output.dtype.kind in "biu" or np.all(output == np.round(output))):
        return output.astype(np.int64)
    return (output >= threshold).astype(np.int64)


def _check_labels(y, n_samples):
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1 or len(y) != n_samples:
        raise ValueError(f"y must hold one label per row of X ({n_samples}), but it has shape {y.shape}.")
    if y.dtype.kind not in "biuf" or not np.all(y == np.round(y)):
        raise ValueError(
            "y must hold integer class labels such as 0, 1, 2. For one-hot labels pass y.argmax(axis=1)."
        )
    return y.astype(np.int64)


# Learning curves
