"""Layers: Dense forward and backward, Dropout, Activation, Flatten, frozen layers."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from nnlib import (
    Sequential,
    activations,
    initializers,
    layers,
    optimizers,
    regularizers,
)
from nnlib.gradient_check import numerical_gradient

from .checks import assert_gradient_matches
from .strategies import dense_cases, seeds, sizes


def built(layer, input_shape, seed=0, dtype="float64"):
    """``layer`` built for samples of ``input_shape`` (the batch axis is added, as build takes it)."""
    layer.build((None, *input_shape), np.random.default_rng(seed), dtype)
    return layer


# Dense: forward


def test_dense_kernel_has_shape_inputs_by_units_and_bias_units():
    dense = built(layers.Dense(3), (4,))
    assert dense.kernel.shape == (4, 3)
    assert dense.bias.shape == (3,)
    assert [w.shape for w in dense.get_weights()] == [(4, 3), (3,)]
    assert dense.count_params() == 4 * 3 + 3


def test_dense_forward_is_x_times_kernel_plus_bias():
    dense = built(layers.Dense(2), (3,))
    kernel = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    bias = np.array([0.5, -1.0])
    dense.set_weights([kernel, bias])
    x = np.array([[1.0, 0.0, 0.0], [1.0, 1.0, 1.0]])
    np.testing.assert_array_equal(dense.forward(x), [[1.5, 1.0], [9.5, 11.0]])


@given(case=dense_cases(), units=sizes)
def test_dense_output_has_shape_batch_by_units(case, units):
    x, seed = case
    dense = built(layers.Dense(units, activation="tanh"), x.shape[1:], seed)
    assert dense.forward(x).shape == (len(x), units)


def test_dense_defaults_are_keras_defaults():
    dense = built(layers.Dense(5), (7,), seed=3)
    assert isinstance(dense.activation, activations.Identity)
    assert isinstance(dense.kernel_initializer, initializers.GlorotUniform)
    assert isinstance(dense.bias_initializer, initializers.Zeros)
    assert dense.use_bias is True
    np.testing.assert_array_equal(dense.bias, np.zeros(5))
    assert np.abs(dense.kernel).max() <= np.sqrt(6 / (7 + 5))


def test_dense_without_bias_has_only_a_kernel():
    dense = built(layers.Dense(3, use_bias=False), (2,))
    assert [w.shape for w in dense.get_weights()] == [(2, 3)]
    x = np.ones((1, 2))
    np.testing.assert_array_equal(dense.forward(x), x @ dense.kernel)


@pytest.mark.parametrize("units", [0, -2, 2.5, "3"])
def test_dense_units_must_be_a_positive_whole_number(units):
    with pytest.raises(ValueError, match=rf"Dense units must be a whole number of at least 1, got {units!r}"):
        layers.Dense(units)


def test_dense_on_non_flat_input_suggests_flatten():
    with pytest.raises(
        ValueError,
        match=r"takes flat feature vectors, but its inputs have shape \(8, 8\) "
        r"per sample\. Put layers.Flatten\(\) before it",
    ):
        built(layers.Dense(3, name="dense"), (8, 8))


# Dense: backward against central differences

ACTIVATIONS = ["linear", "step", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softmax"]
KINKED = {"step", "relu", "leaky_relu", "elu"}
REGULARIZERS = [None, regularizers.L1(0.1), regularizers.L2(0.1), regularizers.L1L2(l1=0.05, l2=0.2)]


@pytest.mark.parametrize("use_bias", [True, False], ids=["bias", "no_bias"])
@pytest.mark.parametrize("activation", ACTIVATIONS)
@given(
    case=dense_cases(),
    units=sizes,
    kernel_regularizer=st.sampled_from(REGULARIZERS),
    bias_regularizer=st.sampled_from(REGULARIZERS),
)
def test_dense_backward_matches_central_differences(
    activation, use_bias, case, units, kernel_regularizer, bias_regularizer
):
    """With L = sum(a * G) + penalty, backward(G) must give dL/dx and store dL/dW, dL/db."""
    x, seed = case
    dense = built(
        layers.Dense(
            units,
            activation=activation,
            use_bias=use_bias,
            bias_initializer=initializers.RandomUniform(-1.0, 1.0),
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
        ),
        x.shape[1:],
        seed,
    )
    grad_output = np.random.default_rng(seed).uniform(-1.0, 1.0, size=(len(x), units))
    dense.forward(x)
    if activation in KINKED:
        assume(np.abs(dense.z).min() > 1e-3)
    if kernel_regularizer is not None and kernel_regularizer.l1:
        assume(np.abs(dense.kernel).min() > 1e-3)
    if use_bias and bias_regularizer is not None and bias_regularizer.l1:
        assume(np.abs(dense.bias).min() > 1e-3)

    dx = dense.backward(grad_output)
    analytic = {"dx": dx, "dW": dense.dW.copy()}
    if use_bias:
        analytic["db"] = dense.db.copy()

    def loss(inputs=x):
        return float(np.sum(dense.forward(inputs) * grad_output)) + dense.regularization_penalty()

    x_copy = x.copy()
    numeric = {
        "dx": numerical_gradient(lambda: loss(x_copy), x_copy),
        "dW": numerical_gradient(loss, dense.kernel),
    }
    if use_bias:
        numeric["db"] = numerical_gradient(loss, dense.bias)
    for name in analytic:
        assert_gradient_matches(
            analytic[name],
            numeric[name],
            f"{name} of Dense({units}, {activation}), x={x}, regularizers "
            f"{kernel_regularizer!r}/{bias_regularizer!r}",
        )


def test_dense_backward_can_skip_the_input_gradient():
    dense = built(layers.Dense(2, activation="relu"), (3,))
    dense.forward(np.ones((4, 3)))
    assert dense.backward(np.ones((4, 2)), need_input_gradient=False) is None


def test_frozen_dense_still_passes_the_gradient_to_its_input_but_keeps_dW():
    dense = built(layers.Dense(2), (3,))
    dense.trainable = False
    dense.dW[...] = 7.0
    dense.forward(np.ones((4, 3)))
    dx = dense.backward(np.ones((4, 2)))
    np.testing.assert_allclose(dx, np.ones((4, 2)) @ dense.kernel.T)
    np.testing.assert_array_equal(dense.dW, 7.0)


def test_regularization_penalty_of_a_dense_layer_sums_kernel_and_bias_penalties():
    dense = built(layers.Dense(2, kernel_regularizer=regularizers.L2(0.5), bias_regularizer="l1"), (2,))
    dense.set_weights([np.array([[1.0, -2.0], [0.0, 3.0]]), np.array([-1.0, 0.5])])
    assert dense.regularization_penalty() == pytest.approx(0.5 * (1 + 4 + 9) + 0.01 * 1.5)


# set_weights


def test_set_weights_with_a_wrong_shape_names_the_layer_and_both_shapes():
    dense = built(layers.Dense(3, name="hidden"), (4,))
    with pytest.raises(
        ValueError,
        match=r"Layer 'hidden': kernel has shape \(4, 3\), but the array given "
        r"for it has shape \(3, 4\)\.",
    ):
        dense.set_weights([np.zeros((3, 4)), np.zeros(3)])


def test_set_weights_with_a_wrong_count_lists_the_weight_names():
    dense = built(layers.Dense(3, name="hidden"), (4,))
    with pytest.raises(
        ValueError, match=r"Layer 'hidden' has 2 weight arrays \(kernel, bias\), but 1 were given"
    ):
        dense.set_weights([np.zeros((4, 3))])


def test_set_weights_copies_in_place():
    dense = built(layers.Dense(2), (2,))
    kernel = dense.kernel
    new = np.array([[1.0, 2.0], [3.0, 4.0]])
    dense.set_weights([new, np.zeros(2)])
    assert dense.kernel is kernel
    new[0, 0] = 100.0  # the layer holds a copy, not the caller's array
    assert dense.kernel[0, 0] == 1.0


# Dropout


def test_dropout_at_inference_is_the_identity():
    dropout = built(layers.Dropout(0.5, seed=0), (10,))
    x = np.arange(30.0).reshape(3, 10)
    np.testing.assert_array_equal(dropout.forward(x, training=False), x)
    np.testing.assert_array_equal(dropout.backward(np.ones_like(x)), np.ones_like(x))


@pytest.mark.parametrize("rate", [0.1, 0.3, 0.5, 0.8])
def test_dropout_zeros_about_rate_of_units_and_scales_the_rest(rate):
    dropout = built(layers.Dropout(rate, seed=1234), (500,))
    x = np.ones((200, 500))
    out = dropout.forward(x, training=True)
    kept = out != 0
    # 100,000 draws: the standard deviation of the fraction is at most 0.0016, so
    # 0.01 is six standard deviations (and the seed is fixed anyway)
    assert abs((~kept).mean() - rate) < 0.01
    np.testing.assert_allclose(out[kept], 1.0 / (1.0 - rate), rtol=1e-15)
    assert abs(out.mean() - 1.0) < 0.02 / (1 - rate)  # the expectation is preserved


def test_dropout_backward_uses_the_mask_of_the_forward_pass():
    dropout = built(layers.Dropout(0.4, seed=5), (50,))
    x = np.random.default_rng(0).uniform(1.0, 2.0, size=(20, 50))
    out = dropout.forward(x, training=True)
    grad = np.random.default_rng(1).normal(size=x.shape)
    expected = np.where(out != 0, grad / 0.6, 0.0)
    np.testing.assert_allclose(dropout.backward(grad), expected, rtol=1e-15)


def test_dropout_with_the_same_seed_gives_the_same_masks():
    x = np.ones((8, 30))
    first = built(layers.Dropout(0.5, seed=42), (30,))
    second = built(layers.Dropout(0.5, seed=42), (30,), seed=999)  # the layer's own seed wins
    for _ in range(3):
        np.testing.assert_array_equal(first.forward(x, training=True), second.forward(x, training=True))


def test_dropout_masks_change_from_call_to_call_and_between_seeds():
    x = np.ones((8, 30))
    dropout = built(layers.Dropout(0.5, seed=42), (30,))
    other = built(layers.Dropout(0.5, seed=43), (30,))
    first = dropout.forward(x, training=True)
    assert not np.array_equal(first, dropout.forward(x, training=True))
    assert not np.array_equal(first, other.forward(x, training=True))


def test_dropout_rate_zero_is_the_identity_in_training():
    dropout = built(layers.Dropout(0.0), (4,))
    x = np.ones((2, 4))
    np.testing.assert_array_equal(dropout.forward(x, training=True), x)


@pytest.mark.parametrize("rate", [1.0, -0.1, 1.5, "0.5", None])
def test_dropout_rate_must_lie_in_zero_one(rate):
    with pytest.raises(
        ValueError, match=rf"Dropout rate must be a number at least 0 and less than 1, got {rate!r}"
    ):
        layers.Dropout(rate)


def test_dropout_keeps_float32_inputs_float32():
    dropout = built(layers.Dropout(0.5, seed=0), (4,), dtype="float32")
    assert dropout.forward(np.ones((3, 4), dtype=np.float32), training=True).dtype == np.float32


# Activation and Flatten


@pytest.mark.parametrize("name", ["relu", "tanh", "sigmoid", "softmax"])
def test_activation_layer_applies_the_function_and_its_backward(name):
    layer = layers.Activation(name)
    z = np.random.default_rng(0).normal(size=(4, 3))
    grad = np.random.default_rng(1).normal(size=(4, 3))
    function = activations.get(name)
    np.testing.assert_array_equal(layer.forward(z), function.forward(z))
    np.testing.assert_allclose(layer.backward(grad), function.backward(z, function.forward(z), grad))
    assert layer.count_params() == 0


def test_dense_followed_by_activation_layer_equals_dense_with_activation():
    x = np.random.default_rng(0).normal(size=(5, 4))
    fused = Sequential([layers.Dense(3, activation="tanh", input_shape=(4,))], seed=0)
    split = Sequential([layers.Dense(3, input_shape=(4,)), layers.Activation("tanh")], seed=1)
    split.set_weights(fused.get_weights())
    np.testing.assert_allclose(split.predict(x), fused.predict(x), rtol=1e-15)


def test_flatten_reshapes_each_sample_and_backward_restores_the_shape():
    flatten = layers.Flatten()
    x = np.arange(2 * 3 * 4.0).reshape(2, 3, 4)
    out = flatten.forward(x)
    np.testing.assert_array_equal(out, x.reshape(2, 12))
    assert flatten.compute_output_shape((None, 3, 4)) == (None, 12)
    np.testing.assert_array_equal(flatten.backward(out), x)


def test_flatten_lets_dense_take_images():
    model = Sequential([layers.Flatten(input_shape=(8, 8)), layers.Dense(3)], seed=0)
    assert model.layers[1].kernel.shape == (64, 3)
    assert model.predict(np.zeros((2, 8, 8))).shape == (2, 3)


# Frozen layers


@st.composite
def frozen_cases(draw):
    widths = draw(st.lists(st.integers(1, 5), min_size=2, max_size=4))  # units of each layer
    frozen = draw(st.integers(0, len(widths) - 1))
    n_features = draw(st.integers(1, 4))
    optimizer = draw(st.sampled_from(["sgd", "adam", "rmsprop"]))
    return widths, frozen, n_features, optimizer, draw(seeds)


@given(case=frozen_cases())
def test_frozen_layer_weights_do_not_move_while_the_others_do(case):
    widths, frozen, n_features, optimizer, seed = case
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(12, n_features))
    y = rng.normal(size=(12, widths[-1]))
    stack = [layers.Dense(units, activation="tanh") for units in widths[:-1]] + [layers.Dense(widths[-1])]
    stack[frozen].trainable = False
    model = Sequential([layers.Input((n_features,))] + stack, seed=seed)
    model.compile(optimizer=optimizers.get(optimizer), loss="mse")
    before = [layer.get_weights() for layer in model.layers]
    model.fit(x, y, epochs=2, batch_size=4, verbose=0)
    for index, (layer, old) in enumerate(zip(model.layers, before)):
        for name, w_old, w_new in zip(layer.weight_names, old, layer.get_weights()):
            if index == frozen:
                np.testing.assert_array_equal(w_new, w_old, err_msg=f"frozen {layer.name}.{name} moved")
            else:
                assert not np.array_equal(w_new, w_old), f"trainable {layer.name}.{name} did not move"


def test_freezing_a_layer_between_two_fits_stops_its_updates():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(20, 3)), rng.normal(size=(20, 1))
    model = Sequential([layers.Dense(4, activation="tanh", input_shape=(3,)), layers.Dense(1)], seed=0)
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, epochs=1, verbose=0)
    model.layers[0].trainable = False
    frozen = model.layers[0].get_weights()
    last = model.layers[1].get_weights()
    model.fit(x, y, epochs=2, verbose=0)
    for old, new in zip(frozen, model.layers[0].get_weights()):
        np.testing.assert_array_equal(new, old)
    assert not np.array_equal(last[0], model.layers[1].kernel)
