"""Benchmark: the class grader's throughput, today's against an earlier commit's.

A class of chapter 1 notebooks (half solved, half untouched student notebooks)
is graded by the grader of this worktree and by the grader of ``--compare``
(default dbe48ff, the last grader without the sandbox), run after run,
interleaved, so that the machine's load hits both alike. The earlier grader is
the whole ``nncourse`` package of that commit, with its ``nnlib``, unpacked with ``git archive``
into a temporary folder that comes first on PYTHONPATH; both graders run from
that folder, since ``python -m`` puts the current folder (the repository's, with
today's nncourse) before PYTHONPATH. Prints seconds per notebook, the load
average before and after each run (the machine may be shared), and the new
grader's seconds per phase; checks that both graders gave the same points.

    python benchmarks/grading.py                       # 100 notebooks, 2 workers, 1 repeat
    python benchmarks/grading.py --notebooks 20 --repeats 2
"""

import argparse
import copy
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = ROOT / "chapters" / "01-perceptron.md"


def make_class(folder, count):
    import nbformat

    from nncourse.notebooks import exercises, read, student_notebook

    stub = student_notebook(CHAPTER)
    solutions = {
        exercise.name: "\n".join(cell.source for cell in exercise.solution_cells).split("check.")[0]
        for exercise in exercises(read(CHAPTER))
    }
    solved = copy.deepcopy(stub)
    for cell in solved.cells:
        name = cell.metadata.get("nncourse", {}).get("exercise")
        if name in solutions and "answer" in cell.metadata.get("tags", []):
            cell.source = solutions[name]
    for index in range(count):
        path = Path(folder) / f"student{index:03d}" / "01-perceptron.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(solved if index % 2 == 0 else stub, path)


def old_package(commit, folder):
    """The ``nncourse`` and ``nnlib`` packages of ``commit``, unpacked under ``folder``; returns
    the PYTHONPATH entry. Both: that commit's grader imports modules of its nnlib that were
    renamed since (``nnlib.seeding``, now ``nnlib._seeding``)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, "nncourse", "nnlib"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return str(folder)


def grade(class_dir, out_dir, workers, pythonpath=None):
    """Run a grader on the class; returns (seconds, total points, its output)."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "nncourse.grade",
            str(class_dir),
            "--out",
            str(Path(out_dir) / "grades.csv"),
            "--workers",
            str(workers),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(class_dir).parent,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the grader failed:\n{done.stdout}\n{done.stderr}")
    with open(Path(out_dir) / "grades.csv", newline="", encoding="utf-8") as file:
        points = sum(float(row["points"]) for row in csv.DictReader(file))
    return seconds, points, done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--compare", default="dbe48ff", help="the commit whose grader to compare with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        temporary = Path(temporary)
        make_class(temporary / "class", args.notebooks)
        (temporary / "old").mkdir()
        old = old_package(args.compare, temporary / "old")
        for repeat in range(args.repeats):
            for name, path in (("old", old), ("new", None)):
                out = temporary / f"out-{name}-{repeat}"
                load = os.getloadavg()
                seconds, points, stdout = grade(temporary / "class", out, args.workers, path)
                after = os.getloadavg()
                print(
                    f"{name} ({args.compare if path else 'this worktree'}): {args.notebooks} notebooks in "
                    f"{seconds:.1f} s = {seconds / args.notebooks:.2f} s per notebook, "
                    f"{args.workers} workers, "
                    f"{points:g} points; load average (1, 5, 15 min) before {load[0]:.1f} {load[1]:.1f} "
                    f"{load[2]:.1f}, after {after[0]:.1f} {after[1]:.1f} {after[2]:.1f}",
                    flush=True,
                )
                if "each in its own sandbox" in stdout and path is not None:
                    raise SystemExit("the earlier commit's run used today's grader: check PYTHONPATH")
                if path is None:
                    print(
                        stdout[stdout.index("seconds per notebook") :]
                        if "seconds per notebook" in stdout
                        else ""
                    )


if __name__ == "__main__":
    main()
