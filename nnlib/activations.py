r"""Activation functions $a = f(z)$ and their derivatives.

Each activation is a small class that keeps its formula and its derivative a
few lines apart:

- ``forward(z)`` returns $a = f(z)$, elementwise, same shape as ``z``;
- ``derivative(z)`` returns $f'(z)$, elementwise (for plots and teaching);
- ``backward(z, a, grad_a)`` returns $\delta = \partial L/\partial z$ given
  $\partial L/\partial a$; for elementwise functions that is
  $\delta = \partial L/\partial a \odot f'(z)$. Softmax mixes a row's entries,
  so its ``backward`` applies the Jacobian instead.

Arrays have shape ``(batch, units)``. Look an activation up by name with
``get("relu")``, pass an instance such as ``LeakyReLU(alpha=0.1)``, or one of
the functions at the end of this module (``activations.relu``), as in Keras.

A plain Python function is not enough: Keras differentiates it
automatically, nnlib's backward pass needs its derivative written out. Write
a subclass of ``ActivationFunction`` with ``forward`` and ``derivative``
instead (``get`` says how when it is given a function it does not know).
"""

import numpy as np

from ._serialization import Configurable
from ._validation import lookup


class ActivationFunction(Configurable):
    """Base class: an elementwise function with its derivative."""

    name = "activation"

    def __call__(self, z):
        return self.forward(z)

    def forward(self, z):
        raise NotImplementedError

    def derivative(self, z):
        raise NotImplementedError

    def backward(self, z, a, grad_a):
        """Chain rule through f: delta = grad_a * f'(z)."""
        return grad_a * self.derivative(z)

    def __repr__(self):
        return f"{type(self).__name__}()"


class Identity(ActivationFunction):
    r"""$f(z) = z$, $f'(z) = 1$: the output of a regression network."""

    name = "linear"

    def forward(self, z):
        return z

    def derivative(self, z):
        return np.ones_like(z)

    def backward(self, z, a, grad_a):
        return grad_a


class Step(ActivationFunction):
    r"""Heaviside step: $f(z) = 1$ if $z \ge 0$ else $0$; $f'(z) = 0$ (for $z \ne 0$).

    Rosenblatt's perceptron fires with this function. Its derivative is zero
    wherever it exists, which is why gradient descent cannot train it.

    Defined in chapter 1, *The perceptron*.
    """

    name = "step"

    def forward(self, z):
        return (z >= 0).astype(z.dtype)

    def derivative(self, z):
        return np.zeros_like(z)


class Sigmoid(ActivationFunction):
    r"""Logistic sigmoid $\sigma(z) = 1 / (1 + e^{-z})$, $\sigma'(z) = \sigma(z)(1 - \sigma(z))$.

    Written so that ``exp`` only ever sees $-|z|$: for large negative $z$ the
    textbook formula overflows $e^{-z}$, this one does not.

    Defined in chapter 2, *Activation functions*.
    """

    name = "sigmoid"

    def forward(self, z):
        e = np.exp(-np.abs(z))  # in (0, 1], never overflows
        return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))

    def derivative(self, z):
        a = self.forward(z)
        return a * (1.0 - a)

    def backward(self, z, a, grad_a):
        return grad_a * a * (1.0 - a)


class Tanh(ActivationFunction):
    r"""$\tanh(z)$, zero-centred, with $\tanh'(z) = 1 - \tanh^2(z)$.

    Defined in chapter 2, *Activation functions*.
    """

    name = "tanh"

    def forward(self, z):
        return np.tanh(z)

    def derivative(self, z):
        return 1.0 - np.tanh(z) ** 2

    def backward(self, z, a, grad_a):
        return grad_a * (1.0 - a * a)


class ReLU(ActivationFunction):
    r"""Rectified linear unit $f(z) = \max(0, z)$, $f'(z) = 1$ if $z > 0$ else $0$.

    Defined in chapter 2, *Activation functions*.
    """

    name = "relu"

    def forward(self, z):
        return np.maximum(z, 0.0)

    def derivative(self, z):
        return (z > 0).astype(z.dtype)

    def backward(self, z, a, grad_a):
        return grad_a * (z > 0)  # a product with a mask: much faster than np.where


class LeakyReLU(ActivationFunction):
    r"""$f(z) = z$ if $z > 0$ else $\alpha z$; $f'(z) = 1$ or $\alpha$.

    The small slope $\alpha$ keeps a gradient flowing for negative inputs, so
    units cannot "die". The default 0.2 is that of
    ``keras.activations.leaky_relu`` (where it is called ``negative_slope``).

    Defined in chapter 2, *Activation functions*.
    """

    name = "leaky_relu"

    def __init__(self, alpha=0.2):
        self.alpha = float(alpha)

    def forward(self, z):
        return np.where(z > 0, z, self.alpha * z)

    def derivative(self, z):
        return np.where(z > 0, 1.0, self.alpha).astype(z.dtype)

    def backward(self, z, a, grad_a):
        return np.where(z > 0, grad_a, self.alpha * grad_a)

    def __repr__(self):
        return f"LeakyReLU(alpha={self.alpha})"


