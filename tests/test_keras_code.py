"""Code others wrote for Keras, run on nnlib: the README's claim, tested on real code.

Each test follows one passage of a public guide or tutorial, named in its docstring, call
for call. What was changed: the imports (``keras`` -> ``nnlib``, ``tf.keras`` -> ``nnlib``),
the data (MNIST and the Auto MPG and HIGGS files are downloads, so numpy draws arrays of
the same shapes, with fewer samples), and what the docstring says besides. The sources:

- keras-team/keras-io guides/sequential_model.py and guides/training_with_built_in_methods.py
  (here); guides/writing_your_own_callbacks.py and guides/serialization_and_saving.py (in
  tests/test_keras_code_callbacks.py);
- tensorflow/docs site/en/tutorials/keras/regression.ipynb and
  site/en/tutorials/keras/overfit_and_underfit.ipynb (in tests/test_keras_tutorials.py).

Keras's own tests of these parts (keras/src/models/sequential_test.py,
keras/src/callbacks/model_checkpoint_test.py) are ported in tests/test_model_structure.py and
tests/test_model_checkpoint.py; what Keras code meets beyond nnlib's scope, in
tests/test_keras_scope.py.
"""

import os

import numpy as np
import pytest

import nnlib as keras
from nnlib import layers


@pytest.fixture
def mnist_like():
    """(x_train, y_train), (x_test, y_test) shaped as the guides' MNIST: 784 floats in [0, 1],
    float32 labels 0-9 (the guides cast them so)."""
    rng = np.random.default_rng(0)
    x = rng.random((400, 784)).astype("float32")
    y = rng.integers(0, 10, 400).astype("float32")
    return (x[:300], y[:300]), (x[300:], y[300:])


def get_uncompiled_model():
    """training_with_built_in_methods.py's model, a functional one there; Sequential here (the
    functional API is out of scope), with the same layers and names."""
    return keras.Sequential(
        [
            keras.Input(shape=(784,), name="digits"),
            layers.Dense(64, activation="relu", name="dense_1"),
            layers.Dense(64, activation="relu", name="dense_2"),
            layers.Dense(10, activation="softmax", name="predictions"),
        ]
    )


def get_compiled_model():
    model = get_uncompiled_model()
    model.compile(
        optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["sparse_categorical_accuracy"]
    )
    return model


def test_sequential_guide_a_model_is_its_layers_called_in_turn():
    """sequential_model.py, "When to use a Sequential model"; the two computations are compared
    on the same layers (the guide makes new ones, so only the shapes agree there)."""
    model = keras.Sequential(
        [
            layers.Dense(2, activation="relu", name="layer1"),
            layers.Dense(3, activation="relu", name="layer2"),
            layers.Dense(4, name="layer3"),
        ]
    )
    x = np.ones((3, 3))
    y = model(x)
    layer1, layer2, layer3 = model.layers
    assert y.shape == (3, 4)
    np.testing.assert_allclose(layer3(layer2(layer1(x))), y)


def test_sequential_guide_add_pop_and_building_on_first_call():
    """sequential_model.py, "Creating a Sequential model" and "Specifying the input shape in
    advance". Differs: an unbuilt layer's ``weights`` is an error in nnlib (Keras: [])."""
    model = keras.Sequential()
    model.add(layers.Dense(2, activation="relu"))
    model.add(layers.Dense(3, activation="relu"))
    model.add(layers.Dense(4))
    model.pop()
    assert len(model.layers) == 2
    layer = layers.Dense(3)
    with pytest.raises(ValueError, match="has no weights yet"):
        layer.weights  # noqa: B018
    layer(np.ones((1, 4)))
    assert [w.shape for w in layer.weights] == [(4, 3), (3,)]
    model = keras.Sequential(
        [layers.Dense(2, activation="relu"), layers.Dense(3, activation="relu"), layers.Dense(4)]
    )
    model(np.ones((1, 4)))
    assert len(model.weights) == 6


def test_sequential_guide_an_input_first_gives_a_summary_and_is_not_a_layer(capsys):
    """sequential_model.py: model.add(keras.Input(shape=(4,))), summary(), model.layers; and
    Dense(2, input_shape=(4,)) instead."""
    model = keras.Sequential()
    model.add(keras.Input(shape=(4,)))
    model.add(layers.Dense(2, activation="relu"))
    model.summary()
    assert len(model.layers) == 1 and isinstance(model.layers[0], layers.Dense)
    model = keras.Sequential()
    model.add(layers.Dense(2, activation="relu", input_shape=(4,)))
    model.summary()
    assert capsys.readouterr().out.count("Total params: 10") == 2


