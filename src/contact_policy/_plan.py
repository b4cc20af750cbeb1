"""``Policy.return_by``, compiled: the composition of the call-return rules.

A policy's answers are computed by a :class:`Plan`, built once per policy: its rules looked up
in canonical order, with labels, descriptions, calendars' engines and fixed reasons ready, so
each contact costs a few epoch-microsecond engine queries, the text of its reasons and the
answer objects. The composition rule (docs/semantics.md §10–15):

1. A crisis is never gated away: it is due at once and routed to the emergency path.
2. An outbound contact owes no return. A voicemail gate that catches the contact removes the
   obligation.
3. The turnaround for the contact's urgency gives the deadline (each urgency has at most one).
4. Operating hours and callback windows restrict *when* a return may be made; the permitted
   time is their intersection (every restriction must hold).
5. ``due`` is the latest permitted moment at or before the deadline; ``earliest`` the first
   permitted moment at or after receipt. When no permitted moment exists between receipt and
   deadline, the obligation is flagged ``conflict=True`` and ``due`` is the end of the first
   permitted slot after the deadline.

Reasons are listed in a fixed order of rule kinds (:data:`REASON_ORDER`), whatever order the
rules were given in and whatever they are named.

Private; imports the rules, the answers and the engine. The rules' own predicates
(``VoicemailGate.gates``, ``Turnaround.describe``) are the single source of their meaning.

One file: the plan is one composition (gates, the turnaround's clock, the restrictions, the
deadline and its reasons) whose parts read each other's compiled state on the hot path.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from ._intervals import Intervals, clip, intersect_all
from ._time import DAY_US, US, check_aware, to_us
from ._timeline import Timeline
from .answers import (
    Obligation,
    Reason,
    Route,
    _new_not_owed,
    _new_obligation,
    _new_reason,
    _new_slot,
)
from .calendar import BusinessCalendar
from .contact import Contact, Direction, Urgency
from .errors import ContactPolicyError, PolicyValidationError, shown
from .hours import TWO_DIGITS
from .rules import CallbackWindow, Turnaround, VoicemailGate, is_skipped, skip_calendar
from .wording import day_words, when

if TYPE_CHECKING:
    from .policy import Policy

__all__ = ["REASON_ORDER", "Plan", "as_contact"]

#: The order reasons are listed in, by the kind of rule (or part of the policy) that gave
#: them: the policy's own conclusions (no deadline, the first permitted moment, a conflict),
#: the crisis route, the voicemail gate, the turnaround, operating hours, callback windows.
REASON_ORDER = (
    "policy",
    "crisis",
    "voicemail_gate",
    "turnaround",
    "operating_hours",
    "callback_window",
)
_POLICY, _CRISIS_RANK, _GATE, _TURNAROUND, _HOURS, _WINDOW = range(len(REASON_ORDER))

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
#: The columnar path's cache of permitted slots (Plan.slots) is cleared at this many entries.
_SLOTS_CACHE_LIMIT = 32
#: How far past the deadline a conflict looks for the first permitted slot.
_CONFLICT_SEARCH = (timedelta(days=8), timedelta(days=92), timedelta(days=732))

#: Reasons of one answer with the rank of their kind, sorted by it when the answer is built.
Ranked = list[tuple[int, Reason]]


class Plan:
    """Everything ``return_by`` needs from one policy, looked up once."""

    __slots__ = (
        "by_urgency",
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
        "slots",
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
        self.emergency = policy.emergency_path
        self.crisis: tuple[Route, tuple[Reason, ...]] | None = None
        #: Each voicemail gate's own predicate (``VoicemailGate.gates``) and its label.
        self.gates = tuple((g.gates, g.label) for g in policy.rules_of(VoicemailGate))
        self.gate_reasons: dict[tuple[str, str], tuple[Reason, ...]] = {}
        clocks = [_Clock(policy, rule) for rule in policy.rules_of(Turnaround)]
        #: The clock of each urgency (validation gives each urgency at most one).
        self.by_urgency = {u: c for c in clocks for u in c.urgency}
        self.no_turnaround = _new_reason("policy", "no turnaround applies: no deadline")
        oh = policy.operating_hours
        calendar = policy.operating_calendar
        self.hours = (
            (oh.label, calendar._engine()) if oh is not None and calendar is not None else None
        )
        self.windows = tuple(
            _Window(w, policy.zone, policy.holidays) for w in policy.rules_of(CallbackWindow)
        )
        self.unknown_zone = {
            w.label: _new_reason(
                w.label, "the client's zone is unknown; windows are read in the practice's zone"
            )
            for w in self.windows
        }
        self.restricted = self.hours is not None or bool(self.windows)
        #: The columnar path's permitted slots (numpy arrays) by restricting engines and span
        #: (whole UTC years); cleared when it reaches _SLOTS_CACHE_LIMIT entries.
        self.slots: dict[tuple[Any, ...], tuple[Any, Any]] = {}

    # --- the two answers ----------------------------------------------------------------------

    def obligation(self, contact: Contact) -> Obligation:
        """``Policy.return_by(contact)``."""
        if not isinstance(contact, Contact):
            contact = as_contact(contact)
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
                None,
            )
        if not contact.voicemail:
            for gates, label in self.gates:
                if gates(contact):
                    return _new_not_owed(received, self._gated(label, contact))
        r = self.instant(received)
        clock = self.by_urgency.get(urgency)
        if clock is None:
            d, deadline = 0, None
            reasons: Ranked = [(_POLICY, self.no_turnaround)]
        else:
            d, deadline = clock.deadline(received, r)
            reasons = [(_TURNAROUND, clock.reason(received, r, deadline))]
        calendar = None if clock is None else clock.calendar
        if not self.restricted:
            return _new_obligation(
                _OWED,
                received,
                deadline,
                received,
                deadline,
                () if deadline is None else (_new_slot(received, deadline),),
                None,
                (reasons[0][1],),
                self.due_soon_at,
                calendar,
            )
        restrictions = self._restrictions(contact, received, r, reasons)
        return self._schedule(received, r, deadline, d, restrictions, reasons, calendar)

    def due(self, contact: Contact) -> datetime | None:
        """``return_by(contact).due`` (None when no return is owed), without the reasons or
        the obligation."""
        if not isinstance(contact, Contact):
            contact = as_contact(contact)
        clock = self._target(contact)
        if clock is None:
            return None
        received = contact.at.astimezone(self.tz)
        if clock is _CRISIS:
            return received
        r = self.instant(received)
        d: int
        deadline: datetime
        d, deadline = clock.deadline(received, r)
        if not self.restricted:
            return deadline
        engines = [eng for _, _, eng in self._restrictions(contact, received, r, None)]
        permitted = _intersect(engines, r, d)
        if permitted:
            return self.conv(min(d, permitted[-1][1] - 1))
        first = _first_slot_after(engines, d, inclusive=False)
        return deadline if first is None else self.conv(first[1])

    def due_us(self, contact: Contact, r: int | None = None) -> int | None:
        """``due(contact)`` as epoch microseconds (the ledger's hot path: no datetime is
        built); ``r`` is ``contact.at`` in epoch microseconds when the caller has it."""
        clock = self._target(contact)
        if clock is None:
            return None
        if r is None:
            r = to_us(contact.at)
        if clock is _CRISIS:
            return r
        if not self.restricted and clock.kind != "business_days":
            u: int = clock.engine.add(r, clock.within)
            return u
        due = self.due(contact)
        return None if due is None else to_us(due)

    def _target(self, contact: Contact) -> Any:
        """What sets ``contact``'s due time: ``Urgency.CRISIS`` (due at once), the clock of
        its urgency's turnaround, or None (nothing owed: outbound, gated, no turnaround)."""
        if contact.direction is _OUTBOUND:
            return None
        urgency = contact.urgency
        if urgency is _CRISIS:
            return _CRISIS
        if not contact.voicemail:
            for gates, _ in self.gates:
                if gates(contact):
                    return None
        return self.by_urgency.get(urgency)

    def owes(self, contact: Contact) -> bool:
        """Is a return owed for ``contact`` (inbound, and no voicemail gate catches it)? A
        crisis is owed (at once, on the emergency path)."""
        if contact.direction is _OUTBOUND:
            return False
        if contact.urgency is _CRISIS or contact.voicemail:
            return True
        return not any(gates(contact) for gates, _ in self.gates)

    def forbidding(self, contact: Contact, x: int) -> str | None:
        """The label of the first restriction (operating hours, callback windows) that does
        not permit a return to ``contact`` at the instant ``x`` (epoch us), or None when every
        one permits it (a closing instant is permitted, as for ``due``)."""
        if not self.restricted:
            return None
        for _, label, eng in self._restrictions(contact, contact.at, x, None):
            if not _permits(eng, x):
                return label
        return None

    def first_permitted(self, contact: Contact, x: int) -> int | None:
        """The first instant at or after ``x`` at which every restriction permits a return to
        ``contact`` (``x`` itself without restrictions; None when there is none in reach)."""
        if not self.restricted:
            return x
        engines = [eng for _, _, eng in self._restrictions(contact, contact.at, x, None)]
        found = _first_slot_after(engines, x, inclusive=True)
        return None if found is None else found[0]

    def clock_of(self, urgency: Urgency) -> Timeline | None:
        """The engine of the clock the turnaround for ``urgency`` counts on (None: no
        turnaround)."""
        clock = self.by_urgency.get(urgency)
        return None if clock is None else clock.engine

    # --- parts --------------------------------------------------------------------------------

    def _crisis(self) -> tuple[Route, tuple[Reason, ...]]:
        """The emergency route and the crisis reason (built at the first crisis)."""
        route = self.emergency.route()
        text = f"a crisis is never gated or delayed: route now. {route.instructions}"
        self.crisis = (route, (_new_reason("crisis", text),))
        return self.crisis

    def _gated(self, label: str, contact: Contact) -> tuple[Reason, ...]:
        channel = contact.channel.value
        reasons = self.gate_reasons.get((label, channel))
        if reasons is None:
            text = (
                f"no voicemail was left on this {channel}; "
                "contacts without a voicemail are not returned"
            )
            reasons = self.gate_reasons[(label, channel)] = (_new_reason(label, text),)
        return reasons

    def _restrictions(
        self,
        contact: Contact,
        received: datetime,
        r: int,
        reasons: Ranked | None,
        *,
        closed: bool | None = None,
    ) -> list[tuple[int, str, Timeline]]:
        """The restricting calendars' engines with their rank and label; their reasons go to
        ``reasons`` (``closed``: whether the operating hours are closed at ``r``, when the
        caller knows)."""
        out: list[tuple[int, str, Timeline]] = []
        if self.hours is not None:
            label, eng = self.hours
            out.append((_HOURS, label, eng))
            if reasons is not None and (not eng.is_open(r) if closed is None else closed):
                reasons.append((_HOURS, _new_reason(label, outside_hours_text(received))))
        for window in self.windows:
            if window.client and contact.client_zone is not None:
                out.append((_WINDOW, window.label, window.engine_in(contact.client_zone)))
                continue
            if window.client and reasons is not None:
                reasons.append((_WINDOW, self.unknown_zone[window.label]))
            out.append((_WINDOW, window.label, window.practice))
        return out

    def _schedule(
        self,
        received: datetime,
        r: int,
        deadline: datetime | None,
        d: int,
        restrictions: list[tuple[int, str, Timeline]],
        reasons: Ranked,
        calendar: BusinessCalendar | None,
    ) -> Obligation:
        """The obligation under restrictions: permitted time is their intersection."""
        due_soon_at = self.due_soon_at
        engines = [eng for _, _, eng in restrictions]
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
                calendar,
            )
        permitted = _intersect(engines, r, d)
        if permitted:
            due_us = min(d, permitted[-1][1] - 1)
            slots = tuple(
                _new_slot(conv(s), conv(min(e - 1, due_us))) for s, e in permitted if s <= due_us
            )
            if due_us < d:
                blocking = [(rank, lab) for rank, lab, eng in restrictions if not _permits(eng, d)]
                text = moved_text(deadline, conv(due_us))
                for rank, label in blocking or [restrictions[0][:2]]:
                    reasons.append((rank, _new_reason(label, text)))
            elif permitted[0][0] > r:
                text = first_permitted_text(conv(permitted[0][0]))
                reasons.append((_POLICY, _new_reason("policy", text)))
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
                calendar,
            )
        first = _first_slot_after(engines, d, inclusive=False)
        labels = ", ".join(lab for _, lab, _ in restrictions)
        if first is None:
            text = (
                f"conflict: {labels} leave no permitted time within two years of the "
                f"deadline {when(deadline)}; the rules exclude each other"
            )
            reasons.append((_POLICY, _new_reason("policy", text)))
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
                calendar,
                conflict=True,
            )
        s, e = first
        text = (
            f"conflict: {labels} permit no time between receipt and the deadline "
            f"{when(deadline)}; due at the end of the first permitted slot after it, "
            f"{when(conv(e))}"
        )
        reasons.append((_POLICY, _new_reason("policy", text)))
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
            calendar,
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
        self.label = rule.label
        self.described = rule.describe()
        self.urgency = rule.urgency
        self.tz = policy.tz
        self.holidays = policy.holidays
        self.skip = rule.skipped
        self.within = (rule.within or timedelta(0)) // US
        self.days = rule.days or 1
        operating = policy.operating_calendar
        self.hours = operating is not None
        if rule.clock == "business_hours":
            assert operating is not None  # noqa: S101 - checked when the policy was built
            self.calendar = operating
        elif rule.clock == "business_days":
            # Its clock (for status): the operating hours, else the business days themselves.
            self.calendar = operating or skip_calendar(policy.zone, policy.holidays, self.skip)
        else:
            self.calendar = skip_calendar(policy.zone, policy.holidays, self.skip)
        self.engine = self.calendar._engine()
        #: business days: local date ordinal of receipt -> (close in epoch us, close).
        self.closes: dict[int, tuple[int, datetime]] = {}
        #: hours clock: (receipt ordinal, deadline ordinal) -> the reason's words around the
        #: deadline's time of day.
        self.words: dict[tuple[int, int], tuple[str, str]] = {}

    def deadline(self, received: datetime, r: int) -> tuple[int, datetime]:
        """The deadline for a contact received at ``received`` (``r`` in epoch us)."""
        if self.kind == "hours":
            u = self.engine.add(r, self.within)
            return u, self.engine.to_datetime(u)
        if self.kind == "business_hours":
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
            count = 0
            while count < n:
                day += timedelta(days=1)
                if not is_skipped(day, self.skip, self.holidays):
                    count += 1
            eng = skip_calendar(self.tz.key, (), ())._engine()
            midnight = datetime.combine(day + timedelta(days=1), time())
            return eng.to_datetime(eng.local_to_us(midnight))
        eng = self.engine
        count = 0
        close_us = 0
        for _ in range(n * 400 + 400):
            day += timedelta(days=1)
            start = eng.local_to_us(datetime.combine(day, time()))
            end = eng.local_to_us(datetime.combine(day + timedelta(days=1), time()))
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
        if self.kind == "hours":
            # The words around the deadline's time depend only on the receipt's and the
            # deadline's local days: written once per pair of days.
            key = (received.toordinal(), due.toordinal())
            words = self.words.get(key)
            if words is None:
                words = self._hours_words(received.date(), due)
            head, tail = words
            return _new_reason(
                self.label,
                f"{head}{TWO_DIGITS[due.hour]}:{TWO_DIGITS[due.minute]} {due.tzname()}{tail}",
            )
        text = f"{self.described}: deadline {when(due)}"
        if self.kind == "business_hours":
            eng = self.engine
            if not eng.is_open(r):
                start = eng.to_datetime(eng.next_open(r)).astimezone(self.tz)
                text = f"received outside operating hours; the clock starts {when(start)}; {text}"
        return _new_reason(self.label, text)

    def _hours_words(self, first: date, due: datetime) -> tuple[str, str]:
        """The text of an hours clock's reason before and after the deadline's time of day:
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

    __slots__ = ("client", "engines", "holidays", "label", "practice", "window")

    def __init__(self, window: CallbackWindow, zone: str, holidays: tuple[str, ...]) -> None:
        self.window = window
        self.label = window.label
        self.client = window.zone == "client"
        self.holidays = holidays
        self.practice = window.calendar_in(zone, holidays)._engine()
        self.engines: dict[str, Timeline] = {zone: self.practice}

    def engine_in(self, zone: str) -> Timeline:
        eng = self.engines.get(zone)
        if eng is None:
            eng = self.engines[zone] = self.window.calendar_in(zone, self.holidays)._engine()
        return eng


# --- helpers ---------------------------------------------------------------------------------


def outside_hours_text(received: datetime) -> str:
    """The operating hours' reason for a contact received while the practice is closed."""
    return (
        f"received outside operating hours ({when(received)}); "
        "returns are made only while the practice is open"
    )


