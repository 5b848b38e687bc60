r"""Precision, recall and the area under the ROC or precision-recall curve, as Keras computes them.

Each counts, at one or more thresholds $t$, the (weighted) true positives,
false positives, true negatives and false negatives: a prediction is
positive when $\hat y > t$, a label when it is not 0. The counts add up over
batches, so the result after an epoch is the precision of all its samples
(a mean of per-batch precisions would be a different, wrong, number).

- ``Precision``: $TP / (TP + FP)$; ``Recall``: $TP / (TP + FN)$, at
  ``thresholds`` (0.5 by default), optionally for one column (``class_id``)
  or the ``top_k`` outputs of each row.
- ``AUC``: Keras's default is 200 thresholds spread evenly over $[0, 1]$ (the
  two ends moved out by $10^{-7}$), the ROC curve, and the trapezoid rule
  ("interpolation") between consecutive thresholds. ``curve="PR"`` gives the
  precision-recall curve, interpolated as Davis and Goadrich (2006) do;
  ``summation_method`` "minoring" and "majoring" take the lower or upper
  rectangle instead.

Multi-dimensional inputs are flattened: every entry is one prediction.
"""

import numbers

import numpy as np

from . import _reduction, activations
from ._metric import Metric

EPSILON = 1e-7  # Keras's backend.epsilon(), which moves AUC's end thresholds outside [0, 1]
NEG_INF = -1e10  # what top_k gives the outputs it drops (Keras's metrics_utils.NEG_INF)


def _divide(numerator, denominator):
    """``numerator / denominator``, 0 where the denominator is 0 (Keras's divide_no_nan)."""
    numerator = np.asarray(numerator, dtype=np.float64)
    return np.divide(numerator, denominator, out=np.zeros_like(numerator), where=denominator != 0)


def _check_thresholds(thresholds, default):
    """``thresholds`` as a list of floats in [0, 1] (``default`` when None), or a ValueError."""
    if thresholds is None:
        return [default]
    values = list(thresholds) if isinstance(thresholds, (list, tuple, np.ndarray)) else [thresholds]
    for value in values:
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value <= 1:
            raise ValueError(
                f"Thresholds must be numbers in [0, 1] (a prediction above a threshold counts as "
                f"positive), got {thresholds!r}."
            )
    return [float(value) for value in values]


def _keep_top_k(y_pred, k):
    """``y_pred`` with all but the ``k`` largest entries of each row set to NEG_INF (ties: first wins)."""
    top = np.argsort(-y_pred, axis=-1, kind="stable")[..., :k]
    kept = np.full_like(y_pred, NEG_INF)
    np.put_along_axis(kept, top, np.take_along_axis(y_pred, top, axis=-1), axis=-1)
    return kept


def confusion_counts(y_true, y_pred, thresholds, sample_weight=None, top_k=None, class_id=None, clip=False):
    """Weighted ``(tp, fp, tn, fn)`` at each threshold, each an array of ``len(thresholds)``.

    A prediction counts as positive at threshold $t$ when it is greater than $t$.
    Sorting the predictions once and summing the weights from the top gives
    every threshold's counts with one ``searchsorted``.
    """
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_pred, y_true = _reduction.align_ranks(y_pred, y_true)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true has shape {y_true.shape} and y_pred has shape {y_pred.shape}; precision, recall "
            f"and AUC compare them entry by entry, so they need the same shape (a trailing axis of "
            f"length 1 may differ)."
        )
    weights = np.ones_like(y_pred)
    if sample_weight is not None:
        given = _reduction.weights_array(sample_weight)[..., np.newaxis]  # one weight per sample
        _, given = _reduction.align_ranks(y_true, given, expand_rank_1=False)
        try:
            weights = np.broadcast_to(given, y_pred.shape)
        except ValueError:
            raise ValueError(
                f"sample_weight has shape {np.shape(sample_weight)}, which does not fit predictions "
                f"of shape {y_pred.shape}. Give one weight per sample or a single number."
            ) from None
    if top_k is not None:
        y_pred = _keep_top_k(y_pred, top_k)
    if class_id is not None:
        if y_pred.ndim == 1:
            raise ValueError(
                f"When class_id is provided, y_pred must be a 2D array with shape (num_samples, "
                f"num_classes), found shape: {y_pred.shape}."
            )
        y_true, y_pred, weights = y_true[..., class_id], y_pred[..., class_id], weights[..., class_id]
    if clip:
        y_pred = np.clip(y_pred, 0.0, 1.0)
    y_pred, weights = y_pred.ravel(), weights.ravel()
    positive = y_true.ravel() != 0
    order = np.argsort(y_pred, kind="stable")
    sorted_pred = y_pred[order]
    positive_weights = np.where(positive, weights, 0.0)[order]
    negative_weights = np.where(positive, 0.0, weights)[order]
    # weight_above[i]: the weight of the predictions at sorted positions i, i + 1, ..., the last
    tp_above = np.append(np.cumsum(positive_weights[::-1])[::-1], 0.0)
    fp_above = np.append(np.cumsum(negative_weights[::-1])[::-1], 0.0)
    first_above = np.searchsorted(sorted_pred, np.asarray(thresholds, dtype=np.float64), side="right")
    tp, fp = tp_above[first_above], fp_above[first_above]
    return tp, fp, negative_weights.sum() - fp, positive_weights.sum() - tp


