"""Grade a class's notebooks: ``nncourse-grade SUBMISSIONS_DIR --out grades.csv``.

The grader lives in ``nncourse.grading`` (one module per job); this module
keeps ``python -m nncourse.grade`` and the ``nncourse-grade`` command working.
"""

import sys

from .grading.cli import main
from .grading.submissions import find_submissions

__all__ = ["find_submissions", "main"]

if __name__ == "__main__":
    sys.exit(main())
