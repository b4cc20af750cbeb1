"""Tests of ``contact_policy.testing``: the strategies draw what they promise and importing the
library never imports hypothesis (``tests/test_docs.py`` runs the module's examples)."""

from __future__ import annotations

import pathlib
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from contact_policy import BusinessCalendar, testing
from contact_policy.testing import (
    ZONES,
    aware_datetimes,
    calendars,
    dst_transitions,
    durations,
    weekly_hours,
    zones,
)

SRC = pathlib.Path(testing.__file__).resolve().parent
MINUTE = timedelta(minutes=1)


def test_importing_the_library_does_not_import_hypothesis() -> None:
    code = (
        "import sys, contact_policy, contact_policy.calendar, contact_policy.policy; "
        "assert 'hypothesis' not in sys.modules, 'hypothesis imported'; "
        "assert 'contact_policy.testing' not in sys.modules, 'testing imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603 - our own interpreter


def test_only_the_strategy_modules_import_hypothesis() -> None:
    importers = sorted(
        path.name
        for path in SRC.glob("*.py")
        if "from hypothesis" in path.read_text() or "import hypothesis" in path.read_text()
    )
    assert importers == ["_log_strategies.py", "_policy_strategies.py", "testing.py"]


def test_every_public_name_has_a_docstring() -> None:
    for name in testing.__all__:
        obj = getattr(testing, name)
        if callable(obj):
            assert (obj.__doc__ or "").strip(), name


@given(zones())
def test_zones_are_known(zone: str) -> None:
    assert zone in ZONES


@given(aware_datetimes())
def test_aware_datetimes_are_real_and_in_range(at: datetime) -> None:
    assert at.utcoffset() is not None
    assert (
        datetime(2024, 1, 1, tzinfo=UTC) <= at.astimezone(UTC) < datetime(2029, 1, 1, tzinfo=UTC)
    )
    # real: the zone writes that instant exactly so (no imaginary time, the right fold)
    again = at.astimezone(UTC).astimezone(at.tzinfo)
    assert (again.replace(tzinfo=None), again.fold) == (at.replace(tzinfo=None), at.fold)


@given(st.data())
def test_aware_datetimes_respect_bounds_and_grid(data: st.DataObject) -> None:
    lo = data.draw(aware_datetimes(2025, 2027))
    hi = lo.astimezone(UTC) + data.draw(durations(timedelta(hours=1), timedelta(days=20)))
    at = data.draw(aware_datetimes(min_value=lo, max_value=hi, grid=MINUTE))
    assert lo.astimezone(UTC) <= at.astimezone(UTC) <= hi
    assert (at.astimezone(UTC) - datetime(1970, 1, 1, tzinfo=UTC)) % MINUTE == timedelta(0)


def test_aware_datetimes_reach_dst_transitions() -> None:
    edges = {t.astimezone(UTC) for t in dst_transitions("America/New_York", 2026, 2026)}
    seen: list[datetime] = []

    @settings(max_examples=200, database=None)
    @given(aware_datetimes(2026, 2026, zones=("America/New_York",)))
    def collect(at: datetime) -> None:
        if any(abs(at.astimezone(UTC) - edge) <= timedelta(minutes=2) for edge in edges):
            seen.append(at)

    collect()
    assert seen  # a sixth of the draws lie within two minutes of one


def test_dst_transitions_change_the_offset() -> None:
    for zone in ZONES:
        for t in dst_transitions(zone, 2024, 2028):
            before = (t.astimezone(UTC) - timedelta(seconds=1)).astimezone(t.tzinfo)
            assert before.utcoffset() != t.utcoffset(), (zone, t)


@given(st.sampled_from((5, 15, 30, 60)), st.booleans(), st.data())
def test_weekly_hours_are_valid(step: int, overnight: bool, data: st.DataObject) -> None:
    zone = data.draw(st.none() | zones())
    hours = data.draw(weekly_hours(step_minutes=step, overnight=overnight, zone=zone))
    cal = BusinessCalendar.weekly(zone or "UTC", hours)  # validation accepts them
    assert not cal.hours.empty
    for spans in hours.values():
        for pair in spans:
            for text in pair:
                assert int(text[-2:]) % step == 0
    if not overnight:
        assert not any(sp.overnight for i in range(7) for sp in cal.hours.for_day(i))


@given(weekly_hours(require_open=False))
def test_weekly_hours_may_be_closed_all_week(hours: dict[str, list[tuple[str, str]]]) -> None:
    BusinessCalendar.weekly("UTC", hours)


@given(durations(timedelta(minutes=3), timedelta(hours=5), grid=MINUTE))
def test_durations_respect_bounds_and_grid(d: timedelta) -> None:
    assert timedelta(minutes=3) <= d <= timedelta(hours=5)
    assert d % MINUTE == timedelta(0)


@given(calendars(dates=st.dates(date(2026, 6, 1), date(2026, 6, 30))))
def test_calendars_have_open_time_and_features_in_range(cal: BusinessCalendar) -> None:
    assert cal.zone in ZONES
    assert not cal.hours.empty
    assert cal.holidays in ((), ("US",), ("GB",))
    for day in (*cal.closed, *(s.date for s in cal.special_hours)):
        assert date(2026, 6, 1) <= day <= date(2026, 6, 30)
    for c in cal.closures:
        assert c.start.astimezone(UTC) < c.end.astimezone(UTC)
    assert cal.is_open(cal.next_open(datetime(2026, 6, 1, tzinfo=UTC)))


@pytest.mark.parametrize(
    "make",
    [
        lambda: zones(()),
        lambda: aware_datetimes(2027, 2026),
        lambda: aware_datetimes(min_value=datetime(2026, 1, 1)),  # naive
        lambda: aware_datetimes(wall_step=timedelta(minutes=7)),
        lambda: durations(timedelta(hours=2), timedelta(hours=1)),
        lambda: weekly_hours(step_minutes=7),
        lambda: calendars(step_minutes=0),
    ],
)
def test_bad_arguments_are_refused(make: object) -> None:
    with pytest.raises(InvalidArgument):
        make()  # type: ignore[operator]
