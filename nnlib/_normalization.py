r"""``Normalization``: standardize the inputs with the training data's statistics.

It works feature by feature along ``axis`` (the last by default): for a
batch of shape ``(batch, features)``, every column gets its own mean and
variance, as in ``BatchNormalization`` (``_batch_normalization.py``), which
learns while this one is fixed. Names, arguments and defaults are Keras's
(keras/src/layers/preprocessing/normalization.py).
"""

import math

import numpy as np

from ._layer import Layer
from ._serialization import to_config_value
from ._validation import as_float_array

#: Keras's ``backend.epsilon()``: the smallest standard deviation Normalization divides by
EPSILON = 1e-7


def kept_and_reduced_axes(axes, ndim, layer):
    """Sorted non-negative kept axes and the axes to reduce, for inputs of ``ndim`` axes."""
    if any(not -ndim <= a < ndim for a in axes):
        raise ValueError(
            f"{layer}: every axis must lie in [-{ndim}, {ndim}) for inputs of {ndim} axes "
            f"(batch first), got axis={axes if len(axes) != 1 else axes[0]}."
        )
    kept = tuple(sorted(a % ndim for a in axes))
    if 0 in kept:
        raise ValueError(f"{layer}: axis 0 is the batch axis; statistics are taken over it, not kept.")
    return kept, tuple(a for a in range(ndim) if a not in kept)


