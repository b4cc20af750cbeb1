"""Fuzzing (issue #12): arbitrary arguments of every type to every loader, parser, engine
method and policy method. No input may raise anything but ``ContactPolicyError``, take more
than a second of CPU (a per-call watchdog on the wall clock, at five seconds, stops a hang),
or return an answer that fails its own validation.

Runs under the quick profile in CI; ``HYPOTHESIS_PROFILE=fuzz`` (conftest.py) is the long run
whose figures docs/errors.md gives. With ``FUZZ_REPORT=path`` each test appends its counts.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from contact_policy import (
    BusinessCalendar,
    CallbackWindow,
    Contact,
    ContactPolicyError,
    Obligation,
    OperatingHours,
    Policy,
    SessionSeries,
    Turnaround,
    Verdict,
    parse_policy,
)
from contact_policy.testing import RULE_KINDS, calendars, policies
from tests.watchdog import Overtime, watchdog

ODD_ZONES = ("Pacific/Chatham", "Australia/Lord_Howe", "America/Santiago", "Africa/Abidjan")
TZS = (*(ZoneInfo(z) for z in ODD_ZONES), UTC, timezone(timedelta(hours=13, minutes=45)))

#: Aware datetimes in every year, in odd zones (imaginary wall times included).
any_aware = st.datetimes(
    min_value=datetime(1, 1, 1),
    max_value=datetime(9999, 12, 31, 23, 59, 59, 999_999),
    timezones=st.sampled_from(TZS),
)
durations = st.timedeltas(min_value=timedelta.min, max_value=timedelta.max)
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.binary(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.datetimes(),
    st.dates(),
    durations,
)
instants = st.one_of(any_aware, any_aware, junk)
amounts = st.one_of(durations, durations, junk)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
KINDS = RULE_KINDS  # every rule kind a policy file may name
FIELDS = (
    "within",
    "days",
    "clock",
    "skip",
    "urgency",
    "hours",
    "zone",
    "holidays",
    "channels",
    "limit",
    "period",
    "route",
    "schedule",
    "closed",
    "special_hours",
    "closures",
    "name",
    "mon",
    "mon-fri",
)
rule_dicts = st.fixed_dictionaries(
    {"kind": st.sampled_from(KINDS)},
    optional={f: json_values for f in FIELDS},
)
policy_dicts = st.fixed_dictionaries(
    {},
    optional={
        "zone": st.one_of(st.sampled_from(ODD_ZONES), json_values),
        "holidays": st.one_of(st.just(["US"]), json_values),
        "rules": st.lists(rule_dicts, max_size=4),
        "name": json_values,
        "due_soon_at": json_values,
        "emergency": json_values,
    },
)
RRULE_PARTS = (
    "FREQ=DAILY",
    "FREQ=WEEKLY",
    "FREQ=MONTHLY",
    "FREQ=YEARLY",
    "FREQ=HOURLY",
    "FREQ=MINUTELY",
    "INTERVAL=3",
    "INTERVAL=0",
    "COUNT=5",
    "COUNT=99999",
    "BYDAY=MO,WE",
    "BYDAY=1MO",
    "BYDAY=-1FR",
    "BYMONTH=2",
    "BYMONTHDAY=30",
    "BYMONTHDAY=-1",
    "BYSETPOS=-1",
    "BYHOUR=10",
    "BYYEARDAY=100",
    "UNTIL=20270101T000000",
    "WKST=SU",
    "BYWEEKNO=20",
)
rrules = st.one_of(
    st.builds(
        lambda start, parts: f"DTSTART:{start:%Y%m%dT%H%M%S}\nRRULE:" + ";".join(parts),
        st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 1, 1)),
        st.lists(st.sampled_from(RRULE_PARTS), min_size=1, max_size=5, unique=True),
    ),
    st.text(max_size=40),
)

CALLS: dict[str, float] = {"n": 0, "errors": 0, "slowest": 0.0, "retimed": 0}
#: The CPU time one call may take. The watchdog, on the wall clock, allows more: on a loaded
#: machine (two cores, other jobs) a call can wait that long for the processor without doing
#: more work, and the limit is on the work.
CPU_LIMIT = 1.0
WALL_LIMIT = 5.0


def setup_module() -> None:
    """Load what a first call would load once (the holidays tables), so that no fuzzed call
    is charged for the import."""
    parse_policy('zone = "America/New_York"\nholidays = ["US"]', format="toml").return_by(
        Contact(datetime(2026, 11, 20, 15, tzinfo=UTC), voicemail=True)
    )


def check(call: Callable[[], Any]) -> None:
    """``call()`` returns a valid answer or raises one of ours, within a second of CPU.

    A call over the limit is timed once more: a cost of the input repeats, while a pause that
    is not the call's (a garbage-collection pass over the test run's heap, a cache filled
    once) does not, and such flakes made hypothesis report "unreliable results"."""
    CALLS["n"] += 1
    result, took = _timed(call)
    if took > CPU_LIMIT:
        CALLS["retimed"] += 1
        result, took = _timed(call)
    CALLS["slowest"] = max(CALLS["slowest"], took)
    assert took <= CPU_LIMIT, f"a fuzzed call took {took:.2f} s of CPU"
    for answer in result if isinstance(result, list) else [result]:
        if isinstance(answer, (Obligation, Verdict)):
            assert type(answer).model_validate(answer.model_dump()) == answer


def _timed(call: Callable[[], Any]) -> tuple[Any, float]:
    """``call()``'s answer (None for one of our errors) and the CPU time it took."""
    started = time.process_time()
    try:
        with watchdog(WALL_LIMIT, "a fuzzed call"):
            result = call()
    except ContactPolicyError:
        CALLS["errors"] += 1
        result = None
    except Overtime as exc:  # a failure hypothesis can shrink (Overtime is no Exception)
        raise AssertionError(str(exc)) from None
    return result, time.process_time() - started


