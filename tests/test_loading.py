"""Example tests for policy files: ``load_policy``, ``parse_policy`` and ``default_policy``
(docs/rules.md, "Policy files").

Files are written to ``tmp_path`` by hand, in the shape a practice would write them; every
expected answer is worked out by hand (comments give the arithmetic).
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contact_policy import (
    AfterHours,
    BusinessCalendar,
    CallbackWindow,
    Contact,
    EmergencyContact,
    EmergencyPath,
    FrequencyFlag,
    NoCallsDuringSessions,
    NoPersonalNumbers,
    OperatingHours,
    OutreachBoundary,
    Policy,
    PolicyFileError,
    PolicyValidationError,
    RouteKind,
    SchedulingOnlyLine,
    Session,
    SessionSchedule,
    SessionSeries,
    Turnaround,
    UnknownTimeZoneError,
    VoicemailGate,
    default_policy,
    load_policy,
    parse_policy,
)
from contact_policy.limits import MAX_TURNAROUND
from tests.helpers import NEW_YORK, WEEKDAYS, t

# --- domain helpers ---------------------------------------------------------------------------


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def assert_due(policy: Policy, contact: Contact, expected: str) -> None:
    o = policy.return_by(contact)
    assert o.required, o.reasons
    assert not o.conflict, o.reasons
    assert o.due is not None
    assert o.due.tzinfo == ZoneInfo(policy.zone)
    assert o.due.isoformat() == t(expected).isoformat()


def names(path: Path, *parts: str) -> str:
    """A ``match=`` pattern: the file's path, then each of ``parts`` in order."""
    return ".*".join(re.escape(p) for p in (str(path), *parts))


# A practice's policy, written by hand: every call-return rule kind, special hours, a closed
# date, a closure with offset datetimes and emergency contacts.
RIVERSIDE_TOML = """\
name = "Riverside Counseling"
zone = "America/New_York"
holidays = ["US"]
due_soon_at = 0.8

[emergency]
instructions = "If this is an emergency, dial 911. For a mental-health crisis, call or text 988."

[[emergency.contacts]]
label = "On-call clinician"
number = "+1-555-010-0142"

[[emergency.contacts]]
label = "Practice manager"
number = "+1-555-010-0177"

# "I return routine calls within 24 hours, not counting weekends and holidays."
[[rules]]
kind = "turnaround"
name = "routine callbacks"
clock = "calendar"
within = "PT24H"
skip = ["sat", "sun", "holidays"]
urgency = ["routine"]

# "Urgent calls within 2 business hours."
[[rules]]
kind = "turnaround"
clock = "business"
within = "PT2H"
urgency = ["urgent"]

[[rules]]
kind = "operating_hours"

[rules.calendar]
zone = "America/New_York"
holidays = ["US"]
closed = [2026-12-31]

[rules.calendar.hours]
mon = [["09:00", "17:00"]]
tue = [["09:00", "17:00"]]
wed = [["09:00", "17:00"]]
thu = [["09:00", "17:00"]]
fri = [["09:00", "17:00"]]

[[rules.calendar.special_hours]]
date = 2026-12-24
hours = [["09:00", "12:00"]]

[[rules.calendar.closures]]
start = 2026-12-23T12:00:00-05:00
end = 2026-12-23T13:00:00-05:00

# "I return calls between 10 and 4, your time."
[[rules]]
kind = "callback_window"
zone = "client"

[rules.hours]
mon = [["10:00", "16:00"]]
tue = [["10:00", "16:00"]]
wed = [["10:00", "16:00"]]
thu = [["10:00", "16:00"]]
fri = [["10:00", "16:00"]]

[[rules]]
kind = "voicemail_gate"
channels = ["call"]
"""

