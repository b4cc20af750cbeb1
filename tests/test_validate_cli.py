"""``contact-policy validate FILE...`` and ``check_file``: every problem of each file, each as
``FILE:LINE PATH: MESSAGE`` (the line found by a light scan of TOML and JSON text, or YAML's
node marks), exit status 0 or 2, ``--json`` for machines; unknown fields suggest the nearest
known name; and the locator on its own (contact_policy._locate)."""

from __future__ import annotations

import json
import re
import textwrap
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from contact_policy import (
    Policy,
    PolicyFileError,
    PolicyValidationError,
    default_policy,
    parse_policy,
)
from contact_policy._locate import json_lines, line_of, split_path, toml_lines
from contact_policy.cli import main
from contact_policy.loading import FileProblem, check_file
from contact_policy.testing import histories, policies

from .writers import to_toml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def validate(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["validate", *argv])
    out, err = capsys.readouterr()
    return status, out, err


#: The issue's example: a file whose rules[2] has a bad span on Tuesday, on line 14.
ISSUE = """
name = "Riverside"
zone = "America/New_York"
holidays = ["US"]

[[rules]]
kind = "turnaround"
within = "PT24H"

[[rules]]
kind = "voicemail_gate"

[[rules]]
kind = "operating_hours"
hours.tue = [["09:00", "17:00"], ["08:00", "10:00"]]
"""


