"""Session series against dateutil's own expansion (issue 14): on random RRULE series (see
:mod:`tests.properties.series`), the occurrences the library finds in a window, and the
occurrence ``SessionSeries.occurrence_at`` says holds an instant, are dateutil's, read as
instants by the documented rule (docs/semantics.md §17). tests/test_recurrence.py holds the
rule-level expansion (``Recurrence``) to dateutil on wall times; these hold the whole series,
zones, EXDATE, RDATE, COUNT and UNTIL included, on instants."""

from __future__ import annotations

from bisect import bisect_right
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from contact_policy import PolicyValidationError, SessionSeries
from contact_policy.sessions import _expansion

from .series import Case, cases

US = timedelta(microseconds=1)
NY = "America/New_York"


def library_starts(case: Case) -> list[datetime]:
    """The starts the library compiled for the case's window (its per-year expansions)."""
    found = _expansion(case.text, None)
    out = []
    for year in range(case.lo.year, case.hi.year + 1):
        out += [
            datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=x)
            for x in found._starts(year, case.tz)
        ]
    return [o for o in out if case.lo <= o < case.hi]


def built(case: Case) -> SessionSeries | None:
    """The case's series, or None when it never occurs (then dateutil must agree)."""
    if any(True for _ in case.dateutil_set()):  # (every drawn rule without an end occurs)
        return case.series
    # dateutil finds none (a rule whose UNTIL comes before its first day); nor must we.
    with pytest.raises(PolicyValidationError, match="has no occurrence"):
        _ = case.series
    event("a series that never occurs")
    return None


@given(cases())
def test_the_occurrences_in_a_window_are_dateutils(case: Case) -> None:
    if built(case) is None:
        return
    expected = case.expected()
    event("occurrences in the window" if expected else "none in the window")
    assert library_starts(case) == expected


@given(cases(max_window_days=10), st.data())
def test_occurrence_at_is_the_dateutil_occurrence_holding_the_instant(
    case: Case, data: st.DataObject
) -> None:
    series = built(case)
    if series is None:
        return
    # Every occurrence that can hold a probe: probes reach an occurrence's end past the window
    # (the start of the next one, say), and a session lasts at most a day.
    starts = case.expected(case.lo - timedelta(days=1, hours=1), case.hi + case.duration + US)

    def holding(x: datetime) -> tuple[datetime, datetime] | None:
        i = bisect_right(starts, x)
        if i and x < starts[i - 1] + case.duration:
            return starts[i - 1], starts[i - 1] + case.duration
        return None

    inside = [s for s in starts if case.lo <= s < case.hi]
    probes = [p for s in inside for p in (s, s - US, s + case.duration - US, s + case.duration)]
    span = (case.hi - case.lo) // US
    probes += data.draw(
        st.lists(st.integers(0, span - 1).map(lambda n: case.lo + n * US), max_size=8)
    )
    for x in probes:
        at = x.astimezone(case.tz)
        got = series.occurrence_at(at, case.zone)
        want = holding(x)
        if want is None:
            assert got is None, (x, got)
        else:
            assert got is not None, (x, want)
            assert (got[0].astimezone(UTC), got[1].astimezone(UTC)) == want
            assert got[0].tzinfo is case.tz  # answers are in the practice's zone


# --- the documented reading of wall times, pinned -------------------------------------------


def _occurrence(text: str, at: str, zone: str = NY) -> tuple[str, str] | None:
    series = SessionSeries(rrule=text, duration=timedelta(minutes=50))
    found = series.occurrence_at(datetime.fromisoformat(at), zone)
    return None if found is None else (found[0].isoformat(), found[1].isoformat())


@pytest.mark.parametrize("head", ["DTSTART:", f"DTSTART;TZID={NY}:"])
class TestWallTimes:
    def test_a_time_in_a_gap_takes_the_offset_before_it(self, head: str) -> None:
        # 02:30 does not exist on 2026-03-08 in New York: read as 02:30 EST, i.e. 03:30 EDT.
        text = f"{head}20260301T023000\nRRULE:FREQ=DAILY"
        assert _occurrence(text, "2026-03-08T03:30-04:00") == (
            "2026-03-08T03:30:00-04:00",
            "2026-03-08T04:20:00-04:00",
        )
        assert _occurrence(text, "2026-03-08T03:29-04:00") is None
        assert _occurrence(text, "2026-03-09T02:30-04:00") == (
            "2026-03-09T02:30:00-04:00",
            "2026-03-09T03:20:00-04:00",
        )

    def test_a_time_that_happens_twice_is_its_first(self, head: str) -> None:
        # 01:30 happens twice on 2026-11-01: the session starts at the first (EDT) and lasts
        # 50 minutes of real time.
        text = f"{head}20261025T013000\nRRULE:FREQ=DAILY"
        assert _occurrence(text, "2026-11-01T01:30-04:00") == (
            "2026-11-01T01:30:00-04:00",
            "2026-11-01T01:20:00-05:00",
        )
        assert _occurrence(text, "2026-11-01T01:30-05:00") is None

    def test_a_series_keeps_its_wall_time_across_dst(self, head: str) -> None:
        text = f"{head}20000103T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO"
        assert _occurrence(text, "2026-07-06T10:00-04:00") is not None
        assert _occurrence(text, "2026-11-23T10:00-05:00") is not None


class TestSeriesAgeAndEnds:
    def test_a_series_from_1995_and_one_from_2026_agree_in_2027(self) -> None:
        old = "DTSTART:19950102T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE"
        new = "DTSTART:20260105T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE"
        for day in range(1, 60):
            at = (datetime(2027, 1, 1, 15, 20, tzinfo=UTC) + timedelta(days=day)).isoformat()
            assert _occurrence(old, at) == _occurrence(new, at)

    def test_exdate_removes_and_rdate_adds(self) -> None:
        text = (
            "DTSTART:20000103T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO\n"
            "EXDATE:20261123T100000\nRDATE:20261124T140000"
        )
        assert _occurrence(text, "2026-11-16T10:10-05:00") is not None
        assert _occurrence(text, "2026-11-23T10:10-05:00") is None
        assert _occurrence(text, "2026-11-24T14:10-05:00") == (
            "2026-11-24T14:00:00-05:00",
            "2026-11-24T14:50:00-05:00",
        )

    def test_count_and_until_end_the_series(self) -> None:
        count = "DTSTART:20000103T100000\nRRULE:FREQ=WEEKLY;COUNT=3"
        assert _occurrence(count, "2000-01-17T10:10-05:00") is not None
        assert _occurrence(count, "2000-01-24T10:10-05:00") is None
        until = "DTSTART:20000103T100000\nRRULE:FREQ=DAILY;UNTIL=20260101T100000"
        assert _occurrence(until, "2026-01-01T10:10-05:00") is not None
        assert _occurrence(until, "2026-01-02T10:10-05:00") is None

    @pytest.mark.parametrize(
        "text",
        [
            "DTSTART:20260105T100000\nRRULE:FREQ=WEEKLY\nRDATE:20260201T150000Z",
            "DTSTART:20260105T100000Z\nRRULE:FREQ=WEEKLY\nRDATE:20260201T150000",
            "DTSTART:20260105T100000\nRRULE:FREQ=WEEKLY\nEXDATE:20260112T150000Z",
        ],
    )
    def test_zoneless_and_zoned_times_together_are_an_error(self, text: str) -> None:
        with pytest.raises(PolicyValidationError, match=r"rrule: .* mixes times without a zone"):
            SessionSeries(rrule=text, duration=timedelta(minutes=50))
