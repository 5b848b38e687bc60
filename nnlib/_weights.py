"""Sample and class weights for ``fit`` and ``evaluate``, checked once at the boundary.

Keras's semantics: ``sample_weight`` gives each sample a weight, one number
per sample; ``class_weight`` maps a class label to a weight, and each
training sample gets the weight of its label (the label is the integer
target, the arg-max of a one-hot row, or the rounded value of a single
column). The two cannot be given together (Keras refuses too; multiply them
yourself into one ``sample_weight``). The weights multiply each sample's loss;
with the default reduction the batch's loss is still divided by the batch
size, not by the sum of the weights (``_reduction.py``).

What nnlib checks that Keras does not: weights must be finite and not
negative; a ``class_weight`` key must be a class the model can predict, and
one that no training sample has gets a warning (Keras ignores both).
"""

import numbers
import warnings

import numpy as np


def sample_weights(sample_weight, n_samples, dtype, name="sample_weight"):
    """``sample_weight`` as a float array of shape ``(n_samples,)``, or None, or a clear error."""
    if sample_weight is None:
        return None
    try:
        weights = np.asarray(sample_weight, dtype=dtype)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be an array of numbers, one weight per sample; converting it to {dtype} failed."
        ) from None
    if weights.ndim == 2 and weights.shape[1] == 1:
        weights = weights[:, 0]
    if weights.ndim != 1 or len(weights) != n_samples:
        raise ValueError(
            f"{name} has shape {weights.shape}, but there are {n_samples} samples: give one weight "
            f"per sample, an array of shape ({n_samples},)."
        )
    if not np.all(np.isfinite(weights)):
        raise ValueError(f"{name} contains NaN or infinite values; every weight must be a finite number.")
    if weights.size and weights.min() < 0:
        first = int(np.argmax(weights < 0))
        raise ValueError(
            f"{name} holds a negative weight ({weights[first]:g} for sample {first}). Weights scale "
            f"each sample's loss and must be 0 or more; 0 leaves a sample out."
        )
    return np.ascontiguousarray(weights)


def class_labels(y):
    """The integer class of each target: the label, the arg-max of a one-hot row, or the rounded column."""
    if y.ndim > 1:
        y = y.argmax(axis=-1) if y.shape[-1] != 1 else y[..., 0]
    return np.round(y).astype(np.int64)


def class_weights(class_weight, y, n_classes, dtype):
    """The weight of each sample's class, shape ``(n_samples,)``; classes not listed weigh 1.

    A key outside the classes a model with ``n_classes`` outputs can predict
    is an error; a possible class that no sample has gets a warning.
    """
    if not hasattr(class_weight, "items"):
        raise TypeError(
            f"class_weight must be a dict mapping class labels to weights, such as "
            f"{{0: 1.0, 1: 5.0}}; got {type(class_weight).__name__}."
        )
    labels = class_labels(y)
    present = set(np.unique(labels).tolist())
    table = {}
    for key, weight in class_weight.items():
        label = _class_index(key)
        if isinstance(weight, bool) or not isinstance(weight, numbers.Real) or not np.isfinite(weight):
            raise ValueError(f"class_weight[{key!r}] is {weight!r}; a weight must be a finite number.")
        if weight < 0:
            raise ValueError(f"class_weight[{key!r}] is {weight!r}; weights must be 0 or more.")
        if not 0 <= label < n_classes:
            raise ValueError(
                f"class_weight gives a weight to class {label}, but the model predicts the classes "
                f"0 to {n_classes - 1} and the training targets hold {sorted(present)}. Check the "
                f"labels (are they numbered from 0?)."
            )
        if label not in present:
            warnings.warn(
                f"class_weight gives a weight to class {label}, but no training sample has that "
                f"label (the targets hold {sorted(present)}), so it changes nothing.",
                stacklevel=3,  # the line that called fit or train_on_batch
            )
        table[label] = float(weight)
    weights = np.ones(len(labels), dtype=dtype)
    for label, weight in table.items():
        weights[labels == label] = weight
    return weights


def _class_index(key):
    """A class_weight key as an int: 1, 1.0, np.int64(1) and "1" (as Keras accepts) are class 1."""
    try:
        label = int(key) if isinstance(key, str) else key
    except ValueError:
        label = None
    if (
        isinstance(label, bool)
        or not isinstance(label, numbers.Real)
        or not np.isfinite(label)
        or label != int(label)
    ):
        raise ValueError(
            f"class_weight maps class labels (integers such as 0, 1, 2) to weights, but it has the "
            f"key {key!r}. Encode the classes as integers 0, 1, 2, ... first."
        )
    return int(label)
