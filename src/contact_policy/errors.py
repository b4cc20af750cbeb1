"""The one exception hierarchy of :mod:`contact_policy`.

Every error the library raises on purpose derives from :class:`ContactPolicyError`. Errors
about a bad value (a naive datetime, an unknown zone, a malformed ``HH:MM``, a bad policy
field) also derive from :class:`ValueError`, so ``except ValueError`` keeps working for callers
that do not know this library.

Messages are built by the classmethods below so that wording is consistent: each names the
argument or field as typed, what was expected, what came, and how to fix it.

>>> from datetime import datetime
>>> from contact_policy import BusinessCalendar, NaiveDatetimeError
>>> cal = BusinessCalendar.weekly("America/New_York", {"mon": [("09:00", "17:00")]})
>>> try:
...     cal.is_open(datetime(2026, 3, 9, 9, 0))
... except NaiveDatetimeError as exc:
...     print(exc)
at=datetime.datetime(2026, 3, 9, 9, 0) is naive; pass an aware datetime, e.g. at.replace(tzinfo=ZoneInfo("America/New_York"))
"""  # noqa: E501 - the doctest shows one whole message

from __future__ import annotations

import numbers
import os
import reprlib
import stat
from collections.abc import Callable
from typing import IO, Any, ClassVar

__all__ = [
    "ContactPolicyError",
    "EventLogError",
    "ImmutableError",
    "LimitExceededError",
    "NaiveDatetimeError",
    "NoOpenTimeError",
    "OutOfRangeError",
    "PolicyFileError",
    "PolicyValidationError",
    "UnknownHolidayCalendarError",
    "UnknownTimeZoneError",
]


class _Shown(reprlib.Repr):
    """repr() for messages: nesting shown to four levels, long strings and reprs cut short, a
    user ``__repr__`` that fails (or recurses) replaced by the type's name."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 4
        self.maxstring = 120
        self.maxother = 120
        self.maxlong = 60

    def repr_instance(self, x: Any, level: int) -> str:
        try:
            text = repr(x)
        except Exception:
            return f"<{type(x).__name__}>"
        return text if len(text) <= self.maxother else text[: self.maxother - 3] + "..."


_SHOWN = _Shown()


def shown(value: Any, limit: int = 160) -> str:
    """A user's value as a message shows it: its repr, nested values to four levels, cut to
    ``limit`` characters; never raises (a deep or cyclic value, a failing ``__repr__``)."""
    try:
        text = _SHOWN.repr(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def plain(value: Any) -> str:
    """A number as people write it (numpy's ``np.int64(1)`` as ``1``), anything else
    :func:`shown`."""
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        try:
            return str(value)[:60]
        except Exception:  # noqa: S110 - a user's __str__ may raise anything
            pass
    return shown(value)


def a_type(value: Any) -> str:
    """``"an int64"``, ``"a list"``: the value's type name with its article."""
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


def user_path(source: Any, what: str, fail: Callable[[str], Exception]) -> str:
    """``source`` (a str or path-like naming the user's ``what``, e.g. ``"call log"``) as a
    string; ``fail(message)`` is raised when it is no usable path (not a path, empty, a NUL
    byte in it)."""
    msg = ""
    try:
        name = os.fspath(source)
    except TypeError:
        msg = f"{what} {shown(source)} is not a file path; pass a str or a Path"
    else:
        if isinstance(name, bytes):
            msg = f"{what} {shown(source)} is bytes; pass the path as a str or a Path"
        elif not name:
            msg = f"{what}: an empty file name; name a file"
        elif "\0" in name:
            msg = f"{what} {shown(name)} has a NUL byte in its name; no file can be named so"
    if msg:
        raise fail(msg)
    return str(name)


def open_user_file(
    source: Any, what: str, fail: Callable[[str], Exception], **kwargs: Any
) -> IO[Any]:
    """The user's file ``source`` opened for reading (``kwargs`` as :func:`open` takes them,
    ``"rb"`` by default), refusing before anything can block what is no regular file (a FIFO,
    a device such as ``/dev/zero``, a directory, a socket): ``fail(message)`` is raised for it
    and for a file that does not exist or cannot be read."""
    name = user_path(source, what, fail)
    try:
        kind = _file_kind(os.stat(name).st_mode)
        if kind is None:
            fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            try:
                kind = _file_kind(os.fstat(fd).st_mode)  # it may have changed since stat
                if kind is None:
                    os.set_blocking(fd, True)
                    opened: IO[Any] = os.fdopen(fd, kwargs.pop("mode", "rb"), **kwargs)
                    return opened
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)
    except FileNotFoundError:
        msg = f"{what} {name!r} does not exist"
        raise fail(msg) from None
    except OSError as exc:
        msg = f"{what} {name!r} cannot be read: {exc.strerror or exc}"
        raise fail(msg) from None
    msg = f"{what} {name!r} is {kind}, not a regular file; name a file"
    raise fail(msg)


