"""Chapter 5's explorer (being written)."""

from .base import Explorer  # noqa: F401


def optimizer_explorer():
    """Not written yet."""
    raise NotImplementedError("optimizer_explorer is being written")
