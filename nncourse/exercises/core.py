"""Exercises and their checks: ``check.<exercise>(answer)`` gives instant, specific feedback.

A check runs in two halves. ``collect`` runs the learner's answer and records
what it did as plain data (``collector.py``); ``judge`` compares that record
with nnlib's own answer and writes the feedback. In a notebook both halves
run at once; the class grader runs ``collect`` inside each submitted notebook
and ``judge`` in its own process, so nothing a notebook redefines can change
a grade.

Feedback names the case that failed, what was expected and what came back,
and gives a hint; for numeric answers it never prints the expected number.
The kinds: ``FunctionExercise``, ``ValueExercise`` and ``ChoiceExercise``
here, ``ExperimentExercise`` in ``experiments.py``. The website judges value
and choice answers in the browser from the same messages (``answer_boxes.py``).
"""

import numpy as np

from ._base import Case, Exercise, ExerciseFailure
from ._feedback import a_or_an, compare_values, describe_type, short, wrap
from .collector import Unsupported, decode, encode
from .experiments import ExperimentExercise, HandedOut, accuracy

__all__ = [
    "Case",
    "ChoiceExercise",
    "Exercise",
    "ExerciseFailure",
    "ExperimentExercise",
    "FunctionExercise",
    "HandedOut",
    "ValueExercise",
    "accuracy",
    "compare_values",
    "describe_type",
    "wrap",
]


class FunctionExercise(Exercise):
    """Write a function; it is called on several cases and compared with ``reference``.

    ``cases(rng)`` returns a list of ``Case``; ``reference(*args, **kwargs)``
    is nnlib's own answer (so the check and the library cannot drift apart).
    ``wants_float_output``: the result must be a float array (not ints/bools).
    ``forbidden``: dotted names of the implementations the exercise asks the
    learner to write themselves (nnlib's own, and library shortcuts such as
    ``"scipy.special.expit"``). While the learner's function runs, each of
    them raises (``collector.forbidding``), and an answer that calls one fails
    with a sentence that names it ("asks you to write ``task`` yourself",
    the title unless given). The reference runs outside, unaffected.
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
        forbidden=(),
        task=None,
        **options,
    ):
        super().__init__(name, title, answer, hint, **options)
        self.cases, self.reference = cases, reference
        self.rtol, self.atol, self.wants_float_output = rtol, atol, wants_float_output
        self.forbidden, self.task = tuple(forbidden), task or title

    def inputs(self, seed=0):
        cases = self.cases(np.random.default_rng(seed))
        return {
            "labels": [case.label for case in cases],
            "cases": [{"args": encode(list(case.args)), "kwargs": encode(case.kwargs)} for case in cases],
        }

    def collector_arguments(self, inputs):
        return [inputs["cases"], self.time_limit, list(self.forbidden)]

    def forbidden_message(self, name):
        return (
            f"this exercise asks you to write {self.task} yourself, but your function calls "
            f"`{name}`, which does that work for you. Replace that call with your own code."
        )

    def judge(self, record, inputs):
        if "not_callable" in record:
            return (
                f"`{self.answer}` should be a function, but it is {a_or_an(record['not_callable'])}. "
                f"Define it with `def {self.answer}(...):`."
            )
        called = next(
            (outcome["forbidden"] for outcome in record["outcomes"] if outcome.get("forbidden")), None
        )
        if called:
            return self.forbidden_message(called)
        if any((outcome["error"] or "").startswith("NotImplementedError") for outcome in record["outcomes"]):
            # the untouched stub: no attempt yet, so no hint (it would give the answer away)
            return "your function still raises NotImplementedError: replace that line with your code."
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

    def success(self, record, inputs):
        return f"all {len(inputs['cases'])} cases pass."


class ValueExercise(Exercise):
    """Compute a value (a number or an array). The feedback never shows the expected value.

    The messages about a wrong shape or a wrong value are methods, so that the
    website's answer boxes say exactly the same (``answer_boxes.py``).
    """

    kind = "value"

    def __init__(self, name, title, answer, expected, hint, rtol=1e-4, atol=1e-8, **options):
        super().__init__(name, title, answer, hint, **options)
        self.expected, self.rtol, self.atol = expected, rtol, atol

    def shape_message(self, expected_shape, got_shape):
        return f"`{self.answer}` should have shape {expected_shape}, but it has shape {got_shape}."

    def wrong_message(self, shown):
        return f"`{self.answer}` = {shown} is not right yet.\nHint: {self.hint}"

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
            return self.shape_message(expected_array.shape, got.shape)
        if not np.allclose(got, expected_array, rtol=self.rtol, atol=self.atol):
            return self.wrong_message(short(got))
        return None


class ChoiceExercise(Exercise):
    """Pick one option by its letter. Each wrong option has its own feedback."""

    kind = "choice"

    def __init__(self, name, title, answer, options, correct, feedback, hint="", **options_):
        super().__init__(name, title, answer, hint, **options_)
        self.options, self.correct, self.feedback = options, correct, feedback

    def letters(self):
        return ", ".join(repr(letter) for letter in self.options)

    def unknown_message(self, shown):
        return f"`{self.answer}` should be one of {self.letters()}, but it is {shown}."

    def wrong_message(self, choice):
        return f"({choice}) is not it. {self.feedback[choice]}"

    def judge(self, record, inputs):
        got = decode(record["value"])
        if record["is_ellipsis"] or got is None:
            return f"`{self.answer}` is not set yet: set it to one of {self.letters()}."
        if not isinstance(got, str) or got.strip().lower() not in self.options:
            return self.unknown_message(describe_type(got) if isinstance(got, Unsupported) else short(got))
        choice = got.strip().lower()
        if choice != self.correct:
            return self.wrong_message(choice)
        return None
