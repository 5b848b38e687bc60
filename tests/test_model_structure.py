"""A model's structure as Keras code expects it: flat inputs for one feature, build shapes
with the batch axis first, Input conflicts, pop, shapes, metrics_names, input_dim, layers
built by calling them, use_bias, callable activations, Softmax and InputLayer layers, and
a Sequential inside a Sequential. Expectations ported from Keras's tests name their source
(keras/src/models/sequential_test.py)."""

import re

import numpy as np
import pytest

import nnlib
from nnlib import Input, Sequential, activations, layers, optimizers
from nnlib.gradient_check import check_gradients

from .checks import assert_model_gradients_correct


def summary_text(model):
    lines = []
    model.summary(print_fn=lines.append)
    return "\n".join(lines)


# One feature per sample: a flat x


def test_tensorflow_hello_world_runs_with_only_the_import_changed(capsys):
    """TensorFlow's "Hello world" of neural networks (the Coursera / codelab example), as
    written there, with `from tensorflow import keras` replaced by `import nnlib as keras`."""
    keras = nnlib
    keras.set_random_seed(0)

    model = keras.Sequential([keras.layers.Dense(units=1, input_shape=[1])])
    model.compile(optimizer="sgd", loss="mean_squared_error")
    xs = np.array([-1.0, 0.0, 1.0, 2.0, 3.0, 4.0], dtype=float)
    ys = np.array([-3.0, -1.0, 1.0, 3.0, 5.0, 7.0], dtype=float)
    model.fit(xs, ys, epochs=500)
    print(model.predict([10.0]))

    printed = capsys.readouterr().out.strip().splitlines()[-1]
    prediction = float(re.fullmatch(r"\[\[(.*)\]\]", printed).group(1))
    assert 18.9 < prediction < 19.05  # y = 2x - 1 learned: 19, Keras prints about 18.98


def test_a_flat_x_is_one_feature_per_sample_everywhere():
    model = Sequential([layers.Dense(1, input_shape=(1,))], seed=0)
    model.compile(optimizer="sgd", loss="mse")
    xs = np.arange(5.0)
    np.testing.assert_array_equal(model.predict(xs), model.predict(xs.reshape(-1, 1)))
    assert model.evaluate(xs, 2 * xs) == model.evaluate(xs.reshape(-1, 1), 2 * xs)
    assert model(xs).shape == (5, 1)
    assert model.predict([10.0]).shape == (1, 1)


# build((batch, features)), as Keras reads it


@pytest.mark.parametrize("batch", [None, 1, 32])
def test_build_reads_the_first_axis_as_the_batch(batch):
    """The first axis is the batch, whatever its size (keras/src/models/sequential.py, build)."""
    model = Sequential([layers.Dense(3), layers.Dense(2)])
    model.build((batch, 4))
    assert model.built and model.input_shape == (None, 4)
    assert [w.shape for w in model.get_weights()] == [(4, 3), (3,), (3, 2), (2,)]


def test_build_of_a_sample_shape_says_to_add_the_batch_axis():
    with pytest.raises(
        ValueError,
        match=r"build\(\) takes the shape of a batch with the batch axis first.*build\(\(None, 4\)\)",
    ):
        Sequential([layers.Dense(3)]).build((4,))


def test_build_that_contradicts_the_input_is_an_error_and_an_agreeing_one_is_not():
    """sequential_test.py, test_errors, "Build conflict"."""
    model = Sequential()
    model.add(Input(shape=(2,), batch_size=3))
    model.add(layers.Dense(2))
    with pytest.raises(
        ValueError,
        match=r"takes inputs of shape \(None, 2\) \(from its Input\), so it cannot be built for \(3, 4\)",
    ):
        model.build((3, 4))
    model.build((3, 2))  # but this works
    assert model.input_shape == (None, 2)


def test_build_that_contradicts_the_first_layers_input_shape_names_it():
    model = Sequential([layers.Dense(3, input_shape=(5,), name="hidden")])
    with pytest.raises(ValueError, match=r"\(from input_shape of layer 'hidden'\), so it cannot be built"):
        model.build((None, 4))


def test_a_model_built_from_data_cannot_be_built_for_another_shape():
    model = Sequential([layers.Dense(3)])
    model.predict(np.zeros((2, 6)))
    with pytest.raises(ValueError, match=r"\(None, 6\) \(from build\(\(None, 6\)\)\)"):
        model.build((None, 7))


