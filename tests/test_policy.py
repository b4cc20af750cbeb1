"""Example tests for ``Policy.return_by``: the composed call-return rules (docs/semantics.md
§10–15, docs/rules.md).

Scenarios come from real practices' written call-return policies ("I return calls within 24
hours, not counting weekends and holidays", "I return calls between 8 and 9 am", "if you don't
leave a voicemail I won't call back"); the people and numbers are invented. Every expected
value is worked out by hand from the documented rules, with the arithmetic in a comment.

Calendar used throughout (America/New_York, November 2026): Fri 20, Sat 21, Sun 22, Mon 23,
Tue 24, Wed 25, Thu 26 = Thanksgiving, Fri 27, Mon 30. July 4, 2026 is a Saturday, so Friday
July 3 is the observed holiday. DST starts Sun 2026-03-08 (02:00 EST -> 03:00 EDT) and ends
Sun 2026-11-01 (02:00 EDT -> 01:00 EST).
"""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from contact_policy import (
    CallbackWindow,
    Contact,
    EmergencyContact,
    EmergencyPath,
    OperatingHours,
    Policy,
    PolicyValidationError,
    Reason,
    RouteKind,
    Slot,
    Turnaround,
    UnknownHolidayCalendarError,
    VoicemailGate,
)
from tests.helpers import (
    FRIDAY_3PM,
    NEW_YORK,
    NY,
    WEEKDAYS,
    assert_at,
    assert_due,
    call,
    office,
    on,
    policy,
    t,
    texts,
)

# --- domain helpers ---------------------------------------------------------------------------


def slot(start: str, end: str) -> Slot:
    return Slot(start=t(start).astimezone(NY), end=t(end).astimezone(NY))


#: "I return calls within 24 hours, not counting weekends and holidays."
TWENTY_FOUR_HOURS = Turnaround.hours(24, skip=("sat", "sun", "holidays"))
#: "I return calls between 8 and 9 am" (weekdays, the practice's time).
EIGHT_TO_NINE = CallbackWindow.daily("08:00", "09:00")


# --- the three turnaround clocks (§10) ----------------------------------------------------------


class TestCalendarTurnaround:
    """``Turnaround.hours(24, skip=("sat", "sun", "holidays"))``: real time, paused for whole
    skipped days (midnight to midnight in the practice's zone)."""

    p = policy(TWENTY_FOUR_HOURS)

    def test_friday_afternoon_is_due_monday_same_time(self) -> None:
        # Fri 15:00–24:00 = 9 h; Sat, Sun paused; Mon 00:00 + 15 h = Mon 15:00.
        o = assert_due(self.p, call(FRIDAY_3PM), "2026-11-23T15:00-05:00")
        assert_at(o.deadline, "2026-11-23T15:00-05:00")
        assert_at(o.earliest, FRIDAY_3PM)
        assert o.slots == (slot(FRIDAY_3PM, "2026-11-23T15:00-05:00"),)

    @pytest.mark.parametrize(
        "received",
        ["2026-11-21T10:00-05:00", "2026-11-21T00:00-05:00", "2026-11-22T23:30-05:00"],
        ids=["sat-10am", "sat-midnight", "sun-late"],
    )
    def test_weekend_call_starts_the_clock_monday_midnight(self, received: str) -> None:
        # The clock is paused until Mon 00:00; + 24 h = Tue 00:00.
        assert_due(self.p, call(received), "2026-11-24T00:00-05:00")

    def test_wednesday_before_thanksgiving_is_due_friday(self) -> None:
        # Wed 15:00–24:00 = 9 h; Thu 26 (Thanksgiving) paused; Fri 00:00 + 15 h = Fri 15:00.
        assert_due(self.p, call("2026-11-25T15:00-05:00"), "2026-11-27T15:00-05:00")

    def test_call_on_thanksgiving_is_due_when_friday_ends(self) -> None:
        # Thu paused; Fri 00:00 + 24 h = Sat 00:00, exactly as Friday's clock stops (the
        # earliest instant at which 24 h have run), not the next Monday.
        assert_due(self.p, call("2026-11-26T10:00-05:00"), "2026-11-28T00:00-05:00")

    def test_observed_independence_day_is_skipped(self) -> None:
        # Thu 2026-07-02 15:00–24:00 = 9 h; Fri 3 (observed July 4), Sat 4, Sun 5 paused;
        # Mon 6 00:00 + 15 h = Mon 15:00 EDT.
        assert_due(self.p, call("2026-07-02T15:00-04:00"), "2026-07-06T15:00-04:00")

    def test_forty_eight_hours_span_a_weekend(self) -> None:
        # Thu 19 10:00–24:00 = 14 h; Fri = 24 h (38 h); Sat, Sun paused; Mon + 10 h.
        p = policy(Turnaround.hours(48, skip=("sat", "sun", "holidays")))
        assert_due(p, call("2026-11-19T10:00-05:00"), "2026-11-23T10:00-05:00")

    def test_without_skip_days_the_clock_always_runs(self) -> None:
        assert_due(policy(Turnaround.hours(24)), call(FRIDAY_3PM), "2026-11-21T15:00-05:00")

    def test_holidays_count_unless_skipped(self) -> None:
        # skip=("sat", "sun") only: Thanksgiving counts, so Wed 15:00 + 24 h = Thu 15:00.
        p = policy(Turnaround.hours(24, skip=("sat", "sun")))
        assert_due(p, call("2026-11-25T15:00-05:00"), "2026-11-26T15:00-05:00")

    def test_skipped_holidays_are_the_policys_holiday_calendars(self) -> None:
        # "holidays" means the policy's holidays; a policy with none skips no holiday.
        p = policy(TWENTY_FOUR_HOURS, holidays=[])
        assert_due(p, call("2026-11-25T15:00-05:00"), "2026-11-26T15:00-05:00")

    def test_skipping_weekdays_by_name(self) -> None:
        # A part-time clinician not counting Mondays: Fri 9 h, Sat 24 h (33 h) -> Sat 15:00.
        p = policy(Turnaround.hours(24, skip=("mon",)))
        assert_due(p, call(FRIDAY_3PM), "2026-11-21T15:00-05:00")
        # Sun 20:00–24:00 = 4 h; Mon paused; Tue 00:00 + 20 h = Tue 20:00.
        assert_due(p, call("2026-11-22T20:00-05:00"), "2026-11-24T20:00-05:00")


class TestBusinessHoursTurnaround:
    """``Turnaround.business_hours(8)``: open time of the policy's ``OperatingHours``."""

    p = policy(Turnaround.business_hours(8), office())

    def test_friday_afternoon(self) -> None:
        # 2 h Fri (15–17) + 6 h Mon (09–15).
        o = assert_due(self.p, call(FRIDAY_3PM), "2026-11-23T15:00-05:00")
        assert_at(o.earliest, FRIDAY_3PM)

    def test_after_hours_call_starts_the_clock_at_the_next_opening(self) -> None:
        # Fri 18:00 is closed: the clock starts Mon 09:00; + 8 h = Mon 17:00 (the closing
        # instant is permitted, so nothing moves).
        o = assert_due(self.p, call("2026-11-20T18:00-05:00"), "2026-11-23T17:00-05:00")
        assert_at(o.earliest, "2026-11-23T09:00-05:00")
        said = texts(o, "turnaround")
        assert any("outside operating hours" in s and "2026-11-23 09:00" in s for s in said), said

    def test_lands_on_the_closing_time_not_the_next_opening(self) -> None:
        assert_due(self.p, call("2026-11-23T09:00-05:00"), "2026-11-23T17:00-05:00")

    def test_holidays_of_the_operating_hours_are_closed(self) -> None:
        # 2 h Wed (15–17); Thu 26 Thanksgiving closed; 6 h Fri (09–15).
        assert_due(self.p, call("2026-11-25T15:00-05:00"), "2026-11-27T15:00-05:00")

    def test_before_opening(self) -> None:
        p = policy(Turnaround.business_hours(2), office())
        assert_due(p, call("2026-11-23T07:00-05:00"), "2026-11-23T11:00-05:00")

    def test_lunch_closure_stops_the_clock(self) -> None:
        # Mon–Fri 09–12 and 13–17: Mon 11:00 + 2 h = 1 h before lunch + 1 h after = 14:00.
        split = OperatingHours.weekly(
            NEW_YORK, on(WEEKDAYS, ("09:00", "12:00"), ("13:00", "17:00")), holidays=["US"]
        )
        p = policy(Turnaround.business_hours(2), split)
        assert_due(p, call("2026-11-23T11:00-05:00"), "2026-11-23T14:00-05:00")


