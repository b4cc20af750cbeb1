"""Properties of following obligations through a log (issue 13): ``Policy.track`` and the
adherence record over random valid logs (``contact_policy.testing.call_logs``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import event, given
from hypothesis import strategies as st

from contact_policy import (
    CallbackWindow,
    Contact,
    OutcomeState,
    Policy,
    Return,
    Turnaround,
    adherence,
    summarize,
)
from contact_policy.testing import call_logs, policies

NY = ZoneInfo("America/New_York")
MET, MISSED, OPEN = OutcomeState.MET, OutcomeState.MISSED, OutcomeState.OPEN


def closing(log: list[Any], extra: int) -> datetime:
    """A time to close the books: some minutes after the last event."""
    return log[-1].at + timedelta(minutes=extra)


def permits(policy: Policy, contact: Contact, at: datetime) -> bool:
    """An attempt's time is permitted: every restriction is open there or closes there."""
    calendars = [policy.operating_calendar] if policy.operating_calendar is not None else []
    for w in policy.rules:
        if isinstance(w, CallbackWindow):
            zone = (
                contact.client_zone if w.zone == "client" and contact.client_zone else policy.zone
            )
            calendars.append(w.calendar_in(zone, policy.holidays))
    return all(c.is_open(at) or c.last_open(at) == at for c in calendars)


@given(policies(boundaries=False), call_logs(), st.integers(0, 5000))
def test_met_exactly_when_a_counting_return_is_by_due(
    policy: Policy, log: list[Any], extra: int
) -> None:
    now = closing(log, extra)
    for o in policy.track(log, now=now):
        event(o.state.value)
        due = o.obligation.due
        if o.returned is not None:
            assert o.state in (MET, MISSED)
            assert (o.state is MET) == (due is None or o.returned <= due)
            # The counting return is one of the client's returns, made after the first call,
            # and it reached the client or was an attempt at a permitted time.
            ret = [
                e
                for e in log
                if isinstance(e, Return) and e.client == o.client and e.at == o.returned
            ]
            assert ret
            assert o.returned >= o.received
            if not any(r.reached for r in ret):
                assert not policy.return_must_reach
                assert permits(policy, o.contacts[0], o.returned)
        elif o.state is MISSED:
            assert due is not None
            assert now > due
        elif o.state is OPEN:
            assert due is None or now <= due
        else:
            assert o.state in (OutcomeState.NOT_OWED, OutcomeState.ROUTED)


@given(policies(boundaries=False), call_logs(), st.integers(0, 5000))
def test_time_used_and_left_add_up_to_the_allowed_time(
    policy: Policy, log: list[Any], extra: int
) -> None:
    for o in policy.track(log, now=closing(log, extra)):
        ob = o.obligation
        if o.used is None or o.remaining is None or ob.due is None:
            continue
        clock = ob.clock
        allowed = (ob.due - ob.received) if clock is None else clock.elapsed(ob.received, ob.due)
        assert o.used + o.remaining == allowed
        if o.state is MISSED:
            assert o.late == -o.remaining


def loosened(policy: Policy, hours: int) -> Policy:
    """``policy`` with every turnaround ``hours`` longer (same clock)."""
    rules = []
    for r in policy.rules:
        if isinstance(r, Turnaround) and r.within is not None:
            r = r.replace(within=r.within + timedelta(hours=hours))
        elif isinstance(r, Turnaround) and r.days is not None:
            r = r.replace(days=r.days + 1)
        rules.append(r)
    return policy.replace(rules=tuple(rules))


#: Logs without call-after requests: a request after the due time waives it and restarts the
#: clock from the requested time, so a longer target (no waiver) can be due before the
#: restarted one (docs/tracking.md, "Loosening a policy").
no_requests = call_logs(kinds=("contact", "contact", "return", "return", "rerate"))


def conflicted(policy: Policy, log: list[Any], now: datetime) -> bool:
    """Does ``policy`` leave an obligation of ``log`` in conflict (no permitted time before
    its deadline: due at the end of the first permitted slot after it)? Loosening the policy
    can resolve the conflict and so make it due earlier (docs/tracking.md)."""
    found = any(o.obligation.conflict for o in policy.track(log, now=now))
    if found:
        event("a conflict under the tighter policy")
    return found


@given(policies(boundaries=False), no_requests, st.integers(1, 72), st.integers(0, 5000))
def test_a_longer_target_never_lowers_the_share_met(
    policy: Policy, log: list[Any], hours: int, extra: int
) -> None:
    now = closing(log, extra)
    if conflicted(policy, log, now):
        return
    tight = adherence(policy, log, now=now, keep="none")
    loose = adherence(loosened(policy, hours), log, now=now, keep="none")
    assert loose.met >= tight.met
    if tight.percent_met is not None and loose.percent_met is not None:
        assert loose.percent_met >= tight.percent_met


@given(policies(boundaries=False), no_requests, st.integers(0, 5000))
def test_an_extra_permitted_window_never_lowers_the_share_met(
    policy: Policy, log: list[Any], extra: int
) -> None:
    windows = [r for r in policy.rules if isinstance(r, CallbackWindow)]
    if not windows:
        event("no window to widen")
        return
    widened = windows[0].replace(
        hours={
            day: [("00:00", "24:00")] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        }
    )
    looser = policy.replace(rules=tuple(widened if r is windows[0] else r for r in policy.rules))
    now = closing(log, extra)
    if conflicted(policy, log, now):
        return
    tight = adherence(policy, log, now=now, keep="none")
    loose = adherence(looser, log, now=now, keep="none")
    if tight.percent_met is not None and loose.percent_met is not None:
        assert loose.percent_met >= tight.percent_met


def summary(record: Any) -> dict[str, Any]:
    data = record.to_json_dict()
    data["outcomes"] = sorted(data["outcomes"], key=lambda o: (o["received"], o["client"]))
    return data


@given(policies(boundaries=False), call_logs(clients=4), st.integers(1, 3), st.integers(0, 5000))
def test_splitting_the_log_by_client_gives_the_same_summary(
    policy: Policy, log: list[Any], parts: int, extra: int
) -> None:
    now = closing(log, extra)
    whole = adherence(policy, log, now=now)
    split = [[e for e in log if int(e.client[2:]) % parts == k] for k in range(parts)]
    outcomes = [o for part in split if part for o in policy.track(part, now=now)]
    assert summary(summarize(outcomes, now=now)) == summary(whole)


@given(
    policies(boundaries=False),
    call_logs(),
    st.sampled_from(("UTC", "Asia/Tokyo", "America/Los_Angeles")),
    st.integers(0, 5000),
)
def test_writing_the_log_in_another_zone_changes_nothing(
    policy: Policy, log: list[Any], zone: str, extra: int
) -> None:
    tz = ZoneInfo(zone)
    moved = []
    for e in log:
        changes: dict[str, Any] = {"at": e.at.astimezone(tz)}
        if hasattr(e, "after"):
            changes["after"] = e.after.astimezone(tz)
        moved.append(e.replace(**changes))
    now = closing(log, extra)
    assert summary(adherence(policy, moved, now=now)) == summary(adherence(policy, log, now=now))
