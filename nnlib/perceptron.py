r"""Rosenblatt's perceptron: a step-activated neuron and its learning rule.

For a sample $x$ with label $y \in \{0, 1\}$ the perceptron predicts
$\hat y = \text{step}(w \cdot x + b)$ and, when it is wrong, moves the
boundary towards the sample:

$$ w \leftarrow w + \eta\,(y - \hat y)\,x, \qquad b \leftarrow b + \eta\,(y - \hat y). $$

On linearly separable data this stops making mistakes after finitely many
updates (the perceptron convergence theorem); on XOR it never does.
"""

import numpy as np

from ._seeding import make_rng
from ._validation import (
    as_float_array,
    check_learning_rate,
    check_positive_int,
    check_same_length,
)
from .activations import step


def perceptron_update(w, b, x, y, learning_rate=1.0):
    r"""One step of the perceptron rule for one sample ``x`` (shape ``(n_features,)``) with label ``y``.

    Predict $\hat y = \text{step}(w \cdot x + b)$, then move by $\eta (y - \hat y)$:
    nothing when the prediction is right, towards the sample when it is wrong.
    Returns the new ``(w, b)``; the arguments are not changed.

    Defined in chapter 1, *The perceptron*.
    """
    error = y - step(np.dot(w, x) + b)  # 0 when right, +1 or -1 when wrong
    return w + learning_rate * error * x, b + learning_rate * error


class Perceptron:
    """The classic perceptron, scikit-learn style: ``fit(X, y)`` then ``predict(X)``.

    Parameters: ``learning_rate`` $\\eta$ (a number, or a schedule of the epoch),
    ``max_epochs`` (passes over the data), ``shuffle`` (visit samples in a new
    random order each epoch) and ``seed``. Weights start at zero.

    Fitted attributes: ``weights_`` (n_features,), ``bias_``, ``errors_`` (the
    number of mistakes in each epoch) and ``converged_`` (an epoch without
    mistakes was reached).

    Defined in chapter 1, *The perceptron*.
    """

    def __init__(self, learning_rate=1.0, max_epochs=100, shuffle=False, seed=None):
        self.learning_rate = check_learning_rate(learning_rate)
        self.max_epochs = check_positive_int(max_epochs, "max_epochs")
        self.shuffle = shuffle
        self.seed = seed

    def net_input(self, X):
        r"""$z = Xw + b$, shape ``(n_samples,)``."""
        return X @ self.weights_ + self.bias_

    def predict(self, X):
        """Predicted labels 0 or 1, shape ``(n_samples,)``."""
        if not hasattr(self, "weights_"):
            raise RuntimeError("This Perceptron is not fitted yet: call fit(X, y) first.")
        X = self._check_X(X)
        if X.shape[1] != len(self.weights_):
            raise ValueError(
                f"X has {X.shape[1]} features, but the perceptron was fitted on {len(self.weights_)}."
            )
        return step(self.net_input(X)).astype(int)

    def fit(self, X, y):
        """Apply the perceptron rule, sample by sample, until an epoch has no mistakes."""
        X = self._check_X(X)
        y = as_float_array(y, "y").ravel()
        check_same_length(X, y, "X")
        if not np.isin(y, (0, 1)).all():
            raise ValueError(
                f"The perceptron learns labels 0 and 1, but y holds {np.unique(y)[:5]}. Map the "
                f"labels to 0/1, e.g. y = (y == positive_label).astype(int)."
            )
        rng = make_rng(self.seed)
        self.weights_ = np.zeros(X.shape[1])
        self.bias_ = 0.0
        self.errors_ = []
        self.converged_ = False
        for epoch in range(self.max_epochs):
            eta = self.learning_rate(epoch) if callable(self.learning_rate) else self.learning_rate
            order = rng.permutation(len(X)) if self.shuffle else range(len(X))
            mistakes = 0
            for i in order:
                if step(X[i] @ self.weights_ + self.bias_) != y[i]:  # the rule moves only on mistakes
                    mistakes += 1
                    self.weights_, self.bias_ = perceptron_update(self.weights_, self.bias_, X[i], y[i], eta)
            self.errors_.append(mistakes)
            if mistakes == 0:
                self.converged_ = True
                break
        return self

    def score(self, X, y):
        """Accuracy on ``(X, y)``."""
        return float(np.mean(self.predict(X) == np.asarray(y).ravel()))

    @staticmethod
    def _check_X(X):
        X = as_float_array(X, "X")
        if X.ndim != 2:
            raise ValueError(f"X must be 2-D (n_samples, n_features), got shape {X.shape}.")
        return X
