"""Example tests for the call-return rules as values (``contact_policy.rules``): how they are
written, what they inherit from their policy, and the mistakes they refuse. How they compose
into answers is test_policy.py's."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from contact_policy import (
    BusinessCalendar,
    CallbackWindow,
    Contact,
    EmergencyContact,
    EmergencyPath,
    OperatingHours,
    Policy,
    PolicyValidationError,
    Turnaround,
    VoicemailGate,
    parse_policy,
)
from contact_policy.policy import DEFAULT_EMERGENCY_INSTRUCTIONS
from tests.helpers import NEW_YORK, WEEKDAYS, assert_at, assert_due, call, exact, on, policy, t

TWENTY_FOUR_HOURS = Turnaround.hours(24, skip=("sat", "sun", "holidays"))
#: Wed 2026-11-25 16:00: the day before Thanksgiving, an hour before closing.
THANKSGIVING_EVE_4PM = "2026-11-25T16:00-05:00"


class TestWeekdayRanges:
    def test_a_range_is_its_days(self) -> None:
        ranged = OperatingHours.weekly(NEW_YORK, {"mon-fri": [("09:00", "17:00")]})
        assert ranged == OperatingHours.weekly(NEW_YORK, on(WEEKDAYS, ("09:00", "17:00")))

    def test_lists_and_ranges_together(self) -> None:
        cal = BusinessCalendar.weekly(
            "UTC", {"mon,wed": ["08:00-09:00"], "fri-sun": ["10:00-11:00"]}
        )
        assert cal.hours.days_open == ("mon", "wed", "fri", "sat", "sun")

    def test_a_range_wraps_past_sunday(self) -> None:
        cal = BusinessCalendar.weekly("UTC", {"Sat-Mon": ["10:00-12:00"]})
        assert cal.hours.days_open == ("mon", "sat", "sun")

    def test_full_names_and_dashes_people_type(self) -> None:
        cal = BusinessCalendar.weekly("UTC", {"Monday–Friday": ["09:00-17:00"]})
        assert cal.hours.days_open == WEEKDAYS

    def test_in_a_policy_file(self) -> None:
        text = """
