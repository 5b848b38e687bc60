"""Chapter 4's explorer (being written)."""

from .base import Explorer  # noqa: F401


def backprop_explorer():
    """Not written yet."""
    raise NotImplementedError("backprop_explorer is being written")
