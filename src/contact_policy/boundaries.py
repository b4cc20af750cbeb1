"""Contact boundaries: the rules behind ``Policy.in_bounds`` ("is this contact in-bounds?").

- :class:`NoPersonalNumbers` — personal numbers are out of bounds; the office line and the
  secure platform are in bounds.
- :class:`SchedulingOnlyLine` — clinical talk on a scheduling-only line is out of bounds.
- :class:`NoCallsDuringSessions` — no phone calls taken during another client's session,
  except a crisis, an administrative call the clinic requires, and an urgent call the therapist
  said they were expecting.
- :class:`AfterHours` — calls are answered only during answering hours; outside them the caller
  goes to voicemail whose greeting gives the emergency path (911, 988, the on-call contact).
- :class:`OutreachBoundary` — therapist-initiated contact between sessions is discouraged,
  except crisis check-ins, pre-scheduled calls and messages on the secure platform.
- :class:`FrequencyFlag` — a client contacting more than ``limit`` times within ``period`` is
  not refused but flagged to discuss in the next session.

Every rule answers through one method, ``evaluate(context)``, given a :class:`Context` built
once per ``in_bounds`` call, and has a declared ``precedence``: the order above, in which
reasons are listed and by which the first forbidding rule's route is chosen. A new rule is a
class here (added to :data:`BOUNDARY_RULES`), its docs and its strategy.

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> from contact_policy import Contact, Policy
>>> policy = Policy(zone="America/New_York", rules=[NoPersonalNumbers()])
>>> call = Contact(datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("America/New_York")),
...                line="personal")
>>> policy.in_bounds(call).route.kind.value
'office_line'

Imports the engine, contacts, sessions, answers and the stated-hours base of
:mod:`contact_policy.rules`; never the policy module (the context carries what a rule needs).

One file: the boundary rules share one evaluation context and one precedence; each rule is one
class here.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import islice
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    ClassVar,
    Literal,
    Protocol,
    Self,
    runtime_checkable,
)

from pydantic import Field, field_validator, model_validator

from ._model import Count, Flag, PositiveDuration, Text, get_zone
from ._time import MAX_YEAR, MIN_YEAR, check_aware, to_us, utc
from .answers import Reason, Route, RouteKind, _new_reason
from .contact import Channel, Contact, Direction, Line, Topic, Urgency
from .errors import LimitExceededError, OutOfRangeError, PolicyValidationError, a_type, shown
from .hours import WeeklyHours
from .limits import MAX_FREQUENCY_LIMIT, MAX_FREQUENCY_PERIOD, MAX_HISTORY
from .rules import OperatingHours, RuleBase, StatedHours, kind_field, name_field
from .sessions import SessionSchedule
from .wording import channel_words, clock_words, joined, period_words, when

if TYPE_CHECKING:
    from .calendar import BusinessCalendar

__all__ = [
    "BOUNDARY_RULES",
    "AfterHours",
    "ContactHistory",
    "Context",
    "FrequencyFlag",
    "NoCallsDuringSessions",
    "NoPersonalNumbers",
    "Outcome",
    "OutreachBoundary",
    "SchedulingOnlyLine",
]


# --- what a rule reads ---------------------------------------------------------------------------


@runtime_checkable
class ContactHistory(Protocol):
    """Anything that can count a client's earlier contacts in ``[start, end)``.

    The library stores nothing: the caller passes the client's recent contacts (a sequence of
    ``Contact`` or aware datetimes) or an object with this method (a database query, say),
    which counts what the frequency rule should count.
    """

    def count_between(self, start: datetime, end: datetime) -> int:
        """How many contacts fall in ``[start, end)``."""
        ...


def _history(value: Any) -> ContactHistory | tuple[Contact | datetime, ...]:
    """``in_bounds(history=...)`` checked once: a ``ContactHistory``, or a sequence of
    ``Contact`` and aware datetimes (each item named by its place when it is neither)."""
    if value is None:
        return ()
    if isinstance(value, ContactHistory):
        return value
    if not isinstance(value, Iterable) or isinstance(value, (str, bytes)):
        msg = (
            f"history={shown(value)} is not a list of earlier contacts; pass Contact values or "
            "aware datetimes, or an object with count_between(start, end)"
        )
        raise PolicyValidationError(msg, path="history")
    items = tuple(islice(value, MAX_HISTORY + 1))
    if len(items) > MAX_HISTORY:
        what = "a history passed as a list"
        raise LimitExceededError.over(what, f"{MAX_HISTORY:,} contacts", "more", "history")
    for i, item in enumerate(items):
        if not isinstance(item, Contact):
            if not isinstance(item, datetime):
                msg = f"history[{i}]={shown(item)} is neither a Contact nor an aware datetime"
                raise PolicyValidationError(msg, path=f"history[{i}]")
            check_aware(item, f"history[{i}]")
            try:
                year = utc(item).year
            except OverflowError:
                year = 0
            if not MIN_YEAR <= year <= MAX_YEAR:
                msg = OutOfRangeError.for_value(f"history[{i}]={item.isoformat()}").message
                raise OutOfRangeError(msg, path=f"history[{i}]")
    return items


def _count_between(history: Any, start: datetime, end: datetime) -> Any:
    """``history.count_between(start, end)``, or our error naming ``count_between`` when it is
    no method that takes ``(start, end)``. What the method itself raises reaches the caller
    unchanged (docs/errors.md)."""
    method = getattr(history, "count_between", None)
    if not callable(method):
        msg = (
            f"history.count_between is {a_type(method)}, not a method; give the history a "
            "method count_between(start, end) that returns how many contacts fall in "
            "[start, end)"
        )
        raise PolicyValidationError(msg, path="history.count_between")
    try:
        return method(start, end)
    except TypeError:
        try:
            inspect.signature(method).bind(start, end)
        except TypeError:  # the call itself does not fit the signature
            msg = (
                f"history.count_between{_signature(method)} cannot be called as "
                "count_between(start, end) with two aware datetimes; give it that signature"
            )
            raise PolicyValidationError(msg, path="history.count_between") from None
        except ValueError:  # no signature to read (a builtin): the TypeError is its own
            pass
        raise


def _signature(method: Any) -> str:
    """``(start)``: the parameters of ``method`` without their annotations."""
    try:
        sig = inspect.signature(method)
    except (TypeError, ValueError):
        return ""
    bare = [p.replace(annotation=p.empty) for p in sig.parameters.values()]
    return str(sig.replace(parameters=bare, return_annotation=sig.empty))


class Context:
    """What the boundary rules read about one ``in_bounds`` call, built once for all of them.

    ``contact`` is the contact judged; ``zone`` and ``holidays`` the policy's; ``sessions`` the
    therapist's sessions for this call; ``history`` the client's earlier contacts;
    ``operating`` the policy's operating hours (a calendar, or None); ``greeting`` what the
    voicemail greeting says; ``emergency_to`` the after-hours emergency contact, if any.
    """

    __slots__ = (
        "contact",
        "crisis",
        "emergency_to",
        "greeting",
        "history",
        "holidays",
        "operating",
        "sessions",
        "zone",
    )

    def __init__(
        self,
        contact: Contact,
        *,
        zone: str,
        holidays: tuple[str, ...],
        sessions: SessionSchedule | None,
        history: Any,
        operating: BusinessCalendar | None,
        greeting: str,
        emergency_to: str | None,
    ) -> None:
        self.judge(contact)
        self.zone = zone
        self.holidays = holidays
        self.sessions = sessions
        self.history = _history(history)
        self.operating = operating
        self.greeting = greeting
        self.emergency_to = emergency_to

    def judge(self, contact: Contact) -> None:
        """Make ``contact`` the one judged: everything else stays (``in_bounds_many`` builds
        one context for a whole batch)."""
        self.contact = contact
        self.crisis = contact.urgency is Urgency.CRISIS

    def count_recent(self, start: datetime, end: datetime, rule: FrequencyFlag) -> int:
        """Earlier contacts in ``[start, end)`` that ``rule`` counts. A bare datetime is a
        contact with :class:`Contact`'s defaults (an inbound call) and counts when such a
        contact would; a ``ContactHistory`` counts for itself."""
        history = self.history
        if isinstance(history, ContactHistory):
            count = _count_between(history, start, end)
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                msg = (
                    f"history.count_between(...) returned {shown(count)}; it must return a whole "
                    "number of contacts (0 or more)"
                )
                raise PolicyValidationError(msg, path="history")
            return count
        lo, hi = to_us(start), to_us(end)
        bare = rule.counts_bare()
        n = 0
        for item in history:
            if isinstance(item, Contact):
                if not rule.counts(item):
                    continue
                at = item.at
            elif bare:
                at = item
            else:
                continue
            if lo <= to_us(at) < hi:
                n += 1
        return n


Effect = Literal["allow", "forbid", "flag"]


class Outcome:
    """What one boundary rule says about one contact: ``effect``, ``reason`` and, for a forbid
    or a flag, where the contact should go (``route``); ``precedence`` is the rule's."""

    __slots__ = ("effect", "precedence", "reason", "route")

    def __init__(
        self, effect: Effect, reason: Reason, route: Route | None, precedence: int
    ) -> None:
        self.effect = effect
        self.reason = reason
        self.route = route
        self.precedence = precedence


