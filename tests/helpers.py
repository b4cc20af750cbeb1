"""Domain helpers shared by the example tests (one definition each).

Dates used throughout (America/New_York, November 2026): Fri 20, Sat 21, Sun 22, Mon 23,
Tue 24, Wed 25, Thu 26 = Thanksgiving, Fri 27, Mon 30. DST ends Sun 2026-11-01 and starts
Sun 2026-03-08.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from contact_policy import (
    BusinessCalendar,
    Contact,
    Obligation,
    OperatingHours,
    Outcome,
    Policy,
    PolicyValidationError,
)

NEW_YORK = "America/New_York"
NY = ZoneInfo(NEW_YORK)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
ALL_DAYS = (*WEEKDAYS, "sat", "sun")
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


# --- calendars ------------------------------------------------------------------------------


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def weekdays(zone: str = "UTC", *spans: tuple[str, str], **options: object) -> BusinessCalendar:
    """Monday to Friday with ``spans`` (default 09:00–17:00)."""
    spans = spans or (("09:00", "17:00"),)
    return BusinessCalendar.weekly(zone, on(WEEKDAYS, *spans), **options)


def always(zone: str) -> BusinessCalendar:
    """Open around the clock, every day."""
    return BusinessCalendar.weekly(zone, on(ALL_DAYS, ("00:00", "24:00")))


def assert_on(cal: BusinessCalendar, actual: datetime, expected: str) -> None:
    """``actual`` is the instant ``expected``, shown on the calendar's wall clock."""
    want = t(expected)
    # Compare in UTC: Python (PEP 495) makes a fold=1 datetime unequal to every datetime in
    # another zone, so `actual == want` is False for the second 01:30 of a fall-back night.
    assert actual.astimezone(UTC) == want.astimezone(UTC), f"{actual.isoformat()} != {expected}"
    assert actual.utcoffset() == want.utcoffset(), f"{actual.isoformat()} != {expected}"
    assert getattr(actual.tzinfo, "key", None) == cal.zone


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


# --- instants and calendars the error tests share ---------------------------------------------

NAIVE = datetime(2026, 11, 23, 9, 0)
AWARE = t("2026-11-23T09:00-05:00")
LOCAL = AWARE.astimezone(NY)


def nine_to_five(zone: str = NEW_YORK, **options: Any) -> BusinessCalendar:
    return BusinessCalendar.weekly(zone, {d: [("09:00", "17:00")] for d in WEEKDAYS}, **options)


class NoOffset(tzinfo):
    """A tzinfo that knows no offset: a datetime with it is naive (utcoffset() is None)."""

    def utcoffset(self, dt: datetime | None) -> None:
        return None

    def dst(self, dt: datetime | None) -> None:
        return None


def warm_nine_to_five() -> BusinessCalendar:
    """A calendar whose engine has compiled and indexed the day of LOCAL (its hot path)."""
    cal = nine_to_five()
    for _ in range(2):
        cal.is_open(LOCAL)
        cal.add(LOCAL, timedelta(hours=1))
        cal.elapsed(LOCAL, LOCAL)
    assert cal._engine().current.has_day(LOCAL.toordinal())
    return cal


def texts(o: Obligation | Outcome, rule: str) -> list[str]:
    """The texts of ``o``'s reasons given by ``rule``."""
    return [r.text for r in o.reasons if r.rule == rule]


def refuser(read: Callable[[Any], object]) -> Callable[..., PolicyValidationError]:
    """``refused(data, path, match=None)`` for a format's reader ``read``: the
    :class:`PolicyValidationError` reading ``data`` raises, checked to name ``path`` (and to
    start its message with it)."""

    def refused(data: Any, path: str | None, match: str | None = None) -> PolicyValidationError:
        with pytest.raises(PolicyValidationError, match=match) as info:
            read(data)
        assert info.value.path == path
        if path:
            assert str(info.value).startswith(f"{path}: ")
        return info.value

    return refused
