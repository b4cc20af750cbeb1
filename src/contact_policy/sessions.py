"""A therapist's sessions: ``Session``, ``SessionSeries`` (RFC 5545 RRULE) and
``SessionSchedule``.

A series is stored as EHR calendars store it: an RRULE with its ``DTSTART`` (optionally
``TZID``, ``RDATE``, ``EXDATE``, ``EXRULE``). A ``DTSTART`` without ``TZID`` is a wall time in
the practice's zone, so a weekly 10:00 session stays at 10:00 across DST changes. A series must
say when it starts (``DTSTART`` or ``start=``): the library never reads the machine's clock.

Finding the session that holds an instant costs the same for a series that started last week
and one that started in 2000: a series' occurrences are expanded one year at a time, visiting
only that year's periods of the rule (:mod:`contact_policy._recurrence`), cached, and searched
by bisection. Series have limits (``contact_policy.limits``, and docs/errors.md): they recur at
most daily, start at most 48 sessions a day, last at most a day each, occur within 400 years
of their start, and a ``COUNT`` is 1 to 10,000. A schedule merges its series' occurrences of
a UTC year into one timeline (their starts at most 256 a day together), so finding the session
that holds an instant is one bisection whatever the number of series.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> weekly = SessionSeries(rrule="DTSTART:20260105T100000\\nRRULE:FREQ=WEEKLY;BYDAY=MO",
...                        duration=timedelta(minutes=50))
>>> SessionSchedule(series=[weekly]).in_session(
...     datetime(2026, 11, 23, 10, 30, tzinfo=ZoneInfo("America/New_York")), "America/New_York")
True

Imports the base layer, :mod:`contact_policy._recurrence` and :mod:`contact_policy.hours` (the
shape of a time range), and ``dateutil`` when a series is first parsed.

One file: sessions, series and schedules share one occurrence lookup (the merged year per zone)
and its cache; the RRULE grammar and expansion are in ``_recurrence``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from heapq import heappop, heappush
from itertools import islice
from typing import Annotated, Any, ClassVar, Self
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator, model_validator

from ._model import AwareDatetime, Model, PositiveDuration, Text, at_most, get_zone
from ._recurrence import MAX_COUNT, MAX_STARTS_A_DAY, Recurrence
from ._time import (
    DAY_US,
    EPOCH_NAIVE,
    EPOCH_ORDINAL,
    MAX_YEAR,
    MIN_YEAR,
    US,
    aware_us,
    from_us,
    to_us,
)
from .errors import LimitExceededError, OutOfRangeError, PolicyValidationError
from .hours import TimeRange
from .limits import MAX_SERIES, MAX_SESSION_LENGTH, MAX_SESSIONS, SERIES_YEARS

__all__ = ["MAX_COUNT", "Session", "SessionSchedule", "SessionSeries", "as_schedule"]

_EXAMPLE = "'DTSTART:20260105T100000\\nRRULE:FREQ=WEEKLY;BYDAY=MO'"
_HAS_DTSTART = re.compile(r"(^|\n)\s*DTSTART[:;]", re.IGNORECASE)
#: RRULE lines (RRULE and EXRULE) in one series, and RDATE/EXDATE values.
_MAX_RULES = 16
_LONGEST = timedelta(hours=24)
#: The sessions a day a schedule's series may start together (each RRULE line's times a day,
#: summed over the lines of every series): one for each of MAX_SERIES daily series.
MAX_SCHEDULE_STARTS_A_DAY = 256


def _length_ok(start: datetime, end: datetime, what: str) -> None:
    if to_us(end) - to_us(start) > MAX_SESSION_LENGTH // timedelta(microseconds=1):
        raise LimitExceededError.over(what, "24 hours", str(end - start), "end")


class Session(TimeRange):
    """One session: ``[start, end)`` between two aware instants (or a ``(start, end)`` pair),
    at most 24 hours long."""

    _noun: ClassVar[str] = "session"

    @model_validator(mode="after")
    def _not_too_long(self) -> Self:
        _length_ok(self.start, self.end, "a session")
        return self


def _text(rrule: str) -> str:
    """The rule as dateutil reads it (``\\n`` written as two characters is a line break)."""
    return rrule.replace("\\n", "\n")


def _parts_once(text: str) -> None:
    """Each RRULE/EXRULE part given once, never COUNT with UNTIL, and one DTSTART (dateutil
    keeps the last of two silently: ``FREQ=WEEKLY;FREQ=DAILY`` would be a daily series)."""
    starts = 0
    for line in _text(text).splitlines():
        line = line.strip()
        name, sep, value = line.partition(":")
        name = name.split(";", 1)[0].strip().upper()
        if name == "DTSTART":
            starts += 1
            if starts > 1:
                msg = "the rrule has two DTSTART lines; give the start once"
                raise PolicyValidationError(msg, path="rrule")
            continue
        if not sep:  # a bare rule, "FREQ=WEEKLY;BYDAY=MO"
            value = line
        elif name not in ("RRULE", "EXRULE"):
            continue
        seen: set[str] = set()
        for part in value.split(";"):
            key = part.partition("=")[0].strip().upper()
            if key in seen:
                msg = (
                    f"{key} is given twice in {line!r}; give each part of a rule once (a "
                    "repeated part is not read as either)"
                )
                raise PolicyValidationError(msg, path="rrule")
            seen.add(key)
        if {"COUNT", "UNTIL"} <= seen:
            msg = (
                "a rule with both COUNT and UNTIL (RFC 5545: they MUST NOT occur together); "
                "give one of them"
            )
            raise PolicyValidationError(msg, path="rrule")


class SessionSeries(Model):
    """A recurring session: an RFC 5545 ``rrule`` and each session's ``duration``.

    The ``rrule`` carries its ``DTSTART`` (``"DTSTART:20260105T100000\\nRRULE:FREQ=WEEKLY"``,
    a wall time in the practice's zone unless it has a ``TZID``), or ``start`` gives the first
    session's aware start for a bare ``"FREQ=WEEKLY;BYDAY=MO"``. One or the other, never
    neither. A ``start`` in a ``ZoneInfo`` zone keeps its wall time in that zone; one with a
    fixed UTC offset (as files write it, ``2026-11-02T10:00-05:00``) is read as the wall time it
    shows in the practice's zone, which the series keeps across clock changes (10:00 in winter
    and in summer), as a ``DTSTART`` without ``TZID`` does.

    >>> from datetime import datetime, timedelta
    >>> from zoneinfo import ZoneInfo
    >>> SessionSeries(rrule="FREQ=WEEKLY;BYDAY=MO,WE", duration=timedelta(minutes=50),
    ...               start=datetime(2026, 11, 2, 10, tzinfo=ZoneInfo("America/New_York"))
    ...               ).occurrence_at(datetime(2026, 11, 23, 10, 20,
    ...               tzinfo=ZoneInfo("America/New_York")), "America/New_York")[0].isoformat()
    '2026-11-23T10:00:00-05:00'
    """

    rrule: Text = Field(
        min_length=1,
        description="An RFC 5545 recurrence with its DTSTART (a wall time in the practice's "
        "zone unless it has a TZID); lines may be joined by \\n",
        examples=["DTSTART:20260105T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO"],
    )
    duration: PositiveDuration = Field(
        description="How long each session lasts (at most 24 hours)", examples=["PT50M"]
    )
    start: AwareDatetime | None = Field(
        default=None,
        description="The first session's start, for an rrule without DTSTART; the series "
        "keeps its wall time in the practice's zone across clock changes",
        examples=["2026-01-05T10:00:00-05:00"],
    )

    @field_validator("duration", mode="after")
    @classmethod
    def _duration_limit(cls, value: timedelta) -> timedelta:
        if value > MAX_SESSION_LENGTH:
            raise LimitExceededError.over("a session", "24 hours", str(value))
        return value

    @model_validator(mode="after")
    def _parses(self) -> Self:
        has_start = bool(_HAS_DTSTART.search(_text(self.rrule)))
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
        start = self.start
        if start is not None and not isinstance(start.tzinfo, ZoneInfo):
            start = start.replace(tzinfo=None)  # what _dtstart gives, checked once here
        _expansion(self.rrule, start)
        return self

    def _dtstart(self, tz: ZoneInfo) -> datetime | None:
        """The start the expansion takes in the practice's zone ``tz``: ``start`` itself in a
        ``ZoneInfo`` zone, else its wall time in ``tz`` (naive: a wall time there, as a
        ``DTSTART`` without ``TZID``), so that a fixed offset does not move the series by an
        hour at each clock change."""
        start = self.start
        if start is None or isinstance(start.tzinfo, ZoneInfo):
            return start
        return start.astimezone(tz).replace(tzinfo=None)

    def expansion(self, tz: ZoneInfo) -> _Expansion:
        """The series' occurrences in the practice's zone ``tz`` (compiled once, cached)."""
        return _expansion(self.rrule, self._dtstart(tz))

    def occurrence_at(self, at: datetime, zone: str) -> tuple[datetime, datetime] | None:
        """The occurrence ``[start, end)`` holding ``at``, if any (``zone`` is the practice's:
        a ``DTSTART`` without ``TZID`` is a wall time there)."""
        tz = get_zone(zone)
        x = aware_us(at, "at", zone)
        found = self.expansion(tz).holding(x, self.duration, tz)
        if found is None:
            return None
        s, e = found
        return from_us(s, tz), from_us(e, tz)


# --- expansion ----------------------------------------------------------------------------------


class _Expansion:
    """One parsed series: its rules (:class:`~contact_policy._recurrence.Recurrence`), dates
    and exceptions, and its occurrence starts by UTC year (per zone, for wall times), found
    once and searched by bisection."""

    __slots__ = ("_last", "_years", "a_day", "exdates", "exrules", "naive", "rdates", "rules")

    def __init__(self, text: str, start: datetime | None) -> None:
        from dateutil.rrule import rrulestr

        parsed: Any
        _parts_once(text)
        try:
            parsed = rrulestr(_text(text), forceset=True, tzids=get_zone, dtstart=start)
        except Exception as exc:  # dateutil raises ValueError, TypeError, ... for bad rules
            msg = f"{text!r} is not an RFC 5545 recurrence: {exc}; write e.g. {_EXAMPLE}"
            raise PolicyValidationError(msg, path="rrule") from None
        # forceset=True: always an rruleset (whose parts dateutil keeps in these attributes).
        if len(parsed._rrule) + len(parsed._exrule) > _MAX_RULES:
            what = "a series' RRULE and EXRULE lines"
            raise LimitExceededError.over(what, str(_MAX_RULES), "more", "rrule")
        exdates = getattr(parsed, "_exdate", [])
        if len(parsed._rdate) + len(exdates) > MAX_SESSIONS:
            what = "a series' RDATE and EXDATE values"
            raise LimitExceededError.over(what, f"{MAX_SESSIONS:,}", "more", "rrule")
        self.rules = [Recurrence(r) for r in parsed._rrule]
        self.exrules = [Recurrence(r) for r in parsed._exrule]
        #: The times a day its rules start a session (what a merged year of it may cost).
        self.a_day = a_day = sum(len(r.times) for r in self.rules + self.exrules)
        if a_day > MAX_STARTS_A_DAY:
            what = "a series' starts a day (BYHOUR x BYMINUTE x BYSECOND, over its rules)"
            raise LimitExceededError.over(what, str(MAX_STARTS_A_DAY), str(a_day), "rrule")
        if not self.rules and not parsed._rdate:
            msg = f"{text!r} has no RRULE or RDATE; write e.g. {_EXAMPLE}"
            raise PolicyValidationError(msg, path="rrule")
        times = [r.start for r in self.rules + self.exrules] + [*parsed._rdate, *exdates]
        for t in [r.start for r in self.rules + self.exrules] + list(parsed._rdate):
            if not MIN_YEAR <= t.year <= MAX_YEAR:
                what = "its DTSTART" if t in (r.start for r in self.rules) else "an RDATE"
                msg = (
                    f"{what} {t.isoformat()} lies outside the supported years {MIN_YEAR} to "
                    f"{MAX_YEAR}"
                )
                raise OutOfRangeError(msg, path="rrule")
        self.naive = times[0].tzinfo is None
        if any((t.tzinfo is None) is not self.naive for t in times):
            msg = (
                f"{text!r} mixes times without a zone (wall times in the practice's zone) "
                "and times with one (TZID=... or a trailing Z); write its DTSTART, RDATE and "
                "EXDATE values the same way (a start= with a fixed UTC offset is a wall time in "
                "the practice's zone: write them without a zone, or give start= in a ZoneInfo "
                "zone)"
            )
            raise PolicyValidationError(msg, path="rrule")
        self.rdates: list[datetime] = sorted(parsed._rdate)
        self.exdates: set[datetime] = set(exdates)
        #: (UTC year, zone key) -> sorted occurrence starts as epoch microseconds.
        self._years: dict[tuple[int, str], list[int]] = {}
        #: The zone, UTC year (as epoch microseconds [a, b)) and its starts last looked up.
        self._last: tuple[ZoneInfo, int, int, list[int], int] | None = None
        if not self._occurs():
            msg = (
                f"{text!r} has no occurrence within {SERIES_YEARS} years of its start; check "
                "its BYMONTH, BYMONTHDAY and BYDAY parts, and its EXDATEs"
            )
            raise PolicyValidationError(msg, path="rrule")

    def _occurs(self) -> bool:
        """Is there any occurrence (within the 400 years searched) that no EXDATE removes?
        A rule's first ``len(exdates) + 1`` occurrences settle it."""
        exdates = self.exdates
        if any(d not in exdates for d in self.rdates):
            return True
        for rule in self.rules:
            if not exdates:
                if rule.exists():
                    return True
            elif any(o not in exdates for o in rule.first(len(exdates) + 1)):
                return True
        return False

    def holding(self, x: int, duration: timedelta, tz: ZoneInfo) -> tuple[int, int] | None:
        """The occurrence ``[start, start + duration)`` holding the instant ``x``, if any: a
        bisection of the starts of ``x``'s UTC year (the year before when none is earlier;
        a session lasts at most a day). The year last asked about is kept at hand."""
        last = self._last
        if last is not None and last[0] is tz and last[1] <= x < last[2]:
            starts, year = last[3], last[4]
        else:
            year = (EPOCH_NAIVE + timedelta(microseconds=x)).year  # UTC
            starts = self._starts(year, tz)
            a = (date(year, 1, 1).toordinal() - EPOCH_ORDINAL) * DAY_US
            b = (
                (date(year + 1, 1, 1).toordinal() - EPOCH_ORDINAL) * DAY_US
                if year < 9999
                else x + 1
            )
            self._last = (tz, a, b, starts, year)
        i = bisect_right(starts, x)
        if i:
            s = starts[i - 1]
        else:
            before = self._starts(year - 1, tz)
            if not before:
                return None
            s = before[-1]
        end = s + duration // US
        return (s, end) if x < end else None

    def _starts(self, year: int, tz: ZoneInfo) -> list[int]:
        """Occurrence starts (epoch microseconds) whose UTC year is ``year``, sorted."""
        key = (year, tz.key)
        found = self._years.get(key)
        if found is not None:
            return found
        found = self._expand(year, tz)
        if len(self._years) >= 4096:
            self._years.clear()
        self._years[key] = found
        return found

    def _expand(self, year: int, tz: ZoneInfo) -> list[int]:
        if not 2 <= year <= 9998:
            return []
        return self.window(
            datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC), tz
        )

    def window(self, lo: datetime, hi: datetime, tz: ZoneInfo) -> list[int]:
        """Occurrence starts (epoch microseconds) in ``[lo, hi)`` (UTC instants within the
        years 2 to 9998), sorted; not cached."""
        # The window in the rules' own terms: wall times (with days to spare for any zone's
        # offset) for a rule without TZID, else instants.
        pad = timedelta(days=2)
        if self.naive:
            w_lo = (lo - pad).replace(tzinfo=None)
            w_hi = (hi + pad).replace(tzinfo=None)
        else:
            w_lo, w_hi = lo - pad, hi + pad
        found: set[datetime] = set()
        for rule in self.rules:
            found.update(rule.between(w_lo, w_hi))
        rdates = self.rdates
        found.update(rdates[bisect_left(rdates, w_lo) : bisect_right(rdates, w_hi)])
        dropped: set[datetime] = set()
        for rule in self.exrules:
            dropped.update(rule.between(w_lo, w_hi))
        exdates = self.exdates
        out = []
        a, b = to_us(lo), to_us(hi)
        for start in found:
            if start in exdates or start in dropped:
                continue
            x = to_us(start.replace(tzinfo=tz) if self.naive else start)
            if a <= x < b:
                out.append(x)
        out.sort()
        return out


