"""contact_policy: a therapy practice's phone and contact policy as code software can trust.

Public names only, grouped by theme; see docs/index.md.
"""

from importlib.metadata import PackageNotFoundError, version

from .calendar import BusinessCalendar, Closure, Interval, Span, SpecialHours, WeeklyHours
from .errors import (
    ContactPolicyError,
    NaiveDatetimeError,
    NoOpenTimeError,
    OutOfRangeError,
    PolicyFileError,
    PolicyValidationError,
    UnknownHolidayCalendarError,
    UnknownTimeZoneError,
)

try:
    __version__ = version("contact-policy")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = [
    # engine
    "BusinessCalendar",
    "Closure",
    "Interval",
    "SpecialHours",
    "Span",
    "WeeklyHours",
    # errors
    "ContactPolicyError",
    "NaiveDatetimeError",
    "NoOpenTimeError",
    "OutOfRangeError",
    "PolicyFileError",
    "PolicyValidationError",
    "UnknownHolidayCalendarError",
    "UnknownTimeZoneError",
    "__version__",
]
