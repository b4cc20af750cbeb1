"""Contact boundaries: the rules behind ``Policy.in_bounds`` ("is this contact in-bounds?").

- :class:`NoCallsDuringSessions` — no phone calls taken during another client's session,
  except a crisis, an administrative call the clinic requires, and an urgent call the therapist
  said they were expecting.
- :class:`AfterHours` — calls are answered only during answering hours; outside them the caller
  goes to voicemail whose greeting gives the emergency path (911, 988, the on-call contact).
- :class:`OutreachBoundary` — therapist-initiated contact between sessions is discouraged,
  except crisis check-ins, pre-scheduled calls and messages on the secure platform.
- :class:`NoPersonalNumbers` — personal numbers are out of bounds; the office line and the
  secure platform are in bounds.
- :class:`SchedulingOnlyLine` — clinical talk on a scheduling-only line is out of bounds.
- :class:`FrequencyFlag` — a client contacting more than ``limit`` times within ``period`` is
  not refused but flagged to discuss in the next session.

Sessions come from explicit intervals or RFC 5545 RRULE series (:class:`SessionSchedule`).

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> weekly = SessionSeries(rrule="DTSTART:20260105T100000\\nRRULE:FREQ=WEEKLY;BYDAY=MO",
...                        duration=timedelta(minutes=50))
>>> SessionSchedule(series=[weekly]).in_session(
...     datetime(2026, 11, 23, 10, 30, tzinfo=ZoneInfo("America/New_York")), "America/New_York")
True
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, ClassVar, Literal, Protocol, runtime_checkable

from pydantic import Field, PositiveInt, field_validator

from ._model import Model, PositiveDuration, get_zone
from ._timeline import to_us, utc
from .answers import Reason, Route, RouteKind
from .calendar import BusinessCalendar, TimeRange
from .contact import Channel, Contact, Direction, Line, Topic, Urgency
from .errors import NaiveDatetimeError, PolicyValidationError

__all__ = [
    "AfterHours",
    "ContactHistory",
    "FrequencyFlag",
    "NoCallsDuringSessions",
    "NoPersonalNumbers",
    "OutreachBoundary",
    "SchedulingOnlyLine",
    "Session",
    "SessionSchedule",
    "SessionSeries",
]


# --- sessions ----------------------------------------------------------------------------------


class Session(TimeRange):
    """One session: ``[start, end)`` between two aware instants (or a ``(start, end)`` pair)."""

    _noun: ClassVar[str] = "session"


class SessionSeries(Model):
    """A recurring session: an RFC 5545 ``rrule`` (with ``DTSTART``, optionally ``TZID``,
    ``EXDATE``) as EHR calendars store it, and each session's ``duration``.

    A ``DTSTART`` without ``TZID`` is a wall time in the practice's zone, so a weekly 10:00
    session stays at 10:00 across DST changes.
    """

    rrule: str = Field(min_length=1)
    duration: PositiveDuration

    @field_validator("rrule", mode="after")
    @classmethod
    def _parses(cls, value: str) -> str:
        _parse_rrule(value)
        return value

    def occurrence_at(self, at: datetime, zone: str) -> tuple[datetime, datetime] | None:
        """The occurrence ``[start, end)`` holding ``at``, if any."""
        rule = _parse_rrule(self.rrule)
        tz = get_zone(zone)
        first = rule[0] if _first_exists(rule) else None
        if first is None:
            return None
        if first.tzinfo is None:
            local = at.astimezone(tz).replace(tzinfo=None)
            start = rule.before(local, inc=True)
            if start is None:
                return None
            aware = start.replace(tzinfo=tz)
        else:
            aware = rule.before(at, inc=True)
            if aware is None:
                return None
        end = (utc(aware) + self.duration).astimezone(tz)
        return (aware, end) if to_us(aware) <= to_us(at) < to_us(end) else None


def _first_exists(rule: Any) -> bool:
    try:
        rule[0]
    except IndexError:
        return False
    return True


_RRULE_CACHE: dict[str, Any] = {}


def _parse_rrule(text: str) -> Any:
    cached = _RRULE_CACHE.get(text)
    if cached is not None:
        return cached
    from dateutil.rrule import rrulestr

    try:
        rule = rrulestr(text.replace("\\n", "\n"), forceset=True, tzids=get_zone)
    except Exception as exc:  # dateutil raises ValueError, TypeError, ... for bad rules
        msg = (
            f"{text!r} is not an RFC 5545 recurrence: {exc}; write e.g. "
            "'DTSTART:20260105T100000\\nRRULE:FREQ=WEEKLY;BYDAY=MO'"
        )
        raise PolicyValidationError(msg) from None
    if len(_RRULE_CACHE) < 4096:
        _RRULE_CACHE[text] = rule
    return rule


class SessionSchedule(Model):
    """A therapist's sessions: explicit ``sessions`` and recurring ``series``.

    >>> from zoneinfo import ZoneInfo
    >>> tz = ZoneInfo("Europe/London")
    >>> s = SessionSchedule(sessions=[(datetime(2026, 5, 4, 9, tzinfo=tz),
    ...                                datetime(2026, 5, 4, 9, 50, tzinfo=tz))])
    >>> s.in_session(datetime(2026, 5, 4, 9, 49, tzinfo=tz), "Europe/London")
    True
    """

    sessions: tuple[Session, ...] = ()
    series: tuple[SessionSeries, ...] = ()

    def session_at(self, at: datetime, zone: str) -> tuple[datetime, datetime] | None:
        """The session holding ``at`` (half-open), if any."""
        x = to_us(at)
        for s in self.sessions:
            if to_us(s.start) <= x < to_us(s.end):
                return s.start, s.end
        for series in self.series:
            found = series.occurrence_at(at, zone)
            if found is not None:
                return found
        return None

    def in_session(self, at: datetime, zone: str) -> bool:
        """Is ``at`` inside a session?"""
        return self.session_at(at, zone) is not None

    def merged(self, other: SessionSchedule | None) -> SessionSchedule:
        """This schedule plus ``other``."""
        if other is None:
            return self
        return SessionSchedule(
            sessions=self.sessions + other.sessions, series=self.series + other.series
        )


def as_schedule(value: Any) -> SessionSchedule | None:
    """``in_bounds(sessions=...)`` accepts a schedule, or an iterable of (start, end) pairs,
    ``Session`` objects and RRULE ``SessionSeries``."""
    if value is None or isinstance(value, SessionSchedule):
        return value
    sessions: list[Any] = []
    series: list[Any] = []
    for item in value:
        (series if isinstance(item, SessionSeries) else sessions).append(item)
    return SessionSchedule(sessions=sessions, series=series)


# --- history -----------------------------------------------------------------------------------


@runtime_checkable
class ContactHistory(Protocol):
    """Anything that can count a client's earlier contacts in ``[start, end)``.

    The library stores nothing: the caller passes the client's recent contacts (a sequence of
    ``Contact`` or aware datetimes) or an object with this method (a database query, say).
    """

    def count_between(self, start: datetime, end: datetime) -> int:
        """How many contacts fall in ``[start, end)``."""
        ...


def count_recent(history: Any, start: datetime, end: datetime, rule: FrequencyFlag) -> int:
    """Contacts of ``history`` in ``[start, end)`` that ``rule`` counts."""
    if history is None:
        return 0
    if isinstance(history, ContactHistory):
        return int(history.count_between(start, end))
    count = 0
    lo, hi = to_us(start), to_us(end)
    for i, item in enumerate(history):
        if isinstance(item, Contact):
            if not rule.counts(item):
                continue
            at = item.at
        elif isinstance(item, datetime):
            if item.tzinfo is None or item.utcoffset() is None:
                name = f"history[{i}]"
                raise NaiveDatetimeError.for_argument(name, item)
            at = item
        else:
            msg = f"history[{i}]={item!r} is neither a Contact nor an aware datetime"
            raise PolicyValidationError(msg, path=f"history[{i}]")
        if lo <= to_us(at) < hi:
            count += 1
    return count


# --- the rules ---------------------------------------------------------------------------------

Effect = Literal["allow", "forbid", "flag"]


class Outcome:
    """What one boundary rule says about one contact (internal)."""

    __slots__ = ("effect", "priority", "reason", "route")

    def __init__(self, effect: Effect, reason: Reason, route: Route | None, priority: int) -> None:
        self.effect = effect
        self.reason = reason
        self.route = route
        self.priority = priority


class NoCallsDuringSessions(Model):
    """No phone calls taken during another client's session.

    Exceptions (each can be switched off): a crisis (``allow_crisis``, always on: a crisis is
    never refused help), an administrative call the clinic requires therapists to take
    (``allow_administrative``, a contact with ``topic="administrative"``), and an urgent call
    the therapist said they were expecting (``allow_expected_urgent``: ``expected=True`` and
    ``urgency="urgent"``). ``schedule`` holds standing sessions; ``in_bounds(sessions=...)``
    adds today's.
    """

    kind: Literal["no_calls_during_sessions"] = "no_calls_during_sessions"
    name: str | None = None
    channels: tuple[Channel, ...] = (Channel.CALL, Channel.VIDEO)
    allow_administrative: bool = True
    allow_expected_urgent: bool = True
    schedule: SessionSchedule = Field(default_factory=SessionSchedule)

    def evaluate(
        self, contact: Contact, zone: str, sessions: SessionSchedule | None
    ) -> Outcome | None:
        """Forbid taking ``contact`` now when it rings during a session (see the class doc)."""
        if contact.direction is not Direction.INBOUND or contact.channel not in self.channels:
            return None
        found = self.schedule.merged(sessions).session_at(contact.at, zone)
        if found is None:
            return None
        label = self.name or self.kind
        if contact.urgency is Urgency.CRISIS:
            text = "rings during a session, but a crisis is an exception: take it or route to help"
            return Outcome("allow", Reason(rule=label, text=text), None, 50)
        if self.allow_administrative and contact.topic is Topic.ADMINISTRATIVE:
            text = "rings during a session; an administrative call the clinic requires is taken"
            return Outcome("allow", Reason(rule=label, text=text), None, 50)
        if self.allow_expected_urgent and contact.expected and contact.urgency is Urgency.URGENT:
            text = "rings during a session; an urgent call the therapist was expecting is taken"
            return Outcome("allow", Reason(rule=label, text=text), None, 50)
        end = found[1].astimezone(get_zone(zone)).strftime("%H:%M")
        text = (
            f"rings during another client's session (until {end}); calls are not taken in "
            "session: let it go to voicemail and return it afterwards"
        )
        route = Route(
            kind=RouteKind.VOICEMAIL,
            instructions="The therapist is in session; leave a voicemail and your call will "
            "be returned.",
        )
        return Outcome("forbid", Reason(rule=label, text=text), route, 30)


class AfterHours(Model):
    """Calls are answered only during answering hours; outside them, voicemail.

    The voicemail greeting gives the emergency path: 911, 988 and, with
    ``route="emergency_contact"``, the policy's after-hours emergency contact (the policy must
    then carry one, or it fails validation). ``hours`` are the answering hours; without them
    the policy's ``OperatingHours`` are used.
    """

    kind: Literal["after_hours"] = "after_hours"
    name: str | None = None
    hours: BusinessCalendar | None = None
    route: Literal["voicemail", "emergency_contact"] = "voicemail"
    channels: tuple[Channel, ...] = (Channel.CALL, Channel.VIDEO)

    def evaluate(
        self, contact: Contact, calendar: BusinessCalendar, greeting: str, to: str | None
    ) -> Outcome | None:
        """Route ``contact`` to voicemail when it arrives outside ``calendar``'s open time."""
        if contact.direction is not Direction.INBOUND or contact.channel not in self.channels:
            return None
        label = self.name or self.kind
        if calendar.is_open(contact.at):
            return Outcome("allow", Reason(rule=label, text="within answering hours"), None, 50)
        opens = calendar.next_open(contact.at).strftime("%a %Y-%m-%d %H:%M %Z")
        text = f"outside answering hours (they reopen {opens}): the call goes to voicemail"
        route = Route(
            kind=RouteKind.VOICEMAIL,
            to=to if self.route == "emergency_contact" else None,
            instructions=greeting,
        )
        return Outcome("forbid", Reason(rule=label, text=text), route, 40)


