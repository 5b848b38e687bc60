"""The callbacks that watch a logged value, against Keras's own tests:
keras/src/callbacks/early_stopping_test.py, reduce_lr_on_plateau_test.py and
monitor_callback_test.py. (tests/test_callbacks.py holds nnlib's own EarlyStopping tests.)"""

import numpy as np
import pytest

from nnlib import Sequential, callbacks, layers, optimizers, schedules, utils


def keras_test_data(seed=0, n=10):
    """Like keras.src.testing.test_utils.get_test_data: 10 samples of 3 features, 2 classes, one-hot."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 3)), utils.to_categorical(rng.integers(0, 2, size=n), 2)


def two_dense_layers(optimizer):
    """The model of Keras's tests: Sequential([Dense(5), Dense(2)]) with the MSE."""
    model = Sequential([layers.Dense(5, input_shape=(3,)), layers.Dense(2)], seed=0)
    model.compile(loss="mse", optimizer=optimizer)
    return model


# MonitorCallback


@pytest.mark.parametrize(
    "mode, monitor, higher_is_better",
    [
        ("max", "val_mse", True),
        ("min", "val_loss", False),
        ("auto", "val_mse", False),
        ("auto", "loss", False),
        ("auto", "acc", True),
        ("auto", "val_accuracy", True),
        ("auto", "hinge", False),
        ("auto", "f1_score", True),
    ],
)
def test_the_direction_comes_from_the_mode_or_the_name(mode, monitor, higher_is_better):
    """monitor_callback_test.py and early_stopping_test.py (test_monitor_op_logic,
    test_early_stopping): which way each monitored name should go."""
    assert callbacks.MonitorCallback(monitor, mode).higher_is_better is higher_is_better
    assert callbacks.EarlyStopping(monitor=monitor, mode=mode).higher_is_better is higher_is_better


def test_an_unknown_name_in_auto_mode_is_an_error_when_training_starts():
    """early_stopping_test.py (test_early_stopping): monitor="unknown" raises ValueError."""
    x, y = keras_test_data()
    model = two_dense_layers("sgd")
    with pytest.raises(ValueError, match=r"EarlyStopping cannot tell whether 'unknown' should go up or down"):
        model.fit(x, y, epochs=2, verbose=0, callbacks=[callbacks.EarlyStopping(monitor="unknown")])


def test_min_delta_is_the_margin_an_improvement_needs():
    """monitor_callback_test.py (test_min_delta)."""
    monitor = callbacks.MonitorCallback(mode="max", min_delta=0.5)
    assert monitor._is_improvement(0.75, 0)
    assert monitor._is_improvement(0.5, None)
    assert not monitor._is_improvement(0.5, 0)
    assert not monitor._is_improvement(0.2, 0.5)


# EarlyStopping


@pytest.mark.parametrize("patience", [0, 1, 2, 3])
def test_early_stopping_patience(patience):
    """early_stopping_test.py (test_early_stopping_patience): stopped_epoch is max(patience, 1) + 2."""
    losses = [10.0, 9.0, 8.0, 9.0, 8.9, 8.8, 8.7, 8.6, 8.5]
    stopper = callbacks.EarlyStopping(monitor="loss", patience=patience)
    stopper.set_model(Sequential())
    stopper.model.compile(loss="mse", optimizer="sgd")
    stopper.on_train_begin()
    for epoch, loss in enumerate(losses):
        stopper.on_epoch_end(epoch=epoch, logs={"loss": loss})
        if stopper.model.stop_training:
            break
    assert stopper.stopped_epoch == max(patience, 1) + 2


def test_best_is_none_until_the_first_value_and_is_reset_by_each_fit():
    """early_stopping_test.py (test_state_reset_across_fit_calls): on_train_begin clears best,
    wait, stopped_epoch, best_epoch and best_weights, so an instance can serve several fits."""
    stopper = callbacks.EarlyStopping(monitor="loss", patience=3)
    assert stopper.best is None
    stopper.set_model(Sequential())
    stopper.on_train_begin()
    stopper.best, stopper.wait, stopper.stopped_epoch, stopper.best_epoch = 0.1, 3, 5, 5
    stopper.best_weights = object()
    stopper.on_train_begin()
    assert stopper.best is None
    assert (stopper.wait, stopper.stopped_epoch, stopper.best_epoch) == (0, 0, 0)
    assert stopper.best_weights is None
    stopper.on_epoch_end(0, {"loss": 123.0})
    assert stopper.best == 123.0  # the first value always improves


