"""Gradient checking: the numeric gradient, the relative error, and a check that
catches a broken backward pass."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnlib import Sequential, layers, losses
from nnlib.gradient_check import (
    GradientCheckReport,
    check_gradients,
    numerical_gradient,
    relative_error,
)

from .strategies import float_arrays, matrices, matrix_pairs


@given(w=matrices(low=-3.0, high=3.0))
def test_numerical_gradient_of_sum_of_squares_is_two_w(w):
    numeric = numerical_gradient(lambda: float(np.sum(w**2)), w)
    np.testing.assert_allclose(numeric, 2 * w, rtol=0, atol=1e-6)  # round-off: 1e-16 * f / 1e-6


@given(w=matrices(low=-3.0, high=3.0))
def test_numerical_gradient_of_sum_of_sines_is_cosine(w):
    numeric = numerical_gradient(lambda: float(np.sum(np.sin(w))), w)
    np.testing.assert_allclose(numeric, np.cos(w), rtol=0, atol=1e-7)


def test_numerical_gradient_of_a_product():
    w = np.array([3.0, -2.0])
    np.testing.assert_allclose(numerical_gradient(lambda: w[0] * w[1], w), [-2.0, 3.0], atol=1e-8)


@given(w=matrices())
def test_numerical_gradient_restores_w_exactly(w):
    original = w.copy()
    numerical_gradient(lambda: float(np.sum(np.exp(w))), w)
    np.testing.assert_array_equal(w, original)


def test_numerical_gradient_refuses_an_array_it_cannot_change_in_place():
    w = np.ones((4, 4))[:, :3]  # a view with gaps between rows: reshape(-1) would copy it
    with pytest.raises(
        ValueError, match="numerical_gradient needs a contiguous array it can change in place"
    ):
        numerical_gradient(lambda: float(np.sum(w)), w)


def test_central_differences_are_exact_for_quadratics_up_to_round_off():
    w = np.array([0.7])
    # f = 5 w^2: the central difference has no truncation error for a quadratic
    assert numerical_gradient(lambda: 5 * w[0] ** 2, w, epsilon=1e-3)[0] == pytest.approx(7.0, rel=1e-10)


# relative_error


@given(a=matrices())
def test_relative_error_of_an_array_with_itself_is_zero(a):
    assert relative_error(a, a) == 0.0


@given(a=matrices(low=0.5, high=5.0))
def test_relative_error_of_opposite_arrays_is_one(a):
    assert relative_error(a, -a) == pytest.approx(1.0)


@given(pair=matrix_pairs())
def test_relative_error_is_symmetric_and_between_zero_and_one(pair):
    a, b = pair
    error = relative_error(a, b)
    assert error == relative_error(b, a)
    assert 0.0 <= error <= 1.0 + 1e-12


@given(pair=matrix_pairs(low=0.1, high=5.0), scale=st.floats(1e-3, 1e3))
def test_relative_error_does_not_depend_on_the_scale(pair, scale):
    a, b = pair
    assert relative_error(scale * a, scale * b) == pytest.approx(relative_error(a, b), rel=1e-9)


def test_relative_error_of_two_zero_arrays_is_zero():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0


def test_relative_error_by_hand():
    # ||(1, 0) - (0, 1)|| / (1 + 1) = sqrt(2) / 2
    assert relative_error([1.0, 0.0], [0.0, 1.0]) == pytest.approx(np.sqrt(2) / 2)
    # a gradient twice too large: |2g - g| / (2|g| + |g|) = 1/3
    assert relative_error([2.0, 4.0], [1.0, 2.0]) == pytest.approx(1 / 3)


# check_gradients


def square_model(seed=0, dropout=False):
    """Three Dense layers with square 3x3 kernels, so a missing transpose still runs."""
    stack = [layers.Dense(3, activation="tanh", input_shape=(3,))]
    if dropout:
        stack.append(layers.Dropout(0.5))
    stack += [layers.Dense(3, activation="tanh"), layers.Dense(3)]
    model = Sequential(stack, seed=seed)
    model.compile(optimizer="sgd", loss="mse")
    return model


def data(seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(5, 3)), rng.normal(size=(5, 3))


def test_check_gradients_passes_a_correct_model():
    report = check_gradients(square_model(), *data())
    assert isinstance(report, GradientCheckReport)
    assert len(report) == 6
    assert report.passed()
    assert report.max_error < 1e-7


def test_check_gradients_detects_a_gradient_scaled_by_two(monkeypatch):
    original = layers.Dense.backward_from_delta

    def backward_with_doubled_dW(self, delta, need_input_gradient=True):
        result = original(self, delta, need_input_gradient)
        self.dW *= 2.0
        return result

    monkeypatch.setattr(layers.Dense, "backward_from_delta", backward_with_doubled_dW)
    report = check_gradients(square_model(), *data())
    assert not report.passed()
    kernels = [row.relative_error for row in report if row.weight == "kernel"]
    assert kernels == pytest.approx([1 / 3] * 3, rel=1e-4)  # |2g - g| / (|2g| + |g|)


def test_check_gradients_detects_a_missing_transpose_and_locates_it(monkeypatch):
    original = layers.Dense.backward_from_delta

    def backward_without_transpose(self, delta, need_input_gradient=True):
        original(self, delta, need_input_gradient=False)
        return delta @ self.kernel if need_input_gradient else None  # should be kernel.T

    monkeypatch.setattr(layers.Dense, "backward_from_delta", backward_without_transpose)
    report = check_gradients(square_model(), *data())
    errors = {(row.layer, row.weight): row.relative_error for row in report}
    assert errors[("dense", "kernel")] > 1e-2 and errors[("dense_1", "kernel")] > 1e-2
    assert errors[("dense_2", "kernel")] < 1e-7  # the last layer's own gradients do not use dx
    assert not report.passed()


def test_check_gradients_detects_a_wrong_loss_gradient(monkeypatch):
    monkeypatch.setattr(
        losses.MeanSquaredError,
        "gradient",
        lambda self, y_true, y_pred, sample_weight=None: (y_pred - y_true) / y_pred.size,
    )  # forgot the 2
    report = check_gradients(square_model(), *data())
    assert all(row.relative_error == pytest.approx(1 / 3, rel=1e-4) for row in report)


def test_check_gradients_runs_in_inference_mode_so_dropout_does_not_disturb_it():
    assert check_gradients(square_model(dropout=True), *data()).passed()


def test_check_gradients_leaves_the_weights_unchanged():
    model = square_model()
    before = model.get_weights()
    check_gradients(model, *data())
    for old, new in zip(before, model.get_weights()):
        np.testing.assert_array_equal(new, old)


def test_check_gradients_skips_frozen_layers():
    model = square_model()
    model.layers[1].trainable = False
    report = check_gradients(model, *data())
    assert [row.layer for row in report] == ["dense", "dense", "dense_2", "dense_2"]
    assert report.passed()


def test_report_prints_as_a_table():
    text = str(check_gradients(square_model(), *data()))
    lines = text.splitlines()
    assert lines[0].split() == ["layer", "weight", "shape", "relative", "error", "absolute", "error"]
    assert lines[1].split()[:2] == ["dense", "kernel"] and "(3, 3)" in lines[1]
    assert len(lines) == 7


def test_an_empty_report_passes():
    assert GradientCheckReport().max_error == 0.0 and GradientCheckReport().passed()


@given(x=float_arrays((4, 3), -2.0, 2.0))
def test_check_gradients_passes_for_any_input_batch(x):
    y = np.tanh(x[:, ::-1])
    assert check_gradients(square_model(), x, y).max_error < 1e-6


def test_a_gradient_of_exactly_zero_passes_on_its_absolute_error():
    from nnlib.gradient_check import ParameterCheck

    row = ParameterCheck("dense", "bias", (1,), relative_error=1.0, absolute_error=3e-11)
    assert row.passed()
    assert not ParameterCheck("dense", "bias", (1,), relative_error=1.0, absolute_error=0.5).passed()
