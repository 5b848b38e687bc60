"""BatchNormalization: batch statistics in training, moving statistics in inference, the
moving statistics updated as Keras updates them, the backward pass against central
differences (in training mode, where the batch statistics depend on every input), and
Keras's own expectations (keras/src/layers/normalization/batch_normalization_test.py)."""

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlib import Input, Sequential, layers, regularizers
from nnlib.gradient_check import check_gradients, numerical_gradient

from .checks import assert_gradient_matches, assert_model_gradients_correct
from .strategies import seeds


def summary_text(model):
    lines = []
    model.summary(print_fn=lines.append)
    return "\n".join(lines)


def normal_data(shape, seed=0, loc=5.0, scale=10.0):
    return np.random.default_rng(seed).normal(loc=loc, scale=scale, size=shape)


# Keras's expectations


@pytest.mark.parametrize("input_shape", [(2, 3), (2, 4, 4, 3)])
@pytest.mark.parametrize("center_and_scale", [True, False])
def test_weights_outputs_and_regularizers_as_keras_counts_them(input_shape, center_and_scale):
    """test_bn_basics: 2 trainable and 2 non-trainable weights (0 and 2 without center and
    scale), the output shape of the input, and one penalty per regularizer."""
    layer = layers.BatchNormalization(center=center_and_scale, scale=center_and_scale)
    out = layer(normal_data(input_shape), training=True)
    assert out.shape == input_shape
    assert len(layer.trainable_weights) == (2 if center_and_scale else 0)
    assert len(layer.non_trainable_weights) == 2
    regularized = layers.BatchNormalization(beta_regularizer="l2", gamma_regularizer="l2")
    regularized.build(input_shape)
    regularized.gamma[...], regularized.beta[...] = 2.0, 1.0
    assert regularized.has_regularizers
    assert regularized.regularization_penalty() == pytest.approx(0.01 * 3 * (4 + 1))


@pytest.mark.parametrize("moving_variance_initializer", ["zeros", "ones"])
@pytest.mark.parametrize("moving_mean_initializer", ["zeros", "ones"])
@pytest.mark.parametrize("input_shape", [(5, 2, 3), (5, 3, 3, 2)])
@pytest.mark.parametrize("axis", [-1, 1])
def test_normalization_and_moving_statistics_match_keras(
    axis, input_shape, moving_mean_initializer, moving_variance_initializer
):
    """test_correctness (without its mask part): momentum 0, data centered on 5 with
    variance 100, three training passes; the outputs are normalized, the moving statistics
    are those of the last batch, and inference matches training only after training."""
    layer = layers.BatchNormalization(
        axis=axis,
        momentum=0,
        moving_mean_initializer=moving_mean_initializer,
        moving_variance_initializer=moving_variance_initializer,
    )
    x = normal_data(input_shape)
    out = x
    for _ in range(3):
        out = layer(out, training=True)
    broadcast = [1] * len(input_shape)
    broadcast[axis] = input_shape[axis]
    out = (out - layer.beta.reshape(broadcast)) / layer.gamma.reshape(broadcast)
    reduction_axes = tuple(a for a in range(len(input_shape)) if a != axis % len(input_shape))
    np.testing.assert_allclose(np.mean(out, axis=reduction_axes), 0.0, atol=1e-3)
    np.testing.assert_allclose(np.std(out, axis=reduction_axes), 1.0, atol=1e-3)
    np.testing.assert_allclose(layer.moving_mean, 0.0, atol=1e-3)
    np.testing.assert_allclose(layer.moving_variance, 1.0, atol=1e-3)

    inference = layer(x, training=False)  # moving statistics of normalized data: not x's
    assert not np.allclose(inference, layer(x, training=True))
    training = layer(x, training=True)  # momentum 0: the moving statistics are now x's
    np.testing.assert_allclose(layer(x, training=False), training, rtol=1e-12, atol=1e-12)