class BoundaryRule(RuleBase):
    """The base of the boundary rules: ``precedence`` orders their reasons and chooses the
    route of the first forbidding rule; ``evaluate`` judges one contact."""

    precedence: ClassVar[int] = 100

    def evaluate(self, ctx: Context) -> Outcome | None:
        """What this rule says about ``ctx.contact`` (None: nothing)."""
        raise NotImplementedError  # pragma: no cover - every rule class implements it

    def _says(self, effect: Effect, text: str, route: Route | None = None) -> Outcome:
        # Reasons and routes are the library's own values: built without validation, as
        # ``Reason.trusted``/``Route.trusted`` would (the same fields, the same fields-set).
        return Outcome(effect, _new_reason(self.label, text), route, self.precedence)


_CRISIS_FIRST = "; a crisis goes to the emergency path first"
#: The channels of the rules about calls (a video call rings like a call).
_CALLS = (Channel.CALL, Channel.VIDEO)


def _calls(channels: tuple[Channel, ...]) -> str:
    """``calls`` for the rules' default channels, else the channels in words."""
    return "calls" if channels == _CALLS else channel_words(list(channels))


class NoPersonalNumbers(BoundaryRule):
    """Personal phone numbers are out of bounds; the office line and secure platform are in."""

    precedence: ClassVar[int] = 10

    notice_removed: ClassVar[str] = "personal numbers are no longer out of bounds"
    kind: Literal["no_personal_numbers"] = kind_field("no_personal_numbers")
    name: Text | None = name_field("Office line only")

    def describe(self) -> str:
        """The rule in plain words for clients.

        >>> NoPersonalNumbers().describe()
        'personal numbers are out of bounds: reach the practice on its office line or the secure platform'
        """  # noqa: E501 - the doctest shows one whole sentence
        return (
            "personal numbers are out of bounds: reach the practice on its office line or the "
            "secure platform"
        )

    def evaluate(self, ctx: Context) -> Outcome | None:
        """Forbid contact on a personal number or address, either way."""
        if ctx.contact.line is not Line.PERSONAL:
            return None
        text = (
            "personal numbers are out of bounds; use the practice's office line or the secure "
            "messaging platform"
        )
        if ctx.crisis:
            return self._says("forbid", text + _CRISIS_FIRST)
        route = Route.trusted(
            kind=RouteKind.OFFICE_LINE,
            instructions="Contact the practice on its office line or the secure platform.",
        )
        return self._says("forbid", text, route)


