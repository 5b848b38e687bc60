"""Exercises of chapter 2, activation functions."""

import numpy as np

from nnlib import Sequential, activations, layers

from .core import Case, ChoiceExercise, FunctionExercise, ValueExercise

ACTIVATIONS_WRITTEN = ("sigmoid", "relu", "leaky_relu")


def _activation_and_slope(name, z):
    """The reference: nnlib's ``(f(z), f'(z))`` for ``name`` (Leaky ReLU with alpha = 0.2)."""
    function = activations.get(name)
    return function.forward(z), function.derivative(z)


def _activation_cases(rng):
    batch = 3 * rng.normal(size=(3, 4))
    line = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    return [
        Case('"sigmoid", z = [-2, -0.5, 0, 0.5, 2]', "sigmoid", line),
        Case('"sigmoid", a 2-D batch of z', "sigmoid", batch),
        Case('"sigmoid", z = -1000 and z = 1000 (no NaN, no inf)', "sigmoid", np.array([-1000.0, 1000.0])),
        Case(
            '"sigmoid", z = -720 and z = -50 (e^(-z) overflows at -720, but sigmoid(-720) is '
            "about 2e-313, a positive float, not 0)",
            "sigmoid",
            np.array([-720.0, -50.0]),
        ),
        Case('"relu", z = [-2, -0.5, 0, 0.5, 2]', "relu", line),
        Case('"relu", a 2-D batch of z', "relu", batch),
        Case('"leaky_relu", z = [-2, -0.5, 0, 0.5, 2]', "leaky_relu", line),
        Case('"leaky_relu", a 2-D batch of z', "leaky_relu", batch),
    ]


activation_slopes = FunctionExercise(
    name="activation_slopes",
    title="three activations and their slopes",
    answer="activation_and_slope",
    cases=_activation_cases,
    reference=_activation_and_slope,
    rtol=1e-6,
    atol=0.0,  # tiny probabilities must be right relative to their size: log() will see them
    wants_float_output=True,
    forbidden=[
        *(f"nnlib.activations.{name}" for name in ACTIVATIONS_WRITTEN),
        *(
            f"nnlib.activations.{cls}.{method}"
            for cls in ("Sigmoid", "ReLU", "LeakyReLU")
            for method in ("forward", "derivative")
        ),
        "nnlib.activations.get",
        "scipy.special.expit",
        "scipy.special.log_expit",
    ],
    task="these activations and their slopes",
    hint="for the sigmoid, exp(-z) overflows once z < -709 and exp(z) once z > 709: compute "
    "e = np.exp(-np.abs(z)), which lies in (0, 1], and take 1 / (1 + e) where z >= 0 and "
    "e / (1 + e) where z < 0; its slope is s (1 - s). At z = 0 the slopes of ReLU and Leaky "
    "ReLU are those of their left side, 0 and alpha.",
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
        "a": "two units with softmax, one probability per question",
        "b": "two units with sigmoid, one probability per question",
        "c": "one unit with sigmoid: above 0.5 means spam, above 0.75 spam and urgent",
        "d": "two units with tanh, one probability per question",
    },
    correct="b",
    feedback={
        "a": "Softmax makes the two outputs sum to 1, so the more likely spam is, the less likely "
        "urgent must be. An email that is both could never get two high probabilities.",
        "c": "One number puts the answers in a row: urgent could only come with spam, and an "
        "urgent email that is not spam would have no output at all. Each question needs its own "
        "output.",
        "d": "tanh's outputs lie between -1 and 1, so they are not probabilities, and the binary "
        "cross-entropy needs outputs between 0 and 1.",
    },
)


def _softmax_backward(z, grad_a):
    """The reference: nnlib's Softmax.backward, delta = g J for each row of z."""
    softmax = activations.Softmax()
    return softmax.backward(z, softmax(z), grad_a)


def _softmax_backward_cases(rng):
    z = rng.normal(size=(4, 3))
    return [
        Case("one row of 3 scores", z[:1], rng.normal(size=(1, 3))),
        Case("a batch of 4 rows, 3 classes", z, rng.normal(size=(4, 3))),
        Case("g the same number in every entry of a row", z, np.repeat(rng.normal(size=(4, 1)), 3, axis=1)),
        Case(
            "g = -y / a for a one-hot y (cross-entropy's gradient)",
            z,
            -np.eye(3)[[0, 2, 1, 1]] / activations.softmax(z),
        ),
        Case(
            "scores near 1000 (softmax must not overflow)",
            1000 + 3 * rng.normal(size=(2, 5)),
            rng.normal(size=(2, 5)),
        ),
        Case("a batch of 50 rows, 10 classes", 2 * rng.normal(size=(50, 10)), rng.normal(size=(50, 10))),
    ]


softmax_backward = FunctionExercise(
    name="softmax_backward",
    title="softmax's backward pass for a batch",
    answer="softmax_backward",
    cases=_softmax_backward_cases,
    reference=_softmax_backward,
    wants_float_output=True,
    forbidden=[
        "nnlib.activations.softmax",
        "nnlib.activations.Softmax.forward",
        "nnlib.activations.Softmax.derivative",
        "nnlib.activations.Softmax.backward",
        "scipy.special.softmax",
        # what builds a k x k Jacobian, as the chapter's softmax_jacobian does
        "numpy.outer",
        "numpy.diag",
        "numpy.diagflat",
        "numpy.eye",
        "numpy.identity",
    ],
    task="softmax and delta from a formula, not from k x k Jacobians,",
    hint="for one row, delta_j = sum_i g_i J_ij with J_ij = a_i (1[i = j] - a_j). Split the sum "
    "into the term i = j and the rest, and the k x k matrix is never needed. Compute a with the "
    "largest score of each row subtracted first.",
)


