"""Every chapter runs from top to bottom as a notebook, under nbval, from a
temporary folder (as a learner who downloaded it would run it), and writes
nothing there."""

import subprocess
import sys

import pytest

from .chapter_sources import CHAPTERS


@pytest.mark.book
@pytest.mark.parametrize("path", CHAPTERS, ids=[path.stem for path in CHAPTERS])
def test_the_chapter_runs_under_nbval_from_a_temporary_folder(path, tmp_path):
    notebook = tmp_path / f"{path.stem}.ipynb"
    subprocess.run(
        [sys.executable, "-m", "jupytext", "--quiet", "--to", "ipynb", "--output", str(notebook), str(path)],
        check=True,
    )
    before = sorted(p.name for p in tmp_path.iterdir())
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "--nbval-current-env",
            "-p",
            "no:cacheprovider",
            "-q",
            "--nbval-cell-timeout=300",
            notebook.name,
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "the chapter wrote files next to itself"
