"""``Policy.check()``: a static analysis of one policy over a stated reference week and horizon.

The analysis works from the compiled calendars (operating hours, callback windows, the
turnarounds' clocks) and the rules' data, never from random sampling. The reference week is
the first Monday on or after ``start`` through the Sunday after it, in the practice's zone.
The horizon (a year from that Monday by default) adds the *dated* days that differ from the
weekly pattern: holidays of every calendar the policy names, closed dates, special hours,
closures and the zone's DST changes, each with its neighbours (and, for deadlines, the
receipts whose deadline reaches it); every other day of the horizon repeats a day of the
reference week. Each finding names the rules it concerns (``rules[2]``) and, where one shows
the problem, carries a contact that the caller can run through ``Policy.return_by`` (or
``Policy.in_bounds``).

Unreachable deadlines and urgency tiers: whether a receipt at ``r`` conflicts (and how two
urgencies' due times compare) depends only on where ``r`` and its deadline fall among the
edges of the permitted time, so it is constant, or moves with ``r``, between (a) the edges of
the restricting calendars, (b) those edges moved back by the turnaround (on its own clock)
and (c) local midnights (a business-days deadline depends on the day of receipt). The scan
asks ``return_by`` at every such edge, one microsecond either side, and, in the reference
week, on an hourly grid besides; every reported counterexample is an answer of ``return_by``
itself.

Private; imports the policy's parts (the policy imports it lazily).

One file: every finding is computed from the same compiled permitted time over the same week
and horizon.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from ._holidays import holiday_dates
from ._model import get_zone
from ._plan import _intersect
from ._time import DAY_US, HOUR_US, MINUTE_US, from_us, to_us
from .analysis import Finding, Severity
from .boundaries import AfterHours, NoPersonalNumbers, SchedulingOnlyLine
from .contact import Channel, Contact, Line, Urgency
from .errors import ContactPolicyError, PolicyValidationError, shown
from .hours import DAY_ABBRS, hhmm
from .rules import CallbackWindow, OperatingHours, Turnaround, VoicemailGate, is_skipped
from .wording import day_words, when

if TYPE_CHECKING:
    from ._plan import Plan
    from ._timeline import Timeline
    from .policy import Policy

__all__ = [
    "DEFAULT_CLIENT_HOURS",
    "DEFAULT_HORIZON",
    "DEFAULT_START",
    "MAX_HORIZON",
    "check_policy",
]

#: The default reference date: the reference week is the first full week from it.
DEFAULT_START = date(2026, 1, 5)
#: The default horizon over which dated days are scanned: a year from the reference Monday.
DEFAULT_HORIZON = timedelta(days=365)
#: The longest horizon a check accepts (ten years).
MAX_HORIZON = timedelta(days=3660)
#: The local hours at which a client may reasonably be called back: from 07:00 to 21:00.
DEFAULT_CLIENT_HOURS = (time(7, 0), time(21, 0))
#: The hourly grid the conflict scan asks at besides the edges (microseconds; a check, since
#: the edges suffice).
_GRID_US = HOUR_US
#: A window shorter than this, alone on its day, is reported as information.
_SHORT = timedelta(hours=2)
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
#: What an engine raises for an instant out of its reach.
_OUT_OF_REACH = (ContactPolicyError, OverflowError, ValueError)


def check_policy(
    policy: Policy,
    start: date = DEFAULT_START,
    *,
    client_zones: Iterable[str] = (),
    client_hours: tuple[time, time] = DEFAULT_CLIENT_HOURS,
    horizon: timedelta = DEFAULT_HORIZON,
) -> tuple[Finding, ...]:
    """The findings of ``policy.check(start=..., ...)``, most important first."""
    scope = _Scope(policy, _start(start), _horizon(horizon))
    zones = _zones(client_zones)
    bounds = _client_hours(client_hours)
    out: list[Finding] = []
    out += _unreachable(scope)
    out += _shadowing(scope)
    out += _windows_outside_hours(scope)
    out += _never_applies(scope)
    out += _holidays_vs_zone(policy)
    for zone in zones:
        out += _client_zone(scope, zone, bounds)
    out += _short_windows(policy, scope.monday)
    return tuple(sorted(out, key=lambda f: _ORDER[f.severity]))


# --- arguments --------------------------------------------------------------------------------


def _start(value: Any) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        msg = f"start={shown(value)} is not a date; pass e.g. datetime.date(2026, 1, 5)"
        raise PolicyValidationError(msg, path="start")
    if not date(3, 1, 1) <= value <= date(9000, 1, 1):
        msg = (
            f"start={shown(value)} is outside the years a check can reach (3 to 9000); pass e.g. "
            "datetime.date(2026, 1, 5)"
        )
        raise PolicyValidationError(msg, path="start")
    return value


def _horizon(value: Any) -> timedelta:
    if not isinstance(value, timedelta) or value <= timedelta(0) or value > MAX_HORIZON:
        msg = (
            f"horizon={shown(value)} is not a positive timedelta of at most ten years; pass e.g. "
            "datetime.timedelta(days=365)"
        )
        raise PolicyValidationError(msg, path="horizon")
    return value


def _zones(values: Any) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        msg = f"client_zones={shown(values)} is not a list of zones; pass e.g. ['Europe/London']"
        raise PolicyValidationError(msg, path="client_zones")
    out: list[str] = []
    for i, value in enumerate(values):
        name = get_zone(value, f"client_zones[{i}]").key
        if name not in out:
            out.append(name)
    return tuple(out)


def _client_hours(value: Any) -> tuple[time, time]:
    ok = (
        isinstance(value, tuple)
        and len(value) == 2
        and all(isinstance(t, time) and t.tzinfo is None for t in value)
        and value[0] < value[1]
    )
    if not ok:
        msg = (
            f"client_hours={shown(value)} is not two naive times, the earlier first; pass e.g. "
            "(datetime.time(7), datetime.time(21))"
        )
        raise PolicyValidationError(msg, path="client_hours")
    first, last = value
    return first, last


# --- the scope: the reference week, the horizon and its dated days ---------------------------


class _Scope:
    """The reference week and the horizon of one check, in epoch microseconds, and the dated
    days of the horizon that differ from the weekly pattern."""

    def __init__(self, policy: Policy, start: date, horizon: timedelta) -> None:
        self.policy = policy
        self.tz = policy.tz
        self.plan: Plan = policy._plan()
        self.monday = start + timedelta(days=(7 - start.weekday()) % 7)
        self.sunday = self.monday + timedelta(days=6)
        self.lo = self.midnight(self.monday)
        self.week_hi = self.midnight(self.monday + timedelta(days=7))
        self.hi = max(
            self.week_hi, to_us(datetime.combine(self.monday, time(), self.tz) + horizon)
        )
        self.last = from_us(self.hi - 1, self.tz).date()
        self.special = self._special_days()

    def midnight(self, day: date) -> int:
        return to_us(datetime.combine(day, time(), self.tz))

    def day_of(self, x: int) -> date:
        return from_us(x, self.tz).date()

    def week_words(self) -> str:
        return f"the week of {day_words(self.monday)} to {day_words(self.sunday)}"

    def horizon_words(self) -> str:
        return f"the horizon {day_words(self.monday)} to {day_words(self.last)}"

    def _special_days(self) -> tuple[date, ...]:
        """Dates of the horizon (after the reference week) whose hours may differ from the
        weekly pattern: holidays, closed and special dates, closures and DST changes."""
        policy, first, last = self.policy, self.monday, self.last
        days: set[date] = set()
        codes = set(policy.holidays)
        for rule in policy.rules_of((OperatingHours, CallbackWindow)):
            codes.update(rule.holidays or ())
            if isinstance(rule, OperatingHours):
                days.update(rule.closed)
                days.update(s.date for s in rule.special_hours)
                for closure in rule.closures:
                    day = max(first, closure.start.astimezone(self.tz).date())
                    end = min(last, closure.end.astimezone(self.tz).date())
                    while day <= end:
                        days.add(day)
                        day += timedelta(days=1)
        for code in sorted(codes):
            for year in range(first.year, last.year + 1):
                days.update(holiday_dates(code, year))
        # The zone's DST changes: a day whose UTC offset at its end differs from its start.
        day, offset = first, datetime.combine(first, time(), self.tz).utcoffset()
        while day <= last:
            following = datetime.combine(day + timedelta(days=1), time(), self.tz).utcoffset()
            if following != offset:
                days.add(day)
            day, offset = day + timedelta(days=1), following
        return tuple(sorted(d for d in days if first <= d <= last))

    def restriction_engines(self) -> list[Timeline]:
        """The restricting calendars' engines for a contact without a client zone."""
        plan = self.plan
        engines = [] if plan.hours is None else [plan.hours[1]]
        return engines + [w.practice for w in plan.windows]

    def regions(self, clocks: list[Any]) -> list[tuple[int, int]]:
        """The stretches of receipts (after the reference week) whose answer may differ from
        the weekly pattern: from the first receipt whose deadline on any of ``clocks``
        reaches a dated day (less a day) to the end of the day after it, merged."""
        spans: list[tuple[int, int]] = []
        for day in self.special:
            x = self.midnight(day - timedelta(days=1))
            lo = x - DAY_US
            for clock in clocks:
                lo = min(lo, _back(self, clock, x))
            hi = min(self.hi, self.midnight(day + timedelta(days=2)))
            lo = max(lo, self.week_hi)
            if lo < hi:
                spans.append((lo, hi))
        spans.sort()
        merged: list[tuple[int, int]] = []
        for lo, hi in spans:
            if merged and lo <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
            else:
                merged.append((lo, hi))
        return merged


