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
"""

import numpy as np

from . import _reduction, _validation, activations
from ._validation import lookup

EPSILON = 1e-7  # Keras's clipping constant for probabilities


class Loss:
    """Base class: ``call`` gives one value per sample, the reduction one number.

    A subclass writes ``call(y_true, y_pred)`` (shape ``(batch,)``) and, to be
    trainable, ``gradient(y_true, y_pred, sample_weight=None)``.
    """

    name = "loss"

    def __init__(self, reduction="sum_over_batch_size", name=None):
        self.reduction = _reduction.check_reduction(reduction)
        if name is not None:
            self.name = name

    def __call__(self, y_true, y_pred, sample_weight=None):
        """The loss of a batch, Keras's ``loss(y_true, y_pred, sample_weight)``.

        Takes lists or arrays, lines ``y_true`` up with ``y_pred`` (a trailing
        axis of length 1 may differ) and raises if their shapes cannot agree.
        ``sample_weight`` is a number or one weight per sample.
        """
        y_true = _validation.as_float_array(y_true, "y_true")
        y_pred = _validation.as_float_array(y_pred, "y_pred")
        return self.forward(*self._aligned(y_true, y_pred), sample_weight)

    def forward(self, y_true, y_pred, sample_weight=None):
        """The reduced loss of two arrays (a float; the values for reduction ``"none"``)."""
        y_true, y_pred = self._aligned(y_true, y_pred)
        return _reduction.reduce_weighted(self.call(y_true, y_pred), sample_weight, self.reduction)

    def call(self, y_true, y_pred):
        raise NotImplementedError(f"{type(self).__name__} needs call(y_true, y_pred): one value per sample.")

    def gradient(self, y_true, y_pred, sample_weight=None):
        raise NotImplementedError(
            f"{type(self).__name__} has no gradient, so a model cannot train on it: write "
            f"gradient(y_true, y_pred, sample_weight=None), the derivative of the reduced loss."
        )

    def _aligned(self, y_true, y_pred):
        if y_true.shape == y_pred.shape:  # the usual case, in training: nothing to check
            return y_true, y_pred
        return _reduction.same_shape(y_true, y_pred, type(self).__name__)

    def _scale(self, y_pred, sample_weight):
        r"""$\partial L / \partial \ell_i$ for the samples of ``y_pred``: $w_i / n$ by default."""
        return _reduction.gradient_scale(y_pred.shape[:-1], sample_weight, self.reduction)

    def prepare_targets(self, y, n_outputs, dtype):
        """Validate ``y`` for this loss and return it in the shape it computes with."""
        return _validation.real_targets(y, n_outputs, self.name, dtype)

    def _options(self):
        """The constructor arguments that differ from their defaults, for ``repr``."""
        options = {}
        if self.reduction != "sum_over_batch_size":
            options["reduction"] = self.reduction
        if self.name != type(self).name:
            options["name"] = self.name
        return options

    def __repr__(self):
        arguments = ", ".join(f"{key}={value!r}" for key, value in self._options().items())
        return f"{type(self).__name__}({arguments})"


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


class _CrossEntropy(Loss):
    """What the cross-entropies share: ``from_logits``, ``label_smoothing`` and the last axis."""

    smoothing_denominator = None  # 2 for binary, the number of classes for categorical

    def __init__(
        self, from_logits=False, label_smoothing=0.0, *, axis=-1, reduction="sum_over_batch_size", name=None
    ):
        super().__init__(reduction=reduction, name=name)
        if axis != -1:
            raise ValueError(
                f"nnlib computes {self.name} over the last axis (the outputs), axis=-1; got axis={axis!r}."
            )
        self.from_logits = bool(from_logits)
        self.label_smoothing = _reduction.check_label_smoothing(label_smoothing)
        self.axis = -1

    def _smoothed(self, y_true):
        r"""The targets trained on: $y (1 - s) + s / 2$ (binary) or $+ s / k$ ($k$ classes)."""
        s = self.label_smoothing
        if not s:
            return y_true
        classes = self.smoothing_denominator or y_true.shape[-1]
        return y_true * (1.0 - s) + s / classes

    def forward_from_logits(self, y_true, z, sample_weight=None):
        """The reduced loss of the logits ``z``, exactly (log-sum-exp, no clipping)."""
        y_true, z = self._aligned(y_true, z)
        return _reduction.reduce_weighted(self._call_from_logits(y_true, z), sample_weight, self.reduction)

    def _options(self):
        options = {"from_logits": self.from_logits}
        if self.label_smoothing:
            options["label_smoothing"] = self.label_smoothing
        return {**options, **super()._options()}


class BinaryCrossentropy(_CrossEntropy):
    r"""$\ell_i = -\frac{1}{k} \sum_j [y_{ij} \log p_{ij} + (1 - y_{ij}) \log(1 - p_{ij})]$ for probabilities.

    With ``from_logits=True`` the network's output is the logit $z$ and
    $p = \sigma(z)$ is applied inside the loss, stably. ``label_smoothing``
    $s$ trains on $y (1 - s) + s / 2$.

    Defined in chapter 3, *Forward propagation and loss functions*.
    """

    name = "binary_crossentropy"
    smoothing_denominator = 2

    def prepare_targets(self, y, n_outputs, dtype):
        return _validation.binary_targets(y, n_outputs, self.name, dtype)

    def call(self, y_true, y_pred):
        if self.from_logits:
            return self._call_from_logits(y_true, y_pred)
        y = self._smoothed(y_true)
        p = np.clip(y_pred, EPSILON, 1.0 - EPSILON)
        return -np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p), axis=-1)

    def gradient(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = self._aligned(y_true, y_pred)
        if self.from_logits:
            return self.logits_gradient(y_true, activations.sigmoid(y_pred), sample_weight)
        y = self._smoothed(y_true)
        inside = (y_pred > EPSILON) & (y_pred < 1.0 - EPSILON)  # clip passes no gradient
        p = np.clip(y_pred, EPSILON, 1.0 - EPSILON)
        scale = self._scale(y_pred, sample_weight) / y_pred.shape[-1]
        return inside * (p - y) / (p * (1.0 - p)) * scale

    def _call_from_logits(self, y_true, z):
        # log(1 + e^{-|z|}) + max(z, 0) - z y  equals the cross-entropy of sigmoid(z)
        y = self._smoothed(y_true)
        return np.mean(np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z))), axis=-1)

    def logits_gradient(self, y_true, p, sample_weight=None):
        r"""$\partial L / \partial z = (p - y) / (n k)$ for $p = \sigma(z)$ (times $w_i$ with weights)."""
        y_true, p = self._aligned(y_true, p)
        return (p - self._smoothed(y_true)) * (self._scale(p, sample_weight) / p.shape[-1])


class CategoricalCrossentropy(_CrossEntropy):
    r"""$\ell_i = -\sum_c y_{ic} \log p_{ic}$ for one-hot rows $y_i$, probabilities $p_i$.

    So $L = -\frac{1}{n} \sum_i \sum_c y_{ic} \log p_{ic}$. As in Keras, each row of $p$ is
    first rescaled to sum to 1, then clipped.
    ``label_smoothing`` $s$ trains on $y (1 - s) + s / k$ for $k$ classes.

    Defined in chapter 3, *Forward propagation and loss functions*.
    """

    name = "categorical_crossentropy"

    def prepare_targets(self, y, n_outputs, dtype):
        return _validation.one_hot_targets(y, n_outputs, self.name, dtype)

    def call(self, y_true, y_pred):
        if self.from_logits:
            return self._call_from_logits(y_true, y_pred)
        y = self._smoothed(y_true)
        q = np.clip(y_pred / y_pred.sum(axis=-1, keepdims=True), EPSILON, 1.0 - EPSILON)
        return -np.sum(y * np.log(q), axis=-1)

    def gradient(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = self._aligned(y_true, y_pred)
        if self.from_logits:
            return self.logits_gradient(y_true, activations.softmax(y_pred), sample_weight)
        y = self._smoothed(y_true)
        total = y_pred.sum(axis=-1, keepdims=True)
        q = y_pred / total
        inside = (q > EPSILON) & (q < 1.0 - EPSILON)
        grad_q = -(inside * y) / np.clip(q, EPSILON, 1.0 - EPSILON) * self._scale(y_pred, sample_weight)
        # chain rule through q = p / sum(p): dL/dp_i = (g_i - sum_j g_j q_j) / sum(p)
        return (grad_q - (grad_q * q).sum(axis=-1, keepdims=True)) / total

    def _call_from_logits(self, y_true, z):
        y = self._smoothed(y_true)
        shifted = z - z.max(axis=-1, keepdims=True)
        log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        return -np.sum(y * log_p, axis=-1)

    def logits_gradient(self, y_true, p, sample_weight=None):
        r"""$\partial L / \partial z = (p \sum_c y_c - y) / n$ for $p = \mathrm{softmax}(z)$.

        For one-hot rows $y$, smoothed or not, this is $(p - y)/n$.
        """
        y_true, p = self._aligned(y_true, p)
        y = self._smoothed(y_true)
        return (p * y.sum(axis=-1, keepdims=True) - y) * self._scale(p, sample_weight)


class SparseCategoricalCrossentropy(Loss):
    r"""Categorical cross-entropy with integer labels: $\ell_i = -\log p_{i, y_i}$.

    ``y_true`` holds class indices, shape ``(batch,)`` or ``(batch, 1)``; the
    same loss as ``CategoricalCrossentropy`` on the one-hot encoding of the
    labels. (Keras gives this loss no label smoothing, and neither do we.)
    """

    name = "sparse_categorical_crossentropy"

    def __init__(self, from_logits=False, *, reduction="sum_over_batch_size", name=None):
        super().__init__(reduction=reduction, name=name)
        self.from_logits = bool(from_logits)

    def __call__(self, y_true, y_pred, sample_weight=None):
        y_true = _validation.as_float_array(y_true, "y_true")
        return self.forward(y_true, _validation.as_float_array(y_pred, "y_pred"), sample_weight)

    def _aligned(self, y_true, y_pred):
        if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:  # labels (n, 1) -> (n,)
            y_true = y_true[..., 0]
        if y_true.shape != y_pred.shape[:-1]:
            raise ValueError(
                f"{type(self).__name__}: y_true has shape {y_true.shape} and y_pred has shape "
                f"{y_pred.shape}; it needs one integer label per row of y_pred, shape "
                f"{y_pred.shape[:-1]} (or {(*y_pred.shape[:-1], 1)}). For one-hot targets use "
                f"CategoricalCrossentropy."
            )
        if y_true.dtype.kind not in "iu":  # labels given as floats: check them, then index with them
            y_true = _validation.class_labels(y_true, y_pred.shape[-1], self.name)
        return y_true, y_pred

    def prepare_targets(self, y, n_outputs, dtype):
        return _validation.class_index_targets(y, n_outputs, self.name)

    def call(self, y_true, y_pred):
        if self.from_logits:
            return self._call_from_logits(y_true, y_pred)
        q = _at_labels(y_pred, y_true) / y_pred.sum(axis=-1)
        return -np.log(np.clip(q, EPSILON, 1.0 - EPSILON))

    def gradient(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = self._aligned(y_true, y_pred)
        if self.from_logits:
            return self.logits_gradient(y_true, activations.softmax(y_pred), sample_weight)
        one_hot = _one_hot(y_true, y_pred.shape[-1], y_pred.dtype)
        return CategoricalCrossentropy(reduction=self.reduction).gradient(one_hot, y_pred, sample_weight)

    def forward_from_logits(self, y_true, z, sample_weight=None):
        r"""The loss of logits ``z`` (batch, classes): $\log \sum_j e^{z_j} - z_y$ by log-sum-exp.

        Defined in chapter 3, *Forward propagation and loss functions*.
        """
        y_true, z = self._aligned(y_true, z)
        return _reduction.reduce_weighted(self._call_from_logits(y_true, z), sample_weight, self.reduction)

    def _call_from_logits(self, y_true, z):
        # -log softmax(z)_y = log(sum_j e^{z_j}) - z_y, with the row maximum taken out first
        z_max = z.max(axis=-1, keepdims=True)
        log_sum_exp = z_max[..., 0] + np.log(np.exp(z - z_max).sum(axis=-1))
        return log_sum_exp - _at_labels(z, y_true)

    def logits_gradient(self, y_true, p, sample_weight=None):
        r"""$\partial L / \partial z = (p - \mathrm{onehot}(y)) / n$ for $p = \mathrm{softmax}(z)$."""
        y_true, p = self._aligned(y_true, p)
        if p.ndim != 2:
            return (p - _one_hot(y_true, p.shape[-1], p.dtype)) * self._scale(p, sample_weight)
        delta = p.copy()  # the usual (batch, classes) case, in place: it runs at every training step
        delta[np.arange(len(p)), y_true] -= 1.0
        delta *= self._scale(p, sample_weight)
        return delta

    def _options(self):
        return {"from_logits": self.from_logits, **super()._options()}


def _at_labels(values, labels):
    """``values[i, labels[i]]`` for each row (any number of leading axes): shape ``labels.shape``."""
    if values.ndim == 2:
        return values[np.arange(len(values)), labels]
    return np.take_along_axis(values, labels[..., np.newaxis], axis=-1)[..., 0]


def _one_hot(labels, n_classes, dtype):
    """Rows with a 1 at each integer label: shape ``labels.shape + (n_classes,)``."""
    return (labels[..., np.newaxis] == np.arange(n_classes)).astype(dtype)


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
