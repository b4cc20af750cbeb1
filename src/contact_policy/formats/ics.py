"""iCalendar (RFC 5545): a calendar's closed days and special hours as events, for staff and
EHR calendars, and its weekly hours as RFC 7953 ``VAVAILABILITY``, the availability format of
calendar servers, read and written (docs/formats.md, "iCalendar").

>>> from datetime import date
>>> from contact_policy import BusinessCalendar
>>> cal = BusinessCalendar.weekly("America/New_York", {"mon-fri": ["09:00-17:00"]})
>>> text = to_vavailability(cal)
>>> block = text[text.index("BEGIN:AVAILABLE") : text.index("END:AVAILABLE")].splitlines()
>>> for line in block:
...     if line.startswith(("DTSTART", "DTEND", "RRULE")):
...         print(line)
DTEND;TZID=America/New_York:20000103T170000
DTSTART;TZID=America/New_York:20000103T090000
RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR
>>> from_vavailability(text) == cal
True

Needs the optional ``icalendar`` package (``pip install 'contact-policy[ics]'``, 6.1 or
later), imported on first use: ``import contact_policy`` never imports it, and without it each
function raises a :class:`~contact_policy.errors.ContactPolicyError` naming the extra. Writing
uses icalendar's components (its serialisation and line folding, and ``Timezone.from_tzid`` for
the ``VTIMEZONE``), with every value written here; reading is
:mod:`contact_policy.formats._ics_reader`'s (icalendar's content-line parser, the values read
there), so that what a text means does not depend on the icalendar release.

Nothing here reads the clock: ``DTSTAMP`` is an argument, or is derived from the arguments.

Imports the base layer, :mod:`contact_policy.hours`, the holiday tables of
:mod:`contact_policy._holidays`, :mod:`contact_policy.formats._common` and the reader; never
:mod:`contact_policy.calendar` (the calendar class is passed in, or found on the package when a
text is read).

One file: iCalendar written (events, ``VAVAILABILITY``) and its reading into a calendar, with
the one mapping between them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from .._holidays import _holiday_code
from .._time import MAX_YEAR, MIN_YEAR, check_aware, out_of_years
from ..errors import shown
from ..hours import DAY_ABBRS, DAY_NAMES, MINUTES_PER_DAY, hhmm
from ..wording import MONTH_NAMES
from ._common import calendar_class
from ._ics_reader import BYDAY, EXTRA_HINT, MAX_ICS_CHARS, load_icalendar, read, refusal, too_much

if TYPE_CHECKING:
    from ..calendar import BusinessCalendar

__all__ = [
    "ANCHOR",
    "EXTRA_HINT",
    "MAX_EVENTS",
    "MAX_EXPORT_DAYS",
    "MAX_ICS_CHARS",
    "from_vavailability",
    "to_ics",
    "to_vavailability",
]

#: The longest date range :func:`to_ics` exports (``start`` to ``end``, both included).
MAX_EXPORT_DAYS = 100 * 366
#: The most events one :func:`to_ics` text holds.
MAX_EVENTS = 100_000
#: Where the weekly blocks of :func:`to_vavailability` start when no ``start`` is given: a
#: Monday, fixed so that the text depends on the calendar alone.
ANCHOR = date(2000, 1, 3)
#: The years the ``VTIMEZONE`` of an unbounded ``VAVAILABILITY`` covers from its anchor.
TIMEZONE_YEARS = 50

PRODID = "-//contact-policy//contact_policy.formats.ics//EN"
UID_DOMAIN = "contact-policy"
_DAY = timedelta(days=1)


# --- values as iCalendar writes them -----------------------------------------------------------


def _date_text(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _wall_text(day: date, minutes: int) -> str:
    """``day`` at ``minutes`` past its midnight (up to two days on) as a local DATE-TIME."""
    day += timedelta(days=minutes // MINUTES_PER_DAY)
    hours, rest = divmod(minutes % MINUTES_PER_DAY, 60)
    return f"{_date_text(day)}T{hours:02d}{rest:02d}00"


def _utc_text(at: datetime) -> str:
    at = at.astimezone(UTC)
    return f"{_date_text(at.date())}T{at.hour:02d}{at.minute:02d}{at.second:02d}Z"


def _escape(text: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11)."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _uid(*parts: str) -> str:
    """A UID derived from what an item says, so the same item always has the same UID."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"{digest[:32]}@{UID_DOMAIN}"


