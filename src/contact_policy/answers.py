"""What a policy answers: ``Obligation`` (when must this be returned?), ``Verdict`` (is this
contact in-bounds?), and their parts ``Reason``, ``Route``, ``Slot`` and ``ObligationStatus``.

Every answer explains itself with ``reasons``: one :class:`Reason` per rule that did something,
naming the rule and saying what it did in plain words.

>>> Reason(rule="turnaround", text="due 24 hours after receipt")
Reason(rule='turnaround', text='due 24 hours after receipt')
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from fractions import Fraction
from typing import Any, Literal, Self, TypeVar

import pydantic
from pydantic import Field, model_validator

from ._model import AwareDatetime, Flag, Model, Number
from ._time import aware_us, to_us
from .calendar import BusinessCalendar
from .errors import PolicyValidationError, shown

__all__ = [
    "Obligation",
    "ObligationStatus",
    "Reason",
    "Route",
    "RouteKind",
    "Slot",
    "Verdict",
]


class Reason(Model):
    """One rule's part in an answer: ``rule`` (its kind or name) and ``text`` (what it did)."""

    rule: str
    text: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.text}"


class RouteKind(StrEnum):
    """Where a contact should go."""

    ANSWER = "answer"  #: take it now
    RETURN = "return"  #: return it later (see the obligation)
    VOICEMAIL = "voicemail"  #: let it go to voicemail (the greeting gives instructions)
    EMERGENCY = "emergency"  #: send the person to emergency help now
    DISCUSS_IN_SESSION = "discuss_in_session"  #: raise it at the next session
    SECURE_PLATFORM = "secure_platform"  #: move the conversation to the secure platform
    OFFICE_LINE = "office_line"  #: use the practice's professional line instead
    DECLINE = "decline"  #: do not place or take it


class Route(Model):
    """Where a contact should go, and what to tell the person.

    ``to`` names the destination when there is one (a number, a line); ``instructions`` is what
    the person should be told.
    """

    kind: RouteKind
    to: str | None = None
    instructions: str = ""

    def __str__(self) -> str:
        out = self.kind.value
        if self.to:
            out += f" → {self.to}"
        return out


class Slot(Model):
    """A stretch ``[start, end]`` in which a return call is permitted."""

    start: AwareDatetime
    end: AwareDatetime


StatusState = Literal["not_required", "immediate", "pending", "due_soon", "overdue"]


class ObligationStatus(Model):
    """Where an obligation stands at ``now``: what a call queue shows.

    ``remaining`` and ``used`` are measured in the policy's own clock (open time for a
    business-hours turnaround, unpaused time for an ``hours`` clock); ``fraction_used`` is the
    share of the allowed time already used (1.0 or more when overdue).
    """

    state: StatusState
    remaining: timedelta | None = None
    used: timedelta | None = None
    fraction_used: float | None = None


