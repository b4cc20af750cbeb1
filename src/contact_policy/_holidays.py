"""Holiday calendars of the ``holidays`` package: codes validated, tables loaded lazily.

``import contact_policy`` does not import ``holidays``; validating a code reads the package's
registry (no country module), and a country's module loads with its first holiday table.
Each ``(code, year)`` table is cached.

Only the named country's module loads, and the package's own ``__init__`` does not run.
``holidays`` finds a country by importing ``holidays.countries.<name>``, and importing a
submodule first runs its packages' ``__init__``: ``holidays.countries``' imports every
country's module (about 250: some 40 ms of a first answer with bytecode, more without), and
``holidays``' own loads its public API (``holidays.utils``) and ``importlib.metadata`` (for
its version, with ``email``, ``zipfile`` and ``csv``). So before the first country is needed,
``_lazy_countries`` puts both packages in ``sys.modules`` made from their specs but not run
(each has its ``__path__``, so submodules import as usual), and :func:`_country_class` finds a
country's class in the package's registry (``holidays.registry``, which imports no country)
and imports it from its own module. The first time anything asks one of the two packages for
a name it does not hold (``from holidays.countries import Germany``,
``holidays.country_holidays``) or for ``dir()``, it runs the real ``__init__`` and answers, so
other users of ``holidays`` in the process see the package they expect; only its ``__dict__``
(``vars()``) shows just the submodules loaded so far until then. With another layout of the
package (no spec, or a package imported already) that package is left as it is.

``holidays.calendars`` and ``holidays.groups`` import every calendar (Islamic, Hebrew,
Chinese, ...) and every group of holidays, though a country uses a few. Their ``__init__``
does nothing but take names from their submodules, so they are left unrun as well, and a name
asked of one (``from holidays.groups import ChristianHolidays``) imports only the submodule
that ``__init__`` takes it from (:func:`_exports` reads which from the file, and gives up, so
that the package is imported as usual, on an ``__init__`` that does anything else).

Imports the base layer only (:mod:`contact_policy._model`, :mod:`contact_policy.limits` and the
errors), and ``holidays`` when first needed.
"""

from __future__ import annotations

import sys
import threading
from datetime import date
from functools import lru_cache
from types import ModuleType
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

from ._model import at_most
from .errors import PolicyValidationError, UnknownHolidayCalendarError
from .limits import MAX_HOLIDAY_CODES

__all__ = ["HolidayCodes", "holiday_dates", "is_holiday", "normalise_codes"]


_PACKAGE = "holidays"
_COUNTRIES = "holidays.countries"
#: Held while a package's own ``__init__`` runs, and while a country's module is imported
#: (``threading`` is loaded already).
_INIT_LOCK = threading.RLock()
#: The packages whose ``__init__`` is running (in this thread, under the lock).
_RUNNING: set[str] = set()
#: The packages whose ``__init__`` only gathers names from their own submodules
#: (``from holidays.calendars.hebrew import _HebrewLunisolar``): each is left unrun too, and a
#: name asked of it imports just the submodule its ``__init__`` takes it from.
_BY_NAME = ("holidays.calendars", "holidays.groups")
#: For each of those packages left unrun: name -> the submodule its ``__init__`` takes it from.
_EXPORTS: dict[str, dict[str, str]] = {}


class _UnrunPackage(ModuleType):
    """A package of ``holidays`` before its ``__init__`` has run. A name its ``__init__``
    takes from one of its submodules (:data:`_EXPORTS`) is taken from that submodule alone;
    any other name asked of it that it does not hold yet (or ``dir()``) runs the ``__init__``,
    once; then the module is a plain module again and answers as it would have."""

    def __getattr__(self, name: str) -> Any:
        source = _EXPORTS.get(self.__name__, {}).get(name)
        if source is not None:
            import importlib

            with _INIT_LOCK:  # the name's own module only, as its ``__init__`` takes it
                value = getattr(importlib.import_module(source), name)
                setattr(self, name, value)
            return value
        if not _run_init(self):
            msg = f"partially initialised module {self.__name__!r} has no attribute {name!r}"
            raise AttributeError(msg)
        return getattr(self, name)

    def __dir__(self) -> list[str]:
        _run_init(self)
        return list(ModuleType.__dir__(self))


def _run_init(module: ModuleType) -> bool:
    """Run the real ``__init__`` of the unrun package ``module`` unless it has run; False if
    asked part-way through that run (by the ``__init__`` itself, as a partially initialised
    module would answer)."""
    with _INIT_LOCK:
        if type(module) is not _UnrunPackage:
            return True  # another thread ran it while this one waited
        name = module.__name__
        if name in _RUNNING:
            return False
        loader = module.__spec__.loader if module.__spec__ else None
        if loader is None:  # pragma: no cover - _unrun made it with one
            return False
        _RUNNING.add(name)
        try:
            loader.exec_module(module)
        finally:
            _RUNNING.discard(name)
        # A failed run raises and leaves the class as it was: the next name asked runs it
        # again, as a failed import is tried again by the next ``import``.
        plain: ModuleType = module
        plain.__class__ = ModuleType
    return True


