"""The pytest plugin of ``contact_policy``: fixtures and an assertion helper for testing code
built on the library. Installing the package registers it (the ``pytest11`` entry point
``contact_policy``), so the fixtures are there in any test, with no import or
``conftest.py``; ``-p no:contact_policy`` turns it off.

Fixtures (each named ``contact_policy_*``, so none clashes with an integrator's own):

- ``contact_policy_default``: the default policy (:func:`contact_policy.default_policy`);
- ``contact_policy_calendar``: a sample calendar, Monday to Friday 09:00–17:00 in New York,
  closed on US holidays (:func:`sample_calendar`);
- ``contact_policy_now``: a fixed aware instant, Friday 20 November 2026 at 15:00 in New York
  (:data:`FIXED_NOW`); the plugin never reads the clock;
- ``contact_policy_log``: a fresh :class:`CallLogBuilder` starting at that instant.

The assertion helper :func:`assert_same_obligation` (also in :mod:`contact_policy.testing`)
explains a mismatch field by field with both answers' reasons side by side, and so does a
plain ``assert actual == expected`` between two obligations in a test (the plugin's
``pytest_assertrepr_compare`` hook).

>>> from contact_policy import Contact, default_policy
>>> policy = default_policy()
>>> got = policy.return_by(Contact(FIXED_NOW, voicemail=True))
>>> pytest_assertrepr_compare(None, "==", got, got.replace(conflict=True))[1]
"the obligations differ ('≠' marks each difference):"

The plugin imports no property-testing library and loads nothing until a fixture is used.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from ._kit import (
    FIXED_NOW,
    OBLIGATION_FIELDS,
    CallLogBuilder,
    assert_same_obligation,
    obligation_diff,
    sample_calendar,
)
from .answers import Obligation
from .calendar import BusinessCalendar
from .loading import default_policy
from .policy import Policy

__all__ = [
    "FIXED_NOW",
    "OBLIGATION_FIELDS",
    "CallLogBuilder",
    "assert_same_obligation",
    "contact_policy_calendar",
    "contact_policy_default",
    "contact_policy_log",
    "contact_policy_now",
    "obligation_diff",
    "pytest_assertrepr_compare",
    "sample_calendar",
]


@pytest.fixture
def contact_policy_default() -> Policy:
    """The default policy: 24 hours not counting weekends and US holidays, a voicemail gate,
    no calls during sessions, after-hours calls to voicemail (src/contact_policy/
    default_policy.toml)."""
    return default_policy()


@pytest.fixture
def contact_policy_calendar() -> BusinessCalendar:
    """Monday to Friday 09:00–17:00 in America/New_York, closed on US holidays."""
    return sample_calendar()


@pytest.fixture
def contact_policy_now() -> datetime:
    """A fixed aware instant: Friday 2026-11-20 15:00 in America/New_York (never the
    clock)."""
    return FIXED_NOW


@pytest.fixture
def contact_policy_log(contact_policy_now: datetime) -> CallLogBuilder:
    """An empty call-log builder whose events start at ``contact_policy_now``:
    ``contact_policy_log.call("client-1", voicemail=True).returned("client-1", at=...)``."""
    return CallLogBuilder(start=contact_policy_now)


def pytest_assertrepr_compare(config: Any, op: str, left: Any, right: Any) -> list[str] | None:
    """Explain ``assert left == right`` between two obligations as
    :func:`assert_same_obligation` does (pytest calls this hook)."""
    if op != "==" or not (isinstance(left, Obligation) and isinstance(right, Obligation)):
        return None
    lines = obligation_diff(left, right)
    if not lines:  # they differ in a field the helper does not show (slots, clock, ...)
        return None
    return [
        "Obligation == Obligation",
        "the obligations differ ('≠' marks each difference):",
        *lines,
    ]
