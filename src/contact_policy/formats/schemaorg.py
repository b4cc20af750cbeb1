"""schema.org ``OpeningHoursSpecification`` JSON-LD, as a practice's website carries it: a
calendar written as a ``MedicalBusiness`` (or any ``LocalBusiness``) with
``openingHoursSpecification`` and ``specialOpeningHoursSpecification``, and read back
(docs/formats.md).

>>> value = parse({
...     "@context": "https://schema.org", "@type": "MedicalBusiness",
...     "openingHoursSpecification": [
...         {"@type": "OpeningHoursSpecification", "dayOfWeek": ["Monday", "Tuesday"],
...          "opens": "09:00", "closes": "17:00"},
...         {"@type": "OpeningHoursSpecification", "dayOfWeek": "https://schema.org/Saturday",
...          "opens": "22:00", "closes": "02:00"},
...     ],
...     "specialOpeningHoursSpecification": [
...         {"@type": "OpeningHoursSpecification", "validFrom": "2026-12-25",
...          "validThrough": "2026-12-26", "opens": "00:00", "closes": "00:00"},
...     ],
... })
>>> value.hours["tue"], value.hours["sat"], value.closed
((('09:00', '17:00'),), (('22:00', '02:00'),), (datetime.date(2026, 12, 25), datetime.date(2026, 12, 26)))

The conventions are Google's (developers.google.com/search/docs/appearance/structured-data/
local-business): hours past midnight are one entry whose ``closes`` is earlier than its
``opens`` (and belong to the day they start on, as in this library); a day open around the
clock is ``"00:00"`` to ``"23:59"``, so ``closes: "23:59"`` (or ``"23:59:59"``) is read as
midnight, 24:00, and a close at 23:59 itself is written ``"23:59:00"``; a
closed day is ``opens`` and ``closes`` both ``"00:00"``. ``dayOfWeek`` may be a URL
(``https://schema.org/Monday``), a plain name, or ``{"@id": ...}``, one or a list;
``https://schema.org/PublicHolidays`` closed says the calendar closes on its holidays.
Errors are :class:`PolicyValidationError` naming the field as it is in the dict
(``openingHoursSpecification[1].closes``).

Imports the errors, :mod:`contact_policy.hours`, :mod:`contact_policy.limits` and the formats'
shared helpers only (the calendar class is passed to :func:`build`).
"""  # noqa: E501 - the doctest shows one whole value

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import PolicyValidationError
from ..hours import DAY_NAMES, DAYS, MINUTES_PER_DAY, hhmm
from ..limits import MAX_DATED, MAX_SPANS_PER_DAY
from ._common import (
    calendar_class,
    check_date,
    date_runs,
    expect_list,
    expect_object,
    holiday_names,
    refusal,
    shown,
    too_many,
)

if TYPE_CHECKING:
    from ..calendar import BusinessCalendar

__all__ = [
    "MAX_NAMED_DATES",
    "MAX_SPECIFICATIONS",
    "SCHEMA",
    "SchemaOrgHours",
    "build",
    "from_schema_org",
    "parse",
    "to_schema_org",
]

#: The schema.org vocabulary, as ``@context`` and as the prefix of day URLs.
SCHEMA = "https://schema.org"
#: Entries one list (``openingHoursSpecification``, ``specialOpeningHoursSpecification``)
#: may hold: a week of the most spans a day may have, or a calendar's dated features.
MAX_SPECIFICATIONS = 2 * MAX_DATED
#: How many dates the dated entries of one dict may name in all (their ranges expanded).
MAX_NAMED_DATES = 2 * MAX_DATED
#: How many years of holidays ``to_schema_org`` lists at most.
MAX_HOLIDAY_YEARS = 100

_WHAT = "schema.org"
_HOLIDAYS = 7  # the day index of PublicHolidays
_DAY_WORDS = {name.lower(): i for i, name in enumerate(DAY_NAMES)} | {"publicholidays": _HOLIDAYS}
_PREFIXES = ("https://schema.org/", "http://schema.org/", "schema:")
_TIME = re.compile(r"([01]\d|2[0-4]):([0-5]\d)(?::([0-5]\d))?")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})?)?")
_LONGEST_TEXT = 40


