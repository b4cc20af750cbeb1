"""iCalendar (issue #15, item 6): ``to_ics``, ``to_vavailability`` and ``from_vavailability``
in ``contact_policy.formats.ics``.

Examples of every part of each text and of every refusal; the examples of RFC 7953 §4 (as test
data: the first is read, the second and third describe availability bounded in time, which a
calendar's weekly hours cannot hold, and are refused); what icalendar itself reads back from
what is written; hostile texts (garbage, huge, missing or unknown TZID, bad rules), each a
``ContactPolicyError`` naming the property, quickly; properties: calendars drawn by
``contact_policy.testing.calendars`` survive a round trip through ``VAVAILABILITY`` text
(overnight spans included), ``to_ics`` of any calendar is valid iCalendar, and no text raises
anything but ``ContactPolicyError``. Without icalendar installed, each function names the
extra to install (checked in a fresh interpreter).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import subprocess
import sys
import textwrap
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contact_policy import (
    BusinessCalendar,
    ContactPolicyError,
    LimitExceededError,
    NaiveDatetimeError,
    OutOfRangeError,
    PolicyValidationError,
    UnknownTimeZoneError,
)
from contact_policy.formats import ics
from contact_policy.formats.ics import from_vavailability, to_ics, to_vavailability
from contact_policy.hours import DAYS
from contact_policy.testing import calendars

HAS_ICALENDAR = importlib.util.find_spec("icalendar") is not None
needs_icalendar = pytest.mark.skipif(not HAS_ICALENDAR, reason="needs icalendar (the ics extra)")

NY = ZoneInfo("America/New_York")
WEEKDAYS = {"mon-fri": ["09:00-17:00"]}
NOV = {"start": date(2026, 11, 1), "end": date(2026, 11, 30)}


def parsed(text: str) -> Any:
    """The text as icalendar reads it (so what is written is iCalendar to another reader)."""
    import icalendar

    return icalendar.Calendar.from_ical(text)


def events(text: str) -> list[Any]:
    return list(parsed(text).walk("VEVENT"))


def summaries(text: str) -> list[str]:
    return [str(e["SUMMARY"]) for e in events(text)]


def lines(text: str, prefix: str) -> list[str]:
    """The unfolded content lines of ``text`` that start with ``prefix``."""
    unfolded = text.replace("\r\n ", "")
    return [line for line in unfolded.split("\r\n") if line.startswith(prefix)]


def vavailability(*blocks: str, outer: str = "", wrap: bool = True) -> str:
    """A VAVAILABILITY text of ``blocks`` (each the properties of one AVAILABLE)."""
    body = "".join(
        f"BEGIN:AVAILABLE\n{textwrap.dedent(b).strip()}\nEND:AVAILABLE\n" for b in blocks
    )
    text = (
        "BEGIN:VAVAILABILITY\nUID:test\nDTSTAMP:20260101T000000Z\n"
        f"{textwrap.dedent(outer).strip()}\n{body}END:VAVAILABILITY\n"
    )
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:test\n{text}END:VCALENDAR\n" if wrap else text


def block(
    start: str,
    end: str,
    rule: str | None = "FREQ=WEEKLY",
    tz: str = "America/New_York",
    extra: str = "",
) -> str:
    """One AVAILABLE's properties, times in ``tz`` (``""``: floating, ``"Z"``: UTC)."""
    if tz == "Z":
        zoned = lambda v: f":{v}Z"  # noqa: E731 - a one-line helper
    elif tz:
        zoned = lambda v: f";TZID={tz}:{v}"  # noqa: E731
    else:
        zoned = lambda v: f":{v}"  # noqa: E731
    out = [f"DTSTART{zoned(start)}", f"DTEND{zoned(end)}"]
    if rule is not None:
        out.append(f"RRULE:{rule}")
    if extra:
        out.append(extra)
    return "\n".join(out)


def refused(
    text: Any, path: str, match: str, kind: type[Exception] = PolicyValidationError, **kwargs: Any
) -> ContactPolicyError:
    with pytest.raises(kind, match=match) as info:
        from_vavailability(text, **kwargs)
    assert isinstance(info.value, ContactPolicyError)
    assert info.value.path == path
    assert str(info.value).startswith(f"{path}: ")
    return info.value


# --- RFC 7953 §4's examples (test data) ---------------------------------------------------------

RFC_7953_1 = """\
BEGIN:VAVAILABILITY
ORGANIZER:mailto:bernard@example.com
UID:0428C7D2-688E-4D2E-AC52-CD112E2469DF
DTSTAMP:20111005T133225Z
BEGIN:AVAILABLE
UID:34EDA59B-6BB1-4E94-A66C-64999089C0AF
SUMMARY:Monday to Friday from 9:00 to 17:00
DTSTART;TZID=America/Montreal:20111002T090000
DTEND;TZID=America/Montreal:20111002T170000
RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR
END:AVAILABLE
END:VAVAILABILITY
"""

RFC_7953_2 = """\
BEGIN:VAVAILABILITY
ORGANIZER:mailto:bernard@example.com
UID:84D0F948-7FC6-4C1D-BBF3-BA9827B424B5
DTSTAMP:20111005T133225Z
DTSTART;TZID=America/Montreal:20111002T000000
DTEND;TZID=America/Montreal:20111202T000000
BEGIN:AVAILABLE
UID:7B33093A-7F98-4EED-B381-A5652530F04D
SUMMARY:Monday to Thursday from 9:00 to 17:00
DTSTART;TZID=America/Montreal:20111002T090000
DTEND;TZID=America/Montreal:20111002T170000
RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH
LOCATION:Main Office
END:AVAILABLE
BEGIN:AVAILABLE
UID:DF39DC9E-D8C3-492F-9101-0434E8FC1896
SUMMARY:Friday from 9:00 to 12:00
DTSTART;TZID=America/Montreal:20111006T090000
DTEND;TZID=America/Montreal:20111006T120000
RRULE:FREQ=WEEKLY
LOCATION:Branch Office
END:AVAILABLE
END:VAVAILABILITY
"""

RFC_7953_3 = """\
BEGIN:VCALENDAR
BEGIN:VAVAILABILITY
ORGANIZER:mailto:bernard@example.com
UID:BE082249-7BDD-4FE0-BDBA-DE6598C32FC9
DTSTAMP:20111005T133225Z
DTSTART;TZID=America/Montreal:20111002T000000
DTEND;TZID=America/Montreal:20111023T030000
BEGIN:AVAILABLE
UID:54602321-CEDB-4620-9099-757583263981
SUMMARY:Monday to Friday from 9:00 to 17:00
DTSTART;TZID=America/Montreal:20111002T090000
DTEND;TZID=America/Montreal:20111002T170000
RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR
LOCATION:Montreal
END:AVAILABLE
END:VAVAILABILITY
BEGIN:VAVAILABILITY
ORGANIZER:mailto:bernard@example.com
UID:A1FF55E3-555C-433A-8548-BF4864B5621E
DTSTAMP:20111005T133225Z
DTSTART;TZID=America/Denver:20111023T000000
DTEND;TZID=America/Denver:20111030T000000
BEGIN:AVAILABLE
UID:57DD4AAF-3835-46B5-8A39-B3B253157F01
SUMMARY:Monday to Friday from 9:00 to 17:00
DTSTART;TZID=America/Denver:20111023T090000
DTEND;TZID=America/Denver:20111023T170000
RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR
LOCATION:Denver
END:AVAILABLE
END:VAVAILABILITY
BEGIN:VAVAILABILITY
ORGANIZER:mailto:bernard@example.com
UID:1852F9E1-E0AA-4572-B4C4-ED1680A4DA40
DTSTAMP:20111005T133225Z
DTSTART;TZID=America/Montreal:20111030T030000
BEGIN:AVAILABLE
UID:D27C421F-16C2-4ECB-8352-C45CA352C72A
SUMMARY:Monday to Friday from 9:00 to 17:00
DTSTART;TZID=America/Montreal:20111030T090000
DTEND;TZID=America/Montreal:20111030T170000
RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR
LOCATION:Montreal
END:AVAILABLE
END:VAVAILABILITY
END:VCALENDAR
"""


