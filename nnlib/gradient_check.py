r"""Gradient checking: compare backpropagation with finite differences.

The central difference $\frac{f(w + \epsilon) - f(w - \epsilon)}{2\epsilon}$ has an
error of order $\epsilon^2$, so with $\epsilon = 10^{-6}$ in float64 a correct
gradient agrees to a relative error of about $10^{-8}$ or better; an error
above $10^{-4}$ almost always means a bug. The relative error of two arrays is

$$ \frac{\lVert g_\text{backprop} - g_\text{numeric} \rVert}
        {\max(\lVert g_\text{backprop} \rVert + \lVert g_\text{numeric} \rVert, 10^{-12})}, $$

which stays meaningful when the gradients are tiny. Check in float64: float32
round-off alone is about $10^{-4}$.
"""

from dataclasses import dataclass

import numpy as np


def numerical_gradient(f, w, epsilon=1e-6):
    """Central-difference gradient of the scalar function ``f()`` with respect to ``w``.

    ``w`` is changed in place, one entry at a time, and restored; ``f`` takes
    no arguments and reads ``w`` (for example through a model's weights).
    Returns an array shaped like ``w``.

    Defined in chapter 4, *Backpropagation*.
    """
    grad = np.zeros(w.shape, dtype=np.float64)
    flat_w, flat_grad = w.reshape(-1), grad.reshape(-1)
    if not np.shares_memory(flat_w, w):
        raise ValueError("numerical_gradient needs a contiguous array it can change in place.")
    for i in range(flat_w.size):
        original = flat_w[i]
        flat_w[i] = original + epsilon
        loss_plus = f()
        flat_w[i] = original - epsilon
        loss_minus = f()
        flat_w[i] = original
        flat_grad[i] = (loss_plus - loss_minus) / (2 * epsilon)
    return grad


def relative_error(a, b):
    """``||a - b|| / max(||a|| + ||b||, 1e-12)``: 0 when equal, 1 when opposite."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12))


@dataclass
class ParameterCheck:
    """The check of one weight array."""

    layer: str
    weight: str
    shape: tuple
    relative_error: float
    absolute_error: float  # the largest |backprop - numeric| of one entry

    def passed(self, tolerance=1e-6, absolute_tolerance=1e-8):
        """Close in relative terms, or both gradients at round-off level (e.g. exactly 0)."""
        return self.relative_error < tolerance or self.absolute_error < absolute_tolerance


class GradientCheckReport(list):
    """One ``ParameterCheck`` per weight array; printable as a table."""

    @property
    def max_error(self):
        return max((row.relative_error for row in self), default=0.0)

    def passed(self, tolerance=1e-6, absolute_tolerance=1e-8):
        """True when every weight array passes (see ``ParameterCheck.passed``)."""
        return all(row.passed(tolerance, absolute_tolerance) for row in self)

    def __str__(self):
        # columns widen for long names ("batch_normalization", "moving_mean")
        layer = max([14] + [len(r.layer) + 2 for r in self])
        weight = max([8] + [len(r.weight) + 2 for r in self])
        lines = [f"{'layer':<{layer}}{'weight':<{weight}}{'shape':<14}{'relative error':<16}absolute error"]
        lines += [
            f"{r.layer:<{layer}}{r.weight:<{weight}}{str(r.shape):<14}{r.relative_error:<16.2e}"
            f"{r.absolute_error:.2e}"
            for r in self
        ]
        return "\n".join(lines)

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))


def check_gradients(model, x, y, epsilon=1e-6, training=False, sample_weight=None):
    """Check every trainable weight of a compiled ``model`` on the batch ``(x, y)``.

    Backprop gradients come from ``model.loss_and_gradients``; the numeric
    ones perturb each weight in turn. Runs in inference mode (dropout off), so
    the loss is a deterministic function of the weights; ``training=True``
    checks the training-mode pass instead, for layers that compute something
    else while training but nothing random (``BatchNormalization``'s batch
    statistics; a ``Dropout`` would draw new masks at every evaluation, and
    each evaluation also moves the moving statistics). Returns a
    ``GradientCheckReport``; ``report.passed()`` is True when every array's
    relative error is below 1e-6 (or its entries differ by less than 1e-8).
    ``sample_weight`` weights each sample's loss, as ``fit`` does.

    Defined in chapter 4, *Backpropagation*.
    """
    _, backprop = model.loss_and_gradients(x, y, training, sample_weight)

    def loss():
        return model.loss_and_gradients(x, y, training, sample_weight)[0]

    report = GradientCheckReport()
    weights = [
        (layer, name) for layer in model._flat_layers if layer.trainable for name in layer.weight_names
    ]
    for (layer, name), analytic in zip(weights, backprop):
        numeric = numerical_gradient(loss, getattr(layer, name), epsilon)
        report.append(
            ParameterCheck(
                layer.name,
                name,
                analytic.shape,
                relative_error(analytic, numeric),
                float(np.max(np.abs(analytic - numeric))),
            )
        )
    return report
