"""Exercises of chapter 5, gradient descent and optimizers."""

import numpy as np

from nnlib.datasets import load_digits
from nnlib.layers import Dense
from nnlib.model import Sequential
from nnlib.optimizers import SGD, Adam

from . import architecture
from .core import Case, ChoiceExercise, ExperimentExercise, FunctionExercise, ValueExercise

#: what makes any nnlib optimizer take a step, forbidden where the learner writes one
OPTIMIZER_STEPS = [
    "nnlib.optimizers.Optimizer.update",
    "nnlib.optimizers.Optimizer.apply_gradients",
    "nnlib.optimizers.Optimizer.step",
]

# count_updates: the digits training set, batch size and epochs of the question
N_SAMPLES, BATCH_SIZE, EPOCHS = 1437, 64, 30


def updates_made(n_samples=N_SAMPLES, batch_size=BATCH_SIZE, epochs=EPOCHS):
    """The number of updates nnlib's ``fit`` makes, counted by its optimizer."""
    model = Sequential([Dense(1, input_shape=(1,))], seed=0)
    model.compile(optimizer=SGD(learning_rate=0.01), loss="mse")
    model.fit(
        np.zeros((n_samples, 1)),
        np.zeros(n_samples),
        batch_size=batch_size,
        epochs=epochs,
        shuffle=False,
        verbose=0,
    )
    return model.optimizer.iterations


count_updates = ValueExercise(
    name="count_updates",
    title="the number of updates",
    answer="n_updates",
    expected=updates_made,
    hint="first count the batches in one epoch: every batch is full except perhaps the last, "
    "which holds what is left over, and it still makes an update. Then multiply by the "
    "number of epochs.",
)


def _with_state(optimizer, shape, **state):
    """Build ``optimizer``'s state for one array of ``shape``, then overwrite it with ``state``."""
    optimizer.update([np.zeros(shape)], [np.zeros(shape)])  # a zero step builds the state
    for key, value in state.items():
        optimizer.state[0][key][...] = value
    return optimizer.state[0]


def momentum_step_reference(w, g, velocity, learning_rate, momentum):
    """nnlib's ``SGD(learning_rate, momentum)`` applied to copies: ``(w_new, velocity_new)``."""
    optimizer = SGD(learning_rate=learning_rate, momentum=momentum)
    w = np.array(w, dtype=float)
    state = _with_state(optimizer, w.shape, velocity=velocity)
    optimizer.update([w], [np.array(g, dtype=float)])
    return w, state["velocity"].copy()


def _momentum_cases(rng):
    return [
        Case(
            "the first step: the velocity starts at zero",
            np.array([1.0, -2.0]),
            np.array([0.5, -1.0]),
            np.zeros(2),
            0.1,
            0.9,
        ),
        Case(
            "a velocity built up against the gradient",
            np.array([0.3, 0.7, -1.1]),
            np.array([1.0, -0.5, 2.0]),
            np.array([0.2, -0.1, 0.4]),
            0.05,
            0.9,
        ),
        Case(
            "a zero gradient (the velocity coasts on)",
            np.array([2.0, 1.0]),
            np.zeros(2),
            np.array([-0.3, 0.1]),
            0.1,
            0.8,
        ),
        Case(
            "a 3 x 2 kernel, learning rate 0.01, momentum 0.99",
            rng.normal(size=(3, 2)),
            rng.normal(size=(3, 2)),
            0.1 * rng.normal(size=(3, 2)),
            0.01,
            0.99,
        ),
    ]


momentum_step = FunctionExercise(
    name="momentum_step",
    title="one step of SGD with momentum",
    answer="momentum_step",
    cases=_momentum_cases,
    reference=momentum_step_reference,
    forbidden=["nnlib.optimizers.SGD.update_rule", *OPTIMIZER_STEPS],
    hint="first the new velocity, momentum * velocity - learning_rate * g; then move the "
    "weights by the NEW velocity, w + velocity. Return the tuple (w_new, velocity_new).",
)


