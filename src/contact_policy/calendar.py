"""``BusinessCalendar``: the open time of a practice, and exact arithmetic over it.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> cal = BusinessCalendar.weekly(
...     "America/New_York",
...     {day: [("09:00", "17:00")] for day in ("mon", "tue", "wed", "thu", "fri")},
...     holidays=("US",),
... )
>>> friday = datetime(2026, 11, 20, 15, 0, tzinfo=ZoneInfo("America/New_York"))
>>> cal.add(friday, timedelta(hours=4))   # 2 hours on Friday, 2 on Monday
datetime.datetime(2026, 11, 23, 11, 0, tzinfo=zoneinfo.ZoneInfo(key='America/New_York'))
>>> cal.elapsed(friday, cal.add(friday, timedelta(hours=4)))
datetime.timedelta(seconds=14400)
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import lru_cache
from itertools import pairwise
from typing import Annotated, Any, ClassVar, NamedTuple, Self
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BeforeValidator, Field, field_validator, model_validator

from ._model import AwareDatetime, Model, ZoneName, get_zone
from ._timeline import EPOCH, US, Timeline, _Day, _State, to_us
from .errors import (
    NaiveDatetimeError,
    PolicyValidationError,
    UnknownHolidayCalendarError,
)

__all__ = [
    "DAYS",
    "BusinessCalendar",
    "Closure",
    "HolidayCodes",
    "Interval",
    "Span",
    "SpecialHours",
    "WeeklyHours",
]

#: Weekday keys in order, Monday first (``date.weekday()`` indexes this tuple).
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_NAMES = {
    "monday": "mon",
    "tuesday": "tue",
    "wednesday": "wed",
    "thursday": "thu",
    "friday": "fri",
    "saturday": "sat",
    "sunday": "sun",
}
_HHMM = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
_MINUTES_PER_DAY = 24 * 60


def _parse_hhmm(value: Any, *, end: bool) -> int:
    """``"09:30"`` -> 570 minutes; ``"24:00"`` only as an end."""
    if isinstance(value, time):
        if value.tzinfo is not None or value.second or value.microsecond:
            msg = (
                f"{value!r} must be a plain wall time in whole minutes (no seconds, no zone); "
                "write it as 'HH:MM'"
            )
            raise PolicyValidationError(msg)
        return value.hour * 60 + value.minute
    if not isinstance(value, str) or not (m := _HHMM.match(value)):
        msg = f"{value!r} is not a time of day; write it as 'HH:MM' (00:00 to 24:00), e.g. '09:00'"
        raise PolicyValidationError(msg)
    minutes = int(m.group(1)) * 60 + int(m.group(2))
    if minutes > _MINUTES_PER_DAY:
        msg = f"{value!r} is past 24:00; write overnight hours as a start and an earlier end"
        raise PolicyValidationError(msg)
    if minutes == _MINUTES_PER_DAY and not end:
        msg = "24:00 can only end an interval; start at '00:00' instead"
        raise PolicyValidationError(msg)
    return minutes


def _fmt(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


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

    start: str
    end: str

    @model_validator(mode="before")
    @classmethod
    def _from_pair(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = value.replace("–", "-").split("-")
            if len(parts) != 2:
                msg = f"{value!r} is not an interval; write 'HH:MM-HH:MM' or ('HH:MM', 'HH:MM')"
                raise PolicyValidationError(msg)
            return {"start": parts[0].strip(), "end": parts[1].strip()}
        if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
            if len(value) != 2:
                msg = f"{value!r} is not a (start, end) pair; write it as ('09:00', '17:00')"
                raise PolicyValidationError(msg)
            return {"start": value[0], "end": value[1]}
        return value

    @field_validator("start", mode="before")
    @classmethod
    def _check_start(cls, value: Any) -> str:
        return _fmt(_parse_hhmm(value, end=False))

    @field_validator("end", mode="before")
    @classmethod
    def _check_end(cls, value: Any) -> str:
        return _fmt(_parse_hhmm(value, end=True))

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
        return (s, e if e > s else e + _MINUTES_PER_DAY)

    @property
    def overnight(self) -> bool:
        """True when the span runs past midnight into the next day."""
        return self.minutes[1] > _MINUTES_PER_DAY

    def __str__(self) -> str:
        return f"{self.start}–{self.end}"


def _check_day(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Sort a day's spans and reject overlaps (touching spans are fine: they merge). The error
    points at the later span of an overlapping pair, by its position as given."""
    ordered = sorted(enumerate(spans), key=lambda item: item[1].minutes)
    for (_, prev), (index, nxt) in pairwise(ordered):
        if nxt.minutes[0] < prev.minutes[1]:
            msg = f"{nxt} overlaps {prev}; merge them into one interval"
            raise PolicyValidationError(msg, path=f"[{index}]")
    return tuple(span for _, span in ordered)


