"""Find the submitted notebooks, and read each one safely.

A submission is ``ROOT/<student>/<chapter>.ipynb`` or, flat, ``ROOT/<student>.ipynb``
with the chapter given on the command line. Each notebook is read by the grader
(never by the sandbox) with a size limit, and every way it can be unusable gets
a reason the instructor and the student can act on: a symbolic link that leads
out of the submissions folder is not followed, an empty file, a file that is
not JSON, JSON that is not a notebook and a notebook over the size limit are
each named as such.
"""

import json
import os
import sys
from pathlib import Path

UNREADABLE = "not a readable notebook"


def find_submissions(root, chapter=None):
    """``[(student, chapter, path)]`` for every notebook under ``root``, without following
    symbolic links to folders (a linked notebook is listed, and refused when it is read)."""
    from ..exercises import EXERCISES

    root = Path(root)
    found = []
    for folder, folders, files in os.walk(root, followlinks=False):
        folders[:] = sorted(name for name in folders if name != ".ipynb_checkpoints")
        for name in folders:
            if (Path(folder) / name).is_symlink():
                print(
                    f"skipping {(Path(folder) / name).relative_to(root)}/: a symbolic link to a folder, "
                    "not followed",
                    file=sys.stderr,
                )
        for file_name in sorted(files):
            if not file_name.endswith(".ipynb"):
                continue
            path = Path(folder) / file_name
            relative = path.relative_to(root)
            if len(relative.parts) >= 2:
                student, name = relative.parts[0], path.stem
            else:
                student, name = path.stem, chapter
            name = chapter if chapter else name
            if name not in EXERCISES:
                print(
                    f"skipping {relative}: not named after a chapter ({', '.join(EXERCISES)})",
                    file=sys.stderr,
                )
                continue
            found.append((student, name, path))
    return sorted(found, key=lambda item: (item[0], item[1]))


def read_submission(path, root, max_bytes):
    """``(notebook bytes, parsed notebook, None)`` or ``(None, None, reason)`` for the file at ``path``."""
    import nbformat

    path, root = Path(path), Path(root).resolve()
    target = path.resolve()
    if root not in target.parents:
        return (
            None,
            None,
            (
                f"{UNREADABLE}: it is a symbolic link to a file outside the submissions folder "
                f"({target}), which the grader does not follow; hand in the notebook itself"
            ),
        )
    try:
        descriptor = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as file:
            data = file.read(max_bytes + 1)
    except OSError as error:
        return None, None, f"{UNREADABLE}: the file cannot be opened ({error.strerror})"
    if len(data) > max_bytes:
        size = os.path.getsize(target)
        return (
            None,
            None,
            (
                f"{UNREADABLE}: it is {size / 2**20:.1f} MB, more than the {max_bytes / 2**20:g} MB "
                "the grader reads (--max-notebook-mb); clear its outputs (Edit > Clear Outputs "
                "of All Cells), save it and hand it in again"
            ),
        )
    if not data.strip():
        return (
            None,
            None,
            f"{UNREADABLE}: the file is empty; save the notebook in Jupyter and hand it in again",
        )
    try:
        content = json.loads(data)
    except UnicodeDecodeError:
        return None, None, f"{UNREADABLE}: the file is not text (a notebook is UTF-8 JSON)"
    except json.JSONDecodeError as error:
        return (
            None,
            None,
            (
                f"{UNREADABLE}: it is not valid JSON ({error.msg} at line {error.lineno}, "
                f"column {error.colno}); was it edited by hand or only partly saved?"
            ),
        )
    if (
        not isinstance(content, dict)
        or not isinstance(content.get("cells"), list)
        or not isinstance(content.get("nbformat"), int)
    ):
        return (
            None,
            None,
            (
                f"{UNREADABLE}: it is JSON but not a Jupyter notebook (a notebook has a list of "
                '"cells" and an "nbformat" version); hand in the .ipynb file saved by Jupyter'
            ),
        )
    try:
        notebook = nbformat.reads(data.decode(), as_version=4)
    except Exception as error:  # noqa: BLE001 - any unreadable notebook is the submission's problem
        return None, None, f"{UNREADABLE}: {type(error).__name__}: {str(error)[:200]}"
    return data, notebook, None
