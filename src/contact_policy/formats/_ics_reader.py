"""Reading iCalendar text for :mod:`contact_policy.formats.ics`: content lines unfolded and
split (by icalendar's parser) into components, and one RFC 7953 ``VAVAILABILITY`` read into a
calendar's weekly hours, closed dates and special hours.

The values are read here, not by icalendar, so that what a text means does not depend on the
icalendar release, and so that hostile text costs time linear in its length: every refusal is
a :class:`~contact_policy.errors.PolicyValidationError` whose path names the component and the
property (``VAVAILABILITY.AVAILABLE[1].RRULE``) and whose message gives the line.

Imports the errors, :mod:`contact_policy.hours`, :mod:`contact_policy.limits` and the zone
lookup of :mod:`contact_policy._model` (and icalendar when a text is first read).

One file: the iCalendar text reader (lines, properties, components) that both directions of
``formats.ics`` use.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache
from typing import Any, NamedTuple

from .._model import get_zone
from ..errors import ContactPolicyError, LimitExceededError, PolicyValidationError
from ..hours import DAYS, MINUTES_PER_DAY, hhmm
from ..limits import MAX_DATED, MAX_POLICY_BYTES, MAX_SPANS_PER_DAY

__all__ = ["BYDAY", "EXTRA_HINT", "MAX_ICS_CHARS", "Parts", "load_icalendar", "read", "refusal"]

#: What to install for iCalendar.
EXTRA_HINT = "pip install 'contact-policy[ics]'"
#: The longest text read, in characters (or bytes): a policy file's limit.
MAX_ICS_CHARS = MAX_POLICY_BYTES
#: How deeply components may nest (VCALENDAR > VAVAILABILITY > AVAILABLE is three).
MAX_DEPTH = 8
#: RFC 5545 weekday codes, Monday first (``date.weekday()`` indexes them).
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: Zone names that exist in a tz database but are not places: the machine's own zone
#: (``localtime``) and the database's internals are never read from a TZID.
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


def load_icalendar(what: str) -> Any:
    """The ``icalendar`` package, or the error naming the extra."""
    try:
        import icalendar
        import icalendar.parser
    except ImportError:
        msg = f"{what} needs the icalendar package, an optional extra: {EXTRA_HINT}"
        raise ContactPolicyError(msg) from None
    return icalendar


def refusal(path: str, detail: str) -> PolicyValidationError:
    """A :class:`PolicyValidationError` at ``path``."""
    return PolicyValidationError(f"{path}: {detail}", path=path, detail=detail)


def too_much(path: str, detail: str) -> LimitExceededError:
    """A :class:`LimitExceededError` at ``path``."""
    return LimitExceededError(f"{path}: {detail}", path=path, detail=detail)


class Parts(NamedTuple):
    """What a ``VAVAILABILITY`` says, in the parts :meth:`BusinessCalendar.weekly` takes."""

    zone: str
    hours: dict[str, list[tuple[str, str]]]
    closed: list[date]
    special_hours: dict[date, list[tuple[str, str]]]


# --- content lines into components ----------------------------------------------------


class _Line(NamedTuple):
    name: str  # upper case
    params: Any  # icalendar's Parameters (a case-insensitive dict)
    value: str
    line: int  # where the content line starts (1-based)


class _Component:
    __slots__ = ("children", "line", "name", "props")

    def __init__(self, name: str, line: int) -> None:
        self.name = name
        self.line = line
        self.props: list[_Line] = []
        self.children: list[_Component] = []

    def all(self, name: str) -> list[_Line]:
        return [p for p in self.props if p.name == name]


_NEWLINE = re.compile(r"\r\n|\n|\r")


def _short(text: str, most: int = 60) -> str:
    return repr(text if len(text) <= most else text[:most] + "...")


def _components(text: Any) -> list[_Component]:
    """The top-level components of ``text``: content lines unfolded (RFC 5545 §3.1), each
    split by icalendar's parser, nested by BEGIN and END."""
    ical = load_icalendar("from_vavailability")
    if isinstance(text, (bytes, bytearray)):
        if len(text) > MAX_ICS_CHARS:
            raise _too_big(len(text), "bytes")
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            msg = f"the text is not UTF-8 (byte {exc.start}); iCalendar text is UTF-8"
            raise refusal("ics", msg) from None
    if not isinstance(text, str):
        msg = f"{type(text).__name__} is not iCalendar text; pass the text as a str"
        raise refusal("ics", msg)
    if len(text) > MAX_ICS_CHARS:
        raise _too_big(len(text), "characters")
    text = text.removeprefix("\ufeff")
    contentline = ical.parser.Contentline
    top: list[_Component] = []
    stack: list[_Component] = []
    count = 0  # components so far
    lines = _NEWLINE.split(text)
    total = len(lines)
    k = 0
    while k < total:
        raw = lines[k]
        k += 1
        number = k
        if k < total and lines[k][:1] in _FOLD:  # unfold (RFC 5545 §3.1)
            pieces = [raw]
            while k < total and lines[k][:1] in _FOLD:
                pieces.append(lines[k][1:])
                k += 1
            raw = "".join(pieces)
        marker = _BEGIN_END.match(raw) if raw[:1] in _MARKS else None
        if marker is None:
            if stack:
                # Only the properties that are read are split; the rest are skipped unread.
                wanted = _NEEDED.get(stack[-1].name)
                if wanted is None:
                    continue
                head = _PROPERTY.match(raw)
                if head is not None and head.group(1).upper() not in wanted:
                    continue
            if not raw or raw.isspace():
                continue
            name, params, value = _split(contentline, raw, number)
            if not stack:
                msg = f"line {number}: the property {_short(name)[1:-1]} is outside any component"
                raise refusal("ics", msg)
            stack[-1].props.append(_Line(name, params, value, number))
            continue
        kind = marker.group(2).strip().upper()
        if marker.group(1).upper() == "BEGIN":
            if not _NAME.fullmatch(kind):
                msg = f"line {number}: BEGIN:{_short(marker.group(2))[1:-1]} names no component"
                raise refusal("ics", msg)
            if len(stack) >= MAX_DEPTH:
                msg = f"line {number}: components nest more than {MAX_DEPTH} deep"
                raise too_much("ics", msg)
            count += 1
            if count > MAX_COMPONENTS:
                msg = f"line {number}: the text has more than {MAX_COMPONENTS:,} components"
                raise too_much("ics", msg)
            comp = _Component(kind, number)
            (stack[-1].children if stack else top).append(comp)
            stack.append(comp)
        else:
            if not stack or stack[-1].name != kind:
                opened = f"BEGIN:{stack[-1].name} (line {stack[-1].line})" if stack else "nothing"
                msg = f"line {number}: END:{_short(kind)[1:-1]} does not close {opened}"
                raise refusal("ics", msg)
            stack.pop()
    if stack:
        msg = f"BEGIN:{stack[-1].name} (line {stack[-1].line}) is never closed by END"
        raise refusal("ics", msg)
    if not top:
        msg = "the text holds no iCalendar component (BEGIN:VCALENDAR ... END:VCALENDAR)"
        raise refusal("ics", msg)
    return top


