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


def amsgrad_step_reference(w, g, m, v, v_max, t, learning_rate, beta_1, beta_2, epsilon):
    """nnlib's ``Adam(amsgrad=True)`` applied to copies at step ``t`` (from 1).

    Returns ``(w_new, m_new, v_new, v_max_new)``. nnlib follows Keras
    (keras/src/optimizers/adam.py): the maximum is taken over the moments
    before bias correction, and the correction is folded into the rate.
    """
    optimizer = Adam(learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon, amsgrad=True)
    w = np.array(w, dtype=float)
    state = _with_state(optimizer, w.shape, m=m, v=v, v_max=v_max)
    optimizer.iterations = t - 1  # the update about to be made is the t-th
    optimizer.update([w], [np.array(g, dtype=float)])
    return w, state["m"].copy(), state["v"].copy(), state["v_max"].copy()


def _state_after(gradients, learning_rate, beta_1, beta_2, epsilon):
    """(w, m, v, v_max, t) after nnlib's AMSGrad has taken the steps of ``gradients`` from w = 1."""
    optimizer = Adam(learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon, amsgrad=True)
    w = np.ones(len(gradients[0]))
    for g in gradients:
        optimizer.update([w], [np.array(g, dtype=float)])
    state = optimizer.state[0]
    return w, state["m"].copy(), state["v"].copy(), state["v_max"].copy(), optimizer.iterations


def _amsgrad_cases(rng):
    large_then_small = [[5.0, -4.0, 0.1]] * 3 + [[0.1, 0.2, 0.1]] * 5
    state = _state_after(large_then_small, 0.01, 0.9, 0.999, 1e-7)
    fast_forgetting = _state_after(large_then_small, 0.1, 0.5, 0.6, 1e-7)
    shape = (3, 2)
    v_max = rng.uniform(0.5, 1.0, size=shape)
    return [
        Case(
            "the first step, t = 1, with m, v and v_max at zero",
            np.array([0.5, -1.5, 2.0]),
            np.array([0.1, -2.0, 0.5]),
            np.zeros(3),
            np.zeros(3),
            np.zeros(3),
            1,
            0.001,
            0.9,
            0.999,
            1e-7,
        ),
        Case(
            "step 9, after three large gradients and five small ones",
            state[0],
            np.array([0.1, 0.2, 0.1]),
            *state[1:4],
            state[4] + 1,
            0.01,
            0.9,
            0.999,
            1e-7,
        ),
        Case(
            "the same gradients with beta_2 = 0.6: v forgets fast, v_max does not",
            fast_forgetting[0],
            np.array([0.1, 0.2, 0.1]),
            *fast_forgetting[1:4],
            fast_forgetting[4] + 1,
            0.1,
            0.5,
            0.6,
            1e-7,
        ),
        Case(
            "a 3 x 2 kernel at step 20, v_max above v in some entries and below in others",
            rng.normal(size=shape),
            rng.normal(size=shape),
            0.1 * rng.normal(size=shape),
            rng.uniform(0.0, 1.5, size=shape) * v_max,
            v_max,
            20,
            0.01,
            0.9,
            0.999,
            1e-7,
        ),
        Case(
            "a zero gradient at step 5 (m and v decay, v_max stays)",
            np.array([1.0, -1.0]),
            np.zeros(2),
            np.array([0.2, -0.1]),
            np.array([0.04, 0.01]),
            np.array([0.09, 0.01]),
            5,
            0.01,
            0.9,
            0.999,
            1e-7,
        ),
    ]


amsgrad_step = FunctionExercise(
    name="amsgrad_step",
    title="one step of AMSGrad",
    answer="amsgrad_step",
    cases=_amsgrad_cases,
    reference=amsgrad_step_reference,
    forbidden=["nnlib.optimizers.Adam.update_rule", *OPTIMIZER_STEPS],
    rtol=1e-5,  # the textbook form adds epsilon after the bias correction: about 1e-7 here
    hint="m and v are updated exactly as in Adam. v_max is the elementwise maximum of the old "
    "v_max and the NEW v, and the step divides by sqrt(v_max) where Adam divides by sqrt(v); "
    "the bias correction is still that of step t. Return the tuple (w_new, m_new, v_new, "
    "v_max_new).",
)

#: the tilted bowl of the step-size exercise, L(w) = 2.5 w1^2 + 2 w1 w2 + w2^2 = w^T H w / 2 with this Hessian
BOWL_HESSIAN = np.array([[5.0, 2.0], [2.0, 2.0]])


def bowl_gradient(w):
    """dL/dw of the tilted bowl, ``H w``."""
    return BOWL_HESSIAN @ w


def diverges(gradient, start, minimum, learning_rate, steps=200):
    """True when nnlib's ``SGD`` still moves away from ``minimum`` after ``steps`` steps.

    The first ``steps`` steps let every direction that converges die out; the
    distance is then compared over the next ``steps`` steps, so that only the
    direction that sets the limit is left to grow or shrink.
    """
    w = np.array(start, dtype=float)
    optimizer = SGD(learning_rate=learning_rate)
    distances = []
    with np.errstate(over="ignore", invalid="ignore"):  # far past the limit, w overflows: diverged
        for _ in range(2):
            for _ in range(steps):
                optimizer.update([w], [gradient(w)])
            distances.append(np.linalg.norm(w - minimum))
    return not np.isfinite(distances[1]) or distances[1] > distances[0]


def largest_stable_rate(gradient, start, minimum, high=10.0):
    """The learning rate where nnlib's SGD starts to diverge, found by bisection on ``diverges``."""
    low = 0.0
    for _ in range(60):
        middle = (low + high) / 2
        if diverges(gradient, start, minimum, middle):
            high = middle
        else:
            low = middle
    return (low + high) / 2


eta_max_bowl = ValueExercise(
    name="eta_max_bowl",
    title="the largest stable learning rate on a tilted bowl",
    answer="eta_max_bowl",
    expected=lambda: largest_stable_rate(bowl_gradient, [1.0, 1.0], np.zeros(2)),
    rtol=0.0,
    atol=6e-4,
    hint="the update is w - eta H w = (I - eta H) w, and the cross term 2 w1 w2 means that the axes "
    "are not the directions that matter. In which directions does (I - eta H) only scale w, and by "
    "how much? Every one of those factors must stay between -1 and 1.",
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

EXERCISES = [
    count_updates,
    momentum_step,
    amsgrad_step,
    eta_max_bowl,
    learning_rate_sweep,
    tune_digits_optimizer,
]
