"""The class grader: right answers earn points, and no notebook, however
hostile, can fake them or harm the grading of the others."""

import copy
import csv
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from nncourse.grade import find_submissions, main
from nncourse.notebooks import exercises, read, student_notebook

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = ROOT / "chapters" / "01-perceptron.md"
N_EXERCISES = len(exercises(read(CHAPTER)))


def answered(notebook, answers):
    """A copy of a student notebook with ``answers[exercise name]`` in its answer cells."""
    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        name = cell.metadata.get("nncourse", {}).get("exercise")
        if name in answers and "answer" in cell.metadata.get("tags", []):
            cell.source = answers[name]
    return notebook


def with_cells(notebook, *sources, at=2):
    notebook = copy.deepcopy(notebook)
    for offset, source in enumerate(sources):
        notebook.cells.insert(at + offset, nbformat.v4.new_code_cell(source))
    return notebook


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade a class of hostile and honest notebooks once; return the rows by student."""
    root = tmp_path_factory.mktemp("class")
    student = student_notebook(CHAPTER)
    solutions = {
        exercise.name: "\n".join(cell.source for cell in exercise.solution_cells).split("check.")[0]
        for exercise in exercises(read(CHAPTER))
    }
    good = answered(student, solutions)
    cheat = (
        "import nncourse.exercises.core as core\n"
        "for kind in (core.FunctionExercise, core.ChoiceExercise, core.ExperimentExercise):\n"
        "    kind.judge = lambda *args: None\n"
        "class Check:\n"
        "    def __getattr__(self, name):\n"
        "        return lambda *args: print('\\u2713 passed')\n"
        "check = Check()\n"
        "print('\\u2713 all exercises passed')"
    )
    submissions = {
        "honest": good,
        "untouched": student,
        "cheater": with_cells(student, cheat, at=len(student.cells)),
        "syntax_error": with_cells(good, "def broken(:\n    pass"),
        "infinite_loop": with_cells(good, "while True:\n    pass"),
        "sys_exit": with_cells(good, "import sys\nsys.exit(3)"),
        "kernel_crash": with_cells(good, "import os\nos._exit(1)"),
        "memory_hog": with_cells(good, "hog = [bytearray(10**8) for _ in range(100)]"),
        "slow_answer": answered(good, {"step_activation": "def step(z):\n    while True:\n        pass"}),
        "delegator": answered(
            good,
            {
                "step_activation": "from nnlib.activations import step as library_step\n"
                "def step(z):\n    return library_step(z)",
                "xor_from_gates": "def xor_network(X, and_gate, or_gate, nand_gate):\n"
                "    gates = [Perceptron().fit(*logic_gate(g)) for g in ('or', 'nand', 'and')]\n"
                "    hidden = np.column_stack([gates[0].predict(X), gates[1].predict(X)])\n"
                "    return gates[2].predict(hidden)",
            },
        ),
    }
    for name, notebook in submissions.items():
        (root / name).mkdir()
        nbformat.write(notebook, root / name / "01-perceptron.ipynb")
    (root / "broken_json").mkdir()
    (root / "broken_json" / "01-perceptron.ipynb").write_text('{"cells": [')
    out = root / "grades.csv"
    code = main(
        [
            str(root),
            "--out",
            str(out),
            "--workers",
            "2",
            "--cell-timeout",
            "5",
            "--memory",
            "2048",
            "--timeout",
            "240",
        ]
    )
    assert code == 0
    with open(out, newline="") as file:
        rows = list(csv.DictReader(file))
    by_student = {}
    for row in rows:
        by_student.setdefault(row["student"], []).append(row)
    return root, out, by_student


def points(rows):
    return sum(float(row["points"]) for row in rows)


def test_every_notebook_gets_a_row_per_exercise(graded):
    _, _, by_student = graded
    assert len(by_student) == 11
    assert all(len(rows) == N_EXERCISES for rows in by_student.values())


def test_an_honest_notebook_earns_every_point(graded):
    assert points(graded[2]["honest"]) == N_EXERCISES


def test_an_untouched_notebook_earns_nothing_and_learns_why(graded):
    rows = graded[2]["untouched"]
    assert points(rows) == 0
    assert any("NotImplementedError" in row["feedback"] for row in rows)


def test_a_redefined_check_a_patched_nnlib_and_a_fake_passed_line_earn_nothing(graded):
    assert points(graded[2]["cheater"]) == 0


@pytest.mark.parametrize("student", ["syntax_error", "infinite_loop", "sys_exit", "memory_hog"])
def test_a_broken_cell_costs_nothing_else(graded, student):
    assert points(graded[2][student]) == N_EXERCISES


def test_a_kernel_crash_costs_that_notebook_only_with_the_reason(graded):
    rows = graded[2]["kernel_crash"]
    assert points(rows) == 0
    assert all("kernel died" in row["feedback"] for row in rows)
    assert points(graded[2]["honest"]) == N_EXERCISES


def test_invalid_json_is_recorded_with_the_reason(graded):
    rows = graded[2]["broken_json"]
    assert points(rows) == 0
    assert all("not a readable notebook" in row["feedback"] for row in rows)


def test_an_answer_that_runs_forever_is_stopped(graded):
    rows = {row["exercise"]: row for row in graded[2]["slow_answer"]}
    assert rows["step_activation"]["points"] == "0"
    assert "did not finish" in rows["step_activation"]["feedback"]
    assert points(graded[2]["slow_answer"]) == N_EXERCISES - 1


def test_each_student_gets_a_feedback_file(graded):
    root, _, by_student = graded
    for student in by_student:
        text = (root / "feedback" / f"{student}.txt").read_text()
        assert f"01-perceptron: {points(by_student[student]):g} / {N_EXERCISES}" in text


def test_an_interrupted_run_resumes_where_it_stopped(graded, tmp_path):
    root, out, by_student = graded
    # keep two whole notebooks and half of a third, as if the run had been killed
    with open(out, newline="") as file:
        rows = list(csv.DictReader(file))
    kept = [r for r in rows if r["student"] in ("honest", "untouched")]
    kept += [r for r in rows if r["student"] == "cheater"][:2]
    partial = tmp_path / "grades.csv"
    with open(partial, "w", newline="") as file:
        writer = csv.DictWriter(file, list(rows[0]))
        writer.writeheader()
        writer.writerows(kept)
    (tmp_path / "class").mkdir()
    for student in ("honest", "untouched", "cheater"):
        (tmp_path / "class" / student).mkdir()
        source = root / student / "01-perceptron.ipynb"
        (tmp_path / "class" / student / "01-perceptron.ipynb").write_bytes(source.read_bytes())
    result = subprocess.run(
        [sys.executable, "-m", "nncourse.grade", str(tmp_path / "class"), "--out", str(partial)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "2 notebooks already graded, 1 to grade" in result.stdout
    with open(partial, newline="") as file:
        resumed = list(csv.DictReader(file))
    assert len(resumed) == 3 * N_EXERCISES
    assert points([r for r in resumed if r["student"] == "cheater"]) == 0


def test_flat_submissions_take_the_chapter_from_the_command_line(tmp_path):
    (tmp_path / "ada.ipynb").write_text("{}")
    assert find_submissions(tmp_path, "01-perceptron") == [("ada", "01-perceptron", tmp_path / "ada.ipynb")]


def test_the_console_script_is_installed():
    script = Path(sys.executable).parent / "nncourse-grade"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "sandbox" in result.stdout and "gradescope" in result.stdout


def test_the_grader_turns_down_an_answer_that_calls_nnlibs_own_implementation(graded):
    """The forbidden implementations raise inside the submitted notebook's kernel too: the
    grader's collection code (``collector.py``) swaps them in, and its judge names them."""
    _, _, by_student = graded
    rows = {row["exercise"]: row for row in by_student["delegator"]}
    assert rows["step_activation"]["points"] in ("0", "0.0")
    assert "your function calls `nnlib.activations.step`" in " ".join(
        rows["step_activation"]["feedback"].split()
    )
    assert rows["xor_from_gates"]["points"] in ("0", "0.0")
    assert "`nnlib.datasets.logic_gate`" in rows["xor_from_gates"]["feedback"]
    assert float(rows["hand_trace"]["points"]) == float(rows["hand_trace"]["max_points"])
