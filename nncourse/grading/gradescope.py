"""Gradescope's side of grading: the submission graded, ``results.json`` written and checked.

``run_autograder`` (written by ``autograder_zip.build``) runs ``python -m
nncourse.grading.gradescope --root ROOT --chapter CHAPTER`` for each submission: it grades
``ROOT/submission/*.ipynb`` with the same sandbox and the same checks as ``nncourse-grade``
and writes ``ROOT/results/results.json`` (``ROOT`` is ``/autograder`` unless given, so that
the tests can lay the folders out in a temporary directory).

The results follow Gradescope's "Autograder Specifications"
(https://gradescope-autograders.readthedocs.io/en/latest/specs/, kept in the
repository gradescope/autograder_samples as docs/specs.md): a top-level
``score``, ``execution_time``, ``output`` and ``tests``, one test per exercise
with ``name``, ``number``, ``score``, ``max_score``, ``status`` ("passed" or
"failed"), ``output`` and ``visibility``. ``validate_results`` checks those
fields and their values.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

from . import sandbox
from .cli import add_limit_options, limits_from

# Gradescope's documented fields (see the module's docstring for the source).
TOP_LEVEL_FIELDS = {
    "score",
    "execution_time",
    "output",
    "output_format",
    "test_output_format",
    "test_name_format",
    "visibility",
    "stdout_visibility",
    "extra_data",
    "tests",
    "leaderboard",
}
TEST_FIELDS = {
    "score",
    "max_score",
    "status",
    "name",
    "name_format",
    "number",
    "output",
    "output_format",
    "tags",
    "visibility",
    "extra_data",
}
FORMATS = {"text", "simple_format", "html", "md", "ansi"}
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}
STATUSES = {"passed", "failed"}


def validate_results(results):
    """The ways ``results`` departs from Gradescope's documented format (empty when it does not)."""
    problems = []
    if not isinstance(results, dict):
        return ["results.json must hold an object"]
    problems += [f"unknown top-level field {name!r}" for name in sorted(set(results) - TOP_LEVEL_FIELDS)]
    if "score" not in results and not all("score" in test for test in results.get("tests", [])):
        problems.append("a score is needed at the top level or on every test")
    for name in ("score", "execution_time"):
        if name in results and not isinstance(results[name], (int, float)):
            problems.append(f"{name} must be a number")
    for name in ("output_format", "test_output_format", "test_name_format"):
        if name in results and results[name] not in FORMATS:
            problems.append(f"{name} must be one of {sorted(FORMATS)}")
    for name in ("visibility", "stdout_visibility"):
        if name in results and results[name] not in VISIBILITIES:
            problems.append(f"{name} must be one of {sorted(VISIBILITIES)}")
    if not isinstance(results.get("tests", []), list):
        return problems + ["tests must be a list"]
    for index, test in enumerate(results.get("tests", [])):
        where = f"tests[{index}]"
        if not isinstance(test, dict):
            problems.append(f"{where} must be an object")
            continue
        problems += [f"{where}: unknown field {name!r}" for name in sorted(set(test) - TEST_FIELDS)]
        for name in ("score", "max_score"):
            if name in test and not isinstance(test[name], (int, float)):
                problems.append(f"{where}.{name} must be a number")
        for name in ("name", "number", "output"):
            if name in test and not isinstance(test[name], str):
                problems.append(f"{where}.{name} must be a string")
        if "status" in test and test["status"] not in STATUSES:
            problems.append(f"{where}.status must be 'passed' or 'failed'")
        if "visibility" in test and test["visibility"] not in VISIBILITIES:
            problems.append(f"{where}.visibility must be one of {sorted(VISIBILITIES)}")
        for name in ("output_format", "name_format"):
            if name in test and test[name] not in FORMATS:
                problems.append(f"{where}.{name} must be one of {sorted(FORMATS)}")
        tags = test.get("tags", [])
        if not (isinstance(tags, list) and all(isinstance(tag, str) for tag in tags)):
            problems.append(f"{where}.tags must be a list of strings")
    return problems


