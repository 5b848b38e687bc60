"""Normalization: adapt(data) computes each feature's mean and variance, the layer
standardizes (or, inverted, un-standardizes) with them, its backward pass passes the
gradient through the fixed scaling, and Keras's own expectations hold
(keras/src/layers/preprocessing/normalization_test.py)."""

import re

import numpy as np
import pytest

from nnlib import Input, Sequential, layers, optimizers
from nnlib.gradient_check import numerical_gradient

from .checks import assert_gradient_matches, assert_model_gradients_correct


def summary_text(model):
    lines = []
    model.summary(print_fn=lines.append)
    return "\n".join(lines)


def random(shape, seed=0):
    return np.random.default_rng(seed).random(shape)


# Keras's expectations


def test_weights_as_keras_counts_them():
    """test_normalization_basics: adapted, three non-trainable weights (mean, variance,
    count) and none trainable; with mean and variance given (inverted or not), none at all."""
    layer = layers.Normalization(axis=-1)
    layer.adapt(random((2, 3)))
    assert (len(layer.trainable_weights), len(layer.non_trainable_weights)) == (0, 3)
    assert layer(random((2, 3))).shape == (2, 3)
    for invert in (False, True):
        given = layers.Normalization(
            axis=-1, mean=np.array([0.5, 0.2, -0.1]), variance=np.array([0.1, 0.2, 0.3]), invert=invert
        )
        assert given(random((2, 3))).shape == (2, 3)
        assert given.weights == [] and given.count_params() == 0


def test_adapt_standardizes_each_feature():
    """test_normalization_adapt ("np"): 32 x 4 uniform data, then 32 x 4 x 3 x 5 with axis=(1, 2)."""
    x = random((32, 4))
    layer = layers.Normalization()
    layer.adapt(x)
    assert layer.built
    output = layer(x)
    np.testing.assert_allclose(np.var(output, axis=0), 1.0, atol=1e-5)
    np.testing.assert_allclose(np.mean(output, axis=0), 0.0, atol=1e-5)
    x = random((32, 4, 3, 5))
    layer = layers.Normalization(axis=(1, 2))
    layer.adapt(x)
    output = layer(x)
    np.testing.assert_allclose(np.var(output, axis=(0, 3)), 1.0, atol=1e-5)
    np.testing.assert_allclose(np.mean(output, axis=(0, 3)), 0.0, atol=1e-5)


@pytest.mark.parametrize("arguments", [{"mean": 0.5}, {"variance": 0.1}])
def test_mean_and_variance_come_together(arguments):
    """test_normalization_with_mean_only_raises_error and ..._variance_only_..."""
    with pytest.raises(ValueError, match=r"Normalization needs both mean and variance, or neither"):
        layers.Normalization(**arguments)


@pytest.mark.parametrize("axis, shape, bounds", [(3, (2, 2), r"\[-2, 2\)"), (-4, (2, 3, 4), r"\[-3, 3\)")])
def test_an_axis_out_of_range_is_an_error(axis, shape, bounds):
    """test_normalization_axis_too_high and test_normalization_axis_too_low."""
    with pytest.raises(ValueError, match=rf"every axis must lie in {bounds}"):
        layers.Normalization(axis=axis).build(shape)


def test_a_kept_axis_of_unknown_length_is_an_error():
    """test_normalization_unknown_axis_shape."""
    with pytest.raises(ValueError, match=r"the length of each kept axis must be known"):
        layers.Normalization(axis=1).build((None, None))


def test_adapt_with_an_incompatible_shape_is_an_error():
    """test_normalization_adapt_with_incompatible_shape."""
    layer = layers.Normalization(axis=-1)
    layer.build((10, 5))
    with pytest.raises(
        ValueError,
        match=r"was built for inputs of shape \(10, 5\), but adapt\(\) got data of shape \(10, 3\)",
    ):
        layer.adapt(random((10, 3)))


def test_scalar_mean_and_variance_broadcast_to_every_feature():
    """test_normalization_with_scalar_mean_var and test_scalar_broadcast."""
    layer = layers.Normalization(mean=3.0, variance=2.0)
    np.testing.assert_allclose(layer(np.array([[1.0, 2.0, 3.0]])), [[-2 / np.sqrt(2), -1 / np.sqrt(2), 0.0]])
    layer = layers.Normalization(axis=-1, mean=5.0, variance=1.0)
    layer.build((3, 7))
    assert layer.mean.shape == (1, 7)
    np.testing.assert_array_equal(layer.mean, [[5.0] * 7])


