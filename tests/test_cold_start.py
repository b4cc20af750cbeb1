"""A fresh process's first answer loads only the holiday country it names.

``holidays`` finds a country by importing ``holidays.countries.<name>``, whose package
``__init__`` imports every country; ``contact_policy._holidays`` puts that package in
``sys.modules`` unrun, so only the named country's module loads, and runs its ``__init__``
when anyone asks it for a name it does not hold (docs/performance.md, cold start). Each test
runs in a fresh interpreter, since this test process has long loaded ``holidays``; they check
which modules were loaded and what the answers are, never how long anything took
(``benchmarks/cold_start.py`` times it).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

import pytest

#: At most this many of ``holidays.countries``' modules for one country (the one, today).
HANDFUL = 3

PRELUDE = """
import json, sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

NEW_YORK = ZoneInfo("America/New_York")


def countries():
    return sorted(m for m in sys.modules if m.startswith("holidays.countries."))


def report(**values):
    print(json.dumps(values))
"""


def fresh(code: str) -> dict[str, Any]:
    """Run ``code`` (after ``PRELUDE``) in a fresh interpreter; what it ``report``-ed."""
    done = subprocess.run(  # noqa: S603 - our own interpreter running our own snippet
        [sys.executable, "-c", PRELUDE + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


FIRST_ANSWER = """
from contact_policy import Contact, default_policy

policy = default_policy()  # validates holidays = ["US"]
after_validation = countries()
o = policy.return_by(Contact(datetime(2026, 11, 20, 15, tzinfo=NEW_YORK), voicemail=True))
"""


class TestFirstAnswer:
    def test_loads_the_united_states_module_only(self) -> None:
        got = fresh(
            FIRST_ANSWER
            + """
report(due=o.due.isoformat(), after_validation=after_validation, after_answer=countries(),
       package_run="holidays.countries.germany" in sys.modules)
"""
        )
        assert got["due"] == "2026-11-23T15:00:00-05:00"
        assert got["after_validation"] == []  # the registry tells a code, no country module
        assert "holidays.countries.united_states" in got["after_answer"]
        assert not got["package_run"]
        assert len(got["after_answer"]) <= HANDFUL, got["after_answer"]

    def test_a_holiday_counts_with_only_its_country_loaded(self) -> None:
        # Thanksgiving, Thursday 2026-11-26: a call on Wednesday 15:00 is due Friday 15:00.
        got = fresh(
            """
from contact_policy import Contact, default_policy

o = default_policy().return_by(
    Contact(datetime(2026, 11, 25, 15, tzinfo=NEW_YORK), voicemail=True)
)
report(due=o.due.isoformat(), countries=countries())
"""
        )
        assert got["due"] == "2026-11-27T15:00:00-05:00"
        assert got["countries"] == ["holidays.countries.united_states"]


class TestSubdivision:
    def test_us_ny_loads_the_united_states_module_only(self) -> None:
        got = fresh(
            """
from contact_policy import BusinessCalendar

hours = {"mon-fri": [("09:00", "17:00")]}
ny = BusinessCalendar.weekly("America/New_York", hours, holidays=["us-ny"])
after_validation = countries()
us = BusinessCalendar.weekly("America/New_York", hours, holidays=["US"])
# Lincoln's Birthday, Friday 2027-02-12, is a New York holiday, not a federal one.
noon = datetime(2027, 2, 12, 12, tzinfo=NEW_YORK)
report(holidays=list(ny.holidays), after_validation=after_validation,
       after_answer=countries(), ny_open=ny.is_open(noon), us_open=us.is_open(noon))
"""
        )
        assert got["holidays"] == ["US-NY"]
        assert got["after_validation"] == ["holidays.countries.united_states"]
        assert got["after_answer"] == ["holidays.countries.united_states"]
        assert not got["ny_open"]
        assert got["us_open"]


class TestTheLazyPackageBehaves:
    def test_other_users_of_holidays_see_the_whole_package(self) -> None:
        got = fresh(
            FIRST_ANSWER
            + """
