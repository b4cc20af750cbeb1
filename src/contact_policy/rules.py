"""Call-return rules: ``Turnaround``, ``OperatingHours``, ``CallbackWindow``, ``VoicemailGate``.

Each rule is a small immutable value; a :class:`~contact_policy.Policy` composes them
(docs/semantics.md, "Composing call-return rules"). In policy files each rule is a table with
a ``kind`` field (``"turnaround"``, ``"operating_hours"``, ``"callback_window"``,
``"voicemail_gate"``). Hours inside a policy take the policy's zone and holidays unless they
say otherwise.

>>> from datetime import timedelta
>>> Turnaround(within=timedelta(hours=24), skip=("sat", "sun", "holidays"))
Turnaround(within=datetime.timedelta(days=1), skip=('sat', 'sun', 'holidays'))
>>> Turnaround.business_days(2)
Turnaround(clock='business_days', days=2)

Imports the engine (:mod:`~contact_policy.calendar`, :mod:`~contact_policy.hours`), contacts
and wording; nothing of the policy layer.

One file: the call-return rules share their field types and validators (clocks, skipped days,
stated hours); each rule is one class here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache
from typing import Annotated, Any, ClassVar, Literal, Self

from pydantic import Field, field_validator, model_validator

from ._holidays import HolidayCodes, is_holiday
from ._model import Count, Flag, Model, PositiveDuration, Text, ZoneName, as_tuple
from .calendar import BusinessCalendar
from .contact import Channel, Contact, Urgency
from .errors import ContactPolicyError, LimitExceededError, PolicyValidationError, shown
from .hours import (
    DAYS,
    ClosedDates,
    Closures,
    Span,
    SpecialHoursList,
    WeeklyHours,
    check_closed_vs_special,
    parse_days,
)
from .limits import MAX_BUSINESS_DAYS, MAX_TURNAROUND
from .wording import (
    channel_words,
    duration_words,
    iso_duration,
    joined,
    letter_date,
    letter_when,
    skip_words,
    week_words,
)

__all__ = [
    "CALL_RETURN_RULES",
    "DEFAULT_SKIP",
    "CallbackWindow",
    "Clock",
    "OperatingHours",
    "RuleBase",
    "SkipDay",
    "StatedHours",
    "Turnaround",
    "VoicemailGate",
    "kind_field",
    "name_field",
]

#: The turnaround clocks, named like the factories that build them.
Clock = Literal["hours", "business_hours", "business_days"]
#: Older names of the clocks, still accepted on input.
CLOCK_ALIASES = {"calendar": "hours", "business": "business_hours"}
SkipDay = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun", "holidays"]
#: The days a business-days clock skips when it has no operating hours to count.
DEFAULT_SKIP: tuple[SkipDay, ...] = ("sat", "sun", "holidays")
_NOT_CRISIS = (Urgency.ROUTINE, Urgency.URGENT)


def _sorted_unique(values: Iterable[Any], order: Iterable[Any]) -> tuple[Any, ...]:
    rank = {v: i for i, v in enumerate(order)}
    return tuple(sorted(set(values), key=lambda v: rank[v]))


def _skip_days(value: Any) -> Any:
    """``skip`` entries are ``"holidays"`` or days, ranges or lists of days (``"sat-sun"``)."""
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, Iterable):
        return value
    out: list[Any] = []
    for i, item in enumerate(value):
        if isinstance(item, str) and item.strip().lower() != "holidays":
            try:
                out.extend(parse_days(item))
            except PolicyValidationError as exc:
                raise PolicyValidationError(exc.detail, path=f"[{i}]") from None
        else:
            out.append(item.strip().lower() if isinstance(item, str) else item)
    return out


def kind_field(kind: str) -> Any:
    """The ``kind`` field of a rule class (its tag in files, where it is required)."""
    return Field(
        default=kind,
        description="Which rule this is; it decides the rule's other fields (required in files)",
        examples=[kind],
    )


def name_field(example: str) -> Any:
    """The optional ``name`` field of a rule class."""
    return Field(
        default=None,
        description="A name for the rule: answers name it so, instead of by its kind",
        examples=[example],
    )


#: How a file gives holidays on a rule that may inherit the policy's (one description).
RULE_HOLIDAYS = (
    "Holiday calendars closed on; the policy's when left out, [] to stay open on holidays"
)


class RuleBase(Model):
    """The base of every rule class: ``label`` is how answers name a rule (its ``name`` when
    it has one, else its ``kind``)."""

    @property
    def label(self) -> str:
        """The rule's ``name``, else its ``kind``."""
        name: str | None = getattr(self, "name", None)
        kind: str = getattr(self, "kind", type(self).__name__)
        return name or kind

    #: How a notice letter (``PolicyHistory.changes()``) words this kind of rule: the
    #: ``subject`` its :meth:`describe` words complete ("calls are returned"; empty when they
    #: are a whole clause), and the sentence when a new version drops the rule. Each rule
    #: class says its own, so a new rule kind needs no change elsewhere.
    notice_subject: ClassVar[str] = ""
    notice_removed: ClassVar[str] = ""

    def describe(self) -> str:
        """The rule in plain words for clients (each rule class says its own; a notice letter
        built by ``PolicyHistory.changes()`` quotes them)."""
        raise NotImplementedError  # pragma: no cover - every rule class implements it

    def problems_in(self, policy: Any, index: int) -> list[tuple[str, str]]:
        """What does not fit this rule in ``policy``, whose ``rules[index]`` it is, as pairs of
        field path and message (``Policy`` validation collects every rule's; none by
        default). A rule that depends on the rest of the policy (its zone, its other rules,
        its emergency contacts) says so here, not in ``Policy``."""
        return []


