r"""Layers: each keeps its forward pass and its backward pass side by side.

A layer maps a batch ``x`` of shape ``(batch, inputs)`` to an output of shape
``(batch, units)``. ``forward(x, training)`` remembers what ``backward`` will
need; ``backward(grad_output)`` receives $\partial L/\partial a$ for its
output and returns $\partial L/\partial x$ for its input, after storing the
gradients of its own weights (``dW``, ``db``). The base class ``Layer`` and
``Input`` are in ``_layer.py``; ``BatchNormalization`` and ``Normalization``
in ``_normalization.py``.

Weights are in Keras orientation: a Dense kernel has shape ``(inputs, units)``
and the forward pass is $z = xW + b$. Set ``layer.trainable = False`` to
freeze a layer: its weights then stay as they are during training.

As in Keras, a layer is built for the shape of its inputs, with the batch
axis first: by the model it is in, by ``layer.build((None, 4))``, or by
calling it on a batch, ``layers.Dense(3)(np.ones((2, 4)))``.
"""

import numpy as np

from . import _scope, activations, initializers, regularizers
from ._batch_normalization import BatchNormalization
from ._layer import Input, InputLayer, Layer
from ._normalization import Normalization
from ._seeding import make_rng
from ._validation import check_fraction, check_positive_int


class Dense(Layer):
    r"""A fully connected layer: $z = xW + b$, $a = f(z)$.

    Parameters are Keras's: ``units``, ``activation`` (None means linear; a
    name, an nnlib activation object or one of nnlib's activation functions
    such as ``activations.relu``), ``use_bias``,
    ``kernel_initializer="glorot_uniform"``, ``bias_initializer="zeros"``,
    ``kernel_regularizer`` and ``bias_regularizer`` (None, "l1", "l2" or a
    Regularizer), and the base-layer arguments ``input_shape`` or
    ``input_dim`` (only needed on the first layer), ``name``, ``trainable``.
    An initializer of None means what it means in Keras: the default for a
    weight, Glorot uniform (for the bias too, so not zeros).

    Shapes: x ``(batch, inputs)``, W ``(inputs, units)``, b ``(units,)``,
    z and a ``(batch, units)``.
    """

    weight_names = ("kernel", "bias")
    gradient_names = ("dW", "db")
    default_name = "dense"

    def __init__(
        self,
        units,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.units = check_positive_int(units, "Dense units")
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        # None is the default of Keras's add_weight: Glorot uniform, for the bias as well
        self.kernel_initializer = initializers.get(kernel_initializer or "glorot_uniform")
        self.bias_initializer = initializers.get(bias_initializer or "glorot_uniform")
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        if not self.use_bias:
            self.weight_names, self.gradient_names = ("kernel",), ("dW",)

    def build(self, input_shape, rng=None, dtype=None):
        rng, dtype = self._rng_and_dtype(rng, dtype)
        if len(input_shape) < 2:
            raise ValueError(
                f"Dense layer {self._display_name!r} is built for a batch, shape (batch, features) such "
                f"as (None, 4), but was given the shape {tuple(input_shape)}. Pass a 2-D array, one row "
                f"per sample."
            )
        if len(input_shape) > 2:
            raise ValueError(
                f"Dense layer {self._display_name!r} takes flat feature vectors, but its inputs have "
                f"shape {tuple(input_shape[1:])} per sample. Put layers.Flatten() before it, or "
                f"reshape the data with x.reshape(len(x), -1)."
            )
        n_inputs = input_shape[-1]
        self.kernel = self.kernel_initializer((n_inputs, self.units), dtype, rng)
        self.dW = np.zeros_like(self.kernel)
        if self.use_bias:
            self.bias = self.bias_initializer((self.units,), dtype, rng)
            self.db = np.zeros_like(self.bias)
        super().build(input_shape, rng, dtype)

    def compute_output_shape(self, input_shape):
        return (*tuple(input_shape)[:-1], self.units)

    def forward(self, x, training=False):
        r"""$z = xW + b$ and $a = f(z)$ for a batch ``x`` of shape ``(batch, inputs)``; returns ``a``.

        Keeps ``x``, ``z`` and ``a``, which the backward pass needs.

        Defined in chapter 3, *Forward propagation and loss functions*.
        """
        self.x = x  # (batch, inputs)
        z = x @ self.kernel  # (batch, units)
        if self.use_bias:
            z += self.bias
        self.z = z
        self.a = self.activation.forward(z)
        return self.a

    def backward(self, grad_output, need_input_gradient=True):
        delta = self.activation.backward(self.z, self.a, grad_output)  # dL/dz
        return self.backward_from_delta(delta, need_input_gradient)

    def backward_from_delta(self, delta, need_input_gradient=True):
        r"""Given $\delta = \partial L/\partial z$: $dW = x^\top \delta$, $db = \sum_\text{batch} \delta$,
        $dx = \delta W^\top$.

        Defined in chapter 4, *Backpropagation*.
        """
        if self.trainable:
            np.matmul(self.x.T, delta, out=self.dW)
            if self.kernel_regularizer is not None:
                self.dW += self.kernel_regularizer.gradient(self.kernel)
            if self.use_bias:
                np.sum(delta, axis=0, out=self.db)
                if self.bias_regularizer is not None:
                    self.db += self.bias_regularizer.gradient(self.bias)
        if need_input_gradient:
            return delta @ self.kernel.T
        return None

    @property
    def has_regularizers(self):
        return self.kernel_regularizer is not None or (self.use_bias and self.bias_regularizer is not None)

    def regularization_penalty(self):
        penalty = 0.0
        if self.kernel_regularizer is not None:
            penalty += self.kernel_regularizer.penalty(self.kernel)
        if self.use_bias and self.bias_regularizer is not None:
            penalty += self.bias_regularizer.penalty(self.bias)
        return penalty

    def __repr__(self):
        return f"<Dense name={self.name!r} units={self.units} activation={self.activation.name}>"


class Activation(Layer):
    """Applies an activation function on its own: ``Activation("relu")``.

    ``activation`` is anything ``Dense`` takes: a name, an nnlib activation
    object or one of nnlib's activation functions (``activations.relu``).
    """

    default_name = "activation"

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)

    def forward(self, x, training=False):
        self.z = x
        self.a = self.activation.forward(x)
        return self.a

    def backward(self, grad_output, need_input_gradient=True):
        return self.activation.backward(self.z, self.a, grad_output)

    def backward_from_delta(self, delta, need_input_gradient=True):
        """Given dL/dz (z is this layer's input), there is nothing left to do."""
        return delta


