"""Sequential: Keras's API (building, summary, weights, fit / evaluate / predict),
reproducibility, learning real problems, gradient checks, and every bad input
with the message it gets."""

import re
import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from nnlib import (
    Input,
    Sequential,
    TrainingDivergedWarning,
    activations,
    callbacks,
    layers,
    losses,
    optimizers,
    regularizers,
)
from nnlib import model as model_module
from nnlib.datasets import load_digits
from nnlib.gradient_check import check_gradients

from .checks import assert_model_gradients_correct
from .strategies import seeds


def mlp_64_128_64_10(seed=0):
    return Sequential(
        [
            layers.Dense(128, activation="relu", input_shape=(64,)),
            layers.Dense(64, activation="relu"),
            layers.Dense(10, activation="softmax"),
        ],
        seed=seed,
    )


def classification_data(n=40, n_features=4, n_classes=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, n_features)), rng.integers(0, n_classes, size=n)


def regression_data(n=40, n_features=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, n_features))
    return x, x @ rng.normal(size=(n_features, 1)) + 0.1 * rng.normal(size=(n, 1))


@pytest.fixture
def classifier():
    model = Sequential(
        [layers.Dense(8, activation="relu", input_shape=(4,)), layers.Dense(3, activation="softmax")], seed=0
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


@pytest.fixture
def regressor():
    model = Sequential([layers.Dense(4, activation="tanh", input_shape=(3,)), layers.Dense(1)], seed=0)
    model.compile(optimizer="sgd", loss="mse")
    return model


def assert_weights_equal(actual, expected):
    assert len(actual) == len(expected)
    for a, e in zip(actual, expected):
        np.testing.assert_array_equal(a, e)


# Building


def test_model_is_built_at_once_from_an_input():
    model = Sequential([Input((4,)), layers.Dense(3)])
    assert model.built and model.input_shape == (None, 4)
    assert model.layers[0].kernel.shape == (4, 3)


def test_model_is_built_at_once_from_input_shape_on_the_first_layer():
    model = Sequential([layers.Dense(3, input_shape=(4,)), layers.Dense(2)])
    assert model.built
    assert [w.shape for w in model.get_weights()] == [(4, 3), (3,), (3, 2), (2,)]


def test_model_without_an_input_shape_is_built_by_the_first_data():
    model = Sequential([layers.Dense(3), layers.Dense(2)], seed=0)
    assert not model.built
    assert model.predict(np.zeros((5, 6))).shape == (5, 2)
    assert model.built and model.layers[0].kernel.shape == (6, 3)


def test_model_without_an_input_shape_is_built_by_fit():
    model = Sequential([layers.Dense(1)], seed=0)
    model.compile(optimizer="sgd", loss="mse")
    x, y = regression_data(n_features=5)
    model.fit(x, y, verbose=0)
    assert model.input_shape == (None, 5)


def test_build_accepts_a_batch_axis_of_none():
    model = Sequential([layers.Dense(3)])
    model.build((None, 7))
    assert model.layers[0].kernel.shape == (7, 3)


def test_add_builds_layers_one_by_one():
    model = Sequential(seed=0)
    model.add(Input((4,)))
    model.add(layers.Dense(8, activation="relu"))
    model.add(layers.Dense(2))
    assert model.output_shapes == [(8,), (2,)]


def test_layers_get_keras_names():
    model = Sequential(
        [
            layers.Dense(4, input_shape=(3,)),
            layers.Dropout(0.1),
            layers.Dense(4),
            layers.Dropout(0.1),
            layers.Dense(2),
            layers.Dense(1, name="output"),
        ]
    )
    assert [layer.name for layer in model.layers] == [
        "dense",
        "dropout",
        "dense_1",
        "dropout_1",
        "dense_2",
        "output",
    ]


def test_layer_names_must_be_unique():
    with pytest.raises(
        ValueError, match="A layer named 'hidden' is already in this model; names must be unique"
    ):
        Sequential([layers.Dense(3, name="hidden", input_shape=(2,)), layers.Dense(3, name="hidden")])


def test_an_input_can_only_come_first():
    with pytest.raises(ValueError, match="An Input can only come first in a Sequential model"):
        Sequential([layers.Dense(3), Input((4,))])


def test_a_model_without_an_input_shape_cannot_summarise_itself():
    with pytest.raises(
        ValueError,
        match=r"does not know the shape of its input yet\. Give the first layer "
        r"input_shape=\(n_features,\)",
    ):
        Sequential([layers.Dense(3)]).summary()


def test_a_model_without_layers_cannot_be_built():
    with pytest.raises(ValueError, match="The model has no layers"):
        Sequential([Input((3,))]).build()


# summary


def summary_text(model):
    lines = []
    model.summary(print_fn=lines.append)
    return "\n".join(lines)


def test_summary_lists_layers_output_shapes_and_parameter_counts():
    text = summary_text(mlp_64_128_64_10())
    assert 'Model: "sequential"' in text
    assert re.search(r"Layer \(type\)\s+Output Shape\s+Param #", text)
    assert re.search(r"dense \(Dense\)\s+\(None, 128\)\s+8,320\n", text)
    assert re.search(r"dense_1 \(Dense\)\s+\(None, 64\)\s+8,256\n", text)
    assert re.search(r"dense_2 \(Dense\)\s+\(None, 10\)\s+650\n", text)
    assert "Total params: 17,226" in text
    assert "Trainable params: 17,226" in text
    assert "Non-trainable params: 0" in text


def test_summary_counts_a_frozen_layer_as_non_trainable():
    model = mlp_64_128_64_10()
    model.layers[1].trainable = False
    text = summary_text(model)
    assert "Total params: 17,226" in text
    assert "Trainable params: 8,970" in text
    assert "Non-trainable params: 8,256" in text


def test_summary_shows_layers_without_parameters():
    model = Sequential(
        [
            layers.Flatten(input_shape=(8, 8)),
            layers.Dense(32, activation="relu"),
            layers.Dropout(0.5),
            layers.Dense(10),
        ]
    )
    text = summary_text(model)
    assert re.search(r"flatten \(Flatten\)\s+\(None, 64\)\s+0\n", text)
    assert re.search(r"dropout \(Dropout\)\s+\(None, 32\)\s+0\n", text)
    assert "Total params: 2,410" in text  # 64*32 + 32 + 32*10 + 10


def test_summary_prints_by_default(capsys):
    mlp_64_128_64_10().summary()
    assert "Total params: 17,226" in capsys.readouterr().out


def test_count_params():
    assert mlp_64_128_64_10().count_params() == 17_226


# Weights


def test_get_weights_are_kernels_and_biases_in_layer_order():
    shapes = [w.shape for w in mlp_64_128_64_10().get_weights()]
    assert shapes == [(64, 128), (128,), (128, 64), (64,), (64, 10), (10,)]


def test_get_weights_returns_copies():
    model = mlp_64_128_64_10()
    weights = model.get_weights()
    weights[0][...] = 0.0
    assert not np.all(model.layers[0].kernel == 0.0)


def test_set_weights_round_trip_gives_the_same_predictions():
    source, target = mlp_64_128_64_10(seed=1), mlp_64_128_64_10(seed=2)
    x = np.random.default_rng(0).normal(size=(5, 64))
    assert not np.allclose(source.predict(x), target.predict(x))
    target.set_weights(source.get_weights())
    assert_weights_equal(target.get_weights(), source.get_weights())
    np.testing.assert_array_equal(target.predict(x), source.predict(x))


def test_set_weights_with_too_few_arrays_says_how_many_are_needed():
    model = mlp_64_128_64_10()
    with pytest.raises(
        ValueError,
        match=r"set_weights needs 6 arrays \(kernel and bias of each layer, in order\), "
        r"but 5 were given",
    ):
        model.set_weights(model.get_weights()[:-1])


def test_set_weights_with_a_wrong_shape_names_the_layer():
    model = mlp_64_128_64_10()
    weights = model.get_weights()
    weights[2] = weights[2].T
    with pytest.raises(
        ValueError,
        match=r"Layer 'dense_1': kernel has shape \(128, 64\), but the array given for "
        r"it has shape \(64, 128\)",
    ):
        model.set_weights(weights)


def test_set_weights_then_fit_trains_the_new_weights(regressor):
    x, y = regression_data()
    regressor.set_weights([np.zeros_like(w) for w in regressor.get_weights()])
    regressor.fit(x, y, epochs=1, verbose=0)
    assert np.any(regressor.layers[1].bias != 0)


def test_trainable_weights_leave_out_frozen_layers():
    model = mlp_64_128_64_10()
    model.layers[0].trainable = False
    assert [w.shape for w in model.trainable_weights] == [(128, 64), (64,), (64, 10), (10,)]
    assert len(model.weights) == 6


def test_freezing_a_layer_then_evaluating_keeps_the_optimizer_state(classifier):
    x, y = classification_data()
    classifier.fit(x, y, epochs=1, batch_size=20, verbose=0)  # two updates
    state = [{name: array.copy() for name, array in s.items()} for s in classifier.optimizer.state]
    classifier.layers[0].trainable = False
    classifier.evaluate(x, y)
    classifier.predict(x)
    assert classifier.optimizer.iterations == 2
    for before, after in zip(state, classifier.optimizer.state):
        for name in before:
            np.testing.assert_array_equal(before[name], after[name])


def test_training_after_freezing_keeps_the_moments_of_the_layers_still_trainable(classifier):
    """As in Keras, where an optimizer keeps its state per weight: freezing a layer
    takes its weights out of the update and leaves the others' moments alone."""
    x, y = classification_data()
    classifier.fit(x, y, epochs=1, batch_size=20, verbose=0)
    last = classifier.layers[1]
    m_kernel = classifier.optimizer.state[0]["m"][classifier._parameters.slices[last, "kernel"]].copy()
    classifier.layers[0].trainable = False
    _, (dW, _) = classifier.loss_and_gradients(x[:20], y[:20], training=True)
    classifier.train_on_batch(x[:20], y[:20])
    assert classifier.optimizer.iterations == 3
    beta_1 = classifier.optimizer.beta_1
    m_now = classifier.optimizer.state[0]["m"][classifier._parameters.slices[last, "kernel"]]
    np.testing.assert_allclose(m_now, (beta_1 * m_kernel + (1 - beta_1) * dW.ravel()), rtol=1e-12)


def test_unfreezing_a_layer_starts_its_moments_at_zero(classifier):
    x, y = classification_data()
    classifier.layers[0].trainable = False
    classifier.fit(x, y, epochs=1, batch_size=20, verbose=0)
    classifier.layers[0].trainable = True
    first = classifier.layers[0]
    _, (dW, *_) = classifier.loss_and_gradients(x[:20], y[:20], training=True)
    classifier.train_on_batch(x[:20], y[:20])
    m_first = classifier.optimizer.state[0]["m"][classifier._parameters.slices[first, "kernel"]]
    np.testing.assert_allclose(m_first, (1 - classifier.optimizer.beta_1) * dW.ravel(), rtol=1e-12)


def test_save_and_load_weights_round_trip(tmp_path):
    source, target = mlp_64_128_64_10(seed=1), mlp_64_128_64_10(seed=2)
    path = tmp_path / "mlp.weights.npz"
    source.save_weights(path)
    target.load_weights(path)
    assert_weights_equal(target.get_weights(), source.get_weights())


def test_loaded_weights_keep_training(tmp_path):
    x, y = regression_data()
    source = Sequential([layers.Dense(4, activation="tanh", input_shape=(3,)), layers.Dense(1)], seed=1)
    source.save_weights(tmp_path / "w.npz")
    target = Sequential([layers.Dense(4, activation="tanh", input_shape=(3,)), layers.Dense(1)], seed=2)
    target.compile(optimizer="sgd", loss="mse")
    target.fit(x, y, epochs=1, verbose=0)  # the optimizer now holds views of the weights
    target.load_weights(tmp_path / "w.npz")
    loaded = target.get_weights()
    target.fit(x, y, epochs=1, verbose=0)
    assert not np.array_equal(target.layers[0].kernel, loaded[0])


def test_loading_weights_into_another_architecture_is_an_error(tmp_path):
    path = tmp_path / "small.npz"
    Sequential([layers.Dense(3, input_shape=(4,)), layers.Dense(2)], seed=0).save_weights(path)
    other = Sequential([layers.Dense(5, input_shape=(4,)), layers.Dense(2)], seed=0)
    with pytest.raises(
        ValueError,
        match=r"do not fit this model: Layer 'dense': kernel has shape \(4, 5\), but "
        r"the array given for it has shape \(4, 3\)\..*Build the same architecture",
    ):
        other.load_weights(path)
    deeper = Sequential([layers.Dense(3, input_shape=(4,)), layers.Dense(2), layers.Dense(1)], seed=0)
    with pytest.raises(ValueError, match="do not fit this model: set_weights needs 6 arrays"):
        deeper.load_weights(path)


def test_save_and_load_weights_of_a_layer_without_bias(tmp_path):
    def build(seed):
        return Sequential([layers.Dense(3, use_bias=False, input_shape=(4,)), layers.Dense(2)], seed=seed)

    source, target = build(1), build(2)
    source.save_weights(tmp_path / "w.npz")
    target.load_weights(tmp_path / "w.npz")
    assert_weights_equal(target.get_weights(), source.get_weights())


# compile / fit / evaluate / predict


def test_compile_defaults_to_rmsprop_as_keras(regressor):
    regressor.compile(loss="mse")
    assert isinstance(regressor.optimizer, optimizers.RMSprop)


def test_compile_needs_a_loss(regressor):
    with pytest.raises(ValueError, match=r"compile\(\) needs a loss, for example loss='mse'"):
        regressor.compile(optimizer="sgd")


def test_evaluate_returns_a_number_without_metrics_and_a_list_with(classifier, regressor):
    x, y = regression_data()
    loss = regressor.evaluate(x, y)
    assert isinstance(loss, float)
    x, labels = classification_data()
    result = classifier.evaluate(x, labels)
    assert isinstance(result, list) and len(result) == 2
    assert 0 <= result[1] <= 1
    assert classifier.evaluate(x, labels, return_dict=True) == {"loss": result[0], "accuracy": result[1]}


def test_evaluate_is_independent_of_the_batch_size(classifier):
    x, labels = classification_data(n=37)
    full = classifier.evaluate(x, labels, batch_size=37)
    for batch_size in (1, 5, 32):
        assert classifier.evaluate(x, labels, batch_size=batch_size) == pytest.approx(full, rel=1e-12)


def test_evaluate_of_accuracy_is_the_fraction_of_correct_argmaxes(classifier):
    x, labels = classification_data()
    predicted = classifier.predict(x).argmax(axis=1)
    assert classifier.evaluate(x, labels)[1] == pytest.approx(np.mean(predicted == labels))


def test_predict_returns_one_row_per_sample(classifier):
    x, _ = classification_data(n=45)
    probabilities = classifier.predict(x, batch_size=8)
    assert probabilities.shape == (45, 3)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    np.testing.assert_array_equal(probabilities, classifier.predict(x))  # batches do not matter
    np.testing.assert_array_equal(classifier(x), probabilities)


def test_train_on_batch_returns_the_loss_before_its_update(regressor):
    x, y = regression_data(n=16)
    before_loss = regressor.evaluate(x, y, batch_size=16)
    before = regressor.get_weights()
    assert regressor.train_on_batch(x, y) == pytest.approx(before_loss, rel=1e-12)
    assert not np.array_equal(regressor.get_weights()[0], before[0])
    assert regressor.evaluate(x, y) < before_loss


def test_train_on_batch_with_metrics_returns_a_list(classifier):
    x, labels = classification_data(n=8)
    loss, accuracy = classifier.train_on_batch(x, labels)
    assert loss > 0 and 0 <= accuracy <= 1
    assert set(classifier.train_on_batch(x, labels, return_dict=True)) == {"loss", "accuracy"}


def test_fit_returns_a_history_and_lowers_the_loss(regressor):
    x, y = regression_data(n=64)
    history = regressor.fit(x, y, epochs=20, verbose=0)
    assert isinstance(history, callbacks.History)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]


