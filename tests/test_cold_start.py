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

policy = default_policy()  # built from its values: nothing validated, no holidays loaded
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

    def test_builds_no_validator_and_runs_no_package_init(self) -> None:
        """The first answer pays for neither pydantic's validators (nor its search for plugins
        that comes with the first one) nor the ``holidays`` package's ``__init__``."""
        got = fresh(
            FIRST_ANSWER
            + """
import pydantic
import contact_policy

models = [getattr(contact_policy, n) for n in contact_policy.__all__]
built = sorted(
    m.__name__ for m in models
    if isinstance(m, type) and issubclass(m, pydantic.BaseModel) and m.__pydantic_complete__
)
report(due=o.due.isoformat(), built=built,
       package=type(sys.modules["holidays"]).__name__,
       metadata_by_holidays="holidays.version" in sys.modules,
       serializers="pydantic.functional_serializers" in sys.modules)
"""
        )
        assert got == {
            "due": "2026-11-23T15:00:00-05:00",
            "built": [],
            "package": "_UnrunPackage",
            "metadata_by_holidays": False,
            "serializers": False,  # durations' JSON form needs no PlainSerializer
        }

    def test_the_same_answers_once_validated(self) -> None:
        """The built-in policy and calendars, built from their values, answer as the policy
        read from the shipped file does, in one fresh process."""
        got = fresh(
            """
from importlib import resources
from contact_policy import Contact, default_policy, parse_policy

text = resources.files("contact_policy").joinpath("default_policy.toml").read_text("utf-8")
read = parse_policy(text, format="toml")
at = datetime(2026, 11, 25, 15, tzinfo=NEW_YORK)
a = default_policy().return_by(Contact(at, voicemail=True))
b = read.return_by(Contact(at, voicemail=True))
report(same=a == b and read == default_policy(), due=a.due.isoformat())
"""
        )
        assert got == {"same": True, "due": "2026-11-27T15:00:00-05:00"}

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


class TestCalendarsAndGroups:
    """``holidays.calendars`` and ``holidays.groups`` gather the names of their submodules
    (every lunar calendar, every group of holidays); they are left unrun too, and a name asked
    of them loads only its own submodule."""

    def test_the_first_answer_loads_only_what_the_country_uses(self) -> None:
        got = fresh(
            FIRST_ANSWER
            + """
loaded = sorted(m for m in sys.modules if m.startswith(("holidays.calendars.",
                                                          "holidays.groups.")))
report(due=o.due.isoformat(), loaded=loaded,
       kinds=[type(sys.modules[p]).__name__ for p in ("holidays.calendars", "holidays.groups")])
"""
        )
        assert got["due"] == "2026-11-23T15:00:00-05:00"
        assert got["kinds"] == ["_UnrunPackage", "_UnrunPackage"]
        assert "holidays.calendars.gregorian" in got["loaded"]
        assert "holidays.groups.christian" in got["loaded"]
        for unused in ("islamic", "hebrew", "chinese", "thai", "persian"):
            assert f"holidays.calendars.{unused}" not in got["loaded"]
            assert f"holidays.groups.{unused}" not in got["loaded"]

    def test_names_asked_of_them_are_their_submodules_own(self) -> None:
        got = fresh(
            FIRST_ANSWER
            + """
import holidays
from holidays.calendars import _IslamicLunar
from holidays.calendars.islamic import _IslamicLunar as itself
from holidays.groups import ChristianHolidays
import holidays.groups.christian as christian

same = _IslamicLunar is itself and ChristianHolidays is christian.ChristianHolidays
in_dir = "_HebrewLunisolar" in dir(holidays.calendars) and "ThaiCalendarHolidays" in dir(
    holidays.groups)
try:
    holidays.groups.NoSuchGroup
except AttributeError as exc:
    error = "NoSuchGroup" in str(exc)
report(same=same, in_dir=in_dir, error=error,
       attribute=holidays.calendars is sys.modules["holidays.calendars"],
       plain=type(holidays.groups).__name__)
"""
        )
        assert got == {
            "same": True,
            "in_dir": True,
            "error": True,
            "attribute": True,
            "plain": "module",  # dir() ran the real __init__
        }

    def test_countries_of_other_calendars_get_the_package_own_dates(self) -> None:
        """Countries whose holidays follow the Islamic, Hebrew, Chinese, Hindu, Thai and
        Persian calendars: the dates through the library (the packages unrun) are those of a
        process that imported ``holidays`` as usual."""
        codes = ["IN", "IL", "CN", "TH", "IR", "SA", "ID", "MN", "LK", "KR"]
        program = f"""
from contact_policy._holidays import _holiday_countries, holiday_dates
codes = [c for c in {codes!r} if c in _holiday_countries()]
report(dates={{c: sorted(map(str, holiday_dates(c, 2027))) for c in codes}},
       kind=type(sys.modules["holidays.groups"]).__name__)
"""
        mine = fresh(program)
        theirs = fresh(
            f"""
import holidays
report(dates={{c: sorted({{str(d) for d in holidays.country_holidays(c, years=2027)
                             if d.year == 2027}}) for c in {codes!r}
               if c in holidays.list_supported_countries()}})
"""
        )
        assert mine["kind"] == "_UnrunPackage"
        assert mine["dates"] == theirs["dates"]
        assert {"IN", "IL", "CN", "TH"} <= set(mine["dates"])


