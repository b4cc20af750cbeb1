"""What the JSON formats share: refusals naming a field, values shown in messages, the shape
checks of a hostile dict, runs of consecutive dates, and holidays listed with their names.

>>> date_runs([(date(2026, 12, 24), "Closed"), (date(2026, 12, 25), "Closed"),
...            (date(2026, 12, 31), "Closed")])
[(datetime.date(2026, 12, 24), datetime.date(2026, 12, 25), 'Closed'), (datetime.date(2026, 12, 31), datetime.date(2026, 12, 31), 'Closed')]

Imports the errors and the holiday tables only.
"""  # noqa: E501 - the doctest shows one whole value

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from .. import errors
from .._holidays import _holiday_code, holiday_dates
from ..errors import LimitExceededError, PolicyValidationError

__all__ = [
    "check_date",
    "date_runs",
    "expect_list",
    "expect_object",
    "holiday_names",
    "kind",
    "refusal",
    "shown",
    "too_many",
]


def calendar_class(factory: Any) -> Any:
    """``factory``, or ``BusinessCalendar`` when None: looked up on the package when called,
    since the format modules sit below ``calendar.py`` (which imports them) on the module map."""
    if factory is not None:
        return factory
    import contact_policy

    return contact_policy.BusinessCalendar


def refusal(path: str | None, detail: str, what: str) -> PolicyValidationError:
    """The error for ``detail`` at ``path`` (``what`` heads a message without a path)."""
    if not path:
        return PolicyValidationError(f"{what}: {detail}", detail=detail)
    return PolicyValidationError(f"{path}: {detail}", path=path, detail=detail)


def too_many(path: str, detail: str) -> LimitExceededError:
    """The error for a list at ``path`` over a limit."""
    return LimitExceededError(f"{path}: {detail}", path=path, detail=detail)


def shown(value: Any) -> str:
    """A value for a message, cut short when long."""
    return errors.shown(value, 60)


def kind(value: Any) -> str:
    """What a JSON value is, in words (``"a list"``, ``"null"``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (int, float)):
        return "a number"
    return f"a {type(value).__name__}"


def expect_object(value: Any, path: str | None, what: str) -> Mapping[str, Any]:
    """``value`` when it is an object (a mapping), else the error naming ``path``."""
    if not isinstance(value, Mapping):
        got = "null" if value is None else f"{kind(value)} ({shown(value)})"
        hint = "; pass the parsed JSON (json.loads(text))" if isinstance(value, str) else ""
        raise refusal(path, f"expected an object, got {got}{hint}", what)
    return value


def expect_list(value: Any, path: str, most: int, what: str) -> Sequence[Any]:
    """``value`` when it is a list of at most ``most`` items, else the error naming ``path``
    (a :class:`LimitExceededError` when it is too long)."""
    if not isinstance(value, (list, tuple)):
        raise refusal(path, f"expected a list, got {kind(value)} ({shown(value)})", what)
    if len(value) > most:
        raise too_many(path, f"holds {len(value):,} entries; at most {most:,} are read")
    return value


def check_date(value: Any, name: str, what: str) -> date:
    """An argument that must be a ``date`` (not a datetime)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise refusal(name, f"{shown(value)} is not a date; pass e.g. date(2027, 12, 31)", what)
    return value


def date_runs(items: Iterable[tuple[date, str]]) -> list[tuple[date, date, str]]:
    """Dates with a description as runs ``(first, last, description)`` of consecutive dates
    with the same description, in date order."""
    runs: list[list[Any]] = []
    for day, description in sorted(items):
        last = runs[-1] if runs else None
        if last and last[2] == description and (day - last[1]).days == 1:
            last[1] = day
        else:
            runs.append([day, day, description])
    return [(first, last, description) for first, last, description in runs]


def holiday_names(codes: Iterable[str], first: date, last: date) -> dict[date, str]:
    """The holidays of ``codes`` from ``first`` to ``last`` (the dates a calendar closes on,
    observed days included), each with its name(s) from the holidays package."""
    import holidays as package

    names: dict[date, list[str]] = {}
    years = range(first.year, last.year + 1)
    for code in codes:
        country, subdiv = _holiday_code(code)
        table = package.country_holidays(country, subdiv=subdiv, years=years)
        for year in years:
            for day in holiday_dates(code, year):
                if first <= day <= last:
                    found = names.setdefault(day, [])
                    for name in str(table.get(day) or "Holiday").split("; "):
                        if name not in found:
                            found.append(name)
    return {day: "; ".join(found) for day, found in sorted(names.items())}
