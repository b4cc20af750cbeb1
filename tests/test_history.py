"""Example tests for policies over time (``contact_policy.history``, docs/semantics.md §20–23):
versions and their dates, notice, the version in force, answers by it, what changes for
clients, findings, history files and the command-line tool with a history.

Dates (America/New_York): version 1 of the Lakeside history takes effect Thu 2026-01-01,
version 2 Mon 2027-01-04 (announced Tue 2026-12-01); Fri 2027-01-01 is New Year's Day.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from contact_policy import (
    AfterHours,
    CallbackWindow,
    Change,
    Contact,
    EmergencyContact,
    EmergencyPath,
    Finding,
    FrequencyFlag,
    LimitExceededError,
    NaiveDatetimeError,
    NoCallsDuringSessions,
    NoPersonalNumbers,
    OperatingHours,
    OutOfRangeError,
    OutreachBoundary,
    Policy,
    PolicyFileError,
    PolicyHistory,
    PolicyValidationError,
    PolicyVersion,
    SchedulingOnlyLine,
    Severity,
    Turnaround,
    VoicemailGate,
    load_policy,
    parse_policy,
)
from contact_policy.cli import main
from tests.helpers import NEW_YORK, NY, assert_at, exact, office, policy

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "examples" / "history.toml"

TWENTY_FOUR = Turnaround.hours(24, skip=("sat", "sun", "holidays"))
#: Lakeside's two versions: 24 hours not counting weekends and holidays, then 2 business days.
V1 = policy(TWENTY_FOUR, VoicemailGate(), office(), name="Lakeside Therapy")
V2 = policy(Turnaround.business_days(2), VoicemailGate(), office(), name="Lakeside Therapy")


def ny(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=NY)  # type: ignore[misc]


def version(p: Policy, effective: Any, announced: Any) -> PolicyVersion:
    return PolicyVersion(p, effective=effective, announced=announced)


def lakeside(
    second: Policy = V2, announced: Any = date(2026, 12, 1), **options: Any
) -> PolicyHistory:
    """Version 1 from 2026-01-01 and ``second`` from Mon 2027-01-04."""
    return PolicyHistory(
        versions=[
            version(V1, date(2026, 1, 1), date(2025, 12, 1)),
            version(second, date(2027, 1, 4), announced),
        ],
        **options,
    )


def texts(history: PolicyHistory) -> list[str]:
    return [str(c) for c in history.changes()]


def only_change(second: Policy, first: Policy = V1) -> Change:
    history = PolicyHistory(
        versions=[
            version(first, date(2026, 1, 1), date(2025, 12, 1)),
            version(second, date(2027, 1, 4), date(2026, 12, 1)),
        ]
    )
    (change,) = history.changes()
    return change


# --- versions ---------------------------------------------------------------------------------


class TestPolicyVersion:
    def test_policy_is_positional_or_a_keyword(self) -> None:
        a = PolicyVersion(V1, effective=ny(2026, 1, 1), announced=ny(2025, 12, 1))
        b = PolicyVersion(policy=V1, effective=ny(2026, 1, 1), announced=ny(2025, 12, 1))
        assert a == b
        assert a.policy is V1

    def test_a_date_is_midnight_in_the_policy_zone(self) -> None:
        v = version(V1, date(2027, 1, 4), date(2026, 12, 1))
        assert_at(v.effective, "2027-01-04T00:00-05:00")
        assert_at(v.announced, "2026-12-01T00:00-05:00")

    def test_a_date_takes_the_offset_of_its_own_day(self) -> None:
        # 2026-03-08: New York's clocks go forward at 02:00, so midnight is still EST; the
        # next midnight is EDT. 2026-11-01: back at 02:00, midnight is EDT.
        assert_at(
            version(V1, date(2026, 3, 8), date(2026, 1, 1)).effective, "2026-03-08T00:00-05:00"
        )
        assert_at(
            version(V1, date(2026, 3, 9), date(2026, 1, 1)).effective, "2026-03-09T00:00-04:00"
        )
        assert_at(
            version(V1, date(2026, 11, 1), date(2026, 1, 1)).effective, "2026-11-01T00:00-04:00"
        )
        assert_at(
            version(V1, date(2026, 11, 2), date(2026, 1, 1)).effective, "2026-11-02T00:00-05:00"
        )

    def test_a_date_whose_midnight_is_skipped_is_the_jump(self) -> None:
        # Santiago: 2026-09-06 24:00 -04 becomes 01:00 -03; 00:00 never shows.
        chile = Policy(zone="America/Santiago")
        v = version(chile, date(2026, 9, 6), date(2026, 8, 1))
        assert v.effective.isoformat() == "2026-09-06T01:00:00-03:00"
        assert v.effective.astimezone(UTC) == datetime(2026, 9, 6, 4, 0, tzinfo=UTC)

    def test_a_date_whose_midnight_occurs_twice_is_the_first(self) -> None:
        # Havana: 2026-11-01 01:00 CDT becomes 00:00 CST; midnight shows twice.
        cuba = Policy(zone="America/Havana")
        v = version(cuba, date(2026, 11, 1), date(2026, 10, 1))
        assert v.effective.astimezone(UTC) == datetime(2026, 11, 1, 4, 0, tzinfo=UTC)

    def test_date_text_in_json_is_a_date(self) -> None:
        data = {"policy": {"zone": NEW_YORK}, "effective": "2027-01-04", "announced": "2026-12-01"}
        v = PolicyVersion.model_validate_json(json.dumps(data))
        assert_at(v.effective, "2027-01-04T00:00-05:00")

    def test_a_naive_datetime_names_the_field(self) -> None:
        with pytest.raises(
            NaiveDatetimeError,
            match=r"^effective: datetime\.datetime\(2027, 1, 4, 0, 0\) is naive",
        ):
            version(V1, datetime(2027, 1, 4), date(2026, 12, 1))

    def test_a_date_out_of_range(self) -> None:
        with pytest.raises(
            OutOfRangeError,
            match=exact("announced: 9999-01-01 lies outside the supported years 2 to 9998"),
        ):
            version(V1, date(2026, 1, 1), date(9999, 1, 1))

    def test_the_policy_is_required(self) -> None:
        with pytest.raises(PolicyValidationError, match=exact("policy: is required; add it")):
            PolicyVersion(effective=ny(2026, 1, 1), announced=ny(2026, 1, 1))

    def test_repr_reads_like_the_call(self) -> None:
        v = version(
            Policy(zone="UTC"), datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
        )
        assert repr(v).startswith(
            "PolicyVersion(policy=Policy(zone='UTC'), effective=datetime.datetime(2026"
        )


# --- validation -------------------------------------------------------------------------------


class TestValidation:
    def test_no_versions(self) -> None:
        message = (
            "versions: a history needs at least one version; add one with its policy, effective "
            "and announced"
        )
        with pytest.raises(PolicyValidationError, match=exact(message)) as info:
            PolicyHistory(versions=[])
        assert info.value.path == "versions"

    def test_versions_are_required(self) -> None:
        with pytest.raises(PolicyValidationError, match=exact("versions: is required; add it")):
            PolicyHistory()

    def test_too_little_notice(self) -> None:
        message = (
            "versions[1].announced: version 2 takes effect Mon 2027-01-04; announced Mon "
            "2026-12-28: 7 days' notice, 30 required; announce it by Sat 2026-12-05, or let it "
            "take effect from Wed 2027-01-27"
        )
        with pytest.raises(PolicyValidationError, match=exact(message)) as info:
            lakeside(announced=date(2026, 12, 28))
        assert info.value.path == "versions[1].announced"
        assert isinstance(info.value, ValueError)

    def test_one_day_short(self) -> None:
        message = (
            "versions[1].announced: version 2 takes effect Mon 2027-01-04; announced Sun "
            "2026-12-06: 29 days' notice, 30 required; announce it by Sat 2026-12-05, or let it "
            "take effect from Tue 2027-01-05"
        )
        with pytest.raises(PolicyValidationError, match=exact(message)):
            lakeside(announced=date(2026, 12, 6))

    def test_exactly_the_notice_passes(self) -> None:
        assert lakeside(announced=date(2026, 12, 5)).versions[1].announced == ny(2026, 12, 5)

    def test_one_second_late_fails_and_says_so_exactly(self) -> None:
        message = (
            "versions[1].announced: version 2 takes effect Mon 2027-01-04; announced Sat "
            "2026-12-05 00:00:01 EST: 29 days 23 hours 59 min 59 s' notice, 30 days required; "
            "announce it by Sat 2026-12-05, or let it take effect from Mon 2027-01-04 00:00:01 "
            "EST"
        )
        with pytest.raises(PolicyValidationError, match=exact(message)):
            lakeside(announced=ny(2026, 12, 5, 0, 0, 1))

    def test_one_microsecond_late_fails(self) -> None:
        with pytest.raises(
            PolicyValidationError, match=r"29 days 23 hours 59 min 59\.999999 s' notice"
        ):
            lakeside(announced=ny(2026, 12, 5, 0, 0, 0, 1))

    def test_announced_after_it_takes_effect(self) -> None:
        message = (
            "versions[1].announced: version 2 takes effect Mon 2027-01-04; announced Tue "
            "2027-01-05: 1 day after it takes effect; 30 days' notice required; announce it by "
            "Sat 2026-12-05, or let it take effect from Thu 2027-02-04"
        )
        with pytest.raises(PolicyValidationError, match=exact(message)):
            lakeside(announced=date(2027, 1, 5))

    def test_a_notice_in_hours(self) -> None:
        message = (
            "versions[1].announced: version 2 takes effect Mon 2027-01-04; announced Sun "
            "2027-01-03 12:00 EST: 12 hours' notice, 1 day 12 hours required; announce it by Sat "
            "2027-01-02 12:00 EST, or let it take effect from Tue 2027-01-05"
        )
        with pytest.raises(PolicyValidationError, match=exact(message)):
            lakeside(announced=ny(2027, 1, 3, 12), notice=timedelta(hours=36))

    def test_notice_as_iso_8601(self) -> None:
        assert lakeside(notice="P30D").notice == timedelta(days=30)
        assert lakeside(notice="P2W").notice == timedelta(days=14)
        with pytest.raises(
            PolicyValidationError,
            match=r"^versions\[1\]\.announced: .*34 days' notice, 60 required",
        ):
            lakeside(notice="P60D")

    def test_the_default_notice_is_30_days(self) -> None:
        assert lakeside().notice == timedelta(days=30)

    def test_no_notice_needs_only_order(self) -> None:
        h = lakeside(announced=date(2027, 1, 4), notice=timedelta(0))
        assert h.notice == timedelta(0)
        with pytest.raises(
            PolicyValidationError, match=r"1 day after it takes effect; 0 days' notice required"
        ):
            lakeside(announced=date(2027, 1, 5), notice=timedelta(0))

    def test_a_negative_notice(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^notice: .* is negative"):
            lakeside(notice=timedelta(days=-1))

    def test_the_notice_limit(self) -> None:
        with pytest.raises(
            LimitExceededError,
            match=exact("notice: a history's notice is limited to 366 days; got 400 days"),
        ):
            lakeside(notice=timedelta(days=400))

    def test_the_versions_limit(self) -> None:
        v = version(V1, date(2026, 1, 1), date(2026, 1, 1))
        with pytest.raises(
            LimitExceededError,
            match=exact("versions: a policy history's versions is limited to 500; got 501"),
        ):
            PolicyHistory(versions=[v] * 501)

    def test_notice_is_counted_on_the_wall_clock_across_spring_forward(self) -> None:
        # 2026-02-07 00:00 EST to 2026-03-09 00:00 EDT: 30 days on the clock, 29 d 23 h elapsed.
        h = PolicyHistory(
            versions=[
                version(V1, date(2026, 1, 1), date(2026, 1, 1)),
                version(V2, date(2026, 3, 9), date(2026, 2, 7)),
            ]
        )
        elapsed = h.versions[1].effective.astimezone(UTC) - h.versions[1].announced.astimezone(UTC)
        assert elapsed == timedelta(days=29, hours=23)

    def test_notice_is_counted_on_the_wall_clock_across_fall_back(self) -> None:
        # 2026-10-03 00:00 EDT to 2026-11-02 00:00 EST: 30 days on the clock, 30 d 1 h elapsed;
        # an hour later on the clock is too late, though still 30 days of elapsed time.
        first = version(V1, date(2026, 1, 1), date(2026, 1, 1))
        PolicyHistory(versions=[first, version(V2, date(2026, 11, 2), date(2026, 10, 3))])
        with pytest.raises(
            PolicyValidationError, match=r"29 days 23 hours' notice, 30 days required"
        ):
            PolicyHistory(versions=[first, version(V2, date(2026, 11, 2), ny(2026, 10, 3, 1))])

    def test_notice_is_counted_in_the_new_versions_zone(self) -> None:
        london = Policy(zone="Europe/London")
        first = version(V1, date(2026, 1, 1), date(2026, 1, 1))
        # Midnight 2027-01-04 in London is 19:00 on the 3rd in New York; 30 days before is
        # midnight 2026-12-05 in London.
        late = datetime(2026, 12, 5, 0, 0, 1, tzinfo=ZoneInfo("Europe/London"))
        with pytest.raises(PolicyValidationError, match=r"announced Sat 2026-12-05 00:00:01 GMT"):
            PolicyHistory(versions=[first, version(london, date(2027, 1, 4), late)])

    def test_the_first_version_needs_no_notice(self) -> None:
        h = PolicyHistory(versions=[version(V1, date(2026, 1, 1), date(2026, 1, 1))])
        assert len(h.versions) == 1

    def test_the_first_version_announced_after_it_takes_effect(self) -> None:
        message = (
            "versions[0].announced: version 1 takes effect Thu 2026-01-01; announced Fri "
            "2026-01-02, after it takes effect; the first version needs no notice, but announce "
            "it at or before it takes effect"
        )
        with pytest.raises(PolicyValidationError, match=exact(message)):
            PolicyHistory(versions=[version(V1, date(2026, 1, 1), date(2026, 1, 2))])

    def test_out_of_order(self) -> None:
        message = (
            "versions[1].effective: version 2 takes effect Mon 2025-12-01, before version 1 "
            "(Thu 2026-01-01); list the versions in the order they take effect"
        )
        with pytest.raises(PolicyValidationError, match=exact(message)):
            PolicyHistory(
                versions=[
                    version(V1, date(2026, 1, 1), date(2025, 1, 1)),
                    version(V2, date(2025, 12, 1), date(2025, 1, 1)),
                ]
            )

    def test_overlapping(self) -> None:
        message = (
            "versions[1].effective: version 2 takes effect Thu 2026-01-01 09:00 EST, the same "
            "instant as version 1; two versions cannot both be in force: merge them, or let one "
            "take effect later"
        )
        with pytest.raises(PolicyValidationError, match=exact(message)):
            PolicyHistory(
                versions=[
                    version(V1, ny(2026, 1, 1, 9), date(2025, 1, 1)),
                    version(V2, datetime(2026, 1, 1, 14, tzinfo=UTC), date(2025, 1, 1)),
                ]
            )

    def test_every_problem_is_listed(self) -> None:
        with pytest.raises(PolicyValidationError) as info:
            PolicyHistory(
                versions=[
                    version(V1, date(2026, 1, 1), date(2026, 1, 2)),
                    version(V2, date(2027, 1, 4), date(2026, 12, 28)),
                    version(V1, date(2027, 1, 4), date(2026, 1, 1)),
                ]
            )
        assert [path for path, _ in info.value.errors] == [
            "versions[0].announced",
            "versions[1].announced",
            "versions[2].effective",
        ]
        assert str(info.value).count("\n") == 2

    def test_errors_inside_a_versions_policy_have_its_path(self) -> None:
        data = {
            "versions": [
                {
                    "effective": "2026-01-01",
                    "announced": "2026-01-01",
                    "policy": {
                        "zone": NEW_YORK,
                        "rules": [{"kind": "turnaround", "within": "PT0S"}],
                    },
                }
            ]
        }
        with pytest.raises(
            PolicyValidationError, match=r"^versions\[0\]\.policy\.rules\[0\]\.within: "
        ) as info:
            PolicyHistory.model_validate(data)
        assert info.value.path == "versions[0].policy.rules[0].within"

    def test_histories_are_immutable(self) -> None:
        h = lakeside()
        with pytest.raises(
            AttributeError, match=r"PolicyHistory is immutable; 'notice' cannot be changed"
        ):
            h.notice = timedelta(0)  # type: ignore[misc]
        assert isinstance(h.versions, tuple)

    def test_replace_validates_again(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"7 days' notice, 60 required"):
            lakeside(announced=date(2026, 12, 28), notice=timedelta(days=7)).replace(notice="P60D")


# --- the version in force ---------------------------------------------------------------------


class TestVersionAt:
    def test_each_version_from_its_effective_instant(self) -> None:
        h = lakeside()
        assert h.number_at(ny(2026, 1, 1)) == 1
        assert h.number_at(ny(2027, 1, 3, 23, 59, 59, 999999)) == 1
        assert h.number_at(ny(2027, 1, 4)) == 2
        assert h.number_at(ny(2099, 1, 1)) == 2
        assert h.index_at(ny(2027, 1, 4)) == 1
        assert h.version_at(ny(2027, 1, 4)) is h.versions[1]
        assert h.at(ny(2026, 6, 1)) is V1
        assert h.at(ny(2027, 6, 1)) is V2

    def test_any_zone_names_the_same_instant(self) -> None:
        h = lakeside()
        assert h.number_at(datetime(2027, 1, 4, 4, 59, tzinfo=UTC)) == 1
        assert h.number_at(datetime(2027, 1, 4, 5, 0, tzinfo=UTC)) == 2

    def test_before_the_first_version(self) -> None:
        message = (
            "instant=2025-12-31T23:59:59-05:00 is before the first version takes effect "
            "(Thu 2026-01-01): no policy was in force then; ask about an instant at or after it, "
            "or add an earlier version"
        )
        with pytest.raises(OutOfRangeError, match=exact(message)) as info:
            lakeside().at(ny(2025, 12, 31, 23, 59, 59))
        assert info.value.path == "instant"

    def test_a_callers_own_name(self) -> None:
        with pytest.raises(OutOfRangeError, match=r"^contacts\[3\]\.at=2025"):
            lakeside().index_at(ny(2025, 1, 1), name="contacts[3].at")

    def test_a_naive_instant(self) -> None:
        with pytest.raises(
            NaiveDatetimeError, match=r"^instant=datetime\.datetime\(2027, 1, 4, 0, 0\) is naive"
        ):
            lakeside().at(datetime(2027, 1, 4))

    def test_no_datetime(self) -> None:
        with pytest.raises(
            NaiveDatetimeError, match=r"^instant='2027-01-04' is a str, not a datetime"
        ):
            lakeside().version_at("2027-01-04")  # type: ignore[arg-type]


# --- answers ------------------------------------------------------------------------------------


class TestAnswers:
    def test_a_call_under_each_version(self) -> None:
        h = lakeside()
        # Thu 2026-12-31 15:00: 9 h Thu, Fri (New Year's Day) and the weekend skipped, 15 h Mon.
        eve = Contact(ny(2026, 12, 31, 15), voicemail=True)
        assert_at(h.return_by(eve).due, "2027-01-04T15:00-05:00")
        # Mon 2027-01-04 10:00: the 2nd business day after Monday is Wednesday.
        monday = Contact(ny(2027, 1, 4, 10), voicemail=True)
        assert_at(h.return_by(monday).due, "2027-01-06T17:00-05:00")

    def test_an_obligation_keeps_its_versions_deadline(self) -> None:
        h = lakeside()
        eve = Contact(ny(2026, 12, 31, 15), voicemail=True)
        assert h.return_by(eve) == V1.return_by(eve)
        assert h.return_by(eve).due != V2.return_by(eve).due  # the new version would say Tuesday

    def test_what_policy_return_by_takes(self) -> None:
        h = lakeside()
        assert h.return_by(ny(2027, 1, 4, 10)).required is False  # no voicemail: gated
        fields = {"at": ny(2027, 1, 4, 10), "voicemail": True}
        assert_at(h.return_by(fields).due, "2027-01-06T17:00-05:00")  # type: ignore[arg-type]

    def test_before_the_first_version_names_the_contact(self) -> None:
        with pytest.raises(
            OutOfRangeError,
            match=r"^contact\.at=2025-06-01T10:00:00-04:00 is before the first version",
        ):
            lakeside().return_by(Contact(ny(2025, 6, 1, 10)))

    def test_a_bad_contact(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^contact=42 is not a Contact"):
            lakeside().return_by(42)  # type: ignore[arg-type]

    def test_return_by_many_keeps_the_order_across_versions(self) -> None:
        h = lakeside()
        calls = [
            Contact(ny(2027, 1, 4, 10), voicemail=True),
            Contact(ny(2026, 12, 31, 15), voicemail=True),
            Contact(ny(2027, 1, 5, 10), voicemail=False),
            Contact(ny(2026, 12, 30, 9), voicemail=True),
        ]
        assert h.return_by_many(calls) == [h.return_by(c) for c in calls]
        due = h.return_by_many(calls, due_only=True)
        assert due == [h.return_by(c).due for c in calls]
        assert due[2] is None

    def test_return_by_many_under_one_version(self) -> None:
        h = lakeside()
        calls = [Contact(ny(2027, 2, d, 10), voicemail=True) for d in (1, 2, 3)]
        assert h.return_by_many(calls) == V2.return_by_many(calls)
        assert h.return_by_many([]) == []

    def test_return_by_many_names_the_item(self) -> None:
        h = lakeside()
        with pytest.raises(
            OutOfRangeError, match=r"^contacts\[1\]\.at=2025-01-01T00:00:00-05:00 is before"
        ):
            h.return_by_many([Contact(ny(2027, 1, 4)), Contact(ny(2025, 1, 1))])
        with pytest.raises(NaiveDatetimeError, match=r"^contacts\[0\]"):
            h.return_by_many([datetime(2027, 1, 4)])
        with pytest.raises(
            PolicyValidationError, match=exact("due_only='yes' is not True or False")
        ):
            h.return_by_many([], due_only="yes")  # type: ignore[call-overload]
        with pytest.raises(PolicyValidationError, match=r"^contacts=None is not a list"):
            h.return_by_many(None)  # type: ignore[arg-type]

    def test_in_bounds_by_the_version_in_force(self) -> None:
        first = policy(TWENTY_FOUR)
        second = policy(TWENTY_FOUR, NoPersonalNumbers())
        h = lakeside(second)
        before = Contact(ny(2026, 12, 31, 12), line="personal")
        after = Contact(ny(2027, 1, 4, 12), line="personal")
        assert (
            PolicyHistory(versions=[version(first, date(2026, 1, 1), date(2026, 1, 1))])
            .in_bounds(before)
            .allowed
        )
        assert h.in_bounds(after).allowed is False
        assert h.in_bounds(after) == second.in_bounds(after)

    def test_in_bounds_passes_sessions_and_history(self) -> None:
        second = policy(TWENTY_FOUR, NoCallsDuringSessions(), FrequencyFlag(limit=1, period="P7D"))
        h = lakeside(second)
        call = Contact(ny(2027, 1, 4, 10, 20))
        session = (ny(2027, 1, 4, 10), ny(2027, 1, 4, 10, 50))
        verdict = h.in_bounds(call, sessions=[session], history=[ny(2027, 1, 3, 9)])
        assert verdict.allowed is False
        assert [f.rule for f in verdict.flags] == ["frequency"]


# --- what changes for clients -----------------------------------------------------------------


class TestChanges:
    def test_the_issues_example(self) -> None:
        (change,) = lakeside().changes()
        assert str(change) == (
            "From Mon 4 Jan 2027, calls are returned within 2 business days (before: within 24 "
            "hours, not counting weekends and holidays)."
        )
        assert change.version == 2
        assert change.effective == ny(2027, 1, 4)
        assert change.topic == "turnaround"
        assert change.kind == "changed"
        assert change.before == "within 24 hours, not counting weekends and holidays"
        assert change.after == "within 2 business days"
        assert change.text == str(change)

    def test_a_version_identical_for_clients_changes_nothing(self) -> None:
        renamed = V1.replace(name="Lakeside Therapy, LLC", due_soon_at=0.5)
        assert lakeside(renamed).changes() == ()
        assert lakeside(V1).changes() == ()

    def test_an_effective_time_of_day_is_written(self) -> None:
        h = PolicyHistory(
            versions=[
                version(V1, date(2026, 1, 1), date(2026, 1, 1)),
                version(V2, ny(2027, 6, 1, 9), date(2027, 4, 1)),
            ]
        )
        assert texts(h)[0].startswith("From Tue 1 Jun 2027 at 09:00 EDT, calls are returned")

    def test_urgent_calls_with_their_own_target(self) -> None:
        second = policy(
            Turnaround.hours(24, skip=("sat", "sun", "holidays"), urgency=["routine"]),
            Turnaround.hours(4, urgency=["urgent"]),
            VoicemailGate(),
            office(),
        )
        h = lakeside(second)
        assert texts(h) == [
            "From Mon 4 Jan 2027, urgent calls are returned within 4 hours (before: within 24 "
            "hours, not counting weekends and holidays)."
        ]
        assert h.changes()[0].topic == "turnaround.urgent"

    def test_routine_calls_when_urgent_ones_differ(self) -> None:
        first = policy(
            TWENTY_FOUR.replace(urgency=["routine"]), Turnaround.hours(4, urgency=["urgent"])
        )
        second = policy(
            Turnaround.business_days(2, urgency=["routine"]),
            Turnaround.hours(4, urgency=["urgent"]),
        )
        change = only_change(second, first)
        assert str(change) == (
            "From Mon 4 Jan 2027, routine calls are returned within 2 business days (before: "
            "within 24 hours, not counting weekends and holidays)."
        )

    def test_a_turnaround_removed_and_added(self) -> None:
        removed = only_change(policy(), policy(TWENTY_FOUR))
        assert removed.kind == "removed"
        assert str(removed) == (
            "From Mon 4 Jan 2027, calls no longer have a promised return time (before: calls are "
            "returned within 24 hours, not counting weekends and holidays)."
        )
        added = only_change(policy(TWENTY_FOUR), policy())
        assert str(added) == (
            "From Mon 4 Jan 2027, calls are returned within 24 hours, not counting weekends and "
            "holidays (new)."
        )
        assert (added.kind, added.before, added.after) == ("added", None, added.after)

    def test_the_voicemail_gate(self) -> None:
        gated, open_ = policy(TWENTY_FOUR, VoicemailGate()), policy(TWENTY_FOUR)
        assert str(only_change(gated, open_)) == (
            "From Mon 4 Jan 2027, calls are returned only when you leave a voicemail (new)."
        )
        assert str(only_change(open_, gated)) == (
            "From Mon 4 Jan 2027, you no longer need to leave a voicemail for a call to be "
            "returned (before: calls are returned only when you leave a voicemail)."
        )
        texts_too = policy(TWENTY_FOUR, VoicemailGate(channels=["call", "text"]))
        assert str(only_change(texts_too, gated)) == (
            "From Mon 4 Jan 2027, calls are returned only when you leave a voicemail (for calls "
            "and texts) (before: only when you leave a voicemail)."
        )

    def test_operating_hours(self) -> None:
        shorter = OperatingHours(
            hours={"mon-thu": ["09:00-17:00"], "fri": ["09:00-13:00"]}, holidays=["US"]
        )
        change = only_change(policy(TWENTY_FOUR, shorter), policy(TWENTY_FOUR, office()))
        assert change.topic == "operating_hours"
        assert str(change) == (
            "From Mon 4 Jan 2027, office hours are Mon–Thu 09:00–17:00; Fri 09:00–13:00; closed "
            "on US holidays (before: Mon–Fri 09:00–17:00; closed on US holidays)."
        )
        gone = only_change(policy(TWENTY_FOUR), policy(TWENTY_FOUR, office()))
        assert str(gone).startswith(
            "From Mon 4 Jan 2027, office hours no longer limit when calls are answered and "
            "returned"
        )

    def test_callback_windows(self) -> None:
        window = CallbackWindow.daily("08:00", "09:00", zone="client")
        change = only_change(policy(TWENTY_FOUR, window), policy(TWENTY_FOUR))
        assert str(change) == (
            "From Mon 4 Jan 2027, return calls are made Mon–Fri 08:00–09:00, your local time "
            "(new)."
        )
        assert str(only_change(policy(TWENTY_FOUR), policy(TWENTY_FOUR, window))) == (
            "From Mon 4 Jan 2027, return calls are no longer limited to set times (before: return "
            "calls are made Mon–Fri 08:00–09:00, your local time)."
        )

    def test_holidays(self) -> None:
        change = only_change(policy(TWENTY_FOUR, holidays=["US-NY"]), policy(TWENTY_FOUR))
        assert str(change) == (
            "From Mon 4 Jan 2027, the practice observes US-NY public holidays (before: US public "
            "holidays)."
        )
        assert only_change(policy(TWENTY_FOUR, holidays=[]), policy(TWENTY_FOUR)).kind == "removed"

    def test_the_emergency_path(self) -> None:
        path = EmergencyPath(
            instructions="In an emergency dial 911, or call or text 988.",
            contacts=[EmergencyContact(label="On-call clinician", number="+1-555-010-0142")],
        )
        change = only_change(policy(TWENTY_FOUR, emergency=path), policy(TWENTY_FOUR))
        assert change.topic == "emergency"
        assert change.after == (
            "In an emergency dial 911, or call or text 988. On-call clinician: +1-555-010-0142."
        )
        assert str(change).startswith(
            'From Mon 4 Jan 2027, the emergency instructions are "In an emergency dial 911, or '
            'call or text 988. On-call clinician: +1-555-010-0142." (before: "If this is an '
            "emergency"
        )
        # The default path given explicitly is no change.
        assert lakeside(V1.replace(emergency=EmergencyPath())).changes() == ()

    def test_the_zone(self) -> None:
        chicago = Policy(zone="America/Chicago", holidays=["US"], rules=[TWENTY_FOUR])
        change = only_change(chicago, policy(TWENTY_FOUR))
        assert str(change) == (
            "From Mon 4 Jan 2027, times are in America/Chicago (before: America/New_York)."
        )

    @pytest.mark.parametrize(
        ("rule", "added", "removed"),
        [
            (
                AfterHours(),
                "calls outside answering hours go to voicemail, whose greeting gives the "
                "emergency path (new).",
                "calls outside answering hours no longer go to voicemail (before: calls outside "
                "answering hours go to voicemail, whose greeting gives the emergency path).",
            ),
            (
                NoPersonalNumbers(),
                "personal numbers are out of bounds: reach the practice on its office line or the "
                "secure platform (new).",
                "personal numbers are no longer out of bounds (before: personal numbers are out "
                "of bounds: reach the practice on its office line or the secure platform).",
            ),
            (
                SchedulingOnlyLine(),
                "the scheduling line is for scheduling only: clinical questions belong on the "
                "office line or in session (new).",
                "the scheduling line is no longer for scheduling only (before: the scheduling "
                "line is for scheduling only: clinical questions belong on the office line or in "
                "session).",
            ),
            (
                NoCallsDuringSessions(),
                "calls are not taken during another client's session: leave a voicemail and it "
                "will be returned (except a crisis, an administrative call the clinic requires "
                "and an urgent call the therapist expects) (new).",
                "calls during another client's session are no longer held for voicemail (before: "
                "calls are not taken during another client's session: leave a voicemail and it "
                "will be returned (except a crisis, an administrative call the clinic requires "
                "and an urgent call the therapist expects)).",
            ),
            (
                OutreachBoundary(),
                "the therapist does not contact you between sessions, except for crisis "
                "check-ins, pre-scheduled calls and messages on the secure platform (new).",
                "the therapist's contact between sessions is no longer limited (before: the "
                "therapist does not contact you between sessions, except for crisis check-ins, "
                "pre-scheduled calls and messages on the secure platform).",
            ),
            (
                FrequencyFlag(limit=4, period="P7D"),
                "frequent contact (over 4 in 7 days) is discussed at your next session, never "
                "refused (new).",
                "frequent contact is no longer flagged for discussion in session (before: "
                "frequent contact (over 4 in 7 days) is discussed at your next session, never "
                "refused).",
            ),
        ],
        ids=lambda x: getattr(x, "kind", "text"),
    )
    def test_each_boundary_rule(self, rule: Any, added: str, removed: str) -> None:
        with_rule, without = policy(TWENTY_FOUR, rule, office()), policy(TWENTY_FOUR, office())
        change = only_change(with_rule, without)
        assert change.topic == rule.kind
        assert str(change) == f"From Mon 4 Jan 2027, {added}"
        assert str(only_change(without, with_rule)) == f"From Mon 4 Jan 2027, {removed}"

    def test_a_boundary_rule_changed(self) -> None:
        change = only_change(
            policy(TWENTY_FOUR, OutreachBoundary(mode="flag")),
            policy(TWENTY_FOUR, OutreachBoundary()),
        )
        assert change.kind == "changed"
        assert str(change) == (
            "From Mon 4 Jan 2027, the therapist avoids contacting you between sessions, except "
            "for crisis check-ins, pre-scheduled calls and messages on the secure platform "
            "(before: the therapist does not contact you between sessions, except for crisis "
            "check-ins, pre-scheduled calls and messages on the secure platform)."
        )

    def test_changes_of_several_versions_in_order(self) -> None:
        third = policy(Turnaround.business_days(2), office(), NoPersonalNumbers())
        h = PolicyHistory(
            versions=[
                version(V1, date(2026, 1, 1), date(2026, 1, 1)),
                version(V2, date(2027, 1, 4), date(2026, 12, 1)),
                version(third, date(2027, 6, 1), date(2027, 4, 1)),
            ]
        )
        assert [(c.version, c.topic) for c in h.changes()] == [
            (2, "turnaround"),
            (3, "voicemail_gate"),
            (3, "no_personal_numbers"),
        ]
        assert h.changes() is h.changes()  # computed once

    def test_changes_round_trip(self) -> None:
        for change in lakeside().changes():
            assert Change.model_validate_json(change.model_dump_json()) == change


# --- findings ---------------------------------------------------------------------------------


class TestCheck:
    def test_nothing_to_report(self) -> None:
        assert lakeside().check() == ()

    def test_the_same_policy_again(self) -> None:
        (finding,) = lakeside(V1).check()
        assert finding == Finding(
            severity=Severity.WARNING,
            rules=("versions[1]",),
            text="version 2 (from Mon 4 Jan 2027) is the same policy as version 1; remove it",
        )
        assert finding.example is None

    def test_a_version_that_tells_clients_nothing_new(self) -> None:
        (finding,) = lakeside(V1.replace(name="Lakeside Therapy, LLC")).check()
        assert finding.severity is Severity.WARNING
        assert finding.text == (
            "version 2 (from Mon 4 Jan 2027) changes nothing clients are told (only details they "
            "do not see differ from version 1); check that it says what was meant"
        )

    def test_exactly_the_notice_required(self) -> None:
        (finding,) = lakeside(announced=date(2026, 12, 5)).check()
        assert finding.severity is Severity.INFO
        assert finding.rules == ("versions[1].announced",)
        assert finding.text == (
            "version 2 takes effect Mon 2027-01-04; announced Sat 2026-12-05: exactly the 30 "
            "days' notice required, with no margin for a late letter"
        )
        assert lakeside(announced=ny(2026, 12, 4, 23, 59, 59)).check() == ()

    def test_both(self) -> None:
        found = lakeside(V1, announced=date(2026, 12, 5)).check()
        assert [f.severity for f in found] == [Severity.WARNING, Severity.INFO]


class TestFinding:
    def test_fields_and_words(self) -> None:
        f = Finding(severity="info", text="a note", example=Contact(ny(2027, 1, 4)))
        assert f.severity is Severity.INFO
        assert f.rules == ()
        assert str(f) == "info: a note"
        assert Finding.model_validate_json(f.model_dump_json()) == f

    def test_a_finding_needs_text_and_a_known_severity(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^text: must have at least 1 character"):
            Finding(severity="info", text="")
        with pytest.raises(
            PolicyValidationError, match=r"^severity: must be one of 'error', 'warning' or 'info'"
        ):
            Finding(severity="fatal", text="x")


# --- files --------------------------------------------------------------------------------------

HISTORY_TOML = """\
notice = "P30D"

