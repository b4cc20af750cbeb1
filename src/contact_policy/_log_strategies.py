"""Hypothesis strategies for call logs (re-exported by :mod:`contact_policy.testing`; this
module imports hypothesis, so nothing else imports it)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from .contact import Contact, Urgency
from .ledger import CallAfter, Rerate, Return

__all__ = ["call_logs"]

_KINDS = ("contact", "contact", "contact", "return", "return", "call_after", "rerate")
_WRITTEN_IN: tuple[tzinfo, ...] = (
    UTC,
    ZoneInfo("America/New_York"),
    ZoneInfo("America/Chicago"),
    ZoneInfo("Europe/London"),
)


@st.composite
def call_logs(
    draw: st.DrawFn,
    *,
    clients: int = 3,
    max_events: int = 14,
    kinds: tuple[str, ...] = _KINDS,
    crisis: bool = True,
    start: datetime = datetime(2026, 11, 16, 8, tzinfo=UTC),
    days: int = 60,
) -> list[Any]:
    """Valid call logs: events in time order (steps of minutes to days, on a minute grid,
    written in assorted zones) for up to ``clients`` clients, with unique ids; a return, a
    call-after request or a re-rating only for a client who has called. ``kinds`` weights the
    event kinds (leave out ``"call_after"`` or ``"rerate"`` to have none); ``crisis=False``
    leaves crises out.

    >>> from hypothesis import find
    >>> from contact_policy import default_policy
    >>> log = find(call_logs(), lambda log: len(log) > 3)
    >>> len(default_policy().track(log)) >= 1
    True
    """
    urgencies = [Urgency.ROUTINE, Urgency.URGENT] + ([Urgency.CRISIS] if crisis else [])
    n = draw(st.integers(1, max_events))
    at = start + timedelta(minutes=draw(st.integers(0, days * 24 * 60)))
    seen: list[str] = []
    events: list[Any] = []
    for i in range(n):
        at += timedelta(minutes=draw(st.sampled_from((0, 5, 30, 90, 240, 600, 1440, 2880))))
        when = at.astimezone(draw(st.sampled_from(_WRITTEN_IN)))
        kind = draw(st.sampled_from(kinds)) if seen else "contact"
        eid = f"e-{i}"
        if kind == "contact":
            client = f"c-{draw(st.integers(1, clients))}"
            if client not in seen:
                seen.append(client)
            events.append(
                Contact(
                    when,
                    client=client,
                    id=eid,
                    voicemail=draw(st.booleans()),
                    urgency=draw(st.sampled_from(urgencies)),
                    label=draw(st.sampled_from((None, "dr-a", "dr-b"))),
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