def _back(scope: _Scope, clock: Any, x: int) -> int:
    """A receipt time at or before the first one whose deadline on ``clock`` reaches ``x``."""
    if clock.kind != "business_days":
        try:
            found: int = clock.engine.subtract(x, clock.within)
        except _OUT_OF_REACH:  # out of the clock's reach: back to the week's end
            return scope.week_hi
        return found - DAY_US
    # Business days: a receipt on a day with more than ``days`` business days between it and
    # x is due before x.
    day, count = scope.day_of(x), 0
    for _ in range(4 * 366):
        day -= timedelta(days=1)
        if _business_day(scope, clock, day):
            count += 1
            if count > clock.days:
                break
    return scope.midnight(day)


def _business_day(scope: _Scope, clock: Any, day: date) -> bool:
    if not clock.hours:
        return not is_skipped(day, clock.skip, clock.holidays)
    a = scope.midnight(day)
    return bool(clock.engine.intervals(a, scope.midnight(day + timedelta(days=1))))


def _path(policy: Policy, rule: Any) -> str:
    for i, r in enumerate(policy.rules):
        if r is rule:
            return f"rules[{i}]"
    return f"rules[{policy.rules.index(rule)}]"  # pragma: no cover - rules_of keeps identity


def _restriction_paths(policy: Policy) -> list[str]:
    found = [*policy.rules_of(OperatingHours), *policy.rules_of(CallbackWindow)]
    return [_path(policy, r) for r in found]


