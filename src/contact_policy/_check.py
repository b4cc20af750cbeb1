"""``Policy.check()``: a static analysis of one policy over a stated reference week.

The analysis works from the compiled calendars (operating hours, callback windows, the
turnarounds' clocks), never from random sampling. The reference week is the first Monday on
or after ``start`` through the Sunday after it, in the practice's zone, holidays and special
days included. Each finding names the rules it concerns (``rules[2]``) and, where one shows
the problem, carries a contact that the caller can run through ``Policy.return_by``.

Unreachable deadlines: whether a receipt at ``r`` conflicts depends only on where ``r`` and
its deadline fall among the edges of the permitted time, so it is constant between (a) the
edges of the restricting calendars, (b) those edges moved back by the turnaround (on its own
clock) and (c) local midnights (a business-days deadline depends on the day of receipt).
The scan asks ``return_by`` at every such edge, one microsecond either side, and on a
an hourly grid besides; every reported counterexample is an answer of ``return_by`` itself.

Private; imports the policy's parts (the policy imports it lazily).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from .analysis import Finding, Severity
from .contact import Contact, Urgency
from .rules import CallbackWindow, OperatingHours, Turnaround
from .wording import day_words, when

if TYPE_CHECKING:
    from .policy import Policy

__all__ = ["DEFAULT_START", "check_policy"]

#: The default reference date: the reference week is the first full week from it.
DEFAULT_START = date(2026, 1, 5)
#: The hourly grid the conflict scan asks at besides the edges (microseconds; a check, since
#: the edges suffice).
_GRID_US = 60 * 60 * 1_000_000
#: A window shorter than this, alone on its day, is reported as information.
_SHORT = timedelta(hours=2)
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def check_policy(policy: Policy, start: date = DEFAULT_START) -> tuple[Finding, ...]:
    """The findings of ``policy.check(start=...)``, most important first."""
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    out: list[Finding] = []
    out += _unreachable(policy, monday)
    out += _windows_outside_hours(policy, monday)
    out += _holidays_vs_zone(policy)
    out += _short_windows(policy, monday)
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return tuple(sorted(out, key=lambda f: order[f.severity]))


def _path(policy: Policy, rule: Any) -> str:
    for i, r in enumerate(policy.rules):
        if r is rule:
            return f"rules[{i}]"
    return f"rules[{policy.rules.index(rule)}]"  # pragma: no cover - rules_of keeps identity


def _week(policy: Policy, monday: date) -> tuple[datetime, datetime]:
    tz = policy.tz
    a = datetime.combine(monday, time(), tz)
    b = datetime.combine(monday + timedelta(days=7), time(), tz)
    return a, b


def _us(value: datetime) -> int:
    return (value - _EPOCH) // timedelta(microseconds=1)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _from_us(value: int, tz: Any) -> datetime:
    return (_EPOCH + timedelta(microseconds=value)).astimezone(tz)


def _week_words(monday: date) -> str:
    return f"the week of {day_words(monday)} to {day_words(monday + timedelta(days=6))}"


# --- (a) unreachable deadlines ------------------------------------------------------------


def _unreachable(policy: Policy, monday: date) -> list[Finding]:
    turnarounds = [t for t in policy.rules_of(Turnaround) if _targets(t)]
    restrictions = [*policy.rules_of(OperatingHours), *policy.rules_of(CallbackWindow)]
    if not turnarounds or not restrictions:
        return []
    tz = policy.tz
    a, b = _week(policy, monday)
    lo, hi = _us(a), _us(b)
    plan = policy._plan()
    calendars = []
    if policy.operating_calendar is not None:
        calendars.append(policy.operating_calendar)
    calendars += [
        w.calendar_in(policy.zone, policy.holidays) for w in policy.rules_of(CallbackWindow)
    ]
    out: list[Finding] = []
    for rule in turnarounds:
        within = rule.within or timedelta(0)
        reach = b + within + timedelta(days=7 * (rule.days or 1) + 8)
        edges: set[int] = set(range(lo, hi, _GRID_US))
        day = monday
        while day <= monday + timedelta(days=7):
            edges.add(_us(datetime.combine(day, time(), tz)))
            day += timedelta(days=1)
        for calendar in calendars:
            for s, e in calendar.intervals(a - timedelta(days=1), reach):
                edges.update((_us(s), _us(e)))
        clock_engine = None
        for urgency in _targets(rule):
            clock_engine = plan.clock_of(urgency)
            break
        within_us = within // timedelta(microseconds=1)
        if within_us and clock_engine is not None:
            for x in list(edges):
                try:
                    edges.add(clock_engine.subtract(x, within_us))
                except Exception:  # noqa: S112 - an edge out of the clock's reach
                    continue
        candidates = sorted({y for x in edges for y in (x - 1, x, x + 1) if lo <= y < hi})
        for urgency in _targets(rule):
            found = _conflicts(policy, candidates, urgency, tz)
            if found:
                out.append(_unreachable_finding(policy, rule, urgency, found, monday))
    return out


def _targets(rule: Turnaround) -> tuple[Urgency, ...]:
    return tuple(u for u in rule.urgency if u is not Urgency.CRISIS)


def _conflicts(
    policy: Policy, candidates: list[int], urgency: Urgency, tz: Any
) -> list[tuple[int, int, Contact]]:
    """Runs of conflicting candidates: (first, last, the first's contact)."""
    runs: list[tuple[int, int, Contact]] = []
    current: list[Any] | None = None
    for x in candidates:
        contact = Contact(_from_us(x, tz), voicemail=True, urgency=urgency)
        if policy.return_by(contact).conflict:
            if current is None:
                current = [x, x, contact]
            else:
                current[1] = x
        elif current is not None:
            runs.append((current[0], current[1], current[2]))
            current = None
    if current is not None:
        runs.append((current[0], current[1], current[2]))
    return runs


def _unreachable_finding(
    policy: Policy,
    rule: Turnaround,
    urgency: Urgency,
    runs: list[tuple[int, int, Contact]],
    monday: date,
) -> Finding:
    tz = policy.tz
    # The first whole-minute receipt of the first stretch, when it has one: easier to read.
    s0, e0, example = runs[0]
    minute = 60_000_000
    rounded = -(-s0 // minute) * minute
    if rounded <= e0:
        candidate = Contact(_from_us(rounded, tz), voicemail=True, urgency=urgency)
        if policy.return_by(candidate).conflict:
            example = candidate
    answer = policy.return_by(example)
    shown = [
        f"{when(_from_us(s, tz))} to {when(_from_us(e, tz))}" if e > s else when(_from_us(s, tz))
        for s, e, _ in runs[:3]
    ]
    more = f" and {len(runs) - 3} more stretches" if len(runs) > 3 else ""
    deadline = answer.deadline
    first = answer.earliest
    article = "an" if urgency is Urgency.URGENT else "a"
    text = (
        f"{article} {urgency.value} contact received {when(example.at.astimezone(tz))} cannot be "
        f"returned in time: deadline {when(deadline) if deadline else 'none'}, next permitted "
        f"time {when(first) if first else 'none within two years'}. In {_week_words(monday)}, "
        f"receipts conflict {'; '.join(shown)}{more}"
    )
    involved = [_path(policy, rule)]
    involved += [_path(policy, r) for r in policy.rules_of(OperatingHours)]
    involved += [_path(policy, r) for r in policy.rules_of(CallbackWindow)]
    return Finding(severity=Severity.ERROR, rules=tuple(involved), text=text, example=example)


# --- (b) callback windows outside operating hours -------------------------------------------


def _windows_outside_hours(policy: Policy, monday: date) -> list[Finding]:
    operating = policy.operating_calendar
    if operating is None:
        return []
    a, b = _week(policy, monday)
    out: list[Finding] = []
    for window in policy.rules_of(CallbackWindow):
        if window.zone == "client":
            continue  # read in each client's zone: no fixed practice time to compare
        gaps: list[tuple[datetime, datetime]] = []
        for s, e in window.calendar_in(policy.zone, policy.holidays).intervals(a, b):
            cursor = s
            for os, oe in operating.intervals(s, e):
                if os > cursor:
                    gaps.append((cursor, os))
                cursor = max(cursor, oe)
            if cursor < e:
                gaps.append((cursor, e))
        if not gaps:
            continue
        days = sorted({_WEEKDAYS[g[0].weekday()] for g in gaps}, key=_WEEKDAYS.index)
        s, e = gaps[0]
        text = (
            f"the callback window {window.describe()} falls outside operating hours on "
            f"{', '.join(days)} in {_week_words(monday)}, first {when(s)} to {when(e)}: no "
            "return can be made then, since every restriction must hold"
        )
        out.append(
            Finding(
                severity=Severity.WARNING,
                rules=(_path(policy, window), _path(policy, policy.operating_hours)),
                text=text,
                example=Contact(s, voicemail=True),
            )
        )
    return out


# --- (e) holidays and zone --------------------------------------------------------------------


@cache
def _zone_countries() -> dict[str, frozenset[str]]:
    """Each zone's countries, from tzdata's zone.tab and zone1970.tab."""
    found: dict[str, set[str]] = {}
    try:
        root = resources.files("tzdata").joinpath("zoneinfo")
        for name in ("zone.tab", "zone1970.tab"):
            for line in root.joinpath(name).read_text(encoding="utf-8").splitlines():
                if not line or line.startswith("#"):
                    continue
                fields = line.split("\t")
                if len(fields) >= 3:
                    found.setdefault(fields[2], set()).update(fields[0].split(","))
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return {}
    return {zone: frozenset(codes) for zone, codes in found.items()}


def _holidays_vs_zone(policy: Policy) -> list[Finding]:
    countries = _zone_countries().get(policy.zone)
    if not countries:
        return []
    out: list[Finding] = []
    for i, code in enumerate(policy.holidays):
        country = code.split("-")[0].upper()
        if country not in countries:
            text = (
                f"the holiday calendar {code!r} is not a calendar of the zone {policy.zone} "
                f"(a zone of {', '.join(sorted(countries))}); check that these are the "
                "holidays the practice keeps"
            )
            out.append(
                Finding(severity=Severity.WARNING, rules=(f"holidays[{i}]", "zone"), text=text)
            )
    return out


# --- (f) a single short window a day --------------------------------------------------------


def _short_windows(policy: Policy, monday: date) -> list[Finding]:
    windows = policy.rules_of(CallbackWindow)
    if not windows:
        return []
    calendars = [w.calendar_in(policy.zone, policy.holidays) for w in windows]
    if policy.operating_calendar is not None:
        calendars.append(policy.operating_calendar)
    # The permitted time: the intersection of every restriction, day by day.
    short: list[tuple[date, timedelta]] = []
    tz = policy.tz
    for n in range(7):
        day = monday + timedelta(days=n)
        s = datetime.combine(day, time(), tz)
        e = datetime.combine(day + timedelta(days=1), time(), tz)
        spans = [(x, y) for x, y in calendars[0].intervals(s, e)]
        for calendar in calendars[1:]:
            spans = [
                (max(x, p), min(y, q))
                for x, y in spans
                for p, q in calendar.intervals(x, y)
                if max(x, p) < min(y, q)
            ]
        if len(spans) == 1 and spans[0][1] - spans[0][0] < _SHORT:
            short.append((day, spans[0][1] - spans[0][0]))
    if not short:
        return []
    days = ", ".join(_WEEKDAYS[d.weekday()] for d, _ in short)
    text = (
        f"on {days} calls are returned in a single window shorter than two hours; a client "
        "who works, cares for someone, or is not up or free then may not be reachable at all, "
        "so consider a second window at another time of day"
    )
    involved = tuple(_path(policy, w) for w in windows)
    return [Finding(severity=Severity.INFO, rules=involved, text=text)]
