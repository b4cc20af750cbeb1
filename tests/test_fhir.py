"""FHIR availability (issue #15, item 5): ``contact_policy.formats.fhir`` and
``BusinessCalendar.from_fhir_availability`` / ``to_fhir_availability``.

The examples of the FHIR specification (``tests/fixtures/fhir/``, R4 and R5 forms of the
PractitionerRole and HealthcareService examples) load and round-trip; every construct and every
refusal has an example, each refusal naming the field's path. Properties: calendars FHIR can
carry come back equal; every other calendar comes back with the same open time, or (special
hours that open time the weekly hours lack) is refused; no dict raises anything but
``ContactPolicyError``, and whatever is read is written and read back unchanged.
"""

from __future__ import annotations

import json
import pathlib
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contact_policy import (
    BusinessCalendar,
    ContactPolicyError,
    LimitExceededError,
    PolicyValidationError,
    Span,
)
from contact_policy._intervals import merge
from contact_policy.formats.fhir import MAX_AVAILABLE_TIMES, parse, to_fhir_availability
from contact_policy.testing import calendars, weekly_hours
from tests.helpers import NEW_YORK, exact, refuser

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "fhir"
NY = "America/New_York"
MELBOURNE = "Australia/Melbourne"


def fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return data


def read(data: Any, zone: str = NY, **options: Any) -> BusinessCalendar:
    return BusinessCalendar.from_fhir_availability(data, zone, **options)


refused = refuser(read)


def weekly(**days: Any) -> dict[str, Any]:
    """An Availability of one entry per keyword: ``mon=("09:00:00", "17:00:00")``."""
    return {
        "availableTime": [
            {"daysOfWeek": [day], "availableStartTime": a, "availableEndTime": b}
            for day, (a, b) in days.items()
        ]
    }


def span(start: str, end: str) -> Span:
    return Span(start=start, end=end)


def round_trips(calendar: BusinessCalendar, **options: Any) -> dict[str, Any]:
    """Written and read back (R5 and R4), the calendar is the same (ends at midnight read as
    24:00); returns the R5 dict."""
    written = calendar.to_fhir_availability(**options)
    json.dumps(written)  # plain JSON
    for version in ("R5", "R4"):
        data = calendar.to_fhir_availability(version=version, **options)
        back = read(data, calendar.zone)
        assert midnight_as_24(back) == midnight_as_24(calendar), data
    return written


def midnight_as_24(calendar: BusinessCalendar) -> BusinessCalendar:
    """The calendar with spans ending ``00:00`` written ``24:00`` (FHIR's ``00:00:00`` end
    reads back as 24:00; the two mean the same), and closures in UTC (Python never finds a
    datetime in a fold equal to one in another zone, though they are the same instant)."""
    hours = {
        day: [(start, "24:00" if end == "00:00" else end) for start, end in spans]
        for day, spans in calendar.hours.as_mapping().items()
    }
    closures = [(c.start.astimezone(UTC), c.end.astimezone(UTC)) for c in calendar.closures]
    return calendar.replace(hours=hours, closures=closures)


def open_time(calendar: BusinessCalendar, start: datetime, end: datetime) -> list[Any]:
    return merge(
        (
            (i.start - start) // timedelta(microseconds=1),
            (i.end - start) // timedelta(microseconds=1),
        )
        for i in calendar.intervals(start, end)
    )


# --- the specification's examples ------------------------------------------------------------


class TestExamples:
    @pytest.mark.parametrize("name", ["practitionerrole-r4.json", "practitionerrole-r5.json"])
    def test_practitioner_role(self, name: str) -> None:
        cal = read(fixture(name), MELBOURNE)
        assert cal.hours.as_mapping() == {
            **{day: [("09:00", "16:30")] for day in ("mon", "tue", "wed")},
            **{day: [("09:00", "12:00")] for day in ("thu", "fri")},
        }
        # "2017-05-01" to "2017-05-20": FHIR's end date is inclusive.
        assert cal.closed == tuple(date(2017, 5, d) for d in range(1, 21))
        assert not cal.is_open(datetime(2017, 5, 19, 10, tzinfo=ZoneInfo(MELBOURNE)))
        assert cal.is_open(datetime(2017, 5, 22, 10, tzinfo=ZoneInfo(MELBOURNE)))
        assert round_trips(cal)["notAvailableTime"] == [
            {"description": "Closed", "during": {"start": "2017-05-01", "end": "2017-05-20"}}
        ]

    @pytest.mark.parametrize("name", ["healthcareservice-r4.json", "healthcareservice-r5.json"])
    def test_healthcare_service(self, name: str) -> None:
        cal = read(fixture(name), MELBOURNE)
        # Wednesday all day; 08:30-05:30 and 09:30-04:30 end before they start, so they run
        # past midnight, split there, and Friday's two entries join.
        assert cal.hours.as_mapping() == {
            "mon": [("08:30", "24:00")],
            "tue": [("00:00", "05:30"), ("08:30", "24:00")],
            "wed": [("00:00", "24:00")],
            "thu": [("08:30", "24:00")],
            "fri": [("00:00", "05:30"), ("08:30", "24:00")],
            "sat": [("00:00", "05:30"), ("09:30", "24:00")],
            "sun": [("00:00", "04:30")],
        }
        assert cal.closed == (date(2015, 12, 25), date(2015, 12, 26), date(2016, 1, 1))
        written = round_trips(cal)
        assert written["notAvailableTime"][0]["during"] == {
            "start": "2015-12-25",
            "end": "2015-12-26",
        }

    def test_r4_and_r5_forms_read_alike(self) -> None:
        for kind in ("practitionerrole", "healthcareservice"):
            assert read(fixture(f"{kind}-r4.json")) == read(fixture(f"{kind}-r5.json"))

    def test_writing_in_r4_gives_the_fields_of_the_resource(self) -> None:
        cal = read(fixture("healthcareservice-r4.json"), MELBOURNE)
        written = cal.to_fhir_availability(version="R4")
        assert set(written) == {"availableTime", "notAvailable"}
        resource = {**fixture("healthcareservice-r4.json"), **written}
        assert read(resource, MELBOURNE) == cal

    def test_an_r5_resource_takes_the_written_availability(self) -> None:
        cal = read(fixture("practitionerrole-r5.json"))
        resource = {
            **fixture("practitionerrole-r5.json"),
            "availability": [cal.to_fhir_availability()],
        }
        assert read(resource) == cal