RIVERSIDE_JSON = {
    "name": "Riverside Counseling",
    "zone": "America/New_York",
    "holidays": ["US"],
    "due_soon_at": 0.8,
    "emergency": {
        "instructions": (
            "If this is an emergency, dial 911. For a mental-health crisis, call or text 988."
        ),
        "contacts": [
            {"label": "On-call clinician", "number": "+1-555-010-0142"},
            {"label": "Practice manager", "number": "+1-555-010-0177"},
        ],
    },
    "rules": [
        {
            "kind": "turnaround",
            "name": "routine callbacks",
            "clock": "calendar",
            "within": "PT24H",
            "skip": ["sat", "sun", "holidays"],
            "urgency": ["routine"],
        },
        {"kind": "turnaround", "clock": "business", "within": "PT2H", "urgency": ["urgent"]},
        {
            "kind": "operating_hours",
            "calendar": {
                "zone": "America/New_York",
                "holidays": ["US"],
                "closed": ["2026-12-31"],
                "hours": {d: [["09:00", "17:00"]] for d in WEEKDAYS},
                "special_hours": [{"date": "2026-12-24", "hours": [["09:00", "12:00"]]}],
                "closures": [
                    {"start": "2026-12-23T12:00:00-05:00", "end": "2026-12-23T13:00:00-05:00"}
                ],
            },
        },
        {
            "kind": "callback_window",
            "zone": "client",
            "hours": {d: [["10:00", "16:00"]] for d in WEEKDAYS},
        },
        {"kind": "voicemail_gate", "channels": ["call"]},
    ],
}


def riverside() -> Policy:
    """The same policy built in Python."""
    return Policy(
        name="Riverside Counseling",
        zone=NEW_YORK,
        holidays=["US"],
        due_soon_at=0.8,
        emergency=EmergencyPath(
            instructions=(
                "If this is an emergency, dial 911. For a mental-health crisis, call or text 988."
            ),
            contacts=[
                EmergencyContact(label="On-call clinician", number="+1-555-010-0142"),
                EmergencyContact(label="Practice manager", number="+1-555-010-0177"),
            ],
        ),
        rules=[
            Turnaround(
                name="routine callbacks",
                within=timedelta(hours=24),
                skip=("sat", "sun", "holidays"),
                urgency=("routine",),
            ),
            Turnaround.business_hours(2, urgency=["urgent"]),
            OperatingHours.weekly(
                NEW_YORK,
                {d: [("09:00", "17:00")] for d in WEEKDAYS},
                holidays=["US"],
                closed=[date(2026, 12, 31)],
                special_hours={date(2026, 12, 24): [("09:00", "12:00")]},
                closures=[(t("2026-12-23T12:00-05:00"), t("2026-12-23T13:00-05:00"))],
            ),
            CallbackWindow.daily("10:00", "16:00", zone="client"),
            VoicemailGate(channels=["call"]),
        ],
    )


class TestLoadPolicy:
    def test_toml_file(self, tmp_path: Path) -> None:
        p = load_policy(write(tmp_path, "riverside.toml", RIVERSIDE_TOML))
        assert p == riverside()

    def test_json_file(self, tmp_path: Path) -> None:
        p = load_policy(write(tmp_path, "riverside.json", json.dumps(RIVERSIDE_JSON)))
        assert p == riverside()

    def test_str_path(self, tmp_path: Path) -> None:
        path = write(tmp_path, "riverside.toml", RIVERSIDE_TOML)
        assert load_policy(str(path)) == riverside()

    def test_suffix_is_case_insensitive(self, tmp_path: Path) -> None:
        assert load_policy(write(tmp_path, "RIVERSIDE.TOML", RIVERSIDE_TOML)) == riverside()

    def test_format_given_for_another_name(self, tmp_path: Path) -> None:
        path = write(tmp_path, "practice.conf", RIVERSIDE_TOML)
        assert load_policy(path, format="toml") == riverside()

    def test_fields_as_written(self, tmp_path: Path) -> None:
        p = load_policy(write(tmp_path, "riverside.toml", RIVERSIDE_TOML))
        assert p.name == "Riverside Counseling"
        assert p.zone == NEW_YORK
        assert p.holidays == ("US",)
        assert p.due_soon_at == 0.8
        kinds = [r.kind for r in p.rules]
        assert kinds == [
            "turnaround",
            "turnaround",
            "operating_hours",
            "callback_window",
            "voicemail_gate",
        ]
        routine, urgent, hours, window, gate = p.rules
        assert isinstance(routine, Turnaround)
        assert routine.within == timedelta(hours=24)
        assert routine.skip == ("sat", "sun", "holidays")
        assert isinstance(urgent, Turnaround)
        assert (urgent.clock, urgent.within) == ("business_hours", timedelta(hours=2))
        assert isinstance(hours, OperatingHours)
        assert hours.calendar.closed == (date(2026, 12, 31),)
        assert [s.date for s in hours.calendar.special_hours] == [date(2026, 12, 24)]
        (closure,) = hours.calendar.closures
        assert closure.start == t("2026-12-23T12:00-05:00")
        assert closure.start.utcoffset() == timedelta(hours=-5)
        assert isinstance(window, CallbackWindow)
        assert window.zone == "client"
        assert isinstance(gate, VoicemailGate)
        assert p.emergency is not None
        assert [c.label for c in p.emergency.contacts] == ["On-call clinician", "Practice manager"]


