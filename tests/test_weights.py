"""Sample and class weights in fit, evaluate, train_on_batch and test_on_batch, with Keras's
semantics: a weight multiplies its sample's loss, the default reduction still divides by
the batch size, class_weight maps labels to weights for the training samples only, and
validation_split splits the weights too. The gradients include the weights (checked
against finite differences). Keras's expected values are ported from
keras/src/trainers/trainer_test.py and keras/src/trainers/data_adapters/*_test.py."""

import warnings

import numpy as np
import pytest

from nnlib import Sequential, _weights, layers, losses, metrics, optimizers
from nnlib.gradient_check import check_gradients

from .checks import ABSOLUTE_TOLERANCE, assert_model_gradients_correct


def data(n=12, n_features=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, n_features))
    return x, rng.integers(0, 3, size=n), rng.uniform(0.0, 2.0, size=n)


def model(output="softmax", units=3, loss="sparse_categorical_crossentropy", seed=0, **compile_args):
    network = Sequential(
        [layers.Dense(5, activation="tanh", input_shape=(3,)), layers.Dense(units, activation=output)],
        seed=seed,
    )
    network.compile(optimizer=compile_args.pop("optimizer", "sgd"), loss=loss, **compile_args)
    return network


# Keras's numbers


def test_on_batch_methods_match_keras_with_sample_and_class_weights():
    """trainer_test.py, test_on_batch_methods: Dense(3, no bias, kernel of ones), SGD, MSE on
    x = ones (100, 4), y = zeros (100, 3), sample weights arange(100) / 50. The compiled MSE
    metric gets no weights (Keras passes them to weighted_metrics only)."""
    network = Sequential([layers.Dense(3, use_bias=False, kernel_initializer="ones", input_shape=(4,))])
    network.compile(optimizers.SGD(), losses.MeanSquaredError(), metrics=[metrics.MeanSquaredError()])
    x, y = np.ones((100, 4)), np.zeros((100, 3))
    sample_weight = np.arange(100).astype("float32") / 50.0
    assert network.train_on_batch(x, y) == pytest.approx([16.0, 16.0], abs=1.5e-3)
    assert network.train_on_batch(x, y, return_dict=True)["loss"] == pytest.approx(15.158, abs=1.5e-3)
    assert network.test_on_batch(x, y)[0] == pytest.approx(14.360, abs=1.5e-3)
    assert network.test_on_batch(x, y, return_dict=True)["loss"] == pytest.approx(14.360, abs=1.5e-3)
    np.testing.assert_allclose(network.predict(x)[0], [3.789511] * 3, rtol=1e-6)
    assert network.train_on_batch(x, y, sample_weight)[0] == pytest.approx(14.217, abs=1.5e-3)
    loss, unweighted_mse = network.test_on_batch(x, y, sample_weight)
    assert loss == pytest.approx(13.476, abs=1.5e-3)
    assert unweighted_mse == pytest.approx(network.test_on_batch(x, y)[0])
    np.testing.assert_allclose(network.predict(x)[0], [3.689468] * 3, rtol=1e-6)
    with pytest.warns(UserWarning, match="no training sample has that label"):  # y's labels are all 0
        logs = network.train_on_batch(x, y, class_weight={1: 0.3, 0: 0.2})
    assert logs[0] == pytest.approx(2.722, abs=1.5e-3)


