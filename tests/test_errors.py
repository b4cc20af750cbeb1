"""Every error ``BusinessCalendar`` raises on purpose: its class, its message, its path.

Messages are pinned whole (``exact``) where the wording is the contract users read; a few are
pinned by their stable parts where the rest depends on the holidays package's data.
"""

from __future__ import annotations

import re
import threading
import time as wall_clock
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any, TypeVar

import pydantic
import pytest

from contact_policy import (
    BusinessCalendar,
    ContactPolicyError,
    NaiveDatetimeError,
    NoOpenTimeError,
    OutOfRangeError,
    PolicyFileError,
    PolicyValidationError,
    SpecialHours,
    UnknownHolidayCalendarError,
    UnknownTimeZoneError,
)
from tests.helpers import (
    AWARE,
    LOCAL,
    NAIVE,
    NEW_YORK,
    WEEKDAYS,
    exact,
    nine_to_five,
    t,
    warm_nine_to_five,
)

T = TypeVar("T")


def weekly(hours: dict[str, Any], **options: Any) -> BusinessCalendar:
    return BusinessCalendar.weekly("UTC", hours, **options)


def finishes_within(seconds: float, call: Callable[[], T]) -> T:
    """Run ``call`` in a thread; fail (instead of hanging) if it takes longer than ``seconds``.

    Whatever ``call`` raises is raised again here.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except Exception as exc:  # handed back to the test below
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    started = wall_clock.perf_counter()
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still running after {seconds}s: it must never hang"
    assert wall_clock.perf_counter() - started < seconds
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]


def assert_our_error(exc: BaseException) -> None:
    """Ours, not pydantic's, and raised so the user sees their own call (``from None``)."""
    assert isinstance(exc, ContactPolicyError)
    assert not isinstance(exc, pydantic.ValidationError)
    assert exc.__cause__ is None
    assert exc.__context__ is None or exc.__suppress_context__


# --- the hierarchy ------------------------------------------------------------------------------


class TestHierarchy:
    @pytest.mark.parametrize(
        ("cls", "is_value_error"),
        [
            (PolicyValidationError, True),
            (NaiveDatetimeError, True),
            (UnknownTimeZoneError, True),
            (UnknownHolidayCalendarError, True),
            (OutOfRangeError, True),
            (PolicyFileError, True),
            (NoOpenTimeError, False),  # not a bad value: the calendar is never open again
        ],
    )
    def test_every_error_is_ours(self, *, cls: type[Exception], is_value_error: bool) -> None:
        assert issubclass(cls, ContactPolicyError)
        assert issubclass(cls, ValueError) is is_value_error


# --- arguments of the queries -----------------------------------------------------------------


QUERIES_AT: list[tuple[str, Callable[[BusinessCalendar, Any], object]]] = [
    ("is_open", lambda cal, at: cal.is_open(at)),
    ("next_open", lambda cal, at: cal.next_open(at)),
    ("next_close", lambda cal, at: cal.next_close(at)),
    ("add", lambda cal, at: cal.add(at, timedelta(hours=1))),
    ("subtract", lambda cal, at: cal.subtract(at, timedelta(hours=1))),
]
QUERIES_RANGE: list[tuple[str, str, Callable[[BusinessCalendar, Any], object]]] = [
    ("elapsed", "start", lambda cal, x: cal.elapsed(x, AWARE)),
    ("elapsed", "end", lambda cal, x: cal.elapsed(AWARE, x)),
    ("intervals", "start", lambda cal, x: cal.intervals(x, AWARE)),
    ("intervals", "end", lambda cal, x: cal.intervals(AWARE, x)),
]


