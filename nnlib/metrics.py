"""Metrics: functions with one value per sample, and objects that accumulate them.

**Functions** (``binary_accuracy``, ``sparse_categorical_accuracy``,
``mean_squared_error``, ...) compute one value per sample or per entry, as
Keras's do: ``binary_accuracy`` of ``(n, 1)`` arrays is ``(n, 1)`` zeros and
ones, ``sparse_categorical_accuracy`` is ``(n,)``. They line ``y_true`` up with
``y_pred`` first, as the losses do, so labels ``(n,)`` against outputs ``(n, 1)``
are compared sample by sample, never as an ``(n, n)`` grid.

**Objects** (``Metric``: ``BinaryAccuracy()``, ``Precision()``, ``AUC()``, ...)
keep a state over many batches: ``update_state(y_true, y_pred,
sample_weight=None)`` adds a batch, ``result()`` gives the value so far,
``reset_state()`` starts again; calling one does ``update_state`` and returns
``result()``. ``fit`` and ``evaluate`` update them batch after batch and reset
them at the start of each epoch, so an epoch's precision is the precision of
all its samples, not a mean of per-batch precisions.

In ``compile(metrics=[...])`` a metric is a name (``"accuracy"``, ``"mae"``,
``"precision"``), a ``Metric`` object or a function ``f(y_true, y_pred)``
returning per-sample values (or one number), averaged over the epoch; it is
logged under the name given, the object's ``name``, or the function's name.
``"accuracy"`` means what it means in Keras for the shapes at hand: with one
output unit, ``binary_accuracy``; with integer labels, ``sparse_categorical_accuracy``;
with one-hot targets, ``categorical_accuracy``. Metrics listed in
``weighted_metrics`` receive the sample weights; those in ``metrics`` do not
(as in Keras).
"""

import difflib

import numpy as np

from . import _reduction, losses
from ._confusion_metrics import AUC, Precision, Recall
from ._metric import Mean, MeanMetricWrapper, Metric, snake_case

# Per-sample functions


def _arrays(y_true, y_pred):
    return np.asarray(y_true, dtype=np.float64), np.asarray(y_pred, dtype=np.float64)


def accuracy(y_true, y_pred):
    """1.0 where ``y_pred`` equals ``y_true`` exactly, else 0.0, entry by entry."""
    y_true, y_pred = _reduction.same_shape(*_arrays(y_true, y_pred), "accuracy")
    return (y_true == y_pred).astype(np.float64)


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """1.0 where ``y_pred > threshold`` matches the 0/1 label ``y_true``, entry by entry."""
    y_true, y_pred = _reduction.same_shape(*_arrays(y_true, y_pred), "binary_accuracy")
    return (y_true == (y_pred > threshold)).astype(np.float64)