#: ``BEGIN:NAME`` and ``END:NAME`` (with the spaces a lenient reader allows).
_BEGIN_END = re.compile(r"[ \t]*(BEGIN|END)[ \t]*:(.*)", re.IGNORECASE | re.DOTALL)
_NAME = re.compile(r"[A-Z0-9-]{1,64}")
#: The first characters of a line that may be ``BEGIN:`` or ``END:``, and of a folded line.
_MARKS = frozenset("BbEe \t")
_FOLD = (" ", "\t")
#: The components one text may hold (a calendar's 10,000 dates with special hours, a block
#: each, fit).
MAX_COMPONENTS = 25_000
#: The parameters one content line may have.
MAX_PARAMETERS = 100
#: The components whose properties are read; the others' properties are skipped unsplit.
_NEEDED = {
    "VAVAILABILITY": frozenset({"DTSTART", "DTEND", "DURATION"}),
    "AVAILABLE": frozenset(
        {"DTSTART", "DTEND", "DURATION", "RRULE", "EXDATE", "RDATE", "EXRULE", "RECURRENCE-ID"}
    ),
    "VTIMEZONE": frozenset({"TZID"}),
}
#: A property's name at the start of its line.
_PROPERTY = re.compile(r"[ \t]*([A-Za-z0-9-]+)[ \t]*[;:]")
_TOKEN = re.compile(r"[A-Za-z0-9-]+")


