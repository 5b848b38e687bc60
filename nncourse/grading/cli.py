"""``nncourse-grade``: grade a class's notebooks, or write a Gradescope autograder.

    nncourse-grade SUBMISSIONS --out grades.csv            grade on this machine (the default)
    nncourse-grade gradescope --chapter CHAPTER --out autograder.zip

Each notebook's kernel runs in a bubblewrap sandbox (``sandbox.py``); where
bubblewrap cannot run, the grader says why and stops, unless it is given
``--no-sandbox``. Rows are added to the CSV as each notebook finishes and each
student's feedback file is kept up to date, so an interrupted run resumes
where it stopped.
"""

import argparse
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from . import csvfile, sandbox
from .submissions import find_submissions, read_submission

PHASES = ["waiting for a kernel", "setup cell", "learner's cells", "checks", "teardown"]
KERNEL_PHASES = ["kernel start", "imports"]


def add_limit_options(parser):
    """The options that say how each notebook runs (shared with the Gradescope autograder)."""
    parser.add_argument("--timeout", type=int, default=600, help="seconds per notebook (default 600)")
    parser.add_argument("--cell-timeout", type=int, default=60, help="seconds per cell (default 60)")
    parser.add_argument(
        "--memory",
        type=int,
        default=4096,
        help="memory limit of each of a notebook's processes, in MB (default 4096)",
    )
    parser.add_argument(
        "--cpu-time",
        type=int,
        default=None,
        help="CPU-time limit of each of a notebook's processes, in s (default: --timeout)",
    )
    parser.add_argument(
        "--scratch",
        type=int,
        default=256,
        help="MB of writable space in each sandbox, held in memory (default 256)",
    )
    parser.add_argument(
        "--max-notebook-mb", type=float, default=20, help="larger notebook files are not graded (default 20)"
    )
    parser.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run kernels without the sandbox (prints what that means; trusted notebooks only)",
    )


def limits_from(args):
    return sandbox.Limits(
        memory=args.memory * 2**20, cpu_seconds=args.cpu_time or args.timeout, scratch=args.scratch * 2**20
    )


def require_sandbox(no_sandbox):
    """Check that the sandbox runs here; returns an exit status (0: go on)."""
    if no_sandbox:
        print(f"nncourse-grade: {sandbox.NO_SANDBOX_WARNING}", file=sys.stderr)
        return 0
    try:
        sandbox.check_sandbox()
    except sandbox.SandboxUnavailable as error:
        print(f"nncourse-grade: refusing to run student code without the sandbox: {error}", file=sys.stderr)
        return 2
    return 0


def grade_parser():
    parser = argparse.ArgumentParser(
        prog="nncourse-grade",
        description="Grade submitted notebooks of Neural Networks from Scratch, each in its own bubblewrap "
        "sandbox (no network, no view of your files, no process left behind). "
        "`nncourse-grade gradescope --help`: write a Gradescope autograder instead.",
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
    parser.add_argument(
        "--prestart",
        type=int,
        default=None,
        help="kernels started ahead of time, each for one notebook (default: --workers)",
    )
    add_limit_options(parser)
    return parser


def mean_timings(timings):
    """``{phase: mean seconds}`` over notebooks that have the phase."""
    phases = {}
    for entry in timings:
        for name, seconds in entry.items():
            phases.setdefault(name, []).append(seconds)
    return {name: sum(values) / len(values) for name, values in phases.items()}


def print_timings(timings, wall, count):
    means = mean_timings(timings)
    print("seconds per notebook, by phase (kernel start and imports run ahead, in the pool):")
    for name in KERNEL_PHASES + PHASES:
        if name in means:
            print(f"  {name:<22}{means[name]:7.2f}")
    if count:
        print(f"  {'wall clock / notebook':<22}{wall / count:7.2f}")


def grade_class(args):
    """Grade every notebook under ``args.submissions`` not already in the CSV. Returns an exit status."""
    from ..exercises import EXERCISES
    from .kernel import started_kernel
    from .pool import KernelPool
    from .runner import grade_notebook, rows_for

    feedback_dir = args.feedback or args.out.parent / "feedback"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    rows = csvfile.read_grades(args.out, EXERCISES)
    done = {(row["student"], row["chapter"]) for row in rows}
    todo = [(s, c, p) for s, c, p in find_submissions(args.submissions, args.chapter) if (s, c) not in done]
    csvfile.write_grades(args.out, rows)  # rewritten once: drops half-written notebooks
    workers = max(1, args.workers)
    print(
        f"{len(done)} notebooks already graded, {len(todo)} to grade, {workers} at a time"
        f"{'' if args.no_sandbox else ', each in its own sandbox'}"
    )
    if not todo:
        return 0
    plan = sandbox.default_plan(hidden=[args.submissions, args.out.parent, feedback_dir, Path.home()])
    options = {"sandboxed": not args.no_sandbox, "plan": plan, "limits": limits_from(args)}
    pool = KernelPool(lambda: started_kernel(**options), ahead=args.prestart or workers, total=len(todo))
    max_bytes = int(args.max_notebook_mb * 2**20)
    timings = []

    def grade(item):
        student, chapter, path = item
        data, notebook, reason = read_submission(path, args.submissions, max_bytes)
        if reason:
            return student, chapter, rows_for(EXERCISES[chapter], {}, reason), reason, {}
        waited = time.perf_counter()
        try:
            kernel = pool.take()
        except Exception as error:  # noqa: BLE001 - one failed start is retried once
            print(f"a kernel did not start ({error}); trying again", file=sys.stderr)
            kernel = pool.take()
        took = time.perf_counter() - waited
        try:
            outcome = grade_notebook(kernel, data, notebook, chapter, args.cell_timeout, args.timeout)
        finally:
            ending = time.perf_counter()
            kernel.destroy()
        outcome.timings.update(kernel.timings)
        outcome.timings.update({"waiting for a kernel": took, "teardown": time.perf_counter() - ending})
        return student, chapter, outcome.rows, outcome.problem, outcome.timings

    started = time.perf_counter()
    try:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="grade") as executor:
            for future in as_completed([executor.submit(grade, item) for item in todo]):
                student, chapter, new, problem, phases = future.result()
                new = [{"student": student, "chapter": chapter, **row} for row in new]
                csvfile.append_grades(args.out, new)
                rows += new
                try:
                    csvfile.write_feedback(
                        feedback_dir, student, [r for r in rows if r["student"] == student]
                    )
                except ValueError as error:
                    print(f"no feedback file: {error}", file=sys.stderr)
                if phases:
                    timings.append(phases)
                points = sum(float(row["points"]) for row in new)
                note = f" ({problem})" if problem else ""
                total = sum(float(row["max_points"]) for row in new)
                # repr: a folder's name may hold a newline or a terminal's escape sequence
                print(f"{student!r} {chapter}: {points:g}/{total:g}{note}", flush=True)
    finally:
        pool.close()
    wall = time.perf_counter() - started
    print(f"graded {len(todo)} notebooks in {wall:.1f} s; grades in {args.out}, feedback in {feedback_dir}/")
    print_timings(timings, wall, len(todo))
    return 0


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["gradescope"]:
        from . import autograder_zip

        return autograder_zip.build_main(argv[1:])
    parser = grade_parser()
    args = parser.parse_args(argv)
    if args.submissions is None or not args.submissions.is_dir():
        parser.error(f"give the folder of submissions ({args.submissions} is not a folder)")
    status = require_sandbox(args.no_sandbox)
    return status or grade_class(args)
