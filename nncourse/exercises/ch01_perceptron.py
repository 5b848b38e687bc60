"""Exercises of chapter 1, the perceptron."""

import numpy as np

from nnlib.activations import step
from nnlib.datasets import logic_gate
from nnlib.perceptron import Perceptron, perceptron_update

from .core import Case, ChoiceExercise, FunctionExercise, ValueExercise


def _step_cases(rng):
    return [
        Case("z = [-2, -0.5, 0.5, 3]", np.array([-2.0, -0.5, 0.5, 3.0])),
        Case("z = 0 exactly (the step fires at 0)", np.array([0.0, -0.0])),
        Case("a 2-D batch of z", rng.normal(size=(3, 4))),
        Case("tiny values around 0", np.array([-1e-12, 1e-12])),
    ]


step_activation = FunctionExercise(
    name="step_activation",
    title="the step activation",
    answer="step",
    cases=_step_cases,
    reference=step,
    wants_float_output=True,
    forbidden=["nnlib.activations.step", "nnlib.activations.Step.forward", "numpy.heaviside"],
    hint="return 1.0 where z >= 0 and 0.0 elsewhere, as a float array of z's shape "
    "(np.where or a comparison followed by .astype(float)).",
)


#: the data of the hand trace: four samples the chapter never shows, one of them on z = 0
TRACE_X = np.array([[2.0, 1.0], [1.0, -1.0], [-1.0, 2.0], [0.0, 0.0]])
TRACE_Y = np.array([1, 0, 0, 1])
TRACE_LEARNING_RATE = 0.5


def _traced_epoch():
    """(w1, w2, b) after each sample of one epoch, from w = 0, b = 0, by nnlib's own rule."""
    w, b, rows = np.zeros(2), 0.0, []
    for x, y in zip(TRACE_X, TRACE_Y):
        w, b = perceptron_update(w, b, x, y, TRACE_LEARNING_RATE)
        rows.append([w[0], w[1], b])
    return np.array(rows)


hand_trace = ValueExercise(
    name="hand_trace",
    title="one epoch of the perceptron rule, by hand",
    answer="weights_after_each_sample",
    expected=_traced_epoch,
    rtol=0.0,
    atol=1e-9,  # every entry is a multiple of 0.5: exact or wrong
    hint="for each sample, compute z = w . x + b with the weights as they are *before* that "
    "sample's update; the prediction is 1 when z >= 0 (z = 0 included). Only a wrong prediction "
    "moves anything, by 0.5 (y - y_hat) times x for w and 0.5 (y - y_hat) for b. A row is the "
    "weights after the sample, moved or not.",
)


def _batch_update(w, b, X, y, learning_rate):
    """The reference: nnlib's one-sample rule, each sample judged by the same (w, b), moves summed."""
    moves = [perceptron_update(w, b, x, y_i, learning_rate) for x, y_i in zip(X, y)]
    w_new = w + sum(w_i - w for w_i, _ in moves)
    b_new = b + sum(b_i - b for _, b_i in moves)
    return np.asarray(w_new, dtype=float), float(b_new)


def _or_after(epochs):
    """(w, b) after ``epochs`` batch updates on OR from zero with learning rate 1."""
    X, y = logic_gate("or")
    w, b = np.zeros(2), 0.0
    for _ in range(epochs):
        w, b = _batch_update(w, b, X, y, 1.0)
    return w, b


def _batch_cases(rng):
    X_or, y_or = logic_gate("or")
    X = rng.normal(size=(6, 3))
    y = rng.integers(0, 2, size=6).astype(float)
    w, b = rng.normal(size=3), float(rng.normal())
    return [
        Case("OR's four samples, from w = 0, b = 0 (every z is 0)", np.zeros(2), 0.0, X_or, y_or, 1.0),
        Case("OR after one epoch of batch updates", *_or_after(1), X_or, y_or, 1.0),
        Case("OR after two epochs, learning rate 0.5", *_or_after(2), X_or, y_or, 0.5),
        Case(
            "a batch of one sample (the chapter's rule)",
            np.array([0.5, -1.0]),
            0.25,
            np.array([[1.0, 2.0]]),
            np.array([1.0]),
            0.1,
        ),
        Case("six random samples with three features", w, b, X, y, 0.3),
        Case("a batch the weights already get right (nothing moves)", *_or_after(5), X_or, y_or, 1.0),
    ]


batch_update = FunctionExercise(
    name="batch_update",
    title="the perceptron rule on a whole batch",
    answer="batch_update",
    cases=_batch_cases,
    reference=_batch_update,
    forbidden=[
        "nnlib.perceptron.perceptron_update",
        "nnlib.perceptron.Perceptron.fit",
        "nnlib.perceptron.Perceptron.predict",
    ],
    task="the batch update",
    hint="judge every sample with the weights you were given, before any of them moves: "
    "z = X @ w + b for the whole batch at once. Then each sample contributes "
    "learning_rate * (y_i - y_hat_i) times its x_i to w and learning_rate * (y_i - y_hat_i) "
    "to b, and the contributions add up.",
)


