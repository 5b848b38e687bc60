"""The plumbing of callbacks, as Keras 3 has it: which hook is called when, with which logs,
in fit, evaluate and predict; stop_training from any hook; the History and the progress bar
that the loops add; CallbackList for a loop of your own."""

import math

import numpy as np
import pytest

from nnlib import Sequential, TrainingDivergedWarning, callbacks, layers, optimizers


def regression_data(n=6, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3))
    return x, x @ np.array([[1.0], [-2.0], [0.5]])


def regression_model(metrics=None, optimizer="sgd"):
    model = Sequential([layers.Dense(2, activation="tanh", input_shape=(3,)), layers.Dense(1)], seed=0)
    model.compile(optimizer=optimizer, loss="mse", metrics=metrics)
    return model


class Recorder(callbacks.Callback):
    """Records every hook: its name, its epoch or batch, and a copy of its logs."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def record(self, hook, *index, logs):
        assert isinstance(logs, dict), f"{hook} got logs={logs!r}"
        self.calls.append((" ".join([hook, *map(str, index)]), dict(logs)))

    def names(self):
        return [name for name, _ in self.calls]

    def logs_of(self, name):
        return [logs for called, logs in self.calls if called == name]

    def on_train_begin(self, logs=None):
        self.record("train_begin", logs=logs)

    def on_train_end(self, logs=None):
        self.record("train_end", logs=logs)

    def on_test_begin(self, logs=None):
        self.record("test_begin", logs=logs)

    def on_test_end(self, logs=None):
        self.record("test_end", logs=logs)

    def on_predict_begin(self, logs=None):
        self.record("predict_begin", logs=logs)

    def on_predict_end(self, logs=None):
        self.record("predict_end", logs=logs)

    def on_epoch_begin(self, epoch, logs=None):
        self.record("epoch_begin", epoch, logs=logs)

    def on_epoch_end(self, epoch, logs=None):
        self.record("epoch_end", epoch, logs=logs)

    def on_train_batch_begin(self, batch, logs=None):
        self.record("train_batch_begin", batch, logs=logs)

    def on_train_batch_end(self, batch, logs=None):
        self.record("train_batch_end", batch, logs=logs)

    def on_test_batch_begin(self, batch, logs=None):
        self.record("test_batch_begin", batch, logs=logs)

    def on_test_batch_end(self, batch, logs=None):
        self.record("test_batch_end", batch, logs=logs)

    def on_predict_batch_begin(self, batch, logs=None):
        self.record("predict_batch_begin", batch, logs=logs)

    def on_predict_batch_end(self, batch, logs=None):
        self.record("predict_batch_end", batch, logs=logs)


def test_fit_calls_every_hook_in_keras_order_each_with_a_logs_dict():
    """keras/src/backend/jax/trainer.py (fit) and callback.py: the order of the hooks; the
    validation calls the test hooks; every hook gets a dict (empty where Keras passes none)."""
    x, y = regression_data(n=6)
    recorder = Recorder()
    regression_model().fit(
        x, y, epochs=2, batch_size=2, validation_split=0.5, verbose=0, callbacks=[recorder]
    )
    # 3 training samples in batches of 2 (two batches), 3 validation samples (two batches)
    epoch = [
        "train_batch_begin 0",
        "train_batch_end 0",
        "train_batch_begin 1",
        "train_batch_end 1",
        "test_begin",
        "test_batch_begin 0",
        "test_batch_end 0",
        "test_batch_begin 1",
        "test_batch_end 1",
        "test_end",
    ]
    assert recorder.names() == [
        "train_begin",
        "epoch_begin 0",
        *epoch,
        "epoch_end 0",
        "epoch_begin 1",
        *epoch,
        "epoch_end 1",
        "train_end",
    ]
    empty = ["train_begin", "epoch_begin 0", "train_batch_begin 0", "test_begin", "test_batch_begin 0"]
    assert all(recorder.logs_of(name) == [{}] * len(recorder.logs_of(name)) for name in empty)


def test_batch_logs_are_the_running_means_and_epoch_logs_add_validation():
    """callback.py: on_train_batch_end gets the results aggregated up to this batch,
    on_test_end those of the whole validation, on_epoch_end the epoch's values with val_ ones."""
    x, y = regression_data(n=6)
    recorder = Recorder()
    model = regression_model(metrics=["mae"])
    history = model.fit(x, y, epochs=1, batch_size=2, validation_split=0.5, verbose=0, callbacks=[recorder])
    first, second = recorder.logs_of("train_batch_end 0")[0], recorder.logs_of("train_batch_end 1")[0]
    assert list(first) == ["loss", "mae"]
    # batch sizes 2 and 1: the second value is the size-weighted mean of both batches
    assert second["loss"] == pytest.approx(history.history["loss"][0])
    (validation,) = recorder.logs_of("test_end")
    assert validation == {"loss": history.history["val_loss"][0], "mae": history.history["val_mae"][0]}
    (epoch_logs,) = recorder.logs_of("epoch_end 0")
    assert list(epoch_logs) == ["loss", "mae", "val_loss", "val_mae"]