def test_a_second_input_is_an_error():
    """sequential_test.py, test_errors: "Trying to pass 2 Inputs" (an Input or an InputLayer)."""
    model = Sequential()
    model.add(Input(shape=(2,), batch_size=3))
    with pytest.raises(
        ValueError, match=r"already has the input shape \(None, 2\) \(from its Input\); it cannot"
    ):
        model.add(Input(shape=(2,), batch_size=3))
    with pytest.raises(ValueError, match="it cannot take a second Input"):
        model.add(layers.InputLayer(shape=(2,), batch_size=3))


def test_an_input_and_a_first_layer_input_shape_must_agree():
    with pytest.raises(
        ValueError,
        match=r"Layer 'dense' declares input_shape=\(5,\), but the model's input shape is already "
        r"\(None, 4\) \(from its Input\)",
    ):
        Sequential([Input((4,)), layers.Dense(3, input_shape=(5,))])
    assert Sequential([Input((4,)), layers.Dense(3, input_shape=(4,))]).built


def test_legacy_input_shape_and_input_dim_build_the_model():
    """sequential_test.py, test_legacy_flow_with_input_shape."""
    for first in (layers.Dense(4, input_shape=(2,)), layers.Dense(4, input_dim=2)):
        model = Sequential(name="seq")
        model.add(first)
        model.add(layers.Dense(5))
        assert len(model.layers) == 2 and model.built and len(model.weights) == 4
        assert model.input_shape == (None, 2)
    # input shapes of later layers are ignored, as in Keras
    model = Sequential([layers.Dense(4, input_shape=(2,)), layers.Dense(5, input_shape=(3, 4))])
    assert model.built and len(model.weights) == 4


def test_input_dim_is_keras_2s_spelling_of_input_shape():
    assert layers.Dense(8, input_dim=4).input_shape == (4,)
    with pytest.raises(ValueError, match=r"input_shape or input_dim, not both"):
        layers.Dense(8, input_dim=4, input_shape=(4,))
    with pytest.raises(ValueError, match=r"input_dim must be a whole number of at least 1, got 0"):
        layers.Dense(8, input_dim=0)


def test_an_unknown_keyword_argument_is_named():
    with pytest.raises(
        ValueError, match=r"Unrecognized keyword arguments passed to Dense: \{'kernal_initializer'"
    ):
        layers.Dense(3, kernal_initializer="ones")


def test_an_already_built_layer_must_fit_the_model():
    dense = layers.Dense(3)
    dense(np.ones((2, 4)))
    with pytest.raises(
        ValueError,
        match=r"'dense' was already built for inputs of shape \(2, 4\), but in this model it receives",
    ):
        Sequential([Input((5,)), dense])
    assert Sequential([Input((4,)), dense]).built


# pop, shapes, layers


def test_pop_removes_the_last_layer_and_rebuilds():
    """sequential_test.py, test_basic_flow_with_input (the pop part)."""
    model = Sequential(layers=[Input(shape=(2,), batch_size=3), layers.Dense(4), layers.Dense(5)])
    assert len(model.layers) == 2 and model.built and len(model.weights) == 4
    assert model(np.random.default_rng(0).random((3, 2))).shape == (3, 5)
    popped = model.pop()
    assert isinstance(popped, layers.Dense) and popped.units == 5
    assert len(model.layers) == 1 and model.built and len(model.weights) == 2
    assert model(np.random.default_rng(0).random((3, 2))).shape == (3, 4)
    assert model.output_shape == (None, 4)


def test_pop_on_a_deferred_model():
    """sequential_test.py, test_basic_flow_deferred (the pop part)."""
    model = Sequential(layers=[layers.Dense(4), layers.Dense(5)])
    assert model(np.random.default_rng(0).random((3, 2))).shape == (3, 5)
    model.pop()
    assert len(model.layers) == 1 and model.built and len(model.weights) == 2
    assert model(np.random.default_rng(0).random((3, 2))).shape == (3, 4)


def test_pop_of_an_empty_model_is_an_error():
    with pytest.raises(ValueError, match=r"Sequential model 'sequential' has no layers to pop"):
        Sequential([Input((2,))]).pop()


