"""Assertions shared by the tests."""

import numpy as np

from nnlib.gradient_check import check_gradients, relative_error

#: Central differences in float64 with epsilon 1e-6 carry a round-off of about
#: 1e-10 times the size of the loss (1e-9 for the losses of these tests). When a
#: gradient is itself that small (a softmax fed equal upstream gradients, a Dense
#: layer fed inputs of 1e-5) the relative error measures only that noise, so an
#: absolute difference below this also passes. A real bug (a missing transpose,
#: a factor 2) shows up as a difference the size of the gradient.
ABSOLUTE_TOLERANCE = 1e-8


def assert_gradient_matches(analytic, numeric, context="", tolerance=1e-6):
    """Relative error below ``tolerance``, or an absolute difference at round-off level."""
    analytic, numeric = np.asarray(analytic), np.asarray(numeric)
    assert analytic.shape == numeric.shape, f"{context}: shapes {analytic.shape} != {numeric.shape}"
    error = relative_error(analytic, numeric)
    largest_difference = float(np.max(np.abs(analytic - numeric), initial=0.0))
    assert error < tolerance or largest_difference < ABSOLUTE_TOLERANCE, (
        f"{context}: relative error {error:.2e}, largest difference {largest_difference:.2e}\n"
        f"backprop:\n{analytic}\nnumeric:\n{numeric}"
    )


def assert_model_gradients_correct(model, x, y, tolerance=1e-6):
    """``check_gradients`` passes: every array below ``tolerance`` in relative error,
    or (a true gradient of exactly zero, such as the output bias under MAE when
    the signs of the errors cancel) equal up to round-off."""
    report = check_gradients(model, x, y)
    assert report.passed(tolerance, ABSOLUTE_TOLERANCE), str(report)
