"""Hypothesis strategies for call logs (re-exported by :mod:`contact_policy.testing`; this
module imports hypothesis, so nothing else imports it)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ._policy_strategies import _known_channels
from ._time import is_aware
from .contact import Channel, Contact, Urgency
from .ledger import EVENT_KINDS, CallAfter, Rerate, Return
from .policy import Policy

__all__ = ["call_logs"]

_KINDS = ("contact", "contact", "contact", "return", "return", "call_after", "rerate")
_WRITTEN_IN: tuple[tzinfo, ...] = (
    UTC,
    ZoneInfo("America/New_York"),
    ZoneInfo("America/Chicago"),
    ZoneInfo("Europe/London"),
)
_STEPS = (0, 5, 30, 90, 240, 600, 1440, 2880)


@st.composite
def _call_logs(
    draw: st.DrawFn,
    *,
    clients: int,
    max_events: int,
    kinds: tuple[str, ...],
    urgencies: tuple[Urgency, ...],
    start: datetime,
    days: int,
    written_in: tuple[tzinfo, ...],
    channels: tuple[Channel, ...],
    local: tzinfo | None,
) -> list[Any]:
    n = draw(st.integers(1, max_events))
    if local is None:
        at = start + timedelta(minutes=draw(st.integers(0, days * 24 * 60)))
    else:
        # The first event at a quarter-hour wall time of the policy's zone (09:00 first).
        first = start.astimezone(local).date() + timedelta(days=draw(st.integers(0, days)))
        minute = (9 * 60 + 15 * draw(st.integers(0, 95))) % (24 * 60)
        wall = datetime.combine(first, time(minute // 60, minute % 60))
        at = max(wall.replace(tzinfo=local).astimezone(UTC), start)
    seen: list[str] = []
    events: list[Any] = []
    for i in range(n):
        at += timedelta(minutes=draw(st.sampled_from(_STEPS)))
        when = at.astimezone(draw(st.sampled_from(written_in)))
        kind = draw(st.sampled_from(kinds)) if seen else "contact"
        eid = f"e-{i}"
        if kind == "contact":
            client = f"c-{draw(st.integers(1, clients))}"
            if client not in seen:
                seen.append(client)
            fields: dict[str, Any] = {}
            if len(channels) > 1:
                channel = draw(st.sampled_from(channels))
                if channel is not Channel.CALL:
                    fields["channel"] = channel
            events.append(
                Contact(
                    when,
                    client=client,
                    id=eid,
                    voicemail=draw(st.booleans()),
                    urgency=draw(st.sampled_from(urgencies)),
                    label=draw(st.sampled_from((None, "dr-a", "dr-b"))),
                    **fields,
                )
            )
            continue
        client = draw(st.sampled_from(seen))
        if kind == "return":
            events.append(Return(when, client=client, id=eid, reached=draw(st.booleans())))
        elif kind == "call_after":
            later = timedelta(minutes=draw(st.sampled_from((60, 600, 1440, 4320))))
            events.append(CallAfter(when, when + later, client=client, id=eid))
        else:
            urgency = draw(st.sampled_from(urgencies))
            events.append(Rerate(when, urgency, client=client, id=eid))
    return events


def call_logs(
    *,
    policy: Policy | None = None,
    clients: int = 3,
    max_events: int = 14,
    kinds: tuple[str, ...] = _KINDS,
    crisis: bool = True,
    start: datetime = datetime(2026, 11, 16, 8, tzinfo=UTC),
    days: int = 60,
) -> st.SearchStrategy[list[Any]]:
    """Valid call logs: events in time order (steps of minutes to days, on a minute grid,
    written in assorted zones) for up to ``clients`` clients, with unique ids; a return, a
    call-after request or a re-rating only for a client who has called. ``kinds`` weights the
    event kinds (``"contact"``, ``"return"``, ``"call_after"``, ``"rerate"``; leave out
    ``"call_after"`` or ``"rerate"`` to have none); ``crisis=False`` leaves crises out. The
    first event falls within ``days`` days after ``start``.

    With a ``policy``, the log suits it: the first event is at a quarter-hour wall time of its
    zone (09:00 first), events are written in its zone or UTC, and contacts come on the
    channels it names (calls, and what its voicemail gates gate). Feed it to
    ``policy.track(log)``.

    >>> from hypothesis import find
    >>> from contact_policy import default_policy
    >>> log = find(call_logs(), lambda log: len(log) > 3)
    >>> len(default_policy().track(log)) >= 1
    True
    >>> find(call_logs(policy=default_policy(), days=0), lambda log: True)[0].at.isoformat()
    '2026-11-16T09:00:00-05:00'
    """
    for name, value in (("clients", clients), ("max_events", max_events)):
        if value < 1:
            msg = f"call_logs({name}={value!r}): need at least 1"
            raise InvalidArgument(msg)
    if days < 0:
        msg = f"call_logs(days={days!r}): a count of days cannot be negative"
        raise InvalidArgument(msg)
    if not is_aware(start):
        msg = f"call_logs(start={start!r}): pass an aware datetime"
        raise InvalidArgument(msg)
    unknown = sorted(set(kinds) - set(EVENT_KINDS))
    if not kinds or unknown:
        msg = f"call_logs(kinds={kinds!r}): give event kinds from {', '.join(EVENT_KINDS)}" + (
            f"; {unknown[0]!r} is none of them" if unknown else ""
        )
        raise InvalidArgument(msg)
    urgencies = (Urgency.ROUTINE, Urgency.URGENT) + ((Urgency.CRISIS,) if crisis else ())
    written_in = _WRITTEN_IN
    channels: tuple[Channel, ...] = (Channel.CALL,)
    local: tzinfo | None = None
    if policy is not None:
        if not isinstance(policy, Policy):
            msg = f"call_logs(policy={policy!r}): pass a Policy"
            raise InvalidArgument(msg)
        local = ZoneInfo(policy.zone)
        written_in = (local, UTC)
        channels = _known_channels(policy)
    return _call_logs(
        clients=clients,
        max_events=max_events,
        kinds=tuple(kinds),
        urgencies=urgencies,
        start=start.astimezone(UTC),
        days=days,
        written_in=written_in,
        channels=channels,
        local=local,
    )
