"""The base class of the losses: ``call`` gives one value per sample, the reduction one number.

``losses.py`` says how a loss works and lists the losses; this module holds
what they all share: ``__call__`` (Keras's ``loss(y_true, y_pred,
sample_weight)`` on anything array-like), ``forward`` (the same on arrays, for
training) and the lining up of ``y_true`` with ``y_pred``.
"""

from . import _reduction, _validation
from ._serialization import Configurable


class Loss(Configurable):
    """Base class: ``call`` gives one value per sample, the reduction one number.

    A subclass writes ``call(y_true, y_pred)`` (shape ``(batch,)``) and, to be
    trainable, ``gradient(y_true, y_pred, sample_weight=None)``.
    """

    name = "loss"

    def __init__(self, reduction="sum_over_batch_size", name=None):
        self.reduction = _reduction.check_reduction(reduction)
        if name is not None:
            self.name = name

    def __call__(self, y_true, y_pred, sample_weight=None):
        """The loss of a batch, Keras's ``loss(y_true, y_pred, sample_weight)``.

        Takes lists or arrays, lines ``y_true`` up with ``y_pred`` (a trailing
        axis of length 1 may differ) and raises if their shapes cannot agree.
        ``sample_weight`` is a number or one weight per sample.
        """
        y_true = _validation.as_float_array(y_true, "y_true")
        y_pred = _validation.as_float_array(y_pred, "y_pred")
        return self.forward(*self._aligned(y_true, y_pred), sample_weight)

    def forward(self, y_true, y_pred, sample_weight=None):
        """The reduced loss of two arrays (a float; the values for reduction ``"none"``)."""
        y_true, y_pred = self._aligned(y_true, y_pred)
        return _reduction.reduce_weighted(self.call(y_true, y_pred), sample_weight, self.reduction)

    def call(self, y_true, y_pred):
        raise NotImplementedError(f"{type(self).__name__} needs call(y_true, y_pred): one value per sample.")

    def gradient(self, y_true, y_pred, sample_weight=None):
        raise NotImplementedError(
            f"{type(self).__name__} has no gradient, so a model cannot train on it: write "
            f"gradient(y_true, y_pred, sample_weight=None), the derivative of the reduced loss."
        )

    def _aligned(self, y_true, y_pred):
        if y_true.shape == y_pred.shape:  # the usual case, in training: nothing to check
            return y_true, y_pred
        return _reduction.same_shape(y_true, y_pred, type(self).__name__)

    def _scale(self, y_pred, sample_weight):
        r"""$\partial L / \partial \ell_i$ for the samples of ``y_pred``: $w_i / n$ by default."""
        return _reduction.gradient_scale(y_pred.shape[:-1], sample_weight, self.reduction)

    def prepare_targets(self, y, n_outputs, dtype):
        """Validate ``y`` for this loss and return it in the shape it computes with."""
        return _validation.real_targets(y, n_outputs, self.name, dtype)

    def _options(self):
        """The constructor arguments that differ from their defaults, for ``repr``."""
        options = {}
        if self.reduction != "sum_over_batch_size":
            options["reduction"] = self.reduction
        if self.name != type(self).name:
            options["name"] = self.name
        return options

    def __repr__(self):
        arguments = ", ".join(f"{key}={value!r}" for key, value in self._options().items())
        return f"{type(self).__name__}({arguments})"