# --- candidates: the receipts at which answers may change -------------------------------------


def _candidates(scope: _Scope, clocks: list[Any], lo: int, hi: int, *, grid: bool) -> list[int]:
    """The receipts in ``[lo, hi)`` to ask about: the restricting calendars' edges, those
    edges moved back by each clock's turnaround, local midnights (each one microsecond either
    side) and, with ``grid``, an hourly grid."""
    edges: set[int] = set(range(lo, hi, _GRID_US)) if grid else {lo, hi - 1}
    day = scope.day_of(lo) - timedelta(days=1)
    while True:
        m = scope.midnight(day)
        if m > hi + DAY_US:
            break
        edges.add(m)
        day += timedelta(days=1)
    reach = hi + DAY_US
    received = from_us(hi, scope.tz)
    for clock in clocks:
        try:
            reach = max(reach, clock.deadline(received, hi)[0] + 2 * DAY_US)
        except _OUT_OF_REACH:  # a deadline out of reach: the day after will do
            continue
    for engine in scope.restriction_engines():
        for s, e in engine.intervals(lo - DAY_US, reach):
            edges.update((s, e))
    for clock in clocks:
        if clock.kind == "business_days" or not clock.within:
            continue
        for x in list(edges):
            try:
                edges.add(clock.engine.subtract(x, clock.within))
            except _OUT_OF_REACH:  # an edge out of the clock's reach
                continue
    return sorted({y for x in edges for y in (x - 1, x, x + 1) if lo <= y < hi})


def _dated_candidates(scope: _Scope, clocks: list[Any]) -> list[list[int]]:
    """The candidates of each dated region: its own edges, and the reference week's edges
    at the same weekday and wall time (where the weekly pattern's answer changes)."""
    weekly = _candidates(scope, clocks, scope.lo, scope.week_hi, grid=False)
    by_weekday: dict[int, list[time]] = {}
    for y in weekly:
        at = from_us(y, scope.tz)
        by_weekday.setdefault(at.weekday(), []).append(at.time())
    out: list[list[int]] = []
    for lo, hi in scope.regions(clocks):
        found = set(_candidates(scope, clocks, lo, hi, grid=False))
        day, last = scope.day_of(lo), scope.day_of(hi - 1)
        while day <= last:
            for wall in by_weekday.get(day.weekday(), ()):
                x = to_us(datetime.combine(day, wall, scope.tz))
                if lo <= x < hi:
                    found.add(x)
            day += timedelta(days=1)
        out.append(sorted(found))
    return out


# --- permitted time, looked up --------------------------------------------------------------

#: How far past a deadline ``return_by`` looks for the first permitted slot (as the plan).
_SEARCH_US = 732 * DAY_US
#: The longest stretch of permitted time a check computes at once (beyond it, return_by).
_MOST_US = 5 * 366 * DAY_US