@pytest.mark.parametrize(
    "y, class_weight, expected",
    [
        ([0, 1, 0, 2], {0: 1.0, 1: 2.0, 2: 3.0}, [1.0, 2.0, 1.0, 3.0]),  # simple_class_labels
        (np.eye(3)[[0, 1, 0, 2]], {0: 1.0, 1: 2.0, 2: 3.0}, [1.0, 2.0, 1.0, 3.0]),  # one_hot_encoded_labels
        ([[0], [1], [0], [2]], {0: 1.0, 1: 2.0, 2: 3.0}, [1.0, 2.0, 1.0, 3.0]),  # multi_dimensional_input
        ([0, 1, 0, 2], {}, [1.0, 1.0, 1.0, 1.0]),  # all_unmapped
        ([0, 1, 0, 2], {"0": 1.0, "1": 2.0, "2": 3.0}, [1.0, 2.0, 1.0, 3.0]),  # string_number_keys
        ([0, 1, 0, 2], {0.0: 1.0, 1.0: 2.0, 2.0: 3.0}, [1.0, 2.0, 1.0, 3.0]),  # float_number_keys
        ([0, 3, 0, 2], {0: 1.0, 2: 3.0}, [1.0, 1.0, 1.0, 3.0]),  # unmapped_class (key 1 left out here)
    ],
)
def test_class_weights_become_sample_weights_as_in_keras(y, class_weight, expected):
    """data_adapter_utils_test.py, TestClassWeightToSampleWeights.test_class_weight_to_sample_weights.
    Keras's unmapped_class case also weights class 1, which no sample has; nnlib warns about such a
    key (next test), so it is left out here."""
    np.testing.assert_array_equal(_weights.class_weights(class_weight, np.asarray(y), 4, "float64"), expected)


def test_a_class_weight_for_a_class_no_sample_has_warns():
    with pytest.warns(
        UserWarning, match=r"class 1, but no training sample has that label \(the targets hold \[0, 2, 3\]\)"
    ):
        weights = _weights.class_weights({0: 1.0, 1: 2.0, 2: 3.0}, np.array([0, 3, 0, 2]), 4, "float64")
    np.testing.assert_array_equal(weights, [1.0, 1.0, 1.0, 3.0])


@pytest.mark.parametrize("encoding", ["int", "categorical"])
def test_class_weights_in_fit_weigh_each_sample_by_its_label(encoding):
    """array_data_adapter_test.py, test_class_weights: labels [[0], [1], [2], [3]] or their one-hot
    rows with {0: 0.1, 1: 0.2, 2: 0.3, 3: 0.4} weigh the samples 0.1, 0.2, 0.3, 0.4. Training with
    the class weights moves the weights exactly as the same sample weights do."""
    labels = np.array([[0], [1], [2], [3]])
    y = labels if encoding == "int" else np.eye(4)[labels[:, 0]]
    loss = "sparse_categorical_crossentropy" if encoding == "int" else "categorical_crossentropy"
    class_weight = {0: 0.1, 1: 0.2, 2: 0.3, 3: 0.4}
    x = np.random.default_rng(0).normal(size=(4, 3))
    by_class, by_sample = model(units=4, loss=loss), model(units=4, loss=loss)
    by_class.fit(x, y, epochs=3, batch_size=2, class_weight=class_weight, verbose=0)
    by_sample.fit(x, y, epochs=3, batch_size=2, sample_weight=np.array([0.1, 0.2, 0.3, 0.4]), verbose=0)
    for a, b in zip(by_class.get_weights(), by_sample.get_weights()):
        np.testing.assert_array_equal(a, b)


# What a weight does to the loss and its gradient


def test_evaluate_divides_the_weighted_losses_by_the_number_of_samples():
    """keras/src/losses/loss.py: "sum_over_batch_size" divides the weighted sum by the batch size,
    and the logged loss is the batches' mean weighted by their sizes: sum(w * l) / n overall."""
    x, labels, w = data()
    network = model()
    per_sample = losses.sparse_categorical_crossentropy(labels, network.predict(x))
    expected = np.sum(w * per_sample) / len(x)
    assert network.evaluate(x, labels, batch_size=5, sample_weight=w) == pytest.approx(expected, rel=1e-12)
    assert network.evaluate(x, labels, sample_weight=np.ones(len(x))) == pytest.approx(np.mean(per_sample))


