"""Exercises of chapter 6, weight initialization and training stability."""

import functools

import numpy as np

from nnlib import Sequential, initializers, layers, optimizers
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


def he_fan_out_limit(fan_in, fan_out):
    """The He uniform limit that keeps the error signal's variance in a ReLU network.

    The backward pass sends the error through ``W.T``, a kernel of shape
    ``(fan_out, fan_in)``: for it, the fan-out is the fan-in, and nnlib's He
    uniform limit of that kernel is the answer. He et al. (2015), equation
    (14), state the same condition, (1/2) n_out Var(W) = 1; PyTorch's
    ``kaiming_uniform_(mode="fan_out", nonlinearity="relu")`` draws from it.
    """
    fan_in_of_transpose, _ = initializers.compute_fans((fan_out, fan_in))
    return initializers.he_uniform_limit(fan_in_of_transpose)


he_uniform_fan_out = FunctionExercise(
    name="he_uniform_fan_out",
    title="He uniform for the backward pass",
    answer="he_uniform_fan_out_limit",
    cases=_glorot_cases,
    reference=he_fan_out_limit,
    forbidden=[
        "nnlib.initializers.he_uniform_limit",
        "nnlib.initializers.he_normal_stddev",
        "nnlib.initializers.glorot_uniform_limit",
        "nnlib.initializers.glorot_normal_stddev",
        "nnlib.initializers.HeUniform.sample",
    ],
    task="the He limit",
    hint="follow one entry of the error signal of the layer below, as the chapter followed one "
    "z_j: which weights does its sum run over, how many terms does it have, and what does "
    "multiplying by the ReLU's slope do to its mean square? Then turn the variance into a "
    "uniform's limit.",
)

#: the 2-6-1 tanh network of the tied-units exercise: hidden units 0, 1 and 2 share their
#: weights, unit 2 has its own bias; units 3 and 4 share weights and bias, not their output weight
TIED_KERNEL = np.array([[0.5, 0.5, 0.5, -0.2, -0.2, 0.1], [-0.3, -0.3, -0.3, 0.4, 0.4, 0.6]])
TIED_BIAS = np.array([0.0, 0.0, 0.3, 0.0, 0.0, 0.0])
TIED_OUTPUT_KERNEL = np.array([[0.5], [0.5], [0.5], [0.5], [-0.5], [0.5]])
TIED_EPOCHS = 300


def tied_network(kernel, bias, output_kernel):
    """The 2-6-1 network of the chapter's symmetry section (tanh, sigmoid output, Adam 0.05)."""
    model = Sequential(
        [
            layers.Dense(kernel.shape[1], activation="tanh", input_shape=(2,)),
            layers.Dense(1, activation="sigmoid"),
        ],
        seed=0,
    )
    model.compile(optimizer=optimizers.Adam(learning_rate=0.05), loss="binary_crossentropy")
    model.set_weights([kernel, bias, output_kernel, np.zeros(1)])
    return model


def count_distinct_units(kernel, bias, output_kernel):
    """How many different hidden units there are: a unit is its column of the kernel, its bias
    and its row of the output kernel, and two units are the same when all of these are equal."""
    units = np.vstack([kernel, bias, output_kernel.T]).T
    representatives = []
    for unit in units:
        if not any(np.allclose(unit, seen, rtol=0.0, atol=1e-9) for seen in representatives):
            representatives.append(unit)
    return len(representatives)


@functools.cache
def distinct_after_training():
    """Trains the exercise's network with nnlib on the chapter's moons and counts its units."""
    X, y = moons(n_samples=200, noise=0.15, seed=0)
    model = tied_network(TIED_KERNEL, TIED_BIAS, TIED_OUTPUT_KERNEL)
    model.fit(X, y, epochs=TIED_EPOCHS, batch_size=200, verbose=0)
    kernel, bias, output_kernel, _ = model.get_weights()
    return count_distinct_units(kernel, bias, output_kernel)


tied_units = ValueExercise(
    name="tied_units",
    title="how many different hidden units",
    answer="distinct_units",
    expected=distinct_after_training,
    rtol=0.0,
    atol=0.1,  # a count: exact or wrong
    hint="go back to the symmetry argument of the chapter and list what it needed for two units "
    "to receive the same error signal and take the same step. Check each pair of units against "
    "that list, not against the kernel alone.",
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
        "d": "both: Glorot uniform, the default of Dense, made for keeping the variance steady",
    },
    correct="b",
    feedback={
        "a": "This is the right pair the wrong way round. ReLU is the one that throws away half "
        "the variance, so it is the one that needs twice the weight variance.",
        "c": "With 100 inputs, weights of variance 1/3 multiply the variance by about 33 in every "
        "layer: tanh saturates and a ReLU network explodes.",
        "d": "Glorot keeps the variance for a unit whose slope is 1 around 0, as tanh's is. ReLU "
        "sets the negative half of z to 0, so with Glorot's variance every ReLU layer halves "
        "E[a^2], and a deep ReLU network's activations fade.",
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
    hint="a network this deep learns only if the spread of the activations neither shrinks nor "
    "grows much from one hidden layer to the next. Work out the factor by which one layer of 50 "
    "ReLU units multiplies E[a^2] when its weights have standard deviation s, and pick s from "
    "that, rather than trying numbers: too large a value makes SGD diverge, too small a one leaves "
    "the network at chance.",
)

EXERCISES = [
    glorot_uniform_limit,
    he_uniform_fan_out,
    tied_units,
    relu_layer_std,
    init_for_activation,
    train_deep_relu,
]