def test_on_train_end_gets_the_logs_of_the_last_epoch():
    """callback.py, on_train_end: "the output of the last call to on_epoch_end()"."""
    x, y = regression_data()
    recorder = Recorder()
    history = regression_model().fit(x, y, epochs=3, verbose=0, callbacks=[recorder])
    assert recorder.logs_of("train_end") == [{"loss": history.history["loss"][-1]}]


def test_evaluate_calls_the_test_hooks_with_its_results():
    """lambda_callback_test.py (test_lambda_callback_with_kwargs): evaluate(callbacks=...)
    calls on_test_begin; backend/numpy/trainer.py: on_test_end gets the returned logs."""
    x, y = regression_data(n=5)
    recorder = Recorder()
    model = regression_model(metrics=["mae"])
    results = model.evaluate(x, y, batch_size=2, callbacks=[recorder], return_dict=True)
    assert recorder.names() == [
        "test_begin",
        *[f"test_batch_{end} {i}" for i in range(3) for end in ("begin", "end")],
        "test_end",
    ]
    assert recorder.logs_of("test_end") == [results]
    assert recorder.logs_of("test_batch_end 2") == [results]  # the running mean of all three
    assert recorder.model is model and recorder.params["steps"] == 3


def test_predict_calls_the_predict_hooks_with_each_batchs_outputs():
    """lambda_callback_test.py (test_lambda_callback_during_prediction) and
    backend/numpy/trainer.py: on_predict_batch_end gets {"outputs": the batch's outputs}."""
    x, _ = regression_data(n=5)
    recorder = Recorder()
    model = regression_model()
    predictions = model.predict(x, batch_size=2, callbacks=[recorder])
    assert recorder.names() == [
        "predict_begin",
        *[f"predict_batch_{end} {i}" for i in range(3) for end in ("begin", "end")],
        "predict_end",
    ]
    outputs = [logs["outputs"] for logs in recorder.logs_of("predict_batch_end 0")]
    outputs += [logs["outputs"] for logs in recorder.logs_of("predict_batch_end 1")]
    outputs += [logs["outputs"] for logs in recorder.logs_of("predict_batch_end 2")]
    np.testing.assert_array_equal(np.concatenate(outputs), predictions)


def test_lambda_callback_batch_functions_get_logs_by_keyword():
    """lambda_callback.py: the batch hooks "expect a positional argument batch and a keyword
    argument logs"."""
    seen = []
    x, y = regression_data()
    callback = callbacks.LambdaCallback(on_train_batch_end=lambda batch, *, logs: seen.append((batch, logs)))
    regression_model().fit(x, y, epochs=1, batch_size=4, verbose=0, callbacks=[callback])
    assert [batch for batch, _ in seen] == [0, 1] and all("loss" in logs for _, logs in seen)


def test_the_older_batch_hook_names_are_still_called():
    """callback.py: on_train_batch_begin/end call on_batch_begin/end, for older callbacks."""

    class OldStyle(callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.calls = []

        def on_batch_begin(self, batch, logs=None):
            self.calls.append(f"begin {batch}")

        def on_batch_end(self, batch, logs=None):
            self.calls.append(f"end {batch} {sorted(logs)}")

    x, y = regression_data()
    old = OldStyle()
    regression_model().fit(x, y, epochs=1, batch_size=4, verbose=0, callbacks=[old])
    assert old.calls == ["begin 0", "end 0 ['loss']", "begin 1", "end 1 ['loss']"]


def test_a_value_a_callback_adds_to_the_logs_reaches_the_callbacks_after_it():
    """callback_list.py: one logs dict per call, shared by the callbacks in their order;
    so the learning rate the scheduler logs reaches History."""
    x, y = regression_data()
    adder = callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: logs.update(extra=epoch * 1.5))
    recorder = Recorder()
    history = regression_model().fit(x, y, epochs=2, verbose=0, callbacks=[adder, recorder])
    assert history.history["extra"] == [0.0, 1.5]
    assert [logs["extra"] for logs in recorder.logs_of("epoch_end 1")] == [1.5]


