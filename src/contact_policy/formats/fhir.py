"""FHIR availability: R5 ``Availability`` and R4 ``availableTime`` / ``notAvailable``, as plain
JSON dicts, read into a calendar's parts and written from a calendar (docs/formats.md).

>>> value = parse({
...     "availableTime": [
...         {"daysOfWeek": ["mon", "tue"], "availableStartTime": "09:00:00",
...          "availableEndTime": "17:00:00"},
...         {"daysOfWeek": ["sat"], "allDay": True},
...     ],
...     "notAvailableTime": [
...         {"description": "Christmas", "during": {"start": "2026-12-25", "end": "2026-12-26"}},
...     ],
... }, "Europe/London")
>>> value.hours["mon"], value.hours["sat"], value.closed
((('09:00', '17:00'),), (('00:00', '24:00'),), (datetime.date(2026, 12, 25), datetime.date(2026, 12, 26)))
>>> parse({"availableTime": [{"daysOfWeek": ["monday"], "allDay": True}]}, "UTC")
Traceback (most recent call last):
  ...
contact_policy.errors.PolicyValidationError: availableTime[0].daysOfWeek[0]: 'monday' is not a FHIR day code; use mon, tue, wed, thu, fri, sat or sun

What is read: a bare ``Availability`` (``availableTime``, ``notAvailableTime``), the R4 fields
of a ``HealthcareService`` or ``PractitionerRole`` (``availableTime``, ``notAvailable``), or
such a resource, R4 or R5 (``availability``: one ``Availability``). FHIR's week is a set of
open times: entries are joined (overlapping times merge), a time that ends before it starts
runs past midnight and is split there, so the hours read never run overnight. A ``during``
of whole dates gives closed dates (FHIR's end date is inclusive); one with times (or a date
at one end only) gives a closure. Errors are :class:`PolicyValidationError` whose path names
the field as it is in the dict (``availability[0].availableTime[2].availableStartTime``).

What is written, exactly the calendar's open time as a FHIR reader computes it (weekly times
minus every ``notAvailableTime``): weekly hours split at midnight (``allDay`` for a whole
day), closures as ``during`` with offsets, closed dates as whole dates, special hours as the
parts of the day they close (special hours that open time the weekly hours lack are refused),
holidays listed up to a date given. ``to_fhir_availability`` says more.

One job, past the size at which a module earns a look: reading and writing share the rules
of days and periods, and the writer's exactness argument (the ``_Writer`` class) is best read
beside the reader's, so they stay together.

Imports the errors, :mod:`contact_policy.hours`, :mod:`contact_policy.limits`, the interval
algebra, the time helpers and the formats' shared helpers only (the calendar class is passed to
:func:`build`, and :func:`to_fhir_availability` uses the calendar it is given).


One file: FHIR availability read and written, with the one mapping between its shapes and a
calendar.
"""  # noqa: E501 - the doctests show whole values and messages

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, NamedTuple

from .._intervals import merge, subtract
from .._model import get_zone
from .._time import DAY_US, EPOCH, EPOCH_NAIVE, MAX_YEAR, MIN_YEAR, US, to_us
from ..errors import PolicyValidationError
from ..hours import DAYS, MINUTES_PER_DAY, hhmm
from ..limits import MAX_DATED, MAX_SPANS_PER_DAY
from ._common import (
    calendar_class,
    check_date,
    date_runs,
    expect_list,
    expect_object,
    holiday_names,
    refusal,
    shown,
    too_many,
)

if TYPE_CHECKING:
    from ..calendar import BusinessCalendar

__all__ = [
    "MAX_AVAILABLE_TIMES",
    "MAX_HOLIDAY_YEARS",
    "MAX_NOT_AVAILABLE",
    "VERSIONS",
    "FhirAvailability",
    "build",
    "from_fhir_availability",
    "parse",
    "to_fhir_availability",
]

