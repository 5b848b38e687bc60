"""Random number generators: one place that turns a seed into a Generator.

Every random thing in nnlib (initial weights, dropout masks, shuffling, toy
data sets) takes ``seed``: ``None``, an ``int`` or a ``numpy.random.Generator``.
The same integer seed gives the same numbers, bit for bit, on every run.
``None`` draws from a global generator that ``set_random_seed`` resets, like
``keras.utils.set_random_seed``.
"""

import numpy as np

_global_rng = np.random.default_rng()


def set_random_seed(seed):
    """Reset the generator used wherever no seed is given."""
    global _global_rng
    _global_rng = np.random.default_rng(seed)


def make_rng(seed=None):
    """Return a ``numpy.random.Generator`` for ``seed``.

    - a Generator is returned as it is (its draws advance as you use it);
    - an int gives a fresh generator, so the same int gives the same draws;
    - None gives a fresh generator seeded from the global one.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng(_global_rng.integers(2**63))
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        return np.random.default_rng(int(seed))
    raise TypeError(f"seed must be None, an int or a numpy.random.Generator, not {type(seed).__name__}.")
