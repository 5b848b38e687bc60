"""nncourse: the machinery of the course *Neural Networks from Scratch*.

``nnlib`` is the neural-network library the chapters build; ``nncourse`` is
what turns the chapters into a course:

- ``nncourse.exercises``: every exercise and its check,
  ``from nncourse.exercises import check``;
- ``nncourse.explorers``: one interactive explorer per chapter, live in
  Jupyter and kernel-free on the website;
- ``nncourse.grade``: the class grader, ``nncourse-grade SUBMISSIONS --out grades.csv``;
- ``nncourse.notebooks``: the chapters' exercise blocks and student notebooks,
  ``python -m nncourse.notebooks chapters/*.md --out student``.

The subpackages are imported when asked for, so ``import nncourse`` costs
nothing.
"""

__version__ = "0.2.0"

__all__ = ["exercises", "explorers", "grade", "notebooks"]
