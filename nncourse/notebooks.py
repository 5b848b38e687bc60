"""The course's chapter notebooks: their exercises, and the student version of each.

A chapter is a MyST markdown notebook. An exercise in it is written as

    ```{exercise} Title              markdown, with :label: L
    <answer cell(s)>                    what the learner edits
    <check cell>                        check.<name>(answer), tagged raises-exception
    ````{solution-start} L           markdown
    <solution cell(s)>
    ````{solution-end}               markdown

``exercises(notebook)`` finds these blocks. ``student_notebook(path)`` turns a
chapter into what a learner works in: the solutions removed, the MyST-only
markup turned into plain Markdown that Jupyter renders, and every code cell
tagged with its role, which the class grader reads (``nncourse.grade``):

- ``setup``: the first code cell (imports), needed by every exercise;
- ``demo``: the chapter's worked examples, which grading can skip;
- ``answer``: an exercise's cells the learner fills in (plus the exercise's
  name in the cell's ``nncourse`` metadata);
- ``check``: the cell that checks an answer.

Needs jupytext and nbformat (dependencies of nncourse).
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from .plain_markdown import bibliography, label_titles, plain_markdown

EXERCISE = re.compile(r"```+\{exercise\}[^\n]*\n(?:.*\n)*?:label:\s*(\S+)")
SOLUTION_START = re.compile(r"\{solution-start\}\s*(\S+)")
SOLUTION_END = re.compile(r"\{solution-end\}")
CHECK_CALL = re.compile(r"\bcheck\.(\w+)\(")  # not gradient_check.check_gradients(

SETUP, DEMO, ANSWER, CHECK, SOLUTION = "setup", "demo", "answer", "check", "solution"


@dataclass
class Exercise:
    """One exercise block of a chapter: its label, check name and cells."""

    label: str
    name: str = ""  # the check's name: check.<name>(...)
    answer_cells: list = field(default_factory=list)
    check_cell: object = None
    solution_cells: list = field(default_factory=list)


def read(path):
    """The chapter at ``path`` (MyST markdown) as an nbformat notebook.

    Raises ``ValueError`` naming the file and line if an exercise's solution
    is not closed (see ``check_solution_markers``).
    """
    import jupytext

    check_solution_markers(path)
    return jupytext.read(path)


def check_solution_markers(path):
    """Raise unless every ``{solution-start}`` of the chapter has its ``{solution-end}``.

    A solution left open would swallow the rest of the chapter: the student
    notebook drops everything between the two markers, and without an end,
    everything after the start. The error names the file and the line.
    """
    open_at = None  # (line number, label) of the solution-start not yet closed
    text = Path(path).read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.lstrip().startswith("```"):
            continue
        start, end = SOLUTION_START.search(line), SOLUTION_END.search(line)
        exercise = re.search(r"\{exercise\}", line)
        if (start or exercise) and open_at:
            raise ValueError(
                f"{path}, line {open_at[0]}: the solution of {open_at[1]} has no {{solution-end}} "
                f"before line {number}. Close it with a ````{{solution-end}} fence, or the student "
                f"notebook would lose everything after it."
            )
        if start:
            open_at = (number, start.group(1))
        elif end:
            if open_at is None:
                raise ValueError(
                    f"{path}, line {number}: {{solution-end}} without a {{solution-start}} before it."
                )
            open_at = None
    if open_at:
        raise ValueError(
            f"{path}, line {open_at[0]}: the solution of {open_at[1]} has no {{solution-end}}. Close it "
            f"with a ````{{solution-end}} fence, or the student notebook would lose everything after it."
        )


def _markers(markdown):
    """The exercise / solution markers of a markdown cell, in order: (kind, label)."""
    found = [(m.start(), "exercise", m.group(1)) for m in EXERCISE.finditer(markdown)]
    found += [(m.start(), "solution", m.group(1)) for m in SOLUTION_START.finditer(markdown)]
    found += [(m.start(), "end", None) for m in SOLUTION_END.finditer(markdown)]
    return sorted(found)


def cell_roles(notebook):
    """Pair each cell with its role (setup, demo, answer, check, solution or markdown)
    and the exercise it belongs to, if any. Returns ``[(cell, role, exercise)]``."""
    roles, current, state, seen_code = [], None, None, False
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for _, kind, label in _markers(cell.source):
                if kind == "exercise":
                    current, state = Exercise(label), ANSWER
                elif kind == "solution":
                    if current is None or label != current.label:
                        raise ValueError(f"solution-start {label} does not follow its exercise")
                    state = SOLUTION
                else:
                    state = None
            roles.append((cell, "markdown", current if state else None))
            continue
        if not seen_code:
            role, seen_code = SETUP, True
        elif state == ANSWER:
            match = CHECK_CALL.search(cell.source)
            if match:
                current.name, current.check_cell, role = match.group(1), cell, CHECK
                state = "after-check"
            else:
                current.answer_cells.append(cell)
                role = ANSWER
        elif state == SOLUTION:
            current.solution_cells.append(cell)
            role = SOLUTION
        else:
            role = DEMO
        roles.append((cell, role, current if role in (ANSWER, CHECK, SOLUTION) else None))
    return roles


def exercises(notebook):
    """The exercises of a chapter notebook, in order."""
    found = []
    for _, _, exercise in cell_roles(notebook):
        if exercise is not None and (not found or found[-1] is not exercise):
            found.append(exercise)
    return found


def setup_source(notebook):
    """The first code cell's source without IPython magics, runnable by plain Python."""
    source = next(cell.source for cell in notebook.cells if cell.cell_type == "code")
    return "\n".join(line for line in source.splitlines() if not line.startswith("%"))


