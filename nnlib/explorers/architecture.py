"""Chapter 3's explorer (being written)."""

from .base import Explorer  # noqa: F401


def architecture_explorer():
    """Not written yet."""
    raise NotImplementedError("architecture_explorer is being written")
