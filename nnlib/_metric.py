r"""The stateful metric: ``update_state``, ``result``, ``reset_state``, as in Keras.

``Mean`` keeps a weighted sum and a count, $\sum_i w_i v_i$ and $\sum_i w_i$
(or the number of samples without weights), and its result is their ratio:
the mean over every sample seen since the last reset, however the samples
were split into batches. ``MeanMetricWrapper`` feeds it the per-sample
values of a function ``fn(y_true, y_pred)``; the accuracies and the
regression metrics of ``metrics.py`` are such wrappers.
"""

import re

import numpy as np

from . import _reduction
from ._serialization import Configurable


def snake_case(name):
    """``"BinaryAccuracy"`` -> ``"binary_accuracy"``, ``"AUC"`` -> ``"auc"`` (Keras's naming rule)."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


class Metric(Configurable):
    """Base class: a value accumulated over batches.

    A subclass writes ``update_state(y_true, y_pred, sample_weight=None)``,
    ``result()`` and ``reset_state()``, and calls ``reset_state()`` at the end
    of its ``__init__``.
    """

    _direction = None  # "up" or "down" where it is known whether higher is better, as in Keras

    def __init__(self, name=None, dtype=None):
        self.name = name or snake_case(type(self).__name__)
        self.dtype = dtype  # accepted as in Keras; nnlib computes in float64

    def update_state(self, y_true, y_pred, sample_weight=None):
        raise NotImplementedError

    def result(self):
        raise NotImplementedError

    def reset_state(self):
        """Forget every batch seen so far."""

    def add_weight(self, *args, **kwargs):
        """Keras's metric variables; nnlib's metrics hold their state in plain attributes instead."""
        raise TypeError(
            f"{type(self).__name__}: nnlib's metrics have no variables (add_weight, assign_add). Keep "
            f"the state in plain attributes: set self.total = 0.0 in reset_state(), add to it in "
            f"update_state(), and call self.reset_state() at the end of __init__."
        )

    add_variable = add_weight

    def __call__(self, *args, **kwargs):
        """``update_state(...)``, then the ``result()`` over everything seen so far."""
        self.update_state(*args, **kwargs)
        return self.result()

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"


def samplewise(values, sample_weight):
    """``(values, weights)``, each reduced to one entry per sample, the values multiplied by the weights.

    Keras's ``reduce_to_samplewise_values``: weights line up with the values
    (``align_ranks``), values with more axes than the weights are averaged over
    the extra axes, and both end with one entry per sample (axis 0).
    """
    values = np.asarray(values, dtype=np.float64)
    weights = None
    if sample_weight is not None:
        weights = _reduction.weights_array(sample_weight)
        values, weights = _reduction.align_ranks(values, weights)
        if values.ndim > weights.ndim:
            values = values.mean(axis=tuple(range(weights.ndim, values.ndim)))
        try:
            weights = np.broadcast_to(weights, values.shape)
        except ValueError:
            raise ValueError(
                f"sample_weight has shape {weights.shape}, which does not fit the metric's values of "
                f"shape {values.shape}. Give one weight per sample or a single number."
            ) from None
        values = values * weights
        if weights.ndim > 1:
            weights = weights.mean(axis=tuple(range(1, weights.ndim)))
    if values.ndim > 1:
        values = values.mean(axis=tuple(range(1, values.ndim)))
    return values, weights


class Mean(Metric):
    r"""The (weighted) mean of the values given: $\sum_i w_i v_i / \sum_i w_i$."""

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.reset_state()

    def update_state(self, values, sample_weight=None):
        values, weights = samplewise(values, sample_weight)
        self.total += float(values.sum())
        if weights is not None:
            self.count += float(weights.sum())
        else:
            self.count += values.shape[0] if values.ndim else 1  # one number counts once, as in Keras

    def result(self):
        return self.total / self.count if self.count else 0.0

    def reset_state(self):
        self.total, self.count = 0.0, 0.0


class MeanMetricWrapper(Mean):
    """The mean over the samples of ``fn(y_true, y_pred, **kwargs)``, a per-sample function."""

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name or snake_case(getattr(fn, "__name__", "mean")), dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        try:
            super().update_state(values, sample_weight)
        except (TypeError, ValueError) as error:
            raise type(error)(
                f"The metric {self.name!r} returned {type(values).__name__} "
                f"{getattr(values, 'shape', '')}: {error}"
            ) from None
