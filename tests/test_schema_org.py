"""schema.org ``OpeningHoursSpecification`` JSON-LD (issue #15, item 7):
``contact_policy.formats.schemaorg`` and ``BusinessCalendar.from_schema_org`` /
``to_schema_org``.

The forms of Google's local-business documentation (standard hours, hours past midnight, a
day open around the clock, a closed day, special hours) are read; every construct and every
refusal has an example, each refusal naming the field's path. Properties: calendars without
closures come back equal (special hours ``[]`` as closed dates), with holidays listed they
keep their open time, and no dict raises anything but ``ContactPolicyError``.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

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
from contact_policy.formats.schemaorg import parse, to_schema_org
from contact_policy.testing import calendars
from tests.helpers import exact, refuser

ZONE = "Europe/London"
SCHEMA = "https://schema.org"


def read(data: Any, zone: str = ZONE, **options: Any) -> BusinessCalendar:
    return BusinessCalendar.from_schema_org(data, zone, **options)


refused = refuser(read)


def spec(days: Any, opens: Any = "09:00", closes: Any = "17:00", **more: Any) -> dict[str, Any]:
    entry = {"@type": "OpeningHoursSpecification", "dayOfWeek": days, "opens": opens}
    return {**entry, "closes": closes, **more}


def special(first: str, last: str, opens: str = "00:00", closes: str = "00:00") -> dict[str, Any]:
    return {"validFrom": first, "validThrough": last, "opens": opens, "closes": closes}


def span(start: str, end: str) -> Span:
    return Span(start=start, end=end)


def normalised(calendar: BusinessCalendar) -> BusinessCalendar:
    """Special hours ``[]`` as closed dates: how they come back (the two mean the same)."""
    empty = [s.date for s in calendar.special_hours if not s.hours]
    if not empty:
        return calendar
    return calendar.replace(
        closed=(*calendar.closed, *empty),
        special_hours=tuple(s for s in calendar.special_hours if s.hours),
    )


def round_trips(calendar: BusinessCalendar, **options: Any) -> dict[str, Any]:
    written = calendar.to_schema_org(**options)
    json.dumps(written)  # plain JSON
    assert read(written, calendar.zone, holidays=calendar.holidays) == normalised(calendar)
    return written


def open_time(calendar: BusinessCalendar, start: datetime, end: datetime) -> list[Any]:
    us = timedelta(microseconds=1)
    return merge(
        ((i.start - start) // us, (i.end - start) // us) for i in calendar.intervals(start, end)
    )


# --- Google's forms ---------------------------------------------------------------------------


class TestGooglesForms:
    def test_standard_hours(self) -> None:
        data = {
            "@context": "https://schema.org",
            "@type": "Dentist",
            "openingHoursSpecification": [
                spec(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], "09:00", "21:00"),
                spec(["Saturday", "Sunday"], "10:00", "23:00"),
            ],
        }
        cal = read(data)
        assert cal.hours.fri == (span("09:00", "21:00"),)
        assert cal.hours.sun == (span("10:00", "23:00"),)

    def test_late_night_hours(self) -> None:
        # "hours from Saturday at 6pm until Sunday at 3am": one entry, closes before it opens.
        cal = read({"openingHoursSpecification": spec("Saturday", "18:00", "03:00")})
        assert cal.hours.sat == (span("18:00", "03:00"),)
        assert cal.is_open(datetime(2026, 11, 22, 2, 59, tzinfo=UTC))  # Sunday 02:59

    def test_all_day_and_closed_days(self) -> None:
        data = {
            "openingHoursSpecification": [
                spec("Saturday", "00:00", "23:59"),  # open all day
                spec("Sunday", "00:00", "00:00"),  # closed all day
            ]
        }
        cal = read(data)
        assert cal.hours.sat == (span("00:00", "24:00"),)
        assert cal.hours.sun == ()

    def test_special_hours(self) -> None:
        data = {
            "openingHoursSpecification": [spec(["Monday", "Friday"])],
            "specialOpeningHoursSpecification": [
                special("2026-12-24", "2026-12-24", "09:00", "12:00"),
                special("2026-12-25", "2026-12-27"),
                {**special("2027-01-01", "2027-01-31", "10:00", "11:00"), "dayOfWeek": "Friday"},
            ],
        }
        cal = read(data)
        assert cal.closed == (date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 27))
        assert {s.date: s.hours for s in cal.special_hours} == {
            date(2026, 12, 24): (span("09:00", "12:00"),),
            **{date(2027, 1, d): (span("10:00", "11:00"),) for d in (1, 8, 15, 22, 29)},
        }


# --- reading ----------------------------------------------------------------------------------


class TestReading:
    def test_parse_gives_the_parts(self) -> None:
        value = parse({"openingHoursSpecification": [spec("Monday")]})
        assert value.hours == {"mon": (("09:00", "17:00"),)}
        assert (value.closed, value.special_hours, value.holidays_off) == ((), {}, False)

    @pytest.mark.parametrize(
        "day",
        [
            "Monday",
            "monday",
            "https://schema.org/Monday",
            "http://schema.org/Monday",
            "schema:Monday",
            {"@id": "https://schema.org/Monday"},
            ["Monday", "Monday"],
        ],
    )
    def test_days(self, day: Any) -> None:
        assert read({"openingHoursSpecification": [spec(day)]}).hours.days_open == ("mon",)

    @pytest.mark.parametrize(
        ("opens", "closes", "spans"),
        [
            ("09:00:00", "17:00:00", (("09:00", "17:00"),)),
            ("22:00", "00:00", (("22:00", "00:00"),)),
            ("22:00", "24:00", (("22:00", "24:00"),)),
            ("22:00", "23:59:59", (("22:00", "24:00"),)),
            ("22:00", "23:59", (("22:00", "24:00"),)),
        ],
    )
    def test_times(self, opens: str, closes: str, spans: tuple[tuple[str, str], ...]) -> None:
        assert parse({"openingHoursSpecification": [spec("Monday", opens, closes)]}).hours == {
            "mon": spans
        }

    def test_entries_are_joined(self) -> None:
        data = {
            "openingHoursSpecification": [
                spec("Monday", "09:00", "12:00"),
                spec("Monday", "11:00", "13:00"),
                spec("Monday", "13:00", "14:00"),
            ]
        }
        assert read(data).hours.mon == (span("09:00", "13:00"), span("13:00", "14:00"))

    def test_public_holidays(self) -> None:
        data = {
            "openingHoursSpecification": [
                spec("Monday"),
                spec(f"{SCHEMA}/PublicHolidays", "00:00", "00:00"),
            ]
        }
        assert read(data, holidays=["GB"]).holidays == ("GB",)
        with pytest.raises(
            PolicyValidationError, match=r"^holidays: the data closes on PublicHolidays"
        ):
            read(data)
        with pytest.raises(PolicyValidationError, match=r"^holidays: holidays GB were given but"):
            read({"openingHoursSpecification": [spec("Monday")]}, holidays=["GB"])

    def test_a_graph_with_one_business(self) -> None:
        data = {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite"},
                {"@type": "MedicalClinic", "openingHoursSpecification": spec("Monday")},
            ],
        }
        assert read(data).hours.days_open == ("mon",)
        data["@graph"][1]["openingHoursSpecification"] = spec("Monday", "9am")
        refused(data, "@graph[1].openingHoursSpecification.opens")

    def test_nothing_is_a_calendar_never_open(self) -> None:
        assert read({"@type": "MedicalBusiness", "name": "x"}).hours.empty


class TestRefusals:
    @pytest.mark.parametrize(
        ("data", "path", "words"),
        [
            (
                {"openingHoursSpecification": "Mo-Fr 09:00-17:00"},
                "openingHoursSpecification",
                "expected a list, got a string",
            ),
            (
                {"openingHoursSpecification": [None]},
                "openingHoursSpecification[0]",
                "expected an object, got null",
            ),
            (
                {"openingHoursSpecification": [spec(None)]},
                "openingHoursSpecification[0].dayOfWeek",
                "is missing",
            ),
            (
                {"openingHoursSpecification": [spec([])]},
                "openingHoursSpecification[0].dayOfWeek",
                "is empty",
            ),
            (
                {"openingHoursSpecification": [spec("Mo")]},
                "openingHoursSpecification[0].dayOfWeek",
                "'Mo' is not a schema.org day",
            ),
            (
                {"openingHoursSpecification": [spec(["Monday", 3])]},
                "openingHoursSpecification[0].dayOfWeek[1]",
                "3 is not a schema.org day",
            ),
            (
                {"openingHoursSpecification": [spec("Monday", None)]},
                "openingHoursSpecification[0].opens",
                "is missing",
            ),
            (
                {"openingHoursSpecification": [spec("Monday", "9:00")]},
                "openingHoursSpecification[0].opens",
                "'9:00' is not a time",
            ),
            (
                {"openingHoursSpecification": [spec("Monday", "09:00", "17:00:30")]},
                "openingHoursSpecification[0].closes",
                "not a whole minute",
            ),
            (
                {"openingHoursSpecification": [spec("Monday", "24:00", "02:00")]},
                "openingHoursSpecification[0].opens",
                "24:00 can only close",
            ),
            (
                {"openingHoursSpecification": [spec("Monday", "09:00", "24:30")]},
                "openingHoursSpecification[0].closes",
                "is past 24:00",
            ),
            (
                {"openingHoursSpecification": [spec("Monday", "09:00", "09:00")]},
                "openingHoursSpecification[0].closes",
                "closes when it opens",
            ),
            (
                {"openingHoursSpecification": [spec("Monday", validFrom="2026-01-01")]},
                "openingHoursSpecification[0].validFrom",
                "seasonal hours",
            ),
            (
                {"openingHoursSpecification": [{**spec("Monday"), "@type": "Offer"}]},
                "openingHoursSpecification[0].@type",
                "'Offer' is not OpeningHoursSpecification",
            ),
            (
                {"openingHoursSpecification": [spec("PublicHolidays")]},
                "openingHoursSpecification[0].dayOfWeek",
                "hours on public holidays cannot be expressed",
            ),
            (
                {"openingHoursSpecification": [spec("Monday"), spec("Monday", "00:00", "00:00")]},
                "openingHoursSpecification[1]",
                "Monday is closed here",
            ),
            (
                {
                    "openingHoursSpecification": [
                        spec("Monday", "22:00", "06:00"),
                        spec("Tuesday", "05:00", "08:00"),
                    ]
                },
                "openingHoursSpecification[0]",
                "runs past midnight and overlaps Tuesday 05:00–08:00",
            ),
            (
                {"specialOpeningHoursSpecification": [{"opens": "00:00", "closes": "00:00"}]},
                "specialOpeningHoursSpecification[0].validFrom",
                "is missing",
            ),
            (
                {
                    "specialOpeningHoursSpecification": [
                        {**special("2026-12-25", "2026-12-25"), "validThrough": None}
                    ]
                },
                "specialOpeningHoursSpecification[0].validThrough",
                "is missing",
            ),
            (
                {"specialOpeningHoursSpecification": [special("2026-12-25", "2026-12-24")]},
                "specialOpeningHoursSpecification[0].validThrough",
                "is before validFrom",
            ),
            (
                {"specialOpeningHoursSpecification": [special("25/12/2026", "2026-12-25")]},
                "specialOpeningHoursSpecification[0].validFrom",
                "is not a date",
            ),
            (
                {"specialOpeningHoursSpecification": [special("2026-02-30", "2026-03-01")]},
                "specialOpeningHoursSpecification[0].validFrom",
                "is not a date",
            ),
            (
                {
                    "specialOpeningHoursSpecification": [
                        {**special("2026-12-25", "2026-12-25"), "dayOfWeek": "PublicHolidays"}
                    ]
                },
                "specialOpeningHoursSpecification[0].dayOfWeek",
                "PublicHolidays belongs in",
            ),
            (
                {
                    "specialOpeningHoursSpecification": [
                        special("2026-12-25", "2026-12-25"),
                        special("2026-12-25", "2026-12-25", "10:00", "12:00"),
                    ]
                },
                "specialOpeningHoursSpecification[0]",
                "2026-12-25 is closed here",
            ),
            (
                {"openingHours": ["Mo-Fr 09:00-17:00"]},
                "openingHours",
                "read it with BusinessCalendar.from_opening_hours",
            ),
            (
                {
                    "@graph": [
                        {"openingHoursSpecification": []},
                        {"specialOpeningHoursSpecification": []},
                    ]
                },
                "@graph",
                "nodes 0 and 1 both have opening hours",
            ),
            ({"@graph": {}}, "@graph", "expected a list"),
        ],
    )
    def test_each_names_the_field(self, data: Any, path: str, words: str) -> None:
        assert words in str(refused(data, path))

    @pytest.mark.parametrize("data", [None, [], "{}", 5])
    def test_not_an_object(self, data: Any) -> None:
        refused(data, None, match="^schema.org: expected an object")

    def test_exact_messages(self) -> None:
        refused(
            {"openingHoursSpecification": [spec("Monday", "09:00", None)]},
            "openingHoursSpecification[0].closes",
            exact(
                "openingHoursSpecification[0].closes: is missing; give opens and closes ('09:00', '17:00'), both '00:00' for a closed day, or '00:00' and '23:59' for a day open around the clock"  # noqa: E501
            ),
        )
        refused(
            {"openingHoursSpecification": [spec("Mon")]},
            "openingHoursSpecification[0].dayOfWeek",
            exact(
                "openingHoursSpecification[0].dayOfWeek: 'Mon' is not a schema.org day; use Monday .. Sunday or PublicHolidays (plain, or as https://schema.org/Monday)"  # noqa: E501
            ),
        )

    def test_limits(self) -> None:
        with pytest.raises(LimitExceededError, match="more than 20,000 dates"):
            read({"specialOpeningHoursSpecification": [special("2000-01-01", "2060-01-01")]})
        many = [
            spec("Monday", f"{h:02d}:{m:02d}", f"{h:02d}:{m + 5:02d}")
            for h in range(24)
            for m in (0, 10, 20)
        ]
        with pytest.raises(
            LimitExceededError, match="gives a day 72 spans; a day holds at most 48"
        ):
            read({"openingHoursSpecification": many})


# --- writing ----------------------------------------------------------------------------------


class TestWriting:
    def test_a_practice(self) -> None:
        cal = BusinessCalendar.weekly(
            ZONE,
            {
                "mon-fri": ["09:00-12:00", "13:00-17:00"],
                "sat": ["22:00-02:00"],
                "sun": ["10:00-24:00"],
            },
            holidays=["GB"],
            closed=[date(2026, 12, 24), date(2026, 12, 25)],
            special_hours={date(2026, 12, 31): ["09:00-12:00"], date(2027, 1, 2): []},
        )
        weekdays = [
            f"{SCHEMA}/{d}" for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
        ]
        kind = {"@type": "OpeningHoursSpecification"}
        assert cal.to_schema_org(name="Riverside Counselling") == {
            "@context": "https://schema.org",
            "@type": "MedicalBusiness",
            "name": "Riverside Counselling",
            "openingHoursSpecification": [
                {**kind, "dayOfWeek": weekdays, "opens": "09:00", "closes": "12:00"},
                {**kind, "dayOfWeek": weekdays, "opens": "13:00", "closes": "17:00"},
                {**kind, "dayOfWeek": [f"{SCHEMA}/Saturday"], "opens": "22:00", "closes": "02:00"},
                {**kind, "dayOfWeek": [f"{SCHEMA}/Sunday"], "opens": "10:00", "closes": "23:59"},
                {
                    **kind,
                    "dayOfWeek": [f"{SCHEMA}/PublicHolidays"],
                    "opens": "00:00",
                    "closes": "00:00",
                },
            ],
            "specialOpeningHoursSpecification": [
                {**kind, **special("2026-12-24", "2026-12-25")},
                {**kind, **special("2026-12-31", "2026-12-31", "09:00", "12:00")},
                {**kind, **special("2027-01-02", "2027-01-02")},
            ],
        }
        round_trips(cal)

    def test_holidays_through_a_date(self) -> None:
        cal = BusinessCalendar.weekly(ZONE, {"mon-fri": ["09:00-17:00"]}, holidays=["GB"])
        written = cal.to_schema_org(through=date(2026, 12, 31), since=date(2026, 12, 1))
        assert written["specialOpeningHoursSpecification"] == [
            {
                "@type": "OpeningHoursSpecification",
                "name": "Christmas Day",
                **special("2026-12-25", "2026-12-25"),
            },
            {
                "@type": "OpeningHoursSpecification",
                "name": "Boxing Day",
                **special("2026-12-26", "2026-12-26"),
            },
            {
                "@type": "OpeningHoursSpecification",
                "name": "Boxing Day (observed)",
                **special("2026-12-28", "2026-12-28"),
            },
        ]
        back = read(written, holidays=["GB"])
        assert back.closed == (date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 28))
        assert (
            len(cal.to_schema_org(through=date(2026, 12, 31))["specialOpeningHoursSpecification"])
            == 7  # GB's holidays of 2026 (the whole kingdom's)
        )

    def test_closures_are_refused(self) -> None:
        lunch = (datetime(2026, 5, 1, 12, tzinfo=UTC), datetime(2026, 5, 1, 13, tzinfo=UTC))
        cal = BusinessCalendar.weekly(ZONE, {"fri": ["09:00-17:00"]}, closures=[lunch])
        with pytest.raises(
            PolicyValidationError,
            match=exact(
                "closures: the calendar has 1 closure(s); closures (stretches between two instants) have no schema.org form: give whole dates as closed dates or special hours instead"  # noqa: E501
            ),
        ):
            cal.to_schema_org()

    @pytest.mark.parametrize(
        ("options", "path"),
        [
            ({"business_type": ""}, "business_type"),
            ({"business_type": None}, "business_type"),
            ({"name": 5}, "name"),
            ({"through": "2026-12-31"}, "through"),
            ({"through": date(2026, 12, 31), "since": date(2027, 1, 1)}, "through"),
            ({"through": date(2200, 12, 31), "since": date(2026, 1, 1)}, "through"),
            ({"since": date(2026, 1, 1)}, "since"),
            ({"through": date(2026, 12, 31), "since": "x"}, "since"),
        ],
    )
    def test_bad_options(self, options: dict[str, Any], path: str) -> None:
        cal = BusinessCalendar.weekly(ZONE, {"mon": ["09:00-17:00"]})
        with pytest.raises(PolicyValidationError) as info:
            cal.to_schema_org(**options)
        assert info.value.path == path

    def test_other_types(self) -> None:
        cal = BusinessCalendar.weekly(ZONE, {"mon": ["09:00-17:00"]})
        assert cal.to_schema_org(business_type="Physician")["@type"] == "Physician"
        assert to_schema_org(cal) == cal.to_schema_org()

    def test_a_calendar_never_open(self) -> None:
        assert BusinessCalendar.weekly(ZONE, {}).to_schema_org() == {
            "@context": "https://schema.org",
            "@type": "MedicalBusiness",
        }


# --- properties -------------------------------------------------------------------------------


@given(calendars(max_closures=0))
def test_calendars_come_back_equal(calendar: BusinessCalendar) -> None:
    round_trips(calendar)


@given(
    calendars(max_closures=0, dates=st.dates(date(2, 1, 1), date(9998, 12, 31)), step_minutes=5)
)
def test_calendars_with_any_dates_come_back_equal(calendar: BusinessCalendar) -> None:
    round_trips(calendar)


WINDOW = (datetime(2024, 1, 1, tzinfo=UTC), datetime(2028, 12, 31, tzinfo=UTC))


@given(calendars(max_closures=0, holidays=("US", "GB")))
def test_listed_holidays_keep_the_open_time(calendar: BusinessCalendar) -> None:
    written = calendar.to_schema_org(through=date(2029, 1, 1), since=date(2023, 12, 31))
    back = read(written, calendar.zone, holidays=calendar.holidays)
    assert open_time(back, *WINDOW) == open_time(calendar, *WINDOW)
    if calendar.holidays:  # without the codes, the listed holidays alone
        alone = read(
            {**written, "openingHoursSpecification": written["openingHoursSpecification"][:-1]},
            calendar.zone,
        )
        assert open_time(alone, *WINDOW) == open_time(calendar, *WINDOW)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
day_words = st.sampled_from(
    [
        "Monday",
        "Sunday",
        "saturday",
        f"{SCHEMA}/Friday",
        "schema:Tuesday",
        "PublicHolidays",
        f"{SCHEMA}/PublicHolidays",
        "Mo",
        "",
        None,
        3,
        {"@id": "Wednesday"},
        {"@id": 5},
    ]
)
times = st.sampled_from(
    [
        "09:00",
        "17:00",
        "00:00",
        "23:59",
        "24:00",
        "22:00",
        "02:00",
        "09:00:00",
        "12:00:30",
        "24:30",
        "9:00",
        "",
        None,
        5,
    ]
)
dates = st.sampled_from(
    [
        "2026-12-25",
        "2026-12-31",
        "2027-01-02",
        "2026-12-25T00:00:00",
        "2026-02-30",
        "0001-01-01",
        "9999-12-31",
        "2026",
        "",
        None,
        5,
    ]
)
entry = st.fixed_dictionaries(
    {},
    optional={
        "@type": st.sampled_from(["OpeningHoursSpecification", "Offer"]),
        "dayOfWeek": day_words | st.lists(day_words, max_size=4),
        "opens": times,
        "closes": times,
        "validFrom": dates,
        "validThrough": dates,
    },
)
entries = st.lists(entry | json_values, max_size=4) | entry | json_values
business = st.fixed_dictionaries(
    {},
    optional={
        "@type": st.sampled_from(["MedicalBusiness", "LocalBusiness"]),
        "openingHoursSpecification": entries,
        "specialOpeningHoursSpecification": entries,
        "openingHours": st.just("Mo-Fr 09:00-17:00"),
    },
)
shaped = (
    business | st.builds(lambda b: {"@graph": [b, {"@type": "WebSite"}]}, business) | json_values
)


@given(shaped, st.sampled_from([(), ("GB",)]))
def test_no_dict_raises_anything_else(data: Any, holidays: tuple[str, ...]) -> None:
    error: ContactPolicyError | None = None
    try:
        cal = read(data, holidays=holidays)
    except ContactPolicyError as caught:
        error = caught
    if error is not None:
        if isinstance(error, PolicyValidationError) and error.path:
            assert str(error).startswith(f"{error.path}: ") or "\n" in str(error)
        return
    assert read(cal.to_schema_org(), holidays=holidays) == normalised(cal)


def test_the_module_reader_is_the_method() -> None:
    from contact_policy.formats.schemaorg import from_schema_org

    data = {"openingHoursSpecification": spec("Monday")}
    assert from_schema_org(data, ZONE) == read(data)


@pytest.mark.parametrize("end", ["23:59", "23:45", "24:00"])
def test_an_end_at_23_59_is_told_from_midnight(end: str) -> None:
    # Google writes midnight as closes "23:59"; a real 23:59 is written with its seconds.
    calendar = BusinessCalendar.weekly("UTC", {"mon": [f"09:30-{end}"], "tue": ["22:00-02:00"]})
    closes = calendar.to_schema_org()["openingHoursSpecification"][0]["closes"]
    assert closes == {"23:59": "23:59:00", "23:45": "23:45", "24:00": "23:59"}[end]
    round_trips(calendar)