# --- reading ----------------------------------------------------------------------------------


class TestReading:
    def test_parse_gives_the_parts(self) -> None:
        value = parse(weekly(mon=("09:00:00", "17:00:00")), NY)
        assert value.hours == {"mon": (("09:00", "17:00"),)}
        assert value.closed == ()
        assert value.closures == ()

    def test_no_days_of_week_is_every_day(self) -> None:
        cal = read(
            {"availableTime": [{"availableStartTime": "10:00:00", "availableEndTime": "12:00:00"}]}
        )
        assert cal.hours.days_open == ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

    def test_all_day_ignores_the_times(self) -> None:
        data = {
            "availableTime": [
                {"daysOfWeek": ["sun"], "allDay": True, "availableStartTime": "09:00:00"}
            ]
        }
        assert read(data).hours.sun == (span("00:00", "24:00"),)
        data = {
            "availableTime": [
                {
                    "daysOfWeek": ["sun"],
                    "allDay": False,
                    "availableStartTime": "09:00:00",
                    "availableEndTime": "10:00:00",
                }
            ]
        }
        assert read(data).hours.sun == (span("09:00", "10:00"),)

    @pytest.mark.parametrize(
        ("start", "end", "spans"),
        [
            ("09:00:00", "17:00:00", {"mon": [("09:00", "17:00")]}),
            ("09:00", "17:00", {"mon": [("09:00", "17:00")]}),  # HH:MM is accepted
            ("09:00:00.000", "17:00:00.00", {"mon": [("09:00", "17:00")]}),
            ("22:00:00", "00:00:00", {"mon": [("22:00", "24:00")]}),  # an end at midnight
            ("22:00:00", "23:59:59", {"mon": [("22:00", "24:00")]}),  # ... as often written
            ("00:00:00", "00:00:00", {"mon": [("00:00", "24:00")]}),
            ("22:00:00", "06:00:00", {"mon": [("22:00", "24:00")], "tue": [("00:00", "06:00")]}),
            (None, "12:00:00", {"mon": [("00:00", "12:00")]}),  # from the start of the day
            ("12:00:00", None, {"mon": [("12:00", "24:00")]}),  # to its end
        ],
    )
    def test_times(self, start: str | None, end: str | None, spans: dict[str, Any]) -> None:
        entry = {"daysOfWeek": ["mon"], "availableStartTime": start, "availableEndTime": end}
        entry = {k: v for k, v in entry.items() if v is not None}
        assert read({"availableTime": [entry]}).hours.as_mapping() == spans

    def test_entries_are_joined(self) -> None:
        data = weekly(mon=("09:00:00", "12:00:00"))
        data["availableTime"] += [
            {
                "daysOfWeek": ["mon"],
                "availableStartTime": "11:00:00",
                "availableEndTime": "13:00:00",
            },
            {
                "daysOfWeek": ["mon"],
                "availableStartTime": "13:00:00",
                "availableEndTime": "14:00:00",
            },
            {
                "daysOfWeek": ["sun"],
                "availableStartTime": "20:00:00",
                "availableEndTime": "02:00:00",
            },
            {
                "daysOfWeek": ["mon", "mon"],
                "availableStartTime": "01:00:00",
                "availableEndTime": "03:00:00",
            },
        ]
        # Overlapping times merge (across midnight too); touching ones stay apart, as given.
        assert read(data).hours.mon == (
            span("00:00", "03:00"),
            span("09:00", "13:00"),
            span("13:00", "14:00"),
        )

    def test_day_codes_are_read_in_any_case(self) -> None:
        assert read(
            {"availableTime": [{"daysOfWeek": [" Mon ", "TUE"], "allDay": True}]}
        ).hours.days_open == ("mon", "tue")

    def test_periods_of_dates_are_closed_dates(self) -> None:
        def closed(start: str, end: str) -> tuple[date, ...]:
            return read({"notAvailableTime": [{"during": {"start": start, "end": end}}]}).closed

        assert closed("2026-12-25", "2026-12-25") == (date(2026, 12, 25),)
        assert closed("2026-12-24", "2026-12-26") == tuple(date(2026, 12, d) for d in (24, 25, 26))
        assert closed("2026-02", "2026-02") == tuple(
            date(2026, 2, d) for d in range(1, 29)
        )  # a month
        assert len(closed("2028", "2028")) == 366  # a year

    def test_periods_with_times_are_closures(self) -> None:
        cal = read(
            {
                "notAvailableTime": [
                    {
                        "description": "Lunch",
                        "during": {
                            "start": "2026-05-01T12:00:00-04:00",
                            "end": "2026-05-01T17:30:00Z",
                        },
                    }
                ]
            }
        )
        (closure,) = cal.closures
        assert closure.start == datetime(2026, 5, 1, 16, tzinfo=UTC)
        assert closure.end == datetime(2026, 5, 1, 17, 30, tzinfo=UTC)

    def test_a_date_at_one_end_is_local_midnight(self) -> None:
        cal = read(
            {
                "notAvailableTime": [
                    {"during": {"start": "2026-05-01T12:00:00-04:00", "end": "2026-05-02"}}
                ]
            }
        )
        (closure,) = cal.closures
        assert closure.end == datetime(2026, 5, 3, tzinfo=ZoneInfo(NY))  # after the end date
        cal = read(
            {
                "notAvailableTime": [
                    {"during": {"start": "2026-03-08", "end": "2026-03-08T12:00:00-04:00"}}
                ]
            },
            "America/Havana",
        )
        # Havana's clocks jump from 00:00 to 01:00 on 2026-03-08: its midnight is the jump.
        assert cal.closures[0].start == datetime(2026, 3, 8, 5, tzinfo=UTC)

    def test_an_entry_without_a_period_says_nothing_to_hold(self) -> None:
        cal = read(fixture("practitionerrole-r5.json"))
        assert len(cal.closed) == 20

    def test_other_fields_are_left_alone(self) -> None:
        data = {**weekly(mon=("09:00:00", "17:00:00")), "id": "x", "extension": [{"url": "u"}]}
        data["availableTime"][0]["extension"] = [{"url": "u", "valueInteger": 1}]
        assert read(data).hours.days_open == ("mon",)

    def test_holidays_are_the_callers(self) -> None:
        cal = read(fixture("practitionerrole-r5.json"), holidays=["AU"])
        assert cal.holidays == ("AU",)

    def test_an_empty_availability_is_a_calendar_never_open(self) -> None:
        assert read({}).hours.empty
        assert read({"resourceType": "PractitionerRole", "availability": []}).hours.empty