class _Permitted:
    """The permitted time of a contact without a client zone (the intersection of every
    restriction, with closing instants, as ``return_by`` computes it) over one long stretch,
    so that conflicts and due times are looked up instead of computed per receipt. Outside
    the stretch the answer is None: ask ``return_by``."""

    def __init__(self, scope: _Scope, clocks: list[Any]) -> None:
        self.scope = scope
        self.clocks = clocks
        a = scope.lo - 2 * DAY_US
        reach = scope.hi
        received = from_us(scope.hi, scope.tz)
        for clock in clocks:
            try:
                reach = max(reach, clock.deadline(received, scope.hi)[0])
            except _OUT_OF_REACH:  # out of reach: answers past it go to return_by
                reach = a + _MOST_US
        b = min(reach + _SEARCH_US + 9 * DAY_US, a + _MOST_US)
        engines = scope.restriction_engines()
        self.a, self.b = a, b
        self.spans = _intersect(engines, a, b) if engines else [(a, b + 1)]
        self.starts = [x for x, _ in self.spans]

    def deadline(self, clock: Any, x: int) -> int:
        d: int = clock.deadline(self.scope.plan.conv(x), x)[0]
        return d

    def conflict(self, clock: Any, x: int) -> bool:
        """Does a receipt at ``x`` conflict (no permitted moment in ``[x, deadline]``)?"""
        d = self.deadline(clock, x)
        if x < self.a or d > self.b:
            conflict: bool = self._asked(clock, x).conflict
            return conflict
        i = bisect_right(self.starts, d) - 1
        return not (i >= 0 and self.spans[i][1] > x)

    def due(self, clock: Any, x: int) -> int:
        """``return_by(...).due`` of a receipt at ``x`` on ``clock``, as epoch us."""
        d = self.deadline(clock, x)
        if x >= self.a and d + _SEARCH_US < self.b:
            i = bisect_right(self.starts, d) - 1
            if i >= 0 and self.spans[i][1] > x:
                return min(d, self.spans[i][1] - 1)
            j = i + 1
            if j >= len(self.spans) or self.spans[j][0] > d + _SEARCH_US:
                return d  # no permitted slot within two years: due at the deadline
            if self.spans[j][1] - 1 < self.b:
                return self.spans[j][1] - 1
        due = self._asked(clock, x).due
        return d if due is None else to_us(due)

    def _asked(self, clock: Any, x: int) -> Any:
        urgency = clock.urgency[0]
        return self.scope.policy.return_by(
            Contact(from_us(x, self.scope.tz), voicemail=True, urgency=urgency)
        )


# --- (a) unreachable deadlines ------------------------------------------------------------


Span = tuple[int, int]


def _unreachable(scope: _Scope) -> list[Finding]:
    policy = scope.policy
    turnarounds = [t for t in policy.rules_of(Turnaround) if _targets(t)]
    restrictions = [*policy.rules_of(OperatingHours), *policy.rules_of(CallbackWindow)]
    if not turnarounds or not restrictions:
        return []
    plan = scope.plan
    out: list[Finding] = []
    for rule in turnarounds:
        clock = plan.by_urgency[_targets(rule)[0]]
        permitted = _Permitted(scope, [clock])
        week = _candidates(scope, [clock], scope.lo, scope.week_hi, grid=True)
        runs = _conflicts(permitted, clock, week)
        later = [
            r
            for c in _dated_candidates(scope, [clock])
            for r in _conflicts(permitted, clock, c, dated=True)
        ]
        if not runs and not later:
            continue
        for urgency in _targets(rule):
            out.append(_unreachable_finding(scope, rule, urgency, runs, later))
    return out


def _targets(rule: Turnaround) -> tuple[Urgency, ...]:
    return tuple(u for u in rule.urgency if u is not Urgency.CRISIS)


def _conflicts(
    permitted: _Permitted, clock: Any, candidates: list[int], *, dated: bool = False
) -> list[Span]:
    """Runs of conflicting candidates: (first, last). With ``dated``, only dated conflicts
    count: receipts whose weekday and wall time in the reference week do not conflict."""
    runs: list[Span] = []
    current: list[int] | None = None
    for x in candidates:
        hit = permitted.conflict(clock, x) and not (
            dated and permitted.conflict(clock, _weekly(permitted.scope, x))
        )
        if hit:
            if current is None:
                current = [x, x]
            else:
                current[1] = x
        elif current is not None:
            runs.append((current[0], current[1]))
            current = None
    if current is not None:
        runs.append((current[0], current[1]))
    return runs


