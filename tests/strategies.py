"""Hypothesis strategies shared by the tests: small float64 arrays with bounded values.

Shapes follow nnlib's convention, rows are samples: ``(batch, units)`` with
batch and units between 1 and 6, small enough that a finite-difference check
of every entry stays cheap.
"""

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

MAX_BATCH = 6
MAX_UNITS = 6

sizes = st.integers(min_value=1, max_value=MAX_UNITS)
batch_sizes = st.integers(min_value=1, max_value=MAX_BATCH)
shapes = st.tuples(batch_sizes, sizes)
seeds = st.integers(min_value=0, max_value=2**32 - 1)


def bounded_floats(low=-5.0, high=5.0):
    """Finite float64 values in ``[low, high]`` (no NaN, no infinity, no subnormals)."""
    return st.floats(
        min_value=low, max_value=high, allow_nan=False, allow_infinity=False, allow_subnormal=False, width=64
    )


def float_arrays(shape, low=-5.0, high=5.0):
    """A float64 array of ``shape`` with values in ``[low, high]``."""
    return hnp.arrays(np.float64, shape, elements=bounded_floats(low, high))


@st.composite
def matrices(draw, low=-5.0, high=5.0, min_units=1):
    """A float64 ``(batch, units)`` array, batch 1-6 and units ``min_units``-6."""
    shape = draw(st.tuples(batch_sizes, st.integers(min_value=min_units, max_value=MAX_UNITS)))
    return draw(float_arrays(shape, low, high))


@st.composite
def matrix_pairs(draw, low=-5.0, high=5.0, min_units=1):
    """Two float64 arrays of the same ``(batch, units)`` shape."""
    shape = draw(st.tuples(batch_sizes, st.integers(min_value=min_units, max_value=MAX_UNITS)))
    return draw(float_arrays(shape, low, high)), draw(float_arrays(shape, low, high))


def away_from_zero(z, margin=1e-3):
    """``z`` with every entry closer than ``margin`` to 0 moved out to ``+-margin``.

    Used where a function has a kink at 0 (step, ReLU, leaky ReLU, |w|), so
    that central differences with a tiny epsilon never straddle the kink.
    """
    z = np.array(z, dtype=np.float64)
    near = np.abs(z) < margin
    z[near] = np.where(z[near] < 0, -margin, margin)
    return z


@st.composite
def dense_cases(draw, max_inputs=MAX_UNITS):
    """``(x, seed)`` for a Dense layer: a float64 batch ``(batch, inputs)`` and a weight seed."""
    batch = draw(batch_sizes)
    n_inputs = draw(st.integers(min_value=1, max_value=max_inputs))
    x = draw(float_arrays((batch, n_inputs), -2.0, 2.0))
    return x, draw(seeds)