def test_a_weight_of_two_counts_a_sample_twice():
    """With reduction "sum", weighting a sample by 2 gives the loss and gradients of the data with
    that sample repeated."""
    x, labels, _ = data(n=6)
    network = model(loss=losses.SparseCategoricalCrossentropy(reduction="sum"))
    weights = np.array([2.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    weighted = network.loss_and_gradients(x, labels, sample_weight=weights)
    repeated = network.loss_and_gradients(np.vstack([x, x[:1]]), np.append(labels, labels[0]))
    assert weighted[0] == pytest.approx(repeated[0], rel=1e-12)
    for a, b in zip(weighted[1], repeated[1]):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


def test_a_zero_weight_leaves_a_sample_out_of_the_gradient():
    x, labels, _ = data(n=6)
    network = model()
    weights = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.0])
    loss, gradients = network.loss_and_gradients(x, labels, sample_weight=weights)
    loss_5, gradients_5 = network.loss_and_gradients(x[:5], labels[:5])
    assert loss == pytest.approx(loss_5 * 5 / 6, rel=1e-12)  # still divided by 6, the batch size
    for a, b in zip(gradients, gradients_5):
        np.testing.assert_allclose(a, b * 5 / 6, rtol=1e-12, atol=1e-15)


GRADIENT_CASES = [
    pytest.param("linear", 1, "mse", "real", id="mse"),
    pytest.param("sigmoid", 1, "binary_crossentropy", "binary", id="sigmoid-bce"),
    pytest.param(
        "sigmoid", 1, losses.BinaryCrossentropy(label_smoothing=0.2), "binary", id="sigmoid-bce-smooth"
    ),
    pytest.param(
        "linear", 1, losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1), "binary", id="logits"
    ),
    pytest.param("softmax", 3, "sparse_categorical_crossentropy", "labels", id="softmax-scce"),
    pytest.param(
        "softmax", 3, losses.CategoricalCrossentropy(label_smoothing=0.3), "one_hot", id="softmax-cce"
    ),
    pytest.param(
        "softmax",
        3,
        losses.CategoricalCrossentropy(reduction="sum", label_smoothing=0.1),
        "one_hot",
        id="sum",
    ),
    pytest.param(
        "tanh",
        3,
        losses.MeanSquaredError(reduction="mean_with_sample_weight"),
        "one_hot",
        id="mean-with-weight",
    ),
]


@pytest.mark.parametrize("output, units, loss, kind", GRADIENT_CASES)
def test_backpropagation_with_sample_weights_passes_the_gradient_check(output, units, loss, kind):
    x, labels, weights = data()
    y = {"real": weights[:, None] - 1.0, "binary": labels[:, None] % 2, "labels": labels}.get(kind)
    y = np.eye(3)[labels] if kind == "one_hot" else y
    network = model(output=output, units=units, loss=loss)
    assert_model_gradients_correct_with_weights(network, x, y, weights)


def assert_model_gradients_correct_with_weights(network, x, y, weights):
    report = check_gradients(network, x, y, sample_weight=weights)
    assert report.passed(1e-6, ABSOLUTE_TOLERANCE), str(report)
    unweighted = network.loss_and_gradients(x, y)[1]
    weighted = network.loss_and_gradients(x, y, sample_weight=weights)[1]
    assert any(np.abs(a - b).max() > 1e-6 for a, b in zip(unweighted, weighted))  # the weights do matter


def test_unweighted_models_still_pass_the_gradient_check():
    x, labels, _ = data()
    assert_model_gradients_correct(model(), x, labels)


# Validation: split weights, validation weights, class weights for training only


def test_validation_split_splits_the_sample_weights_too():
    x, labels, w = data(n=20)
    network = model()
    history = network.fit(x, labels, epochs=2, validation_split=0.25, sample_weight=w, verbose=0)
    assert history.history["val_loss"][-1] == pytest.approx(
        network.evaluate(x[15:], labels[15:], sample_weight=w[15:]), rel=1e-12
    )


def test_validation_data_may_carry_its_own_sample_weights():
    x, labels, w = data(n=20)
    network = model()
    history = network.fit(
        x[:15], labels[:15], epochs=2, validation_data=(x[15:], labels[15:], w[15:]), verbose=0
    )
    assert history.history["val_loss"][-1] == pytest.approx(
        network.evaluate(x[15:], labels[15:], sample_weight=w[15:]), rel=1e-12
    )


def test_class_weights_weigh_the_training_loss_only():
    """Keras applies class_weight to the training data only: val_loss is the plain loss."""
    x, labels, _ = data(n=20)
    network = model()
    history = network.fit(
        x, labels, epochs=2, validation_split=0.25, class_weight={0: 1.0, 1: 5.0, 2: 1.0}, verbose=0
    )
    assert history.history["val_loss"][-1] == pytest.approx(network.evaluate(x[15:], labels[15:]), rel=1e-12)