def _weekly(scope: _Scope, x: int) -> int:
    """The instant of the reference week on ``x``'s weekday and wall time."""
    at = from_us(x, scope.tz)
    day = scope.monday + timedelta(days=at.weekday())
    return to_us(datetime.combine(day, at.time(), scope.tz))


def _stretches(runs: list[Span], tz: Any, most: int = 3) -> str:
    shown = [
        f"{when(from_us(s, tz))} to {when(from_us(e, tz))}" if e > s else when(from_us(s, tz))
        for s, e in runs[:most]
    ]
    more = f" and {len(runs) - most} more stretches" if len(runs) > most else ""
    return "; ".join(shown) + more


def _unreachable_finding(
    scope: _Scope, rule: Turnaround, urgency: Urgency, runs: list[Span], later: list[Span]
) -> Finding:
    policy, tz = scope.policy, scope.tz
    # The first whole-minute receipt of the first stretch, when it has one: easier to read.
    s0, e0 = (runs or later)[0]
    example = Contact(from_us(s0, tz), voicemail=True, urgency=urgency)
    rounded = -(-s0 // MINUTE_US) * MINUTE_US
    if rounded <= e0:
        candidate = Contact(from_us(rounded, tz), voicemail=True, urgency=urgency)
        if policy.return_by(candidate).conflict:
            example = candidate
    answer = policy.return_by(example)
    deadline = answer.deadline
    first = answer.earliest
    article = "an" if urgency is Urgency.URGENT else "a"
    text = (
        f"{article} {urgency.value} contact received {when(example.at.astimezone(tz))} cannot be "
        f"returned in time: deadline {when(deadline) if deadline else 'none'}, next permitted "
        f"time {when(first) if first else 'none within two years'}. "
    )
    if runs:
        text += f"In {scope.week_words()}, receipts conflict {_stretches(runs, tz)}"
    else:
        text += f"No receipt in {scope.week_words()} conflicts"
    if later:
        days = sorted({scope.day_of(s) for s, _ in later})
        shown = ", ".join(day_words(d) for d in days[:4])
        more = f" and {len(days) - 4} more days" if len(days) > 4 else ""
        text += (
            f"; over {scope.horizon_words()}, receipts that conflict on dated days only "
            f"(holidays, special days, DST changes), not in that week: first "
            f"{_stretches(later, tz, 1)} (receipts on {shown}{more})"
        )
    involved = [_path(policy, rule), *_restriction_paths(policy)]
    return Finding(severity=Severity.ERROR, rules=tuple(involved), text=text, example=example)


# --- (b) urgency tiers that shadow each other --------------------------------------------------


def _shadowing(scope: _Scope) -> list[Finding]:
    """An urgent contact due later than a routine one received at the same moment, or an
    urgent tier of its own that is never sooner; urgent contacts with no deadline when
    routine ones have one."""
    policy, plan = scope.policy, scope.plan
    routine = plan.by_urgency.get(Urgency.ROUTINE)
    urgent = plan.by_urgency.get(Urgency.URGENT)
    if routine is None:
        return []
    rules = policy.rules_of(Turnaround)
    r_rule = next(t for t in rules if Urgency.ROUTINE in t.urgency)
    if urgent is None:
        noon = from_us(scope.lo + 12 * _GRID_US, scope.tz)
        missing = Contact(noon, voicemail=True, urgency=Urgency.URGENT)
        text = (
            f"routine contacts have a turnaround ({r_rule.describe()}) but urgent ones have "
            "none, so an urgent call has no deadline at all while a routine one does; give "
            "the urgent tier a turnaround (or list 'urgent' on this one)"
        )
        return [
            Finding(
                severity=Severity.WARNING,
                rules=(_path(policy, r_rule),),
                text=text,
                example=missing,
            )
        ]
    if routine is urgent:
        return []  # one turnaround for both: the same deadline by design
    u_rule = next(t for t in rules if Urgency.URGENT in t.urgency)
    clocks = [routine, urgent]
    permitted = _Permitted(scope, clocks)
    spans = [_candidates(scope, clocks, scope.lo, scope.week_hi, grid=True)]
    spans += _dated_candidates(scope, clocks)
    later: list[int] = []  # receipts at which the urgent contact is due later
    sooner = False
    for candidates in spans:
        for x in candidates:
            due_r, due_u = permitted.due(routine, x), permitted.due(urgent, x)
            if due_u > due_r:
                later.append(x)
            elif due_u < due_r:
                sooner = True
        if later:
            break  # the first dated receipt is found: the rest of the horizon is not needed
    paths = (_path(policy, u_rule), _path(policy, r_rule))
    example: Contact | None = None
    for x in later[:50]:
        rounded = -(-x // MINUTE_US) * MINUTE_US
        example = _urgent_example(scope, rounded) or _urgent_example(scope, x)
        if example is not None:
            break
    if example is not None:
        u = policy.return_by(example)
        r = policy.return_by(example.model_copy(update={"urgency": Urgency.ROUTINE}))
        text = (
            f"an urgent contact received {when(example.at.astimezone(scope.tz))} is due "
            f"{when(_due(u))} (deadline {_deadline(u)}), later than a routine one received "
            f"then (due {when(_due(r))}, deadline {_deadline(r)}): the urgent tier "
            f"({u_rule.describe()}) is slower than the routine one ({r_rule.describe()}) for "
            f"such receipts ({_checked(scope, x)})"
        )
        return [Finding(severity=Severity.WARNING, rules=paths, text=text, example=example)]
    if not sooner and not later:
        example = Contact(
            from_us(scope.lo + 12 * _GRID_US, scope.tz), voicemail=True, urgency=Urgency.URGENT
        )
        text = (
            f"the urgent tier ({u_rule.describe()}) is never sooner than the routine one "
            f"({r_rule.describe()}): over {scope.horizon_words()} no urgent contact is due "
            "before a routine one received at the same time; shorten it, or let one "
            "turnaround serve both"
        )
        return [Finding(severity=Severity.INFO, rules=paths, text=text, example=example)]
    return []


def _urgent_example(scope: _Scope, x: int) -> Contact | None:
    at = from_us(x, scope.tz)
    plan = scope.plan
    due_r = plan.due(Contact(at, voicemail=True))
    example = Contact(at, voicemail=True, urgency=Urgency.URGENT)
    due_u = plan.due(example)
    if due_r is None or due_u is None or due_u <= due_r:
        return None
    return example


def _due(answer: Any) -> datetime:
    due: datetime = answer.due
    return due


def _deadline(answer: Any) -> str:
    return when(answer.deadline) if answer.deadline is not None else "none"


def _checked(scope: _Scope, x: int) -> str:
    if x < scope.week_hi:
        return f"found in {scope.week_words()}"
    return f"first found over {scope.horizon_words()}, none in {scope.week_words()}"


# --- (c) callback windows outside operating hours -------------------------------------------


def _windows_outside_hours(scope: _Scope) -> list[Finding]:
    policy = scope.policy
    operating = policy.operating_calendar
    if operating is None:
        return []
    tz = scope.tz
    week = [(scope.lo, scope.week_hi)]
    dated = [(scope.midnight(d), scope.midnight(d + timedelta(days=1))) for d in scope.special]
    dated = [(a, b) for a, b in dated if a >= scope.week_hi]
    out: list[Finding] = []
    oh_engine = operating._engine()
    for window in policy.rules_of(CallbackWindow):
        if window.zone == "client":
            continue  # read in each client's zone: no fixed practice time to compare
        engine = window.calendar_in(policy.zone, policy.holidays)._engine()
        gaps = [g for a, b in week for g in _gaps(engine, oh_engine, a, b)]
        later = [g for a, b in dated for g in _gaps(engine, oh_engine, a, b)]
        if not gaps and not later:
            continue
        s, e = (gaps or later)[0]
        text = f"the callback window {window.describe()} falls outside operating hours"
        if gaps:
            days = sorted(
                {DAY_ABBRS[from_us(g[0], tz).weekday()] for g in gaps}, key=DAY_ABBRS.index
            )
            text += f" on {', '.join(days)} in {scope.week_words()}"
        if later:
            shown = sorted({scope.day_of(g[0]) for g in later})
            more = f" and {len(shown) - 4} more" if len(shown) > 4 else ""
            text += (
                f"{' and' if gaps else ''} on dated days over {scope.horizon_words()}: "
                f"{', '.join(day_words(d) for d in shown[:4])}{more}"
            )
        text += (
            f", first {when(from_us(s, tz))} to {when(from_us(e, tz))}: no return can be made "
            "then, since every restriction must hold"
        )
        out.append(
            Finding(
                severity=Severity.WARNING,
                rules=(_path(policy, window), _path(policy, policy.operating_hours)),
                text=text,
                example=Contact(from_us(s, tz), voicemail=True),
            )
        )
    return out


def _gaps(window: Timeline, operating: Timeline, a: int, b: int) -> list[tuple[int, int]]:
    """The window's time in ``[a, b)`` when the operating hours are closed."""
    gaps: list[tuple[int, int]] = []
    for s, e in window.intervals(a, b):
        cursor = s
        for os, oe in operating.intervals(s, e):
            if os > cursor:
                gaps.append((cursor, os))
            cursor = max(cursor, oe)
        if cursor < e:
            gaps.append((cursor, e))
    return gaps


# --- (d) rules that can never apply ---------------------------------------------------------


def _never_applies(scope: _Scope) -> list[Finding]:
    """Rules whose effect is always someone else's: a voicemail gate every contact of which
    an earlier gate already catches; a scheduling-only line rule on lines a no-personal-
    numbers rule refuses outright; after-hours answering hours open throughout the horizon;
    a callback window open whenever the other restrictions permit a return (or, with none,
    always). A turnaround always applies: every urgency it may list (routine, urgent) is
    one a contact can carry, and a contact with a voicemail is never gated."""
    policy = scope.policy
    out: list[Finding] = []
    noon = from_us(scope.lo + 12 * _GRID_US, scope.tz)
    # Voicemail gates: the plan asks them in this order and the first that catches decides.
    caught: dict[tuple[Channel, Urgency], str] = {}
    for where, gate in _placed(policy, VoicemailGate):
        pairs = [(c, u) for c in gate.channels for u in gate.urgency]
        if all(p in caught for p in pairs):
            others = sorted({caught[p] for p in pairs}, key=_rule_index)
            channel, urgency = pairs[0]
            text = (
                f"the voicemail gate {where} ({gate.describe()}) never applies: "
                f"every contact it would gate is already gated by {', '.join(others)}, which "
                "is asked first; remove it or change its channels or urgencies"
            )
            example = Contact(noon, channel=channel, urgency=urgency)
            out.append(
                Finding(
                    severity=Severity.WARNING,
                    rules=(where, *others),
                    text=text,
                    example=example,
                )
            )
        for p in pairs:
            caught.setdefault(p, where)
    # Lines refused outright: a personal number is out of bounds whatever else is said.
    refusers = _placed(policy, NoPersonalNumbers)
    if refusers:
        refuser = refusers[0][0]
        for where, rule in _placed(policy, SchedulingOnlyLine):
            if Line.PERSONAL not in rule.lines:
                continue
            every = all(line is Line.PERSONAL for line in rule.lines)
            what = "never applies" if every else "never applies on the personal line"
            text = (
                f"the scheduling-only line rule {where} {what}: "
                f"{refuser} refuses every contact on a personal number "
                "first, so its verdict there is always that rule's; remove the personal line "
                "from its lines"
            )
            example = Contact(noon, line=Line.PERSONAL, topic=rule.forbidden_topics[0])
            out.append(
                Finding(
                    severity=Severity.WARNING,
                    rules=(where, refuser),
                    text=text,
                    example=example,
                )
            )
    # Answering hours open all the time: nothing is ever after hours.
    for where, rule in _placed(policy, AfterHours):
        calendar = (
            policy.operating_calendar
            if rule.hours is None
            else rule.calendar_in(policy.zone, policy.holidays)
        )
        if calendar is None:  # pragma: no cover - validation requires one
            continue
        if _always(calendar._engine(), scope.lo, scope.hi):
            text = (
                f"the after-hours rule {where} never applies: its answering "
                f"hours are open at every moment over {scope.horizon_words()}, so no call is "
                "ever after hours"
            )
            out.append(Finding(severity=Severity.WARNING, rules=(where,), text=text))
    # Callback windows that never narrow the permitted time: the other restrictions (the
    # operating hours and the other windows read in the practice's zone, less those already
    # reported) permit nothing the window does not. Rules are told apart by their place.
    restrictions: list[tuple[str, Timeline]] = []
    if policy.operating_hours is not None and policy.operating_calendar is not None:
        oh = (_path(policy, policy.operating_hours), policy.operating_calendar._engine())
        restrictions.append(oh)
    windows: list[tuple[str, CallbackWindow]] = [
        (f"rules[{i}]", r)
        for i, r in enumerate(policy.rules)
        if isinstance(r, CallbackWindow) and r.zone != "client"
    ]
    restrictions += [
        (where, w.calendar_in(policy.zone, policy.holidays)._engine()) for where, w in windows
    ]
    reported: set[str] = set()
    for where, window in windows:
        mine = next(e for p, e in restrictions if p == where)
        rest = [(p, e) for p, e in restrictions if p != where and p not in reported]
        if rest:
            alone = _intersect([e for _, e in rest], scope.lo, scope.hi)
            if _intersect([mine, *(e for _, e in rest)], scope.lo, scope.hi) != alone:
                continue
            names = ", ".join(p for p, _ in rest)
            why = (
                f"it is open whenever the others ({names}) permit a return, over "
                f"{scope.horizon_words()}, so they alone decide"
            )
        else:
            if not _always(mine, scope.lo, scope.hi):
                continue
            why = f"it is open at every moment over {scope.horizon_words()}"
        reported.add(where)
        involved = (where, *(p for p, _ in rest))
        text = (
            f"the callback window {where} ({window.describe()}) never applies: {why}; no "
            "return is ever held back by it"
        )
        out.append(Finding(severity=Severity.WARNING, rules=involved, text=text))
    return out


def _placed(policy: Policy, kind: type[Any]) -> list[tuple[str, Any]]:
    """The rules of ``kind`` with their paths, in the policy's canonical order (the order
    ``rules_of`` gives them and the plan asks them in); equal rules keep their own places."""
    found = [(f"rules[{i}]", r) for i, r in enumerate(policy.rules) if isinstance(r, kind)]
    return sorted(found, key=lambda item: item[1].model_dump_json())


def _rule_index(path: str) -> int:
    return int(path[len("rules[") : -1])


def _always(engine: Timeline, a: int, b: int) -> bool:
    spans = engine.intervals(a, b)
    return len(spans) == 1 and spans[0] == (a, b)


# --- (e) windows at unreasonable hours for clients in other zones ----------------------------


def _client_zone(scope: _Scope, zone: str, bounds: tuple[time, time]) -> list[Finding]:
    """Permitted return times over the horizon that reach a client in ``zone`` before
    ``bounds[0]`` or after ``bounds[1]`` on their own clock."""
    policy, plan = scope.policy, scope.plan
    if not plan.restricted:
        return []  # returns are not restricted: nothing the policy states to judge
    ctz = get_zone(zone, "client_zones")
    probe = Contact(from_us(scope.lo, ctz), voicemail=True, client_zone=zone)
    engines = [eng for _, _, eng in plan._restrictions(probe, probe.at, scope.lo, None)]
    permitted = _intersect(engines, scope.lo, scope.hi)
    bad: list[tuple[int, int]] = []
    for s, e in permitted:
        day = from_us(s, ctz).date()
        while True:
            midnight = to_us(datetime.combine(day, time(), ctz))
            if midnight >= e:
                break
            early = to_us(datetime.combine(day, bounds[0], ctz))
            late = to_us(datetime.combine(day, bounds[1], ctz)) + 1
            following = to_us(datetime.combine(day + timedelta(days=1), time(), ctz))
            for a, b in ((midnight, early), (late, following)):
                lo, hi = max(a, s), min(b, e)
                if lo < hi:
                    if bad and bad[-1][1] == lo:
                        bad[-1] = (bad[-1][0], hi)
                    else:
                        bad.append((lo, hi))
            day += timedelta(days=1)
    if not bad:
        return []
    s, e = bad[0]
    rounded = -(-s // MINUTE_US) * MINUTE_US
    at = rounded if rounded < e else s
    example = Contact(from_us(at, ctz), voicemail=True, client_zone=zone)
    week = [(a, b) for a, b in bad if a < scope.week_hi]
    shown = [_wall(a, b, ctz) for a, b in week[:5]]
    more = f" and {len(week) - 5} more" if len(week) > 5 else ""
    first, last = (hhmm(t.hour * 60 + t.minute) for t in bounds)
    text = (
        f"returns can reach a client in {zone} before {first} or after {last} their time: "
        f"first {when(from_us(at, ctz))}"
    )
    if week:
        text += f"; in {scope.week_words()}, their {'; '.join(shown)}{more}"
    else:
        text += f" (none in {scope.week_words()}, found over {scope.horizon_words()})"
    text += "; consider windows read in the client's zone (zone = 'client')"
    return [
        Finding(
            severity=Severity.WARNING,
            rules=tuple(_restriction_paths(policy)),
            text=text,
            example=example,
        )
    ]


def _wall(a: int, b: int, tz: Any) -> str:
    """``Mon 05:00–07:00``: a stretch on one wall clock (its end exclusive)."""
    s = from_us(a, tz)
    e = from_us(-(-(b - 1) // MINUTE_US) * MINUTE_US, tz)  # a closing instant ends it
    end = "24:00" if e.time() == time() and e.date() > s.date() else hhmm(e.hour * 60 + e.minute)
    return f"{DAY_ABBRS[s.weekday()]} {hhmm(s.hour * 60 + s.minute)}–{end}"


# --- (f) holidays and zone --------------------------------------------------------------------


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


# --- (g) a single short window a day --------------------------------------------------------


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
    days = ", ".join(DAY_ABBRS[d.weekday()] for d, _ in short)
    text = (
        f"on {days} calls are returned in a single window shorter than two hours; a client "
        "who works, cares for someone, or is not up or free then may not be reachable at all, "
        "so consider a second window at another time of day"
    )
    involved = tuple(_path(policy, w) for w in windows)
    return [Finding(severity=Severity.INFO, rules=involved, text=text)]
