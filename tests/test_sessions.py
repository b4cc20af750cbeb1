"""Example tests for ``contact_policy.sessions``: ``Session``, ``SessionSeries`` (RRULE) and
``SessionSchedule`` (docs/semantics.md §17)."""

from __future__ import annotations

import time as wall_clock
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from contact_policy import (
    Contact,
    NaiveDatetimeError,
    NoCallsDuringSessions,
    Policy,
    PolicyValidationError,
    Session,
    SessionSchedule,
    SessionSeries,
    parse_policy,
)
from tests.helpers import NEW_YORK, NY, exact, t

FIFTY_MINUTES = timedelta(minutes=50)
NO_DTSTART = "FREQ=WEEKLY;BYDAY=MO,WE;BYHOUR=10;BYMINUTE=0"


class TestSessionSeriesStart:
    """A series must say when it starts: the library never reads the machine's clock."""

    def test_an_rrule_without_dtstart_is_an_error_naming_the_field(self) -> None:
        message = (
            f"rrule: {NO_DTSTART!r} has no DTSTART, so it would start at whatever time the "
            "machine's clock shows; write the first session's start into it, e.g. "
            "'DTSTART:20260105T100000\\nRRULE:FREQ=WEEKLY;BYDAY=MO', or give start=<the first "
            "session's aware start>"
        )
        with pytest.raises(PolicyValidationError, match=exact(message)) as info:
            SessionSeries(rrule=NO_DTSTART, duration=FIFTY_MINUTES)
        assert info.value.path == "rrule"

    def test_a_policy_file_names_the_series(self) -> None:
        text = f"""
zone = "America/New_York"
[[rules]]
kind = "no_calls_during_sessions"
[[rules.schedule.series]]
rrule = "{NO_DTSTART}"
duration = "PT50M"
"""
        with pytest.raises(PolicyValidationError, match=r"^practice.toml: ") as info:
            parse_policy(text, format="toml", origin="practice.toml")
        assert info.value.path == "rules[0].schedule.series[0].rrule"
        assert "has no DTSTART" in str(info.value)

    def test_an_explicit_start_makes_the_series(self) -> None:
        # The session on Mon 2026-11-23 runs 10:00-10:50; a call at 10:20 rings during it.
        series = SessionSeries(
            rrule=NO_DTSTART, duration=FIFTY_MINUTES, start=datetime(2026, 11, 2, 10, tzinfo=NY)
        )
        found = series.occurrence_at(t("2026-11-23T10:20-05:00"), NEW_YORK)
        assert found is not None
        start, end = found
        assert (start.isoformat(), end.isoformat()) == (
            "2026-11-23T10:00:00-05:00",
            "2026-11-23T10:50:00-05:00",
        )
        policy = Policy(zone=NEW_YORK, rules=[NoCallsDuringSessions()])
        assert not policy.in_bounds(
            Contact(t("2026-11-23T10:20-05:00")), sessions=[series]
        ).allowed

    def test_occurrences_start_on_the_minute_whatever_the_clock_says(self) -> None:
        # With the start taken from the clock, occurrences began at 10:00:SS.
        series = SessionSeries(
            rrule=NO_DTSTART, duration=FIFTY_MINUTES, start=datetime(2026, 11, 2, 10, tzinfo=NY)
        )
        for day in (2, 4, 9, 30):
            at = datetime(2026, 11, day, 10, 0, 0, tzinfo=NY)
            found = series.occurrence_at(at, NEW_YORK)
            assert found is not None
            assert found[0] == at
            assert found[0].second == 0

    def test_the_series_is_the_same_at_any_moment_it_is_asked(self) -> None:
        series = SessionSeries(
            rrule="DTSTART:20260105T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO", duration=FIFTY_MINUTES
        )
        first = series.occurrence_at(t("2026-11-23T10:20-05:00"), NEW_YORK)
        wall_clock.sleep(1.1)  # a series built from the clock would now start a second later
        again = SessionSeries(rrule=series.rrule, duration=FIFTY_MINUTES)
        assert again.occurrence_at(t("2026-11-23T10:20-05:00"), NEW_YORK) == first

    def test_dtstart_and_start_together_is_an_error(self) -> None:
        with pytest.raises(
            PolicyValidationError, match=r"^start: the rrule already has a DTSTART"
        ):
            SessionSeries(
                rrule="DTSTART:20260105T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO",
                duration=FIFTY_MINUTES,
                start=datetime(2026, 1, 5, 10, tzinfo=NY),
            )

    def test_a_naive_start_is_an_error(self) -> None:
        with pytest.raises(NaiveDatetimeError) as info:
            SessionSeries(
                rrule=NO_DTSTART, duration=FIFTY_MINUTES, start=datetime(2026, 11, 2, 10)
            )
        assert info.value.path == "start"

    def test_the_start_round_trips(self) -> None:
        series = SessionSeries(
            rrule=NO_DTSTART, duration=FIFTY_MINUTES, start=datetime(2026, 11, 2, 10, tzinfo=NY)
        )
        assert SessionSeries.model_validate_json(series.model_dump_json()) == series

    def test_a_start_with_a_fixed_offset_keeps_its_wall_time_across_clock_changes(self) -> None:
        # A file can only write an offset; read as a fixed offset, the Monday 10:00 session
        # would be at 11:00 all summer.
        text = """
zone = "America/New_York"
[[rules]]
kind = "no_calls_during_sessions"
[[rules.schedule.series]]
rrule = "FREQ=WEEKLY;BYDAY=MO"
duration = "PT50M"
start = "2026-11-02T10:00:00-05:00"
"""
        policy = parse_policy(text, format="toml")
        series = policy.rules[0].schedule.series[0]
        for day in (
            datetime(2026, 11, 23, 10, 20, tzinfo=NY),
            datetime(2027, 6, 7, 10, 20, tzinfo=NY),
        ):
            found = series.occurrence_at(day, NEW_YORK)
            assert found is not None
            assert found[0] == day.replace(minute=0)
        assert series.occurrence_at(datetime(2027, 6, 7, 11, 20, tzinfo=NY), NEW_YORK) is None
        assert not policy.in_bounds(Contact(datetime(2027, 6, 7, 10, 20, tzinfo=NY))).allowed
        assert policy.in_bounds(Contact(datetime(2027, 6, 7, 11, 20, tzinfo=NY))).allowed

    def test_a_fixed_offset_start_is_its_wall_time_in_the_practice_zone(self) -> None:
        # 15:00Z is 10:00 in New York on 2 Nov 2026: the session is at 10:00 there in June.
        series = SessionSeries.model_validate(
            {
                "rrule": NO_DTSTART.replace(";BYHOUR=10;BYMINUTE=0", ""),
                "duration": "PT50M",
                "start": "2026-11-02T15:00:00Z",
            }
        )
        found = series.occurrence_at(datetime(2027, 6, 7, 10, 20, tzinfo=NY), NEW_YORK)
        assert found is not None
        assert found[0] == datetime(2027, 6, 7, 10, tzinfo=NY)

    def test_a_zoneinfo_start_keeps_its_wall_time_in_its_own_zone(self) -> None:
        london = ZoneInfo("Europe/London")
        series = SessionSeries(
            rrule="FREQ=WEEKLY;BYDAY=MO",
            duration=FIFTY_MINUTES,
            start=datetime(2026, 11, 2, 15, tzinfo=london),
        )
        found = series.occurrence_at(datetime(2027, 6, 7, 15, 20, tzinfo=london), NEW_YORK)
        assert found is not None
        assert found[0] == datetime(2027, 6, 7, 15, tzinfo=london)

    def test_a_fixed_offset_start_with_zoned_exdates_is_an_error_that_says_why(self) -> None:
        with pytest.raises(
            PolicyValidationError, match="a start= with a fixed UTC offset"
        ) as info:
            SessionSeries(
                rrule="FREQ=WEEKLY;BYDAY=MO\\nEXDATE:20261109T150000Z",
                duration=FIFTY_MINUTES,
                start=datetime.fromisoformat("2026-11-02T10:00:00-05:00"),
            )
        assert info.value.path == "rrule"

    def test_a_dtstart_after_a_literal_backslash_n_is_found(self) -> None:
        # Lines joined by the two characters \n (as a one-line TOML string writes them).
        series = SessionSeries(
            rrule="RRULE:FREQ=WEEKLY;BYDAY=MO\\nDTSTART:20260105T100000", duration=FIFTY_MINUTES
        )
        assert series.occurrence_at(t("2026-11-23T10:20-05:00"), NEW_YORK) is not None


