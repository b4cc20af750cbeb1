"""Shared test setup: hypothesis profiles and domain helpers.

Profiles: ``default`` (quick, for local runs), ``ci`` (thorough: at least 200 examples per
property) and ``fuzz`` (the long fuzz run). Choose one with ``HYPOTHESIS_PROFILE=ci``;
``.ci/run`` does.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default",
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    print_blob=True,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow],
)
# The long fuzz run (tests/properties/test_fuzz.py; its figures are in docs/errors.md).
settings.register_profile(
    "fuzz",
    max_examples=8_000,
    deadline=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
