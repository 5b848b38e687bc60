"""Precision, Recall and AUC: Keras's expected values (ported from
keras/src/metrics/confusion_metrics_test.py, PrecisionTest, RecallTest and AUCTest;
each test names its source), scikit-learn as an independent reference, and the
accumulation over batches that makes an epoch's value the value of all its samples."""

import numpy as np
import pytest
from sklearn.metrics import precision_score, recall_score, roc_auc_score

from nnlib import metrics

# PrecisionTest and RecallTest


def test_precision_and_recall_unweighted_match_keras():
    """PrecisionTest.test_unweighted and RecallTest.test_unweighted: both 0.5."""
    y_pred, y_true = np.array([1, 0, 1, 0]), np.array([0, 1, 1, 0])
    assert metrics.Precision()(y_true, y_pred) == 0.5
    assert metrics.Recall()(y_true, y_pred) == 0.5


def test_precision_and_recall_all_incorrect_are_zero():
    """PrecisionTest / RecallTest.test_unweighted_all_incorrect (seeded here)."""
    inputs = np.random.default_rng(0).integers(0, 2, size=(100, 1))
    assert metrics.Precision(thresholds=[0.5])(1 - inputs, inputs) == 0.0
    assert metrics.Recall(thresholds=[0.5])(1 - inputs, inputs) == 0.0


def test_precision_and_recall_weighted_match_keras():
    """PrecisionTest.test_weighted: 7 / 10; RecallTest.test_weighted: 4 / 10."""
    weights = np.array([[1, 2, 3, 4], [4, 3, 2, 1]])
    y_true = np.array([[0, 1, 1, 0], [1, 0, 0, 1]])
    precision = metrics.Precision()(y_true, np.array([[1, 0, 1, 0], [1, 0, 1, 0]]), sample_weight=weights)
    assert precision == pytest.approx((3.0 + 4.0) / ((1.0 + 3.0) + (4.0 + 2.0)))
    recall = metrics.Recall()(y_true, np.array([[1, 0, 1, 0], [0, 1, 0, 1]]), sample_weight=weights)
    assert recall == pytest.approx((3.0 + 1.0) / ((2.0 + 3.0) + (4.0 + 1.0)))


def test_precision_and_recall_of_no_positives_are_zero_not_nan():
    """PrecisionTest / RecallTest.test_div_by_zero."""
    zeros = np.zeros(4)
    assert metrics.Precision()(zeros, zeros) == 0.0
    assert metrics.Recall()(zeros, zeros) == 0.0


def test_several_thresholds_give_one_value_each():
    """PrecisionTest / RecallTest.test_unweighted_with_threshold: [0.5, 0.0] at thresholds 0.5, 0.7."""
    y_pred, y_true = np.array([1, 0, 0.6, 0]), np.array([0, 1, 1, 0])
    np.testing.assert_allclose(metrics.Precision(thresholds=[0.5, 0.7])(y_true, y_pred), [0.5, 0.0])
    np.testing.assert_allclose(metrics.Recall(thresholds=[0.5, 0.7])(y_true, y_pred), [0.5, 0.0])


@pytest.mark.parametrize(
    "metric_class, weights", [(metrics.Precision, [[4, 0], [3, 1]]), (metrics.Recall, [[1, 4], [3, 2]])]
)
def test_weighted_thresholds_and_multiple_updates_match_keras(metric_class, weights):
    """PrecisionTest / RecallTest.test_weighted_with_threshold and test_multiple_updates: 3 / 7 and
    0 at thresholds 0.5 and 1.0, the same after two identical updates."""
    y_true, y_pred = np.array([[0, 1], [1, 0]]), np.array([[1, 0], [0.6, 0]], dtype="float32")
    metric = metric_class(thresholds=[0.5, 1.0])
    np.testing.assert_allclose(metric(y_true, y_pred, sample_weight=np.array(weights)), [3 / 7, 0.0])
    metric.update_state(y_true, y_pred, sample_weight=np.array(weights))
    np.testing.assert_allclose(metric.result(), [6 / 14, 0.0])
    np.testing.assert_allclose(metric.true_positives, [6.0, 0.0])


def test_top_k_matches_keras():
    """PrecisionTest.test_unweighted_top_k (1/3), RecallTest.test_unweighted_top_k (0.5), and the
    weighted_top_k tests, whose second update takes one number as the weight of every entry."""
    y_pred, y_true = np.array([0.2, 0.1, 0.5, 0, 0.2]), np.array([0, 1, 1, 0, 0])
    assert metrics.Precision(top_k=3)(y_true, y_pred) == pytest.approx(1 / 3)
    assert metrics.Recall(top_k=3)(y_true, y_pred) == pytest.approx(0.5)
    for metric_class, expected in ((metrics.Precision, 13 / 17), (metrics.Recall, 13 / 23)):
        metric = metric_class(top_k=3)
        metric(np.array([[0, 1, 1, 0, 1]]), np.array([[0.2, 0.1, 0.4, 0, 0.2]]), np.array([[1, 4, 2, 3, 5]]))
        result = metric(np.array([1, 0, 1, 1, 1]), np.array([0.2, 0.6, 0.4, 0.2, 0.2]), sample_weight=3)
        assert result == pytest.approx(expected)