class SchemaOrgHours(NamedTuple):
    """What schema.org JSON-LD says, in the parts :meth:`BusinessCalendar.weekly` takes.

    - ``hours``: ``{"mon": (("09:00", "17:00"), ...), ...}``, the open weekdays only;
    - ``closed``: dates a special entry closes (``opens`` = ``closes`` = ``"00:00"``), sorted;
    - ``special_hours``: ``{date: (("09:00", "12:00"), ...)}``, sorted by date;
    - ``holidays_off``: whether ``PublicHolidays`` is closed.
    """

    hours: Mapping[str, tuple[tuple[str, str], ...]]
    closed: tuple[date, ...]
    special_hours: Mapping[date, tuple[tuple[str, str], ...]]
    holidays_off: bool


def _refusal(path: str | None, detail: str) -> PolicyValidationError:
    return refusal(path, detail, _WHAT)


def _entries(value: Any, path: str) -> Sequence[Any]:
    """One entry or a list of them (JSON-LD allows both)."""
    if isinstance(value, Mapping):
        return [value]
    return expect_list(value, path, MAX_SPECIFICATIONS, _WHAT)


# --- reading ----------------------------------------------------------------------------------

#: A span while reading: start, end in minutes (past 1440 overnight), the end as written and
#: the path of the entry that gave it.
_Span = tuple[int, int, str, str]


def _day(value: Any, path: str) -> int:
    word = value.get("@id") if isinstance(value, Mapping) else value
    index = None
    if isinstance(word, str) and len(word) <= _LONGEST_TEXT:
        text = word.strip()
        for prefix in _PREFIXES:
            if text.lower().startswith(prefix):
                text = text[len(prefix) :]
                break
        index = _DAY_WORDS.get(text.lower())
    if index is None:
        msg = (
            f"{shown(value)} is not a schema.org day; use Monday .. Sunday or PublicHolidays "
            "(plain, or as https://schema.org/Monday)"
        )
        raise _refusal(path, msg)
    return index


def _days(value: Any, path: str) -> list[int]:
    if value is None:
        msg = "is missing; name the days these hours are for (dayOfWeek: ['Monday', ...])"
        raise _refusal(path, msg)
    items = expect_list(value if isinstance(value, (list, tuple)) else [value], path, 32, _WHAT)
    if not items:
        raise _refusal(path, "is empty; name the days these hours are for")
    found: list[int] = []
    for k, item in enumerate(items):
        where = f"{path}[{k}]" if isinstance(value, (list, tuple)) else path
        index = _day(item, where)
        if index not in found:
            found.append(index)
    return found


def _time(value: Any, path: str, *, end: bool) -> tuple[int, str]:
    """``"HH:MM"`` or ``"HH:MM:SS"`` -> (minutes, as written ``HH:MM``); an end of
    ``23:59`` or ``23:59:59`` (Google's end of a whole day) or ``24:00`` is midnight, 1440;
    ``23:59:00``, with its seconds, is 23:59."""
    m = _TIME.fullmatch(value) if isinstance(value, str) and len(value) <= _LONGEST_TEXT else None
    if m is None:
        msg = f"{shown(value)} is not a time; write it as HH:MM, e.g. '09:00'"
        raise _refusal(path, msg)
    minutes = int(m.group(1)) * 60 + int(m.group(2))
    seconds = int(m.group(3) or 0)
    if end and (
        (minutes == MINUTES_PER_DAY - 1 and (m.group(3) is None or seconds == 59))
        or (minutes == MINUTES_PER_DAY and not seconds)
    ):
        return MINUTES_PER_DAY, "24:00"
    if minutes > MINUTES_PER_DAY or (minutes == MINUTES_PER_DAY and end):
        msg = f"{shown(value)} is past 24:00; write hours past midnight as a close before the open"
        raise _refusal(path, msg)
    if minutes == MINUTES_PER_DAY:
        raise _refusal(path, f"{shown(value)}: 24:00 can only close; open at '00:00' instead")
    if seconds:
        msg = f"{shown(value)} is not a whole minute; write it as {hhmm(minutes)}"
        raise _refusal(path, msg)
    return minutes, hhmm(minutes)


