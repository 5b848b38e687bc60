"""Read the chapters' MyST sources: their code cells and their exercises.

An exercise in a chapter is written as

    ```{exercise} Title            <- markdown: the statement, with :label: L
    <stub code cell(s)>               what the learner edits
    <check cell>                      check.<name>(answer), tagged raises-exception
    ````{solution-start} L         <- markdown
    <solution code cell(s)>           the worked solution, ending with the check
    ````{solution-end}             <- markdown

and ``exercises(path)`` returns one ``ChapterExercise`` per such block.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]-*.md"))

EXERCISE = re.compile(r"```+\{exercise\}[^\n]*\n(?:.*\n)*?:label:\s*(\S+)")
SOLUTION_START = re.compile(r"\{solution-start\}\s*(\S+)")
SOLUTION_END = re.compile(r"\{solution-end\}")
CHECK_CALL = re.compile(r"check\.(\w+)\(")


@dataclass
class ChapterExercise:
    label: str
    stub: list = field(default_factory=list)  # code cell sources
    check_cell: str = ""
    check_name: str = ""
    check_tags: list = field(default_factory=list)
    solution: list = field(default_factory=list)


def read(path):
    return jupytext.read(path)


def setup_code(notebook):
    """The chapter's first code cell: its imports, which every exercise may rely on.

    IPython magics (``%config ...``) are left out: plain Python runs the rest.
    """
    source = next(cell.source for cell in notebook.cells if cell.cell_type == "code")
    return "\n".join(line for line in source.splitlines() if not line.startswith("%"))


def exercises(path):
    notebook = read(path)
    found, current, state = [], None, None
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            # one markdown cell can end one block and begin the next: take its markers in order
            markers = sorted(
                [(m.start(), "exercise", m.group(1)) for m in EXERCISE.finditer(cell.source)]
                + [(m.start(), "solution", m.group(1)) for m in SOLUTION_START.finditer(cell.source)]
                + [(m.start(), "end", None) for m in SOLUTION_END.finditer(cell.source)]
            )
            for _, kind, label in markers:
                if kind == "exercise":
                    current = ChapterExercise(label)
                    found.append(current)
                    state = "stub"
                elif kind == "solution":
                    assert current is not None and label == current.label, f"{path.name}: solution {label} out of place"
                    state = "solution"
                else:
                    state = None
            continue
        if state == "stub":
            match = CHECK_CALL.search(cell.source)
            if match:
                current.check_cell, current.check_name = cell.source, match.group(1)
                current.check_tags = list(cell.metadata.get("tags", []))
                state = "after-check"
            else:
                current.stub.append(cell.source)
        elif state == "solution":
            current.solution.append(cell.source)
    return found