def _unrun(name: str, *, by_name: bool = False) -> ModuleType | None:
    """Put the package ``name`` in ``sys.modules`` made from its spec but not run, unless it is
    there already; the module put there, or None. With ``by_name``, only if its ``__init__``
    does nothing but take names from its submodules (:func:`_exports`), and then a name asked
    of it loads only that name's submodule."""
    import importlib.util

    if name in sys.modules:
        return None
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):  # pragma: no cover - another holidays layout
        return None
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        return None  # pragma: no cover - another holidays layout
    exports = _exports(name, spec.origin) if by_name else None
    if by_name and exports is None:
        return None  # pragma: no cover - an ``__init__`` that does more: imported as usual
    module = importlib.util.module_from_spec(spec)
    module.__class__ = _UnrunPackage
    with _INIT_LOCK:
        if sys.modules.setdefault(name, module) is not module:
            return None  # pragma: no cover - another thread imported it meanwhile
        if exports is not None:
            _EXPORTS[name] = exports
    return module


def _exports(package: str, origin: str | None) -> dict[str, str] | None:
    """Name -> submodule, for the package ``package`` whose ``__init__`` (at ``origin``) is
    nothing but comments and ``from <package>.<submodule> import <names>`` statements (as
    ``holidays.calendars``' and ``holidays.groups``' are), the names on one line or in
    parentheses; None for any other ``__init__``, which must then run as it is. (Read with
    string methods: compiling a regular expression would cost a first answer more.)"""
    try:
        with open(origin or "", encoding="utf-8") as file:
            lines = iter(file.read().splitlines())
    except (OSError, UnicodeDecodeError):  # pragma: no cover - another holidays layout
        return None
    found: dict[str, str] = {}
    for line in lines:
        words = line.split(None, 3)
        if not words or words[0].startswith("#"):
            continue
        if (
            len(words) < 4
            or words[0] != "from"
            or words[2] != "import"
            or not words[1].startswith(package + ".")
        ):
            return None
        names = words[3].rstrip()
        if names.startswith("("):
            while not names.endswith(")"):
                more = next(lines, None)
                if more is None or ")" in more.rstrip()[:-1]:
                    return None
                names += " " + more.strip()
            names = names[1:-1]
        for name in names.split(","):
            if name.strip():
                if not name.strip().isidentifier():  # ``x as y``, ``*``, a comment
                    return None
                found[name.strip()] = words[1]
    return found


@lru_cache(maxsize=1)
def _lazy_countries() -> None:
    """Put the unrun ``holidays`` (unless it is imported already), and the unrun
    ``holidays.countries``, ``holidays.calendars`` and ``holidays.groups`` (each unless it
    is), in ``sys.modules``, once."""
    _unrun(_PACKAGE)
    import holidays  # the unrun package, or the one imported already

    for name, by_name in [(_COUNTRIES, False), *((package, True) for package in _BY_NAME)]:
        module = _unrun(name, by_name=by_name)
        if module is not None:
            with _INIT_LOCK:
                # As an import of the package would: ``holidays.countries`` is an attribute.
                setattr(holidays, name.rpartition(".")[2], module)


@lru_cache(maxsize=1)
def _holiday_countries() -> frozenset[str]:
    """The country codes (with aliases such as ``"UK"``) that ``holidays.country_holidays``
    accepts, read from the package's registry, which imports no country module, so validating
    a calendar or a policy file does not import all of them the way
    ``holidays.list_supported_countries()`` (the fallback if the registry ever moves) does.
    Every path to a country's module comes through here first, so the packages are made lazy
    before any country loads."""
    _lazy_countries()
    try:
        from holidays.registry import EntityLoader

        return frozenset(EntityLoader.get_country_codes())
    except (ImportError, AttributeError):  # pragma: no cover - another holidays layout
        import holidays

        return frozenset(holidays.list_supported_countries())


@lru_cache(maxsize=256)
def _country_class(country: str) -> Any:
    """The ``holidays`` class for the known country code ``country`` (``"US"``, an alias such
    as ``"UK"``): the class ``holidays.country_holidays(country)`` instantiates, found with the
    registry and imported from its own module alone, without running the package's
    ``__init__`` (it loads the package's API and ``importlib.metadata``); with
    another layout of the package, the one ``holidays`` names."""
    _holiday_countries()
    import importlib

    try:  # (``from holidays import registry`` would ask the unrun package for a name)
        table: dict[str, tuple[str, ...]] = importlib.import_module("holidays.registry").COUNTRIES
    except (ImportError, AttributeError):  # pragma: no cover - another holidays layout
        table = {}
    for module, names in table.items():
        if country in names[1:]:
            with _INIT_LOCK:  # as the registry's own loader: imports in threads can deadlock
                found = getattr(importlib.import_module(f"{_COUNTRIES}.{module}"), country, None)
            if found is not None:
                return found
            break
    import holidays  # pragma: no cover - another holidays layout

    return getattr(holidays, country)  # pragma: no cover


@lru_cache(maxsize=64)
def _holiday_code(code: str) -> tuple[str, str | None]:
    """Validate ``"US"``/``"US-NY"`` against the holidays package; ``(country, subdiv)``."""
    country, _, subdiv = code.partition("-")
    country = country.upper()
    if country not in _holiday_countries():
        raise UnknownHolidayCalendarError.unknown_country(code)
    if not subdiv:
        return country, None
    # Only this country's module is imported (list_supported_countries() imports them all).
    known = [str(s) for s in _country_class(country).subdivisions]
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
    country, subdiv = _holiday_code(code)
    # What ``holidays.country_holidays(country, subdiv=subdiv, years=year)`` builds.
    table = _country_class(country)(years=year, subdiv=subdiv)
    return frozenset(d for d in table if d.year == year)


def is_holiday(day: date, codes: tuple[str, ...]) -> bool:
    """Is ``day`` a holiday of any of ``codes``?"""
    return any(day in holiday_dates(code, day.year) for code in codes)