def teardown_module() -> None:
    report = os.environ.get("FUZZ_REPORT")
    if report:
        with open(report, "a") as f:
            f.write(json.dumps(CALLS) + "\n")


@given(calendars(st.sampled_from(ODD_ZONES)), instants, instants, amounts)
def test_engine_methods(cal: BusinessCalendar, a: Any, b: Any, d: Any) -> None:
    check(lambda: cal.is_open(a))
    check(lambda: cal.next_open(a))
    check(lambda: cal.next_close(a))
    check(lambda: cal.last_open(a))
    check(lambda: cal.add(a, d))
    check(lambda: cal.subtract(a, d))
    check(lambda: cal.elapsed(a, b))
    check(lambda: cal.intervals(a, b))
    check(lambda: cal.is_open_many([a, b]))
    check(lambda: cal.add_many([a, b], d))
    check(lambda: cal.elapsed_many([(a, b)]))


@given(junk, junk, junk, junk)
def test_constructors_with_anything(zone: Any, hours: Any, holidays: Any, other: Any) -> None:
    check(lambda: BusinessCalendar.weekly(zone, hours, holidays=holidays))
    check(lambda: BusinessCalendar.weekly("UTC", {"mon": [other]}, closed=other))
    check(lambda: Turnaround.hours(other))
    check(lambda: Turnaround.business_days(other))
    check(lambda: CallbackWindow.daily(other, "09:00", days=other))
    check(lambda: OperatingHours(hours=hours, zone=zone, holidays=holidays))
    check(lambda: Contact(zone, voicemail=other))
    check(lambda: Policy(zone=zone, holidays=holidays, rules=other))


@given(
    policies(),
    instants,
    st.dictionaries(
        st.sampled_from(
            ("urgency", "channel", "voicemail", "direction", "client_zone", "line", "topic")
        ),
        junk,
        max_size=3,
    ),
    junk,
    junk,
    instants,
)
def test_policy_methods(
    policy: Policy, at: Any, fields: dict[str, Any], sessions: Any, history: Any, now: Any
) -> None:
    def contact() -> Contact:
        return Contact(at, **fields)

    check(lambda: policy.return_by(contact()))
    check(lambda: policy.in_bounds(contact(), sessions=sessions, history=history))
    check(lambda: policy.in_bounds(contact(), sessions=[(at, now)], history=[at, now]))
    check(lambda: policy.return_by_many([contact(), at]))
    check(lambda: policy.return_by_many([contact()], due_only=True))
    check(lambda: policy.return_by(contact()).status(now))
    check(lambda: policy.return_by(at))


@given(st.one_of(st.text(), st.binary(), junk), st.sampled_from(("toml", "json", "yaml", None)))
def test_parse_policy_with_anything(text: Any, fmt: Any) -> None:
    check(lambda: parse_policy(text, format=fmt))


@given(policy_dicts)
def test_policy_shaped_data(data: dict[str, Any]) -> None:
    check(lambda: Policy.model_validate(data))
    check(lambda: parse_policy(json.dumps(data), format="json"))


@given(policy_dicts)
def test_toml_shaped_text(data: dict[str, Any]) -> None:
    lines = []
    for key, value in data.items():
        if key != "rules":
            lines.append(f"{key} = {json.dumps(value)}")
    for rule in data.get("rules", []):
        lines.append("[[rules]]")
        lines += [f"{k!s} = {json.dumps(v)}" for k, v in rule.items()]
    check(lambda: parse_policy("\n".join(lines), format="toml"))