class Softmax(Activation):
    r"""Keras's ``layers.Softmax(axis=-1)``: $a_i = e^{z_i} / \sum_j e^{z_j}$ over the last axis.

    The same as ``Activation("softmax")``; as the last layer with a
    cross-entropy loss it gets the same exact error signal $(a - y)/m$.
    nnlib's softmax normalizes over the last axis only, which for a batch
    ``(batch, classes)`` is ``axis=-1`` or ``axis=1``.
    """

    default_name = "softmax"

    def __init__(self, axis=-1, **kwargs):
        super().__init__("softmax", **kwargs)
        self.axis = axis

    def build(self, input_shape, rng=None, dtype=None):
        if self.axis not in (-1, len(input_shape) - 1):
            raise ValueError(
                f"Softmax layer {self._display_name!r} normalizes over the last axis (axis=-1), but "
                f"was given axis={self.axis} for inputs of shape {tuple(input_shape)}. Move the classes "
                f"to the last axis."
            )
        super().build(input_shape, rng, dtype)

    def get_config(self):
        return {"axis": self.axis, "name": self.name, "trainable": self.trainable}


class Dropout(Layer):
    r"""Inverted dropout: while training, zero each input with probability ``rate``
    and scale the kept ones by $1/(1 - \text{rate})$; at inference, do nothing.

    Scaling at training time keeps the expected value of every unit the same
    in both modes, so nothing needs rescaling when the model predicts.
    ``seed`` fixes the masks; otherwise they come from the model's generator.

    Defined in chapter 7, *Overfitting and regularization*.
    """

    default_name = "dropout"

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = check_fraction(rate, "Dropout rate")
        self.seed = seed
        self.mask = None

    def build(self, input_shape, rng=None, dtype=None):
        rng, dtype = self._rng_and_dtype(rng, dtype)
        self.rng = make_rng(self.seed) if self.seed is not None else rng
        super().build(input_shape, rng, dtype)

    def forward(self, x, training=False):
        if not training or self.rate == 0.0:
            self.mask = None
            return x
        keep = self.rng.random(x.shape, dtype=x.dtype) >= self.rate
        self.mask = keep * x.dtype.type(1.0 / (1.0 - self.rate))  # (batch, units)
        return x * self.mask

    def backward(self, grad_output, need_input_gradient=True):
        if self.mask is None:
            return grad_output
        return grad_output * self.mask


class Flatten(Layer):
    """Flattens each sample: ``(batch, 8, 8)`` becomes ``(batch, 64)``."""

    default_name = "flatten"

    def compute_output_shape(self, input_shape):
        batch, *sample = tuple(input_shape)
        return (batch, int(np.prod(sample)))

    def forward(self, x, training=False):
        self.original_shape = x.shape
        return x.reshape(len(x), -1)

    def backward(self, grad_output, need_input_gradient=True):
        return grad_output.reshape(self.original_shape)


__all__ = [
    "Layer",
    "Input",
    "InputLayer",
    "Dense",
    "Activation",
    "Softmax",
    "Dropout",
    "Flatten",
    "BatchNormalization",
    "Normalization",
]


def __getattr__(name):
    """A Keras layer nnlib does not have (``layers.Conv2D``, ``layers.LSTM``): say it is out of scope."""
    raise _scope.missing("nnlib.layers", name, __all__)
