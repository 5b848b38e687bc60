"""Exercises of chapter 6, weight initialization and training stability."""

import numpy as np

from nnlib import initializers
from nnlib.datasets import moons

from .core import Case, ChoiceExercise, ExperimentExercise, FunctionExercise, ValueExercise


def _glorot_cases(rng):
    return [
        Case("a square layer, fan_in = fan_out = 100", 100, 100),
        Case("784 inputs to 256 units", 784, 256),
        Case("1000 inputs to 10 units (fan_out matters too)", 1000, 10),
        Case("one input, one unit", 1, 1),
        Case("a random shape", int(rng.integers(2, 500)), int(rng.integers(2, 500))),
    ]


glorot_uniform_limit = FunctionExercise(
    name="glorot_uniform_limit",
    title="the Glorot uniform limit",
    answer="glorot_uniform_limit",
    cases=_glorot_cases,
    reference=initializers.glorot_uniform_limit,
    forbidden=["nnlib.initializers.glorot_uniform_limit"],
    hint="Glorot asks for Var(W) = 2 / (fan_in + fan_out), and a uniform on [-limit, limit] has "
    "variance limit**2 / 3. Solve for limit.",
)


def _he_cases(rng):
    return [
        Case("fan_in = 100", 100),
        Case("fan_in = 2", 2),
        Case("fan_in = 1", 1),
        Case("fan_in = 4096", 4096),
        Case("a random fan_in", int(rng.integers(3, 3000))),
    ]


he_normal_stddev = FunctionExercise(
    name="he_normal_stddev",
    title="the He normal standard deviation",
    answer="he_normal_stddev",
    cases=_he_cases,
    reference=initializers.he_normal_stddev,
    forbidden=["nnlib.initializers.he_normal_stddev"],
    hint="ReLU zeroes half of its inputs, so He doubles the variance LeCun would use: "
    "Var(W) = 2 / fan_in. Return the standard deviation of the weights, not their variance.",
)


# The network of the variance exercise: 50 inputs of variance 1, a ReLU layer of 200 units
# with weights N(0, 0.2^2), then a second layer with weights N(0, 0.06^2).
N_INPUTS, N_HIDDEN, STD_1, STD_2 = 50, 200, 0.2, 0.06


def second_layer_std():
    """Var(z1) = n_in Var(W1) Var(x); E[a1^2] = Var(z1) / 2; Var(z2) = n_hidden Var(W2) E[a1^2]."""
    var_z1 = N_INPUTS * STD_1**2 * 1.0
    second_moment_a1 = var_z1 / 2
    return float(np.sqrt(N_HIDDEN * STD_2**2 * second_moment_a1))


relu_layer_std = ValueExercise(
    name="relu_layer_std",
    title="the spread after a ReLU layer",
    answer="z2_std",
    expected=second_layer_std,
    rtol=0.01,
    hint="Go layer by layer with Var(z) = n_in Var(W) E[a^2]. For the inputs E[x^2] = Var(x) = 1; "
    "after the ReLU, E[a^2] is half of Var(z1), because ReLU keeps the positive half of a "
    "symmetric z. The question asks for a standard deviation.",
)


init_for_activation = ChoiceExercise(
    name="init_for_activation",
    title="an initialization for each activation",
    answer="init_answer",
    options={
        "a": "tanh: He normal; ReLU: Glorot uniform",
        "b": "tanh: Glorot uniform; ReLU: He normal",
        "c": "both: uniform on [-1, 1]",
        "d": "both: all zeros, so that no unit starts out larger than another",
    },
    correct="b",
    feedback={
        "a": "This is the right pair the wrong way round. ReLU is the one that throws away half "
        "the variance, so it is the one that needs twice the weight variance.",
        "c": "With 100 inputs, weights of variance 1/3 multiply the variance by about 33 in every "
        "layer: tanh saturates and a ReLU network explodes.",
        "d": "All-zero weights give every hidden unit the same output and the same gradient, and "
        "with tanh or ReLU that output and that gradient are 0: the hidden layers never learn.",
    },
)


def _moons_test_set():
    return moons(n_samples=500, noise=0.2, seed=2)


train_deep_relu = ExperimentExercise(
    name="train_deep_relu",
    title="a deep ReLU network that learns",
    answer="deep_model",
    data=_moons_test_set,
    target=0.9,
    hint="keep the ten ReLU layers, the optimizer and the epochs; change only the kernel "
    "initializer of the hidden layers to the one made for ReLU.",
)

EXERCISES = [glorot_uniform_limit, he_normal_stddev, relu_layer_std, init_for_activation, train_deep_relu]
