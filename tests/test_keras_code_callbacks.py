"""Keras's guides to callbacks and to saving, run on nnlib (see tests/test_keras_code.py for
what was changed: the imports, the data, and what each docstring says).

Sources: keras-team/keras-io guides/writing_your_own_callbacks.py (its Keras 3 form, where the
learning rate is read and set as ``optimizer.learning_rate``) and
guides/serialization_and_saving.py (its dense models).
"""

import numpy as np
import pytest

import nnlib as keras


@pytest.fixture
def data():
    """The guide's MNIST, 1000 samples of 784 floats, here 256 random ones; integer targets."""
    rng = np.random.default_rng(1)
    x = rng.random((512, 784)).astype("float32")
    y = rng.integers(0, 10, 512).astype("float32")
    return (x[:256], y[:256]), (x[256:], y[256:])


def get_model():
    model = keras.Sequential()
    model.add(keras.layers.Dense(1, input_dim=784))
    model.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate=0.1),
        loss="mean_squared_error",
        metrics=["mean_absolute_error"],
    )
    return model


class CustomCallback(keras.callbacks.Callback):
    """The guide's CustomCallback; each hook records (hook, its logs' keys) where the guide prints them."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def record(self, hook, logs):
        self.calls.append((hook, sorted(logs.keys())))

    def on_train_begin(self, logs=None):
        self.record("on_train_begin", logs)

    def on_train_end(self, logs=None):
        self.record("on_train_end", logs)

    def on_epoch_begin(self, epoch, logs=None):
        self.record("on_epoch_begin", logs)

    def on_epoch_end(self, epoch, logs=None):
        self.record("on_epoch_end", logs)

    def on_test_begin(self, logs=None):
        self.record("on_test_begin", logs)

    def on_test_end(self, logs=None):
        self.record("on_test_end", logs)

    def on_predict_begin(self, logs=None):
        self.record("on_predict_begin", logs)

    def on_predict_end(self, logs=None):
        self.record("on_predict_end", logs)

    def on_train_batch_begin(self, batch, logs=None):
        self.record("on_train_batch_begin", logs)

    def on_train_batch_end(self, batch, logs=None):
        self.record("on_train_batch_end", logs)

    def on_test_batch_begin(self, batch, logs=None):
        self.record("on_test_batch_begin", logs)

    def on_test_batch_end(self, batch, logs=None):
        self.record("on_test_batch_end", logs)

    def on_predict_batch_begin(self, batch, logs=None):
        self.record("on_predict_batch_begin", logs)

    def on_predict_batch_end(self, batch, logs=None):
        self.record("on_predict_batch_end", logs)


def test_every_hook_gets_its_logs(data):
    """ "A basic example": the hooks of fit (with validation_split=0.5), evaluate and predict, and
    the keys of their logs, as the guide's output lists them."""
    (x_train, y_train), (x_test, y_test) = data
    model = get_model()
    train = CustomCallback()
    model.fit(x_train, y_train, batch_size=128, epochs=1, verbose=0, validation_split=0.5, callbacks=[train])
    metrics = ["loss", "mean_absolute_error"]
    assert train.calls == [
        ("on_train_begin", []),
        ("on_epoch_begin", []),
        ("on_train_batch_begin", []),
        ("on_train_batch_end", metrics),
        ("on_test_begin", []),
        ("on_test_batch_begin", []),
        ("on_test_batch_end", metrics),
        ("on_test_end", metrics),
        ("on_epoch_end", sorted(metrics + ["val_loss", "val_mean_absolute_error"])),
        ("on_train_end", sorted(metrics + ["val_loss", "val_mean_absolute_error"])),
    ]
    test = CustomCallback()
    model.evaluate(x_test, y_test, batch_size=128, verbose=0, callbacks=[test])
    assert [hook for hook, _ in test.calls].count("on_test_batch_end") == 2
    predict = CustomCallback()
    model.predict(x_test, batch_size=128, callbacks=[predict])
    assert ("on_predict_batch_end", ["outputs"]) in predict.calls and predict.calls[-1] == (
        "on_predict_end",
        [],
    )


class LossAndErrorPrintingCallback(keras.callbacks.Callback):
    def on_train_batch_end(self, batch, logs=None):
        print(f"For batch {batch}, loss is {logs['loss']:7.2f}.")

    def on_test_batch_end(self, batch, logs=None):
        print(f"For batch {batch}, loss is {logs['loss']:7.2f}.")

    def on_epoch_end(self, epoch, logs=None):
        print(
            f"The average loss for epoch {epoch} is {logs['loss']:7.2f} "
            f"and mean absolute error is {logs['mean_absolute_error']:7.2f}."
        )


def test_the_logs_dict_holds_the_loss_and_the_metrics(data, capsys):
    """ "Usage of logs dict": two epochs of two batches, then evaluate's two batches."""
    (x_train, y_train), (x_test, y_test) = data
    model = get_model()
    history = model.fit(
        x_train, y_train, batch_size=128, epochs=2, verbose=0, callbacks=[LossAndErrorPrintingCallback()]
    )
    model.evaluate(x_test, y_test, batch_size=128, verbose=0, callbacks=[LossAndErrorPrintingCallback()])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 + 1 + 2 + 1 + 2
    assert lines[2] == f"The average loss for epoch 0 is {history.history['loss'][0]:7.2f} " + (
        f"and mean absolute error is {history.history['mean_absolute_error'][0]:7.2f}."
    )


