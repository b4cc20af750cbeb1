"""Hypothesis strategies for property tests of code built on ``contact_policy``.

Use them in your own tests to check that your code holds for *any* practice's hours, in any
zone, at any instant, DST changes included:

>>> from datetime import timedelta
>>> from hypothesis import given
>>> from contact_policy.testing import aware_datetimes, calendars, durations
>>> @given(calendars(), aware_datetimes(), durations())
... def test_add_spends_the_duration(cal, at, d):
...     assert cal.elapsed(at, cal.add(at, d)) == d
>>> test_add_spends_the_duration()

Each strategy takes arguments that narrow what it draws: :func:`policies` ``zones``,
``kinds`` (the rules' own ``kind`` names, :data:`RULE_KINDS`), ``urgency``, ``boundaries``
and ``holidays``; :func:`contacts` and :func:`call_logs` a ``policy`` to suit and a date range;
:func:`calendars` and :func:`aware_datetimes` years and ``dst_only=True`` (:data:`DST_ZONES`).
Arguments that cannot be met raise hypothesis' ``InvalidArgument`` at once, naming the
argument. Every strategy draws valid values only (what it builds passes the library's
validation) and shrinks to small examples (a policy with no rules, 09:00 in its zone):

>>> from hypothesis import find
>>> both = {"voicemail_gate", "turnaround"}
>>> smallest = find(policies(kinds=both), lambda p: {r.kind for r in p.rules} == both)
>>> [rule.kind for rule in smallest.rules]      # one rule of each kind, nothing more
['turnaround', 'voicemail_gate']

Importing this module registers the strategies with ``st.register_type_strategy``, so
``st.from_type(Policy)`` (and ``@given(policy=...)`` through ``st.builds`` of your own
classes) draws :func:`policies`; the same holds for ``PolicyHistory``, ``BusinessCalendar``,
``Contact`` and each rule class:

>>> from hypothesis import strategies as st
>>> from contact_policy import Policy
>>> find(st.from_type(Policy), lambda p: True)
Policy(zone='America/New_York')

The module also re-exports the hypothesis-free kit of :mod:`contact_policy.pytest_plugin`:
:func:`assert_same_obligation`, :class:`CallLogBuilder`, :data:`FIXED_NOW` and
:func:`sample_calendar` (docs/testing.md).

Only this module (and its private helpers ``contact_policy._policy_strategies`` and
``contact_policy._log_strategies``, whose strategies it re-exports) imports hypothesis;
``import contact_policy`` never loads it.

Instants are drawn as UTC instants and then written in a zone with ``astimezone``, so they are
always *real*: no imaginary wall time from a spring-forward gap, and the second occurrence of
an ambiguous wall time carries ``fold=1``. (``st.datetimes(timezones=...)`` draws wall times
instead, which may be imaginary unless ``allow_imaginary=False``, and then rejects those
draws.) Wall times that matter, such as 09:00 or a time inside a DST gap, are reached by
drawing a wall time and taking the real instant it names.

One file: the public face of the strategies (their arguments checked, registered for
``st.from_type``); the strategies themselves are in ``_policy_strategies`` and
``_log_strategies``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ._kit import (
    FIXED_NOW,
    OBLIGATION_FIELDS,
    CallLogBuilder,
    assert_same_obligation,
    obligation_diff,
    sample_calendar,
)
from ._log_strategies import call_logs
from ._policy_strategies import (
    BOUNDARY_KINDS,
    CALL_RETURN_KINDS,
    RULE_KINDS,
    after_hours_rules,
    boundary_rules,
    callback_windows,
    contact_instants,
    contacts,
    frequency_flags,
    histories,
    operating_hours,
    policies,
    return_rules,
    turnarounds,
    voicemail_gates,
)
from ._time import DAY_US, MINUTE_US, from_us, is_aware, to_us
from ._time import EPOCH as _EPOCH
from ._time import US as _US
from .boundaries import (
    AfterHours,
    FrequencyFlag,
    NoCallsDuringSessions,
    NoPersonalNumbers,
    OutreachBoundary,
    SchedulingOnlyLine,
)
from .calendar import BusinessCalendar
from .contact import Contact
from .history import PolicyHistory
from .hours import DAYS, MINUTES_PER_DAY, hhmm
from .policy import Policy
from .rules import CallbackWindow, OperatingHours, Turnaround, VoicemailGate

__all__ = [
    # the engine
    "DST_ZONES",
    "FIXED_OFFSETS",
    "ZONES",
    "aware_datetimes",
    "calendars",
    "dst_transitions",
    "durations",
    "weekly_hours",
    "zones",
    # contacts, rules and policies
    "BOUNDARY_KINDS",
    "CALL_RETURN_KINDS",
    "RULE_KINDS",
    "after_hours_rules",
    "boundary_rules",
    "callback_windows",
    "contact_instants",
    "contacts",
    "frequency_flags",
    "histories",
    "operating_hours",
    "policies",
    "return_rules",
    "turnarounds",
    "voicemail_gates",
    # call logs
    "call_logs",
    # the kit without hypothesis (also in contact_policy.pytest_plugin)
    "FIXED_NOW",
    "OBLIGATION_FIELDS",
    "CallLogBuilder",
    "assert_same_obligation",
    "obligation_diff",
    "sample_calendar",
]

#: Zones that exercise the engine: one-hour DST changes in both hemispheres (New York,
#: London, São Paulo before 2019 with its changes at midnight), a 30-minute change (Lord Howe),
#: a 45-minute offset with DST (Chatham), a half-hour offset with DST (St John's), a two-hour
#: change (Troll), negative DST in the tz database (Dublin), changes at midnight today
#: (Santiago: 24:00 becomes 01:00, and 24:00 becomes 23:00 again; Havana: 00:00 becomes
#: 01:00), and no DST at all (Kolkata, Kathmandu, UTC).
ZONES: tuple[str, ...] = (
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "UTC",
    "America/Sao_Paulo",
    "Pacific/Chatham",
    "America/St_Johns",
    "Antarctica/Troll",
    "Europe/Dublin",
    "Asia/Kathmandu",
    "America/Santiago",
    "America/Havana",
)

#: The zones of :data:`ZONES` whose clocks change in 2024–2028 (``dst_only=True`` draws from
#: these): every kind of change above, and no zone without one.
DST_ZONES: tuple[str, ...] = (
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/St_Johns",
    "Antarctica/Troll",
    "Europe/Dublin",
    "America/Santiago",
    "America/Havana",
)

#: Fixed-offset zones that inputs may be written in, besides :data:`ZONES`.
FIXED_OFFSETS: tuple[tzinfo, ...] = (
    UTC,
    timezone(timedelta(hours=-5)),
    timezone(timedelta(hours=5, minutes=30)),
    timezone(timedelta(hours=-9, minutes=-30)),
    timezone(timedelta(hours=13, minutes=45)),
)

_US_PER_MINUTE = MINUTE_US
_T = TypeVar("_T")


# --- zones and DST transitions ----------------------------------------------------------------


def zones(names: Sequence[str] = ZONES) -> st.SearchStrategy[str]:
    """IANA zone names, by default :data:`ZONES` (shrinking towards ``"America/New_York"``).

    >>> from hypothesis import find
    >>> find(zones(), lambda zone: zone.startswith("Australia"))
    'Australia/Lord_Howe'
    """
    if not names:
        msg = "zones() needs at least one zone name"
        raise InvalidArgument(msg)
    return st.sampled_from(tuple(names))


@lru_cache(maxsize=1024)
def _year_transitions_us(zone: str, year: int) -> tuple[int, ...]:
    """Epoch microseconds at which ``zone``'s UTC offset changes in the UTC year ``year``."""
    tz = ZoneInfo(zone)

    def offset(seconds: int) -> timedelta | None:
        return (_EPOCH + timedelta(seconds=seconds)).astimezone(tz).utcoffset()

    out: list[int] = []
    day = 86_400
    s = to_us(datetime(year, 1, 1, tzinfo=UTC)) // 1_000_000
    end = to_us(datetime(year + 1, 1, 1, tzinfo=UTC)) // 1_000_000
    before = offset(s - 1)
    while s < end:
        # The offset at the end of each day (zones change at most once a day); a change
        # within it is found by bisection to the second.
        last = min(s + day, end) - 1
        after = offset(last)
        if after != before:
            lo, hi = s - 1, last
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if offset(mid) == before:
                    lo = mid
                else:
                    hi = mid
            out.append(hi * 1_000_000)
        before = after
        s += day
    return tuple(out)


