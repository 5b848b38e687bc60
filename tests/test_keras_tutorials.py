"""TensorFlow's Keras tutorials and the classic first example, run on nnlib (see
tests/test_keras_code.py for what was changed: the imports, the data, what each docstring says).

Sources: tensorflow/docs site/en/tutorials/keras/regression.ipynb (Auto MPG: 9 features, a
"Horsepower" column; drawn here with numpy, in a plain array instead of a pandas DataFrame)
and site/en/tutorials/keras/overfit_and_underfit.ipynb (HIGGS: 28 features; the tf.data
pipeline becomes arrays, each batch of the dataset one batch of ``fit``); and the
``Dense(units=1, input_shape=[1])`` example of many first lessons (TensorFlow's "Hello
World" of machine learning: y = 2x - 1 from six points).
"""

import numpy as np
import pytest

import nnlib as keras
from nnlib import layers, regularizers


@pytest.fixture
def auto_mpg():
    """train_features (n, 9), train_labels (n,), test_features, test_labels; column 2 plays
    Horsepower, and MPG falls with it."""
    rng = np.random.default_rng(3)
    features = rng.normal(
        loc=[5, 190, 104, 2970, 15, 76, 0.6, 0.2, 0.2],
        scale=[1.7, 100, 38, 840, 2.7, 3.6, 0.5, 0.4, 0.4],
        size=(314, 9),
    )
    labels = 40 - 0.15 * features[:, 2] + rng.normal(scale=2, size=314)
    return features[:250], labels[:250], features[250:], labels[250:]


def test_regression_one_feature_normalized_then_a_line(auto_mpg):
    """regression.ipynb, "Linear regression with one variable": Normalization(input_shape=[1,],
    axis=None) adapted on the flat Horsepower column, a model fitted on that flat column with
    validation_split=0.2, evaluate, and predict on tf.linspace(0.0, 250, 251) (np.linspace)."""
    train_features, train_labels, test_features, test_labels = auto_mpg
    horsepower = np.array(train_features[:, 2])
    horsepower_normalizer = layers.Normalization(input_shape=[1], axis=None)
    horsepower_normalizer.adapt(horsepower)
    assert np.asarray(horsepower_normalizer.mean).item() == pytest.approx(horsepower.mean())
    horsepower_model = keras.Sequential([horsepower_normalizer, layers.Dense(units=1)])
    horsepower_model.summary()
    assert horsepower_model.predict(horsepower[:10]).shape == (10, 1)
    horsepower_model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1), loss="mean_absolute_error")
    history = horsepower_model.fit(
        train_features[:, 2], train_labels, epochs=100, verbose=0, validation_split=0.2
    )
    assert sorted(history.history) == ["loss", "val_loss"] and len(history.epoch) == 100
    test_mae = horsepower_model.evaluate(test_features[:, 2], test_labels, verbose=0)
    assert test_mae < 2.5  # the noise's own mean absolute error is 1.6
    y = horsepower_model.predict(np.linspace(0.0, 250, 251))
    assert y.shape == (251, 1) and y[0, 0] > y[-1, 0]


def test_regression_all_features_a_dnn_and_saving_it(auto_mpg, tmp_path):
    """regression.ipynb: Normalization(axis=-1).adapt(features), normalizer(first),
    linear_model.layers[1].kernel, build_and_compile_model, dnn_model.save('dnn_model.keras')
    and load_model. 20 epochs instead of 100."""
    train_features, train_labels, test_features, test_labels = auto_mpg
    normalizer = layers.Normalization(axis=-1)
    normalizer.adapt(np.array(train_features))
    np.testing.assert_allclose(np.asarray(normalizer.mean).ravel(), train_features.mean(axis=0))
    first = np.array(train_features[:1])
    np.testing.assert_allclose(normalizer(first), (first - train_features.mean(0)) / train_features.std(0))
    linear_model = keras.Sequential([normalizer, layers.Dense(units=1)])
    assert linear_model.predict(train_features[:10]).shape == (10, 1)
    assert linear_model.layers[1].kernel.shape == (9, 1)

    def build_and_compile_model(norm):
        model = keras.Sequential(
            [norm, layers.Dense(64, activation="relu"), layers.Dense(64, activation="relu"), layers.Dense(1)]
        )
        model.compile(loss="mean_absolute_error", optimizer=keras.optimizers.Adam(0.001))
        return model

    dnn_model = build_and_compile_model(normalizer)
    dnn_model.fit(train_features, train_labels, validation_split=0.2, verbose=0, epochs=20)
    test_predictions = dnn_model.predict(test_features).flatten()
    assert test_predictions.shape == (64,)
    dnn_model.save(tmp_path / "dnn_model.keras")
    reloaded = keras.models.load_model(tmp_path / "dnn_model.keras")
    expected = dnn_model.evaluate(test_features, test_labels, verbose=0)
    assert reloaded.evaluate(test_features, test_labels, verbose=0) == pytest.approx(expected)


FEATURES, BATCH_SIZE, N_TRAIN = 28, 500, 2000
STEPS_PER_EPOCH = N_TRAIN // BATCH_SIZE