zone = "America/New_York"
holidays = ["US"]
[[rules]]
kind = "turnaround"
clock = "business_hours"
within = "PT2H"
[[rules]]
kind = "operating_hours"
[rules.hours]
mon-thu = [["09:00", "17:00"]]
"fri,sat" = [["09:00", "12:00"]]
"""
        p = parse_policy(text, format="toml")
        assert p.operating_hours is not None
        assert p.operating_hours.hours.days_open == ("mon", "tue", "wed", "thu", "fri", "sat")
        assert p.operating_hours.hours.sat == p.operating_hours.hours.fri

    def test_a_day_twice_names_both_keys(self) -> None:
        message = "hours.wed: day 'wed' is given twice (in 'mon-fri' and 'wed')"
        with pytest.raises(PolicyValidationError, match=exact(message)) as info:
            BusinessCalendar.weekly("UTC", {"mon-fri": ["09:00-17:00"], "wed": ["18:00-19:00"]})
        assert info.value.path == "hours.wed"

    def test_an_unknown_day_in_a_range(self) -> None:
        message = (
            "hours.mon-fry: unknown day 'fry'; use one of mon, tue, wed, thu, fri, sat, sun, a "
            "range such as 'mon-fri' or a list such as 'mon,wed'"
        )
        with pytest.raises(PolicyValidationError, match=exact(message)):
            BusinessCalendar.weekly("UTC", {"mon-fry": ["09:00-17:00"]})

    def test_callback_window_days_and_turnaround_skip_take_ranges(self) -> None:
        assert CallbackWindow.daily("08:00", "09:00", days="mon-wed").hours.days_open == (
            "mon",
            "tue",
            "wed",
        )
        assert Turnaround.hours(24, skip=("sat-sun", "holidays")).skip == (
            "sat",
            "sun",
            "holidays",
        )


class TestHoursInheritThePolicy:
    """A calendar inside a policy takes the policy's zone and holidays unless it says
    otherwise (stated once, on the policy)."""

    def test_operating_hours_close_on_the_policys_holidays(self) -> None:
        # 2 business hours from Wed 16:00: 1 h on Wednesday, Thanksgiving is closed, 1 h on
        # Friday: due Fri 10:00 (before, the hours knew no holidays: Thu 10:00).
        p = Policy(
            zone=NEW_YORK,
            holidays=["US"],
            rules=[
                Turnaround.business_hours(2),
                OperatingHours.weekly(NEW_YORK, {"mon-fri": ["09:00-17:00"]}),
            ],
        )
        assert_due(p, call(THANKSGIVING_EVE_4PM), "2026-11-27T10:00-05:00")

    def test_the_zone_too(self) -> None:
        p = Policy(
            zone=NEW_YORK,
            holidays=["US"],
            rules=[
                Turnaround.business_hours(2),
                OperatingHours(hours={"mon-fri": ["09:00-17:00"]}),
            ],
        )
        assert p.operating_calendar is not None
        assert p.operating_calendar.zone == NEW_YORK
        assert_due(p, call(THANKSGIVING_EVE_4PM), "2026-11-27T10:00-05:00")

    def test_hours_that_say_otherwise_keep_their_own(self) -> None:
        open_on_holidays = OperatingHours(hours={"mon-fri": ["09:00-17:00"]}, holidays=[])
        p = policy(Turnaround.business_hours(2), open_on_holidays)
        assert_due(p, call(THANKSGIVING_EVE_4PM), "2026-11-26T10:00-05:00")

    def test_the_older_calendar_form_inherits_too(self) -> None:
        cal = BusinessCalendar.weekly(NEW_YORK, {"mon-fri": ["09:00-17:00"]})
        p = policy(Turnaround.business_hours(2), OperatingHours(calendar=cal))
        assert_due(p, call(THANKSGIVING_EVE_4PM), "2026-11-27T10:00-05:00")

    def test_hours_in_another_zone_are_an_error(self) -> None:
        message = (
            "rules[1].zone: these hours are in America/Chicago but the policy is in "
            "America/New_York; leave the zone out to use the policy's, or set other_zone = true "
            "if they really are kept in another zone"
        )
        with pytest.raises(PolicyValidationError, match=exact(message)):
            policy(
                Turnaround.business_hours(2),
                OperatingHours.weekly("America/Chicago", {"mon-fri": ["09:00-17:00"]}),
            )

    def test_unless_stated(self) -> None:
        chicago = OperatingHours.weekly(
            "America/Chicago", {"mon-fri": ["09:00-17:00"]}, other_zone=True
        )
        p = policy(Turnaround.business_hours(2), chicago)
        # Mon 09:00 New York is 08:00 in Chicago: the clock starts at 10:00 New York.
        assert_due(p, call("2026-11-23T09:00-05:00"), "2026-11-23T12:00-05:00")

    def test_a_rule_without_a_zone_has_no_calendar_of_its_own(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^OperatingHours takes its zone") as info:
            _ = OperatingHours(hours={"mon": ["09:00-17:00"]}).calendar
        assert info.value.path == "zone"

    def test_in_a_policy_file(self) -> None:
        text = """
zone = "America/New_York"
holidays = ["US"]
[[rules]]
kind = "turnaround"
clock = "business_hours"
within = "PT2H"
[[rules]]
kind = "operating_hours"
[rules.hours]
mon-fri = [["09:00", "17:00"]]
"""
        assert_due(
            parse_policy(text, format="toml"), call(THANKSGIVING_EVE_4PM), "2026-11-27T10:00-05:00"
        )

    def test_round_trip_keeps_what_was_left_out(self) -> None:
        oh = OperatingHours(hours={"mon-fri": ["09:00-17:00"]})
        back = OperatingHours.model_validate_json(oh.model_dump_json())
        assert back == oh
        assert (back.zone, back.holidays) == (None, None)


class TestCallbackWindowsAndHolidays:
    """Windows are closed on the policy's holidays unless the window says otherwise."""

    def test_no_callback_on_a_holiday(self) -> None:
        # "24 h not counting weekends and holidays", "I return calls 8-9 am". Wed 10:00 ->
        # deadline Fri 10:00 (Thanksgiving skipped); Thanksgiving 08:00 is not a window.
        p = policy(TWENTY_FOUR_HOURS, CallbackWindow.daily("08:00", "09:00"))
        o = p.return_by(call("2026-11-25T10:00-05:00"))
        assert_at(o.earliest, "2026-11-27T08:00-05:00")
        assert_at(o.due, "2026-11-27T09:00-05:00")
        assert not o.conflict

    def test_a_window_open_on_holidays(self) -> None:
        window = CallbackWindow.daily("08:00", "09:00", holidays=[])
        o = policy(TWENTY_FOUR_HOURS, window).return_by(call("2026-11-25T10:00-05:00"))
        assert_at(o.earliest, "2026-11-26T08:00-05:00")

    def test_a_window_in_the_clients_zone_keeps_the_practices_holidays(self) -> None:
        window = CallbackWindow.daily("08:00", "09:00", zone="client")
        # Wed 11:00 New York is 10:00 in Chicago, after its 08-09 window; Thursday is
        # Thanksgiving; Friday's window is 09:00-10:00 New York, before the Fri 11:00 deadline.
        o = policy(TWENTY_FOUR_HOURS, window).return_by(
            call("2026-11-25T11:00-05:00", client_zone="America/Chicago")
        )
        assert_at(o.earliest, "2026-11-27T09:00-05:00")
        assert_at(o.due, "2026-11-27T10:00-05:00")


