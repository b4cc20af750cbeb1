"""``Policy``: rules composed into answers, and the emergency path.

``Policy.return_by(contact)`` answers "when must this contact be returned?" as an
:class:`~contact_policy.Obligation` (the composition rule is in :mod:`contact_policy._plan`
and docs/semantics.md §10–15); ``Policy.in_bounds(contact, ...)`` answers "is this contact
in-bounds?" as a :class:`~contact_policy.Verdict` (§16–19). Rule order never matters.

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> from contact_policy import Contact, OperatingHours, Turnaround
>>> policy = Policy(zone="America/New_York", holidays=["US"], rules=[
...     Turnaround.business_hours(2), OperatingHours(hours={"mon-fri": ["09:00-17:00"]})])
>>> policy.return_by(Contact(datetime(2026, 11, 25, 16, tzinfo=ZoneInfo("America/New_York")),
...                          voicemail=True)).due.isoformat()   # Thanksgiving is closed
'2026-11-27T10:00:00-05:00'

Imports the rules, the boundaries, the answers and the compiled plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Literal, Self, Union, overload

from pydantic import Field, model_validator

from ._holidays import HolidayCodes
from ._model import (
    UNION_TAGS,
    Flag,
    Model,
    Number,
    Text,
    ZoneName,
    at_most,
    get_zone,
    items_of,
)
from ._plan import Plan, as_contact
from .answers import Obligation, Reason, Route, RouteKind, Verdict, _filled
from .boundaries import BOUNDARY_RULES, Context, _history
from .calendar import BusinessCalendar
from .contact import Contact, Direction
from .errors import PolicyValidationError, shown
from .limits import MAX_RULES
from .rules import CALL_RETURN_RULES, OperatingHours, RuleBase
from .sessions import SessionSchedule, as_schedule

__all__ = [
    "DEFAULT_EMERGENCY_INSTRUCTIONS",
    "RULE_CLASSES",
    "EmergencyContact",
    "EmergencyPath",
    "Policy",
    "Rule",
]

#: Every rule class a policy can hold; ``kind`` tells them apart in files.
RULE_CLASSES: tuple[type[RuleBase], ...] = (*CALL_RETURN_RULES, *BOUNDARY_RULES)

if TYPE_CHECKING:
    from .analysis import Finding
    from .ledger import Event, Outcome

    Rule = RuleBase
else:
    #: One rule of a policy: any of :data:`RULE_CLASSES`, chosen by its ``kind``.
    Rule = Annotated[Union[RULE_CLASSES], Field(discriminator="kind")]  # noqa: UP007

UNION_TAGS.update(cls.model_fields["kind"].default for cls in RULE_CLASSES)

#: What a person in crisis is told when the policy says nothing else.
DEFAULT_EMERGENCY_INSTRUCTIONS = (
    "If this is an emergency, hang up and dial 911 or go to the nearest emergency room. "
    "For a mental-health crisis, call or text 988 (Suicide & Crisis Lifeline)."
)


class EmergencyContact(Model):
    """Someone to reach in an emergency: a ``label`` and a ``number`` (or address)."""

    label: Text = Field(
        min_length=1,
        description="Who this is, as a person in crisis is told it",
        examples=["After-hours on-call clinician"],
    )
    number: Text = Field(
        min_length=1,
        description="How to reach them: a phone number or an address",
        examples=["+1-555-010-0199"],
    )

    def __str__(self) -> str:
        return f"{self.label}: {self.number}"


class EmergencyPath(Model):
    """What a person in crisis is told, and whom they can reach. ``instructions`` default to
    911 and 988 (:data:`DEFAULT_EMERGENCY_INSTRUCTIONS`).

    >>> path = EmergencyPath(contacts=[EmergencyContact(label="On-call", number="555-0100")])
    >>> "988" in path.instructions, path.route().to
    (True, 'On-call: 555-0100')
    """

    instructions: Text = Field(
        default=DEFAULT_EMERGENCY_INSTRUCTIONS,
        min_length=1,
        description="What a person in crisis is told (911 and 988 when left out)",
        examples=[DEFAULT_EMERGENCY_INSTRUCTIONS],
    )
    contacts: Annotated[tuple[EmergencyContact, ...], at_most(MAX_RULES, "emergency contacts")] = (
        Field(
            default=(),
            description="Whom a person in crisis can reach, the first one first",
            examples=[[{"label": "After-hours on-call clinician", "number": "+1-555-010-0199"}]],
        )
    )

    def route(self) -> Route:
        """The emergency route: its first contact (if any) and the full instructions."""
        to = str(self.contacts[0]) if self.contacts else None
        text = self.instructions
        if self.contacts:
            text += " " + "; ".join(str(c) for c in self.contacts) + "."
        return Route(kind=RouteKind.EMERGENCY, to=to, instructions=text)


@cache
def _default_emergency() -> EmergencyPath:
    """The emergency path of a policy that gives none (built on first use, so importing the
    library builds no validator)."""
    return EmergencyPath()


class Policy(Model):
    """A practice's contact policy: rules composed into answers (see the module docstring).

    ``zone`` is the practice's IANA zone (answers are expressed in it); ``holidays`` the
    holiday calendars of the policy: a turnaround's ``skip=("holidays",)``, and operating
    hours, answering hours and callback windows that name none of their own; ``emergency``
    what a person in crisis is told (911 and 988 when not given). ``return_must_reach`` says
    what counts as returning a call when it is followed through a log (:meth:`track`): an
    attempt made at a permitted time (False, the default), or only a return that reached the
    client (True).

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

    name: Text = Field(
        default="", description="The policy's name, as answers show it", examples=["Solo practice"]
    )
    zone: ZoneName = Field(
        description="The practice's IANA time zone: deadlines and reasons are written in it",
        examples=["America/New_York", "Europe/London"],
    )
    holidays: HolidayCodes = Field(
        default=(),
        description="Holiday calendars of the holidays package (a country, or a country and "
        "subdivision), which the rules skip or close on unless they name their own",
        examples=[["US"], ["US-NY"], ["GB-SCT"]],
    )
    rules: Annotated[tuple[Rule, ...], at_most(MAX_RULES, "a policy's rules")] = Field(
        default=(),
        description="The rules, each a table with its kind; their order does not matter",
        examples=[
            [
                {"kind": "turnaround", "within": "PT24H", "skip": ["sat", "sun", "holidays"]},
                {"kind": "voicemail_gate"},
            ]
        ],
    )
    emergency: EmergencyPath | None = Field(
        default=None,
        description="What a person in crisis is told and whom they can reach (911 and 988 "
        "when left out)",
        examples=[{"contacts": [{"label": "On-call clinician", "number": "+1-555-010-0199"}]}],
    )
    due_soon_at: Number = Field(
        default=0.75,
        gt=0,
        le=1,
        description="The fraction of the allowed time after which an open obligation is due soon",
        examples=[0.75],
    )
    return_must_reach: Flag = Field(
        default=False,
        description="Whether only a return that reached the client counts (else an attempt at "
        "a permitted time does), when a call log is followed",
        examples=[False],
    )

    @model_validator(mode="after")
    def _rules_fit(self) -> Self:
        # Each rule says what does not fit it in this policy (RuleBase.problems_in); every
        # problem is collected, not only the first (contact-policy validate lists them).
        problems: list[tuple[str, str]] = []
        for i, rule in enumerate(self.rules):
            problems += rule.problems_in(self, i)
        if problems:
            raise PolicyValidationError.from_problems(problems)
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

    def rules_of(self, kind: type[Any] | tuple[type[Any], ...]) -> tuple[Any, ...]:
        """The rules of one class (or of several), in a canonical order (so rule order never
        matters)."""
        cache = self._cached()
        found = cache.get(kind)
        if found is None:
            classes = kind if isinstance(kind, tuple) else (kind,)
            if not all(isinstance(c, type) for c in classes):
                msg = f"kind={shown(kind)} is not a rule class; pass e.g. Turnaround"
                raise PolicyValidationError(msg, path="kind")
            matching = [r for r in self.rules if isinstance(r, kind)]
            if len(matching) > 1:
                matching.sort(key=lambda r: r.model_dump_json())
            found = tuple(matching)
            cache[kind] = found
        return found

    @property
    def operating_hours(self) -> OperatingHours | None:
        """The policy's operating hours rule, if it has one."""
        found = self.rules_of(OperatingHours)
        return found[0] if found else None

    @property
    def operating_calendar(self) -> BusinessCalendar | None:
        """The operating hours as a calendar, in the policy's zone and with its holidays
        where the rule leaves them out (None without operating hours)."""
        oh = self.operating_hours
        return None if oh is None else oh.calendar_in(self.zone, self.holidays)

    @property
    def emergency_path(self) -> EmergencyPath:
        """The emergency path (911 and 988 when the policy gives none)."""
        return self.emergency or _default_emergency()

    def describe(self, format: str = "text") -> str:
        """The policy in plain words for clients (an informed-consent document): one sentence
        per rule with its numbers, days and times, holidays named by calendar, then the
        emergency path; ``format="markdown"`` gives a bullet per rule.

        >>> from contact_policy import default_policy
        >>> print(default_policy().describe().splitlines()[0][:80])
        If I miss your call, I will return it within 24 hours, not counting weekends and
        """
        from ._describe import describe_policy

        return describe_policy(self, format)

    def voicemail_greeting(self, name: str | None = None) -> str:
        """The voicemail greeting: who was reached (``name``, else "the practice"), whether to
        leave a voicemail (a voicemail gate), when calls are returned, and the emergency path.

        >>> from contact_policy import default_policy
        >>> "988" in default_policy().voicemail_greeting(name="Dr. Rivera")
        True
        """
        from ._describe import greeting

        return greeting(self, name)

    # --- analysis ---------------------------------------------------------------------------

    def check(
        self,
        start: date | None = None,
        *,
        client_zones: Iterable[str] = (),
        client_hours: tuple[time, time] | None = None,
        horizon: timedelta | None = None,
    ) -> tuple[Finding, ...]:
        """Findings about the policy, without raising, most important first: unreachable
        deadlines (errors, each with a contact whose ``return_by`` conflicts), urgency tiers
        that shadow each other, callback windows outside operating hours, rules that never
        apply, holidays that are not the zone's, returns at unreasonable hours for clients in
        ``client_zones`` (outside ``client_hours``, 07:00 to 21:00 their time by default),
        and a single short window a day. Time-based findings are over the reference week,
        the first Monday to Sunday from ``start`` (2026-01-05 when not given), and the dated
        days (holidays, closed and special days, closures, DST changes) of the ``horizon``
        from that Monday (a year when not given). See docs/analysis.md.

        >>> from contact_policy import default_policy
        >>> [f.severity.value for f in default_policy().check()]
        []
        """
        from ._check import DEFAULT_CLIENT_HOURS, DEFAULT_HORIZON, DEFAULT_START, check_policy

        return check_policy(
            self,
            DEFAULT_START if start is None else start,
            client_zones=client_zones,
            client_hours=DEFAULT_CLIENT_HOURS if client_hours is None else client_hours,
            horizon=DEFAULT_HORIZON if horizon is None else horizon,
        )

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
        a flag never forbids; reasons follow the rules' precedence (docs/semantics.md §16).
        """
        if not isinstance(contact, Contact):
            contact = as_contact(contact)
        return self.in_bounds_many([contact], sessions=sessions, history=history)[0]

    def in_bounds_many(
        self,
        contacts: Iterable[Contact],
        *,
        sessions: SessionSchedule | Iterable[Any] | None = None,
        history: Any = None,
    ) -> list[Verdict]:
        """``[in_bounds(c, sessions=sessions, history=history) for c in contacts]``, faster:
        the arguments are checked and the sessions compiled once for the whole batch (an
        iterator given as ``sessions`` or ``history`` is read once and applies to every
        contact). A contact that is not one (nor an aware datetime or a mapping of a
        Contact's fields) is named by its place, ``contacts[i]``; ``sessions`` and
        ``history`` are checked even when there are no contacts.

        >>> from contact_policy import default_policy, SessionSeries
        >>> from datetime import timedelta
        >>> from zoneinfo import ZoneInfo
        >>> tz = ZoneInfo("America/New_York")
        >>> weekly = SessionSeries(rrule="DTSTART:20260105T100000\\nRRULE:FREQ=WEEKLY;BYDAY=MO",
        ...                        duration=timedelta(minutes=50))
        >>> calls = [Contact(datetime(2026, 11, 23, h, 20, tzinfo=tz)) for h in (10, 11, 18)]
        >>> [(v.allowed, v.route.kind.value)
        ...  for v in default_policy().in_bounds_many(calls, sessions=[weekly])]
        [(False, 'voicemail'), (True, 'answer'), (False, 'voicemail')]
        """
        items = items_of(contacts, "contacts")
        for i, c in enumerate(items):
            if type(c) is not Contact:
                items[i] = as_contact(c, f"contacts[{i}]")
        schedule = as_schedule(sessions)
        if not items:
            _history(history)
            return []
        ctx = self._context(items[0], schedule, history)
        rules = self.rules_of(BOUNDARY_RULES)
        judge = ctx.judge
        outbound = Direction.OUTBOUND
        take = go = nothing = crisis = None
        out: list[Verdict] = []
        for contact in items:
            judge(contact)
            outcomes = [o for rule in rules if (o := rule.evaluate(ctx)) is not None]
            if len(outcomes) > 1:
                outcomes.sort(key=lambda o: (o.precedence, o.reason.rule, o.reason.text))
            forbids = [o for o in outcomes if o.effect == "forbid"]
            reasons = [o.reason for o in outcomes if o.effect != "flag"]
            flags = tuple(o.reason for o in outcomes if o.effect == "flag")
            # The same route and reasons as in_bounds, each built once per batch.
            if ctx.crisis:
                if crisis is None:
                    help_route = self.emergency_path.route()
                    text = "a crisis always gets a route to help: " + help_route.instructions
                    crisis = (help_route, Reason.trusted(rule="crisis", text=text))
                route = crisis[0]
                reasons.insert(0, crisis[1])
            elif forbids and forbids[0].route is not None:
                route = forbids[0].route
            elif contact.direction is outbound:
                go = go or Route(kind=RouteKind.ANSWER, instructions="in bounds: go ahead")
                route = go
            else:
                take = take or Route(kind=RouteKind.ANSWER, instructions="in bounds: take it")
                route = take
            if not reasons:
                nothing = nothing or Reason.trusted(
                    rule="policy", text="no boundary rule objects to this contact"
                )
                reasons.append(nothing)
            values = {
                "allowed": not forbids,
                "route": route,
                "reasons": tuple(reasons),
                "flags": flags,
            }
            out.append(_filled(Verdict, values, {"allowed", "route", "reasons", "flags"}))
        return out

    def _context(
        self, contact: Contact, sessions: SessionSchedule | None, history: Any
    ) -> Context:
        cache = self._cached()
        fixed = cache.get("boundary context")
        if fixed is None:
            contacts = self.emergency_path.contacts
            fixed = cache["boundary context"] = (
                self.operating_calendar,
                self.voicemail_greeting(),
                str(contacts[0]) if contacts else None,
            )
        operating, greeting, emergency_to = fixed
        return Context(
            contact,
            zone=self.zone,
            holidays=self.holidays,
            sessions=sessions,
            history=history,
            operating=operating,
            greeting=greeting,
            emergency_to=emergency_to,
        )

    # --- when must this be returned? --------------------------------------------------------

    @overload
    def return_by_many(
        self,
        contacts: Iterable[Contact] | None = None,
        *,
        due_only: Literal[False] = False,
        at: Any = None,
        **columns: Any,
    ) -> list[Obligation]: ...

    @overload
    def return_by_many(
        self,
        contacts: Iterable[Contact] | None = None,
        *,
        due_only: Literal[True],
        at: Any = None,
        **columns: Any,
    ) -> list[datetime | None]: ...

    def return_by_many(
        self,
        contacts: Iterable[Contact] | None = None,
        *,
        due_only: bool = False,
        at: Any = None,
        **columns: Any,
    ) -> list[Obligation] | list[datetime | None]:
        """``[return_by(c) for c in contacts]`` for a call queue; with ``due_only=True`` just
        the due times (``None`` where no return is owed), faster because no reasons are
        written.

        The contacts may come as columns instead: ``at=`` receipt times and, optionally,
        ``urgency=``, ``voicemail=``, ``channel=``, ``direction=``, ``client_zone=``, as
        :meth:`due_many` takes them (which is the fast way to the due times alone).

        >>> from contact_policy import default_policy
        >>> from zoneinfo import ZoneInfo
        >>> tz = ZoneInfo("America/New_York")
        >>> at = datetime(2026, 11, 20, 15, tzinfo=tz)
        >>> calls = [Contact(at, voicemail=True), Contact(at, voicemail=False)]
        >>> [d and d.isoformat() for d in default_policy().return_by_many(calls, due_only=True)]
        ['2026-11-23T15:00:00-05:00', None]
        >>> [o.required for o in default_policy().return_by_many(at=[at, at],
        ...                                                      voicemail=[True, None])]
        [True, False]
        """
        if not isinstance(due_only, bool):
            msg = f"due_only={shown(due_only)} is not True or False"
            raise PolicyValidationError(msg, path="due_only")
        plan = self._plan()
        if at is not None or columns:
            if contacts is not None:
                msg = "pass contacts, or columns (at=, urgency=, ...), not both"
                raise PolicyValidationError(msg, path="contacts")
            cols = self._columns(at, columns)
            rows = [cols.contact(i) for i in range(cols.n)]
            if due_only:
                return [plan.due(c) for c in rows]
            return [plan.obligation(c) for c in rows]
        items = items_of(contacts, "contacts")
        for i, c in enumerate(items):
            if type(c) is not Contact:
                items[i] = as_contact(c, f"contacts[{i}]")
        if due_only:
            due = plan.due
            return [due(c) for c in items]
        obligation = plan.obligation
        return [obligation(c) for c in items]

    def due_many(self, at: Any, **columns: Any) -> Any:
        """The due times of contacts given as columns, computed vectorised with numpy (which
        this needs: ``pip install contact-policy[numpy]``): a ``datetime64[us]`` array of UTC
        instants, ``NaT`` where no return is owed or no deadline applies. Row by row it equals
        ``return_by(Contact(at[i], urgency=urgency[i], ...)).due``.

        ``at`` is a numpy ``datetime64`` array (UTC instants), a pandas Series or
        DatetimeIndex of aware timestamps, or a list of aware datetimes. The other columns,
        ``urgency``, ``voicemail``, ``channel``, ``direction`` and ``client_zone``, are
        optional: lists, numpy arrays or pandas Series of any dtype (object,
        ``string[pyarrow]``, categorical, boolean). A missing value (None, NaN, ``pd.NA``,
        ``NaT``) takes the field's default, as an omitted field of a Contact does. A bad value
        is an error naming its place: ``urgency[17]``. See docs/performance.md.

        >>> import numpy as np
        >>> from contact_policy import default_policy
        >>> at = np.array(["2026-11-20T20:00", "2026-11-20T20:00"], dtype="datetime64[us]")
        >>> [str(d) for d in default_policy().due_many(at, voicemail=[True, None])]
        ['2026-11-23T20:00:00.000000', 'NaT']
        """
        from ._columnar import answer

        cols = self._columns(at, columns)
        return answer(self._plan(), cols, earliest=False).due.view("datetime64[us]")

    def _columns(self, at: Any, columns: dict[str, Any]) -> Any:
        """Columns of contacts read and checked (see :meth:`due_many`)."""
        from ._columnar import instants_us, read_columns

        if at is None:
            msg = "pass at= the receipt times of the contacts (a column of aware times)"
            raise PolicyValidationError(msg, path="at")
        return read_columns(instants_us(at), columns)

    def return_by(self, contact: Contact) -> Obligation:
        """When must ``contact`` be returned? See docs/semantics.md §10–15 for the rule."""
        return self._plan().obligation(contact)

    # --- the life of each obligation ----------------------------------------------------------

    def track(
        self, events: Iterable[Event], *, now: datetime | None = None
    ) -> tuple[Outcome, ...]:
        """Every obligation of a call log's ``events`` (in time order: contacts, returns,
        call-after requests, re-ratings), each with its outcome, in order of receipt; ``now``
        closes the books (default: the last event's time). See :mod:`contact_policy.ledger`
        and docs/tracking.md for the rules."""
        from .ledger import track  # (not loaded by a process that only asks return_by)

        return track(self, events, now=now)

    def _plan(self) -> Plan:
        """The policy compiled for ``return_by`` (built once, kept with the derived caches).

        Equal policies share one compiled plan within a process (:data:`_PLANS`), so a copy,
        say one unpickled by a Dask or Spark worker for each partition, starts warm."""
        try:
            return self._derived["plan"]  # type: ignore[attr-defined,no-any-return]
        except (AttributeError, KeyError):
            # Keyed by the policy itself (frozen models hash and compare by value): its JSON
            # would say the same, but writing it builds the whole policy layer's serializer,
            # which a fresh process's first answer should not pay for.
            plan = _PLANS.pop(self, None) or Plan(self)
            _PLANS[self] = plan  # the most recently used last
            while len(_PLANS) > _MAX_PLANS:
                del _PLANS[next(iter(_PLANS))]
            self._cached()["plan"] = plan
            return plan


#: Compiled plans of the policies used last in this process, by policy (an equal policy finds
#: the plan of another), the least recently used first; at most _MAX_PLANS.
_PLANS: dict[Policy, Plan] = {}
_MAX_PLANS = 16