class OutreachBoundary(Model):
    """Therapist-initiated contact between sessions is discouraged.

    Exceptions: a crisis check-in (``urgency="crisis"``), a pre-scheduled call
    (``scheduled=True``) and a message on the secure platform (``channel="secure_message"`` or
    ``line="secure_platform"``). ``mode="forbid"`` (default) makes other outreach out of
    bounds; ``mode="flag"`` only flags it.
    """

    kind: Literal["outreach"] = "outreach"
    name: str | None = None
    mode: Literal["forbid", "flag"] = "forbid"

    def evaluate(self, contact: Contact) -> Outcome | None:
        """Judge a therapist-initiated (outbound) contact."""
        if contact.direction is not Direction.OUTBOUND:
            return None
        label = self.name or self.kind
        if contact.urgency is Urgency.CRISIS:
            return Outcome("allow", Reason(rule=label, text="a crisis check-in"), None, 50)
        if contact.scheduled:
            return Outcome("allow", Reason(rule=label, text="a pre-scheduled call"), None, 50)
        if contact.channel is Channel.SECURE_MESSAGE or contact.line is Line.SECURE_PLATFORM:
            text = "a message on the secure platform"
            return Outcome("allow", Reason(rule=label, text=text), None, 50)
        text = (
            "therapist-initiated contact between sessions is discouraged; send it on the "
            "secure platform or raise it at the next session"
        )
        route = Route(
            kind=RouteKind.SECURE_PLATFORM,
            instructions="Use the secure messaging platform, or raise it at the next session.",
        )
        return Outcome(self.mode, Reason(rule=label, text=text), route, 60)


