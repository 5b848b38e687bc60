"""Saving: model.save and nnlib.models.load_model round-trip the architecture, the weights, the
compile settings, the optimizer's state and the random state, so a loaded model trains on
bit for bit as the saved one; get_config/from_config rebuild every kind of object; every
bad file, name and argument gets its message."""

import json
import zipfile

import numpy as np
import pytest

from nnlib import (
    Sequential,
    activations,
    callbacks,
    initializers,
    layers,
    losses,
    metrics,
    models,
    optimizers,
    regularizers,
    schedules,
)
from nnlib.models import load_model


def classification_data(n=48, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4))
    return x, (x[:, 0] + x[:, 1] > 0).astype(int) + (x[:, 2] > 1)


def classifier(optimizer="adam", seed=1, dtype=None, dropout_seed=None):
    model = Sequential(
        [
            layers.Dense(8, activation="relu", input_shape=(4,), kernel_regularizer=regularizers.L2(1e-3)),
            layers.Dropout(0.25, seed=dropout_seed),
            layers.Dense(6, activation=activations.LeakyReLU(0.1), kernel_initializer="he_normal"),
            layers.Dense(3, activation="softmax"),
        ],
        seed=seed,
        dtype=dtype,
    )
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def assert_same_weights(a, b):
    assert len(a.get_weights()) == len(b.get_weights())
    for u, v in zip(a.get_weights(), b.get_weights()):
        assert u.dtype == v.dtype
        np.testing.assert_array_equal(u, v)


def test_a_loaded_model_predicts_as_the_saved_one(tmp_path):
    """saving_api_test.py (test_basic_saving): save, load, the same predictions."""
    model = Sequential([layers.Dense(5, input_shape=(3,)), layers.Activation("softmax")], seed=0)
    model.save(tmp_path / "test_model.keras")
    loaded = load_model(tmp_path / "test_model.keras")
    x = np.random.default_rng(0).uniform(size=(10, 3))
    np.testing.assert_array_equal(model.predict(x), loaded.predict(x))
    assert [layer.name for layer in loaded.layers] == ["dense", "activation"]
    assert loaded.optimizer is None  # it was never compiled


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_the_weights_keep_their_dtype(tmp_path, dtype):
    """saving_api_test.py (test_basic_load): the loaded weights have the saved dtype
    (nnlib trains in float32 or float64, so those two of Keras's four)."""
    model = classifier(dtype=dtype)
    model.save(tmp_path / "m.keras")
    loaded = load_model(tmp_path / "m.keras")
    assert loaded.dtype == dtype and loaded.weights[0].dtype == dtype
    assert_same_weights(model, loaded)


OPTIMIZERS = {
    "sgd": lambda: optimizers.SGD(0.05),
    "momentum": lambda: optimizers.SGD(0.05, momentum=0.9, nesterov=True, clipnorm=1.0),
    "rmsprop": lambda: optimizers.RMSprop(0.01, rho=0.8),
    "adam": lambda: optimizers.Adam(schedules.ExponentialDecay(0.02, decay_steps=5, decay_rate=0.5)),
    "adagrad": lambda: optimizers.Adagrad(0.1, global_clipnorm=2.0),
}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
@pytest.mark.parametrize("dropout_seed", [None, 7])
def test_a_loaded_model_goes_on_training_bit_for_bit_as_the_saved_one(tmp_path, name, dropout_seed):
    """The optimizer's step count and moments, the shuffling and the dropout masks carry over:
    training on after load_model gives the very numbers training on without it gives."""
    x, y = classification_data()
    model = classifier(OPTIMIZERS[name](), dropout_seed=dropout_seed)
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    model.save(tmp_path / "m.keras")
    loaded = load_model(tmp_path / "m.keras")
    assert loaded.optimizer.iterations == model.optimizer.iterations == 12
    original = model.fit(x, y, epochs=3, batch_size=8, validation_split=0.25, verbose=0)
    again = loaded.fit(x, y, epochs=3, batch_size=8, validation_split=0.25, verbose=0)
    assert again.history == original.history
    assert_same_weights(model, loaded)