def _gate(name, **options):
    """(w, b) of a perceptron trained by nnlib on the gate ``name``."""
    perceptron = Perceptron(**options).fit(*logic_gate(name))
    return perceptron.weights_, perceptron.bias_


def _gate_output(inputs, gate):
    """What nnlib's Perceptron with the weights and bias ``gate`` predicts for ``inputs``."""
    perceptron = Perceptron()
    perceptron.weights_, perceptron.bias_ = gate
    return perceptron.predict(inputs).astype(float)


def _xor_network(X, and_gate, or_gate, nand_gate):
    """The reference: OR and NAND read the inputs, AND reads their two outputs."""
    hidden = np.column_stack([_gate_output(X, or_gate), _gate_output(X, nand_gate)])
    return _gate_output(hidden, and_gate)


def _xor_cases(rng):
    X, _ = logic_gate("xor")
    trained = {name: _gate(name) for name in ("and", "or", "nand")}
    seed = int(rng.integers(1000))
    slow = {name: _gate(name, learning_rate=0.1, shuffle=True, seed=seed) for name in trained}
    ticks = np.linspace(-0.5, 1.5, 5) + rng.uniform(-0.1, 0.1)
    near = np.stack(np.meshgrid(ticks, ticks), axis=-1).reshape(-1, 2)
    return [
        Case(
            "the four corners, gates trained with learning rate 1",
            X,
            trained["and"],
            trained["or"],
            trained["nand"],
        ),
        Case(
            "the four corners, gates trained with learning rate 0.1 on shuffled samples",
            X,
            slow["and"],
            slow["or"],
            slow["nand"],
        ),
        Case(
            "25 points around the corners (the gates' lines decide, not the XOR table)",
            near,
            trained["and"],
            trained["or"],
            trained["nand"],
        ),
        Case(
            "other gates handed in: an OR perceptron as and_gate and an AND perceptron as or_gate "
            "(your network must compute with the gates it is given)",
            X,
            trained["or"],
            trained["and"],
            trained["nand"],
        ),
        Case(
            "the same swap, on 25 points around the corners",
            near,
            slow["or"],
            slow["and"],
            slow["nand"],
        ),
    ]


xor_from_gates = FunctionExercise(
    name="xor_from_gates",
    title="XOR from three trained perceptrons",
    answer="xor_network",
    cases=_xor_cases,
    reference=_xor_network,
    forbidden=[
        "nnlib.perceptron.Perceptron.fit",
        "nnlib.perceptron.Perceptron.predict",
        "nnlib.datasets.logic_gate",
    ],
    task="the network from the gates it is given",
    hint="the first layer has two perceptrons that both read the inputs X; the output perceptron "
    "reads the two 0/1 outputs of the first layer, stacked as the columns of an array of shape "
    "(m, 2), not X. Each perceptron is step(inputs @ w + b) with its own (w, b). Which two gates "
    "are 1 together exactly where XOR is 1?",
)


xor_reason = ChoiceExercise(
    name="xor_reason",
    title="why XOR defeats the perceptron",
    answer="xor_answer",
    options={
        "a": "the step has no derivative, so the rule cannot find the weights; a sigmoid neuron "
        "trained by gradient descent on the same four points would get all of them right",
        "b": "the learning rate 1 makes the weights overshoot; with a small enough learning rate "
        "the rule settles",
        "c": "inputs of 0 and 1 are not centered; with inputs -1 and 1 a line would separate the classes",
        "d": "for any w and b, z(1, 0) + z(0, 1) = z(0, 0) + z(1, 1), so the two points of class 1 "
        "cannot both have z >= 0 while the two of class 0 both have z < 0",
        "e": "100 epochs are too few: the convergence theorem promises a finite number of mistakes, "
        "so with enough epochs the mistakes stop",
    },
    correct="d",
    feedback={
        "a": "A sigmoid neuron's boundary, where its output is 1/2, is the line w . x + b = 0 too. "
        "Logistic regression on the four XOR points gets at most 3 of them right.",
        "b": "The weights start at zero, so every update is the learning rate times the same numbers: "
        "with 0.01 the weights are those of learning rate 1, divided by 100, and step(z) makes the "
        "same mistakes.",
        "c": "With inputs -1 and 1 the classes still sit on the two diagonals of a square, and a "
        "line still cannot cut off two opposite corners.",
        "e": "The theorem assumes a unit vector u with a positive margin on every sample. For XOR "
        "there is none, so the theorem promises nothing.",
    },
    hint="write z = w1 x1 + w2 x2 + b at each of the four corners and add them in pairs.",
)

EXERCISES = [step_activation, hand_trace, batch_update, xor_from_gates, xor_reason]