@pytest.fixture
def higgs():
    """N_TRAIN training rows and 1000 validation rows of 28 features, labels 0/1 of shape (n,)."""
    rng = np.random.default_rng(4)
    x = rng.normal(size=(N_TRAIN + 1000, FEATURES))
    y = (x[:, :3].sum(axis=1) + rng.normal(size=len(x)) > 0).astype(float)
    return (x[1000:], y[1000:]), (x[:1000], y[:1000])


def compile_and_fit(model, data, max_epochs):
    """overfit_and_underfit.ipynb's compile_and_fit with the tutorial's InverseTimeDecay and
    EarlyStopping; without tfdocs' EpochDots and TensorBoard (out of scope). The labels get
    their last axis as tf.expand_dims(y, axis=-1) gives it."""
    (x_train, y_train), (x_val, y_val) = data
    lr_schedule = keras.optimizers.schedules.InverseTimeDecay(
        0.001, decay_steps=STEPS_PER_EPOCH * 1000, decay_rate=1, staircase=False
    )
    model.compile(
        optimizer=keras.optimizers.Adam(lr_schedule),
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
        metrics=[keras.metrics.BinaryCrossentropy(from_logits=True, name="binary_crossentropy"), "accuracy"],
    )
    model.summary()
    return model.fit(
        x_train,
        np.expand_dims(y_train, axis=-1),
        batch_size=BATCH_SIZE,
        steps_per_epoch=STEPS_PER_EPOCH,
        epochs=max_epochs,
        validation_data=(x_val, np.expand_dims(y_val, axis=-1)),
        callbacks=[keras.callbacks.EarlyStopping(monitor="val_binary_crossentropy", patience=200)],
        verbose=0,
    )


def test_overfitting_tutorial_a_schedule_evaluated_on_an_array_of_steps():
    """overfit_and_underfit.ipynb: lr = lr_schedule(np.linspace(0, 100000)), for the plot."""
    lr_schedule = keras.optimizers.schedules.InverseTimeDecay(
        0.001, decay_steps=STEPS_PER_EPOCH * 1000, decay_rate=1
    )
    step = np.linspace(0, 100000)
    np.testing.assert_allclose(lr_schedule(step), 0.001 / (1 + step / (STEPS_PER_EPOCH * 1000)))


def test_overfitting_tutorial_tiny_model_logs_the_metric_early_stopping_watches(higgs, capsys):
    """overfit_and_underfit.ipynb, "Tiny model" (30 epochs instead of 10000; seeded here, so
    that the test does not depend on the tests before it)."""
    keras.set_random_seed(0)
    tiny_model = keras.Sequential(
        [layers.Dense(16, activation="elu", input_shape=(FEATURES,)), layers.Dense(1)]
    )
    history = compile_and_fit(tiny_model, higgs, max_epochs=30)
    assert "Total params: 481" in capsys.readouterr().out
    keys = ["accuracy", "binary_crossentropy", "loss", "val_accuracy", "val_binary_crossentropy", "val_loss"]
    assert sorted(history.history) == keys
    # without regularization, the loss and the cross-entropy metric are the same number
    np.testing.assert_allclose(history.history["loss"], history.history["binary_crossentropy"])
    val_crossentropy = history.history["val_binary_crossentropy"]
    assert val_crossentropy[-1] < val_crossentropy[0] and history.history["val_accuracy"][-1] > 0.6


@pytest.mark.parametrize("kind", ["l2", "dropout", "combined"])
def test_overfitting_tutorial_regularized_models(higgs, kind):
    """overfit_and_underfit.ipynb, "Add weight regularization", "Add dropout" and "Combined
    L2 + dropout", 64 units instead of 512, 3 epochs. l2_model.losses as the tutorial reads them."""
    l2 = {"l2": 0.001, "dropout": None, "combined": 0.0001}[kind]
    stack = []
    for _ in range(4):
        regularizer = None if l2 is None else regularizers.l2(l2)
        stack.append(layers.Dense(64, activation="elu", kernel_regularizer=regularizer))
        if kind != "l2":
            stack.append(layers.Dropout(0.5))
    model = keras.Sequential([keras.Input(shape=(FEATURES,)), *stack, layers.Dense(1)])
    history = compile_and_fit(model, higgs, max_epochs=3)
    penalty = sum(model.losses)
    assert len(model.losses) == (0 if l2 is None else 4)
    # the logged loss adds the penalty to the cross-entropy; val_ values are the same two numbers
    assert (history.history["loss"][-1] > history.history["binary_crossentropy"][-1]) == (l2 is not None)
    dense = [layer for layer in model.layers if isinstance(layer, layers.Dense)][:4]
    assert penalty == pytest.approx(sum(l2 * np.sum(layer.kernel**2) for layer in dense) if l2 else 0.0)


def test_the_classic_first_example():
    """Dense(units=1, input_shape=[1]), sgd, mean_squared_error, 500 epochs on six points of
    y = 2x - 1, then predict([10.0]): close to 19."""
    model = keras.Sequential([layers.Dense(units=1, input_shape=[1])])
    model.compile(optimizer="sgd", loss="mean_squared_error")
    xs = np.array([-1.0, 0.0, 1.0, 2.0, 3.0, 4.0], dtype=float)
    ys = np.array([-3.0, -1.0, 1.0, 3.0, 5.0, 7.0], dtype=float)
    model.fit(xs, ys, epochs=500, verbose=0)
    assert model.predict([10.0])[0, 0] == pytest.approx(19.0, abs=0.1)
