"""RFC 5545 recurrence rules, expanded by our own code, one window at a time.

``dateutil`` parses the text (``DTSTART``, ``TZID``, ``RRULE``, ``RDATE``, ``EXDATE``,
``EXRULE``) and fills in the parts a rule leaves to its start (the weekday of a weekly rule,
the time of day). Expanding is done here, because dateutil's own iteration always walks from
the rule's start (its cost grows with the series' age) and never stops on a rule that can
never occur (``FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30`` runs to the year 9999).

:class:`Recurrence` finds the occurrences of one rule inside a window by visiting only the
periods (years, months, weeks, days) that overlap the window, aligned on the rule's start by
its ``INTERVAL``; the same days and times as dateutil's iteration (a property test holds the
two to the same answers). The supported subset covers what calendars write for sessions:
``FREQ`` of ``YEARLY``, ``MONTHLY``, ``WEEKLY`` or ``DAILY``; ``INTERVAL``, ``COUNT``,
``UNTIL``, ``WKST``; ``BYMONTH``, ``BYMONTHDAY``, ``BYDAY`` (an ordinal such as ``1MO`` or
``-1FR`` in a monthly or yearly rule), ``BYSETPOS``, ``BYHOUR``, ``BYMINUTE``, ``BYSECOND``.
Anything else (``BYYEARDAY``, ``BYWEEKNO``, ``BYEASTER``, an hourly or finer ``FREQ``) is an
error naming it. Each rule's cost is bounded by its limits: at most :data:`MAX_STARTS_A_DAY`
times a day (``BYHOUR`` x ``BYMINUTE`` x ``BYSECOND``), an ``INTERVAL`` of at most
:data:`MAX_INTERVAL`, a ``COUNT`` of 1 to :data:`MAX_COUNT` and never with ``UNTIL``.

A window is searched exactly, however far from the start (only its own periods are visited).
A ``COUNT`` rule is expanded whole, for at most 400 years from its start: one whose last
occurrence would come later is an :class:`~contact_policy.errors.OutOfRangeError` for a
window past those 400 years, never a silent "no occurrence".

>>> from dateutil.rrule import rrulestr
>>> rule = Recurrence(rrulestr("DTSTART:20260105T100000\\nRRULE:FREQ=WEEKLY;BYDAY=MO,TH"))
>>> from datetime import datetime
>>> [d.isoformat() for d in rule.between(datetime(2026, 11, 22), datetime(2026, 11, 28))]
['2026-11-23T10:00:00', '2026-11-26T10:00:00']

Imports the base layer only (:mod:`contact_policy.limits` and the errors), and dateutil's
constants.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from datetime import date, datetime, time, timedelta
from typing import Any

from .errors import LimitExceededError, OutOfRangeError, PolicyValidationError
from .limits import SERIES_YEARS

__all__ = ["MAX_COUNT", "MAX_INTERVAL", "MAX_STARTS_A_DAY", "Recurrence"]

#: A rule's ``COUNT`` is at most this (such a rule is expanded whole, once).
MAX_COUNT = 10_000
#: A rule's ``INTERVAL`` is at most this.
MAX_INTERVAL = 10_000
#: The times a day one series starts a session (each RRULE line's BYHOUR x BYMINUTE x
#: BYSECOND, summed over its RRULE and EXRULE lines): one every half hour, as the spans of a
#: day of opening hours (``limits.MAX_SPANS_PER_DAY``).
MAX_STARTS_A_DAY = 48
#: A rule must occur within this many years of its start, and its occurrences are found for
#: at most this many years past it (the Gregorian calendar repeats every 400 years).
_CYCLE_YEARS = SERIES_YEARS
_YEARLY, _MONTHLY, _WEEKLY, _DAILY = 0, 1, 2, 3
_FREQ_NAMES = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY")


def _refuse(what: str) -> PolicyValidationError:
    msg = (
        f"{what} is not supported in a session series; use FREQ=DAILY, WEEKLY, MONTHLY or "
        "YEARLY with BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS and BYHOUR/BYMINUTE"
    )
    return PolicyValidationError(msg, path="rrule")


class Recurrence:
    """One recurrence rule (a parsed dateutil ``rrule``), expanded window by window."""

    __slots__ = (
        "_all",
        "_complete",
        "count",
        "freq",
        "interval",
        "monthdays",
        "months",
        "nmonthdays",
        "nweekdays",
        "setpos",
        "start",
        "times",
        "until",
        "weekdays",
        "wkst",
    )

    def __init__(self, rule: Any) -> None:
        if rule._freq > _DAILY:
            msg = f"a session series recurs at most daily; got FREQ={_FREQ_NAMES[rule._freq]}"
            raise PolicyValidationError(msg, path="rrule")
        for name, part in (
            ("BYYEARDAY", rule._byyearday),
            ("BYWEEKNO", rule._byweekno),
            ("BYEASTER", rule._byeaster),
        ):
            if part:
                raise _refuse(name)
        if rule._interval < 1:
            msg = f"INTERVAL={rule._interval} is not a number of periods; give 1 or more"
            raise PolicyValidationError(msg, path="rrule")
        if rule._interval > MAX_INTERVAL:
            what = "a series' INTERVAL"
            got = f"{rule._interval:,}"
            raise LimitExceededError.over(what, f"{MAX_INTERVAL:,}", got, "rrule")
        if rule._count is not None:
            if rule._count < 1:
                msg = (
                    f"COUNT={rule._count} gives the series no session; give a COUNT of 1 or "
                    "more, or leave it out"
                )
                raise PolicyValidationError(msg, path="rrule")
            if rule._count > MAX_COUNT:
                what = "a series' COUNT"
                got = f"{rule._count:,}"
                raise LimitExceededError.over(what, f"{MAX_COUNT:,}", got, "rrule")
            if rule._until is not None:
                msg = (
                    "a rule with both COUNT and UNTIL (RFC 5545: they MUST NOT occur "
                    "together); give one of them"
                )
                raise PolicyValidationError(msg, path="rrule")
        times = len(rule._timeset or ())
        if times > MAX_STARTS_A_DAY:
            what = "a series' starts a day (BYHOUR x BYMINUTE x BYSECOND)"
            raise LimitExceededError.over(what, str(MAX_STARTS_A_DAY), str(times), "rrule")
        self.freq: int = rule._freq
        self.interval: int = rule._interval
        self.count: int | None = rule._count
        self.start: datetime = rule._dtstart
        self.until: datetime | None = rule._until
        self.wkst: int = rule._wkst
        self.months = frozenset(rule._bymonth or ())
        self.monthdays = frozenset(rule._bymonthday or ())
        self.nmonthdays = frozenset(rule._bynmonthday or ())
        self.weekdays = frozenset(rule._byweekday or ())
        self.nweekdays = frozenset(rule._bynweekday or ())
        if self.weekdays and self.nweekdays:
            raise _refuse("BYDAY mixing plain weekdays and ordinals (MO,1TU)")
        self.setpos: tuple[int, ...] = tuple(rule._bysetpos or ())
        self.times: tuple[time, ...] = tuple(rule._timeset or ())
        if not self.times:  # pragma: no cover - dateutil fills it below HOURLY
            raise _refuse("a rule without a time of day")
        self._all: list[datetime] | None = None
        #: Whether ``_all`` holds every occurrence (False: COUNT not reached in 400 years).
        self._complete = True

    # --- periods ------------------------------------------------------------------------------

    def _period_days(self, k: int) -> list[date]:
        """The days of the ``k``-th period (0: the one holding the start) that may match, in
        order (the months a rule names, when it names them)."""
        d0 = self.start.date()
        if self.freq == _YEARLY:
            year = d0.year + k * self.interval
            months = sorted(self.months) if self.months else range(1, 13)
            return [
                date(year, month, day)
                for month in months
                for day in range(1, calendar.monthrange(year, month)[1] + 1)
            ]
        if self.freq == _MONTHLY:
            total = d0.month - 1 + k * self.interval
            year, month = d0.year + total // 12, total % 12 + 1
            if self.months and month not in self.months:
                return []
            days = calendar.monthrange(year, month)[1]
            return [date(year, month, day) for day in range(1, days + 1)]
        if self.freq == _WEEKLY:
            week = d0 - timedelta(days=(d0.weekday() - self.wkst) % 7)
            first = week + timedelta(days=7 * self.interval * k)
            return [first + timedelta(days=i) for i in range(7)]
        return [d0 + timedelta(days=self.interval * k)]

    def _period_index(self, day: date) -> int:
        """The index of the last period starting on or before ``day`` (may be negative)."""
        d0 = self.start.date()
        if self.freq == _YEARLY:
            steps = day.year - d0.year
        elif self.freq == _MONTHLY:
            steps = (day.year - d0.year) * 12 + day.month - d0.month
        elif self.freq == _WEEKLY:
            week = d0 - timedelta(days=(d0.weekday() - self.wkst) % 7)
            steps = (day - week).days // 7
        else:
            steps = (day - d0).days
        return steps // self.interval

    def _matches(self, day: date) -> bool:
        if self.months and day.month not in self.months:
            return False
        if self.monthdays or self.nmonthdays:
            length = calendar.monthrange(day.year, day.month)[1]
            if day.day not in self.monthdays and day.day - length - 1 not in self.nmonthdays:
                return False
        wd = day.weekday()
        if self.weekdays and wd not in self.weekdays:
            return False
        if self.nweekdays:
            if self.freq == _YEARLY and not self.months:
                yday = day.timetuple().tm_yday
                length = 366 if calendar.isleap(day.year) else 365
                first, last = (yday - 1) // 7 + 1, -((length - yday) // 7 + 1)
            else:
                length = calendar.monthrange(day.year, day.month)[1]
                first, last = (day.day - 1) // 7 + 1, -((length - day.day) // 7 + 1)
            if (wd, first) not in self.nweekdays and (wd, last) not in self.nweekdays:
                return False
        return True

    def _period(self, k: int) -> list[datetime]:
        """The occurrences of the ``k``-th period before ``start``/``until``/``COUNT`` cuts."""
        tz = self.start.tzinfo
        found = [
            datetime.combine(day, t.replace(tzinfo=None), tzinfo=tz)
            for day in self._period_days(k)
            if self._matches(day)
            for t in self.times
        ]
        if self.setpos and found:
            n = len(found)
            picked = {found[p - 1 if p > 0 else p] for p in self.setpos if p and -n <= p <= n}
            found = sorted(picked)
        return found

    def _periods_from(self, k: int, last: int | None = None) -> Any:
        """Occurrences from period ``k`` to period ``last`` (by default: to 400 years past
        the start), in order, each at or after the start."""
        start = self.start
        if last is None:
            last = self._period_index(self._horizon()) + 1
        while k <= last:
            try:
                items = self._period(k)
            except (OverflowError, ValueError):  # past the year 9999
                return
            for item in items:
                if item >= start:
                    yield item
            k += 1

    # --- answers ------------------------------------------------------------------------------

    def _days_possible(self) -> bool:
        """Does any day in the 400 years from the start pass the day filters (months, days of
        the month, weekdays)? A quick check, month by month, before the periods are walked."""
        d0 = self.start.date()
        for i in range(12 * _CYCLE_YEARS + 12):
            total = d0.month - 1 + i
            year, month = d0.year + total // 12, total % 12 + 1
            if year > 9999:
                return False
            if self.months and month not in self.months:
                continue
            length = calendar.monthrange(year, month)[1]
            if self.monthdays or self.nmonthdays:
                days = [d for d in self.monthdays if d <= length]
                days += [length + 1 + d for d in self.nmonthdays if -d <= length]
            else:
                days = list(range(1, length + 1))
            if any(self._matches(date(year, month, day)) for day in days):
                return True
        return False

    def _horizon(self) -> date:
        """The last day searched for occurrences: 400 years from the start, or the last
        day a date can hold."""
        d0 = self.start.date()
        if d0.year > date.max.year - _CYCLE_YEARS - 1:
            return date.max
        return d0 + timedelta(days=366 * _CYCLE_YEARS)

    def exists(self) -> bool:
        """Does the rule occur at all (searched for 400 years from its start)?"""
        if not self._days_possible():
            return False
        horizon = self._period_index(self._horizon())
        k = 0
        while k <= horizon + 1:
            try:
                items = self._period(k)
            except (OverflowError, ValueError):
                return False
            for item in items:
                if item >= self.start:
                    return self.until is None or item <= self.until
            k += 1
        return False

    def first(self, n: int) -> list[datetime]:
        """The rule's first ``n`` occurrences (fewer when its COUNT, UNTIL or the 400 years
        searched end it sooner)."""
        out: list[datetime] = []
        if n <= 0 or not self.exists():
            return out
        limit = n if self.count is None else min(n, self.count)
        for item in self._periods_from(0):
            if len(out) >= limit or (self.until is not None and item > self.until):
                break
            out.append(item)
        return out

    def between(self, lo: datetime, hi: datetime) -> list[datetime]:
        """Occurrences ``o`` with ``lo <= o <= hi`` (datetimes in the rule's own terms: wall
        times for a rule without TZID, aware ones otherwise)."""
        if self.count is not None:
            found = self._expanded()  # sorted: a window is two bisections
            if not self._complete:
                self._past_horizon(hi)
            return found[bisect_left(found, lo) : bisect_right(found, hi)]
        until = self.until
        out: list[datetime] = []
        k = max(self._period_index(lo.date() - timedelta(days=1)), 0)
        last = self._period_index(hi.date()) + 1  # the window's periods only, however far
        for item in self._periods_from(k, last):
            if item > hi or (until is not None and item > until):
                break
            if item >= lo:
                out.append(item)
        return out

    def _expanded(self) -> list[datetime]:
        """Every occurrence of a rule with a COUNT (at most MAX_COUNT), found once."""
        if self._all is None:
            found: list[datetime] = []
            complete = False
            if self.exists():
                for item in self._periods_from(0):
                    if len(found) >= (self.count or 0):
                        complete = True
                        break
                    found.append(item)
                complete = complete or len(found) >= (self.count or 0)
            else:
                complete = True
            self._all = found
            self._complete = complete
        return self._all

    def _past_horizon(self, hi: datetime) -> None:
        """A window reaching past the 400 years a COUNT rule is expanded for, when its COUNT
        was not reached in them, is an error (its later occurrences are not known)."""
        horizon = self._horizon()
        if hi.date() > horizon:
            msg = (
                f"the series is expanded for {_CYCLE_YEARS} years from its start, to "
                f"{horizon.isoformat()}, and its COUNT={self.count} is not reached by then, so "
                f"its sessions after that are not known; asked about {hi.date().isoformat()} "
                f"(contact_policy.limits.SERIES_YEARS)"
            )
            raise OutOfRangeError(msg, path="rrule")
