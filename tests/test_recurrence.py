"""Our RRULE expansion (``contact_policy._recurrence``) against dateutil's own iteration, on
random series and windows: the same occurrences, found without walking from the start."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from dateutil.rrule import rrulestr
from hypothesis import event, given, settings
from hypothesis import strategies as st

from contact_policy import PolicyValidationError, SessionSchedule
from contact_policy._recurrence import Recurrence
from tests.properties.series import Case, cases

US = timedelta(microseconds=1)

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


# --- #12 audit ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lo"),
    [
        ("DTSTART:20000105T100000\nRRULE:FREQ=DAILY", datetime(2401, 1, 1)),
        (
            "DTSTART:20000105T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TH;INTERVAL=3",
            datetime(2433, 3, 1),
        ),
        ("DTSTART:20000105T100000\nRRULE:FREQ=MONTHLY;BYDAY=-1FR", datetime(2450, 6, 1)),
        (
            "DTSTART:20000229T100000\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
            datetime(2404, 1, 1),
        ),
    ],
)
def test_a_window_past_400_years_is_dateutils(text: str, lo: datetime) -> None:
    """#12: the occurrences past the 400 years after DTSTART are found (they were none)."""
    parsed = rrulestr(text)
    hi = lo + timedelta(days=90)
    expected = parsed.between(lo, hi, inc=True)
    assert expected
    assert Recurrence(parsed).between(lo, hi) == expected


def _holding(case: Case, x: datetime) -> tuple[datetime, datetime] | None:
    """dateutil's occurrence of one series holding ``x``: its latest start at or before ``x``,
    if it has not ended."""
    starts = case.expected(x - timedelta(days=1, hours=1), x + timedelta(microseconds=1))
    if starts and x < starts[-1] + case.duration:
        return starts[-1], starts[-1] + case.duration
    return None


@settings(max_examples=60, deadline=None)
@given(st.lists(cases(max_window_days=5), min_size=1, max_size=4), st.data())
def test_a_schedules_merged_lookup_is_each_series_by_dateutil(
    drawn: list[Case], data: st.DataObject
) -> None:
    """#12: a schedule answers with one bisection of its series merged by year; the answer
    is, series by series in order, the first occurrence dateutil's own expansion says holds
    the instant (every series read in the first one's zone)."""
    zone = drawn[0].zone
    kept = []
    for case in drawn:
        case = replace(case, zone=zone)
        if not any(True for _ in case.dateutil_set()):
            continue  # a series that never occurs (refused; tested elsewhere)
        kept.append(case)
    if not kept:
        return
    schedule = SessionSchedule(series=[c.series for c in kept])
    probes = []
    for case in kept:
        for s in case.expected()[:5]:
            probes += [s, s - US, s + case.duration - US, s + case.duration]
        span = (case.hi - case.lo) // US
        probes += data.draw(
            st.lists(st.integers(0, span - 1).map(lambda n, c=case: c.lo + n * US), max_size=4)
        )
    for x in probes:
        expected = next((h for c in kept if (h := _holding(c, x)) is not None), None)
        got = schedule.session_at(x, zone)
        assert (got and (got[0].astimezone(UTC), got[1].astimezone(UTC))) == expected, x