# stop_training, stop_evaluating, stop_predicting


class StopAt(callbacks.Callback):
    """Sets model.stop_training in one hook, at one epoch or batch; counts the batches run."""

    def __init__(self, hook, index):
        super().__init__()
        self.hook, self.index = hook, index
        self.batches = 0

    def stop_if(self, hook, index=None):
        if hook == self.hook and index in (None, self.index):
            self.model.stop_training = True

    def on_train_begin(self, logs=None):
        self.stop_if("on_train_begin")

    def on_epoch_begin(self, epoch, logs=None):
        self.stop_if("on_epoch_begin", epoch)

    def on_train_batch_begin(self, batch, logs=None):
        self.stop_if("on_train_batch_begin", batch)

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1
        self.stop_if("on_train_batch_end", batch)

    def on_epoch_end(self, epoch, logs=None):
        self.stop_if("on_epoch_end", epoch)


@pytest.mark.parametrize(
    "hook, index, batches, epochs",
    [
        ("on_train_begin", 0, 1, 1),  # the first batch runs, then the epoch ends
        ("on_epoch_begin", 1, 5, 2),  # epoch 0 whole (4 batches), epoch 1 one batch
        ("on_train_batch_begin", 2, 3, 1),  # that batch runs, then the epoch ends
        ("on_train_batch_end", 1, 2, 1),
        ("on_epoch_end", 0, 4, 1),
    ],
)
def test_stop_training_works_from_any_hook(hook, index, batches, epochs):
    """backend/jax/trainer.py (fit): stop_training is read after every batch and every epoch,
    whichever hook set it. 8 samples in batches of 2: four batches per epoch."""
    x, y = regression_data(n=8)
    stopper, recorder = StopAt(hook, index), Recorder()
    history = regression_model().fit(
        x, y, epochs=5, batch_size=2, shuffle=False, verbose=0, callbacks=[stopper, recorder]
    )
    assert stopper.batches == batches
    assert len(history.history["loss"]) == epochs
    assert recorder.names()[-2:] == [f"epoch_end {epochs - 1}", "train_end"]


def test_fit_starts_with_stop_training_false():
    """backend/jax/trainer.py: fit sets stop_training = False before on_train_begin."""
    x, y = regression_data()
    model = regression_model()
    model.stop_training = True
    assert len(model.fit(x, y, epochs=3, verbose=0).history["loss"]) == 3


def test_stop_evaluating_and_stop_predicting_end_the_pass_after_that_batch():
    """backend/numpy/trainer.py: evaluate reads stop_evaluating, predict stop_predicting,
    after every batch."""
    x, y = regression_data(n=6)
    model = regression_model()
    stop_evaluating = callbacks.LambdaCallback(
        on_test_batch_end=lambda batch, logs: setattr(model, "stop_evaluating", batch == 0)
    )
    first_batch = model.evaluate(x[:2], y[:2])
    assert model.evaluate(x, y, batch_size=2, callbacks=[stop_evaluating]) == pytest.approx(first_batch)
    stop_predicting = callbacks.LambdaCallback(
        on_predict_batch_end=lambda batch, logs: setattr(model, "stop_predicting", batch == 1)
    )
    assert model.predict(x, batch_size=2, callbacks=[stop_predicting]).shape == (4, 1)


# History and the progress bar


def test_model_history_is_set_when_training_begins():
    """callback_list.py (set_model): model.history is the History before the first epoch."""
    x, y = regression_data()
    seen = []
    model = regression_model()
    spy = callbacks.LambdaCallback(on_train_begin=lambda logs: seen.append(model.history))
    history = model.fit(x, y, verbose=0, callbacks=[spy])
    assert seen == [history] and isinstance(history, callbacks.History)


def test_a_history_passed_in_is_the_one_fit_returns():
    """callback_list.py (_add_default_callbacks): a History in the list is used, not a second."""
    x, y = regression_data()
    mine = callbacks.History()
    assert regression_model().fit(x, y, epochs=2, verbose=0, callbacks=[mine]) is mine
    assert len(mine.history["loss"]) == 2