class TestRefusals:
    @pytest.mark.parametrize(
        ("data", "path", "words"),
        [
            ({"availableTime": {}}, "availableTime", "expected a list, got an object"),
            ({"availableTime": [None]}, "availableTime[0]", "expected an object, got null"),
            ({"availableTime": [[]]}, "availableTime[0]", "expected an object, got a list"),
            (
                {"availableTime": [{"daysOfWeek": "mon", "allDay": True}]},
                "availableTime[0].daysOfWeek",
                "expected a list",
            ),
            (
                {"availableTime": [{"daysOfWeek": [], "allDay": True}]},
                "availableTime[0].daysOfWeek",
                "is empty",
            ),
            (
                {"availableTime": [{"daysOfWeek": ["mon", "xyz"], "allDay": True}]},
                "availableTime[0].daysOfWeek[1]",
                "'xyz' is not a FHIR day code",
            ),
            (
                {"availableTime": [{"daysOfWeek": [7], "allDay": True}]},
                "availableTime[0].daysOfWeek[0]",
                "7 is not a FHIR day code",
            ),
            (
                {"availableTime": [{"allDay": "true"}]},
                "availableTime[0].allDay",
                "expected true or false",
            ),
            ({"availableTime": [{"daysOfWeek": ["mon"]}]}, "availableTime[0]", "has no times"),
            (
                weekly(mon=("9am", "17:00:00")),
                "availableTime[0].availableStartTime",
                "'9am' is not a FHIR time",
            ),
            (
                weekly(mon=("09:00:00", "24:00:00")),
                "availableTime[0].availableEndTime",
                "'24:00:00' is not a FHIR time",
            ),
            (
                weekly(mon=("09:00:30", "17:00:00")),
                "availableTime[0].availableStartTime",
                "'09:00:30' is not a whole minute",
            ),
            (
                weekly(mon=("09:00:00", "09:00:00")),
                "availableTime[0].availableEndTime",
                "ends when it starts",
            ),
            (
                weekly(mon=("09:00:00", 17)),
                "availableTime[0].availableEndTime",
                "17 is not a FHIR time",
            ),
            ({"notAvailableTime": {"during": {}}}, "notAvailableTime", "expected a list"),
            (
                {"notAvailableTime": ["x"]},
                "notAvailableTime[0]",
                "expected an object, got a string",
            ),
            (
                {"notAvailableTime": [{"during": []}]},
                "notAvailableTime[0].during",
                "expected an object, got a list",
            ),
            (
                {"notAvailableTime": [{"during": {"start": "2026-12-25"}}]},
                "notAvailableTime[0].during.end",
                "the period has no end",
            ),
            (
                {"notAvailableTime": [{"during": {"end": "2026-12-25"}}]},
                "notAvailableTime[0].during.start",
                "the period has no start",
            ),
            (
                {"notAvailableTime": [{"during": {"start": "2026-12-25", "end": "2026-12-24"}}]},
                "notAvailableTime[0].during.end",
                "2026-12-24 is before the start 2026-12-25",
            ),
            (
                {
                    "notAvailableTime": [
                        {
                            "during": {
                                "start": "2026-12-25T10:00:00Z",
                                "end": "2026-12-25T10:00:00Z",
                            }
                        }
                    ]
                },
                "notAvailableTime[0].during.end",
                "is not after the start",
            ),
            (
                {
                    "notAvailableTime": [
                        {"during": {"start": "2026-12-25T10:00:00", "end": "2026-12-26"}}
                    ]
                },
                "notAvailableTime[0].during.start",
                "has a time but no UTC offset",
            ),
            (
                {"notAvailableTime": [{"during": {"start": "2026-02-30", "end": "2026-03-01"}}]},
                "notAvailableTime[0].during.start",
                "'2026-02-30' is not a valid date or time",
            ),
            (
                {"notAvailableTime": [{"during": {"start": "Dec 25", "end": "2026-12-26"}}]},
                "notAvailableTime[0].during.start",
                "'Dec 25' is not a FHIR dateTime",
            ),
            (
                {
                    "notAvailableTime": [
                        {"during": {"start": "2026-12-25T10:00:00+25:00", "end": "2026-12-26"}}
                    ]
                },
                "notAvailableTime[0].during.start",
                "is not a valid date or time",
            ),
            (
                {
                    "notAvailableTime": [
                        {"during": {"start": "2026-12-25T10:00:00Z", "end": "9999-12-31"}}
                    ]
                },
                "notAvailableTime[0].during.end",
                "outside the supported years",
            ),
            ({"modifierExtension": []}, "modifierExtension", "a modifier extension may change"),
            (
                {"availableTime": [{"allDay": True, "modifierExtension": []}]},
                "availableTime[0].modifierExtension",
                "modifier extension",
            ),
            (
                {"notAvailable": [], "notAvailableTime": []},
                "notAvailableTime",
                "both notAvailable (R4) and notAvailableTime (R5)",
            ),
            ({"resourceType": "Patient"}, "resourceType", "'Patient' is not read"),
            ({"resourceType": "Location"}, "resourceType", "hoursOfOperation"),
            ({"resourceType": "Availability"}, "resourceType", "a datatype, not a resource"),
            (
                {"resourceType": "HealthcareService", "notAvailableTime": []},
                "notAvailableTime",
                "a HealthcareService has no notAvailableTime",
            ),
            (
                {"resourceType": "PractitionerRole", "availability": [{}, {}]},
                "availability[1]",
                "has 2 availabilities",
            ),
            (
                {"resourceType": "PractitionerRole", "availability": {}},
                "availability",
                "expected a list",
            ),
            (
                {"resourceType": "PractitionerRole", "availability": [5]},
                "availability[0]",
                "expected an object, got a number",
            ),
            (
                {"resourceType": "PractitionerRole", "availability": [], "availableTime": []},
                "availableTime",
                "both availability (R5) and this field",
            ),
            (
                {
                    "resourceType": "PractitionerRole",
                    "availability": [{"availableTime": [{"allDay": 1}]}],
                },
                "availability[0].availableTime[0].allDay",
                "expected true or false",
            ),
        ],
    )
    def test_each_names_the_field(self, data: Any, path: str, words: str) -> None:
        error = refused(data, path)
        assert words in str(error)

    @pytest.mark.parametrize("data", [None, [], "{}", 5])
    def test_not_an_object(self, data: Any) -> None:
        error = refused(data, None, match="^FHIR availability: expected an object")
        if isinstance(data, str):
            assert "json.loads" in str(error)

    def test_exact_messages(self) -> None:
        refused(
            weekly(mon=("09:00:00", "17:00:30")),
            "availableTime[0].availableEndTime",
            exact(
                "availableTime[0].availableEndTime: '17:00:30' is not a whole minute; a calendar's hours are in whole minutes (write 17:00:00)"  # noqa: E501
            ),
        )
        refused(
            {
                "notAvailableTime": [
                    {"during": {"start": "2026-12-24T09:00:00", "end": "2026-12-24T10:00:00Z"}}
                ]
            },
            "notAvailableTime[0].during.start",
            exact(
                "notAvailableTime[0].during.start: '2026-12-24T09:00:00' has a time but no UTC offset (FHIR requires one); write it as 2026-12-24T09:00:00Z or with its offset, e.g. 2026-12-24T09:00:00-05:00"  # noqa: E501
            ),
        )
        refused(
            {
                "resourceType": "HealthcareService",
                "availability": [{"notAvailableTime": [{"during": {"start": "2026-12-24"}}]}],
            },
            "availability[0].notAvailableTime[0].during.end",
            exact(
                "availability[0].notAvailableTime[0].during.end: the period has no end; a calendar holds closed stretches with both ends (an open-ended absence cannot be held: give its last day)"  # noqa: E501
            ),
        )

    def test_limits(self) -> None:
        many = {"availableTime": [{"allDay": True}] * (MAX_AVAILABLE_TIMES + 1)}
        with pytest.raises(
            LimitExceededError, match=r"^availableTime: holds 337 entries; at most 336"
        ):
            read(many)
        fifty = [
            {
                "daysOfWeek": ["mon"],
                "availableStartTime": f"{h:02d}:00:00",
                "availableEndTime": f"{h:02d}:10:00",
            }
            for h in range(24)
        ]
        fifty += [
            {
                "daysOfWeek": ["mon"],
                "availableStartTime": f"{h:02d}:20:00",
                "availableEndTime": f"{h:02d}:30:00",
            }
            for h in range(24)
        ]
        fifty += [
            {
                "daysOfWeek": ["mon"],
                "availableStartTime": "00:40:00",
                "availableEndTime": "00:50:00",
            }
        ]
        with pytest.raises(LimitExceededError, match="gives mon 49 times; a day holds at most 48"):
            read({"availableTime": fifty})
        with pytest.raises(LimitExceededError, match="more than 10,000 dates"):
            read({"notAvailableTime": [{"during": {"start": "2000-01-01", "end": "2040-01-01"}}]})

    def test_the_zone_is_the_calendars_error(self) -> None:
        with pytest.raises(ContactPolicyError, match="Nowhere/Zone"):
            read({}, "Nowhere/Zone")