def _split(contentline: Any, raw: str, number: int) -> tuple[str, Any, str]:
    """Name (upper case), parameters and value of one content line.

    A line with a quoted parameter value or a backslash is split by icalendar's parser; the
    others (nearly all) the same way here, for speed: ``NAME;KEY=VALUE;...:VALUE``, a
    parameter value with commas giving a list, as icalendar gives it.
    """
    if raw.count(";", 0, raw.find(":")) > MAX_PARAMETERS:
        msg = f"line {number}: the line has more than {MAX_PARAMETERS} parameters"
        raise too_much("ics", msg)
    if '"' not in raw and "\\" not in raw:
        head, colon, value = raw.partition(":")
        name, *parts = head.split(";")
        name = name.strip(" \t")
        params: dict[str, Any] = {}
        good = bool(colon) and _TOKEN.fullmatch(name) is not None
        for part in parts:
            key, eq, text = part.partition("=")
            key = key.strip(" \t").upper()
            if not eq or _TOKEN.fullmatch(key) is None:
                good = False
                break
            params[key] = text.split(",") if "," in text else text
        if good:
            return name.upper(), params, value
        msg = (
            f"line {number}: {_short(raw)} is not an iCalendar content line "
            "(NAME;PARAMETER=VALUE:VALUE)"
        )
        raise refusal("ics", msg)
    try:
        name, params, value = contentline(raw).parts()
    except Exception:  # icalendar's parser raises several kinds
        msg = (
            f"line {number}: {_short(raw)} is not an iCalendar content line "
            "(NAME;PARAMETER=VALUE:VALUE)"
        )
        raise refusal("ics", msg) from None
    return str(name).upper(), params, str(value)


def _too_big(size: int, unit: str) -> LimitExceededError:
    msg = (
        f"the text has {size:,} {unit}; an iCalendar text read here has at most {MAX_ICS_CHARS:,}"
    )
    return too_much("ics", msg)


# --- values ---------------------------------------------------------------------------

_DATE_TIME = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)")
_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DURATION = re.compile(
    r"\+?P(?:(\d{1,6})W)?(?:(\d{1,6})D)?(?:T(?:(\d{1,6})H)?(?:(\d{1,6})M)?(?:(\d{1,6})S)?)?"
)


class _When(NamedTuple):
    """A DATE or DATE-TIME as written: the date, minutes past midnight (None for a DATE) and
    how it is zoned: ``"utc"``, ``"floating"`` or ``"tzid"`` with the TZID as written."""

    day: date
    minute: int | None
    kind: str
    tzid: str | None


@lru_cache(maxsize=1)
def _iana_names() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


_MOZILLA = re.compile(r"/mozilla\.org/[^/]+/(.+)")


def _iana(tzid: str) -> str | None:
    """The IANA zone a TZID names: the name itself, Thunderbird's ``/mozilla.org/.../Zone``, a
    leading ``/`` (RFC 5545's globally unique prefix) or a Windows zone name (Outlook's
    ``Eastern Standard Time``, by icalendar's table); None when it names none."""
    names = _iana_names()
    candidates = [tzid, tzid.lstrip("/")]
    if match := _MOZILLA.fullmatch(tzid):
        candidates.append(match.group(1))
    try:
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

        windows = WINDOWS_TO_OLSON.get(tzid)
    except ImportError:  # pragma: no cover - another icalendar layout
        windows = None
    if isinstance(windows, str):
        candidates.append(windows)
    for name in candidates:
        if name in names and name not in _NOT_ZONES:
            return name
    return None