def test_a_frozen_layer_normalizes_with_its_moving_statistics():
    """test_trainable_behavior: frozen, all 4 weights are non-trainable and training mode
    uses the moving statistics (0 and 1, so the output is x); unfrozen, the batch's."""
    layer = layers.BatchNormalization(axis=-1, momentum=0.8, epsilon=1e-7)
    layer.build((1, 4, 4, 3))
    layer.trainable = False
    assert (len(layer.weights), len(layer.trainable_weights), len(layer.non_trainable_weights)) == (4, 0, 4)
    x = normal_data((200, 4, 4, 3))
    np.testing.assert_allclose(layer(x, training=True), x, rtol=1e-6)
    np.testing.assert_array_equal(layer.moving_mean, 0.0)  # not updated while frozen
    layer.trainable = True
    assert (len(layer.weights), len(layer.trainable_weights), len(layer.non_trainable_weights)) == (4, 2, 2)
    for _ in range(10):
        out = layer(x, training=True)
    np.testing.assert_allclose(np.mean(out, axis=(0, 1, 2)), 0.0, atol=1e-3)
    np.testing.assert_allclose(np.std(out, axis=(0, 1, 2)), 1.0, atol=1e-3)


def test_fit_updates_the_moving_statistics_from_each_batch():
    """test_bachnorm_ignore_masked_values with the masked steps left out: rows [1, 5] and
    [2, 5] alternating, momentum 0, unshuffled batches of 10 (five of each row, as each of
    Keras's sequences holds one of each), five epochs of RMSprop on MSE: moving mean
    [1.5, 5] and moving variance [0.25, 0] (the variance divides by the batch size)."""
    x = np.array([[1.0, 5.0], [2.0, 5.0]] * 10)
    model = Sequential([Input((2,)), layers.BatchNormalization(momentum=0.0)], seed=0)
    model.compile("rmsprop", loss="mse")
    model.fit(x, x, batch_size=10, epochs=5, shuffle=False, verbose=0)
    np.testing.assert_allclose(model.layers[0].moving_mean, [1.5, 5.0], rtol=1e-12)
    np.testing.assert_allclose(model.layers[0].moving_variance, [0.25, 0.0], atol=1e-12)


def test_config_rebuilds_the_same_layer():
    """test_serialization, for the arguments nnlib has (no renorm)."""
    layer = layers.BatchNormalization(axis=1, momentum=0.9, epsilon=1e-4, center=False, name="bn")
    config = layer.get_config()
    assert {key: config[key] for key in ("axis", "momentum", "epsilon", "center", "scale")} == {
        "axis": 1,
        "momentum": 0.9,
        "epsilon": 1e-4,
        "center": False,
        "scale": True,
    }
    assert layers.BatchNormalization.from_config(config).get_config() == config


# The arithmetic, by hand


def test_one_training_step_by_hand():
    """x = [[1, 2], [3, 6]]: batch mean [2, 4], variance (divided by m = 2) [1, 4]; the
    moving statistics move 1% of the way from (0, 1), as Keras's momentum 0.99 does."""
    layer = layers.BatchNormalization()
    out = layer(np.array([[1.0, 2.0], [3.0, 6.0]]), training=True)
    np.testing.assert_allclose(
        out,
        [[-1 / np.sqrt(1 + 1e-3), -2 / np.sqrt(4 + 1e-3)], [1 / np.sqrt(1 + 1e-3), 2 / np.sqrt(4 + 1e-3)]],
    )
    np.testing.assert_allclose(layer.moving_mean, [0.02, 0.04], rtol=1e-14)
    np.testing.assert_allclose(layer.moving_variance, [0.99 + 0.01 * 1, 0.99 + 0.01 * 4], rtol=1e-14)


def test_inference_uses_the_moving_statistics_and_gamma_and_beta():
    layer = layers.BatchNormalization(epsilon=0.5)
    layer.build((None, 2))
    layer.set_weights(
        [np.array([2.0, 3.0]), np.array([1.0, -1.0]), np.array([1.0, 2.0]), np.array([3.5, 0.5])]
    )
    x = np.array([[3.0, 3.0]])
    np.testing.assert_allclose(
        layer(x), [[2.0 * 2 / 2 + 1, 3.0 * 1 / 1 - 1]]
    )  # gamma (x - mu) / sqrt(v + eps) + beta
    np.testing.assert_array_equal(layer.moving_mean, [1.0, 2.0])  # inference moves nothing


def test_weights_are_gamma_beta_moving_mean_moving_variance_in_keras_order():
    model = Sequential([Input((3,)), layers.BatchNormalization(gamma_initializer="ones")])
    gamma, beta, moving_mean, moving_variance = model.get_weights()
    np.testing.assert_array_equal(gamma, 1.0)
    np.testing.assert_array_equal(beta, 0.0)
    np.testing.assert_array_equal(moving_mean, 0.0)
    np.testing.assert_array_equal(moving_variance, 1.0)


