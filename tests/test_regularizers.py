"""Regularizers: Keras's penalties (no 1/2, no division by n), their gradients, and
how they enter a model's loss and gradients."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnlib import Sequential, layers, optimizers, regularizers
from nnlib.gradient_check import numerical_gradient

from .checks import assert_gradient_matches, assert_model_gradients_correct
from .strategies import away_from_zero, matrices, seeds

W = np.array([[1.0, -2.0], [0.5, 0.0]])


def test_l1_penalty_is_lambda_times_sum_of_absolute_values():
    assert regularizers.L1(0.1).penalty(W) == pytest.approx(0.1 * 3.5)


def test_l2_penalty_is_lambda_times_sum_of_squares_without_one_half():
    assert regularizers.L2(0.1).penalty(W) == pytest.approx(0.1 * 5.25)


def test_l1l2_penalty_is_the_sum_of_both():
    assert regularizers.L1L2(l1=0.1, l2=0.2).penalty(W) == pytest.approx(0.1 * 3.5 + 0.2 * 5.25)


def test_penalty_does_not_depend_on_anything_but_the_weights():
    """No division by the number of weights: a repeated array has twice the penalty."""
    l2 = regularizers.L2(0.3)
    assert l2.penalty(np.vstack([W, W])) == pytest.approx(2 * l2.penalty(W))


def test_calling_a_regularizer_gives_its_penalty():
    assert regularizers.L2(0.1)(W) == regularizers.L2(0.1).penalty(W)


def test_gradients_by_hand():
    np.testing.assert_allclose(regularizers.L1(0.1).gradient(W), [[0.1, -0.1], [0.1, 0.0]])
    np.testing.assert_allclose(regularizers.L2(0.1).gradient(W), 2 * 0.1 * W)


def test_keras_defaults():
    assert regularizers.L1().l1 == 0.01
    assert regularizers.L2().l2 == 0.01
    assert (regularizers.L1L2().l1, regularizers.L1L2().l2) == (0.0, 0.0)
    assert regularizers.L1L2().penalty(W) == 0.0


REGULARIZERS = [regularizers.L1(0.3), regularizers.L2(0.3), regularizers.L1L2(l1=0.2, l2=0.7)]


@pytest.mark.parametrize("regularizer", REGULARIZERS, ids=repr)
@given(weights=matrices(low=-3.0, high=3.0))
def test_gradient_matches_central_differences(regularizer, weights):
    weights = away_from_zero(weights, 1e-3)  # |w| has a kink at 0
    numeric = numerical_gradient(lambda: regularizer.penalty(weights), weights)
    assert_gradient_matches(regularizer.gradient(weights), numeric, f"{regularizer!r} at {weights}")


def test_get():
    assert regularizers.get(None) is None
    assert type(regularizers.get("l2")) is regularizers.L2
    assert type(regularizers.get("l1")) is regularizers.L1
    assert type(regularizers.get("l1_l2")) is regularizers.L1L2
    l2 = regularizers.L2(0.5)
    assert regularizers.get(l2) is l2


def test_unknown_regularizer_lists_the_known_ones():
    with pytest.raises(
        ValueError, match=r"Unknown regularizer 'l3'\..*Known regularizers: l1, l1_l2, l1l2, l2\."
    ):
        regularizers.get("l3")


# In a model


def twin_models(seed, kernel_regularizer, bias_regularizer):
    """The same network twice with the same weights, with and without regularizers."""

    def build(kernel_reg, bias_reg):
        return Sequential(
            [
                layers.Dense(
                    4,
                    activation="tanh",
                    input_shape=(3,),
                    kernel_regularizer=kernel_reg,
                    bias_regularizer=bias_reg,
                    bias_initializer="random_normal",
                ),
                layers.Dense(2, kernel_regularizer=kernel_reg),
            ],
            seed=seed,
        )

    regularized, plain = build(kernel_regularizer, bias_regularizer), build(None, None)
    plain.set_weights(regularized.get_weights())
    for model in (regularized, plain):
        model.compile(optimizer="sgd", loss="mse")
    return regularized, plain


def expected_penalty(model, kernel_regularizer, bias_regularizer):
    kernels = [model.layers[0].kernel, model.layers[1].kernel]
    return sum(kernel_regularizer.penalty(k) for k in kernels) + bias_regularizer.penalty(
        model.layers[0].bias
    )


@given(
    seed=seeds,
    kernel_regularizer=st.sampled_from(REGULARIZERS),
    bias_regularizer=st.sampled_from(REGULARIZERS),
)
def test_model_loss_with_regularizers_is_loss_without_plus_penalty(
    seed, kernel_regularizer, bias_regularizer
):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(10, 3)), rng.normal(size=(10, 2))
    regularized, plain = twin_models(seed, kernel_regularizer, bias_regularizer)
    penalty = expected_penalty(regularized, kernel_regularizer, bias_regularizer)
    assert penalty > 0
    assert regularized.evaluate(x, y) == pytest.approx(plain.evaluate(x, y) + penalty, rel=1e-12)
    loss, _ = regularized.loss_and_gradients(x, y)
    assert loss == pytest.approx(plain.loss_and_gradients(x, y)[0] + penalty, rel=1e-12)
    # train_on_batch reports the loss before its update, penalty included
    assert regularized.train_on_batch(x, y) == pytest.approx(plain.train_on_batch(x, y) + penalty, rel=1e-12)


@given(
    seed=seeds,
    kernel_regularizer=st.sampled_from(REGULARIZERS),
    bias_regularizer=st.sampled_from(REGULARIZERS),
)
def test_model_gradients_with_regularizers_add_the_penalty_gradient(
    seed, kernel_regularizer, bias_regularizer
):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(10, 3)), rng.normal(size=(10, 2))
    regularized, plain = twin_models(seed, kernel_regularizer, bias_regularizer)
    _, with_penalty = regularized.loss_and_gradients(x, y)
    _, without = plain.loss_and_gradients(x, y)
    first, second = regularized.layers
    expected = [
        without[0] + kernel_regularizer.gradient(first.kernel),
        without[1] + bias_regularizer.gradient(first.bias),
        without[2] + kernel_regularizer.gradient(second.kernel),
        without[3],
    ]  # the output bias is not regularized
    for got, want in zip(with_penalty, expected):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)
    assert_model_gradients_correct(regularized, x, y)


def test_the_l2_penalty_shrinks_the_fitted_weights():
    """Least squares with x ~ N(0, I): the penalty 3 * sum w^2 divides the optimum by about 1 + 3."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 3))
    y = x @ np.array([[2.0], [-1.0], [3.0]])
    norms = {}
    for strength in (0.0, 3.0):
        model = Sequential(
            [layers.Dense(1, input_shape=(3,), kernel_regularizer=regularizers.L2(strength))], seed=0
        )
        model.compile(optimizer=optimizers.SGD(learning_rate=0.05), loss="mse")
        model.fit(x, y, epochs=30, verbose=0)
        norms[strength] = np.linalg.norm(model.layers[0].kernel)
    assert norms[0.0] == pytest.approx(np.sqrt(14.0), rel=0.01)
    assert norms[3.0] == pytest.approx(np.sqrt(14.0) / 4, rel=0.15)