def test_the_compile_settings_come_back(tmp_path):
    model = classifier(optimizers.SGD(0.03, momentum=0.5, clipvalue=0.5))
    model.compile(
        optimizer=model.optimizer,
        loss=losses.CategoricalCrossentropy(from_logits=False),
        metrics=["accuracy", "mse"],
    )
    model.save(tmp_path / "m.keras")
    loaded = load_model(tmp_path / "m.keras")
    assert type(loaded.optimizer) is optimizers.SGD
    assert loaded.optimizer.get_config() == model.optimizer.get_config()
    assert type(loaded.loss) is losses.CategoricalCrossentropy
    assert loaded.metric_names == ["accuracy", "mse"]
    assert loaded.optimizer is not model.optimizer


def test_a_learning_rate_changed_by_a_callback_is_saved(tmp_path):
    x, y = classification_data()
    model = classifier(optimizers.Adam(0.01))
    model.fit(x, y, epochs=2, verbose=0, callbacks=[callbacks.LearningRateScheduler(lambda epoch: 0.004)])
    model.save(tmp_path / "m.keras")
    assert load_model(tmp_path / "m.keras").optimizer.learning_rate == 0.004


def test_a_frozen_layer_stays_frozen_and_the_optimizer_state_fits(tmp_path):
    x, y = classification_data()
    model = classifier()
    model.layers[0].trainable = False
    model.fit(x, y, epochs=1, batch_size=16, verbose=0)
    model.save(tmp_path / "m.keras")
    loaded = load_model(tmp_path / "m.keras")
    assert [layer.trainable for layer in loaded.layers] == [False, True, True, True]
    model.fit(x, y, epochs=1, batch_size=16, verbose=0)
    loaded.fit(x, y, epochs=1, batch_size=16, verbose=0)
    assert_same_weights(model, loaded)


def test_compile_false_gives_the_model_without_its_training_settings(tmp_path):
    """saving_api.load_model(compile=False), as in Keras."""
    model = classifier()
    model.save(tmp_path / "m.keras")
    loaded = load_model(tmp_path / "m.keras", compile=False)
    assert loaded.optimizer is None and loaded.loss is None
    x, _ = classification_data()
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))
    with pytest.raises(RuntimeError, match=r"must be compiled before fit\(\)"):
        loaded.fit(x, x[:, :3], verbose=0)


def test_the_file_is_a_zip_of_json_and_numpy_arrays(tmp_path):
    """saving_lib.py: a .keras file is a zip holding config.json, metadata.json and the weights."""
    model = classifier()
    x, y = classification_data()
    model.fit(x, y, epochs=1, verbose=0)
    models.save_model(model, tmp_path / "m.keras")
    with zipfile.ZipFile(tmp_path / "m.keras") as archive:
        assert sorted(archive.namelist()) == [
            "config.json",
            "metadata.json",
            "model.weights.npz",
            "optimizer.npz",
        ]
        config = json.loads(archive.read("config.json"))
        metadata = json.loads(archive.read("metadata.json"))
    assert config["class_name"] == "Sequential"
    assert [layer["class_name"] for layer in config["config"]["layers"]] == [
        "Dense",
        "Dropout",
        "Dense",
        "Dense",
    ]
    assert config["compile_config"]["optimizer"]["class_name"] == "Adam"
    assert config["optimizer_state"]["iterations"] == 2
    assert set(metadata) == {"nnlib_version", "format_version"}


def test_load_weights_also_reads_a_keras_file(tmp_path):
    model = classifier(seed=1)
    model.save(tmp_path / "m.keras")
    other = classifier(seed=2)
    other.load_weights(tmp_path / "m.keras")
    assert_same_weights(model, other)


def test_save_weights_with_keras_file_names_and_overwrite(tmp_path):
    """saving_api.save_weights: Keras's name ends in .weights.h5; nnlib writes its .npz whatever
    the name, and load_weights reads it back."""
    model, other = classifier(seed=1), classifier(seed=2)
    model.save_weights(tmp_path / "model.weights.h5")
    other.load_weights(tmp_path / "model.weights.h5")
    assert_same_weights(model, other)
    with pytest.raises(FileExistsError, match=r"model\.weights\.h5 exists already\. Pass overwrite=True"):
        model.save_weights(tmp_path / "model.weights.h5", overwrite=False)


# Custom objects


class Scale(layers.Layer):
    """A layer of our own: multiplies its input by a constant factor."""

    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def forward(self, x, training=False):
        return x * self.factor

    def backward(self, grad_output, need_input_gradient=True):
        return grad_output * self.factor


class Cube(activations.ActivationFunction):
    name = "cube"

    def forward(self, z):
        return z**3

    def derivative(self, z):
        return 3 * z**2