class SchedulingOnlyLine(BoundaryRule):
    """A scheduling-only line is not for clinical talk.

    Contacts on one of ``lines`` (the scheduling line by default) whose topic is one of
    ``forbidden_topics`` (clinical by default) are out of bounds; an unknown topic is not
    judged.
    """

    precedence: ClassVar[int] = 20

    notice_removed: ClassVar[str] = "the scheduling line is no longer for scheduling only"
    kind: Literal["scheduling_only_line"] = kind_field("scheduling_only_line")
    name: Text | None = name_field("Scheduling line")
    lines: tuple[Line, ...] = Field(
        default=(Line.SCHEDULING,),
        description="The lines that are for scheduling only (the scheduling line when left out)",
        examples=[["scheduling"]],
    )
    forbidden_topics: tuple[Topic, ...] = Field(
        default=(Topic.CLINICAL,),
        description="The topics out of bounds on those lines (clinical when left out)",
        examples=[["clinical"], ["clinical", "billing"]],
    )

    def describe(self) -> str:
        """The rule in plain words for clients.

        >>> SchedulingOnlyLine().describe()
        'the scheduling line is for scheduling only: clinical questions belong on the office line or in session'
        """  # noqa: E501 - the doctest shows one whole sentence
        lines = joined([line.value.replace("_", " ") for line in self.lines])
        verb = "line is" if len(self.lines) == 1 else "lines are"
        topics = joined([topic.value for topic in self.forbidden_topics])
        return (
            f"the {lines} {verb} for scheduling only: {topics} questions belong on the office "
            "line or in session"
        )

    def evaluate(self, ctx: Context) -> Outcome | None:
        """Forbid clinical talk on a scheduling-only line."""
        contact = ctx.contact
        if contact.line not in self.lines:
            return None
        if contact.topic is None or contact.topic not in self.forbidden_topics:
            return self._says("allow", "scheduling business")
        text = (
            f"the {contact.line.value} line is for scheduling only; {contact.topic.value} "
            "questions belong on the office line or in session"
        )
        if ctx.crisis:
            return self._says("forbid", text + _CRISIS_FIRST)
        route = Route.trusted(
            kind=RouteKind.OFFICE_LINE,
            instructions="This line is for scheduling only. For anything else, call the "
            "office line or raise it at your next session.",
        )
        return self._says("forbid", text, route)


