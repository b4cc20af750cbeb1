"""Random RRULE session series and the occurrences dateutil's own expansion gives them, read
as instants the way the library documents (docs/semantics.md §17): a wall time in a DST gap
takes the UTC offset before the gap (RFC 5545 §3.3.5, Python's ``fold=0``), a wall time that
happens twice is its first occurrence.

A :class:`Case` is one series (a ``DTSTART`` from 1995 to 2026, floating or with a ``TZID``,
in a zone with DST changes; ``FREQ`` of ``WEEKLY``, ``DAILY`` or ``MONTHLY`` with ``BYDAY``,
``INTERVAL``, ``WKST``, several times a day, a ``COUNT`` or an ``UNTIL``; ``EXDATE`` values
picked among its own occurrences, ``RDATE`` values) and a window of UTC instants, often near
the series' start, its end or a DST change, and often decades after the start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cached_property, lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from hypothesis import strategies as st

from contact_policy import SessionSeries

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: Zones with DST changes: at 02:00 (New York), 01:00 UTC (London), in the southern
#: hemisphere (Sydney), by half an hour (Lord Howe) and at midnight (Santiago, where 00:30
#: does not exist on the day clocks go forward).
DST_ZONES = (
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "America/Santiago",
)
#: Hours of the day, weighted towards the ones DST changes move.
HOURS = (0, 1, 2, 3, 9, 10, 14, 23)
MINUTES = (0, 15, 30, 45)
PAD = timedelta(days=2)


def _wall(value: datetime) -> str:
    return f"{value:%Y%m%dT%H%M%S}"


def instant(value: datetime, tz: tzinfo) -> datetime:
    """An occurrence as dateutil gives it (a wall time, or aware in its TZID or UTC) as a UTC
    instant, by the library's documented reading (fold=0: RFC 5545's)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(UTC)


@dataclass(frozen=True)
class Case:
    text: str
    zone: str  # the practice's zone (a floating DTSTART is a wall time there)
    floating: bool  # DTSTART without TZID
    lo: datetime  # the window [lo, hi), UTC
    hi: datetime
    duration: timedelta

    @cached_property
    def series(self) -> SessionSeries:
        return SessionSeries(rrule=self.text, duration=self.duration)

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    def dateutil_set(self) -> Any:
        zones = {name: ZoneInfo(name) for name in DST_ZONES}  # a dict: never the machine's zone
        return rrulestr(self.text, forceset=True, tzids=zones)

    def expected(self, lo: datetime | None = None, hi: datetime | None = None) -> list[datetime]:
        """dateutil's occurrences as UTC instants in ``[lo, hi)`` (the case's window unless
        given), sorted, repeats kept: ``between`` is asked in the rule's own terms with days
        to spare on each side, then each occurrence is read as an instant."""
        lo = self.lo if lo is None else lo
        hi = self.hi if hi is None else hi
        found = [instant(o, self.tz) for o in self.between(lo - PAD, hi + PAD)]
        return sorted(o for o in found if lo <= o < hi)

    def between(self, lo: datetime, hi: datetime) -> list[datetime]:
        """dateutil's ``between(lo, hi, inc=True)``, the bounds in the rule's own terms."""
        if self.floating:
            lo = lo.astimezone(UTC).replace(tzinfo=None)
            hi = hi.astimezone(UTC).replace(tzinfo=None)
        found: list[datetime] = self.dateutil_set().between(lo, hi, inc=True)
        return found


