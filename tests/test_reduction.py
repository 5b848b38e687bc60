"""_reduction: lining y_true up with y_pred, and weighting and reducing per-sample values,
by the rules of keras/src/losses/loss.py (squeeze_or_expand_to_same_rank,
reduce_weighted_values, reduce_values)."""

import numpy as np
import pytest

from nnlib import _reduction


@pytest.mark.parametrize(
    "a_shape, b_shape, expected",
    [
        ((4,), (4, 1), ((4, 1), (4, 1))),  # a rank-1 partner gains the axis
        ((4, 1), (4,), ((4, 1), (4, 1))),
        ((2, 3, 1), (2, 3), ((2, 3), (2, 3))),  # otherwise the extra axis of 1 goes
        ((2, 3), (2, 3, 1), ((2, 3), (2, 3))),
        ((4,), (4, 3), ((4,), (4, 3))),  # a trailing axis of 3 is not touched
        ((4, 3), (4, 3), ((4, 3), (4, 3))),
        ((1,), (), ((), ())),
    ],
)
def test_align_ranks_follows_keras_squeeze_or_expand(a_shape, b_shape, expected):
    a, b = _reduction.align_ranks(np.zeros(a_shape), np.zeros(b_shape))
    assert (a.shape, b.shape) == expected


def test_align_ranks_can_squeeze_instead_of_expanding():
    """expand_rank_1=False, as Keras's confusion metrics line up their sample weights."""
    a, b = _reduction.align_ranks(np.zeros(4), np.zeros((4, 1)), expand_rank_1=False)
    assert (a.shape, b.shape) == ((4,), (4,))


@pytest.mark.parametrize(
    "reduction, expected",
    [("sum_over_batch_size", 8.0 / 3), ("mean", 8.0 / 3), ("sum", 8.0), (None, [0.0, 2.0, 6.0])],
)
def test_reductions_of_weighted_values(reduction, expected):
    values, weights = np.array([1.0, 2.0, 3.0]), np.array([0.0, 1.0, 2.0])
    np.testing.assert_allclose(_reduction.reduce_weighted(values, weights, reduction), expected)


def test_mean_with_sample_weight_of_all_zero_weights_is_zero_not_nan():
    """Keras divides with divide_no_nan."""
    assert _reduction.reduce_weighted(np.array([1.0, 2.0]), np.zeros(2), "mean_with_sample_weight") == 0.0


def test_one_value_needs_no_reducing():
    assert _reduction.reduce_weighted(np.float64(3.0), None, "sum_over_batch_size") == 3.0


def test_gradient_scale_is_the_weight_over_the_divisor():
    weights = np.array([1.0, 3.0])
    np.testing.assert_allclose(
        _reduction.gradient_scale((2,), weights, "sum_over_batch_size"), [[0.5], [1.5]]
    )
    np.testing.assert_allclose(
        _reduction.gradient_scale((2,), weights, "mean_with_sample_weight"), [[0.25], [0.75]]
    )
    np.testing.assert_allclose(_reduction.gradient_scale((2,), weights, "sum"), [[1.0], [3.0]])
    assert _reduction.gradient_scale((4,), None, "sum_over_batch_size") == 0.25


def test_gradient_scale_needs_one_weight_per_value():
    with pytest.raises(ValueError, match=r"sample_weight has 3 entries, but there are 2 per-sample values"):
        _reduction.gradient_scale((2,), np.ones(3), "sum")


def test_weights_must_be_finite_numbers():
    with pytest.raises(ValueError, match="NaN or infinite"):
        _reduction.reduce_weighted(np.ones(2), [1.0, np.nan])
    with pytest.raises(TypeError, match="must be a number or an array of numbers"):
        _reduction.reduce_weighted(np.ones(2), ["a", "b"])
