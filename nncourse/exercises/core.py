"""Exercises and their checks: ``check.<exercise>(answer)`` gives instant, specific feedback.

A check runs in two halves. ``collect`` runs the learner's answer and records
what it did as plain data (``collector.py``); ``judge`` compares that record
with nnlib's own answer and writes the feedback. In a notebook both halves
run at once; the class grader runs ``collect`` inside each submitted notebook
and ``judge`` in its own process, so nothing a notebook redefines can change
a grade.

Feedback names the case that failed, what was expected and what came back,
and gives a hint; for numeric answers it never prints the expected number.
"""

import textwrap

import numpy as np

from . import collector
from .collector import Unsupported, decode, encode


class ExerciseFailure(AssertionError):
    """A check found a problem. The message is written for the learner."""

    def _render_traceback_(self):
        # IPython shows this instead of a traceback: the feedback is the point
        lines = str(self).splitlines()
        return [f"\N{BALLOT X} {lines[0]}"] + lines[1:]


def wrap(text, width=68):
    """Wrap each line of feedback to ``width`` columns, indenting continuations."""
    return "\n".join(
        textwrap.fill(line, width, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False)
        for line in text.splitlines()
    )


class Case:
    """One call of the learner's function: a label for the feedback, and the arguments."""

    def __init__(self, label, *args, **kwargs):
        self.label, self.args, self.kwargs = label, args, kwargs


class Exercise:
    """Base class. ``answer`` is the name the learner's object has in the notebook."""

    kind = "exercise"

    def __init__(self, name, title, answer, hint, points=1, time_limit=5.0):
        self.name, self.title, self.answer = name, title, answer
        self.hint, self.points, self.time_limit = hint, points, time_limit

    #: the function of ``collector.py`` that runs the answer, and what it needs
    collector_function = "collect_value"

    def inputs(self, seed=0):
        """What collect and judge need, as JSON-safe data; random cases are drawn with ``seed``."""
        return {}

    def collector_arguments(self, inputs):
        """The arguments of ``collector_function`` after the answer itself."""
        return []

    def collect(self, answer, inputs):
        """Run the answer (the learner's code) and record what it did."""
        return getattr(collector, self.collector_function)(answer, *self.collector_arguments(inputs))

    def judge(self, record, inputs):
        """Return ``None`` when the answer passes, else the feedback text."""
        raise NotImplementedError

    def success(self, inputs):
        return "passed."

    def check(self, answer, seed=0):
        """Check ``answer``: print a line when it passes, raise ``ExerciseFailure`` when not."""
        inputs = self.inputs(seed)
        problem = self.judge(self.collect(answer, inputs), inputs)
        if problem is not None:
            raise ExerciseFailure(wrap(f"{self.title}: {problem}"))
        print(f"\N{CHECK MARK} {self.title}: {self.success(inputs)}")

    def __repr__(self):
        return f"<{type(self).__name__} {self.name!r}: {self.title}>"


def _short(value, limit=160):
    text = (
        np.array2string(value, precision=4, threshold=12, edgeitems=3)
        if isinstance(value, np.ndarray)
        else repr(value)
    )
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + " ..."


def _a(noun):
    """``"a list"``, ``"an int"``."""
    return f"an {noun}" if noun[:1].lower() in "aeiou" else f"a {noun}"


def describe_type(value):
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, Unsupported):
        return _a(value.type_name)
    return _a(type(value).__name__)