def test_fit_does_not_modify_the_callers_arrays(classifier):
    x, labels = classification_data()
    x_before, labels_before = x.copy(), labels.copy()
    classifier.fit(x, labels, epochs=2, batch_size=8, validation_split=0.25, verbose=0)
    np.testing.assert_array_equal(x, x_before)
    np.testing.assert_array_equal(labels, labels_before)


def test_fit_accepts_lists_and_integer_arrays(regressor):
    regressor.fit([[1, 2, 3], [4, 5, 6]], [1, 2], verbose=0)
    assert np.isfinite(regressor.evaluate(np.array([[1, 2, 3]]), np.array([[1]])))


# Reproducibility


def train_a_model_with_everything_random(seed):
    x, labels = classification_data(n=50)
    model = Sequential(
        [
            layers.Dense(16, activation="relu", input_shape=(4,)),
            layers.Dropout(0.3),
            layers.Dense(3, activation="softmax"),
        ],
        seed=seed,
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, labels, epochs=5, batch_size=8, validation_split=0.2, verbose=0)
    return history.history, model.get_weights()


def test_same_seed_gives_bit_identical_histories_and_weights():
    history, weights = train_a_model_with_everything_random(seed=7)
    history_again, weights_again = train_a_model_with_everything_random(seed=7)
    assert history == history_again
    assert_weights_equal(weights_again, weights)


