r"""Weight initializers: how a layer's kernel and bias start.

An initializer is called with a shape, for a kernel ``(fan_in, fan_out)``,
and returns a new array. Names, defaults and formulas are Keras's:

- Glorot/Xavier uniform: $U(-\ell, \ell)$ with $\ell = \sqrt{6 / (n_\text{in} + n_\text{out})}$;
- He uniform: $\ell = \sqrt{6 / n_\text{in}}$;
- Glorot normal and He normal: a normal truncated at two standard deviations,
  with standard deviation $\sqrt{2/(n_\text{in} + n_\text{out})}$ and $\sqrt{2/n_\text{in}}$
  divided by 0.8796 (the factor that restores the variance lost by truncation).

Every random initializer takes ``seed``: an int (the same numbers on every
call and every run), a ``numpy.random.Generator`` (draws advance), or None,
in which case the layer passes the generator of its model.
"""

import numpy as np

from ._seeding import make_rng
from ._serialization import Configurable
from ._validation import lookup

# Variance kept by a standard normal truncated to [-2, 2] is 0.7737...; its root:
TRUNCATED_NORMAL_STDDEV_FACTOR = 0.87962566103423978


def glorot_uniform_limit(fan_in, fan_out):
    r"""$\sqrt{6 / (n_\text{in} + n_\text{out})}$: $U(-\ell, \ell)$ then has variance
    $2 / (n_\text{in} + n_\text{out})$.

    Defined in chapter 6, *Weight initialization and training stability*.
    """
    return float(np.sqrt(6.0 / (fan_in + fan_out)))


def glorot_normal_stddev(fan_in, fan_out):
    r"""$\sqrt{2 / (n_\text{in} + n_\text{out})}$, the standard deviation of Glorot normal weights.

    Defined in chapter 6, *Weight initialization and training stability*.
    """
    return float(np.sqrt(2.0 / (fan_in + fan_out)))


def he_uniform_limit(fan_in):
    r"""$\sqrt{6 / n_\text{in}}$: $U(-\ell, \ell)$ then has variance $2 / n_\text{in}$.

    Defined in chapter 6, *Weight initialization and training stability*.
    """
    return float(np.sqrt(6.0 / fan_in))


def he_normal_stddev(fan_in):
    r"""$\sqrt{2 / n_\text{in}}$, the standard deviation of He normal weights.

    Defined in chapter 6, *Weight initialization and training stability*.
    """
    return float(np.sqrt(2.0 / fan_in))


def compute_fans(shape):
    """Return ``(fan_in, fan_out)`` of a kernel shape ``(inputs, units)``."""
    if len(shape) == 1:
        return shape[0], shape[0]
    return shape[0], shape[1]


class Initializer(Configurable):
    """Base class: ``initializer(shape, dtype, rng) -> array``."""

    def __init__(self, seed=None):
        self.seed = seed

    def __call__(self, shape, dtype="float64", rng=None):
        rng = make_rng(self.seed) if self.seed is not None or rng is None else rng
        return np.asarray(self.sample(tuple(shape), rng), dtype=dtype)

    def sample(self, shape, rng):
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__}()"


class Zeros(Initializer):
    """All zeros: the default for biases, and the symmetry trap for kernels."""

    def sample(self, shape, rng):
        return np.zeros(shape)


class Ones(Initializer):
    """All ones."""

    def sample(self, shape, rng):
        return np.ones(shape)


class Constant(Initializer):
    """Every entry equal to ``value``."""

    def __init__(self, value=0.0):
        super().__init__()
        self.value = value

    def sample(self, shape, rng):
        return np.full(shape, self.value, dtype=float)


class RandomNormal(Initializer):
    """Normal with ``mean`` and ``stddev`` (Keras's default stddev 0.05)."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean, self.stddev = mean, stddev

    def sample(self, shape, rng):
        return rng.normal(self.mean, self.stddev, size=shape)


class RandomUniform(Initializer):
    """Uniform on ``[minval, maxval)`` (Keras's default ±0.05)."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        super().__init__(seed)
        self.minval, self.maxval = minval, maxval

    def sample(self, shape, rng):
        return rng.uniform(self.minval, self.maxval, size=shape)


def truncated_normal(rng, stddev, shape):
    """Normal(0, stddev) redrawn until every value lies within two stddevs."""
    values = rng.normal(0.0, stddev, size=shape)
    outside = np.abs(values) > 2 * stddev
    while outside.any():
        values[outside] = rng.normal(0.0, stddev, size=int(outside.sum()))
        outside = np.abs(values) > 2 * stddev
    return values


class GlorotUniform(Initializer):
    r"""Xavier/Glorot uniform: $U(-\sqrt{6/(n_\text{in}+n_\text{out})}, +\sqrt{\cdot})$.

    Keeps the variance of activations and of gradients roughly equal across
    layers for tanh and sigmoid networks (Glorot and Bengio, 2010).
    """

    def sample(self, shape, rng):
        limit = glorot_uniform_limit(*compute_fans(shape))
        return rng.uniform(-limit, limit, size=shape)


class GlorotNormal(Initializer):
    r"""Xavier/Glorot normal: truncated normal with stddev $\sqrt{2/(n_\text{in}+n_\text{out})}$."""

    def sample(self, shape, rng):
        # drawn wider, so that after truncation the weights have the Glorot spread
        stddev = glorot_normal_stddev(*compute_fans(shape)) / TRUNCATED_NORMAL_STDDEV_FACTOR
        return truncated_normal(rng, stddev, shape)


class HeUniform(Initializer):
    r"""He/Kaiming uniform: $U(-\sqrt{6/n_\text{in}}, +\sqrt{6/n_\text{in}})$, for ReLU networks.

    ReLU zeroes half its inputs, halving the variance; He et al. (2015)
    double the weights' variance to make up for it.
    """

    def sample(self, shape, rng):
        limit = he_uniform_limit(compute_fans(shape)[0])
        return rng.uniform(-limit, limit, size=shape)


class HeNormal(Initializer):
    r"""He/Kaiming normal: truncated normal with stddev $\sqrt{2/n_\text{in}}$."""

    def sample(self, shape, rng):
        stddev = he_normal_stddev(compute_fans(shape)[0]) / TRUNCATED_NORMAL_STDDEV_FACTOR
        return truncated_normal(rng, stddev, shape)


INITIALIZERS = {
    "zeros": Zeros,
    "ones": Ones,
    "constant": Constant,
    "random_normal": RandomNormal,
    "random_uniform": RandomUniform,
    "glorot_uniform": GlorotUniform,
    "glorot_normal": GlorotNormal,
    "xavier_uniform": GlorotUniform,
    "xavier_normal": GlorotNormal,
    "he_uniform": HeUniform,
    "he_normal": HeNormal,
}


def get(identifier):
    """Return the initializer for a name ("he_normal"), a class or an instance."""
    return lookup(identifier, INITIALIZERS, "initializer", Initializer)