#: The FHIR versions written: R5 (an ``Availability``) and R4 (the fields of a resource).
VERSIONS = ("R5", "R4")
#: ``availableTime`` entries one dict may hold (a week of the most spans a day may have).
MAX_AVAILABLE_TIMES = 7 * MAX_SPANS_PER_DAY
#: ``notAvailableTime`` (``notAvailable``) entries one dict may hold: a calendar's closures
#: and its closed dates, each at most ``MAX_DATED``.
MAX_NOT_AVAILABLE = 2 * MAX_DATED
#: How many years of holidays ``to_fhir_availability`` lists at most.
MAX_HOLIDAY_YEARS = 100

_FHIR_DAYS = {day: i for i, day in enumerate(DAYS)}  # FHIR's day codes are this library's
_DAY_CODES = ", ".join(DAYS[:-1]) + f" or {DAYS[-1]}"
#: A FHIR ``time`` (``HH:MM:SS`` with an optional fraction; ``HH:MM`` is accepted too).
_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(\.\d{1,9})?)?")
#: A FHIR ``dateTime``: a year, a month, a date, or a date and time with a UTC offset.
_DATETIME = re.compile(
    r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?)?)?)?"
)
_LONGEST_TEXT = 40  # a time or dateTime longer than this is refused before it is matched


class FhirAvailability(NamedTuple):
    """What a FHIR availability says, in the parts :meth:`BusinessCalendar.weekly` takes.

    - ``hours``: ``{"mon": (("09:00", "17:00"), ...), ...}``, the open weekdays only, never
      overnight (FHIR's times are within a day);
    - ``closed``: the dates of ``during`` periods of whole dates, sorted;
    - ``closures``: ``(start, end)`` aware datetimes of the other ``during`` periods, in order.
    """

    hours: Mapping[str, tuple[tuple[str, str], ...]]
    closed: tuple[date, ...]
    closures: tuple[tuple[datetime, datetime], ...]


_WHAT = "FHIR availability"


def _refusal(path: str | None, detail: str) -> PolicyValidationError:
    return refusal(path, detail, _WHAT)


def _object(value: Any, path: str | None) -> Mapping[str, Any]:
    return expect_object(value, path, _WHAT)


def _array(value: Any, path: str, most: int) -> Sequence[Any]:
    return expect_list(value, path, most, _WHAT)


# --- reading ----------------------------------------------------------------------------------


def _no_modifiers(data: Mapping[str, Any], prefix: str) -> None:
    if "modifierExtension" in data:
        path = f"{prefix}modifierExtension"
        raise _refusal(
            path,
            "a modifier extension may change what the element means, and this reader knows "
            "none; remove it, or read the element yourself",
        )


def _days(value: Any, path: str) -> list[int]:
    if value is None:
        return list(range(7))  # no daysOfWeek: every day
    codes = _array(value, path, 7 * 4)
    if not codes:
        msg = "is empty; name days (mon .. sun), or leave daysOfWeek out for every day"
        raise _refusal(path, msg)
    days: list[int] = []
    for k, code in enumerate(codes):
        index = _FHIR_DAYS.get(code.strip().lower()) if isinstance(code, str) else None
        if index is None:
            msg = f"{shown(code)} is not a FHIR day code; use {_DAY_CODES}"
            field = f"{path}[{k}]"
            raise _refusal(field, msg)
        if index not in days:
            days.append(index)
    return days


def _time(value: Any, path: str, *, end: bool) -> int:
    """A FHIR ``time`` -> minutes after midnight; an end at ``00:00:00`` (or ``23:59:59``,
    as FHIR data often writes the end of the day) is midnight ending the day, 1440."""
    m = _TIME.fullmatch(value) if isinstance(value, str) and len(value) <= _LONGEST_TEXT else None
    if m is None:
        msg = f"{shown(value)} is not a FHIR time; write it as HH:MM:SS, e.g. '09:00:00'"
        raise _refusal(path, msg)
    minutes = int(m.group(1)) * 60 + int(m.group(2))
    seconds = int(m.group(3) or 0)
    fraction = any(digit != "0" for digit in (m.group(4) or "")[1:])
    if end and minutes == 0 and not (seconds or fraction):
        return MINUTES_PER_DAY
    if end and minutes == MINUTES_PER_DAY - 1 and seconds == 59:
        return MINUTES_PER_DAY
    if seconds or fraction:
        msg = (
            f"{shown(value)} is not a whole minute; a calendar's hours are in whole minutes "
            f"(write {hhmm(minutes)}:00)"
        )
        raise _refusal(path, msg)
    return minutes


