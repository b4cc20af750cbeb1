"""Example tests for ``contact_policy.ledger``: the life of an obligation (docs/tracking.md).

Dated practice scenarios, worked out by hand. The default-like policy returns calls within 24
hours not counting weekends and US holidays (Thanksgiving: Thu 2026-11-26); the two-target
policy returns urgent calls within 4 hours.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from contact_policy import (
    CallAfter,
    CallbackWindow,
    Contact,
    ContactPolicyError,
    EventLogError,
    NaiveDatetimeError,
    Outcome,
    OutcomeState,
    PolicyHistory,
    PolicyVersion,
    Rerate,
    Return,
    Turnaround,
    VoicemailGate,
    default_policy,
)
from contact_policy.ledger import outcomes
from tests.helpers import on, policy, t, texts

MET, MISSED, OPEN = OutcomeState.MET, OutcomeState.MISSED, OutcomeState.OPEN
NOT_OWED, ROUTED = OutcomeState.NOT_OWED, OutcomeState.ROUTED
DAY = Turnaround.hours(24, skip=("sat", "sun", "holidays"))
TWO_TARGETS = policy(
    Turnaround.hours(24, skip=("sat", "sun", "holidays"), urgency=["routine"]),
    Turnaround.hours(4, urgency=["urgent"]),
    VoicemailGate(),
)


def call(at: str, client: str = "c-1", **fields: Any) -> Contact:
    fields.setdefault("voicemail", True)
    return Contact(t(at), client=client, **fields)


def back(at: str, client: str = "c-1", *, reached: bool = True) -> Return:
    return Return(t(at), client=client, reached=reached)


def only(found: tuple[Outcome, ...]) -> Outcome:
    assert len(found) == 1, found
    return found[0]


class TestMetAndMissed:
    def test_a_weekend_inside_the_deadline(self) -> None:
        log = [call("2026-11-20T15:00-05:00"), back("2026-11-23T14:59-05:00")]
        o = only(policy(DAY).track(log))
        assert o.state is MET
        assert o.due == t("2026-11-23T15:00-05:00")
        assert o.used == timedelta(hours=23, minutes=59)  # Fri 9 h + Mon 14 h 59: not the weekend
        assert o.remaining == timedelta(minutes=1)
        assert o.late is None
        assert texts(o, "outcome") == [
            "met: returned Mon 2026-11-23 14:59 EST, due Mon 2026-11-23 15:00 EST, "
            "1 minute to spare"
        ]

    def test_returning_exactly_at_due_is_on_time(self) -> None:
        log = [call("2026-11-20T15:00-05:00"), back("2026-11-23T15:00-05:00")]
        assert only(policy(DAY).track(log)).state is MET

    def test_a_holiday_inside_the_deadline(self) -> None:
        # Wed 14:00: 10 h Wednesday, Thanksgiving skipped, 14 h Friday.
        log = [call("2026-11-25T14:00-05:00"), back("2026-11-27T15:00-05:00")]
        o = only(policy(DAY).track(log))
        assert o.state is MISSED
        assert o.due == t("2026-11-27T14:00-05:00")
        assert o.late == timedelta(hours=1)
        assert o.returned == t("2026-11-27T15:00-05:00")

    def test_lateness_is_on_the_policys_clock(self) -> None:
        # Due Fri 15:00; returned Mon 10:00: 9 h of Friday plus 10 h of Monday late.
        log = [call("2026-11-19T15:00-05:00"), back("2026-11-23T10:00-05:00")]
        o = only(policy(DAY).track(log))
        assert (o.state, o.late) == (MISSED, timedelta(hours=19))

    def test_still_open_or_missed_when_the_books_close(self) -> None:
        log = [call("2026-11-20T15:00-05:00")]
        o = only(policy(DAY).track(log, now=t("2026-11-23T12:00-05:00")))
        assert (o.state, o.remaining, o.used) == (OPEN, timedelta(hours=3), timedelta(hours=21))
        late = only(policy(DAY).track(log, now=t("2026-11-24T12:00-05:00")))
        assert (late.state, late.late, late.returned) == (MISSED, timedelta(hours=21), None)
        assert texts(late, "outcome") == [
            "missed: due Mon 2026-11-23 15:00 EST, not returned as of Tue 2026-11-24 12:00 EST "
            "(21 hours late on the policy's clock)"
        ]

    def test_the_books_close_at_the_last_event_by_default(self) -> None:
        log = [call("2026-11-20T15:00-05:00"), call("2026-11-24T09:00-05:00", client="c-2")]
        first, second = policy(DAY).track(log)
        assert first.state is MISSED  # due Mon 15:00, as of Tue 09:00
        assert second.state is OPEN

    def test_without_a_voicemail_nothing_is_owed(self) -> None:
        log = [call("2026-11-20T15:00-05:00", voicemail=False)]
        o = only(policy(DAY, VoicemailGate()).track(log))
        assert o.state is NOT_OWED
        assert (o.used, o.remaining, o.obligation.required) == (None, None, False)


class TestFurtherContacts:
    def test_three_calls_before_the_call_back_are_one_obligation_due_from_the_first(self) -> None:
        log = [
            call("2026-11-17T11:00-05:00"),
            call("2026-11-17T15:00-05:00"),
            call("2026-11-18T08:30-05:00"),
            back("2026-11-18T11:30-05:00"),
        ]
        o = only(policy(DAY).track(log))
        assert o.due == t("2026-11-18T11:00-05:00")  # Zendesk's next-reply rule
        assert o.state is MISSED
        assert [c.at for c in o.contacts] == [e.at for e in log[:3]]
        assert len(texts(o, "joined")) == 2

    def test_a_more_urgent_contact_due_earlier_sets_the_deadline(self) -> None:
        log = [
            call("2026-11-17T09:00-05:00"),  # routine: due Wed 09:00
            call("2026-11-17T10:00-05:00", urgency="urgent"),  # urgent: due Tue 14:00
            back("2026-11-17T15:00-05:00"),
        ]
        o = only(TWO_TARGETS.track(log))
        assert (o.due, o.state, o.urgency.value) == (t("2026-11-17T14:00-05:00"), MISSED, "urgent")
        assert "it sets the deadline" in texts(o, "joined")[0]

    def test_a_more_urgent_contact_due_later_joins_without_moving_it(self) -> None:
        log = [
            call("2026-11-17T09:00-05:00"),  # routine: due Wed 09:00
            call("2026-11-18T08:00-05:00", urgency="urgent"),  # urgent: due Wed 12:00
        ]
        o = only(TWO_TARGETS.track(log, now=t("2026-11-18T08:30-05:00")))
        assert (o.due, o.urgency.value) == (t("2026-11-18T09:00-05:00"), "routine")

    def test_a_call_without_voicemail_joins_an_open_obligation(self) -> None:
        log = [call("2026-11-17T09:00-05:00"), call("2026-11-17T10:00-05:00", voicemail=False)]
        o = only(TWO_TARGETS.track(log))
        assert len(o.contacts) == 2
        assert o.state is OPEN

    def test_clients_are_followed_apart(self) -> None:
        log = [
            call("2026-11-17T09:00-05:00", client="c-1"),
            call("2026-11-17T10:00-05:00", client="c-2"),
            back("2026-11-17T11:00-05:00", client="c-2"),
        ]
        first, second = policy(DAY).track(log)
        assert (first.client, first.state) == ("c-1", OPEN)
        assert (second.client, second.state) == ("c-2", MET)

    def test_a_call_after_the_return_starts_a_new_obligation(self) -> None:
        log = [
            call("2026-11-17T09:00-05:00"),
            back("2026-11-17T10:00-05:00"),
            back("2026-11-17T10:30-05:00"),  # a further call-back: no effect
            call("2026-11-17T11:00-05:00"),
        ]
        first, second = policy(DAY).track(log)
        assert (first.state, second.state) == (MET, OPEN)
        assert second.received == t("2026-11-17T11:00-05:00")


class TestRerate:
    def test_a_raised_urgency_counts_from_the_original_receipt(self) -> None:
        log = [
            call("2026-11-17T09:00-05:00"),
            Rerate(t("2026-11-17T12:00-05:00"), "urgent", client="c-1"),
            back("2026-11-17T13:30-05:00"),
        ]
        o = only(TWO_TARGETS.track(log))
        assert o.due == t("2026-11-17T13:00-05:00")  # 09:00 + 4 h, not 12:00 + 4 h
        assert (o.state, o.late) == (MISSED, timedelta(minutes=30))
        assert texts(o, "rerate") == [
            "re-rated routine -> urgent at Tue 2026-11-17 12:00 EST; the deadline counts from "
            "the original receipt (Tue 2026-11-17 09:00 EST): due Tue 2026-11-17 13:00 EST"
        ]

    def test_rerated_a_crisis_it_is_routed_and_a_later_return_does_not_meet_it(self) -> None:
        log = [
            call("2026-11-17T09:00-05:00"),
            Rerate(t("2026-11-17T09:30-05:00"), "crisis", client="c-1"),
            back("2026-11-17T10:00-05:00"),
        ]
        o = only(TWO_TARGETS.track(log))
        assert o.state is ROUTED
        assert o.returned is None


class TestCrisis:
    def test_a_crisis_is_routed_never_met(self) -> None:
        log = [call("2026-11-21T10:00-05:00", urgency="crisis"), back("2026-11-21T10:05-05:00")]
        o = only(default_policy().track(log))
        assert o.state is ROUTED
        assert o.obligation.route is not None
        assert "988" in o.obligation.route.instructions
        assert "does not count as meeting it" in texts(o, "outcome")[0]

    def test_a_crisis_leaves_an_open_obligation_open(self) -> None:
        log = [
            call("2026-11-17T09:00-05:00"),
            call("2026-11-17T09:30-05:00", urgency="crisis"),
            back("2026-11-17T10:00-05:00"),
        ]
        first, crisis = default_policy().track(log)
        assert (first.state, crisis.state) == (MET, ROUTED)


class TestCallAfter:
    def test_a_request_before_due_moves_earliest_and_earlier_attempts_do_not_count(self) -> None:
        log = [
            call("2026-11-17T09:00-05:00"),
            CallAfter(t("2026-11-17T09:05-05:00"), t("2026-11-17T14:00-05:00"), client="c-1"),
            back("2026-11-17T12:00-05:00", reached=False),
            back("2026-11-17T14:30-05:00", reached=False),
        ]
        o = only(policy(DAY).track(log))
        assert o.obligation.earliest == t("2026-11-17T14:00-05:00")
        assert o.due == t("2026-11-18T09:00-05:00")  # the deadline stands
        assert (o.state, o.returned) == (MET, t("2026-11-17T14:30-05:00"))
        assert o.attempts == (t("2026-11-17T12:00-05:00"), t("2026-11-17T14:30-05:00"))
        assert texts(o, "return")[0] == (
            "an attempt at Tue 2026-11-17 12:00 EST did not count: it came before the time the "
            "client asked for, Tue 2026-11-17 14:00 EST"
        )

    def test_a_request_past_due_waives_it_and_counts_from_the_requested_time(self) -> None:
        log = [
            call("2026-11-19T12:00-05:00"),  # due Fri 12:00
            CallAfter(t("2026-11-19T12:05-05:00"), t("2026-11-23T14:00-05:00"), client="c-1"),
            back("2026-11-24T13:00-05:00"),
        ]
        o = only(policy(DAY).track(log))
        assert o.due == t("2026-11-24T14:00-05:00")  # as if the call came Mon 14:00
        assert o.obligation.received == t("2026-11-23T14:00-05:00")
        assert o.state is MET
        (text,) = texts(o, "call_after")
        assert "the earlier deadline is waived" in text
        assert "Fri 2026-11-20 12:00 EST" in text


class TestWhatCountsAsAReturn:
    window = policy(
        DAY, CallbackWindow(hours=on(("mon", "tue", "wed", "thu", "fri"), ("08:00", "09:00")))
    )

    def test_an_attempt_outside_the_callback_window_does_not_count(self) -> None:
        log = [
            call("2026-11-17T07:00-05:00"),
            back("2026-11-17T12:00-05:00", reached=False),  # outside 8-9
            back("2026-11-18T08:30-05:00", reached=False),
        ]
        o = only(self.window.track(log))
        assert o.returned == t("2026-11-18T08:30-05:00")
        assert "outside the permitted times (callback_window)" in texts(o, "return")[0]

    def test_a_return_that_reached_the_client_counts_at_any_time(self) -> None:
        log = [call("2026-11-17T07:00-05:00"), back("2026-11-17T12:00-05:00", reached=True)]
        assert only(self.window.track(log)).returned == t("2026-11-17T12:00-05:00")

    def test_a_policy_may_count_only_returns_that_reach_the_client(self) -> None:
        must = policy(DAY, return_must_reach=True)
        log = [
            call("2026-11-17T09:00-05:00"),
            back("2026-11-17T10:00-05:00", reached=False),
            back("2026-11-18T10:00-05:00", reached=True),
        ]
        o = only(must.track(log))
        assert (o.state, o.returned) == (MISSED, t("2026-11-18T10:00-05:00"))
        assert "counts only returns that do" in texts(o, "return")[0]

    def test_an_outbound_contact_is_a_return_attempt(self) -> None:
        log = [
            call("2026-11-17T09:00-05:00"),
            call("2026-11-17T10:00-05:00", direction="outbound"),
        ]
        o = only(policy(DAY).track(log))
        assert (o.state, o.returned) == (MET, t("2026-11-17T10:00-05:00"))


class TestBadEvents:
    def test_events_out_of_time_order(self) -> None:
        log = [call("2026-11-17T10:00-05:00"), call("2026-11-17T09:00-05:00", client="c-2")]
        with pytest.raises(EventLogError, match="earlier than the event before it") as err:
            policy(DAY).track(log)
        assert (err.value.path, err.value.row, err.value.field) == ("events[1].at", 1, "at")

    def test_a_return_before_any_call(self) -> None:
        with pytest.raises(EventLogError, match="has not called before it") as err:
            policy(DAY).track([back("2026-11-17T09:00-05:00", client="c-7")])
        assert err.value.path == "events[0].client"
        assert "client 'c-7'" in str(err.value)

    @pytest.mark.parametrize(
        ("event", "what"),
        [
            (CallAfter(t("2026-11-17T09:00-05:00"), t("2026-11-18T09:00-05:00")), "call-after"),
            (Rerate(t("2026-11-17T09:00-05:00"), "urgent"), "change of urgency"),
        ],
    )
    def test_a_request_before_any_call(self, event: Any, what: str) -> None:
        with pytest.raises(EventLogError, match=what):
            policy(DAY).track([event])

    def test_an_id_used_twice(self) -> None:
        log = [
            Contact(t("2026-11-17T09:00-05:00"), id="e-1", voicemail=True),
            Contact(t("2026-11-17T10:00-05:00"), id="e-1", voicemail=True),
        ]
        with pytest.raises(EventLogError, match="'e-1' was used by an earlier event") as err:
            policy(DAY).track(log)
        assert err.value.path == "events[1].id"

    @pytest.mark.parametrize(
        "bad", [{"at": "2026-11-17"}, "call", None, t("2026-11-17T09:00-05:00")]
    )
    def test_something_that_is_no_event(self, bad: Any) -> None:
        with pytest.raises(EventLogError, match="is not an event; give a Contact") as err:
            policy(DAY).track([bad])
        assert err.value.path == "events[0]"

    def test_events_that_are_no_iterable(self) -> None:
        with pytest.raises(EventLogError, match="not an iterable of events"):
            policy(DAY).track(42)  # type: ignore[arg-type]

    def test_naive_times_are_refused_when_the_event_is_built(self) -> None:
        with pytest.raises(NaiveDatetimeError):
            Return(datetime(2026, 11, 17, 9), client="c-1")
        with pytest.raises(NaiveDatetimeError):
            CallAfter(t("2026-11-17T09:00-05:00"), datetime(2026, 11, 18, 9))
        with pytest.raises(NaiveDatetimeError, match="now"):
            policy(DAY).track([call("2026-11-17T09:00-05:00")], now=datetime(2026, 11, 18))

    def test_a_rejected_event_changes_nothing(self) -> None:
        """outcomes() streams; an error leaves the events before it settled as they were."""
        log = [call("2026-11-17T09:00-05:00"), back("2026-11-17T10:00-05:00"), "junk"]
        stream = outcomes(policy(DAY), log)
        assert next(stream).state is MET
        with pytest.raises(EventLogError):
            next(stream)


class TestOutcomes:
    def test_an_outcome_round_trips_through_json(self) -> None:
        log = [
            call("2026-11-17T09:00-05:00"),
            CallAfter(t("2026-11-17T09:05-05:00"), t("2026-11-17T14:00-05:00"), client="c-1"),
            back("2026-11-18T10:00-05:00"),
        ]
        o = only(policy(DAY).track(log))
        assert Outcome.model_validate_json(o.model_dump_json()) == o

    def test_outcomes_stream_as_they_settle(self) -> None:
        log = [
            call("2026-11-17T09:00-05:00", client="c-1"),
            call("2026-11-17T09:30-05:00", client="c-2"),
            back("2026-11-17T10:00-05:00", client="c-2"),
        ]
        assert [o.client for o in outcomes(policy(DAY), log)] == ["c-2", "c-1"]
        assert [o.client for o in policy(DAY).track(log)] == ["c-1", "c-2"]

    def test_the_label_of_the_first_contact_and_its_json(self) -> None:
        log = [call("2026-11-17T09:00-05:00", label="dr-a"), back("2026-11-17T10:00-05:00")]
        data = only(policy(DAY).track(log)).to_json_dict()
        assert data["label"] == "dr-a"
        assert (data["state"], data["used"], data["remaining"]) == ("met", "PT1H", "PT23H")


class TestVersions:
    """A history: 24 hours not counting weekends and holidays, then from Mon 2027-01-04
    (announced 34 days before) 2 business days."""

    history = PolicyHistory(
        versions=[
            PolicyVersion(policy(DAY), effective=date(2026, 11, 1), announced=date(2026, 10, 1)),
            PolicyVersion(
                policy(Turnaround.business_days(2)),
                effective=date(2027, 1, 4),
                announced=date(2026, 12, 1),
            ),
        ],
        notice=timedelta(days=30),
    )

    def test_an_obligation_keeps_the_version_in_force_when_it_arrived(self) -> None:
        log = [
            call("2026-12-31T15:00-05:00", client="c-1"),  # v1: Jan 1 and the weekend paused
            call("2027-01-04T10:00-05:00", client="c-2"),  # v2
            back("2027-01-04T16:00-05:00", client="c-1"),
            back("2027-01-06T17:00-05:00", client="c-2"),
        ]
        first, second = self.history.track(log)
        assert (first.version, first.due, first.state) == (1, t("2027-01-04T15:00-05:00"), MISSED)
        assert (second.version, second.due, second.state) == (2, t("2027-01-07T00:00-05:00"), MET)

    def test_a_rerating_follows_the_version_of_the_original_receipt(self) -> None:
        log = [
            call("2027-01-01T12:00-05:00"),
            Rerate(t("2027-01-04T09:00-05:00"), "urgent", client="c-1"),
        ]
        (o,) = self.history.track(log, now=t("2027-01-04T10:00-05:00"))
        assert o.version == 1

    def test_before_the_first_version_there_is_no_policy(self) -> None:
        with pytest.raises(ContactPolicyError, match="2026-10-15"):
            self.history.track([call("2026-10-15T09:00-04:00")])
