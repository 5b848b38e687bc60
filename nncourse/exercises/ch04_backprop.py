"""Exercises of chapter 4, backpropagation."""

import numpy as np

from nnlib.datasets import logic_gate, xor_blobs
from nnlib.layers import Dense
from nnlib.model import Sequential
from nnlib.optimizers import SGD

from .core import Case, ChoiceExercise, FunctionExercise, ValueExercise

# The 2-2-1 network of the exercises done by hand: ReLU hidden layer, linear
# output, mean squared error, one sample.
HAND_X = np.array([[2.0, 1.0]])
HAND_Y = np.array([[1.0]])
HAND_WEIGHTS = [
    np.array([[1.0, -1.0], [-1.0, 0.5]]),  # W1, (inputs, units)
    np.array([0.5, 0.0]),  # b1
    np.array([[2.0], [-1.0]]),  # W2
    np.array([-1.0]),  # b2
]


def hand_gradients():
    """nnlib's gradients for the network done by hand: ``[dW1, db1, dW2, db2]``."""
    model = Sequential([Dense(2, activation="relu", input_shape=(2,)), Dense(1)])
    model.set_weights(HAND_WEIGHTS)
    model.compile(optimizer="sgd", loss="mse")
    _, gradients = model.loss_and_gradients(HAND_X, HAND_Y)
    return gradients


hand_output_gradient = ValueExercise(
    name="hand_output_gradient",
    title="the output layer's kernel gradient, by hand",
    answer="dW2_by_hand",
    expected=lambda: hand_gradients()[2],
    hint="go forward first (z1, a1 = relu(z1), y_hat). The output is linear, so "
    "delta2 = dL/dy_hat = 2 (y_hat - y) for one sample; then dW2 = a1^T delta2, "
    "with the hidden layer's activations a1, not its net inputs z1.",
)

hand_hidden_delta = ValueExercise(
    name="hand_hidden_delta",
    title="the hidden layer's error signal, by hand",
    answer="delta1_by_hand",
    expected=lambda: hand_gradients()[1].reshape(1, 2),  # for one sample, db1 is delta1
    hint="send delta2 back through the output kernel, delta2 W2^T, then multiply "
    "elementwise by relu'(z1): 1 where z1 > 0, 0 elsewhere.",
)


def dense_backward_reference(x, W, delta):
    """nnlib's backward pass of a Dense layer with kernel ``W``: ``(dx, dW, db)``."""
    layer = Dense(W.shape[1])
    layer.build((None, W.shape[0]), np.random.default_rng(0), np.float64)
    layer.set_weights([W, np.zeros(W.shape[1])])
    layer.forward(np.asarray(x, dtype=np.float64))
    dx = layer.backward_from_delta(np.asarray(delta, dtype=np.float64))
    return dx, layer.dW.copy(), layer.db.copy()


def _dense_cases(rng):
    return [
        Case(
            "one sample, 3 inputs, 2 units",
            rng.normal(size=(1, 3)),
            rng.normal(size=(3, 2)),
            rng.normal(size=(1, 2)),
        ),
        Case(
            "a batch of 4 samples, 3 inputs, 2 units",
            rng.normal(size=(4, 3)),
            rng.normal(size=(3, 2)),
            rng.normal(size=(4, 2)),
        ),
        Case(
            "a square kernel and a batch of 3 (every shape is 3 x 3)",
            rng.normal(size=(3, 3)),
            rng.normal(size=(3, 3)),
            rng.normal(size=(3, 3)),
        ),
        Case(
            "delta all zero (nothing to send back)",
            rng.normal(size=(2, 2)),
            rng.normal(size=(2, 5)),
            np.zeros((2, 5)),
        ),
        Case(
            "a batch of 6 samples, 5 inputs, 1 unit",
            rng.normal(size=(6, 5)),
            rng.normal(size=(5, 1)),
            rng.normal(size=(6, 1)),
        ),
    ]


dense_backward = FunctionExercise(
    name="dense_backward",
    title="the backward pass of a dense layer",
    answer="dense_backward",
    cases=_dense_cases,
    reference=dense_backward_reference,
    forbidden=[
        "nnlib.layers.Dense.backward",
        "nnlib.layers.Dense.backward_from_delta",
        "nnlib.model.Sequential.backward",
        "nnlib.model.Sequential.loss_and_gradients",
    ],
    hint="dx = delta W^T has the shape of x, dW = x^T delta the shape of W, and db is delta "
    "summed over the batch (axis 0), shape (units,). Return the tuple (dx, dW, db).",
)


bug_hunt = ChoiceExercise(
    name="bug_hunt",
    title="find the bug with a gradient check",
    answer="bug_answer",
    options={
        "a": "the dW line: it gives the first two layers' kernels wrong gradients",
        "b": "the db line: it gives the first two layers' biases wrong gradients",
        "c": "the dx line: it sends the wrong error signal to the layer below",
        "d": "none of the three: tanh's derivative is wrong, since the layers that fail are the tanh layers",
    },
    correct="c",
    feedback={
        "a": "Every layer runs the same dW line, including the output layer, whose kernel passes. "
        "So the line computes dW right from the delta it is given. Which delta is wrong, and "
        "where did it come from?",
        "b": "The output layer's bias passes, and it is computed by the same db line as the "
        "others. Its kernel passes too. What does the output layer compute that its own "
        "gradients do not use?",
        "d": "The tanh derivative is nnlib's own, the one the chapter checked. Put a tanh on the "
        "output layer too, or none anywhere, and check again: the pattern stays, the first "
        "layers fail and the last passes.",
    },
)


