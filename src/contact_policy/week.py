"""A picture of one week of a policy: open hours, answering hours, callback windows,
sessions, holidays and special days, and a call's receipt, earliest, due and permitted slots,
drawn as one self-contained SVG (:func:`week_svg`) or an HTML page holding it
(:func:`week_html`). docs/week.md explains the picture.

The week is Monday to Sunday in the practice's zone. Each day is a column whose height is the
local wall clock, 00:00 at the top to 24:00 at the bottom, one scale for every day: a band's
top is the wall time it starts, its bottom the wall time it ends. A day of 23 hours has a
hatched gap where the clock skips (in New York, 02:00 to 03:00 on the second Sunday of
March); on a day of 25 hours the repeated wall times (01:00 to 02:00 on the first Sunday of
November) share their rows, and a band in both passes is drawn over itself. Overnight hours
are split at midnight into two bands. Every band carries its ``<title>`` ("Open Mon 5 Jan
09:00–17:00") and data attributes: ``data-kind``, ``data-day`` (ISO date), ``data-start`` and
``data-end`` (wall times), ``data-from`` and ``data-to`` (the exact instants, ISO 8601).
Patterns and labels tell the kinds apart, not colour alone. Nothing reads a clock.

>>> from datetime import date, datetime
>>> from zoneinfo import ZoneInfo
>>> from contact_policy import default_policy
>>> svg = week_svg(default_policy(), date(2026, 1, 5),
...                call=datetime(2026, 1, 9, 15, tzinfo=ZoneInfo("America/New_York")))
>>> svg.startswith("<svg"), 'data-kind="answering"' in svg, 'data-kind="due"' in svg
(True, True, True)
>>> week_start(date(2026, 1, 8))
datetime.date(2026, 1, 5)

Imports the policy's parts and the report's page style.

One file: the week's bands, their SVG and the HTML page are one drawing with one layout (the
constants at the top).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from html import escape
from itertools import pairwise
from typing import Any

from ._time import (
    DAY_S,
    DAY_US,
    EPOCH_ORDINAL,
    HOUR_US,
    MAX_YEAR,
    MIN_YEAR,
    MINUTE_US,
    US,
    aware_us,
    from_us,
    to_us,
)
from .boundaries import AfterHours
from .calendar import BusinessCalendar
from .contact import Contact
from .errors import (
    ContactPolicyError,
    PolicyFileError,
    PolicyValidationError,
    open_user_file,
    shown,
    user_path,
)
from .hours import DAY_ABBRS, hhmm
from .policy import Policy
from .rules import CallbackWindow, StatedHours
from .sessions import SessionSchedule, as_schedule
from .wording import MONTH_ABBRS, day_words, when

__all__ = ["HOUR_PX", "TOP", "load_sessions", "week_html", "week_start", "week_svg"]

#: Pixels per hour of wall time (the vertical scale of every day column).
HOUR_PX = 24
#: The y of 00:00 (the header with the dates and day labels is above it).
TOP = 120
#: The x of the first day column, and each column's width.
LEFT = 56
COLUMN = 136

#: kind -> (legend words, fill colour, pattern line colour, pattern drawing).
_STYLES: dict[str, tuple[str, str, str, str]] = {
    "open": ("open (operating hours)", "#cfe3f7", "#1f5a96", "diagonal"),
    "answering": ("calls answered", "#d8ecd3", "#2e6b25", "horizontal"),
    "window": ("callback window", "#fde3c0", "#9a4f00", "cross"),
    "session": ("session", "#e4dcf0", "#4b2f7a", "vertical"),
    "permitted": ("permitted to return the call", "#c9efe6", "#0b6b55", "dots"),
    "holiday": ("holiday or closed day", "#f1f1f1", "#777777", "back"),
    "gap": ("wall times that do not exist (clocks go forward)", "#c4c4c4", "#222222", "dense"),
}
_MARKS = {
    "received": ("call received", "#000000", ""),
    "earliest": ("earliest return", "#0b6b55", "6 3"),
    "due": ("due: the latest permitted return", "#b00020", "2 2"),
}


# --- geometry ----------------------------------------------------------------------------------


def y_of(seconds: float) -> float:
    """The y of a wall time, ``seconds`` after local midnight (linear: 00:00 at :data:`TOP`)."""
    return TOP + seconds * HOUR_PX / 3600


def week_start(day: date) -> date:
    """The Monday of the week (Monday to Sunday) holding ``day``."""
    return day - timedelta(days=day.weekday())


def _num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _midnight_us(day: date, tz: tzinfo) -> int:
    """The first instant of ``day`` in ``tz`` (where midnight is skipped, the first wall time
    after the gap)."""
    return to_us(datetime.combine(day, time(), tz))


def _offset_us(x: int, tz: tzinfo) -> int:
    off = from_us(x, tz).utcoffset() or timedelta(0)
    return off // US


def _transitions(a: int, b: int, tz: tzinfo) -> list[int]:
    """The instants in ``(a, b)`` where ``tz``'s offset changes (exact to the microsecond:
    hourly steps, then a bisection where the offset differs)."""
    out: list[int] = []
    step = HOUR_US
    lo, off = a, _offset_us(a, tz)
    while lo < b:
        hi = min(lo + step, b - 1)
        if hi <= lo:
            break
        off_hi = _offset_us(hi, tz)
        if off_hi != off:
            x, y = lo, hi  # offset(x) == off, offset(y) != off
            while y - x > 1:
                mid = (x + y) // 2
                if _offset_us(mid, tz) == off:
                    x = mid
                else:
                    y = mid
            out.append(y)
            lo, off = y, _offset_us(y, tz)
            continue
        lo = hi
    return out


@dataclass(frozen=True)
class _Day:
    """One day column: its date, first and end instants, and the offset changes inside it."""

    date: date
    index: int
    a: int
    b: int
    changes: tuple[int, ...]
    tz: tzinfo

    def wall(self, x: int, offset: int) -> float:
        """Seconds after local midnight of the wall time of ``x`` read at ``offset`` (us)."""
        midnight = (self.date.toordinal() - EPOCH_ORDINAL) * DAY_US
        return (x + offset - midnight) / 1_000_000

    def pieces(self, s: int, e: int) -> list[tuple[float, float]]:
        """``[s, e)`` (inside the day) as wall-time pieces, split where the offset changes."""
        cuts = [s, *(c for c in self.changes if s < c < e), e]
        out = []
        for p, q in pairwise(cuts):
            off = _offset_us(p, self.tz)
            out.append((self.wall(p, off), self.wall(q, off)))
        return out

    def shifts(self) -> list[tuple[str, float, float]]:
        """("gap" | "repeat", from, to) wall seconds for each offset change in the day."""
        out = []
        for c in self.changes:
            before, after = _offset_us(c - 1, self.tz), _offset_us(c, self.tz)
            w1, w2 = self.wall(c, before), self.wall(c, after)
            if after > before:
                out.append(("gap", max(w1, 0.0), min(w2, float(DAY_S))))
            else:
                out.append(("repeat", max(w2, 0.0), min(w1, float(DAY_S))))
        return out


def _days(monday: date, tz: tzinfo) -> list[_Day]:
    out = []
    for i in range(7):
        d = monday + timedelta(days=i)
        a, b = _midnight_us(d, tz), _midnight_us(d + timedelta(days=1), tz)
        changes = _transitions(a - 1, b, tz)
        out.append(_Day(d, i, a, b, tuple(c for c in changes if a <= c < b), tz))
    return out


def _clock(seconds: float) -> str:
    """A wall time as ``HH:MM`` (``HH:MM:SS`` or with microseconds when it has them)."""
    us = round(seconds * 1_000_000)
    minutes, rest = divmod(us, MINUTE_US)
    s, micro = divmod(rest, 1_000_000)
    text = hhmm(minutes)
    if s or micro:
        text += f":{s:02d}" + (f".{micro:06d}" if micro else "")
    return text


def _short_day(d: date) -> str:
    return f"{DAY_ABBRS[d.weekday()]} {d.day} {MONTH_ABBRS[d.month - 1]}"


# --- what is drawn ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lane:
    kind: str
    name: str
    intervals: tuple[tuple[int, int], ...]
    #: Where it comes from: the rule's path (``rules[2]``), ``sessions`` or ``call``.
    source: str


def _path(policy: Policy, rule: Any) -> str:
    """The rule's place in the policy, as errors and findings name it (``rules[2]``)."""
    for i, r in enumerate(policy.rules):
        if r is rule:
            return f"rules[{i}]"
    return f"rules[{policy.rules.index(rule)}]"  # pragma: no cover - rules_of keeps identity