class TestNaiveDatetime:
    @pytest.mark.parametrize(("method", "query"), QUERIES_AT, ids=[m for m, _ in QUERIES_AT])
    def test_names_the_at_argument(
        self, method: str, query: Callable[[BusinessCalendar, Any], object]
    ) -> None:
        message = (
            "at=datetime.datetime(2026, 11, 23, 9, 0) is naive; pass an aware datetime, e.g. "
            'at.replace(tzinfo=ZoneInfo("America/New_York"))'
        )
        with pytest.raises(NaiveDatetimeError, match=exact(message)) as info:
            query(nine_to_five(), NAIVE)
        assert info.value.path == "at"
        assert isinstance(info.value, ValueError)

    @pytest.mark.parametrize(
        ("method", "name", "query"),
        QUERIES_RANGE,
        ids=[f"{m}-{n}" for m, n, _ in QUERIES_RANGE],
    )
    def test_names_start_or_end(
        self, method: str, name: str, query: Callable[[BusinessCalendar, Any], object]
    ) -> None:
        message = (
            f"{name}=datetime.datetime(2026, 11, 23, 9, 0) is naive; pass an aware datetime, "
            f'e.g. {name}.replace(tzinfo=ZoneInfo("America/New_York"))'
        )
        with pytest.raises(NaiveDatetimeError, match=exact(message)) as info:
            query(nine_to_five(), NAIVE)
        assert info.value.path == name

    def test_suggests_the_calendars_own_zone(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=re.escape('ZoneInfo("Europe/London")')):
            nine_to_five("Europe/London").is_open(NAIVE)


class TestNotADatetime:
    @pytest.mark.parametrize(
        ("value", "shown"),
        [
            ("2026-11-23T09:00-05:00", "'2026-11-23T09:00-05:00' is a str"),
            (None, "None is a NoneType"),
            (date(2026, 11, 23), "datetime.date(2026, 11, 23) is a date"),
            (1_790_000_000, "1790000000 is an int"),
        ],
    )
    def test_names_the_argument_and_the_type(self, value: object, shown: str) -> None:
        message = (
            f"at={shown}, not a datetime; pass an aware datetime such as "
            'datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("America/New_York"))'
        )
        with pytest.raises(NaiveDatetimeError, match=exact(message)) as info:
            nine_to_five().next_open(value)  # type: ignore[arg-type]
        assert info.value.path == "at"

    def test_end_of_a_range(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"^end='tomorrow' is a str, not a datetime"):
            nine_to_five().elapsed(AWARE, "tomorrow")  # type: ignore[arg-type]

    @pytest.mark.parametrize("value", [3, 3.0, "PT3H", None])
    def test_a_duration_must_be_a_timedelta(self, value: object) -> None:
        message = f"duration={value!r} is not a timedelta; pass e.g. timedelta(hours=24)"
        for method in (nine_to_five().add, nine_to_five().subtract):
            with pytest.raises(PolicyValidationError, match=exact(message)) as info:
                method(AWARE, value)  # type: ignore[arg-type]
            assert info.value.path == "duration"


class TestIntervalsRange:
    def test_end_before_start(self) -> None:
        cal = nine_to_five()
        start, end = t("2026-11-24T09:00-05:00"), t("2026-11-23T09:00-05:00")
        message = f"end={end!r} is before start={start!r}; pass start <= end"
        with pytest.raises(PolicyValidationError, match=exact(message)) as info:
            cal.intervals(start, end)
        assert info.value.path == "end"

    def test_an_empty_range_is_fine(self) -> None:
        assert nine_to_five().intervals(AWARE, AWARE) == ()


#: AWARE written in the calendar's own zone (the engine's fastest path).


