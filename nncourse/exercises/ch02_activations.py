"""Exercises of chapter 2, activation functions."""

import numpy as np

from nnlib import activations
from nnlib.datasets import xor_blobs

from .core import Case, ChoiceExercise, ExperimentExercise, FunctionExercise, ValueExercise


def _sigmoid_cases(rng):
    return [
        Case("z = [-2, -0.5, 0, 0.5, 2]", np.array([-2.0, -0.5, 0.0, 0.5, 2.0])),
        Case("a 2-D batch of z", 3 * rng.normal(size=(3, 4))),
        Case("z = -1000 and z = 1000 (no NaN, no inf)", np.array([-1000.0, 1000.0])),
        Case(
            "z = -720 and z = -50 (e^(-z) overflows at -720, but sigmoid(-720) is "
            "about 2e-313, a positive float, not 0)",
            np.array([-720.0, -50.0]),
        ),
    ]


stable_sigmoid = FunctionExercise(
    name="stable_sigmoid",
    title="a numerically stable sigmoid",
    answer="sigmoid",
    cases=_sigmoid_cases,
    reference=activations.sigmoid,
    rtol=1e-6,
    atol=0.0,  # tiny probabilities must be right relative to their size: log() will see them
    wants_float_output=True,
    forbidden=[
        "nnlib.activations.sigmoid",
        "nnlib.activations.Sigmoid.forward",
        "scipy.special.expit",
        "scipy.special.log_expit",
    ],
    hint="exp(-z) overflows once z < -709, and exp(z) once z > 709. Compute e = np.exp(-np.abs(z)), "
    "which lies in (0, 1], and return 1 / (1 + e) where z >= 0 and e / (1 + e) where z < 0 "
    "(np.where).",
)


def _leaky_relu_cases(rng):
    z = np.array([-2.0, -0.5, 0.5, 2.0])
    return [
        Case("alpha = 0, which is plain ReLU", z, 0.0),
        Case("alpha = 0.1", z, 0.1),
        Case("z = 0 exactly, alpha = 0.1 (the slope at 0 is alpha)", np.array([0.0]), 0.1),
        Case("a 2-D batch of z, alpha = 0.2", rng.normal(size=(3, 4)), 0.2),
    ]


def _leaky_relu_and_slope(z, alpha):
    return activations.leaky_relu(z, alpha), activations.LeakyReLU(alpha).derivative(z)


leaky_relu_slope = FunctionExercise(
    name="leaky_relu_slope",
    title="Leaky ReLU and its slope",
    answer="leaky_relu",
    cases=_leaky_relu_cases,
    reference=_leaky_relu_and_slope,
    forbidden=[
        "nnlib.activations.leaky_relu",
        "nnlib.activations.LeakyReLU.forward",
        "nnlib.activations.LeakyReLU.derivative",
    ],
    hint="return a tuple (a, slope): a = z where z > 0 and alpha * z elsewhere; slope = 1.0 where "
    "z > 0 and alpha elsewhere (z = 0 included). np.where does both.",
)


def _softmax_cases(rng):
    return [
        Case("one row, z = [[1, 2, 3]]", np.array([[1.0, 2.0, 3.0]])),
        Case("a batch of 4 rows and 3 classes", rng.normal(size=(4, 3))),
        Case(
            "a square batch, 3 rows and 3 classes (each row sums to 1, not each column)",
            rng.normal(size=(3, 3)),
        ),
        Case("large logits, z = [[1000, 1001, 1002]]", np.array([[1000.0, 1001.0, 1002.0]])),
        Case("very negative logits, z = [[-1000, -1001, -1002]]", np.array([[-1000.0, -1001.0, -1002.0]])),
        Case(
            "two rows far apart, z = [[1000, 1001], [-1000, -999]]",
            np.array([[1000.0, 1001.0], [-1000.0, -999.0]]),
        ),
    ]


stable_softmax = FunctionExercise(
    name="stable_softmax",
    title="a numerically stable softmax",
    answer="softmax",
    cases=_softmax_cases,
    reference=activations.softmax,
    forbidden=[
        "nnlib.activations.softmax",
        "nnlib.activations.Softmax.forward",
        "scipy.special.softmax",
        "scipy.special.log_softmax",
        "scipy.special.logsumexp",
    ],
    hint="subtract each row's own maximum, z.max(axis=1, keepdims=True), before np.exp; then divide "
    "each row by its own sum, .sum(axis=1, keepdims=True). keepdims keeps the shape (m, 1), "
    "so the division applies along the rows.",
)


def _sigmoid_saturation_point():
    """The z > 0 where sigmoid'(z) falls to 0.01, by bisection on nnlib's derivative."""
    derivative = activations.Sigmoid().derivative
    low, high = 0.0, 20.0  # sigmoid' is 0.25 at 0 and falls monotonically for z > 0
    for _ in range(60):
        middle = (low + high) / 2
        if derivative(np.array(middle)) > 0.01:
            low = middle
        else:
            high = middle
    return (low + high) / 2


sigmoid_saturation = ValueExercise(
    name="sigmoid_saturation",
    title="where the sigmoid saturates",
    answer="z_saturated",
    expected=_sigmoid_saturation_point,
    rtol=0.0,
    atol=0.006,  # two decimal places, whichever way they were rounded
    hint="you want the slope sigma'(z) = sigma(z)(1 - sigma(z)) to equal 0.01, not sigma(z) itself. "
    "Solve the quadratic s(1 - s) = 0.01 for s = sigma(z) > 1/2, then z = log(s / (1 - s)); or "
    "search a fine grid of z with nnlib's activations.Sigmoid().derivative.",
)


output_layer = ChoiceExercise(
    name="output_layer",
    title="the output layer for two yes/no questions",
    answer="output_answer",
    options={
        "a": "two units with softmax",
        "b": "two units with sigmoid, one probability per question",
        "c": "one unit with ReLU",
        "d": "two units with the identity, rounded to 0 or 1",
    },
    correct="b",
    feedback={
        "a": "Softmax makes the two outputs sum to 1, so the more likely spam is, the less likely "
        "urgent must be. An email that is both could never get two high probabilities.",
        "c": "One number cannot answer two questions, and ReLU's output is not bounded by 1, so it is "
        "not a probability.",
        "d": "The identity's outputs are not probabilities: they can be negative or above 1, and "
        "rounding them has no derivative to learn from.",
    },
)


def _xor_test_data():
    return xor_blobs(n_samples=400, noise=0.3, seed=2024)


nonlinear_xor = ExperimentExercise(
    name="nonlinear_xor",
    title="a non-linear network for the XOR blobs",
    answer="xor_model",
    data=_xor_test_data,
    target=0.95,
    hint="a network without a non-linear hidden layer draws a single straight boundary, which gets "
    "about half of XOR right. Put a hidden Dense layer with activation='relu' or 'tanh' (4 units "
    "or more) before the sigmoid output, and train it until the training loss is small.",
)

EXERCISES = [
    stable_sigmoid,
    leaky_relu_slope,
    stable_softmax,
    sigmoid_saturation,
    output_layer,
    nonlinear_xor,
]
