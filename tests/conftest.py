"""Hypothesis profiles for the fuzz targets (tests/fuzzing.py), and ``make fuzz``'s report.

``ci`` (the default): a few derandomized examples per target, no example database, so
the suite is deterministic and its fuzzing costs seconds. ``fuzz`` (HEXVIEW_FUZZ=fuzz, as
``make fuzz`` sets it): HEXVIEW_FUZZ_EXAMPLES examples per target (default 2000), random,
with the database in .hypothesis/ so a failure found once is tried first next time.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=int(os.environ.get("HEXVIEW_FUZZ_EXAMPLES", "12")),
    derandomize=True,
    database=None,
    deadline=None,  # bounds are counted in work (tests/fuzzing.py), never in time
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("HEXVIEW_FUZZ_EXAMPLES", "2000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.load_profile(os.environ.get("HEXVIEW_FUZZ", "ci"))