@needs_icalendar
class TestRfc7953Examples:
    def test_the_first_is_weekday_hours_in_montreal(self) -> None:
        cal = from_vavailability(RFC_7953_1)
        assert cal == BusinessCalendar.weekly("America/Montreal", WEEKDAYS)

    def test_the_first_reads_the_weekdays_from_byday_not_from_dtstart(self) -> None:
        # DTSTART (2011-10-02) is a Sunday, outside BYDAY; it gives the times only.
        assert date(2011, 10, 2).weekday() == 6
        assert not from_vavailability(RFC_7953_1).hours.sun

    def test_the_first_with_crlf_and_folded_lines(self) -> None:
        text = RFC_7953_1.replace("\n", "\r\n").replace("SUMMARY:Monday", "SUMMARY:Mon\r\n day")
        assert from_vavailability(text) == from_vavailability(RFC_7953_1)

    def test_the_second_is_bounded_and_refused(self) -> None:
        refused(RFC_7953_2, "VAVAILABILITY.DTEND", r"line 6: DTEND bounds the availability")

    def test_the_second_without_its_bound(self) -> None:
        text = RFC_7953_2.replace("DTEND;TZID=America/Montreal:20111202T000000\n", "")
        # The second block has no BYDAY: it recurs on the weekday of its DTSTART, 2011-10-06,
        # a Thursday (its SUMMARY says Friday), where it overlaps the first and is joined.
        assert hours_of(from_vavailability(text)) == {
            day: [("09:00", "17:00")] for day in ("mon", "tue", "wed", "thu")
        }

    def test_the_third_has_three_and_is_refused(self) -> None:
        refused(RFC_7953_3, "VAVAILABILITY", r"line 17: the text has 3 VAVAILABILITY components")


# --- to_ics ----------------------------------------------------------------------------------


