"""Losses called directly give Keras's numbers: values ported from Keras's own tests,
targets lined up with predictions as Keras lines them up, and shapes that cannot
line up refused with a message.

Expected values come from keras/src/losses/losses_test.py (Keras 3, the mirror's
HEAD); each test names the Keras test it ports. Keras compares with
``assertAlmostEqual`` to 3 decimals; we use the same tolerance, or a tighter one
where the value is exact.
"""

import math

import numpy as np
import pytest

from nnlib import Sequential, layers, losses

# The arrays most of Keras's regression tests share
Y_TRUE = np.array([[1, 9, 2], [-5, -2, 6]])
Y_PRED = np.array([[4, 8, 12], [8, 1, 3]], dtype="float32")
# ... and its classification tests
ONE_HOT = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
PROBABILITIES = np.array([[0.9, 0.05, 0.05], [0.5, 0.89, 0.6], [0.05, 0.01, 0.94]])
LOGITS = np.array([[8.0, 1.0, 1.0], [0.0, 9.0, 1.0], [2.0, 3.0, 5.0]])
WEIGHT_COLUMN = np.array([[1.2], [3.4], [5.6]])

KERAS = pytest.approx  # abs=1.5e-3 below: Keras's assertAlmostEqual(decimal=3)


def keras_close(value):
    return KERAS(value, abs=1.5e-3)


# What the issue found: a flat target against a column of predictions


def test_a_flat_target_against_a_column_of_predictions_is_one_sample_per_row():
    """MSE of y (n,) against y_pred (n, 1) is 0 when they agree, not the mean over an (n, n) grid
    (1.333 here). keras/src/losses/loss.py squeeze_or_expand_to_same_rank."""
    y, column = np.array([1.0, 2.0, 3.0]), np.array([[1.0], [2.0], [3.0]])
    assert losses.MeanSquaredError()(y, column) == 0.0
    assert losses.MeanSquaredError()(column, y) == 0.0
    assert losses.MeanSquaredError().forward(y, column) == 0.0
    np.testing.assert_array_equal(losses.mean_squared_error(y, column), [0.0, 0.0, 0.0])
    assert losses.MeanAbsoluteError()(y, column + 1.0) == 1.0


def test_binary_crossentropy_lines_up_flat_labels_with_a_column_of_probabilities():
    y, p = np.array([1.0, 0.0, 1.0]), np.array([[0.9], [0.2], [0.6]])
    expected = -(math.log(0.9) + math.log(0.8) + math.log(0.6)) / 3
    assert losses.BinaryCrossentropy()(y, p) == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(
        losses.binary_crossentropy(y, p), [-math.log(0.9), -math.log(0.8), -math.log(0.6)]
    )


def test_sparse_labels_in_a_column_are_labels():
    """Labels [[0], [1], [2]] against a perfect prediction cost 0 (the issue saw 10.7).
    Port of SparseCategoricalCrossentropyTest.test_all_correct_unweighted."""
    labels = np.array([[0], [1], [2]], dtype="int64")
    assert losses.SparseCategoricalCrossentropy()(labels, np.eye(3)) == pytest.approx(0.0, abs=1e-6)
    logits = np.array([[10.0, 0.0, 0.0], [0.0, 10.0, 0.0], [0.0, 0.0, 10.0]])
    assert losses.SparseCategoricalCrossentropy(from_logits=True)(labels, logits) == keras_close(0.0)
    np.testing.assert_allclose(
        losses.sparse_categorical_crossentropy(labels, np.eye(3)), [1e-7] * 3, rtol=1e-6
    )


@pytest.mark.parametrize(
    "loss, y_true, y_pred",
    [
        (losses.BinaryCrossentropy(), [[0], [1], [2]], PROBABILITIES),
        (losses.CategoricalCrossentropy(), [[0], [1], [2]], PROBABILITIES),
        (losses.MeanSquaredError(), np.ones((3, 2)), np.ones((3, 3))),
        (losses.MeanAbsoluteError(), np.ones(4), np.ones(3)),
    ],
    ids=["binary", "categorical", "mse", "mae"],
)
def test_shapes_that_cannot_line_up_are_refused_with_both_shapes_named(loss, y_true, y_pred):
    """BinaryCrossentropyTest.test_shape_mismatch and CategoricalCrossentropyTest.test_shape_mismatch
    expect a ValueError; nnlib also refuses the shapes Keras's MSE would broadcast."""
    with pytest.raises(ValueError, match=r"y_true has shape \(.*\) and y_pred has shape \(.*\); they must"):
        loss(np.asarray(y_true), y_pred)