def _lanes(
    policy: Policy, a: int, b: int, sessions: SessionSchedule | None, slots: Sequence[Any]
) -> list[_Lane]:
    start, end = from_us(a, policy.tz), from_us(b, policy.tz)

    def spans(cal: BusinessCalendar) -> tuple[tuple[int, int], ...]:
        return tuple((to_us(i.start), to_us(i.end)) for i in cal.intervals(start, end))

    lanes = []
    operating = policy.operating_calendar
    oh = policy.operating_hours
    if operating is not None and oh is not None:
        lanes.append(_Lane("open", oh.name or "Open", spans(operating), _path(policy, oh)))
    for rule in policy.rules_of(AfterHours):
        if rule.hours is not None:
            cal = rule.calendar_in(policy.zone, policy.holidays)
            name = rule.name or "Calls answered"
            lanes.append(_Lane("answering", name, spans(cal), _path(policy, rule)))
    for window in policy.rules_of(CallbackWindow):
        cal = window.calendar_in(policy.zone, policy.holidays)
        name = window.name or "Callback window"
        if window.zone == "client":
            name += " (client's time, drawn as the practice's)"
        lanes.append(_Lane("window", name, spans(cal), _path(policy, window)))
    if sessions is not None:
        found = _sessions(sessions, a, b, policy)
        lanes.append(_Lane("session", "Session", found, "sessions"))
    if slots:
        found = tuple(
            (max(s, a), min(e, b))
            for s, e in ((to_us(x.start), to_us(x.end)) for x in slots)
            if s < b and e > a
        )
        lanes.append(_Lane("permitted", "Permitted to return the call", found, "call"))
    return lanes