class Turnaround(RuleBase):
    """How long the practice has to return a contact, measured on one of three clocks.

    - ``clock="hours"`` (default; :meth:`hours`): ``within`` of real time, with the clock paused
      on the ``skip`` days (weekdays by name, and ``"holidays"`` for the policy's holiday
      calendar), counted as whole days in the practice's zone: "within 24 hours, not counting
      weekends and holidays".
    - ``clock="business_hours"`` (:meth:`business_hours`): ``within`` of open time of the
      policy's ``OperatingHours``.
    - ``clock="business_days"`` (:meth:`business_days`): by the close of the ``days``-th
      business day after the day the contact arrived (business days: days the operating hours
      open, or, when the policy has none, days not skipped: weekends and holidays by default).

    (``"calendar"`` and ``"business"`` are accepted as older names of the first two.)

    ``urgency`` lists the urgencies it is the target for (routine and urgent by default). Each
    urgency has at most one turnaround in a policy; a crisis has none: it is routed to the
    emergency path at once.
    """

    kind: Literal["turnaround"] = kind_field("turnaround")
    name: Text | None = name_field("Return calls")
    clock: Clock = Field(
        default="hours",
        description="How time is counted: real time ('hours'), open time of the operating "
        "hours ('business_hours'), or whole business days ('business_days')",
        examples=["hours", "business_days"],
    )
    within: PositiveDuration | None = Field(
        default=None,
        description="The time allowed (ISO 8601 such as PT24H, or seconds), for the clocks "
        "'hours' and 'business_hours'; at most 366 days",
        examples=["PT24H", "PT4H"],
    )
    days: Annotated[Count, Field(gt=0)] | None = Field(
        default=None,
        description="Business days allowed, for the clock 'business_days': due by the close of "
        "the n-th business day after the contact",
        examples=[2],
    )
    skip: tuple[SkipDay, ...] = Field(
        default=(),
        description="Days the clock does not run on (clock 'hours'; the business days of "
        "'business_days' without operating hours): weekdays, ranges such as 'sat-sun', and "
        "'holidays' for the policy's holidays",
        examples=[["sat", "sun", "holidays"]],
    )
    urgency: tuple[Urgency, ...] = Field(
        default=_NOT_CRISIS,
        description="The urgencies this is the target for (routine and urgent when left out; "
        "a crisis has none)",
        examples=[["routine"], ["urgent"]],
    )

    def problems_in(self, policy: Any, index: int) -> list[tuple[str, str]]:
        """A clock that needs operating hours the policy lacks, a ``skip`` the operating
        hours would make void, and an urgency an earlier turnaround already sets."""
        problems = super().problems_in(policy, index)
        where = f"rules[{index}]"
        operating = any(isinstance(r, OperatingHours) for r in policy.rules)
        if self.clock == "business_hours" and not operating:
            msg = (
                "clock='business_hours' counts operating hours, but the policy has no "
                "OperatingHours rule; add one or use clock='hours'"
            )
            problems.append((f"{where}.clock", msg))
        elif self.clock == "business_days" and operating and self.skip:
            msg = (
                "with operating hours, business days are the days the practice opens, so "
                "'skip' would be ignored; remove it, or close those days in the operating hours"
            )
            problems.append((f"{where}.skip", msg))
        for urgency in self.urgency:
            first = next(
                (
                    j
                    for j, r in enumerate(policy.rules[:index])
                    if isinstance(r, Turnaround) and urgency in r.urgency
                ),
                None,
            )
            if first is not None:
                earlier: Turnaround = policy.rules[first]
                msg = (
                    f"{urgency.value!r} already has a turnaround (rules[{first}]: "
                    f"{earlier.describe()}); each urgency gets exactly one target, so one of the "
                    "two would never apply. List the urgencies each turnaround is for, e.g. "
                    f"urgency = ['routine'] on rules[{first}]"
                )
                problems.append((f"{where}.urgency", msg))
                break
        return problems

    @field_validator("clock", mode="before")
    @classmethod
    def _clock_alias(cls, value: Any) -> Any:
        return CLOCK_ALIASES.get(value, value) if isinstance(value, str) else value

    @field_validator("skip", mode="before")
    @classmethod
    def _skip_ranges(cls, value: Any) -> Any:
        return _skip_days(value)

    @field_validator("skip", mode="after")
    @classmethod
    def _order_skip(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _sorted_unique(value, (*DAYS, "holidays"))

    @field_validator("urgency", mode="after")
    @classmethod
    def _order_urgency(cls, value: tuple[Urgency, ...]) -> tuple[Urgency, ...]:
        if not value:
            msg = "lists no urgency; give 'routine', 'urgent' or both"
            raise PolicyValidationError(msg)
        if Urgency.CRISIS in value:
            msg = (
                "a crisis has no turnaround: it is routed to the emergency path at once; "
                "remove 'crisis' from urgency"
            )
            raise PolicyValidationError(msg)
        return _sorted_unique(value, Urgency)

    @field_validator("within", mode="after")
    @classmethod
    def _within_limit(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and value > MAX_TURNAROUND:
            raise LimitExceededError.over("a turnaround", "366 days", str(value))
        if value is not None and value < timedelta(seconds=1):
            msg = (
                f"{iso_duration(value)} is under a second; a turnaround is at least one "
                "second, e.g. 'PT1S' (most are hours: 'PT24H')"
            )
            raise PolicyValidationError(msg)
        return value

    @field_validator("days", mode="after")
    @classmethod
    def _days_limit(cls, value: int | None) -> int | None:
        if value is not None and value > MAX_BUSINESS_DAYS:
            what = "a business-days turnaround"
            raise LimitExceededError.over(what, f"{MAX_BUSINESS_DAYS} days", f"{value:,}")
        return value

    @model_validator(mode="after")
    def _fields_fit_clock(self) -> Self:
        if self.clock == "business_days":
            if self.days is None or self.within is not None:
                msg = (
                    "clock='business_days' counts whole days: give days=N (e.g. days=2) "
                    "and no 'within'"
                )
                raise PolicyValidationError(msg)
        else:
            if self.within is None or self.days is not None:
                msg = (
                    f"clock={self.clock!r} counts time: give within=<duration> (e.g. 'PT24H') "
                    "and no 'days'"
                )
                raise PolicyValidationError(msg)
            if self.clock == "business_hours" and self.skip:
                msg = (
                    "clock='business_hours' already stops outside operating hours; "
                    "'skip' applies only to clock='hours' (close those days in the operating "
                    "hours instead)"
                )
                raise PolicyValidationError(msg, path="skip")
        if len([d for d in self.skip if d != "holidays"]) == len(DAYS):
            msg = "skips every day of the week, so the clock would never run"
            raise PolicyValidationError(msg, path="skip")
        return self

    @classmethod
    def hours(
        cls,
        hours: float,
        *,
        skip: Iterable[SkipDay | str] = (),
        urgency: Iterable[Urgency | str] = _NOT_CRISIS,
    ) -> Turnaround:
        """``hours`` of real time, paused on ``skip`` days (``clock="hours"``).

        >>> Turnaround.hours(24, skip=("sat-sun", "holidays")).skip
        ('sat', 'sun', 'holidays')
        """
        return cls(within=_hours(hours), skip=as_tuple(skip), urgency=as_tuple(urgency))

    @classmethod
    def business_hours(
        cls, hours: float, *, urgency: Iterable[Urgency | str] = _NOT_CRISIS
    ) -> Turnaround:
        """``hours`` of open time (``clock="business_hours"``; needs ``OperatingHours``)."""
        return cls(clock="business_hours", within=_hours(hours), urgency=as_tuple(urgency))

    @classmethod
    def business_days(
        cls,
        days: int,
        *,
        skip: Iterable[SkipDay | str] = (),
        urgency: Iterable[Urgency | str] = _NOT_CRISIS,
    ) -> Turnaround:
        """By the close of the ``days``-th business day after the contact
        (``clock="business_days"``). ``skip`` chooses the business days of a policy without
        operating hours (weekends and holidays by default)."""
        return cls(
            clock="business_days", days=days, skip=as_tuple(skip), urgency=as_tuple(urgency)
        )

    @property
    def skipped(self) -> tuple[SkipDay, ...]:
        """The days the clock pauses on (a business-days clock without operating hours skips
        weekends and holidays unless ``skip`` says otherwise)."""
        if self.clock == "business_days" and not self.skip:
            return DEFAULT_SKIP
        return self.skip

    def describe(self) -> str:
        """The rule in plain words (what follows "calls are returned").

        >>> Turnaround.hours(24, skip=("sat", "sun", "holidays")).describe()
        'within 24 hours, not counting weekends and holidays'
        >>> Turnaround.business_days(2).describe(), Turnaround.business_days(1).describe()
        ('within 2 business days', 'within 1 business day')
        """
        if self.clock == "business_days":
            days = self.days or 0
            text = f"within {days} business day{'s' if days != 1 else ''}"
            if self.skip and self.skip != DEFAULT_SKIP:
                text += f", not counting {skip_words(self.skip)}"
            return text
        amount = duration_words(self.within or _hours(0))
        if self.clock == "business_hours":
            return f"within {amount} of operating hours"
        if self.skip:
            return f"within {amount}, not counting {skip_words(self.skip)}"
        return f"within {amount}"


def _hours(hours: Any) -> timedelta:
    """``hours`` (the factories' argument, a number) as a timedelta, or an error naming it."""
    if isinstance(hours, bool) or not isinstance(hours, (int, float)):
        msg = f"hours={shown(hours)} is not a number of hours; pass e.g. 24 or 1.5"
        raise PolicyValidationError(msg, path="hours")
    try:
        return timedelta(hours=hours)
    except (OverflowError, ValueError):
        msg = f"hours={shown(hours)} is not a finite number of hours within reach; pass e.g. 24"
        raise PolicyValidationError(msg, path="hours") from None


def skip_calendar(zone: str, holidays: tuple[str, ...], skip: tuple[str, ...]) -> BusinessCalendar:
    """The whole-day calendar of an hours clock: open all day except on ``skip`` days (and on
    ``holidays`` when ``"holidays"`` is skipped)."""
    return _skip_calendar(zone, holidays if "holidays" in skip else (), skip)


@lru_cache(maxsize=64)
def _skip_calendar(
    zone: str, holidays: tuple[str, ...], skip: tuple[str, ...]
) -> BusinessCalendar:
    # The zone, codes and days come validated from a policy, so the calendar is built from
    # the values ``BusinessCalendar.weekly(zone, {day: [('00:00', '24:00')] ...}, holidays=...)``
    # would store, without building a validator (a fresh process's first answer;
    # tests/test_default.py checks that both build the same value).
    whole_day = (Span.trusted(start="00:00", end="24:00"),)
    hours = WeeklyHours.trusted(**{day: whole_day for day in DAYS if day not in skip})
    return BusinessCalendar.trusted(
        zone=zone, hours=hours, holidays=holidays, closed=(), special_hours=(), closures=()
    )


def is_skipped(day: date, skip: tuple[str, ...], holidays: tuple[str, ...]) -> bool:
    """Is ``day`` a skipped day (by weekday, or as a holiday when ``"holidays"`` is skipped)?"""
    if DAYS[day.weekday()] in skip:
        return True
    return "holidays" in skip and is_holiday(day, holidays)


# --- hours as a policy states them ---------------------------------------------------------------

#: The fields of a calendar, as they may appear inside a rule that states hours.
_CALENDAR_FIELDS = ("zone", "hours", "holidays", "closed", "special_hours", "closures")


def _lift_calendar(data: Any, key: str) -> Any:
    """The older form ``{key: <calendar>}`` (a :class:`BusinessCalendar` or a table with its
    fields) as the rule's own fields. A calendar that names no holidays takes the policy's."""
    if not isinstance(data, Mapping) or key not in data:
        return data
    value = data[key]
    if not isinstance(value, (BusinessCalendar, Mapping)):
        return data  # weekly hours (a WeeklyHours), None, or a bad value for validation
    if isinstance(value, Mapping) and key == "hours" and not set(value) & {"zone", "hours"}:
        return data  # weekly hours themselves (``hours = {mon-fri = ...}``)
    try:
        cal = BusinessCalendar.model_validate(value)
    except ContactPolicyError as exc:
        raise exc.at_path(key) from None
    rest = {k: v for k, v in data.items() if k != key}
    lifted = {
        "zone": cal.zone,
        "hours": cal.hours,
        "holidays": cal.holidays or None,
        "closed": cal.closed,
        "special_hours": cal.special_hours,
        "closures": cal.closures,
    }
    clash = sorted(set(rest) & set(lifted))
    if clash:
        msg = f"gives {clash[0]!r} both here and inside {key!r}; give it once"
        raise PolicyValidationError(msg, path=clash[0])
    return {**rest, **lifted}


class StatedHours(RuleBase):
    """The shared fields of a rule that states hours (:class:`OperatingHours`,
    :class:`~contact_policy.AfterHours`): weekly ``hours`` and a calendar's dated exceptions.

    ``zone`` and ``holidays`` may be left out (``None``): inside a policy they are the
    policy's. ``holidays=[]`` says "open on holidays". Hours in another zone than the policy's
    are an error unless ``other_zone=True`` says that is intended.
    """

    _calendar_key: ClassVar[str] = "calendar"

    def problems_in(self, policy: Any, index: int) -> list[tuple[str, str]]:
        """Hours in another zone than the policy's, unless ``other_zone`` says so."""
        problems = super().problems_in(policy, index)
        if self.zone is not None and self.zone != policy.zone and not self.other_zone:
            msg = (
                f"these hours are in {self.zone} but the policy is in {policy.zone}; leave the "
                "zone out to use the policy's, or set other_zone = true if they really are "
                "kept in another zone"
            )
            problems.append((f"rules[{index}].zone", msg))
        return problems

    zone: ZoneName | None = Field(
        default=None,
        description="The zone the hours are kept in; the policy's when left out",
        examples=["America/New_York"],
    )
    holidays: HolidayCodes | None = Field(
        default=None, description=RULE_HOLIDAYS, examples=[["US"], []]
    )
    closed: ClosedDates = Field(
        default=(),
        description="Whole dates closed (vacations, training days)",
        examples=[["2026-12-31"]],
    )
    special_hours: SpecialHoursList = Field(
        default=(),
        description="Dates whose hours replace the weekly hours (and win over holidays); "
        "[] closes the date",
        examples=[[{"date": "2026-12-24", "hours": [["09:00", "12:00"]]}]],
    )
    closures: Closures = Field(
        default=(),
        description="Closed stretches between two instants (a staff meeting on one date)",
        examples=[[{"start": "2026-05-01T12:00:00-04:00", "end": "2026-05-01T13:00:00-04:00"}]],
    )
    other_zone: Flag = Field(
        default=False,
        description="Say true when the hours really are kept in another zone than the "
        "policy's (else a different zone is an error)",
        examples=[False],
    )

    @model_validator(mode="before")
    @classmethod
    def _from_calendar(cls, data: Any) -> Any:
        return _lift_calendar(data, cls._calendar_key)

    @model_validator(mode="after")
    def _closed_vs_special(self) -> Self:
        check_closed_vs_special(self.closed, self.special_hours)
        return self

    def _weekly(self) -> WeeklyHours | None:
        hours: WeeklyHours | None = getattr(self, "hours", None)
        return hours

    def _hours_words(self) -> str:
        """The weekly hours and their exceptions in words (``describe()``'s part)."""
        weekly = self._weekly()
        parts = [week_words(weekly if weekly is not None else WeeklyHours())]
        if self.zone is not None and self.other_zone:
            parts[0] += f" ({self.zone} time)"
        if self.holidays == ():
            parts.append("open on holidays")
        elif self.holidays:
            parts.append(f"closed on {joined(list(self.holidays))} holidays")
        if self.closed:
            parts.append("closed " + _some([letter_date(d) for d in self.closed], "dates"))
        if self.special_hours:
            words = [
                f"{letter_date(s.date)} {joined([str(x) for x in s.hours]) or 'closed'}"
                for s in self.special_hours
            ]
            parts.append("special hours " + _some(words, "dates"))
        if self.closures:
            words = [f"{letter_when(c.start)} to {letter_when(c.end)}" for c in self.closures]
            parts.append("closed " + _some(words, "times"))
        return "; ".join(parts)

    def calendar_in(self, zone: str, holidays: tuple[str, ...] = ()) -> BusinessCalendar:
        """These hours as a calendar, with ``zone`` and ``holidays`` where they are left out
        (a policy passes its own)."""
        return _stated_calendar(self, zone, holidays)

    @property
    def calendar(self) -> BusinessCalendar:
        """These hours as a calendar on their own (no holidays where none are named). A rule
        that takes its zone from the policy has none of its own: ask the policy
        (``Policy.operating_calendar``)."""
        if self.zone is None:
            msg = (
                f"{type(self).__name__} takes its zone from the policy it belongs to; use "
                "policy.operating_calendar (or calendar_in(zone))"
            )
            raise PolicyValidationError(msg, path="zone")
        return _stated_calendar(self, self.zone, ())


def _some(words: list[str], noun: str, most: int = 5) -> str:
    """``words`` joined, the first ``most`` of them and how many more."""
    if len(words) <= most:
        return joined(words)
    return joined([*words[:most], f"{len(words) - most:,} more {noun}"])


@lru_cache(maxsize=128)
def _stated_calendar(rule: StatedHours, zone: str, holidays: tuple[str, ...]) -> BusinessCalendar:
    weekly = rule._weekly()
    return BusinessCalendar(
        zone=rule.zone or zone,
        hours=weekly if weekly is not None else WeeklyHours(),
        holidays=rule.holidays if rule.holidays is not None else holidays,
        closed=rule.closed,
        special_hours=rule.special_hours,
        closures=rule.closures,
    )


class OperatingHours(StatedHours):
    """Calls are answered and returned only while the practice is open.

    ``hours`` are weekly hours (days, ranges ``"mon-fri"`` or lists ``"mon,wed"``); ``zone``
    and ``holidays`` are the policy's unless given; ``closed``, ``special_hours`` and
    ``closures`` as in :meth:`BusinessCalendar.weekly`.

    >>> oh = OperatingHours(hours={"mon-fri": ["09:00-17:00"]})
    >>> oh.hours.wed
    (Span(start='09:00', end='17:00'),)
    >>> OperatingHours.weekly("America/New_York", {"mon-fri": ["09:00-17:00"]}).calendar.zone
    'America/New_York'
    """

    notice_subject: ClassVar[str] = "office hours are"
    notice_removed: ClassVar[str] = (
        "office hours no longer limit when calls are answered and returned"
    )
    kind: Literal["operating_hours"] = kind_field("operating_hours")
    name: Text | None = name_field("Office hours")
    hours: WeeklyHours = Field(
        description="The weekly open hours: days, ranges or lists of days, each with spans",
        examples=[{"mon-fri": [["09:00", "17:00"]]}],
    )

    def problems_in(self, policy: Any, index: int) -> list[tuple[str, str]]:
        """A second set of operating hours (besides the checks of stated hours)."""
        problems = super().problems_in(policy, index)
        if any(isinstance(r, OperatingHours) for r in policy.rules[:index]):
            msg = (
                "a policy has one set of operating hours; merge them into one OperatingHours "
                "(use special_hours or closures for exceptions)"
            )
            problems.insert(0, (f"rules[{index}]", msg))
        return problems

    @classmethod
    def weekly(
        cls, zone: str, hours: Mapping[str, Iterable[Any]] | WeeklyHours, **kwargs: Any
    ) -> OperatingHours:
        """Operating hours in ``zone`` from :meth:`BusinessCalendar.weekly` arguments (holidays
        left out are the policy's)."""
        return cls(zone=zone, hours=hours, **kwargs)

    def describe(self) -> str:
        """The office hours in plain words (what follows "office hours are"); holidays left
        out are the policy's.

        >>> OperatingHours(hours={"mon-fri": ["09:00-17:00"]}, closed=[date(2026, 12, 31)],
        ...                holidays=[]).describe()
        'Mon–Fri 09:00–17:00; open on holidays; closed Thu 31 Dec 2026'
        """
        return self._hours_words()

    @model_validator(mode="after")
    def _has_hours(self) -> Self:
        if self.hours.empty and not self.special_hours:
            msg = "has no open hours; give at least one day, e.g. mon-fri = [['09:00', '17:00']]"
            raise PolicyValidationError(msg, path="hours")
        return self


class CallbackWindow(RuleBase):
    """Return calls are made only inside recurring windows ("between 8 and 9 am").

    ``hours`` are weekly spans like a calendar's. ``zone="practice"`` reads them in the
    practice's zone; ``zone="client"`` in the client's own zone (``Contact.client_zone``;
    the practice's zone when the client's is unknown), so a window suits the client too.
    Windows are closed on the policy's holidays unless ``holidays`` says otherwise (``[]``:
    open on holidays; a list of codes: closed on those).

    >>> CallbackWindow(hours={"mon": [("08:00", "09:00")]}, zone="client").zone
    'client'
    """

    notice_subject: ClassVar[str] = "return calls are made"
    notice_removed: ClassVar[str] = "return calls are no longer limited to set times"
    kind: Literal["callback_window"] = kind_field("callback_window")
    name: Text | None = name_field("Lunchtime callbacks")
    hours: WeeklyHours = Field(
        description="The weekly windows in which return calls are made",
        examples=[{"mon-fri": [["12:00", "13:00"]]}],
    )
    zone: Literal["practice", "client"] = Field(
        default="practice",
        description="Whose clock the windows are read on: the practice's, or the client's own "
        "zone (the practice's when the client's is unknown)",
        examples=["practice", "client"],
    )
    holidays: HolidayCodes | None = Field(
        default=None, description=RULE_HOLIDAYS, examples=[["US"], []]
    )

    @model_validator(mode="after")
    def _has_hours(self) -> Self:
        if self.hours.empty:
            msg = (
                "has no windows; give at least one day with a span, "
                "e.g. mon = [['08:00', '09:00']]"
            )
            raise PolicyValidationError(msg, path="hours")
        return self

    @classmethod
    def daily(
        cls,
        start: str,
        end: str,
        *,
        days: Iterable[str] | str = "mon-fri",
        zone: Literal["practice", "client"] = "practice",
        holidays: Iterable[str] | None = None,
    ) -> CallbackWindow:
        """The same window on each of ``days`` (days, ranges or lists: ``"mon-fri"``).

        >>> CallbackWindow.daily("08:00", "09:00").hours.fri
        (Span(start='08:00', end='09:00'),)
        """
        keys = (days,) if isinstance(days, str) else as_tuple(days)
        if not isinstance(keys, tuple) or not all(isinstance(k, str) for k in keys):
            msg = (
                f"days={shown(days)} is not a list of days; pass e.g. 'mon-fri' or ['mon', 'wed']"
            )
            raise PolicyValidationError(msg, path="days")
        return cls(
            hours={",".join(keys): [(start, end)]} if keys else {},
            zone=zone,
            holidays=None if holidays is None else as_tuple(holidays),
        )

    def describe(self) -> str:
        """The windows in plain words (what follows "return calls are made").

        >>> CallbackWindow.daily("08:00", "09:00", zone="client").describe()
        'Mon–Fri 08:00–09:00, your local time'
        """
        text = week_words(self.hours)
        if self.zone == "client":
            text += ", your local time"
        if self.holidays == ():
            text += "; also on holidays"
        elif self.holidays:
            text += f"; not on {joined(list(self.holidays))} holidays"
        return text

    def calendar_in(self, zone: str, holidays: tuple[str, ...] = ()) -> BusinessCalendar:
        """The windows as a calendar in ``zone``, closed on ``holidays`` unless the window
        names its own."""
        codes = self.holidays if self.holidays is not None else holidays
        return _window_calendar(self.hours, zone, codes)


@lru_cache(maxsize=128)
def _window_calendar(hours: WeeklyHours, zone: str, holidays: tuple[str, ...]) -> BusinessCalendar:
    return BusinessCalendar(zone=zone, hours=hours, holidays=holidays)


class VoicemailGate(RuleBase):
    """ "If you don't leave a voicemail, I won't return the call."

    A contact on one of ``channels`` (calls by default) with one of ``urgency`` (routine and
    urgent by default) and no voicemail is not returned. A crisis is never gated.
    """

    notice_subject: ClassVar[str] = "calls are returned"
    notice_removed: ClassVar[str] = (
        "you no longer need to leave a voicemail for a call to be returned"
    )
    kind: Literal["voicemail_gate"] = kind_field("voicemail_gate")
    name: Text | None = name_field("Leave a voicemail")
    channels: tuple[Channel, ...] = Field(
        default=(Channel.CALL,),
        description="The channels gated (calls when left out)",
        examples=[["call"]],
    )
    urgency: tuple[Urgency, ...] = Field(
        default=_NOT_CRISIS,
        description="The urgencies gated (routine and urgent when left out; a crisis never is)",
        examples=[["routine"]],
    )

    @field_validator("urgency", mode="after")
    @classmethod
    def _never_crisis(cls, value: tuple[Urgency, ...]) -> tuple[Urgency, ...]:
        if Urgency.CRISIS in value:
            msg = "a crisis contact is never gated away; remove 'crisis' from urgency"
            raise PolicyValidationError(msg)
        if not value:
            msg = "lists no urgency; give 'routine', 'urgent' or both"
            raise PolicyValidationError(msg)
        return _sorted_unique(value, Urgency)

    @field_validator("channels", mode="after")
    @classmethod
    def _order_channels(cls, value: tuple[Channel, ...]) -> tuple[Channel, ...]:
        if not value:
            msg = "lists no channel; give at least one, e.g. channels = ['call']"
            raise PolicyValidationError(msg)
        return _sorted_unique(value, Channel)

    def describe(self) -> str:
        """The gate in plain words (what follows "calls are returned").

        >>> VoicemailGate().describe()
        'only when you leave a voicemail'
        >>> VoicemailGate(channels=["call", "text"], urgency=["routine"]).describe()
        'only when you leave a voicemail (for routine calls and texts)'
        """
        text = "only when you leave a voicemail"
        which = "" if self.urgency == _NOT_CRISIS else f"{joined(list(self.urgency))} "
        if which or self.channels != (Channel.CALL,):
            text += f" (for {which}{channel_words(list(self.channels))})"
        return text

    def gates(self, contact: Contact) -> bool:
        """True when ``contact`` is not owed a return under this gate (no voicemail, on one
        of the gate's channels, with one of its urgencies; never a crisis)."""
        return (
            not contact.voicemail
            and contact.channel in self.channels
            and contact.urgency in self.urgency
        )


#: The call-return rule classes.
CALL_RETURN_RULES: tuple[type[RuleBase], ...] = (
    Turnaround,
    OperatingHours,
    CallbackWindow,
    VoicemailGate,
)