@given(rrules, amounts, instants)
def test_session_series(rule: str, duration: Any, at: Any) -> None:
    def series() -> SessionSeries:
        return SessionSeries(rrule=rule, duration=duration)

    check(series)
    check(lambda: series().occurrence_at(at, "America/Santiago"))
    check(lambda: Policy(zone="UTC").in_bounds(Contact(at), sessions=[series()]))


@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                (
                    "due",
                    "in-bounds",
                    "--json",
                    "--at",
                    "--policy",
                    "--urgency",
                    "--session",
                    "--recent",
                    "crisis",
                    "2026-11-20T15:00-05:00",
                    "",
                    "x/y",
                )
            ),
            st.text(max_size=8),
        ),
        max_size=6,
    )
)
def test_the_command_line(argv: list[str]) -> None:
    from contact_policy.cli import main

    def run() -> None:
        code: object = 0
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse: usage errors exit 2, --help exits 0
            code = exc.code
        assert code in (0, 2)

    check(run)


def test_dates_far_apart_in_every_year() -> None:
    cal = BusinessCalendar.weekly("Pacific/Chatham", {"mon-fri": ["09:00-17:00"]}, holidays="NZ")
    for year in (2, 3, 1000, 5000, 9997, 9998):
        at = datetime(year, 6, 1, 12, tzinfo=UTC)
        check(lambda at=at: cal.next_open(at))
        check(lambda at=at: cal.add(at, timedelta(hours=100)))
        check(lambda at=at: cal.elapsed(at, datetime(2026, 1, 1, tzinfo=UTC)))
    assert date(2026, 1, 1)  # the loop ran


@given(
    st.lists(st.one_of(any_aware, junk), min_size=1, max_size=4),
    st.lists(junk, min_size=4, max_size=4),
    st.sampled_from(("voicemail", "urgency", "channel", "direction", "client_zone", "other")),
)
def test_call_log_frames(ats: list[Any], values: list[Any], column: str) -> None:
    pd = __import__("pytest").importorskip("pandas")
    from contact_policy import default_policy
    from contact_policy.frames import obligations_frame

    def frame() -> Any:
        return pd.DataFrame({"at": ats, column: values[: len(ats)]})

    check(lambda: obligations_frame(frame(), default_policy()))
    check(lambda: obligations_frame(frame(), default_policy(), naive_zone="Pacific/Chatham"))
    check(lambda: obligations_frame(values, default_policy()))


# --- the interchange formats (issue 15) -----------------------------------------------------

OH_TOKENS = (
    "Mo",
    "Tu",
    "We",
    "Th",
    "Fr",
    "Sa",
    "Su",
    "Mo-Fr",
    "Sa-Mo",
    "PH",
    "SH",
    "off",
    "closed",
    "open",
    "09:00-17:00",
    "22:00-02:00",
    "00:00-24:00",
    "24:00-25:00",
    "09:00+",
    "12:00",
    "-",
    ",",
    ";",
    " ",
    "||",
    ":",
    "2026",
    "Dec",
    "24",
    "Jan",
    "week",
    "sunrise-sunset",
    '"note"',
    "[1]",
    "2026 Dec 24",
    "2026 Feb 30",
    "9999 Dec 31",
    "0001 Jan 01",
)
#: opening_hours-shaped text: the grammar's tokens in any order, with junk between.
opening_hours_texts = st.one_of(
    st.lists(st.sampled_from(OH_TOKENS), max_size=14).map(" ".join),
    st.lists(st.sampled_from(OH_TOKENS), max_size=14).map("".join),
    st.text(max_size=40),
)


@given(opening_hours_texts, st.sampled_from(("UTC", *ODD_ZONES)))
def test_opening_hours_text(text: str, zone: str) -> None:
    def read() -> BusinessCalendar:
        return BusinessCalendar.from_opening_hours(text, zone, holidays=["US"])

    check(read)
    check(
        lambda: BusinessCalendar.from_opening_hours(
            read().to_opening_hours(), zone, holidays=["US"]
        )
    )


FHIR_TIMES = st.one_of(
    st.sampled_from(("09:00:00", "17:00:00", "00:00:00", "23:59:59", "24:00:00", "9:00", "")),
    json_values,
)
fhir_entries = st.fixed_dictionaries(
    {},
    optional={
        "daysOfWeek": st.one_of(
            st.lists(st.sampled_from(("mon", "tue", "sun", "xyz"))), json_values
        ),
        "allDay": st.one_of(st.booleans(), json_values),
        "availableStartTime": FHIR_TIMES,
        "availableEndTime": FHIR_TIMES,
        "description": json_values,
        "during": st.one_of(
            st.fixed_dictionaries(
                {},
                optional={
                    "start": st.sampled_from(("2026-12-24", "2026-12-24T09:00:00-05:00", "x")),
                    "end": st.sampled_from(("2026-12-26", "2026-12-24T12:00:00Z", "9999-12-31")),
                },
            ),
            json_values,
        ),
    },
)
#: FHIR-shaped dicts: R5 Availability, R4 fields, resources holding them, with junk values.
fhir_dicts = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "availableTime": st.one_of(st.lists(fhir_entries, max_size=4), json_values),
            "notAvailableTime": st.one_of(st.lists(fhir_entries, max_size=3), json_values),
            "notAvailable": st.one_of(st.lists(fhir_entries, max_size=3), json_values),
            "resourceType": st.sampled_from(("PractitionerRole", "HealthcareService", "Patient")),
        },
    ),
    st.builds(lambda a: {"resourceType": "PractitionerRole", "availability": a}, json_values),
    json_values,
)