class TestExports:
    """What :func:`contact_policy._holidays._exports` reads of a package's ``__init__``."""

    def exports(self, tmp_path: Any, text: str) -> dict[str, str] | None:
        from contact_policy._holidays import _exports

        init = tmp_path / "__init__.py"
        init.write_text(text, encoding="utf-8")
        return _exports("pkg", str(init))

    def test_names_on_one_line_and_in_parentheses(self, tmp_path: Any) -> None:
        text = (
            "#  a licence header\n\n"
            "from pkg.one import A, _B\n"
            "from pkg.two import (\n    C,\n    D,\n)\n"
            "from pkg.four import (F, G)\n"
            "from pkg.three import E"  # no final newline
        )
        assert self.exports(tmp_path, text) == {
            "A": "pkg.one",
            "_B": "pkg.one",
            "C": "pkg.two",
            "D": "pkg.two",
            "E": "pkg.three",
            "F": "pkg.four",
            "G": "pkg.four",
        }

    @pytest.mark.parametrize(
        "text",
        [
            "from pkg.one import A\nX = 1\n",  # does more than import
            "from pkg.one import A as B\n",  # renames
            "from pkg.one import *\n",
            "from other.one import A\n",  # takes a name from outside the package
            "import pkg.one\n",
            "from pkg.one import A  # a comment\n",
            "from pkg.one import A\nif True:\n    from pkg.two import B\n",
            "from pkg.one import (\n    A,\n",  # never closed
            "from pkg.one import (\n    A,\n    # a note\n    B,\n)\n",
            "from pkg.one import (A), B\n",
            '"""A docstring."""\nfrom pkg.one import A\n',
        ],
    )
    def test_anything_else_is_run_as_it_is(self, tmp_path: Any, text: str) -> None:
        assert self.exports(tmp_path, text) is None

    def test_an_unreadable_file_is_run_as_it_is(self, tmp_path: Any) -> None:
        from contact_policy._holidays import _exports

        assert _exports("pkg", str(tmp_path / "missing.py")) is None
        assert _exports("pkg", None) is None


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
    def test_the_package_itself_runs_when_asked(self) -> None:
        """``holidays`` is unrun too: the first name asked of it runs its ``__init__``."""
        got = fresh(
            FIRST_ANSWER
            + """
import types
import holidays
from holidays import HolidayBase, country_holidays

us = country_holidays("US", years=2026)
report(plain=type(holidays) is types.ModuleType, version=isinstance(holidays.__version__, str),
       same=holidays is sys.modules["holidays"], base=isinstance(us, HolidayBase),
       entity=type(holidays.US(years=2026)).__name__,
       in_dir="country_holidays" in dir(holidays),
       thanksgiving="Thanksgiving" in us.get("2026-11-26", ""),
       due=o.due.isoformat())
"""
        )
        assert got == {
            "plain": True,
            "version": True,
            "same": True,
            "base": True,
            "entity": "US",
            "in_dir": True,
            "thanksgiving": True,
            "due": "2026-11-23T15:00:00-05:00",
        }

    def test_a_country_that_asks_the_package_for_names(self) -> None:
        """Some country modules import names from ``holidays`` itself (``from holidays import
        HolidayBase``): loading one runs the package's ``__init__`` then, and the dates are
        the package's own."""
        got = fresh(
            """
from contact_policy._holidays import _holiday_countries, holiday_dates

codes = [c for c in ("NE", "SR", "KY", "DE") if c in _holiday_countries()]
mine = {code: sorted(map(str, holiday_dates(code, 2026))) for code in codes}
import holidays

theirs = {code: sorted({str(d) for d in holidays.country_holidays(code, years=2026)
                         if d.year == 2026})
          for code in codes}
report(same=mine == theirs, codes=codes)
"""
        )
        assert got["same"]
        assert "DE" in got["codes"]

    def test_a_package_imported_before_is_left_alone_at_the_top(self) -> None:
        got = fresh(
            """
import types
import holidays
"""
            + FIRST_ANSWER
            + """
report(due=o.due.isoformat(), plain=type(sys.modules["holidays"]) is types.ModuleType,
       countries=len(countries()) <= HANDFUL or hasattr(holidays, "Germany"))
""".replace("HANDFUL", str(HANDFUL))
        )
        assert got == {"due": "2026-11-23T15:00:00-05:00", "plain": True, "countries": True}

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

    @pytest.mark.parametrize(
        ("ask", "expected"),
        [
            # holidays.countries, each thread asking for a country class
            ("getattr(holidays.countries, name).country", ["DE", "DE", "FR", "FR"]),
            # holidays itself, each thread asking for a country's table
            ("getattr(holidays, name)(years=2026).country", ["DE", "DE", "FR", "FR"]),
        ],
    )
    def test_threads_asking_at_once_get_the_same_answer(
        self, ask: str, expected: list[str]
    ) -> None:
        got = fresh(
            FIRST_ANSWER
            + f"""
import threading
import holidays

found = []
barrier = threading.Barrier(4)


def ask(name):
    barrier.wait()
    found.append({ask})


threads = [threading.Thread(target=ask, args=(n,)) for n in ("Germany", "France", "DE", "FR")]
for t in threads:
    t.start()
for t in threads:
    t.join()
report(found=sorted(found))
"""
        )
        assert got["found"] == expected

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