class ELU(ActivationFunction):
    r"""Exponential linear unit: $f(z) = z$ if $z > 0$ else $\alpha(e^z - 1)$.

    $f'(z) = 1$ for $z > 0$ and $\alpha e^z = f(z) + \alpha$ otherwise: smooth
    at 0 when $\alpha = 1$, and its mean output is closer to zero than ReLU's.

    Defined in chapter 2, *Activation functions*.
    """

    name = "elu"

    def __init__(self, alpha=1.0):
        self.alpha = float(alpha)

    def forward(self, z):
        # expm1 of min(z, 0): accurate near 0 and never overflows for large z.
        return np.where(z > 0, z, self.alpha * np.expm1(np.minimum(z, 0.0)))

    def derivative(self, z):
        return np.where(z > 0, 1.0, self.alpha * np.exp(np.minimum(z, 0.0))).astype(z.dtype)

    def backward(self, z, a, grad_a):
        return grad_a * np.where(z > 0, 1.0, a + self.alpha)

    def __repr__(self):
        return f"ELU(alpha={self.alpha})"


class Softmax(ActivationFunction):
    r"""Softmax over each row: $a_i = e^{z_i} / \sum_j e^{z_j}$.

    Subtracting the row's maximum first changes nothing mathematically (it
    cancels between numerator and denominator) but keeps ``exp`` from
    overflowing. Its Jacobian is $\partial a_i / \partial z_j = a_i(\delta_{ij} - a_j)$,
    so ``backward`` gives $\delta = a \odot (g - \sum_j g_j a_j)$.

    Defined in chapter 2, *Activation functions*.
    """

    name = "softmax"

    def forward(self, z):
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    def derivative(self, z):
        """The Jacobian of each row, shape ``(batch, units, units)``."""
        a = self.forward(z)
        return a[..., :, None] * (np.eye(a.shape[-1], dtype=a.dtype) - a[..., None, :])

    def backward(self, z, a, grad_a):
        return a * (grad_a - (grad_a * a).sum(axis=-1, keepdims=True))


ACTIVATIONS = {
    "linear": Identity,
    "identity": Identity,
    "step": Step,
    "sigmoid": Sigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "elu": ELU,
    "softmax": Softmax,
}


def get(identifier):
    """Return the activation for a name ("relu"), a class, an instance, one of this module's
    functions (``relu``) or None (identity)."""
    if identifier is None:
        return Identity()
    if callable(identifier) and not isinstance(identifier, (type, ActivationFunction)):
        return _from_function(identifier)
    return lookup(identifier, ACTIVATIONS, "activation", ActivationFunction)


def _from_function(function):
    """The activation object behind one of this module's functions; any other function is refused."""
    owner = getattr(function, "__self__", None)  # relu, sigmoid, ... are bound ``forward`` methods
    if isinstance(owner, ActivationFunction):
        return owner
    if function in _FUNCTION_CLASSES:
        return _FUNCTION_CLASSES[function]()
    name = getattr(function, "__name__", repr(function))
    raise TypeError(
        f"The activation {name!r} is a plain function, and nnlib's backward pass needs its "
        f"derivative as well (Keras finds it by automatic differentiation; nnlib does not). Pass "
        f"a name such as 'relu', one of nnlib's functions such as nnlib.activations.relu, or write "
        f"the function with its derivative:\n\n"
        f"    class Swish(activations.ActivationFunction):\n"
        f"        def forward(self, z):\n"
        f"            return z * activations.sigmoid(z)\n\n"
        f"        def derivative(self, z):\n"
        f"            s = activations.sigmoid(z)\n"
        f"            return s + z * s * (1 - s)\n\n"
        f"    layers.Dense(8, activation=Swish())"
    )


# Functional forms, for reading code next to the math: ``activations.relu(z)``.
identity = Identity().forward
linear = identity  # Keras's name for it
step = Step().forward
sigmoid = Sigmoid().forward
tanh = Tanh().forward
relu = ReLU().forward
softmax = Softmax().forward


def leaky_relu(z, alpha=0.2):
    """Leaky ReLU of ``z`` with slope ``alpha`` for negative inputs."""
    return LeakyReLU(alpha).forward(z)


def elu(z, alpha=1.0):
    """ELU of ``z``."""
    return ELU(alpha).forward(z)


#: the functions above that are not bound methods, and the class each stands for
_FUNCTION_CLASSES = {leaky_relu: LeakyReLU, elu: ELU}
