"""Student notebooks: the solutions are gone, the stubs and checks are there,
the markup is plain Markdown that Jupyter renders, and the exercises run."""

import re

import nbformat
import pytest
from nbclient import NotebookClient

from nncourse.notebooks import exercises, read, student_notebook

from .chapter_sources import CHAPTERS

IDS = [path.stem for path in CHAPTERS]


@pytest.fixture(scope="module")
def students():
    return {path.stem: student_notebook(path) for path in CHAPTERS}


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_the_student_notebook_is_valid_and_starts_with_instructions(path, students):
    notebook = students[path.stem]
    nbformat.validate(notebook)
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and "student notebook" in first.source
    assert "run the check cell" in first.source


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_no_solution_is_left_in_the_student_notebook(path, students):
    text = "\n".join(cell.source for cell in students[path.stem].cells)
    assert "solution-start" not in text and "solution-end" not in text
    for exercise in exercises(read(path)):
        for cell in exercise.solution_cells:
            body = "\n".join(line for line in cell.source.splitlines() if "check." not in line).strip()
            if body:
                assert body not in text, f"the solution of {exercise.name} leaked"


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_every_exercise_keeps_its_answer_and_check_cells(path, students):
    roles = {}
    for cell in students[path.stem].cells:
        name = cell.metadata.get("nncourse", {}).get("exercise")
        if name:
            roles.setdefault(name, set()).update(cell.metadata["tags"])
    assert list(roles) == [exercise.name for exercise in exercises(read(path))]
    assert all({"answer", "check"} <= tags for tags in roles.values())


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_the_markdown_has_no_myst_only_syntax(path, students):
    markdown = "\n".join(cell.source for cell in students[path.stem].cells if cell.cell_type == "markdown")
    leftovers = re.findall(r"\{(?:term|ref|numref|cite|download)\}`|```+\{|^\([\w-]+\)=", markdown, re.M)
    assert not leftovers


@pytest.mark.parametrize("path", CHAPTERS, ids=IDS)
def test_the_exercises_run_in_jupyter_and_every_check_reports_the_stub(path, students, tmp_path):
    notebook = students[path.stem]
    notebook.cells = [
        cell for cell in notebook.cells if cell.cell_type == "code" and "demo" not in cell.metadata["tags"]
    ]
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    for cell in notebook.cells:
        errors = [output for output in cell.outputs if output.output_type == "error"]
        if "check" in cell.metadata["tags"]:
            assert errors and errors[0].ename == "ExerciseFailure", cell.source
        else:
            assert not errors, f"{cell.source}\n{errors}"


def _chapter_with(tmp_path, markdown):
    path = tmp_path / "01-perceptron.md"
    path.write_text(HEADER + markdown)
    return path


HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# A chapter

```{code-cell} ipython3
import numpy as np
```
"""

EXERCISE = """
```{exercise} One
:label: ex-one

Set `x`.
```

```{code-cell} ipython3
x = ...
```

````{solution-start} ex-one
:class: dropdown
````

```{code-cell} ipython3
x = 1
```
"""


def test_a_solution_without_its_end_is_an_error_with_the_file_and_line(tmp_path):
    path = _chapter_with(tmp_path, EXERCISE + "\n## Later\n\nText the student must not lose.\n")
    line = path.read_text().splitlines().index("````{solution-start} ex-one") + 1
    with pytest.raises(
        ValueError,
        match=rf"01-perceptron.md, line {line}: the solution of ex-one has no "
        r"\{solution-end\}",
    ):
        student_notebook(path)


def test_a_solution_left_open_before_the_next_exercise_is_an_error(tmp_path):
    second = EXERCISE.replace("ex-one", "ex-two").replace("One", "Two")
    path = _chapter_with(tmp_path, EXERCISE + second + "\n````{solution-end}\n````\n")
    with pytest.raises(ValueError, match=r"the solution of ex-one has no \{solution-end\} before line"):
        read(path)


def test_a_closed_solution_keeps_the_rest_of_the_chapter(tmp_path):
    path = _chapter_with(tmp_path, EXERCISE + "\n````{solution-end}\n````\n\n## Later\n\nKept.\n")
    text = "\n".join(cell.source for cell in student_notebook(path).cells)
    assert "Kept." in text and "x = 1" not in text
