"""``contact-policy convert`` (issue 15, item 8): policies round-trip through TOML, JSON and
YAML; calendars through opening_hours, FHIR, VAVAILABILITY and schema.org; a policy converts
to the calendar formats as its operating hours; what a format cannot hold is refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contact_policy import (
    BusinessCalendar,
    Policy,
    PolicyFileError,
    PolicyValidationError,
    default_policy,
    load_policy,
    parse_policy,
)
from contact_policy.cli import main
from contact_policy.formats.convert import convert, dump_policy
from contact_policy.testing import histories, policies

OFFICE = """\
name = "Maple Street Counselling"
zone = "America/Chicago"
holidays = ["US"]

[[rules]]
kind = "turnaround"
clock = "business_hours"
within = "PT4H"

[[rules]]
kind = "operating_hours"
[rules.hours]
mon-fri = [["09:00", "17:00"]]
sat = [["10:00", "12:00"]]
"""

needs_yaml = pytest.mark.skipif(
    __import__("importlib").util.find_spec("yaml") is None, reason="needs PyYAML"
)
needs_ics = pytest.mark.skipif(
    __import__("importlib").util.find_spec("icalendar") is None, reason="needs icalendar"
)
FORMATS = ["toml", "json", pytest.param("yaml", marks=needs_yaml)]


@pytest.mark.parametrize("to", FORMATS)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.one_of(policies(), histories()))
def test_a_policy_or_history_reads_back_equal(to: str, value: object) -> None:
    text = dump_policy(value, to)  # type: ignore[arg-type]
    assert parse_policy(text, format=to) == value  # type: ignore[arg-type]


@pytest.mark.parametrize("to", FORMATS)
@pytest.mark.parametrize("source", ["toml", "json", pytest.param("yaml", marks=needs_yaml)])
def test_policy_files_convert_between_each_other(tmp_path: Path, source: str, to: str) -> None:
    first = tmp_path / f"office.{source}"
    first.write_text(dump_policy(parse_policy(OFFICE, format="toml"), source))
    out = convert(first, to)
    assert parse_policy(out, format=to) == parse_policy(OFFICE, format="toml")  # type: ignore[arg-type]


def office_calendar() -> BusinessCalendar:
    calendar = parse_policy(OFFICE, format="toml").operating_calendar  # type: ignore[union-attr]
    assert calendar is not None
    return calendar


def test_a_policy_converts_to_its_operating_hours(tmp_path: Path) -> None:
    source = tmp_path / "office.toml"
    source.write_text(OFFICE)
    assert convert(source, "opening-hours") == "Mo-Fr 09:00-17:00; Sa 10:00-12:00; PH off\n"


@pytest.mark.parametrize(
    "via", ["opening-hours", "jsonld", "fhir", pytest.param("ics", marks=needs_ics)]
)
def test_a_calendar_comes_back_through_each_calendar_format(tmp_path: Path, via: str) -> None:
    """Written from the policy, read back, written as opening_hours: the weekly hours survive
    (the holidays come back as closed dates where the format lists dates)."""
    source = tmp_path / "office.toml"
    source.write_text(OFFICE)
    written = tmp_path / f"office.{'txt' if via == 'opening-hours' else via}"
    written.write_text(convert(source, via, start=date(2026, 1, 1), end=date(2026, 12, 31)))
    suffix_format = via if via != "opening-hours" else None
    back = convert(
        written,
        "opening-hours",
        source_format=suffix_format,
        zone="America/Chicago",
        holidays=("US",),
    )
    assert back.startswith("Mo-Fr 09:00-17:00; Sa 10:00-12:00")


def test_json_is_told_apart_by_its_content(tmp_path: Path) -> None:
    fhir = tmp_path / "availability.json"
    fhir.write_text(convert_text(office_calendar(), "fhir"))
    # The holidays were listed through 2026 (FHIR names no holiday codes): closed dates.
    assert convert(fhir, "opening-hours", zone="America/Chicago").startswith(
        "Mo-Fr 09:00-17:00; Sa 10:00-12:00; 2026 Jan 01 off;"
    )
    site = tmp_path / "site.json"
    site.write_text(convert_text(office_calendar().replace(holidays=()), "jsonld"))
    assert convert(site, "opening-hours", zone="America/Chicago").startswith("Mo-Fr")


def convert_text(calendar: BusinessCalendar, to: str) -> str:
    from contact_policy.formats.convert import write_calendar

    return write_calendar(calendar, to, start=None, end=date(2026, 12, 31))


class TestRefusals:
    def test_a_calendar_is_no_whole_policy(self, tmp_path: Path) -> None:
        oh = tmp_path / "hours.txt"
        oh.write_text("Mo-Fr 09:00-17:00")
        with pytest.raises(PolicyValidationError, match="not a whole policy") as err:
            convert(oh, "toml", zone="UTC")
        assert err.value.path == "to"

    def test_a_policy_without_operating_hours_has_no_calendar(self, tmp_path: Path) -> None:
        source = tmp_path / "default.toml"
        source.write_text(dump_policy(default_policy(), "toml"))
        with pytest.raises(PolicyValidationError, match="no operating hours") as err:
            convert(source, "fhir")
        assert err.value.path == "rules"

    def test_opening_hours_need_a_zone(self, tmp_path: Path) -> None:
        oh = tmp_path / "hours.txt"
        oh.write_text("Mo-Fr 09:00-17:00")
        with pytest.raises(PolicyValidationError, match="--zone") as err:
            convert(oh, "fhir")
        assert err.value.path == "zone"

    def test_an_unknown_suffix(self, tmp_path: Path) -> None:
        odd = tmp_path / "policy.ini"
        odd.write_text("x")
        with pytest.raises(PolicyValidationError, match="--from") as err:
            convert(odd, "json")
        assert err.value.path == "from"

    def test_an_unknown_format(self, tmp_path: Path) -> None:
        with pytest.raises(PolicyValidationError, match="not a format"):
            convert(tmp_path / "a.toml", "xml")

    def test_a_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(PolicyFileError, match="does not exist"):
            convert(tmp_path / "missing.toml", "json")

    def test_bad_json_for_a_calendar(self, tmp_path: Path) -> None:
        bad = tmp_path / "a.jsonld"
        bad.write_text("[1, 2]")
        with pytest.raises(PolicyFileError, match="not an object"):
            convert(bad, "fhir", zone="UTC")

    def test_a_broken_policy_names_its_field(self, tmp_path: Path) -> None:
        bad = tmp_path / "bad.toml"
        bad.write_text(OFFICE.replace('"17:00"', '"25:00"'))
        with pytest.raises(PolicyValidationError, match=r"rules\[1\]\.hours"):
            convert(bad, "json")


class TestCommandLine:
    def test_prints_or_writes(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        source = tmp_path / "office.toml"
        source.write_text(OFFICE)
        assert main(["convert", str(source), "--to", "opening-hours"]) == 0
        assert capsys.readouterr().out == "Mo-Fr 09:00-17:00; Sa 10:00-12:00; PH off\n"
        target = tmp_path / "office.json"
        assert main(["convert", str(source), "--to", "json", "-o", str(target)]) == 0
        assert Policy.model_validate_json(target.read_text()) == parse_policy(
            OFFICE, format="toml"
        )

    def test_bad_input_exits_2_with_one_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        oh = tmp_path / "hours.txt"
        oh.write_text("Mo-Fr 09:00-17:00")
        assert main(["convert", str(oh), "--to", "fhir"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "pass --zone" in err

    def test_bad_dates_are_usage_errors(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit) as exit_:
            main(["convert", "a.toml", "--to", "fhir", "--end", "31/12/2026"])
        assert exit_.value.code == 2
        assert "YYYY-MM-DD" in capsys.readouterr().err


@pytest.mark.parametrize("to", ["toml", "json", "yaml"])
def test_a_history_naming_policy_files_converts_from_its_file(tmp_path: Path, to: str) -> None:
    # docs/examples/history.toml names its versions' policy files, found next to it.
    pytest.importorskip("yaml")
    source = Path(__file__).parent.parent / "docs" / "examples" / "history.toml"
    out = tmp_path / f"history.{to}"
    out.write_text(convert(source, to))
    assert load_policy(out) == load_policy(source)


def test_ics_events_from_the_console(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("icalendar")
    office = tmp_path / "office.toml"
    office.write_text(
        'zone = "America/New_York"\nholidays = ["US"]\n[[rules]]\nkind = "operating_hours"\n'
        '[rules.hours]\nmon-fri = [["09:00", "17:00"]]\n'
    )
    args = ["convert", str(office), "--to", "ics", "--events"]
    assert main([*args, "--start", "2026-11-01", "--end", "2026-12-31"]) == 0
    policy = load_policy(office)
    assert isinstance(policy, Policy)
    calendar = policy.operating_calendar
    assert calendar is not None
    expected = calendar.to_ics(start=date(2026, 11, 1), end=date(2026, 12, 31))
    assert capsys.readouterr().out == expected
    assert "BEGIN:VEVENT" in expected
    assert "VAVAILABILITY" not in expected
    for bad, words in (
        (args, "--events lists the dated days of a range: pass --start DATE and --end DATE"),
        ([*args[:3], "fhir", "--events"], "--events writes iCalendar events"),
        (args[:4], "ics cannot name as a calendar; pass --start DATE and --end DATE"),
        ([*args[:3], "fhir"], "fhir cannot name as a calendar; pass --start DATE and --end DATE"),
    ):
        assert main(bad) == 2
        out, err = capsys.readouterr()
        assert words in err, (bad, err)
        assert out == ""
