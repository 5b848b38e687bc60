"""Callbacks with Keras's semantics: History, validation, EarlyStopping,
LearningRateScheduler, custom hooks and the progress display; then Keras's own tests of
LearningRateScheduler, TerminateOnNaN, LambdaCallback and CSVLogger."""

import csv
import math
import warnings

import numpy as np
import pytest

from nnlib import (
    Sequential,
    TrainingDivergedWarning,
    callbacks,
    initializers,
    layers,
    losses,
    optimizers,
    schedules,
)


def regression_data(n=20, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3))
    y = x @ np.array([[1.0], [-2.0], [0.5]]) + 0.1 * rng.normal(size=(n, 1))
    return x, y


def regression_model(seed=0, optimizer="sgd", metrics=None):
    model = Sequential([layers.Dense(4, activation="tanh", input_shape=(3,)), layers.Dense(1)], seed=seed)
    model.compile(optimizer=optimizer, loss="mse", metrics=metrics)
    return model


def scripted_metric(name, values):
    """A metric that reports ``values`` one after another (one batch per epoch)."""
    remaining = iter(values)

    def metric(y_true, y_pred):
        return next(remaining)

    metric.__name__ = name
    return metric


def fit_with_scripted_values(values, early_stopping, name="score", epochs=None):
    """Train a tiny model whose logged ``name`` takes ``values``, one per epoch."""
    x, y = regression_data(n=4)
    model = regression_model(metrics=[scripted_metric(name, values)])
    recorder = WeightRecorder()
    history = model.fit(
        x, y, epochs=epochs or len(values), batch_size=4, verbose=0, callbacks=[recorder, early_stopping]
    )
    return model, history, recorder


class WeightRecorder(callbacks.Callback):
    """Keeps the weights at the start and at the end of every epoch."""

    def __init__(self):
        super().__init__()
        self.at_start, self.at_end = [], []

    def on_epoch_begin(self, epoch, logs=None):
        self.at_start.append(self.model.get_weights())

    def on_epoch_end(self, epoch, logs=None):
        self.at_end.append(self.model.get_weights())


def assert_weights_equal(actual, expected):
    assert len(actual) == len(expected)
    for a, e in zip(actual, expected):
        np.testing.assert_array_equal(a, e)


# History


def test_history_has_one_entry_per_epoch_for_loss_metrics_and_validation():
    x, y = regression_data()
    model = regression_model(metrics=["mae"])
    history = model.fit(x, y, epochs=3, validation_split=0.25, verbose=0)
    assert list(history.history) == ["loss", "mae", "val_loss", "val_mae"]
    assert all(len(values) == 3 for values in history.history.values())
    assert history.epoch == [0, 1, 2]
    assert model.history is history


def test_history_of_a_classifier_logs_accuracy_and_val_accuracy():
    rng = np.random.default_rng(0)
    x, labels = rng.normal(size=(30, 2)), rng.integers(0, 3, size=30)
    model = Sequential([layers.Dense(3, activation="softmax", input_shape=(2,))], seed=0)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, labels, epochs=2, validation_split=0.2, verbose=0)
    assert list(history.history) == ["loss", "accuracy", "val_loss", "val_accuracy"]
    assert all(0 <= value <= 1 for value in history.history["val_accuracy"])


def test_history_logs_learning_rate_with_a_scheduler():
    x, y = regression_data()
    model = regression_model()
    history = model.fit(
        x,
        y,
        epochs=3,
        verbose=0,
        callbacks=[callbacks.LearningRateScheduler(lambda epoch, lr: 0.1 / (epoch + 1))],
    )
    assert history.history["learning_rate"] == pytest.approx([0.1, 0.05, 0.1 / 3])


def test_epoch_loss_is_the_batch_size_weighted_mean_of_the_training_batch_losses():
    """10 samples in batches of 4, 4 and 2; each batch loss is taken before its update."""
    x, y = regression_data(n=10)
    model, twin = regression_model(seed=1), regression_model(seed=1)
    history = model.fit(x, y, epochs=1, batch_size=4, shuffle=False, verbose=0)
    batch_losses = [twin.train_on_batch(x[start : start + 4], y[start : start + 4]) for start in (0, 4, 8)]
    expected = (4 * batch_losses[0] + 4 * batch_losses[1] + 2 * batch_losses[2]) / 10
    assert history.history["loss"][0] == pytest.approx(expected, rel=1e-12)
    assert_weights_equal(model.get_weights(), twin.get_weights())


def test_initial_epoch_continues_the_epoch_count():
    x, y = regression_data()
    history = regression_model().fit(x, y, epochs=5, initial_epoch=3, verbose=0)
    assert history.epoch == [3, 4]
    assert len(history.history["loss"]) == 2


# Validation


