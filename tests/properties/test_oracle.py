"""The engine against an independent brute-force oracle (``oracle.py``), minute by minute.

Each example draws a zone, a focus date (a DST change, a holiday, an observed holiday or any
date), a calendar whose
dated features fall within two days of it, and a window of three days around it on the minute
grid (from the UTC midnight a day before the focus date, which covers the whole local focus date
in every zone); the oracle walks that window and the engine must agree with it exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

import holidays
from hypothesis import given
from hypothesis import strategies as st

from contact_policy import BusinessCalendar, NoOpenTimeError
from contact_policy.testing import ZONES, aware_datetimes, calendars

from .oracle import MINUTE, Oracle

#: Dates of DST changes (each zone's own), where wall time is hardest.
DST_DATES: dict[str, tuple[date, ...]] = {
    "America/New_York": (date(2026, 3, 8), date(2026, 11, 1)),
    "Europe/London": (date(2026, 3, 29), date(2026, 10, 25)),
    "Europe/Dublin": (date(2026, 3, 29), date(2026, 10, 25)),
    "Australia/Lord_Howe": (date(2026, 4, 5), date(2026, 10, 4)),
    "Pacific/Chatham": (date(2026, 4, 5), date(2026, 9, 27)),
    "America/St_Johns": (date(2026, 3, 8), date(2026, 11, 1)),
    "Antarctica/Troll": (date(2026, 3, 29), date(2026, 10, 25)),
    # São Paulo's changes were at midnight (00:00 did not exist on 2018-11-04).
    "America/Sao_Paulo": (date(2018, 2, 17), date(2018, 11, 4)),
}


_TABLES = {code: holidays.country_holidays(code, years=range(2024, 2029)) for code in ("US", "GB")}
#: Holidays of the codes the calendars use, 2024–2028.
HOLIDAYS = {code: tuple(sorted(table)) for code, table in _TABLES.items()}
#: Their observed (substitute) days: a Friday before, a Monday after, New Year's Day observed
#: on the last day of the year before.
OBSERVED = {
    code: tuple(d for d in sorted(table) if "observed" in table[d].lower())
    for code, table in _TABLES.items()
}
WINDOW_BEFORE = timedelta(days=1)
WINDOW_AFTER = timedelta(days=2)


@dataclass(frozen=True)
class Scene:
    cal: BusinessCalendar
    start: datetime  # UTC, on the minute grid
    end: datetime

    def oracle(self) -> Oracle:
        return Oracle(self.cal, self.start, self.end)

    @cached_property
    def instants(self) -> st.SearchStrategy[datetime]:
        """Minute-grid instants of the window, aimed at the zone's hours and DST changes."""
        return aware_datetimes(
            min_value=self.start,
            max_value=self.end - MINUTE,
            zones=(self.cal.zone,),
            grid=MINUTE,
        )


@st.composite
def scenes(draw: st.DrawFn) -> Scene:
    # Two in five scenes are on a DST change, where the rules are hardest.
    kind = draw(st.sampled_from(("dst", "holiday", "dst", "observed", "any")))
    codes: tuple[str, ...] = ("US", "GB")
    if kind == "dst":
        zone = draw(st.sampled_from(sorted(DST_DATES)))
        focus = draw(st.sampled_from(DST_DATES[zone]))
    else:
        zone = draw(st.sampled_from(ZONES))
    if kind in ("holiday", "observed"):
        code = draw(st.sampled_from(codes))
        table = HOLIDAYS if kind == "holiday" else OBSERVED
        focus, codes = draw(st.sampled_from(table[code])), (code,)
    elif kind == "any":
        focus = draw(st.dates(date(2024, 1, 1), date(2028, 12, 31)))
    start = datetime.combine(focus, time(), tzinfo=UTC) - WINDOW_BEFORE
    end = datetime.combine(focus, time(), tzinfo=UTC) + WINDOW_AFTER
    # One in five calendars has no weekly hours: only its special hours open it, and searches
    # for open time may find none at all.
    empty_week = draw(st.integers(0, 4)) == 0
    cal = draw(
        calendars(
            zone,
            hours=st.just({}) if empty_week else None,
            dates=st.dates(focus - timedelta(days=2), focus + timedelta(days=2)),
            holidays=codes,
            step_minutes=draw(st.sampled_from((15, 5))),
        )
    )
    return Scene(cal, start, end)


