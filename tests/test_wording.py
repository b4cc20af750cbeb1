"""Example tests for how the library writes for people (``contact_policy.wording``)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from contact_policy.wording import (
    day_words,
    duration_words,
    joined,
    ordinal,
    period_words,
    skip_words,
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
