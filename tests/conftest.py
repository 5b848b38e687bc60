"""Shared pytest set-up: a hypothesis profile that keeps the suite fast and repeatable.

``derandomize=True`` makes every property test draw the same examples on every
run, so a failure can always be reproduced and nothing flakes on CI. Run more
examples with ``HYPOTHESIS_PROFILE=thorough pytest tests``.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "nnlib",
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=500,
    deadline=None,
    derandomize=False,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "nnlib"))