_CACHE: dict[tuple[str, datetime | None], _Expansion] = {}


def _expansion(text: str, start: datetime | None) -> _Expansion:
    key = (text, start)
    found = _CACHE.get(key)
    if found is None:
        found = _Expansion(text, start)
        if len(_CACHE) >= 512:
            _CACHE.clear()
        _CACHE[key] = found
    return found


# --- a schedule's series, merged ------------------------------------------------------------


#: A UTC year of a schedule's series merged: the instants [a, b) it covers, the points where
#: the answer changes, and the answer from each point to the next (an occurrence, or None).
_Merged = tuple[int, int, list[int], list["tuple[int, int] | None"]]
#: (the series' ids, zone key, UTC year) -> (the series themselves, which keeps the ids
#: theirs while the entry lives, and the merged year).
_MERGED: dict[tuple[tuple[int, ...], str, int], tuple[tuple[SessionSeries, ...], _Merged]] = {}
#: The points the merged years in _MERGED hold together (the cache is emptied past a bound).
_MERGED_SIZE = [0]
_MERGED_MAX_POINTS = 2_000_000


def _year_bounds(year: int) -> tuple[int, int]:
    """A UTC year as epoch microseconds ``[a, b)``."""
    a = (date(year, 1, 1).toordinal() - EPOCH_ORDINAL) * DAY_US
    last = date(year, 12, 31).toordinal() + 1
    return a, (last - EPOCH_ORDINAL) * DAY_US