relative_error_meaning = ChoiceExercise(
    name="relative_error_meaning",
    title="what a relative error of 1e-2 means",
    answer="relative_error_answer",
    options={
        "a": "all is well: the two gradients agree to about 1%, plenty for gradient descent",
        "b": "the backward pass almost certainly has a bug",
        "c": "epsilon is too small, so round-off dominates: check again with epsilon = 0.01",
        "d": "nothing can be concluded, because finite differences are only approximations",
    },
    correct="b",
    feedback={
        "a": "A correct backward pass agrees with central differences to 1e-8 or better in float64. "
        "Agreeing only to 1% means some terms are wrong, and a wrong gradient can point "
        "the updates the wrong way.",
        "c": "With epsilon = 1e-6, round-off costs about 1e-10, nowhere near 1e-2. A larger "
        "epsilon only adds truncation error.",
        "d": "The approximation error of central differences is known and tiny (about epsilon "
        "squared, plus round-off): far too small to explain 1e-2.",
    },
)


def train_network_reference(X, Y, W1, b1, W2, b2, learning_rate, epochs, batch_size):
    """nnlib's ``fit`` from the same start: tanh hidden layer, sigmoid output, binary cross-entropy.

    Plain SGD on mini-batches of ``batch_size`` rows taken in order (the last
    one holds what is left). Returns ``(W1, b1, W2, b2, losses)`` with
    ``losses[e]`` the mean over epoch ``e`` of the batch losses, each computed
    before its update and weighted by the batch's size; shape ``(epochs,)``.
    """
    network = Sequential(
        [Dense(len(b1), activation="tanh", input_shape=(X.shape[1],)), Dense(1, activation="sigmoid")]
    )
    network.set_weights([W1, b1, W2, b2])  # copies: the caller's arrays stay as they are
    network.compile(optimizer=SGD(learning_rate=learning_rate), loss="binary_crossentropy")
    history = network.fit(X, Y, batch_size=batch_size, epochs=epochs, shuffle=False, verbose=0)
    return (*network.get_weights(), np.array(history.history["loss"]))


def _start(rng, n_inputs, n_hidden):
    """Starting weights as in the chapter: kernels from a standard normal, biases at zero."""
    return (
        rng.normal(size=(n_inputs, n_hidden)),
        np.zeros(n_hidden),
        rng.normal(size=(n_hidden, 1)),
        np.zeros(1),
    )


def _training_cases(rng):
    X_gate, y_gate = logic_gate("xor")
    X_blobs, y_blobs = xor_blobs(n_samples=200, seed=0)
    X_small, y_small = xor_blobs(n_samples=12, seed=int(rng.integers(1000)))

    def column(y):
        return y.reshape(-1, 1).astype(float)

    return [
        Case(
            "the XOR gate, 2 hidden units, batches of 2, 3 epochs",
            X_gate,
            column(y_gate),
            *_start(rng, 2, 2),
            0.5,
            3,
            2,
        ),
        Case(
            "the XOR gate in one batch of 4, 3 hidden units, 5 epochs",
            X_gate,
            column(y_gate),
            *_start(rng, 2, 3),
            0.5,
            5,
            4,
        ),
        Case(
            "12 noisy XOR points in batches of 5 (the last holds 2), 3 hidden units, 40 epochs",
            X_small,
            column(y_small),
            *_start(rng, 2, 3),
            0.2,
            40,
            5,
        ),
        Case(
            "the 200 noisy XOR points of the stub cell, 4 hidden units, batches of 32, 100 epochs",
            X_blobs,
            column(y_blobs),
            *_start(np.random.default_rng(0), 2, 4),
            0.1,
            100,
            32,
        ),
    ]


train_blobs = FunctionExercise(
    name="train_blobs",
    title="noisy XOR with your own mini-batch training loop",
    answer="train_xor_network",
    cases=_training_cases,
    reference=train_network_reference,
    rtol=1e-6,
    atol=1e-8,
    forbidden=[
        "nnlib.model.Sequential.fit",
        "nnlib.model.Sequential.train_on_batch",
        "nnlib.model.Sequential.train_step",
        "nnlib.model.Sequential.backward",
        "nnlib.model.Sequential.loss_and_gradients",
        "nnlib.layers.Dense.backward",
        "nnlib.layers.Dense.backward_from_delta",
        "nnlib.optimizers.Optimizer.update",
        "nnlib.optimizers.Optimizer.apply_gradients",
        "nnlib.optimizers.Optimizer.step",
    ],
    task="the training loop",
    time_limit=10.0,
    hint="two things differ from the loop of the section XOR. The hidden layer is tanh, whose "
    "derivative is written with its output, and each update uses one batch: m in delta2 = (a2 - Y) "
    "/ m is that batch's size, which is smaller for the last one. The epoch's loss averages the "
    "batch losses weighted by their sizes; work on copies of the starting weights.",
)

EXERCISES = [
    hand_output_gradient,
    hand_hidden_delta,
    bug_hunt,
    dense_backward,
    relative_error_meaning,
    train_blobs,
]
