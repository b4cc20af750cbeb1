"""Example and property tests for ``Policy.check()`` and ``contact-policy check``.

Every finding with a counterexample is run back through ``return_by`` (or the calendars) to
show the flaw is real; sound policies give no errors.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from contact_policy import (
    CallbackWindow,
    OperatingHours,
    Policy,
    Severity,
    Turnaround,
    default_policy,
)
from contact_policy.cli import main
from contact_policy.contact import Urgency
from contact_policy.testing import policies

NY = "America/New_York"
OFFICE = OperatingHours(hours={"mon-fri": ["09:00-17:00"]})


def errors(policy: Policy, **kw: date) -> list[object]:
    return [f for f in policy.check(**kw) if f.severity is Severity.ERROR]


class TestSound:
    def test_default_policy_has_no_errors(self) -> None:
        assert errors(default_policy()) == []

    def test_a_business_hours_turnaround_within_office_hours_is_sound(self) -> None:
        policy = Policy(zone=NY, holidays=["US"], rules=[Turnaround.business_hours(4), OFFICE])
        assert policy.check() == ()

    def test_a_24_hour_turnaround_with_a_daily_window_is_sound(self) -> None:
        policy = Policy(
            zone=NY,
            holidays=["US"],
            rules=[
                Turnaround.hours(24),
                CallbackWindow(hours={"mon-sun": ["08:00-12:00", "14:00-18:00"]}),
            ],
        )
        assert errors(policy) == []


class TestUnreachable:
    def test_four_business_hours_with_an_early_window(self) -> None:
        # The example: 4 business hours, a single 8-9 am window outside the office.
        policy = Policy(
            zone=NY,
            rules=[
                Turnaround.business_hours(4),
                OFFICE,
                CallbackWindow(hours={"mon-fri": ["08:00-09:00"]}),
            ],
        )
        found = errors(policy)
        assert {f.example.urgency for f in found} == {Urgency.ROUTINE, Urgency.URGENT}
        for finding in found:
            assert finding.example is not None
            assert policy.return_by(finding.example).conflict
            assert "rules[0]" in finding.rules
            assert "cannot be returned in time" in finding.text

    def test_a_short_turnaround_and_a_lunch_window(self) -> None:
        policy = Policy(
            zone=NY,
            rules=[
                Turnaround.hours(2, urgency=["urgent"]),
                Turnaround.hours(72, urgency=["routine"]),
                CallbackWindow(hours={"mon-fri": ["12:00-13:00"]}),
            ],
        )
        found = errors(policy)
        assert [f.example.urgency for f in found] == [Urgency.URGENT]
        example = found[0].example
        assert example is not None
        answer = policy.return_by(example)
        assert answer.conflict
        assert example.at.date() >= date(2026, 1, 5)
        assert example.at.date() < date(2026, 1, 12)

    def test_the_reference_week_is_stated_and_follows_start(self) -> None:
        policy = Policy(
            zone=NY,
            rules=[
                Turnaround.hours(1, urgency=["routine"]),
                CallbackWindow(hours={"mon-fri": ["12:00-13:00"]}),
            ],
        )
        (finding,) = errors(policy, start=date(2026, 3, 4))
        assert "Mon 2026-03-09 to Sun 2026-03-15" in finding.text
        assert finding.example is not None
        assert date(2026, 3, 9) <= finding.example.at.date() < date(2026, 3, 16)
        assert policy.return_by(finding.example).conflict


class TestWindowsOutsideHours:
    def test_an_early_window(self) -> None:
        policy = Policy(
            zone=NY,
            rules=[
                Turnaround.hours(72),
                OFFICE,
                CallbackWindow(hours={"mon-fri": ["08:00-10:00"]}),
            ],
        )
        (finding,) = [f for f in policy.check() if "outside operating hours" in f.text]
        assert finding.severity is Severity.WARNING
        assert finding.rules == ("rules[2]", "rules[1]")
        assert finding.example is not None
        at = finding.example.at
        assert at.hour == 8
        assert not policy.operating_calendar.is_open(at)
        window = policy.rules[2].calendar_in(NY)
        assert window.is_open(at)


class TestHolidaysAndZone:
    def test_gb_holidays_in_new_york(self) -> None:
        policy = Policy(zone=NY, holidays=["GB"])
        (finding,) = policy.check()
        assert finding.severity is Severity.WARNING
        assert finding.rules == ("holidays[0]", "zone")

    @pytest.mark.parametrize(
        ("zone", "holidays"),
        [(NY, ["US"]), (NY, ["US-NY"]), ("Europe/London", ["GB-SCT"]), ("UTC", ["GB"])],
    )
    def test_matching_or_unknown(self, zone: str, holidays: list[str]) -> None:
        assert Policy(zone=zone, holidays=holidays).check() == ()


class TestShortWindow:
    def test_a_single_hour_a_day(self) -> None:
        policy = Policy(
            zone=NY,
            rules=[Turnaround.hours(72), CallbackWindow(hours={"mon-fri": ["08:00-09:00"]})],
        )
        (finding,) = policy.check()
        assert finding.severity is Severity.INFO
        assert "Mon, Tue, Wed, Thu, Fri" in finding.text
        assert "may not be reachable" in finding.text

    def test_two_windows_are_not_flagged(self) -> None:
        policy = Policy(
            zone=NY,
            rules=[
                Turnaround.hours(72),
                CallbackWindow(hours={"mon-fri": ["08:00-09:00", "17:00-18:00"]}),
            ],
        )
        assert policy.check() == ()


class TestCli:
    BAD = """\
zone = "America/New_York"
[[rules]]
kind = "turnaround"
clock = "business_hours"
within = "PT4H"
[[rules]]
kind = "operating_hours"
[rules.hours]
mon-fri = [["09:00", "17:00"]]
[[rules]]
kind = "callback_window"
[rules.hours]
mon-fri = [["08:00", "09:00"]]
"""

    def test_errors_exit_1(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "bad.toml"
        path.write_text(self.BAD)
        assert main(["check", str(path)]) == 1
        assert "error: a routine contact" in capsys.readouterr().out

    def test_json(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "bad.toml"
        path.write_text(self.BAD)
        assert main(["check", str(path), "--json", "--start", "2026-02-01"]) == 1
        data = json.loads(capsys.readouterr().out)
        assert data[0]["severity"] == "error"
        assert data[0]["example"]["at"].startswith("2026-02-02")

    def test_sound_exits_0(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "ok.toml"
        path.write_text('zone = "America/New_York"\nholidays = ["US"]\n')
        assert main(["check", str(path)]) == 0
        assert "no findings" in capsys.readouterr().out


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(policies())
def test_every_unreachable_counterexample_really_conflicts(policy: Policy) -> None:
    for finding in policy.check():
        if finding.severity is Severity.ERROR:
            assert finding.example is not None
            assert policy.return_by(finding.example).conflict