def test_sequential_guide_freezing_all_but_the_last_layer(tmp_path, mnist_like):
    """sequential_model.py, "Transfer learning": keras.Input(shape=(784)) (an int), load_weights,
    trainable = False on all layers but the last, compile and fit. The weights loaded are this
    model's own, saved first (the guide's are pre-trained)."""
    (x_train, y_train), _ = mnist_like
    model = keras.Sequential(
        [
            keras.Input(shape=(784)),
            layers.Dense(32, activation="relu"),
            layers.Dense(32, activation="relu"),
            layers.Dense(32, activation="relu"),
            layers.Dense(10),
        ]
    )
    model.save_weights(tmp_path / "pre.weights.h5")
    model.load_weights(tmp_path / "pre.weights.h5")
    for layer in model.layers[:-1]:
        layer.trainable = False
    before = model.get_weights()
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(x_train, y_train, epochs=1, verbose=0)
    after = model.get_weights()
    assert all(np.array_equal(b, a) for b, a in zip(before[:6], after[:6]))
    assert not np.array_equal(before[6], after[6])


def test_training_guide_end_to_end(mnist_like):
    """training_with_built_in_methods.py, "API overview: a first end-to-end example"."""
    (x_train, y_train), (x_test, y_test) = mnist_like
    x_val, y_val = x_train[-100:], y_train[-100:]
    x_train, y_train = x_train[:-100], y_train[:-100]
    model = get_uncompiled_model()
    model.compile(
        optimizer=keras.optimizers.RMSprop(),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=[keras.metrics.SparseCategoricalAccuracy()],
    )
    history = model.fit(x_train, y_train, batch_size=64, epochs=2, validation_data=(x_val, y_val), verbose=0)
    keys = ["loss", "sparse_categorical_accuracy", "val_loss", "val_sparse_categorical_accuracy"]
    assert sorted(history.history) == sorted(keys)
    assert all(len(values) == 2 for values in history.history.values())
    results = model.evaluate(x_test, y_test, batch_size=128)
    assert len(results) == 2 and 0.0 <= results[1] <= 1.0
    predictions = model.predict(x_test[:3])
    assert predictions.shape == (3, 10)
    np.testing.assert_allclose(predictions.sum(axis=1), 1.0)


def test_training_guide_validation_split_and_string_identifiers(mnist_like):
    """training_with_built_in_methods.py, "Automatically setting apart a validation holdout set"."""
    (x_train, y_train), _ = mnist_like
    model = get_compiled_model()
    history = model.fit(x_train, y_train, batch_size=64, validation_split=0.2, epochs=1, verbose=0)
    assert model.metrics_names == ["loss", "sparse_categorical_accuracy"]
    held_out = model.evaluate(x_train[240:], y_train[240:], return_dict=True)  # the last 20%
    assert held_out["loss"] == pytest.approx(history.history["val_loss"][0])


def test_training_guide_a_loss_subclass(mnist_like):
    """training_with_built_in_methods.py, "Custom losses": CustomMSE. Added: ``gradient``, which
    nnlib needs (no automatic differentiation); ``call`` returns per-sample values, as nnlib's
    Loss.call does, where the guide's returns their mean (the loss is the same)."""

    class CustomMSE(keras.losses.Loss):
        def __init__(self, regularization_factor=0.1, name="custom_mse"):
            super().__init__(name=name)
            self.regularization_factor = regularization_factor

        def call(self, y_true, y_pred):
            mse = np.mean(np.square(y_true - y_pred), axis=-1)
            reg = np.mean(np.square(0.5 - y_pred), axis=-1)
            return mse + reg * self.regularization_factor

        def gradient(self, y_true, y_pred, sample_weight=None):
            n, k = y_pred.shape
            return (2 * (y_pred - y_true) - 2 * self.regularization_factor * (0.5 - y_pred)) / (n * k)

    (x_train, y_train), _ = mnist_like
    model = get_uncompiled_model()
    model.compile(optimizer=keras.optimizers.Adam(), loss=CustomMSE())
    y_train_one_hot = keras.utils.to_categorical(y_train, 10)  # the guide: tf.one_hot(y_train, depth=10)
    history = model.fit(x_train, y_train_one_hot, batch_size=64, epochs=2, verbose=0)
    assert history.history["loss"][1] < history.history["loss"][0]