class NoPersonalNumbers(Model):
    """Personal phone numbers are out of bounds; the office line and secure platform are in."""

    kind: Literal["no_personal_numbers"] = "no_personal_numbers"
    name: str | None = None

    def evaluate(self, contact: Contact) -> Outcome | None:
        """Forbid contact on a personal number or address, either way."""
        if contact.line is not Line.PERSONAL:
            return None
        label = self.name or self.kind
        text = (
            "personal numbers are out of bounds; use the practice's office line or the secure "
            "messaging platform"
        )
        route = Route(
            kind=RouteKind.OFFICE_LINE,
            instructions="Contact the practice on its office line or the secure platform.",
        )
        return Outcome("forbid", Reason(rule=label, text=text), route, 10)


class SchedulingOnlyLine(Model):
    """A scheduling-only line is not for clinical talk.

    Contacts on one of ``lines`` (the scheduling line by default) whose topic is one of
    ``forbidden_topics`` (clinical by default) are out of bounds; an unknown topic is not
    judged.
    """

    kind: Literal["scheduling_only_line"] = "scheduling_only_line"
    name: str | None = None
    lines: tuple[Line, ...] = (Line.SCHEDULING,)
    forbidden_topics: tuple[Topic, ...] = (Topic.CLINICAL,)

    def evaluate(self, contact: Contact) -> Outcome | None:
        """Forbid clinical talk on a scheduling-only line."""
        if contact.line not in self.lines:
            return None
        label = self.name or self.kind
        if contact.topic is None or contact.topic not in self.forbidden_topics:
            return Outcome("allow", Reason(rule=label, text="scheduling business"), None, 50)
        text = (
            f"the {contact.line.value} line is for scheduling only; {contact.topic.value} "
            "questions belong on the office line or in session"
        )
        route = Route(
            kind=RouteKind.OFFICE_LINE,
            instructions="This line is for scheduling only. For anything else, call the "
            "office line or raise it at your next session.",
        )
        return Outcome("forbid", Reason(rule=label, text=text), route, 20)


