"""``Policy``: rules composed into answers.

``Policy.return_by(contact)`` answers "when must this contact be returned?" as an
:class:`~contact_policy.Obligation`. The composition rule (docs/semantics.md):

1. A crisis is never gated away: it is due at once and routed to the emergency path.
2. An outbound contact owes no return. A voicemail gate that catches the contact removes the
   obligation.
3. Every turnaround that applies to the contact's urgency gives a deadline; the earliest wins.
4. Operating hours and callback windows restrict *when* a return may be made; the permitted
   time is their intersection (every restriction must hold).
5. ``due`` is the latest permitted moment at or before the deadline; ``earliest`` the first
   permitted moment at or after receipt. When no permitted moment exists between receipt and
   deadline, the obligation is flagged ``conflict=True`` and ``due`` is the end of the first
   permitted slot after the deadline.

Rule order never matters: deadlines combine by minimum, restrictions by intersection, gates by
"any", and reasons are listed in a fixed order of rule kinds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from functools import cache
from typing import Annotated, Any, Literal, Self, overload

from pydantic import Field, model_validator

from ._model import UNION_TAGS, Model, ZoneName, get_zone
from ._timeline import US, Timeline, to_us
from .answers import (
    Obligation,
    Reason,
    Route,
    RouteKind,
    Verdict,
    _new_not_owed,
    _new_obligation,
    _new_reason,
    _new_slot,
    _set_clock,
)
from .boundaries import (
    BOUNDARY_RULES,
    AfterHours,
    FrequencyFlag,
    NoCallsDuringSessions,
    NoPersonalNumbers,
    Outcome,
    OutreachBoundary,
    SchedulingOnlyLine,
    SessionSchedule,
    as_schedule,
    boundary_kinds,
)
from .calendar import HolidayCodes
from .contact import Channel, Contact, Direction, Urgency
from .errors import NaiveDatetimeError, PolicyValidationError
from .rules import (
    _TWO_DIGITS,
    CallbackWindow,
    OperatingHours,
    Turnaround,
    VoicemailGate,
    day_words,
    is_skipped,
    skip_calendar,
    when,
)

__all__ = ["EmergencyContact", "EmergencyPath", "Policy", "Rule"]

Rule = Annotated[
    Turnaround
    | OperatingHours
    | CallbackWindow
    | VoicemailGate
    | NoCallsDuringSessions
    | AfterHours
    | OutreachBoundary
    | NoPersonalNumbers
    | SchedulingOnlyLine
    | FrequencyFlag,
    Field(discriminator="kind"),
]

UNION_TAGS.update(("turnaround", "operating_hours", "callback_window", "voicemail_gate"))
UNION_TAGS.update(boundary_kinds())

#: The order reasons are listed in, whatever order the rules were given in.
_KIND_ORDER = {
    "policy": 0,
    "crisis": 1,
    "voicemail_gate": 2,
    "turnaround": 3,
    "operating_hours": 4,
    "callback_window": 5,
}
#: How far past the deadline a conflict looks for the first permitted slot.
_CONFLICT_SEARCH = (timedelta(days=8), timedelta(days=92), timedelta(days=732))
_DAY_US = 86_400 * 1_000_000


class EmergencyContact(Model):
    """Someone to reach in an emergency: a ``label`` and a ``number`` (or address)."""

    label: str = Field(min_length=1)
    number: str = Field(min_length=1)

    def __str__(self) -> str:
        return f"{self.label}: {self.number}"


class EmergencyPath(Model):
    """What a person in crisis is told, and whom they can reach.

    >>> EmergencyPath(instructions="In an emergency dial 911, or call or text 988.").route().kind
    <RouteKind.EMERGENCY: 'emergency'>
    """

    instructions: str = Field(min_length=1)
    contacts: tuple[EmergencyContact, ...] = ()

    def route(self) -> Route:
        """The emergency route: its first contact (if any) and the full instructions."""
        to = str(self.contacts[0]) if self.contacts else None
        text = self.instructions
        if self.contacts:
            text += " " + "; ".join(str(c) for c in self.contacts) + "."
        return Route(kind=RouteKind.EMERGENCY, to=to, instructions=text)


@cache
def _default_emergency() -> EmergencyPath:
    """The emergency path of a policy that gives none: 911 and 988 (built on first use, so
    importing the library builds no validator)."""
    return EmergencyPath(
        instructions=(
            "If this is an emergency, hang up and dial 911 or go to the nearest emergency room. "
            "For a mental-health crisis, call or text 988 (Suicide & Crisis Lifeline)."
        )
    )


class Policy(Model):
    """A practice's contact policy: rules composed into answers (see the module docstring).

    ``zone`` is the practice's IANA zone (answers are expressed in it); ``holidays`` the
    holiday calendars a turnaround's ``skip=("holidays",)`` refers to; ``emergency`` what a
    person in crisis is told (911 and 988 when not given).

    >>> from datetime import datetime, timedelta
    >>> from zoneinfo import ZoneInfo
    >>> from contact_policy import Contact, Turnaround, VoicemailGate
    >>> policy = Policy(zone="America/New_York", holidays=["US"], rules=[
    ...     Turnaround.hours(24, skip=("sat", "sun", "holidays")), VoicemailGate()])
    >>> call = Contact(datetime(2026, 11, 20, 15, 0, tzinfo=ZoneInfo("America/New_York")),
    ...                voicemail=True)
    >>> policy.return_by(call).due
    datetime.datetime(2026, 11, 23, 15, 0, tzinfo=zoneinfo.ZoneInfo(key='America/New_York'))
    """

    name: str = ""
    zone: ZoneName
    holidays: HolidayCodes = ()
    rules: tuple[Rule, ...] = ()
    emergency: EmergencyPath | None = None
    due_soon_at: float = Field(default=0.75, gt=0, le=1)

    @model_validator(mode="after")
    def _rules_fit(self) -> Self:
        operating = [i for i, r in enumerate(self.rules) if isinstance(r, OperatingHours)]
        if len(operating) > 1:
            msg = (
                "a policy has one set of operating hours; merge them into one OperatingHours "
                "(use special_hours or closures for exceptions)"
            )
            raise PolicyValidationError(msg, path=f"rules[{operating[1]}]")
        for i, rule in enumerate(self.rules):
            if isinstance(rule, Turnaround) and rule.clock == "business" and not operating:
                msg = (
                    "clock='business' counts operating hours, but the policy has no "
                    "OperatingHours rule; add one or use clock='calendar'"
                )
                raise PolicyValidationError(msg, path=f"rules[{i}].clock")
            if isinstance(rule, AfterHours):
                if rule.hours is None and not operating:
                    msg = (
                        "after_hours needs answering hours: give it hours=<calendar> or add an "
                        "OperatingHours rule to the policy"
                    )
                    raise PolicyValidationError(msg, path=f"rules[{i}].hours")
                if rule.route == "emergency_contact" and not (
                    self.emergency and self.emergency.contacts
                ):
                    msg = (
                        "routes after-hours calls to the emergency contact, but the policy has "
                        "none; add an [[emergency.contacts]] entry with a label and a number"
                    )
                    raise PolicyValidationError(msg, path=f"rules[{i}].route")
        return self

    # --- parts ------------------------------------------------------------------------------

    @property
    def tz(self) -> Any:
        """The practice's ``ZoneInfo``."""
        return get_zone(self.zone)

    # Derived lookups cached outside the model's fields: not compared, hashed or pickled.
    __slots__ = ("_derived",)

    def _cached(self) -> dict[Any, Any]:
        try:
            return self._derived  # type: ignore[attr-defined,no-any-return]
        except AttributeError:
            derived: dict[Any, Any] = {}
            object.__setattr__(self, "_derived", derived)
            return derived

    def rules_of(self, kind: type[Any]) -> tuple[Any, ...]:
        """The rules of one class, in a canonical order (so rule order never matters)."""
        cache = self._cached()
        found = cache.get(kind)
        if found is None:
            matching = [r for r in self.rules if isinstance(r, kind)]
            if len(matching) > 1:
                matching.sort(key=lambda r: r.model_dump_json())
            found = tuple(matching)
            cache[kind] = found
        return found

    @property
    def operating_hours(self) -> OperatingHours | None:
        """The policy's operating hours, if it has them."""
        found = self.rules_of(OperatingHours)
        return found[0] if found else None

    @property
    def emergency_path(self) -> EmergencyPath:
        """The emergency path (911 and 988 when the policy gives none)."""
        return self.emergency or _default_emergency()

    def voicemail_greeting(self) -> str:
        """What the voicemail greeting must say: leave a message, and the emergency path.

        >>> from contact_policy import default_policy
        >>> "988" in default_policy().voicemail_greeting()
        True
        """
        path = self.emergency_path
        text = (
            "You have reached the practice. Please leave a voicemail with your name and number "
            "and your call will be returned. " + path.instructions
        )
        if path.contacts:
            text += " After hours, reach " + "; ".join(str(c) for c in path.contacts) + "."
        return text

    # --- is this contact in-bounds? ----------------------------------------------------------

    def in_bounds(
        self,
        contact: Contact,
        *,
        sessions: SessionSchedule | Iterable[Any] | None = None,
        history: Any = None,
    ) -> Verdict:
        """Is ``contact`` in-bounds? A :class:`Verdict` with ``allowed``, ``route``,
        ``reasons`` and soft ``flags``.

        ``sessions`` adds the therapist's sessions (a ``SessionSchedule``, or (start, end)
        pairs and ``SessionSeries``); ``history`` is the client's earlier contacts (a sequence
        of ``Contact`` or aware datetimes, or a ``ContactHistory``) for frequency rules. The
        combination rule: a forbid wins over an allow; a crisis always gets a route to help;
        a flag never forbids (docs/semantics.md §16).
        """
        if not isinstance(contact, Contact):
            contact = _as_contact(contact)
        schedule = as_schedule(sessions)
        outcomes: list[Outcome] = []
        for rule in self._boundary_rules():
            outcome = self._evaluate(rule, contact, schedule, history)
            if outcome is not None:
                outcomes.append(outcome)
        outcomes.sort(key=lambda o: (o.priority, o.reason.rule, o.reason.text))
        forbids = [o for o in outcomes if o.effect == "forbid"]
        reasons = [o.reason for o in outcomes if o.effect != "flag"]
        flags = tuple(o.reason for o in outcomes if o.effect == "flag")
        if contact.urgency is Urgency.CRISIS:
            route = self.emergency_path.route()
            reasons.insert(
                0,
                Reason.trusted(
                    rule="crisis",
                    text="a crisis always gets a route to help: " + route.instructions,
                ),
            )
        elif forbids and forbids[0].route is not None:
            route = forbids[0].route
        elif contact.direction is Direction.OUTBOUND:
            route = Route(kind=RouteKind.ANSWER, instructions="in bounds: go ahead")
        else:
            route = Route(kind=RouteKind.ANSWER, instructions="in bounds: take it")
        if not reasons:
            reasons.append(
                Reason.trusted(rule="policy", text="no boundary rule objects to this contact")
            )
        return Verdict(allowed=not forbids, route=route, reasons=tuple(reasons), flags=flags)

    def _boundary_rules(self) -> tuple[Any, ...]:
        return self.rules_of(BOUNDARY_RULES)  # type: ignore[arg-type]

    def _evaluate(
        self, rule: Any, contact: Contact, schedule: SessionSchedule | None, history: Any
    ) -> Outcome | None:
        if isinstance(rule, NoCallsDuringSessions):
            return rule.evaluate(contact, self.zone, schedule)
        if isinstance(rule, AfterHours):
            calendar = rule.hours
            if calendar is None:
                oh = self.operating_hours
                assert oh is not None  # noqa: S101 - checked when the policy was built
                calendar = oh.calendar
            contacts = self.emergency_path.contacts
            to = str(contacts[0]) if contacts else None
            return rule.evaluate(contact, calendar, self.voicemail_greeting(), to)
        if isinstance(rule, FrequencyFlag):
            return rule.evaluate(contact, history)
        outcome: Outcome | None = rule.evaluate(contact)
        return outcome

    # --- when must this be returned? --------------------------------------------------------

    @overload
    def return_by_many(
        self, contacts: Iterable[Contact], *, due_only: Literal[False] = False
    ) -> list[Obligation]: ...

    @overload
    def return_by_many(
        self, contacts: Iterable[Contact], *, due_only: Literal[True]
    ) -> list[datetime | None]: ...

    def return_by_many(
        self, contacts: Iterable[Contact], *, due_only: bool = False
    ) -> list[Obligation] | list[datetime | None]:
        """``[return_by(c) for c in contacts]`` for a call queue; with ``due_only=True`` just
        the due times (``None`` where no return is owed), faster because no reasons are
        written.

        >>> from contact_policy import default_policy
        >>> from zoneinfo import ZoneInfo
        >>> tz = ZoneInfo("America/New_York")
        >>> at = datetime(2026, 11, 20, 15, tzinfo=tz)
        >>> calls = [Contact(at, voicemail=True), Contact(at, voicemail=False)]
        >>> [d and d.isoformat() for d in default_policy().return_by_many(calls, due_only=True)]
        ['2026-11-23T15:00:00-05:00', None]
        """
        plan = self._plan()
        if due_only:
            due = plan.due
            return [due(c) for c in contacts]
        obligation = plan.obligation
        return [obligation(c) for c in contacts]

    def return_by(self, contact: Contact) -> Obligation:
        """When must ``contact`` be returned? See the module docstring for the rule."""
        return self._plan().obligation(contact)

    def _plan(self) -> _Plan:
        """The policy compiled for ``return_by`` (built once, kept with the derived caches)."""
        try:
            return self._derived["plan"]  # type: ignore[attr-defined,no-any-return]
        except (AttributeError, KeyError):
            plan = self._cached()["plan"] = _Plan(self)
            return plan


