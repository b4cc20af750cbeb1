"""Policies over time: :class:`PolicyHistory`, :class:`PolicyVersion` and :class:`Change`.

A practice changes its policy now and then, and must tell its clients (and its agency) some
time before a change takes effect. A :class:`PolicyHistory` holds the versions in the order
they take effect, each with when it was ``announced``, and the ``notice`` a change needs
(30 days unless said otherwise). It answers like a policy, by the version in force:

- ``history.at(instant)`` is the policy in force at ``instant`` (``version_at`` and
  ``number_at`` give the version and its 1-based number);
- ``history.return_by(contact)`` and ``history.in_bounds(contact, ...)`` answer by the
  version in force when the contact arrived, and an obligation keeps that version's deadline
  when a later version takes effect (docs/semantics.md, "Policies over time");
- ``history.changes()`` says what changes for clients from one version to the next, in
  sentences ready for a notice letter; ``history.check()`` reports what looks wrong.

>>> from datetime import date
>>> from contact_policy import Policy, Turnaround, VoicemailGate
>>> v1 = Policy(zone="America/New_York", holidays=["US"], rules=[
...     Turnaround.hours(24, skip=("sat", "sun", "holidays")), VoicemailGate()])
>>> v2 = v1.replace(rules=[Turnaround.business_days(2), VoicemailGate()])
>>> history = PolicyHistory(versions=[
...     PolicyVersion(v1, effective=date(2026, 1, 1), announced=date(2025, 12, 1)),
...     PolicyVersion(v2, effective=date(2027, 1, 4), announced=date(2026, 12, 1))])
>>> for change in history.changes():
...     print(change)
From Mon 4 Jan 2027, calls are returned within 2 business days (before: within 24 hours, not counting weekends and holidays).

Imports the policy layer (policy, rules, boundaries, answers), the findings of
:mod:`contact_policy.analysis` and the wording.


One file: a history's versions, the notice check, the version in force and the notice letter
all read the same ordered versions.
"""  # noqa: E501 - the doctest shows one whole sentence

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Annotated, Any, Literal, NamedTuple, Self, overload

from pydantic import Field, field_validator, model_validator

from ._model import (
    AwareDatetime,
    Count,
    Model,
    NonNegativeDuration,
    Text,
    at_most,
    get_zone,
    items_of,
)
from ._plan import as_contact
from ._time import MAX_YEAR, MIN_YEAR, aware_us, from_us, to_us
from .analysis import Finding, Severity
from .answers import Obligation, Verdict
from .boundaries import BOUNDARY_RULES
from .boundaries import _history as _earlier_contacts
from .contact import Contact, Urgency
from .errors import (
    ContactPolicyError,
    LimitExceededError,
    OutOfRangeError,
    PolicyValidationError,
    shown,
)
from .ledger import Event, Outcome, track
from .limits import MAX_NOTICE, MAX_VERSIONS
from .policy import Policy
from .rules import CALL_RETURN_RULES, RuleBase, Turnaround
from .sessions import SessionSchedule, as_schedule
from .wording import date_or_when, exact_words, joined, letter_when, possessive

__all__ = ["DEFAULT_NOTICE", "Change", "PolicyHistory", "PolicyVersion", "wall_instant"]

#: The notice a history requires when it says nothing else.
DEFAULT_NOTICE = timedelta(days=30)
_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- wall times and instants -------------------------------------------------------------


def _wall(value: datetime, tz: tzinfo) -> datetime:
    """The wall time ``tz``'s clocks show at the instant ``value`` (naive)."""
    return value.astimezone(tz).replace(tzinfo=None)