class TestBatches:
    """The list forms name the bad item by its place."""

    def test_is_open_many(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"^ats\[2\]=datetime.datetime") as info:
            warm_nine_to_five().is_open_many([LOCAL, LOCAL, NAIVE, LOCAL])
        assert info.value.path == "ats[2]"

    def test_add_many(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"^ats\[1\]='noon' is a str") as info:
            nine_to_five().add_many([LOCAL, "noon"], timedelta(hours=1))  # type: ignore[list-item]
        assert info.value.path == "ats[1]"

    def test_add_many_checks_the_duration_first(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^duration=3 is not a timedelta"):
            nine_to_five().add_many([NAIVE], 3)  # type: ignore[arg-type]

    def test_elapsed_many(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"^pairs\[1\]\[1\]=") as info:
            warm_nine_to_five().elapsed_many([(LOCAL, LOCAL), (LOCAL, NAIVE)])
        assert info.value.path == "pairs[1][1]"

    def test_an_empty_batch(self) -> None:
        cal = nine_to_five()
        assert cal.is_open_many([]) == []
        assert cal.add_many([], timedelta(hours=1)) == []
        assert cal.elapsed_many([]) == []


# --- building a calendar ------------------------------------------------------------------------


ZONE_HINT = (
    "is not a known IANA time zone; use a name such as 'America/New_York' or 'Europe/London' "
    "(zoneinfo.available_timezones() lists them)"
)


class TestUnknownTimeZone:
    @pytest.mark.parametrize("zone", ["America/New_Yrok", "Mars/Olympus", "", " UTC", "EST-5"])
    def test_unknown_name(self, zone: str) -> None:
        message = f"zone: {zone!r} {ZONE_HINT}"
        with pytest.raises(UnknownTimeZoneError, match=exact(message)) as info:
            BusinessCalendar.weekly(zone, {})
        assert info.value.path == "zone"
        assert_our_error(info.value)

    def test_not_a_string(self) -> None:
        with pytest.raises(UnknownTimeZoneError, match=exact(f"zone: 5 {ZONE_HINT}")):
            BusinessCalendar.weekly(5, {})  # type: ignore[arg-type]

    def test_from_json(self) -> None:
        doc = '{"zone": "Mars/Base", "hours": {}}'
        with pytest.raises(UnknownTimeZoneError, match=exact(f"zone: 'Mars/Base' {ZONE_HINT}")):
            BusinessCalendar.model_validate_json(doc)


class TestUnknownHolidayCalendar:
    def test_unknown_country(self) -> None:
        message = (
            "holidays: 'XX' is not a holiday country of the holidays package; use an ISO 3166-1 "
            "alpha-2 code such as 'US' or 'GB', optionally with a subdivision ('US-NY', "
            "'GB-SCT'); holidays.list_supported_countries() lists them"
        )
        with pytest.raises(UnknownHolidayCalendarError, match=exact(message)) as info:
            nine_to_five(holidays=["XX"])
        assert info.value.path == "holidays"
        assert isinstance(info.value, ValueError)
        assert not isinstance(info.value, NotImplementedError)  # what `holidays` itself raises
        assert_our_error(info.value)

    def test_unknown_subdivision_lists_the_known_ones(self) -> None:
        message = (
            "holidays: 'GB-XYZ': GB has no holiday subdivision 'XYZ'; known subdivisions: "
            "ENG, NIR, SCT, WLS (holidays.list_supported_countries()['GB'] lists them)"
        )
        with pytest.raises(UnknownHolidayCalendarError, match=exact(message)):
            nine_to_five(holidays=["GB-XYZ"])

    def test_a_long_list_is_shortened(self) -> None:
        pattern = (
            r"^holidays: 'US-ZZ': US has no holiday subdivision 'ZZ'; known subdivisions: "
            r"AK, AL, [A-Z, ]+, \.\.\. \(holidays\.list_supported_countries\(\)\['US'\] "
            r"lists them\)$"
        )
        with pytest.raises(UnknownHolidayCalendarError, match=pattern):
            nine_to_five(holidays="US-ZZ")

    def test_from_json(self) -> None:
        doc = '{"zone": "UTC", "holidays": ["US", "XX"]}'
        with pytest.raises(UnknownHolidayCalendarError, match=r"^holidays: 'XX' is not") as info:
            BusinessCalendar.model_validate_json(doc)
        assert_our_error(info.value)


NOT_A_TIME = "is not a time of day; write it as 'HH:MM' (00:00 to 24:00), e.g. '09:00'"


class TestTimeOfDay:
    @pytest.mark.parametrize(
        ("span", "message"),
        [
            (("9am", "17:00"), f"hours.mon[0].start: '9am' {NOT_A_TIME}"),
            (("09:00", "5pm"), f"hours.mon[0].end: '5pm' {NOT_A_TIME}"),
            (("09:00", "25:00"), f"hours.mon[0].end: '25:00' {NOT_A_TIME}"),
            (("12:60", "17:00"), f"hours.mon[0].start: '12:60' {NOT_A_TIME}"),
            (("8:00", "17:00"), f"hours.mon[0].start: '8:00' {NOT_A_TIME}"),
            (("", "17:00"), f"hours.mon[0].start: '' {NOT_A_TIME}"),
            (("09:00:00", "17:00"), f"hours.mon[0].start: '09:00:00' {NOT_A_TIME}"),
            (
                ("09:00", "24:30"),
                "hours.mon[0].end: '24:30' is past 24:00; write overnight hours as a start "
                "and an earlier end",
            ),
            (
                ("24:00", "06:00"),
                "hours.mon[0].start: 24:00 can only end an interval; start at '00:00' instead",
            ),
            (
                (time(9, 0, 5), "17:00"),
                "hours.mon[0].start: datetime.time(9, 0, 5) must be a plain wall time in whole "
                "minutes (no seconds, no zone); write it as 'HH:MM'",
            ),
        ],
    )
    def test_malformed(self, span: tuple[object, object], message: str) -> None:
        with pytest.raises(PolicyValidationError, match=exact(message)) as info:
            weekly({"mon": [span]})
        assert info.value.path == message.split(":", 1)[0]
        assert isinstance(info.value, ValueError)
        assert_our_error(info.value)

    def test_24_00_may_end_a_span(self) -> None:
        assert weekly({"mon": [("00:00", "24:00")]}).hours.mon[0].end == "24:00"

    def test_every_problem_is_listed(self) -> None:
        with pytest.raises(PolicyValidationError) as info:
            weekly({"mon": [("9am", "5pm")]})
        assert info.value.errors == (
            ("hours.mon[0].start", f"'9am' {NOT_A_TIME}"),
            ("hours.mon[0].end", f"'5pm' {NOT_A_TIME}"),
        )
        assert str(info.value).splitlines() == [
            f"hours.mon[0].start: '9am' {NOT_A_TIME}",
            f"hours.mon[0].end: '5pm' {NOT_A_TIME}",
        ]
        assert info.value.path == "hours.mon[0].start"

    def test_problems_of_different_kinds_come_as_one_validation_error(self) -> None:
        with pytest.raises(PolicyValidationError) as info:
            BusinessCalendar.weekly("Mars/Base", {"tue": [("9am", "17:00")]})
        assert [path for path, _ in info.value.errors] == ["zone", "hours.tue[0].start"]

    def test_the_index_is_the_position_as_written(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^hours\.tue\[1\]\.end: '5pm' "):
            weekly({"tue": [("13:00", "17:00"), ("09:00", "5pm")]})


class TestSpans:
    @pytest.mark.parametrize(
        ("hours", "path", "message"),
        [
            (
                {"tue": [("09:00", "09:00")]},
                "hours.tue[0]",
                "hours.tue[0]: interval 09:00–09:00 is empty (start equals end); for a whole "
                "day write ('00:00', '24:00')",
            ),
            (
                {"tue": [("09:00", "12:00"), ("11:00", "13:00")]},
                "hours.tue[1]",
                "hours.tue[1]: 11:00–13:00 overlaps 09:00–12:00; merge them into one interval",
            ),
            (
                {"tue": [("13:00", "17:00"), ("09:00", "14:00")]},
                "hours.tue[0]",
                "hours.tue[0]: 13:00–17:00 overlaps 09:00–14:00; merge them into one interval",
            ),
            (
                {"mon": [("22:00", "06:00")], "tue": [("05:00", "12:00")]},
                "hours.mon",
                "hours.mon: mon 22:00–06:00 runs overnight into tue and overlaps tue 05:00–12:00; "
                "end mon's interval earlier or start tue's later",
            ),
            (
                {"sun": [("22:00", "06:00")], "mon": [("05:00", "12:00")]},
                "hours.sun",
                "hours.sun: sun 22:00–06:00 runs overnight into mon and overlaps mon 05:00–12:00; "
                "end sun's interval earlier or start mon's later",
            ),
            (
                {"funday": [("09:00", "17:00")]},
                "hours.funday",
                "hours.funday: unknown day 'funday'; use one of mon, tue, wed, thu, fri, sat, sun",
            ),
            (
                {"mon": [("09:00", "17:00")], "Monday": [("09:00", "10:00")]},
                "hours.Monday",
                "hours.Monday: day 'mon' is given twice (in 'mon' and 'Monday')",
            ),
            (
                {"mon": [("09:00", "12:00", "13:00")]},
                "hours.mon[0]",
                "hours.mon[0]: ('09:00', '12:00', '13:00') is not a (start, end) pair; write it "
                "as ('09:00', '17:00')",
            ),
            (
                {"mon": ["09:00-12:00-13:00"]},
                "hours.mon[0]",
                "hours.mon[0]: '09:00-12:00-13:00' is not an interval; write 'HH:MM-HH:MM' or "
                "('HH:MM', 'HH:MM')",
            ),
        ],
    )
    def test_bad_spans(self, hours: dict[str, Any], path: str, message: str) -> None:
        with pytest.raises(PolicyValidationError, match=exact(message)) as info:
            weekly(hours)
        assert info.value.path == path
        assert_our_error(info.value)

    def test_spans_that_do_not_overlap_are_fine(self) -> None:
        weekly({"mon": [("09:00", "12:00"), ("12:00", "17:00")]})  # touching
        weekly({"mon": [("22:00", "06:00")], "tue": [("06:00", "12:00")]})  # touching overnight
        # an early span and an overnight span on one day: the overnight part is the next day's
        weekly({"tue": [("22:00", "06:00"), ("00:00", "01:00")]})

    def test_special_hours_are_checked_like_weekly_hours(self) -> None:
        message = f"special_hours[0].hours[0].end: '25:00' {NOT_A_TIME}"
        with pytest.raises(PolicyValidationError, match=exact(message)) as info:
            weekly({}, special_hours={date(2026, 12, 24): [("09:00", "25:00")]})
        assert info.value.path == "special_hours[0].hours[0].end"
        message = (
            "special_hours[0].hours[1]: 10:00–11:00 overlaps 09:00–12:00; merge them into one "
            "interval"
        )
        with pytest.raises(PolicyValidationError, match=exact(message)):
            weekly({}, special_hours={date(2026, 12, 24): ["09:00-12:00", "10:00-11:00"]})

    def test_special_hours_given_twice(self) -> None:
        twice = [
            SpecialHours(date=date(2026, 12, 24), hours=[("09:00", "12:00")]),
            SpecialHours(date=date(2026, 12, 24)),
        ]
        message = "special_hours: 2026-12-24 has special hours twice; give each date once"
        with pytest.raises(PolicyValidationError, match=exact(message)) as info:
            weekly({}, special_hours=twice)
        assert info.value.path == "special_hours"


class TestClosedAndSpecial:
    def test_a_date_both_closed_and_special(self) -> None:
        message = (
            "closed: 2026-12-24 is both a closed date and has special hours; special hours "
            "already replace the day's hours (give [] to close it), so list it once"
        )
        with pytest.raises(PolicyValidationError, match=exact(message)) as info:
            nine_to_five(
                closed=[date(2026, 12, 24)], special_hours={date(2026, 12, 24): ["09:00-12:00"]}
            )
        assert info.value.path == "closed"
        assert_our_error(info.value)

    def test_a_bad_closed_date(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^closed\[0\]: .*\(got 'tomorrow'\)$"):
            nine_to_five(closed=["tomorrow"])


class TestClosures:
    LUNCH = (t("2026-11-24T12:00-05:00"), t("2026-11-24T13:00-05:00"))

    def test_end_before_start(self) -> None:
        message = (
            "closures[1]: closure end 2026-11-24T12:00:00-05:00 is not after its start "
            "2026-11-24T13:00:00-05:00"
        )
        with pytest.raises(PolicyValidationError, match=exact(message)) as info:
            nine_to_five(closures=[self.LUNCH, self.LUNCH[::-1]])
        assert info.value.path == "closures[1]"

    def test_end_equal_to_start(self) -> None:
        message = (
            "closures[0]: closure end 2026-11-24T12:00:00-05:00 is not after its start "
            "2026-11-24T12:00:00-05:00"
        )
        with pytest.raises(PolicyValidationError, match=exact(message)):
            nine_to_five(closures=[(self.LUNCH[0], self.LUNCH[0])])

    @pytest.mark.parametrize("which", ["start", "end"])
    def test_a_naive_datetime(self, which: str) -> None:
        naive = datetime(2026, 11, 24, 12, 30)
        pair = (naive, self.LUNCH[1]) if which == "start" else (self.LUNCH[0], naive)
        message = (
            f"closures[0].{which}: datetime.datetime(2026, 11, 24, 12, 30) is naive; give an "
            "aware datetime (with a zone or a UTC offset, e.g. 2026-11-23T15:00:00-05:00)"
        )
        with pytest.raises(NaiveDatetimeError, match=exact(message)) as info:
            nine_to_five(closures=[pair])
        assert info.value.path == f"closures[0].{which}"
        assert_our_error(info.value)

    def test_not_a_pair(self) -> None:
        with pytest.raises(
            PolicyValidationError, match=r"^closures\[0\]: .* is not a \(start, end\) pair of "
        ):
            nine_to_five(closures=[(*self.LUNCH, self.LUNCH[1])])


# --- pydantic never shows through ---------------------------------------------------------------


class TestNotPydanticErrors:
    @pytest.mark.parametrize(
        ("options", "cls", "path"),
        [
            ({"zone": "Nowhere/Land"}, UnknownTimeZoneError, "zone"),
            ({"hours": {"tue": ["09:00-25:00"]}}, PolicyValidationError, "hours.tue[0].end"),
            ({"hours": {"tue": ["24:00-05:00"]}}, PolicyValidationError, "hours.tue[0].start"),
            ({"hours": [("09:00", "17:00")]}, PolicyValidationError, "hours"),
            ({"holidays": ["XX"]}, UnknownHolidayCalendarError, "holidays"),
            ({"holidays": [5]}, PolicyValidationError, "holidays[0]"),
            (
                {"closures": [(datetime(2026, 1, 1, 12), t("2026-01-01T13:00Z"))]},
                NaiveDatetimeError,
                "closures[0].start",
            ),
        ],
    )
    def test_from_weekly(self, options: dict[str, Any], cls: type[Exception], path: str) -> None:
        arguments: dict[str, Any] = {"zone": "UTC", "hours": {}} | options
        zone, hours = arguments.pop("zone"), arguments.pop("hours")
        with pytest.raises(cls) as info:
            BusinessCalendar.weekly(zone, hours, **arguments)
        assert type(info.value) is cls
        assert info.value.path == path  # type: ignore[attr-defined]
        assert_our_error(info.value)

    @pytest.mark.parametrize(
        ("doc", "cls", "message"),
        [
            ('{"zone": "Mars/Base"}', UnknownTimeZoneError, f"zone: 'Mars/Base' {ZONE_HINT}"),
            (
                '{"zone": "UTC", "hours": {"tue": [["09:00", "25:00"]]}}',
                PolicyValidationError,
                f"hours.tue[0].end: '25:00' {NOT_A_TIME}",
            ),
            (
                '{"zone": "UTC", "hours": {"tue": [{"start": "9am", "end": "17:00"}]}}',
                PolicyValidationError,
                f"hours.tue[0].start: '9am' {NOT_A_TIME}",
            ),
            (
                '{"zone": "UTC", "hours": {"mon": ["22:00-06:00"], "tue": ["05:00-12:00"]}}',
                PolicyValidationError,
                "hours.mon: mon 22:00–06:00 runs overnight into tue and overlaps tue 05:00–12:00; "
                "end mon's interval earlier or start tue's later",
            ),
            (
                '{"zone": "UTC", "closures": [{"start": "2026-01-01T12:00:00", '
                '"end": "2026-01-01T13:00:00Z"}]}',
                NaiveDatetimeError,
                "closures[0].start: datetime.datetime(2026, 1, 1, 12, 0) is naive; give an aware "
                "datetime (with a zone or a UTC offset, e.g. 2026-11-23T15:00:00-05:00)",
            ),
            (
                '{"zone": "UTC", "closed": ["2026-12-24"], '
                '"special_hours": [{"date": "2026-12-24", "hours": []}]}',
                PolicyValidationError,
                "closed: 2026-12-24 is both a closed date and has special hours; special hours "
                "already replace the day's hours (give [] to close it), so list it once",
            ),
            (
                '{"zone": "UTC", "hourz": {}}',
                PolicyValidationError,
                "hourz: unknown field; did you mean 'hours'?",
            ),
            ('{"hours": {}}', PolicyValidationError, "zone: is required; add it"),
        ],
    )
    def test_from_json(self, doc: str, cls: type[Exception], message: str) -> None:
        with pytest.raises(cls, match=exact(message)) as info:
            BusinessCalendar.model_validate_json(doc)
        assert type(info.value) is cls
        assert_our_error(info.value)

    def test_malformed_json(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^is not valid JSON \(") as info:
            BusinessCalendar.model_validate_json('{"zone": ')
        assert_our_error(info.value)

    def test_from_model_validate(self) -> None:
        with pytest.raises(UnknownTimeZoneError) as info:
            BusinessCalendar.model_validate({"zone": "Nowhere/Land"})
        assert_our_error(info.value)

    def test_assigning_an_attribute(self) -> None:
        cal = nine_to_five()
        with pytest.raises(ContactPolicyError, match="immutable") as info:
            cal.zone = "UTC"  # type: ignore[misc]
        assert not isinstance(info.value, pydantic.ValidationError)
        assert isinstance(info.value, AttributeError)


# --- searches that cannot succeed ---------------------------------------------------------------


NEVER_OPEN_AFTER = (
    "no open time at or after {at}: the calendar is closed all the way to the end of {year}, "
    "past its last dated opening; check its weekly hours, closed dates and closures"
)


class TestNoOpenTime:
    START = t("2026-01-01T00:00Z")

    @pytest.mark.parametrize(
        "search",
        [
            lambda cal, at: cal.next_open(at),
            lambda cal, at: cal.next_close(at),
        ],
        ids=["next_open", "next_close"],
    )
    def test_no_hours_at_all_fails_fast(
        self, search: Callable[[BusinessCalendar, datetime], object]
    ) -> None:
        cal = BusinessCalendar.weekly("UTC", {})
        message = NEVER_OPEN_AFTER.format(at="2026-01-01 00:00:00+00:00", year=2027)
        with pytest.raises(NoOpenTimeError, match=exact(message)) as info:
            finishes_within(5, lambda: search(cal, self.START))
        assert not isinstance(info.value, ValueError)
        assert info.value.path is None

    @pytest.mark.parametrize(
        "search",
        [
            lambda cal, at: cal.add(at, timedelta(hours=1)),
            lambda cal, at: cal.subtract(at, timedelta(hours=-1)),
        ],
        ids=["add", "subtract-negative"],
    )
    def test_no_hours_at_all_cannot_add(
        self, search: Callable[[BusinessCalendar, datetime], object]
    ) -> None:
        cal = BusinessCalendar.weekly("UTC", {})
        message = (
            "cannot add 1:00:00 of open time after 2026-01-01 00:00:00+00:00: only 0:00:00 "
            "exists after it (the calendar has no open time past the end of 2026)"
        )
        with pytest.raises(NoOpenTimeError, match=exact(message)):
            finishes_within(5, lambda: search(cal, self.START))

    def test_no_hours_at_all_backwards(self) -> None:
        cal = BusinessCalendar.weekly("UTC", {})
        message = (
            "cannot subtract 1:00:00 of open time before 2026-01-01 00:00:00+00:00: only "
            "0:00:00 exists before it (the calendar has no open time past the start of 2026)"
        )
        with pytest.raises(NoOpenTimeError, match=exact(message)):
            finishes_within(5, lambda: cal.subtract(self.START, timedelta(hours=1)))
        pattern = (
            r"^no open time before 2026-01-01 00:00:00\+00:00: the calendar is closed all the "
            r"way to the start of 2025, past its first dated opening"
        )
        with pytest.raises(NoOpenTimeError, match=pattern):
            finishes_within(5, lambda: cal.last_open(self.START))

    def test_the_instant_is_shown_in_the_calendars_zone(self) -> None:
        cal = BusinessCalendar.weekly(NEW_YORK, {})
        message = NEVER_OPEN_AFTER.format(at="2026-01-01 00:00:00-05:00", year=2027)
        with pytest.raises(NoOpenTimeError, match=exact(message)):
            finishes_within(5, lambda: cal.next_open(t("2026-01-01T05:00Z")))

    def test_questions_that_need_no_search_still_answer(self) -> None:
        cal = BusinessCalendar.weekly("UTC", {})
        end = t("2027-01-01T00:00Z")
        assert not cal.is_open(self.START)
        assert cal.elapsed(self.START, end) == timedelta(0)
        assert cal.intervals(self.START, end) == ()
        assert cal.add(self.START, timedelta(0)) == self.START

    def test_one_special_opening(self) -> None:
        cal = BusinessCalendar.weekly(
            "UTC", {}, special_hours={date(2026, 12, 5): [("10:00", "12:00")]}
        )
        assert finishes_within(5, lambda: cal.next_open(self.START)) == t("2026-12-05T10:00Z")
        assert cal.add(self.START, timedelta(hours=2)) == t("2026-12-05T12:00Z")
        later = t("2027-06-01T00:00Z")
        assert cal.subtract(later, timedelta(hours=1)) == t("2026-12-05T11:00Z")
        message = NEVER_OPEN_AFTER.format(at="2027-01-01 00:00:00+00:00", year=2028)
        with pytest.raises(NoOpenTimeError, match=exact(message)):
            finishes_within(5, lambda: cal.next_open(t("2027-01-01T00:00Z")))
        with pytest.raises(NoOpenTimeError):
            finishes_within(5, lambda: cal.next_close(t("2026-12-05T12:00Z")))
        with pytest.raises(NoOpenTimeError):
            finishes_within(5, lambda: cal.add(self.START, timedelta(hours=3)))
        with pytest.raises(NoOpenTimeError):
            finishes_within(5, lambda: cal.subtract(later, timedelta(hours=3)))

    def test_a_long_closure_is_searched_past(self) -> None:
        cal = nine_to_five("UTC", closures=[(t("2026-01-01T00:00Z"), t("2050-01-01T00:00Z"))])
        got = finishes_within(10, lambda: cal.next_open(t("2026-06-01T00:00Z")))
        assert got == t("2050-01-03T09:00Z")  # 2050-01-01 is a Saturday

    def test_always_open_has_no_closing_time(self) -> None:
        cal = BusinessCalendar.weekly(
            "UTC", {d: [("00:00", "24:00")] for d in (*WEEKDAYS, "sat", "sun")}
        )
        message = (
            "no closing time after 2026-01-01 00:00:00+00:00: the calendar stays open without "
            "a break through the end of 2046"
        )
        with pytest.raises(NoOpenTimeError, match=exact(message)):
            finishes_within(5, lambda: cal.next_close(self.START))

    def test_not_enough_open_time_is_reported_truthfully(self) -> None:
        cal = BusinessCalendar.weekly(
            "UTC", {}, special_hours={date(2026, 12, 5): [("10:00", "12:00")]}
        )
        message = (
            "cannot add 3:00:00 of open time after 2026-01-01 00:00:00+00:00: only 2:00:00 "
            "exists after it (the calendar has no open time past the end of 2026)"
        )
        with pytest.raises(NoOpenTimeError, match=exact(message)):
            cal.add(self.START, timedelta(hours=3))

    def test_a_long_add_on_weekly_hours_is_not_given_up(self) -> None:
        # 40 years of Monday hours: far past the 20-year give-up horizon, and still found.
        cal = BusinessCalendar.weekly("UTC", {"mon": [("09:00", "17:00")]})
        got = finishes_within(10, lambda: cal.add(self.START, timedelta(hours=8 * 52 * 40)))
        assert cal.elapsed(self.START, got) == timedelta(hours=8 * 52 * 40)
        assert got.year == 2065


class TestOutOfRange:
    @pytest.mark.parametrize(
        ("at", "year"),
        [(datetime(1, 6, 1, tzinfo=UTC), 1), (datetime(9999, 6, 1, tzinfo=UTC), 9999)],
    )
    def test_a_query_outside_the_supported_years(self, at: datetime, year: int) -> None:
        message = f"a query reaching the year {year} lies outside the supported years 2 to 9998"
        with pytest.raises(OutOfRangeError, match=exact(message)):
            nine_to_five().is_open(at)

    @pytest.mark.parametrize(
        ("at", "where"),
        [
            (datetime(1, 1, 1, 1, tzinfo=timezone(timedelta(hours=5))), "before the year 2"),
            (
                datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))),
                "beyond the year 9998",
            ),
        ],
    )
    def test_an_instant_beyond_what_datetime_can_show_in_the_zone(
        self, at: datetime, where: str
    ) -> None:
        # 0001-01-01T01:00+05:00 is still the year 0 in New York: not "a result".
        message = f"a query reaching {where} lies outside the supported years 2 to 9998"
        cal = nine_to_five()
        for query in (
            lambda: cal.is_open(at),
            lambda: cal.add(at, timedelta(hours=1)),
            lambda: cal.elapsed(at, at),
        ):
            with pytest.raises(OutOfRangeError, match=exact(message)):
                query()

    def test_a_result_outside_the_supported_years(self) -> None:
        always = BusinessCalendar.weekly("UTC", {d: [("00:00", "24:00")] for d in WEEKDAYS})
        message = "a result lies outside the supported years 2 to 9998"
        with pytest.raises(OutOfRangeError, match=exact(message)):
            always.add(datetime(9998, 12, 30, tzinfo=UTC), timedelta(days=30))