# --- writing ----------------------------------------------------------------------------------


class TestWriting:
    def test_weekly_hours(self) -> None:
        cal = BusinessCalendar.weekly(
            NY,
            {
                "mon-fri": ["09:00-12:00", "13:00-17:00"],
                "sat": ["00:00-24:00"],
                "sun": ["20:00-24:00"],
            },
        )
        assert cal.to_fhir_availability() == {
            "availableTime": [
                {
                    "daysOfWeek": ["mon", "tue", "wed", "thu", "fri"],
                    "availableStartTime": "09:00:00",
                    "availableEndTime": "12:00:00",
                },
                {
                    "daysOfWeek": ["mon", "tue", "wed", "thu", "fri"],
                    "availableStartTime": "13:00:00",
                    "availableEndTime": "17:00:00",
                },
                {"daysOfWeek": ["sat"], "allDay": True},
                {
                    "daysOfWeek": ["sun"],
                    "availableStartTime": "20:00:00",
                    "availableEndTime": "00:00:00",
                },
            ]
        }
        round_trips(cal)

    def test_overnight_hours_are_split_at_midnight(self) -> None:
        cal = BusinessCalendar.weekly(NY, {"fri": ["22:00-06:00"]})
        assert cal.to_fhir_availability()["availableTime"] == [
            {
                "daysOfWeek": ["fri"],
                "availableStartTime": "22:00:00",
                "availableEndTime": "00:00:00",
            },
            {
                "daysOfWeek": ["sat"],
                "availableStartTime": "00:00:00",
                "availableEndTime": "06:00:00",
            },
        ]
        back = read(cal.to_fhir_availability())
        assert back.hours.as_mapping() == {
            "fri": [("22:00", "24:00")],
            "sat": [("00:00", "06:00")],
        }
        start = datetime(2026, 1, 1, tzinfo=UTC)
        assert open_time(back, start, start + timedelta(days=400)) == open_time(
            cal, start, start + timedelta(days=400)
        )

    def test_closures_keep_their_instants(self) -> None:
        lunch = (datetime(2026, 5, 1, 16, tzinfo=UTC), datetime(2026, 5, 1, 17, tzinfo=UTC))
        cal = BusinessCalendar.weekly(NY, {"fri": ["09:00-17:00"]}, closures=[lunch])
        assert cal.to_fhir_availability()["notAvailableTime"] == [
            {
                "description": "Closure",
                "during": {
                    "start": "2026-05-01T12:00:00-04:00",
                    "end": "2026-05-01T13:00:00-04:00",
                },
            }
        ]
        round_trips(cal)

    def test_closed_dates_are_whole_dates_in_runs(self) -> None:
        days = [date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 31)]
        cal = BusinessCalendar.weekly(NY, {"mon-fri": ["09:00-17:00"]}, closed=days)
        assert cal.to_fhir_availability()["notAvailableTime"] == [
            {"description": "Closed", "during": {"start": "2026-12-24", "end": "2026-12-25"}},
            {"description": "Closed", "during": {"start": "2026-12-31", "end": "2026-12-31"}},
        ]
        round_trips(cal)

    def test_a_closed_date_next_to_a_night_is_written_with_times(self) -> None:
        # Thursday's night runs into Friday Dec 25; the calendar keeps it (it is Thursday's),
        # so the whole of Friday is not what closes: Friday's own hours are written.
        cal = BusinessCalendar.weekly(
            NY, {"thu": ["22:00-02:00"], "fri": ["09:00-17:00"]}, closed=[date(2026, 12, 25)]
        )
        assert cal.to_fhir_availability()["notAvailableTime"] == [
            {
                "description": "Closed",
                "during": {
                    "start": "2026-12-25T09:00:00-05:00",
                    "end": "2026-12-25T17:00:00-05:00",
                },
            }
        ]
        # A closed date whose own night runs into the next day closes that night too.
        cal = BusinessCalendar.weekly(NY, {"thu": ["22:00-02:00"]}, closed=[date(2026, 12, 24)])
        assert cal.to_fhir_availability()["notAvailableTime"] == [
            {
                "description": "Closed",
                "during": {
                    "start": "2026-12-24T22:00:00-05:00",
                    "end": "2026-12-25T02:00:00-05:00",
                },
            }
        ]

    def test_special_hours_write_the_parts_they_close(self) -> None:
        cal = BusinessCalendar.weekly(
            NY,
            {"mon-fri": ["09:00-17:00"]},
            special_hours={date(2026, 12, 24): ["09:00-12:00"], date(2026, 12, 31): []},
        )
        assert cal.to_fhir_availability()["notAvailableTime"] == [
            {
                "description": "Special hours 2026-12-24: 09:00–12:00",
                "during": {
                    "start": "2026-12-24T12:00:00-05:00",
                    "end": "2026-12-24T17:00:00-05:00",
                },
            },
            {"description": "Closed", "during": {"start": "2026-12-31", "end": "2026-12-31"}},
        ]
        back = read(cal.to_fhir_availability())
        assert back.closed == (date(2026, 12, 31),)
        start = datetime(2026, 12, 1, tzinfo=UTC)
        assert open_time(back, start, start + timedelta(days=60)) == open_time(
            cal, start, start + timedelta(days=60)
        )

    def test_special_hours_that_open_time_are_refused(self) -> None:
        cal = BusinessCalendar.weekly(
            NY, {"mon-fri": ["09:00-17:00"]}, special_hours={date(2026, 12, 26): ["10:00-12:00"]}
        )
        with pytest.raises(
            PolicyValidationError,
            match=exact(
                "special_hours[0]: 2026-12-26 opens 10:00–12:00, and from 10:00 that is outside the weekly hours; FHIR Availability can only take time away from the weekly hours (notAvailableTime), not add a dated opening: give those hours every week, or leave the date out"  # noqa: E501
            ),
        ) as info:
            cal.to_fhir_availability()
        assert info.value.path == "special_hours[0]"

    def test_holidays_need_a_range(self) -> None:
        cal = BusinessCalendar.weekly(NY, {"mon-fri": ["09:00-17:00"]}, holidays=["US"])
        with pytest.raises(
            PolicyValidationError,
            match=exact(
                "holidays: the calendar closes on the holidays of US, and FHIR Availability cannot name a holiday calendar; pass holidays_through=date(...) (and holidays_from=) to list them as notAvailableTime, or leave holidays out"  # noqa: E501
            ),
        ):
            cal.to_fhir_availability()

    def test_holidays_are_listed_with_their_names(self) -> None:
        cal = BusinessCalendar.weekly(
            NY, {"mon-fri": ["09:00-17:00"]}, holidays=["US"], closed=[date(2026, 12, 24)]
        )
        written = cal.to_fhir_availability(
            holidays_from=date(2026, 11, 1), holidays_through=date(2026, 12, 31)
        )
        # The names are the holidays package's own, which vary by its version.
        names = __import__("holidays").country_holidays("US", years=2026)
        assert written["notAvailableTime"] == [
            {
                "description": f"Holiday: {names[date(2026, 11, 11)]}",
                "during": {"start": "2026-11-11", "end": "2026-11-11"},
            },
            {
                "description": f"Holiday: {names[date(2026, 11, 26)]}",
                "during": {"start": "2026-11-26", "end": "2026-11-26"},
            },
            {"description": "Closed", "during": {"start": "2026-12-24", "end": "2026-12-24"}},
            {
                "description": f"Holiday: {names[date(2026, 12, 25)]}",
                "during": {"start": "2026-12-25", "end": "2026-12-25"},
            },
        ]
        back = read(written, holidays=["US"])  # the holidays after the range, by code
        assert back.closed == (
            date(2026, 11, 11),
            date(2026, 11, 26),
            date(2026, 12, 24),
            date(2026, 12, 25),
        )
        assert (
            len(cal.to_fhir_availability(holidays_through=date(2026, 12, 31))["notAvailableTime"])
            == 13  # 12 holiday dates (July 3 observed, July 4) and December 24
        )

    @pytest.mark.parametrize(
        ("options", "path", "words"),
        [
            ({"version": "R6"}, "version", "'R6' is not a FHIR version written here"),
            ({"version": None}, "version", "None is not a FHIR version"),
            (
                {"holidays_from": date(2026, 1, 1)},
                "holidays_through",
                "holidays_from needs holidays_through",
            ),
            ({"holidays_through": "2026-12-31"}, "holidays_through", "'2026-12-31' is not a date"),
            (
                {"holidays_through": datetime(2026, 12, 31, tzinfo=UTC)},
                "holidays_through",
                "is not a date",
            ),
            (
                {"holidays_through": date(2026, 12, 31), "holidays_from": 2026},
                "holidays_from",
                "2026 is not a date",
            ),
            (
                {"holidays_through": date(2026, 1, 1), "holidays_from": date(2026, 2, 1)},
                "holidays_through",
                "is before holidays_from",
            ),
            (
                {"holidays_through": date(2200, 1, 1), "holidays_from": date(2026, 1, 1)},
                "holidays_through",
                "at most 100 years",
            ),
        ],
    )
    def test_bad_options(self, options: dict[str, Any], path: str, words: str) -> None:
        cal = BusinessCalendar.weekly(NY, {"mon": ["09:00-17:00"]})
        with pytest.raises(PolicyValidationError) as info:
            cal.to_fhir_availability(**options)
        assert info.value.path == path
        assert words in str(info.value)

    def test_r4_versions_are_case_blind(self) -> None:
        cal = BusinessCalendar.weekly(NY, {"mon": ["09:00-17:00"]}, closed=[date(2026, 1, 5)])
        assert "notAvailable" in cal.to_fhir_availability(version="r4")

    def test_a_calendar_never_open_is_empty(self) -> None:
        assert BusinessCalendar.weekly(NY, {}).to_fhir_availability() == {}

    def test_the_module_function_is_the_method(self) -> None:
        cal = BusinessCalendar.weekly(NY, {"mon": ["09:00-17:00"]})
        assert to_fhir_availability(cal) == cal.to_fhir_availability()

    def test_fixed_offset_zones_and_far_dates(self) -> None:
        cal = BusinessCalendar.weekly(
            "UTC", {"mon": ["09:00-17:00"]}, closed=[date(2, 1, 1), date(9998, 12, 31)]
        )
        round_trips(cal)