def _file_kind(mode: int) -> str | None:
    """None for a regular file, else what it is in words."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "no regular file"


class ContactPolicyError(Exception):
    """Base of every error :mod:`contact_policy` raises on purpose.

    ``path`` is the dotted location of the bad field inside the object being validated
    (``"hours.tue[0]"``) when there is one, else ``None``. ``code`` is a stable name of the
    kind of error (docs/errors.md), the same for every instance of a class: what the
    command-line tool prints with ``--json``.
    """

    code: ClassVar[str] = "error"

    def __init__(
        self, message: str, *, path: str | None = None, detail: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        #: The message without its field location.
        self.detail = message if detail is None else detail

    def __str__(self) -> str:
        return self.message

    def at_path(self, prefix: str) -> ContactPolicyError:
        """A copy of this error whose message is prefixed by ``prefix`` (a field location)."""
        if not prefix:
            return self
        path = join_path(prefix, self.path or "")
        return type(self)(f"{path}: {self.detail}", path=path, detail=self.detail)


def join_path(outer: str, inner: str) -> str:
    """``join_path("rules[2]", "hours.mon")`` -> ``"rules[2].hours.mon"``; an inner path that
    starts with an index joins without a dot (``"hours" + "[0]"``)."""
    if not inner:
        return outer
    if not outer:
        return inner
    return outer + inner if inner.startswith("[") else f"{outer}.{inner}"


class PolicyValidationError(ContactPolicyError, ValueError):
    """A value does not fit: a malformed time, an empty interval, a missing field, ...

    ``errors`` holds every problem found as ``(path, message)`` pairs; the message of the
    exception itself lists them all, one per line.
    """

    code: ClassVar[str] = "invalid_value"

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        detail: str | None = None,
        errors: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__(message, path=path, detail=detail)
        self.errors = errors or ((path or "", self.detail),)

    def at_path(self, prefix: str) -> PolicyValidationError:
        """A copy with every problem's path prefixed by ``prefix``."""
        if not prefix:
            return self
        return type(self).from_problems([(join_path(prefix, p), m) for p, m in self.errors])

    @classmethod
    def from_problems(cls, problems: list[tuple[str, str]]) -> PolicyValidationError:
        """One error listing ``problems`` (pairs of field path and message)."""
        lines = [f"{path}: {msg}" if path else msg for path, msg in problems]
        first_path = problems[0][0] or None
        return cls(
            "\n".join(lines), path=first_path, detail=problems[0][1], errors=tuple(problems)
        )