def moved_text(deadline: datetime, due: datetime) -> str:
    """A restriction's reason when the deadline falls outside permitted time."""
    return (
        f"the deadline {when(deadline)} falls outside permitted time; moved to "
        f"the end of the last permitted slot before it, {when(due)}"
    )


def first_permitted_text(earliest: datetime) -> str:
    """The policy's reason when the first permitted moment comes after receipt."""
    return f"the first permitted moment to return it is {when(earliest)}"


def as_contact(value: Any, name: str = "contact") -> Contact:
    """``return_by`` and ``in_bounds`` take a ``Contact``; an aware datetime (an inbound call
    with the defaults) or a mapping of its fields is accepted too (``name`` is the argument's,
    for errors)."""
    if isinstance(value, Contact):
        return value
    if isinstance(value, datetime):
        return Contact(check_aware(value, name))
    if isinstance(value, dict):
        try:
            return Contact.model_validate(value)
        except ContactPolicyError as exc:
            raise exc.at_path(name) from None
    msg = (
        f"{name}={shown(value, 80)} is not a Contact; build one with "
        "Contact(at, voicemail=..., ...)"
    )
    raise PolicyValidationError(msg, path=name)


def _ordered(reasons: Ranked) -> tuple[Reason, ...]:
    """The reasons in :data:`REASON_ORDER` (stable: the same kind keeps its order)."""
    if len(reasons) > 1:
        reasons.sort(key=lambda item: item[0])
    return tuple(reason for _, reason in reasons)


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