def test_pop_then_add_a_new_head_keeps_training_and_the_kept_moments():
    """Transfer learning: replace the output layer of a trained model and train on."""
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(20, 3)), rng.integers(0, 2, size=20)
    model = Sequential([layers.Dense(4, activation="tanh", input_shape=(3,)), layers.Dense(3)], seed=0)
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, rng.normal(size=(20, 3)), epochs=1, verbose=0)
    kept = model.layers[0]
    m_kept = model.optimizer.state[0]["m"][model._parameters.slices[kept, "kernel"]].copy()
    model.pop()
    model.add(layers.Dense(1, activation="sigmoid"))
    assert model.optimizer.state[0]["m"][model._parameters.slices[kept, "kernel"]].tolist() == m_kept.tolist()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    history = model.fit(x, y, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2


def test_input_and_output_shape_as_keras_reports_them():
    """sequential_test.py, test_functional_properties."""
    model = Sequential(name="seq")
    model.add(Input(shape=(2,)))
    model.add(layers.Dense(4))
    assert model.input_shape == (None, 2)
    assert model.output_shape == (None, 4)


def test_an_unbuilt_model_has_no_input_or_output_shape():
    """sequential_test.py, test_hasattr (input_shape and output_shape)."""
    model = Sequential()
    assert not hasattr(model, "input_shape")
    assert not hasattr(model, "output_shape")
    with pytest.raises(
        AttributeError, match=r"has no defined input shape yet.*model.build\(\(None, n_features\)\)"
    ):
        model.input_shape  # noqa: B018
    model = Sequential([layers.Input((4,)), layers.Dense(8)])
    assert hasattr(model, "input_shape") and hasattr(model, "output_shape")


def test_compute_output_shape_keeps_the_batch_axis_and_builds_nothing():
    """sequential_test.py, test_compute_output_shape."""
    model = Sequential([layers.Dense(4), layers.Dense(8)])
    assert model.compute_output_shape((1, 2)) == (1, 8)
    assert not model.built
    assert layers.Dense(3).compute_output_shape((None, 4)) == (None, 3)
    assert layers.Flatten().compute_output_shape((None, 8, 8)) == (None, 64)


def test_layers_cannot_be_assigned():
    """sequential_test.py, test_layers_setter."""
    model = Sequential()
    with pytest.raises(AttributeError, match=r"Use model.add\(layer\) and model.pop\(\)"):
        model.layers = [layers.Dense(4)]


def test_layers_is_a_copy_and_leaves_out_the_input():
    model = Sequential([Input((2,)), layers.Dense(3)])
    model.layers.append(layers.Dense(5))
    assert len(model.layers) == 1


# metrics_names


def test_metrics_names_are_the_logged_names_in_evaluates_order():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(10, 4)), rng.integers(0, 3, size=10)
    model = Sequential([layers.Dense(3, activation="softmax", input_shape=(4,))], seed=0)
    assert model.metrics_names == []
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    assert model.metrics_names == ["loss", "accuracy"]
    results = dict(zip(model.metrics_names, model.evaluate(x, y)))
    assert results == model.evaluate(x, y, return_dict=True)
    history = model.fit(x, y, epochs=1, verbose=0)
    assert list(history.history) == model.metrics_names


# Not built yet: clear messages


def test_summary_before_build_says_how_to_build():
    with pytest.raises(
        ValueError,
        match=r"does not know the shape of its input yet\..*model.build\(\(None, n_features\)\), or call fit",
    ):
        Sequential([layers.Dense(3)]).summary()


@pytest.mark.parametrize("what", ["weights", "get_weights", "count_params", "trainable_weights"])
def test_weights_of_an_unbuilt_layer_say_how_to_build_it(what):
    dense = layers.Dense(3)
    with pytest.raises(
        ValueError, match=r"Layer 'dense' has no .* yet: its weights are created when it is built.*layer\(x\)"
    ):
        value = getattr(dense, what)
        value() if callable(value) else None


def test_a_layer_without_weights_has_none_even_unbuilt():
    assert layers.Dropout(0.5).weights == [] and layers.Flatten().count_params() == 0


def test_weights_of_an_unbuilt_model_say_how_to_build_it():
    with pytest.raises(ValueError, match="does not know the shape of its input yet"):
        Sequential([layers.Dense(3)]).weights  # noqa: B018


# Calling a layer builds it


def test_calling_a_layer_on_an_array_builds_it():
    dense = layers.Dense(3)
    out = dense(np.ones((2, 4)))
    assert out.shape == (2, 3) and dense.built and dense.kernel.shape == (4, 3)
    assert dense([[1.0, 2.0, 3.0, 4.0]]).shape == (1, 3)  # a list works too
    assert layers.BatchNormalization()(np.ones((5, 2)), training=True).shape == (5, 2)


