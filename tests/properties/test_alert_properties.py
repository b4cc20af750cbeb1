"""Properties of ``Obligation.alerts`` (issue 13): each alert is the very instant at which
``Obligation.status`` reports its threshold reached, on the policy's own clock."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

from hypothesis import event, given
from hypothesis import strategies as st

from contact_policy import Contact, Obligation, Policy
from contact_policy.testing import contacts, durations, policies

calls = contacts(
    direction="inbound", voicemail=True, urgency=st.sampled_from(["routine", "urgent"])
)
#: Shares as people write them (a tenth, three quarters) and odd ones; more than 1 is past due.
shares = st.one_of(
    st.sampled_from((0.1, 0.25, 0.5, 0.75, 0.9, 1.0, 1.5)),
    st.floats(0.001, 2.0, allow_nan=False),
)
befores = durations(timedelta(0), timedelta(days=3))
US = timedelta(microseconds=1)


def owed(policy: Policy, contact: Contact) -> Obligation | None:
    o = policy.return_by(contact)
    if not o.required or o.due is None or o.route is not None:
        event("no alerts: not owed, no deadline or routed")
        assert o.alerts() == ()
        return None
    return o


def used_share(o: Obligation, now: object) -> Fraction | None:
    s = o.status(now)  # type: ignore[arg-type]
    allowed = (s.used + s.remaining) // US  # type: ignore[operator]
    return None if allowed <= 0 else Fraction(s.used // US, allowed)  # type: ignore[operator]


@given(policies(), calls, shares)
def test_a_share_is_reached_exactly_at_its_alert(
    policy: Policy, contact: Contact, share: float
) -> None:
    o = owed(policy, contact)
    if o is None:
        return
    (at,) = o.alerts((share,))
    assert at >= o.received
    exact = Fraction(repr(share))
    reached = used_share(o, at)
    assert reached is None or reached >= exact
    if at > o.received:  # a microsecond earlier the share is not yet reached
        before = used_share(o, at - US)
        assert before is not None
        assert before < exact


@given(policies(), calls, befores)
def test_time_left_is_at_most_the_threshold_from_its_alert_on(
    policy: Policy, contact: Contact, left: timedelta
) -> None:
    o = owed(policy, contact)
    if o is None:
        return
    (at,) = o.alerts((left,))
    assert o.status(at).remaining <= left  # type: ignore[operator]
    if at > o.received:
        assert o.status(at - US).remaining > left  # type: ignore[operator]


@given(policies(), calls, st.data())
def test_status_turns_due_soon_at_the_alert_for_due_soon_at(
    policy: Policy, contact: Contact, data: st.DataObject
) -> None:
    o = owed(policy, contact)
    if o is None:
        return
    (soon,) = o.alerts((o.due_soon_at,))
    offset = data.draw(durations(timedelta(0), timedelta(days=2)))
    for now in (soon, soon - offset, soon + offset, soon - US):
        state = o.status(now).state
        if now < soon:
            assert state == "pending"
        else:
            assert state in ("due_soon", "overdue")
            assert (state == "overdue") == (now > o.due)


@given(policies(), calls)
def test_all_the_allowed_time_is_used_by_due(policy: Policy, contact: Contact) -> None:
    o = owed(policy, contact)
    if o is None:
        return
    half, whole = o.alerts((0.5, 1.0))
    assert o.received <= half <= whole <= o.due  # type: ignore[operator]
