"""Grade a class's notebooks: ``nncourse-grade SUBMISSIONS_DIR --out grades.csv``.

Each submitted notebook runs in its own fresh kernel, in its own worker
process, with a time limit and a memory limit. The grader then runs every
exercise's check itself: the learner's answers are called inside that kernel
by code the grader sends (``nncourse/exercises/collector.py``, executed from its
source in a fresh namespace), and the results are judged in the worker, a
process the notebook never touched. A redefined ``check``, a patched ``nnlib``
or a printed "passed" line therefore earn nothing.

Submissions are found as ``SUBMISSIONS_DIR/<student>/<chapter>.ipynb`` (the
chapter is the name of a chapter file, such as ``01-perceptron.ipynb``) or,
flat, ``SUBMISSIONS_DIR/<student>.ipynb`` with ``--chapter``. Rows are added to
the CSV (student, chapter, exercise, points, max_points, feedback) as each
notebook finishes, and one feedback file per student is kept up to date, so
an interrupted run resumes where it stopped.

**This runs student code and is not a sandbox.** A notebook can read and
write your files and use the network. Grade untrusted submissions inside a
container or a throw-away virtual machine (see the README).
"""

import argparse
import csv
import json
import os
import secrets
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

FIELDS = ["student", "chapter", "exercise", "points", "max_points", "feedback"]
SKIPPED_ROLES = {"demo", "check"}  # the chapter's own examples, and the learner's check calls


# The worker: one notebook, one kernel


def collection_code(exercise, inputs, marker):
    """Code run in the learner's kernel: record what their answer does, print it after ``marker``."""
    from .exercises import collector

    source = Path(collector.__file__).read_text()
    arguments = json.dumps(exercise.collector_arguments(inputs))
    return (
        "def __nncourse_grade():\n"
        "    namespace = {'__name__': 'nncourse_grade_collector'}\n"
        f"    exec(compile({source!r}, '<grader>', 'exec'), namespace)\n"
        "    import json as _json\n"
        f"    answer = globals().get({exercise.answer!r}, None)\n"
        f"    if {exercise.answer!r} not in globals():\n"
        "        record = {'missing': True}\n"
        "    else:\n"
        f"        record = namespace[{exercise.collector_function!r}](answer, *_json.loads({arguments!r}))\n"
        f"    print({marker!r} + _json.dumps(record))\n"
        "__nncourse_grade()\n"
        "del __nncourse_grade\n"
    )


def _read_record(outputs, marker):
    for output in outputs:
        text = output.get("text", "") if output.get("output_type") == "stream" else ""
        for line in text.splitlines():
            if line.startswith(marker):
                return json.loads(line[len(marker) :])
    return None


