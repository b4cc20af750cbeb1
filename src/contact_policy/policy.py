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
from ._timeline import US, to_us
from .answers import Obligation, Reason, Route, RouteKind, Slot, Verdict
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
from .calendar import BusinessCalendar, HolidayCodes
from .contact import Contact, Direction, Urgency
from .errors import NaiveDatetimeError, PolicyValidationError
from .rules import (
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
            found = tuple(sorted(matching, key=lambda r: r.model_dump_json()))
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
        if due_only:
            return [self._due(c) for c in contacts]
        return [self._return_by(c, explain=True) for c in contacts]

    def _due(self, contact: Contact) -> datetime | None:
        """``return_by(contact).due`` (None when no return is owed), without writing reasons
        or building the obligation where the answer needs neither."""
        if not isinstance(contact, Contact):
            contact = _as_contact(contact)
        if contact.direction is Direction.OUTBOUND:
            return None
        received = contact.at.astimezone(self.tz)
        if contact.urgency is Urgency.CRISIS:
            return received
        if self._gate(contact) is not None:
            return None
        deadline, _ = self._deadline(contact, received, None)
        if not self.rules_of(OperatingHours) and not self.rules_of(CallbackWindow):
            return deadline
        return self._return_by(contact, explain=False).due

    def _gate(self, contact: Contact) -> VoicemailGate | None:
        """The voicemail gate that removes ``contact``'s obligation, if any."""
        for gate in self.rules_of(VoicemailGate):
            if gate.gates(contact):
                return gate  # type: ignore[no-any-return]
        return None

    def return_by(self, contact: Contact) -> Obligation:
        """When must ``contact`` be returned? See the module docstring for the rule."""
        return self._return_by(contact, explain=True)

    def _return_by(self, contact: Contact, *, explain: bool) -> Obligation:
        if not isinstance(contact, Contact):
            contact = _as_contact(contact)
        tz = self.tz
        received = contact.at.astimezone(tz)
        if contact.direction is Direction.OUTBOUND:
            return Obligation.trusted(
                required=False,
                received=received,
                reasons=(
                    Reason.trusted(rule="policy", text="outbound contact: no return is owed"),
                ),
            )
        if contact.urgency is Urgency.CRISIS:
            return self._crisis(contact, received)
        gate = self._gate(contact)
        if gate is not None:
            text = (
                f"no voicemail was left on this {contact.channel.value}; "
                "contacts without a voicemail are not returned"
            )
            return Obligation.trusted(
                required=False,
                received=received,
                reasons=(Reason.trusted(rule=gate.name or gate.kind, text=text),),
            )
        reasons: list[Reason] | None = [] if explain else None
        deadline, clock = self._deadline(contact, received, reasons)
        # Unexplained runs (due times only) still pass a list; it is simply not returned.
        sink = reasons if reasons is not None else []
        restrictions = self._restrictions(contact, received, sink)
        obligation = self._schedule(received, deadline, restrictions, sink)
        return obligation.with_clock(clock)

    def _crisis(self, contact: Contact, received: datetime) -> Obligation:
        route = self.emergency_path.route()
        text = f"a crisis is never gated or delayed: route now. {route.instructions}"
        return Obligation.trusted(
            required=True,
            received=received,
            due=received,
            earliest=received,
            deadline=received,
            slots=(Slot.trusted(start=received, end=received),),
            route=route,
            reasons=(Reason.trusted(rule="crisis", text=text),),
            due_soon_at=self.due_soon_at,
        )

    def _deadline(
        self, contact: Contact, received: datetime, reasons: list[Reason] | None
    ) -> tuple[datetime | None, BusinessCalendar | None]:
        best: tuple[datetime, BusinessCalendar | None, Turnaround] | None = None
        for rule in self.rules_of(Turnaround):
            if not rule.applies_to(contact):
                continue
            due, clock = self._turnaround(rule, received)
            if best is None or to_us(due) < to_us(best[0]):
                best = (due, clock, rule)
        if best is None:
            if reasons is not None:
                reasons.append(
                    Reason.trusted(rule="policy", text="no turnaround applies: no deadline")
                )
            return None, None
        if reasons is not None:
            reasons.append(self._turnaround_reason(best[2], received, best[0]))
        return best[0], best[1]

    def _turnaround(
        self, rule: Turnaround, received: datetime
    ) -> tuple[datetime, BusinessCalendar | None]:
        """The deadline under ``rule``, and the clock it was measured on."""
        if rule.clock == "business":
            oh = self.operating_hours
            assert oh is not None  # noqa: S101 - checked when the policy was built
            cal = oh.calendar
            return cal.add(received, rule.within or timedelta(0)).astimezone(self.tz), cal
        if rule.clock == "business_days":
            due = self._business_days_close(received, rule.days or 1, rule.skip)
            # Its clock (for status): the operating hours, else the business days themselves.
            oh = self.operating_hours
            skip = rule.skip or ("sat", "sun", "holidays")
            clock = oh.calendar if oh else skip_calendar(self.zone, self.holidays, skip)
            return due, clock
        cal = skip_calendar(self.zone, self.holidays, rule.skip)
        return cal.add(received, rule.within or timedelta(0)), cal

    def _turnaround_reason(self, rule: Turnaround, received: datetime, due: datetime) -> Reason:
        label = rule.name or rule.kind
        cache = self._cached()
        described = cache.get(("describe", id(rule)))
        if described is None:
            described = cache[("describe", id(rule))] = rule.describe()
        text = f"{described}: deadline {when(due)}"
        if rule.clock == "business":
            cal = self.operating_hours.calendar  # type: ignore[union-attr]
            if not cal.is_open(received):
                start = cal.next_open(received).astimezone(self.tz)
                text = f"received outside operating hours; the clock starts {when(start)}; {text}"
        elif rule.clock == "calendar" and rule.skip:
            paused = _skipped_days(received.date(), due.date(), rule.skip, self.holidays)
            if paused:
                shown = ", ".join(day_words(d) for d in paused[:4])
                more = f" and {len(paused) - 4} more" if len(paused) > 4 else ""
                text = f"{text} (clock paused {shown}{more})"
        return Reason.trusted(rule=label, text=text)

    def _business_days_close(self, received: datetime, n: int, skip: tuple[str, ...]) -> datetime:
        """The close of the ``n``-th business day after ``received``'s local date."""
        oh = self.operating_hours
        day = received.date()
        if oh is None:
            skip = skip or ("sat", "sun", "holidays")
            count = 0
            while count < n:
                day += timedelta(days=1)
                if not is_skipped(day, skip, self.holidays):
                    count += 1
            cal = skip_calendar(self.zone, (), ())
            eng = cal._engine()
            end_us = eng.local_to_us(
                datetime.combine(day + timedelta(days=1), datetime.min.time())
            )
            return eng.to_datetime(end_us)
        eng = oh.calendar._engine()
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

    def _restrictions(
        self, contact: Contact, received: datetime, reasons: list[Reason]
    ) -> list[tuple[str, BusinessCalendar]]:
        out: list[tuple[str, BusinessCalendar]] = []
        oh = self.operating_hours
        if oh is not None:
            label = oh.name or oh.kind
            out.append((label, oh.calendar))
            if not oh.calendar.is_open(received):
                reasons.append(
                    Reason.trusted(
                        rule=label,
                        text=f"received outside operating hours ({when(received)}); "
                        "returns are made only while the practice is open",
                    )
                )
        for window in self.rules_of(CallbackWindow):
            label = window.name or window.kind
            zone = self.zone
            if window.zone == "client":
                if contact.client_zone is not None:
                    zone = contact.client_zone
                else:
                    reasons.append(
                        Reason.trusted(
                            rule=label,
                            text="the client's zone is unknown; "
                            "windows are read in the practice's zone",
                        )
                    )
            out.append((label, window.calendar_in(zone)))
        return out

    def _schedule(
        self,
        received: datetime,
        deadline: datetime | None,
        restrictions: list[tuple[str, BusinessCalendar]],
        reasons: list[Reason],
    ) -> Obligation:
        tz = self.tz
        r = to_us(received)
        base = {"required": True, "received": received, "due_soon_at": self.due_soon_at}
        if not restrictions:
            slots: tuple[Slot, ...] = ()
            if deadline is not None:
                slots = (Slot.trusted(start=received, end=deadline),)
            return Obligation.trusted(
                due=deadline,
                earliest=received,
                deadline=deadline,
                slots=slots,
                reasons=_ordered(reasons),
                **base,
            )
        engines = [cal._engine() for _, cal in restrictions]
        conv = _converter(tz)
        if deadline is None:
            # No deadline: the earliest permitted moment is all we can say.
            first = _first_slot_after(engines, r, inclusive=True)
            earliest = conv(first[0]) if first else None
            return Obligation.trusted(earliest=earliest, reasons=_ordered(reasons), **base)
        d = to_us(deadline)
        permitted = _intersect_all(engines, r, d)
        if permitted:
            due_us = min(d, permitted[-1][1])
            slots = tuple(
                Slot.trusted(start=conv(s), end=conv(min(e, due_us)))
                for s, e in permitted
                if s <= due_us
            )
            if due_us < d:
                blocking = [
                    lab
                    for (lab, _), eng in zip(restrictions, engines, strict=True)
                    if not _permits(eng, d)
                ]
                for label in blocking or [restrictions[0][0]]:
                    reasons.append(
                        Reason.trusted(
                            rule=label,
                            text=f"the deadline {when(deadline)} falls outside permitted "
                            "time; moved to the end of the last permitted slot before it, "
                            f"{when(conv(due_us))}",
                        )
                    )
            elif permitted[0][0] > r:
                reasons.append(
                    Reason.trusted(
                        rule="policy",
                        text="the first permitted moment to return it is "
                        f"{when(conv(permitted[0][0]))}",
                    )
                )
            return Obligation.trusted(
                due=conv(due_us),
                earliest=conv(permitted[0][0]),
                deadline=deadline,
                slots=slots,
                reasons=_ordered(reasons),
                **base,
            )
        first = _first_slot_after(engines, d, inclusive=False)
        labels = ", ".join(lab for lab, _ in restrictions)
        if first is None:
            reasons.append(
                Reason.trusted(
                    rule="policy",
                    text=f"conflict: {labels} leave no permitted time within two years of the "
                    f"deadline {when(deadline)}; the rules exclude each other",
                )
            )
            return Obligation.trusted(
                due=deadline, deadline=deadline, conflict=True, reasons=_ordered(reasons), **base
            )
        s, e = first
        reasons.append(
            Reason.trusted(
                rule="policy",
                text=f"conflict: {labels} permit no time between receipt and the deadline "
                f"{when(deadline)}; due at the end of the first permitted slot after it, "
                f"{when(conv(e))}",
            )
        )
        return Obligation.trusted(
            due=conv(e),
            earliest=conv(s),
            deadline=deadline,
            conflict=True,
            slots=(Slot.trusted(start=conv(s), end=conv(e)),),
            reasons=_ordered(reasons),
            **base,
        )


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


def _converter(tz: Any) -> Any:
    def conv(x: int) -> datetime:
        seconds, micro = divmod(x, 1_000_000)
        out = datetime.fromtimestamp(seconds, tz)
        return out.replace(microsecond=micro) if micro else out

    return conv


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
