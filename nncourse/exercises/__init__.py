"""The course's exercises and their checks.

In a chapter::

    from nncourse.exercises import check
    check.step_activation(step)

``check.<exercise>(answer)`` prints one line when the answer passes and raises
``ExerciseFailure`` with specific feedback when it does not. ``EXERCISES``
lists every exercise by chapter, for the tests and the class grader.
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
from .core import ExerciseFailure

#: chapter file name (without .md) -> its exercises, in the order of the chapter
EXERCISES = {
    "01-perceptron": ch01_perceptron.EXERCISES,
    "02-activation-functions": ch02_activations.EXERCISES,
    "03-forward-propagation": ch03_forward.EXERCISES,
    "04-backpropagation": ch04_backprop.EXERCISES,
    "05-gradient-descent": ch05_optimizers.EXERCISES,
    "06-initialization": ch06_initialization.EXERCISES,
    "07-regularization": ch07_regularization.EXERCISES,
    "08-mlps-in-practice": ch08_practice.EXERCISES,
    "09-beyond-the-mlp": ch09_beyond.EXERCISES,
}


class Checks:
    """``check.<name>(answer)`` for every exercise of the course."""

    def __init__(self, chapters):
        self._exercises = {
            exercise.name: exercise for exercises in chapters.values() for exercise in exercises
        }

    def __getattr__(self, name):
        try:
            return self._exercises[name].check
        except KeyError:
            raise AttributeError(
                f"There is no exercise called {name!r}. Exercises: {', '.join(sorted(self._exercises))}."
            ) from None

    def __dir__(self):
        return sorted(self._exercises)


check = Checks(EXERCISES)

__all__ = ["EXERCISES", "ExerciseFailure", "check"]
