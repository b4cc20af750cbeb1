"""Hypothesis strategies for contacts, rules and policies (re-exported by
:mod:`contact_policy.testing`; this module imports hypothesis, so nothing else imports it).

One file: the policy strategies build on each other (spans, hours, rules, policies) and share
their constraints.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ._time import is_aware
from .boundaries import (
    BOUNDARY_RULES,
    AfterHours,
    FrequencyFlag,
    NoCallsDuringSessions,
    NoPersonalNumbers,
    OutreachBoundary,
    SchedulingOnlyLine,
)
from .contact import Channel, Contact, Direction, Line, Topic, Urgency
from .errors import ContactPolicyError
from .history import PolicyHistory, PolicyVersion, wall_instant
from .hours import DAYS, hhmm
from .policy import EmergencyContact, EmergencyPath, Policy
from .rules import (
    CALL_RETURN_RULES,
    CallbackWindow,
    OperatingHours,
    SkipDay,
    Turnaround,
    VoicemailGate,
)

__all__ = [
    "BOUNDARY_KINDS",
    "CALL_RETURN_KINDS",
    "RULE_KINDS",
    "after_hours_rules",
    "boundary_rules",
    "callback_windows",
    "contact_instants",
    "contacts",
    "frequency_flags",
    "histories",
    "operating_hours",
    "policies",
    "return_rules",
    "turnarounds",
    "voicemail_gates",
]

PRACTICE_ZONE = "America/New_York"
CLIENT_ZONES = ("America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London")
_WEEKDAYS = DAYS[:5]

#: The ``kind`` of each call-return rule (what :func:`policies` ``kinds=`` takes).
CALL_RETURN_KINDS: tuple[str, ...] = tuple(
    str(cls.model_fields["kind"].default) for cls in CALL_RETURN_RULES
)
#: The ``kind`` of each boundary rule.
BOUNDARY_KINDS: tuple[str, ...] = tuple(
    str(cls.model_fields["kind"].default) for cls in BOUNDARY_RULES
)
#: Every rule kind a drawn policy may hold.
RULE_KINDS: tuple[str, ...] = (*CALL_RETURN_KINDS, *BOUNDARY_KINDS)


# --- argument checks ---------------------------------------------------------------------------


def _zone_names(zones: str | Iterable[str] | None, where: str) -> tuple[str, ...]:
    names = (
        (PRACTICE_ZONE,)
        if zones is None
        else (zones,)
        if isinstance(zones, str)
        else tuple(dict.fromkeys(zones))
    )
    if not names:
        msg = f"{where}(zones=...) needs at least one zone name"
        raise InvalidArgument(msg)
    for name in names:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            msg = f"{where}(zones=...): {name!r} is not an IANA zone name"
            raise InvalidArgument(msg) from None
    return names


def _kinds(kinds: str | Iterable[str] | None, *, boundaries: bool) -> frozenset[str]:
    if kinds is None:
        return frozenset(RULE_KINDS if boundaries else CALL_RETURN_KINDS)
    chosen = frozenset((kinds,) if isinstance(kinds, str) else kinds)
    unknown = sorted(chosen - set(RULE_KINDS))
    if unknown:
        msg = (
            f"policies(kinds=...): {', '.join(map(repr, unknown))} is not a rule kind; the "
            f"kinds are {', '.join(RULE_KINDS)}"
        )
        raise InvalidArgument(msg)
    if not boundaries and chosen & set(BOUNDARY_KINDS):
        named = ", ".join(sorted(chosen & set(BOUNDARY_KINDS)))
        msg = f"policies(boundaries=False, kinds=...) names boundary rules ({named}); drop one"
        raise InvalidArgument(msg)
    return chosen


def _urgencies(urgency: Urgency | str | Iterable[Urgency | str] | None) -> tuple[Urgency, ...]:
    if urgency is None:
        return (Urgency.ROUTINE, Urgency.URGENT)
    items = (urgency,) if isinstance(urgency, str) else tuple(urgency)
    try:
        chosen = {Urgency(u) for u in items}
    except ValueError:
        msg = f"urgency={urgency!r}: use 'routine', 'urgent' or both"
        raise InvalidArgument(msg) from None
    if Urgency.CRISIS in chosen:
        msg = "urgency=... names 'crisis', which has no turnaround (it is routed at once)"
        raise InvalidArgument(msg)
    if not chosen:
        msg = "urgency=... needs at least one of 'routine' and 'urgent'"
        raise InvalidArgument(msg)
    return tuple(u for u in Urgency if u in chosen)


def _holiday_codes(holidays: str | Iterable[str], where: str) -> tuple[str, ...]:
    codes = (holidays,) if isinstance(holidays, str) else tuple(dict.fromkeys(holidays))
    for code in codes:
        try:
            Policy(zone="UTC", holidays=[code])
        except ContactPolicyError:
            msg = f"{where}(holidays=...): {code!r} is not a holiday calendar code (try 'US')"
            raise InvalidArgument(msg) from None
    return codes


def _holiday_choices(codes: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return ((), *((code,) for code in codes))


# --- contacts ----------------------------------------------------------------------------------


def _bounds(
    where: str,
    *,
    min_year: int | None,
    max_year: int | None,
    start: date | datetime | None,
    end: date | datetime | None,
    default: tuple[int, int],
) -> tuple[datetime, datetime]:
    """The instants ``[lo, hi)`` a date range names (years, or dates and aware datetimes)."""
    if (start is not None or end is not None) and (min_year is not None or max_year is not None):
        msg = f"{where}: pass min_year/max_year or start/end, not both"
        raise InvalidArgument(msg)

    def instant(value: date | datetime, name: str, *, upper: bool) -> datetime:
        if isinstance(value, datetime):
            if not is_aware(value):
                msg = f"{where}({name}={value!r}): pass an aware datetime or a date"
                raise InvalidArgument(msg)
            return value.astimezone(UTC)
        day = value + timedelta(days=1) if upper else value
        return datetime.combine(day, time(), tzinfo=UTC)

    y0 = min_year if min_year is not None else default[0]
    y1 = max_year if max_year is not None else default[1]
    lo = datetime(y0, 1, 1, tzinfo=UTC)
    hi = datetime(y1 + 1, 1, 1, tzinfo=UTC)
    span = hi - lo
    if start is not None:
        lo = instant(start, "start", upper=False)
        hi = lo + span  # a start alone: as long a range as the default years
    if end is not None:
        hi = instant(end, "end", upper=True)
        lo = lo if start is not None else hi - span
    if hi - lo < timedelta(minutes=1):
        msg = f"{where}: the range {lo.isoformat()} to {hi.isoformat()} holds no minute"
        raise InvalidArgument(msg)
    return lo, hi


def contact_instants(
    min_year: int = 2025, max_year: int = 2027, zones: tuple[str, ...] = CLIENT_ZONES
) -> st.SearchStrategy[datetime]:
    """Aware instants on a minute grid, written in one of ``zones`` (or UTC).

    >>> from hypothesis import find
    >>> find(contact_instants(), lambda at: at.year == 2026).tzinfo is not None
    True
    """
    lo, hi = _bounds(
        "contact_instants",
        min_year=min_year,
        max_year=max_year,
        start=None,
        end=None,
        default=(min_year, max_year),
    )
    return _minute_instants(lo, hi, ("UTC", *_zone_names(zones, "contact_instants")))


def _minute_instants(
    lo: datetime, hi: datetime, written: Sequence[str]
) -> st.SearchStrategy[datetime]:
    minutes = (hi - lo) // timedelta(minutes=1)
    return st.builds(
        lambda m, tz: (lo + timedelta(minutes=m)).astimezone(tz),
        st.integers(0, minutes - 1),
        st.sampled_from(tuple(written)).map(ZoneInfo),
    )


@st.composite
def _local_instants(
    draw: st.DrawFn, lo: datetime, hi: datetime, zone: str, written: tuple[str, ...]
) -> datetime:
    """Wall times of ``zone`` (the real instant each names), half on a quarter-hour grid,
    shrinking to 09:00 on the first day; written in one of ``written``."""
    tz = ZoneInfo(zone)
    first = lo.astimezone(tz).date()
    days = (hi.astimezone(tz).date() - first).days
    day = first + timedelta(days=draw(st.integers(0, days)))
    minute = 15 * draw(st.integers(0, 95))
    if draw(st.booleans()):
        minute += draw(st.integers(1, 14))
    minute = (9 * 60 + minute) % (24 * 60)
    fold = draw(st.integers(0, 1))
    local = datetime.combine(day, time(minute // 60, minute % 60))
    at = local.replace(tzinfo=tz, fold=fold).astimezone(UTC)
    if at < lo:  # the first local day began before the range: the next day's wall time
        at = (local + timedelta(days=1)).replace(tzinfo=tz, fold=fold).astimezone(UTC)
    if not lo <= at < hi:
        at = lo + (at - lo) % (hi - lo)
    return at.astimezone(ZoneInfo(written[draw(st.integers(0, len(written) - 1))]))


_CONTACT_FIELDS = frozenset(Contact.model_fields) - {"at"}


def _known_channels(policy: Policy) -> tuple[Channel, ...]:
    found = [Channel.CALL]
    for gate in policy.rules_of(VoicemailGate):
        found += [c for c in gate.channels if c not in found]
    return tuple(found)


def _known_lines(policy: Policy) -> tuple[Line, ...]:
    found = [Line.OFFICE]
    if policy.rules_of(SchedulingOnlyLine):
        found.append(Line.SCHEDULING)
    if policy.rules_of(NoPersonalNumbers):
        found.append(Line.PERSONAL)
    if policy.rules_of(OutreachBoundary):
        found.append(Line.SECURE_PLATFORM)
    return tuple(found)


def contacts(
    at: st.SearchStrategy[datetime] | None = None,
    *,
    policy: Policy | None = None,
    min_year: int | None = None,
    max_year: int | None = None,
    start: date | datetime | None = None,
    end: date | datetime | None = None,
    **fixed: Any,
) -> st.SearchStrategy[Contact]:
    """Contacts with random attributes; keyword arguments fix any field (``urgency="crisis"``)
    or give its strategy (``urgency=st.sampled_from(["routine", "urgent"])``).

    - ``at``: a strategy of aware instants (by default minutes of the UTC years ``min_year`` to
      ``max_year``, 2025 to 2027, or from ``start`` to ``end``: UTC dates, both included, or
      aware datetimes; a start alone spans three years, as does an end alone);
    - ``policy``: contacts suited to that policy: at wall times of its zone, half of them on
      the quarter hour (shrinking to 09:00 on the first day; a time in a DST gap or fold is a
      real instant, either reading), written in its zone, UTC or a client's; on the channels
      it names (calls, and what its voicemail gates gate) and the lines its rules speak of (the office line, and the scheduling, personal and secure
      platform lines when its boundary rules concern them); the client's zone none, the
      policy's, or a few others.

    >>> from hypothesis import find
    >>> find(contacts(urgency="crisis"), lambda c: c.voicemail).urgency.value
    'crisis'
    >>> from contact_policy import default_policy
    >>> find(contacts(policy=default_policy(), start=date(2026, 11, 20)), lambda c: True)
    Contact(at=datetime.datetime(2026, 11, 20, 9, 0, tzinfo=zoneinfo.ZoneInfo(key='America/New_York')))
    """  # noqa: E501 - the doctest shows one whole repr
    unknown = sorted(set(fixed) - _CONTACT_FIELDS)
    if unknown:
        msg = (
            f"contacts({unknown[0]}=...): not a Contact field; the fields are "
            f"{', '.join(sorted(_CONTACT_FIELDS))}"
        )
        raise InvalidArgument(msg)
    ranged = any(v is not None for v in (min_year, max_year, start, end))
    if at is not None and ranged:
        msg = "contacts: pass at=... or a date range (min_year/max_year, start/end), not both"
        raise InvalidArgument(msg)
    lo, hi = _bounds(
        "contacts",
        min_year=min_year,
        max_year=max_year,
        start=start,
        end=end,
        default=(2025, 2027),
    )
    client_zones: tuple[str, ...] = CLIENT_ZONES
    channels: tuple[Channel, ...] = tuple(Channel)
    lines: tuple[Line, ...] = tuple(Line)
    if policy is not None:
        if not isinstance(policy, Policy):
            msg = f"contacts(policy={policy!r}): pass a Policy"
            raise InvalidArgument(msg)
        client_zones = tuple(dict.fromkeys((policy.zone, *CLIENT_ZONES)))
        channels, lines = _known_channels(policy), _known_lines(policy)
        if at is None:
            written = tuple(dict.fromkeys((policy.zone, "UTC", *CLIENT_ZONES)))
            at = _local_instants(lo, hi, policy.zone, written)
    if at is None:
        at = _minute_instants(lo, hi, ("UTC", *CLIENT_ZONES))
    fields: dict[str, Any] = {
        "direction": st.sampled_from(Direction),
        "channel": st.sampled_from(channels),
        "voicemail": st.booleans(),
        "urgency": st.sampled_from(Urgency),
        "client_zone": st.one_of(st.none(), st.sampled_from(client_zones)),
        "line": st.sampled_from(lines),
        "topic": st.one_of(st.none(), st.sampled_from(Topic)),
        "expected": st.booleans(),
        "scheduled": st.booleans(),
    }
    for name, value in fixed.items():
        fields[name] = value if isinstance(value, st.SearchStrategy) else st.just(value)
    return st.builds(Contact, at=at, **fields)


# --- rules -------------------------------------------------------------------------------------


@st.composite
def _day_spans(draw: st.DrawFn) -> list[tuple[str, str]]:
    start = draw(st.integers(5, 12)) * 60 + draw(st.sampled_from((0, 30)))
    length = draw(st.integers(1, 10)) * 60
    end = min(start + length, 24 * 60)
    return [(hhmm(start), hhmm(end))]


@st.composite
def operating_hours(
    draw: st.DrawFn, zone: str | None = None, *, holidays: Sequence[str] = ("US",)
) -> OperatingHours:
    """Operating hours on some weekdays (at least one); their zone ``zone`` (None: the
    policy's) and their holidays the policy's, none, or one code of ``holidays``."""
    days = draw(st.sets(st.sampled_from(DAYS), min_size=1, max_size=7))
    hours = {day: draw(_day_spans()) for day in sorted(days)}
    chosen = draw(st.sampled_from((None, *_holiday_choices(tuple(holidays)))))
    return OperatingHours(zone=zone, hours=hours, holidays=chosen)


_URGENCIES = (
    (Urgency.ROUTINE, Urgency.URGENT),
    (Urgency.ROUTINE,),
    (Urgency.URGENT,),
)


@st.composite
def turnarounds(
    draw: st.DrawFn,
    *,
    business: bool = True,
    urgency: tuple[Urgency, ...] | None = None,
) -> Turnaround:
    """A turnaround on any clock (``business=False`` leaves out the operating-hours clock),
    for ``urgency`` (drawn when not given)."""
    clocks = ["hours", "business_days"] + (["business_hours"] if business else [])
    clock = draw(st.sampled_from(clocks))
    if urgency is None:
        urgency = draw(st.sampled_from(_URGENCIES))
    if clock == "business_days":
        return Turnaround.business_days(draw(st.integers(1, 5)), urgency=urgency)
    hours = draw(st.sampled_from((1, 2, 4, 8, 24, 48, 72)))
    if clock == "business_hours":
        return Turnaround.business_hours(hours, urgency=urgency)
    skips: tuple[tuple[SkipDay, ...], ...] = (
        (),
        ("sat", "sun"),
        ("sat", "sun", "holidays"),
        ("holidays",),
    )
    skip = draw(st.sampled_from(skips))
    return Turnaround.hours(hours, skip=skip, urgency=urgency)


@st.composite
def callback_windows(draw: st.DrawFn) -> CallbackWindow:
    """A daily window of one to three hours, in the practice's or the client's zone."""
    start = draw(st.integers(6, 18))
    length = draw(st.integers(1, 3))
    days = draw(st.sampled_from((_WEEKDAYS, DAYS, ("mon", "wed", "fri"))))
    zone: Literal["practice", "client"] = draw(st.sampled_from(("practice", "client")))
    holidays = draw(st.sampled_from((None, ())))
    return CallbackWindow.daily(
        f"{start:02d}:00", f"{start + length:02d}:00", days=days, zone=zone, holidays=holidays
    )


def voicemail_gates() -> st.SearchStrategy[VoicemailGate]:
    """Voicemail gates on calls, or on calls and texts."""
    channels = st.sampled_from(((Channel.CALL,), (Channel.CALL, Channel.TEXT)))
    return st.builds(lambda c: VoicemailGate(channels=c), channels)


def _targets(urgencies: tuple[Urgency, ...]) -> tuple[tuple[tuple[Urgency, ...], ...], ...]:
    """Which turnarounds a policy may hold: none, one for all of ``urgencies``, one each, or
    one for a single urgency (each urgency has at most one target)."""
    options: list[tuple[tuple[Urgency, ...], ...]] = [(), (urgencies,)]
    if len(urgencies) > 1:
        options.append(tuple((u,) for u in urgencies))
        options += [((u,),) for u in urgencies]
    return tuple(options)


@st.composite
def _return_rules(
    draw: st.DrawFn,
    *,
    kinds: frozenset[str],
    urgencies: tuple[Urgency, ...],
    holidays: tuple[str, ...],
) -> list[Any]:
    rules: list[Any] = []
    has_hours = "operating_hours" in kinds and draw(st.booleans())
    if has_hours:
        rules.append(draw(operating_hours(holidays=holidays)))
    if "turnaround" in kinds:
        targets = draw(st.sampled_from(_targets(urgencies)))
        rules += [draw(turnarounds(business=has_hours, urgency=u)) for u in targets]
    if "callback_window" in kinds:
        rules += draw(st.lists(callback_windows(), max_size=2))
    if "voicemail_gate" in kinds and draw(st.booleans()):
        rules.append(draw(voicemail_gates()))
    return rules


def return_rules() -> st.SearchStrategy[list[Any]]:
    """A valid mix of call-return rules (at most one OperatingHours; business clocks only
    with it)."""
    return _return_rules(
        kinds=frozenset(CALL_RETURN_KINDS), urgencies=_URGENCIES[0], holidays=("US",)
    )


def after_hours_rules(*, holidays: Sequence[str] = ("US",)) -> st.SearchStrategy[AfterHours]:
    """After-hours routing with its own answering hours (in the policy's zone)."""
    return st.builds(
        lambda oh: AfterHours(hours=oh.hours, holidays=oh.holidays),
        operating_hours(holidays=holidays),
    )


def frequency_flags() -> st.SearchStrategy[FrequencyFlag]:
    """Frequency limits of 1 to 6 contacts within 1 to 14 days."""
    return st.builds(
        lambda n, d: FrequencyFlag(limit=n, period=timedelta(days=d)),
        st.integers(1, 6),
        st.integers(1, 14),
    )


def boundary_rules(
    *, kinds: Iterable[str] | None = None, holidays: Sequence[str] = ("US",)
) -> st.SearchStrategy[Any]:
    """Any one boundary rule (of ``kinds``, by default :data:`BOUNDARY_KINDS`)."""
    chosen = set(BOUNDARY_KINDS if kinds is None else kinds) & set(BOUNDARY_KINDS)
    if not chosen:
        msg = f"boundary_rules(kinds=...) names no boundary kind; they are {BOUNDARY_KINDS}"
        raise InvalidArgument(msg)
    by_kind: dict[str, st.SearchStrategy[Any]] = {
        "no_calls_during_sessions": st.just(NoCallsDuringSessions()),
        "after_hours": after_hours_rules(holidays=holidays),
        "outreach": st.sampled_from((OutreachBoundary(), OutreachBoundary(mode="flag"))),
        "no_personal_numbers": st.just(NoPersonalNumbers()),
        "scheduling_only_line": st.just(SchedulingOnlyLine()),
        "frequency": frequency_flags(),
    }
    # In this dict's order (what shrinking prefers: the first kind), not BOUNDARY_KINDS'.
    return st.one_of([strategy for k, strategy in by_kind.items() if k in chosen])


_EMERGENCY = EmergencyPath(
    instructions="In an emergency dial 911, or call or text 988.",
    contacts=(EmergencyContact(label="On-call clinician", number="+1-555-010-0123"),),
)


# --- policies ----------------------------------------------------------------------------------


@st.composite
def _policies(
    draw: st.DrawFn,
    *,
    zones: tuple[str, ...],
    kinds: frozenset[str],
    urgencies: tuple[Urgency, ...],
    holidays: tuple[str, ...],
) -> Policy:
    rules = draw(_return_rules(kinds=kinds, urgencies=urgencies, holidays=holidays))
    boundary = kinds & set(BOUNDARY_KINDS)
    if boundary:
        rules += draw(
            st.lists(
                boundary_rules(kinds=boundary, holidays=holidays),
                max_size=min(4, len(boundary)),
                unique_by=lambda r: r.kind,
            )
        )
    chosen = draw(st.sampled_from(_holiday_choices(holidays)))
    emergency = draw(st.sampled_from((None, _EMERGENCY)))
    zone = zones[0] if len(zones) == 1 else draw(st.sampled_from(zones))
    return Policy(zone=zone, holidays=chosen, rules=rules, emergency=emergency)


def policies(
    *,
    zones: str | Iterable[str] | None = None,
    kinds: str | Iterable[str] | None = None,
    urgency: Urgency | str | Iterable[Urgency | str] | None = None,
    boundaries: bool = True,
    holidays: str | Iterable[str] = ("US",),
) -> st.SearchStrategy[Policy]:
    """Valid policies mixing call-return and boundary rules, shrinking to a policy with no
    rules in ``America/New_York``.

    - ``zones``: the practice zones to draw from (a name or names; by default
      ``America/New_York``; pass :data:`ZONES` or :data:`DST_ZONES` for many);
    - ``kinds``: the rule kinds to draw from (each rule's own ``kind``: ``"turnaround"``,
      ``"operating_hours"``, ``"callback_window"``, ``"voicemail_gate"`` and the boundary
      kinds of :data:`BOUNDARY_KINDS`; by default all of them); a policy holds some of them,
      perhaps none;
    - ``urgency``: the urgencies turnarounds are drawn for (``"routine"``, ``"urgent"`` or
      both; by default both, in one turnaround or one each, or for one of them only);
    - ``boundaries=False`` leaves boundary rules out;
    - ``holidays``: the holiday codes the policy and its hours may name (none, or one).

    A business-hours turnaround comes only with operating hours, and each urgency has at most
    one turnaround, so every policy drawn is valid. Impossible combinations raise
    ``InvalidArgument`` at once.

    >>> from hypothesis import find
    >>> find(policies(), lambda p: len(p.rules) > 2).zone
    'America/New_York'
    >>> [r.kind for r in find(policies(kinds={"turnaround"}), lambda p: len(p.rules) > 0).rules]
    ['turnaround']
    >>> find(policies(zones=["Europe/London", "Asia/Kolkata"]), lambda p: True).zone
    'Europe/London'
    """
    if boundaries not in (True, False):
        msg = f"policies(boundaries={boundaries!r}): pass True or False"
        raise InvalidArgument(msg)
    chosen = _kinds(kinds, boundaries=boundaries)
    urgencies = _urgencies(urgency)
    if urgency is not None and "turnaround" not in chosen:
        msg = "policies(urgency=...) constrains turnarounds, but kinds=... leaves them out"
        raise InvalidArgument(msg)
    return _policies(
        zones=_zone_names(zones, "policies"),
        kinds=chosen,
        urgencies=urgencies,
        holidays=_holiday_codes(holidays, "policies"),
    )


#: The notices a drawn history requires (none, a day, the usual 30 days, two months).
NOTICES = (timedelta(0), timedelta(days=1), timedelta(days=30), timedelta(days=60))


@st.composite
def _histories(
    draw: st.DrawFn,
    *,
    min_versions: int,
    max_versions: int,
    notice: timedelta | None,
    zones: tuple[str, ...],
    versions_of: Any,
) -> PolicyHistory:
    required = draw(st.sampled_from(NOTICES)) if notice is None else notice
    zone = zones[0] if len(zones) == 1 else draw(st.sampled_from(zones))
    tz = ZoneInfo(zone)
    count = draw(st.integers(min_versions, max_versions))
    day = date(2025, 1, 1) + timedelta(days=draw(st.integers(0, 365)))
    versions: list[PolicyVersion] = []
    for i in range(count):
        if i:
            day += timedelta(days=draw(st.integers(1, 400)))
        minute = draw(st.one_of(st.just(0), st.integers(0, 24 * 60 - 1)))
        wall = datetime.combine(day, time()) + timedelta(minutes=minute)  # a wall time
        effective = wall_instant(wall, tz)
        earlier = draw(st.one_of(st.just(0), st.integers(0, 60 * 24 * 60)))
        latest = wall_instant(wall - required, tz) if i else effective
        announced = latest.astimezone(UTC) - timedelta(minutes=earlier)
        same = bool(versions) and draw(st.integers(0, 4)) == 0
        policy = versions[-1].policy if same else draw(versions_of[zone])
        versions.append(
            PolicyVersion(policy, effective=effective.astimezone(UTC), announced=announced)
        )
    return PolicyHistory(versions=versions, notice=required)


def histories(
    *,
    min_versions: int = 1,
    max_versions: int = 4,
    notice: timedelta | None = None,
    boundaries: bool = True,
    zones: str | Iterable[str] | None = None,
    kinds: str | Iterable[str] | None = None,
    urgency: Urgency | str | Iterable[Urgency | str] | None = None,
    holidays: str | Iterable[str] = ("US",),
) -> st.SearchStrategy[PolicyHistory]:
    """Valid policy histories of ``min_versions`` to ``max_versions`` versions of
    :func:`policies` (sometimes a version repeats the one before it), taking effect in order
    from 2025 on, half of them at midnight (as a date in a file gives it); each version after
    the first announced with the ``notice`` required (drawn from :data:`NOTICES` when not
    given), now and then exactly that much, the first at or before it takes effect. Instants
    are written in UTC. Every version is in one zone drawn from ``zones``; ``kinds``,
    ``urgency``, ``boundaries`` and ``holidays`` constrain each version as in
    :func:`policies`.

    >>> from hypothesis import find
    >>> len(find(histories(), lambda h: len(h.versions) > 1).versions)
    2
    """
    if not 1 <= min_versions <= max_versions:
        msg = (
            f"histories(min_versions={min_versions}, max_versions={max_versions}): need "
            "1 <= min_versions <= max_versions"
        )
        raise InvalidArgument(msg)
    if notice is not None and notice < timedelta(0):
        msg = f"histories(notice={notice!r}): a notice cannot be negative"
        raise InvalidArgument(msg)
    names = _zone_names(zones, "histories")
    # Each zone's policies, built (and their arguments checked) once, here.
    versions_of = {
        name: policies(
            zones=name, kinds=kinds, urgency=urgency, boundaries=boundaries, holidays=holidays
        )
        for name in names
    }
    return _histories(
        min_versions=min_versions,
        max_versions=max_versions,
        notice=notice,
        zones=names,
        versions_of=versions_of,
    )
