"""What the grader reads and writes: student names that could be spreadsheet formulas, names
that survive a round trip through the CSV, and submitted files that are not notebooks."""

import csv
import json
import os

import nbformat
import pytest

from nncourse.grade import main
from nncourse.grading import csvfile
from nncourse.grading.submissions import read_submission

from .grading_helpers import N_EXERCISES, require_sandbox, solved, student, write

# names a student could give their folder (which cannot hold a /)
NAMES = [
    '=HYPERLINK("evil.example","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\tTAB",
    "'already quoted",
    "Doe, Jane",
    'Ann "the" Coder',
    "two\nlines",
    "Zoë Ångström 李小龍",
    "=cmd|' -C calc'!A0",
]


@pytest.mark.parametrize("name", NAMES + ["plain", "", "'", "''", "'=x"])
def test_escaping_a_field_is_undone_exactly_and_never_starts_a_formula(name):
    escaped = csvfile.escape(name)
    assert csvfile.unescape(escaped) == name
    assert not escaped.startswith(csvfile.FORMULA_STARTS)


def test_the_csv_round_trip_keeps_every_name_and_feedback_exactly(tmp_path):
    rows = [
        {
            "student": name,
            "chapter": "01-perceptron",
            "exercise": "step_activation",
            "points": 0,
            "max_points": 1,
            "feedback": f'-{name}, said "no"\nsecond line',
        }
        for name in NAMES
    ]
    path = tmp_path / "grades.csv"
    csvfile.write_grades(path, rows[:3])
    csvfile.append_grades(path, rows[3:])
    back = csvfile.read_rows(path)
    assert [row["student"] for row in back] == NAMES
    assert [row["feedback"] for row in back] == [row["feedback"] for row in rows]


@pytest.fixture(scope="module")
def odd_class(tmp_path_factory):
    """A class whose folders are named as formulas, with commas, quotes, newlines and non-ASCII."""
    require_sandbox()
    base = tmp_path_factory.mktemp("names")
    root, out = base / "class", base / "out" / "grades.csv"
    for index, name in enumerate(NAMES):
        write(solved() if index % 2 == 0 else student(), root / name / "01-perceptron.ipynb")
    assert main([str(root), "--out", str(out), "--workers", "2"]) == 0
    return root, out


def test_no_cell_of_the_csv_can_be_a_formula(odd_class):
    _, out = odd_class
    with open(out, newline="", encoding="utf-8") as file:
        cells = [cell for row in csv.reader(file) for cell in row]
    assert cells and not [cell for cell in cells if cell.startswith(csvfile.FORMULA_STARTS)]
    assert "'=HYPERLINK" in out.read_text(encoding="utf-8")  # OWASP: a quote before the formula


def test_every_odd_name_comes_back_with_its_grades_and_its_feedback_file(odd_class):
    _, out = odd_class
    rows = csvfile.read_rows(out)
    assert sorted({row["student"] for row in rows}) == sorted(NAMES)
    for index, name in enumerate(NAMES):
        mine = [row for row in rows if row["student"] == name]
        assert len(mine) == N_EXERCISES
        assert sum(float(row["points"]) for row in mine) == (N_EXERCISES if index % 2 == 0 else 0)
        text = (out.parent / "feedback" / f"{name}.txt").read_text(encoding="utf-8")
        assert text.startswith(f"Feedback for {name}\n")


def test_a_second_run_over_odd_names_finds_them_all_graded(odd_class, capsys):
    root, out = odd_class
    assert main([str(root), "--out", str(out), "--workers", "2"]) == 0
    assert f"{len(NAMES)} notebooks already graded, 0 to grade" in capsys.readouterr().out


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    """A class of files that are not notebooks to grade, graded once."""
    require_sandbox()
    base = tmp_path_factory.mktemp("files")
    root, out = base / "class", base / "out" / "grades.csv"
    outside = base / "outside" / "01-perceptron.ipynb"
    write(solved(), outside)
    (root / "linked").mkdir(parents=True)
    os.symlink(outside, root / "linked" / "01-perceptron.ipynb")
    (root / "empty").mkdir()
    (root / "empty" / "01-perceptron.ipynb").write_bytes(b"")
    (root / "not_a_notebook").mkdir()
    (root / "not_a_notebook" / "01-perceptron.ipynb").write_text(json.dumps({"cells": "none", "answer": 42}))
    (root / "a_list").mkdir()
    (root / "a_list" / "01-perceptron.ipynb").write_text("[1, 2, 3]")
    huge = solved()
    huge.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="x" * (50 * 2**20))]
    write(huge, root / "huge" / "01-perceptron.ipynb")
    write(solved(), root / "honest" / "01-perceptron.ipynb")
    assert main([str(root), "--out", str(out), "--workers", "2"]) == 0
    by_student = {}
    for row in csvfile.read_rows(out):
        by_student.setdefault(row["student"], []).append(row)
    return by_student


def reasons(rows):
    assert len(rows) == N_EXERCISES and all(row["points"] == "0" for row in rows)
    assert len({row["feedback"] for row in rows}) == 1
    return rows[0]["feedback"]


def test_a_symlinked_notebook_is_not_followed_outside_the_submissions(bad_files):
    assert "symbolic link to a file outside the submissions folder" in reasons(bad_files["linked"])


def test_an_empty_file_is_named_as_such(bad_files):
    assert "the file is empty" in reasons(bad_files["empty"])


@pytest.mark.parametrize("student", ["not_a_notebook", "a_list"])
def test_json_that_is_not_a_notebook_is_named_as_such(bad_files, student):
    assert "it is JSON but not a Jupyter notebook" in reasons(bad_files[student])


def test_a_50_mb_notebook_is_refused_with_its_size(bad_files):
    reason = reasons(bad_files["huge"])
    assert "it is 50.0 MB, more than the 20 MB" in reason and "--max-notebook-mb" in reason


def test_the_honest_notebook_beside_them_is_graded(bad_files):
    assert sum(float(row["points"]) for row in bad_files["honest"]) == N_EXERCISES


def test_a_symlink_that_stays_inside_the_submissions_is_read(tmp_path):
    write(solved(), tmp_path / "ada" / "01-perceptron.ipynb")
    (tmp_path / "bob").mkdir()
    os.symlink(tmp_path / "ada" / "01-perceptron.ipynb", tmp_path / "bob" / "01-perceptron.ipynb")
    data, notebook, reason = read_submission(tmp_path / "bob" / "01-perceptron.ipynb", tmp_path, 2**20)
    assert reason is None and notebook.cells


def test_invalid_json_says_where(tmp_path):
    (tmp_path / "nb.ipynb").write_text('{"cells": [')
    _, _, reason = read_submission(tmp_path / "nb.ipynb", tmp_path, 2**20)
    assert "not valid JSON" in reason and "line 1" in reason