class TestLines:
    def test_the_issues_example(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = write(tmp_path, "policy.toml", ISSUE)
        status, out, _ = validate(capsys, str(path))
        assert status == 2
        assert out == (
            f"{path}:14 rules[2].hours.tue[0]: 09:00–17:00 overlaps 08:00–10:00; merge them "
            "into one interval\n"
        )

    def test_every_problem_each_on_its_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = write(
            tmp_path,
            "policy.toml",
            """
            zone = "America/New_York"
            holiday = ["US"]

            [[rules]]
            kind = "turnaround"
            within = "PT0S"

            [[rules]]
            kind = "callback_window"
            zone = "praktice"
            [rules.hours]
            mon-fri = [
              ["08:00", "09:00"],
              ["8am", "10:00"],
            ]

            [[emergency.contacts]]
            label = ""
            number = "+1-555-010-0199"
            """,
        )
        status, out, err = validate(capsys, str(path))
        assert status == 2
        assert [line.split(" ", 1)[0] for line in out.splitlines()] == [
            f"{path}:2",
            f"{path}:6",
            f"{path}:10",
            f"{path}:14",
            f"{path}:18",
        ]
        assert "holiday: unknown field; did you mean 'holidays'?" in out
        assert "rules[0].within: " in out
        assert "rules[1].zone: must be one of 'practice' or 'client'" in out
        assert "rules[1].hours.mon[1].start: '8am' is not a time of day" in out
        assert "emergency.contacts[0].label: must have at least 1 character(s)" in out
        # the span under mon-fri is one problem, not one a day
        assert out.count("'8am'") == 1
        assert err == "contact-policy: 5 problems in 1 of 1 file\n"

    def test_json_files(self, tmp_path: Path) -> None:
        path = write(
            tmp_path,
            "policy.json",
            """
            {
              "zone": "America/New_York",
              "rules": [
                {"kind": "turnaround", "within": "PT24H"},
                {"kind": "turnaround",
                 "within": "PT48H",
                 "urgency": ["routine"]},
                {"kind": "after_hours"}
              ]
            }
            """,
        )
        problems = check_file(path)
        assert [(p.line, p.path) for p in problems] == [
            (7, "rules[1].urgency"),
            (8, "rules[2].hours"),
        ]
        assert problems[0].message.startswith("'routine' already has a turnaround (rules[0]")

    def test_yaml_files(self, tmp_path: Path) -> None:
        pytest.importorskip("yaml")
        path = write(
            tmp_path,
            "policy.yaml",
            """
            zone: America/New_York
            rules:
              - kind: turnaround
                within: PT24H
                skip: [sat, sun, holydays]
              - kind: operating_hours
                hours:
                  mon-fri:
                    - ["09:00", "17:00"]
                    - ["16:00", "18:00"]
            """,
        )
        problems = check_file(path)
        assert [(p.line, p.path) for p in problems] == [
            (5, "rules[0].skip[2]"),
            (10, "rules[1].hours.mon[1]"),
        ]

    def test_a_problem_without_a_line_of_its_own(self, tmp_path: Path) -> None:
        path = write(tmp_path, "policy.toml", '[[rules]]\nkind = "voicemail_gate"\n')
        (problem,) = check_file(path)
        assert problem == FileProblem(
            str(path), None, "zone", "is required; add it", "invalid_value"
        )
        assert str(problem) == f"{path} zone: is required; add it"

    def test_a_missing_field_of_a_rule_is_at_the_rule(self, tmp_path: Path) -> None:
        path = write(tmp_path, "policy.toml", 'zone = "UTC"\n\n[[rules]]\nkind = "frequency"\n')
        assert [(p.line, p.path) for p in check_file(path)] == [
            (3, "rules[0].limit"),
            (3, "rules[0].period"),
        ]


class TestFileProblems:
    @pytest.mark.parametrize(
        ("name", "text", "line", "start"),
        [
            ("p.toml", 'zone = "UTC"\nname = \n', 2, "not valid TOML: "),
            ("p.json", '{"zone": "UTC",\n "rules": [}\n', 2, "not valid JSON: "),
            ("p.json", "[1, 2]", None, "a policy is a table/object at the top level, not list"),
        ],
    )
    def test_unreadable(
        self, tmp_path: Path, name: str, text: str, line: int | None, start: str
    ) -> None:
        (problem,) = check_file(write(tmp_path, name, text))
        assert problem.line == line
        assert problem.path == ""
        assert problem.message.startswith(start)
        assert problem.code == "policy_file"

    @pytest.mark.parametrize(
        ("text", "line", "path", "lines"),
        [
            ('zone = "UTC"\nzone = "UTC"\n', 2, "zone", (1, 2)),
            (
                'zone = "UTC"\n[[rules]]\nkind = "turnaround"\nwithin = "PT1H"\nwithin = "PT2H"\n',
                5,
                "rules[0].within",
                (4, 5),
            ),
            (
                '[emergency]\ninstructions = "a"\n\ninstructions = "b"\n',
                4,
                "emergency.instructions",
                (2, 4),
            ),
        ],
    )
    def test_a_toml_key_given_twice_is_named(
        self, tmp_path: Path, text: str, line: int, path: str, lines: tuple[int, int]
    ) -> None:
        # tomllib says only "Cannot overwrite a value"; JSON and YAML name the key, so TOML does.
        detail = f"is given twice (line {lines[0]}, then line {lines[1]}); give each field once"
        (problem,) = check_file(write(tmp_path, "p.toml", text))
        assert (problem.line, problem.path, problem.message) == (line, path, detail)
        with pytest.raises(
            PolicyFileError, match=r"^p\.toml: " + re.escape(f"{path} {detail}")
        ) as info:
            parse_policy(text, format="toml", origin="p.toml")
        assert info.value.path == path

    def test_every_key_given_twice(self, tmp_path: Path) -> None:
        path = write(
            tmp_path,
            "p.json",
            '{"zone": "UTC",\n "name": "a",\n "rules": [{"kind": "voicemail_gate", "kind": "x"}],'
            '\n "name": "b"}\n',
        )
        problems = check_file(path)
        assert [(p.path, p.code) for p in problems] == [
            ("name", "policy_file"),
            ("rules[0].kind", "policy_file"),
            ("rules[0].kind", "invalid_value"),
        ]
        assert problems[0].message == "is given twice ('a', then 'b'); give each field once"

    def test_missing_file_and_unknown_suffix(self, tmp_path: Path) -> None:
        (missing,) = check_file(tmp_path / "none.toml")
        assert "does not exist" in missing.message
        (suffix,) = check_file(write(tmp_path, "p.ini", 'zone = "UTC"\n'))
        assert "cannot tell its format from the suffix '.ini'" in suffix.message
        (named,) = check_file(write(tmp_path, "p.txt", "{"), format="json")
        assert named.message.startswith("not valid JSON")

    def test_size_and_depth(self, tmp_path: Path) -> None:
        (big,) = check_file(write(tmp_path, "p.toml", 'zone = "UTC"\n'), max_bytes=5)
        assert big.code == "limit_exceeded"
        assert big.message.startswith("a policy file is limited to 5 bytes")
        deep = write(tmp_path, "d.json", '{"zone": "UTC", "name": ' + "[" * 40 + "]" * 40 + "}")
        (nested,) = check_file(deep)
        assert nested.code == "limit_exceeded"
        assert "32 levels" in nested.message

    def test_valid_files_have_none(self) -> None:
        for path in EXAMPLES.glob("*.toml"):
            assert check_file(path) == ()

    def test_a_bad_source_is_an_error(self) -> None:
        with pytest.raises(PolicyFileError, match="source=''"):
            check_file("")


class TestHistories:
    def test_problems_in_a_named_policy_file_are_that_files(self, tmp_path: Path) -> None:
        write(
            tmp_path,
            "summer.toml",
            'zone = "America/New_York"\n\n[[rules]]\nkind = "turnaround"\nwithin = "-PT1H"\n',
        )
        history = write(
            tmp_path,
            "history.toml",
            """
            [[versions]]
            effective = 2026-01-01
            announced = 2025-12-01
            [versions.policy]
            zone = "America/New_York"

            [[versions]]
            effective = 2026-06-01
            announced = 2026-05-20
            policy = "summer.toml"

            [[versions]]
            effective = 2026-09-01
            announced = 2026-08-01
            policy = "missing.toml"
            """,
        )
        problems = check_file(history)
        assert [(Path(p.file).name, p.line, p.path) for p in problems] == [
            ("summer.toml", 5, "rules[0].within"),
            ("history.toml", 15, "versions[2].policy"),
        ]
        assert "does not exist" in problems[1].message

    def test_history_problems_have_lines(self, tmp_path: Path) -> None:
        text = (EXAMPLES / "history.toml").read_text(encoding="utf-8")
        text = text.replace(
            "announced = 2026-12-01          # 34 days' notice", "announced = 2026-12-30"
        )
        for name in ("lakeside-summer-2027.toml",):
            (tmp_path / name).write_text((EXAMPLES / name).read_text(encoding="utf-8"))
        path = write(tmp_path, "history.toml", text)
        (problem,) = check_file(path)
        assert problem.path == "versions[1].announced"
        assert problem.line == 42
        assert "5 days' notice, 30 required" in problem.message


class TestCommand:
    def test_valid_files(self, capsys: pytest.CaptureFixture[str]) -> None:
        files = [str(p) for p in sorted(EXAMPLES.glob("*.toml"))]
        status, out, err = validate(capsys, *files)
        assert status == 0
        assert out.splitlines() == [f"{f}: valid" for f in files]
        assert err == ""

    def test_some_valid_some_not(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        bad = write(tmp_path, "bad.toml", 'zone = "UTC"\nholidays = "XX"\n')
        good = EXAMPLES / "history.toml"
        status, out, err = validate(capsys, str(good), str(bad))
        assert status == 2
        assert out.splitlines()[0] == f"{good}: valid"
        assert out.splitlines()[1].startswith(f"{bad}:2 holidays: 'XX' is not a holiday country")
        assert err == "contact-policy: 1 problem in 1 of 2 files\n"

    def test_json(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        bad = write(tmp_path, "bad.toml", 'zone = "Mars/Olympus"\ncolour = "blue"\n')
        status, out, err = validate(capsys, str(bad), str(EXAMPLES / "history.toml"), "--json")
        assert status == 2
        assert err == ""
        assert json.loads(out) == [
            {
                "file": str(bad),
                "line": 1,
                "path": "zone",
                "message": "'Mars/Olympus' is not a known IANA time zone; use a name such as "
                "'America/New_York' or 'Europe/London' (zoneinfo.available_timezones() lists "
                "them)",
                "code": "unknown_time_zone",
            },
            {
                "file": str(bad),
                "line": 2,
                "path": "colour",
                "message": "unknown field; the fields here are name, zone, holidays, rules, "
                "emergency, due_soon_at, return_must_reach",
                "code": "invalid_value",
            },
        ]

    def test_json_when_valid(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, _ = validate(capsys, str(EXAMPLES / "history.toml"), "--json")
        assert (status, json.loads(out)) == (0, [])

    def test_a_file_level_problem(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        bad = write(tmp_path, "bad.json", '{"zone": "UTC",\n "rules": [}\n')
        status, out, _ = validate(capsys, str(bad))
        assert status == 2
        assert out.startswith(f"{bad}:2: not valid JSON: ")

    def test_policy_option_joins_the_files(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        bad = write(tmp_path, "bad.toml", 'zone = "UTC"\nholiday = "US"\n')
        status, out, _ = validate(capsys, str(EXAMPLES / "history.toml"), "--policy", str(bad))
        assert status == 2
        assert f"{bad}:2 holiday: unknown field; did you mean 'holidays'?" in out

    def test_without_files_it_summarises_as_before(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status, out, _ = validate(capsys)
        assert status == 0
        assert out.startswith("valid:     the default policy: Solo practice default")
        status, out, _ = validate(capsys, "--json")
        assert json.loads(out)["valid"] is True


class TestUnknownFields:
    @pytest.mark.parametrize(
        ("doc", "path", "message"),
        [
            ({"zone": "UTC", "holiday": ["US"]}, "holiday", "did you mean 'holidays'?"),
            ({"zone": "UTC", "Zone": "UTC"}, "Zone", "did you mean 'zone'?"),
            (
                {"zone": "UTC", "rules": [{"kind": "turnaround", "within": "PT1H", "skp": []}]},
                "rules[0].skp",
                "did you mean 'skip'?",
            ),
            (
                {
                    "zone": "UTC",
                    "rules": [
                        {
                            "kind": "after_hours",
                            "rout": "voicemail",
                            "hours": {"mon": ["09:00-17:00"]},
                        }
                    ],
                },
                "rules[0].rout",
                "did you mean 'route'?",
            ),
            (
                {"zone": "UTC", "emergency": {"contacts": [{"lable": "x", "number": "1"}]}},
                "emergency.contacts[0].lable",
                "did you mean 'label'?",
            ),
            (
                {
                    "zone": "UTC",
                    "rules": [{"kind": "no_calls_during_sessions", "schedule": {"sesions": []}}],
                },
                "rules[0].schedule.sesions",
                "did you mean 'sessions'?",
            ),
            (
                {
                    "zone": "UTC",
                    "rules": [
                        {
                            "kind": "operating_hours",
                            "hours": {"mon": [{"start": "09:00", "ende": "17:00"}]},
                        }
                    ],
                },
                "rules[0].hours.mon[0].ende",
                "did you mean 'end'?",
            ),
        ],
    )
    def test_the_nearest_name(self, doc: dict[str, Any], path: str, message: str) -> None:
        with pytest.raises(PolicyValidationError) as info:
            Policy.model_validate(doc)
        assert (path, f"unknown field; {message}") in info.value.errors

    def test_in_a_history(self) -> None:
        from contact_policy import PolicyHistory

        doc = {"notise": "P30D", "versions": [{"policy": {"zone": "UTC"}, "efective": "x"}]}
        with pytest.raises(PolicyValidationError) as info:
            PolicyHistory.model_validate(doc)
        found = dict(info.value.errors)
        assert found["notise"] == "unknown field; did you mean 'notice'?"
        assert found["versions[0].efective"] == "unknown field; did you mean 'effective'?"

    def test_no_near_name_lists_the_fields(self) -> None:
        with pytest.raises(
            PolicyValidationError,
            match=r"^rules\[0\]\.xyz: unknown field; the "
            r"fields here are kind, name, channels, urgency$",
        ):
            Policy(zone="UTC", rules=[{"kind": "voicemail_gate", "xyz": 1}])

    def test_from_a_file_every_problem_is_kept(self) -> None:
        with pytest.raises(PolicyValidationError) as info:
            parse_policy('zone = "UTC"\nholiday = 1\ncolor = 2\n', format="toml", origin="p.toml")
        assert [p for p, _ in info.value.errors] == ["holiday", "color"]
        assert str(info.value).startswith("p.toml: holiday: unknown field; did you mean")


class TestPolicyChecks:
    def test_every_cross_rule_problem(self) -> None:
        doc = {
            "zone": "UTC",
            "rules": [
                {"kind": "turnaround", "within": "PT24H"},
                {"kind": "turnaround", "within": "PT4H", "urgency": ["urgent"]},
                {"kind": "after_hours"},
                {"kind": "turnaround", "clock": "business_hours", "within": "PT8H"},
            ],
        }
        with pytest.raises(PolicyValidationError) as info:
            Policy.model_validate(doc)
        assert [p for p, _ in info.value.errors] == [
            "rules[1].urgency",
            "rules[2].hours",
            "rules[3].clock",
            "rules[3].urgency",
        ]

    def test_one_problem_reads_as_before(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^rules\[0\]\.hours: after_hours needs"):
            Policy.model_validate({"zone": "UTC", "rules": [{"kind": "after_hours"}]})


class TestLocate:
    def test_split_path(self) -> None:
        assert split_path("rules[2].hours.tue[0]") == ("rules", 2, "hours", "tue", 0)
        assert split_path("") == ()

    def test_toml_strings_comments_and_inline_values(self) -> None:
        text = textwrap.dedent(
            '''
            name = "a [b] # c = d"   # a comment [x]
            "quoted key" = 'it is'
            notes = """
            line [1]
            "not = a key"
            """
            zone = "UTC"
            rules = [
              { kind = "turnaround", within = "PT1H" },  # one
              # a comment
              { kind = "operating_hours", hours = { mon-fri = ["09:00-17:00"] } },
            ]
            emergency.contacts = [{ label = "x", number = "1" }]
            '''
        ).lstrip("\n")
        tomllib.loads(text)  # the locator scans documents that parsed
        lines = toml_lines(text)
        assert lines[("zone",)] == 7
        assert lines[("rules", 0, "within")] == 9
        assert lines[("rules", 1, "hours", "mon-fri", 0)] == 11
        assert lines[("emergency", "contacts", 0, "number")] == 13
        assert lines[("quoted key",)] == 2
        assert ("line [1]",) not in lines

    def test_nested_arrays_of_tables(self) -> None:
        text = (EXAMPLES / "history.toml").read_text(encoding="utf-8")
        lines = toml_lines(text)
        assert line_of(lines, "versions[1].policy.rules[0].days") == 56
        assert line_of(lines, "versions[2].policy") == 73
        assert line_of(lines, "versions[0].policy.rules[2].hours.wed[0]") == 34
        assert line_of(lines, "nowhere") is None

    def test_json(self) -> None:
        text = json.dumps(
            {"zone": "UTC", "rules": [{"kind": "a", "hours": {"mon": [["1", "2"]]}}]}, indent=2
        )
        lines = json_lines(text)
        for path, line in lines.items():
            key = path[-1]
            shown = json.dumps(key) if isinstance(key, str) else None
            if shown is not None:
                assert shown in text.splitlines()[line - 1]

    def test_a_table_index_is_its_key_in_order(self) -> None:
        lines = toml_lines('[special_hours]\n2026-12-24 = []\n"2026-12-31" = ["09:00-12:00"]\n')
        assert line_of(lines, "special_hours[1].hours") == 3

    @given(policies())
    def test_every_path_of_a_json_policy(self, policy: Policy) -> None:
        data = policy.model_dump(mode="json")
        text = json.dumps(data, indent=1)
        assert set(json_lines(text)) == set(paths(data))

    @given(histories(max_versions=3))
    def test_every_path_of_a_toml_history(self, history: Any) -> None:
        data = history.model_dump(mode="json", exclude_none=True)
        assert set(toml_lines(to_toml(data))) == set(paths(data))


def paths(data: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key and index path of plain data."""
    out: list[tuple[Any, ...]] = []
    items: Any = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in items:
        out.append((*here, key))
        out += paths(value, (*here, key))
    return out


def test_the_default_policy_checks_clean() -> None:
    path = ROOT / "src" / "contact_policy" / "default_policy.toml"
    assert check_file(path) == ()
    assert default_policy().zone == "America/New_York"