def test_different_seeds_give_different_training():
    history, weights = train_a_model_with_everything_random(seed=7)
    other_history, other_weights = train_a_model_with_everything_random(seed=8)
    assert history["loss"] != other_history["loss"]
    assert not np.array_equal(weights[0], other_weights[0])


# float32


def test_a_float32_model_trains_and_keeps_float32_weights():
    x, _ = classification_data(n=64)
    labels = x[:, :3].argmax(axis=1)
    model = Sequential(
        [
            layers.Dense(8, activation="relu", input_shape=(4,)),
            layers.Dropout(0.2),
            layers.Dense(3, activation="softmax"),
        ],
        seed=0,
        dtype="float32",
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    assert all(w.dtype == np.float32 for w in model.get_weights())
    history = model.fit(x, labels, epochs=20, batch_size=16, verbose=0)
    assert all(w.dtype == np.float32 for w in model.get_weights())
    assert model.predict(x).dtype == np.float32
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_float32_training_follows_float64_training_closely():
    x, _ = classification_data(n=64)
    labels = x[:, :3].argmax(axis=1)
    histories = {}
    for dtype in ("float32", "float64"):
        model = Sequential(
            [layers.Dense(8, activation="tanh", input_shape=(4,)), layers.Dense(3, activation="softmax")],
            seed=0,
            dtype=dtype,
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        histories[dtype] = model.fit(x, labels, epochs=5, batch_size=16, verbose=0).history["loss"]
    np.testing.assert_allclose(histories["float32"], histories["float64"], rtol=1e-4)


def test_a_model_rejects_integer_dtypes():
    with pytest.raises(ValueError, match="nnlib trains in float32 or float64, not 'int32'"):
        Sequential(dtype="int32")


# Learning real problems


def test_a_2_2_1_network_learns_xor():
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([0, 1, 1, 0], dtype=float)
    model = Sequential(
        [layers.Dense(2, activation="tanh", input_shape=(2,)), layers.Dense(1, activation="sigmoid")], seed=0
    )
    model.compile(
        optimizer=optimizers.SGD(learning_rate=0.5, momentum=0.9),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    history = model.fit(x, y, epochs=500, batch_size=4, verbose=0)
    np.testing.assert_array_equal(model.predict(x).ravel() > 0.5, y == 1)
    assert history.history["accuracy"][-1] == 1.0
    assert history.history["loss"][-1] < 0.05


def test_an_mlp_reaches_95_percent_on_sklearn_digits():
    x_train, x_test, y_train, y_test = load_digits(test_size=0.2, seed=0)
    model = Sequential(
        [layers.Dense(64, activation="relu", input_shape=(64,)), layers.Dense(10, activation="softmax")],
        seed=0,
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=20, batch_size=32, verbose=0)
    _, accuracy = model.evaluate(x_test, y_test)
    assert accuracy >= 0.95


# Gradient checks of whole models

HIDDEN_ACTIVATIONS = ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softmax"]
KINKED = {"relu", "leaky_relu", "elu"}
# (output activation, loss, kind of target): fused, unfused and from_logits paths
OUTPUTS = [
    ("linear", "mse", "real"),
    ("tanh", "mse", "real"),
    ("linear", "mae", "real"),
    ("sigmoid", "binary_crossentropy", "binary"),
    ("sigmoid", "mse", "binary"),
    ("linear", losses.BinaryCrossentropy(from_logits=True), "binary"),
    ("softmax", "categorical_crossentropy", "one_hot"),
    ("sigmoid", "categorical_crossentropy", "one_hot"),
    ("linear", losses.CategoricalCrossentropy(from_logits=True), "one_hot"),
    ("softmax", "sparse_categorical_crossentropy", "labels"),
    ("linear", losses.SparseCategoricalCrossentropy(from_logits=True), "labels"),
]
MODEL_REGULARIZERS = [None, regularizers.L1(0.01), regularizers.L2(0.05), regularizers.L1L2(0.01, 0.05)]


def targets(kind, rng, n, units):
    if kind == "real":
        return rng.normal(size=(n, units))
    if kind == "binary":
        return rng.integers(0, 2, size=(n, units)).astype(float)
    labels = rng.integers(0, units, size=n)
    return labels if kind == "labels" else np.eye(units)[labels]


@st.composite
def model_cases(draw):
    return {
        "n": draw(st.integers(1, 6)),
        "n_features": draw(st.integers(1, 4)),
        "hidden": draw(
            st.lists(
                st.tuples(st.integers(1, 5), st.sampled_from(HIDDEN_ACTIVATIONS)), min_size=1, max_size=2
            )
        ),
        "regularizer": draw(st.sampled_from(MODEL_REGULARIZERS)),
        "dropout": draw(st.booleans()),
        "seed": draw(seeds),
    }


@pytest.mark.parametrize(
    "output_activation, loss, kind",
    OUTPUTS,
    ids=[
        f"{a}-{getattr(loss, 'name', loss)}{'-logits' if not isinstance(loss, str) else ''}"
        for a, loss, _ in OUTPUTS
    ],
)
@given(case=model_cases())
def test_backpropagation_matches_central_differences_for_whole_models(output_activation, loss, kind, case):
    rng = np.random.default_rng(case["seed"])
    n_outputs = 1 if kind == "binary" and rng.random() < 0.5 else 3
    stack = [Input((case["n_features"],))]
    for units, activation in case["hidden"]:
        stack.append(
            layers.Dense(
                units,
                activation=activation,
                kernel_regularizer=case["regularizer"],
                bias_regularizer=case["regularizer"],
                bias_initializer="random_normal",
            )
        )
        if case["dropout"]:
            stack.append(layers.Dropout(0.3))
    stack.append(
        layers.Dense(n_outputs, activation=output_activation, kernel_regularizer=case["regularizer"])
    )
    model = Sequential(stack, seed=case["seed"])
    model.compile(optimizer="sgd", loss=loss)
    x = rng.normal(size=(case["n"], case["n_features"]))
    y = targets(kind, rng, case["n"], n_outputs)
    model.predict(x)
    dense_layers = [layer for layer in model.layers if isinstance(layer, layers.Dense)]
    for layer, (_, activation) in zip(dense_layers, case["hidden"]):
        if activation in KINKED:
            assume(np.abs(layer.z).min() > 1e-4)
    if case["regularizer"] is not None and case["regularizer"].l1:  # |w| has a kink at 0
        penalised = [layer.kernel for layer in dense_layers] + [layer.bias for layer in dense_layers[:-1]]
        assume(min(np.abs(w).min() for w in penalised) > 1e-4)
    if loss == "mae":
        assume(np.abs(model.predict(x) - y).min() > 1e-4)
    assert_model_gradients_correct(model, x, y, tolerance=1e-6)


def test_gradient_check_report_names_every_weight():
    model = Sequential([layers.Dense(3, activation="tanh", input_shape=(2,)), layers.Dense(1)], seed=0)
    model.compile(optimizer="sgd", loss="mse")
    x, y = regression_data(n=5, n_features=2)
    report = check_gradients(model, x, y)
    assert [(row.layer, row.weight, row.shape) for row in report] == [
        ("dense", "kernel", (2, 3)),
        ("dense", "bias", (3,)),
        ("dense_1", "kernel", (3, 1)),
        ("dense_1", "bias", (1,)),
    ]


class UnfusedSoftmax(activations.ActivationFunction):
    """Softmax that the model does not recognise, so it back-propagates without fusing."""

    name = "unfused_softmax"

    def forward(self, z):
        return activations.Softmax().forward(z)

    def backward(self, z, a, grad_a):
        return activations.Softmax().backward(z, a, grad_a)


class UnfusedSigmoid(activations.ActivationFunction):
    name = "unfused_sigmoid"

    def forward(self, z):
        return activations.Sigmoid().forward(z)

    def backward(self, z, a, grad_a):
        return activations.Sigmoid().backward(z, a, grad_a)


@pytest.mark.parametrize(
    "fused_activation, plain_activation, loss, kind",
    [
        ("softmax", UnfusedSoftmax(), "categorical_crossentropy", "one_hot"),
        ("softmax", UnfusedSoftmax(), "sparse_categorical_crossentropy", "labels"),
        ("sigmoid", UnfusedSigmoid(), "binary_crossentropy", "binary"),
    ],
)
@given(seed=seeds)
def test_fused_output_gradients_equal_the_unfused_chain_rule(
    fused_activation, plain_activation, loss, kind, seed
):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(6, 4))
    y = targets(kind, rng, 6, 3)

    def build(output_activation):
        model = Sequential(
            [
                layers.Dense(5, activation="tanh", input_shape=(4,)),
                layers.Dense(3, activation=output_activation),
            ],
            seed=seed,
        )
        model.compile(optimizer="sgd", loss=loss)
        return model

    fused, plain = build(fused_activation), build(plain_activation)
    fused_loss, fused_gradients = fused.loss_and_gradients(x, y)
    plain_loss, plain_gradients = plain.loss_and_gradients(x, y)
    # the two paths under comparison
    assert model_module._is_cross_entropy_output(fused.loss, fused.layers[-1])
    assert not model_module._is_cross_entropy_output(plain.loss, plain.layers[-1])
    assert fused_loss == pytest.approx(plain_loss, rel=1e-9)
    for f, p in zip(fused_gradients, plain_gradients):
        np.testing.assert_allclose(f, p, rtol=1e-8, atol=1e-12)


def test_from_logits_model_equals_the_fused_softmax_model():
    x, labels = classification_data(n=10)
    probabilities = Sequential([layers.Dense(3, activation="softmax", input_shape=(4,))], seed=0)
    logits = Sequential([layers.Dense(3, input_shape=(4,))], seed=0)
    probabilities.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    logits.compile(optimizer="sgd", loss=losses.SparseCategoricalCrossentropy(from_logits=True))
    loss_p, grads_p = probabilities.loss_and_gradients(x, labels)
    loss_l, grads_l = logits.loss_and_gradients(x, labels)
    assert loss_p == pytest.approx(loss_l, rel=1e-12)
    for p, q in zip(grads_p, grads_l):
        np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-15)


def test_a_confident_wrong_softmax_has_the_exact_loss_not_the_clipped_one():
    """The fused path computes the loss from the logits, so it is not capped at -log(1e-7)."""
    model = Sequential([layers.Dense(2, activation="softmax", input_shape=(1,))], seed=0)
    model.set_weights([np.array([[0.0, 0.0]]), np.array([100.0, -100.0])])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    assert model.evaluate(np.zeros((1, 1)), np.array([1])) == pytest.approx(200.0)


# Keras compatibility


def test_a_keras_script_runs_with_nnlib_imports(capsys):
    # The same lines run with: from keras import Sequential, layers, optimizers, losses, callbacks, utils
    from nnlib import Sequential, callbacks, layers, losses, optimizers, utils

    rng = np.random.default_rng(0)
    x_train = rng.normal(size=(200, 4)).astype("float32")
    y_train = (x_train[:, 0] + x_train[:, 1] > 0).astype("int64") + (x_train[:, 2] > 1)
    x_test, y_test = x_train[:40], y_train[:40]

    model = Sequential(
        [
            layers.Input(shape=(4,)),
            layers.Dense(16, activation="relu"),
            layers.Dropout(0.2),
            layers.Dense(3, activation="softmax"),
        ]
    )
    model.summary()
    lr_schedule = optimizers.schedules.ExponentialDecay(
        initial_learning_rate=1e-2, decay_steps=100, decay_rate=0.9
    )
    model.compile(
        optimizer=optimizers.Adam(learning_rate=lr_schedule),
        loss=losses.SparseCategoricalCrossentropy(),
        metrics=["accuracy"],
    )
    history = model.fit(
        x_train,
        y_train,
        batch_size=32,
        epochs=30,
        validation_split=0.2,
        verbose=0,
        callbacks=[callbacks.EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True)],
    )
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    predictions = model.predict(x_test, verbose=0)
    assert predictions.shape == (40, 3)
    assert accuracy > 0.8
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}

    one_hot = utils.to_categorical(y_train, num_classes=3)
    model = Sequential()
    model.add(layers.Dense(8, activation="tanh", input_shape=(4,)))
    model.add(layers.Dense(3, activation="softmax"))
    model.compile(
        optimizer=optimizers.SGD(learning_rate=0.1, momentum=0.9),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    scheduler = callbacks.LearningRateScheduler(lambda epoch, lr: lr if epoch < 2 else lr * 0.9)
    model.fit(
        x_train,
        one_hot,
        epochs=4,
        batch_size=16,
        validation_data=(x_test, one_hot[:40]),
        callbacks=[scheduler],
        verbose=0,
    )
    model.train_on_batch(x_train[:16], one_hot[:16])
    assert "Total params: 131" in capsys.readouterr().out  # 4*16 + 16 + 16*3 + 3


# Bad inputs, each with its message


def test_wrong_input_width_names_the_layer_and_both_shapes(classifier):
    x, labels = classification_data(n_features=3)
    message = (
        r"Layer 'dense' \(the first layer\) expects inputs of shape \(None, 4\), but x has shape "
        r"\(40, 3\)\. Pass data with \(4,\) values per sample, or build the model with input_shape=\(3,\)"
    )
    with pytest.raises(ValueError, match=message):
        classifier.fit(x, labels, verbose=0)
    with pytest.raises(ValueError, match=r"expects inputs of shape \(None, 4\), but x has shape \(40, 3\)"):
        classifier.predict(x)
    with pytest.raises(ValueError, match=r"expects inputs of shape \(None, 4\), but x has shape \(40, 3\)"):
        classifier.evaluate(x, labels)


def test_wrong_width_of_validation_data_says_it_is_the_validation_x(classifier):
    x, labels = classification_data()
    with pytest.raises(ValueError, match=r"but validation x has shape \(40, 3\)"):
        classifier.fit(x, labels, validation_data=(x[:, :3], labels), verbose=0)


def test_nan_in_x_is_rejected_with_its_position(classifier):
    x, labels = classification_data()
    x[2, 1] = np.nan
    with pytest.raises(
        ValueError,
        match=r"x contains 1 NaN and 0 infinite values \(the first at index \(2, 1\)\)\. "
        r"Remove or impute them before training",
    ):
        classifier.fit(x, labels, verbose=0)


def test_inf_in_y_is_rejected(regressor):
    x, y = regression_data()
    y[5, 0] = np.inf
    with pytest.raises(
        ValueError, match=r"y contains 0 NaN and 1 infinite values \(the first at index \(5, 0\)\)"
    ):
        regressor.fit(x, y, verbose=0)


def test_a_class_label_beyond_the_outputs_is_rejected(classifier):
    x, labels = classification_data()
    labels[3] = 7
    with pytest.raises(
        ValueError,
        match=r"y contains the label 7, but a last layer with 3 units can only predict "
        r"the classes 0 to 2",
    ):
        classifier.fit(x, labels, verbose=0)


def test_x_and_y_of_different_lengths_are_rejected(classifier):
    x, labels = classification_data()
    with pytest.raises(ValueError, match="x has 40 samples but y has 39; they need one row per sample"):
        classifier.fit(x, labels[:-1], verbose=0)


def test_empty_data_is_rejected(classifier):
    with pytest.raises(ValueError, match=r"x is empty \(0 samples\)\. Pass at least one sample"):
        classifier.fit(np.zeros((0, 4)), np.zeros(0), verbose=0)


def test_non_numeric_x_is_rejected(classifier):
    with pytest.raises(TypeError, match="x must be numeric.*Encode text columns as numbers first"):
        classifier.fit([["a", "b", "c", "d"]], [0], verbose=0)


def test_one_dimensional_x_is_rejected_with_the_reshape_to_use(classifier):
    """A flat x is one feature per sample only for a model with one input feature."""
    with pytest.raises(
        ValueError,
        match=r"x has shape \(10,\), a flat array, but the model takes inputs of shape \(None, 4\): "
        r"a 2-D array with one row of 4 values per sample\.$",
    ):
        classifier.fit(np.zeros(10), np.zeros(10), verbose=0)
    with pytest.raises(ValueError, match=r"If it is one sample, use x.reshape\(1, -1\)\."):
        classifier.predict(np.zeros(4))
    unbuilt = Sequential([layers.Dense(1)])
    with pytest.raises(ValueError, match=r"x has shape \(10,\): one number per sample\..*x.reshape\(-1, 1\)"):
        unbuilt.predict(np.zeros(10))


def test_fit_needs_x_and_y(classifier):
    with pytest.raises(ValueError, match=r"fit\(\) needs both x and y"):
        classifier.fit(np.zeros((3, 4)), verbose=0)


@pytest.mark.parametrize(
    "make",
    [
        lambda: layers.Dense(3, activation="rleu"),
        lambda: Sequential([layers.Dense(3, input_shape=(2,))]).compile(loss="mse2"),
        lambda: Sequential([layers.Dense(3, input_shape=(2,))]).compile(optimizer="adan", loss="mse"),
    ],
    ids=["activation", "loss", "optimizer"],
)
def test_unknown_names_list_the_known_ones(make):
    with pytest.raises(
        ValueError,
        match=r"Unknown (activation 'rleu'|loss 'mse2'|optimizer 'adan')\..* "
        r"Known (activations|losses|optimizers): ",
    ):
        make()


def test_unknown_metric_lists_the_known_ones_at_compile(classifier):
    with pytest.raises(
        ValueError, match="Unknown metric 'acuracy'. Did you mean 'accuracy'.* Known metrics: "
    ):
        classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["acuracy"])


