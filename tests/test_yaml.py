"""YAML policy files (the ``yaml`` extra): read like TOML and JSON, safely (SafeLoader only,
no aliases, duplicate keys and nesting checked, one document), with YAML 1.2's plain scalars;
a clear error naming the extra when PyYAML is missing; and every drawn policy and history
dumped to YAML, JSON and TOML loads back equal."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contact_policy import (
    ContactPolicyError,
    LimitExceededError,
    Policy,
    PolicyFileError,
    PolicyHistory,
    PolicyValidationError,
    default_policy,
    load_policy,
    parse_policy,
)
from contact_policy.loading import check_file
from contact_policy.testing import histories, policies

from .writers import to_toml

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_YAML = """
# The default policy, written in YAML.
name: Solo practice default
zone: America/New_York
holidays: [US]
emergency:
  contacts:
    - label: After-hours on-call clinician
      number: "+1-555-010-0199"
rules:
  - kind: turnaround
    clock: hours
    within: PT24H
    skip: [sat, sun, holidays]
  - kind: voicemail_gate
    channels: [call]
  - kind: no_calls_during_sessions
  - kind: after_hours
    route: voicemail
    hours:
      mon-fri: [[09:00, 17:00]]
"""


def load(text: str, origin: str = "p.yaml") -> Any:
    return parse_policy(textwrap.dedent(text), format="yaml", origin=origin)


class TestReading:
    def test_the_default_policy(self) -> None:
        assert load(DEFAULT_YAML) == default_policy()

    @pytest.mark.parametrize("suffix", [".yaml", ".yml", ".YAML"])
    def test_by_suffix(self, tmp_path: Path, suffix: str) -> None:
        path = tmp_path / f"policy{suffix}"
        path.write_text(DEFAULT_YAML, encoding="utf-8")
        assert load_policy(path) == default_policy()

    def test_by_format(self, tmp_path: Path) -> None:
        path = tmp_path / "policy.txt"
        path.write_text(DEFAULT_YAML, encoding="utf-8")
        assert load_policy(path, format="yaml") == default_policy()

    def test_bytes(self) -> None:
        text = DEFAULT_YAML.encode("utf-8")
        assert parse_policy(b"\xef\xbb\xbf" + text, format="yaml") == default_policy()

    def test_a_history_with_dates_and_a_yaml_policy_file(self, tmp_path: Path) -> None:
        (tmp_path / "summer.yml").write_text(DEFAULT_YAML, encoding="utf-8")
        path = tmp_path / "history.yaml"
        path.write_text(
            textwrap.dedent(
                """
                notice: P30D
                versions:
                  - effective: 2026-01-01
                    announced: 2025-12-01
                    policy: {zone: America/New_York}
                  - effective: 2026-06-01T09:00:00-04:00
                    announced: 2026-04-15
                    policy: summer.yml
                """
            ),
            encoding="utf-8",
        )
        history = load_policy(path)
        assert isinstance(history, PolicyHistory)
        assert history.versions[1].policy == default_policy()
        assert history.versions[0].effective.isoformat() == "2026-01-01T00:00:00-05:00"

    def test_special_hours_keyed_by_dates(self) -> None:
        policy = load(
            """
            zone: UTC
            rules:
              - kind: operating_hours
                hours: {mon-fri: ["09:00-17:00"]}
                special_hours: {2026-12-24: [["09:00", "12:00"]], 2026-12-31: []}
            """
        )
        assert [s.date.isoformat() for s in policy.rules[0].special_hours] == [
            "2026-12-24",
            "2026-12-31",
        ]

    def test_errors_name_the_file_and_field(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^p\.yaml: rules\[0\]\.within: ") as info:
            load("zone: UTC\nrules:\n  - {kind: turnaround, within: PT0S}\n")
        assert info.value.path == "rules[0].within"


class TestScalars:
    """YAML 1.2's plain scalars, where YAML 1.1 (PyYAML's default) would surprise."""

    def test_times_of_day_are_text(self) -> None:
        policy = load(
            "zone: UTC\nrules:\n  - kind: operating_hours\n    hours: {mon: [[17:00, 23:30]]}\n"
        )
        assert str(policy.rules[0].hours.mon[0]) == "17:00–23:30"

    def test_norway_is_a_country(self) -> None:
        assert load("zone: UTC\nholidays: [NO]\n").holidays == ("NO",)

    def test_only_true_and_false_are_booleans(self) -> None:
        assert load("zone: UTC\nreturn_must_reach: true\n").return_must_reach is True
        with pytest.raises(
            PolicyValidationError, match=r"return_must_reach: expected true or false \(got 'yes'\)"
        ):
            load("zone: UTC\nreturn_must_reach: yes\n")

    def test_numbers_and_null(self) -> None:
        policy = load(
            "zone: UTC\ndue_soon_at: 0.5\nemergency: ~\n"
            "rules:\n  - {kind: frequency, limit: 4, period: 604800}\n"
        )
        assert policy.due_soon_at == 0.5
        assert policy.emergency is None
        assert policy.rules[0].period.days == 7

    def test_keys_are_text(self) -> None:
        with pytest.raises(PolicyValidationError, match=r"^p\.yaml: 1: unknown field"):
            load("zone: UTC\n1: x\n")


class TestSafety:
    def test_no_object_construction(self, tmp_path: Path) -> None:
        marker = tmp_path / "ran"
        text = f'zone: !!python/object/apply:os.system ["touch {marker}"]\n'
        with pytest.raises(PolicyFileError, match="could not determine a constructor"):
            load(text)
        assert not marker.exists()

    @pytest.mark.parametrize(
        "text",
        [
            "zone: !!python/name:os.system\n",
            "zone: !!python/object:collections.OrderedDict {}\n",
            "zone: !custom UTC\n",
        ],
    )
    def test_other_tags(self, text: str) -> None:
        with pytest.raises(PolicyFileError, match="not valid YAML"):
            load(text)

    def test_an_alias_bomb_is_refused_at_once(self) -> None:
        lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
        started = time.process_time()
        with pytest.raises(PolicyFileError, match=r"^p\.yaml: an alias \(\*a0\) is not allowed"):
            load("zone: UTC\n" + "\n".join(lines) + "\n")
        assert time.process_time() - started < 0.5

    def test_merge_keys(self) -> None:
        with pytest.raises(PolicyFileError, match="an alias"):
            load("base: &b {zone: UTC}\n<<: *b\n")
        with pytest.raises(PolicyFileError, match=r"merge keys \(<<\) are not allowed"):
            load("<<: {zone: UTC}\n")

    def test_an_anchor_alone_is_harmless(self) -> None:
        assert load("zone: &z UTC\n").zone == "UTC"

    def test_duplicate_keys(self) -> None:
        with pytest.raises(
            PolicyFileError,
            match=r"^p\.yaml: rules\[0\]\.within is given twice \('PT1H', then 'PT2H'\)",
        ):
            load("zone: UTC\nrules:\n  - kind: turnaround\n    within: PT1H\n    within: PT2H\n")

    def test_nesting(self) -> None:
        with pytest.raises(LimitExceededError, match="32 levels"):
            load("zone: UTC\nname: " + "[" * 40 + "]" * 40 + "\n")
        with pytest.raises(LimitExceededError, match="32 levels"):
            load("zone: UTC\nname:\n" + "".join("  " * i + "- \n" for i in range(1, 40)))

    def test_size(self) -> None:
        with pytest.raises(LimitExceededError, match="limited to 10 bytes"):
            parse_policy("zone: UTC\nname: long\n", format="yaml", max_bytes=10)

    @pytest.mark.parametrize(
        ("text", "match"),
        [
            ("zone: UTC\n---\nzone: UTC\n", "expected a single document"),
            ("", "not nothing"),
            ("- zone\n", "not list"),
            ("zone: UTC\n\tname: x\n", "not valid YAML"),
            ("zone: UTC\nname: 2026-13-45\n", "not valid YAML: month must be in 1..12"),
            ("zone: x\x08\n", r"U\+0008"),
            ("zone: UTC\n? [a, b]\n: x\n", "a key must be text, not a list"),
            ("zone: [\n", "not valid YAML"),
        ],
    )
    def test_unreadable(self, text: str, match: str) -> None:
        with pytest.raises(PolicyFileError, match=match):
            load(text)

    def test_lines_of_unreadable_files(self, tmp_path: Path) -> None:
        path = tmp_path / "p.yaml"
        path.write_text("zone: UTC\nrules:\n  - kind: voicemail_gate\n    x: *nothing\n")
        (problem,) = check_file(path)
        assert (problem.line, problem.code) == (4, "policy_file")

    @given(
        st.lists(
            st.sampled_from(
                [
                    "zone",
                    ":",
                    " ",
                    "\n",
                    "- ",
                    "[",
                    "]",
                    "{",
                    "}",
                    ",",
                    "&a",
                    "*a",
                    "!!str",
                    "'",
                    '"',
                    "rules",
                    "kind",
                    "turnaround",
                    "09:00",
                    "PT1H",
                    "<<",
                    "? ",
                    "#",
                    "---",
                    "\t",
                    "~",
                    "2026-12-24",
                    "yes",
                    "1e3",
                    "\\",
                ]
            ),
            max_size=40,
        ).map("".join)
    )
    def test_yaml_shaped_text_raises_only_our_errors(self, text: str) -> None:
        try:
            result = parse_policy(text, format="yaml")
        except ContactPolicyError:
            return
        assert type(result).model_validate(result.model_dump()) == result


class TestWithoutTheExtra:
    def test_a_clear_error(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from contact_policy import _yaml

        _yaml._loader.cache_clear()
        monkeypatch.setitem(sys.modules, "yaml", None)  # import yaml now fails
        try:
            with pytest.raises(
                PolicyFileError,
                match=r"^p\.yaml: reading a YAML policy file needs PyYAML: "
                r"pip install 'contact-policy\[yaml\]'$",
            ) as info:
                load("zone: UTC\n")
            assert info.value.path == "format"
            # TOML and JSON need nothing more
            assert parse_policy('{"zone": "UTC"}', format="json").zone == "UTC"
        finally:
            _yaml._loader.cache_clear()

    def test_check_file_reports_it(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        from contact_policy import _yaml

        path = tmp_path / "p.yml"
        path.write_text("zone: UTC\n")
        _yaml._loader.cache_clear()
        monkeypatch.setitem(sys.modules, "yaml", None)
        try:
            (problem,) = check_file(path)
        finally:
            _yaml._loader.cache_clear()
        assert "pip install 'contact-policy[yaml]'" in problem.message
        assert problem.path == ""  # the file's format, not a field of it ("p.yml format: ...")
        assert problem.line is None

    def test_importing_the_library_does_not_import_yaml(self) -> None:
        code = (
            "import sys\nimport contact_policy\nfrom contact_policy import default_policy, "
            "load_policy\nfrom contact_policy.loading import check_file\n"
            "default_policy()\nassert 'yaml' not in sys.modules, 'yaml imported'\n"
            "print('ok')\n"
        )
        out = subprocess.run(  # noqa: S603 - our own interpreter running our own snippet
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        assert out == "ok\n"


class TestRoundTrips:
    """Any drawn policy or history dumped to YAML, JSON or TOML loads back equal (the library
    writes no YAML or TOML of its own: YAML via yaml.safe_dump of the JSON-mode dump, TOML via
    tests/writers.py)."""

    @given(policies())
    def test_policies(self, policy: Policy) -> None:
        data = policy.model_dump(mode="json")
        assert parse_policy(yaml.safe_dump(data), format="yaml") == policy
        assert parse_policy(json.dumps(data), format="json") == policy
        assert parse_policy(policy.model_dump_json(), format="json") == policy
        exclude_none = policy.model_dump(mode="json", exclude_none=True)
        assert parse_policy(to_toml(exclude_none), format="toml") == policy

    @given(histories(max_versions=3))
    def test_histories(self, history: PolicyHistory) -> None:
        data = history.model_dump(mode="json")
        assert parse_policy(yaml.safe_dump(data), format="yaml") == history
        assert parse_policy(history.model_dump_json(), format="json") == history
        exclude_none = history.model_dump(mode="json", exclude_none=True)
        assert parse_policy(to_toml(exclude_none), format="toml") == history

    @given(policies())
    def test_yaml_in_its_block_style(self, policy: Policy) -> None:
        text = yaml.safe_dump(policy.model_dump(mode="json"), default_flow_style=False)
        assert parse_policy(text, format="yaml") == policy

    def test_the_examples(self) -> None:
        for path in (ROOT / "docs" / "examples").glob("*.toml"):
            value = load_policy(path)
            again = parse_policy(yaml.safe_dump(value.model_dump(mode="json")), format="yaml")
            assert again == value