def test_calling_a_built_layer_on_another_shape_is_an_error():
    dense = layers.Dense(3)
    dense(np.ones((2, 4)))
    with pytest.raises(ValueError, match=r"was built for inputs of shape \(2, 4\), but x has shape \(2, 5\)"):
        dense(np.ones((2, 5)))


def test_calling_a_dense_layer_on_one_flat_sample_asks_for_a_batch():
    with pytest.raises(
        ValueError, match=r"is built for a batch, shape \(batch, features\).*given the shape \(4,\)"
    ):
        layers.Dense(3)(np.ones(4))


def test_a_layer_called_on_float32_is_built_in_float32():
    assert layers.Dense(3)(np.ones((2, 4), dtype=np.float32)).dtype == np.float32


# use_bias and initializers given as None


def test_use_bias_false_has_a_kernel_only_and_trains():
    model = Sequential([layers.Dense(3, use_bias=False, input_shape=(2,)), layers.Dense(1)], seed=0)
    assert [w.shape for w in model.get_weights()] == [(2, 3), (3, 1), (1,)]
    assert model.count_params() == 6 + 3 + 1
    model.compile(optimizer="sgd", loss="mse")
    assert_model_gradients_correct(model, np.random.default_rng(0).normal(size=(5, 2)), np.zeros((5, 1)))


def test_an_initializer_of_none_is_glorot_uniform_as_in_keras():
    """Keras's add_weight gives a float weight with initializer None Glorot uniform, so
    Dense(bias_initializer=None) starts with a random bias (keras/src/layers/layer.py)."""
    dense = layers.Dense(50, kernel_initializer=None, bias_initializer=None)
    dense.build((None, 4), np.random.default_rng(0))
    assert np.abs(dense.bias).max() <= np.sqrt(6 / (50 + 50)) and np.any(dense.bias != 0)
    assert np.abs(dense.kernel).max() <= np.sqrt(6 / (4 + 50))


# Activations given as functions


@pytest.mark.parametrize(
    "function, cls",
    [
        (activations.relu, activations.ReLU),
        (activations.sigmoid, activations.Sigmoid),
        (activations.tanh, activations.Tanh),
        (activations.softmax, activations.Softmax),
        (activations.leaky_relu, activations.LeakyReLU),
        (activations.elu, activations.ELU),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_nnlibs_activation_functions_can_be_given_as_callables(function, cls):
    dense = layers.Dense(3, activation=function)
    assert isinstance(dense.activation, cls)
    assert isinstance(layers.Activation(function).activation, cls)


def test_an_unknown_plain_function_is_refused_with_how_to_write_one():
    with pytest.raises(
        TypeError,
        match=r"(?s)The activation '<lambda>' is a plain function, and nnlib's backward pass needs its "
        r"derivative.*class Swish\(activations.ActivationFunction\):",
    ):
        layers.Dense(3, activation=lambda z: np.maximum(z, 0))


def test_the_activation_class_the_message_suggests_works_and_backpropagates():
    class Swish(activations.ActivationFunction):
        def forward(self, z):
            return z * activations.sigmoid(z)

        def derivative(self, z):
            s = activations.sigmoid(z)
            return s + z * s * (1 - s)

    model = Sequential([layers.Dense(8, activation=Swish(), input_shape=(3,)), layers.Dense(1)], seed=0)
    model.compile(optimizer="sgd", loss="mse")
    rng = np.random.default_rng(0)
    assert_model_gradients_correct(model, rng.normal(size=(6, 3)), rng.normal(size=(6, 1)))


# layers.Softmax and layers.InputLayer


def test_softmax_layer_equals_the_softmax_activation_and_its_exact_gradient():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(6, 4)), rng.integers(0, 3, size=6)
    fused = Sequential([layers.Dense(3, activation="softmax", input_shape=(4,))], seed=0)
    split = Sequential([layers.Dense(3, input_shape=(4,)), layers.Softmax()], seed=0)
    for model in (fused, split):
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    np.testing.assert_allclose(split.predict(x), fused.predict(x), rtol=1e-15)
    np.testing.assert_allclose(split.predict(x).sum(axis=1), 1.0, rtol=1e-15)
    loss_fused, grads_fused = fused.loss_and_gradients(x, y)
    loss_split, grads_split = split.loss_and_gradients(x, y)
    assert loss_split == pytest.approx(loss_fused, rel=1e-14)
    for a, b in zip(grads_split, grads_fused):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    assert split.layers[1].name == "softmax"


def test_softmax_layer_normalizes_over_the_last_axis_only():
    assert layers.Softmax(axis=1)(np.zeros((2, 4))).tolist() == [[0.25] * 4] * 2
    with pytest.raises(ValueError, match=r"normalizes over the last axis \(axis=-1\), but was given axis=0"):
        layers.Softmax(axis=0)(np.zeros((2, 4)))


def test_input_layer_starts_a_model_as_input_does():
    model = Sequential()
    model.add(layers.InputLayer(shape=(2,)))
    model.add(layers.Dense(3))
    assert model.built and model.input_shape == (None, 2) and len(model.layers) == 1
    assert isinstance(Input((4,)), layers.InputLayer) and isinstance(Input((4,)), layers.Layer)
    assert layers.Input is nnlib.Input
    assert Input(shape=(2,), batch_size=3).batch_shape == (3, 2)
    assert Input(batch_shape=(None, 5)).shape == (5,)
    assert Input(4).shape == (4,)


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({}, r"An Input needs the shape of one sample: Input\(shape=\(4,\)\)"),
        ({"shape": (2,), "batch_shape": (None, 2)}, "its shape or its batch_shape, not both"),
        ({"shape": (0,)}, r"Input shape must be the shape of one sample, a tuple of positive whole numbers"),
        ({"shape": (4,), "dtype": "int32"}, r"nnlib trains in float32 or float64, not 'int32'"),
    ],
)
def test_bad_inputs_are_told_what_is_wrong(arguments, message):
    with pytest.raises(ValueError, match=message):
        Input(**arguments)


