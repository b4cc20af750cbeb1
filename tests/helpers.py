"""Domain helpers shared by the example tests (one definition each).

Dates used throughout (America/New_York, November 2026): Fri 20, Sat 21, Sun 22, Mon 23,
Tue 24, Wed 25, Thu 26 = Thanksgiving, Fri 27, Mon 30. DST ends Sun 2026-11-01 and starts
Sun 2026-03-08.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from contact_policy import Contact, Obligation, OperatingHours, Policy

NEW_YORK = "America/New_York"
NY = ZoneInfo(NEW_YORK)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
FRIDAY_3PM = "2026-11-20T15:00-05:00"

Spans = list[tuple[str, str]]


def t(s: str) -> datetime:
    """``"2026-11-23T15:00-05:00"`` (or ``...Z``) -> an aware datetime; an offset is required."""
    value = datetime.fromisoformat(s)
    assert value.tzinfo is not None, f"{s!r} needs a UTC offset"
    return value


def exact(message: str) -> str:
    """A ``match=`` pattern for exactly ``message``."""
    return f"^{re.escape(message)}$"


def on(days: tuple[str, ...], *spans: tuple[str, str]) -> dict[str, Spans]:
    """The same spans on each of ``days``."""
    return {day: list(spans) for day in days}


# --- policies -------------------------------------------------------------------------------


def office(**options: Any) -> OperatingHours:
    """Mon–Fri 09:00–17:00 in New York, closed on US federal holidays."""
    options.setdefault("holidays", ["US"])
    return OperatingHours.weekly(NEW_YORK, on(WEEKDAYS, ("09:00", "17:00")), **options)


def policy(*rules: Any, **options: Any) -> Policy:
    """A New York practice observing US federal holidays, with ``rules``."""
    options.setdefault("holidays", ["US"])
    return Policy(zone=NEW_YORK, rules=rules, **options)


def call(at: str, **fields: Any) -> Contact:
    """An inbound call received at ``at`` (a voicemail was left unless said otherwise)."""
    fields.setdefault("voicemail", True)
    return Contact(t(at), **fields)


def assert_at(actual: datetime | None, expected: str, zone: str = NEW_YORK) -> None:
    """``actual`` is the instant ``expected``, written in ``zone`` with the same wall time and
    offset (so a DST fold's second 01:30 is told apart from its first)."""
    assert actual is not None, f"expected {expected}, got None"
    assert actual.tzinfo == ZoneInfo(zone), f"{actual!r} is not expressed in {zone}"
    assert actual.isoformat() == t(expected).isoformat(), f"{actual.isoformat()} != {expected}"


def assert_due(p: Policy, contact: Contact, expected: str) -> Obligation:
    """``p`` owes a return of ``contact`` by ``expected``, with no conflict."""
    o = p.return_by(contact)
    assert o.required, o.reasons
    assert not o.conflict, o.reasons
    assert_at(o.due, expected, p.zone)
    return o
