"""validation: the checks at the boundary and their messages."""

import numpy as np
import pytest

from nnlib import _validation as validation


def test_check_positive_int_accepts_whole_numbers():
    assert validation.check_positive_int(3, "n") == 3
    assert validation.check_positive_int(np.int64(2), "n") == 2


@pytest.mark.parametrize("value", [0, -1, 2.0, True, "3", None])
def test_check_positive_int_rejects_everything_else(value):
    with pytest.raises(ValueError, match=rf"steps must be a whole number of at least 1, got {value!r}"):
        validation.check_positive_int(value, "steps")


def test_check_fraction():
    assert validation.check_fraction(0.0, "rate") == 0.0
    with pytest.raises(ValueError, match="split must be a number greater than 0 and less than 1, got 0"):
        validation.check_fraction(0, "split", inclusive_low=False)
    with pytest.raises(ValueError, match="rate must be a number at least 0 and less than 1, got 'half'"):
        validation.check_fraction("half", "rate")


def test_check_finite_names_the_first_bad_entry_and_counts_them():
    array = np.zeros((3, 3))
    array[1, 2], array[2, 0], array[2, 1] = np.nan, np.inf, -np.inf
    with pytest.raises(
        ValueError, match=r"data contains 1 NaN and 2 infinite values \(the first at index \(1, 2\)\)"
    ):
        validation.check_finite(array, "data")


def test_as_float_array_rejects_a_single_number():
    with pytest.raises(ValueError, match="x must be an array with one row per sample, got a single number"):
        validation.as_float_array(3.0, "x")


def test_as_float_array_converts_lists():
    array = validation.as_float_array([[1, 2], [3, 4]], "x", "float32")
    assert array.dtype == np.float32 and array.shape == (2, 2)