class TestBusinessDaysTurnaround:
    """``Turnaround.business_days(N)``: by the close of the N-th business day after the day of
    arrival (which never counts)."""

    def test_by_close_of_the_second_business_day(self) -> None:
        # Wed 25 arrives; Thu 26 closed (Thanksgiving); Fri 27 = 1st; Sat, Sun closed;
        # Mon 30 = 2nd, closing 17:00.
        p = policy(Turnaround.business_days(2), office())
        assert_due(p, call("2026-11-25T15:00-05:00"), "2026-11-30T17:00-05:00")

    @pytest.mark.parametrize(
        "received", ["2026-11-23T07:00-05:00", "2026-11-23T09:00-05:00", "2026-11-23T16:59-05:00"]
    )
    def test_the_day_of_arrival_never_counts(self, received: str) -> None:
        # Even before Monday opens, Monday is not the 1st business day: Tuesday is.
        p = policy(Turnaround.business_days(1), office())
        assert_due(p, call(received), "2026-11-24T17:00-05:00")

    def test_weekend_arrival(self) -> None:
        p = policy(Turnaround.business_days(1), office())
        assert_due(p, call("2026-11-21T12:00-05:00"), "2026-11-23T17:00-05:00")

    def test_close_is_the_end_of_the_days_last_open_interval(self) -> None:
        # Fri 27 opens 09:00–13:00 only (special hours): the 1st business day after Wed 25
        # closes at 13:00.
        short_friday = office(special_hours={date(2026, 11, 27): [("09:00", "13:00")]})
        p = policy(Turnaround.business_days(1), short_friday)
        assert_due(p, call("2026-11-25T15:00-05:00"), "2026-11-27T13:00-05:00")

    def test_without_operating_hours_the_close_is_midnight(self) -> None:
        # Business days are the days not skipped (Sat, Sun and holidays by default):
        # Fri 27 = 1st, Mon 30 = 2nd; its close is the midnight ending it, Tue Dec 1 00:00.
        p = policy(Turnaround.business_days(2))
        assert_due(p, call("2026-11-25T15:00-05:00"), "2026-12-01T00:00-05:00")

    def test_without_operating_hours_skip_days_decide(self) -> None:
        # skip=("sat", "sun"): Thanksgiving is a business day, so the 1st after Wed is Thu,
        # closing at Fri 00:00.
        p = policy(Turnaround.business_days(1, skip=("sat", "sun")))
        assert_due(p, call("2026-11-25T15:00-05:00"), "2026-11-27T00:00-05:00")


# --- restrictions (§12) -------------------------------------------------------------------------


class TestOperatingHours:
    def test_alone_there_is_no_deadline_only_an_earliest_time(self) -> None:
        # No turnaround: nothing sets a deadline; the first permitted moment after a Friday
        # evening call is Monday's opening.
        o = policy(office()).return_by(call("2026-11-20T18:00-05:00"))
        assert o.required
        assert o.due is None
        assert o.deadline is None
        assert_at(o.earliest, "2026-11-23T09:00-05:00")

    def test_due_moves_back_to_the_last_open_moment(self) -> None:
        # Deadline Sat 15:00 (24 h, nothing skipped) is closed: due is the latest permitted
        # moment before it, Friday's closing instant 17:00.
        o = assert_due(
            policy(Turnaround.hours(24), office()), call(FRIDAY_3PM), "2026-11-20T17:00-05:00"
        )
        assert_at(o.deadline, "2026-11-21T15:00-05:00")
        assert_at(o.earliest, FRIDAY_3PM)
        assert o.slots == (slot(FRIDAY_3PM, "2026-11-20T17:00-05:00"),)
        assert any("moved" in s for s in texts(o, "operating_hours")), o.reasons

    def test_after_hours_call_with_a_calendar_clock(self) -> None:
        # Fri 18:00–24:00 = 6 h; Mon 00:00 + 18 h = Mon 18:00, after closing -> Mon 17:00.
        o = assert_due(
            policy(TWENTY_FOUR_HOURS, office()),
            call("2026-11-20T18:00-05:00"),
            "2026-11-23T17:00-05:00",
        )
        assert_at(o.deadline, "2026-11-23T18:00-05:00")
        assert_at(o.earliest, "2026-11-23T09:00-05:00")
        assert o.slots == (slot("2026-11-23T09:00-05:00", "2026-11-23T17:00-05:00"),)
        assert any("outside operating hours" in s for s in texts(o, "operating_hours"))

    def test_deadline_exactly_at_closing_is_kept(self) -> None:
        o = assert_due(
            policy(Turnaround.hours(2), office()), call(FRIDAY_3PM), "2026-11-20T17:00-05:00"
        )
        assert_at(o.deadline, "2026-11-20T17:00-05:00")


