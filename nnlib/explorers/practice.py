"""Chapter 8's explorer (being written)."""

from .base import Explorer  # noqa: F401


def mlp_explorer():
    """Not written yet."""
    raise NotImplementedError("mlp_explorer is being written")
