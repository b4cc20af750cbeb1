"""White-box tests of the engine's compiled state (``contact_policy._timeline``): the day
index and the hot path of ``is_open`` / ``elapsed`` / ``add`` against the general route, the
same errors with a warm engine, and threads sharing a fresh calendar.

Everything else tests the engine through its public methods only (test_calendar.py, and the
properties under tests/properties/).
"""

from __future__ import annotations

import random
import sys
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from contact_policy import (
    BusinessCalendar,
    ContactPolicyError,
    NaiveDatetimeError,
    PolicyValidationError,
)
from contact_policy.testing import FIXED_OFFSETS, ZONES, calendars
from tests.helpers import (
    ALL_DAYS,
    AWARE,
    LOCAL,
    NAIVE,
    NEW_YORK,
    NY,
    NoOffset,
    always,
    assert_on,
    exact,
    hours,
    on,
    t,
    warm_nine_to_five,
    weekdays,
)
from tests.properties.worlds import POSITIVE, World, reading, utc, worlds
from tests.test_errors import QUERIES_AT

US = timedelta(microseconds=1)


class TestHotPath:
    """The day index (the hot path of is_open/elapsed/add) against pinned answers."""

    def test_second_query_of_a_day_takes_the_index(self) -> None:
        cal = weekdays(NEW_YORK, ("09:00", "17:00"))
        at = t("2026-11-18T16:59:59.999999-05:00").astimezone(NY)
        assert cal.is_open(at)  # the general route, which indexes the day
        assert cal._engine().current.has_day(at.toordinal())
        assert cal.is_open(at)
        assert_on(cal, cal.add(at, US), "2026-11-18T17:00:00-05:00")
        assert_on(cal, cal.add(at, 2 * US), "2026-11-19T09:00:00.000001-05:00")
        assert cal.elapsed(at, at + timedelta(hours=20)) == hours(
            4
        )  # 1 us + 09:00 to 12:59:59.999999

    @pytest.mark.parametrize("year", [3, 1828, 1969, 2113, 2243, 5000, 9997])
    def test_exact_in_every_year(self, year: int) -> None:
        # The hot path's arithmetic is on datetimes and timedeltas: exact in every year.
        cal = weekdays(NEW_YORK, ("09:00", "17:00"))
        at = datetime(year, 6, 6, 16, 59, 59, 999_999, tzinfo=NY)
        general = [cal._is_open(at), cal._add(at, US), cal._elapsed(at, at + timedelta(days=3))]
        assert cal._engine().current.has_day(at.toordinal())
        assert [cal.is_open(at), cal.add(at, US), cal.elapsed(at, at + timedelta(days=3))] == (
            general
        )
        assert cal.elapsed(at, cal.add(at, US)) == US

    def test_utc_datetimes_have_their_own_index(self) -> None:
        cal = weekdays(NEW_YORK, ("09:00", "17:00"))
        at = t("2026-11-18T21:59:59.999999+00:00").astimezone(UTC)  # 16:59:59.999999 EST
        assert cal.is_open(at)
        assert cal._engine().current.has_day(at.toordinal(), utc=True)
        assert cal.is_open(at)
        assert_on(cal, cal.add(at, US), "2026-11-18T17:00:00-05:00")
        assert_on(cal, cal.add(at, 2 * US), "2026-11-19T09:00:00.000001-05:00")
        assert cal.elapsed(at, at + timedelta(hours=20)) == hours(4)

    @pytest.mark.parametrize(
        ("zone", "spans", "first"),
        [
            # Changes at midnight, overnight hours across them: 24:00 -> 23:00 (April) and
            # 24:00 -> 01:00 (September).
            ("America/Santiago", (("20:00", "04:00"),), "2026-04-02"),
            ("America/Santiago", (("20:00", "04:00"),), "2026-09-03"),
            ("America/Havana", (("22:00", "02:00"), ("09:00", "17:00")), "2026-10-29"),
            # One interval across many DST changes (open around the clock).
            ("America/New_York", (("00:00", "24:00"),), "2026-03-05"),
            ("Australia/Lord_Howe", (("00:30", "24:00"),), "2026-04-02"),
        ],
    )
    def test_around_dst_changes_it_answers_like_the_general_route(
        self, zone: str, spans: tuple[tuple[str, str], ...], first: str
    ) -> None:
        cal = BusinessCalendar.weekly(zone, on(ALL_DAYS, *spans))
        tz = ZoneInfo(zone)
        start = datetime.fromisoformat(first).replace(tzinfo=tz)
        grid = [
            (start.astimezone(UTC) + timedelta(minutes=25 * k, microseconds=k)).astimezone(z)
            for k in range(6 * 24 * 60 // 25)
            for z in (tz, UTC, timezone(timedelta(hours=-3)), ZoneInfo("Asia/Kolkata"))
        ]
        amounts = [US, hours(1), hours(7), hours(24), timedelta(days=40)]

        def general(x: datetime) -> list[object]:
            return [
                cal._is_open(x),
                cal._elapsed(grid[0], x),
                cal._elapsed(x, grid[-1]),
                *(cal._add(x, d) for d in amounts),
            ]

        def hot(x: datetime) -> list[object]:
            return [
                cal.is_open(x),
                cal.elapsed(grid[0], x),
                cal.elapsed(x, grid[-1]),
                *(cal.add(x, d) for d in amounts),
            ]

        def reading(v: object) -> object:
            return (v.astimezone(UTC), v.isoformat()) if isinstance(v, datetime) else v

        expected = [[reading(v) for v in general(x)] for x in grid]  # indexes the days
        state = cal._engine().current
        assert sum(state.has_day(x.toordinal()) for x in grid if x.tzinfo is tz) > 100
        assert [[reading(v) for v in hot(x)] for x in grid] == expected

    def test_other_tzinfo_types_take_the_general_route_with_the_same_answers(self) -> None:
        from dateutil import tz as dateutil_tz

        cal = weekdays(NEW_YORK, ("09:00", "17:00"))
        at = t("2026-11-18T16:30:00.000001-05:00")
        for _ in range(2):  # cold, then with the day indexed
            for zone in (NY, UTC, dateutil_tz.gettz(NEW_YORK), dateutil_tz.tzoffset(None, 3600)):
                x = at.astimezone(zone)
                assert cal.is_open(x)
                assert_on(cal, cal.add(x, hours(1)), "2026-11-19T09:30:00.000001-05:00")
                assert cal.elapsed(x, x + hours(24)) == hours(8)

    def test_an_interval_across_dst_changes_stays_on_the_hot_path(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Around the clock: one interval from the range's first day in winter; a summer day's
        # wall-clock difference to its opening is corrected by the offsets' difference.
        cal = always(NEW_YORK)
        summer = t("2026-07-01T12:00:00.000001-04:00").astimezone(NY)
        winter = t("2026-02-01T12:00-05:00").astimezone(NY)
        for x in (summer, winter, summer + hours(7), winter + hours(7)):
            cal.is_open(x)  # the general route indexes the days
        general = [
            cal._elapsed(winter, summer),
            cal._add(summer, hours(7)),
            cal._add(winter, hours(7)),
        ]
        for name in ("_is_open", "_elapsed", "_add"):
            monkeypatch.setattr(BusinessCalendar, name, None)  # the hot path must not need them
        assert [
            cal.elapsed(winter, summer),
            cal.add(summer, hours(7)),
            cal.add(winter, hours(7)),
        ] == (general)
        # Open all along: real elapsed time (not the wall-clock difference `summer - winter`).
        assert cal.elapsed(winter, summer) == summer.astimezone(UTC) - winter.astimezone(UTC)
        assert cal.is_open(summer)

    def test_threads_sharing_a_fresh_calendar_get_the_same_answers(self) -> None:
        # Compiling, growing the range, building the datetime copies and filling the day
        # index all happen while other threads query: every answer must still be exact.
        rng = random.Random(7)
        zones = (NY, UTC, ZoneInfo("Asia/Kolkata"))
        base = datetime(2024, 1, 1, tzinfo=UTC)
        ats = [
            (base + timedelta(seconds=rng.randrange(6 * 366 * 86_400))).astimezone(
                rng.choice(zones)
            )
            for _ in range(600)
        ]

        def answers(cal: BusinessCalendar) -> list[object]:
            return [
                (cal.is_open(x), cal.elapsed(ats[0], x), cal.add(x, hours(9)).isoformat())
                for x in ats
            ]

        expected = answers(weekdays(NEW_YORK, ("09:00", "12:00"), ("13:00", "17:00")))
        shared = weekdays(NEW_YORK, ("09:00", "12:00"), ("13:00", "17:00"))
        results: list[list[object]] = []
        switch = sys.getswitchinterval()
        sys.setswitchinterval(1e-6)
        try:
            threads = [
                threading.Thread(target=lambda: results.append(answers(shared))) for _ in range(4)
            ]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
        finally:
            sys.setswitchinterval(switch)
        assert len(results) == 4
        assert all(r == expected for r in results)

    def test_a_duration_of_decades(self) -> None:
        cal = always(NEW_YORK)
        at = t("2026-11-18T12:00:00.000001-05:00").astimezone(NY)
        cal.is_open(at)  # index the day
        far = timedelta(days=365 * 40, microseconds=1)
        assert cal.elapsed(at, cal.add(at, far)) == far


@given(worlds(), st.data())
def test_the_day_index_answers_like_the_general_route(w: World, data: st.DataObject) -> None:
    # The hot path of is_open/elapsed/add (a datetime in the calendar's own zone, on a day in
    # the engine's day index) against the general route, which also fills the index.
    cal = w.cal
    # Written in the calendar's zone (the ``days`` index), or in UTC or any other zone
    # (converted to UTC: the ``udays`` index).
    other = data.draw(st.sampled_from((*ZONES, *FIXED_OFFSETS)))
    other = ZoneInfo(other) if isinstance(other, str) else other
    xs = [
        data.draw(w.instants).astimezone(data.draw(st.sampled_from((cal.tz, UTC, other))))
        for _ in range(3)
    ]
    d = data.draw(POSITIVE)
    d2 = data.draw(POSITIVE)  # add remembers the last duration: alternate two of them
    general = [
        (cal._is_open(x), cal._elapsed(xs[0], x), cal._add(x, d), cal._add(x, d2)) for x in xs
    ]
    state = cal._engine().current
    indexed = sum(
        state.has_day(x.toordinal())
        if x.tzinfo is cal.tz
        else state.has_day(utc(x).toordinal(), utc=True)
        for x in xs
    )
    event(f"instants on an indexed day: {indexed} of 3")
    hot = [(cal.is_open(x), cal.elapsed(xs[0], x), cal.add(x, d), cal.add(x, d2)) for x in xs]
    assert [[reading(v) for v in row] for row in hot] == [
        [reading(v) for v in row] for row in general
    ]


# --- errors with a warm engine ------------------------------------------------------------


class TestWarmEngine:
    """Bad arguments get the same errors when the day is already in the engine's day index."""

    @pytest.mark.parametrize(("method", "query"), QUERIES_AT, ids=[m for m, _ in QUERIES_AT])
    @pytest.mark.parametrize("bad", [NAIVE, date(2026, 11, 23), "2026-11-23T09:00-05:00"])
    def test_a_bad_instant(
        self, method: str, query: Callable[[BusinessCalendar, Any], object], bad: object
    ) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"^at=") as info:
            query(warm_nine_to_five(), bad)
        assert info.value.path == "at"

    @pytest.mark.parametrize("value", [3, 3.0, "PT3H", None])
    def test_a_bad_duration(self, value: object) -> None:
        message = f"duration={value!r} is not a timedelta; pass e.g. timedelta(hours=24)"
        with pytest.raises(PolicyValidationError, match=exact(message)):
            warm_nine_to_five().add(LOCAL, value)  # type: ignore[arg-type]

    def test_elapsed_names_the_bad_end(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"^end=datetime.datetime\(2026, 11, 23, 9"):
            warm_nine_to_five().elapsed(LOCAL, NAIVE)

    def test_a_tzinfo_without_an_offset_is_naive(self) -> None:
        # Not converted to UTC on the way in (astimezone would read it as the machine's
        # local time): the general route names it.
        cal = warm_nine_to_five()
        cal.is_open(AWARE.astimezone(UTC))  # the UTC day is indexed too
        bad = LOCAL.replace(tzinfo=NoOffset())
        with pytest.raises(NaiveDatetimeError, match=r"^at="):
            cal.is_open(bad)
        with pytest.raises(NaiveDatetimeError, match=r"^at="):
            cal.add(bad, timedelta(hours=1))
        with pytest.raises(NaiveDatetimeError, match=r"^start="):
            cal.elapsed(bad, LOCAL)


# --- whole years and zones' changes -------------------------------------------------------------


@given(
    calendars(
        st.sampled_from(("America/New_York", "Australia/Lord_Howe", "America/Santiago", "UTC")),
        max_closed=0,
        max_special=0,
        max_closures=0,
    ),
    st.one_of(st.integers(2001, 2100), st.integers(2, 9997)),
)
def test_a_plain_years_total_is_what_compiling_it_gives(cal: BusinessCalendar, year: int) -> None:
    tl = cal._engine()
    lo, hi = tl._midnight(year), tl._midnight(year + 1)
    plain = tl._plain_total(year, lo, hi)
    event("counted without compiling" if plain is not None else "compiled (near a change)")
    st_ = tl._compile(year, year)
    assert plain is None or plain == st_.position(hi)[1] - st_.position(lo)[1]


def test_no_zone_changes_its_offset_twice_within_the_sampling_step() -> None:
    """_transitions_of reads offsets every three days: two changes closer than that would
    be missed. The tz database's explicit transitions since 1800 (read with the standard
    library's pure-Python zoneinfo) are never that close; rules after them are months apart."""
    import zoneinfo
    from zoneinfo._zoneinfo import ZoneInfo as PythonZoneInfo

    from contact_policy._timeline import _SAMPLE_SECONDS

    closest = min(
        (b - a, key)
        for key in zoneinfo.available_timezones()
        for a, b in pairwise(
            t
            for t in PythonZoneInfo.no_cache(key)._trans_utc
            if t > -5_364_662_400  # 1800
        )
    )
    assert closest[0] > _SAMPLE_SECONDS, closest


@given(
    calendars(st.sampled_from(("America/New_York", "Australia/Lord_Howe", "UTC"))),
    st.integers(0, 3000),
    st.integers(1, 900),
)
def test_the_fewest_intervals_is_a_lower_bound(cal: BusinessCalendar, day: int, days: int) -> None:
    tl = cal._engine()
    a = tl._midnight(2024) + day * 86_400_000_000
    b = a + days * 86_400_000_000
    assert tl._fewest_intervals(a, b) <= len(tl.intervals(a, b))


@given(
    calendars(st.sampled_from(("Pacific/Chatham", "America/New_York", "Europe/Dublin", "UTC"))),
    st.integers(1902, 2060),
    st.sampled_from((0, 1, 3_600_000_000, 86_400_000_000)),
    st.booleans(),
    POSITIVE,
)
def test_next_to_a_range_grown_to_its_cap_answers_like_a_fresh_engine(
    cal: BusinessCalendar, year: int, nudge: int, at_end: bool, d: timedelta
) -> None:
    """intervals() over 64 years (say) leaves a range of the cap's 64 years behind. A query
    at its edge whose answer lies in the year beyond cannot grow it: the year is walked, and
    subtracting from the range's very first instant once asked that same range again, for
    ever (a fuzzing find)."""
    fresh = BusinessCalendar.model_validate_json(cal.model_dump_json())
    tl = cal._engine()
    lo = tl._midnight(year)
    full = tl.ensure(lo, tl._midnight(year + 64) - 1)
    assert (full.y0, full.y1) == (year, year + 63)
    edge = (tl._midnight(year + 64) - nudge) if at_end else (lo + nudge)
    at = tl.to_datetime(edge)
    for query in (
        lambda c: c.subtract(at, d),
        lambda c: c.add(at, d),
        lambda c: c.add(at, -d),
        lambda c: c.next_open(at),
        lambda c: c.last_open(at),
    ):
        assert _outcome(query, cal) == _outcome(query, fresh)


def _outcome(query: Callable[[BusinessCalendar], Any], cal: BusinessCalendar) -> object:
    try:
        return reading(query(cal))
    except ContactPolicyError as exc:
        return type(exc), str(exc)


class TestFarApartRanges:
    """Queries years apart (a service answering for 1950, 2026 and 2090) keep one compiled
    range each, at most six (the least recently used is dropped), and, after the first query
    of a day in each, answer on the hot path: no recompiling, no slower route."""

    YEARS = (1950, 2026, 2090)

    def queried(self) -> tuple[BusinessCalendar, list[datetime]]:
        cal = weekdays(NEW_YORK, ("09:00", "17:00"), holidays=["US"])
        ats = [datetime(year, 3, 5, 10, 30, tzinfo=NY) for year in self.YEARS]
        for at in ats * 2:  # the first round compiles and indexes each day
            cal.is_open(at)
            cal.add(at, hours(3))
            cal.elapsed(at, at + hours(30))
        return cal, ats

    def test_each_range_is_kept_and_none_is_recompiled(self) -> None:
        cal, ats = self.queried()
        kept = set(map(id, cal._engine().states()))
        assert len(kept) == 3
        for at in ats * 3:
            cal.add(at, hours(3))
        assert set(map(id, cal._engine().states())) == kept

    def test_alternating_queries_stay_on_the_hot_path(self, monkeypatch: Any) -> None:
        cal, ats = self.queried()
        expected = [
            (cal.is_open(a), cal.add(a, hours(3)), cal.elapsed(a, a + hours(30))) for a in ats
        ]

        def general_route(*_: object) -> object:
            raise AssertionError("took the general route")

        for name in ("_is_open", "_add", "_elapsed"):
            monkeypatch.setattr(BusinessCalendar, name, general_route)
        for _ in range(2):
            got = [
                (cal.is_open(a), cal.add(a, hours(3)), cal.elapsed(a, a + hours(30))) for a in ats
            ]
            assert got == expected

    def test_the_least_recently_used_range_is_dropped_past_six(self) -> None:
        cal = weekdays(NEW_YORK, ("09:00", "17:00"))
        years = [1910 + 30 * i for i in range(7)]  # 1910, 1940, ... 2090: seven ranges
        for year in years:
            cal.add(datetime(year, 3, 5, 10, tzinfo=NY), hours(1))
        kept = {st.y0 for st in cal._engine().states()}
        assert len(kept) == 6
        assert years[0] not in kept  # the oldest-used one went
        fresh = weekdays(NEW_YORK, ("09:00", "17:00"))
        at = datetime(years[0], 3, 5, 10, tzinfo=NY)
        assert cal.add(at, hours(1)) == fresh.add(at, hours(1))

    def test_alternating_queries_switch_no_range(self) -> None:
        """A datetime of the calendar's zone is looked up in the timeline's own day index,
        whichever range it belongs to: alternating between ranges changes nothing."""
        cal, ats = self.queried()
        in_utc = [at.astimezone(UTC) for at in ats]
        for at in in_utc:  # their UTC days indexed
            cal.is_open(at)
        tl = cal._engine()
        current = tl.current
        order = [st.y0 for st in tl.states()]
        for at in (ats + in_utc) * 3:
            cal.is_open(at)
            cal.add(at, hours(3))
            cal.elapsed(at, at + hours(30))
        assert tl.current is current
        assert [st.y0 for st in tl.states()] == order

    def test_elapsed_across_two_ranges_sums_in_one(self) -> None:
        """Both ends indexed, in different ranges: open time is summed by the general route
        (one range grown or compiled to hold both), as a fresh calendar sums it."""
        cal, ats = self.queried()
        fresh = weekdays(NEW_YORK, ("09:00", "17:00"), holidays=["US"])
        a, b = ats[1], ats[2]  # 2026 and 2090
        assert cal.elapsed(a, b) == fresh.elapsed(a, b)
        assert cal.elapsed(b, a) == fresh.elapsed(b, a)

    def test_a_dropped_ranges_days_leave_the_index(self) -> None:
        cal = weekdays(NEW_YORK, ("09:00", "17:00"))
        years = [1910 + 30 * i for i in range(8)]  # eight ranges: two are dropped
        for year in years:
            at = datetime(year, 3, 5, 10, tzinfo=NY)
            cal.is_open(at)
            cal.is_open(at)
        tl = cal._engine()
        kept = set(map(id, tl.states()))
        assert len(kept) == 6
        assert {id(entry.st) for entry in tl.zdays.values()} <= kept
        assert {id(entry.st) for entry in tl.udays.values()} <= kept
        assert {date.fromordinal(o).year for o in tl.zdays} == set(years[2:])


@st.composite
def _walks(draw: st.DrawFn) -> list[tuple[int, int, str]]:
    """Queries over years spread far apart (more than six ranges' worth), each an instant of a
    year, a minute of it and the question asked."""
    years = st.sampled_from((1902, 1931, 1950, 1977, 2001, 2026, 2061, 2090, 2150))
    return draw(
        st.lists(
            st.tuples(years, st.integers(0, 364 * 24 * 60), st.sampled_from("oae")),
            min_size=1,
            max_size=40,
        )
    )


@given(_walks())
def test_the_day_index_holds_only_kept_ranges(walk: list[tuple[int, int, str]]) -> None:
    """However queries wander over far-apart years, every entry of the timeline's day indexes
    (by local and by UTC date) belongs to a kept range, and is the entry of that range's own
    day index; and every answer is a fresh calendar's."""
    cal = weekdays(NEW_YORK, ("09:00", "17:00"), holidays=["US"])
    for year, minute, question in walk:
        at = datetime(year, 1, 1, tzinfo=UTC) + timedelta(minutes=minute)
        if minute % 2:  # half of them in the calendar's zone, half in UTC
            at = at.astimezone(NY)
        fresh = weekdays(NEW_YORK, ("09:00", "17:00"), holidays=["US"])
        query: Callable[[BusinessCalendar], Any] = {
            "o": lambda c: c.is_open(at),  # noqa: B023 - called at once
            "a": lambda c: c.add(at, hours(5)),  # noqa: B023
            "e": lambda c: c.elapsed(at - hours(40), at),  # noqa: B023
        }[question]
        assert _outcome(query, cal) == _outcome(query, fresh)
        tl = cal._engine()
        kept = {id(s) for s in tl.states()}
        for index, side_of in ((tl.zdays, "zside"), (tl.udays, "uside")):
            for ordinal, entry in index.items():
                assert id(entry.st) in kept
                side = getattr(entry.st, side_of)
                assert side.days[ordinal - side.first] is entry


@given(
    calendars(st.sampled_from(("America/New_York", "Europe/Dublin", "Australia/Lord_Howe"))),
    st.lists(
        st.tuples(
            st.sampled_from((1902, 1950, 1977, 2026, 2061, 2090, 2150)),
            st.integers(0, 364 * 24 * 60),
            POSITIVE,
        ),
        min_size=1,
        max_size=12,
    ),
)
def test_far_apart_queries_answer_like_a_fresh_calendar(
    cal: BusinessCalendar, queries: list[tuple[int, int, timedelta]]
) -> None:
    """One calendar asked about years far apart, in any order, again and again, answers each
    query as a calendar that was never asked anything else."""
    for year, minute, d in queries * 2:
        at = (datetime(year, 1, 1, tzinfo=UTC) + timedelta(minutes=minute)).astimezone(cal.tz)
        fresh = BusinessCalendar.model_validate_json(cal.model_dump_json())
        for query in (
            lambda c: c.is_open(at),  # noqa: B023 - called at once
            lambda c: c.add(at, d),  # noqa: B023
            lambda c: c.elapsed(at, at + d),  # noqa: B023
        ):
            assert _outcome(query, cal) == _outcome(query, fresh)


def test_a_dense_calendar_keeps_the_hot_path_in_every_range() -> None:
    """Ten spans a day, every day (3,650 intervals a year): a range stops growing before it
    holds more intervals than a day index is built for, and a new one starts, so queries
    walking forward over decades stay on the hot path (once the fast path went off for good
    after 100,000 intervals)."""
    spans = [(f"{h:02d}:00", f"{h:02d}:30") for h in range(8, 18)]
    cal = BusinessCalendar.weekly(NEW_YORK, on(ALL_DAYS, *spans))
    fresh = BusinessCalendar.weekly(NEW_YORK, on(ALL_DAYS, *spans))
    from contact_policy._timeline import _WALL_LIMIT

    for year in range(2000, 2061, 3):
        at = datetime(year, 5, 5, 8, 10, tzinfo=NY)
        assert cal.add(at, hours(7)) == fresh.add(at, hours(7))
        fresh = BusinessCalendar.weekly(NEW_YORK, on(ALL_DAYS, *spans))
        assert cal._engine().current.n <= _WALL_LIMIT
        cal.is_open(at)
        assert cal._engine().current.has_day(at.toordinal())