class TestCallbackWindow:
    """A window ("I return calls between 8 and 9 am"): due is the end of the last window
    before the deadline."""

    def test_due_is_the_end_of_the_last_window_before_the_deadline(self) -> None:
        # Deadline Mon 15:00; Monday's window 08:00–09:00 is the last one before it.
        o = assert_due(
            policy(TWENTY_FOUR_HOURS, EIGHT_TO_NINE), call(FRIDAY_3PM), "2026-11-23T09:00-05:00"
        )
        assert_at(o.deadline, "2026-11-23T15:00-05:00")
        assert_at(o.earliest, "2026-11-23T08:00-05:00")
        assert o.slots == (slot("2026-11-23T08:00-05:00", "2026-11-23T09:00-05:00"),)
        assert any("moved" in s for s in texts(o, "callback_window")), o.reasons

    def test_next_mornings_window(self) -> None:
        # Tue 10:00 + 24 h = Wed 10:00; Wed's window ends 09:00.
        o = assert_due(
            policy(Turnaround.hours(24), EIGHT_TO_NINE),
            call("2026-11-24T10:00-05:00"),
            "2026-11-25T09:00-05:00",
        )
        assert_at(o.earliest, "2026-11-25T08:00-05:00")

    def test_deadline_inside_a_window_stays(self) -> None:
        # Mon 08:15 + 24 h = Tue 08:15, inside Tuesday's window.
        o = assert_due(
            policy(Turnaround.hours(24), EIGHT_TO_NINE),
            call("2026-11-23T08:15-05:00"),
            "2026-11-24T08:15-05:00",
        )
        assert_at(o.earliest, "2026-11-23T08:15-05:00")
        assert o.slots == (
            slot("2026-11-23T08:15-05:00", "2026-11-23T09:00-05:00"),
            slot("2026-11-24T08:00-05:00", "2026-11-24T08:15-05:00"),
        )

    def test_deadline_at_a_windows_opening_is_permitted(self) -> None:
        # Mon 06:00 + 2 h = 08:00: the window's opening instant is a permitted moment.
        o = assert_due(
            policy(Turnaround.hours(2), EIGHT_TO_NINE),
            call("2026-11-23T06:00-05:00"),
            "2026-11-23T08:00-05:00",
        )
        assert_at(o.earliest, "2026-11-23T08:00-05:00")

    def test_morning_and_evening_windows(self) -> None:
        # Windows 08–09 and 18–19. Mon 10:00 + 24 h = Tue 10:00 -> Tue 09:00; the first
        # permitted moment is Mon 18:00.
        windows = CallbackWindow(hours=on(WEEKDAYS, ("08:00", "09:00"), ("18:00", "19:00")))
        o = assert_due(
            policy(Turnaround.hours(24), windows),
            call("2026-11-23T10:00-05:00"),
            "2026-11-24T09:00-05:00",
        )
        assert_at(o.earliest, "2026-11-23T18:00-05:00")
        assert o.slots == (
            slot("2026-11-23T18:00-05:00", "2026-11-23T19:00-05:00"),
            slot("2026-11-24T08:00-05:00", "2026-11-24T09:00-05:00"),
        )

    def test_two_windows_intersect(self) -> None:
        # 08–10 and 09–11 both hold only 09–10.
        p = policy(
            TWENTY_FOUR_HOURS,
            CallbackWindow.daily("08:00", "10:00"),
            CallbackWindow.daily("09:00", "11:00"),
        )
        o = assert_due(p, call(FRIDAY_3PM), "2026-11-23T10:00-05:00")
        assert_at(o.earliest, "2026-11-23T09:00-05:00")

    def test_window_inside_operating_hours(self) -> None:
        # Lunchtime callbacks 12–13 within 09–17: deadline Mon 15:00 -> Mon 13:00.
        p = policy(TWENTY_FOUR_HOURS, office(), CallbackWindow.daily("12:00", "13:00"))
        o = assert_due(p, call(FRIDAY_3PM), "2026-11-23T13:00-05:00")
        assert_at(o.earliest, "2026-11-23T12:00-05:00")


class TestVoicemailGate:
    """A gate ("if you don't leave a voicemail, I won't call back"), §11."""

    p = policy(Turnaround.hours(24), VoicemailGate())

    def test_no_voicemail_no_return(self) -> None:
        o = self.p.return_by(call(FRIDAY_3PM, voicemail=False))
        assert o.required is False
        assert o.due is None
        assert [r.rule for r in o.reasons] == ["voicemail_gate"]
        assert "voicemail" in o.reasons[0].text

    def test_with_voicemail_a_return_is_owed(self) -> None:
        assert_due(self.p, call(FRIDAY_3PM, voicemail=True), "2026-11-21T15:00-05:00")

    @pytest.mark.parametrize("channel", ["text", "email", "secure_message"])
    def test_a_call_only_gate_does_not_gate_other_channels(self, channel: str) -> None:
        assert_due(
            self.p, call(FRIDAY_3PM, voicemail=False, channel=channel), "2026-11-21T15:00-05:00"
        )

    def test_a_gate_on_texts_gates_texts(self) -> None:
        p = policy(Turnaround.hours(24), VoicemailGate(channels=["call", "text"]))
        assert p.return_by(call(FRIDAY_3PM, voicemail=False, channel="text")).required is False

    def test_urgent_calls_are_gated_by_default(self) -> None:
        o = self.p.return_by(call(FRIDAY_3PM, voicemail=False, urgency="urgent"))
        assert o.required is False

    def test_a_gate_for_routine_calls_lets_urgent_ones_through(self) -> None:
        p = policy(Turnaround.hours(24), VoicemailGate(urgency=["routine"]))
        c = call(FRIDAY_3PM, voicemail=False, urgency="urgent")
        assert_due(p, c, "2026-11-21T15:00-05:00")

    def test_gate_is_named_when_the_rule_has_a_name(self) -> None:
        p = policy(Turnaround.hours(24), VoicemailGate(name="leave a message"))
        o = p.return_by(call(FRIDAY_3PM, voicemail=False))
        assert [r.rule for r in o.reasons] == ["leave a message"]


# --- combinations ----------------------------------------------------------------------------


class TestUrgencyTargets:
    """Urgent: 2 business hours; routine: 24 hours. When several apply, the earliest wins."""

    split = policy(
        Turnaround.hours(24, skip=("sat", "sun", "holidays"), urgency=["routine"]),
        Turnaround.business_hours(2, urgency=["urgent"]),
        office(),
    )

    def test_urgent_call_gets_two_business_hours(self) -> None:
        assert_due(self.split, call(FRIDAY_3PM, urgency="urgent"), "2026-11-20T17:00-05:00")

    def test_urgent_call_late_friday_runs_into_monday(self) -> None:
        # Fri 16:00–17:00 = 1 h; Mon 09:00 + 1 h.
        c = call("2026-11-20T16:00-05:00", urgency="urgent")
        assert_due(self.split, c, "2026-11-23T10:00-05:00")

    def test_routine_call_gets_twenty_four_hours(self) -> None:
        assert_due(self.split, call(FRIDAY_3PM), "2026-11-23T15:00-05:00")

    def test_two_targets_for_one_urgency_fail_validation(self) -> None:
        # The 24-hour target covers routine and urgent calls by default, so the 2-hour urgent
        # one would shadow it (or the other way round): the policy says which.
        message = (
            "rules[1].urgency: 'urgent' already has a turnaround (rules[0]: within 24 hours, "
            "not counting weekends and holidays); each urgency gets exactly one target, so one "
            "of the two would never apply. List the urgencies each turnaround is for, e.g. "
            "urgency = ['routine'] on rules[0]"
        )
        with pytest.raises(PolicyValidationError, match=f"^{re.escape(message)}$") as info:
            policy(
                Turnaround.hours(24, skip=("sat", "sun", "holidays")),
                Turnaround.business_hours(2, urgency=["urgent"]),
                office(),
            )
        assert info.value.path == "rules[1].urgency"

    def test_a_looser_urgent_tier_applies_when_stated(self) -> None:
        # Routine: 2 business hours; urgent: 24 hours (odd, but what the policy says): each
        # urgency gets exactly its own target, never the earlier one.
        p = policy(
            Turnaround.business_hours(2, urgency=["routine"]),
            Turnaround.hours(24, skip=("sat", "sun", "holidays"), urgency=["urgent"]),
            office(),
        )
        assert_due(p, call(FRIDAY_3PM), "2026-11-20T17:00-05:00")
        assert_due(p, call(FRIDAY_3PM, urgency="urgent"), "2026-11-23T15:00-05:00")

    def test_the_turnaround_of_the_urgency_is_the_one_explained(self) -> None:
        slow = Turnaround.business_days(3, urgency=["routine"]).replace(name="three days")
        fast = TWENTY_FOUR_HOURS.replace(name="next business day", urgency=["urgent"])
        o = assert_due(policy(slow, fast, office()), call(FRIDAY_3PM), "2026-11-25T17:00-05:00")
        assert [r.rule for r in o.reasons] == ["three days"]
        o = policy(slow, fast, office()).return_by(call(FRIDAY_3PM, urgency="urgent"))
        assert [r.rule for r in o.reasons] == ["next business day"]

    def test_a_deadline_can_be_moved_by_restrictions(self) -> None:
        # 48 h (nothing skipped) -> Sun 15:00; the office makes Fri 17:00 the last permitted
        # moment before it.
        p = policy(Turnaround.hours(48), office())
        o = assert_due(p, call(FRIDAY_3PM), "2026-11-20T17:00-05:00")
        assert_at(o.deadline, "2026-11-22T15:00-05:00")

    def test_a_turnaround_for_urgent_calls_sets_no_deadline_for_routine_ones(self) -> None:
        p = policy(Turnaround.business_hours(2, urgency=["urgent"]), office())
        o = p.return_by(call(FRIDAY_3PM))
        assert o.required
        assert o.due is None
        assert o.deadline is None


