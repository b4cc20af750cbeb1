"""Our RRULE expansion (``contact_policy._recurrence``) against dateutil's own iteration, on
random series and windows: the same occurrences, found without walking from the start."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from dateutil.rrule import rrulestr
from hypothesis import event, given
from hypothesis import strategies as st

from contact_policy import PolicyValidationError
from contact_policy._recurrence import Recurrence

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@st.composite
def rules(draw: st.DrawFn) -> str:
    freq = draw(st.sampled_from(("DAILY", "WEEKLY", "MONTHLY", "YEARLY")))
    parts = [f"FREQ={freq}"]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(1, 4))}")
    kind = draw(st.integers(0, 3))
    if kind == 1:
        days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True))
        parts.append("BYDAY=" + ",".join(days))
    elif kind == 2 and freq in ("MONTHLY", "YEARLY"):
        n = draw(st.sampled_from((1, 2, -1, 3)))
        parts.append(f"BYDAY={n}{draw(st.sampled_from(DAYS))}")
    elif kind == 3:
        days = draw(
            st.lists(
                st.sampled_from((1, 2, 15, 28, 29, 30, 31, -1, -2)),
                min_size=1,
                max_size=2,
                unique=True,
            )
        )
        parts.append("BYMONTHDAY=" + ",".join(map(str, days)))
    if draw(st.booleans()):
        months = draw(st.lists(st.integers(1, 12), min_size=1, max_size=3, unique=True))
        parts.append("BYMONTH=" + ",".join(map(str, months)))
    if freq == "MONTHLY" and kind == 1 and draw(st.booleans()):
        parts.append(f"BYSETPOS={draw(st.sampled_from((1, -1, 2)))}")
    if draw(st.booleans()):
        hours = draw(st.lists(st.integers(0, 23), min_size=1, max_size=2, unique=True))
        parts.append("BYHOUR=" + ",".join(map(str, hours)))
    if draw(st.booleans()):
        parts.append(f"WKST={draw(st.sampled_from(DAYS))}")
    if draw(st.integers(0, 4)) == 0:
        parts.append(f"COUNT={draw(st.integers(1, 60))}")
    start = draw(st.datetimes(datetime(1990, 1, 1), datetime(2030, 12, 31))).replace(microsecond=0)
    return f"DTSTART:{start:%Y%m%dT%H%M%S}\nRRULE:" + ";".join(parts)


@given(rules(), st.datetimes(datetime(1990, 1, 1), datetime(2040, 1, 1)), st.integers(1, 120))
def test_the_same_occurrences_as_dateutil(text: str, lo: datetime, days: int) -> None:
    parsed = rrulestr(text)
    ours = Recurrence(parsed)
    hi = lo + timedelta(days=days)
    if not ours.exists():
        # (dateutil would iterate to the year 9999 looking: nothing to compare in reasonable
        # time; test_a_rule_that_never_occurs_is_found_out_at_once pins one such rule.)
        event("a rule that never occurs")
        return
    theirs = parsed.between(lo, hi, inc=True)
    assert ours.between(lo, hi) == theirs


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("DTSTART:20260101T100000\nRRULE:FREQ=HOURLY", "at most daily"),
        ("DTSTART:20260101T100000\nRRULE:FREQ=YEARLY;BYYEARDAY=100", "BYYEARDAY"),
        ("DTSTART:20260101T100000\nRRULE:FREQ=YEARLY;BYWEEKNO=20", "BYWEEKNO"),
        ("DTSTART:20260101T100000\nRRULE:FREQ=MONTHLY;BYDAY=MO,1TU", "mixing"),
        ("DTSTART:20260101T100000\nRRULE:FREQ=DAILY;INTERVAL=0", "INTERVAL=0"),
    ],
)
def test_what_the_subset_leaves_out(text: str, words: str) -> None:
    with pytest.raises(PolicyValidationError, match=words):
        Recurrence(rrulestr(text))


def test_a_rule_that_never_occurs_is_found_out_at_once() -> None:
    rule = Recurrence(
        rrulestr("DTSTART:20000101T000000\nRRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")
    )
    assert not rule.exists()


def test_a_window_far_from_the_start_costs_one_window() -> None:
    rule = Recurrence(rrulestr("DTSTART:19000105T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO"))
    got = rule.between(datetime(2026, 11, 22), datetime(2026, 11, 30))
    assert got == [datetime(2026, 11, 23, 10)]
