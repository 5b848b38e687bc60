"""Small helpers with Keras's names: ``to_categorical`` and ``set_random_seed``."""

import numpy as np

from ._seeding import set_random_seed  # noqa: F401  (re-exported, as keras.utils has it)


def to_categorical(y, num_classes=None):
    """One-hot encode integer labels: shape ``(n,)`` -> ``(n, num_classes)``."""
    y = np.asarray(y)
    if y.size and (not np.all(y == np.round(y)) or y.min() < 0):
        raise ValueError("to_categorical takes integer class labels 0, 1, 2, ...")
    y = y.astype(int).ravel()
    num_classes = int(y.max()) + 1 if num_classes is None else num_classes
    if y.size and y.max() >= num_classes:
        raise ValueError(f"Label {y.max()} does not fit num_classes={num_classes}.")
    one_hot = np.zeros((len(y), num_classes))
    one_hot[np.arange(len(y)), y] = 1.0
    return one_hot
