"""metrics: per-sample functions, metric objects that accumulate over batches, and the
names compile takes. Expected values are ported from Keras's own tests
(keras/src/metrics/accuracy_metrics_test.py, regression_metrics_test.py,
reduction_metrics_test.py); each test names the one it ports."""

import numpy as np
import pytest

from nnlib import metrics

# The functions: one value per sample (or per entry), targets lined up with predictions


def test_binary_accuracy_gives_one_value_per_entry_as_keras_3_does():
    y_true = np.array([[1.0], [0.0], [1.0], [0.0]])
    y_pred = np.array([[0.9], [0.4], [0.2], [0.6]])
    np.testing.assert_array_equal(metrics.binary_accuracy(y_true, y_pred), [[1.0], [1.0], [0.0], [0.0]])
    np.testing.assert_array_equal(
        metrics.binary_accuracy(y_true, y_pred, threshold=0.1), [[1], [0], [1], [0]]
    )


def test_binary_accuracy_lines_up_flat_labels_with_a_column():
    """Without lining up, (4,) against (4, 1) would compare 16 pairs and give 0.5 here."""
    y_true, y_pred = np.array([1.0, 0.0, 1.0, 0.0]), np.array([[0.9], [0.1], [0.8], [0.2]])
    np.testing.assert_array_equal(metrics.binary_accuracy(y_true, y_pred), [[1.0]] * 4)


def test_categorical_accuracy_gives_one_value_per_row():
    y_true = np.eye(3)[[0, 1, 2]]
    y_pred = np.array([[0.8, 0.1, 0.1], [0.6, 0.3, 0.1], [0.1, 0.2, 0.7]])
    np.testing.assert_array_equal(metrics.categorical_accuracy(y_true, y_pred), [1.0, 0.0, 1.0])


def test_sparse_categorical_accuracy_takes_labels_flat_or_in_a_column():
    """SparseCategoricalAccuracyTest.test_squeeze_y_true: labels (3, 1) are squeezed, not broadcast."""
    y_pred = np.array([[0.9, 0.05, 0.05], [0.05, 0.9, 0.05], [0.05, 0.05, 0.9]])
    np.testing.assert_array_equal(
        metrics.sparse_categorical_accuracy(np.array([[0], [1], [2]]), y_pred), [1, 1, 1]
    )
    np.testing.assert_array_equal(metrics.sparse_categorical_accuracy(np.array([0, 2, 2]), y_pred), [1, 0, 1])


def test_regression_metric_functions_are_the_per_sample_losses():
    y_true, y_pred = np.array([[1.0], [2.0]]), np.array([[1.5], [0.0]])
    np.testing.assert_allclose(metrics.mean_absolute_error(y_true, y_pred), [0.5, 2.0])
    np.testing.assert_allclose(metrics.mean_squared_error(y_true, y_pred), [0.25, 4.0])


@pytest.mark.parametrize(
    "function, y_true, y_pred, message",
    [
        (
            metrics.categorical_accuracy,
            [[0], [1]],
            [[0.2, 0.8], [0.6, 0.4]],
            "use sparse_categorical_accuracy",
        ),
        (
            metrics.sparse_categorical_accuracy,
            np.eye(2),
            [[0.2, 0.8], [0.6, 0.4]],
            "use categorical_accuracy",
        ),
        (metrics.binary_accuracy, np.ones((2, 2)), np.ones((2, 3)), r"must have the same shape"),
        (metrics.accuracy, [1, 2, 3], [1, 2], r"must have the same shape"),
    ],
    ids=["categorical", "sparse", "binary", "accuracy"],
)
def test_shapes_a_metric_cannot_compare_are_refused(function, y_true, y_pred, message):
    with pytest.raises(ValueError, match=message):
        function(np.asarray(y_true), np.asarray(y_pred))


# Objects: update_state, result, reset_state


