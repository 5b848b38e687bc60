"""The data a model is given, checked once at the boundary and put in the shape it trains on.

``fit``, ``evaluate`` and ``predict`` call these before any math runs, so a
wrong shape or a bad label is reported in a sentence, with what to do,
instead of as a numpy error from inside a layer.
"""

import numpy as np

from . import _weights
from ._scope import check_in_memory
from ._validation import as_float_array, check_fraction, check_same_length


def inputs(model, x, name="x"):
    """``x`` as a contiguous float array of the model's dtype, shape ``(n_samples, *input_shape)``.

    Builds the model from ``x`` if it does not know its input shape yet. A
    flat ``x`` is one feature per sample when the model takes one feature,
    as in Keras (``Dense(1, input_shape=[1])`` fitted on ``xs`` of shape
    ``(6,)``, then ``predict([10.0])``).
    """
    check_in_memory(x, name)
    x = as_float_array(x, name, model.dtype)
    if x.ndim == 1:
        if model._input_shape is None:
            raise ValueError(
                f"{name} has shape {x.shape}: one number per sample. Models take a 2-D array with one "
                f"row per sample; for a single feature use {name}.reshape(-1, 1), or give the first "
                f"layer input_shape=(1,) (then a flat {name} is read as one feature per sample, as in "
                f"Keras)."
            )
        if model._input_shape != (1,):
            n_features = int(np.prod(model._input_shape))
            one_sample = f" If it is one sample, use {name}.reshape(1, -1)." if len(x) == n_features else ""
            raise ValueError(
                f"{name} has shape {x.shape}, a flat array, but the model takes inputs of shape "
                f"{model.input_shape}: a 2-D array with one row of {n_features} values per "
                f"sample.{one_sample}"
            )
        x = x.reshape(-1, 1)
    if model._input_shape is None:
        model.build((None, *x.shape[1:]))
    elif not model.built:
        model.build()
    if x.shape[1:] != model._input_shape:
        first = model._layers[0]
        raise ValueError(
            f"Layer {first.name!r} (the first layer) expects inputs of shape "
            f"{model.input_shape}, but {name} has shape {x.shape}. Pass data with "
            f"{model._input_shape} values per sample, or build the model with "
            f"input_shape={x.shape[1:]}."
        )
    return np.ascontiguousarray(x)


def inputs_and_targets(model, x, y, prefix=""):
    """``(x, y)`` checked against each other, the model and its loss (see ``Loss.prepare_targets``)."""
    x = inputs(model, x, f"{prefix}x")
    y = np.asarray(y)
    check_same_length(x, y)
    y = model.loss.prepare_targets(y, model.output_shapes[-1][-1], model.dtype)
    return x, y


def validation_arrays(model, x, y, sample_weight, validation_split, validation_data):
    """``(x, y, sample_weight)`` to train on and the same for validation (None without it).

    ``validation_data`` (``(x_val, y_val)`` or ``(x_val, y_val, val_sample_weight)``)
    if given, else the LAST ``validation_split`` of the samples and of their
    weights (taken before any shuffling, as in Keras), else no validation."""
    if validation_data is not None:
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
            raise ValueError(
                "validation_data must be a tuple (x_val, y_val) or (x_val, y_val, val_sample_weight)."
            )
        x_val, y_val = inputs_and_targets(model, *validation_data[:2], prefix="validation ")
        weights = validation_data[2] if len(validation_data) == 3 else None
        weights = _weights.sample_weights(weights, len(x_val), model.dtype, "val_sample_weight")
        return (x, y, sample_weight), (x_val, y_val, weights)
    if not validation_split:
        return (x, y, sample_weight), None
    check_fraction(validation_split, "validation_split", inclusive_low=False)
    split_at = int(len(x) * (1.0 - validation_split))
    if split_at == 0 or split_at == len(x):
        raise ValueError(
            f"validation_split={validation_split} leaves an empty training or validation "
            f"set with {len(x)} samples. Use a split between {1 / len(x):.3g} and "
            f"{1 - 1 / len(x):.3g}, or pass more data."
        )
    head, tail = slice(None, split_at), slice(split_at, None)
    if sample_weight is None:
        return (x[head], y[head], None), (x[tail], y[tail], None)
    return (x[head], y[head], sample_weight[head]), (x[tail], y[tail], sample_weight[tail])