def _sessions(
    schedule: SessionSchedule, a: int, b: int, policy: Policy
) -> tuple[tuple[int, int], ...]:

    found: set[tuple[int, int]] = set()
    for s in schedule.sessions:
        x, y = to_us(s.start), to_us(s.end)
        if x < b and y > a:
            found.add((x, y))
    tz = policy.tz
    years = range(from_us(a, tz).year - 1, from_us(b, tz).year + 1)
    for series in schedule.series:
        length = series.duration // US
        expansion = series.expansion(tz)
        for year in years:
            for x in expansion._starts(year, tz):
                if x < b and x + length > a:
                    found.add((x, x + length))
    return tuple(sorted(found))


def _holiday_names(day: date, codes: Iterable[str]) -> list[str]:
    import holidays

    from ._holidays import _holiday_code

    out = []
    for code in codes:
        country, subdiv = _holiday_code(code)
        name = holidays.country_holidays(country, subdiv=subdiv, years=day.year).get(day)
        if name:
            out.append(f"{code}: {name}")
    return out


def _day_labels(policy: Policy, day: _Day) -> list[tuple[str, str]]:
    """(kind, text) labels of a day: holidays, special days, clock changes."""
    codes: list[str] = list(policy.holidays)
    stated: list[tuple[str, StatedHours]] = []
    oh = policy.operating_hours
    if oh is not None:
        stated.append(("open hours", oh))
    stated += [("answering", r) for r in policy.rules_of(AfterHours) if r.hours is not None]
    for _, rule in stated:
        codes += [c for c in rule.holidays or () if c not in codes]
    for window in policy.rules_of(CallbackWindow):
        codes += [c for c in window.holidays or () if c not in codes]
    out = [("holiday", f"Holiday {name}") for name in _holiday_names(day.date, codes)]
    for what, rule in stated:
        for special in rule.special_hours:
            if special.date == day.date:
                hours = ", ".join(str(s) for s in special.hours) or "closed"
                out.append(("special", f"Special {what}: {hours}"))
        if day.date in rule.closed:
            out.append(("special", f"Closed date ({what})"))
        for closure in rule.closures:
            x, y = max(to_us(closure.start), day.a), min(to_us(closure.end), day.b)
            if x < y:
                pieces = day.pieces(x, y)
                span = f"{_clock(pieces[0][0])}–{_clock(pieces[-1][1])}"
                out.append(("special", f"Closed {span} ({what})"))
    for kind, w1, w2 in day.shifts():
        if kind == "gap":
            out.append(("dst", f"Clocks go forward: {_clock(w1)}–{_clock(w2)} skipped"))
        else:
            out.append(("dst", f"Clocks go back: {_clock(w1)}–{_clock(w2)} twice"))
    return out


# --- drawing ------------------------------------------------------------------------------------


