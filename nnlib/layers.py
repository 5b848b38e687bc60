r"""Layers: each keeps its forward pass and its backward pass side by side.

A layer maps a batch ``x`` of shape ``(batch, inputs)`` to an output of shape
``(batch, units)``. ``forward(x, training)`` remembers what ``backward`` will
need; ``backward(grad_output)`` receives $\partial L/\partial a$ for its
output and returns $\partial L/\partial x$ for its input, after storing the
gradients of its own weights (``dW``, ``db``).

Weights are in Keras orientation: a Dense kernel has shape ``(inputs, units)``
and the forward pass is $z = xW + b$. Set ``layer.trainable = False`` to
freeze a layer: its weights then stay as they are during training.
"""

import numpy as np

from . import activations, initializers, regularizers
from ._seeding import make_rng
from ._serialization import Configurable
from ._validation import check_fraction, check_positive_int


class Layer(Configurable):
    """Base class. Subclasses with weights list them in ``weight_names``."""

    #: names of the weight attributes, in the order of ``get_weights()``
    weight_names = ()
    #: the gradient attribute of each weight, in the same order
    gradient_names = ()
    default_name = "layer"

    def __init__(self, name=None, input_shape=None, trainable=True):
        self.name = name
        self.input_shape = tuple(input_shape) if input_shape is not None else None
        self.trainable = trainable
        self.built = False

    def build(self, input_shape, rng, dtype):
        """Create the weights for inputs of shape ``input_shape`` (without the batch axis)."""
        self.input_shape = tuple(input_shape)
        self.built = True

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def forward(self, x, training=False):
        raise NotImplementedError

    def backward(self, grad_output, need_input_gradient=True):
        raise NotImplementedError

    def __call__(self, x, training=False):
        return self.forward(x, training)

    @property
    def weights(self):
        """The layer's weight arrays, in the order of ``weight_names``."""
        return [getattr(self, name) for name in self.weight_names]

    @property
    def gradients(self):
        """The gradients of the last backward pass, in the order of ``weights``."""
        return [getattr(self, name) for name in self.gradient_names]

    def get_weights(self):
        """Copies of the weights: ``[kernel, bias]`` for a Dense layer."""
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        """Copy ``weights`` (a list like ``get_weights()`` returns) into the layer."""
        weights = list(weights)
        if len(weights) != len(self.weight_names):
            raise ValueError(
                f"Layer {self.name!r} has {len(self.weight_names)} weight arrays "
                f"({', '.join(self.weight_names) or 'none'}), but {len(weights)} were given."
            )
        for name, new in zip(self.weight_names, weights):
            current = getattr(self, name)
            new = np.asarray(new)
            if new.shape != current.shape:
                raise ValueError(
                    f"Layer {self.name!r}: {name} has shape {current.shape}, but the array "
                    f"given for it has shape {new.shape}."
                )
            current[...] = new  # in place: the model's optimizer keeps its view

    def count_params(self):
        return int(sum(w.size for w in self.weights))

    @property
    def has_regularizers(self):
        return False

    def regularization_penalty(self):
        """The penalty this layer adds to the loss (0 without regularizers)."""
        return 0.0

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name!r}>"


class Dense(Layer):
    r"""A fully connected layer: $z = xW + b$, $a = f(z)$.

    Parameters are Keras's: ``units``, ``activation`` (None means linear),
    ``use_bias``, ``kernel_initializer="glorot_uniform"``,
    ``bias_initializer="zeros"``, ``kernel_regularizer`` and
    ``bias_regularizer`` (None, "l1", "l2" or a Regularizer), ``input_shape``
    (only needed on the first layer).

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
        input_shape=None,
        name=None,
        trainable=True,
    ):
        super().__init__(name=name, input_shape=input_shape, trainable=trainable)
        self.units = check_positive_int(units, "Dense units")
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        if not use_bias:
            self.weight_names, self.gradient_names = ("kernel",), ("dW",)

    def build(self, input_shape, rng, dtype):
        if len(input_shape) != 1:
            raise ValueError(
                f"Dense layer {self.name!r} takes flat feature vectors, but its inputs have "
                f"shape {tuple(input_shape)} per sample. Put layers.Flatten() before it, or "
                f"reshape the data with x.reshape(len(x), -1)."
            )
        n_inputs = input_shape[0]
        self.kernel = self.kernel_initializer((n_inputs, self.units), dtype, rng)
        self.dW = np.zeros_like(self.kernel)
        if self.use_bias:
            self.bias = self.bias_initializer((self.units,), dtype, rng)
            self.db = np.zeros_like(self.bias)
        super().build(input_shape, rng, dtype)

    def compute_output_shape(self, input_shape):
        return (self.units,)

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
    """Applies an activation function on its own: ``Activation("relu")``."""

    default_name = "activation"

    def __init__(self, activation, name=None, input_shape=None):
        super().__init__(name=name, input_shape=input_shape)
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


class Dropout(Layer):
    r"""Inverted dropout: while training, zero each input with probability ``rate``
    and scale the kept ones by $1/(1 - \text{rate})$; at inference, do nothing.

    Scaling at training time keeps the expected value of every unit the same
    in both modes, so nothing needs rescaling when the model predicts.
    ``seed`` fixes the masks; otherwise they come from the model's generator.

    Defined in chapter 7, *Overfitting and regularization*.
    """

    default_name = "dropout"

    def __init__(self, rate, seed=None, name=None, input_shape=None):
        super().__init__(name=name, input_shape=input_shape)
        self.rate = check_fraction(rate, "Dropout rate")
        self.seed = seed
        self.mask = None

    def build(self, input_shape, rng, dtype):
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
        return (int(np.prod(input_shape)),)

    def forward(self, x, training=False):
        self.original_shape = x.shape
        return x.reshape(len(x), -1)

    def backward(self, grad_output, need_input_gradient=True):
        return grad_output.reshape(self.original_shape)


class Input:
    """The shape of one sample, for the start of a model: ``Sequential([Input((4,)), ...])``."""

    def __init__(self, shape, name=None):
        shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
        self.shape = shape
        self.name = name

    def __repr__(self):
        return f"Input(shape={self.shape})"
