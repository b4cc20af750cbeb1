"""Holiday calendars of the ``holidays`` package: codes validated, tables loaded lazily.

``import contact_policy`` does not import ``holidays``; validating a code reads the package's
registry (no country module), and a country's module loads with its first holiday table.
Each ``(code, year)`` table is cached.

Imports the errors only (and ``holidays`` when first needed).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

from ._model import at_most
from .errors import PolicyValidationError, UnknownHolidayCalendarError
from .limits import MAX_HOLIDAY_CODES

__all__ = ["HolidayCodes", "holiday_dates", "is_holiday", "normalise_codes"]


@lru_cache(maxsize=1)
def _holiday_countries() -> frozenset[str]:
    """The country codes (with aliases such as ``"UK"``) that ``holidays.country_holidays``
    accepts, read from the package's registry, which imports no country module, so validating
    a calendar or a policy file does not import all of them the way
    ``holidays.list_supported_countries()`` (the fallback if the registry ever moves) does."""
    import holidays

    try:
        from holidays.registry import EntityLoader

        return frozenset(EntityLoader.get_country_codes())
    except (ImportError, AttributeError):  # pragma: no cover - another holidays layout
        return frozenset(holidays.list_supported_countries())


@lru_cache(maxsize=64)
def _holiday_code(code: str) -> tuple[str, str | None]:
    """Validate ``"US"``/``"US-NY"`` against the holidays package; ``(country, subdiv)``."""
    import holidays

    country, _, subdiv = code.partition("-")
    country = country.upper()
    if country not in _holiday_countries():
        raise UnknownHolidayCalendarError.unknown_country(code)
    if not subdiv:
        return country, None
    # Only this country's module is imported (list_supported_countries() imports them all).
    known = [str(s) for s in getattr(holidays, country).subdivisions]
    for candidate in known:
        if candidate.upper() == subdiv.upper():
            return country, candidate
    raise UnknownHolidayCalendarError.unknown_subdivision(code, country, known)


def normalise_codes(codes: tuple[Any, ...]) -> tuple[str, ...]:
    """Validated, normalised, de-duplicated codes, in the order given."""
    out: list[str] = []
    for i, code in enumerate(codes):
        if not isinstance(code, str):
            msg = (
                f"{code!r} is not a holiday calendar code; give a country code such as 'US' "
                "or 'US-NY'"
            )
            raise PolicyValidationError(msg, path=f"[{i}]")
        country, subdiv = _holiday_code(code.strip())
        norm = f"{country}-{subdiv}" if subdiv else country
        if norm not in out:
            out.append(norm)
    return tuple(out)


#: Holiday calendar codes of the holidays package (``"US"``, ``"US-NY"``), validated and
#: normalised; one code may be given as a plain string.
HolidayCodes = Annotated[
    tuple[str, ...],
    BeforeValidator(lambda v: (v,) if isinstance(v, str) else v),
    at_most(MAX_HOLIDAY_CODES, "holiday calendars"),
    AfterValidator(normalise_codes),
]


@lru_cache(maxsize=1024)
def holiday_dates(code: str, year: int) -> frozenset[date]:
    """The dates of ``code``'s holidays (observed days included) in ``year``."""
    import holidays

    country, subdiv = _holiday_code(code)
    table = holidays.country_holidays(country, subdiv=subdiv, years=year)
    return frozenset(d for d in table if d.year == year)


def is_holiday(day: date, codes: tuple[str, ...]) -> bool:
    """Is ``day`` a holiday of any of ``codes``?"""
    return any(day in holiday_dates(code, day.year) for code in codes)
