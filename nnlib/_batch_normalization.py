r"""``BatchNormalization``: normalize each feature over the mini-batch, then scale and shift it.

Names, arguments and defaults are Keras's
(keras/src/layers/normalization/batch_normalization.py); the class
docstring derives the backward pass.
"""

import numbers

import numpy as np

from . import initializers, regularizers
from ._layer import Layer
from ._normalization import kept_and_reduced_axes
from ._serialization import to_config_value


class BatchNormalization(Layer):
    r"""Normalize each feature over the mini-batch, then scale and shift it (Ioffe and Szegedy).

    For a batch ``x`` of shape ``(m, n)`` (``axis=-1``), in training:

    $$\mu = \tfrac{1}{m}\textstyle\sum_i x_i, \quad
    \sigma^2 = \tfrac{1}{m}\textstyle\sum_i (x_i - \mu)^2, \quad
    \hat x = \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}}, \quad
    y = \gamma \hat x + \beta,$$

    each of shape ``(n,)`` or ``(m, n)``; the variance divides by $m$, as
    Keras's does. Each training step also updates the moving statistics,
    $\mu_\text{mov} \leftarrow k\,\mu_\text{mov} + (1 - k)\mu$ and the same
    for $\sigma^2$ (``momentum`` $k$ = 0.99), which inference uses instead of
    the batch's: $y = \gamma (x - \mu_\text{mov}) / \sqrt{\sigma^2_\text{mov} + \epsilon} + \beta$.
    A frozen layer (``trainable = False``) always runs as in inference, as in
    Keras.

    **Backward pass (training).** Given $g = \partial L/\partial y$, shape
    ``(m, n)``: $\partial L/\partial\beta = \sum_i g_i$ and
    $\partial L/\partial\gamma = \sum_i g_i \hat x_i$, each ``(n,)``. Every
    $x_i$ reaches $L$ three ways, directly and through $\mu$ and
    $\sigma^2$; with $d = \gamma g$ (the gradient for $\hat x$), the three
    terms add up to

    $$\frac{\partial L}{\partial x} = \frac{1}{\sqrt{\sigma^2 + \epsilon}}
    \left(d - \overline{d} - \hat x\, \overline{d \hat x}\right),$$

    where a bar is the mean over the batch, shape ``(1, n)``: the mean of
    the gradient and its component along $\hat x$ are removed, because
    moving all inputs together, or stretching them, leaves $\hat x$
    unchanged. In inference the statistics are constants and
    $\partial L/\partial x = \gamma g / \sqrt{\sigma^2_\text{mov} + \epsilon}$.
    With inputs of more axes, $m$ is every axis but ``axis``.

    Arguments (Keras's): ``axis=-1``, ``momentum=0.99``, ``epsilon=1e-3``,
    ``center=True`` (learn $\beta$), ``scale=True`` (learn $\gamma$),
    ``beta_initializer="zeros"``, ``gamma_initializer="ones"``,
    ``moving_mean_initializer="zeros"``, ``moving_variance_initializer="ones"``,
    ``beta_regularizer``, ``gamma_regularizer``. Weights, in Keras's order:
    ``gamma``, ``beta`` (trainable), ``moving_mean``, ``moving_variance``
    (non-trainable), ``4 n`` parameters in all. PyTorch's ``BatchNorm1d``
    differs: ``momentum=0.1`` weighs the *new* batch ($k = 0.9$ here),
    ``eps=1e-5``, and its moving variance uses the unbiased batch variance
    (divided by $m - 1$).
    """

    gradient_names = ("dgamma", "dbeta")
    non_trainable_weight_names = ("moving_mean", "moving_variance")
    default_name = "batch_normalization"

    def __init__(
        self,
        axis=-1,
        momentum=0.99,
        epsilon=1e-3,
        center=True,
        scale=True,
        beta_initializer="zeros",
        gamma_initializer="ones",
        moving_mean_initializer="zeros",
        moving_variance_initializer="ones",
        beta_regularizer=None,
        gamma_regularizer=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.axis = int(axis)
        if isinstance(momentum, bool) or not isinstance(momentum, numbers.Real) or not 0 <= momentum <= 1:
            raise ValueError(
                f"BatchNormalization's momentum must be a number from 0 to 1 (Keras's default is "
                f"0.99: the moving statistics keep 99% of their value at each step), got {momentum!r}."
            )
        self.momentum = float(momentum)
        if not epsilon > 0:
            raise ValueError(f"BatchNormalization's epsilon must be a positive number, got {epsilon!r}.")
        self.epsilon = float(epsilon)
        self.center, self.scale = bool(center), bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.weight_names = ("gamma",) * self.scale + ("beta",) * self.center
        self.gradient_names = ("dgamma",) * self.scale + ("dbeta",) * self.center

    def build(self, input_shape, rng=None, dtype=None):
        rng, dtype = self._rng_and_dtype(rng, dtype)
        (axis,), self._reduction_axes = kept_and_reduced_axes(
            (self.axis,), len(input_shape), "BatchNormalization"
        )
        n = input_shape[axis]
        #: the shape the per-feature arrays take to broadcast against x: (1, n) for (batch, n)
        self._broadcast_shape = tuple(n if a == axis else 1 for a in range(len(input_shape)))
        if self.scale:
            self.gamma = self.gamma_initializer((n,), dtype, rng)
            self.dgamma = np.zeros_like(self.gamma)
        if self.center:
            self.beta = self.beta_initializer((n,), dtype, rng)
            self.dbeta = np.zeros_like(self.beta)
        self.moving_mean = self.moving_mean_initializer((n,), dtype, rng)
        self.moving_variance = self.moving_variance_initializer((n,), dtype, rng)
        super().build(input_shape, rng, dtype)

    def _per_feature(self, values, dtype):
        return values.astype(dtype, copy=False).reshape(self._broadcast_shape)

    def forward(self, x, training=False):
        self.batch_statistics = training and self.trainable  # a frozen layer normalizes as in inference
        if self.batch_statistics:
            mean = x.mean(axis=self._reduction_axes, keepdims=True)
            centered = x - mean
            variance = np.mean(centered * centered, axis=self._reduction_axes, keepdims=True)
            self.inverse_std = 1.0 / np.sqrt(variance + self.epsilon)
            self.x_hat = centered * self.inverse_std
            k = self.momentum
            self.moving_mean[...] = self.moving_mean * k + mean.reshape(-1) * (1.0 - k)
            self.moving_variance[...] = self.moving_variance * k + variance.reshape(-1) * (1.0 - k)
        else:
            mean = self._per_feature(self.moving_mean, x.dtype)
            self.inverse_std = 1.0 / np.sqrt(self._per_feature(self.moving_variance, x.dtype) + self.epsilon)
            self.x_hat = (x - mean) * self.inverse_std
        y = self.x_hat * self._per_feature(self.gamma, x.dtype) if self.scale else self.x_hat.copy()
        if self.center:
            y += self._per_feature(self.beta, x.dtype)
        return y

    def backward(self, grad_output, need_input_gradient=True):
        g, x_hat = grad_output, self.x_hat
        if self.trainable:
            if self.scale:
                np.sum(g * x_hat, axis=self._reduction_axes, out=self.dgamma)  # dL/dgamma
                if self.gamma_regularizer is not None:
                    self.dgamma += self.gamma_regularizer.gradient(self.gamma)
            if self.center:
                np.sum(g, axis=self._reduction_axes, out=self.dbeta)  # dL/dbeta
                if self.beta_regularizer is not None:
                    self.dbeta += self.beta_regularizer.gradient(self.beta)
        if not need_input_gradient:
            return None
        d = g * self._per_feature(self.gamma, g.dtype) if self.scale else g  # dL/dx_hat
        if not self.batch_statistics:
            return d * self.inverse_std
        axes = self._reduction_axes
        return self.inverse_std * (
            d - d.mean(axis=axes, keepdims=True) - x_hat * np.mean(d * x_hat, axis=axes, keepdims=True)
        )

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    @property
    def has_regularizers(self):
        return (self.scale and self.gamma_regularizer is not None) or (
            self.center and self.beta_regularizer is not None
        )

    def regularization_penalty(self):
        penalty = 0.0
        if self.scale and self.gamma_regularizer is not None:
            penalty += self.gamma_regularizer.penalty(self.gamma)
        if self.center and self.beta_regularizer is not None:
            penalty += self.beta_regularizer.penalty(self.beta)
        return penalty

    def get_config(self):
        """The constructor's arguments, by Keras's names."""
        config = {
            "name": self.name,
            "trainable": self.trainable,
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": self.beta_initializer,
            "gamma_initializer": self.gamma_initializer,
            "moving_mean_initializer": self.moving_mean_initializer,
            "moving_variance_initializer": self.moving_variance_initializer,
            "beta_regularizer": self.beta_regularizer,
            "gamma_regularizer": self.gamma_regularizer,
        }
        return to_config_value(config, "BatchNormalization")  # JSON: initializers as configs