class NaiveDatetimeError(ContactPolicyError, ValueError):
    """A datetime without a time zone was given where an instant is needed (or something that
    is no datetime, or a datetime whose tzinfo gives no usable offset)."""

    code: ClassVar[str] = "naive_datetime"

    @classmethod
    def for_argument(cls, name: str, value: Any, zone: str | None = None) -> NaiveDatetimeError:
        """The message for argument ``name`` that received the naive ``value``."""
        example = zone or "America/New_York"
        return cls(
            f"{name}={shown(value)} is naive; pass an aware datetime, e.g. "
            f'{name}.replace(tzinfo=ZoneInfo("{example}"))',
            path=name,
        )

    @classmethod
    def for_field(cls, value: Any) -> NaiveDatetimeError:
        """The message for a field (its path is added where the field is known)."""
        return cls(
            f"{shown(value)} is naive; give an aware datetime (with a zone or a UTC offset, "
            "e.g. 2026-11-23T15:00:00-05:00)"
        )

    @classmethod
    def bad_offset(cls, name: str, value: Any, reason: str) -> NaiveDatetimeError:
        """The message for a datetime whose tzinfo's ``utcoffset()`` fails."""
        return cls(
            f"{name}={shown(value)} names no instant: its tzinfo's utcoffset() fails ({reason}); "
            'use a zoneinfo zone, e.g. tzinfo=ZoneInfo("America/New_York")',
            path=name,
        )

    @classmethod
    def bad_offset_field(cls, value: Any, reason: str) -> NaiveDatetimeError:
        """:meth:`bad_offset` for a field (its path is added where the field is known)."""
        return cls(
            f"{shown(value)} names no instant: its tzinfo's utcoffset() fails ({reason}); use a "
            "zoneinfo zone or a UTC offset"
        )

    @classmethod
    def not_a_datetime(cls, name: str, value: Any) -> NaiveDatetimeError:
        """The message for argument ``name`` that received something that is no datetime."""
        return cls(
            f"{name}={plain(value)} is {a_type(value)}, not a datetime; pass an aware "
            'datetime such as datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("America/New_York"))',
            path=name,
        )


class UnknownTimeZoneError(ContactPolicyError, ValueError):
    """The name is not an IANA time zone known to ``zoneinfo`` (with ``tzdata``)."""

    code: ClassVar[str] = "unknown_time_zone"

    @classmethod
    def for_name(cls, name: str, value: Any) -> UnknownTimeZoneError:
        """The message for argument ``name`` holding the unknown zone ``value``."""
        return cls(
            f"{name}={shown(value)} is not a known IANA time zone; use a name such as "
            "'America/New_York' or 'Europe/London' (zoneinfo.available_timezones() lists them)",
            path=name,
        )


class UnknownHolidayCalendarError(ContactPolicyError, ValueError):
    """The code names no country (or subdivision) of the ``holidays`` package."""

    code: ClassVar[str] = "unknown_holiday_calendar"

    @classmethod
    def unknown_country(cls, code: str) -> UnknownHolidayCalendarError:
        """The message for an unknown country code."""
        return cls(
            f"{code!r} is not a holiday country of the holidays package; use an ISO 3166-1 "
            "alpha-2 code such as 'US' or 'GB', optionally with a subdivision ('US-NY', "
            "'GB-SCT'); holidays.list_supported_countries() lists them"
        )

    @classmethod
    def unknown_subdivision(
        cls, code: str, country: str, known: list[str]
    ) -> UnknownHolidayCalendarError:
        """The message for a known country with an unknown subdivision."""
        shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        return cls(
            f"{code!r}: {country} has no holiday subdivision {code.split('-', 1)[1]!r}; "
            f"known subdivisions: {shown or 'none'} "
            f"(holidays.list_supported_countries()[{country!r}] lists them)"
        )


class ImmutableError(ContactPolicyError, AttributeError):
    """An attempt to change a field of an immutable value."""

    code: ClassVar[str] = "immutable"

    @classmethod
    def for_field(cls, owner: str, name: str) -> ImmutableError:
        """The message for setting or deleting ``name`` on an ``owner`` instance."""
        return cls(
            f"{owner} is immutable; {name!r} cannot be changed. Make a changed copy with "
            f".replace({name}=...)",
            path=name,
        )