def test_top_k_and_threshold_together_match_keras():
    """PrecisionTest / RecallTest.test_unweighted_top_k_and_threshold."""
    y_pred = np.array([0.2, 0.8, 0.6, 0, 0.2])
    precision = metrics.Precision(thresholds=0.7, top_k=2)
    assert precision(np.array([0, 1, 1, 0, 1]), y_pred) == 1.0
    assert (precision.true_positives[0], precision.false_positives[0]) == (1.0, 0.0)
    recall = metrics.Recall(thresholds=0.7, top_k=2)
    assert recall(np.array([1, 1, 1, 0, 1]), y_pred) == 0.25
    assert (recall.true_positives[0], recall.false_negatives[0]) == (1.0, 3.0)


def test_class_id_looks_at_one_column():
    """PrecisionTest / RecallTest.test_unweighted_class_id_multiclass: 1.0, with 1 true positive."""
    y_pred = np.array([[0.1, 0.2, 0.7], [0.5, 0.3, 0.2], [0.2, 0.6, 0.2], [0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    y_true = np.eye(3)[[2, 0, 1, 0, 2]]
    for metric_class in (metrics.Precision, metrics.Recall):
        metric = metric_class(class_id=1)
        assert metric(y_true, y_pred) == 1.0 and metric.true_positives[0] == 1.0


def test_class_id_needs_a_2d_prediction():
    """PrecisionTest / RecallTest.test_unweighted_class_id_should_throw_error_1d."""
    with pytest.raises(ValueError, match=r"When class_id is provided, y_pred must be a 2D array"):
        metrics.Precision(class_id=2)(np.array([0, 1, 1, 0, 0]), np.array([0.2, 0.1, 0.6, 0, 0.2]))


def test_thresholds_outside_zero_one_are_refused():
    with pytest.raises(ValueError, match=r"Thresholds must be numbers in \[0, 1\]"):
        metrics.Precision(thresholds=[0.5, 1.5])


# AUCTest: y_pred [0, 0.5, 0.3, 0.9], y_true [0, 0, 1, 1], weights [1, 2, 3, 4], 3 thresholds

Y_TRUE = np.array([0, 0, 1, 1])
Y_PRED = np.array([0, 0.5, 0.3, 0.9], dtype="float32")
WEIGHTS = [1, 2, 3, 4]


def test_auc_of_perfect_predictions_is_one():
    """AUCTest.test_unweighted_all_correct."""
    assert metrics.AUC()(Y_TRUE, Y_TRUE) == 1.0


def test_auc_unweighted_matches_keras():
    """AUCTest.test_unweighted: tp [2, 1, 0], fp [2, 0, 0] give 0.75."""
    assert metrics.AUC(num_thresholds=3)(Y_TRUE, Y_PRED) == pytest.approx(0.75)


def test_auc_from_logits_applies_the_sigmoid():
    """AUCTest.test_unweighted_from_logits (0.75). Keras takes the logits of y_pred + 1e-12, which
    float32 rounds back to 0.5 for the 0.5; in float64 0.5 + 1e-12 is above the 0.5 threshold, so
    the logits here are the exact ones."""
    logits = np.array([-30.0, 0.0, np.log(0.3 / 0.7), np.log(0.9 / 0.1)])
    assert metrics.AUC(num_thresholds=3, from_logits=True)(Y_TRUE, logits) == pytest.approx(0.75)


def test_auc_with_manual_thresholds_adds_the_two_ends():
    """AUCTest.test_manual_thresholds."""
    auc = metrics.AUC(num_thresholds=2, thresholds=[0.5])
    assert auc.num_thresholds == 3
    np.testing.assert_allclose(auc.thresholds, [0.0, 0.5, 1.0], atol=1e-6)
    assert auc(Y_TRUE, Y_PRED) == pytest.approx(0.75)


@pytest.mark.parametrize(
    "curve, summation_method, expected",
    [
        ("ROC", "interpolation", 0.7855),  # test_weighted_roc_interpolation
        ("ROC", "majoring", 1.0),  # test_weighted_roc_majoring
        ("ROC", "minoring", 0.571),  # test_weighted_roc_minoring
        ("PR", "majoring", 1 * 0.429 + 1 * 0.571),  # test_weighted_pr_majoring
        ("PR", "minoring", 0.7 * 0.429 + 0 * 0.571),  # test_weighted_pr_minoring
        ("PR", "interpolation", 2.416 / 7 + 4 / 7),  # test_weighted_pr_interpolation
    ],
)
def test_weighted_auc_matches_keras(curve, summation_method, expected):
    """AUCTest: tp [7, 4, 0], fp [3, 0, 0], fn [0, 3, 7], tn [0, 3, 3] (Keras compares to 1e-3)."""
    auc = metrics.AUC(num_thresholds=3, curve=curve, summation_method=summation_method)
    assert auc(Y_TRUE, Y_PRED, sample_weight=WEIGHTS) == pytest.approx(expected, abs=1e-3)
    np.testing.assert_array_equal(auc.true_positives, [7, 4, 0])
    np.testing.assert_array_equal(auc.true_negatives, [0, 3, 3])


def test_pr_auc_with_negative_weights_is_zero():
    """AUCTest.test_weighted_pr_interpolation_negative_weights."""
    auc = metrics.AUC(num_thresholds=3, curve="PR")
    assert auc(Y_TRUE, Y_PRED, sample_weight=[-1, -2, -3, -4]) == pytest.approx(0.0, abs=1e-3)


def test_auc_flattens_extra_dimensions():
    """AUCTest.test_extra_dims: 0.5."""
    logits = -np.array(
        [[[-10.0, 10.0, -10.0], [10.0, -10.0, 10.0]], [[-12.0, 12.0, -12.0], [12.0, -12.0, 12.0]]]
    )
    labels = np.array([[[1, 0, 0], [1, 0, 0]], [[0, 1, 1], [0, 1, 1]]])
    assert metrics.AUC()(labels, 1 / (1 + np.exp(-logits))) == 0.5


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"num_thresholds": 1}, r"Argument `num_thresholds` must be an integer > 1"),
        ({"num_thresholds": -1}, r"Argument `num_thresholds` must be an integer > 1"),
        ({"curve": "Invalid"}, r'Invalid AUC curve value: "Invalid"'),
        ({"summation_method": "Invalid"}, r'Invalid AUC summation method value: "Invalid"'),
        ({"multi_label": True}, r"multi_label, num_labels and label_weights are not supported"),
    ],
)
def test_bad_auc_arguments_are_refused(arguments, message):
    """AUCTest.test_invalid_num_thresholds, test_invalid_curve, test_invalid_summation_method."""
    with pytest.raises(ValueError, match=message):
        metrics.AUC(**arguments)


