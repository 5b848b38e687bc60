"""The Gradescope autograder: the zip holds what Gradescope runs, and run_autograder, run on a
laid-out /autograder, writes a results.json in Gradescope's documented format with the same
grades as nncourse-grade, whatever the notebook does.

The documented fields are those of Gradescope's "Autograder Specifications"
(https://gradescope-autograders.readthedocs.io/en/latest/specs/), checked by
``nncourse.grading.gradescope.validate_results``.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from nncourse.grading.autograder_zip import build
from nncourse.grading.gradescope import validate_results

from .grading_helpers import (
    N_EXERCISES,
    ROOT,
    digest,
    new_marker,
    processes_with,
    require_sandbox,
    solved,
    spawner,
    student,
    with_cells,
    write,
)

CHAPTER = "01-perceptron"


@pytest.fixture(scope="module")
def autograder(tmp_path_factory):
    path = tmp_path_factory.mktemp("zip") / "autograder.zip"
    script = Path(sys.executable).parent / "nncourse-grade"
    result = subprocess.run(
        [str(script), "gradescope", "--chapter", CHAPTER, "--out", str(path), "--cell-timeout", "5"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "upload it in Gradescope" in result.stdout
    return path


def lay_out(autograder, base, notebook):
    """``base`` laid out as Gradescope lays out /autograder, with ``notebook`` submitted."""
    root = base / "autograder"
    with zipfile.ZipFile(autograder) as archive:
        archive.extractall(root / "source")
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    for name in ("run_autograder", "source/run_autograder", "source/setup.sh"):
        (root / name).chmod(0o755)
    (root / "results").mkdir()
    write(notebook, root / "submission" / f"{CHAPTER}.ipynb")
    return root


def run_autograder(root):
    # the zip's own nnlib and nncourse, not the repository's: the zip holds what it needs
    env = {**os.environ, "NNCOURSE_PYTHON": sys.executable, "PYTHONPATH": str(root / "source" / "course")}
    result = subprocess.run(
        ["bash", str(root / "run_autograder"), str(root)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=root,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads((root / "results" / "results.json").read_text())


@pytest.fixture(scope="module")
def graded(autograder, tmp_path_factory):
    require_sandbox()
    marker = new_marker()
    base = tmp_path_factory.mktemp("gradescope")
    roots = {
        name: lay_out(autograder, base / name, notebook)
        for name, notebook in {"solved": solved(), "stub": student(), "hostile": None}.items()
        if notebook is not None
    }
    hostile_root = base / "hostile" / "autograder"
    forged = json.dumps({"score": 100.0, "tests": [{"name": "forged", "score": 100.0, "max_score": 4.0}]})
    results = hostile_root / "results" / "results.json"
    attack = (
        f"import os\nfor path in ({str(results)!r}, {str(hostile_root / 'run_autograder')!r}):\n"
        f"    try:\n        open(path, 'w').write({forged!r})\n    except OSError:\n        pass\n"
    )
    roots["hostile"] = lay_out(
        autograder, base / "hostile", with_cells(student(), attack, spawner(marker, results))
    )
    before = digest(roots["hostile"] / "run_autograder")
    out = {}
    for name, root in roots.items():
        out[name] = run_autograder(root)
    return {"results": out, "roots": roots, "marker": marker, "run_autograder": before}


def test_the_zip_holds_setup_run_autograder_and_the_course(autograder):
    with zipfile.ZipFile(autograder) as archive:
        names = set(archive.namelist())
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
        setup = archive.read("setup.sh").decode()
        run = archive.read("run_autograder").decode()
    assert {
        "setup.sh",
        "run_autograder",
        "requirements.txt",
        "course/pyproject.toml",
        "course/nnlib/__init__.py",
        "course/nncourse/pyproject.toml",
        "course/nncourse/grading/sandbox.py",
    } <= names
    assert not [name for name in names if "__pycache__" in name]
    assert modes["setup.sh"] & 0o111 and modes["run_autograder"] & 0o111
    assert "pip install -r requirements.txt" in setup and "./course ./course/nncourse" in setup
    assert "apt-get install -y bubblewrap" in setup
    assert f"--chapter {CHAPTER}" in run and "/autograder" in run


def test_setup_installs_the_courses_pinned_versions(autograder):
    with zipfile.ZipFile(autograder) as archive:
        lines = [
            line
            for line in archive.read("requirements.txt").decode().splitlines()
            if line and not line.startswith("#")
        ]
    course_pins = dict(
        line.split("==")
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )
    course_pins = {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in course_pins.items()}
    assert all("==" in line for line in lines)
    names = {re.sub(r"[-_.]+", "-", line.split("==")[0]).lower(): line.split("==")[1] for line in lines}
    assert {"numpy", "ipykernel", "jupyter-client", "pyzmq", "nbformat", "matplotlib"} <= set(names)
    assert {name: version for name, version in names.items() if course_pins.get(name) != version} == {}


def test_results_json_follows_gradescopes_documented_format(graded):
    for name, results in graded["results"].items():
        assert validate_results(results) == [], name
        assert len(results["tests"]) == N_EXERCISES
        assert results["score"] == sum(test["score"] for test in results["tests"])
        assert all(
            {"name", "score", "max_score", "output", "status"} <= set(test) for test in results["tests"]
        )


def test_a_solved_notebook_earns_every_point(graded):
    results = graded["results"]["solved"]
    assert results["score"] == N_EXERCISES
    assert all(test["status"] == "passed" and test["output"] == "passed" for test in results["tests"])


def test_a_stub_earns_nothing_and_learns_why(graded):
    results = graded["results"]["stub"]
    assert results["score"] == 0 and all(test["status"] == "failed" for test in results["tests"])
    assert "NotImplementedError" in results["tests"][0]["output"]


def test_a_hostile_notebook_cannot_write_its_own_results_or_leave_a_daemon_to(graded):
    results = graded["results"]["hostile"]
    assert results["score"] == 0 and "forged" not in json.dumps(results)
    assert digest(graded["roots"]["hostile"] / "run_autograder") == graded["run_autograder"]
    assert processes_with(graded["marker"]) == []
    time.sleep(4)  # the daemon would have rewritten results.json 3 s after it started
    path = graded["roots"]["hostile"] / "results" / "results.json"
    assert json.loads(path.read_text()) == results


def test_the_validator_names_what_gradescope_would_not_read():
    assert validate_results({"tests": [{"name": "x", "score": "1", "status": "ok"}], "colour": 1}) == [
        "unknown top-level field 'colour'",
        "tests[0].score must be a number",
        "tests[0].status must be 'passed' or 'failed'",
    ]
    assert validate_results({"tests": [{"name": "no score"}]}) == [
        "a score is needed at the top level or on every test"
    ]


def test_a_submission_without_a_notebook_is_told_what_to_upload(autograder, tmp_path):
    root = lay_out(autograder, tmp_path, student())
    (root / "submission" / f"{CHAPTER}.ipynb").unlink()
    results = run_autograder(root)
    assert results["score"] == 0 and validate_results(results) == []
    assert f"upload your {CHAPTER}.ipynb" in results["output"]


def test_build_writes_the_zip_from_python_too(tmp_path):
    path = build(CHAPTER, tmp_path / "a.zip", ["--no-sandbox"])
    with zipfile.ZipFile(path) as archive:
        assert "'--no-sandbox'" in archive.read("run_autograder").decode()
