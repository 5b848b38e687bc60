r"""Loss functions $L(y, \hat y)$ and their gradients $\partial L / \partial \hat y$.

Conventions follow Keras: a loss is averaged over the batch, MSE has no factor
1/2, and the cross-entropies clip probabilities to $[10^{-7}, 1 - 10^{-7}]$.

- ``forward(y, y_pred)`` returns the mean loss over the batch, a float;
- ``gradient(y, y_pred)`` returns $\partial L / \partial \hat y$, shape of ``y_pred``.

``y`` and ``y_pred`` have shape ``(batch, outputs)`` (sparse categorical
cross-entropy takes integer labels of shape ``(batch,)``).

**Cross-entropy from logits.** With ``from_logits=True`` a cross-entropy takes
the logits $z$ and applies the sigmoid or softmax itself: ``forward_from_logits``
computes the loss by log-sum-exp (no clipping, no overflow) and
``logits_gradient`` its gradient with respect to $z$, which is simply
$(p - y)/n$ for the probabilities $p$. A ``Sequential`` model whose last layer
is a sigmoid or softmax uses ``logits_gradient`` as that layer's error signal
(chapter 4 derives why), so its backward pass never divides by a probability.
"""

import numpy as np

from . import _validation, activations
from ._serialization import Configurable
from ._validation import lookup

EPSILON = 1e-7  # Keras's clipping constant for probabilities


class Loss(Configurable):
    """Base class: a loss averaged over the batch, with its gradient."""

    name = "loss"

    def __call__(self, y_true, y_pred):
        return self.forward(y_true, y_pred)

    def forward(self, y_true, y_pred):
        raise NotImplementedError

    def gradient(self, y_true, y_pred):
        raise NotImplementedError

    def prepare_targets(self, y, n_outputs, dtype):
        """Validate ``y`` for this loss and return it in the shape it computes with."""
        return _validation.real_targets(y, n_outputs, self.name, dtype)

    def __repr__(self):
        return f"{type(self).__name__}()"


class MeanSquaredError(Loss):
    r"""$L = \frac{1}{n k} \sum (\hat y - y)^2$, gradient $\frac{2}{n k} (\hat y - y)$.

    Defined in chapter 3, *Forward propagation and loss functions*.
    """

    name = "mean_squared_error"

    def forward(self, y_true, y_pred):
        error = y_pred - y_true
        return float(np.mean(error * error))

    def gradient(self, y_true, y_pred):
        return (2.0 / y_pred.size) * (y_pred - y_true)


class MeanAbsoluteError(Loss):
    r"""$L = \frac{1}{n k} \sum |\hat y - y|$, gradient $\frac{1}{n k}\,\mathrm{sign}(\hat y - y)$.

    Defined in chapter 3, *Forward propagation and loss functions*.
    """

    name = "mean_absolute_error"

    def forward(self, y_true, y_pred):
        return float(np.mean(np.abs(y_pred - y_true)))

    def gradient(self, y_true, y_pred):
        return np.sign(y_pred - y_true) / y_pred.size


class BinaryCrossentropy(Loss):
    r"""$L = -\frac{1}{n k} \sum [y \log p + (1 - y) \log(1 - p)]$ for probabilities $p$.

    With ``from_logits=True`` the network's output is the logit $z$ and
    $p = \sigma(z)$ is applied inside the loss, stably.

    Defined in chapter 3, *Forward propagation and loss functions*.
    """

    name = "binary_crossentropy"

    def __init__(self, from_logits=False):
        self.from_logits = from_logits

    def prepare_targets(self, y, n_outputs, dtype):
        return _validation.binary_targets(y, n_outputs, self.name, dtype)

    def forward(self, y_true, y_pred):
        if self.from_logits:
            return self.forward_from_logits(y_true, y_pred)
        p = np.clip(y_pred, EPSILON, 1.0 - EPSILON)
        return float(-np.mean(y_true * np.log(p) + (1.0 - y_true) * np.log(1.0 - p)))

    def gradient(self, y_true, y_pred):
        if self.from_logits:
            return self.logits_gradient(y_true, activations.sigmoid(y_pred))
        inside = (y_pred > EPSILON) & (y_pred < 1.0 - EPSILON)  # clip passes no gradient
        p = np.clip(y_pred, EPSILON, 1.0 - EPSILON)
        return inside * (p - y_true) / (p * (1.0 - p)) / y_pred.size

    def forward_from_logits(self, y_true, z):
        # log(1 + e^{-|z|}) + max(z, 0) - z y  equals the cross-entropy of sigmoid(z)
        return float(np.mean(np.maximum(z, 0.0) - z * y_true + np.log1p(np.exp(-np.abs(z)))))

    def logits_gradient(self, y_true, p):
        r"""$\partial L / \partial z = (p - y) / (n k)$ for $p = \sigma(z)$."""
        return (p - y_true) / p.size

    def __repr__(self):
        return f"BinaryCrossentropy(from_logits={self.from_logits})"


