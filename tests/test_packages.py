"""Two packages: nnlib, the library, needs only numpy and loads nothing else; nncourse,
the course's machinery, brings the grader command. Their public APIs are listed, and
the README's module table matches nnlib's."""

import json
import re
import subprocess
import sys
import warnings
from pathlib import Path

import tomllib

import nnlib

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ["matplotlib", "sklearn", "scipy", "IPython", "ipywidgets", "plotly", "nbformat", "jupytext"]


def modules_loaded_by(statement):
    code = f"import json, sys; {statement}; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in json.loads(result.stdout)}


def test_import_nnlib_loads_numpy_and_nothing_heavy():
    loaded = modules_loaded_by("import nnlib")
    assert "numpy" in loaded
    assert not loaded & set(HEAVY), f"import nnlib loads {sorted(loaded & set(HEAVY))}"


def test_import_nncourse_explorers_does_not_load_matplotlib():
    assert "matplotlib" not in modules_loaded_by("import nncourse.explorers")


def test_every_public_module_of_nnlib_is_listed_and_imports():
    files = {
        path.stem
        for path in (ROOT / "nnlib").glob("*.py")
        if not path.stem.startswith("_") and path.stem not in ("exercises", "explorers")
    }
    assert files == set(nnlib.MODULES)
    assert set(nnlib.MODULES) <= set(nnlib.__all__)
    for name in nnlib.MODULES:
        __import__(f"nnlib.{name}")


def test_the_readme_module_table_lists_exactly_nnlibs_public_modules():
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("| module | what it holds |") :]
    table = table[: table.index("\n\n")]
    in_table = set(re.findall(r"^\| `(\w+)` \|", table, re.M))
    assert in_table == set(nnlib.MODULES)


def test_nnlib_needs_only_numpy_and_installs_no_command():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == "nnlib"
    assert [re.split(r"[<>=]", d)[0] for d in project["dependencies"]] == ["numpy"]
    assert "scripts" not in project


def test_nncourse_is_its_own_distribution_with_the_grader_command():
    project = tomllib.loads((ROOT / "nncourse" / "pyproject.toml").read_text())["project"]
    assert project["name"] == "nncourse"
    assert "nnlib" in project["dependencies"]
    assert project["scripts"] == {"nncourse-grade": "nncourse.grade:main"}
    assert (Path(sys.executable).parent / "nncourse-grade").exists()


def test_the_old_import_of_the_checks_keeps_working_and_says_where_they_moved():
    sys.modules.pop("nnlib.exercises", None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from nnlib.exercises import check
    from nncourse.exercises import check as new_check

    assert check is new_check
    assert any("nncourse.exercises" in str(w.message) for w in caught)


def test_a_notebook_handed_out_before_the_move_still_runs_its_imports_and_checks():
    """tests/data/handed-out-01-perceptron.ipynb is a student notebook written by
    nnlib 0.1 (commit 3161b8d), which imports nnlib.exercises and nnlib.explorers."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(ROOT / "tests" / "data" / "handed-out-01-perceptron.ipynb", as_version=4)
    setup = next(cell for cell in notebook.cells if "setup" in cell.metadata.get("tags", []))
    stub = next(
        cell
        for cell in notebook.cells
        if cell.metadata.get("nncourse", cell.metadata.get("nnlib", {})).get("exercise") == "step_activation"
        and "answer" in cell.metadata.get("tags", [])
    )
    check = next(cell for cell in notebook.cells if "check.step_activation(" in cell.source)
    explorer = next(cell for cell in notebook.cells if "from nnlib.explorers import" in cell.source)
    assert "from nnlib.exercises import check" in setup.source
    notebook.cells = [setup, stub, check, explorer]
    NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=True).execute()
    errors = [
        output
        for cell in notebook.cells[:1] + notebook.cells[3:]
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert not errors, errors
    feedback = "".join(output.get("evalue", "") for output in notebook.cells[2].outputs)
    assert "NotImplementedError" in feedback  # the check ran and told the learner what to do