class _ThresholdMetric(Metric):
    """Precision and recall: counts at ``thresholds``, optionally ``top_k`` or one ``class_id``."""

    _direction = "up"  # as Keras marks it: higher is better

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = _check_thresholds(thresholds, 0.5 if top_k is None else NEG_INF)
        self.top_k = top_k
        self.class_id = class_id
        self.reset_state()

    def update_state(self, y_true, y_pred, sample_weight=None):
        tp, fp, _, fn = confusion_counts(
            y_true, y_pred, self.thresholds, sample_weight, self.top_k, self.class_id
        )
        self.true_positives += tp
        self.false_positives += fp
        self.false_negatives += fn

    def reset_state(self):
        self.true_positives = np.zeros(len(self.thresholds))
        self.false_positives = np.zeros(len(self.thresholds))
        self.false_negatives = np.zeros(len(self.thresholds))

    def _per_threshold(self, values):
        return float(values[0]) if len(self.thresholds) == 1 else values


class Precision(_ThresholdMetric):
    r"""$TP / (TP + FP)$: of the predictions above the threshold, the fraction truly positive.

    With several ``thresholds``, ``result()`` is an array, one value per threshold.
    """

    def result(self):
        return self._per_threshold(_divide(self.true_positives, self.true_positives + self.false_positives))


class Recall(_ThresholdMetric):
    r"""$TP / (TP + FN)$: of the positive labels, the fraction predicted above the threshold.

    With several ``thresholds``, ``result()`` is an array, one value per threshold.
    """

    def result(self):
        return self._per_threshold(_divide(self.true_positives, self.true_positives + self.false_negatives))