def _timezones(top: list[_Component]) -> list[_Component]:
    """The VTIMEZONE components of the text (at its top or in a VCALENDAR)."""
    return [c for comp in top for c in (comp, *comp.children) if c.name == "VTIMEZONE"]


class _Reader:
    """Reads the one VAVAILABILITY of a text into weekly blocks and dated ones."""

    def __init__(self, zone: str | None) -> None:
        self.tz: tzinfo | None = get_zone(zone) if zone is not None else None
        #: The calendar's zone, once known (a ZoneInfo given as ``zone`` by its name).
        self.zone = zone if zone is None else str(getattr(self.tz, "key", zone))
        self.asked = self.zone

    # --- values ---

    def fail(self, path: str, prop: _Line, detail: str) -> PolicyValidationError:
        return refusal(path, f"line {prop.line}: {detail}")

    def param(self, prop: _Line, name: str, path: str) -> str | None:
        value = prop.params.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            shown = ",".join(str(v) for v in value)
            raise self.fail(path, prop, f"{name}={_short(shown)} gives several values; give one")
        return value

    def when(self, prop: _Line, text: str, path: str, value_type: str | None) -> _When:
        """One DATE or DATE-TIME value of ``prop``."""
        text = text.strip()
        tzid = self.param(prop, "TZID", path)
        if value_type is None:
            value_type = (self.param(prop, "VALUE", path) or "DATE-TIME").upper()
        if value_type == "DATE":
            m = _DATE.fullmatch(text)
            if m is None:
                raise self.fail(path, prop, f"{_short(text)} is not a DATE (YYYYMMDD)")
            return _When(self.day(m, prop, path, text), None, "floating", None)
        if value_type != "DATE-TIME":
            msg = f"VALUE={value_type} is not supported here; give a DATE-TIME or a DATE"
            raise self.fail(path, prop, msg)
        m = _DATE_TIME.fullmatch(text)
        if m is None:
            msg = f"{_short(text)} is not a DATE-TIME (YYYYMMDDTHHMMSS, with Z for UTC)"
            raise self.fail(path, prop, msg)
        day = self.day(m, prop, path, text)
        hour, minute, second = int(m.group(4)), int(m.group(5)), int(m.group(6))
        if hour > 23 or minute > 59 or second > 60:
            raise self.fail(path, prop, f"{_short(text)} is not a time of day")
        if second:
            msg = f"{text} has seconds; the hours of a calendar are whole minutes"
            raise self.fail(path, prop, msg)
        if m.group(7):
            if tzid is not None:
                msg = f"{text} is in UTC (Z) and also has TZID={tzid}; give one of them"
                raise self.fail(path, prop, msg)
            return _When(day, hour * 60 + minute, "utc", None)
        if tzid is None:
            return _When(day, hour * 60 + minute, "floating", None)
        return _When(day, hour * 60 + minute, "tzid", tzid)

    def day(self, m: re.Match[str], prop: _Line, path: str, text: str) -> date:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise self.fail(path, prop, f"{_short(text)} is not a date") from None

    def wall(self, when: _When, prop: _Line, path: str, *, exact: bool) -> tuple[date, int]:
        """``when`` as a wall time of the calendar's zone, fixing the zone the first time.

        ``exact``: a UTC time may be converted to the zone's wall time (an exclusion, a
        one-off block); a weekly block's times must be the zone's own.
        """
        minute = when.minute if when.minute is not None else 0
        if when.kind == "floating":
            if self.zone is None:
                msg = (
                    "the time has no TZID (a floating time), so its zone is unknown; pass "
                    "zone= (an IANA name such as 'America/New_York') or write it with "
                    f"TZID, e.g. {prop.name};TZID=America/New_York:..."
                )
                raise self.fail(path, prop, msg)
            return when.day, minute
        if when.kind == "utc":
            if self.zone is None:
                self.zone, self.tz = "UTC", get_zone("UTC")
            if self.zone == "UTC":
                return when.day, minute
            if not exact:
                msg = (
                    f"the time is in UTC (Z) but the calendar's zone is {self.zone}; weekly "
                    "hours are wall times of the zone: write the time with "
                    f"TZID={self.zone}"
                )
                raise self.fail(path, prop, msg)
            assert self.tz is not None  # noqa: S101 - set with the zone
            at = datetime(
                when.day.year, when.day.month, when.day.day, minute // 60, minute % 60, tzinfo=UTC
            ).astimezone(self.tz)
            return at.date(), at.hour * 60 + at.minute
        tzid = when.tzid or ""
        named = _iana(tzid)
        if self.zone is None:
            if named is None:
                msg = (
                    f"TZID={_short(tzid)} is not a known IANA time zone (nor a Windows or "
                    "Thunderbird name of one); pass zone= with the IANA name it stands for"
                )
                raise self.fail(path, prop, msg)
            self.zone, self.tz = named, get_zone(named)
        elif named is not None and named != self.zone:
            where = "given as zone=" if self.asked is not None else "read from an earlier TZID"
            msg = (
                f"TZID={_short(tzid)} differs from the calendar's zone {self.zone} ({where}); "
                "a calendar has one zone: write every time in it"
            )
            raise self.fail(path, prop, msg)
        return when.day, minute

    # --- the components ---

    def read(self, top: list[_Component]) -> tuple[list[_Block], str]:
        found: list[_Component] = []
        for comp in top:
            if comp.name == "VAVAILABILITY":
                found.append(comp)
            found.extend(child for child in comp.children if child.name == "VAVAILABILITY")
        if not found:
            names = ", ".join(
                sorted({c.name for c in top} | {k.name for c in top for k in c.children})
            )
            msg = f"the text has no VAVAILABILITY component (it has {names})"
            raise refusal("ics", msg)
        if len(found) > 1:
            msg = (
                f"line {found[1].line}: the text has {len(found)} VAVAILABILITY components; a "
                "calendar's weekly hours are one (several, with PRIORITY and date bounds, "
                "describe availability that changes over time)"
            )
            raise refusal("VAVAILABILITY", msg)
        outer = found[0]
        for name in ("DTEND", "DURATION"):
            for prop in outer.all(name):
                msg = (
                    f"{name} bounds the availability: it ends, and a calendar's weekly hours "
                    "do not; remove it (DTSTART alone is accepted and not kept)"
                )
                where = f"VAVAILABILITY.{name}"
                raise self.fail(where, prop, msg)
        blocks: list[_Block] = []
        index = 0
        for child in outer.children:
            if child.name != "AVAILABLE":
                continue
            blocks.append(self.block(child, f"VAVAILABILITY.AVAILABLE[{index}]", index))
            index += 1
        if self.zone is None:  # no block, and no zone given: the zone the text names, if one
            named = {_iana(p.value.strip()) for c in _timezones(top) for p in c.all("TZID")}
            for prop in outer.all("DTSTART"):
                tzid = prop.params.get("TZID")
                named.add(_iana(tzid) if isinstance(tzid, str) else None)
            zones = sorted(name for name in named if name is not None)
            if len(zones) != 1:
                msg = (
                    "the VAVAILABILITY has no AVAILABLE block, and the text names "
                    f"{'no zone' if not zones else 'several zones'}; pass zone="
                )
                raise refusal("VAVAILABILITY", msg)
            return blocks, zones[0]
        return blocks, self.zone

    def one(self, comp: _Component, name: str, path: str) -> _Line | None:
        props = comp.all(name)
        if len(props) > 1:
            where, msg = f"{path}.{name}", f"{name} is given more than once"
            raise self.fail(where, props[1], msg)
        return props[0] if props else None

    def block(self, comp: _Component, path: str, index: int) -> _Block:
        for name, why in (
            (
                "RDATE",
                "added dates (RDATE) are not supported; give each as an AVAILABLE of its own",
            ),
            ("EXRULE", "exclusion rules (EXRULE) are not supported; list the dates in EXDATE"),
            (
                "RECURRENCE-ID",
                "an override of one occurrence (RECURRENCE-ID) is not supported; exclude it with "
                "EXDATE and add an AVAILABLE for that date",
            ),
        ):
            for prop in comp.all(name):
                where = f"{path}.{name}"
                raise self.fail(where, prop, why)
        start_prop = self.one(comp, "DTSTART", path)
        if start_prop is None:
            msg = f"line {comp.line}: the AVAILABLE has no DTSTART"
            where = f"{path}.DTSTART"
            raise refusal(where, msg)
        start = self.when(start_prop, start_prop.value, f"{path}.DTSTART", None)
        rule = self.one(comp, "RRULE", path)
        # A one-off block is an exact stretch: one in UTC is converted to the zone's wall time.
        day, begin = self.wall(start, start_prop, f"{path}.DTSTART", exact=rule is None)
        all_day = start.minute is None
        length = self.length(comp, path, start, all_day=all_day)
        if not 0 < length < MINUTES_PER_DAY and not (length == MINUTES_PER_DAY and begin == 0):
            what = "ends when it starts" if length == 0 else "ends before it starts"
            if length > 0:
                what = f"lasts {length // 60}:{length % 60:02d}, 24 hours or more"
            msg = (
                f"the block {what}; a span of a day's hours lasts less than 24 hours (or is the "
                "whole day, 00:00 to 24:00)"
            )
            where, msg = f"{path}.DTEND", f"line {start_prop.line}: {msg}"
            raise refusal(where, msg)
        days = self.rrule(rule, f"{path}.RRULE", day) if rule is not None else None
        excluded: set[date] = set()
        for prop in comp.all("EXDATE"):
            excluded |= self.exdates(prop, f"{path}.EXDATE", start, begin)
        return _Block(days, day, begin, begin + length, frozenset(excluded), index)

    def length(self, comp: _Component, path: str, start: _When, *, all_day: bool) -> int:
        end_prop = self.one(comp, "DTEND", path)
        duration = self.one(comp, "DURATION", path)
        if end_prop is not None and duration is not None:
            msg = "DTEND and DURATION are both given; give one of them"
            where = f"{path}.DURATION"
            raise self.fail(where, duration, msg)
        if duration is not None:
            return self.duration(duration, f"{path}.DURATION")
        if end_prop is None:
            if all_day:
                return MINUTES_PER_DAY
            msg = f"line {comp.line}: the AVAILABLE has neither DTEND nor DURATION"
            where = f"{path}.DTEND"
            raise refusal(where, msg)
        value_type = "DATE" if all_day else None
        end = self.when(end_prop, end_prop.value, f"{path}.DTEND", value_type)
        if (end.kind, end.tzid) != (start.kind, start.tzid):
            msg = "DTEND is zoned differently from DTSTART (TZID, Z or neither); write both alike"
            where = f"{path}.DTEND"
            raise self.fail(where, end_prop, msg)
        return (
            (end.day - start.day).days * MINUTES_PER_DAY + (end.minute or 0) - (start.minute or 0)
        )

    def duration(self, prop: _Line, path: str) -> int:
        text = prop.value.strip().upper()
        m = _DURATION.fullmatch(text)
        if m is None or text in ("P", "+P") or text.endswith("T"):
            msg = f"{_short(prop.value)} is not a positive DURATION (such as PT8H or PT7H30M)"
            raise self.fail(path, prop, msg)
        weeks, days, hours, minutes, seconds = (int(g or 0) for g in m.groups())
        if seconds % 60:
            raise self.fail(
                path, prop, f"{text} has seconds; the hours of a calendar are whole minutes"
            )
        return (weeks * 7 + days) * MINUTES_PER_DAY + hours * 60 + minutes + seconds // 60

    def rrule(self, prop: _Line, path: str, day: date) -> tuple[int, ...]:
        """The weekdays of a weekly rule (every week, no end)."""
        parts: dict[str, str] = {}
        for part in prop.value.strip().split(";"):
            key, eq, value = part.partition("=")
            key = key.strip().upper()
            if not eq or not key:
                raise self.fail(path, prop, f"{_short(part)} is not a rule part (NAME=VALUE)")
            if key in parts:
                raise self.fail(path, prop, f"{key} is given twice")
            parts[key] = value.strip().upper()
        freq = parts.pop("FREQ", None)
        if freq is None:
            raise self.fail(path, prop, "the rule has no FREQ; write FREQ=WEEKLY;BYDAY=MO,...")
        if freq != "WEEKLY":
            msg = (
                f"FREQ={_short(freq)[1:-1]} is not weekly; weekly hours repeat every week "
                "(FREQ=WEEKLY with BYDAY)"
            )
            raise self.fail(path, prop, msg)
        for key in ("UNTIL", "COUNT"):
            if key in parts:
                msg = (
                    f"{key} ends the rule, and a calendar's weekly hours do not end; remove "
                    f"{key} (and give the dates after the end as closed dates if needed)"
                )
                raise self.fail(path, prop, msg)
        interval = parts.pop("INTERVAL", "1")
        if not interval.isdigit():
            raise self.fail(path, prop, f"INTERVAL={_short(interval)[1:-1]} is not a number")
        if interval.lstrip("0") != "1":
            msg = (
                f"INTERVAL={_short(interval)[1:-1]} repeats every {interval} weeks; weekly "
                "hours repeat every week"
            )
            raise self.fail(path, prop, msg)
        wkst = parts.pop("WKST", None)
        if wkst is not None and wkst not in BYDAY:
            raise self.fail(path, prop, f"WKST={_short(wkst)[1:-1]} is not a weekday (MO .. SU)")
        byday = parts.pop("BYDAY", None)
        if parts:
            key = next(iter(parts))
            msg = (
                f"{key} is not supported; weekly hours are weekdays (BYDAY) at the times of "
                "DTSTART and DTEND"
            )
            raise self.fail(path, prop, msg)
        if byday is None:
            return (day.weekday(),)
        days: list[int] = []
        for code in byday.split(","):
            code = code.strip()
            if code not in BYDAY:
                if re.fullmatch(r"[+-]?\d{1,2}(MO|TU|WE|TH|FR|SA|SU)", code):
                    msg = (
                        f"BYDAY={code} picks one weekday of a month or year; weekly hours "
                        "name plain weekdays (MO .. SU)"
                    )
                else:
                    msg = f"BYDAY has {_short(code)}, which is not a weekday (MO .. SU)"
                raise self.fail(path, prop, msg)
            if BYDAY.index(code) not in days:
                days.append(BYDAY.index(code))
        return tuple(sorted(days))

    def exdates(self, prop: _Line, path: str, start: _When, begin: int) -> set[date]:
        """The dates an EXDATE excludes the block's occurrence on: a DATE excludes its date; a
        DATE-TIME excludes the date whose occurrence starts then (other values exclude
        nothing, as in RFC 5545)."""
        value_type = (self.param(prop, "VALUE", path) or "DATE-TIME").upper()
        found: set[date] = set()
        for text in prop.value.split(","):
            when = self.when(prop, text, path, value_type)
            if when.minute is None:
                found.add(when.day)
                continue
            day, minute = self.wall(when, prop, path, exact=True)
            if start.minute is None or minute == begin:
                found.add(day)
        return found


