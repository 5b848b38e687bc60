"""metrics: what "accuracy" means for each loss, and the metric functions."""

import numpy as np
import pytest

from nnlib import metrics


def test_binary_accuracy_thresholds_at_one_half():
    y_true = np.array([[1.0], [0.0], [1.0], [0.0]])
    y_pred = np.array([[0.9], [0.4], [0.2], [0.6]])
    assert metrics.binary_accuracy(y_true, y_pred) == 0.5


def test_categorical_accuracy_compares_argmaxes():
    y_true = np.eye(3)[[0, 1, 2]]
    y_pred = np.array([[0.8, 0.1, 0.1], [0.6, 0.3, 0.1], [0.1, 0.2, 0.7]])
    assert metrics.categorical_accuracy(y_true, y_pred) == pytest.approx(2 / 3)


def test_sparse_categorical_accuracy_compares_labels_with_argmaxes():
    y_pred = np.array([[0.8, 0.1, 0.1], [0.6, 0.3, 0.1], [0.1, 0.2, 0.7]])
    assert metrics.sparse_categorical_accuracy(np.array([0, 1, 2]), y_pred) == pytest.approx(2 / 3)


def test_regression_metrics():
    y_true, y_pred = np.array([[1.0], [2.0]]), np.array([[1.5], [0.0]])
    assert metrics.mean_absolute_error(y_true, y_pred) == pytest.approx(1.25)
    assert metrics.mean_squared_error(y_true, y_pred) == pytest.approx((0.25 + 4) / 2)


@pytest.mark.parametrize(
    "loss, n_outputs, expected",
    [
        ("sparse_categorical_crossentropy", 3, metrics.sparse_categorical_accuracy),
        ("categorical_crossentropy", 3, metrics.categorical_accuracy),
        ("binary_crossentropy", 1, metrics.binary_accuracy),
        ("mean_squared_error", 1, metrics.binary_accuracy),
    ],
)
def test_accuracy_means_what_keras_means_for_the_loss(loss, n_outputs, expected):
    assert metrics.get("accuracy", loss, n_outputs) == ("accuracy", expected)
    assert metrics.get("acc", loss, n_outputs) == ("acc", expected)


def test_a_function_is_its_own_metric_named_after_it():
    def f1_score(y_true, y_pred):
        return 0.0

    assert metrics.get(f1_score, "mse", 1) == ("f1_score", f1_score)


def test_unknown_metric_lists_the_known_ones():
    with pytest.raises(
        ValueError,
        match=r"Unknown metric 'precision'\. Known metrics: accuracy, "
        r"binary_accuracy, .*or pass a function metric\(y_true, y_pred\) -> float",
    ):
        metrics.get("precision", "mse", 1)
