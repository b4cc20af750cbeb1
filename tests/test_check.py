"""Example and property tests for ``Policy.check()`` and ``contact-policy check``.

Every finding with a counterexample is run back through ``return_by`` (or the calendars) to
show the flaw is real; sound policies give no errors.
"""

from __future__ import annotations

import json
from datetime import date, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contact_policy import (
    AfterHours,
    CallbackWindow,
    Contact,
    NoPersonalNumbers,
    OperatingHours,
    Policy,
    PolicyHistory,
    PolicyVersion,
    SchedulingOnlyLine,
    Severity,
    Turnaround,
    UnknownTimeZoneError,
    VoicemailGate,
    default_policy,
)
from contact_policy.analysis import Finding
from contact_policy.cli import main
from contact_policy.contact import Channel, Line, Urgency
from contact_policy.errors import PolicyValidationError
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
        # The clock pauses on holidays, when the windows are closed (see TestHorizon for the
        # same policy without the pause).
        policy = Policy(
            zone=NY,
            holidays=["US"],
            rules=[
                Turnaround.hours(24, skip=("holidays",)),
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


def found(policy: Policy, words: str, **kw: object) -> list[Finding]:
    return [f for f in policy.check(**kw) if words in f.text]  # type: ignore[arg-type]


def without(policy: Policy, path: str) -> Policy:
    """The policy with the rule at ``path`` (``rules[i]``) removed."""
    i = int(path[len("rules[") : -1])
    return policy.model_copy(update={"rules": policy.rules[:i] + policy.rules[i + 1 :]})


class TestHorizon:
    WALL_CLOCK = Policy(
        zone=NY,
        holidays=["US"],
        rules=[
            Turnaround.hours(24),
            CallbackWindow(hours={"mon-sun": ["08:00-12:00", "14:00-18:00"]}),
        ],
    )

    def test_a_holiday_after_the_reference_week_is_an_unreachable_deadline(self) -> None:
        # No receipt of the reference week conflicts; Martin Luther King Day (Mon 19 Jan) has
        # no windows, and the wall clock runs through it.
        found = errors(self.WALL_CLOCK)
        assert {f.example.urgency for f in found if f.example} == {
            Urgency.ROUTINE,
            Urgency.URGENT,
        }
        for finding in found:
            assert finding.example is not None
            assert finding.example.at.date() == date(2026, 1, 18)
            answer = self.WALL_CLOCK.return_by(finding.example)
            assert answer.conflict
            assert "No receipt in the week of Mon 2026-01-05" in finding.text
            assert "Mon 2026-01-05 to Mon 2027-01-04" in finding.text
            # The same weekday and time in the reference week is fine: a dated conflict.
            weekly = finding.example.model_copy(
                update={"at": finding.example.at - timedelta(days=7)}
            )
            assert not self.WALL_CLOCK.return_by(weekly).conflict

    def test_a_short_horizon_does_not_reach_the_holiday(self) -> None:
        assert errors(self.WALL_CLOCK, horizon=timedelta(days=10)) == []  # type: ignore[arg-type]

    def test_special_hours_on_a_date_are_scanned(self) -> None:
        office = OperatingHours(
            hours={"mon-fri": ["09:00-17:00"]},
            special_hours=[{"date": "2026-12-24", "hours": [["09:00", "12:00"]]}],
        )
        policy = Policy(
            zone=NY,
            rules=[
                Turnaround.hours(72),
                office,
                CallbackWindow(hours={"mon-fri": ["15:00-17:00"]}, holidays=[]),
            ],
        )
        (finding,) = found(policy, "falls outside operating hours")
        assert "Thu 2026-12-24" in finding.text
        assert finding.example is not None
        at = finding.example.at
        assert at.date() == date(2026, 12, 24)
        assert not policy.operating_calendar.is_open(at)
        assert policy.rules[2].calendar_in(NY).is_open(at)

    @pytest.mark.parametrize(
        ("kw", "path"),
        [
            ({"horizon": timedelta(0)}, "horizon"),
            ({"horizon": 365}, "horizon"),
            ({"horizon": timedelta(days=4000)}, "horizon"),
            ({"start": "2026-01-05"}, "start"),
            ({"start": date(1, 1, 1)}, "start"),
            ({"start": date(9999, 1, 1)}, "start"),
            ({"client_hours": (time(21), time(7))}, "client_hours"),
            ({"client_zones": "Europe/London"}, "client_zones"),
        ],
    )
    def test_bad_arguments_are_named(self, kw: dict[str, object], path: str) -> None:
        with pytest.raises(PolicyValidationError) as info:
            default_policy().check(**kw)  # type: ignore[arg-type]
        assert info.value.path == path

    def test_the_default_policy_is_fast_and_clean(self) -> None:
        assert default_policy().check(client_zones=["Asia/Tokyo"]) == ()


class TestShadowing:
    def test_a_slower_urgent_tier(self) -> None:
        policy = Policy(
            zone=NY,
            holidays=["US"],
            rules=[
                Turnaround.hours(48, urgency=["urgent"]),
                Turnaround.hours(24, urgency=["routine"]),
            ],
        )
        (finding,) = found(policy, "later than a routine one")
        assert finding.severity is Severity.WARNING
        assert finding.rules == ("rules[0]", "rules[1]")
        example = finding.example
        assert example is not None
        assert example.urgency is Urgency.URGENT
        urgent = policy.return_by(example)
        routine = policy.return_by(example.model_copy(update={"urgency": Urgency.ROUTINE}))
        assert urgent.due is not None
        assert routine.due is not None
        assert urgent.due > routine.due
        assert f"due {urgent.due:%a %Y-%m-%d %H:%M}" in finding.text

    def test_slower_only_on_some_receipts(self) -> None:
        # One business day (close of the next one) against 24 wall-clock hours: the urgent
        # tier is slower on a Friday afternoon than the routine one? No: on Friday both land
        # on Monday or later; it is slower for receipts early on a weekday.
        policy = Policy(
            zone=NY,
            rules=[
                Turnaround.business_days(1, urgency=["urgent"]),
                Turnaround.hours(24, urgency=["routine"]),
            ],
        )
        (finding,) = found(policy, "later than a routine one")
        example = finding.example
        assert example is not None
        urgent = policy.return_by(example)
        routine = policy.return_by(example.model_copy(update={"urgency": Urgency.ROUTINE}))
        assert urgent.due > routine.due  # type: ignore[operator]

    def test_an_urgent_tier_never_sooner(self) -> None:
        policy = Policy(
            zone=NY,
            rules=[
                Turnaround.hours(24, urgency=["urgent"]),
                Turnaround.hours(24, urgency=["routine"]),
            ],
        )
        (finding,) = found(policy, "never sooner")
        assert finding.severity is Severity.INFO
        assert finding.example is not None
        same = finding.example.model_copy(update={"urgency": Urgency.ROUTINE})
        assert policy.return_by(finding.example).due == policy.return_by(same).due

    def test_urgent_without_a_turnaround(self) -> None:
        policy = Policy(zone=NY, rules=[Turnaround.hours(24, urgency=["routine"])])
        (finding,) = found(policy, "urgent ones have none")
        assert finding.example is not None
        assert finding.example.urgency is Urgency.URGENT
        assert policy.return_by(finding.example).deadline is None
        routine = finding.example.model_copy(update={"urgency": Urgency.ROUTINE})
        assert policy.return_by(routine).deadline is not None

    def test_a_faster_urgent_tier_is_fine(self) -> None:
        policy = Policy(
            zone=NY,
            holidays=["US"],
            rules=[
                Turnaround.hours(4, urgency=["urgent"]),
                Turnaround.hours(24, skip=("sat", "sun", "holidays"), urgency=["routine"]),
            ],
        )
        assert policy.check() == ()


class TestNeverApplies:
    def test_a_gate_covered_by_another(self) -> None:
        policy = Policy(
            zone=NY,
            rules=[
                Turnaround.hours(24),
                VoicemailGate(channels=["call", "text"]),
                VoicemailGate(channels=["text"], urgency=["routine"]),
            ],
        )
        (finding,) = found(policy, "never applies")
        assert finding.rules == ("rules[2]", "rules[1]")
        example = finding.example
        assert example is not None
        assert example.channel is Channel.TEXT
        assert not example.voicemail
        answer = policy.return_by(example)
        assert not answer.required
        assert answer == without(policy, "rules[2]").return_by(example)

    def test_of_two_equal_gates_the_second_is_reported(self) -> None:
        gate = VoicemailGate()
        policy = Policy(zone=NY, rules=[Turnaround.hours(24), gate, gate])
        (finding,) = found(policy, "never applies")
        assert finding.rules == ("rules[2]", "rules[1]")

    def test_distinct_gates_are_fine(self) -> None:
        policy = Policy(
            zone=NY,
            rules=[VoicemailGate(channels=["call"]), VoicemailGate(channels=["text"])],
        )
        assert found(policy, "never applies") == []

    def test_a_scheduling_line_rule_on_the_personal_line(self) -> None:
        policy = Policy(
            zone=NY,
            rules=[
                NoPersonalNumbers(),
                SchedulingOnlyLine(lines=["personal"]),
                SchedulingOnlyLine(lines=["personal", "scheduling"]),
            ],
        )
        findings = found(policy, "never applies")
        assert [f.rules[0] for f in findings] == ["rules[2]", "rules[1]"]
        assert "on the personal line" in findings[0].text
        for finding in findings:
            example = finding.example
            assert example is not None
            assert example.line is Line.PERSONAL
            verdict = policy.in_bounds(example)
            alone = without(policy, finding.rules[0]).in_bounds(example)
            assert (verdict.allowed, verdict.route) == (alone.allowed, alone.route)
            assert verdict.route.kind.value == "office_line"

    def test_after_hours_never_after_hours(self) -> None:
        policy = Policy(
            zone=NY, rules=[AfterHours(hours={"mon-sun": ["00:00-24:00"]}, holidays=[])]
        )
        (finding,) = found(policy, "never applies")
        assert finding.rules == ("rules[0]",)
        assert finding.example is None
        tz = ZoneInfo(NY)
        hours = [datetime_at(tz, day, hour) for day in (5, 10, 11) for hour in (0, 3, 23)]
        assert all(policy.in_bounds(Contact(at)).allowed for at in hours)

    def test_after_hours_closed_on_holidays_applies(self) -> None:
        policy = Policy(
            zone=NY,
            holidays=["US"],
            rules=[AfterHours(hours={"mon-sun": ["00:00-24:00"]})],
        )
        assert found(policy, "never applies") == []

    def test_a_window_wider_than_the_office(self) -> None:
        policy = Policy(
            zone=NY,
            rules=[
                Turnaround.hours(72),
                OFFICE,
                CallbackWindow(hours={"mon-sun": ["07:00-19:00"]}),
            ],
        )
        (finding,) = found(policy, "never applies")
        assert finding.rules == ("rules[2]", "rules[1]")
        # Every answer is the same without the window.
        tz = ZoneInfo(NY)
        alone = without(policy, "rules[2]")
        for day in range(5, 12):
            for hour in range(24):
                call = Contact(datetime_at(tz, day, hour), voicemail=True)
                assert policy.return_by(call).due == alone.return_by(call).due

    def test_a_window_inside_another(self) -> None:
        policy = Policy(
            zone=NY,
            rules=[
                Turnaround.hours(72),
                CallbackWindow(hours={"mon-fri": ["08:00-18:00"]}),
                CallbackWindow(hours={"mon-fri": ["09:00-10:00"]}),
            ],
        )
        (finding,) = found(policy, "never applies")
        assert finding.rules == ("rules[1]", "rules[2]")
        tz = ZoneInfo(NY)
        alone = without(policy, "rules[1]")
        for day in range(5, 12):
            for hour in range(24):
                call = Contact(datetime_at(tz, day, hour), voicemail=True)
                assert policy.return_by(call).due == alone.return_by(call).due

    def test_of_two_equal_windows_one_is_reported(self) -> None:
        window = CallbackWindow(hours={"mon-fri": ["09:00-10:00"]})
        policy = Policy(zone=NY, rules=[Turnaround.hours(72), window, window])
        assert [f.rules for f in found(policy, "never applies")] == [("rules[1]", "rules[2]")]

    def test_a_window_open_all_the_time(self) -> None:
        policy = Policy(
            zone=NY,
            rules=[Turnaround.hours(24), CallbackWindow(hours={"mon-sun": ["00:00-24:00"]})],
        )
        (finding,) = found(policy, "never applies")
        assert "open at every moment" in finding.text


def datetime_at(tz: ZoneInfo, day: int, hour: int) -> object:
    from datetime import datetime

    return datetime(2026, 1, day, hour, tzinfo=tz)


class TestClientZones:
    POLICY = Policy(
        zone=NY,
        holidays=["US"],
        rules=[
            Turnaround.hours(72, skip=("holidays",)),
            CallbackWindow(hours={"mon-fri": ["08:00-10:00", "17:00-19:00"]}),
        ],
    )

    @pytest.mark.parametrize(
        ("zone", "shown"),
        [("Europe/London", "Mon 22:00–24:00"), ("America/Los_Angeles", "Mon 05:00–07:00")],
    )
    def test_windows_reach_clients_at_night(self, zone: str, shown: str) -> None:
        (finding,) = self.POLICY.check(client_zones=[zone])
        assert finding.severity is Severity.WARNING
        assert finding.rules == ("rules[1]",)
        assert shown in finding.text
        example = finding.example
        assert example is not None
        assert example.client_zone == zone
        assert example.at.tzinfo == ZoneInfo(zone)
        earliest = self.POLICY.return_by(example).earliest
        assert earliest == example.at
        local = earliest.astimezone(ZoneInfo(zone)).time()
        assert local < time(7) or local > time(21)

    def test_the_bounds_are_parameters(self) -> None:
        lenient = (time(5), time(23))
        assert self.POLICY.check(client_zones=["America/Los_Angeles"], client_hours=lenient) == ()
        (finding,) = self.POLICY.check(
            client_zones=["America/Chicago"], client_hours=(time(8), time(20))
        )
        assert "before 08:00 or after 20:00" in finding.text

    def test_windows_in_the_clients_zone_suit_every_client(self) -> None:
        policy = Policy(
            zone=NY,
            rules=[
                Turnaround.hours(72),
                CallbackWindow(hours={"mon-fri": ["08:00-10:00", "17:00-19:00"]}, zone="client"),
            ],
        )
        assert policy.check(client_zones=["Europe/London", "Asia/Tokyo"]) == ()

    def test_a_dst_mismatch_is_found_on_its_dates(self) -> None:
        # 01:00-02:00 London is 20:00-21:00 in New York, except in the weeks when only one of
        # the two has changed its clocks (from Sun 8 Mar 2026 in the US, 29 Mar in the UK):
        # then it is 21:00-22:00. The reference week in January is fine.
        policy = Policy(
            zone="Europe/London",
            rules=[Turnaround.hours(72), CallbackWindow(hours={"mon-sun": ["01:00-02:00"]})],
        )
        (finding,) = found(policy, "reach a client", client_zones=["America/New_York"])
        assert "none in the week of Mon 2026-01-05" in finding.text
        example = finding.example
        assert example is not None
        assert example.at.date() == date(2026, 3, 8)
        earliest = policy.return_by(example).earliest
        assert earliest == example.at
        assert earliest.astimezone(ZoneInfo(NY)).time() > time(21)
        assert found(policy, "reach a client", client_zones=[NY], horizon=timedelta(days=60)) == []

    def test_an_unknown_zone_is_named(self) -> None:
        with pytest.raises(UnknownTimeZoneError) as info:
            default_policy().check(client_zones=["Europe/London", "Mars/Olympus"])
        assert info.value.path == "client_zones[1]"


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

    NIGHT = """\
zone = "America/New_York"
holidays = ["US"]
[[rules]]
kind = "turnaround"
within = "PT72H"
skip = ["holidays"]
[[rules]]
kind = "callback_window"
[rules.hours]
mon-fri = [["08:00", "10:00"], ["17:00", "19:00"]]
"""

    def test_client_zones(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "night.toml"
        path.write_text(self.NIGHT)
        args = ["check", str(path), "--json", "--client-zone", "Europe/London"]
        assert main([*args, "--client-zone", "America/Los_Angeles"]) == 0
        data = json.loads(capsys.readouterr().out)
        zones = [f["example"]["client_zone"] for f in data if "reach a client" in f["text"]]
        assert zones == ["Europe/London", "America/Los_Angeles"]
        assert main(["check", str(path)]) == 0
        assert "no findings" in capsys.readouterr().out

    def test_client_hours(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "night.toml"
        path.write_text(self.NIGHT)
        args = ["check", str(path), "--client-zone", "America/Los_Angeles"]
        assert main([*args, "--client-hours", "05:00-22:00"]) == 0
        assert "no findings" in capsys.readouterr().out
        assert main([*args, "--client-hours", "21:00-07:00"]) == 2
        assert "--client-hours" in capsys.readouterr().err

    def test_an_unknown_client_zone(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "night.toml"
        path.write_text(self.NIGHT)
        assert main(["check", str(path), "--client-zone", "Mars/Olympus"]) == 2
        assert "--client-zone='Mars/Olympus' is not a known IANA time zone" in (
            capsys.readouterr().err
        )

    def test_horizon(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "holiday.toml"
        path.write_text(self.NIGHT.replace('skip = ["holidays"]\n', ""))
        assert main(["check", str(path)]) == 1
        assert "Mon 2026-01-19" in capsys.readouterr().out
        assert main(["check", str(path), "--horizon", "10"]) == 0
        capsys.readouterr()
        assert main(["check", str(path), "--horizon", "0"]) == 2
        assert "--horizon" in capsys.readouterr().err


class TestHistory:
    def history(self) -> PolicyHistory:
        sound = Policy(zone=NY, holidays=["US"], rules=[Turnaround.business_hours(4), OFFICE])
        flawed = Policy(
            zone=NY,
            rules=[
                Turnaround.business_hours(4),
                OFFICE,
                CallbackWindow(hours={"mon-fri": ["08:00-09:00"]}),
            ],
        )
        return PolicyHistory(
            notice=timedelta(days=30),
            versions=[
                PolicyVersion(sound, effective=date(2026, 1, 1), announced=date(2025, 12, 1)),
                PolicyVersion(flawed, effective=date(2026, 3, 1), announced=date(2026, 1, 15)),
            ],
        )

    def test_each_versions_findings_with_their_paths(self) -> None:
        h = self.history()
        found = h.check()
        assert found
        assert all(r.startswith("versions[1].policy.rules[") for f in found for r in f.rules)
        error = next(f for f in found if f.severity is Severity.ERROR)
        assert "versions[1].policy.rules[0]" in error.rules
        assert error.example is not None
        assert h.versions[1].policy.return_by(error.example).conflict
        assert h.check(policies=False) == ()
        assert h.check(start=date(2026, 3, 2))[0].example.at.date() == date(2026, 3, 2)  # type: ignore[union-attr]

    def test_notice_shortfalls_are_rejected_when_built(self) -> None:
        h = self.history()
        with pytest.raises(PolicyValidationError) as info:
            PolicyHistory(
                notice=timedelta(days=30),
                versions=[
                    h.versions[0],
                    h.versions[1].model_copy(update={"announced": h.versions[1].effective}),
                ],
            )
        assert info.value.path == "versions[1].announced"

    def test_the_cli_runs_the_histories_check(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "history.json"
        path.write_text(self.history().model_dump_json())
        assert main(["check", str(path), "--json"]) == 1
        data = json.loads(capsys.readouterr().out)
        assert data[0]["rules"][0] == "versions[1].policy.rules[0]"


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


def _shows_its_problem(policy: Policy, finding: Finding, zones: list[str]) -> None:
    """The example of a finding, run back through return_by / in_bounds, shows the flaw."""
    example = finding.example
    if example is None:
        return
    if finding.severity is Severity.ERROR:
        assert policy.return_by(example).conflict
    elif "later than a routine one" in finding.text:
        urgent = policy.return_by(example)
        routine = policy.return_by(example.model_copy(update={"urgency": Urgency.ROUTINE}))
        assert urgent.due is not None
        assert routine.due is not None
        assert urgent.due > routine.due
    elif "reach a client" in finding.text:
        assert example.client_zone in zones
        earliest = policy.return_by(example).earliest
        assert earliest == example.at
        local = earliest.astimezone(ZoneInfo(example.client_zone)).time()
        assert local < time(7) or local > time(21)
    elif "falls outside operating hours" in finding.text:
        assert policy.operating_calendar is not None
        assert not policy.operating_calendar.is_open(example.at)
        window = policy.rules[int(finding.rules[0][len("rules[") : -1])]
        assert isinstance(window, CallbackWindow)
        assert window.calendar_in(policy.zone, policy.holidays).is_open(example.at)
    elif "never sooner" in finding.text:
        routine = example.model_copy(update={"urgency": Urgency.ROUTINE})
        assert policy.return_by(example).due == policy.return_by(routine).due
    elif "urgent ones have none" in finding.text:
        assert example.urgency is Urgency.URGENT
        assert policy.return_by(example).deadline is None
        routine = example.model_copy(update={"urgency": Urgency.ROUTINE})
        assert policy.return_by(routine).deadline is not None
    elif "voicemail gate" in finding.text and "never applies" in finding.text:
        assert policy.return_by(example) == without(policy, finding.rules[0]).return_by(example)
    elif "scheduling-only line" in finding.text:
        verdict = policy.in_bounds(example)
        alone = without(policy, finding.rules[0]).in_bounds(example)
        assert (verdict.allowed, verdict.route) == (alone.allowed, alone.route)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    policies(),
    st.lists(st.sampled_from(["Europe/London", "America/Los_Angeles", "Asia/Tokyo"]), max_size=2),
)
def test_every_example_shows_its_problem(policy: Policy, zones: list[str]) -> None:
    for finding in policy.check(client_zones=zones):
        assert finding.text
        assert all(r.startswith(("rules[", "holidays[", "zone")) for r in finding.rules)
        _shows_its_problem(policy, finding, zones)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(), st.integers(0, 7 * 24 * 60 - 1))
def test_the_looked_up_answers_are_return_by_s(policy: Policy, minute: int) -> None:
    # The check looks conflicts and due times up in the permitted time; they are exactly
    # return_by's, at any receipt of the reference week and a dated region.
    from contact_policy._check import DEFAULT_HORIZON, DEFAULT_START, _Permitted, _Scope

    scope = _Scope(policy, DEFAULT_START, DEFAULT_HORIZON)
    for clock in {id(c): c for c in scope.plan.by_urgency.values()}.values():
        permitted = _Permitted(scope, [clock])
        offset = minute * 60_000_000
        receipts = [scope.lo + offset, scope.lo + offset + 1]
        if scope.special:
            receipts.append(scope.midnight(scope.special[0]) + offset % (86_400_000_000))
        for x in receipts:
            answer = policy.return_by(
                Contact(scope.plan.conv(x), voicemail=True, urgency=clock.urgency[0])
            )
            if scope.plan.restricted:
                assert permitted.conflict(clock, x) == answer.conflict
            assert answer.due is not None
            assert scope.plan.conv(permitted.due(clock, x)) == answer.due


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies())
def test_policies_without_return_restrictions_give_no_errors(policy: Policy) -> None:
    # Any policy without restrictions on when returns are made, like the default, promises
    # nothing it cannot keep.
    unrestricted = policy.model_copy(
        update={
            "rules": tuple(
                r
                for r in policy.rules
                if not isinstance(r, (OperatingHours, CallbackWindow))
                and not (isinstance(r, Turnaround) and r.clock == "business_hours")
                and not isinstance(r, AfterHours)
            )
        }
    )
    assert errors(unrestricted) == []
