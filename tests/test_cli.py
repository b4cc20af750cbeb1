"""Example tests for the ``contact-policy`` command-line tool (CONTRACT.md, "Command-line tool").

``main(argv)`` is called in-process with ``capsys``; one test runs the installed console script
to prove the entry point works. Expected answers are worked out by hand from the default policy
(24 hours, not counting weekends and US federal holidays; no voicemail, no return).
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from contact_policy.cli import main
from tests.helpers import FRIDAY_3PM, t

#: A practice that returns calls between 8 and 9 am, the client's time.
LAKESIDE_TOML = """\
name = "Lakeside Therapy"
zone = "America/New_York"
holidays = ["US"]

[[rules]]
kind = "turnaround"
within = "PT24H"
skip = ["sat", "sun", "holidays"]

[[rules]]
kind = "callback_window"
zone = "client"

[rules.hours]
mon = [["08:00", "09:00"]]
tue = [["08:00", "09:00"]]
wed = [["08:00", "09:00"]]
thu = [["08:00", "09:00"]]
fri = [["08:00", "09:00"]]
"""


# --- domain helpers ---------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run the tool; it must succeed. Returns what it printed."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert status == 0, err
    assert err == ""
    return out


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    out = run(capsys, *argv, "--json")
    data = json.loads(out)  # the whole output is one JSON document
    assert isinstance(data, dict)
    return data


def line(out: str, label: str) -> str:
    """The value printed after ``label:``."""
    found = [x for x in out.splitlines() if x.startswith(f"{label}:")]
    assert len(found) == 1, out
    return found[0].split(":", 1)[1].strip()


def assert_iso(value: Any, expected: str) -> None:
    """``value`` is an ISO 8601 string with an offset, naming the instant ``expected`` in the
    same wall time and offset."""
    assert isinstance(value, str)
    parsed = datetime.fromisoformat(value)
    assert parsed.utcoffset() is not None, f"{value!r} has no offset"
    assert parsed.isoformat() == t(expected).isoformat()


def fails(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run the tool on bad input: status 2 (returned or via SystemExit), a one-line error on
    stderr without a traceback, nothing on stdout. Returns the error line."""
    status: object
    try:
        status = main(list(argv))
    except SystemExit as exc:
        status = exc.code
    out, err = capsys.readouterr()
    assert status == 2
    assert out == ""
    assert "Traceback" not in err
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert err.startswith("contact-policy: error: ")
    return err.strip()


def policy_file(directory: Path, text: str = LAKESIDE_TOML, name: str = "lakeside.toml") -> str:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- due --------------------------------------------------------------------------------------


class TestDueText:
    def test_friday_afternoon_voicemail(self, capsys: pytest.CaptureFixture[str]) -> None:
        # Fri 15:00–24:00 = 9 h; Sat, Sun paused; Mon + 15 h.
        out = run(capsys, "due", "--at", FRIDAY_3PM, "--voicemail")
        assert line(out, "due") == "Mon 2026-11-23 15:00 EST"
        assert line(out, "received") == "Fri 2026-11-20 15:00 EST"
        assert line(out, "return") == "required"
        assert "Solo practice default" in line(out, "policy")

    def test_reasons_are_listed(self, capsys: pytest.CaptureFixture[str]) -> None:
        out = run(capsys, "due", "--at", FRIDAY_3PM, "--voicemail")
        why = out.split("why:", 1)[1]
        assert "turnaround" in why
        assert "2026-11-21" in why  # the paused Saturday

    def test_no_voicemail(self, capsys: pytest.CaptureFixture[str]) -> None:
        out = run(capsys, "due", "--at", FRIDAY_3PM, "--no-voicemail")
        assert line(out, "return") == "not required"
        assert "voicemail_gate" in out

    def test_voicemail_defaults_to_none_left(self, capsys: pytest.CaptureFixture[str]) -> None:
        out = run(capsys, "due", "--at", FRIDAY_3PM)
        assert line(out, "return") == "not required"

    def test_time_written_in_utc(self, capsys: pytest.CaptureFixture[str]) -> None:
        out = run(capsys, "due", "--at", "2026-11-20T20:00+00:00", "--voicemail")
        assert line(out, "received") == "Fri 2026-11-20 15:00 EST"
        assert line(out, "due") == "Mon 2026-11-23 15:00 EST"

    def test_thanksgiving(self, capsys: pytest.CaptureFixture[str]) -> None:
        out = run(capsys, "due", "--at", "2026-11-25T15:00-05:00", "--voicemail")
        assert line(out, "due") == "Fri 2026-11-27 15:00 EST"

    def test_crisis(self, capsys: pytest.CaptureFixture[str]) -> None:
        out = run(capsys, "due", "--at", "2026-11-26T02:00-05:00", "--urgency", "crisis")
        assert line(out, "return") == "required"
        assert line(out, "due") == "Thu 2026-11-26 02:00 EST"
        assert line(out, "route").startswith("emergency")
        assert "911" in out
        assert "988" in out