@st.composite
def cases(draw: st.DrawFn, *, max_window_days: int = 60) -> Case:
    zone = draw(st.sampled_from(DST_ZONES))
    tz = ZoneInfo(zone)
    floating = draw(st.booleans())
    year = draw(st.integers(1995, 2026))
    day = date(year, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
    start = datetime(day.year, day.month, day.day, draw(st.sampled_from(HOURS)))
    start = start.replace(minute=draw(st.sampled_from(MINUTES)))
    freq = draw(st.sampled_from(("WEEKLY", "DAILY", "MONTHLY")))
    parts = [f"FREQ={freq}"]
    interval = draw(st.sampled_from((1, 1, 2, 3, 4)))
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    if freq == "MONTHLY" and draw(st.booleans()):
        n = draw(st.sampled_from((1, 2, 3, -1)))
        parts.append(f"BYDAY={n}{draw(st.sampled_from(DAYS))}")
    elif draw(st.integers(0, 3)):
        days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True))
        parts.append("BYDAY=" + ",".join(days))
    if draw(st.integers(0, 3)) == 0:  # several times a day, DST hours among them
        hours = draw(st.lists(st.sampled_from(HOURS), min_size=1, max_size=3, unique=True))
        parts.append("BYHOUR=" + ",".join(map(str, sorted(hours))))
        parts.append(f"BYMINUTE={draw(st.sampled_from(MINUTES))}")
    if freq == "WEEKLY" and draw(st.booleans()):
        parts.append(f"WKST={draw(st.sampled_from(DAYS))}")
    end = draw(st.sampled_from(("none", "none", "count", "until")))
    until: datetime | None = None
    if end == "count":
        parts.append(f"COUNT={draw(st.integers(1, 400))}")
    elif end == "until":
        until = start + timedelta(
            days=draw(st.integers(0, 6 * 365)), minutes=draw(st.integers(0, 1440))
        )
        if floating:
            parts.append(f"UNTIL={_wall(until)}")
        else:
            parts.append(f"UNTIL={_wall(instant(until.replace(tzinfo=tz), tz))}Z")
    head = f"DTSTART:{_wall(start)}" if floating else f"DTSTART;TZID={zone}:{_wall(start)}"
    text = f"{head}\nRRULE:" + ";".join(parts)

    # The window: after the start (often long after), near its end, or near a DST change.
    first = instant(start, tz)
    where = draw(st.sampled_from(("any", "start", "until", "dst")))
    if where == "start":
        lo = first + timedelta(minutes=draw(st.integers(-3 * 1440, 30 * 1440)))
    elif where == "until" and until is not None:
        lo = instant(until, tz) - timedelta(minutes=draw(st.integers(0, 30 * 1440)))
    elif where == "dst":
        year = draw(st.integers(max(start.year, 1995), 2030))
        changes = _dst_changes(tz, year)
        near = draw(st.sampled_from(changes)) if changes else datetime(year, 6, 1, tzinfo=UTC)
        lo = near - timedelta(minutes=draw(st.integers(0, 3 * 1440)))
    else:  # any year from the start's to 2030, the later ones as often as the early ones
        year = draw(st.integers(start.year, 2030))
        lo = max(first, datetime(year, 1, 1, tzinfo=UTC))
        lo += timedelta(minutes=draw(st.integers(0, 366 * 1440)))
    lo = lo.replace(second=0, microsecond=0)
    hi = lo + timedelta(minutes=draw(st.integers(1, max_window_days * 1440)))
    case = Case(text, zone, floating, lo, hi, timedelta(minutes=draw(st.integers(1, 24 * 60))))

    # Exceptions and extra dates, written as the DTSTART is: EXDATEs among the window's own
    # occurrences (so they do remove something), RDATEs anywhere in it.
    lines = [text]
    if draw(st.booleans()):
        own = case.between(lo - PAD, hi + PAD)
        if own:
            picked = draw(st.lists(st.sampled_from(own), min_size=1, max_size=3, unique=True))
            if floating:
                lines.append("EXDATE:" + ",".join(_wall(o) for o in picked))
            elif draw(st.booleans()):
                lines.append(f"EXDATE;TZID={zone}:" + ",".join(_wall(o) for o in picked))
            else:
                lines.append("EXDATE:" + ",".join(_wall(instant(o, tz)) + "Z" for o in picked))
    if draw(st.integers(0, 3)) == 0:
        extra = [lo + timedelta(minutes=draw(st.integers(0, (hi - lo) // timedelta(minutes=1))))]
        if floating:
            lines.append(
                "RDATE:" + ",".join(_wall(e.astimezone(tz).replace(tzinfo=None)) for e in extra)
            )
        else:
            lines.append("RDATE:" + ",".join(_wall(e) + "Z" for e in extra))
    return Case("\n".join(lines), zone, floating, lo, hi, case.duration)


@lru_cache(maxsize=512)
def _dst_changes(tz: tzinfo, year: int) -> list[datetime]:
    """The instants (UTC, to the hour) in ``year`` at which ``tz``'s UTC offset changes."""
    out = []
    at = datetime(year, 1, 1, tzinfo=UTC)
    offset = at.astimezone(tz).utcoffset()
    while at.year == year:
        nxt = at + timedelta(hours=1)
        off = nxt.astimezone(tz).utcoffset()
        if off != offset:
            out.append(nxt)
            offset = off
        at = nxt
    return out