class TestClientZoneWindows:
    """A window in the client's zone (``zone="client"``) is read in ``Contact.client_zone``."""

    rules = (
        TWENTY_FOUR_HOURS,
        office(),
        CallbackWindow.daily("08:00", "09:00", zone="client"),
    )

    def test_los_angeles_client(self) -> None:
        # 08:00–09:00 PST = 11:00–12:00 EST. Deadline Mon 15:00 -> Mon 12:00.
        c = call(FRIDAY_3PM, client_zone="America/Los_Angeles")
        o = assert_due(policy(*self.rules), c, "2026-11-23T12:00-05:00")
        assert_at(o.earliest, "2026-11-23T11:00-05:00")
        assert o.slots == (slot("2026-11-23T11:00-05:00", "2026-11-23T12:00-05:00"),)

    def test_los_angeles_client_morning_call(self) -> None:
        # Fri 10:00 -> deadline Mon 10:00 (Fri 14 h + Mon 10 h); the last 11–12 NY window
        # before it is Friday's.
        c = call("2026-11-20T10:00-05:00", client_zone="America/Los_Angeles")
        o = assert_due(policy(*self.rules), c, "2026-11-20T12:00-05:00")
        assert_at(o.earliest, "2026-11-20T11:00-05:00")

    def test_chicago_client(self) -> None:
        # semantics §12: 08:00–09:00 CST = 09:00–10:00 EST.
        c = call(FRIDAY_3PM, client_zone="America/Chicago")
        o = assert_due(policy(*self.rules), c, "2026-11-23T10:00-05:00")
        assert_at(o.deadline, "2026-11-23T15:00-05:00")
        assert_at(o.earliest, "2026-11-23T09:00-05:00")

    def test_unknown_client_zone_falls_back_to_the_practices(self) -> None:
        p = policy(TWENTY_FOUR_HOURS, CallbackWindow.daily("08:00", "09:00", zone="client"))
        o = assert_due(p, call(FRIDAY_3PM), "2026-11-23T09:00-05:00")
        assert_at(o.earliest, "2026-11-23T08:00-05:00")
        said = texts(o, "callback_window")
        assert any("unknown" in s and "practice" in s for s in said), o.reasons

    def test_a_practice_window_ignores_the_client_zone(self) -> None:
        p = policy(TWENTY_FOUR_HOURS, EIGHT_TO_NINE)
        c = call(FRIDAY_3PM, client_zone="America/Los_Angeles")
        assert_due(p, c, "2026-11-23T09:00-05:00")

    def test_client_zone_with_a_different_dst_date(self) -> None:
        # Mid-March 2026 New York is on EDT (UTC-4) but London still on GMT: 13:00–14:00
        # London = 09:00–10:00 EDT (10:00–11:00 would be wrong, an EST-era offset).
        # Mon 03-16 11:00 + 24 h = Tue 11:00 -> Tue 10:00.
        p = policy(Turnaround.hours(24), CallbackWindow.daily("13:00", "14:00", zone="client"))
        c = call("2026-03-16T11:00-04:00", client_zone="Europe/London")
        o = assert_due(p, c, "2026-03-17T10:00-04:00")
        assert_at(o.earliest, "2026-03-17T09:00-04:00")


class TestDaylightSaving:
    """Durations are real elapsed time; skipped days are whole local days (23 or 25 hours)."""

    def test_spring_forward_without_skips(self) -> None:
        # Sat 12:00 EST = 17:00 UTC; + 24 h = Sun 17:00 UTC = 13:00 EDT.
        p = policy(Turnaround.hours(24))
        assert_due(p, call("2026-03-07T12:00-05:00"), "2026-03-08T13:00-04:00")

    def test_fall_back_without_skips(self) -> None:
        # Sat 12:00 EDT = 16:00 UTC; + 24 h = Sun 16:00 UTC = 11:00 EST.
        p = policy(Turnaround.hours(24))
        assert_due(p, call("2026-10-31T12:00-04:00"), "2026-11-01T11:00-05:00")

    def test_spring_forward_weekend_skipped(self) -> None:
        # Fri 15:00–24:00 EST = 9 h; Sat, Sun (23 h long) paused; Mon 00:00 EDT + 15 h.
        p = policy(Turnaround.hours(24, skip=("sat", "sun")))
        assert_due(p, call("2026-03-06T15:00-05:00"), "2026-03-09T15:00-04:00")

    def test_fall_back_weekend_skipped(self) -> None:
        p = policy(Turnaround.hours(24, skip=("sat", "sun")))
        assert_due(p, call("2026-10-30T15:00-04:00"), "2026-11-02T15:00-05:00")

    def test_spring_forward_sunday_counts_23_hours_of_real_time(self) -> None:
        # Skip Saturdays only: Fri 9 h; Sat paused; Sun 00:00 EST (05:00 UTC) + 15 h = 20:00
        # UTC = 16:00 EDT (the wall clock shows 16:00 because 02:00–03:00 never happened).
        p = policy(Turnaround.hours(24, skip=("sat",)))
        assert_due(p, call("2026-03-06T15:00-05:00"), "2026-03-08T16:00-04:00")

    def test_fall_back_sunday_counts_25_hours_of_real_time(self) -> None:
        # Fri 9 h; Sat paused; Sun 00:00 EDT (04:00 UTC) + 15 h = 19:00 UTC = 14:00 EST.
        p = policy(Turnaround.hours(24, skip=("sat",)))
        assert_due(p, call("2026-10-30T15:00-04:00"), "2026-11-01T14:00-05:00")

    def test_one_hour_inside_the_fold(self) -> None:
        # 01:30 EDT + 1 h = the second 01:30 of the night, 01:30 EST.
        p = policy(Turnaround.hours(1))
        o = assert_due(p, call("2026-11-01T01:30-04:00"), "2026-11-01T01:30-05:00")
        assert o.due is not None
        assert o.due.fold == 1

    def test_business_hours_across_spring_forward(self) -> None:
        # Opening hours are wall time: Fri 15–17 EST (2 h) + Mon 09–15 EDT (6 h).
        p = policy(Turnaround.business_hours(8), office())
        assert_due(p, call("2026-03-06T15:00-05:00"), "2026-03-09T15:00-04:00")

    def test_status_across_spring_forward_is_real_time(self) -> None:
        # Received Sat 17:00 UTC, due Sun 17:00 UTC. At Sun 12:00 EDT (16:00 UTC) 23 h of 24
        # have run, though the wall clock moved from 12:00 to 12:00.
        p = policy(Turnaround.hours(24))
        o = p.return_by(call("2026-03-07T12:00-05:00"))
        s = o.status(t("2026-03-08T12:00-04:00"))
        assert s.state == "due_soon"
        assert s.remaining == timedelta(hours=1)


# --- conflicts (§13) ----------------------------------------------------------------------------