#: the slope of Leaky ReLU's negative side in the gain exercise (nnlib's default)
GAIN_ALPHA = 0.2


def _leaky_relu_gain():
    """The gain g for which Var(w) = g^2 / n keeps E[a^2] from layer to layer.

    Measured, not taken from the formula: E[f(z)^2] for z ~ N(0, 1) by the
    trapezoid rule on nnlib's Leaky ReLU, and g = 1 / sqrt(E[f(z)^2]). PyTorch's
    ``torch.nn.init.calculate_gain("leaky_relu", a)`` documents the same gain,
    sqrt(2 / (1 + a^2)).
    """
    z = np.linspace(-12.0, 12.0, 240_001)
    density = np.exp(-(z**2) / 2) / np.sqrt(2 * np.pi)
    second_moment = np.trapezoid(activations.leaky_relu(z, GAIN_ALPHA) ** 2 * density, z)
    return float(1 / np.sqrt(second_moment))


leaky_relu_gain = ValueExercise(
    name="leaky_relu_gain",
    title="the initialization gain of Leaky ReLU",
    answer="leaky_gain",
    expected=_leaky_relu_gain,
    rtol=0.0,
    atol=6e-4,  # three decimal places, whichever way they were rounded
    hint="split E[f(z)^2] into the half of the distribution where z > 0 and the half where z < 0 "
    "(z is symmetric about 0). On each half f(z)^2 is a constant times z^2. The gain then makes "
    "g^2 E[f(z)^2] / Var(z) equal to 1. Check your formula with alpha = 0: it must give ReLU's "
    "sqrt(2).",
)


def _dead_unit_counts(kernels, biases, X):
    """Dead units per layer, by nnlib's own model: a unit is dead when its output is 0 for every row."""
    model = Sequential(
        [layers.Dense(kernel.shape[1], activation="relu") for kernel in kernels], dtype="float64"
    )
    model.build((None, X.shape[1]))
    model.set_weights([array for pair in zip(kernels, biases) for array in pair])
    outputs = model.layer_outputs(X).values()
    return np.array([int(np.sum(np.all(a <= 0, axis=0))) for a in outputs])


def _dead_unit_cases(rng):
    X = rng.normal(size=(30, 3))
    one_kernel = rng.normal(size=(3, 5))
    two_kernels = [rng.normal(size=(3, 4)), rng.normal(size=(4, 3))]
    two_kernels[1][:, 0] = -np.abs(two_kernels[1][:, 0])  # reads outputs >= 0 with weights < 0
    largest = np.max(X @ one_kernel[:, 0])  # z - largest + 1e-3 > 0 for one sample only
    deep = [rng.normal(size=(3, 16)), rng.normal(size=(16, 16)) / 4, rng.normal(size=(16, 8)) / 4]
    return [
        Case(
            "one layer of 5 units, two of them with bias -20",
            [one_kernel],
            [np.array([0.0, -20.0, 0.1, -20.0, 0.0])],
            X,
        ),
        Case(
            "a unit whose weights and bias are all 0 (its output is 0 for every input)",
            [np.column_stack([one_kernel[:, :2], np.zeros(3)])],
            [np.zeros(3)],
            X,
        ),
        Case(
            "a unit that fires for a single sample only (it is alive)",
            [one_kernel[:, :1]],
            [np.array([1e-3 - largest])],
            X,
        ),
        Case(
            "two layers: a second-layer unit with only negative weights and bias -0.5",
            two_kernels,
            [np.zeros(4), np.array([-0.5, 0.0, 0.0])],
            X,
        ),
        Case(
            "two layers: two first-layer units killed by their biases, and second-layer units that "
            "read only those two",
            [np.abs(two_kernels[0]), np.vstack([np.abs(two_kernels[1][:2]), np.zeros((2, 3))])],
            [np.array([-50.0, -50.0, 0.0, 0.0]), np.array([-0.1, -0.1, -0.1])],
            X,
        ),
        Case(
            "three layers of 16, 16 and 8 units, some biases very negative",
            deep,
            [
                rng.normal(size=16) - 20.0 * (rng.random(16) < 0.3),
                rng.normal(size=16) - 1,
                rng.normal(size=8) - 1,
            ],
            X,
        ),
    ]


dead_unit_count = FunctionExercise(
    name="dead_unit_count",
    title="counting dead units",
    answer="count_dead_units",
    cases=_dead_unit_cases,
    reference=_dead_unit_counts,
    forbidden=[
        "nnlib.model.Sequential.layer_outputs",
        "nnlib.model.Sequential.predict",
        "nnlib.model.Sequential.__call__",
    ],
    task="the forward pass",
    hint="a unit is dead when its output is 0 for every row of X, not for some row. Each layer reads "
    "the ReLU outputs of the layer below it (the first reads X), so compute a = max(0, a @ W + b) "
    "layer by layer and count, per layer, the columns of a that are 0 in every row.",
)

EXERCISES = [
    activation_slopes,
    sigmoid_saturation,
    softmax_backward,
    leaky_relu_gain,
    dead_unit_count,
    output_layer,
]