def test_sparse_labels_of_the_wrong_shape_are_refused():
    with pytest.raises(ValueError, match=r"needs one integer label per row of y_pred, shape \(3,\)"):
        losses.SparseCategoricalCrossentropy()(np.eye(3), PROBABILITIES)


def test_sparse_labels_outside_the_classes_are_refused():
    with pytest.raises(ValueError, match="y contains the label 3, but a last layer with 3 units"):
        losses.SparseCategoricalCrossentropy()([0, 1, 3], PROBABILITIES)


# MeanSquaredErrorTest and MeanAbsoluteErrorTest


def test_mean_squared_error_function_keeps_one_value_per_sample():
    """MeanSquaredErrorTest.test_base_function_reduction: shape (3,) for y (3,) and y_pred (3, 1)."""
    loss = losses.mean_squared_error(np.array([4, 8, 12]), np.array([[3], [0], [1]]))
    assert loss.shape == (3,)
    np.testing.assert_array_equal(loss, [1.0, 64.0, 121.0])


@pytest.mark.parametrize(
    "loss_class, sample_weight, reduction, expected",
    [
        (losses.MeanSquaredError, None, "sum_over_batch_size", 49.5),  # test_unweighted
        (losses.MeanSquaredError, 2.3, "sum_over_batch_size", 113.85),  # test_scalar_weighted
        (losses.MeanSquaredError, np.array([[1.2], [3.4]]), "sum_over_batch_size", 767.8 / 6),
        (losses.MeanSquaredError, 0, "sum_over_batch_size", 0.0),  # test_zero_weighted
        (losses.MeanSquaredError, 2.3, None, [84.3333, 143.3666]),  # test_no_reduction
        (losses.MeanSquaredError, 2.3, "sum", 227.69998),  # test_sum_reduction
        (
            losses.MeanSquaredError,
            np.array([[1.2], [3.4]]),
            "mean_with_sample_weight",
            (110 / 3 * 1.2 + 187 / 3 * 3.4) / (1.2 + 3.4),
        ),
        (losses.MeanAbsoluteError, None, "sum_over_batch_size", 5.5),
        (losses.MeanAbsoluteError, 2.3, "sum_over_batch_size", 12.65),
        (losses.MeanAbsoluteError, np.array([[1.2], [3.4]]), "sum_over_batch_size", 81.4 / 6),
        (losses.MeanAbsoluteError, 0, "sum_over_batch_size", 0.0),
        (losses.MeanAbsoluteError, 2.3, None, [10.7333, 14.5666]),
        (losses.MeanAbsoluteError, 2.3, "sum", 25.29999),
        (
            losses.MeanAbsoluteError,
            np.array([[1.2], [3.4]]),
            "mean_with_sample_weight",
            (14 / 3 * 1.2 + 19 / 3 * 3.4) / (1.2 + 3.4),
        ),
    ],
)
def test_regression_losses_match_keras_weights_and_reductions(loss_class, sample_weight, reduction, expected):
    """MeanSquaredErrorTest and MeanAbsoluteErrorTest: test_unweighted, test_scalar_weighted,
    test_sample_weighted, test_zero_weighted, test_no_reduction, test_sum_reduction,
    test_mean_with_sample_weight_reduction (in that order for each loss)."""
    value = loss_class(reduction=reduction)(Y_TRUE, Y_PRED, sample_weight=sample_weight)
    np.testing.assert_allclose(value, expected, atol=1.5e-3, rtol=1e-6)


def test_all_correct_regression_losses_are_zero():
    """MeanSquaredErrorTest / MeanAbsoluteErrorTest.test_all_correct_unweighted."""
    y = np.array([[4, 8, 12], [8, 1, 3]])
    assert losses.MeanSquaredError()(y, y) == 0.0
    assert losses.MeanAbsoluteError()(y, y) == 0.0