@pytest.mark.parametrize("action", ["fit", "evaluate", "train_on_batch", "loss_and_gradients"])
def test_training_and_evaluating_need_compile_first(action):
    model = Sequential([layers.Dense(1, input_shape=(3,))])
    x, y = regression_data()
    with pytest.raises(
        RuntimeError,
        match=rf"The model must be compiled before {action}\(\): call "
        rf"model.compile\(optimizer='adam', loss=...\) first",
    ):
        getattr(model, action)(x, y)


@pytest.mark.parametrize("batch_size", [0, -1, 2.5, "32"])
def test_batch_size_must_be_a_positive_whole_number(classifier, batch_size):
    x, labels = classification_data()
    message = rf"batch_size must be a whole number of at least 1, got {re.escape(repr(batch_size))}"
    with pytest.raises(ValueError, match=message):
        classifier.fit(x, labels, batch_size=batch_size, verbose=0)
    with pytest.raises(ValueError, match=message):
        classifier.evaluate(x, labels, batch_size=batch_size)
    with pytest.raises(ValueError, match=message):
        classifier.predict(x, batch_size=batch_size)


@pytest.mark.parametrize("epochs", [0, -3, 1.5])
def test_epochs_must_be_a_positive_whole_number(classifier, epochs):
    x, labels = classification_data()
    with pytest.raises(ValueError, match=rf"epochs must be a whole number of at least 1, got {epochs!r}"):
        classifier.fit(x, labels, epochs=epochs, verbose=0)


