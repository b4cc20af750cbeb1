"""A therapist's sessions: ``Session``, ``SessionSeries`` (RFC 5545 RRULE) and
``SessionSchedule``.

A series is stored as EHR calendars store it: an RRULE with its ``DTSTART`` (optionally
``TZID``, ``EXDATE``). A ``DTSTART`` without ``TZID`` is a wall time in the practice's zone, so
a weekly 10:00 session stays at 10:00 across DST changes. A series must say when it starts
(``DTSTART`` or ``start=``): the library never reads the machine's clock.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> weekly = SessionSeries(rrule="DTSTART:20260105T100000\\nRRULE:FREQ=WEEKLY;BYDAY=MO",
...                        duration=timedelta(minutes=50))
>>> SessionSchedule(series=[weekly]).in_session(
...     datetime(2026, 11, 23, 10, 30, tzinfo=ZoneInfo("America/New_York")), "America/New_York")
True

Imports :mod:`contact_policy.hours` (the shape of a time range) and ``dateutil`` when a series
is first parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any, ClassVar, Self

from pydantic import Field, model_validator

from ._model import AwareDatetime, Model, PositiveDuration, get_zone
from ._time import to_us, utc
from .errors import PolicyValidationError
from .hours import TimeRange

__all__ = ["Session", "SessionSchedule", "SessionSeries", "as_schedule"]

_EXAMPLE = "'DTSTART:20260105T100000\\nRRULE:FREQ=WEEKLY;BYDAY=MO'"
_HAS_DTSTART = re.compile(r"(^|[\n\\])\s*DTSTART[:;]", re.IGNORECASE)


class Session(TimeRange):
    """One session: ``[start, end)`` between two aware instants (or a ``(start, end)`` pair)."""

    _noun: ClassVar[str] = "session"


def _text(rrule: str) -> str:
    """The rule as dateutil reads it (``\\n`` written as two characters is a line break)."""
    return rrule.replace("\\n", "\n")


class SessionSeries(Model):
    """A recurring session: an RFC 5545 ``rrule`` and each session's ``duration``.

    The ``rrule`` carries its ``DTSTART`` (``"DTSTART:20260105T100000\\nRRULE:FREQ=WEEKLY"``,
    a wall time in the practice's zone unless it has a ``TZID``), or ``start`` gives the first
    session's aware start for a bare ``"FREQ=WEEKLY;BYDAY=MO"`` (the series then keeps the wall
    time of ``start`` in its zone). One or the other, never neither.

    >>> from datetime import datetime, timedelta
    >>> from zoneinfo import ZoneInfo
    >>> SessionSeries(rrule="FREQ=WEEKLY;BYDAY=MO,WE", duration=timedelta(minutes=50),
    ...               start=datetime(2026, 11, 2, 10, tzinfo=ZoneInfo("America/New_York"))
    ...               ).occurrence_at(datetime(2026, 11, 23, 10, 20,
    ...               tzinfo=ZoneInfo("America/New_York")), "America/New_York")[0].isoformat()
    '2026-11-23T10:00:00-05:00'
    """

    rrule: str = Field(min_length=1)
    duration: PositiveDuration
    start: AwareDatetime | None = None

    @model_validator(mode="after")
    def _parses(self) -> Self:
        has_start = bool(_HAS_DTSTART.search(self.rrule))
        if not has_start and self.start is None:
            msg = (
                f"{self.rrule!r} has no DTSTART, so it would start at whatever time the "
                f"machine's clock shows; write the first session's start into it, e.g. "
                f"{_EXAMPLE}, or give start=<the first session's aware start>"
            )
            raise PolicyValidationError(msg, path="rrule")
        if has_start and self.start is not None:
            msg = "the rrule already has a DTSTART; give the start once (in the rrule or here)"
            raise PolicyValidationError(msg, path="start")
        _parse_rrule(self.rrule, self.start)
        return self

    def _rule(self) -> Any:
        return _parse_rrule(self.rrule, self.start)

    def occurrence_at(self, at: datetime, zone: str) -> tuple[datetime, datetime] | None:
        """The occurrence ``[start, end)`` holding ``at``, if any (``zone`` is the practice's:
        a ``DTSTART`` without ``TZID`` is a wall time there)."""
        rule = self._rule()
        tz = get_zone(zone)
        first = rule[0] if _first_exists(rule) else None
        if first is None:
            return None
        if first.tzinfo is None:
            local = at.astimezone(tz).replace(tzinfo=None)
            start = rule.before(local, inc=True)
            if start is None:
                return None
            aware = start.replace(tzinfo=tz)
        else:
            aware = rule.before(at, inc=True)
            if aware is None:
                return None
        end = (utc(aware) + self.duration).astimezone(tz)
        return (aware, end) if to_us(aware) <= to_us(at) < to_us(end) else None


def _first_exists(rule: Any) -> bool:
    try:
        rule[0]
    except IndexError:
        return False
    return True


_RRULE_CACHE: dict[tuple[str, datetime | None], Any] = {}


def _parse_rrule(text: str, start: datetime | None) -> Any:
    key = (text, start)
    cached = _RRULE_CACHE.get(key)
    if cached is not None:
        return cached
    from dateutil.rrule import rrulestr

    try:
        rule = rrulestr(_text(text), forceset=True, tzids=get_zone, dtstart=start)
    except Exception as exc:  # dateutil raises ValueError, TypeError, ... for bad rules
        msg = f"{text!r} is not an RFC 5545 recurrence: {exc}; write e.g. {_EXAMPLE}"
        raise PolicyValidationError(msg, path="rrule") from None
    if len(_RRULE_CACHE) < 4096:
        _RRULE_CACHE[key] = rule
    return rule


class SessionSchedule(Model):
    """A therapist's sessions: explicit ``sessions`` and recurring ``series``.

    >>> from zoneinfo import ZoneInfo
    >>> tz = ZoneInfo("Europe/London")
    >>> s = SessionSchedule(sessions=[(datetime(2026, 5, 4, 9, tzinfo=tz),
    ...                                datetime(2026, 5, 4, 9, 50, tzinfo=tz))])
    >>> s.in_session(datetime(2026, 5, 4, 9, 49, tzinfo=tz), "Europe/London")
    True
    """

    sessions: tuple[Session, ...] = ()
    series: tuple[SessionSeries, ...] = ()

    def session_at(self, at: datetime, zone: str) -> tuple[datetime, datetime] | None:
        """The session holding ``at`` (half-open), if any."""
        x = to_us(at)
        for s in self.sessions:
            if to_us(s.start) <= x < to_us(s.end):
                return s.start, s.end
        for series in self.series:
            found = series.occurrence_at(at, zone)
            if found is not None:
                return found
        return None

    def in_session(self, at: datetime, zone: str) -> bool:
        """Is ``at`` inside a session?"""
        return self.session_at(at, zone) is not None

    def merged(self, other: SessionSchedule | None) -> SessionSchedule:
        """This schedule plus ``other``."""
        if other is None or not (other.sessions or other.series):
            return self
        if not (self.sessions or self.series):
            return other
        return SessionSchedule(
            sessions=self.sessions + other.sessions, series=self.series + other.series
        )


def as_schedule(value: Any) -> SessionSchedule | None:
    """``in_bounds(sessions=...)`` accepts a schedule, or an iterable of (start, end) pairs,
    ``Session`` objects and RRULE ``SessionSeries``."""
    if value is None or isinstance(value, SessionSchedule):
        return value
    if not isinstance(value, Iterable) or isinstance(value, (str, bytes)):
        msg = (
            f"sessions={value!r} is not a list of sessions; pass (start, end) pairs, Session "
            "or SessionSeries values, or a SessionSchedule"
        )
        raise PolicyValidationError(msg, path="sessions")
    sessions: list[Any] = []
    series: list[Any] = []
    for item in value:
        (series if isinstance(item, SessionSeries) else sessions).append(item)
    return SessionSchedule(sessions=sessions, series=series)
