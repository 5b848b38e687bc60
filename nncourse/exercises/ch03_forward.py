"""Exercises of chapter 3, forward propagation and loss functions.

Every expected answer comes from nnlib itself: the hand-computed network is a
``Sequential`` with the exercise's weights, the dense forward pass is a
``Dense`` layer, the parameter count is ``count_params()`` and the losses are
``nnlib.losses``.
"""

import numpy as np

from nnlib.activations import softmax
from nnlib.layers import Dense
from nnlib.losses import CategoricalCrossentropy, MeanSquaredError
from nnlib.model import Sequential
from nnlib.utils import to_categorical

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


def _mse_cases(rng):
    return [
        Case("one output, 3 samples", np.array([[1.0], [2.0], [3.0]]), np.array([[1.5], [2.0], [2.0]])),
        Case("a perfect prediction", np.array([[0.5, -1.0]]), np.array([[0.5, -1.0]])),
        Case("errors of both signs", np.array([[0.0], [0.0]]), np.array([[1.0], [-1.0]])),
        Case("a batch of 4 samples with 3 outputs", rng.normal(size=(4, 3)), rng.normal(size=(4, 3))),
        Case("large errors", np.array([[100.0, -50.0]]), np.array([[-100.0, 50.0]])),
    ]


def _mse_reference(y_true, y_pred):
    return MeanSquaredError().forward(y_true, y_pred)


mse_loss = FunctionExercise(
    name="mse_loss",
    title="mean squared error",
    answer="mse",
    cases=_mse_cases,
    reference=_mse_reference,
    forbidden=[
        "nnlib.losses.mean_squared_error",
        "nnlib.losses.MeanSquaredError.forward",
        "nnlib.metrics.mean_squared_error",
        "sklearn.metrics.mean_squared_error",
    ],
    hint="square the differences y_pred - y_true and take the mean over every entry "
    "(samples and outputs), as Keras does: np.mean(...). No square root, no factor 1/2.",
)


def _softmax_rows(rng, n_samples, n_classes):
    return softmax(rng.normal(scale=2.0, size=(n_samples, n_classes)))


def _cross_entropy_cases(rng):
    return [
        Case("one sample, 3 classes", np.array([[0.0, 1.0, 0.0]]), np.array([[0.2, 0.7, 0.1]])),
        Case(
            "a batch of 4 samples, 5 classes",
            to_categorical(rng.integers(0, 5, size=4), 5),
            _softmax_rows(rng, 4, 5),
        ),
        Case(
            "two samples, one right and one wrong",
            np.array([[1.0, 0.0], [1.0, 0.0]]),
            np.array([[0.9, 0.1], [0.2, 0.8]]),
        ),
        Case(
            "the true class gets probability 0 (clip it)",
            np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]),
            np.array([[0.5, 0.5, 0.0], [0.1, 0.8, 0.1]]),
        ),
    ]


def _cross_entropy_reference(y_true, y_pred):
    return CategoricalCrossentropy().forward(y_true, y_pred)


categorical_cross_entropy = FunctionExercise(
    name="categorical_cross_entropy",
    title="categorical cross-entropy",
    answer="categorical_cross_entropy",
    cases=_cross_entropy_cases,
    reference=_cross_entropy_reference,
    forbidden=[
        "nnlib.losses.categorical_crossentropy",
        "nnlib.losses.CategoricalCrossentropy.forward",
        "nnlib.losses.CategoricalCrossentropy.forward_from_logits",
        "sklearn.metrics.log_loss",
    ],
    atol=1e-6,
    hint="clip the probabilities to [1e-7, 1 - 1e-7] first (np.clip), then take "
    "-sum(y_true * log(p)) over the classes of each sample and average over the "
    "samples: divide by the number of rows, not by the number of entries.",
)


cross_entropy_reason = ChoiceExercise(
    name="cross_entropy_reason",
    title="why cross-entropy for classification",
    answer="loss_answer",
    options={
        "a": "cross-entropy is always smaller than the squared error, so the steps are safer",
        "b": "with MSE the gradient at the net input has a factor p(1 - p), nearly 0 when the "
        "sigmoid saturates; with cross-entropy it is p - y, close to -1",
        "c": "the squared error cannot be computed for probabilities",
        "d": "cross-entropy clips the probabilities and the squared error does not",
    },
    correct="b",
    feedback={
        "a": "At p = 0.001 and y = 1 the cross-entropy is about 6.9 and the squared error "
        "about 1: it is the other way round. What matters for learning is the gradient.",
        "c": "(p - y)^2 is a fine number for any p; it just trains a sigmoid output slowly "
        "when it is confidently wrong. Look at the gradient with respect to z.",
        "d": "Clipping only protects log(0); at p = 0.001 it changes nothing. Look at the "
        "gradient with respect to z.",
    },
)

EXERCISES = [
    forward_by_hand,
    dense_forward,
    parameter_count,
    mse_loss,
    categorical_cross_entropy,
    cross_entropy_reason,
]