def results_for(chapter, rows, output, seconds):
    """Gradescope's results for one graded notebook (``rows``: one per exercise, as in the CSV)."""
    from ..exercises import EXERCISES

    number = int(chapter.split("-")[0]) if chapter[:2].isdigit() else 0
    tests = []
    for index, (exercise, row) in enumerate(zip(EXERCISES[chapter], rows), start=1):
        passed = row["feedback"] == "passed" and float(row["points"]) >= exercise.points
        tests.append(
            {
                "name": f"Exercise {number}.{index}: {exercise.title} ({exercise.name})",
                "number": f"{number}.{index}",
                "score": float(row["points"]),
                "max_score": float(exercise.points),
                "status": "passed" if passed else "failed",
                "output": str(row["feedback"]),
                "output_format": "text",
                "visibility": "visible",
            }
        )
    return {
        "score": sum(test["score"] for test in tests),
        "execution_time": round(seconds, 1),
        "output": output,
        "output_format": "text",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def _choose_notebook(folder, chapter):
    notebooks = sorted(
        path for path in Path(folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in path.parts
    )
    named = [path for path in notebooks if path.name == f"{chapter}.ipynb"]
    if named:
        return named[0], ""
    if not notebooks:
        return None, f"No .ipynb file was found in your submission: upload your {chapter}.ipynb notebook."
    note = "" if len(notebooks) == 1 else f" (of {len(notebooks)} notebooks, the first one was graded)"
    return notebooks[0], f"Graded {notebooks[0].name}{note}."


def _write_results(root, results):
    folder = Path(root) / "results"
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / ".results.json.tmp"
    temporary.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, folder / "results.json")


def run(root, chapter, args):
    """Grade the submission under ``root`` (Gradescope's /autograder) and write its results.json."""
    from ..exercises import EXERCISES
    from .kernel import started_kernel
    from .runner import grade_notebook, rows_for
    from .submissions import read_submission

    started = time.perf_counter()
    root = Path(root)
    submission = root / "submission"
    exercises = EXERCISES[chapter]
    path, note = _choose_notebook(submission, chapter)
    if path is None:
        rows = rows_for(exercises, {}, "no notebook was submitted")
        _write_results(root, results_for(chapter, rows, note, time.perf_counter() - started))
        return 0
    if not args.no_sandbox:
        try:
            sandbox.check_sandbox()
        except sandbox.SandboxUnavailable as error:
            message = (
                "The autograder could not start its sandbox on this machine, so it did not run your "
                "notebook. Your instructor can rebuild the autograder with --no-sandbox."
            )
            print(f"the sandbox cannot run: {error}")
            rows = rows_for(exercises, {}, "not graded: the autograder's sandbox could not start")
            _write_results(root, results_for(chapter, rows, message, time.perf_counter() - started))
            return 1
    data, notebook, reason = read_submission(path, submission, int(args.max_notebook_mb * 2**20))
    if reason:
        rows, problem = rows_for(exercises, {}, reason), reason
    else:
        plan = sandbox.default_plan(hidden=[root / "results", submission])
        kernel = started_kernel(sandboxed=not args.no_sandbox, plan=plan, limits=limits_from(args))
        try:
            outcome = grade_notebook(kernel, data, notebook, chapter, args.cell_timeout, args.timeout)
        finally:
            kernel.destroy()  # before results.json is written: nothing of the notebook is left to touch it
        rows, problem = outcome.rows, outcome.problem
    output = " ".join(
        part for part in (note, f"Grading stopped early: {problem}." if problem else "") if part
    )
    results = results_for(chapter, rows, output or "Your notebook was graded.", time.perf_counter() - started)
    problems = validate_results(results)
    if problems:
        raise RuntimeError(f"the autograder made a results.json Gradescope would not read: {problems}")
    _write_results(root, results)
    print(f"{path.name}: {results['score']:g} / {sum(test['max_score'] for test in results['tests']):g}")
    return 0


def main(argv=None):
    """``python -m nncourse.grading.gradescope --root ROOT --chapter CHAPTER``: what run_autograder runs."""
    from ..exercises import EXERCISES

    parser = argparse.ArgumentParser(prog="run_autograder", description="Grade a Gradescope submission.")
    parser.add_argument("--root", type=Path, default=Path("/autograder"))
    parser.add_argument("--chapter", required=True, choices=list(EXERCISES))
    add_limit_options(parser)
    args = parser.parse_args(argv)
    return run(args.root, args.chapter, args)


if __name__ == "__main__":
    sys.exit(main())
