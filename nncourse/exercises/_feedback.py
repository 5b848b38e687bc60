"""How feedback is written: wrapped lines, short reprs, articles, and the comparison of numbers.

Shared by every kind of exercise (``core.py``, ``experiments.py``).
"""

import textwrap

import numpy as np

from .collector import Unsupported


def wrap(text, width=68):
    """Wrap each line of feedback to ``width`` columns, indenting continuations."""
    return "\n".join(
        textwrap.fill(line, width, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False)
        for line in text.splitlines()
    )


def short(value, limit=160):
    """A one-line repr of ``value`` (arrays as numpy prints them, 4 digits), cut at ``limit``."""
    text = (
        np.array2string(value, precision=4, threshold=12, edgeitems=3)
        if isinstance(value, np.ndarray)
        else repr(value)
    )
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + " ..."


def a_or_an(noun):
    """``"a list"``, ``"an int"``."""
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


def describe_type(value):
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, Unsupported):
        return a_or_an(value.type_name)
    return a_or_an(type(value).__name__)


def compare_values(expected, got, rtol, atol, what="the result"):
    """Why ``got`` is not ``expected`` (arrays, numbers or tuples of them), or None."""
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return f"{what} should be a tuple of {len(expected)} values, but it is {describe_type(got)}."
        for index, (e, g) in enumerate(zip(expected, got)):
            problem = compare_values(e, g, rtol, atol, f"item {index} of {what}")
            if problem:
                return problem
        return None
    expected = np.asarray(expected, dtype=float)
    if isinstance(got, (bool, int, float)) and expected.ndim == 0:
        got = np.asarray(got, dtype=float)
    if not isinstance(got, np.ndarray) or got.dtype.kind not in "biuf":
        kind = "a number" if expected.ndim == 0 else "a numpy array"
        return f"{what} should be {kind}, but it is {describe_type(got)}."
    if got.shape != expected.shape:
        return f"{what} should have shape {expected.shape}, but it has shape {got.shape}."
    if np.isnan(got).any() and not np.isnan(expected).any():
        return f"{what} contains NaN: {short(got)}. Look for 0/0, log of 0 or inf - inf."
    if not np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=True):
        where = "" if what == "the result" else f" {what}:"
        return f"{where}\n  expected {short(expected)}\n  but got  {short(got)}"
    return None
