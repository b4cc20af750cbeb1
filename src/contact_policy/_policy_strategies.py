"""Hypothesis strategies for contacts, rules and policies (re-exported by
:mod:`contact_policy.testing`; this module imports hypothesis, so nothing else imports it)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from .boundaries import (
    AfterHours,
    FrequencyFlag,
    NoCallsDuringSessions,
    NoPersonalNumbers,
    OutreachBoundary,
    SchedulingOnlyLine,
)
from .contact import Channel, Contact, Direction, Line, Topic, Urgency
from .history import PolicyHistory, PolicyVersion, wall_instant
from .hours import DAYS, hhmm
from .policy import EmergencyContact, EmergencyPath, Policy
from .rules import CallbackWindow, OperatingHours, SkipDay, Turnaround, VoicemailGate

__all__ = [
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


def contact_instants(
    min_year: int = 2025, max_year: int = 2027, zones: tuple[str, ...] = CLIENT_ZONES
) -> st.SearchStrategy[datetime]:
    """Aware instants on a minute grid, written in one of ``zones`` (or UTC).

    >>> from hypothesis import find
    >>> find(contact_instants(), lambda at: at.year == 2026).tzinfo is not None
    True
    """
    start = datetime(min_year, 1, 1, tzinfo=UTC)
    minutes = (datetime(max_year + 1, 1, 1, tzinfo=UTC) - start) // timedelta(minutes=1)
    written_in = st.sampled_from(("UTC", *zones)).map(ZoneInfo)
    return st.builds(
        lambda m, tz: (start + timedelta(minutes=m)).astimezone(tz),
        st.integers(0, minutes - 1),
        written_in,
    )


def contacts(
    at: st.SearchStrategy[datetime] | None = None, **fixed: Any
) -> st.SearchStrategy[Contact]:
    """Contacts with random attributes; keyword arguments fix any field (``urgency="crisis"``)
    or give its strategy (``urgency=st.sampled_from(["routine", "urgent"])``).

    >>> from hypothesis import find
    >>> find(contacts(urgency="crisis"), lambda c: c.voicemail).urgency.value
    'crisis'
    """
    fields: dict[str, Any] = {
        "direction": st.sampled_from(Direction),
        "channel": st.sampled_from(Channel),
        "voicemail": st.booleans(),
        "urgency": st.sampled_from(Urgency),
        "client_zone": st.one_of(st.none(), st.sampled_from(CLIENT_ZONES)),
        "line": st.sampled_from(Line),
        "topic": st.one_of(st.none(), st.sampled_from(Topic)),
        "expected": st.booleans(),
        "scheduled": st.booleans(),
    }
    for name, value in fixed.items():
        fields[name] = value if isinstance(value, st.SearchStrategy) else st.just(value)
    return st.builds(
        lambda at_, kw: Contact(at_, **kw),
        at if at is not None else contact_instants(),
        st.fixed_dictionaries(fields),
    )


@st.composite
def _day_spans(draw: st.DrawFn) -> list[tuple[str, str]]:
    start = draw(st.integers(5, 12)) * 60 + draw(st.sampled_from((0, 30)))
    length = draw(st.integers(1, 10)) * 60
    end = min(start + length, 24 * 60)
    return [(hhmm(start), hhmm(end))]


@st.composite
def operating_hours(draw: st.DrawFn, zone: str | None = None) -> OperatingHours:
    """Operating hours on some weekdays (at least one); their zone ``zone`` (None: the
    policy's) and their holidays the policy's, none, or US holidays."""
    days = draw(st.sets(st.sampled_from(DAYS), min_size=1, max_size=7))
    hours = {day: draw(_day_spans()) for day in sorted(days)}
    holidays = draw(st.sampled_from((None, (), ("US",))))
    return OperatingHours(zone=zone, hours=hours, holidays=holidays)


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


@st.composite
def return_rules(draw: st.DrawFn) -> list[Any]:
    """A valid mix of call-return rules (at most one OperatingHours; business clocks only
    with it)."""
    rules: list[Any] = []
    has_hours = draw(st.booleans())
    if has_hours:
        rules.append(draw(operating_hours()))
    # Each urgency has at most one target: none, one for both, or one each.
    targets = draw(st.sampled_from(((), _URGENCIES[:1], _URGENCIES[1:], _URGENCIES[1:2])))
    rules += [draw(turnarounds(business=has_hours, urgency=u)) for u in targets]
    rules += draw(st.lists(callback_windows(), max_size=2))
    if draw(st.booleans()):
        rules.append(draw(voicemail_gates()))
    return rules


def after_hours_rules() -> st.SearchStrategy[AfterHours]:
    """After-hours routing with its own answering hours (in the policy's zone)."""
    return st.builds(
        lambda oh: AfterHours(hours=oh.hours, holidays=oh.holidays), operating_hours()
    )


def frequency_flags() -> st.SearchStrategy[FrequencyFlag]:
    """Frequency limits of 1 to 6 contacts within 1 to 14 days."""
    return st.builds(
        lambda n, d: FrequencyFlag(limit=n, period=timedelta(days=d)),
        st.integers(1, 6),
        st.integers(1, 14),
    )


def boundary_rules() -> st.SearchStrategy[Any]:
    """Any one boundary rule."""
    return st.one_of(
        st.just(NoCallsDuringSessions()),
        after_hours_rules(),
        st.sampled_from((OutreachBoundary(), OutreachBoundary(mode="flag"))),
        st.just(NoPersonalNumbers()),
        st.just(SchedulingOnlyLine()),
        frequency_flags(),
    )


_EMERGENCY = EmergencyPath(
    instructions="In an emergency dial 911, or call or text 988.",
    contacts=(EmergencyContact(label="On-call clinician", number="+1-555-010-0123"),),
)


@st.composite
def policies(draw: st.DrawFn, *, boundaries: bool = True) -> Policy:
    """Valid policies in America/New_York mixing call-return and boundary rules.

    >>> from hypothesis import find
    >>> find(policies(), lambda p: len(p.rules) > 2).zone
    'America/New_York'
    """
    rules = draw(return_rules())
    if boundaries:
        rules += draw(st.lists(boundary_rules(), max_size=4, unique_by=lambda r: r.kind))
    holidays = draw(st.sampled_from(((), ("US",))))
    emergency = draw(st.sampled_from((None, _EMERGENCY)))
    return Policy(zone=PRACTICE_ZONE, holidays=holidays, rules=rules, emergency=emergency)


#: The notices a drawn history requires (none, a day, the usual 30 days, two months).
NOTICES = (timedelta(0), timedelta(days=1), timedelta(days=30), timedelta(days=60))


@st.composite
def histories(
    draw: st.DrawFn,
    *,
    min_versions: int = 1,
    max_versions: int = 4,
    notice: timedelta | None = None,
    boundaries: bool = True,
) -> PolicyHistory:
    """Valid policy histories of ``min_versions`` to ``max_versions`` versions of
    :func:`policies` (sometimes a version repeats the one before it), taking effect in order
    from 2025 on, half of them at midnight (as a date in a file gives it); each version after
    the first announced with the ``notice`` required (drawn from :data:`NOTICES` when not
    given), now and then exactly that much, the first at or before it takes effect. Instants
    are written in UTC.

    >>> from hypothesis import find
    >>> len(find(histories(), lambda h: len(h.versions) > 1).versions)
    2
    """
    required = draw(st.sampled_from(NOTICES)) if notice is None else notice
    tz = ZoneInfo(PRACTICE_ZONE)
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
        policy = versions[-1].policy if same else draw(policies(boundaries=boundaries))
        versions.append(
            PolicyVersion(policy, effective=effective.astimezone(UTC), announced=announced)
        )
    return PolicyHistory(versions=versions, notice=required)