# A Sequential inside a Sequential


def nested(seed=0):
    block = Sequential([layers.Dense(4, activation="tanh"), layers.Dense(3, activation="tanh")], name="block")
    return Sequential([Input((2,)), block, layers.Dense(1)], seed=seed), block


def test_a_nested_model_is_one_layer_of_the_outer_one():
    """sequential_test.py, test_basic_flow_with_sequential_model_as_first_layer (with Dense
    layers where Keras uses a convolution)."""
    inner = Sequential([Input((4,)), layers.Dense(3)])
    model = Sequential([inner, layers.Dense(2), layers.Dense(1)])
    assert len(model.layers) == 3 and model.built
    assert all(layer.built for layer in model.layers)
    assert model(np.random.default_rng(0).random((1, 4))).shape == (1, 1)
    text = summary_text(model)
    assert re.search(r"sequential \(Sequential\)\s+\(None, 3\)\s+15\n", text)
    assert "Total params: 26" in text  # 15 + 8 + 3


def test_a_nested_model_computes_what_its_layers_compute():
    model, block = nested()
    x = np.random.default_rng(0).normal(size=(5, 2))
    by_hand = model.layers[1].forward(block.forward(x))
    np.testing.assert_allclose(model.predict(x), by_hand, rtol=1e-15)
    np.testing.assert_allclose(model.layer_outputs(x)["block"], block.predict(x), rtol=1e-15)


def test_the_weights_of_a_nested_model_are_the_outer_models_in_order():
    model, block = nested()
    assert [w.shape for w in model.get_weights()] == [(2, 4), (4,), (4, 3), (3,), (3, 1), (1,)]
    assert model.count_params() == block.count_params() + 4
    weights = [np.full_like(w, i) for i, w in enumerate(model.get_weights())]
    model.set_weights(weights)
    np.testing.assert_array_equal(block.layers[1].bias, 3.0)


def test_backpropagation_runs_through_a_nested_model():
    model, _ = nested()
    model.compile(optimizer="adam", loss="mse")
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(8, 2)), rng.normal(size=(8, 1))
    assert_model_gradients_correct(model, x, y)
    history = model.fit(x, y, epochs=20, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_freezing_a_nested_model_freezes_every_layer_in_it():
    model, block = nested()
    model.compile(optimizer="adam", loss="mse")
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(8, 2)), rng.normal(size=(8, 1))
    block.trainable = False
    assert all(not layer.trainable for layer in block.layers)
    before = block.get_weights()
    head = model.layers[1].get_weights()
    model.fit(x, y, epochs=2, verbose=0)
    for old, new in zip(before, block.get_weights()):
        np.testing.assert_array_equal(new, old)
    assert not np.array_equal(head[0], model.layers[1].kernel)
    assert "Trainable params: 4" in summary_text(model)
    assert len(model.trainable_weights) == 2 and len(model.non_trainable_weights) == 4