[[versions]]
effective = 2026-01-01
announced = 2025-12-01
[versions.policy]
zone = "America/New_York"
holidays = ["US"]
[[versions.policy.rules]]
kind = "turnaround"
within = "PT24H"
skip = ["sat", "sun", "holidays"]

[[versions]]
effective = 2027-01-04
announced = 2026-12-01
[versions.policy]
zone = "America/New_York"
holidays = ["US"]
[[versions.policy.rules]]
kind = "turnaround"
clock = "business_days"
days = 2
"""

#: A version whose policy is in another file: effective, announced, the file's name.
REFERENCE = '[[versions]]\neffective = {}\nannounced = {}\npolicy = "{}"\n'


class TestFiles:
    def test_the_documented_example(self) -> None:
        h = load_policy(EXAMPLE)
        assert isinstance(h, PolicyHistory)
        assert len(h.versions) == 3
        assert h.notice == timedelta(days=30)
        assert h.versions[2].effective.isoformat() == "2027-06-01T09:00:00-04:00"
        assert h.versions[2].policy == load_policy(EXAMPLE.parent / "lakeside-summer-2027.toml")
        assert str(h.changes()[0]) == (
            "From Mon 4 Jan 2027, calls are returned within 2 business days (before: within 24 "
            "hours, not counting weekends and holidays)."
        )
        assert h.check(policies=False) == ()
        # Each version's own Policy.check: only the summer version's single short window.
        (finding,) = h.check()
        assert finding.severity is Severity.INFO
        assert finding.rules == ("versions[2].policy.rules[3]",)

    def test_inline_toml(self) -> None:
        h = parse_policy(HISTORY_TOML, format="toml")
        assert isinstance(h, PolicyHistory)
        assert [str(c) for c in h.changes()] == [
            "From Mon 4 Jan 2027, calls are returned within 2 business days (before: within 24 "
            "hours, not counting weekends and holidays)."
        ]

    def test_json(self) -> None:
        text = json.dumps(
            {
                "notice": "P30D",
                "versions": [
                    {
                        "effective": "2026-01-01",
                        "announced": "2025-12-01",
                        "policy": {"zone": NEW_YORK},
                    },
                    {
                        "effective": "2027-01-04T09:00:00-05:00",
                        "announced": "2026-12-01",
                        "policy": {"zone": NEW_YORK, "holidays": ["US"]},
                    },
                ],
            }
        )
        h = parse_policy(text, format="json")
        assert isinstance(h, PolicyHistory)
        assert_at(h.versions[0].effective, "2026-01-01T00:00-05:00")
        assert h.versions[1].effective == ny(2027, 1, 4, 9)

    def test_a_plain_policy_is_still_a_policy(self) -> None:
        p = parse_policy('zone = "America/New_York"', format="toml")
        assert isinstance(p, Policy)

    def test_a_plain_policy_is_not_a_history(self) -> None:
        # A policy document never grows a "versions" field by accident: it is unknown there.
        with pytest.raises(PolicyValidationError, match=r"^<policy>: zone: unknown field"):
            parse_policy('zone = "UTC"\nversions = []', format="toml")

    def test_errors_name_the_file_and_the_versions_path(self) -> None:
        bad = HISTORY_TOML.replace('within = "PT24H"', 'within = "PT0S"')
        with pytest.raises(
            PolicyValidationError,
            match=r"^practice\.toml: versions\[0\]\.policy\.rules\[0\]\.within: ",
        ) as info:
            parse_policy(bad, format="toml", origin="practice.toml")
        assert info.value.path == "versions[0].policy.rules[0].within"

    def test_notice_errors_name_the_file(self) -> None:
        late = HISTORY_TOML.replace("announced = 2026-12-01", "announced = 2026-12-28")
        with pytest.raises(
            PolicyValidationError,
            match=r"^practice\.toml: versions\[1\]\.announced: version 2 takes effect Mon "
            r"2027-01-04; announced Mon 2026-12-28: 7 days' notice, 30 required",
        ):
            parse_policy(late, format="toml", origin="practice.toml")

    def test_a_local_datetime_is_naive(self) -> None:
        naive = HISTORY_TOML.replace("effective = 2027-01-04", "effective = 2027-01-04T09:00:00")
        with pytest.raises(
            NaiveDatetimeError,
            match=r"^<policy>: versions\[1\]\.effective: "
            r"datetime\.datetime\(2027, 1, 4, 9, 0\) is naive",
        ):
            parse_policy(naive, format="toml")

    def test_a_referenced_policy_file(self, tmp_path: Path) -> None:
        (tmp_path / "policies").mkdir()
        (tmp_path / "policies" / "v2.json").write_text(V2.model_dump_json(), encoding="utf-8")
        text = HISTORY_TOML.split("[[versions]]\neffective = 2027")[0] + (
            "[[versions]]\neffective = 2027-01-04\nannounced = 2026-12-01\n"
            'policy = "policies/v2.json"\n'
        )
        path = tmp_path / "history.toml"
        path.write_text(text, encoding="utf-8")
        h = load_policy(path)
        assert isinstance(h, PolicyHistory)
        assert h.versions[1].policy == V2

    def test_a_referenced_policy_file_with_an_error(self, tmp_path: Path) -> None:
        (tmp_path / "v2.toml").write_text('zone = "Mars/Olympus"\n', encoding="utf-8")
        path = tmp_path / "history.toml"
        path.write_text(
            HISTORY_TOML.split("[[versions]]\neffective = 2027")[0]
            + REFERENCE.format("2027-01-04", "2026-12-01", "v2.toml"),
            encoding="utf-8",
        )
        with pytest.raises(
            ValueError,
            match=r"history\.toml: versions\[1\]\.policy\.zone: 'Mars/Olympus' is not a known "
            r"IANA time zone.*\(in the policy file '.*v2\.toml'\)$",
        ) as info:
            load_policy(path)
        assert getattr(info.value, "path", None) == "versions[1].policy.zone"

    def test_a_missing_referenced_file(self, tmp_path: Path) -> None:
        path = tmp_path / "history.toml"
        path.write_text(
            REFERENCE.format("2026-01-01", "2026-01-01", "gone.toml"),
            encoding="utf-8",
        )
        with pytest.raises(
            PolicyFileError,
            match=r"history\.toml: versions\[0\]\.policy: policy file '.*gone\.toml' does not "
            r"exist$",
        ):
            load_policy(path)

    def test_a_referenced_file_that_is_a_history(self, tmp_path: Path) -> None:
        shutil.copy(EXAMPLE, tmp_path / "inner.toml")
        shutil.copy(EXAMPLE.parent / "lakeside-summer-2027.toml", tmp_path)
        path = tmp_path / "history.toml"
        path.write_text(
            REFERENCE.format("2026-01-01", "2026-01-01", "inner.toml"),
            encoding="utf-8",
        )
        with pytest.raises(
            PolicyFileError,
            match=r"versions\[0\]\.policy: '.*inner\.toml' holds a policy history; a version's "
            r"policy file holds one policy$",
        ):
            load_policy(path)

    def test_a_reference_of_unknown_format(self, tmp_path: Path) -> None:
        path = tmp_path / "history.toml"
        path.write_text(
            REFERENCE.format("2026-01-01", "2026-01-01", "v1.ini"),
            encoding="utf-8",
        )
        with pytest.raises(
            PolicyFileError,
            match=r"^.*history\.toml: versions\[0\]\.policy: policy file .*cannot tell its format",
        ):
            load_policy(path)

    def test_parse_policy_cannot_follow_a_reference(self) -> None:
        message = (
            "<policy>: versions[0].policy: 'v1.toml' names a policy file, which only "
            "load_policy(path) can find (relative to the history file); load the history from its "
            "file, or put the policy inline as a [versions.policy] table"
        )
        with pytest.raises(PolicyFileError, match=exact(message)):
            parse_policy(
                REFERENCE.format("2026-01-01", "2026-01-01", "v1.toml"),
                format="toml",
            )

    def test_files_count_together_against_the_size_limit(self, tmp_path: Path) -> None:
        (tmp_path / "v1.toml").write_text('zone = "UTC"\n' + "# padding\n" * 50, encoding="utf-8")
        path = tmp_path / "history.toml"
        path.write_text(
            '[[versions]]\neffective = 2026-01-01\nannounced = 2026-01-01\npolicy = "v1.toml"\n',
            encoding="utf-8",
        )
        assert isinstance(load_policy(path), PolicyHistory)
        with pytest.raises(
            LimitExceededError,
            match=r"a history with the policy files it names is limited to 300 bytes together",
        ):
            load_policy(path, max_bytes=300)

    def test_the_same_file_twice_is_read_once(self, tmp_path: Path) -> None:
        (tmp_path / "p.toml").write_text('zone = "UTC"\n', encoding="utf-8")
        path = tmp_path / "history.toml"
        entry = '[[versions]]\neffective = {}\nannounced = 2026-01-01\npolicy = "p.toml"\n'
        path.write_text(entry.format("2026-01-01") + entry.format("2026-02-01"), encoding="utf-8")
        h = load_policy(path)
        assert isinstance(h, PolicyHistory)
        assert h.versions[0].policy is h.versions[1].policy
        assert [f.severity for f in h.check()] == [Severity.WARNING]


class TestRoundTrip:
    def test_json(self) -> None:
        h = lakeside()
        again = PolicyHistory.model_validate_json(h.model_dump_json())
        assert again == h
        assert again.changes() == h.changes()

    def test_the_example_file(self) -> None:
        h = load_policy(EXAMPLE)
        assert PolicyHistory.model_validate_json(h.model_dump_json()) == h

    def test_the_dump_reads_back_as_a_file(self, tmp_path: Path) -> None:
        h = lakeside()
        path = tmp_path / "history.json"
        path.write_text(h.model_dump_json(), encoding="utf-8")
        assert load_policy(path) == h

    def test_the_notice_is_written_in_iso_8601(self) -> None:
        assert json.loads(lakeside().model_dump_json())["notice"] == "PT720H"


# --- the command-line tool --------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert status == 0, err
    assert err == ""
    return out


def field(out: str, label: str) -> str:
    found = [x for x in out.splitlines() if x.startswith(f"{label}:")]
    assert len(found) == 1, out
    return found[0].split(":", 1)[1].strip()


class TestCli:
    def test_due_answers_by_the_version_in_force(self, capsys: pytest.CaptureFixture[str]) -> None:
        out = run(
            capsys,
            "due",
            "--policy",
            str(EXAMPLE),
            "--at",
            "2027-01-08T15:00-05:00",
            "--voicemail",
        )
        assert field(out, "version") == "2 of 3, in force from Mon 4 Jan 2027"
        assert field(out, "due") == "Tue 2027-01-12 17:00 EST"
        out = run(
            capsys,
            "due",
            "--policy",
            str(EXAMPLE),
            "--at",
            "2026-12-31T15:00-05:00",
            "--voicemail",
        )
        assert field(out, "version") == "1 of 3, in force from Thu 1 Jan 2026"
        assert field(out, "due") == "Mon 2027-01-04 15:00 EST"

    def test_due_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        out = run(
            capsys,
            "due",
            "--policy",
            str(EXAMPLE),
            "--at",
            "2027-01-08T15:00-05:00",
            "--voicemail",
            "--json",
        )
        data = json.loads(out)
        assert data["due"] == "2027-01-12T17:00:00-05:00"
        assert data["reasons"][0]["text"].startswith("within 2 business days: deadline")

    def test_due_before_the_first_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        status = main(["due", "--policy", str(EXAMPLE), "--at", "2025-06-01T09:00-04:00"])
        out, err = capsys.readouterr()
        assert status == 2
        assert out == ""
        assert err == (
            "contact-policy: error: --at=2025-06-01T09:00:00-04:00 is before the first version "
            "takes effect (Thu 2026-01-01): no policy was in force then; ask about an instant at "
            "or after it, or add an earlier version\n"
        )

    def test_due_before_the_first_version_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        status = main(
            ["due", "--policy", str(EXAMPLE), "--at", "2025-06-01T09:00-04:00", "--json"]
        )
        out, _ = capsys.readouterr()
        assert status == 2
        error = json.loads(out)["error"]
        assert (error["code"], error["field"]) == ("out_of_range", "--at")

    def test_in_bounds_answers_by_the_version_in_force(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out = run(capsys, "in-bounds", "--policy", str(EXAMPLE), "--at", "2027-06-05T12:00-04:00")
        assert field(out, "version") == "3 of 3, in force from Tue 1 Jun 2027 at 09:00 EDT"
        assert field(out, "allowed") == "no"  # a Saturday: after hours

    def test_validate_a_history(self, capsys: pytest.CaptureFixture[str]) -> None:
        out = run(capsys, "validate", "--policy", str(EXAMPLE))
        lines = out.splitlines()
        assert (
            lines[0]
            == f"valid:     {EXAMPLE}: a policy history of 3 versions, 30 days' notice required"
        )
        assert lines[1] == (
            "  1. from Thu 1 Jan 2026 (announced Mon 1 Dec 2025): Lakeside Therapy "
            "(America/New_York)"
        )
        assert lines[3].startswith(
            "  3. from Tue 1 Jun 2027 at 09:00 EDT (announced Thu 15 Apr 2027)"
        )
        assert lines[4] == "changes:"
        assert lines[5] == (
            "  - From Mon 4 Jan 2027, calls are returned within 2 business days (before: within "
            "24 hours, not counting weekends and holidays)."
        )

    def test_validate_a_history_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        data = json.loads(run(capsys, "validate", "--policy", str(EXAMPLE), "--json"))
        assert data["valid"] is True
        assert data["kind"] == "history"
        assert data["notice"] == "PT720H"
        assert [v["number"] for v in data["versions"]] == [1, 2, 3]
        assert data["versions"][1]["effective"] == "2027-01-04T00:00:00-05:00"
        assert len(data["changes"]) == 4
        assert data["findings"] == []

    def test_validate_shows_findings(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = tmp_path / "h.json"
        path.write_text(
            lakeside(V1, announced=date(2026, 12, 5)).model_dump_json(), encoding="utf-8"
        )
        out = run(capsys, "validate", "--policy", str(path))
        assert (
            "warning:   version 2 (from Mon 4 Jan 2027) is the same policy as version 1; remove it"
            in out.splitlines()
        )
        assert any(
            x.startswith("info:      version 2 takes effect Mon 2027-01-04")
            for x in out.splitlines()
        )

    def test_validate_a_policy(self, capsys: pytest.CaptureFixture[str]) -> None:
        out = run(capsys, "validate")
        assert (
            out
            == "valid:     the default policy: Solo practice default (America/New_York), 4 rules\n"
        )
        data = json.loads(run(capsys, "validate", "--json"))
        assert data == {
            "valid": True,
            "kind": "policy",
            "name": "Solo practice default",
            "zone": NEW_YORK,
            "rules": 4,
        }

    def test_validate_a_bad_history(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = tmp_path / "h.toml"
        path.write_text(
            HISTORY_TOML.replace("announced = 2026-12-01", "announced = 2026-12-28"),
            encoding="utf-8",
        )
        status = main(["validate", "--policy", str(path)])
        _, err = capsys.readouterr()
        assert status == 2
        assert "versions[1].announced: version 2 takes effect Mon 2027-01-04" in err