# --- return_by, compiled ---------------------------------------------------------------------
#
# A policy's answers are computed by a ``_Plan``: its rules looked up once, in canonical order,
# with labels, descriptions, calendars' engines and fixed reasons ready, so each contact costs
# a few epoch-microsecond engine queries, the text of its reasons and the answer objects. The
# composition rule is the module docstring's; reasons are the same words, written the same way.

_OUTBOUND = Direction.OUTBOUND
_CRISIS = Urgency.CRISIS
#: The fields each kind of obligation is built with (pydantic's fields-set, as with trusted()).
_OWED = frozenset(
    ("required", "received", "due", "earliest", "deadline", "slots", "reasons", "due_soon_at")
)
_CRISIS_FIELDS = _OWED | {"route"}
_OWED_NO_DEADLINE = frozenset(("required", "received", "earliest", "reasons", "due_soon_at"))
_CONFLICT = _OWED | {"conflict"}
_CONFLICT_NOWHERE = frozenset(
    ("required", "received", "due", "deadline", "conflict", "reasons", "due_soon_at")
)
#: A cache of reason wording is cleared when it reaches this many entries.
_TEXT_CACHE_LIMIT = 50_000


class _Plan:
    """Everything ``return_by`` needs from one policy, looked up once."""

    __slots__ = (
        "conv",
        "crisis",
        "due_soon_at",
        "emergency",
        "gate_reasons",
        "gates",
        "hours",
        "instant",
        "no_turnaround",
        "outbound",
        "restricted",
        "turnarounds",
        "tz",
        "unknown_zone",
        "windows",
    )

    def __init__(self, policy: Policy) -> None:
        self.tz = policy.tz
        self.due_soon_at = policy.due_soon_at
        # Epoch microseconds <-> datetimes in the practice's zone, exactly (days with one UTC
        # offset are looked up instead of asking the zone): any engine in that zone will do.
        engine = skip_calendar(policy.zone, (), ())._engine()
        self.instant = engine.instant
        self.conv = engine.to_datetime
        self.outbound = (_new_reason("policy", "outbound contact: no return is owed"),)
        self.emergency = policy.emergency
        self.crisis: tuple[Route, tuple[Reason, ...]] | None = None
        self.gates = tuple(
            (gate.channels, gate.urgency, gate.name or gate.kind)
            for gate in policy.rules_of(VoicemailGate)
        )
        self.gate_reasons: dict[tuple[str, Channel], tuple[Reason, ...]] = {}
        self.turnarounds = tuple(_Clock(policy, rule) for rule in policy.rules_of(Turnaround))
        self.no_turnaround = _new_reason("policy", "no turnaround applies: no deadline")
        oh = policy.operating_hours
        self.hours = (oh.name or oh.kind, oh.calendar._engine()) if oh is not None else None
        self.windows = tuple(_Window(w, policy.zone) for w in policy.rules_of(CallbackWindow))
        self.unknown_zone = {
            w.label: _new_reason(
                w.label, "the client's zone is unknown; windows are read in the practice's zone"
            )
            for w in self.windows
        }
        self.restricted = self.hours is not None or bool(self.windows)

    # --- the two answers ----------------------------------------------------------------------

    def obligation(self, contact: Contact) -> Obligation:
        """``Policy.return_by(contact)``."""
        if not isinstance(contact, Contact):
            contact = _as_contact(contact)
        received = contact.at.astimezone(self.tz)
        if contact.direction is _OUTBOUND:
            return _new_not_owed(received, self.outbound)
        urgency = contact.urgency
        if urgency is _CRISIS:
            route, crisis_reasons = self.crisis or self._crisis()
            return _new_obligation(
                _CRISIS_FIELDS,
                received,
                received,
                received,
                received,
                (_new_slot(received, received),),
                route,
                crisis_reasons,
                self.due_soon_at,
            )
        if not contact.voicemail:
            channel = contact.channel
            for channels, urgencies, label in self.gates:
                if channel in channels and urgency in urgencies:
                    return _new_not_owed(received, self._gated(label, channel))
        r = self.instant(received)
        best, d, deadline = self._deadline(urgency, received, r)
        if best is None:
            reasons = [self.no_turnaround]
        else:
            assert deadline is not None  # noqa: S101 - set with best
            reasons = [best.reason(received, r, deadline)]
        if not self.restricted:
            obligation = _new_obligation(
                _OWED,
                received,
                deadline,
                received,
                deadline,
                () if deadline is None else (_new_slot(received, deadline),),
                None,
                tuple(reasons),
                self.due_soon_at,
            )
        else:
            restrictions = self._restrictions(contact, received, r, reasons)
            obligation = self._schedule(received, r, deadline, d, restrictions, reasons)
        _set_clock(obligation, None if best is None else best.calendar)
        return obligation

    def _deadline(
        self, urgency: Urgency, received: datetime, r: int
    ) -> tuple[_Clock | None, int, datetime | None]:
        """The earliest deadline of the turnarounds that apply (the first on a tie): its clock,
        its epoch microseconds and its datetime; ``(None, 0, None)`` when none applies."""
        best: _Clock | None = None
        d = 0
        deadline: datetime | None = None
        for clock in self.turnarounds:
            if urgency in clock.urgency:
                u, due = clock.deadline(received, r)
                if best is None or u < d:
                    best, d, deadline = clock, u, due
        return best, d, deadline

    def due(self, contact: Contact) -> datetime | None:
        """``return_by(contact).due`` (None when no return is owed), without the reasons or
        the obligation."""
        if not isinstance(contact, Contact):
            contact = _as_contact(contact)
        if contact.direction is _OUTBOUND:
            return None
        received = contact.at.astimezone(self.tz)
        urgency = contact.urgency
        if urgency is _CRISIS:
            return received
        if not contact.voicemail:
            channel = contact.channel
            for channels, urgencies, _ in self.gates:
                if channel in channels and urgency in urgencies:
                    return None
        r = self.instant(received)
        _, d, deadline = self._deadline(urgency, received, r)
        if not self.restricted:
            return deadline
        if deadline is None:
            return None
        engines = [eng for _, eng in self._restrictions(contact, received, r, None)]
        permitted = _intersect_all(engines, r, d)
        if permitted:
            return self.conv(min(d, permitted[-1][1]))
        first = _first_slot_after(engines, d, inclusive=False)
        return deadline if first is None else self.conv(first[1])

    # --- parts --------------------------------------------------------------------------------

    def _crisis(self) -> tuple[Route, tuple[Reason, ...]]:
        """The emergency route and the crisis reason (built at the first crisis)."""
        route = (self.emergency or _default_emergency()).route()
        text = f"a crisis is never gated or delayed: route now. {route.instructions}"
        self.crisis = (route, (_new_reason("crisis", text),))
        return self.crisis

    def _gated(self, label: str, channel: Channel) -> tuple[Reason, ...]:
        reasons = self.gate_reasons.get((label, channel))
        if reasons is None:
            text = (
                f"no voicemail was left on this {channel.value}; "
                "contacts without a voicemail are not returned"
            )
            reasons = self.gate_reasons[(label, channel)] = (_new_reason(label, text),)
        return reasons

    def _restrictions(
        self, contact: Contact, received: datetime, r: int, reasons: list[Reason] | None
    ) -> list[tuple[str, Timeline]]:
        """The restricting calendars' engines, labelled; their reasons go to ``reasons``."""
        out: list[tuple[str, Timeline]] = []
        if self.hours is not None:
            label, eng = self.hours
            out.append(self.hours)
            if reasons is not None and not eng.is_open(r):
                reasons.append(
                    _new_reason(
                        label,
                        f"received outside operating hours ({when(received)}); "
                        "returns are made only while the practice is open",
                    )
                )
        for window in self.windows:
            if window.client and contact.client_zone is not None:
                out.append((window.label, window.engine_in(contact.client_zone)))
                continue
            if window.client and reasons is not None:
                reasons.append(self.unknown_zone[window.label])
            out.append((window.label, window.practice))
        return out

    def _schedule(
        self,
        received: datetime,
        r: int,
        deadline: datetime | None,
        d: int,
        restrictions: list[tuple[str, Timeline]],
        reasons: list[Reason],
    ) -> Obligation:
        """The obligation under restrictions: permitted time is their intersection."""
        due_soon_at = self.due_soon_at
        engines = [eng for _, eng in restrictions]
        conv = self.conv
        if deadline is None:
            # No deadline: the earliest permitted moment is all we can say.
            first = _first_slot_after(engines, r, inclusive=True)
            earliest = conv(first[0]) if first else None
            return _new_obligation(
                _OWED_NO_DEADLINE,
                received,
                None,
                earliest,
                None,
                (),
                None,
                _ordered(reasons),
                due_soon_at,
            )
        permitted = _intersect_all(engines, r, d)
        if permitted:
            due_us = min(d, permitted[-1][1])
            slots = tuple(
                _new_slot(conv(s), conv(min(e, due_us))) for s, e in permitted if s <= due_us
            )
            if due_us < d:
                blocking = [lab for lab, eng in restrictions if not _permits(eng, d)]
                for label in blocking or [restrictions[0][0]]:
                    reasons.append(
                        _new_reason(
                            label,
                            f"the deadline {when(deadline)} falls outside permitted "
                            "time; moved to the end of the last permitted slot before it, "
                            f"{when(conv(due_us))}",
                        )
                    )
            elif permitted[0][0] > r:
                reasons.append(
                    _new_reason(
                        "policy",
                        "the first permitted moment to return it is "
                        f"{when(conv(permitted[0][0]))}",
                    )
                )
            return _new_obligation(
                _OWED,
                received,
                conv(due_us),
                conv(permitted[0][0]),
                deadline,
                slots,
                None,
                _ordered(reasons),
                due_soon_at,
            )
        first = _first_slot_after(engines, d, inclusive=False)
        labels = ", ".join(lab for lab, _ in restrictions)
        if first is None:
            reasons.append(
                _new_reason(
                    "policy",
                    f"conflict: {labels} leave no permitted time within two years of the "
                    f"deadline {when(deadline)}; the rules exclude each other",
                )
            )
            return _new_obligation(
                _CONFLICT_NOWHERE,
                received,
                deadline,
                None,
                deadline,
                (),
                None,
                _ordered(reasons),
                due_soon_at,
                conflict=True,
            )
        s, e = first
        reasons.append(
            _new_reason(
                "policy",
                f"conflict: {labels} permit no time between receipt and the deadline "
                f"{when(deadline)}; due at the end of the first permitted slot after it, "
                f"{when(conv(e))}",
            )
        )
        return _new_obligation(
            _CONFLICT,
            received,
            conv(e),
            conv(s),
            deadline,
            (_new_slot(conv(s), conv(e)),),
            None,
            _ordered(reasons),
            due_soon_at,
            conflict=True,
        )


