"""How the library writes times, days, durations and lists for people.

Every answer's reasons, every error about a rule and (later) every text for clients use these,
so the same thing always reads the same way.

>>> from datetime import datetime, timedelta
>>> from zoneinfo import ZoneInfo
>>> when(datetime(2026, 11, 20, 15, 0, tzinfo=ZoneInfo("America/New_York")))
'Fri 2026-11-20 15:00 EST'
>>> duration_words(timedelta(hours=24)), duration_words(timedelta(minutes=90))
('24 hours', '1 h 30 min')
>>> skip_words(("sat", "sun", "holidays"))
'weekends and holidays'

Imports :mod:`contact_policy.hours` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from .hours import DAY_NAMES, DAYS, TWO_DIGITS

__all__ = [
    "clock_words",
    "day_words",
    "duration_words",
    "joined",
    "ordinal",
    "period_words",
    "skip_words",
    "when",
]

_SHORT_NAMES = tuple(day.capitalize() for day in DAYS)
#: ``day_words`` of recent dates by ordinal: answers for a call queue write the same few days
#: again and again. Bounded (cleared when full); a date's words never change.
_DAY_WORDS: dict[int, str] = {}
_DAY_WORDS_LIMIT = 50_000


def _day_words_of(ordinal: int) -> str:
    text = _DAY_WORDS.get(ordinal)
    if text is None:
        day = date.fromordinal(ordinal)
        text = (
            f"{_SHORT_NAMES[day.weekday()]} {day.year:04d}-{TWO_DIGITS[day.month]}-"
            f"{TWO_DIGITS[day.day]}"
        )
        if len(_DAY_WORDS) >= _DAY_WORDS_LIMIT:
            _DAY_WORDS.clear()
        _DAY_WORDS[ordinal] = text
    return text


def when(value: datetime) -> str:
    """``Fri 2026-11-20 15:00 EST``: how answers write an instant (like strftime's
    ``%a %Y-%m-%d %H:%M %Z``, locale-independent and faster)."""
    ordinal = value.toordinal()
    day = _DAY_WORDS.get(ordinal) or _day_words_of(ordinal)
    return f"{day} {TWO_DIGITS[value.hour]}:{TWO_DIGITS[value.minute]} {value.tzname()}"


def day_words(value: date) -> str:
    """``Sat 2026-11-21``."""
    return _day_words_of(value.toordinal())


def clock_words(value: datetime) -> str:
    """``15:00``: the wall time of an instant, as answers write it."""
    return f"{TWO_DIGITS[value.hour]}:{TWO_DIGITS[value.minute]}"


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``11th``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}{'s' if n != 1 else ''}"


def duration_words(value: timedelta) -> str:
    """A turnaround's length: ``24 hours``, ``90 minutes`` reads ``1 h 30 min``, and a length
    under a minute in seconds (``30 seconds``)."""
    total = value // timedelta(seconds=1)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    if not hours and not minutes:
        return _plural(seconds, "second")
    if seconds:
        return f"{hours} h {minutes} min {seconds} s" if hours else f"{minutes} min {seconds} s"
    if hours and not minutes:
        return _plural(hours, "hour")
    if not hours:
        return _plural(minutes, "minute")
    return f"{hours} h {minutes} min"


def period_words(value: timedelta) -> str:
    """A rolling period: ``7 days``, ``2 weeks``, ``36 hours``."""
    if value % timedelta(days=7) == timedelta(0):
        weeks = value // timedelta(days=7)
        return "7 days" if weeks == 1 else f"{weeks} weeks"
    if value % timedelta(days=1) == timedelta(0):
        return _plural(value.days, "day")
    return f"{value.total_seconds() / 3600:g} hours"


def joined(words: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def skip_words(skip: Sequence[str]) -> str:
    """The days a calendar clock pauses on: ``weekends and holidays``, ``Fridays``."""
    plural = {day: f"{name}s" for day, name in zip(DAYS, DAY_NAMES, strict=True)}
    plural["holidays"] = "holidays"
    if "sat" in skip and "sun" in skip:
        words = ["weekends", *(plural[s] for s in skip if s not in ("sat", "sun"))]
    else:
        words = [plural[s] for s in skip]
    return joined(words)
