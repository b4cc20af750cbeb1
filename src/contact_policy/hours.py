"""The value types of hours: weekday names, ``Span``, ``WeeklyHours``, ``SpecialHours``,
``Closure`` and ``Interval``.

A week's hours are written the way people write them: a day, a range of days or a list of
days, each with spans of local wall time ``"HH:MM-HH:MM"``.

>>> WeeklyHours.model_validate({"mon-fri": ["09:00-17:00"], "sat": ["10:00-12:00"]}).fri
(Span(start='09:00', end='17:00'),)
>>> parse_days("fri-mon")
('fri', 'sat', 'sun', 'mon')

Imports the base layer only (:mod:`contact_policy._model`, :mod:`contact_policy._time`,
:mod:`contact_policy.limits` and the errors).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Annotated, Any, ClassVar, NamedTuple, Self

from pydantic import AfterValidator, BeforeValidator, Field, field_validator, model_validator

from ._model import AwareDatetime, Model, at_most
from ._time import MAX_YEAR, MIN_YEAR, to_us
from .errors import OutOfRangeError, PolicyValidationError, shown
from .limits import MAX_DATED, MAX_SPANS_PER_DAY

__all__ = [
    "DAYS",
    "DAY_ABBRS",
    "DAY_NAMES",
    "MINUTES_PER_DAY",
    "TWO_DIGITS",
    "ClosedDates",
    "Closure",
    "Closures",
    "Interval",
    "Span",
    "SpecialHours",
    "SpecialHoursList",
    "TimeRange",
    "WeeklyHours",
    "check_closed_vs_special",
    "hhmm",
    "parse_days",
]

#: Weekday keys in order, Monday first (``date.weekday()`` indexes this tuple).
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: The weekdays' full names, in the same order.
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: The weekdays' short names as people write them (``"Mon"``), in the same order.
DAY_ABBRS = tuple(day.capitalize() for day in DAYS)
_DAY_KEYS = {d: d for d in DAYS} | {n.lower(): d for n, d in zip(DAY_NAMES, DAYS, strict=True)}
MINUTES_PER_DAY = 24 * 60
#: ``"00"`` .. ``"59"``: two-digit fields without a format call each time.
TWO_DIGITS = tuple(f"{i:02d}" for i in range(60))
_HHMM = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
_DASHES = ("–", "—")  # en and em dash, as people type ranges


def hhmm(minutes: int) -> str:
    """Minutes after midnight as ``"HH:MM"`` (``1440`` is ``"24:00"``).

    >>> hhmm(570), hhmm(1440)
    ('09:30', '24:00')
    """
    hours, rest = divmod(minutes, 60)
    return f"{TWO_DIGITS[hours]}:{TWO_DIGITS[rest]}" if hours < 60 else f"{hours}:{rest:02d}"


def _dash(text: str) -> str:
    for dash in _DASHES:
        text = text.replace(dash, "-")
    return text


def _one_day(name: str, key: Any) -> int:
    index = _DAY_KEYS.get(name.strip().lower())
    if index is None:
        msg = f"unknown day {name.strip()!r}; use one of {', '.join(DAYS)}"
        if name.strip() != str(key).strip():
            msg += ", a range such as 'mon-fri' or a list such as 'mon,wed'"
        raise PolicyValidationError(msg, path=str(key))
    return DAYS.index(index)


def parse_days(key: Any) -> tuple[str, ...]:
    """The weekdays a key names: a day (``"mon"``, ``"Monday"``), a range (``"mon-fri"``; a
    range may wrap past Sunday: ``"fri-mon"``) or a comma-separated list of either
    (``"mon,wed"``, ``"mon-wed, fri"``). Case and spaces do not matter.

    >>> parse_days("Mon-Wed, fri")
    ('mon', 'tue', 'wed', 'fri')
    """
    if not isinstance(key, str) or not key.strip():
        msg = (
            f"{shown(key)} is not a day; use one of {', '.join(DAYS)} or a range such as 'mon-fri'"
        )
        raise PolicyValidationError(msg, path=str(key))
    found: list[str] = []
    for part in _dash(key).split(","):
        first, sep, last = part.partition("-")
        start = _one_day(first, key)
        end = _one_day(last, key) if sep else start
        count = (end - start) % 7 + 1
        for step in range(count):
            day = DAYS[(start + step) % 7]
            if day in found:
                msg = f"{key!r} names {day!r} twice"
                raise PolicyValidationError(msg, path=key)
            found.append(day)
    return tuple(found)


def _parse_hhmm(value: Any, *, end: bool) -> int:
    """``"09:30"`` -> 570 minutes; ``"24:00"`` only as an end."""
    if isinstance(value, time):
        if value.tzinfo is not None or value.second or value.microsecond:
            msg = (
                f"{shown(value)} must be a plain wall time in whole minutes (no seconds, no "
                "zone); write it as 'HH:MM'"
            )
            raise PolicyValidationError(msg)
        return value.hour * 60 + value.minute
    if not isinstance(value, str) or not (m := _HHMM.match(value)):
        msg = (
            f"{shown(value)} is not a time of day; write it as 'HH:MM' (00:00 to 24:00), "
            "e.g. '09:00'"
        )
        raise PolicyValidationError(msg)
    minutes = int(m.group(1)) * 60 + int(m.group(2))
    if minutes > MINUTES_PER_DAY:
        msg = f"{shown(value)} is past 24:00; write overnight hours as a start and an earlier end"
        raise PolicyValidationError(msg)
    if minutes == MINUTES_PER_DAY and not end:
        msg = "24:00 can only end an interval; start at '00:00' instead"
        raise PolicyValidationError(msg)
    return minutes


class Span(Model):
    """One interval of local wall time on a day: ``start`` to ``end`` as ``"HH:MM"``.

    An ``end`` earlier than ``start`` runs overnight into the next day and belongs to the day
    it starts on; ``"24:00"`` ends at midnight. Accepts ``("09:00", "17:00")``,
    ``"09:00-17:00"`` or ``{"start": ..., "end": ...}``.

    >>> Span.parse(("22:00", "06:00")).overnight
    True
    >>> Span.parse("09:00-17:00")
    Span(start='09:00', end='17:00')
    """

    start: str = Field(
        description="When the span opens, local wall time 'HH:MM'", examples=["09:00"]
    )
    end: str = Field(
        description="When it closes, 'HH:MM' ('24:00' is midnight; an end before the start "
        "runs overnight into the next day)",
        examples=["17:00", "24:00"],
    )

    @model_validator(mode="before")
    @classmethod
    def _from_pair(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = _dash(value).split("-")
            if len(parts) != 2:
                msg = (
                    f"{shown(value)} is not an interval; write 'HH:MM-HH:MM' or ('HH:MM', 'HH:MM')"
                )
                raise PolicyValidationError(msg)
            return {"start": parts[0].strip(), "end": parts[1].strip()}
        if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
            if len(value) != 2:
                msg = f"{shown(value)} is not a (start, end) pair; write it as ('09:00', '17:00')"
                raise PolicyValidationError(msg)
            return {"start": value[0], "end": value[1]}
        return value

    @field_validator("start", mode="before")
    @classmethod
    def _check_start(cls, value: Any) -> str:
        return hhmm(_parse_hhmm(value, end=False))

    @field_validator("end", mode="before")
    @classmethod
    def _check_end(cls, value: Any) -> str:
        return hhmm(_parse_hhmm(value, end=True))

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if self.start == self.end:
            msg = (
                f"interval {self.start}–{self.end} is empty (start equals end); "
                "for a whole day write ('00:00', '24:00')"
            )
            raise PolicyValidationError(msg)
        return self

    @classmethod
    def parse(cls, value: Any) -> Span:
        """A span from any accepted form."""
        if isinstance(value, Span):
            return value
        return cls.model_validate(value)

    @property
    def minutes(self) -> tuple[int, int]:
        """``(start, end)`` in minutes from the day's midnight; an overnight end is > 1440."""
        s = _parse_hhmm(self.start, end=False)
        e = _parse_hhmm(self.end, end=True)
        return (s, e if e > s else e + MINUTES_PER_DAY)

    @property
    def overnight(self) -> bool:
        """True when the span runs past midnight into the next day."""
        return self.minutes[1] > MINUTES_PER_DAY

    def __str__(self) -> str:
        return f"{self.start}–{self.end}"