def _hours(entry: Mapping[str, Any], path: str) -> _Span | None:
    """The span of an entry's ``opens`` and ``closes``; None for a closed day (both
    ``"00:00"``)."""
    for key in ("opens", "closes"):
        if entry.get(key) is None:
            msg = (
                "is missing; give opens and closes ('09:00', '17:00'), both '00:00' for a "
                "closed day, or '00:00' and '23:59' for a day open around the clock"
            )
            field = f"{path}.{key}"
            raise _refusal(field, msg)
    start, _ = _time(entry["opens"], f"{path}.opens", end=False)
    end, written = _time(entry["closes"], f"{path}.closes", end=True)
    if end == start:
        if start == 0:
            return None  # closed all day
        msg = f"closes when it opens ({written}); for a whole day write '00:00' to '23:59'"
        field = f"{path}.closes"
        raise _refusal(field, msg)
    if end < start:  # past midnight
        return (start, end + MINUTES_PER_DAY, written, path)
    return (start, end, written, path)


def _join(spans: list[_Span], path: str) -> list[_Span]:
    """A day's spans sorted, overlapping ones joined (touching ones stay apart)."""
    out: list[_Span] = []
    for span in sorted(spans):
        if out and span[0] < out[-1][1]:
            if span[1] > out[-1][1]:
                out[-1] = (out[-1][0], span[1], span[2], out[-1][3])
        else:
            out.append(span)
    for start, end, _, where in out:
        if end - start > MINUTES_PER_DAY:
            msg = f"the hours from {hhmm(start)} run more than 24 hours without a break"
            raise _refusal(where, msg)
    if len(out) > MAX_SPANS_PER_DAY:
        msg = f"gives a day {len(out)} spans; a day holds at most {MAX_SPANS_PER_DAY}"
        raise too_many(path, msg)
    return out


def _pairs(spans: Iterable[_Span]) -> tuple[tuple[str, str], ...]:
    return tuple((hhmm(start), written) for start, _, written, _ in spans)


def _weekly(value: Any, path: str) -> tuple[dict[str, tuple[tuple[str, str], ...]], bool]:
    week: list[list[_Span]] = [[] for _ in DAYS]
    closed_by: dict[int, str] = {}
    holidays_off = False
    for i, raw in enumerate(_entries(value, path)):
        where = f"{path}[{i}]" if not isinstance(value, Mapping) else path
        entry = expect_object(raw, where, _WHAT)
        _check_type(entry, where)
        for key in ("validFrom", "validThrough"):
            if key in entry:
                msg = (
                    "weekly hours for part of the year (seasonal hours) are not supported; "
                    "give dated changes in specialOpeningHoursSpecification"
                )
                field = f"{where}.{key}"
                raise _refusal(field, msg)
        days = _days(entry.get("dayOfWeek"), f"{where}.dayOfWeek")
        span = _hours(entry, where)
        for d in days:
            if d == _HOLIDAYS:
                if span is not None:
                    msg = (
                        "hours on public holidays cannot be expressed (a calendar closes on "
                        "its holidays); write opens and closes '00:00', or give those dates in "
                        "specialOpeningHoursSpecification"
                    )
                    field = f"{where}.dayOfWeek"
                    raise _refusal(field, msg)
                holidays_off = True
            elif span is None:
                closed_by.setdefault(d, where)
            else:
                week[d].append(span)
    hours: dict[str, tuple[tuple[str, str], ...]] = {}
    joined = [_join(spans, path) for spans in week]
    for d in range(7):
        if joined[d] and d in closed_by:
            msg = (
                f"{DAY_NAMES[d]} is closed here (opens and closes '00:00') and has hours at "
                f"{joined[d][0][3]}; give the day once"
            )
            raise _refusal(closed_by[d], msg)
        nxt = (d + 1) % 7
        for start, end, written, where in joined[d]:
            spill = end - MINUTES_PER_DAY
            for other in joined[nxt]:
                if spill > other[0]:
                    msg = (
                        f"{DAY_NAMES[d]} {hhmm(start)}–{written} runs past midnight and "
                        f"overlaps {DAY_NAMES[nxt]} {hhmm(other[0])}–{other[2]} ({other[3]}); "
                        "hours past midnight belong to the day they start on, so they may not "
                        "overlap the next day's"
                    )
                    raise _refusal(where, msg)
        if joined[d]:
            hours[DAYS[d]] = _pairs(joined[d])
    return hours, holidays_off