import types
import holidays

unrun = type(sys.modules["holidays.countries"]).__name__
from holidays.countries import Germany
import holidays.countries as package
from holidays.countries.germany import Germany as GermanyItself

de = holidays.country_holidays("DE", years=2026)
supported = holidays.list_supported_countries()
report(
    unrun=unrun,
    plain=type(package) is types.ModuleType,
    same_module=package is sys.modules["holidays.countries"] is holidays.countries,
    same_class=Germany is GermanyItself,
    us_class=package.UnitedStates.__name__,
    unity_day=de.get("2026-10-03"),
    in_dir="Germany" in dir(package) and "France" in vars(package),
    supported_de="DE" in supported, supported_ny="NY" in supported["US"],
    countries=len(countries()),
)
"""
        )
        assert got["unrun"] == "_UnrunPackage"
        assert got["plain"]
        assert got["same_module"]
        assert got["same_class"]
        assert got["us_class"] == "UnitedStates"
        assert got["unity_day"] == "German Unity Day"
        assert got["in_dir"]
        assert got["supported_de"]
        assert got["supported_ny"]
        assert got["countries"] > 100  # the package's __init__ ran: every country is loaded

    def test_dir_runs_the_package(self) -> None:
        got = fresh(
            FIRST_ANSWER
            + """
import holidays

names = dir(holidays.countries)
report(germany="Germany" in names, usa="USA" in names)
"""
        )
        assert got == {"germany": True, "usa": True}

    def test_threads_asking_at_once_get_the_same_answer(self) -> None:
        got = fresh(
            FIRST_ANSWER
            + """
import threading
import holidays

found = []
barrier = threading.Barrier(4)


def ask(name):
    barrier.wait()
    found.append(getattr(holidays.countries, name).country)


threads = [threading.Thread(target=ask, args=(n,)) for n in ("Germany", "France", "DE", "FR")]
for t in threads:
    t.start()
for t in threads:
    t.join()
report(found=sorted(found))
"""
        )
        assert got["found"] == ["DE", "DE", "FR", "FR"]

    def test_a_name_the_package_lacks_is_still_an_attribute_error(self) -> None:
        got = fresh(
            FIRST_ANSWER
            + """
import holidays

try:
    holidays.countries.Atlantis
except AttributeError as exc:
    error = str(exc)
report(error=error, countries=len(countries()))
"""
        )
        assert "Atlantis" in got["error"]
        assert got["countries"] > 100

    def test_a_package_imported_before_is_left_alone(self) -> None:
        got = fresh(
            """
import types
import holidays.countries
"""
            + FIRST_ANSWER
            + """
report(due=o.due.isoformat(), plain=type(sys.modules["holidays.countries"]) is types.ModuleType)
"""
        )
        assert got == {"due": "2026-11-23T15:00:00-05:00", "plain": True}


class TestUnknownCodes:
    @pytest.mark.parametrize(
        ("code", "match"),
        [
            ("ZZ", "'ZZ' is not a holiday country of the holidays package"),
            ("US-ZZ", "US-ZZ"),
        ],
    )
    def test_unknown_codes_raise_our_error(self, code: str, match: str) -> None:
        got = fresh(
            f"""
from contact_policy import BusinessCalendar, UnknownHolidayCalendarError

try:
    BusinessCalendar.weekly("UTC", {{"mon": [("09:00", "17:00")]}}, holidays=[{code!r}])
except UnknownHolidayCalendarError as exc:
    report(error=type(exc).__name__, value_error=isinstance(exc, ValueError),
           message=str(exc), countries=countries())
"""
        )
        assert got["error"] == "UnknownHolidayCalendarError"
        assert got["value_error"]
        assert match in got["message"]
        assert len(got["countries"]) <= 1, got["countries"]