@pytest.mark.parametrize("learning_rate", [0, -0.01])
def test_a_learning_rate_that_is_not_positive_is_rejected(learning_rate):
    with pytest.raises(
        ValueError, match=rf"learning_rate must be a positive number .* got {learning_rate!r}"
    ):
        Sequential([layers.Dense(1, input_shape=(3,))]).compile(
            optimizer=optimizers.Adam(learning_rate=learning_rate), loss="mse"
        )


@pytest.mark.parametrize("split", [1.0, 1.5, -0.1])
def test_validation_split_must_lie_between_zero_and_one(classifier, split):
    x, labels = classification_data()
    with pytest.raises(
        ValueError, match=rf"validation_split must be a number greater than 0 and less than 1, got {split}"
    ):
        classifier.fit(x, labels, validation_split=split, verbose=0)


def test_dropout_rate_of_one_is_rejected():
    with pytest.raises(
        ValueError, match=r"Dropout rate must be a number at least 0 and less than 1, got 1.0"
    ):
        Sequential([layers.Dense(3, input_shape=(2,)), layers.Dropout(1.0)])


@pytest.mark.parametrize("item", ["relu", 3, np.zeros(3)], ids=["string", "int", "array"])
def test_something_that_is_not_a_layer_is_rejected_by_sequential(item):
    with pytest.raises(
        TypeError,
        match=r"Sequential takes layers such as layers.Dense\(3\), but was given .*"
        r"layers.Activation\('relu'\)",
    ):
        Sequential([layers.Dense(3, input_shape=(2,)), item])


