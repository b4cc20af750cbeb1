"""Properties of policy histories (issue 13, part 1): the version in force is monotone in
time and is the last to take effect; the notice check is exact to the microsecond on the wall
clock; a history answers as the version in force; changes and findings agree; histories
round-trip through JSON. Histories come from the public ``contact_policy.testing.histories``."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from contact_policy import (
    Contact,
    OutOfRangeError,
    Policy,
    PolicyHistory,
    PolicyValidationError,
    PolicyVersion,
    Severity,
)
from contact_policy.history import wall_instant
from contact_policy.testing import aware_datetimes, contacts, histories, policies

#: Instants around the versions the strategy draws (from 2025 to 2030).
instants = aware_datetimes(
    min_value=datetime(2024, 6, 1, tzinfo=UTC), max_value=datetime(2031, 1, 1, tzinfo=UTC)
)


def in_force(history: PolicyHistory, at: datetime) -> int | None:
    """The index of the version in force at ``at``, by a plain scan (None before the first)."""
    found = None
    for i, version in enumerate(history.versions):
        if version.effective <= at:
            found = i
    return found


@given(histories(), instants, instants)
def test_the_version_in_force_is_monotone_in_time(
    history: PolicyHistory, a: datetime, b: datetime
) -> None:
    a, b = sorted((a, b), key=lambda d: d.astimezone(UTC))
    assume(a >= history.versions[0].effective)
    assert history.number_at(a) <= history.number_at(b)


@given(histories(), instants)
def test_the_version_in_force_is_the_last_to_take_effect(
    history: PolicyHistory, at: datetime
) -> None:
    expected = in_force(history, at)
    if expected is None:
        with pytest.raises(OutOfRangeError, match=r"is before the first version takes effect"):
            history.at(at)
        return
    assert history.index_at(at) == expected
    assert history.number_at(at) == expected + 1
    assert history.version_at(at) is history.versions[expected]
    assert history.at(at) is history.versions[expected].policy


@given(histories(min_versions=2))
def test_each_version_is_in_force_from_its_effective_instant(history: PolicyHistory) -> None:
    for i, version in enumerate(history.versions):
        assert history.index_at(version.effective) == i
        if i:
            assert history.index_at(version.effective - timedelta(microseconds=1)) == i - 1


@given(
    policies(boundaries=False),
    policies(boundaries=False),
    st.dates(date(2025, 1, 1), date(2030, 12, 31)),
    st.integers(0, 24 * 60 - 1),
    st.sampled_from([timedelta(0), timedelta(days=1), timedelta(days=30), timedelta(hours=36)]),
    st.sampled_from([timedelta(seconds=1), timedelta(microseconds=1)]),
)
def test_the_notice_check_is_exact(
    first: Policy,
    second: Policy,
    day: date,
    minute: int,
    notice: timedelta,
    late: timedelta,
) -> None:
    tz = second.tz
    wall = datetime(day.year, day.month, day.day) + timedelta(minutes=minute)
    effective = wall_instant(wall, tz)
    latest = wall_instant(wall - notice, tz)
    opening = PolicyVersion(
        first,
        effective=datetime(2024, 1, 1, tzinfo=UTC),
        announced=datetime(2024, 1, 1, tzinfo=UTC),
    )

    def history(announced: datetime) -> PolicyHistory:
        version = PolicyVersion(second, effective=effective, announced=announced)
        return PolicyHistory(versions=[opening, version], notice=notice)

    exactly = history(latest)
    info = [f for f in exactly.check(policies=False) if f.severity is Severity.INFO]
    assert len(info) == 1
    with pytest.raises(PolicyValidationError, match=r"^versions\[1\]\.announced: version 2 "):
        history(latest.astimezone(UTC) + late)


def after_the_first(history: PolicyHistory) -> st.SearchStrategy[Contact]:
    """Contacts arriving while some version of ``history`` is in force."""
    start = history.versions[0].effective.astimezone(UTC)
    until = history.versions[-1].effective.astimezone(UTC) + timedelta(days=60)
    return contacts(at=aware_datetimes(min_value=start, max_value=until))


@given(histories(), st.data())
def test_a_history_answers_as_the_version_in_force(
    history: PolicyHistory, data: st.DataObject
) -> None:
    contact = data.draw(after_the_first(history))
    policy = history.at(contact.at)
    assert history.return_by(contact) == policy.return_by(contact)
    assert history.in_bounds(contact) == policy.in_bounds(contact)


@given(histories(), st.data(), st.booleans())
def test_return_by_many_is_return_by_of_each(
    history: PolicyHistory, data: st.DataObject, due_only: bool
) -> None:
    calls = data.draw(st.lists(after_the_first(history), max_size=8))
    got = history.return_by_many(calls, due_only=due_only)
    expected = [history.return_by(c) for c in calls]
    assert got == ([o.due for o in expected] if due_only else expected)


@given(histories())
def test_changes_and_findings_agree(history: PolicyHistory) -> None:
    changed = {c.version for c in history.changes()}
    warned = {
        int(f.rules[0].removeprefix("versions[").removesuffix("]")) + 1
        for f in history.check(policies=False)
        if f.severity is Severity.WARNING
    }
    assert changed.isdisjoint(warned)
    assert changed | warned == set(range(2, len(history.versions) + 1))
    for change in history.changes():
        assert change.text.startswith("From ")
        assert change.text.endswith(".")
        assert (change.before is None) == (change.kind == "added")
        assert (change.after is None) == (change.kind == "removed")
        assert change.effective == history.versions[change.version - 1].effective


@given(histories())
def test_histories_round_trip_through_json(history: PolicyHistory) -> None:
    again = PolicyHistory.model_validate_json(history.model_dump_json())
    assert again == history
    assert again.changes() == history.changes()