def categorical_accuracy(y_true, y_pred):
    """1.0 for each row whose largest output is the one-hot target's class: shape ``(batch,)``."""
    y_true, y_pred = _arrays(y_true, y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"categorical_accuracy compares one-hot rows with output rows, but y_true has shape "
            f"{y_true.shape} and y_pred {y_pred.shape}. For integer labels use "
            f"sparse_categorical_accuracy (or metrics=['accuracy'], which chooses it)."
        )
    return (y_true.argmax(axis=-1) == y_pred.argmax(axis=-1)).astype(np.float64)


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 for each row whose largest output is at the integer label: shape ``(batch,)``."""
    y_true, y_pred = _arrays(y_true, y_pred)
    if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:  # labels (n, 1) -> (n,)
        y_true = y_true[..., 0]
    if y_true.shape != y_pred.shape[:-1]:
        raise ValueError(
            f"sparse_categorical_accuracy needs one integer label per row of y_pred (shape "
            f"{y_pred.shape[:-1]}), but y_true has shape {y_true.shape}. For one-hot targets use "
            f"categorical_accuracy."
        )
    return (y_pred.argmax(axis=-1) == y_true).astype(np.float64)


mean_squared_error = losses.mean_squared_error
mean_absolute_error = losses.mean_absolute_error
binary_crossentropy = losses.binary_crossentropy
categorical_crossentropy = losses.categorical_crossentropy
sparse_categorical_crossentropy = losses.sparse_categorical_crossentropy


# Objects that average a function over the samples


class Accuracy(MeanMetricWrapper):
    """How often ``y_pred`` equals ``y_true`` exactly (for labels, not probabilities)."""

    _direction = "up"  # as Keras marks it: higher is better

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(accuracy, name=name, dtype=dtype)


class BinaryAccuracy(MeanMetricWrapper):
    """How often ``y_pred > threshold`` matches the 0/1 labels."""

    _direction = "up"  # as Keras marks it: higher is better

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(binary_accuracy, name=name, dtype=dtype, threshold=threshold)
        self.threshold = threshold


class CategoricalAccuracy(MeanMetricWrapper):
    """How often the largest output is the one-hot target's class."""

    _direction = "up"  # as Keras marks it: higher is better

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy, name=name, dtype=dtype)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often the largest output is at the integer label."""

    _direction = "up"  # as Keras marks it: higher is better

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)


class MeanSquaredError(MeanMetricWrapper):
    """The mean over the samples of each sample's mean squared error."""

    _direction = "down"  # as Keras marks it: lower is better

    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(mean_squared_error, name=name, dtype=dtype)


class MeanAbsoluteError(MeanMetricWrapper):
    """The mean over the samples of each sample's mean absolute error."""

    _direction = "down"  # as Keras marks it: lower is better

    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, name=name, dtype=dtype)


class _CrossentropyMetric(MeanMetricWrapper):
    """The mean of a cross-entropy over the samples, as a metric (lower is better)."""

    _direction = "down"


class BinaryCrossentropy(_CrossentropyMetric):
    """The mean binary cross-entropy; ``from_logits`` and ``label_smoothing`` as in the loss."""

    def __init__(self, name="binary_crossentropy", dtype=None, from_logits=False, label_smoothing=0.0):
        super().__init__(
            binary_crossentropy, name, dtype, from_logits=from_logits, label_smoothing=label_smoothing
        )
        self.from_logits, self.label_smoothing = from_logits, label_smoothing


class CategoricalCrossentropy(_CrossentropyMetric):
    """The mean categorical cross-entropy of one-hot targets; arguments as in the loss."""

    def __init__(self, name="categorical_crossentropy", dtype=None, from_logits=False, label_smoothing=0.0):
        super().__init__(
            categorical_crossentropy, name, dtype, from_logits=from_logits, label_smoothing=label_smoothing
        )
        self.from_logits, self.label_smoothing = from_logits, label_smoothing


class SparseCategoricalCrossentropy(_CrossentropyMetric):
    """The mean cross-entropy of integer labels; ``from_logits`` as in the loss."""

    def __init__(self, name="sparse_categorical_crossentropy", dtype=None, from_logits=False):
        super().__init__(sparse_categorical_crossentropy, name, dtype, from_logits=from_logits)
        self.from_logits = from_logits


# Names, as compile takes them

#: metric names -> the Metric class they make (Keras's names: function names, classes in snake_case)
METRICS = {
    "accuracy": Accuracy,  # in compile, "accuracy" and "acc" pick the accuracy for the shapes instead
    "binary_accuracy": BinaryAccuracy,
    "categorical_accuracy": CategoricalAccuracy,
    "sparse_categorical_accuracy": SparseCategoricalAccuracy,
    "mse": MeanSquaredError,
    "mean_squared_error": MeanSquaredError,
    "mae": MeanAbsoluteError,
    "mean_absolute_error": MeanAbsoluteError,
    "precision": Precision,
    "recall": Recall,
    "auc": AUC,
}
_FUNCTIONS = {  # names of loss functions that are also metrics (averaged)
    "binary_crossentropy": binary_crossentropy,
    "categorical_crossentropy": categorical_crossentropy,
    "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
}
_CLASSES = [Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy]
_CLASSES += [MeanSquaredError, MeanAbsoluteError, Precision, Recall, AUC]
_CLASSES += [BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy]
_BY_CLASS_NAME = {cls.__name__: cls for cls in _CLASSES}