class TestConflicts:
    def test_two_hour_turnaround_with_a_morning_window(self) -> None:
        # Deadline Fri 17:00; no 08–09 window between Fri 15:00 and 17:00. Due: the end of the
        # first window after the deadline, Mon 09:00.
        p = policy(Turnaround.hours(2), EIGHT_TO_NINE)
        o = p.return_by(call(FRIDAY_3PM))
        assert o.required
        assert o.conflict is True
        assert_at(o.due, "2026-11-23T09:00-05:00")
        assert_at(o.earliest, "2026-11-23T08:00-05:00")
        assert_at(o.deadline, "2026-11-20T17:00-05:00")
        assert o.slots == (slot("2026-11-23T08:00-05:00", "2026-11-23T09:00-05:00"),)
        assert any("conflict" in r.text for r in o.reasons), o.reasons

    def test_after_hours_call_with_one_hour_turnaround(self) -> None:
        # Fri 18:00 + 1 h = 19:00; the office reopens Mon 09:00–17:00.
        p = policy(Turnaround.hours(1), office())
        o = p.return_by(call("2026-11-20T18:00-05:00"))
        assert o.conflict is True
        assert_at(o.due, "2026-11-23T17:00-05:00")
        assert_at(o.earliest, "2026-11-23T09:00-05:00")
        assert_at(o.deadline, "2026-11-20T19:00-05:00")

    def test_no_permitted_time_at_all_due_is_the_raw_deadline(self) -> None:
        # A Saturday window with Mon–Fri hours never overlap: flagged, never an exception.
        p = policy(
            TWENTY_FOUR_HOURS, office(), CallbackWindow.daily("08:00", "09:00", days=["sat"])
        )
        o = p.return_by(call(FRIDAY_3PM))
        assert o.required
        assert o.conflict is True
        assert_at(o.deadline, "2026-11-23T15:00-05:00")
        assert_at(o.due, "2026-11-23T15:00-05:00")
        assert any("conflict" in r.text for r in o.reasons), o.reasons

    def test_window_touching_the_opening_time_permits_that_moment(self) -> None:
        # "I return calls between 8 and 9 am" with office hours 09–17: a return at exactly
        # 09:00 is within the window (§12) and inside office hours (§4), so Mon 09:00 is the
        # latest permitted moment before the deadline Mon 15:00.
        p = policy(TWENTY_FOUR_HOURS, office(), EIGHT_TO_NINE)
        o = assert_due(p, call(FRIDAY_3PM), "2026-11-23T09:00-05:00")
        assert_at(o.earliest, "2026-11-23T09:00-05:00")

    def test_no_conflict_when_the_window_ends_at_the_deadline(self) -> None:
        # Mon 07:00 + 2 h = 09:00: a return at exactly 09:00 is within an 08–09 window.
        p = policy(Turnaround.hours(2), EIGHT_TO_NINE)
        o = assert_due(p, call("2026-11-23T07:00-05:00"), "2026-11-23T09:00-05:00")
        assert o.conflict is False


# --- gates, crises and outbound contacts (§11) ------------------------------------------------


ON_CALL = EmergencyContact(label="On-call clinician", number="+1-555-010-0142")
WITH_EMERGENCY = EmergencyPath(
    instructions="In an emergency dial 911, or call or text 988.", contacts=[ON_CALL]
)


class TestCrisis:
    p = policy(
        TWENTY_FOUR_HOURS,
        office(),
        EIGHT_TO_NINE,
        VoicemailGate(),
        emergency=WITH_EMERGENCY,
    )
    thanksgiving_2am = "2026-11-26T02:00-05:00"

    def test_crisis_on_a_holiday_night_is_due_at_once(self) -> None:
        o = self.p.return_by(call(self.thanksgiving_2am, urgency="crisis", voicemail=False))
        assert o.required is True
        assert o.due == o.received
        assert_at(o.due, self.thanksgiving_2am)
        assert_at(o.earliest, self.thanksgiving_2am)
        assert o.conflict is False
        assert o.route is not None
        assert o.route.kind == RouteKind.EMERGENCY
        assert o.route.kind == "emergency"
        for needed in ("911", "988", "+1-555-010-0142"):
            assert needed in o.route.instructions
        assert o.route.to == "On-call clinician: +1-555-010-0142"

    @pytest.mark.parametrize("channel", ["call", "text", "email"])
    def test_never_gated(self, channel: str) -> None:
        c = call(self.thanksgiving_2am, urgency="crisis", voicemail=False, channel=channel)
        o = self.p.return_by(c)
        assert o.required is True
        assert o.status(t("2026-11-26T02:05-05:00")).state == "immediate"

    def test_default_emergency_path_names_911_and_988(self) -> None:
        p = policy(TWENTY_FOUR_HOURS, VoicemailGate())
        o = p.return_by(call(FRIDAY_3PM, urgency="crisis", voicemail=False))
        assert o.route is not None
        assert o.route.kind == RouteKind.EMERGENCY
        assert "911" in o.route.instructions
        assert "988" in o.route.instructions
        assert_at(o.due, FRIDAY_3PM)

    def test_crisis_without_any_rule(self) -> None:
        o = policy().return_by(call(FRIDAY_3PM, urgency="crisis"))
        assert o.required
        assert_at(o.due, FRIDAY_3PM)

    def test_crisis_reason(self) -> None:
        o = self.p.return_by(call(self.thanksgiving_2am, urgency="crisis"))
        assert [r.rule for r in o.reasons] == ["crisis"]
        assert "911" in o.reasons[0].text


class TestOutbound:
    @pytest.mark.parametrize("voicemail", [True, False])
    def test_an_outbound_contact_owes_no_return(self, voicemail: bool) -> None:
        p = policy(TWENTY_FOUR_HOURS, office(), VoicemailGate())
        o = p.return_by(call(FRIDAY_3PM, direction="outbound", voicemail=voicemail))
        assert o.required is False
        assert o.due is None
        assert o.reasons
        assert o.status(t("2026-11-30T09:00-05:00")).state == "not_required"

    @pytest.mark.parametrize("channel", ["call", "text", "secure_message"])
    def test_on_any_channel(self, channel: str) -> None:
        o = policy(TWENTY_FOUR_HOURS).return_by(
            call(FRIDAY_3PM, direction="outbound", channel=channel)
        )
        assert o.required is False


# --- reasons -----------------------------------------------------------------------------------


SCENARIOS: dict[str, tuple[Policy, Contact]] = {
    "calendar": (policy(TWENTY_FOUR_HOURS), call(FRIDAY_3PM)),
    "no-skip": (policy(Turnaround.hours(24)), call(FRIDAY_3PM)),
    "business": (policy(Turnaround.business_hours(8), office()), call(FRIDAY_3PM)),
    "after-hours": (
        policy(Turnaround.business_hours(8), office()),
        call("2026-11-20T18:00-05:00"),
    ),
    "business-days": (policy(Turnaround.business_days(2), office()), call(FRIDAY_3PM)),
    "office-only": (policy(office()), call("2026-11-20T18:00-05:00")),
    "window": (policy(TWENTY_FOUR_HOURS, EIGHT_TO_NINE), call(FRIDAY_3PM)),
    "client-window": (
        policy(TWENTY_FOUR_HOURS, CallbackWindow.daily("08:00", "09:00", zone="client")),
        call(FRIDAY_3PM),
    ),
    "gated": (policy(TWENTY_FOUR_HOURS, VoicemailGate()), call(FRIDAY_3PM, voicemail=False)),
    "conflict": (policy(Turnaround.hours(2), EIGHT_TO_NINE), call(FRIDAY_3PM)),
    "no-time": (
        policy(TWENTY_FOUR_HOURS, office(), CallbackWindow.daily("08:00", "09:00", days=["sat"])),
        call(FRIDAY_3PM),
    ),
    "crisis": (policy(TWENTY_FOUR_HOURS), call(FRIDAY_3PM, urgency="crisis")),
    "outbound": (policy(TWENTY_FOUR_HOURS), call(FRIDAY_3PM, direction="outbound")),
    "no-rules": (policy(), call(FRIDAY_3PM)),
}