class _Block(NamedTuple):
    """An AVAILABLE: weekly on ``days`` (None: once, on ``day``), from ``start`` to ``end``
    minutes past the midnight of its day (``end`` past 1440 runs overnight)."""

    days: tuple[int, ...] | None
    day: date
    start: int
    end: int
    excluded: frozenset[date]
    number: int


def _union(spans: list[tuple[int, int, int]], where: str) -> list[tuple[int, int]]:
    """Spans ``(start, end, block index)`` of one day, sorted, overlapping ones joined (the
    union RFC 7953 means; touching ones stay apart); ``where`` names the day, for errors."""
    out: list[tuple[int, int, list[int]]] = []
    for start, end, index in sorted(spans):
        if out and start < out[-1][1]:
            last = out[-1]
            out[-1] = (last[0], max(last[1], end), [*last[2], index])
        else:
            out.append((start, end, [index]))
    for start, end, indices in out:
        if end - start > MINUTES_PER_DAY or (end - start == MINUTES_PER_DAY and start):
            blocks = " and ".join(f"AVAILABLE[{i}]" for i in indices)
            msg = (
                f"{blocks} overlap {where} into one span from {hhmm(start)} lasting 24 hours "
                "or more; a span of a day's hours lasts less than 24 hours"
            )
            path = f"VAVAILABILITY.AVAILABLE[{indices[-1]}]"
            raise refusal(path, msg)
    return [(start, end) for start, end, _ in out]