def largest_error(y_true, y_pred):
    return float(np.max(np.abs(y_true - y_pred)))


def custom_model():
    model = Sequential(
        [layers.Dense(3, activation=Cube(), input_shape=(2,)), Scale(0.5), layers.Dense(1)], seed=0
    )
    model.compile(optimizer="sgd", loss="mse", metrics=[largest_error])
    return model


def test_custom_objects_are_found_by_their_names(tmp_path):
    """saving_api_test.py (test_load_model_with_custom_objects): a custom layer comes back as
    itself when passed in custom_objects; so do an activation and a metric function."""
    model = custom_model()
    model.save(tmp_path / "custom_model.keras")
    loaded = load_model(
        tmp_path / "custom_model.keras",
        custom_objects={"Scale": Scale, "Cube": Cube, "largest_error": largest_error},
    )
    assert isinstance(loaded.layers[1], Scale) and loaded.layers[1].factor == 0.5
    assert isinstance(loaded.layers[0].activation, Cube)
    assert loaded.metric_names == [largest_error]
    x = np.random.default_rng(0).normal(size=(5, 2))
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))


@pytest.mark.parametrize("missing", ["Scale", "Cube", "largest_error"])
def test_an_unknown_custom_object_is_an_error_that_names_custom_objects(tmp_path, missing):
    custom_model().save(tmp_path / "m.keras")
    known = {"Scale": Scale, "Cube": Cube, "largest_error": largest_error}
    del known[missing]
    kind = "function" if missing == "largest_error" else "class"
    with pytest.raises(
        ValueError,
        match=rf"Unknown {kind} '{missing}' \(from tests\.test_saving\): it is not part of nnlib\. If it "
        rf"is your own, pass it when loading: load_model\(filepath, custom_objects=\{{'{missing}': "
        rf"{missing}\}}\)\.",
    ):
        load_model(tmp_path / "m.keras", custom_objects=known)


def test_compile_false_needs_no_custom_metric(tmp_path):
    custom_model().save(tmp_path / "m.keras")
    loaded = load_model(tmp_path / "m.keras", custom_objects={"Scale": Scale, "Cube": Cube}, compile=False)
    assert loaded.optimizer is None


# get_config and from_config


CONFIGURABLE = [
    layers.Dense(3, activation="tanh", use_bias=False, kernel_regularizer=regularizers.L1L2(0.1, 0.2)),
    layers.Dense(2, kernel_initializer=initializers.RandomNormal(0.0, 0.3, seed=4), name="head"),
    layers.Activation("relu"),
    layers.Dropout(0.4, seed=3),
    layers.Flatten(input_shape=(2, 2)),
    activations.ELU(0.5),
    activations.Softmax(),
    initializers.Constant(0.25),
    initializers.HeUniform(seed=1),
    regularizers.L1(0.03),
    regularizers.L2(0.02),
    losses.MeanAbsoluteError(),
    losses.BinaryCrossentropy(from_logits=True),
    losses.SparseCategoricalCrossentropy(),
    optimizers.SGD(0.1, momentum=0.9),
    optimizers.RMSprop(clipnorm=2.0),
    optimizers.Adam(schedules.InverseTimeDecay(0.1, 10, 0.5, staircase=True)),
    optimizers.Adagrad(initial_accumulator_value=0.2),
    schedules.StepDecay(0.1, step_size=3, factor=0.25),
    schedules.ExponentialDecay(0.1, 100, 0.9),
    # the layers, options and objects added for Keras code (layers, losses, metrics, optimizers)
    layers.BatchNormalization(momentum=0.9, epsilon=1e-2, center=False),
    layers.Normalization(mean=[1.0, 2.0], variance=[4.0, 9.0]),
    layers.Softmax(),
    layers.Input(shape=(3,)),
    layers.Dense(3, input_dim=5),
    losses.BinaryCrossentropy(label_smoothing=0.1, reduction="sum"),
    losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.2),
    losses.MeanSquaredError(name="mse_loss"),
    metrics.AUC(num_thresholds=50, curve="PR"),
    metrics.AUC(thresholds=[0.1, 0.35, 0.9], from_logits=True),
    metrics.Precision(thresholds=[0.3, 0.7]),
    metrics.Recall(class_id=1),
    metrics.BinaryAccuracy(threshold=0.7),
    metrics.SparseCategoricalAccuracy(),
    metrics.MeanAbsoluteError(),
    optimizers.Adam(amsgrad=True, weight_decay=0.01),
    optimizers.RMSprop(momentum=0.5, centered=True),
    optimizers.AdamW(weight_decay=0.02),
    schedules.PiecewiseConstantDecay([10, 20], [0.1, 0.01, 0.001]),
    schedules.PolynomialDecay(0.1, 100, end_learning_rate=0.01, power=2.0),
    schedules.CosineDecay(0.0, 100, warmup_target=0.1, warmup_steps=10),
]