class CategoricalCrossentropy(Loss):
    r"""$L = -\frac{1}{n} \sum_i \sum_c y_{ic} \log p_{ic}$ for one-hot rows $y_i$.

    As in Keras, each row of $p$ is first rescaled to sum to 1, then clipped.

    Defined in chapter 3, *Forward propagation and loss functions*.
    """

    name = "categorical_crossentropy"

    def __init__(self, from_logits=False):
        self.from_logits = from_logits

    def prepare_targets(self, y, n_outputs, dtype):
        return _validation.one_hot_targets(y, n_outputs, self.name, dtype)

    def forward(self, y_true, y_pred):
        if self.from_logits:
            return self.forward_from_logits(y_true, y_pred)
        q = np.clip(y_pred / y_pred.sum(axis=-1, keepdims=True), EPSILON, 1.0 - EPSILON)
        return float(-np.sum(y_true * np.log(q)) / len(y_pred))

    def gradient(self, y_true, y_pred):
        if self.from_logits:
            return self.logits_gradient(y_true, activations.softmax(y_pred))
        total = y_pred.sum(axis=-1, keepdims=True)
        q = y_pred / total
        inside = (q > EPSILON) & (q < 1.0 - EPSILON)
        grad_q = -(inside * y_true) / np.clip(q, EPSILON, 1.0 - EPSILON) / len(y_pred)
        # chain rule through q = p / sum(p): dL/dp_i = (g_i - sum_j g_j q_j) / sum(p)
        return (grad_q - (grad_q * q).sum(axis=-1, keepdims=True)) / total

    def forward_from_logits(self, y_true, z):
        shifted = z - z.max(axis=-1, keepdims=True)
        log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        return float(-np.sum(y_true * log_p) / len(z))

    def logits_gradient(self, y_true, p):
        r"""$\partial L / \partial z = (p \sum_c y_c - y) / n$ for $p = \mathrm{softmax}(z)$.

        For one-hot rows $y$ this is $(p - y)/n$.
        """
        return (p * y_true.sum(axis=-1, keepdims=True) - y_true) / len(p)

    def __repr__(self):
        return f"CategoricalCrossentropy(from_logits={self.from_logits})"


class SparseCategoricalCrossentropy(Loss):
    r"""Categorical cross-entropy with integer labels: $L = -\frac{1}{n}\sum_i \log p_{i, y_i}$.

    ``y_true`` holds class indices, shape ``(batch,)``; the same loss as
    ``CategoricalCrossentropy`` on the one-hot encoding of the labels.
    """

    name = "sparse_categorical_crossentropy"

    def __init__(self, from_logits=False):
        self.from_logits = from_logits

    def prepare_targets(self, y, n_outputs, dtype):
        return _validation.class_index_targets(y, n_outputs, self.name)

    def forward(self, y_true, y_pred):
        if self.from_logits:
            return self.forward_from_logits(y_true, y_pred)
        rows = np.arange(len(y_pred))
        q = y_pred[rows, y_true] / y_pred.sum(axis=-1)
        return float(-np.mean(np.log(np.clip(q, EPSILON, 1.0 - EPSILON))))

    def gradient(self, y_true, y_pred):
        if self.from_logits:
            return self.logits_gradient(y_true, activations.softmax(y_pred))
        one_hot = np.zeros_like(y_pred)
        one_hot[np.arange(len(y_pred)), y_true] = 1.0
        return CategoricalCrossentropy().gradient(one_hot, y_pred)

    def forward_from_logits(self, y_true, z):
        r"""The loss of logits ``z`` (batch, classes): $\log \sum_j e^{z_j} - z_y$ by log-sum-exp.

        Defined in chapter 3, *Forward propagation and loss functions*.
        """
        # -log softmax(z)_y = log(sum_j e^{z_j}) - z_y, with the row maximum taken out first
        z_max = z.max(axis=-1)
        log_sum_exp = z_max + np.log(np.exp(z - z_max[:, None]).sum(axis=-1))
        return float((log_sum_exp - z[np.arange(len(z)), y_true]).sum() / len(z))

    def logits_gradient(self, y_true, p):
        r"""$\partial L / \partial z = (p - \mathrm{onehot}(y)) / n$ for $p = \mathrm{softmax}(z)$."""
        delta = p.copy()
        delta[np.arange(len(p)), y_true] -= 1.0
        delta /= len(p)
        return delta

    def __repr__(self):
        return f"SparseCategoricalCrossentropy(from_logits={self.from_logits})"


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
    """Return the loss for a name ("mse"), a class or an instance."""
    return lookup(identifier, LOSSES, "loss", Loss)


def mean_squared_error(y_true, y_pred):
    """MSE of two arrays of the same shape."""
    return MeanSquaredError().forward(np.asarray(y_true, float), np.asarray(y_pred, float))


def binary_crossentropy(y_true, y_pred):
    """Binary cross-entropy of probabilities ``y_pred`` against 0/1 targets."""
    return BinaryCrossentropy().forward(np.asarray(y_true, float), np.asarray(y_pred, float))


def categorical_crossentropy(y_true, y_pred):
    """Categorical cross-entropy of probability rows against one-hot rows."""
    return CategoricalCrossentropy().forward(np.asarray(y_true, float), np.asarray(y_pred, float))
