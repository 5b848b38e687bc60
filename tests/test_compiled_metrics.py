"""Metrics in compile, as fit, evaluate and train_on_batch report them: per-sample metric
functions are averaged, metric objects accumulate over the epoch's batches (so an
epoch's precision is the precision of its samples), and each is logged under the name
Keras gives it (keras/src/trainers/compile_utils.py, get_metric and CompileMetrics.result)."""

import numpy as np
import pytest

from nnlib import Sequential, callbacks, layers, metrics, optimizers


class BatchLogs(callbacks.Callback):
    """Keeps the logs of every training batch."""

    def __init__(self):
        super().__init__()
        self.logs = []

    def on_train_batch_end(self, batch, logs=None):
        self.logs.append(dict(logs))


FROZEN = 1e-300  # a learning rate whose steps vanish in float64: the weights stay as they are


def binary_data(n=40, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3))
    return x, (x[:, 0] + 0.8 * rng.normal(size=n) > 0).astype(float)


def binary_model(metric_list, learning_rate=0.05, **compile_args):
    model = Sequential(
        [layers.Dense(4, activation="tanh", input_shape=(3,)), layers.Dense(1, activation="sigmoid")], seed=1
    )
    model.compile(optimizers.SGD(learning_rate), "binary_crossentropy", metrics=metric_list, **compile_args)
    return model


def mean_absolute_difference(y_true, y_pred):
    """A metric written as Keras's guides write them: one value per sample."""
    return np.mean(np.abs(y_true - y_pred), axis=-1)


def test_a_per_sample_metric_function_is_averaged_over_the_samples():
    """The issue's crash: a function returning one value per sample must work in fit and evaluate."""
    x, y = binary_data()
    model = binary_model([mean_absolute_difference])
    history = model.fit(x, y, epochs=2, batch_size=16, verbose=0)
    assert len(history.history["mean_absolute_difference"]) == 2
    logs = model.evaluate(x, y, batch_size=7, return_dict=True)
    expected = np.mean(np.abs(y[:, None] - model.predict(x)))
    assert logs["mean_absolute_difference"] == pytest.approx(expected, rel=1e-12)


def test_built_in_metric_functions_in_compile_report_their_means():
    x, y = binary_data()
    model = binary_model([metrics.binary_accuracy, metrics.mean_squared_error])
    logs = model.evaluate(x, y, batch_size=9, return_dict=True)
    p = model.predict(x)[:, 0]
    assert logs["binary_accuracy"] == pytest.approx(np.mean((p > 0.5) == y))
    assert logs["mean_squared_error"] == pytest.approx(np.mean((p - y) ** 2))


@pytest.mark.parametrize(
    "make", [metrics.Precision, metrics.Recall, metrics.AUC], ids=["precision", "recall", "auc"]
)
def test_an_epochs_metric_is_over_all_its_samples_not_a_mean_of_batches(make):
    """With the weights frozen, fit's epoch value equals the metric of all the predictions at once;
    a mean of the per-batch values would differ."""
    x, y = binary_data()
    model = binary_model([make()], learning_rate=FROZEN)
    name = make().name
    history = model.fit(x, y, epochs=1, batch_size=8, shuffle=False, verbose=0)
    p = model.predict(x)
    assert history.history[name][0] == pytest.approx(make()(y, p), rel=1e-12)
    per_batch = [make()(y[i : i + 8], p[i : i + 8]) for i in range(0, 40, 8)]
    assert abs(np.mean(per_batch) - history.history[name][0]) > 1e-3
    assert model.evaluate(x, y, batch_size=8, return_dict=True)[name] == pytest.approx(
        make()(y, p), rel=1e-12
    )


def test_metrics_are_reset_at_each_epoch_and_the_users_object_is_the_one_updated():
    x, y = binary_data()
    precision = metrics.Precision()
    model = binary_model([precision], learning_rate=FROZEN)
    model.fit(x, y, epochs=3, batch_size=8, verbose=0)
    once = metrics.Precision()
    once.update_state(y, model.predict(x))
    np.testing.assert_array_equal(precision.true_positives, once.true_positives)  # one epoch's counts


def test_batch_logs_hold_the_running_values_of_the_epoch():
    x, y = binary_data()
    recorder = BatchLogs()
    model = binary_model([metrics.Precision()], learning_rate=FROZEN)
    history = model.fit(x, y, epochs=1, batch_size=8, shuffle=False, verbose=0, callbacks=[recorder])
    p = model.predict(x)
    assert recorder.logs[1]["precision"] == pytest.approx(metrics.Precision()(y[:16], p[:16]))
    assert recorder.logs[-1]["precision"] == pytest.approx(history.history["precision"][0])


def test_train_on_batch_reports_that_batch_alone():
    """Keras resets the metrics at the start of train_on_batch and test_on_batch (keras PR 22617)."""
    x, y = binary_data()
    model = binary_model(["accuracy"], learning_rate=FROZEN)
    model.train_on_batch(x[:20], y[:20])
    logs = model.train_on_batch(x[20:], y[20:], return_dict=True)
    p = model.predict(x[20:])[:, 0]
    assert logs["accuracy"] == pytest.approx(np.mean((p > 0.5) == y[20:]))


def test_logs_use_keras_names():
    x, y = binary_data()

    def my_metric(y_true, y_pred):
        return np.zeros(len(y_true))

    model = binary_model(
        ["acc", "mae", metrics.Precision(), metrics.Precision(), "AUC", my_metric, metrics.Recall(name="r")],
        weighted_metrics=["acc", metrics.BinaryAccuracy()],
    )
    history = model.fit(x, y, epochs=1, validation_split=0.25, verbose=0)
    names = [
        "acc",
        "mae",
        "precision",
        "precision_1",
        "AUC",
        "my_metric",
        "r",
        "weighted_acc",
        "binary_accuracy",
    ]
    assert list(history.history) == ["loss", *names, "val_loss", *(f"val_{name}" for name in names)]
    assert model.evaluate(x, y, return_dict=True).keys() == {"loss", *names}


def test_accuracy_for_one_sigmoid_output_is_binary_accuracy():
    x, y = binary_data()
    model = binary_model(["accuracy"])
    logs = model.evaluate(x, y, return_dict=True)
    assert logs["accuracy"] == pytest.approx(np.mean((model.predict(x)[:, 0] > 0.5) == y))


@pytest.mark.parametrize(
    "metric_list, error, message",
    [
        (["acuracy"], ValueError, r"Unknown metric 'acuracy'\. Did you mean 'accuracy'\?"),
        ([3], TypeError, r"A metric is a name such as 'accuracy', a Metric object or a function"),
        (
            {"output": "accuracy"},
            TypeError,
            r"metrics is a dict, which Keras uses for models with several outputs",
        ),
    ],
)
def test_bad_metrics_are_refused_at_compile(metric_list, error, message):
    with pytest.raises(error, match=message):
        binary_model(metric_list)


def test_a_metric_function_that_returns_something_else_says_which_metric():
    x, y = binary_data()

    def broken(y_true, y_pred):
        return "high"

    model = binary_model([broken])
    with pytest.raises(ValueError, match="The metric 'broken' returned str"):
        model.evaluate(x, y)


def test_a_metric_at_several_thresholds_is_printed_value_by_value(capsys):
    x, y = binary_data()
    model = binary_model([metrics.Precision(thresholds=[0.3, 0.7])])
    model.fit(x, y, epochs=1, verbose=2)
    model.evaluate(x, y, verbose=1)
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert all("precision: [" in line for line in lines[-2:]), lines
