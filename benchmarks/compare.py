"""Side-by-side benchmark: ``contact_policy.BusinessCalendar`` against its peers.

One process, one run, the same inputs for every candidate:

* calendar: Mon–Fri 09:00–17:00 America/New_York, US federal holidays (observed days included,
  from the ``holidays`` package, 2023–2028), handed to every peer as the same set of dates;
* tasks: ``add(start, 24 open hours)``, ``elapsed(start, end)``, ``is_open(t)``, and for our
  library ``add`` of 1 hour against 10,000 hours (the cost must not grow with the duration);
* candidates: ours (scalar, batch and numpy forms), pandas ``CustomBusinessHour``,
  ``businesstime``, ``business-duration``, a day-by-day pure-Python reference and the minimal
  bisect floor (both written here);
* every answer is cross-checked against ours; the reference and the floor must agree exactly.

Run it from the repository root in the benchmark environment (see benchmarks/README.md)::

    .bench-venv/bin/python benchmarks/compare.py --quick    # < 1 minute
    .bench-venv/bin/python benchmarks/compare.py            # the full run (a few minutes)
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import importlib.util
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ZONE_NAME = "America/New_York"
OPENS = clock(9)
CLOSES = clock(17)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
HOURS = {day: [("09:00", "17:00")] for day in WEEKDAYS}
#: Years the inputs are drawn from, and the (wider) years the floor's table covers.
INPUT_YEARS = (2024, 2027)
TABLE_YEARS = (2023, 2028)
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
US = timedelta(microseconds=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()

HERE = Path(__file__).resolve().parent
#: The peers' import names (the ``bench`` extra in pyproject.toml installs them).
PEERS = ("pandas", "numpy", "businesstime", "business_duration")
#: Seeds the order in which candidates take their turns (see ``measure``).
ORDER_SEED = 20261130
#: Inputs answered untimed right before each timed chunk (see ``measure``).
REWARM = 32


# --- shared inputs ------------------------------------------------------------------------------


def us_holidays(first: int, last: int) -> frozenset[date]:
    """US federal holidays with observed days, as the ``holidays`` package lists them."""
    import holidays

    table = holidays.country_holidays("US", years=range(first, last + 1))
    return frozenset(d for d in table if first <= d.year <= last)


def days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += DAY


def epoch_us(value: datetime) -> int:
    """Exact epoch microseconds of an aware datetime (any subclass, pandas included)."""
    return (value - EPOCH) // US


@dataclass(frozen=True)
class Inputs:
    """Everything every candidate is given; built once."""

    zone: ZoneInfo
    holidays: frozenset[date]
    starts: list[datetime]
    pairs: list[tuple[datetime, datetime]]
    probes: list[datetime]
    mix: dict[str, dict[str, int]]


class InputMaker:
    """Seeded instants in the calendar's zone, mixing the cases that matter: exact openings,
    exact closings, weekday holidays, the hours around DST changes, and uniform instants over
    2024–2027 (weekends, nights, before and after hours, in hours); a third each whole minutes,
    whole seconds and microseconds."""

    def __init__(self, seed: int, zone: ZoneInfo, hols: frozenset[date]) -> None:
        self.rng = random.Random(seed)
        self.zone = zone
        first, last = date(INPUT_YEARS[0], 1, 1), date(INPUT_YEARS[1], 12, 31)
        self.business = [d for d in days(first, last) if d.weekday() < 5 and d not in hols]
        self.weekday_holidays = sorted(d for d in hols if first <= d <= last and d.weekday() < 5)
        self.dst_days = [
            d
            for d in days(first, last)
            if datetime.combine(d, clock(0), zone).utcoffset()
            != datetime.combine(d, clock(12), zone).utcoffset()
        ]
        self.lo = int(datetime.combine(first, clock(0), zone).timestamp())
        self.hi = int(datetime.combine(last + DAY, clock(0), zone).timestamp())
        self.mix: Counter[str] = Counter()

    def _at(self, seconds: int, micro: int = 0) -> datetime:
        out = datetime.fromtimestamp(seconds, self.zone)
        return out.replace(microsecond=micro) if micro else out

    def _grain(self, seconds: int) -> datetime:
        pick = self.rng.randrange(3)
        if pick == 0:
            return self._at(seconds - seconds % 60)
        if pick == 1:
            return self._at(seconds)
        return self._at(seconds, self.rng.randrange(1, 1_000_000))

    def _midnight(self, day: date) -> int:
        return int(datetime.combine(day, clock(0), self.zone).timestamp())

    def instant(self) -> datetime:
        rng, zone = self.rng, self.zone
        r = rng.random()
        if r < 0.12:
            self.mix["exact opening"] += 1
            return datetime.combine(rng.choice(self.business), OPENS, zone)
        if r < 0.24:
            self.mix["exact closing"] += 1
            return datetime.combine(rng.choice(self.business), CLOSES, zone)
        if r < 0.32:
            self.mix["weekday holiday"] += 1
            day = rng.choice(self.weekday_holidays)
            return self._grain(self._midnight(day) + rng.randrange(86_400))
        if r < 0.35:
            self.mix["00:00-05:00 on a DST-change day"] += 1
            day = rng.choice(self.dst_days)
            return self._grain(self._midnight(day) + rng.randrange(5 * 3600))
        self.mix["uniform 2024-2027"] += 1
        return self._grain(rng.randrange(self.lo, self.hi))

    def pair(self) -> tuple[datetime, datetime]:
        rng = self.rng
        start = self.instant()
        r = rng.random()
        if r < 0.02:
            return start, start
        base = int(start.timestamp()) + rng.randrange(30 * 86_400)
        end = self._grain(base)
        if r < 0.17:
            snapped = datetime.combine(end.date(), rng.choice((OPENS, CLOSES)), self.zone)
            if epoch_us(snapped) >= epoch_us(start):
                end = snapped
        if epoch_us(end) < epoch_us(start):
            end = start
        return start, end


def build_inputs(seed: int, n_starts: int, n_pairs: int, n_probes: int) -> Inputs:
    zone = ZoneInfo(ZONE_NAME)
    hols = us_holidays(*TABLE_YEARS)
    maker = InputMaker(seed, zone, hols)
    mix: dict[str, dict[str, int]] = {}
    starts = [maker.instant() for _ in range(n_starts)]
    mix["starts"], maker.mix = dict(maker.mix), Counter()
    pairs = [maker.pair() for _ in range(n_pairs)]
    mix["pair starts"], maker.mix = dict(maker.mix), Counter()
    probes = [maker.instant() for _ in range(n_probes)]
    mix["probes"] = dict(maker.mix)
    return Inputs(zone, hols, starts, pairs, probes, mix)


# --- the day-by-day reference -----------------------------------------------------------------


class DayByDay:
    """The obvious implementation: walk local days, intersect each day's opening hours.

    Independent of the engine on purpose: it works in aware UTC datetimes (so every comparison
    and subtraction is real elapsed time), builds each day's interval with
    ``datetime.combine(day, 09:00, zone)``, and knows nothing about epochs or bisect. It relies
    on 09:00 and 17:00 never falling in a DST gap or fold in America/New_York (changes are at
    02:00).
    """

    def __init__(self, zone: ZoneInfo, hols: frozenset[date]) -> None:
        self.zone = zone
        self.holidays = hols

    def _span(self, day: date) -> tuple[datetime, datetime] | None:
        if day.weekday() >= 5 or day in self.holidays:
            return None
        return (
            datetime.combine(day, OPENS, self.zone).astimezone(UTC),
            datetime.combine(day, CLOSES, self.zone).astimezone(UTC),
        )

    def is_open(self, at: datetime) -> bool:
        u = at.astimezone(UTC)
        span = self._span(at.astimezone(self.zone).date())
        return span is not None and span[0] <= u < span[1]

    def add(self, at: datetime, duration: timedelta) -> datetime:
        cur = at.astimezone(UTC)
        left = duration
        day = at.astimezone(self.zone).date()
        while True:
            span = self._span(day)
            if span is not None and span[1] > cur:
                begin = max(span[0], cur)
                room = span[1] - begin
                if left <= room:
                    return (begin + left).astimezone(self.zone)
                left -= room
            day += DAY

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        a, b = start.astimezone(UTC), end.astimezone(UTC)
        if b < a:
            return -self.elapsed(end, start)
        total = timedelta(0)
        last = end.astimezone(self.zone).date()
        for day in days(start.astimezone(self.zone).date(), last):
            span = self._span(day)
            if span is not None:
                lo, hi = max(span[0], a), min(span[1], b)
                if hi > lo:
                    total += hi - lo
        return total


# --- the minimal bisect floor -----------------------------------------------------------------


def _day_bases(zone: ZoneInfo, first: date, last: date) -> dict[int, int]:
    """``ordinal -> epoch seconds of that local day's 00:00 wall clock`` for every day whose UTC
    offset is the same all day (checked hourly, both folds). A DST-change day is left out, so
    its instants take the general route (``datetime.timestamp``)."""
    out: dict[int, int] = {}
    for day in days(first, last):
        offsets = {
            datetime.combine(day, clock(h), zone).replace(fold=f).utcoffset()
            for h in range(24)
            for f in (0, 1)
        }
        if len(offsets) == 1:
            (off,) = offsets
            assert off is not None
            out[day.toordinal()] = (day.toordinal() - EPOCH_ORDINAL) * 86_400 - int(
                off.total_seconds()
            )
    return out


def _open_table(zone: ZoneInfo, hols: frozenset[date]) -> tuple[list[int], list[int]]:
    """Epoch seconds of every ``[open, close)`` interval of 2023–2028."""
    starts: list[int] = []
    ends: list[int] = []
    for day in days(date(TABLE_YEARS[0], 1, 1), date(TABLE_YEARS[1], 12, 31)):
        if day.weekday() < 5 and day not in hols:
            starts.append(int(datetime.combine(day, OPENS, zone).timestamp()))
            ends.append(int(datetime.combine(day, CLOSES, zone).timestamp()))
    return starts, ends


def _cumulative(starts: Sequence[float], ends: Sequence[float]) -> list[Any]:
    cum: list[Any] = [type(starts[0])(0)]
    for s, e in zip(starts, ends, strict=True):
        cum.append(cum[-1] + (e - s))
    return cum


class FloorSeconds:
    """The minimal bisect floor, in float epoch seconds.

    Precomputed ``[open, close)`` intervals (2023–2028) with cumulative open seconds; each query
    is one or two ``bisect`` calls. Conversions are the fastest exact ones found:

    * in: ``ordinal -> base`` dict for days with one UTC offset, so an instant is
      ``base + h*3600 + m*60 + s + µs/1e6`` with no ``utcoffset()`` call; a DST-change day or
      another zone falls back to ``datetime.timestamp()``;
    * out: ``datetime.fromtimestamp(seconds, zone)`` (one C call);
      ``timedelta(0, seconds)`` (positional arguments are ~40% cheaper than keywords).

    Float seconds are exact here: below 2**31 s a double resolves 2.4e-7 s, the few roundings
    stay under half a microsecond, and ``fromtimestamp``/``timedelta`` round to the nearest
    microsecond. (The cross-check proves it on every input.)
    """

    def __init__(self, zone: ZoneInfo, hols: frozenset[date]) -> None:
        self.zone = zone
        s, e = _open_table(zone, hols)
        self.starts = [float(x) for x in s]
        self.ends = [float(x) for x in e]
        self.cum = _cumulative(self.starts, self.ends)
        self.n = len(s)
        first, last = date(TABLE_YEARS[0], 1, 1), date(TABLE_YEARS[1], 12, 31)
        self.base = _day_bases(zone, first, last)

    def seconds(self, at: datetime) -> float:
        o = at.toordinal()
        base = self.base.get(o) if at.tzinfo is self.zone else None
        if base is None:
            return at.timestamp()
        return base + at.hour * 3600 + at.minute * 60 + at.second + at.microsecond / 1e6

    def is_open(self, at: datetime) -> bool:
        base = self.base.get(at.toordinal()) if at.tzinfo is self.zone else None
        if base is None:
            t = at.timestamp()
        else:
            t = base + at.hour * 3600 + at.minute * 60 + at.second + at.microsecond / 1e6
        i = bisect_right(self.ends, t)
        return i < self.n and self.starts[i] <= t

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        seconds = self.seconds
        a, b = seconds(start), seconds(end)
        starts, ends, cum = self.starts, self.ends, self.cum
        i = bisect_right(ends, a)
        ca = cum[i] + (a - starts[i] if a > starts[i] else 0.0)
        i = bisect_right(ends, b)
        cb = cum[i] + (b - starts[i] if b > starts[i] else 0.0)
        return timedelta(0, cb - ca)

    def add(self, at: datetime, duration: timedelta) -> datetime:
        base = self.base.get(at.toordinal()) if at.tzinfo is self.zone else None
        if base is None:
            x = at.timestamp()
        else:
            x = base + at.hour * 3600 + at.minute * 60 + at.second + at.microsecond / 1e6
        starts, cum = self.starts, self.cum
        i = bisect_right(self.ends, x)
        s = starts[i]
        target = cum[i] + (x - s if x > s else 0.0) + duration.total_seconds()
        j = bisect_left(cum, target) - 1
        return datetime.fromtimestamp(starts[j] + (target - cum[j]), self.zone)


class FloorMicros:
    """The same floor in exact integer epoch microseconds (the engine's representation).

    In: the same ``ordinal -> base`` dict (in µs); out: ``fromtimestamp(us / 1e6, zone)``,
    exact for |t| < 2**33 s (years 1698–2242) because ``us / 1e6`` is correctly rounded and
    ``fromtimestamp`` rounds to the nearest microsecond; ``timedelta(0, 0, us)``.
    """

    def __init__(self, zone: ZoneInfo, hols: frozenset[date]) -> None:
        self.zone = zone
        s, e = _open_table(zone, hols)
        self.starts = [x * 1_000_000 for x in s]
        self.ends = [x * 1_000_000 for x in e]
        self.cum = _cumulative(self.starts, self.ends)
        self.n = len(s)
        first, last = date(TABLE_YEARS[0], 1, 1), date(TABLE_YEARS[1], 12, 31)
        self.base = {o: b * 1_000_000 for o, b in _day_bases(zone, first, last).items()}

    def micros(self, at: datetime) -> int:
        base = self.base.get(at.toordinal()) if at.tzinfo is self.zone else None
        if base is None:
            return epoch_us(at)
        return base + (at.hour * 3600 + at.minute * 60 + at.second) * 1_000_000 + at.microsecond

    def is_open(self, at: datetime) -> bool:
        t = self.micros(at)
        i = bisect_right(self.ends, t)
        return i < self.n and self.starts[i] <= t

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        micros = self.micros
        a, b = micros(start), micros(end)
        starts, ends, cum = self.starts, self.ends, self.cum
        i = bisect_right(ends, a)
        ca = cum[i] + (a - starts[i] if a > starts[i] else 0)
        i = bisect_right(ends, b)
        cb = cum[i] + (b - starts[i] if b > starts[i] else 0)
        return timedelta(0, 0, cb - ca)

    def add(self, at: datetime, duration: timedelta) -> datetime:
        x = self.micros(at)
        starts, cum = self.starts, self.cum
        i = bisect_right(self.ends, x)
        s = starts[i]
        d = (duration.days * 86_400 + duration.seconds) * 1_000_000 + duration.microseconds
        target = cum[i] + (x - s if x > s else 0) + d
        j = bisect_left(cum, target) - 1
        return datetime.fromtimestamp((starts[j] + (target - cum[j])) / 1e6, self.zone)


# --- candidates ---------------------------------------------------------------------------------


@dataclass
class Candidate:
    """One way of answering one task: ``fn(chunk)`` answers one chunk of the inputs, prepared
    for this candidate (``chunks``) before any timing."""

    name: str
    fn: Callable[[Any], Sequence[Any]]
    chunks: list[Any]
    #: ``"ours"``, ``"ours-batch"``, ``"peer"``, ``"reference"`` or ``"floor"``.
    kind: str
    #: How an answer is compared with ours: ``"exact"`` (same instant, offset and zone / equal
    #: timedelta / equal bool), ``"instant"``, ``"wall"`` (naive local wall time),
    #: ``"seconds"`` (a number of seconds), ``"us"`` (numpy µs), ``"bool"``.
    compare: str = "exact"
    note: str = ""
    times_ns: list[int] = field(default_factory=list)
    answers: list[Any] = field(default_factory=list)


@dataclass
class Task:
    key: str
    title: str
    n: int
    candidates: list[Candidate]
    #: The inputs, one per answer, for reporting disagreements.
    inputs: Sequence[Any] = ()


def split(items: Sequence[Any], parts: int) -> list[Any]:
    """``items`` in ``parts`` consecutive chunks (slices keep lists lists and arrays arrays)."""
    size = -(-len(items) // parts)
    return [items[i : i + size] for i in range(0, len(items), size)]


def head(chunk: Any, size: int) -> Any:
    """The first ``size`` inputs of a prepared chunk (a tuple of arrays is sliced in step)."""
    if isinstance(chunk, tuple):
        return tuple(part[:size] for part in chunk)
    return chunk[:size]


def _pandas_offset(hols: frozenset[date], n: int) -> Any:
    import pandas as pd

    return pd.offsets.CustomBusinessHour(n=n, start="09:00", end="17:00", holidays=sorted(hols))


def build_tasks(inp: Inputs, parts: int) -> tuple[list[Task], Any]:
    import numpy as np
    import pandas as pd
    from business_duration import businessDuration
    from businesstime import BusinessTime

    from contact_policy import BusinessCalendar

    zone, hols = inp.zone, inp.holidays
    cal = BusinessCalendar.weekly(ZONE_NAME, HOURS, holidays=["US"])
    ref = DayByDay(zone, hols)
    floor_s = FloorSeconds(zone, hols)
    floor_us = FloorMicros(zone, hols)
    day24 = timedelta(hours=24)
    starts, pairs, probes = inp.starts, inp.pairs, inp.probes

    def chunks(items: Sequence[Any]) -> list[Any]:
        return split(items, parts)

    def micros64(values: Iterable[datetime]) -> Any:
        return np.array([epoch_us(t) for t in values], dtype="int64").astype("datetime64[us]")

    # -- add ------------------------------------------------------------------------------
    cbh24 = _pandas_offset(hols, 24)
    c_starts = chunks(starts)

    def pandas_index_add(index: Any) -> Any:
        with warnings.catch_warnings():
            # "Non-vectorized DateOffset being applied to Series or DatetimeIndex": it is.
            warnings.simplefilter("ignore")
            return index + cbh24

    add = [
        Candidate("contact_policy", lambda ch: [cal.add(t, day24) for t in ch], c_starts, "ours"),
        Candidate(
            "contact_policy add_many(list)",
            lambda ch: cal.add_many(ch, day24),
            c_starts,
            "ours-batch",
        ),
        Candidate(
            "contact_policy add_many(datetime64)",
            lambda ch: cal.add_many(ch, day24),
            chunks(micros64(starts)),
            "ours-batch",
            compare="us",
            note="numpy arrays of UTC instants in and out (not aware datetimes)",
        ),
        Candidate(
            "pandas CBH, aware Timestamp",
            lambda ch: [t + cbh24 for t in ch],
            chunks([pd.Timestamp(t) for t in starts]),
            "peer",
            compare="instant",
        ),
        Candidate(
            "pandas CBH, naive Timestamp",
            lambda ch: [t + cbh24 for t in ch],
            chunks([pd.Timestamp(t.replace(tzinfo=None)) for t in starts]),
            "peer",
            compare="wall",
            note="naive local wall times in and out",
        ),
        Candidate(
            "pandas CBH, DatetimeIndex",
            pandas_index_add,
            chunks(pd.DatetimeIndex(starts)),
            "peer",
            compare="instant",
            note="aware DatetimeIndex in and out (pandas applies the offset element by element)",
        ),
        Candidate(
            "day-by-day reference",
            lambda ch: [ref.add(t, day24) for t in ch],
            c_starts,
            "reference",
        ),
        Candidate(
            "floor: bisect, float s",
            lambda ch: [floor_s.add(t, day24) for t in ch],
            c_starts,
            "floor",
        ),
        Candidate(
            "floor: bisect, int µs",
            lambda ch: [floor_us.add(t, day24) for t in ch],
            c_starts,
            "floor",
        ),
    ]

    # -- elapsed --------------------------------------------------------------------------
    c_pairs = chunks(pairs)
    c_naive = chunks([(a.replace(tzinfo=None), b.replace(tzinfo=None)) for a, b in pairs])
    c_pairs64 = list(
        zip(
            chunks(micros64(a for a, _ in pairs)),
            chunks(micros64(b for _, b in pairs)),
            strict=True,
        )
    )
    bt = BusinessTime(business_hours=(OPENS, CLOSES), holidays=hols)
    bt_day = CLOSES.hour * HOUR - OPENS.hour * HOUR

    def businesstime_elapsed(a: datetime, b: datetime) -> timedelta:
        # businesstimedelta counts each whole business day as days=1; make it 8 hours.
        delta = bt.businesstimedelta(a, b)
        return delta.days * bt_day + timedelta(0, delta.seconds, delta.microseconds)

    elapsed = [
        Candidate(
            "contact_policy", lambda ch: [cal.elapsed(a, b) for a, b in ch], c_pairs, "ours"
        ),
        Candidate(
            "contact_policy elapsed_many(list)",
            lambda ch: cal.elapsed_many(ch),
            c_pairs,
            "ours-batch",
        ),
        Candidate(
            "contact_policy elapsed_many(datetime64)",
            lambda ch: cal.elapsed_many(starts=ch[0], ends=ch[1]),
            c_pairs64,
            "ours-batch",
            compare="us",
            note="numpy arrays of UTC instants in, timedelta64 out",
        ),
        Candidate(
            "businesstime",
            lambda ch: [businesstime_elapsed(a, b) for a, b in ch],
            c_naive,
            "peer",
            note="naive local wall times; businesstimedelta() made exact (days x 8 h)",
        ),
        Candidate(
            "business-duration",
            lambda ch: [businessDuration(a, b, OPENS, CLOSES, [5, 6], hols, "sec") for a, b in ch],
            c_naive,
            "peer",
            compare="seconds",
            note="naive local wall times; seconds out",
        ),
        Candidate(
            "day-by-day reference",
            lambda ch: [ref.elapsed(a, b) for a, b in ch],
            c_pairs,
            "reference",
        ),
        Candidate(
            "floor: bisect, float s",
            lambda ch: [floor_s.elapsed(a, b) for a, b in ch],
            c_pairs,
            "floor",
        ),
        Candidate(
            "floor: bisect, int µs",
            lambda ch: [floor_us.elapsed(a, b) for a, b in ch],
            c_pairs,
            "floor",
        ),
    ]

    # -- is_open --------------------------------------------------------------------------
    cbh1 = _pandas_offset(hols, 1)
    c_probes = chunks(probes)
    is_open = [
        Candidate("contact_policy", lambda ch: [cal.is_open(t) for t in ch], c_probes, "ours"),
        Candidate(
            "contact_policy is_open_many(list)",
            lambda ch: cal.is_open_many(ch),
            c_probes,
            "ours-batch",
        ),
        Candidate(
            "contact_policy is_open_many(datetime64)",
            lambda ch: cal.is_open_many(ch),
            chunks(micros64(probes)),
            "ours-batch",
            compare="bool",
            note="numpy array of UTC instants in, bool array out",
        ),
        Candidate(
            "pandas CBH.is_on_offset",
            lambda ch: [cbh1.is_on_offset(t) for t in ch],
            chunks([pd.Timestamp(t) for t in probes]),
            "peer",
            compare="bool",
        ),
        Candidate(
            "day-by-day reference",
            lambda ch: [ref.is_open(t) for t in ch],
            c_probes,
            "reference",
        ),
        Candidate(
            "floor: bisect, float s",
            lambda ch: [floor_s.is_open(t) for t in ch],
            c_probes,
            "floor",
        ),
        Candidate(
            "floor: bisect, int µs",
            lambda ch: [floor_us.is_open(t) for t in ch],
            c_probes,
            "floor",
        ),
    ]

    # -- duration independence ------------------------------------------------------------
    long = timedelta(hours=10_000)
    scaling = [
        Candidate(
            "contact_policy add 1 h", lambda ch: [cal.add(t, HOUR) for t in ch], c_starts, "ours"
        ),
        Candidate(
            "contact_policy add 10,000 h",
            lambda ch: [cal.add(t, long) for t in ch],
            c_starts,
            "ours",
        ),
    ]

    n_s, n_p, n_o = len(starts), len(pairs), len(probes)
    tasks = [
        Task("add", "add(start, 24 open hours), aware in and out", n_s, add, starts),
        Task("elapsed", "elapsed(start, end), pairs up to 30 days apart", n_p, elapsed, pairs),
        Task("is_open", "is_open(t)", n_o, is_open, probes),
        Task("scaling", "add(start, 1 h) vs add(start, 10,000 h), ours", n_s, scaling, starts),
    ]
    return tasks, cal


# --- timing -------------------------------------------------------------------------------------


def measure(tasks: list[Task], repeats: int, log: Callable[[str], None]) -> None:
    """Warm up, then time ``repeats`` rounds.

    The warm-up runs every candidate once over all inputs, untimed, and keeps its answers for
    the cross-check. In a timed round, for each chunk of a task's inputs, every candidate of
    the task answers that chunk, in an order shuffled afresh for each chunk (seeded), so no
    candidate always runs first or right after a given peer; a candidate's round time is the
    sum over chunks. (An order merely rotated per chunk keeps every candidate behind the same
    predecessor; that cost the first candidate about 0.4 µs a call here.) Interleaving by
    chunk keeps ours and the floor, which finish a chunk in milliseconds, side by side in
    time, so a burst of load on the machine hits them alike. Just before each timed chunk, the
    candidate answers the chunk's first ``REWARM`` inputs untimed, so it does not pay for the
    caches its predecessor (often pandas) evicted.
    The garbage collector is collected before and disabled during each round.
    """
    for task in tasks:
        for cand in task.candidates:
            t0 = time.perf_counter()
            cand.answers = [a for chunk in cand.chunks for a in cand.fn(chunk)]
            log(f"  warm-up {task.key:8s} {cand.name:42s} {time.perf_counter() - t0:7.2f} s")
    clock_ns = time.perf_counter_ns
    shuffle = random.Random(ORDER_SEED).shuffle
    for r in range(repeats):
        t0 = time.perf_counter()
        for task in tasks:
            cands = task.candidates
            totals = dict.fromkeys(range(len(cands)), 0)
            gc.collect()
            gc.disable()
            try:
                for k in range(len(cands[0].chunks)):
                    order = list(range(len(cands)))
                    shuffle(order)
                    for i in order:
                        cand = cands[i]
                        chunk = cand.chunks[k]
                        fn = cand.fn
                        fn(head(chunk, REWARM))
                        a = clock_ns()
                        fn(chunk)
                        totals[i] += clock_ns() - a
            finally:
                gc.enable()
            for i, cand in enumerate(cands):
                cand.times_ns.append(totals[i])
        log(f"  round {r + 1}/{repeats} {time.perf_counter() - t0:7.2f} s")


def recheck(tasks: list[Task]) -> list[str]:
    """Our candidates answer every input once more, now with a warm engine (every day indexed:
    the hot path), and must give the warm-up's answers exactly (same instants, same wall
    clocks). Returns the names of the candidates that did not."""

    def reading(v: Any) -> Any:
        return v.isoformat() if isinstance(v, datetime) else v

    differ = []
    for task in tasks:
        for cand in task.candidates:
            if not cand.kind.startswith("ours"):
                continue
            again = [a for chunk in cand.chunks for a in cand.fn(chunk)]
            if [reading(v) for v in again] != [reading(v) for v in cand.answers]:
                differ.append(f"{task.key}: {cand.name}")
    return differ


def ops(cand: Candidate, n: int) -> tuple[float, float, float]:
    """(median, min, max) operations per second over the timed rounds."""
    rates = [n / (t / 1e9) for t in cand.times_ns]
    return statistics.median(rates), min(rates), max(rates)


def median_ns(cand: Candidate) -> float:
    return float(statistics.median(cand.times_ns))


# --- correctness cross-check -------------------------------------------------------------------


def _key(value: datetime) -> tuple[int, timedelta | None, str]:
    return epoch_us(value), value.utcoffset(), str(value.tzinfo)


def agrees(kind: str, ours: Any, theirs: Any) -> bool:
    if kind == "exact":
        if isinstance(ours, datetime):
            return isinstance(theirs, datetime) and _key(ours) == _key(theirs)
        return type(ours) is type(theirs) and ours == theirs
    if kind == "instant":
        return epoch_us(ours) == epoch_us(theirs)
    if kind == "wall":
        return ours.replace(tzinfo=None) == theirs.to_pydatetime()
    if kind == "seconds":
        return ours == timedelta(seconds=theirs)
    if kind == "us":
        ours_us = epoch_us(ours) if isinstance(ours, datetime) else ours // US
        return bool(ours_us == int(theirs.astype("int64")))
    if kind == "bool":
        return bool(ours) == bool(theirs)
    msg = f"unknown comparison {kind!r}"
    raise ValueError(msg)


def _is_closing_instant(cal: Any, at: datetime) -> bool:
    """True when ``at`` is exactly the end of an open interval."""
    return not cal.is_open(at) and cal.is_open(at - US)


def explain(task: str, cand: Candidate, cal: Any, given: Any, ours: Any, theirs: Any) -> str:
    """The likely reason a peer disagrees, checked rather than assumed where possible."""
    name = cand.name
    if cand.kind in ("reference", "floor", "ours-batch"):
        return "BUG: must agree exactly with the scalar engine"
    if name.startswith("pandas") and task == "add":
        theirs_dt = theirs.to_pydatetime()
        if _is_closing_instant(cal, ours):
            nxt = cal.next_open(ours)
            same = (
                nxt.replace(tzinfo=None) == theirs_dt
                if cand.compare == "wall"
                else epoch_us(nxt) == epoch_us(theirs_dt)
            )
            if same:
                return (
                    "result is exactly a closing time (17:00); pandas rolls it to the next "
                    "opening (09:00 of the next business day)"
                )
        return "unexplained"
    if name.startswith("pandas") and task == "is_open":
        if _is_closing_instant(cal, given) and theirs:
            return "exactly 17:00: pandas counts the closing instant as open ([09:00, 17:00])"
        return "unexplained"
    if task == "elapsed":
        a, b = given
        if name == "business-duration":
            whole = cal.elapsed(a.replace(microsecond=0), b.replace(microsecond=0))
            if whole == timedelta(seconds=theirs):
                return "drops the microseconds of its inputs (whole seconds only)"
        return _explain_elapsed(cal, a, b, ours, theirs if name == "businesstime" else None)
    return "unexplained"


def _where(cal: Any, at: datetime) -> str:
    """Where an instant lies: in hours, before opening, at/after closing, or on a closed day."""
    local = at.astimezone(cal.tz)
    if cal.is_open(at):
        return "in hours"
    midnight = datetime.combine(local.date(), clock(0), cal.tz)
    if cal.next_open(midnight).date() != local.date():
        return "on a closed day"
    return "before opening" if local.time() < OPENS else "at/after closing"


def _hours(delta: timedelta) -> str:
    return f"{delta / HOUR:+g} h"


def _explain_elapsed(cal: Any, a: datetime, b: datetime, ours: timedelta, theirs: Any) -> str:
    """Name the shape of an elapsed() input on which a day-walking peer goes wrong."""
    where_a, where_b = _where(cal, a), _where(cal, b)
    if (
        theirs == timedelta(0)
        and where_a == "at/after closing"
        and where_b == "at/after closing"
        and cal.next_open(a).date() == b.astimezone(cal.tz).date()
    ):
        return (
            "start after closing and end at/after the next business day's closing: "
            f"businesstime returns 0 for that whole day ({_hours(ours)} missing); "
            "its own edge-case bug, not a time-zone effect"
        )
    same = a.astimezone(cal.tz).date() == b.astimezone(cal.tz).date()
    shape = f"start {where_a}, end {where_b}, {'same day' if same else 'different days'}"
    if isinstance(theirs, timedelta):
        shape += f", off by {_hours(theirs - ours)}"
    return f"unexplained ({shape})"


@dataclass
class Disagreement:
    reason: str
    count: int = 0
    examples: list[dict[str, str]] = field(default_factory=list)


def cross_check(tasks: list[Task], cal: Any) -> dict[str, dict[str, Any]]:
    """Compare every candidate's answers with ours; returns ``{task: {candidate: summary}}``."""
    out: dict[str, dict[str, Any]] = {}
    for task in tasks:
        if task.key == "scaling":
            continue
        ours = next(c for c in task.candidates if c.kind == "ours").answers
        out[task.key] = {}
        for cand in task.candidates:
            if cand.kind == "ours":
                continue
            reasons: dict[str, Disagreement] = {}
            bad = 0
            for given, mine, theirs in zip(task.inputs, ours, cand.answers, strict=True):
                if agrees(cand.compare, mine, theirs):
                    continue
                bad += 1
                why = explain(task.key, cand, cal, given, mine, theirs)
                entry = reasons.setdefault(why, Disagreement(why))
                entry.count += 1
                if len(entry.examples) < 3:
                    entry.examples.append(
                        {"input": _show(given), "ours": _show(mine), "theirs": _show(theirs)}
                    )
            out[task.key][cand.name] = {
                "kind": cand.kind,
                "n": task.n,
                "agree": task.n - bad,
                "disagree": bad,
                "reasons": [
                    {"reason": d.reason, "count": d.count, "examples": d.examples}
                    for d in sorted(reasons.values(), key=lambda d: -d.count)
                ],
            }
    return out


