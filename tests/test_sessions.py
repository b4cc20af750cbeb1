"""Example tests for ``contact_policy.sessions``: ``Session``, ``SessionSeries`` (RRULE) and
``SessionSchedule`` (docs/semantics.md §17)."""

from __future__ import annotations

import time as wall_clock
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from contact_policy import (
    Contact,
    LimitExceededError,
    NaiveDatetimeError,
    NoCallsDuringSessions,
    OutOfRangeError,
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


# --- #12 audit: limits that bound a series' and a schedule's cost, and exact far answers ------

UTC_POLICY = Policy(zone="UTC", rules=[NoCallsDuringSessions()])
ALL_HOURS = ",".join(map(str, range(1, 24)))
ALL_MINUTES = ",".join(map(str, range(60)))


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo("UTC"))  # type: ignore[misc]


class TestSeriesLimits:
    """#12: every RRULE part that would make a series cost without bound, or mean nothing,
    is refused in our words, naming ``rrule``."""

    @pytest.mark.parametrize(
        "parts",
        [
            f"BYHOUR={ALL_HOURS};BYMINUTE={ALL_MINUTES};BYSECOND={ALL_MINUTES}",
            f"BYHOUR={ALL_HOURS};BYMINUTE={ALL_MINUTES}",
            "BYHOUR=10;BYMINUTE=0;BYSECOND=" + ",".join(map(str, range(49))),
        ],
    )
    def test_more_than_48_starts_a_day_is_refused_at_once(self, parts: str) -> None:
        started = wall_clock.perf_counter()
        with pytest.raises(LimitExceededError, match=r"starts a day .* limited to 48") as err:
            SessionSeries(
                rrule=f"DTSTART:20260105T100000Z\nRRULE:FREQ=DAILY;{parts}",
                duration=timedelta(seconds=1),
            )
        assert err.value.path == "rrule"
        assert wall_clock.perf_counter() - started < 1

    def test_the_48_starts_a_day_count_over_all_the_rules_of_a_series(self) -> None:
        lines = "\n".join(f"RRULE:FREQ=DAILY;BYHOUR={h};BYMINUTE=0,15,30,45" for h in range(13))
        with pytest.raises(LimitExceededError, match="limited to 48; got 52"):
            SessionSeries(rrule=f"DTSTART:20260105T100000Z\n{lines}", duration=FIFTY_MINUTES)

    def test_48_starts_a_day_answer_fast(self) -> None:
        series = SessionSeries(
            rrule=f"DTSTART:20260105T100000Z\nRRULE:FREQ=DAILY;BYHOUR=0,{ALL_HOURS};BYMINUTE=0,30",
            duration=timedelta(minutes=1),
        )
        started = wall_clock.perf_counter()
        verdict = UTC_POLICY.in_bounds(Contact(_utc(2026, 1, 7, 13, 30, 30)), sessions=[series])
        assert not verdict.allowed
        assert UTC_POLICY.in_bounds(Contact(_utc(2026, 1, 7, 13, 20)), sessions=[series]).allowed
        assert wall_clock.perf_counter() - started < 1

    @pytest.mark.parametrize(
        ("parts", "words", "error"),
        [
            ("FREQ=DAILY;COUNT=0", "COUNT=0 gives the series no session", PolicyValidationError),
            ("FREQ=DAILY;COUNT=-1", "COUNT=-1 gives the series no session", PolicyValidationError),
            (
                "FREQ=DAILY;COUNT=3;UNTIL=20270101T000000Z",
                "both COUNT and UNTIL",
                PolicyValidationError,
            ),
            ("FREQ=WEEKLY;FREQ=DAILY", "FREQ is given twice", PolicyValidationError),
            ("FREQ=DAILY;BYHOUR=9;byhour=10", "BYHOUR is given twice", PolicyValidationError),
            (
                "FREQ=DAILY;INTERVAL=99999999999",
                "INTERVAL is limited to 10,000",
                LimitExceededError,
            ),
        ],
    )
    def test_parts_that_mean_nothing_or_too_much_are_refused(
        self, parts: str, words: str, error: type[Exception]
    ) -> None:
        with pytest.raises(error, match=words) as err:
            SessionSeries(rrule=f"DTSTART:20260105T100000Z\nRRULE:{parts}", duration=FIFTY_MINUTES)
        assert type(err.value) is error
        assert err.value.path == "rrule"  # type: ignore[attr-defined]

    def test_two_dtstarts_are_refused(self) -> None:
        text = "DTSTART:20260105T100000Z\nDTSTART:20270105T100000Z\nRRULE:FREQ=DAILY"
        with pytest.raises(PolicyValidationError, match="two DTSTART"):
            SessionSeries(rrule=text, duration=FIFTY_MINUTES)

    def test_an_interval_of_10000_is_accepted(self) -> None:
        series = SessionSeries(
            rrule="DTSTART:20260105T100000Z\nRRULE:FREQ=DAILY;INTERVAL=10000",
            duration=FIFTY_MINUTES,
        )
        assert series.occurrence_at(_utc(2053, 5, 23, 10, 20), "UTC") is not None

    @pytest.mark.parametrize("start", ["99990105T100000Z", "00010105T100000Z", "00010105T100000"])
    def test_a_dtstart_outside_the_supported_years_is_out_of_range(self, start: str) -> None:
        with pytest.raises(OutOfRangeError, match="outside the supported years 2 to 9998") as err:
            SessionSeries(rrule=f"DTSTART:{start}\nRRULE:FREQ=DAILY", duration=FIFTY_MINUTES)
        assert err.value.path == "rrule"

    def test_an_rdate_outside_the_supported_years_is_out_of_range(self) -> None:
        text = "DTSTART:20260105T100000Z\nRRULE:FREQ=DAILY\nRDATE:99990105T100000Z"
        with pytest.raises(OutOfRangeError, match="an RDATE 9999-01-05"):
            SessionSeries(rrule=text, duration=FIFTY_MINUTES)


