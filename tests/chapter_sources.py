"""The chapters' sources, for the tests: their paths, exercises and setup code."""

from pathlib import Path

from nncourse.notebooks import exercises as notebook_exercises
from nncourse.notebooks import read, setup_source

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]-*.md"))


def exercises(path):
    return notebook_exercises(read(path))


def setup_code(path):
    return setup_source(read(path))


__all__ = ["CHAPTERS", "ROOT", "exercises", "read", "setup_code"]
