r"""Loss functions $L(y, \hat y)$ and their gradients $\partial L / \partial \hat y$.

Conventions follow Keras 3: MSE has no factor 1/2, and the cross-entropies
clip probabilities to $[10^{-7}, 1 - 10^{-7}]$. A loss works in two steps:

- ``call(y_true, y_pred)`` is the formula: one value $\ell_i$ per sample,
  shape ``(batch,)`` (the mean or sum over the last axis, the outputs);
- the reduction combines them: by default $L = \frac{1}{n}\sum_i w_i \ell_i$
  with sample weights $w_i$ (all 1 without them). ``reduction`` chooses
  ``"sum_over_batch_size"`` (default), ``"sum"``, ``"mean_with_sample_weight"``
  or ``"none"``/``None`` (the values themselves); see ``_reduction.py``.

``loss(y_true, y_pred, sample_weight=None)`` does both, on anything array-like,
after lining ``y_true`` up with ``y_pred`` as Keras does: targets of shape
``(n,)`` against predictions ``(n, 1)`` are one column, not an ``(n, n)``
grid. ``forward`` is the same on arrays, for training; ``gradient`` returns
$\partial L / \partial \hat y$, shape of ``y_pred``, with the weights and the
reduction in it.

``y`` and ``y_pred`` have shape ``(batch, outputs)`` (sparse categorical
cross-entropy takes integer labels of shape ``(batch,)``).

**Cross-entropy from logits.** With ``from_logits=True`` a cross-entropy takes
the logits $z$ and applies the sigmoid or softmax itself: ``forward_from_logits``
computes the loss by log-sum-exp (no clipping, no overflow) and
``logits_gradient`` its gradient with respect to $z$, which is simply
$(p - y)/n$ for the probabilities $p$. A ``Sequential`` model whose last layer
is a sigmoid or softmax uses ``logits_gradient`` as that layer's error signal
(chapter 4 derives why), so its backward pass never divides by a probability.

**Label smoothing** (binary and categorical cross-entropy) trains on softened
targets, $y (1 - s) + s/2$ for binary and $y (1 - s) + s/k$ for $k$ classes,
in every path: probabilities, logits and the fused output layer.

The base class ``Loss`` is in ``_loss.py``, the cross-entropies in
``_cross_entropy.py``, the lining up and the reductions in ``_reduction.py``;
all are imported here, where a loss is looked up by name.
"""

import numpy as np

from ._cross_entropy import (
    EPSILON,
    BinaryCrossentropy,
    CategoricalCrossentropy,
    SparseCategoricalCrossentropy,
)
from ._loss import Loss
from ._validation import lookup


class MeanSquaredError(Loss):
    r"""$\ell_i = \frac{1}{k} \sum_j (\hat y_{ij} - y_{ij})^2$, so $L = \frac{1}{n k} \sum (\hat y - y)^2$.

    Gradient $\frac{2}{k} (\hat y - y)$ per sample, times $w_i / n$.

    Defined in chapter 3, *Forward propagation and loss functions*.
    """

    name = "mean_squared_error"

    def call(self, y_true, y_pred):
        error = y_pred - y_true
        return np.mean(error * error, axis=-1)

    def gradient(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = self._aligned(y_true, y_pred)
        return (2.0 / y_pred.shape[-1]) * self._scale(y_pred, sample_weight) * (y_pred - y_true)


class MeanAbsoluteError(Loss):
    r"""$\ell_i = \frac{1}{k} \sum_j |\hat y_{ij} - y_{ij}|$, so $L = \frac{1}{n k} \sum |\hat y - y|$.

    Gradient $\frac{1}{k}\,\mathrm{sign}(\hat y - y)$ per sample, times $w_i / n$.

    Defined in chapter 3, *Forward propagation and loss functions*.
    """

    name = "mean_absolute_error"

    def call(self, y_true, y_pred):
        return np.mean(np.abs(y_pred - y_true), axis=-1)

    def gradient(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = self._aligned(y_true, y_pred)
        return self._scale(y_pred, sample_weight) / y_pred.shape[-1] * np.sign(y_pred - y_true)


LOSSES = {
    "mse": MeanSquaredError,
    "mean_squared_error": MeanSquaredError,
    "mae": MeanAbsoluteError,
    "mean_absolute_error": MeanAbsoluteError,
    "binary_crossentropy": BinaryCrossentropy,
    "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy,
}


def get(identifier):
    """Return the loss for a name ("mse"), a class, an instance, or one of the functions below."""
    if callable(identifier) and identifier in _FUNCTIONS:
        return _FUNCTIONS[identifier]()
    if callable(identifier) and not isinstance(identifier, (Loss, type)):
        raise TypeError(
            f"nnlib cannot train on the function {getattr(identifier, '__name__', identifier)!r}: it has "
            f"no automatic differentiation, so a loss needs its gradient written out. Subclass "
            f"losses.Loss with call(y_true, y_pred) (one value per sample) and gradient(y_true, "
            f"y_pred, sample_weight=None), or use a built-in loss such as 'mse'."
        )
    return lookup(identifier, LOSSES, "loss", Loss)


# The functions give one value per sample, as Keras's do: shape (batch,) for (batch, k).


def mean_squared_error(y_true, y_pred):
    """Per-sample mean squared error, ``mean((y_pred - y_true) ** 2, axis=-1)``."""
    return MeanSquaredError(reduction=None)(y_true, y_pred)


def mean_absolute_error(y_true, y_pred):
    """Per-sample mean absolute error, ``mean(|y_pred - y_true|, axis=-1)``."""
    return MeanAbsoluteError(reduction=None)(y_true, y_pred)


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0):
    """Per-sample binary cross-entropy (the mean over the last axis) of probabilities or logits."""
    return BinaryCrossentropy(from_logits, label_smoothing, reduction=None)(y_true, y_pred)


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0):
    """Per-sample categorical cross-entropy of probability (or logit) rows against one-hot rows."""
    return CategoricalCrossentropy(from_logits, label_smoothing, reduction=None)(y_true, y_pred)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False):
    """Per-sample cross-entropy of probability (or logit) rows against integer labels."""
    return SparseCategoricalCrossentropy(from_logits, reduction=None)(y_true, y_pred)


_FUNCTIONS = {
    mean_squared_error: MeanSquaredError,
    mean_absolute_error: MeanAbsoluteError,
    binary_crossentropy: BinaryCrossentropy,
    categorical_crossentropy: CategoricalCrossentropy,
    sparse_categorical_crossentropy: SparseCategoricalCrossentropy,
}


__all__ = [
    "EPSILON",
    "BinaryCrossentropy",
    "CategoricalCrossentropy",
    "Loss",
    "MeanAbsoluteError",
    "MeanSquaredError",
    "SparseCategoricalCrossentropy",
    "binary_crossentropy",
    "categorical_crossentropy",
    "get",
    "mean_absolute_error",
    "mean_squared_error",
    "sparse_categorical_crossentropy",
]
