"""``Policy.in_bounds_many`` and ``PolicyHistory.in_bounds_many`` (issue 14): the verdicts of
``in_bounds`` on each contact, in order, with the arguments checked once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from contact_policy import (
    AfterHours,
    Contact,
    FrequencyFlag,
    NaiveDatetimeError,
    NoCallsDuringSessions,
    NoPersonalNumbers,
    OutOfRangeError,
    OutreachBoundary,
    Policy,
    PolicyHistory,
    PolicyValidationError,
    PolicyVersion,
    SchedulingOnlyLine,
    SessionSchedule,
    SessionSeries,
    Verdict,
    default_policy,
)
from contact_policy.testing import contact_instants, contacts, histories, policies

from .helpers import NY, t
from .properties.series import cases

MONDAY_10 = "DTSTART:20260105T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO"
WEEKLY = SessionSeries(rrule=MONDAY_10, duration=timedelta(minutes=50))
#: The benchmark's two series, started in 2000 (benchmarks/sessions.py).
SINCE_2000 = (
    SessionSeries(
        rrule=f"DTSTART;TZID={NY.key}:20000103T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE",
        duration=timedelta(minutes=50),
    ),
    SessionSeries(
        rrule=f"DTSTART;TZID={NY.key}:20000104T140000\nRRULE:FREQ=WEEKLY;BYDAY=TU,TH",
        duration=timedelta(minutes=50),
    ),
)


def week_of_calls() -> list[Contact]:
    """Mon 23 - Sun 29 Nov 2026 (Thanksgiving on Thursday), every 35 minutes, of every kind
    the default policy tells apart."""
    kinds: list[dict[str, Any]] = [
        {},
        {"urgency": "crisis"},
        {"direction": "outbound"},
        {"line": "personal"},
        {"urgency": "urgent", "expected": True},
        {"topic": "administrative"},
        {"channel": "text"},
    ]
    start = t("2026-11-23T00:05-05:00")
    return [
        Contact(start + timedelta(minutes=35 * i), **kinds[i % len(kinds)])
        for i in range(7 * 24 * 60 // 35)
    ]


def assert_same(got: list[Verdict], want: list[Verdict]) -> None:
    """Equal verdicts, built alike (the same fields given, so the same JSON and repr)."""
    assert got == want
    assert [v.model_fields_set for v in got] == [v.model_fields_set for v in want]
    assert [repr(v) for v in got] == [repr(v) for v in want]


class Recent:
    """A ``ContactHistory``: counts from a list, and how often it was asked."""

    def __init__(self, times: list[datetime]) -> None:
        self.times = times
        self.asked = 0

    def count_between(self, start: datetime, end: datetime) -> int:
        self.asked += 1
        return sum(start <= x < end for x in self.times)


# --- Policy.in_bounds_many ----------------------------------------------------------------------


class TestPolicyInBoundsMany:
    def test_equals_in_bounds_on_each_contact(self) -> None:
        policy, calls = default_policy(), week_of_calls()
        assert_same(policy.in_bounds_many(calls), [policy.in_bounds(c) for c in calls])

    def test_with_sessions(self) -> None:
        policy, calls = default_policy(), week_of_calls()
        sessions = [
            *SINCE_2000,
            WEEKLY,
            (t("2026-11-25T15:00-05:00"), t("2026-11-25T16:00-05:00")),
        ]
        got = policy.in_bounds_many(calls, sessions=sessions)
        assert_same(got, [policy.in_bounds(c, sessions=sessions) for c in calls])
        in_session = [c for c, v in zip(calls, got, strict=True) if "session" in str(v.reasons)]
        assert len(in_session) >= 5  # (calls and video calls only: the rule's channels)

    def test_a_schedule_and_a_list_give_the_same_verdicts(self) -> None:
        policy, calls = default_policy(), week_of_calls()
        schedule = SessionSchedule(series=SINCE_2000)
        assert_same(
            policy.in_bounds_many(calls, sessions=schedule),
            policy.in_bounds_many(calls, sessions=list(SINCE_2000)),
        )

    def test_a_rule_schedule_merges_with_the_sessions_given(self) -> None:
        rule = NoCallsDuringSessions(schedule=SessionSchedule(series=[WEEKLY]))
        policy = Policy(zone="America/New_York", rules=[rule])
        calls = week_of_calls()
        got = policy.in_bounds_many(calls, sessions=SINCE_2000)
        assert_same(got, [policy.in_bounds(c, sessions=SINCE_2000) for c in calls])

    def test_with_a_history_list_and_a_history_object(self) -> None:
        policy = default_policy().replace(
            rules=[*default_policy().rules, FrequencyFlag(limit=2, period=timedelta(days=2))]
        )
        calls = week_of_calls()
        earlier = [c.at for c in calls[::3]]
        got = policy.in_bounds_many(calls, history=earlier)
        assert_same(got, [policy.in_bounds(c, history=earlier) for c in calls])
        assert any(v.flags for v in got)
        batch, one_by_one = Recent(earlier), Recent(earlier)
        assert_same(
            policy.in_bounds_many(calls, history=batch),
            [policy.in_bounds(c, history=one_by_one) for c in calls],
        )
        assert batch.asked == one_by_one.asked > 0  # asked for each contact it counts

    def test_iterators_are_read_once_for_the_whole_batch(self) -> None:
        policy = default_policy()
        calls = [Contact(t("2026-11-23T10:20-05:00")), Contact(t("2026-11-30T10:20-05:00"))]
        sessions: Iterator[Any] = iter([WEEKLY])
        got = policy.in_bounds_many(calls, sessions=sessions)
        assert [v.allowed for v in got] == [False, False]  # both in the Monday session

    def test_datetimes_and_mappings_are_contacts(self) -> None:
        policy = default_policy()
        at = t("2026-11-23T10:20-05:00")
        got = policy.in_bounds_many([at, {"at": at, "urgency": "crisis"}, Contact(at)])
        one_by_one = [Contact(at), Contact(at, urgency="crisis"), Contact(at)]
        assert_same(got, [policy.in_bounds(c) for c in one_by_one])

    def test_an_empty_batch(self) -> None:
        assert default_policy().in_bounds_many([]) == []
        assert default_policy().in_bounds_many(iter(()), sessions=[WEEKLY]) == []

    @pytest.mark.parametrize(
        ("contacts", "error", "match"),
        [
            (None, PolicyValidationError, r"contacts=None is not a list of items"),
            ("calls", PolicyValidationError, r"contacts='calls' is not a list of items"),
            (
                [t("2026-11-23T10:20-05:00"), "x"],
                PolicyValidationError,
                r"contacts\[1\]='x' is not a Contact; build one with Contact\(at",
            ),
            (
                [Contact(t("2026-11-23T10:20-05:00"))] * 2 + [datetime(2026, 11, 23, 10)],
                NaiveDatetimeError,
                r"contacts\[2\]=datetime.datetime\(2026, 11, 23, 10, 0\) is naive",
            ),
            (
                [{"at": t("2026-11-23T10:20-05:00"), "urgency": "bogus"}],
                PolicyValidationError,
                r"contacts\[0\]\.urgency: must be one of 'routine', 'urgent' or 'crisis'",
            ),
        ],
    )
    def test_a_bad_contact_is_named_by_its_place(
        self, contacts: Any, error: type[Exception], match: str
    ) -> None:
        with pytest.raises(error, match=match):
            default_policy().in_bounds_many(contacts)

    @pytest.mark.parametrize(
        ("arguments", "error", "match"),
        [
            ({"sessions": 5}, PolicyValidationError, r"sessions=5 is not a list of sessions"),
            ({"sessions": ["x"]}, PolicyValidationError, r"sessions\[0\]: expected a table"),
            ({"history": 5}, PolicyValidationError, r"history=5 is not a list of earlier"),
            (
                {"history": [datetime(2026, 11, 20)]},
                NaiveDatetimeError,
                r"history\[0\]=datetime.datetime\(2026, 11, 20, 0, 0\) is naive",
            ),
        ],
    )
    @pytest.mark.parametrize("calls", [[], [Contact(t("2026-11-23T10:20-05:00"))]])
    def test_bad_arguments_are_errors_even_without_contacts(
        self, arguments: dict[str, Any], error: type[Exception], match: str, calls: list[Contact]
    ) -> None:
        with pytest.raises(error, match=match):
            default_policy().in_bounds_many(calls, **arguments)


# --- PolicyHistory.in_bounds_many ---------------------------------------------------------------


def _two_versions() -> PolicyHistory:
    v1 = Policy(zone="America/New_York", rules=[AfterHours(hours={"mon-fri": ["09:00-17:00"]})])
    v2 = v1.replace(
        rules=[AfterHours(hours={"mon-fri": ["09:00-19:00"]}), NoCallsDuringSessions()]
    )
    return PolicyHistory(
        versions=[
            PolicyVersion(v1, effective=date(2026, 1, 1), announced=date(2025, 12, 1)),
            PolicyVersion(v2, effective=date(2026, 11, 25), announced=date(2026, 10, 1)),
        ]
    )


class TestHistoryInBoundsMany:
    def test_each_contact_is_judged_by_the_version_in_force_when_it_arrived(self) -> None:
        history, calls = _two_versions(), week_of_calls()
        got = history.in_bounds_many(calls, sessions=[WEEKLY])
        assert_same(got, [history.in_bounds(c, sessions=[WEEKLY]) for c in calls])
        six_pm = [Contact(t("2026-11-23T18:00-05:00")), Contact(t("2026-11-27T18:00-05:00"))]
        # Monday: version 1, answered until 17:00; Friday: version 2, until 19:00.
        assert [v.allowed for v in history.in_bounds_many(six_pm)] == [False, True]

    def test_an_iterator_of_sessions_serves_every_version(self) -> None:
        history = _two_versions()
        calls = [Contact(t("2026-11-23T10:20-05:00")), Contact(t("2026-11-30T10:20-05:00"))]
        got = history.in_bounds_many(calls, sessions=iter([WEEKLY]))
        assert_same(got, [history.in_bounds(c, sessions=[WEEKLY]) for c in calls])

    def test_a_contact_before_the_first_version_is_named(self) -> None:
        calls = [Contact(t("2026-11-23T10:20-05:00")), Contact(t("2025-12-31T10:20-05:00"))]
        with pytest.raises(
            OutOfRangeError, match=r"contacts\[1\]\.at=2025-12-31T10:20:00-05:00 is before"
        ):
            _two_versions().in_bounds_many(calls)

    def test_bad_items_and_an_empty_batch(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"contacts\[0\]=3 is not a Contact"):
            _two_versions().in_bounds_many([3])
        assert _two_versions().in_bounds_many([]) == []
        with pytest.raises(PolicyValidationError, match=r"history=5 is not a list"):
            _two_versions().in_bounds_many([], history=5)


# --- properties ---------------------------------------------------------------------------------


def _series(case: Any) -> SessionSeries | None:
    try:
        return case.series  # type: ignore[no-any-return]
    except PolicyValidationError:  # a series that never occurs
        return None


#: Sessions as in_bounds takes them: RRULE series (random, see tests/properties/series.py;
#: some started decades ago) and explicit (start, end) pairs, in a list or a schedule.
series_lists = st.lists(cases().map(_series), max_size=3).map(lambda xs: [x for x in xs if x])


@st.composite
def sessions_for(draw: st.DrawFn, calls: list[Contact]) -> Any:
    found: list[Any] = draw(series_lists)
    for c in draw(st.lists(st.sampled_from(calls), max_size=3)) if calls else []:
        before = timedelta(minutes=draw(st.integers(0, 120)))
        found.append((c.at - before, c.at + timedelta(minutes=draw(st.integers(1, 120)))))
    shape = draw(st.sampled_from(("none", "list", "schedule")))
    if shape == "none":
        return None
    if shape == "schedule":
        return SessionSchedule(
            sessions=[s for s in found if isinstance(s, tuple)],
            series=[s for s in found if isinstance(s, SessionSeries)],
        )
    return found


@st.composite
def history_for(draw: st.DrawFn, calls: list[Contact]) -> Any:
    """Earlier contacts: none, random ones, or a few days' worth before the calls (so the
    frequency rule has something to count), as datetimes, contacts or a ContactHistory."""
    shape = draw(st.sampled_from(("none", "instants", "contacts", "before", "object")))
    if shape == "none":
        return None
    if shape == "instants":
        return draw(st.lists(contact_instants(), max_size=8))
    if shape == "contacts":
        return draw(st.lists(contacts(), max_size=8))
    ago = st.integers(0, 4 * 24 * 60).map(lambda m: timedelta(minutes=m))
    times = [c.at - d for c in calls for d in draw(st.lists(ago, max_size=4))]
    return times if shape == "before" else Recent(times)


#: Every boundary rule at once, with a low frequency limit, beside the random policies.
EVERY_RULE = default_policy().replace(
    rules=[
        *default_policy().rules,
        NoPersonalNumbers(),
        SchedulingOnlyLine(),
        OutreachBoundary(mode="flag"),
        FrequencyFlag(limit=1, period=timedelta(days=3)),
    ]
)


@given(st.one_of(policies(), st.just(EVERY_RULE)), st.lists(contacts(), max_size=12), st.data())
def test_in_bounds_many_is_in_bounds_on_each_contact(
    policy: Policy, calls: list[Contact], data: st.DataObject
) -> None:
    sessions = data.draw(sessions_for(calls))
    history = data.draw(history_for(calls))
    got = policy.in_bounds_many(calls, sessions=sessions, history=history)
    assert_same(got, [policy.in_bounds(c, sessions=sessions, history=history) for c in calls])
    for what in ("session", "crisis", "contacts within"):
        if any(what in r.text for v in got for r in (*v.reasons, *v.flags)):
            event(f"a verdict with {what!r}")


@given(histories(), st.data())
def test_a_historys_in_bounds_many_is_its_in_bounds(
    history: PolicyHistory, data: st.DataObject
) -> None:
    first = history.versions[0].effective
    last = history.versions[-1].effective
    at = st.integers(0, (last - first) // timedelta(minutes=1) + 60 * 24 * 60).map(
        lambda m: first + timedelta(minutes=m)
    )
    calls = data.draw(st.lists(contacts(at=at), max_size=10))
    sessions = data.draw(sessions_for(calls))
    got = history.in_bounds_many(calls, sessions=sessions)
    assert_same(got, [history.in_bounds(c, sessions=sessions) for c in calls])