def test_given_statistics_broadcast_as_in_keras():
    """test_broadcast_non_scalar_middle_axis, test_broadcast_multiple_axes and
    test_broadcast_partial_keep_axis: aligned right to left with the kept axes."""
    layer = layers.Normalization(axis=2, mean=np.arange(1.0, 6.0), variance=np.ones(5))
    layer.build((2, 4, 5, 3))
    assert layer.mean.shape == (1, 1, 5, 1)
    np.testing.assert_array_equal(layer.mean[0, 0, :, 0], np.arange(1.0, 6.0))
    layer = layers.Normalization(axis=(1, 2), mean=np.zeros((10, 13)), variance=np.ones((10, 13)))
    layer.build((None, 10, 13, 3))
    assert layer.mean.shape == (1, 10, 13, 1)
    layer = layers.Normalization(axis=(1, 2), mean=np.arange(1.0, 6.0), variance=np.ones(5))
    layer.build((2, 7, 5, 3))
    assert layer.mean.shape == (1, 7, 5, 1)
    np.testing.assert_array_equal(layer.mean[:, 0:1], np.arange(1.0, 6.0).reshape(1, 1, 5, 1))
    np.testing.assert_array_equal(layer.mean[:, 6:7], np.arange(1.0, 6.0).reshape(1, 1, 5, 1))


@pytest.mark.parametrize(
    "batches",
    [
        lambda x: [x[:8], x[8:16], x[16:24], x[24:32]],  # test_adapt_list_of_batches
        lambda x: (x[i : i + 8] for i in range(0, 32, 8)),  # test_adapt_generator
        lambda x: iter([x[i : i + 6] for i in range(0, 32, 6)]),  # test_adapt_iterator_of_batches
        lambda x: [(x[i : i + 8], np.zeros(8)) for i in range(0, 32, 8)],  # test_adapt_iterable_with_tuples
        lambda x: [x],  # test_adapt_iterable_single_batch
    ],
    ids=["list", "generator", "iterator", "tuples", "single"],
)
def test_adapting_to_batches_pools_them_exactly(batches):
    """The iterable cases of normalization_test.py, and test_adapt_iterable_same_result_as_ndarray."""
    x = random((32, 4))
    from_batches, from_array = layers.Normalization(axis=-1), layers.Normalization(axis=-1)
    from_batches.adapt(batches(x))
    from_array.adapt(x)
    np.testing.assert_allclose(from_batches.mean, from_array.mean, rtol=1e-12)
    np.testing.assert_allclose(from_batches.variance, from_array.variance, rtol=1e-12)
    output = from_batches(x)
    np.testing.assert_allclose(np.var(output, axis=0), 1.0, atol=1e-5)
    np.testing.assert_allclose(np.mean(output, axis=0), 0.0, atol=1e-5)


def test_adapting_with_axis_none_gives_one_mean_and_variance():
    """test_adapt_iterable_axis_none."""
    x = random((20, 2, 3))
    layer = layers.Normalization(axis=None)
    layer.adapt([x[i : i + 5] for i in range(0, 20, 5)])
    output = layer(x)
    assert np.var(output) == pytest.approx(1.0, abs=1e-5)
    assert np.mean(output) == pytest.approx(0.0, abs=1e-5)


@pytest.mark.parametrize(
    "data, message",
    [
        (iter([]), r"adapt\(\) was given no data \(an empty iterable\)"),  # test_adapt_empty_generator_raises
        ([], r"data is empty \(0 samples\)"),  # test_adapt_empty_iterable_raises
        (
            iter([random((8, 4)), random((8, 6))]),
            r"built for inputs of shape \(None, 4\), but adapt\(\) got data",
        ),
        (np.array([[1.0, np.nan]]), r"data contains 1 NaN"),
    ],
    ids=["empty_generator", "empty_list", "incompatible_batches", "nan"],
)
def test_bad_data_for_adapt_is_told_what_is_wrong(data, message):
    with pytest.raises(ValueError, match=message):
        layers.Normalization(axis=-1).adapt(data)


def test_a_layer_with_given_statistics_cannot_be_adapted():
    with pytest.raises(ValueError, match=r"was given its mean and variance; adapt\(\) would replace them"):
        layers.Normalization(mean=0.0, variance=1.0).adapt(random((4, 2)))


# The arithmetic


