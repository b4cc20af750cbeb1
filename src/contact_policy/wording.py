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
>>> letter_date(date(2027, 1, 4)), exact_words(timedelta(days=29, seconds=86399))
('Mon 4 Jan 2027', '29 days 23 hours 59 min 59 s')

Imports :mod:`contact_policy.hours` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from .hours import DAY_ABBRS, DAY_NAMES, DAYS, TWO_DIGITS, WeeklyHours

__all__ = [
    "channel_words",
    "clock_words",
    "date_or_when",
    "day_words",
    "day_runs",
    "days_words",
    "duration_words",
    "iso_duration",
    "exact_words",
    "joined",
    "letter_date",
    "letter_when",
    "ordinal",
    "period_words",
    "possessive",
    "skip_words",
    "week_words",
    "when",
]

#: ``day_words`` of recent dates by ordinal: answers for a call queue write the same few days
#: again and again. Bounded (cleared when full); a date's words never change.
_DAY_WORDS: dict[int, str] = {}
_DAY_WORDS_LIMIT = 50_000


def _day_words_of(ordinal: int) -> str:
    text = _DAY_WORDS.get(ordinal)
    if text is None:
        day = date.fromordinal(ordinal)
        text = (
            f"{DAY_ABBRS[day.weekday()]} {day.year:04d}-{TWO_DIGITS[day.month]}-"
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
    under a minute in seconds, exactly (``30 seconds``, ``0.5 seconds``: never ``0 seconds``
    for a length that is not zero)."""
    if timedelta(0) < value < timedelta(minutes=1) and value.microseconds:
        return f"{value.seconds}.{value.microseconds:06d}".rstrip("0") + " seconds"
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


def iso_duration(value: timedelta) -> str:
    """A duration in ISO 8601 for machines: ``PT17H``, ``P1DT6H30M``, ``PT0.5S``, ``-PT1H``
    (a negative one: a leading minus), ``PT0S``.

    >>> iso_duration(timedelta(days=1, hours=6, minutes=30)), iso_duration(-timedelta(hours=1))
    ('P1DT6H30M', '-PT1H')
    """
    sign = "-" if value < timedelta(0) else ""
    total = abs(value)
    days, seconds, micro = total.days, total.seconds, total.microseconds
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    out = f"{sign}P{days}D" if days else f"{sign}P"
    clock = ""
    if hours:
        clock += f"{hours}H"
    if minutes:
        clock += f"{minutes}M"
    if secs or micro:
        clock += f"{secs}.{micro:06d}".rstrip("0").rstrip(".") + "S"
    if clock:
        out += "T" + clock
    return out if out not in ("P", "-P") else "PT0S"


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
    """The days a turnaround's clock skips: ``weekends and holidays``, ``Fridays``."""
    plural = {day: f"{name}s" for day, name in zip(DAYS, DAY_NAMES, strict=True)}
    plural["holidays"] = "holidays"
    if "sat" in skip and "sun" in skip:
        words = ["weekends", *(plural[s] for s in skip if s not in ("sat", "sun"))]
    else:
        words = [plural[s] for s in skip]
    return joined(words)


# --- for clients: letters and notices ---------------------------------------------------------

#: The months' names, and their short forms, as the library writes dates.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
MONTH_ABBRS = tuple(name[:3] for name in MONTH_NAMES)


def _at_midnight(value: datetime) -> bool:
    return not (value.hour or value.minute or value.second or value.microsecond)


def letter_date(value: date) -> str:
    """``Mon 4 Jan 2027``: a date as a letter to clients writes it."""
    return f"{DAY_ABBRS[value.weekday()]} {value.day} {MONTH_ABBRS[value.month - 1]} {value.year}"


def _exact_clock(value: datetime) -> str:
    """``09:00``, with seconds (and microseconds) only when there are any: ``09:00:01``."""
    text = clock_words(value)
    if value.second or value.microsecond:
        text += f":{TWO_DIGITS[value.second]}"
        if value.microsecond:
            text += f".{value.microsecond:06d}"
    return text


def letter_when(value: datetime) -> str:
    """An instant as a letter writes it, on its own wall clock: the date alone at midnight
    (``Mon 4 Jan 2027``), else with the time (``Mon 4 Jan 2027 at 09:00 EST``)."""
    if _at_midnight(value):
        return letter_date(value)
    return f"{letter_date(value)} at {_exact_clock(value)} {value.tzname()}"


def date_or_when(value: datetime) -> str:
    """An instant as messages write it, exactly: the date alone at midnight
    (``Mon 2027-01-04``), else the date and time (``Mon 2027-01-04 09:00 EST``, with seconds
    when there are any: ``Sat 2026-12-05 00:00:01 EST``)."""
    if _at_midnight(value):
        return day_words(value)
    return f"{day_words(value)} {_exact_clock(value)} {value.tzname()}"


def exact_words(value: timedelta) -> str:
    """A length written exactly, largest unit first: ``7 days``, ``1 day 12 hours``,
    ``29 days 23 hours 59 min 59 s``, ``0.5 s`` (a negative length reads like its size)."""
    micro = abs(value) // timedelta(microseconds=1)
    seconds, micro = divmod(micro, 1_000_000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    parts = []
    if days:
        parts.append(_plural(days, "day"))
    if hours:
        parts.append(_plural(hours, "hour"))
    if minutes:
        parts.append(f"{minutes} min")
    if micro:
        parts.append(f"{seconds}.{micro:06d}".rstrip("0") + " s")
    elif seconds:
        parts.append(f"{seconds} s")
    return " ".join(parts) or "0 days"


def possessive(words: str) -> str:
    """``7 days`` -> ``7 days'``, ``1 day`` -> ``1 day's`` (as in "7 days' notice")."""
    return words + ("'" if words.endswith("s") else "'s")


def days_words(days: Sequence[str]) -> str:
    """Weekday keys as a letter writes them: runs of three or more with a dash
    (``Mon–Fri``), others listed (``Mon, Wed and Fri``); all seven are ``every day``."""
    chosen = [DAYS.index(d) for d in DAYS if d in days]
    return day_runs(chosen, DAY_ABBRS, "{}–{}")


def day_runs(days: Sequence[int], names: Sequence[str], span: str) -> str:
    """Weekdays (0 = Monday, in order) named by ``names``: runs of three or more written with
    ``span`` (``"{} to {}"``), others listed; all seven, ``every day``.

    >>> day_runs([0, 1, 2, 4], ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"), "{}-{}")
    'Mo-We and Fr'
    """
    if len(days) == len(DAYS):
        return "every day"
    parts: list[str] = []
    run: list[int] = []
    for index in [*days, -2]:
        if run and index == run[-1] + 1:
            run.append(index)
            continue
        if len(run) >= 3:
            parts.append(span.format(names[run[0]], names[run[-1]]))
        else:
            parts.extend(names[i] for i in run)
        run = [index]
    return joined(parts)


def week_words(hours: WeeklyHours) -> str:
    """Weekly hours as a letter writes them: days with the same spans together, in the order
    of their first day (``Mon–Fri 09:00–17:00; Sat 10:00–12:00``); ``no weekly hours`` when
    every day is closed."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for i, day in enumerate(DAYS):
        spans = hours.for_day(i)
        if spans:
            groups.setdefault(tuple(str(s) for s in spans), []).append(day)
    if not groups:
        return "no weekly hours"
    return "; ".join(f"{days_words(ds)} {joined(list(spans))}" for spans, ds in groups.items())


_CHANNELS = {
    "call": "calls",
    "text": "texts",
    "email": "emails",
    "secure_message": "secure messages",
    "video": "video calls",
}


def channel_words(channels: Sequence[str]) -> str:
    """Channels (their values) as people say them: ``calls and texts``."""
    return joined([_CHANNELS.get(str(c), str(c)) for c in channels])
