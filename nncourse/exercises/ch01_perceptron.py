"""Exercises of chapter 1, the perceptron."""

import numpy as np

from nnlib.activations import step
from nnlib.datasets import logic_gate
from nnlib.perceptron import perceptron_update

from .core import Case, ChoiceExercise, ExperimentExercise, FunctionExercise


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


def _update_cases(rng):
    w = np.array([0.5, -1.0])
    return [
        Case("a correct prediction (nothing moves)", w, 0.5, np.array([1.0, 0.0]), 1, 1.0),
        Case("label 1 predicted 0 (move towards x)", w, -1.0, np.array([1.0, 1.0]), 1, 1.0),
        Case("label 0 predicted 1 (move away from x)", w, 0.0, np.array([1.0, 0.0]), 0, 0.5),
        Case("three features, learning rate 0.1", rng.normal(size=3), 0.2, rng.normal(size=3), 0, 0.1),
    ]


perceptron_rule = FunctionExercise(
    name="perceptron_rule",
    title="the perceptron update",
    answer="perceptron_update",
    cases=_update_cases,
    reference=perceptron_update,
    forbidden=["nnlib.perceptron.perceptron_update"],
    hint="predict y_hat = step(w . x + b) first; then w + eta (y - y_hat) x and b + eta (y - y_hat). "
    "Return a tuple (new_w, new_b).",
)


def _or_gate():
    return logic_gate("or")


train_or = ExperimentExercise(
    name="train_or",
    title="a perceptron for OR",
    answer="or_perceptron",
    data=_or_gate,
    target=1.0,
    hint="fit a Perceptron on logic_gate('or') and make sure it converged (or_perceptron.converged_).",
)


xor_reason = ChoiceExercise(
    name="xor_reason",
    title="why XOR defeats the perceptron",
    answer="xor_answer",
    options={
        "a": "the learning rate is too large, so the weights overshoot",
        "b": "it needs more epochs: the rule would converge eventually",
        "c": "no straight line puts (0, 1) and (1, 0) on one side and (0, 0) and (1, 1) on the other",
        "d": "the weights start at zero, so the two inputs stay symmetric",
    },
    correct="c",
    feedback={
        "a": "Try any learning rate: the perceptron still never gets all four points right.",
        "b": "Run it for 10,000 epochs: the number of mistakes per epoch never reaches 0.",
        "d": "Start from random weights: the mistakes never stop either.",
    },
)

EXERCISES = [step_activation, perceptron_rule, train_or, xor_reason]
