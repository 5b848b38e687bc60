r"""From one value per sample to one number, as Keras does it: align, weight, reduce.

A loss first computes one value per sample, $\ell_i$ (a loss's ``call``; the
metric functions do the same), and only then combines them:

1. ``align_ranks`` brings ``y_true`` and ``y_pred`` to the same rank when they
   differ by one trailing axis of length 1: labels ``(n,)`` against outputs
   ``(n, 1)`` become ``(n, 1)`` and ``(n, 1)``. This is Keras's
   ``squeeze_or_expand_to_same_rank``. Without it numpy broadcasts ``(n,)``
   against ``(n, 1)`` to ``(n, n)``, compares every target with every
   prediction, and returns a wrong number without a word.
2. ``reduce_weighted`` multiplies each $\ell_i$ by its weight $w_i$ and reduces:

   - ``"sum_over_batch_size"`` (the default; ``"mean"`` is the same):
     $L = \frac{1}{n} \sum_i w_i \ell_i$, divided by the number of values,
     *not* by the sum of the weights;
   - ``"sum"``: $L = \sum_i w_i \ell_i$;
   - ``"mean_with_sample_weight"``: $L = \sum_i w_i \ell_i / \sum_i w_i$;
   - ``"none"`` or ``None``: the weighted values $w_i \ell_i$ themselves.

``gradient_scale`` is the other half of the chain rule: the factor
$\partial L / \partial \ell_i$ by which each sample's own gradient is multiplied.
"""

import math
import numbers

import numpy as np

#: the reductions of Keras 3 (keras/src/losses/loss.py, standardize_reduction)
REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)
_MEANS = ("sum_over_batch_size", "mean")


def check_reduction(reduction):
    """Return ``reduction`` if Keras knows it, else raise with the list of the known ones."""
    if not (reduction is None or isinstance(reduction, str)) or reduction not in REDUCTIONS:
        known = ", ".join(repr(r) for r in REDUCTIONS)
        raise ValueError(
            f"Unknown reduction {reduction!r}. A loss reduces its per-sample values with one of: "
            f"{known}. The default, 'sum_over_batch_size', is the mean over the batch."
        )
    return reduction


def check_label_smoothing(label_smoothing):
    """Return ``label_smoothing`` as a float, or raise unless it is a number in [0, 1]."""
    if (
        isinstance(label_smoothing, bool)
        or not isinstance(label_smoothing, numbers.Real)
        or not 0 <= label_smoothing <= 1
    ):
        raise ValueError(
            f"label_smoothing must be a number between 0 and 1 (0 means no smoothing; 0.1 is "
            f"typical), got {label_smoothing!r}."
        )
    return float(label_smoothing)


def align_ranks(a, b, expand_rank_1=True):
    """``a`` and ``b`` with the same rank when their ranks differ by a trailing axis of length 1.

    The array with the extra axis loses it, except that a rank-1 partner gains
    one instead (``expand_rank_1``): ``(n,)`` and ``(n, 1)`` become ``(n, 1)``
    twice. Any other pair is returned as it came.
    """
    if a.ndim == b.ndim + 1 and a.shape[-1] == 1:
        if b.ndim == 1 and expand_rank_1:
            b = b[:, np.newaxis]
        else:
            a = a[..., 0]
    elif b.ndim == a.ndim + 1 and b.shape[-1] == 1:
        if a.ndim == 1 and expand_rank_1:
            a = a[:, np.newaxis]
        else:
            b = b[..., 0]
    return a, b


def same_shape(y_true, y_pred, what):
    """``y_true`` and ``y_pred`` aligned (``align_ranks``), or a ValueError if they still differ."""
    aligned_true, aligned_pred = align_ranks(y_true, y_pred)
    if aligned_true.shape != aligned_pred.shape:
        raise ValueError(
            f"{what}: y_true has shape {y_true.shape} and y_pred has shape {y_pred.shape}; they "
            f"must have the same shape (only a trailing axis of length 1 may differ, as in (n,) "
            f"and (n, 1)). Pass one target per output unit, in the same layout as the predictions."
        )
    return aligned_true, aligned_pred


def weights_array(sample_weight, what="sample_weight"):
    """``sample_weight`` as a float array, or a TypeError that says it must be numeric."""
    try:
        weights = np.asarray(sample_weight, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(
            f"{what} must be a number or an array of numbers (one weight per sample), got "
            f"{type(sample_weight).__name__}."
        ) from None
    if not np.all(np.isfinite(weights)):
        raise ValueError(f"{what} contains NaN or infinite values; every weight must be a finite number.")
    return weights


def weight_values(values, sample_weight):
    """``(weighted values, weights)``: each value times its weight, the two aligned as Keras aligns them."""
    weights = weights_array(sample_weight)
    values, weights = align_ranks(values, weights)
    try:
        np.broadcast_shapes(values.shape, weights.shape)
    except ValueError:
        raise ValueError(
            f"sample_weight has shape {weights.shape}, which does not fit the per-sample values "
            f"of shape {values.shape}. Give one weight per sample (shape ({len(values)},)) or a "
            f"single number."
        ) from None
    return values * weights, weights


def reduce_weighted(values, sample_weight=None, reduction="sum_over_batch_size"):
    """Weight the per-sample ``values`` and reduce them (see the module docstring).

    Returns a float, or the weighted values themselves for ``"none"``/``None``
    (and for a single value, which needs no reducing).
    """
    if sample_weight is None and reduction in _MEANS and getattr(values, "ndim", 0) == 1:
        return float(values.sum() / values.size)  # the usual case, at every training step
    values = np.asarray(values, dtype=np.float64)
    weights = None
    if sample_weight is not None:
        values, weights = weight_values(values, sample_weight)
    if reduction is None or reduction == "none" or values.ndim == 0 or values.size == 0:
        return float(values) if values.ndim == 0 else values
    total = values.sum()
    if reduction == "sum":
        return float(total)
    divisor = weights.sum() if reduction == "mean_with_sample_weight" and weights is not None else values.size
    return float(total / divisor) if divisor else 0.0  # Keras's divide_no_nan


def gradient_scale(values_shape, sample_weight, reduction):
    r"""$\partial L / \partial \ell_i$: a number, or an array of shape ``values_shape + (1,)``.

    Multiplying a sample's own gradient $\partial \ell_i / \partial \hat y_i$ by it
    gives $\partial L / \partial \hat y_i$. For ``"none"`` the gradient is that
    of the sum, as Keras's gradient of a vector of losses is.
    """
    n_values = math.prod(values_shape)
    if sample_weight is None:
        if reduction in _MEANS or reduction == "mean_with_sample_weight":
            return 1.0 / n_values
        return 1.0
    weights = weights_array(sample_weight)
    if weights.ndim:
        if weights.size != n_values:
            raise ValueError(
                f"sample_weight has {weights.size} entries, but there are {n_values} per-sample "
                f"values (shape {tuple(values_shape)}); give one weight per sample."
            )
        weights = weights.reshape(tuple(values_shape) + (1,))
    if reduction in _MEANS:
        return weights / n_values
    if reduction == "mean_with_sample_weight":
        divisor = weights.sum()
        return weights / divisor if divisor else weights * 0.0
    return weights
