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

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any, ClassVar, Self

from pydantic import Field, model_validator

from ._holidays import HolidayCodes
from ._model import Model, ZoneName, as_tuple, get_zone, items_of
from ._time import EPOCH, US, aware_us, not_aware
from ._timeline import Timeline, hot_add, hot_elapsed, hot_is_open
from .errors import NaiveDatetimeError, PolicyValidationError, shown
from .hours import (
    DAYS,
    ClosedDates,
    Closure,
    Closures,
    Interval,
    SpecialHours,
    SpecialHoursList,
    WeeklyHours,
    check_closed_vs_special,
)

__all__ = ["BusinessCalendar"]


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
    # (The default, closed every day, is built from its values: no validator to build.)
    hours: WeeklyHours = Field(default_factory=WeeklyHours.trusted)
    holidays: HolidayCodes = ()
    closed: ClosedDates = ()
    special_hours: SpecialHoursList = ()
    closures: Closures = ()

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
            holidays=holidays if isinstance(holidays, str) else as_tuple(holidays),
            closed=as_tuple(closed),
            special_hours=special_hours,
            closures=as_tuple(closures),
        )

    @model_validator(mode="after")
    def _closed_vs_special(self) -> Self:
        check_closed_vs_special(self.closed, self.special_hours)
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
        return Timeline(
            self.tz,
            weekly=tuple(tuple(sp.minutes for sp in self.hours.for_day(i)) for i in range(7)),
            special={s.date: tuple(sp.minutes for sp in s.hours) for s in self.special_hours},
            closed=frozenset(self.closed),
            holidays=self.holidays,
            closures=[((c.start - EPOCH) // US, (c.end - EPOCH) // US) for c in self.closures],
        )

    def _us(self, value: Any, name: str) -> int:
        return aware_us(value, name, self.zone)

    def _bad_instant(self, value: Any, name: str) -> NaiveDatetimeError:
        return not_aware(value, name, self.zone)

    @staticmethod
    def _bad_duration(value: Any, name: str) -> PolicyValidationError:
        msg = f"{name}={shown(value)} is not a timedelta; pass e.g. timedelta(hours=24)"
        return PolicyValidationError(msg, path=name)

    @staticmethod
    def _duration_us(value: Any, name: str) -> int:
        if not isinstance(value, timedelta):
            raise BusinessCalendar._bad_duration(value, name)
        return value // US

    # The three hot methods are the engine's hot-path functions, bound here as methods (no
    # extra call): see "the hot path" in _timeline.py, next to the day index they read. Each
    # falls back to the general route below (``_is_open``, ``_elapsed``, ``_add``).
    is_open: ClassVar[Callable[[BusinessCalendar, datetime], bool]] = hot_is_open
    elapsed: ClassVar[Callable[[BusinessCalendar, datetime, datetime], timedelta]] = hot_elapsed
    add: ClassVar[Callable[[BusinessCalendar, datetime, timedelta], datetime]] = hot_add

    def _is_open(self, at: datetime) -> bool:
        tl = self._engine()
        try:
            x = tl.instant(at)
        except Exception:  # no datetime, naive, or a tzinfo whose utcoffset() fails
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
            msg = f"end={shown(end)} is before start={shown(start)}; pass start <= end"
            raise PolicyValidationError(msg, path="end")
        tl = self._engine()
        conv = tl.to_datetime
        return tuple(Interval(conv(s), conv(e)) for s, e in tl.intervals(a, b))

    def _elapsed(self, start: datetime, end: datetime) -> timedelta:
        tl = self._engine()
        try:
            a = tl.instant(start)
        except Exception:
            raise self._bad_instant(start, "start") from None
        try:
            b = tl.instant(end)
        except Exception:
            raise self._bad_instant(end, "end") from None
        answer = timedelta(0, 0, tl.elapsed(a, b))
        tl.day_entry(start, a)
        tl.day_entry(end, b)
        return answer

    def _add(self, at: datetime, duration: timedelta) -> datetime:
        tl = self._engine()
        try:
            x = tl.instant(at)
        except Exception:
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
        values = items_of(ats, "ats")
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
        values = items_of(ats, "ats")
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
        values = items_of(pairs, "pairs")
        for i, pair in enumerate(values):
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                msg = f"pairs[{i}]={shown(pair)} is not a (start, end) pair"
                raise PolicyValidationError(msg, path=f"pairs[{i}]")
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

    # --- opening_hours (formats/opening_hours.py) ---

    @classmethod
    def from_opening_hours(
        cls, text: str, zone: str, *, holidays: Iterable[str] = ()
    ) -> BusinessCalendar:
        """A calendar from OpenStreetMap ``opening_hours`` text (the subset in docs/formats.md).

        ``holidays`` are the calendar's holiday codes; the text closes on them with ``PH off``,
        which is required when codes are given (and needs them). Errors name the token and its
        position (a 0-based character offset).

        >>> cal = BusinessCalendar.from_opening_hours(
        ...     "Mo-Fr 09:00-17:00; Sa 10:00-12:00; PH off", "Europe/London", holidays=["GB"])
        >>> cal.hours.sat, cal.holidays
        ((Span(start='10:00', end='12:00'),), ('GB',))
        """
        from .formats.opening_hours import build

        return build(cls, text, zone, holidays)

    def to_opening_hours(self) -> str:
        """This calendar as canonical ``opening_hours`` text (docs/formats.md); a calendar
        with closures has none.

        >>> BusinessCalendar.weekly("UTC", {"mon-fri": ["09:00-17:00"]},
        ...     closed=[date(2026, 12, 24)]).to_opening_hours()
        'Mo-Fr 09:00-17:00; 2026 Dec 24 off'
        """
        from .formats.opening_hours import format as write

        return write(self)

    # --- FHIR availability (formats/fhir.py) ---

    @classmethod
    def from_fhir_availability(
        cls, data: Mapping[str, Any], zone: str, *, holidays: Iterable[str] = ()
    ) -> BusinessCalendar:
        """A calendar from FHIR availability as a JSON dict: an R5 ``Availability``, the R4
        ``availableTime``/``notAvailable`` fields, or a ``HealthcareService`` or
        ``PractitionerRole`` (R4 or R5) holding them (docs/formats.md). ``zone`` is the zone
        of its times; ``holidays`` are holiday codes (FHIR names none). Errors name the field
        (``availability[0].availableTime[2].availableStartTime``).

        >>> cal = BusinessCalendar.from_fhir_availability({"availableTime": [
        ...     {"daysOfWeek": ["mon", "tue"], "availableStartTime": "09:00:00",
        ...      "availableEndTime": "17:00:00"}]}, "America/New_York")
        >>> cal.hours.tue
        (Span(start='09:00', end='17:00'),)
        """
        from .formats.fhir import build

        return build(cls, data, zone, holidays)

    def to_fhir_availability(
        self,
        *,
        version: str = "R5",
        holidays_through: date | None = None,
        holidays_from: date | None = None,
    ) -> dict[str, Any]:
        """This calendar as FHIR availability, a JSON dict: an R5 ``Availability``, or with
        ``version="R4"`` the ``availableTime``/``notAvailable`` fields of a resource. A
        calendar with holidays needs ``holidays_through`` (they are listed up to that date);
        special hours that open time the weekly hours lack are refused (docs/formats.md).

        >>> BusinessCalendar.weekly("UTC", {"mon": ["09:00-17:00"]},
        ...     closed=[date(2026, 12, 28)]).to_fhir_availability()
        {'availableTime': [{'daysOfWeek': ['mon'], 'availableStartTime': '09:00:00', 'availableEndTime': '17:00:00'}], 'notAvailableTime': [{'description': 'Closed', 'during': {'start': '2026-12-28', 'end': '2026-12-28'}}]}
        """  # noqa: E501 - the doctest shows one whole value
        from .formats.fhir import to_fhir_availability

        return to_fhir_availability(
            self,
            version=version,
            holidays_through=holidays_through,
            holidays_from=holidays_from,
        )

    # --- iCalendar (formats/ics.py; the ics extra) ---

    @classmethod
    def from_vavailability(
        cls, text: str | bytes, *, zone: str | None = None, holidays: Iterable[str] = ()
    ) -> BusinessCalendar:
        """A calendar from an RFC 7953 ``VAVAILABILITY`` text (weekly ``AVAILABLE`` blocks;
        the zone from their ``TZID`` unless ``zone`` is given). Needs the ``ics`` extra; see
        :func:`contact_policy.formats.ics.from_vavailability` and docs/formats.md."""
        from .formats.ics import from_vavailability

        return from_vavailability(text, zone=zone, holidays=holidays, factory=cls)

    def to_vavailability(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        dtstamp: datetime | None = None,
    ) -> str:
        """This calendar's weekly hours as an RFC 7953 ``VAVAILABILITY`` text, for calendar
        servers. Needs the ``ics`` extra; see
        :func:`contact_policy.formats.ics.to_vavailability`."""
        from .formats.ics import to_vavailability

        return to_vavailability(self, start=start, end=end, dtstamp=dtstamp)

    def to_ics(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        dtstamp: datetime | None = None,
    ) -> str:
        """This calendar's closed days, holidays, special hours and closures from ``start``
        to ``end`` (both required) as an iCalendar (``.ics``) text of events, for staff and EHR
        calendars. Needs the ``ics`` extra; see :func:`contact_policy.formats.ics.to_ics`."""
        from .formats.ics import to_ics

        return to_ics(self, start=start, end=end, dtstamp=dtstamp)

    # --- schema.org (formats/schemaorg.py) ---

    @classmethod
    def from_schema_org(
        cls, data: Mapping[str, Any], zone: str, *, holidays: Iterable[str] = ()
    ) -> BusinessCalendar:
        """A calendar from schema.org JSON-LD (``openingHoursSpecification`` and
        ``specialOpeningHoursSpecification`` of a business, docs/formats.md). ``holidays`` go
        with ``PublicHolidays`` closed in the data. Errors name the field
        (``openingHoursSpecification[1].closes``).

        >>> cal = BusinessCalendar.from_schema_org({"openingHoursSpecification": [
        ...     {"dayOfWeek": ["Monday", "Friday"], "opens": "09:00", "closes": "17:00"}]},
        ...     "Europe/London")
        >>> cal.hours.days_open
        ('mon', 'fri')
        """
        from .formats.schemaorg import build

        return build(cls, data, zone, holidays)

    def to_schema_org(
        self,
        *,
        name: str | None = None,
        through: date | None = None,
        since: date | None = None,
        business_type: str = "MedicalBusiness",
    ) -> dict[str, Any]:
        """This calendar as schema.org JSON-LD for a website: ``openingHoursSpecification``
        and ``specialOpeningHoursSpecification`` (closed dates and special hours; with
        ``through``, the holidays up to that date too). A calendar with closures has none.

        >>> BusinessCalendar.weekly("UTC", {"sat": ["10:00-12:00"]}).to_schema_org(name="Clinic")
        {'@context': 'https://schema.org', '@type': 'MedicalBusiness', 'name': 'Clinic', 'openingHoursSpecification': [{'@type': 'OpeningHoursSpecification', 'dayOfWeek': ['https://schema.org/Saturday'], 'opens': '10:00', 'closes': '12:00'}]}
        """  # noqa: E501 - the doctest shows one whole value
        from .formats.schemaorg import to_schema_org

        return to_schema_org(
            self, name=name, through=through, since=since, business_type=business_type
        )