def _segments(entry: Mapping[str, Any], path: str) -> tuple[list[int], list[tuple[int, int]]]:
    """One ``availableTime`` entry: its days and its times as ``(start, end)`` minutes of a
    day, an end past 1440 running into the next day."""
    _no_modifiers(entry, f"{path}.")
    days = _days(entry.get("daysOfWeek"), f"{path}.daysOfWeek")
    all_day = entry.get("allDay")
    if all_day is not None and not isinstance(all_day, bool):
        field = f"{path}.allDay"
        raise _refusal(field, f"expected true or false, got {shown(all_day)}")
    if all_day:  # FHIR: the times are ignored when allDay is true
        return days, [(0, MINUTES_PER_DAY)]
    raw_start = entry.get("availableStartTime")
    raw_end = entry.get("availableEndTime")
    if raw_start is None and raw_end is None:
        msg = "has no times; give availableStartTime and availableEndTime, or allDay: true"
        raise _refusal(path, msg)
    start = 0 if raw_start is None else _time(raw_start, f"{path}.availableStartTime", end=False)
    end = (
        MINUTES_PER_DAY
        if raw_end is None
        else _time(raw_end, f"{path}.availableEndTime", end=True)
    )
    if end == start:
        msg = (
            f"ends when it starts ({raw_end}); for a whole day write allDay: true, for hours "
            "past midnight an end earlier than the start"
        )
        field = f"{path}.availableEndTime"
        raise _refusal(field, msg)
    if end < start:  # runs past midnight
        end += MINUTES_PER_DAY
    return days, [(start, end)]


