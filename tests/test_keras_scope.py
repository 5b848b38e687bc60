"""The edges of nnlib's Keras compatibility, as the README's "Compatibility with Keras" states them.

Out of scope (the functional API, convolutional and recurrent layers, data that is not an
array, services such as TensorBoard): a sentence that says so and what to do, not a deep
traceback. In scope and added for code that meets it in Keras's guides: ``steps_per_epoch``
and ``validation_batch_size`` in ``fit`` (keras/src/trainers/epoch_iterator.py and
keras/src/trainers/data_adapters/array_data_adapter.py for the rules), ``get_layer``,
``losses``, ``to_json``/``model_from_json``, the cross-entropy metrics.
"""

import functools
import inspect
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

import nnlib
from nnlib import Sequential, callbacks, layers, losses, metrics, models, regularizers


def small_model():
    model = Sequential([layers.Dense(3, activation="relu", input_shape=(2,)), layers.Dense(1)], seed=0)
    model.compile(optimizer="sgd", loss="mse")
    return model


@pytest.mark.parametrize(
    "module, name, kind",
    [
        (layers, "Conv2D", "convolutional"),
        (layers, "MaxPooling2D", "pooling"),
        (layers, "LSTM", "recurrent"),
        (layers, "Embedding", "embedding"),
        (layers, "concatenate", "merging"),
        (callbacks, "TensorBoard", "logging"),
        (callbacks, "BackupAndRestore", "fault-tolerance"),
    ],
)
def test_a_keras_name_out_of_scope_says_so(module, name, kind):
    with pytest.raises(AttributeError, match=rf"{name} \({kind}.*out of scope.*Compatibility with Keras"):
        getattr(module, name)


@pytest.mark.parametrize("namespace", [nnlib, models])
def test_the_functional_model_class_is_out_of_scope(namespace):
    with pytest.raises(AttributeError, match=r"functional API.*out of scope.*Sequential\(\[Input"):
        namespace.Model  # noqa: B018 (the attribute access is what is tested)


def test_a_misspelled_layer_gets_a_suggestion():
    with pytest.raises(AttributeError, match="has no attribute 'Dence'. Did you mean 'Dense'"):
        layers.Dence  # noqa: B018


def test_calling_a_layer_on_an_input_is_the_functional_api():
    """keras-io guides/training_with_built_in_methods.py, get_uncompiled_model's first lines."""
    inputs = nnlib.Input(shape=(784,), name="digits")
    with pytest.raises(TypeError, match=r"'dense_1' was called on an Input.*out of scope.*Sequential"):
        layers.Dense(64, activation="relu", name="dense_1")(inputs)


def test_named_inputs_lists_of_inputs_and_generators_are_out_of_scope():
    model = small_model()

    def batches():
        while True:
            yield np.ones((4, 2)), np.ones((4, 1))

    with pytest.raises(TypeError, match="dict of named inputs.*out of scope"):
        model.fit({"a": np.ones((4, 2))}, np.ones((4, 1)), verbose=0)
    with pytest.raises(TypeError, match="list of 2 arrays.*out of scope.*np.concatenate"):
        model.predict([np.ones((4, 2)), np.ones((4, 2))])
    with pytest.raises(TypeError, match="x is a generator.*out of scope"):
        model.fit(batches(), epochs=1, steps_per_epoch=2, verbose=0)


def test_a_loss_function_without_a_gradient_and_metric_variables_are_refused():
    """training_with_built_in_methods.py: custom_mean_squared_error and CategoricalTruePositives."""

    def custom_mean_squared_error(y_true, y_pred):
        return np.mean(np.square(y_true - y_pred))

    with pytest.raises(TypeError, match="no automatic differentiation"):
        small_model().compile(optimizer="adam", loss=custom_mean_squared_error)

    class CategoricalTruePositives(metrics.Metric):
        def __init__(self, name="categorical_true_positives", **kwargs):
            super().__init__(name=name, **kwargs)
            self.true_positives = self.add_weight(name="ctp", initializer="zeros")

    with pytest.raises(TypeError, match="no variables.*plain attributes"):
        CategoricalTruePositives()


class BatchSizes(callbacks.Callback):
    def on_train_begin(self, logs=None):
        self.epochs, self.validation = [], []

    def on_epoch_begin(self, epoch, logs=None):
        self.epochs.append([])

    def on_train_batch_begin(self, batch, logs=None):
        self.epochs[-1].append(batch)

    def on_test_batch_end(self, batch, logs=None):
        self.validation.append(batch)


def test_steps_per_epoch_goes_on_through_the_data_and_starts_a_new_pass_when_it_runs_out():
    """epoch_iterator.py: 10 samples in batches of 4 are 3 batches; steps_per_epoch=2 takes
    batches 1-2, then 3 alone (the data ran out: a warning), then a new pass."""
    model = small_model()
    sizes = BatchSizes()
    with pytest.warns(UserWarning, match="ran out after 1 of the 2 batches"):
        history = model.fit(
            np.ones((10, 2)), np.ones(10), batch_size=4, epochs=4, steps_per_epoch=2, shuffle=False,
            callbacks=[sizes], verbose=0,
        )  # fmt: skip
    assert sizes.epochs == [[0, 1], [0], [0, 1], [0]]
    assert len(history.history["loss"]) == 4


def test_steps_per_epoch_without_a_batch_size_sets_it():
    """array_data_adapter.py: batch_size = ceil(n_samples / steps) when only steps is given."""
    model = small_model()
    sizes = BatchSizes()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.fit(np.ones((10, 2)), np.ones(10), epochs=2, steps_per_epoch=3, callbacks=[sizes], verbose=0)
    assert sizes.epochs == [[0, 1, 2], [0, 1, 2]]  # batches of ceil(10 / 3) = 4: 4, 4, 2


