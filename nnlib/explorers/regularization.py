"""Chapter 7's explorer (being written)."""

from .base import Explorer  # noqa: F401


def regularization_explorer():
    """Not written yet."""
    raise NotImplementedError("regularization_explorer is being written")