class TestReasons:
    @pytest.mark.parametrize("name", list(SCENARIOS))
    def test_every_answer_explains_itself(self, name: str) -> None:
        p, c = SCENARIOS[name]
        o = p.return_by(c)
        assert o.reasons, f"{name}: no reasons"
        for r in o.reasons:
            assert isinstance(r, Reason)
            assert isinstance(r.rule, str)
            assert r.rule
            assert isinstance(r.text, str)
            assert r.text.strip()

    def test_turnaround_reason_gives_the_deadline(self) -> None:
        o = policy(TWENTY_FOUR_HOURS).return_by(call(FRIDAY_3PM))
        said = texts(o, "turnaround")
        assert any("2026-11-23 15:00" in s for s in said), o.reasons

    def test_paused_clock_names_the_paused_days(self) -> None:
        o = policy(TWENTY_FOUR_HOURS).return_by(call(FRIDAY_3PM))
        said = " ".join(texts(o, "turnaround"))
        assert "paused" in said
        assert "2026-11-21" in said
        assert "2026-11-22" in said

    def test_paused_holiday_is_named(self) -> None:
        o = policy(TWENTY_FOUR_HOURS).return_by(call("2026-11-25T15:00-05:00"))
        said = " ".join(texts(o, "turnaround"))
        assert "paused" in said
        assert "2026-11-26" in said

    def test_observed_holiday_is_named(self) -> None:
        o = policy(TWENTY_FOUR_HOURS).return_by(call("2026-07-02T15:00-04:00"))
        said = " ".join(texts(o, "turnaround"))
        for day in ("2026-07-03", "2026-07-04", "2026-07-05"):
            assert day in said

    def test_no_pause_no_pause_note(self) -> None:
        # Mon 10:00 + 24 h = Tue 10:00: nothing is skipped in between.
        o = policy(TWENTY_FOUR_HOURS).return_by(call("2026-11-23T10:00-05:00"))
        assert "paused" not in " ".join(texts(o, "turnaround"))

    def test_window_move_says_it_moved(self) -> None:
        o = policy(TWENTY_FOUR_HOURS, EIGHT_TO_NINE).return_by(call(FRIDAY_3PM))
        said = texts(o, "callback_window")
        assert any("moved" in s and "2026-11-23 09:00" in s for s in said), o.reasons

    def test_reasons_are_listed_by_rule_kind_whatever_the_names(self) -> None:
        # docs/semantics.md §14: policy, crisis, voicemail gate, turnaround, operating hours,
        # callback window. A name changes the label, never the place (they were sorted by
        # label, so a named turnaround came after an unnamed window).
        p = policy(TWENTY_FOUR_HOURS.replace(name="24h promise"), EIGHT_TO_NINE)
        o = p.return_by(call(FRIDAY_3PM))
        assert [r.rule for r in o.reasons] == ["24h promise", "callback_window"]
        p = policy(TWENTY_FOUR_HOURS, EIGHT_TO_NINE.replace(name="a window"))
        assert [r.rule for r in p.return_by(call(FRIDAY_3PM)).reasons] == [
            "turnaround",
            "a window",
        ]

    def test_named_rules_give_their_names(self) -> None:
        p = policy(
            TWENTY_FOUR_HOURS.replace(name="24h promise"),
            EIGHT_TO_NINE.replace(name="morning callbacks"),
        )
        o = p.return_by(call(FRIDAY_3PM))
        rules = [r.rule for r in o.reasons]
        assert "24h promise" in rules
        assert "morning callbacks" in rules


class TestReasonWording:
    """Exact texts. Reasons are written from cached words (per pair of local days), so these
    pin that a cached day never leaks its time of day, zone or paused days into another."""

    LONG = "within 24 hours, not counting weekends and holidays: deadline"

    @pytest.mark.parametrize(
        ("received", "text"),
        [
            (
                FRIDAY_3PM,
                f"{LONG} Mon 2026-11-23 15:00 EST (clock paused Sat 2026-11-21, Sun 2026-11-22)",
            ),
            # The same two days, another time of day (seconds and microseconds dropped).
            (
                "2026-11-20T16:37:12.5-05:00",
                f"{LONG} Mon 2026-11-23 16:37 EST (clock paused Sat 2026-11-21, Sun 2026-11-22)",
            ),
            # Received in EDT, due in EST: the deadline's own zone name.
            (
                "2026-10-30T15:00-04:00",
                f"{LONG} Mon 2026-11-02 15:00 EST (clock paused Sat 2026-10-31, Sun 2026-11-01)",
            ),
            (
                "2026-11-25T15:00-05:00",
                f"{LONG} Fri 2026-11-27 15:00 EST (clock paused Thu 2026-11-26)",
            ),
            ("2026-11-23T10:00-05:00", f"{LONG} Tue 2026-11-24 10:00 EST"),
        ],
        ids=["friday", "friday-later", "across-fall-back", "thanksgiving", "no-pause"],
    )
    def test_calendar_clock(self, received: str, text: str) -> None:
        p = policy(TWENTY_FOUR_HOURS)
        for o in (p.return_by(call(received)), *p.return_by_many([call(received)] * 2)):
            assert [(r.rule, r.text) for r in o.reasons] == [("turnaround", text)]

    def test_holidays_are_the_policys_own(self) -> None:
        wednesday = call("2026-11-25T15:00-05:00")
        with_us = policy(TWENTY_FOUR_HOURS).return_by(wednesday)
        without = policy(TWENTY_FOUR_HOURS, holidays=[]).return_by(wednesday)
        assert texts(with_us, "turnaround") == [
            f"{self.LONG} Fri 2026-11-27 15:00 EST (clock paused Thu 2026-11-26)"
        ]
        assert texts(without, "turnaround") == [f"{self.LONG} Thu 2026-11-26 15:00 EST"]

    def test_more_than_four_paused_days_are_counted(self) -> None:
        p = policy(Turnaround.hours(24, skip=("mon", "tue", "wed", "thu", "fri", "sat")))
        o = assert_due(p, call("2026-11-22T10:00-05:00"), "2026-11-29T10:00-05:00")
        assert texts(o, "turnaround") == [
            "within 24 hours, not counting Mondays, Tuesdays, Wednesdays, Thursdays, Fridays "
            "and Saturdays: deadline Sun 2026-11-29 10:00 EST (clock paused Mon 2026-11-23, "
            "Tue 2026-11-24, Wed 2026-11-25, Thu 2026-11-26 and 2 more)"
        ]

    def test_business_clock_received_while_closed(self) -> None:
        p = policy(Turnaround.business_hours(8), office())
        o = assert_due(p, call("2026-11-21T10:00-05:00"), "2026-11-23T17:00-05:00")
        assert [(r.rule, r.text) for r in o.reasons] == [
            ("policy", "the first permitted moment to return it is Mon 2026-11-23 09:00 EST"),
            (
                "turnaround",
                "received outside operating hours; the clock starts Mon 2026-11-23 09:00 EST; "
                "within 8 hours of operating hours: deadline Mon 2026-11-23 17:00 EST",
            ),
            (
                "operating_hours",
                "received outside operating hours (Sat 2026-11-21 10:00 EST); returns are made "
                "only while the practice is open",
            ),
        ]

    @pytest.mark.parametrize(
        ("gate", "channel", "rule"),
        [
            (VoicemailGate(), "call", "voicemail_gate"),
            (VoicemailGate(name="vm"), "call", "vm"),
            (VoicemailGate(channels=["text"]), "text", "voicemail_gate"),
        ],
    )
    def test_gate(self, gate: VoicemailGate, channel: str, rule: str) -> None:
        contact = call(FRIDAY_3PM, voicemail=False, channel=channel)
        for o in policy(TWENTY_FOUR_HOURS, gate).return_by_many([contact, contact]):
            assert not o.required
            assert [(r.rule, r.text) for r in o.reasons] == [
                (
                    rule,
                    f"no voicemail was left on this {channel}; contacts without a voicemail "
                    "are not returned",
                )
            ]