def test_validation_batch_size_batches_the_validation():
    model = small_model()
    sizes = BatchSizes()
    x, y = np.ones((20, 2)), np.ones(20)
    model.fit(x, y, validation_split=0.5, validation_batch_size=3, callbacks=[sizes], verbose=0)
    assert sizes.validation == [0, 1, 2, 3]  # 10 validation samples in batches of 3


@pytest.mark.parametrize("argument", ["steps_per_epoch", "validation_batch_size"])
def test_steps_and_batch_sizes_must_be_positive_whole_numbers(argument):
    with pytest.raises(ValueError, match=argument):
        small_model().fit(np.ones((4, 2)), np.ones(4), verbose=0, **{argument: 0})


def test_get_layer_by_name_or_index():
    """keras-io guides/sequential_model.py, feature extraction: get_layer(name=...)."""
    model = Sequential([layers.Dense(2, name="first"), layers.Dense(3, name="my_intermediate_layer")])
    assert model.get_layer(name="my_intermediate_layer") is model.layers[1]
    assert model.get_layer(index=-1) is model.layers[1]
    with pytest.raises(ValueError, match="No layer named 'missing'.*'first', 'my_intermediate_layer'"):
        model.get_layer("missing")
    with pytest.raises(ValueError, match="exactly one"):
        model.get_layer()
    with pytest.raises(ValueError, match=r"index must lie in \[-2, 2\)"):
        model.get_layer(index=2)


def test_model_losses_are_the_penalties_of_the_regularized_layers():
    """tensorflow/docs overfit_and_underfit.ipynb: regularization_loss = add_n(l2_model.losses)."""
    model = Sequential(
        [
            layers.Dense(4, activation="elu", kernel_regularizer=regularizers.l2(0.001), input_shape=(3,)),
            layers.Dropout(0.5),
            layers.Dense(1, kernel_regularizer=regularizers.l1(0.01)),
        ],
        seed=0,
    )
    first, last = model.layers[0].kernel, model.layers[2].kernel
    assert model.losses == pytest.approx([0.001 * np.sum(first**2), 0.01 * np.sum(np.abs(last))])
    assert Sequential([layers.Dense(2, kernel_regularizer="l2")]).losses == []  # not built yet


def test_the_cross_entropy_metrics_average_the_loss_functions():
    y_true = np.array([[1.0], [0.0], [1.0]])
    logits = np.array([[2.0], [-1.0], [-0.5]])
    metric = metrics.BinaryCrossentropy(from_logits=True)
    expected = losses.BinaryCrossentropy(from_logits=True)(y_true, logits)
    assert metric(y_true, logits) == pytest.approx(expected)
    labels, probabilities = np.array([0, 2]), np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    sparse = metrics.SparseCategoricalCrossentropy()(labels, probabilities)
    one_hot = metrics.CategoricalCrossentropy()(np.eye(3)[labels], probabilities)
    assert sparse == pytest.approx(one_hot) == pytest.approx(-np.mean(np.log([0.7, 0.8])))


def test_a_model_and_its_json_make_the_same_architecture():
    """keras-io guides/serialization_and_saving.py: to_json() and models.model_from_json()."""
    model = Sequential([nnlib.Input((32,)), layers.Dense(1)])
    new_model = models.model_from_json(model.to_json())
    assert new_model.input_shape == (None, 32) and new_model.get_config() == model.get_config()
    with pytest.raises(ValueError, match="the string that model.to_json"):
        models.model_from_json("not json")


def test_fit_arguments_keras_has_and_nnlib_does_not_are_type_errors():
    """README, "Out of scope": validation_steps, validation_freq, steps_per_execution."""
    for argument in ("validation_steps", "validation_freq", "steps_per_execution"):
        with pytest.raises(TypeError, match=argument):
            small_model().fit(np.ones((4, 2)), np.ones(4), verbose=0, **{argument: 1})


def readme_scope():
    """{"nnlib.layers": ["Dense", ...], "Sequential": [...], "fit": [...]} from the README's
    "In scope" list, one line per namespace."""
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    section = readme.split("### Compatibility with Keras")[1].split("**Out of scope**")[0]
    scope = {}
    for line in section.splitlines():
        match = re.match(r"- `([\w.]+)`: (.*)", line)
        if match:
            scope[match[1]] = re.findall(r"`(\w+)`", match[2].split(" (")[0])
    return scope


def test_every_name_the_readme_puts_in_scope_exists():
    scope = readme_scope()
    assert len(scope) == 14
    model = small_model()
    model.fit(np.ones((4, 2)), np.ones(4), verbose=0)
    for namespace, names in scope.items():
        if namespace == "fit":
            assert set(names) <= set(inspect.signature(model.fit).parameters)
            continue
        target = model
        if namespace != "Sequential":  # nnlib.optimizers.schedules is an attribute, as in Keras
            target = functools.reduce(getattr, namespace.split(".")[1:], nnlib)
        for name in names:
            assert hasattr(target, name), f"{namespace}.{name}"
    for name in scope["nnlib.activations"]:
        assert nnlib.activations.get(name) is not None


@pytest.mark.parametrize("module", [layers, losses, metrics, callbacks, models])
def test_the_readme_lists_every_public_class(module):
    listed = set(readme_scope()[module.__name__])
    classes = {name for name in module.__all__ if isinstance(getattr(module, name), type)}
    assert classes - listed <= {"MonitorCallback"}  # nnlib's base of the monitoring callbacks
