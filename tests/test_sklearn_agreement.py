"""nnlib trains step for step like scikit-learn's MLPs, once conventions are converted.

For the same initial weights, data order and hyper-parameters, the loss
before each full-batch step and the weights after it must agree to 1e-8.
The conversions (scikit-learn's squared loss carries a factor 1/2 and its L2
penalty is divided by the batch size) live in ``nnlib.from_sklearn``.
"""

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_classification, make_regression
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler

from nnlib.from_sklearn import sequential_from_mlp

N_STEPS = 6
N_SAMPLES = 40
TOLERANCE = 1e-8


def sklearn_run(estimator, X, y, n_steps):
    """The loss before each step and the weights after it, from the same start.

    A warm-started ``fit`` with ``max_iter=k`` makes k full-batch steps with a
    fresh optimizer; resetting the weights and counters before each fit gives
    every k the same starting point.
    """
    start = ([w.copy() for w in estimator.coefs_], [b.copy() for b in estimator.intercepts_])
    losses, weights = None, []
    for k in range(1, n_steps + 1):
        estimator.coefs_ = [w.copy() for w in start[0]]
        estimator.intercepts_ = [b.copy() for b in start[1]]
        estimator.loss_curve_, estimator.t_, estimator.n_iter_ = [], 0, 0
        estimator.best_loss_, estimator._no_improvement_count = np.inf, 0
        estimator.set_params(max_iter=k)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            estimator.fit(X, y)
        losses = list(estimator.loss_curve_)
        weights.append([w for pair in zip(estimator.coefs_, estimator.intercepts_) for w in pair])
    estimator.coefs_, estimator.intercepts_ = start
    return losses, weights


def nnlib_run(model, X, y, n_steps):
    losses, weights = [], []
    for _ in range(n_steps):
        losses.append(model.train_on_batch(X, y))
        weights.append(model.get_weights())
    return losses, weights


def make_estimator(kind, activation, solver, momentum, nesterov, alpha):
    settings = dict(
        hidden_layer_sizes=(7, 5),
        activation=activation,
        solver=solver,
        alpha=alpha,
        batch_size=N_SAMPLES,
        learning_rate_init=0.05,
        momentum=momentum,
        nesterovs_momentum=nesterov,
        shuffle=False,
        max_iter=1,
        tol=0.0,
        n_iter_no_change=10**6,
        warm_start=True,
        random_state=0,
    )
    return MLPRegressor(**settings) if kind == "regression" else MLPClassifier(**settings)


def make_data(kind):
    if kind == "regression":
        X, y = make_regression(n_samples=N_SAMPLES, n_features=4, noise=5.0, random_state=1)
        y = (y - y.mean()) / y.std()
    else:
        n_classes = 3 if kind == "multiclass" else 2
        X, y = make_classification(
            n_samples=N_SAMPLES,
            n_features=4,
            n_informative=3,
            n_redundant=0,
            n_classes=n_classes,
            random_state=1,
        )
    return StandardScaler().fit_transform(X), y


CASES = [
    (kind, activation, solver, momentum, nesterov, alpha)
    for kind in ("multiclass", "binary", "regression")
    for activation, solver, momentum, nesterov, alpha in [
        ("relu", "sgd", 0.0, False, 0.0),
        ("tanh", "sgd", 0.9, False, 1e-2),
        ("logistic", "sgd", 0.9, True, 1e-3),
        ("relu", "adam", 0.9, True, 1e-2),
    ]
]


@pytest.mark.parametrize("kind, activation, solver, momentum, nesterov, alpha", CASES)
def test_losses_and_weights_match_sklearn_step_by_step(kind, activation, solver, momentum, nesterov, alpha):
    X, y = make_data(kind)
    estimator = make_estimator(kind, activation, solver, momentum, nesterov, alpha)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        estimator.fit(X, y)  # one step: only to create the weights both will start from
    model = sequential_from_mlp(estimator, batch_size=len(X))
    targets = y if kind == "regression" else np.searchsorted(estimator.classes_, y)

    nnlib_losses, nnlib_weights = nnlib_run(model, X, targets, N_STEPS)
    sklearn_losses, sklearn_weights = sklearn_run(estimator, X, y, N_STEPS)

    loss_scale = 2.0 if kind == "regression" else 1.0  # MSE vs scikit-learn's MSE / 2
    np.testing.assert_allclose(nnlib_losses, loss_scale * np.array(sklearn_losses), rtol=TOLERANCE, atol=0)
    for step, (ours, theirs) in enumerate(zip(nnlib_weights, sklearn_weights), start=1):
        for i, (a, b) in enumerate(zip(ours, theirs)):
            np.testing.assert_allclose(
                a,
                b,
                rtol=TOLERANCE,
                atol=TOLERANCE * np.abs(b).max(),
                err_msg=f"weight array {i} after step {step}",
            )
    assert not np.allclose(nnlib_weights[-1][0], sklearn_weights[0][0]), "training must move the weights"


def test_without_the_conversion_regression_does_not_match():
    """The factor 1/2 is real: the plain learning rate gives other weights."""
    X, y = make_data("regression")
    estimator = make_estimator("regression", "tanh", "sgd", 0.0, False, 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        estimator.fit(X, y)
    model = sequential_from_mlp(estimator, batch_size=len(X))
    model.optimizer.learning_rate = estimator.learning_rate_init  # undo the conversion
    _, nnlib_weights = nnlib_run(model, X, y, 2)
    _, sklearn_weights = sklearn_run(estimator, X, y, 2)
    assert not np.allclose(nnlib_weights[-1][0], sklearn_weights[-1][0], rtol=1e-4)


def test_conversion_refuses_what_it_cannot_match():
    X, y = make_data("multiclass")
    estimator = MLPClassifier(hidden_layer_sizes=(3,), solver="lbfgs", max_iter=5, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        estimator.fit(X, y)
    with pytest.raises(ValueError, match="Only the 'sgd' and 'adam' solvers"):
        sequential_from_mlp(estimator, batch_size=len(X))