@pytest.mark.parametrize(
    "y_true, y_pred, sample_weight, expected",
    [
        ([[1], [2], [3], [4]], [[0], [2], [3], [4]], None, 0.75),  # test_unweighted
        ([[1], [2], [3], [4]], [[0], [2], [3], [4]], [1, 1, 0, 0], 0.5),  # test_weighted
        ([1, 2, 3, 4], [0, 2, 3, 4], [1, 1, 0, 0], 0.5),  # test_weighted_rank_1
        ([[1, 2], [3, 4]], [[0, 2], [3, 4]], [[1, 0], [0, 1]], 0.5),  # test_weighted_nd_weights
        ([[1, 2], [3, 4]], [[0, 2], [3, 4]], [[1, 0]], 0.5),  # test_weighted_nd_broadcast_weights
    ],
)
def test_accuracy_matches_keras(y_true, y_pred, sample_weight, expected):
    """AccuracyTest: test_unweighted, test_weighted, test_weighted_rank_1, test_weighted_nd_weights,
    test_weighted_nd_broadcast_weights."""
    metric = metrics.Accuracy(name="accuracy", dtype="float32")
    metric.update_state(np.array(y_true), np.array(y_pred), sample_weight=sample_weight)
    assert metric.result() == pytest.approx(expected, abs=1e-3)


@pytest.mark.parametrize(
    "y_true, y_pred, sample_weight, expected",
    [
        ([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], None, 0.75),  # test_unweighted
        ([1, 1, 0, 0], [[0.98], [1], [0], [0.6]], None, 0.75),  # test_unweighted, broadcasting case
        ([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], [1, 0, 0, 1], 0.5),  # test_weighted
        ([1, 1, 0, 0], [0.98, 1, 0, 0.6], [1, 0, 0, 1], 0.5),  # test_weighted_rank_1
        ([[1, 1], [0, 0]], [[0.98, 1], [0, 0.6]], [[1, 0], [0, 1]], 0.5),  # test_weighted_nd_weights
        ([[1, 1], [0, 0]], [[0.98, 1], [0, 0.6]], [[1, 0]], 1.0),  # test_weighted_nd_broadcast_weights
    ],
)
def test_binary_accuracy_matches_keras(y_true, y_pred, sample_weight, expected):
    """BinaryAccuracyTest: test_unweighted (both cases), test_weighted, test_weighted_rank_1,
    test_weighted_nd_weights, test_weighted_nd_broadcast_weights."""
    metric = metrics.BinaryAccuracy(name="binary_accuracy", dtype="float32")
    metric.update_state(np.array(y_true), np.array(y_pred), sample_weight=sample_weight)
    assert metric.result() == pytest.approx(expected, abs=1e-3)


def test_binary_accuracy_threshold_matches_keras():
    """BinaryAccuracyTest.test_threshold: 1.0 at threshold 0.3, 0.75 at 0.9."""
    y_true, y_pred = np.array([[1], [1], [0], [0]]), np.array([[0.98], [0.5], [0.1], [0.2]])
    assert metrics.BinaryAccuracy(threshold=0.3)(y_true, y_pred) == 1.0
    assert metrics.BinaryAccuracy(threshold=0.9)(y_true, y_pred) == 0.75


@pytest.mark.parametrize("sample_weight, expected", [(None, 0.5), ([0.7, 0.3], 0.3)])
def test_categorical_and_sparse_categorical_accuracy_match_keras(sample_weight, expected):
    """CategoricalAccuracyTest and SparseCategoricalAccuracyTest: test_unweighted, test_weighted."""
    categorical = metrics.CategoricalAccuracy()
    categorical.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]], sample_weight)
    assert categorical.result() == pytest.approx(expected, abs=1e-3)
    sparse = metrics.SparseCategoricalAccuracy()
    sparse.update_state([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]], sample_weight)
    assert sparse.result() == pytest.approx(expected, abs=1e-3)


def test_sparse_categorical_accuracy_takes_integer_labels_and_float_predictions():
    """SparseCategoricalAccuracyTest.test_cast_y_pred_dtype and test_cast_y_pred_to_match_y_true_dtype."""
    metric = metrics.SparseCategoricalAccuracy()
    metric.update_state(
        np.array([0, 1], dtype=np.int64), np.array([[0.9, 0.1], [0.1, 0.9]], dtype=np.float32)
    )
    metric.update_state(np.array([0, 1, 2], dtype=np.int32), np.eye(3))
    assert metric.result() == 1.0