def _merge(series: tuple[SessionSeries, ...], tz: ZoneInfo, year: int) -> _Merged:
    """The occurrences of every series holding instants of the UTC year ``year``, merged
    into one timeline: from each point to the next, the answer ``SessionSeries.occurrence_at``
    gives for the first series (in order) that holds the instant. Each series' occurrence
    holding ``x`` is its latest start at or before ``x``, if it has not ended; the starts are
    the series' own per-year expansions (the year before's last day included: a session
    lasts at most a day)."""
    _check_load(series)
    a, b = _year_bounds(year)
    occurrences: list[tuple[int, int, int]] = []
    new_year = datetime(year, 1, 1, tzinfo=UTC)
    eve = new_year - _LONGEST if year > 2 else new_year  # the year before's last day
    for i, one in enumerate(series):
        expansion = one.expansion(tz)
        length = one.duration // US
        before = expansion._years.get((year - 1, tz.key))
        if before is None:
            before = expansion.window(eve, new_year, tz)
        j = bisect_left(before, a - length + 1)
        occurrences += [(x, x + length, i) for x in before[j:]]
        occurrences += [(x, x + length, i) for x in expansion._starts(year, tz)]
    occurrences.sort()
    at: list[int] = []
    answers: list[tuple[int, int] | None] = []
    end = None
    for x, e, _ in occurrences:  # none overlapping (the usual case): each its own answer
        if end is not None and x < end:
            break
        if end is not None and x > end:
            at.append(end)
            answers.append(None)
        at.append(x)
        answers.append((x, e))
        end = e
    else:
        if end is not None:
            at.append(end)
            answers.append(None)
        return a, b, at, answers
    points = sorted({p for x, e, _ in occurrences for p in (x, e)})
    current: dict[int, tuple[int, int]] = {}
    active: list[int] = []
    at, answers = [], []
    k, n = 0, len(occurrences)
    for p in points:
        while k < n and occurrences[k][0] == p:
            x, e, i = occurrences[k]
            current[i] = (x, e)  # a later start of the same series is its answer
            heappush(active, i)
            k += 1
        while active and current[active[0]][1] <= p:
            heappop(active)
        found = current[active[0]] if active else None
        if not answers or answers[-1] != found:
            at.append(p)
            answers.append(found)
    return a, b, at, answers


