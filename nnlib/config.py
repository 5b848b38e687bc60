"""The default floating-point type of new models, as in ``keras.config``.

Training runs in float64 by default: gradient checks and comparisons with
scikit-learn need its precision. float32 halves memory and is about twice as
fast for large matrix products; pass ``dtype="float32"`` to ``Sequential`` or
call ``set_floatx("float32")`` before building models.
"""

import numpy as np

_FLOAT_TYPES = ("float32", "float64")
_floatx = "float64"


def floatx():
    """Return the name of the default float type: ``"float64"`` unless changed."""
    return _floatx


def set_floatx(dtype):
    """Set the default float type of models built from now on."""
    global _floatx
    _floatx = check_float_dtype(dtype)


def check_float_dtype(dtype):
    """Return ``dtype`` as ``"float32"`` or ``"float64"``, or raise a clear error."""
    name = np.dtype(dtype).name if dtype is not None else _floatx
    if name not in _FLOAT_TYPES:
        raise ValueError(
            f"nnlib trains in float32 or float64, not {name!r}. Pass dtype='float32' or dtype='float64'."
        )
    return name
