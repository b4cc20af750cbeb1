"""Worlds for the engine's properties: a zone, a focus instant (often near one of the zone's
DST changes, on its wall-clock grid, or around New Year), a calendar whose dated features
(closed dates, special hours, closures) lie within ten days of it, and instants within a week
of it, written in random zones; with the helpers that read their answers exactly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from contact_policy import BusinessCalendar, NoOpenTimeError
from contact_policy.testing import ZONES, aware_datetimes, calendars, durations

US = timedelta(microseconds=1)
ZERO = timedelta(0)
SPREAD = timedelta(days=7)
#: Durations of open time: mostly hours, sometimes days (a sparse calendar then reaches years).
AMOUNTS = durations(ZERO, timedelta(days=3))
POSITIVE = durations(US, timedelta(days=3))


@dataclass(frozen=True)
class World:
    cal: BusinessCalendar
    focus: datetime

    @cached_property
    def instants(self) -> st.SearchStrategy[datetime]:
        return aware_datetimes(
            min_value=self.focus - SPREAD, max_value=self.focus + SPREAD, zones=(self.cal.zone,)
        )


#: Offsets from a local New Year's midnight, for worlds around a year's end (where the engine
#: compiles one more year).
NEW_YEAR = st.integers(-3 * 24 * 60, 3 * 24 * 60).map(lambda m: timedelta(minutes=m))


@st.composite
def worlds(draw: st.DrawFn) -> World:
    zone = draw(st.sampled_from(ZONES))
    if draw(st.integers(0, 4)) == 0:
        year = draw(st.integers(2025, 2028))
        new_year = datetime(year, 1, 1, tzinfo=ZoneInfo(zone))
        focus = shift(new_year, draw(NEW_YEAR))
    else:
        focus = draw(aware_datetimes(2024, 2028, zones=(zone,), written_in=(UTC,)))
    day = focus.astimezone(ZoneInfo(zone)).date()
    dates = st.dates(day - timedelta(days=10), day + timedelta(days=10))
    return World(draw(calendars(zone, dates=dates)), focus)


def utc(x: datetime) -> datetime:
    return x.astimezone(UTC)


def shift(x: datetime, by: timedelta) -> datetime:
    """``x + by`` in real elapsed time (aware arithmetic in a DST zone is wall-clock)."""
    return utc(x) + by


def open_instant(cal: BusinessCalendar, x: datetime, fraction: float, *, inside: bool) -> datetime:
    """An open instant at or after ``x``: a fraction of the way into the next open interval
    (strictly after its opening instant when ``inside``)."""
    start = utc(cal.next_open(x))
    close = next_close(cal, start)
    end = utc(close) if close is not None else start + timedelta(days=1)
    length = (end - start) // US
    offset = int(fraction * (length - 1)) if length > 1 else 0
    if inside:
        offset = max(offset, 1) if length > 1 else 0
    return start + offset * US


def next_close(cal: BusinessCalendar, x: datetime) -> datetime | None:
    """``cal.next_close(x)``, or None for a calendar open around the clock (it never closes)."""
    try:
        return cal.next_close(x)
    except NoOpenTimeError:
        return None


def zone_key(x: datetime) -> str | None:
    return getattr(x.tzinfo, "key", None)


def reading(v: object) -> object:
    """A datetime as its exact reading (instant, text, zone); anything else as it is."""
    return (utc(v), v.isoformat(), zone_key(v)) if isinstance(v, datetime) else v