class TestLoadedPolicyAnswers:
    """The loaded policy behaves as its text says."""

    @pytest.fixture
    def p(self, tmp_path: Path) -> Policy:
        return load_policy(write(tmp_path, "riverside.toml", RIVERSIDE_TOML))

    def test_urgent_call_around_the_lunch_closure(self, p: Policy) -> None:
        # Wed 12-23 11:00: 11–12 = 1 h, closed 12–13, 13–14 = 1 h -> 14:00 (inside 10–16).
        c = Contact(t("2026-12-23T11:00-05:00"), urgency="urgent", voicemail=True)
        assert_due(p, c, "2026-12-23T14:00-05:00")

    def test_urgent_call_on_christmas_eve_special_hours(self, p: Policy) -> None:
        # Thu 12-24 opens 09–12: 10:00 + 2 h = 12:00.
        c = Contact(t("2026-12-24T10:00-05:00"), urgency="urgent", voicemail=True)
        assert_due(p, c, "2026-12-24T12:00-05:00")

    def test_closed_date_moves_due_back(self, p: Policy) -> None:
        # Wed 12-30 15:00: 9 h Wed + 15 h Thu (12-31 is not a holiday, so the calendar clock
        # runs) -> deadline Thu 15:00. Thu is a closed date: the last permitted moment before
        # it is Wednesday's window end, 16:00.
        o = p.return_by(Contact(t("2026-12-30T15:00-05:00"), voicemail=True))
        assert o.deadline is not None
        assert o.deadline.isoformat() == "2026-12-31T15:00:00-05:00"
        assert_due(
            p, Contact(t("2026-12-30T15:00-05:00"), voicemail=True), "2026-12-30T16:00-05:00"
        )

    def test_client_window(self, p: Policy) -> None:
        # Routine Fri 11-20 15:00 -> deadline Mon 11-23 15:00. 10–16 Los Angeles time is
        # 13–19 New York, cut to 13–17 by the office: due Mon 15:00 stays.
        c = Contact(t("2026-11-20T15:00-05:00"), voicemail=True, client_zone="America/Los_Angeles")
        assert_due(p, c, "2026-11-23T15:00-05:00")
        # Without the client's zone the window is 10–16 New York: Mon 15:00 stays too, but a
        # Fri 17:30 call (deadline Mon 17:30) is due at 16:00.
        late = Contact(t("2026-11-20T17:30-05:00"), voicemail=True)
        assert_due(p, late, "2026-11-23T16:00-05:00")

    def test_gate(self, p: Policy) -> None:
        assert not p.return_by(Contact(t("2026-11-20T15:00-05:00"))).required

    def test_crisis_uses_the_files_emergency_contacts(self, p: Policy) -> None:
        o = p.return_by(Contact(t("2026-11-26T02:00-05:00"), urgency="crisis"))
        assert o.route is not None
        assert o.route.kind == RouteKind.EMERGENCY
        assert o.route.to == "On-call clinician: +1-555-010-0142"
        assert "+1-555-010-0177" in o.route.instructions


