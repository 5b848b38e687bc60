"""Activations: derivatives against central differences, and the laws each one obeys."""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnlib import activations
from nnlib.gradient_check import numerical_gradient

from .checks import assert_gradient_matches
from .strategies import away_from_zero, float_arrays, matrices, shapes

# Every activation, with the parameters worth checking; ``kinked`` ones have a
# corner at z = 0 where the derivative does not exist.
ACTIVATION_CASES = [
    pytest.param(activations.Identity(), False, id="identity"),
    pytest.param(activations.Step(), True, id="step"),
    pytest.param(activations.Sigmoid(), False, id="sigmoid"),
    pytest.param(activations.Tanh(), False, id="tanh"),
    pytest.param(activations.ReLU(), True, id="relu"),
    pytest.param(activations.LeakyReLU(), True, id="leaky_relu"),
    pytest.param(activations.LeakyReLU(alpha=0.05), True, id="leaky_relu_0.05"),
    pytest.param(activations.ELU(), True, id="elu"),
    pytest.param(activations.ELU(alpha=0.5), True, id="elu_0.5"),
]
ALL_CASES = ACTIVATION_CASES + [pytest.param(activations.Softmax(), False, id="softmax")]

EPSILON = 1e-6


def prepare(z, kinked):
    return away_from_zero(z, 1e-3) if kinked else np.array(z)


def central_difference(f, z, epsilon=EPSILON):
    """Elementwise (f(z + e) - f(z - e)) / 2e, for elementwise f."""
    return (f(z + epsilon) - f(z - epsilon)) / (2 * epsilon)


@pytest.mark.parametrize("activation, kinked", ACTIVATION_CASES)
@given(z=matrices(low=-4.0, high=4.0))
def test_derivative_matches_central_differences(activation, kinked, z):
    z = prepare(z, kinked)
    numeric = central_difference(activation.forward, z)
    assert_gradient_matches(activation.derivative(z), numeric, f"{activation!r} at z={z}")


@pytest.mark.parametrize("activation, kinked", ALL_CASES)
@given(data=st.data())
def test_backward_is_gradient_of_weighted_output(activation, kinked, data):
    """backward(z, a, g) must be the gradient of L(z) = sum(f(z) * g) with respect to z."""
    shape = data.draw(shapes)
    z = prepare(data.draw(float_arrays(shape, -4.0, 4.0)), kinked)
    grad_a = data.draw(float_arrays(shape, -2.0, 2.0))
    a = activation.forward(z)
    delta = activation.backward(z, a, grad_a)
    numeric = numerical_gradient(lambda: float(np.sum(activation.forward(z) * grad_a)), z, 1e-5)
    assert delta.shape == z.shape
    assert_gradient_matches(delta, numeric, f"{activation!r} at z={z}, grad_a={grad_a}")


@given(z=matrices(low=-4.0, high=4.0))
def test_softmax_derivative_is_the_jacobian_of_each_row(z):
    softmax = activations.Softmax()
    jacobian = softmax.derivative(z)  # (batch, units, units): d a_i / d z_j
    batch, units = z.shape
    assert jacobian.shape == (batch, units, units)
    numeric = np.empty_like(jacobian)
    for j in range(units):
        step = np.zeros_like(z)
        step[:, j] = EPSILON
        numeric[:, :, j] = (softmax.forward(z + step) - softmax.forward(z - step)) / (2 * EPSILON)
    assert_gradient_matches(jacobian, numeric, f"softmax Jacobian at z={z}")


@given(data=st.data())
def test_softmax_backward_is_the_jacobian_vector_product(data):
    shape = data.draw(shapes)
    z = data.draw(float_arrays(shape, -10.0, 10.0))
    grad_a = data.draw(float_arrays(shape, -3.0, 3.0))
    softmax = activations.Softmax()
    a = softmax.forward(z)
    jacobian = softmax.derivative(z)
    expected = np.einsum("bi,bij->bj", grad_a, jacobian)  # delta_j = sum_i g_i da_i/dz_j
    np.testing.assert_allclose(softmax.backward(z, a, grad_a), expected, rtol=1e-10, atol=1e-14)


# Laws


@given(z=matrices(low=-40.0, high=40.0))
def test_sigmoid_of_minus_z_is_one_minus_sigmoid_of_z(z):
    np.testing.assert_allclose(activations.sigmoid(-z), 1.0 - activations.sigmoid(z), rtol=0, atol=1e-15)


def test_sigmoid_of_zero_is_one_half_and_derivative_one_quarter():
    z = np.zeros((1, 1))
    assert activations.sigmoid(z)[0, 0] == 0.5
    assert activations.Sigmoid().derivative(z)[0, 0] == 0.25


def test_sigmoid_is_stable_for_huge_inputs():
    z = np.array([[-1e4, -745.0, -50.0, 0.0, 50.0, 745.0, 1e4]])
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        a = activations.sigmoid(z)
        derivative = activations.Sigmoid().derivative(z)
    assert np.all(np.isfinite(a)) and np.all(np.isfinite(derivative))
    assert a[0, 0] == 0.0 and a[0, -1] == 1.0
    assert np.all(np.diff(a[0]) >= 0)  # monotone
    assert 0 < a[0, 2] < 1e-20  # small, but not rounded to 0


@given(z=matrices(low=-50.0, high=50.0))
def test_softmax_rows_are_probabilities_summing_to_one(z):
    a = activations.softmax(z)
    assert np.all(a >= 0) and np.all(a <= 1)
    np.testing.assert_allclose(a.sum(axis=1), 1.0, rtol=0, atol=1e-12)


