"""contact_policy: a therapy practice's phone and contact policy as code software can trust.

Public names only, grouped by theme; see docs/index.md.
"""

from typing import Any

from .answers import Obligation, ObligationStatus, Reason, Route, RouteKind, Slot, Verdict
from .boundaries import (
    AfterHours,
    ContactHistory,
    FrequencyFlag,
    NoCallsDuringSessions,
    NoPersonalNumbers,
    OutreachBoundary,
    SchedulingOnlyLine,
    Session,
    SessionSchedule,
    SessionSeries,
)
from .calendar import BusinessCalendar, Closure, Interval, Span, SpecialHours, WeeklyHours
from .contact import Channel, Contact, Direction, Line, Topic, Urgency
from .errors import (
    ContactPolicyError,
    ImmutableError,
    NaiveDatetimeError,
    NoOpenTimeError,
    OutOfRangeError,
    PolicyFileError,
    PolicyValidationError,
    UnknownHolidayCalendarError,
    UnknownTimeZoneError,
)
from .loading import default_policy, load_policy, parse_policy
from .policy import EmergencyContact, EmergencyPath, Policy
from .rules import CallbackWindow, OperatingHours, Turnaround, VoicemailGate


def __getattr__(name: str) -> Any:
    # __version__ is read lazily: importlib.metadata costs more to import than the library.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("contact-policy")
        except PackageNotFoundError:  # pragma: no cover - a source tree without install
            return "0.0.0"
    msg = f"module 'contact_policy' has no attribute {name!r}"
    raise AttributeError(msg)


__all__ = [
    # engine
    "BusinessCalendar",
    "Closure",
    "Interval",
    "SpecialHours",
    "Span",
    "WeeklyHours",
    # contacts
    "Channel",
    "Contact",
    "Direction",
    "Line",
    "Topic",
    "Urgency",
    # rules
    "CallbackWindow",
    "OperatingHours",
    "Turnaround",
    "VoicemailGate",
    # boundaries
    "AfterHours",
    "ContactHistory",
    "FrequencyFlag",
    "NoCallsDuringSessions",
    "NoPersonalNumbers",
    "OutreachBoundary",
    "SchedulingOnlyLine",
    "Session",
    "SessionSchedule",
    "SessionSeries",
    # policy
    "EmergencyContact",
    "EmergencyPath",
    "Policy",
    # answers
    "Obligation",
    "ObligationStatus",
    "Reason",
    "Route",
    "RouteKind",
    "Slot",
    "Verdict",
    # errors
    "ContactPolicyError",
    "ImmutableError",
    "NaiveDatetimeError",
    "NoOpenTimeError",
    "OutOfRangeError",
    "PolicyFileError",
    "PolicyValidationError",
    "UnknownHolidayCalendarError",
    "UnknownTimeZoneError",
    # loading
    "default_policy",
    "load_policy",
    "parse_policy",
    "__version__",
]
