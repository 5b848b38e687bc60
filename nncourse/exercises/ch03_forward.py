"""Exercises of chapter 3, forward propagation and loss functions.

Every expected answer comes from nnlib itself: the hand-computed network is a
``Sequential`` with the exercise's weights, the dense forward pass is a
``Dense`` layer, the parameter count is ``count_params()``, the mean squared
error is ``nnlib.losses.MeanSquaredError`` and the cross-entropy from logits is
``nnlib.losses.CategoricalCrossentropy(from_logits=True)``.
"""

import numpy as np

from nnlib.layers import Dense
from nnlib.losses import CategoricalCrossentropy, MeanSquaredError
from nnlib.model import Sequential

from .core import Case, ChoiceExercise, FunctionExercise, ValueExercise

# The 2-3-1 network of the exercise "A forward pass by hand", Keras orientation.
HAND_KERNEL_1 = np.array([[1.0, 2.0, -1.0], [-1.0, 1.0, 1.0]])
HAND_BIAS_1 = np.array([-1.0, -1.0, 1.0])
HAND_KERNEL_2 = np.array([[2.0], [3.0], [-1.0]])
HAND_BIAS_2 = np.array([1.0])
HAND_INPUT = np.array([[1.0, 2.0]])


def _hand_output():
    model = Sequential([Dense(3, activation="relu", input_shape=(2,)), Dense(1)], seed=0)
    model.set_weights([HAND_KERNEL_1, HAND_BIAS_1, HAND_KERNEL_2, HAND_BIAS_2])
    return float(model.predict(HAND_INPUT)[0, 0])


forward_by_hand = ValueExercise(
    name="forward_by_hand",
    title="a forward pass by hand",
    answer="y_hat",
    expected=_hand_output,
    hint="first z1 = x W1 + b1 (three numbers), then a1 = max(0, z1), then "
    "y_hat = a1 W2 + b2. Each hidden unit j uses column j of W1. Check that no "
    "negative z1 survived the ReLU and that both biases are added.",
)


def dense_layer_output(X, W, b, activation):
    """nnlib's own answer: a Dense layer with kernel ``W`` and bias ``b``, applied to ``X``."""
    W = np.asarray(W, dtype=float)
    layer = Dense(W.shape[1], activation=activation)
    layer.build((None, W.shape[0]), np.random.default_rng(0), np.float64)
    layer.set_weights([W, np.asarray(b, dtype=float)])
    return layer.forward(np.asarray(X, dtype=float))


def _dense_cases(rng):
    return [
        Case(
            "one sample through the chapter's hidden layer (relu)",
            np.array([[2.0, 1.0]]),
            np.array([[1.0, -2.0, 1.0], [1.0, 1.0, -1.0]]),
            np.array([-1.0, 1.0, 0.0]),
            "relu",
        ),
        Case(
            "a batch of 4 samples, 3 inputs, 5 units (relu)",
            rng.normal(size=(4, 3)),
            rng.normal(size=(3, 5)),
            rng.normal(size=5),
            "relu",
        ),
        Case(
            "a square kernel, 3 inputs and 3 units (linear)",
            rng.normal(size=(5, 3)),
            rng.normal(size=(3, 3)),
            rng.normal(size=3),
            "linear",
        ),
        Case(
            "a batch of 6 samples, one sigmoid unit",
            rng.normal(size=(6, 2)),
            rng.normal(size=(2, 1)),
            np.array([0.5]),
            "sigmoid",
        ),
        Case(
            "a batch of 3 samples, 4 tanh units, large bias",
            rng.normal(size=(3, 2)),
            rng.normal(size=(2, 4)),
            np.array([3.0, -3.0, 0.0, 1.0]),
            "tanh",
        ),
    ]


dense_forward = FunctionExercise(
    name="dense_forward",
    title="the dense forward pass",
    answer="dense_forward",
    cases=_dense_cases,
    reference=dense_layer_output,
    wants_float_output=True,
    forbidden=["nnlib.layers.Dense.forward"],
    hint="compute Z = X @ W + b for the whole batch at once (W has shape (inputs, units), "
    "b is added to every row), then apply the activation to Z: "
    "activations.get(activation)(Z).",
)


def _count_of_digits_network():
    model = Sequential(
        [
            Dense(32, activation="relu", input_shape=(64,)),
            Dense(16, activation="relu"),
            Dense(10, activation="softmax"),
        ],
        seed=0,
    )
    return model.count_params()


parameter_count = ValueExercise(
    name="parameter_count",
    title="counting parameters",
    answer="n_parameters",
    expected=_count_of_digits_network,
    rtol=0.0,
    atol=0.5,
    hint="a Dense layer with n inputs and u units has n * u weights and u biases. The "
    "network has three Dense layers (the 64 inputs are not a layer of weights); "
    "add up all three.",
)


def _mse_reference(y_true, y_pred, sample_weight=None):
    return MeanSquaredError()(y_true, y_pred, sample_weight=sample_weight)


def _mse_cases(rng):
    y = np.array([1.0, 2.0, 4.0])
    y_hat = y.reshape(-1, 1) + rng.normal(scale=0.5, size=(3, 1))
    Y, Y_hat = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    weights = np.array([1.0, 0.0, 2.0])
    return [
        Case("the chapter's bug: y of shape (3,), perfect predictions of shape (3, 1)", y, y.reshape(-1, 1)),
        Case("y of shape (3,), predictions of shape (3, 1) with errors", y, y_hat),
        Case("y of shape (3, 1), predictions of shape (3,)", y.reshape(-1, 1), y_hat.ravel()),
        Case("both of shape (6,)", rng.normal(size=6), rng.normal(size=6)),
        Case("5 samples with 3 outputs each, both (5, 3)", Y, Y_hat),
        Case("sample weights 1, 0, 2, y (3,) and predictions (3, 1)", y, y_hat, sample_weight=weights),
        Case(
            "sample weights on 5 samples with 3 outputs each",
            Y,
            Y_hat,
            sample_weight=rng.uniform(0.0, 3.0, size=5),
        ),
    ]