class Normalization(Layer):
    r"""Standardize each feature with the training data's statistics: $(x - \mu) / \sigma$.

    ``adapt(data)`` computes the mean $\mu$ and variance $\sigma^2$ of each
    feature over ``data`` (the variance divides by the number of samples, as
    numpy's ``var`` and Keras's do); or give them, ``mean=`` and
    ``variance=``. The layer then computes
    $(x - \mu) / \max(\sigma, 10^{-7})$, or with ``invert=True`` the inverse,
    $\mu + x \max(\sigma, 10^{-7})$, which turns standardized predictions back
    into the original units. Nothing in it is trained.

    ``axis`` (Keras's) names the axes that keep their own statistics: -1, the
    features, by default; a tuple for several; None for one mean and
    variance over everything. As the first layer of a model it takes the
    raw data; an adapted layer's weights are ``mean``, ``variance`` and
    ``count`` (``2 n + 1`` parameters, all non-trainable). ``count`` is the
    number of values each mean averages, the number of samples for
    ``axis=-1`` (Keras leaves it at 0). Until it is adapted the layer
    subtracts 0 and divides by 1, as in Keras.

    ``adapt`` takes an array, or an iterable of batches (arrays, or tuples
    whose first entry is the array), which it pools exactly.
    """

    default_name = "normalization"

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        self.axis = () if axis is None else (axis,) if isinstance(axis, int) else tuple(axis)
        if (mean is None) != (variance is None):
            raise ValueError(
                "Normalization needs both mean and variance, or neither (then call adapt(data)); "
                f"got mean={mean!r} and variance={variance!r}."
            )
        if mean is not None and np.shape(mean) != np.shape(variance):
            raise ValueError(
                f"Normalization's mean and variance must have the same shape, got {np.shape(mean)} "
                f"and {np.shape(variance)}."
            )
        self.input_mean, self.input_variance, self.invert = mean, variance, bool(invert)
        # given statistics are constants, not weights (Keras): no parameters to count
        self.non_trainable_weight_names = (
            () if mean is not None else ("adapt_mean", "adapt_variance", "count")
        )

    def build(self, input_shape, rng=None, dtype=None):
        _, dtype = self._rng_and_dtype(rng, dtype)
        ndim = len(input_shape)
        self._kept_axes, self._reduced_axes = kept_and_reduced_axes(self.axis, ndim, "Normalization")
        if any(input_shape[a] is None for a in self._kept_axes):
            raise ValueError(
                f"Normalization keeps statistics for axis {self.axis}, so the length of each kept "
                f"axis must be known, but the input shape is {tuple(input_shape)}."
            )
        self._broadcast_shape = tuple(input_shape[a] if a in self._kept_axes else 1 for a in range(ndim))
        statistics_shape = tuple(input_shape[a] for a in self._kept_axes)
        if self.input_mean is None:
            self.adapt_mean = np.zeros(statistics_shape, dtype=dtype)
            self.adapt_variance = np.ones(statistics_shape, dtype=dtype)
            self.count = np.zeros((), dtype=np.int64)
        else:
            # Keras's broadcasting: a scalar everywhere, else aligned right to left with the kept axes
            aligned = [1] * ndim
            for axis, length in zip(reversed(self._kept_axes), reversed(np.shape(self.input_mean))):
                aligned[axis] = length
            self._given = [
                np.broadcast_to(np.reshape(np.asarray(values, dtype=dtype), aligned), self._broadcast_shape)
                for values in (self.input_mean, self.input_variance)
            ]
        super().build(input_shape, rng, dtype)

    @property
    def mean(self):
        """The mean each input is shifted by, shaped to broadcast against a batch: ``(1, n)``."""
        if self.input_mean is not None:
            return self._given[0]
        return self.adapt_mean.reshape(self._broadcast_shape)

    @property
    def variance(self):
        """The variance, shaped like ``mean``."""
        if self.input_mean is not None:
            return self._given[1]
        return self.adapt_variance.reshape(self._broadcast_shape)

    def adapt(self, data):
        """Compute each feature's mean and variance from ``data`` (see the class docstring)."""
        if self.input_mean is not None:
            raise ValueError(
                "This Normalization layer was given its mean and variance; adapt() would replace "
                "them. Make it with Normalization() to compute them from data."
            )
        total_mean = total_variance = None
        total_count = 0
        for batch in _batches(data):
            if not self.built:
                declared = self._declared_input_shape
                self.build((None, *(batch.shape[1:] if declared is None else declared)))
            expected = self._build_input_shape
            # axis=None pools every value, whatever the data's shape (Keras adapts a flat column so)
            reduced = self._reduced_axes if self._kept_axes else None
            fits = len(batch.shape) == len(expected) and all(
                batch.shape[a] == expected[a] for a in self._kept_axes
            )
            if self._kept_axes and not fits:
                raise ValueError(
                    f"Normalization layer {self._display_name!r} was built for inputs of shape "
                    f"{expected}, but adapt() got data of shape {batch.shape}. Adapt it to data "
                    f"shaped like the model's inputs."
                )
            mean = batch.mean(axis=reduced)
            variance = batch.var(axis=reduced)
            count = batch.size if reduced is None else math.prod(batch.shape[a] for a in reduced)
            if total_mean is None:
                total_mean, total_variance, total_count = mean, variance, count
                continue
            # pool two groups exactly: the mean of the variances plus the variance of the means
            weight = count / (total_count + count)
            new_mean = total_mean * (1.0 - weight) + mean * weight
            total_variance = (total_variance + (total_mean - new_mean) ** 2) * (1.0 - weight) + (
                variance + (mean - new_mean) ** 2
            ) * weight
            total_mean, total_count = new_mean, total_count + count
        if total_mean is None:
            raise ValueError("adapt() was given no data (an empty iterable). Pass an array of samples.")
        self.adapt_mean[...] = total_mean
        self.adapt_variance[...] = total_variance
        self.count[...] = total_count

    def _std(self, dtype):
        return np.maximum(np.sqrt(self.variance), EPSILON).astype(dtype, copy=False)

    def forward(self, x, training=False):
        mean = self.mean.astype(x.dtype, copy=False)
        if self.invert:
            return mean + x * self._std(x.dtype)
        return (x - mean) / self._std(x.dtype)

    def backward(self, grad_output, need_input_gradient=True):
        if not need_input_gradient:
            return None
        if self.invert:
            return grad_output * self._std(grad_output.dtype)
        return grad_output / self._std(grad_output.dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        """The constructor's arguments, by Keras's names."""

        def as_list(values):
            return None if values is None else np.asarray(values).tolist()

        config = {
            "name": self.name,
            "trainable": self.trainable,
            "axis": self.axis,
            "mean": as_list(self.input_mean),
            "variance": as_list(self.input_variance),
            "invert": self.invert,
        }
        return to_config_value(config, "Normalization")  # JSON: the axis as a list


def _batches(data):
    """The arrays ``adapt`` pools: ``data`` itself, or each batch of an iterable of batches."""
    if isinstance(data, np.ndarray):
        yield as_float_array(data, "data", "float64")
        return
    is_iterable_of_batches = not isinstance(data, (list, tuple)) and hasattr(data, "__iter__")
    if isinstance(data, (list, tuple)) and data and isinstance(data[0], (np.ndarray, tuple)):
        is_iterable_of_batches = True
    if not is_iterable_of_batches:
        yield as_float_array(data, "data", "float64")  # a list of rows
        return
    for batch in data:
        if isinstance(batch, tuple):
            batch = batch[0]  # (x, y) or (x, y, sample_weight): the inputs
        yield as_float_array(batch, "each batch of data", "float64")