class TestBusinessDaysSkip:
    def test_with_operating_hours_skip_is_an_error(self) -> None:
        # It was silently ignored: the business days are the days the practice opens.
        message = (
            "rules[0].skip: with operating hours, business days are the days the practice "
            "opens, so 'skip' would be ignored; remove it, or close those days in the "
            "operating hours"
        )
        hours = OperatingHours(hours={"mon-fri": ["09:00-17:00"]})
        with pytest.raises(PolicyValidationError, match=exact(message)):
            policy(Turnaround.business_days(1, skip=("fri",)), hours)

    def test_business_hours_with_skip_is_the_same_kind_of_error(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^skip: clock='business_hours'"):
            Turnaround(clock="business_hours", within=timedelta(hours=8), skip=("fri",))

    def test_without_operating_hours_skip_chooses_the_business_days(self) -> None:
        # Thu 2026-11-19: Friday is skipped, so the 1st business day is Saturday (holidays and
        # weekends are business days once skip names only Friday).
        p = policy(Turnaround.business_days(1, skip=("fri",)))
        assert_due(p, call("2026-11-19T10:00-05:00"), "2026-11-22T00:00-05:00")


class TestClockVocabulary:
    @pytest.mark.parametrize(
        ("written", "clock"),
        [
            ("hours", "hours"),
            ("calendar", "hours"),
            ("business_hours", "business_hours"),
            ("business", "business_hours"),
            ("business_days", "business_days"),
        ],
    )
    def test_names_and_their_older_aliases(self, written: str, clock: str) -> None:
        fields = {"days": 2} if clock == "business_days" else {"within": timedelta(hours=8)}
        assert Turnaround(clock=written, **fields).clock == clock  # type: ignore[arg-type]

    def test_factories_and_values_share_names(self) -> None:
        assert Turnaround.hours(1).clock == "hours"
        assert Turnaround.business_hours(1).clock == "business_hours"
        assert Turnaround.business_days(1).clock == "business_days"

    def test_files_are_written_with_the_new_names(self) -> None:
        assert (
            '"clock":"business_hours"'
            in Turnaround(clock="business", within=timedelta(hours=2)).model_dump_json()
        )

    def test_errors_use_the_new_names(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"clock='business_hours' counts"):
            policy(Turnaround(clock="business", within=timedelta(hours=2)))


class TestOneTargetPerUrgency:
    def test_a_crisis_has_no_turnaround(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^urgency: a crisis has no turnaround"):
            Turnaround.hours(1, urgency=["crisis"])

    def test_the_second_target_is_named(self) -> None:
        with pytest.raises(PolicyValidationError) as info:
            policy(TWENTY_FOUR_HOURS, VoicemailGate(), Turnaround.hours(4, urgency=["routine"]))
        assert info.value.path == "rules[2].urgency"
        assert "'routine' already has a turnaround (rules[0]" in str(info.value)


class TestEmergencyPath:
    def test_contacts_alone_keep_the_911_and_988_text(self) -> None:
        path = EmergencyPath(contacts=[EmergencyContact(label="On-call", number="555-0100")])
        assert path.instructions == DEFAULT_EMERGENCY_INSTRUCTIONS
        assert "911" in path.instructions
        assert "988" in path.instructions

    def test_a_policy_without_one(self) -> None:
        o = policy(TWENTY_FOUR_HOURS).return_by(call("2026-11-20T15:00-05:00", urgency="crisis"))
        assert o.route is not None
        assert o.route.instructions == DEFAULT_EMERGENCY_INSTRUCTIONS


class TestVoicemailGate:
    def test_gates_is_the_rule(self) -> None:
        gate = VoicemailGate(channels=["call", "text"])
        at = t("2026-11-20T15:00-05:00")
        assert gate.gates(Contact(at))
        assert gate.gates(Contact(at, channel="text"))
        assert not gate.gates(Contact(at, channel="email"))
        assert not gate.gates(Contact(at, voicemail=True))
        assert not gate.gates(Contact(at, urgency="crisis"))

    def test_lists_no_channel(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^channels: lists no channel"):
            VoicemailGate(channels=[])


class TestRuleLabels:
    def test_label_is_the_name_or_the_kind(self) -> None:
        assert TWENTY_FOUR_HOURS.label == "turnaround"
        assert TWENTY_FOUR_HOURS.replace(name="24h").label == "24h"
        assert OperatingHours(hours={"mon": ["09:00-17:00"]}, name="office").label == "office"

    def test_closed_dates_of_stated_hours_are_checked(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^closed: 2026-12-24 is both"):
            OperatingHours(
                hours={"mon": ["09:00-17:00"]},
                closed=[date(2026, 12, 24)],
                special_hours={date(2026, 12, 24): []},
            )


class TestDescribe:
    """Each call-return rule in words for clients (``PolicyHistory.changes()`` quotes them)."""

    @pytest.mark.parametrize(
        ("rule", "words"),
        [
            (Turnaround.hours(24), "within 24 hours"),
            (
                Turnaround.hours(24, skip=("sat", "sun", "holidays")),
                "within 24 hours, not counting weekends and holidays",
            ),
            (Turnaround.business_hours(8), "within 8 hours of operating hours"),
            (Turnaround.business_days(2), "within 2 business days"),
            (Turnaround.business_days(1), "within 1 business day"),
            (
                Turnaround.business_days(3, skip=("fri",)),
                "within 3 business days, not counting Fridays",
            ),
            (
                Turnaround.business_days(2, skip=("sat", "sun", "holidays")),
                "within 2 business days",
            ),
            (VoicemailGate(), "only when you leave a voicemail"),
            (
                VoicemailGate(urgency=["urgent"]),
                "only when you leave a voicemail (for urgent calls)",
            ),
            (OperatingHours(hours={"mon-fri": ["09:00-17:00"]}), "Mon–Fri 09:00–17:00"),
            (
                OperatingHours(
                    hours={"mon,wed,fri": ["09:00-12:00", "13:00-17:00"]}, holidays=["US"]
                ),
                "Mon, Wed and Fri 09:00–12:00 and 13:00–17:00; closed on US holidays",
            ),
            (
                OperatingHours(
                    hours={"mon-fri": ["09:00-17:00"]},
                    special_hours={
                        date(2026, 12, 24): [("09:00", "12:00")],
                        date(2026, 12, 26): [],
                    },
                ),
                "Mon–Fri 09:00–17:00; special hours Thu 24 Dec 2026 09:00–12:00 and Sat 26 Dec "
                "2026 closed",
            ),
            (
                OperatingHours(
                    zone="America/Chicago", other_zone=True, hours={"sat-sun": ["10:00-14:00"]}
                ),
                "Sat and Sun 10:00–14:00 (America/Chicago time)",
            ),
            (CallbackWindow.daily("08:00", "09:00"), "Mon–Fri 08:00–09:00"),
            (
                CallbackWindow.daily("08:00", "09:00", days="mon-sun", zone="client", holidays=[]),
                "every day 08:00–09:00, your local time; also on holidays",
            ),
        ],
        ids=repr,
    )
    def test_words(self, rule: Any, words: str) -> None:
        assert rule.describe() == words

    def test_many_dates_are_counted(self) -> None:
        closed = [date(2026, 12, d) for d in range(21, 31)]
        oh = OperatingHours(hours={"mon-fri": ["09:00-17:00"]}, closed=closed)
        assert oh.describe() == (
            "Mon–Fri 09:00–17:00; closed Mon 21 Dec 2026, Tue 22 Dec 2026, Wed 23 Dec 2026, "
            "Thu 24 Dec 2026, Fri 25 Dec 2026 and 5 more dates"
        )

    def test_a_business_days_turnaround_reads_in_reasons(self) -> None:
        p = policy(Turnaround.business_days(2), OperatingHours(hours={"mon-fri": ["09:00-17:00"]}))
        (reason,) = p.return_by(call("2026-11-20T15:00-05:00")).reasons
        assert reason.text == "within 2 business days: deadline Tue 2026-11-24 17:00 EST"


def test_every_rule_kind_words_its_own_notice_and_fit() -> None:
    # A new rule kind touches its own file: the notice letter's words and the checks against
    # the rest of the policy are the rule class's (RuleBase.notice_removed, .problems_in).
    from contact_policy.history import _ASPECTS
    from contact_policy.policy import RULE_CLASSES

    topics = {a.topic for a in _ASPECTS}
    for kind in RULE_CLASSES:
        name = kind.model_fields["kind"].default
        if kind is Turnaround:  # its own aspects, by urgency
            assert name not in topics
            continue
        assert kind.notice_removed, kind.__name__
        assert name in topics
        assert "problems_in" in {m for c in kind.__mro__ for m in vars(c)}