def _permits(engine: Timeline, x: int) -> bool:
    """Is ``x`` a permitted moment of one restriction (open, or exactly a closing instant)?"""
    return engine.permits(x)


def _permitted(engine: Timeline, a: int, b: int) -> Intervals:
    """One restriction's permitted moments within ``[a, b]``: its open intervals together with
    their closing instant (a return at exactly the closing instant is permitted), as half-open
    intervals ``[s, e + 1)`` clipped to ``[a, b + 1)`` (see _intervals.py)."""
    return clip(((s, e + 1) for s, e in engine.intervals(a - 1, b + 1)), a, b + 1)


def _intersect(engines: Iterable[Timeline], a: int, b: int) -> Intervals:
    """Permitted moments in ``[a, b]``: the intersection of every restriction's (half-open;
    a single permitted instant ``e`` is ``(e, e + 1)``)."""
    return intersect_all(_permitted(eng, a, b) for eng in engines)


def _first_slot_after(
    engines: Sequence[Timeline], x: int, *, inclusive: bool
) -> tuple[int, int] | None:
    """The first permitted slot at (``inclusive``) or after ``x``, as its first and last
    permitted instant, followed to its true end."""
    lo = x if inclusive else x + 1
    for span in _CONFLICT_SEARCH:
        hi = x + span // US
        found = _intersect(engines, lo, hi)
        if found:
            s, e = found[0][0], found[0][1] - 1
            # The slot may run past the search window: follow it to its real end.
            while e == hi:
                hi = e + DAY_US * 8
                more = _intersect(engines, e, hi)
                if not more or more[0][0] != e:
                    break
                e = more[0][1] - 1
            return s, e
    return None