# --- properties -------------------------------------------------------------------------------

#: Calendars FHIR carries exactly: no holidays, no special hours, nothing overnight.
carried = calendars(
    holidays=(), max_special=0, hours=weekly_hours(overnight=False, step_minutes=15)
)


@given(carried)
def test_calendars_fhir_can_carry_come_back_equal(calendar: BusinessCalendar) -> None:
    round_trips(calendar)


WINDOW = (datetime(2023, 12, 20, tzinfo=UTC), datetime(2029, 1, 10, tzinfo=UTC))


@given(calendars())
def test_every_calendar_keeps_its_open_time_or_is_refused(calendar: BusinessCalendar) -> None:
    refusal: PolicyValidationError | None = None
    try:
        written = calendar.to_fhir_availability(
            holidays_from=date(2023, 12, 19), holidays_through=date(2029, 1, 11)
        )
    except PolicyValidationError as caught:
        refusal = caught
    if refusal is not None:
        assert (refusal.path or "").startswith("special_hours[")
        assert "outside the weekly hours" in str(refusal)
        return
    back = read(written, calendar.zone)
    assert not any(sp.overnight for day in range(7) for sp in back.hours.for_day(day))
    assert open_time(back, *WINDOW) == open_time(calendar, *WINDOW)


@given(
    calendars(holidays=(), max_special=0),
    st.lists(st.dates(date(2024, 1, 1), date(2028, 12, 31)), max_size=4, unique=True),
    st.integers(0, 7),
)
def test_special_hours_inside_the_weekly_hours_are_carried(
    calendar: BusinessCalendar, days: list[date], keep: int
) -> None:
    # Special hours that keep some of their date's weekly spans (none: closed) only take time
    # away, so they are never refused, and the open time survives.
    special = {}
    for day in days:
        if day in calendar.closed:
            continue
        spans = calendar.hours.for_day(day.weekday())
        special[day] = [(sp.start, sp.end) for k, sp in enumerate(spans) if keep >> k & 1]
    calendar = calendar.replace(special_hours=special)
    back = read(calendar.to_fhir_availability(), calendar.zone)
    assert open_time(back, *WINDOW) == open_time(calendar, *WINDOW)


