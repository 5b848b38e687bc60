"""What the website needs to check value and choice answers in the browser.

Readers of the website have no kernel. For a ``ValueExercise`` or a
``ChoiceExercise`` the page shows an answer box, and ``static/nncourse-answers.js``
judges what is typed there, with no request. ``spec(exercise)`` is all that
script knows about the exercise, made at build time from the same object that
the notebook's check and the grader use (``_ext/answer_boxes.py`` puts it in
the page): the expected value with the check's own ``rtol`` and ``atol``, or
the letters with their feedback, and every message, written by the
exercise's own methods. Where a message quotes the reader's input, it holds
a placeholder the script fills in: ``{{value}}`` (what was typed) or
``{{shape}}`` (the shape it was read as, written as Python writes a tuple).

The script reads numbers as Python would (``0.25``, ``-3``, ``1e-4``) and
also fractions (``1/4``); arrays as a nested list (``[[1, 2], [3, 4]]``,
commas optional) or as plain numbers row by row (``1 2 3 4``, rows split by
``;`` or a new line), which take the expected shape when their count
matches. Letters are read in either case, with or without parentheses.
"""

import numpy as np

from .core import ChoiceExercise, ValueExercise

VALUE, SHAPE = "{{value}}", "{{shape}}"


def has_box(exercise):
    """True when the page can check the answer itself (a number, an array or a letter)."""
    return isinstance(exercise, (ValueExercise, ChoiceExercise))


def spec(exercise):
    """The JSON-safe description of ``exercise`` that the page's script judges with."""
    if isinstance(exercise, ValueExercise):
        return _value_spec(exercise)
    if isinstance(exercise, ChoiceExercise):
        return _choice_spec(exercise)
    raise TypeError(f"{exercise!r} is checked by running code: the page links to the notebook instead.")


def format_note(exercise):
    """How to type the answer, shown under the box."""
    if isinstance(exercise, ChoiceExercise):
        letters = list(exercise.options)
        return f"Type the letter of your answer, {', '.join(letters[:-1])} or {letters[-1]}."
    if np.ndim(exercise.expected()) == 0:
        return "Type a number, such as 0.25, -3 or 1e-4, or a fraction such as 1/4."
    return (
        "Type the numbers in order, row by row, separated by spaces or commas (1 2 3), or as a "
        "nested list, as in Python ([[1, 2], [3, 4]]). Fractions such as 1/4 work too."
    )


def _titled(exercise, message):
    # the notebook prints "<title>: <message>"; the page says the same
    return f"{exercise.title}: {message}"


def _value_spec(exercise):
    expected = np.asarray(exercise.expected(), dtype=float)
    what = "a number" if expected.ndim == 0 else "numbers"
    return {
        "kind": "value",
        "name": exercise.name,
        "answer": exercise.answer,
        "expected": expected.ravel().tolist(),
        "shape": list(expected.shape),
        "rtol": float(exercise.rtol),
        "atol": float(exercise.atol),
        "messages": {
            "passed": _titled(exercise, exercise.success(None, None)),
            "empty": _titled(exercise, f"type your answer for `{exercise.answer}` in the box first."),
            "unreadable": _titled(exercise, f"could not read `{VALUE}` as {what}. {format_note(exercise)}"),
            "shape": _titled(exercise, exercise.shape_message(tuple(expected.shape), SHAPE)),
            "wrong": _titled(exercise, exercise.wrong_message(VALUE)),
        },
    }


def _choice_spec(exercise):
    return {
        "kind": "choice",
        "name": exercise.name,
        "answer": exercise.answer,
        "options": list(exercise.options),
        "correct": exercise.correct,
        "messages": {
            "passed": _titled(exercise, exercise.success(None, None)),
            "empty": _titled(exercise, f"type the letter of your answer for `{exercise.answer}` first."),
            "unknown": _titled(exercise, exercise.unknown_message(VALUE)),
            "wrong": {
                letter: _titled(exercise, exercise.wrong_message(letter))
                for letter in exercise.options
                if letter != exercise.correct
            },
        },
    }