class NoOpenTimeError(ContactPolicyError):
    """A calendar has no open time within reach of the query (it is never open again)."""

    code: ClassVar[str] = "no_open_time"

    @classmethod
    def searching(cls, direction: str, at: str, horizon: str) -> NoOpenTimeError:
        """The message for a search in ``direction`` from ``at`` that found nothing."""
        which = "first" if direction == "before" else "last"
        return cls(
            f"no open time {direction} {at}: the calendar is closed all the way to {horizon}, "
            f"past its {which} dated opening; check its weekly hours, closed dates and closures"
        )

    @classmethod
    def never_closes(cls, at: str, horizon: str) -> NoOpenTimeError:
        """The message for ``next_close`` on a calendar that stays open."""
        return cls(
            f"no closing time after {at}: the calendar stays open without a break through "
            f"{horizon}"
        )

    @classmethod
    def not_enough(
        cls, verb: str, at: str, amount: str, found: str, horizon: str
    ) -> NoOpenTimeError:
        """The message for ``add``/``subtract`` running out of open time."""
        side = "after" if verb == "add" else "before"
        return cls(
            f"cannot {verb} {amount} of open time {side} {at}: only {found} exists "
            f"{side} it (the calendar has no open time past {horizon})"
        )


class OutOfRangeError(ContactPolicyError, ValueError):
    """An instant, a duration or a result lies outside what the engine supports: the years 2
    to 9998, and the span one query may walk (docs/errors.md, "Limits")."""

    code: ClassVar[str] = "out_of_range"

    @classmethod
    def for_value(cls, what: str) -> OutOfRangeError:
        """The message for ``what`` falling outside the supported years."""
        return cls(f"{what} lies outside the supported years 2 to 9998")

    @classmethod
    def span(cls, what: str, years: int) -> OutOfRangeError:
        """The message for a query reaching farther than one query may."""
        return cls(
            f"{what} reaches more than {years} years from where it starts; one query may "
            f"walk at most {years} years (contact_policy.limits.MAX_SPAN_YEARS)"
        )


class PolicyFileError(ContactPolicyError, ValueError):
    """A policy file cannot be read or parsed (before its fields are validated)."""

    code: ClassVar[str] = "policy_file"


class EventLogError(PolicyValidationError):
    """An event of a call log does not fit: out of time order, a return or request before any
    call from that client, an id used twice, an unknown kind, or a malformed field of a CSV
    row. ``row`` is where it is (the event's index in Python, the line number in a CSV file)
    and ``field`` the bad field, when there is one; ``path`` combines them
    (``events[17].at``, ``line 18.urgency``)."""

    code: ClassVar[str] = "bad_event"

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        detail: str | None = None,
        errors: tuple[tuple[str, str], ...] = (),
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message, path=path, detail=detail, errors=errors)
        self.row = row
        self.field = field

    @classmethod
    def at(cls, where: str, row: int | None, field: str | None, detail: str) -> EventLogError:
        """The error for ``detail`` at ``where`` (``events[17]``, ``line 18``), in ``field``."""
        path = f"{where}.{field}" if field else where
        return cls(f"{path}: {detail}", path=path, detail=detail, row=row, field=field)

    def at_path(self, prefix: str) -> EventLogError:
        """A copy located under ``prefix`` (keeps ``row`` and ``field``)."""
        if not prefix:
            return self
        path = join_path(prefix, self.path or "")
        return type(self)(
            f"{path}: {self.detail}", path=path, detail=self.detail, row=self.row, field=self.field
        )

    def __reduce__(self) -> Any:
        return _rebuild_event_error, (self.message, self.path, self.detail, self.row, self.field)


def _rebuild_event_error(
    message: str, path: str | None, detail: str, row: int | None, field: str | None
) -> EventLogError:
    return EventLogError(message, path=path, detail=detail, row=row, field=field)


class LimitExceededError(PolicyValidationError):
    """A value is larger than a documented limit allows (docs/errors.md, "Limits"): a policy
    file over 1 MB, more rules than a policy may hold, a turnaround over a year, ..."""

    code: ClassVar[str] = "limit_exceeded"

    @classmethod
    def over(cls, what: str, limit: str, got: str, path: str | None = None) -> LimitExceededError:
        """The message for ``what`` exceeding ``limit`` (both in words)."""
        return cls(f"{what} is limited to {limit}; got {got}", path=path)