class AUC(Metric):
    r"""The area under the ROC curve (or the precision-recall curve), from counts at fixed thresholds.

    ``num_thresholds`` (200) thresholds $t_i = i / (N - 1)$, the first and the
    last moved to $-10^{-7}$ and $1 + 10^{-7}$ so that predictions of exactly 0
    and 1 fall inside; or the sorted ``thresholds`` given, with those two ends
    added. For ROC the curve's points are (false positive rate, recall) at each
    threshold, and "interpolation" sums the trapezoids between neighbours.
    ``from_logits=True`` applies the sigmoid to the predictions first.
    """

    _direction = "up"  # as Keras marks it: higher is better
    CURVES = ("ROC", "PR")
    SUMMATION_METHODS = ("interpolation", "minoring", "majoring")

    def __init__(
        self,
        num_thresholds=200,
        curve="ROC",
        summation_method="interpolation",
        name=None,
        dtype=None,
        thresholds=None,
        multi_label=False,
        num_labels=None,
        label_weights=None,
        from_logits=False,
    ):
        super().__init__(name=name, dtype=dtype)
        if str(curve).upper() not in self.CURVES:
            raise ValueError(f'Invalid AUC curve value: "{curve}". Expected values are ["PR", "ROC"].')
        if str(summation_method).lower() not in self.SUMMATION_METHODS:
            raise ValueError(
                f'Invalid AUC summation method value: "{summation_method}". Expected values are '
                f'["interpolation", "majoring", "minoring"].'
            )
        if multi_label or num_labels is not None or label_weights is not None:
            raise ValueError(
                "nnlib's AUC treats every entry as one prediction (multi_label=False); multi_label, "
                "num_labels and label_weights are not supported."
            )
        if thresholds is not None:
            inner = sorted(_check_thresholds(thresholds, None))
            self.num_thresholds = len(inner) + 2
            evenly = np.allclose([0.0, *inner, 1.0], np.linspace(0.0, 1.0, len(inner) + 2), atol=EPSILON)
        else:
            if isinstance(num_thresholds, bool) or not isinstance(num_thresholds, numbers.Integral):
                num_thresholds = -1
            if num_thresholds <= 1:
                raise ValueError(
                    f"Argument `num_thresholds` must be an integer > 1. "
                    f"Received: num_thresholds={num_thresholds}"
                )
            self.num_thresholds = int(num_thresholds)
            inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
            evenly = True
        self._thresholds = np.array([0.0 - EPSILON, *inner, 1.0 + EPSILON])
        self._clip = evenly  # Keras clips predictions to [0, 1] with evenly spread thresholds
        self.curve = str(curve).upper()
        self.summation_method = str(summation_method).lower()
        self.from_logits = bool(from_logits)
        self.reset_state()

    def get_config(self):
        """The arguments that rebuild this AUC (Keras's ``get_config``). Thresholds spread evenly
        are rebuilt from their number; the multi-label arguments, not supported, are left out."""
        return {
            "num_thresholds": self.num_thresholds,
            "curve": self.curve,
            "summation_method": self.summation_method,
            "name": self.name,
            "dtype": self.dtype,
            "thresholds": None if self._clip else [float(t) for t in self._thresholds[1:-1]],
            "from_logits": self.from_logits,
        }

    @property
    def thresholds(self):
        """The thresholds the counts are taken at, ends included."""
        return list(self._thresholds)

    def update_state(self, y_true, y_pred, sample_weight=None):
        if self.from_logits:
            y_pred = activations.sigmoid(np.asarray(y_pred, dtype=np.float64))
        tp, fp, tn, fn = confusion_counts(y_true, y_pred, self._thresholds, sample_weight, clip=self._clip)
        self.true_positives += tp
        self.false_positives += fp
        self.true_negatives += tn
        self.false_negatives += fn

    def reset_state(self):
        shape = len(self._thresholds)
        self.true_positives, self.false_positives = np.zeros(shape), np.zeros(shape)
        self.true_negatives, self.false_negatives = np.zeros(shape), np.zeros(shape)

    def result(self):
        tp, fp, tn, fn = self.true_positives, self.false_positives, self.true_negatives, self.false_negatives
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self._interpolated_pr_auc()
        recall = _divide(tp, tp + fn)
        if self.curve == "ROC":
            x, y = _divide(fp, fp + tn), recall
        else:
            x, y = recall, _divide(tp, tp + fp)
        if self.summation_method == "interpolation":
            heights = (y[:-1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = np.minimum(y[:-1], y[1:])
        else:
            heights = np.maximum(y[:-1], y[1:])
        # thresholds rise, so x falls: each width x[i] - x[i + 1] is >= 0
        return float(np.sum((x[:-1] - x[1:]) * heights))

    def _interpolated_pr_auc(self):
        r"""Precision-recall area with $TP$ and $P = TP + FP$ linear between thresholds.

        Between neighbouring thresholds $A$ and $B$ the precision is
        $(TP_A + s (P - P_A)) / P$ with slope $s = \Delta TP / \Delta P$, and its
        integral over recall is $s [\Delta TP + c \log(P_A / P_B)] / (TP + FN)$,
        where $c = TP_B - s P_B$ (Davis and Goadrich 2006, section 4).
        """
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        delta_tp = tp[:-1] - tp[1:]
        predicted = tp + fp
        slope = _divide(delta_tp, np.maximum(predicted[:-1] - predicted[1:], 0.0))
        intercept = tp[1:] - slope * predicted[1:]
        both_positive = (predicted[:-1] > 0) & (predicted[1:] > 0)
        ratio = np.where(both_positive, _divide(predicted[:-1], np.maximum(predicted[1:], 0.0)), 1.0)
        area = _divide(slope * (delta_tp + intercept * np.log(ratio)), np.maximum(tp[1:] + fn[1:], 0.0))
        return float(np.sum(area))