class NoCallsDuringSessions(BoundaryRule):
    """No phone calls taken during another client's session.

    Exceptions: a crisis (always: a crisis is never refused help), an administrative call the
    clinic requires therapists to take (``allow_administrative``, a contact with
    ``topic="administrative"``), and an urgent call the therapist said they were expecting
    (``allow_expected_urgent``: ``expected=True`` and ``urgency="urgent"``); the last two can
    be switched off. ``schedule`` holds standing sessions; ``in_bounds(sessions=...)`` adds
    today's.
    """

    precedence: ClassVar[int] = 30

    notice_removed: ClassVar[str] = (
        "calls during another client's session are no longer held for voicemail"
    )
    kind: Literal["no_calls_during_sessions"] = kind_field("no_calls_during_sessions")
    name: Text | None = name_field("In session")
    channels: tuple[Channel, ...] = Field(
        default=(Channel.CALL, Channel.VIDEO),
        description="The channels not taken in session (calls and video calls when left out)",
        examples=[["call", "video"]],
    )
    allow_administrative: Flag = Field(
        default=True,
        description="Whether an administrative call the clinic requires is taken in session",
        examples=[True],
    )
    allow_expected_urgent: Flag = Field(
        default=True,
        description="Whether an urgent call the therapist said they expect is taken in session",
        examples=[True],
    )
    schedule: SessionSchedule = Field(
        default_factory=SessionSchedule.trusted,  # no sessions, and no validator to build
        description="Standing sessions (explicit ones and RRULE series); a query adds today's",
        examples=[
            {
                "series": [
                    {
                        "rrule": "DTSTART:20260105T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO",
                        "duration": "PT50M",
                    }
                ]
            }
        ],
    )

    def describe(self) -> str:
        """The rule in plain words for clients (the therapist's own sessions are not named).

        >>> NoCallsDuringSessions(allow_administrative=False).describe()
        "calls are not taken during another client's session: leave a voicemail and it will be returned (except a crisis and an urgent call the therapist expects)"
        """  # noqa: E501 - the doctest shows one whole sentence
        exceptions = ["a crisis"]
        if self.allow_administrative:
            exceptions.append("an administrative call the clinic requires")
        if self.allow_expected_urgent:
            exceptions.append("an urgent call the therapist expects")
        return (
            f"{_calls(self.channels)} are not taken during another client's session: leave a "
            f"voicemail and it will be returned (except {joined(exceptions)})"
        )

    def evaluate(self, ctx: Context) -> Outcome | None:
        """Forbid taking the contact now when it rings during a session (see the class doc)."""
        contact = ctx.contact
        if contact.direction is not Direction.INBOUND or contact.channel not in self.channels:
            return None
        found = self.schedule.merged(ctx.sessions).session_at(contact.at, ctx.zone)
        if found is None:
            return None
        if ctx.crisis:
            text = "rings during a session, but a crisis is an exception: take it or route to help"
            return self._says("allow", text)
        if self.allow_administrative and contact.topic is Topic.ADMINISTRATIVE:
            text = "rings during a session; an administrative call the clinic requires is taken"
            return self._says("allow", text)
        if self.allow_expected_urgent and contact.expected and contact.urgency is Urgency.URGENT:
            text = "rings during a session; an urgent call the therapist was expecting is taken"
            return self._says("allow", text)
        end = clock_words(found[1].astimezone(get_zone(ctx.zone)))
        text = (
            f"rings during another client's session (until {end}); calls are not taken in "
            "session: let it go to voicemail and return it afterwards"
        )
        route = Route.trusted(
            kind=RouteKind.VOICEMAIL,
            instructions="The therapist is in session; leave a voicemail and your call will "
            "be returned.",
        )
        return self._says("forbid", text, route)


