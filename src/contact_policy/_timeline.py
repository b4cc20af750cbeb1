"""The private business-time engine.

Open time is compiled into three parallel lists for a contiguous range of local years:
``starts`` and ``ends`` (epoch microseconds of merged, sorted, half-open open intervals) and
``cum`` (open microseconds before each interval, ``len(starts) + 1`` entries). Every query is
then one or two ``bisect`` calls; the cost of ``add`` does not grow with the duration.

The compiled range grows on demand (doubling, so repeated extension stays linear overall) and
is swapped in as one immutable state object, so concurrent readers never see a half-built
range. Within the range ``[lo, hi)`` every answer is exact; an answer that would touch ``hi``
(or fall below ``lo``) extends the range first, because an interval there may merge with open
time of a day that is not compiled yet.

Local wall times become instants by one rule, used everywhere: a wall time means *the first
instant at which the practice's clock shows that time or later*. In a fall-back fold that is
the first occurrence; in a spring-forward gap it is the instant the clock jumps (so an
interval lying wholly inside a gap is empty). See docs/semantics.md.

One file: the engine's layout (ranges, the day index) and the hot path that reads it stay
together, so that a change to one is seen beside the other.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any, Literal
from zoneinfo import ZoneInfo

from ._intervals import merge, subtract
from ._time import (
    DAY_US,
    EPOCH,
    EPOCH_NAIVE,
    EPOCH_ORDINAL,
    MAX_YEAR,
    MIN_YEAR,
    MINUTE_US,
    US,
    to_us,
)
from .errors import LimitExceededError, NoOpenTimeError, OutOfRangeError
from .limits import MAX_INTERVALS, MAX_SPAN_YEARS

__all__ = ["Timeline", "hot_add", "hot_elapsed", "hot_is_open"]

_DAY = timedelta(days=1)
#: Far jumps (a query more than this many years from the compiled range) start a new range
#: rather than compiling every year in between.
_FAR_YEARS = 20
#: The most years one extension adds (the range grows by doubling up to this step).
_MAX_STEP_YEARS = 16
#: A forward or backward search that compiled this many years past its start (and past the
#: calendar's dated features) without finding open time gives up with NoOpenTimeError.
_GIVE_UP_YEARS = 20
#: The most years one compiled range holds; queries farther apart walk whole years.
_MAX_STATE_YEARS = 64
#: The most compiled ranges a timeline keeps (the least recently used is dropped).
_MAX_STATES = 6
#: Offsets are read this often when looking for a zone's changes (see _transitions_of).
_SAMPLE_SECONDS = 3 * 86_400
#: A wall time names an instant within this many seconds of it read as UTC (|offset| < 24 h).
_NEAR_SECONDS = 26 * 3600
#: At most this many years of transitions, holidays and totals are cached.
_TRANS_YEARS_LIMIT = 20_000
#: The first and last epoch seconds whose local time exists in every zone (years 1 and 9999).
_FIRST_SECOND = (date(1, 1, 2).toordinal() - EPOCH_ORDINAL) * 86_400
_LAST_SECOND = (date(9999, 12, 31).toordinal() - EPOCH_ORDINAL) * 86_400
#: Microseconds in a minute, and in a leap year (an upper bound of a year's open time).
_MIN_US = MINUTE_US
_YEAR_US = 366 * DAY_US
#: Larger than any epoch microsecond (for bisecting pairs by their first item).
_MAX_US = 2**63


#: At most this many days' bases are cached per calendar (about 270 years of days).
_DAY_BASE_LIMIT = 100_000
#: Below 2**33 seconds (the year 2242) a float number of seconds is within half a microsecond.
_FLOAT_EXACT_US = 2**33 * 1_000_000
#: A compiled range with more intervals than this gets no day index, so its datetime copies
#: (about 200 bytes an interval) are never built. Ranges do not grow past it (see _may_hold):
#: only one first compiled for a span that holds more (a single query pairing instants
#: decades apart on a calendar with many spans a day) goes without.
_WALL_LIMIT = 100_000

_NO_SKEW = timedelta(0)


class _Day:
    """A day's entry in a day index: the first interval ending after the day's 00:00.

    ``close`` and ``open`` are that interval's closing and opening (datetimes of the side's
    zone), ``cum`` the open time before it (``tcum``), ``skew`` the day's UTC offset minus its
    opening's (zero but where the interval spans a DST change: a wall-clock difference from the
    opening to an instant of the day is that much more than real time), ``index`` its place in
    the interval lists, and ``offset`` the day's UTC offset in microseconds. ``side`` and
    ``st`` are the side and the compiled range the entry belongs to: the hot path reads the
    rest of a query from them, so an entry found in the timeline's own day index
    (:attr:`Timeline.zdays`, :attr:`Timeline.udays`) answers from its range whichever range is
    current.
    """

    __slots__ = ("close", "cum", "index", "offset", "open", "side", "skew", "st")

    def __init__(
        self,
        close: datetime,
        open_: datetime,
        cum: timedelta,
        skew: timedelta,
        index: int,
        offset: int,
        side: _Side,
        st: _State,
    ) -> None:
        self.close = close
        self.open = open_
        self.cum = cum
        self.skew = skew
        self.index = index
        self.offset = offset
        self.side = side
        self.st = st


class _Side:
    """What the hot path reads for one kind of input datetime (the calendar's zone, or UTC):
    each interval's opening and closing as datetimes in that zone, the UTC offset at each
    opening (microseconds), and the day index: a list by ``ordinal - first`` of :class:`_Day`
    entries (None: not indexed)."""

    __slots__ = ("closes", "days", "first", "offsets", "opens")

    def __init__(
        self,
        first: int,
        days: list[_Day | None],
        opens: list[datetime],
        closes: list[datetime],
        offsets: list[int],
    ) -> None:
        self.first = first
        self.days = days
        self.opens = opens
        self.closes = closes
        self.offsets = offsets


_NO_SIDE = _Side(0, [], [], [], [])


class _State:
    """One compiled range of open time: its interval lists never change once built.

    Besides the three integer lists, a state holds what the calendar's hot path reads: datetime
    copies of the intervals, built on first use, and day indexes, filled in as days are queried
    (:meth:`Timeline.day_entry`).
    """

    __slots__ = (
        "_np_cache",
        "cum",
        "ends",
        "hi",
        "lo",
        "n",
        "starts",
        "tcum",
        "uside",
        "y0",
        "y1",
        "zside",
    )

    def __init__(
        self,
        y0: int,
        y1: int,
        lo: int,
        hi: int,
        starts: list[int],
        ends: list[int],
    ) -> None:
        self.y0 = y0
        self.y1 = y1
        self.lo = lo
        self.hi = hi
        self.starts = starts
        self.ends = ends
        self.n = len(starts)
        cum = [0] * (self.n + 1)
        total = 0
        for i, (s, e) in enumerate(zip(starts, ends, strict=True)):
            total += e - s
            cum[i + 1] = total
        self.cum = cum
        self._np_cache: Any = None
        # The hot path (BusinessCalendar.is_open/elapsed/add) works on datetimes directly:
        # two aware datetimes with the same tzinfo compare and subtract by their wall clocks
        # in C, with no utcoffset() call, and that is real time when both have the same UTC
        # offset. So a side (see ``_Side``) holds, for one kind of input datetime, each
        # interval's opening and closing instant as datetimes in that zone, the UTC offset at
        # each opening, and a day index: for each day with one UTC offset wholly inside the
        # range, the first interval ending after its 00:00 (a datetime of that day finds its
        # interval there or by stepping on from it, instead of bisecting the whole range),
        # with that interval's datetimes in the entry itself, so a query touches few objects.
        # ``zside`` is for the calendar's zone (by local date), ``uside`` for UTC (by UTC
        # date); ``tcum`` is ``cum`` as timedeltas. The lists are built whole and swapped in
        # by :meth:`Timeline.day_entry` before it indexes a first day, so a reader sees either
        # no lists or complete ones; entries are filled in one by one as days are queried.
        self.tcum: list[timedelta] = []
        self.zside: _Side = _NO_SIDE
        self.uside: _Side = _NO_SIDE

    def has_day(self, ordinal: int, *, utc: bool = False) -> bool:
        """Is the day ``ordinal`` (local, or UTC) in the day index? (For tests.)"""
        side = self.uside if utc else self.zside
        k = ordinal - side.first
        return 0 <= k < len(side.days) and side.days[k] is not None

    def indexed_days(self, *, utc: bool = False) -> int:
        """How many days are in the day index (local, or UTC)."""
        return sum(e is not None for e in (self.uside if utc else self.zside).days)

    def position(self, x: int) -> tuple[int, int]:
        """``(i, C(x))``: the first interval ending after ``x`` and open time before ``x``."""
        i = bisect_right(self.ends, x)
        if i < self.n:
            s = self.starts[i]
            return i, self.cum[i] + (x - s if x > s else 0)
        return i, self.cum[i]


#: (zone key, UTC year) -> the zone's changes of offset that year, for every timeline (the
#: calendars of one policy share their zone). A dict read and written whole per key.
_TRANSITIONS: dict[tuple[str, int], tuple[list[int], list[int]]] = {}

#: The state of a timeline that has compiled nothing yet: an empty range that covers no
#: instant, so every query compiles first.
_UNCOMPILED = _State(0, 0, 0, 0, [], [])


class Timeline:
    """Compiled open time of one calendar, in epoch microseconds.

    A few compiled ranges (``_State``) are kept, the most recently used first (``current``,
    which the hot path reads); each covers whole local years, at most
    :data:`_MAX_STATE_YEARS` of them, and grows by doubling towards the queries that reach
    past it. Ranges far apart coexist (at most :data:`_MAX_STATES`; the least recently used is
    dropped). Arithmetic that crosses ranges, or reaches further than one range may grow,
    walks whole years using each year's total of open time (compiled for that year alone and
    cached), so its cost grows with the years walked, never with an earlier query's history.
    Years that cannot hold open time (inside a closure, or without an open date on a calendar
    with no weekly hours) are skipped without compiling them.
    """

    __slots__ = (
        "_closed",
        "_closures",
        "_codes",
        "_dated",
        "_day_base",
        "_first_feature_year",
        "_holiday_years",
        "_last_feature_year",
        "_open_dates",
        "_own",
        "_special",
        "_spill",
        "_states",
        "_weekly",
        "_weekly_empty",
        "_year_totals",
        "current",
        "udays",
        "zdays",
        "zone",
    )

    def __init__(
        self,
        zone: ZoneInfo,
        *,
        weekly: Sequence[Sequence[tuple[int, int]]],
        special: dict[date, Sequence[tuple[int, int]]] | None = None,
        closed: frozenset[date] = frozenset(),
        holidays: tuple[str, ...] = (),
        closures: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.zone = zone
        # Spans as microseconds from local midnight, by weekday and by dated ordinal.
        self._weekly = tuple(tuple((s * _MIN_US, e * _MIN_US) for s, e in day) for day in weekly)
        special = special or {}
        self._special = {
            d.toordinal(): tuple((s * _MIN_US, e * _MIN_US) for s, e in spans)
            for d, spans in special.items()
        }
        self._closed = frozenset(d.toordinal() for d in closed)
        self._codes = holidays
        self._closures = merge(sorted(closures))
        self._weekly_empty = not any(self._weekly)
        #: Each weekday's open time before its midnight, and after it (overnight spans).
        self._own = tuple(sum(min(e, DAY_US) - s for s, e in day) for day in self._weekly)
        self._spill = tuple(sum(max(e - DAY_US, 0) for _, e in day) for day in self._weekly)
        #: Ordinals of every dated feature (special hours, closed dates), sorted.
        self._dated = sorted({*self._special, *self._closed})
        #: Ordinals of the dates with open special hours, sorted (the only open time of a
        #: calendar without weekly hours).
        self._open_dates = sorted(o for o, spans in self._special.items() if spans)
        years = [date.fromordinal(o).year for o in (*self._special, *self._closed)]
        years += [self._year_near(x) for c in self._closures for x in c]
        self._first_feature_year = min(years) if years else None
        self._last_feature_year = max(years) if years else None
        #: The most recently used compiled range (the uncompiled placeholder at first).
        self.current: _State = _UNCOMPILED
        #: Every compiled range kept, most recently used first.
        self._states: list[_State] = []
        #: Local date ordinal -> its entry in the zone-side day index of a kept range: the
        #: hot path looks a datetime of this zone up here, so queries alternating between
        #: far-apart ranges answer as fast as queries in one (no range to switch to first).
        #: Entries of a range that is dropped are removed with it.
        self.zdays: dict[int, _Day] = {}
        #: The same for UTC dates and the ranges' UTC-side day indexes (every other input).
        self.udays: dict[int, _Day] = {}
        #: ordinal -> epoch microseconds of local midnight, for days with one UTC offset.
        self._day_base: dict[int, int | Literal[False]] = {}
        #: local year -> open microseconds in [Jan 1 00:00, next Jan 1 00:00).
        self._year_totals: dict[int, int] = {}
        #: local year -> ordinals of holiday dates.
        self._holiday_years: dict[int, frozenset[int]] = {}

    # --- conversions ----------------------------------------------------------------------

    def instant(self, value: datetime) -> int:
        """:func:`to_us`, faster for datetimes in this calendar's own zone.

        For a local day whose UTC offset is the same from midnight to midnight, the day's
        epoch base is cached, so no ``utcoffset()`` call is needed; days with a DST change
        (cached as ``False``) and other zones take :func:`to_us`. Exact either way.
        """
        if value.tzinfo is self.zone:
            base = self._base_of(value.toordinal())
            if base is not False:
                return (
                    base
                    + (value.hour * 3600 + value.minute * 60 + value.second) * 1_000_000
                    + value.microsecond
                )
        return to_us(value)

    def _base_of(self, ordinal: int) -> int | Literal[False]:
        """The epoch microseconds of local 00:00 of the day ``ordinal`` if the day has one UTC
        offset, else False (cached)."""
        base = self._day_base.get(ordinal)
        return self._learn_day(ordinal) if base is None else base

    def _learn_day(self, ordinal: int) -> int | Literal[False]:
        """Cache (and return) the epoch base of a day with one UTC offset, else False."""
        day = date.fromordinal(ordinal)
        zone = self.zone
        # Checked hourly and at the last microsecond, in both folds: any change shows.
        offsets = {
            datetime.combine(day, t, zone).replace(fold=f).utcoffset()
            for t in (*(time(h) for h in range(24)), time(23, 59, 59, 999_999))
            for f in (0, 1)
        }
        base: int | Literal[False] = False
        if len(offsets) == 1:
            (off,) = offsets
            assert off is not None  # noqa: S101 - an aware datetime's offset
            base = (ordinal - EPOCH_ORDINAL) * DAY_US - off // US
        if len(self._day_base) < _DAY_BASE_LIMIT:
            self._day_base[ordinal] = base
        return base

    def day_entry(self, value: datetime, x: int) -> None:
        """Enter the days of ``value`` (instant ``x``) into the current state's day indexes,
        where they qualify: its local date when ``value`` is in this zone on a day with one UTC
        offset, and its UTC date, each lying wholly inside the compiled range. Builds the
        state's datetime copies of its intervals on first use."""
        st = self.current
        if st.n > _WALL_LIMIT or st.n == 0 or not st.lo <= x < st.hi:
            return
        if value.tzinfo is self.zone:
            ordinal = value.toordinal()
            base = self._base_of(ordinal)
            if base is not False:
                self._enter(st, ordinal, base, utc=False)
        ordinal = x // DAY_US + EPOCH_ORDINAL
        self._enter(st, ordinal, (ordinal - EPOCH_ORDINAL) * DAY_US, utc=True)

    def _enter(self, st: _State, ordinal: int, base: int, *, utc: bool) -> None:
        """Index the day ``ordinal`` whose 00:00 is the instant ``base``."""
        if not st.lo <= base <= st.hi - DAY_US:
            return
        if not st.tcum:
            self._build_sides(st)
        side = st.uside if utc else st.zside
        k = ordinal - side.first
        index = side.days
        if not 0 <= k < len(index) or index[k] is not None:
            return
        i0 = bisect_right(st.ends, base)
        if i0 >= st.n:
            return
        off = (ordinal - EPOCH_ORDINAL) * DAY_US - base  # 00:00 read as UTC, minus 00:00
        # One shared zero for nearly every day (the hot path reads it on each query).
        opening = side.offsets[i0]
        skew = _NO_SKEW if off == opening else timedelta(0, 0, off - opening)
        entry = _Day(side.closes[i0], side.opens[i0], st.tcum[i0], skew, i0, off, side, st)
        index[k] = entry
        if st in self._states:  # (not a range another thread has just dropped)
            (self.udays if utc else self.zdays)[ordinal] = entry

    def _build_sides(self, st: _State) -> None:
        """Build ``st``'s datetime copies of its intervals, in this zone and in UTC, with
        empty day indexes, and ``tcum``, and swap them in."""
        to_dt = self.to_datetime
        # Each interval's opening and closing are created one after the other, so they lie
        # side by side in memory: a query that reads one usually finds the other in cache.
        spans = [(to_dt(s), to_dt(e)) for s, e in zip(st.starts, st.ends, strict=True)]
        opens = [o for o, _ in spans]
        closes = [c for _, c in spans]
        distinct: dict[int, int] = {}  # one int object per distinct offset
        offsets = []
        for dt in opens:
            off = dt.utcoffset() // US  # type: ignore[operator]
            offsets.append(distinct.setdefault(off, off))
        first = to_dt(st.lo).toordinal()
        days = to_dt(st.hi - 1).toordinal() + 1 - first
        st.zside = _Side(first, [None] * min(days, _DAY_BASE_LIMIT), opens, closes, offsets)
        spans = [
            (EPOCH + timedelta(0, 0, s), EPOCH + timedelta(0, 0, e))
            for s, e in zip(st.starts, st.ends, strict=True)
        ]
        first = st.lo // DAY_US + EPOCH_ORDINAL
        days = (st.hi - 1) // DAY_US + EPOCH_ORDINAL + 1 - first
        st.uside = _Side(
            first,
            [None] * min(days, _DAY_BASE_LIMIT),
            [o for o, _ in spans],
            [c for _, c in spans],
            [0] * st.n,
        )
        st.tcum = [timedelta(0, 0, c) for c in st.cum]

    def to_datetime(self, x: int) -> datetime:
        """Epoch microseconds -> aware datetime in the calendar's zone, exactly."""
        try:
            if -_FLOAT_EXACT_US < x < _FLOAT_EXACT_US:
                # x / 1e6 is within 0.48 us of x; fromtimestamp splits off the whole seconds
                # and rounds the fraction to the nearest microsecond: exactly x.
                return datetime.fromtimestamp(x / 1_000_000, self.zone)
            seconds, micro = divmod(x, 1_000_000)
            return datetime.fromtimestamp(seconds, self.zone).replace(microsecond=micro)
        except (OverflowError, OSError, ValueError):
            raise OutOfRangeError.for_value("the result") from None

    def year_of(self, x: int) -> int:
        """The local (calendar-zone) year of instant ``x`` (a query's instant, or where a
        search has reached), or OutOfRangeError outside the supported years."""
        try:
            year = self.to_datetime(x).year
        except OutOfRangeError:
            what = "a query reaching " + ("before the year 2" if x < 0 else "beyond the year 9998")
            raise OutOfRangeError.for_value(what) from None
        if not MIN_YEAR <= year <= MAX_YEAR:
            what = f"a query reaching the year {year}"
            raise OutOfRangeError.for_value(what)
        return year

    def _year_near(self, x: int) -> int:
        """The local year of ``x``, clamped to the supported years (for dated features)."""
        try:
            return self.year_of(x)
        except OutOfRangeError:
            return MIN_YEAR if x < 0 else MAX_YEAR

    def local_to_us(self, naive: datetime) -> int:
        """The first instant at which the local clock shows ``naive`` or later."""
        zone = self.zone
        off0 = naive.replace(tzinfo=zone).utcoffset()
        off1 = naive.replace(tzinfo=zone, fold=1).utcoffset()
        assert off0 is not None  # noqa: S101 - zoneinfo always answers
        assert off1 is not None  # noqa: S101
        base = (naive - EPOCH_NAIVE) // US
        if off0 >= off1:
            # An ordinary time, or a fold: fold=0 is the first occurrence.
            return base - off0 // US
        # A gap (the offset grows from off0 to off1): the answer is the transition instant,
        # the first instant whose offset is off1. Search whole seconds between the two readings.
        lo = (base - off1 // US) // 1_000_000
        hi = -((-(base - off0 // US)) // 1_000_000)
        while lo < hi:
            mid = (lo + hi) // 2
            if (EPOCH + timedelta(seconds=mid)).astimezone(zone).utcoffset() == off1:
                hi = mid
            else:
                lo = mid + 1
        return lo * 1_000_000

    def _wall_to_us(self, wall: int) -> int:
        """:meth:`local_to_us` of a wall time given as microseconds since 1970-01-01 00:00."""
        return self.local_to_us(EPOCH_NAIVE + timedelta(0, 0, wall))

    def _midnight(self, year: int) -> int:
        """Local 00:00 of January 1 of ``year``, as an instant."""
        return self.local_to_us(datetime(year, 1, 1))  # noqa: DTZ001 - a wall time, converted

    # --- compilation ----------------------------------------------------------------------

    def _offset_at(self, seconds: int) -> int:
        """The zone's UTC offset (microseconds) at an instant given in epoch seconds."""
        off = datetime.fromtimestamp(seconds, self.zone).utcoffset()
        return off // US  # type: ignore[operator]

    def _transitions_of(self, year: int) -> tuple[list[int], list[int]]:
        """The instants (epoch seconds) in the UTC year ``year`` at which the zone's offset
        changes, and the offsets (microseconds): ``offsets[k]`` holds before ``times[k]``,
        the last one after the last change.

        Offsets are read every three days and a change is found to the second by bisection;
        two changes less than three days apart would be missed, and no zone in the tz
        database has them since the year 1800 (the closest: 3.99 days, Freetown in 1939; a
        test checks the installed tzdata).
        """
        key = (self.zone.key, year)
        found = _TRANSITIONS.get(key)
        if found is not None:
            return found
        year = min(max(year, 1), 9999)
        lo = max((date(year, 1, 1).toordinal() - EPOCH_ORDINAL) * 86_400, _FIRST_SECOND)
        hi = _LAST_SECOND
        if year < 9999:
            hi = min((date(year + 1, 1, 1).toordinal() - EPOCH_ORDINAL) * 86_400, hi)
        offset_at = self._offset_at
        times: list[int] = []
        offsets = [offset_at(lo)]
        s = lo
        while s < hi:
            nxt = min(s + _SAMPLE_SECONDS, hi)
            off = offset_at(nxt)
            if off != offsets[-1]:
                a, b = s, nxt  # offset(a) is the old one, offset(b) the new one
                while b - a > 1:
                    mid = (a + b) // 2
                    if offset_at(mid) == offsets[-1]:
                        a = mid
                    else:
                        b = mid
                times.append(b)
                offsets.append(off)
            s = nxt
        if len(_TRANSITIONS) >= _TRANS_YEARS_LIMIT:
            _TRANSITIONS.clear()
        _TRANSITIONS[key] = found = (times, offsets)
        return found

    def _holidays_in(self, year: int) -> frozenset[int]:
        """Ordinals of the holidays of the calendar's codes in the local ``year``."""
        found = self._holiday_years.get(year)
        if found is None:
            from ._holidays import holiday_dates

            found = frozenset(
                d.toordinal() for code in self._codes for d in holiday_dates(code, year)
            )
            if len(self._holiday_years) >= _TRANS_YEARS_LIMIT:
                self._holiday_years.clear()
            self._holiday_years[year] = found
        return found

    def _raw(self, y0: int, y1: int) -> list[tuple[int, int]]:
        """The open intervals of the days from Dec 31 of ``y0 - 1`` (its overnight spans run
        into ``y0``) to Dec 31 of ``y1``, before merging and closures.

        A day far from any change of the zone's UTC offset turns its wall times into instants
        with one subtraction; a day near one takes :meth:`local_to_us` for each.
        """
        first = date(y0, 1, 1).toordinal() - 1
        last = date(y1, 12, 31).toordinal()
        weekly, special, closed = self._weekly, self._special, self._closed
        holidays: frozenset[int] = frozenset()
        if self._codes:
            holidays = frozenset().union(*(self._holidays_in(y) for y in range(y0 - 1, y1 + 1)))
        times: list[int] = []
        offsets: list[int] = []
        for year in range(y0 - 1, y1 + 2):
            t, o = self._transitions_of(year)
            if not offsets:
                offsets = [o[0]]
            times += t
            offsets += o[1:]
        wall = self._wall_to_us
        out: list[tuple[int, int]] = []
        k = 0
        count = len(times)
        for ordinal in range(first, last + 1):
            spans = special.get(ordinal)
            if spans is None:
                if ordinal in closed or ordinal in holidays:
                    continue
                spans = weekly[(ordinal - 1) % 7]
            if not spans:
                continue
            day0 = (ordinal - EPOCH_ORDINAL) * DAY_US  # local 00:00, read as UTC
            start = day0 // 1_000_000 - _NEAR_SECONDS  # the instants this day's wall times
            while k < count and times[k] < start:  # can name lie within 26 h of the day
                k += 1
            if k < count and times[k] <= start + 2 * 86_400 + 2 * _NEAR_SECONDS:
                for s, e in spans:
                    su, eu = wall(day0 + s), wall(day0 + e)
                    if eu > su:  # a span wholly inside a DST gap is empty
                        out.append((su, eu))
            else:
                off = offsets[k]
                for s, e in spans:
                    out.append((day0 + s - off, day0 + e - off))
        return out

    def _finish(self, raw: list[tuple[int, int]]) -> list[tuple[int, int]]:
        raw.sort()
        return subtract(merge(raw), self._closures)

    def _compile(self, y0: int, y1: int) -> _State:
        if y0 < MIN_YEAR or y1 > MAX_YEAR:
            what = f"a query reaching the year {y0 if y0 < MIN_YEAR else y1}"
            raise OutOfRangeError.for_value(what)
        merged = self._finish(self._raw(y0, y1))
        return _State(
            y0,
            y1,
            self._midnight(y0),
            self._midnight(y1 + 1),
            [s for s, _ in merged],
            [e for _, e in merged],
        )

    def _grown(self, st: _State, y0: int, y1: int) -> _State:
        """``st`` grown to the years ``y0`` to ``y1``: only the new years are compiled, and the
        lists are joined (where the seams' intervals touch, they merge)."""
        if y0 < MIN_YEAR or y1 > MAX_YEAR:
            what = f"a query reaching the year {y0 if y0 < MIN_YEAR else y1}"
            raise OutOfRangeError.for_value(what)
        items = list(zip(st.starts, st.ends, strict=True))
        if y0 < st.y0:
            items += self._finish(self._raw(y0, st.y0 - 1))
        if y1 > st.y1:
            items += self._finish(self._raw(st.y1 + 1, y1))
        merged = merge(sorted(items))
        return _State(
            y0,
            y1,
            st.lo if y0 == st.y0 else self._midnight(y0),
            st.hi if y1 == st.y1 else self._midnight(y1 + 1),
            [s for s, _ in merged],
            [e for _, e in merged],
        )

    def _use(self, st: _State, replaces: _State | None = None) -> _State:
        """Make ``st`` the current range (most recently used), keeping at most _MAX_STATES.

        The list is replaced, never changed in place, so a reader going through it sees
        every range of one version of it."""
        states = [st]
        dropped = [] if replaces is None or replaces is st else [replaces]
        for other in self._states:
            if other is not st and other is not replaces:
                states.append(other)
        dropped += states[_MAX_STATES:]
        del states[_MAX_STATES:]
        self._states = states
        self.current = st
        for old in dropped:
            self._forget_days(old)
        return st

    def _forget_days(self, st: _State) -> None:
        """Remove the entries of the dropped range ``st`` from :attr:`zdays` and
        :attr:`udays`, and empty its own day indexes: an entry refers to its range, so the
        range, its datetime copies and its entries are freed at once, not by a later run of
        the cycle collector (a growing range would otherwise leave each smaller one behind
        for a while)."""
        for side, index in ((st.zside, self.zdays), (st.uside, self.udays)):
            if side is _NO_SIDE:
                continue
            for k, entry in enumerate(side.days):
                if entry is not None and index.get(side.first + k) is entry:
                    del index[side.first + k]
            side.days = []

    def state(self) -> _State | None:
        """The current compiled range, if any (for tests and memory accounting)."""
        return None if self.current is _UNCOMPILED else self.current

    def states(self) -> tuple[_State, ...]:
        """Every compiled range kept, most recently used first (for tests)."""
        return tuple(self._states)

    def _covering(self, x: int) -> _State | None:
        st = self.current
        if st.lo <= x < st.hi:
            return st
        for other in self._states:
            if other.lo <= x < other.hi:
                return self._use(other)
        return None

    def at(self, x: int) -> _State:
        """A range covering ``x`` (the current one when it does): a kept one, one grown
        towards ``x`` when that stays within :data:`_MAX_STATE_YEARS`, or a new one."""
        st = self._covering(x)
        if st is not None:
            return st
        year = self.year_of(x)
        for other in self._states:
            grown = self._reach(other, year, year)
            if grown is not None:
                return self._fit(self._use(grown, other), x, x)
        return self._fit(self._use(self._compile(year, year)), x, x)

    def _reach(self, st: _State, ya: int, yb: int) -> _State | None:
        """``st`` grown (by doubling) to cover the local years ``ya`` to ``yb``, or None when
        they lie far from it (a new range is better) or it would grow past the cap."""
        if ya > st.y1 + _FAR_YEARS or yb < st.y0 - _FAR_YEARS:
            return None
        step = min(st.y1 - st.y0 + 1, _MAX_STEP_YEARS)
        y0 = min(ya, st.y0 - step) if ya < st.y0 else st.y0
        y1 = max(yb, st.y1 + step) if yb > st.y1 else st.y1
        y0, y1 = max(y0, MIN_YEAR), min(y1, MAX_YEAR)
        if not self._may_hold(st, y0, y1):
            y0, y1 = max(min(ya, st.y0), MIN_YEAR), min(max(yb, st.y1), MAX_YEAR)
            if not self._may_hold(st, y0, y1):
                return None
        return self._grown(st, y0, y1)

    @staticmethod
    def _may_hold(st: _State, y0: int, y1: int) -> bool:
        """May ``st`` grow to the years ``y0`` to ``y1``: at most :data:`_MAX_STATE_YEARS`,
        and, at its intervals per year so far, at most :data:`_WALL_LIMIT` intervals (so no
        range grows too large for its day index: the hot path stays on in every range)?"""
        years = y1 - y0 + 1
        return years <= _MAX_STATE_YEARS and st.n * years <= _WALL_LIMIT * (st.y1 - st.y0 + 1)

    def _fit(self, st: _State, a: int, b: int) -> _State:
        """``st`` itself, or grown a year where a fold across New Year's midnight leaves an
        edge instant outside it."""
        while not (st.lo <= a and b < st.hi):
            grown = self._grown(st, st.y0 - (st.lo > a), st.y1 + (b >= st.hi))
            st = self._use(grown, st)
        return st

    def ensure(self, a: int, b: int) -> _State:
        """A range covering the instants ``a`` and ``b`` (``a <= b``) that lie at most
        :data:`_MAX_STATE_YEARS` apart (callers of farther pairs walk years)."""
        st = self._covering(a)
        if st is not None and b < st.hi:
            return st
        ya, yb = self.year_of(a), self.year_of(b)
        base = st or self._covering(b)
        if base is not None:
            grown = self._reach(base, ya, yb)
            if grown is not None:
                return self._fit(self._use(grown, base), a, b)
        if yb - ya + 1 > _MAX_STATE_YEARS:
            msg = f"a range of more than {_MAX_STATE_YEARS} years"
            raise OutOfRangeError.for_value(msg)
        return self._fit(self._use(self._compile(ya, yb)), a, b)

    def _fits(self, a: int, b: int) -> bool:
        """Can one range cover both instants (they lie within the cap's years)?"""
        return self.year_of(b) - self.year_of(a) < _MAX_STATE_YEARS

    # --- whole years ----------------------------------------------------------------------

    def _year_total(self, year: int) -> int:
        """Open microseconds in the local ``year`` (cached): read off a kept range that holds
        the year, else compiled for that year alone, or zero without compiling for a year
        that cannot hold open time."""
        total = self._year_totals.get(year)
        if total is not None:
            return total
        lo, hi = self._midnight(year), self._midnight(year + 1)
        if not self._may_open(year, lo, hi):
            total = 0
        else:
            st = next((s for s in self._states if s.lo <= lo and hi <= s.hi), None)
            plain = None if st is not None else self._plain_total(year, lo, hi)
            if plain is not None:
                total = plain
            else:
                if st is None:
                    st = self._compile(year, year)
                total = st.position(hi)[1] - st.position(lo)[1]
        if len(self._year_totals) >= _TRANS_YEARS_LIMIT:
            self._year_totals.clear()
        self._year_totals[year] = total
        return total

    def _plain_total(self, year: int, lo: int, hi: int) -> int | None:
        """The open time of a plain ``year`` counted without compiling it, or None when the
        year is not plain (a dated feature, a closure, or a change of the zone's offset near
        New Year touches it).

        Weekly hours give each weekday its open time before midnight (``own``) and after it
        (``spill``, an overnight span's part on the next day); the year holds each weekday's
        count of both, less the holidays' (a holiday closes its day's spans, spill too), and,
        for the few days near a change of offset, their real open time instead.
        """
        first = date(year, 1, 1).toordinal()
        last = date(year, 12, 31).toordinal()
        dated = self._dated
        i = bisect_left(dated, first - 1)
        if i < len(dated) and dated[i] <= last:
            return None
        closures = self._closures
        j = bisect_left(closures, (lo - 2 * DAY_US,))
        if j > 0 and closures[j - 1][1] > lo - 2 * DAY_US:
            return None
        if j < len(closures) and closures[j][0] < hi + 2 * DAY_US:
            return None
        times: list[int] = []
        for y in (year - 1, year, year + 1):
            times += self._transitions_of(y)[0]
        edge = 3 * 86_400
        lo_s, hi_s = lo // 1_000_000, hi // 1_000_000
        if any(abs(t - lo_s) < edge or abs(t - hi_s) < edge for t in times):
            return None
        holidays: frozenset[int] = frozenset()
        if self._codes:
            holidays = self._holidays_in(year) | self._holidays_in(year - 1)
        own, spill = self._own, self._spill
        days = last - first + 1
        w0 = (first - 1) % 7  # the weekday of Jan 1
        total = 0
        for w in range(7):
            count = 52 + ((w - w0) % 7 < days - 364)  # Jan 1 .. Dec 31
            count_spill = 52 + ((w - w0 + 1) % 7 < days - 364)  # Dec 31 before .. Dec 30
            total += count * own[w] + count_spill * spill[w]
        for o in holidays:
            w = (o - 1) % 7
            if first <= o <= last:
                total -= own[w]
            if first - 1 <= o <= last - 1:
                total -= spill[w]
        near: set[int] = set()
        for t in times:
            if lo_s <= t < hi_s:
                day = t // 86_400 + EPOCH_ORDINAL
                near.update(range(day - 3, day + 2))
        weekly, wall = self._weekly, self._wall_to_us
        for o in near - holidays:
            if not first <= o <= last - 1:
                continue
            w = (o - 1) % 7
            day0 = (o - EPOCH_ORDINAL) * DAY_US
            real = sum(max(0, wall(day0 + e) - wall(day0 + s)) for s, e in weekly[w])
            total += real - own[w] - spill[w]
        return total

    def _may_open(self, year: int, lo: int, hi: int) -> bool:
        """Could the local ``year`` (from ``lo`` to ``hi``) hold open time? False when a
        closure covers it, or when the calendar has no weekly hours and no open date falls
        in it (or on the Dec 31 before, whose overnight spans run into it)."""
        closures = self._closures
        i = bisect_right(closures, (lo, _MAX_US)) - 1
        if i >= 0 and closures[i][0] <= lo and closures[i][1] >= hi:
            return False
        if self._weekly_empty:
            first = date(year, 1, 1).toordinal() - 1
            j = bisect_left(self._open_dates, first)
            return j < len(self._open_dates) and self._open_dates[j] <= first + 366
        return True

    def _skip_forward(self, year: int) -> int:
        """The first local year from ``year`` on that may hold open time (or MAX_YEAR + 1):
        whole closed stretches are stepped over in one move each."""
        while year <= MAX_YEAR:
            if self._weekly_empty:
                j = bisect_left(self._open_dates, date(year, 1, 1).toordinal() - 1)
                if j >= len(self._open_dates):
                    return MAX_YEAR + 1
                year = max(year, date.fromordinal(self._open_dates[j]).year)
            lo = self._midnight(year)
            closures = self._closures
            i = bisect_right(closures, (lo, _MAX_US)) - 1
            if i >= 0 and closures[i][0] <= lo and closures[i][1] >= self._midnight(year + 1):
                year = self._year_near(closures[i][1])
                if closures[i][1] >= self._midnight(year + 1):  # ends after MAX_YEAR
                    return MAX_YEAR + 1
                continue
            return year
        return year

    def _skip_backward(self, year: int) -> int:
        """The mirror of :meth:`_skip_forward` (or MIN_YEAR - 1)."""
        while year >= MIN_YEAR:
            if self._weekly_empty:
                j = bisect_right(self._open_dates, date(year, 12, 31).toordinal()) - 1
                if j < 0:
                    return MIN_YEAR - 1
                year = min(year, date.fromordinal(self._open_dates[j]).year + 1)
            lo, hi = self._midnight(year), self._midnight(year + 1)
            closures = self._closures
            i = bisect_right(closures, (lo, _MAX_US)) - 1
            if i >= 0 and closures[i][0] <= lo and closures[i][1] >= hi:
                before = self._year_near(closures[i][0])
                if closures[i][0] <= self._midnight(before):
                    before -= 1
                if before >= year:  # pragma: no cover - a closure covering the year starts in it
                    before = year - 1
                year = before
                continue
            return year
        return year

    def _check_span(self, origin: int, year: int, what: str) -> None:
        """A query from ``origin`` may reach the local ``year`` (within MAX_SPAN_YEARS)."""
        if abs(year - self.year_of(origin)) > MAX_SPAN_YEARS:
            raise OutOfRangeError.span(what, MAX_SPAN_YEARS)

    # --- searches ---------------------------------------------------------------------------

    def _forward(self, st: _State, origin: int, seeking: str) -> _State:
        """The range after ``st`` for a search from ``origin`` for ``seeking`` (``"open"`` or
        ``"close"``): ``st`` grown, or the next range that may hold open time; gives up when
        hopeless."""
        edge, limit = self._horizon(origin, forward=True)
        if st.y1 >= limit:
            edge_us = self._midnight(edge + 1)
            i = bisect_right(st.ends, edge_us)
            at = str(self.to_datetime(origin))
            if i >= st.n:
                raise NoOpenTimeError.searching("at or after", at, f"the end of {limit}")
            if seeking == "close" and st.ends[i] >= st.hi:
                raise NoOpenTimeError.never_closes(at, f"the end of {limit}")
            # Open time recurs past every dated feature: the search will succeed; go on.
        if st.y1 >= MAX_YEAR:
            raise OutOfRangeError.for_value("a result")
        year = st.y1 + 1
        if seeking == "open":
            year = self._skip_forward(year)
            if year > MAX_YEAR:
                if st.y1 < limit:
                    at = str(self.to_datetime(origin))
                    raise NoOpenTimeError.searching("at or after", at, f"the end of {limit}")
                raise OutOfRangeError.for_value("a result")
        # Whole years with nothing to find (no open time, or open from start to end when a
        # close is sought) are stepped over by their totals, without compiling them.
        while year <= min(limit, MAX_YEAR) and self._nothing_in(year, seeking):
            year += 1
        if year > limit:
            at = str(self.to_datetime(origin))
            if seeking == "close":
                raise NoOpenTimeError.never_closes(at, f"the end of {limit}")
            raise NoOpenTimeError.searching("at or after", at, f"the end of {limit}")
        if year > MAX_YEAR:
            raise OutOfRangeError.for_value("a result")
        if year == st.y1 + 1:
            grown = self._reach(st, year, year)
            if grown is not None:
                return self._use(grown, st)
        return self._at_year(year)

    def _backward(self, st: _State, origin: int, seeking: str) -> _State:
        """The mirror of :meth:`_forward`."""
        edge, limit = self._horizon(origin, forward=False)
        if st.y0 <= limit:
            edge_us = self._midnight(edge)
            if bisect_left(st.starts, edge_us) == 0:
                at = str(self.to_datetime(origin))
                raise NoOpenTimeError.searching("before", at, f"the start of {limit}")
        if st.y0 <= MIN_YEAR:
            raise OutOfRangeError.for_value("a result")
        year = self._skip_backward(st.y0 - 1)
        if year < MIN_YEAR:
            if st.y0 > limit:
                at = str(self.to_datetime(origin))
                raise NoOpenTimeError.searching("before", at, f"the start of {limit}")
            raise OutOfRangeError.for_value("a result")
        while year >= max(limit, MIN_YEAR) and self._nothing_in(year, seeking):
            year -= 1
        if year < limit:
            at = str(self.to_datetime(origin))
            raise NoOpenTimeError.searching("before", at, f"the start of {limit}")
        if year < MIN_YEAR:
            raise OutOfRangeError.for_value("a result")
        if year == st.y0 - 1:
            grown = self._reach(st, year, year)
            if grown is not None:
                return self._use(grown, st)
        return self._at_year(year)

    def _nothing_in(self, year: int, seeking: str) -> bool:
        """Does the local ``year`` hold nothing a search for ``seeking`` could find: no open
        time, or (seeking a close) open time from its start to its end?"""
        total = self._year_total(year)
        if seeking == "close":
            return total == self._midnight(year + 1) - self._midnight(year)
        return total == 0

    def _at_year(self, year: int) -> _State:
        """A range holding the local ``year``: a kept one, or compiled for it."""
        lo = self._midnight(year)
        st = self._covering(lo)
        if st is not None:
            return st
        return self._use(self._compile(year, year))

    def _horizon(self, origin: int, *, forward: bool) -> tuple[int, int]:
        """``(edge, limit)``: the year past which only the weekly pattern holds (the later of
        the query and the last dated feature), and the year at which a search that found
        nothing past ``edge`` gives up (one year for empty weekly hours, else 20)."""
        year = self.year_of(origin)
        wait = 1 if self._weekly_empty else _GIVE_UP_YEARS
        if forward:
            edge = max(year, self._last_feature_year or year)
            return edge, edge + wait
        edge = min(year, self._first_feature_year or year)
        return edge, edge - wait

    # --- queries (all in epoch microseconds) ------------------------------------------------

    def is_open(self, x: int) -> bool:
        st = self.at(x)
        i = bisect_right(st.ends, x)
        return i < st.n and st.starts[i] <= x

    def next_open(self, x: int) -> int:
        st = self.at(x)
        while True:
            i = bisect_right(st.ends, x)
            if i < st.n:
                s = st.starts[i]
                if s <= x:
                    return x
                if s < st.hi:
                    return s
            st = self._forward(st, x, "open")

    def next_close(self, x: int) -> int:
        st = self.at(x)
        while True:
            i = bisect_right(st.ends, x)
            if i < st.n and st.ends[i] < st.hi:
                return st.ends[i]
            st = self._forward(st, x, "close")

    def permits(self, x: int) -> bool:
        """Is ``x`` in a closed open interval ``[start, end]``: open, or exactly a closing
        instant (``is_open(x) or last_open(x) == x``, in one search)?"""
        st = self.at(x)
        i = bisect_left(st.ends, x)
        if i < st.n and st.starts[i] <= x:
            return True
        if x > st.lo:
            return False
        return self.is_open(x) or self.last_open(x) == x  # a close just before the range

    def last_open(self, x: int) -> int:
        """The latest instant ``u <= x`` in a closed open interval ``[start, end]``.

        ``x`` itself when it is open or exactly a closing instant, else the last close before.
        """
        st = self.at(x)
        while True:
            i = bisect_left(st.ends, x)
            if i < st.n and st.starts[i] <= x:
                return x
            if i > 0 and st.ends[i - 1] >= st.lo:
                return st.ends[i - 1]
            st = self._backward(st, x, "open")

    def elapsed(self, a: int, b: int) -> int:
        if a > b:
            return -self.elapsed(b, a)
        st = self.current
        if not (st.lo <= a and b < st.hi):
            if not self._fits(a, b):
                return self._elapsed_far(a, b)
            st = self.ensure(a, b)
        starts, ends, cum, n = st.starts, st.ends, st.cum, st.n
        i = bisect_right(ends, a)
        ca = cum[i] + (a - starts[i] if i < n and a > starts[i] else 0)
        j = bisect_right(ends, b)
        cb = cum[j] + (b - starts[j] if j < n and b > starts[j] else 0)
        return cb - ca

    def _elapsed_far(self, a: int, b: int) -> int:
        """Open time between instants too far apart for one range: the rest of ``a``'s year,
        whole years between (their totals), and the start of ``b``'s year."""
        ya, yb = self.year_of(a), self.year_of(b)
        self._check_span(a, yb, "an elapsed time")
        end_a = self._midnight(ya + 1)
        sa = self.at(a)
        head = sa.position(end_a)[1] - sa.position(a)[1]
        total = head + sum(self._year_total(y) for y in range(ya + 1, yb))
        start_b = self._midnight(yb)
        sb = self.at(b)
        return total + sb.position(b)[1] - sb.position(start_b)[1]

    def add(self, x: int, d: int) -> int:
        """The earliest instant ``u`` with ``elapsed(x, u) == d`` (``d > 0``)."""
        st = self.current
        if st.lo <= x < st.hi and d < st.cum[-1]:  # the common case: within the current range
            i = bisect_right(st.ends, x)
            s = st.starts[i] if i < st.n else x
            target = st.cum[i] + (x - s if x > s else 0) + d
            j = bisect_left(st.cum, target) - 1
            if j < st.n:
                u = st.starts[j] + (target - st.cum[j])
                if u < st.hi:
                    return u
        self._check_amount(x, d, forward=True)
        st = self.at(x)
        while True:
            i = bisect_right(st.ends, x)
            s = st.starts[i] if i < st.n else x
            target = st.cum[i] + (x - s if x > s else 0) + d
            j = bisect_left(st.cum, target) - 1
            if j < st.n:
                u = st.starts[j] + (target - st.cum[j])
                if u < st.hi:
                    return u
            grown = self._reach(st, st.y1 + 1, st.y1 + 1) if st.y1 < MAX_YEAR else None
            if grown is None or self._far_for(st, target - st.position(st.hi)[1]):
                return self._add_by_years(st, x, target)
            st = self._use(grown, st)

    def _far_for(self, st: _State, rest: int) -> bool:
        """Is ``rest`` more open time than the next growth step of ``st`` can bring? (Then
        the years are walked by their totals instead of growing ``st`` to hold them.)"""
        step = min(st.y1 - st.y0 + 1, _MAX_STEP_YEARS)
        return rest > step * _YEAR_US

    def _add_by_years(self, st: _State, x: int, target: int) -> int:
        """:meth:`add` past the range ``st``: whole years by their totals, then the year
        where the amount runs out."""
        rest = target - st.position(st.hi)[1]  # open time still to add after st.hi (> 0)
        year = st.y1 + 1
        while True:
            if year > MAX_YEAR:
                raise OutOfRangeError.for_value("a result")
            self._check_span(x, year, "an added duration")
            edge = max(self.year_of(x), self._last_feature_year or 0)
            if self._weekly_empty and year > edge + 1:
                found = target - rest - st.position(x)[1]
                raise NoOpenTimeError.not_enough(
                    "add",
                    str(self.to_datetime(x)),
                    _words(target - st.position(x)[1]),
                    _words(found),
                    f"the end of {edge}",
                )
            total = self._year_total(year)
            if rest <= total:
                return self.add(self._midnight(year), rest)
            rest -= total
            year += 1

    def subtract(self, x: int, d: int) -> int:
        """The latest instant ``u`` with ``elapsed(u, x) == d`` (``d > 0``)."""
        st = self.current
        if st.lo <= x < st.hi and d < st.cum[-1]:  # the common case: within the current range
            target = st.position(x)[1] - d
            if target >= 0:
                j = bisect_right(st.cum, target) - 1
                u = st.starts[j] + (target - st.cum[j])
                if u >= st.lo:
                    return u
        self._check_amount(x, d, forward=False)
        st = self.at(x)
        while True:
            target = st.position(x)[1] - d
            if target >= 0:
                j = bisect_right(st.cum, target) - 1
                u = st.starts[j] + (target - st.cum[j])
                if u >= st.lo:
                    return u
            grown = self._reach(st, st.y0 - 1, st.y0 - 1) if st.y0 > MIN_YEAR else None
            rest = st.position(st.lo)[1] - target
            if grown is None or self._far_for(st, rest):
                return self._subtract_by_years(st, x, rest)
            st = self._use(grown, st)

    def _subtract_by_years(self, st: _State, x: int, rest: int) -> int:
        """The mirror of :meth:`_add_by_years` (``rest``: open time still to take before
        ``st.lo``, > 0)."""
        year = st.y0 - 1
        while True:
            if year < MIN_YEAR:
                raise OutOfRangeError.for_value("a result")
            self._check_span(x, year, "a subtracted duration")
            edge = min(self.year_of(x), self._first_feature_year or MAX_YEAR)
            if self._weekly_empty and year < edge - 1:
                wanted = st.position(x)[1] - st.position(st.lo)[1] + rest
                raise NoOpenTimeError.not_enough(
                    "subtract",
                    str(self.to_datetime(x)),
                    _words(wanted),
                    _words(wanted - rest),
                    f"the start of {edge}",
                )
            total = self._year_total(year)
            if rest <= total:  # within this year: in a range that holds it (not st, which
                # starts at the year's end and may be unable to grow to it)
                end = self._midnight(year + 1)
                held = self.at(self._midnight(year))
                target = held.position(end)[1] - rest
                j = bisect_right(held.cum, target) - 1
                return held.starts[j] + (target - held.cum[j])
            rest -= total
            year -= 1

    def _check_amount(self, x: int, d: int, *, forward: bool) -> None:
        """An amount of open time is at most the real time left within reach of ``x`` (the
        supported years, and MAX_SPAN_YEARS): refused at once, before any compiling."""
        year = self.year_of(x)
        if forward:
            edge = min(year + MAX_SPAN_YEARS, MAX_YEAR)
            room = self._midnight(edge + 1) - x
        else:
            edge = max(year - MAX_SPAN_YEARS, MIN_YEAR)
            room = x - self._midnight(edge)
        if d > room:
            if edge in (MIN_YEAR, MAX_YEAR):
                raise OutOfRangeError.for_value("a result")
            verb = "an added" if forward else "a subtracted"
            msg = f"{verb} duration of {_words(d)}"
            raise OutOfRangeError.span(msg, MAX_SPAN_YEARS)

    def _fewest_intervals(self, a: int, b: int) -> int:
        """A lower bound of how many intervals ``[a, b)`` holds, found without compiling: the
        whole weeks it spans times the weekly pattern's intervals, less what every dated
        feature, holiday and offset change (a span inside a DST gap) could take away (zero
        when a closure lies in the range)."""
        weekly = self._weekly
        starts = sorted(w * DAY_US + s for w, day in enumerate(weekly) for s, _ in day)
        if not starts or any(cs < b and ce > a for cs, ce in self._closures):
            return 0
        spans = sorted(
            (w * DAY_US + s, w * DAY_US + e) for w, day in enumerate(weekly) for s, e in day
        )
        per_week = len(merge(spans))
        if per_week > 1 and spans[-1][1] >= 7 * DAY_US + spans[0][0]:
            per_week -= 1  # Sunday's span runs into Monday's
        weeks = (b - a) // (7 * DAY_US) - 1
        years = (b - a) // _YEAR_US + 2
        most = max(len(day) for day in weekly) + 1
        removable = (len(self._dated) + (40 * len(self._codes) + 4) * years) * most
        return max(0, weeks * per_week - removable)

    def is_open_array(self, x: Any) -> Any:
        """Vectorised :meth:`is_open` over an int64 array (needs numpy)."""
        return _is_open_array(self, x)

    def add_array(self, x: Any, d: int) -> Any:
        """Vectorised :meth:`add` over an int64 array (needs numpy)."""
        return _add_array(self, x, d)

    def elapsed_array(self, a: Any, b: Any) -> Any:
        """Vectorised :meth:`elapsed` over two int64 arrays (needs numpy)."""
        return _elapsed_array(self, a, b)

    def intervals(self, a: int, b: int) -> list[tuple[int, int]]:
        """Open intervals overlapping ``[a, b)``, clipped to it (``a <= b``), at most
        MAX_INTERVALS of them."""
        if a >= b:
            return []
        ya, yb = self.year_of(a), self.year_of(b)
        self._check_span(a, yb, "a range of intervals")
        if self._fewest_intervals(a, b) > MAX_INTERVALS:
            raise LimitExceededError.over(
                "intervals()", f"{MAX_INTERVALS:,} intervals", "more", "end"
            )
        out: list[tuple[int, int]] = []
        year = ya
        x = a
        while x < b:
            if yb - year < _MAX_STATE_YEARS:
                st = self.ensure(x, b)
                top = b
            else:
                st = self.ensure(x, self._midnight(year + _MAX_STATE_YEARS) - 1)
                top = st.hi
            starts, ends = st.starts, st.ends
            i = bisect_right(ends, x)
            while i < st.n and starts[i] < top:
                s, e = max(starts[i], x), min(ends[i], b)
                if out and out[-1][1] == s:  # an interval across two ranges' seam
                    out[-1] = (out[-1][0], e)
                else:
                    out.append((s, e))
                if len(out) > MAX_INTERVALS:
                    raise LimitExceededError.over(
                        "intervals()", f"{MAX_INTERVALS:,} intervals", "more", "end"
                    )
                i += 1
            x = top
            year = self.year_of(x) if x < b else year
        return out


def _words(us: int) -> str:
    """A duration in microseconds as ``timedelta`` prints it (``2:00:00``)."""
    return str(timedelta(microseconds=us))


# --- vectorised forms (numpy, optional) -------------------------------------------------------


def _np() -> Any:
    import numpy as np

    return np


def _arrays(st: _State) -> tuple[Any, Any, Any]:
    np = _np()
    cached = getattr(st, "_np_cache", None)
    if cached is None:
        cached = (
            np.asarray(st.starts, dtype=np.int64),
            np.asarray(st.ends, dtype=np.int64),
            np.asarray(st.cum, dtype=np.int64),
        )
        st._np_cache = cached
    return cached


def _positions(st: _State, x: Any) -> tuple[Any, Any]:
    """Vectorised ``_State.position``: ``(i, C(x))`` for an int64 array ``x``."""
    np = _np()
    starts, ends, cum = _arrays(st)
    i = np.searchsorted(ends, x, side="right")
    inside = i < st.n
    s = np.where(inside, starts[np.minimum(i, max(st.n - 1, 0))], 0) if st.n else np.zeros_like(x)
    c = cum[i] + np.where(inside & (x > s), x - s, 0)
    return i, c


def _array_state(tl: Timeline, x: Any) -> _State | None:
    """One range covering every instant of ``x``, or None when they lie too far apart for one
    (then the scalar route answers each)."""
    if len(x) == 0:
        return tl.ensure(0, 0)
    lo, hi = int(x.min()), int(x.max())
    if not tl._fits(lo, hi):
        return None
    return tl.ensure(lo, hi)


def _is_open_array(tl: Timeline, x: Any) -> Any:
    np = _np()
    x = np.asarray(x, dtype=np.int64)
    st = _array_state(tl, x)
    if st is None:
        return np.array([tl.is_open(int(v)) for v in x], dtype=bool)
    starts, ends, _ = _arrays(st)
    i = np.searchsorted(ends, x, side="right")
    inside = i < st.n
    return inside & (starts[np.minimum(i, max(st.n - 1, 0))] <= x) if st.n else inside


def _add_array(tl: Timeline, x: Any, d: int) -> Any:
    np = _np()
    x = np.asarray(x, dtype=np.int64)
    if d <= 0 or len(x) == 0:
        return np.array(
            [
                tl.add(int(v), d) if d > 0 else (tl.subtract(int(v), -d) if d < 0 else int(v))
                for v in x
            ],
            dtype=np.int64,
        )
    st = _array_state(tl, x)
    if st is None:
        return np.array([tl.add(int(v), d) for v in x], dtype=np.int64)
    starts, _, cum = _arrays(st)
    _, c = _positions(st, x)
    target = c + d
    j = np.searchsorted(cum, target, side="left") - 1
    ok = j < st.n
    jj = np.minimum(j, max(st.n - 1, 0))
    u = starts[jj] + (target - cum[jj])
    ok &= u < st.hi
    if not ok.all():
        # Past the compiled range: the scalar path extends it.
        for k in np.nonzero(~ok)[0]:
            u[k] = tl.add(int(x[k]), d)
    return u


def _elapsed_array(tl: Timeline, a: Any, b: Any) -> Any:
    np = _np()
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    if len(a) == 0:
        return np.zeros(0, dtype=np.int64)
    lo, hi = int(min(a.min(), b.min())), int(max(a.max(), b.max()))
    if not tl._fits(lo, hi):
        return np.array([tl.elapsed(int(p), int(q)) for p, q in zip(a, b, strict=True)])
    st = tl.ensure(lo, hi)
    return _positions(st, b)[1] - _positions(st, a)[1]


# --- the hot path -------------------------------------------------------------------------------
#
# ``BusinessCalendar.is_open``, ``elapsed`` and ``add`` are these three functions, bound as its
# methods (so they cost no extra call), written out in full for the common case: an aware
# ``datetime`` in the calendar's own zone, on a day with one UTC offset, inside the compiled
# range. Such a day has an entry in the state's day index (``_State.zside.days``, a
# :class:`_Day`) that holds the day's first interval and the range it belongs to, and the
# timeline finds it by its date in its own index (``Timeline.zdays``) whichever kept range it
# lies in, so queries alternating between far-apart ranges cost what queries in one do. The
# state keeps each interval's opening and closing instants as datetimes in that zone. Two
# datetimes with the same tzinfo compare and subtract by their wall clocks in C with no
# utcoffset() call, which is real time when their UTC offsets agree and off by the offsets'
# difference otherwise (an interval across a DST change: it is subtracted); on such a day,
# wall-clock order is time order. So a query is a dict lookup, a step or two through the day's
# intervals, and datetime/timedelta arithmetic in C (for ``add``, one bisect): exact, and no
# Python call below this frame. Any other ``ZoneInfo`` or ``timezone`` datetime (UTC from a
# database, a client's zone, the calendar's zone on a DST-change day) is first converted to
# UTC (one C call) and answered the same way from the UTC copies (``_State.uside``), its day
# found by its UTC date in ``Timeline.udays``. Every other input (other tzinfo or datetime
# types, a day not yet indexed, the range's edge, the two ends of ``elapsed`` in different
# ranges, bad arguments) takes the general route (the calendar's ``_is_open``, ``_elapsed``,
# ``_add``), which gives the same answers and indexes the day for next time. The repetition
# (the same steps for each end of ``elapsed`` and in ``add``) is deliberate: a helper call
# would cost about a tenth of a query.

_ZERO = timedelta(0)
#: ``add`` first looks for its answer among the next this-many intervals (one bisect of a few
#: steps), then in the rest of the range: the cost does not grow with the duration.
_NEAR = 8


def _in_utc(tl: Timeline, value: datetime) -> tuple[datetime, _Day | None]:
    """``value`` in UTC and its UTC day's entry in the timeline's UTC day index (None when no
    kept range has indexed it).

    Only for zones whose ``utcoffset()`` is never None (``ZoneInfo``, ``timezone``); any other
    tzinfo (or none) gets no entry, and so the general route, which checks it.
    """
    tz = value.tzinfo
    if tz is not UTC:
        kind = type(tz)
        if kind is not ZoneInfo and kind is not timezone:
            return value, None
        value = value.astimezone(UTC)
    return value, tl.udays.get(value.toordinal())


def hot_is_open(cal: Any, at: datetime) -> bool:
    """Is ``at`` inside open time? Open at the opening instant, closed at the closing one."""
    try:
        tl: Timeline = cal._engine_cache
        if type(at) is datetime:
            x = at
            day = tl.zdays.get(at.toordinal()) if at.tzinfo is tl.zone else None
            if day is None:
                x, day = _in_utc(tl, at)
            if day is not None:
                if day.close > x:  # before the day's first closing
                    return day.open <= x
                side = day.side
                closes = side.closes
                i = day.index + 1
                while closes[i] <= x:
                    i += 1
                return side.opens[i] <= x
    except (AttributeError, IndexError, OverflowError):
        pass
    answer: bool = cal._is_open(at)
    return answer


def hot_elapsed(cal: Any, start: datetime, end: datetime) -> timedelta:
    """Open time between two instants (negative when ``end < start``)."""
    try:
        tl: Timeline = cal._engine_cache
        if type(start) is datetime and type(end) is datetime:
            zone = tl.zone
            zdays = tl.zdays
            xa, xb = start, end
            da = zdays.get(start.toordinal()) if start.tzinfo is zone else None
            if da is None:
                xa, da = _in_utc(tl, start)
            db = zdays.get(end.toordinal()) if end.tzinfo is zone else None
            if db is None:
                xb, db = _in_utc(tl, end)
            # Both entries of one range (open time is summed within one).
            if da is not None and db is not None and da.st is db.st:
                st = da.st
                side_a = da.side
                side_b = db.side
                # Open time before each instant: from the day's first interval when the
                # instant comes before its closing, else from the one it steps on to. A
                # wall-clock difference from an opening with another UTC offset (an interval
                # across a DST change) is corrected by the offsets' difference.
                if da.close > xa:
                    o = da.open
                    if xa > o:
                        a = da.cum + (xa - o)
                        if da.skew:
                            a -= da.skew
                    else:
                        a = da.cum
                else:
                    closes = side_a.closes
                    i = da.index + 1
                    while closes[i] <= xa:
                        i += 1
                    o = side_a.opens[i]
                    if xa > o:
                        a = st.tcum[i] + (xa - o)
                        off = side_a.offsets[i]
                        if off != da.offset:
                            a -= timedelta(0, 0, da.offset - off)
                    else:
                        a = st.tcum[i]
                if db.close > xb:
                    o = db.open
                    if xb > o:
                        b = db.cum + (xb - o)
                        return b - db.skew - a if db.skew else b - a
                    return db.cum - a
                closes = side_b.closes
                j = db.index + 1
                while closes[j] <= xb:
                    j += 1
                o = side_b.opens[j]
                if xb > o:
                    b = st.tcum[j] + (xb - o)
                    off = side_b.offsets[j]
                    if off != db.offset:
                        b -= timedelta(0, 0, db.offset - off)
                    return b - a
                return st.tcum[j] - a
    except (AttributeError, IndexError, OverflowError):
        pass
    answer: timedelta = cal._elapsed(start, end)
    return answer


def hot_add(cal: Any, at: datetime, duration: timedelta) -> datetime:
    """The earliest instant ``u`` with ``elapsed(at, u) == duration``.

    ``add(at, timedelta(0))`` returns ``at`` (in the calendar's zone); a negative duration
    is ``subtract(at, -duration)``.
    """
    try:
        tl: Timeline = cal._engine_cache
        if type(at) is datetime and type(duration) is timedelta and duration > _ZERO:
            zone = tl.zone
            x = at
            day = tl.zdays.get(at.toordinal()) if at.tzinfo is zone else None
            if day is None:
                x, day = _in_utc(tl, at)
            if day is not None:
                st = day.st
                side = day.side
                cum = st.tcum
                # (A wall-clock difference across a DST change is corrected as in elapsed.)
                if day.close > x:  # before the day's first closing
                    i = day.index
                    o = day.open
                    if x > o:
                        target = day.cum + (x - o) + duration
                        if day.skew:
                            target -= day.skew
                    else:
                        target = day.cum + duration
                else:
                    closes = side.closes
                    i = day.index + 1
                    while closes[i] <= x:
                        i += 1
                    o = side.opens[i]
                    if x > o:
                        target = cum[i] + (x - o) + duration
                        off = side.offsets[i]
                        if off != day.offset:
                            target -= timedelta(0, 0, day.offset - off)
                    else:
                        target = cum[i] + duration
                if target < cum[-1]:  # else past the compiled range's last close
                    # The interval where the sum is reached: first among the next few (a day
                    # or two of open hours), else in the whole rest of the range. target >
                    # cum[i], so it lies after interval i.
                    near = i + _NEAR
                    top = len(cum)
                    j = bisect_left(cum, target, i + 1, near if near < top else top)
                    if j == near:
                        j = bisect_left(cum, target, j)
                    j -= 1
                    rest = target - cum[j]
                    # The answer as a wall-clock sum in the calendar's zone: right when its
                    # day has one UTC offset, the same as at the interval's opening.
                    zs = st.zside
                    u = zs.opens[j] + rest
                    k = u.toordinal() - zs.first
                    days = zs.days
                    du = days[k] if 0 <= k < len(days) else None
                    if du is not None and du.offset == zs.offsets[j]:
                        return u
                    return (st.uside.opens[j] + rest).astimezone(zone)
    except (AttributeError, IndexError, OverflowError):
        pass
    answer: datetime = cal._add(at, duration)
    return answer