@pytest.mark.parametrize(
    "loss_class, expected", [(losses.MeanSquaredError, 97.833336), (losses.MeanAbsoluteError, 13.833333)]
)
def test_time_step_weights_weigh_each_step(loss_class, expected):
    """MeanSquaredErrorTest / MeanAbsoluteErrorTest.test_timestep_weighted: y (2, 3, 1), weights (2, 3)."""
    y_true = np.asarray([1, 9, 2, -5, -2, 6]).reshape(2, 3, 1)
    y_pred = np.asarray([4, 8, 12, 8, 1, 3]).reshape(2, 3, 1)
    weights = np.array([3, 6, 5, 0, 4, 2]).reshape((2, 3))
    assert loss_class()(y_true, y_pred, sample_weight=weights) == pytest.approx(expected, rel=1e-6)


# BinaryCrossentropyTest


def test_binary_crossentropy_all_correct_is_zero():
    """BinaryCrossentropyTest.test_all_correct_unweighted, probabilities and logits."""
    y = np.eye(3)
    assert losses.BinaryCrossentropy()(y, y) == keras_close(0.0)
    logits = np.where(y == 1, 10.0, -10.0)
    assert losses.BinaryCrossentropy(from_logits=True)(y, logits) == keras_close(0.0)


def test_binary_crossentropy_unweighted_matches_keras():
    """BinaryCrossentropyTest.test_unweighted (assertAllClose there, atol 1e-6)."""
    p = np.array([[0.9, 0.1, 0.2], [0.3, 0.8, 0.1], [0.1, 0.2, 0.7]], dtype="float32")
    assert losses.BinaryCrossentropy()(np.eye(3), p) == pytest.approx(0.20046903, abs=1e-6)


def test_binary_crossentropy_of_saturated_probabilities_differs_from_keras_only_by_float32():
    """BinaryCrossentropyTest.test_unweighted, test_scalar_weighted and test_sample_weighted use
    predictions of exactly 0 and 1 and expect 3.98559, 9.1668 and 4.7827. Those come from float32,
    where the clipped 1 - 1e-7 rounds to 1 - 1.19e-7; nnlib computes in float64 and clips at
    1 - 1e-7 exactly."""
    y_true = np.array([1, 0, 1, 0]).reshape([2, 2])
    y_pred = np.array([1, 1, 1, 0], dtype=np.float32).reshape([2, 2])
    assert losses.BinaryCrossentropy()(y_true, y_pred) == pytest.approx(-math.log(1e-7) / 4, rel=1e-6)

    def float32_formula(weights):
        p = np.clip(y_pred, np.float32(1e-7), np.float32(1) - np.float32(1e-7))
        elements = -(y_true * np.log(p) + (1 - y_true) * np.log(np.float32(1) - p))
        return float(np.mean(elements.mean(axis=-1) * weights))

    assert float32_formula(np.ones(2, np.float32)) == keras_close(3.98559)
    assert float32_formula(np.array([1.2, 3.4], np.float32)) == keras_close(4.7827)
    assert float32_formula(np.float32(2.3)) == keras_close(9.1668)  # test_scalar_weighted
    scalar = losses.BinaryCrossentropy()(y_true, y_pred, sample_weight=2.3)
    assert scalar == pytest.approx(-math.log(1e-7) / 4 * 2.3, rel=1e-6)
    weighted = losses.BinaryCrossentropy()(y_true, y_pred, sample_weight=np.array([1.2, 3.4]).reshape((2, 1)))
    assert weighted == pytest.approx(-math.log(1e-7) / 2 * 1.2 / 2, rel=1e-6)


@pytest.mark.parametrize(
    "sample_weight, reduction, expected",
    [
        (None, "sum_over_batch_size", 3.3333),  # test_unweighted, logits
        (2.3, "sum_over_batch_size", 7.666),  # test_scalar_weighted, logits
        (np.array([4, 3]), "sum_over_batch_size", 10.0),  # test_sample_weighted, logits
        (None, None, [0.0, 6.666]),  # test_no_reduction
    ],
)
def test_binary_crossentropy_from_logits_matches_keras(sample_weight, reduction, expected):
    """BinaryCrossentropyTest, the logits halves of test_unweighted, test_scalar_weighted,
    test_sample_weighted, and test_no_reduction."""
    y = np.array([[1, 0, 1], [0, 1, 1]])
    logits = np.array([[10.0, -10.0, 10.0], [10.0, 10.0, -10.0]])
    loss = losses.BinaryCrossentropy(from_logits=True, reduction=reduction)
    np.testing.assert_allclose(loss(y, logits, sample_weight=sample_weight), expected, atol=1.5e-3)