class AfterHours(StatedHours, BoundaryRule):
    """Calls are answered only during answering hours; outside them, voicemail.

    The voicemail greeting gives the emergency path: 911, 988 and, with
    ``route="emergency_contact"``, the policy's after-hours emergency contact (the policy must
    then carry one, or it fails validation). ``hours`` are the answering hours (with the
    optional ``zone``, ``holidays``, ``closed``, ``special_hours`` and ``closures`` of
    :class:`~contact_policy.OperatingHours`; zone and holidays are the policy's unless given);
    without ``hours`` the policy's ``OperatingHours`` are used.
    """

    precedence: ClassVar[int] = 40
    _calendar_key: ClassVar[str] = "hours"

    notice_removed: ClassVar[str] = "calls outside answering hours no longer go to voicemail"
    kind: Literal["after_hours"] = kind_field("after_hours")
    name: Text | None = name_field("After hours")
    hours: WeeklyHours | None = Field(
        default=None,
        description="The answering hours; the policy's operating hours when left out",
        examples=[{"mon-fri": [["09:00", "17:00"]]}],
    )
    route: Literal["voicemail", "emergency_contact"] = Field(
        default="voicemail",
        description="Where after-hours calls go: voicemail, or voicemail that also names the "
        "policy's emergency contact",
        examples=["voicemail", "emergency_contact"],
    )
    channels: tuple[Channel, ...] = Field(
        default=(Channel.CALL, Channel.VIDEO),
        description="The channels answered only in answering hours (calls and video calls "
        "when left out)",
        examples=[["call", "video"]],
    )

    def problems_in(self, policy: Any, index: int) -> list[tuple[str, str]]:
        """Answering hours from nowhere (no ``hours`` and no operating hours), and a route to
        an emergency contact the policy does not carry (besides the checks of stated
        hours)."""
        problems = super().problems_in(policy, index)
        where = f"rules[{index}]"
        if self.hours is None and not any(isinstance(r, OperatingHours) for r in policy.rules):
            msg = (
                "after_hours needs answering hours: give it hours (e.g. mon-fri = "
                "[['09:00', '17:00']]) or add an OperatingHours rule to the policy"
            )
            problems.append((f"{where}.hours", msg))
        if self.route == "emergency_contact" and not policy.emergency_path.contacts:
            msg = (
                "routes after-hours calls to the emergency contact, but the policy has "
                "none; add an [[emergency.contacts]] entry with a label and a number"
            )
            problems.append((f"{where}.route", msg))
        return problems

    @model_validator(mode="after")
    def _hours_for_exceptions(self) -> Self:
        if self.hours is None:
            given = [
                name
                for name in ("zone", "holidays", "closed", "special_hours", "closures")
                if getattr(self, name) not in (None, ())
            ]
            if given:
                msg = (
                    f"gives {given[0]!r} but no hours, so it uses the policy's operating "
                    "hours as they are; give hours too, or put the exceptions on the "
                    "OperatingHours rule"
                )
                raise PolicyValidationError(msg, path=given[0])
        return self

    def evaluate(self, ctx: Context) -> Outcome | None:
        """Route the contact to voicemail when it arrives outside the answering hours."""
        contact = ctx.contact
        if contact.direction is not Direction.INBOUND or contact.channel not in self.channels:
            return None
        calendar = self.answering(ctx)
        if calendar.is_open(contact.at):
            return self._says("allow", "within answering hours")
        opens = when(calendar.next_open(contact.at))
        if ctx.crisis:
            text = (
                f"outside answering hours (they reopen {opens}): nobody answers now, so a "
                "crisis goes straight to the emergency path"
            )
            return self._says("forbid", text)
        text = f"outside answering hours (they reopen {opens}): the call goes to voicemail"
        route = Route.trusted(
            kind=RouteKind.VOICEMAIL,
            to=ctx.emergency_to if self.route == "emergency_contact" else None,
            instructions=ctx.greeting,
        )
        return self._says("forbid", text, route)

    def describe(self) -> str:
        """The rule in plain words for clients.

        >>> AfterHours().describe()
        'calls outside answering hours go to voicemail, whose greeting gives the emergency path'
        >>> AfterHours(hours={"mon-fri": ["09:00-17:00"]}, route="emergency_contact").describe()
        'calls outside answering hours (Mon–Fri 09:00–17:00) go to voicemail, whose greeting gives the emergency path and the on-call contact'
        """  # noqa: E501 - the doctest shows one whole sentence
        hours = "" if self.hours is None else f" ({self._hours_words()})"
        text = (
            f"{_calls(self.channels)} outside answering hours{hours} go to voicemail, whose "
            "greeting gives the emergency path"
        )
        if self.route == "emergency_contact":
            text += " and the on-call contact"
        return text

    # The calendar of the rule's own hours in each (zone, holidays) it was asked about, kept
    # outside the fields (not compared, hashed or pickled): looking it up in calendar_in's
    # cache hashes the whole rule, which cost more than the rest of evaluate().
    __slots__ = ("_answering",)

    def answering(self, ctx: Context) -> BusinessCalendar:
        """The answering hours as a calendar: this rule's own hours (in the policy's zone and
        holidays unless it gives them), else the policy's operating hours."""
        if self.hours is not None:
            cache: dict[tuple[str, tuple[str, ...]], BusinessCalendar]
            try:
                cache = self._answering  # type: ignore[attr-defined]
            except AttributeError:
                cache = {}
                object.__setattr__(self, "_answering", cache)
            key = (ctx.zone, ctx.holidays)
            found = cache.get(key)
            if found is None:
                if len(cache) >= 16:
                    cache.clear()
                found = cache[key] = self.calendar_in(ctx.zone, ctx.holidays)
            return found
        if ctx.operating is None:  # pragma: no cover - checked when the policy was built
            msg = "after_hours needs answering hours"
            raise PolicyValidationError(msg, path="hours")
        return ctx.operating


