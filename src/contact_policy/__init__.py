"""contact_policy: a therapy practice's phone and contact policy as code software can trust.

Public names only, grouped by theme; see docs/index.md.
"""

from __future__ import annotations

from importlib import import_module

# Not ``typing.TYPE_CHECKING``: importing typing alone would cost more than this module.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._default import default_policy
    from .adherence import Adherence, Tally, adherence, summarize
    from .analysis import Finding, Severity
    from .answers import Obligation, ObligationStatus, Reason, Route, RouteKind, Slot, Verdict
    from .boundaries import (
        AfterHours,
        ContactHistory,
        FrequencyFlag,
        NoCallsDuringSessions,
        NoPersonalNumbers,
        OutreachBoundary,
        SchedulingOnlyLine,
    )
    from .calendar import BusinessCalendar
    from .contact import Channel, Contact, Direction, Line, Topic, Urgency
    from .errors import (
        ContactPolicyError,
        EventLogError,
        ImmutableError,
        LimitExceededError,
        NaiveDatetimeError,
        NoOpenTimeError,
        OutOfRangeError,
        PolicyFileError,
        PolicyValidationError,
        UnknownHolidayCalendarError,
        UnknownTimeZoneError,
    )
    from .history import Change, PolicyHistory, PolicyVersion
    from .hours import Closure, Interval, Span, SpecialHours, WeeklyHours
    from .ledger import CallAfter, Outcome, OutcomeState, Rerate, Return
    from .loading import load_policy, parse_policy
    from .policy import EmergencyContact, EmergencyPath, Policy
    from .rules import CallbackWindow, OperatingHours, Turnaround, VoicemailGate
    from .sessions import Session, SessionSchedule, SessionSeries

#: The module each public name lives in. Importing the package loads none of them: a name is
#: imported on first use (PEP 562), so ``import contact_policy`` costs almost nothing and
#: ``from contact_policy import BusinessCalendar`` loads the engine without the policy layer.
_HOMES = {
    # engine
    "BusinessCalendar": "calendar",
    "Closure": "hours",
    "Interval": "hours",
    "SpecialHours": "hours",
    "Span": "hours",
    "WeeklyHours": "hours",
    # contacts
    "Channel": "contact",
    "Contact": "contact",
    "Direction": "contact",
    "Line": "contact",
    "Topic": "contact",
    "Urgency": "contact",
    # rules
    "CallbackWindow": "rules",
    "OperatingHours": "rules",
    "Turnaround": "rules",
    "VoicemailGate": "rules",
    # boundaries
    "AfterHours": "boundaries",
    "ContactHistory": "boundaries",
    "FrequencyFlag": "boundaries",
    "NoCallsDuringSessions": "boundaries",
    "NoPersonalNumbers": "boundaries",
    "OutreachBoundary": "boundaries",
    "SchedulingOnlyLine": "boundaries",
    # sessions
    "Session": "sessions",
    "SessionSchedule": "sessions",
    "SessionSeries": "sessions",
    # policy
    "EmergencyContact": "policy",
    "EmergencyPath": "policy",
    "Policy": "policy",
    # policies over time: versions, notice, what changes
    "Change": "history",
    "PolicyHistory": "history",
    "PolicyVersion": "history",
    # analysis
    "Finding": "analysis",
    "Severity": "analysis",
    # answers
    "Obligation": "answers",
    "ObligationStatus": "answers",
    "Reason": "answers",
    "Route": "answers",
    "RouteKind": "answers",
    "Slot": "answers",
    "Verdict": "answers",
    # policies over time: events, outcomes, the adherence record
    "CallAfter": "ledger",
    "Outcome": "ledger",
    "OutcomeState": "ledger",
    "Rerate": "ledger",
    "Return": "ledger",
    "Adherence": "adherence",
    "Tally": "adherence",
    "adherence": "adherence",
    "summarize": "adherence",
    # errors
    "ContactPolicyError": "errors",
    "EventLogError": "errors",
    "ImmutableError": "errors",
    "LimitExceededError": "errors",
    "NaiveDatetimeError": "errors",
    "NoOpenTimeError": "errors",
    "OutOfRangeError": "errors",
    "PolicyFileError": "errors",
    "PolicyValidationError": "errors",
    "UnknownHolidayCalendarError": "errors",
    "UnknownTimeZoneError": "errors",
    # loading
    "default_policy": "_default",
    "load_policy": "loading",
    "parse_policy": "loading",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is not None:
        value = getattr(import_module(f".{home}", __name__), name)
        globals()[name] = value  # later lookups are ordinary module attributes
        return value
    # __version__ is read lazily: importlib.metadata costs more to import than the library.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("contact-policy")
        except PackageNotFoundError:  # pragma: no cover - a source tree without install
            return "0.0.0"
    msg = f"module 'contact_policy' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    helpers = {"TYPE_CHECKING", "annotations", "import_module"}
    return sorted({*globals(), *_HOMES, "__version__"} - helpers)


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
    # sessions
    "Session",
    "SessionSchedule",
    "SessionSeries",
    # policy
    "EmergencyContact",
    "EmergencyPath",
    "Policy",
    # policies over time: versions, notice, what changes
    "Change",
    "PolicyHistory",
    "PolicyVersion",
    # analysis
    "Finding",
    "Severity",
    # answers
    "Obligation",
    "ObligationStatus",
    "Reason",
    "Route",
    "RouteKind",
    "Slot",
    "Verdict",
    # policies over time: events, outcomes, the adherence record
    "CallAfter",
    "Outcome",
    "OutcomeState",
    "Rerate",
    "Return",
    "Adherence",
    "Tally",
    "adherence",
    "summarize",
    # errors
    "ContactPolicyError",
    "EventLogError",
    "ImmutableError",
    "LimitExceededError",
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