def wall_instant(wall: datetime, tz: tzinfo) -> datetime:
    """The first instant at which ``tz``'s clocks show the naive wall time ``wall`` or later
    (docs/semantics.md §3): a time in a spring-forward gap is the instant of the jump, a time
    that occurs twice its first occurrence.

    >>> from zoneinfo import ZoneInfo
    >>> wall_instant(datetime(2026, 9, 6), ZoneInfo("America/Santiago")).isoformat()
    '2026-09-06T01:00:00-03:00'
    """
    first = wall.replace(tzinfo=tz, fold=0)
    if _wall(first.astimezone(UTC), tz) == wall:
        return first
    lo, hi = sorted((to_us(wall.replace(tzinfo=tz, fold=1)), to_us(first)))
    while lo < hi:  # the jump lies between the readings before and after it
        mid = (lo + hi) // 2
        if _wall(from_us(mid, UTC), tz) >= wall:
            hi = mid
        else:
            lo = mid + 1
    return from_us(lo, tz)


def _as_date(value: Any) -> date | None:
    """``value`` when it is a date without a time (or ``"YYYY-MM-DD"`` text), else None."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _DATE_TEXT.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _zone_of(policy: Any) -> tzinfo | None:
    """The zone of a version's policy (a ``Policy`` or the table of one), if it names a known
    one; otherwise validation reports the policy."""
    zone = policy.zone if isinstance(policy, Policy) else None
    if isinstance(policy, Mapping):
        zone = policy.get("zone")
    try:
        return get_zone(zone) if isinstance(zone, str) else None
    except ContactPolicyError:
        return None


# --- versions --------------------------------------------------------------------------------


class PolicyVersion(Model):
    """One version of a practice's policy: the ``policy``, when it takes ``effective`` and when
    it was ``announced`` to clients and the agency.

    ``effective`` and ``announced`` are aware datetimes, or dates: a date means 00:00 of that
    date in the version's policy zone (where a zone's clocks skip midnight, the first instant
    after the jump; semantics §3). ``policy`` may be given positionally, like ``Contact(at)``.

    >>> from datetime import date
    >>> from contact_policy import Policy
    >>> v = PolicyVersion(Policy(zone="Europe/London"), effective=date(2026, 7, 1),
    ...                   announced=date(2026, 5, 1))
    >>> v.effective.isoformat()
    '2026-07-01T00:00:00+01:00'
    """

    policy: Policy = Field(
        description="The policy of this version: a table, or (read by load_policy) the name "
        "of a policy file relative to the history file",
        examples=["lakeside-summer-2027.toml", {"zone": "America/New_York"}],
    )
    effective: AwareDatetime = Field(
        description="When the version takes effect: an instant, or a date (00:00 of it in the "
        "policy's zone)",
        examples=["2027-01-04", "2027-06-01T09:00:00-04:00"],
    )
    announced: AwareDatetime = Field(
        description="When it was announced to clients and the agency (a date or an instant)",
        examples=["2026-12-01"],
    )

    def __init__(self, policy: Any = None, /, **data: Any) -> None:
        if policy is not None:
            data["policy"] = policy
        super().__init__(**data)

    @model_validator(mode="before")
    @classmethod
    def _dates_at_midnight(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        tz = _zone_of(data.get("policy"))
        if tz is None:
            return data
        out = dict(data)
        for name in ("effective", "announced"):
            day = _as_date(data.get(name))
            if day is None:
                continue
            if not MIN_YEAR <= day.year <= MAX_YEAR:
                msg = f"{day.isoformat()} lies outside the supported years {MIN_YEAR} to 9998"
                raise OutOfRangeError(msg, path=name)
            out[name] = wall_instant(datetime.combine(day, time()), tz)
        return out


class Change(Model):
    """What changes for clients when a version takes effect: one aspect of the policy.

    ``version`` is the new version's number (1-based), ``effective`` when it takes effect,
    ``topic`` the aspect (``"turnaround"``, ``"turnaround.urgent"``, ``"voicemail_gate"``,
    ``"operating_hours"``, ``"callback_window"``, ``"holidays"``, the boundary rules' kinds,
    ``"emergency"``, ``"zone"``), ``kind`` whether it is ``added``, ``changed`` or
    ``removed``, ``before`` and ``after`` the aspect in plain words (None where it is absent)
    and ``text`` the sentence for a notice letter, which ``str(change)`` gives.
    """

    version: Annotated[Count, Field(ge=1)]
    effective: AwareDatetime
    topic: Text
    kind: Literal["added", "changed", "removed"]
    before: Text | None = None
    after: Text | None = None
    text: Text

    def __str__(self) -> str:
        return self.text


# --- what clients are told ---------------------------------------------------------------


class _Aspect(NamedTuple):
    """One thing clients are told: the ``subject`` its words complete ("calls are returned";
    empty when the words are a whole clause) and the sentence when it goes away."""

    topic: str
    subject: str
    removed: str
    words: Callable[[Policy], str | None]
    quoted: bool = False


def _rules_words(kind: type[RuleBase]) -> Callable[[Policy], str | None]:
    def words(policy: Policy) -> str | None:
        return "; ".join(rule.describe() for rule in policy.rules_of(kind)) or None

    return words


def _target(policy: Policy, urgency: Urgency) -> str | None:
    for rule in policy.rules_of(Turnaround):
        if urgency in rule.urgency:
            described: str = rule.describe()
            return described
    return None


def _holidays(policy: Policy) -> str | None:
    return f"{joined(list(policy.holidays))} public holidays" if policy.holidays else None


def _rule_aspect(kind: type[RuleBase]) -> _Aspect:
    """The aspect of one rule class, in the words the class gives (``notice_subject``,
    ``notice_removed``): a new rule kind is in the notice letters without a change here."""
    topic = str(kind.model_fields["kind"].default)
    return _Aspect(topic, kind.notice_subject, kind.notice_removed, _rules_words(kind))


#: What a notice letter compares, in the order it says them: every rule kind but the
#: turnaround (its own aspects, by urgency: ``_turnarounds``), call-return rules first, then
#: the holidays, the boundary rules in their precedence, the emergency text and the zone.
_ASPECTS = (
    *(_rule_aspect(k) for k in CALL_RETURN_RULES if k is not Turnaround),
    _Aspect(
        "holidays",
        "the practice observes",
        "the practice no longer observes public holidays",
        _holidays,
    ),
    *(_rule_aspect(k) for k in BOUNDARY_RULES),
    _Aspect(
        "emergency",
        "the emergency instructions are",
        "",
        lambda p: p.emergency_path.route().instructions,
        quoted=True,
    ),
    _Aspect("zone", "times are in", "", lambda p: p.zone),
)


def _turnarounds(old: Policy, new: Policy) -> list[tuple[_Aspect, str | None, str | None]]:
    """The turnaround aspects: one for all calls while routine and urgent calls share their
    target in both versions, else one for routine calls and one for urgent calls."""
    r0, u0 = _target(old, Urgency.ROUTINE), _target(old, Urgency.URGENT)
    r1, u1 = _target(new, Urgency.ROUTINE), _target(new, Urgency.URGENT)

    def aspect(topic: str, calls: str) -> _Aspect:
        removed = f"{calls} no longer have a promised return time"
        return _Aspect(topic, f"{calls} are returned", removed, lambda p: None)

    if r0 == u0 and r1 == u1:
        return [(aspect("turnaround", "calls"), r0, r1)]
    return [
        (aspect("turnaround", "routine calls"), r0, r1),
        (aspect("turnaround.urgent", "urgent calls"), u0, u1),
    ]


def _sentence(aspect: _Aspect, when: str, before: str | None, after: str | None) -> str:
    lead = f"{aspect.subject} " if aspect.subject else ""

    def shown(words: str) -> str:
        return f'"{words}"' if aspect.quoted else words

    if after is None:
        return f"From {when}, {aspect.removed} (before: {lead}{shown(before or '')})."
    if before is None:
        return f"From {when}, {lead}{shown(after)} (new)."
    return f"From {when}, {lead}{shown(after)} (before: {shown(before)})."


def _changes(number: int, old: Policy, new: Policy, effective: datetime) -> list[Change]:
    pairs = _turnarounds(old, new)
    pairs += [(a, a.words(old), a.words(new)) for a in _ASPECTS]
    when = letter_when(effective.astimezone(new.tz))
    out = []
    for aspect, before, after in pairs:
        if before == after:
            continue
        kind = "added" if before is None else "removed" if after is None else "changed"
        out.append(
            Change(
                version=number,
                effective=effective,
                topic=aspect.topic,
                kind=kind,
                before=before,
                after=after,
                text=_sentence(aspect, when, before, after),
            )
        )
    return out


# --- notice --------------------------------------------------------------------------------


def _shift(value: datetime, by: timedelta, tz: tzinfo) -> datetime | None:
    """The instant ``tz``'s clocks show ``by`` later than at ``value`` (earlier for a negative
    ``by``), or None beyond the years a datetime holds."""
    try:
        return wall_instant(_wall(value, tz) + by, tz)
    except OverflowError:
        return None


def _given(version: PolicyVersion) -> timedelta:
    """The notice a version was announced with, on its zone's wall clock."""
    tz = version.policy.tz
    return _wall(version.effective, tz) - _wall(version.announced, tz)