def test_summary_counts_parameters_as_keras():
    """BatchNormalization of 64 features: 4 x 64 = 256 parameters, 128 of them non-trainable."""
    model = Sequential([Input((32,)), layers.Dense(64), layers.BatchNormalization(), layers.Dense(1)])
    text = summary_text(model)
    assert re.search(r"batch_normalization \(BatchNormalization\)\s+\(None, 64\)\s+256\n", text)
    assert "Total params: 2,433" in text  # 32*64 + 64 + 256 + 65
    assert "Trainable params: 2,305" in text
    assert "Non-trainable params: 128" in text


# The backward pass against central differences


@st.composite
def batch_norm_cases(draw):
    shape = draw(st.sampled_from([((4, 3), -1), ((1, 2), -1), ((5, 1), -1), ((3, 2, 4), 1), ((2, 3, 2), -1)]))
    return shape, draw(st.booleans()), draw(st.booleans()), draw(st.booleans()), draw(seeds)


@settings(max_examples=40, deadline=None)
@given(case=batch_norm_cases())
def test_backward_matches_central_differences(case):
    """With L = sum(y * G): dL/dx, dL/dgamma and dL/dbeta, in training mode (batch
    statistics, so every input moves every output of its feature) and in inference."""
    (shape, axis), training, center, scale = case[0], case[1], case[2], case[3]
    rng = np.random.default_rng(case[4])
    layer = layers.BatchNormalization(axis=axis, center=center, scale=scale, momentum=0.5)
    layer.build(shape, rng)
    if scale:
        layer.gamma[...] = rng.uniform(0.5, 2.0, size=layer.gamma.shape)
    if center:
        layer.beta[...] = rng.normal(size=layer.beta.shape)
    layer.moving_variance[...] = rng.uniform(0.5, 2.0, size=layer.moving_variance.shape)
    x = rng.normal(size=shape)
    grad_output = rng.uniform(-1.0, 1.0, size=shape)

    def loss():
        return float(np.sum(layer.forward(x, training=training) * grad_output))

    layer.forward(x, training=training)
    analytic = {"dx": layer.backward(grad_output)}
    numeric = {"dx": numerical_gradient(loss, x)}
    for name, gradient in zip(layer.weight_names, layer.gradient_names):
        analytic[gradient] = getattr(layer, gradient).copy()
        numeric[gradient] = numerical_gradient(loss, getattr(layer, name))
    for name in analytic:
        assert_gradient_matches(analytic[name], numeric[name], f"{name} of {case}")


def deep_model(seed=0, **batch_norm):
    return Sequential(
        [
            Input((4,)),
            layers.Dense(5, activation="tanh"),
            layers.BatchNormalization(**batch_norm),
            layers.Dense(5, activation="sigmoid"),
            layers.BatchNormalization(**batch_norm),
            layers.Dense(3, activation="softmax"),
        ],
        seed=seed,
    )


@pytest.mark.parametrize("training", [True, False], ids=["training", "inference"])
def test_gradient_check_of_a_model_with_batch_normalization(training):
    model = deep_model(gamma_regularizer=regularizers.L2(0.1), beta_regularizer=regularizers.L1(0.1))
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    rng = np.random.default_rng(1)
    for layer in model.layers:
        if isinstance(layer, layers.BatchNormalization):
            layer.beta[...] = rng.uniform(0.1, 1.0, size=layer.beta.shape)  # away from L1's kink
    x, y = rng.normal(size=(8, 4)), rng.integers(0, 3, size=8)
    if training:
        report = check_gradients(model, x, y, training=True)
        assert report.passed(1e-6, 1e-8), str(report)
    else:
        assert_model_gradients_correct(model, x, y)


def test_the_training_mode_check_catches_a_backward_pass_that_ignores_the_batch_statistics(monkeypatch):
    """The inference-mode derivative, gamma g / sqrt(var + eps), is wrong when the mean and
    variance are the batch's: checked in training mode, such a bug cannot pass."""

    def inference_backward(self, grad_output, need_input_gradient=True):
        np.sum(grad_output * self.x_hat, axis=self._reduction_axes, out=self.dgamma)
        np.sum(grad_output, axis=self._reduction_axes, out=self.dbeta)
        return grad_output * self.gamma * self.inverse_std

    model = deep_model()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(8, 4)), rng.integers(0, 3, size=8)
    assert check_gradients(model, x, y, training=True).passed()
    monkeypatch.setattr(layers.BatchNormalization, "backward", inference_backward)
    assert not check_gradients(model, x, y, training=True).passed()


