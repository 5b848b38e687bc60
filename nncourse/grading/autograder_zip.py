"""The zip an instructor uploads to Gradescope: one chapter's autograder.

``nncourse-grade gradescope --chapter 01-perceptron --out autograder.zip`` writes

- ``setup.sh``: run once by Gradescope when it builds the autograder's image; installs
  Python, bubblewrap and the course's pinned requirements, then nnlib and nncourse;
- ``run_autograder``: run for each submission; grades it with ``gradescope.main``;
- ``requirements.txt``: the packages nncourse needs, pinned to the versions of this
  environment (which ``make setup`` installs from the course's requirements.txt);
- ``course/``: the sources of nnlib and nncourse.
"""

import argparse
import sys
import zipfile
from pathlib import Path

from .cli import add_limit_options

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, from /autograder/source, when it builds the
# autograder's image (Ubuntu). It installs Python, bubblewrap (the sandbox each
# notebook's kernel runs in) and the course's pinned packages into /autograder/venv.
# requirements.txt was pinned with Python {python}: the Ubuntu 22.04 base image has it.
set -euxo pipefail
cd "$(dirname "$0")"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y bubblewrap
if apt-cache show python{python}-venv > /dev/null 2>&1; then
  apt-get install -y python{python} python{python}-venv
  PYTHON=python{python}
else
  echo "python{python} is not packaged on this image: using python3, whose packages may differ" >&2
  apt-get install -y python3 python3-venv
  PYTHON=python3
fi
"$PYTHON" -m venv /autograder/venv
/autograder/venv/bin/python -m pip install -r requirements.txt
/autograder/venv/bin/python -m pip install --no-deps ./course ./course/nncourse
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for each submission, as /autograder/run_autograder. It grades
# ROOT/submission/*.ipynb and writes ROOT/results/results.json. ROOT is /autograder
# unless given as the first argument (the course's tests lay the folders out elsewhere);
# NNCOURSE_PYTHON names another Python than the one setup.sh installed.
set -euo pipefail
ROOT="${{1:-/autograder}}"
PYTHON="${{NNCOURSE_PYTHON:-$ROOT/venv/bin/python}}"
exec "$PYTHON" -m nncourse.grading.gradescope --root "$ROOT" --chapter {chapter} {options}
"""


def pinned_requirements():
    """``name==version`` for every package nnlib and nncourse need, directly or not, as installed here."""
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    own = {"nnlib", "nncourse"}
    pins, stack = {}, ["nncourse", "nnlib"]
    while stack:
        name = canonicalize_name(stack.pop())
        if name in pins:
            continue
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue
        pins[name] = f"{dist.metadata['Name']}=={dist.version}"
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                stack.append(requirement.name)
    return sorted((line for name, line in pins.items() if name not in own), key=str.lower)


def _add_tree(archive, folder, prefix):
    for path in sorted(Path(folder).rglob("*")):
        if (
            path.is_file()
            and "__pycache__" not in path.parts
            and not path.name.endswith((".pyc", ".egg-info"))
            and ".egg-info" not in "/".join(path.parts)
        ):
            archive.write(path, f"{prefix}/{path.relative_to(folder)}")


def _add_text(archive, name, text, executable=False):
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.external_attr = (0o100755 if executable else 0o100644) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, text)


def build(chapter, out, options=()):
    """Write the autograder zip for ``chapter`` to ``out``; ``options`` are the grading options
    (limits, --no-sandbox) that ``run_autograder`` passes on."""
    import nncourse
    import nnlib

    nnlib_dir, nncourse_dir = Path(nnlib.__file__).parent, Path(nncourse.__file__).parent
    repository = nnlib_dir.parent
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    requirements = (
        f"# The packages nncourse needs, pinned as installed with Python {python}\n"
        + "\n".join(pinned_requirements())
        + "\n"
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        _add_text(archive, "setup.sh", SETUP_SH.format(python=python), executable=True)
        quoted = " ".join(f"'{option}'" for option in options)
        _add_text(
            archive, "run_autograder", RUN_AUTOGRADER.format(chapter=chapter, options=quoted), executable=True
        )
        _add_text(archive, "requirements.txt", requirements)
        for name in ("pyproject.toml", "README.md"):
            archive.write(repository / name, f"course/{name}")
        _add_tree(archive, nnlib_dir, "course/nnlib")
        _add_tree(archive, nncourse_dir, "course/nncourse")
    return out


def _options(args):
    """The grading options given to ``gradescope``, as ``run_autograder`` passes them on."""
    options = [
        f"--timeout={args.timeout}",
        f"--cell-timeout={args.cell_timeout}",
        f"--memory={args.memory}",
        f"--scratch={args.scratch}",
        f"--max-notebook-mb={args.max_notebook_mb:g}",
    ]
    if args.cpu_time:
        options.append(f"--cpu-time={args.cpu_time}")
    if args.no_sandbox:
        options.append("--no-sandbox")
    return options


def build_main(argv=None):
    """``nncourse-grade gradescope --chapter CHAPTER --out autograder.zip``."""
    from ..exercises import EXERCISES

    parser = argparse.ArgumentParser(
        prog="nncourse-grade gradescope",
        description="Write a Gradescope autograder (a zip to upload) that grades one chapter's notebook "
        "with the same sandbox and checks as nncourse-grade.",
    )
    parser.add_argument("--chapter", required=True, choices=list(EXERCISES), help="the chapter it grades")
    parser.add_argument("--out", type=Path, default=Path("autograder.zip"), help="the zip to write")
    add_limit_options(parser)
    args = parser.parse_args(argv)
    build(args.chapter, args.out, _options(args))
    total = sum(exercise.points for exercise in EXERCISES[args.chapter])
    print(
        f"wrote {args.out}: upload it in Gradescope (a Programming Assignment worth {total:g} points, "
        "Configure Autograder > Zip file upload, Ubuntu 22.04 base image)."
    )
    return 0