def _patterns() -> str:
    out = ["<defs>"]
    for kind, (_, fill, ink, shape) in _STYLES.items():
        if shape == "diagonal":
            body = f'<path d="M0,8 L8,0" stroke="{ink}" stroke-width="1.2"/>'
        elif shape == "horizontal":
            body = f'<path d="M0,4.5 L8,4.5" stroke="{ink}" stroke-width="1"/>'
        elif shape == "cross":
            body = f'<path d="M0,0 L8,8 M8,0 L0,8" stroke="{ink}" stroke-width="0.9"/>'
        elif shape == "vertical":
            body = f'<path d="M4.5,0 L4.5,8" stroke="{ink}" stroke-width="1"/>'
        elif shape == "dots":
            body = f'<circle cx="4" cy="4" r="1.4" fill="{ink}"/>'
        elif shape == "back":
            body = f'<path d="M0,0 L8,8" stroke="{ink}" stroke-width="0.6"/>'
        else:
            body = (
                f'<path d="M0,0 L8,8 M-2,6 L2,10 M6,-2 L10,2" stroke="{ink}" stroke-width="1.4"/>'
            )
        out.append(
            f'<pattern id="week-{kind}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f'<rect width="8" height="8" fill="{fill}"/>{body}</pattern>'
        )
    out.append("</defs>")
    return "".join(out)


def _wrap(text: str, width: int = 24) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _iso(x: int, tz: tzinfo) -> str:
    return from_us(x, tz).isoformat()


