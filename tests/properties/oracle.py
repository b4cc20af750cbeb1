"""A brute-force model of a calendar's open time, independent of the engine.

It never calls the engine (``contact_policy._timeline``) or the calendar's own conversion code
(``Span.minutes``, ``_holiday_dates``, ``local_to_us``): it reads the calendar's *fields* (zone,
weekly hours as ``"HH:MM"`` strings, holidays, closed dates, special hours, closures) and walks
UTC instants minute by minute:

- each minute is converted to the calendar's local wall time with ``astimezone``;
- the DST rule is modelled by the *high-water mark* of the local wall clock: a wall time ``w``
  means "the first instant at which the clock shows ``w`` or later", so the instant ``t`` lies in
  the wall-time span ``[w_start, w_end)`` iff ``w_start <= max_wall(t) < w_end``, where
  ``max_wall(t)`` is the largest wall time shown at any minute up to ``t``. In a spring-forward
  gap the clock jumps, so a wall time inside the gap is reached at the jump; in a fall-back fold
  the clock runs behind its own maximum during the repeat, so a wall time means its first
  occurrence. The walk starts :data:`PRIME` before the range so the maximum is primed;
- a date's *own* spans are its special hours if it has any (they win over holidays and closed
  dates), else nothing if it is a closed date or a holiday (``holidays.country_holidays``,
  observed days included), else its weekday's hours; an overnight span belongs to the date it
  starts on, so an instant is open when it lies in a span of its wall date or of the date before;
- closures remove time.

Every boundary in the calendars it checks lies on the minute grid (spans are whole minutes,
closures are built on a grid, zone offsets of the years tested are whole minutes), so a minute
is wholly open or wholly closed, and answers are exact for instants on the minute grid.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from contact_policy import BusinessCalendar

__all__ = ["MINUTE", "PRIME", "Oracle"]

MINUTE = timedelta(minutes=1)
#: How long before the range the walk starts, priming the wall clock's high-water mark (longer
#: than any fall-back: a fold's repeat ends when the clock reaches its earlier maximum again).
PRIME = timedelta(hours=6)
_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


@lru_cache(maxsize=256)
def _holiday_table(code: str, year: int) -> holidays.HolidayBase:
    country, _, subdiv = code.partition("-")
    return holidays.country_holidays(country, subdiv=subdiv or None, years=year)


def _is_holiday(code: str, day: date) -> bool:
    return day in _holiday_table(code, day.year)


class Oracle:
    """Open minutes of ``cal`` in ``[start, end)`` (both on the minute grid)."""

    def __init__(self, cal: BusinessCalendar, start: datetime, end: datetime) -> None:
        self.tz = ZoneInfo(cal.zone)
        self.start = start.astimezone(UTC)
        self.end = end.astimezone(UTC)
        assert self.start.second == self.start.microsecond == 0
        assert self.end.second == self.end.microsecond == 0
        self.n = (self.end - self.start) // MINUTE
        self.weekly = {
            i: [(sp.start, sp.end) for sp in getattr(cal.hours, name)]
            for i, name in enumerate(_DAY_NAMES)
        }
        self.special = {s.date: [(sp.start, sp.end) for sp in s.hours] for s in cal.special_hours}
        self.closed = set(cal.closed)
        self.codes = tuple(cal.holidays)
        self.closures = [(c.start.astimezone(UTC), c.end.astimezone(UTC)) for c in cal.closures]
        self._day_cache: dict[date, list[tuple[datetime, datetime]]] = {}
        self._candidate_cache: dict[date, list[tuple[datetime, datetime]]] = {}
        self.open = self._walk()
        cum = [0]
        for is_open in self.open:
            cum.append(cum[-1] + is_open)
        self.cum = cum

    # --- the model -----------------------------------------------------------------------------

    def _own_spans(self, day: date) -> list[tuple[datetime, datetime]]:
        """The wall-time spans that belong to ``day`` (naive local datetimes)."""
        cached = self._day_cache.get(day)
        if cached is not None:
            return cached
        if day in self.special:
            pairs = self.special[day]
        elif day in self.closed or any(_is_holiday(code, day) for code in self.codes):
            pairs = []
        else:
            pairs = self.weekly[day.weekday()]
        midnight = datetime.combine(day, time())
        spans = []
        for s_text, e_text in pairs:
            s, e = _minutes(s_text), _minutes(e_text)
            w_start = midnight + timedelta(minutes=s)
            # An end at or before the start runs overnight into the next date.
            w_end = midnight + timedelta(minutes=e if e > s else e + 24 * 60)
            spans.append((w_start, w_end))
        self._day_cache[day] = spans
        return spans

    def _candidates(self, day: date) -> list[tuple[datetime, datetime]]:
        """Spans that can contain a wall time on ``day``: its own, and the previous date's
        (whose overnight spans run into ``day``)."""
        found = self._candidate_cache.get(day)
        if found is None:
            found = self._own_spans(day) + self._own_spans(day - timedelta(days=1))
            self._candidate_cache[day] = found
        return found

    def _is_open(self, t: datetime, high: datetime) -> bool:
        for cs, ce in self.closures:
            if cs <= t < ce:
                return False
        return any(w_start <= high < w_end for w_start, w_end in self._candidates(high.date()))

    def _walk(self) -> list[bool]:
        tz = self.tz
        t = self.start - PRIME
        high: datetime | None = None
        out: list[bool] = []
        while t < self.end:
            wall = t.astimezone(tz).replace(tzinfo=None)
            if high is None or wall > high:
                high = wall
            if t >= self.start:
                out.append(self._is_open(t, high))
            t += MINUTE
        return out

    # --- answers -----------------------------------------------------------------------------

    def instant(self, k: int) -> datetime:
        """The instant at the start of minute ``k`` (UTC)."""
        return self.start + k * MINUTE

    def index(self, at: datetime) -> int:
        """The minute index of ``at`` (on the grid, inside the range or at its end)."""
        offset = at.astimezone(UTC) - self.start
        k, rest = divmod(offset, MINUTE)
        assert not rest, f"{at} is not on the minute grid"
        assert 0 <= k <= self.n, f"{at} is outside the oracle's range"
        return k

    def is_open(self, at: datetime) -> bool:
        return self.open[self.index(at)]

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        return (self.cum[self.index(b)] - self.cum[self.index(a)]) * MINUTE

    def add(self, at: datetime, minutes: int) -> datetime | None:
        """The end of the ``minutes``-th open minute from ``at``; None past the range."""
        k = self.index(at)
        if minutes == 0:
            return self.instant(k)
        count = 0
        while k < self.n:
            count += self.open[k]
            k += 1
            if count == minutes:
                return self.instant(k)
        return None

    def subtract(self, at: datetime, minutes: int) -> datetime | None:
        """The start of the ``minutes``-th open minute back from ``at``; None before the range."""
        k = self.index(at)
        if minutes == 0:
            return self.instant(k)
        count = 0
        while k > 0:
            k -= 1
            count += self.open[k]
            if count == minutes:
                return self.instant(k)
        return None

    def next_open(self, at: datetime) -> datetime | None:
        k = self.index(at)
        while k < self.n:
            if self.open[k]:
                return self.instant(k)
            k += 1
        return None

    def next_close(self, at: datetime) -> datetime | None:
        """The first instant after ``at`` where an open minute is followed by a closed one."""
        k = self.index(at) + 1
        while k < self.n:
            if self.open[k - 1] and not self.open[k]:
                return self.instant(k)
            k += 1
        return None

    def intervals(self) -> list[tuple[datetime, datetime]]:
        """Maximal runs of open minutes, clipped to the range."""
        out: list[tuple[datetime, datetime]] = []
        run: int | None = None
        for k, is_open in enumerate([*self.open, False]):
            if is_open and run is None:
                run = k
            elif not is_open and run is not None:
                out.append((self.instant(run), self.instant(k)))
                run = None
        return out