def _notice_words(given: timedelta, required: timedelta) -> str:
    """``7 days' notice, 30 required``; ``1 day after it takes effect; 30 days' notice
    required``."""
    needed = possessive(exact_words(required))
    if given < timedelta(0):
        return f"{exact_words(-given)} after it takes effect; {needed} notice required"
    if given >= required:  # enough by the wall clock, yet late: a time the clocks showed twice
        return (
            f"{needed} notice by the wall clock, but at the second of the two instants the "
            "clocks showed that time, after the first"
        )
    day = timedelta(days=1)
    if given % day == timedelta(0) and required % day == timedelta(0):
        return f"{possessive(exact_words(given))} notice, {required.days} required"
    return f"{possessive(exact_words(given))} notice, {exact_words(required)} required"


def _notice_problem(number: int, version: PolicyVersion, notice: timedelta) -> str | None:
    """The message for a version announced with too little notice (None: enough)."""
    tz = version.policy.tz
    latest = _shift(version.effective, -notice, tz)
    if latest is not None and to_us(version.announced) <= to_us(latest):
        return None
    effective = version.effective.astimezone(tz)
    announced = version.announced.astimezone(tz)
    text = (
        f"version {number} takes effect {date_or_when(effective)}; announced "
        f"{date_or_when(announced)}: {_notice_words(_given(version), notice)}"
    )
    fixes = []
    if latest is not None:
        fixes.append(f"announce it by {date_or_when(latest)}")
    earliest = _shift(version.announced, notice, tz)
    if earliest is not None:
        fixes.append(f"let it take effect from {date_or_when(earliest)}")
    return text + ("; " + ", or ".join(fixes) if fixes else "")