class TestDueJson:
    def test_one_object_with_the_contract_fields(self, capsys: pytest.CaptureFixture[str]) -> None:
        data = run_json(capsys, "due", "--at", FRIDAY_3PM, "--voicemail")
        assert data["required"] is True
        assert_iso(data["due"], "2026-11-23T15:00-05:00")
        assert_iso(data["earliest"], FRIDAY_3PM)
        assert isinstance(data["reasons"], list)
        assert data["reasons"]
        for reason in data["reasons"]:
            assert isinstance(reason, dict)
            assert isinstance(reason["rule"], str)
            assert isinstance(reason["text"], str)
        assert [r["rule"] for r in data["reasons"]] == ["turnaround"]

    def test_no_voicemail_is_not_required(self, capsys: pytest.CaptureFixture[str]) -> None:
        data = run_json(capsys, "due", "--at", FRIDAY_3PM, "--no-voicemail")
        assert data["required"] is False
        assert data["due"] is None
        assert data["earliest"] is None
        assert [r["rule"] for r in data["reasons"]] == ["voicemail_gate"]

    def test_crisis_routes_to_emergency(self, capsys: pytest.CaptureFixture[str]) -> None:
        data = run_json(capsys, "due", "--at", "2026-11-26T02:00-05:00", "--urgency", "crisis")
        assert data["required"] is True
        assert_iso(data["due"], "2026-11-26T02:00-05:00")
        assert data["route"]["kind"] == "emergency"
        assert "911" in data["route"]["instructions"]
        assert "988" in data["route"]["instructions"]

    def test_urgent(self, capsys: pytest.CaptureFixture[str]) -> None:
        # The default turnaround covers urgent calls too.
        data = run_json(capsys, "due", "--at", FRIDAY_3PM, "--urgency", "urgent", "--voicemail")
        assert_iso(data["due"], "2026-11-23T15:00-05:00")

    def test_text_is_not_gated(self, capsys: pytest.CaptureFixture[str]) -> None:
        data = run_json(capsys, "due", "--at", FRIDAY_3PM, "--channel", "text")
        assert data["required"] is True
        assert_iso(data["due"], "2026-11-23T15:00-05:00")

    def test_offset_survives_dst(self, capsys: pytest.CaptureFixture[str]) -> None:
        # Fri 2026-10-30 15:00 EDT: 9 h Fri; Sat, Sun paused; Mon 11-02 + 15 h = 15:00 EST.
        data = run_json(capsys, "due", "--at", "2026-10-30T15:00-04:00", "--voicemail")
        assert_iso(data["due"], "2026-11-02T15:00-05:00")
        assert datetime.fromisoformat(data["due"]).utcoffset() == timedelta(hours=-5)