# Against scikit-learn, and over batches


def scores(seed=0, n=400):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=n)
    return y, np.clip(0.35 * y + rng.uniform(0.0, 0.65, size=n), 0.0, 1.0), rng.uniform(0.0, 2.0, size=n)


def test_precision_and_recall_agree_with_scikit_learn():
    y, p, weights = scores()
    predicted = (p > 0.5).astype(int)
    assert metrics.Precision()(y, p) == pytest.approx(precision_score(y, predicted))
    assert metrics.Recall()(y, p, sample_weight=weights) == pytest.approx(
        recall_score(y, predicted, sample_weight=weights)
    )


def test_auc_with_200_thresholds_approximates_scikit_learns_exact_roc_auc():
    """Keras's 200 buckets of width 1/199 cost at most a few thousandths on smooth scores."""
    y, p, weights = scores()
    assert metrics.AUC()(y, p) == pytest.approx(roc_auc_score(y, p), abs=5e-3)
    assert metrics.AUC()(y, p, sample_weight=weights) == pytest.approx(
        roc_auc_score(y, p, sample_weight=weights), abs=5e-3
    )


def test_auc_on_predictions_at_the_thresholds_is_scikit_learns_exactly():
    """With every prediction on one of the thresholds i / 199, no bucket mixes two scores."""
    rng = np.random.default_rng(1)
    p = rng.integers(0, 200, size=300) / 199
    y = (rng.uniform(size=300) < p).astype(int)
    assert metrics.AUC()(y, p) == pytest.approx(roc_auc_score(y, p), rel=1e-12)


@pytest.mark.parametrize(
    "make", [metrics.Precision, metrics.Recall, metrics.AUC], ids=["precision", "recall", "auc"]
)
def test_batch_by_batch_equals_all_at_once_and_differs_from_a_mean_of_batches(make):
    y, p, _ = scores(seed=2, n=50)
    whole = make()(y, p)
    streamed, per_batch = make(), []
    for start in range(0, 50, 8):
        streamed.update_state(y[start : start + 8], p[start : start + 8])
        per_batch.append(make()(y[start : start + 8], p[start : start + 8]))
    assert streamed.result() == pytest.approx(whole, rel=1e-12)
    assert abs(np.mean(per_batch) - whole) > 1e-3  # what a mean of per-batch values would report