def _day_key(key: Any) -> str:
    name = str(key).strip().lower()
    name = _FULL_NAMES.get(name, name)
    if name not in DAYS:
        msg = f"unknown day {key!r}; use one of {', '.join(DAYS)}"
        raise PolicyValidationError(msg, path=str(key))
    return name


class WeeklyHours(Model):
    """Open spans for each weekday, in the calendar's local wall time. A missing day is closed.

    >>> WeeklyHours.model_validate({"mon": [("09:00", "12:00"), ("13:00", "17:00")]})
    WeeklyHours(mon=(Span(start='09:00', end='12:00'), Span(start='13:00', end='17:00')))
    """

    mon: tuple[Span, ...] = ()
    tue: tuple[Span, ...] = ()
    wed: tuple[Span, ...] = ()
    thu: tuple[Span, ...] = ()
    fri: tuple[Span, ...] = ()
    sat: tuple[Span, ...] = ()
    sun: tuple[Span, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _normalise_keys(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            out: dict[str, Any] = {}
            for key, spans in value.items():
                day = _day_key(key)
                if day in out:
                    msg = f"day {day!r} is given twice"
                    raise PolicyValidationError(msg, path=str(key))
                out[day] = spans
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
                spill = sp.minutes[1] - _MINUTES_PER_DAY
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


class SpecialHours(Model):
    """Hours that replace one date's weekly hours (and win over holidays); ``()`` = closed.

    >>> SpecialHours(date=date(2026, 12, 24), hours=[("09:00", "12:00")])
    SpecialHours(date=datetime.date(2026, 12, 24), hours=(Span(start='09:00', end='12:00'),))
    """

    date: date
    hours: tuple[Span, ...] = ()

    @field_validator("hours", mode="after")
    @classmethod
    def _no_overlap(cls, spans: tuple[Span, ...]) -> tuple[Span, ...]:
        return _check_day(spans)


class TimeRange(Model):
    """A stretch ``[start, end)`` between two aware instants, ``end`` after ``start``; built
    from ``{"start": ..., "end": ...}`` or a ``(start, end)`` pair. The shared shape of
    :class:`Closure` and :class:`~contact_policy.Session`."""

    _noun: ClassVar[str] = "range"

    start: AwareDatetime
    end: AwareDatetime

    @model_validator(mode="before")
    @classmethod
    def _from_pair(cls, value: Any) -> Any:
        if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
            if len(value) != 2:
                msg = f"{value!r} is not a (start, end) pair of aware datetimes"
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


_ZERO = timedelta(0)
#: ``add`` first looks for its answer among the next this-many intervals (one bisect of a few
#: steps), then in the rest of the range: the cost does not grow with the duration.
_NEAR = 8


def _in_utc(st: _State, value: datetime) -> tuple[datetime, _Day | None]:
    """``value`` in UTC and its UTC day's entry in the day index (None when not indexed).

    Only for zones whose ``utcoffset()`` is never None (``ZoneInfo``, ``timezone``); any other
    tzinfo (or none) gets no entry, and so the general route, which checks it. Raises
    IndexError past the compiled range (the general route extends it).
    """
    tz = value.tzinfo
    if tz is not UTC:
        kind = type(tz)
        if kind is not ZoneInfo and kind is not timezone:
            return value, None
        value = value.astimezone(UTC)
    first, days = st.uside[0], st.uside[1]
    k = value.toordinal() - first
    return value, days[k] if k >= 0 else None


# --- holidays (imported lazily: the tables load only when a calendar needs them) ------------


@lru_cache(maxsize=1)
def _holiday_countries() -> frozenset[str]:
    """The country codes (with aliases such as ``"UK"``) that ``holidays.country_holidays``
    accepts, read from the package's registry, which imports no country module, so validating
    a calendar or a policy file does not import all of them the way
    ``holidays.list_supported_countries()`` (the fallback if the registry ever moves) does;
    a country's module loads with its first holiday table."""
    import holidays

    try:
        from holidays.registry import EntityLoader

        return frozenset(EntityLoader.get_country_codes())
    except (ImportError, AttributeError):  # pragma: no cover - another holidays layout
        return frozenset(holidays.list_supported_countries())


@lru_cache(maxsize=64)
def _holiday_code(code: str) -> tuple[str, str | None]:
    """Validate ``"US"``/``"US-NY"`` against the holidays package; ``(country, subdiv)``."""
    import holidays

    country, _, subdiv = code.partition("-")
    country = country.upper()
    if country not in _holiday_countries():
        raise UnknownHolidayCalendarError.unknown_country(code)
    if not subdiv:
        return country, None
    # Only this country's module is imported (list_supported_countries() imports them all).
    known = [str(s) for s in getattr(holidays, country).subdivisions]
    for candidate in known:
        if candidate.upper() == subdiv.upper():
            return country, candidate
    raise UnknownHolidayCalendarError.unknown_subdivision(code, country, known)


def _normalise_holiday_codes(codes: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for code in codes:
        country, subdiv = _holiday_code(code.strip())
        norm = f"{country}-{subdiv}" if subdiv else country
        if norm not in out:
            out.append(norm)
    return tuple(out)


#: Holiday calendar codes of the holidays package (``"US"``, ``"US-NY"``), validated and
#: normalised; one code may be given as a plain string.
HolidayCodes = Annotated[
    tuple[str, ...],
    BeforeValidator(lambda v: (v,) if isinstance(v, str) else v),
    AfterValidator(_normalise_holiday_codes),
]


@lru_cache(maxsize=1024)
def _holiday_dates(code: str, year: int) -> frozenset[date]:
    import holidays

    country, subdiv = _holiday_code(code)
    table = holidays.country_holidays(country, subdiv=subdiv, years=year)
    return frozenset(d for d in table if d.year == year)


# --- numpy interop (optional: numpy is never required) ----------------------------------------


def _is_datetime64_array(value: Any) -> bool:
    dtype = getattr(value, "dtype", None)
    return dtype is not None and getattr(dtype, "kind", "") == "M"


def _datetime64_to_us(value: Any) -> Any:
    """A ``datetime64`` array (UTC instants) -> int64 epoch microseconds."""
    return value.astype("datetime64[us]").astype("int64")


def _us_to_datetime64(value: Any) -> Any:
    return value.astype("datetime64[us]")


# --- the calendar ---------------------------------------------------------------------------


class BusinessCalendar(Model):
    """The open time of a practice: weekly hours in a zone, minus holidays, closed dates and
    closures, with dated special hours. Build it with :meth:`weekly`.

    All methods take and return aware datetimes (results in the calendar's zone); durations
    are real elapsed time; intervals are half-open. docs/semantics.md states every rule.

    >>> from zoneinfo import ZoneInfo
    >>> cal = BusinessCalendar.weekly("UTC", {"mon": [("22:00", "06:00")]})
    >>> cal.is_open(datetime(2026, 11, 24, 5, 59, tzinfo=ZoneInfo("UTC")))  # Tuesday early
    True
    """

    zone: ZoneName
    hours: WeeklyHours = Field(default_factory=WeeklyHours)
    holidays: HolidayCodes = ()
    closed: tuple[date, ...] = ()
    special_hours: tuple[SpecialHours, ...] = ()
    closures: tuple[Closure, ...] = ()

    # The compiled engine, a cache outside the model's fields: not compared, hashed or pickled.
    __slots__ = ("_engine_cache",)

    # --- construction ---------------------------------------------------------------------

    @classmethod
    def weekly(
        cls,
        zone: str,
        hours: Mapping[str, Iterable[Any]] | WeeklyHours,
        *,
        holidays: Iterable[str] = (),
        closed: Iterable[date] = (),
        special_hours: Mapping[date, Iterable[Any]] | Iterable[SpecialHours] = (),
        closures: Iterable[tuple[datetime, datetime] | Closure] = (),
    ) -> BusinessCalendar:
        """A calendar from weekly hours (see the contract and docs/semantics.md).

        ``hours`` maps ``"mon"`` .. ``"sun"`` to sequences of ``("HH:MM", "HH:MM")``; a missing
        day is closed; ``"24:00"`` may end a span; an end before its start runs overnight.
        ``holidays`` are country codes of the holidays package (``"US"``, ``"US-NY"``).
        ``special_hours`` maps a date to the spans that replace its hours (``[]`` closes it).

        >>> BusinessCalendar.weekly("Europe/London", {"sat": ["10:00-12:00"]}, holidays=["GB"])
        BusinessCalendar.weekly('Europe/London', {'sat': [('10:00', '12:00')]}, holidays=('GB',))
        """
        return cls(
            zone=zone,
            hours=hours,
            holidays=tuple(holidays) if not isinstance(holidays, str) else (holidays,),
            closed=tuple(closed),
            special_hours=special_hours,
            closures=tuple(closures),
        )

    @field_validator("closed", mode="after")
    @classmethod
    def _sort_closed(cls, value: tuple[date, ...]) -> tuple[date, ...]:
        return tuple(sorted(set(value)))

    @field_validator("special_hours", mode="before")
    @classmethod
    def _special_from_mapping(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            return [{"date": k, "hours": v} for k, v in value.items()]
        return value

    @field_validator("special_hours", mode="after")
    @classmethod
    def _sort_special(cls, value: tuple[SpecialHours, ...]) -> tuple[SpecialHours, ...]:
        ordered = tuple(sorted(value, key=lambda s: s.date))
        for a, b in pairwise(ordered):
            if a.date == b.date:
                msg = f"{a.date.isoformat()} has special hours twice; give each date once"
                raise PolicyValidationError(msg)
        return ordered

    @field_validator("closures", mode="after")
    @classmethod
    def _sort_closures(cls, value: tuple[Closure, ...]) -> tuple[Closure, ...]:
        return tuple(sorted(value, key=lambda c: (c.start, c.end)))

    @model_validator(mode="after")
    def _closed_vs_special(self) -> Self:
        clash = set(self.closed) & {s.date for s in self.special_hours}
        if clash:
            day = min(clash).isoformat()
            msg = (
                f"{day} is both a closed date and has special hours; special hours already "
                "replace the day's hours (give [] to close it), so list it once"
            )
            raise PolicyValidationError(msg, path="closed")
        return self

    # --- the engine -------------------------------------------------------------------------

    @property
    def tz(self) -> Any:
        """The calendar's ``ZoneInfo``."""
        return get_zone(self.zone)

    def _engine(self) -> Timeline:
        try:
            return self._engine_cache  # type: ignore[attr-defined,no-any-return]
        except AttributeError:
            tl = self._build_timeline()
            object.__setattr__(self, "_engine_cache", tl)
            return tl

    def _build_timeline(self) -> Timeline:
        weekly = tuple(tuple(sp.minutes for sp in self.hours.for_day(i)) for i in range(7))
        special = {s.date: tuple(sp.minutes for sp in s.hours) for s in self.special_hours}
        closed = frozenset(self.closed)
        codes = self.holidays

        def spans_for(day: date) -> tuple[tuple[int, int], ...]:
            spans = special.get(day)
            if spans is not None:
                return spans
            if day in closed:
                return ()
            for code in codes:
                if day in _holiday_dates(code, day.year):
                    return ()
            return weekly[day.weekday()]

        zone = self.tz
        closures = [((c.start - EPOCH) // US, (c.end - EPOCH) // US) for c in self.closures]
        years = [d.year for d in self.closed] + [s.date.year for s in self.special_hours]
        years += [c.start.astimezone(zone).year for c in self.closures]
        years += [c.end.astimezone(zone).year for c in self.closures]
        return Timeline(
            zone,
            spans_for,
            closures,
            feature_years=(min(years), max(years)) if years else None,
            weekly_empty=self.hours.empty,
        )

    def _us(self, value: Any, name: str) -> int:
        try:
            return to_us(value)
        except (AttributeError, TypeError):
            raise self._bad_instant(value, name) from None

    def _bad_instant(self, value: Any, name: str) -> NaiveDatetimeError:
        if isinstance(value, datetime):
            return NaiveDatetimeError.for_argument(name, value, self.zone)
        return NaiveDatetimeError.not_a_datetime(name, value)

    @staticmethod
    def _bad_duration(value: Any, name: str) -> PolicyValidationError:
        msg = f"{name}={value!r} is not a timedelta; pass e.g. timedelta(hours=24)"
        return PolicyValidationError(msg, path=name)

    @staticmethod
    def _duration_us(value: Any, name: str) -> int:
        if not isinstance(value, timedelta):
            raise BusinessCalendar._bad_duration(value, name)
        return value // US

    # The three hot methods (is_open, elapsed, add) are written out in full for the common
    # case: an aware ``datetime`` in the calendar's own zone, on a day with one UTC offset,
    # inside the compiled range. Such a day has an entry in the engine's day index (a list by
    # date in ``_State.zside``, see _timeline.py) that holds the day's first interval, and the
    # state keeps each interval's opening and closing instants as datetimes in that zone. Two
    # datetimes with the same tzinfo compare and subtract by their wall clocks in C with no
    # utcoffset() call, which is real time when their UTC offsets agree and off by the
    # offsets' difference otherwise (an interval across a DST change: it is subtracted); on
    # such a day, wall-clock order is time order. So a query is a list lookup, a step or two
    # through the day's intervals, and datetime/timedelta arithmetic in C (for ``add``, one
    # bisect): exact, and no Python call below this frame. Any other ``ZoneInfo`` or
    # ``timezone`` datetime (UTC from a database, a client's zone, the calendar's zone on a
    # DST-change day) is first converted to UTC (one C call) and answered the same way from
    # the UTC copies (``_State.uside``). Every other input (other tzinfo or datetime types, a
    # day not yet indexed, the range's edge, bad arguments) takes the general route
    # (``_is_open``, ``_elapsed``, ``_add``), which gives the same answers and indexes the day
    # for next time. The repetition (the same steps for each end of ``elapsed`` and in
    # ``add``) is deliberate: a helper call would cost about a tenth of a query.

    def is_open(self, at: datetime) -> bool:
        """Is ``at`` inside open time? Open at the opening instant, closed at the closing one."""
        try:
            tl: Timeline = self._engine_cache  # type: ignore[attr-defined]
            if type(at) is datetime:
                st = tl.current
                first, days, opens, closes, _ = st.zside
                x = at
                day = None
                if at.tzinfo is tl.zone:
                    k = at.toordinal() - first
                    if k >= 0:
                        day = days[k]
                if day is None:
                    x, day = _in_utc(st, at)
                    _, _, opens, closes, _ = st.uside
                if day is not None:
                    if day[0] > x:  # before the day's first closing
                        return day[1] <= x
                    i = day[4] + 1
                    while closes[i] <= x:
                        i += 1
                    return opens[i] <= x
        except (AttributeError, IndexError, OverflowError):
            pass
        return self._is_open(at)

    def _is_open(self, at: datetime) -> bool:
        tl = self._engine()
        try:
            x = tl.instant(at)
        except (AttributeError, TypeError):
            raise self._bad_instant(at, "at") from None
        answer = tl.is_open(x)
        tl.day_entry(at, x)
        return answer

    def next_open(self, at: datetime) -> datetime:
        """The first open instant at or after ``at`` (``at`` itself when open)."""
        tl = self._engine()
        return tl.to_datetime(tl.next_open(self._us(at, "at")))

    def next_close(self, at: datetime) -> datetime:
        """The first closing instant strictly after ``at``."""
        tl = self._engine()
        return tl.to_datetime(tl.next_close(self._us(at, "at")))

    def last_open(self, at: datetime) -> datetime:
        """The latest instant at or before ``at`` that is open or is a closing instant.

        ``at`` itself when open (or exactly at a close); otherwise the last close before it.
        """
        tl = self._engine()
        return tl.to_datetime(tl.last_open(self._us(at, "at")))

    def intervals(self, start: datetime, end: datetime) -> tuple[Interval, ...]:
        """The open intervals overlapping ``[start, end)``, in order, clipped to the range."""
        a, b = self._us(start, "start"), self._us(end, "end")
        if b < a:
            msg = f"end={end!r} is before start={start!r}; pass start <= end"
            raise PolicyValidationError(msg, path="end")
        tl = self._engine()
        conv = tl.to_datetime
        return tuple(Interval(conv(s), conv(e)) for s, e in tl.intervals(a, b))

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """Open time between two instants (negative when ``end < start``)."""
        try:
            tl: Timeline = self._engine_cache  # type: ignore[attr-defined]
            if type(start) is datetime and type(end) is datetime:
                st = tl.current
                zone = tl.zone
                side_a = side_b = st.zside
                first, days = side_a[0], side_a[1]
                xa, xb = start, end
                da = db = None
                if start.tzinfo is zone:
                    k = start.toordinal() - first
                    if k >= 0:
                        da = days[k]
                if da is None:
                    xa, da = _in_utc(st, start)
                    side_a = st.uside
                if end.tzinfo is zone:
                    k = end.toordinal() - first
                    if k >= 0:
                        db = days[k]
                if db is None:
                    xb, db = _in_utc(st, end)
                    side_b = st.uside
                if da is not None and db is not None:
                    # Open time before each instant: from the day's first interval when the
                    # instant comes before its closing, else from the one it steps on to.
                    # A wall-clock difference from an opening with another UTC offset (an
                    # interval across a DST change) is corrected by the offsets' difference.
                    if da[0] > xa:
                        o = da[1]
                        if xa > o:
                            a = da[2] + (xa - o)
                            if da[3]:
                                a -= da[3]
                        else:
                            a = da[2]
                    else:
                        _, _, opens, closes, offsets = side_a
                        i = da[4] + 1
                        while closes[i] <= xa:
                            i += 1
                        o = opens[i]
                        if xa > o:
                            a = st.tcum[i] + (xa - o)
                            if offsets[i] != da[5]:
                                a -= timedelta(0, 0, da[5] - offsets[i])
                        else:
                            a = st.tcum[i]
                    if db[0] > xb:
                        o = db[1]
                        if xb > o:
                            b = db[2] + (xb - o)
                            return b - db[3] - a if db[3] else b - a
                        return db[2] - a
                    _, _, opens, closes, offsets = side_b
                    j = db[4] + 1
                    while closes[j] <= xb:
                        j += 1
                    o = opens[j]
                    if xb > o:
                        b = st.tcum[j] + (xb - o)
                        if offsets[j] != db[5]:
                            b -= timedelta(0, 0, db[5] - offsets[j])
                        return b - a
                    return st.tcum[j] - a
        except (AttributeError, IndexError, OverflowError):
            pass
        return self._elapsed(start, end)

    def _elapsed(self, start: datetime, end: datetime) -> timedelta:
        tl = self._engine()
        try:
            a = tl.instant(start)
        except (AttributeError, TypeError):
            raise self._bad_instant(start, "start") from None
        try:
            b = tl.instant(end)
        except (AttributeError, TypeError):
            raise self._bad_instant(end, "end") from None
        answer = timedelta(0, 0, tl.elapsed(a, b))
        tl.day_entry(start, a)
        tl.day_entry(end, b)
        return answer

    def add(self, at: datetime, duration: timedelta) -> datetime:
        """The earliest instant ``u`` with ``elapsed(at, u) == duration``.

        ``add(at, timedelta(0))`` returns ``at`` (in the calendar's zone); a negative duration
        is ``subtract(at, -duration)``.
        """
        try:
            tl: Timeline = self._engine_cache  # type: ignore[attr-defined]
            if type(at) is datetime and type(duration) is timedelta and duration > _ZERO:
                st = tl.current
                zone = tl.zone
                first, days, opens, closes, offsets = st.zside
                x = at
                day = None
                if at.tzinfo is zone:
                    k = at.toordinal() - first
                    if k >= 0:
                        day = days[k]
                if day is None:
                    x, day = _in_utc(st, at)
                    _, _, opens, closes, offsets = st.uside
                if day is not None:
                    cum = st.tcum
                    # (A wall-clock difference across a DST change is corrected as in
                    # ``elapsed``.)
                    if day[0] > x:  # before the day's first closing
                        i = day[4]
                        o = day[1]
                        if x > o:
                            target = day[2] + (x - o) + duration
                            if day[3]:
                                target -= day[3]
                        else:
                            target = day[2] + duration
                    else:
                        i = day[4] + 1
                        while closes[i] <= x:
                            i += 1
                        o = opens[i]
                        if x > o:
                            target = cum[i] + (x - o) + duration
                            if offsets[i] != day[5]:
                                target -= timedelta(0, 0, day[5] - offsets[i])
                        else:
                            target = cum[i] + duration
                    if target < cum[-1]:  # else past the compiled range's last close
                        # The interval where the sum is reached: first among the next few
                        # (a day or two of open hours), else in the whole rest of the range.
                        # target > cum[i], so it lies after interval i.
                        near = i + _NEAR
                        top = len(cum)
                        j = bisect_left(cum, target, i + 1, near if near < top else top)
                        if j == near:
                            j = bisect_left(cum, target, j)
                        j -= 1
                        rest = target - cum[j]
                        # The answer as a wall-clock sum in the calendar's zone: right when
                        # its day has one UTC offset, the same as at the interval's opening.
                        first, days, opens, _, offsets = st.zside
                        u = opens[j] + rest
                        k = u.toordinal() - first
                        du = days[k] if 0 <= k < len(days) else None
                        if du is not None and du[5] == offsets[j]:
                            return u
                        return (st.uside[2][j] + rest).astimezone(zone)
        except (AttributeError, IndexError, OverflowError):
            pass
        return self._add(at, duration)

    def _add(self, at: datetime, duration: timedelta) -> datetime:
        tl = self._engine()
        try:
            x = tl.instant(at)
        except (AttributeError, TypeError):
            raise self._bad_instant(at, "at") from None
        try:
            d = duration // US
        except TypeError:
            raise self._bad_duration(duration, "duration") from None
        if d > 0:
            u = tl.add(x, d)
        elif d < 0:
            u = tl.subtract(x, -d)
        else:
            u = x
        tl.day_entry(at, x)
        answer = tl.to_datetime(u)
        tl.day_entry(answer, u)
        return answer

    def subtract(self, at: datetime, duration: timedelta) -> datetime:
        """The latest instant ``u`` with ``elapsed(u, at) == duration``.

        ``subtract(at, timedelta(0))`` returns ``at``; a negative duration is ``add``.
        """
        x = self._us(at, "at")
        d = self._duration_us(duration, "duration")
        tl = self._engine()
        if d > 0:
            return tl.to_datetime(tl.subtract(x, d))
        if d < 0:
            return tl.to_datetime(tl.add(x, -d))
        return tl.to_datetime(x)

    # --- batches (call queues, compliance jobs) -----------------------------------------------

    # A list form maps the scalar method (whose hot path is already one Python frame) and, when
    # an item is bad, names it by its index; numpy datetime64 arrays run vectorised instead.

    def _name_the_bad_item(self, values: list[Any], name: str) -> None:
        """Raise the error of the first value that is not an aware datetime, as ``name[i]``."""
        for i, v in enumerate(values):
            self._us(v, f"{name}[{i}]")

    def is_open_many(self, ats: Iterable[datetime] | Any) -> list[bool] | Any:
        """``[is_open(at) for at in ats]``, a bad item named by its index (``ats[3]``). A numpy
        ``datetime64`` array (UTC instants) gives a boolean array, computed vectorised.

        >>> from zoneinfo import ZoneInfo
        >>> cal = BusinessCalendar.weekly("UTC", {"mon": [("09:00", "17:00")]})
        >>> cal.is_open_many([datetime(2026, 11, 23, h, tzinfo=ZoneInfo("UTC")) for h in (8, 9)])
        [False, True]
        """
        if _is_datetime64_array(ats):
            return self._engine().is_open_array(_datetime64_to_us(ats))
        values = list(ats)
        is_open = self.is_open
        try:
            return [is_open(at) for at in values]
        except NaiveDatetimeError:
            self._name_the_bad_item(values, "ats")
            raise

    def add_many(self, ats: Iterable[datetime] | Any, duration: timedelta) -> list[datetime] | Any:
        """``[add(at, duration) for at in ats]``, a bad item named by its index; a numpy
        ``datetime64`` array (UTC instants) gives a ``datetime64[us]`` array of UTC results,
        computed vectorised."""
        d = self._duration_us(duration, "duration")
        if _is_datetime64_array(ats):
            return _us_to_datetime64(self._engine().add_array(_datetime64_to_us(ats), d))
        values = list(ats)
        add = self.add
        try:
            return [add(at, duration) for at in values]
        except NaiveDatetimeError:
            self._name_the_bad_item(values, "ats")
            raise

    def elapsed_many(
        self,
        pairs: Iterable[tuple[datetime, datetime]] | None = None,
        *,
        starts: Any = None,
        ends: Any = None,
    ) -> list[timedelta] | Any:
        """``[elapsed(start, end) for start, end in pairs]``, a bad item named by its place
        (``pairs[3][1]``). With ``starts=`` and ``ends=`` numpy ``datetime64`` arrays, a
        ``timedelta64[us]`` array, computed vectorised."""
        if pairs is None:
            if not (_is_datetime64_array(starts) and _is_datetime64_array(ends)):
                msg = "pass pairs=[(start, end), ...] or starts= and ends= datetime64 arrays"
                raise PolicyValidationError(msg, path="pairs")
            tl = self._engine()
            out = tl.elapsed_array(_datetime64_to_us(starts), _datetime64_to_us(ends))
            return out.astype("timedelta64[us]")
        values = list(pairs)
        elapsed = self.elapsed
        try:
            return [elapsed(a, b) for a, b in values]
        except NaiveDatetimeError:
            for i, (a, b) in enumerate(values):
                self._us(a, f"pairs[{i}][0]")
                self._us(b, f"pairs[{i}][1]")
            raise

    # --- presentation -----------------------------------------------------------------------

    def __repr__(self) -> str:
        hours = {
            day: [(sp.start, sp.end) for sp in self.hours.for_day(i)]
            for i, day in enumerate(DAYS)
            if self.hours.for_day(i)
        }
        parts = [repr(self.zone), repr(hours)]
        if self.holidays:
            parts.append(f"holidays={self.holidays!r}")
        if self.closed:
            parts.append(f"closed={self.closed!r}")
        if self.special_hours:
            special = {s.date: [(sp.start, sp.end) for sp in s.hours] for s in self.special_hours}
            parts.append(f"special_hours={special!r}")
        if self.closures:
            closures = tuple((c.start, c.end) for c in self.closures)
            parts.append(f"closures={closures!r}")
        return f"BusinessCalendar.weekly({', '.join(parts)})"