class FrequencyFlag(Model):
    """A client contacting very often is not refused but flagged: discuss in the next session.

    More than ``limit`` contacts (this one included) within the rolling ``period`` before it
    raises the flag. ``channels`` and ``direction`` choose what counts (inbound contacts on any
    channel by default). History comes from ``in_bounds(history=...)``.
    """

    kind: Literal["frequency"] = "frequency"
    name: str | None = None
    limit: PositiveInt
    period: PositiveDuration
    channels: tuple[Channel, ...] = tuple(Channel)
    direction: Direction = Direction.INBOUND

    def counts(self, contact: Contact) -> bool:
        """Does ``contact`` count towards the limit?"""
        return contact.direction is self.direction and contact.channel in self.channels

    def evaluate(self, contact: Contact, history: Any) -> Outcome | None:
        """Flag ``contact`` when it is over the limit (never forbids)."""
        if not self.counts(contact):
            return None
        start = utc(contact.at) - self.period
        recent = count_recent(history, start, contact.at, self) + 1
        if recent <= self.limit:
            return None
        label = self.name or self.kind
        text = (
            f"{recent} contacts within {_period_words(self.period)} (limit {self.limit}): "
            "not refused; discuss contact frequency at the next session"
        )
        route = Route(kind=RouteKind.DISCUSS_IN_SESSION, instructions=text)
        return Outcome("flag", Reason(rule=label, text=text), route, 90)


def _period_words(value: timedelta) -> str:
    if value % timedelta(days=7) == timedelta(0):
        weeks = value // timedelta(days=7)
        return "7 days" if weeks == 1 else f"{weeks} weeks"
    if value % timedelta(days=1) == timedelta(0):
        return f"{value.days} days"
    return f"{value.total_seconds() / 3600:g} hours"


BOUNDARY_RULES = (
    NoCallsDuringSessions,
    AfterHours,
    OutreachBoundary,
    NoPersonalNumbers,
    SchedulingOnlyLine,
    FrequencyFlag,
)


def boundary_kinds() -> Iterable[str]:
    """The ``kind`` tags of the boundary rules."""
    return (cls.model_fields["kind"].default for cls in BOUNDARY_RULES)