def _check_load(series: tuple[SessionSeries, ...]) -> None:
    """A schedule's series start at most MAX_SCHEDULE_STARTS_A_DAY sessions a day together
    (each RRULE and EXRULE line's times a day, summed) and hold at most MAX_SESSIONS RDATE
    values together: what one merged year of them may cost."""
    utc = get_zone("UTC")
    a_day = rdates = 0
    for one in series:
        expansion = one.expansion(utc)
        a_day += expansion.a_day
        rdates += len(expansion.rdates)
    if a_day > MAX_SCHEDULE_STARTS_A_DAY:
        what = "the starts a day of a schedule's series together (BYHOUR x BYMINUTE x BYSECOND)"
        got = f"{a_day:,}"
        raise LimitExceededError.over(what, str(MAX_SCHEDULE_STARTS_A_DAY), got, "series")
    if rdates > MAX_SESSIONS:
        what = "the RDATE values of a schedule's series together"
        raise LimitExceededError.over(what, f"{MAX_SESSIONS:,}", f"{rdates:,}", "series")


def _merged(series: tuple[SessionSeries, ...], tz: ZoneInfo, year: int) -> _Merged:
    key = (tuple(map(id, series)), tz.key, year)
    hit = _MERGED.get(key)
    if hit is not None and all(x is y for x, y in zip(hit[0], series, strict=True)):
        return hit[1]
    found = _merge(series, tz, year)
    if _MERGED_SIZE[0] + len(found[2]) > _MERGED_MAX_POINTS or len(_MERGED) >= 1024:
        _MERGED.clear()
        _MERGED_SIZE[0] = 0
    _MERGED[key] = (series, found)
    _MERGED_SIZE[0] += len(found[2])
    return found


