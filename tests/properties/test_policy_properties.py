"""Properties of policy composition: return_by (issue 4) and in_bounds (issue 5)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import event, given
from hypothesis import strategies as st

from contact_policy import (
    CallbackWindow,
    Contact,
    FrequencyFlag,
    NoPersonalNumbers,
    Obligation,
    Policy,
    RouteKind,
    Turnaround,
    Urgency,
    VoicemailGate,
    default_policy,
)
from contact_policy.testing import (
    aware_datetimes,
    boundary_rules,
    callback_windows,
    contact_instants,
    contacts,
    policies,
    turnarounds,
    voicemail_gates,
)

UTC = UTC
BOTH = (Urgency.ROUTINE, Urgency.URGENT)
#: Inbound contacts that are owed a return under most policies (not crisis, voicemail left).
calls = contacts(
    direction="inbound", voicemail=True, urgency=st.sampled_from(["routine", "urgent"])
)


def permits(calendar: Any, at: datetime) -> bool:
    """A restriction permits ``at`` when it is open or exactly a closing instant."""
    return bool(calendar.is_open(at) or calendar.last_open(at) == at)


def restrictions(policy: Policy, contact: Contact) -> list[Any]:
    out = [policy.operating_calendar] if policy.operating_calendar is not None else []
    for w in policy.rules:
        if isinstance(w, CallbackWindow):
            zone = (
                contact.client_zone if w.zone == "client" and contact.client_zone else policy.zone
            )
            out.append(w.calendar_in(zone, policy.holidays))
    return out


def with_rules(policy: Policy, *extra: Any) -> Policy:
    return policy.replace(rules=(*policy.rules, *extra))


def with_turnaround(policy: Policy, turnaround: Turnaround) -> Policy:
    """``policy`` with ``turnaround`` as the target of every urgency (its own replaced)."""
    kept = [r for r in policy.rules if not isinstance(r, Turnaround)]
    return policy.replace(rules=(*kept, turnaround))


def same(a: Obligation, b: Obligation) -> bool:
    return a.model_dump() == b.model_dump()


# --- return_by -------------------------------------------------------------------------------


@given(policies(), calls)
def test_due_is_never_before_receipt(policy: Policy, contact: Contact) -> None:
    o = policy.return_by(contact)
    if o.required and o.due is not None:
        assert o.due >= contact.at
        assert o.earliest is None or o.earliest >= contact.at or o.conflict


@given(policies(), calls, turnarounds(business=False, urgency=BOTH))
def test_due_lies_in_permitted_time_unless_flagged(
    policy: Policy, contact: Contact, turnaround: Turnaround
) -> None:
    policy = with_turnaround(policy, turnaround)  # so that there is a deadline
    o = policy.return_by(contact)
    if not (o.required and o.due is not None and not o.conflict and o.route is None):
        # Not assume(): filtering this many fails hypothesis' health check for some seeds.
        event("not owed, no deadline, a conflict or a route")
        return
    event("a due time to check")
    for calendar in restrictions(policy, contact):
        assert permits(calendar, o.due), (calendar, o.due)
    if o.deadline is not None:
        assert o.due.timestamp() <= o.deadline.timestamp()


@given(policies(), calls, st.integers(1, 60 * 24 * 10))
def test_a_later_contact_is_never_due_earlier(
    policy: Policy, contact: Contact, later: int
) -> None:
    second = contact.replace(at=contact.at + timedelta(minutes=later))
    a, b = policy.return_by(contact), policy.return_by(second)
    if a.required and b.required and a.due is not None and b.due is not None:
        if a.conflict and not b.conflict:
            # semantics §13: a conflict is due at the END of the first permitted slot after its
            # deadline; a later call can be due inside that same slot, never before it starts.
            assert a.earliest is not None
            assert b.due.timestamp() >= a.earliest.timestamp()
        else:
            assert b.due.timestamp() >= a.due.timestamp()  # by instant, not wall time


@given(policies(), calls, callback_windows(), turnarounds(business=False, urgency=BOTH))
def test_a_window_never_makes_the_deadline_later_unless_conflict(
    policy: Policy, contact: Contact, window: CallbackWindow, turnaround: Turnaround
) -> None:
    policy = with_turnaround(policy, turnaround)  # so that there is a deadline to compare
    before = policy.return_by(contact)
    after = with_rules(policy, window).return_by(contact)
    if not (before.required and before.due is not None and not before.conflict):
        # Nothing to compare (no deadline, or already a conflict). Not assume(): for some
        # seeds most drawn policies have no deadline, and filtering them fails the health check.
        event("no deadline, or a conflict, before the window")
        return
    event("a deadline before the window")
    assert after.conflict or (
        after.due is not None and after.due.timestamp() <= before.due.timestamp()
    )


@given(policies(), contacts(), st.randoms(use_true_random=False))
def test_rule_order_does_not_change_the_obligation(
    policy: Policy, contact: Contact, rnd: Any
) -> None:
    shuffled = list(policy.rules)
    rnd.shuffle(shuffled)
    assert same(policy.return_by(contact), policy.replace(rules=shuffled).return_by(contact))


@given(policies(), contacts(), voicemail_gates())
def test_a_gate_can_only_remove_obligations(
    policy: Policy, contact: Contact, gate: VoicemailGate
) -> None:
    before = policy.return_by(contact)
    after = with_rules(policy, gate).return_by(contact)
    if after.required:
        assert before.required
        assert after.due == before.due
    if not before.required:
        assert not after.required


@given(policies(), contacts(), st.sampled_from(["UTC", "Asia/Kolkata", "Australia/Lord_Howe"]))
def test_return_by_does_not_depend_on_the_zone_the_time_is_written_in(
    policy: Policy, contact: Contact, zone: str
) -> None:
    moved = contact.replace(at=contact.at.astimezone(ZoneInfo(zone)))
    assert same(policy.return_by(contact), policy.return_by(moved))


@given(policies(), contacts(urgency="crisis", direction="inbound"))
def test_a_crisis_is_never_gated_and_is_due_at_once(policy: Policy, contact: Contact) -> None:
    o = policy.return_by(contact)
    assert o.required
    assert o.due == contact.at
    assert o.route is not None
    assert o.route.kind is RouteKind.EMERGENCY


#: Contacts at any instant (to the microsecond, near DST changes, on the quarter-hours),
#: written in the practice's zone or elsewhere.
#: (Not ``contacts(at=...)``: it tests the strategy's truth, which hypothesis warns about.)
queue_contacts = st.builds(
    lambda contact, at: contact.replace(at=at),
    contacts(),
    aware_datetimes(2024, 2028, zones=["America/New_York"]),
)


def assert_same_answer(got: Obligation, expected: Obligation) -> None:
    """The same obligation, down to what equality does not see: the fold of each datetime
    (JSON writes the UTC offset), the fields-set and the clock ``status`` measures with."""
    assert got == expected
    assert got.model_dump_json() == expected.model_dump_json()
    assert got.model_fields_set == expected.model_fields_set
    assert [r.model_fields_set for r in got.reasons] == [
        r.model_fields_set for r in expected.reasons
    ]
    assert getattr(got, "_clock", None) == getattr(expected, "_clock", None)


def same_due(got: datetime | None, expected: Obligation) -> bool:
    want = expected.due if expected.required else None
    if got is None or want is None:
        return got is None and want is None
    return got.isoformat() == want.isoformat() and got.tzinfo is want.tzinfo


@given(policies(), st.lists(st.one_of(contacts(), queue_contacts), max_size=8))
def test_batch_answers_equal_scalar_answers(policy: Policy, batch: list[Contact]) -> None:
    # Scalar answers from a copy of the policy with cold caches, last contact first; the batch
    # from the original, twice (the second run answers from warm caches).
    fresh = Policy.model_validate_json(policy.model_dump_json())
    scalar = [fresh.return_by(c) for c in reversed(batch)][::-1]
    for _ in range(2):
        many = policy.return_by_many(batch)
        assert len(many) == len(batch)
        for got, expected in zip(many, scalar, strict=True):
            assert_same_answer(got, expected)
        dues = policy.return_by_many(batch, due_only=True)
        assert all(same_due(d, o) for d, o in zip(dues, scalar, strict=True))


@given(st.lists(queue_contacts, min_size=1, max_size=20), contact_instants())
def test_default_policy_batch_equals_scalar(batch: list[Contact], now: datetime) -> None:
    policy = default_policy()
    many = policy.return_by_many(batch)
    dues = policy.return_by_many(batch, due_only=True)
    for contact, got, due in zip(batch, many, dues, strict=True):
        expected = policy.return_by(contact)
        assert_same_answer(got, expected)
        assert same_due(due, expected)
        assert got.status(now) == expected.status(now)


@given(policies(), contacts())
def test_obligations_round_trip_through_json(policy: Policy, contact: Contact) -> None:
    o = policy.return_by(contact)
    assert Obligation.model_validate_json(o.model_dump_json()) == o


@given(policies())
def test_policies_round_trip_through_json(policy: Policy) -> None:
    assert Policy.model_validate_json(policy.model_dump_json()) == policy


# --- in_bounds -------------------------------------------------------------------------------


@given(policies(), contacts(urgency="crisis"))
def test_a_crisis_always_gets_a_route_to_help(policy: Policy, contact: Contact) -> None:
    v = policy.in_bounds(contact)
    assert v.route.kind is RouteKind.EMERGENCY
    assert v.route.instructions.strip()
    assert "911" in v.route.instructions or "988" in v.route.instructions


@given(policies(), contacts(), st.one_of(st.just(NoPersonalNumbers()), boundary_rules()))
def test_adding_a_rule_never_turns_a_forbid_into_an_allow(
    policy: Policy, contact: Contact, rule: Any
) -> None:
    # Start from the policy without a rule of that kind (not assume(): no filtering).
    policy = policy.replace(rules=[r for r in policy.rules if r.kind != rule.kind])
    if not policy.in_bounds(contact).allowed:
        assert not with_rules(policy, rule).in_bounds(contact).allowed


@given(policies(), contacts(), st.randoms(use_true_random=False))
def test_verdicts_do_not_depend_on_rule_order(policy: Policy, contact: Contact, rnd: Any) -> None:
    shuffled = list(policy.rules)
    rnd.shuffle(shuffled)
    assert policy.in_bounds(contact) == policy.replace(rules=shuffled).in_bounds(contact)


@given(policies(), contacts(), st.sampled_from(["UTC", "Asia/Kolkata", "Pacific/Chatham"]))
def test_verdicts_do_not_depend_on_the_zone_the_time_is_written_in(
    policy: Policy, contact: Contact, zone: str
) -> None:
    moved = contact.replace(at=contact.at.astimezone(ZoneInfo(zone)))
    assert policy.in_bounds(contact) == policy.in_bounds(moved)


@given(policies(), contacts(), st.lists(st.integers(1, 60 * 24 * 14), max_size=12))
def test_a_flag_never_forbids(policy: Policy, contact: Contact, minutes_back: list[int]) -> None:
    history = [contact.at - timedelta(minutes=m) for m in minutes_back]
    without = policy.in_bounds(contact)
    flagged = policy.in_bounds(contact, history=history)
    assert flagged.allowed == without.allowed
    assert flagged.route == without.route


@given(
    st.integers(1, 6),
    st.integers(1, 14),
    contact_instants(),
    st.lists(st.integers(1, 60 * 24 * 20), max_size=15),
    st.lists(st.integers(1, 60 * 24 * 20), max_size=5),
)
def test_frequency_flags_are_monotone_in_the_number_of_recent_contacts(
    limit: int, days: int, at: datetime, base: list[int], extra: list[int]
) -> None:
    policy = Policy(
        zone="America/New_York",
        rules=[FrequencyFlag(limit=limit, period=timedelta(days=days))],
    )
    contact = Contact(at)
    fewer = [at - timedelta(minutes=m) for m in base]
    more = fewer + [at - timedelta(minutes=m) for m in extra]
    if policy.in_bounds(contact, history=fewer).flags:
        assert policy.in_bounds(contact, history=more).flags
    assert len(policy.in_bounds(contact, history=fewer).flags) <= 1


def test_strategies_cover_every_rule_kind() -> None:
    kinds: set[str] = set()

    @given(policies())
    def collect(policy: Policy) -> None:
        kinds.update(r.kind for r in policy.rules)

    collect()
    assert {"turnaround", "callback_window", "operating_hours"} <= kinds