def test_binary_label_smoothing_matches_keras():
    """BinaryCrossentropyTest.test_label_smoothing: (10 + 5 * 0.1) / 3 for smoothing 0.1."""
    loss = losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1)
    assert loss(np.array([[1, 0, 1]]), np.array([[10.0, -10.0, -10.0]])) == keras_close((10.0 + 0.5) / 3.0)


# CategoricalCrossentropyTest and SparseCategoricalCrossentropyTest


def test_categorical_crossentropy_all_correct_is_zero():
    """CategoricalCrossentropyTest.test_all_correct_unweighted, probabilities and logits."""
    assert losses.CategoricalCrossentropy()(ONE_HOT, np.eye(3)) == keras_close(0.0)
    logits = np.array([[10.0, 0.0, 0.0], [0.0, 10.0, 0.0], [0.0, 0.0, 10.0]])
    assert losses.CategoricalCrossentropy(from_logits=True)(ONE_HOT, logits) == keras_close(0.0)


@pytest.mark.parametrize("sparse", [False, True], ids=["categorical", "sparse"])
@pytest.mark.parametrize(
    "from_logits, sample_weight, expected",
    [
        (False, None, 0.3239),  # test_unweighted
        (True, None, 0.0573),
        (False, 2.3, 0.7449),  # test_scalar_weighted
        (True, 2.3, 0.1317),
        (False, WEIGHT_COLUMN, 1.0696),  # test_sample_weighted
        (True, WEIGHT_COLUMN, 0.31829),
    ],
)
def test_categorical_crossentropies_match_keras(sparse, from_logits, sample_weight, expected):
    """CategoricalCrossentropyTest and SparseCategoricalCrossentropyTest: test_unweighted,
    test_scalar_weighted, test_sample_weighted (probabilities, then logits). The sparse tests
    give the labels as (3,) for test_unweighted and as (3, 1) for the others."""
    y_pred = LOGITS if from_logits else PROBABILITIES
    if sparse:
        labels = np.array([0, 1, 2]) if sample_weight is None else np.array([[0], [1], [2]])
        loss = losses.SparseCategoricalCrossentropy(from_logits=from_logits)
        value = loss(labels, y_pred, sample_weight=sample_weight)
    else:
        loss = losses.CategoricalCrossentropy(from_logits=from_logits)
        value = loss(ONE_HOT, y_pred, sample_weight=sample_weight)
    assert value == keras_close(expected)


@pytest.mark.parametrize("sparse", [False, True], ids=["categorical", "sparse"])
def test_categorical_crossentropies_without_reduction_match_keras(sparse):
    """CategoricalCrossentropyTest / SparseCategoricalCrossentropyTest.test_no_reduction
    (assertAllClose there)."""
    if sparse:
        loss = losses.SparseCategoricalCrossentropy(from_logits=True, reduction=None)
        value = loss(np.array([[0], [1], [2]]), LOGITS)
    else:
        value = losses.CategoricalCrossentropy(from_logits=True, reduction=None)(ONE_HOT, LOGITS)
    np.testing.assert_allclose(value, (0.001822, 0.000459, 0.169846), atol=1e-6, rtol=1e-5)


def test_categorical_label_smoothing_matches_keras():
    """CategoricalCrossentropyTest.test_label_smoothing: 400 * 0.1 / 3 for logits +-100."""
    loss = losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)
    assert loss(np.array([[1, 0, 0]]), np.array([[100.0, -100.0, -100.0]])) == keras_close(400.0 * 0.1 / 3.0)


def test_categorical_label_smoothing_on_probabilities_is_the_smoothed_formula():
    """CategoricalCrossentropyTest.test_label_smoothing_with_axis, on the last axis: the loss of
    the targets y (1 - s) + s / k."""
    y = np.array([[1, 0, 0], [0, 1, 0]], dtype=float)
    p = np.array([[0.8, 0.1, 0.1], [0.1, 0.8, 0.1]])
    smoothed = y * 0.9 + 0.1 / 3
    expected = np.mean(-np.sum(smoothed * np.log(p), axis=-1))
    assert losses.CategoricalCrossentropy(label_smoothing=0.1)(y, p) == pytest.approx(expected, rel=1e-12)