class _Clock:
    """One turnaround, compiled: the calendar it counts on and how its reason is worded."""

    __slots__ = (
        "calendar",
        "closes",
        "days",
        "described",
        "engine",
        "holidays",
        "hours",
        "kind",
        "label",
        "skip",
        "tz",
        "urgency",
        "within",
        "words",
    )

    def __init__(self, policy: Policy, rule: Turnaround) -> None:
        self.kind = rule.clock
        self.label = rule.name or rule.kind
        self.described = rule.describe()
        self.urgency = rule.urgency
        self.tz = policy.tz
        self.holidays = policy.holidays
        self.skip = rule.skip
        self.within = (rule.within or timedelta(0)) // US
        self.days = rule.days or 1
        oh = policy.operating_hours
        self.hours = oh is not None
        if rule.clock == "business":
            assert oh is not None  # noqa: S101 - checked when the policy was built
            self.calendar = oh.calendar
        elif rule.clock == "business_days":
            # Its clock (for status): the operating hours, else the business days themselves.
            skip = rule.skip or ("sat", "sun", "holidays")
            self.calendar = (
                oh.calendar if oh else skip_calendar(policy.zone, policy.holidays, skip)
            )
        else:
            self.calendar = skip_calendar(policy.zone, policy.holidays, rule.skip)
        self.engine = self.calendar._engine()
        #: business days: local date ordinal of receipt -> (close in epoch us, close).
        self.closes: dict[int, tuple[int, datetime]] = {}
        #: calendar clock: (receipt ordinal, deadline ordinal) -> the reason's words around
        #: the deadline's time of day.
        self.words: dict[tuple[int, int], tuple[str, str]] = {}

    def deadline(self, received: datetime, r: int) -> tuple[int, datetime]:
        """The deadline for a contact received at ``received`` (``r`` in epoch us)."""
        if self.kind == "calendar":
            u = self.engine.add(r, self.within)
            return u, self.engine.to_datetime(u)
        if self.kind == "business":
            u = self.engine.add(r, self.within)
            return u, self.engine.to_datetime(u).astimezone(self.tz)
        ordinal = received.toordinal()
        found = self.closes.get(ordinal)
        if found is None:
            due = self._business_days_close(received.date())
            found = (to_us(due), due)
            if len(self.closes) >= _TEXT_CACHE_LIMIT:
                self.closes.clear()
            self.closes[ordinal] = found
        return found

    def _business_days_close(self, day: date) -> datetime:
        """The close of the ``days``-th business day after the local date ``day``."""
        n = self.days
        if not self.hours:
            skip = self.skip or ("sat", "sun", "holidays")
            count = 0
            while count < n:
                day += timedelta(days=1)
                if not is_skipped(day, skip, self.holidays):
                    count += 1
            eng = skip_calendar(self.tz.key, (), ())._engine()
            end_us = eng.local_to_us(
                datetime.combine(day + timedelta(days=1), datetime.min.time())
            )
            return eng.to_datetime(end_us)
        eng = self.engine
        count = 0
        close_us = 0
        for _ in range(n * 400 + 400):
            day += timedelta(days=1)
            start = eng.local_to_us(datetime.combine(day, datetime.min.time()))
            end = eng.local_to_us(datetime.combine(day + timedelta(days=1), datetime.min.time()))
            spans = eng.intervals(start, end)
            if spans:
                count += 1
                last_end = spans[-1][1]
                close_us = eng.next_close(last_end - 1) if last_end == end else last_end
                if count == n:
                    return eng.to_datetime(close_us).astimezone(self.tz)
        msg = f"the operating hours have fewer than {n} business days within reach"
        raise PolicyValidationError(msg, path="rules")

    def reason(self, received: datetime, r: int, due: datetime) -> Reason:
        """Why the deadline is ``due``: the rule in words, and what paused or delayed it."""
        if self.kind == "calendar":
            # The words around the deadline's time depend only on the receipt's and the
            # deadline's local days: written once per pair of days.
            key = (received.toordinal(), due.toordinal())
            words = self.words.get(key)
            if words is None:
                words = self._calendar_words(received.date(), due)
            head, tail = words
            return _new_reason(
                self.label,
                f"{head}{_TWO_DIGITS[due.hour]}:{_TWO_DIGITS[due.minute]} {due.tzname()}{tail}",
            )
        text = f"{self.described}: deadline {when(due)}"
        if self.kind == "business":
            eng = self.engine
            if not eng.is_open(r):
                start = eng.to_datetime(eng.next_open(r)).astimezone(self.tz)
                text = f"received outside operating hours; the clock starts {when(start)}; {text}"
        return _new_reason(self.label, text)

    def _calendar_words(self, first: date, due: datetime) -> tuple[str, str]:
        """The text of a calendar clock's reason before and after the deadline's time of day:
        ``within 24 hours, ...: deadline Mon 2026-11-23 `` and `` (clock paused Sat ...)``."""
        tail = ""
        if self.skip:
            paused = _skipped_days(first, due.date(), self.skip, self.holidays)
            if paused:
                shown = ", ".join(day_words(d) for d in paused[:4])
                more = f" and {len(paused) - 4} more" if len(paused) > 4 else ""
                tail = f" (clock paused {shown}{more})"
        words = (f"{self.described}: deadline {day_words(due)} ", tail)
        if len(self.words) >= _TEXT_CACHE_LIMIT:
            self.words.clear()
        self.words[(first.toordinal(), due.toordinal())] = words
        return words


