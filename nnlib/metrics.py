"""Metrics reported during training: functions ``metric(y_true, y_pred) -> float``.

``"accuracy"`` means what it means in Keras for the loss in use: for
``sparse_categorical_crossentropy`` the label must equal the arg-max of the
output; for one-hot targets the two arg-maxes must agree; for a single
sigmoid output the prediction is the output thresholded at 0.5.
"""

import numpy as np


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """Fraction of outputs on the right side of ``threshold``. Shapes ``(batch, k)``."""
    return float(np.mean((y_pred > threshold) == (y_true > 0.5)))


def categorical_accuracy(y_true, y_pred):
    """Fraction of rows whose largest output is the one-hot target's class."""
    return float(np.mean(y_true.argmax(axis=-1) == y_pred.argmax(axis=-1)))


def sparse_categorical_accuracy(y_true, y_pred):
    """Fraction of rows whose largest output is at the integer label ``y_true``."""
    return float(np.mean(y_pred.argmax(axis=-1) == y_true))


def mean_absolute_error(y_true, y_pred):
    return float(np.mean(np.abs(y_pred - y_true)))


def mean_squared_error(y_true, y_pred):
    return float(np.mean((y_pred - y_true) ** 2))


METRICS = {
    "binary_accuracy": binary_accuracy,
    "categorical_accuracy": categorical_accuracy,
    "sparse_categorical_accuracy": sparse_categorical_accuracy,
    "mae": mean_absolute_error,
    "mean_absolute_error": mean_absolute_error,
    "mse": mean_squared_error,
    "mean_squared_error": mean_squared_error,
}


def accuracy_for(loss_name, n_outputs):
    """The accuracy that ``"accuracy"`` stands for, given the loss and the output width."""
    if loss_name == "sparse_categorical_crossentropy":
        return sparse_categorical_accuracy
    if n_outputs == 1:
        return binary_accuracy
    return categorical_accuracy


def get(identifier, loss_name, n_outputs):
    """Return ``(name, function)`` for a metric name or a function."""
    if callable(identifier):
        return identifier.__name__, identifier
    if identifier in ("accuracy", "acc"):
        return identifier, accuracy_for(loss_name, n_outputs)
    if identifier in METRICS:
        return identifier, METRICS[identifier]
    raise ValueError(
        f"Unknown metric {identifier!r}. Known metrics: accuracy, {', '.join(sorted(METRICS))}, "
        f"or pass a function metric(y_true, y_pred) -> float."
    )