def _weekly(entries: Sequence[Any], path: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """The hours of ``availableTime`` entries: split at midnight, joined per day."""
    week: list[list[tuple[int, int]]] = [[] for _ in DAYS]
    for i, raw in enumerate(entries):
        where = f"{path}[{i}]"
        days, times = _segments(_object(raw, where), where)
        for d in days:
            for start, end in times:
                if end <= MINUTES_PER_DAY:
                    week[d].append((start, end))
                else:
                    week[d].append((start, MINUTES_PER_DAY))
                    week[(d + 1) % 7].append((0, end - MINUTES_PER_DAY))
    hours: dict[str, tuple[tuple[str, str], ...]] = {}
    for d, spans in enumerate(week):
        joined: list[tuple[int, int]] = []
        for start, end in sorted(set(spans)):
            if joined and start < joined[-1][1]:  # overlapping: one span (touching ones stay)
                joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
            else:
                joined.append((start, end))
        if len(joined) > MAX_SPANS_PER_DAY:
            msg = f"gives {DAYS[d]} {len(joined)} times; a day holds at most {MAX_SPANS_PER_DAY}"
            raise too_many(path, msg)
        if joined:
            hours[DAYS[d]] = tuple((hhmm(s), hhmm(e)) for s, e in joined)
    return hours


def _first_instant(wall: datetime, zone: tzinfo) -> datetime:
    """The first instant at which the clock of ``zone`` shows the naive ``wall`` or later
    (docs/semantics.md §3: a time in a gap is the end of the gap)."""
    off0 = wall.replace(tzinfo=zone).utcoffset()
    off1 = wall.replace(tzinfo=zone, fold=1).utcoffset()
    if off0 is None or off1 is None or off0 >= off1:
        return wall.replace(tzinfo=zone)
    lo = int(((wall - off1) - EPOCH_NAIVE).total_seconds())
    hi = int(((wall - off0) - EPOCH_NAIVE).total_seconds())
    while lo < hi:
        mid = (lo + hi) // 2
        if (EPOCH + timedelta(seconds=mid)).astimezone(zone).utcoffset() == off1:
            hi = mid
        else:
            lo = mid + 1
    return (EPOCH + timedelta(seconds=lo)).astimezone(zone)


_DATETIME_HINT = (
    "write a date ('2026-12-25') or a time with its offset ('2026-12-24T12:00:00-05:00')"
)


def _written(value: datetime) -> str:
    """An aware instant as a FHIR ``dateTime``: in its own offset, or in UTC when that offset
    has seconds (local mean time before 1900, ``-04:56:02``), which a FHIR offset cannot
    hold."""
    offset = value.utcoffset()
    if offset is not None and offset.seconds % 60:
        value = value.astimezone(UTC)
    return value.isoformat()


def _moment(value: Any, path: str, *, end: bool) -> date | datetime:
    """A FHIR ``dateTime`` of a period: a ``date`` for a year, a month or a date (the first
    day for a start, the last for an end), else an aware ``datetime``."""
    m = (
        _DATETIME.fullmatch(value)
        if isinstance(value, str) and len(value) <= _LONGEST_TEXT
        else None
    )
    if m is None:
        raise _refusal(path, f"{shown(value)} is not a FHIR dateTime; {_DATETIME_HINT}")
    year, month, day, hour = m.group(1), m.group(2), m.group(3), m.group(4)
    if hour is not None and m.group(8) is None:
        msg = (
            f"{shown(value)} has a time but no UTC offset (FHIR requires one); write it as "
            f"{value}Z or with its offset, e.g. {value}-05:00"
        )
        raise _refusal(path, msg)
    try:
        if hour is not None:
            fraction = (m.group(7) or "")[:7]  # whole microseconds
            text = f"{year}-{month}-{day}T{hour}:{m.group(5)}:{m.group(6)}{fraction}{m.group(8)}"
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
        y = int(year)
        if month is None:
            return date(y, 12, 31) if end else date(y, 1, 1)
        mo = int(month)
        if day is not None:
            return date(y, mo, int(day))
        if not end:
            return date(y, mo, 1)
        return (date(y + 1, 1, 1) if mo == 12 else date(y, mo + 1, 1)) - timedelta(days=1)
    except (ValueError, OverflowError) as exc:
        raise _refusal(path, f"{shown(value)} is not a valid date or time ({exc})") from None


def _instant(value: date | datetime, zone: tzinfo, path: str, *, end: bool) -> datetime:
    """A period's end as an instant: a date is local midnight (after the day, for an end)."""
    if isinstance(value, datetime):
        return value
    try:
        day = value + timedelta(days=1) if end else value
        return _first_instant(datetime(day.year, day.month, day.day), zone)  # noqa: DTZ001
    except (OverflowError, ValueError):
        msg = f"{value.isoformat()} is outside the supported years {MIN_YEAR} to {MAX_YEAR}"
        raise _refusal(path, msg) from None


def _unavailable(
    entries: Sequence[Any], path: str, zone: tzinfo
) -> tuple[tuple[date, ...], tuple[tuple[datetime, datetime], ...]]:
    """Closed dates and closures from ``notAvailableTime`` (``notAvailable``) entries."""
    closed: set[date] = set()
    closures: list[tuple[datetime, datetime]] = []
    for i, raw in enumerate(entries):
        where = f"{path}[{i}]"
        entry = _object(raw, where)
        _no_modifiers(entry, f"{where}.")
        during = entry.get("during")
        if during is None:
            continue  # a description alone says nothing a calendar can hold
        period = _object(during, f"{where}.during")
        _no_modifiers(period, f"{where}.during.")
        ends = []
        for side in ("start", "end"):
            raw_value = period.get(side)
            if raw_value is None:
                msg = (
                    f"the period has no {side}; a calendar holds closed stretches with both "
                    "ends (an open-ended absence cannot be held: give its last day)"
                )
                field = f"{where}.during.{side}"
                raise _refusal(field, msg)
            ends.append(_moment(raw_value, f"{where}.during.{side}", end=side == "end"))
        first, last = ends
        if not isinstance(first, datetime) and not isinstance(last, datetime):
            if last < first:
                msg = f"{last.isoformat()} is before the start {first.isoformat()}"
                field = f"{where}.during.end"
                raise _refusal(field, msg)
            count = (last - first).days + 1
            if len(closed) + count > MAX_DATED:
                msg = (
                    f"the periods of whole dates name more than {MAX_DATED:,} dates; a "
                    f"calendar holds at most {MAX_DATED:,} closed dates"
                )
                field = f"{where}.during"
                raise too_many(field, msg)
            closed.update(first + timedelta(days=k) for k in range(count))
            continue
        start = _instant(first, zone, f"{where}.during.start", end=False)
        stop = _instant(last, zone, f"{where}.during.end", end=True)
        if stop <= start:
            msg = f"{stop.isoformat()} is not after the start {start.isoformat()}"
            field = f"{where}.during.end"
            raise _refusal(field, msg)
        if len(closures) >= MAX_DATED:
            msg = f"more than {MAX_DATED:,} periods with times; a calendar holds at most {MAX_DATED:,} closures"  # noqa: E501
            raise too_many(path, msg)
        closures.append((start, stop))
    closures.sort(key=lambda pair: (to_us(pair[0]), to_us(pair[1])))  # no overflow at the edges
    return tuple(sorted(closed)), tuple(closures)


_RESOURCES = ("HealthcareService", "PractitionerRole")


def _locate(data: Mapping[str, Any]) -> tuple[str, Mapping[str, Any], str]:
    """Where the availability is: ``(path prefix, the object, the key of its absences)``."""
    kind = data.get("resourceType")
    if kind is not None:
        if kind == "Location":
            msg = (
                "a Location's hoursOfOperation is not read here; pass one of them (an R5 "
                "Availability), e.g. data['hoursOfOperation'][0]"
            )
            raise _refusal("resourceType", msg)
        if kind == "Availability":
            msg = (
                "Availability is a datatype, not a resource, so it has no resourceType; pass "
                "it without one (or the HealthcareService or PractitionerRole that holds it)"
            )
            raise _refusal("resourceType", msg)
        if kind not in _RESOURCES:
            msg = (
                f"{shown(kind)} is not read; pass a HealthcareService, a PractitionerRole or "
                "an Availability (a datatype: without resourceType)"
            )
            raise _refusal("resourceType", msg)
        _no_modifiers(data, "")
    if "availability" in data:  # an R5 resource
        for key in ("availableTime", "notAvailable", "notAvailableTime"):
            if key in data:
                msg = (
                    "the resource has both availability (R5) and this field; an R5 resource "
                    "keeps its times in availability, an R4 one has availableTime and "
                    "notAvailable: give one"
                )
                raise _refusal(key, msg)
        items = _array(data["availability"], "availability", 1 << 30)
        if len(items) > 1:
            msg = (
                f"the resource has {len(items)} availabilities; a calendar is one of them: "
                "pass it, e.g. data['availability'][0]"
            )
            raise _refusal("availability[1]", msg)
        if not items:
            return "availability.", {}, "notAvailableTime"
        inner = _object(items[0], "availability[0]")
        _no_modifiers(inner, "availability[0].")
        return "availability[0].", inner, "notAvailableTime"
    if kind is None:
        _no_modifiers(data, "")
    if "notAvailable" in data and "notAvailableTime" in data:
        msg = (
            "both notAvailable (R4) and notAvailableTime (R5) are given; give the one of your "
            "FHIR version"
        )
        raise _refusal("notAvailableTime", msg)
    if kind is not None and "notAvailableTime" in data:
        msg = (
            f"a {kind} has no notAvailableTime: R4 writes notAvailable, R5 nests an "
            "Availability in availability"
        )
        raise _refusal("notAvailableTime", msg)
    return "", data, "notAvailable" if "notAvailable" in data else "notAvailableTime"


def parse(data: Any, zone: str | tzinfo) -> FhirAvailability:
    """Read a FHIR availability (module docstring) in ``zone``, the zone of its times.

    ``zone`` is needed only for periods with a date at one end and a time at the other (the
    date is local midnight there); the calendar built from the parts is in the same zone.

    >>> from zoneinfo import ZoneInfo
    >>> parse({"notAvailableTime": [{"during": {"start": "2026-05-01T12:00:00+01:00",
    ...     "end": "2026-05-01T13:00:00+01:00"}}]}, ZoneInfo("Europe/London")).closures[0][0]
    datetime.datetime(2026, 5, 1, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=3600)))
    """  # noqa: E501 - the doctest shows one whole value
    tz = zone if isinstance(zone, tzinfo) else get_zone(zone)
    prefix, availability, absences = _locate(_object(data, None))
    times = availability.get("availableTime")
    hours = (
        {}
        if times is None
        else _weekly(
            _array(times, f"{prefix}availableTime", MAX_AVAILABLE_TIMES), f"{prefix}availableTime"
        )
    )
    raw = availability.get(absences)
    where = f"{prefix}{absences}"
    closed, closures = (
        ((), ()) if raw is None else _unavailable(_array(raw, where, MAX_NOT_AVAILABLE), where, tz)
    )
    return FhirAvailability(hours, closed, closures)


def build(
    factory: type[BusinessCalendar], data: Any, zone: str, holidays: Iterable[str] = ()
) -> BusinessCalendar:
    """The calendar ``data`` describes in ``zone`` (``BusinessCalendar.from_fhir_availability``).

    ``holidays`` are holiday codes of the calendar (FHIR names none).
    """
    tz = get_zone(zone)
    value = parse(data, tz)
    return factory.weekly(
        zone, value.hours, holidays=holidays, closed=value.closed, closures=value.closures
    )


def from_fhir_availability(
    data: Any,
    zone: str,
    *,
    holidays: Iterable[str] = (),
    factory: type[BusinessCalendar] | None = None,
) -> BusinessCalendar:
    """The calendar ``data`` (FHIR availability) describes in ``zone``, as
    :meth:`BusinessCalendar.from_fhir_availability` reads it.

    ``factory`` is the calendar class to build (``BusinessCalendar`` by default, looked up on
    the package when called, so this module never imports ``calendar.py``, which imports it).
    """
    factory = calendar_class(factory)
    return build(factory, data, zone, holidays)


# --- writing ----------------------------------------------------------------------------------


def _fhir_time(minutes: int) -> str:
    return "00:00:00" if minutes == MINUTES_PER_DAY else f"{hhmm(minutes)}:00"


def _available_times(calendar: BusinessCalendar) -> list[dict[str, Any]]:
    """The weekly hours, split at midnight, days with the same times in one entry."""
    week: list[list[tuple[int, int]]] = [[] for _ in DAYS]
    for d in range(7):
        for span in calendar.hours.for_day(d):
            start, end = span.minutes
            if end <= MINUTES_PER_DAY:
                week[d].append((start, end))
            else:
                week[d].append((start, MINUTES_PER_DAY))
                week[(d + 1) % 7].append((0, end - MINUTES_PER_DAY))
    groups: dict[tuple[int, int], list[int]] = {}
    for d, pieces in enumerate(week):
        for piece in pieces:
            groups.setdefault(piece, []).append(d)
    out: list[dict[str, Any]] = []
    for (start, end), days in sorted(groups.items(), key=lambda item: (item[1][0], item[0])):
        entry: dict[str, Any] = {"daysOfWeek": [DAYS[d] for d in days]}
        if (start, end) == (0, MINUTES_PER_DAY):
            entry["allDay"] = True
        else:
            entry["availableStartTime"] = _fhir_time(start)
            entry["availableEndTime"] = _fhir_time(end)
        out.append(entry)
    return out


class _Writer:
    """The ``notAvailableTime`` entries of one calendar, each exact: written for a FHIR reader,
    weekly times minus every entry are the calendar's open time."""

    def __init__(self, calendar: BusinessCalendar) -> None:
        self.calendar = calendar
        self.tz = calendar.tz
        # The open time without closures (they are written as they are).
        self.open = (calendar.replace(closures=()) if calendar.closures else calendar)._engine()
        self.weekly = [tuple(sp.minutes for sp in calendar.hours.for_day(d)) for d in range(7)]
        self.entries: list[tuple[int, dict[str, Any]]] = []  # (start instant, entry)
        self.whole_days: list[tuple[date, str]] = []

    def wall(self, day: date, minutes: int) -> int:
        """The instant of a wall time ``minutes`` after ``day``'s midnight (§3)."""
        naive = datetime(day.year, day.month, day.day) + timedelta(minutes=minutes)  # noqa: DTZ001
        return self.open.local_to_us(naive)

    def own(self, day: date) -> list[tuple[int, int]]:
        """The instants of the weekly spans that belong to ``day`` (empty ones left out)."""
        out = []
        for start, end in self.weekly[day.weekday()]:
            a, b = self.wall(day, start), self.wall(day, end)
            if a < b:
                out.append((a, b))
        return out

    def iso(self, x: int) -> str:
        return _written(self.open.to_datetime(x))

    def timed(self, pieces: Iterable[tuple[int, int]], description: str) -> None:
        for a, b in pieces:
            during = {"start": self.iso(a), "end": self.iso(b)}
            self.entries.append((a, {"description": description, "during": during}))

    @staticmethod
    def in_range(day: date) -> bool:
        return MIN_YEAR < day.year < MAX_YEAR

    def closed_day(self, day: date, description: str) -> None:
        """A date whose own hours are all closed (a closed date, a holiday, special ``[]``):
        the whole local day when that closes nothing else, else the day's own intervals."""
        if not self.in_range(day):  # beyond what any query reaches: the date as written
            self.whole_days.append((day, description))
            return
        own = self.own(day)
        midnight, next_midnight = self.wall(day, 0), self.wall(day, MINUTES_PER_DAY)
        spills = any(b > next_midnight for _, b in own)
        if not spills and not self.open.intervals(midnight, next_midnight):
            self.whole_days.append((day, description))
        elif own:
            self.timed(self.closed_parts(own), description)

    def closed_parts(self, own: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The parts of ``own`` the calendar has closed."""
        return subtract(own, self.open.intervals(own[0][0], own[-1][1]))

    def special(self, index: int, day: date, spans: tuple[tuple[int, int], ...]) -> None:
        where = f"special_hours[{index}]"
        shown = ", ".join(
            f"{hhmm(s)}–{hhmm(e if e <= MINUTES_PER_DAY else e - MINUTES_PER_DAY)}"
            for s, e in spans
        )
        if not self.in_range(day):
            msg = f"{day.isoformat()} is outside the supported years {MIN_YEAR + 1} to {MAX_YEAR - 1}"  # noqa: E501
            raise _refusal(where, msg)
        pairs = ((self.wall(day, s), self.wall(day, e)) for s, e in spans)
        hours = merge(sorted(pair for pair in pairs if pair[0] < pair[1]))
        weekly = merge(
            sorted(
                pair
                for other in (day - timedelta(days=1), day, day + timedelta(days=1))
                for pair in self.own(other)
            )
        )
        extra = subtract(hours, weekly)
        if extra:
            first = self.open.to_datetime(extra[0][0])
            msg = (
                f"{day.isoformat()} opens {shown}, and from "
                f"{hhmm(first.hour * 60 + first.minute)} that is outside the weekly hours; FHIR "
                "Availability can only take time away from the weekly hours "
                "(notAvailableTime), not add a dated opening: give those hours every week, or "
                "leave the date out"
            )
            raise _refusal(where, msg)
        own = self.own(day)
        if own:
            self.timed(self.closed_parts(own), f"Special hours {day.isoformat()}: {shown}")

    def whole_day_entries(self) -> None:
        """Runs of consecutive whole days with one description, as periods of dates."""
        for first, last, description in date_runs(self.whole_days):
            # In time order with the other entries (beyond the supported years, by the date).
            key = self.wall(first, 0) if self.in_range(first) else first.toordinal() * DAY_US
            during = {"start": first.isoformat(), "end": last.isoformat()}
            self.entries.append((key, {"description": description, "during": during}))


def _version(value: Any) -> str:
    text = value.strip().upper() if isinstance(value, str) else None
    if text not in VERSIONS:
        msg = f"{shown(value)} is not a FHIR version written here; use 'R5' or 'R4'"
        raise _refusal("version", msg)
    return text


def _holiday_range(calendar: BusinessCalendar, first: Any, last: Any) -> tuple[date, date] | None:
    if last is None:
        if first is not None:
            msg = "holidays_from needs holidays_through (the last date to list holidays for)"
            raise _refusal("holidays_through", msg)
        if calendar.holidays:
            msg = (
                f"the calendar closes on the holidays of {', '.join(calendar.holidays)}, and "
                "FHIR Availability cannot name a holiday calendar; pass holidays_through="
                "date(...) (and holidays_from=) to list them as notAvailableTime, or leave "
                "holidays out"
            )
            raise _refusal("holidays", msg)
        return None
    last = check_date(last, "holidays_through", _WHAT)
    start = date(last.year, 1, 1) if first is None else check_date(first, "holidays_from", _WHAT)
    if last < start:
        msg = f"{last.isoformat()} is before holidays_from {start.isoformat()}"
        raise _refusal("holidays_through", msg)
    if last.year - start.year >= MAX_HOLIDAY_YEARS:
        msg = f"holidays are listed for at most {MAX_HOLIDAY_YEARS} years; got {start.isoformat()} to {last.isoformat()}"  # noqa: E501
        raise too_many("holidays_through", msg)
    return start, last


def to_fhir_availability(
    calendar: BusinessCalendar,
    *,
    version: str = "R5",
    holidays_through: date | None = None,
    holidays_from: date | None = None,
) -> dict[str, Any]:
    """``calendar`` as FHIR: an R5 ``Availability`` (``availableTime``,
    ``notAvailableTime``), or with ``version="R4"`` the ``availableTime`` and
    ``notAvailable`` fields of an R4 ``HealthcareService`` or ``PractitionerRole``.

    The open time a FHIR reader computes from it (the weekly times minus every entry) is the
    calendar's, exactly:

    - weekly hours with days of the same times in one entry; a span past midnight is split
      there (FHIR's times are within a day), a whole day is ``allDay``, and an end at midnight
      is ``"00:00:00"`` (FHIR's ``time`` has no 24:00);
    - each closure a ``during`` with offsets (in the calendar's zone), as it is;
    - closed dates (and special hours ``[]``) as periods of whole dates, consecutive dates in
      one; where a date's hours run past midnight, or the night before runs into it, the
      whole date is not what closes, so the date's own intervals are written with times;
    - special hours as the parts of the date's weekly hours they close; special hours that
      open time the weekly hours do not have cannot be carried, and are refused (path
      ``special_hours[i]``);
    - holidays: FHIR names no holiday calendar, so a calendar with holidays needs
      ``holidays_through`` (and ``holidays_from``, by default January 1 of that year): each
      holiday in that range is written like a closed date, with its name. Without it, the
      calendar is refused (path ``holidays``).

    Empty lists are left out (FHIR has no empty arrays): a calendar never open is ``{}``.
    Every entry has a ``description`` (R4 requires one).
    """
    version = _version(version)
    holiday_range = _holiday_range(calendar, holidays_from, holidays_through)
    writer = _Writer(calendar)
    special_dates = {s.date for s in calendar.special_hours}
    for day in calendar.closed:
        writer.closed_day(day, "Closed")
    if holiday_range is not None and calendar.holidays:
        closed = set(calendar.closed)
        for day, name in sorted(holiday_names(calendar.holidays, *holiday_range).items()):
            if day not in special_dates and day not in closed:
                writer.closed_day(day, f"Holiday: {name}")
    for i, special in enumerate(calendar.special_hours):
        if special.hours:
            writer.special(i, special.date, tuple(sp.minutes for sp in special.hours))
        else:
            writer.closed_day(special.date, "Closed")
    writer.whole_day_entries()
    for closure in calendar.closures:
        start, end = closure.start.astimezone(writer.tz), closure.end.astimezone(writer.tz)
        key = (closure.start - EPOCH) // US
        during = {"start": _written(start), "end": _written(end)}
        writer.entries.append((key, {"description": "Closure", "during": during}))
    out: dict[str, Any] = {}
    available = _available_times(calendar)
    if available:
        out["availableTime"] = available
    if writer.entries:
        writer.entries.sort(key=lambda item: item[0])
        field = "notAvailableTime" if version == "R5" else "notAvailable"
        out[field] = [entry for _, entry in writer.entries]
    return out
