"""Losses: values against Keras's formulas, gradients against central differences,
the logits paths, and the target checks with their messages."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnlib import activations, losses
from nnlib.gradient_check import numerical_gradient

from .checks import assert_gradient_matches
from .strategies import away_from_zero, batch_sizes, float_arrays, shapes, sizes

EPSILON = 1e-7  # Keras's clipping constant, written out independently of nnlib


def numeric_gradient_of(loss_function, y_true, y_pred):
    """Central-difference gradient of ``loss_function(y_true, y_pred)`` w.r.t. ``y_pred``."""
    y_pred = np.array(y_pred, dtype=np.float64)
    return numerical_gradient(lambda: loss_function(y_true, y_pred), y_pred)


@st.composite
def one_hot_rows(draw, batch, units):
    labels = draw(st.lists(st.integers(0, units - 1), min_size=batch, max_size=batch))
    return np.eye(units)[labels], np.array(labels)


@st.composite
def classification_cases(draw, low=0.05, high=1.0):
    """``(y_one_hot, labels, p)``: p positive rows (not normalised), 2-6 classes."""
    batch = draw(batch_sizes)
    units = draw(st.integers(2, 6))
    y, labels = draw(one_hot_rows(batch, units))
    p = draw(float_arrays((batch, units), low, high))
    return y, labels, p


# Values against formulas worked by hand


def test_mse_is_the_plain_mean_of_squared_errors_without_one_half():
    y = np.array([[1.0, 2.0], [0.0, -1.0]])
    y_pred = np.array([[1.5, 1.0], [0.0, 1.0]])
    assert losses.MeanSquaredError().forward(y, y_pred) == pytest.approx((0.25 + 1.0 + 0.0 + 4.0) / 4)
    np.testing.assert_allclose(losses.mean_squared_error(y, y_pred), [(0.25 + 1.0) / 2, (0.0 + 4.0) / 2])


def test_mae_is_the_mean_of_absolute_errors():
    y = np.array([[1.0, 2.0], [0.0, -1.0]])
    y_pred = np.array([[1.5, 1.0], [0.0, 1.0]])
    assert losses.MeanAbsoluteError().forward(y, y_pred) == pytest.approx((0.5 + 1.0 + 0.0 + 2.0) / 4)


def test_binary_crossentropy_of_known_probabilities():
    y = np.array([[1.0], [0.0]])
    p = np.array([[0.8], [0.3]])
    expected = -(math.log(0.8) + math.log(0.7)) / 2
    assert losses.BinaryCrossentropy().forward(y, p) == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(losses.binary_crossentropy(y, p), [-math.log(0.8), -math.log(0.7)], rtol=1e-12)


def test_binary_crossentropy_clips_probabilities_at_1e_minus_7():
    y = np.array([[1.0, 0.0, 1.0]])
    p = np.array([[0.0, 1.0, 1.0]])
    expected = (-math.log(EPSILON) - math.log(EPSILON) - math.log(1 - EPSILON)) / 3
    # log(1 - (1 - 1e-7)) carries the round-off of 1 - 1e-7, about 1e-9 relative
    assert losses.BinaryCrossentropy().forward(y, p) == pytest.approx(expected, rel=1e-9)


def test_binary_crossentropy_gradient_is_zero_where_clipping_is_active():
    y = np.array([[1.0, 0.0]])
    p = np.array([[0.0, 1.0]])
    np.testing.assert_array_equal(losses.BinaryCrossentropy().gradient(y, p), [[0.0, 0.0]])


def test_categorical_crossentropy_renormalises_each_row():
    y = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    p = np.array([[2.0, 1.0, 1.0], [0.1, 0.1, 0.3]])  # rows sum to 4 and 0.5
    expected = -(math.log(0.5) + math.log(0.6)) / 2
    assert losses.CategoricalCrossentropy().forward(y, p) == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(
        losses.categorical_crossentropy(y, p), [-math.log(0.5), -math.log(0.6)], rtol=1e-12
    )


def test_categorical_crossentropy_clips_at_1e_minus_7():
    y = np.array([[1.0, 0.0]])
    p = np.array([[0.0, 1.0]])
    assert losses.CategoricalCrossentropy().forward(y, p) == pytest.approx(-math.log(EPSILON), rel=1e-12)


def test_sparse_categorical_crossentropy_of_known_probabilities():
    labels = np.array([2, 0])
    p = np.array([[0.2, 0.3, 0.5], [0.7, 0.2, 0.1]])
    expected = -(math.log(0.5) + math.log(0.7)) / 2
    assert losses.SparseCategoricalCrossentropy().forward(labels, p) == pytest.approx(expected, rel=1e-12)


def test_losses_average_over_the_batch():
    """Doubling the batch by repeating it leaves every loss unchanged."""
    y = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    p = np.array([[0.6, 0.3, 0.1], [0.2, 0.5, 0.3]])
    for loss in (
        losses.MeanSquaredError(),
        losses.MeanAbsoluteError(),
        losses.BinaryCrossentropy(),
        losses.CategoricalCrossentropy(),
    ):
        assert loss.forward(np.vstack([y, y]), np.vstack([p, p])) == pytest.approx(
            loss.forward(y, p), rel=1e-14
        )


# Gradients against central differences


@given(data=st.data())
def test_mse_gradient_matches_central_differences(data):
    shape = data.draw(shapes)
    y, y_pred = data.draw(float_arrays(shape)), data.draw(float_arrays(shape))
    loss = losses.MeanSquaredError()
    assert_gradient_matches(loss.gradient(y, y_pred), numeric_gradient_of(loss.forward, y, y_pred), "mse")


@given(data=st.data())
def test_mae_gradient_matches_central_differences_away_from_the_kink(data):
    shape = data.draw(shapes)
    y = data.draw(float_arrays(shape))
    y_pred = y + away_from_zero(data.draw(float_arrays(shape, -3.0, 3.0)), 1e-3)
    loss = losses.MeanAbsoluteError()
    assert_gradient_matches(loss.gradient(y, y_pred), numeric_gradient_of(loss.forward, y, y_pred), "mae")


@given(data=st.data())
def test_binary_crossentropy_gradient_matches_central_differences(data):
    shape = data.draw(shapes)
    y = data.draw(float_arrays(shape, 0.0, 1.0))  # soft labels are allowed
    p = data.draw(float_arrays(shape, 0.02, 0.98))
    loss = losses.BinaryCrossentropy()
    assert_gradient_matches(loss.gradient(y, p), numeric_gradient_of(loss.forward, y, p), "bce")


@given(case=classification_cases())
def test_categorical_crossentropy_gradient_matches_central_differences(case):
    y, _, p = case
    loss = losses.CategoricalCrossentropy()
    assert_gradient_matches(loss.gradient(y, p), numeric_gradient_of(loss.forward, y, p), "cce")


@given(case=classification_cases())
def test_sparse_categorical_crossentropy_gradient_matches_central_differences(case):
    _, labels, p = case
    loss = losses.SparseCategoricalCrossentropy()
    assert_gradient_matches(loss.gradient(labels, p), numeric_gradient_of(loss.forward, labels, p), "scce")


# The logits paths


@given(data=st.data())
def test_binary_crossentropy_from_logits_equals_sigmoid_then_probability_loss(data):
    shape = data.draw(shapes)
    y = data.draw(float_arrays(shape, 0.0, 1.0))
    z = data.draw(float_arrays(shape, -8.0, 8.0))  # sigmoid stays inside the clipping range
    from_logits = losses.BinaryCrossentropy(from_logits=True).forward(y, z)
    from_probabilities = losses.BinaryCrossentropy().forward(y, activations.sigmoid(z))
    assert from_logits == pytest.approx(from_probabilities, rel=1e-9, abs=1e-12)


@given(case=classification_cases(low=-5.0, high=5.0))  # probabilities stay above 1e-7
def test_categorical_crossentropy_from_logits_equals_softmax_then_probability_loss(case):
    y, labels, z = case
    a = activations.softmax(z)
    assert losses.CategoricalCrossentropy(from_logits=True).forward(y, z) == pytest.approx(
        losses.CategoricalCrossentropy().forward(y, a), rel=1e-9, abs=1e-12
    )
    assert losses.SparseCategoricalCrossentropy(from_logits=True).forward(labels, z) == pytest.approx(
        losses.SparseCategoricalCrossentropy().forward(labels, a), rel=1e-9, abs=1e-12
    )


def test_from_logits_losses_do_not_overflow_or_clip_for_huge_logits():
    z = np.array([[1000.0, -1000.0]])
    y = np.array([[0.0, 1.0]])
    # the true loss is 2000 in both cases; clipping probabilities would give -log(1e-7) = 16.1
    assert losses.CategoricalCrossentropy(from_logits=True).forward(y, z) == pytest.approx(2000.0)
    assert losses.SparseCategoricalCrossentropy(from_logits=True).forward(np.array([1]), z) == pytest.approx(
        2000.0
    )
    assert losses.BinaryCrossentropy(from_logits=True).forward(
        np.array([[0.0]]), np.array([[1000.0]])
    ) == pytest.approx(1000.0)


FUSED_CASES = [
    pytest.param(losses.BinaryCrossentropy(), "binary", id="binary_crossentropy"),
    pytest.param(losses.CategoricalCrossentropy(), "one_hot", id="categorical_crossentropy"),
    pytest.param(losses.CategoricalCrossentropy(), "soft", id="categorical_crossentropy_soft_labels"),
    pytest.param(losses.SparseCategoricalCrossentropy(), "labels", id="sparse_categorical_crossentropy"),
]


@st.composite
def targets_and_logits(draw, kind):
    batch = draw(batch_sizes)
    units = draw(sizes) if kind == "binary" else draw(st.integers(2, 6))
    z = draw(float_arrays((batch, units), -6.0, 6.0))
    if kind == "binary":
        y = draw(float_arrays((batch, units), 0.0, 1.0))
    elif kind == "one_hot":
        y = draw(one_hot_rows(batch, units))[0]
    elif kind == "soft":
        y = draw(float_arrays((batch, units), 0.0, 1.0))  # rows need not sum to 1
    else:
        y = draw(one_hot_rows(batch, units))[1]
    return y, z


@pytest.mark.parametrize("loss, kind", FUSED_CASES)
@given(data=st.data())
def test_logits_gradient_is_the_gradient_of_the_loss_from_logits(loss, kind, data):
    y, z = data.draw(targets_and_logits(kind))
    p = activations.sigmoid(z) if isinstance(loss, losses.BinaryCrossentropy) else activations.softmax(z)
    delta = loss.logits_gradient(y, p)
    assert_gradient_matches(
        delta, numeric_gradient_of(loss.forward_from_logits, y, z), f"{loss!r}, y={y}, z={z}"
    )


@pytest.mark.parametrize(
    "loss_class",
    [losses.BinaryCrossentropy, losses.CategoricalCrossentropy, losses.SparseCategoricalCrossentropy],
)
def test_from_logits_gradient_is_the_gradient_with_respect_to_the_logits(loss_class):
    rng = np.random.default_rng(0)
    z = rng.normal(size=(4, 3))
    y = (
        np.array([0, 2, 1, 1])
        if loss_class is losses.SparseCategoricalCrossentropy
        else np.eye(3)[[0, 2, 1, 1]]
    )
    loss = loss_class(from_logits=True)
    assert_gradient_matches(loss.gradient(y, z), numeric_gradient_of(loss.forward, y, z), repr(loss))


@given(case=classification_cases())
def test_sparse_categorical_crossentropy_equals_categorical_on_one_hot(case):
    y, labels, p = case
    sparse, dense = losses.SparseCategoricalCrossentropy(), losses.CategoricalCrossentropy()
    assert sparse.forward(labels, p) == pytest.approx(dense.forward(y, p), rel=1e-12)
    np.testing.assert_allclose(sparse.gradient(labels, p), dense.gradient(y, p), rtol=1e-12, atol=1e-15)
    z = np.log(p)
    a = activations.softmax(z)
    np.testing.assert_allclose(
        sparse.logits_gradient(labels, a), dense.logits_gradient(y, a), rtol=1e-12, atol=1e-15
    )
    assert sparse.forward_from_logits(labels, z) == pytest.approx(dense.forward_from_logits(y, z), rel=1e-12)


# Targets: each loss checks the kind of y it can learn from


def test_sparse_labels_beyond_the_output_units_are_rejected():
    with pytest.raises(
        ValueError,
        match=r"y contains the label 7, but a last layer with 3 units can only "
        r"predict the classes 0 to 2.*Dense\(8\)",
    ):
        losses.SparseCategoricalCrossentropy().prepare_targets(np.array([0, 7, 1]), 3, "float64")


def test_negative_sparse_labels_are_rejected():
    with pytest.raises(ValueError, match="y contains the label -1"):
        losses.SparseCategoricalCrossentropy().prepare_targets(np.array([0, -1, 1]), 3, "float64")


def test_fractional_sparse_labels_are_rejected():
    with pytest.raises(
        ValueError, match="expects integer class labels, but y holds fractional values such as 0.5"
    ):
        losses.SparseCategoricalCrossentropy().prepare_targets(np.array([0, 0.5, 1]), 3, "float64")


def test_one_hot_targets_given_to_sparse_loss_suggest_categorical():
    with pytest.raises(
        ValueError,
        match=r"y has shape \(3, 3\).*If y is one-hot, use "
        r"loss='categorical_crossentropy' or pass y.argmax\(axis=1\)",
    ):
        losses.SparseCategoricalCrossentropy().prepare_targets(np.eye(3), 3, "float64")


def test_integer_labels_given_to_categorical_loss_suggest_sparse_or_to_categorical():
    with pytest.raises(
        ValueError,
        match=r"looks like integer class labels\. Use "
        r"loss='sparse_categorical_crossentropy'.*to_categorical\(y, 3\)",
    ):
        losses.CategoricalCrossentropy().prepare_targets(np.array([0, 2, 1]), 3, "float64")


def test_column_of_labels_given_to_categorical_loss_is_recognised_as_labels():
    with pytest.raises(ValueError, match="looks like integer class labels"):
        losses.CategoricalCrossentropy().prepare_targets(np.array([[0], [2], [1]]), 3, "float64")


def test_categorical_targets_outside_zero_one_are_rejected():
    with pytest.raises(ValueError, match="class probabilities.*values from 0 to 2"):
        losses.CategoricalCrossentropy().prepare_targets(np.array([[0, 2, 0], [1, 0, 0]]), 3, "float64")


@pytest.mark.parametrize("bad", [[0, 1, 2], [-1, 0, 1]])
def test_binary_crossentropy_targets_outside_zero_one_are_rejected(bad):
    with pytest.raises(
        ValueError,
        match=r"binary_crossentropy needs targets between 0 and 1.*"
        r"y = \(y == positive_label\)",
    ):
        losses.BinaryCrossentropy().prepare_targets(np.array(bad), 1, "float64")


def test_target_width_must_match_the_output_units():
    with pytest.raises(
        ValueError,
        match=r"y is shape \(4, 2\), but the model's last layer has 3 unit\(s\).*"
        r"pass y with shape \(n_samples, 3\)",
    ):
        losses.MeanSquaredError().prepare_targets(np.zeros((4, 2)), 3, "float64")


def test_flat_targets_are_accepted_for_one_output_and_become_a_column():
    y = losses.MeanSquaredError().prepare_targets(np.array([1.0, 2.0, 3.0]), 1, "float64")
    assert y.shape == (3, 1)


def test_flat_targets_for_several_outputs_are_rejected():
    with pytest.raises(ValueError, match="y is a flat vector, but the model's last layer has 2 unit"):
        losses.MeanSquaredError().prepare_targets(np.array([1.0, 2.0, 3.0]), 2, "float64")


def test_sparse_targets_become_integer_indices():
    labels = losses.SparseCategoricalCrossentropy().prepare_targets(np.array([[2.0], [0.0]]), 3, "float64")
    assert labels.dtype.kind == "i"
    np.testing.assert_array_equal(labels, [2, 0])


# Lookup


@pytest.mark.parametrize(
    "name, cls",
    [
        ("mse", losses.MeanSquaredError),
        ("mean_squared_error", losses.MeanSquaredError),
        ("mae", losses.MeanAbsoluteError),
        ("binary_crossentropy", losses.BinaryCrossentropy),
        ("categorical_crossentropy", losses.CategoricalCrossentropy),
        ("sparse_categorical_crossentropy", losses.SparseCategoricalCrossentropy),
    ],
)
def test_get_by_name(name, cls):
    assert type(losses.get(name)) is cls


def test_get_by_instance_keeps_from_logits():
    loss = losses.CategoricalCrossentropy(from_logits=True)
    assert losses.get(loss) is loss and loss.from_logits


def test_unknown_loss_name_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"Unknown loss 'cross_entropy'\..*Known losses: ") as info:
        losses.get("cross_entropy")
    for name in losses.LOSSES:
        assert name in str(info.value)


# Sample weights, reductions and label smoothing: every path's gradient is the gradient of its loss


def weighted_case(kind, seed=0, batch=5, units=3):
    """``(y, y_pred or logits, weights)`` with weights in [0, 2], a zero among them."""
    rng = np.random.default_rng(seed)
    weights = rng.uniform(0.0, 2.0, size=batch)
    weights[1] = 0.0
    labels = rng.integers(0, units, size=batch)
    if kind == "labels":
        y = labels
    elif kind == "one_hot":
        y = np.eye(units)[labels]
    else:
        y = rng.uniform(0.0, 1.0, size=(batch, units))
    return y, rng.uniform(-2.0, 2.0, size=(batch, units)), weights


LOSS_PATHS = [  # (loss, kind of targets, what y_pred holds)
    pytest.param(losses.MeanSquaredError, {}, "real", "raw", id="mse"),
    pytest.param(losses.MeanAbsoluteError, {}, "real", "raw", id="mae"),
    pytest.param(losses.BinaryCrossentropy, {}, "real", "sigmoid", id="bce"),
    pytest.param(losses.BinaryCrossentropy, {"label_smoothing": 0.2}, "real", "sigmoid", id="bce-smoothed"),
    pytest.param(
        losses.BinaryCrossentropy,
        {"from_logits": True, "label_smoothing": 0.2},
        "real",
        "raw",
        id="bce-logits",
    ),
    pytest.param(losses.CategoricalCrossentropy, {}, "one_hot", "softmax", id="cce"),
    pytest.param(
        losses.CategoricalCrossentropy, {"label_smoothing": 0.3}, "one_hot", "softmax", id="cce-smoothed"
    ),
    pytest.param(
        losses.CategoricalCrossentropy,
        {"from_logits": True, "label_smoothing": 0.3},
        "one_hot",
        "raw",
        id="cce-logits",
    ),
    pytest.param(losses.SparseCategoricalCrossentropy, {}, "labels", "softmax", id="scce"),
    pytest.param(
        losses.SparseCategoricalCrossentropy, {"from_logits": True}, "labels", "raw", id="scce-logits"
    ),
]
OUTPUTS = {"raw": lambda z: z, "sigmoid": activations.sigmoid, "softmax": activations.softmax}
REDUCTIONS = ["sum_over_batch_size", "sum", "mean_with_sample_weight"]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("loss_class, options, kind, output", LOSS_PATHS)
def test_gradient_includes_the_weights_and_the_reduction(
    loss_class, options, kind, output, weighted, reduction
):
    y, z, weights = weighted_case(kind)
    y_pred = OUTPUTS[output](z)
    weights = weights if weighted else None
    loss = loss_class(**options, reduction=reduction)
    assert_gradient_matches(
        loss.gradient(y, y_pred, weights),
        numeric_gradient_of(lambda t, p: loss.forward(t, p, weights), y, y_pred),
        f"{loss!r}, weights {weights}",
    )


FUSED_PATHS = [
    pytest.param(losses.BinaryCrossentropy, 0.2, "real", activations.sigmoid, id="bce"),
    pytest.param(losses.CategoricalCrossentropy, 0.3, "one_hot", activations.softmax, id="cce"),
    pytest.param(losses.SparseCategoricalCrossentropy, None, "labels", activations.softmax, id="scce"),
]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("loss_class, smoothing, kind, activation", FUSED_PATHS)
def test_fused_output_layer_gradient_includes_weights_and_label_smoothing(
    loss_class, smoothing, kind, activation, reduction
):
    """The path a sigmoid or softmax output takes in fit: logits_gradient against forward_from_logits,
    and forward_from_logits equal to the loss of the probabilities."""
    y, z, weights = weighted_case(kind, seed=1)
    options = {} if smoothing is None else {"label_smoothing": smoothing}
    loss = loss_class(**options, reduction=reduction)
    assert_gradient_matches(
        loss.logits_gradient(y, activation(z), weights),
        numeric_gradient_of(lambda t, logits: loss.forward_from_logits(t, logits, weights), y, z),
        repr(loss),
    )
    assert loss.forward_from_logits(y, z, weights) == pytest.approx(
        loss.forward(y, activation(z), weights), rel=1e-9
    )


def test_default_reduction_divides_by_the_batch_size_not_by_the_sum_of_weights():
    """keras/src/losses/loss.py reduce_values: "sum_over_batch_size" divides by the number of values."""
    y, y_pred = np.array([[0.0], [0.0], [0.0], [0.0]]), np.array([[1.0], [2.0], [3.0], [4.0]])
    weights = np.array([1.0, 0.0, 0.0, 1.0])
    assert losses.MeanSquaredError().forward(y, y_pred, weights) == (1.0 + 16.0) / 4
    assert (
        losses.MeanSquaredError(reduction="mean_with_sample_weight").forward(y, y_pred, weights) == 17.0 / 2
    )
    assert losses.MeanSquaredError(reduction="sum").forward(y, y_pred, weights) == 17.0


def test_label_smoothing_moves_binary_targets_towards_one_half_and_categorical_towards_uniform():
    """Keras: y (1 - s) + s / 2 for binary, y (1 - s) + s / k for k classes. The loss is smallest
    where the prediction equals the smoothed target."""
    binary = losses.BinaryCrossentropy(label_smoothing=0.2)
    np.testing.assert_allclose(
        binary.gradient(np.array([[1.0, 0.0]]), np.array([[0.9, 0.1]])), 0.0, atol=1e-12
    )
    categorical = losses.CategoricalCrossentropy(label_smoothing=0.3)
    target = np.array([[0.8, 0.1, 0.1]])  # 1 * 0.7 + 0.1 and 0.3 / 3
    np.testing.assert_allclose(categorical.gradient(np.array([[1.0, 0.0, 0.0]]), target), 0.0, atol=1e-12)


def test_reduction_none_trains_on_the_sum_as_a_gradient_of_a_vector_would():
    y, z, _ = weighted_case("real")
    none = losses.MeanSquaredError(reduction=None)
    np.testing.assert_allclose(none.gradient(y, z), losses.MeanSquaredError(reduction="sum").gradient(y, z))