def _many(policy: Policy, contacts: list[Contact], due_only: bool) -> list[Any]:  # noqa: FBT001
    """``policy.return_by_many(contacts, due_only=due_only)``."""
    if due_only:
        return policy.return_by_many(contacts, due_only=True)
    return policy.return_by_many(contacts)


# --- the history ---------------------------------------------------------------------------


class PolicyHistory(Model):
    """The versions of a practice's policy, in the order they take effect, and the ``notice``
    each version after the first must be announced with (a ``timedelta`` or ISO 8601 text
    such as ``"P30D"``; 30 days unless given).

    Validation (``PolicyValidationError`` naming ``versions[i]...``): at least one version;
    versions in strictly increasing order of ``effective``; the first announced at or before
    it takes effect; every later one announced at least ``notice`` before it takes effect,
    counted on the wall clock of its policy's zone (docs/semantics.md, "Policies over time").

    The version in force at an instant is the last one whose ``effective`` is at or before it
    (found by bisection); before the first version none is, and asking is an
    ``OutOfRangeError`` naming the instant.

    >>> from datetime import datetime, date
    >>> from zoneinfo import ZoneInfo
    >>> from contact_policy import Policy, Turnaround
    >>> old = Policy(zone="America/New_York", rules=[Turnaround.hours(24)])
    >>> new = old.replace(rules=[Turnaround.hours(48)])
    >>> h = PolicyHistory(notice="P30D", versions=[
    ...     PolicyVersion(old, effective=date(2026, 1, 1), announced=date(2026, 1, 1)),
    ...     PolicyVersion(new, effective=date(2027, 1, 4), announced=date(2026, 12, 28))])
    Traceback (most recent call last):
      ...
    contact_policy.errors.PolicyValidationError: versions[1].announced: version 2 takes effect Mon 2027-01-04; announced Mon 2026-12-28: 7 days' notice, 30 required; announce it by Sat 2026-12-05, or let it take effect from Wed 2027-01-27
    """  # noqa: E501 - the doctest shows one whole message

    versions: Annotated[
        tuple[PolicyVersion, ...], at_most(MAX_VERSIONS, "a policy history's versions")
    ] = Field(
        description="The versions, in the order they take effect",
        examples=[
            [
                {
                    "effective": "2026-01-01",
                    "announced": "2025-12-01",
                    "policy": {"zone": "America/New_York", "holidays": ["US"]},
                }
            ]
        ],
    )
    notice: NonNegativeDuration = Field(
        default=DEFAULT_NOTICE,
        description="How long before it takes effect each version after the first must be "
        "announced, on the wall clock (30 days when left out; at most 366 days)",
        examples=["P30D"],
    )

    # Derived lookups cached outside the model's fields: not compared, hashed or pickled.
    __slots__ = ("_derived",)

    @field_validator("notice", mode="after")
    @classmethod
    def _notice_limit(cls, value: timedelta) -> timedelta:
        if value > MAX_NOTICE:
            raise LimitExceededError.over("a history's notice", "366 days", exact_words(value))
        return value

    @model_validator(mode="after")
    def _versions_fit(self) -> Self:
        if not self.versions:
            msg = (
                "a history needs at least one version; add one with its policy, effective and "
                "announced"
            )
            raise PolicyValidationError(msg, path="versions")
        problems: list[tuple[str, str]] = []
        first = self.versions[0]
        if to_us(first.announced) > to_us(first.effective):
            tz = first.policy.tz
            msg = (
                f"version 1 takes effect {date_or_when(first.effective.astimezone(tz))}; "
                f"announced {date_or_when(first.announced.astimezone(tz))}, after it takes "
                "effect; the first version needs no notice, but announce it at or before it "
                "takes effect"
            )
            problems.append(("versions[0].announced", msg))
        for i in range(1, len(self.versions)):
            earlier, version = self.versions[i - 1], self.versions[i]
            tz = version.policy.tz
            starts, before = to_us(version.effective), to_us(earlier.effective)
            if starts <= before:
                here = date_or_when(version.effective.astimezone(tz))
                if starts == before:
                    msg = (
                        f"version {i + 1} takes effect {here}, the same instant as version {i}; "
                        "two versions cannot both be in force: merge them, or let one take "
                        "effect later"
                    )
                else:
                    there = date_or_when(earlier.effective.astimezone(tz))
                    msg = (
                        f"version {i + 1} takes effect {here}, before version {i} ({there}); "
                        "list the versions in the order they take effect"
                    )
                problems.append((f"versions[{i}].effective", msg))
                continue
            problem = _notice_problem(i + 1, version, self.notice)
            if problem is not None:
                problems.append((f"versions[{i}].announced", problem))
        if problems:
            raise PolicyValidationError.from_problems(problems)
        return self

    def _cached(self) -> dict[str, Any]:
        try:
            return self._derived  # type: ignore[attr-defined,no-any-return]
        except AttributeError:
            derived: dict[str, Any] = {}
            object.__setattr__(self, "_derived", derived)
            return derived

    def _starts(self) -> list[int]:
        """Each version's ``effective`` in epoch microseconds, in order."""
        cache = self._cached()
        starts: list[int] | None = cache.get("starts")
        if starts is None:
            starts = cache["starts"] = [to_us(v.effective) for v in self.versions]
        return starts

    # --- the version in force ---------------------------------------------------------------

    def _index(self, us: int, name: str, value: datetime) -> int:
        index = bisect_right(self._starts(), us) - 1
        if index < 0:
            first = self.versions[0]
            starts = date_or_when(first.effective.astimezone(first.policy.tz))
            msg = (
                f"{name}={value.isoformat()} is before the first version takes effect "
                f"({starts}): no policy was in force then; ask about an instant at or after "
                "it, or add an earlier version"
            )
            raise OutOfRangeError(msg, path=name)
        return index

    def version_at(self, instant: datetime) -> PolicyVersion:
        """The version in force at ``instant`` (aware): the last whose ``effective`` is at or
        before it.

        >>> from datetime import datetime, date, timezone
        >>> from contact_policy import Policy
        >>> h = PolicyHistory(versions=[PolicyVersion(Policy(zone="UTC"),
        ...     effective=date(2026, 1, 1), announced=date(2026, 1, 1))])
        >>> h.version_at(datetime(2026, 3, 1, tzinfo=timezone.utc)).effective.year
        2026
        >>> h.version_at(datetime(2025, 12, 31, 23, 59, tzinfo=timezone.utc))
        Traceback (most recent call last):
          ...
        contact_policy.errors.OutOfRangeError: instant=2025-12-31T23:59:00+00:00 is before the first version takes effect (Thu 2026-01-01): no policy was in force then; ask about an instant at or after it, or add an earlier version
        """  # noqa: E501 - the doctest shows one whole message
        return self.versions[self.index_at(instant)]

    def number_at(self, instant: datetime) -> int:
        """The number (1-based, as messages and :class:`Change` count) of the version in force
        at ``instant``."""
        return self.index_at(instant) + 1

    def index_at(self, instant: datetime, *, name: str = "instant") -> int:
        """The index in ``versions`` (0-based) of the version in force at ``instant``; errors
        name the argument ``name`` (a caller's own, such as ``"contacts[3].at"``). One
        bisection: what a ledger asks for each event."""
        return self._index(aware_us(instant, name), name, instant)

    def at(self, instant: datetime) -> Policy:
        """The policy in force at ``instant`` (aware); see :meth:`version_at`."""
        return self.version_at(instant).policy

    def _policy_for(self, contact: Contact, name: str) -> Policy:
        return self.versions[self._index(to_us(contact.at), name, contact.at)].policy

    # --- answers, by the version in force when the contact arrived ---------------------------

    def return_by(self, contact: Contact) -> Obligation:
        """When must ``contact`` be returned? Answered by the version in force at
        ``contact.at``; the obligation keeps that version's deadline whatever later versions
        say. Takes what ``Policy.return_by`` takes."""
        if not isinstance(contact, Contact):
            contact = as_contact(contact)
        return self._policy_for(contact, "contact.at").return_by(contact)

    def in_bounds(
        self,
        contact: Contact,
        *,
        sessions: SessionSchedule | Iterable[Any] | None = None,
        history: Any = None,
    ) -> Verdict:
        """Is ``contact`` in-bounds? Answered by the version in force at ``contact.at``, with
        ``Policy.in_bounds``'s arguments (``history`` is the client's earlier contacts)."""
        if not isinstance(contact, Contact):
            contact = as_contact(contact)
        policy = self._policy_for(contact, "contact.at")
        return policy.in_bounds(contact, sessions=sessions, history=history)

    def in_bounds_many(
        self,
        contacts: Iterable[Contact],
        *,
        sessions: SessionSchedule | Iterable[Any] | None = None,
        history: Any = None,
    ) -> list[Verdict]:
        """``[in_bounds(c, sessions=sessions, history=history) for c in contacts]``: each
        contact judged by the version in force when it arrived, the contacts of one version
        together through ``Policy.in_bounds_many`` (which says how the arguments are read).
        A contact from before the first version is named by its place, ``contacts[i].at``.

        >>> from datetime import date, datetime
        >>> from zoneinfo import ZoneInfo
        >>> from contact_policy import AfterHours, Contact, Policy
        >>> v1 = Policy(zone="America/New_York", rules=[AfterHours(hours={"mon-fri": ["09:00-17:00"]})])
        >>> v2 = v1.replace(rules=[AfterHours(hours={"mon-fri": ["09:00-19:00"]})])
        >>> h = PolicyHistory(versions=[
        ...     PolicyVersion(v1, effective=date(2026, 1, 1), announced=date(2025, 12, 1)),
        ...     PolicyVersion(v2, effective=date(2026, 6, 1), announced=date(2026, 5, 1))])
        >>> tz = ZoneInfo("America/New_York")
        >>> calls = [Contact(datetime(2026, m, 12, 18, tzinfo=tz)) for m in (5, 6)]  # 6 pm
        >>> [v.allowed for v in h.in_bounds_many(calls)]
        [False, True]
        """  # noqa: E501 - the doctest shows one whole policy
        items = items_of(contacts, "contacts")
        for i, c in enumerate(items):
            if type(c) is not Contact:
                items[i] = as_contact(c, f"contacts[{i}]")
        # Read once (an iterator would be used up by the first version's contacts).
        schedule = as_schedule(sessions)
        earlier = _earlier_contacts(history)
        groups: dict[int, list[int]] = {}
        for i, c in enumerate(items):
            groups.setdefault(self._index(to_us(c.at), f"contacts[{i}].at", c.at), []).append(i)
        if len(groups) <= 1:
            policy = self.versions[next(iter(groups), len(self.versions) - 1)].policy
            return policy.in_bounds_many(items, sessions=schedule, history=earlier)
        out: list[Any] = [None] * len(items)
        for index, places in groups.items():
            verdicts = self.versions[index].policy.in_bounds_many(
                [items[p] for p in places], sessions=schedule, history=earlier
            )
            for place, verdict in zip(places, verdicts, strict=True):
                out[place] = verdict
        return out

    def track(
        self, events: Iterable[Event], *, now: datetime | None = None
    ) -> tuple[Outcome, ...]:
        """Every obligation of a call log's ``events`` with its outcome, as
        ``Policy.track`` gives them, each under the version in force when its contact
        arrived (a re-rating: the version of the original receipt); ``Outcome.version``
        says which (docs/tracking.md)."""
        return track(self, events, now=now)

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
        """``[return_by(c) for c in contacts]`` for a call queue, each contact answered by the
        version in force when it arrived (``due_only=True``: just the due times, as
        ``Policy.return_by_many`` gives them)."""
        if not isinstance(due_only, bool):
            msg = f"due_only={shown(due_only)} is not True or False"
            raise PolicyValidationError(msg, path="due_only")
        items = items_of(contacts, "contacts")
        for i, c in enumerate(items):
            if type(c) is not Contact:
                items[i] = as_contact(c, f"contacts[{i}]")
        groups: dict[int, list[int]] = {}
        for i, c in enumerate(items):
            groups.setdefault(self._index(to_us(c.at), f"contacts[{i}].at", c.at), []).append(i)
        if len(groups) == 1:
            (index,) = groups
            return _many(self.versions[index].policy, items, due_only)
        out: list[Any] = [None] * len(items)
        for index, places in groups.items():
            answers = _many(self.versions[index].policy, [items[p] for p in places], due_only)
            for place, answer in zip(places, answers, strict=True):
                out[place] = answer
        return out

    # --- what changes, and what looks wrong --------------------------------------------------

    def changes(self) -> tuple[Change, ...]:
        """What changes for clients from each version to the next, one :class:`Change` per
        aspect, in the order the versions take effect (a version that tells clients nothing
        new adds none). See docs/semantics.md, "Policies over time", for every form."""
        cache = self._cached()
        found: tuple[Change, ...] | None = cache.get("changes")
        if found is None:
            out: list[Change] = []
            for i in range(1, len(self.versions)):
                old, new = self.versions[i - 1], self.versions[i]
                out += _changes(i + 1, old.policy, new.policy, new.effective)
            found = cache["changes"] = tuple(out)
        return found

    def describe(self, at: datetime | None = None, format: str = "text") -> str:
        """The version in force at ``at`` (aware; the latest version when left out, since the
        library reads no clock) in plain words, as
        :meth:`Policy.describe` gives it, headed by its number and start, then the notice of
        every change (:meth:`changes`), one a line (a bullet in ``format="markdown"``).

        >>> from datetime import date
        >>> from contact_policy import Policy, Turnaround
        >>> h = PolicyHistory(versions=[
        ...     PolicyVersion(Policy(zone="UTC", rules=[Turnaround.hours(48)]),
        ...                   effective=date(2026, 1, 1), announced=date(2025, 12, 1)),
        ...     PolicyVersion(Policy(zone="UTC", rules=[Turnaround.hours(24)]),
        ...                   effective=date(2026, 3, 1), announced=date(2026, 1, 1))])
        >>> print(h.describe(datetime(2026, 2, 1, tzinfo=UTC)).splitlines()[0])
        Version 1 of 2, in force from Thu 1 Jan 2026.
        """
        from ._describe import describe_history

        return describe_history(self, at, format)

    def check(
        self,
        start: date | None = None,
        *,
        policies: bool = True,
        client_zones: Iterable[str] = (),
        client_hours: tuple[time, time] | None = None,
        horizon: timedelta | None = None,
    ) -> tuple[Finding, ...]:
        """Findings about the history, without raising: a version that changes nothing for
        clients (a warning) and a version announced with exactly the notice required, with
        no margin (information); then, with ``policies`` (the default), each version's own
        ``Policy.check(start, client_zones=..., client_hours=..., horizon=...)``, its rules
        named ``versions[i].policy.rules[j]``. Notice shorter than required never gets here:
        it is an error when the history is built.

        >>> from datetime import date
        >>> from contact_policy import Policy
        >>> p = Policy(zone="UTC")
        >>> h = PolicyHistory(versions=[
        ...     PolicyVersion(p, effective=date(2026, 1, 1), announced=date(2025, 12, 1)),
        ...     PolicyVersion(p, effective=date(2026, 3, 1), announced=date(2026, 1, 30))])
        >>> for finding in h.check():
        ...     print(finding)
        warning: version 2 (from Sun 1 Mar 2026) is the same policy as version 1; remove it
        info: version 2 takes effect Sun 2026-03-01; announced Fri 2026-01-30: exactly the 30 days' notice required, with no margin for a late letter
        """  # noqa: E501 - the doctest shows whole findings
        changed = {c.version for c in self.changes()}
        out: list[Finding] = []
        for i in range(1, len(self.versions)):
            earlier, version = self.versions[i - 1], self.versions[i]
            number, tz = i + 1, version.policy.tz
            if number not in changed:
                when = letter_when(version.effective.astimezone(tz))
                if version.policy == earlier.policy:
                    text = f"version {number} (from {when}) is the same policy as version {i}"
                    text += "; remove it"
                else:
                    text = (
                        f"version {number} (from {when}) changes nothing clients are told "
                        f"(only details they do not see differ from version {i}); check that "
                        "it says what was meant"
                    )
                where = (f"versions[{i}]",)
                out.append(Finding(severity=Severity.WARNING, rules=where, text=text))
            latest = _shift(version.effective, -self.notice, tz)
            if latest is not None and to_us(version.announced) == to_us(latest):
                text = (
                    f"version {number} takes effect "
                    f"{date_or_when(version.effective.astimezone(tz))}; announced "
                    f"{date_or_when(version.announced.astimezone(tz))}: exactly the "
                    f"{possessive(exact_words(self.notice))} notice required, with no margin "
                    "for a late letter"
                )
                where = (f"versions[{i}].announced",)
                out.append(Finding(severity=Severity.INFO, rules=where, text=text))
        if policies:
            for i, version in enumerate(self.versions):
                found = version.policy.check(
                    start,
                    client_zones=client_zones,
                    client_hours=client_hours,
                    horizon=horizon,
                )
                for f in found:
                    rules = tuple(f"versions[{i}].policy.{r}" for r in f.rules)
                    out.append(f.model_copy(update={"rules": rules}))
        return tuple(out)
