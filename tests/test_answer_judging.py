"""The website's answer boxes judge as the notebook's checks do.

``nncourse-answers.js`` runs under Node on what a reader might type into
every value and choice box of the course; each verdict and message is
compared with what the Python check says about the same value. The browser
test (``test_answer_boxes.py``) then types into the real pages.
"""

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from nncourse.exercises import EXERCISES, answer_boxes
from nncourse.exercises.collector import collect_value
from nncourse.exercises.core import ChoiceExercise, ValueExercise

SCRIPT = Path(__file__).resolve().parent.parent / "nncourse" / "exercises" / "static" / "nncourse-answers.js"
ALL = [exercise for chapter in EXERCISES.values() for exercise in chapter]
VALUES = [e for e in ALL if isinstance(e, ValueExercise)]
CHOICES = [e for e in ALL if isinstance(e, ChoiceExercise)]

RUNNER = """
const api = require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map(([spec, text]) => api.judge(spec, text))));
"""


def judged_in_the_page(cases):
    """``[{"ok", "message"}]`` from the page's script for each ``(spec, typed text)``."""
    node = shutil.which("node")
    assert node, "the answer boxes' tests need Node.js (Debian's nodejs package), as make book's npm does"
    done = subprocess.run(
        [node, "-e", RUNNER, str(SCRIPT)], input=json.dumps(cases), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def python_says(exercise, value):
    """What the notebook's check says about ``value``: None when it passes, else its message."""
    problem = exercise.judge(collect_value(value), {})
    return None if problem is None else f"{exercise.title}: {problem}"


def typed(array):
    """An array as a reader types it in Python: nested lists, full precision."""
    return json.dumps(np.asarray(array).tolist()) if np.ndim(array) else repr(float(array))


def tolerance(exercise, expected):
    return exercise.atol + exercise.rtol * np.abs(expected)


def value_cases(exercise):
    """``[(typed text, the value the notebook would get or None, what the page must say)]``."""
    expected = np.asarray(exercise.expected(), dtype=float)
    passed = f"{exercise.title}: passed."
    inside = expected + 0.9 * tolerance(exercise, expected)
    outside = expected + 1.1 * tolerance(exercise, expected) + 1e-12
    wrong = expected * 1.5 + 1
    flat = " ".join(repr(float(x)) for x in expected.ravel())
    spec = answer_boxes.spec(exercise)
    cases = [
        (typed(expected), expected, passed),
        (flat, expected, passed),  # plain numbers take the expected shape
        (typed(inside), inside, passed),  # within the check's own tolerance
        (typed(outside), outside, None),  # just outside it
        (typed(wrong), wrong, None),
        (typed(np.append(expected.ravel(), 1.0)), np.append(expected.ravel(), 1.0), None),  # a wrong shape
        ("", None, spec["messages"]["empty"]),
        ("seven", None, spec["messages"]["unreadable"].replace("{{value}}", "seven")),
    ]
    if expected.ndim == 0 and float(expected) != 0:
        cases.append((f"{float(expected) * 3}/3", expected, passed))  # a fraction
    if expected.ndim == 2 and expected.shape[0] > 1:
        rows = "; ".join(" ".join(repr(float(x)) for x in row) for row in expected)
        cases.append((rows, expected, passed))
    return cases


@pytest.mark.parametrize("exercise", VALUES, ids=[e.name for e in VALUES])
def test_a_value_box_says_what_the_check_says(exercise):
    spec = answer_boxes.spec(exercise)
    cases = value_cases(exercise)
    results = judged_in_the_page([(spec, text) for text, _, _ in cases])
    for (text, value, message), result in zip(cases, results):
        if value is not None:
            said = python_says(exercise, value)
            assert result["ok"] == (said is None), (text, result, said)
            if said is not None and "is not right yet" in said:
                # the page quotes what was typed where the notebook prints the array
                said = f"{exercise.title}: {exercise.wrong_message(text)}"
            assert result["message"] == (said or message), text
        else:
            assert not result["ok"] and result["message"] == message, text


@pytest.mark.parametrize("exercise", CHOICES, ids=[e.name for e in CHOICES])
def test_a_choice_box_says_what_the_check_says(exercise):
    spec = answer_boxes.spec(exercise)
    right = exercise.correct
    texts = [right, right.upper(), f" ({right}) ", f"{right.upper()}.", "zz", "", *exercise.options]
    results = judged_in_the_page([(spec, text) for text in texts])
    for text, result in zip(texts, results):
        if text == "":
            assert not result["ok"] and result["message"] == spec["messages"]["empty"]
            continue
        value = text.strip().strip("().").lower() if text.strip() not in ("zz",) else "zz"
        said = python_says(exercise, value)
        assert result["ok"] == (said is None), (text, result)
        assert result["message"] == (said or f"{exercise.title}: passed."), text


def test_the_page_reads_numbers_as_the_format_note_says():
    cases = [
        "0.25",
        "1/4",
        " 1 / 4 ",
        "-3",
        "\u22123",
        "1e-4",
        ".5",
        "[1, 2]",
        "1 2",
        "1, 2",
        "[[1, 2], [3, 4]]",
    ]
    cases += ["1 2; 3 4", "np.array([1, 2])", "[1 2 3]", "[[1, 2], [3]]", "1/0", "nan", "[1, 2"]
    node = shutil.which("node")
    script = "const api = require(process.argv[1]);\n" + (
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        "process.stdout.write(JSON.stringify(cases.map(api.readNumbers)));"
    )
    done = subprocess.run(
        [node, "-e", script, str(SCRIPT)], input=json.dumps(cases), capture_output=True, text=True
    )
    read = dict(zip(cases, json.loads(done.stdout)))
    assert (
        read["0.25"] == read["1/4"] == read[" 1 / 4 "] == {"numbers": [0.25], "shape": [], "bracketed": False}
    )
    assert read["-3"]["numbers"] == read["\u22123"]["numbers"] == [-3]
    assert read["1e-4"]["numbers"] == [1e-4] and read[".5"]["numbers"] == [0.5]
    assert read["[1, 2]"] == {"numbers": [1, 2], "shape": [2], "bracketed": True}
    assert read["1 2"] == read["1, 2"] == {"numbers": [1, 2], "shape": [2], "bracketed": False}
    assert read["[[1, 2], [3, 4]]"]["shape"] == read["1 2; 3 4"]["shape"] == [2, 2]
    assert read["np.array([1, 2])"] == read["[1, 2]"] and read["[1 2 3]"]["shape"] == [3]
    assert all(read[text] is None for text in ["[[1, 2], [3]]", "1/0", "nan", "[1, 2"])