def _show(value: Any) -> str:
    if isinstance(value, tuple):
        return " -> ".join(_show(v) for v in value)
    if isinstance(value, datetime):
        text = value.isoformat()
        return f"{text} (fold=1)" if value.fold else text
    return str(value)


# --- cold start and memory ----------------------------------------------------------------------


def _subprocess_json(code: str, env: dict[str, str]) -> dict[str, float]:
    done = subprocess.run(  # noqa: S603 - our own interpreter running our own snippet
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


_IMPORT_SNIPPET = """
import json, time
t0 = time.perf_counter()
{statement}
print(json.dumps({{"import_s": time.perf_counter() - t0}}))
"""

#: What the cold-start section times, each in a fresh interpreter.
IMPORTS = {
    "import contact_policy": "import contact_policy",
    "import pydantic": "import pydantic",
    # pydantic 2 imports lazily: the model machinery loads on first use of BaseModel.
    "from pydantic import BaseModel": "from pydantic import BaseModel",
}

_FIRST_ADD_SNIPPET = """
import json, time
t0 = time.perf_counter()
from contact_policy import BusinessCalendar
t1 = time.perf_counter()
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo
cal = BusinessCalendar.weekly(
    "America/New_York",
    {d: [("09:00", "17:00")] for d in ("mon", "tue", "wed", "thu", "fri")},
    holidays=["US"],
)
t2 = time.perf_counter()
cal.add(datetime(2026, 11, 20, 15, tzinfo=ZoneInfo("America/New_York")), timedelta(hours=24))
t3 = time.perf_counter()
cal.add(datetime(2026, 11, 23, 15, tzinfo=ZoneInfo("America/New_York")), timedelta(hours=24))
t4 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "weekly_s": t2 - t1, "first_add_s": t3 - t2,
                  "second_add_s": t4 - t3, "total_s": t3 - t0}))
"""


def cold_start(runs: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Fresh interpreters: import times, and the first calendar's first ``add``.

    Bytecode is cached (in a private ``PYTHONPYCACHEPREFIX``, primed by one untimed run of
    each snippet) so every module loads from ``.pyc`` as from an installed wheel, even where
    ``PYTHONDONTWRITEBYTECODE`` is set; the snippets run interleaved, ``runs`` times each.
    """
    snippets = {name: _IMPORT_SNIPPET.format(statement=s) for name, s in IMPORTS.items()}
    snippets["first add"] = _FIRST_ADD_SNIPPET
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in snippets}
    with tempfile.TemporaryDirectory(prefix="bench-pycache-") as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        for code in snippets.values():
            _subprocess_json(code, env)
        for _ in range(runs):
            for name, code in snippets.items():
                samples[name].append(_subprocess_json(code, env))
    out: dict[str, Any] = {"runs": runs}
    for name in IMPORTS:
        values = [s["import_s"] for s in samples[name]]
        out[name] = {"median_s": statistics.median(values), "samples_s": values}
        log(f"  {name}: {statistics.median(values) * 1e3:.1f} ms")
    firsts = samples["first add"]
    out["first add"] = {k: statistics.median(f[k] for f in firsts) for k in firsts[0]}
    return out


def _deep_size(lists: Iterable[list[Any]]) -> int:
    """Bytes of the lists plus their (distinct) items."""
    seen: set[int] = set()
    total = 0
    for items in lists:
        total += sys.getsizeof(items)
        for x in items:
            if id(x) not in seen:
                seen.add(id(x))
                total += sys.getsizeof(x)
    return total


def memory_ten_years() -> dict[str, Any]:
    """Memory of ten compiled years (2024–2033) of the benchmark calendar."""
    from contact_policy import BusinessCalendar

    zone = ZoneInfo(ZONE_NAME)
    lo = epoch_us(datetime(2024, 1, 1, tzinfo=zone))
    hi = epoch_us(datetime(2033, 12, 31, 12, tzinfo=zone))
    # Load the holiday tables first, so tracemalloc sees only the compiled open time.
    BusinessCalendar.weekly(ZONE_NAME, HOURS, holidays=["US"])._engine().ensure(lo, hi)
    cal = BusinessCalendar.weekly(ZONE_NAME, HOURS, holidays=["US"])
    engine = cal._engine()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    engine.ensure(lo, hi)
    # Fill the hot path's day index too: one query on every day of the ten years.
    for day in days(date(2024, 1, 1), date(2033, 12, 31)):
        cal.is_open(datetime.combine(day, clock(12), zone))
    gc.collect()
    after, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    state = engine.state()
    assert state is not None
    # Both sides (calendar zone and UTC): their lists, their datetimes and the day index
    # entries (slotted objects; their datetimes and timedeltas are the lists' own), and ``tcum``.
    lists: list[list[Any]] = [state.starts, state.ends, state.cum, state.tcum]
    entries: list[Any] = []
    for side in (state.zside, state.uside):
        lists += [side.opens, side.closes, side.offsets]
        entries += [e for e in side.days if e is not None]
        index_bytes = sys.getsizeof(side.days)
    entry_bytes = sum(sys.getsizeof(e) + sys.getsizeof(e.index) for e in entries)
    return {
        "years": f"{state.y0}-{state.y1}",
        "intervals": len(state.starts),
        "indexed_days": state.indexed_days(),
        "getsizeof_bytes": _deep_size(lists) + 2 * index_bytes + entry_bytes,
        "tracemalloc_retained_bytes": after - before,
        "tracemalloc_peak_bytes": peak - before,
    }


# --- the hot path's steps against the floor's --------------------------------------------------


def breakdown_tasks(inp: Inputs, cal: Any, parts: int) -> list[Task]:
    """Pairs of (ours, the floor's way) for each step of a hot-path query, on the benchmark's
    inputs. Every step is wrapped in a lambda on both sides, so the call overhead is the same.

    Ours is the step as ``BusinessCalendar.is_open``/``elapsed``/``add`` do it inline: the
    engine's day index (``state.zside``: a list by local date of each day's first interval,
    with its opening and closing as datetimes in the zone) and a short step from that interval
    comparing datetimes; the floor's way is converting the datetime to
    epoch microseconds (its base dict) and a bisect over the whole range. Uses the engine's
    private state, so it raises AttributeError when that changes; ``main`` then skips this
    section.
    """
    zone = inp.zone
    engine = cal._engine()
    floor_us = FloorMicros(zone, inp.holidays)
    for t in inp.starts:
        cal.is_open(t)  # the general route enters each day into the index
    state = engine.current
    side = state.zside
    first, days, opens, closes = side.first, side.days, side.opens, side.closes
    starts = [t for t in inp.starts if state.has_day(t.toordinal())]  # the hot path's inputs
    found = [(t, days[t.toordinal() - first].index) for t in starts]  # type: ignore[union-attr]
    xs = [floor_us.micros(t) for t in starts]

    def step(item: tuple[datetime, int]) -> bool:
        t, i = item
        while closes[i] <= t:
            i += 1
        return opens[i] <= t

    def bisect_all(x: int) -> bool:
        i = bisect_right(state.ends, x)
        return i < state.n and state.starts[i] <= x

    def pair(
        key: str,
        title: str,
        ours: Callable[[Any], Any],
        floor: Callable[[Any], Any],
        items: tuple[Sequence[Any], Sequence[Any]],
    ) -> Task:
        cs, cf = split(items[0], parts), split(items[1], parts)
        return Task(
            key,
            title,
            len(items[0]),
            [
                Candidate("ours", lambda ch: [ours(v) for v in ch], cs, "ours"),
                Candidate("floor's way", lambda ch: [floor(v) for v in ch], cf, "floor"),
            ],
            items[0],
        )

    return [
        pair(
            "in",
            "aware datetime in: day index lookup | to epoch µs via the day-base dict",
            lambda t: days[t.toordinal() - first],
            lambda t: floor_us.micros(t),
            (starts, starts),
        ),
        pair(
            "query",
            "find the interval: step comparing datetimes | bisect over the range (µs)",
            step,
            bisect_all,
            (found, xs),
        ),
    ]


def print_breakdown(tasks: list[Task], out: Callable[[str], None]) -> dict[str, Any]:
    out("")
    out("The hot path's steps, ours vs the floor's (alone, interleaved, median ns per call):")
    rows: dict[str, Any] = {}
    for task in tasks:
        ours, floor = task.candidates
        a, b = median_ns(ours) / task.n, median_ns(floor) / task.n
        rows[task.key] = {"title": task.title, "ours_ns": a, "floor_way_ns": b}
        out(f"  {a:6.0f} vs {b:6.0f} ns (ours - floor {a - b:+5.0f})  {task.title}")
    return rows


# --- report -------------------------------------------------------------------------------------


def _fmt_rate(x: float) -> str:
    return f"{x:,.0f}"


def _ratio(x: float) -> str:
    return f"{x:.2f}" if x < 10 else f"{x:,.0f}"


def report(
    tasks: list[Task], checks: dict[str, dict[str, Any]], out: Callable[[str], None]
) -> dict[str, Any]:
    """Print the table; return the per-task numbers for results.json."""
    results: dict[str, Any] = {}
    head = (
        f"{'candidate':42s} {'ops/s median':>13s} {'min':>12s} {'max':>12s} "
        f"{'µs/op':>8s} {'÷ ours':>7s} {'agrees':>15s}"
    )
    for task in tasks:
        ours = next(c for c in task.candidates if c.kind == "ours")
        out("")
        out(f"{task.title}  [{task.n:,} inputs]")
        out(head)
        out("-" * len(head))
        rows: dict[str, Any] = {}
        for cand in task.candidates:
            med, lo, hi = ops(cand, task.n)
            rel = median_ns(cand) / median_ns(ours)
            check = checks.get(task.key, {}).get(cand.name)
            agree = "(baseline)" if cand is ours else "-"
            if check is not None:
                agree = f"{check['agree']:,}/{check['n']:,}"
            out(
                f"{cand.name:42s} {_fmt_rate(med):>13s} {_fmt_rate(lo):>12s} "
                f"{_fmt_rate(hi):>12s} {1e6 / med:>8.2f} {_ratio(rel):>7s} {agree:>15s}"
            )
            rows[cand.name] = {
                "kind": cand.kind,
                "note": cand.note,
                "ops_per_s": {"median": med, "min": lo, "max": hi},
                "us_per_op_median": 1e6 / med,
                "time_vs_ours": rel,
                "times_ns": cand.times_ns,
            }
            if check is not None:
                rows[cand.name]["agree"] = check["agree"]
                rows[cand.name]["disagree"] = check["disagree"]
        results[task.key] = {"title": task.title, "n": task.n, "candidates": rows}
    return results


def summary(tasks: list[Task], out: Callable[[str], None]) -> dict[str, Any]:
    """Ours against each peer and against the floor, by median time."""
    ratios: dict[str, Any] = {}
    out("")
    out(
        "Ratios (median time): 'peer ÷ ours' > 1 means ours is faster; 'ours ÷ floor' <= 1 "
        "means ours is at least as fast as the floor."
    )
    for task in tasks:
        if task.key == "scaling":
            continue
        ours = next(c for c in task.candidates if c.kind == "ours")
        t_ours = median_ns(ours)
        floors = [c for c in task.candidates if c.kind == "floor"]
        best = min(floors, key=median_ns)
        entry: dict[str, Any] = {"ours_vs_floor": t_ours / median_ns(best), "floor": best.name}
        peers = {
            c.name: median_ns(c) / t_ours
            for c in task.candidates
            if c.kind in ("peer", "reference")
        }
        entry["peer_vs_ours"] = peers
        ratios[task.key] = entry
        parts = ", ".join(f"{name} {_ratio(r)}x" for name, r in peers.items())
        out(f"  {task.key:8s} ours ÷ floor = {entry['ours_vs_floor']:.2f}x ({best.name}); {parts}")
    scaling = next(t for t in tasks if t.key == "scaling")
    short, long = scaling.candidates
    r = median_ns(long) / median_ns(short)
    verdict = "PASS" if r <= 2 else "FAIL"
    ratios["scaling"] = {"long_vs_short": r, "limit": 2.0, "verdict": verdict}
    out(f"  scaling  add(10,000 h) ÷ add(1 h) = {r:.2f}x (must be <= 2): {verdict}")
    return ratios


def print_disagreements(checks: dict[str, dict[str, Any]], out: Callable[[str], None]) -> None:
    out("")
    out("Cross-check against ours (every input):")
    for task, cands in checks.items():
        for name, check in cands.items():
            status = "agrees on all" if not check["disagree"] else f"{check['disagree']:,} differ"
            out(f"  {task:8s} {name:42s} {status}")
            for r in check["reasons"]:
                out(f"           {r['count']:>6,} x {r['reason']}")
                ex = r["examples"][0]
                out(
                    f"                    e.g. {ex['input']}: ours {ex['ours']}, "
                    f"theirs {ex['theirs']}"
                )


def versions() -> dict[str, str]:
    names = [
        "contact-policy",
        "pandas",
        "numpy",
        "businesstime",
        "business-duration",
        "holidays",
        "pydantic",
        "tzdata",
    ]
    out = {"python": platform.python_version(), "platform": platform.platform()}
    for name in names:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--quick", action="store_true", help="smaller inputs, 3 rounds (< 1 minute)"
    )
    parser.add_argument("--repeats", type=int, help="timed rounds (default 5; quick 3)")
    parser.add_argument("--seed", type=int, default=20261120, help="input seed")
    parser.add_argument(
        "--output",
        type=Path,
        help="results JSON (default benchmarks/results.json; quick: results-quick.json)",
    )
    parser.add_argument("--cold-runs", type=int, help="fresh interpreters per cold-start figure")
    parser.add_argument(
        "--chunks", type=int, default=10, help="chunks per task, interleaved (default 10)"
    )
    parser.add_argument("--verbose", action="store_true", help="log warm-up and round times")
    args = parser.parse_args(argv)

    missing = [m for m in PEERS if importlib.util.find_spec(m) is None]
    if missing:
        print(
            f"missing {', '.join(missing)}: run this in the benchmark environment, e.g.\n"
            "  python3 -m venv .bench-venv && .bench-venv/bin/pip install -e '.[bench]'\n"
            "  .bench-venv/bin/python benchmarks/compare.py --quick",
            file=sys.stderr,
        )
        return 2

    quick = args.quick
    n_starts, n_pairs, n_probes = (1_000, 1_000, 10_000) if quick else (10_000, 10_000, 100_000)
    repeats = args.repeats or (3 if quick else 5)
    cold_runs = args.cold_runs or (3 if quick else 7)
    output = args.output or HERE / ("results-quick.json" if quick else "results.json")

    def log(text: str) -> None:
        if args.verbose:
            print(text, file=sys.stderr, flush=True)

    def out(text: str) -> None:
        print(text, flush=True)

    began = time.perf_counter()
    vers = versions()
    out(
        f"contact_policy benchmark ({'quick' if quick else 'full'}): Python {vers['python']}, "
        f"contact-policy {vers['contact-policy']}, pandas {vers['pandas']}, "
        f"businesstime {vers['businesstime']}, business-duration {vers['business-duration']}, "
        f"numpy {vers['numpy']}, holidays {vers['holidays']}"
    )
    out(
        f"Calendar: Mon-Fri 09:00-17:00 {ZONE_NAME}, US federal holidays (observed); "
        f"seed {args.seed}; {repeats} timed rounds, median/min/max over rounds"
    )
    inp = build_inputs(args.seed, n_starts, n_pairs, n_probes)
    shares = Counter[str]()
    for group in inp.mix.values():
        shares.update(group)
    total = sum(shares.values())
    mix = ", ".join(f"{k} {100 * v / total:.0f}%" for k, v in shares.most_common())
    out(f"Input mix (starts, pair starts, probes): {mix}")
    tasks, cal = build_tasks(inp, args.chunks)
    measure(tasks, repeats, log)
    checks = cross_check(tasks, cal)
    differ = recheck(tasks)
    out(
        "Our answers with a warm engine equal our warm-up answers: "
        + ("yes, on every input" if not differ else f"NO: {', '.join(differ)}")
    )
    opened = next(t for t in tasks if t.key == "is_open").candidates[0].answers
    out(f"is_open probes that are open (ours): {sum(opened):,} of {len(opened):,}")
    results = report(tasks, checks, out)
    ratios = summary(tasks, out)
    print_disagreements(checks, out)

    breakdown: dict[str, Any] = {}
    try:
        parts = breakdown_tasks(inp, cal, args.chunks)
    except AttributeError as exc:
        out(f"(breakdown skipped: the engine's internals changed: {exc})")
    else:
        measure(parts, repeats * 3, log)
        breakdown = print_breakdown(parts, out)

    out("")
    out("Cold start (fresh interpreters, median):")
    cold = cold_start(cold_runs, log)
    imp_ours = cold["import contact_policy"]["median_s"]
    imp_pyd = cold["import pydantic"]["median_s"]
    imp_base = cold["from pydantic import BaseModel"]["median_s"]
    out(
        f"  import contact_policy {imp_ours * 1e3:.1f} ms; import pydantic {imp_pyd * 1e3:.1f} ms"
        f" (ours ÷ pydantic {imp_ours / imp_pyd:.2f}x); from pydantic import BaseModel "
        f"{imp_base * 1e3:.1f} ms (ours ÷ that {imp_ours / imp_base:.2f}x); {cold_runs} runs each"
    )
    first = cold["first add"]
    out(
        f"  first BusinessCalendar.weekly(...).add(...) after import: "
        f"weekly() {first['weekly_s'] * 1e3:.1f} ms (imports the holidays package, builds the "
        f"calendar's validator) + first add {first['first_add_s'] * 1e3:.1f} ms (the holidays "
        f"package builds its first US table; the year compiles); second add "
        f"{first['second_add_s'] * 1e6:.0f} µs; import + weekly + first add "
        f"{first['total_s'] * 1e3:.1f} ms"
    )
    mem = memory_ten_years()
    out(
        f"Memory of ten compiled years ({mem['years']}, {mem['intervals']:,} intervals, "
        f"{mem['indexed_days']:,} indexed days): "
        f"{mem['getsizeof_bytes'] / 1024:,.0f} KiB (int lists, datetime copies, day index: "
        "getsizeof); "
        f"tracemalloc retained {mem['tracemalloc_retained_bytes'] / 1024:,.0f} KiB, "
        f"peak {mem['tracemalloc_peak_bytes'] / 1024:,.0f} KiB while compiling"
    )
    elapsed_s = time.perf_counter() - began
    out(f"Done in {elapsed_s:.0f} s.")

    doc = {
        "meta": {
            "mode": "quick" if quick else "full",
            "seed": args.seed,
            "repeats": repeats,
            "sizes": {"starts": n_starts, "pairs": n_pairs, "probes": n_probes},
            "input_mix": inp.mix,
            "versions": vers,
            "wall_s": elapsed_s,
        },
        "tasks": results,
        "ratios": ratios,
        "cross_check": checks,
        "breakdown": breakdown,
        "warm_recheck_differs": differ,
        "cold_start": cold,
        "memory_ten_years": mem,
    }
    output.write_text(json.dumps(doc, indent=1, default=str) + "\n")
    out(f"Wrote {output}")
    bugs = sum(
        c["disagree"]
        for cands in checks.values()
        for c in cands.values()
        if c["kind"] in ("reference", "floor", "ours-batch")
    )
    if bugs:
        out(f"WARNING: {bugs} answers of the reference/floor/batch forms differ from ours")
    return 1 if bugs or differ or ratios["scaling"]["verdict"] != "PASS" else 0


if __name__ == "__main__":
    sys.exit(main())
