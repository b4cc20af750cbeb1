"""The life of each obligation: a client's events followed in time order.

Feed :func:`track` (or ``Policy.track`` / ``PolicyHistory.track``) the events of a call log
in time order: a :class:`~contact_policy.Contact` (a call or message in), a :class:`Return`
(a return call, which reached the client or not), a :class:`CallAfter` (the client asks to be
called at or after a time) and a :class:`Rerate` (the urgency changed). Each obligation comes
back as an :class:`Outcome`: ``met``, ``missed``, ``not_owed``, ``open`` or ``routed``, with
the time used and left on the policy's own clock and the reasons. The rules, with examples,
are in docs/tracking.md:

- a return counts when it reached the client, or when it is an attempt made at a permitted
  time (callback windows, operating hours; not before the client's requested time), unless
  the policy says ``return_must_reach``;
- a further contact before the call-back joins the open obligation: the deadline stays with
  the oldest unanswered contact, unless the new one is more urgent and so due earlier;
- a changed urgency counts from the original receipt;
- "call me after 2 pm" moves ``earliest`` there; past the original ``due`` it waives that
  deadline, and the obligation is due as if the call had arrived at the requested time;
- a crisis is routed to help at once and never reported as met by a later call-back.

An obligation keeps the policy version in force when its contact arrived (a history's later
versions do not move it).

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> from contact_policy import Contact, default_policy
>>> tz = ZoneInfo("America/New_York")
>>> log = [Contact(datetime(2026, 11, 20, 15, tzinfo=tz), voicemail=True, client="c-1"),
...        Return(datetime(2026, 11, 23, 11, tzinfo=tz), client="c-1", reached=True)]
>>> [(o.state.value, o.due.strftime("%a %H:%M")) for o in default_policy().track(log)]
[('met', 'Mon 15:00')]

Imports the policy's compiled plan (through the policy objects it is given), the answers, the
contact and the wording; the policy modules call it.

One file: the events, the ledger that follows them and the outcomes it builds share the working
state of a case (``_Case``); the CSV reading is in ``calllog``.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ._model import AwareDatetime, Flag, Model, Text
from ._time import EPOCH_ORDINAL as _EPOCH_ORDINAL
from ._time import aware_us, to_us
from .answers import Obligation, Reason, Slot
from .contact import Contact, Direction, Urgency
from .errors import ContactPolicyError, EventLogError, shown
from .wording import duration_words, iso_duration, when

if TYPE_CHECKING:
    from ._plan import Plan
    from ._timeline import Timeline
    from .policy import Policy

__all__ = [
    "EVENT_KINDS",
    "CallAfter",
    "Event",
    "Outcome",
    "OutcomeState",
    "Rerate",
    "Return",
    "outcomes",
    "track",
]


class Return(Model):
    """A return call (or message) to ``client`` at ``at``: ``reached`` says whether it
    reached the client (an attempt that did not still counts when made at a permitted time,
    unless the policy says ``return_must_reach``). ``id`` is an opaque event id.

    >>> from datetime import datetime, timezone
    >>> Return(datetime(2026, 11, 23, 16, tzinfo=timezone.utc), client="c-1", reached=True)
    Return(at=datetime.datetime(2026, 11, 23, 16, 0, tzinfo=datetime.timezone.utc), client='c-1', reached=True)
    """  # noqa: E501 - the doctest shows one whole repr

    at: AwareDatetime
    client: Text | None = None
    reached: Flag = False
    id: Text | None = None

    def __init__(self, at: datetime | None = None, /, **data: Any) -> None:
        if at is not None:
            data["at"] = at
        super().__init__(**data)


class CallAfter(Model):
    """At ``at``, ``client`` asks to be called at or after ``after`` ("call me after
    Tuesday 2 pm"). The latest request replaces earlier ones."""

    at: AwareDatetime
    after: AwareDatetime
    client: Text | None = None
    id: Text | None = None

    def __init__(
        self, at: datetime | None = None, after: datetime | None = None, /, **data: Any
    ) -> None:
        if at is not None:
            data["at"] = at
        if after is not None:
            data["after"] = after
        super().__init__(**data)


class Rerate(Model):
    """At ``at``, the urgency of ``client``'s open obligation changed to ``urgency`` (a
    triage, a second message); it counts from the original receipt."""

    at: AwareDatetime
    urgency: Urgency
    client: Text | None = None
    id: Text | None = None

    def __init__(
        self, at: datetime | None = None, urgency: Urgency | str | None = None, /, **data: Any
    ) -> None:
        if at is not None:
            data["at"] = at
        if urgency is not None:
            data["urgency"] = urgency
        super().__init__(**data)


#: One event of a call log.
Event = Contact | Return | CallAfter | Rerate
#: Each event class by the name a log gives its kind (the CSV's ``kind`` column).
EVENT_KINDS: dict[str, type[Model]] = {
    "contact": Contact,
    "return": Return,
    "call_after": CallAfter,
    "rerate": Rerate,
}


class OutcomeState(StrEnum):
    """What became of an obligation."""

    MET = "met"  #: returned by ``due``
    MISSED = "missed"  #: not returned by ``due`` (returned later, or still not returned)
    NOT_OWED = "not_owed"  #: no return was owed (no voicemail, under a voicemail gate)
    OPEN = "open"  #: not returned yet, and ``due`` has not passed
    ROUTED = "routed"  #: a crisis, routed to help at once


class Outcome(Model):
    """One obligation followed through the log: its ``state``, the ``obligation`` as it
    stood at the end (after joins, requests and re-ratings), the ``contacts`` it covers (the
    first is where it started), its ``urgency`` at the end (after re-ratings and more urgent
    contacts), when it was ``returned`` (the counting return), how ``late``
    (on the policy's clock, for a missed one: still not returned, as of the end of the log),
    the allowed time ``used`` and ``remaining`` at the return or the end (on the policy's
    clock; negative when past due), every return ``attempts`` made, the ``client``, the
    ``label`` of its first contact, the ``version`` of the policy history it follows
    (1-based; None for a single policy) and the ``reasons``: the obligation's own, then each
    event's part, then the outcome in words.
    """

    state: OutcomeState
    obligation: Obligation
    contacts: tuple[Contact, ...]
    urgency: Urgency = Urgency.ROUTINE
    returned: AwareDatetime | None = None
    late: timedelta | None = None
    used: timedelta | None = None
    remaining: timedelta | None = None
    attempts: tuple[AwareDatetime, ...] = ()
    client: Text | None = None
    label: Text | None = None
    version: int | None = None
    reasons: tuple[Reason, ...] = ()

    @property
    def due(self) -> datetime | None:
        """The obligation's due time."""
        return self.obligation.due

    def to_json_dict(self) -> dict[str, Any]:
        """A compact plain-JSON form for reports (``model_dump`` gives everything): times
        in ISO 8601, durations as ISO 8601 durations, the reasons as rule and text."""
        o = self.obligation
        return {
            "state": self.state.value,
            "client": self.client,
            "label": self.label,
            "urgency": self.urgency.value,
            "version": self.version,
            "received": self.received.astimezone(o.received.tzinfo).isoformat(),
            "contacts": len(self.contacts),
            "earliest": _iso_time(o.earliest),
            "due": _iso_time(o.due),
            "returned": _iso_time(self.returned),
            "late": _iso_duration(self.late),
            "used": _iso_duration(self.used),
            "remaining": _iso_duration(self.remaining),
            "attempts": [a.isoformat() for a in self.attempts],
            "reasons": [{"rule": r.rule, "text": r.text} for r in self.reasons],
        }

    @property
    def received(self) -> datetime:
        """When the first contact it covers arrived."""
        return self.contacts[0].at


def _iso_time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _iso_duration(value: timedelta | None) -> str | None:
    return None if value is None else iso_duration(value)


#: (policy, version number or None) in force at an instant.
PolicyAt = Callable[[datetime], "tuple[Policy, int | None]"]

_EVENT_CLASSES = frozenset((Contact, Return, CallAfter, Rerate))
_RANK = {Urgency.ROUTINE: 0, Urgency.URGENT: 1, Urgency.CRISIS: 2}
_OUTBOUND = Direction.OUTBOUND
#: ``reached=False``, passed by position on the hot path.
_UNREACHED = False
_CRISIS = Urgency.CRISIS
_MET, _MISSED, _NOT_OWED, _OPEN, _ROUTED = (
    OutcomeState.MET,
    OutcomeState.MISSED,
    OutcomeState.NOT_OWED,
    OutcomeState.OPEN,
    OutcomeState.ROUTED,
)


class _Case:
    """One obligation while it is followed (the ledger's working state). Most fields keep
    their class-level default for most obligations (no request, no join, one return), so a
    case is built with a handful of assignments."""

    after: datetime | None = None
    after_us: int | None = None
    due_us: int | None = None
    base_due_us: int | None = None
    earliest_us: int | None = None
    waived = False
    returned: datetime | None = None
    returned_us: int | None = None
    #: The counting return reached the client (it is then not in ``attempts``: see
    #: :meth:`all_attempts`).
    reached = False
    end_us = 0
    #: (kind, event, extra) of each event's part, worded when the outcome is built (a
    #: list of the case's own once there is one).
    notes: list[tuple[str, Any, Any]] = []  # noqa: RUF012 - replaced, never changed in place
    #: (instant, reached, why it did not count or None) of each return attempt (likewise).
    attempts: list[tuple[datetime, bool, str | None]] = []  # noqa: RUF012

    def __init__(
        self,
        seq: int,
        contact: Contact,
        us: int,
        policy: Policy,
        plan: Plan,
        version: int | None,
        state: Any,
        client: str | None,
        urgency: Urgency,
    ) -> None:
        # ``client`` and ``urgency`` are the contact's (the ledger has read them already).
        self.seq = seq
        self.client = client
        self.contacts = [contact]
        self.anchor = contact
        self.anchor_us = us
        self.urgency = urgency
        self.policy = policy
        self.plan = plan
        self.version = version
        self.state = state

    def note(self, kind: str, event: Any, extra: Any) -> None:
        """Add an event's part to the reasons."""
        if not self.notes:
            self.notes = []
        self.notes.append((kind, event, extra))

    def attempt(self, at: datetime, reached: bool, why: str | None) -> None:  # noqa: FBT001
        """Add a return attempt."""
        if not self.attempts:
            self.attempts = []
        self.attempts.append((at, reached, why))

    def all_attempts(self) -> list[tuple[datetime, bool, str | None]]:
        """Every return attempt in order: those listed, then a counting return that reached
        the client (kept as ``returned`` alone, so that the common case builds no list)."""
        if self.reached and self.returned is not None:
            return [*self.attempts, (self.returned, True, None)]
        return self.attempts

    @property
    def governing(self) -> Contact:
        """The contact the deadline is computed from, at the case's urgency."""
        anchor = self.anchor
        if anchor.urgency is self.urgency:
            return anchor
        return anchor.replace(urgency=self.urgency)

    def settle(self) -> None:
        """Work out ``due`` (and the earliest moment) from the governing contact, its policy
        and the client's request."""
        plan, contact = self.plan, self.anchor
        if contact.urgency is not self.urgency:  # self.governing, written out
            contact = contact.replace(urgency=self.urgency)
        due = self.base_due_us = plan.due_us(contact, self.anchor_us)
        self.waived = False
        self.earliest_us = None
        if self.after_us is not None and self.after_us > self.anchor_us:
            first = plan.first_permitted(contact, self.after_us)
            if due is not None and (first is None or first > due):
                self.waived = True
                due = plan.due_us(contact.replace(at=self.after))
            else:
                self.earliest_us = first
        self.due_us = due

    @property
    def due(self) -> datetime | None:
        """``due_us`` as a datetime in the policy's zone."""
        return None if self.due_us is None else self.plan.conv(self.due_us)

    def start_us(self) -> int:
        """Where the allowed time starts: the governing contact's receipt, or the time the
        client asked for when that waived the first deadline."""
        if self.waived and self.after_us is not None:
            return self.after_us
        return self.anchor_us

    def clock(self) -> Timeline | None:
        """The engine of the policy's clock for this obligation (None: real time)."""
        return self.plan.clock_of(self.urgency)

    def measured(self, a: int, b: int) -> int:
        """Allowed time between the instants ``a`` and ``b`` on the policy's clock (us)."""
        clock = self.clock()
        return b - a if clock is None else clock.elapsed(a, b)


class _IdSet:
    """The event ids seen, in about 16 bytes each: their hashes in an open-addressing table
    (an int64 array, linear probing, at most half full), so a log of a million ids costs
    16 MB, not the 80 MB a set of the strings would. Two different ids whose hashes are equal
    (odds of about n² / 2⁶⁵: one in 36 million for a million ids) would be taken for one id
    used twice."""

    __slots__ = ("h", "mask", "n", "table")

    def __init__(self) -> None:
        self.table = array("q", bytes(8 * 1024))
        self.mask = 1023
        self.n = 0
        self.h = 0

    def find(self, eid: str) -> int:
        """Where ``eid`` would go (-1 when it is there already)."""
        h = self.h = hash(eid) or 1  # 0 marks an empty slot
        table, mask = self.table, self.mask
        i = h & mask
        while True:
            v = table[i]
            if v == 0:
                return i
            if v == h:
                return -1
            i = (i + 1) & mask

    def put(self, i: int) -> None:
        """Record the id :meth:`find` was last asked about at ``i``, where it said."""
        self.table[i] = self.h
        self.n += 1
        if self.n * 2 > len(self.table):
            self.grow()

    def grow(self) -> None:
        """Double the table (when it is more than half full)."""
        old = self.table
        self.table = array("q", bytes(16 * len(old)))
        self.mask = len(self.table) - 1
        table, mask = self.table, self.mask
        for h in old:
            if h:
                j = h & mask
                while table[j]:
                    j = (j + 1) & mask
                table[j] = h

    def __contains__(self, eid: str) -> bool:
        return self.find(eid) < 0


class _Ledger:
    """Events in, closed cases out: the streaming core of :func:`track` and
    :func:`~contact_policy.adherence`. Memory grows with the open obligations (and the ids
    and clients seen), not with the events."""

    __slots__ = (
        "ids",
        "last",
        "last_at",
        "one",
        "one_plan",
        "open",
        "policy_at",
        "seen",
        "seq",
    )

    def __init__(self, policy_at: PolicyAt, one: Policy | None = None) -> None:
        self.policy_at = policy_at
        self.one = one
        #: The single policy's compiled plan (None for a history: asked per contact).
        self.one_plan: Plan | None = None if one is None else one._plan()
        self.open: dict[str | None, _Case] = {}
        self.seen: set[str | None] = set()
        self.ids = _IdSet()
        self.last: int | None = None
        self.last_at: datetime | None = None
        self.seq = 0

    def _policy(self, at: datetime) -> tuple[Policy, int | None]:
        one = self.one
        return (one, None) if one is not None else self.policy_at(at)

    def feed(self, event: Any, where: str, row: int | None = None) -> _Case | None:
        """Take one event (``where`` locates it in errors); the case it closes, if any."""
        kind = type(event)
        if kind is Contact:
            return self.take(kind, event.at, event.id, event, None, _UNREACHED, where, row)
        if kind is Return:
            return self.take(
                kind, event.at, event.id, None, event.client, event.reached, where, row
            )
        if kind not in _EVENT_CLASSES:
            raise _not_an_event(event, where, row)
        return self.take(kind, event.at, event.id, event, None, _UNREACHED, where, row)

    def take(
        self,
        kind: type,
        at: datetime,
        eid: str | None,
        event: Any,
        client: str | None,
        reached: bool,  # noqa: FBT001 - positional on the hot path
        where: str,
        row: int | None,
    ) -> _Case | None:
        """:meth:`feed` with the event's time and id read: ``event`` is the event itself,
        except for a return (``kind`` is :class:`Return`), given by its ``client`` and
        ``reached`` alone (the call-log reader builds no object for it)."""
        off: timedelta = at.utcoffset()  # type: ignore[assignment]  # to_us(at), written out
        us = (
            (
                (at.toordinal() - _EPOCH_ORDINAL) * 86_400
                + at.hour * 3600
                + at.minute * 60
                + at.second
                - off.days * 86_400
                - off.seconds
            )
            * 1_000_000
            + at.microsecond
            - off.microseconds
        )
        last = self.last
        if last is not None and us < last:
            detail = (
                f"{at.isoformat()} is earlier than the event before it; events must come in "
                "time order (sort the log by time)"
            )
            raise EventLogError.at(where or f"line {row}", row, "at", detail)
        if eid is not None:  # _IdSet.find, written out
            ids = self.ids
            h = hash(eid) or 1
            table, mask = ids.table, ids.mask
            slot = h & mask
            while True:
                v = table[slot]
                if v == 0:
                    break
                if v == h:
                    detail = f"the id {eid!r} was used by an earlier event; ids must be unique"
                    raise EventLogError.at(where or f"line {row}", row, "id", detail)
                slot = (slot + 1) & mask
        if kind is Return:
            closed = self._return(client, at, us, where, row, reached)
        elif kind is Contact:
            if event.direction is _OUTBOUND:
                closed = self._return(event.client, at, us, where, row, _UNREACHED)
            else:
                closed = self._contact(event, us)
        else:
            closed = self._change(kind, event, us, where, row)
        # Only an event taken counts as seen (a rejected one changes nothing).
        self.last = us
        self.last_at = at
        if eid is not None:  # _IdSet.put, written out
            table[slot] = h
            ids.n += 1
            if ids.n * 2 > len(table):
                ids.grow()
        return closed

    def _change(
        self, kind: type, event: Any, us: int, where: str, row: int | None
    ) -> _Case | None:
        """A call-after request or a re-rating."""
        case = self.open.get(event.client)
        if case is None:
            if event.client not in self.seen:
                what = "a call-after request" if kind is CallAfter else "a change of urgency"
                raise _before_any_call(what, event.client, where, row)
            return None  # nothing open to change: the client was already called back
        if kind is CallAfter:
            case.after, case.after_us = event.after, to_us(event.after)
            old = case.due_us
            case.settle()
            case.note("call_after", event, old)
            return None
        if event.urgency is _CRISIS:
            case.note("rerate", event, case.urgency)
            case.urgency = _CRISIS
            case.state = _ROUTED
            case.end_us = us
            del self.open[case.client]
            return case
        old_urgency = case.urgency
        first = case.contacts[0]
        case.anchor, case.anchor_us = first, to_us(first.at)
        case.urgency = event.urgency
        case.policy, case.version = self._policy(first.at)
        case.plan = case.policy._plan()
        case.settle()
        case.note("rerate", event, old_urgency)
        return None

    def _contact(self, contact: Contact, us: int) -> _Case | None:
        # The contact's fields are read once (a model's attributes cost more than locals).
        client, urgency = contact.client, contact.urgency
        self.seen.add(client)
        one, plan = self.one, self.one_plan
        if one is None or plan is None:
            policy, version = self.policy_at(contact.at)
            plan = policy._plan()
        else:
            policy, version = one, None
        if urgency is _CRISIS:
            self.seq += 1
            routed = _Case(self.seq, contact, us, policy, plan, version, _ROUTED, client, urgency)
            routed.end_us = us
            return routed
        case = self.open.get(client)
        if not plan.owes(contact):
            if case is not None:
                case.contacts.append(contact)
                case.note("gated", contact, None)
                return None
            self.seq += 1
            not_owed = _Case(
                self.seq, contact, us, policy, plan, version, _NOT_OWED, client, urgency
            )
            not_owed.end_us = us
            return not_owed
        if case is None:
            self.seq += 1
            case = _Case(self.seq, contact, us, policy, plan, version, _OPEN, client, urgency)
            # settle() for a new case (no request yet): due from the contact itself
            case.due_us = case.base_due_us = plan.due_us(contact, us)
            self.open[client] = case
            return None
        case.contacts.append(contact)
        if _RANK[urgency] > _RANK[case.urgency]:
            due = plan.due_us(contact, us)
            if due is not None and (case.due_us is None or due < case.due_us):
                old = case.due_us
                case.anchor, case.anchor_us, case.urgency = contact, us, urgency
                case.policy, case.version, case.plan = policy, version, plan
                case.settle()
                case.note("escalated", contact, old)
                return None
        case.note("joined", contact, None)
        return None

    def _return(
        self,
        client: str | None,
        at: datetime,
        us: int,
        where: str,
        row: int | None,
        reached: bool,  # noqa: FBT001 - positional on the hot path
    ) -> _Case | None:
        case = self.open.get(client)
        if case is None:
            if client not in self.seen:
                raise _before_any_call("a return", client, where, row)
            return None  # a further call-back after the obligation closed: no effect
        if not reached:
            why = self._why_not(case, us)
            case.attempt(at, _UNREACHED, why)
            if why is not None:
                return None
        else:  # the counting return is listed with the attempts when the outcome is built
            case.reached = True
        case.returned, case.returned_us = at, us
        case.end_us = us
        due_us = case.due_us
        case.state = _MET if due_us is None or us <= due_us else _MISSED
        del self.open[client]
        return case

    @staticmethod
    def _why_not(case: _Case, us: int) -> str | None:
        """Why an attempt (that did not reach the client) at ``us`` does not count, or None."""
        if case.policy.return_must_reach:
            return "it did not reach the client, and this policy counts only returns that do"
        after, after_us = case.after, case.after_us
        if after is not None and after_us is not None and us < after_us:
            return f"it came before the time the client asked for, {when(_local(case, after))}"
        label = case.plan.forbidding(case.governing, us)
        if label is not None:
            return f"it was made outside the permitted times ({label})"
        return None

    def closed_at(self) -> datetime | None:
        """The last event's time, or None before any event."""
        return self.last_at

    def finish(self, now_us: int | None) -> list[_Case]:
        """Close the books: every obligation still open, as ``open`` or (past due as of
        ``now_us``; the last event's time when None) ``missed``, in order of receipt."""
        end = now_us if now_us is not None else (self.last or 0)
        left = sorted(self.open.values(), key=lambda c: c.seq)
        for case in left:
            case.end_us = end
            if case.due_us is not None and end > case.due_us:
                case.state = _MISSED
        self.open.clear()
        return left


def _local(case: _Case, value: datetime) -> datetime:
    return value.astimezone(case.policy.tz)


def _not_an_event(event: Any, where: str, row: int | None) -> EventLogError:
    detail = (
        f"{shown(event, 60)} is not an event; give a Contact, Return, CallAfter or Rerate "
        f"(kinds: {', '.join(EVENT_KINDS)})"
    )
    return EventLogError.at(where or f"line {row}", row, None, detail)


def _before_any_call(what: str, client: str | None, where: str, row: int | None) -> EventLogError:
    who = "the client" if client is None else f"client {client!r}"
    detail = f"{what} for {who}, who has not called before it in this log"
    return EventLogError.at(where or f"line {row}", row, "client", detail)


# --- outcomes in words ----------------------------------------------------------------------


def _outcome(case: _Case) -> Outcome:
    """The public :class:`Outcome` of a closed case (its obligation and reasons built)."""
    tz = case.policy.tz
    obligation = _obligation(case)
    notes = [_note(case, kind, event, extra) for kind, event, extra in case.notes]
    attempts = case.all_attempts()
    for at, reached, why in attempts:
        shown = when(at.astimezone(tz))
        if why is not None:
            notes.append(
                Reason.trusted(rule="return", text=f"an attempt at {shown} did not count: {why}")
            )
        else:
            how = "reached the client" if reached else "an attempt at a permitted time"
            notes.append(Reason.trusted(rule="return", text=f"returned {shown} ({how})"))
    state = case.state
    used = remaining = late = None
    if state is not _NOT_OWED and state is not _ROUTED:
        start = case.start_us()
        end = case.returned_us if case.returned_us is not None else case.end_us
        used = _td(case.measured(start, end))
        if case.due_us is not None:
            remaining = _td(case.measured(end, case.due_us))
            if state is _MISSED:
                late = _td(case.measured(case.due_us, end))
    notes.append(Reason.trusted(rule="outcome", text=_verdict(case, late, remaining)))
    first = case.contacts[0]
    return Outcome.trusted(
        state=state,
        obligation=obligation,
        contacts=tuple(case.contacts),
        urgency=case.urgency,
        returned=None if case.returned is None else case.returned.astimezone(tz),
        late=late,
        used=used,
        remaining=remaining,
        attempts=tuple(at.astimezone(tz) for at, _, _ in attempts),
        client=case.client,
        label=first.label,
        version=case.version,
        reasons=(*obligation.reasons, *notes),
    )


def _td(us: int) -> timedelta:
    return timedelta(microseconds=us)


def _obligation(case: _Case) -> Obligation:
    """The obligation as it stood at the end: the governing contact's, moved by the client's
    request."""
    contact = case.governing
    if case.waived:
        return case.policy.return_by(contact.replace(at=case.after))
    o = case.policy.return_by(contact)
    if case.earliest_us is None or case.state is _ROUTED or not o.required:
        return o
    earliest_us = case.earliest_us
    if o.earliest is not None and to_us(o.earliest) >= earliest_us:
        return o
    earliest = case.plan.conv(earliest_us)
    slots = tuple(
        Slot.trusted(start=max(s.start, earliest, key=to_us), end=s.end)
        for s in o.slots
        if to_us(s.end) >= earliest_us
    )
    return o.replace(earliest=earliest, slots=slots)


def _note(case: _Case, kind: str, event: Any, extra: Any) -> Reason:
    tz = case.policy.tz
    at = when(event.at.astimezone(tz))
    due = "no deadline" if case.due is None else f"due {when(case.due)}"
    if kind == "joined":
        oldest = when(_local(case, case.anchor.at))
        text = (
            f"a further contact at {at} joined this obligation before the call-back; the "
            f"deadline stays with the oldest unanswered contact ({oldest})"
        )
    elif kind == "gated":
        text = f"a further contact at {at} (no voicemail) joined this obligation"
    elif kind == "escalated":
        before = "no deadline" if extra is None else when(case.plan.conv(extra))
        text = (
            f"a further, more urgent ({case.urgency.value}) contact at {at} is due earlier "
            f"than the open obligation (before: {before}): it sets the deadline, {due}"
        )
    elif kind == "call_after":
        after = when(event.after.astimezone(tz))
        if case.waived and case.after == event.after:
            before = "no deadline" if extra is None else when(case.plan.conv(extra))
            text = (
                f"at {at} the client asked to be called at or after {after}, later than the "
                f"time due ({before}): the earlier deadline is waived, and it is {due} as if "
                "the call had arrived then"
            )
        elif case.earliest_us is not None and case.after == event.after:
            text = (
                f"at {at} the client asked to be called at or after {after}: the earliest "
                f"moment to return it moves to {when(case.plan.conv(case.earliest_us))}"
            )
        else:
            text = f"at {at} the client asked to be called at or after {after}"
    else:  # rerate
        new = event.urgency.value
        if event.urgency is _CRISIS:
            text = (
                f"re-rated {extra.value} -> crisis at {at}: routed to help at once; a later "
                "call-back does not count as meeting it"
            )
        else:
            text = (
                f"re-rated {extra.value} -> {new} at {at}; the deadline counts from the "
                f"original receipt ({when(_local(case, case.contacts[0].at))}): {due}"
            )
    return Reason.trusted(rule=kind if kind != "escalated" else "joined", text=text)


def _verdict(case: _Case, late: timedelta | None, remaining: timedelta | None) -> str:
    state = case.state
    if state is _NOT_OWED:
        return "not owed: no return was due for this contact"
    if state is _ROUTED:
        return (
            "routed: a crisis is sent to help at once (the emergency path); a later call-back "
            "does not count as meeting it"
        )
    due = "no deadline" if case.due is None else f"due {when(case.due)}"
    end = when(case.plan.conv(case.end_us))
    if state is _MET:
        spare = "" if remaining is None else f", {duration_words(remaining)} to spare"
        return f"met: returned {end}, {due}{spare}"
    if state is _MISSED:
        lateness = duration_words(late or _td(0))
        if case.returned is not None:
            return f"missed: {due}, returned {end}, {lateness} late on the policy's clock"
        return f"missed: {due}, not returned as of {end} ({lateness} late on the policy's clock)"
    left = "" if remaining is None else f", {duration_words(remaining)} left"
    return f"open: {due}, not returned as of {end}{left}"


# --- the public entry points ----------------------------------------------------------------


def _source(source: Any) -> tuple[PolicyAt, Policy | None]:
    """What answers "which policy is in force at this instant?" for a Policy or a history."""
    index_at = getattr(source, "index_at", None)
    if callable(index_at):  # a PolicyHistory (history.py imports this module, not the reverse)
        versions = source.versions

        def policy_at(instant: datetime) -> tuple[Policy, int | None]:
            i = index_at(instant)
            return versions[i].policy, i + 1

        return policy_at, None
    if getattr(source, "_plan", None) is None:
        msg = f"{type(source).__name__} is not a Policy or a PolicyHistory"
        raise EventLogError(msg, path="policy")
    return (lambda _: (source, None)), source


def _cases(
    source: Any,
    located: Any,
    now: datetime | None,
    closed: list[datetime] | None = None,
    skipped: list[EventLogError] | None = None,
) -> Iterator[_Case]:
    """The cases of ``located`` events (``(where, row, event)``; an EventLogError in place of
    an event that could not be read; or a CSV call log, which feeds the ledger itself) as
    they close, then those left open at ``now`` (the last event's time when None; appended to
    ``closed`` when given). With ``skipped``, a bad event is listed there and left out instead
    of raised."""
    policy_at, one = _source(source)
    now_us = None if now is None else aware_us(now, "now", in_years=True)
    ledger = _Ledger(policy_at, one)
    follow = getattr(located, "follow", None)
    if follow is not None:  # a CSV call log feeds the ledger itself (calllog._follow)
        yield from follow(ledger, skipped)
    else:
        feed = ledger.feed
        for where, row, event in located:
            try:
                if isinstance(event, EventLogError):
                    raise event
                case = feed(event, where, row)
            except EventLogError as exc:
                if skipped is None:
                    raise
                skipped.append(exc)
                continue
            except ContactPolicyError as exc:
                error = EventLogError.at(where or f"line {row}", row, exc.path, exc.detail)
                if skipped is None:
                    raise error from None
                skipped.append(error)
                continue
            if case is not None:
                yield case
    left = ledger.finish(now_us)
    if closed is not None:
        end = now if now is not None else ledger.closed_at()
        if end is not None:  # written in the zone of the policy in force then
            closed.append(end.astimezone(ledger._policy(end)[0].tz))
    yield from left


def _located(events: Iterable[Any]) -> Any:
    """Events of a Python iterable with their place: ``("events[17]", 17, event)``; a call
    log read from CSV (:class:`~contact_policy.calllog.CallLog`) is passed as it is: it feeds
    the ledger itself (``CallLog.follow``, by line)."""
    if callable(getattr(events, "follow", None)):
        return events
    own = getattr(events, "located", None)
    if callable(own):
        return own()
    if isinstance(events, (str, bytes, dict)) or not isinstance(events, Iterable):
        msg = f"events={type(events).__name__} is not an iterable of events"
        raise EventLogError(msg, path="events")
    return ((f"events[{i}]", i, event) for i, event in enumerate(events))


def outcomes(
    source: Any, events: Iterable[Any], *, now: datetime | None = None
) -> Iterator[Outcome]:
    """:func:`track` as a stream: each :class:`Outcome` as soon as it is settled (a return,
    a gate, a crisis), then the ones still open at the end in order of receipt. Memory grows
    with the open obligations, not with the log."""
    for case in _cases(source, _located(events), now):
        yield _outcome(case)


def track(
    source: Any, events: Iterable[Any], *, now: datetime | None = None
) -> tuple[Outcome, ...]:
    """Every obligation of ``events`` (in time order) under ``source`` (a Policy, or a
    PolicyHistory: each contact under the version in force when it arrived), in order of
    receipt. ``now`` is when the books are closed: an obligation not returned by then is
    ``missed`` when its due time has passed and ``open`` otherwise (default: the time of the
    last event; give it when splitting a log, so that every part closes at the same time)."""
    cases = sorted(_cases(source, _located(events), now), key=lambda c: c.seq)
    return tuple(_outcome(c) for c in cases)