# In a model


def test_predict_uses_moving_statistics_and_fit_trains_gamma_and_beta():
    rng = np.random.default_rng(0)
    x, y = rng.normal(2.0, 3.0, size=(64, 4)), rng.integers(0, 3, size=64)
    model = deep_model()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=20, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    batch_norm = model.layers[1]
    assert not np.array_equal(batch_norm.gamma, 1.0) and not np.array_equal(batch_norm.beta, 0.0)
    hidden = model.layers[0].forward(x)
    expected = (
        batch_norm.gamma
        * (hidden - batch_norm.moving_mean)
        / np.sqrt(batch_norm.moving_variance + batch_norm.epsilon)
        + batch_norm.beta
    )
    np.testing.assert_allclose(model.layer_outputs(x)["batch_normalization"], expected, rtol=1e-12)
    assert not np.allclose(model.predict(x), model(x, training=True))


def test_moving_statistics_are_not_trained_or_weight_decayed():
    """Only gamma and beta are trainable weights: the optimizer (and its weight decay) never
    touches the moving statistics, which only the forward pass moves."""
    from nnlib import optimizers

    model = Sequential([Input((2,)), layers.BatchNormalization(momentum=1.0), layers.Dense(1)], seed=0)
    model.compile(optimizers.SGD(learning_rate=0.1, weight_decay=0.5), loss="mse")
    model.fit(np.ones((4, 2)) * 3, np.ones(4), epochs=3, verbose=0)
    np.testing.assert_array_equal(model.layers[0].moving_mean, 0.0)  # momentum 1 keeps them
    np.testing.assert_array_equal(model.layers[0].moving_variance, 1.0)
    assert len(model.trainable_weights) == 4  # gamma, beta, kernel, bias


def test_a_frozen_layer_in_a_model_trains_nothing_and_normalizes_as_in_inference():
    model = deep_model()
    model.layers[1].trainable = False
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    before = model.layers[1].get_weights()
    rng = np.random.default_rng(0)
    model.fit(rng.normal(size=(16, 4)), rng.integers(0, 3, size=16), epochs=2, verbose=0)
    for old, new in zip(before, model.layers[1].get_weights()):
        np.testing.assert_array_equal(new, old)


def test_float32_models_stay_float32():
    model = Sequential([Input((4,)), layers.Dense(5), layers.BatchNormalization()], dtype="float32", seed=0)
    model.compile(optimizer="adam", loss="mse")
    x = np.random.default_rng(0).normal(size=(8, 4))
    model.fit(x, np.zeros((8, 5)), epochs=1, verbose=0)
    assert model.predict(x).dtype == np.float32
    assert model.layers[1].moving_mean.dtype == np.float32


def test_save_and_load_weights_keep_the_moving_statistics(tmp_path):
    source, target = deep_model(seed=1), deep_model(seed=2)
    source.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    rng = np.random.default_rng(0)
    source.fit(rng.normal(size=(16, 4)), rng.integers(0, 3, size=16), epochs=2, verbose=0)
    source.save_weights(tmp_path / "w.npz")
    target.load_weights(tmp_path / "w.npz")
    x = rng.normal(size=(5, 4))
    np.testing.assert_array_equal(target.predict(x), source.predict(x))


# Bad arguments


@pytest.mark.parametrize(
    "arguments, error, message",
    [
        ({"momentum": 1.5}, ValueError, r"momentum must be a number from 0 to 1.*got 1.5"),
        ({"epsilon": 0}, ValueError, r"epsilon must be a positive number, got 0"),
        (
            {"renorm": True},
            ValueError,
            r"Unrecognized keyword arguments passed to BatchNormalization: \{'renorm'",
        ),
        ({"axis": 0}, ValueError, r"axis 0 is the batch axis"),
        (
            {"axis": 2},
            ValueError,
            r"every axis must lie in \[-2, 2\) for inputs of 2 axes \(batch first\), got axis=2",
        ),
    ],
)
def test_bad_arguments_are_told_what_is_wrong(arguments, error, message):
    with pytest.raises(error, match=message):
        layers.BatchNormalization(**arguments).build((None, 3))