class _Window:
    """One callback window, compiled: its engine in the practice's zone, and in clients'."""

    __slots__ = ("client", "engines", "label", "practice", "window")

    def __init__(self, window: CallbackWindow, zone: str) -> None:
        self.window = window
        self.label = window.name or window.kind
        self.client = window.zone == "client"
        self.practice = window.calendar_in(zone)._engine()
        self.engines: dict[str, Timeline] = {zone: self.practice}

    def engine_in(self, zone: str) -> Timeline:
        eng = self.engines.get(zone)
        if eng is None:
            eng = self.engines[zone] = self.window.calendar_in(zone)._engine()
        return eng


# --- helpers ---------------------------------------------------------------------------------


def _as_contact(value: Any) -> Contact:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise NaiveDatetimeError.for_argument("contact", value)
        return Contact(value)
    if isinstance(value, dict):
        return Contact.model_validate(value)
    msg = f"contact={value!r} is not a Contact; build one with Contact(at, voicemail=..., ...)"
    raise PolicyValidationError(msg, path="contact")


def _ordered(reasons: list[Reason]) -> tuple[Reason, ...]:
    return tuple(sorted(reasons, key=lambda r: _KIND_ORDER.get(r.rule, 6)))


def _skipped_days(
    first: date, last: date, skip: tuple[str, ...], holidays: tuple[str, ...]
) -> list[date]:
    out = []
    day = first
    while day <= last:
        if is_skipped(day, skip, holidays):
            out.append(day)
        day += timedelta(days=1)
    return out