def compare_values(expected, got, rtol, atol, what="the result"):
    """Why ``got`` is not ``expected`` (arrays, numbers or tuples of them), or None."""
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return f"{what} should be a tuple of {len(expected)} values, but it is {describe_type(got)}."
        for index, (e, g) in enumerate(zip(expected, got)):
            problem = compare_values(e, g, rtol, atol, f"item {index} of {what}")
            if problem:
                return problem
        return None
    expected = np.asarray(expected, dtype=float)
    if isinstance(got, (bool, int, float)) and expected.ndim == 0:
        got = np.asarray(got, dtype=float)
    if not isinstance(got, np.ndarray) or got.dtype.kind not in "biuf":
        kind = "a number" if expected.ndim == 0 else "a numpy array"
        return f"{what} should be {kind}, but it is {describe_type(got)}."
    if got.shape != expected.shape:
        return f"{what} should have shape {expected.shape}, but it has shape {got.shape}."
    if np.isnan(got).any() and not np.isnan(expected).any():
        return f"{what} contains NaN: {_short(got)}. Look for 0/0, log of 0 or inf - inf."
    if not np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=True):
        where = "" if what == "the result" else f" {what}:"
        return f"{where}\n  expected {_short(expected)}\n  but got  {_short(got)}"
    return None


class FunctionExercise(Exercise):
    """Write a function; it is called on several cases and compared with ``reference``.

    ``cases(rng)`` returns a list of ``Case``; ``reference(*args, **kwargs)``
    is nnlib's own answer (so the check and the library cannot drift apart).
    ``wants_float_output``: the result must be a float array (not ints/bools).
    """

    kind = "function"
    collector_function = "call_cases"

    def __init__(
        self,
        name,
        title,
        answer,
        cases,
        reference,
        hint,
        rtol=1e-6,
        atol=1e-9,
        wants_float_output=False,
        **options,
    ):
        super().__init__(name, title, answer, hint, **options)
        self.cases, self.reference = cases, reference
        self.rtol, self.atol, self.wants_float_output = rtol, atol, wants_float_output

    def inputs(self, seed=0):
        cases = self.cases(np.random.default_rng(seed))
        return {
            "labels": [case.label for case in cases],
            "cases": [{"args": encode(list(case.args)), "kwargs": encode(case.kwargs)} for case in cases],
        }

    def collector_arguments(self, inputs):
        return [inputs["cases"], self.time_limit]

    def judge(self, record, inputs):
        if "not_callable" in record:
            return (
                f"`{self.answer}` should be a function, but it is {_a(record['not_callable'])}. "
                f"Define it with `def {self.answer}(...):`."
            )
        for label, case, outcome in zip(inputs["labels"], inputs["cases"], record["outcomes"]):
            problem = self.judge_case(decode(case["args"]), decode(case["kwargs"]), outcome)
            if problem:
                return f'case "{label}": {problem}\nHint: {self.hint}'
        if len(record["outcomes"]) < len(inputs["cases"]):
            return "not every case was run."
        return None

    def judge_case(self, args, kwargs, outcome):
        if outcome["timed_out"]:
            return (
                f"your function did not finish within {self.time_limit:g} s. Is there a loop that never ends?"
            )
        if outcome["error"]:
            if outcome["error"].startswith("NotImplementedError"):
                return "your function still raises NotImplementedError: replace that line with your code."
            return f"your function raised {outcome['error']}"
        if outcome["mutated"]:
            return (
                "your function changed its input array. Compute a new array instead "
                "(avoid `+=` on an argument)."
            )
        got = decode(outcome["value"])
        if self.wants_float_output and isinstance(got, np.ndarray) and got.dtype.kind != "f":
            return f"the result should be a float array, but its dtype is {got.dtype}. Use .astype(float)."
        return compare_values(self.reference(*args, **kwargs), got, self.rtol, self.atol)

    def success(self, inputs):
        return f"all {len(inputs['cases'])} cases pass."