def grade_notebook(path, chapter, cell_timeout=60, seed=None):
    """Run one notebook and judge its answers. Returns ``{"rows": [...], "problem": text or None}``."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    from .exercises import EXERCISES

    exercises = EXERCISES[chapter]

    def rows(results, problem=None):
        return {
            "rows": [
                {
                    "exercise": e.name,
                    "points": results.get(e.name, (0, ""))[0],
                    "max_points": e.points,
                    "feedback": results.get(e.name, (0, problem or ""))[1],
                }
                for e in exercises
            ],
            "problem": problem,
        }

    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception as error:  # noqa: BLE001 - any unreadable file is the submission's problem
        return rows({}, f"not a readable notebook: {type(error).__name__}: {str(error)[:200]}")
    code_cells = [
        cell
        for cell in notebook.cells
        if cell.cell_type == "code" and not SKIPPED_ROLES & set(cell.metadata.get("tags", []))
    ]
    notebook.cells = code_cells
    client = NotebookClient(
        notebook,
        timeout=cell_timeout,
        kernel_name="python3",
        allow_errors=True,
        interrupt_on_timeout=True,
        resources={"metadata": {"path": str(Path(path).parent)}},
    )
    seed = secrets.randbelow(2**31) if seed is None else seed
    marker = f"NNCOURSE-GRADE-{secrets.token_hex(16)}:"
    results = {}
    try:
        with client.setup_kernel():
            for index, cell in enumerate(notebook.cells):
                client.execute_cell(cell, index)
            for exercise in exercises:
                inputs = exercise.inputs(seed)
                # room for every case to hit the exercise's own time limit first
                client.timeout = cell_timeout + exercise.time_limit * len(inputs.get("cases", [1])) + 10
                probe = nbformat.v4.new_code_cell(collection_code(exercise, inputs, marker))
                notebook.cells.append(probe)
                client.execute_cell(probe, len(notebook.cells) - 1)
                record = _read_record(probe.outputs, marker)
                if record is None:
                    results[exercise.name] = (0, "the check could not run on this notebook's answer")
                elif record.get("missing"):
                    results[exercise.name] = (0, f"`{exercise.answer}` is not defined")
                else:
                    problem = exercise.judge(record, inputs)
                    results[exercise.name] = (exercise.points, "passed") if problem is None else (0, problem)
    except DeadKernelError:
        return rows(results, "the kernel died (a crash, os._exit, or the memory limit)")
    except Exception as error:  # noqa: BLE001 - the notebook costs only itself
        return rows(results, f"grading stopped: {type(error).__name__}: {str(error)[:200]}")
    return rows(results)


def _worker_main(path, chapter, cell_timeout, memory_mb):
    """Entry point of a worker process: limit memory (inherited by the kernel), grade, print JSON."""
    if memory_mb:
        import resource

        limit = memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    print(json.dumps(grade_notebook(path, chapter, cell_timeout)))


# The coordinator: find the notebooks, run the workers, keep the CSV and feedback


def find_submissions(root, chapter=None):
    """``[(student, chapter, path)]`` for every notebook under ``root``."""
    from .exercises import EXERCISES

    found = []
    for path in sorted(Path(root).rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        relative = path.relative_to(root)
        if len(relative.parts) >= 2:
            student, name = relative.parts[0], path.stem
        else:
            student, name = path.stem, chapter
        name = chapter if chapter else name
        if name not in EXERCISES:
            print(f"skipping {relative}: not named after a chapter ({', '.join(EXERCISES)})", file=sys.stderr)
            continue
        found.append((student, name, path))
    return found


def read_grades(csv_path):
    """Rows already written, keeping only whole notebooks (a row per exercise)."""
    from .exercises import EXERCISES

    if not Path(csv_path).exists():
        return []
    with open(csv_path, newline="") as file:
        rows = list(csv.DictReader(file))
    complete = []
    for student, chapter in {(row["student"], row["chapter"]) for row in rows}:
        group = [row for row in rows if row["student"] == student and row["chapter"] == chapter]
        if chapter in EXERCISES and len(group) == len(EXERCISES[chapter]):
            complete += group
    return sorted(complete, key=lambda row: (row["student"], row["chapter"]))


def write_feedback(folder, student, rows):
    lines = [f"Feedback for {student}", ""]
    for chapter in sorted({row["chapter"] for row in rows}):
        group = [row for row in rows if row["chapter"] == chapter]
        points = sum(float(row["points"]) for row in group)
        total = sum(float(row["max_points"]) for row in group)
        lines += [f"{chapter}: {points:g} / {total:g}", ""]
        for row in group:
            mark = "\N{CHECK MARK}" if row["feedback"] == "passed" else "\N{BALLOT X}"
            lines.append(f"  {mark} {row['exercise']}: {row['feedback']}".replace("\n", "\n      "))
        lines.append("")
    Path(folder).mkdir(parents=True, exist_ok=True)
    (Path(folder) / f"{student}.txt").write_text("\n".join(lines))


def run_worker(path, chapter, timeout, cell_timeout, memory_mb):
    """Grade one notebook in a subprocess; a crash or a timeout costs that notebook only."""
    command = [
        sys.executable,
        "-m",
        "nncourse.grade",
        "--worker",
        str(path),
        chapter,
        str(cell_timeout),
        str(memory_mb),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"rows": None, "problem": f"the notebook did not finish within {timeout} s"}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    reason = (done.stderr.strip().splitlines() or ["no output"])[-1][:200]
    return {"rows": None, "problem": f"the grader's worker failed: {reason}"}


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="nncourse-grade",
        description="Grade submitted notebooks of Neural Networks from Scratch. Runs student code: "
        "not a sandbox, see the README.",
    )
    parser.add_argument("submissions", type=Path, nargs="?", help="folder of <student>/<chapter>.ipynb")
    parser.add_argument("--out", type=Path, default=Path("grades.csv"), help="the CSV of grades")
    parser.add_argument(
        "--feedback",
        type=Path,
        default=None,
        help="folder for one feedback file per student (default: feedback/ next to --out)",
    )
    parser.add_argument("--chapter", help="the chapter of flat <student>.ipynb submissions")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="notebooks graded at once")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per notebook")
    parser.add_argument("--cell-timeout", type=int, default=60, help="seconds per cell")
    parser.add_argument("--memory", type=int, default=4096, help="memory limit per notebook, in MB")
    parser.add_argument("--worker", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        path, chapter, cell_timeout, memory_mb = args.worker
        _worker_main(path, chapter, int(cell_timeout), int(memory_mb))
        return 0

    from .exercises import EXERCISES

    if args.submissions is None or not args.submissions.is_dir():
        parser.error(f"give the folder of submissions ({args.submissions} is not a folder)")
    feedback_dir = args.feedback or args.out.parent / "feedback"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    rows = read_grades(args.out)
    done = {(row["student"], row["chapter"]) for row in rows}
    todo = [(s, c, p) for s, c, p in find_submissions(args.submissions, args.chapter) if (s, c) not in done]
    with open(args.out, "w", newline="") as file:  # rewritten once: drops half-written notebooks
        writer = csv.DictWriter(file, FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(done)} notebooks already graded, {len(todo)} to grade, {args.workers} at a time")

    started = time.perf_counter()

    def grade(item):
        student, chapter, path = item
        result = run_worker(path, chapter, args.timeout, args.cell_timeout, args.memory)
        new = result["rows"] or [
            {"exercise": e.name, "points": 0, "max_points": e.points, "feedback": result["problem"]}
            for e in EXERCISES[chapter]
        ]
        return (
            student,
            chapter,
            [{"student": student, "chapter": chapter, **row} for row in new],
            result["problem"],
        )

    with ThreadPoolExecutor(max_workers=max(1, args.workers)) as pool:
        for future in as_completed([pool.submit(grade, item) for item in todo]):
            student, chapter, new, problem = future.result()
            with open(args.out, "a", newline="") as file:
                csv.DictWriter(file, FIELDS).writerows(new)
            rows += new
            write_feedback(feedback_dir, student, [row for row in rows if row["student"] == student])
            points = sum(float(row["points"]) for row in new)
            note = f" ({problem})" if problem else ""
            print(f"{student} {chapter}: {points:g}/{sum(float(r['max_points']) for r in new):g}{note}")
    print(
        f"graded {len(todo)} notebooks in {time.perf_counter() - started:.1f} s; grades in {args.out}, "
        f"feedback in {feedback_dir}/"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