def every_rule_policy() -> Policy:
    """A policy using every rule kind (call-return and boundary rules)."""
    office = OperatingHours.weekly(
        NEW_YORK,
        {d: [("09:00", "12:00"), ("13:00", "17:00")] for d in WEEKDAYS},
        holidays=["US"],
        closed=[date(2026, 12, 31)],
        special_hours={date(2026, 12, 24): [("09:00", "12:00")], date(2026, 12, 26): []},
        closures=[(t("2026-12-23T14:00-05:00"), t("2026-12-23T15:30-05:00"))],
    )
    answering = BusinessCalendar.weekly(NEW_YORK, {"thu": [("22:00", "06:00")]}, holidays=["US"])
    return Policy(
        name="Every rule",
        zone=NEW_YORK,
        holidays=["US", "US-NY"],
        due_soon_at=0.6,
        emergency=EmergencyPath(
            instructions="Dial 911, or call or text 988.",
            contacts=[EmergencyContact(label="On-call clinician", number="+1-555-010-0142")],
        ),
        rules=[
            Turnaround.business_days(3, urgency=["routine"]).replace(name="paperwork"),
            Turnaround.business_hours(2.5, urgency=["urgent"]),
            office,
            CallbackWindow.daily("08:00", "09:30", zone="client", days=("mon", "wed")),
            CallbackWindow(hours={"sat": [("10:00", "11:00")], "fri": ["16:00-17:00"]}),
            VoicemailGate(channels=["call", "text"], urgency=["routine"]),
            NoCallsDuringSessions(
                schedule=SessionSchedule(
                    sessions=[
                        Session(start=t("2026-11-23T10:00-05:00"), end=t("2026-11-23T10:50-05:00"))
                    ],
                    series=[
                        SessionSeries(
                            rrule="DTSTART:20260105T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO",
                            duration=timedelta(minutes=50),
                        )
                    ],
                )
            ),
            AfterHours(route="emergency_contact", hours=answering),
            OutreachBoundary(mode="flag"),
            NoPersonalNumbers(name="no personal phones"),
            SchedulingOnlyLine(),
            FrequencyFlag(limit=4, period=timedelta(days=7)),
        ],
    )


class TestRoundTrip:
    def test_every_rule_round_trips_through_json(self) -> None:
        p = every_rule_policy()
        assert Policy.model_validate_json(p.model_dump_json()) == p

    def test_round_trip_keeps_answers(self) -> None:
        p = every_rule_policy()
        back = Policy.model_validate_json(p.model_dump_json())
        for at in ("2026-11-20T15:00-05:00", "2026-12-23T13:00-05:00", "2026-11-21T09:00-05:00"):
            for urgency in ("routine", "urgent", "crisis"):
                c = Contact(t(at), urgency=urgency, voicemail=True, client_zone="America/Denver")
                assert back.return_by(c) == p.return_by(c)

    def test_dumped_json_loads_from_a_file(self, tmp_path: Path) -> None:
        p = every_rule_policy()
        assert load_policy(write(tmp_path, "every.json", p.model_dump_json())) == p

    def test_riverside_round_trips(self, tmp_path: Path) -> None:
        p = load_policy(write(tmp_path, "riverside.toml", RIVERSIDE_TOML))
        assert Policy.model_validate_json(p.model_dump_json()) == p

    def test_default_policy_round_trips(self) -> None:
        p = default_policy()
        assert Policy.model_validate_json(p.model_dump_json()) == p


