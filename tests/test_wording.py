"""Example tests for how the library writes for people (``contact_policy.wording``)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from contact_policy.hours import WeeklyHours
from contact_policy.wording import (
    channel_words,
    date_or_when,
    day_words,
    days_words,
    duration_words,
    exact_words,
    joined,
    letter_date,
    letter_when,
    ordinal,
    period_words,
    possessive,
    skip_words,
    week_words,
    when,
)
from tests.helpers import t


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (timedelta(hours=24), "24 hours"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(minutes=90), "1 h 30 min"),
        (timedelta(minutes=45), "45 minutes"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(seconds=30), "30 seconds"),  # it read "0 minutes"
        (timedelta(seconds=90), "1 min 30 s"),
        (timedelta(hours=2, seconds=5), "2 h 0 min 5 s"),
    ],
)
def test_durations(value: timedelta, words: str) -> None:
    assert duration_words(value) == words


@pytest.mark.parametrize(
    ("skip", "words"),
    [
        (("sat", "sun"), "weekends"),
        (("sat", "sun", "holidays"), "weekends and holidays"),
        (("fri",), "Fridays"),
        (("mon", "fri", "holidays"), "Mondays, Fridays and holidays"),
    ],
)
def test_skipped_days(skip: tuple[str, ...], words: str) -> None:
    assert skip_words(skip) == words


def test_instants_and_days() -> None:
    assert when(t("2026-11-01T01:30-05:00").astimezone(t("2026-11-01T00:00-05:00").tzinfo)) == (
        "Sun 2026-11-01 01:30 UTC-05:00"
    )
    assert day_words(date(2026, 11, 21)) == "Sat 2026-11-21"


def test_small_words() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
    ]
    assert joined(["a"]) == "a"
    assert joined(["a", "b", "c"]) == "a, b and c"
    assert period_words(timedelta(days=7)) == "7 days"
    assert period_words(timedelta(days=14)) == "2 weeks"
    assert period_words(timedelta(days=1)) == "1 day"
    assert period_words(timedelta(hours=36)) == "36 hours"


def test_letter_dates_and_times() -> None:
    assert letter_date(date(2027, 1, 4)) == "Mon 4 Jan 2027"
    assert letter_when(t("2027-01-04T00:00-05:00")) == "Mon 4 Jan 2027"
    assert letter_when(t("2027-06-01T09:00-04:00")) == "Tue 1 Jun 2027 at 09:00 UTC-04:00"
    assert date_or_when(t("2027-01-04T00:00-05:00")) == "Mon 2027-01-04"
    assert date_or_when(t("2026-12-05T00:00:01-05:00")) == "Sat 2026-12-05 00:00:01 UTC-05:00"
    assert date_or_when(t("2026-12-05T09:30:00.25-05:00")).endswith("09:30:00.250000 UTC-05:00")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (timedelta(days=7), "7 days"),
        (timedelta(days=1), "1 day"),
        (timedelta(days=1, hours=12), "1 day 12 hours"),
        (timedelta(days=29, seconds=86399), "29 days 23 hours 59 min 59 s"),
        (timedelta(days=30) - timedelta(microseconds=1), "29 days 23 hours 59 min 59.999999 s"),
        (timedelta(seconds=1.5), "1.5 s"),
        (timedelta(minutes=1), "1 min"),
        (timedelta(0), "0 days"),
        (-timedelta(days=2), "2 days"),
    ],
)
def test_exact_words(value: timedelta, words: str) -> None:
    assert exact_words(value) == words


def test_possessive() -> None:
    assert possessive("7 days") == "7 days'"
    assert possessive("1 day") == "1 day's"


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (("mon", "tue", "wed", "thu", "fri"), "Mon–Fri"),
        (("mon", "tue", "wed", "fri"), "Mon–Wed and Fri"),
        (("sat", "sun"), "Sat and Sun"),
        (("mon", "wed", "fri"), "Mon, Wed and Fri"),
        (("sun", "mon"), "Mon and Sun"),
        (("mon", "tue", "wed", "thu", "fri", "sat", "sun"), "every day"),
        ((), ""),
    ],
)
def test_days_words(days: tuple[str, ...], words: str) -> None:
    assert days_words(days) == words


def test_week_words() -> None:
    hours = WeeklyHours.model_validate(
        {"mon-thu": ["09:00-17:00"], "fri": ["09:00-13:00"], "sat": ["09:00-17:00"]}
    )
    assert week_words(hours) == "Mon–Thu and Sat 09:00–17:00; Fri 09:00–13:00"
    assert week_words(WeeklyHours()) == "no weekly hours"
    assert channel_words(["call", "secure_message", "video"]) == (
        "calls, secure messages and video calls"
    )