def _transitions_us(zone: str, min_year: int, max_year: int) -> tuple[int, ...]:
    """Epoch microseconds of ``zone``'s offset changes in the UTC years given."""
    return tuple(t for y in range(min_year, max_year + 1) for t in _year_transitions_us(zone, y))


def dst_transitions(zone: str, min_year: int, max_year: int) -> tuple[datetime, ...]:
    """The instants at which ``zone``'s UTC offset changes in the UTC years ``min_year`` to
    ``max_year``, written in that zone (found day by day, to the second).

    >>> [t.isoformat() for t in dst_transitions("America/New_York", 2026, 2026)]
    ['2026-03-08T03:00:00-04:00', '2026-11-01T01:00:00-05:00']
    """
    tz = ZoneInfo(zone)
    return tuple(from_us(x, tz) for x in _transitions_us(zone, min_year, max_year))


# --- instants ----------------------------------------------------------------------------------


def _real(day: date, minute: int, fold: int, tz: tzinfo) -> datetime:
    """The instant (in UTC) of a local wall time, read with ``fold``; a wall time inside a gap
    becomes the real instant Python's fold rule gives it."""
    wall = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=tz).replace(fold=fold)
    return wall.astimezone(UTC)


def aware_datetimes(
    min_year: int = 2024,
    max_year: int = 2028,
    *,
    min_value: datetime | None = None,
    max_value: datetime | None = None,
    zones: Sequence[str] | None = None,
    written_in: Sequence[str | tzinfo] | None = None,
    grid: timedelta | None = None,
    wall_step: timedelta = timedelta(minutes=15),
    dst_only: bool = False,
) -> st.SearchStrategy[datetime]:
    """Real, aware instants between ``min_value`` and ``max_value`` (inclusive; by default
    the UTC years ``min_year`` to ``max_year``), written in a zone from ``written_in``.

    A third of the draws are anywhere in the range (to the microsecond), a third lie near a DST
    transition of one of ``zones`` (within two minutes, or within a day and a half on a minute
    grid), and a third are local wall times on a ``wall_step`` grid in one of ``zones``
    (09:00, 17:15: the instants at which business hours open and close): either occurrence of
    an ambiguous one, and for a wall time inside a gap, the real instant Python reads it as
    with ``fold=0`` or ``fold=1`` (the gap's length after or before). Pass the calendar's zone
    as ``zones`` to aim at its hours and its DST changes.

    ``written_in`` defaults to ``zones``, :data:`ZONES` and :data:`FIXED_OFFSETS`; a name means
    its ``ZoneInfo``. With ``grid``, every instant is a whole multiple of ``grid`` since the Unix
    epoch (``grid=timedelta(minutes=1)`` for a minute grid). ``zones`` defaults to
    :data:`ZONES`; ``dst_only=True`` takes :data:`DST_ZONES` instead (every draw that aims at
    a zone then aims at one whose clocks change).

    >>> from hypothesis import given
    >>> @given(aware_datetimes(2026, 2026, zones=["Europe/London"]))
    ... def test_aware(at):
    ...     assert at.utcoffset() is not None and 2025 <= at.year <= 2027
    >>> test_aware()
    """
    lo_dt = min_value if min_value is not None else datetime(min_year, 1, 1, tzinfo=UTC)
    hi_dt = max_value if max_value is not None else datetime(max_year + 1, 1, 1, tzinfo=UTC) - _US
    for name, value in (("min_value", lo_dt), ("max_value", hi_dt)):
        if not is_aware(value):
            msg = f"aware_datetimes({name}={value!r}): pass an aware datetime"
            raise InvalidArgument(msg)
    lo, hi = to_us(lo_dt), to_us(hi_dt)
    step = grid // _US if grid is not None else 1
    if step <= 0 or lo > hi or (lo + (-lo % step)) > hi:
        msg = (
            f"aware_datetimes: no instant between {lo_dt.isoformat()} and {hi_dt.isoformat()}"
            + (f" on a grid of {grid}" if grid is not None else "")
        )
        raise InvalidArgument(msg)
    if dst_only and zones is not None:
        msg = "aware_datetimes: pass zones=... or dst_only=True, not both"
        raise InvalidArgument(msg)
    if zones is None:
        zones = DST_ZONES if dst_only else ZONES
    if not zones:
        msg = "aware_datetimes(zones=...) needs at least one zone name"
        raise InvalidArgument(msg)
    wall_minutes = wall_step // timedelta(minutes=1)
    if wall_minutes <= 0 or MINUTES_PER_DAY % wall_minutes:
        msg = f"aware_datetimes(wall_step={wall_step!r}): use whole minutes dividing a day"
        raise InvalidArgument(msg)
    names = tuple(dict.fromkeys(zones))
    sources: Sequence[str | tzinfo] = (
        written_in if written_in is not None else (*names, *ZONES, *FIXED_OFFSETS)
    )
    written = list(dict.fromkeys(ZoneInfo(z) if isinstance(z, str) else z for z in sources))
    if not written:
        msg = "aware_datetimes(written_in=...) needs at least one zone"
        raise InvalidArgument(msg)

    transitions = _transitions_us
    y0, y1 = lo_dt.astimezone(UTC).year, hi_dt.astimezone(UTC).year
    near = 2 * DAY_US
    edges = sorted(
        {t for name in names for t in transitions(name, y0, y1) if lo - near <= t <= hi + near}
    )
    first_day = (lo_dt.astimezone(UTC) - timedelta(days=1)).date()
    last_day = (hi_dt.astimezone(UTC) + timedelta(days=1)).date()
    return _instants(
        lo=lo,
        hi=hi,
        step=step,
        edges=tuple(edges),
        tzs=tuple(ZoneInfo(name) for name in names),
        written=tuple(written),
        wall_minutes=wall_minutes,
        days=(first_day.toordinal(), last_day.toordinal()),
    )