def _date(value: Any, path: str) -> date:
    m = _DATE.fullmatch(value) if isinstance(value, str) and len(value) <= _LONGEST_TEXT else None
    if m is not None:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    raise _refusal(path, f"{shown(value)} is not a date; write it as YYYY-MM-DD")


def _check_type(entry: Mapping[str, Any], path: str) -> None:
    kind = entry.get("@type")
    if kind is not None and kind not in (
        "OpeningHoursSpecification",
        "schema:OpeningHoursSpecification",
        f"{SCHEMA}/OpeningHoursSpecification",
    ):
        msg = f"{shown(kind)} is not OpeningHoursSpecification"
        field = f"{path}.@type"
        raise _refusal(field, msg)


def _special(
    value: Any, path: str
) -> tuple[tuple[date, ...], dict[date, tuple[tuple[str, str], ...]]]:
    closed: dict[date, str] = {}
    dated: dict[date, list[_Span]] = {}
    named = 0
    for i, raw in enumerate(_entries(value, path)):
        where = f"{path}[{i}]" if not isinstance(value, Mapping) else path
        entry = expect_object(raw, where, _WHAT)
        _check_type(entry, where)
        ends = []
        for key in ("validFrom", "validThrough"):
            if entry.get(key) is None:
                msg = (
                    "is missing; a special entry holds for dates from validFrom through "
                    "validThrough (the same date for one day)"
                )
                field = f"{where}.{key}"
                raise _refusal(field, msg)
            ends.append(_date(entry[key], f"{where}.{key}"))
        first, last = ends
        if last < first:
            msg = f"{last.isoformat()} is before validFrom {first.isoformat()}"
            field = f"{where}.validThrough"
            raise _refusal(field, msg)
        days = None
        if entry.get("dayOfWeek") is not None:
            days = _days(entry["dayOfWeek"], f"{where}.dayOfWeek")
            if _HOLIDAYS in days:
                msg = "PublicHolidays belongs in openingHoursSpecification, closed"
                field = f"{where}.dayOfWeek"
                raise _refusal(field, msg)
        span = _hours(entry, where)
        count = (last - first).days + 1
        named += count
        if named > MAX_NAMED_DATES:
            msg = f"the special entries name more than {MAX_NAMED_DATES:,} dates in all"
            raise too_many(path, msg)
        for k in range(count):
            day = first + timedelta(days=k)
            if days is not None and day.weekday() not in days:
                continue
            if span is None:
                closed.setdefault(day, where)
            else:
                dated.setdefault(day, []).append(span)
    both = sorted(set(closed) & set(dated))
    if both:
        msg = (
            f"{both[0].isoformat()} is closed here (opens and closes '00:00') and has hours at "
            f"{dated[both[0]][0][3]}; give the date once"
        )
        raise _refusal(closed[both[0]], msg)
    for what, n in (("closed dates", len(closed)), ("dates with hours", len(dated))):
        if n > MAX_DATED:
            raise too_many(path, f"gives {n:,} {what}; a calendar holds at most {MAX_DATED:,}")
    special = {day: _pairs(_join(dated[day], path)) for day in sorted(dated)}
    return tuple(sorted(closed)), special


_KEYS = ("openingHoursSpecification", "specialOpeningHoursSpecification")