class TestPolicyOption:
    def test_policy_file_is_used(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        # Deadline Mon 15:00; the 08–09 window (practice's zone: the client's is unknown) ->
        # due Mon 09:00, earliest Mon 08:00.
        path = policy_file(tmp_path)
        data = run_json(capsys, "due", "--at", FRIDAY_3PM, "--policy", path)
        assert data["required"] is True  # this policy has no voicemail gate
        assert_iso(data["due"], "2026-11-23T09:00-05:00")
        assert_iso(data["earliest"], "2026-11-23T08:00-05:00")

    def test_policy_name_is_printed(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        out = run(capsys, "due", "--at", FRIDAY_3PM, "--policy", policy_file(tmp_path))
        assert line(out, "policy") == "Lakeside Therapy (America/New_York)"
        assert line(out, "due") == "Mon 2026-11-23 09:00 EST"

    def test_client_zone(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        # 08:00–09:00 Los Angeles = 11:00–12:00 New York.
        path = policy_file(tmp_path)
        data = run_json(
            capsys,
            "due",
            "--at",
            FRIDAY_3PM,
            "--policy",
            path,
            "--client-zone",
            "America/Los_Angeles",
        )
        assert_iso(data["due"], "2026-11-23T12:00-05:00")
        assert_iso(data["earliest"], "2026-11-23T11:00-05:00")

    def test_json_policy_file(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        text = json.dumps(
            {"zone": "America/New_York", "rules": [{"kind": "turnaround", "within": "PT2H"}]}
        )
        path = policy_file(tmp_path, text, "short.json")
        data = run_json(capsys, "due", "--at", FRIDAY_3PM, "--policy", path)
        assert_iso(data["due"], "2026-11-20T17:00-05:00")

    def test_answers_in_the_policys_zone(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        # Fri 15:00 EST = 20:00 GMT; + 24 h (nothing skipped) = Sat 20:00 GMT.
        text = 'zone = "Europe/London"\n[[rules]]\nkind = "turnaround"\nwithin = "PT24H"\n'
        path = policy_file(tmp_path, text, "london.toml")
        out = run(capsys, "due", "--at", FRIDAY_3PM, "--policy", path)
        assert line(out, "due") == "Sat 2026-11-21 20:00 GMT"


# --- bad input ----------------------------------------------------------------------------------


class TestBadInput:
    def test_naive_time(self, capsys: pytest.CaptureFixture[str]) -> None:
        err = fails(capsys, "due", "--at", "2026-11-20T15:00")
        assert "--at" in err
        assert "2026-11-20T15:00" in err
        assert "offset" in err

    @pytest.mark.parametrize("garbage", ["tomorrow", "2026-13-45T15:00-05:00", ""])
    def test_garbage_time(self, capsys: pytest.CaptureFixture[str], garbage: str) -> None:
        err = fails(capsys, "due", "--at", garbage)
        assert "--at" in err

    def test_missing_time(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert "--at" in fails(capsys, "due", "--voicemail")

    def test_unknown_urgency(self, capsys: pytest.CaptureFixture[str]) -> None:
        err = fails(capsys, "due", "--at", FRIDAY_3PM, "--urgency", "panic")
        assert "--urgency" in err
        assert "panic" in err

    def test_unknown_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        fails(capsys, "when", "--at", FRIDAY_3PM)

    def test_no_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        fails(capsys)

    def test_missing_policy_file(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        path = str(tmp_path / "nowhere.toml")
        err = fails(capsys, "due", "--at", FRIDAY_3PM, "--policy", path)
        assert path in err
        assert "does not exist" in err

    def test_bad_policy_field(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        text = 'zone = "America/New_York"\n[[rules]]\nkind = "turnaround"\nwithin = "PT0S"\n'
        path = policy_file(tmp_path, text, "practice.toml")
        err = fails(capsys, "due", "--at", FRIDAY_3PM, "--policy", path)
        assert path in err
        assert "rules[0].within" in err

    def test_several_bad_fields_still_one_line(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        text = (
            'zone = "America/New_York"\ncolour = "teal"\n'
            '[[rules]]\nkind = "turnaround"\nwithin = "PT0S"\n'
        )
        path = policy_file(tmp_path, text, "practice.toml")
        err = fails(capsys, "due", "--at", FRIDAY_3PM, "--policy", path)
        assert "colour" in err
        assert "rules[0].within" in err

    def test_bad_toml(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        path = policy_file(tmp_path, "zone = \n", "broken.toml")
        err = fails(capsys, "due", "--at", FRIDAY_3PM, "--policy", path)
        assert "TOML" in err

    def test_unknown_client_zone(self, capsys: pytest.CaptureFixture[str]) -> None:
        err = fails(capsys, "due", "--at", FRIDAY_3PM, "--client-zone", "Mars/Olympus_Mons")
        assert "Mars/Olympus_Mons" in err


# --- the installed console script ----------------------------------------------------------


class TestConsoleScript:
    script = Path(sys.executable).parent / "contact-policy"

    def test_installed_entry_point(self) -> None:
        assert self.script.exists(), f"{self.script} is not installed"
        done = subprocess.run(  # noqa: S603 - a fixed argument list, no shell
            [str(self.script), "due", "--at", FRIDAY_3PM, "--voicemail", "--json"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)
        assert data["required"] is True
        assert_iso(data["due"], "2026-11-23T15:00-05:00")

    def test_installed_entry_point_bad_input(self) -> None:
        done = subprocess.run(  # noqa: S603 - a fixed argument list, no shell
            [str(self.script), "due", "--at", "2026-11-20T15:00"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2
        assert done.stdout == ""
        assert "Traceback" not in done.stderr
        assert done.stderr.count("\n") == 1
        assert "--at" in done.stderr


# --- greeting and --version (the contract's names) ---------------------------------------------


def test_greeting_is_describe_greeting(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = policy_file(tmp_path)
    for extra in ((), ("--name", "Dr. Alvarez"), ("--policy", path)):
        assert run(capsys, "greeting", *extra) == run(capsys, "describe", "--greeting", *extra)
    data = run_json(capsys, "greeting", "--name", "Dr. Alvarez")
    assert data["format"] == "greeting"
    assert data["text"].startswith("You have reached Dr. Alvarez.")
    assert "Traceback" not in fails(capsys, "greeting", "--markdown")


def test_version_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    import contact_policy

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"contact-policy {contact_policy.__version__}\n"
