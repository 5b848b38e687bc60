"""Chapter 2's explorer (being written)."""

from .base import Explorer  # noqa: F401


def activation_explorer():
    """Not written yet."""
    raise NotImplementedError("activation_explorer is being written")
