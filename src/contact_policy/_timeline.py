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
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any, Literal
from zoneinfo import ZoneInfo

from ._intervals import merge, subtract
from ._time import DAY_US, EPOCH, EPOCH_NAIVE, EPOCH_ORDINAL, MAX_YEAR, MIN_YEAR, US, to_us
from .errors import NoOpenTimeError, OutOfRangeError

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


#: At most this many days' bases are cached per calendar (about 270 years of days).
_DAY_BASE_LIMIT = 100_000
#: Below 2**33 seconds (the year 2242) a float number of seconds is within half a microsecond.
_FLOAT_EXACT_US = 2**33 * 1_000_000
#: A compiled range with more intervals than this (centuries of weekly hours) gets no day
#: index, so its datetime copies (about 200 bytes an interval) are never built.
_WALL_LIMIT = 100_000

_NO_SKEW = timedelta(0)

SpansFor = Callable[[date], Sequence[tuple[int, int]]]


class _Day:
    """A day's entry in a day index: the first interval ending after the day's 00:00.

    ``close`` and ``open`` are that interval's closing and opening (datetimes of the side's
    zone), ``cum`` the open time before it (``tcum``), ``skew`` the day's UTC offset minus its
    opening's (zero but where the interval spans a DST change: a wall-clock difference from the
    opening to an instant of the day is that much more than real time), ``index`` its place in
    the interval lists, and ``offset`` the day's UTC offset in microseconds.
    """

    __slots__ = ("close", "cum", "index", "offset", "open", "skew")

    def __init__(
        self,
        close: datetime,
        open_: datetime,
        cum: timedelta,
        skew: timedelta,
        index: int,
        offset: int,
    ) -> None:
        self.close = close
        self.open = open_
        self.cum = cum
        self.skew = skew
        self.index = index
        self.offset = offset


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


#: The state of a timeline that has compiled nothing yet: an empty range that covers no
#: instant, so every query compiles first.
_UNCOMPILED = _State(0, 0, 0, 0, [], [])