def test_regression_metric_objects_match_keras():
    """regression_metrics_test.py: MeanSquaredErrorTest.test_unweighted (0.5) and
    test_weighted (0.54285), MeanAbsoluteErrorTest.test_unweighted (0.5) and test_weighted (0.54285)."""
    y_true = np.array([[0, 1, 0, 1, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 0], [0, 0, 0, 0, 1]])
    y_pred = np.array([[0, 0, 1, 1, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0], [1, 1, 1, 1, 1]])
    weights = np.array([1.0, 1.5, 2.0, 2.5])
    for metric_class in (metrics.MeanSquaredError, metrics.MeanAbsoluteError):
        assert metric_class()(y_true, y_pred) == pytest.approx(0.5, abs=1e-5)
        assert metric_class()(y_true, y_pred, sample_weight=weights) == pytest.approx(0.54285, abs=1e-5)


def test_mean_matches_keras():
    """reduction_metrics_test.py, MeanTest.test_unweighted, test_weighted, test_weighted_negative_weights,
    test_weighted_nd and test_weighted_nd_broadcast."""
    mean = metrics.Mean(name="mean")
    mean.update_state([1, 3, 5, 7])
    assert mean.result() == 4.0
    mean.reset_state()
    mean.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
    assert mean.result() == 2.0
    mean.reset_state()
    mean.update_state([1, 3, 5, 7], sample_weight=[-1, -1, 0, 0])
    assert mean.result() == 2.0
    mean.reset_state()
    mean.update_state([[1, 3], [5, 7]], sample_weight=[[1, 1], [1, 0]])
    assert mean.result() == pytest.approx(3.0)
    mean.reset_state()
    mean.update_state([[1, 3], [5, 7]], sample_weight=[[1, 0]])
    assert mean.result() == pytest.approx(3.0)


def test_a_metric_accumulates_until_reset():
    metric = metrics.BinaryAccuracy()
    metric.update_state([[1], [0]], [[0.9], [0.9]])  # 1 of 2
    metric.update_state([[1], [1], [1]], [[0.9], [0.9], [0.9]])  # 3 of 3
    assert metric.result() == pytest.approx(4 / 5)  # over the samples, not the mean of 0.5 and 1
    metric.reset_state()
    assert metric.result() == 0.0
    assert metric([[1]], [[0.2]]) == 0.0  # calling updates, then returns the result


def test_mean_metric_wrapper_counts_a_single_number_once_as_keras_does():
    """reduction_metrics.Mean: a function returning one number adds it once, whatever the batch size."""
    wrapper = metrics.MeanMetricWrapper(lambda y_true, y_pred: 0.5)
    wrapper.update_state(np.zeros((10, 1)), np.zeros((10, 1)))
    wrapper.update_state(np.zeros((2, 1)), np.zeros((2, 1)))
    assert (wrapper.result(), wrapper.count) == (0.5, 2)


def test_metric_objects_are_named_as_in_keras():
    assert [m().name for m in (metrics.Precision, metrics.Recall, metrics.AUC)] == [
        "precision",
        "recall",
        "auc",
    ]
    assert metrics.BinaryAccuracy().name == "binary_accuracy"
    assert metrics.MeanSquaredError().name == "mean_squared_error"
    assert metrics.MeanMetricWrapper(metrics.binary_accuracy).name == "binary_accuracy"
    assert repr(metrics.AUC()) == "<AUC name=auc>"


# Names, as compile takes them