class TestReturnByMany:
    """A call queue: every answer is ``return_by``'s, whatever the order or the caches."""

    QUEUE = (
        call(FRIDAY_3PM),
        call(FRIDAY_3PM, voicemail=False),
        call("2026-11-21T02:30-05:00", channel="text", voicemail=False),
        call("2026-11-01T01:30-05:00"),  # the second 01:30 of the fall-back night
        call("2026-11-01T01:30-04:00", urgency="urgent"),  # the first
        call("2026-03-08T03:30-04:00", client_zone="America/Los_Angeles"),
        call("2026-11-26T11:00-05:00", urgency="crisis"),
        Contact(t(FRIDAY_3PM), direction="outbound"),
        call("2026-11-20T20:00+00:00", channel="email", voicemail=False),
    )
    POLICIES = (
        policy(TWENTY_FOUR_HOURS, VoicemailGate()),
        policy(Turnaround.business_hours(8), office(), VoicemailGate(name="vm")),
        policy(Turnaround.business_days(2), office(), EIGHT_TO_NINE),
        policy(Turnaround.business_days(1)),
        policy(TWENTY_FOUR_HOURS, CallbackWindow.daily("08:00", "09:00", zone="client")),
        policy(Turnaround.hours(2), EIGHT_TO_NINE),  # conflicts
        policy(office()),  # no turnaround: no deadline
    )

    @pytest.mark.parametrize("index", range(len(POLICIES)))
    def test_batch_is_scalar(self, index: int) -> None:
        p = self.POLICIES[index]
        # Scalar answers, each from a copy of the policy with cold caches, last contact first;
        # then the batch, twice, warm.
        scalar: list[Any] = [None] * len(self.QUEUE)
        for i in reversed(range(len(self.QUEUE))):
            fresh = Policy.model_validate_json(p.model_dump_json())
            scalar[i] = fresh.return_by(self.QUEUE[i])
        for many in (p.return_by_many(self.QUEUE), p.return_by_many(list(self.QUEUE))):
            for got, expected in zip(many, scalar, strict=True):
                assert got == expected
                assert got.model_dump_json() == expected.model_dump_json()
                assert got.model_fields_set == expected.model_fields_set
                assert getattr(got, "_clock", None) == getattr(expected, "_clock", None)
        dues = p.return_by_many(iter(self.QUEUE), due_only=True)
        assert [d and d.isoformat() for d in dues] == [
            o.due.isoformat() if o.required and o.due else None for o in scalar
        ]

    def test_fold_is_kept(self) -> None:
        p = policy(Turnaround.hours(1))
        a, b = p.return_by_many([call("2026-11-01T01:30-04:00"), call("2026-11-01T01:30-05:00")])
        assert a.received.isoformat() == "2026-11-01T01:30:00-04:00"
        assert b.received.isoformat() == "2026-11-01T01:30:00-05:00"
        assert a.due is not None
        assert b.due is not None
        assert a.due.isoformat() == "2026-11-01T01:30:00-05:00"
        assert b.due.isoformat() == "2026-11-01T02:30:00-05:00"

    def test_anything_iterable_and_empty(self) -> None:
        p = policy(TWENTY_FOUR_HOURS)
        assert p.return_by_many([]) == []
        assert p.return_by_many((), due_only=True) == []
        gen = (call(FRIDAY_3PM) for _ in range(3))
        assert len(p.return_by_many(gen)) == 3

    def test_bad_item_is_refused(self) -> None:
        p = policy(TWENTY_FOUR_HOURS)
        with pytest.raises(PolicyValidationError, match="is not a Contact"):
            p.return_by_many([call(FRIDAY_3PM), "tomorrow"])  # type: ignore[list-item]
        with pytest.raises(PolicyValidationError, match="is not a Contact"):
            p.return_by_many(["tomorrow"], due_only=True)  # type: ignore[list-item]

    def test_caches_stay_out_of_equality_json_and_pickle(self) -> None:
        import pickle

        p = policy(TWENTY_FOUR_HOURS, office())
        cold = pickle.dumps(p)
        p.return_by_many(self.QUEUE)
        assert pickle.dumps(p) == cold
        assert p == policy(TWENTY_FOUR_HOURS, office())
        assert Policy.model_validate_json(p.model_dump_json()) == p


# --- status (§15) -------------------------------------------------------------------------------


# --- order and zones never matter (§14) -------------------------------------------------------


ORDER_CASES: dict[str, tuple[tuple[Any, ...], list[Contact]]] = {
    "calendar-office-window": (
        (TWENTY_FOUR_HOURS, office(), CallbackWindow.daily("08:00", "09:00", zone="client")),
        [
            call(FRIDAY_3PM),
            call(FRIDAY_3PM, client_zone="America/Los_Angeles"),
            call("2026-11-20T18:00-05:00", client_zone="America/Chicago"),
        ],
    ),
    "urgency-targets": (
        (
            Turnaround.hours(24, skip=("sat", "sun", "holidays"), urgency=["routine"]),
            Turnaround.business_hours(2, urgency=["urgent"]),
            office(),
            VoicemailGate(),
        ),
        [
            call(FRIDAY_3PM),
            call(FRIDAY_3PM, urgency="urgent"),
            call(FRIDAY_3PM, voicemail=False),
            call("2026-11-20T18:00-05:00", urgency="urgent"),
        ],
    ),
    "windows-and-conflict": (
        # Permitted: 16:00–16:30 (office 09–17, windows 08–16:30 and 16–17).
        (
            Turnaround.hours(2),
            office(),
            CallbackWindow.daily("08:00", "16:30"),
            CallbackWindow.daily("16:00", "17:00"),
        ),
        [call(FRIDAY_3PM), call("2026-11-23T07:00-05:00")],
    ),
    "several-turnarounds": (
        (
            Turnaround.hours(48, urgency=["urgent"]),
            Turnaround.business_days(1, urgency=["routine"]),
            office(),
        ),
        [call(FRIDAY_3PM), call("2026-11-25T15:00-05:00")],
    ),
}


class TestRuleOrder:
    @pytest.mark.parametrize("name", list(ORDER_CASES))
    def test_every_order_gives_the_same_obligation(self, name: str) -> None:
        rules, contacts = ORDER_CASES[name]
        forward = policy(*rules)
        for contact in contacts:
            expected = forward.return_by(contact)
            for order in itertools.permutations(rules):
                got = policy(*order).return_by(contact)
                assert got == expected, order
                assert got.reasons == expected.reasons, order

    def test_reversed(self) -> None:
        a, b, c = TWENTY_FOUR_HOURS, office(), CallbackWindow.daily("12:00", "13:00")
        received = call("2026-11-20T18:00-05:00", voicemail=True)
        forward = policy(a, b, c).return_by(received)
        backward = policy(c, b, a).return_by(received)
        assert len(forward.reasons) >= 3
        assert forward == backward
        assert forward.reasons == backward.reasons
        assert forward.model_dump_json() == backward.model_dump_json()