def _node(data: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
    """The object with the hours (in an ``@graph``, the one node that has them)."""
    if "@graph" not in data or any(key in data for key in _KEYS):
        return "", data
    nodes = expect_list(data["@graph"], "@graph", MAX_SPECIFICATIONS, _WHAT)
    found = [
        (i, node)
        for i, node in enumerate(nodes)
        if isinstance(node, Mapping) and any(key in node for key in _KEYS)
    ]
    if len(found) > 1:
        msg = (
            f"nodes {found[0][0]} and {found[1][0]} both have opening hours; pass the one "
            "node of the practice, e.g. data['@graph'][0]"
        )
        raise _refusal("@graph", msg)
    if not found:
        return "", {}
    return f"@graph[{found[0][0]}].", found[0][1]


def parse(data: Any) -> SchemaOrgHours:
    """Read the opening hours of schema.org JSON-LD (a business, or an ``@graph`` with one
    node that has them); module docstring.

    >>> parse({"openingHoursSpecification": {"dayOfWeek": "Sunday", "opens": "9:00",
    ...     "closes": "12:00"}})
    Traceback (most recent call last):
      ...
    contact_policy.errors.PolicyValidationError: openingHoursSpecification.opens: '9:00' is not a time; write it as HH:MM, e.g. '09:00'
    """  # noqa: E501 - the doctest shows one whole message
    prefix, node = _node(expect_object(data, None, _WHAT))
    if "openingHours" in node and not any(key in node for key in _KEYS):
        msg = (
            "the hours are given as openingHours text; read it with "
            "BusinessCalendar.from_opening_hours('; '.join(the list), zone)"
        )
        field = f"{prefix}openingHours"
        raise _refusal(field, msg)
    hours: dict[str, tuple[tuple[str, str], ...]] = {}
    holidays_off = False
    if node.get(_KEYS[0]) is not None:
        hours, holidays_off = _weekly(node[_KEYS[0]], f"{prefix}{_KEYS[0]}")
    closed: tuple[date, ...] = ()
    special: dict[date, tuple[tuple[str, str], ...]] = {}
    if node.get(_KEYS[1]) is not None:
        closed, special = _special(node[_KEYS[1]], f"{prefix}{_KEYS[1]}")
    return SchemaOrgHours(hours, closed, special, holidays_off)


def build(
    factory: type[BusinessCalendar], data: Any, zone: str, holidays: Iterable[str] = ()
) -> BusinessCalendar:
    """The calendar ``data`` describes in ``zone`` (``BusinessCalendar.from_schema_org``).

    ``holidays`` are the calendar's holiday codes; ``PublicHolidays`` closed in the data is
    what closes on them, so the two go together (as ``PH off`` in opening_hours): codes
    without it, or it without codes, is an error (path ``holidays``).
    """
    value = parse(data)
    calendar = factory.weekly(
        zone,
        value.hours,
        holidays=holidays,
        closed=value.closed,
        special_hours=value.special_hours,
    )
    if calendar.holidays and not value.holidays_off:
        msg = (
            f"holidays {', '.join(calendar.holidays)} were given but the data does not close "
            "on PublicHolidays; add {'dayOfWeek': 'https://schema.org/PublicHolidays', "
            "'opens': '00:00', 'closes': '00:00'} to openingHoursSpecification, or leave "
            "holidays out"
        )
        raise _refusal("holidays", msg)
    if value.holidays_off and not calendar.holidays:
        msg = (
            "the data closes on PublicHolidays but no holiday calendars were given; pass "
            "them, e.g. holidays=['US'] (the codes of the holidays package)"
        )
        raise _refusal("holidays", msg)
    return calendar


def from_schema_org(
    data: Any,
    zone: str,
    *,
    holidays: Iterable[str] = (),
    factory: type[BusinessCalendar] | None = None,
) -> BusinessCalendar:
    """The calendar ``data`` (schema.org JSON-LD) describes in ``zone``, as
    :meth:`BusinessCalendar.from_schema_org` reads it.

    ``factory`` is the calendar class to build (``BusinessCalendar`` by default, looked up on
    the package when called, so this module never imports ``calendar.py``, which imports it).
    """
    factory = calendar_class(factory)
    return build(factory, data, zone, holidays)


# --- writing ----------------------------------------------------------------------------------


def _spec(**fields: Any) -> dict[str, Any]:
    return {"@type": "OpeningHoursSpecification", **fields}


def _closes(end: str) -> str:
    """``closes`` of an end: midnight is Google's ``"23:59"``, so a real 23:59 is written with
    its seconds, ``"23:59:00"``, to come back as 23:59."""
    if end == "24:00":
        return "23:59"
    return "23:59:00" if end == "23:59" else end


def to_schema_org(
    calendar: BusinessCalendar,
    *,
    name: str | None = None,
    through: date | None = None,
    since: date | None = None,
    business_type: str = "MedicalBusiness",
) -> dict[str, Any]:
    """``calendar`` as schema.org JSON-LD: a ``business_type`` (``MedicalBusiness`` by
    default; any ``LocalBusiness`` type) with ``name`` when given.

    - ``openingHoursSpecification``: the weekly hours, days with the same span in one entry;
      hours past midnight as one entry closing earlier than it opens; an end at 24:00 as
      ``"23:59"`` (Google's convention); with holidays, ``PublicHolidays`` closed;
    - ``specialOpeningHoursSpecification``: closed dates (runs of consecutive dates in one
      entry, ``opens`` = ``closes`` = ``"00:00"``) and special hours (an entry per span);
      with ``through``, the calendar's holidays from ``since`` (by default January 1 of that
      year) to ``through`` as closed dates with their names, for readers that do not know
      which days are holidays.

    Closures (stretches between two instants) have no schema.org form: a calendar with
    closures is refused (path ``closures``).
    """
    if calendar.closures:
        msg = (
            f"the calendar has {len(calendar.closures)} closure(s); closures (stretches "
            "between two instants) have no schema.org form: give whole dates as closed dates "
            "or special hours instead"
        )
        raise _refusal("closures", msg)
    if not isinstance(business_type, str) or not business_type.strip():
        msg = f"{shown(business_type)} is not a schema.org type; use e.g. 'MedicalBusiness'"
        raise _refusal("business_type", msg)
    if name is not None and not isinstance(name, str):
        raise _refusal("name", f"{shown(name)} is not a name; pass a string")
    holidays: dict[date, str] = {}
    if through is not None:
        last = check_date(through, "through", _WHAT)
        first = date(last.year, 1, 1) if since is None else check_date(since, "since", _WHAT)
        if last < first:
            msg = f"{last.isoformat()} is before since {first.isoformat()}"
            raise _refusal("through", msg)
        if last.year - first.year >= MAX_HOLIDAY_YEARS:
            msg = f"holidays are listed for at most {MAX_HOLIDAY_YEARS} years"
            raise too_many("through", msg)
        holidays = holiday_names(calendar.holidays, first, last)
    elif since is not None:
        raise _refusal("since", "since needs through (the last date to list holidays for)")
    groups: dict[tuple[str, str], list[int]] = {}
    order: dict[tuple[str, str], tuple[int, int]] = {}
    for d in range(7):
        for span in calendar.hours.for_day(d):
            key = (span.start, span.end)
            groups.setdefault(key, []).append(d)
            order.setdefault(key, (d, span.minutes[0]))
    weekly = [
        _spec(
            dayOfWeek=[f"{SCHEMA}/{DAY_NAMES[d]}" for d in groups[key]],
            opens=key[0],
            closes=_closes(key[1]),
        )
        for key in sorted(groups, key=order.__getitem__)
    ]
    if calendar.holidays:
        weekly.append(_spec(dayOfWeek=[f"{SCHEMA}/PublicHolidays"], opens="00:00", closes="00:00"))
    dated: list[tuple[date, dict[str, Any]]] = []
    special_dates = {s.date for s in calendar.special_hours}
    whole = [(day, "") for day in calendar.closed]
    whole += [(s.date, "") for s in calendar.special_hours if not s.hours]
    whole += [
        (day, title)
        for day, title in holidays.items()
        if day not in special_dates and day not in calendar.closed
    ]
    for first_day, last_day, title in date_runs(whole):
        entry = _spec(
            validFrom=first_day.isoformat(),
            validThrough=last_day.isoformat(),
            opens="00:00",
            closes="00:00",
        )
        if title:
            entry = {"@type": entry["@type"], "name": title, **entry}
        dated.append((first_day, entry))
    for special in calendar.special_hours:
        for span in special.hours:
            day = special.date.isoformat()
            entry = _spec(
                validFrom=day, validThrough=day, opens=span.start, closes=_closes(span.end)
            )
            dated.append((special.date, entry))
    out: dict[str, Any] = {"@context": SCHEMA, "@type": business_type.strip()}
    if name is not None:
        out["name"] = name
    if weekly:
        out["openingHoursSpecification"] = weekly
    if dated:
        dated.sort(key=lambda item: item[0])
        out["specialOpeningHoursSpecification"] = [entry for _, entry in dated]
    return out