class TestDurationsInJson:
    """A duration is ISO 8601 text in JSON (and in the serialization schema) and stays a
    ``timedelta`` in Python mode."""

    @pytest.mark.parametrize(
        ("within", "text"),
        [
            (timedelta(hours=24), "PT24H"),
            (timedelta(hours=1, minutes=30), "PT1H30M"),
            (timedelta(seconds=1, microseconds=5), "PT1.000005S"),
        ],
    )
    def test_the_three_forms(self, within: timedelta, text: str) -> None:
        rule = Turnaround(within=within)
        assert rule.model_dump()["within"] == within
        assert rule.model_dump(mode="json")["within"] == text
        assert json.loads(rule.model_dump_json())["within"] == text

    def test_the_serialization_schema_says_text(self) -> None:
        schema = Turnaround.model_json_schema(mode="serialization")
        within = schema["properties"]["within"]
        # (pydantic 2.6 adds "format": "duration", as it did with PlainSerializer)
        assert any(part.get("type") == "string" for part in within.get("anyOf", [within]))

    @given(st.timedeltas(min_value=timedelta(seconds=1), max_value=MAX_TURNAROUND))
    def test_json_text_reads_back_as_the_same_duration(self, within: timedelta) -> None:
        rule = Turnaround(within=within)
        assert Turnaround.model_validate_json(rule.model_dump_json()) == rule


class TestDefaultPolicy:
    p = default_policy()

    def test_zone_and_holidays(self) -> None:
        assert self.p.zone == NEW_YORK
        assert self.p.holidays == ("US",)

    def test_turnaround_is_24_hours_skipping_weekends_and_holidays(self) -> None:
        (turnaround,) = [r for r in self.p.rules if isinstance(r, Turnaround)]
        assert turnaround.clock == "hours"
        assert turnaround.within == timedelta(hours=24)
        assert set(turnaround.skip) == {"sat", "sun", "holidays"}

    def test_voicemail_gate(self) -> None:
        gates = [r for r in self.p.rules if isinstance(r, VoicemailGate)]
        assert len(gates) == 1
        assert "call" in gates[0].channels

    def test_emergency_instructions(self) -> None:
        assert self.p.emergency is not None
        assert "911" in self.p.emergency.instructions
        assert "988" in self.p.emergency.instructions
        assert self.p.emergency.contacts

    def test_friday_afternoon_voicemail(self) -> None:
        # docs/rules.md: due Mon 2026-11-23 15:00.
        c = Contact(t("2026-11-20T15:00-05:00"), voicemail=True)
        assert_due(self.p, c, "2026-11-23T15:00-05:00")

    def test_thanksgiving(self) -> None:
        c = Contact(t("2026-11-25T15:00-05:00"), voicemail=True)
        assert_due(self.p, c, "2026-11-27T15:00-05:00")

    def test_no_voicemail_no_return(self) -> None:
        assert self.p.return_by(Contact(t("2026-11-20T15:00-05:00"))).required is False

    def test_crisis(self) -> None:
        o = self.p.return_by(Contact(t("2026-11-26T02:00-05:00"), urgency="crisis"))
        assert o.required
        assert o.route is not None
        assert o.route.kind == RouteKind.EMERGENCY
        assert "911" in o.route.instructions
        assert "988" in o.route.instructions

    def test_same_every_time(self) -> None:
        assert default_policy() == self.p


class TestParsePolicy:
    def test_toml_text(self) -> None:
        assert parse_policy(RIVERSIDE_TOML, format="toml") == riverside()

    def test_json_bytes(self) -> None:
        data = json.dumps(RIVERSIDE_JSON).encode("utf-8")
        assert parse_policy(data, format="json") == riverside()

    def test_error_names_the_origin(self) -> None:
        bad = 'zone = "America/New_York"\n[[rules]]\nkind = "turnaround"\nwithin = "PT0S"\n'
        with pytest.raises(PolicyValidationError, match=r"^practice\.toml: rules\[0\]\.within: "):
            parse_policy(bad, format="toml", origin="practice.toml")