class SessionSchedule(Model):
    """A therapist's sessions: explicit ``sessions`` and recurring ``series``.

    >>> from zoneinfo import ZoneInfo
    >>> tz = ZoneInfo("Europe/London")
    >>> s = SessionSchedule(sessions=[(datetime(2026, 5, 4, 9, tzinfo=tz),
    ...                                datetime(2026, 5, 4, 9, 50, tzinfo=tz))])
    >>> s.in_session(datetime(2026, 5, 4, 9, 49, tzinfo=tz), "Europe/London")
    True
    """

    sessions: Annotated[tuple[Session, ...], at_most(MAX_SESSIONS, "sessions")] = Field(
        default=(),
        description="Single sessions, each from start to end",
        examples=[[{"start": "2026-11-23T10:00:00-05:00", "end": "2026-11-23T10:50:00-05:00"}]],
    )
    series: Annotated[tuple[SessionSeries, ...], at_most(MAX_SERIES, "session series")] = Field(
        default=(),
        description="Recurring sessions (RRULE series)",
        examples=[
            [{"rrule": "DTSTART:20260105T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO", "duration": "PT50M"}]
        ],
    )

    @model_validator(mode="after")
    def _load(self) -> Self:
        _check_load(self.series)
        return self

    # The explicit sessions sorted, with the latest end so far (a bisect finds a session
    # holding an instant), and the series' merged year last searched (with its zone); built
    # on first use, outside the fields.
    __slots__ = ("_index", "_last")

    def _sorted(self) -> tuple[list[int], list[int], list[int]]:
        try:
            return self._index  # type: ignore[attr-defined,no-any-return]
        except AttributeError:
            pairs = sorted((to_us(s.start), to_us(s.end), i) for i, s in enumerate(self.sessions))
            starts = [s for s, _, _ in pairs]
            latest: list[int] = []
            which: list[int] = []
            best = (-1, -1)
            for _, e, i in pairs:
                if e > best[0]:
                    best = (e, i)
                latest.append(best[0])
                which.append(best[1])
            index = (starts, latest, which)
            object.__setattr__(self, "_index", index)
            return index

    def session_at(self, at: datetime, zone: str) -> tuple[datetime, datetime] | None:
        """The session holding ``at`` (half-open), if any: of the explicit sessions, the one
        that ends last; else an occurrence of a series."""
        x = to_us(at)
        if self.sessions:
            starts, latest, which = self._sorted()
            i = bisect_right(starts, x)
            if i and latest[i - 1] > x:
                s = self.sessions[which[i - 1]]
                return s.start, s.end
        if not self.series:
            return None
        tz = get_zone(zone)
        found = self._series_at(x, tz)
        if found is None:
            return None
        return from_us(found[0], tz), from_us(found[1], tz)

    def _series_at(self, x: int, tz: ZoneInfo) -> tuple[int, int] | None:
        """The occurrence holding ``x`` of the first series (in order) with one: one
        bisection of the series' merged UTC year, whatever the number of series."""
        try:
            last: tuple[ZoneInfo, _Merged] | None = self._last  # type: ignore[attr-defined]
        except AttributeError:
            last = None
        if last is not None and last[0] is tz and last[1][0] <= x < last[1][1]:
            merged = last[1]
        else:
            year = (EPOCH_NAIVE + timedelta(microseconds=x)).year  # UTC
            merged = _merged(self.series, tz, year)
            object.__setattr__(self, "_last", (tz, merged))
        i = bisect_right(merged[2], x)
        return merged[3][i - 1] if i else None

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
    ``Session`` objects and RRULE ``SessionSeries`` (at most MAX_SESSIONS of them)."""
    if value is None or isinstance(value, SessionSchedule):
        return value
    if not isinstance(value, Iterable) or isinstance(value, (str, bytes)):
        msg = (
            f"sessions={value!r} is not a list of sessions; pass (start, end) pairs, Session "
            "or SessionSeries values, or a SessionSchedule"
        )
        raise PolicyValidationError(msg, path="sessions")
    items = list(islice(value, MAX_SESSIONS + MAX_SERIES + 1))
    if len(items) > MAX_SESSIONS + MAX_SERIES:
        raise LimitExceededError.over("sessions", f"{MAX_SESSIONS:,}", "more", "sessions")
    sessions: list[Any] = []
    series: list[Any] = []
    checked = True
    for item in items:
        if isinstance(item, SessionSeries):
            series.append(item)
        else:
            sessions.append(item)
            checked = checked and isinstance(item, Session)
    if checked and len(sessions) <= MAX_SESSIONS and len(series) <= MAX_SERIES:
        # Values that were validated when they were built: nothing to check again (this
        # runs on every in_bounds call given a list).
        return SessionSchedule.trusted(sessions=tuple(sessions), series=tuple(series))
    return SessionSchedule(sessions=sessions, series=series)
