"""Example tests for the value types of hours (``contact_policy.hours``): weekday keys,
``HH:MM``, spans and weekly hours. (Their errors are pinned in test_errors.py.)"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contact_policy import PolicyValidationError, Span, WeeklyHours
from contact_policy.hours import DAYS, hhmm, parse_days


class TestParseDays:
    @pytest.mark.parametrize(
        ("key", "days"),
        [
            ("mon", ("mon",)),
            ("Monday", ("mon",)),
            (" TUE ", ("tue",)),
            ("mon-fri", ("mon", "tue", "wed", "thu", "fri")),
            ("mon–wed", ("mon", "tue", "wed")),
            ("sat-mon", ("sat", "sun", "mon")),
            ("mon,wed,fri", ("mon", "wed", "fri")),
            ("mon-tue, thu", ("mon", "tue", "thu")),
            ("sun-sun", ("sun",)),
        ],
    )
    def test_keys(self, key: str, days: tuple[str, ...]) -> None:
        assert parse_days(key) == days

    @pytest.mark.parametrize("key", ["", "funday", "mon-", "mon,,tue", "mon-fri,wed", 3])
    def test_bad_keys(self, key: object) -> None:
        with pytest.raises(PolicyValidationError):
            parse_days(key)

    @given(st.integers(0, 6), st.integers(0, 6))
    def test_a_range_runs_forward_and_wraps(self, a: int, b: int) -> None:
        days = parse_days(f"{DAYS[a]}-{DAYS[b]}")
        assert days[0] == DAYS[a]
        assert days[-1] == DAYS[b]
        assert len(days) == (b - a) % 7 + 1
        assert len(set(days)) == len(days)


class TestHHMM:
    @given(st.integers(0, 24 * 60))
    def test_round_trip_through_a_span(self, minutes: int) -> None:
        text = hhmm(minutes)
        assert len(text) == 5
        assert int(text[:2]) * 60 + int(text[3:]) == minutes


class TestWeeklyHours:
    def test_as_mapping_is_what_weekly_takes(self) -> None:
        hours = WeeklyHours.model_validate({"mon-tue": ["09:00-12:00", "13:00-17:00"]})
        assert hours.as_mapping() == {
            "mon": [("09:00", "12:00"), ("13:00", "17:00")],
            "tue": [("09:00", "12:00"), ("13:00", "17:00")],
        }
        assert WeeklyHours.model_validate(hours.as_mapping()) == hours

    def test_a_range_and_its_days_are_equal(self) -> None:
        spans = [Span.parse("09:00-17:00")]
        assert WeeklyHours.model_validate({"mon-wed": spans}) == WeeklyHours(
            mon=spans, tue=spans, wed=spans
        )