class OutreachBoundary(BoundaryRule):
    """Therapist-initiated contact between sessions is discouraged.

    Exceptions: a crisis check-in (``urgency="crisis"``), a pre-scheduled call
    (``scheduled=True``) and a message on the secure platform (``channel="secure_message"`` or
    ``line="secure_platform"``). ``mode="forbid"`` (default) makes other outreach out of
    bounds; ``mode="flag"`` only flags it.
    """

    precedence: ClassVar[int] = 60

    notice_removed: ClassVar[str] = "the therapist's contact between sessions is no longer limited"
    kind: Literal["outreach"] = kind_field("outreach")
    name: Text | None = name_field("Between sessions")
    mode: Literal["forbid", "flag"] = Field(
        default="forbid",
        description="Whether other outreach is out of bounds ('forbid') or only flagged",
        examples=["forbid", "flag"],
    )

    def describe(self) -> str:
        """The rule in plain words for clients.

        >>> OutreachBoundary(mode="flag").describe()
        'the therapist avoids contacting you between sessions, except for crisis check-ins, pre-scheduled calls and messages on the secure platform'
        """  # noqa: E501 - the doctest shows one whole sentence
        verb = "does not contact" if self.mode == "forbid" else "avoids contacting"
        return (
            f"the therapist {verb} you between sessions, except for crisis check-ins, "
            "pre-scheduled calls and messages on the secure platform"
        )

    def evaluate(self, ctx: Context) -> Outcome | None:
        """Judge a therapist-initiated (outbound) contact."""
        contact = ctx.contact
        if contact.direction is not Direction.OUTBOUND:
            return None
        if ctx.crisis:
            return self._says("allow", "a crisis check-in")
        if contact.scheduled:
            return self._says("allow", "a pre-scheduled call")
        if contact.channel is Channel.SECURE_MESSAGE or contact.line is Line.SECURE_PLATFORM:
            return self._says("allow", "a message on the secure platform")
        text = (
            "therapist-initiated contact between sessions is discouraged; send it on the "
            "secure platform or raise it at the next session"
        )
        route = Route.trusted(
            kind=RouteKind.SECURE_PLATFORM,
            instructions="Use the secure messaging platform, or raise it at the next session.",
        )
        return self._says(self.mode, text, route)