def test_weighted_metrics_get_the_weights_and_metrics_do_not():
    x, labels, w = data(n=20)
    network = model(metrics=["accuracy"], weighted_metrics=["accuracy"])
    logs = network.evaluate(x, labels, sample_weight=w, return_dict=True)
    correct = (network.predict(x).argmax(axis=1) == labels).astype(float)
    assert logs["accuracy"] == pytest.approx(correct.mean())
    assert logs["weighted_accuracy"] == pytest.approx(np.sum(w * correct) / np.sum(w))


# Bad weights get a sentence


@pytest.mark.parametrize(
    "sample_weight, error, message",
    [
        (np.ones(11), ValueError, r"sample_weight has shape \(11,\), but there are 12 samples"),
        (np.ones((12, 2)), ValueError, r"sample_weight has shape \(12, 2\), but there are 12 samples"),
        (-np.ones(12), ValueError, r"sample_weight holds a negative weight \(-1 for sample 0\)"),
        (np.full(12, np.nan), ValueError, "NaN or infinite"),
        (["a"] * 12, TypeError, "sample_weight must be an array of numbers"),
    ],
)
@pytest.mark.parametrize("method", ["fit", "evaluate", "train_on_batch", "test_on_batch"])
def test_bad_sample_weights_are_refused_with_a_sentence(method, sample_weight, error, message):
    x, labels, _ = data()
    with pytest.raises(error, match=message):
        getattr(model(), method)(
            x, labels, sample_weight=sample_weight, **({"verbose": 0} if method == "fit" else {})
        )


def test_column_of_sample_weights_is_one_weight_per_sample():
    x, labels, w = data()
    network = model()
    assert network.evaluate(x, labels, sample_weight=w[:, None]) == network.evaluate(
        x, labels, sample_weight=w
    )


@pytest.mark.parametrize(
    "class_weight, error, message",
    [
        ({0: 1.0, 5: 2.0}, ValueError, r"weight to class 5, but the model predicts the classes 0 to 2"),
        ({-1: 2.0}, ValueError, r"weight to class -1"),
        (
            {"cat": 2.0},
            ValueError,
            r"class labels \(integers such as 0, 1, 2\) to weights, but it has the key 'cat'",
        ),
        ({0.5: 2.0}, ValueError, r"but it has the key 0.5"),
        ({None: 2.0}, ValueError, r"but it has the key None"),
        ({0: "heavy"}, ValueError, r"class_weight\[0\] is 'heavy'; a weight must be a finite number"),
        ({0: -1.0}, ValueError, r"class_weight\[0\] is -1.0; weights must be 0 or more"),
        ([1.0, 2.0, 3.0], TypeError, r"class_weight must be a dict mapping class labels to weights"),
    ],
)
def test_bad_class_weights_are_refused_with_a_sentence(class_weight, error, message):
    x, labels, _ = data()
    with pytest.raises(error, match=message):
        model().fit(x, labels, class_weight=class_weight, verbose=0)


def test_class_weight_and_sample_weight_together_are_refused_as_in_keras():
    x, labels, w = data()
    with pytest.raises(ValueError, match="takes class_weight or sample_weight, not both"):
        model().fit(x, labels, class_weight={0: 2.0}, sample_weight=w, verbose=0)
    with pytest.raises(ValueError, match="not both"):
        model().train_on_batch(x, labels, class_weight={0: 2.0}, sample_weight=w)


def test_validation_weights_of_the_wrong_length_are_refused():
    x, labels, w = data()
    with pytest.raises(ValueError, match=r"val_sample_weight has shape \(3,\), but there are 12 samples"):
        model().fit(x, labels, validation_data=(x, labels, w[:3]), verbose=0)


def test_class_weights_for_classes_the_samples_have_do_not_warn():
    x, labels, _ = data()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model().fit(x, labels, epochs=2, verbose=0, class_weight={0: 1.0, 1: 2.0, 2: 1.0})