class TestFarFromTheStart:
    """#12: a standing series answers exactly however far past its start (it used to stop
    400 years after DTSTART and answer "no session" silently)."""

    SERIES = SessionSeries(
        rrule="DTSTART:20000105T100000Z\nRRULE:FREQ=DAILY", duration=FIFTY_MINUTES
    )

    @pytest.mark.parametrize("year", [2399, 2400, 2401, 2600, 9000, 9998])
    def test_a_daily_series_holds_its_sessions_in_every_year(self, year: int) -> None:
        at = Contact(_utc(year, 1, 5, 10, 20))
        assert not UTC_POLICY.in_bounds(at, sessions=[self.SERIES]).allowed
        assert UTC_POLICY.in_bounds(Contact(_utc(year, 1, 5, 11)), sessions=[self.SERIES]).allowed

    def test_a_count_series_not_over_in_400_years_is_out_of_range_past_them(self) -> None:
        series = SessionSeries(
            rrule="DTSTART:20000105T100000Z\nRRULE:FREQ=YEARLY;COUNT=500", duration=FIFTY_MINUTES
        )
        assert series.occurrence_at(_utc(2399, 1, 5, 10, 20), "UTC") is not None
        with pytest.raises(
            OutOfRangeError, match="expanded for 400 years from its start, to 2400"
        ):
            series.occurrence_at(_utc(2450, 1, 5, 10, 20), "UTC")

    def test_a_count_series_over_within_400_years_answers_past_them(self) -> None:
        series = SessionSeries(
            rrule="DTSTART:20000105T100000Z\nRRULE:FREQ=YEARLY;COUNT=5", duration=FIFTY_MINUTES
        )
        assert series.occurrence_at(_utc(2450, 1, 5, 10, 20), "UTC") is None


class TestScheduleLimits:
    """#12: a schedule's series together start at most 256 sessions a day and hold at most
    10,000 RDATE values, so one merged year of them costs well under a second."""

    def test_a_schedule_over_256_starts_a_day_is_refused(self) -> None:
        many = [
            SessionSeries(
                rrule=f"DTSTART:20260105T000000Z\nRRULE:FREQ=DAILY;BYHOUR={ALL_HOURS};"
                f"BYMINUTE={m};BYSECOND={s}",
                duration=timedelta(minutes=1),
            )
            for m in range(4)
            for s in range(3)
        ]  # 12 series x 23 starts a day = 276
        with pytest.raises(LimitExceededError, match="limited to 256; got 276") as err:
            SessionSchedule(series=many)
        assert err.value.path == "series"
        started = wall_clock.perf_counter()
        with pytest.raises(LimitExceededError, match="limited to 256; got 276"):
            UTC_POLICY.in_bounds(Contact(_utc(2026, 1, 7, 13, 0, 30)), sessions=many)
        assert wall_clock.perf_counter() - started < 1

    def test_a_schedule_over_10000_rdates_is_refused(self) -> None:
        def rdates(day: int) -> SessionSeries:
            values = ",".join(
                f"2026{m:02d}{day:02d}T{h:02d}0000Z" for m in range(1, 13) for h in range(24)
            )
            return SessionSeries(
                rrule=f"DTSTART:20260101T000000Z\nRDATE:{values}", duration=FIFTY_MINUTES
            )

        many = [rdates(day) for day in range(1, 29)] * 2  # 56 x 288 = 16,128
        with pytest.raises(LimitExceededError, match="RDATE values of a schedule's series"):
            SessionSchedule(series=many)

    def test_256_daily_series_answer_5000_contacts_fast(self) -> None:
        series = [
            SessionSeries(
                rrule=f"DTSTART:20260105T{8 + i // 30:02d}{2 * (i % 30):02d}00Z\nRRULE:FREQ=DAILY",
                duration=timedelta(minutes=1),
            )
            for i in range(256)
        ]
        contacts = [Contact(_utc(2026, 3, 1) + timedelta(seconds=97 * k)) for k in range(5000)]
        started = wall_clock.perf_counter()
        verdicts = UTC_POLICY.in_bounds_many(contacts, sessions=series)
        spent = wall_clock.perf_counter() - started
        expected = [not any(s.occurrence_at(c.at, "UTC") for s in series) for c in contacts[:300]]
        assert [v.allowed for v in verdicts[:300]] == expected
        assert spent < 3  # was over 10 s: one bisection a verdict, one merge per year
