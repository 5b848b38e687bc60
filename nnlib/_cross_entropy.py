r"""The cross-entropies: binary, categorical (one-hot rows) and sparse categorical (integer labels).

Each computes from probabilities, clipped to $[10^{-7}, 1 - 10^{-7}]$ as in
Keras, or exactly from logits (``from_logits=True``, and the fused output
layer of ``Sequential``: ``forward_from_logits`` and ``logits_gradient``).
Binary and categorical cross-entropy take ``label_smoothing``. See
``losses.py`` for how a loss works.
"""

import numpy as np

from . import _reduction, _validation, activations
from ._loss import Loss

EPSILON = 1e-7  # Keras's clipping constant for probabilities


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