class Obligation(Model):
    """The answer to "when must this contact be returned?".

    ``required`` is False when no return is owed (a gate removed it, or the contact was
    outbound). ``due`` is the latest permitted moment to return it, ``earliest`` the first;
    ``slots`` are the permitted stretches between them. ``deadline`` is the turnaround's raw
    deadline before callback windows and operating hours moved it. ``conflict`` is True when no
    permitted moment exists before the deadline (then ``due`` is the end of the first permitted
    slot after it). ``route`` says where the contact goes now (the emergency path for a crisis).
    ``clock`` is the calendar the turnaround counts on (its open time is the allowed time that
    :meth:`status` measures; ``None``: real time); ``due_soon_at`` the share of it after which
    the obligation is due soon.

    An obligation is checked when it is built or changed with ``replace``: it never contradicts
    itself (a not-required obligation has no times; ``due`` and ``deadline`` come together;
    ``received <= earliest <= due``; slots lie in order between them).
    """

    required: Flag
    received: AwareDatetime
    due: AwareDatetime | None = None
    earliest: AwareDatetime | None = None
    deadline: AwareDatetime | None = None
    slots: tuple[Slot, ...] = ()
    conflict: Flag = False
    route: Route | None = None
    reasons: tuple[Reason, ...] = ()
    due_soon_at: Number = Field(default=0.75, gt=0, le=1)
    clock: BusinessCalendar | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        problem = _contradiction(self)
        if problem is not None:
            field, text = problem
            raise PolicyValidationError(text, path=field)
        return self

    def status(self, now: datetime) -> ObligationStatus:
        """``not_required``, ``immediate`` (a crisis: route now), ``pending``, ``due_soon``
        (at least ``due_soon_at`` of the allowed time, receipt to ``due``, used) or ``overdue``
        (``now`` after ``due``: returning exactly at ``due`` is still on time). Times are
        measured on ``clock`` (real time without one).

        The share is compared exactly (``due_soon_at`` as the decimal it is written as,
        against whole microseconds), so the state changes at the very instant
        :meth:`alerts` gives for it; ``fraction_used`` is the same share as a float.
        """
        now_us = aware_us(now, "now")
        if not self.required:
            return ObligationStatus(state="not_required")
        if self.route is not None and self.route.kind is RouteKind.EMERGENCY:
            return ObligationStatus(state="immediate", remaining=timedelta(0))
        if self.due is None:
            return ObligationStatus(state="pending")
        allowed, used, remaining = self._measured(now, now_us)
        fraction = (used / allowed) if allowed else 1.0
        kwargs = {
            "remaining": timedelta(microseconds=remaining),
            "used": timedelta(microseconds=used),
            "fraction_used": fraction,
        }
        if now_us > to_us(self.due):
            return ObligationStatus(state="overdue", **kwargs)
        started = now_us >= to_us(self.received)
        soon = _reached(used, allowed, self.due_soon_at, started=started)
        state: StatusState = "due_soon" if soon else "pending"
        return ObligationStatus(state=state, **kwargs)

    def _measured(self, now: datetime, now_us: int) -> tuple[int, int, int]:
        """Allowed, used and remaining microseconds at ``now``, on the clock."""
        due_us, received_us = to_us(self.due), to_us(self.received)  # type: ignore[arg-type]
        clock = self.clock
        if clock is None:
            return due_us - received_us, now_us - received_us, due_us - now_us
        allowed = clock.elapsed(self.received, self.due)  # type: ignore[arg-type]
        used = clock.elapsed(self.received, now)
        return allowed // _US, used // _US, (allowed - used) // _US

    def alerts(
        self, thresholds: Sequence[float | timedelta] = (0.5, 0.75, 1.0)
    ) -> tuple[datetime, ...]:
        """The instants at which this obligation crosses each threshold, in the order given:
        a number is a share of the allowed time (receipt to ``due``, on ``clock``: open time
        for a business-hours turnaround) used, a ``timedelta`` that much allowed time left
        before ``due``. A call queue schedules its reminders from these.

        Each instant is the first at which :meth:`status` reports the threshold reached:
        ``fraction_used >= share`` (compared exactly), or ``remaining <= timedelta``. A share
        of 1.0 is the instant the allowed time runs out, which is ``due`` unless ``due``
        lies in closed time of the clock (then the close before it). An obligation with no
        ``due`` (not required, a crisis routed at once, no deadline) has no alerts: ``()``.

        >>> from datetime import datetime, timedelta
        >>> from zoneinfo import ZoneInfo
        >>> from contact_policy import Contact, default_policy
        >>> tz = ZoneInfo("America/New_York")
        >>> o = default_policy().return_by(Contact(datetime(2026, 11, 20, 15, tzinfo=tz),
        ...                                        voicemail=True))
        >>> [a.strftime("%a %H:%M") for a in o.alerts((0.5, 0.75, 1.0, timedelta(hours=1)))]
        ['Mon 03:00', 'Mon 09:00', 'Mon 15:00', 'Mon 14:00']
        """
        shares = _thresholds(thresholds)
        if not self.required or self.due is None or self.route is not None:
            return ()
        allowed = self._measured(self.received, to_us(self.received))[0]
        out = []
        for share in shares:
            if isinstance(share, timedelta):
                wanted = max(0, allowed - share // _US)
            else:
                p, q = share.numerator, share.denominator
                wanted = -((-p * allowed) // q)  # the least whole microseconds >= share
            out.append(self._after(wanted))
        return tuple(out)

    def _after(self, used_us: int) -> datetime:
        """The first instant at which ``used_us`` of the allowed time is used."""
        if used_us <= 0:
            return self.received
        if self.clock is None:
            return self.received + timedelta(microseconds=used_us)
        return self.clock.add(self.received, timedelta(microseconds=used_us)).astimezone(
            self.received.tzinfo
        )

    def to_json_dict(self) -> dict[str, Any]:
        """The plain-JSON form the command-line tool prints (``--json``)."""
        data: dict[str, Any] = self.model_dump(mode="json")
        return data


_US = timedelta(microseconds=1)
#: The most thresholds one call to ``alerts`` takes.
MAX_THRESHOLDS = 100


def _share(value: float) -> Fraction:
    """A share as the decimal it is written as (``0.1`` is one tenth, not the float nearest
    to it), so that status and alerts agree on which microsecond reaches it."""
    return Fraction(repr(float(value)))


def _reached(used: int, allowed: int, share: float, *, started: bool) -> bool:
    """Is ``used / allowed >= share``, exactly? (Nothing allowed: reached at receipt, and
    not before it, as :meth:`Obligation.alerts` says; ``started`` is whether ``now`` is at or
    after receipt, since on a paused clock no time is used before it either.)"""
    if allowed <= 0:
        return started
    f = _share(share)
    return used * f.denominator >= f.numerator * allowed


def _thresholds(values: Any) -> list[Fraction | timedelta]:
    """``alerts``' thresholds checked: positive finite shares and durations of zero or more."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        msg = (
            f"thresholds={shown(values)} is not a sequence; pass shares of the allowed time and "
            "durations before due, e.g. (0.5, 0.75, 1.0, timedelta(hours=1))"
        )
        raise PolicyValidationError(msg, path="thresholds")
    if len(values) > MAX_THRESHOLDS:
        msg = f"{len(values):,} thresholds; at most {MAX_THRESHOLDS} in one call"
        raise PolicyValidationError(msg, path="thresholds")
    out: list[Fraction | timedelta] = []
    for i, value in enumerate(values):
        where = f"thresholds[{i}]"
        if isinstance(value, timedelta):
            if value < timedelta(0):
                msg = f"{where} = {shown(value)} is negative; give the time left before due (>= 0)"
                raise PolicyValidationError(msg, path=where)
            out.append(value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            if not (0 < value < float("inf")):
                msg = (
                    f"{where} = {shown(value)} is not a positive share of the allowed time; "
                    "give e.g. 0.5 for half of it, 1.0 for all of it"
                )
                raise PolicyValidationError(msg, path=where)
            out.append(_share(value))
        else:
            msg = (
                f"{where} = {shown(value)} is neither a share of the allowed time (a number) "
                "nor a time before due (a timedelta)"
            )
            raise PolicyValidationError(msg, path=where)
    return out


def _contradiction(o: Obligation) -> tuple[str, str] | None:
    """The first way ``o`` contradicts itself, as ``(field, message)``, or None."""
    if not o.required:
        for name in ("due", "earliest", "deadline", "route"):
            if getattr(o, name) is not None:
                return name, f"an obligation that is not required has no {name}"
        if o.slots:
            return "slots", "an obligation that is not required has no slots"
        if o.conflict:
            return "conflict", "an obligation that is not required has no conflict"
        return None
    if (o.due is None) != (o.deadline is None):
        have, lack = ("due", "deadline") if o.deadline is None else ("deadline", "due")
        return lack, f"has a {have} but no {lack}; they come together (both None: no deadline)"
    received = to_us(o.received)
    if o.earliest is not None and to_us(o.earliest) < received:
        return "earliest", "earliest is before received"
    if o.due is not None:
        due = to_us(o.due)
        if due < received:
            return "due", "due is before received"
        if o.earliest is not None and to_us(o.earliest) > due:
            return "earliest", "earliest is after due"
    elif o.conflict:
        return "conflict", "a conflict needs a due time"
    previous = received
    for i, slot in enumerate(o.slots):
        s, e = to_us(slot.start), to_us(slot.end)
        if s > e or s < previous:
            return f"slots[{i}]", "slots run forwards, in order, from receipt"
        if o.due is not None and e > to_us(o.due):
            return f"slots[{i}]", "a slot ends after due"
        previous = e
    return None


class Verdict(Model):
    """The answer to "is this contact in-bounds?".

    ``allowed`` is False when a rule forbids it; ``route`` says where it should go; ``flags``
    are soft notes that never forbid (a client calling very often: discuss in session).
    """

    allowed: Flag
    route: Route
    reasons: tuple[Reason, ...] = ()
    flags: tuple[Reason, ...] = ()

    def to_json_dict(self) -> dict[str, Any]:
        """The plain-JSON form the command-line tool prints (``--json``)."""
        data: dict[str, Any] = self.model_dump(mode="json")
        return data


# --- construction on the hot path -------------------------------------------------------------
#
# ``Policy.return_by`` builds an obligation, its slots and its reasons for every contact of a
# call queue, from values it computed itself. These builders skip validation like
# ``Model.trusted`` (the same ``__dict__``, the same fields-set), but with the fields written
# out for each class they cost about a third as much. Private to the package; never for input.

_new = object.__new__
T = TypeVar("T", bound=pydantic.BaseModel)
_BASE = vars(pydantic.BaseModel)
_set_dict = _BASE["__dict__"].__set__
_set_fields_set = _BASE["__pydantic_fields_set__"].__set__
_set_extra = _BASE["__pydantic_extra__"].__set__
_set_private = _BASE["__pydantic_private__"].__set__


def _filled(cls: type[T], values: dict[str, Any], given: set[str]) -> T:
    """An instance of ``cls`` holding ``values`` (every field, in order), as if built by
    ``cls.trusted(**{k: values[k] for k in given})``: the same ``__dict__`` and fields-set."""
    obj = _new(cls)
    _set_dict(obj, values)
    _set_fields_set(obj, given)
    _set_extra(obj, None)
    _set_private(obj, None)
    return obj


def _new_reason(rule: str, text: str) -> Reason:
    """``Reason.trusted(rule=rule, text=text)``, faster."""
    return _filled(Reason, {"rule": rule, "text": text}, {"rule", "text"})


def _new_slot(start: datetime, end: datetime) -> Slot:
    """``Slot.trusted(start=start, end=end)``, faster."""
    return _filled(Slot, {"start": start, "end": end}, {"start", "end"})


def _new_obligation(
    given: frozenset[str],
    received: datetime,
    due: datetime | None,
    earliest: datetime | None,
    deadline: datetime | None,
    slots: tuple[Slot, ...],
    route: Route | None,
    reasons: tuple[Reason, ...],
    due_soon_at: float,
    clock: BusinessCalendar | None,
    *,
    conflict: bool = False,
) -> Obligation:
    """An owed obligation: ``Obligation.trusted(required=True, ...)`` with the fields in order;
    ``given`` names the fields the equivalent ``trusted`` call passes (pydantic's fields-set)."""
    values = {
        "required": True,
        "received": received,
        "due": due,
        "earliest": earliest,
        "deadline": deadline,
        "slots": slots,
        "conflict": conflict,
        "route": route,
        "reasons": reasons,
        "due_soon_at": due_soon_at,
        "clock": clock,
    }
    fields = set(given)
    if clock is not None:
        fields.add("clock")
    return _filled(Obligation, values, fields)


def _new_not_owed(received: datetime, reasons: tuple[Reason, ...]) -> Obligation:
    """``Obligation.trusted(required=False, received=received, reasons=reasons)``, faster."""
    values = {
        "required": False,
        "received": received,
        "due": None,
        "earliest": None,
        "deadline": None,
        "slots": (),
        "conflict": False,
        "route": None,
        "reasons": reasons,
        "due_soon_at": 0.75,
        "clock": None,
    }
    return _filled(Obligation, values, {"required", "received", "reasons"})