#: One day's spans, at most MAX_SPANS_PER_DAY of them.
DaySpans = Annotated[tuple[Span, ...], at_most(MAX_SPANS_PER_DAY, "spans on one day")]


def _check_day(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Sort a day's spans and reject overlaps (touching spans are fine: they merge). The error
    points at the later span of an overlapping pair, by its position as given."""
    ordered = sorted(enumerate(spans), key=lambda item: item[1].minutes)
    for (_, prev), (index, nxt) in pairwise(ordered):
        if nxt.minutes[0] < prev.minutes[1]:
            msg = f"{nxt} overlaps {prev}; merge them into one interval"
            raise PolicyValidationError(msg, path=f"[{index}]")
    return tuple(span for _, span in ordered)


class WeeklyHours(Model):
    """Open spans for each weekday, in local wall time. A missing day is closed.

    Keys are days, ranges of days or lists of days (:func:`parse_days`); each day may be named
    once.

    >>> WeeklyHours.model_validate({"mon": [("09:00", "12:00"), ("13:00", "17:00")]})
    WeeklyHours(mon=(Span(start='09:00', end='12:00'), Span(start='13:00', end='17:00')))
    >>> WeeklyHours.model_validate({"mon,wed": ["08:00-09:00"]}).days_open
    ('mon', 'wed')
    """

    mon: DaySpans = ()
    tue: DaySpans = ()
    wed: DaySpans = ()
    thu: DaySpans = ()
    fri: DaySpans = ()
    sat: DaySpans = ()
    sun: DaySpans = ()

    @model_validator(mode="before")
    @classmethod
    def _normalise_keys(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            out: dict[str, Any] = {}
            given_as: dict[str, str] = {}
            for key, spans in value.items():
                for day in parse_days(key):
                    if day in out:
                        earlier = given_as[day]
                        where = f" (in {earlier!r} and {key!r})" if earlier != key else ""
                        msg = f"day {day!r} is given twice{where}"
                        raise PolicyValidationError(msg, path=str(key))
                    out[day] = spans
                    given_as[day] = key
            return out
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _no_overlap(cls, spans: tuple[Span, ...]) -> tuple[Span, ...]:
        return _check_day(spans)

    @model_validator(mode="after")
    def _no_overnight_clash(self) -> Self:
        for i, day in enumerate(DAYS):
            nxt = DAYS[(i + 1) % 7]
            for sp in self.for_day(i):
                spill = sp.minutes[1] - MINUTES_PER_DAY
                if spill <= 0:
                    continue
                for other in self.for_day((i + 1) % 7):
                    if other.minutes[0] < spill:
                        msg = (
                            f"{day} {sp} runs overnight into {nxt} and overlaps {nxt} {other}; "
                            f"end {day}'s interval earlier or start {nxt}'s later"
                        )
                        raise PolicyValidationError(msg, path=day)
        return self

    def for_day(self, weekday: int) -> tuple[Span, ...]:
        """The spans of ``weekday`` (0 = Monday)."""
        spans: tuple[Span, ...] = getattr(self, DAYS[weekday])
        return spans

    @property
    def empty(self) -> bool:
        """True when no weekday has any open span."""
        return not any(self.for_day(i) for i in range(7))

    @property
    def days_open(self) -> tuple[str, ...]:
        """The weekdays with at least one span, Monday first."""
        return tuple(day for i, day in enumerate(DAYS) if self.for_day(i))

    def as_mapping(self) -> dict[str, list[tuple[str, str]]]:
        """The open days as ``{"mon": [("09:00", "17:00")], ...}`` (what ``weekly()`` takes)."""
        return {
            day: [(sp.start, sp.end) for sp in self.for_day(i)]
            for i, day in enumerate(DAYS)
            if self.for_day(i)
        }


def _supported_date(value: date) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise OutOfRangeError.for_value(value.isoformat())
    return value


def _date_input(value: Any) -> Any:
    """Refuse a datetime (pydantic would drop its time) or a number where a date belongs."""
    if isinstance(value, datetime):
        msg = (
            f"{shown(value)} is a datetime, not a date; give the date itself, e.g. "
            f"date({value.year}, {value.month}, {value.day}) or '{value.date().isoformat()}'"
        )
        raise PolicyValidationError(msg)
    if isinstance(value, (int, float)):
        msg = (
            f"{shown(value)} is a number, not a date; give e.g. date(2026, 12, 24) or '2026-12-24'"
        )
        raise PolicyValidationError(msg)
    return value


#: A date in the supported years (as an aware instant's: 2 to 9998), so that the day after
#: it, or the night that runs into it, is a date too; a datetime is refused, not truncated.
SupportedDate = Annotated[date, BeforeValidator(_date_input), AfterValidator(_supported_date)]


class SpecialHours(Model):
    """Hours that replace one date's weekly hours (and win over holidays); ``()`` = closed.

    >>> SpecialHours(date=date(2026, 12, 24), hours=[("09:00", "12:00")])
    SpecialHours(date=datetime.date(2026, 12, 24), hours=(Span(start='09:00', end='12:00'),))
    """

    # Annotated, not "= Field(...)": a value named like the field's type would shadow it.
    date: Annotated[
        SupportedDate,
        Field(description="The date (in the calendar's zone)", examples=["2026-12-24"]),
    ]
    hours: DaySpans = Field(
        default=(),
        description="The date's spans, replacing its weekly hours; [] closes it",
        examples=[[["09:00", "12:00"]], []],
    )

    @field_validator("hours", mode="after")
    @classmethod
    def _no_overlap(cls, spans: tuple[Span, ...]) -> tuple[Span, ...]:
        return _check_day(spans)


class TimeRange(Model):
    """A stretch ``[start, end)`` between two aware instants, ``end`` after ``start``; built
    from ``{"start": ..., "end": ...}`` or a ``(start, end)`` pair. The shared shape of
    :class:`Closure` and :class:`~contact_policy.Session`."""

    _noun: ClassVar[str] = "range"

    start: AwareDatetime = Field(
        description="Where it starts: an instant with its UTC offset",
        examples=["2026-05-01T12:00:00+01:00"],
    )
    end: AwareDatetime = Field(
        description="Where it ends (not included), after the start",
        examples=["2026-05-01T13:00:00+01:00"],
    )

    @model_validator(mode="before")
    @classmethod
    def _from_pair(cls, value: Any) -> Any:
        if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
            if len(value) != 2:
                msg = f"{shown(value)} is not a (start, end) pair of aware datetimes"
                raise PolicyValidationError(msg)
            return {"start": value[0], "end": value[1]}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if to_us(self.end) <= to_us(self.start):
            msg = (
                f"{self._noun} end {self.end.isoformat()} is not after its start "
                f"{self.start.isoformat()}"
            )
            raise PolicyValidationError(msg)
        return self


class Closure(TimeRange):
    """A closed stretch between two aware instants (lunch on one date, a training day).

    >>> from zoneinfo import ZoneInfo
    >>> tz = ZoneInfo("Europe/London")
    >>> lunch = Closure(start=datetime(2026, 5, 1, 12, tzinfo=tz),
    ...                 end=datetime(2026, 5, 1, 13, tzinfo=tz))
    >>> lunch.end.hour
    13
    """

    _noun: ClassVar[str] = "closure"


class Interval(NamedTuple):
    """One open interval ``[start, end)``, aware, in the calendar's zone."""

    start: datetime
    end: datetime

    @property
    def duration(self) -> timedelta:
        """Real elapsed time from ``start`` to ``end`` (not the wall-clock difference)."""
        return timedelta(microseconds=to_us(self.end) - to_us(self.start))


# --- dated exceptions, as a calendar (or a rule that states hours) holds them -------------------


def _sorted_dates(value: tuple[date, ...]) -> tuple[date, ...]:
    return tuple(sorted(set(value)))


def _special_from_mapping(value: Any) -> Any:
    if isinstance(value, Mapping):
        return [{"date": k, "hours": v} for k, v in value.items()]
    return value


def _sorted_special(value: tuple[SpecialHours, ...]) -> tuple[SpecialHours, ...]:
    ordered = tuple(sorted(value, key=lambda s: s.date))
    for a, b in pairwise(ordered):
        if a.date == b.date:
            msg = f"{a.date.isoformat()} has special hours twice; give each date once"
            raise PolicyValidationError(msg)
    return ordered


def _sorted_closures(value: tuple[Closure, ...]) -> tuple[Closure, ...]:
    return tuple(sorted(value, key=lambda c: (to_us(c.start), to_us(c.end))))


#: Whole dates closed (vacations): sorted, each once.
ClosedDates = Annotated[
    tuple[SupportedDate, ...], at_most(MAX_DATED, "closed dates"), AfterValidator(_sorted_dates)
]
#: Dated special hours (a mapping date -> spans is accepted): sorted by date, each date once.
SpecialHoursList = Annotated[
    tuple[SpecialHours, ...],
    BeforeValidator(_special_from_mapping),
    at_most(MAX_DATED, "special hours"),
    AfterValidator(_sorted_special),
]
#: Closed stretches between instants, in time order.
Closures = Annotated[
    tuple[Closure, ...], at_most(MAX_DATED, "closures"), AfterValidator(_sorted_closures)
]


def check_closed_vs_special(closed: tuple[date, ...], special: tuple[SpecialHours, ...]) -> None:
    """A date may be closed or have special hours, not both (error at ``closed``)."""
    clash = set(closed) & {s.date for s in special}
    if clash:
        day = min(clash).isoformat()
        msg = (
            f"{day} is both a closed date and has special hours; special hours already "
            "replace the day's hours (give [] to close it), so list it once"
        )
        raise PolicyValidationError(msg, path="closed")
