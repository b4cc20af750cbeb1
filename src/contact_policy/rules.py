"""Call-return rules: ``Turnaround``, ``OperatingHours``, ``CallbackWindow``, ``VoicemailGate``.

Each rule is a small immutable value; a :class:`~contact_policy.Policy` composes them
(docs/semantics.md, "Composing call-return rules"). In policy files each rule is a table with
a ``kind`` field (``"turnaround"``, ``"operating_hours"``, ``"callback_window"``,
``"voicemail_gate"``).

>>> from datetime import timedelta
>>> Turnaround(within=timedelta(hours=24), skip=("sat", "sun", "holidays"))
Turnaround(within=datetime.timedelta(days=1), skip=('sat', 'sun', 'holidays'))
>>> Turnaround.business_days(2)
Turnaround(clock='business_days', days=2)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Literal, Self

from pydantic import PositiveInt, field_validator, model_validator

from ._model import Model, PositiveDuration
from .calendar import DAYS, BusinessCalendar, WeeklyHours, _holiday_dates
from .contact import Channel, Contact, Urgency
from .errors import PolicyValidationError

__all__ = [
    "CallbackWindow",
    "Clock",
    "OperatingHours",
    "SkipDay",
    "Turnaround",
    "VoicemailGate",
]

Clock = Literal["calendar", "business", "business_days"]
SkipDay = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun", "holidays"]
_NOT_CRISIS = (Urgency.ROUTINE, Urgency.URGENT)
_WHOLE_DAY = (("00:00", "24:00"),)


def _sorted_unique(values: Iterable[Any], order: Iterable[Any]) -> tuple[Any, ...]:
    rank = {v: i for i, v in enumerate(order)}
    return tuple(sorted(set(values), key=lambda v: rank[v]))


class Turnaround(Model):
    """How long the practice has to return a contact, measured on one of three clocks.

    - ``clock="calendar"`` (default): ``within`` of real time, with the clock paused on the
      ``skip`` days (weekdays by name, and ``"holidays"`` for the policy's holiday calendar),
      counted as whole days in the practice's zone: "within 24 hours, not counting weekends
      and holidays".
    - ``clock="business"``: ``within`` of open time of the policy's ``OperatingHours``.
    - ``clock="business_days"``: by the close of the ``days``-th business day after the day
      the contact arrived (business days: days the practice opens, or days not skipped when
      the policy has no operating hours).

    ``urgency`` lists the urgencies it applies to (routine and urgent by default; a crisis is
    always routed to the emergency path instead). When several turnarounds apply, the
    earliest deadline wins.
    """

    kind: Literal["turnaround"] = "turnaround"
    name: str | None = None
    clock: Clock = "calendar"
    within: PositiveDuration | None = None
    days: PositiveInt | None = None
    skip: tuple[SkipDay, ...] = ()
    urgency: tuple[Urgency, ...] = _NOT_CRISIS

    @field_validator("skip", mode="after")
    @classmethod
    def _order_skip(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _sorted_unique(value, (*DAYS, "holidays"))

    @field_validator("urgency", mode="after")
    @classmethod
    def _order_urgency(cls, value: tuple[Urgency, ...]) -> tuple[Urgency, ...]:
        if not value:
            msg = "lists no urgency; give at least one of 'routine', 'urgent', 'crisis'"
            raise PolicyValidationError(msg)
        return _sorted_unique(value, Urgency)

    @model_validator(mode="after")
    def _fields_fit_clock(self) -> Self:
        if self.clock == "business_days":
            if self.days is None or self.within is not None:
                msg = (
                    "clock='business_days' counts whole days: give days=N (e.g. days=2) "
                    "and no 'within'"
                )
                raise PolicyValidationError(msg)
        else:
            if self.within is None or self.days is not None:
                msg = (
                    f"clock={self.clock!r} counts time: give within=<duration> (e.g. 'PT24H') "
                    "and no 'days'"
                )
                raise PolicyValidationError(msg)
            if self.clock == "business" and self.skip:
                msg = (
                    "clock='business' already stops outside operating hours; "
                    "'skip' applies only to clock='calendar'"
                )
                raise PolicyValidationError(msg)
        if len([d for d in self.skip if d != "holidays"]) == len(DAYS):
            msg = "skips every day of the week, so the clock would never run"
            raise PolicyValidationError(msg, path="skip")
        return self

    @classmethod
    def hours(
        cls,
        hours: float,
        *,
        skip: Iterable[SkipDay] = (),
        urgency: Iterable[Urgency | str] = _NOT_CRISIS,
    ) -> Turnaround:
        """``hours`` of calendar time, paused on ``skip`` days.

        >>> Turnaround.hours(24, skip=("sat", "sun", "holidays")).within
        datetime.timedelta(days=1)
        """
        return cls(within=timedelta(hours=hours), skip=tuple(skip), urgency=tuple(urgency))

    @classmethod
    def business_hours(
        cls, hours: float, *, urgency: Iterable[Urgency | str] = _NOT_CRISIS
    ) -> Turnaround:
        """``hours`` of open time (needs ``OperatingHours`` in the policy)."""
        return cls(clock="business", within=timedelta(hours=hours), urgency=tuple(urgency))

    @classmethod
    def business_days(
        cls,
        days: int,
        *,
        skip: Iterable[SkipDay] = (),
        urgency: Iterable[Urgency | str] = _NOT_CRISIS,
    ) -> Turnaround:
        """By the close of the ``days``-th business day after the contact."""
        return cls(clock="business_days", days=days, skip=tuple(skip), urgency=tuple(urgency))

    def applies_to(self, contact: Contact) -> bool:
        """Does this turnaround govern ``contact`` (by its urgency)?"""
        return contact.urgency in self.urgency

    def describe(self) -> str:
        """The rule in plain words."""
        if self.clock == "business_days":
            n = self.days or 0
            return f"by the close of the {_ordinal(n)} business day after the contact"
        amount = _duration_words(self.within or timedelta(0))
        if self.clock == "business":
            return f"within {amount} of operating hours"
        if self.skip:
            return f"within {amount}, not counting {_skip_words(self.skip)}"
        return f"within {amount}"


def skip_calendar(zone: str, holidays: tuple[str, ...], skip: tuple[str, ...]) -> BusinessCalendar:
    """The whole-day calendar of a calendar clock: open all day except on ``skip`` days."""
    return _skip_calendar(zone, holidays if "holidays" in skip else (), skip)


@lru_cache(maxsize=256)
def _skip_calendar(
    zone: str, holidays: tuple[str, ...], skip: tuple[str, ...]
) -> BusinessCalendar:
    hours = {day: _WHOLE_DAY for day in DAYS if day not in skip}
    return BusinessCalendar.weekly(zone, hours, holidays=holidays)


def is_skipped(day: date, skip: tuple[str, ...], holidays: tuple[str, ...]) -> bool:
    """Is ``day`` a skipped day (by weekday, or as a holiday when ``"holidays"`` is skipped)?"""
    if DAYS[day.weekday()] in skip:
        return True
    return "holidays" in skip and any(day in _holiday_dates(code, day.year) for code in holidays)


class OperatingHours(Model):
    """Calls are answered and returned only while the practice is open.

    >>> oh = OperatingHours.weekly("America/New_York",
    ...     {d: [("09:00", "17:00")] for d in ("mon", "tue", "wed", "thu", "fri")},
    ...     holidays=["US"])
    >>> oh.calendar.zone
    'America/New_York'
    """

    kind: Literal["operating_hours"] = "operating_hours"
    name: str | None = None
    calendar: BusinessCalendar

    @classmethod
    def weekly(
        cls, zone: str, hours: Mapping[str, Iterable[Any]] | WeeklyHours, **kwargs: Any
    ) -> OperatingHours:
        """Operating hours from :meth:`BusinessCalendar.weekly` arguments."""
        return cls(calendar=BusinessCalendar.weekly(zone, hours, **kwargs))


class CallbackWindow(Model):
    """Return calls are made only inside recurring windows ("between 8 and 9 am").

    ``hours`` are weekly spans like a calendar's. ``zone="practice"`` reads them in the
    practice's zone; ``zone="client"`` in the client's own zone (``Contact.client_zone``;
    the practice's zone when the client's is unknown), so a window suits the client too.

    >>> CallbackWindow(hours={"mon": [("08:00", "09:00")]}, zone="client").zone
    'client'
    """

    kind: Literal["callback_window"] = "callback_window"
    name: str | None = None
    hours: WeeklyHours
    zone: Literal["practice", "client"] = "practice"

    @model_validator(mode="after")
    def _has_hours(self) -> Self:
        if self.hours.empty:
            msg = (
                "has no windows; give at least one day with a span, "
                "e.g. mon = [['08:00', '09:00']]"
            )
            raise PolicyValidationError(msg, path="hours")
        return self

    @classmethod
    def daily(
        cls,
        start: str,
        end: str,
        *,
        days: Iterable[str] = ("mon", "tue", "wed", "thu", "fri"),
        zone: Literal["practice", "client"] = "practice",
    ) -> CallbackWindow:
        """The same window on each of ``days``.

        >>> CallbackWindow.daily("08:00", "09:00").hours.fri
        (Span(start='08:00', end='09:00'),)
        """
        return cls(hours={d: [(start, end)] for d in days}, zone=zone)

    def calendar_in(self, zone: str) -> BusinessCalendar:
        """The windows as a calendar in ``zone``."""
        return _window_calendar(self.hours, zone)

    def describe(self) -> str:
        """The rule in plain words."""
        parts = []
        for i, day in enumerate(DAYS):
            spans = self.hours.for_day(i)
            if spans:
                parts.append(f"{day.capitalize()} {', '.join(str(s) for s in spans)}")
        where = "the client's time" if self.zone == "client" else "the practice's time"
        return f"return calls only {'; '.join(parts)} ({where})"


@lru_cache(maxsize=1024)
def _window_calendar(hours: WeeklyHours, zone: str) -> BusinessCalendar:
    return BusinessCalendar(zone=zone, hours=hours)


class VoicemailGate(Model):
    """ "If you don't leave a voicemail, I won't return the call."

    A contact on one of ``channels`` (calls by default) with one of ``urgency`` (routine and
    urgent by default) and no voicemail is not returned. A crisis is never gated.
    """

    kind: Literal["voicemail_gate"] = "voicemail_gate"
    name: str | None = None
    channels: tuple[Channel, ...] = (Channel.CALL,)
    urgency: tuple[Urgency, ...] = _NOT_CRISIS

    @field_validator("urgency", mode="after")
    @classmethod
    def _never_crisis(cls, value: tuple[Urgency, ...]) -> tuple[Urgency, ...]:
        if Urgency.CRISIS in value:
            msg = "a crisis contact is never gated away; remove 'crisis' from urgency"
            raise PolicyValidationError(msg)
        return _sorted_unique(value, Urgency)

    @field_validator("channels", mode="after")
    @classmethod
    def _order_channels(cls, value: tuple[Channel, ...]) -> tuple[Channel, ...]:
        return _sorted_unique(value, Channel)

    def gates(self, contact: Contact) -> bool:
        """True when ``contact`` is not owed a return under this gate."""
        return (
            not contact.voicemail
            and contact.channel in self.channels
            and contact.urgency in self.urgency
            and contact.urgency is not Urgency.CRISIS
        )


# --- wording helpers -------------------------------------------------------------------------


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _duration_words(value: timedelta) -> str:
    hours, rest = divmod(int(value.total_seconds()), 3600)
    minutes = rest // 60
    if hours and not minutes:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    if not hours:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{hours} h {minutes} min"


def _skip_words(skip: tuple[str, ...]) -> str:
    names = {
        "sat": "Saturdays",
        "sun": "Sundays",
        "mon": "Mondays",
        "tue": "Tuesdays",
        "wed": "Wednesdays",
        "thu": "Thursdays",
        "fri": "Fridays",
        "holidays": "holidays",
    }
    if "sat" in skip and "sun" in skip:
        rest = [names[s] for s in skip if s not in ("sat", "sun")]
        words = ["weekends", *rest]
    else:
        words = [names[s] for s in skip]
    return " and ".join(words) if len(words) <= 2 else ", ".join(words[:-1]) + " and " + words[-1]


_WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: ``"00"`` .. ``"59"``: two-digit fields without a format call each time.
_TWO_DIGITS = tuple(f"{i:02d}" for i in range(60))
#: ``day_words`` of recent dates by ordinal: answers for a call queue write the same few days
#: again and again. Bounded (cleared when full); a date's words never change.
_DAY_WORDS: dict[int, str] = {}
_DAY_WORDS_LIMIT = 50_000


def _day_words_of(ordinal: int) -> str:
    text = _DAY_WORDS.get(ordinal)
    if text is None:
        day = date.fromordinal(ordinal)
        text = (
            f"{_WEEKDAY_NAMES[day.weekday()]} {day.year:04d}-{_TWO_DIGITS[day.month]}-"
            f"{_TWO_DIGITS[day.day]}"
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
    return f"{day} {_TWO_DIGITS[value.hour]}:{_TWO_DIGITS[value.minute]} {value.tzname()}"


def day_words(value: date) -> str:
    """``Sat 2026-11-21``."""
    return _day_words_of(value.toordinal())


def midnight(day: date, zone: Any) -> datetime:
    """The first instant of ``day`` in ``zone`` (a wall time, converted by the engine's rule)."""
    return datetime.combine(day, time(), tzinfo=zone)