def test_dense_on_images_suggests_flatten():
    model = Sequential([layers.Dense(3)])
    with pytest.raises(
        ValueError,
        match=r"Dense layer 'dense' takes flat feature vectors, but its inputs have "
        r"shape \(8, 8\) per sample\. Put layers.Flatten\(\) before it",
    ):
        model.predict(np.zeros((2, 8, 8)))


# Divergence


class WeightsAtEpochStart(callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.weights = []

    def on_epoch_begin(self, epoch, logs=None):
        self.weights.append(self.model.get_weights())


def test_a_diverging_loss_stops_training_and_restores_the_weights_of_that_epochs_start():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 100, size=(50, 3))  # unscaled inputs
    y = x @ np.array([1.0, 2.0, 3.0]) + 10
    model = Sequential([layers.Dense(1, input_shape=(3,))], seed=0)
    model.compile(optimizer=optimizers.SGD(learning_rate=1e3), loss="mse")
    recorder = WeightsAtEpochStart()
    with (
        np.errstate(over="ignore", invalid="ignore"),
        pytest.warns(
            TrainingDivergedWarning,
            match=r"Training stopped in epoch (\d+), batch \d+: the loss became (nan|inf)\. The weights "
            r"were restored to those at the start of epoch \1\. The learning rate \(1000\) is "
            r"probably too high: try 100, and check that the inputs are scaled\.",
        ),
    ):
        history = model.fit(x, y, epochs=20, batch_size=10, verbose=0, callbacks=[recorder])
    *completed, diverged = history.history["loss"]
    assert 1 <= len(completed) < 19
    assert len(recorder.weights) == len(completed) + 1  # the diverging epoch started, and is logged
    assert all(np.isfinite(completed)) and not np.isfinite(diverged)
    assert_weights_equal(model.get_weights(), recorder.weights[-1])
    assert all(np.isfinite(w).all() for w in model.get_weights())
    assert model.history is history