class TestLoadErrors:
    def test_missing_file(self, tmp_path: Path) -> None:
        path = tmp_path / "nowhere.toml"
        with pytest.raises(PolicyFileError, match=names(path, "does not exist")):
            load_policy(path)

    def test_unknown_suffix(self, tmp_path: Path) -> None:
        path = write(tmp_path, "policy.ini", RIVERSIDE_TOML)
        with pytest.raises(PolicyFileError, match=names(path, "'.ini'", ".toml or .json")):
            load_policy(path)

    def test_no_suffix(self, tmp_path: Path) -> None:
        path = write(tmp_path, "policy", RIVERSIDE_TOML)
        with pytest.raises(PolicyFileError, match=names(path, "suffix")):
            load_policy(path)

    def test_bad_toml(self, tmp_path: Path) -> None:
        path = write(tmp_path, "broken.toml", 'zone = "America/New_York"\n[[rules]\n')
        with pytest.raises(PolicyFileError, match=names(path, "not valid TOML")):
            load_policy(path)

    def test_bad_json(self, tmp_path: Path) -> None:
        path = write(tmp_path, "broken.json", '{"zone": "America/New_York",}')
        with pytest.raises(PolicyFileError, match=names(path, "not valid JSON", "line 1")):
            load_policy(path)

    @pytest.mark.parametrize("top", ["[1, 2]", '"America/New_York"', "42", "null"])
    def test_top_level_not_an_object(self, tmp_path: Path, top: str) -> None:
        path = write(tmp_path, "list.json", top)
        with pytest.raises(PolicyFileError, match=names(path, "top level")):
            load_policy(path)

    def test_not_utf8(self, tmp_path: Path) -> None:
        path = tmp_path / "latin1.toml"
        path.write_bytes('name = "Caf\u00e9"\nzone = "UTC"\n'.encode("latin-1"))
        with pytest.raises(PolicyFileError, match=names(path, "UTF-8")):
            load_policy(path)

    def test_bad_field(self, tmp_path: Path) -> None:
        text = 'zone = "America/New_York"\n[[rules]]\nkind = "turnaround"\nwithin = "PT0S"\n'
        path = write(tmp_path, "practice.toml", text)
        with pytest.raises(PolicyValidationError, match=names(path, "rules[0].within")) as info:
            load_policy(path)
        assert info.value.path == "rules[0].within"

    def test_unknown_field(self, tmp_path: Path) -> None:
        text = 'zone = "America/New_York"\n[[rules]]\nkind = "voicemail_gate"\nchanel = "call"\n'
        path = write(tmp_path, "practice.toml", text)
        with pytest.raises(
            PolicyValidationError, match=names(path, "rules[0].chanel", "unknown field")
        ):
            load_policy(path)

    def test_deep_field(self, tmp_path: Path) -> None:
        bad: dict[str, Any] = json.loads(json.dumps(RIVERSIDE_JSON))
        bad["rules"][2]["calendar"]["hours"]["tue"] = [["9am", "17:00"]]
        path = write(tmp_path, "riverside.json", json.dumps(bad))
        with pytest.raises(
            PolicyValidationError, match=names(path, "rules[2].calendar.hours.tue[0].start")
        ):
            load_policy(path)

    def test_business_clock_without_hours(self, tmp_path: Path) -> None:
        text = (
            'zone = "America/New_York"\n'
            '[[rules]]\nkind = "voicemail_gate"\n'
            '[[rules]]\nkind = "turnaround"\nclock = "business"\nwithin = "PT8H"\n'
        )
        path = write(tmp_path, "practice.toml", text)
        with pytest.raises(PolicyValidationError, match=names(path, "rules[1].clock")):
            load_policy(path)

    def test_unknown_zone(self, tmp_path: Path) -> None:
        path = write(tmp_path, "practice.toml", 'zone = "America/New_Yrok"\n')
        with pytest.raises(UnknownTimeZoneError, match=names(path, "zone", "America/New_Yrok")):
            load_policy(path)

    def test_missing_zone(self, tmp_path: Path) -> None:
        path = write(tmp_path, "practice.toml", 'name = "No zone"\n')
        with pytest.raises(PolicyValidationError, match=names(path, "zone")):
            load_policy(path)

    def test_naive_closure(self, tmp_path: Path) -> None:
        text = RIVERSIDE_TOML.replace("2026-12-23T12:00:00-05:00", "2026-12-23T12:00:00")
        path = write(tmp_path, "riverside.toml", text)
        with pytest.raises(ValueError, match=names(path, "rules[2].calendar.closures[0].start")):
            load_policy(path)

    def test_errors_are_value_errors(self, tmp_path: Path) -> None:
        with pytest.raises(ValueError, match="does not exist"):
            load_policy(tmp_path / "nowhere.json")
