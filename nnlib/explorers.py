"""Moved: the course's explorers are now ``nncourse.explorers``.

This alias keeps notebooks handed out before the move working: they say
``from nnlib.explorers import perceptron_explorer``. New code imports from
``nncourse.explorers``.
"""

import warnings

from nncourse.explorers import *  # noqa: F403 - the alias re-exports the whole public API
from nncourse.explorers import __all__  # noqa: F401

warnings.warn(
    "nnlib.explorers has moved to nncourse.explorers: write "
    "'from nncourse.explorers import ...' (this old name keeps working).",
    FutureWarning,
    stacklevel=2,
)