def _permits(engine: Any, x: int) -> bool:
    """Is ``x`` a permitted moment of one restriction (open, or exactly a closing instant)?"""
    return bool(engine.is_open(x) or engine.last_open(x) == x)


def _intersect(
    a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Intersection of two sorted lists of CLOSED intervals ``[s, e]`` (a shared endpoint,
    such as a window ending at 09:00 and office hours opening at 09:00, is a point slot)."""
    out: list[tuple[int, int]] = []
    i = j = 0
    while i < len(a) and j < len(b):
        s = max(a[i][0], b[j][0])
        e = min(a[i][1], b[j][1])
        if s <= e:
            out.append((s, e))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _permitted(engine: Any, a: int, b: int) -> list[tuple[int, int]]:
    """One restriction's permitted moments within ``[a, b]``: its open intervals taken as
    closed (a return at exactly the closing instant is permitted), clipped to ``[a, b]``."""
    spans = engine.intervals(a - 1, b + 1)
    out = []
    for s, e in spans:
        s, e = max(s, a), min(e, b)
        if s <= e:
            out.append((s, e))
    return out


def _intersect_all(engines: Iterable[Any], a: int, b: int) -> list[tuple[int, int]]:
    """Permitted moments in ``[a, b]``: the intersection of every restriction's, as closed
    intervals (possibly single points)."""
    result: list[tuple[int, int]] | None = None
    for eng in engines:
        spans = _permitted(eng, a, b)
        result = spans if result is None else _intersect(result, spans)
        if not result:
            return []
    return result or []


def _first_slot_after(
    engines: Sequence[Any], x: int, *, inclusive: bool
) -> tuple[int, int] | None:
    """The first permitted slot at (``inclusive``) or after ``x``, with its true end."""
    lo = x if inclusive else x + 1
    for span in _CONFLICT_SEARCH:
        hi = x + span // US
        found = _intersect_all(engines, lo, hi)
        if found:
            s, e = found[0]
            # The slot may run past the search window: follow it to its real end.
            while e == hi:
                hi = e + _DAY_US * 8
                more = _intersect_all(engines, e, hi)
                if not more or more[0][0] != e:
                    break
                e = more[0][1]
            return s, e
    return None