@pytest.mark.parametrize(
    "y_shape, n_outputs, expected",
    [
        ((4,), 3, metrics.SparseCategoricalAccuracy),  # integer labels
        ((4, 1), 3, metrics.SparseCategoricalAccuracy),
        ((4, 3), 3, metrics.CategoricalAccuracy),  # one-hot rows
        ((4, 1), 1, metrics.BinaryAccuracy),  # one output unit
    ],
)
def test_accuracy_means_what_keras_means_for_the_shapes(y_shape, n_outputs, expected):
    """keras/src/trainers/compile_utils.py get_metric and is_binary_or_sparse_categorical."""
    for name in ("accuracy", "acc"):
        metric = metrics.compiled(name, np.zeros(y_shape), n_outputs)
        assert type(metric) is expected and metric.name == name


@pytest.mark.parametrize(
    "identifier, cls, name",
    [
        ("mae", metrics.MeanAbsoluteError, "mae"),
        ("mean_squared_error", metrics.MeanSquaredError, "mean_squared_error"),
        ("precision", metrics.Precision, "precision"),
        ("AUC", metrics.AUC, "AUC"),
        ("Accuracy", metrics.BinaryAccuracy, "Accuracy"),  # compile lower-cases "accuracy", as Keras
        (metrics.Recall(), metrics.Recall, "recall"),
        (metrics.Precision(name="p"), metrics.Precision, "p"),
        (metrics.BinaryAccuracy, metrics.BinaryAccuracy, "binary_accuracy"),
    ],
)
def test_compile_names_log_under_the_name_keras_gives(identifier, cls, name):
    metric = metrics.compiled(identifier, np.zeros((4, 1)), 1)
    assert type(metric) is cls and metric.name == name


def test_a_function_is_averaged_and_logged_under_its_name_in_snake_case():
    def F1Score(y_true, y_pred):
        return np.zeros(len(y_true))

    metric = metrics.compiled(F1Score, np.zeros((4, 1)), 1)
    assert isinstance(metric, metrics.MeanMetricWrapper) and metric.name == "f1_score"


def test_unknown_metric_suggests_and_lists_the_known_ones():
    with pytest.raises(
        ValueError,
        match=r"Unknown metric 'precission'\. Did you mean 'precision'\? Known metrics: acc, accuracy, "
        r"auc, binary_accuracy, .*or pass a Metric object",
    ):
        metrics.get("precission")


def test_something_that_is_not_a_metric_is_refused():
    with pytest.raises(TypeError, match="A metric is a name such as 'accuracy'"):
        metrics.get(3)


def test_get_accuracy_outside_compile_is_keras_plain_accuracy():
    """keras.metrics.get("accuracy") is Accuracy(), exact equality; only compile reads it by shape."""
    assert type(metrics.get("accuracy")) is metrics.Accuracy


@pytest.mark.parametrize(
    "sample_weight, expected",
    [(None, 0.5), (np.array([1.0, 1.5, 2.0, 2.5]), 0.54285), (np.array([[1.0, 0.0, 0.5, 0.0, 1.0]]), 0.45)],
)
def test_mean_metric_wrapper_of_an_elementwise_function_matches_keras(sample_weight, expected):
    """reduction_metrics_test.py, MetricWrapperTest.test_unweighted, test_weighted and
    test_weighted_broadcast: fn = (y_true - y_pred) ** 2, entry by entry."""
    y_true = np.array([[0, 1, 0, 1, 0], [0, 0, 1, 1, 1], [1, 1, 1, 1, 0], [0, 0, 0, 0, 1]])
    y_pred = np.array([[0, 0, 1, 1, 0], [1, 1, 1, 1, 1], [0, 1, 0, 1, 0], [1, 1, 1, 1, 1]])
    wrapper = metrics.MeanMetricWrapper(fn=lambda t, p: (t - p) ** 2, name="mse", dtype="float32")
    assert wrapper(y_true, y_pred, sample_weight=sample_weight) == pytest.approx(expected, abs=1e-5)


def test_binary_accuracy_takes_boolean_labels_and_predictions():
    """MetricWrapperTest.test_binary_accuracy_with_boolean_inputs: y = x > 0.5 against x > 0.5."""
    x = np.random.default_rng(0).uniform(size=(32, 1))
    assert metrics.BinaryAccuracy()(x > 0.5, x > 0.5) == 1.0