class Timeline:
    """Compiled open time of one calendar, in epoch microseconds."""

    __slots__ = (
        "_closures",
        "_day_base",
        "_first_feature_year",
        "_last_feature_year",
        "_spans_for",
        "_weekly_empty",
        "current",
        "zone",
    )

    def __init__(
        self,
        zone: ZoneInfo,
        spans_for: SpansFor,
        closures: Sequence[tuple[int, int]],
        *,
        feature_years: tuple[int, int] | None,
        weekly_empty: bool,
    ) -> None:
        self.zone = zone
        self._spans_for = spans_for
        self._closures = merge(sorted(closures))
        self._first_feature_year = feature_years[0] if feature_years else None
        self._last_feature_year = feature_years[1] if feature_years else None
        self._weekly_empty = weekly_empty
        #: The compiled range (the uncompiled placeholder until the first query).
        self.current: _State = _UNCOMPILED
        #: ordinal -> epoch microseconds of local midnight, for days with one UTC offset.
        self._day_base: dict[int, int | Literal[False]] = {}

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
        if st.n > _WALL_LIMIT or st.n == 0:
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
        index[k] = _Day(side.closes[i0], side.opens[i0], st.tcum[i0], skew, i0, off)

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
        search has reached)."""
        try:
            return self.to_datetime(x).year
        except OutOfRangeError:
            what = "a query reaching " + ("before the year 2" if x < 0 else "beyond the year 9998")
            raise OutOfRangeError.for_value(what) from None

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

    def _midnight(self, year: int) -> int:
        return self.local_to_us(datetime(year, 1, 1))  # noqa: DTZ001 - a wall time, converted

    # --- compilation ----------------------------------------------------------------------

    def _compile(self, y0: int, y1: int) -> _State:
        if y0 < MIN_YEAR or y1 > MAX_YEAR:
            what = f"a query reaching the year {y0 if y0 < MIN_YEAR else y1}"
            raise OutOfRangeError.for_value(what)
        raw: list[tuple[int, int]] = []
        day = date(y0, 1, 1) - _DAY
        last = date(y1, 12, 31)
        spans_for = self._spans_for
        local = self.local_to_us
        while day <= last:
            spans = spans_for(day)
            if spans:
                midnight = datetime.combine(day, time())
                for s, e in spans:
                    su = local(midnight + timedelta(minutes=s))
                    eu = local(midnight + timedelta(minutes=e))
                    if eu > su:
                        raw.append((su, eu))
            day += _DAY
        raw.sort()
        merged = subtract(merge(raw), self._closures)
        return _State(
            y0,
            y1,
            self._midnight(y0),
            self._midnight(y1 + 1),
            [s for s, _ in merged],
            [e for _, e in merged],
        )

    def state(self) -> _State | None:
        """The compiled state, if any (for tests and memory accounting)."""
        return None if self.current is _UNCOMPILED else self.current

    def ensure(self, a: int, b: int) -> _State:
        """A state whose range covers the instants ``a`` and ``b`` (``a <= b``)."""
        st = self.current
        if st.lo <= a and b < st.hi:
            return st
        ya, yb = self.year_of(a), self.year_of(b)
        if st is _UNCOMPILED or ya > st.y1 + _FAR_YEARS or yb < st.y0 - _FAR_YEARS:
            y0, y1 = ya, yb
        else:
            step = min(st.y1 - st.y0 + 1, _MAX_STEP_YEARS)
            y0 = min(ya, st.y0 - step) if ya < st.y0 else st.y0
            y1 = max(yb, st.y1 + step) if yb > st.y1 else st.y1
        y0, y1 = max(y0, MIN_YEAR), min(y1, MAX_YEAR)
        while True:
            new = self._compile(y0, y1)
            if new.lo <= a and b < new.hi:
                break
            # A fold across New Year's midnight can leave a edge instant outside; widen.
            y0, y1 = y0 - (new.lo > a), y1 + (b >= new.hi)
        self.current = new
        return new

    def at(self, x: int) -> _State:
        """A state covering ``x`` (the hot path: one comparison when already compiled)."""
        st = self.current
        if st.lo <= x < st.hi:
            return st
        return self.ensure(x, x)

    def _forward(self, st: _State, origin: int, seeking: str, amount: int = 0) -> _State:
        """Extend ``st`` forward for a search from ``origin`` for ``seeking`` (``"open"``,
        ``"close"`` or ``"time"``, ``amount`` microseconds of it); give up when hopeless."""
        edge, limit = self._horizon(origin, forward=True)
        if st.y1 >= limit:
            edge_us = self._midnight(edge + 1)
            i = bisect_right(st.ends, edge_us)
            at = str(self.to_datetime(origin))
            if i >= st.n:
                if seeking == "time":
                    found = st.cum[st.n] - st.position(origin)[1]
                    raise NoOpenTimeError.not_enough(
                        "add", at, _words(amount), _words(found), f"the end of {edge}"
                    )
                raise NoOpenTimeError.searching("at or after", at, f"the end of {limit}")
            if seeking == "close" and st.ends[i] >= st.hi:
                raise NoOpenTimeError.never_closes(at, f"the end of {limit}")
            # Open time recurs past every dated feature: the search will succeed; go on.
        if st.y1 >= MAX_YEAR:
            raise OutOfRangeError.for_value("a result")
        step = min(st.y1 - st.y0 + 1, _MAX_STEP_YEARS)
        new = self._compile(st.y0, min(st.y1 + step, MAX_YEAR))
        self.current = new
        return new

    def _backward(self, st: _State, origin: int, seeking: str, amount: int = 0) -> _State:
        """The mirror of :meth:`_forward`."""
        edge, limit = self._horizon(origin, forward=False)
        if st.y0 <= limit:
            edge_us = self._midnight(edge)
            at = str(self.to_datetime(origin))
            if bisect_left(st.starts, edge_us) == 0:
                if seeking == "time":
                    found = st.position(origin)[1] - st.position(st.lo)[1]
                    raise NoOpenTimeError.not_enough(
                        "subtract", at, _words(amount), _words(found), f"the start of {edge}"
                    )
                raise NoOpenTimeError.searching("before", at, f"the start of {limit}")
        if st.y0 <= MIN_YEAR:
            raise OutOfRangeError.for_value("a result")
        step = min(st.y1 - st.y0 + 1, _MAX_STEP_YEARS)
        new = self._compile(max(st.y0 - step, MIN_YEAR), st.y1)
        self.current = new
        return new

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
        st = self.current
        if not st.lo <= x < st.hi:
            st = self.ensure(x, x)
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
            st = self.ensure(a, b)
        starts, ends, cum, n = st.starts, st.ends, st.cum, st.n
        i = bisect_right(ends, a)
        ca = cum[i] + (a - starts[i] if i < n and a > starts[i] else 0)
        j = bisect_right(ends, b)
        cb = cum[j] + (b - starts[j] if j < n and b > starts[j] else 0)
        return cb - ca

    def add(self, x: int, d: int) -> int:
        """The earliest instant ``u`` with ``elapsed(x, u) == d`` (``d > 0``)."""
        st = self.current
        if not st.lo <= x < st.hi:
            st = self.ensure(x, x)
        while True:
            i = bisect_right(st.ends, x)
            s = st.starts[i] if i < st.n else x
            target = st.cum[i] + (x - s if x > s else 0) + d
            j = bisect_left(st.cum, target) - 1
            if j < st.n:
                u = st.starts[j] + (target - st.cum[j])
                if u < st.hi:
                    return u
            st = self._forward(st, x, "time", d)

    def subtract(self, x: int, d: int) -> int:
        """The latest instant ``u`` with ``elapsed(u, x) == d`` (``d > 0``)."""
        st = self.at(x)
        while True:
            target = st.position(x)[1] - d
            if target >= 0:
                j = bisect_right(st.cum, target) - 1
                u = st.starts[j] + (target - st.cum[j])
                if u >= st.lo:
                    return u
            st = self._backward(st, x, "time", d)

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
        """Open intervals overlapping ``[a, b)``, clipped to it (``a <= b``)."""
        if a >= b:
            return []
        st = self.ensure(a, b)
        out: list[tuple[int, int]] = []
        starts, ends = st.starts, st.ends
        i = bisect_right(ends, a)
        while i < st.n and starts[i] < b:
            out.append((max(starts[i], a), min(ends[i], b)))
            i += 1
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


def _covering(tl: Timeline, x: Any) -> _State:
    if len(x) == 0:
        return tl.ensure(0, 0)
    return tl.ensure(int(x.min()), int(x.max()))


def _is_open_array(tl: Timeline, x: Any) -> Any:
    np = _np()
    x = np.asarray(x, dtype=np.int64)
    st = _covering(tl, x)
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
    st = _covering(tl, x)
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
    st = tl.ensure(int(min(a.min(), b.min())), int(max(a.max(), b.max())))
    return _positions(st, b)[1] - _positions(st, a)[1]


# --- the hot path -------------------------------------------------------------------------------
#
# ``BusinessCalendar.is_open``, ``elapsed`` and ``add`` are these three functions, bound as its
# methods (so they cost no extra call), written out in full for the common case: an aware
# ``datetime`` in the calendar's own zone, on a day with one UTC offset, inside the compiled
# range. Such a day has an entry in the state's day index (``_State.zside.days``, a
# :class:`_Day`) that holds the day's first interval, and the state keeps each interval's
# opening and closing instants as datetimes in that zone. Two datetimes with the same tzinfo
# compare and subtract by their wall clocks in C with no utcoffset() call, which is real time
# when their UTC offsets agree and off by the offsets' difference otherwise (an interval across
# a DST change: it is subtracted); on such a day, wall-clock order is time order. So a query is
# a list lookup, a step or two through the day's intervals, and datetime/timedelta arithmetic
# in C (for ``add``, one bisect): exact, and no Python call below this frame. Any other
# ``ZoneInfo`` or ``timezone`` datetime (UTC from a database, a client's zone, the calendar's
# zone on a DST-change day) is first converted to UTC (one C call) and answered the same way
# from the UTC copies (``_State.uside``). Every other input (other tzinfo or datetime types, a
# day not yet indexed, the range's edge, bad arguments) takes the general route (the
# calendar's ``_is_open``, ``_elapsed``, ``_add``), which gives the same answers and indexes the
# day for next time. The repetition (the same steps for each end of ``elapsed`` and in ``add``)
# is deliberate: a helper call would cost about a tenth of a query.

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
    side = st.uside
    k = value.toordinal() - side.first
    return value, side.days[k] if k >= 0 else None


def hot_is_open(cal: Any, at: datetime) -> bool:
    """Is ``at`` inside open time? Open at the opening instant, closed at the closing one."""
    try:
        tl: Timeline = cal._engine_cache
        if type(at) is datetime:
            st = tl.current
            side = st.zside
            x = at
            day = None
            if at.tzinfo is tl.zone:
                k = at.toordinal() - side.first
                if k >= 0:
                    day = side.days[k]
            if day is None:
                x, day = _in_utc(st, at)
                side = st.uside
            if day is not None:
                if day.close > x:  # before the day's first closing
                    return day.open <= x
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
            st = tl.current
            zone = tl.zone
            side_a = side_b = st.zside
            xa, xb = start, end
            da = db = None
            if start.tzinfo is zone:
                k = start.toordinal() - side_a.first
                if k >= 0:
                    da = side_a.days[k]
            if da is None:
                xa, da = _in_utc(st, start)
                side_a = st.uside
            if end.tzinfo is zone:
                k = end.toordinal() - side_b.first
                if k >= 0:
                    db = side_b.days[k]
            if db is None:
                xb, db = _in_utc(st, end)
                side_b = st.uside
            if da is not None and db is not None:
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
            st = tl.current
            zone = tl.zone
            side = st.zside
            x = at
            day = None
            if at.tzinfo is zone:
                k = at.toordinal() - side.first
                if k >= 0:
                    day = side.days[k]
            if day is None:
                x, day = _in_utc(st, at)
                side = st.uside
            if day is not None:
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