def test_the_outer_seed_fixes_a_nested_models_weights():
    first, _ = nested(seed=3)
    second, _ = nested(seed=3)
    for a, b in zip(first.get_weights(), second.get_weights()):
        np.testing.assert_array_equal(a, b)
    seeded = Sequential([Sequential([layers.Dense(4)], seed=7), layers.Dense(1)])
    alone = Sequential([layers.Dense(4)], seed=7)
    seeded.build((None, 2))
    alone.build((None, 2))
    np.testing.assert_array_equal(seeded.layers[0].layers[0].kernel, alone.layers[0].kernel)


def test_a_nested_model_still_predicts_on_its_own():
    model, block = nested()
    model.compile(optimizer="sgd", loss="mse")
    rng = np.random.default_rng(0)
    model.fit(rng.normal(size=(8, 2)), rng.normal(size=(8, 1)), epochs=2, verbose=0)
    x = rng.normal(size=(3, 2))
    np.testing.assert_allclose(block.predict(x), block.layers[1].forward(block.layers[0].forward(x)))


def test_a_nested_model_built_for_other_inputs_is_an_error():
    inner = Sequential([layers.Dense(3)], name="inner")
    inner.build((None, 5))
    with pytest.raises(ValueError, match=r"Layer 'inner' declares input_shape=\(5,\), but the model's input"):
        Sequential([Input((4,)), inner])
    with pytest.raises(
        ValueError, match=r"'inner' was already built for inputs of shape \(None, 5\), but in"
    ):
        Sequential([Input((4,)), layers.Dense(2), inner])


def test_a_nested_model_without_layers_is_an_error():
    """sequential_test.py, test_nested_sequential, builds Sequential([Sequential([Input((16,))])])
    without complaint; nnlib says the inner model has no layers (a deliberate difference)."""
    with pytest.raises(ValueError, match="The model has no layers"):
        Sequential([Sequential([Input(shape=(16,))])])


def test_a_model_cannot_contain_itself():
    model = Sequential([layers.Dense(2)])
    with pytest.raises(ValueError, match="A model cannot be one of its own layers"):
        model.add(model)


def test_gradient_check_runs_through_nested_models_and_names_their_layers():
    model, _ = nested()
    model.compile(optimizer=optimizers.SGD(), loss="mse")
    report = check_gradients(model, np.ones((3, 2)), np.zeros((3, 1)))
    assert [row.layer for row in report] == ["dense", "dense", "dense_1", "dense_1", "dense", "dense"]
    assert report.passed()


def test_a_softmax_layer_inside_a_model_backpropagates_through_its_jacobian():
    model = Sequential([Input((3,)), layers.Dense(4), layers.Softmax(), layers.Dense(2)], seed=0)
    model.compile(optimizer="sgd", loss="mse")
    rng = np.random.default_rng(0)
    assert_model_gradients_correct(model, rng.normal(size=(5, 3)), rng.normal(size=(5, 2)))


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"trainable": "yes"}, r"trainable must be True or False, got 'yes'"),
        (
            {"input_shape": (0,)},
            r"input_shape must be the shape of one sample, a tuple of positive whole numbers",
        ),
        ({"input_shape": "4"}, r"input_shape must be the shape of one sample"),
    ],
)
def test_bad_base_layer_arguments_are_told_what_is_wrong(arguments, message):
    with pytest.raises(ValueError, match=message):
        layers.Dense(3, **arguments)


def test_configs_of_the_new_layers_rebuild_them():
    softmax = layers.Softmax(axis=-1, name="probabilities")
    assert layers.Softmax(**softmax.get_config()).get_config() == softmax.get_config()
    start = Input(shape=(2,), batch_size=3, name="features")
    rebuilt = layers.InputLayer(**start.get_config())
    assert (rebuilt.shape, rebuilt.batch_shape, rebuilt.name) == ((2,), (3, 2), "features")


def test_a_model_made_frozen_freezes_the_layers_added_to_it():
    model = Sequential([Input((2,)), layers.Dense(3)], trainable=False)
    model.add(layers.Dense(1))
    assert not any(layer.trainable for layer in model.layers)
    assert model.trainable_weights == [] and len(model.non_trainable_weights) == 4
    model.trainable = True
    assert len(model.trainable_weights) == 4
