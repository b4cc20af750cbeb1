"""The values the library builds without validation are the values validation builds (#14).

A fresh process's first answer builds no pydantic validator: the built-in policy is written
out as values (``contact_policy._default``), a turnaround's whole-day calendar is built from
its values (``rules._skip_calendar``), empty defaults are built the same way, and a compiled
plan is found by the policy itself rather than by its JSON. Each is checked here against what
validation makes of the same input, down to every nested model: its class, each field's value
and type, and the fields given (which ``model_dump(exclude_unset=True)`` shows).
"""

from __future__ import annotations

import pickle
import warnings
from datetime import date
from importlib import resources
from typing import Any

import holidays
import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

from contact_policy import (
    BusinessCalendar,
    Contact,
    NoCallsDuringSessions,
    Policy,
    SessionSchedule,
    WeeklyHours,
    default_policy,
    parse_policy,
)
from contact_policy._holidays import _holiday_countries, holiday_dates
from contact_policy.hours import DAYS
from contact_policy.rules import _skip_calendar
from contact_policy.testing import policies
from tests.helpers import t


def anatomy(value: Any) -> Any:
    """``value`` taken apart: for a model its class, fields given and each field (taken apart);
    for a tuple its items; else the value with its type."""
    if isinstance(value, pydantic.BaseModel):
        return (
            type(value),
            frozenset(value.model_fields_set),
            value.__pydantic_extra__,
            value.__pydantic_private__,
            {name: anatomy(item) for name, item in value.__dict__.items()},
        )
    if isinstance(value, tuple):
        return tuple(anatomy(item) for item in value)
    return type(value), value


def shipped() -> Policy:
    text = resources.files("contact_policy").joinpath("default_policy.toml").read_text("utf-8")
    policy = parse_policy(text, format="toml", origin="default_policy.toml")
    assert isinstance(policy, Policy)
    return policy


class TestTheBuiltInPolicy:
    def test_is_the_shipped_file_down_to_every_model(self) -> None:
        assert anatomy(default_policy()) == anatomy(shipped())

    def test_equal_and_the_same_json(self) -> None:
        assert default_policy() == shipped()
        assert hash(default_policy()) == hash(shipped())
        assert default_policy().model_dump_json() == shipped().model_dump_json()
        assert repr(default_policy()) == repr(shipped())

    def test_validates_as_itself(self) -> None:
        again = Policy.model_validate(default_policy().model_dump(exclude_unset=True))
        assert anatomy(again) == anatomy(default_policy())

    def test_one_value(self) -> None:
        assert default_policy() is default_policy()

    def test_answers_as_the_shipped_file(self) -> None:
        for at in ("2026-11-25T15:00-05:00", "2026-12-24T23:30-05:00", "2027-03-13T09:00-05:00"):
            contact = Contact(t(at), voicemail=True)
            assert default_policy().return_by(contact) == shipped().return_by(contact)
            assert default_policy().in_bounds(contact) == shipped().in_bounds(contact)


class TestDefaults:
    def test_an_empty_schedule_as_validation_makes_it(self) -> None:
        rule = NoCallsDuringSessions()
        assert anatomy(rule.schedule) == anatomy(SessionSchedule.model_validate({}))
        assert anatomy(rule) == anatomy(NoCallsDuringSessions.model_validate({}))

    def test_empty_hours_as_validation_makes_them(self) -> None:
        cal = BusinessCalendar(zone="UTC")
        assert anatomy(cal.hours) == anatomy(WeeklyHours.model_validate({}))


@given(
    zone=st.sampled_from(["America/New_York", "UTC", "Europe/London", "Australia/Lord_Howe"]),
    codes=st.sampled_from([(), ("US",), ("GB",), ("US", "GB-SCT")]),
    skip=st.lists(st.sampled_from([*DAYS, "holidays"]), unique=True).map(tuple),
)
def test_a_turnarounds_calendar_is_the_one_weekly_builds(
    zone: str, codes: tuple[str, ...], skip: tuple[str, ...]
) -> None:
    built = _skip_calendar(zone, codes, skip)
    hours = {day: [("00:00", "24:00")] for day in DAYS if day not in skip}
    assert anatomy(built) == anatomy(BusinessCalendar.weekly(zone, hours, holidays=codes))


@given(policies(holidays=("US",)))
def test_equal_policies_find_one_plan(policy: Policy) -> None:
    """The compiled plans are kept by policy: an equal copy (validated again, or unpickled)
    finds the same plan, and a policy's hash is that of its copies."""
    copy = Policy.model_validate(policy.model_dump())
    unpickled = pickle.loads(pickle.dumps(policy))  # noqa: S301 - our own object
    assert hash(copy) == hash(policy) == hash(unpickled)
    assert copy._plan() is policy._plan() is unpickled._plan()


@given(
    code=st.sampled_from(sorted(c for c in _holiday_countries() if len(c) == 2)),
    year=st.integers(1995, 2060),
)
def test_a_countrys_table_is_the_packages_own(code: str, year: int) -> None:
    """Each country's class is found by the registry and imported alone; its dates are those
    of ``holidays.country_holidays``."""
    with warnings.catch_warnings():  # (some releases warn of years a country lacks)
        warnings.simplefilter("ignore")
        theirs = holidays.country_holidays(code, years=year)
        mine = holiday_dates(code, year)
    assert mine == frozenset(d for d in theirs if d.year == year)


@pytest.mark.parametrize(
    ("code", "day"), [("US-NY", date(2027, 2, 12)), ("UK", date(2026, 12, 28))]
)
def test_subdivisions_and_aliases(code: str, day: date) -> None:
    assert day in holiday_dates(code, day.year)