def test_a_diverging_batch_in_train_on_batch_warns_and_makes_no_update():
    model = Sequential([layers.Dense(1, input_shape=(1,))], seed=0)
    model.compile(optimizer="sgd", loss="mse")
    model.set_weights([np.array([[1e200]]), np.array([0.0])])
    before = model.get_weights()
    with (
        np.errstate(over="ignore"),
        pytest.warns(TrainingDivergedWarning, match=r"The loss on this batch is inf; no update was made"),
    ):
        model.train_on_batch(np.array([[1e200]]), np.array([[0.0]]))
    assert_weights_equal(model.get_weights(), before)


def test_no_divergence_warning_when_training_is_stable(regressor):
    x, y = regression_data()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        regressor.fit(x, y, epochs=3, verbose=0)


def test_layer_outputs_gives_each_layers_activation_in_inference_mode():
    model = Sequential(
        [
            layers.Dense(3, activation="relu", input_shape=(2,)),
            layers.Dropout(0.5),
            layers.Dense(1, activation="sigmoid"),
        ],
        seed=0,
    )
    x = np.array([[1.0, -2.0], [0.5, 0.25]])
    outputs = model.layer_outputs(x)
    assert list(outputs) == ["dense", "dropout", "dense_1"]
    first = model.layers[0]
    np.testing.assert_allclose(outputs["dense"], np.maximum(x @ first.kernel + first.bias, 0))
    np.testing.assert_array_equal(outputs["dropout"], outputs["dense"])  # dropout is off
    np.testing.assert_allclose(outputs["dense_1"], model.predict(x))