class ValueExercise(Exercise):
    """Compute a value (a number or an array). The feedback never shows the expected value."""

    kind = "value"

    def __init__(self, name, title, answer, expected, hint, rtol=1e-4, atol=1e-8, **options):
        super().__init__(name, title, answer, hint, **options)
        self.expected, self.rtol, self.atol = expected, rtol, atol

    def judge(self, record, inputs):
        got = decode(record["value"])
        if record["is_ellipsis"] or got is None:
            return f"`{self.answer}` is not set yet: replace the `...` with your answer."
        expected = self.expected()
        expected_array = np.asarray(expected, dtype=float)
        if isinstance(got, (bool, int, float)):
            got = np.asarray(got, dtype=float)
        if isinstance(got, (list, tuple)):
            try:
                got = np.asarray(got, dtype=float)
            except (TypeError, ValueError):
                return f"`{self.answer}` should hold numbers, but it is {describe_type(got)}."
        if not isinstance(got, np.ndarray) or got.dtype.kind not in "biuf":
            kind = "a number" if expected_array.ndim == 0 else "an array"
            return f"`{self.answer}` should be {kind}, but it is {describe_type(got)}."
        if got.shape != expected_array.shape:
            return f"`{self.answer}` should have shape {expected_array.shape}, but it has shape {got.shape}."
        if not np.allclose(got, expected_array, rtol=self.rtol, atol=self.atol):
            return f"`{self.answer}` = {_short(got)} is not right yet.\nHint: {self.hint}"
        return None


class ChoiceExercise(Exercise):
    """Pick one option by its letter. Each wrong option has its own feedback."""

    kind = "choice"

    def __init__(self, name, title, answer, options, correct, feedback, hint="", **options_):
        super().__init__(name, title, answer, hint, **options_)
        self.options, self.correct, self.feedback = options, correct, feedback

    def judge(self, record, inputs):
        got = decode(record["value"])
        letters = ", ".join(repr(letter) for letter in self.options)
        if record["is_ellipsis"] or got is None:
            return f"`{self.answer}` is not set yet: set it to one of {letters}."
        if not isinstance(got, str) or got.strip().lower() not in self.options:
            shown = describe_type(got) if isinstance(got, Unsupported) else _short(got)
            return f"`{self.answer}` should be one of {letters}, but it is {shown}."
        choice = got.strip().lower()
        if choice != self.correct:
            return f"({choice}) is not it. {self.feedback[choice]}"
        return None


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


class ExperimentExercise(Exercise):
    """Train a model that reaches ``target`` on held-out data: ``data()`` gives
    ``(x_test, y_test)``, the model's ``predict`` is called on ``x_test``, and
    ``score(y_test, predictions)`` must reach ``target``."""

    kind = "experiment"
    collector_function = "collect_predictions"

    def __init__(
        self, name, title, answer, data, target, hint, score=accuracy, score_name="accuracy", **options
    ):
        super().__init__(name, title, answer, hint, **options)
        self.data, self.score, self.target, self.score_name = data, score, target, score_name

    def inputs(self, seed=0):
        x_test, _ = self.data()
        return {"cases": [{"args": encode([x_test]), "kwargs": encode({})}]}

    def collector_arguments(self, inputs):
        return [inputs["cases"], self.time_limit]

    def judge(self, record, inputs):
        if record.get("not_callable") == "ellipsis":
            return f"`{self.answer}` is not set yet: replace the `...` with your trained model."
        if "not_callable" in record:
            return (
                f"`{self.answer}` should be a trained model with a predict method, but it is "
                f"{_a(record['not_callable'])}."
            )
        outcome = record["outcomes"][0]
        if outcome["timed_out"] or outcome["error"]:
            return f"predict failed: {outcome['error'] or 'it took too long'}"
        _, y_test = self.data()
        predictions = decode(outcome["value"])
        if not isinstance(predictions, np.ndarray):
            return (
                f"predict should return a numpy array of numbers, one row per test sample "
                f"({len(y_test)}), but returned {describe_type(predictions)}."
            )
        if len(predictions) != len(y_test):
            return (
                f"predict should return one row per test sample ({len(y_test)}), "
                f"but returned {describe_type(predictions)}."
            )
        if predictions.ndim > 2 or predictions.ndim == 2 and predictions.shape[1] == 0:
            return (
                f"predict should return an array of shape ({len(y_test)},) or ({len(y_test)}, k), "
                f"but returned one of shape {predictions.shape}."
            )
        value = self.score(y_test, predictions)
        if not value >= self.target:
            return (
                f"test {self.score_name} is {value:.3f}; the target is {self.target:.3f}.\nHint: {self.hint}"
            )
        return None

    def success(self, inputs):
        return f"test {self.score_name} reaches the target {self.target:.3f}."