def _pair(start: int, end: int) -> tuple[str, str]:
    return hhmm(start), hhmm(end if end <= MINUTES_PER_DAY else end - MINUTES_PER_DAY)


def read(text: Any, zone: str | None) -> Parts:
    """The parts of the one ``VAVAILABILITY`` of ``text`` (``from_vavailability`` documents
    the reading); ``zone`` is the calendar's zone when the caller gives it."""
    top = _components(text)
    blocks, name = _Reader(zone).read(top)
    recurring: list[list[_Block]] = [[] for _ in range(7)]  # by weekday
    once: dict[date, list[_Block]] = {}  # one-off blocks by date
    for b in blocks:
        if b.days is None:
            once.setdefault(b.day, []).append(b)
        for d in b.days or ():
            recurring[d].append(b)
            if len(recurring[d]) > MAX_SPANS_PER_DAY:
                msg = (
                    f"more than {MAX_SPANS_PER_DAY} AVAILABLE blocks recur on {DAYS[d]}; a day "
                    f"holds at most {MAX_SPANS_PER_DAY} spans"
                )
                path = f"VAVAILABILITY.AVAILABLE[{b.number}]"
                raise too_much(path, msg)
    weekly_raw = [[(b.start, b.end, b.number) for b in recurring[d]] for d in range(7)]
    weekly = [_union(weekly_raw[d], f"on {DAYS[d]}") for d in range(7)]
    for d in range(7):
        nxt = (d + 1) % 7
        for start, end in weekly[d]:
            if end > MINUTES_PER_DAY and weekly[nxt] and weekly[nxt][0][0] < end - MINUTES_PER_DAY:
                first = next(b for b in blocks if b.days and d in b.days and b.start == start)
                other = next(
                    b for b in blocks if b.days and nxt in b.days and b.start == weekly[nxt][0][0]
                )
                msg = (
                    f"AVAILABLE[{first.number}] runs overnight from {DAYS[d]} {hhmm(start)} "
                    f"into {DAYS[nxt]} and overlaps AVAILABLE[{other.number}] on {DAYS[nxt]}; an "
                    "overnight span belongs to the day it starts on, so it may not overlap the "
                    "next day's hours: end it earlier or start the next day later"
                )
                where = f"VAVAILABILITY.AVAILABLE[{other.number}]"
                raise refusal(where, msg)
    touched = set(once)
    for b in blocks:
        if b.days is not None:
            touched.update(day for day in b.excluded if day.weekday() in b.days)
    if len(touched) > 2 * MAX_DATED:
        msg = (
            f"the exclusions and one-off blocks change the hours of {len(touched):,} dates; a "
            f"calendar holds at most {MAX_DATED:,} closed dates and {MAX_DATED:,} dates with "
            "special hours"
        )
        raise too_much("VAVAILABILITY", msg)
    closed: list[date] = []
    special: dict[date, list[tuple[str, str]]] = {}
    for day in sorted(touched):
        wd = day.weekday()
        spans = [
            (b.start, b.end, b.number)
            for b in (*recurring[wd], *once.get(day, ()))
            if day not in b.excluded
        ]
        merged = _union(spans, f"on {day.isoformat()}")
        if merged == weekly[wd]:
            continue
        if merged:
            special[day] = [_pair(s, e) for s, e in merged]
        else:
            closed.append(day)
    hours = {DAYS[d]: [_pair(s, e) for s, e in weekly[d]] for d in range(7) if weekly[d]}
    return Parts(name, hours, closed, special)
