"""signal_propagation: deep stacks, the spread of their activations, their gradients."""

import numpy as np
import pytest

from nnlib import initializers
from nnlib.signal_propagation import activation_stds, deep_mlp, gradient_norms

X = np.random.default_rng(5).normal(size=(300, 50))
Y = np.random.default_rng(6).normal(size=(300, 1))


def test_deep_mlp_stacks_depth_identical_layers_and_an_optional_output():
    model = deep_mlp(
        4, 20, "tanh", "he_normal", n_inputs=50, n_outputs=3, output_activation="softmax", seed=0
    )
    dense = model.layers
    assert [layer.units for layer in dense] == [20, 20, 20, 20, 3]
    assert [layer.activation.name for layer in dense] == ["tanh"] * 4 + ["softmax"]
    assert all(isinstance(layer.kernel_initializer, initializers.HeNormal) for layer in dense[:4])
    assert dense[0].kernel.shape == (50, 20) and dense[1].kernel.shape == (20, 20)
    assert all(not layer.bias.any() for layer in dense)
    assert len(deep_mlp(3, 8, "relu", "zeros", n_inputs=2).layers) == 3


def test_the_first_layers_of_a_deeper_stack_are_the_same_as_a_shallower_one():
    shallow = deep_mlp(3, 16, "relu", "glorot_uniform", n_inputs=50, n_outputs=1, seed=7)
    deep = deep_mlp(8, 16, "relu", "glorot_uniform", n_inputs=50, seed=7)
    for a, b in zip(shallow.layers[:3], deep.layers[:3]):
        assert np.array_equal(a.kernel, b.kernel)


@pytest.mark.parametrize("activation, f", [("tanh", np.tanh), ("relu", lambda z: np.maximum(z, 0))])
def test_activation_stds_are_the_stds_of_a_forward_pass_written_in_numpy(activation, f):
    model = deep_mlp(5, 30, activation, initializers.RandomNormal(stddev=0.2), n_inputs=50, seed=1)
    rng = np.random.default_rng(1)  # the model draws its kernels from this generator, in order
    a, expected = X, []
    for _ in range(5):
        a = f(a @ rng.normal(0.0, 0.2, size=(a.shape[1], 30)))
        expected.append(a.std())
    assert np.allclose(activation_stds(model, X), expected)


def test_tiny_weights_shrink_the_spread_by_the_same_factor_in_every_layer():
    # each tanh layer multiplies the std by about sqrt(50) * 0.01, in its linear region
    model = deep_mlp(6, 50, "tanh", initializers.RandomNormal(stddev=0.01), n_inputs=50, seed=0)
    ratios = np.diff(np.log(activation_stds(model, X)))
    assert np.allclose(np.exp(ratios), np.sqrt(50) * 0.01, rtol=0.1)


def test_he_keeps_a_relu_stack_spread_steady_and_glorot_lets_it_shrink():
    he = activation_stds(deep_mlp(10, 200, "relu", "he_normal", n_inputs=50, seed=0), X)
    glorot = activation_stds(deep_mlp(10, 200, "relu", "glorot_uniform", n_inputs=50, seed=0), X)
    assert 0.5 < he[-1] / he[1] < 2
    assert glorot[-1] / glorot[1] < 0.1


def test_gradient_norms_average_one_sample_at_a_time_and_change_nothing():
    model = deep_mlp(3, 10, "tanh", "glorot_uniform", n_inputs=50, n_outputs=1, seed=2)
    model.compile(optimizer="sgd", loss="mse")
    before = model.get_weights()
    norms = gradient_norms(model, X[:4], Y[:4])
    assert norms.shape == (4,)
    expected = np.zeros(4)
    for i in range(4):
        _, gradients = model.loss_and_gradients(X[i : i + 1], Y[i : i + 1])
        expected += [np.linalg.norm(g) for g in gradients[::2]]  # kernel, bias, kernel, ...
    assert np.allclose(norms, expected / 4)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))


def test_gradient_norms_skip_frozen_layers_and_layers_without_weights():
    model = deep_mlp(3, 10, "relu", "he_normal", n_inputs=50, n_outputs=1, seed=3)
    model.layers[0].trainable = False
    model.compile(optimizer="sgd", loss="mse")
    assert gradient_norms(model, X[:3], Y[:3]).shape == (3,)


def test_sigmoid_gradients_vanish_towards_the_input():
    model = deep_mlp(10, 100, "sigmoid", "glorot_uniform", n_inputs=50, n_outputs=1, seed=0)
    model.compile(optimizer="sgd", loss="mse")
    norms = gradient_norms(model, X[:8], Y[:8])
    assert norms[0] < 1e-3 * norms[-2]