@pytest.mark.parametrize("obj", CONFIGURABLE, ids=lambda obj: type(obj).__name__)
def test_from_config_of_get_config_is_a_twin(obj):
    """The Keras contract: cls.from_config(obj.get_config()) rebuilds obj; the config is JSON."""
    config = obj.get_config()
    assert json.loads(json.dumps(config)) == config
    twin = type(obj).from_config(config)
    assert type(twin) is type(obj) and twin is not obj
    assert twin.get_config() == config


def test_a_model_of_every_kind_of_part_trains_on_bit_for_bit_after_loading(tmp_path):
    """Normalization (adapted), a Sequential inside the Sequential with BatchNormalization (moving
    statistics saved with the weights), a seeded Dropout, Adam with amsgrad and weight decay, a loss
    object with label smoothing, metric objects and weighted metrics: all come back, and the loaded
    model's next epoch is the saved one's, bit for bit."""
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(64, 4)), rng.integers(0, 3, 64)

    def make():
        normalization = layers.Normalization()
        normalization.adapt(x)
        inner = Sequential([layers.Dense(8, activation="relu"), layers.BatchNormalization()], name="inner")
        model = Sequential(
            [layers.Input((4,)), normalization, inner, layers.Dropout(0.1, seed=3), layers.Dense(3)],
            seed=1,
        )
        model.compile(
            optimizer=optimizers.Adam(amsgrad=True, weight_decay=0.01),
            loss=losses.SparseCategoricalCrossentropy(from_logits=True),
            metrics=["accuracy", metrics.SparseCategoricalAccuracy(name="acc2")],
            weighted_metrics=["accuracy"],
        )
        return model

    model = make()
    model.fit(x, y, epochs=2, verbose=0, sample_weight=rng.uniform(size=64))
    model.save(tmp_path / "m.keras")
    loaded = load_model(tmp_path / "m.keras")
    assert loaded.metrics_names == model.metrics_names == ["loss", "accuracy", "acc2", "weighted_accuracy"]
    moving = [layer.moving_variance for layer in loaded._flat_layers if hasattr(layer, "moving_variance")]
    assert len(moving) == 1 and not np.allclose(moving[0], 1.0)  # the moving statistics were saved
    np.testing.assert_array_equal(loaded.predict(x), model.predict(x))
    after, loaded_after = model.fit(x, y, epochs=1, verbose=0), loaded.fit(x, y, epochs=1, verbose=0)
    assert loaded_after.history == after.history
    for saved, rebuilt in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(rebuilt, saved)


def test_a_model_config_rebuilds_the_architecture_with_new_weights():
    """Sequential.get_config / from_config: the same layers, freshly initialized."""
    model = classifier(seed=1)
    twin = Sequential.from_config(model.get_config(), seed=2)
    assert [type(layer) for layer in twin.layers] == [type(layer) for layer in model.layers]
    assert twin.get_config() == model.get_config()
    assert not np.array_equal(twin.get_weights()[0], model.get_weights()[0])


# Bad input


@pytest.mark.parametrize(
    "name, message",
    [
        ("model.png", r"Invalid filepath extension for saving\. Add a \.keras extension"),
        ("model.h5", r"Invalid filepath extension for saving \(nnlib does not write HDF5 files\)"),
    ],
)
def test_saving_needs_a_keras_file_name(tmp_path, name, message):
    """saving_api_test.py (test_save_unsupported_extension)."""
    with pytest.raises(ValueError, match=message + r".*Received: filepath="):
        classifier().save(tmp_path / name)


def test_save_with_overwrite_false_does_not_replace_a_file(tmp_path):
    (tmp_path / "m.keras").write_text("precious")
    with pytest.raises(FileExistsError, match=r"m\.keras exists already\. Pass overwrite=True to replace it"):
        classifier().save(tmp_path / "m.keras", overwrite=False)
    assert (tmp_path / "m.keras").read_text() == "precious"