# The functions, and their names in compile


def test_the_functions_give_one_value_per_sample_for_every_loss():
    y = np.eye(3)[[0, 2, 1, 1]]
    p = np.full((4, 3), 1 / 3)
    for function in (
        losses.mean_squared_error,
        losses.mean_absolute_error,
        losses.binary_crossentropy,
        losses.categorical_crossentropy,
    ):
        assert function(y, p).shape == (4,), function.__name__
    assert losses.sparse_categorical_crossentropy([0, 2, 1, 1], p).shape == (4,)
    np.testing.assert_allclose(losses.categorical_crossentropy(y, p), [math.log(3)] * 4)


def test_the_functions_take_from_logits_and_label_smoothing_as_keras_does():
    y, z = np.array([[1.0, 0.0]]), np.array([[2.0, -1.0]])
    np.testing.assert_allclose(
        losses.binary_crossentropy(y, z, from_logits=True, label_smoothing=0.2),
        losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.2, reduction=None)(y, z),
    )
    np.testing.assert_allclose(
        losses.categorical_crossentropy(y, z, from_logits=True),
        [np.log(np.exp(2.0) + np.exp(-1.0)) - 2.0],
    )


@pytest.mark.parametrize(
    "function, cls",
    [
        (losses.mean_squared_error, losses.MeanSquaredError),
        (losses.binary_crossentropy, losses.BinaryCrossentropy),
        (losses.sparse_categorical_crossentropy, losses.SparseCategoricalCrossentropy),
    ],
)
def test_compile_takes_a_loss_function_as_keras_does(function, cls):
    assert type(losses.get(function)) is cls


def test_a_custom_loss_function_is_refused_with_what_to_write_instead():
    def my_loss(y_true, y_pred):
        return np.mean((y_true - y_pred) ** 2, axis=-1)

    with pytest.raises(TypeError, match=r"cannot train on the function 'my_loss'.*Subclass losses.Loss"):
        losses.get(my_loss)


def test_a_loss_object_has_keras_arguments_and_says_them_in_its_repr():
    loss = losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1, reduction="sum", name="bce")
    assert (loss.from_logits, loss.label_smoothing, loss.reduction, loss.name) == (True, 0.1, "sum", "bce")
    assert (
        repr(loss) == "BinaryCrossentropy(from_logits=True, label_smoothing=0.1, reduction='sum', name='bce')"
    )
    assert repr(losses.MeanSquaredError()) == "MeanSquaredError()"


# Bad arguments


@pytest.mark.parametrize("reduction", ["avg", "mean_over_batch", 1])
def test_unknown_reduction_lists_the_known_ones(reduction):
    with pytest.raises(ValueError, match=r"Unknown reduction .* one of: 'sum_over_batch_size', 'sum', "):
        losses.MeanSquaredError(reduction=reduction)


@pytest.mark.parametrize("smoothing", [-0.1, 1.5, "0.1", True])
@pytest.mark.parametrize("loss_class", [losses.BinaryCrossentropy, losses.CategoricalCrossentropy])
def test_label_smoothing_outside_zero_one_is_refused(loss_class, smoothing):
    with pytest.raises(ValueError, match="label_smoothing must be a number between 0 and 1"):
        loss_class(label_smoothing=smoothing)


def test_an_axis_other_than_the_last_is_refused():
    with pytest.raises(ValueError, match="over the last axis"):
        losses.CategoricalCrossentropy(axis=1)


def test_sample_weight_that_does_not_fit_is_refused():
    with pytest.raises(ValueError, match=r"sample_weight has shape \(3,\), which does not fit"):
        losses.MeanSquaredError()(Y_TRUE, Y_PRED, sample_weight=[1.0, 2.0, 3.0])


def test_text_given_as_a_target_is_refused_with_a_sentence():
    with pytest.raises(TypeError, match="y_true must be numeric"):
        losses.MeanSquaredError()(["a", "b"], [1.0, 2.0])


@pytest.mark.parametrize("reduction", [None, "none"])
def test_compile_refuses_a_loss_without_reduction(reduction):
    model = Sequential([layers.Dense(1, input_shape=(2,))])
    with pytest.raises(
        ValueError, match=r"returns one value per sample .* training needs one number per batch"
    ):
        model.compile("sgd", losses.MeanSquaredError(reduction=reduction))
