"""Plausible wrong answers to every exercise, each of which its check must reject.

``WRONG_ANSWERS[exercise name]`` is a list of ``(mistake, code)``: the code
defines the learner's answer (under the name the exercise asks for) with one
typical mistake. The chapter's first cell (its imports) runs before it. One
module per chapter.
"""

from . import (
    ch01_perceptron,
    ch02_activations,
    ch03_forward,
    ch04_backprop,
    ch05_optimizers,
    ch06_initialization,
    ch07_regularization,
    ch08_practice,
    ch09_beyond,
)

WRONG_ANSWERS = {}
for chapter in (
    ch01_perceptron,
    ch02_activations,
    ch03_forward,
    ch04_backprop,
    ch05_optimizers,
    ch06_initialization,
    ch07_regularization,
    ch08_practice,
    ch09_beyond,
):
    WRONG_ANSWERS.update(chapter.WRONG_ANSWERS)
