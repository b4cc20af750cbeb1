"""Example tests for ``contact_policy.answers``: ``Obligation`` (its status and its own
consistency), ``Verdict``, ``Reason``, ``Route`` (docs/semantics.md §15)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from contact_policy import (
    CallbackWindow,
    ContactPolicyError,
    Obligation,
    OperatingHours,
    PolicyValidationError,
    Reason,
    Route,
    RouteKind,
    Span,
    Turnaround,
    VoicemailGate,
    WeeklyHours,
    default_policy,
)
from tests.helpers import ALL_DAYS, FRIDAY_3PM, call, office, policy, t

TWENTY_FOUR_HOURS = Turnaround.hours(24, skip=("sat", "sun", "holidays"))


class TestStatus:
    """Allowed time on the turnaround's own clock: Fri 15:00 -> Mon 15:00 is 24 h of unpaused
    time (9 h Fri + 15 h Mon), though 72 h of real time."""

    o = policy(TWENTY_FOUR_HOURS).return_by(call(FRIDAY_3PM))

    @pytest.mark.parametrize(
        ("now", "state", "remaining"),
        [
            # 1 h used: Fri 16–24 (8 h) + Mon 0–15 (15 h) remain.
            ("2026-11-20T16:00-05:00", "pending", timedelta(hours=23)),
            # Saturday: paused after 9 h used.
            ("2026-11-21T12:00-05:00", "pending", timedelta(hours=15)),
            # Mon 08:00: 17 h of 24 used (71%) though 65 of 72 real hours have passed.
            ("2026-11-23T08:00-05:00", "pending", timedelta(hours=7)),
            # Mon 09:00: 18 h of 24 used, exactly 75%.
            ("2026-11-23T09:00-05:00", "due_soon", timedelta(hours=6)),
            # Mon 10:00: 19 h used (semantics §15).
            ("2026-11-23T10:00-05:00", "due_soon", timedelta(hours=5)),
            ("2026-11-23T15:01-05:00", "overdue", timedelta(minutes=-1)),
            ("2026-11-24T15:00-05:00", "overdue", timedelta(hours=-24)),
        ],
    )
    def test_calendar_clock(self, now: str, state: str, remaining: timedelta) -> None:
        s = self.o.status(t(now))
        assert s.state == state
        assert s.remaining == remaining

    def test_fraction_used(self) -> None:
        s = self.o.status(t("2026-11-23T09:00-05:00"))
        assert s.fraction_used == pytest.approx(0.75)

    @pytest.mark.parametrize(
        ("now", "state", "remaining"),
        [
            # Weekend: 2 business hours used of 8.
            ("2026-11-22T12:00-05:00", "pending", timedelta(hours=6)),
            # Mon 12:00: 5 of 8 (62.5%) though 69 of 72 real hours have passed.
            ("2026-11-23T12:00-05:00", "pending", timedelta(hours=3)),
            # Mon 13:00: 6 of 8 = 75%.
            ("2026-11-23T13:00-05:00", "due_soon", timedelta(hours=2)),
            ("2026-11-23T16:00-05:00", "overdue", timedelta(hours=-1)),
        ],
    )
    def test_business_clock(self, now: str, state: str, remaining: timedelta) -> None:
        o = policy(Turnaround.business_hours(8), office()).return_by(call(FRIDAY_3PM))
        s = o.status(t(now))
        assert s.state == state
        assert s.remaining == remaining

    def test_due_soon_threshold_is_the_policys(self) -> None:
        # Mon 03:00: 12 h of 24 used = 50%.
        p = policy(TWENTY_FOUR_HOURS, due_soon_at=0.5)
        o = p.return_by(call(FRIDAY_3PM))
        assert o.status(t("2026-11-23T02:59-05:00")).state == "pending"
        assert o.status(t("2026-11-23T03:00-05:00")).state == "due_soon"

    def test_not_required(self) -> None:
        p = policy(TWENTY_FOUR_HOURS, VoicemailGate())
        o = p.return_by(call(FRIDAY_3PM, voicemail=False))
        assert o.status(t(FRIDAY_3PM)).state == "not_required"

    def test_immediate(self) -> None:
        o = policy(TWENTY_FOUR_HOURS).return_by(call(FRIDAY_3PM, urgency="crisis"))
        assert o.status(t("2026-11-20T15:30-05:00")).state == "immediate"

    def test_now_in_another_zone(self) -> None:
        # Mon 10:00 New York written in UTC.
        s = self.o.status(t("2026-11-23T15:00+00:00"))
        assert (s.state, s.remaining) == ("due_soon", timedelta(hours=5))

    def test_naive_now_is_an_error(self) -> None:
        with pytest.raises(ContactPolicyError, match="naive"):
            self.o.status(datetime(2026, 11, 23, 10, 0))


class TestEqualAnswersBehaveAlike:
    """Everything ``status`` needs is a field: an obligation read back from JSON is equal to
    the original and answers every question the same way."""

    def test_status_after_a_json_round_trip(self) -> None:
        # Fri 15:00 -> Mon 15:00 on a clock paused Sat and Sun. At Mon 09:00, 18 h of 24 are
        # used (0.75); measured in real time it would be 66 h of 72 (0.9167).
        o = policy(TWENTY_FOUR_HOURS).return_by(call(FRIDAY_3PM))
        back = Obligation.model_validate_json(o.model_dump_json())
        assert back == o
        now = t("2026-11-23T09:00-05:00")
        assert back.status(now) == o.status(now)
        assert back.status(now).fraction_used == pytest.approx(0.75)

    def test_the_clock_is_a_field(self) -> None:
        o = policy(Turnaround.business_hours(8), office()).return_by(call(FRIDAY_3PM))
        assert o.clock is not None
        assert o.clock.is_open(t("2026-11-23T10:00-05:00"))
        assert not o.clock.is_open(t("2026-11-26T10:00-05:00"))  # Thanksgiving
        assert "clock" in o.model_dump()

    def test_replace_keeps_the_clock(self) -> None:
        o = policy(TWENTY_FOUR_HOURS).return_by(call(FRIDAY_3PM))
        later = o.replace(reasons=())
        now = t("2026-11-23T09:00-05:00")
        assert later.status(now) == o.status(now)

    def test_without_a_clock_time_is_real_time(self) -> None:
        o = policy(TWENTY_FOUR_HOURS).return_by(call(FRIDAY_3PM)).replace(clock=None)
        s = o.status(t("2026-11-23T09:00-05:00"))
        assert s.fraction_used == pytest.approx(66 / 72)

    def test_a_frozen_obligation_has_no_hidden_state(self) -> None:
        o = policy(TWENTY_FOUR_HOURS).return_by(call(FRIDAY_3PM))
        assert not hasattr(o, "with_clock")
        assert set(vars(o)) == set(type(o).model_fields)


class TestObligationIsConsistent:
    """``replace`` (and validation) never builds an obligation that contradicts itself."""

    owed = policy(TWENTY_FOUR_HOURS).return_by(call(FRIDAY_3PM))
    not_owed = policy(TWENTY_FOUR_HOURS, VoicemailGate()).return_by(
        call(FRIDAY_3PM, voicemail=False)
    )

    @pytest.mark.parametrize(
        ("changes", "field", "words"),
        [
            ({"due": None}, "due", "has a deadline but no due"),
            ({"deadline": None}, "deadline", "has a due but no deadline"),
            ({"due": t("2026-11-19T15:00-05:00")}, "due", "due is before received"),
            ({"earliest": t("2026-11-19T15:00-05:00")}, "earliest", "earliest is before received"),
            ({"earliest": t("2026-11-24T15:00-05:00")}, "earliest", "earliest is after due"),
            ({"required": False}, "due", "not required has no due"),
        ],
    )
    def test_contradictions_are_errors(
        self, changes: dict[str, object], field: str, words: str
    ) -> None:
        with pytest.raises(PolicyValidationError, match=words) as info:
            self.owed.replace(**changes)
        assert info.value.path == field

    def test_required_with_no_due_contradicts_its_slots(self) -> None:
        with pytest.raises(PolicyValidationError):
            self.owed.replace(due=None, required=True)

    def test_owed_with_no_deadline_at_all_is_fine(self) -> None:
        o = self.owed.replace(due=None, deadline=None, slots=())
        assert o.status(t(FRIDAY_3PM)).state == "pending"

    def test_a_not_owed_obligation_with_times_is_an_error(self) -> None:
        with pytest.raises(PolicyValidationError, match="not required has no due"):
            self.not_owed.replace(due=t("2026-11-23T15:00-05:00"))
        with pytest.raises(PolicyValidationError, match="not required has no conflict"):
            self.not_owed.replace(conflict=True)

    def test_slots_lie_between_receipt_and_due(self) -> None:
        (slot,) = self.owed.slots
        with pytest.raises(PolicyValidationError, match="a slot ends after due"):
            self.owed.replace(slots=[slot.replace(end=t("2026-11-24T15:00-05:00"))])

    def test_every_answer_of_the_default_policy_is_consistent(self) -> None:
        p = default_policy()
        for at in ("2026-11-20T15:00-05:00", "2026-11-26T10:00-05:00", "2026-11-21T23:00-05:00"):
            for fields in (
                {},
                {"voicemail": False},
                {"urgency": "crisis"},
                {"direction": "outbound"},
            ):
                o = p.return_by(call(at, **fields))
                assert Obligation.model_validate(o.model_dump()) == o


class TestParts:
    def test_reason_reads_as_rule_and_text(self) -> None:
        assert str(Reason(rule="turnaround", text="due Mon")) == "turnaround: due Mon"

    def test_route_shows_its_destination(self) -> None:
        route = Route(kind=RouteKind.EMERGENCY, to="On-call: 555-0100")
        assert str(route) == "emergency → On-call: 555-0100"

    def test_naive_now(self) -> None:
        o = policy(TWENTY_FOUR_HOURS).return_by(call(FRIDAY_3PM))
        with pytest.raises(ContactPolicyError, match="naive"):
            o.status(datetime(2026, 11, 23, 10))

    def test_status_remaining_is_on_the_clock(self) -> None:
        o = policy(TWENTY_FOUR_HOURS).return_by(call(FRIDAY_3PM))
        assert o.status(t("2026-11-21T12:00-05:00")).remaining == timedelta(hours=15)


class TestAlerts:
    """``alerts`` on the turnaround's clock: Fri 15:00 with 24 h not counting weekends is due
    Mon 15:00; 9 h are used by Friday midnight, the rest on Monday."""

    o = policy(TWENTY_FOUR_HOURS).return_by(call(FRIDAY_3PM))

    def test_shares_and_times_before_due(self) -> None:
        assert self.o.alerts() == (
            t("2026-11-23T03:00-05:00"),  # 12 h used
            t("2026-11-23T09:00-05:00"),  # 18 h: due soon (the default 0.75)
            t("2026-11-23T15:00-05:00"),  # due
        )
        assert self.o.alerts((timedelta(hours=20), 0.25)) == (
            t("2026-11-20T19:00-05:00"),  # 4 h used, 20 h left
            t("2026-11-20T21:00-05:00"),  # 6 h used
        )

    def test_more_than_the_whole_is_past_due_and_a_long_time_before_is_receipt(self) -> None:
        assert self.o.alerts((1.5, timedelta(days=2))) == (
            t("2026-11-24T03:00-05:00"),  # Tuesday: 36 h of unpaused time
            t(FRIDAY_3PM),
        )

    def test_business_hours_alerts_fall_in_open_time(self) -> None:
        o = policy(Turnaround.business_hours(8), office()).return_by(call(FRIDAY_3PM))
        assert o.alerts((0.25, 0.5, 1.0)) == (
            t("2026-11-20T17:00-05:00"),  # 2 h: Friday's close
            t("2026-11-23T11:00-05:00"),
            t("2026-11-23T15:00-05:00"),
        )

    def test_status_agrees_at_the_alert_instant(self) -> None:
        (soon,) = self.o.alerts((0.75,))
        assert self.o.status(soon - timedelta(microseconds=1)).state == "pending"
        assert self.o.status(soon).state == "due_soon"

    def test_nothing_allowed_is_due_soon_from_receipt_not_before(self) -> None:
        # Received at Tuesday's 19:00 close, returned only in open time, within 1 hour: the
        # deadline falls in closed time, so the last open instant before it is the receipt
        # itself and no time is allowed. Before the call arrived it was not yet due soon.
        hours = WeeklyHours(tue=(Span(start="09:00", end="19:00"),))
        o = policy(Turnaround(within=timedelta(hours=1)), OperatingHours(hours=hours)).return_by(
            call("2024-12-31T19:00-05:00")
        )
        assert o.due == o.received
        assert o.alerts((0.75,)) == (o.received,)
        assert o.status(o.received - timedelta(microseconds=1)).state == "pending"
        assert o.status(o.received).state == "due_soon"

    def test_nothing_allowed_on_a_paused_clock_is_not_due_soon_before_receipt(self) -> None:
        # Received Saturday 00:01 on a clock paused at weekends, due in Sunday's window: no
        # clock time is allowed, and none is used before receipt either (a CI find).
        window = CallbackWindow(hours={d: ["06:00-07:00"] for d in ALL_DAYS})
        paused = Turnaround(within=timedelta(hours=1), skip=["sat", "sun"])
        o = policy(paused, window, holidays=[]).return_by(call("2025-03-08T00:01-05:00"))
        assert o.alerts((0.75,)) == (o.received,)
        assert o.status(o.received - timedelta(microseconds=1)).state == "pending"
        assert o.status(o.received).state == "due_soon"

    def test_no_due_no_alerts(self) -> None:
        not_owed = policy(TWENTY_FOUR_HOURS, VoicemailGate()).return_by(
            call(FRIDAY_3PM, voicemail=False)
        )
        crisis = default_policy().return_by(call(FRIDAY_3PM, urgency="crisis"))
        assert not_owed.alerts() == () == crisis.alerts()

    @pytest.mark.parametrize(
        ("thresholds", "path", "match"),
        [
            ("0.5", "thresholds", "not a sequence"),
            ([0], "thresholds[0]", "not a positive share"),
            ([0.5, float("nan")], "thresholds[1]", "not a positive share"),
            ([timedelta(hours=-1)], "thresholds[0]", "negative"),
            ([True], "thresholds[0]", "neither a share"),
            ([0.5] * 101, "thresholds", "at most 100"),
        ],
    )
    def test_bad_thresholds_are_named(self, thresholds: object, path: str, match: str) -> None:
        with pytest.raises(PolicyValidationError, match=match) as err:
            self.o.alerts(thresholds)  # type: ignore[arg-type]
        assert err.value.path == path