def test_adapt_computes_the_mean_and_the_variance_divided_by_n():
    layer = layers.Normalization()
    layer.adapt(np.array([[1.0, 10.0], [3.0, 10.0], [5.0, 40.0]]))
    mean, variance, count = layer.get_weights()
    np.testing.assert_allclose(mean, [3.0, 20.0])
    np.testing.assert_allclose(variance, [8 / 3, 200.0])
    assert count == 3
    np.testing.assert_allclose(layer(np.array([[3.0, 20.0 + np.sqrt(200.0)]])), [[0.0, 1.0]])


def test_a_constant_feature_is_divided_by_epsilon_not_zero():
    layer = layers.Normalization()
    layer.adapt(np.array([[1.0, 2.0], [1.0, 4.0]]))
    np.testing.assert_allclose(layer(np.array([[1.0 + 1e-7, 3.0]])), [[1.0, 0.0]], rtol=1e-6)


def test_invert_undoes_the_standardization():
    x = random((10, 3)) * 50 + 7
    forward = layers.Normalization()
    forward.adapt(x)
    mean, variance, _ = forward.get_weights()
    inverse = layers.Normalization(mean=mean, variance=variance, invert=True)
    np.testing.assert_allclose(inverse(forward(x)), x, rtol=1e-12)


def test_before_adapt_the_layer_changes_nothing_as_in_keras():
    x = random((4, 3))
    np.testing.assert_array_equal(layers.Normalization()(x), x)


@pytest.mark.parametrize("invert", [False, True])
def test_backward_matches_central_differences(invert):
    rng = np.random.default_rng(0)
    layer = layers.Normalization(
        mean=rng.normal(size=3), variance=rng.uniform(0.5, 4.0, size=3), invert=invert
    )
    x, grad_output = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    layer(x)
    numeric = numerical_gradient(lambda: float(np.sum(layer.forward(x) * grad_output)), x)
    assert_gradient_matches(layer.backward(grad_output), numeric, f"Normalization(invert={invert})")


# In a model


def test_summary_counts_two_n_plus_one_non_trainable_parameters():
    normalization = layers.Normalization()
    normalization.adapt(random((20, 4)))
    model = Sequential([Input((4,)), normalization, layers.Dense(1)])
    text = summary_text(model)
    assert re.search(r"normalization \(Normalization\)\s+\(None, 4\)\s+9\n", text)
    assert "Trainable params: 5" in text and "Non-trainable params: 9" in text


def test_a_model_that_starts_with_normalization_sees_standardized_data():
    rng = np.random.default_rng(0)
    x = rng.normal(loc=[100.0, -3.0], scale=[50.0, 0.01], size=(50, 2))
    normalization = layers.Normalization()
    normalization.adapt(x)
    model = Sequential([Input((2,)), normalization, layers.Dense(1)], seed=0)
    plain = Sequential([Input((2,)), layers.Dense(1)], seed=0)
    standardized = (x - x.mean(axis=0)) / x.std(axis=0)
    np.testing.assert_allclose(model.predict(x), plain.predict(standardized), rtol=1e-10, atol=1e-12)
    # features a million times apart in scale: plain SGD on them needs a tiny rate, on the
    # standardized ones a rate of 0.1 fits in a few dozen steps
    model.compile(optimizer=optimizers.SGD(learning_rate=0.1), loss="mse")
    history = model.fit(x, (x[:, 0] - 100.0) / 50.0 + (x[:, 1] + 3.0) / 0.01, epochs=30, verbose=0)
    assert history.history["loss"][-1] < 0.001 * history.history["loss"][0]
    assert len(model.trainable_weights) == 2  # the Dense layer's; Normalization is not trained


def test_gradients_flow_back_through_a_normalization_layer_inside_a_model():
    model = Sequential(
        [Input((3,)), layers.Dense(4), layers.Normalization(mean=1.0, variance=4.0), layers.Dense(1)], seed=0
    )
    model.compile(optimizer="sgd", loss="mse")
    rng = np.random.default_rng(0)
    assert_model_gradients_correct(model, rng.normal(size=(6, 3)), rng.normal(size=(6, 1)))


def test_a_float32_model_keeps_float32_with_a_layer_adapted_in_float64():
    normalization = layers.Normalization()
    normalization.adapt(random((20, 3)))
    model = Sequential([Input((3,)), normalization, layers.Dense(2)], dtype="float32")
    assert model.predict(random((4, 3))).dtype == np.float32


def test_config_rebuilds_the_same_layer():
    layer = layers.Normalization(axis=-1, mean=[1.0, 2.0], variance=[3.0, 4.0], invert=True, name="scale")
    config = layer.get_config()
    assert config["mean"] == [1.0, 2.0] and config["invert"] is True and config["axis"] == [-1]
    assert layers.Normalization.from_config(config).get_config() == config