mse_shapes = FunctionExercise(
    name="mse_shapes",
    title="a mean squared error that lines up its shapes",
    answer="mse",
    cases=_mse_cases,
    reference=_mse_reference,
    forbidden=[
        "nnlib.losses.mean_squared_error",
        "nnlib.losses.MeanSquaredError.call",
        "sklearn.metrics.mean_squared_error",
    ],
    task="the mean squared error",
    hint="first give y_true and y_pred the same shape, one row per sample (a (n,) array is one "
    "column). Then each sample's loss is the mean of its squared errors over its outputs, one "
    "number per row; the weights multiply those numbers, and the total is divided by the number "
    "of samples, whatever the weights add up to.",
)


def _logit_cases(rng):
    one_hot = np.eye(5)[rng.integers(0, 5, size=4)]
    smoothed = 0.9 * np.eye(3)[[0, 2]] + 0.1 / 3  # label smoothing 0.1 over 3 classes
    soft = rng.dirichlet(np.ones(4), size=3)
    return [
        Case(
            "the chapter's confident mistake: logits 800, 0, -800, true class 1",
            np.array([[0.0, 1.0, 0.0]]),
            np.array([[800.0, 0.0, -800.0]]),
        ),
        Case("a batch of 4 samples, 5 classes, moderate logits", one_hot, rng.normal(scale=3.0, size=(4, 5))),
        Case(
            "every logit 1000 (exp(1000) overflows, so naive softmax is inf / inf)",
            np.array([[1.0, 0.0, 0.0]]),
            np.full((1, 3), 1000.0),
        ),
        Case(
            "one row of logits near -1000 (exp underflows: naive softmax is 0 / 0) and one near "
            "+800 in the same batch",
            np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]),
            np.array([[-1000.0, -1001.0, -1003.0], [800.0, 0.0, -800.0]]),
        ),
        Case(
            "smoothed labels (0.9 + 0.1/3 for the true class, 0.1/3 for the others), logits up to 600",
            smoothed,
            np.array([[600.0, -200.0, 10.0], [5.0, 300.0, -300.0]]),
        ),
        Case(
            "soft targets (a probability over 4 classes per row), logits of size 50",
            soft,
            rng.normal(scale=50.0, size=(3, 4)),
        ),
    ]


def _logit_reference(y_true, z):
    return CategoricalCrossentropy(from_logits=True).forward(y_true, z)


cross_entropy_from_logits = FunctionExercise(
    name="cross_entropy_from_logits",
    title="cross-entropy from logits, for any targets",
    answer="cross_entropy_from_logits",
    cases=_logit_cases,
    reference=_logit_reference,
    rtol=1e-7,
    atol=1e-9,
    forbidden=[
        "nnlib.activations.softmax",
        "nnlib.activations.Softmax.forward",
        "nnlib.losses.categorical_crossentropy",
        "nnlib.losses.sparse_categorical_crossentropy",
        "nnlib.losses.CategoricalCrossentropy.forward",
        "nnlib.losses.CategoricalCrossentropy.call",
        "nnlib.losses.CategoricalCrossentropy.forward_from_logits",
        "nnlib.losses.CategoricalCrossentropy._call_from_logits",
        "nnlib.losses.SparseCategoricalCrossentropy.call",
        "nnlib.losses.SparseCategoricalCrossentropy.forward_from_logits",
        "nnlib.losses.SparseCategoricalCrossentropy._call_from_logits",
        "scipy.special.logsumexp",
        "scipy.special.log_softmax",
        "scipy.special.softmax",
        "sklearn.metrics.log_loss",
    ],
    task="the cross-entropy from logits",
    hint="a soft target has no single true class to pick out, so write log softmax(z)_j for every "
    "class j first, as log-sum-exp minus z_j, with the row's largest logit taken out of the "
    "exponentials and added back outside the log. Then weight each class by its target. Mind "
    "the shapes: subtract one number per row from a whole row (keepdims=True).",
)


cross_entropy_reason = ChoiceExercise(
    name="cross_entropy_reason",
    title="why cross-entropy for classification",
    answer="loss_answer",
    options={
        "a": "the cross-entropy is larger here (6.9 against about 1), and a larger loss takes a larger step",
        "b": "the squared error's gradient at the net input carries the sigmoid's slope p(1 - p), "
        "nearly 0 here; the cross-entropy's is p - y",
        "c": "the squared error is nearly flat near p = 0, so its gradient with respect to p is nearly 0",
        "d": "only the cross-entropy's gradient points toward y = 1; the squared error's points "
        "toward the mean of the labels",
    },
    correct="b",
    feedback={
        "a": "The size of the loss does not set the step; its gradient does. Work out dL/dz for "
        "both losses at p = 0.001, y = 1.",
        "c": "With respect to p, the squared error's slope is 2(p - y), about -2 here: far from "
        "flat. The small factor comes in between p and z. Where?",
        "d": "Both gradients point the same way: (p - y)^2 falls as p rises toward 1. What differs "
        "is their size at the net input z.",
    },
)

EXERCISES = [
    forward_by_hand,
    dense_forward,
    parameter_count,
    mse_shapes,
    cross_entropy_from_logits,
    cross_entropy_reason,
]
