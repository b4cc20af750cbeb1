"""Instants as exact epoch microseconds, and the one check that a datetime is aware.

Everything inside the library that compares or subtracts instants does it on integers from
:func:`to_us`: Python compares two datetimes that share a tzinfo by wall time (ignoring
``fold``) and adds a timedelta to the wall time, both wrong across DST changes.

Imports nothing of the package but :mod:`contact_policy.errors`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from .errors import NaiveDatetimeError, OutOfRangeError

__all__ = [
    "DAY_S",
    "DAY_US",
    "EPOCH",
    "EPOCH_ORDINAL",
    "HOUR_US",
    "MAX_YEAR",
    "MINUTE_US",
    "MIN_YEAR",
    "US",
    "aware_us",
    "check_aware",
    "from_us",
    "is_aware",
    "not_aware",
    "offset_problem",
    "to_us",
    "utc",
]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EPOCH_NAIVE = datetime(1970, 1, 1)  # noqa: DTZ001 - the UTC epoch as a wall time, for arithmetic
EPOCH_ORDINAL = EPOCH_NAIVE.toordinal()
#: One microsecond, the engine's unit (``duration // US`` is a duration in microseconds).
US = timedelta(microseconds=1)
#: A day of 24 hours in seconds, and in microseconds; an hour and a minute in microseconds.
DAY_S = 86_400
DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
MINUTE_US = 60_000_000
#: The local years the engine supports (a year's neighbours must exist for any zone's offset).
MIN_YEAR = 2
MAX_YEAR = 9998
#: Epoch microseconds of the first instant of MIN_YEAR and of the year after MAX_YEAR (UTC).
_FIRST_US = (date(MIN_YEAR, 1, 1).toordinal() - EPOCH_ORDINAL) * 86_400_000_000
_END_US = (date(MAX_YEAR + 1, 1, 1).toordinal() - EPOCH_ORDINAL) * 86_400_000_000


def to_us(value: datetime) -> int:
    """An aware datetime -> exact epoch microseconds.

    Raises ``AttributeError``/``TypeError`` for a naive datetime or a non-datetime (callers that
    face input use :func:`aware_us`, which turns that into a :class:`NaiveDatetimeError`).
    Written out from the fields because it is several times faster than ``value - EPOCH``.
    """
    off: timedelta = value.utcoffset()  # type: ignore[assignment]
    seconds = (
        (value.toordinal() - EPOCH_ORDINAL) * 86_400
        + value.hour * 3600
        + value.minute * 60
        + value.second
        - off.days * 86_400
        - off.seconds
    )
    return seconds * 1_000_000 + value.microsecond - off.microseconds


def from_us(value: int, tz: tzinfo) -> datetime:
    """Epoch microseconds -> the aware datetime of that instant in ``tz``."""
    return (EPOCH + timedelta(microseconds=value)).astimezone(tz)


def offset_problem(value: Any) -> str | None:
    """Why ``value`` names no instant (``"naive"``, ``"not a datetime"``, or what its tzinfo's
    ``utcoffset()`` raised), or None when it is an aware datetime."""
    if not isinstance(value, datetime):
        return "not a datetime"
    try:
        off = value.utcoffset()
    except Exception as exc:  # a tzinfo with a bad offset, or whose utcoffset() raises anything
        try:
            return str(exc)[:200] or type(exc).__name__
        except Exception:  # an exception whose __str__ fails too
            return type(exc).__name__
    return "naive" if off is None else None


def is_aware(value: Any) -> bool:
    """Is ``value`` a datetime that names one instant (a tzinfo that gives an offset)?"""
    return offset_problem(value) is None


def not_aware(value: Any, name: str, zone: str | None = None) -> NaiveDatetimeError:
    """The error for argument ``name`` that got ``value``, which is not an aware datetime."""
    problem = offset_problem(value)
    if problem == "not a datetime":
        return NaiveDatetimeError.not_a_datetime(name, value)
    if problem in (None, "naive"):
        return NaiveDatetimeError.for_argument(name, value, zone)
    return NaiveDatetimeError.bad_offset(name, value, problem)


def check_aware(value: Any, name: str, zone: str | None = None) -> datetime:
    """``value`` itself when it is an aware datetime, else :class:`NaiveDatetimeError` naming
    ``name`` (``zone`` is the zone its message suggests)."""
    if not is_aware(value):
        raise not_aware(value, name, zone)
    aware: datetime = value
    return aware


def aware_us(value: Any, name: str, zone: str | None = None, *, in_years: bool = False) -> int:
    """Epoch microseconds of an aware datetime, or :class:`NaiveDatetimeError` naming
    ``name``; with ``in_years``, :class:`OutOfRangeError` too for an instant outside the
    supported years (checked up front, before anything converts it)."""
    try:
        us = to_us(value)
    except Exception:  # no datetime, naive, or a tzinfo whose utcoffset() fails in any way
        raise not_aware(value, name, zone) from None
    if in_years and not _FIRST_US <= us < _END_US:
        raise out_of_years(value, name)
    return us


def out_of_years(value: date, name: str) -> OutOfRangeError:
    """The error for argument ``name`` holding an instant (or a date) outside the supported
    years."""
    return OutOfRangeError(
        f"{name}={value.isoformat()} lies outside the supported years {MIN_YEAR} to {MAX_YEAR}",
        path=name,
    )


def utc(value: datetime) -> datetime:
    """The same instant in UTC, where datetime arithmetic is real elapsed time."""
    return value.astimezone(UTC)
