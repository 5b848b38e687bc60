"""The constructions behind chapter 9: staircases, sawtooths and trained one-layer fits."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnlib import Sequential, layers
from nnlib.approximation import (
    DOMAIN,
    TARGETS,
    count_linear_pieces,
    domain_grid,
    fit_one_hidden_layer,
    fitted_weights,
    one_hidden_layer,
    sawtooth_network,
    staircase_weights,
    unit_contributions,
)


def tent(u):
    return np.where(u < 0.5, 2 * u, 2 - 2 * u)


@pytest.mark.parametrize("depth", [1, 2, 3, 6])
def test_the_sawtooth_network_is_the_tent_map_applied_depth_times(depth):
    x = np.linspace(0, 1, 257)
    expected = x
    for _ in range(depth):
        expected = tent(expected)
    output = sawtooth_network(depth).predict(x.reshape(-1, 1))[:, 0]
    np.testing.assert_allclose(output, expected, atol=1e-12)


@pytest.mark.parametrize("depth", [1, 2, 5, 9])
def test_the_sawtooth_has_two_to_the_depth_pieces_from_six_depth_plus_one_weights(depth):
    x = np.linspace(0, 1, 2**11 + 1).reshape(-1, 1)
    network = sawtooth_network(depth)
    assert count_linear_pieces(x, network.predict(x)) == 2**depth
    assert network.count_params() == 6 * depth + 1


@given(st.lists(st.integers(-3, 3), min_size=1, max_size=8))
def test_count_linear_pieces_counts_slope_changes(slopes):
    x = np.arange(len(slopes) + 1, dtype=float)
    y = np.concatenate([[0.0], np.cumsum(slopes)])
    changes = sum(a != b for a, b in zip(slopes, slopes[1:]))
    assert count_linear_pieces(x, y) == 1 + changes


@pytest.mark.parametrize("n_units", [1, 4, 25])
def test_the_staircase_network_hits_the_function_between_its_steps(n_units):
    function = TARGETS["sine"][1]
    network = Sequential([layers.Dense(n_units, activation="sigmoid", input_shape=(1,)), layers.Dense(1)])
    network.set_weights(staircase_weights(function, n_units, steepness=200.0))
    points = np.linspace(*DOMAIN, n_units + 1).reshape(-1, 1)
    np.testing.assert_allclose(network.predict(points), function(points), atol=1e-6)


def test_a_finer_staircase_approximates_better():
    function = TARGETS["absolute value"][1]
    x = domain_grid(801)
    errors = []
    for n_units in [4, 16, 64]:
        network = Sequential([layers.Dense(n_units, activation="sigmoid", input_shape=(1,)), layers.Dense(1)])
        network.set_weights(staircase_weights(function, n_units))
        errors.append(np.max(np.abs(network.predict(x) - function(x))))
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 4.0 / 64  # |x| rises by at most one step width h = 4 / 64 per step


def test_unit_contributions_add_up_to_the_output():
    network = one_hidden_layer(5, seed=3)
    x = domain_grid(31)
    terms = unit_contributions(network, x)
    assert terms.shape == (31, 5)
    np.testing.assert_allclose(terms.sum(axis=1) + network.layers[1].bias, network.predict(x)[:, 0])


def test_training_a_wider_layer_fits_the_sine_closely_and_repeatably():
    x = domain_grid()
    narrow = fit_one_hidden_layer("sine", 1, epochs=300)
    wide = fit_one_hidden_layer("sine", 8, epochs=300)
    again = fit_one_hidden_layer("sine", 8, epochs=300)
    y = TARGETS["sine"][1](x)
    assert np.mean((wide.predict(x) - y) ** 2) < 0.1 * np.mean((narrow.predict(x) - y) ** 2)
    np.testing.assert_array_equal(wide.predict(x), again.predict(x))


def test_fitted_weights_are_the_trained_weights_and_cannot_be_changed():
    weights = fitted_weights("step", 2, epochs=50)
    for cached, trained in zip(weights, fit_one_hidden_layer("step", 2, epochs=50).get_weights()):
        np.testing.assert_array_equal(cached, trained)
    with pytest.raises(ValueError):
        weights[0][...] = 0.0


def test_an_unknown_target_is_named_in_the_error():
    with pytest.raises(ValueError, match="Known targets"):
        fit_one_hidden_layer("cosine", 3)
