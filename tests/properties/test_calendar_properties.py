"""Algebraic properties of the business-time engine (``BusinessCalendar``).

Each example draws a *world*: a zone, a focus instant (often near one of the zone's DST
changes, on its wall-clock grid, or around New Year), a calendar whose dated features (closed
dates, special hours, closures) lie within ten days of it, and instants within a week of it,
written in random zones.

Instants are compared as instants (in UTC): Python compares two datetimes that share a zone by
wall time, ignoring ``fold``, which is wrong inside a DST fold (docs/semantics.md §1).
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from itertools import pairwise
from zoneinfo import ZoneInfo

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from contact_policy import BusinessCalendar, NoOpenTimeError
from contact_policy.testing import FIXED_OFFSETS, ZONES, aware_datetimes, calendars
from tests.properties.worlds import (
    AMOUNTS,
    POSITIVE,
    US,
    ZERO,
    World,
    next_close,
    open_instant,
    reading,
    shift,
    utc,
    worlds,
    zone_key,
)

# --- add and elapsed ----------------------------------------------------------------------------


@given(worlds(), st.data())
def test_elapsed_of_add_is_the_duration(w: World, data: st.DataObject) -> None:
    at, d = data.draw(w.instants), data.draw(AMOUNTS)
    u = w.cal.add(at, d)
    assert w.cal.elapsed(at, u) == d
    if d > ZERO:  # the earliest such instant
        assert w.cal.elapsed(at, shift(u, -US)) < d


@given(worlds(), st.data())
def test_add_is_monotone_in_the_start(w: World, data: st.DataObject) -> None:
    a, b, d = data.draw(w.instants), data.draw(w.instants), data.draw(AMOUNTS)
    if utc(b) < utc(a):
        a, b = b, a
    assert utc(w.cal.add(a, d)) <= utc(w.cal.add(b, d))


@given(worlds(), st.data())
def test_add_is_monotone_in_the_duration(w: World, data: st.DataObject) -> None:
    at, d1, d2 = data.draw(w.instants), data.draw(AMOUNTS), data.draw(AMOUNTS)
    d1, d2 = min(d1, d2), max(d1, d2)
    assert utc(w.cal.add(at, d1)) <= utc(w.cal.add(at, d2))


@given(worlds(), st.data())
def test_add_composes(w: World, data: st.DataObject) -> None:
    at, a, b = data.draw(w.instants), data.draw(POSITIVE), data.draw(POSITIVE)
    assert utc(w.cal.add(w.cal.add(at, a), b)) == utc(w.cal.add(at, a + b))


@given(worlds(), st.data())
def test_add_zero_returns_the_instant(w: World, data: st.DataObject) -> None:
    at = data.draw(w.instants)
    assert utc(w.cal.add(at, ZERO)) == utc(at)
    assert utc(w.cal.subtract(at, ZERO)) == utc(at)


@given(worlds(), st.data())
def test_a_negative_duration_swaps_add_and_subtract(w: World, data: st.DataObject) -> None:
    at, d = data.draw(w.instants), data.draw(POSITIVE)
    assert utc(w.cal.add(at, -d)) == utc(w.cal.subtract(at, d))
    assert utc(w.cal.subtract(at, -d)) == utc(w.cal.add(at, d))


@given(worlds(), st.data())
def test_elapsed_is_additive_over_any_split_point(w: World, data: st.DataObject) -> None:
    a, b, c = (data.draw(w.instants) for _ in range(3))
    assert w.cal.elapsed(a, c) == w.cal.elapsed(a, b) + w.cal.elapsed(b, c)


@given(worlds(), st.data())
def test_elapsed_is_antisymmetric(w: World, data: st.DataObject) -> None:
    a, b = data.draw(w.instants), data.draw(w.instants)
    assert w.cal.elapsed(a, b) == -w.cal.elapsed(b, a)
    if utc(a) <= utc(b):
        assert w.cal.elapsed(a, b) >= ZERO


@given(worlds(), st.data())
def test_elapsed_is_at_most_real_time(w: World, data: st.DataObject) -> None:
    a, b = data.draw(w.instants), data.draw(w.instants)
    assert abs(w.cal.elapsed(a, b)) <= abs(utc(b) - utc(a))


# --- subtract -----------------------------------------------------------------------------------


@given(worlds(), st.data())
def test_elapsed_of_subtract_is_the_duration(w: World, data: st.DataObject) -> None:
    at, d = data.draw(w.instants), data.draw(AMOUNTS)
    u = w.cal.subtract(at, d)
    assert w.cal.elapsed(u, at) == d
    if d > ZERO:  # the latest such instant
        assert w.cal.elapsed(shift(u, US), at) < d


@given(worlds(), st.data(), st.floats(0, 1))
def test_subtract_undoes_add_from_an_open_instant(
    w: World, data: st.DataObject, fraction: float
) -> None:
    at = open_instant(w.cal, data.draw(w.instants), fraction, inside=False)
    d = data.draw(AMOUNTS)
    assert w.cal.is_open(at)
    assert utc(w.cal.subtract(w.cal.add(at, d), d)) == at


@given(worlds(), st.data(), st.floats(0, 1))
def test_add_undoes_subtract_inside_open_time(
    w: World, data: st.DataObject, fraction: float
) -> None:
    # add gives the EARLIEST instant, so from an opening instant it would stop at the close
    # before it: the property holds strictly inside open time.
    at = open_instant(w.cal, data.draw(w.instants), fraction, inside=True)
    d = data.draw(AMOUNTS)
    if not w.cal.is_open(shift(at, -US)):  # an interval one microsecond long
        return
    assert w.cal.is_open(at)
    assert utc(w.cal.add(w.cal.subtract(at, d), d)) == at


# --- is_open, intervals, next_open, next_close --------------------------------------------------


@given(worlds(), st.data())
def test_is_open_agrees_with_intervals(w: World, data: st.DataObject) -> None:
    a, b = data.draw(w.instants), data.draw(w.instants)
    start, end = (a, b) if utc(a) <= utc(b) else (b, a)
    got = w.cal.intervals(start, end)
    spans = [(utc(i.start), utc(i.end)) for i in got]
    for s, e in spans:
        assert utc(start) <= s < e <= utc(end)  # clipped and non-empty
    for (_, e1), (s2, _) in pairwise(spans):
        assert e1 < s2  # sorted, disjoint, not touching
    assert sum((e - s for s, e in spans), ZERO) == w.cal.elapsed(start, end)
    probes = [data.draw(w.instants) for _ in range(10)]
    for s, e in spans:
        probes += [s, shift(s, -US), shift(e, -US), e]
    for p in probes:
        if utc(start) <= utc(p) < utc(end):
            inside = any(s <= utc(p) < e for s, e in spans)
            assert w.cal.is_open(p) == inside, p


@given(worlds(), st.data())
def test_next_open_is_the_first_open_instant(w: World, data: st.DataObject) -> None:
    at = data.draw(w.instants)
    u = w.cal.next_open(at)
    assert utc(u) >= utc(at)
    assert w.cal.is_open(u)
    assert w.cal.elapsed(at, u) == ZERO
    assert (utc(u) == utc(at)) == w.cal.is_open(at)


@given(worlds(), st.data())
def test_next_close_is_the_first_closing_instant(w: World, data: st.DataObject) -> None:
    at = data.draw(w.instants)
    try:
        u = w.cal.next_close(at)
    except NoOpenTimeError:
        # Only a calendar open around the clock never closes.
        week = shift(at, timedelta(days=7))
        assert w.cal.elapsed(at, week) == utc(week) - utc(at)
        return
    assert utc(u) > utc(at)
    assert not w.cal.is_open(u)
    assert w.cal.is_open(shift(u, -US))  # open just before it
    if w.cal.is_open(at):  # and open all the way from at
        assert w.cal.elapsed(at, u) == utc(u) - utc(at)


@given(worlds(), st.data())
def test_last_open_is_the_latest_open_or_closing_instant(w: World, data: st.DataObject) -> None:
    at = data.draw(w.instants)
    u = w.cal.last_open(at)
    assert utc(u) <= utc(at)
    assert w.cal.elapsed(u, at) == ZERO  # nothing open after it, up to at
    closing = w.cal.is_open(shift(u, -US)) and not w.cal.is_open(u)
    assert w.cal.is_open(u) or closing
    if w.cal.is_open(at) or w.cal.is_open(shift(at, -US)):
        assert utc(u) == utc(at)


# --- zones --------------------------------------------------------------------------------------


@given(worlds(), st.data())
def test_results_are_in_the_calendars_zone(w: World, data: st.DataObject) -> None:
    at, d = data.draw(w.instants), data.draw(AMOUNTS)
    cal = w.cal
    tz = ZoneInfo(cal.zone)
    results = [cal.add(at, d), cal.subtract(at, d), cal.add(at, ZERO), cal.next_open(at)]
    close = next_close(cal, cal.next_open(at))
    results += [close] if close is not None else []
    for i in cal.intervals(at, shift(at, timedelta(days=2))):
        results += [i.start, i.end]
    for r in results:
        assert zone_key(r) == cal.zone, r
        # written as the zone writes that instant: the right offset, and fold=1 in a repeat
        canonical = utc(r).astimezone(tz)
        assert (r.isoformat(), r.fold) == (canonical.isoformat(), canonical.fold)


def answers(cal: BusinessCalendar, x: datetime, y: datetime, d: timedelta) -> list[object]:
    """Every answer ``cal`` gives about ``x``, ``y`` and ``d``, each datetime as its exact
    reading: the same instant, written in the same zone with the same offset."""
    start, end = (x, y) if utc(x) <= utc(y) else (y, x)
    out: list[object] = [
        cal.is_open(x),
        cal.elapsed(x, y),
        cal.add(x, d),
        cal.subtract(x, d),
        cal.next_open(x),
        next_close(cal, x),
        *(c for i in cal.intervals(start, end) for c in i),
    ]
    return [(utc(v), v.isoformat(), zone_key(v)) if isinstance(v, datetime) else v for v in out]


@given(worlds(), st.data(), st.sampled_from((*ZONES, *FIXED_OFFSETS)))
def test_answers_do_not_depend_on_the_input_zone(
    w: World, data: st.DataObject, other: str | tzinfo
) -> None:
    at, b, d = data.draw(w.instants), data.draw(w.instants), data.draw(AMOUNTS)
    zone = ZoneInfo(other) if isinstance(other, str) else other
    expected = answers(w.cal, at, b, d)
    assert answers(w.cal, utc(at), utc(b), d) == expected
    assert answers(w.cal, at.astimezone(zone), b.astimezone(zone), d) == expected


#: How far earlier queries reach from the focus: the next or previous month or year (the
#: compiled range grows), decades away (it is compiled afresh), or just under and over the
#: 64 years one range may hold (a range grown to its cap, that a later query next to it
#: cannot grow: years past it are walked).
JUMPS = st.sampled_from(
    [
        timedelta(days=n)
        for n in (-400, -35, -3, 3, 35, 400, -25 * 366, 25 * 366, -63 * 366, 63 * 366)
    ]
)


@given(worlds(), st.data())
def test_answers_do_not_depend_on_earlier_queries(w: World, data: st.DataObject) -> None:
    # A fresh copy of the calendar (it round-trips through JSON) has compiled nothing yet.
    fresh = BusinessCalendar.model_validate_json(w.cal.model_dump_json())
    assert fresh == w.cal
    warm = w.cal
    for _ in range(data.draw(st.integers(1, 3))):
        x = shift(w.focus, data.draw(JUMPS))
        warm.is_open(x)
        warm.add(x, data.draw(AMOUNTS))
        warm.subtract(x, data.draw(AMOUNTS))
    at, b, d = data.draw(w.instants), data.draw(w.instants), data.draw(AMOUNTS)
    assert answers(warm, at, b, d) == answers(fresh, at, b, d)


#: Years far from today: before 1970 (negative timestamps), around 2**33 seconds (2242) and
#: beyond, where converting an instant back to a datetime takes other routes; near the ends of
#: the supported years, but not so near that three days of a sparse calendar's open time (15
#: minutes a week: about six years) run past them.
FAR_YEARS = st.sampled_from((10, 1826, 1905, 1969, 1970, 2112, 2242, 2243, 3000, 9990))


@given(st.data(), FAR_YEARS)
def test_exact_to_the_microsecond_in_far_years(data: st.DataObject, year: int) -> None:
    cal = data.draw(calendars(data.draw(st.sampled_from(ZONES))))
    at = data.draw(aware_datetimes(year, year, zones=(cal.zone,)))
    d = data.draw(AMOUNTS)
    u = cal.add(at, d)
    assert cal.elapsed(at, u) == d
    assert cal.elapsed(cal.subtract(at, d), at) == d
    assert answers(cal, at, u, d) == answers(cal, utc(at), utc(u), d)
    # In the calendar's own zone, where the day index (if the range allows it) answers.
    local, d2 = at.astimezone(cal.tz), data.draw(POSITIVE)
    general = [cal._is_open(local), cal._elapsed(local, u), cal._add(local, d2)]
    hot = [cal.is_open(local), cal.elapsed(local, u), cal.add(local, d2)]
    assert [reading(v) for v in hot] == [reading(v) for v in general]


# --- batches ------------------------------------------------------------------------------------


def datetime64(values: list[datetime]) -> np.ndarray:
    """UTC instants as a numpy ``datetime64[us]`` array."""
    return np.array([utc(v).replace(tzinfo=None) for v in values], dtype="datetime64[us]")


@given(worlds(), st.data())
def test_batch_answers_equal_scalar_answers(w: World, data: st.DataObject) -> None:
    cal = w.cal
    ats = data.draw(st.lists(w.instants, max_size=8))
    ends = data.draw(st.lists(w.instants, min_size=len(ats), max_size=len(ats)))
    d = data.draw(st.one_of(AMOUNTS, AMOUNTS.map(lambda x: -x)))
    added = [cal.add(at, d) for at in ats]
    elapsed = [cal.elapsed(a, b) for a, b in zip(ats, ends, strict=True)]
    assert cal.is_open_many(ats) == [cal.is_open(at) for at in ats]
    assert [(utc(u), u.isoformat()) for u in cal.add_many(ats, d)] == [
        (utc(u), u.isoformat()) for u in added
    ]
    assert cal.elapsed_many(list(zip(ats, ends, strict=True))) == elapsed
    # the vectorised forms, on UTC datetime64 arrays
    assert cal.is_open_many(datetime64(ats)).tolist() == [cal.is_open(at) for at in ats]
    assert (cal.add_many(datetime64(ats), d) == datetime64(added)).all()
    got = cal.elapsed_many(starts=datetime64(ats), ends=datetime64(ends))
    assert got.tolist() == elapsed