def _long_date(day: date) -> str:
    return f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def _spans_text(spans: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"{start}-{end}" for start, end in spans)


def _days_text(days: Iterable[int]) -> str:
    """Monday-first weekdays, three or more in a row as a range: ``Mon-Fri``, ``Sat, Sun``."""
    ordered = sorted(days)
    parts: list[str] = []
    k = 0
    while k < len(ordered):
        j = k
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        if j - k >= 2:
            parts.append(f"{DAY_ABBRS[ordered[k]]}-{DAY_ABBRS[ordered[j]]}")
        else:
            parts.extend(DAY_ABBRS[d] for d in ordered[k : j + 1])
        k = j + 1
    return ", ".join(parts)


#: One property to write: name, value as written, parameters.
_Prop = tuple[str, str, dict[str, str]]


class _Writer:
    """Builds icalendar components from properties whose values are already written."""

    def __init__(self, what: str) -> None:
        self.ical = load_icalendar(what)
        parameters = self.ical.parser.Parameters

        class Value(str):
            """A property value written as given (icalendar calls ``to_ical``)."""

            params: Any

            def __new__(cls, text: str, params: dict[str, str]) -> Value:
                self = super().__new__(cls, text)
                self.params = parameters(params)
                return self

            def to_ical(self) -> bytes:
                return self.encode("utf-8")

        self.value = Value

    def component(self, name: str, props: Iterable[_Prop]) -> Any:
        comp = self.ical.cal.Component()
        comp.name = name
        for key, text, params in props:
            comp.add(key, self.value(text, params), encode=False)
        return comp

    def calendar(self, children: Iterable[Any]) -> Any:
        cal = self.component(
            "VCALENDAR",
            [("VERSION", "2.0", {}), ("PRODID", PRODID, {}), ("CALSCALE", "GREGORIAN", {})],
        )
        for child in children:
            cal.add_component(child)
        return cal

    def timezone(self, zone: str, first: date, last: date) -> Any | None:
        """The ``VTIMEZONE`` of ``zone`` from ``first`` to ``last`` (None if icalendar cannot
        make one: the ``TZID`` is an IANA name, which most clients know by itself)."""
        try:
            return self.ical.Timezone.from_tzid(zone, first_date=first, last_date=last)
        except Exception:  # a VTIMEZONE is a courtesy: the TZID stands alone
            return None

    @staticmethod
    def text(cal: Any) -> str:
        return str(cal.to_ical().decode("utf-8"))


def _tzid(zone: str) -> dict[str, str]:
    return {} if zone == "UTC" else {"TZID": zone}


def _local(zone: str, day: date, minutes: int) -> str:
    """A wall time of the calendar's zone as written: UTC with ``Z``, else with a TZID."""
    text = _wall_text(day, minutes)
    return text + "Z" if zone == "UTC" else text


# --- arguments ---------------------------------------------------------------------------------


