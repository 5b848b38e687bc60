"""Grade one notebook in one kernel: run the learner's cells, then collect and judge each exercise.

The chapter's worked examples (``demo`` cells) and the learner's own check calls
(``check`` cells) are skipped; the first cell (``setup``) and the answer cells
run in order, each with a time limit. Then, for each exercise, a probe cell asks
the grader's side of the kernel (``prelude.py``) to run the learner's answer on
inputs drawn now, with a fresh seed, and the record it sends back is judged
here, in the grader, where the notebook cannot reach. A cell that fails, loops
(it is interrupted) or exhausts its memory costs nothing else; a kernel that
dies or ignores the interrupt ends the notebook's grading, and the exercises
not judged yet get the reason.
"""

import secrets
import time
from dataclasses import dataclass, field

from .kernel import KernelDied, KernelStuck
from .prelude import probe_code

SKIPPED_ROLES = {"demo", "check"}  # the chapter's own examples, and the learner's check calls
KERNEL_DIED = "the kernel died (a crash, os._exit, or the memory or CPU-time limit)"


class NotebookTimeout(Exception):
    """The notebook's whole time (--timeout) is used up."""


@dataclass
class Outcome:
    """One notebook's rows (exercise, points, max_points, feedback), the reason grading stopped
    early (or None), and the seconds spent in each phase."""

    rows: list
    problem: str = None
    timings: dict = field(default_factory=dict)


def judge(exercise, record, inputs):
    """``(points, feedback)`` for one exercise's record."""
    if not isinstance(record, dict):
        return 0, "the check's record could not be read"
    if "grader_problem" in record:
        return 0, record["grader_problem"]
    if record.get("missing"):
        return 0, f"`{exercise.answer}` is not defined"
    if "collector_error" in record:
        return 0, f"the check could not run on this answer: {str(record['collector_error'])[:300]}"
    try:
        problem = exercise.judge(record, inputs)
    except Exception as error:  # noqa: BLE001 - a record the judge cannot read is the notebook's loss
        return 0, f"the check could not judge this answer ({type(error).__name__})"
    return (exercise.points, "passed") if problem is None else (0, problem)


def rows_for(exercises, results, problem=None):
    return [
        {
            "exercise": e.name,
            "points": results.get(e.name, (0, ""))[0],
            "max_points": e.points,
            "feedback": results.get(e.name, (0, problem or ""))[1],
        }
        for e in exercises
    ]


def grade_notebook(kernel, data, notebook, chapter, cell_timeout=60, timeout=600, seed=None):
    """Grade ``notebook`` (its file's bytes ``data``, and parsed) in ``kernel``, a fresh kernel."""
    from ..exercises import EXERCISES

    exercises = EXERCISES[chapter]
    timings = {"setup cell": 0.0, "learner's cells": 0.0, "checks": 0.0}
    results, problem = {}, None
    deadline = time.monotonic() + timeout

    def time_left(limit):
        left = deadline - time.monotonic()
        if left <= 0:
            raise NotebookTimeout()
        return min(limit, left)

    try:
        kernel.place_notebook(f"{chapter}.ipynb", data)
        cells = [
            cell
            for cell in notebook.cells
            if cell.cell_type == "code" and not SKIPPED_ROLES & set(cell.metadata.get("tags", []))
        ]
        for cell in cells:
            phase = "setup cell" if "setup" in cell.metadata.get("tags", []) else "learner's cells"
            started = time.perf_counter()
            kernel.execute(cell.source, time_left(cell_timeout))
            timings[phase] += time.perf_counter() - started
        seed = secrets.randbelow(2**31) if seed is None else seed
        started = time.perf_counter()
        for exercise in exercises:
            inputs = exercise.inputs(seed)
            # room for every case to hit the exercise's own time limit first
            limit = cell_timeout + exercise.time_limit * len(inputs.get("cases", [1])) + 10
            nonce = f"{secrets.token_hex(16)}:"
            kernel.execute(
                probe_code(
                    kernel.module_name,
                    exercise.answer,
                    exercise.collector_function,
                    exercise.collector_arguments(inputs),
                    nonce,
                ),
                time_left(limit),
            )
            results[exercise.name] = judge(exercise, kernel.take_record(nonce), inputs)
        timings["checks"] = time.perf_counter() - started
    except KernelDied:
        problem = KERNEL_DIED
    except KernelStuck as error:
        problem = f"{error}; grading stopped there"
    except NotebookTimeout:
        problem = f"the notebook did not finish within {timeout} s"
    return Outcome(rows_for(exercises, results, problem), problem, timings)
