"""contact_policy: a therapy practice's phone and contact policy as code software can trust.

Public names only, grouped by theme; see docs/index.md.
"""

from importlib.metadata import PackageNotFoundError, version

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
