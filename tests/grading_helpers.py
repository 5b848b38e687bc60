"""Notebooks, hostile and honest, and probes of the machine, for the grader's tests."""

import copy
import os
import secrets
import sys
from pathlib import Path

import nbformat
import pytest

from nncourse.grading import sandbox
from nncourse.notebooks import exercises, read, student_notebook

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = ROOT / "chapters" / "01-perceptron.md"
N_EXERCISES = len(exercises(read(CHAPTER)))


def require_sandbox():
    """Fail, loudly, where the sandbox should work and does not; skip only when asked to
    (NNCOURSE_TEST_NO_SANDBOX=1, for a machine known to forbid user namespaces)."""
    if os.environ.get("NNCOURSE_TEST_NO_SANDBOX") == "1":
        pytest.skip("NNCOURSE_TEST_NO_SANDBOX=1: the sandbox's tests are not run on this machine")
    if not sys.platform.startswith("linux"):
        pytest.skip("the sandbox needs Linux")
    try:
        sandbox.check_sandbox()
    except sandbox.SandboxUnavailable as error:
        pytest.fail(
            f"the sandbox cannot run on this Linux machine ({error}). Set NNCOURSE_TEST_NO_SANDBOX=1 "
            "to skip these tests where user namespaces are known to be forbidden."
        )


def student():
    return student_notebook(CHAPTER)


def solutions():
    return {
        exercise.name: "\n".join(cell.source for cell in exercise.solution_cells).split("check.")[0]
        for exercise in exercises(read(CHAPTER))
    }


def answered(notebook, answers):
    """A copy of a student notebook with ``answers[exercise name]`` in its answer cells."""
    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        name = cell.metadata.get("nncourse", {}).get("exercise")
        if name in answers and "answer" in cell.metadata.get("tags", []):
            cell.source = answers[name]
    return notebook


def solved():
    return answered(student(), solutions())


def with_cells(notebook, *sources, at=2):
    notebook = copy.deepcopy(notebook)
    for offset, source in enumerate(sources):
        notebook.cells.insert(at + offset, nbformat.v4.new_code_cell(source))
    return notebook


def write(notebook, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def new_marker():
    """A tag for a notebook's processes: in their command lines, and the kernel's own name (comm)."""
    return f"nnk{secrets.token_hex(5)}"


def spawner(marker, target, after=3):
    """A cell that names the kernel ``marker``, leaves a child running (which ignores SIGTERM), and
    starts a double-forked daemon that, ``after`` seconds later, appends to the file ``target``."""
    child = f"import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ntime.sleep(600)  # {marker}"
    daemon = (
        f"import os, time\nif os.fork(): os._exit(0)\nos.setsid()\nif os.fork(): os._exit(0)\n"
        f"time.sleep({after})\nopen({str(target)!r}, 'a').write('pwned by a daemon')  # {marker}"
    )
    return (
        f"import ctypes, subprocess, sys\n"
        f"ctypes.CDLL(None).prctl(15, b'{marker}', 0, 0, 0)  # PR_SET_NAME: the kernel carries the tag\n"
        f"subprocess.Popen([sys.executable, '-c', {child!r}])\n"
        f"subprocess.Popen([sys.executable, '-c', {daemon!r}], start_new_session=True).wait()\n"
    )


def processes_with(marker):
    """Host PIDs whose command line or name holds ``marker``."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            text = (entry / "cmdline").read_bytes() + b" " + (entry / "comm").read_bytes()
        except OSError:
            continue
        if marker.encode() in text:
            found.append(int(entry.name))
    return found


def digest(path):
    import hashlib

    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
