r"""Weight penalties that enter both the loss and its gradient.

As in Keras, with no factor 1/2 and no division by the number of samples:

- ``L1(l1)``: $\Omega(W) = \lambda_1 \sum |w|$, gradient $\lambda_1\,\mathrm{sign}(W)$;
- ``L2(l2)``: $\Omega(W) = \lambda_2 \sum w^2$, gradient $2 \lambda_2 W$ (weight decay);
- ``L1L2(l1, l2)``: the sum of both.

A regularizer is attached to a layer (``Dense(..., kernel_regularizer="l2")``);
the model adds $\Omega$ to the loss it reports and $\partial\Omega/\partial W$ to
the kernel's gradient.
"""

import numpy as np

from ._serialization import Configurable
from ._validation import lookup


class Regularizer(Configurable):
    """Base class: ``penalty(W) -> float`` and ``gradient(W) -> array like W``."""

    def __call__(self, weights):
        return self.penalty(weights)

    def penalty(self, weights):
        raise NotImplementedError

    def gradient(self, weights):
        raise NotImplementedError


class L1L2(Regularizer):
    r"""$\lambda_1 \sum |w| + \lambda_2 \sum w^2$."""

    def __init__(self, l1=0.0, l2=0.0):
        self.l1, self.l2 = float(l1), float(l2)

    def penalty(self, weights):
        total = 0.0
        if self.l1:
            total += self.l1 * float(np.abs(weights).sum())
        if self.l2:
            total += self.l2 * float(np.sum(weights * weights))
        return total

    def gradient(self, weights):
        grad = np.zeros_like(weights)
        if self.l1:
            grad += self.l1 * np.sign(weights)
        if self.l2:
            grad += (2.0 * self.l2) * weights
        return grad

    def __repr__(self):
        return f"{type(self).__name__}(l1={self.l1}, l2={self.l2})"


class L1(L1L2):
    r"""Lasso penalty $\lambda_1 \sum |w|$: pushes weights to exactly zero.

    Defined in chapter 7, *Overfitting and regularization*.
    """

    def __init__(self, l1=0.01):
        super().__init__(l1=l1)

    def __repr__(self):
        return f"L1(l1={self.l1})"


class L2(L1L2):
    r"""Ridge penalty (weight decay) $\lambda_2 \sum w^2$: shrinks every weight.

    Defined in chapter 7, *Overfitting and regularization*.
    """

    def __init__(self, l2=0.01):
        super().__init__(l2=l2)

    def __repr__(self):
        return f"L2(l2={self.l2})"


REGULARIZERS = {"l1": L1, "l2": L2, "l1_l2": L1L2, "l1l2": L1L2}


def get(identifier):
    """Return the regularizer for None, a name ("l2"), a class or an instance."""
    if identifier is None:
        return None
    return lookup(identifier, REGULARIZERS, "regularizer", Regularizer)


l1 = L1
l2 = L2
l1_l2 = L1L2