# --- fuzz: FHIR-shaped and arbitrary dicts ----------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
times = st.sampled_from(
    [
        "09:00:00",
        "17:00:00",
        "00:00:00",
        "23:59:59",
        "24:00:00",
        "9:00",
        "12:30",
        "08:30:00.000",
        "12:00:01",
        "22:00:00",
        "06:00:00",
        "",
        "25:00",
        None,
        5,
    ]
)
codes = st.sampled_from(
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "Mon", "monday", "x", None, 1]
)
moments = st.sampled_from(
    [
        "2026-12-25",
        "2026-12",
        "2026",
        "2026-12-25T09:00:00Z",
        "2026-12-25T09:00:00-05:00",
        "2026-12-25T09:00:00",
        "2026-02-30",
        "0000-01-01",
        "0001-01-01",
        "9999-12-31",
        "9999-12-31T23:00:00-05:00",
        "0001-01-01T00:00:00+14:00",
        "2026-03-08T02:30:00-05:00",
        "2026-13-01",
        "",
        None,
        5,
    ]
) | st.dates().map(date.isoformat)
available = st.fixed_dictionaries(
    {},
    optional={
        "daysOfWeek": st.lists(codes, max_size=8) | json_values,
        "allDay": st.sampled_from([True, False, None, "true", 1]),
        "availableStartTime": times,
        "availableEndTime": times,
        "modifierExtension": st.just([]),
    },
)
during = st.fixed_dictionaries({}, optional={"start": moments, "end": moments}) | json_values
absent = st.fixed_dictionaries({}, optional={"description": st.text(max_size=5), "during": during})
availability = st.fixed_dictionaries(
    {},
    optional={
        "availableTime": st.lists(available | json_values, max_size=4) | json_values,
        "notAvailableTime": st.lists(absent | json_values, max_size=4) | json_values,
        "notAvailable": st.lists(absent, max_size=3),
    },
)
resources = st.fixed_dictionaries(
    {
        "resourceType": st.sampled_from(
            ["HealthcareService", "PractitionerRole", "Location", "Patient", 5]
        )
    },
    optional={
        "availability": st.lists(availability, max_size=2) | json_values,
        "availableTime": st.lists(available, max_size=3),
        "notAvailable": st.lists(absent, max_size=3),
    },
)
shaped = (
    availability
    | resources
    | json_values
    | st.dictionaries(st.text(max_size=8), json_values, max_size=4)
)
zones = st.sampled_from(["UTC", NY, "Pacific/Apia", "Nowhere/Zone"])