class BatchCounter(callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1


@pytest.mark.parametrize("n, split, split_at", [(10, 0.25, 7), (10, 0.3, 7), (9, 0.5, 4), (20, 0.1, 18)])
def test_validation_split_holds_out_the_last_samples_before_shuffling(n, split, split_at):
    """split_at = floor(n * (1 - split)); the last n - split_at samples validate."""
    assert split_at == math.floor(n * (1 - split))
    x, y = regression_data(n=n)
    y[split_at:] += 100.0  # the validation samples are unlike the others
    model = regression_model()
    counter = BatchCounter()
    history = model.fit(
        x, y, epochs=2, batch_size=1, validation_split=split, shuffle=True, verbose=0, callbacks=[counter]
    )
    assert counter.batches == 2 * split_at  # one batch of one per training sample
    assert history.history["val_loss"][-1] == model.evaluate(x[split_at:], y[split_at:], batch_size=1)
    assert history.history["val_loss"][-1] != model.evaluate(
        x[: n - split_at], y[: n - split_at], batch_size=1
    )


def test_validation_data_overrides_validation_split():
    x, y = regression_data(n=12)
    x_val, y_val = regression_data(n=5, seed=1)
    model = regression_model()
    counter = BatchCounter()
    history = model.fit(
        x,
        y,
        epochs=1,
        batch_size=1,
        validation_split=0.5,
        validation_data=(x_val, y_val),
        verbose=0,
        callbacks=[counter],
    )
    assert counter.batches == 12  # nothing was held out
    assert history.history["val_loss"][0] == model.evaluate(x_val, y_val, batch_size=1)


@pytest.mark.parametrize("n, split", [(1, 0.5), (10, 1e-20)])
def test_a_validation_split_that_leaves_an_empty_set_is_an_error(n, split):
    x, y = regression_data(n=n)
    with pytest.raises(
        ValueError,
        match=rf"validation_split={split} leaves an empty training or validation set "
        rf"with {n} samples",
    ):
        regression_model().fit(x, y, validation_split=split, verbose=0)


def test_validation_data_must_be_a_pair():
    x, y = regression_data()
    with pytest.raises(ValueError, match=r"validation_data must be a tuple \(x_val, y_val\)"):
        regression_model().fit(x, y, validation_data=(x, y, y, y), verbose=0)


# EarlyStopping


def test_early_stopping_keras_documentation_example_runs_four_epochs():
    """keras.callbacks.EarlyStopping's docstring: the loss never improves after epoch 1.

    (Keras passes np.zeros(5) as y and broadcasts it against the 10 outputs; nnlib
    asks for one target column per output, so y is np.zeros((5, 10)) here.)
    """
    callback = callbacks.EarlyStopping(monitor="loss", patience=3)
    model = Sequential([layers.Dense(10)], seed=0)
    model.compile(optimizers.SGD(), loss="mse")
    history = model.fit(
        np.arange(100).reshape(5, 20),
        np.zeros((5, 10)),
        epochs=10,
        batch_size=1,
        callbacks=[callback],
        verbose=0,
    )
    assert len(history.history["loss"]) == 4
    assert callback.stopped_epoch == 3


def test_patience_three_on_a_flat_loss_runs_exactly_four_epochs():
    x, y = regression_data()
    model = regression_model()
    for layer in model.layers:
        layer.trainable = False  # nothing moves, so the loss is the same every epoch
    history = model.fit(
        x,
        y,
        epochs=10,
        shuffle=False,
        verbose=0,
        callbacks=[callbacks.EarlyStopping(monitor="loss", patience=3)],
    )
    assert len(history.history["loss"]) == 4
    assert len(set(history.history["loss"])) == 1


def test_patience_zero_stops_at_the_first_epoch_without_improvement():
    early = callbacks.EarlyStopping(monitor="score", mode="min")
    _, history, _ = fit_with_scripted_values([3.0, 2.0, 2.5, 1.0], early)
    assert history.history["score"] == [3.0, 2.0, 2.5]


def test_an_improvement_resets_the_patience():
    values = [5.0, 6.0, 7.0, 4.0, 6.0, 6.0, 6.0, 1.0]
    _, history, _ = fit_with_scripted_values(
        values, callbacks.EarlyStopping(monitor="score", mode="min", patience=3)
    )
    assert history.history["score"] == [5.0, 6.0, 7.0, 4.0, 6.0, 6.0, 6.0]


def test_improvements_smaller_than_min_delta_do_not_count():
    values = [1.0, 0.995, 0.99, 0.985, 0.98, 0.975]
    early = callbacks.EarlyStopping(monitor="score", mode="min", patience=2, min_delta=0.01)
    _, history, _ = fit_with_scripted_values(values, early)
    assert len(history.history["score"]) == 3
    _, history, _ = fit_with_scripted_values(
        values, callbacks.EarlyStopping(monitor="score", mode="min", patience=2)
    )
    assert len(history.history["score"]) == 6  # without min_delta every epoch improves


def test_an_improvement_of_more_than_min_delta_counts():
    values = [1.0, 0.98, 0.96, 0.94, 0.92]
    early = callbacks.EarlyStopping(monitor="score", mode="min", patience=1, min_delta=0.01)
    _, history, _ = fit_with_scripted_values(values, early)
    assert len(history.history["score"]) == 5


def test_accuracy_is_maximised_in_auto_mode():
    values = [0.5, 0.6, 0.7, 0.8, 0.9]
    early = callbacks.EarlyStopping(monitor="accuracy", patience=1)
    _, history, _ = fit_with_scripted_values(values, early, name="accuracy")
    assert len(history.history["accuracy"]) == 5
    assert early.higher_is_better and callbacks.EarlyStopping(monitor="val_accuracy").higher_is_better
    assert not callbacks.EarlyStopping(monitor="val_loss").higher_is_better


def test_mode_max_stops_when_the_value_falls():
    values = [0.5, 0.6, 0.4, 0.3, 0.9]
    early = callbacks.EarlyStopping(monitor="score", patience=2, mode="max")
    _, history, _ = fit_with_scripted_values(values, early)
    assert history.history["score"] == [0.5, 0.6, 0.4, 0.3]


def test_mode_min_overrides_the_guess_from_the_name():
    values = [0.5, 0.6, 0.7, 0.8]
    _, history, _ = fit_with_scripted_values(
        values, callbacks.EarlyStopping(monitor="accuracy", mode="min"), name="accuracy"
    )
    assert len(history.history["accuracy"]) == 2


def test_an_unknown_mode_is_an_error():
    with pytest.raises(ValueError, match="EarlyStopping mode must be 'auto', 'min' or 'max', got 'minimum'"):
        callbacks.EarlyStopping(mode="minimum")


def test_a_value_that_never_beats_the_baseline_stops_training_after_patience():
    early = callbacks.EarlyStopping(monitor="score", mode="min", patience=2, baseline=0.5)
    _, history, _ = fit_with_scripted_values([1.0] * 6, early)
    assert len(history.history["score"]) == 2
    early = callbacks.EarlyStopping(monitor="score", mode="min", patience=2)
    _, history, _ = fit_with_scripted_values([1.0] * 6, early)
    assert len(history.history["score"]) == 3


def test_monitoring_starts_at_start_from_epoch():
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    early = callbacks.EarlyStopping(monitor="score", mode="min", start_from_epoch=3)
    _, history, _ = fit_with_scripted_values(values, early)
    assert len(history.history["score"]) == 5  # epochs 3 (first monitored) and 4 (worse)


def test_restore_best_weights_restores_the_best_epoch_even_without_stopping_early():
    values = [3.0, 1.0, 2.0, 2.5, 2.7]  # best at epoch 1; patience 10 never runs out
    early = callbacks.EarlyStopping(monitor="score", mode="min", patience=10, restore_best_weights=True)
    model, history, recorder = fit_with_scripted_values(values, early)
    assert len(history.history["score"]) == 5 and early.stopped_epoch == 0
    assert early.best_epoch == 1
    assert_weights_equal(model.get_weights(), recorder.at_end[1])


def test_restore_best_weights_after_stopping_early():
    values = [3.0, 1.0, 2.0, 2.5, 2.7, 0.5]
    early = callbacks.EarlyStopping(monitor="score", mode="min", patience=2, restore_best_weights=True)
    model, history, recorder = fit_with_scripted_values(values, early)
    assert len(history.history["score"]) == 4
    assert_weights_equal(model.get_weights(), recorder.at_end[1])


def test_without_restore_best_weights_the_last_weights_are_kept():
    values = [3.0, 1.0, 2.0, 2.5, 2.7]
    early = callbacks.EarlyStopping(monitor="score", mode="min", patience=2)
    model, history, recorder = fit_with_scripted_values(values, early)
    assert len(history.history["score"]) == 4
    assert_weights_equal(model.get_weights(), recorder.at_end[-1])
    assert not np.array_equal(recorder.at_end[-1][0], recorder.at_end[1][0])


def test_a_missing_monitored_value_warns_and_training_goes_on():
    x, y = regression_data()
    with pytest.warns(
        UserWarning,
        match=r"EarlyStopping is watching 'val_loss', which is not logged\. Logged "
        r"values are: loss\. \(val_ values need validation_split or "
        r"validation_data\.\)",
    ):
        history = regression_model().fit(x, y, epochs=3, verbose=0, callbacks=[callbacks.EarlyStopping()])
    assert len(history.history["loss"]) == 3


def test_early_stopping_defaults_are_keras_defaults():
    early = callbacks.EarlyStopping()
    assert (
        early.monitor,
        early.min_delta,
        early.patience,
        early.mode,
        early.baseline,
        early.restore_best_weights,
        early.start_from_epoch,
    ) == ("val_loss", 0, 0, "auto", None, False, 0)


def test_early_stopping_verbose_says_when_it_stopped_and_restored(capsys):
    early = callbacks.EarlyStopping(
        monitor="score", mode="min", patience=1, restore_best_weights=True, verbose=1
    )
    fit_with_scripted_values([1.0, 2.0, 3.0], early)
    out = capsys.readouterr().out
    assert "Epoch 2: early stopping" in out
    assert "Restoring model weights from the end of the best epoch: 1." in out


# LearningRateScheduler


class RateRecorder(callbacks.Callback):
    """The optimizer's learning rate at every batch."""

    def __init__(self):
        super().__init__()
        self.rates = []

    def on_train_batch_begin(self, batch, logs=None):
        self.rates.append(self.model.optimizer.learning_rate)


def test_learning_rate_scheduler_sets_the_rate_each_epoch_from_epoch_and_current_rate():
    calls = []

    def schedule(epoch, learning_rate):
        calls.append((epoch, learning_rate))
        return learning_rate if epoch < 2 else learning_rate * 0.5

    x, y = regression_data(n=8)
    model = regression_model(optimizer=optimizers.SGD(learning_rate=0.04))
    recorder = RateRecorder()
    history = model.fit(
        x,
        y,
        epochs=4,
        batch_size=4,
        verbose=0,
        callbacks=[callbacks.LearningRateScheduler(schedule), recorder],
    )
    assert calls == [(0, 0.04), (1, 0.04), (2, 0.04), (3, 0.02)]  # epochs count from 0
    assert recorder.rates == [0.04, 0.04, 0.04, 0.04, 0.02, 0.02, 0.01, 0.01]  # two batches per epoch
    assert history.history["learning_rate"] == [0.04, 0.04, 0.02, 0.01]


def test_learning_rate_scheduler_needs_a_number():
    x, y = regression_data()
    scheduler = callbacks.LearningRateScheduler(lambda epoch, lr: "fast")
    with pytest.raises(ValueError, match="must return a number, got 'fast' for epoch 0"):
        regression_model().fit(x, y, verbose=0, callbacks=[scheduler])


def test_learning_rate_scheduler_verbose_reports_the_rate(capsys):
    x, y = regression_data()
    regression_model().fit(
        x, y, epochs=1, verbose=0, callbacks=[callbacks.LearningRateScheduler(lambda e, lr: 0.05, verbose=1)]
    )
    assert "Epoch 1: LearningRateScheduler setting learning rate to 0.05." in capsys.readouterr().out


# Custom callbacks


class EventRecorder(callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.events = []

    def on_train_begin(self, logs=None):
        self.events.append("train_begin")

    def on_epoch_begin(self, epoch, logs=None):
        self.events.append(f"epoch_begin {epoch}")

    def on_train_batch_begin(self, batch, logs=None):
        self.events.append(f"batch_begin {batch}")

    def on_train_batch_end(self, batch, logs=None):
        self.events.append(f"batch_end {batch}")

    def on_epoch_end(self, epoch, logs=None):
        self.events.append(f"epoch_end {epoch} {sorted(logs)}")

    def on_train_end(self, logs=None):
        self.events.append("train_end")


def test_custom_callback_hooks_are_called_in_keras_order():
    x, y = regression_data(n=6)
    recorder = EventRecorder()
    model = regression_model()
    model.fit(x, y, epochs=2, batch_size=4, validation_split=0.5, verbose=0, callbacks=[recorder])
    # 3 training samples in batches of 4: one batch per epoch
    assert recorder.events == [
        "train_begin",
        "epoch_begin 0",
        "batch_begin 0",
        "batch_end 0",
        "epoch_end 0 ['loss', 'val_loss']",
        "epoch_begin 1",
        "batch_begin 0",
        "batch_end 0",
        "epoch_end 1 ['loss', 'val_loss']",
        "train_end",
    ]
    assert recorder.model is model
    assert recorder.params["epochs"] == 2 and recorder.params["steps"] == 1


def test_batch_hooks_see_every_batch_with_the_running_loss():
    x, y = regression_data(n=10)
    recorder = EventRecorder()
    regression_model().fit(x, y, epochs=1, batch_size=4, verbose=0, callbacks=[recorder])
    assert recorder.events[2:8] == [
        "batch_begin 0",
        "batch_end 0",
        "batch_begin 1",
        "batch_end 1",
        "batch_begin 2",
        "batch_end 2",
    ]


def test_setting_stop_training_in_a_callback_stops_after_that_epoch():
    class StopAfterSecondEpoch(callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                self.model.stop_training = True

    x, y = regression_data()
    recorder = EventRecorder()
    history = regression_model().fit(x, y, epochs=10, verbose=0, callbacks=[StopAfterSecondEpoch(), recorder])
    assert len(history.history["loss"]) == 2
    assert recorder.events[-1] == "train_end"


def test_callbacks_must_be_callback_objects():
    x, y = regression_data()
    with pytest.raises(TypeError, match="callbacks must be Callback objects, got"):
        regression_model().fit(x, y, verbose=0, callbacks=[lambda epoch: None])


# Progress display


def test_verbose_1_prints_a_progress_bar_with_the_loss(capsys):
    x, y = regression_data()
    regression_model(metrics=["mae"]).fit(x, y, epochs=2, batch_size=5, verbose=1)
    out = capsys.readouterr().out
    assert "Epoch 1/2" in out and "Epoch 2/2" in out
    assert "4/4 [==============================]" in out
    assert "loss: " in out and "mae: " in out


def test_fit_prints_progress_by_default(capsys):
    x, y = regression_data()
    regression_model().fit(x, y, epochs=1)
    assert "Epoch 1/1" in capsys.readouterr().out


def test_verbose_2_prints_one_line_per_epoch(capsys):
    x, y = regression_data()
    regression_model().fit(x, y, epochs=3, batch_size=5, verbose=2, validation_split=0.2)
    lines = [line for line in capsys.readouterr().out.replace("\r", "\n").splitlines() if line.strip()]
    assert len(lines) == 3
    for epoch, line in enumerate(lines, start=1):
        assert line.startswith(f"Epoch {epoch}/3")
        assert "loss: " in line and "val_loss: " in line


def test_verbose_0_prints_nothing(capsys):
    x, y = regression_data()
    regression_model(metrics=["mae"]).fit(x, y, epochs=2, verbose=0, validation_split=0.2)
    assert capsys.readouterr().out == ""


def test_early_stopping_asks_for_a_mode_when_the_direction_is_unknown():
    x, y = np.zeros((4, 2)), np.zeros(4)
    model = Sequential([layers.Dense(1, input_shape=(2,))], seed=0)
    model.compile("sgd", "mse")
    with pytest.raises(ValueError, match="cannot tell whether 'f1' should go up or down. Pass mode='max'"):
        model.fit(x, y, epochs=2, verbose=0, callbacks=[callbacks.EarlyStopping(monitor="f1")])


def test_stop_training_set_in_a_batch_callback_ends_the_epoch_at_once():
    class StopAfterTwoBatches(callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            self.batches = batch + 1
            if batch == 1:
                self.model.stop_training = True

    x, y = np.ones((10, 2)), np.ones(10)
    model = Sequential([layers.Dense(1, input_shape=(2,))], seed=0)
    model.compile("sgd", "mse")
    stopper = StopAfterTwoBatches()
    history = model.fit(x, y, epochs=3, batch_size=2, verbose=0, callbacks=[stopper])
    assert stopper.batches == 2
    assert len(history.history["loss"]) == 1


# Keras's own tests: keras/src/callbacks/learning_rate_scheduler_test.py


def keras_scheduler_model(optimizer="sgd"):
    """learning_rate_scheduler_test.py's setUp: Dense(5), Dense(2), MSE, on 10 samples of 3."""
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(10, 3)), np.eye(2)[rng.integers(0, 2, size=10)]
    model = Sequential([layers.Dense(5, input_shape=(3,)), layers.Dense(2)], seed=0)
    model.compile(loss="mse", optimizer=optimizer)
    return model, x, y


def test_a_schedule_of_the_epoch_alone_works():
    """test_updates_learning_rate: LearningRateScheduler(lambda step: 1.0 / (2.0 + step))."""
    model, x, y = keras_scheduler_model()
    model.fit(
        x,
        y,
        epochs=1,
        verbose=0,
        callbacks=[callbacks.LearningRateScheduler(lambda step: 1.0 / (2.0 + step))],
    )
    assert model.optimizer.learning_rate == 0.5


def test_a_schedule_of_the_epoch_alone_reports_its_rate(capsys):
    """test_verbose_logging."""
    model, x, y = keras_scheduler_model()
    scheduler = callbacks.LearningRateScheduler(lambda step: 1.0 / (1.0 + step), verbose=1)
    model.fit(x, y, epochs=1, verbose=0, callbacks=[scheduler])
    assert "LearningRateScheduler setting learning rate to 1.0" in capsys.readouterr().out


def test_a_schedule_can_depend_on_the_previous_rate():
    """test_schedule_dependent_on_previous_learning_rate: lr / 2 for two epochs from 0.03."""
    model, x, y = keras_scheduler_model(optimizers.Adam(0.03))
    model.fit(x, y, epochs=2, verbose=0, callbacks=[callbacks.LearningRateScheduler(lambda step, lr: lr / 2)])
    assert model.optimizer.learning_rate == 0.03 / 4.0


def test_a_scheduler_cannot_change_an_optimizer_made_with_a_schedule():
    """test_throws_when_optimizer_has_schedule: a TypeError."""
    model, x, y = keras_scheduler_model(optimizers.Adam(schedules.ExponentialDecay(0.1, 10, 0.9)))
    with pytest.raises(TypeError, match=r"This optimizer was created with a learning-rate schedule"):
        model.fit(
            x, y, epochs=2, verbose=0, callbacks=[callbacks.LearningRateScheduler(lambda step, lr: lr / 2)]
        )


def test_the_scheduled_rate_is_in_the_history_as_a_float():
    """test_learning_rate_in_history."""
    model, x, y = keras_scheduler_model()
    history = model.fit(
        x, y, epochs=1, verbose=0, callbacks=[callbacks.LearningRateScheduler(lambda step, lr: 0.5)]
    )
    assert type(history.history["learning_rate"][0]) is float
    assert history.history["learning_rate"][0] == 0.5


def test_the_keras_docstring_example_of_the_scheduler():
    """learning_rate_scheduler.py's docstring: keep 0.01 for ten epochs, then multiply by
    exp(-0.1) each epoch; after 15 epochs the rate rounds to 0.00607."""

    def scheduler(epoch, lr):
        return lr if epoch < 10 else lr * np.exp(-0.1)

    model = Sequential([layers.Dense(10)], seed=0)
    model.compile(optimizers.SGD(), loss="mse")
    assert round(model.optimizer.learning_rate, 5) == 0.01
    model.fit(
        np.arange(100).reshape(5, 20) / 100,
        np.zeros((5, 10)),
        epochs=15,
        verbose=0,
        callbacks=[callbacks.LearningRateScheduler(scheduler)],
    )
    assert round(model.optimizer.learning_rate, 5) == 0.00607


def test_an_error_inside_a_two_argument_schedule_is_not_hidden():
    """Keras retries schedule(epoch) after any TypeError; nnlib reads the signature instead,
    so a TypeError raised inside the schedule reaches you as it is."""

    def schedule(epoch, lr):
        return lr + "fast"

    model, x, y = keras_scheduler_model()
    with pytest.raises(TypeError, match=r"unsupported operand type"):
        model.fit(x, y, verbose=0, callbacks=[callbacks.LearningRateScheduler(schedule)])


def test_a_schedule_must_be_a_function():
    with pytest.raises(TypeError, match=r"LearningRateScheduler needs a function schedule\(epoch, lr\)"):
        callbacks.LearningRateScheduler(0.1)


# keras/src/callbacks/terminate_on_nan_test.py


def exploding_model():
    """terminate_on_nan_test.py's model: five ReLU layers with every kernel entry 1e5, in
    float32 as Keras trains (its loss, about 1e63, overflows there; in float64 it would not)."""
    model = Sequential(seed=0, dtype="float32")
    for _ in range(5):
        model.add(layers.Dense(2, activation="relu", kernel_initializer=initializers.Constant(1e5)))
    model.add(layers.Dense(2))
    model.compile(loss="mean_squared_error", optimizer="sgd")
    return model


def exploding_data():
    rng = np.random.default_rng(1337)
    x = rng.random((20, 3))
    return x[:10], np.eye(2)[rng.integers(0, 2, 10)], x[10:], np.eye(2)[rng.integers(0, 2, 10)]


def test_a_diverging_fit_says_so_once_in_words_not_in_numpy_runtime_warnings():
    """What a learner sees when the learning rate is far too large (chapter 8's digits
    exercise): one TrainingDivergedWarning, no overflow warnings from inside nnlib."""
    x, y, _, _ = exploding_data()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exploding_model().fit(x, y, batch_size=4, epochs=3, verbose=0)
    assert [warning.category for warning in caught] == [TrainingDivergedWarning]


def test_terminate_on_nan_stops_in_the_epoch_the_loss_overflows(capsys):
    """test_TerminateOnNaN: one epoch is logged, and its loss is NaN or infinite."""
    x, y, x_test, y_test = exploding_data()
    with np.errstate(all="ignore"), pytest.warns(TrainingDivergedWarning):
        history = exploding_model().fit(
            x,
            y,
            batch_size=4,
            validation_data=(x_test, y_test),
            callbacks=[callbacks.TerminateOnNaN()],
            epochs=20,
        )
    (loss,) = history.history["loss"]
    assert np.isnan(loss) or np.isinf(loss)
    assert "Invalid loss, terminating training" in capsys.readouterr().out


def model_with_loss_at(batches):
    """Dense(1) on x = [[1], [2]]: the loss of each batch of one is finite or infinite as asked."""
    model = Sequential([layers.Dense(1, input_shape=(1,))], seed=0)
    model.compile(optimizer="sgd", loss="mse")
    model.set_weights([np.array([[1e200 if batches == "all" else 1.0]]), np.array([0.0])])
    x = np.array([[1.0], [2.0e200 if batches == "second" else 2.0]])
    return model, x, np.array([[1.0], [2.0]])


def test_terminate_on_nan_stops_gracefully():
    """test_terminate_on_nan_graceful_stop: no error, and fewer epochs than asked. (Keras makes
    the loss infinite with infinite targets, which nnlib refuses; here the weights are huge.)"""
    model, x, y = model_with_loss_at("all")
    with np.errstate(all="ignore"), pytest.warns(TrainingDivergedWarning):
        history = model.fit(x, y, epochs=2, batch_size=1, callbacks=[callbacks.TerminateOnNaN()], verbose=0)
    assert len(history.history["loss"]) < 2


def test_terminate_on_nan_can_raise_instead_and_then_skips_on_train_end():
    """test_terminate_on_nan_raise_error_raises_error and
    test_raise_error_terminate_does_not_trigger_on_train_end."""
    model, x, y = model_with_loss_at("all")
    ended = []
    tracking = callbacks.LambdaCallback(on_train_end=lambda logs: ended.append(True))
    with (
        np.errstate(all="ignore"),
        pytest.warns(TrainingDivergedWarning),
        pytest.raises(RuntimeError, match=r"NaN or Inf loss encountered at batch 0\. Loss value: inf"),
    ):
        model.fit(
            x,
            y,
            epochs=1,
            batch_size=1,
            callbacks=[tracking, callbacks.TerminateOnNaN(raise_error=True)],
            verbose=0,
        )
    assert ended == []


def test_terminate_on_nan_names_the_batch_whose_loss_overflowed():
    """test_raise_error_terminate_stops_on_later_batch: only the second batch overflows."""
    model, x, y = model_with_loss_at("second")
    with (
        np.errstate(all="ignore"),
        pytest.warns(TrainingDivergedWarning),
        pytest.raises(RuntimeError, match=r"at batch 1\."),
    ):
        model.fit(
            x,
            y,
            epochs=1,
            batch_size=1,
            shuffle=False,
            callbacks=[callbacks.TerminateOnNaN(raise_error=True)],
            verbose=0,
        )


@pytest.mark.parametrize("raise_error", [False, True])
def test_terminate_on_nan_leaves_normal_training_alone(raise_error):
    """test_normal_training_does_not_raise."""
    model, x, y = model_with_loss_at("none")
    history = model.fit(
        x, y, epochs=2, callbacks=[callbacks.TerminateOnNaN(raise_error=raise_error)], verbose=0
    )
    assert len(history.history["loss"]) == 2


# keras/src/callbacks/lambda_callback_test.py


def lambda_model():
    """lambda_callback_test.py's model: Dense(1) on 16 samples of 2, SGD and the MSE."""
    rng = np.random.default_rng(0)
    model = Sequential([layers.Input((2,)), layers.Dense(1)], seed=0)
    model.compile(optimizer=optimizers.SGD(), loss=losses.MeanSquaredError())
    return model, rng.normal(size=(16, 2)), rng.normal(size=(16, 1))


def test_lambda_callback_calls_its_functions_during_training():
    """test_lambda_callback and test_lambda_callback_with_batches."""
    calls = []
    model, x, y = lambda_model()
    callback = callbacks.LambdaCallback(
        on_train_begin=lambda logs: calls.append("on_train_begin"),
        on_epoch_begin=lambda epoch, logs: calls.append("on_epoch_begin"),
        on_epoch_end=lambda epoch, logs: calls.append("on_epoch_end"),
        on_train_end=lambda logs: calls.append("on_train_end"),
        on_train_batch_begin=lambda batch, logs: calls.append("on_train_batch_begin"),
        on_train_batch_end=lambda batch, logs: calls.append("on_train_batch_end"),
    )
    model.fit(x, y, batch_size=4, validation_split=0.2, callbacks=[callback], epochs=5, verbose=0)
    # 12 training samples: 3 batches in each of 5 epochs
    assert [calls.count(name) for name in ("on_train_begin", "on_epoch_begin", "on_train_batch_begin")] == [
        1,
        5,
        15,
    ]
    assert [calls.count(name) for name in ("on_train_end", "on_epoch_end", "on_train_batch_end")] == [
        1,
        5,
        15,
    ]


def test_lambda_callback_takes_any_hook_by_keyword():
    """test_lambda_callback_with_kwargs (on_test_begin in evaluate) and
    test_lambda_callback_during_prediction (on_predict_begin in predict)."""
    calls = []
    model, x, y = lambda_model()
    model.evaluate(
        x,
        y,
        batch_size=4,
        callbacks=[callbacks.LambdaCallback(on_test_begin=lambda logs: calls.append("test"))],
    )
    model.predict(
        x,
        batch_size=4,
        callbacks=[callbacks.LambdaCallback(on_predict_begin=lambda logs: calls.append("predict"))],
    )
    assert calls == ["test", "predict"]


def test_lambda_callback_with_no_arguments_or_other_keywords():
    """test_lambda_callback_no_args and test_lambda_callback_with_additional_kwargs."""
    assert isinstance(callbacks.LambdaCallback(), callbacks.LambdaCallback)
    assert hasattr(callbacks.LambdaCallback(custom_method=lambda logs: None), "custom_method")


def test_a_misspelled_hook_is_an_error():
    """Keras would set the attribute, and the function would never run."""
    with pytest.raises(
        TypeError, match=r"LambdaCallback has no hook 'on_epoch_ends'\. Did you mean 'on_epoch_end'\?"
    ):
        callbacks.LambdaCallback(on_epoch_ends=lambda epoch, logs: None)
    with pytest.raises(TypeError, match=r"LambdaCallback's on_epoch_end must be a function, got 3"):
        callbacks.LambdaCallback(on_epoch_end=3)


# keras/src/callbacks/csv_logger_test.py


def csv_model():
    """csv_logger_test.py's model: Dense(2, relu), Dense(1), SGD, MSE, metrics=["mse"]."""
    model = Sequential([layers.Dense(2, activation="relu", input_shape=(3,)), layers.Dense(1)], seed=1337)
    model.compile(loss="mse", optimizer="sgd", metrics=["mse"])
    return model


def csv_data():
    rng = np.random.default_rng(1337)
    return rng.random((10, 3)), rng.random((10, 1)), rng.random((10, 3)), rng.random((10, 1))


def test_csv_logger_writes_appends_and_can_be_reused(tmp_path):
    """test_CSVLogger, cases 1 to 3: a new file with the separator; append=True adds rows
    without a second header; the same logger used again goes on appending."""
    filepath = tmp_path / "log.tsv"
    x, y, x_test, y_test = csv_data()

    def fit(logger, epochs=1):
        csv_model().fit(
            x, y, batch_size=4, validation_data=(x_test, y_test), callbacks=[logger], epochs=epochs, verbose=0
        )

    fit(callbacks.CSVLogger(filepath, separator="\t"))
    with open(filepath) as file:
        assert csv.Sniffer().sniff(file.read()).delimiter == "\t"
    logger = callbacks.CSVLogger(filepath, separator="\t", append=True)
    fit(logger)
    fit(logger, epochs=2)
    lines = filepath.read_text().splitlines()
    assert len(lines) == 5 and all(line.count("\t") == 4 for line in lines)
    assert " ".join(lines).count("epoch") == 1
    assert lines[0].split("\t") == ["epoch", "loss", "mse", "val_loss", "val_mse"]


def test_csv_logger_writes_the_logged_values(tmp_path):
    x, y, _, _ = csv_data()
    history = csv_model().fit(
        x, y, epochs=3, verbose=0, callbacks=[callbacks.CSVLogger(tmp_path / "log.csv")]
    )
    with open(tmp_path / "log.csv") as file:
        rows = list(csv.DictReader(file))
    assert [row["epoch"] for row in rows] == ["0", "1", "2"]
    assert [float(row["loss"]) for row in rows] == history.history["loss"]
    # no validation: the val_ columns are there all the same, as in Keras, and hold NA
    assert [row["val_loss"] for row in rows] == ["NA"] * 3


def test_csv_logger_after_terminate_on_nan_is_still_a_valid_file(tmp_path):
    """test_stop_training_csv: one row, and the diverged epoch's NaN is in it."""
    x, y, x_test, y_test = exploding_data()
    with np.errstate(all="ignore"), pytest.warns(TrainingDivergedWarning):
        history = exploding_model().fit(
            x,
            y,
            batch_size=4,
            validation_data=(x_test, y_test),
            callbacks=[callbacks.TerminateOnNaN(), callbacks.CSVLogger(tmp_path / "log.csv")],
            epochs=20,
            verbose=0,
        )
    assert len(history.history["loss"]) == 1
    with open(tmp_path / "log.csv") as file:
        values = [row for row in csv.reader(file) if row]
    assert len(values) == 2 and "nan" in values[-1]