_NEAR_EDGE = st.one_of(
    st.integers(-120_000_000, 120_000_000),
    st.integers(-36 * 60, 36 * 60).map(lambda m: m * _US_PER_MINUTE),
)


def _pick(draw: st.DrawFn, items: Sequence[_T]) -> _T:
    """One of ``items``, shrinking towards the first (cheaper than a new ``sampled_from``)."""
    return items[draw(st.integers(0, len(items) - 1))]


@st.composite
def _instants(
    draw: st.DrawFn,
    *,
    lo: int,
    hi: int,
    step: int,
    edges: tuple[int, ...],
    tzs: tuple[tzinfo, ...],
    written: tuple[tzinfo, ...],
    wall_minutes: int,
    days: tuple[int, int],
) -> datetime:
    # Built from cached strategies only: a strategy made afresh per example costs more to
    # validate than to draw from.
    branch = draw(st.integers(0, 2))
    if branch == 1 and edges:
        x = _pick(draw, edges) + draw(_NEAR_EDGE)
    elif branch == 2:
        day = date.fromordinal(draw(st.integers(*days)))
        minute = draw(st.integers(0, MINUTES_PER_DAY // wall_minutes - 1)) * wall_minutes
        x = to_us(_real(day, minute, draw(st.integers(0, 1)), _pick(draw, tzs)))
    else:
        x = lo - 1
    if not lo <= x <= hi:  # the first branch, or a transition or wall time out of range
        x = draw(st.integers(lo, hi))
    x -= x % step
    if x < lo:
        x += step
    return from_us(x, _pick(draw, written))


def durations(
    min_value: timedelta = timedelta(0),
    max_value: timedelta = timedelta(days=14),
    *,
    grid: timedelta | None = None,
) -> st.SearchStrategy[timedelta]:
    """Durations from ``min_value`` to ``max_value`` (inclusive): half to the microsecond (or
    to ``grid``), half whole quarter-hours (the round amounts policies use).

    >>> from hypothesis import find
    >>> find(durations(grid=timedelta(minutes=1)), lambda d: d > timedelta(hours=1))
    datetime.timedelta(seconds=3660)
    """
    unit = grid if grid is not None else _US
    if unit <= timedelta(0):
        msg = f"durations(grid={grid!r}): use a positive grid"
        raise InvalidArgument(msg)
    lo = -(-min_value // unit)
    hi = max_value // unit
    if lo > hi:
        msg = f"durations: no duration from {min_value} to {max_value} on a grid of {unit}"
        raise InvalidArgument(msg)
    fine = st.integers(lo, hi).map(lambda n: n * unit)
    quarter = timedelta(minutes=15)
    q_lo, q_hi = -(-min_value // quarter), max_value // quarter
    if quarter % unit or q_lo > q_hi:
        return fine
    return st.one_of(fine, st.integers(q_lo, q_hi).map(lambda n: n * quarter))


# --- hours -------------------------------------------------------------------------------------

Spans = list[tuple[str, str]]
#: One day's hours as grid points: regular ``(start, end)`` spans (``start < end``, sorted, maybe
#: touching) and at most one overnight span ``(start, end)`` with ``end < start`` (an end of 0
#: stops at midnight).
_Day = tuple[list[tuple[int, int]], tuple[int, int] | None]

# Strategies are drawn with ``draw(st.integers(...))`` and friends (cached by hypothesis) rather
# than built afresh per example: validating a new strategy costs more than drawing from it.


@lru_cache(maxsize=256)
def _dst_wall_points(zone: str, step_minutes: int) -> tuple[int, ...]:
    """Grid points (of ``step_minutes``) at or next to the wall times at which ``zone``'s clocks
    changed in 2000–2037: both readings of each change (02:00 and 03:00 for New York's spring,
    02:00 and 01:00 for its fall)."""
    tz = ZoneInfo(zone)
    minutes: set[int] = set()
    for t in _transitions_us(zone, 2000, 2037):
        for wall in (from_us(t - 1, tz) + _US, from_us(t, tz)):
            minutes.add(wall.hour * 60 + wall.minute)
    per_day = MINUTES_PER_DAY // step_minutes
    points: set[int] = set()
    for m in minutes:
        low, high = m // step_minutes, -(-m // step_minutes)
        points.update((low, high, per_day) if low == 0 else (low, high))
    return tuple(sorted(points))


def _point(draw: st.DrawFn, lo: int, hi: int, hot: tuple[int, ...]) -> int:
    """A grid point in ``[lo, hi]``; half of them at or next to a point of ``hot``."""
    near_hot = bool(hot) and draw(st.booleans())
    if near_hot:
        return min(max(_pick(draw, hot) + draw(st.integers(-1, 1)), lo), hi)
    return draw(st.integers(lo, hi))


def _draw_day(
    draw: st.DrawFn,
    per_day: int,
    max_spans: int,
    *,
    overnight: bool,
    self_consistent: bool,
    hot: tuple[int, ...],
) -> _Day:
    """Up to ``max_spans`` regular spans and perhaps an overnight span; with
    ``self_consistent`` the regular spans start after the overnight span's spill, so the day
    can follow itself. Boundaries are drawn near the ``hot`` points half of the time."""
    night = None
    if overnight and draw(st.integers(0, 3)) == 0:
        start = _point(draw, 1, per_day - 1, hot)
        night = (start, _point(draw, 0, start - 1, hot))
    lo = night[1] if night and self_consistent else 0
    hi = night[0] if night else per_day
    k = draw(st.integers(0, max_spans)) if hi > lo else 0
    points = sorted(_point(draw, lo, hi, hot) for _ in range(2 * k))
    spans = [(points[2 * j], points[2 * j + 1]) for j in range(k)]
    return [(a, b) for a, b in spans if a < b], night


def _format_day(draw: st.DrawFn, day: _Day, step: int) -> Spans:
    """A day as ``("HH:MM", "HH:MM")`` pairs in a random rotation; an end at midnight is
    written ``"24:00"`` or ``"00:00"``."""
    spans, night = day
    per_day = MINUTES_PER_DAY // step
    out: Spans = []
    for s, e in spans:
        if e == per_day:
            end = "00:00" if s > 0 and draw(st.booleans()) else "24:00"
        else:
            end = hhmm(e * step)
        out.append((hhmm(s * step), end))
    if night is not None:
        s, e = night
        end = "24:00" if e == 0 and draw(st.booleans()) else hhmm(e * step)
        out.append((hhmm(s * step), end))
    if len(out) > 1:
        turn = draw(st.integers(0, len(out) - 1))
        out = out[turn:] + out[:turn]
    return out


def _check_step(step_minutes: int) -> None:
    if step_minutes <= 0 or MINUTES_PER_DAY % step_minutes:
        msg = f"step_minutes={step_minutes!r} must be a positive divisor of 1440 (15, 30, 60)"
        raise InvalidArgument(msg)


def _draw_weekly(
    draw: st.DrawFn,
    *,
    step_minutes: int,
    max_spans: int,
    overnight: bool,
    require_open: bool,
    zone: str | None,
) -> dict[str, Spans]:
    per_day = MINUTES_PER_DAY // step_minutes
    hot = _dst_wall_points(zone, step_minutes) if zone else ()
    # Most practices keep the same hours on most days: each day takes a template day, is
    # closed, or has hours of its own.
    template = _draw_day(
        draw, per_day, max_spans, overnight=overnight, self_consistent=True, hot=hot
    )
    week: list[_Day] = []
    for _ in DAYS:
        kind = draw(st.integers(0, 2))
        if kind == 0:
            week.append(template)
        elif kind == 1:
            week.append(([], None))
        else:
            own = _draw_day(
                draw, per_day, max_spans, overnight=overnight, self_consistent=False, hot=hot
            )
            week.append(own)
    # No span may start before the previous day's overnight spill (Sunday spills into Monday);
    # drop the spans that would, until nothing changes (dropping only shortens spills).
    changed = True
    while changed:
        changed = False
        for i in range(7):
            prev_night = week[i - 1][1]
            spill = prev_night[1] if prev_night else 0
            spans, night = week[i]
            kept = [(a, b) for a, b in spans if a >= spill]
            kept_night = night if night is None or night[0] >= spill else None
            if kept != spans or kept_night != night:
                week[i] = (kept, kept_night)
                changed = True
    if require_open and not any(spans or night for spans, night in week):
        # No overnight spans are left, so every day is free: open one span somewhere.
        i = draw(st.integers(0, 6))
        start = draw(st.integers(0, per_day - 1))
        week[i] = ([(start, draw(st.integers(start + 1, per_day)))], None)
    out: dict[str, Spans] = {}
    for name, day in zip(DAYS, week, strict=True):
        written = _format_day(draw, day, step_minutes)
        listed = bool(written) or draw(st.booleans())  # a closed day is left out or given []
        if listed:
            out[name] = written
    return out


@st.composite
def _weekly_hours(
    draw: st.DrawFn,
    *,
    step_minutes: int,
    max_spans: int,
    overnight: bool,
    require_open: bool,
    zone: str | None,
) -> dict[str, Spans]:
    return _draw_weekly(
        draw,
        step_minutes=step_minutes,
        max_spans=max_spans,
        overnight=overnight,
        require_open=require_open,
        zone=zone,
    )


def weekly_hours(
    *,
    step_minutes: int = 15,
    max_spans: int = 3,
    overnight: bool = True,
    require_open: bool = True,
    zone: str | None = None,
) -> st.SearchStrategy[dict[str, list[tuple[str, str]]]]:
    """Valid weekly hours for :meth:`BusinessCalendar.weekly`: a mapping ``"mon"`` ..
    ``"sun"`` to ``("HH:MM", "HH:MM")`` spans on a ``step_minutes`` grid.

    Each day has the hours of a template day (as most practices do), none, or its own: up to
    ``max_spans`` spans, which may touch (and then merge), and with ``overnight`` perhaps a last
    span running past midnight (``("22:00", "06:00")``, or ``("22:00", "00:00")`` to midnight).
    An end at midnight is also written ``"24:00"``. No span is empty, no two overlap, and an
    overnight span never runs into the next day's spans. A closed day is missing or ``[]``.
    With ``require_open`` at least one day has open time. With a ``zone``, half of the span
    boundaries lie at or next to the wall times at which its clocks change (in a gap, in a
    fold, or at its edges), where hours are hardest to get right.

    >>> from hypothesis import given
    >>> @given(weekly_hours())
    ... def test_valid(hours):
    ...     assert not BusinessCalendar.weekly("UTC", hours).hours.empty
    >>> test_valid()
    """
    _check_step(step_minutes)
    if zone is not None:
        ZoneInfo(zone)  # an unknown zone fails here, not at the first draw
    return _weekly_hours(
        step_minutes=step_minutes,
        max_spans=max_spans,
        overnight=overnight,
        require_open=require_open,
        zone=zone,
    )


def _draw_special(draw: st.DrawFn, step_minutes: int, hot: tuple[int, ...]) -> Spans:
    """Hours for one special date: a third of them ``[]`` (closed), else new hours (at least
    one span), perhaps overnight."""
    if draw(st.integers(0, 2)) == 0:
        return []
    per_day = MINUTES_PER_DAY // step_minutes
    spans, night = _draw_day(draw, per_day, 3, overnight=True, self_consistent=False, hot=hot)
    if not spans and night is None:
        start = draw(st.integers(0, per_day - 1))
        spans = [(start, draw(st.integers(start + 1, per_day)))]
    return _format_day(draw, (spans, night), step_minutes)


# --- calendars ---------------------------------------------------------------------------------


def _draw_dates(draw: st.DrawFn, dates: st.SearchStrategy[date], most: int) -> list[date]:
    found: list[date] = []
    for _ in range(draw(st.integers(0, most))):
        day = draw(dates)
        if day not in found:
            found.append(day)
    return found


@st.composite
def _calendars(
    draw: st.DrawFn,
    *,
    zone: st.SearchStrategy[str],
    hours: st.SearchStrategy[dict[str, Spans]] | None,
    dates: st.SearchStrategy[date],
    holiday_codes: tuple[tuple[str, ...], ...],
    max_closed: int,
    max_special: int,
    max_closures: int,
    step_minutes: int,
) -> BusinessCalendar:
    name = draw(zone)
    tz = ZoneInfo(name)
    if hours is None:
        weekly = _draw_weekly(
            draw,
            step_minutes=step_minutes,
            max_spans=3,
            overnight=True,
            require_open=True,
            zone=name,
        )
    else:
        weekly = draw(hours)
    hot = _dst_wall_points(name, step_minutes)
    special = {
        day: _draw_special(draw, step_minutes, hot)
        for day in _draw_dates(draw, dates, max_special)
    }
    closed = [day for day in _draw_dates(draw, dates, max_closed) if day not in special]
    per_day = MINUTES_PER_DAY // step_minutes
    written = (tz, *FIXED_OFFSETS)
    closures: list[tuple[datetime, datetime]] = []
    for _ in range(draw(st.integers(0, max_closures))):
        day = draw(dates)
        minute = _point(draw, 0, per_day - 1, hot) * step_minutes
        start = _real(day, minute, draw(st.integers(0, 1)), tz)
        short = draw(st.booleans())
        steps = draw(st.integers(1, 8)) if short else draw(st.integers(1, 3 * per_day))
        end = start + timedelta(minutes=steps * step_minutes)
        closures.append(
            (start.astimezone(_pick(draw, written)), end.astimezone(_pick(draw, written)))
        )
    return BusinessCalendar.weekly(
        name,
        weekly,
        holidays=_pick(draw, holiday_codes),
        closed=closed,
        special_hours=special,
        closures=closures,
    )


def calendars(
    zone: str | st.SearchStrategy[str] | None = None,
    *,
    hours: st.SearchStrategy[dict[str, list[tuple[str, str]]]] | None = None,
    min_year: int = 2024,
    max_year: int = 2028,
    dates: st.SearchStrategy[date] | None = None,
    holidays: Sequence[str] = ("US", "GB"),
    max_closed: int = 3,
    max_special: int = 3,
    max_closures: int = 3,
    step_minutes: int = 15,
    dst_only: bool = False,
) -> st.SearchStrategy[BusinessCalendar]:
    """Valid :class:`BusinessCalendar` s built with :meth:`BusinessCalendar.weekly`.

    - ``zone``: a zone name, a strategy of names, or ``None`` for :func:`zones` (of
      :data:`ZONES`, or with ``dst_only=True`` of :data:`DST_ZONES`);
    - ``hours``: weekly hours, by default as ``weekly_hours(zone=zone)`` draws them on a
      ``step_minutes`` grid, with at least one open span (so searches for open time succeed)
      and many boundaries at the wall times where the zone's clocks change (so are special
      hours and the starts of closures);
    - dated features on days drawn from ``dates`` (by default the years ``min_year`` to
      ``max_year``): up to ``max_closed`` closed dates, up to ``max_special`` special hours (a
      third of them ``[]``, the rest new hours, on weekends too, perhaps overnight) and up to
      ``max_closures`` closures (from a wall time on the grid, for a few steps or up to three
      days, written in the calendar's zone, UTC or a fixed offset);
    - no holidays, or one code from ``holidays``.

    Narrow ``dates`` around the instants you test so the dated features matter:

    >>> from datetime import date, timedelta
    >>> from hypothesis import given, strategies as st
    >>> march = st.dates(date(2026, 3, 1), date(2026, 3, 14))
    >>> @given(calendars("America/New_York", dates=march))
    ... def test_next_open_is_open(cal):
    ...     at = datetime(2026, 3, 8, 2, tzinfo=UTC)
    ...     assert cal.is_open(cal.next_open(at))
    >>> test_next_open_is_open()
    """
    _check_step(step_minutes)
    if dst_only and zone is not None:
        msg = "calendars: pass a zone or dst_only=True, not both"
        raise InvalidArgument(msg)
    if dates is None and not 1 <= min_year <= max_year <= 9999:
        msg = f"calendars(min_year={min_year}, max_year={max_year}): no such years"
        raise InvalidArgument(msg)
    for name, most in (
        ("max_closed", max_closed),
        ("max_special", max_special),
        ("max_closures", max_closures),
    ):
        if most < 0:
            msg = f"calendars({name}={most}): a count cannot be negative"
            raise InvalidArgument(msg)
    if zone is None:
        zone_strategy = zones(DST_ZONES if dst_only else ZONES)
    elif isinstance(zone, str):
        ZoneInfo(zone)  # an unknown zone fails here, not at the first draw
        zone_strategy = st.just(zone)
    else:
        zone_strategy = zone
    if dates is None:
        dates = st.dates(date(min_year, 1, 1), date(max_year, 12, 31))
    return _calendars(
        zone=zone_strategy,
        hours=hours,
        dates=dates,
        holiday_codes=((), *((code,) for code in holidays)),
        max_closed=max_closed,
        max_special=max_special,
        max_closures=max_closures,
        step_minutes=step_minutes,
    )


# --- st.from_type ------------------------------------------------------------------------------

#: The strategy :func:`hypothesis.strategies.from_type` uses for each class, registered when
#: this module is imported.
_REGISTERED: dict[type[Any], st.SearchStrategy[Any]] = {
    BusinessCalendar: calendars(),
    Policy: policies(),
    PolicyHistory: histories(),
    Contact: contacts(),
    Turnaround: turnarounds(),
    OperatingHours: operating_hours(),
    CallbackWindow: callback_windows(),
    VoicemailGate: voicemail_gates(),
    AfterHours: after_hours_rules(),
    FrequencyFlag: frequency_flags(),
    NoCallsDuringSessions: st.just(NoCallsDuringSessions()),
    NoPersonalNumbers: st.just(NoPersonalNumbers()),
    SchedulingOnlyLine: st.just(SchedulingOnlyLine()),
    OutreachBoundary: st.sampled_from((OutreachBoundary(), OutreachBoundary(mode="flag"))),
}
for _cls, _strategy in _REGISTERED.items():
    st.register_type_strategy(_cls, _strategy)