class TestBadSessions:
    def test_an_end_before_the_start(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"session end .* is not after its start"):
            Session(start=t("2026-11-23T11:00-05:00"), end=t("2026-11-23T10:00-05:00"))

    def test_naive_times(self) -> None:
        with pytest.raises(NaiveDatetimeError):
            Session(start=datetime(2026, 11, 23, 10), end=datetime(2026, 11, 23, 11))

    def test_not_a_recurrence(self) -> None:
        with pytest.raises(PolicyValidationError, match="not an RFC 5545 recurrence") as info:
            SessionSeries(rrule="DTSTART:20260105T100000\nevery monday", duration=FIFTY_MINUTES)
        assert info.value.path == "rrule"

    def test_a_zero_duration(self) -> None:
        with pytest.raises(PolicyValidationError, match="not positive"):
            SessionSeries(rrule="DTSTART:20260105T100000\nRRULE:FREQ=DAILY", duration=timedelta(0))


class TestSessionSchedule:
    def test_explicit_sessions_are_half_open(self) -> None:
        s = SessionSchedule(sessions=[(t("2026-11-23T10:00-05:00"), t("2026-11-23T10:50-05:00"))])
        assert s.in_session(t("2026-11-23T10:00-05:00"), NEW_YORK)
        assert s.in_session(t("2026-11-23T10:49:59-05:00"), NEW_YORK)
        assert not s.in_session(t("2026-11-23T10:50-05:00"), NEW_YORK)

    def test_merged_schedules_hold_both(self) -> None:
        a = SessionSchedule(sessions=[(t("2026-11-23T10:00-05:00"), t("2026-11-23T10:50-05:00"))])
        b = SessionSchedule(sessions=[(t("2026-11-23T14:00-05:00"), t("2026-11-23T14:50-05:00"))])
        both = a.merged(b)
        assert both.in_session(t("2026-11-23T10:10-05:00"), NEW_YORK)
        assert both.in_session(t("2026-11-23T14:10-05:00"), NEW_YORK)
        assert a.merged(None) is a
        assert a.merged(SessionSchedule()) is a

    def test_sessions_that_are_no_list_are_an_error(self) -> None:
        policy = Policy(zone=NEW_YORK, rules=[NoCallsDuringSessions()])
        with pytest.raises(PolicyValidationError, match=r"^sessions=5 is not a list of sessions"):
            policy.in_bounds(Contact(t("2026-11-23T10:20-05:00")), sessions=5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "DTSTART:19950101T000000\nRRULE:FREQ=MONTHLY;COUNT=1\nEXDATE:19950101T000000",
        "DTSTART;TZID=America/New_York:20260105T100000\nRRULE:FREQ=DAILY;COUNT=2\n"
        "EXDATE;TZID=America/New_York:20260105T100000,20260106T100000",
        "DTSTART:20260105T100000\nRDATE:20260107T100000\nEXDATE:20260107T100000",
    ],
)
def test_a_series_whose_every_occurrence_is_excluded_never_occurs(text: str) -> None:
    """As dateutil says: no occurrence is left, so the series is an error, not an empty one
    (a CI find of the dateutil property)."""
    with pytest.raises(PolicyValidationError, match="has no occurrence") as err:
        SessionSeries(rrule=text, duration=timedelta(minutes=50))
    assert err.value.path == "rrule"


def test_a_series_keeps_the_occurrences_its_exdates_leave() -> None:
    text = "DTSTART:19950101T000000\nRRULE:FREQ=MONTHLY;COUNT=2\nEXDATE:19950101T000000"
    series = SessionSeries(rrule=text, duration=timedelta(minutes=50))
    assert series.occurrence_at(datetime(1995, 2, 1, 0, 10, tzinfo=NY), "America/New_York")