#: Amounts of open time in minutes: mostly up to three hours, sometimes the whole window.
MINUTES = st.one_of(st.integers(0, 180), st.integers(0, 3 * 24 * 60))


def utc(x: datetime) -> datetime:
    return x.astimezone(UTC)


def searched(method: Callable[..., datetime], *args: object) -> datetime | None:
    """The UTC answer of a search for open time, or None when it found none at all."""
    try:
        return utc(method(*args))
    except NoOpenTimeError:
        return None


@given(scenes())
def test_is_open_matches_the_oracle_at_every_minute(scene: Scene) -> None:
    oracle = scene.oracle()
    cal = scene.cal
    wrong = [
        oracle.instant(k).astimezone(ZoneInfo(cal.zone)).isoformat()
        for k in range(oracle.n)
        if cal.is_open(oracle.instant(k)) != oracle.open[k]
    ]
    assert not wrong, f"is_open disagrees with the oracle at {wrong[:5]} ({len(wrong)} minutes)"


@given(scenes())
def test_intervals_match_the_oracle(scene: Scene) -> None:
    oracle = scene.oracle()
    got = [(utc(i.start), utc(i.end)) for i in scene.cal.intervals(scene.start, scene.end)]
    assert got == oracle.intervals()


@given(scenes(), st.data())
def test_elapsed_matches_the_oracle(scene: Scene, data: st.DataObject) -> None:
    oracle = scene.oracle()
    for _ in range(5):
        a = data.draw(scene.instants)
        b = data.draw(scene.instants)
        assert scene.cal.elapsed(a, b) == oracle.elapsed(a, b), (a, b)


@given(scenes(), st.data())
def test_add_matches_the_oracle(scene: Scene, data: st.DataObject) -> None:
    oracle = scene.oracle()
    cal = scene.cal
    for _ in range(5):
        at = data.draw(scene.instants)
        minutes = data.draw(MINUTES)
        got = searched(cal.add, at, minutes * MINUTE)
        expected = oracle.add(at, minutes)
        if expected is None:  # not enough open time left in the window
            assert got is None or got > scene.end, (at, minutes, got)
        else:
            assert got == expected, (at, minutes)


@given(scenes(), st.data())
def test_subtract_matches_the_oracle(scene: Scene, data: st.DataObject) -> None:
    oracle = scene.oracle()
    cal = scene.cal
    for _ in range(5):
        at = data.draw(scene.instants)
        minutes = data.draw(MINUTES)
        got = searched(cal.subtract, at, minutes * MINUTE)
        expected = oracle.subtract(at, minutes)
        if expected is None:  # not enough open time before it in the window
            assert got is None or got < scene.start, (at, minutes, got)
        else:
            assert got == expected, (at, minutes)


@given(scenes(), st.data())
def test_next_open_and_next_close_match_the_oracle(scene: Scene, data: st.DataObject) -> None:
    oracle = scene.oracle()
    cal = scene.cal
    for _ in range(5):
        at = data.draw(scene.instants)
        got_open = searched(cal.next_open, at)
        expected_open = oracle.next_open(at)
        if expected_open is None:  # closed until the end of the window (or for ever)
            assert got_open is None or got_open >= scene.end, at
        else:
            assert got_open == expected_open, at
        got_close = searched(cal.next_close, at)
        expected_close = oracle.next_close(at)
        if got_close is None:  # it never closes (open around the clock) or never opens again
            assert expected_close is None, at
        elif expected_close is None:  # no close inside the window
            assert got_close >= scene.end, at
        else:
            assert got_close == expected_close, at