@needs_icalendar
class TestToIcs:
    def test_holidays_by_name_closed_dates_and_special_hours(self) -> None:
        cal = BusinessCalendar.weekly(
            "America/New_York",
            WEEKDAYS,
            holidays=["US"],
            closed=[date(2026, 11, 27)],
            special_hours={date(2026, 11, 25): ["09:00-13:00"]},
        )
        text = to_ics(cal, **NOV)
        assert summaries(text) == [
            "Closed: Veterans Day",
            "Open 09:00-13:00 (special hours)",
            "Closed: Thanksgiving Day",
            "Closed",
        ]
        veterans, special, _thanksgiving, closed = events(text)
        assert veterans["DTSTART"].dt == date(2026, 11, 11)
        assert veterans["DTEND"].dt == date(2026, 11, 12)
        assert str(veterans["CATEGORIES"].to_ical().decode()) == "HOLIDAY"
        assert closed["DTSTART"].dt == date(2026, 11, 27)
        assert "a closed date" in str(closed["DESCRIPTION"])
        assert special["DTSTART"].dt == datetime(2026, 11, 25, 9, tzinfo=NY)
        assert special["DTEND"].dt == datetime(2026, 11, 25, 13, tzinfo=NY)
        assert str(special["TRANSP"]) == "TRANSPARENT"
        assert "replace the weekly hours" in str(special["DESCRIPTION"])

    def test_every_event_has_uid_and_dtstamp(self) -> None:
        cal = BusinessCalendar.weekly("UTC", WEEKDAYS, holidays=["GB"])
        for event in events(to_ics(cal, start=date(2026, 1, 1), end=date(2026, 12, 31))):
            assert str(event["UID"]).endswith("@contact-policy")
            assert event["DTSTAMP"].dt == datetime(2026, 1, 1, tzinfo=UTC)

    def test_observed_holidays(self) -> None:
        cal = BusinessCalendar.weekly("America/New_York", WEEKDAYS, holidays=["US"])
        text = to_ics(cal, start=date(2026, 7, 1), end=date(2026, 7, 31))
        assert summaries(text) == [
            "Closed: Independence Day (observed)",
            "Closed: Independence Day",
        ]

    def test_a_closed_holiday_is_one_event(self) -> None:
        cal = BusinessCalendar.weekly(
            "UTC", WEEKDAYS, holidays=["US"], closed=[date(2026, 12, 25)]
        )
        text = to_ics(cal, start=date(2026, 12, 25), end=date(2026, 12, 25))
        (event,) = events(text)
        assert str(event["SUMMARY"]) == "Closed: Christmas Day"
        assert str(event["DESCRIPTION"]) == (
            "Closed all day (a closed date; holiday US: Christmas Day)."
        )

    def test_two_codes_name_a_day_once(self) -> None:
        cal = BusinessCalendar.weekly("UTC", WEEKDAYS, holidays=["US", "US-NY"])
        text = to_ics(cal, start=date(2026, 12, 25), end=date(2026, 12, 25))
        assert summaries(text) == ["Closed: Christmas Day"]

    def test_special_hours_win_over_a_holiday(self) -> None:
        cal = BusinessCalendar.weekly(
            "UTC", WEEKDAYS, holidays=["US"], special_hours={date(2026, 12, 25): ["10:00-12:00"]}
        )
        text = to_ics(cal, start=date(2026, 12, 25), end=date(2026, 12, 25))
        assert summaries(text) == ["Open 10:00-12:00 (special hours)"]

    def test_special_hours_that_close_a_day(self) -> None:
        cal = BusinessCalendar.weekly(
            "UTC", WEEKDAYS, holidays=["US"], special_hours={date(2026, 12, 25): []}
        )
        text = to_ics(cal, start=date(2026, 12, 25), end=date(2026, 12, 25))
        (event,) = events(text)
        assert str(event["SUMMARY"]) == "Closed: Christmas Day"
        assert event["DTSTART"].dt == date(2026, 12, 25)

    def test_overnight_and_midnight_special_hours(self) -> None:
        cal = BusinessCalendar.weekly(
            "Europe/London",
            WEEKDAYS,
            special_hours={
                date(2026, 12, 31): ["20:00-02:00"],
                date(2026, 12, 30): ["18:00-24:00"],
            },
        )
        text = to_ics(cal, start=date(2026, 12, 1), end=date(2026, 12, 31))
        late, night = events(text)
        london = ZoneInfo("Europe/London")
        assert late["DTEND"].dt == datetime(2026, 12, 31, 0, 0, tzinfo=london)
        assert night["DTSTART"].dt == datetime(2026, 12, 31, 20, tzinfo=london)
        assert night["DTEND"].dt == datetime(2027, 1, 1, 2, tzinfo=london)

    def test_several_spans_of_one_date(self) -> None:
        cal = BusinessCalendar.weekly(
            "UTC", WEEKDAYS, special_hours={date(2026, 11, 2): ["08:00-10:00", "14:00-16:00"]}
        )
        text = to_ics(cal, **NOV)
        assert summaries(text) == [
            "Open 08:00-10:00 (special hours)",
            "Open 14:00-16:00 (special hours)",
        ]
        assert len(set(lines(text, "UID"))) == 2

    def test_closures_in_utc_and_only_those_in_range(self) -> None:
        lunch = (datetime(2026, 11, 3, 12, tzinfo=NY), datetime(2026, 11, 3, 13, tzinfo=NY))
        before = (datetime(2026, 10, 30, 12, tzinfo=NY), datetime(2026, 10, 30, 13, tzinfo=NY))
        spill = (datetime(2026, 10, 31, 22, tzinfo=NY), datetime(2026, 11, 1, 2, tzinfo=NY))
        cal = BusinessCalendar.weekly(
            "America/New_York", WEEKDAYS, closures=[lunch, before, spill]
        )
        text = to_ics(cal, **NOV)
        assert summaries(text) == ["Closed", "Closed"]
        first, second = events(text)
        assert first["DTSTART"].dt == spill[0]
        assert second["DTSTART"].dt == lunch[0]
        assert lines(text, "DTSTART:20261103T170000Z") == ["DTSTART:20261103T170000Z"]
        assert "12:00 to 2026-11-03 13:00 (America/New_York)" in str(second["DESCRIPTION"])

    def test_a_timezone_when_a_time_names_the_zone(self) -> None:
        special = BusinessCalendar.weekly(
            "America/New_York", WEEKDAYS, special_hours={date(2026, 11, 2): ["08:00-10:00"]}
        )
        assert [str(tz["TZID"]) for tz in parsed(to_ics(special, **NOV)).walk("VTIMEZONE")] == [
            "America/New_York"
        ]
        closed_only = BusinessCalendar.weekly(
            "America/New_York", WEEKDAYS, closed=[date(2026, 11, 2)]
        )
        assert not list(parsed(to_ics(closed_only, **NOV)).walk("VTIMEZONE"))
        utc = BusinessCalendar.weekly(
            "UTC", WEEKDAYS, special_hours={date(2026, 11, 2): ["08:00-10:00"]}
        )
        text = to_ics(utc, **NOV)
        assert not list(parsed(text).walk("VTIMEZONE"))
        assert lines(text, "DTSTART") == ["DTSTART:20261102T080000Z"]

    def test_the_range_includes_both_ends(self) -> None:
        cal = BusinessCalendar.weekly(
            "UTC", WEEKDAYS, closed=[date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 3)]
        )
        text = to_ics(cal, start=date(2026, 11, 2), end=date(2026, 11, 2))
        assert [e["DTSTART"].dt for e in events(text)] == [date(2026, 11, 2)]
        assert (
            lines(to_ics(cal, start=date(2027, 1, 1), end=date(2027, 1, 1)), "BEGIN:VEVENT") == []
        )

    def test_the_calendar_properties(self) -> None:
        text = to_ics(BusinessCalendar.weekly("UTC", WEEKDAYS), **NOV)
        cal = parsed(text)
        assert str(cal["VERSION"]) == "2.0"
        assert str(cal["PRODID"]) == ics.PRODID
        assert text.endswith("END:VCALENDAR\r\n")

    def test_stable_uids_and_dtstamp_from_the_arguments(self) -> None:
        cal = BusinessCalendar.weekly("UTC", WEEKDAYS, holidays=["US"], closed=[date(2026, 11, 2)])
        a = to_ics(cal, **NOV)
        assert a == to_ics(cal, **NOV)
        at = datetime(2026, 10, 1, 8, 30, tzinfo=NY)
        b = to_ics(cal, **NOV, dtstamp=at)
        assert lines(a, "UID") == lines(b, "UID")
        assert set(lines(b, "DTSTAMP")) == {"DTSTAMP:20261001T123000Z"}
        assert set(lines(a, "DTSTAMP")) == {"DTSTAMP:20261101T000000Z"}
        # Another year's export shares the UIDs of the dates it shares.
        wider = to_ics(cal, start=date(2026, 11, 2), end=date(2027, 12, 31))
        assert lines(a, "UID")[1] in lines(wider, "UID")

    def test_uids_differ_when_what_they_say_differs(self) -> None:
        one = BusinessCalendar.weekly(
            "UTC", WEEKDAYS, special_hours={date(2026, 11, 2): ["08:00-10:00"]}
        )
        two = BusinessCalendar.weekly(
            "UTC", WEEKDAYS, special_hours={date(2026, 11, 2): ["08:00-11:00"]}
        )
        assert lines(to_ics(one, **NOV), "UID") != lines(to_ics(two, **NOV), "UID")

    def test_text_is_escaped(self) -> None:
        cal = BusinessCalendar.weekly("UTC", WEEKDAYS, holidays=["US"])
        text = to_ics(cal, start=date(2026, 1, 1), end=date(2026, 1, 31))
        assert "Martin Luther King Jr. Day" in summaries(text)[1]

    @pytest.mark.parametrize(
        ("kwargs", "kind", "path", "match"),
        [
            (
                {"start": datetime(2026, 1, 1, tzinfo=UTC), "end": date(2026, 2, 1)},
                PolicyValidationError,
                "start",
                r"start=datetime.datetime\(2026, 1, 1, 0, 0, tzinfo=.*\) is not a date",
            ),
            (
                {"start": date(2026, 1, 1), "end": "2026-02-01"},
                PolicyValidationError,
                "end",
                r"end='2026-02-01' is not a date",
            ),
            (
                {"start": date(2026, 2, 1), "end": date(2026, 1, 1)},
                PolicyValidationError,
                "end",
                r"end=2026-01-01 is before start=2026-02-01",
            ),
            (
                {"start": date(2000, 1, 1), "end": date(2101, 1, 1)},
                LimitExceededError,
                "end",
                r"spans 36,891 days; one export covers at most 36,600",
            ),
            (
                {**NOV, "dtstamp": datetime(2026, 1, 1)},
                NaiveDatetimeError,
                "dtstamp",
                r"dtstamp=datetime.datetime\(2026, 1, 1, 0, 0\) is naive",
            ),
            (
                {**NOV, "dtstamp": date(2026, 1, 1)},
                NaiveDatetimeError,
                "dtstamp",
                r"is a date, not a datetime",
            ),
        ],
    )
    def test_bad_arguments(
        self, kwargs: dict[str, Any], kind: type[Exception], path: str, match: str
    ) -> None:
        with pytest.raises(kind, match=match) as info:
            to_ics(BusinessCalendar.weekly("UTC", WEEKDAYS), **kwargs)
        assert getattr(info.value, "path", None) == path

    def test_the_number_of_events_is_limited(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(ics, "MAX_EVENTS", 3)
        cal = BusinessCalendar.weekly(
            "UTC", WEEKDAYS, closed=[date(2026, 11, d) for d in range(1, 6)]
        )
        with pytest.raises(
            LimitExceededError, match=r"^end: the export would hold more than 3 events"
        ):
            to_ics(cal, **NOV)


# --- to_vavailability ------------------------------------------------------------------------


def available(text: str) -> list[Any]:
    return list(parsed(text).walk("AVAILABLE"))


@needs_icalendar
class TestToVavailability:
    def test_weekly_blocks(self) -> None:
        cal = BusinessCalendar.weekly(
            "America/New_York",
            {"mon-fri": ["09:00-12:00", "13:00-17:00"], "sat": ["10:00-12:00"]},
        )
        text = to_vavailability(cal)
        (outer,) = parsed(text).walk("VAVAILABILITY")
        assert str(outer["BUSYTYPE"]) == "BUSY-UNAVAILABLE"
        assert "DTSTART" not in outer
        assert "DTEND" not in outer
        blocks = available(text)
        assert [str(b["SUMMARY"]) for b in blocks] == [
            "Mon-Fri 09:00-12:00",
            "Mon-Fri 13:00-17:00",
            "Sat 10:00-12:00",
        ]
        assert lines(text, "RRULE") == [
            "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            "RRULE:FREQ=WEEKLY;BYDAY=SA",
        ]
        assert blocks[0]["DTSTART"].dt == datetime(2000, 1, 3, 9, tzinfo=NY)
        assert blocks[2]["DTSTART"].dt == datetime(2000, 1, 8, 10, tzinfo=NY)
        assert len({str(b["UID"]) for b in blocks}) == 3
        assert all(b["DTSTAMP"].dt == datetime(2000, 1, 3, tzinfo=UTC) for b in blocks)
        assert [str(tz["TZID"]) for tz in parsed(text).walk("VTIMEZONE")] == ["America/New_York"]

    def test_every_dtstart_is_a_first_occurrence(self) -> None:
        cal = BusinessCalendar.weekly("UTC", {"wed,sun": ["10:00-11:00"], "tue": ["08:00-09:00"]})
        for start in (None, date(2026, 11, 5), date(2026, 11, 8)):
            for b in available(to_vavailability(cal, start=start)):
                weekdays = [ics.BYDAY.index(d) for d in b["RRULE"]["BYDAY"]]
                first = b["DTSTART"].dt.date()
                assert first.weekday() in weekdays
                assert first >= (start or ics.ANCHOR)
                assert (first - (start or ics.ANCHOR)).days < 7

    def test_overnight_blocks_end_the_next_day(self) -> None:
        cal = BusinessCalendar.weekly(
            "Europe/London", {"fri": ["22:00-06:00"], "sat": ["18:00-24:00"]}
        )
        fri, sat = available(to_vavailability(cal))
        london = ZoneInfo("Europe/London")
        assert (fri["DTSTART"].dt, fri["DTEND"].dt) == (
            datetime(2000, 1, 7, 22, tzinfo=london),
            datetime(2000, 1, 8, 6, tzinfo=london),
        )
        assert sat["DTEND"].dt == datetime(2000, 1, 9, 0, tzinfo=london)

    def test_closed_dates_and_special_hours(self) -> None:
        cal = BusinessCalendar.weekly(
            "America/New_York",
            {"mon-fri": ["09:00-12:00", "13:00-17:00"]},
            closed=[date(2026, 12, 28)],
            special_hours={
                date(2026, 12, 24): ["09:00-12:00"],  # keeps the morning, drops the afternoon
                date(2026, 12, 26): ["10:00-14:00"],  # a Saturday
                date(2026, 12, 31): [],
            },
        )
        text = to_vavailability(cal)
        assert lines(text, "EXDATE") == [
            "EXDATE;TZID=America/New_York:20261228T090000,20261231T090000",
            "EXDATE;TZID=America/New_York:20261224T130000,20261228T130000,20261231T130000",
        ]
        *_, once = available(text)
        assert "RRULE" not in once
        assert (once["DTSTART"].dt, once["DTEND"].dt) == (
            datetime(2026, 12, 26, 10, tzinfo=NY),
            datetime(2026, 12, 26, 14, tzinfo=NY),
        )
        assert str(once["SUMMARY"]) == "Special hours on 2026-12-26: 10:00-14:00"
        # Special hours [] come back as the closed date they mean.
        back = from_vavailability(text)
        assert back == cal.replace(
            closed=[date(2026, 12, 28), date(2026, 12, 31)],
            special_hours={
                date(2026, 12, 24): ["09:00-12:00"],
                date(2026, 12, 26): ["10:00-14:00"],
            },
        )

    def test_a_range_starts_the_availability_and_never_ends_it(self) -> None:
        cal = BusinessCalendar.weekly("America/New_York", WEEKDAYS)
        text = to_vavailability(cal, start=date(2026, 1, 1), end=date(2026, 12, 31))
        (outer,) = parsed(text).walk("VAVAILABILITY")
        assert outer["DTSTART"].dt == datetime(2026, 1, 1, tzinfo=NY)
        assert "DTEND" not in outer  # weekly hours do not end; the reader refuses a bound
        assert available(text)[0]["DTSTART"].dt == datetime(2026, 1, 1, 9, tzinfo=NY)  # a Thursday
        assert from_vavailability(text) == cal

    def test_holidays_written_for_a_range_read_back_as_closed_dates(self) -> None:
        cal = BusinessCalendar.weekly("America/New_York", WEEKDAYS, holidays=["US"])
        text = to_vavailability(cal, start=date(2026, 11, 1), end=date(2026, 11, 30))
        back = from_vavailability(text)
        assert back.closed == (date(2026, 11, 11), date(2026, 11, 26))
        assert back.hours == cal.hours

    def test_holidays_need_a_range(self) -> None:
        cal = BusinessCalendar.weekly("America/New_York", WEEKDAYS, holidays=["US"])
        with pytest.raises(
            PolicyValidationError,
            match=r"^holidays: holidays US have no VAVAILABILITY form; pass start= and end=",
        ) as info:
            to_vavailability(cal)
        assert info.value.path == "holidays"
        text = to_vavailability(cal, start=date(2026, 11, 1), end=date(2026, 11, 30))
        assert lines(text, "EXDATE") == [
            "EXDATE;TZID=America/New_York:20261111T090000,20261126T090000"
        ]
        back = from_vavailability(
            text.replace("DTEND;TZID=America/New_York:20261201T000000\r\n", ""), holidays=["US"]
        )
        assert back.closed == (date(2026, 11, 11), date(2026, 11, 26))
        assert back.holidays == ("US",)

    def test_closures_are_refused(self) -> None:
        lunch = (datetime(2026, 11, 3, 12, tzinfo=NY), datetime(2026, 11, 3, 13, tzinfo=NY))
        cal = BusinessCalendar.weekly("America/New_York", WEEKDAYS, closures=[lunch])
        with pytest.raises(
            PolicyValidationError,
            match=r"^closures: the calendar has 1 closure\(s\); .* export closures with to_ics$",
        ) as info:
            to_vavailability(cal)
        assert info.value.path == "closures"

    def test_utc(self) -> None:
        text = to_vavailability(BusinessCalendar.weekly("UTC", {"mon": ["09:00-17:00"]}))
        assert lines(text, "DTSTART") == ["DTSTART:20000103T090000Z"]
        assert not list(parsed(text).walk("VTIMEZONE"))

    def test_a_calendar_never_open(self) -> None:
        cal = BusinessCalendar.weekly("America/New_York", {})
        text = to_vavailability(cal)
        assert available(text) == []
        assert from_vavailability(text) == cal  # the zone from the VTIMEZONE
        utc = BusinessCalendar.weekly("UTC", {})
        refused(to_vavailability(utc), "VAVAILABILITY", r"the text names no zone; pass zone=")
        assert from_vavailability(to_vavailability(utc), zone="UTC") == utc

    def test_stable_text(self) -> None:
        cal = BusinessCalendar.weekly("Asia/Kolkata", WEEKDAYS, closed=[date(2026, 1, 26)])
        assert to_vavailability(cal) == to_vavailability(cal)
        stamped = to_vavailability(
            cal, dtstamp=datetime(2026, 1, 1, 5, 30, tzinfo=ZoneInfo("Asia/Kolkata"))
        )
        assert set(lines(stamped, "DTSTAMP")) == {"DTSTAMP:20260101T000000Z"}
        assert lines(stamped, "UID") == lines(to_vavailability(cal), "UID")

    @pytest.mark.parametrize(
        ("kwargs", "path", "match"),
        [
            ({"start": "2026-01-01"}, "start", r"start='2026-01-01' is not a date"),
            ({"end": datetime(2026, 1, 1, tzinfo=UTC)}, "end", r"end=datetime.* is not a date"),
            ({"start": date(2026, 2, 1), "end": date(2026, 1, 1)}, "end", r"is before start"),
        ],
    )
    def test_bad_arguments(self, kwargs: dict[str, Any], path: str, match: str) -> None:
        with pytest.raises(PolicyValidationError, match=match) as info:
            to_vavailability(BusinessCalendar.weekly("UTC", WEEKDAYS), **kwargs)
        assert info.value.path == path


# --- from_vavailability ----------------------------------------------------------------------


def hours_of(cal: BusinessCalendar) -> dict[str, list[tuple[str, str]]]:
    return cal.hours.as_mapping()


@needs_icalendar
class TestFromVavailability:
    def test_weekly_blocks(self) -> None:
        text = vavailability(
            block("20260105T090000", "20260105T170000", "FREQ=WEEKLY;BYDAY=MO,WE"),
            block("20260110T100000", "20260110T120000", "FREQ=WEEKLY;WKST=SU;INTERVAL=1"),
        )
        cal = from_vavailability(text)
        assert cal.zone == "America/New_York"
        assert hours_of(cal) == {
            "mon": [("09:00", "17:00")],
            "wed": [("09:00", "17:00")],
            "sat": [("10:00", "12:00")],
        }

    def test_a_bare_vavailability(self) -> None:
        text = vavailability(block("20260105T090000", "20260105T170000"), wrap=False)
        assert hours_of(from_vavailability(text)) == {"mon": [("09:00", "17:00")]}

    def test_bytes_and_a_byte_order_mark(self) -> None:
        text = "\ufeff" + vavailability(block("20260105T090000", "20260105T170000"))
        assert from_vavailability(text.encode()) == from_vavailability(text)

    def test_overnight_and_until_midnight(self) -> None:
        text = vavailability(
            block("20260109T220000", "20260110T060000", "FREQ=WEEKLY;BYDAY=FR"),
            block("20260110T180000", "20260111T000000", "FREQ=WEEKLY;BYDAY=SA"),
            block("20260111T000000", "20260112T000000", "FREQ=WEEKLY;BYDAY=SU"),
        )
        assert hours_of(from_vavailability(text)) == {
            "fri": [("22:00", "06:00")],
            "sat": [("18:00", "24:00")],
            "sun": [("00:00", "24:00")],
        }

    def test_duration_and_all_day_blocks(self) -> None:
        text = vavailability(
            "DTSTART;TZID=Europe/London:20260105T090000\nDURATION:PT7H30M\nRRULE:FREQ=WEEKLY",
            "DTSTART;VALUE=DATE:20260106\nDTEND;VALUE=DATE:20260107\nRRULE:FREQ=WEEKLY",
            "DTSTART;VALUE=DATE:20260107\nRRULE:FREQ=WEEKLY",
            "DTSTART;TZID=Europe/London:20260108T220000\nDURATION:PT4H\nRRULE:FREQ=WEEKLY",
        )
        cal = from_vavailability(text)
        assert hours_of(cal) == {
            "mon": [("09:00", "16:30")],
            "tue": [("00:00", "24:00")],
            "wed": [("00:00", "24:00")],
            "thu": [("22:00", "02:00")],
        }

    def test_overlapping_blocks_are_joined_touching_ones_kept(self) -> None:
        text = vavailability(
            block("20260105T090000", "20260105T170000", "FREQ=WEEKLY;BYDAY=MO,TU,WE"),
            block("20260107T120000", "20260107T200000", "FREQ=WEEKLY;BYDAY=WE"),
            block("20260105T170000", "20260105T180000", "FREQ=WEEKLY;BYDAY=MO"),
        )
        assert hours_of(from_vavailability(text)) == {
            "mon": [("09:00", "17:00"), ("17:00", "18:00")],
            "tue": [("09:00", "17:00")],
            "wed": [("09:00", "20:00")],
        }

    def test_exdates(self) -> None:
        text = vavailability(
            block(
                "20260105T090000",
                "20260105T170000",
                "FREQ=WEEKLY;BYDAY=MO,TU",
                extra=(
                    "EXDATE;TZID=America/New_York:20261228T090000,20261229T100000\n"
                    "EXDATE;VALUE=DATE:20261222\nEXDATE:20261215T140000Z"
                ),
            )
        )
        cal = from_vavailability(text)
        # 12-29 at 10:00 is no occurrence (they start at 09:00): it excludes nothing (RFC 5545).
        assert cal.closed == (date(2026, 12, 15), date(2026, 12, 22), date(2026, 12, 28))

    def test_an_exdate_of_one_of_two_blocks_gives_special_hours(self) -> None:
        text = vavailability(
            block("20260105T090000", "20260105T120000", "FREQ=WEEKLY;BYDAY=MO"),
            block(
                "20260105T130000",
                "20260105T170000",
                "FREQ=WEEKLY;BYDAY=MO",
                extra="EXDATE;TZID=America/New_York:20261228T130000",
            ),
        )
        cal = from_vavailability(text)
        assert cal.closed == ()
        assert [(s.date, [(sp.start, sp.end) for sp in s.hours]) for s in cal.special_hours] == [
            (date(2026, 12, 28), [("09:00", "12:00")])
        ]

    def test_one_off_blocks(self) -> None:
        text = vavailability(
            block("20260105T090000", "20260105T170000", "FREQ=WEEKLY;BYDAY=MO"),
            block("20261226T100000", "20261226T140000", None),  # a Saturday
            block("20261228T170000", "20261228T190000", None),  # an extra evening, Monday
            block("20261229T090000", "20261229T100000", None, tz="Z"),  # 04:00 in New York
        )
        cal = from_vavailability(text)
        special = {s.date: [(sp.start, sp.end) for sp in s.hours] for s in cal.special_hours}
        assert special == {
            date(2026, 12, 26): [("10:00", "14:00")],
            date(2026, 12, 28): [("09:00", "17:00"), ("17:00", "19:00")],
            date(2026, 12, 29): [("04:00", "05:00")],
        }

    def test_other_components_and_properties_are_skipped(self) -> None:
        text = vavailability(
            block("20260105T090000", "20260105T170000", extra="LOCATION:Main Office\nX-ODD;A=b:c"),
            outer="DTSTART;TZID=America/Denver:20111002T000000\nORGANIZER:mailto:a@example.com",
        ).replace(
            "PRODID:test\n",
            "PRODID:test\nBEGIN:VTIMEZONE\nTZID:Custom\nEND:VTIMEZONE\n"
            "BEGIN:VEVENT\nDTSTART:garbage\nEND:VEVENT\n",
        )
        assert hours_of(from_vavailability(text)) == {"mon": [("09:00", "17:00")]}

    def test_the_zone_argument(self) -> None:
        floating = vavailability(block("20260105T090000", "20260105T170000", tz=""))
        assert from_vavailability(floating, zone="Europe/Paris").zone == "Europe/Paris"
        custom = vavailability(block("20260105T090000", "20260105T170000", tz="Custom Zone"))
        assert from_vavailability(custom, zone="Europe/Paris").zone == "Europe/Paris"
        same = vavailability(block("20260105T090000", "20260105T170000"))
        assert from_vavailability(same, zone="America/New_York").zone == "America/New_York"
        with pytest.raises(UnknownTimeZoneError, match=r"zone='Mars/Base'"):
            from_vavailability(same, zone="Mars/Base")

    def test_utc_times(self) -> None:
        text = vavailability(block("20260105T090000", "20260105T170000", tz="Z"))
        assert from_vavailability(text).zone == "UTC"
        assert from_vavailability(text, zone="UTC").zone == "UTC"

    @pytest.mark.parametrize(
        ("tzid", "zone"),
        [
            ("Eastern Standard Time", "America/New_York"),  # Outlook
            ("/mozilla.org/20070129_1/Europe/Berlin", "Europe/Berlin"),  # Thunderbird
            ("/Europe/Berlin", "Europe/Berlin"),
            ('"America/New_York"', "America/New_York"),  # quoted
        ],
    )
    def test_tzids_other_writers_use(self, tzid: str, zone: str) -> None:
        text = vavailability(block("20260105T090000", "20260105T170000", tz=tzid))
        assert from_vavailability(text).zone == zone

    def test_holidays(self) -> None:
        text = vavailability(block("20260105T090000", "20260105T170000"))
        assert from_vavailability(text, holidays=["US"]).holidays == ("US",)


# --- refusals and hostile text ---------------------------------------------------------------

A = "VAVAILABILITY.AVAILABLE[0]"
B = "VAVAILABILITY.AVAILABLE[1]"
MON = ("20260105T090000", "20260105T170000")

REFUSALS: list[tuple[str, Any, str, str]] = [
    # (name, text, path, message pattern)
    (
        "garbage",
        "hello world",
        "ics",
        r"^ics: line 1: 'hello world' is not an iCalendar content line",
    ),
    ("empty", "", "ics", r"the text holds no iCalendar component"),
    ("whitespace", " \n\r\n\t", "ics", r"the text holds no iCalendar component"),
    ("not utf-8", b"BEGIN:VCALENDAR\n\xff\n", "ics", r"the text is not UTF-8 \(byte 16\)"),
    ("not text", 42, "ics", r"int is not iCalendar text"),
    ("none", None, "ics", r"NoneType is not iCalendar text"),
    (
        "no component",
        "BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n",
        "ics",
        r"no VAVAILABILITY component \(it has VCALENDAR\)",
    ),
    (
        "unclosed",
        "BEGIN:VCALENDAR\nBEGIN:VAVAILABILITY\n",
        "ics",
        r"BEGIN:VAVAILABILITY \(line 2\) is never closed",
    ),
    (
        "crossed",
        "BEGIN:VCALENDAR\nEND:VEVENT\n",
        "ics",
        r"line 2: END:VEVENT does not close BEGIN:VCALENDAR \(line 1\)",
    ),
    ("stray end", "END:VCALENDAR\n", "ics", r"line 1: END:VCALENDAR does not close nothing"),
    ("outside", "VERSION:2.0\n", "ics", r"line 1: the property VERSION is outside any component"),
    ("bad begin", "BEGIN:\n", "ics", r"line 1: BEGIN: names no component"),
    (
        "bad param",
        "BEGIN:VAVAILABILITY\nDTSTART;=y:z\nEND:VAVAILABILITY\n",
        "ics",
        r"line 2: 'DTSTART;=y:z' is not an iCalendar content line",
    ),
    (
        "several",
        vavailability(block(*MON)) + vavailability(block(*MON)),
        "VAVAILABILITY",
        r"the text has 2 VAVAILABILITY components",
    ),
    (
        "duration bound",
        vavailability(block(*MON), outer="DURATION:P1W"),
        "VAVAILABILITY.DURATION",
        r"DURATION bounds the availability",
    ),
    (
        "missing tzid",
        vavailability(block(*MON, tz="")),
        f"{A}.DTSTART",
        r"line 9: the time has no TZID \(a floating time\), so its zone is unknown; pass zone=",
    ),
    (
        "unknown tzid",
        vavailability(block(*MON, tz="Mars/Olympus_Mons")),
        f"{A}.DTSTART",
        r"TZID='Mars/Olympus_Mons' is not a known IANA time zone .* pass zone=",
    ),
    (
        "localtime",
        vavailability(block(*MON, tz="localtime")),
        f"{A}.DTSTART",
        r"TZID='localtime' is not a known IANA time zone",
    ),
    (
        "two tzids",
        vavailability(block(*MON, tz="UTC,Europe/London")),
        f"{A}.DTSTART",
        r"TZID='UTC,Europe/London' gives several values",
    ),
    (
        "z and tzid",
        vavailability("DTSTART;TZID=UTC:20260105T090000Z\nDTEND:20260105T170000Z"),
        f"{A}.DTSTART",
        r"is in UTC \(Z\) and also has TZID=UTC",
    ),
    (
        "mixed zones",
        vavailability(block(*MON), block(*MON, tz="Europe/London")),
        f"{B}.DTSTART",
        r"TZID='Europe/London' differs from the calendar's zone America/New_York \(read from an "
        r"earlier TZID\)",
    ),
    (
        "zone differs",
        None,
        f"{A}.DTSTART",
        r"TZID='America/New_York' differs from the calendar's zone Europe/Paris \(given as "
        r"zone=\)",
    ),
    (
        "utc weekly",
        vavailability(block(*MON), block(*MON, tz="Z")),
        f"{B}.DTSTART",
        r"the time is in UTC \(Z\) but the calendar's zone is America/New_York; weekly hours "
        r"are wall times",
    ),
    (
        "dtend zoned apart",
        vavailability(
            "DTSTART;TZID=UTC:20260105T090000\nDTEND:20260105T170000Z\nRRULE:FREQ=WEEKLY"
        ),
        f"{A}.DTEND",
        r"DTEND is zoned differently from DTSTART",
    ),
    (
        "daily",
        vavailability(block(*MON, "FREQ=DAILY")),
        f"{A}.RRULE",
        r"line 11: FREQ=DAILY is not weekly",
    ),
    ("no freq", vavailability(block(*MON, "BYDAY=MO")), f"{A}.RRULE", r"the rule has no FREQ"),
    (
        "garbage rule",
        vavailability(block(*MON, "every monday")),
        f"{A}.RRULE",
        r"'every monday' is not a rule part",
    ),
    (
        "twice",
        vavailability(block(*MON, "FREQ=WEEKLY;FREQ=WEEKLY")),
        f"{A}.RRULE",
        r"FREQ is given twice",
    ),
    (
        "count",
        vavailability(block(*MON, "FREQ=WEEKLY;COUNT=10")),
        f"{A}.RRULE",
        r"COUNT ends the rule, and a calendar's weekly hours do not end",
    ),
    (
        "until",
        vavailability(block(*MON, "FREQ=WEEKLY;UNTIL=20270101T000000Z")),
        f"{A}.RRULE",
        r"UNTIL ends the rule",
    ),
    (
        "interval",
        vavailability(block(*MON, "FREQ=WEEKLY;INTERVAL=2")),
        f"{A}.RRULE",
        r"INTERVAL=2 repeats every 2 weeks",
    ),
    (
        "interval text",
        vavailability(block(*MON, "FREQ=WEEKLY;INTERVAL=x")),
        f"{A}.RRULE",
        r"INTERVAL=X is not a number",
    ),
    (
        "bymonth",
        vavailability(block(*MON, "FREQ=WEEKLY;BYMONTH=1")),
        f"{A}.RRULE",
        r"BYMONTH is not supported",
    ),
    (
        "nth weekday",
        vavailability(block(*MON, "FREQ=WEEKLY;BYDAY=1MO")),
        f"{A}.RRULE",
        r"BYDAY=1MO picks one weekday of a month",
    ),
    (
        "bad weekday",
        vavailability(block(*MON, "FREQ=WEEKLY;BYDAY=MON")),
        f"{A}.RRULE",
        r"BYDAY has 'MON', which is not a weekday",
    ),
    (
        "bad wkst",
        vavailability(block(*MON, "FREQ=WEEKLY;WKST=XX")),
        f"{A}.RRULE",
        r"WKST=XX is not a weekday",
    ),
    (
        "two rules",
        vavailability(block(*MON, extra="RRULE:FREQ=WEEKLY")),
        f"{A}.RRULE",
        r"RRULE is given more than once",
    ),
    (
        "rdate",
        vavailability(block(*MON, extra="RDATE:20260110T090000")),
        f"{A}.RDATE",
        r"added dates \(RDATE\) are not supported",
    ),
    (
        "exrule",
        vavailability(block(*MON, extra="EXRULE:FREQ=WEEKLY")),
        f"{A}.EXRULE",
        r"exclusion rules \(EXRULE\)",
    ),
    (
        "recurrence-id",
        vavailability(block(*MON, extra="RECURRENCE-ID:20260105T090000")),
        f"{A}.RECURRENCE-ID",
        r"an override of one occurrence",
    ),
    (
        "no dtstart",
        vavailability("DTEND;TZID=UTC:20260105T170000"),
        f"{A}.DTSTART",
        r"line 8: the AVAILABLE has no DTSTART",
    ),
    (
        "bad date",
        vavailability(block("20261305T090000", "20261305T170000")),
        f"{A}.DTSTART",
        r"'20261305T090000' is not a date",
    ),
    (
        "bad time",
        vavailability(block("20260105T250000", "20260105T170000")),
        f"{A}.DTSTART",
        r"'20260105T250000' is not a time of day",
    ),
    (
        "not a date-time",
        vavailability(block("2026-01-05 09:00", "20260105T170000")),
        f"{A}.DTSTART",
        r"'2026-01-05 09:00' is not a DATE-TIME",
    ),
    (
        "seconds",
        vavailability(block("20260105T090030", "20260105T170000")),
        f"{A}.DTSTART",
        r"20260105T090030 has seconds",
    ),
    (
        "period",
        vavailability("DTSTART;VALUE=PERIOD;TZID=UTC:20260105T090000/PT1H\nDURATION:PT1H"),
        f"{A}.DTSTART",
        r"VALUE=PERIOD is not supported here",
    ),
    (
        "no end",
        vavailability("DTSTART;TZID=UTC:20260105T090000\nRRULE:FREQ=WEEKLY"),
        f"{A}.DTEND",
        r"the AVAILABLE has neither DTEND nor DURATION",
    ),
    (
        "end and duration",
        vavailability(block(*MON, extra="DURATION:PT1H")),
        f"{A}.DURATION",
        r"DTEND and DURATION are both given",
    ),
    (
        "bad duration",
        vavailability("DTSTART;TZID=UTC:20260105T090000\nDURATION:8 hours"),
        f"{A}.DURATION",
        r"'8 hours' is not a positive DURATION",
    ),
    (
        "negative duration",
        vavailability("DTSTART;TZID=UTC:20260105T090000\nDURATION:-PT1H"),
        f"{A}.DURATION",
        r"'-PT1H' is not a positive DURATION",
    ),
    (
        "empty duration",
        vavailability("DTSTART;TZID=UTC:20260105T090000\nDURATION:PT"),
        f"{A}.DURATION",
        r"'PT' is not a positive DURATION",
    ),
    (
        "duration seconds",
        vavailability("DTSTART;TZID=UTC:20260105T090000\nDURATION:PT30S"),
        f"{A}.DURATION",
        r"PT30S has seconds",
    ),
    (
        "a day long",
        vavailability(block("20260105T090000", "20260106T090000")),
        f"{A}.DTEND",
        r"the block lasts 24:00, 24 hours or more",
    ),
    (
        "a week long",
        vavailability("DTSTART;TZID=UTC:20260105T090000\nDURATION:P1W"),
        f"{A}.DTEND",
        r"lasts 168:00, 24 hours or more",
    ),
    (
        "backwards",
        vavailability(block("20260105T170000", "20260105T090000")),
        f"{A}.DTEND",
        r"the block ends before it starts",
    ),
    (
        "empty block",
        vavailability(block("20260105T090000", "20260105T090000")),
        f"{A}.DTEND",
        r"the block ends when it starts",
    ),
    (
        "bad exdate",
        vavailability(block(*MON, extra="EXDATE;TZID=America/New_York:tomorrow")),
        f"{A}.EXDATE",
        r"'tomorrow' is not a DATE-TIME",
    ),
    (
        "overnight clash",
        vavailability(
            block("20260105T220000", "20260106T060000", "FREQ=WEEKLY;BYDAY=MO"),
            block("20260106T050000", "20260106T120000", "FREQ=WEEKLY;BYDAY=TU"),
        ),
        B,
        r"AVAILABLE\[0\] runs overnight from mon 22:00 into tue and overlaps AVAILABLE\[1\] "
        r"on tue",
    ),
    (
        "joined too long",
        vavailability(
            block("20260105T000000", "20260106T000000", "FREQ=WEEKLY;BYDAY=MO"),
            block("20260105T230000", "20260106T030000", "FREQ=WEEKLY;BYDAY=MO"),
        ),
        B,
        r"AVAILABLE\[0\] and AVAILABLE\[1\] overlap on mon into one span from 00:00 lasting "
        r"24 hours",
    ),
    ("deep", "BEGIN:X\n" * 9, "ics", r"line 9: components nest more than 8 deep"),
]


@needs_icalendar
class TestRefusals:
    @pytest.mark.parametrize(
        ("start", "end", "path"),
        [
            (date(9999, 12, 1), date(9999, 12, 31), "start"),
            (date(9998, 12, 1), date(9999, 1, 1), "end"),
        ],
    )
    def test_an_export_range_outside_the_supported_years(
        self, start: date, end: date, path: str
    ) -> None:
        cal = BusinessCalendar.weekly("UTC", {"mon": ["09:00-17:00"]}, closed=[date(9998, 12, 31)])
        with pytest.raises(OutOfRangeError, match="outside the supported years 2 to 9998") as info:
            to_ics(cal, start=start, end=end)
        assert info.value.path == path

    def test_the_last_supported_day_is_written(self) -> None:
        cal = BusinessCalendar.weekly(
            "UTC",
            {"mon": ["09:00-17:00"]},
            closed=[date(9998, 12, 31)],
            special_hours={date(9998, 12, 30): ["22:00-02:00"]},
        )
        assert "DTSTART;VALUE=DATE:99981231" in to_ics(
            cal, start=date(9998, 12, 1), end=date(9998, 12, 31)
        )
        back = from_vavailability(to_vavailability(cal))
        lo, hi = datetime(9998, 12, 1, tzinfo=UTC), datetime(9998, 12, 31, 23, tzinfo=UTC)
        assert list(back.intervals(lo, hi)) == list(cal.intervals(lo, hi))

    @pytest.mark.parametrize(
        ("name", "text", "path", "match"), REFUSALS, ids=[r[0] for r in REFUSALS]
    )
    def test_refused(self, name: str, text: Any, path: str, match: str) -> None:
        kwargs: dict[str, Any] = {}
        if name == "zone differs":
            text, kwargs = vavailability(block(*MON)), {"zone": "Europe/Paris"}
        kind = LimitExceededError if name == "deep" else PolicyValidationError
        refused(text, path, match, kind, **kwargs)

    def test_no_block_and_no_zone(self) -> None:
        refused(
            vavailability(), "VAVAILABILITY", r"has no AVAILABLE block, and the text names no zone"
        )
        bounded = vavailability(outer="DTSTART;TZID=Europe/Paris:20260101T000000")
        assert from_vavailability(bounded).zone == "Europe/Paris"
        two = vavailability().replace(
            "PRODID:test\n",
            "PRODID:test\nBEGIN:VTIMEZONE\nTZID:Europe/Paris\nEND:VTIMEZONE\n"
            "BEGIN:VTIMEZONE\nTZID:Europe/Rome\nEND:VTIMEZONE\n",
        )
        refused(two, "VAVAILABILITY", r"the text names several zones; pass zone=")
        assert from_vavailability(vavailability(), zone="UTC") == BusinessCalendar.weekly(
            "UTC", {}
        )

    def test_a_huge_text(self) -> None:
        big = "X" * (ics.MAX_ICS_CHARS + 1)
        refused(
            big,
            "ics",
            r"the text has 1,000,001 characters; an iCalendar text read here has at most "
            r"1,000,000",
            LimitExceededError,
        )
        refused(big.encode(), "ics", r"the text has 1,000,001 bytes", LimitExceededError)

    def test_too_many_blocks_on_one_day(self) -> None:
        starts = [20 * k for k in range(49)]  # 49 short spans on Mondays
        blocks = [
            block(
                f"20260105T{m // 60:02d}{m % 60:02d}00",
                f"20260105T{m // 60:02d}{m % 60 + 10:02d}00",
            )
            for m in starts
        ]
        text = vavailability(*blocks)
        refused(
            text,
            "VAVAILABILITY.AVAILABLE[48]",
            r"more than 48 AVAILABLE blocks recur on mon",
            LimitExceededError,
        )
        assert len(from_vavailability(vavailability(*blocks[:48])).hours.mon) == 48

    def test_too_many_dates(self) -> None:
        mondays = ",".join(
            f"{(date(2026, 1, 5) + timedelta(weeks=k)).strftime('%Y%m%d')}" for k in range(20_001)
        )
        text = vavailability(block(*MON, extra=f"EXDATE;VALUE=DATE:{mondays}"))
        refused(text, "VAVAILABILITY", r"change the hours of 20,001 dates", LimitExceededError)

    def test_too_many_closed_dates(self) -> None:
        mondays = ",".join(
            f"{(date(2026, 1, 5) + timedelta(weeks=k)).strftime('%Y%m%d')}" for k in range(10_001)
        )
        text = vavailability(block(*MON, extra=f"EXDATE;VALUE=DATE:{mondays}"))
        with pytest.raises(LimitExceededError, match=r"closed"):
            from_vavailability(text)


#: Hostile texts at the size limit: each must be refused (or read) within a second.
HOSTILE = {
    "one long line": "X:" + "a" * (ics.MAX_ICS_CHARS - 2),
    "one long parameter list": "X" + ";A=b" * ((ics.MAX_ICS_CHARS - 3) // 4) + ":v",
    "quotes": 'X;A="' * (ics.MAX_ICS_CHARS // 5),
    "folds": "BEGIN:VCALENDAR\nX:a\n"
    + " b\n" * ((ics.MAX_ICS_CHARS - 40) // 3)
    + "END:VCALENDAR\n",
    "lines": "BEGIN:VCALENDAR\n" + "X:y\n" * ((ics.MAX_ICS_CHARS - 40) // 4) + "END:VCALENDAR\n",
    "begins": "BEGIN:A\nEND:A\n" * (ics.MAX_ICS_CHARS // 14),
    "exdates": vavailability(
        block(*MON, extra="EXDATE;TZID=America/New_York:" + ",".join(["20260105T090000"] * 60_000))
    ),
    "blocks": vavailability(
        *[
            block(
                f"2026{1 + k % 12:02d}{1 + k % 28:02d}T090000",
                f"2026{1 + k % 12:02d}{1 + k % 28:02d}T100000",
                None,
            )
            for k in range(8_000)
        ]
    ),
}


@needs_icalendar
class TestHostile:
    @pytest.mark.parametrize("name", sorted(HOSTILE))
    def test_quickly_refused_or_read(self, name: str) -> None:
        text = HOSTILE[name]
        assert len(text) <= ics.MAX_ICS_CHARS
        started = time.process_time()
        with contextlib.suppress(ContactPolicyError):
            from_vavailability(text)
        assert time.process_time() - started < 1.0

    @given(st.text(max_size=400))
    def test_any_text(self, text: str) -> None:
        with contextlib.suppress(ContactPolicyError):
            from_vavailability(text)

    @given(st.binary(max_size=400))
    def test_any_bytes(self, data: bytes) -> None:
        with contextlib.suppress(ContactPolicyError):
            from_vavailability(data)

    @given(
        st.lists(
            st.sampled_from(
                [
                    "BEGIN:AVAILABLE",
                    "END:AVAILABLE",
                    "BEGIN:VAVAILABILITY",
                    "END:VAVAILABILITY",
                    "DTSTART;TZID=America/New_York:20260105T090000",
                    "DTSTART:20260105T090000Z",
                    "DTSTART;VALUE=DATE:20260105",
                    "DTEND;TZID=America/New_York:20260105T170000",
                    "DTEND;TZID=America/New_York:20260106T020000",
                    "DTEND:20260105T230000Z",
                    "DURATION:PT8H",
                    "DURATION:P1D",
                    "RRULE:FREQ=WEEKLY;BYDAY=MO,TU",
                    "RRULE:FREQ=WEEKLY",
                    "RRULE:FREQ=DAILY",
                    "EXDATE;VALUE=DATE:20261228",
                    "EXDATE;TZID=America/New_York:20261228T090000",
                    "EXDATE:20261229T140000Z",
                    "DTSTART;TZID=Europe/London:20260106T220000",
                    "DTEND;TZID=Europe/London:20260107T030000",
                    "BUSYTYPE:BUSY",
                    "X-Y:z",
                    "DTSTART;TZID=Mars:20260105T090000",
                ]
            ),
            max_size=30,
        ),
        st.sampled_from([None, "America/New_York", "UTC"]),
    )
    def test_vavailability_shaped_text(self, props: list[str], zone: str | None) -> None:
        text = "BEGIN:VCALENDAR\n" + "\n".join(props) + "\nEND:VCALENDAR\n"
        try:
            cal = from_vavailability(text, zone=zone)
        except ContactPolicyError:
            return
        assert BusinessCalendar.model_validate_json(cal.model_dump_json()) == cal


# --- round trips and properties ------------------------------------------------------------------


def midnight(pairs: Any) -> tuple[tuple[str, str], ...]:
    """Spans with an end at the next midnight written ``24:00`` (``00:00`` says the same)."""
    return tuple((p.start, "24:00" if p.end == "00:00" else p.end) for p in pairs)


def normalised(cal: BusinessCalendar) -> BusinessCalendar:
    """``cal`` as a round trip through VAVAILABILITY gives it back: an end at the next
    midnight is ``24:00``; special hours ``[]`` are closed dates; dated features that change
    nothing (a closed date or special ``[]`` on a weekday without hours, special hours equal to
    the weekday's) are dropped."""
    weekly = [midnight(cal.hours.for_day(d)) for d in range(7)]
    cal = cal.replace(hours={DAYS[d]: list(weekly[d]) for d in range(7) if weekly[d]})
    closed = [d for d in cal.closed if weekly[d.weekday()]]
    special = {}
    for s in cal.special_hours:
        pairs = midnight(s.hours)
        if pairs == weekly[s.date.weekday()]:
            continue
        if pairs:
            special[s.date] = list(pairs)
        elif weekly[s.date.weekday()]:
            closed.append(s.date)
    return cal.replace(closed=tuple(closed), special_hours=special)


@needs_icalendar
class TestRoundTrip:
    @given(calendars(holidays=(), max_closed=0, max_special=0, max_closures=0))
    def test_weekly_hours(self, cal: BusinessCalendar) -> None:
        assert from_vavailability(to_vavailability(cal)) == normalised(cal)

    @given(calendars(holidays=(), max_closures=0))
    def test_closed_dates_and_special_hours(self, cal: BusinessCalendar) -> None:
        assert from_vavailability(to_vavailability(cal)) == normalised(cal)

    @given(
        calendars(holidays=(), max_closed=0, max_special=0, max_closures=0),
        st.dates(date(1990, 1, 1), date(2100, 12, 31)),
    )
    def test_from_any_start(self, cal: BusinessCalendar, start: date) -> None:
        assert from_vavailability(to_vavailability(cal, start=start)) == normalised(cal)

    @given(calendars(holidays=(), max_closures=0))
    def test_with_the_zone_given(self, cal: BusinessCalendar) -> None:
        assert from_vavailability(to_vavailability(cal), zone=cal.zone) == normalised(cal)

    def test_overnight_spans(self) -> None:
        cal = BusinessCalendar.weekly(
            "America/New_York",
            {
                "mon-thu": ["18:00-02:00"],
                "fri": ["22:00-06:00"],
                "sat": ["12:00-24:00"],
                "sun": ["00:00-24:00"],
            },
        )
        assert from_vavailability(to_vavailability(cal)) == cal

    @given(calendars(min_year=2025, max_year=2027))
    def test_to_ics_of_any_calendar(self, cal: BusinessCalendar) -> None:
        start, end = date(2025, 1, 1), date(2027, 12, 31)
        text = to_ics(cal, start=start, end=end)
        found = events(text)
        holidays = {
            d
            for code in cal.holidays
            for d in ics._holiday_names(code, 2025)
            | ics._holiday_names(code, 2026)
            | ics._holiday_names(code, 2027)
        }
        special = {s.date for s in cal.special_hours}
        closed_days = (set(cal.closed) | holidays) - special
        timed = sum(len(s.hours) for s in cal.special_hours)
        empty = sum(1 for s in cal.special_hours if not s.hours)
        closures = {(c.start.astimezone(UTC), c.end.astimezone(UTC)) for c in cal.closures}
        assert len(found) == len(closed_days) + timed + empty + len(closures)
        assert len({str(e["UID"]) for e in found}) == len(found)


# --- without icalendar -----------------------------------------------------------------------


class TestWithoutIcalendar:
    def test_each_function_names_the_extra(self) -> None:
        script = textwrap.dedent(
            """
            import json, sys
            sys.modules["icalendar"] = None  # as if it were not installed
            from datetime import date
            import contact_policy
            from contact_policy import BusinessCalendar, ContactPolicyError
            from contact_policy.formats import ics

            cal = BusinessCalendar.weekly("UTC", {"mon": ["09:00-17:00"]})
            calls = {
                "to_ics": lambda: ics.to_ics(cal, start=date(2026, 1, 1), end=date(2026, 1, 2)),
                "to_vavailability": lambda: ics.to_vavailability(cal),
                "from_vavailability": lambda: ics.from_vavailability("BEGIN:VCALENDAR"),
            }
            out = {}
            for name, call in calls.items():
                try:
                    call()
                except ContactPolicyError as exc:
                    out[name] = [str(exc), exc.path]
            print(json.dumps(out))
            """
        )
        done = subprocess.run(  # noqa: S603 - our own interpreter running our own snippet
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        )
        out = json.loads(done.stdout)
        assert out == {
            name: [
                f"{name} needs the icalendar package, an optional extra: "
                "pip install 'contact-policy[ics]'",
                None,
            ]
            for name in ("to_ics", "to_vavailability", "from_vavailability")
        }

    def test_importing_the_library_does_not_import_icalendar(self) -> None:
        script = (
            "import sys, contact_policy, contact_policy.formats.ics; "
            "print('icalendar' in sys.modules)"
        )
        done = subprocess.run(  # noqa: S603 - our own interpreter running our own snippet
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        )
        assert done.stdout.strip() == "False"


@needs_icalendar
class TestFactory:
    def test_a_subclass_is_built(self) -> None:
        class Practice(BusinessCalendar):
            pass

        text = vavailability(block(*MON))
        cal = from_vavailability(text, factory=Practice)
        assert type(cal) is Practice
        assert cal.model_dump() == from_vavailability(text).model_dump()

    def test_a_zoneinfo_as_the_zone(self) -> None:
        text = vavailability(block(*MON))
        assert from_vavailability(text, zone=NY).zone == "America/New_York"  # type: ignore[arg-type]