def get(identifier):
    """A ``Metric`` object or a metric function for a name, a class, an object or a function."""
    if isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Metric):
        return identifier()
    if isinstance(identifier, str):
        if identifier in METRICS:
            return METRICS[identifier]()
        if identifier in _BY_CLASS_NAME:
            return _BY_CLASS_NAME[identifier]()
        if identifier in _FUNCTIONS:
            return _FUNCTIONS[identifier]
        known = ["acc", *sorted(METRICS), *sorted(_FUNCTIONS)]
        close = difflib.get_close_matches(identifier.lower(), known, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(
            f"Unknown metric {identifier!r}.{hint} Known metrics: {', '.join(known)}; or pass a "
            f"Metric object such as metrics.Precision(), or a function metric(y_true, y_pred) "
            f"returning one value per sample."
        )
    if callable(identifier):
        return identifier
    raise TypeError(
        f"A metric is a name such as 'accuracy', a Metric object or a function "
        f"metric(y_true, y_pred); got {type(identifier).__name__}."
    )


def accuracy_for(y_true, n_outputs):
    """The accuracy ``"accuracy"`` stands for, from the targets and the output width (as Keras)."""
    if n_outputs == 1:
        return BinaryAccuracy
    if y_true.ndim < 2 or y_true.shape[-1] == 1:
        return SparseCategoricalAccuracy
    return CategoricalAccuracy


def compiled(identifier, y_true, n_outputs):
    """The ``Metric`` that ``fit`` updates for ``identifier``, with the name Keras logs it under.

    A name is logged as given (``"acc"`` stays ``"acc"``), an object under its
    ``name``, a function under its ``__name__`` in snake_case.
    """
    if isinstance(identifier, str) and identifier.lower() in ("accuracy", "acc"):
        return accuracy_for(y_true, n_outputs)(name=identifier)
    metric = get(identifier)
    if isinstance(metric, Metric):
        if isinstance(identifier, str):
            metric.name = identifier
        return metric
    return MeanMetricWrapper(metric, name=log_name(identifier))


def log_name(identifier):
    """The name ``compiled(identifier, ...)`` logs its metric under, known before any data."""
    if isinstance(identifier, str):
        return identifier
    if isinstance(identifier, Metric):
        return identifier.name
    if isinstance(identifier, type) and issubclass(identifier, Metric):
        return identifier().name
    return snake_case(getattr(identifier, "__name__", "metric"))


def check_names(identifiers):
    """Raise at compile time, before any training, for a metric that ``get`` cannot make."""
    for identifier in identifiers:
        if not (isinstance(identifier, str) and identifier.lower() in ("accuracy", "acc")):
            get(identifier)


__all__ = [
    "AUC",
    "Accuracy",
    "BinaryAccuracy",
    "BinaryCrossentropy",
    "CategoricalAccuracy",
    "CategoricalCrossentropy",
    "Mean",
    "MeanAbsoluteError",
    "MeanMetricWrapper",
    "MeanSquaredError",
    "Metric",
    "Precision",
    "Recall",
    "SparseCategoricalAccuracy",
    "SparseCategoricalCrossentropy",
    "accuracy",
    "binary_accuracy",
    "binary_crossentropy",
    "categorical_accuracy",
    "categorical_crossentropy",
    "get",
    "mean_absolute_error",
    "mean_squared_error",
    "sparse_categorical_accuracy",
    "sparse_categorical_crossentropy",
]
