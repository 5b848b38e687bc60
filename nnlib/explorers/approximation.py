"""Chapter 9's explorer (being written)."""

from .base import Explorer  # noqa: F401


def approximation_explorer():
    """Not written yet."""
    raise NotImplementedError("approximation_explorer is being written")
