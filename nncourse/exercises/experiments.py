"""Experiment exercises: a trained model must reach a target score on held-out data.

The score alone does not always show that the task was done: a model with no
hidden layer reaches 0.95 to 0.97 on the digits, a network with one 0.97 to 0.98. So an
experiment can also look at the model's layers (``architecture``, rules in
``architecture.py``) and at the data the chapter itself shows the reader
(``HandedOut``), which a model must not have been trained on.
"""

import numpy as np

from ._base import Exercise
from ._feedback import a_or_an, describe_type
from .collector import decode, encode


def accuracy(y, predicted):
    """Share of the samples whose predicted class is their label in ``y``, shape (m,).

    ``predicted`` may hold labels, shape (m,); one probability of class 1 per
    sample, shape (m,) or (m, 1), read as class 1 from 0.5 on when the labels
    are 0 and 1; or a row of class probabilities per sample, shape (m, k),
    whose largest entry is the predicted class.
    """
    predicted = np.asarray(predicted, dtype=float)
    if predicted.ndim == 2 and predicted.shape[1] > 1:
        labels = predicted.argmax(axis=1)
    elif set(np.unique(y).tolist()) <= {0, 1}:
        labels = (np.ravel(predicted) >= 0.5).astype(int)
    else:
        labels = np.ravel(predicted)
    return float(np.mean(labels == y))


class HandedOut:
    """Data the chapter hands the reader, which the model must not have been trained on.

    ``data()`` gives ``(x, y)``, drawn like the test set (the same kind of
    samples), and ``name`` says where the reader met it. A model fitted to
    these samples scores clearly better on them than on the test set; one
    that never saw them scores about the same. When the difference is more
    than ``max_gap`` the check says so. Measure ``max_gap`` between the
    largest gap of honest models and the smallest of models trained on the data.
    """

    def __init__(self, data, name, max_gap):
        self.data, self.name, self.max_gap = data, name, max_gap


class ExperimentExercise(Exercise):
    """Train a model that reaches ``target`` on held-out data: ``data()`` gives
    ``(x_test, y_test)``, the model's ``predict`` is called on ``x_test``, and
    ``score(y_test, predictions)`` must reach ``target``.

    ``architecture(description)``, if given, looks at the model's layers
    (``collector.describe_model``) and returns a problem or None.
    ``handed_out`` (a ``HandedOut``) catches a model trained on data the
    chapter showed. ``weights=True`` records every layer's weights for the
    architecture rule (to see that frozen layers kept theirs). A passing
    answer is told the score it reached.
    """

    kind = "experiment"
    collector_function = "collect_predictions"

    def __init__(
        self,
        name,
        title,
        answer,
        data,
        target,
        hint,
        score=accuracy,
        score_name="accuracy",
        architecture=None,
        handed_out=None,
        weights=False,
        **options,
    ):
        super().__init__(name, title, answer, hint, **options)
        self.data, self.score, self.target, self.score_name = data, score, target, score_name
        self.architecture, self.handed_out, self.weights = architecture, handed_out, weights

    def inputs(self, seed=0):
        arrays = [self.data()[0]] + ([self.handed_out.data()[0]] if self.handed_out else [])
        return {"cases": [{"args": encode([x]), "kwargs": encode({})} for x in arrays]}

    def collector_arguments(self, inputs):
        return [inputs["cases"], self.time_limit, self.weights]

    def _predictions(self, outcome, y):
        """``(predictions, None)`` for a usable outcome of ``predict``, else ``(None, problem)``."""
        if outcome["timed_out"] or outcome["error"]:
            return None, f"predict failed: {outcome['error'] or 'it took too long'}"
        predictions = decode(outcome["value"])
        if not isinstance(predictions, np.ndarray):
            return None, (
                f"predict should return a numpy array of numbers, one row per test sample "
                f"({len(y)}), but returned {describe_type(predictions)}."
            )
        if len(predictions) != len(y):
            return None, (
                f"predict should return one row per test sample ({len(y)}), "
                f"but returned {describe_type(predictions)}."
            )
        if predictions.ndim > 2 or predictions.ndim == 2 and predictions.shape[1] == 0:
            return None, (
                f"predict should return an array of shape ({len(y)},) or ({len(y)}, k), "
                f"but returned one of shape {predictions.shape}."
            )
        return predictions, None

    def test_score(self, record):
        """The score of the recorded predictions on the test set (the record must be usable)."""
        _, y_test = self.data()
        predictions, _ = self._predictions(record["outcomes"][0], y_test)
        return self.score(y_test, predictions)

    def judge(self, record, inputs):
        if record.get("not_callable") == "ellipsis":
            return f"`{self.answer}` is not set yet: replace the `...` with your trained model."
        if "not_callable" in record:
            return (
                f"`{self.answer}` should be a trained model with a predict method, but it is "
                f"{a_or_an(record['not_callable'])}."
            )
        _, y_test = self.data()
        predictions, problem = self._predictions(record["outcomes"][0], y_test)
        if problem:
            return problem
        value = self.score(y_test, predictions)
        reached = f"test {self.score_name} {value:.3f}, target {self.target:.3f}"
        if self.architecture is not None:
            problem = self.architecture(record.get("model", {}), self.answer)
            if problem:
                return f"{problem} ({reached}.)"
        if self.handed_out is not None:
            problem = self._judge_handed_out(record, value)
            if problem:
                return problem
        if not value >= self.target:
            return f"{reached}: not there yet.\nHint: {self.hint}"
        return None

    def _judge_handed_out(self, record, value):
        handed = self.handed_out
        _, y_seen = handed.data()
        if len(record["outcomes"]) < 2:
            return "predict was not run on every set of images."
        predictions, problem = self._predictions(record["outcomes"][1], y_seen)
        if problem:
            return problem
        seen = self.score(y_seen, predictions)
        if seen - value > handed.max_gap:
            return (
                f"`{self.answer}` scores {seen:.3f} on {handed.name} but only {value:.3f} on the "
                f"check's own test samples, drawn the same way. A model that never saw them scores "
                f"about the same on both; this one was trained on them. Train on the training data only."
            )
        return None

    def success(self, record, inputs):
        return f"test {self.score_name} {self.test_score(record):.3f}, target {self.target:.3f}."