def _band(lane: _Lane, day: _Day, s: int, e: int, x: float, width: float, tz: tzinfo) -> str:
    kind, name = lane.kind, lane.name
    pieces = day.pieces(s, e)
    w1, w2 = pieces[0][0], pieces[-1][1]
    label = f"{name} {_short_day(day.date)} {_clock(w1)}–{_clock(w2)}"
    if len(pieces) > 1:
        label += f" ({when(from_us(s, tz))} to {when(from_us(e, tz))})"
    parts = [
        f'<g class="band" data-kind="{kind}" data-rule="{lane.source}" '
        f'data-day="{day.date.isoformat()}" '
        f'data-start="{_clock(w1)}" data-end="{_clock(w2)}" data-from="{_iso(s, tz)}" '
        f'data-to="{_iso(e, tz)}"><title>{escape(label)}</title>'
    ]
    for p, q in pieces:
        y1, y2 = y_of(p), y_of(q)
        parts.append(
            f'<rect x="{_num(x)}" y="{_num(y1)}" width="{_num(width)}" '
            f'height="{_num(y2 - y1)}" fill="url(#week-{kind})" stroke="{_STYLES[kind][2]}" '
            f'stroke-width="1" data-start="{_clock(p)}" data-end="{_clock(q)}"/>'
        )
    # The start time written at a band's top (not on a call's slots: their first starts at
    # the marked earliest time, whose label would overlap it).
    if y_of(w2) - y_of(w1) >= 14 and len(pieces) == 1 and kind != "permitted":
        parts.append(
            f'<text x="{_num(x + 2)}" y="{_num(y_of(w1) + 11)}" font-size="9" '
            f'fill="#111" aria-hidden="true">{escape(_clock(w1))}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


def _call(contact: Contact | datetime | None, zone: str) -> Contact | None:
    if contact is None or isinstance(contact, Contact):
        return contact
    aware_us(contact, "call", zone)
    return Contact(contact, voicemail=True)


def _check_start(start: Any) -> date:
    if isinstance(start, datetime) or not isinstance(start, date):
        msg = f"start={shown(start)} is not a date; pass e.g. date(2026, 1, 5)"
        raise PolicyValidationError(msg, path="start")
    if not MIN_YEAR <= start.year <= MAX_YEAR:
        msg = (
            f"start={start.isoformat()} is outside the years {MIN_YEAR} to {MAX_YEAR} the "
            "library draws"
        )
        raise PolicyValidationError(msg, path="start")
    monday = week_start(start)
    if monday.year < MIN_YEAR:
        msg = (
            f"start={start.isoformat()}: the week holding it starts on Monday "
            f"{monday.isoformat()}, before {date(MIN_YEAR, 1, 1).isoformat()}, the first day the "
            "library draws; pick a later date"
        )
        raise PolicyValidationError(msg, path="start")
    if (monday + timedelta(days=7)).year > MAX_YEAR:
        msg = (
            f"start={start.isoformat()}: the week from Monday {monday.isoformat()} runs past "
            f"{date(MAX_YEAR, 12, 31).isoformat()}, the last day the library draws; pick an "
            "earlier date"
        )
        raise PolicyValidationError(msg, path="start")
    return monday


def week_svg(
    policy: Policy,
    start: date,
    *,
    call: Contact | datetime | None = None,
    sessions: SessionSchedule | Iterable[Any] | None = None,
) -> str:
    """The week (Monday to Sunday) holding ``start`` drawn as one self-contained SVG.

    ``call`` is a :class:`Contact`, or an aware datetime meaning a call on which a voicemail
    was left; its receipt, earliest and due times and permitted slots are drawn from
    ``policy.return_by``. ``sessions`` are what ``Policy.in_bounds(sessions=...)`` takes.
    Raises :class:`~contact_policy.PolicyValidationError` for a bad argument.

    >>> from datetime import date
    >>> from contact_policy import CallbackWindow, OperatingHours, Policy
    >>> policy = Policy(zone="Europe/London", rules=[
    ...     OperatingHours(hours={"mon-fri": ["09:00-17:00"]}),
    ...     CallbackWindow.daily("12:00", "13:00")])
    >>> svg = week_svg(policy, date(2026, 3, 23))
    >>> svg.count('data-kind="open"'), svg.count('data-kind="window"')
    (5, 5)
    >>> "<title>Open Mon 23 Mar 09:00–17:00</title>" in svg
    True
    """
    if not isinstance(policy, Policy):
        msg = f"policy={shown(policy)} is not a Policy; load one with load_policy(path)"
        raise PolicyValidationError(msg, path="policy")
    monday = _check_start(start)
    contact = _call(call, policy.zone)
    schedule = as_schedule(sessions)
    tz = policy.tz
    days = _days(monday, tz)
    a, b = days[0].a, days[-1].b
    obligation = policy.return_by(contact) if contact is not None else None
    slots = obligation.slots if obligation is not None else ()
    lanes = _lanes(policy, a, b, schedule, slots)
    return "".join(_svg(policy, monday, days, lanes, obligation, contact))


def _svg(
    policy: Policy,
    monday: date,
    days: list[_Day],
    lanes: list[_Lane],
    obligation: Any,
    contact: Contact | None,
) -> Iterator[str]:
    tz = policy.tz
    bottom = y_of(DAY_S)
    legend_kinds = [k for k in _STYLES if k in {lane.kind for lane in lanes}]
    shifts = {kind for d in days for kind, _, _ in d.shifts()}
    if any(k == "holiday" for d in days for k, _ in _day_labels(policy, d)):
        legend_kinds.append("holiday")
    if "gap" in shifts:
        legend_kinds.append("gap")
    marks = []
    if obligation is not None:
        marks.append(("received", obligation.received))
        if obligation.earliest is not None:
            marks.append(("earliest", obligation.earliest))
        if obligation.due is not None:
            marks.append(("due", obligation.due))
    legend_items = len(legend_kinds) + len(marks) + ("repeat" in shifts)
    width = LEFT + 7 * COLUMN + 12
    height = bottom + 34 + 18 * ((legend_items + 2) // 3) + 8
    name = policy.name or "the policy"
    sunday = monday + timedelta(days=6)
    title = f"The week of {day_words(monday)} to {day_words(sunday)}: {name}"
    desc = _desc(policy, days, lanes, obligation)
    yield (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="week" width="{width}" '
        f'height="{_num(height)}" viewBox="0 0 {width} {_num(height)}" role="img" '
        'aria-labelledby="week-title week-desc" font-family="sans-serif" '
        f'data-zone="{escape(policy.zone)}" data-monday="{monday.isoformat()}" '
        f'data-top="{TOP}" data-hour="{HOUR_PX}" data-left="{LEFT}" data-column="{COLUMN}">'
    )
    yield f'<title id="week-title">{escape(title)}</title>'
    yield f'<desc id="week-desc">{escape(desc)}</desc>'
    yield _patterns()
    yield f'<rect width="{width}" height="{_num(height)}" fill="#ffffff"/>'
    yield (
        f'<text x="{LEFT}" y="16" font-size="13" font-weight="bold" fill="#111">'
        f"{escape(title)}</text>"
        f'<text x="{LEFT}" y="31" font-size="10" fill="#333">Times are wall-clock times in '
        f"{escape(policy.zone)}, 00:00 at the top of each day to 24:00 at the bottom.</text>"
    )
    if obligation is not None:
        yield (
            f'<text x="{LEFT}" y="46" font-size="10" fill="#111">'
            f"{escape(_call_words(obligation, tz))}</text>"
        )
    # hour lines and labels
    for hour in range(25):
        y = y_of(hour * 3600)
        yield (
            f'<line x1="{LEFT}" y1="{_num(y)}" x2="{LEFT + 7 * COLUMN}" y2="{_num(y)}" '
            f'stroke="{"#999" if hour % 6 == 0 else "#e2e2e2"}" stroke-width="1"/>'
        )
        if hour % 2 == 0:
            yield (
                f'<text x="{LEFT - 6}" y="{_num(y + 3.5)}" font-size="10" text-anchor="end" '
                f'fill="#333" aria-hidden="true">{hour:02d}:00</text>'
            )
    n = max(len(lanes), 1)
    for day in days:
        x0 = LEFT + day.index * COLUMN
        yield _day_head(policy, day, x0, bottom)
        inner = COLUMN - 8
        lane_w = inner / n
        for i, lane in enumerate(lanes):
            lx = x0 + 4 + i * lane_w
            for start, end in lane.intervals:
                s, e = max(start, day.a), min(end, day.b)
                if s < e or (start == end and day.a <= s < day.b):  # a slot may be an instant
                    yield _band(lane, day, s, e, lx + 1, lane_w - 2, tz)
    for kind, at in marks:
        yield _mark(kind, at, days, tz, contact)
    yield _legend(legend_kinds, marks, bottom + 26, repeat="repeat" in shifts)
    yield "</svg>\n"


def _day_head(policy: Policy, day: _Day, x0: float, bottom: float) -> str:
    out = [
        f'<g class="day" data-day="{day.date.isoformat()}" data-x="{_num(x0)}" '
        f'data-hours="{_num((day.b - day.a) / HOUR_US)}">',
        f'<rect x="{_num(x0)}" y="{TOP}" width="{COLUMN}" height="{_num(bottom - TOP)}" '
        'fill="none" stroke="#888" stroke-width="1"/>',
        f'<text x="{_num(x0 + COLUMN / 2)}" y="{TOP - 56}" font-size="12" font-weight="bold" '
        f'text-anchor="middle" fill="#111">{escape(_short_day(day.date))}</text>',
    ]
    labels = _day_labels(policy, day)
    closed = [t for k, t in labels if k == "holiday"]
    if closed:
        text = "; ".join(closed)
        out.append(
            f'<rect class="holiday" data-kind="holiday" data-day="{day.date.isoformat()}" '
            f'x="{_num(x0)}" y="{TOP}" width="{COLUMN}" height="{_num(bottom - TOP)}" '
            f'fill="url(#week-holiday)" opacity="0.7"><title>{escape(text)}</title></rect>'
        )
    line = 0
    for kind, text in labels:
        out.append(f'<g class="label" data-kind="{kind}-label" data-day="{day.date.isoformat()}">')
        for piece in _wrap(text):
            if line < 4:
                out.append(
                    f'<text x="{_num(x0 + 3)}" y="{TOP - 42 + 10 * line}" font-size="9" '
                    f'fill="#111">{escape(piece)}</text>'
                )
            line += 1
        out.append("</g>")
    for kind, w1, w2 in day.shifts():
        y1, y2 = y_of(w1), y_of(w2)
        words = "do not exist" if kind == "gap" else "occur twice (clocks go back)"
        text = f"{_short_day(day.date)} {_clock(w1)}–{_clock(w2)} {words}"
        if kind == "gap":
            out.append(
                f'<rect data-kind="gap" data-day="{day.date.isoformat()}" '
                f'data-start="{_clock(w1)}" data-end="{_clock(w2)}" x="{_num(x0)}" '
                f'y="{_num(y1)}" width="{COLUMN}" height="{_num(max(y2 - y1, 1))}" '
                f'fill="url(#week-gap)"><title>{escape(text)}</title></rect>'
            )
        else:
            out.append(
                f'<path data-kind="repeat" data-day="{day.date.isoformat()}" '
                f'data-start="{_clock(w1)}" data-end="{_clock(w2)}" '
                f'd="M{_num(x0 + 3)},{_num(y1)} h-3 V{_num(y2)} h3" fill="none" '
                f'stroke="#444" stroke-width="2"><title>{escape(text)}</title></path>'
            )
    out.append("</g>")
    return "".join(out)


def _mark(kind: str, at: datetime, days: list[_Day], tz: tzinfo, contact: Contact | None) -> str:
    x = to_us(at)
    words, ink, dash = _MARKS[kind]
    text = f"{words}: {when(at.astimezone(tz))}"
    for day in days:
        if day.a <= x < day.b:
            wall = day.wall(x, _offset_us(x, tz))
            y = y_of(wall)
            x0 = LEFT + day.index * COLUMN
            dashed = f' stroke-dasharray="{dash}"' if dash else ""
            short = {"received": "call", "earliest": "earliest", "due": "due"}[kind]
            # The three labels do not overlap when the times do: call at the left above the
            # line, earliest at the left below it, due at the right above it; each on a white
            # halo, legible over the patterns.
            tx, anchor, ty = {
                "received": (x0 + 3, "start", y - 3),
                "earliest": (x0 + 3, "start", y + 10),
                "due": (x0 + COLUMN - 3, "end", y - 3),
            }[kind]
            return (
                f'<g class="mark" data-kind="{kind}" data-day="{day.date.isoformat()}" '
                f'data-time="{_clock(wall)}" data-at="{at.astimezone(tz).isoformat()}">'
                f"<title>{escape(text)}</title>"
                f'<line x1="{_num(x0)}" y1="{_num(y)}" x2="{_num(x0 + COLUMN)}" y2="{_num(y)}" '
                f'stroke="{ink}" stroke-width="2.5"{dashed}/>'
                f'<text x="{_num(tx)}" y="{_num(ty)}" font-size="9" '
                f'text-anchor="{anchor}" font-weight="bold" fill="{ink}" stroke="#ffffff" '
                'stroke-width="3" paint-order="stroke">'
                f"{escape(short)} {_clock(wall)}</text></g>"
            )
    return (
        f'<g class="mark" data-kind="{kind}" data-day="" data-at="{at.astimezone(tz).isoformat()}"'
        f"><title>{escape(text + ' (outside this week)')}</title></g>"
    )


def _legend(
    kinds: list[str], marks: list[tuple[str, datetime]], y0: float, *, repeat: bool
) -> str:
    out = [f'<g class="legend" transform="translate({LEFT},{_num(y0)})">']
    items: list[str] = []
    for kind in kinds:
        words = _STYLES[kind][0]
        items.append(
            f'<rect width="22" height="12" fill="url(#week-{kind})" stroke="{_STYLES[kind][2]}"/>'
            f'<text x="28" y="10" font-size="10" fill="#111">{escape(words)}</text>'
        )
    if repeat:
        items.append(
            '<path d="M6,0 h-4 V12 h4" fill="none" stroke="#444" stroke-width="2"/>'
            '<text x="28" y="10" font-size="10" fill="#111">wall times that occur twice '
            "(clocks go back)</text>"
        )
    for kind, _ in marks:
        words, ink, dash = _MARKS[kind]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        items.append(
            f'<line x1="0" y1="6" x2="22" y2="6" stroke="{ink}" stroke-width="2.5"{dashed}/>'
            f'<text x="28" y="10" font-size="10" fill="#111">{escape(words)}</text>'
        )
    for i, item in enumerate(items):
        col, row = i % 3, i // 3
        out.append(f'<g transform="translate({col * 310},{row * 18})">{item}</g>')
    out.append("</g>")
    return "".join(out)


def _call_words(obligation: Any, tz: tzinfo) -> str:
    text = f"Call received {when(obligation.received.astimezone(tz))}: "
    if not obligation.required:
        return text + "no return is owed."
    first, due = obligation.earliest, obligation.due
    text += (
        f"earliest return {when(first) if first else 'none'}, due "
        f"{when(due) if due else 'no deadline'}"
    )
    if obligation.conflict:
        text += " (a conflict: no permitted time before the deadline)"
    return text + "."


def _local_clock(value: datetime) -> str:
    t = value.time()
    return _clock(t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1e6)


def _span_words(s: int, e: int, tz: tzinfo) -> str:
    """``Mon 5 Jan 09:00–17:00``; ``... 22:00–24:00``; ``Fri 9 Jan 22:00 to Sat 10 Jan 06:00``."""
    a, b = from_us(s, tz), from_us(e, tz)
    head = f"{_short_day(a.date())} {_local_clock(a)}"
    if b.date() == a.date():
        return f"{head}–{_local_clock(b)}"
    if b.date() == a.date() + timedelta(days=1) and b.time() == time():
        return f"{head}–24:00"
    return f"{head} to {_short_day(b.date())} {_local_clock(b)}"


def _desc(policy: Policy, days: list[_Day], lanes: list[_Lane], obligation: Any) -> str:
    tz = policy.tz
    parts = [
        f"One column per day, Monday to Sunday, in {policy.zone}; each column runs from "
        "00:00 at the top to 24:00 at the bottom by the local wall clock."
    ]
    for lane in lanes:
        spans = [_span_words(s, e, tz) for s, e in lane.intervals]
        parts.append(f"{lane.name}: {'; '.join(spans) if spans else 'none this week'}.")
    for day in days:
        for _, text in _day_labels(policy, day):
            parts.append(f"{_short_day(day.date)}: {text}.")
    if obligation is not None:
        parts.append(_call_words(obligation, tz))
    return " ".join(parts)


# --- sessions from a file ----------------------------------------------------------------


def load_sessions(path: str) -> SessionSchedule:
    """A :class:`~contact_policy.SessionSchedule` from a TOML, JSON or YAML file of its fields:
    ``sessions`` (each a ``start`` and ``end``, aware ISO 8601) and ``series`` (each an
    ``rrule`` with its DTSTART and a ``duration``). Errors name the file and the field.

    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     name = os.path.join(folder, "sessions.toml")
    ...     with open(name, "w") as f:
    ...         _ = f.write('[[series]]\\nduration = "PT50M"\\n'
    ...                     'rrule = "DTSTART:20260105T100000\\\\nRRULE:FREQ=WEEKLY"\\n')
    ...     len(load_sessions(name).series)
    1
    """
    from pathlib import Path

    from .limits import MAX_POLICY_BYTES
    from .loading import _format_of, _located, _parse

    def fail(message: str) -> PolicyFileError:
        return PolicyFileError(message, path="sessions")

    path = user_path(path, "sessions file", fail)
    file = Path(path)
    try:
        fmt = _format_of(file)
    except PolicyFileError:
        msg = f"sessions file {path!r}: name it .toml, .json or .yaml"
        raise PolicyFileError(msg, path="sessions") from None
    try:
        with open_user_file(file, "sessions file", fail) as f:
            raw = f.read(MAX_POLICY_BYTES + 1)  # _parse refuses a file over the limit
    except OSError as exc:
        msg = f"sessions file {path!r} cannot be read: {exc.strerror or exc}"
        raise PolicyFileError(msg, path="sessions") from None
    data = _parse(raw, format=fmt, origin=path, max_bytes=MAX_POLICY_BYTES)
    try:
        return SessionSchedule.model_validate(data)
    except ContactPolicyError as exc:
        raise _located(exc, f"{path}: {exc}") from None


# --- the page -----------------------------------------------------------------------------------


def week_html(
    policy: Policy,
    start: date,
    *,
    call: Contact | datetime | None = None,
    sessions: SessionSchedule | Iterable[Any] | None = None,
    title: str | None = None,
) -> str:
    """:func:`week_svg` inside one self-contained HTML page (no script, nothing fetched), with
    the picture's description as text below it.

    >>> from datetime import date
    >>> from contact_policy import default_policy
    >>> page = week_html(default_policy(), date(2026, 1, 5))
    >>> page.startswith("<!DOCTYPE html>"), "<svg" in page, "<script" in page
    (True, True, False)
    """
    from .report import _STYLE

    svg = week_svg(policy, start, call=call, sessions=sessions)
    monday = week_start(start)
    heading = title or f"The week of {day_words(monday)}: {policy.name or 'the policy'}"
    desc = svg.split('<desc id="week-desc">', 1)[1].split("</desc>", 1)[0]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(heading)}</title>\n<style>{_STYLE}"
        ".week { max-width: 100%; height: auto; }\n"
        "@media print { body { margin: 0; max-width: none; } }\n</style>\n</head>\n<body>\n"
        f"<h1>{escape(heading)}</h1>\n<figure>\n{svg}"
        f"<figcaption><p>{desc}</p></figcaption>\n</figure>\n</body>\n</html>\n"
    )