class TestInputZone:
    p = policy(TWENTY_FOUR_HOURS, office(), CallbackWindow.daily("08:00", "09:00", zone="client"))

    @pytest.mark.parametrize(
        "written",
        [
            "2026-11-20T20:00+00:00",
            "2026-11-20T12:00-08:00",
            "2026-11-21T05:00+09:00",
        ],
        ids=["utc", "los-angeles-offset", "tokyo-offset"],
    )
    def test_same_instant_same_obligation(self, written: str) -> None:
        for client_zone in (None, "America/Los_Angeles"):
            in_ny = self.p.return_by(call(FRIDAY_3PM, client_zone=client_zone))
            other = self.p.return_by(call(written, client_zone=client_zone))
            assert other == in_ny
            assert other.model_dump_json() == in_ny.model_dump_json()

    def test_answers_are_in_the_policys_zone(self) -> None:
        o = self.p.return_by(call("2026-11-20T20:00+00:00", client_zone="America/Los_Angeles"))
        for value in (o.received, o.due, o.earliest, o.deadline):
            assert value is not None
            assert value.tzinfo == NY
        assert_at(o.received, FRIDAY_3PM)
        assert_at(o.due, "2026-11-23T12:00-05:00")

    def test_zoneinfo_input(self) -> None:
        la = ZoneInfo("America/Los_Angeles")
        o = self.p.return_by(Contact(datetime(2026, 11, 20, 12, 0, tzinfo=la), voicemail=True))
        assert o == self.p.return_by(call(FRIDAY_3PM))


# --- validation ----------------------------------------------------------------------------------


def validate(data: dict[str, Any]) -> Policy:
    return Policy.model_validate({"zone": NEW_YORK, **data})


class TestPolicyValidation:
    def test_business_clock_needs_operating_hours(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^rules\[1\]\.clock: .*OperatingHours"):
            policy(VoicemailGate(), Turnaround.business_hours(8))

    def test_business_clock_error_path(self) -> None:
        with pytest.raises(PolicyValidationError) as info:
            policy(VoicemailGate(), Turnaround.business_hours(8))
        assert info.value.path == "rules[1].clock"

    def test_one_set_of_operating_hours(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^rules\[2\]: .*one set of operating"):
            policy(office(), TWENTY_FOUR_HOURS, office(holidays=[]))

    def test_within_and_days_together(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^rules\[1\]: .*'days'"):
            validate(
                {
                    "rules": [
                        {"kind": "voicemail_gate"},
                        {"kind": "turnaround", "within": "PT24H", "days": 2},
                    ]
                }
            )

    def test_within_and_days_together_direct(self) -> None:
        with pytest.raises(PolicyValidationError, match="days"):
            Turnaround(within=timedelta(hours=24), days=2)

    def test_business_days_without_days(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^rules\[0\]: .*days=N"):
            validate({"rules": [{"kind": "turnaround", "clock": "business_days"}]})
        with pytest.raises(PolicyValidationError, match="days=N"):
            Turnaround(clock="business_days")

    def test_business_days_with_within(self) -> None:
        with pytest.raises(PolicyValidationError, match="no 'within'"):
            Turnaround(clock="business_days", days=2, within=timedelta(hours=8))

    @pytest.mark.parametrize("within", ["PT0S", "-PT1H"])
    def test_durations_must_be_positive(self, within: str) -> None:
        with pytest.raises(PolicyValidationError, match=r"^rules\[0\]\.within: .*not positive"):
            validate({"rules": [{"kind": "turnaround", "within": within}]})

    @pytest.mark.parametrize("hours", [0, -1])
    def test_hours_must_be_positive(self, hours: float) -> None:
        with pytest.raises(PolicyValidationError, match=r"^within: .*not positive"):
            Turnaround.hours(hours)
        with pytest.raises(PolicyValidationError, match=r"^within: .*not positive"):
            Turnaround.business_hours(hours)

    @pytest.mark.parametrize("days", [0, -2])
    def test_days_must_be_positive(self, days: int) -> None:
        with pytest.raises(PolicyValidationError, match=r"^days: "):
            Turnaround.business_days(days)
        with pytest.raises(PolicyValidationError, match=r"^rules\[0\]\.days: "):
            validate({"rules": [{"kind": "turnaround", "clock": "business_days", "days": days}]})

    def test_callback_window_needs_hours(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^hours: has no windows"):
            CallbackWindow(hours={})
        with pytest.raises(PolicyValidationError, match=r"^rules\[0\]\.hours: has no windows"):
            validate({"rules": [{"kind": "callback_window", "hours": {}}]})

    def test_voicemail_gate_never_gates_a_crisis(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^urgency: .*crisis"):
            VoicemailGate(urgency=["crisis"])
        with pytest.raises(PolicyValidationError, match=r"^rules\[0\]\.urgency: .*crisis"):
            validate({"rules": [{"kind": "voicemail_gate", "urgency": ["routine", "crisis"]}]})

    def test_unknown_rule_kind(self) -> None:
        message = r"^rules\[0\]\.kind: unknown kind 'send_flowers'; use one of 'turnaround', "
        with pytest.raises(PolicyValidationError, match=message) as info:
            validate({"rules": [{"kind": "send_flowers"}]})
        assert "turnaround" in str(info.value)
        assert info.value.path == "rules[0].kind"

    def test_unknown_field_in_a_rule(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^rules\[0\]\.withn: unknown field"):
            validate({"rules": [{"kind": "turnaround", "within": "PT24H", "withn": "PT1H"}]})

    def test_unknown_field_of_the_policy(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^colour: unknown field"):
            validate({"colour": "teal"})

    def test_unknown_holiday_code(self) -> None:
        # Not a PolicyValidationError: its own class, still a ValueError with a path.
        with pytest.raises(UnknownHolidayCalendarError, match=r"^holidays: 'XX' ") as info:
            Policy(zone=NEW_YORK, holidays=["XX"])
        assert isinstance(info.value, ValueError)
        assert info.value.path == "holidays"

    def test_business_clock_takes_no_skip(self) -> None:
        with pytest.raises(PolicyValidationError, match="skip"):
            Turnaround(clock="business", within=timedelta(hours=8), skip=("sat",))

    def test_skipping_every_day(self) -> None:
        every = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        with pytest.raises(PolicyValidationError, match=r"^skip: .*never run"):
            Turnaround.hours(24, skip=every)

    def test_errors_are_value_errors(self) -> None:
        with pytest.raises(ValueError, match="OperatingHours"):
            policy(Turnaround.business_hours(8))


class TestEdgesDecidedLater:
    """Choices made after review: exactly at ``due`` is on time; outbound wins over crisis."""

    def test_returning_exactly_at_due_is_not_overdue(self) -> None:
        o = policy(TWENTY_FOUR_HOURS).return_by(call(FRIDAY_3PM))
        assert o.due is not None
        assert o.status(o.due).state == "due_soon"
        assert o.status(o.due + timedelta(microseconds=1)).state == "overdue"

    def test_an_outbound_crisis_check_in_owes_no_return(self) -> None:
        o = policy(TWENTY_FOUR_HOURS).return_by(
            Contact(t(FRIDAY_3PM), direction="outbound", urgency="crisis")
        )
        assert not o.required
        assert o.reasons[0].text == "outbound contact: no return is owed"

    def test_a_call_at_the_window_close_is_permitted_at_once(self) -> None:
        # An 08–09 window: receipt at exactly 09:00 is itself a permitted moment.
        p = policy(Turnaround.hours(24), EIGHT_TO_NINE)
        o = p.return_by(call("2026-11-23T09:00-05:00"))
        assert_at(o.earliest, "2026-11-23T09:00-05:00")
        assert_at(o.due, "2026-11-24T09:00-05:00")

    def test_business_days_status_counts_open_time(self) -> None:
        # Due Mon 2026-11-30 17:00; at Fri 27th 17:00 only Monday's 8 open hours remain.
        p = policy(Turnaround.business_days(2), office())
        o = assert_due(p, call("2026-11-25T15:00-05:00"), "2026-11-30T17:00-05:00")
        assert o.status(t("2026-11-27T17:00-05:00")).remaining == timedelta(hours=8)