class FrequencyFlag(BoundaryRule):
    """A client contacting very often is not refused but flagged: discuss in the next session.

    More than ``limit`` contacts (this one included) within the rolling ``period`` before it
    raises the flag. ``channels`` and ``direction`` choose what counts (inbound contacts on any
    channel by default). History comes from ``in_bounds(history=...)``: ``Contact`` values
    count when they are on one of ``channels`` in ``direction``; a bare datetime is an inbound
    call (``Contact``'s defaults) and counts when an inbound call would.
    """

    precedence: ClassVar[int] = 90

    notice_removed: ClassVar[str] = (
        "frequent contact is no longer flagged for discussion in session"
    )
    kind: Literal["frequency"] = kind_field("frequency")
    name: Text | None = name_field("Frequent contact")
    limit: Annotated[Count, Field(gt=0)] = Field(
        description="How many contacts within the period are fine; one more raises the flag",
        examples=[4],
    )
    period: PositiveDuration = Field(
        description="The rolling period counted back from each contact (at most 366 days)",
        examples=["P7D", "PT24H"],
    )
    channels: tuple[Channel, ...] = Field(
        default=tuple(Channel),
        description="The channels counted (every channel when left out)",
        examples=[["call", "text"]],
    )
    direction: Direction = Field(
        default=Direction.INBOUND,
        description="Whose contacts are counted: the client's (inbound) or the therapist's",
        examples=["inbound"],
    )

    @field_validator("period", mode="after")
    @classmethod
    def _period_limit(cls, value: timedelta) -> timedelta:
        if value > MAX_FREQUENCY_PERIOD:
            raise LimitExceededError.over("a frequency period", "366 days", str(value))
        return value

    @field_validator("limit", mode="after")
    @classmethod
    def _limit_limit(cls, value: int) -> int:
        if value > MAX_FREQUENCY_LIMIT:
            what = "a frequency limit"
            raise LimitExceededError.over(what, f"{MAX_FREQUENCY_LIMIT:,}", f"{value:,}")
        return value

    def describe(self) -> str:
        """The rule in plain words for clients.

        >>> FrequencyFlag(limit=4, period=timedelta(days=7)).describe()
        'frequent contact (over 4 in 7 days) is discussed at your next session, never refused'
        >>> FrequencyFlag(limit=2, period=timedelta(days=1), channels=["text"]).describe()
        'frequent texts (over 2 in 1 day) are discussed at your next session, never refused'
        """
        every = set(self.channels) == set(Channel)
        what = "contact" if every else channel_words(list(self.channels))
        if self.direction is Direction.OUTBOUND:
            what += " from the therapist"
        verb = "is" if every else "are"
        return (
            f"frequent {what} (over {self.limit} in {period_words(self.period)}) {verb} "
            "discussed at your next session, never refused"
        )

    def counts(self, contact: Contact) -> bool:
        """Does ``contact`` count towards the limit?"""
        return contact.direction is self.direction and contact.channel in self.channels

    def counts_bare(self) -> bool:
        """Does a bare datetime in the history (an inbound call) count?"""
        return self.direction is Direction.INBOUND and Channel.CALL in self.channels

    def evaluate(self, ctx: Context) -> Outcome | None:
        """Flag the contact when it is over the limit (never forbids)."""
        contact = ctx.contact
        if not self.counts(contact):
            return None
        start = utc(contact.at) - self.period
        recent = ctx.count_recent(start, contact.at, self) + 1
        if recent <= self.limit:
            return None
        text = (
            f"{recent} contacts within {period_words(self.period)} (limit {self.limit}): "
            "not refused; discuss contact frequency at the next session"
        )
        route = Route.trusted(kind=RouteKind.DISCUSS_IN_SESSION, instructions=text)
        return self._says("flag", text, route)


#: The boundary rule classes, in their order of precedence (a test keeps it so).
BOUNDARY_RULES: tuple[type[BoundaryRule], ...] = (
    NoPersonalNumbers,
    SchedulingOnlyLine,
    NoCallsDuringSessions,
    AfterHours,
    OutreachBoundary,
    FrequencyFlag,
)
