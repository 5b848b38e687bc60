"""Moved: the course's exercises are now ``nncourse.exercises``.

This alias keeps notebooks handed out before the move working: their first
cell says ``from nnlib.exercises import check``. New code imports
``from nncourse.exercises import check``.
"""

import warnings

from nncourse.exercises import EXERCISES, ExerciseFailure, check

warnings.warn(
    "nnlib.exercises has moved to nncourse.exercises: write "
    "'from nncourse.exercises import check' (this old name keeps working).",
    FutureWarning,
    stacklevel=2,
)

__all__ = ["EXERCISES", "ExerciseFailure", "check"]