def adam_step_reference(w, g, m, v, t, learning_rate, beta_1, beta_2, epsilon):
    """nnlib's ``Adam`` applied to copies at step ``t`` (from 1): ``(w_new, m_new, v_new)``."""
    optimizer = Adam(learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon)
    w = np.array(w, dtype=float)
    state = _with_state(optimizer, w.shape, m=m, v=v)
    optimizer.iterations = t - 1  # the update about to be made is the t-th
    optimizer.update([w], [np.array(g, dtype=float)])
    return w, state["m"].copy(), state["v"].copy()


def _adam_cases(rng):
    shape = (3, 2)
    return [
        Case(
            "the first step, t = 1, with m and v at zero",
            np.array([0.5, -1.5, 2.0]),
            np.array([0.1, -2.0, 0.5]),
            np.zeros(3),
            np.zeros(3),
            1,
            0.001,
            0.9,
            0.999,
            1e-7,
        ),
        Case(
            "step t = 10, moments built up",
            np.array([1.0, -1.0]),
            np.array([0.3, 0.8]),
            np.array([0.2, 0.5]),
            np.array([0.05, 0.4]),
            10,
            0.01,
            0.9,
            0.999,
            1e-7,
        ),
        Case(
            "a zero gradient at t = 3",
            np.array([0.2, 0.4]),
            np.zeros(2),
            np.array([-0.1, 0.3]),
            np.array([0.02, 0.09]),
            3,
            0.1,
            0.9,
            0.999,
            1e-7,
        ),
        Case(
            "a 3 x 2 kernel at t = 50, beta_2 = 0.99",
            rng.normal(size=shape),
            rng.normal(size=shape),
            0.1 * rng.normal(size=shape),
            0.1 + rng.random(size=shape),
            50,
            0.01,
            0.9,
            0.99,
            1e-7,
        ),
        Case(
            "a late step, t = 5000",
            np.array([1.0, 2.0]),
            np.array([-0.5, 0.25]),
            np.array([-0.2, 0.1]),
            np.array([0.3, 0.06]),
            5000,
            0.001,
            0.9,
            0.999,
            1e-7,
        ),
    ]


adam_step = FunctionExercise(
    name="adam_step",
    title="one step of Adam",
    answer="adam_step",
    cases=_adam_cases,
    reference=adam_step_reference,
    forbidden=["nnlib.optimizers.Adam.update_rule", *OPTIMIZER_STEPS],
    rtol=1e-5,  # nnlib adds epsilon after the bias correction, a difference below 1e-6 here
    hint="update m and v first, then divide them by 1 - beta_1**t and 1 - beta_2**t (t is the "
    "number of this step, from 1), and step w - learning_rate * m_hat / (sqrt(v_hat) + "
    "epsilon). Return the tuple (w_new, m_new, v_new) with the moments before correction.",
)


learning_rate_sweep = ChoiceExercise(
    name="learning_rate_sweep",
    title="the learning-rate sweep",
    answer="sweep_answer",
    options={
        "a": "1 brings the loss down fastest and none diverges: the larger the rate, the better",
        "b": "0.1 brings the loss down fastest and 1 diverges",
        "c": "0.0001 brings the loss down fastest, because small steps never overshoot; 1 diverges",
        "d": "0.01 brings the loss down fastest, and both 0.1 and 1 diverge",
    },
    correct="b",
    feedback={
        "a": "Look again at the warning the sweep caught: with a rate of 1 the loss became "
        "infinite in the first epoch.",
        "c": "Small steps are safe but slow: after all the epochs, 0.0001 has barely moved "
        "the loss from where it started.",
        "d": "0.1 did not diverge: its loss jumps up and down more than that of 0.01, but "
        "it is the lowest after the first epoch and again at the end.",
    },
)


def _digits_test_set():
    _, x_test, _, y_test = load_digits()
    return x_test, y_test


tune_digits_optimizer = ExperimentExercise(
    name="tune_digits_optimizer",
    title="a well-tuned optimizer for the digits",
    answer="digits_model",
    data=_digits_test_set,
    target=0.95,
    architecture=architecture.exactly([(32, "relu"), (10, "softmax")]),
    hint="full-batch gradient descent makes only one update per epoch. Use mini-batches "
    "(batch_size=32), and a larger learning rate, momentum or Adam; watch the training "
    "loss fall in the History.",
)

EXERCISES = [count_updates, momentum_step, adam_step, learning_rate_sweep, tune_digits_optimizer]
