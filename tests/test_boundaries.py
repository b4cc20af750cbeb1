"""Example tests for Policy.in_bounds and the boundary rules (docs/semantics.md §16–19).

Every expectation is worked out by hand from the documented rules. People and numbers are
invented."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest

from contact_policy import (
    AfterHours,
    BusinessCalendar,
    Contact,
    ContactPolicyError,
    EmergencyContact,
    EmergencyPath,
    FrequencyFlag,
    NaiveDatetimeError,
    NoCallsDuringSessions,
    NoPersonalNumbers,
    OperatingHours,
    OutreachBoundary,
    Policy,
    PolicyValidationError,
    RouteKind,
    SchedulingOnlyLine,
    SessionSchedule,
    SessionSeries,
    default_policy,
)
from contact_policy.cli import main
from tests.helpers import WEEKDAYS, t

OFFICE = BusinessCalendar.weekly(
    "America/New_York", {d: [("09:00", "17:00")] for d in WEEKDAYS}, holidays=["US"]
)
ON_CALL = EmergencyContact(label="On-call clinician Dr. Rivera", number="+1-555-010-0177")
EMERGENCY = EmergencyPath(
    instructions="In an emergency dial 911, or call or text 988.", contacts=(ON_CALL,)
)
WEEKLY_MONDAY_10 = SessionSeries(
    rrule="DTSTART:20260105T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO", duration=timedelta(minutes=50)
)


def solo(*extra: object) -> Policy:
    rules = [
        NoCallsDuringSessions(),
        AfterHours(hours=OFFICE),
        OutreachBoundary(),
        NoPersonalNumbers(),
        SchedulingOnlyLine(),
        FrequencyFlag(limit=4, period=timedelta(days=7)),
        *extra,
    ]
    return Policy(zone="America/New_York", holidays=["US"], emergency=EMERGENCY, rules=rules)


class TestSessions:
    def test_a_call_that_rings_during_a_session_goes_to_voicemail(self) -> None:
        v = solo().in_bounds(Contact(t("2026-11-23T10:20-05:00")), sessions=[WEEKLY_MONDAY_10])
        assert not v.allowed
        assert v.route.kind is RouteKind.VOICEMAIL
        assert v.reasons[0].rule == "no_calls_during_sessions"
        assert "until 10:50" in v.reasons[0].text

    def test_sessions_are_half_open(self) -> None:
        policy = solo()
        assert policy.in_bounds(
            Contact(t("2026-11-23T10:50-05:00")), sessions=[WEEKLY_MONDAY_10]
        ).allowed
        assert not policy.in_bounds(
            Contact(t("2026-11-23T10:00-05:00")), sessions=[WEEKLY_MONDAY_10]
        ).allowed

    def test_explicit_sessions_as_pairs(self) -> None:
        session = (t("2026-11-24T14:00-05:00"), t("2026-11-24T14:50-05:00"))
        assert (
            not solo().in_bounds(Contact(t("2026-11-24T14:10-05:00")), sessions=[session]).allowed
        )
        assert solo().in_bounds(Contact(t("2026-11-24T15:10-05:00")), sessions=[session]).allowed

    def test_a_standing_schedule_on_the_rule(self) -> None:
        rule = NoCallsDuringSessions(schedule=SessionSchedule(series=[WEEKLY_MONDAY_10]))
        policy = Policy(zone="America/New_York", rules=[rule])
        assert not policy.in_bounds(Contact(t("2026-11-23T10:30-05:00"))).allowed

    def test_the_weekly_session_keeps_its_wall_time_across_dst(self) -> None:
        # 10:00 EDT in October, 10:00 EST in November.
        policy = solo()
        assert not policy.in_bounds(
            Contact(t("2026-10-26T10:30-04:00")), sessions=[WEEKLY_MONDAY_10]
        ).allowed
        assert not policy.in_bounds(
            Contact(t("2026-11-02T10:30-05:00")), sessions=[WEEKLY_MONDAY_10]
        ).allowed

    def test_rrule_with_tzid_and_exdate(self) -> None:
        series = SessionSeries(
            rrule="DTSTART;TZID=Europe/London:20260105T090000\n"
            "RRULE:FREQ=WEEKLY;BYDAY=MO\nEXDATE;TZID=Europe/London:20261123T090000",
            duration=timedelta(minutes=50),
        )
        policy = solo()
        # 09:30 London is 04:30 New York; outside office hours anyway, so test the rule alone.
        rule_only = Policy(zone="America/New_York", rules=[NoCallsDuringSessions()])
        assert not rule_only.in_bounds(
            Contact(t("2026-11-16T09:30+00:00")), sessions=[series]
        ).allowed
        assert rule_only.in_bounds(Contact(t("2026-11-23T09:30+00:00")), sessions=[series]).allowed
        assert policy.in_bounds(Contact(t("2026-11-23T12:00-05:00")), sessions=[series]).allowed

    @pytest.mark.parametrize(
        ("fields", "allowed"),
        [
            ({"urgency": "crisis"}, True),
            ({"topic": "administrative"}, True),
            ({"urgency": "urgent", "expected": True}, True),
            ({"urgency": "urgent"}, False),
            ({"expected": True}, False),
        ],
    )
    def test_exceptions(self, fields: dict[str, object], allowed: bool) -> None:
        contact = Contact(t("2026-11-23T10:20-05:00"), **fields)
        v = solo().in_bounds(contact, sessions=[WEEKLY_MONDAY_10])
        assert v.allowed is allowed

    def test_exceptions_can_be_switched_off(self) -> None:
        rule = NoCallsDuringSessions(allow_administrative=False, allow_expected_urgent=False)
        policy = Policy(zone="America/New_York", rules=[rule])
        for fields in ({"topic": "administrative"}, {"urgency": "urgent", "expected": True}):
            contact = Contact(t("2026-11-23T10:20-05:00"), **fields)
            assert not policy.in_bounds(contact, sessions=[WEEKLY_MONDAY_10]).allowed

    def test_texts_are_not_calls(self) -> None:
        v = solo().in_bounds(
            Contact(t("2026-11-23T10:20-05:00"), channel="text"), sessions=[WEEKLY_MONDAY_10]
        )
        assert v.allowed


class TestAfterHours:
    def test_after_hours_goes_to_voicemail_with_the_emergency_path(self) -> None:
        v = solo().in_bounds(Contact(t("2026-11-21T20:00-05:00")))  # Saturday evening
        assert not v.allowed
        assert v.route.kind is RouteKind.VOICEMAIL
        assert "911" in v.route.instructions
        assert "988" in v.route.instructions
        assert "+1-555-010-0177" in v.route.instructions
        assert "reopen Mon 2026-11-23 09:00 EST" in v.reasons[0].text

    def test_within_hours_is_answered(self) -> None:
        v = solo().in_bounds(Contact(t("2026-11-23T11:00-05:00")))
        assert v.allowed
        assert v.route.kind is RouteKind.ANSWER

    def test_holidays_are_after_hours(self) -> None:
        assert not solo().in_bounds(Contact(t("2026-11-26T11:00-05:00"))).allowed

    def test_routing_to_the_emergency_contact_names_it(self) -> None:
        policy = Policy(
            zone="America/New_York",
            emergency=EMERGENCY,
            rules=[AfterHours(hours=OFFICE, route="emergency_contact")],
        )
        v = policy.in_bounds(Contact(t("2026-11-21T20:00-05:00")))
        assert v.route.to == "On-call clinician Dr. Rivera: +1-555-010-0177"

    def test_routing_to_an_emergency_contact_needs_one(self) -> None:
        message = (
            r"^rules\[0\]\.route: routes after-hours calls to the emergency contact, but the "
            r"policy has none; add an \[\[emergency\.contacts\]\] entry with a label and a number$"
        )
        with pytest.raises(PolicyValidationError, match=message) as info:
            Policy(
                zone="America/New_York",
                rules=[AfterHours(hours=OFFICE, route="emergency_contact")],
            )
        assert info.value.path == "rules[0].route"

    def test_answering_hours_are_needed(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^rules\[0\]\.hours: after_hours needs"):
            Policy(zone="America/New_York", rules=[AfterHours()])
        policy = Policy(
            zone="America/New_York", rules=[AfterHours(), OperatingHours(calendar=OFFICE)]
        )
        assert not policy.in_bounds(Contact(t("2026-11-21T20:00-05:00"))).allowed


class TestLines:
    def test_a_text_to_a_personal_number(self) -> None:
        v = solo().in_bounds(Contact(t("2026-11-23T12:00-05:00"), channel="text", line="personal"))
        assert not v.allowed
        assert v.route.kind is RouteKind.OFFICE_LINE
        assert v.reasons[0].rule == "no_personal_numbers"

    def test_the_therapist_calling_from_a_personal_number(self) -> None:
        contact = Contact(
            t("2026-11-23T12:00-05:00"), direction="outbound", line="personal", scheduled=True
        )
        assert not solo().in_bounds(contact).allowed

    def test_a_clinical_question_on_the_scheduling_line(self) -> None:
        v = solo().in_bounds(
            Contact(t("2026-11-23T12:00-05:00"), line="scheduling", topic="clinical")
        )
        assert not v.allowed
        assert v.route.kind is RouteKind.OFFICE_LINE
        assert "scheduling only" in v.reasons[0].text

    def test_scheduling_on_the_scheduling_line_is_fine(self) -> None:
        for topic in ("scheduling", None):
            contact = Contact(t("2026-11-23T12:00-05:00"), line="scheduling", topic=topic)
            assert solo().in_bounds(contact).allowed

    def test_a_personal_number_wins_the_route_over_after_hours(self) -> None:
        v = solo().in_bounds(Contact(t("2026-11-21T20:00-05:00"), line="personal"))
        assert v.route.kind is RouteKind.OFFICE_LINE  # fixed order: personal number first
        assert {r.rule for r in v.reasons} >= {"no_personal_numbers", "after_hours"}


class TestOutreach:
    def test_a_check_in_the_day_after_a_session(self) -> None:
        v = solo().in_bounds(Contact(t("2026-11-24T11:00-05:00"), direction="outbound"))
        assert not v.allowed
        assert v.route.kind is RouteKind.SECURE_PLATFORM

    @pytest.mark.parametrize(
        "fields",
        [
            {"urgency": "crisis"},
            {"scheduled": True},
            {"channel": "secure_message"},
            {"line": "secure_platform", "channel": "text"},
        ],
    )
    def test_exceptions(self, fields: dict[str, object]) -> None:
        contact = Contact(t("2026-11-24T11:00-05:00"), direction="outbound", **fields)
        assert solo().in_bounds(contact).allowed

    def test_flag_mode_only_flags(self) -> None:
        policy = Policy(zone="America/New_York", rules=[OutreachBoundary(mode="flag")])
        v = policy.in_bounds(Contact(t("2026-11-24T11:00-05:00"), direction="outbound"))
        assert v.allowed
        assert [f.rule for f in v.flags] == ["outreach"]


class TestFrequency:
    EARLIER = tuple(t(f"2026-11-{d}T09:00-05:00") for d in (17, 18, 19, 20))

    def test_the_fifth_call_this_week_is_flagged_not_refused(self) -> None:
        v = solo().in_bounds(Contact(t("2026-11-23T12:00-05:00")), history=self.EARLIER)
        assert v.allowed
        assert v.route.kind is RouteKind.ANSWER
        assert [f.rule for f in v.flags] == ["frequency"]
        assert "5 contacts within 7 days (limit 4)" in v.flags[0].text

    def test_the_fourth_is_not(self) -> None:
        v = solo().in_bounds(Contact(t("2026-11-23T12:00-05:00")), history=self.EARLIER[1:])
        assert v.flags == ()

    def test_the_window_is_rolling(self) -> None:
        # 2026-11-16 09:00 is more than 7 days before 2026-11-23 12:00: not counted.
        history = (t("2026-11-16T09:00-05:00"), *self.EARLIER[1:])
        assert solo().in_bounds(Contact(t("2026-11-23T12:00-05:00")), history=history).flags == ()

    def test_history_of_contacts_counts_only_inbound(self) -> None:
        history = [Contact(at) for at in self.EARLIER[:3]]
        history.append(Contact(self.EARLIER[3], direction="outbound"))
        assert solo().in_bounds(Contact(t("2026-11-23T12:00-05:00")), history=history).flags == ()

    def test_a_history_object(self) -> None:
        class Log:
            def count_between(self, start: datetime, end: datetime) -> int:
                assert end - start == timedelta(days=7)
                return 9

        v = solo().in_bounds(Contact(t("2026-11-23T12:00-05:00")), history=Log())
        assert "10 contacts" in v.flags[0].text

    def test_bad_history(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"^history\[0\]="):
            solo().in_bounds(
                Contact(t("2026-11-23T12:00-05:00")), history=[datetime(2026, 11, 20)]
            )
        with pytest.raises(PolicyValidationError, match=r"^history\[0\]='yesterday' is neither"):
            solo().in_bounds(Contact(t("2026-11-23T12:00-05:00")), history=["yesterday"])

    @pytest.mark.parametrize("history", [[1, 2], "abc", 5])
    def test_history_is_checked_even_without_a_frequency_rule(self, history: object) -> None:
        policy = Policy(zone="America/New_York", rules=[NoPersonalNumbers()])
        with pytest.raises(PolicyValidationError, match=r"^history"):
            policy.in_bounds(Contact(t("2026-11-23T12:00-05:00")), history=history)

    def test_a_bare_datetime_is_an_inbound_call(self) -> None:
        # One rule: a bare datetime counts as Contact(at) would, an inbound call.
        texts_only = Policy(
            zone="America/New_York",
            rules=[FrequencyFlag(limit=1, period=timedelta(days=7), channels=["text"])],
        )
        now = Contact(t("2026-11-23T12:00-05:00"), channel="text")
        assert texts_only.in_bounds(now, history=self.EARLIER).flags == ()
        as_texts = [Contact(at, channel="text") for at in self.EARLIER]
        assert texts_only.in_bounds(now, history=as_texts).flags != ()
        outbound = Policy(
            zone="America/New_York",
            rules=[FrequencyFlag(limit=1, period=timedelta(days=7), direction="outbound")],
        )
        call_out = Contact(t("2026-11-23T12:00-05:00"), direction="outbound")
        assert outbound.in_bounds(call_out, history=self.EARLIER).flags == ()

    def test_a_history_object_must_count(self) -> None:
        class Log:
            def count_between(self, start: datetime, end: datetime) -> object:
                return "many"

        with pytest.raises(
            PolicyValidationError, match=r"^history\.count_between\(\.\.\.\) returned"
        ):
            solo().in_bounds(Contact(t("2026-11-23T12:00-05:00")), history=Log())


class TestCrisis:
    def test_a_crisis_call_at_2am_on_a_holiday(self) -> None:
        v = solo().in_bounds(Contact(t("2026-11-26T02:00-05:00"), urgency="crisis"))
        assert v.route.kind is RouteKind.EMERGENCY
        assert v.route.to == "On-call clinician Dr. Rivera: +1-555-010-0177"
        assert "911" in v.route.instructions
        assert "988" in v.route.instructions
        assert v.reasons[0].rule == "crisis"

    def test_without_an_emergency_path_the_default_gives_911_and_988(self) -> None:
        policy = Policy(zone="America/New_York", rules=[NoPersonalNumbers()])
        v = policy.in_bounds(
            Contact(t("2026-11-26T02:00-05:00"), urgency="crisis", line="personal")
        )
        assert v.route.kind is RouteKind.EMERGENCY
        assert "911" in v.route.instructions
        assert "988" in v.route.instructions


class TestCrisisReasonsAgreeWithTheRoute:
    """A crisis is routed to the emergency path, and no reason tells the person otherwise."""

    @pytest.mark.parametrize(
        "fields",
        [
            {},  # after hours on a holiday
            {"line": "personal"},
            {"line": "scheduling", "topic": "clinical"},
        ],
    )
    def test_no_reason_sends_a_crisis_to_voicemail_or_another_line(
        self, fields: dict[str, object]
    ) -> None:
        v = solo().in_bounds(Contact(t("2026-11-26T02:00-05:00"), urgency="crisis", **fields))
        assert v.route.kind is RouteKind.EMERGENCY
        said = " ".join(r.text for r in v.reasons)
        assert "goes to voicemail" not in said
        assert "use the practice's office line" not in said or "crisis goes to" in said

    def test_after_hours_says_nobody_answers_now(self) -> None:
        v = solo().in_bounds(Contact(t("2026-11-26T02:00-05:00"), urgency="crisis"))
        (after,) = [r for r in v.reasons if r.rule == "after_hours"]
        assert "nobody answers now, so a crisis goes straight to the emergency path" in after.text
        assert not v.allowed


class TestPrecedence:
    def test_the_rule_classes_are_in_precedence_order(self) -> None:
        from contact_policy.boundaries import BOUNDARY_RULES

        order = [cls.precedence for cls in BOUNDARY_RULES]
        assert order == sorted(order)
        assert len(set(order)) == len(order)

    def test_reasons_follow_the_precedence_whatever_the_names(self) -> None:
        # A personal number after hours: the personal-number rule comes first, so its route.
        policy = Policy(
            zone="America/New_York",
            holidays=["US"],
            rules=[
                AfterHours(hours={"mon-fri": ["09:00-17:00"]}, name="aaa"),
                NoPersonalNumbers(name="zzz"),
            ],
        )
        v = policy.in_bounds(Contact(t("2026-11-21T20:00-05:00"), line="personal"))
        assert [r.rule for r in v.reasons] == ["zzz", "aaa"]
        assert v.route.kind is RouteKind.OFFICE_LINE

    def test_answering_hours_take_the_policys_holidays(self) -> None:
        policy = Policy(
            zone="America/New_York",
            holidays=["US"],
            rules=[AfterHours(hours={"mon-fri": ["09:00-17:00"]})],
        )
        v = policy.in_bounds(Contact(t("2026-11-26T10:00-05:00")))  # Thanksgiving
        assert not v.allowed
        assert v.route.kind is RouteKind.VOICEMAIL

    def test_exceptions_without_hours_are_an_error(self) -> None:
        with pytest.raises(
            PolicyValidationError, match=r"^holidays: gives 'holidays' but no hours"
        ):
            AfterHours(holidays=["US"])


class TestCombination:
    def test_no_rules_means_in_bounds(self) -> None:
        v = Policy(zone="America/New_York").in_bounds(Contact(t("2026-11-23T12:00-05:00")))
        assert v.allowed
        assert v.route.kind is RouteKind.ANSWER
        assert v.reasons[0].rule == "policy"

    def test_a_forbid_wins_over_an_allow(self) -> None:
        # Inside hours (after_hours allows) but during a session (forbids).
        v = solo().in_bounds(Contact(t("2026-11-23T10:20-05:00")), sessions=[WEEKLY_MONDAY_10])
        assert not v.allowed
        assert {r.rule for r in v.reasons} == {"no_calls_during_sessions", "after_hours"}

    def test_verdicts_serialise(self) -> None:
        v = solo().in_bounds(Contact(t("2026-11-21T20:00-05:00")))
        data = v.to_json_dict()
        assert data["allowed"] is False
        assert data["route"]["kind"] == "voicemail"
        assert all(set(r) == {"rule", "text"} for r in data["reasons"])

    def test_policies_with_boundaries_round_trip(self) -> None:
        policy = solo(NoCallsDuringSessions(schedule=SessionSchedule(series=[WEEKLY_MONDAY_10])))
        assert Policy.model_validate_json(policy.model_dump_json()) == policy


class TestDefaultPolicy:
    def test_no_calls_in_session_except_emergencies(self) -> None:
        policy = default_policy()
        session = [(t("2026-11-23T10:00-05:00"), t("2026-11-23T10:50-05:00"))]
        assert not policy.in_bounds(Contact(t("2026-11-23T10:20-05:00")), sessions=session).allowed
        crisis = Contact(t("2026-11-23T10:20-05:00"), urgency="crisis")
        v = policy.in_bounds(crisis, sessions=session)
        assert v.allowed
        assert v.route.kind is RouteKind.EMERGENCY

    def test_after_hours_voicemail_gives_911_and_988(self) -> None:
        v = default_policy().in_bounds(Contact(t("2026-11-20T18:30-05:00")))
        assert v.route.kind is RouteKind.VOICEMAIL
        assert "911" in v.route.instructions
        assert "988" in v.route.instructions

    def test_greeting(self) -> None:
        greeting = default_policy().voicemail_greeting()
        assert "leave a voicemail" in greeting
        assert "911" in greeting
        assert "988" in greeting


class TestCli:
    def test_in_bounds_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        status = main(
            [
                "in-bounds",
                "--at",
                "2026-11-23T10:20-05:00",
                "--session",
                "2026-11-23T10:00-05:00/2026-11-23T10:50-05:00",
            ]
        )
        out = capsys.readouterr().out
        assert status == 0
        assert "allowed:   no" in out
        assert "route:     voicemail" in out
        assert "no_calls_during_sessions" in out

    def test_in_bounds_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        status = main(
            ["in-bounds", "--at", "2026-11-26T02:00-05:00", "--urgency", "crisis", "--json"]
        )
        data = json.loads(capsys.readouterr().out)
        assert status == 0
        assert data["route"]["kind"] == "emergency"
        assert {"allowed", "route", "reasons", "flags"} <= set(data)

    def test_in_bounds_history_flags(self, capsys: pytest.CaptureFixture[str]) -> None:
        policy_args: list[str] = []
        recent = [a for d in (17, 18, 19, 20) for a in ("--recent", f"2026-11-{d}T09:00-05:00")]
        main(["in-bounds", "--at", "2026-11-23T12:00-05:00", *recent, *policy_args])
        assert "!" not in capsys.readouterr().out  # the default policy has no frequency rule

    @pytest.mark.parametrize(
        "args",
        [
            ["in-bounds", "--at", "2026-11-23T10:20"],
            ["in-bounds", "--at", "2026-11-23T10:20-05:00", "--session", "10:00-10:50"],
            ["in-bounds", "--at", "2026-11-23T10:20-05:00", "--line", "pager"],
        ],
    )
    def test_bad_input_exits_2_with_one_line(
        self, args: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        with pytest.raises(SystemExit) as info:
            main(args)
        assert info.value.code == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "Traceback" not in err


def test_errors_are_ours() -> None:
    with pytest.raises(ContactPolicyError):
        FrequencyFlag(limit=0, period=timedelta(days=7))
    with pytest.raises(ContactPolicyError):
        FrequencyFlag(limit=3, period=timedelta(days=-1))


class TestDescribe:
    """Each boundary rule in words for clients (``PolicyHistory.changes()`` quotes them)."""

    @pytest.mark.parametrize(
        ("rule", "words"),
        [
            (
                AfterHours(),
                "calls outside answering hours go to voicemail, whose greeting gives the "
                "emergency path",
            ),
            (
                AfterHours(hours={"mon-fri": ["08:00-18:00"]}, holidays=[], channels=["call"]),
                "calls outside answering hours (Mon–Fri 08:00–18:00; open on holidays) go to "
                "voicemail, whose greeting gives the emergency path",
            ),
            (
                NoPersonalNumbers(),
                "personal numbers are out of bounds: reach the practice on its office line or the "
                "secure platform",
            ),
            (
                SchedulingOnlyLine(
                    lines=["scheduling", "secure_platform"],
                    forbidden_topics=["clinical", "billing"],
                ),
                "the scheduling and secure platform lines are for scheduling only: clinical and "
                "billing questions belong on the office line or in session",
            ),
            (
                NoCallsDuringSessions(allow_administrative=False, allow_expected_urgent=False),
                "calls are not taken during another client's session: leave a voicemail and it "
                "will be returned (except a crisis)",
            ),
            (
                OutreachBoundary(),
                "the therapist does not contact you between sessions, except for crisis "
                "check-ins, pre-scheduled calls and messages on the secure platform",
            ),
            (
                FrequencyFlag(limit=1, period=timedelta(days=14), direction="outbound"),
                "frequent contact from the therapist (over 1 in 2 weeks) is discussed at your "
                "next session, never refused",
            ),
        ],
        ids=lambda r: getattr(r, "kind", "words"),
    )
    def test_words(self, rule: Any, words: str) -> None:
        assert rule.describe() == words