@given(fhir_dicts, st.sampled_from(("UTC", *ODD_ZONES)))
def test_fhir_shaped_dicts(data: Any, zone: str) -> None:
    def read() -> BusinessCalendar:
        return BusinessCalendar.from_fhir_availability(data, zone)

    check(read)
    check(lambda: BusinessCalendar.from_fhir_availability(read().to_fhir_availability(), zone))


schema_org_entries = st.fixed_dictionaries(
    {},
    optional={
        "@type": st.sampled_from(("OpeningHoursSpecification", "Thing")),
        "dayOfWeek": st.one_of(
            st.sampled_from(("Monday", "https://schema.org/Friday", "PublicHolidays", "Funday")),
            st.lists(st.sampled_from(("Monday", "Saturday", "https://schema.org/Sunday"))),
            json_values,
        ),
        "opens": st.one_of(
            st.sampled_from(("09:00", "00:00", "23:59", "9", "09:00:00")), json_values
        ),
        "closes": st.one_of(st.sampled_from(("17:00", "00:00", "02:00", "25:00")), json_values),
        "validFrom": st.one_of(st.sampled_from(("2026-12-24", "0001-01-01", "x")), json_values),
        "validThrough": st.one_of(st.sampled_from(("2026-12-24", "9999-12-31")), json_values),
    },
)


@given(
    st.one_of(
        st.fixed_dictionaries(
            {},
            optional={
                "@context": st.just("https://schema.org"),
                "openingHoursSpecification": st.one_of(
                    st.lists(schema_org_entries, max_size=4), json_values
                ),
                "specialOpeningHoursSpecification": st.one_of(
                    st.lists(schema_org_entries, max_size=3), json_values
                ),
            },
        ),
        json_values,
    ),
    st.sampled_from(("UTC", *ODD_ZONES)),
)
def test_schema_org_shaped_dicts(data: Any, zone: str) -> None:
    def read() -> BusinessCalendar:
        return BusinessCalendar.from_schema_org(data, zone)

    check(read)
    check(lambda: BusinessCalendar.from_schema_org(read().to_schema_org(), zone))


ICS_LINES = (
    "BEGIN:VCALENDAR",
    "END:VCALENDAR",
    "BEGIN:VAVAILABILITY",
    "END:VAVAILABILITY",
    "BEGIN:AVAILABLE",
    "END:AVAILABLE",
    "VERSION:2.0",
    "PRODID:-//x//y//EN",
    "DTSTART;TZID=America/New_York:20260105T090000",
    "DTEND;TZID=America/New_York:20260105T170000",
    "DTSTART:20260105T090000Z",
    "DTEND:20260106T020000Z",
    "DTSTART;VALUE=DATE:20260105",
    "RRULE:FREQ=WEEKLY;BYDAY=MO,TU",
    "RRULE:FREQ=DAILY",
    "RRULE:FREQ=WEEKLY;COUNT=3",
    "EXDATE;TZID=America/New_York:20261126T090000",
    "BUSYTYPE:BUSY-UNAVAILABLE",
    "UID:1",
    "DTSTAMP:20260101T000000Z",
    "DTSTART;TZID=Mars/Olympus:20260105T090000",
    'X-JUNK;A="b":c',
    " folded",
    ":",
    "",
)


@given(
    st.one_of(
        st.lists(st.sampled_from(ICS_LINES), max_size=16).map("\r\n".join),
        st.text(max_size=60),
        st.binary(max_size=40),
    )
)
def test_vavailability_shaped_text(text: Any) -> None:
    __import__("pytest").importorskip("icalendar")

    def read() -> BusinessCalendar:
        return BusinessCalendar.from_vavailability(text)

    check(read)
    check(lambda: BusinessCalendar.from_vavailability(read().to_vavailability()))


@given(policy_dicts, st.booleans())
def test_yaml_shaped_text(data: dict[str, Any], flow: bool) -> None:
    yaml = __import__("pytest").importorskip("yaml")
    text = yaml.safe_dump(data, default_flow_style=flow)
    check(lambda: parse_policy(text, format="yaml"))