def test_early_stopping_can_be_reused():
    """early_stopping_test.py (test_early_stopping_reuse): a second fit with the same instance
    runs at least patience epochs again."""
    rng = np.random.default_rng(0)
    data = rng.random((100, 1))
    labels = np.where(data > 0.5, 1, 0)
    model = Sequential([layers.Dense(1, activation="relu"), layers.Dense(1, activation="relu")], seed=0)
    model.compile(optimizer="sgd", loss="mae", metrics=["mse"])
    stopper = callbacks.EarlyStopping(monitor="mse", patience=3)
    assert len(model.fit(data, labels, callbacks=[stopper], verbose=0, epochs=20).epoch) >= 3
    assert len(model.fit(data, labels, callbacks=[stopper], verbose=0, epochs=20).epoch) >= 3


@pytest.mark.parametrize(
    "arguments, at_least",
    [
        ({"baseline": 0.6, "patience": 3}, 3),
        ({"start_from_epoch": 2, "patience": 3}, 5),
        ({"start_from_epoch": 2}, 2),
    ],
)
def test_baseline_and_start_from_epoch_leave_at_least_their_epochs(arguments, at_least):
    """early_stopping_test.py (test_early_stopping_with_baseline, ..._with_start_from_epoch)."""
    rng = np.random.default_rng(0)
    x, y = rng.random((10, 5)), rng.random((10, 1))
    model = Sequential([layers.Dense(1, activation="relu"), layers.Dense(1, activation="relu")], seed=0)
    model.compile(optimizer="sgd", loss="mae", metrics=["mse"])
    stopper = callbacks.EarlyStopping(monitor="mse", **arguments)
    assert len(model.fit(x, y, callbacks=[stopper], verbose=0, epochs=20).epoch) >= at_least


class DummyModel:
    """early_stopping_test.py's stand-in: its "weights" are the number of an epoch."""

    def __init__(self):
        self.stop_training = False
        self.weights = -1

    def get_weights(self):
        return self.weights

    def set_weights(self, weights):
        self.weights = weights


def run_on_dummy(early_stop, losses, stop_at=None):
    early_stop.set_model(DummyModel())
    epochs_trained = 0
    early_stop.on_train_begin()
    for epoch, loss in enumerate(losses):
        epochs_trained += 1
        early_stop.model.weights = epoch
        early_stop.on_epoch_end(epoch, logs={"val_loss": loss})
        if epoch == stop_at:
            early_stop.model.stop_training = True
        if early_stop.model.stop_training:
            break
    early_stop.on_train_end()
    return epochs_trained, early_stop.model.get_weights()


def test_restore_best_weights_restores_the_best_epoch():
    """early_stopping_test.py (test_early_stopping_final_weights_when_restoring_model_weights),
    its three cases: patience runs out; no epoch beats the baseline; another callback stops."""
    stop = callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    assert run_on_dummy(stop, [0.2, 0.15, 0.1, 0.11, 0.12])[1] == 2
    losses = [0.9, 0.8, 0.7, 0.71, 0.72, 0.73]
    stop = callbacks.EarlyStopping(monitor="val_loss", patience=5, baseline=0.5, restore_best_weights=True)
    assert run_on_dummy(stop, losses) == (5, 2)
    stop = callbacks.EarlyStopping(monitor="val_loss", patience=5, baseline=0.5, restore_best_weights=True)
    assert run_on_dummy(stop, losses, stop_at=3) == (4, 2)


# ReduceLROnPlateau


def fit_with(reduce_lr, epochs, optimizer=None):
    x, y = keras_test_data(0)
    x_test, y_test = keras_test_data(1)
    model = two_dense_layers(optimizer or optimizers.Adam(0.1))
    model.fit(x, y, validation_data=(x_test, y_test), callbacks=[reduce_lr], epochs=epochs, verbose=0)
    return model


def test_reduce_lr_on_plateau_reduces_the_rate_with_fit():
    """reduce_lr_on_plateau_test.py (test_reduces_lr_with_model_fit): min_delta=100 makes every
    epoch after the first a plateau; patience 1 reduces once in two epochs."""
    reduce_lr = callbacks.ReduceLROnPlateau(patience=1, factor=0.1, monitor="val_loss", min_delta=100)
    assert fit_with(reduce_lr, epochs=2).optimizer.learning_rate == pytest.approx(0.01)