def test_a_loss_that_overflows_in_the_first_epoch_still_leaves_a_history():
    """terminate_on_nan_test.py (test_TerminateOnNaN): the epoch in which the loss became
    infinite is logged, with that loss; nnlib also restores the weights and warns."""
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 100, size=(20, 3))
    y = x @ np.array([1.0, 2.0, 3.0])
    model = Sequential([layers.Dense(1, input_shape=(3,))], seed=0)
    model.compile(optimizer=optimizers.SGD(learning_rate=1e10), loss="mse")
    before = model.get_weights()
    with np.errstate(over="ignore", invalid="ignore"), pytest.warns(TrainingDivergedWarning):
        history = model.fit(x, y, epochs=5, batch_size=1, validation_split=0.25, verbose=0)
    assert model.history is history and history.epoch == [0]
    (loss,) = history.history["loss"]
    (val_loss,) = history.history["val_loss"]
    assert not math.isfinite(loss) and math.isnan(val_loss)
    np.testing.assert_array_equal(model.get_weights()[0], before[0])


def test_a_progbar_logger_passed_in_is_used_once(capsys):
    """callback_list.py (_add_default_callbacks): no second ProgbarLogger; it reads verbose,
    epochs and steps from the loop's parameters (progbar_logger.py, set_params)."""
    x, y = regression_data()
    bar = callbacks.ProgbarLogger()
    regression_model().fit(x, y, epochs=2, batch_size=3, verbose=2, callbacks=[bar])
    lines = [line for line in capsys.readouterr().out.replace("\r", "\n").splitlines() if line]
    assert [line[:9] for line in lines] == ["Epoch 1/2", "Epoch 2/2"]
    assert (bar.verbose, bar.epochs, bar.steps) == (2, 2, 2)


def test_a_progbar_logger_with_verbose_0_prints_nothing(capsys):
    """progbar_logger.py: its verbosity is the loop's, so verbose=0 silences it."""
    x, y = regression_data()
    regression_model().fit(x, y, epochs=2, verbose=0, callbacks=[callbacks.ProgbarLogger()])
    assert capsys.readouterr().out == ""


def test_evaluate_and_predict_show_a_bar_with_verbose(capsys):
    """backend/numpy/trainer.py: evaluate and predict add a ProgbarLogger unless verbose=0;
    the bar of evaluate ends with its results, that of predict with none."""
    x, y = regression_data(n=5)
    model = regression_model()
    loss = model.evaluate(x, y, batch_size=2, verbose=2)
    assert capsys.readouterr().out.strip().startswith("3/3 [")
    model.evaluate(x, y, batch_size=2, verbose=1)
    assert capsys.readouterr().out.rstrip().endswith(f"loss: {loss:.4f}")
    model.predict(x, batch_size=5, verbose=1)
    out = capsys.readouterr().out.strip()
    assert out.startswith("1/1 [") and "loss" not in out
    model.evaluate(x, y)
    model.predict(x)
    assert capsys.readouterr().out == ""


# CallbackList and bad input


def test_a_callback_list_drives_a_loop_of_your_own():
    """callback.py's docstring: pack callbacks in a CallbackList and call its hooks yourself."""
    x, y = regression_data(n=4)
    model = regression_model()
    recorder = Recorder()
    hooks = callbacks.CallbackList([recorder], add_history=True, model=model, epochs=1, steps=2)
    hooks.on_train_begin()
    hooks.on_epoch_begin(0)
    for batch in range(2):
        hooks.on_train_batch_begin(batch)
        loss = model.train_on_batch(x[2 * batch : 2 * batch + 2], y[2 * batch : 2 * batch + 2])
        hooks.on_train_batch_end(batch, {"loss": loss})
    hooks.on_epoch_end(0, {"loss": loss})
    hooks.on_train_end()
    assert recorder.names()[0] == "train_begin" and recorder.names()[-1] == "train_end"
    assert recorder.params == {"epochs": 1, "steps": 2}
    assert model.history.history == {"loss": [loss]}


def test_a_single_callback_need_not_be_in_a_list():
    """callback_list.py flattens its argument: callbacks=EarlyStopping(...) works."""
    x, y = regression_data()
    history = regression_model().fit(
        x, y, epochs=10, verbose=0, callbacks=callbacks.EarlyStopping(monitor="loss", patience=0)
    )
    assert len(history.history["loss"]) >= 1


@pytest.mark.parametrize("method", ["fit", "evaluate", "predict"])
def test_callbacks_that_are_not_callback_objects_are_an_error(method):
    x, y = regression_data()
    model = regression_model()
    arguments = (x,) if method == "predict" else (x, y)
    with pytest.raises(
        TypeError,
        match=r"callbacks must be Callback objects, got <function .*>\. Write a hook as a subclass "
        r"of nnlib\.callbacks\.Callback, or wrap a function in callbacks\.LambdaCallback",
    ):
        getattr(model, method)(*arguments, callbacks=[lambda epoch, logs: None])