# Student notebooks


def _strip_solutions(markdown):
    """Remove what lies between solution-start and solution-end in one markdown cell,
    and say whether the cell ends inside a solution."""
    kept, inside, position = [], False, 0
    for start, kind, _ in _markers(markdown):
        if kind == "solution" and not inside:
            kept.append(markdown[position : _fence_start(markdown, start)])
            inside = True
        elif kind == "end" and inside:
            position = _fence_end(markdown, start)
            inside = False
    if not inside:
        kept.append(markdown[position:])
    return "".join(kept), inside


def _fence_start(text, marker):
    """Where the line holding ``marker`` (a directive's opening fence) begins."""
    return text.rfind("\n", 0, marker) + 1


def _fence_end(text, marker):
    """Just after the closing fence of the directive whose opening line holds ``marker``."""
    line_end = text.find("\n", marker)
    if line_end == -1:
        return len(text)
    closing = re.compile(r"^`{3,}\s*$", re.M).search(text, line_end + 1)
    return len(text) if closing is None else closing.end()


INSTRUCTIONS = """# {title}: student notebook

This is chapter {number} of *Neural Networks from Scratch*, with the solutions
taken out. Read it from the top and run the cells as you go.

At each exercise, replace `raise NotImplementedError` or `...` in the cell
under the exercise with your answer, then run the check cell below it. A
check prints a line starting with \u2713 when your answer is right; otherwise
it says which case failed and gives a hint. The check cells are tagged so
that *Run All* goes on past an exercise you have not done yet.

If you hand this notebook in, keep the exercise cells where they are: your
instructor's grader runs the same checks on the answers you leave in them.
"""


def student_notebook(path, chapter_dir=None, bib_path=None):
    """The student version of the chapter at ``path``, as an nbformat notebook."""
    import nbformat

    path = Path(path)
    chapter_dir = Path(chapter_dir or path.parent)
    notebook = read(path)
    titles = label_titles(chapter_dir)
    citations = bibliography(bib_path or chapter_dir.parent / "references.bib")
    found = exercises(notebook)
    number = int(path.stem.split("-")[0]) if path.stem[:2].isdigit() else 0
    exercise_numbers = {exercise.label: f"{number}.{i}" for i, exercise in enumerate(found, start=1)}
    title = re.search(r"^# (.+)$", path.read_text(), re.M).group(1)

    cells = [nbformat.v4.new_markdown_cell(INSTRUCTIONS.format(title=title, number=number))]
    inside_solution = False
    for cell, role, exercise in cell_roles(notebook):
        if cell.cell_type == "markdown":
            source = cell.source
            if inside_solution:  # the cell begins inside a solution: drop up to its end
                ends = [start for start, kind, _ in _markers(source) if kind == "end"]
                if not ends:
                    continue
                source = source[_fence_end(source, ends[0]) :]
                inside_solution = False
            source, inside_solution = _strip_solutions(source)
            source = plain_markdown(source, titles, citations, exercise_numbers).strip()
            if source:
                cells.append(nbformat.v4.new_markdown_cell(source))
            continue
        if role == SOLUTION:
            continue
        new = nbformat.v4.new_code_cell(cell.source)
        tags = [tag for tag in cell.metadata.get("tags", []) if tag != SOLUTION]
        new.metadata["tags"] = tags + [role]
        if exercise is not None:
            new.metadata["nncourse"] = {"exercise": exercise.name}
        if "mystnb" in cell.metadata:
            new.metadata["mystnb"] = cell.metadata["mystnb"]
        cells.append(new)

    student = nbformat.v4.new_notebook(cells=cells)
    student.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    student.metadata["language_info"] = {"name": "python"}
    student.metadata["nncourse"] = {"chapter": path.stem, "exercises": [exercise.name for exercise in found]}
    return student


def main(argv=None):
    """``python -m nncourse.notebooks CHAPTER.md ... --out DIR``: write the student notebooks."""
    import argparse

    import nbformat

    parser = argparse.ArgumentParser(description="Write the student version of each chapter.")
    parser.add_argument("chapters", nargs="+", type=Path, help="chapter sources (MyST .md)")
    parser.add_argument("--out", type=Path, default=Path("student"), help="folder for the notebooks")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for chapter in args.chapters:
        target = args.out / f"{chapter.stem}.ipynb"
        nbformat.write(student_notebook(chapter), target)
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
