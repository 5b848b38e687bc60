"""Rosenblatt's perceptron: learns AND and OR, fails on XOR, follows the rule by hand."""

import numpy as np
import pytest

from nnlib.optimizers import schedules
from nnlib.perceptron import Perceptron

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
AND = np.array([0, 0, 0, 1])
OR = np.array([0, 1, 1, 1])
XOR = np.array([0, 1, 1, 0])


@pytest.mark.parametrize("y", [AND, OR], ids=["AND", "OR"])
def test_perceptron_learns_linearly_separable_gates(y):
    perceptron = Perceptron().fit(X, y)
    assert perceptron.converged_
    assert perceptron.errors_[-1] == 0
    np.testing.assert_array_equal(perceptron.predict(X), y)
    assert perceptron.score(X, y) == 1.0


def test_perceptron_cannot_learn_xor():
    perceptron = Perceptron(max_epochs=50).fit(X, XOR)
    assert not perceptron.converged_
    assert len(perceptron.errors_) == 50
    assert min(perceptron.errors_) > 0
    assert perceptron.score(X, XOR) < 1.0


def test_and_from_zero_weights_follows_the_rule_worked_by_hand():
    """eta = 1, samples in order, step(0) = 1:

    epoch 1: (0,0) fires, wrong -> w=(0,0) b=-1;  (1,1) silent, wrong -> w=(1,1) b=0      2 mistakes
    epoch 2: (0,0) -> w=(1,1) b=-1;  (0,1) -> w=(1,0) b=-2;  (1,1) -> w=(2,1) b=-1        3 mistakes
    epoch 3: (0,1) -> w=(2,0) b=-2;  (1,0) -> w=(1,0) b=-3;  (1,1) -> w=(2,1) b=-2        3 mistakes
    epoch 4: (1,0) -> w=(1,1) b=-3;  (1,1) -> w=(2,2) b=-2                                2 mistakes
    epoch 5: (0,1) -> w=(2,1) b=-3                                                        1 mistake
    epoch 6: no mistakes
    """
    perceptron = Perceptron(learning_rate=1.0).fit(X, AND)
    np.testing.assert_array_equal(perceptron.weights_, [2.0, 1.0])
    assert perceptron.bias_ == -3.0
    assert perceptron.errors_ == [2, 3, 3, 2, 1, 0]


def reference_perceptron(X, y, learning_rate, max_epochs):
    """The perceptron rule in plain Python, independent of nnlib."""
    w, b = [0.0] * len(X[0]), 0.0
    errors = []
    for _ in range(max_epochs):
        mistakes = 0
        for x_i, y_i in zip(X.tolist(), y.tolist()):
            z = sum(w_j * x_j for w_j, x_j in zip(w, x_i)) + b
            y_hat = 1 if z >= 0 else 0
            if y_hat != y_i:
                w = [w_j + learning_rate * (y_i - y_hat) * x_j for w_j, x_j in zip(w, x_i)]
                b += learning_rate * (y_i - y_hat)
                mistakes += 1
        errors.append(mistakes)
        if mistakes == 0:
            break
    return w, b, errors


@pytest.mark.parametrize("learning_rate", [1.0, 0.5, 0.1])
@pytest.mark.parametrize("y", [AND, OR, XOR], ids=["AND", "OR", "XOR"])
def test_perceptron_matches_the_rule_in_plain_python(y, learning_rate):
    perceptron = Perceptron(learning_rate=learning_rate, max_epochs=20).fit(X, y)
    w, b, errors = reference_perceptron(X, y, learning_rate, 20)
    np.testing.assert_allclose(perceptron.weights_, w, rtol=1e-12)
    assert perceptron.bias_ == pytest.approx(b)
    assert perceptron.errors_ == errors


def test_perceptron_separates_a_larger_separable_data_set():
    rng = np.random.default_rng(0)
    X_big = rng.normal(size=(200, 3))
    y = (X_big @ np.array([1.0, -2.0, 0.5]) + 0.3 > 0).astype(int)
    perceptron = Perceptron(max_epochs=1000, shuffle=True, seed=0).fit(X_big, y)
    assert perceptron.converged_
    assert perceptron.score(X_big, y) == 1.0


def test_shuffled_training_is_reproducible_with_a_seed():
    first = Perceptron(shuffle=True, seed=3).fit(X, OR)
    second = Perceptron(shuffle=True, seed=3).fit(X, OR)
    np.testing.assert_array_equal(first.weights_, second.weights_)
    assert first.errors_ == second.errors_


def test_a_schedule_can_be_the_learning_rate():
    schedule = schedules.StepDecay(1.0, step_size=1, factor=0.5)  # eta = 1, 0.5, 0.25, ... by epoch
    perceptron = Perceptron(learning_rate=schedule).fit(X, AND)
    assert perceptron.converged_
    np.testing.assert_array_equal(perceptron.predict(X), AND)
    # epoch 1 updates with eta = 1: the same two mistakes as the hand-worked run
    assert perceptron.errors_[0] == 2


def test_a_schedule_sets_the_step_of_each_epoch():
    rates = []

    def schedule(epoch):
        rates.append(epoch)
        return 0.5

    perceptron = Perceptron(learning_rate=schedule).fit(X, AND)
    assert rates == list(range(len(perceptron.errors_)))
    w, b, _ = reference_perceptron(X, AND, 0.5, 100)
    np.testing.assert_allclose(perceptron.weights_, w)


def test_fit_returns_self():
    perceptron = Perceptron()
    assert perceptron.fit(X, AND) is perceptron


@pytest.mark.parametrize("labels", [[0, 1, 2, 1], [-1, 1, 1, -1], [0, 0.5, 1, 1]])
def test_labels_must_be_zero_or_one(labels):
    with pytest.raises(
        ValueError,
        match=r"The perceptron learns labels 0 and 1, but y holds .*Map the labels to "
        r"0/1, e.g. y = \(y == positive_label\).astype\(int\)",
    ):
        Perceptron().fit(X, np.array(labels))


def test_predict_before_fit_is_an_error():
    with pytest.raises(RuntimeError, match=r"This Perceptron is not fitted yet: call fit\(X, y\) first"):
        Perceptron().predict(X)


def test_predict_with_a_different_number_of_features_is_an_error():
    perceptron = Perceptron().fit(X, AND)
    with pytest.raises(ValueError, match="X has 3 features, but the perceptron was fitted on 2"):
        perceptron.predict(np.ones((2, 3)))


def test_x_must_be_two_dimensional():
    with pytest.raises(ValueError, match=r"X must be 2-D \(n_samples, n_features\), got shape \(4,\)"):
        Perceptron().fit(np.array([0.0, 1.0, 2.0, 3.0]), AND)


def test_x_and_y_lengths_must_match():
    with pytest.raises(ValueError, match="X has 4 samples but y has 3"):
        Perceptron().fit(X, AND[:3])


def test_nan_in_x_is_rejected():
    X_bad = X.copy()
    X_bad[1, 0] = np.nan
    with pytest.raises(ValueError, match=r"X contains 1 NaN"):
        Perceptron().fit(X_bad, AND)


@pytest.mark.parametrize("learning_rate", [0, -1.0])
def test_learning_rate_must_be_positive(learning_rate):
    with pytest.raises(ValueError, match="learning_rate must be a positive number"):
        Perceptron(learning_rate=learning_rate)


def test_max_epochs_must_be_a_positive_whole_number():
    with pytest.raises(ValueError, match="max_epochs must be a whole number of at least 1, got 0"):
        Perceptron(max_epochs=0)