def _check_date(value: Any, name: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        msg = f"{name}={shown(value)} is not a date; pass a datetime.date such as date(2026, 1, 1)"
        raise refusal(name, msg)
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise out_of_years(value, name)
    return value


def _date_range(start: Any, end: Any) -> tuple[date, date]:
    first, last = _check_date(start, "start"), _check_date(end, "end")
    if last < first:
        msg = f"end={last.isoformat()} is before start={first.isoformat()}; pass start <= end"
        raise refusal("end", msg)
    days = (last - first).days + 1
    if days > MAX_EXPORT_DAYS:
        msg = (
            f"the range {first.isoformat()} to {last.isoformat()} spans {days:,} days; one "
            f"export covers at most {MAX_EXPORT_DAYS:,} (a hundred years)"
        )
        raise too_much("end", msg)
    return first, last


def _stamp(value: Any, default: date) -> str:
    """``DTSTAMP``: the argument, in UTC, or midnight UTC of ``default``."""
    if value is None:
        return f"{_date_text(default)}T000000Z"
    return _utc_text(check_aware(value, "dtstamp", "UTC"))


# --- holidays with their names -----------------------------------------------------------------


@lru_cache(maxsize=256)
def _holiday_names(code: str, year: int) -> dict[date, str]:
    """``{date: name}`` of ``code``'s holidays in ``year`` (observed days included), as the
    holidays package names them."""
    import holidays

    country, subdiv = _holiday_code(code)
    table = holidays.country_holidays(country, subdiv=subdiv, years=year)
    return {day: str(name) for day, name in table.items() if day.year == year}


def _holidays_between(codes: tuple[str, ...], first: date, last: date) -> dict[date, list[str]]:
    """``{date: ["US: Thanksgiving Day", ...]}``: the holidays from ``first`` to ``last``."""
    found: dict[date, list[str]] = {}
    for year in range(first.year, last.year + 1):
        for code in codes:
            for day, name in _holiday_names(code, year).items():
                if first <= day <= last:
                    found.setdefault(day, []).append(f"{code}: {name}")
    return found


def _names(entries: list[str]) -> str:
    """The distinct holiday names of ``["US: New Year's Day", ...]``, in order."""
    names: list[str] = []
    for entry in entries:
        for name in entry.partition(": ")[2].split("; "):
            if name not in names:
                names.append(name)
    return "; ".join(names)


# --- to_ics ------------------------------------------------------------------------------------


class _Event(NamedTuple):
    key: tuple[str, int, int]  # sort key: start as written, kind order, span start
    props: list[_Prop]


def _all_day(day: date, summary: str, description: str, category: str, stamp: str) -> _Event:
    start, end = _date_text(day), _date_text(day + _DAY)
    props: list[_Prop] = [
        ("UID", _uid("closed-day", start, summary, description), {}),
        ("DTSTAMP", stamp, {}),
        ("DTSTART", start, {"VALUE": "DATE"}),
        ("DTEND", end, {"VALUE": "DATE"}),
        ("SUMMARY", _escape(summary), {}),
        ("DESCRIPTION", _escape(description), {}),
        ("CATEGORIES", category, {}),
    ]
    return _Event((start, 0, 0), props)


def to_ics(
    calendar: BusinessCalendar,
    *,
    start: date | None = None,
    end: date | None = None,
    dtstamp: datetime | None = None,
) -> str:
    """The closed days and special hours of ``calendar`` from ``start`` to ``end`` (both
    included) as an iCalendar text: a ``VCALENDAR`` of ``VEVENT`` s, for staff and EHR
    calendars (docs/formats.md, "iCalendar").

    - each closed date and each holiday of the calendar's holiday codes is an all-day event,
      ``Closed`` or ``Closed: Thanksgiving Day`` (``CATEGORIES:CLOSED`` or ``HOLIDAY``);
    - each span of a date's special hours is a timed event ``Open 09:00-12:00 (special
      hours)`` in the calendar's zone, ``TRANSP:TRANSPARENT`` (open time is not busy time);
      special hours ``[]`` are an all-day ``Closed``; special hours win over a holiday;
    - each closure that overlaps the range is a timed event ``Closed``, written in UTC
      (closures are instants, and so no wall time is ambiguous).

    A ``UID`` is derived from what its event says, so exporting again gives the same UIDs;
    ``DTSTAMP`` is ``dtstamp`` (an aware datetime, written in UTC) or, by default, midnight
    UTC of ``start``. A ``VTIMEZONE`` for the zone covers the range when a timed event uses it.

    >>> from contact_policy import BusinessCalendar
    >>> cal = BusinessCalendar.weekly("America/New_York", {"mon-fri": ["09:00-17:00"]},
    ...     holidays=["US"], special_hours={date(2026, 12, 24): ["09:00-12:00"]})
    >>> text = to_ics(cal, start=date(2026, 11, 1), end=date(2026, 12, 31))
    >>> for line in text.splitlines():
    ...     if line.startswith("SUMMARY"):
    ...         print(line)
    SUMMARY:Closed: Veterans Day
    SUMMARY:Closed: Thanksgiving Day
    SUMMARY:Open 09:00-12:00 (special hours)
    SUMMARY:Closed: Christmas Day
    """
    writer = _Writer("to_ics")
    first, last = _date_range(start, end)
    stamp = _stamp(dtstamp, first)
    zone = calendar.zone
    holidays = _holidays_between(calendar.holidays, first, last) if calendar.holidays else {}
    special = {s.date: s.hours for s in calendar.special_hours if first <= s.date <= last}
    closed = {day for day in calendar.closed if first <= day <= last}
    events: list[_Event] = []
    for day in sorted((closed | holidays.keys()) - special.keys()):
        entries = holidays.get(day, [])
        reasons = (["a closed date"] if day in closed else []) + [
            f"holiday {entry}" for entry in entries
        ]
        summary = f"Closed: {_names(entries)}" if entries else "Closed"
        description = f"Closed all day ({'; '.join(reasons)})."
        events.append(
            _all_day(day, summary, description, "HOLIDAY" if entries else "CLOSED", stamp)
        )
        _check_count(events)
    zoned = False
    for day, spans in sorted(special.items()):
        if not spans:
            entries = holidays.get(day, [])
            summary = f"Closed: {_names(entries)}" if entries else "Closed"
            description = f"Closed all day (special hours on {_long_date(day)})."
            events.append(_all_day(day, summary, description, "CLOSED", stamp))
            _check_count(events)
            continue
        pairs = [(sp.start, sp.end) for sp in spans]
        description = (
            f"Special hours on {_long_date(day)} replace the weekly hours: open "
            f"{_spans_text(pairs)} ({zone})."
        )
        for sp in spans:
            begin, finish = sp.minutes
            dtstart, dtend = _local(zone, day, begin), _local(zone, day, finish)
            summary = f"Open {sp.start}-{sp.end} (special hours)"
            props: list[_Prop] = [
                ("UID", _uid("special-hours", zone, dtstart, dtend, description), {}),
                ("DTSTAMP", stamp, {}),
                ("DTSTART", dtstart, _tzid(zone)),
                ("DTEND", dtend, _tzid(zone)),
                ("SUMMARY", _escape(summary), {}),
                ("DESCRIPTION", _escape(description), {}),
                ("CATEGORIES", "SPECIAL-HOURS", {}),
                ("TRANSP", "TRANSPARENT", {}),
            ]
            events.append(_Event((_date_text(day), 1, begin), props))
            _check_count(events)
            zoned = True
    tz = calendar.tz
    lo = datetime(first.year, first.month, first.day, tzinfo=tz)
    after = last + _DAY
    hi = datetime(after.year, after.month, after.day, tzinfo=tz)
    seen: set[tuple[str, str]] = set()
    for closure in calendar.closures:
        if closure.end <= lo or closure.start >= hi:
            continue
        a, b = closure.start.astimezone(tz), closure.end.astimezone(tz)
        dtstart, dtend = _utc_text(closure.start), _utc_text(closure.end)
        if (dtstart, dtend) in seen:
            continue  # the same closure given twice is one event
        seen.add((dtstart, dtend))
        description = (
            f"Closed from {a.date().isoformat()} {hhmm(a.hour * 60 + a.minute)} to "
            f"{b.date().isoformat()} {hhmm(b.hour * 60 + b.minute)} ({zone})."
        )
        props = [
            ("UID", _uid("closure", dtstart, dtend), {}),
            ("DTSTAMP", stamp, {}),
            ("DTSTART", dtstart, {}),
            ("DTEND", dtend, {}),
            ("SUMMARY", "Closed", {}),
            ("DESCRIPTION", _escape(description), {}),
            ("CATEGORIES", "CLOSURE", {}),
        ]
        events.append(_Event((_date_text(a.date()), 2, a.hour * 60 + a.minute), props))
        _check_count(events)
    events.sort(key=lambda e: e.key)
    children = [writer.component("VEVENT", e.props) for e in events]
    if zoned and zone != "UTC":
        vtimezone = writer.timezone(zone, first, last + 2 * _DAY)
        if vtimezone is not None:
            children.insert(0, vtimezone)
    return writer.text(writer.calendar(children))


def _check_count(events: list[_Event]) -> None:
    if len(events) > MAX_EVENTS:
        msg = (
            f"the export would hold more than {MAX_EVENTS:,} events; export a shorter range "
            "(start to end)"
        )
        raise too_much("end", msg)


# --- to_vavailability --------------------------------------------------------------------------


def to_vavailability(
    calendar: BusinessCalendar,
    *,
    start: date | None = None,
    end: date | None = None,
    dtstamp: datetime | None = None,
) -> str:
    """The weekly hours of ``calendar`` as an RFC 7953 ``VAVAILABILITY`` (in a
    ``VCALENDAR``): what calendar servers read as a person's or a resource's availability
    (docs/formats.md, "iCalendar").

    - one ``AVAILABLE`` per span shared by a set of weekdays, with ``DTSTART``/``DTEND`` in
      the calendar's zone (``TZID``; UTC as ``Z``) on the first such weekday on or after
      ``start`` (by default :data:`ANCHOR`, Monday 2000-01-03), and
      ``RRULE:FREQ=WEEKLY;BYDAY=...``; an overnight span ends the next day;
    - closed dates are ``EXDATE`` s of the blocks that would open on them; special hours
      exclude the blocks they drop and add one ``AVAILABLE`` without a rule for each span of
      their own;
    - ``BUSYTYPE:BUSY-UNAVAILABLE``: outside the blocks the practice is closed;
    - ``start`` (a date) is the ``VAVAILABILITY``'s ``DTSTART``; no ``DTEND`` is written,
      since weekly hours do not end (and :func:`from_vavailability` refuses availability
      that does); the holidays of a calendar with holiday codes need ``start`` and ``end``
      (both included) and are written as the excluded dates of that range (the codes
      themselves have no form; they read back as closed dates).

    Closures (stretches between two instants) have none either: a calendar with closures is an
    error (path ``closures``); :func:`to_ics` exports them. UIDs are derived from what each
    block says; ``DTSTAMP`` is ``dtstamp`` or midnight UTC of the anchor.
    """
    writer = _Writer("to_vavailability")
    if calendar.closures:
        msg = (
            f"the calendar has {len(calendar.closures)} closure(s); closures (stretches between "
            "two instants) have no VAVAILABILITY form: give whole dates as closed dates or "
            "special hours, or export closures with to_ics"
        )
        raise refusal("closures", msg)
    first = last = None
    if start is not None:
        first = _check_date(start, "start")
    if end is not None:
        last = _check_date(end, "end")
    if first is not None and last is not None:
        _date_range(first, last)
    holiday_days: set[date] = set()
    if calendar.holidays:
        if first is None or last is None:
            msg = (
                f"holidays {', '.join(calendar.holidays)} have no VAVAILABILITY form; pass "
                "start= and end= to write the holidays of that range as excluded dates, or "
                "write calendar.replace(holidays=()) and pass the codes to from_vavailability"
            )
            raise refusal("holidays", msg)
        holiday_days = set(_holidays_between(calendar.holidays, first, last))
    anchor = first or ANCHOR
    stamp = _stamp(dtstamp, anchor)
    zone = calendar.zone
    weekly = [tuple((sp.start, sp.end) for sp in calendar.hours.for_day(d)) for d in range(7)]
    dated = {s.date: s.hours for s in calendar.special_hours}
    special = {day: tuple((sp.start, sp.end) for sp in spans) for day, spans in dated.items()}
    closed = set(calendar.closed) | (holiday_days - special.keys())

    # The weekly blocks: each span, with the weekdays that have it.
    groups: dict[tuple[str, str], list[int]] = {}
    minutes: dict[tuple[str, str], tuple[int, int]] = {}
    for d in range(7):
        for sp in calendar.hours.for_day(d):
            groups.setdefault((sp.start, sp.end), []).append(d)
            minutes[(sp.start, sp.end)] = sp.minutes
    children: list[Any] = []
    block_texts: list[str] = []
    for pair, days in sorted(groups.items(), key=lambda item: (item[1][0], minutes[item[0]])):
        begin, finish = minutes[pair]
        day0 = next(
            anchor + timedelta(days=k) for k in range(7) if (anchor.weekday() + k) % 7 in days
        )
        dtstart, dtend = _local(zone, day0, begin), _local(zone, day0, finish)
        rrule = f"FREQ=WEEKLY;BYDAY={','.join(BYDAY[d] for d in days)}"
        excluded = sorted(
            day
            for day in closed | special.keys()
            if day.weekday() in days and (day in closed or pair not in special[day])
        )
        summary = f"{_days_text(days)} {pair[0]}-{pair[1]}"
        props: list[_Prop] = [
            ("UID", _uid("available", zone, dtstart, dtend, rrule), {}),
            ("DTSTAMP", stamp, {}),
            ("DTSTART", dtstart, _tzid(zone)),
            ("DTEND", dtend, _tzid(zone)),
            ("RRULE", rrule, {}),
            ("SUMMARY", _escape(summary), {}),
        ]
        if excluded:
            values = ",".join(_local(zone, day, begin) for day in excluded)
            props.append(("EXDATE", values, _tzid(zone)))
        block_texts.append(f"{dtstart}/{dtend}/{rrule}/{len(excluded)}")
        children.append(writer.component("AVAILABLE", props))

    # The special hours' own spans (those the weekly blocks do not already give).
    for day, pairs in sorted(special.items()):
        own = set(weekly[day.weekday()])
        for sp in dated[day]:
            if (sp.start, sp.end) in own:
                continue
            begin, finish = sp.minutes
            dtstart, dtend = _local(zone, day, begin), _local(zone, day, finish)
            summary = f"Special hours on {day.isoformat()}: {_spans_text(pairs)}"
            props = [
                ("UID", _uid("available", zone, dtstart, dtend), {}),
                ("DTSTAMP", stamp, {}),
                ("DTSTART", dtstart, _tzid(zone)),
                ("DTEND", dtend, _tzid(zone)),
                ("SUMMARY", _escape(summary), {}),
            ]
            block_texts.append(f"{dtstart}/{dtend}")
            children.append(writer.component("AVAILABLE", props))

    outer: list[_Prop] = [
        ("UID", _uid("vavailability", zone, *block_texts), {}),
        ("DTSTAMP", stamp, {}),
        ("BUSYTYPE", "BUSY-UNAVAILABLE", {}),
    ]
    if first is not None:
        outer.append(("DTSTART", _local(zone, first, 0), _tzid(zone)))
    # No DTEND: weekly hours do not end, and from_vavailability refuses availability that
    # does; ``end`` bounds only the dates listed (the holidays).
    availability = writer.component("VAVAILABILITY", outer)
    for child in children:
        availability.add_component(child)
    parts: list[Any] = []
    if zone != "UTC":
        until = (
            last + 2 * _DAY if last is not None else anchor + timedelta(days=365 * TIMEZONE_YEARS)
        )
        vtimezone = writer.timezone(zone, anchor, until)
        if vtimezone is not None:
            parts.append(vtimezone)
    parts.append(availability)
    return writer.text(writer.calendar(parts))


def from_vavailability(
    text: str | bytes,
    *,
    zone: str | None = None,
    holidays: Iterable[str] = (),
    factory: type[BusinessCalendar] | None = None,
) -> BusinessCalendar:
    """The calendar an RFC 7953 ``VAVAILABILITY`` describes (docs/formats.md, "iCalendar").

    The text holds one ``VAVAILABILITY`` (in a ``VCALENDAR``, or alone); other components
    (``VTIMEZONE``, ``VEVENT``) are skipped. Its ``AVAILABLE`` blocks are read as:

    - ``RRULE:FREQ=WEEKLY;BYDAY=...`` (``INTERVAL=1`` and ``WKST`` allowed): weekly hours on
      those weekdays (the weekday of ``DTSTART`` without ``BYDAY``), from the wall time of
      ``DTSTART`` to that of ``DTEND`` (or ``DTSTART`` plus ``DURATION``, as wall-clock time);
      a block that ends the next day is an overnight span; a ``DATE`` block is the whole day.
      ``DTSTART`` gives the times only: the hours hold every week;
    - no rule: a one-off span on its date;
    - ``EXDATE``: the block is not open on those dates.

    Overlapping blocks are joined (availability is their union). A date whose hours then
    differ from its weekday's is a special-hours date, or a closed date when nothing is left.

    ``zone``: the calendar's IANA zone; by default the ``TZID`` of the first block (an IANA
    name, Thunderbird's ``/mozilla.org/.../Zone`` or a Windows name), ``UTC`` for times in UTC.
    A ``TZID`` that names no IANA zone is read as ``zone`` when it is given. ``holidays``: the
    calendar's holiday codes (a ``VAVAILABILITY`` cannot carry them).

    Refused, each with a :class:`PolicyValidationError` naming the component and property and
    the line: an end of the weekly hours (``UNTIL``, ``COUNT``, the ``VAVAILABILITY``'s own
    ``DTEND``/``DURATION``; its ``DTSTART`` is read and not kept), rules that are not plain
    weekly ones, ``RDATE``/``EXRULE``/``RECURRENCE-ID``, times in seconds, several zones,
    blocks of 24 hours or more, and several ``VAVAILABILITY`` components. Texts over
    :data:`MAX_ICS_CHARS` are a :class:`~contact_policy.errors.LimitExceededError`.

    ``factory`` is the calendar class to build (``BusinessCalendar`` by default, looked up at
    call time: this module does not import ``calendar.py``, which imports it, docs/design.md).
    """
    factory = calendar_class(factory)
    parts = read(text, zone)
    return factory.weekly(
        parts.zone,
        parts.hours,
        holidays=holidays,
        closed=parts.closed,
        special_hours=parts.special_hours,
    )