def test_reduce_lr_on_plateau_honors_min_lr():
    """reduce_lr_on_plateau_test.py (test_honors_min_lr): 0.1, 0.01, then 0.005 and no lower."""
    reduce_lr = callbacks.ReduceLROnPlateau(
        patience=1, factor=0.1, monitor="val_loss", min_delta=10, min_lr=0.005
    )
    assert fit_with(reduce_lr, epochs=4).optimizer.learning_rate == 0.005


def test_reduce_lr_on_plateau_waits_out_the_cooldown():
    """reduce_lr_on_plateau_test.py (test_cooldown): with cooldown 2, two reductions in 4 epochs."""
    reduce_lr = callbacks.ReduceLROnPlateau(
        patience=1, factor=0.1, monitor="val_loss", min_delta=100, cooldown=2
    )
    assert fit_with(reduce_lr, epochs=4).optimizer.learning_rate == pytest.approx(0.001)


def test_reduce_lr_on_plateau_verbose_says_the_new_rate(capsys):
    """reduce_lr_on_plateau_test.py (test_verbose_logging)."""
    reduce_lr = callbacks.ReduceLROnPlateau(
        patience=1, factor=0.1, monitor="val_loss", min_delta=100, verbose=1
    )
    fit_with(reduce_lr, epochs=2)
    assert "Epoch 2: ReduceLROnPlateau reducing learning rate to 0.01" in capsys.readouterr().out


def test_reduce_lr_on_plateau_logs_the_rate_every_epoch():
    """reduce_lr_on_plateau.py (on_epoch_end): logs["learning_rate"] before deciding."""
    x, y = keras_test_data()
    model = two_dense_layers(optimizers.SGD(0.05))
    reduce_lr = callbacks.ReduceLROnPlateau(monitor="loss", patience=1, min_delta=100)
    history = model.fit(x, y, epochs=3, verbose=0, callbacks=[reduce_lr])
    assert history.history["learning_rate"] == pytest.approx([0.05, 0.05, 0.005])


def test_reduce_lr_on_plateau_cannot_change_a_schedule():
    """reduce_lr_on_plateau_test.py (test_throws_when_optimizer_has_schedule): a TypeError."""
    reduce_lr = callbacks.ReduceLROnPlateau(patience=1, factor=0.1, monitor="val_loss", min_delta=100)
    with pytest.raises(TypeError, match=r"This optimizer was created with a learning-rate schedule"):
        fit_with(reduce_lr, epochs=2, optimizer=optimizers.Adam(schedules.ExponentialDecay(0.1, 10, 0.9)))


def test_reduce_lr_on_plateau_state_is_reset_by_each_fit():
    """reduce_lr_on_plateau_test.py (test_state_reset_across_fit_calls)."""
    reduce_lr = callbacks.ReduceLROnPlateau(patience=1, factor=0.1, monitor="loss", min_delta=0, cooldown=2)
    reduce_lr.set_model(two_dense_layers("sgd"))
    reduce_lr.on_train_begin()
    reduce_lr.best, reduce_lr.wait, reduce_lr.cooldown_counter = 0.5, 3, 2
    reduce_lr.on_train_begin()
    assert reduce_lr.best is None
    assert (reduce_lr.wait, reduce_lr.cooldown_counter) == (0, 0)


def test_reduce_lr_on_plateau_defaults_are_keras_defaults():
    reduce_lr = callbacks.ReduceLROnPlateau()
    assert (
        reduce_lr.monitor,
        reduce_lr.factor,
        reduce_lr.patience,
        reduce_lr.mode,
        reduce_lr.min_delta,
        reduce_lr.cooldown,
        reduce_lr.min_lr,
    ) == ("val_loss", 0.1, 10, "auto", 1e-4, 0, 0.0)


@pytest.mark.parametrize("factor", [1.0, 2.0, 0.0, -0.5])
def test_reduce_lr_on_plateau_needs_a_factor_below_one(factor):
    """reduce_lr_on_plateau.py raises for factor >= 1; nnlib also for factor <= 0."""
    with pytest.raises(
        ValueError, match=rf"ReduceLROnPlateau needs a factor between 0 and 1 .*factor={factor}"
    ):
        callbacks.ReduceLROnPlateau(factor=factor)


def test_reduce_lr_on_plateau_warns_when_its_value_is_not_logged():
    x, y = keras_test_data()
    with pytest.warns(UserWarning, match=r"ReduceLROnPlateau is watching 'val_loss', which is not logged"):
        two_dense_layers("sgd").fit(x, y, epochs=1, verbose=0, callbacks=[callbacks.ReduceLROnPlateau()])