@given(shaped, zones)
def test_no_dict_raises_anything_else(data: Any, zone: str) -> None:
    error: ContactPolicyError | None = None
    try:
        cal = read(data, zone)
    except ContactPolicyError as caught:
        error = caught
    if error is not None:
        if isinstance(error, PolicyValidationError) and error.path:
            assert str(error).startswith(f"{error.path}: ") or "\n" in str(error)
        return
    # Whatever is read is written and read back unchanged (it has nothing overnight).
    assert midnight_as_24(read(cal.to_fhir_availability(), zone)) == midnight_as_24(cal)


@pytest.mark.parametrize("end", ["9999-12-31T23:00:00-05:00", "9998-12-31T23:00:00-05:00"])
def test_closures_past_the_last_supported_year_are_refused_by_field(end: str) -> None:
    # Found by CI: two closures were sorted by their UTC ends, and a year-9999 end with a
    # negative offset overflowed datetime (OverflowError from deep inside) before validation.
    data = {
        "notAvailableTime": [
            {"during": {"start": "2026-12-25T00:00:00Z", "end": end}},
            {"during": {"start": "2026-12-20T00:00:00Z", "end": end}},
        ]
    }
    with pytest.raises(ContactPolicyError, match=r"closures\[0\]\.end: .*supported years"):
        read(data, "UTC")


def test_a_fixed_offset_closure_round_trips_in_another_zone() -> None:
    start = datetime(2026, 5, 1, 12, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    cal = BusinessCalendar.weekly(
        NY, {"fri": ["09:00-17:00"]}, closures=[(start, start + timedelta(hours=2))]
    )
    round_trips(cal)


def test_the_module_reader_is_the_method() -> None:
    from contact_policy.formats.fhir import from_fhir_availability

    data = fixture("practitionerrole-r5.json")
    assert from_fhir_availability(data, NY, holidays=["US"]) == read(data, holidays=["US"])


def test_an_offset_with_seconds_is_written_in_utc() -> None:
    # New York's local mean time before 1883-11-18 is -04:56:02, which a FHIR dateTime's
    # offset cannot hold: such an instant is written in UTC, and read back the same.
    data = {"notAvailable": [{"during": {"start": "1883-01-01", "end": "2026-12-25T09:00:00Z"}}]}
    cal = BusinessCalendar.from_fhir_availability(data, NEW_YORK)
    written = cal.to_fhir_availability()
    start = written["notAvailableTime"][0]["during"]["start"]
    assert start == "1883-01-01T04:56:02+00:00"
    assert BusinessCalendar.from_fhir_availability(written, NEW_YORK) == cal