class EarlyStoppingAtMinLoss(keras.callbacks.Callback):
    """The guide's callback (np.Inf, gone from NumPy 2, written np.inf)."""

    def __init__(self, patience=0):
        super().__init__()
        self.patience = patience
        self.best_weights = None

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = np.inf

    def on_epoch_end(self, epoch, logs=None):
        current = logs.get("loss")
        if np.less(current, self.best):
            self.best = current
            self.wait = 0
            self.best_weights = self.model.get_weights()
        else:
            self.wait += 1
            if self.wait >= self.patience:
                self.stopped_epoch = epoch
                self.model.stop_training = True
                self.model.set_weights(self.best_weights)


def test_early_stopping_at_min_loss_with_steps_per_epoch(data):
    """ "Early stopping at minimum loss": batch_size=64, steps_per_epoch=5, epochs=30. The 256
    samples here are 4 batches, fewer than 5, so each epoch ends when the data runs out, with
    a warning, as in Keras (the guide's 1000 samples are 16 batches: epochs of 5, 5, 5, 1)."""
    (x_train, y_train), _ = data
    model = get_model()
    stopper = EarlyStoppingAtMinLoss()
    with pytest.warns(UserWarning, match="ran out"):
        history = model.fit(
            x_train, y_train, batch_size=64, steps_per_epoch=5, epochs=30, verbose=0, callbacks=[stopper]
        )
    losses = history.history["loss"]
    assert stopper.stopped_epoch == len(losses) - 1 and losses[-1] >= min(losses[:-1])
    assert all(np.array_equal(a, b) for a, b in zip(model.get_weights(), stopper.best_weights))


LR_SCHEDULE = [(3, 0.05), (6, 0.01), (9, 0.005), (12, 0.001)]


def lr_schedule(epoch, lr):
    if epoch < LR_SCHEDULE[0][0] or epoch > LR_SCHEDULE[-1][0]:
        return lr
    for i in range(len(LR_SCHEDULE)):
        if epoch == LR_SCHEDULE[i][0]:
            return LR_SCHEDULE[i][1]
    return lr


class CustomLearningRateScheduler(keras.callbacks.Callback):
    def __init__(self, schedule):
        super().__init__()
        self.schedule = schedule
        self.rates = []

    def on_epoch_begin(self, epoch, logs=None):
        if not hasattr(self.model.optimizer, "learning_rate"):
            raise ValueError('Optimizer must have a "learning_rate" attribute.')
        lr = self.model.optimizer.learning_rate
        scheduled_lr = self.schedule(epoch, lr)
        self.model.optimizer.learning_rate = scheduled_lr
        self.rates.append(scheduled_lr)


def test_a_learning_rate_schedule_as_a_callback(data):
    """ "Learning rate scheduling": 15 epochs of 4 steps (the guide's 5 steps of 64 samples, on 256)."""
    (x_train, y_train), _ = data
    model = get_model()
    scheduler = CustomLearningRateScheduler(lr_schedule)
    model.fit(x_train, y_train, batch_size=64, steps_per_epoch=4, epochs=15, verbose=0, callbacks=[scheduler])
    assert scheduler.rates == [0.1] * 3 + [0.05] * 3 + [0.01] * 3 + [0.005] * 3 + [0.001] * 3
    assert model.optimizer.learning_rate == pytest.approx(0.001)


def get_saving_model():
    """serialization_and_saving.py's get_model, functional there: Input((32,)), Dense(1)."""
    model = keras.Sequential([keras.Input(shape=(32,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mean_squared_error")
    return model


def test_a_saved_model_predicts_and_trains_on_as_the_original(tmp_path):
    """serialization_and_saving.py, "Whole-model saving & loading" (my_model.keras, Keras 3's
    name). Added: both models go on training and stay equal."""
    model = get_saving_model()
    rng = np.random.default_rng(2)
    test_input = rng.random((128, 32))
    test_target = rng.random((128, 1))
    model.fit(test_input, test_target, verbose=0)
    model.save(tmp_path / "my_model.keras")
    reconstructed_model = keras.models.load_model(tmp_path / "my_model.keras")
    np.testing.assert_allclose(model.predict(test_input), reconstructed_model.predict(test_input))
    reconstructed_model.fit(test_input, test_target, verbose=0)
    model.fit(test_input, test_target, verbose=0)
    np.testing.assert_array_equal(model.predict(test_input), reconstructed_model.predict(test_input))


def test_configs_rebuild_layers_and_models():
    """serialization_and_saving.py, "get_config() and from_config()" and "to_json()"."""
    layer = keras.layers.Dense(3, activation="relu")
    layer_config = layer.get_config()
    new_layer = keras.layers.Dense.from_config(layer_config)
    assert new_layer.get_config() == layer_config
    model = keras.Sequential([keras.Input((32,)), keras.layers.Dense(1)])
    config = model.get_config()
    new_model = keras.Sequential.from_config(config)
    assert new_model.get_config() == config
    json_config = model.to_json()
    new_model = keras.models.model_from_json(json_config)
    assert new_model.count_params() == 33