def test_saving_a_model_that_is_not_built_asks_for_its_input_shape(tmp_path):
    with pytest.raises(ValueError, match=r"The model does not know the shape of its input yet"):
        Sequential([layers.Dense(2)]).save(tmp_path / "m.keras")


def test_load_model_reads_only_keras_files(tmp_path):
    """saving_api_test.py (test_load_unsupported_format, test_load_keras_not_zip)."""
    with pytest.raises(
        ValueError, match=r"File format not supported: filepath='model\.pkl'\. load_model reads"
    ):
        load_model("model.pkl")
    with pytest.raises(ValueError, match=r"File not found: filepath='not_a_zip\.keras'"):
        load_model("not_a_zip.keras")
    (tmp_path / "text.keras").write_text("not a zip")
    with pytest.raises(ValueError, match=r"is not a model written by model\.save: a \.keras file is a zip"):
        load_model(tmp_path / "text.keras")


def test_a_seed_generator_cannot_be_saved():
    layer = layers.Dropout(0.5, seed=np.random.default_rng(0))
    with pytest.raises(
        TypeError, match=r"Dropout\.seed is a numpy Generator, which cannot be saved.*int seed"
    ):
        layer.get_config()


def test_a_lambda_metric_cannot_be_saved(tmp_path):
    model = classifier()
    model.compile(optimizer="sgd", loss="mse", metrics=[lambda y_true, y_pred: 0.0])
    with pytest.raises(TypeError, match=r"a metric is a lambda, which cannot be saved.*defined with def"):
        model.save(tmp_path / "m.keras")


def test_a_custom_layer_that_does_not_keep_an_argument_says_what_to_do():
    class Shift(layers.Layer):
        def __init__(self, amount, **kwargs):
            super().__init__(**kwargs)
            self._amount = amount

    with pytest.raises(
        TypeError,
        match=r"Shift cannot be saved: its argument 'amount' is not kept as self\.amount.*write "
        r"get_config\(\) to return the arguments that rebuild it",
    ):
        Shift(1.0).get_config()


def rewrite_config(path, change):
    """Rewrite the config.json inside the .keras file at ``path`` with ``change(config)``."""
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    config = json.loads(files["config.json"])
    change(config)
    files["config.json"] = json.dumps(config).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)


def test_a_file_of_another_kind_of_model_is_an_error(tmp_path):
    classifier().save(tmp_path / "m.keras")
    rewrite_config(tmp_path / "m.keras", lambda config: config.update(class_name="Functional"))
    with pytest.raises(ValueError, match=r"holds a 'Functional' model; nnlib reads Sequential models"):
        load_model(tmp_path / "m.keras")


def test_a_config_that_does_not_fit_its_class_says_which_class(tmp_path):
    classifier().save(tmp_path / "m.keras")
    rewrite_config(
        tmp_path / "m.keras", lambda config: config["config"]["layers"][1]["config"].update(size=3)
    )
    with pytest.raises(
        ValueError,
        match=r"Dropout could not be rebuilt from its saved config .*Unrecognized keyword arguments passed "
        r"to Dropout: \{'size': 3\}.*its "
        r"get_config\(\) must return the arguments its constructor takes",
    ):
        load_model(tmp_path / "m.keras")


def test_an_unknown_random_generator_is_an_error(tmp_path):
    classifier().save(tmp_path / "m.keras")
    rewrite_config(
        tmp_path / "m.keras", lambda config: config["random_state"]["model"].update(bit_generator="os")
    )
    with pytest.raises(ValueError, match=r"The saved random state names an unknown generator: 'os'"):
        load_model(tmp_path / "m.keras")


def test_a_model_seeded_with_another_bit_generator_keeps_it(tmp_path):
    x, y = classification_data()
    model = classifier(seed=np.random.Generator(np.random.MT19937(5)))
    model.fit(x, y, epochs=1, verbose=0)
    model.save(tmp_path / "m.keras")
    loaded = load_model(tmp_path / "m.keras")
    assert isinstance(loaded._rng.bit_generator, np.random.MT19937)
    assert loaded.layers[1].rng is loaded._rng  # the dropout layer draws from the model's generator
    model.fit(x, y, epochs=1, verbose=0)
    loaded.fit(x, y, epochs=1, verbose=0)
    assert_same_weights(model, loaded)