@given(data=st.data())
def test_softmax_is_unchanged_by_adding_a_constant_to_a_row(data):
    z = data.draw(matrices(low=-50.0, high=50.0))
    shift = data.draw(float_arrays((len(z), 1), -1000.0, 1000.0))
    np.testing.assert_allclose(activations.softmax(z + shift), activations.softmax(z), rtol=1e-9, atol=1e-300)


def test_softmax_is_stable_for_huge_logits():
    z = np.array([[1000.0, 0.0, -1000.0], [1e5, 1e5, -1e5], [-1e4, -1e4, -1e4]])
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        a = activations.softmax(z)
    np.testing.assert_array_equal(a[0], [1.0, 0.0, 0.0])
    np.testing.assert_array_equal(a[1], [0.5, 0.5, 0.0])
    np.testing.assert_allclose(a[2], [1 / 3] * 3, rtol=1e-15)


def test_softmax_of_known_logits():
    z = np.array([[0.0, np.log(2.0), np.log(5.0)]])
    np.testing.assert_allclose(activations.softmax(z), [[1 / 8, 2 / 8, 5 / 8]], rtol=1e-15)


def test_leaky_relu_uses_alpha_for_negative_inputs():
    z = np.array([[-2.0, -0.5, 0.0, 3.0]])
    np.testing.assert_allclose(activations.leaky_relu(z, alpha=0.1), [[-0.2, -0.05, 0.0, 3.0]])
    np.testing.assert_allclose(activations.LeakyReLU(alpha=0.1).derivative(z), [[0.1, 0.1, 0.1, 1.0]])
    # the default slope is keras.activations.leaky_relu's negative_slope, 0.2
    np.testing.assert_allclose(activations.leaky_relu(z), [[-0.4, -0.1, 0.0, 3.0]])


def test_relu_and_step_values():
    z = np.array([[-2.0, 0.0, 1.5]])
    np.testing.assert_array_equal(activations.relu(z), [[0.0, 0.0, 1.5]])
    np.testing.assert_array_equal(activations.ReLU().derivative(z), [[0.0, 0.0, 1.0]])
    np.testing.assert_array_equal(activations.step(z), [[0.0, 1.0, 1.0]])
    np.testing.assert_array_equal(activations.Step().derivative(z), [[0.0, 0.0, 0.0]])


@pytest.mark.parametrize("alpha", [1.0, 0.5, 2.0])
def test_elu_is_continuous_at_zero_and_saturates_at_minus_alpha(alpha):
    elu = activations.ELU(alpha=alpha)
    tiny = 1e-9
    z = np.array([[-tiny, 0.0, tiny]])
    np.testing.assert_allclose(elu.forward(z), [[-alpha * tiny, 0.0, tiny]], rtol=1e-6, atol=1e-20)
    assert elu.forward(np.array([[-50.0]]))[0, 0] == pytest.approx(-alpha, rel=1e-15)
    with np.errstate(over="raise"):
        assert elu.forward(np.array([[1e4]]))[0, 0] == 1e4  # no exp overflow on the positive side


def test_elu_derivative_is_continuous_at_zero_when_alpha_is_one():
    elu = activations.ELU(alpha=1.0)
    left, right = elu.derivative(np.array([[-1e-9, 1e-9]]))[0]
    assert left == pytest.approx(right, abs=1e-8)


def test_elu_backward_uses_output_plus_alpha_below_zero():
    elu = activations.ELU(alpha=0.7)
    z = np.array([[-1.3, 0.4]])
    a = elu.forward(z)
    np.testing.assert_allclose(elu.backward(z, a, np.ones_like(z)), [[0.7 * np.exp(-1.3), 1.0]], rtol=1e-14)


@given(z=float_arrays((3, 4), -5.0, 5.0))
def test_functional_forms_equal_the_classes(z):
    np.testing.assert_array_equal(activations.relu(z), activations.ReLU().forward(z))
    np.testing.assert_array_equal(activations.tanh(z), np.tanh(z))
    np.testing.assert_array_equal(activations.identity(z), z)
    np.testing.assert_array_equal(activations.elu(z, 0.5), activations.ELU(0.5).forward(z))


# Lookup


@pytest.mark.parametrize(
    "name, cls",
    [
        ("relu", activations.ReLU),
        ("ReLU", activations.ReLU),
        ("sigmoid", activations.Sigmoid),
        ("tanh", activations.Tanh),
        ("softmax", activations.Softmax),
        ("linear", activations.Identity),
        ("identity", activations.Identity),
        ("leaky_relu", activations.LeakyReLU),
        ("elu", activations.ELU),
        ("step", activations.Step),
    ],
)
def test_get_by_name_returns_an_instance_of_the_class(name, cls):
    assert type(activations.get(name)) is cls


def test_get_by_class_instantiates_it():
    assert type(activations.get(activations.Tanh)) is activations.Tanh


def test_get_by_instance_returns_that_instance():
    leaky = activations.LeakyReLU(alpha=0.01)
    assert activations.get(leaky) is leaky


def test_get_none_is_the_identity():
    assert type(activations.get(None)) is activations.Identity


def test_unknown_activation_name_lists_known_names_and_suggests_the_closest():
    with pytest.raises(ValueError, match=r"Unknown activation 'rleu'\. Did you mean 'relu'\?") as info:
        activations.get("rleu")
    message = str(info.value)
    assert "Known activations:" in message
    for name in activations.ACTIVATIONS:
        assert name in message


def test_activation_of_the_wrong_type_says_what_is_expected():
    with pytest.raises(TypeError, match="Expected the name of an activation .*got int"):
        activations.get(3)