def test_training_guide_class_weight_is_sample_weight_by_class(mnist_like):
    """training_with_built_in_methods.py, "Class weights" and "Sample weights": class 5 twice as
    important, both ways. Added: the two trainings are compared (from the same seed)."""
    (x_train, y_train), _ = mnist_like
    class_weight = {label: 1.0 for label in range(10)}
    class_weight[5] = 2.0
    sample_weight = np.ones(shape=(len(y_train),))
    sample_weight[y_train == 5] = 2.0
    keras.set_random_seed(0)
    by_class = get_compiled_model()
    by_class.fit(x_train, y_train, class_weight=class_weight, batch_size=64, epochs=1, verbose=0)
    keras.set_random_seed(0)
    by_sample = get_compiled_model()
    by_sample.fit(x_train, y_train, sample_weight=sample_weight, batch_size=64, epochs=1, verbose=0)
    for a, b in zip(by_class.get_weights(), by_sample.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_training_guide_early_stopping_and_a_loss_history(mnist_like, capsys):
    """training_with_built_in_methods.py, "Using callbacks" and "Writing your own callback"
    (LossHistory, whose on_batch_end sees each batch's running loss)."""

    class LossHistory(keras.callbacks.Callback):
        def on_train_begin(self, logs):
            self.per_batch_losses = []

        def on_batch_end(self, batch, logs):
            self.per_batch_losses.append(logs.get("loss"))

    (x_train, y_train), _ = mnist_like  # random labels: val_loss soon stops improving
    model = get_compiled_model()
    stopping = keras.callbacks.EarlyStopping(monitor="val_loss", min_delta=1e-2, patience=2, verbose=1)
    losses = LossHistory()
    history = model.fit(
        x_train,
        y_train,
        epochs=20,
        batch_size=64,
        callbacks=[stopping, losses],
        validation_split=0.2,
        verbose=0,
    )
    epochs = len(history.history["loss"])
    assert epochs < 20 and "early stopping" in capsys.readouterr().out
    val_loss = history.history["val_loss"]
    best_epoch = min(range(epochs), key=lambda e: val_loss[e])
    assert epochs - 1 - best_epoch >= 2  # stopped after two epochs without improvement
    assert len(losses.per_batch_losses) == epochs * 4  # 240 samples in batches of 64
    assert losses.per_batch_losses[3] == pytest.approx(history.history["loss"][0])


def test_training_guide_checkpoints_and_restoring_the_latest(tmp_path, mnist_like):
    """training_with_built_in_methods.py, "Checkpointing models", with Keras 3's file names
    (".keras"): save_best_only on val_loss, then make_or_restore_model."""
    (x_train, y_train), _ = mnist_like
    model = get_compiled_model()
    filepath = str(tmp_path / "mymodel_{epoch}.keras")
    callbacks = [keras.callbacks.ModelCheckpoint(filepath=filepath, save_best_only=True, monitor="val_loss")]
    history = model.fit(
        x_train, y_train, epochs=2, batch_size=64, callbacks=callbacks, validation_split=0.2, verbose=0
    )
    val_loss = history.history["val_loss"]
    assert os.path.exists(tmp_path / "mymodel_1.keras")
    assert os.path.exists(tmp_path / "mymodel_2.keras") == (val_loss[1] < val_loss[0])

    checkpoint_dir = str(tmp_path / "ckpt")
    os.makedirs(checkpoint_dir)

    def make_or_restore_model():
        checkpoints = [checkpoint_dir + "/" + name for name in os.listdir(checkpoint_dir)]
        if checkpoints:
            latest_checkpoint = max(checkpoints, key=os.path.getctime)
            return keras.models.load_model(latest_checkpoint)
        return get_compiled_model()

    model = make_or_restore_model()
    callbacks = [
        keras.callbacks.ModelCheckpoint(filepath=checkpoint_dir + "/ckpt-loss={loss:.2f}.keras", save_freq=5)
    ]
    model.fit(x_train, y_train, epochs=1, callbacks=callbacks, verbose=0)  # 10 batches: saved twice
    assert len(os.listdir(checkpoint_dir)) in (1, 2)  # two saves may share a name
    restored = make_or_restore_model()
    np.testing.assert_array_equal(restored.predict(x_train[:5]), model.predict(x_train[:5]))


def test_training_guide_a_schedule_as_the_learning_rate():
    """training_with_built_in_methods.py, "Passing a schedule to an optimizer"."""
    initial_learning_rate = 0.1
    lr_schedule = keras.optimizers.schedules.ExponentialDecay(
        initial_learning_rate, decay_steps=100000, decay_rate=0.96, staircase=True
    )
    optimizer = keras.optimizers.RMSprop(learning_rate=lr_schedule)
    assert lr_schedule(99999) == pytest.approx(0.1) and lr_schedule(100000) == pytest.approx(0.096)
    model = get_uncompiled_model()
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")
    model.fit(np.zeros((8, 784)), np.zeros(8), verbose=0)
    assert optimizer.learning_rate == pytest.approx(0.1)
